"""The parts of a speaker mention that name who speaks: the examples a group's description names, people named
side by side as one group, the name an apposition or a title stands beside, the words a preposition leaves
out ("officials *in Kyiv*"). ``Resolver`` (coref.py) takes these rules as a mixin: they read its entities.
"""

from __future__ import annotations

from collections.abc import Callable

from .document import Doc, Word
from .entities import EntityState
from .lexicons import Lexicons
from .names import TITLE_LOOKBACK, NameMention
from .roles import HONORIFICS
from .salience import PARTIES

PARTITIVES = {"one", "some", "many", "several", "two", "three", "each", "both", "most", "all", "none"}
# how a body's or a place's name modifies the noun that speaks ("U.S. senator", "Ohio's governor")
NAME_MODIFIER_RELS = {"compound", "amod", "nmod"}
# the articles that open an apposition after a name ("Rep. Jim Jordan, an oversight panel member")
ARTICLES = {"a", "an", "the"}
# words before the examples a group's description names ("critics, like …", "officials, including …")
EXAMPLE_LINKS = {"like", "including"}


def _links_examples(mention: list[Word], j: int) -> bool:
    """Whether ``mention[j]`` opens the examples of the noun before it: "like", "including", "such as"."""
    low = mention[j].text.lower()
    return low in EXAMPLE_LINKS or (low == "as" and mention[j - 1].text.lower() == "such")


