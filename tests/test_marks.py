"""Quotation-mark pairing on raw text (no parser needed)."""

import pytest

from service.attribution.marks import find_marks, iter_quotations, pair_quotations


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in pair_quotations(text)]


def test_curly_pair_and_trailing_comma_trimmed():
    assert quoted("“We are ready,” she said.") == ["We are ready"]


def test_straight_quotes_open_and_close_by_spacing():
    assert quoted('He said "it is over" and left. "Done," she said.') == ["it is over", "Done"]


def test_guillemets_and_low_opening_mark():
    assert quoted("Il a dit «non» et „ja“ hier.") == ["non", "ja"]


def test_apostrophes_are_not_quote_marks():
    text = "Russia’s troops and the Tigers’ coach said it’s over; Russia’ moves."
    assert quoted(text) == []
    assert [m.char for m in find_marks(text)] == ["’", "’"]  # kept as possible closers, never paired


def test_single_quotes_inside_double_are_nested():
    text = "“He called it ‘a disgrace’ yesterday,” she said."
    top = pair_quotations(text)
    assert [text[q.start : q.end] for q in top] == ["He called it ‘a disgrace’ yesterday"]
    assert [text[c.start : c.end] for c in top[0].children] == ["a disgrace"]


def test_nested_same_marks_stay_inside_outer_quote():
    text = "“I condemn the “Donetsk People’s Republic” and “Luhansk People’s Republic”. It is wrong”."
    top = pair_quotations(text)
    assert len(top) == 1
    assert text[top[0].start : top[0].end].startswith("I condemn")
    assert text[top[0].start : top[0].end].endswith("It is wrong")
    assert len(list(iter_quotations(top))) == 3


def test_quote_over_paragraphs_with_only_first_opening():
    text = "“First part.\n\nSecond part.\n\nThird part,” Stoltenberg said.\n\nNext paragraph."
    top = pair_quotations(text)
    assert len(top) == 1
    assert text[top[0].start : top[0].end] == "First part.\n\nSecond part.\n\nThird part"
    assert top[0].paragraphs == 3


def test_quote_over_paragraphs_each_opening():
    text = "“First part.\n\n“Second part,” he said.\n\nAfter."
    top = pair_quotations(text)
    assert [text[q.start : q.end] for q in top] == ["First part.\n\n“Second part"]


def test_a_paragraph_opening_with_another_mark_starts_a_new_quotation():
    # a stray straight quote left unclosed is not continued by the next paragraph's curly one
    text = '"Melanie thought it was outrageous.\n\n“It never crossed my mind,” she said.'
    assert quoted(text) == ["Melanie thought it was outrageous.", "It never crossed my mind"]


def test_a_mark_after_a_period_or_a_plural_is_an_apostrophe():
    text = "A complaint with Washington D.C.’s attorney board and the Court of Appeals’ Board. “Yes,” he said."
    assert quoted(text) == ["Yes"]


def test_opening_mark_used_as_closing_is_recovered():
    text = "“Romania will act with its allies “, read the statement. “Later,” he said."
    assert quoted(text) == ["Romania will act with its allies", "Later"]


def test_closing_mark_used_as_opening_is_recovered():
    text = "Photo.\n\n”Fear. I am truly afraid.” ― Karen Bobadilla. He left the stage” and went home."
    assert quoted(text) == ["Fear. I am truly afraid."]


def test_stray_opening_mark_at_paragraph_end_loses_nothing():
    text = "He said “yes” to it. “\n\n“Next quote,” she said."
    assert quoted(text) == ["yes", "Next quote"]


def test_unclosed_quote_stops_at_paragraph_end():
    text = "“This never closes.\n\nPlain narration here. Another sentence."
    top = pair_quotations(text)
    assert [text[q.start : q.end] for q in top] == ["This never closes."]
    assert top[0].close_pos is None


def test_emoji_inside_quote_keeps_code_point_offsets():
    text = "“RO🇷🇴 condemns it,” Iohannis twitted."
    q = pair_quotations(text)[0]
    assert text[q.start : q.end] == "RO🇷🇴 condemns it"


def test_paragraphs_by_blank_line_or_by_line_when_no_blank_line_is_used():
    from service.attribution.document import paragraph_starts

    assert paragraph_starts("One.\n\nTwo.") == [0, 6]
    # one paragraph per line, as many CMS exports give it
    assert paragraph_starts("One.\nTwo\nThree.") == [0, 5, 9]
    # in text that uses blank lines, a newline inside a sentence only wraps it
    assert paragraph_starts("A long line that\nwraps.\nNext one.\n\nLast.") == [0, 24, 35]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("He told “Fox News Sunday” on Friday.", True),
        ("the “Contract with America.”", True),
        ("her “Keepin' It Real” show", True),
        ("“We will win,” he said.", False),
        # a word or two before a comma and the cue are someone's words, capitalised or not
        ("“Yes,” she said.", False),
        ("“Thank You,” he said.", False),
        ("“Lock Her Up!” they chanted.", False),
        ("“It Is Not Over, Not Yet, Not At All,” she said.", False),
    ],
)
def test_title_case_quotations_are_names(text, title):
    from service.attribution.marks import is_title_quote

    [q] = pair_quotations(text)
    assert is_title_quote(text, q) is title
