"""Learning curves from Stanza training logs, as markdown table rows for the model card.

    python tools/train/curves.py build/logs/pos.phase1.log build/logs/pos.log
    python tools/train/curves.py build/logs/depparse.log

Each dev evaluation in a tagger or parser log is one row: time, step, and the dev scores Stanza printed
(UPOS/XPOS/UFeats/AllTags for the tagger, LAS/MLAS/BLEX for the parser), marked when that model was saved.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

STAMP = re.compile(r"^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) INFO: (.*)$")
STEP = re.compile(r"step (\d+): train_loss = [\d.]+, dev_score = ([\d.]+)")


def rows(log: Path) -> list[str]:
    """One markdown row per dev evaluation in ``log``."""
    out: list[str] = []
    header: list[str] | None = None
    values: list[str] | None = None
    pending: str | None = None
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        m = STAMP.match(line)
        if not m:
            continue
        _, time, msg = m.groups()
        parts = msg.split("\t")
        if parts[0] in ("UPOS", "LAS"):
            header, values = parts, None
            continue
        if header is not None and values is None and len(parts) == len(header):
            values = parts
            continue
        s = STEP.search(msg)
        if s and header and values:
            scores = ", ".join(f"{h} {v}" for h, v in zip(header, values, strict=True))
            pending = f"| {log.stem} | {time} | {int(s.group(1)):,} | {scores} |"
            out.append(pending)
            header = values = None
            continue
        if msg.startswith("new best model saved") and out and out[-1] is pending:
            out[-1] = pending[:-1] + "saved |"
    return out


def main(argv: list[str]) -> int:
    """Print the rows of every log named on the command line."""
    print("| log | time (UTC) | step | dev scores |")
    print("| --- | --- | ---: | --- |")
    for name in argv:
        for row in rows(Path(name)):
            print(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
