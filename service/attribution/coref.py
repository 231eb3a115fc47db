"""Speaker entities: names found in the article, and the mentions that point to them.

Resolution is deliberately simple and explainable, the way news text refers back to a speaker:
a surname → the fullest name with that surname; he/she → the most recent person speaker (then the most
recent person named as a subject outside any quotation); they/it → the most recent group or organisation;
"the army" → the earlier entity with the same head noun; "the head of state" / "the spokesperson" → the
entity that holds that title.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Doc, Word
from .lexicons import Lexicons
from .records import Role, Span
from .roles import affiliation_only, find_title, role_for_name, role_in_words

# Party labels before a name ("Libertarian Gary Johnson", "Republican Donald Trump") are not part of it.
PARTY_LABELS = {"republican", "democrat", "democratic", "libertarian", "independent", "green", "gop"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "lady"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "sir": "m", "dame": "f",
                    "lord": "m", "lady": "f"}  # fmt: skip
# gendered role words, as a title's last word (and "-woman"/"-man" endings: "spokeswoman", "congressman")
TITLE_GENDER = {"actress": "f", "actor": "m", "queen": "f", "king": "m", "wife": "f",
                "husband": "m", "mother": "f", "father": "m", "daughter": "f", "son": "m", "princess": "f",
                "prince": "m"}  # fmt: skip
PLURAL_PRONOUNS = {"they", "them", "we"}
NEUTER_PRONOUNS = {"it"}
# Of the roles a group's mention holds, only offices count as titles ("officials", "senators"); descriptive
# plurals ("experts", "leaders", "activists") are not titles of a group (the identity brief's rule).
GROUP_OFFICES = {"official", "senior official", "lawmaker", "senator", "representative", "legislator", "prosecutor",
                 "aide", "adviser", "advisor", "spokesman", "spokeswoman", "spokesperson", "minister", "governor",
                 "mayor", "judge", "diplomat", "commissioner", "regulator", "investigator", "negotiator", "staffer",
                 "speechwriter", "attorney", "lawyer", "economist", "analyst", "strategist", "pollster"}  # fmt: skip
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our"}


@dataclass
class NameMention:
    """A run of proper nouns, with any title in front split off."""

    first: int  # global word index of the name's first word
    last: int
    text: str
    role: Role | None
    kind_hint: str | None


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

    def add_role(self, role: Role | None) -> None:
        if role is None or (role.title is None and role.affiliation is None):
            return
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


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def name_runs(doc: Doc, lex: Lexicons) -> list[NameMention]:
    """Every run of proper nouns in the article, with leading titles and honorifics split off."""
    out: list[NameMention] = []
    words = doc.words
    i = 0
    while i < len(words):
        if words[i].upos != "PROPN" and not _capitalised_bridge(words, i):
            i += 1
            continue
        j = i
        while j + 1 < len(words) and words[j + 1].sent == words[i].sent and (
            words[j + 1].upos == "PROPN" or _capitalised_bridge(words, j + 1)
        ):
            j += 1
        # "White House": a capitalised adjective inside a name (demonyms stay out: they are affiliations)
        while (
            i - 1 >= 0
            and words[i - 1].upos == "ADJ"
            and words[i - 1].text[:1].isupper()
            and words[i - 1].sent == words[i].sent
            and doc.sentences[words[i].sent].first != i - 1
            and words[i - 1].text.lower() not in lex.demonyms
        ):
            i -= 1
        run = words[i : j + 1]
        out.extend(_split_run(doc, run, lex))
        i = j + 1
    return out


def _capitalised_bridge(words: list[Word], k: int) -> bool:
    """A capitalised word the tagger did not call a proper noun, inside a name: "President *Volodymyr*
    Zelensky" (a rare first name tagged NOUN). It must be followed by a proper noun in the same sentence."""
    w = words[k]
    return (
        w.upos in ("NOUN", "ADJ", "X")
        and w.text[:1].isupper()
        and w.text[1:2].islower()
        and k + 1 < len(words)
        and words[k + 1].upos == "PROPN"
        and words[k + 1].sent == w.sent
    )


