"""Bounded work per request: long sentences cut before the tagger and parser, and a deadline between stages.

The parser scores every pair of words in a sentence, so its time and memory grow with the square of the
sentence length: a 3,000-word "sentence" (a feed with no full stops, an unclosed quotation) took 15 GB. The
tokenizer's sentences are therefore cut to at most ``max_words`` words before tagging, at clause punctuation
where there is some, else at the limit. Cutting only moves sentence boundaries: every token keeps its
character offsets, and quotations are paired on the text itself (``marks.py``), so a quotation that crosses a
cut is still found whole.

Free of Flask and of torch; the Stanza objects are only read and rebuilt through their public constructors.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# Chosen from tools/bench_hostile.py: at 200 words a sentence costs the parser about 0.2 GB at peak, and
# news sentences above 120 words are rare (0.02% of PolNeAR's), so real text is almost never cut.
DEFAULT_MAX_SENTENCE_WORDS = 200
# A piece cut at clause punctuation keeps at least this share of the limit, so a comma near the start of a
# window does not leave a run of tiny sentences.
MIN_PIECE_SHARE = 0.5
# Tokens the tagger sees are cut to this many characters: the character model runs over every character,
# and a 99,000-character token is one word all the same. The posted text is never changed.
MAX_TAGGED_TOKEN_CHARS = 64
# Where a cut may fall: after these tokens (a clause ends), else anywhere.
CLAUSE_PUNCTUATION = frozenset({",", ";", ":", "—", "–", "--", "…", "...", ")", "]"})


class DeadlineExceeded(Exception):
    """The request ran past its deadline; raised between stages (or by a timer) and answered as a problem."""

    def __init__(self, seconds: float, stage: str) -> None:
        super().__init__(f"analysis ran past its {seconds:g} s deadline (at {stage})")
        self.seconds = seconds
        self.stage = stage


@dataclass
class Deadline:
    """A point in time after which :meth:`check` raises :class:`DeadlineExceeded`; ``seconds=None`` never does."""

    seconds: float | None
    started: float = field(default_factory=time.monotonic)

    def remaining(self) -> float | None:
        """Seconds left (may be negative), or None without a deadline."""
        return None if self.seconds is None else self.seconds - (time.monotonic() - self.started)

    def check(self, stage: str) -> None:
        """Raise :class:`DeadlineExceeded` naming ``stage`` when the deadline has passed."""
        left = self.remaining()
        if left is not None and left <= 0:
            raise DeadlineExceeded(float(self.seconds or 0), stage)


def cut_points(tokens: Sequence[str], word_counts: Sequence[int], max_words: int) -> list[int]:
    """Indices of the tokens that start a new piece, so that no piece has more than ``max_words`` words.

    A token is never split (a multi-word token such as "don't" counts its words). In each window the cut goes
    after the last clause punctuation that leaves at least ``MIN_PIECE_SHARE`` of the limit, else at the limit.
    """
    if max_words < 1:
        raise ValueError("max_words must be at least 1")
    cuts: list[int] = []
    start, n = 0, len(tokens)
    while True:
        words, end = 0, start
        while end < n and words + word_counts[end] <= max_words:
            words += word_counts[end]
            end += 1
        if end >= n:
            return cuts
        end = max(end, start + 1)  # a single token over the limit is a piece of its own
        floor = start + max(1, int(max_words * MIN_PIECE_SHARE))
        after_clause = [k + 1 for k in range(max(floor - 1, start), end) if tokens[k] in CLAUSE_PUNCTUATION]
        start = after_clause[-1] if after_clause else end
        if start >= n:
            return cuts
        cuts.append(start)


def _token_groups(sentence_dicts: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A tokenized sentence's entries grouped by token: a multi-word token's own entry with its words."""
    groups: list[list[dict[str, Any]]] = []
    pending = 0
    for entry in sentence_dicts:
        ident = entry["id"]
        if isinstance(ident, tuple | list) and len(ident) == 2:
            groups.append([entry])
            pending = ident[1] - ident[0] + 1
        elif pending:
            groups[-1].append(entry)
            pending -= 1
        else:
            groups.append([entry])
    return groups


def _word_count(group: list[dict[str, Any]]) -> int:
    return len(group) - 1 if len(group) > 1 else 1  # a multi-word token's own entry is no word


