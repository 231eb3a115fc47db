"""Fine-tune the span tagger end to end: the MiniLM encoder and the head together, on PolNeAR train.

    python -m tools.train.finetune_tagger --train ../shared/data/polnear/train --dev ../shared/data/polnear/dev \
        --init models/tagger/span_tagger.pt --out build/finetune/span_tagger.pt

The frozen-encoder tagger (tools/train/train_tagger.py) learns only its head; here the encoder's weights
move too, at a small learning rate. The run starts from ``--init``: its head, and its encoder when the file
carries one, so the same command goes on from the shipped fine-tuned tagger (session 5 started from the
frozen tagger's head, so its first epoch began where that one ended). Each epoch is scored on dev with
the same overlap F1 as train_tagger.py; every epoch's file goes to ``--checkpoints`` (so a stopped session
loses at most one epoch, and ``--resume`` picks the run up from there) and the best to ``--out``, the
encoder in float16.
The held-out train articles (``--holdout-every``) stay out, as for the frozen tagger, for the scorer.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

from service.learned.encoder import WINDOW, Encoder, piece_features
from service.learned.tagger import LABELS, build_network
from tools.evaluate import load_split
from tools.train.train_tagger import evaluate, labels_for

SEGMENT = 256  # pieces per training window, [CLS] and [SEP] included


def pieces(split: Path, encoder: Encoder, holdout_every: int = 0) -> list[dict]:
    """Piece ids, offsets and BIO tags of every article of ``split`` but the held-out ones."""
    articles, _ = load_split(split)
    if holdout_every:
        articles = [a for k, a in enumerate(articles) if k % holdout_every != 0]
    out = []
    for art in articles:
        enc = encoder.tokenizer.encode(art.text, add_special_tokens=False)
        offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
        tags = labels_for(art.text, art.ann_path.read_text(encoding="utf-8"), offsets)
        out.append({"name": art.name, "text": art.text, "ann": art.ann_path, "ids": enc.ids,
                    "offsets": offsets, "tags": tags})  # fmt: skip
    return out


def windows(items: list[dict], rng: random.Random) -> list[tuple[int, int, int]]:
    """(article, start, end) training windows tiling each article, from a random first offset per epoch, so
    window edges fall in new places each time."""
    inner = SEGMENT - 2
    out = []
    for a, item in enumerate(items):
        n = len(item["ids"])
        start = -rng.randrange(inner // 2) if n > inner else 0
        for s in range(start, n, inner):
            out.append((a, max(s, 0), min(s + inner, n)))
    return out


def features(model, ids, mask=None):
    """The head's input for a batch of windows ([CLS]/[SEP] included), as Encoder.encode builds it."""
    return piece_features(model(input_ids=ids, attention_mask=mask, output_hidden_states=True).hidden_states)


def dev_items(dev: list[dict], encoder: Encoder) -> list[dict]:
    """Dev articles with features from the encoder as it is now (Encoder.encode's windows)."""
    encoder.model.eval()
    out = []
    for item in dev:
        enc = encoder.encode(item["text"])
        out.append({**item, "features": enc.features, "offsets": enc.offsets})
    return out


