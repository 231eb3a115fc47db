"""Hand-built words for rule tests that need no parser (a retrained model cannot change what they test)."""

from __future__ import annotations

from service.attribution.document import Doc, Sentence, Word


def tagged_words(tagged: str) -> list[Word]:
    """Words from "text/UPOS" pairs separated by spaces, with offsets as if joined by single spaces."""
    out, at = [], 0
    for k, pair in enumerate(tagged.split()):
        text, upos = pair.rsplit("/", 1)
        out.append(Word(k, 0, text, text.lower(), upos, "", "", -1, "dep", at, at + len(text), 0))
        at += len(text) + 1
    return out


def parsed_doc(rows: str) -> Doc:
    """A Doc from "form/UPOS/head/deprel" items (head 1-based within its sentence, 0 for the root), separated by
    spaces; a form written "~form" follows the word before it with no space ("News ~'"), and "form=lemma"
    gives a lemma other than the lower-case form ("says=say"); "NOUN:NNS" gives the Penn tag too, a plural one
    with Number=Plur. " || " starts a new paragraph of one sentence
    (a headline, then the body)."""
    words: list[Word] = []
    sentences: list[Sentence] = []
    text = ""
    for s, part in enumerate(rows.split(" || ")):
        if s:
            text += "\n\n"
        base, start_of = len(words), len(text)
        for k, item in enumerate(part.split()):
            form, upos, head, deprel = item.rsplit("/", 3)
            glued = form.startswith("~")
            form = form[1:] if glued else form
            form, _, lemma = form.partition("=")
            if k and not glued:
                text += " "
            start = len(text)
            text += form
            low = lemma or form.lower()
            head_i = base + int(head) - 1 if int(head) else -1
            upos, _, xpos = upos.partition(":")
            feats = "Number=Plur" if xpos in ("NNS", "NNPS") else "_"
            words.append(Word(base + k, s, form, low, upos, xpos or "_", feats, head_i, deprel, start, len(text), s))
        sentences.append(Sentence(s, base, len(words) - 1, start_of, len(text), s))
    for w in words:
        if w.head >= 0:
            words[w.head].children.append(w.i)
    return Doc(text, words, sentences, [sentences[s].start for s in range(len(sentences))])
