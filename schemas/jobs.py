"""Bodies of the jobs API (/v1/jobs): the submission, the job object and one line of its results."""

from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from service.jobs.store import STATES

from .problem import ProblemSchema
from .requests import EXAMPLE_TEXT, BatchDocumentSchema, OptionsSchema
from .responses import BatchResultSchema

# The shipped limits, quoted in descriptions; the live limits come from the QUOTES_* settings.
DEFAULT_MAX_JOB_DOCUMENTS = 10_000
DEFAULT_MAX_JOB_BYTES = 32 * 1024 * 1024
NDJSON = "application/x-ndjson"


def _encodable_id(value: str) -> None:
    # An id is echoed in result lines stored and streamed as UTF-8; a lone surrogate cannot be.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError("The id contains an unpaired surrogate code point; send valid Unicode.") from None


class JobDocumentSchema(BatchDocumentSchema):
    """One document of a job: its id is unique within the job; a bad ``text`` fails only this document."""

    id = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=256), _encodable_id],
        metadata={
            "description": (
                "The client's identifier, echoed in its result line; unique within the job (a repeated id fails "
                "that document alone, with a 422 error line)."
            )
        },
    )


class JobRequestSchema(Schema):
    """Documents to analyse in the background (JSON form; ndjson sends one document object per line)."""

    class Meta:
        unknown = RAISE

    documents = fields.List(
        fields.Nested(JobDocumentSchema),
        required=True,
        validate=validate.Length(min=1),
        metadata={
            "description": (
                f"The articles: at most {DEFAULT_MAX_JOB_DOCUMENTS:,} per job and a body of at most "
                f"{DEFAULT_MAX_JOB_BYTES // 2**20} MiB by default (413 above)."
            )
        },
    )
    options = fields.Nested(OptionsSchema, metadata={"description": "What to include, for every document."})


class JobCountsSchema(Schema):
    """How many documents the job has and how many have a result line."""

    total = fields.Integer(required=True, metadata={"description": "Documents submitted."})
    done = fields.Integer(required=True, metadata={"description": "Documents analysed."})
    failed = fields.Integer(required=True, metadata={"description": "Documents answered with an error line."})


class JobLinksSchema(Schema):
    """Where to find the job and its results."""

    self = fields.String(required=True, metadata={"description": "This job.", "example": "/v1/jobs/3q2x…"})
    results = fields.String(required=True, metadata={"description": "Its results, application/x-ndjson."})


class JobTimingsSchema(Schema):
    """When the job was submitted, started and finished (ISO 8601, UTC), and how long it waited and ran."""

    created_at = fields.String(required=True, metadata={"description": "Submitted."})
    started_at = fields.String(required=True, allow_none=True, metadata={"description": "First chunk began."})
    finished_at = fields.String(required=True, allow_none=True, metadata={"description": "Done, failed or cancelled."})
    queued_seconds = fields.Float(required=True, allow_none=True, metadata={"description": "Started minus created."})
    running_seconds = fields.Float(
        required=True, allow_none=True, metadata={"description": "Finished (or now) minus started."}
    )


class JobSchema(Schema):
    """A job: its state, counts, links and timings."""

    id = fields.String(required=True, metadata={"description": "Unguessable job id (128 random bits)."})
    state = fields.String(
        required=True,
        validate=validate.OneOf(STATES),
        metadata={
            "description": (
                "queued: no chunk started yet; running; done: every document has a result line (some may be "
                "errors); failed: the job itself failed (see `error`); cancelled: by DELETE."
            )
        },
    )
    counts = fields.Nested(JobCountsSchema, required=True)
    links = fields.Nested(JobLinksSchema, required=True)
    timings = fields.Nested(JobTimingsSchema, required=True)
    expires_at = fields.String(required=True, metadata={"description": "When the job and its results are deleted."})
    error = fields.Nested(
        ProblemSchema, allow_none=True, metadata={"description": "Why the job failed; null unless failed."}
    )


class JobResultSchema(BatchResultSchema):
    """One line of a job's results: ``{"id", "attributions", "speakers", "meta"}`` or ``{"id", "error"}``."""


class JobResultsQuerySchema(Schema):
    """Where to resume reading a job's results."""

    cursor = fields.Integer(
        load_default=0,
        validate=validate.Range(min=0),
        metadata={
            "description": (
                "How many result lines the client already has: the answer starts after them. Lines are in the "
                "order documents finished, which never changes, so a client that read N lines resumes with "
                "cursor=N (the `Next-Cursor` header says it)."
            )
        },
    )


JOB_REQUEST_EXAMPLE = {
    "documents": [
        {"id": "article-1", "text": EXAMPLE_TEXT},
        {"id": "article-2", "text": "“Not now,” she said."},
    ],
    "options": {"min_confidence": 0.5},
}
JOB_NDJSON_EXAMPLE = '{"id": "article-1", "text": "“Not now,” she said."}\n{"id": "article-2", "text": "…"}\n'
