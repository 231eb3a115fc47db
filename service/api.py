"""HTTP endpoints: attributions for one article or a batch, liveness and readiness probes.

Bodies are read by service.bodies and analysed by service.analysis (shared with the jobs API).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Response, current_app, request
from flask_smorest import Blueprint

from schemas import (
    EXAMPLE_TEXT,
    AnalysisSchema,
    AttributionRequestSchema,
    BatchRequestSchema,
    BatchResponseSchema,
    HealthSchema,
    OptionsQuerySchema,
    OptionsSchema,
    ProblemSchema,
    validate_document_text,
)
from schemas.fields import TEXT_PATTERN

from . import quotes
from .analysis import analysis_failed, analyze, analyze_isolated, document_error, limit
from .attribution import Analysis, Options
from .bodies import (
    JSON_TYPES,
    TEXT_TYPES,
    is_json_mimetype,
    load_schema,
    media_type_problem,
    query_options,
    read_json_object,
    read_plain_text,
    reject_content_encoding,
    reject_query,
)
from .errors import PROBLEM_MEDIA_TYPE, TOO_LARGE, ProblemError, validation_problem
from .metrics import metrics_response
from .nlp import ModelLoadError

log = logging.getLogger(__name__)

blp = Blueprint("attributions", __name__, description="Find quotations and who said them.")
health_blp = Blueprint("health", __name__, description="Liveness and readiness probes.")

_PROBLEM_DESCRIPTIONS = {
    400: "Malformed body: not UTF-8, not JSON, or a JSON root that is not an object.",
    413: "The body, a text or the batch is above the configured limits.",
    415: "Unsupported Content-Type, charset or Content-Encoding.",
    422: "Invalid fields; `errors` says which.",
    404: "No such job: unknown, expired, or created with another API key.",
    503: "The models are not loaded and could not be loaded, or the job queue cannot be reached; retry later.",
}


def problem_responses(*statuses: int):
    """Document problem+json responses for ``statuses`` plus a catch-all ``default`` (404, 405, 500)."""

    def decorator(func):
        for status in (*statuses, "default"):
            description = _PROBLEM_DESCRIPTIONS.get(status, "Any other error (404, 405, 500).")  # type: ignore[arg-type]
            func = blp.alt_response(
                status, schema=ProblemSchema, content_type=PROBLEM_MEDIA_TYPE, description=description
            )(func)
        return func

    return decorator


# --- attributions ------------------------------------------------------------------------------------------

_TEXT_PLAIN_BODY = {"type": "string", "minLength": 1, "pattern": TEXT_PATTERN, "example": EXAMPLE_TEXT}

_SINGLE_REQUEST_BODY = {
    "required": True,
    "description": (
        "The article as JSON (`text` and `options`) or as a `text/plain` body in UTF-8, whose options then "
        "come as query parameters. Query parameters also work with JSON; the body's options win."
    ),
    "content": {
        "application/json": {
            "schema": AttributionRequestSchema,
            "examples": {
                "default": {"summary": "Text only", "value": {"text": EXAMPLE_TEXT}},
                "options": {
                    "summary": "With options",
                    "value": {
                        "text": EXAMPLE_TEXT,
                        "options": {"include_unattributed": True, "include_beliefs": False, "min_confidence": 0.3},
                    },
                },
            },
        },
        "text/plain": {"schema": _TEXT_PLAIN_BODY},
    },
}

# Illustrative (what the engine aims for on EXAMPLE_TEXT); tests check that every span matches the text.
_ZELENSKY = {"title": "President", "affiliation": None}
_STOLTENBERG = {"title": "Secretary General", "affiliation": "NATO"}
_ANALYSIS_EXAMPLE = {
    "attributions": [
        {
            "id": "q1",
            "type": "direct",
            "quote": {"text": "We will not give up a single piece of our country", "start": 1, "end": 50},
            "speaker": {
                "text": "President Volodymyr Zelensky",
                "start": 53,
                "end": 81,
                "name": "Volodymyr Zelensky",
                "kind": "person",
                "entity": "e1",
            },
            "role": _ZELENSKY,
            "cue": {"text": "said", "start": 82, "end": 86, "lemma": "say"},
            "confidence": 0.95,
        },
        {
            "id": "q2",
            "type": "indirect",
            "quote": {"text": "the move undermines Ukraine's sovereignty", "start": 144, "end": 185},
            "speaker": {
                "text": "NATO Secretary General Jens Stoltenberg",
                "start": 99,
                "end": 138,
                "name": "Jens Stoltenberg",
                "kind": "person",
                "entity": "e2",
            },
            "role": _STOLTENBERG,
            "cue": {"text": "said", "start": 139, "end": 143, "lemma": "say"},
            "confidence": 0.85,
        },
    ],
    "speakers": [
        {
            "entity": "e1",
            "name": "Volodymyr Zelensky",
            "kind": "person",
            "roles": [_ZELENSKY],
            "mentions": [{"text": "President Volodymyr Zelensky", "start": 53, "end": 81}],
        },
        {
            "entity": "e2",
            "name": "Jens Stoltenberg",
            "kind": "person",
            "roles": [_STOLTENBERG],
            "mentions": [{"text": "NATO Secretary General Jens Stoltenberg", "start": 99, "end": 138}],
        },
    ],
    "meta": {"quotations": 1, "characters": 186, "sentences": 2, "words": 35, "models": "en"},
}


@blp.route("/v1/attributions", methods=["POST"])
@problem_responses(400, 413, 415, 422, 503)
@blp.doc(requestBody=_SINGLE_REQUEST_BODY, parameters=[{"in": "query", "schema": OptionsQuerySchema}])
@blp.response(200, AnalysisSchema, description="Every attribution found in the article.", example=_ANALYSIS_EXAMPLE)
def attribute() -> Analysis:
    """Find every quotation in one article and who said it."""
    reject_content_encoding()
    from_query = query_options()
    # Query parameters are validated on their own whatever the body type: a bad one is a 422 even where the
    # body's options would override it.
    load_schema(OptionsSchema(), from_query, "query")
    mimetype = request.mimetype
    if is_json_mimetype(mimetype):
        body = read_json_object()
        options_body = body.get("options", {})
        if from_query and isinstance(options_body, dict):
            # Query parameters first, then the body's options over them; a non-object "options" is left
            # for the schema to refuse.
            body = {**body, "options": {**from_query, **options_body}}
        data = load_schema(AttributionRequestSchema(), body, "body")
        text, options = data["text"], data.get("options", Options())
    elif mimetype in TEXT_TYPES:
        text = read_plain_text()
        problems = validate_document_text(text)
        if problems:
            raise validation_problem({"body": problems}, detail=problems[0])
        options = load_schema(OptionsSchema(), from_query, "query")
    else:
        raise media_type_problem(JSON_TYPES + TEXT_TYPES)

    max_chars = limit("QUOTES_MAX_DOCUMENT_CHARS")
    if len(text) > max_chars:
        raise ProblemError(
            413, f"The text has {len(text):,} characters; at most {max_chars:,} are allowed.", type=TOO_LARGE
        )
    return analyze([text], options)[0]


@blp.route("/v1/attributions/batch", methods=["POST"])
@problem_responses(400, 413, 415, 422, 503)
@blp.doc(
    requestBody={
        "required": True,
        "content": {
            "application/json": {
                "schema": BatchRequestSchema,
                "example": {
                    "documents": [
                        {"id": "article-1", "text": EXAMPLE_TEXT},
                        {"id": "article-2", "text": "“Not now,” she said."},
                    ],
                    "options": {"min_confidence": 0.5},
                },
            }
        },
    }
)
@blp.response(
    200,
    BatchResponseSchema,
    description="One result per document, in order; a refused document carries an `error` problem instead.",
)
def attribute_batch() -> dict[str, Any]:
    """Find the attributions in several articles, parsed together."""
    reject_content_encoding()
    reject_query()
    if not is_json_mimetype(request.mimetype):
        raise media_type_problem(JSON_TYPES)
    data = load_schema(BatchRequestSchema(), read_json_object(), "body")
    documents: list[dict[str, Any]] = data["documents"]
    options: Options = data.get("options") or Options()

    max_docs = limit("QUOTES_MAX_BATCH_DOCUMENTS")
    if len(documents) > max_docs:
        raise ProblemError(
            413, f"The batch has {len(documents)} documents; at most {max_docs} are allowed.", type=TOO_LARGE
        )
    total = sum(len(d["text"]) for d in documents if isinstance(d.get("text"), str))
    max_total = limit("QUOTES_MAX_BATCH_CHARS")
    if total > max_total:
        raise ProblemError(
            413, f"The batch has {total:,} characters; at most {max_total:,} are allowed.", type=TOO_LARGE
        )

    max_chars = limit("QUOTES_MAX_DOCUMENT_CHARS")
    results: list[dict[str, Any]] = []
    valid: list[int] = []
    for index, doc in enumerate(documents):
        error = document_error(doc, max_chars, f"{request.path}#/documents/{index}")
        results.append({"id": doc["id"], "error": error} if error else {"id": doc["id"]})
        if error is None:
            valid.append(index)

    texts = [documents[i]["text"] for i in valid]
    for index, outcome in zip(valid, analyze_isolated(texts, options), strict=True):
        if isinstance(outcome, Analysis):
            results[index].update(attributions=outcome.attributions, speakers=outcome.speakers, meta=outcome.meta)
        else:
            results[index]["error"] = analysis_failed(f"{request.path}#/documents/{index}")
    return {"results": results}


# --- probes ------------------------------------------------------------------------------------------------


@health_blp.route("/healthz", methods=["GET"])
@problem_responses()
@health_blp.response(200, HealthSchema, description="The process is alive.", example={"status": "ok"})
def healthz() -> dict[str, str]:
    """Report that the process is alive (models or not)."""
    return {"status": "ok"}


@health_blp.route("/metrics", methods=["GET"])
@problem_responses()
@health_blp.response(
    200,
    {"type": "string"},
    content_type="text/plain",
    description="Prometheus text format (version 0.0.4): every worker process's samples, and live job gauges.",
)
def metrics() -> Response:
    """Report the service's metrics for Prometheus."""
    return metrics_response(current_app._get_current_object())  # type: ignore[attr-defined]


@health_blp.route("/readyz", methods=["GET"])
@problem_responses(503)
@health_blp.response(
    200, HealthSchema, description="Models loaded and warmed.", example={"status": "ready", "models": "en"}
)
def readyz() -> dict[str, str]:
    """Report whether the models are loaded and warmed, loading them if needed."""
    try:
        extractor = quotes.extractor(warm=True)
    except ModelLoadError:
        raise
    except Exception as exc:  # a failed warm-up means not ready, not a server crash
        log.exception("warm-up failed")
        raise ModelLoadError(f"warm-up failed: {type(exc).__name__}: {exc}") from exc
    return {"status": "ready", "models": str(extractor.model_info.get("name", "unknown"))}
