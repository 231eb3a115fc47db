"""The newsroom page at ``GET /``: served by the app, out of the OpenAPI document, and working in a real browser.

The browser tests drive Debian's chromium headless through Playwright (``executable_path``: nothing is
downloaded), against the app on a real HTTP server in a thread, with the session's real extractor. They skip
when playwright or chromium is missing, and fail instead when ``QUOTES_REQUIRE_BROWSER`` is set (.ci/run).
Every browser test leaves a screenshot in ``$QUOTES_SCREENSHOT_DIR`` (default ``build/screenshots``); the
seed test also writes the README's picture, ``docs/page-seed.png``, when ``QUOTES_README_SCREENSHOT`` is set.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, Response, request
from werkzeug.serving import make_server

from service import create_app
from service.attribution import Extractor

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = (ROOT / "seeds" / "ukraine-recognition.txt").read_text(encoding="utf-8")
# Small enough that the 413 test posts little, large enough for the seed.
MAX_CHARS = len(SEED_TEXT) + 200
CHROMIUM = os.environ.get("QUOTES_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("QUOTES_SCREENSHOT_DIR") or ROOT / "build" / "screenshots")
README_PNG = ROOT / "docs" / "page-seed.png"
API_PATH = "/v1/attributions"
# How long a browser step may wait for an analysis: the seed takes seconds, more on a loaded 2-core machine.
ANALYSIS_MS = 120_000


# --- served by the app, outside the API document ---------------------------------------------------------


def test_page_and_its_assets_are_served(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp and "default-src 'none'" in csp
    html = response.get_data(as_text=True)
    assert f'data-api="{API_PATH}"' in html
    # No CDN or other origin anywhere: every asset is a path on this server.
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    assets = re.findall(r"""(?:src|href)="(/static/[^"]+)\"""", html)
    assert {"/static/page.js", "/static/page.css"} <= set(assets)
    seen: set[str] = set()
    pending = list(assets)
    while pending:  # follow the modules' own imports
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        asset = client.get(path)
        assert asset.status_code == 200, path
        if path.endswith(".js"):
            assert asset.mimetype in ("text/javascript", "application/javascript"), (path, asset.mimetype)
            source = asset.get_data(as_text=True)
            assert "http://" not in source and "https://" not in source, path
            pending += ["/static/" + name for name in re.findall(r"""from "\./([\w.-]+\.js)";""", source)]
        elif path.endswith(".css"):
            assert asset.mimetype == "text/css"
            assert "@import" not in asset.get_data(as_text=True) and "url(http" not in asset.get_data(as_text=True)
    assert {"/static/render.js", "/static/export.js", "/static/errors.js"} <= seen


def test_page_is_left_out_of_the_openapi_document(client) -> None:
    spec = client.get("/openapi.json").get_json()
    assert "/" not in spec["paths"]
    assert not [path for path in spec["paths"] if path.startswith("/static")]
    assert not [tag for tag in spec.get("tags", []) if tag["name"] == "web"]


def test_unknown_static_file_is_a_404_problem(client) -> None:
    response = client.get("/static/nothing.js")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_an_installed_package_carries_the_page(tmp_path: Path) -> None:
    """The Dockerfile installs the project non-editable: the wheel must hold the template and static files."""
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [p for d in ("static", "templates") for p in (ROOT / "service" / d).iterdir() if p.is_file()]
    assert shipped
    for path in shipped:
        assert path.relative_to(ROOT).as_posix() in names, path



def test_readme_shows_the_page_and_the_dockerfile_ships_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/page-seed.png)" in readme
    assert README_PNG.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "http://localhost:8000/" in readme and "left out of the OpenAPI document" in readme
    # the image installs the package from this copy, non-editable (the wheel test above checks its contents)
    assert "COPY service ./service" in (ROOT / "Dockerfile").read_text(encoding="utf-8")

# --- a real server and a real browser --------------------------------------------------------------------


class ParseOnceExtractor(Extractor):
    """The session's extractor, parsing each distinct text once: these tests post the seed again and again.

    It shares the real extractor's pipeline and lock; only the parse is remembered, so every request still
    runs the attribution with its own options.
    """

    def __init__(self, real: Extractor) -> None:
        self.__dict__.update(real.__dict__)
        self._parsed: dict[str, Any] = {}

    def parse(self, texts: Sequence[str], deadline=None):
        """Parse the texts not seen before, then answer every text from memory."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._parsed]
        if missing:
            self._parsed.update(zip(missing, super().parse(missing, deadline), strict=True))
        return [self._parsed[t] for t in texts]


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve ``app`` on a free loopback port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(extractor: Extractor) -> Iterator[str]:
    """The service with the real extractor and a small text limit, over HTTP."""
    app = create_app(
        config={"TESTING": True, "QUOTES_MAX_DOCUMENT_CHARS": MAX_CHARS}, extractor=ParseOnceExtractor(extractor)
    )
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless, through Playwright."""
    required = bool(os.environ.get("QUOTES_REQUIRE_BROWSER"))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        if required:
            pytest.fail(f"QUOTES_REQUIRE_BROWSER is set but playwright cannot be imported: {exc}", pytrace=False)
        pytest.skip(f"playwright is not installed: {exc}")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        if required:
            pytest.fail(f"QUOTES_REQUIRE_BROWSER is set but there is no chromium at {CHROMIUM}", pytrace=False)
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser tab (own storage); fails the test on any script error, and leaves a screenshot."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))

    def on_console(message) -> None:
        # A refused request is logged by the browser as a console error; several tests cause one on purpose.
        if message.type == "error" and "Failed to load resource" not in message.text:
            errors.append(message.text)

    tab.on("console", on_console)
    try:
        yield tab
        assert not errors, f"script errors on the page: {errors}"
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        try:
            tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        finally:
            context.close()


def open_page(tab, url: str) -> None:
    """Load the page and wait for its module to have wired everything up."""
    tab.goto(url + "/")
    tab.wait_for_selector("#app[data-ready='true']", state="attached")


def find_quotes(tab, text: str) -> dict[str, Any]:
    """Paste ``text``, press "Find quotes", wait for the marks; returns the API's answer as the page got it."""
    tab.get_by_label("Article text").fill(text)
    with tab.expect_response(lambda r: r.url.endswith(API_PATH), timeout=ANALYSIS_MS) as answer:
        tab.get_by_role("button", name="Find quotes").click()
    response = answer.value
    assert response.status == 200, response.text()
    analysis = response.json()
    tab.wait_for_function("() => document.querySelector('#results') && !document.querySelector('#results').hidden")
    return analysis


