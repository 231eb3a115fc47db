"""Speaker identity on PolNeAR dev: who each quote is given to, and in what role, against the identity set.

The identity set (``../shared/data/polnear-identity/dev.json``) names, for every gold Source span of the first
annotator's file of each dev article, the entity it refers to, with that entity's fullest name, kind, title
and affiliation. Measured here (``tools/evaluate.py --identity PATH`` prints and stores them):

* **resolution**: of the gold Source spans whose entity has a name and that a predicted record's speaker
  mention overlaps, the share whose record names that entity: the gold name's words as a run inside the
  predicted name, or the predicted name a trailing run of the gold name ("Trump" for "Donald Trump"). Split
  by the form of the gold span: a name, a pronoun, a description.
* **found**: of the named entities, the share that some predicted record's speaker mention overlaps.
* **title** (**affiliation**): of the found entities with a title (affiliation), the share for which some
  record attributed to them (mention overlapping one of their source spans) carries it: the gold words as a
  run inside the predicted ones or the other way round, after case, punctuation and common abbreviations are
  ignored; the entity's
  other titles count too. **spurious titles**: of the found entities with no title at all, the share given one.
* **kind**: of the found entities, the share whose records' (majority) kind is the gold kind.
* **end to end**: of the gold contents whose source entity has a name, the share that a predicted content
  matches (overlap, as in the span figures) and whose record names that entity.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMS = ("name", "pronoun", "description")
PRONOUNS = frozenset(
    [
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "he",
        "him",
        "his",
        "she",
        "her",
        "it",
        "its",
        "they",
        "them",
        "their",
        "you",
        "your",
        "who",
    ]
)
# Spelling variants that say the same title or body; applied to both sides before comparing.
_ALIASES = {
    "sen": "senator", "rep": "representative", "gov": "governor", "lt": "lieutenant", "gen": "general",
    "sec": "secretary", "pres": "president", "atty": "attorney", "dept": "department", "prof": "professor",
    "ceo": "chief executive", "u s": "united states", "us": "united states", "america": "united states",
    "uk": "united kingdom", "gop": "republican party", "spokesperson": "spokesman", "spokeswoman": "spokesman",
    "chairwoman": "chairman", "chair": "chairman", "chairperson": "chairman",
}  # fmt: skip
_WORD = re.compile(r"[\w]+", re.UNICODE)


def words(s: str | None) -> list[str]:
    """Lower-cased words without punctuation, abbreviations expanded ("Sen." → senator, "U.S." → united states)."""
    if not s:
        return []
    text = " " + " ".join(_WORD.findall(s.lower().replace("’", "'").replace("'s", ""))) + " "
    for short, full in sorted(_ALIASES.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(f" {short} ", f" {full} ")
    return [w for w in text.split() if w not in ("the", "a", "an")]


def _run_inside(needle: list[str], hay: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(hay[k : k + n] == needle for k in range(len(hay) - n + 1))


def names_match(gold: str | None, predicted: str | None) -> bool:
    """The gold name's words as a run inside the predicted name, or the predicted name a trailing run of gold."""
    g, p = words(gold), words(predicted)
    if not g or not p:
        return False
    return _run_inside(g, p) or (len(p) <= len(g) and g[-len(p) :] == p)


def role_matches(gold: str | None, predicted: str | None) -> bool:
    """Containment either way after normalisation: the gold title (or affiliation) as a run of words inside
    the predicted one ("press secretary" in "White House press secretary"), or the predicted inside the gold
    ("Minority Leader" for "Senate Minority Leader")."""
    g, p = words(gold), words(predicted)
    return _run_inside(g, p) or _run_inside(p, g)


def span_form(span_text: str, entity_name: str | None) -> str:
    """name | pronoun | description: how a gold Source span refers to its entity."""
    w = words(span_text)
    if len(w) == 1 and w[0] in PRONOUNS:
        return "pronoun"
    name_words = set(words(entity_name))
    capitalised = [t for t in re.findall(r"\w+", span_text) if t[:1].isupper()]
    if name_words and any(t.lower() in name_words for t in capitalised):
        return "name"
    return "description"


