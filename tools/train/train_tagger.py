"""Train the span tagger (service/learned/tagger.py) on PolNeAR train, selecting on dev.

    python -m tools.train.train_tagger --train ../shared/data/polnear/train --dev ../shared/data/polnear/dev \
        --cache build/tagger-cache --out models/tagger/span_tagger.pt

The encoder is frozen, so its features are computed once per article and cached (``--cache``, float16);
then only the head trains. Every epoch is scored on dev with the span definitions of tools/evaluate.py
(overlap F1 per layer), and the best epoch by mean overlap F1 is saved. Learning curves go to ``--log``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

from service.learned.encoder import DIM, Encoder
from service.learned.tagger import LABELS, B, I, build_network, decode
from tools.evaluate import Item, load_split, match_overlap, parse_brat, trim

SEGMENT = 256  # pieces per training sequence


def labels_for(text: str, ann_text: str, offsets: np.ndarray) -> np.ndarray:
    """BIO tags (n × 3) of the pieces from a .ann file's Source, Cue and Content spans."""
    tags = np.zeros((len(offsets), len(LABELS)), dtype=np.int64)
    doc = parse_brat(ann_text)
    starts = offsets[:, 0]
    for span in doc.spans.values():
        label = span.label.lower()
        if label not in LABELS:
            continue
        li = LABELS.index(label)
        for s, e in span.frags:
            inside = np.nonzero((starts >= s) & (offsets[:, 1] <= e))[0]
            if len(inside):
                tags[inside, li] = I
                tags[inside[0], li] = B
    return tags


def featurise(split: Path, cache: Path, encoder: Encoder, holdout_every: int = 0) -> list[dict]:
    """Features, offsets and tags of every article of ``split`` (cached per article), leaving out those whose
    index is a multiple of ``holdout_every`` (kept for the scorer: tools/train/train_scorer.py)."""
    import torch

    articles, _ = load_split(split)
    if holdout_every:
        articles = [a for k, a in enumerate(articles) if k % holdout_every != 0]
    cache.mkdir(parents=True, exist_ok=True)
    out = []
    t0 = time.perf_counter()
    for k, art in enumerate(articles):
        path = cache / f"{art.name}.pt"
        if path.exists():
            item = torch.load(path, weights_only=False)
        else:
            enc = encoder.encode(art.text)
            item = {"features": enc.features.half(), "offsets": enc.offsets}
            torch.save(item, path)
        item["tags"] = labels_for(art.text, art.ann_path.read_text(encoding="utf-8"), item["offsets"])
        item["name"], item["text"], item["ann"] = art.name, art.text, art.ann_path
        out.append(item)
        if k % 50 == 0:
            print(f"  {split.name}: {k + 1}/{len(articles)} articles, {time.perf_counter() - t0:.0f}s", flush=True)
    return out


def gold_spans(item: dict) -> dict[str, list[Item]]:
    """The article's gold spans per label, trimmed as tools/evaluate.py trims them."""
    doc = parse_brat(Path(item["ann"]).read_text(encoding="utf-8"))
    out: dict[str, list[Item]] = {label: [] for label in LABELS}
    for span in doc.spans.values():
        label = span.label.lower()
        if label in LABELS:
            for s, e in span.frags:
                out[label].append(Item(trim(item["text"], ((s, e),), strip_that=label == "content"), "all"))
    return out


def evaluate(net, items: list[dict]) -> dict[str, dict[str, float]]:
    """Overlap P/R/F1 per label on ``items`` (each fragment a span, as the tagger predicts them)."""
    import torch

    net.eval()
    counts = {label: [0, 0, 0] for label in LABELS}  # tp, predicted, gold
    with torch.inference_mode():
        for item in items:
            probs = torch.softmax(net(item["features"].float()[None])[0], -1).numpy()
            pred: dict[str, list[Item]] = {label: [] for label in LABELS}
            for span in decode(probs, item["offsets"]):
                frags = trim(item["text"], ((span.start, span.end),), strip_that=span.label == "content")
                pred[span.label].append(Item(frags, "all"))
            gold = gold_spans(item)
            for label in LABELS:
                pairs = match_overlap(gold[label], pred[label])
                counts[label][0] += len(pairs)
                counts[label][1] += len(pred[label])
                counts[label][2] += len(gold[label])
    out = {}
    for label, (tp, npred, ngold) in counts.items():
        p, r = tp / npred if npred else 0.0, tp / ngold if ngold else 0.0
        out[label] = {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}
    return out


def segments(items: list[dict]) -> list[tuple[int, int, int]]:
    """(article, start, end) windows of at most SEGMENT pieces, overlapping by half."""
    out = []
    for a, item in enumerate(items):
        n = len(item["offsets"])
        for s in range(0, max(n - SEGMENT // 2, 1), SEGMENT // 2):
            out.append((a, s, min(s + SEGMENT, n)))
    return out


def main(argv: list[str] | None = None) -> int:
    """Featurise, train, select on dev, save."""
    import torch

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=Path, required=True)
    ap.add_argument("--dev", type=Path, required=True)
    ap.add_argument("--cache", type=Path, default=Path("build/tagger-cache"))
    ap.add_argument("--out", type=Path, default=Path("models/tagger/span_tagger.pt"))
    ap.add_argument("--log", type=Path, default=Path("build/tagger-curve.jsonl"))
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--hidden", type=int, default=192)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--holdout-every", type=int, default=7, help="train articles kept out for the scorer")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    torch.manual_seed(args.seed)

    encoder = Encoder()
    dev = featurise(args.dev, args.cache / "dev", encoder)
    train = featurise(args.train, args.cache / "train", encoder, args.holdout_every)
    net = build_network(DIM, hidden=args.hidden, dropout=args.dropout)
    optim = torch.optim.Adam(net.parameters(), lr=args.lr)
    windows = segments(train)
    best, started = -1.0, time.perf_counter()
    args.log.parent.mkdir(parents=True, exist_ok=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for epoch in range(1, args.epochs + 1):
        net.train()
        random.shuffle(windows)
        total = 0.0
        for b in range(0, len(windows), args.batch):
            batch = windows[b : b + args.batch]
            width = max(e - s for _, s, e in batch)
            x = torch.zeros((len(batch), width, DIM))
            y = torch.full((len(batch), width, len(LABELS)), -100, dtype=torch.long)
            for k, (a, s, e) in enumerate(batch):
                x[k, : e - s] = train[a]["features"][s:e].float()
                y[k, : e - s] = torch.from_numpy(train[a]["tags"][s:e])
            logits = net(x)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, 3), y.reshape(-1), ignore_index=-100)
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            optim.step()
            total += float(loss) * len(batch)
        scores = evaluate(net, dev)
        mean_f1 = sum(s["f1"] for s in scores.values()) / len(scores)
        row = {"epoch": epoch, "loss": round(total / len(windows), 4), "dev": scores, "mean_f1": round(mean_f1, 4),
               "minutes": round((time.perf_counter() - started) / 60, 1)}  # fmt: skip
        with args.log.open("a") as f:
            f.write(json.dumps(row) + "\n")
        print(json.dumps(row), flush=True)
        if mean_f1 > best:
            best = mean_f1
            state = {k: v.half() for k, v in net.state_dict().items()}
            flags = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
            torch.save({"config": net.config, "state": state, "epoch": epoch, "dev": scores, "flags": flags}, args.out)
            print(f"saved {args.out} (epoch {epoch}, mean dev overlap F1 {mean_f1:.4f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
