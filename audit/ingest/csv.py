"""CSV/TSV: a text column plus optional metadata columns, streamed row by row.

The delimiter is the first of ``DELIMITERS`` under which the header holds the text
column, so semicolon exports from European spreadsheets work without a flag. A row
that is malformed (bad quoting, wrong field count, over-long field) is reported as
``path#line`` and the next row is read.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from audit.ingest.common import ReadOptions, filename_meta, iter_lines, make_article, own_output, pick_meta
from audit.model import Article, IngestError

DELIMITERS = (",", ";", "\t", "|")
"""Tried in order on the header line; ``.tsv`` files try tab first."""


def _header_delimiter(header: str, text_column: str, prefer_tab: bool) -> str | None:
    order = ("\t", *DELIMITERS) if prefer_tab else DELIMITERS
    for delimiter in order:
        names = next(csv.reader([header], delimiter=delimiter), [])
        if text_column in (name.strip() for name in names):
            return delimiter
    return None


def read(path: Path, opts: ReadOptions) -> Iterator[Article | IngestError]:
    """Yield one article per data row (source ``path#line`` of the row's first line,
    or the row's URL)."""
    source = str(path)
    fallback = filename_meta(path)
    pending: list[IngestError] = []  # line-level errors, reported in file order
    first_line: list[int] = []  # number of the first line fed to the reader for the current row

    def good_lines(lines: Iterator[tuple[int, str | IngestError]]) -> Iterator[str]:
        for number, line in lines:
            if isinstance(line, IngestError):
                pending.append(line)
            else:
                if not first_line:
                    first_line.append(number)
                yield line

    with path.open("rb") as fh:
        feed = good_lines(iter_lines(fh, source, opts.max_bytes))
        header = next(feed, None)
        if header is None:
            yield from pending or [IngestError(source, "empty file")]
            return
        yield from pending
        pending.clear()
        delimiter = _header_delimiter(header, opts.text_column, prefer_tab=path.suffix.lower() == ".tsv")
        if delimiter is None:
            yield IngestError(source, f"no {opts.text_column!r} column in header {header.strip()[:200]!r}")
            return
        names = [name.strip() for name in next(csv.reader([header], delimiter=delimiter))]
        skipped = own_output(names, source)
        if skipped is not None:
            yield skipped
            return
        if names.count(opts.text_column) > 1:  # which one is the article? never guessed
            yield IngestError(source, f"header has {names.count(opts.text_column)} {opts.text_column!r} columns")
            return
        reader = csv.reader(feed, delimiter=delimiter, strict=True)
        previous_limit = csv.field_size_limit(opts.max_bytes)
        try:
            while True:
                first_line.clear()
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    row, problem = None, f"malformed CSV row: {exc}"
                yield from pending
                pending.clear()
                row_source = f"{source}#{first_line[0] if first_line else '?'}"
                if row is None:
                    yield IngestError(row_source, problem)
                elif len(row) != len(names):
                    if any(cell.strip() for cell in row):
                        yield IngestError(row_source, f"row has {len(row)} fields, header has {len(names)}")
                else:
                    record = dict(zip(names, row))
                    yield make_article(
                        record[opts.text_column], row_source, pick_meta(record, opts.columns), opts, fallback
                    )
        finally:
            csv.field_size_limit(previous_limit)
        yield from pending
