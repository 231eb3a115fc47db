"""The attribution engine on short real sentences parsed by the shipped models."""

from __future__ import annotations

import pytest

from service.attribution import Options


def run(extractor, text: str, **opts):
    analysis = extractor.analyze(text, Options(**opts))
    for a in analysis.attributions:
        for span in [a.quote] + ([a.speaker.mention] if a.speaker else []) + ([a.cue.span] if a.cue else []):
            assert text[span.start : span.end] == span.text
    return analysis


def only(analysis):
    assert len(analysis.attributions) == 1, analysis.attributions
    return analysis.attributions[0]


def test_direct_quote_with_cue_after(extractor):
    a = only(run(extractor, "“We will not give up anything to anyone,” Zelensky said."))
    assert a.type == "direct"
    assert a.quote.text == "We will not give up anything to anyone"
    assert a.speaker.name == "Zelensky"
    assert a.cue.lemma == "say"


def test_inverted_cue_after_quote(extractor):
    a = only(run(extractor, "“The measures are separate and come in addition to sanctions,” said Jen Psaki."))
    assert a.speaker.name == "Jen Psaki"
    assert a.speaker.kind == "person"


def test_cue_before_colon_and_role_from_title(extractor):
    text = "Ukrainian President Volodymyr Zelensky said: “We are not afraid of anything or anyone.”"
    a = only(run(extractor, text))
    assert a.type == "direct"
    assert a.quote.text.startswith("We are not afraid")
    assert a.speaker.name == "Volodymyr Zelensky"
    assert a.role.title == "President"
    assert a.role.affiliation == "Ukraine"


def test_reported_speech_of_an_organisation(extractor):
    a = only(run(extractor, "The army said on Tuesday that it had recorded 84 cases of shelling by separatists."))
    assert a.type == "indirect"
    assert a.quote.text == "it had recorded 84 cases of shelling by separatists"
    assert a.speaker.kind == "organisation"
    assert "army" in a.speaker.name.lower()


def test_mixed_quote_and_person_inside_content_is_not_speaker(extractor):
    text = "The White House spokesperson, Jen Psaki said that President Joe Biden “will issue an executive order” soon."
    a = only(run(extractor, text))
    assert a.type == "mixed"
    assert "“will issue an executive order”" in a.quote.text
    assert a.speaker.name == "Jen Psaki"
    assert a.role.title == "spokesperson"
    assert a.role.affiliation == "White House"


def test_pronoun_resolves_to_previous_speaker(extractor):
    text = (
        "NATO Secretary General Jens Stoltenberg said the alliance was united. "
        "“We will defend every inch of allied territory,” he said."
    )
    analysis = run(extractor, text)
    direct = [a for a in analysis.attributions if a.type == "direct"]
    assert len(direct) == 1
    assert direct[0].speaker.mention.text == "he"
    assert direct[0].speaker.name == "Jens Stoltenberg"
    assert direct[0].role.title == "Secretary General"
    assert direct[0].role.affiliation == "NATO"


def test_according_to(extractor):
    a = only(run(extractor, "According to the health ministry, forty people were killed in the attack."))
    assert a.speaker.name.lower().endswith("ministry")
    assert a.quote.text == "forty people were killed in the attack"
    assert a.cue.span.text == "According to"


def test_scare_quotes_are_not_attributions_unless_asked(extractor):
    text = "After “declaring their independence”, the leaders ordered the army to move."
    assert run(extractor, text).attributions == []
    unattributed = run(extractor, text, include_unattributed=True).attributions
    assert [a.quote.text for a in unattributed] == ["declaring their independence"]
    assert unattributed[0].speaker is None


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The senator believes that the bill will pass before the summer.", "the bill will pass before the summer"),
        # an intention with a to-clause
        (
            "The Super PAC plans to target Indiana voters via mail and phone calls.",
            "to target Indiana voters via mail and phone calls",
        ),
    ],
)
def test_beliefs_only_on_request(extractor, text, content):
    assert run(extractor, text).attributions == []
    a = only(run(extractor, text, include_beliefs=True))
    assert a.type == "belief"
    assert a.quote.text == content


def test_nominal_mention_resolves_to_title_holder(extractor):
    text = (
        "Romanian President Klaus Iohannis said on Monday that Romania condemned the decision. "
        "The head of state says that Russia threatens global peace and security."
    )
    analysis = run(extractor, text)
    second = [a for a in analysis.attributions if a.quote.text.startswith("Russia threatens")]
    assert len(second) == 1
    assert second[0].speaker.name == "Klaus Iohannis"
    assert second[0].role.title == "President"


def test_reader_comments_are_left_out(extractor):
    text = (
        "“We will act,” the minister said.\n\nComments (1)\nAdd Comment\n\n"
        "“Don’t believe anything they say,” Mr Rearguard wrote."
    )
    analysis = run(extractor, text)
    assert [a.quote.text for a in analysis.attributions] == ["We will act"]


@pytest.mark.parametrize("min_conf", [0.0, 0.99])
def test_min_confidence_filters(extractor, min_conf):
    analysis = run(extractor, "“It is over,” the coach said.", min_confidence=min_conf)
    assert all(a.confidence >= min_conf for a in analysis.attributions)


def test_quote_resumed_after_its_cue_shares_cue_and_speaker(extractor):
    text = "“We are ready,” the spokeswoman said on Monday. “The talks will go on next week.”"
    recs = run(extractor, text).attributions
    assert [r.quote.text for r in recs] == ["We are ready", "The talks will go on next week."]
    assert recs[0].cue is not None and recs[1].cue is not None
    assert recs[0].cue.span == recs[1].cue.span
    assert recs[0].speaker.mention == recs[1].speaker.mention


def test_a_one_word_quote_before_its_cue_is_an_attribution(extractor):
    [record] = run(extractor, "“Yes,” she said.").attributions
    assert record.quote.text == "Yes" and record.cue.span.text == "said"


def test_a_short_quote_resumes_after_its_cue(extractor):
    text = "“Here comes the president,” she said, clapping. “The boss. Big man.”\n\nHe waved at the “fans.”"
    recs = run(extractor, text).attributions
    assert [r.quote.text for r in recs] == ["Here comes the president", "The boss. Big man."]
    assert recs[0].speaker.mention == recs[1].speaker.mention


def test_quote_after_another_sentence_does_not_resume(extractor):
    text = "“We are ready,” the spokeswoman said. She left the room. “The talks will go on next week.”"
    recs = run(extractor, text).attributions
    second = [r for r in recs if r.quote.text.startswith("The talks")]
    assert second and (second[0].cue is None or second[0].cue.span.start != recs[0].cue.span.start)


