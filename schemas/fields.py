"""Strict marshmallow fields: JSON clients get a 422 for a value of the wrong JSON type, never a coercion."""

from __future__ import annotations

import math
from typing import Any

from marshmallow import ValidationError, fields


class StrictBoolean(fields.Boolean):
    """A JSON ``true`` or ``false`` only; marshmallow's Boolean would also take ``"yes"``, ``1``, ``"on"``."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class StrictFloat(fields.Float):
    """A finite JSON number only: no strings, booleans, NaN, infinities or integers too big for a float.

    marshmallow's Float accepts ``"0.5"`` and ``True`` and lets ``float(10**400)`` raise OverflowError, which
    would surface as a 500; every one of those is a client error here.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid", input=value)
        try:
            number = float(value)
        except OverflowError:
            raise self.make_error("too_large", input=value) from None
        if not math.isfinite(number):
            raise self.make_error("special")
        return number


def _not_blank(value: str) -> None:
    # str.strip() and Python's re ``\S`` (the OpenAPI pattern below) agree on what whitespace is.
    if not value.strip():
        raise ValidationError("Text must contain at least one character that is not whitespace.")


def _encodable(value: str) -> None:
    # JSON may carry lone surrogates ("\ud800"); such a string cannot be UTF-8 encoded, parsed or returned.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(
            f"Text contains an unpaired surrogate code point at character {exc.start}; send valid Unicode."
        ) from None


TEXT_PATTERN = r"\S"


class DocumentText(fields.String):
    """An article's text: a JSON string with at least one non-whitespace character and valid Unicode."""

    def __init__(self, **kwargs: Any) -> None:
        # minLength/pattern only document the rule for OpenAPI clients; _not_blank enforces it (one message).
        metadata = {"minLength": 1, "pattern": TEXT_PATTERN, **kwargs.pop("metadata", {})}
        validators = [_not_blank, _encodable]
        super().__init__(validate=validators, metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        # marshmallow's String would decode bytes; only a JSON string is an article here.
        if not isinstance(value, str):
            raise self.make_error("invalid")
        return value


def validate_document_text(value: Any) -> list[str]:
    """Every problem with ``value`` as a document text, in the words the API uses (empty list when valid)."""
    try:
        DocumentText(required=True).deserialize(value)
    except ValidationError as exc:
        messages = exc.messages
        return list(messages) if isinstance(messages, list) else [str(messages)]
    return []
