"""Speaker-mention trimming on hand-built words (no parser: a retrained model cannot change what these test)."""

from __future__ import annotations

import pytest
from handbuilt import tagged_words

from service.attribution import lexicons
from service.attribution.document import Doc
from service.attribution.mentions import trim_mention


@pytest.mark.parametrize(
    ("tagged", "kept"),
    [
        # a mention cut before the noun of a clause ends at its own noun
        ("the/DET justices/NOUN to/ADP", "the justices"),
        ("racist/ADJ rhetoric/NOUN that/SCONJ", "racist rhetoric"),
        ("Samuelson/PROPN and/CCONJ Bentel/PROPN and/CCONJ", "Samuelson and Bentel"),
        # a time after the name goes, a closing bracket stays
        ("Gov./PROPN Mike/PROPN Pence/PROPN Thursday/PROPN", "Gov. Mike Pence"),
        ("Rep./PROPN Jim/PROPN Jordan/PROPN (/PUNCT R-Ohio/PROPN )/PUNCT", "Rep. Jim Jordan ( R-Ohio )"),
        # one word is left alone, whatever it is
        ("the/DET", "the"),
    ],
)
def test_trim_mention(tagged: str, kept: str) -> None:
    words = tagged_words(tagged)
    doc = Doc(text=" ".join(w.text for w in words), words=words, sentences=[], para_starts=[0])
    assert " ".join(w.text for w in trim_mention(doc, words, lexicons.load())) == kept