def test_reported_speech_with_cue_after_comma_and_apposition(extractor):
    text = (
        "In nearby Decatur, the steel plant is hanging on, but it is under intense pressure from imports, "
        "said the company's chief executive, John Ferriola."
    )
    a = only(run(extractor, text))
    assert a.quote.text.startswith("In nearby Decatur") and a.quote.text.endswith("from imports")
    assert a.speaker.mention.text == "the company's chief executive, John Ferriola"
    assert a.speaker.name == "John Ferriola"


def test_cue_inside_the_sentence_gives_both_parts_one_cue(extractor):
    text = "Riding alone in a crowded park, the women said, can be hazardous for beginners."
    recs = run(extractor, text).attributions
    assert [r.quote.text for r in recs] == ["Riding alone in a crowded park", "can be hazardous for beginners"]
    assert recs[0].cue.span == recs[1].cue.span and recs[0].speaker.mention == recs[1].speaker.mention


def test_participle_after_cue_is_narration(extractor):
    text = "“This is a violation of our sovereignty,” he said, adding that Ukrainians will not give up any land."
    recs = run(extractor, text).attributions
    assert not any(r.quote.text.startswith("adding") for r in recs)
    assert any(r.quote.text == "Ukrainians will not give up any land" for r in recs)


def test_reported_speech_without_that(extractor):
    text = "Phil Smith, a spokesman for the union, said on Tuesday the union expected production to improve."
    a = only(run(extractor, text))
    assert a.quote.text == "the union expected production to improve"
    assert a.speaker.name == "Phil Smith"


def test_said_with_a_noun_object_is_not_reported_speech(extractor):
    assert run(extractor, "The senator said nothing about the vote.").attributions == []


def test_called_for_and_called_on(extractor):
    a = only(run(extractor, "Senator Bernie Sanders has called for a national minimum wage of $15 an hour."))
    assert a.cue.span.text == "has called for"  # the auxiliary belongs to the cue
    assert a.quote.text == "a national minimum wage of $15 an hour"
    b = only(run(extractor, "Hillary Clinton called on tech companies to become more aggressive."))
    assert b.cue.span.text == "called on"
    assert b.quote.text == "tech companies to become more aggressive"


def test_a_poll_as_source(extractor):
    text = "A new poll by Monmouth University shows Hillary Clinton leading Donald Trump by eight points."
    a = only(run(extractor, text))
    assert a.quote.text == "Hillary Clinton leading Donald Trump by eight points"
    assert "poll" in a.speaker.mention.text


def test_a_website_called_x_is_not_an_attribution(extractor):
    text = "He has set up a website called “Cape Breton If Donald Trump Wins” for Americans."
    assert not any(r.cue is not None and r.cue.lemma == "call" for r in run(extractor, text).attributions)


def test_headline_that_quotes_its_speaker(extractor):
    text = (
        "Kasich: ‘We Are Going To Go All The Way To Cleveland’\n\n"
        "Ohio Gov. John Kasich spoke on Tuesday in Berea. Kasich thanked his supporters."
    )
    recs = run(extractor, text).attributions
    head = [r for r in recs if r.quote.start < 60]
    assert len(head) == 1
    assert head[0].type == "direct"
    assert head[0].quote.text == "We Are Going To Go All The Way To Cleveland"
    assert head[0].speaker.name == "John Kasich"


def test_transcript_lines_are_their_speakers_words(extractor):
    text = (
        "Senator Mary Lopez spoke to the host on Sunday.\n\n"
        '"HOST: Will you run again next year? Voters want to know.\n\n'
        '"LOPEZ: I have not decided. My family comes first, and the “hard choices” can wait.\n\n'
        '"HOST: Thank you, Senator."\n\n'
        "UPDATE: The interview aired on Monday."
    )
    recs = [r for r in run(extractor, text).attributions if r.origin == "transcript"]
    assert [(r.speaker.name, r.cue.span.text, r.quote.text) for r in recs] == [
        ("HOST", ":", "Will you run again next year? Voters want to know"),
        ("Mary Lopez", ":", "I have not decided. My family comes first, and the “hard choices” can wait"),
        ("HOST", ":", "Thank you, Senator"),
    ]


@pytest.mark.parametrize(
    ("text", "cue", "quote"),
    [
        # a cue holds its verb's auxiliaries, negation and adverbs (PolNeAR's convention) …
        ("The mayor has repeatedly said that the bridge would close in May.", "has repeatedly said",
         "the bridge would close in May"),
        ("The mayor isn't saying that the bridge would close.", "isn't saying", "the bridge would close"),
        ("“The bridge will close,” the mayor has said.", "has said", "The bridge will close"),
        # … and its particle, which the content then does not start with
        ("The mayor pointed out that the bridge would close in May.", "pointed out", "the bridge would close in May"),
    ],
)
def test_cue_spans(extractor, text, cue, quote):
    record = only(run(extractor, text))
    assert (record.cue.span.text, record.quote.text) == (cue, quote)
    assert text[record.cue.span.start : record.cue.span.end] == cue


def test_a_quotation_signed_on_its_line(extractor):
    text = (
        "Readers told us what they think of the plan.\n\n"
        "“The plan will hurt small farms across the state.”\u00a0― Maria Lopez\n"
        "“It is the best idea I have heard in years.” ― Tom Baker, a teacher.\n"
        "“Nobody asked us before the vote.” — and that was the problem."
    )
    recs = {r.quote.text: r for r in run(extractor, text).attributions}
    assert recs["The plan will hurt small farms across the state."].speaker.name == "Maria Lopez"
    baker = recs["It is the best idea I have heard in years."]
    assert (baker.speaker.name, baker.cue.span.text, baker.origin) == ("Tom Baker", "―", "direct-signed")
    assert all(r.origin != "direct-signed" for r in recs.values() if r.quote.text.startswith("Nobody"))


def test_typewriter_opening_quote_is_split_from_its_word(extractor):
    doc = extractor.parse(["Hillary Clinton called it ''predatory,'' aides said."])[0]
    assert "predatory" in [w.text for w in doc.words]


def test_according_to_with_a_misread_source(extractor):
    text = "According to law enforcement officials, the account was linked to an email address she had used for years."
    a = only(run(extractor, text))
    assert a.cue.span.text == "According to"
    assert a.speaker.mention.text == "law enforcement officials"
    assert a.quote.text.startswith("the account was linked")


