"""CSV cells a spreadsheet would run as a formula are neutralised (CSV injection), and
control characters a terminal would run are replaced.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (after any
leading spaces) is taken as a formula by Excel, LibreOffice and Google Sheets, so a quote
printed as ``=HYPERLINK("http://evil", "click")`` could run when a reporter opens the
CSV. Following the OWASP advice, such cells get a leading apostrophe, which spreadsheets
show as text and which a reader recognises. Only text cells change: numbers and dates stay
typed, and the Parquet reports keep the original text untouched.
"""

from __future__ import annotations

import re

import polars as pl

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet evaluate a cell."""

_FORMULA_RE = "^[ ]*[" + "".join({"-": r"\-", "\t": r"\t", "\r": r"\r"}.get(c, c) for c in FORMULA_PREFIXES) + "]"
"""The same test as a regex both Python and Polars (Rust) read."""
CONTROL_RE = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]"
"""Control characters other than tab and line ends (ESC, BEL, C1 codes): a CSV printed to
a terminal would run them as escape sequences, and no spreadsheet shows them. They become
U+FFFD in CSV cells (Parquet keeps the text as stored). The same regex for Python and Polars."""
LIST_SEPARATOR = "; "
"""How list cells (outlets, quote ids) are joined in CSV, which has no list type."""


def neutralise(value: str) -> str:
    """``value`` made safe to open in a spreadsheet (an apostrophe in front of formulas)
    and to print (control characters as U+FFFD)."""
    value = re.sub(CONTROL_RE, "\ufffd", value)
    return "'" + value if re.match(_FORMULA_RE, value) else value


def csv_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with lists joined by ``LIST_SEPARATOR`` and every text cell neutralised."""
    lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    frame = frame.with_columns(pl.col(name).cast(pl.List(pl.String)).list.join(LIST_SEPARATOR) for name in lists)
    texts = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    frame = frame.with_columns(pl.col(name).str.replace_all(CONTROL_RE, "\ufffd") for name in texts)
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(_FORMULA_RE)).then(pl.lit("'") + pl.col(name)).otherwise(pl.col(name)).alias(name)
        for name in texts
    )
