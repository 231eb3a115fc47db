"""Make a Stanza tagger or parser trained with ``--bert_model <the wheel's model folder>`` loadable anywhere.

Stanza records the transformer's path in the model file, and that path only exists on the training machine.
This rewrites it to :data:`service.learned.stanza_encoder.ENCODER_NAME`, the name under which
``build_pipeline`` hands Stanza the packaged encoder (its weights' hash checked). The network weights are
left as they are; the transformer's own weights are not in the file (it was not fine-tuned).

    python -m tools.train.encoder_models build/models-bert/pos/en_tagger.pt models/en/pos.pt
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from service.learned.stanza_encoder import ENCODER_NAME


def rewrite(source: Path, target: Path) -> str | None:
    """Copy the model at ``source`` to ``target`` with its transformer named ENCODER_NAME; the old name (None
    for a model trained without one, copied unchanged)."""
    import torch

    checkpoint = torch.load(source, map_location="cpu", weights_only=False)
    config = checkpoint["config"]
    old = config.get("bert_model")
    if not old:
        shutil.copyfile(source, target)  # a model without a transformer is shipped as it is
        return None
    if any(k.startswith("bert_model.") for k in checkpoint["model"]):
        raise SystemExit(f"{source} carries fine-tuned transformer weights; the packaged encoder would not match")
    config["bert_model"] = ENCODER_NAME
    checkpoint.pop("optimizer", None)  # only for resuming: the shipped file needs none
    torch.save(checkpoint, target)
    return old


def main() -> None:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("target", type=Path)
    args = ap.parse_args()
    old = rewrite(args.source, args.target)
    if old is None:
        print(f"{args.target}: no transformer, copied unchanged")
    else:
        print(f"{args.target}: transformer {old!r} -> {ENCODER_NAME!r}")


if __name__ == "__main__":
    main()
