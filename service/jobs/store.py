"""The job store: each job's state and counts, and its finished documents' result lines in completion order.

Two implementations share one contract: :class:`SqlJobStore` (SQLite by default, one machine; any SQLAlchemy
database works) and :class:`RedisJobStore` (service.jobs.redis_store, many machines). Results are keyed by
the document's position in the job, so a chunk that is delivered twice records each document once; the
counts move in the same atomic step as the result lines, so they always agree with what ``results`` returns.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ..errors import JOB_STALLED, problem

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
STATES = (QUEUED, RUNNING, DONE, FAILED, CANCELLED)
FINAL_STATES = (DONE, FAILED, CANCELLED)


@dataclass(frozen=True)
class Result:
    """One finished document: its position in the job, its ndjson line, and whether it is an error line."""

    index: int
    line: str
    failed: bool


@dataclass
class Job:
    """A job's record (times are Unix seconds)."""

    id: str
    owner: str
    state: str
    total: int
    done: int = 0
    failed: int = 0
    chunks: int = 0
    created_at: float = field(default_factory=time.time)
    started_at: float | None = None
    finished_at: float | None = None
    updated_at: float = field(default_factory=time.time)
    error: dict[str, Any] | None = None


class JobStore:
    """What the views and the tasks need from a store; subclasses provide the ``_`` methods."""

    def __init__(self, ttl_s: float, stall_s: float) -> None:
        self.ttl_s = ttl_s
        self.stall_s = stall_s

    def get(self, job_id: str) -> Job | None:
        """The job, or None when unknown or expired; a running job without progress for ``stall_s`` is failed."""
        job = self._load(job_id)
        if job is not None and job.state == RUNNING and self.stall_s and time.time() - job.updated_at > self.stall_s:
            detail = (
                f"No document of this job finished for {self.stall_s:g} s: its workers or broker were lost. "
                f"{job.done + job.failed} of {job.total} documents have results; submit the rest again."
            )
            self.finish(job_id, FAILED, problem(503, detail, type=JOB_STALLED, instance=""))
            job = self._load(job_id)
        return job

    def create(self, job: Job, rejected: Sequence[Result] = ()) -> None:
        """Store a new job; documents refused at submission are recorded as error lines at once."""
        raise NotImplementedError

    def _load(self, job_id: str) -> Job | None:
        raise NotImplementedError

    def begin_chunk(self, job_id: str, chunk: int) -> int | None:
        """Count an attempt at ``chunk`` and mark the job running; the attempt number, or None to skip it
        (job unknown, expired, cancelled or finished)."""
        raise NotImplementedError

    def begin_document(self, job_id: str, index: int) -> int:
        """Count an attempt at one document (chunks retried one document at a time); the attempt number."""
        raise NotImplementedError

    def pending(self, job_id: str, indices: Iterable[int]) -> list[int]:
        """The positions among ``indices`` that have no result yet."""
        raise NotImplementedError

    def record(self, job_id: str, results: Sequence[Result]) -> tuple[int, int]:
        """Add the results not recorded yet (idempotent by position); the job is done once all are in.
        Returns how many new analyses and new error lines were recorded."""
        raise NotImplementedError

    def results(self, job_id: str, cursor: int, limit: int) -> list[str]:
        """Up to ``limit`` result lines from position ``cursor`` of the completion order."""
        raise NotImplementedError

    def finish(self, job_id: str, state: str, error: dict[str, Any] | None = None) -> None:
        """Move a queued or running job to ``state`` (failed or cancelled); finished jobs stay as they are."""
        raise NotImplementedError

    def count_by_state(self) -> dict[str, int]:
        """How many stored jobs are in each state (for /metrics)."""
        raise NotImplementedError


# --- SQL (SQLite by default) ----------------------------------------------------------------------------