def test_speech_act_with_a_noun_phrase_content(extractor):
    a = only(run(extractor, "Senator Bernie Sanders criticized Hillary Clinton for having ties to Wall Street."))
    assert a.cue.lemma == "criticize"
    assert a.quote.text == "Hillary Clinton for having ties to Wall Street"
    assert a.speaker.name == "Bernie Sanders"


def test_second_report_in_a_coordinated_clause_ends_the_first(extractor):
    text = "Many Republicans have said they will not attend the convention and others have said they are busy."
    recs = run(extractor, text).attributions
    assert [r.quote.text for r in recs] == ["they will not attend the convention", "they are busy"]
    assert recs[1].speaker.mention.text == "others"


def test_participle_after_and_is_not_a_second_report(extractor):
    text = "The group said Trump supports the procedure and the policy sometimes called partial-birth abortion."
    a = only(run(extractor, text))
    assert a.quote.text.endswith("sometimes called partial-birth abortion")


def test_quotation_opened_in_reported_content_runs_to_its_close(extractor):
    text = (
        "Cruz added that he was the only one “fighting to defend the Constitution. "
        "I’ll tell you this, the stakes are high.” The crowd cheered."
    )
    a = only(run(extractor, text))
    assert a.type == "mixed"
    assert a.quote.text.startswith("he was the only one") and a.quote.text.endswith("the stakes are high.”")


def test_dateline_and_time_are_not_part_of_the_speaker(extractor):
    text = "LA CROSSE, Wisc. — Gov. Mike Pence on Thursday blamed the media, saying they were nitpicking."
    recs = run(extractor, text).attributions
    assert recs and all(r.speaker.mention.text == "Gov. Mike Pence" for r in recs)


def test_cue_verb_right_before_the_quotation(extractor):
    text = "Clinton tweeted congratulations to Sanders, adding “to all the voters who poured your hearts: Forward!”"
    recs = run(extractor, text).attributions
    assert any(r.type == "direct" and r.cue.lemma == "add" and r.speaker.name == "Clinton" for r in recs)


def test_quoted_show_name_inside_the_cue_phrase(extractor):
    text = '"We have to really increase the bombings," the Republican nominee told "Fox and Friends" on Monday.'
    a = only(run(extractor, text))
    assert a.type == "direct"
    assert a.quote.text == "We have to really increase the bombings"
    assert a.speaker.mention.text == "the Republican nominee"


def test_subject_with_apposition_is_not_a_parenthetical_content(extractor):
    text = "Mukasey, the attorney general under President George W. Bush, criticized Clinton’s email use."
    recs = run(extractor, text).attributions
    assert not any(r.quote.text.startswith("Mukasey") for r in recs)


def test_body_after_an_inverted_speaker_is_part_of_the_mention(extractor):
    text = "“We are ready,” said the Rev. Peter Wherry, of Mayfield Memorial Missionary Baptist Church."
    recs = run(extractor, text).attributions
    assert [r.quote.text for r in recs] == ["We are ready"]
    assert recs[0].speaker.mention.text.endswith("Baptist Church")


def test_a_quoted_nickname_is_no_quotation(extractor):
    recs = run(extractor, "Rep. Robert C. “Bobby” Scott said the bill would pass.").attributions
    assert [r.quote.text for r in recs] == ["the bill would pass"]


def test_short_subject_around_an_interrupting_cue(extractor):
    text = "The solution, the partner told them, was simple."
    recs = run(extractor, text).attributions
    assert [r.quote.text for r in recs] == ["The solution", "was simple"]
    assert all(r.speaker.mention.text == "the partner" for r in recs)


def test_while_clause_after_the_content_is_narration(extractor):
    text = "The senator argued that it was both a terrorist attack and a hate crime, while the host disagreed."
    a = only(run(extractor, text))
    assert a.quote.text == "it was both a terrorist attack and a hate crime"


def test_called_someone_a_quoted_name(extractor):
    a = only(run(extractor, "He provoked his critics, calling President Barack Obama an “ignorant baboon” online."))
    assert a.type == "mixed"
    assert a.quote.text == "President Barack Obama an “ignorant baboon”"
    assert a.cue.lemma == "call"


def test_time_noun_is_never_the_speaker(extractor):
    text = "Tuesday at Baldwin Wallace University in Berea, Gov. John Kasich (R-OH), said, “I’m getting ready to go.”"
    a = only(run(extractor, text))
    assert a.speaker.name == "John Kasich"


def test_first_name_alone_resolves_to_the_person_named_in_full(extractor):
    text = "Donald Trump arrived in Iowa on Monday. “We will win this state,” Donald said."
    a = only(run(extractor, text))
    assert a.speaker.name == "Donald Trump"
    assert a.speaker.kind == "person"


def test_a_name_that_only_modifies_the_speaking_thing_is_not_the_speaker(extractor):
    text = "Republican strategist Karl Rove funds the ad. “Iowa deserves better,” the Rove ad claims."
    a = only(run(extractor, text))
    assert a.speaker.mention.text == "the Rove ad"
    assert a.speaker.name != "Karl Rove"


def test_subject_with_participle_is_not_content(extractor):
    text = "Some 56 percent of Cuban-Americans polled said they were much less likely to vote for Republicans."
    a = only(run(extractor, text))
    assert a.quote.text == "they were much less likely to vote for Republicans"
    assert a.speaker is not None and a.speaker.mention.start < a.cue.span.start


def test_adjective_is_not_a_military_title(extractor):
    text = "“I think Marco is doing fine,” said Anthony Gioia, a major GOP fundraiser in Buffalo."
    a = only(run(extractor, text))
    assert a.speaker.name == "Anthony Gioia"
    assert a.role is None or (a.role.title or "").lower() != "major"


def test_writers_aside_between_dashes_is_left_out_of_the_content(extractor):
    text = (
        "Clinton drew a contrast, saying concerns about potential job losses — as articulated by Alan Krueger, "
        "a former adviser — were not to be dismissed."
    )
    recs = run(extractor, text).attributions
    assert [r.quote.text for r in recs] == ["concerns about potential job losses", "were not to be dismissed"]
    assert recs[0].cue.span == recs[1].cue.span


@pytest.mark.parametrize(
    "text",
    ["He said that", "He said that.", "The minister told reporters that", "“Yes,” she said that", "said that"],
)
def test_a_text_that_ends_on_its_cue_has_no_content(extractor, text):
    # A truncated feed or a teaser: nothing is reported, and nothing fails (was an IndexError in cues).
    analysis = run(extractor, text)
    assert all(a.quote.text for a in analysis.attributions)


