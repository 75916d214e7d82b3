"""report.html in a real browser: Debian's headless Chromium, driven over the DevTools
protocol (websocket-client), emulating a 390 px phone.

Checks what only a browser can: the page lays out at the phone's width (the viewport meta
is honoured and no table pushes the page wider), the sort buttons order rows (numbers as
numbers, "too few quotes" last either way), the filter box hides the rows that do not
match, and without JavaScript the tables are all there. Slow; skipped when
/usr/bin/chromium is absent (``apt-get install chromium``).
"""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from audit.report.html import render_html
from audit.score import Scores
from report_helpers import LONG_TITLE, report_scores, wide_scores

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run")
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
STARTUP_SECONDS = 30

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)"),
]

websocket = pytest.importorskip("websocket", reason="needs websocket-client (pip install -e '.[test]')")


class DevTools:
    """One page over the DevTools protocol: ``call`` waits for its answer, keeping events."""

    def __init__(self, url: str) -> None:
        self.ws = websocket.create_connection(url, timeout=STARTUP_SECONDS, suppress_origin=True)
        self.events: list[dict[str, Any]] = []
        self._id = 0

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self._id:
                assert "error" not in message, message
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event: str) -> None:
        while not any(e.get("method") == event for e in self.events):
            self.events.append(json.loads(self.ws.recv()))
        self.events.clear()

    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element (scrolled into view first)."""
        box = self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView(); "
                      "const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)


@contextmanager
def chromium(profile: Path) -> Iterator[DevTools]:
    """Headless Chromium with a fresh profile; the DevTools client of its first page."""
    process = subprocess.Popen(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    tools = None
    try:
        port_file, deadline = profile / "DevToolsActivePort", time.monotonic() + STARTUP_SECONDS
        while not (port_file.exists() and port_file.read_text().strip()):
            assert process.poll() is None and time.monotonic() < deadline, "chromium did not start"
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=STARTUP_SECONDS) as answer:
            page = next(t for t in json.load(answer) if t["type"] == "page")
        tools = DevTools(page["webSocketDebuggerUrl"])
        tools.call("Page.enable")
        yield tools
    finally:
        if tools is not None:
            tools.ws.close()
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


UNBROKEN = "Unbroken" * 40
"""A 320-character word (a pasted URL, a hashtag run): it must wrap, not widen the page."""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of report_helpers' store, with one statement's words and one outlet's
    name made of a single very long word."""
    folder = tmp_path_factory.mktemp("browser")
    scores = report_scores(folder / "report.duckdb")
    long = {
        "statements": scores.statements.with_columns(
            reference_text=pl.when(pl.col("statement_id") == "s-restore").then(pl.lit(UNBROKEN))
            .otherwise("reference_text")),
        "outlets": scores.outlets.with_columns(
            outlet=pl.when(pl.col("outlet") == "Calm Gazette").then(pl.lit(UNBROKEN)).otherwise("outlet")),
    }
    page = folder / "report.html"
    page.write_text(render_html(Scores(**{**dict(scores.items()), **long})), encoding="utf-8")
    assert page.read_text(encoding="utf-8").count(UNBROKEN) == 2  # the heading and the outlets table
    return page


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevTools]:
    with chromium(tmp_path_factory.mktemp("profile")) as tools:
        tools.call("Emulation.setDeviceMetricsOverride", **PHONE)
        yield tools


WIDTHS = "[document.documentElement.scrollWidth, window.innerWidth]"


def _column(browser: DevTools, table: str, index: int) -> list[str]:
    return browser.js(f"Array.from(document.querySelectorAll('#{table} tbody tr')).filter(r => !r.hidden)"
                      f".map(r => r.cells[{index}].getAttribute('data-sort') ?? r.cells[{index}].textContent.trim())")


def test_the_page_fits_a_390_px_phone(browser: DevTools, report: Path, tmp_path: Path) -> None:
    browser.open(report.as_uri())
    scroll_width, inner_width = browser.js(WIDTHS)
    assert inner_width == 390  # the viewport meta is honoured: a phone does not lay it out 980 px wide
    assert scroll_width <= inner_width
    wide = browser.js("Array.from(document.querySelectorAll('.scroll')).filter(e => e.scrollWidth > e.clientWidth).length")
    assert wide == 0  # the tables wrap to the phone's width (their .scroll box is only a fallback)
    bare = tmp_path / "bare.html"  # the same page without the viewport meta: the check can fail
    bare.write_text(report.read_text(encoding="utf-8").replace('<meta name="viewport"', '<meta name="x"'), "utf-8")
    browser.open(bare.as_uri())
    assert browser.js(WIDTHS)[1] > 390


