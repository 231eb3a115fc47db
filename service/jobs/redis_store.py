"""The job store in Redis, for workers on many machines: one hash per job, its result lines in a list.

Every change is one Lua script, so a worker killed between two commands cannot leave a result recorded
without its count (or the reverse). Keys share the job id in braces, so they stay in one Redis Cluster slot;
each write renews their expiry, so a job lives ``ttl_s`` after its last change.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from typing import Any

import redis

from .store import STATES, Job, JobStore, Result

_PREFIX = "quotes:job:"

# KEYS: job, seen, lines, attempts. ARGV: ttl, now, then (index, failed 0/1, line) triples.
_RECORD = """
if redis.call('EXISTS', KEYS[1]) == 0 then return {0, 0} end
local added = {0, 0}
for i = 3, #ARGV, 3 do
  if redis.call('HSETNX', KEYS[2], ARGV[i], 1) == 1 then
    redis.call('RPUSH', KEYS[3], ARGV[i + 2])
    local failed = ARGV[i + 1] == '1'
    redis.call('HINCRBY', KEYS[1], failed and 'failed' or 'done', 1)
    local slot = failed and 2 or 1
    added[slot] = added[slot] + 1
  end
end
local h = redis.call('HMGET', KEYS[1], 'total', 'done', 'failed', 'state')
redis.call('HSET', KEYS[1], 'updated_at', ARGV[2])
if tonumber(h[2]) + tonumber(h[3]) >= tonumber(h[1]) and (h[4] == 'queued' or h[4] == 'running') then
  redis.call('HSET', KEYS[1], 'state', 'done', 'finished_at', ARGV[2])
end
for k = 1, 4 do redis.call('EXPIRE', KEYS[k], ARGV[1]) end
return added
"""

# KEYS: job, attempts. ARGV: ttl, now, attempt name. Returns the attempt number, or 0 to skip.
_BEGIN_CHUNK = """
local state = redis.call('HGET', KEYS[1], 'state')
if not state or state == 'done' or state == 'failed' or state == 'cancelled' then return 0 end
if state == 'queued' then redis.call('HSET', KEYS[1], 'state', 'running', 'started_at', ARGV[2]) end
redis.call('HSET', KEYS[1], 'updated_at', ARGV[2])
local n = redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return n
"""

# KEYS: job. ARGV: ttl, now, state, error json.
_FINISH = """
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'queued' and state ~= 'running' then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[3], 'finished_at', ARGV[2], 'updated_at', ARGV[2], 'error', ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
"""

_FLOATS = ("created_at", "started_at", "finished_at", "updated_at")
_INTS = ("total", "done", "failed", "chunks")


class RedisJobStore(JobStore):
    """Jobs in Redis (``redis://`` or ``rediss://`` URL); turn persistence on so a restart keeps them."""

    def __init__(self, url: str, ttl_s: float, stall_s: float) -> None:
        super().__init__(ttl_s, stall_s)
        self.redis = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10, health_check_interval=30)
        self._record = self.redis.register_script(_RECORD)
        self._begin_chunk = self.redis.register_script(_BEGIN_CHUNK)
        self._finish = self.redis.register_script(_FINISH)

    @staticmethod
    def _keys(job_id: str) -> list[str]:
        base = f"{_PREFIX}{{{job_id}}}"
        return [base, base + ":seen", base + ":lines", base + ":attempts"]

    def _ttl(self) -> int:
        return max(1, int(self.ttl_s))

    def create(self, job: Job, rejected: Sequence[Result] = ()) -> None:
        key = self._keys(job.id)[0]
        fields = {name: getattr(job, name) for name in ("id", "owner", "state", *_INTS, *_FLOATS)}
        with self.redis.pipeline() as pipe:
            pipe.hset(key, mapping={k: "" if v is None else v for k, v in fields.items()})
            pipe.expire(key, self._ttl())
            pipe.sadd(_PREFIX + "index", job.id)
            pipe.execute()
        if rejected:
            self.record(job.id, rejected)

    def _load(self, job_id: str) -> Job | None:
        raw = {k.decode(): v.decode() for k, v in self.redis.hgetall(self._keys(job_id)[0]).items()}
        if not raw:
            return None
        values: dict[str, Any] = {"id": raw["id"], "owner": raw["owner"], "state": raw["state"]}
        values.update({k: int(raw[k]) for k in _INTS})
        values.update({k: float(raw[k]) if raw.get(k) else None for k in _FLOATS})
        values["error"] = json.loads(raw["error"]) if raw.get("error") else None
        return Job(**values)

    def begin_chunk(self, job_id: str, chunk: int) -> int | None:
        job_key, _, _, attempts = self._keys(job_id)
        attempt = int(self._begin_chunk(keys=[job_key, attempts], args=[self._ttl(), time.time(), f"c{chunk}"]))
        return attempt or None

    def begin_document(self, job_id: str, index: int) -> int:
        attempts = self._keys(job_id)[3]
        with self.redis.pipeline() as pipe:
            pipe.hincrby(attempts, f"d{index}", 1)
            pipe.expire(attempts, self._ttl())
            return int(pipe.execute()[0])

    def pending(self, job_id: str, indices: Iterable[int]) -> list[int]:
        wanted = list(indices)
        if not wanted:
            return []
        seen = self.redis.hmget(self._keys(job_id)[1], [str(i) for i in wanted])
        return [i for i, mark in zip(wanted, seen, strict=True) if mark is None]

    def record(self, job_id: str, results: Sequence[Result]) -> tuple[int, int]:
        args: list[Any] = [self._ttl(), time.time()]
        for result in results:
            args += [str(result.index), "1" if result.failed else "0", result.line]
        done, failed = self._record(keys=self._keys(job_id), args=args)
        return int(done), int(failed)

    def results(self, job_id: str, cursor: int, limit: int) -> list[str]:
        lines = self.redis.lrange(self._keys(job_id)[2], cursor, cursor + limit - 1)
        return [line.decode() for line in lines]

    def finish(self, job_id: str, state: str, error: dict[str, Any] | None = None) -> None:
        args = [self._ttl(), time.time(), state, json.dumps(error) if error else ""]
        self._finish(keys=[self._keys(job_id)[0]], args=args)

    def count_by_state(self) -> dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        index = _PREFIX + "index"
        ids = [member.decode() for member in self.redis.smembers(index)]
        with self.redis.pipeline() as pipe:
            for job_id in ids:
                pipe.hget(self._keys(job_id)[0], "state")
            states = pipe.execute()
        gone = [job_id for job_id, state in zip(ids, states, strict=True) if state is None]
        if gone:
            self.redis.srem(index, *gone)  # expired jobs leave the index lazily
        for state in states:
            if state is not None:
                counts[state.decode()] += 1
        return counts

