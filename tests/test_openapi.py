"""The OpenAPI document: openapi.yaml must match the app, and the app must honour it (schemathesis)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
import yaml
from flask import Flask
from hypothesis import HealthCheck, settings

from service import create_app
from service.attribution import Extractor
from tools import export_openapi

ROOT = Path(__file__).resolve().parent.parent
OPENAPI_FILE = ROOT / "openapi.yaml"


def served_spec(app: Flask) -> dict[str, Any]:
    response = app.test_client().get("/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_openapi_yaml_matches_the_app() -> None:
    stored = yaml.safe_load(OPENAPI_FILE.read_text(encoding="utf-8"))
    app = create_app(config={"TESTING": True, "QUOTES_EAGER_LOAD": False})
    assert stored == served_spec(app), "openapi.yaml is stale: run python -m tools.export_openapi"


def test_export_check_flags_drift(tmp_path: Path) -> None:
    copy = tmp_path / "openapi.yaml"
    copy.write_text(OPENAPI_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    assert export_openapi.main(["--check", "--output", str(copy)]) == 0
    spec = yaml.safe_load(copy.read_text(encoding="utf-8"))
    spec["info"]["version"] = "0.0.0-drifted"
    copy.write_text(yaml.safe_dump(spec), encoding="utf-8")
    assert export_openapi.main(["--check", "--output", str(copy)]) == 1


def test_spec_documents_every_operation_and_problem_media_type() -> None:
    spec = yaml.safe_load(OPENAPI_FILE.read_text(encoding="utf-8"))
    operations = {(path, method) for path, item in spec["paths"].items() for method in item if method != "parameters"}
    assert operations == {
        ("/v1/attributions", "post"),
        ("/v1/attributions/batch", "post"),
        ("/healthz", "get"),
        ("/readyz", "get"),
        ("/metrics", "get"),
        ("/v1/jobs", "post"),
        ("/v1/jobs/{job_id}", "get"),
        ("/v1/jobs/{job_id}", "delete"),
        ("/v1/jobs/{job_id}/results", "get"),
    }
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation.get("summary"), (path, method)
            for status, response in operation["responses"].items():
                expected = "application/json" if status in ("200", "202") else "application/problem+json"
                if path.endswith("/results") and status == "200":
                    expected = "application/x-ndjson"
                if path == "/metrics" and status == "200":
                    expected = "text/plain"
                assert list(response["content"]) == [expected], (path, method, status)
    jobs_body = spec["paths"]["/v1/jobs"]["post"]["requestBody"]["content"]
    assert set(jobs_body) == {"application/json", "application/x-ndjson"}
    body = spec["paths"]["/v1/attributions"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "text/plain"}


def test_response_example_spans_index_the_request_example() -> None:
    spec = yaml.safe_load(OPENAPI_FILE.read_text(encoding="utf-8"))
    operation = spec["paths"]["/v1/attributions"]["post"]
    text = operation["requestBody"]["content"]["application/json"]["examples"]["default"]["value"]["text"]
    example = operation["responses"]["200"]["content"]["application/json"]["example"]
    spans = [a["quote"] for a in example["attributions"]]
    spans += [a[key] for a in example["attributions"] for key in ("speaker", "cue") if a[key]]
    spans += [m for entity in example["speakers"] for m in entity["mentions"]]
    assert spans
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"], span


# --- schemathesis: generated requests against the app with the real extractor ------------------------


@pytest.fixture(scope="module")
def api_schema(extractor: Extractor, tmp_path_factory: pytest.TempPathFactory):
    jobs = tmp_path_factory.mktemp("jobs")  # the embedded broker and store; jobs stay queued (no worker)
    app = create_app(config={"TESTING": True, "QUOTES_JOB_DIR": str(jobs)}, extractor=extractor)
    return schemathesis.openapi.from_wsgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")

@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,  # a parse takes longer than hypothesis's 200 ms default on a busy 2-core machine
    derandomize=True,  # the same examples every run: CI failures must reproduce
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_api_honours_its_schema(case) -> None:
    """Every check (positive and negative data included): no 5xx, documented statuses and media types,
    responses valid against their schemas, invalid requests refused and valid ones accepted."""
    case.call_and_validate()
