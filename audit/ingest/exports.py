"""What the news-database export readers share (``nexis``, ``factiva``, ``rtf``, ``warc``).

Researchers hold coverage as exports from Nexis Uni and Factiva: one DOCX, RTF or HTML
file holds many articles, each with its headline, outlet, date and byline as fields.
Each reader turns a file into ``Entry`` records (or a reason one entry is broken) and
``to_items`` makes them articles named ``path#n`` (the n-th article of the file, from 1),
so one broken entry is one ``IngestError`` and the file's other articles are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from audit.ingest.common import ReadOptions, make_article
from audit.model import Article, IngestError

DATE_IN_LINE = re.compile(
    r"(?P<date>\d{1,2} [A-Z][a-z]+\.? \d{4}|[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2})"
)
"""A date inside an export's date line: ``March 5, 2024 Tuesday 10:00 PM EST``,
``5 March 2024``; the weekday and time around it are dropped."""


@dataclass(slots=True)
class Entry:
    """One article of an export: its fields and its paragraphs."""

    paragraphs: list[str] = field(default_factory=list)
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    author: str | None = None
    url: str | None = None


def date_of(line: str) -> str | None:
    """The date written in an export's date line, if any (``parse_date`` reads it)."""
    m = DATE_IN_LINE.search(line)
    return m["date"].replace(".", "") if m else None


def to_items(entries: Iterable[Entry | str], path: Path, opts: ReadOptions) -> Iterator[Article | IngestError]:
    """Articles ``path#1``, ``path#2`` ... from parsed entries; a ``str`` entry is the
    reason that entry could not be read, and becomes that entry's ``IngestError``."""
    for number, entry in enumerate(entries, 1):
        source = f"{path}#{number}"
        if isinstance(entry, str):
            yield IngestError(source, entry)
            continue
        meta = {"title": entry.title, "outlet": entry.outlet, "date": entry.date, "author": entry.author, "url": entry.url}
        text = "\n\n".join(p.strip() for p in entry.paragraphs if p.strip())
        yield make_article(text, source, meta, opts)
