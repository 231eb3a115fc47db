"""Rules on hand-built parses: the readings a parser may give of common news sentences (the encoder parser
gives each of these), so a retrained model cannot change what is tested."""

from __future__ import annotations

import pytest
from handbuilt import parsed_doc

from service.attribution import Options, lexicons
from service.attribution.coref import Resolver
from service.attribution.engine import find_attributions
from service.attribution.entities import EntityState
from service.attribution.mentions import description_subjects
from service.attribution.name_entities import _bare_surname
from service.attribution.name_roles import role_for_name
from service.attribution.names import name_kind, name_runs
from service.attribution.records import Span
from service.attribution.roles import publisher, role_in_words
from service.attribution.subjects import fallback_subject, subject_of


def _word(doc, text):
    return next(w for w in doc.words if w.text == text)


def _entity(doc, mention, head, excluded=()) -> EntityState:
    """The entity a fresh resolver gives the speaker ``mention`` (headed by ``head``) of a hand-built doc."""
    return Resolver(doc, lexicons.load()).resolve(list(mention), head, list(excluded))


def _speaker(doc, mention, head, excluded=()) -> str:
    """The name :func:`_entity` gives the speaker."""
    return _entity(doc, mention, head, excluded).name


@pytest.mark.parametrize(
    ("rows", "cue", "subject"),
    [
        # a possessor the parser hung on the verb beside the real subject
        ("Keith/PROPN/6/nsubj Lamont/PROPN/1/flat Scott/PROPN/1/flat ~'s/PART/1/case wife/NOUN/6/nsubj "
         "said=say/VERB/0/root that/SCONJ/9/mark he/PRON/9/nsubj unarmed/ADJ/6/ccomp", "said", "wife"),
        # … with one subject it is still the subject
        ("Scott/PROPN/2/nsubj said/VERB/0/root he/PRON/4/nsubj left/VERB/2/ccomp", "said", "Scott"),
        # an "agent" with no "by" is none: "could not be confirmed independently, reports BBC"
        ("the/DET/2/det route/NOUN/5/nsubj:pass could/AUX/5/aux be/AUX/5/aux:pass confirmed/VERB/0/root "
         "independently/ADV/5/advmod ~,/PUNCT/7/punct reports/NOUN/5/obl:agent BBC/PROPN/7/flat", "confirmed", None),
        ("it/PRON/3/nsubj:pass was/AUX/3/aux:pass confirmed/VERB/0/root by/ADP/5/case officials/NOUN/3/obl:agent",
         "confirmed", "officials"),
        # the person in footage speaks, not the ad that shows it
        ("The/DET/2/det ad/NOUN/3/nsubj uses/VERB/0/root footage/NOUN/3/obj of/ADP/7/case Hillary/PROPN/7/nmod:desc "
         "Clinton/PROPN/4/nmod asking/VERB/3/advcl", "asking", "Clinton"),
        # "who" after a comma is the name before it, or the one its apposition describes, wherever the parser
        # hung the relative clause ("a frosty relationship with McConnell, now the … leader, who said")
        ("relationship/NOUN/0/root with/ADP/3/case McConnell/PROPN/1/nmod ~,/PUNCT/6/punct the/DET/6/det "
         "leader/NOUN/3/appos ~,/PUNCT/9/punct who/PRON/9/nsubj said=say/VERB/1/acl:relcl", "said", "McConnell"),
        ("the/DET/2/det army/NOUN/0/root ~,/PUNCT/5/punct which/PRON/5/nsubj said=say/VERB/2/acl:relcl", "said",
         "army"),
        # … but a participle after the clause's own object speaks with the clause's subject
        ("Trump/PROPN/2/nsubj attacked/VERB/0/root Clinton/PROPN/2/obj saying/VERB/2/advcl", "saying", "Trump"),
    ],
)
def test_subject_of(rows: str, cue: str, subject: str | None) -> None:
    doc = parsed_doc(rows)
    found = subject_of(doc, _word(doc, cue))
    assert (found.text if found else None) == subject


@pytest.mark.parametrize(
    ("rows", "affiliation"),
    [
        # a bare apostrophe after an s is a possessive even when tagged as punctuation
        ("Fox/PROPN/2/compound News/PROPN/6/nsubj ~'/PUNCT/4/punct Megyn/PROPN/6/nsubj Kelly/PROPN/4/flat "
         "asked/VERB/0/root", "Fox News"),
        # … but not the close of a single quotation
        ("'/PUNCT/3/punct Fake/ADJ/3/amod News/PROPN/6/nsubj ~'/PUNCT/3/punct Megyn/PROPN/6/nsubj "
         "Kelly/PROPN/4/flat asked/VERB/0/root", None),
    ],
)
def test_possessive_body_before_a_name(rows: str, affiliation: str | None) -> None:
    doc = parsed_doc(rows)
    name = _word(doc, "Megyn")
    role = role_for_name(doc, name.i, name.i + 1, lexicons.load())
    assert (role.affiliation if role else None) == affiliation


