"""Build the Stanza pipeline from the models shipped in ``models/en`` (or another model directory), offline."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "en"
MODEL_DIR_ENV = "QUOTES_MODEL_DIR"


class ModelLoadError(RuntimeError):
    """The model directory is missing, incomplete or holds files that are not Stanza models."""


def resolve_model_dir(model_dir: str | os.PathLike | None = None) -> Path:
    """The model directory: the argument, else ``$QUOTES_MODEL_DIR``, else the shipped ``models/en``."""
    if model_dir is None:
        model_dir = os.environ.get(MODEL_DIR_ENV) or DEFAULT_MODEL_DIR
    return Path(model_dir).expanduser().resolve()


def model_paths(model_dir: Path) -> dict[str, Path]:
    """Paths of each processor's model file, shipped layout (``tokenize.pt`` ...) or Stanza's own layout."""
    paths: dict[str, Path] = {}
    for proc in PROCESSORS:
        flat = model_dir / f"{proc}.pt"
        if flat.is_file():
            paths[proc] = flat
            continue
        # The official Stanza layout: <dir>/<processor>/<package>.pt (e.g. depparse/combined_charlm.pt)
        sub = model_dir / proc
        found = sorted(sub.glob("*.pt")) if sub.is_dir() else []
        if found:
            paths[proc] = found[0]
    return paths


def build_pipeline(model_dir: str | os.PathLike | None = None, *, use_gpu: bool = False, **overrides):
    """Return a ready ``stanza.Pipeline`` built from ``model_dir`` without touching the network.

    Raises :class:`ModelLoadError` naming the path when the directory or a model file is missing or corrupt.
    """
    directory = resolve_model_dir(model_dir)
    if not directory.is_dir():
        raise ModelLoadError(f"model directory not found: {directory}")
    paths = model_paths(directory)
    missing = [p for p in PROCESSORS if p not in paths]
    # The MWT expander is optional for models trained without multi-word tokens.
    if [p for p in missing if p != "mwt"]:
        raise ModelLoadError(f"model directory {directory} lacks models for: {', '.join(missing)}")
    processors = [p for p in PROCESSORS if p in paths]

    import stanza  # imported late: torch start-up is slow and the CLI's --help should not pay for it

    resources = directory / "resources.json"
    resources_dir = directory
    if not resources.is_file():
        # Stanza insists on a resources.json even when every model path is given; an empty one is enough.
        resources_dir = Path(tempfile.mkdtemp(prefix="quotes-stanza-"))
        (resources_dir / "resources.json").write_text(json.dumps({}))
    kwargs = {f"{p}_model_path": str(paths[p]) for p in processors}
    kwargs.update(overrides)
    try:
        return stanza.Pipeline(
            lang="en",
            dir=str(resources_dir),
            processors=",".join(processors),
            download_method=None,
            use_gpu=use_gpu,
            logging_level="WARN",
            tokenize_no_ssplit=False,
            **kwargs,
        )
    except Exception as exc:  # torch and stanza raise many kinds; the caller needs the path
        raise ModelLoadError(f"cannot load Stanza models from {directory}: {type(exc).__name__}: {exc}") from exc