@pytest.mark.parametrize(
    "text,mention,name,title,affiliation",
    [
        # two people with one surname stay two; the surname alone goes to the one named last before it
        ("Homeland Security Secretary Jeh Johnson said the threat was real. Libertarian Gary Johnson said it "
         "was not. Johnson added that he was sure.", "Johnson", "Gary Johnson", None, None),
        ("Homeland Security Secretary Jeh Johnson said the threat was real.", "Homeland Security Secretary Jeh "
         "Johnson", "Jeh Johnson", "Secretary", "Homeland Security"),
        # a word of the name is no title ("King"); the apposition's is
        ("“It is over,” said Larry King, the cable news host.", "Larry King, the cable news host", "Larry King",
         "cable news host", None),
        # a party tag gives the state, spelled out (and "Rep." stays a title: its period ends no sentence)
        ("Rep. Jim Clyburn (D-S.C.) said the plan would fail.", None, "Jim Clyburn", "Rep.", "South Carolina"),
        # "of Maryland", ", Democrat of California", "of the Virgin Islands" after a legislator's name: the state
        ("On Monday, Rep. Elijah Cummings of Maryland said the plan would fail.", None, "Elijah Cummings", "Rep.",
         "Maryland"),
        ("Senator Dianne Feinstein, Democrat of California, said the plan would fail.", None, "Dianne Feinstein",
         "Senator", "California"),
        ("On Monday, Del. Stacey Plaskett of the Virgin Islands said the hearing was a waste of time.", None,
         "Stacey Plaskett", "Del.", "Virgin Islands"),
        # a group's office is its title, its level of government the body; a descriptive plural is no title
        ("Federal prosecutors said the case was closed.", "Federal prosecutors", None, "prosecutors",
         "federal government"),
        ("Experts said the case was closed.", "Experts", None, None, None),
        # a plural in -s is its title's plural whatever the lemmatizer says ("aides" is not "aid")
        ("On Monday, campaign aides said the plan was good.", "campaign aides", None, "aides", None),
        ("On Monday, state regulators said the plan was good.", "state regulators", None, "regulators", "state"),
        ("State Department officials said the plan was good.", "State Department officials", None, "officials",
         "State Department"),
        # the second of two names under a plural title holds it in the singular
        ("Sens. Jon Tester (D-Mont.) and David Vitter (R-La.) questioned the bank. Vitter said the bank was too "
         "big.", "Vitter", "David Vitter", "Sen.", "Louisiana"),
        ("Reps. Elijah Cummings and Jason Chaffetz met on Monday. Chaffetz said the hearing would go on.",
         "Chaffetz", "Jason Chaffetz", "Rep.", None),
        # "officials" is a title; only after a demonym alone is it none (the seed's "Ukrainian officials")
        ("Officials at Homeland Security Investigations said the program was flawed.",
         "Officials at Homeland Security Investigations", None, "officials", "Homeland Security Investigations"),
        ("Ukrainian officials said the talks had failed.", "Ukrainian officials", None, None, "Ukraine"),
        # the body after the title's field words
        ("Michael Oppenheimer, a professor of geosciences and international affairs at Princeton University, "
         "said the trend was clear.", None, "Michael Oppenheimer", "professor", "Princeton University"),
        # a party before a title is its body
        ("Republican presidential nominee Donald Trump said the system was rigged.", None, "Donald Trump",
         "presidential nominee", "Republican Party"),
        # one person holds a plural title in the singular; a title of someone named in the apposition is theirs
        ("One of the family's attorneys, Justin Bamberg, said the video was clear.", None, "Justin Bamberg",
         "attorney", None),
        ("John Podesta, a chief of staff to President Bill Clinton, said the plan was sound.", None,
         "John Podesta", "chief of staff", "Bill Clinton"),
        # "to" names whom one serves
        ("Minyon Moore, a senior adviser to the Clinton campaign, said the race was close.", None, "Minyon Moore",
         "adviser", "Clinton campaign"),
        # a candidate's staff belong to the campaign
        ("Hillary Clinton spoke in Ohio. Hillary Clinton's campaign manager Robby Mook said the race was close.",
         "Hillary Clinton's campaign manager Robby Mook", "Robby Mook", "campaign manager",
         "Hillary Clinton campaign"),
        # the body a person speaks for, from a possessive right before the name
        ("NBC's Lester Holt said the debate would start late.", None, "Lester Holt", None, "NBC"),
        # an adjective between "the" and the body's name; a title tagged as an adjective
        ("Michael Tanner, an analyst at the libertarian Cato Institute, said the plan was vague.", None,
         "Michael Tanner", "analyst", "Cato Institute"),
        ("John Dickey, the chief executive of Ora Media, told reporters that the show would go on.", None,
         "John Dickey", "chief executive", "Ora Media"),
        # a chamber before the party is the body
        ("Senate Republican leader Mitch McConnell said the vote would wait.", None, "Mitch McConnell",
         "leader", "Senate"),
        # a title before a possessive is the possessor's, not the speaker's
        ("Ivanka Trump, the Republican nominee's eldest daughter, said the plan was fair.", None, "Ivanka Trump",
         None, None),
        # a title that starts with its chamber: the chamber is the body
        ("Senate Minority Leader Harry Reid (D-Nev.) said the bill was dead.", None, "Harry Reid",
         "Minority Leader", "Senate"),
        # "on" names a panel, not a day; field words may hold a gerund
        ("The hearing was unfair, said Elijah Cummings, the top Democrat on the Oversight Committee.", None,
         "Elijah Cummings", "top Democrat", "Oversight Committee"),
        ("Jane Doe, an analyst on Monday, said the plan was vague.", None, "Jane Doe", "analyst", None),
        ("Megan Hester, senior associate for education organizing at the Annenberg Institute for School Reform, "
         "said parents were angry.", None, "Megan Hester", "senior associate",
         "Annenberg Institute for School Reform"),
        # a legislator's party-state tag gives the state, not the party word before the title
        ("Democratic Sen. Claire McCaskill (D-Mo.) said the claims were false.", None, "Claire McCaskill", "Sen.",
         "Missouri"),
        # a title a possessive pronoun owns serves the one the pronoun refers to
        ("Barack Obama spoke on Monday. His senior climate adviser, Brian Deese, said the plan would work.", None,
         "Brian Deese", "adviser", "Barack Obama"),
        ("Donald Trump spoke in Ohio on Monday. His aides said the polls were wrong.", None, "aides", "aides",
         "Donald Trump"),
        # a state alone in the tag; a Korean given name's lower-case syllable
        ("Sen. Bernie Sanders (Vt.) said the claims were false.", None, "Bernie Sanders", "Sen.", "Vermont"),
        ("South Korean President Park Geun-hye said the test was a provocation.", None, "Park Geun-hye",
         "President", "South Korea"),
        # a body right after a name, with no title; a role the sentence predicates of the name
        ("Dan McLaughlin at the National Review said the debate was a draw.", None, "Dan McLaughlin", None,
         "National Review"),
        ("Jane Smith, who is the mayor of Ames, said the claims were false.", None, "Jane Smith", "mayor", "Ames"),
        ("Jane Smith is the mayor of Ames. Smith said the claims were false.", None, "Jane Smith", "mayor",
         "Ames"),
        # an occupation describes a group, it names no office
        ("Civil rights activists said the video was clear.", "Civil rights activists", None, None, None),
        # occupations beyond politics are titles of the one who holds them
        ("Chef José Andrés said the kitchen was open.", None, "José Andrés", "Chef", None),
        ("Maria Lopez, a farmer in Fresno, said the drought was over.", None, "Maria Lopez", "farmer", None),
        # a title inside a quotation is the quoted speaker's wording, not a role the article states
        ("“I hope America says, President Clinton, thank you,” Jane Doe said. Later, Hillary Clinton said the "
         "plan was sound.", "Hillary Clinton", "Hillary Clinton", None, None),
        # a plural abbreviated title: each member holds it in the singular, the group spelled out
        ("The vote was close. Sens. Jon Tester (D-Mont.) and David Vitter (R-La.) met on Monday. Tester said the "
         "bill was dead.", "Tester", "Jon Tester", "Sen.", "Montana"),
        ("The vote was close. Sens. Jon Tester (D-Mont.) and David Vitter (R-La.) said the bill was dead.", None,
         "Jon Tester and David Vitter", "senators", None),
        # one member's title is not the group's
        ("The vote was close. President Obama and Republican presidential nominee Donald Trump said the bill was "
         "dead.", None, "Obama and Donald Trump", None, None),
        # a possessive before filler and a field noun; a title of three words
        ("The vote was close. David Axelrod, Obama's former campaign strategist, said the plan was sound.", None,
         "David Axelrod", "strategist", "Obama"),
        ("The vote was close. The RT editor in chief, Margarita Simonyan, said the plan was sound.", None,
         "Margarita Simonyan", "editor in chief", "RT"),
        # a body's name tagged as an adjective; a "-based" modifier before a body; a hyphen inside one
        ("The vote was close. PolitiFact Executive Director Aaron Sharockman said the rating was fair.", None,
         "Aaron Sharockman", "Executive Director", "PolitiFact"),
        ("The vote was close. Henry Crespo, president of the Miami-based Florida Democratic Black Caucus, said "
         "the plan was bad.", None, "Henry Crespo", "president", "Florida Democratic Black Caucus"),
        ("The vote was close. Angelique Brunner, spokeswoman for the EB-5 Investment Coalition, said the program "
         "worked.", None, "Angelique Brunner", "spokeswoman", "EB-5 Investment Coalition"),
        # an ideology word before a body's name; a body after a titled name
        ("The vote was close. Len Burman, head of the centrist Tax Policy Center, said the plan would cost more.",
         None, "Len Burman", "head", "Tax Policy Center"),
        ("“We are ready,” said the Rev. Peter Wherry, of Mayfield Memorial Missionary Baptist Church.", None,
         "Peter Wherry", "Rev.", "Mayfield Memorial Missionary Baptist Church"),
        # a title word as the surname of someone named in full; a body the parser hung on the verb
        ("Howard Dean spoke first. Dean, a former Democratic National Committee chairman, said the debate was "
         "over.", None, "Howard Dean", "chairman", "Democratic National Committee"),
        ("A reporter for USA Today said the candidate was there.", None, "reporter", "reporter", "USA Today"),
        # a relative clause after the mention names no one ("Americans") and no role of the speaker's
        ("The USC Dornsife/Los Angeles Times Daybreak tracking poll, which tracks Americans’ support for the "
         "presidential candidates, found that Trump is ahead.", None,
         "USC Dornsife/Los Angeles Times Daybreak tracking poll", None, "USC Dornsife/Los Angeles Times Daybreak"),
        # "who" after a body's name is the person the body's apposition belongs to
        ("The witnesses were Bryan Pagliano, who set up the server; Paul Combetta, who erased the archive; and "
         "John Bentel, a tech staffer at the State Department who told his subordinates never to speak of the "
         "email.", None, "John Bentel", "tech staffer", "State Department"),
        # a membership noun ties its person to a body without naming an office
        ("“Mexico has been good,” said Chad Bown, an expert on trade at the Peterson Institute for International "
         "Economics.", None, "Chad Bown", None, "Peterson Institute for International Economics"),
        # a plural title that is one conjunct of a singular head is no title of them all
        ("The family, protesters and civic leaders have said that police should release the video.", None,
         "family", None, None),
        # a bare "campaign" before a title is the one campaign the article names
        ("Hillary Clinton spoke in Ohio. The Clinton campaign was quiet. Later, campaign aides said the plan would "
         "work.", None, "campaign aides", "aides", "Clinton campaign"),
        # a sentence adverb the tagger joins to the name after it is no part of the name
        ("Donald Trump spoke on Monday. Meanwhile Trump said the polls were wrong.", None, "Donald Trump", None,
         None),
        # a body's name goes on over its link to a word the tagger calls an adjective
        ("The Roper Center for Public Opinion Research said the poll was fair.", None,
         "Roper Center for Public Opinion Research", None, None),
        # a nickname in quotation marks is part of the name, and no quotation
        ("Rep. Robert C. “Bobby” Scott said the bill would pass.", None, "Robert C. “Bobby” Scott", "Rep.", None),
        # the noun that ends a relative clause before the cue is not its subject; the one described is
        ("Douglas Brinkley, a historian who attended the session, recalled, \"Out of nowhere, he said, 'If we "
         "don't do anything, it will be bad.'\"", None, "Douglas Brinkley", "historian", None),
        ("Keron Blair, executive director of AROS, called for more school investment in a statement on Thursday.",
         None, "Keron Blair", "executive director", "AROS"),
        # a mention that is only the apposition after a name speaks for that name; a place before it does not
        ("“They would just go get them,” Rep. Jim Jordan (R-Ohio), an oversight panel member, said in a phone "
         "interview.", None, "Jim Jordan", "Rep.", "Ohio"),
        # a name closing the mention after "description for X," is the speaker, not X
        ("An attorney for Pagliano, Mark MacDougall, said his client would not testify.", None, "Mark MacDougall",
         "attorney", "Pagliano"),
        # a poll's or a report's publisher is its body
        ("A new report by Politico said the race was close.", None, None, None, "Politico"),
        ("The latest Bloomberg poll says the race is close.", None, None, None, "Bloomberg"),
        ("POLITICO’s Battleground States average shows Clinton ahead by four points.", None, None, None,
         "POLITICO"),
        # a record carries the role its own speaker mention states
        ("Donald Trump spoke in Ohio on Monday. But Trump said he would win. The Republican presidential nominee "
         "said the polls were wrong.", "The Republican presidential nominee", "Donald Trump", "presidential nominee",
         "Republican Party"),
    ],
)
def test_speaker_names_and_roles(extractor, text, mention, name, title, affiliation):
    records = run(extractor, text).attributions
    record = next(r for r in records if mention is None or r.speaker.mention.text == mention)
    if name is not None:
        assert record.speaker.name == name
    assert (record.role.title if record.role else None) == title
    assert (record.role.affiliation if record.role else None) == affiliation


