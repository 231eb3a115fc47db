"""Reported speech read off the surface where the parse is unreliable: a cue interrupting its content
(``A, he said, B``, ``…, said X, the …``) and ``said … that`` with the clause the parser misattached."""

from __future__ import annotations

from .clauses import Candidate, clause_like, coordinated_cue, speech_lemma, strip_edges, trim_tail
from .document import Doc, Word
from .lexicons import QUOTE_CHARS, RELATIVE_PRONOUNS, SENTENCE_END, SPEECH_FORMS, Lexicons, cue_class
from .subjects import fallback_subject

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


def interrupting_cues(doc: Doc, first: int, last: int, lex: Lexicons) -> list[Candidate]:
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
        before = strip_edges(doc, [w.i for w in words[: s0 if words[s0 - 1].text in QUOTE_CHARS else c]])
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
                tail = strip_edges(doc, [w.i for w in after])
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
        if len(parts) == 1 and not clause_like(doc, before):
            continue
        return [
            Candidate(doc.words[p[0]].start, doc.words[p[-1]].end, cue, cue.end, subj, "parataxis", "speech", mention)
            for p in parts
        ]
    return []


def surface_that(doc: Doc, v: Word, subj: Word | None, kind: str, lex: Lexicons) -> Candidate | None:
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
    idx = trim_tail(doc, v.i, strip_edges(doc, idx), lex)
    if len(idx) < 3 or not (explicit or any(doc.words[j].upos in ("VERB", "AUX") for j in idx)):
        return None
    if bare is not None and idx[0] != bare:
        return None
    if subj is None:
        subj = fallback_subject(doc, v)
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