def marks(tab) -> list[dict[str, Any]]:
    """One entry per highlighted quotation: its id, data attributes and its text (all fragments joined)."""
    return tab.evaluate(
        """() => {
            const byId = new Map();
            for (const m of document.querySelectorAll('#article mark')) {
                const e = byId.get(m.dataset.id) ||
                    {id: m.dataset.id, speaker: m.dataset.speaker, type: m.dataset.type, text: '', fragments: 0};
                // the mark's own text: nested marks of other quotations are counted for themselves
                for (const n of m.childNodes) {
                    if (!(n.nodeType === 1 && n.tagName === 'MARK')) e.text += n.textContent;
                }
                e.fragments += 1;
                byId.set(m.dataset.id, e);
            }
            return [...byId.values()];
        }"""
    )


def speaker_row(tab, name: str) -> dict[str, str]:
    """The speaker panel's facts for the entity called ``name``."""
    item = tab.locator("#speakers li").filter(has=tab.get_by_role("button", name=name, exact=True))
    assert item.count() == 1, f"{name} is not listed once in the speaker panel"
    return {
        key: item.locator(f"dd.{key}").inner_text()
        for key in ("kind", "title", "affiliation", "quotes", "words", "share")
    }


def seed_stoltenberg(analysis: dict[str, Any]) -> str:
    (entity,) = [s["entity"] for s in analysis["speakers"] if s["name"] == "Jens Stoltenberg"]
    return entity


def attributed(analysis: dict[str, Any], keep: Callable[[dict[str, Any]], bool] = lambda a: True) -> list[dict]:
    return [a for a in analysis["attributions"] if a["speaker"] is not None and keep(a)]


