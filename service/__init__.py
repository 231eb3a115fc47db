"""Quote attribution REST service: the Flask application factory and the extension that holds the extractor.

``create_app()`` reads settings in three layers: the defaults below, then ``QUOTES_*`` environment variables,
then the ``config`` mapping given by the caller. The Stanza-backed extractor is either handed in (tests share
one across apps) or built lazily, once per process, on first use: under gunicorn that is in each worker after
the fork, because torch's thread pools do not survive ``fork()``.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app
from flask_smorest import Api

from schemas import ProblemSchema

from .attribution import Extractor, build_extractor
from .attribution.bounds import DEFAULT_MAX_SENTENCE_WORDS
from .errors import register_error_handlers
from .nlp import ModelLoadError, resolve_model_dir

log = logging.getLogger(__name__)

API_TITLE = "Quote attribution API"
API_VERSION = "1.0.0"
ENV_PREFIX = "QUOTES_"

DEFAULTS: dict[str, Any] = {
    # None: $QUOTES_MODEL_DIR as read by service.nlp, else the shipped models/en.
    "QUOTES_MODEL_DIR": None,
    "QUOTES_MAX_DOCUMENT_CHARS": 100_000,
    "QUOTES_MAX_BATCH_DOCUMENTS": 64,
    "QUOTES_MAX_BATCH_CHARS": 1_000_000,
    # Raw request body bytes; werkzeug answers 413 above it before the body is read into memory.
    "QUOTES_MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    # Build and warm the extractor in create_app instead of on the first request.
    "QUOTES_EAGER_LOAD": False,
    # After a failed model load, answer 503 at once for this long instead of retrying on every request.
    "QUOTES_LOAD_RETRY_SECONDS": 10.0,
    # Sentences are cut to at most this many words before the tagger and parser (bounds.py): the parser's
    # memory grows with the square of a sentence's length.
    "QUOTES_MAX_SENTENCE_WORDS": DEFAULT_MAX_SENTENCE_WORDS,
    # Seconds an analysis may run before it is answered with a 503 problem; below gunicorn's timeout (300),
    # so a slow request is answered rather than killed with its worker. 0 turns the deadline off.
    "QUOTES_REQUEST_TIMEOUT": 240.0,
    # The learned span tagger (models/tagger, on the MiniLM encoder) proposes beside the rules.
    "QUOTES_LEARNED": True,
    # Each gunicorn worker caps its own data segment (RLIMIT_DATA) at this many MiB; an allocation above it
    # fails that request alone with a 503 problem and the worker is replaced. 0 leaves memory unlimited.
    "QUOTES_WORKER_MEMORY_MB": 3072,
    # --- bulk jobs (service/jobs) ---
    # Celery's broker; None: a SQLite file under QUOTES_JOB_DIR (kombu's SQLAlchemy transport), one machine.
    "QUOTES_BROKER_URL": None,
    # The job store; None: the broker's Redis, or a SQLite file beside the embedded broker's.
    "QUOTES_RESULT_URL": None,
    # Where the embedded broker and store live; None: <instance folder>/jobs.
    "QUOTES_JOB_DIR": None,
    # Seconds a job and its results are kept after its last change.
    "QUOTES_JOB_TTL": 86400,
    # A running job with no document finished for this long is failed (its workers or broker were lost).
    "QUOTES_JOB_STALL_SECONDS": 1800.0,
    # Redis: a message whose worker vanished is delivered again after this many seconds (above a chunk's time).
    "QUOTES_JOB_VISIBILITY_TIMEOUT": 900,
    "QUOTES_MAX_JOB_DOCUMENTS": 10_000,
    "QUOTES_MAX_JOB_BYTES": 32 * 1024 * 1024,
    # Documents per task: parse time (seconds) dwarfs the queue's cost per message (milliseconds).
    "QUOTES_JOB_CHUNK_DOCUMENTS": 8,
    "QUOTES_JOB_CHUNK_CHARS": 200_000,
    # Attempts at a chunk's document (retries and redeliveries) before it becomes an error line.
    "QUOTES_JOB_MAX_ATTEMPTS": 3,
    "QUOTES_JOB_RETRY_SECONDS": 10.0,
    # Worker processes per `quotes worker` (0: one per core); each holds its own models.
    "QUOTES_WORKER_CONCURRENCY": 0,
    # gunicorn starts a worker beside itself when the broker is the embedded SQLite one.
    "QUOTES_EMBEDDED_WORKER": True,
    # "module:callable" building the workers' extractor instead of the shipped models (tests, benchmarks).
    "QUOTES_EXTRACTOR_FACTORY": None,
    # torch threads per worker process, gunicorn's and the jobs workers' (0: cores ÷ processes).
    "QUOTES_TORCH_THREADS": 0,
    # Comma-separated API keys, each "sha256:<hex>" or the key itself (hashed at start-up); None: no keys.
    "QUOTES_API_KEYS": None,
    # `quotes worker` serves its own /metrics on this port (0: off; the embedded worker's go to gunicorn's).
    "QUOTES_WORKER_METRICS_PORT": 0,
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def settings_from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The ``QUOTES_*`` settings found in ``environ``, converted to the type of each default.

    Raises ValueError naming the variable when a value cannot be converted, so a typo stops start-up.
    """
    environ = os.environ if environ is None else environ
    found: dict[str, Any] = {}
    for key, default in DEFAULTS.items():
        if key not in environ:
            continue
        raw = environ[key].strip()
        try:
            if isinstance(default, bool):
                if raw.lower() not in _TRUE | _FALSE:
                    raise ValueError("expected true/false")
                found[key] = raw.lower() in _TRUE
            elif isinstance(default, int):
                found[key] = int(raw.replace("_", ""))
            elif isinstance(default, float):
                found[key] = float(raw)
            else:
                found[key] = raw or None
        except ValueError as exc:
            raise ValueError(f"invalid value for {key}: {environ[key]!r} ({exc})") from None
    return found