def test_a_plural_title_reaches_the_name_after_a_party_tag_read_as_a_name() -> None:
    doc = parsed_doc(
        "Sens./PROPN/2/nmod:desc Jon/PROPN/18/nsubj Tester/PROPN/2/flat (/PUNCT/6/punct D-/INTJ/6/reparandum "
        "~Mont/PROPN/2/appos ~./PUNCT/6/punct ~)/PUNCT/6/punct and/CCONJ/10/cc David/PROPN/2/conj "
        "Vitter/PROPN/10/flat (/PUNCT/13/punct ~R/PROPN/10/appos ~-/PUNCT/15/punct ~La/PROPN/13/flat "
        "~./PUNCT/13/punct ~)/PUNCT/13/punct questioned/VERB/0/root"
    )
    runs = {r.text: r for r in name_runs(doc, lexicons.load())}
    assert "Mont" in runs  # the reading this test is about
    assert runs["David Vitter"].role is not None and runs["David Vitter"].role.title == "Sen."


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a quotation closing on its own comma is the content, not the clause after it
        ('She/PRON/2/nsubj says=say/VERB/0/root ~,/PUNCT/6/punct "/PUNCT/6/punct ~Stop/VERB/2/ccomp it/PRON/5/obj '
         '~,/PUNCT/5/punct ~"/PUNCT/5/punct until/SCONJ/12/mark gunshots/NOUN/12/nsubj:pass are/AUX/12/aux:pass '
         "heard/VERB/5/advcl ~./PUNCT/2/punct", ("direct", "Stop it")),
        # a quoted name ends at its closing mark
        ("He/PRON/2/nsubj provoked/VERB/0/root critics/NOUN/2/obj ~,/PUNCT/5/punct calling=call/VERB/2/advcl "
         "Obama/PROPN/5/obj an/DET/10/det “/PUNCT/10/punct ~ignorant/ADJ/10/amod baboon/NOUN/5/xcomp "
         "~”/PUNCT/10/punct online/ADV/10/advmod ~./PUNCT/2/punct", ("mixed", "Obama an “ignorant baboon”")),
    ],
)
def test_the_content_ends_at_a_closing_mark(rows: str, expected: tuple[str, str]) -> None:
    records = find_attributions(parsed_doc(rows), Options()).attributions
    assert [(r.type, r.quote.text) for r in records] == [expected]


@pytest.mark.parametrize(
    "rows",
    [
        "President/PROPN/2/nmod:desc Obama/PROPN/0/root Speech/PROPN/2/flat at/ADP/6/case Black/PROPN/6/compound "
        "Caucus/PROPN/2/nmod",
        "Obama/PROPN/0/root Sees/PROPN/1/flat '/PUNCT/5/punct ~Personal/ADJ/5/amod Insult/PROPN/1/obj "
        "~'/PUNCT/5/punct",
    ],
)
def test_a_caption_noun_or_a_headline_verb_ends_a_name(rows: str) -> None:
    assert "Obama" in [r.text for r in name_runs(parsed_doc(rows), lexicons.load())]


def test_a_second_description_joined_to_an_apposition_speaks_for_its_name() -> None:
    doc = parsed_doc(
        "Michael/PROPN/14/nsubj McFaul/PROPN/1/flat ~,/PUNCT/5/punct a/DET/5/det fellow/NOUN/1/appos "
        "and/CCONJ/10/cc a/DET/10/det former/ADJ/10/amod United/PROPN/10/compound ambassador/NOUN/1/conj "
        "to/ADP/12/case Russia/PROPN/10/nmod ~,/PUNCT/1/punct said=say/VERB/0/root"
    )
    doc.words[0].head, doc.words[0].deprel = -1, "parataxis"  # the name hung on the quotation before it
    doc.words[13].children.remove(0)
    assert fallback_subject(doc, _word(doc, "said")).text == "Michael"


def test_an_honorific_may_open_the_name_after_a_description() -> None:
    doc = parsed_doc(
        "The/DET/2/det minister/NOUN/11/nsubj of/ADP/5/case the/DET/5/det economy/NOUN/2/nmod ~,/PUNCT/8/punct "
        "Mr./PROPN/8/nmod:desc Guajardo/PROPN/2/appos Villarreal/PROPN/8/flat ~,/PUNCT/2/punct "
        "argues=argue/VERB/0/root there/PRON/13/expl is=be/VERB/11/ccomp little/ADJ/15/amod point/NOUN/13/nsubj "
        "~./PUNCT/11/punct"
    )
    records = find_attributions(doc, Options()).attributions
    assert [r.speaker.name for r in records] == ["Guajardo Villarreal"]


def test_a_headline_surname_is_no_namesake_of_someone_named_far_into_the_body() -> None:
    michelle = EntityState(id="e1", kind="person", name="Michelle Obama", name_tokens=2)
    michelle.add_mention(Span("Michelle Obama", 5469, 5483))
    assert _bare_surname([michelle], 0, None, headline_end=72) is None
    # … but one the body names right after the headline is
    assert _bare_surname([michelle], 0, None, headline_end=5400) is michelle


def test_a_hyphen_compound_in_uds_tokens_opens_no_body_name() -> None:
    doc = parsed_doc(
        "president/NOUN/0/root of/ADP/10/case the/DET/10/det Miami/PROPN/6/compound ~-/PUNCT/6/punct "
        "~based=base/VERB/10/amod Florida/PROPN/10/compound Democratic/ADJ/10/amod Black/ADJ/10/amod "
        "Caucus/PROPN/1/nmod"
    )
    role = role_in_words(doc, doc.words, lexicons.load())
    assert role is not None and role.affiliation == "Florida Democratic Black Caucus"


