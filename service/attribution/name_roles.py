"""Roles around a name: what the words before and after a person's name say of them.

``[affiliation] TITLE Name`` ("Indiana Gov. Mike Pence"), an apposition after it (", the assistant leader of the
Democratic caucus"), a party-state tag ("(D-S.C.)", "(Vt.)"), a home state ("Rep. Elijah Cummings of Maryland"),
a predicate ("Smith, who is the mayor of Ames,") and a body with no title ("Dan McLaughlin at the National
Review"). The title and affiliation rules themselves live in roles.py.
"""

from __future__ import annotations

import re

from .document import Doc, Word
from .lexicons import Lexicons
from .records import Role
from .roles import (
    APPOSITION_WINDOW,
    PARTY_BODY,
    POSSESSIVES,
    affiliation_after,
    affiliation_before,
    body_run_end,
    chamber_split,
    government_level,
    match_title,
    proper_run_start,
    role_in_words,
    title_text,
)


def role_for_name(doc: Doc, name_first: int, name_last: int, lex: Lexicons) -> Role | None:
    """The role given around a name at global word indices ``[name_first, name_last]``.

    Looks left within the sentence for ``[affiliation] TITLE [,]`` right before the name, then right for an
    apposition ``, [the] [affiliation] TITLE [of X]``; a party tag after the name ("(D-S.C.)") gives the state
    as affiliation when nothing else does.
    """
    sent = doc.sentences[doc.words[name_first].sent]
    state, tag_end = party_state(doc, doc.words[name_last].end, lex)
    if state is None:
        state, tag_end = home_state(doc, doc.words[name_last].end, lex)
    role = _role_around(doc, name_first, name_last, sent, lex, tag_end)
    if state is None:
        return role
    if role is None:
        return Role(title=None, affiliation=state)
    # "Democratic Sen. Claire McCaskill (D-Mo.)": a legislator's tag names the state she serves; the party is
    # in the tag already
    if role.affiliation and role.affiliation not in PARTY_BODY.values():
        return role
    return Role(title=role.title, affiliation=state)


# "(R-Texas)", "(D-S.C.)", "(I-Vt.)", "(R., Ohio)": party and state after a legislator's name
PARTY_TAG = re.compile(r"\s*\(\s*[RDI]\s*[-–.,]\s*([A-Z][A-Za-z. ]{0,18}?)\.?\s*\)")


STATE_TAG = re.compile(r"\s*\(\s*([A-Z][A-Za-z. ]{0,18}?)\.?\s*\)")


def party_state(doc: Doc, name_end: int, lex: Lexicons) -> tuple[str | None, int]:
    """The state of a party tag right after a name, spelled out ("(D-S.C.)" → South Carolina), and where the
    tag ends (0 without a tag; a tag whose state is unknown still ends there)."""
    m = PARTY_TAG.match(doc.text, name_end)
    if m is None:
        # "Sen. Bernie Sanders (Vt.)": a state alone, when it is one ("(AP)" is not)
        m = STATE_TAG.match(doc.text, name_end)
        state = lex.us_states.get(m.group(1).strip().lower().replace(".", "")) if m else None
        return (state, m.end()) if m and state else (None, 0)
    key = m.group(1).strip().lower().replace(".", "")
    return lex.us_states.get(key) or lex.us_states.get(key.replace(" ", "")), m.end()


# "Rep. Elijah Cummings of Maryland", "Senator Dianne Feinstein, Democrat of California", "Del. Stacey Plaskett
# of the Virgin Islands": the state a legislator is of, right after the name
HOME_STATE = re.compile(
    r"(?:\s*,\s*(?:an?\s+)?(?:Democrat|Republican|Independent))?\s+of\s+(?:the\s+)?"
    r"((?:U\.S\. )?[A-Z][a-z]+\.?(?: [A-Z][a-z]+\.?){0,2})"
)


def home_state(doc: Doc, name_end: int, lex: Lexicons) -> tuple[str | None, int]:
    """The US state (or territory) named by "of X" or ", Democrat of X" right after a name, and where it ends
    (0 when there is none)."""
    m = HOME_STATE.match(doc.text, name_end)
    if m is None:
        return None, 0
    state = lex.us_states.get(m.group(1).lower().replace(".", ""))
    return (state, m.end()) if state else (None, 0)


def party_letter(doc: Doc, name_end: int) -> str | None:
    """The party letter of a tag right after a name ("(R-Texas)" → "r"), lower-cased."""
    m = PARTY_TAG.match(doc.text, name_end)
    return m.group(0).strip(" (")[0].lower() if m else None


