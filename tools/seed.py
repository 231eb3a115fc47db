"""Score the engine's output on a hand-annotated seed article (``seeds/*.expected.json``).

The matching rule is the one the seed's ``conventions`` block defines:

* a produced record matches an expected one when the character-level F1 of their quote spans (overlap counted
  against both lengths: ``2 * overlap / (len_a + len_b)``) is at least 0.7 **and** the speaker matches
  (case-insensitive, a leading "the" ignored; the expected name contained in the produced speaker's name or
  in its mention counts);
* the assignment is one-to-one, greedy by best quote F1;
* ``must_not`` entries: the entry's ``text`` must not be (an F1 >= 0.7 match of) any produced quote, and
  ``never_speaker`` must not appear in any produced speaker name or mention.

On matched records the report also gives role (title) and affiliation agreement, compared leniently
(case-insensitive; one containing the other, or sharing a long common prefix such as Ukraine/Ukrainian).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.attribution.records import Analysis, Attribution

QUOTE_F1_THRESHOLD = 0.7
SEED_DIR = Path(__file__).resolve().parent.parent / "seeds"


@dataclass(frozen=True)
class ExpectedRecord:
    """One attribution the seed file expects."""

    index: int
    type: str
    quote: str
    start: int
    end: int
    speaker: str | None
    speaker_mention: str | None
    role: str | None
    affiliation: str | None
    cue: str | None
    required: bool
    note: str = ""

    def label(self) -> str:
        """A short human-readable name: ``#3 [required] Volodymyr Zelensky: "We are not afraid…"``."""
        kind = "required" if self.required else "good-to-have"
        quote = self.quote if len(self.quote) <= 50 else self.quote[:47] + "…"
        return f"#{self.index} [{kind}] {self.speaker}: “{quote}” ({self.start}-{self.end})"


@dataclass(frozen=True)
class MustNot:
    """Something the output must not contain."""

    text: str
    why: str = ""
    never_speaker: str | None = None


@dataclass
class Expected:
    """A parsed ``*.expected.json``."""

    name: str
    source: str
    attributions: list[ExpectedRecord]
    must_not: list[MustNot]
    conventions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    """One expected record paired with one produced record."""

    expected: ExpectedRecord
    produced_index: int
    produced_id: str
    f1: float
    role_agrees: bool
    affiliation_agrees: bool
    produced_role: str | None
    produced_affiliation: str | None


@dataclass
class SeedReport:
    """Outcome of scoring one analysis against one seed."""

    name: str
    required_total: int
    good_total: int
    matches: list[Match]
    missing_required: list[ExpectedRecord]
    missing_good: list[ExpectedRecord]
    violations: list[str]
    unmatched_produced: list[str]
    produced_total: int

    @property
    def required_matched(self) -> int:
        """How many required records were matched."""
        return sum(1 for m in self.matches if m.expected.required)

    @property
    def good_matched(self) -> int:
        """How many good-to-have records were matched."""
        return sum(1 for m in self.matches if not m.expected.required)

    @property
    def role_agreement(self) -> tuple[int, int]:
        """(agreeing, matched) for the speaker's title."""
        return sum(1 for m in self.matches if m.role_agrees), len(self.matches)

    @property
    def affiliation_agreement(self) -> tuple[int, int]:
        """(agreeing, matched) for the title's affiliation."""
        return sum(1 for m in self.matches if m.affiliation_agrees), len(self.matches)

    @property
    def ok(self) -> bool:
        """Every required record matched and no must_not violated."""
        return not self.missing_required and not self.violations

    def to_dict(self) -> dict[str, Any]:
        """The figures as plain JSON-able data (no article text beyond the seed's own labels)."""
        role_ok, n = self.role_agreement
        aff_ok, _ = self.affiliation_agreement
        return {
            "seed": self.name,
            "required_matched": self.required_matched,
            "required_total": self.required_total,
            "good_matched": self.good_matched,
            "good_total": self.good_total,
            "must_not_violations": len(self.violations),
            "role_agree": role_ok,
            "affiliation_agree": aff_ok,
            "matched": n,
            "produced": self.produced_total,
            "unmatched_produced": len(self.unmatched_produced),
            "missing_required": [r.index for r in self.missing_required],
            "missing_good": [r.index for r in self.missing_good],
        }

    def format(self, verbose: bool = True) -> str:
        """A plain-text report."""
        role_ok, n = self.role_agreement
        aff_ok, _ = self.affiliation_agreement
        lines = [
            f"seed {self.name}: required {self.required_matched}/{self.required_total}, "
            f"good-to-have {self.good_matched}/{self.good_total}, "
            f"must_not violations {len(self.violations)}, "
            f"role agreement {role_ok}/{n}, affiliation agreement {aff_ok}/{n}, "
            f"produced {self.produced_total} ({len(self.unmatched_produced)} unmatched)"
        ]
        if verbose:
            for rec in self.missing_required:
                lines.append(f"  MISSING {rec.label()}")
            for rec in self.missing_good:
                lines.append(f"  missing {rec.label()}")
            for v in self.violations:
                lines.append(f"  VIOLATION {v}")
            for m in self.matches:
                if not (m.role_agrees and m.affiliation_agrees):
                    lines.append(
                        f"  role/affiliation differ on #{m.expected.index}: expected "
                        f"{m.expected.role!r}/{m.expected.affiliation!r}, produced "
                        f"{m.produced_role!r}/{m.produced_affiliation!r}"
                    )
            for u in self.unmatched_produced:
                lines.append(f"  extra {u}")
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------- loading


