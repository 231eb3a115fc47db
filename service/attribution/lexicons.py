"""The word lists the rules use, read once from ``service/lexicons/*.txt`` (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"


def _lines(name: str) -> list[str]:
    out = []
    for line in (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip() if not line.startswith("#") else ""
        if line.strip():
            out.append(line.strip())
    return out


# word classes the rules name once
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
QUOTE_CHARS = set("“”„«»\"‘’‚‹›'") | {"''", "``"}
SENTENCE_END = {".", "!", "?"}


# the small words inside place names ("Democratic Republic of the Congo"), no places themselves
PLACE_NAME_LINKS = frozenset({"of", "the", "and", "republic", "democratic", "people's", "united"})


@dataclass(frozen=True)
class Lexicons:
    """All word lists, lower case."""

    speech_verbs: frozenset[str]
    belief_verbs: frozenset[str]
    titles: tuple[tuple[str, ...], ...]  # token sequences, longest first
    # one-word abbreviated titles as the tokenizer may split them ("gov" of "Gov."), for joining name runs
    title_abbreviations: frozenset[str]
    organisations: frozenset[str]
    groups: frozenset[str]
    anonymous: frozenset[str]
    demonyms: dict[str, str]
    role_synonyms: dict[str, frozenset[str]]
    directive_verbs: frozenset[str]
    weak_cues: frozenset[str]
    communication_nouns: frozenset[str]
    headline_labels: frozenset[str]
    bare_complement_verbs: frozenset[str]
    time_words: frozenset[str]
    evidence_verbs: frozenset[str]
    evidence_sources: frozenset[str]
    np_object_verbs: frozenset[str]
    parenthetical_verbs: frozenset[str]
    us_states: dict[str, str]  # AP abbreviation or postal code (lower case, no dots) → state name
    first_names: dict[str, str]  # lower-case first name → "m" | "f"
    place_words: frozenset[str]
    group_descriptors: frozenset[str]  # plural occupations that are no group's title ("activists", "scholars")
    body_synonyms: dict[str, frozenset[str]]  # "agency" → words of the names an agency may have

    @cached_property
    def place_names(self) -> frozenset[str]:
        """The words of US states, countries and their demonyms ("new", "york", "indiana", "ukrainian")."""
        # the demonym table also maps party words to their parties ("republican"): those are no places
        lands = {d: land for d, land in self.demonyms.items() if not land.endswith(" Party")}
        names = [*self.us_states.values(), *lands, *lands.values()]
        return frozenset(w for n in names for w in n.lower().split()) - PLACE_NAME_LINKS

    @cached_property
    def country_names(self) -> frozenset[str]:
        """The names the demonym table gives in lower case ("mexico", "ukraine")."""
        return frozenset(v.lower() for v in self.demonyms.values())

    @cached_property
    def state_names(self) -> frozenset[str]:
        """The US states' names in lower case ("west virginia")."""
        return frozenset(n.lower() for n in self.us_states.values())

    @cached_property
    def _title_set(self) -> frozenset[tuple[str, ...]]:
        return frozenset(self.titles)  # built once: is_title runs for every word of every name

    @cached_property
    def titles_by_last(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """The titles by their last token, longest first (roles.match_title looks up only these)."""
        index: dict[str, list[tuple[str, ...]]] = {}
        for title in self.titles:
            index.setdefault(title[-1], []).append(title)
        return {k: tuple(v) for k, v in index.items()}

    def is_title(self, words: list[str]) -> bool:
        return tuple(w.lower() for w in words) in self._title_set


def _abbreviation_variants(title: str) -> set[tuple[str, ...]]:
    """A title's token sequence, and, for abbreviations, the tokenizer's other spelling: "Rep." is read as
    one token or as "Rep" and "." ("sen." → ("sen", "."); "lt. gov." → ("lt", ".", "gov", "."))."""
    tokens = tuple(title.lower().split())
    split: list[str] = []
    for t in tokens:
        split.extend([t[:-1], "."] if len(t) > 1 and t.endswith(".") else [t])
    return {tokens, tuple(split)}


@lru_cache(maxsize=1)
def load() -> Lexicons:
    """Read every lexicon file (cached for the life of the process)."""
    titles = sorted({v for t in _lines("titles.txt") for v in _abbreviation_variants(t)}, key=len, reverse=True)
    demonyms = {}
    for line in _lines("demonyms.txt"):
        key, _, place = line.partition("\t")
        demonyms[key.strip().lower()] = place.strip()
    synonyms = {}
    for line in _lines("role_synonyms.txt"):
        key, _, vals = line.partition("\t")
        synonyms[key.strip().lower()] = frozenset(v.strip() for v in vals.split("|") if v.strip())
    return Lexicons(
        speech_verbs=frozenset(w.lower() for w in _lines("speech_verbs.txt")),
        belief_verbs=frozenset(w.lower() for w in _lines("belief_verbs.txt")),
        titles=tuple(titles),
        title_abbreviations=frozenset(t[0] for t in titles if len(t) == 2 and t[1] == "."),
        organisations=frozenset(w.lower() for w in _lines("organisations.txt")),
        groups=frozenset(w.lower() for w in _lines("groups.txt")),
        anonymous=frozenset(w.lower() for w in _lines("anonymous.txt")),
        demonyms=demonyms,
        role_synonyms=synonyms,
        directive_verbs=frozenset(w.lower() for w in _lines("directive_verbs.txt")),
        weak_cues=frozenset(w.lower() for w in _lines("weak_cues.txt")),
        communication_nouns=frozenset(w.lower() for w in _lines("communication_nouns.txt")),
        headline_labels=frozenset(w.lower() for w in _lines("headline_labels.txt")),
        bare_complement_verbs=frozenset(w.lower() for w in _lines("bare_complement_verbs.txt")),
        time_words=frozenset(w.lower() for w in _lines("time_words.txt")),
        evidence_verbs=frozenset(w.lower() for w in _lines("evidence_verbs.txt")),
        evidence_sources=frozenset(w.lower() for w in _lines("evidence_sources.txt")),
        np_object_verbs=frozenset(w.lower() for w in _lines("np_object_verbs.txt")),
        parenthetical_verbs=frozenset(w.lower() for w in _lines("parenthetical_verbs.txt")),
        us_states=_states(),
        first_names=dict(line.lower().split("\t", 1) for line in _lines("first_names.txt")),
        place_words=frozenset(w.lower() for w in _lines("place_words.txt")),
        group_descriptors=frozenset(w.lower() for w in _lines("group_descriptors.txt")),
        body_synonyms={
            head.strip().lower(): frozenset(words.strip().lower().split("|"))
            for head, _, words in (line.partition("\t") for line in _lines("body_synonyms.txt"))
        },
    )


def _states() -> dict[str, str]:
    states: dict[str, str] = {}
    for line in _lines("us_states.txt"):
        name, _, abbreviations = line.partition("\t")
        for key in [name, *abbreviations.split("|")]:
            if key.strip():
                states[key.strip().lower().replace(".", "")] = name.strip()
    return states


def cue_class(w: Any, lex: Lexicons) -> str | None:
    """``speech`` or ``belief`` when the word ``w`` (a document.Word) is a verb of saying or believing, else
    None."""
    if w.upos not in ("VERB",):
        return None
    lemmas = [w.lemma.lower()]
    if w.lemma == w.text and w.text[:1].isupper():
        # the lemmatizer leaves a capitalised form as it is ("Said Ellis: …" opens a sentence)
        lemmas += _base_forms(w.text.lower())
    for lemma in lemmas:
        if lemma in lex.speech_verbs:
            return "speech"
        if lemma in lex.belief_verbs:
            return "belief"
    return None


# the forms of the commonest speech verbs, read as cues whatever the tagger calls them (clauses.py, surface.py)
SPEECH_FORMS = {"said": "say", "says": "say", "told": "tell", "tells": "tell", "wrote": "write", "writes": "write"}
# with the past forms of speech and belief verbs that no suffix rule below undoes
IRREGULAR_FORMS = {**SPEECH_FORMS, "spoke": "speak", "thought": "think", "knew": "know", "felt": "feel",
                   "saw": "see", "swore": "swear", "taught": "teach"}  # fmt: skip


def _base_forms(form: str) -> list[str]:
    """The lemmas a verb form may have, for a word the lemmatizer left alone: "said" → say, "noted" → note."""
    out = [IRREGULAR_FORMS[form]] if form in IRREGULAR_FORMS else []
    for suffix, add in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
                        ("ing", ""), ("ing", "e")):  # fmt: skip
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            out.append(form[: -len(suffix)] + add)
    return out
