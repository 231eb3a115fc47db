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

import re
from dataclasses import dataclass, replace

from .document import Doc, Word
from .lexicons import Lexicons
from .lexicons import load as lex_load

RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
QUOTE_CHARS = set("“”„«»\"‘’‚‹›'") | {"''", "``"}
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
    mention: list[Word] | None = None  # the speaker mention, where a surface rule read it off directly


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
    own = [c for c in v.children if doc.words[c].rel == "nsubj"]
    if not own and v.text.lower().endswith("ing"):
        # "…,” he said, adding that …": a participle cue speaks with the cue before it
        for k in range(v.i - 1, doc.sentences[v.sent].first - 1, -1):
            w = doc.words[k]
            if cue_class(w, lex_load()) == "speech":
                subj = [doc.words[c] for c in w.children if doc.words[c].rel == "nsubj"]
                if subj:
                    return subj[0]
                break
    time_words = lex_load().time_words
    seen = set()
    cur: Word | None = v
    while cur is not None and cur.i not in seen:
        seen.add(cur.i)
        subjects = [
            doc.words[c] for c in cur.children
            if doc.words[c].deprel in ("nsubj", "nsubj:outer", "obl:agent")
            and doc.words[c].text.lower() not in time_words  # "Tuesday …, Kasich said"
        ]
        # two subjects = a broken apposition ("The spokesperson, Jen Psaki said"): the name is the better head
        subjects.sort(key=lambda w: w.upos != "PROPN")
        for w in subjects[:1]:
                if w.text.lower() in RELATIVE_PRONOUNS:
                    # "the army, which said …": the speaker is the noun the relative clause hangs on
                    return doc.words[cur.head] if cur.head >= 0 and cur.rel == "acl" else None
                return w
        if cur.rel in ("conj", "advcl", "xcomp") and cur.head >= 0:
            head = doc.words[cur.head]
            # "said that Romania condemned it and said …": a cue coordinated with the content verb by the
            # parser belongs with the outer cue
            if cur.rel == "conj" and head.rel == "ccomp" and head.head >= 0 and cur.lemma == doc.words[head.head].lemma:
                head = doc.words[head.head]
            cur = head
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


def _span(doc: Doc, idx: list[int]) -> tuple[int, int] | None:
    if not idx:
        return None
    return doc.words[idx[0]].start, doc.words[idx[-1]].end


def _clause_like(doc: Doc, idx: list[int]) -> bool:
    """A reported content is a clause (or a long phrase), never a bare name or a relative clause."""
    words = [doc.words[k] for k in idx]
    if words[0].text.lower() in RELATIVE_PRONOUNS - {"that"}:
        return False
    return len(words) >= 4 or any(w.upos in ("VERB", "AUX") for w in words)


def _has_that(doc: Doc, c: Word) -> bool:
    return any(doc.words[k].rel == "mark" and doc.words[k].text.lower() in ("that", "whether") for k in c.children)


SPEECH_FORMS = {"said": "say", "says": "say", "told": "tell", "tells": "tell", "wrote": "write", "writes": "write"}


def speech_lemma(w: Word, lex: Lexicons) -> str | None:
    """The speech-verb lemma of a word even when the tagger called it a noun ("…, reports BBC")."""
    low = w.text.lower()
    for cand in (w.lemma.lower(), SPEECH_FORMS.get(low, ""), low[:-1] if low.endswith("s") else "",
                 low[:-2] if low.endswith("ed") else "", low[:-1] if low.endswith("ed") else ""):
        if cand and cand in lex.speech_verbs:
            return cand
    return None


