"""Names in the article: runs of proper nouns, with titles, honorifics and party labels split off.

A run may cross a hyphen ("Holtz-Eakin") and an abbreviation's period that the tokenizer split ("Indiana Gov. Mike
Pence"). Each run gets its role from the words around it (roles.py) and a kind guessed from the name alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .document import Doc, Word
from .lexicons import Lexicons
from .name_roles import party_letter, role_for_name
from .records import Role
from .roles import HONORIFICS, find_title, name_participle, singular_title
from .salience import PARTIES

# Party labels before a name ("Libertarian Gary Johnson", "Republican Donald Trump") are not part of it.
PARTY_LABELS = frozenset(PARTIES)
# honorifics written with a period, which the tokenizer may split off or take for a sentence end ("Mr" ".")
HONORIFIC_ABBREVIATIONS = frozenset(h[:-1] for h in HONORIFICS if h.endswith("."))
# "Many Democrats": a quantifier is no part of a name
QUANTIFIERS = {"many", "some", "several", "few", "most", "all", "both", "numerous"}
# the last word of a body's name that an of/for/on phrase may continue ("Bureau of Prisons"); titles are not
# among them, so "Secretary of State John Kerry" still splits
ORGANISATION_HEADS = {"center", "centre", "bureau", "commission", "committee", "subcommittee", "department",
                      "institute", "office", "university", "association", "council", "coalition", "alliance",
                      "foundation", "federation", "union", "league", "board", "society", "school", "college", "court",
                      "conference", "agency", "service", "bank", "ministry", "academy", "organization", "organisation",
                      "fund", "party", "corporation", "authority", "administration", "network", "endowment", "forum",
                      "appeals"}  # fmt: skip
ORGANISATION_LINKS = {"of", "for", "on"}
# the fewest capitalised words after "to" that make a body's aim part of its name ("to Protect Journalists")
MISSION_WORDS = 2
# the most words between two names that share a plural title ("Sens. A (D-Mont.) and B": a party tag and "and")
SHARED_TITLE_GAP = 8
PARTY_WORDS = {"r": "republican", "d": "democratic", "i": "independent"}


@dataclass
class NameMention:
    """A run of proper nouns, with any title in front split off."""

    first: int  # global word index of the name's first word
    last: int
    text: str
    role: Role | None
    kind_hint: str | None
    party: str | None = None  # "republican", from a label before the name or a tag after it


def is_acronym(text: str) -> bool:
    """ "IMF", "S.E.C.": two or more letters, all capitals."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# lower-case words an acronym skips ("Securities and Exchange Commission" → SEC)
ACRONYM_SKIPS = {"and", "of", "for", "the", "to", "on", "in", "&"}


