"""The grams step written once: DuckDB runs the text as written, Spark reads it through ``block.SPARK``."""

import duckdb

from audit.match.block import DUCKDB, SPARK, gram_params, grams_sql


def test_duckdb_runs_the_grams_as_written() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE n AS SELECT * FROM (VALUES (0, 'the new ferry will run every hour between two small island harbours'), (1, 'ferry'))"
                " t(node, norm)")
    text, params = DUCKDB.query(grams_sql("n", mark_last=True), gram_params())
    rows = con.execute(text, params).fetchall()
    assert {r[0] for r in rows} == {0, 1}
    assert sum(r[2] for r in rows) == 1  # one last bigram, of the text longer than the head
    assert len([r for r in rows if r[0] == 1]) == 1  # a one-word text: the word


def test_spark_reads_the_same_text_in_its_dialect() -> None:
    text, params = SPARK.query(grams_sql("m_nodes", mark_last=True), gram_params())
    assert "stop" not in params and params["head"] == gram_params()["head"]
    assert "lambda " not in text and "list_" not in text and "hash(" not in text.replace("xxhash64(", "")
    assert "x -> " in text and ":head" in text and "array('a', 'an'" in text
