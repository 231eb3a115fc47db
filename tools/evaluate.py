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
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
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
RESULTS_START = "<!-- results:start -->"
RESULTS_END = "<!-- results:end -->"


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


# ============================================================================ gold and predicted items


@dataclass
class GoldItems:
    """The gold items of one article, per layer, plus what linking needs."""

    layers: dict[str, list[Item]]
    # content T id -> the Source spans of every attribution that content belongs to
    sources_of_content: dict[str, list[Frags]]
    # content T id -> the Cue T ids of its attributions
    cues_of_content: dict[str, list[str]]
    spans: dict[str, BratSpan]
    warnings: list[str] = field(default_factory=list)


def gold_items(text: str, doc: BratDoc) -> GoldItems:
    """Gold items from a parsed .ann: every Content/Source/Cue ``T``, whether or not an event uses it."""
    content_cls: dict[str, str] = {}
    warnings: list[str] = list(doc.errors)
    for tid, sp in doc.spans.items():
        if sp.label == "Content":
            content_cls[tid] = "direct" if has_quote_mark(frag_text(text, sp.frags)) else "other"
        if sp.end > len(text):
            warnings.append(f"{tid} ends at {sp.end}, past the text ({len(text)})")
        elif sp.text and not all(text[s:e] in sp.text for s, e in sp.frags):
            warnings.append(f"{tid} text differs from the article at {sp.start}")
    role_cls: dict[str, str] = defaultdict(lambda: "other")
    sources_of_content: dict[str, list[Frags]] = defaultdict(list)
    cues_of_content: dict[str, list[str]] = defaultdict(list)
    for ev in doc.events:
        contents = [t for t in ev.role("Content") if t in doc.spans]
        sources = [t for t in ev.role("Source") if t in doc.spans]
        cues = [t for t in ev.role("Cue") if t in doc.spans]
        direct = any(content_cls.get(t) == "direct" for t in contents)
        for t in sources + cues:
            if direct:
                role_cls[t] = "direct"
            else:
                role_cls.setdefault(t, "other")
        for c in contents:
            sources_of_content[c].extend(doc.spans[s].frags for s in sources)
            cues_of_content[c].extend(cues)
    layers: dict[str, list[Item]] = {layer: [] for layer in LAYERS}
    label_layer = {"Content": "content", "Source": "source", "Cue": "cue"}
    for tid, sp in sorted(doc.spans.items(), key=lambda kv: (kv[1].frags, kv[0])):
        layer = label_layer.get(sp.label)
        if layer is None:
            continue
        cls = content_cls[tid] if layer == "content" else role_cls[tid]
        layers[layer].append(Item(trim(text, sp.frags, strip_that=layer == "content"), cls, [tid], sp.frags))
    return GoldItems(
        layers={k: dedupe(v) for k, v in layers.items()},
        sources_of_content=dict(sources_of_content),
        cues_of_content=dict(cues_of_content),
        spans=doc.spans,
        warnings=warnings,
    )


def predicted_class(text: str, start: int, end: int) -> str:
    """ "direct" when the quote, with one character either side, contains a quotation mark."""
    return "direct" if has_quote_mark(text[max(0, start - 1) : end + 1]) else "other"


def predicted_items(text: str, records: Sequence[Any], merge_by_cue: bool = True) -> dict[str, list[Item]]:
    """Items per layer from engine records (objects with ``quote``, ``speaker``, ``cue`` like Attribution).

    With ``merge_by_cue``, the quotes of records that share one cue span and one speaker mention (or none)
    become one content item with several fragments, the way PolNeAR annotates an interrupted quote
    (“A,” he said, “B.”) as one discontinuous Content of one attribution.
    """
    layers: dict[str, list[Item]] = {layer: [] for layer in LAYERS}
    groups: dict[Any, list[int]] = defaultdict(list)
    for k, rec in enumerate(records):
        q = rec.quote
        cls = predicted_class(text, q.start, q.end)
        key: Any = ("record", k)
        if merge_by_cue and rec.cue is not None:
            mention = (rec.speaker.mention.start, rec.speaker.mention.end) if rec.speaker is not None else None
            key = ("cue", rec.cue.span.start, rec.cue.span.end, mention)
        groups[key].append(k)
        if rec.speaker is not None:
            m = rec.speaker.mention
            raw = ((m.start, m.end),)
            layers["source"].append(Item(trim(text, raw, strip_that=False), cls, [k], raw))
        if rec.cue is not None:
            c = rec.cue.span
            raw = ((c.start, c.end),)
            layers["cue"].append(Item(trim(text, raw, strip_that=False), cls, [k], raw))
    for ks in groups.values():
        raw = tuple(sorted({(records[k].quote.start, records[k].quote.end) for k in ks}))
        direct = any(predicted_class(text, s, e) == "direct" for s, e in raw)
        # overlapping fragments (two records quoting the same words) are merged into one
        merged: list[tuple[int, int]] = []
        for s, e in raw:
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        layers["content"].append(Item(trim(text, tuple(merged)), "direct" if direct else "other", list(ks), raw))
    return {k: dedupe(v) for k, v in layers.items()}


