"""Every error as ``application/problem+json`` (RFC 9457), and the handlers that guarantee it.

Views raise :class:`ProblemError` (or any werkzeug ``HTTPException``); the handlers registered by
:func:`register_error_handlers` turn each into a problem document. Anything else that escapes a view is logged
with its traceback and answered with a bare 500 problem, so no stack trace ever reaches a client.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, InternalServerError

from .attribution.bounds import DeadlineExceeded, is_allocation_failure
from .nlp import ModelLoadError

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"

# Problem types specific to this API. Tag URIs (RFC 4151) are names, not links: RFC 9457 suggests them for
# types that have no documentation page to dereference. Plain HTTP errors (404, 405, 500) use about:blank.
_TAG = "tag:quote-attribution,2025:"
MALFORMED_BODY = _TAG + "malformed-body"
VALIDATION_ERROR = _TAG + "validation-error"
TOO_LARGE = _TAG + "too-large"
UNSUPPORTED_MEDIA_TYPE = _TAG + "unsupported-media-type"
MODELS_UNAVAILABLE = _TAG + "models-unavailable"
ANALYSIS_FAILED = _TAG + "analysis-failed"
DEADLINE_EXCEEDED = _TAG + "deadline-exceeded"
RESOURCES_EXHAUSTED = _TAG + "resources-exhausted"
QUEUE_UNAVAILABLE = _TAG + "queue-unavailable"
JOB_STALLED = _TAG + "job-stalled"
ATTEMPTS_EXHAUSTED = _TAG + "attempts-exhausted"
UNAUTHORIZED = _TAG + "unauthorized"
FORBIDDEN = _TAG + "forbidden"

TITLES = {
    MALFORMED_BODY: "Malformed request body",
    VALIDATION_ERROR: "Invalid request",
    TOO_LARGE: "Content too large",
    UNSUPPORTED_MEDIA_TYPE: "Unsupported media type",
    MODELS_UNAVAILABLE: "Models unavailable",
    ANALYSIS_FAILED: "Analysis failed",
    DEADLINE_EXCEEDED: "Deadline exceeded",
    RESOURCES_EXHAUSTED: "Resources exhausted",
    QUEUE_UNAVAILABLE: "Job queue unavailable",
    JOB_STALLED: "Job stalled",
    ATTEMPTS_EXHAUSTED: "Attempts exhausted",
    UNAUTHORIZED: "API key required",
    FORBIDDEN: "API key not accepted",
}

# Statuses whose generic werkzeug exceptions still deserve the API's own problem type.
_TYPE_BY_STATUS = {
    400: MALFORMED_BODY,
    413: TOO_LARGE,
    415: UNSUPPORTED_MEDIA_TYPE,
    422: VALIDATION_ERROR,
    503: MODELS_UNAVAILABLE,
}

MODELS_RETRY_AFTER_S = 30
# After a deadline or a memory failure: long enough for a recycled worker to reload its models.
BUSY_RETRY_AFTER_S = 15

_recycle = threading.Event()


def recycle_requested() -> bool:
    """Whether this worker asked to be replaced after its current request (see gunicorn.conf.py)."""
    return _recycle.is_set()


def request_recycle() -> None:
    """Ask for this worker to be replaced once the response is sent: its memory may be fragmented or held."""
    _recycle.set()


class ProblemError(HTTPException):
    """An HTTP error carrying the members of its problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        type: str | None = None,
        title: str | None = None,
        errors: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(description=detail)
        self.code = status
        self.problem_type = type or _TYPE_BY_STATUS.get(status, "about:blank")
        self.title = title
        self.errors = errors
        self.extra_headers = dict(headers or {})