# --- the seed --------------------------------------------------------------------------------------------


def test_seed_is_highlighted_with_its_speakers(page, base_url: str) -> None:
    open_page(page, base_url)
    analysis = find_quotes(page, SEED_TEXT)
    shown = marks(page)
    assert len(shown) >= 16
    expected = attributed(analysis)
    assert [m["id"] for m in shown] == [a["id"] for a in expected]
    for mark, record in zip(shown, expected, strict=True):
        assert mark["speaker"] == record["speaker"]["entity"]
        assert mark["type"] == record["type"]
        # the highlight is the quote as the service found it, sliced by code points
        assert mark["text"] == record["quote"]["text"] == SEED_TEXT[record["quote"]["start"] : record["quote"]["end"]]
    # The whole article is there, character for character, around the marks.
    assert page.locator("#article").evaluate("el => el.textContent") == SEED_TEXT

    row = speaker_row(page, "Jens Stoltenberg")
    assert (row["title"], row["affiliation"], row["kind"]) == ("Secretary General", "NATO", "person")
    mine = attributed(analysis, lambda a: a["speaker"]["name"] == "Jens Stoltenberg")
    assert row["quotes"] == str(len(mine))
    # words quoted and shares, counted here the page's way (runs of letters and digits, joined by ' ’ . -)
    words = {}
    for a in expected:
        count = len(re.findall(r"[^\W_]+(?:['’.\-][^\W_]+)*", a["quote"]["text"]))
        words[a["speaker"]["name"]] = words.get(a["speaker"]["name"], 0) + count
    total = sum(words.values())
    for name, count in words.items():
        facts = speaker_row(page, name)
        assert facts["words"] == str(count), name
        assert facts["share"] == f"{round(100 * count / total)}%", name
    # Each speaker's colour is the same on all its marks and differs from the others'.
    colours = page.evaluate(
        """() => {
            const out = {};
            for (const m of document.querySelectorAll('#article mark')) {
                (out[m.dataset.speaker] ||= new Set()).add(getComputedStyle(m).backgroundColor);
            }
            return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v]]));
        }"""
    )
    assert all(len(v) == 1 for v in colours.values()), colours
    assert len({v[0] for v in colours.values()}) == len(colours)
    legend = page.locator("#legend-speakers li").all_inner_texts()
    assert {a["speaker"]["name"] for a in expected} == {t.strip() for t in legend}

    # The pictures: the result with the tooltip of the first quotation by a person with a title. Focus, not
    # hover: a full-page screenshot resizes the viewport, and what lies under a resting pointer changes.
    first = next(a for a in expected if a["speaker"]["kind"] == "person" and a["role"] and a["role"]["title"])
    page.locator(f"#article mark[data-id='{first['id']}'][tabindex='0']").focus()
    assert first["speaker"]["name"] in page.locator("#tooltip").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "seed-result.png"), full_page=True)
    if os.environ.get("QUOTES_README_SCREENSHOT"):
        README_PNG.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(README_PNG), full_page=True, clip=_readme_clip(page))


def _readme_clip(tab) -> dict[str, float]:
    """From the results' heading down to just past the tooltip."""
    box = tab.evaluate(
        """() => {
            const top = document.querySelector('#results').getBoundingClientRect().top + scrollY - 8;
            const bottom = document.querySelector('#tooltip').getBoundingClientRect().bottom + scrollY + 24;
            return {top, bottom};
        }"""
    )
    return {"x": 0, "y": box["top"], "width": 1280, "height": box["bottom"] - box["top"]}


