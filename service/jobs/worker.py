"""``quotes worker``: a Celery worker for the jobs queue, and the embedded one that gunicorn starts beside itself.

The worker's main process only takes messages; its pool processes (prefork) each load the models once, right
after the fork, with torch given cores ÷ processes threads, as gunicorn's workers do.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)

PURGE_EVERY_S = 60.0  # the embedded broker's delivered rows are deleted at most this often


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``quotes worker``."""
    parser = argparse.ArgumentParser(prog="quotes worker", description="Run a worker for the jobs queue.")
    parser.add_argument(
        "--concurrency", type=int, default=0, metavar="N",
        help="worker processes (default: QUOTES_WORKER_CONCURRENCY, else one per core); each loads the models",
    )  # fmt: skip
    parser.add_argument("--pool", choices=("prefork", "solo", "threads"), default="prefork", help="Celery pool")
    parser.add_argument("--loglevel", default=os.environ.get("QUOTES_LOG_LEVEL", "info"), help="log level")
    return parser


def load_factory(path: str) -> Any:
    """The extractor built by the ``module:callable`` at ``path`` (QUOTES_EXTRACTOR_FACTORY)."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)()


def main(argv: Sequence[str] | None = None) -> int:
    """Run a worker until it is stopped (SIGTERM: finish the current chunks, then exit)."""
    from service import settings_from_env

    args = build_parser().parse_args(argv)
    metrics_port = int(settings_from_env().get("QUOTES_WORKER_METRICS_PORT", 0))
    if metrics_port:
        serve_metrics(metrics_port)  # before anything imports prometheus_client

    from celery.signals import task_postrun, worker_process_init

    from service import create_app, preload
    from service.runtime import cores, start_worker_process

    from . import broker_url, is_embedded
    from .celery_app import QUEUE, purge_delivered

    factory = settings_from_env().get("QUOTES_EXTRACTOR_FACTORY")
    app = create_app(extractor=load_factory(factory) if factory else None)
    celery = app.extensions["jobs"].celery
    concurrency = args.concurrency or int(app.config["QUOTES_WORKER_CONCURRENCY"]) or cores()
    processes = 1 if args.pool == "solo" else concurrency

    def start_process(**_: Any) -> None:
        threads = start_worker_process(processes)
        ready = factory or preload(warm=True) is not None
        log.info("worker process %d: torch threads=%d, %s", os.getpid(), threads, "ready" if ready else "no models")

    worker_process_init.connect(start_process, weak=False)
    if is_embedded(app):
        broker, last = broker_url(app), [0.0]

        def purge(**_: Any) -> None:
            if time.monotonic() - last[0] > PURGE_EVERY_S:
                last[0] = time.monotonic()
                purge_delivered(broker)

        task_postrun.connect(purge, weak=False)
    if args.pool != "prefork":
        start_process()  # no fork: this process runs the tasks
    celery.conf.worker_hijack_root_logger = True
    celery.worker_main(
        ["worker", f"--pool={args.pool}", f"--concurrency={concurrency}", f"--loglevel={args.loglevel}",
         "-Q", QUEUE, "-n", f"quotes-{os.getpid()}@%h", "--without-gossip", "--without-mingle"]
    )  # fmt: skip
    return 0


def serve_metrics(port: int) -> None:
    """Serve this worker's and its pool processes' metrics on ``port`` (Prometheus multiprocess mode)."""
    import tempfile

    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="quotes-worker-metrics-")
    from prometheus_client import start_http_server

    from service.metrics import process_registry

    start_http_server(port, registry=process_registry())


class EmbeddedWorker:
    """A worker subprocess kept running beside gunicorn (restarted if it dies) until :meth:`stop`."""

    def __init__(self, logger: logging.Logger | Any) -> None:
        self.log = logger
        self.proc: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._supervise, name="quotes-embedded-worker", daemon=True)

    def start(self) -> EmbeddedWorker:
        """Start the worker and its supervisor thread."""
        self._spawn()
        self._thread.start()
        return self

    def _spawn(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "service.jobs.worker"], start_new_session=True)
        self.log.info("embedded jobs worker started (pid %s)", self.proc.pid)

    def _supervise(self) -> None:
        while not self._stopping.is_set():
            proc = self.proc
            if proc is not None and proc.poll() is not None and not self._stopping.is_set():
                self.log.warning("embedded jobs worker exited (%s); restarting it", proc.returncode)
                self._stopping.wait(2.0)  # do not spin if it dies at once
                if not self._stopping.is_set():
                    self._spawn()
            self._stopping.wait(1.0)

    def stop(self, timeout: float = 60.0) -> None:
        """Warm shutdown: the worker finishes its current chunks (unfinished ones go back to the queue)."""
        self._stopping.set()
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def start_embedded_worker(logger: logging.Logger | Any) -> EmbeddedWorker | None:
    """Start the embedded worker when the broker is the embedded SQLite one (and QUOTES_EMBEDDED_WORKER is on)."""
    from service import DEFAULTS, settings_from_env

    from . import EMBEDDED_SCHEMES

    settings = {**DEFAULTS, **settings_from_env()}
    broker = settings["QUOTES_BROKER_URL"]
    if (broker and not broker.startswith(EMBEDDED_SCHEMES)) or not settings["QUOTES_EMBEDDED_WORKER"]:
        return None
    return EmbeddedWorker(logger).start()


if __name__ == "__main__":
    sys.exit(main())
