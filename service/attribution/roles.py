"""Roles: a speaker's title and affiliation, read off the words around a name or inside a mention.

Patterns, all taken from the token sequence (robust to a parser that gets compounds and appositions wrong):
``[affiliation] TITLE Name`` ("US President Joe Biden", "NATO Secretary General Jens Stoltenberg",
"Russian President Vladimir Putin"), ``The [affiliation] TITLE, Name`` ("The White House spokesperson, Jen
Psaki"), ``Name, [the] [affiliation] TITLE [of X]``, ``X's TITLE`` ("Romania's president").
"""

from __future__ import annotations

import re
from collections.abc import Collection

from .document import Doc, Word
from .lexicons import Lexicons
from .records import Role
from .salience import PARTIES

# the body a party word before a title names, by the party letter of salience.PARTIES
PARTY_BODY = {"r": "Republican Party", "d": "Democratic Party", "l": "Libertarian Party"}
PARTY_BODIES = {word: PARTY_BODY[letter] for word, letter in PARTIES.items() if letter in PARTY_BODY}
SKIP = {"the", "a", "an", "former", "then", "acting", "interim", "current", "new", "deputy", "senior"}
# how far left of a title a party word may sit: "Republican vice - presidential nominee"
PARTY_REACH = 5
CHAMBERS = {"senate", "house"}
POSSESSIVES = ("'s", "’s")
ADJECTIVE_TITLES = {"fellow"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "lady"}


def match_title(words: list[Word], end: int, lex: Lexicons) -> int | None:
    """Start index of the longest title ending at ``words[end]`` (inclusive), or None.

    The last word may match by its lemma, so plural roles count ("officials", "senators", "lawmakers").
    """
    last = words[end]
    text = last.text.lower()
    # only titles that end in this word, its lemma or its -s/-es singular can match (the plural rule below)
    keys = {text, last.lemma.lower(), text.removesuffix("s"), text.removesuffix("es")}
    candidates = sorted({t for k in keys for t in lex.titles_by_last.get(k, ())}, key=len, reverse=True)
    for title in candidates:
        n = len(title)
        start = end - n + 1
        if start < 0:
            continue
        seq = tuple(w.text.lower() for w in words[start : end + 1])
        if seq == title or (seq[:-1] == title[:-1] and _plural_of(words[end], title[-1])):
            # "a senior official", "executive order": a title word used as an adjective before its noun is
            # no title; "the chief executive of Ora Media" (tagged ADJ) is one
            if words[end].upos == "ADJ" and not words[end].text[:1].isupper() and _modifies_next(words, end):
                continue
            # "fellow physicians", "fellow Republicans": a title that is also a plain adjective before a noun
            if n == 1 and seq[0] in ADJECTIVE_TITLES and _modifies_next(words, end):
                continue
            return start
    return None


def _plural_of(w: Word, singular: str) -> bool:
    """Whether ``w`` is ``singular`` by its lemma or as a plural in -s/-es (the lemmatizer reads "aides" as
    "aid")."""
    text = w.text.lower()
    return w.lemma.lower() == singular or text in (singular + "s", singular + "es")


def _modifies_next(words: list[Word], k: int) -> bool:
    return k + 1 < len(words) and words[k + 1].upos in ("NOUN", "PROPN", "ADJ")


def _inside_body_name(words: list[Word], start: int) -> bool:
    """Whether a capitalised title at ``words[start:]`` is part of a body's name after an affiliation
    preposition: "Justice" in "the executive director at the Center of Media *Justice*"."""
    k = start - 1
    while k >= 0 and (words[k].text[:1].isupper() or words[k].text.lower() in NAME_CONNECTORS):
        if words[k].text.lower() in AFFILIATION_PREPOSITIONS:
            return True
        k -= 1
    return k >= 0 and k < start - 1 and words[k].text.lower() in AFFILIATION_PREPOSITIONS


