"""Fuzzing the API with hypothesis: hostile texts and hostile JSON, against the real extractor.

    python -m tools.fuzz --examples 500      # the long form; tests/test_fuzz.py runs the short form in CI

Properties, for every generated request: no 5xx, an answer within ``MAX_SECONDS``, a problem+json body on
every error, and every returned span equal to ``text[start:end]``.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MAX_SECONDS = 60.0

# Every quotation mark the engine knows, and their look-alikes, so pairs come unbalanced, mismatched, nested.
MARKS = "\"'“”‘’«»‹›„‚「」『』`´″′"
HOSTILE = "\u200b\u200c\u200d\u2060\ufeff\u202e\u00ad\x00\x07\x1b\x7f\u2028\u2029\r\n\t\u00a0"
WORDS = ["said", "says", "told", "that", "according", "to", "He", "She", "The", "minister", "Biden", "Smith",
         "will", "not", "we", ",", ".", ":", ";", "—", "(", ")", "...", "?", "!", "\n\n", "\r\n", "R-Ore."]  # fmt: skip

_pieces = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(list(MARKS)),
    st.sampled_from(list(HOSTILE)),
    st.text(min_size=1, max_size=8),  # any unicode, surrogates excluded by hypothesis' default for text
    st.sampled_from(["😀", "👍🏽", "🇺🇦", "e\u0301", "\U0010ffff"]),
)
hostile_texts = st.lists(_pieces, min_size=1, max_size=120).map(lambda parts: " ".join(parts))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
json_bodies = st.one_of(
    json_values,
    st.fixed_dictionaries({"text": json_values}),
    st.fixed_dictionaries({"text": hostile_texts, "options": json_values}),
    st.fixed_dictionaries({"documents": json_values}),
    st.fixed_dictionaries({"documents": st.lists(st.fixed_dictionaries({"id": json_values, "text": json_values}),
                                                 max_size=3)}),  # fmt: skip
)


def check_response(response: Any, text: str | None, started: float) -> None:
    """The properties every answer must have (``text``: the posted article, when there was one)."""
    elapsed = time.monotonic() - started
    assert elapsed < MAX_SECONDS, f"answered in {elapsed:.1f} s"
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    if response.status_code >= 400:
        assert response.mimetype == "application/problem+json"
        body = response.get_json()
        assert body["status"] == response.status_code and body["detail"]
        return
    body = response.get_json()
    results = body.get("results", [body])
    for result in results:
        for record in result.get("attributions", []):
            spans = [record["quote"]] + [record[k] for k in ("speaker", "cue") if record.get(k)]
            for span in spans:
                if text is not None:
                    assert text[span["start"] : span["end"]] == span["text"], span


def post_text(client: Any, text: str) -> None:
    """Post ``text`` as JSON and as text/plain; check both answers."""
    for kwargs in ({"json": {"text": text, "options": {"include_unattributed": True}}},
                   {"data": text.encode("utf-8", "surrogatepass"), "content_type": "text/plain"}):  # fmt: skip
        started = time.monotonic()
        check_response(client.post("/v1/attributions", **kwargs), text, started)


def post_json(client: Any, body: Any, path: str) -> None:
    """Post any JSON value as a body; check the answer."""
    started = time.monotonic()
    response = client.post(path, data=json.dumps(body), content_type="application/json")
    text = body.get("text") if isinstance(body, dict) and isinstance(body.get("text"), str) else None
    check_response(response, text, started)


def make_tests(client: Any, examples: int):
    """The two properties as hypothesis tests over ``client``, with ``examples`` examples each."""
    config = settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))  # fmt: skip

    @config
    @given(hostile_texts)
    def texts(text: str) -> None:
        post_text(client, text)

    @config
    @given(json_bodies, st.sampled_from(["/v1/attributions", "/v1/attributions/batch"]))
    def bodies(body: Any, path: str) -> None:
        post_json(client, body, path)

    return texts, bodies


def main(argv: list[str] | None = None) -> int:
    """Run both properties with ``--examples`` examples each on the shipped models."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=500)
    args = ap.parse_args(argv)
    from service import create_app
    from service.attribution import build_extractor

    client = create_app(config={"TESTING": True}, extractor=build_extractor(warm=True, learned=True)).test_client()
    for test in make_tests(client, args.examples):
        started = time.monotonic()
        test()
        print(f"{test.__name__}: {args.examples} examples, no failure, {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
