"""Bounded work per request: sentence cuts, the deadline, and allocation failures answered as problems."""

from __future__ import annotations

import time

import pytest
from flask.testing import FlaskClient

from service import create_app
from service.attribution import Extractor, Options
from service.attribution.bounds import (
    MAX_TAGGED_TOKEN_CHARS,
    Deadline,
    DeadlineExceeded,
    alarm,
    bound_sentences,
    cut_points,
    is_allocation_failure,
    join_abbreviation_splits,
)
from service.errors import recycle_requested

# --- where a long sentence is cut (pure: token texts and word counts) ---------------------------------------


@pytest.mark.parametrize(
    "tokens,max_words,expected",
    [
        (["a"] * 10, 20, []),  # short enough: no cut
        (["a"] * 10, 4, [4, 8]),  # no punctuation: at the limit
        (["a", "a", "a", ",", "a", "a", "a", "a"], 5, [4]),  # after the comma inside the window
        (["a", ",", "a", "a", "a", "a", "a", "a"], 6, [6]),  # a comma too early would leave a stub: at the limit
        (["a", "a", "a", ";", "a", ",", "a", "a", "a"], 6, [6]),  # the last clause mark in the window wins
    ],
)
def test_cut_points(tokens: list[str], max_words: int, expected: list[int]) -> None:
    assert cut_points(tokens, [1] * len(tokens), max_words) == expected


def test_cut_points_never_split_a_multi_word_token() -> None:
    # "didn't" is two words: a 3-word limit cannot take "a a didn't" and cuts before it.
    assert cut_points(["a", "a", "didn't", "a"], [1, 1, 2, 1], 3) == [2]
    # a single token with more words than the limit is a piece of its own
    assert cut_points(["x", "y"], [5, 1], 3) == [1]


def test_every_piece_is_within_the_limit_on_long_input() -> None:
    tokens = (["w"] * 7 + [","]) * 200
    cuts = cut_points(tokens, [1] * len(tokens), 50)
    bounds = [0, *cuts, len(tokens)]
    assert all(0 < b - a <= 50 for a, b in zip(bounds, bounds[1:], strict=False))


# --- on the shipped tokenizer ---------------------------------------------------------------------------------


def test_bound_sentences_keeps_offsets_and_text(extractor: Extractor) -> None:
    text = "He said he didn't know, " + "and the cat sat on the mat while dogs barked " * 30 + "today."
    sdoc = extractor.pipeline(text, processors="tokenize,mwt")
    bounded, report = bound_sentences(sdoc, 40)
    assert report.sentences_cut == 1 and report.pieces_added >= 7
    assert all(len(s.words) <= 40 for s in bounded.sentences)
    before = [(t.start_char, t.end_char) for s in sdoc.sentences for t in s.tokens]
    after = [(t.start_char, t.end_char) for s in bounded.sentences for t in s.tokens]
    assert before == after
    assert [w.text for s in bounded.sentences for w in s.words][:5] == ["He", "said", "he", "did", "n't"]


def test_an_unpunctuated_text_is_parsed_in_bounded_sentences(extractor: Extractor) -> None:
    text = " ".join(["the council would meet again soon"] * 120)  # 720 words, no sentence end
    doc = extractor.parse([text])[0]
    longest = max(s.last - s.first + 1 for s in doc.sentences)
    assert longest <= extractor.max_sentence_words
    assert all(text[w.start : w.end] == w.text for w in doc.words)


def test_a_quotation_across_a_cut_is_found_whole(extractor: Extractor) -> None:
    inner = " ".join(["we will keep working on this plan"] * 40)  # 280 words inside one quotation
    text = f"“{inner},” the minister said."
    saved = extractor.max_sentence_words
    extractor.max_sentence_words = 60
    try:
        analysis = extractor.analyze(text, Options())
    finally:
        extractor.max_sentence_words = saved
    [record] = analysis.attributions
    assert record.quote.text == inner
    assert record.speaker is not None and record.speaker.mention.text == "the minister"


def test_a_huge_token_reaches_the_tagger_shortened(extractor: Extractor) -> None:
    # Stanza's tokenizer itself turns tokens of 400+ characters into <UNK>; shorter long ones reach the tagger.
    token = "x" * 150
    text = f"She said {token} was the code."
    sdoc, report = bound_sentences(extractor.pipeline(text, processors="tokenize,mwt"), 200)
    assert report.tokens_shortened == 1
    assert max(len(w.text) for s in sdoc.sentences for w in s.words) == MAX_TAGGED_TOKEN_CHARS
    doc = extractor.parse([text])[0]
    assert any(w.text == token for w in doc.words)  # the Doc's words come from the posted text


# --- the deadline --------------------------------------------------------------------------------------------


def test_deadline_checks() -> None:
    Deadline(None).check("never")
    Deadline(60).check("not yet")
    with pytest.raises(DeadlineExceeded, match="at parse"):
        Deadline(0.0).check("parse")


def test_alarm_interrupts_a_long_stage() -> None:
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded), alarm(Deadline(0.2)):
        while time.monotonic() - started < 5:
            pass
    assert time.monotonic() - started < 2


