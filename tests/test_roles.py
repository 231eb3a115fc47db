"""Title rules on hand-built words (no parser: a retrained model cannot change what these test)."""

from __future__ import annotations

import pytest
from handbuilt import tagged_words

from service.attribution import lexicons
from service.attribution.document import Doc, Word
from service.attribution.roles import find_title, role_in_words

_words = tagged_words


@pytest.mark.parametrize(
    ("tagged", "title"),
    [
        # a title tagged as an adjective counts unless it modifies the noun after it
        ("the/DET chief/ADJ executive/ADJ of/ADP Ora/PROPN Media/PROPN", "chief executive"),
        ("a/DET senior/ADJ executive/ADJ order/NOUN", None),
        # a title that is a plain adjective before a noun is none
        ("his/PRON fellow/NOUN Republicans/PROPN", None),
        # … the noun after it may be one, in the plural too: a group's role word is its title
        ("FELLOW/NOUN DOCTORS/NOUN", "DOCTORS"),
        ("fellow/ADJ citizens/NOUN", None),
        ("a/DET fellow/NOUN at/ADP the/DET Hoover/PROPN Institution/PROPN", "fellow"),
        # a title inside a body's name after at/of/for is none: the one before it is the title
        ("the/DET executive/ADJ director/NOUN at/ADP the/DET Center/PROPN of/ADP Media/PROPN Justice/PROPN",
         "executive director"),
        # a title before a possessive is the possessor's
        ("the/DET Republican/ADJ nominee/NOUN 's/PART eldest/ADJ daughter/NOUN", None),
        # "member" is a title where nothing else is, and yields to any other in the same words
        ("a/DET longtime/ADJ member/NOUN of/ADP the/DET Senate/PROPN Armed/PROPN Services/PROPN Committee/PROPN",
         "member"),
        ("the/DET foreign/ADJ minister/NOUN of/ADP France/PROPN ,/PUNCT a/DET permanent/ADJ member/NOUN of/ADP "
         "the/DET Security/PROPN Council/PROPN", "foreign minister"),
    ],
)
def test_find_title(tagged: str, title: str | None) -> None:
    words = _words(tagged)
    found = find_title(words, lexicons.load())
    assert (" ".join(w.text for w in words[found[0] : found[1] + 1]) if found else None) == title


def _deps(tagged: str) -> list[Word]:
    """As ``_words``, with "text/UPOS/deprel" triples."""
    words = _words(" ".join(t.rsplit("/", 1)[0] for t in tagged.split()))
    for w, t in zip(words, tagged.split(), strict=True):
        w.deprel = t.rsplit("/", 1)[1]
    return words


@pytest.mark.parametrize(
    ("tagged", "affiliation"),
    [
        # a plain name before the title is its field when a body follows it
        ("a/DET/det Korea/PROPN/compound scholar/NOUN/appos at/ADP/case the/DET/det Center/PROPN/nmod "
         "for/ADP/case Strategic/PROPN/compound Studies/PROPN/nmod", "Center for Strategic Studies"),
        # … a demonym before it stays the body
        ("the/DET/det Korean/ADJ/amod scholar/NOUN/appos at/ADP/case Yale/PROPN/nmod", "Korea"),
        # a field noun between the body and the title
        ("Clinton/PROPN/compound communication/NOUN/compound director/NOUN/nsubj", "Clinton"),
        # lower-case modifiers and "-based" before a body's name are not part of it
        ("head/NOUN/appos of/ADP/case the/DET/det centrist/NOUN/compound Tax/PROPN/compound Policy/PROPN/compound "
         "Center/PROPN/nmod", "Tax Policy Center"),
        ("president/NOUN/appos of/ADP/case the/DET/det Miami-based/ADJ/amod Florida/PROPN/compound "
         "Democratic/ADJ/amod Black/ADJ/amod Caucus/PROPN/nmod", "Florida Democratic Black Caucus"),
        # "New" opens a place's name, it is no filler word; a demonym gives the country as news writes it
        ("the/DET/det New/ADJ/amod York/PROPN/compound businessman/NOUN/nsubj", "New York"),
        ("British/ADJ/amod Prime/PROPN/compound Minister/PROPN/nsubj", "Britain"),
        # a city before a local level of government, past its state (whose stop the tokenizer may cut off)
        ("Tulsa/PROPN/nsubj ,/PUNCT/punct Okla/PROPN/conj ./PUNCT/punct ,/PUNCT/punct police/NOUN/compound "
         "officer/NOUN/conj", "Tulsa police"),
        # a possessive the tokenizer left on its word; a body word after adjectives the tagger gave capitals
        ("Obama's/PROPN/compound former/ADJ/amod campaign/NOUN/compound strategist/NOUN/nsubj", "Obama"),
        ("a/DET/det former/ADJ/amod Democratic/ADJ/amod National/ADJ/amod Committee/NOUN/compound "
         "chairman/NOUN/appos", "Democratic National Committee"),
        # of two titles joined by "and", the one that names a body
        ("a/DET/det former/ADJ/amod Democratic/ADJ/amod National/ADJ/amod Committee/NOUN/compound "
         "chairman/NOUN/appos and/CCONJ/cc presidential/ADJ/amod candidate/NOUN/conj",
         "Democratic National Committee"),
        # a party before the title is no body when the title names one after it
        ("the/DET/det Republican/ADJ/amod attorney/NOUN/compound general/NOUN/appos of/ADP/case "
         "Oklahoma/PROPN/nmod", "Oklahoma"),
        # "Obama" tagged as an adjective still names the administration
        ("a/DET/det former/ADJ/amod Obama/ADJ/amod administration/NOUN/compound official/NOUN/appos",
         "Obama administration"),
    ],
)
def test_affiliation(tagged: str, affiliation: str | None) -> None:
    words = _deps(tagged)
    text = " ".join(w.text for w in words)
    doc = Doc(text=text, words=words, sentences=[], para_starts=[0])
    role = role_in_words(doc, words, lexicons.load())
    assert role is not None and role.affiliation == affiliation
