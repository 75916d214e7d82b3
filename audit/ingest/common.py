"""What every reader shares: limits, decoding, line streaming and metadata → ``Article``.

Readers never raise on bad input; they yield ``IngestError`` records instead. The
helpers here therefore return an ``IngestError`` (or yield one) where a plain function
would raise, so each reader stays a short loop.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from audit.model import QUOTE_FIELDS, STDIN, Article, IngestError, SkippedInput

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Largest file read whole (``.txt``, ``.md``, ``.html``) and largest single line or row
of a ``.jsonl``/``.csv``: big enough for any real web page with inline scripts, small
enough that one stray dump cannot exhaust memory. Table files themselves are streamed
and have no overall size limit."""

MAX_TEXT_CHARS = 1_000_000
"""Longest article text kept. Matches spaCy's default ``nlp.max_length``: longer texts
would fail in extraction anyway, and no news article comes near it."""

SNIFF_BYTES = 8192
"""How much of a file is inspected to tell binary from text (NUL bytes without a BOM)."""

SKIP_CHUNK_BYTES = 1024 * 1024
"""Read size used to skip the rest of an over-long line without holding it in memory."""

META_FIELDS: tuple[str, ...] = ("outlet", "date", "title", "url", "author")
"""Metadata names a user can map to columns (``columns={"outlet": "publisher"}``)."""

META_SYNONYMS: dict[str, tuple[str, ...]] = {
    "outlet": ("outlet", "publisher", "site", "site_name", "source_name", "publication"),
    "date": ("date", "published", "published_at", "publish_date", "pubdate"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url"),
    "author": ("author", "authors", "byline"),
}
"""Keys accepted for each metadata field in front matter and, when the user gave no
mapping, in table columns; the first present wins."""

FILENAME_PATTERN = re.compile(r"^(?P<outlet>[^_]+)_(?P<date>\d{4}-\d{2}-\d{2})_(?P<slug>.+)\Z", re.DOTALL)
"""``outlet_yyyy-mm-dd_slug.ext``: the naming convention of the bundled corpus (any
character in the slug, a line break included: file names may hold one)."""

MAX_META_CHARS = 2000
"""Longest title, author, outlet or URL kept. Metadata is shown in tables, reports and
terminals; a 10 MB ``title`` (a CMS export that put the body there) is cut to this,
ending in ``…`` so the cut shows, instead of being copied into every report row."""

TRUNCATION_MARK = "…"

HOST_PREFIXES: tuple[str, ...] = ("www.", "m.", "amp.", "mobile.")
"""Host prefixes that name a delivery channel, not the outlet."""

DATE_FORMATS: tuple[str, ...] = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y/%m/%d", "%d/%m/%Y")
"""Non-ISO date spellings accepted besides ISO 8601 (tried in this order)."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""Byte-order marks we honour; UTF-32 first because its LE mark starts like UTF-16's."""

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(slots=True)
class ReadOptions:
    """What the caller of ``iter_articles`` chose, passed on to every reader."""

    text_column: str = "text"
    columns: Mapping[str, str] = field(default_factory=dict)
    max_bytes: int = MAX_FILE_BYTES
    max_chars: int = MAX_TEXT_CHARS


OWN_OUTPUT_FIELDS = frozenset(QUOTE_FIELDS) - {"speaker_confidence", "speaker_description"}
"""The quote fields every ``audit extract`` output has held (the two v6 speaker columns are newer)."""


def own_output(columns: Iterable[str], source: str) -> SkippedInput | None:
    """A skip notice when a table's columns are those of this tool's quote records
    (``audit extract -o quotes.jsonl`` or ``.csv``/``.parquet`` saved in the corpus folder):
    read back, every quote would become an article. ``None`` for any other table. Files
    written before the speaker columns of v6 (``OWN_OUTPUT_FIELDS``) are recognised too."""
    if set(columns) >= OWN_OUTPUT_FIELDS:
        return SkippedInput(source, "quote records written by `audit extract`, not articles")
    return None


def describe_os_error(exc: OSError) -> str:
    """A short reason for ``ingest_errors``: 'permission denied', 'no such file' ..."""
    reason = (exc.strerror or exc.__class__.__name__).lower()
    if isinstance(exc, FileNotFoundError):
        return "no such file (missing, or removed during the run)"
    return reason


def bom_encoding(head: bytes) -> str | None:
    """The encoding announced by a byte-order mark at the start of ``head``, if any."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def decode(data: bytes, source: str) -> str | IngestError:
    """Bytes → text: a BOM's encoding, else strict UTF-8; anything else is reported.

    We do not guess legacy encodings (Latin-1 decodes anything, so a guess would turn a
    binary or mis-labelled file into garbage quotes silently); the reason says how to fix it.
    """
    encoding = bom_encoding(data[:4])
    if encoding is None and b"\x00" in data[:SNIFF_BYTES]:
        return IngestError(source, "binary file (NUL bytes; not text, or UTF-16 without a byte-order mark)")
    try:
        return data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        byte = data[exc.start : exc.start + 1].hex()
        line = data.count(b"\n", 0, exc.start) + 1
        return IngestError(
            source,
            f"not valid {encoding or 'UTF-8'} (byte 0x{byte} at offset {exc.start}) on line {line}; "
            "binary, or a legacy encoding such as Latin-1: convert it to UTF-8",
        )


def read_bytes(path: Path, max_bytes: int) -> bytes | IngestError:
    """A file's bytes, refusing files over ``max_bytes`` unread (so a stray 50 MB dump
    costs nothing). Shared by ingest and ``audit check``, so both accept the same files."""
    with path.open("rb") as fh:
        too_big = os.fstat(fh.fileno()).st_size > max_bytes
        data = b"" if too_big else fh.read(max_bytes + 1)  # never more, even if it grows meanwhile
    if too_big or len(data) > max_bytes:
        return IngestError(str(path), f"file larger than the {max_bytes:,}-byte limit")
    return data


READ_CHUNK_BYTES = 1024 * 1024
"""Standard input is read this much at a time, so a stream over the limit is refused after
``max_bytes`` + one chunk at most, whatever its length (a 157 MB pipe no longer fills memory)."""


def read_stream(stream: BinaryIO, source: str, max_bytes: int) -> bytes | IngestError:
    """Up to ``max_bytes`` of a stream (standard input), read in ``READ_CHUNK_BYTES``
    pieces; past the limit it is refused with the reason ``read_bytes`` gives a file, and
    the rest is never read."""
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(min(READ_CHUNK_BYTES, max_bytes + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            return IngestError(source, f"input larger than the {max_bytes:,}-byte limit")
    return b"".join(chunks)


def read_stdin(max_bytes: int = MAX_FILE_BYTES) -> str | IngestError:
    """Standard input as text: ``read_stream`` then ``decode``, so ``ingest``, ``extract``
    and ``check`` accept and refuse the same bytes from a pipe as from a file (Latin-1 or
    UTF-16 without a byte-order mark is refused, not turned into U+FFFD)."""
    import sys

    data = read_stream(sys.stdin.buffer, STDIN, max_bytes)
    return data if isinstance(data, IngestError) else decode(data, STDIN)


def read_whole(path: Path, opts: ReadOptions) -> str | IngestError:
    """A single-article file's text: ``read_bytes`` then ``decode``."""
    data = read_bytes(path, opts.max_bytes)
    if isinstance(data, IngestError):
        return data
    if not data:
        return IngestError(str(path), "empty file")
    return decode(data, str(path))


