"""What the resolver knows of an entity, and the word sets its rules share (pronouns, determiners, gendered
words), so coref.py and descriptions.py read them from one place."""

from __future__ import annotations

from dataclasses import dataclass, field

from .records import Role, Span
from .salience import Sighting

PERSON_PRONOUNS = {"he", "she", "him", "her"}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "sir": "m", "dame": "f",
                    "lord": "m", "lady": "f"}  # fmt: skip
# gendered role words, as a title's last word (and "-woman"/"-man" endings: "spokeswoman", "congressman")
TITLE_GENDER = {"actress": "f", "actor": "m", "queen": "f", "king": "m", "wife": "f",
                "husband": "m", "mother": "f", "father": "m", "daughter": "f", "son": "m", "princess": "f",
                "prince": "m", "widow": "f", "widower": "m", "lady": "f"}  # fmt: skip
# kinship words a name may follow ("his wife Ivana") and a description may stand for ("His ex-wife")
KIN_WORDS = {"wife", "husband", "mother", "father", "son", "daughter", "brother", "sister", "widow", "widower"}
PLURAL_PRONOUNS = {"they", "them", "we"}
NEUTER_PRONOUNS = {"it"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our"}
SUBJECT_RELS = {"nsubj", "csubj"}
# things that carry a claim as a speaker does, beside evidence_sources.txt: the brief's kind "other"
DOCUMENT_NOUNS = {"ad", "advertisement", "statement", "memo", "letter", "transcript", "document", "video",
                  "website", "book", "article", "editorial", "tweet", "email", "release", "platform", "footage",
                  "account", "complaint", "lawsuit", "suit", "filing", "petition", "indictment", "story", "slide",
                  "return", "ruling", "commentary", "literature", "recording", "program", "column", "blog"}  # fmt: skip
QUANTITY_NOUNS = {"percent", "number", "majority", "minority", "half", "third", "quarter", "plurality"}
# words before a description's head that say nothing of who it is ("the *former* senator")
DESCRIPTION_FILLER = DETERMINERS | {"former", "current", "then", "new", "top", "longtime", "outgoing", "incoming",
                                    "embattled", "veteran", "same", "'s", "’s"}  # fmt: skip


@dataclass
class EntityState:
    """What the resolver knows of one entity while it walks the article."""

    id: str
    kind: str
    name: str
    name_tokens: int
    surname: str | None = None
    roles: list[Role] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    heads: set[str] = field(default_factory=set)
    last_speaker_pos: int = -1
    is_speaker: bool = False
    gender: str | None = None  # "m" | "f" when the article shows it (first name, honorific, gendered title)
    named: bool = False  # built from a proper name, not from a description or a pronoun
    sightings: list[Sighting] = field(default_factory=list)
    role_words: set[str] = field(default_factory=set)  # words of its titles, affiliations and party
    relations: set[str] = field(default_factory=set)  # kinship words the article names it by ("wife Ivana")

    def add_role(self, role: Role | None) -> None:
        if role is None or (role.title is None and role.affiliation is None):
            return
        for part in (role.title, role.affiliation):
            self.role_words.update((part or "").lower().replace("’s", "").replace("'s", "").split())
        for i, r in enumerate(self.roles):
            if r.title and role.title and r.title.lower() == role.title.lower():
                if r.affiliation is None and role.affiliation:
                    self.roles[i] = role
                return
            if r.title is None and role.title is None and r.affiliation == role.affiliation:
                return
        self.roles.append(role)

    def add_mention(self, span: Span) -> None:
        if all((m.start, m.end) != (span.start, span.end) for m in self.mentions):
            self.mentions.append(span)

    @property
    def best_role(self) -> Role | None:
        titled = [r for r in self.roles if r.title]
        if titled:
            # prefer a titled role with an affiliation
            with_aff = [r for r in titled if r.affiliation]
            return (with_aff or titled)[0]
        return self.roles[0] if self.roles else None


def gender_fits(entity: EntityState, gender: str | None) -> bool:
    """A pronoun of ``gender`` may refer to ``entity`` unless the article shows the other gender."""
    return gender is None or entity.gender is None or entity.gender == gender
