"""marshmallow schemas for every request and response of the API; they also generate the OpenAPI document."""

from .fields import DocumentText, StrictBoolean, StrictFloat, validate_document_text
from .problem import ProblemSchema
from .requests import (
    DEFAULT_MAX_BATCH_CHARS,
    DEFAULT_MAX_BATCH_DOCUMENTS,
    DEFAULT_MAX_DOCUMENT_CHARS,
    EXAMPLE_TEXT,
    AttributionRequestSchema,
    BatchDocumentSchema,
    BatchRequestSchema,
    OptionsQuerySchema,
    OptionsSchema,
)
from .responses import (
    AnalysisSchema,
    AttributionSchema,
    BatchResponseSchema,
    BatchResultSchema,
    CueSchema,
    EntitySchema,
    HealthSchema,
    RoleSchema,
    SpanSchema,
    SpeakerSchema,
)

__all__ = [
    "DEFAULT_MAX_BATCH_CHARS",
    "DEFAULT_MAX_BATCH_DOCUMENTS",
    "DEFAULT_MAX_DOCUMENT_CHARS",
    "EXAMPLE_TEXT",
    "AnalysisSchema",
    "AttributionRequestSchema",
    "AttributionSchema",
    "BatchDocumentSchema",
    "BatchRequestSchema",
    "BatchResponseSchema",
    "BatchResultSchema",
    "CueSchema",
    "DocumentText",
    "EntitySchema",
    "HealthSchema",
    "OptionsQuerySchema",
    "OptionsSchema",
    "ProblemSchema",
    "RoleSchema",
    "SpanSchema",
    "SpeakerSchema",
    "StrictBoolean",
    "StrictFloat",
    "validate_document_text",
]
