"""Plain data records the attribution engine returns; the API serialises them with marshmallow."""

from __future__ import annotations

from dataclasses import dataclass, field

ATTRIBUTION_TYPES = ("direct", "mixed", "indirect", "belief")
# "other": a poll, a study, an ad, a statement or a document that carries a claim as a speaker does
SPEAKER_KINDS = ("person", "organisation", "group", "anonymous", "other")


@dataclass(frozen=True)
class Span:
    """A stretch of the posted text: ``text == posted[start:end]`` always holds."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Role:
    """A title and the body it belongs to, as the article gives them (either may be None)."""

    title: str | None
    affiliation: str | None


@dataclass
class SpeakerRef:
    """The mention a quotation hangs on, resolved to its entity."""

    mention: Span
    name: str
    kind: str
    entity: str


@dataclass(frozen=True)
class Cue:
    """The word or phrase that introduces the quotation (said, according to, wrote)."""

    span: Span
    lemma: str


@dataclass
class Attribution:
    """One quotation with its speaker, role and cue."""

    id: str
    type: str
    quote: Span
    speaker: SpeakerRef | None
    role: Role | None
    cue: Cue | None
    confidence: float
    origin: str = ""  # the rule family or model that proposed it (internal: not serialised by the API)


@dataclass
class Entity:
    """A speaker entity: all its mentions in the article, its fullest name, its kind and roles."""

    id: str
    name: str
    kind: str
    roles: list[Role] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Analysis:
    """Everything found in one document."""

    attributions: list[Attribution]
    speakers: list[Entity]
    meta: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Options:
    """What a client asks of one analysis.

    include_unattributed: also return quotations with no speaker found (speaker null).
    include_beliefs: also return attributions of beliefs and intentions ("X believes", "X wants"), type "belief".
    min_confidence: leave out records below this confidence.
    """

    include_unattributed: bool = False
    include_beliefs: bool = False
    min_confidence: float = 0.0
