"""HTTP endpoints: attributions for one article or a batch, liveness and readiness probes.

Request bodies are read here rather than by webargs, because webargs lets some malformed JSON through as a 500
(a 5,000-digit integer, deep nesting) and cannot take a ``text/plain`` body; the marshmallow schemas still do
all the validation and document every body in the OpenAPI spec.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping
from typing import Any

from flask import current_app, request
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError

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
from .attribution import Analysis, Options
from .attribution.bounds import Deadline, DeadlineExceeded, alarm
from .errors import (
    ANALYSIS_FAILED,
    MALFORMED_BODY,
    PROBLEM_MEDIA_TYPE,
    TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    VALIDATION_ERROR,
    ProblemError,
    problem,
    validation_problem,
)
from .nlp import ModelLoadError

log = logging.getLogger(__name__)

blp = Blueprint("attributions", __name__, description="Find quotations and who said them.")
health_blp = Blueprint("health", __name__, description="Liveness and readiness probes.")

JSON_TYPES = ("application/json",)
TEXT_TYPES = ("text/plain",)
# Charsets that decode as UTF-8 (ASCII is a subset); anything else is a 415, never a guess.
UTF8_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}

_PROBLEM_DESCRIPTIONS = {
    400: "Malformed body: not UTF-8, not JSON, or a JSON root that is not an object.",
    413: "The body, a text or the batch is above the configured limits.",
    415: "Unsupported Content-Type, charset or Content-Encoding.",
    422: "Invalid fields; `errors` says which.",
    503: "The models are not loaded and could not be loaded; retry later.",
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


# --- reading request bodies -------------------------------------------------------------------------------


def _reject_content_encoding() -> None:
    encoding = request.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise ProblemError(415, f"Content-Encoding {encoding!r} is not supported; send the body uncompressed.")


def _charset_ok() -> None:
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.strip().lower() not in UTF8_CHARSETS:
        raise ProblemError(415, f"Charset {charset!r} is not supported; send UTF-8.", type=UNSUPPORTED_MEDIA_TYPE)


def _decode_utf8(data: bytes, *, strip_bom: bool) -> str:
    try:
        return data.decode("utf-8-sig" if strip_bom else "utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemError(
            400, f"The body is not valid UTF-8 (byte {exc.start}: {exc.reason}).", type=MALFORMED_BODY
        ) from None


class _ConstantError(ValueError):
    """NaN or Infinity: Python's json accepts them, JSON (RFC 8259) does not."""


def _reject_constant(name: str) -> Any:
    raise _ConstantError(f"{name} is not valid JSON")


def read_json_object() -> dict[str, Any]:
    """The request body parsed as a JSON object, or a 400 problem saying why it is not one."""
    _charset_ok()
    # A BOM before JSON is allowed by RFC 8259 parsers and carries no content, so it is dropped here.
    raw = _decode_utf8(request.get_data(cache=True), strip_bom=True)
    if not raw.strip():
        raise ProblemError(400, "The body is empty; send a JSON object.", type=MALFORMED_BODY)
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except RecursionError:
        raise ProblemError(400, "The JSON body is nested too deeply.", type=MALFORMED_BODY) from None
    except (json.JSONDecodeError, _ConstantError) as exc:
        raise ProblemError(400, f"The body is not valid JSON: {exc}.", type=MALFORMED_BODY) from None
    except ValueError:  # an integer over Python's 4,300-digit conversion limit
        raise ProblemError(400, "The JSON body holds a number with too many digits.", type=MALFORMED_BODY) from None
    if not isinstance(data, dict):
        raise ProblemError(400, f"The JSON body must be an object, not {_json_type(data)}.", type=MALFORMED_BODY)
    return data


def read_plain_text() -> str:
    """The request body as text, exactly as sent (no BOM stripping, no newline translation)."""
    _charset_ok()
    return _decode_utf8(request.get_data(cache=True), strip_bom=False)


def _json_type(value: Any) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")


def _query_options() -> dict[str, Any]:
    """Options given as query parameters, converted for OptionsSchema (which reports what will not convert)."""
    converted: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    known = OptionsSchema().fields
    for key in request.args:
        values = request.args.getlist(key)
        if key not in known:
            errors[key] = ["Unknown query parameter."]
            continue
        if len(values) != 1:
            errors[key] = ["Give this parameter once."]
            continue
        converted[key] = _convert_query_value(key, values[0])
    if errors:
        raise validation_problem({"query": errors})
    return converted


def _convert_query_value(key: str, value: str) -> Any:
    if key == "min_confidence":
        try:
            number = float(value)
        except ValueError:
            return value  # StrictFloat answers "Not a valid number."
        return number if math.isfinite(number) else value
    lowered = value.strip().lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    return value  # StrictBoolean answers "Not a valid boolean."


def _load(schema: Schema, data: Mapping[str, Any], location: str) -> Any:
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise validation_problem({location: exc.messages}) from None


def _reject_query() -> None:
    if request.args:
        names = ", ".join(sorted(request.args))
        raise validation_problem(
            {"query": {name: ["Unknown query parameter."] for name in request.args}},
            detail=f"This endpoint takes no query parameters (got {names}); put options in the body.",
        )


def _media_type_problem(accepted: tuple[str, ...]) -> ProblemError:
    sent = request.mimetype or "none"
    return ProblemError(
        415,
        f"Content-Type {sent!r} is not supported here; send {' or '.join(accepted)} (UTF-8).",
        type=UNSUPPORTED_MEDIA_TYPE,
    )


def _is_json_mimetype(mimetype: str) -> bool:
    return mimetype in JSON_TYPES or (mimetype.startswith("application/") and mimetype.endswith("+json"))