# ============================================================================================ one article


@dataclass
class Linking:
    """Linking accuracy counts."""

    right: int = 0
    total: int = 0
    no_source: int = 0

    def add(self, other: Linking) -> None:
        """Accumulate ``other`` into this."""
        self.right += other.right
        self.total += other.total
        self.no_source += other.no_source

    @property
    def accuracy(self) -> float:
        """right / total (0.0 when nothing to link)."""
        return self.right / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, float | int]:
        """Counts and accuracy."""
        return {"accuracy": round(self.accuracy, 4), "right": self.right, "total": self.total,
                "no_source": self.no_source}  # fmt: skip


@dataclass
class ArticleScore:
    """Everything measured on one article."""

    counts: dict[str, dict[str, dict[str, Counts]]]  # layer -> mode -> class -> Counts
    linking: dict[str, Linking]  # class -> Linking
    gold: GoldItems
    pred: dict[str, list[Item]]
    pairs: dict[str, dict[str, list[tuple[int, int]]]]  # layer -> mode -> pairs
    link_right: dict[int, bool]  # gold content index -> linked right (only those with a source)


def score_article(text: str, doc: BratDoc, records: Sequence[Any]) -> ArticleScore:
    """Score one article's records against its parsed gold."""
    gold = gold_items(text, doc)
    pred = predicted_items(text, records)
    counts: dict[str, dict[str, dict[str, Counts]]] = {}
    pairs: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for layer in LAYERS:
        g, p = gold.layers[layer], pred[layer]
        pairs[layer] = {"exact": match_exact(g, p), "overlap": match_overlap(g, p)}
        counts[layer] = {mode: count_by_class(g, p, pairs[layer][mode]) for mode in MODES}
    linking = {c: Linking() for c in ("all", *CLASSES)}
    link_right: dict[int, bool] = {}
    gold_contents, pred_contents = gold.layers["content"], pred["content"]
    for i, j in pairs["content"]["overlap"]:
        g = gold_contents[i]
        sources = [f for tid in g.refs for f in gold.sources_of_content.get(tid, [])]
        if not sources:
            linking[g.cls].no_source += 1
            continue
        mentions = [
            ((records[k].speaker.mention.start, records[k].speaker.mention.end),)
            for k in pred_contents[j].refs
            if records[k].speaker is not None
        ]
        right = any(frags_overlap(m, s) for m in mentions for s in sources)
        link_right[i] = right
        linking[g.cls].total += 1
        linking[g.cls].right += int(right)
    for c in CLASSES:
        linking["all"].add(linking[c])
    return ArticleScore(counts=counts, linking=linking, gold=gold, pred=pred, pairs=pairs, link_right=link_right)


