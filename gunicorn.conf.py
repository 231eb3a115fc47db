"""gunicorn settings for the quote attribution API:  gunicorn -c gunicorn.conf.py 'service:create_app()'

Parsing is CPU-bound and a Stanza pipeline is not thread-safe, so the service scales with sync worker
processes (one request at a time each) and each worker gives torch an equal share of the cores.
Every setting can be overridden from the environment (names in the README's settings table).
"""

from __future__ import annotations

import os

from service.runtime import cores, start_worker_process


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


CORES = cores()

# Where to listen: QUOTES_BIND, else PORT (as set by many platforms), else 0.0.0.0:8000.
bind = os.environ.get("QUOTES_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"

# One worker per core: a parse keeps a core busy, more workers would only queue and cost memory
# (each worker holds its own copy of the models).
workers = _int("QUOTES_WORKERS", _int("WEB_CONCURRENCY", CORES))
worker_class = "sync"
threads = 1

# The largest document allowed (QUOTES_MAX_DOCUMENT_CHARS, 100,000 characters, ~20,000 tokens) parses at
# ~800 tokens/s on 2 cores: about 25 s, a full batch (1,000,000 characters) about 250 s. A worker silent for
# longer than this is killed and restarted, so it must exceed the slowest legitimate request.
timeout = _int("QUOTES_TIMEOUT", 300)
# On shutdown or reload, let a request in flight finish for this long before the worker is killed.
graceful_timeout = _int("QUOTES_GRACEFUL_TIMEOUT", 60)
keepalive = _int("QUOTES_KEEPALIVE", 5)

# Recycle workers now and then to bound memory growth (torch caches, fragmentation); the jitter keeps them
# from all restarting, and reloading models, at the same moment.
max_requests = _int("QUOTES_MAX_REQUESTS", 1000)
max_requests_jitter = _int("QUOTES_MAX_REQUESTS_JITTER", max(1, max_requests // 10))

# Never preload: the app would load torch in the master, and torch's thread pools do not survive fork().
# Each worker builds its own extractor in post_fork below.
preload_app = False

# Heartbeat files on tmpfs, so a worker busy parsing is not mistaken for a hung one because of slow disk.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("QUOTES_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'


def post_request(worker, req, environ, resp) -> None:
    """Replace a worker that hit its memory limit, once its answer has been sent."""
    from service.errors import recycle_requested

    if recycle_requested():
        worker.log.warning("worker %s: memory limit reached; replacing it", worker.pid)
        worker.alive = False


def on_starting(server) -> None:
    """Give the workers one folder for their Prometheus samples (multiprocess mode), emptied at each start.

    Runs before any worker (or the embedded jobs worker) imports prometheus_client, which reads it then."""
    import glob
    import tempfile

    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        folder = os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="quotes-metrics-")
    os.makedirs(folder, exist_ok=True)
    for stale in glob.glob(os.path.join(folder, "*.db")):
        os.remove(stale)


def child_exit(server, worker) -> None:
    """A worker is gone: drop its live gauges from /metrics."""
    from service.metrics import mark_process_dead

    mark_process_dead(worker.pid)


def when_ready(server) -> None:
    """With the embedded broker (no QUOTES_BROKER_URL), start a jobs worker beside the web workers."""
    from service.jobs.worker import start_embedded_worker

    server.quotes_jobs_worker = start_embedded_worker(server.log)


def on_exit(server) -> None:
    """Stop the embedded jobs worker: it finishes its current chunks first."""
    embedded = getattr(server, "quotes_jobs_worker", None)
    if embedded is not None:
        embedded.stop(timeout=graceful_timeout)


def post_fork(server, worker) -> None:
    """In the new worker: cap its memory, size torch's thread pool, then load and warm the models."""
    import logging

    # The service's own log lines (model loading, 5xx tracebacks) go where gunicorn's error log goes.
    service_log = logging.getLogger("service")
    service_log.handlers = list(worker.log.error_log.handlers)
    service_log.setLevel(worker.log.error_log.level)
    service_log.propagate = False

    threads_each = start_worker_process(server.cfg.workers)
    from service import preload

    extractor = preload(warm=True)
    state = "ready" if extractor is not None else "models not loaded (requests will retry)"
    worker.log.info("worker %s: torch threads=%d, %s", worker.pid, threads_each, state)
