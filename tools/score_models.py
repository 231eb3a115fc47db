"""Score the shipped Stanza models end to end from raw text with the CoNLL 2018 shared-task scorer.

    python -m tools.score_models [--model-dir models/en] [--ud ../shared/data/ud] [--write models/scores.json]

For each UD test file (EWT and the CC-licensed part of GUM) the raw text is rebuilt from the ``# text``
comments (``# newdoc`` and ``# newpar`` start a new paragraph, "\\n\\n"; sentences of one paragraph are joined
by a space), run through the pipeline, written out as CoNLL-U under ``--pred-dir`` and compared with the gold
file by the CoNLL 2018 scorer that Stanza uses (``udtools.udeval``, formerly
``stanza.utils.conll18_ud_eval``). Reported: F1 of Tokens, Sentences, Words, UPOS, Lemmas, UAS and LAS, and
on EWT the labelled F1 of the relations quote attribution depends on, from the same aligned output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import re
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_UD = REPO.parent / "shared" / "data" / "ud"
TREEBANKS = {"en_ewt": "en_ewt-ud-test.conllu", "en_gumcc": "en_gumcc-ud-test.conllu"}
METRICS = ("Tokens", "Sentences", "Words", "UPOS", "Lemmas", "UAS", "LAS")
# Relations the attribution rules read: speech verbs' complements and parentheticals, speakers, and the
# nominal structure of speaker descriptions ("NATO Secretary General Jens Stoltenberg").
QUOTE_RELATIONS = ("ccomp", "parataxis", "nsubj", "obl", "conj", "appos", "compound")
_WS = re.compile(r"\s")


def raw_text(conllu: Path) -> str:
    """The raw text of a CoNLL-U file from its ``# text`` comments, with paragraph breaks as blank lines."""
    paragraphs: list[list[str]] = []
    new_par = True
    for line in conllu.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc") or line.startswith("# newpar"):
            new_par = True
        elif line.startswith("# text = "):
            if new_par or not paragraphs:
                paragraphs.append([])
                new_par = False
            paragraphs[-1].append(line[len("# text = ") :].strip())
    return "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


def _form(text: str) -> str:
    """A token's surface for CoNLL-U: taken from the input text, inner whitespace made plain spaces."""
    return _WS.sub(" ", text) or "_"


def _col(value: Any) -> str:
    return "_" if value in (None, "") else str(value)


def to_conllu(doc: Any, text: str) -> Iterator[str]:
    """CoNLL-U lines for a Stanza document; token forms are the input's own characters (not ``token.text``,
    which Stanza may replace, e.g. by ``<UNK>`` for very long tokens)."""
    for sent in doc.sentences:
        for token in sent.tokens:
            surface = _form(text[token.start_char : token.end_char])
            words = token.words
            if len(words) > 1:
                yield f"{words[0].id}-{words[-1].id}\t{surface}" + "\t_" * 8
            for word in words:
                form = surface if len(words) == 1 else _form(word.text)
                head = str(word.head if word.head is not None else 0)
                columns = [str(word.id), form, _col(word.lemma), _col(word.upos), _col(word.xpos)]
                columns += [_col(word.feats), head, _col(word.deprel), "_", "_"]
                yield "\t".join(columns)
        yield ""


def _score_dict(score: Any) -> dict[str, float | int]:
    return {
        "precision": round(100 * score.precision, 2),
        "recall": round(100 * score.recall, 2),
        "f1": round(100 * score.f1, 2),
        "gold": score.gold_total,
        "system": score.system_total,
        "correct": score.correct,
    }


def relation_scores(gold: Any, system: Any, relations: Iterable[str]) -> dict[str, dict[str, float | int]]:
    """Labelled F1 per relation (head and universal relation both right), on the scorer's own alignment.

    The scorer's CLAS counts only words whose ``is_content_deprel`` flag is set, in both files, matched by
    the gold word: marking just the words of one relation turns CLAS into that relation's LAS precision,
    recall and F1.
    """
    from udtools import udeval

    words = list(gold.words) + list(system.words)
    saved = [w.is_content_deprel for w in words]
    out = {}
    try:
        for rel in relations:
            for w in words:
                w.is_content_deprel = w.columns[udeval.DEPREL] == rel
            out[rel] = _score_dict(udeval.evaluate(gold, system)["CLAS"])
    finally:
        for w, flag in zip(words, saved, strict=True):
            w.is_content_deprel = flag
    return out


