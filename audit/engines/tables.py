"""A folder of Parquet tables read as if it were the store.

The Spark engine writes what the DuckDB engine keeps in its database file (``articles``,
``quotes``, ``speakers``, ``aliases``, ``statements``, ``statement_quotes``,
``ingest_errors``) as one Parquet folder per table. ``open_tables(folder)`` gives an
in-memory DuckDB connection with a view per table over those files, so ``audit.score``
and ``audit report`` read either engine's output through the same SQL: DuckDB streams
the Parquet files, nothing is copied. A folder is recognised by its marker file.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

MARKER = "_audit_tables"
"""File naming the folder as an engine's table folder (and holding the table names)."""

DEMO_TABLES_NAME = "demo-spark"
"""With no input paths the Spark engine writes the demo's tables to this folder inside the
output folder (the DuckDB engine's ``demo.duckdb`` beside it); ``audit report`` finds it."""

TABLES: tuple[str, ...] = (
    "articles", "quotes", "speakers", "aliases", "statements", "statement_quotes", "ingest_errors",
)
"""Tables an engine writes; each is a folder (or one file) of Parquet under the table folder."""


class TablesError(ValueError):
    """The folder is not a complete table folder; the message says what is missing."""


def is_tables(path: str | Path) -> bool:
    """Whether ``path`` is a folder of Parquet tables written by an engine."""
    return (Path(path) / MARKER).is_file()


def mark(folder: str | Path) -> None:
    """Write the marker last, once every table is in place: a folder whose run died
    half-way is never read as a result."""
    (Path(folder) / MARKER).write_text("\n".join(TABLES) + "\n", encoding="utf-8")


def table_files(folder: str | Path, table: str) -> str:
    """The glob DuckDB reads for ``table``."""
    return str(Path(folder) / table / "*.parquet")


def open_tables(folder: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table over ``folder``'s Parquet
    files (plus ``articles_latest``, as in the store). Raises ``TablesError`` if the
    folder is not a finished table folder or a table has no files."""
    folder = Path(folder)
    if not is_tables(folder):
        raise TablesError(f"{folder} is not a table folder written by `audit run --engine spark` (no {MARKER})")
    con = duckdb.connect()
    for table in TABLES:
        if not any((folder / table).glob("*.parquet")):
            con.close()
            raise TablesError(f"{folder}: table {table!r} has no Parquet files")
        # The path is ours (folder + a fixed table name); DuckDB takes no parameters in DDL.
        path = table_files(folder, table).replace("'", "''")
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")
    con.execute(
        "CREATE VIEW articles_latest AS SELECT * FROM articles QUALIFY version = max(version) OVER (PARTITION BY source)"
    )
    return con
