"""RFC 9457 problem details, the body of every error response."""

from __future__ import annotations

from marshmallow import Schema, fields


class ProblemSchema(Schema):
    """An ``application/problem+json`` error (RFC 9457)."""

    type = fields.String(
        required=True,
        metadata={
            "description": "URI reference naming the kind of problem; `about:blank` if the status says all.",
            "example": "tag:quote-attribution,2025:validation-error",
        },
    )
    title = fields.String(
        required=True, metadata={"description": "Short summary of the kind.", "example": "Invalid request"}
    )
    status = fields.Integer(required=True, metadata={"description": "The HTTP status code.", "example": 422})
    detail = fields.String(
        required=True,
        metadata={"description": "What went wrong this time.", "example": "The request has invalid fields."},
    )
    instance = fields.String(
        required=True,
        metadata={
            "description": "The request path (and document) this occurrence concerns.",
            "example": "/v1/attributions",
        },
    )
    errors = fields.Dict(
        metadata={
            "description": (
                "Validation messages by location (`body` or `query`) and then by field, "
                "as nested objects ending in lists of messages."
            ),
            "example": {"body": {"text": ["Missing data for required field."]}},
        }
    )