def acronym_initials(name: str) -> str:
    """The initials an acronym of this name would have ("Securities and Exchange Commission" → "SEC")."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in ACRONYM_SKIPS]
    return "".join(w[0].upper() for w in words if w[:1].isalpha()) if len(words) >= 2 else ""


def name_runs(doc: Doc, lex: Lexicons) -> list[NameMention]:
    """Every run of proper nouns in the article, with leading titles and honorifics split off."""
    out: list[NameMention] = []
    words = doc.words
    first = doc.sentences[0] if doc.sentences else None
    # the body of an article whose headline is in title case, where a name is written as it is
    body = None
    if first is not None and len(doc.sentences) > 1 and title_case(words[first.first : first.last + 1]):
        body = doc.text[first.end :]
    i = 0
    while i < len(words):
        if not _wordlike(words[i]) or (
            words[i].upos != "PROPN" and not _capitalised_bridge(words, i) and not _first_name_start(words, i, lex)
            and not _advocacy_start(words, i, lex)
        ):
            i += 1  # a dash or a symbol the tagger calls a proper noun ("” ― Maria Lopez") starts no name
            continue
        j = i
        while j + 1 < len(words) and words[j + 1].sent == words[i].sent:
            proper = words[j + 1].upos == "PROPN" and _wordlike(words[j + 1])
            if proper or _capitalised_bridge(words, j + 1) or _split_token(words, j):
                j += 1
            elif _nickname_joins(words, j):
                j += 4  # 'Marcia "Cia" Price', 'Robert C. “Bobby” Scott'
            elif _hyphen_joins(words, j) or _abbreviation_joins(words, j, lex):
                j += 2  # "Holtz-Eakin", "Crouse-Mays"; "Indiana Gov. Mike Pence" with "Gov" and "." apart
            elif (gap := _organisation_joins(words, j, lex)) is not None:
                j += gap  # "Federal Bureau of Prisons", "Committee for a Responsible Federal Budget"
            elif (gap := _mission_joins(words, j)) is not None:
                j += gap  # "Alliance to Reclaim Our Schools", "Committee to Protect Journalists"
            elif _organisation_head_after(words, j):
                j += 1  # "Internal Revenue Service" with "Service" tagged as a common noun
            elif (gap := _conjoined_body(words, j)) is not None:
                j += gap  # "Securities and Exchange Commission"
            elif _surname_tail(words, i, j + 1, lex):
                j += 1  # "Mike Pence" with "Pence" tagged as a common noun
            elif words[j + 1].text.lower() in NAME_SUFFIXES and j > i:
                j += 1  # "Vann R. Newkirk II" with "II" tagged as a number
            else:
                break
        # "White House": a capitalised adjective inside a name (demonyms stay out: they are affiliations, but a
        # party word opens a body's name: "Democratic National Committee")
        body_name = _ends_a_body(words[j], lex)
        while (
            i - 1 >= 0
            and words[i - 1].upos == "ADJ"
            and words[i - 1].text[:1].isupper()
            and words[i - 1].sent == words[i].sent
            and not doc.opens_sentence(words[i - 1])
            and (
                words[i - 1].text.lower() not in lex.demonyms
                or (body_name and words[i - 1].text.lower() in PARTY_LABELS)
            )
        ):
            i -= 1
        run = words[i : j + 1]
        if len(run) > 1 and run[0].text.lower() in SENTENCE_OPENERS and doc.opens_sentence(run[0]):
            run = run[1:]  # "Meanwhile Trump continues …": a capitalised opener the tagger joined to the name
        for part in _headline_parts(run, body, lex):
            out.extend(_split_run(doc, part, lex))
        i = j + 1
    _share_plural_titles(doc, out)
    return out


def _share_plural_titles(doc: Doc, names: list[NameMention]) -> None:
    """The name after "and" under a plural title holds it in the singular: "Sens. Jon Tester (D-Mont.) and
    *David Vitter* (R-La.)" → Sen. David Vitter."""
    for a, b in _next_unbracketed(doc, names):
        title = a.role.title if a.role else None
        single = singular_title(title) if title else None
        if single is None or (b.role is not None and b.role.title):
            continue
        between = doc.words[a.last + 1 : b.first]
        if not any(w.text == "and" for w in between) or len(between) > SHARED_TITLE_GAP:
            continue
        if all(w.text == "and" or w.upos == "PUNCT" or w.text[:1].isupper() for w in between):
            b.role = Role(title=single, affiliation=b.role.affiliation if b.role else None)


def _next_unbracketed(doc: Doc, names: list[NameMention]) -> Iterator[tuple[NameMention, NameMention]]:
    """Each name with the next one outside its brackets: a party tag's state ("(D-Mont.)") may read as a name."""
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            between = [w.text for w in doc.words[a.last + 1 : b.first]]
            if between.count("(") <= between.count(")"):
                yield a, b
                break


# what a title-case caption or headline puts after a titled person's name
CAPTION_NOUNS = {"speech", "remarks", "interview", "statement"}
# and the verbs a title-case headline puts right after a name
HEADLINE_VERBS = {"says", "sees", "seeks", "speaks", "slams", "warns", "urges", "vows", "tells", "asks", "calls",
                  "hammers", "rips", "blasts", "defends", "praises", "accuses", "denies"}


# sentence adverbs a tagger may read as the first word of the name after them
SENTENCE_OPENERS = {"meanwhile", "however", "still", "yet", "now", "then", "instead", "also", "later",
                    "earlier", "today", "yesterday", "thus", "indeed", "moreover", "separately", "similarly",
                    "likewise"}  # fmt: skip


