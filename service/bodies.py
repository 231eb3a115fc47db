"""Reading request bodies and query strings into checked values, or problem errors that say what is wrong.

Bodies are read here rather than by webargs, because webargs lets some malformed JSON through as a 500 (a
5,000-digit integer, deep nesting) and cannot take ``text/plain`` or ndjson bodies; the marshmallow schemas
still do all the validation and document every body in the OpenAPI spec.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from flask import request
from marshmallow import Schema, ValidationError

from schemas import OptionsSchema

from .errors import MALFORMED_BODY, UNSUPPORTED_MEDIA_TYPE, ProblemError, validation_problem

JSON_TYPES = ("application/json",)
TEXT_TYPES = ("text/plain",)
# Charsets that decode as UTF-8 (ASCII is a subset); anything else is a 415, never a guess.
UTF8_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}


def reject_content_encoding() -> None:
    encoding = request.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise ProblemError(415, f"Content-Encoding {encoding!r} is not supported; send the body uncompressed.")


def charset_ok() -> None:
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.strip().lower() not in UTF8_CHARSETS:
        raise ProblemError(415, f"Charset {charset!r} is not supported; send UTF-8.", type=UNSUPPORTED_MEDIA_TYPE)


def decode_utf8(data: bytes, *, strip_bom: bool) -> str:
    try:
        return data.decode("utf-8-sig" if strip_bom else "utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemError(
            400, f"The body is not valid UTF-8 (byte {exc.start}: {exc.reason}).", type=MALFORMED_BODY
        ) from None


class _ConstantError(ValueError):
    """NaN or Infinity: Python's json accepts them, JSON (RFC 8259) does not."""


def _reject_constant(name: str) -> Any:
    raise _ConstantError(f"{name} is not valid JSON")


def read_json_object() -> dict[str, Any]:
    """The request body parsed as a JSON object, or a 400 problem saying why it is not one."""
    charset_ok()
    # A BOM before JSON is allowed by RFC 8259 parsers and carries no content, so it is dropped here.
    raw = decode_utf8(request.get_data(cache=True), strip_bom=True)
    if not raw.strip():
        raise ProblemError(400, "The body is empty; send a JSON object.", type=MALFORMED_BODY)
    try:
        return parse_json_object(raw)
    except ValueError as exc:
        raise ProblemError(400, f"The {exc}.", type=MALFORMED_BODY) from None


def parse_json_object(raw: str, what: str = "JSON body") -> dict[str, Any]:
    """``raw`` parsed as one JSON object; ValueError says why it is not one, naming it ``what``."""
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except RecursionError:
        raise ValueError(f"{what} is nested too deeply") from None
    except (json.JSONDecodeError, _ConstantError) as exc:
        raise ValueError(f"{what} is not valid JSON: {exc}") from None
    except ValueError:  # an integer over Python's 4,300-digit conversion limit
        raise ValueError(f"{what} holds a number with too many digits") from None
    if not isinstance(data, dict):
        raise ValueError(f"{what} must be an object, not {_json_type(data)}")
    return data


def read_plain_text() -> str:
    """The request body as text, exactly as sent (no BOM stripping, no newline translation)."""
    charset_ok()
    return decode_utf8(request.get_data(cache=True), strip_bom=False)


def _json_type(value: Any) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")


def query_options() -> dict[str, Any]:
    """Options given as query parameters, converted for OptionsSchema (which reports what will not convert)."""
    converted: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    known = OptionsSchema().fields
    for key in request.args:
        values = request.args.getlist(key)
        if key not in known:
            errors[key] = ["Unknown query parameter."]
            continue
        if len(values) != 1:
            errors[key] = ["Give this parameter once."]
            continue
        converted[key] = _convert_query_value(key, values[0])
    if errors:
        raise validation_problem({"query": errors})
    return converted


def _convert_query_value(key: str, value: str) -> Any:
    if key == "min_confidence":
        try:
            number = float(value)
        except ValueError:
            return value  # StrictFloat answers "Not a valid number."
        return number if math.isfinite(number) else value
    lowered = value.strip().lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    return value  # StrictBoolean answers "Not a valid boolean."


def load_schema(schema: Schema, data: Mapping[str, Any], location: str) -> Any:
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise validation_problem({location: exc.messages}) from None


def reject_query() -> None:
    if request.args:
        names = ", ".join(sorted(request.args))
        raise validation_problem(
            {"query": {name: ["Unknown query parameter."] for name in request.args}},
            detail=f"This endpoint takes no query parameters (got {names}); put options in the body.",
        )


def media_type_problem(accepted: tuple[str, ...]) -> ProblemError:
    sent = request.mimetype or "none"
    return ProblemError(
        415,
        f"Content-Type {sent!r} is not supported here; send {' or '.join(accepted)} (UTF-8).",
        type=UNSUPPORTED_MEDIA_TYPE,
    )


def is_json_mimetype(mimetype: str) -> bool:
    return mimetype in JSON_TYPES or (mimetype.startswith("application/") and mimetype.endswith("+json"))
