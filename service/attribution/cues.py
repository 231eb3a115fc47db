"""Cues: the verbs (and "according to") that introduce speech, and the content and subject they govern.

Reported speech comes from the dependency parse:
* a speech verb with a clausal complement: ``said (that) …``, ``announced that …`` (ccomp);
* ``warned the West to …``, ``urged X to …`` (object + xcomp);
* the parenthetical cue: ``…, officials said`` / ``…, reports BBC`` (the cue is a parataxis of the content);
* ``according to X, …``.
Direct quotations find their cue by position next to the closing or opening mark, so a verb the lexicon
lacks ("twitted") still counts when it stands where a cue stands.

The rule families live beside this module: the clause's words in clauses.py, the surface readings (a cue
that interrupts its content, "said … that") in surface.py, speech acts with a noun-phrase content and
"according to" in speech_acts.py, and the cue's speaker in subjects.py.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .clauses import Candidate, clause_like, content_words, contiguous, has_that, strip_edges, trim_tail, words_span
from .document import Doc, Word
from .lexicons import QUOTE_CHARS, SENTENCE_END, Lexicons, cue_class
from .speech_acts import according_to, call_phrase, evidence_claim, noun_phrase_object
from .subjects import subject_of
from .surface import interrupting_cues, surface_that


def reported_candidates(doc: Doc, lex: Lexicons, include_beliefs: bool) -> list[Candidate]:
    """Every reported-speech (and, on request, belief) attribution the parse shows."""
    out: list[Candidate] = []
    for sent in doc.sentences:
        out.extend(interrupting_cues(doc, sent.first, sent.last, lex))
    surface_cues = {c.cue.i for c in out}
    for v in doc.words:
        if v.i in surface_cues:
            continue
        kind = cue_class(v, lex)
        if kind is None and v.text.lower() == "according" and v.i + 1 < len(doc.words):
            if doc.words[v.i + 1].text.lower() == "to":
                cand = according_to(doc, v, lex)
                if cand:
                    out.append(cand)
            continue
        if kind is None or (kind == "belief" and not include_beliefs):
            continue
        lemma = v.lemma.lower()
        weak = lemma in lex.weak_cues
        subj = subject_of(doc, v)
        special = call_phrase(doc, v, subj, lex) if lemma == "call" else evidence_claim(doc, v, subj, lex)
        if special is not None:
            out.append(special)
            continue
        children = [doc.words[c] for c in v.children]
        comp = [c for c in children if c.deprel == "ccomp" or (c.rel == "parataxis" and c.i < v.i and not weak)]
        if weak:
            comp = [c for c in comp if has_that(doc, c)]
        found = False
        for c in comp:
            if subj is not None and v.i < subj.i < c.i:
                continue  # "said Mr. Kamin, who emphasized …": not the cue's complement
            if c.i < v.i and not any(
                doc.words[k].text in (",", ":", "—", *QUOTE_CHARS) for k in range(c.i + 1, v.i)
            ):
                continue  # "Some 56 percent polled said they …": no comma or mark, so no content before the cue
            sub = content_words(doc, c.i, v, subj, lex)
            span = words_span(doc, sub)
            if span is None or len(sub) < 2 or not clause_like(doc, sub):
                continue
            out.append(Candidate(*span, v, v.end, subj, c.rel, kind))
            found = True
        if found:
            continue
        obj = [c for c in children if c.rel in ("obj", "iobj")]
        to_clause = [
            doc.words[k] for o in obj for k in o.children
            if doc.words[k].rel == "acl" and any(doc.words[m].text.lower() == "to" for m in doc.words[k].children)
        ]
        xcomp = to_clause + [
            c for c in children
            if c.i > v.i and (c.rel == "xcomp" or (c.rel == "advcl" and any(
                doc.words[m].text.lower() == "to" and doc.words[m].rel == "mark" for m in c.children)))
        ]
        if obj and xcomp and lemma in lex.directive_verbs:
            sub = content_words(doc, xcomp[0].i, v, subj, lex)
            sub = [k for k in sub if k >= obj[0].i] or sub
            lo = min(doc.subtree(obj[0].i))
            sub = list(range(max(lo, v.i + 1), sub[-1] + 1)) if sub else sub
            span = words_span(doc, strip_edges(doc, sub))
            if span:
                out.append(Candidate(*span, v, v.end, subj, "xcomp", kind))
                continue
        if kind == "belief" and not obj and xcomp and subj is not None:
            # "wants to get a sense of the voters", "plans to target Indiana voters": the intention
            x = xcomp[0]
            sub = [k for k in doc.subtree(x.i) if doc.words[k].sent == v.sent and k > v.i]
            to = [m for m in x.children if doc.words[m].text.lower() == "to" and doc.words[m].rel == "mark"]
            if to and sub:
                idx = trim_tail(doc, x.i, strip_edges(doc, list(range(min(sub), max(sub) + 1))), lex)
                if len(idx) >= 2:
                    out.append(Candidate(*words_span(doc, idx), v, v.end, subj, "xcomp", kind))
                    continue
        # "…, officials said": the cue hangs off the content as a parataxis
        if v.rel == "parataxis" and 0 <= v.head < v.i and not weak and subj is not None:
            host = v.head
            drop = set(doc.subtree(v.i))
            sub = sorted(k for k in doc.subtree(host) if k not in drop and k < v.i)
            sub = strip_edges(doc, contiguous(sub, host))
            span = words_span(doc, sub)
            if span and len(sub) >= 3:
                out.append(Candidate(*span, v, v.end, subj, "parataxis", kind))
                continue
        cand = surface_that(doc, v, subj, kind, lex) or noun_phrase_object(doc, v, subj, lex)
        if cand is not None:
            out.append(cand)
    surface = [c for c in out if c.cue.i in surface_cues]
    return [part for c in merge_by_cue([c for c in out if c.cue.i not in surface_cues], doc) + surface
            for part in _without_aside(doc, c)]  # fmt: skip


ASIDE = re.compile(r"\s+(—|–|--)\s+[^—–\n]{3,}?\s+(—|–|--)\s+")


def _without_aside(doc: Doc, c: Candidate) -> list[Candidate]:
    """``concerns about job loss — as articulated by Alan Krueger — were not to be dismissed``: the aside
    between two dashes is the writer's, so the content is given as two parts with one cue."""
    text = doc.text[c.start : c.end]
    m = ASIDE.search(text)
    if m is None or any(ch in QUOTE_CHARS for ch in text):
        return [c]
    left_end, right_start = c.start + m.start(), c.start + m.end()
    if len(doc.text[c.start : left_end].split()) < 2 or len(doc.text[right_start : c.end].split()) < 2:
        return [c]
    return [replace(c, end=left_end), replace(c, start=right_start)]


