"""Optional API keys: 401/403 problems without a good one, open probes and page, jobs private to their key."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from service import create_app
from service.auth import key_hash, parse_keys
from tools.jobs_harness import SlowExtractor

ALICE, BOB = "alice-key-0123456789abcdef", "bob-key-0123456789abcdef"


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    # Alice's key is configured by its hash only, Bob's in plain.
    keys = f"sha256:{key_hash(ALICE)}, {BOB}"
    app = create_app(config={"TESTING": True, "QUOTES_JOB_DIR": str(tmp_path), "QUOTES_API_KEYS": keys},
                     extractor=SlowExtractor(0))  # fmt: skip
    return app.test_client()


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize(
    "headers,status",
    [({}, 401), ({"Authorization": "Basic YTpi"}, 401), ({"Authorization": "Bearer "}, 401), (bearer("nope"), 403)],
)
def test_routes_need_a_configured_key(client: FlaskClient, headers: dict, status: int) -> None:
    for method, path in [("post", "/v1/attributions"), ("post", "/v1/jobs"), ("get", "/metrics"),
                         ("get", "/openapi.json"), ("get", "/v1/jobs/x")]:  # fmt: skip
        response = getattr(client, method)(path, json={"text": "x"}, headers=headers)
        assert response.status_code == status and response.mimetype == "application/problem+json", path
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_probes_and_the_page_are_open(client: FlaskClient) -> None:
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    # the newsroom page and its assets need no key (the page asks for one only to call the API)
    assert client.get("/").status_code == 200
    assert client.get("/static/page.js").status_code == 200
    assert client.get("/static/no-such-file.js").status_code == 404  # a 404, never a 401


def test_good_keys_pass_and_jobs_are_private_to_their_key(client: FlaskClient) -> None:
    assert client.post("/v1/attributions", json={"text": "“Yes,” she said."}, headers=bearer(BOB)).status_code == 200
    job = client.post("/v1/jobs", json={"documents": [{"id": "a", "text": "x"}]}, headers=bearer(ALICE)).get_json()
    assert client.get(job["links"]["self"], headers=bearer(ALICE)).status_code == 200
    for method in ("get", "delete"):
        assert getattr(client, method)(job["links"]["self"], headers=bearer(BOB)).status_code == 404
    assert client.get(job["links"]["results"], headers=bearer(BOB)).status_code == 404


def test_bad_key_settings_stop_start_up() -> None:
    with pytest.raises(ValueError, match="64 hex"):
        parse_keys("sha256:abc")
    with pytest.raises(ValueError, match="16 characters"):
        parse_keys("short")
    assert parse_keys(" , ") == []
    assert parse_keys(ALICE) == [key_hash(ALICE)]