# a title-case headline whose speaker is a description, named in the body
HEADLINE_DOCTOR = (
    "Clinton/PROPN/2/nsubj Hid=hide/VERB/0/root Past/ADJ/5/amod Health/PROPN/5/compound Problems/PROPN/2/obj "
    "From/ADP/7/case Public/PROPN/2/obl ~,/PUNCT/13/punct Former/ADJ/12/amod White/ADJ/11/amod "
    "House/PROPN/12/compound Doctor/PROPN/13/nsubj Says=say/VERB/2/parataxis ~./PUNCT/2/punct "
    "|| Dr./PROPN/3/compound Connie/PROPN/3/compound Mariano/PROPN/4/nsubj said=say/VERB/0/root "
    "Clinton/PROPN/6/nsubj hid/VERB/4/ccomp a/DET/8/det clot/NOUN/6/obj ~./PUNCT/4/punct"
)


@pytest.mark.parametrize(
    ("rows", "name"),
    [
        (HEADLINE_DOCTOR, "Former White House Doctor"),
        ("Retired/ADJ/2/amod General/PROPN/3/nsubj Reveals=reveal/VERB/0/root Experience/NOUN/3/obj "
         "|| Gen./PROPN/3/compound Norman/PROPN/3/compound Ham/PROPN/4/nsubj spoke=speak/VERB/0/root",
         "Retired General"),
    ],
    ids=["doctor", "general"],
)
def test_a_headline_run_that_ends_in_a_title_is_a_description(rows: str, name: str) -> None:
    runs = [r.text for r in name_runs(parsed_doc(rows), lexicons.load())]
    assert name not in runs and "Clinton" not in name


def test_a_headline_run_with_a_first_name_before_the_title_stays_a_name() -> None:
    doc = parsed_doc(
        "Stephen/PROPN/3/nsubj King/PROPN/1/flat Tours/VERB/0/root Europe/PROPN/3/obj "
        "|| King/PROPN/2/nsubj wrote=write/VERB/0/root"
    )
    assert "Stephen King" in [r.text for r in name_runs(doc, lexicons.load())]


def test_a_headline_description_goes_to_the_titled_person_the_lede_names() -> None:
    records = find_attributions(parsed_doc(HEADLINE_DOCTOR), Options()).attributions
    headline = [r for r in records if r.cue is not None and r.cue.span.text == "Says"]
    assert [r.speaker.name for r in headline] == ["Connie Mariano"]


def test_an_apposition_span_without_its_article_goes_to_the_name_before_it() -> None:
    doc = parsed_doc(
        "When/ADV/13/advmod Ildefonso/PROPN/13/nsubj Guajardo/PROPN/2/flat Villarreal/PROPN/2/flat ~,/PUNCT/8/punct "
        "the/DET/8/det Mexican/ADJ/8/amod secretary/NOUN/2/appos of/ADP/11/case the/DET/11/det economy/NOUN/8/nmod "
        "~,/PUNCT/2/punct came=come/VERB/0/root"
    )
    mention = doc.words[6:11]  # "Mexican secretary of the economy", as the tagger may mark it
    assert _speaker(doc, mention, doc.words[7]) == "Ildefonso Guajardo Villarreal"


SECTION_ITEM = (
    "The/DET/2/det Latest/PROPN/0/root || Trump/PROPN/2/nsubj spoke=speak/VERB/0/root ~./PUNCT/2/punct "
    "|| {stamp} || The/DET/5/det New/PROPN/3/compound York/PROPN/5/compound state/NOUN/5/compound "
    "attorney/NOUN/6/compound general/NOUN/7/nsubj is=be/AUX/7/aux confirming=confirm/VERB/0/root it/PRON/7/obj "
    "~./PUNCT/7/punct || But/CCONJ/7/cc Attorney/PROPN/3/compound General/PROPN/5/compound Eric/PROPN/5/compound "
    "Schneiderman/PROPN/7/nsubj is=be/AUX/7/aux saying=say/VERB/0/root little/ADJ/7/obj ~./PUNCT/7/punct"
)


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("11:50/NUM/0/root a.m./NOUN/1/nmod", "Eric Schneiderman"),  # AP's "The Latest": a time opens an item
        ("Later/ADV/2/advmod ~,/PUNCT/1/punct", None),  # no item opens: an earlier person, not the one named next
    ],
    ids=["item", "no-item"],
)
def test_a_definite_description_opening_an_item_introduces_the_titled_name_after_it(line: str, name: str) -> None:
    doc = parsed_doc(SECTION_ITEM.format(stamp=line))
    general = _word(doc, "general")
    mention = doc.words[general.i - 4 : general.i + 1]
    assert (_speaker(doc, mention, general) == "Eric Schneiderman") == (name is not None)


