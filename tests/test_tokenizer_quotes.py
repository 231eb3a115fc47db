"""The shipped tokenizer on the seed article: quotation marks are tokens of their own, and a closing mark with
its speech cue (``,” she said``) stays in the sentence of the quote it closes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from service.nlp import DEFAULT_MODEL_DIR, PROCESSORS, ModelLoadError, build_pipeline, model_paths

SEED = Path(__file__).resolve().parent.parent / "seeds" / "ukraine-recognition.txt"
DOUBLE_MARKS = set('“”"«»„')
LETTER = re.compile(r"\w")
# "… integrity,” he said" / "… steps,” she said" / "… commitments,” Stoltenberg said" / "…,” Iohannis twitted"
CUE_AFTER_CLOSE = re.compile(
    r"(?P<last>\w+)[,.!?]?(?P<close>[”\"])\s+(?P<speaker>he|she|they|[A-Z][\w’'-]+)\s+"
    r"(?P<cue>said|says|added|twitted|tweeted|wrote|told)\b"
)


@pytest.fixture(scope="session")
def pipeline() -> Any:
    """The pipeline on the shipped models, built once; skips while they are not installed."""
    paths = model_paths(DEFAULT_MODEL_DIR) if DEFAULT_MODEL_DIR.is_dir() else {}
    if any(p not in paths for p in PROCESSORS):
        pytest.skip(f"shipped models not installed in {DEFAULT_MODEL_DIR}")
    try:
        return build_pipeline(DEFAULT_MODEL_DIR)
    except ModelLoadError as exc:  # pragma: no cover - a broken install should fail loudly elsewhere
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def seed_doc(pipeline: Any) -> tuple[str, Any]:
    text = SEED.read_text(encoding="utf-8")
    return text, pipeline(text)


def quote_mark_offsets(text: str) -> set[int]:
    """Character offsets of quotation marks: every double mark, and ‘ ’ only where they pair up as quotes.

    A single ‘ opening a word starts a quote that the next ’ not followed by a letter closes; every other ’ is
    an apostrophe (``Russia’s``, ``Russia’ moves``, ``Don’t``).
    """
    marks = {i for i, ch in enumerate(text) if ch in DOUBLE_MARKS}
    i = 0
    while (i := text.find("‘", i)) != -1:
        if i == 0 or not LETTER.match(text[i - 1]):
            for j in range(i + 1, len(text)):
                after = text[j + 1] if j + 1 < len(text) else " "
                if text[j] == "’" and not LETTER.match(after):
                    marks.update({i, j})
                    break
        i += 1
    return marks


def test_quote_mark_offsets_tell_quotes_from_apostrophes() -> None:
    text = "He said ‘no’ and “yes”. Russia’s move, Russia’ moves, Don’t."
    assert sorted(text[i] for i in quote_mark_offsets(text)) == sorted("‘’“”")


def test_every_quotation_mark_is_its_own_token(seed_doc: tuple[str, Any]) -> None:
    text, doc = seed_doc
    marks = quote_mark_offsets(text)
    assert len(marks) > 30  # the seed is full of quotes: the helper found them
    tokens = [t for s in doc.sentences for t in s.tokens]
    glued = []
    covered = set()
    for tok in tokens:
        inside = [i for i in range(tok.start_char, tok.end_char) if i in marks]
        covered.update(inside)
        if inside and tok.end_char - tok.start_char != 1:
            glued.append(text[tok.start_char : tok.end_char])
    assert glued == [], f"quotation marks glued to other characters: {glued}"
    assert covered == marks  # every mark came out as a token (none dropped or swallowed by whitespace)
    for tok in tokens:
        surface = text[tok.start_char : tok.end_char]
        assert not (any(c in DOUBLE_MARKS for c in surface) and LETTER.search(surface)), surface


def test_closing_mark_and_cue_stay_with_the_quote(seed_doc: tuple[str, Any]) -> None:
    text, doc = seed_doc
    spans = [(s.tokens[0].start_char, s.tokens[-1].end_char) for s in doc.sentences]

    def sentence_of(offset: int) -> int:
        return next(k for k, (a, b) in enumerate(spans) if a <= offset < b)

    found = list(CUE_AFTER_CLOSE.finditer(text))
    # he said, she said, Stoltenberg said, Iohannis twitted
    assert len(found) >= 4, [m.group(0) for m in found]
    for m in found:
        where = {sentence_of(m.start(g)) for g in ("last", "close", "speaker", "cue")}
        assert len(where) == 1, f"sentence boundary inside {m.group(0)!r}"


def test_quote_ending_a_sentence_keeps_its_closing_mark(seed_doc: tuple[str, Any]) -> None:
    """``… security.”`` and ``… a party”.``: the closing mark belongs to the sentence it ends."""
    text, doc = seed_doc
    for pattern in ("peace and security.”", "to which Russia is a party”."):
        start = text.index(pattern)
        end = start + len(pattern) - 1
        sent = next(s for s in doc.sentences if s.tokens[0].start_char <= start < s.tokens[-1].end_char)
        assert sent.tokens[-1].end_char > end, f"{pattern!r} split from its closing mark"
