"""HTML: main text and metadata extracted with trafilatura.

Navigation, scripts, comments sections and other boilerplate are dropped by
trafilatura's content extraction (not by regexes); title, author, date and canonical
URL come from the page's own metadata. The outlet comes from the file name, else the
page URL's host, else the page's site name, so that it is spelled like the outlets of
other formats (``bbc.co.uk``, or the file-name slug) rather than "BBC News"; a page whose
canonical URL is another outlet's (a local paper's copy of a wire story) keeps its own
site name.

A hostile page cannot stall ingest: pages with an element of more than ``MAX_ATTRIBUTES``
attributes or more than ``MAX_ELEMENTS`` elements are refused by a linear scan before
parsing, and extraction stops after ``CPU_SECONDS``; each becomes an ``ingest_errors`` row.
Text a browser never shows (``<template>``, ``hidden``) is dropped first.
"""

from __future__ import annotations

import logging
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from audit.ingest.common import ReadOptions, filename_meta, make_article, outlet_from_url, read_whole
from audit.model import Article, IngestError

logging.getLogger("trafilatura").setLevel(logging.ERROR)  # its warnings would drown the progress bar

MAX_ATTRIBUTES = 256
"""Attributes on one element beyond which a page is refused before parsing. libxml2 checks
each new attribute against the element's others, so one element with n attributes costs
n² (a 1.18 MB page of one element: 37.5 s; 3.2 MB: 474 s). Real elements carry a dozen;
at this limit a 4 MB page of such elements parses in ~0.3 s CPU, so the whole parse stays
linear in the page's size."""

MAX_ELEMENTS = 200_000
"""Elements (start tags) beyond which a page is refused before parsing: trafilatura's
passes cost per element, and a news page holds a few thousand (the longest encyclopaedia
pages well under this)."""

CPU_SECONDS = 60.0
"""CPU time one page may take in trafilatura; past it the page becomes an
``ingest_errors`` row and the run goes on (a 4 MB page of 80,000 elements takes ~14 s on
the busy 2-core test machine). Enforced in the main thread only (a signal timer)."""

HIDDEN_XPATH = (
    "//template | //*[@hidden] | //*[@aria-hidden='true'] "
    "| //*[contains(translate(@style, ' ', ''), 'display:none')]"
)
"""Elements a browser never shows (``<template>``, ``hidden``, ``display: none``): a
reader never saw their text, so it is no article text (trafilatura keeps the first two)."""

_TAG = re.compile(r"""<[A-Za-z](?:[^"'<>]++|"[^"]*+"|'[^']*+')*+""")
"""A start tag up to its ``>``: quoted values may hold ``<`` and ``>`` as they may for the
parser. Possessive: no backtracking, and each search resumes where the last tag ended, so
one scan of the page is linear in its length."""
_ATTRIBUTE = re.compile(r"""[^\s"'<>/=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'>]++))?+""")
"""One attribute (a name, with or without a value) inside a start tag."""


class _OverBudget(BaseException):
    """Raised by the CPU timer inside trafilatura; a ``BaseException`` so that no ``except
    Exception`` inside the library swallows it and parses on without a budget."""


def page_too_costly(page: str) -> str | None:
    """Why ``page`` is refused before parsing (too many elements, or an element with too
    many attributes), or ``None``. Linear in the page's length: every character is in at
    most one tag, and only tags long enough to break the limit are split into attributes."""
    for elements, tag in enumerate(_TAG.finditer(page), 1):
        if elements > MAX_ELEMENTS:
            return f"HTML has more than {MAX_ELEMENTS:,} elements; not parsed"
        if len(tag.group()) > 2 * MAX_ATTRIBUTES:  # each attribute takes a space and a letter
            attributes = sum(1 for _ in _ATTRIBUTE.finditer(tag.group())) - 1  # the first is the tag name
            if attributes > MAX_ATTRIBUTES:
                return f"HTML element with more than {MAX_ATTRIBUTES:,} attributes ({attributes:,}); not parsed"
    return None


_WORDS = re.compile(r"[a-z0-9]+")


def same_outlet(sitename: str | None, host: str | None) -> bool:
    """Whether a page's site name ("BBC News", "The New York Times") names the outlet of
    its URL's host (``bbc.co.uk``, ``nytimes.com``): a host label of three letters or more
    inside the name run together or the other way round, or the name's initials inside a label. A local paper's
    copy of a wire story often carries only the wire's canonical URL; there its own site
    name ("Harbour Gazette" on ``apnews.com``) says who printed it. No site name: agree."""
    if not sitename or not host:
        return True
    words = [w for w in _WORDS.findall(sitename.casefold()) if w != "the"]
    squashed, initials = "".join(words), "".join(w[0] for w in words)
    labels = [label for label in host.split(".")[:-1] if len(label) >= 3]
    return any(label in squashed or (len(squashed) >= 4 and squashed in label) or (len(initials) >= 2 and initials in label)
               for label in labels)


@contextmanager
def _cpu_budget(seconds: float) -> Iterator[None]:
    """Raise ``_OverBudget`` in the block once it has used ``seconds`` of process CPU time
    (``ITIMER_PROF``). Off the main thread (where signals cannot be handled) no budget."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def read(path: Path, opts: ReadOptions) -> Iterator[Article | IngestError]:
    """Yield the page's article, or why no article text was found."""
    import trafilatura  # heavy; only when HTML is actually read
    from trafilatura.utils import load_html

    source = str(path)
    page = read_whole(path, opts)
    if isinstance(page, IngestError):
        yield page
        return
    refused = page_too_costly(page)
    if refused is not None:
        yield IngestError(source, refused)
        return
    try:
        with _cpu_budget(CPU_SECONDS):
            tree = load_html(page)
            if tree is not None:
                for hidden in tree.xpath(HIDDEN_XPATH):
                    hidden.drop_tree()
            doc = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False) if tree is not None else None
    except _OverBudget:
        yield IngestError(source, f"HTML took more than {CPU_SECONDS:g} CPU seconds to extract; not read")
        return
    except (ValueError, TypeError, RecursionError) as exc:  # malformed markup lxml gives up on
        yield IngestError(source, f"HTML could not be parsed: {exc}")
        return
    if doc is None or isinstance(doc, dict) or not (doc.text or "").strip():  # a dict only with as_dict=True
        yield IngestError(source, "no article text found in HTML")
        return
    meta = {"title": doc.title, "author": doc.author, "date": doc.date, "url": doc.url}
    fallback = filename_meta(path)
    if "outlet" not in fallback and (not doc.url or not same_outlet(doc.sitename, outlet_from_url(doc.url))):
        fallback["outlet"] = doc.sitename  # the page's own site name when the URL is none or another outlet's
    yield make_article(doc.text, source, meta, opts, fallback)