def problem(
    status: int,
    detail: str,
    *,
    type: str | None = None,
    title: str | None = None,
    instance: str | None = None,
    errors: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Build a problem object (a plain dict, also used for per-document errors in batch results)."""
    type = type or _TYPE_BY_STATUS.get(status, "about:blank")
    if title is None:
        # RFC 9457 §4.2.1: with about:blank the title should be the status phrase.
        title = TITLES.get(type) or _status_phrase(status)
    body: dict[str, Any] = {
        "type": type,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance if instance is not None else _request_path(),
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_response(body: Mapping[str, Any], headers: Mapping[str, str] | None = None) -> Response:
    """Serialise a problem object as an ``application/problem+json`` response."""
    # ensure_ascii: field names and ids echoed from the client may hold lone surrogates, which only an
    # escaped encoding can carry; a UnicodeEncodeError here would turn a 4xx into a 500.
    payload = json.dumps(body, ensure_ascii=True) + "\n"
    response = Response(payload, status=int(body["status"]), mimetype=PROBLEM_MEDIA_TYPE)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def validation_problem(errors: Mapping[str, Any], detail: str | None = None) -> ProblemError:
    """A 422 carrying marshmallow-style messages keyed by location (``body``/``query``) and field.

    Without ``detail``, the first message becomes the detail, prefixed by its path (``options.min_confidence``).
    """
    if detail is None:
        path, message = _first_message(errors)
        where = ".".join(path[1:]) or path[0] if path else ""
        detail = f"{where}: {message}" if where else message
    return ProblemError(422, detail, type=VALIDATION_ERROR, errors=errors)


def _first_message(messages: Any, path: tuple[str, ...] = ()) -> tuple[tuple[str, ...], str]:
    """The path and text of the first leaf message in marshmallow's nested error structure."""
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            name = () if key == "_schema" else (str(key),)
            return _first_message(value, path + name)
    if isinstance(messages, list | tuple) and messages:
        return _first_message(messages[0], path)
    return path, str(messages) if messages else "The request has invalid fields."


def handle_http_exception(error: HTTPException) -> Response:
    """Turn any werkzeug HTTP error (404, 405, 413 from MAX_CONTENT_LENGTH, ...) into a problem response."""
    status = error.code or 500
    if isinstance(error, ProblemError):
        body = problem(status, error.description or "", type=error.problem_type, title=error.title, errors=error.errors)
        headers = error.extra_headers
    else:
        if status >= 500:
            # InternalServerError wraps an unhandled exception; log it once, with the traceback.
            original = getattr(error, "original_exception", None)
            if original is not None:
                log.error("unhandled error on %s %s", request.method, request.path, exc_info=original)
            return problem_response(problem(500, "An unexpected error occurred; it has been logged."))
        detail = error.description or _status_phrase(status)
        if status == 413:
            limit = _max_content_length()
            detail = f"The request body is larger than the {limit:,} bytes allowed." if limit else detail
        body = problem(status, detail)
        # Keep headers werkzeug computed, such as Allow on a 405, but not its HTML content type.
        headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return problem_response(body, headers)


def handle_model_load_error(error: ModelLoadError) -> Response:
    """Answer 503 when the Stanza models cannot be loaded; the path stays in the server log."""
    log.error("models unavailable: %s", error)
    body = problem(
        503,
        "The attribution models are not loaded and could not be loaded; try again later.",
        type=MODELS_UNAVAILABLE,
    )
    return problem_response(body, {"Retry-After": str(MODELS_RETRY_AFTER_S)})


def handle_deadline(error: DeadlineExceeded) -> Response:
    """Answer 503 when an analysis runs past ``QUOTES_REQUEST_TIMEOUT``, before gunicorn would kill the worker."""
    log.warning("deadline exceeded on %s %s: %s", request.method, request.path, error)
    body = problem(
        503,
        f"The analysis took longer than the {error.seconds:g} s allowed per request; send a shorter text or "
        "fewer documents, or retry when the service is less busy.",
        type=DEADLINE_EXCEEDED,
    )
    return problem_response(body, {"Retry-After": str(BUSY_RETRY_AFTER_S)})


def handle_memory_error(error: MemoryError) -> Response:
    """Answer 503 when the worker's memory limit stops an allocation, and recycle the worker after answering."""
    log.error("memory limit reached on %s %s: %s", request.method, request.path, error)
    request_recycle()
    body = problem(
        503,
        "The analysis needed more memory than a worker may use; the worker is being replaced. Retry, or send "
        "a shorter text.",
        type=RESOURCES_EXHAUSTED,
    )
    return problem_response(body, {"Retry-After": str(BUSY_RETRY_AFTER_S), "Connection": "close"})


def handle_unexpected(error: Exception) -> Response:
    """Log any other exception with its traceback and answer a 500 problem that reveals nothing of it."""
    if isinstance(error, HTTPException):  # registered for Exception, so make sure HTTP errors keep their code
        return handle_http_exception(error)
    if isinstance(error, RuntimeError) and is_allocation_failure(error):
        return handle_memory_error(MemoryError(str(error)))
    log.exception("unhandled error on %s %s", request.method, request.path)
    return handle_http_exception(InternalServerError())


def register_error_handlers(app: Flask) -> None:
    """Install the problem+json handlers on ``app`` (after flask-smorest's, so these win)."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(ModelLoadError, handle_model_load_error)
    app.register_error_handler(DeadlineExceeded, handle_deadline)
    app.register_error_handler(MemoryError, handle_memory_error)
    app.register_error_handler(Exception, handle_unexpected)


def _status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _request_path() -> str:
    try:
        return request.path
    except RuntimeError:  # outside a request (CLI, tests building problems by hand)
        return ""


def _max_content_length() -> int | None:
    try:
        # The request's own limit: a view may raise it (the jobs API takes larger bodies); else the app's.
        return request.max_content_length
    except RuntimeError:
        return None