def test_alarm_is_cleared_after_the_block() -> None:
    with alarm(Deadline(0.2)):
        pass
    time.sleep(0.4)  # a timer left armed would raise here


def test_a_request_past_its_deadline_is_a_503_problem(extractor: Extractor) -> None:
    app = create_app(config={"TESTING": True, "QUOTES_REQUEST_TIMEOUT": 1e-9}, extractor=extractor)
    response = app.test_client().post("/v1/attributions", json={"text": "“Yes,” she said."})
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["type"].endswith("deadline-exceeded") and "1e-09 s" in body["detail"]
    assert response.headers["Retry-After"]


def test_the_deadline_does_not_touch_normal_requests(client: FlaskClient) -> None:
    assert client.post("/v1/attributions", json={"text": "“Yes,” she said."}).status_code == 200


# --- allocation failures ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error,expected",
    [
        (MemoryError(), True),
        (RuntimeError("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory"), True),
        (RuntimeError("index out of range"), False),
        (ValueError("can't allocate memory"), False),
    ],
)
def test_is_allocation_failure(error: BaseException, expected: bool) -> None:
    assert is_allocation_failure(error) is expected


class _HungryExtractor:
    """Stands in for a parse that crossed the worker's memory limit."""

    warmed = True
    model_info = {"name": "hungry"}

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def analyze_many(self, texts, options=None, deadline=None):
        raise self.error


@pytest.mark.parametrize(
    "error", [MemoryError(), RuntimeError("DefaultCPUAllocator: can't allocate memory: you tried 9 GB")]
)
@pytest.mark.parametrize("path", ["/v1/attributions", "/v1/attributions/batch"])
def test_an_allocation_failure_is_a_503_and_recycles_the_worker(
    monkeypatch: pytest.MonkeyPatch, error: BaseException, path: str
) -> None:
    import service.errors

    monkeypatch.setattr(service.errors, "_recycle", type(service.errors._recycle)())
    app = create_app(config={"TESTING": True}, extractor=_HungryExtractor(error))  # type: ignore[arg-type]
    payload = {"text": "Hello."} if path.endswith("attributions") else {"documents": [{"id": "a", "text": "Hi."}] * 2}
    response = app.test_client().post(path, json=payload)
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert response.get_json()["type"].endswith("resources-exhausted")
    assert response.headers["Retry-After"]
    assert recycle_requested()


@pytest.mark.parametrize("length", [999, 1000, 1001, 2500, 99_000])
def test_long_runs_without_whitespace_are_broken_for_the_tokenizer(length: int) -> None:
    from service.attribution import normalise_for_parsing
    from service.attribution.extract import MAX_RUN

    text = "He wrote " + "é" * length + " today."
    prepared = normalise_for_parsing(text)
    assert len(prepared) == len(text)
    assert max(len(run) for run in prepared.split()) <= MAX_RUN
    assert prepared.count(" ") - text.count(" ") == (length - 1) // MAX_RUN


def _tokenized(text: str, sentences: list[list[str]]):
    """A tokenized Stanza Document with the given sentence split (tokens found left to right in ``text``)."""
    from stanza.models.common.doc import Document

    out, at = [], 0
    for tokens in sentences:
        entries = []
        for k, tok in enumerate(tokens, start=1):
            start = text.index(tok, at)
            at = start + len(tok)
            entries.append({"id": k, "text": tok, "misc": f"start_char={start}|end_char={at}"})
        out.append(entries)
    return Document(out, text=text)


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # "Gov" "." split from its name by a false sentence end: joined
        ([["Indiana", "Gov", "."], ["Mike", "Pence", "said", "so", "."]], 1),
        # "Sen." as one token
        ([["Sen."], ["Bernie", "Sanders", "agreed", "."]], 1),
        # a real sentence end: kept
        ([["He", "left", "."], ["Mike", "Pence", "said", "so", "."]], 1 - 1),
        # an abbreviation before a lower-case word starts no name: kept
        ([["Indiana", "Gov", "."], ["and", "more", "."]], 0),
        # a break inside a line after a word with no stop: joined
        ([["British", "Prime", "Minister", "Theresa"], ["May", "said", "so", "."]], 1),
        ([["Mook", "told", "CBS"], ["This", "Morning", "that", "it", "was", "."]], 1),
        # a break after a stop, or at a line end, is kept
        ([["It", "ended", ":"], ["Then", "more", "."]], 0),
        ([["THE", "MANY", "CAVEATS"], ["Plenty", "of", "people", "."]], 0),
    ],
)
def test_join_abbreviation_splits(sentences: list[list[str]], expected: int) -> None:
    text = " ".join(" ".join(s) for s in sentences).replace("Gov .", "Gov.").replace("CAVEATS ", "CAVEATS\n")
    sdoc = _tokenized(text, sentences)
    joined, undone = join_abbreviation_splits(sdoc, frozenset({"gov", "sen"}))
    assert undone == expected
    assert len(joined.sentences) == len(sentences) - expected
    assert [t.text for s in joined.sentences for t in s.tokens] == [t for s in sentences for t in s]
    # offsets survive the join
    assert all(text[t.start_char : t.end_char] == t.text for s in joined.sentences for t in s.tokens)
