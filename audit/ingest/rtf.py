"""RTF: a Nexis Uni or Factiva export (many articles), else one article.

The text is read with striprtf (RTF control words and groups dropped, ``\\uN`` escapes
and code pages decoded, table cells joined by ``|``); its layout then says which export it
is (``nexis.is_export``, ``factiva.parse_lines``). An RTF that is neither is one
plain-text article, header lines and all (``txt.article_from_text``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from audit.ingest import factiva, nexis
from audit.ingest.common import ReadOptions, filename_meta, read_bytes
from audit.ingest.exports import to_items
from audit.ingest.txt import article_from_text
from audit.model import Article, IngestError

RTF_MAGIC = "{\\rtf"


def read(path: Path, opts: ReadOptions) -> Iterator[Article | IngestError]:
    """Yield the file's articles, or one error when it is not RTF."""
    from striprtf.striprtf import rtf_to_text

    raw = read_bytes(path, opts.max_bytes)
    if isinstance(raw, IngestError):
        yield raw
        return
    data = _decode(raw)
    if not data.lstrip().startswith(RTF_MAGIC):
        yield IngestError(str(path), "not an RTF file (it does not start with '{\\rtf')")
        return
    try:
        text = rtf_to_text(data, errors="replace")
    except (ValueError, LookupError, IndexError) as exc:
        yield IngestError(str(path), f"RTF could not be read: {type(exc).__name__}: {exc}")
        return
    lines = text.splitlines()
    if nexis.is_export(lines):
        yield from to_items(nexis.parse(lines), path, opts)
    elif (entries := factiva.parse_lines(lines)) is not None:
        yield from to_items(entries, path, opts)
    else:
        yield article_from_text(text, str(path), opts, filename_meta(path))


def _decode(raw: bytes) -> str:
    """RTF is 7-bit text with ``\\'xx`` escapes for other characters; a writer that put
    raw 8-bit bytes in anyway used UTF-8 or, far more often, the Windows code page
    (cp1252), which decodes any byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")