@pytest.mark.parametrize(
    ("text", "quote_start", "name"),
    [
        # an honorific's gender picks among people who share a surname
        ("Bill Clinton spoke first. Hillary Clinton spoke next. Mrs. Clinton said the plan would work.",
         "the plan", "Hillary Clinton"),
        # a bare surname goes to the person the story names most, not a relative named once
        ("Ted Cruz said the vote was close. Ted Cruz said he would wait. His wife, Heidi Cruz, was there. "
         "Cruz said the party had to unite.", "the party", "Ted Cruz"),
        # an acronym goes to the name it abbreviates
        ("The International Monetary Fund cut its forecast on Monday. The IMF said growth would slow.",
         "growth", "International Monetary Fund"),
        # a definite description goes to the holder of that office ("Gov." spelled out as governor)
        ("Indiana Gov. Mike Pence arrived in Ohio on Friday. The Indiana governor said the race was tight.",
         "the race", "Mike Pence"),
        # the party in a description tells two nominees apart
        ("Republican nominee Donald Trump and Democratic nominee Hillary Clinton met on Monday. "
         "The Republican nominee said the debate was rigged.", "the debate", "Donald Trump"),
        # "he" is the person the story is about, not someone named in passing inside a quotation
        ("Barack Obama spoke in Honolulu on Tuesday. Mr. Obama said the climate was changing. “John Holdren "
         "showed me the charts,” he said. He said the charts were terrifying.", "the charts were", "Barack Obama"),
        # "who" as a speaker is the noun its relative clause hangs on
        ("The rise of Donald Trump, who said the system was rigged, surprised her.", "the system", "Donald Trump"),
        # a hyphenated surname is one name
        ("Douglas Holtz-Eakin, an economist, said the plan was costly.", "the plan", "Douglas Holtz-Eakin"),
        # an honorific that fits none of the people named in full is someone else
        ("Michelle Obama spoke first. Mr. Obama said the plan would work.", "the plan", "Obama"),
        # a known first name alone names a person, whom "she" refers back to
        ("Reporter Stephanie McCrummen visited on Monday. Melanie watched the convention at home. She said the "
         "speech was great.", "the speech", "Melanie"),
        # a first name the tokenizer cut in two ("Don" + "na") is one word of the name, and still a woman's
        ("Chief Justice John Roberts spoke first. Donna Sampson Rawlings, 59, watched the ceremony. She said the "
         "museum was moving.", "the museum", "Donna Sampson Rawlings"),
        # a gendered word before a name outweighs the first-name list ("Terry" is listed as a man's name)
        ("President Obama vetoed the bill. “They are wrong,” said 9/11 widow Terry Strada. She continued, “We want "
         "a hearing.”", "We want", "Terry Strada"),
        # a title-case headline's speech verb parts the two names it stands between
        ("Chris Christie Calls Hillary Clinton Tone-Deaf On Race.\n\nHillary Clinton spoke on Monday. “This is "
         "unbearable,” she said.", "This is", "Hillary Clinton"),
        # a name before a description's head is one the antecedent must carry: the Trump campaign is not Clinton's
        ("Hillary Clinton spoke on Monday. The Clinton campaign said the ad was false. Donald Trump spoke in Ohio. "
         "The Trump campaign said the ad was fair.", "the ad was fair", "Trump campaign"),
        # a generational suffix ends a name but is no surname
        ("Vice President Joseph R. Biden Jr. spoke on Monday. Mr. Biden said the plan was sound.", "the plan",
         "Joseph R. Biden Jr."),
        ("The vote was close. Vann R. Newkirk II, a writer for The Atlantic, said the turnout was low.",
         "the turnout", "Vann R. Newkirk II"),
        # footage of someone speaking: the one filmed speaks
        ("Hillary Clinton spoke in Ohio. The ad uses footage of Hillary Clinton asking, “Why aren’t I 50 points "
         "ahead?”", "Why aren’t", "Hillary Clinton"),
        # a body's description stands for the body whose name fits it
        ("The Congressional Budget Office released a report on Monday. The agency said the deficit would grow.",
         "the deficit", "Congressional Budget Office"),
        # a body's name goes on across "and" to a body word, and over a body word tagged as a common noun
        ("The Securities and Exchange Commission said the rule was final.", "the rule",
         "Securities and Exchange Commission"),
        # a body's name goes on across "of" / "for" / "on"
        ("The Federal Bureau of Prisons said the inmates were moved.", "the inmates", "Federal Bureau of Prisons"),
        # two people named as one subject speak as one group
        ("Senators Charles E. Grassley and Patrick J. Leahy wrote a letter. Mr. Grassley and Mr. Leahy say the "
         "program must change.", "the program", "Charles E. Grassley and Patrick J. Leahy"),
        # a name that modifies a title is not the speaker: the one named after it is
        ("Trump campaign spokesman Jason Miller said the report was false.", "the report", "Jason Miller"),
        # a person description no role fits: the person the story is about, unless a word contradicts; a place
        # contradicts only someone tied to another place
        ("Donald Trump spoke in Ohio on Monday. But Trump said he would win. The New York businessman said the "
         "polls were wrong.", "the polls", "Donald Trump"),
        ("John Kasich, the governor of Ohio, spoke on Monday. But Kasich said he would win. The Texas "
         "businessman said the polls were wrong.", "the polls", "Texas businessman"),
        # a title written across "of" stays out of the name
        ("Secretary of State John F. Kerry said the United States would act.", "the United States",
         "John F. Kerry"),
        # a description that introduces someone named right after is that person
        ("A New York judge said the file must stay sealed. Manhattan Supreme Court Justice Frank Nervo ruled "
         "on Thursday.", "the file", "Frank Nervo"),
        # still so when the headline's description already went to that person
        ("Judge says file must stay sealed.\n\nA New York judge said the file must stay sealed. Manhattan Supreme "
         "Court Justice Frank Nervo ruled on Thursday.", "the file", "Frank Nervo"),
        # the narration's "I" in an essay is its writer, named in the closing line
        ("I told my students that the polls were wrong.\n\nCharlotte Meehan is a playwright at Wheaton College.",
         "the polls", "Charlotte Meehan"),
        ("I told my students that the polls were wrong.\n\nThe rally ended at noon.", "the polls", "I"),
        ("Donald Trump spoke in Ohio on Monday. But Trump said he would win. The nominee said the polls were "
         "wrong.", "the polls", "Donald Trump"),
        # "his ex-wife" is someone else
        ("Donald Trump spoke in Ohio on Monday. His ex-wife said the story was false.", "the story", "ex-wife"),
        # an advocacy group's name is a body, not the people it is named for
        ("Americans for Prosperity said the plan was unfair.", "the plan", "Americans for Prosperity"),
        ("Citizens for Tax Justice said the plan was unfair.", "the plan", "Citizens for Tax Justice"),
        # a slash joins two names in one: "The Reuters/Ipsos poll" is the poll named before
        ("The latest Reuters/Ipsos opinion poll released Friday shows that Clinton leads Trump. The Reuters/Ipsos "
         "poll showed that Clinton did better than in other polls.", "Clinton did better",
         "latest Reuters/Ipsos opinion poll"),
        # a lawyer is an attorney: the one the article named as Pagliano's
        ("An attorney for Pagliano, Mark MacDougall, said his client was ready. Chaffetz spoke on Monday. "
         "Pagliano's lawyer has said the panel will get no answers.", "the panel", "Mark MacDougall"),
        # "Trump's lawyer" is not Trump, though Trump is the one the story is about
        ("Donald Trump spoke in Ohio on Monday. But Trump said he would win. Trump's lawyer said the case was "
         "weak.", "the case", "Trump's lawyer"),
        # an utterance speaks for the one whose it is
        ("Senator Jane Smith spoke in Boston on Monday. Her response suggested that the plan would fail.",
         "the plan", "Jane Smith"),
        # a bare surname two people share, each named once: the one the story opens on, where the headline
        # carries the surname
        ("Clinton Hid Past Health Problems\n\nHillary Clinton's health is in question. Aides to former President "
         "Bill Clinton met on Monday. In 1998, Clinton said the clot was serious.", "the clot", "Hillary Clinton"),
        # a bare surname is no namesake of someone named in full only much later
        ("Rally in the rain.\n\nPresident Obama said the vote mattered. "
         + "The rally went on for hours in the rain. " * 40 + "Michelle Obama spoke last.", "the vote", "Obama"),
        # a surname a letter off the surname of someone named in full is a typo for it, even where the parser
        # takes it for a common noun
        ("Leslie Wimes is a voter in Miami.\n\nWines said the campaign took black voters for granted.",
         "the campaign", "Leslie Wimes"),
        ("Tyresha McClenney, a voter in Miami, spoke on Monday. McLenney said the campaign had ignored her.",
         "the campaign", "Tyresha McClenney"),
        # the name that opens a reported clause is not the "he" who reports it
        ("White House spokesman Josh Earnest said Monday that President Barack Obama has long called for tax "
         "fairness. He said Obama hopes that his successor will push for the same goals.", "his successor",
         "Josh Earnest"),
        # a place's name that modifies the second of two joined nouns names no speaker; "first lady" is a title
        ("Hillary Clinton spoke to veterans in Ohio on Monday. Clinton said the forum was useful. The former first "
         "lady and U.S. senator said it was a mistake to use private email.", "it was", "Hillary Clinton"),
        # a name given as someone's affiliation is a body, which "the bank" can stand for
        ("Wells Fargo fired 5,300 workers last week. Wells Fargo CEO John Stumpf apologized on Tuesday. The bank "
         "said that it had fired the employees for fraud.", "it had", "Wells Fargo"),
        # a headline's and a lede's description introduce the person the next paragraph names as its subject
        ("Former DNC chairman calls for Clinton contingency plan.\n\nA former Democratic National Committee "
         "chairman says the party should come up with a process to pick a successor.\n\n“Now is the time for all "
         "good political leaders to come to the aid of their party,” said Don Fowler, who helmed the DNC from 1995 "
         "to 1997.", "the party should", "Don Fowler"),
        # the people a group's description names as its examples speak for it; "Democrat of Vermont" is a tag
        ("Critics of the EB-5 program, like Senators Charles E. Grassley, Republican of Iowa, and Patrick J. Leahy, "
         "Democrat of Vermont, have long argued that the program is flawed. They said the program had become "
         "plagued by fraud.", "the program had", "Charles E. Grassley and Patrick J. Leahy"),
        # a body's name goes on with "to" and its aim; its acronym stands for it, tagged as a noun or not
        ("More than 100,000 people took part, according to the Alliance to Reclaim Our Schools. AROS said that "
         "families still want their own neighborhood schools.", "families", "Alliance to Reclaim Our Schools"),
        ("The Christian News Service reported on the figures. CNS said the U.S. had accepted 11,491 Syrian "
         "refugees.", "the U.S.", "Christian News Service"),
        # the cue after a quotation comes past a participle in the speaker's apposition
        ("“It’s an invasion, in our estimation, of the state regulatory domain,” Scott Pruitt, the Republican "
         "attorney general of Oklahoma, one of the states suing the EPA, said at a Washington event in May.",
         "It’s an invasion", "Scott Pruitt"),
        # a cue verb that opens its sentence, capitalised and left unlemmatised, is still "say"
        ("Some experts doubt the plan would make the code simpler. Said Ellis: “I don’t get the sense she’s the "
         "least bit interested in tax reform.”", "I don’t get", "Ellis"),
        # a kinship description stands for the one the article named by that word
        ("Donald Trump divorced his wife Ivana in 1992. His ex-wife said that she should not have to give up her "
         "privacy.", "she should", "Ivana"),
        ("Keith Lamont Scott was shot by police on Tuesday. Keith Lamont Scott's wife said that he was unarmed. "
         "Rakeyia Scott can be heard yelling to the officers.", "he was", "Rakeyia Scott"),
        # a company by the first word of its name
        ("Patriot Coal filed for bankruptcy in May. Patriot said the mines would stay open.", "the mines",
         "Patriot Coal"),
    ],
)
def test_speaker_resolution(extractor, text, quote_start, name):
    # the first record holding the words: parsers differ on where a nested report starts ("[Obama hopes that]
    # his successor …")
    records = [r for r in run(extractor, text).attributions if quote_start in r.quote.text]
    assert records, [r.quote.text for r in run(extractor, text).attributions]
    assert records[0].speaker.name == name