_process_lock = threading.Lock()
_process_extractors: dict[tuple[int, str, bool], Extractor] = {}


def process_extractor(
    model_dir: str | os.PathLike | None = None,
    *,
    warm: bool = False,
    max_sentence_words: int | None = None,
    learned: bool = False,
) -> Extractor:
    """The extractor for ``model_dir`` in this process, built on the first call and shared afterwards.

    Keyed by process id as well as directory: an extractor inherited across ``fork()`` is never reused,
    since torch's thread pools do not survive it. Raises :class:`ModelLoadError` when the models cannot load.
    """
    key = (os.getpid(), str(resolve_model_dir(model_dir)), learned)
    with _process_lock:
        extractor = _process_extractors.get(key)
        if extractor is None:
            from .metrics import MODEL_LOAD

            started = time.perf_counter()
            extractor = build_extractor(key[1], learned=learned)
            MODEL_LOAD.observe(time.perf_counter() - started)
            log.info("loaded models from %s in %.1f s", key[1], time.perf_counter() - started)
            _process_extractors[key] = extractor
        if max_sentence_words:
            extractor.max_sentence_words = max_sentence_words
        if warm and not extractor.warmed:
            extractor.warm()
    return extractor


class ExtractorState:
    """One app's access to its extractor: the one handed in, or the process's, loaded on first use."""

    def __init__(
        self,
        model_dir: str | None,
        extractor: Extractor | None,
        retry_after_s: float,
        max_sentence_words: int | None = None,
        learned: bool = False,
    ) -> None:
        self.model_dir = model_dir
        self.max_sentence_words = max_sentence_words
        self.learned = learned
        self._extractor = extractor
        self._retry_after_s = retry_after_s
        self._lock = threading.Lock()
        self._failed_at: float | None = None
        self._failure: ModelLoadError | None = None

    @property
    def loaded(self) -> bool:
        """Whether the models are in memory (without trying to load them)."""
        return self._extractor is not None

    def get(self, *, warm: bool = False) -> Extractor:
        """The extractor, loading (and warming, if asked) it now if needed; raises ModelLoadError."""
        with self._lock:
            if self._extractor is None:
                now = time.monotonic()
                recently_failed = self._failed_at is not None and now - self._failed_at < self._retry_after_s
                if self._failure is not None and recently_failed:
                    raise self._failure
                try:
                    self._extractor = process_extractor(
                        self.model_dir, max_sentence_words=self.max_sentence_words, learned=self.learned
                    )
                except ModelLoadError as exc:
                    self._failed_at, self._failure = now, exc
                    raise
                self._failure = None
            extractor = self._extractor
            if warm and not extractor.warmed:
                extractor.warm()
        return extractor


