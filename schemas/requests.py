"""Request bodies and query parameters of the attribution endpoints."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate, validates_schema

from service.attribution.records import Options

from .fields import TEXT_PATTERN, DocumentText, StrictBoolean, StrictFloat

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
        metadata={"description": "The client's identifier, echoed in the result; unique within the batch."},
    )
    # Raw, not DocumentText: a missing, empty or non-string text is reported in this document's result entry
    # (an error member) instead of failing the whole batch, so it must get past envelope validation.
    text = fields.Raw(
        metadata={
            "type": "string",
            "minLength": 1,
            "pattern": TEXT_PATTERN,
            "description": (
                "The article. Same rules as the single endpoint's text; when it breaks them only this "
                "document's result carries an error."
            ),
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
                "characters in all by default (413 above); ids must be unique (422 otherwise)."
            )
        },
    )
    options = fields.Nested(OptionsSchema, metadata={"description": "What to include, for every document."})

    @validates_schema
    def unique_ids(self, data: dict[str, Any], **kwargs: Any) -> None:
        """Refuse duplicate document ids: results are matched to documents by id."""
        seen: set[str] = set()
        duplicates: list[str] = []
        for doc in data.get("documents", []):
            if doc["id"] in seen and doc["id"] not in duplicates:
                duplicates.append(doc["id"])
            seen.add(doc["id"])
        if duplicates:
            raise ValidationError(
                f"Document ids must be unique; repeated: {', '.join(duplicates)}.", field_name="documents"
            )
