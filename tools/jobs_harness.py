"""Real processes for the jobs tests and benchmarks: a redis-server on a free port, worker subprocesses, and
a fake extractor that takes a fixed time per document.

The fake stands in for the models where delivery is measured or tested (workers killed, Redis restarted, the
queue's own cost), not attributions: it raises on a text holding ``RAISE`` and kills its process on one holding
``CRASH``, as an out-of-memory kill would.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from service.attribution import Analysis

ROOT = Path(__file__).resolve().parent.parent


class SlowExtractor:
    """Answers every document with no attributions after ``seconds``; meta names the worker process."""

    warmed = True
    model_info = {"name": "fake"}
    max_sentence_words = None

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def warm(self) -> None:
        """Nothing to warm."""

    def analyze_many(self, texts: list[str], options: Any = None, deadline: Any = None) -> list[Analysis]:
        """One empty analysis per text, ``seconds`` each; ``RAISE`` raises, ``CRASH`` kills the process."""
        results = []
        for text in texts:
            if "CRASH" in text:
                os._exit(70)
            if "RAISE" in text:
                raise RuntimeError("fake analysis failure")
            time.sleep(self.seconds)
            results.append(Analysis([], [], {"characters": len(text), "worker": os.getpid(), "models": "fake"}))
        return results


def slow_extractor() -> SlowExtractor:
    """QUOTES_EXTRACTOR_FACTORY target (``tools.jobs_harness:slow_extractor``): QUOTES_FAKE_SECONDS a document."""
    return SlowExtractor(float(os.environ.get("QUOTES_FAKE_SECONDS", "0.1")))


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A redis-server on a free loopback port with append-only persistence, restartable on the same port."""

    def __init__(self, binary: str, directory: Path) -> None:
        self.binary, self.directory, self.port = binary, directory, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        """Start it and wait until it answers PING."""
        import redis

        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
                "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "no"]  # fmt: skip
        log = (self.directory / "redis.log").open("a")
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        """Stop it (SIGTERM: the append-only file is already on disk)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(20)


class Worker:
    """A ``quotes worker`` subprocess in its own process group (so SIGKILL takes the whole worker)."""

    def __init__(self, env: dict[str, str], log: Path, concurrency: int = 1) -> None:
        self.log, self.concurrency = log, concurrency
        with log.open("w") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "service.cli", "worker", f"--concurrency={concurrency}", "--loglevel=info"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, seconds: float = 90, models: bool = False) -> None:
        """Wait for Celery's ``ready`` line (and, with ``models``, every pool process's models)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"worker exited:\n{self.log.read_text()[-3000:]}"
            text = self.log.read_text()
            if " ready." in text and (not models or text.count(", ready") >= self.concurrency):
                return
            time.sleep(0.2)
        raise AssertionError(f"worker never became ready:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once: a lost machine, nothing is cleaned up."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(20)

    def stop(self) -> None:
        """Stop it if it still runs."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(30)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


