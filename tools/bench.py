"""Measure the speed and memory of the Stanza pipeline on news text, in one process.

    python -m tools.bench [--model-dir models/en] [--repeat 5]
                          [--polnear /work/shared/data/polnear/dev --limit 20]
                          [--threads 1,2] [--write build/bench.json]
                          [--against stock|<model dir>|stock:<model dir>]

Reports the import and model-load time, words per second on the seed article (``--repeat`` runs after one
warm-up run) and on the first ``--limit`` PolNeAR dev articles (read in place, never copied), the share of
time each processor takes, the torch threads used and the peak resident memory of the process
(``resource.getrusage``'s ``ru_maxrss``). ``--threads 1,2`` repeats the sets with each torch thread count in
the same process. Throughput depends on the machine and on whatever else runs on it: the load average at
the start and the end is recorded, because torch's threads slow down badly on cores that are already busy.

``--against`` times a second pipeline on the same texts in the same process, article by article with the
order swapped each time, because this machine's speed drifts by a fifth between minutes and separate runs
take that drift whole: ``stock`` is the same models as Stanza runs them (``build_pipeline(speedups=False)``),
a path another model directory, ``stock:<path>`` that directory as Stanza runs it. It reports both rates,
their ratio, and how many words the two parses give a different tag, head or relation.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "ukraine-recognition.txt"


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports ``ru_maxrss`` in KiB)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / (1024 if sys.platform == "darwin" else 1)


def timed_parse(pipeline: Any, text: str, per_proc: dict[str, float]) -> tuple[int, float]:
    """Parse ``text`` processor by processor (as ``Pipeline.process`` does); return (words, seconds)."""
    from stanza.pipeline.core import PIPELINE_NAMES

    doc: Any = text
    total = 0.0
    for name in PIPELINE_NAMES:
        processor = pipeline.processors.get(name)
        if not processor:
            continue
        start = time.perf_counter()
        doc = processor.process(doc)
        spent = time.perf_counter() - start
        per_proc[name] = per_proc.get(name, 0.0) + spent
        total += spent
    return sum(len(s.words) for s in doc.sentences), total


def run_set(pipeline: Any, texts: list[str], repeat: int) -> dict[str, Any]:
    """Words per second over ``texts``, ``repeat`` times; the per-run rates give the spread."""
    per_proc: dict[str, float] = {}
    rates, words_total, seconds_total = [], 0, 0.0
    for _ in range(repeat):
        words = seconds = 0.0
        for text in texts:
            w, s = timed_parse(pipeline, text, per_proc)
            words += w
            seconds += s
        rates.append(words / seconds)
        words_total += int(words)
        seconds_total += seconds
    spent = sum(per_proc.values())
    return {
        "texts": len(texts),
        "chars": sum(len(t) for t in texts),
        "words_per_run": words_total // repeat,
        "runs": repeat,
        "seconds": round(seconds_total, 2),
        "words_per_second": round(words_total / seconds_total, 1),
        "words_per_second_min": round(min(rates), 1),
        "words_per_second_max": round(max(rates), 1),
        "words_per_second_median": round(statistics.median(rates), 1),
        "share_by_processor": {k: round(v / spent, 3) for k, v in per_proc.items()},
    }


def side_by_side(
    calls: dict[str, Callable[[str], Any]], texts: list[str], passes: int = 1
) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """Every call on every text, one text at a time, the order swapped from one text (and pass) to the next,
    so that the machine's drift falls on all alike. Returns each call's seconds in all, and for each text what
    each call returned (in the last pass)."""
    seconds = dict.fromkeys(calls, 0.0)
    order = list(calls)
    results: list[dict[str, Any]] = []
    for p in range(passes):
        for k, text in enumerate(texts):
            returned = {}
            for name in order if (k + p) % 2 == 0 else order[::-1]:
                start = time.perf_counter()
                returned[name] = calls[name](text)
                seconds[name] += time.perf_counter() - start
            if p == passes - 1:
                results.append(returned)
    return seconds, results


def paired(pipelines: dict[str, Any], texts: list[str]) -> dict[str, Any]:
    """Both pipelines over ``texts`` (:func:`side_by_side`): words per second each, the ratio (first over
    second) and the words whose (UPOS, features, head, relation) differ."""
    names = list(pipelines)
    seconds, docs = side_by_side(pipelines, texts)
    words = differ = 0
    for parsed in docs:
        first, second = ([(w.upos, w.feats, w.head, w.deprel) for s in parsed[n].sentences for w in s.words]
                         for n in names)  # fmt: skip
        words += len(first)
        differ += sum(a != b for a, b in zip(first, second, strict=False)) + abs(len(first) - len(second))
    rates = {n: round(words / seconds[n], 1) for n in names}
    return {
        "words": words,
        "words_per_second": rates,
        "ratio": round(rates[names[0]] / rates[names[1]], 3),
        "words_parsed_differently": differ,
    }


def polnear_texts(folder: Path, limit: int) -> list[str]:
    """The first ``limit`` article texts (by name) of a PolNeAR split folder (``<split>/text/*.txt``)."""
    text_dir = folder / "text" if (folder / "text").is_dir() else folder
    files = sorted(text_dir.glob("*.txt"))[:limit]
    return [f.read_text(encoding="utf-8") for f in files]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model-dir", type=Path, default=None, help="model directory (default: models/en)")
    ap.add_argument("--seed-file", type=Path, default=SEED, help="article for the repeated runs")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs on the seed (after a warm-up)")
    ap.add_argument("--polnear", type=Path, default=None, help="PolNeAR split folder, e.g. .../polnear/dev")
    ap.add_argument("--limit", type=int, default=20, help="PolNeAR articles to parse")
    ap.add_argument("--threads", default=None, help="torch thread counts to try, e.g. 1,2 (default: torch's)")
    ap.add_argument("--write", type=Path, default=None, help="write the figures as JSON")
    ap.add_argument("--against", default=None, help="'stock' (Stanza without this service's speed-ups), another "
                    "model directory, or 'stock:DIR', timed article by article beside --model-dir")  # fmt: skip
    args = ap.parse_args(argv)

    load_before = os.getloadavg()
    start = time.perf_counter()
    import stanza
    import torch

    import_seconds = time.perf_counter() - start
    default_threads = torch.get_num_threads()
    thread_counts = [int(n) for n in args.threads.split(",")] if args.threads else [default_threads]
    torch.set_num_threads(thread_counts[0])

    from service.nlp import build_pipeline

    start = time.perf_counter()
    pipeline = build_pipeline(args.model_dir)
    load_seconds = time.perf_counter() - start
    rss_after_load = peak_rss_mb()

    seed = args.seed_file.read_text(encoding="utf-8")
    texts = polnear_texts(args.polnear, args.limit) if args.polnear else []
    if args.polnear and not texts:
        print(f"no PolNeAR texts under {args.polnear}", file=sys.stderr)
        return 2
    sets: dict[str, dict[str, Any]] = {}
    for n in thread_counts:
        torch.set_num_threads(n)
        timed_parse(pipeline, seed, {})  # warm-up: first-call allocations and lazy initialisation
        sets[f"seed article, {n} thread(s)"] = {"threads": n} | run_set(pipeline, [seed], args.repeat)
        if texts:
            name = f"PolNeAR {args.polnear.name} ({len(texts)}), {n} thread(s)"
            sets[name] = {"threads": n} | run_set(pipeline, texts, 1)

    comparison = None
    if args.against:
        stock = args.against == "stock" or args.against.startswith("stock:")
        if args.against.startswith("stock:"):
            other_dir = args.against.removeprefix("stock:")
        else:
            other_dir = args.model_dir if stock else args.against
        other = build_pipeline(other_dir, speedups=not stock)
        torch.set_num_threads(thread_counts[0])
        timed_parse(other, seed, {})
        comparison = {"against": args.against, "threads": thread_counts[0]} | paired(
            {"this": pipeline, args.against: other}, [seed] + texts
        )

    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}",
        "python": platform.python_version(),
        "stanza": stanza.__version__,
        "torch": torch.__version__,
        "torch_threads": thread_counts,
        "torch_default_threads": default_threads,
        "allocator": "tcmalloc" if "tcmalloc" in os.environ.get("LD_PRELOAD", "") else "default",
        "load_average_start": [round(x, 2) for x in load_before],
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
        "import_seconds": round(import_seconds, 2),
        "load_seconds": round(load_seconds, 2),
        "peak_rss_mb_after_load": round(rss_after_load),
        "peak_rss_mb": round(peak_rss_mb()),
        "sets": sets,
        "comparison": comparison,
    }

    print(
        f"torch {report['torch']} (default {default_threads} threads), {report['machine']}; "
        f"load average {report['load_average_start'][0]} at the start, {report['load_average_end'][0]} at the end"
    )
    print(
        f"import {import_seconds:.1f} s, load {load_seconds:.1f} s, peak RSS "
        f"{report['peak_rss_mb_after_load']} MiB after load, {report['peak_rss_mb']} MiB at the end"
    )
    print(f"\n{'set':<38}{'words':>8}{'runs':>6}{'words/s':>10}{'min':>8}{'max':>8}  time by processor")
    for name, s in sets.items():
        shares = ", ".join(f"{k} {100 * v:.0f}%" for k, v in s["share_by_processor"].items())
        print(
            f"{name:<38}{s['words_per_run']:>8}{s['runs']:>6}{s['words_per_second']:>10.0f}"
            f"{s['words_per_second_min']:>8.0f}{s['words_per_second_max']:>8.0f}  {shares}"
        )
    if comparison:
        rates = comparison["words_per_second"]
        print(
            f"\nside by side, article by article ({comparison['words']} words, {comparison['threads']} thread(s)): "
            + ", ".join(f"{name} {rate:.0f} words/s" for name, rate in rates.items())
            + f"; ratio {comparison['ratio']:.2f}; {comparison['words_parsed_differently']} words parsed differently"
        )
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
