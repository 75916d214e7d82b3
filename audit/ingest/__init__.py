"""Ingest: files, folders and globs → a stream of ``Article`` or ``IngestError``.

One reader module per format (``txt``, ``md``, ``html``, ``jsonl``, ``csv``,
``parquet``; news-database exports: ``nexis`` DOCX, ``rtf`` for Nexis Uni and Factiva,
``factiva`` HTML; web archives: ``warc``); each yields records and never raises on bad input, so one broken file in
a thousand is one ``IngestError`` and the other 999 are read. Everything streams: a
folder of a million files or a 10 GB JSONL file holds one file or one row in memory.

``audit.load.ingest`` drives this into the store (with extraction).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from audit.filenames import name_text
from audit.ingest import csv, factiva, jsonl, md, nexis, parquet, rtf, txt, warc
from audit.ingest.common import MAX_FILE_BYTES, MAX_TEXT_CHARS, ReadOptions, describe_os_error, read_stdin
from audit.ingest.discover import iter_files
from audit.ingest.kinds import suffix_of
from audit.model import STDIN, Article, IngestError

Reader = Callable[[Path, ReadOptions], Iterator[Article | IngestError]]

READERS: dict[str, Reader] = {
    ".txt": txt.read,
    ".text": txt.read,
    ".md": md.read,
    ".markdown": md.read,
    ".html": factiva.read_html,  # a saved Factiva page's articles, else html.read
    ".htm": factiva.read_html,
    ".docx": nexis.read_docx,
    ".rtf": rtf.read,
    **dict.fromkeys(warc.SUFFIXES, warc.read),
    ".jsonl": jsonl.read,
    ".ndjson": jsonl.read,
    ".csv": csv.read,
    ".tsv": csv.read,
    ".parquet": parquet.read,
}
"""File suffix (lower-case) → reader."""

__all__ = ["MAX_FILE_BYTES", "MAX_TEXT_CHARS", "READERS", "iter_articles"]


def iter_articles(
    paths: Iterable[str | os.PathLike[str]],
    *,
    text_column: str = "text",
    columns: Mapping[str, str] | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    max_chars: int = MAX_TEXT_CHARS,
) -> Iterator[Article | IngestError]:
    """Read every article under ``paths`` (files, folders, globs; ``-`` is standard
    input, one article), in a stable order.

    ``columns`` maps metadata names (outlet, date, title, url, author) to the column or
    field names of table inputs. ``max_bytes`` caps files read whole and single rows;
    ``max_chars`` caps an article's text. Never raises for bad input: unreadable,
    vanished, binary, empty, undecodable, malformed and oversized inputs come out as
    ``IngestError(source, reason)`` in file order, between the good articles.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # one path, not an iterable of characters
    opts = ReadOptions(text_column=text_column, columns=dict(columns or {}), max_bytes=max_bytes, max_chars=max_chars)
    paths = list(paths)
    if STDIN in (os.fspath(p) for p in paths):  # ``-``: standard input is one plain-text article
        text = read_stdin(max_bytes)
        yield text if isinstance(text, IngestError) else txt.article_from_text(text, STDIN, opts)
        paths = [p for p in paths if os.fspath(p) != STDIN]
    for item in iter_files(paths, frozenset(READERS)):
        if isinstance(item, IngestError):
            yield _named(item)
        else:
            for record in _read_file(item, opts):
                yield _named(record)


def _named(record: Article | IngestError) -> Article | IngestError:
    """``source`` as valid UTF-8 when it is a file name (``name_text``: a name that is
    not UTF-8 is percent-encoded, reversibly), so one such name cannot stop the store, a
    JSON writer or a terminal. A URL source is left as it is (it is already text)."""
    if isinstance(record, IngestError) or record.source != record.url:
        record.source = name_text(record.source)
    return record


def _read_file(path: Path, opts: ReadOptions) -> Iterator[Article | IngestError]:
    """Run one reader, turning whatever escapes it into an ``IngestError`` for that file:
    a file that vanishes or turns unreadable mid-run, or a parser bug on hostile input,
    must not end the run."""
    try:
        yield from READERS[suffix_of(path)](path, opts)
    except OSError as exc:
        yield IngestError(str(path), describe_os_error(exc))
    except Exception as exc:  # noqa: BLE001 - last line of defence, named in the error
        yield IngestError(str(path), f"unexpected {type(exc).__name__} while reading: {exc}")