@pytest.mark.parametrize(
    ("text", "mention", "kind"),
    [
        ("A new poll said the race was tied.", "A new poll", "other"),
        ("“Vote early,” the ad said.", "the ad", "other"),
        ("Many Democrats said the plan was too timid.", "Many Democrats", "group"),
        ("“It is over,” the announcer said.", "the announcer", "anonymous"),
        ("A senior administration official said the talks had stalled.", "A senior administration official",
         "anonymous"),
        ("Jens Stoltenberg said the alliance was united.", "Jens Stoltenberg", "person"),
        # a place's government speaks under its name in full
        ("The city of Phoenix said the permit was valid.", "The city of Phoenix", "organisation"),
        # a document is no person, even right after the one it is about
        ("Republican nominee Donald Trump spoke on Monday. The party's complaint says Mills violated the rules.",
         "The party's complaint", "other"),
        # several bodies, a collective with a plural "of"-phrase and joined nouns are groups
        ("Several environmental groups said the plan was weak.", "Several environmental groups", "group"),
        ("Authorities said the road was closed.", "Authorities", "group"),
        ("A group of doctors said the product was unsafe.", "A group of doctors", "group"),
        ("Companies and individuals said the tax was unfair.", "Companies and individuals", "group"),
        ("Everyone said the plan was fair.", "Everyone", "group"),
        ("Scott's family said the video was clear.", "Scott's family", "group"),
        ("Fellow Republicans said the plan was weak.", "Fellow Republicans", "group"),
        # a story, a slide or a ruling carries a claim as a document does
        ("Another slide showed that the program had failed.", "Another slide", "other"),
        ("The ruling said the state had overstepped its authority.", "The ruling", "other"),
        # a publication's capital "The" inside a sentence, an acronym the tagger took for a noun: bodies
        ("The plan failed, according to The Daily Caller.", "The Daily Caller", "organisation"),
        ("Last year the NAACP called for a moratorium on charter schools.", "the NAACP", "organisation"),
        # a first name may open a company's or a state's name: the word that closes it decides
        ("Walter Energy said the mine would close.", "Walter Energy", "organisation"),
        ("West Virginia said the permit was valid.", "West Virginia", "organisation"),
        # a state's name as a modifier: the official speaks
        ("But one West Virginia official said that the work met the standards.", "one West Virginia official",
         "anonymous"),
    ],
)
def test_speaker_kinds(extractor, text, mention, kind):
    record = next(r for r in run(extractor, text).attributions if r.speaker.mention.text == mention)
    assert record.speaker.kind == kind


