"""Bulk jobs: documents analysed in the background by Celery workers, results kept in a job store.

By default everything stays on one machine with no server to run: the broker is a SQLite file (kombu's
SQLAlchemy transport), the job store another, both under ``QUOTES_JOB_DIR``, and gunicorn starts a worker beside
itself. ``QUOTES_BROKER_URL=redis://…`` moves the queue and the store to Redis, for workers on many machines
(``amqp://`` puts the queue on RabbitMQ; then ``QUOTES_RESULT_URL`` names the store).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from .store import JobStore, SqlJobStore

EMBEDDED_SCHEMES = ("sqla+sqlite", "sqlite")


def job_dir(app: Flask) -> Path:
    """Where the embedded broker and store live: QUOTES_JOB_DIR, else ``<instance folder>/jobs``."""
    return Path(app.config["QUOTES_JOB_DIR"] or os.path.join(app.instance_path, "jobs"))


def broker_url(app: Flask) -> str:
    """The Celery broker: QUOTES_BROKER_URL, else a SQLite file through kombu's SQLAlchemy transport."""
    return app.config["QUOTES_BROKER_URL"] or f"sqla+sqlite:///{job_dir(app) / 'broker.sqlite'}"


def result_url(app: Flask) -> str:
    """The job store: QUOTES_RESULT_URL, else the broker's Redis, else a SQLite file beside the broker's."""
    if app.config["QUOTES_RESULT_URL"]:
        return app.config["QUOTES_RESULT_URL"]
    broker = broker_url(app)
    if broker.startswith(("redis://", "rediss://")):
        return broker
    if broker.startswith(EMBEDDED_SCHEMES):
        return f"sqlite:///{job_dir(app) / 'jobs.sqlite'}"
    raise ValueError(f"QUOTES_RESULT_URL must name the job store (redis:// or a database URL) for broker {broker!r}")


def is_embedded(app: Flask) -> bool:
    """Whether the broker is the embedded SQLite file (one machine, a worker started beside gunicorn)."""
    return broker_url(app).startswith(EMBEDDED_SCHEMES)


def make_store(url: str, ttl_s: float, stall_s: float) -> JobStore:
    """The job store for ``url``: Redis for ``redis://``/``rediss://``, SQLAlchemy for anything else."""
    if url.startswith(("redis://", "rediss://")):
        from .redis_store import RedisJobStore

        return RedisJobStore(url, ttl_s, stall_s)
    return SqlJobStore(url, ttl_s, stall_s)


class Jobs:
    """Flask extension holding an app's Celery app and job store; attached with :meth:`init_app`."""

    def init_app(self, app: Flask) -> None:
        """Create the app's Celery app (no connection yet) and a lazily opened job store."""
        from .celery_app import make_celery

        if is_embedded(app):
            job_dir(app).mkdir(parents=True, exist_ok=True)
        state = JobsState(app, make_celery(app))
        app.extensions["jobs"] = state

    @property
    def state(self) -> JobsState:
        """The current app's jobs state."""
        return current_app.extensions["jobs"]


class JobsState:
    """One app's Celery app and job store (opened on first use: creating an app connects to nothing)."""

    def __init__(self, app: Flask, celery: Any) -> None:
        self.celery = celery
        self._url = result_url(app)
        self._ttl_s = float(app.config["QUOTES_JOB_TTL"])
        self._stall_s = float(app.config["QUOTES_JOB_STALL_SECONDS"])
        self._store: JobStore | None = None
        self._lock = threading.Lock()

    @property
    def store(self) -> JobStore:
        """The job store, opened on first use."""
        with self._lock:
            if self._store is None:
                self._store = make_store(self._url, self._ttl_s, self._stall_s)
            return self._store


jobs = Jobs()
