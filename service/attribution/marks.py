"""Quotation marks: find them in raw text and pair them into quotations.

Works on the text alone (no parse), paragraph by paragraph, because news text breaks the textbook rules
often: a quotation may run over several paragraphs with only the first opening, or with every paragraph
opening and only the last closing; a closing mark may be typed as an opening one (``measures “, read``); a
stray opening mark may end a paragraph; apostrophes (it’s, Russia’ moves) look like closing single quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import paragraph_starts

OPENERS = {"“": "double", "„": "double", "«": "guillemet", "‹": "guillemet1", "‘": "single", "‚": "single"}
CLOSERS = {"”": "double", "»": "guillemet", "›": "guillemet1", "’": "single"}
AMBIGUOUS = {'"': "double", "'": "single"}
ALL_MARKS = set(OPENERS) | set(CLOSERS) | set(AMBIGUOUS)
# How many paragraphs an unclosed quotation may run over before we give up on finding its end.
MAX_PARAGRAPHS = 6
CLOSING_FOLLOWERS = set(",.;:!?)]}—–-") | {"\n"}
OPENING_PRECEDERS = set("([{—–-/“\"«")


@dataclass
class Mark:
    """One quotation mark with its role decided: ``open`` or ``close``."""

    pos: int
    char: str
    kind: str  # double, single, guillemet
    role: str  # open, close
    para: int
    width: int = 1  # 2 for the typewriter doubles '' and ``


@dataclass
class Quotation:
    """A paired quotation. ``start``/``end`` delimit the words inside the marks (trimmed)."""

    open_pos: int
    close_pos: int | None  # None when the quotation was never closed
    start: int
    end: int
    depth: int
    paragraphs: int
    children: list[Quotation]
    close_width: int = 1

    @property
    def outer_start(self) -> int:
        return self.open_pos

    @property
    def outer_end(self) -> int:
        return (self.close_pos + self.close_width) if self.close_pos is not None else self.end


# 'Marcia "Cia" Price', 'Robert C. “Bobby” Scott': a nickname quoted between the words of a name
_NICKNAME = re.compile(r"[A-Z][\w.'’-]*\s$")
_NAME_AFTER = re.compile(r"\s[A-Z][\w'’-]*")


def is_nickname(text: str, q: Quotation) -> bool:
    """Whether a quotation is one capitalised word written between two capitalised words of a name."""
    inner = text[q.start : q.end]
    if q.close_pos is None or not re.fullmatch(r"[A-Z][\w'’-]*", inner):
        return False
    return bool(_NICKNAME.search(text[max(0, q.outer_start - 30) : q.outer_start])) and bool(
        _NAME_AFTER.match(text, q.outer_end)
    )


# the longest quoted name or title ("Fox News Sunday", "Contract with America") told from a quotation
TITLE_QUOTE_MAX_WORDS = 5
TITLE_SMALL_WORDS = frozenset(("a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "with", "from", "by",
                               "as"))


def is_title_quote(text: str, q: Quotation) -> bool:
    """Whether a quotation is a name or a title in title case (a show, a slogan): two to
    TITLE_QUOTE_MAX_WORDS words, every one capitalised but the small words of titles, none ending a question
    or an exclamation, and no comma before the closing mark (“Yes,” she said)."""
    inner = text[q.start : q.end]
    if inner.endswith(",") or text[q.end : q.end + 1] == ",":
        return False  # “Yes,” she said: words that run on to their cue
    words = inner.rstrip(".").split()
    if not 2 <= len(words) <= TITLE_QUOTE_MAX_WORDS or not words[0][:1].isupper():
        return False
    if any(w[-1] in "!?" for w in words):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w in TITLE_SMALL_WORDS for w in words)


def _is_letter(ch: str) -> bool:
    return ch.isalnum()


def classify(text: str, pos: int) -> str | None:
    """Decide whether the mark at ``pos`` opens, closes, or is no quotation mark (an apostrophe)."""
    ch = text[pos]
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if ch in ("’", "'"):
        # it’s, Russia’s, rock ’n’ roll: a mark between letters is an apostrophe; ’90s likewise.
        if _is_letter(before) and _is_letter(after):
            return None
        if ch == "'" and before.isspace() and after.isalnum():
            return "open"
        if before.isspace() and after.isdigit():
            return None
        if after.isspace() or after in CLOSING_FOLLOWERS or pos + 1 >= len(text):
            return "close?" if _is_letter(before) else "close"
        # an opening single mark follows a space, a bracket or another mark: after anything else ("D.C.’s",
        # "the 1990s’ end") the mark is an apostrophe
        return "open" if before.isspace() or before in OPENING_PRECEDERS else None
    if ch in OPENERS:
        # An opening mark followed by nothing but space up to a comma or the end of the paragraph is a
        # mistyped closing mark (``measures “, read the statement``) or a stray one.
        rest = text[pos + 1 : pos + 4]
        stripped = rest.lstrip(" \t")
        if not stripped or stripped[0] in CLOSING_FOLLOWERS:
            return "close"
        if ch == "‘" and _is_letter(before):
            return None
        if not before.isspace() and before not in "([{—–-/" and (after.isspace() or after in CLOSING_FOLLOWERS):
            return "close"  # „ja“ (German order), or a closing mark typed with the wrong glyph
        return "open"
    if ch in CLOSERS:
        if ch == "”" and (pos == 0 or before.isspace()) and after.isalnum():
            return "open"  # ”Fear. I am truly afraid …” ― a mistyped opening mark, as the glyph after a space
        return "close"
    if ch == '"':
        if pos == 0 or before.isspace() or before in "([{—–-/":
            if after.isspace() or pos + 1 >= len(text):
                return "close"
            return "open"
        return "close"
    return None


def find_marks(text: str) -> list[Mark]:
    """Every quotation mark in ``text`` with its role; apostrophes are left out.

    Typewriter doubles (``''`` and ````` `` `````, as in some wire and archive text) count as one double mark.
    """
    starts = paragraph_starts(text)
    marks: list[Mark] = []
    para = 0
    pos = 0
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch not in ALL_MARKS and ch != "`":
            pos += 1
            continue
        while para + 1 < len(starts) and starts[para + 1] <= pos:
            para += 1
        pair = text[pos : pos + 2]
        if pair in ("''", "``"):
            before = text[pos - 1] if pos > 0 else " "
            after = text[pos + 2] if pos + 2 < n else " "
            if pair == "``" or (before.isspace() or before in "([{—–-/") and not after.isspace():
                role = "open"
            else:
                role = "close"
            marks.append(Mark(pos, pair, "double", role, para, 2))
            pos += 2
            continue
        if ch == "`":
            pos += 1
            continue
        role = classify(text, pos)
        if role is not None:
            kind = OPENERS.get(ch) or CLOSERS.get(ch) or AMBIGUOUS[ch]
            marks.append(Mark(pos, ch, kind, role, para))
        pos += 1
    return marks


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace and a trailing comma or colon from inside the marks (``integrity,”`` → ``integrity``)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",:;"):
        end -= 1
    return start, end


def _para_end(text: str, starts: list[int], para: int) -> int:
    """Offset where paragraph ``para``'s text ends (before the blank line)."""
    end = starts[para + 1] if para + 1 < len(starts) else len(text)
    while end > starts[para] and text[end - 1].isspace():
        end -= 1
    return end


