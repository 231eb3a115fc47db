"""Roles: a speaker's title and affiliation, read off the words around a name or inside a mention.

Patterns, all taken from the token sequence (robust to a parser that gets compounds and appositions wrong):
``[affiliation] TITLE Name`` ("US President Joe Biden", "NATO Secretary General Jens Stoltenberg",
"Russian President Vladimir Putin"), ``The [affiliation] TITLE, Name`` ("The White House spokesperson, Jen
Psaki"), ``Name, [the] [affiliation] TITLE [of X]``, ``X's TITLE`` ("Romania's president"). What the words
around a person's name say (tags, appositions, predicates) is read in name_roles.py with these rules.
"""

from __future__ import annotations

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


# titles that yield to any other in the same words: "the foreign minister of France, a permanent member of the
# Security Council" (the member is France)
WEAK_TITLES = {"member"}


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
    weak = None
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
        if start == end and words[start].lemma.lower() in WEAK_TITLES:
            weak = weak or (start, end)
            continue
        return start, end
    return weak


def title_text(doc: Doc, words: list[Word], start: int, end: int) -> str:
    """The title as written, but for the capital a sentence gives a group's plural common noun ("Officials at
    …" → "officials"); "President Obama" keeps its capital."""
    text = doc.text[words[start].start : words[end].end]
    first = words[start]
    plural_noun = start == end and first.upos == "NOUN" and text.endswith("s") and text[1:].islower()
    if plural_noun and doc.opens_sentence(first):
        return text[:1].lower() + text[1:]
    return text


def singular_title(title: str) -> str | None:
    """One holder's title from a group's plural one ("Sens." → "Sen.", "senators" → "senator"), or None."""
    stop = "." if title.endswith(".") else ""
    core = title.rstrip(".")
    if len(core) < 4 or not core.endswith("s") or core.endswith("ss"):
        return None
    return core[:-1] + stop


def proper_run_start(words: list[Word], k: int) -> int:
    """The first index of the run of proper nouns that ends at ``words[k]``, past an honorific: a body's name
    or an owner's ("Mr. Obama's climate advisers") never starts with one."""
    end = k
    while k - 1 >= 0 and words[k - 1].upos == "PROPN":
        k -= 1
    while k < end and words[k].text.lower() in HONORIFICS:
        k += 1
    return k


def _glued_possessive(w: Word) -> bool:
    """A capitalised word that carries its possessive ending, which the tokenizer did not split off."""
    return len(w.text) > 3 and w.text[:1].isupper() and w.text[-2:] in POSSESSIVES and w.text[-3].isalpha()


def _capitalised_run_start(words: list[Word], k: int) -> int:
    """The first index of the run of proper nouns and capitalised adjectives and nouns that ends at ``words[k]``
    ("Democratic National Committee"), past no filler word ("Former"); "New" opens a place's name."""
    while k - 1 >= 0 and (words[k - 1].text.lower() not in SKIP or words[k - 1].text == "New") and (
        words[k - 1].upos == "PROPN" or (words[k - 1].text[:1].isupper() and (
            words[k - 1].upos in ("ADJ", "NOUN") or name_participle(words[k - 1])))
    ):
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
    # "Obama's former campaign strategist": a possessive before filler words and a field noun
    k = j
    while k > 0 and (words[k].text.lower() in SKIP or (words[k].upos == "NOUN" and words[k].text.islower())):
        k -= 1
    if k < j and words[k].text in POSSESSIVES and k >= 1 and words[k - 1].text[:1].isupper():
        return doc.text[words[proper_run_start(words, k - 1)].start : words[k - 1].end]
    # … with the possessive left on its word by the tokenizer ("Obama's" as one word)
    if _glued_possessive(words[k]):
        return doc.text[words[proper_run_start(words, k)].start : words[k].end - 2]
    # "Romania's president": possessive
    if (
        words[j].text in ("'s", "’s", "'", "’")
        and j - 1 >= 0
        and (words[j - 1].text[:1].isupper() or words[j - 1].lemma.lower() in ORGANISATION_NOUNS | lex.organisations)
    ):  # "the administration's", "Romania's"; not "the family's"
        return doc.text[words[proper_run_start(words, j - 1)].start : words[j - 1].end]
    # "the Obama administration official" (with "Obama" tagged ADJ), "Clinton campaign spokesman"
    named_before = j - 1 >= 0 and (words[j - 1].upos == "PROPN" or words[j - 1].text[:1].isupper())
    if words[j].text.lower() in ORGANISATION_NOUNS and named_before:
        # "the Democratic National Committee chairman", with "Democratic National" tagged as adjectives
        return doc.text[words[_capitalised_run_start(words, j - 1)].start : words[j].end]
    # "Clinton communication director Jennifer Palmieri": a field noun between the body and the title
    if named_before and words[j].upos == "NOUN" and words[j].text.islower() and words[j].deprel == "compound":
        j -= 1
    if words[j].text.lower() in lex.demonyms and words[j].upos in ("ADJ", "PROPN", "NOUN"):
        # multi-word demonyms ("North Korean")
        if j - 1 >= 0 and f"{words[j - 1].text} {words[j].text}".lower() in lex.demonyms:
            return lex.demonyms[f"{words[j - 1].text} {words[j].text}".lower()]
        return lex.demonyms[words[j].text.lower()]
    # "PolitiFact Executive Director" with the name tagged ADJ: a capital inside the word marks a name, where a
    # sentence's first word ("Federal prosecutors", "Civil rights activists") is no body
    named_adjective = words[j].upos == "ADJ" and words[j].text[1:] != words[j].text[1:].lower()
    capital = words[j].text[:1].isupper()
    if words[j].upos == "PROPN" or (capital and (words[j].upos in ("NOUN", "X") or named_adjective)):
        k = _capitalised_run_start(words, j)
        if lex.is_title([w.text for w in words[k : j + 1]]):
            return None  # "panel Chairman Rep. Jason Chaffetz": another title, no body
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


