"""Web archives: WARC (and the older ARC) files, as crawls and the Internet Archive write
them, read page by page through the HTML reader.

warcio streams the records (gzip per record or not); each HTML page the crawler stored
(a ``response`` with HTTP status 200, or a ``resource``) goes through ``audit.ingest.html``
(trafilatura: main text and page metadata), so a page reads the same from an archive as
saved alone. Its URL is the record's target URI, so ``source`` is the page's address and
the outlet its host. Other records (requests, metadata, images, scripts, redirects) are
skipped without a row. A page with no article text is one ``ingest_errors`` row named by
its URL; a file that is not an archive, or breaks part-way, is one row too, after the
pages read before the break.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from audit.ingest import html
from audit.ingest.common import ReadOptions, make_article, outlet_from_url
from audit.model import Article, IngestError

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

SUFFIXES: tuple[str, ...] = (".warc", ".arc", ".warc.gz", ".arc.gz")
"""File names read as web archives (``audit.ingest.READERS``)."""

HTML_TYPES = ("text/html", "application/xhtml+xml")
"""Content types of the pages read; everything else in an archive is skipped."""


def read(path: Path, opts: ReadOptions) -> Iterator[Article | IngestError]:
    """Yield an article (or why not) for each HTML page of the archive."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if (wrong := _not_an_archive(path)) is not None:
        yield IngestError(str(path), wrong)
        return
    pages = 0
    with path.open("rb") as fh, tempfile.TemporaryDirectory(prefix="audit-warc-") as tmp:
        page_file = Path(tmp) / "page.html"
        try:
            for record in ArchiveIterator(fh, arc2warc=True):
                uri = record.rec_headers.get_header("WARC-Target-URI")
                if not _is_page(record):
                    continue
                pages += 1
                body = record.content_stream().read(opts.max_bytes + 1)
                source = uri or f"{path}#{pages}"
                if len(body) > opts.max_bytes:
                    yield IngestError(source, f"page larger than the {opts.max_bytes:,}-byte limit")
                    continue
                page_file.write_bytes(body)
                for item in html.read(page_file, opts):
                    yield _at(item, uri, source, opts)
        except (ArchiveLoadFailed, ValueError, EOFError, OSError) as exc:
            where = f" after {pages:,} pages" if pages else ""
            yield IngestError(str(path), f"not a readable WARC/ARC archive{where}: {type(exc).__name__}: {exc}".strip())


MAGIC = {"warc": b"WARC/", "arc": b"filedesc://"}
"""How a WARC file and an ARC file begin (after gunzip). Checked first: warcio reads any
text as ARC records rather than refuse it."""


def _not_an_archive(path: Path) -> str | None:
    """Why ``path`` is not the archive its name says, or None."""
    import gzip

    kind = "arc" if ".arc" in path.name.lower()[-7:] else "warc"
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
            if head[:2] == b"\x1f\x8b":
                fh.seek(0)
                head = gzip.GzipFile(fileobj=fh).read(64)
    except (OSError, EOFError) as exc:
        return f"not a readable {kind.upper()} archive: {type(exc).__name__}: {exc}"
    if not head.startswith(MAGIC[kind]):
        return f"not a readable WARC/ARC archive: a {kind.upper()} file starts with {MAGIC[kind].decode()!r}"
    return None


def _is_page(record: ArcWarcRecord) -> bool:
    """An HTML page as fetched: a 200 ``response`` or a ``resource`` record."""
    kind = record.rec_type
    if kind == "response" and record.http_headers is not None:
        if record.http_headers.get_statuscode() != "200":
            return False
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif kind == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return False
    return content_type.split(";")[0].strip().lower() in HTML_TYPES


def _at(item: Article | IngestError, uri: str | None, source: str, opts: ReadOptions) -> Article | IngestError:
    """The HTML reader's result for a page read from a temporary file, named by the
    page's URL: its canonical URL if the page gives one, else the record's target URI
    (whose host is then the outlet, as for a page saved under its own name)."""
    if isinstance(item, IngestError):
        return IngestError(source, item.reason)
    url = item.url or uri
    meta = {"title": item.title, "author": item.author, "date": item.published, "url": url,
            "outlet": item.outlet if item.url else outlet_from_url(url)}
    return make_article(item.text, source, meta, opts)
