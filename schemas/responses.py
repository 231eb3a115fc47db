"""Response bodies: the engine's records (service/attribution/records.py) as JSON."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.attribution.records import ATTRIBUTION_TYPES, SPEAKER_KINDS

from .problem import ProblemSchema

_OFFSET = "Offset in Unicode code points into the posted text"


class SpanSchema(Schema):
    """A stretch of the posted text; ``text == posted[start:end]`` always holds."""

    text = fields.String(required=True, metadata={"description": "The characters, exactly as posted."})
    start = fields.Integer(required=True, metadata={"description": f"{_OFFSET} of the first character."})
    end = fields.Integer(required=True, metadata={"description": f"{_OFFSET} just past the last character."})


class RoleSchema(Schema):
    """The speaker's title and the body it belongs to, as the article gives them."""

    title = fields.String(
        required=True, allow_none=True, metadata={"description": "Title or function.", "example": "President"}
    )
    affiliation = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Organisation or country the title belongs to.", "example": "Ukraine"},
    )


class SpeakerSchema(Schema):
    """The mention the quotation hangs on (``text``/``start``/``end``) and the entity it refers to."""

    text = fields.String(required=True, attribute="mention.text", metadata={"description": "The mention."})
    start = fields.Integer(required=True, attribute="mention.start", metadata={"description": _OFFSET + "."})
    end = fields.Integer(required=True, attribute="mention.end", metadata={"description": _OFFSET + "."})
    name = fields.String(required=True, metadata={"description": "The entity's fullest name in the article."})
    kind = fields.String(
        required=True,
        validate=validate.OneOf(SPEAKER_KINDS),
        metadata={"description": "What the speaker is."},
    )
    entity = fields.String(required=True, metadata={"description": "Id of the entity in `speakers`.", "example": "e1"})


class CueSchema(Schema):
    """The word or phrase that introduces the quotation."""

    text = fields.String(required=True, attribute="span.text", metadata={"description": "The cue as written."})
    start = fields.Integer(required=True, attribute="span.start", metadata={"description": _OFFSET + "."})
    end = fields.Integer(required=True, attribute="span.end", metadata={"description": _OFFSET + "."})
    lemma = fields.String(required=True, metadata={"description": "Dictionary form.", "example": "say"})


class AttributionSchema(Schema):
    """One quotation with its speaker, role and cue."""

    id = fields.String(required=True, metadata={"description": "Id, unique within the response.", "example": "a1"})
    type = fields.String(
        required=True,
        validate=validate.OneOf(ATTRIBUTION_TYPES),
        metadata={
            "description": (
                "direct: the quote is in quotation marks; mixed: partly quoted; indirect: reported speech; "
                "belief: a belief or intention (only with include_beliefs)."
            )
        },
    )
    quote = fields.Nested(SpanSchema, required=True, metadata={"description": "The quoted content."})
    speaker = fields.Nested(
        SpeakerSchema,
        required=True,
        allow_none=True,
        metadata={"description": "Who said it; null only with include_unattributed."},
    )
    role = fields.Nested(RoleSchema, required=True, allow_none=True, metadata={"description": "Speaker's role."})
    cue = fields.Nested(CueSchema, required=True, allow_none=True, metadata={"description": "The speech verb."})
    confidence = fields.Float(
        required=True, validate=validate.Range(min=0.0, max=1.0), metadata={"description": "From 0 to 1."}
    )


class EntitySchema(Schema):
    """A speaker entity: every mention of it in the article, its fullest name, kind and roles."""

    entity = fields.String(required=True, attribute="id", metadata={"description": "Entity id.", "example": "e1"})
    name = fields.String(required=True, metadata={"description": "Fullest name.", "example": "Volodymyr Zelensky"})
    kind = fields.String(required=True, validate=validate.OneOf(SPEAKER_KINDS), metadata={"description": "Kind."})
    roles = fields.List(fields.Nested(RoleSchema), required=True, metadata={"description": "Roles given to it."})
    mentions = fields.List(
        fields.Nested(SpanSchema), required=True, metadata={"description": "Every mention, in text order."}
    )


_META_DESCRIPTION = (
    "Facts about the analysis: characters, sentences, words, parse_seconds, extract_seconds and models "
    "(the model set's name); more keys may be added."
)


class AnalysisSchema(Schema):
    """Everything found in one article."""

    attributions = fields.List(fields.Nested(AttributionSchema), required=True, metadata={"description": "In order."})
    speakers = fields.List(fields.Nested(EntitySchema), required=True, metadata={"description": "Speaker entities."})
    meta = fields.Dict(
        keys=fields.String(),
        required=True,
        metadata={
            "description": _META_DESCRIPTION,
            "example": {"characters": 186, "sentences": 2, "words": 35, "models": "en"},
        },
    )


class BatchResultSchema(Schema):
    """One document's result: the analysis, or an ``error`` problem object when that document was refused."""

    id = fields.String(required=True, metadata={"description": "The document's id as sent."})
    attributions = fields.List(fields.Nested(AttributionSchema), metadata={"description": "Absent on error."})
    speakers = fields.List(fields.Nested(EntitySchema), metadata={"description": "Absent on error."})
    meta = fields.Dict(keys=fields.String(), metadata={"description": _META_DESCRIPTION + " Absent on error."})
    error = fields.Nested(ProblemSchema, metadata={"description": "Why this document was not analysed."})


class BatchResponseSchema(Schema):
    """Results in the order of the posted documents."""

    results = fields.List(fields.Nested(BatchResultSchema), required=True, metadata={"description": "One each."})


class HealthSchema(Schema):
    """Probe answer."""

    status = fields.String(required=True, metadata={"description": "`ok` or `ready`.", "example": "ok"})
    models = fields.String(metadata={"description": "Name of the loaded model set (readiness only)."})
