"""The PolNeAR metric code on tiny hand-made brat strings (no corpus, no models needed)."""

from __future__ import annotations

import json

import pytest

from service.attribution.records import Analysis, Attribution, Cue, Span, SpeakerRef
from tools.evaluate import (
    RESULTS_END,
    RESULTS_START,
    ErrorLog,
    Item,
    cue_lemma,
    evaluate_split,
    frags_overlap,
    load_split,
    match_exact,
    match_overlap,
    parse_brat,
    parse_frags,
    predicted_items,
    run_engine,
    score_article,
    trim,
    write_results,
)

# Offsets below are computed from this text, never typed by hand.
TEXT = (
    "The mayor said that the bridge would reopen in May. "
    "“We are not done yet,” she added, “but we are close.” "
    "Critics argued the plan was too expensive."
)


def at(sub: str, nth: int = 0) -> tuple[int, int]:
    """Start and end of the ``nth`` occurrence of ``sub`` in TEXT."""
    pos = -1
    for _ in range(nth + 1):
        pos = TEXT.index(sub, pos + 1)
    return pos, pos + len(sub)


def t_line(tid: str, label: str, *subs: str) -> str:
    """A brat T line for (possibly several, i.e. discontinuous) substrings of TEXT."""
    frags = [at(s) for s in subs]
    offsets = ";".join(f"{s} {e}" for s, e in frags)
    return f"{tid}\t{label} {offsets}\t{' '.join(TEXT[s:e] for s, e in frags)}"


MAYOR_CONTENT = "that the bridge would reopen in May"
DIRECT_A = "“We are not done yet,”"
DIRECT_B = "“but we are close.”"
CRITICS_CONTENT = "the plan was too expensive"

