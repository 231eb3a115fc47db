"""Descriptions: which entity "the Indiana governor", "the agency" or "A New York judge" stands for.

A definite description goes to the earlier entity whose titles, role words and name fit it (salience.py
weighs them), or to the most salient person nothing in it contradicts; an indefinite one, or one in the
headline, to the entity it introduces a few sentences later. ``Resolver`` (coref.py) takes these rules as a
mixin: they read its entities and lexicons.
"""

from __future__ import annotations

import re

from .document import Word
from .entities import (
    DESCRIPTION_FILLER,
    DETERMINERS,
    DOCUMENT_NOUNS,
    KIN_WORDS,
    QUANTITY_NOUNS,
    TITLE_GENDER,
    EntityState,
    gender_fits,
)
from .lexicons import Lexicons
from .marks import ALL_MARKS
from .mention_parts import PARTITIVES
from .names import QUANTIFIERS, is_acronym
from .roles import WEAK_TITLES, role_in_words
from .salience import (
    DESCRIPTION_MIN,
    PARTIES,
    RANK_WORDS,
    SALIENT_DESCRIPTION_MIN,
    Sighting,
    description_score,
    pronoun_score,
)

# marks that open a quoted title ("DuVernay’s “13th”"); an apostrophe may be a possessive ("Davis' commentary")
TITLE_OPENERS = ALL_MARKS - {"'", "’"}
# heads whose "of"-phrase names the place itself: "the city of Phoenix"
PLACE_HEADS = {"city", "state", "town", "county", "village", "province", "republic", "kingdom"}
# How many sentences after a description the one it introduces may first be named (the headline's reach
# is longer: the lede names its subject after a sentence or two of story)
CATAPHOR_SENTENCES = 2
CATAPHOR_HEADLINE_SENTENCES = 4
# "one Democrat" reaches past a quotation of a few sentences, in the next paragraph at most, to the one its party
# tag names
PARTY_CATAPHOR_SENTENCES = 5
# pronouns and nouns that stand for several people ("Not everyone", "Scott's family", "the media")
GROUP_PRONOUNS = {"everyone", "everybody", "each", "nobody", "anyone", "others", "family", "media", "public"}
# nouns that hold several people when an "of"-phrase names them ("a group of doctors")
COLLECTIVE_NOUNS = {"group", "coalition", "chorus", "number", "pair", "handful", "couple", "band", "crowd"}
# the paragraphs (the headline is the first) whose descriptions may introduce a subject named only later
LEDE_PARAGRAPH = 1
# a line that opens a new section of a running story, whose next paragraph is a lede of its own: AP's "The
# Latest" stamps each item with its time ("11:40 a.m.") after a rule ("___.")
SECTION_BREAK = re.compile(r"(?:\d{1,2}(?::\d{2})?\s*[ap]\.\s?m\.|_{3,}\.?)", re.IGNORECASE)


def _name_words(e: EntityState) -> set[str]:
    """The words of an entity's name, a slash between two names splitting them ("Reuters/Ipsos")."""
    return set(e.name.lower().replace("/", " ").split())