@dataclass
class GoldEntity:
    """One entity of the identity set."""

    id: str
    name: str | None
    kind: str
    title: str | None
    affiliation: str | None
    other_titles: list[str]
    spans: list[tuple[int, int]] = field(default_factory=list)
    evidence: str | None = None  # the gold's snippet of the article, shown beside a miss


@dataclass
class ArticleIdentity:
    """The identity gold of one article: entities by id, and source span → entity id."""

    annotation_file: str
    entities: dict[str, GoldEntity]
    source_entity: dict[tuple[int, int], str]
    source_text: dict[tuple[int, int], str]


def load_identity(path: Path) -> dict[str, ArticleIdentity]:
    """The identity set by article name."""
    out: dict[str, ArticleIdentity] = {}
    for art in json.loads(Path(path).read_text(encoding="utf-8")):
        entities = {
            e["entity"]: GoldEntity(
                e["entity"],
                e.get("name"),
                e.get("kind") or "other",
                e.get("title"),
                e.get("affiliation"),
                list(e.get("other_titles") or []),
                evidence=e.get("evidence"),
            )  # fmt: skip
            for e in art["entities"]
        }
        source_entity, source_text = {}, {}
        for s in art["sources"]:
            key = (s["start"], s["end"])
            source_text[key] = s["text"]
            if s.get("entity") in entities:
                source_entity[key] = s["entity"]
                entities[s["entity"]].spans.append(key)
        out[art["article"]] = ArticleIdentity(art["annotation_file"], entities, source_entity, source_text)
    return out


def _ratio(right: int, total: int) -> dict[str, Any]:
    return {"right": right, "total": total, "share": round(right / total, 4) if total else None}


