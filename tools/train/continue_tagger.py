"""Run Stanza's tagger training, starting from an already trained tagger instead of random weights.

Stanza's parser has ``--continue_from``; its tagger does not. This wrapper gives the tagger the same: the
model named by ``--continue_from`` is loaded in place of a fresh one, and training goes on with a fresh
optimizer under the usual flags. The vocabulary built from the training data must equal the saved one
(it does when ``train.sh prepare`` rebuilt the same data), or the word indices would not line up.

    python tools/train/continue_tagger.py --continue_from models/en/pos.pt <stanza.models.tagger flags>
"""

from __future__ import annotations

import sys

from stanza.models import tagger
from stanza.models.pos.trainer import Trainer


def main(argv: list[str]) -> None:
    """Strip ``--continue_from PATH`` from ``argv`` and run the tagger's trainer from that model."""
    if "--continue_from" not in argv:
        tagger.main(argv)
        return
    k = argv.index("--continue_from")
    source = argv[k + 1]
    argv = argv[:k] + argv[k + 2 :]

    class Continued(Trainer):
        def __init__(self, args=None, vocab=None, pretrain=None, model_file=None, device=None, foundation_cache=None):
            if model_file is not None or vocab is None:
                super().__init__(args, vocab, pretrain, model_file, device, foundation_cache)
                return
            super().__init__(args, None, pretrain, source, device, foundation_cache)
            if self.vocab.state_dict() != vocab.state_dict():
                raise SystemExit(f"{source}: its vocabulary differs from the training data's; train from scratch")
            print(f"continuing from {source}", file=sys.stderr, flush=True)

    tagger.Trainer = Continued
    tagger.main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