def _role_around(doc: Doc, name_first: int, name_last: int, sent, lex: Lexicons, after: int = 0) -> Role | None:
    left = doc.words[sent.first : name_first]
    # allow "spokesperson, Jen Psaki"
    if left and left[-1].text == ",":
        left = left[:-1]
    if left:
        end = len(left) - 1
        start = match_title(left, end, lex)
        if start is not None:
            start, chamber = chamber_split(left, start, end)
            # "Tulsa, Okla., police officer Betty Shelby": a level of government with its place
            affiliation = (chamber or affiliation_before(doc, left, start, lex)
                           or _demonym_further_left(left, start, lex) or government_level(left, start))  # fmt: skip
            if affiliation is None:
                # with no body here, one right after the name ("the Rev. Peter Wherry, of Mayfield Memorial
                # Missionary Baptist Church") or a party tag's state (role_for_name) serves as one
                body = _body_after_name(doc, name_first, name_last, sent, lex, after)
                affiliation = body.affiliation if body else None
            return Role(title=title_text(doc, left, start, end), affiliation=affiliation)
    # "NBC's Lester Holt", "CNN's Jake Tapper", "Fox News' Megyn Kelly": the body a person speaks for, with no
    # title
    before = doc.words[name_first - 1] if name_first - 1 >= sent.first else None
    possessive = before is not None and (before.text in POSSESSIVES or _bare_possessive(doc, before, sent.first))
    if possessive and name_first - 2 >= sent.first:
        owner = doc.words[name_first - 2]
        if owner.upos == "PROPN" or owner.text.isupper():
            first = proper_run_start(doc.words, owner.i)
            return Role(title=None, affiliation=doc.text[doc.words[max(first, sent.first)].start : owner.end])
    return (
        _apposition_role(doc, name_last, sent, lex, after)
        or _predicate_role(doc, name_first, name_last, sent, lex)
        or _body_after_name(doc, name_first, name_last, sent, lex, after)
    )


def _bare_possessive(doc: Doc, mark: Word, sent_first: int) -> bool:
    """ "Fox News' Megyn Kelly": an apostrophe glued to a word ending in s, with no single quotation open before
    it, is a possessive whether or not the tagger says so."""
    if mark.text not in ("'", "’") or mark.i - 1 < sent_first:
        return False
    if mark.xpos == "POS":
        return True
    owner = doc.words[mark.i - 1]
    opened = any(w.text in ("'", "‘") for w in doc.words[sent_first : owner.i])
    return owner.end == mark.start and owner.text[-1:] in ("s", "S") and not opened


COPULAS = {"is", "was", "'s", "’s"}


def _predicate_role(doc: Doc, name_first: int, name_last: int, sent, lex: Lexicons) -> Role | None:
    """A role the sentence predicates of the name: "Smith, who is the mayor of Ames," and "Charlotte Meehan is
    playwright-in-residence at Wheaton College"."""
    words = doc.words
    k = name_last + 1
    if k + 2 <= sent.last and words[k].text == "," and words[k + 1].text.lower() == "who" and (
        words[k + 2].text.lower() in COPULAS
    ):
        start = k + 3
    else:
        subject = next((w for w in words[name_first : name_last + 1] if w.deprel == "nsubj"), None)
        if subject is None or subject.head < 0:
            return None
        pred = words[subject.head]
        cops = [c for c in pred.children if words[c].deprel == "cop" and words[c].text.lower() in COPULAS]
        if pred.upos not in ("NOUN", "PROPN") or not cops or cops[0] != name_last + 1:
            return None  # "Meehan is playwright …" right after the name, not a clause further on
        start = cops[0] + 1
    window = _phrase(words[start : min(start + APPOSITION_WINDOW, sent.last + 1)])
    return role_in_words(doc, window, lex, others=True) if window else None


# what opens an apposition after a name ("Mehmet Oz — Ivy League-trained surgeon and daytime TV star —") and what
# ends its phrase
APPOSITION_OPENERS = {",", "—", "–", "--"}
APPOSITION_ENDS = APPOSITION_OPENERS | {".", ";", ":"}


