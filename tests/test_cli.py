"""The ``quotes`` command: formats, stdin, and clean failures (exit codes and messages, no tracebacks)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import service.attribution
from service import cli
from service.attribution import Extractor, Options

ROOT = Path(__file__).resolve().parent.parent
TEXT = (
    "“We are ready,” the spokesperson said on Monday.\r\n\r\n"
    "The minister said that the talks would resume 😀 next week, according to officials.\r\n"
)


@pytest.fixture
def use_session_extractor(monkeypatch: pytest.MonkeyPatch, extractor: Extractor) -> Extractor:
    """Make the CLI use the session's real extractor instead of loading the models a second time."""
    monkeypatch.setattr(service.attribution, "build_extractor", lambda model_dir=None, **_: extractor)
    return extractor


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_bytes(TEXT.encode("utf-8"))  # bytes: CRLF kept as in the file
    return path


def run_cli(args: list[str], stdin: bytes = b"") -> tuple[int, str]:
    out = io.StringIO()
    status = cli.main(args, stdin=io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"), stdout=out)
    return status, out.getvalue()


def without_timings(result: dict[str, Any]) -> dict[str, Any]:
    return {**result, "meta": {k: v for k, v in result["meta"].items() if not k.endswith("_seconds")}}


def expected_attributions(extractor: Extractor, text: str, options: Options) -> list[tuple]:
    return [
        (a.type, a.quote.start, a.quote.end, a.speaker.name if a.speaker else None)
        for a in extractor.analyze(text, options).attributions
    ]


def test_json_for_one_file(use_session_extractor: Extractor, article: Path) -> None:
    status, out = run_cli([str(article)])
    assert status == 0
    result = json.loads(out)
    assert result["file"] == str(article)
    assert set(result) == {"file", "attributions", "speakers", "meta"}
    got = [
        (a["type"], a["quote"]["start"], a["quote"]["end"], a["speaker"] and a["speaker"]["name"])
        for a in result["attributions"]
    ]
    assert got == expected_attributions(use_session_extractor, TEXT, Options())
    for a in result["attributions"]:
        assert TEXT[a["quote"]["start"] : a["quote"]["end"]] == a["quote"]["text"]


def test_json_for_several_files_is_a_list_and_options_apply(
    use_session_extractor: Extractor, article: Path, tmp_path: Path
) -> None:
    second = tmp_path / "second.txt"
    second.write_text("“Not now,” she said. He believes that prices will fall.", encoding="utf-8")
    status, out = run_cli(["--unattributed", "--beliefs", "--min-confidence", "0.1", str(article), str(second)])
    assert status == 0
    results = json.loads(out)
    assert [r["file"] for r in results] == [str(article), str(second)]
    options = Options(include_unattributed=True, include_beliefs=True, min_confidence=0.1)
    for result, path in zip(results, (article, second), strict=True):
        text = path.read_bytes().decode("utf-8")
        got = [
            (a["type"], a["quote"]["start"], a["quote"]["end"], a["speaker"] and a["speaker"]["name"])
            for a in result["attributions"]
        ]
        assert got == expected_attributions(use_session_extractor, text, options)


def test_jsonl_has_one_line_per_attribution(use_session_extractor: Extractor, article: Path) -> None:
    status, out = run_cli(["--format", "jsonl", str(article)])
    assert status == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == len(use_session_extractor.analyze(TEXT, Options()).attributions)
    for line in lines:
        assert line["file"] == str(article)
        assert {"id", "type", "quote", "speaker", "role", "cue", "confidence"} <= set(line)


def test_table(use_session_extractor: Extractor, article: Path) -> None:
    status, out = run_cli(["--format", "table", str(article)])
    assert status == 0
    lines = out.splitlines()
    count = len(use_session_extractor.analyze(TEXT, Options()).attributions)
    assert lines[0].startswith(f"== {article} ({count} attribution")
    if count:
        assert lines[1].split() == ["TYPE", "SPEAKER", "ROLE", "CUE", "QUOTE"]
        assert len(lines) == 2 + count


@pytest.mark.parametrize("args", [[], ["-"]], ids=["no-args", "dash"])
def test_stdin(use_session_extractor: Extractor, args: list[str]) -> None:
    status, out = run_cli(args, stdin=TEXT.encode("utf-8"))
    assert status == 0
    result = json.loads(out)
    assert result["file"] == "-"
    assert without_timings(result)["meta"]["characters"] == len(TEXT)  # CRLF not translated
    for a in result["attributions"]:
        assert TEXT[a["quote"]["start"] : a["quote"]["end"]] == a["quote"]["text"]


def test_bad_input_is_reported_and_the_rest_still_analysed(
    use_session_extractor: Extractor, article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("café".encode("latin-1"))
    status, out = run_cli([str(tmp_path / "missing.txt"), str(bad), str(article)])
    assert status == 1
    assert json.loads(out)["file"] == str(article)
    err = capsys.readouterr().err
    assert "missing.txt: no such file" in err
    assert "latin1.txt: not valid UTF-8" in err


def test_missing_file_in_a_subprocess_has_no_traceback(tmp_path: Path) -> None:
    # No readable input, so the models are never loaded and this runs in about a second.
    proc = subprocess.run(
        [sys.executable, "-m", "service.cli", str(tmp_path / "nope.txt")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "nope.txt: no such file" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_missing_model_dir_exits_3(article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_cli(["--model-dir", str(tmp_path / "no-models"), str(article)])
    assert status == 3
    assert out == ""
    assert "cannot load models" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["--min-confidence", "2"], ["--format", "xml"]):
        with pytest.raises(SystemExit) as exit_info:  # argparse exits by itself
            cli.main(args)
        assert exit_info.value.code == 2, args
    assert run_cli(["-", "-"]) == (2, "")
    assert "Traceback" not in capsys.readouterr().err