@pytest.mark.parametrize(
    ("next_line", "name"),
    [
        # the item's next sentence names its untitled subject: the description's holder
        ("Kevin/PROPN/3/nsubj Sullivan/PROPN/1/flat says=say/VERB/0/root it/PRON/5/nsubj held=hold/VERB/3/ccomp "
         "~./PUNCT/3/punct", "Kevin Sullivan"),
        # … but not one the article gives another title
        ("Governor/PROPN/2/compound Dannel/PROPN/4/nsubj Malloy/PROPN/2/flat says=say/VERB/0/root it/PRON/6/nsubj "
         "held=hold/VERB/4/ccomp ~./PUNCT/4/punct", None),
    ],
    ids=["untitled", "titled-otherwise"],
)
def test_a_possessive_description_opening_an_item_is_the_untitled_subject_named_next(
    next_line: str, name: str | None
) -> None:
    doc = parsed_doc(
        "The/DET/2/det Latest/PROPN/0/root || 2:45/NUM/0/root p.m./NOUN/1/nmod "
        "|| Connecticut/PROPN/4/nmod:poss ~’s/PART/1/case tax/NOUN/4/compound commissioner/NOUN/5/nsubj "
        "says=say/VERB/0/root it/PRON/7/nsubj leaked=leak/VERB/5/ccomp ~./PUNCT/5/punct || " + next_line
    )
    commissioner = _word(doc, "commissioner")
    said = _speaker(doc, doc.words[commissioner.i - 3 : commissioner.i + 1], commissioner)
    assert (said == name) if name else said not in ("Kevin Sullivan", "Dannel Malloy")


def test_a_description_no_role_fits_goes_to_the_headline_subject_named_again_just_before() -> None:
    doc = parsed_doc(
        "Hillary/PROPN/3/nsubj Clinton/PROPN/1/flat Goes=go/VERB/0/root After/ADP/5/case Donald/PROPN/3/obl "
        "Trump/PROPN/5/flat || It/PRON/2/nsubj worked=work/VERB/0/root against/ADP/5/case Mitt/PROPN/2/obl "
        "Romney/PROPN/4/flat ~./PUNCT/2/punct || the/DET/3/det Clinton/PROPN/3/compound campaign/NOUN/4/nsubj "
        "hopes=hope/VERB/0/root so/ADV/4/advmod ~./PUNCT/4/punct || The/DET/3/det Democratic/ADJ/3/amod "
        "nominee/NOUN/4/nsubj attacked=attack/VERB/0/root her/PRON/6/nmod:poss opponent/NOUN/4/obj ~./PUNCT/4/punct"
    )
    nominee = _word(doc, "nominee")
    assert _speaker(doc, doc.words[nominee.i - 2 : nominee.i + 1], nominee) == "Hillary Clinton"


def test_a_body_name_after_a_title_keeps_its_participle() -> None:
    doc = parsed_doc(
        "president/NOUN/0/root of/ADP/5/case the/DET/5/det United/VERB/5/amod Federation/PROPN/1/nmod "
        "of/ADP/7/case Teachers/PROPN/5/nmod"
    )
    role = role_in_words(doc, doc.words, lexicons.load())
    assert role is not None and role.affiliation == "United Federation of Teachers"


def test_a_pronoun_may_point_back_to_a_name_inside_a_report() -> None:
    doc = parsed_doc(
        "Donald/PROPN/3/nsubj Trump/PROPN/1/flat said=say/VERB/0/root Hillary/PROPN/6/nsubj Clinton/PROPN/4/flat "
        "lied=lie/VERB/3/ccomp ~./PUNCT/3/punct || She/PRON/2/nsubj denied=deny/VERB/0/root it/PRON/2/obj "
        "~./PUNCT/2/punct"
    )
    report = (_word(doc, "Hillary").start, _word(doc, "lied").end)
    she = _word(doc, "She")
    assert _speaker(doc, [she], she, [report]) == "Hillary Clinton"


def test_a_pronoun_after_a_quotation_goes_to_the_person_named_just_before_it() -> None:
    doc = parsed_doc(
        "Bryan/PROPN/3/nsubj Anderson/PROPN/1/flat agreed=agree/VERB/0/root ~./PUNCT/3/punct "
        "|| “/PUNCT/3/punct It/PRON/3/nsubj lies=lie/VERB/7/ccomp ~,/PUNCT/3/punct ”/PUNCT/3/punct he/PRON/7/nsubj "
        "said=say/VERB/0/root ~./PUNCT/7/punct "
        "|| That/PRON/2/nsubj concerns=concern/VERB/0/root Henry/PROPN/2/obj Crespo/PROPN/3/flat ~,/PUNCT/6/punct "
        "president/NOUN/3/appos of/ADP/9/case the/DET/9/det caucus/NOUN/6/nmod ~./PUNCT/2/punct "
        "|| “/PUNCT/5/punct No/DET/2/det one/PRON/3/nsubj writes=write/VERB/0/root songs/NOUN/3/obj ~./PUNCT/3/punct "
        "|| Hillary/PROPN/2/nsubj has=have/VERB/6/ccomp nobody/PRON/2/obj ~,/PUNCT/2/punct ”/PUNCT/2/punct "
        "he/PRON/6/nsubj said=say/VERB/0/root ~./PUNCT/6/punct"
    )
    opening = [w for w in doc.words if w.text in ("“", "”")]
    quoted = [(opening[0].start, opening[1].end), (opening[2].start, opening[3].end)]
    resolver = Resolver(doc, lexicons.load(), quoted)
    first_he, second_he = [w for w in doc.words if w.text == "he"]
    anderson = resolver.resolve([first_he], first_he, quoted)
    assert anderson.name == "Bryan Anderson"
    resolver.mark_speaker(anderson, first_he.start)  # as the engine does: he spoke last
    assert resolver.resolve([second_he], second_he, quoted).name == "Henry Crespo"