def _split_run(doc: Doc, run: list[Word], lex: Lexicons) -> list[NameMention]:
    # "NATO Secretary General Jens Stoltenberg": the rightmost title with a name after it splits the run.
    title_span = None
    for end in range(len(run) - 2, -1, -1):
        for title in lex.titles:
            n = len(title)
            start = end - n + 1
            if start >= 0 and tuple(w.text.lower() for w in run[start : end + 1]) == title:
                title_span = (start, end)
                break
        if title_span:
            break
    name_words = run
    kind_hint = None
    if title_span:
        name_words = run[title_span[1] + 1 :]
        kind_hint = "person"
    elif find_title(run, lex) and find_title(run, lex) == (0, len(run) - 1):
        return []  # only a title ("Secretary General")
    while len(name_words) > 2 and name_words[0].text.lower() in PARTY_LABELS:
        name_words = name_words[1:]
        kind_hint = "person"
    while name_words and name_words[0].text.lower() in HONORIFICS:
        name_words = name_words[1:]
        kind_hint = "person"
    if not name_words:
        return []
    first, last = name_words[0].i, name_words[-1].i
    role = role_for_name(doc, first, last, lex)
    if role is not None and role.title:
        kind_hint = "person"
    text = doc.text[name_words[0].start : name_words[-1].end]
    return [NameMention(first, last, text, role, kind_hint)]


def name_kind(mention: NameMention, doc: Doc, lex: Lexicons) -> str:
    """person or organisation, from a name alone."""
    if mention.kind_hint:
        return mention.kind_hint
    words = doc.words[mention.first : mention.last + 1]
    if words[0].text.lower() in lex.first_names and len(words) >= 2:
        return "person"  # "Josh Earnest", "Jeh Johnson": a known first name before a surname
    if words[-1].text.lower().rstrip(".") in lex.place_words or doc.text[words[-1].end : words[-1].end + 1] == "-":
        return "organisation"  # "Pacific Ocean", "National Mall", "Terrorism Act", "EB-5": not a person
    if any(w.text.lower() in lex.organisations for w in words) or _is_acronym(mention.text):
        return "organisation"
    if mention.text.lower() in {v.lower() for v in lex.demonyms.values()}:
        return "organisation"
    if len(words) >= 2 and all(w.text[:1].isupper() and w.text.replace(".", "").isalpha() for w in words):
        return "person"
    return "organisation"


def _gender_fits(entity: EntityState, gender: str | None) -> bool:
    """A pronoun of ``gender`` may refer to ``entity`` unless the article shows the other gender."""
    return gender is None or entity.gender is None or entity.gender == gender


def _office(title: str | None) -> bool:
    words = (title or "").lower().split()
    return bool(words) and (words[-1].rstrip("s") in GROUP_OFFICES or words[-1] in GROUP_OFFICES)


def _same_person(known: str, name: str, first_word: str) -> bool:
    """Whether two full names with one surname are one person: the same first word ("Donald Trump", "Donald
    J. Trump"), or one name's words inside the other's."""
    known_words, words = known.lower().split(), name.lower().split()
    return known_words[0] == first_word or set(words) <= set(known_words) or set(known_words) <= set(words)


def _nearest_before(people: list[EntityState], offset: int) -> EntityState:
    """Of the people sharing a surname, the one named last before ``offset`` (else the first named after)."""
    before = [(max(m.start for m in e.mentions if m.start < offset), e) for e in people
              if any(m.start < offset for m in e.mentions)]  # fmt: skip
    if before:
        return max(before, key=lambda pair: pair[0])[1]
    return min(people, key=lambda e: min((m.start for m in e.mentions), default=10**12))