def name_participle(w: Word) -> bool:
    """A participle that modifies a name: the encoder tagger reads the uncased "united" of "the United Nations"
    as a verb."""
    return w.upos == "VERB" and w.rel in ("amod", "compound")


def capitalised(w: Word) -> bool:
    """Whether ``w`` may be a word of a body's name: a proper noun, or a capitalised word the tagger called
    something else."""
    return w.upos == "PROPN" or (
        w.text[:1].isupper() and (w.upos in ("NOUN", "ADJ", "X", "NUM") or name_participle(w))
    )


def _joined(words: list[Word], k: int, m: int) -> bool:
    """ "EB-5 Investment Coalition": a hyphen inside a body's name, and what it joins, written without spaces."""
    if m <= k:
        return False
    w, prev = words[m], words[m - 1]
    if w.text in ("-", "‐"):
        return m + 1 < len(words) and w.start == prev.end and words[m + 1].start == w.end
    return prev.text in ("-", "‐") and w.start == prev.end


def _past_modifiers(words: list[Word], k: int) -> int:
    """The first word after the lower-case modifiers and "-based" that open a body's name: "the libertarian Cato
    Institute", "the centrist Tax Policy Center" (the tagger may call "centrist" a noun), "the Miami-based
    Florida Democratic Black Caucus" (written as one word, or cut into "Miami-" and "based" or UD's "Miami",
    "-", "based")."""
    while k + 1 < len(words):
        w = words[k]
        if w.text.lower().endswith("-based") and w.upos in ("ADJ", "PROPN", "VERB"):
            k += 1
        elif w.text.endswith("-") and words[k + 1].text.lower() == "based" and words[k + 1].start == w.end:
            k += 2
        elif (k + 2 < len(words) and words[k + 1].text in ("-", "‐") and words[k + 2].text.lower() == "based"
              and words[k + 1].start == w.end and words[k + 2].start == words[k + 1].end):
            k += 3  # UD's tokens: "Miami", "-", "based"
        elif w.text.islower() and w.upos in ("ADJ", "NOUN") and capitalised(words[k + 1]):
            k += 1
        else:
            break
    return k


def body_run_end(words: list[Word], k: int, limit: int | None = None, slash: bool = False) -> int:
    """The end (exclusive) of the body's name that starts at ``words[k]``: capitalised words, a hyphen written
    inside the name ("EB-5"), lower-case connectors between capitalised words ("Center for American
    Progress"), and with ``slash`` a "/" between publishers ("USC Dornsife/Los Angeles Times"); ``limit`` is
    the last index the run may reach (the sentence's last word)."""
    last = len(words) - 1 if limit is None else min(limit, len(words) - 1)
    m = k
    while m <= last and (capitalised(words[m]) or _joined(words, k, m) or (slash and m > k and words[m].text == "/")
                         or (m > k and words[m].text.lower() in NAME_CONNECTORS and m + 1 <= last
                             and capitalised(words[m + 1]))):  # fmt: skip
        m += 1
    return m


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
            k = _past_modifiers(words, k)
            m = body_run_end(words, k)
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
    role = _role_of_title(doc, words, *found, lex)
    # "a former Democratic National Committee chairman and presidential candidate": the last of two titles
    # joined by "and" names no body, the first does
    start = found[0]
    if role.affiliation is None and start >= 2 and words[start - 1].text.lower() == "and":
        earlier = find_title(words[: start - 1], lex, names, others, foreign)
        if earlier is not None:
            first = _role_of_title(doc, words, *earlier, lex)
            if first.affiliation:
                return first
    return role


