"""Shared fixtures: one real extractor (the shipped Stanza models) per test session, and apps built on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.attribution import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The real extractor on the shipped models (loaded once: it takes seconds)."""
    import service.attribution
    from service.nlp import ModelLoadError

    try:
        return service.attribution.build_extractor()
    except ModelLoadError as exc:
        pytest.fail(f"the shipped Stanza models cannot be loaded: {exc}", pytrace=False)


@pytest.fixture
def app(extractor: Extractor) -> Iterator[Flask]:
    """The API on the session's extractor, with the default limits."""
    yield create_app(config={"TESTING": True}, extractor=extractor)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of :func:`app`."""
    return app.test_client()


def _register_ndjson_serializer() -> None:
    """Teach schemathesis to send ``application/x-ndjson`` job bodies (it has no serializer for them).

    The spec can only say "a string" for an ndjson body, so a generated string is sent as the text of one
    document line, and any other generated value (negative data) as a line of its own, which must be refused.
    """
    import json

    import schemathesis

    @schemathesis.serializer("application/x-ndjson")
    def _ndjson(ctx, value) -> bytes:
        line = {"id": "doc-1", "text": value} if isinstance(value, str) else value
        return (json.dumps(line) + "\n").encode("utf-8")


_register_ndjson_serializer()
