"""The salience scores on their own: pure functions of an entity's sightings and roles."""

from __future__ import annotations

import pytest

from service.attribution.salience import Sighting, description_score, pronoun_score


def test_a_recent_speaker_beats_a_subject_named_long_ago() -> None:
    recent = [Sighting(100, 9, subject=True, speaker=True)]
    old = [Sighting(10, 1, subject=True)]
    assert pronoun_score(recent, 200, 10, named=True, last_speaker=True) > pronoun_score(
        old, 200, 10, named=True, last_speaker=False
    )


def test_the_story_subject_outweighs_a_passing_name() -> None:
    subject = [Sighting(k * 100, k, subject=True, speaker=k % 2 == 0) for k in range(1, 9)]
    passing = [Sighting(850, 8, subject=False)]
    assert pronoun_score(subject, 1000, 10, named=True, last_speaker=False) > pronoun_score(
        passing, 1000, 10, named=True, last_speaker=False
    )


def test_nothing_seen_before_or_too_long_ago_is_no_antecedent() -> None:
    assert pronoun_score([Sighting(500, 5, subject=True)], 400, 4, named=True, last_speaker=False) is None
    assert pronoun_score([Sighting(10, 0, subject=True)], 9000, 60, named=True, last_speaker=False) is None


@pytest.mark.parametrize(
    ("head", "modifiers", "titles", "role_words", "fits"),
    [
        ("governor", ["indiana"], ["Gov."], {"gov.", "indiana"}, True),
        ("senator", ["vermont"], ["Sen."], {"sen.", "vermont"}, True),
        ("nominee", ["republican"], ["nominee"], {"nominee", "republican"}, True),
        # the other party's nominee
        ("nominee", ["republican"], ["nominee"], {"nominee", "democratic"}, False),
        # a title the entity does not hold
        ("mayor", [], ["Sen."], {"sen."}, False),
        # a title's head comes before its "of": a Secretary of State is a secretary, not "the state"
        ("secretary", [], ["Secretary of State"], {"secretary", "of", "state"}, True),
        ("state", [], ["Secretary of State"], {"secretary", "of", "state"}, False),
    ],
)
def test_description_fit(head, modifiers, titles, role_words, fits) -> None:
    from service.attribution.salience import DESCRIPTION_MIN

    score = description_score(head, modifiers, titles, role_words, set(), None)
    assert (score >= DESCRIPTION_MIN) is fits


def test_a_name_word_fits_an_organisation() -> None:
    from service.attribution.salience import DESCRIPTION_MIN

    assert description_score("commission", [], [], set(), {"commission", "on", "presidential", "debates"},
                              None) >= DESCRIPTION_MIN  # fmt: skip
