"""The speaker-identity measure (tools/identity.py), on hand-made records: no PolNeAR file is needed."""

from __future__ import annotations

import pytest

from service.attribution import Attribution, Role, Span, SpeakerRef
from tools.identity import ArticleIdentity, GoldEntity, names_match, role_matches, score_identity, span_form


@pytest.mark.parametrize(
    "gold,predicted,expected",
    [
        ("Donald Trump", "Donald Trump", True),
        ("Donald Trump", "Trump", True),  # a trailing run of the gold name
        ("Donald Trump", "Donald", False),  # a leading run is not
        ("Trump", "Donald Trump", True),  # the gold words inside the predicted name
        ("Wells Fargo", "Wells", False),
        ("Hillary Clinton", "Bernie Sanders", False),
        ("the Federal Reserve", "Federal Reserve", True),
        (None, "Trump", False),
    ],
)
def test_names_match(gold: str | None, predicted: str, expected: bool) -> None:
    assert names_match(gold, predicted) is expected


@pytest.mark.parametrize(
    "gold,predicted,expected",
    [
        ("press secretary", "White House press secretary", True),
        ("senator", "Sen.", True),  # abbreviations are expanded on both sides
        ("United States", "U.S.", True),
        ("Senate Minority Leader", "Minority Leader", True),  # containment either way
        ("Vice President", "Secretary", False),
        ("chief executive", "CEO", True),
        ("governor", None, False),
    ],
)
def test_role_matches(gold: str, predicted: str | None, expected: bool) -> None:
    assert role_matches(gold, predicted) is expected


@pytest.mark.parametrize(
    "span,name,form",
    [("he", "Tim Cook", "pronoun"), ("Mr. Cook", "Tim Cook", "name"), ("the Apple chief", "Tim Cook", "description")],
)
def test_span_form(span: str, name: str, form: str) -> None:
    assert span_form(span, name) == form


def _record(k: int, start: int, end: int, text: str, name: str, title: str | None) -> Attribution:
    return Attribution(
        id=f"q{k}", type="direct", quote=Span("x", 0, 1),
        speaker=SpeakerRef(Span(text, start, end), name, "person", f"e{k}"),
        role=Role(title, None), cue=None, confidence=0.9,
    )  # fmt: skip


def test_score_identity_counts_resolution_roles_and_spurious_titles() -> None:
    gold = ArticleIdentity(
        annotation_file="a.ann",
        entities={
            "e1": GoldEntity("e1", "Tim Cook", "person", "chief executive", "Apple", [], [(0, 8), (20, 22)]),
            "e2": GoldEntity("e2", "Jane Roe", "person", None, None, [], [(40, 48)]),
        },
        source_entity={(0, 8): "e1", (20, 22): "e1", (40, 48): "e2"},
        source_text={(0, 8): "Tim Cook", (20, 22): "he", (40, 48): "Jane Roe"},
    )
    records = [
        _record(1, 0, 8, "Tim Cook", "Tim Cook", "CEO"),  # right name, title by alias
        _record(2, 20, 22, "he", "Jane Roe", None),  # the pronoun resolved to the wrong person
        _record(3, 40, 48, "Jane Roe", "Jane Roe", "senator"),  # untitled in gold: spurious
    ]
    counts = score_identity("", gold, records, [], [], [], {}).to_dict()
    assert counts["resolution"]["all"] == {"right": 2, "total": 3, "share": 0.6667}
    assert counts["resolution"]["pronoun"]["right"] == 0 and counts["resolution"]["name"]["right"] == 2
    assert counts["title"] == {"right": 1, "total": 1, "share": 1.0}
    assert counts["affiliation"]["right"] == 0 and counts["affiliation"]["total"] == 1
    assert counts["spurious_title"] == {"right": 1, "total": 1, "share": 1.0}
    assert counts["found"]["total"] == 2 and counts["kind"]["right"] == 2