def test_a_persons_utterance_speaks_for_the_person() -> None:
    doc = parsed_doc(
        "Mehmet/PROPN/6/nmod:poss Oz/PROPN/1/flat ~’s/PART/1/case dubious/ADJ/6/amod medical/ADJ/6/amod "
        "advice/NOUN/7/nsubj earned=earn/VERB/0/root him/PRON/7/iobj attention/NOUN/7/obj"
    )
    advice = _word(doc, "advice")
    assert _speaker(doc, doc.words[: advice.i + 1], advice) == "Mehmet Oz"


@pytest.mark.parametrize(
    ("rows", "head", "entity", "roles"),
    [
        # "one of Mr. Obama's climate advisers" (the mention ends at "advisers") is an adviser of his, not Obama
        ("one/NUM/8/nsubj of/ADP/7/case Mr./PROPN/4/nmod:desc Obama/PROPN/7/nmod:poss ~'s/PART/4/case "
         "climate/NOUN/7/compound advisers=adviser/NOUN/1/nmod pointed=point/VERB/0/root out/ADP/8/compound:prt",
         "one", ("one of Mr. Obama's climate advisers", "anonymous"), [("adviser", "Obama")]),
        # a work by its quoted title, whose owner is its affiliation
        ("Ava/PROPN/5/nmod:poss DuVernay/PROPN/1/flat ~’s/PART/1/case “/PUNCT/5/punct 13th/ADJ/7/nsubj "
         "~”/PUNCT/5/punct explores=explore/VERB/0/root racism/NOUN/7/obj",
         "13th", ("13th", "other"), [(None, "Ava DuVernay")]),
    ],
    ids=["one-of-advisers", "quoted-work"],
)
def test_an_owner_does_not_speak_for_what_they_own(
    rows: str, head: str, entity: tuple[str, str], roles: list[tuple[str | None, str | None]]
) -> None:
    doc = parsed_doc(rows)
    subject = next(w for w in doc.words if w.deprel == "nsubj")
    mention = [w for w in doc.words if w.i in doc.subtree(subject.i)]
    found = _entity(doc, mention, _word(doc, head))
    assert (found.name, found.kind) == entity
    assert [(r.title, r.affiliation) for r in found.roles] == roles


def test_an_apostrophe_of_a_possessive_opens_no_quoted_title() -> None:
    doc = parsed_doc("Davis/PROPN/3/nmod:poss ~'/PART/1/case commentary/NOUN/4/nsubj argued=argue/VERB/0/root")
    head = _word(doc, "commentary")
    assert _speaker(doc, doc.words[: head.i + 1], head) == "Davis' commentary"


def test_an_indefinite_description_is_someone_new_not_the_one_with_that_title_before() -> None:
    doc = parsed_doc(
        "Spokeswoman/NOUN/4/nsubj Jessica/PROPN/1/appos Ditto/PROPN/2/flat said=say/VERB/0/root it/PRON/6/nsubj "
        "lied=lie/VERB/4/ccomp ~./PUNCT/4/punct "
        "|| A/DET/2/det spokeswoman/NOUN/6/nsubj for/ADP/4/case Hillary/PROPN/2/nmod Clinton/PROPN/4/flat "
        "says=say/VERB/0/root it/PRON/8/nsubj helped=help/VERB/6/ccomp ~./PUNCT/6/punct"
    )
    resolver = Resolver(doc, lexicons.load())
    ditto = resolver.resolve(doc.words[:3], doc.words[0], [])
    assert ditto.name == "Jessica Ditto"
    spokeswoman = _word(doc, "spokeswoman")
    other = resolver.resolve(doc.words[spokeswoman.i - 1 : spokeswoman.i + 4], spokeswoman, [])
    assert other is not ditto and other.kind == "anonymous"
    assert not any(r.affiliation for r in ditto.roles)


def test_a_campaign_title_belongs_to_the_campaign_named_last_before_it() -> None:
    doc = parsed_doc(
        "Hillary/PROPN/3/nsubj Clinton/PROPN/1/flat spoke=speak/VERB/0/root ~./PUNCT/3/punct "
        "|| the/DET/3/det Clinton/PROPN/3/compound campaign/NOUN/4/nsubj said=say/VERB/0/root ~./PUNCT/4/punct "
        "|| Donald/PROPN/4/nmod:poss Trump/PROPN/1/flat ~’s/PART/1/case campaign/NOUN/5/nsubj sued=sue/VERB/0/root "
        "~./PUNCT/5/punct "
        "|| The/DET/2/det state/NOUN/5/nmod:poss ~’s/PART/2/case campaign/NOUN/5/compound chairman/NOUN/6/nsubj "
        "said=say/VERB/0/root ~./PUNCT/6/punct"
    )
    chairman = [w for w in doc.words if w.text == "chairman"][0]
    mention = doc.words[chairman.i - 4 : chairman.i + 1]
    entity = _entity(doc, mention, chairman)
    assert [(r.title, r.affiliation) for r in entity.roles] == [("chairman", "Trump campaign")]


