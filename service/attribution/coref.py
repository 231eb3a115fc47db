"""Speaker entities: names found in the article, and the mentions that point to them.

Resolution is deliberately simple and explainable, the way news text refers back to a speaker:
a surname → the fullest name with that surname; he/she → the most recent person speaker (then the most
recent person named as a subject outside any quotation); they/it → the most recent group or organisation;
"the army" → the earlier entity with the same head noun; "the head of state" / "the spokesperson" → the
entity that holds that title (the entities built from the article's names are in name_entities.py, the
description rules in descriptions.py, the role rules in entity_roles.py, the entity record and shared word
sets in entities.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from .author import FIRST_PERSON, essay_author
from .descriptions import DescriptionResolver
from .document import Doc, Word
from .entities import (
    DETERMINERS,
    NEUTER_PRONOUNS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    PRONOUN_GENDER,
    EntityState,
    gender_fits,
)
from .entity_roles import RoleResolver
from .lexicons import RELATIVE_PRONOUNS, Lexicons
from .mention_parts import MentionParts
from .name_entities import NameEntities
from .names import (
    NameMention,
    is_acronym,
    name_runs,
    title_case,
)
from .records import Role, Span
from .roles import affiliation_only, publisher, role_in_words
from .salience import W_INTRODUCED, Sighting, pronoun_score

# what someone says, beside communication_nouns.txt: "his comment", "her response"
UTTERANCE_NOUNS = frozenset(("comment", "remark", "response", "answer", "reply", "theme", "claim", "argument",
                             "promise", "pledge", "vow", "warning", "message", "line", "quip", "joke", "advice"))
# how many links up from a body's name a person it belongs to may sit ("staffer at the State Department" → name)
RELATIVE_CLIMB = 3


def _conjunct_title(mention: list[Word], head: Word, title: str) -> bool:
    """Whether a plural title is a conjunct of a singular head ("The family, protesters and civic leaders"),
    not the title of one person with two ("the former secretary of state and current … nominee") or of a
    group ("regulators and advisers")."""
    last = title.lower().split()[-1]
    if "Number=Plur" in head.feats or head.xpos in ("NNS", "NNPS"):
        return False
    return any(w.text.lower() == last and w.rel == "conj" and w.i != head.i and "Number=Plur" in w.feats
               for w in mention)  # fmt: skip


def _phrase_head(phrase: list[Word]) -> Word:
    """The word of a phrase that hangs outside it: its head."""
    inside = {w.i for w in phrase}
    return next((w for w in phrase if w.head not in inside), phrase[-1])


def _before_relative(mention: list[Word], head: Word) -> tuple[list[Word], Word]:
    """A mention without the relative clause it goes on with: "The … tracking poll, which tracks Americans'
    support for the presidential candidates," names the poll, and the clause's words name no speaker or role."""
    for j in range(2, len(mention) - 1):
        if mention[j].text.lower() in ("which", "who") and mention[j - 1].text == ",":
            kept = mention[: j - 1]
            if head.i > kept[-1].i:
                nouns = [w for w in kept if w.upos in ("NOUN", "PROPN")]
                head = nouns[-1] if nouns else kept[-1]
            return kept, head
    return mention, head


