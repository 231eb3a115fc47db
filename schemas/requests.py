"""Request bodies and query parameters of the attribution endpoints."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, fields, post_load, validate

from service.attribution.records import Options

from .fields import DocumentText, StrictBoolean, StrictFloat

# The shipped limits, quoted in descriptions; the live limits come from the QUOTES_* settings.
DEFAULT_MAX_DOCUMENT_CHARS = 100_000
DEFAULT_MAX_BATCH_DOCUMENTS = 64
DEFAULT_MAX_BATCH_CHARS = 1_000_000

EXAMPLE_TEXT = (
    "“We will not give up a single piece of our country,” President Volodymyr Zelensky said on Tuesday. "
    "NATO Secretary General Jens Stoltenberg said the move undermines Ukraine's sovereignty."
)


class OptionsSchema(Schema):
    """What to include in the results; every option may be left out."""

    class Meta:
        unknown = RAISE

    include_unattributed = StrictBoolean(
        load_default=False,
        metadata={"description": "Also return quotations for which no speaker was found (speaker is null)."},
    )
    include_beliefs = StrictBoolean(
        load_default=False,
        metadata={"description": 'Also return beliefs and intentions ("X believes", "X wants"), with type "belief".'},
    )
    min_confidence = StrictFloat(
        load_default=0.0,
        validate=validate.Range(min=0.0, max=1.0),
        metadata={
            "description": "Leave out attributions whose confidence is below this value.",
            "example": 0.5,
        },
    )

    @post_load
    def make_options(self, data: dict[str, Any], **kwargs: Any) -> Options:
        """Turn the validated mapping into the engine's :class:`Options`."""
        return Options(**data)


class OptionsQuerySchema(Schema):
    """The same options as query parameters, for ``text/plain`` bodies (documentation only: see api.py)."""

    include_unattributed = fields.Boolean(
        metadata={"description": "Also return quotations with no speaker found (`true` or `false`)."}
    )
    include_beliefs = fields.Boolean(
        metadata={"description": "Also return beliefs and intentions (`true` or `false`)."}
    )
    min_confidence = fields.Float(
        validate=validate.Range(min=0.0, max=1.0),
        metadata={"description": "Leave out attributions below this confidence (0 to 1)."},
    )


class AttributionRequestSchema(Schema):
    """One article to analyse."""

    class Meta:
        unknown = RAISE

    text = DocumentText(
        required=True,
        metadata={
            "description": (
                "The article, plain text. It is never altered: every offset in the response indexes this "
                "string in Unicode code points (Python/JavaScript-ES6 string indices over code points, not "
                f"UTF-16 units). At most {DEFAULT_MAX_DOCUMENT_CHARS:,} characters by default (413 above)."
            ),
            "example": EXAMPLE_TEXT,
        },
    )
    options = fields.Nested(OptionsSchema, metadata={"description": "What to include in the results."})


class BatchDocumentSchema(Schema):
    """One document of a batch; a bad ``text`` fails only this document."""

    class Meta:
        unknown = RAISE

    id = fields.String(
        required=True,
        validate=validate.Length(min=1, max=256),
        metadata={
            "description": (
                "The client's identifier, echoed in the result. Results come in the order of the documents, so "
                "ids need not be unique (a repeated id is answered once per occurrence)."
            )
        },
    )
    # Raw, not DocumentText: a missing, empty, blank or non-string text is reported in this document's result
    # entry (an error member) instead of failing the whole batch, so the envelope accepts any value here and
    # the spec says so (a "type: string" there would promise a 4xx that the batch, by design, never gives).
    text = fields.Raw(
        allow_none=True,
        metadata={
            "description": (
                "The article: a string with the single endpoint's rules (at least one non-whitespace "
                "character, valid Unicode, within the length limit). Any other value is accepted by the "
                "envelope and answered in this document's result entry as an `error` problem (422 or 413), "
                "so one bad document never fails the batch."
            ),
            "example": EXAMPLE_TEXT,
        },
    )


class BatchRequestSchema(Schema):
    """Several articles parsed together."""

    class Meta:
        unknown = RAISE

    documents = fields.List(
        fields.Nested(BatchDocumentSchema),
        required=True,
        validate=validate.Length(min=1),
        metadata={
            "description": (
                f"The articles: at most {DEFAULT_MAX_BATCH_DOCUMENTS} and {DEFAULT_MAX_BATCH_CHARS:,} "
                "characters in all by default (413 above)."
            )
        },
    )
    options = fields.Nested(OptionsSchema, metadata={"description": "What to include, for every document."})