def test_clicking_a_speaker_filters_the_highlights(page, base_url: str) -> None:
    open_page(page, base_url)
    analysis = find_quotes(page, SEED_TEXT)
    entity = seed_stoltenberg(analysis)
    button = page.get_by_role("button", name="Jens Stoltenberg", exact=True)
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    shown = marks(page)
    assert [m["id"] for m in shown] == [
        a["id"] for a in attributed(analysis, lambda a: a["speaker"]["entity"] == entity)
    ]
    assert {m["speaker"] for m in shown} == {entity}
    assert "Jens Stoltenberg" in page.locator("#filter-note").inner_text()
    # pressed again (the focus stays on it), every speaker is back
    page.get_by_role("button", name="Jens Stoltenberg", exact=True).press("Enter")
    assert page.get_by_role("button", name="Jens Stoltenberg", exact=True).get_attribute("aria-pressed") == "false"
    assert page.evaluate("document.activeElement.textContent") == "Jens Stoltenberg"
    assert len(marks(page)) == len(attributed(analysis))
    assert page.locator("#filter-note").is_hidden()


def test_confidence_slider_filters_and_asks_the_api_below_what_it_has(page, base_url: str) -> None:
    open_page(page, base_url)
    slider = page.get_by_label("Minimum confidence")
    slider.focus()
    for _ in range(10):  # 0.50, by keyboard
        slider.press("ArrowRight")
    with page.expect_request(lambda r: r.url.endswith(API_PATH)) as sent:
        analysis = find_quotes(page, SEED_TEXT)
    assert json.loads(sent.value.post_data)["options"]["min_confidence"] == pytest.approx(0.5)
    assert all(a["confidence"] >= 0.5 for a in analysis["attributions"])
    assert len(marks(page)) == len(attributed(analysis))

    # Higher than what the page has: filtered at once, no request.
    requests: list[dict[str, Any]] = []
    page.on("request", lambda r: requests.append(json.loads(r.post_data)) if r.url.endswith(API_PATH) else None)
    slider.focus()
    for _ in range(8):  # 0.90
        slider.press("ArrowRight")
    assert page.locator("#min-confidence-value").inner_text() == "0.90"
    high = [a["id"] for a in attributed(analysis, lambda a: a["confidence"] >= 0.9)]
    assert 0 < len(high) < len(attributed(analysis))
    assert [m["id"] for m in marks(page)] == high
    assert requests == []

    # Lower than what was asked for: the page asks the API again with the new min_confidence.
    with page.expect_response(lambda r: r.url.endswith(API_PATH), timeout=ANALYSIS_MS) as answer:
        for _ in range(9):  # 0.45
            slider.press("ArrowLeft")
    assert requests and requests[-1]["options"]["min_confidence"] == pytest.approx(0.45)
    again = answer.value.json()
    page.wait_for_function(
        "n => document.querySelector('#article').dataset.count === String(n)", arg=len(attributed(again))
    )
    assert [m["id"] for m in marks(page)] == [a["id"] for a in attributed(again)]
    # lowering the floor never loses a quotation the higher one had
    assert {a["id"] for a in analysis["attributions"]} <= {a["id"] for a in again["attributions"]}


def test_unattributed_toggle_asks_for_them_and_shows_them(page, base_url: str) -> None:
    open_page(page, base_url)
    analysis = find_quotes(page, SEED_TEXT)
    assert all(a["speaker"] is not None for a in analysis["attributions"])
    with (
        page.expect_request(lambda r: r.url.endswith(API_PATH)) as sent,
        page.expect_response(lambda r: r.url.endswith(API_PATH), timeout=ANALYSIS_MS) as answer,
    ):
        page.get_by_label("Show quotations with no speaker found").check()
    assert json.loads(sent.value.post_data)["options"]["include_unattributed"] is True
    full = answer.value.json()
    nobody = [a["id"] for a in full["attributions"] if a["speaker"] is None]
    assert nobody, "the seed has quotations with no speaker found"
    page.wait_for_function(
        "n => document.querySelector('#article').dataset.count === String(n)", arg=len(full["attributions"])
    )
    assert [m["id"] for m in marks(page) if m["speaker"] == ""] == nobody
    assert speaker_row(page, "No speaker found")["quotes"] == str(len(nobody))
    # Off again: no new request is needed to leave them out.
    page.get_by_label("Show quotations with no speaker found").uncheck()
    assert [m["speaker"] for m in marks(page) if m["speaker"] == ""] == []


