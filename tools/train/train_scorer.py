"""Fit the proposal scorer (service/attribution/proposals.py) on PolNeAR train articles the tagger never saw.

    python -m tools.train.train_scorer --split ../shared/data/polnear/train --holdout-every 7 \
        --parse-cache build/parse-cache --out models/tagger/scorer.json

The tagger is trained with ``--holdout-every 7`` too, so the articles whose index is a multiple of 7 are
unseen by it: its scores there are what it gives on new text, and the scorer learns to turn them into a
calibrated probability that the proposal matches a gold Content (overlap, as tools/evaluate.py counts it).
It also measures, for each rule family, how often its records match gold where the tagger agrees with them
and where it does not: the engine then gives rule records that measured precision as their confidence.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from service.attribution import Options, build_extractor
from service.attribution import lexicons as lexicon_files
from service.attribution.engine import find_attributions, proposal_fences
from service.attribution.proposals import agrees, calibration_key, propose, tidy_contents
from tools.evaluate import gold_items, load_split, overlap_share, parse_brat, trim
from tools.parse_cache import CachedExtractor

FEATURES = ("content", "cue", "source", "has_cue", "has_source", "speech_cue", "long")


def main(argv: list[str] | None = None) -> int:
    """Collect held-out proposals with their labels, fit a logistic regression, write its weights."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", type=Path, required=True)
    ap.add_argument("--holdout-every", type=int, default=7)
    ap.add_argument("--parse-cache", type=Path, default=Path("build/parse-cache"))
    ap.add_argument("--out", type=Path, default=Path("models/tagger/scorer.json"))
    args = ap.parse_args(argv)
    from sklearn.linear_model import LogisticRegression

    articles, _ = load_split(args.split)
    held = [a for k, a in enumerate(articles) if k % args.holdout_every == 0]
    extractor = CachedExtractor(build_extractor(learned=True), args.parse_cache)
    lex = lexicon_files.load()
    rows, labels = [], []
    cells: dict[str, list[int]] = {}  # calibration cell → [records, matched]
    for n, art in enumerate(held, start=1):
        doc = extractor.parse([art.text])[0]
        rules = find_attributions(doc, Options()).attributions
        # the proposals that stand in the engine: outside scare quotes, and where no rule record kept its own
        fences = proposal_fences(doc, Options())
        taken = [(r.quote.start, r.quote.end) for r in rules]
        gold = gold_items(art.text, parse_brat(art.ann_path.read_text(encoding="utf-8"))).layers["content"]
        tagged = tidy_contents(doc, extractor.tagged(art.text))  # as the engine reads them
        for record in rules:
            frags = trim(art.text, ((record.quote.start, record.quote.end),))
            key = calibration_key(record.origin, agrees(record.quote.start, record.quote.end, tagged))
            cell = cells.setdefault(key, [0, 0])
            cell[0] += 1
            cell[1] += any(overlap_share(g.frags, frags) >= 0.5 for g in gold)
        for prop in propose(doc, tagged, taken, lex.speech_verbs, fences=fences):
            frags = trim(art.text, ((prop.start, prop.end),))
            matched = any(overlap_share(g.frags, frags) >= 0.5 for g in gold)
            rows.append([prop.features[f] for f in FEATURES])
            labels.append(int(matched))
        print(f"  {n}/{len(held)} articles, {len(rows)} proposals", file=sys.stderr, flush=True)
    model = LogisticRegression(C=1.0, max_iter=1000).fit(rows, labels)
    weights = {"bias": float(model.intercept_[0])}
    weights.update({f: float(w) for f, w in zip(FEATURES, model.coef_[0], strict=True)})
    # a cell's precision, shrunk towards 0.7 by 5 pseudo-records so that a thin cell does not swing
    calibration = {key: round((m + 3.5) / (n + 5), 4) for key, (n, m) in sorted(cells.items()) if n >= 10}
    report = {"weights": weights, "rule_calibration": calibration, "rule_cells": cells,
              "articles": len(held), "proposals": len(rows), "matched": sum(labels),
              "holdout_every": args.holdout_every, "split": str(args.split)}  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