def _phrase(words: list[Word]) -> list[Word]:
    """The words of a noun phrase up to its first comma, stop or finite verb; a gerund stays ("senior associate for
    education organizing at …"), and so does "based" written onto a hyphen ("the Miami-based … Caucus")."""
    out: list[Word] = []
    for w in words:
        hyphened = w.text.lower() == "based" and out and out[-1].text.endswith("-") and out[-1].end == w.start
        # a participle that modifies a noun stays too ("Ivy League-trained surgeon")
        modifier = w.deprel == "amod" and w.head > w.i
        if w.text in APPOSITION_ENDS or (
            w.upos in ("VERB", "AUX") and w.xpos != "VBG" and not hyphened and not modifier
        ):
            break
        out.append(w)
    return out


# "Dan McLaughlin at the National Review", "Cameron Easley for Morning Consult", "the Rev. Peter Wherry, of
# Mayfield Memorial Missionary Baptist Church": a body right after a name, with no title
BODY_AFTER_NAME = {"at", "for", "of", "with"}
# how far a relative clause after a name is read for the body it places the person at
RELATIVE_BODY_WINDOW = 12
# "works at", "studies … at", "writes for"; not "met with Vice President Biden"
RELATIVE_BODY_LINKS = {"at", "for"}


def _body_after_name(doc: Doc, name_first: int, name_last: int, sent, lex: Lexicons, after: int = 0) -> Role | None:
    words = doc.words
    if name_last == name_first or all(w.text.lower() in lex.place_names for w in words[name_first : name_last + 1]):
        return None  # a person named in full, not "Russia of the Donetsk & Luhansk areas"
    k = name_last + 1
    while k <= sent.last and words[k].start < after:
        k += 1  # past a party tag
    if k <= sent.last and words[k].text == ",":
        k += 1
    if k <= sent.last and words[k].text.lower() == "who":
        # "Aparna Mathur, who studies tax policy and labor issues at the American Enterprise Institute": the body
        # the relative clause places the person at, before its first comma
        stop = next((j for j in range(k, min(sent.last, k + RELATIVE_BODY_WINDOW) + 1) if words[j].text == ","),
                    min(sent.last, k + RELATIVE_BODY_WINDOW))  # fmt: skip
        k = next((j for j in range(k + 2, stop) if words[j].text.lower() in RELATIVE_BODY_LINKS), sent.last + 1)
    if k > sent.last or words[k].text.lower() not in BODY_AFTER_NAME:
        return None
    k += 1
    if k <= sent.last and words[k].text.lower() == "the":
        k += 1
    m = body_run_end(words, k, sent.last)
    run = words[k:m]
    # two words or more, neither a place ("Smith of New York": home_state's) nor a person ("… for Hillary Clinton")
    if len(run) < 2 or all(w.text.lower() in lex.place_names for w in run) or run[0].text.lower() in lex.first_names:
        return None
    return Role(title=None, affiliation=doc.text[run[0].start : run[-1].end])


def _apposition_role(doc: Doc, name_last: int, sent, lex: Lexicons, after: int = 0) -> Role | None:
    """The role in an apposition after a name, which may follow a party tag ("Rep. Jim Clyburn (D-S.C.), the
    assistant leader of …"); its field words may hold a gerund ("senior associate for education organizing at
    …")."""
    right = [w for w in doc.words[name_last + 1 : sent.last + 1] if w.start >= after]
    if len(right) < 2 or right[0].text not in APPOSITION_OPENERS:
        return None
    window = _phrase(right[1 : APPOSITION_WINDOW + 1])
    if not window:
        return None
    return role_in_words(doc, window, lex, others=True) or _member_of(doc, window)


# nouns of an apposition that tie a person to a body without naming an office: "an expert on trade at the
# Peterson Institute", "a longtime member of the Senate Armed Services Committee", "a veteran of the DNC"
MEMBERSHIP_NOUNS = {"expert", "member", "veteran", "specialist", "alumnus", "graduate"}


def _member_of(doc: Doc, window: list[Word]) -> Role | None:
    """The body an apposition with no title ties its person to, by a membership noun ("an expert … at X")."""
    for k, w in enumerate(window[:4]):
        if w.lemma.lower() in MEMBERSHIP_NOUNS and w.upos == "NOUN":
            body = affiliation_after(doc, window, k)
            return Role(title=None, affiliation=body) if body else None
    return None


def _demonym_further_left(words: list[Word], title_start: int, lex: Lexicons) -> str | None:
    # "Ukrainian President" when the tagger calls the adjective PROPN and it ended up outside the run.
    if title_start - 1 >= 0:
        w = words[title_start - 1]
        return lex.demonyms.get(w.text.lower())
    return None
