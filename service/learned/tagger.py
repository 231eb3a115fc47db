"""The span tagger: BIO tags for Source, Cue and Content over the encoder's word pieces.

Three independent BIO layers (one per label), so a Content may hold a Cue or Source of its own. The network
is a small head (projection, one BiLSTM layer, one linear layer) over MiniLM features. The head alone trains
in minutes over the frozen encoder (tools/train/train_tagger.py); fine-tuned with the encoder
(tools/train/finetune_tagger.py) the file also carries the encoder's weights in float16 (about 45 MB), which
replace the packaged ones after those have passed their hash check. Either file is checked against
``SHA256SUMS`` beside it before it is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..attribution.proposals import TAGGER_DIR

LABELS = ("source", "cue", "content")
O, B, I = 0, 1, 2  # noqa: E741 - the BIO names
TAGGER_FILE = TAGGER_DIR / "span_tagger.pt"
CHECKSUMS = "SHA256SUMS"  # beside the tagger: sha256sum's format


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


def check_checksum(path: Path) -> None:
    """Raise EncoderLoadError unless ``path`` hashes to what ``SHA256SUMS`` beside it lists for it (the
    file ``sha256sum`` writes, so ``sha256sum -c`` checks it by hand too)."""
    from .encoder import EncoderLoadError, file_sha256

    sums = path.parent / CHECKSUMS
    try:
        listed = dict(reversed(line.split(None, 1)) for line in sums.read_text(encoding="utf-8").splitlines() if line)
    except (OSError, ValueError) as exc:
        raise EncoderLoadError(f"checksum list not readable: {sums} ({exc})", sums) from exc
    expected = listed.get(path.name) or listed.get(f"*{path.name}")
    if expected is None:
        raise EncoderLoadError(f"{sums} lists no checksum for {path.name}", sums)
    found = file_sha256(path)
    if found != expected.strip():
        raise EncoderLoadError(f"span tagger {path} has sha256 {found}, {sums} says {expected}", path)


class SpanTagger:
    """The trained tagger with its encoder: text → :class:`TaggedSpan` proposals."""

    def __init__(self, path: Path = TAGGER_FILE, encoder: Any = None) -> None:
        import torch

        from .encoder import Encoder, EncoderLoadError

        if not path.is_file():
            raise EncoderLoadError(f"span tagger not found: {path}", path)
        check_checksum(path)
        try:
            saved = torch.load(path, map_location="cpu", weights_only=True)
            self.net = build_network(**saved["config"])
            self.net.load_state_dict({k: v.float() for k, v in saved["state"].items()})
        except Exception as exc:
            raise EncoderLoadError(f"cannot load the span tagger {path}: {type(exc).__name__}: {exc}", path) from exc
        self.net.eval()
        # a fine-tuned tagger carries its encoder's weights; a frozen-encoder one uses the packaged encoder
        self.encoder = encoder or Encoder(state=saved.get("encoder"))

    def tag(self, text: str) -> list[TaggedSpan]:
        """Every Source, Cue and Content span the tagger finds in ``text``."""
        import torch

        encoded = self.encoder.encode(text)
        if encoded.features.shape[0] == 0:
            return []
        with torch.inference_mode():
            probs = torch.softmax(self.net(encoded.features[None])[0], -1)
        return decode(probs.numpy(), encoded.offsets)
