"""The service under real gunicorn: a request that would exhaust a worker's memory fails alone, answered."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port: int, method: str, path: str, body: dict | None = None, timeout: float = 120):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        conn.request(method, path, body=payload, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def _wait_ready(port: int, proc: subprocess.Popen, seconds: float = 120) -> None:
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        assert proc.poll() is None, "gunicorn exited"
        try:
            if _request(port, "GET", "/readyz", timeout=30)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail("gunicorn never became ready")


@contextmanager
def _gunicorn(log: Path, **settings: str) -> Iterator[tuple[int, subprocess.Popen]]:
    """A real gunicorn on a free loopback port with one worker and ``settings``, ready; stopped afterwards."""
    port = _free_port()
    jobs = log.parent / "jobs"  # the embedded broker and store
    env = dict(os.environ, QUOTES_BIND=f"127.0.0.1:{port}", QUOTES_WORKERS="1", QUOTES_JOB_DIR=str(jobs),
               QUOTES_WORKER_CONCURRENCY="1", **settings)  # fmt: skip
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "service:create_app()"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            _wait_ready(port, proc)
            yield port, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="module")
def hungry_gunicorn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path, subprocess.Popen]]:
    """One worker capped at 1,200 MiB, with the sentence bound lifted so that one text can cross the cap."""
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with _gunicorn(log, QUOTES_WORKER_MEMORY_MB="1200", QUOTES_MAX_SENTENCE_WORDS="100000", QUOTES_LOG_LEVEL="info",
                   QUOTES_LEARNED="0") as (port, proc):  # fmt: skip
        yield port, log, proc


def test_a_request_past_the_memory_cap_is_answered_and_the_worker_lives_on(hungry_gunicorn) -> None:
    port, log, proc = hungry_gunicorn
    # 6,000 words in one sentence: about 1.6 GB unbounded, in the parser's word-by-word score matrices
    text = " ".join(["the council would meet again"] * 1_200)
    status, headers, body = _request(port, "POST", "/v1/attributions", {"text": text})
    assert status == 503, body[:300]
    assert headers["Content-Type"] == "application/problem+json"
    assert json.loads(body)["type"].endswith("resources-exhausted")
    assert headers.get("Retry-After")
    # The worker is replaced after answering; the service answers again, and no worker was killed by a signal.
    _wait_ready(port, proc)
    status, _, body = _request(port, "POST", "/v1/attributions", {"text": "“Yes,” she said."})
    assert status == 200 and json.loads(body)["attributions"]
    lines = log.read_text()
    assert "memory limit reached; replacing it" in lines
    assert "SIGKILL" not in lines and "Perhaps out of memory" not in lines


@pytest.fixture(scope="module")
def served_schema(tmp_path_factory: pytest.TempPathFactory):
    """The OpenAPI document as served by a real gunicorn with the shipped settings."""
    import schemathesis

    with _gunicorn(tmp_path_factory.mktemp("gunicorn") / "gunicorn.log") as (port, _proc):
        yield schemathesis.openapi.from_url(f"http://127.0.0.1:{port}/openapi.json")


def _schemathesis_case():
    import schemathesis
    from hypothesis import HealthCheck, settings

    schema = schemathesis.pytest.from_fixture("served_schema")

    @schema.parametrize()
    @settings(max_examples=20, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
    def test_gunicorn_honours_its_schema(case) -> None:  # fmt: skip
        """Every schemathesis check, positive and negative data, over HTTP against the running gunicorn."""
        case.call_and_validate(timeout=120)

    return test_gunicorn_honours_its_schema


test_gunicorn_honours_its_schema = _schemathesis_case()


def test_the_run_command_serves_jobs_with_its_own_worker(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The README's gunicorn command, no broker to run: the embedded worker takes the job, and
    `quotes submit --wait --out` follows it to the end."""
    folder = tmp_path_factory.mktemp("jobs-gunicorn")
    names = []
    for name, text in [("a.txt", "“We are ready,” the minister said."), ("b.txt", "Talks resumed, officials said."),
                       ("empty.txt", "")]:  # fmt: skip
        (folder / name).write_text(text, encoding="utf-8")
        names.append(str(folder / name))
    out = folder / "results.jsonl"
    with _gunicorn(folder / "gunicorn.log", QUOTES_LEARNED="0") as (port, _proc):
        submit = subprocess.run(
            [sys.executable, "-m", "service.cli", "submit", *names, "--url", f"http://127.0.0.1:{port}", "--wait",
             "--out", str(out), "--poll", "0.5"],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        status, _, metrics = _request(port, "GET", "/metrics")
    assert status == 200
    _check_multiprocess_metrics(metrics.decode())
    assert submit.returncode == 1, submit.stderr  # one document (the empty file) has an error line
    assert "job done: 2 done, 1 failed" in submit.stderr
    lines = {line["id"]: line for line in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(lines) == set(names)
    assert lines[names[0]]["attributions"][0]["speaker"]["text"] == "the minister"
    assert lines[names[2]]["error"]["status"] == 422
    assert "embedded jobs worker started" in (folder / "gunicorn.log").read_text()


def _check_multiprocess_metrics(text: str) -> None:
    """One scrape of gunicorn's /metrics adds up the web worker's and the embedded jobs worker's samples."""
    from prometheus_client.parser import text_string_to_metric_families

    found: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()) if k != "worker")
            found[f"{sample.name}{{{labels}}}"] = found.get(f"{sample.name}{{{labels}}}", 0) + sample.value
    # Recorded in the jobs worker's process (the empty file was refused at submission, by the web worker).
    assert found["quotes_job_documents_total{outcome=done}"] == 2
    assert found["quotes_model_load_seconds_count{}"] >= 2  # the web worker and the jobs worker each loaded
    assert found["quotes_http_requests_total{method=POST,route=/v1/jobs,status=202}"] == 1
    assert found["quotes_jobs{state=done}"] == 1 and found["quotes_queue_depth{}"] == 0
