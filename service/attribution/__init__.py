"""The attribution engine: pure functions from a parsed document to attribution records (no Flask here)."""

from .extract import Extractor, build_extractor, normalise_for_parsing
from .records import Analysis, Attribution, Cue, Entity, Options, Role, Span, SpeakerRef

__all__ = [
    "Analysis",
    "Attribution",
    "Cue",
    "Entity",
    "Extractor",
    "Options",
    "Role",
    "Span",
    "SpeakerRef",
    "build_extractor",
    "normalise_for_parsing",
]
