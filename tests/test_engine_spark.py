"""The Spark engine gives the DuckDB engine's results: the same statements, links,
conflicts and scores on the bundled corpus in local mode, and the same clustering on a
crowded formula that exercises the candidate cap. Skipped, with the reason printed, only
where pyspark or Java is missing (the test extra installs pyspark; see README)."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.engines import EngineError, run
from audit.engines.tables import MARKER, TablesError, open_tables
from audit.report.gate import gated
from audit.match import match as match_duckdb
from audit.match.block import MAX_CANDIDATES
from audit.store import Store

TABLES = ("statements", "statement_quotes")


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (apt-get install openjdk-17-jre-headless)")
    from audit.engines.spark import session

    spark = session("local[2]")
    yield spark
    spark.stop()


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True)


@pytest.fixture(scope="module")
def both(spark, tmp_path_factory: pytest.TempPathFactory):
    """The demo corpus through each engine, into separate folders."""
    duck_out, spark_out = tmp_path_factory.mktemp("duckdb"), tmp_path_factory.mktemp("spark")
    duck = run(engine="duckdb", out=duck_out)
    sparked = run(engine="spark", spark=spark, out=spark_out)
    return duck, sparked


def test_demo_corpus_gives_the_same_statements_conflicts_and_scores(both) -> None:
    duck, sparked = both
    assert sparked.ingest.failed == duck.ingest.failed == 0
    assert sparked.ingest.quotes == duck.ingest.quotes > 100
    assert sparked.match.statements == duck.match.statements > 50
    assert sparked.match.candidates == duck.match.candidates
    assert sparked.match.matched_pairs == duck.match.matched_pairs > 0
    tables = open_tables(sparked.db)
    with Store(duck.db, read_only=True) as store:
        for table in TABLES:
            assert _sorted(tables.sql(f"SELECT * FROM {table}").pl()).equals(
                _sorted(store.con.sql(f"SELECT * FROM {table}").pl())
            ), table
    tables.close()
    for name, frame in duck.scores.items():
        assert frame.equals(getattr(sparked.scores, name)), name
    assert len(duck.scores.conflicts) > 0


def test_report_reads_the_spark_table_folder(both, tmp_path: Path) -> None:
    duck, sparked = both
    result = CliRunner().invoke(app, ["report", "--db", str(sparked.db), "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    shown = gated(duck.scores)  # the reports show scores by the minimum-quotes rule
    for name in ("statements", "conflicts", "outlets"):
        again = pl.read_parquet(tmp_path / f"{name}.parquet")
        assert again.equals(getattr(shown, name)), name


def _crowded_corpus() -> tuple[list[tuple], list[tuple]]:
    """One formula said about many places (every text has more partners than
    ``MAX_CANDIDATES``), each with a wire copy, a cosmetic copy, a truncation and a
    misattributed copy: the cap, the tie-breaks and the speaker bonus all matter."""
    places = [f"{a} {b}" for a in ("north", "south", "east", "west", "upper", "lower", "old")
              for b in ("harbour", "ridge", "valley", "bridge", "market", "quarry", "depot")]
    assert len(places) > MAX_CANDIDATES + 1
    articles, quotes = [], []
    for i, place in enumerate(places):
        text = f"Regional officials must keep the pressure up on the {place} front before the winter comes"
        renderings = [
            (text, "direct", "ann-reed"),
            (text, "direct", "ann-reed"),
            (text.upper().replace("WINTER", "Winter") + ".", "direct", "ann-reed"),
            (text[: 40 + i % 20], "direct", "ann-reed"),
            (text.replace("must", "should"), "direct", "bo-chan"),
            (f"keep the pressure up on the {place} front", "mixed", None),
        ]
        for r, (words, kind, speaker) in enumerate(renderings):
            article = f"art{i:02d}{r}"
            articles.append((article, article, 1, f"outlet{r}", date(2022, 9, 1 + r % 5), "-", 0, datetime(2022, 9, 9)))
            quotes.append((f"{article}:0", article, 0, 0, len(words), words, kind, speaker))
    return articles, quotes


def test_match_equals_duckdb_when_texts_exceed_the_candidate_cap(spark, tmp_path: Path) -> None:
    from audit.engines.spark import match as match_spark

    articles, quotes = _crowded_corpus()
    with Store(tmp_path / "crowded.duckdb") as store:
        store.con.executemany(
            "INSERT INTO articles (article_id, source, version, outlet, published, text, n_quotes, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", articles)
        store.con.executemany(
            'INSERT INTO quotes (quote_id, article_id, idx, start, "end", text, kind, speaker_id)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", quotes)
        stats = match_duckdb(store, incremental=False)
        expected = {t: _sorted(store.con.sql(f"SELECT * FROM {t}").pl()) for t in TABLES}
        for table in ("quotes", "articles"):  # as the engine reads them: Parquet with the store's types
            store.con.execute(f"COPY {table} TO '{tmp_path / table}.parquet' (FORMAT parquet)")
    assert stats.candidates > 0 and stats.statements < len(quotes)
    result = match_spark(
        spark, spark.read.parquet(str(tmp_path / "quotes.parquet")), spark.read.parquet(str(tmp_path / "articles.parquet")),
        tmp_path,
    )
    assert (result.stats.candidates, result.stats.matched_pairs) == (stats.candidates, stats.matched_pairs)
    got = {
        "statements": result.statements.toPandas(),
        "statement_quotes": result.statement_quotes.toPandas(),
    }
    for table in TABLES:
        frame = pl.from_pandas(got[table]).select(expected[table].columns).cast(expected[table].schema)
        assert _sorted(frame).equals(expected[table]), table


def test_components_are_the_smallest_connected_node(spark) -> None:
    from audit.engines.spark import components

    edges = spark.createDataFrame([(1, 2), (2, 3), (3, 4), (7, 9), (5, 9), (10, 11)], "hi long, lo long")
    got = dict(components(edges).collect())
    assert got == {1: 1, 2: 1, 3: 1, 4: 1, 5: 5, 7: 5, 9: 5, 10: 10, 11: 10}


def test_an_unfinished_table_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "quotes").mkdir()
    with pytest.raises(TablesError, match="not a table folder"):
        open_tables(tmp_path)
    (tmp_path / MARKER).write_text("", encoding="utf-8")
    with pytest.raises(TablesError, match="has no Parquet files"):
        open_tables(tmp_path)


def test_engine_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="unknown engine"):
        run(engine="flink", out=tmp_path)
    result = CliRunner().invoke(app, ["run", "--engine", "duckdb", "--master", "local[2]", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "--master applies to the spark engine only" in result.output
