"""Salience: which earlier entity a pronoun or a definite description most likely refers to.

News text refers back to the people it is about: "he" is usually the last speaker or the subject of a recent
sentence, and over a long article the person the story is about (named most often) wins over someone named
once in passing. "The Indiana governor" is the person the article called "Indiana Gov. Mike Pence"; "the
Republican nominee" is the nominee whose party is Republican, not the Democratic one. Each entity keeps its
sightings (mentions outside quoted and reported content, with whether it was a subject or a speaker); the
scores below weigh them. The weights are named once here and were set on PolNeAR dev (tools/evaluate.py
--identity); a learned mention–antecedent scorer can replace ``pronoun_score``/``description_score``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

# How fast the pull of a sighting fades, per sentence between it and the pronoun.
DECAY = 0.55
# Sightings further back than this many sentences are not antecedents of a pronoun on their own.
PRONOUN_WINDOW = 12
W_RECENT = 2.0  # the latest sighting, decayed by distance
W_SUBJECT = 1.5  # the latest sighting as a subject, decayed
W_SPEAKER = 2.0  # the latest sighting as a speaker, decayed
W_LAST_SPEAKER = 1.0  # the entity of the attribution right before (the quote goes on with "he said")
W_FREQUENCY = 0.8  # log of the number of sightings so far: the person the story is about
W_NAMED = 0.5  # an entity with a proper name rather than a description
# a person named in full for the first time in the narration's sentence before the pronoun (coref.py): news names
# whom it quotes next (2.0 chosen on PolNeAR dev: 1.0 changed nothing, 2.0 and 3.0 the same, none lost)
W_INTRODUCED = 2.0

# Descriptions: the head matches a title the entity holds, the words before the head match its role words.
W_TITLE = 3.0
W_MODIFIER = 1.5
W_PARTY = 2.5  # "the GOP nominee" for a Republican
W_CONTRADICTION = -4.0
# words that make a title another office than its head alone: a deputy is not the one he deputises for
RANK_WORDS = {"vice", "deputy", "assistant", "lieutenant", "associate", "under"}
W_NAME_WORD = 2.5  # "the commission" → "Commission on Presidential Debates"
DESCRIPTION_MIN = 2.5
# A person description no role fits goes to the most salient person when that one's salience is at least this
# (3.0 until session 17: 2.5 resolves "The Democratic nominee" to a headline's subject named again a sentence
# before, and on PolNeAR dev no description went wrong between 2.0 and 3.0)
SALIENT_DESCRIPTION_MIN = 2.5

# Party words that contradict one another in a description ("the Republican nominee" is not the Democrat).
PARTIES = {"republican": "r", "gop": "r", "democratic": "d", "democrat": "d", "libertarian": "l",
           "independent": "i", "green": "g"}  # fmt: skip


# Abbreviated titles as a description spells them out ("Indiana Gov. Mike Pence" … "the Indiana governor").
SPELLED_OUT = {"gov.": "governor", "gov": "governor", "sen.": "senator", "sen": "senator", "rep.": "representative",
               "rep": "representative", "pres.": "president", "sec.": "secretary", "gen.": "general",
               "lt.": "lieutenant", "atty.": "attorney", "congresswoman": "congressman", "chairwoman": "chairman",
               "spokeswoman": "spokesman", "spokesperson": "spokesman", "dr.": "doctor", "dr": "doctor"}  # fmt: skip
# Descriptions that name an office by another word ("the congressman" for a Rep.)
SAME_OFFICE = {
    "congressman": {"representative", "congressman"},
    "lawmaker": {"representative", "senator", "congressman", "lawmaker"},
    "candidate": {"nominee", "candidate"},
    "nominee": {"nominee", "candidate"},
    "judge": {"judge", "justice"},
    "justice": {"justice", "judge"},
    "physician": {"doctor", "physician"},
    "lawyer": {"lawyer", "attorney", "counsel"},
    "attorney": {"attorney", "lawyer", "counsel"},
}


@dataclass(frozen=True)
class Sighting:
    """One mention of an entity in the running text (outside quoted and reported content)."""

    start: int  # character offset
    sent: int  # sentence index
    subject: bool
    speaker: bool = False


def _fade(distance: int) -> float:
    return DECAY ** max(distance, 0)


def pronoun_score(
    sightings: Iterable[Sighting], pos: int, sent: int, *, named: bool, last_speaker: bool
) -> float | None:
    """How strongly an entity with these sightings is the antecedent of a pronoun at ``pos`` (in sentence
    ``sent``); None when it has not been seen within ``PRONOUN_WINDOW`` sentences."""
    before = [s for s in sightings if s.start < pos]
    if not before:
        return None
    latest = max(before, key=lambda s: s.start)
    if sent - latest.sent > PRONOUN_WINDOW:
        return None
    score = W_RECENT * _fade(sent - latest.sent)
    subjects = [s for s in before if s.subject]
    if subjects:
        score += W_SUBJECT * _fade(sent - max(subjects, key=lambda s: s.start).sent)
    speaking = [s for s in before if s.speaker]
    if speaking:
        score += W_SPEAKER * _fade(sent - max(speaking, key=lambda s: s.start).sent)
    score += W_FREQUENCY * math.log1p(len(before))
    score += W_NAMED * named + W_LAST_SPEAKER * last_speaker
    return score


def description_score(head: str, modifiers: list[str], titles: list[str], role_words: set[str], name_words: set[str],
                      synonyms: frozenset[str] | None, bodies: frozenset[str] | None = None) -> float:  # fmt: skip
    """How well a definite description ("the Indiana governor": head "governor", modifiers ["indiana"]) fits
    an entity with these titles, role words (titles, affiliations, party) and name words; ``bodies`` are the
    name words a body's description may stand for. Salience is added by the caller."""
    score = 0.0
    head = _spelled(head)
    title_heads = {_spelled(_singular(_title_head(t))) for t in titles if t.split()}
    wanted = {head} | SAME_OFFICE.get(head, set()) | {_spelled(_singular(s.split()[-1])) for s in synonyms or ()}
    if title_heads & wanted:
        score += W_TITLE
    if head in name_words or name_words & (bodies or frozenset()):
        score += W_NAME_WORD  # "the commission" → Commission on …; "the agency" → Congressional Budget Office
    parties = {PARTIES[w] for w in role_words if w in PARTIES}
    held = {w for t in titles for w in t.lower().split()}
    if any(m in RANK_WORDS and m not in held for m in modifiers):
        return W_CONTRADICTION  # "the vice presidential nominee" is not the presidential nominee
    for m in modifiers:
        if m in PARTIES and parties:
            score += W_PARTY if PARTIES[m] in parties else W_CONTRADICTION
        elif m in role_words or m in name_words:
            score += W_MODIFIER
    return score


# words after a title's head: "Secretary of State" is a secretary, "editor in chief" an editor
TITLE_HEAD_ENDS = {"of", "for", "to", "in", "at"}


def _title_head(title: str) -> str:
    """The head word of a title: its last word before "of", "for", "in" …, else its last word."""
    words = title.lower().split()
    cut = next((k for k, w in enumerate(words) if w in TITLE_HEAD_ENDS and k > 0), len(words))
    return words[cut - 1]


def _spelled(word: str) -> str:
    return SPELLED_OUT.get(word, word)


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word
