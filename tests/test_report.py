"""Reports: CSV (formula-safe) and Parquet (typed) read back, report.html escaped, paths
kept inside the output folder, the terminal summary, and ``audit report``."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from rich.console import Console
from typer.testing import CliRunner

from audit.cli import app
from audit.ingest.discover import OUTPUT_MARKER
from audit.model import QUOTE_FIELDS
from audit.report import ReportPathError, write_reports
from audit.files.csv_safe import neutralise
from audit.report.html import render_html
from audit.report.summary import print_summary
from audit.report.tables import report_path
from audit.score import Scores, score
from audit.store import Store
from test_score import build_store

HOSTILE = '=HYPERLINK("http://evil.example/x","click") <script>alert(1)</script></td> [bold red]boom[/]'
HOSTILE_OUTLET = "<b>Evil</b> News"


def _add_hostile(db: Path) -> None:
    """An article whose quote and outlet are built to break spreadsheets, HTML and rich."""
    text = f'A spokesman said: "{HOSTILE}"'
    start = text.index(HOSTILE)
    with Store(db) as store:
        store.con.execute(
            "INSERT INTO articles (article_id, source, version, outlet, published, title, url, author, text, "
            "n_quotes, ingested_at) VALUES ('a-evil', 'evil.txt', 1, ?, ?, '+cmd', NULL, NULL, ?, 1, ?)",
            [HOSTILE_OUTLET, date(2022, 9, 15), text, datetime(2022, 9, 15)],
        )
        store.con.execute(
            'INSERT INTO quotes (quote_id, article_id, idx, start, "end", text, kind, speaker, speaker_id, speaker_kind, '
            "mention, mention_start, mention_end, cue, cue_start, cue_end, medium, paragraph, nested_in, confidence, "
            "method) VALUES ('a-evil:0', 'a-evil', 0, ?, ?, ?, 'direct', '@spokesman', NULL, 'unknown', 'A spokesman', "
            "0, 11, 'said', 12, 16, NULL, 0, NULL, 0.5, 'rules')",
            [start, start + len(HOSTILE), HOSTILE],
        )
        store.con.execute("INSERT INTO statement_quotes (quote_id, statement_id, similarity, variant) VALUES ('a-evil:0', 's-restore', 12.5, 'altered')")


@pytest.fixture
def scores(db_path: Path) -> Scores:
    build_store(db_path)
    _add_hostile(db_path)
    with Store(db_path, read_only=True) as store:
        return score(store, verified=[])


REPORTS = ("quotes", "statements", "variants", "speakers", "articles", "outlets", "conflicts")


def test_writes_every_report_as_csv_and_parquet_plus_html(scores: Scores, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    written = write_reports(scores, out)
    assert sorted(p.name for p in written) == sorted(
        [f"{n}.{ext}" for n in REPORTS for ext in ("csv", "parquet")] + ["report.html"]
    )
    assert all(p.parent == out.resolve() and p.is_file() for p in written)
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != OUTPUT_MARKER]  # no temporaries left


def test_parquet_keeps_types(scores: Scores, tmp_path: Path) -> None:
    write_reports(scores, tmp_path, html=False)
    quotes = pl.read_parquet(tmp_path / "quotes.parquet")
    assert quotes.schema["published"] == pl.Date
    assert quotes.schema["figures"] == pl.List(pl.String)
    assert quotes.schema["similarity"] == pl.Float64 and quotes.schema["start"] == pl.Int32
    for needed in (*QUOTE_FIELDS, "article_id", "outlet", "published", "statement_id", "variant", "similarity"):
        assert needed in quotes.columns
    conflicts = pl.read_parquet(tmp_path / "conflicts.parquet")
    assert conflicts.schema["quote_ids"] == pl.List(pl.String) and conflicts.schema["outlets"] == pl.List(pl.String)
    assert conflicts.columns[:2] == ["statement_id", "kind"] and "detail" in conflicts.columns
    assert pl.read_parquet(tmp_path / "statements.parquet").schema["first_published"] == pl.Date
    evil = quotes.filter(pl.col("quote_id") == "a-evil:0").row(0, named=True)
    assert evil["text"] == HOSTILE  # Parquet is data, not a spreadsheet: text unchanged


def test_csv_neutralises_formulas(scores: Scores, tmp_path: Path) -> None:
    write_reports(scores, tmp_path, html=False)
    quotes = pl.read_csv(tmp_path / "quotes.csv", infer_schema=False)
    evil = quotes.filter(pl.col("quote_id") == "a-evil:0").row(0, named=True)
    assert evil["text"] == "'" + HOSTILE
    assert evil["speaker"] == "'@spokesman"
    assert quotes.filter(pl.col("quote_id") == "a-wire:0")["outlet"][0] == "'=Wire Agency"
    articles = pl.read_csv(tmp_path / "articles.csv", infer_schema=False)
    assert articles.filter(pl.col("article_id") == "a-evil")["title"][0] == "'+cmd"
    conflicts = pl.read_csv(tmp_path / "conflicts.csv", infer_schema=False)
    assert "'=Wire Agency" in conflicts["outlets"].to_list()  # list cells joined, then neutralised
    raw = (tmp_path / "quotes.csv").read_text(encoding="utf-8")
    assert not any(cell.startswith(("=", "+", "@")) for line in raw.splitlines() for cell in line.split(","))


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("  =x", "'  =x"), ("fine = ok", "fine = ok"), ("", ""),
])
def test_neutralise(value: str, expected: str) -> None:
    assert neutralise(value) == expected


def test_html_is_self_contained_and_escapes_everything(scores: Scores) -> None:
    page = render_html(scores)
    assert page.count("<script") == 1 and "</td> [bold" not in page  # only the page's own inline script
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/td&gt;" in page
    assert "&lt;b&gt;Evil&lt;/b&gt; News" in page and "<b>Evil</b>" not in page
    assert "http://evil.example" not in page.replace("&#34;http://evil.example", "")  # only as escaped text
    assert "<link" not in page and "src=" not in page
    assert "<del>to</del> <ins>and</ins>" in page  # the drift highlighted side by side


def test_report_paths_cannot_escape_out_dir(tmp_path: Path) -> None:
    for bad in ("../x.csv", "/etc/passwd", "sub/x.csv", "..", "", "a\\b.csv"):
        with pytest.raises(ReportPathError):
            report_path(tmp_path, bad)
    assert report_path(tmp_path, "quotes.csv") == tmp_path.resolve() / "quotes.csv"


def test_planted_symlink_is_replaced_not_followed(scores: Scores, tmp_path: Path) -> None:
    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    out.mkdir()
    victim.write_text("keep me")
    (out / "quotes.csv").symlink_to(victim)
    write_reports(scores, out, html=False)
    assert victim.read_text() == "keep me"
    assert not (out / "quotes.csv").is_symlink() and "quote_id" in (out / "quotes.csv").read_text()


def test_summary_prints_conflicts_altered_quotes_and_outlets_literally(scores: Scores) -> None:
    buf = io.StringIO()
    print_summary(scores, written=[Path("r/quotes.csv")], console=Console(file=buf, width=200, color_system=None))
    text = buf.getvalue()
    for heading in ("Confirmed conflicts", "Most-altered quotes", "Outlets by sourcing score"):
        assert heading in text
    assert "try [-to-] {+and+} restore" in text and "Daily Ledger" in text
    assert "[bold red]boom[/]" in text  # data is never read as rich markup
    assert text.index("attribution") < text.index("wording")


def test_cli_report_rerenders_from_the_database(db_path: Path, tmp_path: Path) -> None:
    build_store(db_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", "--db", str(db_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Confirmed conflicts" in result.output
    assert (out / "report.html").is_file() and pl.read_parquet(out / "conflicts.parquet").height == 7  # one per deviating rendering


def test_cli_report_without_database_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "no database" in result.output