def model_files(model_dir: Path) -> dict[str, dict[str, Any]]:
    """Size and SHA-256 of each shipped model file, to tie the scores to one checkpoint."""
    from service.nlp import model_paths

    files = {}
    for proc, path in model_paths(model_dir).items():
        data = path.read_bytes()
        files[proc] = {"file": path.name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()[:16]}
    return files


def score_treebank(pipeline: Any, gold_path: Path, pred_path: Path, relations: Iterable[str] = ()) -> dict:
    """Parse one test file from raw text, write the prediction and score it."""
    from udtools import udeval

    text = raw_text(gold_path)
    start = time.perf_counter()
    doc = pipeline(text)
    seconds = time.perf_counter() - start
    pred_path.parent.mkdir(parents=True, exist_ok=True)
    pred_path.write_text("\n".join(to_conllu(doc, text)) + "\n", encoding="utf-8")
    gold = udeval.load_conllu_file(str(gold_path))
    system = udeval.load_conllu_file(str(pred_path))
    evaluation = udeval.evaluate(gold, system)
    result: dict[str, Any] = {
        "gold": str(gold_path.name),
        "words": len(gold.words),
        "parse_seconds": round(seconds, 1),
        "scores": {m: _score_dict(evaluation[m]) for m in METRICS},
    }
    if relations:
        result["relations"] = relation_scores(gold, system, relations)
    return result


def print_table(results: dict[str, dict]) -> None:
    """The F1 table, one column per treebank, then the per-relation table."""
    names = list(results)
    print(f"{'metric (F1)':<14}" + "".join(f"{n:>10}" for n in names))
    for m in METRICS:
        print(f"{m:<14}" + "".join(f"{results[n]['scores'][m]['f1']:>10.2f}" for n in names))
    for n in names:
        rels = results[n].get("relations")
        if not rels:
            continue
        print(f"\n{n}: relation      P        R       F1    gold")
        for rel, s in rels.items():
            print(f"  {rel:<14}{s['precision']:>7.2f}  {s['recall']:>7.2f}  {s['f1']:>7.2f}  {s['gold']:>6}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model-dir", type=Path, default=None, help="model directory (default: models/en)")
    ap.add_argument("--ud", type=Path, default=DEFAULT_UD, help="folder with the UD test files")
    ap.add_argument("--pred-dir", type=Path, default=REPO / "build" / "scores", help="predictions go here")
    ap.add_argument("--write", type=Path, default=None, help="write JSON, e.g. models/scores.json")
    ap.add_argument("--treebank", choices=sorted(TREEBANKS), action="append", help="only these (repeatable)")
    args = ap.parse_args(argv)

    import stanza
    import torch

    from service.nlp import build_pipeline, resolve_model_dir

    model_dir = resolve_model_dir(args.model_dir)
    start = time.perf_counter()
    pipeline = build_pipeline(model_dir)
    load_seconds = time.perf_counter() - start
    results = {}
    for name in args.treebank or list(TREEBANKS):
        gold = args.ud / TREEBANKS[name]
        if not gold.is_file():
            print(f"missing UD test file: {gold}", file=sys.stderr)
            return 2
        rels = QUOTE_RELATIONS if name == "en_ewt" else ()
        results[name] = score_treebank(pipeline, gold, args.pred_dir / f"{name}.pred.conllu", rels)
        done = results[name]
        print(f"{name}: {done['words']} words parsed in {done['parse_seconds']} s", file=sys.stderr)
    print_table(results)

    if args.write:
        try:
            shown_dir = str(model_dir.relative_to(REPO))
        except ValueError:
            shown_dir = str(model_dir)
        report = {
            "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "model_dir": shown_dir,
            "models": model_files(model_dir),
            "scorer": "CoNLL 2018 shared task scorer (udtools.udeval), end to end from raw text, F1 x 100",
            "stanza": stanza.__version__,
            "torch": torch.__version__,
            "python": platform.python_version(),
            "load_seconds": round(load_seconds, 1),
            "treebanks": results,
        }
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