def pair_quotations(text: str, marks: list[Mark] | None = None) -> list[Quotation]:
    """Pair marks into top-level quotations, each with its nested quotations as children."""
    if marks is None:
        marks = find_marks(text)
    starts = paragraph_starts(text)
    top: list[Quotation] = []
    # stack of (mark, children)
    stack: list[tuple[Mark, list[Quotation]]] = []
    i = 0
    n = len(marks)

    def close(
        open_mark: Mark, close_pos: int | None, end_limit: int, children: list[Quotation], width: int = 1
    ) -> None:
        s, e = _trim(text, open_mark.pos + open_mark.width, close_pos if close_pos is not None else end_limit)
        q = Quotation(
            open_pos=open_mark.pos,
            close_pos=close_pos,
            start=s,
            end=e,
            depth=len(stack),
            paragraphs=(bisect_para(starts, e) - open_mark.para + 1),
            children=children,
            close_width=width,
        )
        (stack[-1][1] if stack else top).append(q)

    while i < n:
        m = marks[i]
        # At a paragraph change, decide what happens to quotations still open.
        if stack and m.para != stack[-1][0].para and not _continues(marks, i, stack, starts, text):
            _flush(text, starts, stack, close)
        if m.role == "open":
            if stack and m.para != stack[-1][0].para and m.pos == _first_char(text, starts, m.para):
                # A continuation paragraph opening with a mark: the same quotation goes on.
                i += 1
                continue
            stack.append((m, []))
        elif m.role in ("close", "close?"):
            # Close the innermost open quotation of the same kind; a lone closer of another kind is ignored
            # (``’`` possessives after a plural: the Tigers’ coach).
            idx = _match(stack, m)
            if idx is None:
                i += 1
                continue
            while len(stack) - 1 > idx:
                om, ch = stack.pop()
                close(om, None, m.pos, ch)
            om, ch = stack.pop()
            close(om, m.pos, m.pos, ch, m.width)
        i += 1
    _flush(text, starts, stack, close)
    return top


def _first_char(text: str, starts: list[int], para: int) -> int:
    pos = starts[para]
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _match(stack: list[tuple[Mark, list[Quotation]]], m: Mark) -> int | None:
    for idx in range(len(stack) - 1, -1, -1):
        om = stack[idx][0]
        if om.kind == m.kind or {om.kind, m.kind} <= {"double", "guillemet"}:
            return idx
        if om.kind == "double" and m.kind == "single":
            # a ’ while a double quotation is open and no single one: an apostrophe, skip it
            return None
    return None


def _continues(marks: list[Mark], i: int, stack, starts: list[int], text: str) -> bool:
    """Whether the quotation open at the end of a paragraph goes on into the next ones.

    It does when the next paragraph opens with the same mark (the textbook convention: a stray straight
    ``"`` is not continued by a paragraph that opens with ``“``), or when, within a few
    paragraphs, a closing mark comes with no opening mark before it in its paragraph (the convention of
    opening only the first paragraph).
    """
    open_para = stack[-1][0].para
    m = marks[i]
    if m.para - open_para > MAX_PARAGRAPHS:
        return False
    if m.role == "open" and m.pos == _first_char(text, starts, m.para):
        return m.char == stack[-1][0].char
    same_kind = m.role in ("close", "close?") and m.kind == stack[-1][0].kind
    return same_kind or (m.role == "close" and {m.kind, stack[-1][0].kind} <= {"double", "guillemet"})


def _flush(text, starts, stack, close) -> None:
    """Close every open quotation at the end of its paragraph (an unclosed mark loses nothing after it)."""
    while stack:
        om, ch = stack.pop()
        close(om, None, _para_end(text, starts, om.para), ch)


def bisect_para(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset) - 1


def iter_quotations(quotes: list[Quotation]):
    """Depth-first walk over quotations and their nested children."""
    for q in quotes:
        yield q
        yield from iter_quotations(q.children)