_meta = sa.MetaData()
_jobs = sa.Table(
    "quotes_jobs",
    _meta,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("owner", sa.String(64), nullable=False),
    sa.Column("state", sa.String(16), nullable=False, index=True),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("done", sa.Integer, nullable=False, default=0),
    sa.Column("failed", sa.Integer, nullable=False, default=0),
    sa.Column("chunks", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("started_at", sa.Float),
    sa.Column("finished_at", sa.Float),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False, index=True),
    sa.Column("error", sa.Text),
)
_results = sa.Table(
    "quotes_job_results",
    _meta,
    sa.Column("job_id", sa.String(64), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("doc_index", sa.Integer, nullable=False),
    sa.Column("line", sa.Text, nullable=False),
    sa.UniqueConstraint("job_id", "doc_index"),
)
_attempts = sa.Table(
    "quotes_job_attempts",
    _meta,
    sa.Column("job_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)
_JOB_FIELDS = [c.name for c in _jobs.columns if c.name not in ("expires_at", "error")]


def _sqlite_engine(url: str) -> sa.Engine:
    """An engine whose transactions take SQLite's write lock up front, so concurrent writers wait their turn
    (busy_timeout) instead of failing on a lock upgrade; WAL lets readers go on meanwhile."""
    engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" below issues BEGIN itself
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    @sa.event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class SqlJobStore(JobStore):
    """Jobs in a SQL database through SQLAlchemy Core; the default is a SQLite file beside the broker's."""

    def __init__(self, url: str, ttl_s: float, stall_s: float) -> None:
        super().__init__(ttl_s, stall_s)
        self.engine = _sqlite_engine(url) if url.startswith("sqlite") else sa.create_engine(url, pool_pre_ping=True)
        _meta.create_all(self.engine)

    def create(self, job: Job, rejected: Sequence[Result] = ()) -> None:
        now = time.time()
        with self.engine.begin() as conn:
            self._expire(conn, now)
            values = {k: getattr(job, k) for k in _JOB_FIELDS}
            conn.execute(_jobs.insert().values(**values, expires_at=now + self.ttl_s))
        if rejected:
            self.record(job.id, rejected)

    def _load(self, job_id: str) -> Job | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(_jobs).where(_jobs.c.id == job_id, _jobs.c.expires_at > time.time())
            ).mappings().first()  # fmt: skip
        if row is None:
            return None
        return Job(**{k: row[k] for k in _JOB_FIELDS}, error=json.loads(row["error"]) if row["error"] else None)

    def _touch(self, conn: sa.Connection, job_id: str, now: float, **values: Any) -> None:
        renewed = {"updated_at": now, "expires_at": now + self.ttl_s, **values}
        conn.execute(_jobs.update().where(_jobs.c.id == job_id).values(**renewed))

    def _bump(self, conn: sa.Connection, job_id: str, name: str) -> int:
        count = conn.execute(
            sa.select(_attempts.c.count).where(_attempts.c.job_id == job_id, _attempts.c.name == name)
        ).scalar()  # fmt: skip
        if count is None:
            conn.execute(_attempts.insert().values(job_id=job_id, name=name, count=1))
            return 1
        conn.execute(
            _attempts.update().where(_attempts.c.job_id == job_id, _attempts.c.name == name).values(count=count + 1)
        )
        return count + 1

    def begin_chunk(self, job_id: str, chunk: int) -> int | None:
        now = time.time()
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(_jobs.c.state).where(_jobs.c.id == job_id, _jobs.c.expires_at > now)
            ).first()  # fmt: skip
            if row is None or row.state in FINAL_STATES:
                return None
            if row.state == QUEUED:
                self._touch(conn, job_id, now, state=RUNNING, started_at=now)
            else:
                self._touch(conn, job_id, now)
            return self._bump(conn, job_id, f"c{chunk}")

    def begin_document(self, job_id: str, index: int) -> int:
        with self.engine.begin() as conn:
            return self._bump(conn, job_id, f"d{index}")

    def pending(self, job_id: str, indices: Iterable[int]) -> list[int]:
        wanted = list(indices)
        with self.engine.connect() as conn:
            seen = set(
                conn.execute(
                    sa.select(_results.c.doc_index).where(_results.c.job_id == job_id, _results.c.doc_index.in_(wanted))
                ).scalars()
            )
        return [i for i in wanted if i not in seen]

    def record(self, job_id: str, results: Sequence[Result]) -> tuple[int, int]:
        now = time.time()
        with self.engine.begin() as conn:
            job = conn.execute(sa.select(_jobs).where(_jobs.c.id == job_id)).mappings().first()
            if job is None:
                return 0, 0
            seen = set(
                conn.execute(
                    sa.select(_results.c.doc_index).where(
                        _results.c.job_id == job_id, _results.c.doc_index.in_([r.index for r in results])
                    )
                ).scalars()
            )
            new = [r for r in {r.index: r for r in results}.values() if r.index not in seen]
            position = job["done"] + job["failed"]
            for offset, result in enumerate(new):
                conn.execute(
                    _results.insert().values(
                        job_id=job_id, position=position + offset, doc_index=result.index, line=result.line
                    )
                )
            failed = sum(r.failed for r in new)
            values: dict[str, Any] = {"done": job["done"] + len(new) - failed, "failed": job["failed"] + failed}
            if position + len(new) >= job["total"] and job["state"] in (QUEUED, RUNNING):
                values.update(state=DONE, finished_at=now)
            self._touch(conn, job_id, now, **values)
        return len(new) - failed, failed

    def results(self, job_id: str, cursor: int, limit: int) -> list[str]:
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    sa.select(_results.c.line)
                    .where(_results.c.job_id == job_id, _results.c.position >= cursor)
                    .order_by(_results.c.position)
                    .limit(limit)
                ).scalars()
            )

    def finish(self, job_id: str, state: str, error: dict[str, Any] | None = None) -> None:
        now = time.time()
        with self.engine.begin() as conn:
            conn.execute(
                _jobs.update()
                .where(_jobs.c.id == job_id, _jobs.c.state.in_((QUEUED, RUNNING)))
                .values(state=state, finished_at=now, updated_at=now, expires_at=now + self.ttl_s,
                        error=json.dumps(error) if error else None)
            )  # fmt: skip

    def count_by_state(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            live = sa.select(_jobs.c.state, sa.func.count()).where(_jobs.c.expires_at > time.time())
            rows = conn.execute(live.group_by(_jobs.c.state)).all()
        return {state: 0 for state in STATES} | {state: count for state, count in rows}

    def _expire(self, conn: sa.Connection, now: float) -> None:
        expired = sa.select(_jobs.c.id).where(_jobs.c.expires_at <= now).scalar_subquery()
        conn.execute(_results.delete().where(_results.c.job_id.in_(expired)))
        conn.execute(_attempts.delete().where(_attempts.c.job_id.in_(expired)))
        conn.execute(_jobs.delete().where(_jobs.c.expires_at <= now))
