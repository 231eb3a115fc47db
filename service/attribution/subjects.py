"""The speaker a cue hangs on: its subject in the parse, the name right before it when the parser hung the
subject elsewhere, or the noun phrase after an inverted cue (``…,” said Psaki``)."""

from __future__ import annotations

from .document import Doc, Word
from .lexicons import RELATIVE_PRONOUNS, SENTENCE_END, cue_class
from .lexicons import load as lex_load
from .roles import POSSESSIVES


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
            # "confirmed independently, reports BBC": an agent without its "by" is none
            and (doc.words[c].deprel != "obl:agent" or _marked(doc, doc.words[c], {"by"}))
        ]
        if len(subjects) > 1:
            # "Keith Lamont Scott's wife said": a possessor the parser hung on the verb is not its subject
            subjects = [w for w in subjects if not _marked(doc, w, POSSESSIVE_MARKS)] or subjects
        # two subjects = a broken apposition ("The spokesperson, Jen Psaki said"): the name is the better head
        subjects.sort(key=lambda w: w.upos != "PROPN")
        for w in subjects[:1]:
            if w.text.lower() in RELATIVE_PRONOUNS:
                if w.text.lower() == "who" and (named := _name_before_comma(doc, w)) is not None:
                    return named  # "McConnell, now the Senate majority leader, who …", wherever the clause hangs
                # "the army, which said …": the speaker is the noun the relative clause hangs on
                return doc.words[cur.head] if cur.head >= 0 and cur.rel == "acl" else None
            return w
        if cur is v and cur.rel == "advcl" and (depicted := _depicted_before(doc, v)) is not None:
            return depicted
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


def _name_before_comma(doc: Doc, who: Word) -> Word | None:
    """The name a comma's "who" follows: the name itself, or the name an apposition before it describes."""
    k = who.i - 1
    if k < 1 or doc.words[k].text != ",":
        return None
    x = doc.words[k - 1]
    if x.sent != who.sent:
        return None
    if x.upos == "NOUN" and x.rel == "appos" and doc.words[x.head].upos == "PROPN":
        x = doc.words[x.head]
    while x.upos == "PROPN" and x.rel == "flat" and x.head >= 0:
        x = doc.words[x.head]
    return x if x.upos == "PROPN" else None


# the case marks of a possessor ("Scott's", "News'")
POSSESSIVE_MARKS = {*POSSESSIVES, "'", "’"}


def _marked(doc: Doc, w: Word, marks: set[str]) -> bool:
    """Whether a noun carries one of ``marks`` (lower case) as its case marker."""
    return any(doc.words[c].rel == "case" and doc.words[c].text.lower() in marks for c in w.children)


def _depicted_before(doc: Doc, v: Word) -> Word | None:
    """ "footage of Hillary Clinton asking, …": the name right before a participle cue, inside an "of" phrase
    on a noun, is who speaks in the footage; a parser that hangs the participle on the clause's verb would
    give the clause's subject ("The ad")."""
    if not v.text.lower().endswith("ing") or v.i == 0:
        return None
    w = doc.words[v.i - 1]
    if w.sent != v.sent or w.upos != "PROPN":
        return None
    while w.rel in ("flat", "compound", "nmod") and w.head > w.i and w.head < v.i:
        w = doc.words[w.head]  # "Hillary" read as a modifier of "Clinton"
    while w.rel == "flat" and w.head >= 0:
        w = doc.words[w.head]
    on_noun = w.rel == "nmod" and w.head >= 0 and doc.words[w.head].upos == "NOUN"
    return w if on_noun and _marked(doc, w, {"of"}) else None


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
        # a second description joined to the apposition ("Michael McFaul, a senior fellow … and a former
        # ambassador to Russia, said") may hang on the name as a conjunct
        joined = x.deprel == "conj" and doc.words[x.head].upos == "PROPN"
        if (x.deprel == "appos" or joined) and x is not w and x.upos == "NOUN" and doc.words[x.head].upos in (
            "PROPN", "NOUN"):
            # "Keron Blair, executive director of AROS, called for …": the apposition's name, not its body
            return doc.words[x.head]
        x = doc.words[x.head]
    return w


fallback_subject = _name_before


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