def test_a_speech_verb_joined_after_a_quoted_phrase_reports_its_own_clause(extractor):
    # "and said" after a quoted phrase is not that phrase's cue: it has a complement of its own
    text = (
        "Cruz exhorted Republicans to \"vote your conscience\" and said he was standing on truth and principle."
    )
    recs = run(extractor, text).attributions
    said = [r for r in recs if r.cue is not None and r.cue.span.text == "said"]
    assert [r.quote.text for r in said] == ["he was standing on truth and principle"]
    assert said[0].speaker.name == "Cruz"


@pytest.mark.parametrize(
    "text, quote, mention",
    [
        # a report's content stops where another speaker's cue opens the next quotation
        (
            "She said fathers would not be eligible, and when pressed on why the plan leaves out dads, the "
            "34-year-old mother of three replied, \"It's meant to benefit the mother who has given birth to the "
            "child.\"",
            "It's meant to benefit the mother who has given birth to the child.",
            "34-year-old mother of three",
        ),
        # a subject before an interrupting cue still runs on into the quotation after it
        ("The plan, he said, “will not work.”", "will not work.", "he"),
    ],
)
def test_a_cue_that_opens_a_quotation_keeps_it(extractor, text, quote, mention):
    recs = run(extractor, text).attributions
    quoted = [r for r in recs if r.type == "direct"]
    assert [r.quote.text for r in quoted] == [quote]
    assert mention in quoted[0].speaker.mention.text


