"""Jobs throughput: articles/s with 1 and 2 worker processes (one torch thread each), and the queue's own cost.

python -m tools.bench_jobs --polnear ../shared/data/polnear/dev --limit 40     # real models, Redis
python -m tools.bench_jobs --overhead-only                                     # fake extractor, no models

Each run starts its own redis-server on a free port (or uses the embedded SQLite broker with --broker embedded)
and ``quotes worker`` subprocesses, waits until every pool process has loaded and warmed its models, then times
one job from submission to ``done`` as its client sees it. The queue overhead is the time per document of a job
whose documents take no time to analyse (tools/jobs_harness.py's fake extractor), for chunks of 1 and of 8.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tools.jobs_harness import RedisServer, Worker


def polnear_texts(folder: Path, limit: int) -> list[str]:
    """Up to ``limit`` article texts of a PolNeAR split (``<split>/text/*.txt``)."""
    files = sorted((folder / "text").glob("*.txt"))[:limit]
    return [f.read_text(encoding="utf-8") for f in files]


def tree_cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of process ``pid`` and its children so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(entry) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def run_job(settings: dict[str, Any], texts: list[str], timeout: float = 3600) -> dict[str, Any]:
    """Submit ``texts`` as one job through the app (no HTTP server) and wait; wall time and the job."""
    from service import create_app

    client = create_app(config={"TESTING": True, **settings}).test_client()
    started = time.perf_counter()
    response = client.post("/v1/jobs", json={"documents": [{"id": str(i), "text": t} for i, t in enumerate(texts)]})
    assert response.status_code == 202, response.get_json()
    link = response.get_json()["links"]["self"]
    deadline = time.monotonic() + timeout
    while (job := client.get(link).get_json())["state"] not in ("done", "failed", "cancelled"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"job not done after {timeout} s: {job}")
        time.sleep(0.05)
    wall = time.perf_counter() - started
    body = client.get(job["links"]["results"]).data
    lines = [json.loads(line) for line in body.decode().splitlines()]
    words = sum(line.get("meta", {}).get("words", 0) for line in lines)
    return {"wall": wall, "job": job, "words": words, "result_bytes": len(body)}


def with_workers(broker: str, folder: Path, processes: int, env: dict[str, str], body) -> Any:
    """Run ``body(settings, worker)`` with a broker (``redis`` or ``embedded``) and one worker of ``processes``."""
    redis = None
    settings: dict[str, Any] = {}
    if broker == "redis":
        redis = RedisServer(shutil.which("redis-server") or "redis-server", folder)
        redis.start()
        settings["QUOTES_BROKER_URL"] = redis.url
    else:
        settings["QUOTES_JOB_DIR"] = str(folder / "jobs")
    worker_env = dict(os.environ, **env, **{k: str(v) for k, v in settings.items()})
    worker = Worker(worker_env, folder / f"worker-{processes}.log", concurrency=processes)
    try:
        worker.wait_ready(seconds=600, models="QUOTES_EXTRACTOR_FACTORY" not in env)
        return body(settings, worker)
    finally:
        worker.stop()
        if redis is not None:
            redis.stop()


def throughput(broker: str, texts: list[str], processes: int, learned: bool) -> dict[str, Any]:
    """Articles/s and words/s of ``processes`` worker processes with one torch thread each."""
    env = {"QUOTES_TORCH_THREADS": "1", "QUOTES_LEARNED": "1" if learned else "0"}
    with tempfile.TemporaryDirectory() as tmp:

        def body(settings: dict[str, Any], worker: Worker) -> dict[str, Any]:
            settings = {**settings, "QUOTES_JOB_CHUNK_DOCUMENTS": 2}
            run_job(settings, texts[: processes * 2])  # warm every pool process on real text first
            cpu = tree_cpu_seconds(worker.proc.pid)
            result = run_job(settings, texts)
            return {**result, "cpu": tree_cpu_seconds(worker.proc.pid) - cpu}

        result = with_workers(broker, Path(tmp), processes, env, body)
    # Wall-clock rates depend on what else the machine runs; CPU seconds per article do not.
    return {"processes": processes, "articles": len(texts), "seconds": round(result["wall"], 2),
            "articles_per_s": round(len(texts) / result["wall"], 3),
            "words_per_s": round(result["words"] / result["wall"], 1),
            "cpu_s_per_article": round(result["cpu"] / len(texts), 3),
            "text_bytes_per_article": round(sum(len(t.encode()) for t in texts) / len(texts)),
            "result_bytes_per_article": round(result["result_bytes"] / len(texts)),
            "load_average": round(os.getloadavg()[0], 2)}  # fmt: skip


def overhead(broker: str, documents: int, chunk: int) -> dict[str, Any]:
    """Milliseconds per document of a job whose documents cost nothing to analyse."""
    env = {"QUOTES_EXTRACTOR_FACTORY": "tools.jobs_harness:slow_extractor", "QUOTES_FAKE_SECONDS": "0"}
    texts = [f"“Document {i},” she said." for i in range(documents)]
    with tempfile.TemporaryDirectory() as tmp:
        result = with_workers(broker, Path(tmp), 1, env,
                              lambda s, _w: run_job({**s, "QUOTES_JOB_CHUNK_DOCUMENTS": chunk}, texts))  # fmt: skip
    return {"broker": broker, "chunk": chunk, "documents": documents,
            "ms_per_document": round(1000 * result["wall"] / documents, 2)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Print one JSON line per measurement."""
    parser = argparse.ArgumentParser(prog="python -m tools.bench_jobs", description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, help="PolNeAR split folder (e.g. ../shared/data/polnear/dev)")
    parser.add_argument("--limit", type=int, default=40, help="articles per throughput run (default 40)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="worker processes (default 1 2)")
    parser.add_argument("--broker", choices=("redis", "embedded"), default="redis")
    parser.add_argument("--rules-only", action="store_true", help="without the learned layer")
    parser.add_argument("--overhead-only", action="store_true", help="only the queue overhead (no models)")
    parser.add_argument("--no-overhead", action="store_true", help="only the throughput runs")
    parser.add_argument("--overhead-documents", type=int, default=800)
    args = parser.parse_args(argv)
    # SIGTERM (timeout, Ctrl-C's cousin) unwinds like an exception, so the workers and Redis are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    if not args.no_overhead:
        for broker in ("redis", "embedded"):
            for chunk in (1, 8):
                print(json.dumps(overhead(broker, args.overhead_documents, chunk)), flush=True)
    if args.overhead_only:
        return 0
    if args.polnear is None:
        print("--polnear is needed for the throughput runs", file=sys.stderr)
        return 2
    texts = polnear_texts(args.polnear, args.limit)
    for processes in args.processes:
        print(json.dumps({"broker": args.broker, "learned": not args.rules_only,
                          **throughput(args.broker, texts, processes, not args.rules_only)}), flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
