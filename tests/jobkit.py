"""Helpers of the jobs tests on top of tools/jobs_harness.py (redis-server, worker subprocesses, the fake
extractor): skipping or failing without redis-server, waiting for a job, reading result lines. The end-to-end
tests use the real models; the delivery tests use the fake."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tools.jobs_harness import RedisServer


def redis_server_or_skip() -> str:
    """The redis-server binary; fails when QUOTES_REQUIRE_REDIS is set and it is missing, else skips."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("QUOTES_REQUIRE_REDIS"):
            pytest.fail("QUOTES_REQUIRE_REDIS is set but redis-server is not installed")
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    return binary


@contextmanager
def redis_server(directory: Path) -> Iterator[RedisServer]:
    """A running :class:`RedisServer`, stopped afterwards."""
    server = RedisServer(redis_server_or_skip(), directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def worker_env(**settings: str) -> dict[str, str]:
    """The environment of a worker subprocess on the fake extractor, with ``settings``."""
    return dict(os.environ, QUOTES_EXTRACTOR_FACTORY="tools.jobs_harness:slow_extractor", **settings)


def wait_for(job: Callable[[], dict[str, Any]], states: tuple[str, ...], seconds: float) -> dict[str, Any]:
    """Poll ``job()`` until its state is one of ``states``; the last job object."""
    deadline = time.monotonic() + seconds
    body = job()
    while body["state"] not in states and time.monotonic() < deadline:
        time.sleep(0.2)
        body = job()
    return body


def parse_lines(data: bytes) -> list[dict[str, Any]]:
    """The result lines of an ndjson body."""
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]
