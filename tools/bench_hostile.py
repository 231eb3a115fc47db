"""Peak memory and time of one worker on the worst shapes of input, each in a fresh process.

    python -m tools.bench_hostile                       # every shape, shipped limits
    python -m tools.bench_hostile --max-sentence-words 0 --only no-punct-15k   # the unbounded parser, for contrast

Each shape runs in its own child process (models loaded, one torch thread, as in a gunicorn worker), so the
peak RSS (``ru_maxrss``) is that shape's alone. The figures go in the issue notes; no test times anything.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

SHAPES = {
    # 3,000 words, no sentence end: one "sentence" for the tokenizer
    "no-punct-15k": lambda: " ".join(["the council would meet again"] * 600)[:15_000],
    "no-punct-100k": lambda: " ".join(["the council would meet again"] * 4_000)[:100_000],
    # an opening mark never closed, then a long run of words
    "unclosed-quote-15k": lambda: "The mayor said: “" + " ".join(["we will rebuild the city"] * 600)[:15_000],
    "single-token-99k": lambda: "x" * 99_000,
    "emoji-only-50k": lambda: "😀🎉👍🏽" * 12_500,
    "nested-marks-20k": lambda: ("“‘«„" * 2_500) + " he said " + ("”’»“" * 2_500),
    "commas-only-100k": lambda: ", ".join(["yes"] * 25_000)[:100_000],
    "newlines-100k": lambda: "said\n" * 20_000,
}


def _child(shape: str, max_words: int) -> None:
    import torch

    torch.set_num_threads(1)
    from service.attribution import Options, build_extractor

    extractor = build_extractor(warm=True, max_sentence_words=max_words or 10**9)
    text = SHAPES[shape]()
    started = time.perf_counter()
    analysis = extractor.analyze(text, Options(include_unattributed=True))
    seconds = time.perf_counter() - started
    for record in analysis.attributions:
        assert text[record.quote.start : record.quote.end] == record.quote.text
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"shape": shape, "chars": len(text), "seconds": round(seconds, 2), "peak_rss_mib": round(peak_mib),
                      "sentences": analysis.meta["sentences"], "records": len(analysis.attributions)}))  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Run every shape (or ``--only`` some) in a child process and print one line per shape."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="*", choices=sorted(SHAPES), help="shapes to run (default: all)")
    ap.add_argument("--max-sentence-words", type=int, default=200, help="0 for no bound (dangerous: 15+ GB)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per shape before the child is killed")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(args.child, args.max_sentence_words)
        return 0
    print(f"{'shape':<20} {'chars':>8} {'seconds':>8} {'peak RSS MiB':>13} {'sentences':>10} {'records':>8}")
    for shape in args.only or list(SHAPES):
        command = [sys.executable, "-m", "tools.bench_hostile", "--child", shape,
                   "--max-sentence-words", str(args.max_sentence_words)]  # fmt: skip
        try:
            proc = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout, env=os.environ)
        except subprocess.TimeoutExpired:
            print(f"{shape:<20} timed out after {args.timeout:g} s")
            continue
        if proc.returncode != 0:
            print(f"{shape:<20} FAILED (exit {proc.returncode}): {proc.stderr.strip().splitlines()[-1:]}")
            continue
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"{shape:<20} {row['chars']:>8} {row['seconds']:>8} {row['peak_rss_mib']:>13} {row['sentences']:>10} "
              f"{row['records']:>8}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
