"""Build the Stanza pipeline from the models shipped in ``models/en`` (or another model directory), offline.

Three layouts of a model directory are understood:

* the shipped, flat layout: ``<dir>/tokenize.pt``, ``mwt.pt``, ``pos.pt``, ``lemma.pt``, ``depparse.pt``;
* Stanza's per-processor layout: ``<dir>/<processor>/<name>.pt`` with one model per processor folder
  (``build/models`` after ``tools/train/train.sh`` looks like this; ``*_checkpoint.pt`` files are ignored);
* a tree made by ``stanza.download``: ``<dir>/resources.json`` (or ``<dir>/../resources.json`` when ``<dir>``
  is the ``en`` folder) naming the English packages. Stanza then picks its default packages, with their word
  vectors and character language models, from that tree itself; nothing is downloaded.

Whatever goes wrong while finding or loading the models surfaces as :class:`ModelLoadError` with the path
of the directory or file at fault, never as a bare torch or pickle error.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import stanza

PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "en"
MODEL_DIR_ENV = "QUOTES_MODEL_DIR"
# The MWT expander is optional: a tokenizer trained on data without multi-word tokens does not need one.
OPTIONAL_PROCESSORS = frozenset({"mwt"})


class ModelLoadError(RuntimeError):
    """The model directory is missing, incomplete or holds files that are not Stanza models."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.path = path


def resolve_model_dir(model_dir: str | os.PathLike[str] | None = None) -> Path:
    """The model directory: the argument, else ``$QUOTES_MODEL_DIR``, else the shipped ``models/en``."""
    if model_dir is None:
        model_dir = os.environ.get(MODEL_DIR_ENV) or DEFAULT_MODEL_DIR
    return Path(model_dir).expanduser().resolve()


def _nested_model(model_dir: Path, proc: str) -> Path | None:
    """The one model file in ``<dir>/<proc>/``, or None; several candidates are an error."""
    sub = model_dir / proc
    if not sub.is_dir():
        return None
    found = sorted(p for p in sub.glob("*.pt") if not p.name.endswith("_checkpoint.pt"))
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise ModelLoadError(
            f"{sub} holds several {proc} models ({names}); keep one or pass {proc}_model_path=...", sub
        )
    return found[0] if found else None


def model_paths(model_dir: Path) -> dict[str, Path]:
    """Paths of each processor's model file, shipped layout (``tokenize.pt`` ...) or Stanza's own layout."""
    paths: dict[str, Path] = {}
    for proc in PROCESSORS:
        flat = model_dir / f"{proc}.pt"
        if flat.is_file():
            paths[proc] = flat
            continue
        nested = _nested_model(model_dir, proc)
        if nested is not None:
            paths[proc] = nested
    return paths


def _stanza_resources(model_dir: Path) -> Path | None:
    """The ``resources.json`` of a ``stanza.download`` tree that describes English, or None."""
    for candidate in (model_dir / "resources.json", model_dir.parent / "resources.json"):
        if not candidate.is_file():
            continue
        try:
            data = json.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelLoadError(f"unreadable Stanza resources file {candidate}: {exc}", candidate) from None
        if isinstance(data, dict) and "en" in data:
            return candidate
    return None


_EMPTY_RESOURCES: list[Path] = []


