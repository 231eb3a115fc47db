"""Calibrate the tokenizer's sentence-break threshold on the UD dev files, and optionally write it into the model.

    python -m tools.train.calibrate_sentences [--model models/en/tokenize.pt] [--grid -1:3:0.25]
        [--write models/en/tokenize.pt]

Stanza's tokenizer scores a sentence break at each character with one logit (``sent_clf``) and breaks where it is
above zero. Trained on EWT, GUM and news-style sentences, the shipped tokenizer misses more breaks than it
invents (EWT recall 86, precision 92): web and e-mail text often ends a sentence with no full stop. Adding a
constant to that logit's bias moves the threshold; nothing else in the network changes. This script runs the
tokenizer (and the MWT expander beside it) over the dev files of EWT and GUM-cc for each offset of a grid,
scores them with the CoNLL 2018 scorer, and picks the offset with the best mean sentence F1 of the two, provided
token F1 falls by no more than ``--max-token-loss`` on either. The test files are never read here.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from tools.score_models import DEFAULT_UD, _form, raw_text

DEV_FILES = {"en_ewt": "en_ewt-ud-dev.conllu", "en_gumcc": "en_gumcc-ud-dev.conllu"}
BIAS = "sent_clf.bias"


def _segmentation_conllu(doc: Any, text: str) -> str:
    """CoNLL-U with forms only: each word hangs from the one before, so the scorer's tree checks pass."""
    lines = []
    for sent in doc.sentences:
        for token in sent.tokens:
            surface = _form(text[token.start_char : token.end_char])
            words = token.words
            if len(words) > 1:
                lines.append(f"{words[0].id}-{words[-1].id}\t{surface}" + "\t_" * 8)
            for word in words:
                form = surface if len(words) == 1 else _form(word.text)
                lines.append(f"{word.id}\t{form}\t_\t_\t_\t_\t{word.id - 1}\tdep\t_\t_")
        lines.append("")
    return "\n".join(lines) + "\n"


def segmentation_scores(pipeline: Any, gold_path: Path) -> dict[str, float]:
    """Token and sentence F1 (x 100) of ``pipeline`` on the raw text of one gold file."""
    from udtools import udeval

    text = raw_text(gold_path)
    doc = pipeline(text)
    with tempfile.NamedTemporaryFile("w", suffix=".conllu", encoding="utf-8", delete=False) as out:
        out.write(_segmentation_conllu(doc, text))
    gold = udeval.load_conllu_file(str(gold_path))
    system = udeval.load_conllu_file(out.name)
    Path(out.name).unlink()
    evaluation = udeval.evaluate(gold, system)
    return {m: round(100 * evaluation[m].f1, 2) for m in ("Tokens", "Sentences")} | {
        "sent_p": round(100 * evaluation["Sentences"].precision, 2),
        "sent_r": round(100 * evaluation["Sentences"].recall, 2),
    }


def _grid(spec: str) -> list[float]:
    low, high, step = (float(x) for x in spec.split(":"))
    count = int(round((high - low) / step)) + 1
    return [round(low + i * step, 4) for i in range(count)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=Path("models/en/tokenize.pt"))
    ap.add_argument("--mwt", type=Path, default=Path("models/en/mwt.pt"))
    ap.add_argument("--ud", type=Path, default=DEFAULT_UD)
    ap.add_argument("--grid", default="-1:3:0.25", help="low:high:step of bias offsets")
    ap.add_argument("--max-token-loss", type=float, default=0.05)
    ap.add_argument("--write", type=Path, default=None, help="save the model with the chosen offset here")
    args = ap.parse_args(argv)

    import torch

    from service.nlp import build_pipeline

    torch.set_num_threads(1)
    pipeline = build_pipeline(
        processors=("tokenize", "mwt"), tokenize_model_path=str(args.model), mwt_model_path=str(args.mwt)
    )
    bias = pipeline.processors["tokenize"].trainer.model.sent_clf.bias
    original = bias.detach().clone()
    results: dict[float, dict[str, dict[str, float]]] = {}
    for offset in _grid(args.grid):
        with torch.no_grad():
            bias.copy_(original + offset)
        results[offset] = {name: segmentation_scores(pipeline, args.ud / f) for name, f in DEV_FILES.items()}
        row = "  ".join(f"{n} tok {s['Tokens']:.2f} sent {s['Sentences']:.2f} (P {s['sent_p']:.2f} R {s['sent_r']:.2f})"
                        for n, s in results[offset].items())
        print(f"offset {offset:+.2f}  {row}", flush=True)

    base = results.get(0.0) or next(iter(results.values()))
    allowed = [o for o, r in results.items()
               if all(base[n]["Tokens"] - r[n]["Tokens"] <= args.max_token_loss for n in DEV_FILES)]
    best = max(allowed, key=lambda o: sum(results[o][n]["Sentences"] for n in DEV_FILES))
    print(f"best offset {best:+.2f}: " + ", ".join(f"{n} sentences {results[best][n]['Sentences']:.2f}"
                                                   for n in DEV_FILES))
    if args.write:
        checkpoint = torch.load(args.model, map_location="cpu", weights_only=False)
        checkpoint["model"][BIAS] = checkpoint["model"][BIAS] + best
        torch.save(checkpoint, args.write)
        print(f"wrote {args.write} ({BIAS} + {best})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