def _headline_parts(run: list[Word], body: str | None, lex: Lexicons) -> list[list[Word]]:
    """ "Chris Christie Calls Hillary Clinton …": a title-case headline capitalises its speech verb, which then
    joins two names into one run. In the headline the run is cut at a speech verb in -s between two names, when
    the article's body never writes that word capitalised."""
    if body is None or run[0].sent != 0:
        return [run]
    for k in range(1, len(run) - 1):
        low = run[k].text.lower()
        verb = low.endswith("s") and (low[:-1] in lex.speech_verbs or low[:-2] in lex.speech_verbs)
        if verb and not re.search(rf"\b{re.escape(run[k].text)}\b", body):
            return [run[:k], *_headline_parts(run[k + 1 :], body, lex)]
    return [run]


NICKNAME_MARKS = {'"', "“", "”", "'", "‘", "’"}


def _nickname_joins(words: list[Word], k: int) -> bool:
    """Whether a nickname in quotation marks, written onto them, stands between ``words[k]`` and the rest of
    the name: ``Marcia "Cia" Price``."""
    if k + 4 >= len(words) or words[k + 4].sent != words[k].sent:
        return False
    o, nick, c, last = words[k + 1 : k + 5]
    return (o.text in NICKNAME_MARKS and c.text in NICKNAME_MARKS and nick.upos == "PROPN" and last.upos == "PROPN"
            and nick.start == o.end and c.start == nick.end and o.start > words[k].end)  # fmt: skip


def _wordlike(w: Word) -> bool:
    """Whether a word holds a letter or a digit: a dash or a symbol the tagger calls a proper noun is no name."""
    return any(c.isalnum() for c in w.text)


def _split_token(words: list[Word], k: int) -> bool:
    """Whether ``words[k + 1]`` is the rest of one written word the tokenizer cut after ``words[k]``: "Donna"
    read as "Don" + "na", the way "gonna" is "gon" + "na"."""
    nxt = words[k + 1]
    return (nxt.start == words[k].end and nxt.text.isalpha() and nxt.text.islower()
            and words[k].text[:1].isupper() and words[k].text.isalpha())  # fmt: skip


