"""Print the iterations-table row for the figures in a results JSON (``tools/results.json`` by default).

    python -m tools.iteration_row "what changed" [--results tools/results.json]

The row is pasted under "Iterations" in tools/results.md by hand, with the change described in words.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def row(results: dict, change: str, run: str = "default") -> str:
    """One markdown table row: date, commit, change, content exact/overlap F1, source and cue F1, linking, seed."""
    r = results["runs"][run]

    def f1(layer: str, match: str) -> str:
        return f"{100 * r[layer][match]['all']['f1']:.1f}"

    seed = results.get("seed") or [{}]
    s = seed[0]
    seed_cell = f"{s.get('required_matched', '?')}/{s.get('required_total', '?')}" if s else "—"
    link = r["linking"]["all"]
    return (
        f"| {results['date'].split()[0]} | {results['commit']} | {change} | {f1('content', 'exact')} | "
        f"{f1('content', 'overlap')} | {f1('source', 'overlap')} | {f1('cue', 'overlap')} | "
        f"{100 * link['accuracy']:.1f}% | {seed_cell} |"
    )


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("change")
    ap.add_argument("--results", type=Path, default=Path(__file__).with_name("results.json"))
    ap.add_argument("--run", default="default")
    args = ap.parse_args(argv)
    print(row(json.loads(args.results.read_text(encoding="utf-8")), args.change, args.run))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
