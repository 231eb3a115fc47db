"""The Celery app of a Flask app: broker from the settings, tasks run inside the Flask app's context.

Delivery is at least once: tasks are acknowledged after they finish (``acks_late``), a task whose worker
process dies is put back (``task_reject_on_worker_lost``), and a worker takes one message at a time
(prefetch 1) so a dead worker strands at most the chunk it was on. On Redis, a message whose worker vanished
altogether (machine lost, SIGKILL) is delivered again after ``QUOTES_JOB_VISIBILITY_TIMEOUT`` seconds.
Redelivery is safe because results are recorded once per document (service.jobs.store).
"""

from __future__ import annotations

from typing import Any

from celery import Celery, Task
from flask import Flask

QUEUE = "quotes.jobs"
# How long a new pool process may take to import torch and load the models before Celery gives it up.
PROCESS_START_S = 180.0
CHUNK_TASK = "quotes.analyze_chunk"
EMBEDDED_POLL_S = 0.1


def make_celery(app: Flask) -> Celery:
    """A Celery app for ``app``: its tasks run in ``app``'s context, so they see its settings and extractor."""
    from . import broker_url, is_embedded
    from .tasks import analyze_chunk

    class FlaskTask(Task):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask)
    embedded = is_embedded(app)
    visibility = int(app.config["QUOTES_JOB_VISIBILITY_TIMEOUT"])
    transport_options: dict[str, Any] = {}
    if embedded:
        # kombu polls the table, by default once a second whenever it holds no message it may take; with one
        # message at a time (prefetch 1) that second is paid after every chunk. (The transport hands its
        # transport options to create_engine, so the interval is set on the class, kombu's own default.)
        from kombu.transport.sqlalchemy import Transport

        Transport.polling_interval = EMBEDDED_POLL_S
    else:
        # Redis: redeliver a vanished worker's message after this long; sweep for such messages often.
        transport_options = {
            "visibility_timeout": visibility,
            "unacked_restore_interval": max(1, min(10, visibility // 4)),
            "unacked_restore_throttle": 1,
            "socket_timeout": 30,
            "socket_connect_timeout": 10,
        }
    celery.conf.update(
        broker_url=broker_url(app),
        broker_transport_options=transport_options,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # a broker restart is waited out, never fatal to a worker
        task_default_queue=QUEUE,
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,  # results go to the job store, per document
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        worker_prefetch_multiplier=1,
        # each pool process loads the models after the fork (worker_process_init): Celery's 4 s default for
        # a new process to report in kills a replacement for a crashed one over and over while it loads
        worker_proc_alive_timeout=PROCESS_START_S,
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
        # The SQLite transport has no fanout exchange, so no remote control, gossip or events there.
        worker_enable_remote_control=not embedded,
        worker_send_task_events=False,
        enable_utc=True,
    )
    celery.flask_app = app  # type: ignore[attr-defined]
    celery.task(name=CHUNK_TASK, bind=True, max_retries=None)(analyze_chunk)
    return celery


def send_chunk(celery: Celery, job_id: str, chunk: int, documents: list[list[Any]], options: dict[str, Any]) -> None:
    """Publish one chunk: ``documents`` are ``[position, id, text]`` triples."""
    celery.send_task(CHUNK_TASK, args=(job_id, chunk, documents, options), queue=QUEUE)


def queue_depth(celery: Celery) -> int:
    """Chunks waiting in the jobs queue (not counting those a worker holds)."""
    with celery.connection_for_read() as conn:
        conn.ensure_connection(max_retries=1, timeout=5)
        return int(conn.default_channel.queue_declare(QUEUE, durable=True, auto_delete=False).message_count)


def purge_delivered(broker: str) -> int:
    """Delete the rows the SQLite transport keeps for delivered messages (it never reads them again, but
    never deletes them either); returns how many went."""
    import sqlalchemy as sa

    engine = sa.create_engine(broker.removeprefix("sqla+"), connect_args={"timeout": 30})
    try:
        with engine.begin() as conn:
            if not sa.inspect(conn).has_table("kombu_message"):
                return 0
            return conn.execute(sa.text("DELETE FROM kombu_message WHERE visible = 0")).rowcount
    finally:
        engine.dispose()