def test_beliefs_toggle_keeps_the_speaker_filter(page, base_url: str) -> None:
    text = "Volodymyr Zelensky believes that Russia will fail. “We will win,” he said. “Not now,” Jen Psaki said."
    open_page(page, base_url)
    analysis = find_quotes(page, text)
    assert all(a["type"] != "belief" for a in analysis["attributions"])
    page.get_by_role("button", name="Volodymyr Zelensky", exact=True).click()
    assert "only Volodymyr Zelensky" in page.locator("#status").inner_text()  # said in the live region
    with page.expect_request(lambda r: r.url.endswith(API_PATH)) as sent, page.expect_response(
        lambda r: r.url.endswith(API_PATH), timeout=ANALYSIS_MS
    ) as answer:
        page.get_by_label("Also show beliefs and intentions").check()
    assert json.loads(sent.value.post_data)["options"]["include_beliefs"] is True
    full = answer.value.json()
    (entity,) = {s["entity"] for s in full["speakers"] if s["name"] == "Volodymyr Zelensky"}
    his = [a["id"] for a in full["attributions"] if a["speaker"] and a["speaker"]["entity"] == entity]
    assert any(a["type"] == "belief" for a in full["attributions"] if a["id"] in his)
    page.wait_for_function("n => document.querySelector('#article').dataset.count === String(n)", arg=len(his))
    # the same text asked again: the filter on Zelensky stays, and his belief is among the marks
    assert [m["id"] for m in marks(page)] == his
    assert "belief" in {m["type"] for m in marks(page)}
    page.get_by_label("Also show beliefs and intentions").uncheck()
    assert "belief" not in {m["type"] for m in marks(page)}


