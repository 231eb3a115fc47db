"""Cues: the verbs (and "according to") that introduce speech, and the content and subject they govern.

Reported speech comes from the dependency parse:
* a speech verb with a clausal complement: ``said (that) …``, ``announced that …`` (ccomp);
* ``warned the West to …``, ``urged X to …`` (object + xcomp);
* the parenthetical cue: ``…, officials said`` / ``…, reports BBC`` (the cue is a parataxis of the content);
* ``according to X, …``.
Direct quotations find their cue by position next to the closing or opening mark, so a verb the lexicon
lacks ("twitted") still counts when it stands where a cue stands.
"""

from __future__ import annotations

from dataclasses import dataclass

from .document import Doc, Word
from .lexicons import Lexicons

RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
QUOTE_CHARS = set("“”„«»\"‘’‚‹›'")
SENTENCE_END = {".", "!", "?"}


@dataclass
class Candidate:
    """A reported-speech attribution found in the parse, before speakers are resolved."""

    start: int
    end: int
    cue: Word
    cue_end: int  # character end of the cue phrase ("according to")
    subject: Word | None
    rule: str
    kind: str  # speech or belief


def cue_class(w: Word, lex: Lexicons) -> str | None:
    """``speech`` or ``belief`` when ``w`` is a verb of saying or believing, else None."""
    if w.upos not in ("VERB",):
        return None
    lemma = w.lemma.lower()
    if lemma in lex.speech_verbs:
        return "speech"
    if lemma in lex.belief_verbs:
        return "belief"
    return None


def subject_of(doc: Doc, v: Word) -> Word | None:
    """The subject of a cue verb, looking through coordination and participles ("…, adding that")."""
    seen = set()
    cur: Word | None = v
    while cur is not None and cur.i not in seen:
        seen.add(cur.i)
        for c in cur.children:
            w = doc.words[c]
            if w.deprel in ("nsubj", "nsubj:outer") or (w.deprel == "obl:agent"):
                if w.text.lower() in RELATIVE_PRONOUNS and cur.rel == "acl" and cur.head >= 0:
                    return doc.words[cur.head]
                return w
        if cur.rel in ("conj", "advcl", "xcomp") and cur.head >= 0:
            cur = doc.words[cur.head]
            continue
        if cur.rel == "acl" and cur.head >= 0:
            return doc.words[cur.head]
        break
    return None


def _strip(doc: Doc, idx: list[int]) -> list[int]:
    """Drop punctuation, quote marks and a leading complementiser from a word list."""
    words = doc.words
    while idx and words[idx[0]].upos == "PUNCT" and words[idx[0]].text not in QUOTE_CHARS:
        idx = idx[1:]
    if idx and words[idx[0]].text.lower() in ("that", "whether", "if") and words[idx[0]].rel == "mark":
        idx = idx[1:]
    while idx and words[idx[0]].upos == "PUNCT" and words[idx[0]].text not in QUOTE_CHARS:
        idx = idx[1:]
    while idx and words[idx[-1]].upos == "PUNCT" and words[idx[-1]].text not in QUOTE_CHARS:
        idx = idx[:-1]
    return idx


def _contiguous(idx: list[int], around: int) -> list[int]:
    """The run of consecutive indices that contains (or is nearest to) ``around``."""
    if not idx:
        return idx
    runs, cur = [], [idx[0]]
    for k in idx[1:]:
        if k == cur[-1] + 1:
            cur.append(k)
        else:
            runs.append(cur)
            cur = [k]
    runs.append(cur)
    for r in runs:
        if r[0] <= around <= r[-1]:
            return r
    return min(runs, key=lambda r: min(abs(r[0] - around), abs(r[-1] - around)))


def _trim_tail(doc: Doc, root: int, idx: list[int], lex: Lexicons) -> list[int]:
    """Cut a trailing ``, which it said …`` or ``, accusing …`` off a content: narration, not the report."""
    if not idx:
        return idx
    last = idx[-1]
    cut = None
    for k in idx:
        w = doc.words[k]
        if k == root or w.rel not in ("acl", "advcl"):
            continue
        sub = doc.subtree(k)
        if sub[-1] < last - 1 or sub[0] - 1 < idx[0]:
            continue
        before = doc.words[sub[0] - 1]
        if before.text not in (",", ";", "—", "–"):
            continue
        nested_cue = any(cue_class(doc.words[j], lex) == "speech" for j in sub)
        participle = w.rel == "advcl" and (w.xpos == "VBG" or w.text.lower().endswith("ing"))
        if nested_cue or participle:
            pos = sub[0] - 1
            cut = pos if cut is None else min(cut, pos)
    if cut is not None:
        idx = [k for k in idx if k < cut]
    return idx


