"""HTTP endpoints of the jobs API: submit, look up, read results (ndjson, resumable), cancel."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from flask import Response, g, request, stream_with_context, url_for
from flask_smorest import Blueprint

from schemas.jobs import (
    JOB_NDJSON_EXAMPLE,
    JOB_REQUEST_EXAMPLE,
    NDJSON,
    JobRequestSchema,
    JobResultSchema,
    JobResultsQuerySchema,
    JobSchema,
)

from ..analysis import limit
from ..api import problem_responses
from ..bodies import load_schema
from ..errors import QUEUE_UNAVAILABLE, ProblemError, problem, validation_problem
from . import jobs
from .celery_app import send_chunk
from .documents import chunk_documents, read_job_documents
from .store import CANCELLED, FAILED, QUEUED, Job, JobStore

blp = Blueprint("jobs", __name__, description="Bulk jobs: documents analysed in the background by workers.")

RESULTS_PAGE = 200  # lines read from the store at a time while streaming
ENQUEUE_RETRY_AFTER_S = 30

_SUBMIT_BODY = {
    "required": True,
    "description": (
        "The documents as JSON (`documents` and `options`), or as `application/x-ndjson`: one document object "
        '(`{"id", "text"}`) per line, options as query parameters. A line that is not a JSON object, or an '
        "object with a bad `id` or unknown fields, is a 422 naming the line; a bad `text` fails that document "
        "alone (an error line in the results)."
    ),
    "content": {
        "application/json": {"schema": JobRequestSchema, "example": JOB_REQUEST_EXAMPLE},
        NDJSON: {"schema": {"type": "string"}, "example": JOB_NDJSON_EXAMPLE},
    },
}


def _owner() -> str:
    # The API key's id (service.auth) when keys are configured; one shared owner otherwise.
    return g.get("api_key_id", "")


def _job_or_404(job_id: str) -> tuple[JobStore, Job]:
    store = jobs.state.store
    job = store.get(job_id)
    # Another key's job answers exactly like a missing one: its existence is not disclosed.
    if job is None or not secrets.compare_digest(job.owner, _owner()):
        raise ProblemError(404, f"There is no job {job_id!r} (or it has expired).")
    return store, job


def _iso(seconds: float | None) -> str | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


def job_body(job: Job, ttl_s: float) -> dict[str, Any]:
    """The job object of the API (JobSchema) for a stored job."""
    end = job.finished_at or time.time()
    return {
        "id": job.id,
        "state": job.state,
        "counts": {"total": job.total, "done": job.done, "failed": job.failed},
        "links": {
            "self": url_for("jobs.job", job_id=job.id),
            "results": url_for("jobs.job_results", job_id=job.id),
        },
        "timings": {
            "created_at": _iso(job.created_at),
            "started_at": _iso(job.started_at),
            "finished_at": _iso(job.finished_at),
            "queued_seconds": round(job.started_at - job.created_at, 3) if job.started_at else None,
            "running_seconds": round(end - job.started_at, 3) if job.started_at else None,
        },
        "expires_at": _iso(job.updated_at + ttl_s),
        "error": job.error,
    }


@blp.route("/v1/jobs", methods=["POST"])
@problem_responses(400, 413, 415, 422, 503)
@blp.doc(requestBody=_SUBMIT_BODY)
@blp.response(202, JobSchema, description="Accepted; `Location` is the job's URL.")
def submit() -> tuple[dict[str, Any], int, dict[str, str]]:
    """Submit documents to be analysed in the background."""
    job_id = secrets.token_urlsafe(16)  # 128 random bits: unguessable
    documents, options, rejected = read_job_documents(job_id)
    state = jobs.state
    job = Job(id=job_id, owner=_owner(), state=QUEUED, total=len(documents))
    chunks = chunk_documents(documents, rejected, limit("QUOTES_JOB_CHUNK_DOCUMENTS"), limit("QUOTES_JOB_CHUNK_CHARS"))
    job.chunks = len(chunks)
    state.store.create(job, rejected)
    try:
        for number, chunk in enumerate(chunks):
            send_chunk(state.celery, job.id, number, chunk, options)
    except Exception as exc:
        detail = "The job queue cannot be reached; the job was not started. Retry later."
        state.store.finish(job.id, FAILED, problem(503, detail, type=QUEUE_UNAVAILABLE))
        retry = {"Retry-After": str(ENQUEUE_RETRY_AFTER_S)}
        raise ProblemError(503, detail, type=QUEUE_UNAVAILABLE, headers=retry) from exc
    body = job_body(state.store.get(job.id) or job, state.store.ttl_s)
    return body, 202, {"Location": body["links"]["self"]}


@blp.route("/v1/jobs/<string:job_id>", methods=["GET"], endpoint="job")
@problem_responses(404)
@blp.response(200, JobSchema, description="The job's state, counts and timings.")
def get_job(job_id: str) -> dict[str, Any]:
    """Look up a job."""
    store, job = _job_or_404(job_id)
    return job_body(job, store.ttl_s)


@blp.route("/v1/jobs/<string:job_id>", methods=["DELETE"], endpoint="cancel")
@problem_responses(404)
@blp.response(200, JobSchema, description="The job, cancelled (a finished job is left as it was).")
def cancel_job(job_id: str) -> dict[str, Any]:
    """Cancel a job: chunks not started yet are skipped; results so far stay readable."""
    store, job = _job_or_404(job_id)
    store.finish(job.id, CANCELLED)
    return job_body(store.get(job.id) or job, store.ttl_s)


@blp.route("/v1/jobs/<string:job_id>/results", methods=["GET"], endpoint="job_results")
@problem_responses(404, 422)
@blp.doc(parameters=[{"in": "query", "schema": JobResultsQuerySchema}])
@blp.response(
    200,
    JobResultSchema,
    content_type=NDJSON,
    description=(
        "One line per finished document, in the order they finished, from `cursor` on: the lines finished when "
        "the request came. `Next-Cursor` is the cursor to ask for next; while the job runs, ask again later."
    ),
)
def job_results(job_id: str) -> Response:
    """Stream a job's finished results as ndjson, from a cursor."""
    repeated = {name: ["Give this parameter once."] for name, values in request.args.lists() if len(values) > 1}
    if repeated:
        raise validation_problem({"query": repeated})
    cursor = load_schema(JobResultsQuerySchema(), request.args.to_dict(), "query")["cursor"]
    store, job = _job_or_404(job_id)
    end = max(cursor, job.done + job.failed)  # a snapshot: lines finishing meanwhile wait for the next request

    def lines() -> Iterator[str]:
        position = cursor
        while position < end:
            page = store.results(job.id, position, min(RESULTS_PAGE, end - position))
            if not page:
                return
            position += len(page)
            yield "".join(line + "\n" for line in page)

    headers = {"Next-Cursor": str(end), "Cache-Control": "no-store"}
    return Response(stream_with_context(lines()), mimetype=NDJSON, headers=headers)