def find_title(
    words: list[Word],
    lex: Lexicons,
    names: Collection[int] = (),
    others: bool = False,
    foreign: Collection[int] = (),
) -> tuple[int, int] | None:
    """The last (rightmost, longest) title inside a word list, as (start, end) inclusive.

    A title whose words all belong to a name (global indices in ``names``) is none: "King" in "Larry King".
    With ``others`` (an apposition about someone named before it), a title right before a proper noun is that
    other person's: "a chief of staff to *President* Bill Clinton"; so is one right before a word of
    ``foreign`` (the names of people other than the speaker).
    """
    for end in range(len(words) - 1, -1, -1):
        start = match_title(words, end, lex)
        if start is None or all(w.i in names for w in words[start : end + 1]):
            continue
        if words[start].text[:1].isupper() and _inside_body_name(words, start):
            continue
        if end + 1 < len(words) and ((others and words[end + 1].upos == "PROPN") or words[end + 1].i in foreign):
            continue
        if end + 1 < len(words) and words[end + 1].text in POSSESSIVES:
            continue  # "the Republican presidential nominee's eldest daughter": the title is the father's
        return start, end
    return None


def title_text(doc: Doc, words: list[Word], start: int, end: int) -> str:
    return doc.text[words[start].start : words[end].end]


def _proper_run_start(words: list[Word], k: int) -> int:
    """The first index of the run of proper nouns that ends at ``words[k]``."""
    while k - 1 >= 0 and words[k - 1].upos == "PROPN":
        k -= 1
    return k


def affiliation_before(doc: Doc, words: list[Word], title_start: int, lex: Lexicons) -> str | None:
    """The body a title belongs to, from the words just before it: a proper name, a demonym, X's."""
    j = title_start - 1
    if j < 0:
        return None
    # "the Republican vice-presidential nominee", "GOP nominee": the party is the body the title belongs to,
    # unless a chamber comes first ("Senate Republican leader": the Senate)
    for k in range(j, max(j - PARTY_REACH, -1), -1):
        low = words[k].text.lower()
        if low in PARTY_BODIES:
            if k - 1 >= 0 and words[k - 1].text.lower() in CHAMBERS:
                return words[k - 1].text
            return PARTY_BODIES[low]
        hyphen = low in ("-", "‐")
        if not hyphen and (not words[k].text.islower() or words[k].upos in ("DET", "ADP", "VERB", "AUX", "PUNCT")):
            break
    # "Romania's president": possessive
    if (
        words[j].text in ("'s", "’s", "'", "’")
        and j - 1 >= 0
        and (words[j - 1].text[:1].isupper() or words[j - 1].lemma.lower() in ORGANISATION_NOUNS | lex.organisations)
    ):  # "the administration's", "Romania's"; not "the family's"
        return doc.text[words[_proper_run_start(words, j - 1)].start : words[j - 1].end]
    # "the Obama administration official" (with "Obama" tagged ADJ), "Clinton campaign spokesman"
    named_before = j - 1 >= 0 and (words[j - 1].upos == "PROPN" or words[j - 1].text[:1].isupper())
    if words[j].text.lower() in ORGANISATION_NOUNS and named_before:
        return doc.text[words[_proper_run_start(words, j - 1)].start : words[j].end]
    # "Clinton communication director Jennifer Palmieri": a field noun between the body and the title
    if named_before and words[j].upos == "NOUN" and words[j].text.islower() and words[j].deprel == "compound":
        j -= 1
    if words[j].text.lower() in lex.demonyms and words[j].upos in ("ADJ", "PROPN", "NOUN"):
        # multi-word demonyms ("North Korean")
        if j - 1 >= 0 and f"{words[j - 1].text} {words[j].text}".lower() in lex.demonyms:
            return lex.demonyms[f"{words[j - 1].text} {words[j].text}".lower()]
        return lex.demonyms[words[j].text.lower()]
    if words[j].upos == "PROPN" or (words[j].text[:1].isupper() and words[j].upos in ("NOUN", "X")):
        k = j
        while (
            k - 1 >= 0
            and words[k - 1].text.lower() not in SKIP
            and (
                words[k - 1].upos == "PROPN"
                or (words[k - 1].text[:1].isupper() and words[k - 1].upos in ("ADJ", "NOUN"))
            )
        ):
            k -= 1
        text = doc.text[words[k].start : words[j].end]
        return lex.demonyms.get(text.lower(), text)
    return None