@dataclass
class Totals:
    """Sums over articles."""

    counts: dict[str, dict[str, dict[str, Counts]]] = field(
        default_factory=lambda: {
            layer: {mode: {c: Counts() for c in ("all", *CLASSES)} for mode in MODES} for layer in LAYERS
        }
    )
    linking: dict[str, Linking] = field(default_factory=lambda: {c: Linking() for c in ("all", *CLASSES)})
    articles: int = 0

    def add(self, score: ArticleScore) -> None:
        """Add one article."""
        self.articles += 1
        for layer in LAYERS:
            for mode in MODES:
                for c, n in score.counts[layer][mode].items():
                    self.counts[layer][mode][c].add(n)
        for c, n in score.linking.items():
            self.linking[c].add(n)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able figures."""
        return {
            "articles": self.articles,
            **{
                layer: {mode: {c: n.to_dict() for c, n in by_c.items()} for mode, by_c in by_mode.items()}
                for layer, by_mode in self.counts.items()
            },
            "linking": {c: n.to_dict() for c, n in self.linking.items()},
        }


# ============================================================================================ error analysis

_AUX = {
    "has", "have", "had", "is", "was", "were", "are", "be", "been", "being", "will", "would", "did", "does",
    "do", "not", "also", "'s", "’s", "could", "can", "may", "might", "should", "n't", "never", "later",
    "then", "previously", "repeatedly", "just", "still", "already", "to", "a", "an", "the", "reportedly",
    "publicly", "again", "recently", "once", "even", "first",
}  # fmt: skip
_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write", "thought": "think",
    "knew": "know", "known": "know", "felt": "feel", "spoke": "speak", "spoken": "speak", "meant": "mean",
    "heard": "hear", "saw": "see", "seen": "see", "found": "find", "taught": "teach", "gave": "give",
    "given": "give", "made": "make", "held": "hold", "led": "lead", "understood": "understand",
    "sought": "seek", "read": "read", "put": "put", "shown": "show", "went": "go",
    "according": "according", "agreed": "agree",
    "added": "add", "adding": "add", "adds": "add", "noted": "note", "noting": "note", "quoted": "quote",
    "stated": "state", "hoped": "hope", "hoping": "hope", "citing": "cite", "cited": "cite",
    "accused": "accuse", "accusing": "accuse", "argued": "argue", "arguing": "argue", "argues": "argue",
    "tweeted": "tweet", "tweeting": "tweet", "believed": "believe", "believing": "believe",
    "declined": "decline", "continued": "continue", "described": "describe", "describing": "describe",
    "suggested": "suggest", "insisted": "insist", "wanted": "want", "seemed": "seem", "appeared": "appear",
    "estimated": "estimate", "indicated": "indicate", "predicted": "predict", "reported": "report",
    "supported": "support", "supporting": "support", "defended": "defend", "responded": "respond",
    "concluded": "conclude", "endorsed": "endorse", "urged": "urge", "urging": "urge", "proposed": "propose",
    "emailed": "email", "posted": "post", "visited": "visit", "ordered": "order", "questioned": "question",
}  # fmt: skip


def cue_lemma(cue: str) -> str:
    """A heuristic lemma for a cue phrase: auxiliaries dropped, main word lemmatised ("has said" → "say").

    Multi-word cues keep their other words ("according to", "say in a statement" is cut to "say …").
    """
    words = re.findall(r"[\w’'-]+|[:]", cue.lower())
    words = [w for w in words if w not in _AUX] or words
    if not words:
        return cue.strip().lower() or "?"
    head, rest = words[0], words[1:]
    lemma = _IRREGULAR.get(head) or _lemmatise(head)
    if head == "according":
        return "according to"
    return lemma + (" …" if rest else "")


def _lemmatise(w: str) -> str:
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("ied"):
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    for suffix in ("ed", "ing"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[: -len(suffix)]
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "dlsfz":
                return stem[:-1]
            silent_e = stem.endswith(("v", "c", "u", "z", "g")) or re.search(r"[^aeiou][aeiou][^aeiouwxy]$", stem)
            if silent_e and not stem.endswith(("er", "en", "on", "om", "it", "et", "al", "el", "ain", "eal")):
                return stem + "e"
            return stem
    return w


_PRONOUNS = {
    "he", "she", "they", "i", "we", "you", "it", "him", "her", "them", "us", "me", "his", "their", "its",
    "this", "that", "who", "which",
}  # fmt: skip


def mention_kind(s: str) -> str:
    """pronoun | name (has a capitalised word) | nominal (anything else)."""
    words = s.split()
    if len(words) == 1 and words[0].lower().strip(",.") in _PRONOUNS:
        return "pronoun"
    if any(w[:1].isupper() for w in words if w.lower() not in {"the", "a", "an"}):
        return "name"
    return "nominal"


def _inside(a: Frags, b: Frags) -> bool:
    """Whether every character of ``a`` lies in ``b``."""
    return bool(a) and frags_overlap(a, b) == frags_len(a)


def _edge_word(s: str, last: bool) -> str:
    """The (lower-cased) word or punctuation mark at one edge of ``s``."""
    tokens = re.findall(r"[\w’'-]+|[^\w\s]", s.lower())
    if not tokens:
        return "(space)"
    return tokens[-1] if last else tokens[0]


def _snippet(s: str, n: int = 6, tail: bool = False) -> str:
    words = s.split()
    if len(words) <= n:
        return " ".join(words)
    return ("… " + " ".join(words[-n:])) if tail else (" ".join(words[:n]) + " …")


LEXICON_DIR = Path(__file__).resolve().parent.parent / "service" / "lexicons"


def load_cue_lexicons(directory: Path = LEXICON_DIR) -> dict[str, list[str]]:
    """lemma -> names of the engine's cue lexicons (``*_verbs.txt``, ``*_cues.txt``, ``*_nouns.txt``) holding it.

    Read only to tag the error analysis ("say [speech_verbs]", "support [not in lexicons]").
    """
    out: dict[str, list[str]] = defaultdict(list)
    if not directory.is_dir():
        return out
    for path in sorted(directory.glob("*.txt")):
        if not path.stem.endswith(("_verbs", "_cues", "_nouns")):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = line.split("#", 1)[0].strip().lower()
            if entry and path.stem not in out[entry]:
                out[entry].append(path.stem)
    return out


@dataclass
class ErrorLog:
    """Counters of the kinds of misses and false positives, with a few short examples."""

    counters: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    max_examples: int = 6
    lexicons: dict[str, list[str]] = field(default_factory=load_cue_lexicons)

    def tag(self, lemma: str) -> str:
        """``lemma [lexicon names]`` or ``lemma [not in lexicons]``."""
        base = lemma.removesuffix(" …")
        found = self.lexicons.get(base)
        return f"{lemma} [{', '.join(found) if found else 'not in lexicons'}]"

    def add(self, table: str, key: str, example: str | None = None) -> None:
        """Count ``key`` under ``table``; keep ``example`` among the first few of its kind."""
        self.counters[table][key] += 1
        if example is not None and len(self.examples[f"{table}/{key}"]) < self.max_examples:
            self.examples[f"{table}/{key}"].append(example)

    def collect(self, name: str, text: str, score: ArticleScore, records: Sequence[Any]) -> None:
        """Record the errors of one article."""
        gold, pred, spans = score.gold, score.pred, score.gold.spans
        gc, pc = gold.layers["content"], pred["content"]
        pairs = score.pairs["content"]["overlap"]
        by_gold = dict(pairs)
        matched_p = {j for _, j in pairs}
        exact_g = {i for i, _ in score.pairs["content"]["exact"]}

        def gold_cue(item: Item) -> str:
            cues = [spans[t].text or frag_text(text, spans[t].frags) for r in item.refs
                    for t in gold.cues_of_content.get(r, [])]  # fmt: skip
            return cue_lemma(cues[0]) if cues else "(no cue)"

        def gold_source(item: Item) -> list[Frags]:
            return [f for r in item.refs for f in gold.sources_of_content.get(r, [])]

        pred_cues = [p.raw for p in pred["cue"]]

        def cue_found(item: Item) -> bool:
            frags = [spans[t].frags for r in item.refs for t in gold.cues_of_content.get(r, [])]
            return any(frags_overlap(f, c) for f in frags for c in pred_cues)

        for i, g in enumerate(gc):
            gtext = frag_text(text, g.frags)
            if i not in by_gold:
                touching = [p for p in pc if frags_overlap(g.frags, p.frags)]
                if not touching:
                    why = "not found"
                elif all(_inside(p.frags, g.frags) for p in touching):
                    why = "only a part of it predicted (<50%)"
                else:
                    why = "partly covered by a longer/shifted prediction"
                why += ", its cue predicted" if cue_found(g) else ", its cue not predicted"
                self.add("missed content", f"{g.cls}: {why}")
                key = self.tag(gold_cue(g))
                self.add(f"missed {g.cls} content by gold cue", key, f"{name}: “{_snippet(gtext)}”")
                self.add("missed content (all classes) by gold cue", key)
                continue
            j = by_gold[i]
            p = pc[j]
            if i not in exact_g:
                self._boundary(text, g, p, name)
            # linking errors
            sources = gold_source(g)
            if not sources:
                self.add("linking", "gold has no source")
                continue
            if score.link_right.get(i):
                self.add("linking", "right")
                continue
            recs = [records[k] for k in p.refs]
            speaker_recs = [r for r in recs if r.speaker is not None]
            gsrc = frag_text(text, sources[0])
            if not speaker_recs:
                self.add("linking", "no speaker predicted", f"{name}: gold source “{_snippet(gsrc)}”")
                continue
            m = speaker_recs[0].speaker.mention
            mf = ((m.start, m.end),)
            if frags_overlap(mf, g.raw):
                kind = "predicted mention inside the gold content"
            elif m.text.strip().lower() in {frag_text(text, s).strip().lower() for s in sources}:
                kind = "same words, another mention"
            elif set(m.text.lower().split()) & set(" ".join(frag_text(text, s) for s in sources).lower().split()):
                kind = "shares a word with gold source (other mention?)"
            else:
                kind = f"different: gold {mention_kind(gsrc)} vs predicted {mention_kind(m.text)}"
            self.add("linking", kind, f"{name}: gold “{_snippet(gsrc)}” vs predicted “{_snippet(m.text)}”")
        for j, p in enumerate(pc):
            if j in matched_p:
                continue
            recs = [records[k] for k in p.refs]
            rec = recs[0]
            lemma = rec.cue.lemma if rec.cue is not None else "(no cue)"
            touching = [(k, g) for k, g in enumerate(gc) if frags_overlap(g.frags, p.frags)]
            holders = [k for k, g in touching if _inside(p.frags, g.frags)]
            if any(k in by_gold for k in holders):
                where = "an extra piece of a gold content that another prediction matched"
            elif holders:
                where = "inside a longer, unmatched gold content (<50% of it)"
            elif any(_inside(g.frags, p.frags) for _, g in touching):
                where = "holds a shorter gold content (<50% of it)"
            elif touching:
                where = "crosses a gold content boundary"
            elif any(frags_overlap(sp.frags, p.frags) for sp in spans.values() if sp.label in ("Source", "Cue")):
                where = "on a gold source/cue"
            elif any(frags_overlap(sp.frags, p.frags) for sp in spans.values() if sp.label in ("Discard", "Discuss")):
                where = "on a Discard/Discuss span"
            else:
                where = "no gold nearby"
            self.add("false-positive content", f"{rec.type}, {where}")
            self.add(f"false-positive {rec.type} content: cue", lemma, f"{name}: “{_snippet(rec.quote.text)}”")
        # cues and sources
        for layer in ("cue", "source"):
            g_items, p_items = gold.layers[layer], pred[layer]
            lpairs = score.pairs[layer]["overlap"]
            mg, mp = {i for i, _ in lpairs}, {j for _, j in lpairs}
            for i, g in enumerate(g_items):
                if i in mg:
                    continue
                gt = frag_text(text, g.raw)
                key = self.tag(cue_lemma(gt)) if layer == "cue" else mention_kind(gt)
                self.add(f"missed {layer}", f"{g.cls}: {key}", f"{name}: “{_snippet(gt)}”")
            for j, p in enumerate(p_items):
                if j in mp:
                    continue
                pt = frag_text(text, p.raw)
                rec = records[p.refs[0]]
                key = (rec.cue.lemma if rec.cue else "?") if layer == "cue" else mention_kind(pt)
                self.add(f"false-positive {layer}", f"{p.cls}: {key}", f"{name}: “{_snippet(pt)}”")

    def _boundary(self, text: str, g: Item, p: Item, name: str) -> None:
        table = "content boundary (overlap, not exact)"
        if len(g.frags) > 1 or len(p.frags) > 1:
            self.add(table, "discontinuous (gold or merged prediction)")
            return
        if not p.frags:
            return
        (gs, ge), ps, pe = g.frags[0], p.frags[0][0], p.frags[-1][1]
        if ps < gs:
            extra = text[ps:gs]
            self.add(table, "predicted starts earlier")
            self.add("predicted starts earlier: last extra word", _edge_word(extra, last=True),
                     f"{name}: “{_snippet(extra, 4, tail=True)}”")  # fmt: skip
        elif ps > gs:
            missing = text[gs:ps]
            self.add(table, "predicted starts later")
            self.add("predicted starts later: first missing word", _edge_word(missing, last=False),
                     f"{name}: “{_snippet(missing, 4)}”")  # fmt: skip
        if pe > ge:
            extra = text[ge:pe]
            self.add(table, "predicted ends later")
            self.add("predicted ends later: first extra word", _edge_word(extra, last=False),
                     f"{name}: “{_snippet(extra, 4)}”")  # fmt: skip
        elif pe < ge:
            missing = text[pe:ge]
            self.add(table, "predicted ends earlier")
            self.add("predicted ends earlier: last missing word", _edge_word(missing, last=True),
                     f"{name}: “{_snippet(missing, 4, tail=True)}”")  # fmt: skip

    def format(self, top: int = 15, examples: int = 2) -> str:
        """The tables, most frequent first, with a couple of examples each."""
        lines = []
        for table in sorted(self.counters):
            c = self.counters[table]
            lines.append(f"\n{table} (total {sum(c.values())}):")
            for key, n in c.most_common(top):
                ex = self.examples.get(f"{table}/{key}", [])[:examples]
                ex_s = ("   e.g. " + " | ".join(ex)) if ex else ""
                lines.append(f"  {n:5d}  {key}{ex_s}")
        return "\n".join(lines)

    def to_dict(self, top: int = 25) -> dict[str, dict[str, int]]:
        """Counts only (no article text)."""
        return {t: dict(c.most_common(top)) for t, c in sorted(self.counters.items())}


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
