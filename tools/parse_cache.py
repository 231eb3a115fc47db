"""A disk cache of parsed documents, so engine changes can be measured without re-parsing the corpus.

Parsing is almost all of an evaluation's time; the attribution rules take milliseconds per article. The
cache key joins a fingerprint of the model files with the text, so new models or a changed text never
reuse an old parse. The cache lives wherever ``--parse-cache`` points (``build/`` is ignored by git).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from service.attribution.document import assign_paragraphs
from service.attribution.engine import find_attributions
from service.attribution.extract import PARSE_VERSION, normalise_for_parsing
from service.attribution.records import Analysis, Options


def model_fingerprint(model_dir: Path) -> str:
    """A short hash of every file under ``model_dir`` (names and contents)."""
    h = hashlib.sha256()
    for p in sorted(model_dir.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(model_dir)).encode())
            with open(p, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
    return h.hexdigest()[:16]


class CachedExtractor:
    """Wraps an :class:`~service.attribution.extract.Extractor`; parses each distinct text once per model."""

    def __init__(self, extractor: Any, cache_dir: Path):
        self.extractor = extractor
        self.model_info = extractor.model_info
        self.dir = Path(cache_dir) / model_fingerprint(Path(extractor.model_info["path"]))
        self.dir.mkdir(parents=True, exist_ok=True)
        self.hits = 0
        self.misses = 0

    def _path(self, text: str) -> Path:
        # keyed by what the parser sees and by the parse's version, so a change to the normalisation or to the
        # sentence repairs re-parses
        key = f"v{PARSE_VERSION}:" + normalise_for_parsing(text)
        return self.dir / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".pkl")

    def parse(self, texts: Sequence[str]) -> list[Any]:
        """Parsed documents for ``texts``, from the cache where present."""
        docs: list[Any] = [None] * len(texts)
        missing = []
        for k, t in enumerate(texts):
            p = self._path(t)
            if p.exists():
                with open(p, "rb") as fh:
                    # derived fields are recomputed, so a rule change there needs no re-parse
                    docs[k] = assign_paragraphs(pickle.load(fh))
                self.hits += 1
            else:
                missing.append(k)
        if missing:
            self.misses += len(missing)
            for k, doc in zip(missing, self.extractor.parse([texts[k] for k in missing]), strict=True):
                docs[k] = doc
                tmp = self._path(texts[k]).with_suffix(".tmp")
                with open(tmp, "wb") as fh:
                    pickle.dump(doc, fh, protocol=pickle.HIGHEST_PROTOCOL)
                tmp.replace(self._path(texts[k]))
        return docs

    def analyze_many(self, texts: Sequence[str], options: Options | None = None) -> list[Analysis]:
        """Same contract as ``Extractor.analyze_many`` (without the timing metadata)."""
        options = options or Options()
        docs = self.parse(texts)
        return [find_attributions(doc, options, self.tagged(doc.text)) for doc in docs]

    def tagged(self, text: str) -> list[Any]:
        """The learned tagger's spans for ``text`` (cached beside the parse, keyed by the tagger file too)."""
        tagger = getattr(self.extractor, "tagger", None)
        if tagger is None:
            return []
        from service.attribution.proposals import as_tagged
        from service.learned.encoder import STRIDE, WINDOW
        from service.learned.tagger import TAGGER_FILE

        stat = TAGGER_FILE.stat()
        # the windows and the encoder's precision change the tags as much as the file does
        precision = tagger.encoder.precision
        key = f"{stat.st_size}:{stat.st_mtime_ns}:{WINDOW}:{STRIDE}:{precision}:{text}"
        key = hashlib.sha256(key.encode()).hexdigest()[:32]
        path = self.dir / f"{key}.tag.pkl"
        if path.exists():
            with open(path, "rb") as fh:
                return pickle.load(fh)
        spans = as_tagged(tagger.tag(text))
        with open(path, "wb") as fh:
            pickle.dump(spans, fh, protocol=pickle.HIGHEST_PROTOCOL)
        return spans

    def analyze(self, text: str, options: Options | None = None) -> Analysis:
        """Same contract as ``Extractor.analyze``."""
        return self.analyze_many([text], options)[0]
