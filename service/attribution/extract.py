"""The extractor: posted text → Stanza parse → attribution records. Free of Flask."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Sequence

from .bounds import (
    DEFAULT_MAX_SENTENCE_WORDS,
    Deadline,
    bound_sentences,
    is_allocation_failure,
    join_abbreviation_splits,
)
from .document import Doc, from_stanza
from .engine import find_attributions
from .lexicons import load as load_lexicons
from .names import HONORIFIC_ABBREVIATIONS
from .proposals import as_tagged
from .records import Analysis, Options

# The pipeline runs in two calls: the tokenizer (with the multi-word-token expander), then, after long
# sentences are cut (bounds.py), the processors whose cost grows with sentence length.
TOKENIZE_STAGE = "tokenize,mwt"
# Titles and honorifics whose period the tokenizer takes for a sentence end ("Indiana Gov. | Mike Pence said").
# Not "jr" or "inc": those end sentences as often as not.
SPLIT_ABBREVIATIONS = load_lexicons().title_abbreviations | HONORIFIC_ABBREVIATIONS | {"st"}
# Bumped whenever the parse of a text changes for a reason other than the models (tools/parse_cache.py keys on it).
PARSE_VERSION = 3
TAG_AND_PARSE_STAGES = ("pos", "lemma", "depparse")

# Stanza treats "\n\n" as a paragraph break but not "\r\n\r\n", and some whitespace it does not know at all.
# Each is replaced by a character of the same length, so offsets into the parsed text are offsets into the
# posted text.
_LENGTH_PRESERVING = str.maketrans({"\r": " ", "\u00a0": " ", "\u2028": "\n", "\u2029": "\n", "\t": " "})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# An opening typewriter quote ('' before a word, as some archives write “) is glued to its word by the
# tokenizer (''predatory); a space and a straight double quote in its two characters split it off.
_OPENING_TWO_APOSTROPHES = re.compile(r"(?:(?<=^)|(?<=[\s(\[{—–-]))''(?=[^\s'])")
_OPENING_BACKTICKS = re.compile(r"(?:(?<=^)|(?<=[\s(\[{—–-]))``(?=[^\s`])")


# Stanza's tokenizer takes time quadratic in the length of a run without whitespace (20,000 characters: 11 s;
# 99,000: minutes). No word is that long, so such a run is broken by a space every MAX_RUN characters in the
# parsing copy; the words' text still comes from the posted text.
MAX_RUN = 1000
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


def _break_long_runs(match: re.Match[str]) -> str:
    run = match.group(0)
    return " ".join(run[k + (k > 0) : k + MAX_RUN] for k in range(0, len(run), MAX_RUN))


def normalise_for_parsing(text: str) -> str:
    """A same-length copy of ``text`` that Stanza segments the way a reader would."""
    text = _CONTROL.sub(" ", text.translate(_LENGTH_PRESERVING))
    text = _LONG_RUN.sub(_break_long_runs, text)
    text = _OPENING_TWO_APOSTROPHES.sub(' "', text)
    return _OPENING_BACKTICKS.sub(' "', text)


class Extractor:
    """Holds one Stanza pipeline and turns texts into :class:`Analysis` objects.

    Stanza pipelines are not safe to call from several threads at once, so calls are serialised. Sentences
    longer than ``max_sentence_words`` are cut before tagging, which bounds the parser's memory and time.
    """

    def __init__(
        self, pipeline, model_info: dict | None = None, *, max_sentence_words: int | None = None, tagger=None
    ):
        self.pipeline = pipeline
        # the learned span tagger (service.learned.tagger.SpanTagger), or None for the rules alone
        self.tagger = tagger
        self.model_info = dict(model_info or {})
        self.max_sentence_words = max_sentence_words or DEFAULT_MAX_SENTENCE_WORDS
        self._lock = threading.Lock()
        self.warmed = False

    def parse(self, texts: Sequence[str], deadline: Deadline | None = None) -> list[Doc]:
        """Parse several texts in one Stanza call per stage and convert them.

        Raises :class:`~service.attribution.bounds.DeadlineExceeded` between stages once ``deadline`` passes.
        """
        import stanza

        deadline = deadline or Deadline(None)
        prepared = [normalise_for_parsing(t) for t in texts]
        with self._lock:
            sdocs = self.pipeline([stanza.Document([], text=t) for t in prepared], processors=TOKENIZE_STAGE)
            deadline.check("tokenize")
            sdocs = [join_abbreviation_splits(d, SPLIT_ABBREVIATIONS)[0] for d in sdocs]
            sdocs = [bound_sentences(d, self.max_sentence_words)[0] for d in sdocs]
            for stage in TAG_AND_PARSE_STAGES:
                if stage in self.pipeline.processors:
                    sdocs = self.pipeline(sdocs, processors=stage)
                    deadline.check(stage)
        return [from_stanza(original, sdoc) for original, sdoc in zip(texts, sdocs, strict=True)]

    def analyze(self, text: str, options: Options | None = None, deadline: Deadline | None = None) -> Analysis:
        """Find every attribution in one text."""
        return self.analyze_many([text], options, deadline)[0]

    def analyze_many(
        self, texts: Sequence[str], options: Options | None = None, deadline: Deadline | None = None
    ) -> list[Analysis]:
        """Find every attribution in several texts, parsed together in one Stanza call.

        torch's allocator refusing memory (the worker's limit, in the parser or the tagger) is raised as
        MemoryError, so callers see one kind of failure for it.
        """
        try:
            return self._analyze_many(texts, options or Options(), deadline or Deadline(None))
        except RuntimeError as exc:
            if is_allocation_failure(exc):
                raise MemoryError(str(exc)) from exc
            raise

    def _analyze_many(self, texts: Sequence[str], options: Options, deadline: Deadline) -> list[Analysis]:
        t0 = time.perf_counter()
        docs = self.parse(texts, deadline) if texts else []
        parse_s = time.perf_counter() - t0
        out = []
        for doc in docs:
            t1 = time.perf_counter()
            tagged = as_tagged(self.tagger.tag(doc.text)) if self.tagger is not None else ()
            deadline.check("tagger")
            analysis = find_attributions(doc, options, tagged)
            deadline.check("attribution")
            analysis.meta.update(
                {
                    "characters": len(doc.text),
                    "sentences": len(doc.sentences),
                    "words": len(doc.words),
                    "parse_seconds": round(parse_s / max(len(docs), 1), 4),
                    "extract_seconds": round(time.perf_counter() - t1, 4),
                    "models": self.model_info.get("name", "unknown"),
                }
            )
            out.append(analysis)
        return out

    def warm(self) -> None:
        """Run one short text through the pipeline so the first request does not pay for lazy set-up."""
        self.analyze("“We are ready,” the spokesperson said on Monday.")
        self.warmed = True


def build_extractor(
    model_dir=None, *, warm: bool = False, max_sentence_words: int | None = None, learned: bool = False
) -> Extractor:
    """Build the pipeline from ``model_dir`` (shipped models by default) and wrap it in an :class:`Extractor`;
    with ``learned``, the span tagger (models/tagger) proposes beside the rules."""
    from ..nlp import build_pipeline, resolve_model_dir

    directory = resolve_model_dir(model_dir)
    tagger = None
    if learned:
        from ..learned.tagger import SpanTagger

        tagger = SpanTagger()
    extractor = Extractor(
        build_pipeline(directory),
        model_info={"name": directory.name + ("+tagger" if tagger else ""), "path": str(directory)},
        max_sentence_words=max_sentence_words,
        tagger=tagger,
    )
    if warm:
        extractor.warm()
    return extractor