def load_expected(path: str | Path) -> Expected:
    """Read one ``*.expected.json`` file."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    records = [
        ExpectedRecord(
            index=i,
            type=a.get("type", ""),
            quote=a["quote"],
            start=int(a["start"]),
            end=int(a["end"]),
            speaker=a.get("speaker"),
            speaker_mention=a.get("speaker_mention"),
            role=a.get("role"),
            affiliation=a.get("affiliation"),
            cue=a.get("cue"),
            required=bool(a.get("required", False)),
            note=a.get("note", "") or "",
        )
        for i, a in enumerate(data.get("attributions", []))
    ]
    must_not = [
        MustNot(text=m.get("text", ""), why=m.get("why", ""), never_speaker=m.get("never_speaker"))
        for m in data.get("must_not", [])
    ]
    name = path.name.removesuffix(".expected.json")
    return Expected(
        name=name,
        source=data.get("source", name + ".txt"),
        attributions=records,
        must_not=must_not,
        conventions=data.get("conventions", {}),
    )


def load_seeds(directory: str | Path = SEED_DIR) -> list[tuple[str, Expected]]:
    """Every seed in ``directory`` as ``(posted text, expected)``, sorted by file name."""
    directory = Path(directory)
    out = []
    for path in sorted(directory.glob("*.expected.json")):
        expected = load_expected(path)
        text = (directory / expected.source).read_text(encoding="utf-8")
        out.append((text, expected))
    return out


# --------------------------------------------------------------------------------------------- matching


def span_f1(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    """Character-level F1 of two spans: ``2 * overlap / (len_a + len_b)``; 0.0 when both are empty."""
    total = (a_end - a_start) + (b_end - b_start)
    if total <= 0:
        return 0.0
    overlap = max(0, min(a_end, b_end) - max(a_start, b_start))
    return 2.0 * overlap / total


_THE = re.compile(r"^the\s+")
_SPACE = re.compile(r"\s+")


def normalise_name(name: str | None) -> str:
    """Lower-cased, whitespace-collapsed, with a leading "the" removed."""
    if not name:
        return ""
    return _THE.sub("", _SPACE.sub(" ", name).strip().lower())


def speaker_matches(expected: str | None, record: Attribution) -> bool:
    """The conventions' speaker rule: the expected name contained in the produced name or mention.

    An expected speaker of None only matches a record without a speaker.
    """
    if expected is None:
        return record.speaker is None
    if record.speaker is None:
        return False
    want = normalise_name(expected)
    if not want:
        return False
    produced = (normalise_name(record.speaker.name), normalise_name(record.speaker.mention.text))
    return any(want in p for p in produced if p)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def loosely_equal(expected: str | None, produced: str | None) -> bool:
    """Role/affiliation agreement: both absent, or case-insensitively one contains the other, or they share a
    prefix of at least 5 characters covering 70% of the shorter (Ukraine ~ Ukrainian)."""
    a, b = normalise_name(expected), normalise_name(produced)
    if not a and not b:
        return True
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    prefix = _common_prefix(a, b)
    return prefix >= 5 and prefix >= 0.7 * min(len(a), len(b))


def match_records(
    expected: Sequence[ExpectedRecord], produced: Sequence[Attribution], threshold: float = QUOTE_F1_THRESHOLD
) -> list[tuple[int, int, float]]:
    """One-to-one assignment of expected to produced records, greedy by best quote F1.

    Returns ``(expected position, produced position, f1)`` triples. A pair is a candidate only when the quote
    F1 is at least ``threshold`` and the speaker matches. Ties are broken by position, so the result is
    deterministic.
    """
    candidates = []
    for i, exp in enumerate(expected):
        for j, rec in enumerate(produced):
            f1 = span_f1(exp.start, exp.end, rec.quote.start, rec.quote.end)
            if f1 >= threshold and speaker_matches(exp.speaker, rec):
                candidates.append((-f1, i, j))
    return sorted((i, j, -neg_f1) for neg_f1, i, j in greedy_one_to_one(candidates))


def greedy_one_to_one(candidates: list[tuple[float, int, int]]) -> list[tuple[float, int, int]]:
    """Pick ``(key, left, right)`` candidates in ascending key order (ties by position), each side used once."""
    used_left: set[int] = set()
    used_right: set[int] = set()
    out = []
    for key, i, j in sorted(candidates):
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        out.append((key, i, j))
    return out


def _occurrences(text: str, needle: str) -> Iterable[tuple[int, int]]:
    if not needle:
        return
    pos = text.find(needle)
    while pos >= 0:
        yield pos, pos + len(needle)
        pos = text.find(needle, pos + 1)


def must_not_violations(
    text: str,
    produced: Sequence[Attribution],
    rules: Sequence[MustNot],
    threshold: float = QUOTE_F1_THRESHOLD,
) -> list[str]:
    """Every way ``produced`` breaks the ``must_not`` rules, as readable strings (empty: none broken).

    The rule's ``text`` is located in the posted text (every occurrence); when it cannot be found, a produced
    quote whose text equals it (after normalising case and space) still counts.
    """
    violations = []
    for rule in rules:
        spans = list(_occurrences(text, rule.text))
        for rec in produced:
            hit = any(span_f1(s, e, rec.quote.start, rec.quote.end) >= threshold for s, e in spans)
            if not spans and rule.text:
                hit = normalise_name(rec.quote.text) == normalise_name(rule.text)
            if hit:
                violations.append(f"record {rec.id} quotes “{rule.text}” ({rule.why})")
        if rule.never_speaker:
            banned = rule.never_speaker.lower()
            for rec in produced:
                if rec.speaker is None:
                    continue
                if banned in rec.speaker.name.lower() or banned in rec.speaker.mention.text.lower():
                    violations.append(
                        f"record {rec.id} has speaker {rec.speaker.name!r} (mention "
                        f"{rec.speaker.mention.text!r}), which must never be a speaker ({rule.why})"
                    )
    return violations


def _describe(rec: Attribution) -> str:
    speaker = f"{rec.speaker.name} [{rec.speaker.mention.text}]" if rec.speaker else "(no speaker)"
    quote = rec.quote.text if len(rec.quote.text) <= 50 else rec.quote.text[:47] + "…"
    return f"{rec.id} {rec.type} {speaker}: “{quote}” ({rec.quote.start}-{rec.quote.end})"


def score_seed(analysis: Analysis, expected: Expected, text: str = "") -> SeedReport:
    """Score one analysis of the seed article against its expected records.

    ``text`` is the posted seed text, used to locate ``must_not`` texts; without it they are compared to the
    produced quotes' text.
    """
    produced = list(analysis.attributions)
    pairs = match_records(expected.attributions, produced)
    matches = []
    for i, j, f1 in pairs:
        exp, rec = expected.attributions[i], produced[j]
        title = rec.role.title if rec.role else None
        affiliation = rec.role.affiliation if rec.role else None
        matches.append(
            Match(
                expected=exp,
                produced_index=j,
                produced_id=rec.id,
                f1=f1,
                role_agrees=loosely_equal(exp.role, title),
                affiliation_agrees=loosely_equal(exp.affiliation, affiliation),
                produced_role=title,
                produced_affiliation=affiliation,
            )
        )
    matched_e = {i for i, _, _ in pairs}
    matched_p = {j for _, j, _ in pairs}
    missing = [e for i, e in enumerate(expected.attributions) if i not in matched_e]
    return SeedReport(
        name=expected.name,
        required_total=sum(1 for e in expected.attributions if e.required),
        good_total=sum(1 for e in expected.attributions if not e.required),
        matches=matches,
        missing_required=[e for e in missing if e.required],
        missing_good=[e for e in missing if not e.required],
        violations=must_not_violations(text, produced, expected.must_not),
        unmatched_produced=[_describe(r) for j, r in enumerate(produced) if j not in matched_p],
        produced_total=len(produced),
    )


def score_seeds(extractor: Any, options: Any = None, directory: str | Path = SEED_DIR) -> list[SeedReport]:
    """Run ``extractor`` on every seed in ``directory`` and score each."""
    seeds = load_seeds(directory)
    if not seeds:
        return []
    analyses = extractor.analyze_many([t for t, _ in seeds], options)
    return [score_seed(a, e, t) for a, (t, e) in zip(analyses, seeds, strict=True)]
