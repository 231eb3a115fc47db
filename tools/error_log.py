"""Error analysis for tools/evaluate.py (``--errors``): the kinds of misses and false positives.

What is here: cue_lemma (a heuristic lemma of a cue phrase), mention_kind (pronoun / name / nominal),
load_cue_lexicons (which of the engine's cue lexicons hold a lemma) and ErrorLog, which counts the errors of each
scored article with a few short examples. tools/evaluate.py re-exports every name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.brat import Frags, Item, frag_text, frags_len, frags_overlap
from tools.scoring import ArticleScore

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
