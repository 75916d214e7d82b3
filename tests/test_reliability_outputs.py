"""Outputs (issue 7): quotes built to attack whoever reads a report stay inert.

A quote is whatever an outlet printed, so it may hold a spreadsheet formula, markup, SQL
or terminal escape sequences. They are stored verbatim in DuckDB (parameterised SQL;
the tables survive), kept verbatim in Parquet, neutralised in CSV (no cell a
spreadsheet would run), escaped in ``report.html`` (no element or attribute from the
data), and carried as plain strings in the JSON, SARIF, JUnit and GitHub outputs of
``audit check``; reports never land outside their folder.
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest

from audit.check import check
from audit.check.formats import FORMATS
from audit.check.reference import Reference, Statement
from audit.config import Config
from audit.match import match
from audit.model import Article, Quote, article_hash
from audit.report import write_reports
from audit.files.csv_safe import CONTROL_RE
from audit.score import score
from audit.store import Store

PAYLOADS = (
    '=HYPERLINK("http://evil.example/x","click here for the full speech")',
    "+cmd|' /C calc'!A0 was never our policy",
    "@SUM(1+1)*cmd|' /C calc'!A0 said nothing",
    "-2+3+cmd|' /C notepad'!A0 and more",
    "\t=1+1 tab first",
    "<script>alert(document.cookie)</script> we will win",
    "</td></tr></table><img src=x onerror=alert(1)> we will win",
    '"; DROP TABLE quotes; -- we will win',
    "'); DELETE FROM articles; -- we will win",
    "\x1b]0;owned\x07\x1b[31mred text\x1b[0m we will win",
    "::error file=x.md::injected annotation %0A::warning::more",
    "]]></failure><failure message='x'>injected</failure><![CDATA[",
)
"""Spreadsheet formulas (DDE included), HTML and XML breakouts, SQL, terminal escapes and
GitHub workflow-command injection."""

FORMULA_START = re.compile(r"^[ ]*[=+\-@\t\r]")
NUMBER = re.compile(r"^-?\d+(\.\d+)?(e-?\d+)?$")


def hostile_store(db: Path) -> None:
    """Articles from outlets with hostile names, each quoting every payload (verbatim
    offsets), matched so that the payloads reach every report."""
    with Store(db) as store:
        for k, outlet in enumerate(("=cmd|' /C calc'!A0", "<b onmouseover=alert(1)>Evil</b>", "Plain Post")):
            quotes: list[Quote] = []
            text = ""
            for payload in PAYLOADS:
                lead = "The minister said: \u201c"
                start = len(text) + len(lead)
                paragraph = f"{lead}{payload}\u201d\n\n"
                quotes.append(Quote(start, start + len(payload), payload, "direct", speaker="@minister",
                                    mention="The minister", mention_start=len(text), mention_end=len(text) + 12,
                                    cue="said", cue_start=len(text) + 13, cue_end=len(text) + 17))
                text += paragraph
            article = Article(text=text, source=f"evil-{k}.txt", outlet=outlet, published=date(2022, 9, 10 + k),
                              title="<script>alert('title')</script>", author='=HYPERLINK("x")',
                              article_id=article_hash(text, outlet))
            store.add_article(article, quotes)
        match(store)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("outputs")
    db = root / "evil.duckdb"
    hostile_store(db)
    with Store(db, read_only=True) as store:
        write_reports(score(store), root / "reports")
    return db, root / "reports"


def test_store_keeps_payloads_verbatim_and_its_tables(reports: tuple[Path, Path]) -> None:
    db, _ = reports
    with Store(db, read_only=True) as store:
        tables = {t for (t,) in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert {"articles", "quotes", "statements", "statement_quotes", "ingest_errors"} <= tables
        stored = [t for (t,) in store.con.execute("SELECT DISTINCT text FROM quotes").fetchall()]
        assert sorted(stored) == sorted(PAYLOADS)
        assert store.con.execute("SELECT count(*) FROM articles").fetchall() == [(3,)]
        assert store.con.execute("SELECT count(*) FROM statement_quotes").fetchall() == [(3 * len(PAYLOADS),)]


def test_csv_cells_never_start_a_formula(reports: tuple[Path, Path]) -> None:
    _, out = reports
    seen = set()
    files = sorted(out.glob("*.csv"))
    assert len(files) >= 5
    for path in files:
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert not FORMULA_START.match(cell) or NUMBER.match(cell.strip()), (path.name, cell)
                    seen.add(cell)
    quotes = pl.read_csv(out / "quotes.csv", infer_schema=False)
    printable = [re.sub(CONTROL_RE, "\ufffd", p) for p in PAYLOADS]  # no escape sequence reaches a cell
    assert sorted(set(quotes["text"])) == sorted("'" + p if FORMULA_START.match(p) else p for p in printable)
    assert "'=cmd|' /C calc'!A0" in seen  # the outlet name, neutralised


def test_parquet_keeps_payloads_verbatim(reports: tuple[Path, Path]) -> None:
    _, out = reports
    assert sorted(set(pl.read_parquet(out / "quotes.parquet")["text"])) == sorted(PAYLOADS)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.scripts = 0
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.scripts += tag == "script"
        self.attributes.update(name for name, _ in attrs)


def test_html_has_no_element_or_attribute_from_the_data(reports: tuple[Path, Path]) -> None:
    _, out = reports
    page = (out / "report.html").read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(page)
    assert not parser.tags & {"img", "iframe", "object", "embed"}, parser.tags
    assert parser.scripts == 1  # the page's own inline script (sorting, filtering), none from the data
    assert not any(a.startswith("on") for a in parser.attributes), parser.attributes
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in page
    assert "\x1b" not in page or "&#" in page  # escapes arrive as text, never as markup


def test_report_links_planted_in_the_folder_are_replaced_not_followed(reports: tuple[Path, Path], tmp_path: Path) -> None:
    """Every report name pre-planted as a symlink to a file outside: the outside files are
    untouched and the reports are regular files inside the folder."""
    db, written = reports
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    for report in written.iterdir():
        (outside / report.name).write_text("precious", encoding="utf-8")
        (out / report.name).symlink_to(outside / report.name)
    with Store(db, read_only=True) as store:
        paths = write_reports(score(store), out)
    assert all(p.parent == out.resolve() and p.is_file() and not p.is_symlink() for p in paths)
    assert all(f.read_text(encoding="utf-8") == "precious" for f in outside.iterdir())


@pytest.fixture(scope="module")
def draft_result(nlp, tmp_path_factory: pytest.TempPathFactory):
    """``audit check`` of a draft quoting every payload, against a reference whose
    statements are the payloads with one word changed (so findings carry them)."""
    folder = tmp_path_factory.mktemp("draft")
    draft = folder / "evil.txt"  # plain text: Markdown would take the HTML payloads as markup
    draft.write_text("".join(f"Ben Wallace said: \u201c{p}\u201d\n\n" for p in PAYLOADS), encoding="utf-8")
    reference = Reference(
        Statement(statement_id=f"st{i}", text=p.replace("we will", "we shall"), speaker="ben-wallace",
                  speaker_name="Ben Wallace")
        for i, p in enumerate(PAYLOADS)
    )
    result = check([draft], config=Config(), reference=reference, nlp=nlp)
    assert result.findings, "the draft must give findings carrying the payloads"
    return result


def test_check_json_and_sarif_carry_payloads_as_strings(draft_result) -> None:
    doc = json.loads(FORMATS["json"](draft_result))
    quotes = [f["quote"] for f in doc["findings"]]
    assert quotes == [f.quote for f in draft_result.findings]  # verbatim round trip
    assert any("<script>" in q for q in quotes) and any("\x1b]0;owned" in q for q in quotes), quotes
    sarif = json.loads(FORMATS["sarif"](draft_result))
    assert len(sarif["runs"][0]["results"]) == len(draft_result.findings)


def test_check_junit_is_well_formed_xml_without_injected_elements(draft_result) -> None:
    root = ET.fromstring(FORMATS["junit"](draft_result))
    failures = [el for el in root.iter("failure")]
    cases = [el for el in root.iter("testcase")]
    assert len(cases) >= len(draft_result.findings)
    assert all(el.get("message") != "x" for el in failures)  # the CDATA breakout stayed text


def test_check_github_annotations_cannot_inject_commands(draft_result) -> None:
    lines = FORMATS["github"](draft_result).splitlines()
    assert len(lines) == len(draft_result.findings) + len(draft_result.errors) + len(draft_result.notes)
    for line in lines:
        # one command per line: a payload cannot start a line of its own (the runner only
        # reads commands at the start of a line; '::' later in a message is plain text)
        assert re.match(r"^::(error|warning|notice) [^:]*::", line), line


def test_check_text_output_has_no_terminal_escapes(draft_result) -> None:
    out = FORMATS["text"](draft_result)
    assert "\x1b" not in out and "\x07" not in out


def test_terminal_summary_prints_no_escape_sequences(reports: tuple[Path, Path]) -> None:
    """The summary after ``audit run`` / ``audit report`` goes through rich ``Text``:
    hostile outlet names print literally, control codes never."""
    import io

    from rich.console import Console

    from audit.report.summary import print_summary

    db, _ = reports
    with Store(db, read_only=True) as store:
        scores = score(store)
    buffer = io.StringIO()
    print_summary(scores, console=Console(file=buffer, width=200, force_terminal=False))
    out = buffer.getvalue()
    assert "<b onmouseover=alert(1)>Evil</b>" in out  # data printed literally (rich markup not run)
    assert "\x1b" not in out and "\x07" not in out
