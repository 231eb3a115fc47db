"""How a quotation goes on from the one before it: the same paragraph, the next paragraph, the cue between
them, and the subject of the sentence before a quotation that has no cue of its own (engine.py's stage 4)."""

from __future__ import annotations

from .document import Doc, Word
from .marks import Quotation
from .subjects import fallback_subject, subject_of


def previous_subject(doc: Doc, q: Quotation, excluded: list[tuple[int, int]]) -> Word | None:
    """The subject of the sentence before a cue-less quotation, when that sentence names someone."""
    first = doc.word_at(q.start)
    if first is None:
        return None
    s = first.sent - 1
    while s >= 0 and doc.sentences[s].end > q.open_pos:
        s -= 1
    if s < 0 or first.para - doc.sentences[s].para > 1:
        return None
    root = next((w for w in doc.sentence_words(s) if w.head < 0), None)
    if root is None:
        return None
    subj = subject_of(doc, root) or fallback_subject(doc, root)
    if subj is None or any(a <= subj.start < b for a, b in excluded):
        return None
    if subj.upos not in ("PROPN", "NOUN", "PRON"):
        return None
    return subj


def same_paragraph(doc: Doc, prev: Quotation, q: Quotation | None) -> bool:
    return q is not None and doc.para_of(prev.outer_end) == doc.para_of(q.open_pos) and prev.outer_end <= q.open_pos


def first_name_between(doc: Doc, start: int, cue: Word) -> Word | None:
    """``,'' Leonard E. Burman, director of the centre, said``: the last word of the first name after the mark."""
    k = doc.first_word_after(start - 1)
    while k < cue.i and doc.words[k].upos in ("PUNCT",):
        k += 1
    if k >= cue.i or doc.words[k].upos not in ("PROPN", "PRON", "NOUN", "DET"):
        return None
    while k + 1 < cue.i and doc.words[k + 1].upos in ("PROPN", "NOUN") and doc.words[k].upos != "PRON":
        k += 1
    return doc.words[k] if doc.words[k].upos in ("PROPN", "PRON", "NOUN") else None


def starts_sentence(doc: Doc, q: Quotation) -> bool:
    """Whether a quotation opens its sentence (only such a quotation may take the previous sentence's speaker)."""
    para_start = doc.para_starts[doc.para_of(q.open_pos)]
    before = doc.text[para_start : q.open_pos].rstrip()
    return not before or before[-1] in ".!?”\"’:"


def resumes(doc: Doc, prev_end: int, cue: Word | None, q: Quotation | None) -> bool:
    """Whether ``q`` resumes the quotation ending at ``prev_end`` after the cue that interrupts it:
    ``“A,” she said on Monday. “B.”``.

    Same paragraph, and between the two only the first's own cue sentence (which may hold a scare quote).
    """
    if q is None or cue is None or doc.para_of(prev_end) != doc.para_of(q.open_pos):
        return False
    if not prev_end <= cue.start < q.open_pos:
        return False
    between = doc.text[prev_end : q.open_pos]
    # sentence ends, not counting abbreviations ("Mr.", "Sen.", "D.C.")
    ends = sum(1 for tok in between.split() if tok[-1] in ".!?" and not (tok[0].isupper() and len(tok) <= 4))
    return ends <= 1


def follows(doc: Doc, prev: Quotation, q: Quotation | None) -> bool:
    """Whether quotation ``q`` opens the paragraph right after the one where ``prev`` closed."""
    if q is None:
        return False
    between = doc.text[prev.outer_end : q.open_pos]
    return between.count("\n") >= 1 and not any(ch.isalnum() for ch in between)
