"""The words of a reported clause: its span from the parse, trimmed of narration and punctuation, as a
:class:`Candidate` record (the cue, its subject, the rule that found it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Doc, Word
from .lexicons import QUOTE_CHARS, RELATIVE_PRONOUNS, SENTENCE_END, SPEECH_FORMS, Lexicons, cue_class
from .marks import Quotation


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
    mention: list[Word] | None = None  # the speaker mention, where a surface rule read it off directly


def strip_edges(doc: Doc, idx: list[int]) -> list[int]:
    """Drop punctuation, quote marks and a leading complementiser from a word list."""
    words = doc.words
    while idx and words[idx[0]].upos == "PUNCT" and words[idx[0]].text not in QUOTE_CHARS:
        idx = idx[1:]
    # the complementiser, whatever the tagger called it ("that was wrong" keeps its demonstrative)
    if (
        len(idx) > 1
        and words[idx[0]].text.lower() in ("that", "whether", "if")
        and (words[idx[0]].rel == "mark" or words[idx[1]].upos not in ("VERB", "AUX"))
    ):
        idx = idx[1:]
    while idx and words[idx[0]].upos == "PUNCT" and words[idx[0]].text not in QUOTE_CHARS:
        idx = idx[1:]
    while idx and words[idx[-1]].upos == "PUNCT" and words[idx[-1]].text not in QUOTE_CHARS:
        idx = idx[:-1]
    return idx


def contiguous(idx: list[int], around: int) -> list[int]:
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


def trim_tail(doc: Doc, root: int, idx: list[int], lex: Lexicons) -> list[int]:
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
    for k in idx:
        if doc.words[k].text in (",", "—", "–") and k + 1 < len(doc.words):
            nxt = doc.words[k + 1].text.lower()
            ahead = doc.words[k + 2 : k + 5]
            said = any(cue_class(w, lex) == "speech" or w.text.lower() == "said" for w in ahead)
            if nxt in ("which", "who") and said:
                cut = k if cut is None else min(cut, k)
                break
            w1 = doc.words[k + 1]
            speechy = cue_class(w1, lex) or speech_lemma(w1, lex)
            participle = w1.xpos == "VBG" or nxt.endswith("ing")
            if nxt == "according" or (participle and speechy):
                cut = k if cut is None else min(cut, k)
                break
            just_as = nxt == "just" and k + 2 < len(doc.words) and doc.words[k + 2].text == "as"
            if nxt in ("while", "whereas") or just_as:
                cut = k if cut is None else min(cut, k)  # ", while the host sought …": narration
                break
    if cut is not None:
        idx = [k for k in idx if k < cut]
    return idx


def coordinated_cue(doc: Doc, j: int, lex: Lexicons) -> bool:
    """Whether a second report starts at word ``j``: ``… and said …``, ``…, and others have said …``,
    ``… and one in four said …`` — a conjunction (or comma), a short subject, then a speech verb."""
    words = doc.words
    w = words[j]
    if w.text.lower() not in ("and", "but", ","):
        return False
    k = j + 1
    if w.text == "," and k < len(words) and words[k].text.lower() in ("and", "but"):
        k += 1
    n = 0
    while k < len(words) and words[k].sent == w.sent and n <= 5:
        x = words[k]
        if cue_class(x, lex) == "speech" and x.xpos != "VBG":
            if x.xpos == "VBN" and words[k - 1].upos != "AUX":
                return False  # "and the procedure sometimes called …": a participle, not a second report
            if n > 0 and x.lemma.lower() in lex.weak_cues:
                return False  # "and his wife will also speak at …"
            # ", called her …" in a list of acts: a finite verb right after the comma
            return n > 0 or w.text != "," or x.xpos in ("VBD", "VBZ")
        if x.text.lower() in RELATIVE_PRONOUNS:
            return False
        if x.upos not in ("DET", "NOUN", "PROPN", "PRON", "NUM", "ADJ", "AUX", "ADV", "ADP", "PART"):
            return False
        k += 1
        n += 1
    return False


def words_span(doc: Doc, idx: list[int]) -> tuple[int, int] | None:
    if not idx:
        return None
    return doc.words[idx[0]].start, doc.words[idx[-1]].end


def clause_like(doc: Doc, idx: list[int]) -> bool:
    """A reported content is a clause (or a long phrase), never a bare name or a relative clause."""
    words = [doc.words[k] for k in idx]
    if words[0].text.lower() in RELATIVE_PRONOUNS - {"that"}:
        return False
    return len(words) >= 4 or any(w.upos in ("VERB", "AUX") for w in words)


def has_that(doc: Doc, c: Word) -> bool:
    return any(doc.words[k].rel == "mark" and doc.words[k].text.lower() in ("that", "whether") for k in c.children)


def speech_lemma(w: Word, lex: Lexicons) -> str | None:
    """The speech-verb lemma of a word even when the tagger called it a noun ("…, reports BBC")."""
    low = w.text.lower()
    for cand in (w.lemma.lower(), SPEECH_FORMS.get(low, ""), low[:-1] if low.endswith("s") else "",
                 low[:-2] if low.endswith("ed") else "", low[:-1] if low.endswith("ed") else ""):
        if cand and cand in lex.speech_verbs:
            return cand
    return None


def clip_clause(doc: Doc, root: int, v: Word, subj: Word | None, lex: Lexicons) -> list[int]:
    """The word range a complement covers, kept on its side of the cue and the subject, in one sentence.

    A complement after its cue runs from the first word after the cue's own modifiers ("said on Monday
    that …") to the end of the sentence: the early parser often hangs the end of the reported clause on the
    cue itself (``said he expected “clear” and “effective” support …``). The tail is then trimmed of
    narration (see ``trim_tail``) and of a coordinated second cue (``… and said …``).
    """
    sent = doc.sentences[doc.words[root].sent]
    sub = [k for k in doc.subtree(root) if doc.words[k].sent == doc.words[root].sent]
    lo, hi = min(sub), max(sub)
    if root > v.i:
        # "said that …" with the "that" inside the complement's subtree: the complementiser, not a pronoun
        if lo == v.i + 1 and doc.words[lo].text.lower() == "that" and lo < hi:
            lo += 1
        # the words between the cue and the complement: skip the cue's modifiers and a "that"
        k = v.i + 1
        that = None
        while k < lo:
            if doc.words[k].text.lower() == "that":
                that = k
            k += 1
        if that is not None:
            lo = that + 1
        else:
            # skip the cue's own modifiers ("said on Monday", "told reporters"); anything else between the
            # cue and the complement (a subject the parser hung on the cue) belongs to the content
            skip = set()
            for c in v.children:
                w = doc.words[c]
                if v.i < c < lo and w.rel in ("obl", "advmod", "punct", "iobj", "discourse"):
                    skip.update(doc.subtree(c))
            k = v.i + 1
            while k < lo and k in skip:
                k += 1
            lo = k
            # "said on Tuesday the union …": a time phrase the parser put inside the complement
            while lo < hi:
                w = doc.words[lo]
                if w.text.lower() in lex.time_words:
                    lo += 1
                elif w.upos == "ADP" and doc.words[lo + 1].text.lower() in lex.time_words:
                    lo += 2
                else:
                    break
        hi = sent.last
        # stop at a coordinated cue ("… and said …") or a semicolon
        for j in range(max(lo, root) + 1, sent.last + 1):
            w = doc.words[j]
            if w.text == ";" or coordinated_cue(doc, j, lex):
                hi = j - 1
                break
    for fence in (v, subj):
        if fence is None:
            continue
        if lo <= fence.i <= hi:
            if root > fence.i:
                lo = fence.i + 1
            else:
                hi = fence.i - 1
    return list(range(lo, hi + 1)) if lo <= hi else []


def content_words(doc: Doc, root: int, v: Word, subj: Word | None, lex: Lexicons) -> list[int]:
    idx = strip_edges(doc, clip_clause(doc, root, v, subj, lex))
    return trim_tail(doc, root, idx, lex)


def rest_of_clause(doc: Doc, first: int, v: Word, lex: Lexicons) -> list[int]:
    """Words from ``first`` to the end of ``v``'s sentence, stopping at a semicolon or a coordinated cue,
    with narration trimmed off the tail."""
    sent = doc.sentences[v.sent]
    last = first - 1
    for j in range(first, sent.last + 1):
        w = doc.words[j]
        if w.text == ";" or (w.text in SENTENCE_END and j == sent.last):
            break
        if j > first and coordinated_cue(doc, j, lex):
            break
        last = j
    idx = list(range(first, last + 1))
    while idx and doc.words[idx[-1]].text.lower() in ("and", ",", "but"):
        idx = idx[:-1]
    return trim_tail(doc, v.i, strip_edges(doc, idx), lex)


# a sentence end the tokenizer may have missed, and the tagger reads past: a stop inside closing marks before a
# capital, or a paragraph break. A bare ". X" is left to the tokenizer ("U.S. Army", "Sen. Cruz"): cutting
# after any lower-case word and a stop too gave dev content exact 62.1 against 62.3, end to end 68.9 against 69.1.
SENTENCE_BREAK = re.compile(r"[.!?][”\"’']+(?=\s+[“\"‘'(]?[A-Z])|\n\s*\n")


def sentence_cut(text: str, start: int, end: int, quotes: list[Quotation], cue_after: bool) -> tuple[int, int]:
    """A reported clause cut at the sentence ends inside it that no quotation spans, keeping the sentence next
    to its cue: the parse and the tagger read "… the police videos "without delay." Clinton plans to visit …"
    as one sentence."""
    breaks = [m for m in SENTENCE_BREAK.finditer(text, start, end)
              if m.start() - start >= 2 and not any(q.outer_start < m.end() < q.outer_end for q in quotes)]  # fmt: skip
    if not breaks:
        return start, end
    if cue_after:  # "A. B, he said": B
        m = breaks[-1]
        first = m.end() + len(text[m.end() : end]) - len(text[m.end() : end].lstrip())
        return (first, end) if first < end else (start, end)
    m = breaks[0]
    cut = m.end() if not m.group().isspace() else m.start()
    return start, len(text[start:cut].rstrip()) + start


# The writer's links that open a sentence before its reported content ("But, according to X, …", "However,
# slower growth …, the IMF said") and a dateline; PolNeAR leaves them out. Dev content exact 64.1 -> 64.4.
CONNECTIVES = re.compile(
    r"(?:(?:But|And|Yet|However|Still|Meanwhile|In addition|Instead|As it stands),?|[A-Z]{3,}[A-Z ,.]* ―)\s+"
)


def past_connective(doc: Doc, start: int, end: int) -> int:
    """Past a sentence's opening connective ("But", "However,", "In addition,"): the writer's link, not the
    content."""
    w = doc.word_at(start)
    if w is None or not doc.opens_sentence(w):
        return start
    m = CONNECTIVES.match(doc.text, start, end)
    return m.end() if m and m.end() < end else start
