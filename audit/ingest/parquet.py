"""Parquet: a text column plus optional metadata columns, read in record batches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from audit.ingest.common import META_SYNONYMS, ReadOptions, filename_meta, make_article, own_output, pick_meta
from audit.model import Article, IngestError

BATCH_ROWS = 1024
"""Rows decoded at a time: bounded memory whatever the file's size."""


def read(path: Path, opts: ReadOptions) -> Iterator[Article | IngestError]:
    """Yield one article per row (source ``path#row`` counted from 1, or the row's URL)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = str(path)
    try:
        table = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        yield IngestError(source, f"not a readable Parquet file: {exc}")
        return
    available = set(table.schema_arrow.names)
    skipped = own_output(available, source)
    if skipped is not None:
        yield skipped
        return
    if opts.text_column not in available:
        yield IngestError(source, f"no {opts.text_column!r} column (has: {', '.join(sorted(available))[:200]})")
        return
    wanted = {opts.text_column, *opts.columns.values()}
    wanted.update(name for names in META_SYNONYMS.values() for name in names)
    fallback = filename_meta(path)
    number = 0
    try:
        for batch in table.iter_batches(batch_size=BATCH_ROWS, columns=sorted(wanted & available)):
            for record in batch.to_pylist():
                number += 1
                row_source = f"{source}#{number}"
                yield make_article(record[opts.text_column], row_source, pick_meta(record, opts.columns), opts, fallback)
    except (pa.ArrowException, OSError) as exc:
        yield IngestError(f"{source}#{number + 1}", f"Parquet data unreadable from row {number + 1} on: {exc}")