class MentionParts:
    """The mention rules of :class:`~service.attribution.coref.Resolver`."""

    doc: Doc
    lex: Lexicons
    by_word: dict[int, EntityState]
    _groups: dict[tuple[str, ...], EntityState]
    _name_at: dict[int, NameMention]
    _new: Callable[[str, str, int], EntityState]  # NameEntities' constructor of a new entity

    def _modifies_a_noun(self, w: Word, mention: list[Word]) -> bool:
        """Whether the name word ``w`` (not a person's) only modifies a common noun of the mention, through
        its own name's words: "U.S." in "the former first lady and U.S. senator"."""
        words, inside = self.doc.words, {x.i for x in mention}
        entity = self.by_word[w.i]
        if entity.kind == "person":
            return False
        x = w
        while x.head >= 0 and self.by_word.get(x.head) is entity and x.rel in ("flat", "compound"):
            x = words[x.head]
        if x.head < 0 or x.head not in inside or x.rel not in NAME_MODIFIER_RELS:
            return False
        noun = words[x.head]
        return noun.upos == "NOUN" and noun.i not in self.by_word

    def _coordinated(self, people: list[EntityState], mention: list[Word]) -> EntityState | None:
        """The group of two or more people named side by side as one subject ("Mr. Grassley and Mr. Leahy",
        "Jeff Merkley, Sherrod Brown and Robert Menendez"), one entity for the same set of people."""
        # "Patrick J. Leahy, Democrat of Vermont": the state of a party tag is none of the people
        states = {self.by_word[mention[k + 2].i].id for k in range(len(mention) - 2)
                  if mention[k].text.lower() in PARTIES and mention[k + 1].text == "of"
                  and mention[k + 2].i in self.by_word}  # fmt: skip
        unique = [e for e in {e.id: e for e in people}.values() if e.id not in states]
        if len(unique) < 2:
            return None
        ids = {e.id for e in unique}
        spots = [k for k, w in enumerate(mention) if w.i in self.by_word and self.by_word[w.i].id in ids]
        span = mention[spots[0] : spots[-1] + 1]
        # "Charles E. Grassley, Republican of Iowa, and Patrick J. Leahy": a party and its state are a tag
        tagged = {k + 1 for k, w in enumerate(span[:-1]) if w.text.lower() in PARTIES and span[k + 1].text == "of"}
        between = {w.text.lower() for k, w in enumerate(span) if w.i not in self.by_word and k not in tagged}
        # only names, commas, "and" and what names carry (honorifics, titles, party tags) between them
        if "and" not in between or between & {"of", "for", "with", "to", "by", "at", "'s", "’s"}:
            return None
        key = tuple(e.id for e in unique)
        group = self._groups.get(key)
        if group is None:
            names = [e.name for e in unique]
            label = " and ".join([", ".join(names[:-1]), names[-1]])
            group = self._groups[key] = self._new("group", label, len(mention))
        return group

    def _examples(self, mention: list[Word]) -> list[Word]:
        """The people a group's description names as its examples, when two or more are named: "Critics of the
        program, like *Senators Charles E. Grassley … and Patrick J. Leahy*" speak as those two."""
        for j in range(1, len(mention)):
            if _links_examples(mention, j):
                tail = mention[j + 1 :]
                people = {self.by_word[x.i].id for x in tail if x.i in self.by_word
                          and self.by_word[x.i].kind == "person"}  # fmt: skip
                return tail if len(people) >= 2 else []
        return []

    def _names_a_modifier(self, e: EntityState, mention: list[Word]) -> bool:
        """Whether every name of ``e`` in the mention modifies a noun after it ("Trump campaign", "Clinton's")."""
        spots = [k for k, w in enumerate(mention) if self.by_word.get(w.i) is e
                 and (k + 1 == len(mention) or self.by_word.get(mention[k + 1].i) is not e)]  # fmt: skip
        return bool(spots) and all(
            k + 1 < len(mention) and (mention[k + 1].text in ("'s", "’s") or mention[k + 1].upos == "NOUN")
            for k in spots
        )

    def _speaking_part(self, mention: list[Word]) -> list[Word]:
        """The words of a mention that can name the speaker: not "officials *in Kyiv*", not "spokesman *for
        the ministry*", but "the statement *of Klaus Iohannis*"."""
        for j, w in enumerate(mention):
            if j > 0 and _links_examples(mention, j):
                return mention[:j]  # "Other major unions, including the American Federation of Teachers": the unions
            if w.upos == "ADP" and j == 1 and w.text.lower() == "of" and mention[0].text.lower() in PARTITIVES:
                continue  # "One of the family's attorneys, Justin Bamberg": the partitive names no one itself
            if w.upos == "ADP" and j > 0 and self._inside_title(mention, j):
                continue  # "Secretary of State John F. Kerry": the "of" belongs to the title
            if w.upos == "ADP" and j > 0:
                before = [x for x in mention[:j] if x.upos in ("NOUN", "PROPN")]
                if w.text.lower() == "of" and before and before[-1].lemma.lower() in self.lex.communication_nouns:
                    return mention[j + 1 :]
                return mention[:j] + self._trailing_name(mention[j:])
        return mention

    def _trailing_name(self, words: list[Word]) -> list[Word]:
        """The person's name that closes a mention after a comma ("An attorney for Pagliano, *Mark
        MacDougall*,"): the one the description before it is about."""
        while words and words[-1].text == ",":
            words = words[:-1]
        commas = [k for k, w in enumerate(words) if w.text == ","]
        if not commas:
            return []
        tail = words[commas[-1] + 1 :]
        people = {self.by_word[w.i].id for w in tail if w.i in self.by_word and self.by_word[w.i].kind == "person"}
        # "The minister of the economy, Mr. Guajardo Villarreal,": an honorific may open the name
        named = all(w.i in self.by_word or w.text.lower() in HONORIFICS for w in tail)
        return tail if tail and len(people) == 1 and named else []

    def _name_before_apposition(self, mention: list[Word]) -> EntityState | None:
        """The person named right before a mention that opens a comma's apposition ("a", "an", "the", or the
        words after one), past a party tag: "Rep. Jim Jordan (R-Ohio), | an oversight panel member"."""
        words = self.doc.words
        k = mention[0].i - 1
        if mention[0].text.lower() not in ARTICLES:
            if k < 1 or words[k].text.lower() not in ARTICLES:
                return None
            # "Ildefonso Guajardo Villarreal, the | Mexican secretary of the economy": a span without its article
            k -= 1
        if k < 1 or words[k].text != ",":
            return None
        k -= 1
        if words[k].text == ")":
            k = self.doc.before_brackets(k)
        e = self.by_word.get(k)
        if e is None or e.kind != "person" or words[k].sent != mention[0].sent:
            return None
        first = k
        while first - 1 >= 0 and self.by_word.get(first - 1) is e:
            first -= 1
        # the name as a subject, not the object of a preposition ("At a press conference in Chelsea, the mayor")
        if first > 0 and words[first - 1].upos == "ADP":
            return None
        return e

    def _name_after_title(self, mention: list[Word]) -> EntityState | None:
        """The entity of the name right after a mention that is only a title ("Rep", "Sen.", "President")."""
        words = [w for w in mention if w.text != "."]
        if not words or len(words) > 2 or not (
            self.lex.is_title([w.text for w in words]) or words[-1].text.lower() in self.lex.title_abbreviations
        ):
            return None
        k = mention[-1].i + 1
        if k < len(self.doc.words) and self.doc.words[k].text == ".":
            k += 1
        nm = self._name_at.get(k)
        return self.by_word.get(k) if nm is not None and nm.first == k else None

    def _inside_title(self, mention: list[Word], j: int) -> bool:
        """Whether ``mention[j]`` is inside a title of the lexicon written across it ("Secretary of State")."""
        for a in range(max(0, j - TITLE_LOOKBACK), j):
            for b in range(j + 1, min(len(mention), j + TITLE_LOOKBACK + 1)):
                if self.lex.is_title([w.text for w in mention[a : b + 1]]):
                    return True
        return False
