"""Time per article and peak memory of the engine with and without the learned span tagger, same texts.

    python -m tools.bench_learned [--polnear ../shared/data/polnear/dev --limit 20] [--threads 1]

Each variant runs in its own child process (models loaded, warmed, ``--threads`` torch threads, as in a
gunicorn worker), over the same articles (PolNeAR dev read in place, or the seed article), so the peak RSS
(``ru_maxrss``) and the seconds are each variant's own.

The time ratio comes from a third child that holds both variants over one Stanza pipeline and times them on
each article in turn, the order swapped from one article to the next, for ``--passes`` passes. On a shared
machine the same run's seconds drift by 20% from one minute to the next, which the separate children's ratio
takes in whole; the paired one sees the same drift on both sides. ``QUOTES_ENCODER_PRECISION`` in the
environment reaches the children (float32 against bfloat16).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "ukraine-recognition.txt"


def _texts(polnear: str | None, limit: int) -> list[str]:
    if not polnear:
        return [SEED.read_text(encoding="utf-8")] * limit
    files = sorted((Path(polnear) / "text").glob("*.txt"))
    step = max(1, len(files) // limit)
    return [f.read_text(encoding="utf-8") for f in files[::step][:limit]]


def _child(learned: bool, polnear: str | None, limit: int, threads: int) -> None:
    import torch

    torch.set_num_threads(threads)
    from service.attribution import build_extractor

    started = time.perf_counter()
    extractor = build_extractor(warm=True, learned=learned)
    load_s = time.perf_counter() - started
    texts = _texts(polnear, limit)
    started = time.perf_counter()
    for text in texts:
        extractor.analyze(text)
    seconds = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    print(json.dumps({"learned": learned, "articles": len(texts), "words": words, "load_s": round(load_s, 1),
                      "seconds_per_article": round(seconds / len(texts), 3), "words_per_s": round(words / seconds),
                      "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))  # fmt: skip


def _paired(polnear: str | None, limit: int, threads: int, passes: int) -> None:
    import torch

    torch.set_num_threads(threads)
    from service.attribution import Extractor, build_extractor

    learned = build_extractor(warm=True, learned=True)
    rules = Extractor(learned.pipeline, {"name": "rules"})
    from tools.bench import side_by_side

    texts = _texts(polnear, limit)
    seconds, _ = side_by_side({"rules": rules.analyze, "learned": learned.analyze}, texts, passes)
    runs = passes * len(texts)
    print(json.dumps({"paired_passes": passes, "precision": learned.tagger.encoder.precision,
                      "rules_seconds_per_article": round(seconds["rules"] / runs, 3),
                      "learned_seconds_per_article": round(seconds["learned"] / runs, 3),
                      "time_ratio": round(seconds["learned"] / seconds["rules"], 3)}))  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Run both variants and print their figures and ratios."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", default=None)
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--passes", type=int, default=2, help="passes over the articles in the paired timing")
    ap.add_argument("--child", choices=["rules", "learned", "paired"], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child == "paired":
        _paired(args.polnear, args.limit, args.threads, args.passes)
        return 0
    if args.child:
        _child(args.child == "learned", args.polnear, args.limit, args.threads)
        return 0
    rows = {}
    for variant in ("rules", "learned", "paired"):
        command = [sys.executable, "-m", "tools.bench_learned", "--child", variant, "--limit", str(args.limit),
                   "--threads", str(args.threads), "--passes", str(args.passes)]  # fmt: skip
        if args.polnear:
            command += ["--polnear", args.polnear]
        proc = subprocess.run(command, capture_output=True, text=True, check=True)
        rows[variant] = json.loads(proc.stdout.strip().splitlines()[-1])
        print(json.dumps(rows[variant]))
    r, lrn = rows["rules"], rows["learned"]
    print(json.dumps({"time_ratio": rows["paired"]["time_ratio"],
                      "separate_runs_time_ratio": round(lrn["seconds_per_article"] / r["seconds_per_article"], 2),
                      "extra_rss_mib": lrn["peak_rss_mib"] - r["peak_rss_mib"]}))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
