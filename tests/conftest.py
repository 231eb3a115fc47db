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
