"""Deployment files and settings: QUOTES_* environment variables, gunicorn.conf.py, Dockerfile, compose file."""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from service import DEFAULTS, create_app, settings_from_env
from service.runtime import torch_threads_per_worker

ROOT = Path(__file__).resolve().parent.parent


# --- settings ------------------------------------------------------------------------------------------


def test_settings_layers_env_then_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTES_MAX_DOCUMENT_CHARS", "5_000")
    monkeypatch.setenv("QUOTES_MAX_BATCH_DOCUMENTS", "8")
    monkeypatch.setenv("QUOTES_MAX_CONTENT_LENGTH", "1048576")
    app = create_app(config={"QUOTES_MAX_BATCH_DOCUMENTS": 2})
    assert app.config["QUOTES_MAX_DOCUMENT_CHARS"] == 5000  # from the environment
    assert app.config["QUOTES_MAX_BATCH_DOCUMENTS"] == 2  # config beats the environment
    assert app.config["QUOTES_MAX_BATCH_CHARS"] == DEFAULTS["QUOTES_MAX_BATCH_CHARS"]  # default
    assert app.config["MAX_CONTENT_LENGTH"] == 1048576  # werkzeug's own limit follows the setting


@pytest.mark.parametrize(
    "env,expected",
    [
        ({"QUOTES_EAGER_LOAD": "yes"}, {"QUOTES_EAGER_LOAD": True}),
        ({"QUOTES_EAGER_LOAD": "0"}, {"QUOTES_EAGER_LOAD": False}),
        ({"QUOTES_MODEL_DIR": "/models/en"}, {"QUOTES_MODEL_DIR": "/models/en"}),
        ({"QUOTES_LOAD_RETRY_SECONDS": "2.5"}, {"QUOTES_LOAD_RETRY_SECONDS": 2.5}),
        ({"UNRELATED": "1"}, {}),
    ],
)
def test_settings_from_env_converts_types(env: dict[str, str], expected: dict[str, object]) -> None:
    assert settings_from_env(env) == expected


@pytest.mark.parametrize("env", [{"QUOTES_MAX_DOCUMENT_CHARS": "lots"}, {"QUOTES_EAGER_LOAD": "maybe"}])
def test_bad_settings_stop_start_up_with_the_name(env: dict[str, str]) -> None:
    with pytest.raises(ValueError, match=next(iter(env))):
        settings_from_env(env)


# --- gunicorn ------------------------------------------------------------------------------------------


def load_gunicorn_conf(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, object]:
    for name in ("QUOTES_WORKERS", "WEB_CONCURRENCY", "QUOTES_BIND", "PORT", "QUOTES_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = load_gunicorn_conf(monkeypatch)
    assert conf["workers"] == conf["CORES"]
    assert conf["threads"] == 1
    assert conf["worker_class"] == "sync"
    assert conf["preload_app"] is False
    assert conf["timeout"] >= 300
    assert conf["bind"] == "0.0.0.0:8000"
    assert conf["max_requests"] > 0 and conf["max_requests_jitter"] > 0
    assert conf["accesslog"] == "-"
    assert callable(conf["post_fork"])


def test_gunicorn_env_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = load_gunicorn_conf(monkeypatch, QUOTES_WORKERS="3", QUOTES_TIMEOUT="600", PORT="9000")
    assert conf["workers"] == 3
    assert conf["timeout"] == 600
    assert conf["bind"] == "0.0.0.0:9000"


@pytest.mark.parametrize("cores,workers,threads", [(2, 2, 1), (16, 4, 4), (2, 8, 1), (1, 1, 1)])
def test_torch_threads_share_the_cores(cores: int, workers: int, threads: int):
    assert torch_threads_per_worker(cores, workers) == threads


def test_gunicorn_accepts_the_config() -> None:
    # --check-config imports the app (no models are loaded: that happens in the workers).
    proc = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", "gunicorn.conf.py", "service:create_app()"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr


# --- Docker --------------------------------------------------------------------------------------------


def test_dockerfile_runs_gunicorn_on_the_shipped_models() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert text.startswith("#") and "FROM python:3.11-slim" in text
    # Everything comes from the hash-pinned service lock; the project itself resolves nothing again.
    assert "pip install --require-hashes" in text and "-r requirements.lock" in text
    assert "pip install --no-deps --no-build-isolation ." in text
    assert "COPY models/en" in text and "QUOTES_MODEL_DIR" in text
    assert '"gunicorn", "-c", "gunicorn.conf.py", "service:create_app()"' in text
    assert "/readyz" in text
    # The embedded jobs broker and store must be writable by the image's user.
    assert "ENV QUOTES_JOB_DIR=/home/quotes/jobs" in text and text.index("USER quotes") < text.index("QUOTES_JOB_DIR")


def test_ci_runs_the_readme_test_command_in_a_new_venv() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if line.startswith("python -m venv --clear"))
    assert command in readme
    assert "pip install --require-hashes -r requirements-dev.lock" in command and command.endswith("pytest -q")


def test_compose_file_has_the_api_with_a_readiness_healthcheck() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    api = compose["services"]["api"]
    assert api["build"] == "."
    assert any(str(port).endswith(":8000") for port in api["ports"])
    health = api["healthcheck"]
    assert health["test"][0] in ("CMD", "CMD-SHELL")
    assert "/readyz" in " ".join(health["test"])
    assert {"interval", "timeout", "retries", "start_period"} <= set(health)


def test_compose_file_has_redis_with_persistence_and_scalable_workers() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    assert "--appendonly" in services["redis"]["command"] and "redis-data:/data" in services["redis"]["volumes"]
    worker = services["worker"]
    assert worker["command"] == ["quotes", "worker"]
    # --scale worker=N needs no fixed name and no host port on the worker.
    assert "container_name" not in worker and "ports" not in worker
    for name in ("api", "worker"):
        assert services[name]["environment"]["QUOTES_BROKER_URL"].startswith("redis://redis:")
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"


def _compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run([docker, "compose", "version"], capture_output=True, timeout=60)
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_docker_compose_config_accepts_the_file() -> None:
    command = _compose_command()
    if command is None:
        if os.environ.get("QUOTES_REQUIRE_COMPOSE"):
            pytest.fail("QUOTES_REQUIRE_COMPOSE is set but neither `docker compose` nor `docker-compose` is installed")
        pytest.skip("neither `docker compose` nor `docker-compose` is installed")
    proc = subprocess.run(
        [*command, "-f", "docker-compose.yml", "config", "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
