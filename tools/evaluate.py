"""Measure the attribution engine against PolNeAR (brat standoff) and the seed article.

Usage::

    python -m tools.evaluate --split /work/shared/data/polnear/dev [--limit N] [--beliefs] \
        [--write tools/results.md] [--errors]

What is scored, per layer (Content, Source, Cue):

* predicted Content is a record's quote span, predicted Source its speaker mention span, predicted Cue its cue
  span; gold spans are the .ann ``T`` lines with those labels (``Attribution`` anchors are not scored).
  Both sides are de-duplicated by (trimmed) span: a mention that is the source of three quotes counts once.
* **exact**: the spans are equal after trimming surrounding whitespace, punctuation and quotation marks and
  (Content only) a leading "that" (our direct quotes exclude the marks, PolNeAR's contents often include
  them); a span that would trim to nothing (the cue ":") keeps its characters;
* **overlap**: the (trimmed) spans share at least half of the longer one; pairs are matched one-to-one,
  greedily by that share.
* Discontinuous spans (``s e;s e``) are sets of fragments: exact needs the same fragments, overlap counts the
  characters shared with all fragments. Predicted quotes that share one cue span (and speaker mention) are
  joined into one multi-fragment content, as PolNeAR annotates an interrupted quote as one Content.
* **linking accuracy**: of the gold contents matched by overlap whose attribution has a Source, the share
  whose predicted speaker mention overlaps (any shared character) a Source span of an attribution that the
  content belongs to.
* Every figure is split into "direct" (the gold content contains a quotation mark “ ” " « ») and "other".
  A gold Source/Cue is "direct" when one of its attributions has a direct content; a predicted item that
  matches takes the class of its gold item, an unmatched one is "direct" when its quote (with one character
  either side) contains a quotation mark.

Articles with two annotators' .ann files are scored against the first file by name. An article whose .ann
cannot be read, or on which the engine fails, is reported; an engine failure counts as an empty output.

The code lives in five modules; this one re-exports every name of the others:
tools/brat.py (brat parsing, span helpers, matching), tools/scoring.py (gold and predicted items, one article),
tools/error_log.py (error analysis), tools/report.py (tables, markdown, results files) and this one (corpus,
running the engine, the split's figures, the command line).
"""

from __future__ import annotations

# The names below marked noqa are not used here: tools.evaluate keeps every name it held before the split
# (``from tools import evaluate as ev; ev.parse_brat(...)``), the standard-library ones too.
import argparse
import json  # noqa: F401
import re  # noqa: F401
import subprocess
import sys
import time
from collections import Counter, defaultdict  # noqa: F401
from collections.abc import Iterable, Sequence  # noqa: F401
from dataclasses import dataclass, field  # noqa: F401
from pathlib import Path
from typing import Any

from tools.brat import (  # noqa: F401
    _LEADING_THAT,
    _SPACE_CHARS,
    CLASSES,
    LAYERS,
    MODES,
    QUOTE_MARKS,
    TRIM_CHARS,
    BratDoc,
    BratEvent,
    BratSpan,
    Counts,
    Frags,
    Item,
    _trim_one,
    count_by_class,
    dedupe,
    frag_text,
    frags_len,
    frags_overlap,
    greedy_one_to_one,
    has_quote_mark,
    match_exact,
    match_overlap,
    overlap_share,
    parse_brat,
    parse_frags,
    trim,
)
from tools.error_log import (  # noqa: F401
    _AUX,
    _IRREGULAR,
    _PRONOUNS,
    LEXICON_DIR,
    ErrorLog,
    _edge_word,
    _inside,
    _lemmatise,
    _snippet,
    cue_lemma,
    load_cue_lexicons,
    mention_kind,
)
from tools.report import (  # noqa: F401
    ITERATIONS_HEADER,
    RESULTS_END,
    RESULTS_START,
    _pct,
    format_run,
    markdown_block,
    write_results,
)
from tools.scoring import (  # noqa: F401
    ArticleScore,
    GoldItems,
    Linking,
    Totals,
    gold_items,
    predicted_class,
    predicted_items,
    score_article,
)

# ============================================================================================ corpus


@dataclass
class Article:
    """One article: name, text and the chosen .ann."""

    name: str
    text: str
    ann_path: Path
    ann_files: int


