"""Engine modules one at a time (cues, roles, coreference) on short sentences parsed by the shipped models."""

from __future__ import annotations

import pytest

from service.attribution import lexicons
from service.attribution.coref import Resolver
from service.attribution.cues import reported_candidates
from service.attribution.name_roles import role_for_name
from service.attribution.names import name_runs


@pytest.fixture(scope="module")
def parse(extractor):
    cache: dict[str, object] = {}

    def _parse(text: str):
        if text not in cache:
            cache[text] = extractor.parse([text])[0]
        return cache[text]

    return _parse


def contents(doc, **kw):
    return {(c.cue.text, doc.text[c.start : c.end]) for c in reported_candidates(doc, lexicons.load(), **kw)}


def test_cue_with_object_and_infinitive(parse):
    doc = parse("In retort, Russia warned the West to think twice before doing anything.")
    assert ("warned", "the West to think twice before doing anything") in contents(doc, include_beliefs=False)


def test_parenthetical_inverted_cue(parse):
    doc = parse("The route of the convoy could not be confirmed independently, reports BBC.")
    assert ("reports", "The route of the convoy could not be confirmed independently") in contents(
        doc, include_beliefs=False
    )


def test_coordinated_cues_give_two_contents(parse):
    doc = parse(
        "Klaus Iohannis said on Monday that Romania condemned the recognition and said a severe response is needed."
    )
    found = contents(doc, include_beliefs=False)
    assert any(text.startswith("Romania condemned the recognition") and "said" not in text for _, text in found)
    assert any(text == "a severe response is needed" for _, text in found)


def test_belief_verbs_need_the_option(parse):
    doc = parse("Analysts believe that the ceasefire will not hold.")
    assert contents(doc, include_beliefs=False) == set()
    assert ("believe", "the ceasefire will not hold") in contents(doc, include_beliefs=True)


@pytest.mark.parametrize(
    ("text", "name", "title", "affiliation"),
    [
        (
            "NATO Secretary General Jens Stoltenberg condemned the move.",
            "Jens Stoltenberg",
            "Secretary General",
            "NATO",
        ),
        ("Russian President Vladimir Putin signed a decree.", "Vladimir Putin", "President", "Russia"),
        ("The White House spokesperson, Jen Psaki, spoke on Monday.", "Jen Psaki", "spokesperson", "White House"),
        # a possessive written as a bare mark after an s
        ("Fox News' Megyn Kelly asked the first question.", "Megyn Kelly", None, "Fox News"),
    ],
)
def test_role_before_a_name(parse, text, name, title, affiliation):
    doc = parse(text)
    runs = [r for r in name_runs(doc, lexicons.load()) if r.text == name]
    assert runs, [r.text for r in name_runs(doc, lexicons.load())]
    role = role_for_name(doc, runs[0].first, runs[0].last, lexicons.load())
    assert role is not None
    assert role.title == title
    assert role.affiliation == affiliation


def test_surname_joins_the_full_name(parse):
    doc = parse("Ukrainian President Volodymyr Zelensky spoke first. Later Zelensky left the room.")
    resolver = Resolver(doc, lexicons.load())
    zel = [e for e in resolver.entities if e.name == "Volodymyr Zelensky"]
    assert len(zel) == 1
    assert len(zel[0].mentions) == 2
    assert zel[0].kind == "person"


def test_a_group_name_takes_no_role_from_a_list_after_it(parse):
    doc = parse("It is an insult to all African-Americans, top black lawmakers said on Friday.")
    resolver = Resolver(doc, lexicons.load())
    [group] = [e for e in resolver.entities if e.name.endswith("Americans")]
    assert group.kind == "group" and group.best_role is None


def test_pronoun_prefers_the_last_speaker_over_a_person_named_in_content(extractor):
    text = (
        "Jen Psaki said that President Joe Biden “will issue an executive order” on Monday. "
        "“We continue to consult closely with our allies on the next steps,” she said."
    )
    analysis = extractor.analyze(text)
    last = analysis.attributions[-1]
    assert last.speaker.mention.text == "she"
    assert last.speaker.name == "Jen Psaki"
    assert all("Biden" not in a.speaker.name for a in analysis.attributions if a.speaker)


def test_name_with_a_first_name_the_tagger_missed(parse):
    # the tagger may call a rare first name a common noun; a capitalised word inside a name still counts
    doc = parse("Ukrainian President Volodymyr Zelensky spoke first. Later Zelensky left the room.")
    from service.attribution.names import _capitalised_bridge

    k = next(w.i for w in doc.words if w.text == "Volodymyr")
    assert doc.words[k].upos == "PROPN" or _capitalised_bridge(doc.words, k)