def _role_of_title(doc: Doc, words: list[Word], start: int, end: int, lex: Lexicons) -> Role:
    start, chamber = chamber_split(words, start, end)
    title = title_text(doc, words, start, end)
    after = _untitled(affiliation_after(doc, words, end), lex)
    before = affiliation_before(doc, words, start, lex)
    if after and before and _topic_before(words, start, lex):
        before = None  # "a Korea scholar at the Center for Strategic …", "House editor for the Cook Political Report"
    if after and before in PARTY_BODY.values():
        before = None  # "the Republican attorney general of Oklahoma": the party is no body the title serves
    affiliation = chamber or before or after or government_level(words, start)
    return Role(title=title, affiliation=affiliation)


# "federal prosecutors", "state regulators", "administration officials": the level of government a
# lower-case word before a title names, as the identity brief writes it
GOVERNMENT_LEVELS = {"federal": "federal government", "state": "state", "administration": "administration",
                     "city": "city", "county": "county", "police": "police"}  # fmt: skip


LEVEL_FILLER = {"top", "senior", "local", "former"}


def government_level(words: list[Word], start: int) -> str | None:
    """The level of government a lower-case word before the title at ``start`` names ("federal prosecutors"),
    with its place for a local one ("Tulsa, Okla., police officer" → "Tulsa police")."""
    k = start - 1
    while k >= 0 and words[k].text.lower() in LEVEL_FILLER:
        k -= 1
    if k < 0:
        return None
    word = words[k].text
    # "Federal investigators" may open a sentence; "State Department officials" is a body's name
    if word[:1].isupper() and word.lower() != "federal":
        return None
    level = GOVERNMENT_LEVELS.get(word.lower())
    place = _place_before(words, k) if level in LOCAL_LEVELS else None
    return f"{place} {level}" if place else level


# levels of government a place before them names in full: "Tulsa police", "Cook County", "Chicago city"
LOCAL_LEVELS = {"police", "city", "county"}


def _place_before(words: list[Word], k: int) -> str | None:
    """The place right before ``words[k]``, past a state written after it: "Tulsa, Okla., police" → Tulsa."""
    j = k - 1
    if j >= 3 and words[j].text == ",":
        # ", Okla.," (the tokenizer may write the state's stop as a word of its own)
        m = j - 1 - (words[j - 1].text == ".")
        if m >= 1 and words[m].upos == "PROPN" and words[m - 1].text == ",":
            j = m - 2
    if j < 0 or words[j].upos != "PROPN":
        return None
    return " ".join(w.text for w in words[proper_run_start(words, j) : j + 1])


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


def chamber_split(words: list[Word], start: int, end: int) -> tuple[int, str | None]:
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


# words before a poll's or a report's noun that describe it, capitalised or not: never whose it is
UNPUBLISHED = {"new", "latest", "recent", "national", "final", "first", "second", "third", "last", "annual", "weekly",
               "daily", "monthly", "online", "independent", "internal", "joint", "exit"}  # fmt: skip


def publisher(doc: Doc, words: list[Word], head: Word) -> str | None:
    """Whose a poll, a report or a memo is: "POLITICO's Battleground States average", "a Bloomberg poll", "a new
    Washington Post-ABC News national poll", "a new report by Politico"."""
    before = [w for w in words if w.i < head.i]
    owners = [k for k, w in enumerate(before) if w.text in POSSESSIVES and k > 0 and capitalised(before[k - 1])]
    if owners:
        k = owners[0] - 1
        first = k
        while first - 1 >= 0 and capitalised(before[first - 1]):
            first -= 1
        return doc.text[before[first].start : before[k].end]
    k = len(before) - 1
    while k >= 0 and before[k].text.islower() and (before[k].upos in ("ADJ", "NOUN") or name_participle(before[k])):
        k -= 1  # "national", "opinion", "tracking" (a noun, or a participle as the encoder tagger may read it)
    # "New Poll Shows …" in a title-case headline: a describing word capitalised is no publisher
    while k >= 0 and before[k].text.lower() in UNPUBLISHED:
        k -= 1
    end = k
    while k >= 0 and (capitalised(before[k]) or (before[k].text in ("-", "/", "&") and k > 0)):
        k -= 1
    if end > k and capitalised(before[k + 1]):
        return doc.text[before[k + 1].start : before[end].end]
    after = [w for w in words if w.i > head.i]
    for j, w in enumerate(after):
        if w.text.lower() in PUBLISHER_PREPOSITIONS:
            m = j + 1 + (j + 1 < len(after) and after[j + 1].text.lower() == "the")
            n = body_run_end(after, m, slash=True)
            if n > m:
                return doc.text[after[m].start : after[n - 1].end]
    return None
