"""Nexis Uni exports (DOCX, and RTF through ``audit.ingest.rtf``): many articles per file.

Nexis Uni writes each article as: the headline, the publication, the date line
(``March 5, 2024 Tuesday``), a copyright line, field lines (``Section:``, ``Length:``,
``Byline:``, ``Dateline:`` ...), a line ``Body``, the paragraphs, then trailing fields
(``Classification``, ``Load-Date:`` ...) and a line ``End of Document``. The layout is
the one the R package LexisNexisTools reads; we read it from the paragraph texts that
python-docx (DOCX) or striprtf (RTF) give, so the same parser serves both.

An entry without a ``Body`` line or without text is reported as ``path#n`` and the
file's other articles are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from audit.ingest.common import ReadOptions, filename_meta, read_bytes
from audit.ingest.exports import Entry, date_of, to_items
from audit.ingest.txt import article_from_text
from audit.model import Article, IngestError

END = "End of Document"
"""The line that ends every article of a Nexis Uni export."""

BODY = "Body"
"""The line between an article's fields and its text."""

FIELD = re.compile(r"^(?P<key>Byline|Section|Length|Dateline|Highlight|Language|Publication-Type|Journal Code|Copyright|Edition|Page|Type|Subject|Geographic|Company|Industry|Person|Organization|Load-Date|URL|Link):\s*(?P<value>.*)$", re.IGNORECASE)
"""A ``Key: value`` field line of the head (read for Byline and URL, skipped otherwise)."""

TRAILER = re.compile(r"^(?:(?:Classification|Graphic|Notes|Link to Image|Link to the original story|Related Articles)\b|Load-Date:)")
"""The first line after an article's text (its trailing fields)."""

COPYRIGHT = re.compile(r"^(?:Copyright|©|\(c\))", re.IGNORECASE)


def is_export(lines: Sequence[str]) -> bool:
    """Whether the text is a Nexis Uni export (an ``End of Document`` line and a ``Body`` line)."""
    stripped = {line.strip() for line in lines}
    return END in stripped and BODY in stripped


def parse(lines: Sequence[str]) -> Iterator[Entry | str]:
    """Entries of an export's lines, in file order (a ``str`` says why one is broken)."""
    chunk: list[str] = []
    for line in [*lines, END]:
        if line.strip() != END:
            chunk.append(line.strip())
            continue
        if any(chunk):
            yield _entry(chunk)
        chunk = []


def _entry(lines: list[str]) -> Entry | str:
    if BODY not in lines:
        return "Nexis Uni entry without a 'Body' line (not an article, or a cut export)"
    at = lines.index(BODY)
    head = [line for line in lines[:at] if line]
    entry = Entry()
    plain = []
    for line in head:
        m = FIELD.match(line)
        if m is None:
            if not COPYRIGHT.match(line):
                plain.append(line)
            continue
        key = m["key"].lower()
        if key == "byline":
            entry.author = m["value"]
        elif key in ("url", "link"):
            entry.url = m["value"]
    entry.title = plain[0] if plain else None
    rest = plain[1:]
    entry.date = next((d for line in rest if (d := date_of(line))), None)
    entry.outlet = next((line for line in rest if not date_of(line)), None)
    body = lines[at + 1 :]
    end = next((i for i, line in enumerate(body) if TRAILER.match(line)), len(body))
    entry.paragraphs = body[:end]
    return entry if any(entry.paragraphs) else "Nexis Uni entry with no text after 'Body'"


def read_docx(path: Path, opts: ReadOptions) -> Iterator[Article | IngestError]:
    """A ``.docx``: a Nexis Uni export's articles, else the document as one plain-text
    article (header lines read as in ``.txt``)."""
    import io
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    data = read_bytes(path, opts.max_bytes)
    if isinstance(data, IngestError):
        yield data
        return
    try:
        paragraphs = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        yield IngestError(str(path), f"not a readable DOCX file ({type(exc).__name__}: {exc})")
        return
    if is_export(paragraphs):
        yield from to_items(parse(paragraphs), path, opts)
    else:
        yield article_from_text("\n\n".join(p for p in paragraphs if p.strip()), str(path), opts, filename_meta(path))