def merge_by_cue(cands: list[Candidate], doc: Doc) -> list[Candidate]:
    """One content per cue: two complements of the same cue separated only by "and"/"," are one report."""
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (c.cue.i, c.start)):
        prev = out[-1] if out else None
        if prev is not None and prev.cue.i == c.cue.i:
            if c.start < prev.end:  # overlapping complements of one cue: one content
                prev.start, prev.end = min(prev.start, c.start), max(prev.end, c.end)
                continue
            gap = doc.text[prev.end : c.start].strip(" ,;").lower()
            if gap in ("", "and", "and that", "but", "but that", "or"):
                prev.end = c.end
                continue
        out.append(c)
    return out


def cue_after(doc: Doc, close_pos: int, lex: Lexicons) -> Word | None:
    """The cue verb right after a closing quotation mark: ``,” she said`` / ``,” said Psaki``.

    A verb outside the lexicon counts only in full cue position: a comma at the mark (``,”`` or ``”,``),
    within the first few words, and with the sentence ending soon after it (``,” Iohannis twitted.``).
    """
    para = doc.para_of(close_pos)
    window: list[Word] = []
    for w in doc.words[doc.first_word_after(close_pos) :]:
        if w.para != para or len(window) >= 40:
            break
        if w.text in SENTENCE_END or (w.text in "“„«\"" and window):
            break
        window.append(w)
    if not window:
        return None
    # a speech verb after the speaker and any apposition: ``,'' Leonard E. Burman, director of …, said``
    clause = next((n for n, w in enumerate(window) if w.upos == "SCONJ"), len(window))
    window = window[:clause]  # "says, “Don't you do it,” until gunshots are heard": a clause of its own
    if not window:
        return None
    for n, w in enumerate(window):
        if cue_class(w, lex) == "speech":
            return None if _reports_its_own(doc, window[:n], w) else w
        if w.upos in ("VERB", "AUX") and n > 0 and not _modifies_speaker(doc, w):
            break
    comma = doc.text[close_pos - 1 : close_pos] in (",", "!", "?") or window[0].text == ","
    if not comma:
        return None
    ids = {w.i for w in window}
    for n, w in enumerate(window[:5]):
        tail = len(window) - n - 1
        if tail > 3:
            continue
        if w.upos == "VERB" and any(c in ids and doc.words[c].rel == "nsubj" for c in w.children):
            return w
        # the tagger may miss a rare verb ("twitted"): a name, then a past-tense form, then the end
        if n >= 1 and window[n - 1].upos in ("PROPN", "PRON") and w.text.endswith("ed"):
            return w
    return None


def _reports_its_own(doc: Doc, before: list[Word], verb: Word) -> bool:
    """Whether a speech verb joined on after a quoted phrase reports a clause of its own (``… to “vote your
    conscience” and said he was standing on principle``), so it is not the quotation's cue."""
    joined = any(w.upos == "CCONJ" for w in before)
    return joined and any(doc.words[c].deprel == "ccomp" and c > verb.i for c in verb.children)


def _modifies_speaker(doc: Doc, w: Word) -> bool:
    """Whether a verb only modifies a noun of the speaker's apposition ("one of the states *suing* the EPA"),
    so the speech verb after it is still the quotation's cue."""
    return w.rel == "acl" and w.head >= 0 and doc.words[w.head].upos in ("NOUN", "PROPN", "PRON", "NUM")


def cue_before(doc: Doc, open_pos: int, lex: Lexicons) -> Word | None:
    """The cue verb right before an opening mark: ``Zelensky said: “…`` / ``she told reporters, “…``."""
    para = doc.para_of(open_pos)
    k = doc.first_word_after(open_pos - 1)
    tail = [w for w in doc.words[max(0, k - 4) : k] if w.end <= open_pos and w.para == para]
    if tail and cue_class(tail[-1], lex) == "speech" and tail[-1].xpos == "VBG" and tail[-1].lemma != "tell":
        return tail[-1]  # ``adding "to all the voters …"`` (not ``told "Fox and Friends"``: a name)
    if not tail or tail[-1].text not in (":", ","):
        return None
    for w in reversed(tail):
        if cue_class(w, lex) == "speech":
            return w
    return None
