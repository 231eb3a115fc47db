"""Reading a job submission (JSON or ndjson) into checked documents, and cutting them into chunks."""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import request
from marshmallow import ValidationError

from schemas import OptionsSchema
from schemas.jobs import NDJSON, JobDocumentSchema, JobRequestSchema

from ..analysis import document_error, limit
from ..attribution import Options
from ..bodies import (
    JSON_TYPES,
    charset_ok,
    decode_utf8,
    is_json_mimetype,
    load_schema,
    media_type_problem,
    parse_json_object,
    query_options,
    read_json_object,
    reject_content_encoding,
    reject_query,
)
from ..errors import TOO_LARGE, VALIDATION_ERROR, ProblemError, problem, validation_problem
from .store import Result
from .tasks import document_instance, result_line

NDJSON_TYPES = (NDJSON, "application/jsonl", "application/x-jsonlines")


def read_job_documents(job_id: str) -> tuple[list[dict[str, Any]], dict[str, Any], list[Result]]:
    """The submitted documents, the options (as a plain mapping, for the task message) and the error lines of
    documents refused up front (bad or too long text); raises a problem for a bad envelope."""
    reject_content_encoding()
    # A job body may be larger than a synchronous request's (QUOTES_MAX_JOB_BYTES; werkzeug answers 413).
    request.max_content_length = limit("QUOTES_MAX_JOB_BYTES")
    mimetype = request.mimetype
    if is_json_mimetype(mimetype):
        reject_query()
        data = load_schema(JobRequestSchema(), read_json_object(), "body")
        documents, options = data["documents"], data.get("options") or Options()
    elif mimetype in NDJSON_TYPES:
        options = load_schema(OptionsSchema(), query_options(), "query")
        documents = _read_ndjson()
    else:
        raise media_type_problem(JSON_TYPES + NDJSON_TYPES)

    max_docs = limit("QUOTES_MAX_JOB_DOCUMENTS")
    if len(documents) > max_docs:
        raise ProblemError(413, f"The job has {len(documents):,} documents; at most {max_docs:,} are allowed.",
                           type=TOO_LARGE)  # fmt: skip
    max_chars = limit("QUOTES_MAX_DOCUMENT_CHARS")
    first_at: dict[str, int] = {}
    rejected = []
    for index, doc in enumerate(documents):
        instance = document_instance(job_id, index)
        if doc["id"] in first_at:
            # A repeated id fails that document alone: clients match result lines by id and could not tell two apart.
            detail = f"The id {doc['id']!r} is already used by document {first_at[doc['id']]}; ids must be unique."
            error = problem(422, detail, type=VALIDATION_ERROR, instance=instance, errors={"body": {"id": [detail]}})
        else:
            first_at[doc["id"]] = index
            error = document_error(doc, max_chars, instance)
        if error is not None:
            rejected.append(result_line(index, doc["id"], error))
    return documents, dataclasses.asdict(options), rejected


def _read_ndjson() -> list[dict[str, Any]]:
    """One document object per non-blank line; a line that is not one is a 422 naming the line."""
    charset_ok()
    raw = decode_utf8(request.get_data(cache=True), strip_bom=True)
    schema = JobDocumentSchema()
    documents: list[dict[str, Any]] = []
    errors: dict[str, Any] = {}
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue  # blank lines (a trailing newline) carry no document
        try:
            documents.append(schema.load(parse_json_object(line, "the line")))
        except ValidationError as exc:
            errors[f"line {number}"] = exc.messages
        except ValueError as exc:
            errors[f"line {number}"] = [str(exc)]
        if len(errors) >= 10:
            break  # enough to fix the body; a huge bad body is not echoed back whole
    if errors:
        raise validation_problem({"body": errors})  # detail: "line 3: …" or "line 3.id: …"
    if not documents:
        raise ProblemError(400, "The body holds no documents; send one JSON object per line.")
    return documents


def chunk_documents(documents: list[dict[str, Any]], rejected: list[Result], max_docs: int,
                    max_chars: int) -> list[list[list[Any]]]:  # fmt: skip
    """The documents still to analyse, as chunks of ``[position, id, text]``: at most ``max_docs`` documents
    and, unless one document alone is longer, ``max_chars`` characters per chunk."""
    refused = {r.index for r in rejected}
    chunks: list[list[list[Any]]] = []
    current: list[list[Any]] = []
    size = 0
    for index, doc in enumerate(documents):
        if index in refused:
            continue
        if current and (len(current) >= max_docs or size + len(doc["text"]) > max_chars):
            chunks.append(current)
            current, size = [], 0
        current.append([index, doc["id"], doc["text"]])
        size += len(doc["text"])
    if current:
        chunks.append(current)
    return chunks