@dataclass
class IdentityCounts:
    """Counts over one or more articles; ``to_dict`` gives the shares."""

    resolution: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in ("all", *FORMS)})
    found: list[int] = field(default_factory=lambda: [0, 0])
    title: list[int] = field(default_factory=lambda: [0, 0])
    affiliation: list[int] = field(default_factory=lambda: [0, 0])
    spurious_title: list[int] = field(default_factory=lambda: [0, 0])
    kind: list[int] = field(default_factory=lambda: [0, 0])
    end_to_end: list[int] = field(default_factory=lambda: [0, 0])
    misses: dict[str, list[str]] = field(
        default_factory=lambda: {"name": [], "title": [], "affiliation": [], "spurious_title": []}
    )

    def add(self, other: IdentityCounts) -> None:
        """Accumulate ``other``."""
        for form, (r, t) in other.resolution.items():
            self.resolution[form][0] += r
            self.resolution[form][1] += t
        for name in ("found", "title", "affiliation", "spurious_title", "kind", "end_to_end"):
            mine, theirs = getattr(self, name), getattr(other, name)
            mine[0] += theirs[0]
            mine[1] += theirs[1]
        for key, examples in other.misses.items():
            self.misses[key].extend(examples)

    def to_dict(self, misses: bool = False) -> dict[str, Any]:
        """Shares with their counts; with ``misses``, the misses too (they quote the articles, so they are
        printed for error analysis but never written to the committed results)."""
        out: dict[str, Any] = {
            "resolution": {form: _ratio(*rt) for form, rt in self.resolution.items()},
            **{
                name: _ratio(*getattr(self, name))
                for name in ("found", "title", "affiliation", "spurious_title", "kind", "end_to_end")
            },
        }
        if misses:
            out["misses"] = {k: v[:300] for k, v in self.misses.items()}
        return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_identity(text: str, gold: ArticleIdentity, records: list[Any], content_pairs: list[tuple[int, int]],
                   gold_contents: list[Any], pred_contents: list[Any],
                   sources_of_content: dict[str, list[Any]]) -> IdentityCounts:  # fmt: skip
    """Identity counts of one article (``content_pairs`` etc. from ``tools.evaluate.score_article``)."""
    counts = IdentityCounts()
    spoken = [(k, (r.speaker.mention.start, r.speaker.mention.end)) for k, r in enumerate(records) if r.speaker]

    def records_on(span: tuple[int, int]) -> list[int]:
        return [k for k, m in spoken if _overlaps(m, span)]

    for span, entity_id in gold.source_entity.items():
        entity = gold.entities[entity_id]
        on = records_on(span)
        if not entity.name or not on:
            continue
        form = span_form(gold.source_text[span], entity.name)
        right = any(names_match(entity.name, records[k].speaker.name) for k in on)
        for f in ("all", form):
            counts.resolution[f][0] += right
            counts.resolution[f][1] += 1
        if not right:
            said = records[on[0]].speaker
            counts.misses["name"].append(f"{gold.source_text[span]!r} → {said.name!r}, gold {entity.name!r}")

    for entity in gold.entities.values():
        mine = sorted({k for span in entity.spans for k in records_on(span)})
        if entity.name:
            counts.found[0] += bool(mine)
            counts.found[1] += 1
        if not mine:
            continue
        roles = [records[k].role for k in mine if records[k].role is not None]
        titles = [r.title for r in roles if r.title]
        affiliations = [r.affiliation for r in roles if r.affiliation]
        wanted_titles = [t for t in [entity.title, *entity.other_titles] if t]
        if wanted_titles:
            right = any(role_matches(g, p) for g in wanted_titles for p in titles)
            counts.title[0] += right
            counts.title[1] += 1
            if not right:
                counts.misses["title"].append(
                    f"{entity.name or entity.kind}: gold {entity.title!r}, got {titles[:2]} | {entity.evidence!r}")
        else:
            counts.spurious_title[0] += bool(titles)
            counts.spurious_title[1] += 1
            if titles:
                counts.misses["spurious_title"].append(
                    f"{entity.name or entity.kind}: got {titles[:2]} | {entity.evidence!r}")
        if entity.affiliation:
            right = any(role_matches(entity.affiliation, p) for p in affiliations)
            counts.affiliation[0] += right
            counts.affiliation[1] += 1
            if not right:
                counts.misses["affiliation"].append(
                    f"{entity.name or entity.kind}: gold {entity.affiliation!r}, got {affiliations[:2]}"
                    f" | {entity.evidence!r}"
                )
        kinds = Counter(records[k].speaker.kind for k in mine)
        counts.kind[0] += kinds.most_common(1)[0][0] == entity.kind
        counts.kind[1] += 1

    matched = dict(content_pairs)
    for i, item in enumerate(gold_contents):
        spans = [frags for tid in item.refs for frags in sources_of_content.get(tid, [])]
        entities = {gold.source_entity.get((f[0][0], f[-1][1])) for f in spans if f} - {None}
        named = [gold.entities[e] for e in entities if gold.entities[e].name]
        if not named:
            continue
        counts.end_to_end[1] += 1
        j = matched.get(i)
        if j is None:
            continue
        names = [records[k].speaker.name for k in pred_contents[j].refs if records[k].speaker is not None]
        counts.end_to_end[0] += any(names_match(e.name, n) for e in named for n in names)
    return counts


def format_identity(d: dict[str, Any]) -> str:
    """One paragraph of the identity figures."""

    def pct(r: dict[str, Any]) -> str:
        return f"{100 * r['share']:.1f}% of {r['total']}" if r["share"] is not None else "n/a"

    res = d["resolution"]
    return (
        f"Identity: resolution {pct(res['all'])} (names {pct(res['name'])}, pronouns {pct(res['pronoun'])}, "
        f"descriptions {pct(res['description'])}); named entities found {pct(d['found'])}; title "
        f"{pct(d['title'])}; affiliation {pct(d['affiliation'])}; spurious titles {pct(d['spurious_title'])}; "
        f"kind {pct(d['kind'])}; end to end {pct(d['end_to_end'])}."
    )