def test_a_verb_in_a_clause_after_the_quotation_is_not_its_cue(extractor):
    text = (
        "She then urges her husband to come out of the car and repeatedly says, \"Don't you do it,\" until "
        "gunshots are heard."
    )
    quoted = [r for r in run(extractor, text).attributions if r.type == "direct"]
    assert [(r.quote.text, r.speaker.mention.text, r.cue.lemma) for r in quoted] == [("Don't you do it", "She", "say")]


@pytest.mark.parametrize(
    "text, block",
    [
        (
            "“She’s a disgrace,” he said.\n\nThe governor added:\n\nIt’s typical of Hillary Clinton. She knows "
            "nothing, but the mouth never stops.\n\nClinton’s comments came later.",
            "It’s typical of Hillary Clinton. She knows nothing, but the mouth never stops.",
        ),
        ("Here is what we know:\n\nThe plan was approved on Monday by the board.", None),
        ("The senator said:\n\n— more money for schools\n— fewer tests", None),
    ],
)
def test_a_block_quotation_after_its_cue_and_a_colon(extractor, text, block):
    blocks = [r for r in run(extractor, text).attributions if r.origin == "block"]
    assert [r.quote.text for r in blocks] == ([block] if block else [])
    if block:
        assert blocks[0].speaker.mention.text == "The governor" and blocks[0].type == "direct"


@pytest.mark.parametrize(
    "text, content",
    [
        ("However, slower growth is being offset by faster growth elsewhere, the IMF said.",
         "slower growth is being offset by faster growth elsewhere"),
        ("But the plan will not work, the senator said.", "the plan will not work"),
        ("The senator said that but for the storm the bridge would have opened.",
         "but for the storm the bridge would have opened"),
    ],
)
def test_a_sentence_opening_connective_is_not_part_of_the_content(extractor, text, content):
    assert [r.quote.text for r in run(extractor, text).attributions] == [content]
