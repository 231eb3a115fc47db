"""Rules that read a whole line: a headline that attributes a claim ("Iohannis: Russia threatens global
peace"), a transcript line ("PENCE: Well, look, …") and a quotation signed on its line (“…” ― Pamela Padilla)."""

from __future__ import annotations

import re
from collections import Counter

from . import lexicons
from .document import Doc, Word
from .marks import Quotation
from .pending import Pending
from .subjects import subject_of

HEADLINE = re.compile(r"^([A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,3}): (\S.{10,}?)\s*$", re.MULTILINE)
# A transcript line: "PENCE: Well, look, …" (a speaker in capitals and a colon, the line his words; a
# multi-paragraph quotation's opening mark may come first)
TRANSCRIPT = re.compile(r"^[ \t]*[\"“]?([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):[ \t]+(\S.*?)\s*$", re.MULTILINE)
# A quotation signed on its own line: “…” ― Pamela Padilla (a dash, then the speaker's name to the line's end)
SIGNATURE = re.compile(r"[^\S\n]*([―—–])[^\S\n]*(?=[A-Z])")
SIGNATURE_MAX_WORDS = 6
# A block quotation: a paragraph that ends on its cue and a colon ("The governor added:"), then the words
# quoted as the next paragraph, with no marks (a list, a link or an embedded post is no quotation)
BLOCK_CUE = re.compile(r"\w[ \t\xa0]*:[ \t\xa0]*\n\s*(?=\S)")
NOT_BLOCK_OPENERS = ("\"", "“", "'", "‘", "<", "—", "–", "-", "•", "*", "http")


def headlines(doc: Doc, cutoff: int, quotes: list[Quotation]) -> list[Pending]:
    """``Iohannis: Russia threatens global peace`` — a headline that attributes a claim to a named person."""
    out = []
    for m in HEADLINE.finditer(doc.text):
        if m.start() >= cutoff:
            break
        line = m.group(0)
        # a headline has no final period, except the title line that some archives end with one, and
        # title-case lines (a list of related headlines)
        final = line.rstrip().endswith((".", "?", "!"))
        if final and m.start() > 0 and not title_case(line):
            continue
        name_words = [w for w in doc.words if m.start(1) <= w.start and w.end <= m.end(1)]
        if not name_words or m.group(1).lower() in lexicons.load().headline_labels:
            continue
        # "Iohannis: …", "NY Daily News: …": a name (or a titled noun), never a verb or a section label
        # (a lone surname at the start of a line is often tagged NOUN: "Rubio: …")
        if not all(w.upos in ("PROPN", "NOUN", "ADJ", "NUM", "PUNCT") for w in name_words) or not any(
            w.upos == "PROPN" or (len(name_words) == 1 and w.text[0].isupper()) for w in name_words
        ):
            continue
        start, end = m.start(2), m.end(2)
        if doc.text[end - 1] in ".!?":
            end -= 1
        inner = [q for q in quotes if start <= q.outer_start and q.outer_end <= m.end(2)]
        typ, quote = ("mixed" if inner else "indirect"), None
        if len(inner) == 1 and not doc.text[start : inner[0].outer_start].strip() and not doc.text[
            inner[0].outer_end : m.end(2)
        ].strip(" .!?"):
            # Kasich: ‘We Are Going To Go All The Way’ — the headline quotes its speaker outright
            typ, quote, start, end = "direct", inner[0], inner[0].start, inner[0].end
        pending = Pending(typ, start, end, None, None, name_words[-1], "headline", quote, name_words)
        pending.covers = inner
        out.append(pending)
    return out


def signature(doc: Doc, q: Quotation) -> tuple[Word, list[Word]] | None:
    """The dash and the name that sign a quotation at the end of its line (“…” ― Pamela Padilla), if any:
    capitalised words to the line's end or a comma, at most SIGNATURE_MAX_WORDS."""
    m = SIGNATURE.match(doc.text, q.outer_end)
    if m is None:
        return None
    dash = doc.word_at(m.start(1))
    line_end = doc.text.find("\n", m.end())
    line_end = len(doc.text) if line_end < 0 else line_end
    name: list[Word] = []
    for k in range(doc.first_word_after(m.end() - 1), len(doc.words)):
        w = doc.words[k]
        if w.start >= line_end or w.text in (",", ";", "(") or len(name) > SIGNATURE_MAX_WORDS:
            break
        name.append(w)
    while name and not name[-1].text[:1].isalnum():
        name.pop()
    if dash is None or not name or len(name) > SIGNATURE_MAX_WORDS or not all(w.text[:1].isupper() for w in name):
        return None
    return dash, name


def transcript_lines(doc: Doc, cutoff: int, quotes: list[Quotation]) -> list[Pending]:
    """``PENCE: Well, look, …`` — the lines of a transcript, each its speaker's words, the colon the cue. A
    name in capitals counts when it opens two lines or more or the article writes it as a name ("Pence");
    a one-off "UPDATE:" is a label."""
    found = [m for m in TRANSCRIPT.finditer(doc.text) if m.start() < cutoff]
    labels = lexicons.load().headline_labels
    lines_by_name = Counter(m.group(1) for m in found)
    # once per name, not per line: is the name written as a name somewhere ("Pence")
    named = {n: re.search(rf"\b{re.escape(n.title())}\b", doc.text) is not None for n in lines_by_name}
    out = []
    for m in found:
        if (lines_by_name[m.group(1)] < 2 and not named[m.group(1)]) or m.group(1).lower() in labels:
            continue
        name_words = [w for w in doc.words if m.start(1) <= w.start and w.end <= m.end(1)]
        colon = doc.word_at(m.end(1))
        start, end = m.start(2), m.end(2)
        while end > start and doc.text[end - 1] in "\"”' \t.!?":
            end -= 1
        if not name_words or colon is None or end - start < 2:
            continue
        # the line's own opening mark and the quotations inside it belong to the line
        inner = [q for q in quotes if m.start() <= q.outer_start and q.outer_end <= m.end(2)]
        inner += [q for q in quotes if m.start() <= q.open_pos < m.start(1)]
        pending = Pending("mixed" if inner else "indirect", start, end, colon, colon.end, name_words[-1],
                          "transcript", None, name_words)  # fmt: skip
        pending.covers = inner
        out.append(pending)
    return out


def block_quotations(doc: Doc, cutoff: int) -> list[Pending]:
    """``Limbaugh added:`` and then the next paragraph, his words set off as a block with no marks."""
    lex = lexicons.load()
    out = []
    for m in BLOCK_CUE.finditer(doc.text, 0, cutoff):
        start = m.end()
        if doc.text.startswith(NOT_BLOCK_OPENERS, start) or doc.text[start : start + 3].rstrip(".)").isdigit():
            continue
        verb = doc.word_at(m.start())
        if verb is None or lexicons.cue_class(verb, lex) != "speech" or verb.xpos in ("VBG", "VBN"):
            continue
        subj = subject_of(doc, verb)
        if subj is None:
            continue
        end = doc.text.find("\n", start)
        end = len(doc.text) if end < 0 else end
        while end > start and doc.text[end - 1].isspace():
            end -= 1
        if len(doc.text[start:end].split()) < 4:
            continue
        out.append(Pending("direct", start, end, verb, verb.end, subj, "block"))
    return out


def title_case(line: str) -> bool:
    """Whether most words of a line are capitalised, as in a headline."""
    words = [w for w in line.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)
