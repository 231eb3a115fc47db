"""From a pending attribution to its record: the cue's characters, the content's first word and the
confidence its rule earns."""

from __future__ import annotations

import re

from .document import Doc
from .pending import Pending
from .records import Attribution, Cue, Span, SpeakerRef

# The confidence of a record by the rule that found it, before the scorer calibrates the rules' records
CONFIDENCE = {
    "direct-cue": 0.95,
    "direct-positional": 0.8,
    "direct-previous": 0.6,
    "direct-resumed": 0.9,
    "ccomp": 0.85,
    "xcomp": 0.75,
    "parataxis": 0.8,
    "according": 0.85,
    "headline": 0.5,
    "transcript": 0.9,
    "block": 0.85,
    "direct-signed": 0.9,
    "np-object": 0.6,
    "evidence": 0.7,
    "call": 0.75,
}


# PolNeAR's cues hold the verb's auxiliaries, negation and adverbs before it ("has said", "isn't saying",
# "also asserted", "to admit"): in its train split 3,133 cues start with one, and only 109 leave one just
# before them outside. So a rule's cue reaches left over these dependents of its verb, and right over a
# verb particle ("pointed out").
CUE_PREFIX_DEPRELS = frozenset({"aux", "aux:pass", "advmod"})
CUE_PREFIX_MAX = 3


def cue_span(doc: Doc, p: Pending) -> tuple[int, int]:
    """The cue's characters: the rule's verb (to ``cue_end``), with the verb's auxiliaries, negation,
    adverbs and infinitive "to" right before it, and a particle right after it."""
    assert p.cue is not None
    verb = p.cue
    start, end = verb.start, p.cue_end or verb.end
    if p.rule == "tagger":  # the tagger's cue span is already drawn the corpus's way
        return start, end
    k, taken = verb.i - 1, 0
    while k >= 0 and taken < CUE_PREFIX_MAX:
        w = doc.words[k]
        own = w.head == verb.i and w.sent == verb.sent
        if not own or not (
            w.deprel in CUE_PREFIX_DEPRELS and w.upos in ("AUX", "ADV", "PART")
            or (w.deprel == "mark" and w.text.lower() == "to")
        ):
            break
        start, taken, k = w.start, taken + 1, k - 1
    after = verb.i + 1
    if end == verb.end and after < len(doc.words):
        w = doc.words[after]
        if w.head == verb.i and w.deprel == "compound:prt":
            end = w.end
    return start, end


SPACE_AND_THAT = re.compile(r"\s*(?:that\s+)?")


def _skip_that(text: str, at: int) -> int:
    """The offset of the first word after ``at``, past a complementiser "that"."""
    m = SPACE_AND_THAT.match(text, at)
    return m.end() if m else at


def make_record(doc: Doc, p: Pending, speaker: SpeakerRef | None) -> Attribution:
    """The record of a pending attribution: its cue span, its content past a leading particle, and its
    confidence from its rule, lowered for a belief, an anonymous speaker or a pronoun."""
    cue = None
    if p.cue is not None:
        start, end = cue_span(doc, p)
        cue = Cue(Span(doc.text[start:end], start, end), p.cue.lemma.lower())
        if start <= p.start < end < p.end:  # the particle the rule read as the content's first word
            p.start = _skip_that(doc.text, end)
    if speaker is None:
        conf = 0.2 if p.rule == "scare" else 0.35
    else:
        conf = p.score if p.score is not None else CONFIDENCE.get(p.rule, 0.7)
        if p.type == "belief":
            conf = min(conf, 0.7)
        if speaker.kind == "anonymous":
            conf -= 0.05
        if speaker.mention.text.lower() in ("he", "she", "they", "it", "him", "her", "we"):
            conf -= 0.05
    return Attribution(
        id="",
        type=p.type,
        quote=Span(doc.text[p.start : p.end], p.start, p.end),
        speaker=speaker,
        role=None,
        cue=cue,
        confidence=round(max(0.0, min(1.0, conf)), 2),
        origin=p.rule,
    )
