"""HTML: main text and metadata extracted with trafilatura.

Navigation, scripts, comments sections and other boilerplate are dropped by
trafilatura's content extraction (not by regexes); title, author, date and canonical
URL come from the page's own metadata. The outlet comes from the file name, else the
page URL's host, else the page's site name, so that it is spelled like the outlets of
other formats (``bbc.co.uk``, or the file-name slug) rather than "BBC News".
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from audit.ingest.common import ReadOptions, filename_meta, make_article, read_whole
from audit.model import Article, IngestError

logging.getLogger("trafilatura").setLevel(logging.ERROR)  # its warnings would drown the progress bar


def read(path: Path, opts: ReadOptions) -> Iterator[Article | IngestError]:
    """Yield the page's article, or why no article text was found."""
    import trafilatura  # heavy; only when HTML is actually read

    source = str(path)
    page = read_whole(path, opts)
    if isinstance(page, IngestError):
        yield page
        return
    try:
        doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)
    except (ValueError, TypeError, RecursionError) as exc:  # malformed markup lxml gives up on
        yield IngestError(source, f"HTML could not be parsed: {exc}")
        return
    if doc is None or not (doc.text or "").strip():
        yield IngestError(source, "no article text found in HTML")
        return
    meta = {"title": doc.title, "author": doc.author, "date": doc.date, "url": doc.url}
    fallback = filename_meta(path)
    if "outlet" not in fallback and not doc.url:
        fallback["outlet"] = doc.sitename  # a site name only when neither file name nor URL says
    yield make_article(doc.text, source, meta, opts, fallback)
