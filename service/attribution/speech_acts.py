"""Speech acts with a content other than a clause: evidence ("the poll shows …"), a noun-phrase object
("criticized X for Y"), "called for / called X 'Y'", and "according to X"."""

from __future__ import annotations

from .clauses import Candidate, rest_of_clause, strip_edges
from .document import Doc, Word
from .lexicons import QUOTE_CHARS, Lexicons, cue_class


def evidence_claim(doc: Doc, v: Word, subj: Word | None, lex: Lexicons) -> Candidate | None:
    """``A new poll shows Trump leading …`` / ``polls showing Clinton's lead having evaporated``: a poll, a
    study or a document as the source, with the rest of the clause as its content."""
    if subj is None or v.lemma.lower() not in lex.evidence_verbs:
        return None
    if subj.lemma.lower() not in lex.evidence_sources and subj.text.lower() not in lex.evidence_sources:
        return None
    if v.i + 1 >= len(doc.words) or doc.words[v.i + 1].sent != v.sent:
        return None
    idx = rest_of_clause(doc, v.i + 1, v, lex)
    if len(idx) < 3 or not any(doc.words[j].upos in ("NOUN", "PROPN", "PRON", "NUM") for j in idx):
        return None
    return Candidate(doc.words[idx[0]].start, doc.words[idx[-1]].end, v, v.end, subj, "evidence", "speech")


def noun_phrase_object(doc: Doc, v: Word, subj: Word | None, lex: Lexicons) -> Candidate | None:
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
    idx = strip_edges(doc, list(range(lo, hi + 1)))
    if len(idx) < 2:
        return None
    return Candidate(words[idx[0]].start, words[idx[-1]].end, v, v.end, subj, "np-object", "speech")


def call_phrase(doc: Doc, v: Word, subj: Word | None, lex: Lexicons) -> Candidate | None:
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
        idx = rest_of_clause(doc, v.i + 2, v, lex)
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
        span = [k for k in doc.subtree(pred[0].i) if words[k].sent == v.sent]
        marks = [k for k in span if words[k].text in QUOTE_CHARS]
        # a quoted name ends at its closing mark ("calling Obama an “ignorant baboon” online"), unless more
        # names follow it ("called Clinton “crooked” and a liar")
        cut = len(marks) >= 2 and not any(words[k].rel == "conj" for k in span if k > marks[-1])
        end = marks[-1] if cut else max(span)
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
    idx = strip_edges(doc, list(range(o_start, end + 1)))
    if len(idx) < 2:
        return None
    return Candidate(words[idx[0]].start, words[idx[-1]].end, v, v.end, subj, "call", "speech")


def according_to(doc: Doc, v: Word, lex: Lexicons) -> Candidate | None:
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
    before, after = strip_edges(doc, before), strip_edges(doc, after)
    idx = after if len(after) >= len(before) else before
    if len(idx) < 3:
        return None
    while source and source[-1].upos == "PUNCT":
        source = source[:-1]
    return Candidate(doc.words[idx[0]].start, doc.words[idx[-1]].end, v, doc.words[v.i + 1].end, head,
                     "according", "speech", source)