def _empty_resources_file() -> Path:
    """An empty ``resources.json`` (made once per process): Stanza insists on one even when every model path
    is given."""
    if _EMPTY_RESOURCES and _EMPTY_RESOURCES[0].is_file():
        return _EMPTY_RESOURCES[0]
    fd, name = tempfile.mkstemp(prefix="quotes-stanza-resources-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("{}")
    _EMPTY_RESOURCES[:] = [Path(name)]
    return _EMPTY_RESOURCES[0]


# torch.save writes a zip archive, or with _use_new_zipfile_serialization=False (what Stanza's trainers use) a
# pickle stream that opens with protocol 2 and torch's magic number 0x1950a86a20f9469cfc6c as a LONG1.
_ZIP_MAGIC = b"PK\x03\x04"
_LEGACY_MAGIC = b"\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19"


def check_model_file(path: Path) -> None:
    """Raise :class:`ModelLoadError` unless ``path`` starts like a file written by ``torch.save``.

    Reading a few bytes is cheap and catches text files, empty files, HTML error pages and Git LFS pointers
    before torch's unpickler sees them. A truncated model passes this check; loading it then fails inside
    Stanza, and :func:`build_pipeline` names the file all the same.
    """
    try:
        with path.open("rb") as f:
            head = f.read(len(_LEGACY_MAGIC))
    except OSError as exc:
        raise ModelLoadError(f"cannot read model file {path}: {exc.strerror or exc}", path) from None
    if not head:
        raise ModelLoadError(f"model file {path} is empty", path)
    if head.startswith(b"version https://git-lfs"):
        raise ModelLoadError(f"model file {path} is a Git LFS pointer, not the model (run git lfs pull)", path)
    if not (head.startswith(_ZIP_MAGIC) or head == _LEGACY_MAGIC):
        raise ModelLoadError(f"model file {path} is not a Stanza/torch model (corrupt or not a model)", path)


class _QuietUnknownLanguage(logging.Filter):
    """Drop Stanza's "Unsupported language: en" warning: expected when every model path is given explicitly."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Unsupported language")


def _failing_processor(tb: TracebackType | None) -> str | None:
    """The processor Stanza was loading when it failed, read from ``Pipeline.__init__``'s frame."""
    name = None
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_name == "__init__" and "processor_name" in frame.f_locals:
            value = frame.f_locals["processor_name"]
            if isinstance(value, str):
                name = value
        tb = tb.tb_next
    return name


def build_pipeline(
    model_dir: str | os.PathLike[str] | None = None,
    *,
    use_gpu: bool = False,
    speedups: bool = True,
    processors: Sequence[str] | None = None,
    **overrides: Any,
) -> stanza.Pipeline:
    """Return a ready ``stanza.Pipeline`` built from ``model_dir`` without touching the network.

    ``model_dir`` defaults to ``$QUOTES_MODEL_DIR``, else the shipped ``models/en``. Keyword ``overrides``
    go to ``stanza.Pipeline`` as they are (for instance ``depparse_batch_size=2000`` or
    ``pos_model_path=...`` to take one processor's model from elsewhere). ``speedups`` (the default) decodes
    the parser with :mod:`service.fast_parse` and lets it reuse the tagger's encoder pass
    (:func:`~service.learned.stanza_encoder.share_encoder_pass`); ``speedups=False`` runs Stanza as it is.
    ``processors`` keeps only those of :data:`PROCESSORS` (``("tokenize", "mwt")`` for sentence splitting alone);
    only their model files are then needed.

    Raises :class:`ModelLoadError` naming the path when the directory or a model file is missing or corrupt.
    """
    directory = resolve_model_dir(model_dir)
    if not directory.exists():
        raise ModelLoadError(f"model directory not found: {directory}", directory)
    if not directory.is_dir():
        raise ModelLoadError(f"model directory is not a directory: {directory}", directory)

    wanted = [p for p in PROCESSORS if processors is None or p in processors]
    unknown = sorted(set(processors or ()) - set(PROCESSORS))
    if unknown:
        raise ValueError(f"unknown processors: {', '.join(unknown)} (known: {', '.join(PROCESSORS)})")
    kwargs: dict[str, Any] = {}
    paths: dict[str, Path] = {}
    resources = _stanza_resources(directory)
    if resources is not None:
        # A stanza.download tree: Stanza resolves its default English packages and their word vectors and
        # character models itself (``<proc>_model_path`` overrides still apply).
        chosen = wanted
        stanza_dir = resources.parent
    else:
        paths = {p: path for p, path in model_paths(directory).items() if p in wanted}
        for proc in wanted:
            override = overrides.get(f"{proc}_model_path")
            if override:
                paths[proc] = Path(override)
        missing = [p for p in wanted if p not in paths and p not in OPTIONAL_PROCESSORS]
        if missing:
            raise ModelLoadError(
                f"model directory {directory} lacks models for: {', '.join(missing)} "
                f"(expected {missing[0]}.pt or {missing[0]}/<name>.pt)",
                directory,
            )
        for path in paths.values():
            if not path.is_file():
                raise ModelLoadError(f"model file not found: {path}", path)
            check_model_file(path)
        chosen = [p for p in wanted if p in paths]
        kwargs.update({f"{p}_model_path": str(paths[p]) for p in chosen})
        from .learned.stanza_encoder import foundation_cache_for

        # a tagger or parser trained on the packaged encoder finds it under the name its file records
        cache = foundation_cache_for(paths[p] for p in ("pos", "depparse") if p in paths)
        if cache is not None:
            kwargs["foundation_cache"] = cache
        stanza_dir = directory
        resources = _empty_resources_file()
    kwargs.update(overrides)

    import stanza  # imported late: torch start-up is slow and the CLI's --help should not pay for it

    stanza_logger = logging.getLogger("stanza")
    quiet = _QuietUnknownLanguage()
    stanza_logger.addFilter(quiet)
    try:
        pipeline = stanza.Pipeline(
            lang="en",
            dir=str(stanza_dir),
            resources_filepath=str(resources),
            processors=",".join(chosen),
            download_method=None,
            use_gpu=use_gpu,
            logging_level="WARN",
            **kwargs,
        )
    except Exception as exc:  # torch, pickle and stanza raise many kinds; the caller needs the path
        proc = _failing_processor(exc.__traceback__)
        where: Path = paths.get(proc, directory) if proc else directory
        if proc and proc in paths:
            what = f"the {proc} model {where}"
        else:
            what = f"the {proc} model from {where}" if proc else f"Stanza models from {where}"
        raise ModelLoadError(f"cannot load {what}: {type(exc).__name__}: {exc}", where) from exc
    finally:
        stanza_logger.removeFilter(quiet)
    if speedups:
        from .fast_parse import speed_up
        from .learned.stanza_encoder import share_encoder_pass

        speed_up(pipeline)
        share_encoder_pass(pipeline)
    return pipeline
