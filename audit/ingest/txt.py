"""Plain text: one file, one article; metadata only from the file name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from audit.ingest.common import ReadOptions, filename_meta, make_article, read_whole
from audit.model import Article, IngestError


def read(path: Path, opts: ReadOptions) -> Iterator[Article | IngestError]:
    """Yield the file's one article (or why it could not be read)."""
    text = read_whole(path, opts)
    if isinstance(text, IngestError):
        yield text
        return
    yield make_article(text, str(path), {}, opts, filename_meta(path))