# words of an apposition read for a role: ", executive vice president for policy for the Center for …"
APPOSITION_WINDOW = 14
# "director of the Tax Foundation", "professor at Seton Hall University", "fellow with the Cato Institute"
# "adviser to the Clinton campaign", "chief of staff to President Bill Clinton": "to" names whom one serves
AFFILIATION_PREPOSITIONS = {"of", "at", "for", "with", "on", "to"}
PANELS = {"committee", "subcommittee", "panel", "board", "council", "commission", "caucus"}
# lower-case words that may sit inside an organisation's name between capitalised words
NAME_CONNECTORS = {"of", "for", "and", "&", "on", "the"}
# "Clinton campaign spokesman", "Obama administration official": a name and one of these before a title
ORGANISATION_NOUNS = {"campaign", "administration", "committee", "team", "party", "government", "caucus"}


def _capitalised(w: Word) -> bool:
    return w.upos == "PROPN" or (w.text[:1].isupper() and w.upos in ("NOUN", "ADJ", "X", "NUM"))


def affiliation_after(doc: Doc, words: list[Word], title_end: int) -> str | None:
    """``TITLE [field words] of/at/for/with [the] X`` → X, a run of capitalised words that may hold "of",
    "for", "and" ("Center for American Progress", "United Mine Workers of America"); the field words may come
    first ("professor of geosciences and international affairs at Princeton University", "executive vice
    president for policy for the Center for American Progress")."""
    j = title_end + 1
    # field words may hold a gerund ("senior associate for education organizing at the Annenberg Institute")
    while j < len(words) and words[j].text not in (",", ";", "(", "—", "--") and (
        words[j].upos not in ("VERB", "AUX") or words[j].xpos == "VBG"
    ):
        if words[j].text.lower() in AFFILIATION_PREPOSITIONS:
            k = j + 1
            if k < len(words) and words[k].text.lower() == "the":
                k += 1
            # "the libertarian Cato Institute", "the centrist Urban-Brookings Tax Policy Center"
            while k + 1 < len(words) and words[k].upos == "ADJ" and words[k].text.islower():
                k += 1
            m = k
            while m < len(words) and (_capitalised(words[m]) or (
                m > k and words[m].text.lower() in NAME_CONNECTORS and m + 1 < len(words)
                and _capitalised(words[m + 1])
            )):  # fmt: skip
                m += 1
            # "the Clinton campaign", "the Obama administration": a name and the body it heads
            if k < m < len(words) and words[m].text.lower() in ORGANISATION_NOUNS:
                m += 1
            # "on" names a body only when the body is a panel: "the top Democrat on the Oversight Committee",
            # not "an analyst on Monday"
            if m > k and (words[j].text.lower() != "on" or words[m - 1].text.lower() in PANELS):
                return doc.text[words[k].start : words[m - 1].end]
        j += 1
    return None


def role_in_words(
    doc: Doc,
    words: list[Word],
    lex: Lexicons,
    names: Collection[int] = (),
    others: bool = False,
    foreign: Collection[int] = (),
) -> Role | None:
    """A role from a word list that holds a title (a speaker mention or the words before a name); ``others``
    and ``foreign`` as in :func:`find_title`."""
    found = find_title(words, lex, names, others, foreign)
    if found is None:
        return None
    start, end = found
    start, chamber = _chamber_split(words, start, end)
    title = title_text(doc, words, start, end)
    after = _untitled(affiliation_after(doc, words, end), lex)
    before = affiliation_before(doc, words, start, lex)
    if after and before and _topic_before(words, start, lex):
        before = None  # "a Korea scholar at the Center for Strategic …", "House editor for the Cook Political Report"
    affiliation = chamber or before or after or _government_level(words, start)
    return Role(title=title, affiliation=affiliation)