def _clip(doc: Doc, root: int, v: Word, subj: Word | None, lex: Lexicons) -> list[int]:
    """The word range a complement covers, kept on its side of the cue and the subject, in one sentence.

    A complement after its cue runs from the first word after the cue's own modifiers ("said on Monday
    that …") to the end of the sentence: the early parser often hangs the end of the reported clause on the
    cue itself (``said he expected “clear” and “effective” support …``). The tail is then trimmed of
    narration (see ``_trim_tail``) and of a coordinated second cue (``… and said …``).
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


def _content(doc: Doc, root: int, v: Word, subj: Word | None, lex: Lexicons) -> list[int]:
    idx = _strip(doc, _clip(doc, root, v, subj, lex))
    return _trim_tail(doc, root, idx, lex)


def reported_candidates(doc: Doc, lex: Lexicons, include_beliefs: bool) -> list[Candidate]:
    """Every reported-speech (and, on request, belief) attribution the parse shows."""
    out: list[Candidate] = []
    for sent in doc.sentences:
        out.extend(_interrupting(doc, sent.first, sent.last, lex))
    surface_cues = {c.cue.i for c in out}
    for v in doc.words:
        if v.i in surface_cues:
            continue
        kind = cue_class(v, lex)
        if kind is None and v.text.lower() == "according" and v.i + 1 < len(doc.words):
            if doc.words[v.i + 1].text.lower() == "to":
                cand = _according(doc, v, lex)
                if cand:
                    out.append(cand)
            continue
        if kind is None or (kind == "belief" and not include_beliefs):
            continue
        lemma = v.lemma.lower()
        weak = lemma in lex.weak_cues
        subj = subject_of(doc, v)
        special = _call(doc, v, subj, lex) if lemma == "call" else _evidence(doc, v, subj, lex)
        if special is not None:
            out.append(special)
            continue
        children = [doc.words[c] for c in v.children]
        comp = [c for c in children if c.deprel == "ccomp" or (c.rel == "parataxis" and c.i < v.i and not weak)]
        if weak:
            comp = [c for c in comp if _has_that(doc, c)]
        found = False
        for c in comp:
            if subj is not None and v.i < subj.i < c.i:
                continue  # "said Mr. Kamin, who emphasized …": not the cue's complement
            if c.i < v.i and not any(
                doc.words[k].text in (",", ":", "—", *QUOTE_CHARS) for k in range(c.i + 1, v.i)
            ):
                continue  # "Some 56 percent polled said they …": no comma or mark, so no content before the cue
            sub = _content(doc, c.i, v, subj, lex)
            span = _span(doc, sub)
            if span is None or len(sub) < 2 or not _clause_like(doc, sub):
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
            sub = _content(doc, xcomp[0].i, v, subj, lex)
            sub = [k for k in sub if k >= obj[0].i] or sub
            lo = min(doc.subtree(obj[0].i))
            sub = list(range(max(lo, v.i + 1), sub[-1] + 1)) if sub else sub
            span = _span(doc, _strip(doc, sub))
            if span:
                out.append(Candidate(*span, v, v.end, subj, "xcomp", kind))
                continue
        if kind == "belief" and not obj and xcomp and subj is not None:
            # "wants to get a sense of the voters", "plans to target Indiana voters": the intention
            x = xcomp[0]
            sub = [k for k in doc.subtree(x.i) if doc.words[k].sent == v.sent and k > v.i]
            to = [m for m in x.children if doc.words[m].text.lower() == "to" and doc.words[m].rel == "mark"]
            if to and sub:
                idx = _trim_tail(doc, x.i, _strip(doc, list(range(min(sub), max(sub) + 1))), lex)
                if len(idx) >= 2:
                    out.append(Candidate(*_span(doc, idx), v, v.end, subj, "xcomp", kind))
                    continue
        # "…, officials said": the cue hangs off the content as a parataxis
        if v.rel == "parataxis" and 0 <= v.head < v.i and not weak and subj is not None:
            host = v.head
            drop = set(doc.subtree(v.i))
            sub = sorted(k for k in doc.subtree(host) if k not in drop and k < v.i)
            sub = _strip(doc, _contiguous(sub, host))
            span = _span(doc, sub)
            if span and len(sub) >= 3:
                out.append(Candidate(*span, v, v.end, subj, "parataxis", kind))
                continue
        cand = _surface_that(doc, v, subj, kind, lex) or _np_object(doc, v, subj, lex)
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


NP_POS = {"PROPN", "NOUN", "DET", "PRON", "ADJ", "NUM"}
# words a cue phrase may carry after its verb: "told reporters on Monday", "said in an interview"
CUE_TAIL_POS = NP_POS | {"ADP", "ADV", "PART", "CCONJ"}
NARRATION_AFTER_CUE = {"and", "but", "or", "according", "as", "while", "who", "which", "when", "before", "after"}
APPOSITION_START = {"who", "whom", "which", "whose", "a", "an", "the"}
# "…,” said the Rev. Peter Wherry, of Mayfield Memorial Missionary Baptist Church.": the speaker's body
SPEAKER_TAIL = APPOSITION_START | {"of", "at", "with"}


def _next(words: list[Word], k: int) -> Word | None:
    return words[k + 1] if k + 1 < len(words) else None


def _finite_speech(w: Word, lex: Lexicons, nxt: Word | None = None) -> bool:
    """A speech verb in a form that can head a parenthetical cue ("said", "says", "added", "told").

    A word the tagger calls a noun counts only where it ends the clause (``…,” the ad claims.``, with
    ``nxt`` the word after it), not in ``a few percentage points behind``.
    """
    if not speech_lemma(w, lex) or w.text[:1].isupper():
        return False
    if w.upos != "VERB" and w.text.lower() not in SPEECH_FORMS and w.text.lower() not in ("reports", "writes"):
        return nxt is not None and nxt.text in (".", ",", "!", "?", ";")
    low = w.text.lower()
    return w.xpos in ("VBD", "VBZ", "VBP") or low in SPEECH_FORMS or low.endswith(("ed", "s"))


def _np_subject(words: list[Word]) -> Word | None:
    """The head of a subject noun phrase read off the surface: the last noun before any "of"/"for" phrase."""
    if not words or words[0].upos in ("ADP", "CCONJ", "PUNCT") or len(words) > 12:
        return None
    ok = NP_POS | {"ADP", "CCONJ", "PART", "PUNCT", "ADV", "AUX"}
    if any(w.upos not in ok or (w.upos == "PUNCT" and w.text not in (",", "-", ".")) for w in words):
        return None
    if any(w.text.lower() in RELATIVE_PRONOUNS - {"that"} for w in words):
        return None  # "two outsider candidates who speak …": a relative clause, not a cue
    # a full name anywhere in it ("the White House press secretary, Josh Earnest") is the best head
    for j in range(len(words) - 1):
        if words[j].upos == "PROPN" and words[j + 1].upos == "PROPN":
            while j + 1 < len(words) and words[j + 1].upos == "PROPN":
                j += 1
            return words[j]
    head_zone = words
    for j, w in enumerate(words):
        if (w.upos == "ADP" or w.text == ",") and j > 0:
            head_zone = words[:j]
            break
    heads = [w for w in head_zone if w.upos in ("PROPN", "NOUN", "PRON")]
    return heads[-1] if heads else None


def _past_quoted_title(words: list[Word], k: int, end: int) -> int:
    """Past a short quoted name the cue phrase carries (``told "Fox and Friends" on Monday``), and the
    words after it, to where the cue phrase ends."""
    while k < end and words[k].text in QUOTE_CHARS:
        close = next((j for j in range(k + 1, min(k + 8, end)) if words[j].text in QUOTE_CHARS), None)
        if close is None or not all(w.upos in NP_POS | {"CCONJ", "ADP", "PUNCT"} for w in words[k + 1 : close]):
            return k
        k = close + 1
        while k < end and words[k].text not in (",", ";", "—", "–") and words[k].upos in CUE_TAIL_POS:
            k += 1
    return k


def _interrupting(doc: Doc, first: int, last: int, lex: Lexicons) -> list[Candidate]:
    """``…, officials said.`` / ``…, said the company's chief executive, John Ferriola.`` / ``A, he said, B``.

    Read off the surface, because the parser attaches these cues in many ways. A cue after a comma that
    ends its sentence makes everything before the comma the content; a cue set between commas inside the
    sentence makes the words on both sides one content, given as two parts with the same cue.
    """
    words = doc.words[first : last + 1]
    n = len(words)
    end = n
    while end > 0 and words[end - 1].upos == "PUNCT" and words[end - 1].text not in QUOTE_CHARS:
        end -= 1
    for c in range(2, end - 1):
        # the content ends at a comma, or at a closing mark after one (“…,” she said / “…?” he asked)
        if words[c].text == ",":
            s0 = c + 1
            if words[s0].text in QUOTE_CHARS and words[s0].start == words[c].end:
                s0 += 1
        elif words[c].text in QUOTE_CHARS and doc.text[words[c].start - 1] in ",?!" and words[c - 1].text != ",":
            s0 = c + 1
        else:
            continue
        if s0 >= end:
            continue
        # the cue phrase: "said X" (inverted) or "X said" (normal), then words the verb carries
        subj = None
        if _finite_speech(words[s0], lex, _next(words, s0)) and speech_lemma(words[s0], lex) in lex.parenthetical_verbs:
            v = s0
            k = v + 1
            while k < end and words[k].text not in (",", ";", "—", "–") and words[k].upos in CUE_TAIL_POS:
                k += 1
            k = _past_quoted_title(words, k, end)
            mention = words[v + 1 : k]
            inverted = True
        else:
            v = next((j for j in range(s0, min(s0 + 12, end)) if _finite_speech(words[j], lex, _next(words, j))), None)
            if v is None:
                continue
            mention = words[s0:v]
            while mention and mention[-1].upos in ("ADV", "AUX"):
                mention = mention[:-1]  # "he also said", "she has said"
            k = v + 1
            while k < end and words[k].text not in (",", ";", "—", "–") and words[k].upos in CUE_TAIL_POS:
                k += 1
            k = _past_quoted_title(words, k, end)
            inverted = False
        subj = _np_subject(mention)
        if subj is None:
            continue
        rest = words[k:end]
        before = _strip(doc, [w.i for w in words[: s0 if words[s0 - 1].text in QUOTE_CHARS else c]])
        if not before:
            continue
        cue = words[v]
        parts = [before]
        if rest:
            if rest[0].text not in (","):
                continue  # the cue phrase runs on into something else: not a parenthetical
            after = rest[1:]
            if not after:
                pass
            elif inverted and (after[0].text.lower() in SPEAKER_TAIL or after[0].upos in ("PROPN", "NOUN", "ADJ")):
                # "…, said Rita Katz, the director of …": an apposition of the speaker is part of the mention
                mention = words[v + 1 : end]
            elif (
                after[0].xpos == "VBG"
                or after[0].text.lower().endswith("ing")
                or cue_class(after[0], lex) == "speech"
                or after[0].text.lower() in NARRATION_AFTER_CUE
            ):
                pass  # "…,” he said, adding that …" / ", and …": the cue ends the content; narration follows
            else:
                tail = _strip(doc, [w.i for w in after])
                # the rest of the sentence goes on with the content's verb (tagged as such or not: "feels")
                if len(tail) < 2 or (len(tail) < 5 and not any(doc.words[j].upos in ("VERB", "AUX") for j in tail)):
                    continue
                parts.append(tail)
        # the content is a clause ("…, said X", "The solution, the partner said, was simple") or a
        # quotation, never the subject's own apposition ("Mukasey, the attorney general, criticized …")
        content = [j for part in parts for j in part]
        if len(content) < 3 or not any(
            doc.words[j].upos in ("VERB", "AUX") or doc.words[j].text in QUOTE_CHARS for j in content
        ):
            continue
        if len(parts) == 1 and not _clause_like(doc, before):
            continue
        return [
            Candidate(doc.words[p[0]].start, doc.words[p[-1]].end, cue, cue.end, subj, "parataxis", "speech", mention)
            for p in parts
        ]
    return []


def _surface_that(doc: Doc, v: Word, subj: Word | None, kind: str, lex: Lexicons) -> Candidate | None:
    """``said (on Monday) that …`` when the parse missed the complement: take the clause after "that".

    The clause runs to the end of the sentence, or to a coordinated cue (``and said …``).
    """
    sent = doc.sentences[v.sent]
    k = v.i + 1
    while k <= sent.last and k <= v.i + 10:
        w = doc.words[k]
        if w.text.lower() == "that":
            break
        if w.upos in ("VERB", "AUX") or w.text in QUOTE_CHARS or w.text in SENTENCE_END:
            k = sent.last + 1
            break
        k += 1
    explicit = k <= sent.last and doc.words[k].text.lower() == "that"
    bare = None if explicit else _bare_clause_start(doc, v, lex)
    if bare is not None:
        k = bare - 1
    elif not explicit:
        # "… and said a “severe” response is needed": a coordinated cue whose complement the parser lost
        prev = doc.words[v.i - 1] if v.i - 1 >= sent.first else None
        if prev is None or prev.text.lower() != "and" or v.lemma.lower() in lex.weak_cues:
            return None
        k = v.i
    first = k + 1
    if first > sent.last:  # the text ends on the cue ("He said that"): a truncated feed, nothing reported
        return None
    last = first
    j = first
    while j <= sent.last:
        w = doc.words[j]
        if w.text in SENTENCE_END:
            break
        if j > first and coordinated_cue(doc, j, lex):
            break
        last = j
        j += 1
    idx = list(range(first, last + 1))
    while idx and doc.words[idx[-1]].text.lower() in ("and", ",", "but"):
        idx = idx[:-1]
    idx = _trim_tail(doc, v.i, _strip(doc, idx), lex)
    if len(idx) < 3 or not (explicit or any(doc.words[j].upos in ("VERB", "AUX") for j in idx)):
        return None
    if bare is not None and idx[0] != bare:
        return None
    if subj is None:
        subj = _name_before(doc, v)
    return Candidate(doc.words[idx[0]].start, doc.words[idx[-1]].end, v, v.end, subj, "surface", kind)


NOMINATIVE = {"i", "we", "you", "he", "she", "it", "they", "there", "nothing", "everyone", "nobody", "someone"}
FINITE_XPOS = {"VBD", "VBZ", "VBP", "MD"}
FINITE_AUX = {"is", "are", "was", "were", "will", "would", "has", "have", "had", "can", "could", "should", "must"}


def _bare_clause_start(doc: Doc, v: Word, lex: Lexicons) -> int | None:
    """Where a complement without "that" starts: ``said (on Monday) the plan will fail`` → "the".

    Only after a verb that often drops "that", past the cue's time words, prepositional phrases and (for
    "tell") its object; the words there must open a noun phrase that a finite verb follows.
    """
    if v.lemma.lower() not in lex.bare_complement_verbs:
        return None
    sent = doc.sentences[v.sent]
    words = doc.words
    j = v.i + 1
    if v.lemma.lower() == "tell":
        # the person told: "told CNN", "told reporters", "told him", "told the National Post"
        if j > sent.last or words[j].upos not in ("PRON", "PROPN", "NOUN", "DET"):
            return None
        if words[j].upos == "DET":
            j += 1
            while j <= sent.last and words[j].upos == "ADJ":
                j += 1
        while j <= sent.last and words[j].upos in ("PROPN", "NOUN", "PRON") and words[j].text.lower() not in NOMINATIVE:
            j += 1
    while j <= sent.last:
        w = words[j]
        if w.text.lower() in lex.time_words:
            j += 1
            continue
        if w.upos == "ADP" and w.text.lower() not in ("that", "if", "whether"):
            # one prepositional phrase: the preposition, then a determiner, adjectives and nouns
            j += 1
            while j <= sent.last and words[j].upos in ("DET", "ADJ", "NUM", "PRON"):
                if words[j].text.lower() in NOMINATIVE:
                    break
                j += 1
            while j <= sent.last and words[j].upos in ("NOUN", "PROPN", "NUM"):
                j += 1
            continue
        if w.text == ",":
            return None
        break
    if j > sent.last:
        return None
    first = words[j]
    low = first.text.lower()
    if first.upos == "PRON" and low not in NOMINATIVE:
        return None
    if first.upos not in ("PRON", "DET", "PROPN", "NOUN", "ADJ", "NUM") and low != "there":
        return None
    if low in RELATIVE_PRONOUNS:
        return None
    # a finite verb within the clause, before any comma that could end the noun phrase's own sentence
    for k in range(j + 1, sent.last + 1):
        w = words[k]
        if w.text in SENTENCE_END or w.text == ";":
            break
        if w.xpos in FINITE_XPOS or (w.upos == "AUX" and w.text.lower() in FINITE_AUX):
            return j
    return None


def _rest_of_clause(doc: Doc, first: int, v: Word, lex: Lexicons) -> list[int]:
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
    return _trim_tail(doc, v.i, _strip(doc, idx), lex)


def _evidence(doc: Doc, v: Word, subj: Word | None, lex: Lexicons) -> Candidate | None:
    """``A new poll shows Trump leading …`` / ``polls showing Clinton's lead having evaporated``: a poll, a
    study or a document as the source, with the rest of the clause as its content."""
    if subj is None or v.lemma.lower() not in lex.evidence_verbs:
        return None
    if subj.lemma.lower() not in lex.evidence_sources and subj.text.lower() not in lex.evidence_sources:
        return None
    if v.i + 1 >= len(doc.words) or doc.words[v.i + 1].sent != v.sent:
        return None
    idx = _rest_of_clause(doc, v.i + 1, v, lex)
    if len(idx) < 3 or not any(doc.words[j].upos in ("NOUN", "PROPN", "PRON", "NUM") for j in idx):
        return None
    return Candidate(doc.words[idx[0]].start, doc.words[idx[-1]].end, v, v.end, subj, "evidence", "speech")


def _np_object(doc: Doc, v: Word, subj: Word | None, lex: Lexicons) -> Candidate | None:
    """``criticized Clinton's email use`` / ``accused Sanders of distorting her record``: a speech act whose
    content is its object, with a following "for"/"of"/"as" phrase."""
    if subj is None or v.lemma.lower() not in lex.np_object_verbs or cue_class(v, lex) is None:
        return None
    words = doc.words
    obj = [words[c] for c in v.children if words[c].rel == "obj" and c > v.i]
    if not obj or obj[0].upos not in ("NOUN", "PROPN", "PRON"):
        return None
    sub = [k for k in doc.subtree(obj[0].i) if words[k].sent == v.sent]
    lo, hi = min(sub), max(sub)
    if lo != v.i + 1 and not all(words[k].text.lower() in lex.time_words for k in range(v.i + 1, lo)):
        return None
    # the phrase the act is about: "for having ties to Wall Street", "of subjecting her to …"
    for c in v.children:
        if c <= hi:
            continue
        sub_c = doc.subtree(c)  # sorted
        about = words[c].rel in ("obl", "advcl", "xcomp") and words[sub_c[0]].text.lower() in (
            "for", "of", "as", "over"
        )
        if about and (c == hi + 1 or sub_c[0] == hi + 1):
            hi = max(k for k in sub_c if words[k].sent == v.sent)
    # "claimed self-defense and was acquitted …": a coordinated verb phrase is narration
    for k in range(lo + 1, hi):
        if words[k].upos == "CCONJ" and words[k + 1].upos in ("AUX", "VERB"):
            hi = k - 1
            break
    idx = _strip(doc, list(range(lo, hi + 1)))
    if len(idx) < 2:
        return None
    return Candidate(words[idx[0]].start, words[idx[-1]].end, v, v.end, subj, "np-object", "speech")


def _call(doc: Doc, v: Word, subj: Word | None, lex: Lexicons) -> Candidate | None:
    """``called for a ban``, ``called on Congress to act``, ``called the plan “a disaster”``.

    Not ``a website called X`` or ``so-called``: a participle naming a thing attributes nothing.
    """
    words = doc.words
    if v.i + 2 >= len(words) or words[v.i + 1].sent != v.sent:
        return None
    prev = words[v.i - 1].text.lower() if v.i > 0 else ""
    if prev in ("so", "-") or (v.xpos == "VBN" and v.rel == "acl"):
        return None
    nxt = words[v.i + 1]
    if nxt.text.lower() in ("for", "on") and (nxt.text.lower() == "for" or any(
        w.text.lower() == "to" for w in words[v.i + 2 : doc.sentences[v.sent].last + 1]
    )):
        idx = _rest_of_clause(doc, v.i + 2, v, lex)
        if len(idx) < 2:
            return None
        return Candidate(words[idx[0]].start, words[idx[-1]].end, v, nxt.end, subj, "call", "speech")
    obj = [words[c] for c in v.children if words[c].rel == "obj" and c > v.i]
    if not obj:
        return None
    # the name given: a predicate (xcomp) or a quotation right after the object
    o_sub = doc.subtree(obj[0].i)  # sorted
    o_start, o_end = o_sub[0], o_sub[-1]
    pred = [words[c] for c in v.children if words[c].rel == "xcomp" and c > o_end]
    end = None
    if pred:
        end = max(k for k in doc.subtree(pred[0].i) if words[k].sent == v.sent)
    elif any(w.text in QUOTE_CHARS for w in words[o_start : o_end + 1]):
        # the parser put the quoted name inside the object ("immigrants from Mexico “rapists”"): the content
        # ends at that quotation's closing mark
        opening = next(j for j in range(o_start, o_end + 1) if words[j].text in QUOTE_CHARS)
        end = next((j for j in range(opening + 1, o_end + 1) if words[j].text in QUOTE_CHARS), o_end)
    elif any(w.text in QUOTE_CHARS for w in words[o_end + 1 : o_end + 4]):
        # "called her “third-rate”", "calling Obama an “ignorant baboon”"
        k = next(j for j in range(o_end + 1, o_end + 4) if words[j].text in QUOTE_CHARS) + 1
        if any(words[j].upos not in ("DET", "ADJ") for j in range(o_end + 1, k - 1)):
            return None
        while k < len(words) and words[k].sent == v.sent and words[k].text not in QUOTE_CHARS:
            k += 1
        end = k if k < len(words) and words[k].sent == v.sent else None
    if end is None:
        return None
    idx = _strip(doc, list(range(o_start, end + 1)))
    if len(idx) < 2:
        return None
    return Candidate(words[idx[0]].start, words[idx[-1]].end, v, v.end, subj, "call", "speech")


def _name_before(doc: Doc, v: Word) -> Word | None:
    """The noun, name or pronoun right before a verb ("… Volodymyr Zelensky said"), past auxiliaries and
    adverbs: the subject when the parser hung it elsewhere."""
    k = v.i - 1
    while k >= 0 and doc.words[k].sent == v.sent and doc.words[k].upos in ("ADV", "AUX", "PART"):
        k -= 1
    # "Some 56 percent of Cuban-Americans polled said": past a participle modifying the subject
    if k >= 1 and doc.words[k].upos == "VERB" and doc.words[k].text.lower().endswith("ed") and doc.words[
        k - 1
    ].upos in ("NOUN", "PROPN"):
        k -= 1
    # "Gov. John Kasich (R-OH), said": past the comma and a bracketed party label
    if k >= 0 and doc.words[k].text == ",":
        k -= 1
    if k >= 0 and doc.words[k].text == ")":
        k = doc.before_brackets(k)
    if k >= 1 and doc.words[k].text.lower() in RELATIVE_PRONOUNS:
        # "Mr. Kamin, who emphasized that …": the noun before the relative clause
        k -= 1
        if doc.words[k].text == ",":
            k -= 1
    if k >= 0 and doc.words[k].sent == v.sent and doc.words[k].upos in ("PROPN", "PRON", "NOUN"):
        if doc.words[k].text.lower() in RELATIVE_PRONOUNS:
            return None
        return _out_of_relative(doc, doc.words[k], v)
    return None


# how far up from a word a relative clause that holds it may start
RELATIVE_REACH = 4


def _out_of_relative(doc: Doc, w: Word, v: Word) -> Word:
    """ "Douglas Brinkley, a historian who attended the session, recalled": a noun at the end of a relative
    clause or inside an apposition is not the cue's subject; the one the clause describes is (the name an
    apposition belongs to)."""
    x = w
    for _ in range(RELATIVE_REACH):
        if x.head < 0:
            return w
        if x.deprel == "acl:relcl":
            if v.i in doc.subtree(x.i):
                return w
            noun = doc.words[x.head]
            if noun.deprel == "appos" and noun.head >= 0 and doc.words[noun.head].upos in ("PROPN", "NOUN"):
                return doc.words[noun.head]
            return noun
        if x.deprel == "appos" and x is not w and x.upos == "NOUN" and doc.words[x.head].upos in ("PROPN", "NOUN"):
            # "Keron Blair, executive director of AROS, called for …": the apposition's name, not its body
            return doc.words[x.head]
        x = doc.words[x.head]
    return w


fallback_subject = _name_before


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


def _according(doc: Doc, v: Word, lex: Lexicons) -> Candidate | None:
    """``According to X, …`` / ``…, according to X.``, read off the surface (taggers disagree on "according")."""
    sent = doc.sentences[v.sent]
    k = v.i + 2
    source: list[Word] = []
    # the source runs to the next punctuation mark; the tagger often misreads the words after "to" as
    # verbs ("according to law enforcement officials", "to exit polling data"), so tags do not end it
    while k <= sent.last and len(source) < 15:
        w = doc.words[k]
        if (w.upos == "PUNCT" and w.text not in ("-", "’s", "'s", ".")) or w.upos == "SCONJ" or w.text in QUOTE_CHARS:
            break
        if w.text == "." and (k == sent.last or not w.text[:-1]):
            break
        source.append(w)
        k += 1
    heads = [w for w in source if w.upos in ("NOUN", "PROPN", "PRON")]
    if not heads:
        heads = [w for w in source if w.upos in ("VERB", "X", "ADJ") and w.xpos not in ("VBD", "VBZ", "VBP")]
    if not heads:
        return None
    # the subject head of "the health ministry's spokesman" is the last noun before any "of"/"in" phrase
    head = heads[-1]
    for j, w in enumerate(source):
        if w.upos == "ADP" and j > 0:
            nouns = [x for x in source[:j] if x.upos in ("NOUN", "PROPN", "PRON")]
            if nouns:
                head = nouns[-1]
            break
    before = list(range(sent.first, v.i))
    after = list(range(k, sent.last + 1))
    before, after = _strip(doc, before), _strip(doc, after)
    idx = after if len(after) >= len(before) else before
    if len(idx) < 3:
        return None
    while source and source[-1].upos == "PUNCT":
        source = source[:-1]
    return Candidate(doc.words[idx[0]].start, doc.words[idx[-1]].end, v, doc.words[v.i + 1].end, head,
                     "according", "speech", source)


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
    for n, w in enumerate(window):
        if cue_class(w, lex) == "speech":
            return w
        if w.upos in ("VERB", "AUX") and n > 0:
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


def inverted_subject(doc: Doc, cue: Word, forbidden: list[tuple[int, int]]) -> tuple[Word, list[Word]] | None:
    """``…,” said Psaki`` / ``“…“, read the statement of Klaus Iohannis``: the noun phrase after the cue, as
    (head word, mention words)."""
    out: list[Word] = []
    for w in doc.words[cue.i + 1 :]:
        if w.sent != cue.sent or w.text in SENTENCE_END or w.text in (",", ";", ":") or w.upos in ("VERB", "AUX"):
            break
        if any(a <= w.start < b for a, b in forbidden):
            break
        out.append(w)
    if not out or out[0].upos in ("ADV", "ADP"):
        return None
    names = [w for w in out if w.upos == "PROPN"]
    nouns = [w for w in out if w.upos in ("NOUN", "PRON")]
    if not (names or nouns):
        return None
    # the head: the last name ("the statement of Klaus Iohannis"), else the last noun
    return (names or nouns)[-1], out
