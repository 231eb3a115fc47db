"""A light, read-only view of a parsed document that the attribution rules work on.

Stanza's objects are converted once into flat lists with global word indices, character offsets into the
posted text and paragraph numbers, so the rules never touch Stanza itself and never read ``token.text``
(which can be ``<UNK>`` for very long tokens): span text always comes from the posted text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")


@dataclass
class Word:
    """One syntactic word with its parse; ``head`` is a global word index or -1 for the root."""

    i: int
    sent: int
    text: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    deprel: str
    start: int
    end: int
    para: int
    children: list[int] = field(default_factory=list)

    @property
    def rel(self) -> str:
        """The universal relation without its subtype (``nsubj:pass`` → ``nsubj``)."""
        return self.deprel.split(":")[0]


@dataclass
class Sentence:
    """A sentence as a range of global word indices."""

    i: int
    first: int
    last: int  # inclusive
    start: int
    end: int
    para: int


@dataclass
class Doc:
    """The parsed document: words, sentences and the posted text."""

    text: str
    words: list[Word]
    sentences: list[Sentence]
    para_starts: list[int]

    def para_of(self, offset: int) -> int:
        """Paragraph number of a character offset."""
        return bisect.bisect_right(self.para_starts, offset) - 1

    def sentence_words(self, s: int) -> list[Word]:
        sent = self.sentences[s]
        return self.words[sent.first : sent.last + 1]

    @cached_property
    def starts(self) -> list[int]:
        """Start offsets of the words, for bisection."""
        return [w.start for w in self.words]

    def first_word_after(self, offset: int) -> int:
        """Index of the first word that starts after ``offset``."""
        return bisect.bisect_right(self.starts, offset)

    def word_at(self, offset: int) -> Word | None:
        """The word covering a character offset, if any."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if 0 <= k < len(self.words) and self.words[k].start <= offset < self.words[k].end:
            return self.words[k]
        return None

    def opens_sentence(self, w: Word) -> bool:
        """Whether ``w`` is the first word of its sentence (False where the document has no sentences, as a
        hand-built one in a test may)."""
        return w.sent < len(self.sentences) and self.sentences[w.sent].first == w.i

    def before_brackets(self, k: int) -> int:
        """The index of the word before the bracketed group that the ")" at ``words[k]`` closes, within its
        sentence: past a party tag ("Gov. John Kasich (R-OH)") back to the name."""
        sent = self.words[k].sent
        while k >= 0 and self.words[k].sent == sent and self.words[k].text != "(":
            k -= 1
        return k - 1

    def subtree(self, i: int) -> list[int]:
        """Global indices of the word and all its descendants, sorted."""
        out, stack = [], [i]
        while stack:
            j = stack.pop()
            out.append(j)
            stack.extend(self.words[j].children)
        return sorted(out)


LINE_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*")
# what a line ends with when its newline closes a paragraph rather than wrapping a long line
PARAGRAPH_END = tuple(".!?:;”’\"'»)") + ("''",)


def paragraph_starts(text: str) -> list[int]:
    """Offsets where paragraphs begin.

    A blank line always separates paragraphs. Many feeds and CMS exports put one paragraph per line with
    no blank line between: there a single newline breaks the paragraph too when the line before ends a
    sentence, and every newline does when the text has no blank line at all (so is not hard-wrapped prose).
    """
    starts = {0}
    for m in PARAGRAPH_BREAK.finditer(text):
        starts.add(m.end())
    every_line = len(starts) == 1
    for m in LINE_BREAK.finditer(text):
        if m.end() >= len(text) or m.end() in starts or text[m.end()] == "\n":
            continue
        if every_line or text[: m.start()].rstrip().endswith(PARAGRAPH_END):
            starts.add(m.end())
    return sorted(starts)


def assign_paragraphs(doc: Doc) -> Doc:
    """(Re)compute the paragraph numbers of ``doc``'s words and sentences from its text."""
    doc.para_starts = paragraph_starts(doc.text)
    for w in doc.words:
        w.para = bisect.bisect_right(doc.para_starts, w.start) - 1
    for s in doc.sentences:
        s.para = doc.words[s.first].para
    return doc


def from_stanza(text: str, sdoc) -> Doc:
    """Convert a Stanza ``Document`` parsed from ``text`` into a :class:`Doc`."""
    para_starts = paragraph_starts(text)
    words: list[Word] = []
    sentences: list[Sentence] = []
    for si, sent in enumerate(sdoc.sentences):
        base = len(words)
        for tok in sent.tokens:
            # Words inside a multi-word token ("don't" → do + n't) may lack offsets: share the token's,
            # split by the words' lengths where they add up to the token text.
            tw = tok.words
            tstart, tend = tok.start_char, tok.end_char
            if len(tw) == 1:
                spans = [(tstart, tend)]
            else:
                spans, pos = [], tstart
                surface = text[tstart:tend]
                if sum(len(w.text) for w in tw) == len(surface):
                    for w in tw:
                        spans.append((pos, pos + len(w.text)))
                        pos += len(w.text)
                else:
                    spans = [(tstart, tend)] * len(tw)
            for w, (ws, we) in zip(tw, spans, strict=True):
                words.append(
                    Word(
                        i=len(words),
                        sent=si,
                        text=text[ws:we],
                        lemma=w.lemma or text[ws:we],
                        upos=w.upos or "X",
                        xpos=w.xpos or "_",
                        feats=w.feats or "_",
                        head=(base + w.head - 1) if w.head else -1,
                        deprel=w.deprel or "dep",
                        start=ws,
                        end=we,
                        para=bisect.bisect_right(para_starts, ws) - 1,
                    )
                )
        if len(words) == base:
            continue
        sentences.append(
            Sentence(
                i=len(sentences),
                first=base,
                last=len(words) - 1,
                start=words[base].start,
                end=words[-1].end,
                para=words[base].para,
            )
        )
        # sentence numbers must follow the kept sentences
        for w in words[base:]:
            w.sent = len(sentences) - 1
    for w in words:
        if w.head >= 0:
            words[w.head].children.append(w.i)
    return Doc(text=text, words=words, sentences=sentences, para_starts=para_starts)