def _span(doc: Doc, idx: list[int]) -> tuple[int, int] | None:
    if not idx:
        return None
    return doc.words[idx[0]].start, doc.words[idx[-1]].end


def reported_candidates(doc: Doc, lex: Lexicons, include_beliefs: bool) -> list[Candidate]:
    """Every reported-speech (and, on request, belief) attribution the parse shows."""
    out: list[Candidate] = []
    for v in doc.words:
        kind = cue_class(v, lex)
        if kind is None and v.text.lower() == "according" and v.i + 1 < len(doc.words):
            if doc.words[v.i + 1].text.lower() == "to":
                cand = _according(doc, v, lex)
                if cand:
                    out.append(cand)
            continue
        if kind is None or (kind == "belief" and not include_beliefs):
            continue
        children = [doc.words[c] for c in v.children]
        comp = [c for c in children if c.deprel == "ccomp" or (c.rel == "parataxis" and c.i < v.i)]
        if not comp:
            obj = [c for c in children if c.rel in ("obj", "iobj")]
            xcomp = [c for c in children if c.rel == "xcomp" and c.i > v.i]
            if obj and xcomp and kind == "speech":
                sub = sorted(set(doc.subtree(obj[0].i)) | set(doc.subtree(xcomp[0].i)))
                sub = _strip(doc, _contiguous(sub, obj[0].i))
                sub = _trim_tail(doc, xcomp[0].i, sub, lex)
                span = _span(doc, sub)
                if span:
                    out.append(Candidate(*span, v, v.end, subject_of(doc, v), "xcomp", kind))
            # "…, officials said": the cue hangs off the content as a parataxis
            if v.rel == "parataxis" and v.head >= 0 and v.head < v.i:
                host = v.head
                sub = [k for k in doc.subtree(host) if k not in set(doc.subtree(v.i))]
                sub = [k for k in sub if k < v.i]
                sub = _strip(doc, _contiguous(sorted(sub), host))
                span = _span(doc, sub)
                subj = subject_of(doc, v)
                if span and subj is not None:
                    out.append(Candidate(*span, v, v.end, subj, "parataxis", kind))
            continue
        for c in comp:
            sub = _strip(doc, _contiguous(doc.subtree(c.i), c.i))
            sub = _trim_tail(doc, c.i, sub, lex)
            span = _span(doc, sub)
            if span is None or len(sub) < 2:
                continue
            out.append(Candidate(*span, v, v.end, subject_of(doc, v), c.rel, kind))
    return out


def _according(doc: Doc, v: Word, lex: Lexicons) -> Candidate | None:
    # UD: X --case--> according (--fixed--> to); X hangs off the reported predicate as obl.
    x = doc.words[v.head] if v.head >= 0 else None
    if x is None or x.head < 0:
        return None
    pred = doc.words[x.head]
    drop = set(doc.subtree(x.i))
    sub = [k for k in doc.subtree(pred.i) if k not in drop]
    sub = _strip(doc, _contiguous(sub, pred.i))
    span = _span(doc, sub)
    if span is None or len(sub) < 2:
        return None
    return Candidate(*span, v, doc.words[v.i + 1].end, x, "according", "speech")


def cue_after(doc: Doc, close_pos: int, lex: Lexicons) -> Word | None:
    """The cue verb right after a closing quotation mark: ``,” she said`` / ``,” said Psaki``."""
    para = doc.para_of(close_pos)
    window: list[Word] = []
    for w in doc.words:
        if w.start <= close_pos:
            continue
        if w.para != para or len(window) >= 10:
            break
        if w.text in SENTENCE_END or (w.text in QUOTE_CHARS and w.text in "“„«\"" and window):
            break
        window.append(w)
    ids = {w.i for w in window}
    for w in window:
        if cue_class(w, lex) == "speech":
            return w
        if w.upos == "VERB" and any(c in ids and doc.words[c].rel == "nsubj" for c in w.children):
            return w
    # the tagger may miss a rare verb ("twitted"): NAME + word at the end of the clause
    for a, b in zip(window, window[1:], strict=False):
        if a.upos in ("PROPN", "PRON") and b.upos in ("VERB", "NOUN", "ADJ", "X") and b.text.endswith("ed"):
            return b
    return None


def cue_before(doc: Doc, open_pos: int, lex: Lexicons) -> Word | None:
    """The cue verb right before an opening mark: ``Zelensky said: “…`` / ``she told reporters, “…``."""
    before = [w for w in doc.words if w.end <= open_pos and w.para == doc.para_of(open_pos)]
    if not before:
        return None
    tail = before[-4:]
    if not tail or tail[-1].text not in (":", ","):
        return None
    for w in reversed(tail):
        if cue_class(w, lex) == "speech":
            return w
    return None
