"""GET /metrics: Prometheus text format with request, parsing and job metrics (in-process registry here;
tests/test_gunicorn.py checks the multiprocess mode under real gunicorn)."""

from __future__ import annotations

from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from service import create_app
from tools.jobs_harness import SlowExtractor


def samples(text: str) -> dict[tuple[str, tuple], float]:
    """Every sample of a Prometheus text page, keyed by name and sorted labels."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_metrics_count_requests_documents_and_jobs(tmp_path: Path) -> None:
    app = create_app(config={"TESTING": True, "QUOTES_JOB_DIR": str(tmp_path)}, extractor=SlowExtractor(0))
    client = app.test_client()
    before = samples(client.get("/metrics").data.decode())
    assert client.post("/v1/attributions", json={"text": "“Yes,” she said."}).status_code == 200
    assert client.post("/v1/jobs", json={"documents": [{"id": "a", "text": "x"}]}).status_code == 202
    assert client.get("/v1/jobs/unknown-id").status_code == 404
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    after = samples(response.data.decode())

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    assert grew("quotes_http_requests_total", route="/v1/attributions", method="POST", status="200") == 1
    # The route, never the job id, is the label.
    assert grew("quotes_http_requests_total", route="/v1/jobs/<string:job_id>", method="GET", status="404") == 1
    assert grew("quotes_http_request_seconds_count", route="/v1/attributions", method="POST") == 1
    assert grew("quotes_documents_parsed_total") == 1
    assert after[("quotes_jobs", (("state", "queued"),))] == 1  # no worker: the job waits
    assert after[("quotes_queue_depth", ())] == 1
    assert after[("quotes_jobs_backend_up", ())] == 1
