"""``quotes``: find the attributions in text files (or stdin) from the command line, without the HTTP server.

Two subcommands go through the jobs API instead: ``quotes worker`` runs a jobs worker (service.jobs.worker) and
``quotes submit FILES…`` sends files to a running service (service.jobs.client); a file named ``worker`` or
``submit`` is given as ``./worker``.

Exit status: 0 when every input was analysed, 1 when an input could not be read or decoded (the others are
still analysed), 2 for usage errors, 3 when the models cannot be loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_MODELS = 0, 1, 2, 3
STDIN_NAME = "-"
QUOTE_WIDTH = 70


def _confidence(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {value}")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``quotes``."""
    parser = argparse.ArgumentParser(
        prog="quotes",
        description="Find every quotation in news articles (UTF-8 text files) and who said it.",
        epilog="Offsets index each file's text exactly as stored (no newline translation).",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="text files; '-' or none reads stdin")
    parser.add_argument(
        "--format",
        choices=("json", "jsonl", "table"),
        default="json",
        help="json: one object per file (a list for several files); jsonl: one line per attribution; "
        "table: readable columns (default: json)",
    )
    parser.add_argument("--unattributed", action="store_true", help="also list quotations with no speaker")
    parser.add_argument("--beliefs", action="store_true", help="also list beliefs and intentions")
    parser.add_argument(
        "--min-confidence", type=_confidence, default=0.0, metavar="X", help="leave out records below X (0-1)"
    )
    parser.add_argument("--model-dir", metavar="DIR", help="Stanza model directory (default: shipped models/en)")
    parser.add_argument("--rules-only", action="store_true", help="without the learned span tagger (faster)")
    return parser


def read_input(name: str, stdin: TextIO | None = None) -> str:
    """The text of file ``name`` (or stdin for ``-``), decoded as strict UTF-8 with nothing translated.

    Raises OSError or UnicodeDecodeError; the caller turns them into messages.
    """
    if name == STDIN_NAME:
        stream = stdin or sys.stdin
        # Bytes, not text mode: text mode would translate "\r\n" and shift every offset.
        buffer = getattr(stream, "buffer", None)
        data = buffer.read() if buffer is not None else stream.read().encode("utf-8")
    else:
        with open(name, "rb") as handle:
            data = handle.read()
    return data.decode("utf-8")


def _describe_error(name: str, exc: Exception) -> str:
    label = "stdin" if name == STDIN_NAME else name
    if isinstance(exc, UnicodeDecodeError):
        return f"{label}: not valid UTF-8 (byte {exc.start}: {exc.reason})"
    if isinstance(exc, FileNotFoundError):
        return f"{label}: no such file"
    if isinstance(exc, IsADirectoryError):
        return f"{label}: is a directory"
    if isinstance(exc, PermissionError):
        return f"{label}: permission denied"
    if isinstance(exc, OSError):
        return f"{label}: cannot read ({exc.strerror or exc})"
    return f"{label}: {exc}"


def _truncate(text: str, width: int) -> str:
    flat = " ".join(text.split())  # newlines inside a quote would break the table's rows
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _table_rows(result: dict[str, Any]) -> list[list[str]]:
    rows = []
    for record in result["attributions"]:
        speaker = record["speaker"]["name"] if record["speaker"] else "—"
        role = record["role"] or {}
        role_text = ", ".join(part for part in (role.get("title"), role.get("affiliation")) if part) or "—"
        cue = record["cue"]["text"] if record["cue"] else "—"
        rows.append([record["type"], speaker, role_text, cue, _truncate(record["quote"]["text"], QUOTE_WIDTH)])
    return rows


def format_table(results: Sequence[dict[str, Any]]) -> str:
    """Readable columns: type, speaker, role, cue and the quote (truncated), one block per file."""
    header = ["TYPE", "SPEAKER", "ROLE", "CUE", "QUOTE"]
    blocks = []
    for result in results:
        rows = _table_rows(result)
        noun = "attribution" if len(rows) == 1 else "attributions"
        lines = [f"== {result['file']} ({len(rows)} {noun})"]
        if rows:
            widths = [min(max(len(r[i]) for r in [header, *rows]), 40) for i in range(4)]
            for row in [header, *rows]:
                cells = [_truncate(cell, widths[i]).ljust(widths[i]) for i, cell in enumerate(row[:4])]
                lines.append("  ".join([*cells, row[4]]).rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


SUBCOMMANDS = {"worker": "service.jobs.worker", "submit": "service.jobs.client"}


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run ``quotes``; returns the exit status (see the module docstring)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        import importlib

        return importlib.import_module(SUBCOMMANDS[argv[0]]).main(argv[1:])
    try:
        return _main(argv, stdin, stdout)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `quotes ... | head` closed the pipe: not an error. Point stdout at devnull so the interpreter's
        # final flush does not print a second BrokenPipeError.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _main(argv: Sequence[str] | None, stdin: TextIO | None, stdout: TextIO | None) -> int:
    args = build_parser().parse_args(argv)
    out = stdout or sys.stdout
    if out is sys.stdout and hasattr(out, "reconfigure"):
        # JSON is UTF-8 (RFC 8259) whatever the locale says; quotes are rarely ASCII.
        out.reconfigure(encoding="utf-8")
    names = args.files or [STDIN_NAME]
    if names.count(STDIN_NAME) > 1:
        print("quotes: stdin ('-') can be read only once", file=sys.stderr)
        return EXIT_USAGE

    status = EXIT_OK
    inputs: list[tuple[str, str]] = []
    for name in names:
        try:
            inputs.append((name, read_input(name, stdin)))
        except (OSError, UnicodeDecodeError) as exc:
            print(f"quotes: {_describe_error(name, exc)}", file=sys.stderr)
            status = EXIT_INPUT
    if not inputs:
        return status

    # Imported here: loading torch and Stanza takes seconds, which --help and bad paths should not pay.
    from schemas import AnalysisSchema

    from .attribution import Options, build_extractor
    from .nlp import ModelLoadError

    try:
        extractor = build_extractor(args.model_dir, learned=not args.rules_only)
    except ModelLoadError as exc:
        print(f"quotes: cannot load models: {exc}", file=sys.stderr)
        return EXIT_MODELS

    options = Options(
        include_unattributed=args.unattributed, include_beliefs=args.beliefs, min_confidence=args.min_confidence
    )
    analyses = extractor.analyze_many([text for _, text in inputs], options)
    schema = AnalysisSchema()
    results = [{"file": name, **schema.dump(analysis)} for (name, _), analysis in zip(inputs, analyses, strict=True)]

    if args.format == "json":
        payload: Any = results[0] if len(results) == 1 else results
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "jsonl":
        for result in results:
            for record in result["attributions"]:
                out.write(json.dumps({"file": result["file"], **record}, ensure_ascii=False) + "\n")
    else:
        out.write(format_table(results) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