def _renumbered(groups: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The entries of ``groups`` as one sentence, ids from 1, long token texts shortened for the tagger."""
    out: list[dict[str, Any]] = []
    next_id = 1
    for group in groups:
        if len(group) == 1:
            entry = dict(group[0], id=next_id)
            if len(entry.get("text", "")) > MAX_TAGGED_TOKEN_CHARS:
                entry["text"] = entry["text"][:MAX_TAGGED_TOKEN_CHARS]
            out.append(entry)
            next_id += 1
            continue
        words = group[1:]
        out.append(dict(group[0], id=(next_id, next_id + len(words) - 1)))
        for word in words:
            out.append(dict(word, id=next_id))
            next_id += 1
    return out


@dataclass(frozen=True)
class BoundReport:
    """What :func:`bound_sentences` did to one document."""

    sentences_cut: int = 0
    pieces_added: int = 0
    tokens_shortened: int = 0


def _ends_in_abbreviation(groups: list[list[dict[str, Any]]], abbreviations: frozenset[str]) -> bool:
    texts = [g[0].get("text", "") for g in groups[-2:]]
    if texts and texts[-1].endswith(".") and texts[-1][:-1].lower() in abbreviations:
        return True  # "Gov." as one token
    return len(texts) == 2 and texts[1] == "." and texts[0].lower() in abbreviations  # "Gov" "."


# what may end a sentence: a break after any other token, inside a line, is the tokenizer's error
SENTENCE_ENDS = frozenset({".", "!", "?", "…", ":", ";", ")", "]", "”", "’", '"', "'", "''", "—", "―", "-", "--", ">"})


def _ends_without_stop(groups: list[list[dict[str, Any]]], following: list[list[dict[str, Any]]], text: str) -> bool:
    """Whether a sentence ends on a word with no stop after it and the next starts on the same line: "British
    Prime Minister Theresa | May said", "Homeland Security Secretary | Jeh Johnson says", "told CBS | This
    Morning"."""
    last, first = groups[-1][0], following[0][0]
    word = last.get("text", "")
    if not word or word in SENTENCE_ENDS or word[-1] in ".!?" or "end_char" not in last or "start_char" not in first:
        return False
    return "\n" not in text[last["end_char"] : first["start_char"]]


def join_abbreviation_splits(sdoc: Any, abbreviations: frozenset[str]) -> tuple[Any, int]:
    """A tokenized Stanza ``Document`` with false sentence breaks undone.

    The tokenizer often ends a sentence at the period of "Indiana Gov." or "Sen." and starts a new one at the
    name after it, which splits a speaker from their cue and a title from its name; it also breaks inside a
    line after a word with no stop ("Prime Minister Theresa | May said"). ``abbreviations`` are the lower-cased
    stems ("gov", "sen", "mr"). Returns the document (unchanged when nothing joins) and the number of breaks
    undone.
    """
    from stanza.models.common.doc import Document

    sentences = [_token_groups(s) for s in sdoc.to_dict()]
    joined: list[list[list[dict[str, Any]]]] = []
    undone = 0
    for groups in sentences:
        first = groups[0][0].get("text", "") if groups else ""
        if joined and groups and (
            (first[:1].isupper() and _ends_in_abbreviation(joined[-1], abbreviations))
            or _ends_without_stop(joined[-1], groups, sdoc.text or "")
        ):
            joined[-1] = joined[-1] + groups
            undone += 1
        else:
            joined.append(groups)
    if not undone:
        return sdoc, 0
    return Document([_renumbered(g) for g in joined], text=sdoc.text), undone


def bound_sentences(sdoc: Any, max_words: int) -> tuple[Any, BoundReport]:
    """A tokenized Stanza ``Document`` whose sentences have at most ``max_words`` words each.

    The input is returned unchanged when nothing needs cutting or shortening; otherwise a new ``Document``
    with the same text and token offsets is built from the tokenizer's entries.
    """
    from stanza.models.common.doc import Document

    needs_work = any(
        len(sentence.words) > max_words or any(len(t.text) > MAX_TAGGED_TOKEN_CHARS for t in sentence.tokens)
        for sentence in sdoc.sentences
    )
    if not needs_work:
        return sdoc, BoundReport()
    sentences: list[list[dict[str, Any]]] = []
    cut = added = shortened = 0
    for sentence_dicts in sdoc.to_dict():
        groups = _token_groups(sentence_dicts)
        shortened += sum(1 for g in groups if len(g) == 1 and len(g[0].get("text", "")) > MAX_TAGGED_TOKEN_CHARS)
        counts = [_word_count(g) for g in groups]
        cuts = cut_points([g[0].get("text", "") for g in groups], counts, max_words) if sum(counts) > max_words else []
        if cuts:
            cut += 1
            added += len(cuts)
        for a, b in zip([0, *cuts], [*cuts, len(groups)], strict=True):
            sentences.append(_renumbered(groups[a:b]))
    return Document(sentences, text=sdoc.text), BoundReport(cut, added, shortened)


@contextmanager
def alarm(deadline: Deadline) -> Iterator[None]:
    """Raise :class:`DeadlineExceeded` inside the block when ``deadline`` passes, even mid-stage.

    A POSIX interval timer interrupts the main thread between Python bytecodes (torch's kernels run to their
    end, which the sentence bound keeps short). Off the main thread, or without a deadline, the block runs
    untimed and only the checks between stages apply.
    """
    seconds = deadline.remaining()
    in_main_thread = threading.current_thread() is threading.main_thread()
    if seconds is None or not hasattr(signal, "setitimer") or not in_main_thread:
        yield
        return

    def _expired(signum: int, frame: object) -> None:
        raise DeadlineExceeded(float(deadline.seconds or 0), "timer")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, max(float(seconds or 0), 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_ALLOCATION_FAILURES = ("can't allocate memory", "not enough memory", "out of memory", "bad_alloc")


def is_allocation_failure(error: BaseException) -> bool:
    """Whether ``error`` is an allocation that failed: Python's MemoryError or torch's allocator refusing."""
    if isinstance(error, MemoryError):
        return True
    return isinstance(error, RuntimeError) and any(s in str(error).lower() for s in _ALLOCATION_FAILURES)
