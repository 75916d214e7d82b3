"""JSON Lines: one JSON object per line, streamed; a bad line is reported, the rest kept."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from audit.ingest.common import ReadOptions, filename_meta, iter_lines, make_article, own_output, pick_meta
from audit.model import Article, IngestError


def read(path: Path, opts: ReadOptions) -> Iterator[Article | IngestError]:
    """Yield one article per non-blank line (source ``path#line``, or the row's URL)."""
    fallback = filename_meta(path)
    with path.open("rb") as fh:
        for number, line in iter_lines(fh, str(path), opts.max_bytes):
            if isinstance(line, IngestError):
                yield line
                continue
            if not line.strip():
                continue
            source = f"{path}#{number}"
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                yield IngestError(source, f"line is not JSON: {exc}")
                continue
            if not isinstance(record, dict):
                yield IngestError(source, f"line is a JSON {type(record).__name__}, not an object")
                continue
            skipped = own_output(record, str(path))
            if skipped is not None:
                yield skipped
                return
            if opts.text_column not in record:
                yield IngestError(source, f"no {opts.text_column!r} field")
                continue
            yield make_article(record[opts.text_column], source, pick_meta(record, opts.columns), opts, fallback)
