"""The HTTP layer: every status code, problem+json errors, offsets, and fidelity to what the engine returns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.attribution import Analysis, Extractor, Options

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = (ROOT / "seeds" / "ukraine-recognition.txt").read_text(encoding="utf-8")
PROBLEM = "application/problem+json"
PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}

SHORT = "“We are ready,” the spokesperson said on Monday. The minister said that talks would resume."
# Astral-plane emoji (one code point each, two UTF-16 units), a skin-tone modifier sequence, CRLF line
# endings, combining accents (e + U+0301) and a non-breaking space: offsets must stay code-point offsets.
TRICKY = (
    "Officials 😀 said on Monday: “We are 👍🏽 ready for anything,” according to the statement.\r\n\r\n"
    "“Cafe\u0301 prices will rise,” said Jose\u0301 Garci\u0301a, the mayor of Sevilla.\r\n"
    "The\u00a0minister said that the talks would resume 🇺🇦 next week.\r\n"
)
# Direct, indirect, belief and unattributed quotations, for the options (short: a parse costs seconds).
MEDIUM = (
    "“These measures are separate,” White House spokesperson Jen Psaki said on Tuesday. "
    "The Ukrainian army said that two of its soldiers had been killed. "
    "Zelensky believes that the West will help. “Nobody knows what happens next.” "
    "NATO Secretary General Jens Stoltenberg condemned the decision."
)
NUL_TEXT = "The minister said\x00 that talks would resume.\x00 “Soon,” she said."


# --- helpers -------------------------------------------------------------------------------------------


def assert_problem(response, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status; returns its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = json.loads(response.get_data(as_text=True))
    assert set(body) >= PROBLEM_KEYS, body
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert "Traceback" not in response.get_data(as_text=True)
    return body


def span_json(span) -> dict[str, Any]:
    return {"text": span.text, "start": span.start, "end": span.end}


def expected_json(analysis: Analysis) -> dict[str, Any]:
    """The documented JSON for an Analysis, built by hand (independently of the marshmallow schemas)."""
    attributions = []
    for a in analysis.attributions:
        attributions.append(
            {
                "id": a.id,
                "type": a.type,
                "quote": span_json(a.quote),
                "speaker": None
                if a.speaker is None
                else {
                    **span_json(a.speaker.mention),
                    "name": a.speaker.name,
                    "kind": a.speaker.kind,
                    "entity": a.speaker.entity,
                },
                "role": None if a.role is None else {"title": a.role.title, "affiliation": a.role.affiliation},
                "cue": None if a.cue is None else {**span_json(a.cue.span), "lemma": a.cue.lemma},
                "confidence": a.confidence,
            }
        )
    speakers = [
        {
            "entity": e.id,
            "name": e.name,
            "kind": e.kind,
            "roles": [{"title": r.title, "affiliation": r.affiliation} for r in e.roles],
            "mentions": [span_json(m) for m in e.mentions],
        }
        for e in analysis.speakers
    ]
    return {"attributions": attributions, "speakers": speakers, "meta": stable_meta(analysis.meta)}


def stable_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Meta without timings, which differ from run to run."""
    return {k: v for k, v in meta.items() if not k.endswith("_seconds")}


def comparable(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "meta": stable_meta(body["meta"])}


