"""One rule for shown scores: report.html, the terminal summary and the CSV/Parquet reports
all hide a score resting on fewer than MIN_QUOTES_FOR_SCORE quotes ("too few quotes") and
show every other with the count it rests on."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from rich.console import Console

from audit.report import write_reports
from audit.report.gate import MIN_QUOTES_FOR_SCORE, basis, gated
from audit.report.summary import print_summary
from audit.score import Scores
from report_helpers import report_scores


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> Scores:
    return report_scores(tmp_path_factory.mktemp("gate") / "report.duckdb")


def test_basis_text() -> None:
    assert MIN_QUOTES_FOR_SCORE == 3
    assert basis(94.8, 4) == "94.8 from 4 quotes"
    assert basis(45.0, 1) == "too few quotes (1 of 3 needed)"
    assert basis(None, 0) == ""


def test_html_terminal_and_csv_agree(scores: Scores, tmp_path: Path) -> None:
    raw = scores.outlets.filter(pl.col("outlet") == "Syndicate Daily").row(0, named=True)
    assert raw["sourcing_score"] is not None and raw["n_quotes"] < MIN_QUOTES_FOR_SCORE  # the library keeps it
    write_reports(scores, tmp_path)
    csv = pl.read_csv(tmp_path / "outlets.csv")
    row = csv.filter(pl.col("outlet") == "Syndicate Daily").row(0, named=True)
    assert row["sourcing_score"] is None and row["sourcing_basis"] == "too few quotes (1 of 3 needed)"
    kept = csv.filter(pl.col("outlet") == "Daily Ledger").row(0, named=True)
    assert kept["sourcing_basis"] == f"{kept['sourcing_score']:.1f} from {kept['n_quotes']} quotes"
    assert csv.columns.index("sourcing_basis") == csv.columns.index("sourcing_score") + 1
    parquet = pl.read_parquet(tmp_path / "outlets.parquet")
    assert parquet.filter(pl.col("outlet") == "Syndicate Daily")["sourcing_score"].to_list() == [None]
    articles = pl.read_csv(tmp_path / "articles.csv")
    assert {"sourcing_basis", "consistency_basis", "n_compared_quotes"} <= set(articles.columns)
    assert articles.filter(pl.col("n_quotes") < MIN_QUOTES_FOR_SCORE)["sourcing_score"].null_count() == \
        articles.filter(pl.col("n_quotes") < MIN_QUOTES_FOR_SCORE).height
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "45.0" not in page[page.index('id="outlets-table"'):page.index("</table>", page.index('id="outlets-table"'))]
    buf = io.StringIO()
    print_summary(scores, console=Console(file=buf, width=120, color_system=None))
    line = next(l for l in buf.getvalue().splitlines() if l.strip().startswith("Syndicate Daily"))
    assert "too few (1)" in line and "45.0" not in line
    ledger = next(l for l in buf.getvalue().splitlines() if l.strip().startswith("Daily Ledger"))
    assert f"({kept['n_quotes']})" in ledger


def test_gating_is_idempotent(scores: Scores) -> None:
    once = gated(scores)
    assert gated(once).outlets.equals(once.outlets)
