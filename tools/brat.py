"""Brat standoff parsing, span helpers and one-to-one matching for tools/evaluate.py.

What is here: the ``T``/``E`` lines of a PolNeAR .ann file parsed (BratSpan, BratEvent, BratDoc, parse_brat), the
span helpers that define what is compared (trim, frags_overlap, overlap_share, ...), and the matching of gold to
predicted items (Item, dedupe, match_exact, match_overlap, Counts, count_by_class). The metric definitions are in
tools/evaluate.py's docstring; tools/evaluate.py re-exports every name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tools.seed import greedy_one_to_one

Frags = tuple[tuple[int, int], ...]

LAYERS = ("content", "source", "cue")
CLASSES = ("direct", "other")
MODES = ("exact", "overlap")
QUOTE_MARKS = frozenset('“”"«»')
# Trimmed from both ends of every span before comparison.
TRIM_CHARS = frozenset(" \t\n\r\f\v\u00a0\u2028\u2029.,;:!?…—–-()[]{}'\"“”‘’«»‹›„‚`*")
_SPACE_CHARS = frozenset(" \t\n\r\f\v\u00a0\u2028\u2029")
_LEADING_THAT = re.compile(r"that(?![\w’'-])", re.IGNORECASE)


# ============================================================================================ brat parsing


@dataclass(frozen=True)
class BratSpan:
    """One ``T`` line: a label and one or more character fragments."""

    id: str
    label: str
    frags: Frags
    text: str

    @property
    def start(self) -> int:
        """Start of the first fragment."""
        return self.frags[0][0]

    @property
    def end(self) -> int:
        """End of the last fragment."""
        return self.frags[-1][1]


@dataclass(frozen=True)
class BratEvent:
    """One ``E`` line: its roles (``Content2`` is folded into ``Content``) mapped to ``T`` ids."""

    id: str
    trigger_label: str
    trigger: str
    roles: dict[str, tuple[str, ...]]

    def role(self, name: str) -> tuple[str, ...]:
        """The ``T`` ids filling role ``name`` (empty when absent)."""
        return self.roles.get(name, ())


@dataclass
class BratDoc:
    """A parsed .ann file."""

    spans: dict[str, BratSpan]
    events: list[BratEvent]
    errors: list[str] = field(default_factory=list)


def parse_frags(field_text: str) -> Frags:
    """``"10 20;25 30"`` → ``((10, 20), (25, 30))``, sorted; raises ValueError when malformed."""
    out = []
    for part in field_text.split(";"):
        s, e = part.split()
        start, end = int(s), int(e)
        if end < start or start < 0:
            raise ValueError(f"bad span {part!r}")
        out.append((start, end))
    if not out:
        raise ValueError("no span")
    return tuple(sorted(out))


def parse_brat(ann: str) -> BratDoc:
    """Parse brat standoff text. Malformed lines are skipped and listed in ``errors``."""
    spans: dict[str, BratSpan] = {}
    events: list[BratEvent] = []
    errors: list[str] = []
    for n, line in enumerate(ann.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        try:
            if line.startswith("T"):
                label, _, offsets = parts[1].partition(" ")
                spans[parts[0]] = BratSpan(
                    id=parts[0],
                    label=label,
                    frags=parse_frags(offsets),
                    text=parts[2] if len(parts) > 2 else "",
                )
            elif line.startswith("E"):
                args = parts[1].split()
                trigger_label, _, trigger = args[0].partition(":")
                roles: dict[str, list[str]] = defaultdict(list)
                for arg in args[1:]:
                    role, _, tid = arg.partition(":")
                    roles[role.rstrip("0123456789")].append(tid)
                events.append(
                    BratEvent(
                        id=parts[0],
                        trigger_label=trigger_label,
                        trigger=trigger,
                        roles={k: tuple(v) for k, v in roles.items()},
                    )
                )
        except (IndexError, ValueError) as exc:
            errors.append(f"line {n}: {type(exc).__name__}: {exc}")
    for ev in events:
        if ev.trigger not in spans:
            errors.append(f"{ev.id}: {ev.trigger_label} trigger refers to unknown {ev.trigger}")
        for role, ids in ev.roles.items():
            for tid in ids:
                if tid not in spans:
                    errors.append(f"{ev.id}: {role} refers to unknown {tid}")
    return BratDoc(spans=spans, events=events, errors=errors)


# ============================================================================================ span helpers


def frag_text(text: str, frags: Frags) -> str:
    """The fragments' text joined by a space."""
    return " ".join(text[s:e] for s, e in frags)


