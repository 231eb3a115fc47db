"""Top-level attribution rules (being written: returns no records yet)."""

from __future__ import annotations

from .document import Doc
from .records import Analysis, Options


def find_attributions(doc: Doc, options: Options) -> Analysis:
    """Find every attribution in a parsed document."""
    return Analysis(attributions=[], speakers=[], meta={})
