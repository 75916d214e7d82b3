"""``write_quotes``: every format written and read back; failures counted; CSV formula-safe."""

from __future__ import annotations

import csv
import json

import polars as pl

from audit.extract.output import write_quotes
from audit.files.csv_safe import neutralise
from audit.model import QUOTE_FIELDS, Article, IngestError

TEXT = '"Taxes will rise next year," said Ann Lee.\n\n=SUM(A1) said: "We will pay for it all."'


def _inputs():
    return iter([Article(TEXT, "a.txt"), IngestError("broken.txt", "not UTF-8")])


def test_jsonl_has_documented_fields_and_counts_failures(nlp, tmp_path):
    out = tmp_path / "q.jsonl"
    failed = write_quotes(_inputs(), nlp, "jsonl", out, progress=False)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert failed == 1
    assert rows and list(rows[0]) == list(QUOTE_FIELDS)
    assert rows[0]["doc"] == "a.txt" and rows[0]["speaker"] == "Ann Lee"
    assert all(TEXT[r["start"]:r["end"]] == r["text"] for r in rows)


def test_csv_cells_are_formula_neutralised(nlp, tmp_path):
    out = tmp_path / "q.csv"
    write_quotes(_inputs(), nlp, "csv", out, progress=False)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())
    assert neutralise("=SUM(A1)") == "'=SUM(A1)" and neutralise("  +cmd") == "'  +cmd"


def test_parquet_reads_back_with_types(nlp, tmp_path):
    out = tmp_path / "q.parquet"
    write_quotes(_inputs(), nlp, "parquet", out, progress=False)
    frame = pl.read_parquet(out)
    assert frame.columns == list(QUOTE_FIELDS)
    assert frame.schema["start"] == pl.Int64 and frame.height >= 2


def test_table_is_readable(nlp, tmp_path):
    out = tmp_path / "q.txt"
    write_quotes(_inputs(), nlp, "table", out, progress=False)
    assert "Ann Lee" in out.read_text(encoding="utf-8")