def _limit(name: str) -> int:
    return int(current_app.config[name])


def _analyze(texts: list[str], options: Options) -> list[Analysis]:
    # Loads the models on first use; ModelLoadError, DeadlineExceeded and MemoryError become 503s in errors.py.
    deadline = Deadline(float(current_app.config["QUOTES_REQUEST_TIMEOUT"]) or None)
    with alarm(deadline):
        return quotes.extractor().analyze_many(texts, options, deadline)


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
    _reject_content_encoding()
    query_options = _query_options()
    # Query parameters are validated on their own whatever the body type: a bad one is a 422 even where the
    # body's options would override it.
    _load(OptionsSchema(), query_options, "query")
    mimetype = request.mimetype
    if _is_json_mimetype(mimetype):
        body = read_json_object()
        options_body = body.get("options", {})
        if query_options and isinstance(options_body, dict):
            # Query parameters first, then the body's options over them; a non-object "options" is left
            # for the schema to refuse.
            body = {**body, "options": {**query_options, **options_body}}
        data = _load(AttributionRequestSchema(), body, "body")
        text, options = data["text"], data.get("options", Options())
    elif mimetype in TEXT_TYPES:
        text = read_plain_text()
        problems = validate_document_text(text)
        if problems:
            raise validation_problem({"body": problems}, detail=problems[0])
        options = _load(OptionsSchema(), query_options, "query")
    else:
        raise _media_type_problem(JSON_TYPES + TEXT_TYPES)

    limit = _limit("QUOTES_MAX_DOCUMENT_CHARS")
    if len(text) > limit:
        raise ProblemError(
            413, f"The text has {len(text):,} characters; at most {limit:,} are allowed.", type=TOO_LARGE
        )
    return _analyze([text], options)[0]


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
    _reject_content_encoding()
    _reject_query()
    if not _is_json_mimetype(request.mimetype):
        raise _media_type_problem(JSON_TYPES)
    data = _load(BatchRequestSchema(), read_json_object(), "body")
    documents: list[dict[str, Any]] = data["documents"]
    options: Options = data.get("options") or Options()

    max_docs = _limit("QUOTES_MAX_BATCH_DOCUMENTS")
    if len(documents) > max_docs:
        raise ProblemError(
            413, f"The batch has {len(documents)} documents; at most {max_docs} are allowed.", type=TOO_LARGE
        )
    total = sum(len(d["text"]) for d in documents if isinstance(d.get("text"), str))
    max_total = _limit("QUOTES_MAX_BATCH_CHARS")
    if total > max_total:
        raise ProblemError(
            413, f"The batch has {total:,} characters; at most {max_total:,} are allowed.", type=TOO_LARGE
        )

    max_chars = _limit("QUOTES_MAX_DOCUMENT_CHARS")
    results: list[dict[str, Any]] = []
    valid: list[int] = []
    for index, doc in enumerate(documents):
        error = _document_error(index, doc, max_chars)
        results.append({"id": doc["id"], "error": error} if error else {"id": doc["id"]})
        if error is None:
            valid.append(index)

    texts = [documents[i]["text"] for i in valid]
    for index, outcome in zip(valid, _analyze_isolated(texts, options), strict=True):
        if isinstance(outcome, Analysis):
            results[index].update(attributions=outcome.attributions, speakers=outcome.speakers, meta=outcome.meta)
        else:
            results[index]["error"] = problem(
                500,
                "This document could not be analysed; the error has been logged.",
                type=ANALYSIS_FAILED,
                instance=_document_instance(index),
            )
    return {"results": results}


def _document_instance(index: int) -> str:
    return f"{request.path}#/documents/{index}"


def _document_error(index: int, doc: Mapping[str, Any], max_chars: int) -> dict[str, Any] | None:
    """The problem object for one batch document's text, or None when it can be analysed."""
    instance = _document_instance(index)
    messages = validate_document_text(doc["text"]) if "text" in doc else ["Missing data for required field."]
    if messages:
        return problem(422, messages[0], type=VALIDATION_ERROR, instance=instance, errors={"body": {"text": messages}})
    if len(doc["text"]) > max_chars:
        return problem(
            413,
            f"The text has {len(doc['text']):,} characters; at most {max_chars:,} are allowed.",
            type=TOO_LARGE,
            instance=instance,
        )
    return None


# The service's state, not a document's: retrying a batch one document at a time would only repeat them.
_SERVICE_FAILURES = (ModelLoadError, DeadlineExceeded, MemoryError)


def _analyze_isolated(texts: list[str], options: Options) -> list[Analysis | Exception]:
    """Analyse ``texts`` in one call; if that fails, one by one, so one bad document cannot sink the batch."""
    if not texts:
        return []
    try:
        return list(_analyze(texts, options))
    except _SERVICE_FAILURES:
        raise
    except Exception:
        if len(texts) == 1:
            raise
        log.exception("batch analysis failed; retrying %d documents one at a time", len(texts))
    outcomes: list[Analysis | Exception] = []
    for text in texts:
        try:
            outcomes.append(_analyze([text], options)[0])
        except _SERVICE_FAILURES:
            raise
        except Exception as exc:
            log.exception("document analysis failed")
            outcomes.append(exc)
    if all(isinstance(o, Exception) for o in outcomes):
        raise outcomes[0]  # nothing worked: a server fault, not a document's
    return outcomes


# --- probes ------------------------------------------------------------------------------------------------


@health_blp.route("/healthz", methods=["GET"])
@problem_responses()
@health_blp.response(200, HealthSchema, description="The process is alive.", example={"status": "ok"})
def healthz() -> dict[str, str]:
    """Report that the process is alive (models or not)."""
    return {"status": "ok"}


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