def test_exports_hold_the_view(page, base_url: str) -> None:
    open_page(page, base_url)
    analysis = find_quotes(page, SEED_TEXT)
    page.get_by_role("button", name="Jens Stoltenberg", exact=True).click()
    shown = [m["id"] for m in marks(page)]

    with page.expect_download() as download:
        page.get_by_role("button", name="Export JSON").click()
    assert download.value.suggested_filename == "quotes.json"
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [a["id"] for a in exported["attributions"]] == shown
    by_id = {a["id"]: a for a in analysis["attributions"]}
    assert exported["attributions"] == [by_id[i] for i in shown]
    assert [s["name"] for s in exported["speakers"]] == ["Jens Stoltenberg"]
    assert exported["text"] == SEED_TEXT
    assert exported["view"]["speaker"] == seed_stoltenberg(analysis)

    page.get_by_role("button", name="Jens Stoltenberg", exact=True).click()  # all speakers again
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    assert download.value.suggested_filename == "quotes.csv"
    raw = Path(download.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    expected = attributed(analysis)
    assert [r["id"] for r in rows] == [a["id"] for a in expected]
    for row, record in zip(rows, expected, strict=True):
        start, end = int(row["quote_start"]), int(row["quote_end"])
        quote = record["quote"]["text"]
        assert SEED_TEXT[start:end] == quote
        assert row["quote"] == ("'" + quote if quote[:1] in ("=", "+", "-", "@") else quote)
        assert row["speaker"] == record["speaker"]["name"]
        role = record["role"] or {"title": None, "affiliation": None}
        assert (row["title"], row["affiliation"]) == (role["title"] or "", role["affiliation"] or "")
        assert row["type"] == record["type"]
        if record["cue"]:
            assert SEED_TEXT[int(row["cue_start"]) : int(row["cue_end"])] == row["cue"]
        assert SEED_TEXT[int(row["mention_start"]) : int(row["mention_end"])] == row["mention"]
        assert float(row["confidence"]) == record["confidence"]


def test_csv_cells_are_escaped_and_formulas_defused(page, base_url: str) -> None:
    open_page(page, base_url)
    cells = page.evaluate(
        """async () => {
            const { csvCell } = await import('/static/export.js');
            return ['plain', 'a, b', 'say "no"', 'two\\nlines', '=1+1', '-2', '@x', 3, null, 0.95].map(csvCell);
        }"""
    )
    assert cells == ["plain", '"a, b"', '"say ""no"""', '"two\nlines"', "'=1+1", "'-2", "'@x", "3", "", "0.95"]


def test_overlapping_spans_nest_or_split_and_keep_the_text(page, base_url: str) -> None:
    open_page(page, base_url)
    out = page.evaluate(
        """async () => {
            const { layOut } = await import('/static/render.js');
            const root = document.createElement('div');
            const items = [
                {name: 'A', start: 1, end: 10, rank: 0}, {name: 'B', start: 6, end: 14, rank: 0},
                {name: 'c', start: 3, end: 5, rank: 1}, {name: 'bad', start: 9, end: 99, rank: 0},
            ];
            layOut(root, '😀0123456789abcdef', items, (item) => {
                const e = document.createElement('i'); e.dataset.n = item.name; return e; });
            const shape = (n) => n.nodeType === 3 ? n.textContent
                : {[n.dataset.n]: [...n.childNodes].map(shape)};
            return {text: root.textContent, shape: [...root.childNodes].map(shape)};
        }"""
    )
    assert out["text"] == "😀0123456789abcdef"  # nothing lost, nothing doubled; the bad span is dropped
    # A holds c; B crosses A's end, so B is split into a fragment inside A and one after it
    assert out["shape"] == ["😀", {"A": ["01", {"c": ["23"]}, "4", {"B": ["5678"]}]}, {"B": ["9abc"]}, "def"]

# --- errors ----------------------------------------------------------------------------------------------


def error_text(tab) -> str:
    tab.wait_for_selector("#error:not([hidden])")
    return tab.locator("#error").inner_text()


def refused(tab, text: str) -> str:
    """Paste ``text``, press "Find quotes" and return the error message the page shows."""
    tab.get_by_label("Article text").fill(text)
    tab.get_by_role("button", name="Find quotes").click()
    return error_text(tab)


def test_over_long_text_shows_the_413_message(page, base_url: str) -> None:
    open_page(page, base_url)
    page.get_by_label("Article text").fill("word " * (MAX_CHARS // 5 + 1))
    with page.expect_response(lambda r: r.url.endswith(API_PATH)) as answer:
        page.get_by_role("button", name="Find quotes").click()
    assert answer.value.status == 413
    message = error_text(page)
    assert "413" in message
    assert f"at most {MAX_CHARS:,}" in message  # the problem's detail and the page's advice
    assert "Shorten the text" in message
    assert page.locator("#results").is_hidden()
    assert page.get_by_role("alert").count() == 1


def test_empty_text_shows_the_422_message(page, base_url: str) -> None:
    open_page(page, base_url)
    message = refused(page, "   ")
    assert "422" in message and "text" in message


def test_models_unavailable_shows_the_503_message(page, tmp_path: Path) -> None:
    app = create_app(config={"TESTING": True, "QUOTES_MODEL_DIR": str(tmp_path / "no-models")})
    with serving(app) as url:
        open_page(page, url)
        message = refused(page, "“Not now,” she said.")
    assert "503" in message and "Try again in 30 seconds" in message


def test_network_failure_and_a_proxy_page_are_readable(page, base_url: str) -> None:
    open_page(page, base_url)
    page.route("**" + API_PATH, lambda route: route.abort())
    assert "could not be reached" in refused(page, "“Not now,” she said.")

    page.unroute("**" + API_PATH)
    page.route(
        "**" + API_PATH,
        lambda route: route.fulfill(status=502, content_type="text/html", body="<html><b>Bad gateway</b></html>"),
    )
    page.get_by_role("button", name="Find quotes").click()
    page.wait_for_function("() => document.querySelector('#error').innerText.includes('502')")
    message = error_text(page)
    assert "502" in message and "<b>" not in message


def test_api_key_is_sent_kept_per_tab_and_refusals_are_readable(page, browser, extractor: Extractor) -> None:
    """The service's own API keys (QUOTES_API_KEYS): 401 without a key, 403 with a wrong one, the page open."""
    app = create_app(config={"TESTING": True, "QUOTES_API_KEYS": "right-key-0123456789"}, extractor=extractor)
    seen: list[str | None] = []

    @app.after_request  # after, so refused requests are seen too
    def record_key(response: Response) -> Response:
        if request.path.startswith("/v1/"):
            seen.append(request.headers.get("Authorization"))
        return response

    with serving(app) as url:
        open_page(page, url)
        message = refused(page, "“Not now,” the spokesperson said on Monday.")
        assert "401" in message and "API key" in message

        key_field = page.get_by_label("API key")
        assert key_field.get_attribute("type") == "password"
        key_field.fill("wrong-key")
        page.get_by_role("button", name="Find quotes").click()
        page.wait_for_function("() => document.querySelector('#error').innerText.includes('403')")
        assert "not accepted" in error_text(page)

        key_field.fill("clé secrète")  # no such header can be sent: said so, and nothing is posted
        page.get_by_role("button", name="Find quotes").click()
        page.wait_for_function("() => document.querySelector('#error').innerText.includes('cannot be sent')")
        assert len(seen) == 2

        key_field.fill("right-key-0123456789")
        page.get_by_role("button", name="Find quotes").click()
        page.wait_for_selector("#article mark")
        assert page.locator("#error").is_hidden()
        assert seen == [None, "Bearer wrong-key", "Bearer right-key-0123456789"]

        storage = page.evaluate("[sessionStorage.getItem('quotes.apiKey'), localStorage.length, document.cookie]")
        assert storage == ["right-key-0123456789", 0, ""]
        page.reload()
        page.wait_for_selector("#app[data-ready='true']", state="attached")
        assert page.get_by_label("API key").input_value() == "right-key-0123456789"  # same tab
        other = browser.new_context().new_page()
        try:
            open_page(other, url)
            assert other.get_by_label("API key").input_value() == ""  # another tab starts empty
        finally:
            other.context.close()


# --- text handling, keyboard, screen readers, narrow screens ---------------------------------------------

SHORT = (
    "🎉🎉 Party night. “We will <b>win</b> & <img src=x onerror=window.__xss=1>,” President Volodymyr Zelensky "
    "said on Tuesday. NATO Secretary General Jens Stoltenberg said the move undermines Ukraine's sovereignty."
)


def test_astral_characters_and_markup_in_the_text(page, base_url: str) -> None:
    open_page(page, base_url)
    analysis = find_quotes(page, SHORT)
    shown = marks(page)
    assert shown, "no quotation found in the short text"
    for mark, record in zip(shown, attributed(analysis), strict=True):
        # code-point offsets: with UTF-16 indices the emoji would shift every highlight by two
        assert mark["text"] == record["quote"]["text"]
    assert "<b>win</b>" in "".join(m["text"] for m in shown)
    assert page.locator("#article b, #article img, #tooltip img, #speakers img").count() == 0
    assert page.evaluate("window.__xss") is None
    assert page.locator("#article").evaluate("el => el.textContent") == SHORT


def test_keyboard_reaches_the_marks_and_the_tooltip_tells_who(page, base_url: str) -> None:
    open_page(page, base_url)
    analysis = find_quotes(page, SHORT)
    records = attributed(analysis)
    assert records
    page.get_by_role("button", name="Find quotes").focus()
    order = []
    for _ in range(20):
        page.keyboard.press("Tab")
        active = page.evaluate("[document.activeElement.tagName, document.activeElement.textContent.trim()]")
        order.append(active)
        if active[0] == "MARK":
            break
    assert order[-1][0] == "MARK", f"Tab never reached a quotation: {order}"
    # the exports come before the article, the article before the speaker panel
    assert ["BUTTON", "Export JSON"] in order and ["BUTTON", "Export CSV"] in order

    first = records[0]
    tip = page.locator("#tooltip")
    assert tip.is_visible()
    text = tip.inner_text()
    assert first["speaker"]["name"] in text
    assert f"{round(first['confidence'] * 100)}%" in text
    if first["cue"]:
        assert first["cue"]["text"] in text
    title = first["role"]["title"] if first["role"] else None
    if title:
        assert title in text
    underlined = page.evaluate(
        """() => [...document.querySelectorAll('#article .on')].map(e => [e.className, e.textContent,
                  getComputedStyle(e).textDecorationLine])"""
    )
    expected = {("mention on", first["speaker"]["text"], "underline")}
    if first["cue"]:
        expected.add(("cue on", first["cue"]["text"], "underline"))
    assert set(map(tuple, underlined)) == expected
    # the screen reader's version: the description the mark points at
    description = page.evaluate(
        "document.getElementById(document.activeElement.getAttribute('aria-describedby')).textContent"
    )
    assert first["speaker"]["name"] in description and first["type"] in description

    page.keyboard.press("Escape")
    assert tip.is_hidden()
    assert page.locator("#article .on").count() == 0

    # pointing at another quotation shows its own speaker
    if len(records) > 1:
        page.locator(f"#article mark[data-id='{records[1]['id']}']").first.hover()
        assert records[1]["speaker"]["name"] in tip.inner_text()


def _contrast(fg: Sequence[float], bg: Sequence[float]) -> float:
    def luminance(rgb: Sequence[float]) -> float:
        channels = [c / 255 for c in rgb[:3]]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(x) for x in re.findall(r"[\d.]+", css)[:3])


def test_labels_and_contrast(page, base_url: str) -> None:
    open_page(page, base_url)
    find_quotes(page, SEED_TEXT)
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, textarea, select')]
                 .filter(e => !e.labels || e.labels.length === 0).map(e => e.id)"""
    )
    assert unlabelled == []
    nameless = page.evaluate(
        "() => [...document.querySelectorAll('button')].filter(b => !b.textContent.trim()).map(b => b.outerHTML)"
    )
    assert nameless == []
    for mark in page.evaluate(
        """() => [...document.querySelectorAll('#article mark.q:not(.unattributed), #speakers button')]
                 .map(m => [getComputedStyle(m).color, getComputedStyle(m).backgroundColor])"""
    ):
        fg, bg = _rgb(mark[0]), _rgb(mark[1])
        assert _contrast(fg, bg) >= 4.5, mark
    for selector in ("#status", ".help", "#speakers dt", "button.primary", "#export-json"):
        fg, bg = page.evaluate(
            """s => { const e = document.querySelector(s); const c = getComputedStyle(e);
                      let b = e;
                      while (b && getComputedStyle(b).backgroundColor === 'rgba(0, 0, 0, 0)') b = b.parentElement;
                      return [c.color, b ? getComputedStyle(b).backgroundColor : 'rgb(255, 255, 255)']; }""",
            selector,
        )
        assert _contrast(_rgb(fg), _rgb(bg)) >= 4.5, (selector, fg, bg)


def test_narrow_screen_has_no_sideways_scroll(browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        tab = context.new_page()
        open_page(tab, base_url)
        find_quotes(tab, SEED_TEXT)
        widths = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], widths
        # the speaker panel goes under the article rather than beside it
        article, panel = (tab.locator(s).bounding_box() for s in ("#article", ".speakers"))
        assert panel["y"] >= article["y"] + article["height"]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / "narrow-seed.png"), full_page=False)
    finally:
        context.close()


def test_a_dropped_file_is_posted_as_stored(page, base_url: str, tmp_path: Path) -> None:
    text = "“We are ready,” the spokesperson said on Monday.\r\n“Not now,” Jen Psaki told reporters.\r\n"
    open_page(page, base_url)
    data_transfer = page.evaluate_handle(
        """text => { const dt = new DataTransfer();
                     dt.items.add(new File([text], 'article.txt', {type: 'text/plain'})); return dt; }""",
        text,
    )
    page.locator("#drop").dispatch_event("drop", {"dataTransfer": data_transfer})
    page.wait_for_function("() => document.querySelector('#text').value.includes('Jen Psaki')")
    with page.expect_request(lambda r: r.url.endswith(API_PATH)) as sent:
        page.get_by_role("button", name="Find quotes").click()
    # the textarea shows LF line ends, but the file's CRLF text is what the offsets must index
    assert json.loads(sent.value.post_data)["text"] == text
    page.wait_for_selector("#article mark")
    assert page.locator("#article").evaluate("el => el.textContent") == text

    # an opened file that is not UTF-8 is refused with a message
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("“Caf\xe9,” she said.".encode("cp1252"))
    page.get_by_label("Or open a .txt file").set_input_files(str(latin1))
    assert "not UTF-8" in error_text(page)
