"""Plain text: one file, one article; metadata from its header lines (``header``), else
from the file name."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from audit.ingest.common import ReadOptions, filename_meta, make_article, read_whole
from audit.ingest.header import split_header
from audit.model import Article, IngestError


def read(path: Path, opts: ReadOptions) -> Iterator[Article | IngestError]:
    """Yield the file's one article (or why it could not be read)."""
    text = read_whole(path, opts)
    if isinstance(text, IngestError):
        yield text
        return
    yield article_from_text(text, str(path), opts, filename_meta(path))


def article_from_text(
    text: str, source: str, opts: ReadOptions, fallback: Mapping[str, Any] | None = None
) -> Article | IngestError:
    """A plain-text article: header lines are its metadata, the rest its text (so quote
    offsets index the body). Shared with standard input, which is read the same way."""
    meta, body_start = split_header(text)
    return make_article(text[body_start:], source, meta, opts, fallback)
