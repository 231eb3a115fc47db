"""The learned layer: encoder loading, BIO decoding, and tagger proposals entering the engine."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from service.attribution import Options
from service.attribution.engine import find_attributions
from service.attribution.pending import Pending
from service.attribution.proposals import DEFAULT_WEIGHTS, Tagged, propose, rules_first, score
from service.learned.encoder import EncoderLoadError, check_weights
from service.learned.tagger import B, I, O, SpanTagger, decode


def _probs(tags: list[list[int]]) -> np.ndarray:
    """One-hot-ish probabilities (0.9 on the given tag) for n pieces × 3 labels."""
    probs = np.full((len(tags), 3, 3), 0.05)
    for k, row in enumerate(tags):
        for label, tag in enumerate(row):
            probs[k, label, tag] = 0.9
    return probs


def test_decode_reads_bio_runs_per_label() -> None:
    offsets = np.array([[0, 3], [4, 8], [9, 13], [14, 18], [19, 22]])
    #            source      cue      content
    tags = [[B, O, O], [O, B, O], [O, O, B], [O, O, I], [O, O, I]]
    spans = decode(_probs(tags), offsets)
    assert [(s.label, s.start, s.end) for s in spans] == [("source", 0, 3), ("cue", 4, 8), ("content", 9, 22)]
    assert all(0.9 <= s.score <= 0.96 for s in spans)


def test_decode_opens_a_span_on_a_stray_inside_tag() -> None:
    offsets = np.array([[0, 1], [2, 3], [4, 5]])
    spans = decode(_probs([[O, O, O], [O, O, I], [O, O, I]]), offsets)
    assert [(s.label, s.start, s.end) for s in spans] == [("content", 2, 5)]


def test_wrong_or_missing_weights_are_refused_with_the_path(tmp_path: Path) -> None:
    fake = tmp_path / "model.safetensors"
    with pytest.raises(EncoderLoadError, match="not found"):
        check_weights(fake)
    fake.write_bytes(b"not the weights")
    with pytest.raises(EncoderLoadError, match=str(fake)):
        check_weights(fake)
    with pytest.raises(EncoderLoadError, match="span tagger not found"):
        SpanTagger(tmp_path / "missing.pt", encoder=object())


def test_a_tagger_file_that_is_not_the_listed_one_is_refused(tmp_path: Path) -> None:
    tagger = tmp_path / "span_tagger.pt"
    tagger.write_bytes(b"truncated")
    with pytest.raises(EncoderLoadError, match="SHA256SUMS"):
        SpanTagger(tagger, encoder=object())  # no checksum list beside it
    (tmp_path / "SHA256SUMS").write_text(f"{'0' * 64}  span_tagger.pt\n", encoding="utf-8")
    with pytest.raises(EncoderLoadError, match=str(tagger)):
        SpanTagger(tagger, encoder=object())


def test_the_shipped_checksums_match_the_shipped_files() -> None:
    from service.learned.tagger import TAGGER_FILE, check_checksum

    check_checksum(TAGGER_FILE)


def test_scorer_is_monotone_in_the_tagger_confidence() -> None:
    low = score({"content": 0.3, "has_cue": 1.0}, DEFAULT_WEIGHTS)
    high = score({"content": 0.95, "has_cue": 1.0}, DEFAULT_WEIGHTS)
    assert 0.0 < low < high < 1.0


TEXT = "Senator Smith voiced support for a plan to cut taxes for small farms."


def _spans(text: str) -> list[Tagged]:
    def at(label: str, words: str, p: float) -> Tagged:
        start = text.index(words)
        return Tagged(label, start, start + len(words), p)

    return [at("source", "Senator Smith", 0.9), at("cue", "voiced support for", 0.9),
            at("content", "a plan to cut taxes for small farms", 0.95)]  # fmt: skip


def test_a_tagged_content_the_rules_missed_becomes_a_record(extractor) -> None:
    doc = extractor.parse([TEXT])[0]
    assert find_attributions(doc, Options()).attributions == []  # no speech verb: the rules find nothing
    [record] = find_attributions(doc, Options(), _spans(TEXT)).attributions
    assert record.quote.text == "a plan to cut taxes for small farms"
    assert record.speaker.name == "Smith" and record.role.title == "Senator"
    assert record.cue.span.text == "voiced support for"
    assert record.type == "indirect" and 0.5 <= record.confidence <= 1.0


def test_a_scare_quote_does_not_keep_the_tagger_out(extractor) -> None:
    text = "Senator Smith voiced support for a “modest” plan to cut taxes for small farms."
    doc = extractor.parse([text])[0]
    assert find_attributions(doc, Options()).attributions == []  # the quotation alone is a scare quote
    # source and cue sit where they sit in TEXT; the content runs over the quotation
    spans = _spans(TEXT)[:2] + [Tagged("content", text.index("a “"), text.index(" farms") + 6, 0.95)]
    [record] = find_attributions(doc, Options(), spans).attributions
    assert record.quote.text == "a “modest” plan to cut taxes for small farms"
    assert record.type == "mixed" and record.speaker.name == "Smith"


def test_a_short_tagged_content_becomes_a_record(extractor) -> None:
    text = "Senator Smith voiced support for tariffs."
    doc = extractor.parse([text])[0]
    spans = _spans(TEXT)[:2] + [Tagged("content", text.index("tariffs"), text.index("."), 0.95)]
    [record] = find_attributions(doc, Options(), spans).attributions
    assert record.quote.text == "tariffs" and record.speaker.name == "Smith"
    mark = [*spans[:2], Tagged("content", text.index("."), len(text), 0.95)]
    assert find_attributions(doc, Options(), mark).attributions == []  # a mark alone is no content


def _tag(text: str, label: str, words: str, p: float = 0.95) -> Tagged:
    return Tagged(label, text.index(words), text.index(words) + len(words), p)


def test_a_tagged_content_inside_a_scare_quote_is_none(extractor) -> None:
    text = "After “declaring their independence”, the president ordered the army to enter the regions."
    doc = extractor.parse([text])[0]
    spans = [_tag(text, "source", "the president"), _tag(text, "cue", "ordered"),
             _tag(text, "content", "their independence”")]  # fmt: skip
    assert find_attributions(doc, Options(), spans).attributions == []


def test_a_quotation_without_a_cue_is_no_bar_to_the_tagger(extractor) -> None:
    text = "Senator Smith was tweeting from the floor, “Notice the minister sniffing all the time. Coke user?”"
    doc = extractor.parse([text])[0]
    assert [a.origin for a in find_attributions(doc, Options(include_unattributed=True)).attributions] == ["scare"]
    spans = [_tag(text, "source", "Senator Smith"), _tag(text, "cue", "tweeting"),
             _tag(text, "content", "“Notice the minister sniffing all the time. Coke user?”")]  # fmt: skip
    [record] = find_attributions(doc, Options(), spans).attributions
    assert record.origin == "tagger" and record.speaker.name == "Smith"


def test_a_quotation_that_finds_its_speaker_keeps_it_over_the_tagger(extractor) -> None:
    text = "“The bridge will close in May,” the mayor said. “It will open again in the autumn, when repairs are done.”"
    doc = extractor.parse([text])[0]
    spans = [_tag(text, "source", "repairs"), _tag(text, "cue", "are done"),
             _tag(text, "content", "It will open again in the autumn")]  # fmt: skip
    records = find_attributions(doc, Options(), spans).attributions
    assert [(a.origin, a.speaker.name) for a in records] == [("direct-cue", "mayor"), ("direct-resumed", "mayor")]


def test_a_rule_record_that_finds_its_speaker_keeps_its_reading(extractor) -> None:
    text = "Officials said the bridge will close in May, and the council agreed."
    doc = extractor.parse([text])[0]
    spans = [_tag(text, "source", "Officials"), _tag(text, "cue", "said"),
             _tag(text, "content", "the bridge will close in May, and the council agreed")]  # fmt: skip
    records = find_attributions(doc, Options(), spans).attributions
    # one record, the rule's (a confident tagged span may still lend it its boundaries)
    assert [(a.origin, a.speaker.name) for a in records] == [("ccomp", "Officials")]


def test_a_cue_keeps_one_tagged_content(extractor) -> None:
    text = "Campaigning in Ohio in 2012, the senator barely touched on climate change."
    doc = extractor.parse([text])[0]
    spans = [_tag(text, "source", "the senator"), _tag(text, "cue", "barely touched on"),
             _tag(text, "content", "Campaigning in Ohio in 2012", 0.7), _tag(text, "content", "climate change")]
    records = find_attributions(doc, Options(), spans).attributions
    assert [(a.origin, a.quote.text) for a in records] == [("tagger", "climate change")]


def test_two_tagged_contents_of_a_cue_on_one_side_are_one(extractor) -> None:
    text = "The leaders made little secret of their disagreements, from the virtues of austerity to trade."
    doc = extractor.parse([text])[0]
    spans = [_tag(text, "source", "The leaders"), _tag(text, "cue", "made little secret of"),
             _tag(text, "content", "their disagreements"), _tag(text, "content", "austerity to trade", 0.8)]
    records = find_attributions(doc, Options(), spans).attributions
    assert [a.quote.text for a in records] == ["their disagreements, from the virtues of austerity to trade"]


def test_a_confident_outer_content_replaces_the_reading_nested_in_it(extractor) -> None:
    text = ("The paper noted published reports alleging that she claimed during their bitter divorce proceedings in "
            "the early 1990s that he had raped her at their home in New York.")
    doc = extractor.parse([text])[0]
    [inner] = find_attributions(doc, Options()).attributions
    assert inner.cue.span.text == "claimed"
    outer = "that she claimed during their bitter divorce proceedings in the early 1990s that he had raped her at their"
    spans = [_tag(text, "source", "The paper"), _tag(text, "cue", "noted published reports alleging"),
             _tag(text, "content", outer + " home in New York", 0.99)]
    [record] = find_attributions(doc, Options(), spans).attributions
    assert record.origin == "tagger" and record.cue.span.text == "noted published reports alleging"
    # a tagged Content that agrees with the rule's reading leaves it alone
    inner_content = "he had raped her at their home in New York"
    agreeing = [*spans[:2], _tag(text, "content", inner_content, 0.99)]
    assert [a.cue.span.text for a in find_attributions(doc, Options(), agreeing).attributions] == ["claimed"]


def _pending(rule: str, start: int, end: int) -> Pending:
    return Pending("indirect", start, end, None, None, None, rule)


@pytest.mark.parametrize(("records", "order"), [
    # a tagger record that starts first still waits for the rule record it overlaps
    ([("tagger", 0, 30), ("ccomp", 10, 40)], ["ccomp", "tagger"]),
    ([("ccomp", 10, 40), ("tagger", 10, 20)], ["ccomp", "tagger"]),
    # one that overlaps nothing keeps its place in the text
    ([("ccomp", 50, 60), ("tagger", 0, 30)], ["tagger", "ccomp"]),
    ([("tagger", 0, 30), ("ccomp", 40, 60), ("tagger", 35, 45)], ["tagger", "ccomp", "tagger"]),
])  # fmt: skip
def test_a_tagger_record_is_resolved_after_the_rule_records_it_overlaps(records, order) -> None:
    pending = [_pending(*r) for r in records]
    assert [p.rule for p in rules_first(pending)] == order


def test_a_quotations_cue_introduces_nothing_else(extractor) -> None:
    text = "As the phone rang, the ad said, “It is three in the morning and your children are asleep.”"
    doc = extractor.parse([text])[0]
    spans = [_tag(text, "source", "the ad"), _tag(text, "cue", "said"), _tag(text, "content", "As the phone rang")]
    records = find_attributions(doc, Options(), spans).attributions
    assert [(a.type, a.quote.text) for a in records] == [
        ("direct", "It is three in the morning and your children are asleep.")
    ]


def test_a_reported_clause_ends_at_a_sentence_end_inside_marks(extractor) -> None:
    text = 'The mayor said the city should release the videos "without delay." The council meets on Sunday.'
    doc = extractor.parse([text])[0]
    spans = [_tag(text, "source", "The mayor"), _tag(text, "cue", "said"),
             _tag(text, "content", 'the city should release the videos "without delay." The council meets on Sunday')]
    [record] = [a for a in find_attributions(doc, Options(), spans).attributions if a.cue.span.text == "said"]
    assert record.quote.text == 'the city should release the videos "without delay."'


def test_a_reported_clause_before_its_cue_keeps_the_sentence_next_to_it(extractor) -> None:
    text = 'The plant was a "disgrace." The jobs will come back soon, the mayor said on Monday.'
    doc = extractor.parse([text])[0]
    spans = [_tag(text, "source", "the mayor"), _tag(text, "cue", "said"),
             _tag(text, "content", 'disgrace." The jobs will come back soon')]
    [record] = [a for a in find_attributions(doc, Options(), spans).attributions if a.cue.span.text == "said"]
    assert record.quote.text == "The jobs will come back soon"


def test_proposals_never_cover_what_the_rules_found(extractor) -> None:
    doc = extractor.parse([TEXT])[0]
    taken = [(0, len(TEXT))]
    assert propose(doc, _spans(TEXT), taken, frozenset()) == []
    low = [Tagged(s.label, s.start, s.end, 0.01) for s in _spans(TEXT)]
    assert find_attributions(doc, Options(), low).attributions == []  # the scorer drops a weak proposal


@pytest.fixture(scope="module")
def shipped_tagger() -> SpanTagger:
    """The tagger shipped in models/tagger, on the encoder from the locked wheel."""
    return SpanTagger()


def test_the_shipped_tagger_marks_source_cue_and_content(shipped_tagger: SpanTagger) -> None:
    text = "Senator Jane Smith argued that the tax plan would hurt small farms across the state."
    spans = {s.label: text[s.start : s.end] for s in shipped_tagger.tag(text)}
    assert "Smith" in spans["source"]
    assert "argued" in spans["cue"]
    assert "tax plan would hurt small farms" in spans["content"]


def test_the_learned_extractor_adds_what_the_rules_miss(extractor, shipped_tagger: SpanTagger) -> None:
    from service.attribution import Extractor

    learned = Extractor(extractor.pipeline, {"name": "en+tagger"}, tagger=shipped_tagger)
    text = "Senator Jane Smith voiced support for a plan to cut taxes for small farms across the state."
    assert extractor.analyze(text).attributions == []
    records = learned.analyze(text).attributions
    assert records and records[0].speaker is not None and records[0].speaker.name == "Jane Smith"


def test_rule_records_take_the_measured_precision_of_their_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    from service.attribution import Attribution, Span, proposals

    table = {"ccomp|agree": 0.91, "ccomp|alone": 0.33}
    monkeypatch.setattr(proposals, "calibration_table", lambda: table)

    def record(origin: str, start: int, end: int) -> Attribution:
        return Attribution("q", "indirect", Span("x" * (end - start), start, end), None, None, None, 0.85, origin)

    agreed, alone, direct = record("ccomp", 0, 40), record("ccomp", 100, 140), record("direct-cue", 0, 40)
    proposals.calibrate([agreed, alone, direct], [Tagged("content", 2, 40, 0.9)])
    assert (agreed.confidence, alone.confidence, direct.confidence) == (0.91, 0.33, 0.85)


BOUNDS_TEXT = "Officials said on Monday that the bridge would close for repairs in the spring."


@pytest.mark.parametrize(
    ("origin", "tagged_words", "score", "expected"),
    [
        # a confident tagged Content that agrees lends the rule record its boundaries
        ("ccomp", "the bridge would close for repairs in the spring", 0.95,
         "the bridge would close for repairs in the spring"),
        # a hesitant one does not
        ("ccomp", "the bridge would close for repairs in the spring", 0.6,
         "on Monday that the bridge would close for repairs in the spring"),
        # "according to" keeps the rule's own reading, and so does a quotation's record
        ("according", "the bridge would close for repairs in the spring", 0.95,
         "on Monday that the bridge would close for repairs in the spring"),
        ("direct-cue", "the bridge would close for repairs in the spring", 0.95,
         "on Monday that the bridge would close for repairs in the spring"),
        # never over the cue
        ("ccomp", "said on Monday that the bridge would close for repairs in the spring", 0.95,
         "on Monday that the bridge would close for repairs in the spring"),
        # a tagged Content that shares too little is another claim
        ("ccomp", "in the spring", 0.95, "on Monday that the bridge would close for repairs in the spring"),
        # one that opens the record and ends inside it cuts the record where the claim ends
        ("ccomp", "on Monday that the bridge", 0.95, "on Monday that the bridge"),
        # but only from the record's own start
        ("ccomp", "that the bridge would close", 0.95,
         "on Monday that the bridge would close for repairs in the spring"),
    ],
)
def test_confident_tagged_contents_lend_their_boundaries(origin, tagged_words, score, expected) -> None:
    from service.attribution import Attribution, Cue, Span, proposals

    def span(words: str) -> Span:
        start = BOUNDS_TEXT.index(words)
        return Span(words, start, start + len(words))

    rule = span("on Monday that the bridge would close for repairs in the spring")
    record = Attribution("q", "indirect", rule, None, None, Cue(span("said"), "say"), 0.85, origin)
    tagged = span(tagged_words)
    proposals.refine_bounds([record], [Tagged("content", tagged.start, tagged.end, score)], BOUNDS_TEXT)
    assert record.quote.text == expected
    assert BOUNDS_TEXT[record.quote.start : record.quote.end] == record.quote.text


@pytest.mark.parametrize(
    ("rule_words", "tagged_words", "score", "expected"),
    [
        # a confident tagged Content that holds the record and reaches past it takes its place
        ("the bridge would close", "the bridge would close for repairs in the spring", 0.95,
         "the bridge would close for repairs in the spring"),
        # and so does one that crosses it
        ("on Monday that the bridge", "the bridge would close for repairs in the spring", 0.95,
         "the bridge would close for repairs in the spring"),
        # from BOUNDARY_SCORE (0.8) on
        ("the bridge would close", "the bridge would close for repairs in the spring", 0.8,
         "the bridge would close for repairs in the spring"),
        # not a hesitant one
        ("the bridge would close", "the bridge would close for repairs in the spring", 0.75, "the bridge would close"),
        # nor one inside the record, which is no better than the rule's reading
        ("on Monday that the bridge would close for repairs in the spring", "close for repairs", 0.95,
         "on Monday that the bridge would close for repairs in the spring"),
    ],
)
def test_confident_tagged_contents_that_reach_past_a_record_replace_it(rule_words, tagged_words, score,
                                                                        expected) -> None:  # fmt: skip
    from service.attribution import Attribution, Cue, Span, proposals

    def span(words: str) -> Span:
        start = BOUNDS_TEXT.index(words)
        return Span(words, start, start + len(words))

    record = Attribution("q", "indirect", span(rule_words), None, None, Cue(span("said"), "say"), 0.85, "ccomp")
    tagged = span(tagged_words)
    proposals.refine_bounds([record], [Tagged("content", tagged.start, tagged.end, score)], BOUNDS_TEXT)
    assert record.quote.text == expected


TIDY_TEXT = "Officials said on Monday that the bridge would close and the road would reopen in the spring."


@pytest.mark.parametrize(
    ("tagged_words", "expected"),
    [
        # a tagged Content that runs a word into the next phrase loses it
        ("the bridge would close and", "the bridge would close"),
        ("the road would reopen in the", "the road would reopen"),
        # a function word that leads into a phrase after the span goes too ("in" heads toward "spring")
        ("the bridge would close and the road would reopen in", "the bridge would close and the road would reopen"),
        # a preposition whose phrase is inside the span stays
        ("the road would reopen in the spring", "the road would reopen in the spring"),
        # one that ends where a Content may end is left as it is
        ("the bridge would close", "the bridge would close"),
    ],
)
def test_tagged_contents_lose_a_dangling_last_word(extractor, tagged_words, expected) -> None:
    from service.attribution.proposals import tidy_contents

    doc = extractor.parse([TIDY_TEXT])[0]
    cue = _tag(TIDY_TEXT, "cue", "said")
    content, same_cue = tidy_contents(doc, [_tag(TIDY_TEXT, "content", tagged_words), cue])
    assert TIDY_TEXT[content.start : content.end] == expected
    assert same_cue == cue


def test_a_rule_record_cut_back_by_the_tagger_leaves_room_for_the_next_tagged_content(extractor) -> None:
    # the rule's clause runs on past "but": the tagger's boundaries cut it back before the tagger's next
    # Content is weighed, so that Content is no longer barred by the clause as first read
    text = "McAuliffe has said about 20 people want the seat, but he refuses to discuss potential appointees."
    doc = extractor.parse([text])[0]
    spans = [_tag(text, "source", "McAuliffe"), _tag(text, "cue", "has said"),
             _tag(text, "content", "about 20 people want the seat"),
             Tagged("source", text.index("but he") + 4, text.index("but he") + 6, 0.95),
             _tag(text, "cue", "refuses"), _tag(text, "content", "to discuss potential appointees")]
    records = find_attributions(doc, Options(), spans).attributions
    assert [(a.origin, a.quote.text) for a in records] == [
        ("ccomp", "about 20 people want the seat"), ("tagger", "to discuss potential appointees")]


def test_a_tagged_content_with_no_tagged_source_speaks_with_the_cue_verbs_subject(extractor) -> None:
    text = "The senator praised the officers and promptly blamed police shootings on bias against minorities."
    doc = extractor.parse([text])[0]
    spans = [_tag(text, "cue", "promptly blamed"), _tag(text, "content", "police shootings on bias against minorities")]
    [record] = find_attributions(doc, Options(), spans).attributions
    assert (record.origin, record.speaker.mention.text) == ("tagger", "The senator")


def test_a_rule_record_the_scorer_rates_below_the_floor_gives_way_to_the_tagger(extractor) -> None:
    from service.attribution.proposals import RULE_FLOOR, calibration_table

    assert calibration_table()["ccomp|alone"] < RULE_FLOOR <= calibration_table()["ccomp|agree"]
    text = "The mayor said on Monday that residents had complained about the noise of the trucks for months."
    doc = extractor.parse([text])[0]
    [rule] = find_attributions(doc, Options()).attributions
    assert rule.origin == "ccomp"
    # the tagger reads a shorter Content, not half of the rule's: the rule's record stands alone and is left out
    spans = [_tag(text, "source", "The mayor"), _tag(text, "cue", "complained about"),
             _tag(text, "content", "the noise of the trucks")]
    records = find_attributions(doc, Options(), spans).attributions
    assert [(a.origin, a.quote.text) for a in records] == [("tagger", "the noise of the trucks")]


@pytest.mark.parametrize("content", ["The", "which", "it"])
def test_a_tagged_content_of_a_determiner_or_relative_pronoun_alone_is_none(extractor, content) -> None:
    text = "The senator, who championed it, seemed unmoved by the polls which showed a slide."
    doc = extractor.parse([text])[0]
    start = {"The": 0, "which": text.index("which showed"), "it": text.index("it,")}[content]
    spans = [_tag(text, "source", "The senator"), _tag(text, "cue", "championed"),
             Tagged("content", start, start + len(content), 0.95)]
    contents = [a.quote.text for a in find_attributions(doc, Options(), spans).attributions]
    # a pronoun that stands for what was said is a Content in PolNeAR ("championed it"); the others are not
    assert contents == (["it"] if content == "it" else [])


def test_a_tagged_cue_pairs_with_a_content_up_to_the_window_away(extractor) -> None:
    from service.attribution.proposals import CUE_WINDOW, propose

    # the cue and its content with a long apposition between them, 90 characters apart
    text = ("The senator said, in a long and winding address to the assembled delegates and their many guests from "
            "abroad, that taxes would rise.")
    doc = extractor.parse([text])[0]
    spans = [_tag(text, "cue", "said"), _tag(text, "content", "taxes would rise")]
    gap = spans[1].start - spans[0].end
    assert 80 < gap <= CUE_WINDOW
    [proposal] = propose(doc, spans, (), frozenset({"say"}))
    assert proposal.cue is not None and text[proposal.cue.start : proposal.cue.end] == "said"


def test_windows_encoded_in_batches_give_the_features_of_one_at_a_time(shipped_tagger: SpanTagger, monkeypatch) -> None:
    import torch

    from service.learned import encoder as enc

    # long enough for several overlapping windows, and for a batch smaller than their number
    text = " ".join(f"Senator number {k} said on Monday that the plan for district {k} would pass." for k in range(90))
    monkeypatch.setattr(shipped_tagger.encoder, "precision", "float32")
    monkeypatch.setattr(enc, "WINDOW_BATCH", 3)
    batched = shipped_tagger.encoder.encode(text)
    monkeypatch.setattr(enc, "WINDOW_BATCH", 1)
    single = shipped_tagger.encoder.encode(text)
    assert batched.features.shape[0] > 4 * enc.WINDOW
    assert torch.allclose(batched.features, single.features, atol=1e-4)


@pytest.mark.parametrize(
    ("asked", "env", "native", "expected"),
    [
        ("float32", None, True, "float32"),
        ("bfloat16", None, False, "bfloat16"),
        (None, "float32", True, "float32"),
        (None, " BFloat16 ", False, "bfloat16"),
        (None, None, True, "bfloat16"),
        (None, None, False, "float32"),
        ("auto", "float32", False, "float32"),
    ],
)
def test_the_encoder_runs_in_bfloat16_only_where_asked_or_native(monkeypatch, asked, env, native, expected) -> None:
    from service.learned import encoder as enc

    monkeypatch.setattr(enc, "native_bfloat16", lambda: native)
    if env is None:
        monkeypatch.delenv(enc.PRECISION_ENV, raising=False)
    else:
        monkeypatch.setenv(enc.PRECISION_ENV, env)
    assert enc.resolve_precision(asked) == expected


def test_an_unknown_encoder_precision_is_refused_naming_the_variable(monkeypatch) -> None:
    from service.learned import encoder as enc

    monkeypatch.setenv(enc.PRECISION_ENV, "int8")
    with pytest.raises(EncoderLoadError, match="QUOTES_ENCODER_PRECISION='int8'"):
        enc.resolve_precision()


def test_bfloat16_encoding_keeps_the_float32_tags(shipped_tagger: SpanTagger, monkeypatch) -> None:
    import torch

    text = ("Senator Jane Smith argued that the tax plan would hurt small farms across the state. "
            "“We will not back down,” the governor said on Monday, adding that talks would go on.")  # fmt: skip
    found = {}
    for precision in ("float32", "bfloat16"):
        monkeypatch.setattr(shipped_tagger.encoder, "precision", precision)
        found[precision] = (shipped_tagger.encoder.encode(text).features, shipped_tagger.tag(text))
    (f32, tags32), (bf16, tags16) = found["float32"], found["bfloat16"]
    assert bf16.dtype == torch.float32 and not torch.equal(f32, bf16)  # it did run in the other precision
    assert float(torch.nn.functional.cosine_similarity(f32, bf16, dim=-1).min()) > 0.99
    assert [(t.label, t.start, t.end) for t in tags16] == [(t.label, t.start, t.end) for t in tags32]
