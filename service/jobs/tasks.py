"""The chunk task: analyse a few documents of a job and record one result line per document.

A chunk's first attempt parses its documents together (as the batch endpoint does). Any later attempt, after
a retry or a redelivery because a worker died on it, goes one document at a time and counts each document's
attempts, so the document that keeps killing workers or failing is found and answered with an error line,
and the rest of the chunk still gets analysed. Attempts are counted in the job store, so they survive the
worker that made them.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import current_app

from schemas import AnalysisSchema

from ..analysis import SERVICE_FAILURES, analysis_failed, analyze, analyze_isolated
from ..attribution import Analysis, Options
from ..attribution.bounds import DeadlineExceeded
from ..errors import ATTEMPTS_EXHAUSTED, DEADLINE_EXCEEDED, MODELS_UNAVAILABLE, RESOURCES_EXHAUSTED, problem
from ..metrics import count_job_documents
from ..nlp import ModelLoadError
from .store import JobStore, Result

log = logging.getLogger(__name__)


def document_instance(job_id: str, index: int) -> str:
    """The ``instance`` of a job document's problem: the job's URL and the document's position."""
    return f"/v1/jobs/{job_id}#/documents/{index}"


def result_line(index: int, doc_id: str, outcome: Analysis | dict[str, Any]) -> Result:
    """Document ``index``'s result line: its analysis, or ``{"id", "error"}`` for a problem object."""
    if isinstance(outcome, Analysis):
        return Result(index, json.dumps({"id": doc_id, **AnalysisSchema().dump(outcome)}, ensure_ascii=False), False)
    return Result(index, json.dumps({"id": doc_id, "error": outcome}, ensure_ascii=False), True)


def _service_problem(exc: BaseException, instance: str, attempts: int) -> dict[str, Any]:
    """The error line's problem for a document the service itself could not analyse."""
    if isinstance(exc, DeadlineExceeded):
        detail = f"The analysis took longer than the {exc.seconds:g} s allowed per document."
        return problem(503, detail, type=DEADLINE_EXCEEDED, instance=instance)
    if isinstance(exc, MemoryError):
        return problem(503, "The analysis needed more memory than a worker may use.", type=RESOURCES_EXHAUSTED,
                       instance=instance)  # fmt: skip
    if isinstance(exc, ModelLoadError):
        return problem(503, "The models could not be loaded on the worker.", type=MODELS_UNAVAILABLE, instance=instance)
    detail = f"This document was attempted {attempts} times and never finished (a worker was lost each time)."
    return problem(500, detail, type=ATTEMPTS_EXHAUSTED, instance=instance)


def analyze_chunk(task: Any, job_id: str, chunk: int, documents: list[list[Any]], options: dict[str, Any]) -> str:
    """Celery task body (bound): analyse ``documents`` (``[position, id, text]``) of job ``job_id``."""
    from . import jobs

    store = jobs.state.store
    max_attempts = int(current_app.config["QUOTES_JOB_MAX_ATTEMPTS"])
    attempt = store.begin_chunk(job_id, chunk)
    if attempt is None:
        return "skipped"  # unknown, expired, cancelled or finished: nothing to do, and the message is acked
    by_index = {int(index): (doc_id, text) for index, doc_id, text in documents}
    pending = store.pending(job_id, by_index)
    if not pending:
        return "redelivered, already recorded"
    opts = Options(**options)
    if attempt == 1:
        try:
            outcomes = analyze_isolated([by_index[i][1] for i in pending], opts)
        except Exception as exc:  # a service failure or a whole-chunk fault: go again, one document at a time
            log.warning("job %s chunk %d failed (%s); retrying one document at a time", job_id, chunk, exc)
            raise task.retry(countdown=float(current_app.config["QUOTES_JOB_RETRY_SECONDS"])) from exc
        lines = []
        for index, outcome in zip(pending, outcomes, strict=True):
            if not isinstance(outcome, Analysis):
                outcome = analysis_failed(document_instance(job_id, index))
            lines.append(result_line(index, by_index[index][0], outcome))
        count_job_documents(*store.record(job_id, lines))
        return "done"
    for index in pending:
        _one_document(task, store, job_id, index, by_index[index], opts, max_attempts, attempt)
    return "done one by one"


def _one_document(task: Any, store: JobStore, job_id: str, index: int, doc: tuple[str, str], opts: Options,
                  max_attempts: int, chunk_attempt: int) -> None:  # fmt: skip
    """Analyse and record one document of a retried chunk (raises Celery's Retry while the models cannot load)."""
    doc_id, text = doc
    instance = document_instance(job_id, index)
    attempts = store.begin_document(job_id, index)
    if attempts > max_attempts:
        lost = _service_problem(RuntimeError(), instance, attempts - 1)
        count_job_documents(*store.record(job_id, [result_line(index, doc_id, lost)]))
        return
    try:
        outcome: Analysis | dict[str, Any] = analyze([text], opts)[0]
    except ModelLoadError as exc:
        if chunk_attempt >= max_attempts:
            outcome = _service_problem(exc, instance, attempts)
        else:
            raise task.retry(countdown=float(current_app.config["QUOTES_JOB_RETRY_SECONDS"])) from exc
    except SERVICE_FAILURES as exc:  # a deadline or the memory cap, on this document alone: its own error
        outcome = _service_problem(exc, instance, attempts)
    except Exception:
        log.exception("job %s document %d failed", job_id, index)
        outcome = analysis_failed(instance)
    count_job_documents(*store.record(job_id, [result_line(index, doc_id, outcome)]))
