"""The span tagger: BIO tags for Source, Cue and Content over the encoder's word pieces.

Three independent BIO layers (one per label), so a Content may hold a Cue or Source of its own. The network
is a small head (projection, one BiLSTM layer, one linear layer) over frozen MiniLM features: it trains in
minutes on a CPU and adds about 2 MB to the models.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..attribution.proposals import TAGGER_DIR

LABELS = ("source", "cue", "content")
O, B, I = 0, 1, 2  # noqa: E741 - the BIO names
TAGGER_FILE = TAGGER_DIR / "span_tagger.pt"


def build_network(dim: int, hidden: int = 192, proj: int = 256, dropout: float = 0.3):
    """The tagger network (a ``torch.nn.Module``): features (batch × n × dim) → logits (batch × n × 3 × 3)."""
    import torch
    from torch import nn

    class SpanTaggerNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.config = {"dim": dim, "hidden": hidden, "proj": proj, "dropout": dropout}
            self.drop = nn.Dropout(dropout)
            self.proj = nn.Linear(dim, proj)
            self.lstm = nn.LSTM(proj, hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * hidden, len(LABELS) * 3)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            h = torch.relu(self.proj(self.drop(x)))
            h, _ = self.lstm(h)
            logits = self.out(self.drop(h))
            return logits.view(*logits.shape[:-1], len(LABELS), 3)

    return SpanTaggerNet()


@dataclass(frozen=True)
class TaggedSpan:
    """A span the tagger proposes: label, character offsets and its mean tag probability."""

    label: str
    start: int
    end: int
    score: float


def decode(probs: Any, offsets: Any, min_score: float = 0.0) -> list[TaggedSpan]:
    """Spans from per-piece tag probabilities (n × 3 labels × 3 tags) and piece offsets (n × 2).

    A span opens at a B, or at an I that follows an O (the tagger's own inconsistency), and runs over I's.
    """
    tags = probs.argmax(-1)
    out: list[TaggedSpan] = []
    n = tags.shape[0]
    for li, label in enumerate(LABELS):
        k = 0
        while k < n:
            if int(tags[k, li]) == O:
                k += 1
                continue
            j = k + 1
            while j < n and int(tags[j, li]) == I:
                j += 1
            score = float(1.0 - probs[k:j, li, O].mean())
            if score >= min_score:
                out.append(TaggedSpan(label, int(offsets[k][0]), int(offsets[j - 1][1]), round(score, 4)))
            k = j
    return out


class SpanTagger:
    """The trained tagger with its encoder: text → :class:`TaggedSpan` proposals."""

    def __init__(self, path: Path = TAGGER_FILE, encoder: Any = None) -> None:
        import torch

        from .encoder import Encoder, EncoderLoadError

        if not path.is_file():
            raise EncoderLoadError(f"span tagger not found: {path}", path)
        try:
            saved = torch.load(path, map_location="cpu", weights_only=True)
            self.net = build_network(**saved["config"])
            self.net.load_state_dict({k: v.float() for k, v in saved["state"].items()})
        except Exception as exc:
            raise EncoderLoadError(f"cannot load the span tagger {path}: {type(exc).__name__}: {exc}", path) from exc
        self.net.eval()
        self.encoder = encoder or Encoder()

    def tag(self, text: str) -> list[TaggedSpan]:
        """Every Source, Cue and Content span the tagger finds in ``text``."""
        import torch

        encoded = self.encoder.encode(text)
        if encoded.features.shape[0] == 0:
            return []
        with torch.inference_mode():
            probs = torch.softmax(self.net(encoded.features[None])[0], -1)
        return decode(probs.numpy(), encoded.offsets)
