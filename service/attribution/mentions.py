"""Speaker mentions: the words of the subject a cue hangs on, kept clear of the content and the cue, without a
dateline before them or a time phrase after them."""

from __future__ import annotations

from . import lexicons
from .document import Doc, Word


def mention_words(doc: Doc, subj: Word, forbidden: list[tuple[int, int]], cue: Word | None) -> list[Word]:
    """The speaker mention: the subject's subtree, contiguous, kept clear of the content and the cue."""
    idx = set(doc.subtree(subj.i))
    if subj.head >= 0:
        # sibling subjects of the same verb are one mention split by the parser ("The spokesperson, | Jen Psaki")
        for c in doc.words[subj.head].children:
            if c != subj.i and doc.words[c].rel == "nsubj":
                idx |= set(doc.subtree(c))
    idx = sorted(idx)
    keep = []
    for k in idx:
        w = doc.words[k]
        if w.sent != subj.sent:
            continue
        if any(s <= w.start < e for s, e in forbidden):
            continue
        if cue is not None and w.i == cue.i:
            continue
        keep.append(k)
    # the run around the head
    run = [subj.i]
    ks = set(keep)
    lo = subj.i
    while lo - 1 in ks:
        lo -= 1
    hi = subj.i
    while hi + 1 in ks:
        hi += 1
    run = list(range(lo, hi + 1))
    # a parser may split a name ("Jen | Psaki"): a mention never ends inside a run of proper nouns
    while hi + 1 < len(doc.words) and doc.words[hi].upos == "PROPN" and doc.words[hi + 1].upos == "PROPN" \
            and doc.words[hi + 1].sent == subj.sent and not any(s <= doc.words[hi + 1].start < e for s, e in forbidden):
        hi += 1
    while lo - 1 >= 0 and doc.words[lo].upos == "PROPN" and doc.words[lo - 1].upos == "PROPN" \
            and doc.words[lo - 1].sent == subj.sent and not any(s <= doc.words[lo - 1].start < e for s, e in forbidden):
        lo -= 1
    # "The head | of state": keep an "of"-phrase that the parser attached elsewhere
    if doc.words[hi].upos == "NOUN" and hi + 2 < len(doc.words) and doc.words[hi + 1].text.lower() == "of":
        j = hi + 2
        while j < len(doc.words) and doc.words[j].upos in ("DET", "ADJ") and doc.words[j].sent == subj.sent:
            j += 1
        if j < len(doc.words) and doc.words[j].upos in ("NOUN", "PROPN") and (cue is None or j < cue.i) \
                and not any(s <= doc.words[j].start < e for s, e in forbidden):
            hi = j
    run = list(range(lo, hi + 1))
    words = [doc.words[k] for k in run]
    while words and words[0].upos in ("PUNCT", "ADP"):
        words = words[1:]
    while words and words[-1].upos == "PUNCT":
        words = words[:-1]
    return words or [subj]


DATELINE_DASH = {"—", "–", "--", "-"}


# the tags a speaker mention cannot end with: a determiner, a preposition or a conjunction leaves it open
OPEN_ENDS = {"DET", "ADP", "CCONJ", "SCONJ"}


def trim_mention(doc: Doc, words: list[Word], lex: lexicons.Lexicons) -> list[Word]:
    """A speaker mention without the dateline before it ("WASHINGTON (AP) — Gov. Mike Pence") and
    without a time phrase after it ("Gov. Mike Pence on Thursday")."""
    if not words:
        return words
    for k, w in enumerate(words[:-1]):
        hyphen = words[k - 1].end == w.start and words[k + 1].start == w.end  # "(D-S.C.)", not a dateline's dash
        if w.text in DATELINE_DASH and k > 0 and not hyphen:
            head = " ".join(x.text for x in words[:k])
            para_start = doc.para_starts[doc.para_of(words[0].start)]
            at_start = not doc.text[para_start : words[0].start].strip()
            # a dateline: capitals, commas, abbreviations and an agency in brackets, at a paragraph start
            if (head.upper() == head or at_start) and all(
                x.upos in ("PROPN", "PUNCT", "NOUN", "NUM") or x.text.isupper() for x in words[:k]
            ):
                words = words[k + 1 :]
                break
    # "Trump in his announcement speech", "Pence on Thursday": where and when, not who
    for k in range(1, len(words)):
        if words[k].upos == "ADP" and words[k - 1].upos in ("PROPN", "NOUN", "PRON") and any(
            x.text.lower() in ("his", "her", "their", "its") or x.text.lower() in lex.time_words
            for x in words[k + 1 : k + 4]
        ):
            words = words[:k]
            break
    while len(words) > 1 and (
        words[-1].text.lower() in lex.time_words
        or (words[-1].upos == "PUNCT" and words[-1].text not in (")",))
        or words[-1].upos in OPEN_ENDS  # "the justices to", "racist rhetoric that": it ends at its noun
    ):
        words = words[:-1]
        if len(words) > 1 and words[-1].upos == "ADP":
            words = words[:-1]
    return words


# the subjects a description of a person is read from outside any attribution
DESCRIPTION_SUBJECT_RELS = {"nsubj", "nsubj:pass"}


def description_subjects(doc: Doc, lex: lexicons.Lexicons, fenced: list[tuple[int, int]]) -> list[list[Word]]:
    """Definite descriptions by title that are the subject of a clause outside quotations and attributions
    ("The Democratic nominee currently sits at 85 percent …", "The Republican vice presidential nominee was
    speaking …"): the words of each, in text order. They say who holds which role, as a speaker's would."""
    out = []
    for w in doc.words:
        if w.deprel not in DESCRIPTION_SUBJECT_RELS or w.upos != "NOUN" or w.sent == 0:
            continue
        if any(s <= w.start < e for s, e in fenced):
            continue
        before = doc.words[w.i - 1].text.lower() if w.i > 0 else ""
        if not (lex.is_title([w.lemma.lower()]) or lex.is_title([before, w.lemma.lower()])):
            continue
        words = mention_words(doc, w, fenced, None)
        if words and words[0].text.lower() == "the" and words[-1].i == w.i:
            out.append(words)
    return out