def test_a_description_outside_any_attribution_gives_its_person_the_role() -> None:
    doc = parsed_doc(
        "Hillary/PROPN/3/nsubj Clinton/PROPN/1/flat spoke=speak/VERB/0/root ~./PUNCT/3/punct "
        "|| The/DET/3/det Democratic/ADJ/3/amod nominee/NOUN/4/nsubj sits=sit/VERB/0/root at/ADP/7/case "
        "85/NUM/7/nummod percent/NOUN/4/obl ~./PUNCT/4/punct"
    )
    lex = lexicons.load()
    resolver = Resolver(doc, lex)
    (described,) = description_subjects(doc, lex, [])
    assert " ".join(w.text for w in described) == "The Democratic nominee"
    resolver.note_description(described)
    clinton = resolver.person_by_surname("Clinton")
    assert [(r.title, r.affiliation) for r in clinton.roles] == [("nominee", "Democratic Party")]


@pytest.mark.parametrize(
    ("description", "taken"),
    [
        # a place the article never tied to the person: no role where no attribution backs the reading
        ("The/DET/4/det former/ADJ/4/amod Ohio/PROPN/4/compound governor/NOUN/5/nsubj", False),
        # a rank word makes another office: the vice presidential nominee is not the presidential nominee
        ("The/DET/5/det Republican/ADJ/5/amod vice/ADJ/5/amod presidential/ADJ/5/amod nominee/NOUN/6/nsubj", False),
        ("The/DET/4/det Republican/ADJ/4/amod presidential/ADJ/4/amod nominee/NOUN/5/nsubj", True),
    ],
    ids=["unknown-place", "vice", "same-office"],
)
def test_a_description_outside_attributions_needs_the_person_to_fit(description: str, taken: bool) -> None:
    head = len(description.split()) + 1
    doc = parsed_doc(
        "Republican/ADJ/2/amod presidential/ADJ/3/amod nominee/NOUN/4/compound Donald/PROPN/6/nsubj "
        "Trump/PROPN/4/flat spoke=speak/VERB/0/root ~./PUNCT/6/punct "
        f"|| {description} was/AUX/{head}/cop here/ADV/0/root ~./PUNCT/{head}/punct"
    )
    lex = lexicons.load()
    resolver = Resolver(doc, lex)
    trump = resolver.person_by_surname("Trump")
    before = list(trump.roles)
    (described,) = description_subjects(doc, lex, [])
    resolver.note_description(described)
    assert (trump.roles != before or len(trump.sightings) > 1) is taken


@pytest.mark.parametrize(
    ("party", "speaker"),
    [("Republican", "Donald Trump"), ("Democrat", "Democrat")],
    ids=["same-party", "no-one-of-that-party"],
)
def test_the_party_member_is_the_salient_person_known_to_be_of_the_party(party: str, speaker: str) -> None:
    doc = parsed_doc(
        "Republican/ADJ/2/amod Donald/PROPN/3/nsubj Trump/PROPN/2/flat spoke=speak/VERB/0/root ~./PUNCT/4/punct "
        f"|| The/DET/2/det {party}/PROPN/4/nsubj is/AUX/4/aux encouraging=encourage/VERB/0/root "
        "supporters=supporter/NOUN/4/obj ~./PUNCT/4/punct"
    )
    member = [w for w in doc.words if w.text == party][-1]
    assert name_runs(doc, lexicons.load())[-1].text == "Donald Trump"  # the party word alone is no name
    assert _speaker(doc, doc.words[member.i - 1 : member.i + 1], member) == speaker


@pytest.mark.parametrize(
    ("gap", "name"),
    [("", "Claire McCaskill"), ("|| It/PRON/2/nsubj ended=end/VERB/0/root ~./PUNCT/2/punct ", None)],
    ids=["next-paragraph", "paragraphs-later"],
)
def test_one_party_member_is_the_one_of_that_party_named_in_the_next_paragraph(gap: str, name: str | None) -> None:
    doc = parsed_doc(
        "At/ADP/2/case least/ADV/3/nmod one/NUM/4/nummod Democrat/PROPN/5/nsubj disagreed=disagree/VERB/0/root "
        f"~./PUNCT/5/punct {gap}"
        "|| “/PUNCT/3/punct He/PRON/3/nsubj lied=lie/VERB/10/ccomp ~./PUNCT/3/punct ”/PUNCT/3/punct "
        "Sen./PROPN/7/compound Claire/PROPN/10/nsubj McCaskill/PROPN/7/flat (/PUNCT/9/punct D-Mo./PROPN/7/appos "
        ")/PUNCT/9/punct said=say/VERB/0/root ~./PUNCT/10/punct"
    )
    democrat = _word(doc, "Democrat")
    said = _speaker(doc, doc.words[: democrat.i + 1], democrat)
    assert (said == name) if name else said != "Claire McCaskill"


