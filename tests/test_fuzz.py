"""The short form of the fuzz suite (tools/fuzz.py): hostile texts and hostile JSON on the real extractor."""

from __future__ import annotations

from flask.testing import FlaskClient

from tools import fuzz


def test_hostile_texts_never_fail_the_service(client: FlaskClient) -> None:
    texts, _ = fuzz.make_tests(client, examples=40)
    texts()


def test_hostile_json_never_fails_the_service(client: FlaskClient) -> None:
    _, bodies = fuzz.make_tests(client, examples=80)
    bodies()


def test_the_fuzz_properties_can_fail(client: FlaskClient) -> None:
    # A response whose span does not index the text must be caught.
    class Fake:
        status_code, mimetype = 200, "application/json"

        def get_json(self):
            return {"attributions": [{"quote": {"text": "nope", "start": 0, "end": 4}}]}

    import time

    import pytest

    with pytest.raises(AssertionError):
        fuzz.check_response(Fake(), "text here", time.monotonic())
