"""Scoring one article for tools/evaluate.py: its gold and predicted items per layer, and the counts.

What is here: GoldItems and gold_items (the .ann's Content/Source/Cue spans), predicted_items (the engine's
records, interrupted quotes joined by cue), score_article (exact and overlap counts, linking accuracy) and Totals
(sums over articles). tools/evaluate.py re-exports every name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tools.brat import (
    CLASSES,
    LAYERS,
    MODES,
    BratDoc,
    BratSpan,
    Counts,
    Frags,
    Item,
    count_by_class,
    dedupe,
    frag_text,
    frags_overlap,
    has_quote_mark,
    match_exact,
    match_overlap,
    trim,
)

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