def all_spans(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Every span-like object in an analysis body."""
    spans = []
    for a in body["attributions"]:
        spans.append(a["quote"])
        if a["speaker"] is not None:
            spans.append(a["speaker"])
        if a["cue"] is not None:
            spans.append(a["cue"])
    for entity in body["speakers"]:
        spans.extend(entity["mentions"])
    return spans


def assert_offsets(text: str, body: dict[str, Any]) -> None:
    for span in all_spans(body):
        assert 0 <= span["start"] <= span["end"] <= len(text), span
        assert text[span["start"] : span["end"]] == span["text"], span


def assert_analysis_shape(body: dict[str, Any]) -> None:
    assert set(body) == {"attributions", "speakers", "meta"}
    entity_ids = {e["entity"] for e in body["speakers"]}
    ids = [a["id"] for a in body["attributions"]]
    assert len(ids) == len(set(ids))
    for a in body["attributions"]:
        assert set(a) == {"id", "type", "quote", "speaker", "role", "cue", "confidence"}
        assert a["type"] in {"direct", "mixed", "indirect", "belief"}
        assert 0.0 <= a["confidence"] <= 1.0
        if a["speaker"] is not None:
            assert set(a["speaker"]) == {"text", "start", "end", "name", "kind", "entity"}
            assert a["speaker"]["entity"] in entity_ids
        if a["role"] is not None:
            assert set(a["role"]) == {"title", "affiliation"}
        if a["cue"] is not None:
            assert set(a["cue"]) == {"text", "start", "end", "lemma"}


def post_json(client: FlaskClient, payload: Any, path: str = "/v1/attributions", **kwargs):
    return client.post(path, data=json.dumps(payload), content_type="application/json", **kwargs)


@pytest.fixture
def small_limits_app(extractor: Extractor) -> Flask:
    return create_app(
        config={
            "TESTING": True,
            "QUOTES_MAX_DOCUMENT_CHARS": 200,
            "QUOTES_MAX_BATCH_DOCUMENTS": 3,
            "QUOTES_MAX_BATCH_CHARS": 300,
            "QUOTES_MAX_CONTENT_LENGTH": 2000,
        },
        extractor=extractor,
    )


# --- 200 -----------------------------------------------------------------------------------------------


def test_healthz_is_200(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_200_once_warmed(client: FlaskClient, extractor: Extractor) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["status"] == "ready"
    assert extractor.warmed


@pytest.mark.parametrize("text", [SHORT, TRICKY, NUL_TEXT, SEED_TEXT], ids=["short", "tricky", "nul", "seed"])
def test_json_body_returns_exactly_the_engine_analysis(client: FlaskClient, extractor: Extractor, text: str) -> None:
    response = post_json(client, {"text": text})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert_analysis_shape(body)
    assert_offsets(text, body)
    assert comparable(body) == expected_json(extractor.analyze(text, Options()))


def test_options_reach_the_engine(client: FlaskClient, extractor: Extractor) -> None:
    options = {"include_unattributed": True, "include_beliefs": True, "min_confidence": 0.4}
    body = post_json(client, {"text": MEDIUM, "options": options}).get_json()
    assert_offsets(MEDIUM, body)
    assert comparable(body) == expected_json(extractor.analyze(MEDIUM, Options(**options)))
    assert all(a["confidence"] >= 0.4 for a in body["attributions"])


def test_text_plain_body_with_query_options(client: FlaskClient, extractor: Extractor) -> None:
    response = client.post(
        "/v1/attributions?include_unattributed=true&min_confidence=0.2",
        data=TRICKY.encode("utf-8"),
        content_type="text/plain; charset=utf-8",
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert_offsets(TRICKY, body)  # CRLF kept: the posted bytes decode to exactly TRICKY
    expected = extractor.analyze(TRICKY, Options(include_unattributed=True, min_confidence=0.2))
    assert comparable(body) == expected_json(expected)


def test_text_plain_and_json_agree(client: FlaskClient) -> None:
    as_json = post_json(client, {"text": SHORT, "options": {"include_beliefs": True}}).get_json()
    as_text = client.post(
        "/v1/attributions?include_beliefs=true", data=SHORT.encode(), content_type="text/plain"
    ).get_json()
    assert comparable(as_json) == comparable(as_text)


def test_body_options_override_query_options(client: FlaskClient, extractor: Extractor) -> None:
    body = post_json(
        client, {"text": MEDIUM, "options": {"min_confidence": 0.0}}, query_string={"min_confidence": "0.9"}
    ).get_json()
    assert comparable(body) == expected_json(extractor.analyze(MEDIUM, Options(min_confidence=0.0)))


def test_batch_with_one_bad_document(client: FlaskClient, extractor: Extractor) -> None:
    documents = [
        {"id": "good-1", "text": SHORT},
        {"id": "blank", "text": " \n\t "},
        {"id": "good-2", "text": TRICKY},
        {"id": "number", "text": 42},
        {"id": "missing"},
    ]
    response = post_json(client, {"documents": documents}, "/v1/attributions/batch")
    assert response.status_code == 200, response.get_data(as_text=True)
    results = response.get_json()["results"]
    assert [r["id"] for r in results] == [d["id"] for d in documents]

    expected = extractor.analyze_many([SHORT, TRICKY], Options())
    for result, text, analysis in zip([results[0], results[2]], [SHORT, TRICKY], expected, strict=True):
        assert "error" not in result
        body = {k: result[k] for k in ("attributions", "speakers", "meta")}
        assert_analysis_shape(body)
        assert_offsets(text, body)
        assert comparable(body) == expected_json(analysis)
    for index in (1, 3, 4):
        assert set(results[index]) == {"id", "error"}
        error = results[index]["error"]
        assert set(error) >= PROBLEM_KEYS
        assert error["status"] == 422
        assert error["instance"].endswith(f"#/documents/{index}")
        assert "text" in error["errors"]["body"]


def test_batch_document_over_the_limit_fails_alone(small_limits_app: Flask) -> None:
    client = small_limits_app.test_client()
    documents = [{"id": "long", "text": "x" * 201}, {"id": "ok", "text": SHORT}]
    results = post_json(client, {"documents": documents}, "/v1/attributions/batch").get_json()["results"]
    assert results[0]["error"]["status"] == 413
    assert "error" not in results[1] and "attributions" in results[1]


# --- 400 -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b'{"text": "unterminated',
        b"[1, 2]",
        b'"just a string"',
        b"null",
        b"",
        b'{"text": "ok"} trailing',
        b'{"text": "caf\xe9"}',  # Latin-1, not UTF-8
        b"[" * 100_000,  # deeper than Python's recursion limit
        b'{"text": "ok", "options": {"min_confidence": ' + b"1" * 5000 + b"}}",  # over the int-digit limit
        b'{"text": "ok", "options": {"min_confidence": NaN}}',
    ],
    ids=["truncated", "array", "string", "null", "empty", "trailing", "latin1", "deep", "huge-int", "nan"],
)
def test_malformed_json_is_400(client: FlaskClient, data: bytes) -> None:
    for path in ("/v1/attributions", "/v1/attributions/batch"):
        assert_problem(client.post(path, data=data, content_type="application/json"), 400)


def test_invalid_utf8_text_plain_is_400(client: FlaskClient) -> None:
    assert_problem(client.post("/v1/attributions", data=b"caf\xe9 \xff", content_type="text/plain"), 400)


# --- 404, 405 ------------------------------------------------------------------------------------------


def test_unknown_path_is_404_problem(client: FlaskClient) -> None:
    body = assert_problem(client.get("/v2/nothing"), 404)
    assert body["instance"] == "/v2/nothing"


@pytest.mark.parametrize(
    "method,path", [("get", "/v1/attributions"), ("delete", "/v1/attributions/batch"), ("post", "/healthz")]
)
def test_wrong_method_is_405_problem_with_allow(client: FlaskClient, method: str, path: str) -> None:
    response = getattr(client, method)(path)
    assert_problem(response, 405)
    assert response.headers.get("Allow")


# --- 413 -----------------------------------------------------------------------------------------------


def test_text_over_the_limit_is_413(small_limits_app: Flask) -> None:
    client = small_limits_app.test_client()
    assert_problem(post_json(client, {"text": "a" * 201}), 413)
    assert_problem(client.post("/v1/attributions", data="a" * 201, content_type="text/plain"), 413)
    # The default limit, on the default app.
    default = create_app(config={"TESTING": True}, extractor=None).test_client()
    assert_problem(post_json(default, {"text": "a" * 100_001}), 413)


def test_body_over_max_content_length_is_413(small_limits_app: Flask) -> None:
    client = small_limits_app.test_client()
    assert_problem(post_json(client, {"text": "a" * 3000}), 413)
    assert_problem(post_json(client, {"documents": [{"id": "a", "text": "a" * 3000}]}, "/v1/attributions/batch"), 413)


def test_batch_over_limits_is_413(small_limits_app: Flask) -> None:
    client = small_limits_app.test_client()
    too_many = [{"id": str(i), "text": "Hi."} for i in range(4)]
    assert_problem(post_json(client, {"documents": too_many}, "/v1/attributions/batch"), 413)
    too_long = [{"id": str(i), "text": "a" * 150} for i in range(3)]
    assert_problem(post_json(client, {"documents": too_long}, "/v1/attributions/batch"), 413)


# --- 415 -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "application/xml"},
        {"Content-Type": "application/x-www-form-urlencoded"},
        {},
        {"Content-Type": "text/plain; charset=latin-1"},
        {"Content-Type": "application/json; charset=utf-16"},
        {"Content-Type": "application/json", "Content-Encoding": "gzip"},
    ],
    ids=["xml", "form", "none", "latin1", "utf16", "gzip"],
)
def test_unsupported_media_type_is_415(client: FlaskClient, headers: dict[str, str]) -> None:
    assert_problem(client.post("/v1/attributions", data=b'{"text": "Hello."}', headers=headers), 415)


def test_batch_takes_json_only(client: FlaskClient) -> None:
    assert_problem(client.post("/v1/attributions/batch", data="Hello.", content_type="text/plain"), 415)


# --- 422 -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload,field",
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": " \r\n\t\u00a0\u2003 "}, "text"),
        ({"text": None}, "text"),
        ({"text": 12}, "text"),
        ({"text": ["a"]}, "text"),
        ({"text": {"nested": {"junk": [1, {"x": None}]}}}, "text"),
        ({"text": "ok", "extra": 1}, "extra"),
        ({"text": "ok", "options": {"bogus": True}}, "options"),
        ({"text": "ok", "options": {"include_beliefs": "true"}}, "options"),
        ({"text": "ok", "options": {"include_unattributed": 1}}, "options"),
        ({"text": "ok", "options": {"min_confidence": "0.5"}}, "options"),
        ({"text": "ok", "options": {"min_confidence": True}}, "options"),
        ({"text": "ok", "options": {"min_confidence": 1.5}}, "options"),
        ({"text": "ok", "options": {"min_confidence": 10**400}}, "options"),
        ({"text": "ok", "options": []}, "options"),
        ({"text": "ok", "options": None}, "options"),
    ],
)
def test_invalid_fields_are_422(client: FlaskClient, payload: dict[str, Any], field: str) -> None:
    body = assert_problem(post_json(client, payload), 422)
    assert field in body["errors"]["body"]


def test_lone_surrogate_is_422_not_500(client: FlaskClient) -> None:
    data = b'{"text": "broken \\ud800 surrogate"}'
    body = assert_problem(client.post("/v1/attributions", data=data, content_type="application/json"), 422)
    assert "text" in body["errors"]["body"]
    # An unknown field *named* by a lone surrogate must still come back as a 422 document.
    data = b'{"text": "ok", "\\udfff": 1}'
    assert_problem(client.post("/v1/attributions", data=data, content_type="application/json"), 422)


@pytest.mark.parametrize(
    "query",
    [
        "include_beliefs=maybe",
        "min_confidence=abc",
        "min_confidence=inf",
        "colour=red",
        "min_confidence=0.1&min_confidence=0.2",
        "min_confidence=-3.8e16",
        "include_beliefs=",
    ],
)
@pytest.mark.parametrize("body_type", ["text/plain", "application/json"])
def test_invalid_query_options_are_422(client: FlaskClient, query: str, body_type: str) -> None:
    # With JSON, the body's own options would override the query's: the query is still checked.
    data = "Hello." if body_type == "text/plain" else json.dumps(
        {"text": "Hello.", "options": {"include_beliefs": False, "min_confidence": 0.3}}
    )
    response = client.post(f"/v1/attributions?{query}", data=data, content_type=body_type)
    assert "query" in assert_problem(response, 422)["errors"]


@pytest.mark.parametrize("data", ["", "   \n\r\n\t  "], ids=["empty", "whitespace"])
def test_blank_text_plain_is_422(client: FlaskClient, data: str) -> None:
    assert_problem(client.post("/v1/attributions", data=data, content_type="text/plain"), 422)


@pytest.mark.parametrize(
    "payload",
    [
        {"documents": []},
        {"documents": "text"},
        {"documents": [1]},
        {"documents": [{"text": "no id"}]},
        {"documents": [{"id": 7, "text": "numeric id"}]},
        {"documents": [{"id": "a", "text": "x", "lang": "en"}]},
        {"documents": [{"id": "a", "text": "x"}], "options": {"min_confidence": -1}},
        {"docs": []},
    ],
    ids=[
        "empty",
        "not-list",
        "not-object",
        "no-id",
        "int-id",
        "unknown-key",
        "bad-option",
        "unknown-top",
    ],
)
def test_invalid_batch_envelope_is_422(client: FlaskClient, payload: dict[str, Any]) -> None:
    assert_problem(post_json(client, payload, "/v1/attributions/batch"), 422)


def test_repeated_batch_ids_are_answered_in_order(client: FlaskClient) -> None:
    payload = {"documents": [{"id": "a", "text": "One."}, {"id": "a", "text": "  "}, {"id": "a", "text": "Three."}]}
    response = post_json(client, payload, "/v1/attributions/batch")
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["id"] for r in results] == ["a", "a", "a"]
    assert [("error" in r) for r in results] == [False, True, False]
    assert [r["meta"]["characters"] for r in results if "meta" in r] == [4, 6]


# --- 503, 500 ------------------------------------------------------------------------------------------


def test_models_not_loadable_is_503(tmp_path: Path) -> None:
    app = create_app(config={"TESTING": True, "QUOTES_MODEL_DIR": str(tmp_path / "no-such-models")})
    client = app.test_client()
    assert client.get("/healthz").status_code == 200  # alive, though not ready
    for response in (client.get("/readyz"), post_json(client, {"text": SHORT})):
        body = assert_problem(response, 503)
        assert str(tmp_path) not in body["detail"]  # server paths stay in the log
        assert response.headers.get("Retry-After")
    # Validation still comes first: a bad request is the client's problem even without models.
    assert_problem(post_json(client, {"text": ""}), 422)


class _ExplodingExtractor:
    """Stands in for a crashing engine (not for the parser): every analysis raises."""

    warmed = True
    model_info = {"name": "exploding"}

    def analyze_many(self, texts, options=None):
        raise RuntimeError("secret internal state /srv/models")

    def analyze(self, text, options=None):
        return self.analyze_many([text], options)[0]

    def warm(self) -> None:
        pass


def test_engine_crash_is_a_500_problem_without_traceback() -> None:
    app = create_app(config={"TESTING": True}, extractor=_ExplodingExtractor())  # type: ignore[arg-type]
    client = app.test_client()
    for response in (
        post_json(client, {"text": SHORT}),
        post_json(
            client, {"documents": [{"id": "a", "text": SHORT}, {"id": "b", "text": SHORT}]}, "/v1/attributions/batch"
        ),
    ):
        body = assert_problem(response, 500)
        assert "secret" not in response.get_data(as_text=True)
        assert body["type"] == "about:blank"


def test_openapi_json_is_served(client: FlaskClient) -> None:
    spec = client.get("/openapi.json").get_json()
    assert {"/v1/attributions", "/v1/attributions/batch", "/healthz", "/readyz"} <= set(spec["paths"])