GOLD = "\n".join(
    [
        t_line("T1", "Source", "The mayor"),
        t_line("T2", "Cue", "said"),
        t_line("T3", "Content", MAYOR_CONTENT),
        t_line("T4", "Attribution", "said"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        t_line("T5", "Source", "she"),
        t_line("T6", "Cue", "added"),
        t_line("T7", "Content", DIRECT_A, DIRECT_B),  # discontinuous
        t_line("T8", "Attribution", "added"),
        "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
        t_line("T9", "Source", "Critics"),
        t_line("T10", "Cue", "argued"),
        t_line("T11", "Content", CRITICS_CONTENT),
        t_line("T12", "Attribution", "argued"),
        "E3\tAttribution:T12 Cue:T10 Content:T11 Source:T9",
    ]
)


def span(sub: str, nth: int = 0) -> Span:
    s, e = at(sub, nth)
    return Span(TEXT[s:e], s, e)


def rec(
    rid: str,
    quote: str,
    mention: str | None,
    cue: str | None,
    qtype: str = "indirect",
    quote_nth: int = 0,
) -> Attribution:
    speaker = SpeakerRef(span(mention), mention, "person", "E1") if mention else None
    return Attribution(
        id=rid,
        type=qtype,
        quote=span(quote, quote_nth),
        speaker=speaker,
        role=None,
        cue=Cue(span(cue), cue) if cue else None,
        confidence=1.0,
    )


# ----------------------------------------------------------------------------------------------- parsing


def test_parse_brat_spans_events_and_discontinuous():
    doc = parse_brat(GOLD)
    assert not doc.errors
    assert doc.spans["T7"].frags == (at(DIRECT_A), at(DIRECT_B))
    assert doc.events[1].role("Content") == ("T7",)
    assert doc.events[2].role("Source") == ("T9",)
    assert parse_frags("30 40;5 10") == ((5, 10), (30, 40))  # sorted


def test_parse_brat_folds_numbered_roles_and_reports_bad_lines():
    doc = parse_brat(
        "T1\tContent 0 5\tThe m\nT2\tContent 6 9\tyor\nTx\tbroken\nE1\tAttribution:T9 Content:T1 Content2:T2"
    )
    assert doc.events[0].role("Content") == ("T1", "T2")
    assert any("line 3" in e for e in doc.errors)  # the malformed T line
    assert any("T9" in e for e in doc.errors)  # unknown reference


# ----------------------------------------------------------------------------------------------- trimming


def test_trim_quote_marks_punctuation_and_leading_that():
    assert trim(TEXT, (at(DIRECT_A),)) == (at("We are not done yet"),)
    assert trim(TEXT, (at(MAYOR_CONTENT),)) == (at("the bridge would reopen in May"),)
    # 'that' is removed only as a whole word at the start, and only for contents
    assert trim(TEXT, (at(MAYOR_CONTENT),), strip_that=False) == (at(MAYOR_CONTENT),)
    # a span of punctuation only keeps its characters instead of vanishing
    colon = "x: y"
    assert trim(colon, ((1, 2),)) == ((1, 2),)


def test_trim_does_not_eat_words_starting_with_that():
    text = "thatcherism is back"
    assert trim(text, ((0, len(text)),)) == ((0, len(text)),)


# ----------------------------------------------------------------------------------------------- matching


def item(*subs: str) -> Item:
    frags = tuple(sorted(at(s) for s in subs))
    return Item(trim(TEXT, frags), "other", [], frags)


def test_exact_vs_overlap():
    gold = [item("the bridge would reopen in May")]
    shorter = [item("the bridge would reopen")]  # 23 of 30 characters: overlap yes, exact no
    much_shorter = [item("the bridge")]  # 10 of 30: neither
    assert match_exact(gold, shorter) == []
    assert match_overlap(gold, shorter) == [(0, 0)]
    assert match_overlap(gold, much_shorter) == []
    assert match_exact(gold, [item("the bridge would reopen in May")]) == [(0, 0)]


def test_overlap_is_one_to_one_and_prefers_the_larger_share():
    gold = [item("the bridge would reopen in May")]
    preds = [item("the bridge would reopen"), item("the bridge would reopen in May.")]
    assert match_overlap(gold, preds) == [(0, 1)]
    two_gold = [item("the bridge would reopen in May"), item("bridge would reopen in May")]
    assert len(match_overlap(two_gold, [item("the bridge would reopen in May")])) == 1


def test_discontinuous_overlap_counts_all_fragments():
    gold = item(DIRECT_A, DIRECT_B)
    assert frags_overlap(gold.frags, item(DIRECT_A).frags) == len("We are not done yet")
    # one fragment alone is more than half of the whole discontinuous content -> overlap match
    assert match_overlap([gold], [item(DIRECT_A)]) == [(0, 0)]
    assert match_exact([gold], [item(DIRECT_A)]) == []
    assert match_exact([gold], [item(DIRECT_A, DIRECT_B)]) == [(0, 0)]


# ----------------------------------------------------------------------------------------------- one article


def test_perfect_engine_output_scores_one():
    records = [
        rec("q1", "the bridge would reopen in May", "The mayor", "said"),
        # our engine leaves the marks out and returns an interrupted quote as two records with one cue
        rec("q2", "We are not done yet", "she", "added", "direct"),
        rec("q3", "but we are close", "she", "added", "direct"),
        rec("q4", CRITICS_CONTENT, "Critics", "argued"),
    ]
    score = score_article(TEXT, parse_brat(GOLD), records)
    for layer in ("content", "source", "cue"):
        for mode in ("exact", "overlap"):
            c = score.counts[layer][mode]["all"]
            assert (c.tp, c.fp, c.fn) == (3, 0, 0), (layer, mode)
    assert (score.linking["all"].right, score.linking["all"].total) == (3, 3)


def test_direct_other_split_and_errors_counted():
    records = [
        rec("q2", "We are not done yet", "The mayor", "added", "direct"),  # wrong speaker
        rec("q4", "the plan was too", "Critics", "argued"),  # overlap but not exact
        rec("q5", "The mayor said", "Critics", None),  # false positive
    ]
    score = score_article(TEXT, parse_brat(GOLD), records)
    exact, overlap = score.counts["content"]["exact"], score.counts["content"]["overlap"]
    # gold: one direct (discontinuous T7), two other (T3, T11)
    assert overlap["direct"].tp + overlap["direct"].fn == 1
    assert overlap["other"].tp + overlap["other"].fn == 2
    assert (overlap["direct"].tp, overlap["other"].tp, overlap["other"].fn) == (1, 1, 1)
    assert (exact["all"].tp, exact["all"].fp, exact["all"].fn) == (0, 3, 3)
    assert overlap["other"].fp == 1  # the unmatched prediction has no quotation mark: class "other"
    assert overlap["all"].precision == pytest.approx(2 / 3)
    assert overlap["all"].recall == pytest.approx(2 / 3)
    # linking: the direct one points at the mayor, the gold source is "she"
    assert (score.linking["direct"].right, score.linking["direct"].total) == (0, 1)
    assert (score.linking["other"].right, score.linking["other"].total) == (1, 1)
    # source "Critics" is predicted once (deduplicated) though two records use it
    assert len(score.pred["source"]) == 2


def test_linking_accepts_any_source_of_the_same_attribution():
    gold = GOLD + "\nE4\tAttribution:T12 Content:T3 Source:T9"
    # T3 (the mayor's content) now also belongs to an attribution sourced by "Critics"
    records = [rec("q1", "the bridge would reopen in May", "Critics", "said")]
    score = score_article(TEXT, parse_brat(gold), records)
    assert score.linking["all"].right == 1


def test_no_source_attributions_are_left_out_of_linking():
    gold = "\n".join(
        [
            t_line("T1", "Cue", "argued"),
            t_line("T2", "Content", CRITICS_CONTENT),
            t_line("T3", "Attribution-no-source", "argued"),
            "E1\tAttribution-no-source:T3 Content:T2 Cue:T1",
        ]
    )
    score = score_article(TEXT, parse_brat(gold), [rec("q", CRITICS_CONTENT, None, "argued")])
    assert score.counts["content"]["exact"]["all"].tp == 1
    assert (score.linking["all"].total, score.linking["all"].no_source) == (0, 1)


def test_predicted_items_merge_quotes_sharing_a_cue():
    records = [
        rec("a", "We are not done yet", "she", "added", "direct"),
        rec("b", "but we are close", "she", "added", "direct"),
    ]
    items = predicted_items(TEXT, records)
    assert len(items["content"]) == 1 and len(items["content"][0].frags) == 2
    assert items["content"][0].cls == "direct"
    assert len(predicted_items(TEXT, records, merge_by_cue=False)["content"]) == 2


def test_cue_lemma_heuristics():
    assert cue_lemma("said") == "say"
    assert cue_lemma("has said") == "say"
    assert cue_lemma("According to") == "according to"
    assert cue_lemma("argued") == "argue"
    assert cue_lemma("warned") == "warn"
    assert cue_lemma("noted") == "note"
    assert cue_lemma("said in a statement") == "say …"


def test_write_results_keeps_the_rest_of_the_file(tmp_path):
    path = tmp_path / "results.md"
    path.write_text(f"# Title\n\nintro\n\n{RESULTS_START}\nold figures\n{RESULTS_END}\n\n## Iterations\n| a |\n")
    results = {
        "split": "dev",
        "limit": None,
        "articles": 0,
        "two_annotator_articles": 0,
        "commit": "abc",
        "models": "en",
        "date": "today",
        "runs": {},
        "seed": [],
    }
    write_results(path, results)
    new = path.read_text()
    assert "old figures" not in new and "## Iterations\n| a |" in new and new.startswith("# Title")
    assert json.loads((tmp_path / "results.json").read_text())["commit"] == "abc"


class _FlakyExtractor:
    """Fails on any batch holding the text "bad"."""

    def analyze_many(self, texts, options=None):
        if any(t == "bad" for t in texts):
            raise RuntimeError("parser fell over")
        return [Analysis(attributions=[rec("q", CRITICS_CONTENT, "Critics", "argued")], speakers=[]) for _ in texts]


def test_run_engine_reports_a_failing_article_and_keeps_the_others():
    records, failures, _ = run_engine(_FlakyExtractor(), ["ok", "bad", "ok"], None, 3, ["a", "b", "c"])
    assert [len(r) for r in records] == [1, 0, 1]
    assert len(failures) == 1 and failures[0].startswith("b: RuntimeError")


def test_load_split_first_or_spread_and_first_annotator(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for k in range(6):
        (tmp_path / "text" / f"pub{k}_article.txt").write_text(f"text {k}")
        (tmp_path / "attributions" / f"pub{k}_article_zz.ann").write_text("")
    (tmp_path / "attributions" / "pub0_article_aa.ann").write_text("")  # a second annotator
    first, problems = load_split(tmp_path, 3)
    assert [a.name for a in first] == ["pub0_article", "pub1_article", "pub2_article"] and not problems
    assert first[0].ann_path.name == "pub0_article_aa.ann" and first[0].ann_files == 2
    spread, _ = load_split(tmp_path, 3, spread=True)
    assert [a.name for a in spread] == ["pub0_article", "pub2_article", "pub4_article"]


def test_error_log_counts_misses_and_false_positives():
    records = [
        rec("q2", "We are not done yet", "The mayor", "added", "direct"),
        rec("q5", "The mayor said", "Critics", None),
    ]
    score = score_article(TEXT, parse_brat(GOLD), records)
    log = ErrorLog(lexicons={"say": ["speech_verbs"]})
    log.collect("toy", TEXT, score, records)
    missed = log.counters["missed other content by gold cue"]
    assert missed["say [speech_verbs]"] == 1 and missed["argue [not in lexicons]"] == 1
    assert sum(log.counters["false-positive content"].values()) == 1
    assert log.counters["linking"]["different: gold pronoun vs predicted nominal"] == 1
    assert "missed content" in log.format()


class _FixedExtractor:
    """Returns the same records, with given confidences, for every text."""

    def __init__(self, records):
        self.records = records

    def analyze_many(self, texts, options=None):
        return [Analysis(attributions=list(self.records), speakers=[]) for _ in texts]


def test_evaluate_split_reports_precision_by_confidence(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "pub_article.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "pub_article_aa.ann").write_text(GOLD, encoding="utf-8")
    right = rec("q1", "the bridge would reopen in May", "The mayor", "said")
    right.confidence = 0.95
    wrong = rec("q2", "The mayor", None, None)  # a speaker mention taken for a content: no gold there
    wrong.confidence = 0.6
    articles, _ = load_split(tmp_path)
    result = evaluate_split(_FixedExtractor([right, wrong]), articles, None)
    cal = result["calibration"]
    assert cal["0.90-1.00"] == {"contents": 1, "matched": 1, "precision": 1.0}
    assert cal["0.50-0.70"] == {"contents": 1, "matched": 0, "precision": 0.0}
    assert cal["0.70-0.85"]["contents"] == 0
    cov = result["cue_coverage"]
    assert sum(c["gold"] for c in cov.values()) == 3
    assert cov["speech"]["found"] == 1  # "said" is in the speech lexicon; the rest of the gold was missed