def load_split(split: Path, limit: int | None = None, spread: bool = False) -> tuple[list[Article], list[str]]:
    """The split's articles (sorted by name) with their first .ann by name, and problems found.

    ``limit`` keeps the first N by name, or with ``spread`` N spaced evenly over the sorted list (names
    start with the publisher, so the first N all come from one or two publishers).
    """
    text_dir, ann_dir = split / "text", split / "attributions"
    problems: list[str] = []
    anns: dict[str, list[Path]] = defaultdict(list)
    for p in sorted(ann_dir.glob("*.ann")):
        anns[p.stem.rsplit("_", 1)[0]].append(p)
    articles = []
    texts = sorted(text_dir.glob("*.txt"))
    if spread and limit is not None and 0 < limit < len(texts):
        texts = [texts[k * len(texts) // limit] for k in range(limit)]
    for txt in texts:
        if limit is not None and len(articles) >= limit:
            break
        name = txt.stem
        if name not in anns:
            problems.append(f"{name}: no .ann file")
            continue
        with open(txt, encoding="utf-8", newline="") as fh:  # keep \r\n so offsets stay right
            text = fh.read()
        articles.append(Article(name, text, anns[name][0], len(anns[name])))
    return articles, problems


def run_engine(
    extractor: Any, texts: Sequence[str], options: Any, batch: int, names: Sequence[str]
) -> tuple[list[list[Any]], list[str], float]:
    """Records per text, failures, seconds. A failing batch is retried one text at a time."""
    out: list[list[Any]] = [[] for _ in texts]
    failures: list[str] = []
    t0 = time.perf_counter()
    for b in range(0, len(texts), batch):
        chunk = list(range(b, min(b + batch, len(texts))))
        try:
            analyses = extractor.analyze_many([texts[k] for k in chunk], options)
            for k, a in zip(chunk, analyses, strict=True):
                out[k] = list(a.attributions)
        except Exception:  # one bad article must not stop the run
            for k in chunk:
                try:
                    out[k] = list(extractor.analyze_many([texts[k]], options)[0].attributions)
                except Exception as exc:
                    failures.append(f"{names[k]}: {type(exc).__name__}: {exc}")
        done = chunk[-1] + 1
        print(f"  {done}/{len(texts)} articles, {time.perf_counter() - t0:.0f}s", file=sys.stderr, flush=True)
    return out, failures, time.perf_counter() - t0


# What kind of cue a gold content has, by the engine's lexicons: the engine only looks for the first two
CUE_KINDS = ("speech", "belief", "other")
SPEECH_LEXICONS = {"speech_verbs", "np_object_verbs", "parenthetical_verbs", "bare_complement_verbs", "evidence_verbs",
                   "directive_verbs", "communication_nouns"}  # fmt: skip


def gold_cue_kind(text: str, gold: GoldItems, item: Item, lexicons: dict[str, list[str]]) -> str:
    """speech | belief | other: which of the engine's cue lexicons holds the gold cue's lemma."""
    cues = [gold.spans[t] for r in item.refs for t in gold.cues_of_content.get(r, [])]
    if not cues:
        return "other"
    lemma = cue_lemma(cues[0].text or frag_text(text, cues[0].frags)).removesuffix(" …")
    names = set(lexicons.get(lemma, []))
    if lemma == "according to" or names & SPEECH_LEXICONS:
        return "speech"
    return "belief" if "belief_verbs" in names else "other"


# Confidence bands for the calibration table: how often a predicted content of that confidence matches gold.
CONFIDENCE_BUCKETS = [("0.00-0.50", 0.0, 0.5), ("0.50-0.70", 0.5, 0.7), ("0.70-0.85", 0.7, 0.85),
                      ("0.85-0.90", 0.85, 0.9), ("0.90-1.00", 0.9, 1.01)]  # fmt: skip


def evaluate_split(
    extractor: Any,
    articles: Sequence[Article],
    options: Any,
    batch: int = 4,
    errors: ErrorLog | None = None,
    identity: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run the engine over ``articles`` and score it; returns the figures as JSON-able data.

    With ``identity`` (``tools.identity.load_identity``), speaker identity is scored too.
    """
    from tools.identity import IdentityCounts, score_identity

    identity_counts = IdentityCounts()
    identity_mismatch: list[str] = []
    texts = [a.text for a in articles]
    records, failures, seconds = run_engine(extractor, texts, options, batch, [a.name for a in articles])
    totals = Totals()
    calibration: dict[str, list[int]] = {label: [0, 0] for label, _, _ in CONFIDENCE_BUCKETS}
    coverage: dict[str, list[int]] = {kind: [0, 0] for kind in CUE_KINDS}
    cue_lexicons = load_cue_lexicons()
    unreadable: list[str] = []
    warnings = 0
    produced = 0
    for art, recs in zip(articles, records, strict=True):
        try:
            doc = parse_brat(art.ann_path.read_text(encoding="utf-8"))
            score = score_article(art.text, doc, recs)
        except Exception as exc:
            unreadable.append(f"{art.name}: {type(exc).__name__}: {exc}")
            continue
        warnings += len(score.gold.warnings)
        produced += len(recs)
        totals.add(score)
        found = {i for i, _ in score.pairs["content"]["overlap"]}
        for i, item in enumerate(score.gold.layers["content"]):
            kind = gold_cue_kind(art.text, score.gold, item, cue_lexicons)
            coverage[kind][0] += 1
            coverage[kind][1] += i in found
        matched = {j for _, j in score.pairs["content"]["overlap"]}
        for j, item in enumerate(score.pred["content"]):
            conf = max(recs[k].confidence for k in item.refs)
            label = next(lb for lb, lo, hi in CONFIDENCE_BUCKETS if lo <= conf < hi)
            calibration[label][0] += 1
            calibration[label][1] += j in matched
        if errors is not None:
            errors.collect(art.name, art.text, score, recs)
        gold_identity = (identity or {}).get(art.name)
        if gold_identity is not None:
            if gold_identity.annotation_file != art.ann_path.name:
                identity_mismatch.append(f"{art.name}: identity is for {gold_identity.annotation_file}")
            else:
                identity_counts.add(score_identity(
                    art.text, gold_identity, recs, score.pairs["content"]["overlap"], score.gold.layers["content"],
                    score.pred["content"], score.gold.sources_of_content))  # fmt: skip
    extra: dict[str, Any] = {}
    if identity is not None:
        extra = {"identity": identity_counts.to_dict(), "identity_mismatch": identity_mismatch}
        if errors is not None:  # the misses quote the articles: printed with --errors, never written
            for kind, examples in identity_counts.to_dict(misses=True)["misses"].items():
                for example in examples:
                    errors.add("identity misses", kind, example)
    return {
        **totals.to_dict(),
        **extra,
        "records": produced,
        "cue_coverage": {
            kind: {"gold": n, "found": m, "recall": round(m / n, 4) if n else None} for kind, (n, m) in coverage.items()
        },
        "calibration": {
            label: {"contents": n, "matched": m, "precision": round(m / n, 4) if n else None}
            for label, (n, m) in calibration.items()
        },
        "engine_failures": failures,
        "unreadable_gold": unreadable,
        "gold_warnings": warnings,
        "seconds": round(seconds, 2),
        "articles_per_second": round(len(articles) / seconds, 3) if seconds else None,
    }


# ============================================================================================ output


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "describe", "--always", "--dirty"], capture_output=True, text=True, check=True,
            cwd=Path(__file__).resolve().parent,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", type=Path, required=True, help="a PolNeAR split folder (text/, attributions/)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles by name")
    ap.add_argument("--spread", action="store_true", help="with --limit: N articles spaced over the split")
    ap.add_argument("--beliefs", action="store_true", help="also run with include_beliefs=True")
    ap.add_argument("--write", type=Path, default=None, help="markdown file whose results section is rewritten")
    ap.add_argument("--errors", action="store_true", help="print the kinds of misses and false positives")
    ap.add_argument("--top", type=int, default=15, help="with --errors: rows per table")
    ap.add_argument("--batch", type=int, default=4, help="articles per analyze_many call")
    ap.add_argument("--no-seed", action="store_true", help="skip the seed article")
    ap.add_argument("--learned", action="store_true", help="with the learned span tagger beside the rules")
    ap.add_argument("--identity", type=Path, default=None,
                    help="speaker identity set (polnear-identity/dev.json) to score resolution, kinds and roles")
    ap.add_argument(
        "--parse-cache", type=Path, default=None, help="folder to keep parses in (keyed by model files and text)"
    )
    args = ap.parse_args(argv)

    from service.attribution import Options, build_extractor

    articles, problems = load_split(args.split, args.limit, args.spread)
    for p in problems:
        print(f"SKIPPED {p}")
    if not articles:
        print("no articles found", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    extractor = build_extractor(learned=args.learned)
    if args.parse_cache is not None:
        from tools.parse_cache import CachedExtractor

        extractor = CachedExtractor(extractor, args.parse_cache)
    print(f"models loaded in {time.perf_counter() - t0:.1f}s from {extractor.model_info.get('path')}")

    runs: dict[str, Any] = {}
    error_logs: dict[str, ErrorLog] = {}
    variants = [("default", Options())]
    if args.beliefs:
        variants.append(("beliefs", Options(include_beliefs=True)))
    identity = None
    if args.identity is not None:
        from tools.identity import load_identity

        identity = load_identity(args.identity)
    for name, options in variants:
        log = ErrorLog() if args.errors else None
        runs[name] = evaluate_split(extractor, articles, options, args.batch, log, identity)
        print(format_run(name, runs[name]))
        if "identity" in runs[name]:
            from tools.identity import format_identity

            print(format_identity(runs[name]["identity"]))
        if log is not None:
            error_logs[name] = log
            print(f"\n-- error analysis ({name}) --{log.format(top=args.top)}\n")

    seed_reports = []
    if not args.no_seed:
        from tools.seed import score_seeds

        for report in score_seeds(extractor, Options()):
            print(report.format())
            seed_reports.append(report.to_dict())

    results = {
        "split": str(args.split),
        "limit": args.limit,
        "spread": args.spread,
        "articles": len(articles),
        "two_annotator_articles": sum(1 for a in articles if a.ann_files > 1),
        "skipped": problems,
        "commit": _git_commit(),
        "models": extractor.model_info.get("name", "unknown"),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "runs": runs,
        "seed": seed_reports,
    }
    if args.write:
        write_results(args.write, results)
        print(f"wrote {args.write} and {args.write.with_suffix('.json')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
