"""Output of tools/evaluate.py: the plain-text table of a run, the markdown results block, results.md/.json.

What is here: format_run (printed per run), markdown_block (what goes between the results markers) and
write_results (rewrites the marked section of a markdown file and writes the JSON beside it).
tools/evaluate.py re-exports every name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tools.brat import CLASSES, LAYERS, MODES

RESULTS_START = "<!-- results:start -->"
RESULTS_END = "<!-- results:end -->"


# ============================================================================================ output


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def format_run(name: str, r: dict[str, Any]) -> str:
    """A plain-text table of one run."""
    lines = [
        f"== {name}: {r['articles']} articles, {r['records']} records, {r['seconds']}s "
        f"({r['articles_per_second']} articles/s)",
        f"{'layer':8} {'match':8} | {'all P':>6} {'R':>6} {'F1':>6} | {'direct P':>8} {'R':>6} {'F1':>6} | "
        f"{'other P':>7} {'R':>6} {'F1':>6} | gold all/direct/other",
    ]
    for layer in LAYERS:
        for mode in MODES:
            cells = []
            for c in ("all", *CLASSES):
                d = r[layer][mode][c]
                cells.append(f"{_pct(d['p'])} {_pct(d['r'])} {_pct(d['f1'])}")
            gold = [r[layer][mode][c]["tp"] + r[layer][mode][c]["fn"] for c in ("all", *CLASSES)]
            lines.append(
                f"{layer:8} {mode:8} |  {cells[0]} |    {cells[1]} |   {cells[2]} | " + "/".join(map(str, gold))
            )
    lk = r["linking"]
    lines.append(
        "linking accuracy: "
        + ", ".join(f"{c} {_pct(lk[c]['accuracy'])}% ({lk[c]['right']}/{lk[c]['total']})" for c in ("all", *CLASSES))
        + f"; matched gold contents without a source: {lk['all']['no_source']}"
    )
    cov = r.get("cue_coverage", {})
    if cov:
        lines.append(
            "content recall by the kind of gold cue: "
            + ", ".join(
                f"{k} {_pct(c['recall']).strip()}% of {c['gold']}" for k, c in cov.items() if c["gold"]
            )
        )
    lines.append(
        "content precision by confidence: "
        + ", ".join(
            f"{label} {_pct(c['precision']).strip()}% of {c['contents']}"
            for label, c in r.get("calibration", {}).items()
            if c["contents"]
        )
    )
    for f in r["engine_failures"]:
        lines.append(f"ENGINE FAILURE {f}")
    for f in r["unreadable_gold"]:
        lines.append(f"UNREADABLE GOLD {f}")
    if r["gold_warnings"]:
        lines.append(f"gold warnings (span text vs article): {r['gold_warnings']}")
    return "\n".join(lines)


def markdown_block(results: dict[str, Any]) -> str:
    """The figures as markdown tables (what goes between the results markers)."""
    out = [
        f"Split `{results['split']}`: {results['articles']} articles"
        + (
            f" ({'spread over the split' if results.get('spread') else 'first by name'}: {results['limit']})"
            if results.get("limit")
            else ""
        )
        + f", engine commit `{results['commit']}`, models `{results['models']}`, measured {results['date']}."
        + " Articles with two annotators are scored against the first .ann by name"
        + f" ({results['two_annotator_articles']} such articles).",
        "",
    ]
    for run_name, r in results["runs"].items():
        out.append(
            f"**{run_name}** ({r['records']} records, {r['articles_per_second']} articles/s; "
            f"engine failures {len(r['engine_failures'])}):"
        )
        out.append("")
        out.append("| Layer | Match | P | R | F1 | direct P | direct R | direct F1 | other P | other R | other F1 |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|")
        for layer in LAYERS:
            for mode in MODES:
                cells = []
                for c in ("all", *CLASSES):
                    d = r[layer][mode][c]
                    cells += [_pct(d["p"]).strip(), _pct(d["r"]).strip(), _pct(d["f1"]).strip()]
                out.append(f"| {layer.capitalize()} | {mode} | " + " | ".join(cells) + " |")
        lk = r["linking"]
        out.append("")
        out.append(
            "Linking accuracy (gold contents matched by overlap whose predicted speaker mention overlaps a "
            "gold source): "
            + ", ".join(
                f"{c} {_pct(lk[c]['accuracy']).strip()}% ({lk[c]['right']}/{lk[c]['total']})" for c in ("all", *CLASSES)
            )
            + "."
        )
        if "identity" in r:
            from tools.identity import format_identity

            out.append(format_identity(r["identity"]) + " (definitions in tools/identity.py)")
        gold = r["content"]["overlap"]
        out.append(
            "Gold contents: " + ", ".join(f"{c} {gold[c]['tp'] + gold[c]['fn']}" for c in ("all", *CLASSES)) + "."
        )
        cov = [(k, c) for k, c in r.get("cue_coverage", {}).items() if c["gold"]]
        if cov:
            out.append(
                "Content recall (overlap) by the kind of gold cue (speech: a cue in the engine's speech lexicons; "
                "belief: in belief_verbs.txt; other: any other cue): "
                + ", ".join(f"{k} {_pct(c['recall']).strip()}% of {c['gold']}" for k, c in cov)
                + "."
            )
        cal = [(label, c) for label, c in r.get("calibration", {}).items() if c["contents"]]
        if cal:
            out.append(
                "Content precision (overlap) by record confidence: "
                + ", ".join(f"{label}: {_pct(c['precision']).strip()}% of {c['contents']}" for label, c in cal)
                + "."
            )
        out.append("")
    for s in results.get("seed", []):
        out.append(
            f"Seed `{s['seed']}`: required {s['required_matched']}/{s['required_total']}, good-to-have "
            f"{s['good_matched']}/{s['good_total']}, must_not violations {s['must_not_violations']}, role "
            f"agreement {s['role_agree']}/{s['matched']}, affiliation agreement "
            f"{s['affiliation_agree']}/{s['matched']}."
        )
    return "\n".join(out).rstrip() + "\n"


ITERATIONS_HEADER = (
    "## Iterations\n\n"
    "Hand-kept: one row per engine change worth remembering (dev, default run, all classes).\n\n"
    "| Date | Commit | Change | Content F1 exact | Content F1 overlap | Source F1 overlap | Cue F1 overlap "
    "| Linking | Seed required |\n"
    "|---|---|---|---|---|---|---|---|---|\n"
)


def write_results(path: Path, results: dict[str, Any]) -> None:
    """Rewrite the marked section of ``path`` (created if needed); write ``<stem>.json`` beside it."""
    block = f"{RESULTS_START}\n{markdown_block(results)}{RESULTS_END}"
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if RESULTS_START in old and RESULTS_END in old:
            head, _, rest = old.partition(RESULTS_START)
            _, _, tail = rest.partition(RESULTS_END)
            new = head + block + tail
        else:
            new = old.rstrip() + "\n\n## Latest results\n\n" + block + "\n"
    else:
        new = (
            "# Evaluation results\n\n"
            "Produced by\n"
            "`python -m tools.evaluate --split /work/shared/data/polnear/dev --write tools/results.md`\n"
            "(see tools/evaluate.py for the metric definitions). Only the section between the markers is"
            " rewritten.\n\n## Latest results\n\n" + block + "\n\n" + ITERATIONS_HEADER
        )
    path.write_text(new, encoding="utf-8")
    path.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