def save(path: Path, encoder: Encoder, net, epoch: int, scores: dict, flags: dict, optim=None) -> None:
    """The tagger file: head and encoder weights in float16 (and, for a checkpoint, the optimiser)."""
    import torch

    path.parent.mkdir(parents=True, exist_ok=True)
    # a checkpoint resumes at full precision; the tagger file ships in float16
    keep = (lambda v: v.clone()) if optim is not None else (lambda v: v.half())
    blob = {"config": net.config, "state": {k: keep(v) for k, v in net.state_dict().items()},
            "encoder": {k: keep(v) for k, v in encoder.model.state_dict().items()},
            "epoch": epoch, "dev": scores, "flags": flags}  # fmt: skip
    if optim is not None:
        blob["optim"] = optim.state_dict()
    tmp = path.with_suffix(".tmp")
    torch.save(blob, tmp)
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    """Fine-tune, score each epoch on dev, keep the best."""
    import torch

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=Path, required=True)
    ap.add_argument("--dev", type=Path, required=True)
    ap.add_argument("--init", type=Path, default=Path("models/tagger/span_tagger.pt"),
                    help="tagger file to start from: its head, and its encoder when it carries one")
    ap.add_argument("--out", type=Path, default=Path("build/finetune/span_tagger.pt"))
    ap.add_argument("--checkpoints", type=Path, default=Path("build/finetune"))
    ap.add_argument("--resume", type=Path, help="a checkpoint of this script to go on from")
    ap.add_argument("--log", type=Path, default=Path("build/finetune-curve.jsonl"))
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr-encoder", type=float, default=5e-5)
    ap.add_argument("--lr-head", type=float, default=5e-4)
    ap.add_argument("--warmup", type=float, default=0.05, help="share of all steps with a rising rate")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--holdout-every", type=int, default=7)
    ap.add_argument("--limit", type=int, default=0, help="only this many train and dev articles (a smoke run)")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)

    encoder = Encoder()
    init = torch.load(args.init, map_location="cpu", weights_only=True)
    net = build_network(**init["config"])
    net.load_state_dict({k: v.float() for k, v in init["state"].items()})
    if "encoder" in init:  # a fine-tuned file (the shipped one): go on from its encoder too
        encoder.model.load_state_dict({k: v.float() for k, v in init["encoder"].items()})
    train = pieces(args.train, encoder, args.holdout_every)
    dev = pieces(args.dev, encoder)
    if args.limit:
        train, dev = train[: args.limit], dev[: args.limit]
    steps_per_epoch = len(windows(train, random.Random(0))) // args.batch + 1
    total_steps = steps_per_epoch * args.epochs
    warm = max(1, int(total_steps * args.warmup))
    params = [{"params": encoder.model.parameters(), "lr": args.lr_encoder},
              {"params": net.parameters(), "lr": args.lr_head}]  # fmt: skip
    optim = torch.optim.AdamW(params, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda k: min((k + 1) / warm, max(0.0, (total_steps - k) / max(1, total_steps - warm))))
    first, step, best = 1, 0, -1.0
    if args.resume:
        ck = torch.load(args.resume, map_location="cpu", weights_only=False)
        encoder.model.load_state_dict({k: v.float() for k, v in ck["encoder"].items()})
        net.load_state_dict({k: v.float() for k, v in ck["state"].items()})
        optim.load_state_dict(ck["optim"])
        first, best = ck["epoch"] + 1, ck["flags"].get("best", -1.0)
        step = (first - 1) * steps_per_epoch
        for _ in range(step):
            sched.step()
        rng = random.Random(args.seed + first)
    flags = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    pad = encoder.tokenizer.token_to_id("[PAD]") or 0
    started = time.perf_counter()
    args.log.parent.mkdir(parents=True, exist_ok=True)
    print(f"{len(train)} train articles, {steps_per_epoch} steps an epoch, window {SEGMENT}", flush=True)
    assert SEGMENT <= WINDOW
    for epoch in range(first, args.epochs + 1):
        encoder.model.train()
        net.train()
        batches = windows(train, rng)
        rng.shuffle(batches)
        total, seen = 0.0, 0
        for b in range(0, len(batches), args.batch):
            batch = batches[b : b + args.batch]
            width = max(e - s for _, s, e in batch) + 2
            ids = torch.full((len(batch), width), pad, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            y = torch.full((len(batch), width, len(LABELS)), -100, dtype=torch.long)
            for k, (a, s, e) in enumerate(batch):
                item = train[a]
                ids[k, : e - s + 2] = torch.tensor([encoder.cls_id, *item["ids"][s:e], encoder.sep_id])
                mask[k, : e - s + 2] = 1
                y[k, 1 : e - s + 1] = torch.from_numpy(item["tags"][s:e])
            logits = net(features(encoder.model, ids, mask))
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, 3), y.reshape(-1), ignore_index=-100)
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([*encoder.model.parameters(), *net.parameters()], 1.0)
            optim.step()
            sched.step()
            step += 1
            total += loss.item() * len(batch)
            seen += len(batch)
            if step % 100 == 0:
                print(f"  epoch {epoch} step {step} loss {total / seen:.4f} "
                      f"{(time.perf_counter() - started) / 60:.1f} min", flush=True)  # fmt: skip
        scores = evaluate(net, dev_items(dev, encoder))
        mean_f1 = sum(s["f1"] for s in scores.values()) / len(scores)
        row = {"epoch": epoch, "loss": round(total / max(seen, 1), 4), "dev": scores, "mean_f1": round(mean_f1, 4),
               "minutes": round((time.perf_counter() - started) / 60, 1), "run": "finetune"}  # fmt: skip
        with args.log.open("a") as f:
            f.write(json.dumps(row) + "\n")
        print(json.dumps(row), flush=True)
        if mean_f1 > best:
            best = mean_f1
            save(args.out, encoder, net, epoch, scores, flags)
            print(f"saved {args.out} (epoch {epoch}, mean dev overlap F1 {mean_f1:.4f})", flush=True)
        save(args.checkpoints / f"epoch{epoch}.pt", encoder, net, epoch, scores, {**flags, "best": best}, optim)
    return 0


if __name__ == "__main__":
    sys.exit(main())