class Resolver:
    """Builds entities from the article's names and resolves speaker mentions to them, in text order."""

    def __init__(self, doc: Doc, lex: Lexicons):
        self.doc = doc
        self.lex = lex
        self.entities: list[EntityState] = []
        self.by_word: dict[int, EntityState] = {}
        self.names = name_runs(doc, lex)
        self._name_at: dict[int, NameMention] = {}
        for nm in self.names:
            for k in range(nm.first, nm.last + 1):
                self._name_at[k] = nm
        self._build_name_entities()

    # -- entities from names ---------------------------------------------------------------------------
    def _new(self, kind: str, name: str, tokens: int) -> EntityState:
        e = EntityState(id=f"e{len(self.entities) + 1}", kind=kind, name=name, name_tokens=tokens)
        self.entities.append(e)
        return e

    def _build_name_entities(self) -> None:
        # People named in full, by surname: several people may share one ("Jeh Johnson", "Gary Johnson").
        by_surname: dict[str, list[EntityState]] = {}
        others: dict[str, EntityState] = {}
        pending_single: list[NameMention] = []
        for nm in self.names:
            if nm.text.lower() in self.lex.time_words:
                continue  # "Monday", "January": a capitalised time word names no one
            kind = name_kind(nm, self.doc, self.lex)
            ntok = nm.last - nm.first + 1
            if kind == "person" and ntok >= 2:
                key = self.doc.words[nm.last].text.lower()
                first = self.doc.words[nm.first].text.lower()
                same = [e for e in by_surname.get(key, []) if _same_person(e.name, nm.text, first)]
                if same:
                    e = same[0]
                    if ntok > e.name_tokens:
                        e.name, e.name_tokens = nm.text, ntok
                else:
                    e = self._new("person", nm.text, ntok)
                    e.surname = key
                    by_surname.setdefault(key, []).append(e)
                self._attach(e, nm)
            else:
                pending_single.append(nm)
        # first names of the people named in full ("Donald" for Donald Trump), when only one person has it
        first_names: dict[str, list[EntityState]] = {}
        for people in by_surname.values():
            for e in people:
                first_names.setdefault(e.name.split()[0].lower(), []).append(e)
        for nm in pending_single:
            ntok = nm.last - nm.first + 1
            key = self.doc.words[nm.last].text.lower()
            if key in by_surname:
                self._attach(_nearest_before(by_surname[key], self.doc.words[nm.first].start), nm)
                continue
            if ntok == 1 and len(first_names.get(key, [])) == 1:
                self._attach(first_names[key][0], nm)
                continue
            kind = name_kind(nm, self.doc, self.lex)
            key = nm.text.lower()
            e = others.get(key)
            if e is None:
                e = others[key] = self._new(kind, nm.text, ntok)
                if kind == "person":
                    e.surname = self.doc.words[nm.last].text.lower()
                    by_surname.setdefault(e.surname, []).append(e)
            self._attach(e, nm)

    def _attach(self, e: EntityState, nm: NameMention) -> None:
        e.add_role(nm.role)
        if e.gender is None:
            e.gender = self._gender_of(nm)
        e.add_mention(Span(nm.text, self.doc.words[nm.first].start, self.doc.words[nm.last].end))
        for k in range(nm.first, nm.last + 1):
            self.by_word[k] = e

    def _gender_of(self, nm: NameMention) -> str | None:
        """The gender a name mention shows: an honorific before it, a known first name, a gendered title."""
        words = self.doc.words
        for k in (nm.first - 1, nm.first - 2):
            if k >= 0 and words[k].sent == words[nm.first].sent and words[k].text.lower() in HONORIFIC_GENDER:
                return HONORIFIC_GENDER[words[k].text.lower()]
        gender = self.lex.first_names.get(words[nm.first].text.lower())
        if gender:  # "Melanie" alone, or a first name before a surname
            return gender
        last = ((nm.role.title or "").lower().split() or [""])[-1] if nm.role else ""
        if last in TITLE_GENDER:
            return TITLE_GENDER[last]
        if last.endswith("woman"):  # spokeswoman, congresswoman
            return "f"
        return "m" if last.endswith("man") and last not in ("chairman", "human") else None

    def person_by_surname(self, surname: str) -> EntityState | None:
        """The person entity the article names with this surname, if any (for a name the tagger missed)."""
        key = surname.lower()
        found = [e for e in self.entities if e.kind == "person" and e.surname == key]
        return found[0] if len(found) == 1 else None

    # -- resolving speaker mentions --------------------------------------------------------------------
    def resolve(self, mention: list[Word], head: Word, excluded: list[tuple[int, int]]) -> EntityState:
        """The entity a speaker mention refers to (a new one when nothing earlier fits)."""
        span = Span(self.doc.text[mention[0].start : mention[-1].end], mention[0].start, mention[-1].end)
        role = role_in_words(self.doc, mention, self.lex, self.by_word)
        speaking = self._speaking_part(mention)
        named = [self.by_word[w.i] for w in speaking if w.i in self.by_word]
        if (
            named
            and head.upos == "NOUN"
            and head.i not in self.by_word
            and all(w.i < head.i for w in speaking if w.i in self.by_word)
            and not self.lex.is_title([head.text])
        ):
            # "the Rove ad", "the Clinton campaign": the name only modifies the thing that speaks
            named = []
        entity: EntityState | None = None
        if named:
            persons = [e for e in named if e.kind == "person"]
            if persons:
                entity = persons[-1]
            else:
                at_head = [self.by_word[head.i]] if head.i in self.by_word else []
                entity = (at_head or named)[-1]
        elif head.upos == "PRON" or head.text.lower() in PERSON_PRONOUNS | PLURAL_PRONOUNS | NEUTER_PRONOUNS:
            entity = self._pronoun(head, excluded)
        else:
            entity = self._nominal(mention, head)
        if entity is None:
            kind = self._np_kind(mention, head)
            entity = self._new(kind, self._np_name(mention, head), len(mention))
            entity.heads.add(head.lemma.lower())
        entity.add_mention(span)
        # groups hold roles too: "Senate Republicans' aides", "federal prosecutors", "Ukrainian officials"
        bare_officials = (
            role is not None and (role.title or "").lower() in ("officials", "official")
            and all(w.text.lower() in DETERMINERS or w.text.lower() in self.lex.demonyms
                    for w in mention if w.i < head.i)
        )  # fmt: skip
        # "Ukrainian officials" holds no title (the seed's convention); "administration officials" does
        if role is not None and entity.kind == "group" and (bare_officials or not _office(role.title)):
            role = Role(title=None, affiliation=role.affiliation) if role.affiliation else None
        if role is not None and entity.kind in ("person", "anonymous", "group"):
            entity.add_role(role)
        elif entity.kind in ("group", "organisation") and not any(r.affiliation for r in entity.roles):
            aff = affiliation_only(self.doc, mention, self.lex)
            if aff:
                entity.add_role(Role(title=None, affiliation=aff))
        if head.upos in ("NOUN",):
            entity.heads.add(head.lemma.lower())
        return entity

    def _speaking_part(self, mention: list[Word]) -> list[Word]:
        """The words of a mention that can name the speaker: not "officials *in Kyiv*", not "spokesman *for
        the ministry*", but "the statement *of Klaus Iohannis*"."""
        for j, w in enumerate(mention):
            if w.upos == "ADP" and j > 0:
                before = [x for x in mention[:j] if x.upos in ("NOUN", "PROPN")]
                if w.text.lower() == "of" and before and before[-1].lemma.lower() in self.lex.communication_nouns:
                    return mention[j + 1 :]
                return mention[:j]
        return mention

    def mark_speaker(self, entity: EntityState, pos: int) -> None:
        entity.is_speaker = True
        entity.last_speaker_pos = max(entity.last_speaker_pos, pos)

    def _pronoun(self, head: Word, excluded: list[tuple[int, int]]) -> EntityState | None:
        low = head.text.lower()
        if low in PERSON_PRONOUNS:
            kinds = {"person", "anonymous"}
        elif low in PLURAL_PRONOUNS:
            kinds = {"group", "organisation", "anonymous"}
        elif low in NEUTER_PRONOUNS:
            kinds = {"organisation"}
        else:
            return None
        pos = head.start
        gender = PRONOUN_GENDER.get(low)
        # 1) the most recent speaker of a compatible kind (and gender, where both are known)
        speakers = [e for e in self.entities if e.is_speaker and e.kind in kinds and 0 <= e.last_speaker_pos <= pos
                    and _gender_fits(e, gender)]  # fmt: skip
        recent_speaker = max(speakers, key=lambda e: e.last_speaker_pos, default=None)
        # 2) the most recent compatible subject named outside quoted or reported content
        subject = self._recent_subject(pos, kinds, excluded, gender)
        if recent_speaker and subject:
            subj_entity, subj_pos = subject
            # a subject named after the last speaker's quote is the fresher antecedent
            return subj_entity if subj_pos > recent_speaker.last_speaker_pos else recent_speaker
        if recent_speaker:
            return recent_speaker
        return subject[0] if subject else None

    def _recent_subject(self, pos: int, kinds: set[str], excluded: list[tuple[int, int]], gender: str | None = None):
        best = None
        for w in self.doc.words:
            if w.start >= pos:
                break
            if w.rel != "nsubj" or any(s <= w.start < e for s, e in excluded):
                continue
            # the subject's head may be a title ("President … Zelensky"): any name inside the subject counts
            named = [self.by_word[k] for k in self.doc.subtree(w.i) if k in self.by_word]
            named = [e for e in named if e.kind in kinds and _gender_fits(e, gender)]
            if named:
                best = (named[-1], w.start)
        return best

    def _nominal(self, mention: list[Word], head: Word) -> EntityState | None:
        core = [w for w in mention if w.text.lower() not in DETERMINERS and w.upos != "PUNCT"]
        phrase = " ".join(w.text.lower() for w in core)
        titles = None
        for key in (phrase, " ".join(w.text.lower() for w in core[-3:]), head.lemma.lower()):
            if key in self.lex.role_synonyms:
                titles = self.lex.role_synonyms[key]
                break
        definite = mention[0].text.lower() in ("the", "this", "that", "these", "those")
        if titles:
            holders = [
                e
                for e in self.entities
                if any(r.title and r.title.lower() in titles for r in e.roles) and e.mentions
                and min(m.start for m in e.mentions) < head.start
            ]
            if holders:
                return max(holders, key=lambda e: max(m.start for m in e.mentions if m.start < head.start))
        if definite:
            lemma = head.lemma.lower()
            same = [e for e in self.entities if lemma in e.heads]
            if same:
                return same[-1]
        return None

    def _np_kind(self, mention: list[Word], head: Word) -> str:
        lows = {w.text.lower() for w in mention} | {w.lemma.lower() for w in mention}
        if lows & self.lex.anonymous:
            return "anonymous"
        if head.lemma.lower() in self.lex.organisations:
            return "organisation"
        plural = "Number=Plur" in head.feats or head.xpos in ("NNS", "NNPS") or head.text.lower() in self.lex.groups
        if plural:
            return "group"
        return "person"

    def _np_name(self, mention: list[Word], head: Word) -> str:
        # "An anonymous source who spoke on condition of anonymity" → "anonymous source"
        words = [w for w in mention if w.i <= head.i]
        while words and (words[0].text.lower() in DETERMINERS or words[0].upos == "PUNCT"):
            words = words[1:]
        if not words:
            words = [head]
        return self.doc.text[words[0].start : words[-1].end]