class Resolver(NameEntities, DescriptionResolver, RoleResolver, MentionParts):
    """Builds entities from the article's names and resolves speaker mentions to them, in text order."""

    def __init__(self, doc: Doc, lex: Lexicons, quoted: Sequence[tuple[int, int]] = ()):
        self.doc = doc
        self.lex = lex
        # quotations' spans: a title a speaker gives someone inside one ("''Candidate Trump should …''",
        # "“President Clinton, thank you …”") is the speaker's wording, not the role the article states
        self._quoted = list(quoted)
        self.entities: list[EntityState] = []
        self._made = 0
        self._groups: dict[tuple[str, ...], EntityState] = {}  # people who speak together, by their entity ids
        self.by_word: dict[int, EntityState] = {}
        self.last_speaker: tuple[EntityState, int] | None = None  # the entity of the latest attribution
        self.names = name_runs(doc, lex)
        self._name_at: dict[int, NameMention] = {}
        # the role each speaker mention states, as its entity holds it: a record carries the role given where
        # its speaker is mentioned ("the Indiana governor said"), the entity's best role otherwise
        self._mention_roles: dict[tuple[int, int], Role] = {}
        self._name_roles: dict[int, Role] = {}  # by the first word of a name run
        self._headline_end = doc.sentences[0].end if doc.sentences else 0
        first = doc.sentences[0] if doc.sentences else None
        self._title_case_headline = first is not None and title_case(doc.words[first.first : first.last + 1])
        for nm in self.names:
            for k in range(nm.first, nm.last + 1):
                self._name_at[k] = nm
        self._build_name_entities()
        self._owned_roles()
        writer = essay_author(doc, self.names)
        self.author = self.by_word.get(writer.first) if writer else None

    # -- resolving speaker mentions --------------------------------------------------------------------
    def resolve(self, mention: list[Word], head: Word, excluded: list[tuple[int, int]],
                content: tuple[int, int] | None = None) -> EntityState:  # fmt: skip
        """The entity a speaker mention refers to (a new one when nothing earlier fits), with the role the
        mention gives it: the names in the mention first, else its form (relative pronoun, pronoun,
        description), then the role its words state. ``content`` is the reported clause the mention's speaker
        says: a pronoun never stands for the name that opens it (“He said Obama hopes …” is not Obama)."""
        span = Span(self.doc.text[mention[0].start : mention[-1].end], mention[0].start, mention[-1].end)
        if len(mention) > 1 and mention[-1].upos == "PRON" and mention[-1].text.lower() in RELATIVE_PRONOUNS:
            head = mention[-1]  # "The rise of Donald Trump, who": the relative pronoun is the one who speaks
        full = mention
        inside = {w.i for w in mention}
        while head.rel == "compound" and head.head in inside and self.doc.words[head.head].upos == "NOUN":
            head = self.doc.words[head.head]  # "one West Virginia official": the official speaks, not the state
        mention, head = _before_relative(mention, head)
        speaking = self._examples(mention) or self._speaking_part(mention)
        named = self._named_speakers(mention, head, speaking)
        phrase: list[Word] = []  # the noun phrase a relative pronoun stands for
        if named:
            entity = self._of_named(named, mention, head, speaking)
        else:
            entity, phrase = self._by_form(mention, head, excluded, content)
        if entity is None:
            # "callers to the radio program who": the noun phrase a relative pronoun stands for names it
            words, noun = (phrase, _phrase_head(phrase)) if phrase else (mention, head)
            entity = self._new(self._np_kind(words, noun), self._np_name(words, noun), len(mention))
            entity.heads.add(head.lemma.lower())
        entity.add_mention(span)
        self._note_role(entity, span, mention, full, phrase, head, speaking, excluded)
        if head.upos in ("NOUN",):
            entity.heads.add(head.lemma.lower())
        return entity

    def _named_speakers(self, mention: list[Word], head: Word, speaking: list[Word]) -> list[EntityState]:
        """The named entities in the speaking part of a mention that may be the speaker; none when the names
        only modify the noun that speaks ("the Rove ad", "Connecticut's tax commissioner")."""
        named_words = [w for w in speaking if w.i in self.by_word]
        named = [self.by_word[w.i] for w in named_words]
        if named and head.text.lower() == "who" and all(e.kind != "person" for e in named):
            # "the State Department who told …", cut from "John Bentel, a tech staffer at the State Department"
            person = self._person_above(named_words[-1])
            named = [person] if person is not None else named
        if not named and (titled := self._name_after_title(mention)) is not None:
            named = [titled]  # "Rep. Jim Clyburn" parsed as two subjects: the mention is only "Rep"
        last_named = named_words[-1].i if named_words else -1
        apposed = any(w.text == "," and last_named < w.i < head.i for w in speaking)  # "Jim Jordan, a member"
        if (
            named
            and head.upos == "NOUN"
            and head.i not in self.by_word
            and not apposed
            and (
                all(w.i < head.i for w in named_words)
                or all(self._modifies_a_noun(w, mention) for w in named_words)
            )
        ):
            # "the Rove ad", "the Clinton campaign", "Connecticut's tax commissioner", "the GOP nominee": the name
            # only modifies the one who speaks; "The former first lady and U.S. senator": "U.S." modifies the
            # second noun only
            named = []
        if not named and (apposed_to := self._name_before_apposition(mention)) is not None:
            named = [apposed_to]  # "Rep. Jim Jordan (R-Ohio), an oversight panel member, said": the mention
            # the parser gave is only the apposition
        return named

    def _of_named(self, named: list[EntityState], mention: list[Word], head: Word,
                  speaking: list[Word]) -> EntityState | None:  # fmt: skip
        """Which of the entities named in a mention speaks."""
        inside = {w.i for w in speaking}
        if any(w.upos == "NOUN" and w.head in inside and w.head in self.by_word and self.joins_others(w)
               for w in speaking):  # fmt: skip
            # "Joseph and other community members", "RT and its defenders": a group, someone new; not "President
            # Obama and Republican presidential nominee Donald Trump", whose second noun is the next one's title
            return None
        persons = [e for e in named if e.kind == "person"]
        # the first person named who is not a modifier of another noun: "Flynn, a top Trump surrogate,",
        # "Trump campaign spokesman Jason Miller", "Hillary Clinton's campaign manager Robby Mook"
        speakers = [e for e in persons if not self._names_a_modifier(e, speaking)]
        together = self._coordinated(speakers, speaking)
        if together is not None:
            return together  # "Mr. Grassley and Mr. Leahy say": the two speak as one group
        if speakers:
            return speakers[0]
        if persons and head.i not in self.by_word and head.upos == "NOUN":
            return self._nominal(mention, head)  # "Hillary Clinton's campaign": the campaign speaks
        if persons and head.i not in self.by_word and all(self._names_a_modifier(e, speaking) for e in persons):
            # "DuVernay’s “13th”", "one of Mr. Obama's climate advisers": the owner's work or aide speaks, someone
            # or something new
            return None
        if persons:
            return persons[-1]
        bodies = [e for e in named if not self._names_a_modifier(e, speaking)]
        if (together := self._coordinated(bodies, speaking)) is not None:
            return together  # "France and Germany", "The New York Times and the Gannett newspaper chain"
        at_head = [self.by_word[head.i]] if head.i in self.by_word else []
        return (at_head or named)[-1]

    def _by_form(self, mention: list[Word], head: Word, excluded: list[tuple[int, int]],
                 content: tuple[int, int] | None = None) -> tuple[EntityState | None, list[Word]]:  # fmt: skip
        """The entity of a mention that names no one, by its form: a relative pronoun (with the noun phrase it
        stands for), a pronoun, a surname the parser took for a common noun, an utterance, a description."""
        if head.upos == "PRON" and head.text.lower() in RELATIVE_PRONOUNS:
            return self._relative(head, excluded)
        if head.upos == "PRON" or head.text.lower() in PERSON_PRONOUNS | PLURAL_PRONOUNS | NEUTER_PRONOUNS:
            return self._pronoun(head, excluded, content), []
        if (
            head.text[:1].isupper()
            and head.text[1:].islower()
            and head.upos != "PROPN"
            and (person := self.person_by_surname(head.text))
        ):
            return person, []  # "Cyril said" with the surname tagged as a common noun
        if is_acronym(head.text) and head.i not in self.by_word and (body := self.body_by_acronym(head.text)):
            return body, []  # "AROS said" with the acronym tagged as a common noun
        if (owner := self._utterance_owner(mention, head)) is not None:
            if owner.upos != "PRON":
                return self.by_word[owner.i], []  # "Oz's dubious medical advice … for saying": his words
            return self._pronoun(owner, excluded), []  # "his infamous comment that …": he said it
        return self._nominal(mention, head) or self._cataphor(mention, head), []

    def _note_role(self, entity: EntityState, span: Span, mention: list[Word], full: list[Word],
                   phrase: list[Word], head: Word, speaking: list[Word],
                   excluded: list[tuple[int, int]]) -> None:  # fmt: skip
        """The role the mention's words state, added to the entity and kept for this mention."""
        # a title right before another person's name is that person's ("a chief of staff to President Bill
        # Clinton"); "the Republican nominee for president, who began …": the noun's role is the speaker's
        # the members of a group named as one ("Sens. Jon Tester and David Vitter") hold its title with it
        members = next((set(key) for key, g in self._groups.items() if g is entity), set())
        foreign = {w.i for w in full if w.i in self.by_word and self.by_word[w.i] is not entity
                   and self.by_word[w.i].id not in members}  # fmt: skip
        role = role_in_words(self.doc, mention, self.lex, self.by_word, foreign=foreign) or (
            role_in_words(self.doc, phrase, self.lex, self.by_word) if phrase else None
        ) or (role_in_words(self.doc, full, self.lex, self.by_word, foreign=foreign) if full is not mention else None)
        if members and role is not None and not (role.title or "").rstrip(".").endswith("s"):
            role = None  # "President Obama and Republican presidential nominee Donald Trump": one member's title
        if role is not None and role.title and _conjunct_title(mention, head, role.title):
            # "The family, protesters and civic leaders": the last conjunct's word is no title of them all
            role = Role(title=None, affiliation=role.affiliation) if role.affiliation else None
        # groups hold roles too: "Senate Republicans' aides", "federal prosecutors", "Ukrainian officials"
        bare_officials = (
            role is not None and (role.title or "").lower() in ("officials", "official")
            and all(w.text.lower() in DETERMINERS or w.text.lower() in self.lex.demonyms
                    for w in mention if w.i < head.i)
            and any(w.text.lower() in self.lex.demonyms for w in mention if w.i < head.i)
        )  # fmt: skip
        # "Ukrainian officials" holds no title (the seed's convention); "administration officials" and a bare
        # "officials" do
        # a group's role word is its title ("aides", "federal prosecutors", "researchers": the identity brief)
        if role is not None and entity.kind == "group" and bare_officials:
            role = Role(title=None, affiliation=role.affiliation) if role.affiliation else None
        if role is not None and role.title and not role.affiliation:
            owner = self._owner(mention, entity, excluded)  # "His surrogates", "his senior climate adviser"
            body = owner or self._body_after(mention, excluded) or self._the_campaign(mention, role.title)
            role = Role(title=role.title, affiliation=body)
        if role is not None and entity.kind in ("person", "anonymous", "group"):
            held = self._role_for(entity, role)
            entity.add_role(held)
            if held is not None and held.title:
                self._mention_roles[(span.start, span.end)] = held
        elif entity.kind in ("group", "organisation", "other") and not members and not any(
            r.affiliation for r in entity.roles
        ):
            # "a Bloomberg poll", "a new report by Politico", "a study in the British Medical Journal"
            aff = (entity.kind == "other" and publisher(self.doc, mention, head)) or affiliation_only(
                self.doc, mention, self.lex
            )
            if aff:
                entity.add_role(Role(title=None, affiliation=aff))
        if (span.start, span.end) not in self._mention_roles:
            # "Pence said" after "Republican vice-presidential nominee Mike Pence": the name's own role
            at_name = [self._name_roles[w.i] for w in speaking
                       if w.i in self._name_roles and self.by_word.get(w.i) is entity]  # fmt: skip
            if at_name:
                self._mention_roles[(span.start, span.end)] = at_name[0]

    def _utterance_owner(self, mention: list[Word], head: Word) -> Word | None:
        """The possessive pronoun or person's name of a mention headed by an utterance ("his infamous comment",
        "her best response", "Oz's dubious medical advice"): the one who made it speaks."""
        lemma = head.lemma.lower()
        if lemma not in UTTERANCE_NOUNS and lemma not in self.lex.communication_nouns:
            return None
        return next((w for w in mention if w.i < head.i and w.head == head.i and w.deprel == "nmod:poss" and (
            w.upos == "PRON" or (w.i in self.by_word and self.by_word[w.i].kind == "person"))), None)  # fmt: skip

    def mark_speaker(self, entity: EntityState, pos: int) -> None:
        """Record that ``entity`` speaks at offset ``pos``: the freshest antecedent of a following "he"."""
        entity.is_speaker = True
        entity.last_speaker_pos = max(entity.last_speaker_pos, pos)
        word = self.doc.word_at(pos)
        if word is not None:
            entity.sightings.append(Sighting(pos, word.sent, subject=True, speaker=True))
        if self.last_speaker is None or pos >= self.last_speaker[1]:
            self.last_speaker = (entity, pos)

    def _relative(self, head: Word, excluded: list[tuple[int, int]]) -> tuple[EntityState | None, list[Word]]:
        """ "who" / "which" as a speaker: the noun its relative clause hangs on ("Donald Trump, who had talked
        about …"), and the words of that noun's phrase when it is no name (for its role)."""
        words = self.doc.words
        k = head.i - 1
        while k >= 0 and words[k].text == "," and words[k].sent == head.sent:
            k -= 1
        if k >= 0 and k < head.i - 1 and k in self.by_word:
            return self.by_word[k], []  # "the rise of Donald Trump, who …": the name right before the comma
        verb = words[head.head] if head.head >= 0 else None
        if verb is None or verb.deprel != "acl:relcl" or verb.head < 0:
            return None, []
        noun = words[verb.head]
        if noun.i in self.by_word:
            named = self.by_word[noun.i]
            if head.text.lower() == "who" and named.kind != "person":
                # "John Bentel, a tech staffer at the State Department who told …": "who" is a person, the one
                # whose apposition names the body
                person = self._person_above(noun)
                if person is not None:
                    return person, []
            return named, []
        if noun.upos == "PRON":
            return self._pronoun(noun, excluded), []
        inside = set(self.doc.subtree(verb.i))
        phrase = [words[k] for k in self.doc.subtree(noun.i) if k not in inside and words[k].upos != "PUNCT"]
        while phrase and phrase[0].upos == "ADP" and phrase[0].head == noun.i:
            phrase = phrase[1:]  # "… in the campaign, who": the noun without its preposition
        return (self._nominal(phrase, noun), phrase) if phrase else (None, [])

    def _person_above(self, noun: Word) -> EntityState | None:
        """The person a body's name hangs under, through a few nmod, appos and compound links."""
        words = self.doc.words
        w = noun
        for _ in range(RELATIVE_CLIMB):
            if w.head < 0 or w.rel not in ("nmod", "appos", "compound", "flat"):
                return None
            w = words[w.head]
            e = self.by_word.get(w.i)
            if e is not None and e.kind == "person":
                return e
        return None

    def _pronoun(self, head: Word, excluded: list[tuple[int, int]],
                 content: tuple[int, int] | None = None) -> EntityState | None:  # fmt: skip
        low = head.text.lower()
        if low in FIRST_PERSON:
            # the narration's "I" is the essay's writer; a quotation's "I" is its speaker, not the writer
            inside = any(a <= head.start < b for a, b in excluded)
            return self.author if not inside else None
        if low in PERSON_PRONOUNS or low == "his":
            kinds = {"person", "anonymous"}
        elif low in PLURAL_PRONOUNS or low == "their":
            kinds = {"group", "organisation", "anonymous"}
        elif low in NEUTER_PRONOUNS or low == "its":
            kinds = {"organisation"}
        else:
            return None
        gender = PRONOUN_GENDER.get(low)
        # where a name opens the reported clause: after the pronoun ("He said Obama hopes …"), or at the start
        opening = None if content is None else (min(head.end, content[0]), content[0])
        last = self.last_speaker[0] if self.last_speaker and self.last_speaker[1] < head.start else None
        best: tuple[float, EntityState] | None = None
        for e in self.entities:
            if e.kind not in kinds or not gender_fits(e, gender) or not self._can_be_antecedent(e, low):
                continue
            if opening is not None and any(
                opening[0] <= s.start <= opening[1] for s in e.sightings if s.subject and not s.speaker
            ):
                continue  # “He said Obama hopes …”: the name that opens a reported clause is someone else's
            # a name inside a quotation is not what the narration's "he" points back to; one inside a report may
            # be ("Trump said Clinton lied. She denied it."), and a parser's reading of "X scolded him: “…,” she
            # said" as one report must not hide X from "she" (PolNeAR dev: pronouns 95.8% → 96.1%, none lost)
            seen = [s for s in e.sightings if s.speaker or not any(a <= s.start < b for a, b in self._quoted)]
            score = pronoun_score(seen, head.start, head.sent, named=e.named, last_speaker=e is last)
            if score is not None and self._introduced_just_before(e, head):
                score += W_INTRODUCED
            if score is not None and (best is None or score > best[0]):
                best = (score, e)
        return best[1] if best else None

    def _introduced_just_before(self, e: EntityState, head: Word) -> bool:
        """Whether ``e`` is a person named in full for the first time in the narration's sentence before the
        pronoun's (sentences inside a quotation between them do not count): "… concerns Henry Crespo, president
        of …. “No one is writing songs for Hillary. …,” he said." News names whom it quotes next."""
        if not (e.named and e.kind == "person" and e.name_tokens >= 2 and e.sightings):
            return False
        sentences = self.doc.sentences
        k = head.sent - 1
        while k >= 0 and any(a <= sentences[k].start and sentences[k].end <= b for a, b in self._quoted):
            k -= 1
        return k >= 0 and min(x.sent for x in e.sightings) == k

    def _can_be_antecedent(self, e: EntityState, pronoun: str) -> bool:
        if e.name.lower() in PERSON_PRONOUNS | PLURAL_PRONOUNS | NEUTER_PRONOUNS | RELATIVE_PRONOUNS:
            return False
        # "he" points to someone a name, a gender or a title shows to be a person, not to "footage", "World
        # War" or "U.N. Women"
        return (
            pronoun not in PERSON_PRONOUNS | {"his"}
            or e.gender is not None
            or any(r.title for r in e.roles)
            or (e.named and (e.is_speaker or (e.name_tokens >= 2 and any(s.subject for s in e.sightings))))
        )