def iter_lines(fh: io.BufferedReader, source: str, max_bytes: int) -> Iterator[tuple[int, str | IngestError]]:
    """Stream ``(line_number, text)`` from a binary file, one line in memory at a time.

    A line longer than ``max_bytes`` or not decodable becomes ``(n, IngestError)`` and the
    stream goes on with the next line. UTF-16/32 files (BOM) are decoded as a stream; a
    decoding error there ends the file, since line breaks cannot be found reliably after it.
    """
    head = fh.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    encoding = bom_encoding(head)
    if encoding is None and b"\x00" in head:
        yield 1, IngestError(source, "binary file (NUL bytes; not text, or UTF-16 without a byte-order mark)")
        return
    if encoding in ("utf-16", "utf-32"):
        yield from _iter_wide_lines(fh, source, encoding, max_bytes)
        return
    number = 0
    while True:
        raw = fh.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while (rest := fh.readline(SKIP_CHUNK_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield number, IngestError(f"{source}#{number}", f"line longer than the {max_bytes:,}-byte limit")
            continue
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield number, IngestError(
                f"{source}#{number}", f"line is not valid UTF-8 (byte 0x{raw[exc.start:exc.start + 1].hex()})"
            )
            continue
        yield number, text


def _iter_wide_lines(fh: io.BufferedReader, source: str, encoding: str, max_bytes: int) -> Iterator[tuple[int, str | IngestError]]:
    """``iter_lines`` for UTF-16/32 input (rare: Excel's 'Unicode text' export)."""
    reader = codecs.getreader(encoding)(fh, "strict")  # errors=
    number = 0
    try:
        while line := reader.readline(max_bytes + 1):
            number += 1
            if len(line) > max_bytes and not line.endswith("\n"):
                yield number, IngestError(f"{source}#{number}", f"line longer than the {max_bytes:,}-character limit")
                return
            yield number, line
    except UnicodeDecodeError:
        yield number + 1, IngestError(f"{source}#{number + 1}", f"not valid {encoding} from line {number + 1} on")


def clean_text(text: str) -> str:
    """Normalise what extraction must not see: CR/CRLF line ends → LF, NUL removed, lone
    surrogates (from JSON escapes) → U+FFFD. Done before extraction, so quote offsets
    always index the stored text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return _SURROGATE.sub("\ufffd", text)


def parse_date(value: Any) -> date | None:
    """A publication date from a date/datetime, ISO 8601 text or a common spelling;
    ``None`` when unreadable (bad metadata never rejects an article)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def outlet_from_url(url: str | None) -> str | None:
    """``https://www.bbc.co.uk/news/x`` → ``bbc.co.uk`` (the convention of the shared data)."""
    if not url:
        return None
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return None
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
            break
    return host or None


def filename_meta(path: Path) -> dict[str, Any]:
    """Outlet and date from ``outlet_yyyy-mm-dd_slug.ext``; empty if the name does not fit."""
    m = FILENAME_PATTERN.match(path.stem)
    if not m:
        return {}
    meta: dict[str, Any] = {"outlet": m["outlet"]}
    if (day := parse_date(m["date"])) is not None:
        meta["date"] = day
    return meta


def pick_meta(record: Mapping[str, Any], columns: Mapping[str, str]) -> dict[str, Any]:
    """Our metadata fields from a row or front matter: the user's column mapping where
    given, else the first present synonym."""
    meta: dict[str, Any] = {}
    for name in META_FIELDS:
        keys = (columns[name],) if name in columns else META_SYNONYMS[name]
        for key in keys:
            value = record.get(key)
            if value is not None and value != "":
                meta[name] = value
                break
    return meta


def _as_str(value: Any) -> str | None:
    """A metadata value as clean text, cut to ``MAX_META_CHARS`` (see there)."""
    if value is None or isinstance(value, (dict, bytes, bytearray)):
        return None  # a mapping or bytes is no title or author: never stored as its Python repr
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value if isinstance(v, (str, int, float)) and not isinstance(v, bool))
    text = clean_text(str(value)).strip()
    if len(text) > MAX_META_CHARS:
        text = text[: MAX_META_CHARS - len(TRUNCATION_MARK)] + TRUNCATION_MARK
    return text or None


def make_article(
    text: Any,
    source: str,
    meta: Mapping[str, Any],
    opts: ReadOptions,
    fallback: Mapping[str, Any] | None = None,
) -> Article | IngestError:
    """Build the ``Article`` or say why not.

    ``meta`` (front matter, columns, HTML metadata) wins over ``fallback`` (the file
    name); the outlet falls back to the URL's host. ``source`` becomes the URL when one
    is known, so an edited page is a new version of the same URL wherever it was saved.
    """
    if not isinstance(text, str):
        return IngestError(source, f"text is {type(text).__name__}, not a string" if text is not None else "no text")
    text = clean_text(text)
    if not text.strip():
        return IngestError(source, "empty text")
    if len(text) > opts.max_chars:
        return IngestError(source, f"text longer than the {opts.max_chars:,}-character limit")
    url = _as_str(meta.get("url"))
    fallback = fallback or {}
    outlet = _as_str(meta.get("outlet")) or _as_str(fallback.get("outlet")) or outlet_from_url(url)
    published = parse_date(meta.get("date")) or parse_date(fallback.get("date"))
    notes = [f"{name} {meta[name]!r:.80} is not text; stored without it" for name in ("title", "author", "outlet", "url")
             if meta.get(name) not in (None, "") and _as_str(meta[name]) is None]
    if meta.get("date") not in (None, "") and parse_date(meta["date"]) is None:
        notes.append(f"date {meta['date']!r:.80} not understood; stored without it")
    return Article(
        text=text,
        source=url or source,
        outlet=outlet,
        published=published,
        title=_as_str(meta.get("title")),
        url=url,
        author=_as_str(meta.get("author")),
        notes=notes,
    )
