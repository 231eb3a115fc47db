"""Go on training a saved Stanza tokenizer, with Stanza's own training loop and data.

    python -m tools.train.continue_tokenizer models/en/tokenize.pt UD_English-Newstok --no_charlm \
        --save_dir build/models-tok18 --save_name en_tokenizer.pt --steps 6000 --lr0 5e-4 ...

Everything after the model file goes to ``stanza.utils.training.run_tokenizer`` unchanged (``train.sh tokenize``
passes it with ``CONTINUE_FROM``). Stanza's tokenizer has a ``--load_name`` flag, but its training path calls
``Trainer.load`` with one argument where the method takes three, and would keep an optimizer built for the
network the file replaced; so this script swaps in a trainer that starts from the file's weights, with a fresh
Adam for them. The network's shape comes from the file; the training flags (learning rate, dropouts, steps) come
from the command line. Where the training data orders its characters differently (the vocabulary is sorted by
count), the character embeddings are re-indexed to the data's order; a character the file never saw starts as
its unknown-character row.
"""

from __future__ import annotations

import sys
from typing import Any

# flags that shape the network: taken from the file, whatever the command line says
NETWORK_KEYS = (
    "emb_dim",
    "hidden_dim",
    "conv_filters",
    "residual",
    "hierarchical",
    "hier_invtemp",
    "conv_res",
    "rnn_layers",
    "use_dictionary",
    "num_dict_feat",
    "feat_funcs",
    "feat_dim",
    "vocab_size",
    "use_mwt",
    "input_dropout",
)


def continued_trainer(model_file: str) -> type:
    """A tokenizer ``Trainer`` class whose new instances start from ``model_file`` instead of random weights."""
    from stanza.models.common import utils
    from stanza.models.tokenization.trainer import Trainer

    class ContinuedTrainer(Trainer):
        def __init__(
            self, args: dict[str, Any] | None = None, vocab: Any = None, device: Any = None, **kwargs: Any
        ) -> None:
            if kwargs.get("model_file") is not None:  # Stanza's dev and test runs after training load the result
                super().__init__(args=args, vocab=vocab, device=device, **kwargs)
                return
            super().__init__(model_file=model_file, device=device)
            saved = self.args
            # the run's own flags, except those that would no longer fit the saved network
            self.args = dict(args or {}) | {k: saved[k] for k in NETWORK_KEYS if k in saved}
            if vocab is not None and vocab.state_dict() != self.vocab.state_dict():
                self._adopt_vocab(vocab)
            self.optimizer = utils.get_optimizer(
                "adam", self.model, lr=self.args["lr0"], betas=(0.9, 0.9), weight_decay=self.args["weight_decay"]
            )

        def _adopt_vocab(self, vocab: Any) -> None:
            """Re-index the character embeddings to the training data's vocabulary (ordered by its counts)."""
            import torch

            old = self.model.embeddings.weight.data
            unk = self.vocab.unit2id("<UNK>")
            rows = [self.vocab._unit2id.get(unit, unk) for unit in vocab._id2unit]
            new = torch.nn.Embedding(len(rows), old.shape[1], padding_idx=0).to(old.device)
            new.weight.data.copy_(old[rows])
            unseen = sum(unit not in self.vocab._unit2id for unit in vocab._id2unit)
            self.model.embeddings = new
            self.vocab = vocab
            self.args["vocab_size"] = len(rows)
            print(f"re-indexed {len(rows)} character embeddings to the data's vocabulary ({unseen} new, as <UNK>)")

    return ContinuedTrainer


def main(argv: list[str] | None = None) -> None:
    """Patch Stanza's tokenizer trainer to start from the given file, then run ``run_tokenizer``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) < 2:
        raise SystemExit(__doc__)
    model_file, rest = argv[0], argv[1:]
    from stanza.models import tokenizer
    from stanza.utils.training import run_tokenizer

    tokenizer.Trainer = continued_trainer(model_file)
    sys.argv = ["run_tokenizer", *rest]
    run_tokenizer.main()


if __name__ == "__main__":
    main()
