"""The jobs API on the embedded default (SQLite broker and store): submission, limits, results, cancelling, and a
real Celery worker (in a thread, on the session's extractor) running jobs end to end."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from flask import Flask
from flask.testing import FlaskClient
from jobkit import parse_lines, wait_for

from service import create_app
from service.attribution import Extractor
from service.jobs.documents import chunk_documents
from tools.jobs_harness import SlowExtractor

PROBLEM = "application/problem+json"
NDJSON = "application/x-ndjson"


def make_app(tmp_path: Path, extractor, **config) -> Flask:
    return create_app(config={"TESTING": True, "QUOTES_JOB_DIR": str(tmp_path / "jobs"), **config}, extractor=extractor)


@pytest.fixture
def jobs_app(tmp_path: Path) -> Flask:
    """The API on the embedded broker in a temporary folder, no worker (jobs stay queued)."""
    return make_app(tmp_path, SlowExtractor(0), QUOTES_MAX_JOB_DOCUMENTS=5, QUOTES_MAX_DOCUMENT_CHARS=50)


@pytest.fixture
def api(jobs_app: Flask) -> FlaskClient:
    return jobs_app.test_client()


def submit(client: FlaskClient, documents: list[dict], **kwargs) -> dict:
    response = client.post("/v1/jobs", json={"documents": documents, **kwargs})
    assert response.status_code == 202, response.get_json()
    assert response.headers["Location"] == response.get_json()["links"]["self"]
    return response.get_json()


# --- submission --------------------------------------------------------------------------------------


def test_submit_answers_202_with_the_job(api: FlaskClient) -> None:
    job = submit(api, [{"id": "a", "text": "“Yes,” she said."}, {"id": "b", "text": "No."}])
    assert set(job) >= {"id", "state", "counts", "links", "timings"}
    assert job["state"] == "queued" and job["counts"] == {"total": 2, "done": 0, "failed": 0}
    assert job["links"] == {"self": f"/v1/jobs/{job['id']}", "results": f"/v1/jobs/{job['id']}/results"}
    assert len(job["id"]) >= 22  # 128 random bits, URL-safe
    assert api.get(job["links"]["self"]).get_json()["id"] == job["id"]


def test_ndjson_submission_with_options_in_the_query(api: FlaskClient) -> None:
    body = '{"id": "a", "text": "One."}\n\n{"id": "b", "text": "Two."}\n'
    response = api.post("/v1/jobs?min_confidence=0.5", data=body, content_type=NDJSON)
    assert response.status_code == 202
    assert response.get_json()["counts"]["total"] == 2


@pytest.mark.parametrize(
    "body,line",
    [
        ('{"id": "a", "text": "One."}\nnot json\n', "line 2"),
        ('{"id": "a", "text": "One."}\n[1, 2]\n', "line 2"),
        ('{"text": "no id"}\n', "line 1"),
        ('{"id": "a", "text": "One.", "extra": 1}\n', "line 1"),
    ],
)
def test_a_bad_ndjson_line_is_a_422_naming_it(api: FlaskClient, body: str, line: str) -> None:
    response = api.post("/v1/jobs", data=body, content_type=NDJSON)
    assert response.status_code == 422 and response.mimetype == PROBLEM
    assert line in response.get_json()["errors"]["body"]
    assert response.get_json()["detail"].startswith(line)


@pytest.mark.parametrize(
    "body,status",
    [
        ({"documents": []}, 422),
        ({"documents": [{"id": str(i), "text": "x"} for i in range(6)]}, 413),  # over QUOTES_MAX_JOB_DOCUMENTS
        ({"documents": [{"id": "a", "text": "x"}], "options": {"min_confidence": 2}}, 422),
        ({"documents": [{"id": "a", "text": "x"}], "unknown": 1}, 422),
    ],
)
def test_bad_envelopes_are_refused_whole(api: FlaskClient, body: dict, status: int) -> None:
    response = api.post("/v1/jobs", json=body)
    assert response.status_code == status and response.mimetype == PROBLEM, response.get_json()


def test_wrong_media_type_and_empty_ndjson(api: FlaskClient) -> None:
    assert api.post("/v1/jobs", data="x", content_type="text/plain").status_code == 415
    assert api.post("/v1/jobs", data="\n\n", content_type=NDJSON).status_code == 400


def test_the_job_body_limit_is_its_own(tmp_path: Path) -> None:
    app = make_app(tmp_path, SlowExtractor(0), QUOTES_MAX_JOB_BYTES=1000)
    response = app.test_client().post("/v1/jobs", json={"documents": [{"id": "a", "text": "x" * 2000}]})
    assert response.status_code == 413 and "1,000 bytes" in response.get_json()["detail"]


def test_bad_documents_fail_alone_at_submission(api: FlaskClient) -> None:
    docs = [{"id": "ok", "text": "Fine."}, {"id": "blank", "text": "  "}, {"id": "long", "text": "x" * 51},
            {"id": "number", "text": 5}, {"id": "missing"}]  # fmt: skip
    job = submit(api, docs)
    assert job["counts"] == {"total": 5, "done": 0, "failed": 4}
    lines = {line["id"]: line for line in parse_lines(api.get(job["links"]["results"]).data)}
    assert set(lines) == {"blank", "long", "number", "missing"}
    assert lines["long"]["error"]["status"] == 413 and lines["blank"]["error"]["status"] == 422
    assert lines["long"]["error"]["instance"] == f"/v1/jobs/{job['id']}#/documents/2"


def test_a_repeated_id_fails_that_document_alone(api: FlaskClient) -> None:
    job = submit(api, [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}, {"id": "a", "text": "z"}])
    assert job["counts"] == {"total": 3, "done": 0, "failed": 1}
    [line] = parse_lines(api.get(job["links"]["results"]).data)
    assert line["id"] == "a" and line["error"]["status"] == 422 and "document 0" in line["error"]["detail"]
    assert line["error"]["instance"].endswith("#/documents/2")


def test_a_job_of_only_bad_documents_is_done_at_once(api: FlaskClient) -> None:
    job = submit(api, [{"id": "a", "text": ""}])
    assert job["state"] == "done" and job["counts"]["failed"] == 1


def test_unknown_jobs_and_bad_cursors(api: FlaskClient) -> None:
    for method, path in [("get", "/v1/jobs/nope"), ("delete", "/v1/jobs/nope"), ("get", "/v1/jobs/nope/results")]:
        response = getattr(api, method)(path)
        assert response.status_code == 404 and response.mimetype == PROBLEM
    job = submit(api, [{"id": "a", "text": "x"}])
    for query in ("cursor=-1", "cursor=x", "cursor=1&cursor=2", "other=1"):
        response = api.get(f"{job['links']['results']}?{query}")
        assert response.status_code == 422 and response.mimetype == PROBLEM, query


def test_delete_cancels_and_the_worker_skips_the_job(tmp_path: Path) -> None:
    app = make_app(tmp_path, SlowExtractor(0))
    client = app.test_client()
    job = submit(client, [{"id": "a", "text": "x"}])
    cancelled = client.delete(job["links"]["self"])
    assert cancelled.status_code == 200 and cancelled.get_json()["state"] == "cancelled"
    later = submit(client, [{"id": "b", "text": "y"}])
    with start_worker(app.extensions["jobs"].celery, pool="solo", perform_ping_check=False):
        # Chunks are taken in order: once the later job is done, the cancelled one's chunk was taken and skipped.
        assert wait_for(lambda: client.get(later["links"]["self"]).get_json(), ("done",), 30)["state"] == "done"
    body = client.get(job["links"]["self"]).get_json()
    assert body["state"] == "cancelled" and body["counts"]["done"] == 0
    assert client.delete(job["links"]["self"]).get_json()["state"] == "cancelled"  # idempotent


def test_chunks_respect_both_limits() -> None:
    docs = [{"id": str(i), "text": "x" * n} for i, n in enumerate([10, 10, 10, 30, 5, 100])]
    chunks = chunk_documents(docs, [], max_docs=2, max_chars=25)
    assert [[d[0] for d in c] for c in chunks] == [[0, 1], [2], [3], [4], [5]]


# --- a real worker, the real models, the embedded broker ------------------------------------------------


@pytest.fixture
def embedded(tmp_path: Path, extractor: Extractor) -> Iterator[tuple[Flask, FlaskClient]]:
    """The API and an in-process Celery worker on the embedded SQLite broker, with the real extractor."""
    app = make_app(tmp_path, extractor, QUOTES_JOB_CHUNK_DOCUMENTS=16)
    with start_worker(app.extensions["jobs"].celery, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield app, app.test_client()


def test_embedded_default_runs_a_job_of_200_documents(embedded) -> None:
    app, client = embedded
    docs = [{"id": f"doc-{i}", "text": f"“We are ready,” the minister said on day {i}."} for i in range(200)]
    docs[7]["text"] = ""  # fails alone
    job = submit(client, docs, options={"include_unattributed": True})
    done = wait_for(lambda: client.get(job["links"]["self"]).get_json(), ("done", "failed"), 240)
    assert done["state"] == "done", done
    assert done["counts"] == {"total": 200, "done": 199, "failed": 1}
    assert done["timings"]["started_at"] and done["timings"]["running_seconds"] >= 0

    lines = parse_lines(client.get(job["links"]["results"]).data)
    assert sorted(line["id"] for line in lines) == sorted(d["id"] for d in docs)  # every id exactly once
    first = next(line for line in lines if line["id"] == "doc-0")
    # The same record as the synchronous API gives for the same text.
    sync = client.post("/v1/attributions", json={"text": docs[0]["text"], "options": {"include_unattributed": True}})
    assert first["attributions"] == sync.get_json()["attributions"]
    assert first["attributions"][0]["speaker"]["text"] == "the minister"
    assert next(line for line in lines if line["id"] == "doc-7")["error"]["status"] == 422

    # Resuming from a cursor gives the rest, in the same order.
    response = client.get(f"{job['links']['results']}?cursor=150")
    assert response.headers["Next-Cursor"] == "200" and response.mimetype == NDJSON
    assert parse_lines(response.data) == lines[150:]
    assert client.get(f"{job['links']['results']}?cursor=500").data == b""


def test_a_failing_document_fails_alone_in_the_worker(tmp_path: Path) -> None:
    app = make_app(tmp_path, SlowExtractor(0), QUOTES_JOB_RETRY_SECONDS=0)
    client = app.test_client()
    with start_worker(app.extensions["jobs"].celery, pool="solo", perform_ping_check=False):
        job = submit(client, [{"id": "a", "text": "fine"}, {"id": "b", "text": "RAISE"}, {"id": "c", "text": "ok"}])
        done = wait_for(lambda: client.get(job["links"]["self"]).get_json(), ("done", "failed"), 30)
    assert done["state"] == "done" and done["counts"] == {"total": 3, "done": 2, "failed": 1}
    lines = {line["id"]: line for line in parse_lines(client.get(job["links"]["results"]).data)}
    assert lines["b"]["error"]["status"] == 500 and "attributions" in lines["a"]


def test_a_running_job_without_progress_is_failed(tmp_path: Path) -> None:
    # the stall window is wide enough that the first look, right after the chunk is taken, falls inside it on a
    # loaded CI machine (0.5 s once failed there)
    app = make_app(tmp_path, SlowExtractor(0), QUOTES_JOB_STALL_SECONDS=2.0)
    client = app.test_client()
    job = submit(client, [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}])
    store = app.extensions["jobs"].store
    assert store.begin_chunk(job["id"], 0) == 1  # a worker took the chunk, then vanished with it
    assert client.get(job["links"]["self"]).get_json()["state"] == "running"
    body = wait_for(lambda: client.get(job["links"]["self"]).get_json(), ("failed",), 10)
    assert body["state"] == "failed" and body["error"]["type"].endswith("job-stalled")
    assert json.dumps(body["error"])  # a problem object the client can show


# --- quotes submit's failure paths (its success path runs against real gunicorn in test_gunicorn.py) -------


def test_submit_says_when_the_service_cannot_be_reached(tmp_path: Path, capsys) -> None:
    from service.cli import main
    from tools.jobs_harness import free_port

    article = tmp_path / "a.txt"
    article.write_text("“Yes,” she said.", encoding="utf-8")
    assert main(["submit", str(article), "--url", f"http://127.0.0.1:{free_port()}"]) == 5
    assert "cannot reach" in capsys.readouterr().err
    assert main(["submit", str(tmp_path / "missing.txt")]) == 1  # nothing readable: nothing sent
    assert "no such file" in capsys.readouterr().err