# "federal prosecutors", "state regulators", "administration officials": the level of government a
# lower-case word before a title names, as the identity brief writes it
GOVERNMENT_LEVELS = {"federal": "federal government", "state": "state", "administration": "administration",
                     "city": "city", "county": "county", "police": "police"}  # fmt: skip


LEVEL_FILLER = {"top", "senior", "local", "former"}


def _government_level(words: list[Word], start: int) -> str | None:
    k = start - 1
    while k >= 0 and words[k].text.lower() in LEVEL_FILLER:
        k -= 1
    if k < 0:
        return None
    word = words[k].text
    # "Federal investigators" may open a sentence; "State Department officials" is a body's name
    if word[:1].isupper() and word.lower() != "federal":
        return None
    return GOVERNMENT_LEVELS.get(word.lower())


def _topic_before(words: list[Word], start: int, lex: Lexicons) -> bool:
    """Whether the name right before a title is its field rather than its body: a plain proper noun ("Korea",
    "Asia", "House"), not a demonym, a party, a possessive or "the Clinton campaign"; a body named after the
    title ("at …", "for …") then wins."""
    if start < 1:
        return False
    low = words[start - 1].text.lower()
    return not (low in lex.demonyms or low in PARTY_BODIES or low in POSSESSIVES or low in ORGANISATION_NOUNS)


def _untitled(body: str | None, lex: Lexicons) -> str | None:
    """A person served, without their title: "President Bill Clinton" → "Bill Clinton", "Mr. Obama" → "Obama"."""
    parts = body.split() if body else []
    k = 0
    while k < len(parts) - 1 and (parts[k].lower() in HONORIFICS or lex.is_title([parts[k]])):
        k += 1
    return " ".join(parts[k:]) if k else body


def _chamber_split(words: list[Word], start: int, end: int) -> tuple[int, str | None]:
    """"Senate Minority Leader", "House Speaker": a title that starts with its chamber is the rest of it, and
    the chamber is the body."""
    if end > start and words[start].text.lower() in CHAMBERS and words[start].text[:1].isupper():
        return start + 1, words[start].text
    return start, None


def affiliation_only(doc: Doc, words: list[Word], lex: Lexicons) -> str | None:
    """For groups and bodies with no title ("Ukrainian officials", "The Ukrainian army"): a demonym."""
    for w in words:
        if w.text.lower() in lex.demonyms and w.upos in ("ADJ", "PROPN"):
            return lex.demonyms[w.text.lower()]
    return None


# "a report by Politico", "a study that appeared in the British Medical Journal", "an ad from …"
PUBLISHER_PREPOSITIONS = {"by", "from", "in"}