def test_sort_buttons_order_rows(browser: DevTools, report: Path) -> None:
    browser.open(report.as_uri())
    before = _column(browser, "outlets-table", 0)
    browser.click("#outlets-table thead th:nth-child(3) button")  # quotes
    quotes = [float(v) for v in _column(browser, "outlets-table", 2)]
    assert quotes == sorted(quotes) and browser.js(
        "document.querySelector('#outlets-table thead th:nth-child(3)').getAttribute('aria-sort')") == "ascending"
    browser.click("#outlets-table thead th:nth-child(3) button")
    assert [float(v) for v in _column(browser, "outlets-table", 2)] == sorted(quotes, reverse=True)
    for _ in range(2):  # sourcing, ascending then descending: scores hidden for too few quotes stay last
        browser.click("#outlets-table thead th:nth-child(4) button")
        keys = _column(browser, "outlets-table", 3)
        shown = [float(k) for k in keys if k]
        assert keys[:len(shown)] == [k for k in keys if k] and not any(keys[len(shown):])
        assert shown in (sorted(shown), sorted(shown, reverse=True)) and len(shown) >= 2
    browser.click("#outlets-table thead th:nth-child(1) button")  # names, alphabetically
    names = _column(browser, "outlets-table", 0)
    assert names == sorted(before, key=str.casefold) and names != before


def test_filter_box_hides_rows_that_do_not_match(browser: DevTools, report: Path) -> None:
    browser.open(report.as_uri())
    total = len(_column(browser, "conflicts-table", 0))
    browser.click("#conflicts-table-filter input")
    browser.call("Input.insertText", text="dannatt")
    kept = _column(browser, "conflicts-table", 0)
    assert 0 < len(kept) < total and all(who == "Richard Dannatt" for who in kept)
    assert browser.js("document.querySelector('#conflicts-table-filter span').textContent") == f"{len(kept)} of {total} rows"
    browser.call("Input.insertText", text=" role")  # every word must match
    roles = _column(browser, "conflicts-table", 3)
    assert set(roles) == {"role"} and len(roles) < len(kept)


def test_without_javascript_every_row_is_there(browser: DevTools, report: Path) -> None:
    browser.call("Emulation.setScriptExecutionDisabled", value=True)
    try:
        browser.open(report.as_uri())
        root = browser.call("DOM.getDocument")["root"]["nodeId"]
        dom = browser.call("DOM.getOuterHTML", nodeId=root)["outerHTML"]
    finally:
        browser.call("Emulation.setScriptExecutionDisabled", value=False)
    assert "<button" not in dom and 'class="filter"' not in dom  # no control that would do nothing
    assert dom.count("<tr") == report.read_text(encoding="utf-8").count("<tr") > 20
    browser.open(report.as_uri())  # with scripts: the controls are added
    assert browser.js("document.querySelectorAll('th button').length") > 10
    assert browser.js("document.querySelectorAll('.filter input').length") == 3


@pytest.fixture(scope="module")
def wide_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report of real size: 41 outlets and articles, every title long with an unbroken URL."""
    folder = tmp_path_factory.mktemp("wide")
    page = folder / "report.html"
    page.write_text(render_html(wide_scores(report_scores(folder / "report.duckdb"))), encoding="utf-8")
    return page


def _boxes(browser: DevTools, selector: str) -> list[dict[str, float]]:
    return browser.js(f"Array.from(document.querySelectorAll({json.dumps(selector)})).map(e => {{"
                      "const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top + "
                      "window.scrollY, width: r.width}; })")


def test_a_30_outlet_report_reads_on_a_390_px_phone(browser: DevTools, wide_report: Path) -> None:
    browser.open(wide_report.as_uri())
    scroll_width, inner_width = browser.js(WIDTHS)
    assert inner_width == 390 and scroll_width <= inner_width
    assert len(_column(browser, "outlets-table", 0)) >= 30
    # conflicts first, within the first screen; then statements, then outlets
    [conflicts], [statements], [outlets] = (_boxes(browser, f"#{i}") for i in ("conflicts", "statements", "outlets"))
    assert conflicts["top"] < PHONE["height"] / 2 < statements["top"] < outlets["top"]
    # "what changed" of every conflict on screen, however long the article's title
    changed = _boxes(browser, "#conflicts-table td.changed")
    assert changed and all(0 <= c["left"] and c["right"] <= inner_width and c["width"] > 150 for c in changed)
    titles = _boxes(browser, ".title")
    assert titles and all(t["right"] <= inner_width for t in titles)
    assert browser.js(f"document.body.textContent.includes({json.dumps(LONG_TITLE[:60])})")
    # the outlets and articles tables wrap inside their own box: every score column on screen
    for table in ("outlets-table", "articles-table"):
        cells = _boxes(browser, f"#{table} tr > *")
        assert cells and max(c["right"] for c in cells) <= inner_width, table
    # the card layout keeps the filter working: hidden rows are hidden
    browser.click("#conflicts-table-filter input")
    browser.call("Input.insertText", text="dannatt")
    assert browser.js("Array.from(document.querySelectorAll('#conflicts-table tbody tr'))"
                      ".filter(r => r.hidden && r.offsetHeight > 0).length") == 0
