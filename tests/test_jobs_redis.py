"""Jobs on a real Redis (broker and store) with real worker processes: the real models end to end, a worker
SIGKILLed mid-job, a Redis restart mid-job, and a document that keeps killing its worker.

redis-server is started by the tests on a free loopback port; without it these tests skip, or fail when
QUOTES_REQUIRE_REDIS is set (as .ci/run does). Delivery tests run workers on the fake extractor (jobkit).
"""

from __future__ import annotations

import collections
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from flask import Flask
from flask.testing import FlaskClient
from jobkit import parse_lines, redis_server, wait_for, worker_env

from service import create_app
from service.attribution import Extractor
from tools.jobs_harness import RedisServer, Worker

# A vanished worker's chunk is delivered again after this many seconds (the default is 900).
VISIBILITY_S = "4"


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    with redis_server(tmp_path) as server:
        yield server


def redis_app(server: RedisServer, extractor=None, **config) -> Flask:
    settings = {"TESTING": True, "QUOTES_BROKER_URL": server.url, "QUOTES_JOB_VISIBILITY_TIMEOUT": int(VISIBILITY_S)}
    return create_app(config={**settings, **config}, extractor=extractor)


def submit(client: FlaskClient, docs: list[dict]) -> dict:
    response = client.post("/v1/jobs", json={"documents": docs})
    assert response.status_code == 202, response.get_json()
    return response.get_json()


def job_getter(client: FlaskClient, job: dict):
    return lambda: client.get(job["links"]["self"]).get_json()


def ids_of(client: FlaskClient, job: dict) -> collections.Counter:
    return collections.Counter(line["id"] for line in parse_lines(client.get(job["links"]["results"]).data))


def test_redis_job_of_200_documents_with_the_real_models(redis: RedisServer, extractor: Extractor) -> None:
    app = redis_app(redis, extractor, QUOTES_JOB_CHUNK_DOCUMENTS=16)
    client = app.test_client()
    docs = [{"id": f"d{i}", "text": f"“Not now,” she said on day {i}."} for i in range(200)]
    docs[3]["text"] = "x" * (app.config["QUOTES_MAX_DOCUMENT_CHARS"] + 1)  # too long: fails alone
    with start_worker(app.extensions["jobs"].celery, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        job = submit(client, docs)
        done = wait_for(job_getter(client, job), ("done", "failed"), 240)
    assert done["state"] == "done" and done["counts"] == {"total": 200, "done": 199, "failed": 1}
    ids = ids_of(client, job)
    assert set(ids) == {d["id"] for d in docs} and set(ids.values()) == {1}
    lines = {line["id"]: line for line in parse_lines(client.get(job["links"]["results"]).data)}
    assert lines["d0"]["attributions"][0]["quote"]["text"] == "Not now"
    assert lines["d3"]["error"]["status"] == 413


@contextmanager
def running_workers(tmp_path: Path, server: RedisServer, count: int, **settings: str) -> Iterator[list[Worker]]:
    """``count`` worker subprocesses on the fake extractor, ready; stopped afterwards."""
    env = worker_env(QUOTES_BROKER_URL=server.url, QUOTES_JOB_VISIBILITY_TIMEOUT=VISIBILITY_S, **settings)
    workers = [Worker(env, tmp_path / f"worker{i}.log") for i in range(count)]
    try:
        for worker in workers:
            worker.wait_ready()
        yield workers
    finally:
        for worker in workers:
            worker.stop()


def test_a_worker_killed_mid_job_loses_nothing(tmp_path: Path, redis: RedisServer) -> None:
    with running_workers(tmp_path, redis, 2, QUOTES_FAKE_SECONDS="0.25") as workers:
        client = redis_app(redis, QUOTES_JOB_CHUNK_DOCUMENTS=4).test_client()
        job = submit(client, [{"id": f"d{i}", "text": f"text {i}"} for i in range(60)])  # 15 chunks of ~1 s
        # Wait until both workers are inside a chunk (two chunks begun and not recorded; a chunk's four lines
        # are recorded at once), then take one away with everything it holds. Waiting on a count of finished
        # documents alone could kill a worker between chunks on a loaded machine, and nothing would be redone.
        store = client.application.extensions["jobs"].store
        attempts_key = f"quotes:job:{{{job['id']}}}:attempts"

        def both_busy() -> dict[str, str]:
            done = job_getter(client, job)()["counts"]["done"]
            begun = sum(1 for k in store.redis.hkeys(attempts_key) if k.decode().startswith("c"))
            return {"state": "go" if done >= 8 and begun - done // 4 == 2 else "wait"}

        assert wait_for(both_busy, ("go",), 60)["state"] == "go"
        workers[0].kill()
        done = wait_for(job_getter(client, job), ("done", "failed"), 90)
        assert done["state"] == "done", done
        ids = ids_of(client, job)
        assert len(ids) == 60 and set(ids.values()) == {1}  # every document exactly once
        # The killed worker's chunk was delivered again: some chunk was attempted twice.
        attempts = {k.decode(): int(v) for k, v in store.redis.hgetall(attempts_key).items()}
        assert max(attempts.values()) >= 2, attempts
        pids = {line["meta"]["worker"] for line in parse_lines(client.get(job["links"]["results"]).data)}
        assert len(pids) == 2  # both workers recorded results


def test_a_redis_restart_mid_job_ends_in_done_or_a_clear_failure(tmp_path: Path, redis: RedisServer) -> None:
    with running_workers(tmp_path, redis, 1, QUOTES_FAKE_SECONDS="0.1", QUOTES_JOB_RETRY_SECONDS="1"):
        app = redis_app(redis, QUOTES_JOB_CHUNK_DOCUMENTS=4, QUOTES_JOB_STALL_SECONDS=30)
        client = app.test_client()
        job = submit(client, [{"id": f"d{i}", "text": f"text {i}"} for i in range(40)])
        wait_for(lambda: {"state": "go" if job_getter(client, job)()["counts"]["done"] >= 4 else "wait"}, ("go",), 60)
        redis.stop()
        time.sleep(2)
        redis.start()  # same port, same append-only file
        final = wait_for(job_getter(client, job), ("done", "failed", "cancelled"), 120)
        assert final["state"] in ("done", "failed"), final  # never stuck running
        ids = ids_of(client, job)
        assert set(ids.values()) <= {1}  # nothing twice
        if final["state"] == "done":
            assert len(ids) == 40
        else:
            assert final["error"]["detail"]


def test_a_document_that_keeps_killing_its_worker_becomes_an_error_line(tmp_path: Path, redis: RedisServer) -> None:
    with running_workers(tmp_path, redis, 1, QUOTES_FAKE_SECONDS="0.01", QUOTES_JOB_MAX_ATTEMPTS="2") as workers:
        client = redis_app(redis, QUOTES_JOB_CHUNK_DOCUMENTS=4).test_client()
        docs = [{"id": "a", "text": "fine"}, {"id": "b", "text": "CRASH"}, {"id": "c", "text": "ok"}]
        job = submit(client, docs)
        done = wait_for(job_getter(client, job), ("done", "failed"), 90)
        assert done["state"] == "done" and done["counts"] == {"total": 3, "done": 2, "failed": 1}, done
        lines = {line["id"]: line for line in parse_lines(client.get(job["links"]["results"]).data)}
        assert lines["b"]["error"]["type"].endswith("attempts-exhausted")
        assert "attributions" in lines["a"] and "attributions" in lines["c"]
        assert workers[0].proc.poll() is None  # the worker replaced its dead pool process and goes on
