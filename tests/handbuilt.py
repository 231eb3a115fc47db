"""Hand-built words for rule tests that need no parser (a retrained model cannot change what they test)."""

from __future__ import annotations

from service.attribution.document import Word


def tagged_words(tagged: str) -> list[Word]:
    """Words from "text/UPOS" pairs separated by spaces, with offsets as if joined by single spaces."""
    out, at = [], 0
    for k, pair in enumerate(tagged.split()):
        text, upos = pair.rsplit("/", 1)
        out.append(Word(k, 0, text, text.lower(), upos, "", "", -1, "dep", at, at + len(text), 0))
        at += len(text) + 1
    return out
