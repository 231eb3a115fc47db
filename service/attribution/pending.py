"""A record on its way: what the engine's stages pass along before a speaker is resolved (engine.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Word
from .marks import Quotation


@dataclass
class Pending:
    """A record waiting for its speaker to be resolved."""

    type: str
    start: int
    end: int
    cue: Word | None
    cue_end: int | None
    subject: Word | None
    rule: str
    quote: Quotation | None = None
    given_mention: list[Word] | None = None
    covers: list[Quotation] = field(default_factory=list)  # quotations inside a headline's claim
    score: float | None = None  # the scorer's confidence, for proposals of the learned tagger
