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
    """A one-sentence Doc from "form/UPOS/head/deprel" items (head 1-based, 0 for the root), separated by
    spaces; a form written "~form" follows the word before it with no space ("News ~'"), and "form=lemma"
    gives a lemma other than the lower-case form ("says=say")."""
    words: list[Word] = []
    text = ""
    for k, item in enumerate(rows.split()):
        form, upos, head, deprel = item.rsplit("/", 3)
        glued = form.startswith("~")
        form = form[1:] if glued else form
        form, _, lemma = form.partition("=")
        if text and not glued:
            text += " "
        start = len(text)
        text += form
        low = lemma or form.lower()
        words.append(Word(k, 0, form, low, upos, "_", "_", int(head) - 1, deprel, start, len(text), 0))
    for w in words:
        if w.head >= 0:
            words[w.head].children.append(w.i)
    return Doc(text, words, [Sentence(0, 0, len(words) - 1, 0, len(text), 0)], [0])