@pytest.mark.parametrize(
    ("rows", "head", "name"),
    [
        # one body given as the example of a group: the group speaks
        ("Other/ADJ/3/amod major/ADJ/3/amod unions=union/NOUN:NNS/14/nsubj ~,/PUNCT/8/punct including/VERB/8/case "
         "the/DET/8/det American/ADJ/8/amod Federation/PROPN/3/nmod of/ADP/10/case Teachers/PROPN/8/nmod "
         "and/CCONJ/13/cc the/DET/13/det AFL-CIO/PROPN/10/conj ~,/PUNCT/3/punct said=say/VERB/0/root", "unions",
         "Other major unions"),
        # two bodies joined by "and" speak as one group
        ("France/PROPN/4/nsubj and/CCONJ/3/cc Germany/PROPN/1/conj said=say/VERB/0/root", "France",
         "France and Germany"),
        # a name joined to a common noun: a group of them
        ("Amelize/PROPN/6/nsubj Joseph/PROPN/1/flat and/CCONJ/5/cc other/ADJ/5/amod members=member/NOUN:NNS/1/conj "
         "said=say/VERB/0/root", "Amelize", "Amelize Joseph and other members"),
    ],
    ids=["one-example", "two-bodies", "name-and-noun"],
)
def test_a_group_named_by_its_members_or_its_example_speaks_as_a_group(rows: str, head: str, name: str) -> None:
    doc = parsed_doc(rows)
    said = next(w for w in doc.words if w.text == "said")
    mention = [w for w in doc.words[: said.i] if w.text != "," or w.i < said.i - 1]
    entity = _entity(doc, mention, _word(doc, head))
    assert (entity.name, entity.kind) == (name, "group")


@pytest.mark.parametrize(
    ("rows", "kind"),
    [
        ("a/DET/2/det source/NOUN/3/nsubj said=say/VERB/0/root", "anonymous"),
        ("sources=source/NOUN:NNS/2/nsubj said=say/VERB/0/root", "group"),
        # a number of a set is several of them; one is one
        ("Nearly/ADV/2/advmod eight/NUM/6/nsubj of/ADP/5/case 10/NUM/5/nummod voters=voter/NOUN:NNS/2/nmod "
         "said=say/VERB/0/root", "group"),
        ("one/NUM/5/nsubj of/ADP/4/case the/DET/4/det voters=voter/NOUN:NNS/1/nmod said=say/VERB/0/root", "anonymous"),
    ],
    ids=["one-source", "sources", "eight-of-ten", "one-of-them"],
)
def test_unnamed_sources_are_one_anonymous_person_or_a_group(rows: str, kind: str) -> None:
    doc = parsed_doc(rows)
    said = _word(doc, "said")
    subject = next(w for w in doc.words if w.deprel == "nsubj")
    entity = _entity(doc, doc.words[: said.i], subject)
    assert entity.kind == kind


def test_a_relative_pronoun_is_named_and_kinded_by_the_noun_phrase_it_stands_for() -> None:
    doc = parsed_doc(
        "They/PRON/2/nsubj met=meet/VERB/0/root several/ADJ/4/amod voters=voter/NOUN:NNS/2/obj ~,/PUNCT/7/punct "
        "who/PRON/7/nsubj said=say/VERB/4/acl:relcl"
    )
    who = _word(doc, "who")
    entity = _entity(doc, [who], who)
    assert (entity.name, entity.kind) == ("several voters", "group")


@pytest.mark.parametrize("paper", ["Observer", "Chronicle", "Inquirer", "Caucus"])  # newspapers, a caucus
def test_a_newspaper_or_caucus_name_is_a_body(paper: str) -> None:
    doc = parsed_doc(f"The/DET/3/det Charlotte/PROPN/3/compound {paper}/PROPN/4/nsubj reported=report/VERB/0/root")
    lex = lexicons.load()
    (run,) = name_runs(doc, lex)
    assert name_kind(run, doc, lex) == "organisation"


@pytest.mark.parametrize(
    ("rows", "first", "role"),
    [
        # a local level of government with its place, past the state written after it
        ("Tulsa/PROPN/9/nsubj:pass ~,/PUNCT/3/punct Okla./PROPN/1/appos ~,/PUNCT/1/punct police/NOUN/6/compound "
         "officer/NOUN/1/appos Betty/PROPN/6/appos Shelby/PROPN/7/flat was/AUX/10/aux:pass charged/VERB/0/root",
         "Betty", ("officer", "Tulsa police")),
        # another title before the name's own is no body
        ("Oversight/NOUN/2/compound panel/NOUN/3/compound Chairman/NOUN/7/nsubj Rep./PROPN/5/nmod:desc "
         "Jason/PROPN/3/flat Chaffetz/PROPN/5/flat said=say/VERB/0/root", "Jason", ("Rep.", None)),
        # the body a relative clause right after the name places the person at …
        ("Conservative/ADJ/2/amod economist/NOUN/3/compound Aparna/PROPN/14/nsubj Mathur/PROPN/3/flat ~,/PUNCT/7/punct "
         "who/PRON/7/nsubj studies=study/VERB/3/acl:relcl taxes=tax/NOUN/7/obj at/ADP/12/case the/DET/12/det "
         "American/PROPN/12/compound Enterprise/PROPN/12/compound Institute/PROPN/7/obl ~,/PUNCT/3/punct "
         "said=say/VERB/0/root", "Aparna", ("economist", "American Enterprise Institute")),
        # … but not the one it meets with
        ("Conservative/ADJ/2/amod economist/NOUN/3/compound Aparna/PROPN/12/nsubj Mathur/PROPN/3/flat ~,/PUNCT/7/punct "
         "who/PRON/7/nsubj met=meet/VERB/3/acl:relcl with/ADP/10/case Vice/PROPN/10/compound President/PROPN/7/obl "
         "Biden/PROPN/10/flat ~,/PUNCT/3/punct said=say/VERB/0/root", "Aparna", ("economist", None)),
    ],
    ids=["tulsa-police", "chairman-rep", "who-works-at", "who-met-with"],
)
def test_the_body_before_a_names_title(rows: str, first: str, role: tuple[str, str | None]) -> None:
    doc = parsed_doc(rows)
    name = _word(doc, first)
    found = role_for_name(doc, name.i, name.i + 1, lexicons.load())
    assert (found.title, found.affiliation) == role


