"""Analysing documents for the views and the job workers: the deadline, per-document checks and isolation.

Shared by the batch endpoint and the Celery tasks, so a document fails the same way in both.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import current_app

from schemas import validate_document_text

from . import quotes
from .attribution import Analysis, Options
from .attribution.bounds import Deadline, DeadlineExceeded, alarm
from .errors import ANALYSIS_FAILED, TOO_LARGE, VALIDATION_ERROR, problem
from .metrics import count_parsed
from .nlp import ModelLoadError

log = logging.getLogger(__name__)


def limit(name: str) -> int:
    """The integer setting ``name`` of the current app (a limit such as QUOTES_MAX_DOCUMENT_CHARS)."""
    return int(current_app.config[name])


def analyze(texts: list[str], options: Options) -> list[Analysis]:
    """Analyse ``texts`` together with the current app's extractor, within QUOTES_REQUEST_TIMEOUT."""
    # Loads the models on first use; ModelLoadError, DeadlineExceeded and MemoryError become 503s in errors.py.
    deadline = Deadline(float(current_app.config["QUOTES_REQUEST_TIMEOUT"]) or None)
    with alarm(deadline):
        analyses = quotes.extractor().analyze_many(texts, options, deadline)
    count_parsed(analyses)
    return analyses


def document_error(doc: Mapping[str, Any], max_chars: int, instance: str) -> dict[str, Any] | None:
    """The problem object for one batch or job document's text, or None when it can be analysed."""
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
SERVICE_FAILURES = (ModelLoadError, DeadlineExceeded, MemoryError)


def analyze_isolated(texts: list[str], options: Options) -> list[Analysis | Exception]:
    """Analyse ``texts`` in one call; if that fails, one by one, so one bad document cannot sink the batch."""
    if not texts:
        return []
    try:
        return list(analyze(texts, options))
    except SERVICE_FAILURES:
        raise
    except Exception:
        if len(texts) == 1:
            raise
        log.exception("batch analysis failed; retrying %d documents one at a time", len(texts))
    outcomes: list[Analysis | Exception] = []
    for text in texts:
        try:
            outcomes.append(analyze([text], options)[0])
        except SERVICE_FAILURES:
            raise
        except Exception as exc:
            log.exception("document analysis failed")
            outcomes.append(exc)
    if all(isinstance(o, Exception) for o in outcomes):
        raise outcomes[0]  # nothing worked: a server fault, not a document's
    return outcomes


def analysis_failed(instance: str) -> dict[str, Any]:
    """The problem object of a document whose analysis raised (the traceback is in the log)."""
    return problem(
        500, "This document could not be analysed; the error has been logged.", type=ANALYSIS_FAILED, instance=instance
    )