class Quotes:
    """Flask extension giving views the extractor; created unbound and attached with :meth:`init_app`."""

    def __init__(self, app: Flask | None = None, extractor: Extractor | None = None) -> None:
        if app is not None:
            self.init_app(app, extractor)

    def init_app(self, app: Flask, extractor: Extractor | None = None) -> None:
        """Attach per-app state to ``app``; ``extractor`` (if given) is used instead of loading models."""
        state = ExtractorState(
            app.config["QUOTES_MODEL_DIR"],
            extractor,
            float(app.config["QUOTES_LOAD_RETRY_SECONDS"]),
            int(app.config["QUOTES_MAX_SENTENCE_WORDS"]),
            bool(app.config["QUOTES_LEARNED"]),
        )
        app.extensions["quotes"] = state
        if extractor is None and app.config["QUOTES_EAGER_LOAD"]:
            # Failures are logged, not raised: the worker must still start, and /readyz says 503 until the
            # models load.
            try:
                state.get(warm=True)
            except ModelLoadError as exc:
                log.warning("models not loaded: %s; requests will retry", exc)
            except Exception:
                log.exception("eager model load failed; requests will retry")

    @property
    def state(self) -> ExtractorState:
        """The current app's extractor state."""
        return current_app.extensions["quotes"]

    def extractor(self, *, warm: bool = False) -> Extractor:
        """The current app's extractor; raises ModelLoadError when the models cannot be loaded."""
        return self.state.get(warm=warm)


quotes = Quotes()


def preload(*, warm: bool = True) -> Extractor | None:
    """Build (and warm) this process's extractor from the environment's model directory, logging failures.

    Called by gunicorn's post_fork hook so a worker is ready before its first request.
    """
    settings = {**DEFAULTS, **settings_from_env()}
    try:
        return process_extractor(
            settings["QUOTES_MODEL_DIR"],
            warm=warm,
            max_sentence_words=settings["QUOTES_MAX_SENTENCE_WORDS"],
            learned=settings["QUOTES_LEARNED"],
        )
    except ModelLoadError as exc:  # expected while models are missing: one line, no traceback
        log.warning("models not loaded: %s; requests will retry", exc)
    except Exception:
        log.exception("model preload failed; requests will retry")
    return None


class QuotesApi(Api):
    """flask-smorest's Api with problem+json errors documented per operation instead of its own error schema."""

    # Each operation documents its own problem responses (see api.problem_responses).
    DEFAULT_ERROR_RESPONSE_NAME = None
    # flask-smorest registers its status-code responses with this schema; ours keeps "Error" out of the spec.
    ERROR_SCHEMA = ProblemSchema

    def _register_pagination_header(self) -> None:
        # No endpoint paginates; skipping this keeps an unused PaginationMetadata schema out of the spec.
        # (A private hook of flask-smorest, which pyproject pins to 0.47.x.)
        return None


def create_app(config: Mapping[str, Any] | None = None, extractor: Extractor | None = None) -> Flask:
    """Build the Flask app: defaults, then ``QUOTES_*`` environment variables, then ``config``."""
    # No app-wide static route: the page's blueprint (service/web.py) serves /static/ from service/static.
    app = Flask(__name__, static_folder=None)
    app.config.update(
        API_TITLE=API_TITLE,
        API_VERSION=API_VERSION,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {
                "description": (
                    "Finds every quotation in a news article (direct, mixed and indirect speech) and says who "
                    "said it, in what role. All offsets index the posted text in Unicode code points. "
                    "Errors are RFC 9457 problem documents (application/problem+json)."
                ),
                "license": {"name": "Apache-2.0"},
            },
            # Keys are optional (QUOTES_API_KEYS): with none configured, no route asks for one.
            "components": {
                "securitySchemes": {
                    "apiKey": {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "An API key from QUOTES_API_KEYS, when the service is configured with keys "
                        "(401 without one, 403 for a key it does not know). /healthz and /readyz never need one.",
                    }
                }
            },
            "security": [{}, {"apiKey": []}],
        },
    )
    app.config.update(DEFAULTS)
    app.config.update(settings_from_env())
    if config:
        app.config.update(config)
    app.config["MAX_CONTENT_LENGTH"] = app.config["QUOTES_MAX_CONTENT_LENGTH"]
    # Keep the schemas' field order (quote before speaker ...) instead of sorting keys alphabetically.
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from . import auth, metrics
    from .api import blp, health_blp
    from .jobs import jobs
    from .jobs.views import blp as jobs_blp
    from .web import web

    api = QuotesApi(app)
    api.register_blueprint(health_blp)
    api.register_blueprint(blp)
    api.register_blueprint(jobs_blp)
    # A plain Flask blueprint, registered on the app rather than the Api: the page is not in the OpenAPI document.
    app.register_blueprint(web)
    # After Api(app): these replace flask-smorest's JSON error handler.
    register_error_handlers(app)
    quotes.init_app(app, extractor)
    jobs.init_app(app)
    metrics.init_app(app)
    auth.init_app(app)
    return app


__all__ = ["Quotes", "QuotesApi", "create_app", "preload", "process_extractor", "quotes", "settings_from_env"]