def test_an_apposition_between_dashes_past_a_participle_gives_the_title() -> None:
    doc = parsed_doc(
        "Mehmet/PROPN/11/nsubj:pass Oz/PROPN/1/flat —/PUNCT/7/punct Ivy/PROPN/5/compound League/PROPN/7/compound "
        "trained=train/VERB:VBN/7/amod surgeon/NOUN/1/appos —/PUNCT/7/punct has/AUX/11/aux been/AUX/11/aux:pass "
        "called=call/VERB/0/root"
    )
    found = role_for_name(doc, 0, 1, lexicons.load())
    assert found is not None and found.title == "surgeon"


@pytest.mark.parametrize(
    ("rows", "owner"),
    [
        # a title-case headline capitalises the poll's describing word
        ("New/ADJ/2/amod Poll/PROPN/3/nsubj Shows=show/VERB/0/root Bump/PROPN/3/obj", None),
        ("a/DET/4/det new/ADJ/4/amod Bloomberg/PROPN/4/compound poll/NOUN/5/nsubj found=find/VERB/0/root", "Bloomberg"),
        ("the/DET/4/det National/PROPN/3/compound Journal/PROPN/4/compound poll/NOUN/5/nsubj found=find/VERB/0/root",
         "National Journal"),
        # past a participle the encoder tagger reads as a verb
        ("The/DET/5/det Los/PROPN/3/compound Angeles/PROPN/5/compound Times/PROPN/5/compound tracking/VERB/6/amod "
         "poll/NOUN/7/nsubj found=find/VERB/0/root", "Los Angeles Times"),
    ],
    ids=["headline-new", "bloomberg", "national-journal", "tracking-participle"],
)
def test_a_polls_publisher_is_no_word_that_describes_it(rows: str, owner: str | None) -> None:
    doc = parsed_doc(rows)
    poll = next(w for w in doc.words if w.text.lower() == "poll")
    assert publisher(doc, doc.words[: poll.i + 1], poll) == owner


@pytest.mark.parametrize(
    ("rows", "names"),
    [
        # the encoder tagger reads the uncased "united" as a verb; as the name's modifier it is part of the name
        ("of/ADP/5/case the/DET/5/det United/VERB/4/amod Mine/PROPN/5/compound Workers/PROPN/0/root",
         ["United Mine Workers"]),
        ("the/DET/3/det United/VERB/3/amod Nations/PROPN/4/nsubj said=say/VERB/0/root", ["United Nations"]),
        # a describing word before a known first name is no part of the name, unless the name hangs on it
        ("Rival/PROPN/2/nmod:desc Hillary/PROPN/4/nsubj Clinton/PROPN/2/flat mocked=mock/VERB/0/root it/PRON/4/obj",
         ["Hillary Clinton"]),
        ("than/ADP/4/case Crooked/ADJ/4/amod Hillary/PROPN/4/compound Clinton/PROPN/0/root", ["Hillary Clinton"]),
        ("Cornell/PROPN/4/nsubj William/PROPN/1/flat Brooks/PROPN/1/flat said=say/VERB/0/root",
         ["Cornell William Brooks"]),
        ("former/ADJ/2/amod Miss/PROPN/3/compound Universe/PROPN/0/root Alicia/PROPN/3/appos Machado/PROPN/4/flat",
         ["Alicia Machado"]),
        # a capitalised verb that heads its clause joins no name
        ("Trump/PROPN/2/nsubj Slams=slam/VERB/0/root Clinton/PROPN/2/obj", ["Trump", "Clinton"]),
        # "Subcommittee" heads a body's name that goes on with "on"
        ("before/ADP/4/case the/DET/4/det Senate/PROPN/4/compound Subcommittee/PROPN/0/root on/ADP/7/case "
         "Consumer/PROPN/7/compound Protection/PROPN/4/nmod", ["Senate Subcommittee on Consumer Protection"]),
        # a party word opens a body's name …
        ("The/DET/4/det Democratic/ADJ/4/amod National/ADJ/4/amod Committee/PROPN/5/nsubj met=meet/VERB/0/root",
         ["Democratic National Committee"]),
        ("the/DET/4/det Republican/ADJ/4/amod National/PROPN/4/compound Committee/PROPN/5/nsubj said=say/VERB/0/root",
         ["Republican National Committee"]),
        # … but not a person's
        ("Republican/ADJ/3/amod Donald/PROPN/4/nsubj Trump/PROPN/2/flat said=say/VERB/0/root", ["Donald Trump"]),
    ],
    ids=["mine-workers", "nations", "rival", "crooked", "flat-first-name", "miss-universe", "headline-verb",
         "subcommittee", "dnc-adjectives", "rnc", "party-person"],
)
def test_name_runs(rows: str, names: list[str]) -> None:
    assert [r.text for r in name_runs(parsed_doc(rows), lexicons.load())] == names
