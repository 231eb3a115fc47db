"""Prometheus metrics: requests, latency, documents and words parsed, model loads, jobs and their queue.

Under gunicorn every process writes its samples to files in ``PROMETHEUS_MULTIPROC_DIR`` (gunicorn.conf.py sets
one up before the workers start, and the embedded jobs worker inherits it), and ``GET /metrics`` adds them
up, so one scrape sees every worker. Without that variable (tests, ``python -m service``) the process's own
registry is served. Job counts and queue depth are read from the store and the broker at scrape time.

This module imports prometheus_client, which picks its storage when first imported: never import it from
gunicorn's master before ``on_starting`` has set the directory (service/__init__ imports it lazily).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Iterator
from typing import Any

from flask import Flask, Response, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

log = logging.getLogger(__name__)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
WORKER = socket.gethostname()

REQUESTS = Counter("quotes_http_requests", "HTTP requests answered, by route, method and status.",
                   ["route", "method", "status"])  # fmt: skip
LATENCY = Histogram(
    "quotes_http_request_seconds",
    "Time to answer an HTTP request (to the first byte of a streamed answer), by route and method.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)
DOCUMENTS = Counter("quotes_documents_parsed", "Documents analysed, synchronous and jobs together.")
WORDS = Counter("quotes_words_parsed", "Words in the documents analysed.")
MODEL_LOAD = Histogram("quotes_model_load_seconds", "Time to load the models in a process.",
                       buckets=(1, 2, 5, 10, 20, 30, 60, 120, 300))  # fmt: skip
JOB_DOCUMENTS = Counter("quotes_job_documents", "Job documents recorded by workers, by worker host and outcome.",
                        ["worker", "outcome"])  # fmt: skip


def count_parsed(analyses: list[Any]) -> None:
    """Count documents and words analysed (``meta["words"]`` of each analysis)."""
    DOCUMENTS.inc(len(analyses))
    WORDS.inc(sum(int(a.meta.get("words", 0)) for a in analyses))


def count_job_documents(done: int, failed: int) -> None:
    """Count documents a worker recorded, analysed or as error lines."""
    if done:
        JOB_DOCUMENTS.labels(WORKER, "done").inc(done)
    if failed:
        JOB_DOCUMENTS.labels(WORKER, "failed").inc(failed)


class LiveCollector:
    """Jobs by state and the queue's depth, read when scraped; a backend that does not answer reads as down."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """The live gauges (prometheus_client's collector protocol)."""
        from .jobs.celery_app import queue_depth

        state = self.app.extensions["jobs"]
        up = GaugeMetricFamily("quotes_jobs_backend_up", "Whether the job store and broker answered this scrape.")
        try:
            counts = state.store.count_by_state()
            depth = queue_depth(state.celery)
        except Exception as exc:  # a scrape must still answer, saying what is down
            log.warning("metrics: job store or broker unavailable: %s", exc)
            up.add_metric([], 0)
            yield up
            return
        jobs = GaugeMetricFamily("quotes_jobs", "Jobs kept in the store, by state.", labels=["state"])
        for name, count in counts.items():
            jobs.add_metric([name], count)
        yield jobs
        yield GaugeMetricFamily("quotes_queue_depth", "Chunks waiting in the broker's queue.", value=depth)
        up.add_metric([], 1)
        yield up


def process_registry() -> CollectorRegistry:
    """Every process's samples (multiprocess mode), else this process's registry."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return registry
    from prometheus_client import REGISTRY

    return REGISTRY


def metrics_response(app: Flask) -> Response:
    """The Prometheus text exposition of the process metrics and the live job gauges."""
    live = CollectorRegistry()
    live.register(LiveCollector(app))  # type: ignore[arg-type]
    body = generate_latest(process_registry()) + generate_latest(live)
    return Response(body, mimetype=CONTENT_TYPE_LATEST.split(";")[0], headers={"Content-Type": CONTENT_TYPE_LATEST})


def init_app(app: Flask) -> None:
    """Time and count every request of ``app``."""

    @app.before_request
    def _start_timer() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _observe(response: Response) -> Response:
        started = g.pop("metrics_started", None)
        # The URL rule, not the path: job ids must not become label values.
        route = request.url_rule.rule if request.url_rule is not None else "unmatched"
        REQUESTS.labels(route, request.method, str(response.status_code)).inc()
        if started is not None:
            LATENCY.labels(route, request.method).observe(time.perf_counter() - started)
        return response


def mark_process_dead(pid: int) -> None:
    """Drop a dead gunicorn worker's live gauges (multiprocess mode; its counters stay counted)."""
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