# generational suffixes that end a person's name without being its surname ("Joseph R. Biden Jr.")
NAME_SUFFIXES = {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"}


def surname_of(doc: Doc, nm: NameMention) -> str:
    """The surname of a name, lower case: its last word, or the one before a generational suffix ("Biden" in
    "Joseph R. Biden Jr."), so "Mr. Biden" finds him."""
    k = nm.last
    while k > nm.first and doc.words[k].text.lower().rstrip(",") in NAME_SUFFIXES:
        k -= 1
    return doc.words[k].text.lower()


def title_case(words: list[Word]) -> bool:
    """Whether most words of a line are capitalised, as in a headline written in title case."""
    alpha = [w for w in words if w.text[:1].isalpha()]
    return len(alpha) >= 3 and sum(w.text[:1].isupper() for w in alpha) >= 0.7 * len(alpha)


def _organisation_head_after(words: list[Word], k: int) -> bool:
    """Whether a capitalised body word the tagger did not call a proper noun ends the name at ``words[k]``."""
    nxt = words[k + 1] if k + 1 < len(words) else None
    return (nxt is not None and nxt.sent == words[k].sent and nxt.upos != "PROPN" and nxt.text[:1].isupper()
            and nxt.text[1:].islower() and nxt.text.lower() in ORGANISATION_HEADS)  # fmt: skip


def _conjoined_body(words: list[Word], k: int) -> int | None:
    """ "Securities *and* Exchange Commission": how many words to step over when "and" joins two halves of one
    body's name, the second ending in a body word; "Trump and Clinton" stays two names."""
    if k + 2 >= len(words) or words[k + 1].text != "and" or words[k + 2].upos != "PROPN":
        return None
    m = k + 2
    while m + 1 < len(words) and words[m + 1].upos == "PROPN" and words[m + 1].sent == words[k].sent:
        m += 1
    return 2 if words[m].text.lower() in ORGANISATION_HEADS and m > k + 2 else None


def _organisation_joins(words: list[Word], k: int, lex: Lexicons) -> int | None:
    """How many words to step over to go on with a body's name after ``words[k]`` ("Bureau" *of* "Prisons",
    "Commission" *on* "Presidential Debates", "Committee" *for a* "Responsible …"), or None; never onto a day
    or a month ("the Security Council on Friday")."""
    if words[k].text.lower() not in ORGANISATION_HEADS:
        return _advocacy_link(words, k, lex)
    step = 1
    if k + step < len(words) and words[k + step].text.lower() in ORGANISATION_LINKS:
        step += 1
        if k + step < len(words) and words[k + step].text.lower() in ("the", "a"):
            step += 1
        nxt = words[k + step] if k + step < len(words) else None
        # "Commission on Presidential Debates", "Roper Center for Public Opinion Research": the tagger may call
        # the first word after the link an adjective
        named = nxt is not None and (nxt.upos == "PROPN" or (nxt.upos == "ADJ" and nxt.text[:1].isupper()))
        if named and nxt.sent == words[k].sent and nxt.text.lower() not in lex.time_words:
            return step
    return None


def _mission_joins(words: list[Word], k: int) -> int | None:
    """How many words to step over when a body's name goes on with "to" and the capitalised words of its aim
    ("Alliance *to Reclaim Our Schools*"), whatever the tagger calls them; None otherwise."""
    if words[k].text.lower() not in ORGANISATION_HEADS or k + 1 >= len(words) or words[k + 1].text != "to":
        return None
    m = k + 2
    while m < len(words) and words[m].sent == words[k].sent and words[m].text[:1].isupper() and words[m].text.isalpha():
        m += 1
    return m - k - 1 if m - k - 2 >= MISSION_WORDS else None


# "Americans for Prosperity", "Citizens for Tax Justice", "Mothers Against Drunk Driving": a capitalised plural
# of people, "for" or "against", and a name: an advocacy group's name, not the people
ADVOCACY_LINKS = {"for", "against"}


def _advocacy_link(words: list[Word], k: int, lex: Lexicons) -> int | None:
    """The step over "for" / "against" after a capitalised plural of people that names a group, or None."""
    w = words[k]
    if w.text.lower() not in lex.groups or not w.text[:1].isupper() or k + 2 >= len(words):
        return None
    link, nxt = words[k + 1], words[k + 2]
    if link.text.lower() in ADVOCACY_LINKS and nxt.sent == w.sent and nxt.text[:1].isupper() and nxt.upos in (
        "PROPN", "NOUN", "ADJ"
    ):
        return 2
    return None


def _advocacy_start(words: list[Word], k: int, lex: Lexicons) -> bool:
    """Whether ``words[k]`` opens an advocacy group's name though the tagger did not call it a proper noun
    ("Citizens for Tax Justice" at a sentence start)."""
    return words[k].upos == "NOUN" and _advocacy_link(words, k, lex) is not None


# lower-case words after a hyphen that make a name an adjective ("Trump-led", "GOP-run", "Obama-era")
HYPHEN_SUFFIXES = {"led", "run", "era", "age", "ish", "esque", "like", "way", "bid", "tie", "ad", "men"}


def _hyphen_joins(words: list[Word], k: int) -> bool:
    """Whether ``words[k]`` - ``words[k + 2]`` is one hyphenated capitalised name, written without spaces."""
    if k + 2 >= len(words):
        return False
    dash, nxt = words[k + 1], words[k + 2]
    if len(words[k].text) == 1:
        return False  # a party tag ("D-S.C.", "R-Texas"), not a name
    # "Park Geun-hye", "Ban Ki-moon": a short lower-case syllable ends a Korean given name; "Trump-led" does not
    syllable = nxt.text.isalpha() and nxt.text.islower() and len(nxt.text) <= 3 and nxt.text not in HYPHEN_SUFFIXES
    return (dash.text in ("-", "‐") and words[k].end == dash.start and dash.end == nxt.start
            and (nxt.text[:1].isupper() or syllable) and nxt.sent == words[k].sent)  # fmt: skip


def _abbreviation_joins(words: list[Word], k: int, lex: Lexicons) -> bool:
    """Whether ``words[k]`` and a "." after it are an abbreviated title or honorific that the tokenizer split
    ("Gov" "."), with a capitalised name right after."""
    if k + 2 >= len(words) or words[k + 1].text != "." or words[k].end != words[k + 1].start:
        return False
    stem = words[k].text.lower()
    known = stem in lex.title_abbreviations or stem in HONORIFIC_ABBREVIATIONS
    return known and words[k + 2].text[:1].isupper() and words[k + 2].sent == words[k].sent


def _surname_tail(words: list[Word], first: int, k: int, lex: Lexicons) -> bool:
    """Whether ``words[k]``, a capitalised word the tagger did not call a proper noun, ends the name that runs
    from ``words[first]``: it hangs on the run as ``flat`` (the parser's name relation) or follows a known
    first name ("Mike *Pence*", "Tim *Cook*")."""
    w = words[k]
    if not (w.upos in ("NOUN", "X", "ADJ", "VERB") and w.text[:1].isupper() and w.text[1:2].islower()):
        return False
    if lex.is_title([w.text]) or w.text.lower() in lex.demonyms:
        return False
    # "State Jon Husted": the run may have begun with the end of a title, so the first name is the word before
    return (w.deprel == "flat" and first <= w.head < k) or (
        k - 1 >= first and words[k - 1].text.lower() in lex.first_names
    )


def _first_name_start(words: list[Word], k: int, lex: Lexicons) -> bool:
    """A known first name the tagger did not call a proper noun, before a capitalised word: "*Megan* Hester"
    with both tagged as common nouns."""
    w = words[k]
    if w.text.lower() not in lex.first_names or not (w.text[:1].isupper() and w.text[1:2].islower()):
        return False
    nxt = words[k + 1] if k + 1 < len(words) else None
    return (nxt is not None and nxt.sent == w.sent and nxt.text[:1].isupper() and nxt.text[1:2].islower()
            and nxt.upos in ("NOUN", "PROPN", "X", "ADJ") and not lex.is_title([nxt.text]))  # fmt: skip


def _capitalised_bridge(words: list[Word], k: int) -> bool:
    """A capitalised word the tagger did not call a proper noun, inside a name: "President *Volodymyr*
    Zelensky" (a rare first name tagged NOUN), "the *United* Nations" (a participle that modifies the name: the
    encoder tagger reads the uncased "united"). It must be followed by a proper noun in the same sentence."""
    w = words[k]
    return (
        w.text.lower() not in QUANTIFIERS
        and (w.upos in ("NOUN", "ADJ", "X") or name_participle(w))
        and w.text[:1].isupper()
        and w.text[1:2].islower()
        and k + 1 < len(words)
        and words[k + 1].upos == "PROPN"
        and words[k + 1].sent == w.sent
    )


def _ends_a_body(w: Word, lex: Lexicons) -> bool:
    """Whether a name ending at ``w`` is a body's ("… Committee", "… Assembly", "… Office")."""
    low = w.text.lower()
    return low in lex.organisations or low in ORGANISATION_HEADS


def _headline_description(doc: Doc, run: list[Word], lex: Lexicons) -> bool:
    """ "Retired General Reveals …", "…, Former White House Doctor Says": in a title-case headline a run that ends
    in a title, with no name after it, describes someone the story names later (the body's "a former White
    House doctor"). A first name before the title, or the title word as a surname in the body ("Carole King"),
    keeps it a name."""
    if run[0].sent != 0 or len(doc.sentences) < 2:
        return False
    first = doc.sentences[0]
    if not title_case(doc.words[first.first : first.last + 1]):
        return False
    core = run[:-1] if len(run) > 1 and run[-1].text.lower() in HEADLINE_VERBS else run
    if not lex.is_title([core[-1].text]) or any(w.text.lower() in lex.first_names for w in core[:-1]):
        return False
    return not _surname_elsewhere(doc, core[-1:], lex)


# a party's member in the singular, which the tagger may call a proper noun: a person, not a name
PARTY_MEMBERS = {"republican", "democrat", "libertarian"}


def _split_run(doc: Doc, run: list[Word], lex: Lexicons) -> list[NameMention]:
    if _headline_description(doc, run, lex):
        return []
    if len(run) == 1 and run[0].text.lower() in PARTY_MEMBERS:
        return []  # "The Republican is also encouraging …": one of the party's members, no body's name
    # "NATO Secretary General Jens Stoltenberg": the rightmost title with a name after it splits the run.
    title_span = None
    for end in range(len(run) - 2, -1, -1):
        for title in lex.titles:
            n = len(title)
            start = end - n + 1
            seq = tuple(w.text.lower() for w in run[start : end + 1]) if start >= 0 else ()
            # "Senators Charles E. Grassley and …": a plural title splits the run as the singular does
            if seq == title or (seq and seq[:-1] == title[:-1] and seq[-1] == title[-1] + "s"):
                title_span = (start, end)
                break
        if title_span:
            break
    name_words = run
    kind_hint = None
    if title_span and _ends_a_body(run[-1], lex):
        title_span = None  # "the General Assembly", "Surgeon General's Office": a body's name, no title
    if title_span:
        name_words = run[title_span[1] + 1 :]
        kind_hint = "person"
    elif tail := _title_tail(doc, run, lex):
        name_words = run[tail:]  # "Secretary of | State John F. Kerry": the run began inside a title
        kind_hint = "person"
    elif find_title(run, lex) == (0, len(run) - 1) and not _surname_elsewhere(doc, run, lex):
        return []  # only a title ("Secretary General"), not "Dean" after "Howard Dean"
    party = None
    # "Democratic Sen. Claire McCaskill", "Republican Donald Trump": a party word before a person's name is no part
    # of it; "the Democratic National Committee" is a body's name
    body_name = _ends_a_body(name_words[-1], lex)
    while len(name_words) > 2 and name_words[0].text.lower() in PARTY_LABELS and not body_name:
        party = name_words[0].text.lower()
        name_words = name_words[1:]
        kind_hint = "person"
    while name_words and name_words[0].text.lower() in HONORIFICS:
        name_words = name_words[1:]
        kind_hint = "person"
    if described := _descriptor_prefix(name_words, lex):
        name_words = name_words[described:]  # "Rival Hillary Clinton", "former Miss Universe Alicia Machado"
        kind_hint = "person"
    last_low = name_words[-1].text.lower() if name_words else ""
    if len(name_words) > 1 and (last_low in HEADLINE_VERBS or (kind_hint == "person" and last_low in CAPTION_NOUNS)):
        # "Obama Sees 'Personal Insult' …": a title-case verb ends a name; "President Obama Speech at …": so
        # does a caption's noun after a titled one
        name_words = name_words[:-1]
    if not name_words:
        return []
    first, last = name_words[0].i, name_words[-1].i
    # a group's name takes no role from the words around it: "all African-Americans, top black lawmakers
    # said" (the apposition reading of a list)
    role = None if doc.words[last].text.lower() in lex.groups else role_for_name(doc, first, last, lex)
    if role is not None and role.title:
        kind_hint = "person"
    text = doc.text[name_words[0].start : name_words[-1].end]
    # "Republican Donald Trump", "Libertarian presidential candidate Gary Johnson", "Jim Jordan (R-Ohio)"
    sent_first = doc.sentences[doc.words[first].sent].first
    before = [w.text.lower() for w in doc.words[max(sent_first, first - 4) : first]]
    letter = party_letter(doc, name_words[-1].end)
    party = party or next((w for w in reversed(before) if w in PARTIES), None) or PARTY_WORDS.get(letter or "")
    return [NameMention(first, last, text, role, kind_hint, party)]


# how the parser hangs a describing word on the name after it ("Rival Hillary Clinton", "Crooked Hillary Clinton")
DESCRIPTOR_RELS = {"nmod:desc", "amod"}


def _descriptor_prefix(words: list[Word], lex: Lexicons) -> int:
    """How many words before a known first name describe the person rather than name them: a word the parser
    hangs on the name as a descriptor ("*Rival* Hillary Clinton"), or a phrase of its own run into the name
    ("former *Miss Universe* Alicia Machado"). None where the name hangs on them ("Cornell William Brooks")."""
    k = next((k for k in range(1, len(words) - 1) if words[k].text.lower() in lex.first_names
              and words[k].text[:1].isupper()), 0)  # fmt: skip
    if not k or any(w.text.lower() in lex.first_names for w in words[:k]):
        return 0
    prefix, rest = {w.i for w in words[:k]}, {w.i for w in words[k:]}
    if any(w.head in prefix for w in words[k:]):
        return 0
    return k if all(w.head not in rest or w.deprel in DESCRIPTOR_RELS for w in words[:k]) else 0


def _surname_elsewhere(doc: Doc, run: list[Word], lex: Lexicons) -> bool:
    """Whether a one-word run that reads as a title is the surname of someone the article names with a first
    name ("Dean, a former Democratic National Committee chairman" after "Howard Dean")."""
    if len(run) != 1 or not run[0].text.isalpha():
        return False
    for m in re.finditer(rf"\b([A-Z][a-z]+) {re.escape(run[0].text)}\b", doc.text):
        if m.group(1).lower() in lex.first_names:
            return True
    return False


# How far back a title that a run's first words end may begin ("Secretary of State", "Chief of Staff").
TITLE_LOOKBACK = 3


def _title_tail(doc: Doc, run: list[Word], lex: Lexicons) -> int:
    """How many of the run's first words end a title that begins before the run: the run of "Secretary of
    State John F. Kerry" starts at "State", as "of" is no proper noun. At least one name word is left."""
    words, start = doc.words, run[0].i
    for k in range(min(2, len(run) - 1), 0, -1):
        for back in range(1, TITLE_LOOKBACK + 1):
            if start - back < 0 or words[start - back].sent != run[0].sent:
                break
            if lex.is_title([w.text for w in words[start - back : start + k]]):
                return k
    return 0


def name_kind(mention: NameMention, doc: Doc, lex: Lexicons) -> str:
    """person, organisation or group, from a name alone."""
    words = doc.words[mention.first : mention.last + 1]
    last = words[-1].text.lower()
    if mention.kind_hint and not (mention.kind_hint == "person" and last in lex.groups):
        return mention.kind_hint  # a title before "Republicans" ("Fellow Republicans") makes no person of them
    if last in lex.groups or (len(words) == 1 and words[0].xpos == "NNPS" and last not in lex.organisations):
        return "group"  # "Democrats", "House Republicans", "Europeans": several people ("Reuters" is one body)
    before = doc.words[mention.first - 1] if mention.first > 0 else None
    # "The Daily Caller", "according to The Charlotte Observer": a capital "The" inside a sentence opens a title
    titled = words[0].text == "The" or (
        before is not None and before.text == "The" and not doc.opens_sentence(before)
    )
    if last in lex.organisations or mention.text.lower() in lex.state_names or titled:
        # "Walter Energy", "Virginia Conservation Legacy Fund", "West Virginia": a first name opens them, but a
        # body's word or a state's name closes them; "The Daily Caller" is a publication's name
        return "organisation"
    if words[0].text.lower() in lex.first_names:
        # "Josh Earnest", "Jeh Johnson": a known first name before a surname; "Melanie" alone, as features and
        # profiles name their subjects
        return "person"
    if words[-1].text.lower().rstrip(".") in lex.place_words or doc.text[words[-1].end : words[-1].end + 1] == "-":
        return "organisation"  # "Pacific Ocean", "National Mall", "Terrorism Act", "EB-5": not a person
    if any(w.text.lower() in lex.organisations for w in words) or is_acronym(mention.text):
        return "organisation"
    countries = lex.country_names
    if mention.text.lower() in countries:
        return "organisation"
    # "Russia Today", "U.N. Women": a country or an acronym first names a body, not a person
    if len(words) >= 2 and (is_acronym(words[0].text) or words[0].text.lower() in countries):
        return "organisation"
    if len(words) >= 2 and all(w.text[:1].isupper() and w.text.replace(".", "").isalpha() for w in words):
        return "person"
    return "organisation"