def publisher(doc: Doc, words: list[Word], head: Word) -> str | None:
    """Whose a poll, a report or a memo is: "POLITICO's Battleground States average", "a Bloomberg poll", "a new
    Washington Post-ABC News national poll", "a new report by Politico"."""
    before = [w for w in words if w.i < head.i]
    owners = [k for k, w in enumerate(before) if w.text in POSSESSIVES and k > 0 and _capitalised(before[k - 1])]
    if owners:
        k = owners[0] - 1
        first = k
        while first - 1 >= 0 and _capitalised(before[first - 1]):
            first -= 1
        return doc.text[before[first].start : before[k].end]
    k = len(before) - 1
    while k >= 0 and before[k].text.islower() and before[k].upos in ("ADJ", "NOUN"):
        k -= 1  # "national", "opinion", "tracking"
    end = k
    while k >= 0 and (_capitalised(before[k]) or (before[k].text in ("-", "/", "&") and k > 0)):
        k -= 1
    if end > k and _capitalised(before[k + 1]):
        return doc.text[before[k + 1].start : before[end].end]
    after = [w for w in words if w.i > head.i]
    for j, w in enumerate(after):
        if w.text.lower() in PUBLISHER_PREPOSITIONS:
            m = j + 1 + (j + 1 < len(after) and after[j + 1].text.lower() == "the")
            n = m
            while n < len(after) and (_capitalised(after[n]) or after[n].text in ("-", "/")):
                n += 1
            if n > m:
                return doc.text[after[m].start : after[n - 1].end]
    return None


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
            start, chamber = _chamber_split(left, start, end)
            # with no body here, a party tag's state serves as one (role_for_name)
            return Role(
                title=title_text(doc, left, start, end),
                affiliation=chamber or affiliation_before(doc, left, start, lex)
                or _demonym_further_left(left, start, lex),
            )
    # "NBC's Lester Holt", "CNN's Jake Tapper": the body a person speaks for, with no title
    before = doc.words[name_first - 1] if name_first - 1 >= sent.first else None
    if before is not None and before.text in POSSESSIVES and name_first - 2 >= sent.first:
        owner = doc.words[name_first - 2]
        if owner.upos == "PROPN" or owner.text.isupper():
            first = _proper_run_start(doc.words, owner.i)
            return Role(title=None, affiliation=doc.text[doc.words[max(first, sent.first)].start : owner.end])
    return (
        _apposition_role(doc, name_last, sent, lex, after)
        or _predicate_role(doc, name_first, name_last, sent, lex)
        or _body_after_name(doc, name_first, name_last, sent, lex, after)
    )


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
    window = []
    for w in words[start : min(start + APPOSITION_WINDOW, sent.last + 1)]:
        if w.text in (",", ".", ";", ":") or (w.upos in ("VERB", "AUX") and w.xpos != "VBG"):
            break
        window.append(w)
    return role_in_words(doc, window, lex, others=True) if window else None


# "Dan McLaughlin at the National Review", "Cameron Easley for Morning Consult", "the Rev. Peter Wherry, of
# Mayfield Memorial Missionary Baptist Church": a body right after a name, with no title
BODY_AFTER_NAME = {"at", "for", "of", "with"}


def _body_after_name(doc: Doc, name_first: int, name_last: int, sent, lex: Lexicons, after: int = 0) -> Role | None:
    words = doc.words
    if name_last == name_first or all(w.text.lower() in lex.place_names for w in words[name_first : name_last + 1]):
        return None  # a person named in full, not "Russia of the Donetsk & Luhansk areas"
    k = name_last + 1
    while k <= sent.last and words[k].start < after:
        k += 1  # past a party tag
    if k <= sent.last and words[k].text == ",":
        k += 1
    if k > sent.last or words[k].text.lower() not in BODY_AFTER_NAME:
        return None
    k += 1
    if k <= sent.last and words[k].text.lower() == "the":
        k += 1
    m = k
    while m <= sent.last and (_capitalised(words[m]) or (
        m > k and words[m].text.lower() in NAME_CONNECTORS and m + 1 <= sent.last and _capitalised(words[m + 1])
    )):  # fmt: skip
        m += 1
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
    if len(right) < 2 or right[0].text != ",":
        return None
    window = []
    for w in right[1 : APPOSITION_WINDOW + 1]:
        if w.text in (",", ".", ";", ":") or (w.upos in ("VERB", "AUX") and w.xpos != "VBG"):
            break
        window.append(w)
    return role_in_words(doc, window, lex, others=True) if window else None


def _demonym_further_left(words: list[Word], title_start: int, lex: Lexicons) -> str | None:
    # "Ukrainian President" when the tagger calls the adjective PROPN and it ended up outside the run.
    if title_start - 1 >= 0:
        w = words[title_start - 1]
        return lex.demonyms.get(w.text.lower())
    return None