def trim(text: str, frags: Frags, strip_that: bool = True) -> Frags:
    """Fragments with surrounding whitespace/punctuation/quotation marks (and a leading "that") removed.

    Each fragment is trimmed at both ends; empty fragments are dropped. Then, with ``strip_that``, if the
    first fragment starts with the word "that", the word goes and the fragment is trimmed again. A span that
    would vanish entirely (a cue ":" or a source "that") keeps its fragments with only whitespace trimmed.
    """
    out: list[tuple[int, int]] = []
    for s, e in frags:
        s, e = _trim_one(text, s, e)
        if s < e:
            out.append((s, e))
    if out and strip_that:
        s, e = out[0]
        m = _LEADING_THAT.match(text, s, e)
        if m:
            s, e = _trim_one(text, m.end(), e)
            if s < e:
                out[0] = (s, e)
            else:
                out.pop(0)
    if not out:
        out = [(s, e) for s, e in (_trim_one(text, s, e, _SPACE_CHARS) for s, e in frags) if s < e]
    return tuple(out)


def _trim_one(text: str, s: int, e: int, chars: frozenset[str] = TRIM_CHARS) -> tuple[int, int]:
    e = min(e, len(text))
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e


def frags_len(frags: Frags) -> int:
    """Total characters covered."""
    return sum(e - s for s, e in frags)


def frags_overlap(a: Frags, b: Frags) -> int:
    """Characters shared by two fragment sets."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def has_quote_mark(s: str) -> bool:
    """Whether ``s`` contains one of “ ” " « »."""
    return any(c in QUOTE_MARKS for c in s)


def overlap_share(a: Frags, b: Frags) -> float:
    """Shared characters over the length of the longer of the two (0.0 when either is empty)."""
    longer = max(frags_len(a), frags_len(b))
    return frags_overlap(a, b) / longer if longer else 0.0


# ============================================================================================ matching


@dataclass
class Item:
    """One span to score: trimmed fragments, class and what it came from.

    For gold items ``refs`` are brat ``T`` ids; for predicted items, record positions.
    """

    frags: Frags
    cls: str
    refs: list[Any] = field(default_factory=list)
    raw: Frags = ()


def dedupe(items: Iterable[Item]) -> list[Item]:
    """Merge items with the same trimmed fragments (class "direct" wins, refs are joined)."""
    by_frags: dict[Frags, Item] = {}
    for it in items:
        seen = by_frags.get(it.frags)
        if seen is None:
            by_frags[it.frags] = Item(it.frags, it.cls, list(it.refs), it.raw)
        else:
            seen.refs.extend(it.refs)
            if it.cls == "direct":
                seen.cls = "direct"
    return list(by_frags.values())


def match_exact(gold: Sequence[Item], pred: Sequence[Item]) -> list[tuple[int, int]]:
    """One-to-one pairs of gold and predicted items with identical (trimmed, non-empty) fragments."""
    index: dict[Frags, list[int]] = defaultdict(list)
    for j, p in enumerate(pred):
        if p.frags:
            index[p.frags].append(j)
    used: set[int] = set()
    pairs = []
    for i, g in enumerate(gold):
        for j in index.get(g.frags, []) if g.frags else []:
            if j not in used:
                used.add(j)
                pairs.append((i, j))
                break
    return pairs


def match_overlap(gold: Sequence[Item], pred: Sequence[Item], min_share: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one pairs whose spans share at least ``min_share`` of the longer span, greedy by share."""
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            shared = frags_overlap(g.frags, p.frags)
            if not shared:
                continue
            share = overlap_share(g.frags, p.frags)
            if share >= min_share:
                candidates.append((-share, i, j))
    return sorted((i, j) for _, i, j in greedy_one_to_one(candidates))


@dataclass
class Counts:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        """Accumulate ``other`` into this."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        """tp / (tp + fp), 0.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn), 0.0 when there is no gold."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        """Counts and rates, rates rounded to 4 places."""
        return {
            "p": round(self.precision, 4),
            "r": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def count_by_class(gold: Sequence[Item], pred: Sequence[Item], pairs: Sequence[tuple[int, int]]) -> dict[str, Counts]:
    """Counts per class and for "all"; a matched pair counts in its gold item's class."""
    out = {c: Counts() for c in ("all", *CLASSES)}
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    for i, _ in pairs:
        out[gold[i].cls].tp += 1
    for i, g in enumerate(gold):
        if i not in matched_g:
            out[g.cls].fn += 1
    for j, p in enumerate(pred):
        if j not in matched_p:
            out[p.cls].fp += 1
    for c in CLASSES:
        out["all"].add(out[c])
    return out