class DescriptionResolver:
    """The description rules of :class:`~service.attribution.coref.Resolver`."""

    entities: list[EntityState]
    lex: Lexicons
    by_word: dict[int, EntityState]
    _headline_end: int

    def _nominal(self, mention: list[Word], head: Word) -> EntityState | None:
        """A description: the earlier entity whose titles, role words and name fit it best ("the Indiana
        governor" → Mike Pence, "the commission" → the Commission on Presidential Debates), weighed with
        salience; else the earlier entity with the same head noun. A kinship word goes first: "Keith Lamont
        Scott's wife" is no one whose name has Scott in it, but his wife."""
        kin_word = head.lemma.lower().removeprefix("ex").lstrip("-")  # "ex-wife", or "ex" + "-wife" as cut
        if kin_word in KIN_WORDS and (kin := self._relative_by_kin(mention, head, kin_word)) is not None:
            return kin
        core = [w for w in mention if w.text.lower() not in DETERMINERS and w.upos != "PUNCT"]
        phrase = " ".join(w.text.lower() for w in core)
        synonyms = None
        for key in (phrase, " ".join(w.text.lower() for w in core[-3:]), head.lemma.lower()):
            if key in self.lex.role_synonyms:
                synonyms = self.lex.role_synonyms[key]
                break
        definite = mention[0].text.lower() in ("the", "this", "that", "these", "those") or any(
            w.text in ("'s", "’s") for w in mention if w.i < head.i
        )
        lemma = head.lemma.lower()
        # "A spokeswoman for Hillary Clinton says …": an indefinite description brings someone new, not the
        # spokeswoman the article named before (another campaign's)
        if mention[0].text.lower() in ("a", "an"):
            synonyms = None
        kind = self._np_kind(mention, head) if definite or synonyms else None
        # "The Trump campaign" is no campaign whose name and roles leave Trump out (the Clinton campaign)
        owners = {w.text.lower() for w in mention if w.i < head.i and w.i in self.by_word}
        if definite or synonyms:
            modifiers = [w.text.lower() for w in mention if w.i < head.i and w.upos != "PUNCT"
                         and w.text.lower() not in DESCRIPTION_FILLER]  # fmt: skip
            # "the campaign" is an organisation, "the governor" a person: a description keeps to its kind
            kinds = {"organisation": {"organisation"}, "group": {"group", "organisation"}, "other": {"other"}}.get(
                kind, {"person", "anonymous"}
            )
            best: tuple[float, EntityState] | None = None
            for e in self.entities:
                # not the mention's own words: "New York" is no antecedent of "the New York businessman"
                seen = [s for s in e.sightings if s.start < mention[0].start]
                if not seen or e.kind not in kinds:
                    continue
                if not owners <= _name_words(e) | e.role_words:
                    continue
                titles = [r.title for r in e.roles if r.title]
                fit = description_score(lemma, modifiers, titles, e.role_words, set(e.name.lower().split()), synonyms,
                                        self.lex.body_synonyms.get(lemma))  # fmt: skip
                if fit < DESCRIPTION_MIN:
                    continue
                score = fit + (pronoun_score(seen, head.start, head.sent, named=e.named, last_speaker=False) or 0)
                if best is None or score > best[0]:
                    best = (score, e)
            if best is not None:
                return best[1]
        if definite:
            ranks = {w.text.lower() for w in mention if w.i < head.i} & RANK_WORDS
            same = [e for e in self.entities
                    if lemma in e.heads and owners | ranks <= _name_words(e) | e.role_words]  # fmt: skip
            if same:
                return same[-1]
            if kind not in ("organisation", "group", "other"):
                # "the complaint" or "the poll" is no one; a section's lede may introduce the one named next
                return self._cataphor(mention, head) or self._salient_person(mention, head)
        return None

    def note_description(self, mention: list[Word]) -> None:
        """A definite description of a person outside any attribution ("The Democratic nominee currently sits
        at 85 percent", as :func:`~service.attribution.mentions.description_subjects` gives it, ending on its
        head): the named person it stands for is seen here as a subject and holds its role, as if the
        description had spoken. Nothing when it fits no one named."""
        head = mention[-1]
        entity = self._nominal(mention, head)
        if entity is None or entity.kind != "person" or not entity.named:
            return
        # "The former New Mexico governor" is no one the article has not tied to New Mexico: here, where no
        # attribution backs the reading, a place or name word must be the entity's own
        known = entity.role_words | _name_words(entity)
        if any(w.text[:1].isupper() and w.text.lower() not in PARTIES and w.text.lower() not in known
               for w in mention[1:] if w.i < head.i):  # fmt: skip
            return
        entity.sightings.append(Sighting(head.start, head.sent, subject=True))
        entity.add_role(role_in_words(self.doc, mention, self.lex, self.by_word))

    def _relative_by_kin(self, mention: list[Word], head: Word, kin: str) -> EntityState | None:
        """The person the article named by this kinship word ("his wife Ivana" … "His ex-wife"), the most
        salient if several."""
        best: tuple[float, EntityState] | None = None
        for e in self.entities:
            seen = [s for s in e.sightings if s.start < mention[0].start]
            if kin not in e.relations or not seen:
                continue
            score = pronoun_score(seen, head.start, head.sent, named=e.named, last_speaker=False)
            if score is not None and (best is None or score > best[0]):
                best = (score, e)
        return best[1] if best else self._family_member(mention, head, kin)

    def _family_member(self, mention: list[Word], head: Word, kin: str) -> EntityState | None:
        """The one person of the owner's surname the article names besides the owner ("Keith Lamont Scott's
        wife" … "Rakeyia Scott"), of the kinship word's gender."""
        owners = {self.by_word[w.i].id: self.by_word[w.i] for w in mention
                  if w.i < head.i and w.i in self.by_word and self.by_word[w.i].kind == "person"}  # fmt: skip
        if len(owners) != 1:
            return None
        owner = next(iter(owners.values()))
        gender = TITLE_GENDER.get(kin)
        kin_folk = [e for e in self.entities if e is not owner and e.kind == "person" and e.named
                    and e.surname and e.surname == owner.surname and gender_fits(e, gender)]  # fmt: skip
        return kin_folk[0] if len(kin_folk) == 1 else None

    def _cataphor(self, mention: list[Word], head: Word) -> EntityState | None:
        """A description that introduces someone named right after: the headline's "Judge Rejects …" or the
        lede's "A New York judge ruled …", then "Justice Frank Nervo said". The nearest entity first seen
        within a few sentences after, of the description's kind, whose title or name the head fits."""
        before = [w.text.lower() for w in mention if w.i < head.i]
        # "At least one Democrat wasn't on board …" before a Democrat is named: "one" introduces as "a" does
        indefinite = mention[0].text.lower() in ("a", "an") or ("one" in before and "the" not in before)
        in_headline = head.start < self._headline_end
        # "The New York state attorney general is confirming …" opening an item, then "Attorney General Eric
        # Schneiderman": a definite description that opens a lede introduces too, when a title fits
        opens_lede = self._opens_lede(head)
        definite_lede = not indefinite and opens_lede
        if not (indefinite or in_headline or definite_lede):
            return None
        kind = self._np_kind(mention, head)
        kinds = {"organisation": {"organisation"}, "group": {"group"}}.get(kind, {"person"})
        last_sent = head.sent + (CATAPHOR_HEADLINE_SENTENCES if in_headline else CATAPHOR_SENTENCES)
        lemma = head.lemma.lower()
        # not one the mention itself names: "A spokeswoman for Hillary Clinton" is not Clinton
        introduced = [(first, e) for first, e in self._introduced_after(head, last_sent, kinds)
                      if first.start >= mention[-1].end]  # fmt: skip
        if indefinite and lemma in PARTIES and head.text.lower() == lemma:
            # "At least one Democrat wasn't on board." then a quotation and "Sen. Claire McCaskill (D-Mo.) said":
            # the first one named of that party, a quotation's sentences further on
            party = PARTIES[lemma]
            reach = self._introduced_after(head, head.sent + PARTY_CATAPHOR_SENTENCES, kinds)
            named = [(first, e) for first, e in reach if self.doc.sentences[first.sent].para <= head.para + 1]
            return next((e for _, e in named if party in {PARTIES[w] for w in e.role_words if w in PARTIES}), None)
        for _, e in introduced:
            titles = [r.title for r in e.roles if r.title]
            if description_score(lemma, [], titles, e.role_words, set(e.name.lower().split()), None) >= DESCRIPTION_MIN:
                return e
        if definite_lede and not in_headline:
            # "Connecticut’s tax commissioner says …" then "Kevin Sullivan says …": the next sentence's subject,
            # when the article gives that person no title to contradict the description's
            if kinds != {"person"} or not self.lex.is_title([lemma]):
                return None
            return next((e for first, e in introduced if first.subject and first.sent == head.sent + 1
                         and not any(r.title for r in e.roles)), None)  # fmt: skip
        lede = head.para <= LEDE_PARAGRAPH or opens_lede
        titled = self.lex.is_title([lemma]) and lemma not in WEAK_TITLES  # "Member of House panel" fits anyone
        if lede and kinds == {"person"} and (titled or lemma in PARTIES):
            # a lede's description with no title to fit: the first person named after it as a subject, of whom
            # the article gives no title to contradict it ("A former DNC chairman says …" / "… said Don Fowler")
            return next((e for first, e in introduced if first.subject and not any(r.title for r in e.roles)), None)
        return None

    def _opens_lede(self, head: Word) -> bool:
        """Whether ``head`` is in the first sentence of a lede: the article's first paragraph after the headline,
        or the first after a line that opens a new section of a running story ("11:40 a.m.")."""
        doc = self.doc
        para = head.para
        if para < 1 or doc.sentences[head.sent].para != para or (
            head.sent > 0 and doc.sentences[head.sent - 1].para == para
        ):
            return False
        if para == LEDE_PARAGRAPH:
            return True
        before = doc.text[doc.para_starts[para - 1] : doc.para_starts[para]].strip()
        return SECTION_BREAK.fullmatch(before) is not None

    def _introduced_after(self, head: Word, last_sent: int, kinds: set[str]) -> list[tuple[Sighting, EntityState]]:
        """The named entities of these kinds first named after ``head`` and by sentence ``last_sent``, with that
        first sighting, in the order they are named."""
        found = []
        for e in self.entities:
            # where it is first named: a headline's description that already went to it ("Judge Rejects …")
            # left only a speaker's sighting before the lede's ("A New York judge has rejected …")
            named_at = [x for x in e.sightings if not x.speaker]
            if e.kind not in kinds or not e.named or not named_at:
                continue
            first = min(named_at, key=lambda x: x.start)
            if head.end < first.start and first.sent <= last_sent:
                found.append((first, e))
        return sorted(found, key=lambda fe: fe[0].start)

    def _salient_person(self, mention: list[Word], head: Word) -> EntityState | None:
        """A definite description of a person that no entity's role fits ("the New York businessman", "the
        Republican nominee" where the article never gives the title): the most salient person named so far
        whom nothing in it contradicts (gender, party, a place or name word the entity does not carry)."""
        lemma = head.lemma.lower()
        # "the former first lady": a title of two words as well as one
        two = [w.text for w in mention if w.i < head.i][-1:] + [lemma]
        # "The Republican is also encouraging …": a party's member, the salient person known to be of it
        party_head = PARTIES.get(lemma) if head.text.lower() == lemma else None
        if not (self.lex.is_title([lemma]) or self.lex.is_title(two) or lemma in TITLE_GENDER or party_head):
            return None
        gender = TITLE_GENDER.get(lemma) or ("f" if lemma.endswith("woman") else None)
        if gender is None and lemma.endswith("man"):
            gender = "m"  # "the New York businessman", "the congressman"
        before = [w for w in mention if w.i < head.i]
        # looked for before the filler is dropped: DESCRIPTION_FILLER holds "his" and "'s"
        if any(w.text in ("'s", "’s") or w.upos == "PRON" for w in before):
            return None  # "his ex-wife", "Pagliano's lawyer": someone else, tied to the one named
        said = [w for w in before if w.upos != "PUNCT" and w.text.lower() not in DESCRIPTION_FILLER]
        ranks = {w.text.lower() for w in said} & RANK_WORDS
        places = self.lex.place_names
        best: tuple[float, EntityState] | None = None
        for e in self.entities:
            seen = [s for s in e.sightings if s.start < mention[0].start]
            if e.kind != "person" or not e.named or not seen or not gender_fits(e, gender):
                continue
            names = set(e.name.lower().split())
            parties = {PARTIES[w] for w in e.role_words if w in PARTIES}
            if party_head and party_head not in parties:
                continue
            # "the New York businessman" for Trump, whose roles name no place: a place the entity is not tied
            # to contradicts only a tie to another place
            placeless = not (e.role_words & places)
            # "the vice presidential nominee" is not the one who holds the presidential nomination
            fits = not (ranks - e.role_words and any((r.title or "").lower().endswith(lemma) for r in e.roles))
            for w in said:
                low = w.text.lower()
                if low in PARTIES:
                    fits = fits and (not parties or PARTIES[low] in parties)
                elif w.text[:1].isupper() and low not in e.role_words and low not in names:
                    # "the Indiana governor" is no one the article has tied to Ohio
                    fits = fits and low in places and placeless
            if not fits:
                continue
            score = pronoun_score(seen, head.start, head.sent, named=True, last_speaker=False)
            if score is not None and (best is None or score > best[0]):
                best = (score, e)
        return best[1] if best and best[0] >= SALIENT_DESCRIPTION_MIN else None

    def _np_kind(self, mention: list[Word], head: Word) -> str:
        """The kind of an entity met as a description, by the identity brief: a poll, an ad or a statement is
        "other"; several people are a "group" ("Many Democrats", "Twelve percent"); one unnamed person is
        "anonymous" ("the announcer", "a Homeland Security Department official")."""
        lows = {w.text.lower() for w in mention} | {w.lemma.lower() for w in mention}
        lemma = head.lemma.lower()
        if lemma in self.lex.evidence_sources or lemma in DOCUMENT_NOUNS or head.text.lower() in DOCUMENT_NOUNS:
            return "other"
        if head.i > 0 and self.doc.words[head.i - 1].text in TITLE_OPENERS and "Number=Plur" not in head.feats:
            return "other"  # "DuVernay’s “13th”": a work by its quoted title
        plural = "Number=Plur" in head.feats or head.xpos in ("NNS", "NNPS") or head.text.lower() in self.lex.groups
        if lows & self.lex.anonymous:
            # "a source" is one unnamed person; "sources" are several
            return "group" if plural and head.upos == "NOUN" else "anonymous"
        if plural and (lemma in self.lex.organisations or head.text.lower() in self.lex.groups):
            return "group"  # "several environmental groups", "mining companies", "Authorities", "police"
        if head.text.lower() in GROUP_PRONOUNS or self._several(mention, head):
            return "group"  # "a group of black parents", "Companies and individuals"
        if lemma in self.lex.organisations or (lemma in PLACE_HEADS and self._np_name(mention, head).count(" of ")):
            return "organisation"  # "the city of Phoenix" speaks as its government
        if plural or mention[0].text.lower() in QUANTIFIERS or lemma in QUANTITY_NOUNS:
            return "group"
        if head.upos == "NUM" and lemma not in ("one", "1"):
            return "group"  # "Nearly eight of 10 voters"
        if is_acronym(head.text) or head.text.lower() in self.lex.state_names | self.lex.country_names:
            return "organisation"  # "the NAACP", "Mexico" where the tagger missed the name
        if head.text.lower() in PARTIES:
            return "anonymous"  # "One Republican": an unnamed member of the party
        capitalised = head.text[:1].isupper() and not self.lex.is_title([head.text])
        if head.upos == "PROPN" or head.i in self.by_word or capitalised:
            return "person"  # a name the tagger missed ("Tester said")
        return "anonymous"

    def _several(self, mention: list[Word], head: Word) -> bool:
        """Whether a description names several: a collective noun with a plural "of"-phrase ("a coalition of
        leaders"), or nouns joined by "and" ("The New York Times and the Gannett newspaper chain")."""
        inside = {w.i for w in mention}
        kids = [self.doc.words[c] for c in head.children if c in inside]
        if head.lemma.lower() in COLLECTIVE_NOUNS and any(
            k.rel == "nmod" and ("Number=Plur" in k.feats or k.xpos in ("NNS", "NNPS")) for k in kids
        ):
            return True
        return any(self.joins_others(k) for k in kids)

    def joins_others(self, k: Word) -> bool:
        """Whether ``k`` is a conjunct noun that adds others to the one it is joined to: "Joseph and other
        community members"; not a second title of one person ("the former first lady and U.S. senator")."""
        return (
            k.rel == "conj" and k.upos in ("NOUN", "PROPN")
            and (not self.lex.is_title([k.lemma.lower()]) or "Number=Plur" in k.feats)
        )  # fmt: skip

    def _np_name(self, mention: list[Word], head: Word) -> str:
        # "An anonymous source who spoke on condition of anonymity" → "anonymous source"
        words = [w for w in mention if w.i <= head.i]
        # "DuVernay’s “13th”": a quoted title is the name of the work, without its owner or its marks
        marks = [k for k, w in enumerate(words) if w.text in TITLE_OPENERS and w.i < head.i]
        if marks:
            words = words[marks[-1] + 1 :]
        # "The city of Phoenix", "the state of Ohio": the place's name belongs to the name
        after = [w for w in mention if w.i > head.i]
        # "one of Mr. Obama's climate advisers": the set it is one of belongs to the name
        of_noun = [w for w in after if w.head == head.i and w.upos in ("NOUN", "PROPN")]
        joined = [w for w in after if w.head == head.i and w.deprel == "conj"]
        if after and after[0].text.lower() == "of" and head.text.lower() in PARTITIVES and of_noun:
            words += [w for w in after if w.i <= of_noun[0].i]
        elif joined and head.i in self.by_word:
            words += [w for w in after if w.i <= joined[-1].i]  # "Joseph and other community members"
        elif head.lemma.lower() in PLACE_HEADS and len(after) >= 2 and after[0].text.lower() == "of" and (
            after[1].upos == "PROPN"
        ):
            k = 1
            while k < len(after) and after[k].upos == "PROPN":
                k += 1
            words += after[:k]
        while words and (words[0].text.lower() in DETERMINERS or words[0].upos == "PUNCT"):
            words = words[1:]
        if not words:
            words = [head]
        return self.doc.text[words[0].start : words[-1].end]
