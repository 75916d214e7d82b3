"""Factiva exports (RTF through ``audit.ingest.rtf``, and saved HTML): many articles per file.

Factiva's "Full Article/Report plus Indexing" layout gives every field behind a
two-letter code: ``HD`` headline, ``BY`` byline, ``PD`` date, ``SN`` source name,
``LP`` lead paragraphs, ``TD`` the rest of the text, ``AN`` the document number (the last
field of an article), and indexing codes we skip. In RTF the code and its value are the
two cells of a table row (``HD|The headline|`` once striprtf has read it); in HTML the two
cells of a ``<tr>``. The plain "Article" layout has no codes: headline, byline, ``850
words``, date, source, source code, language, copyright, text, ``Document <number>`` (in
HTML: a ``<div class="article">`` with the headline in ``id="hd"``, the fields in unnamed
``<div>``s and the text in ``articleParagraph`` paragraphs). These are the layouts the R
package tm.plugin.factiva reads.

An entry without a headline or text is reported as ``path#n``; the rest are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from audit.ingest.common import ReadOptions, read_whole
from audit.ingest.exports import Entry, date_of, to_items
from audit.model import Article, IngestError

TEXT_CODES = ("LP", "TD")
"""Codes whose values are the article's text, in this order."""

CODES = frozenset({"HD", "BY", "WC", "PD", "ET", "SN", "SC", "ED", "PG", "LA", "CY", "LP", "TD", "CT", "RF", "CO",
                   "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN", "SE", "CR", "VOL", "ART", "GC", "FDS"})
"""Factiva's field codes (its "plus indexing" export)."""

CODE_LINE = re.compile(r"^(?P<code>[A-Z]{2,3})(?:\s*\|\s*|\s{2,}|\t|\s*$)(?P<value>.*?)\|?\s*$")
"""A coded line: ``HD|value|`` (an RTF table row), ``HD  value`` or ``HD`` alone."""

DOCUMENT_LINE = re.compile(r"^Document [A-Za-z0-9]{10,}\s*$")
"""The last line of an article in the plain "Article" layout."""

WORDS_LINE = re.compile(r"^[\d,]+ words\s*$")

COPYRIGHT = re.compile(r"^(?:Copyright|©|\(c\))", re.IGNORECASE)


def coded_pairs(lines: Sequence[str]) -> list[tuple[str, str]]:
    """``(code, value)`` pairs of a coded text; a line that is not a code continues the
    value before it (a field's later paragraphs)."""
    pairs: list[tuple[str, str]] = []
    for line in lines:
        m = CODE_LINE.match(line.strip())
        if m and m["code"] in CODES:
            pairs.append((m["code"], m["value"].strip()))
        elif pairs and line.strip():
            code, value = pairs[-1]
            pairs[-1] = (code, f"{value}\n{line.strip().strip('|').strip()}".strip())
    return pairs


def is_coded(pairs: Sequence[tuple[str, str]]) -> bool:
    codes = {code for code, _ in pairs}
    return {"HD", "PD"} <= codes or {"HD", "AN"} <= codes


def is_plain(lines: Sequence[str]) -> bool:
    return any(DOCUMENT_LINE.match(line.strip()) for line in lines) and any(WORDS_LINE.match(line.strip()) for line in lines)


def parse_coded(pairs: Sequence[tuple[str, str]]) -> Iterator[Entry | str]:
    """Entries from ``(code, value)`` pairs: a new article starts at ``HD`` once the
    current one has a headline, and ends at ``AN``."""
    fields: dict[str, str] = {}
    for code, value in [*pairs, ("AN", "")]:
        if code == "HD" and "HD" in fields:
            yield _coded_entry(fields)
            fields = {}
        if code == "AN":
            if fields:
                yield _coded_entry(fields)
            fields = {}
            continue
        fields[code] = f"{fields[code]}\n{value}" if code in fields else value


def _coded_entry(fields: dict[str, str]) -> Entry | str:
    if not fields.get("HD"):
        return "Factiva entry without a headline (HD)"
    paragraphs = [p for code in TEXT_CODES for p in fields.get(code, "").split("\n")]
    if not any(p.strip() for p in paragraphs):
        return "Factiva entry without text (LP/TD)"
    return Entry(paragraphs=paragraphs, title=fields["HD"].replace("\n", " "), outlet=fields.get("SN"),
                 date=date_of(fields.get("PD", "")), author=fields.get("BY"))


def parse_plain(lines: Sequence[str]) -> Iterator[Entry | str]:
    """Entries of the plain "Article" layout, each ending at its ``Document`` line."""
    chunk: list[str] = []
    for line in lines:
        if DOCUMENT_LINE.match(line.strip()):
            if any(chunk):
                yield _plain_entry([c for c in chunk if c])
            chunk = []
        else:
            chunk.append(line.strip())
    if any(chunk):
        yield _plain_entry([c for c in chunk if c])


def _plain_entry(lines: list[str]) -> Entry | str:
    words = next((i for i, line in enumerate(lines) if WORDS_LINE.match(line)), None)
    if words is None or words == 0:
        return "Factiva entry without its 'NNN words' line (not an article, or a cut export)"
    entry = Entry(title=lines[0], author=" ".join(lines[1:words]) or None)
    after = lines[words + 1 :]
    dated = next((i for i, line in enumerate(after[:3]) if date_of(line)), None)
    if dated is None:
        return "Factiva entry without a date after its word count"
    entry.date = date_of(after[dated])
    rest = after[dated + 1 :]
    rest = rest[1:] if rest and re.fullmatch(r"\d{1,2}:\d{2}(?: ?[AP]M)?(?: [A-Z]{2,4})?", rest[0]) else rest  # a time line
    entry.outlet = rest[0] if rest else None
    start = next((i + 1 for i, line in enumerate(rest[:6]) if COPYRIGHT.match(line)), min(4, len(rest)))
    entry.paragraphs = rest[start:]
    return entry if entry.paragraphs else "Factiva entry with no text"


def parse_lines(lines: Sequence[str]) -> Iterator[Entry | str] | None:
    """Entries of a Factiva export's text in either layout; None when it is not one."""
    pairs = coded_pairs(lines)
    if is_coded(pairs):
        return parse_coded(pairs)
    if is_plain(lines):
        return parse_plain(lines)
    return None


def _root(page: str) -> Any:
    import lxml.html

    try:
        return lxml.html.document_fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return None


def html_pairs(root: Any) -> list[tuple[str, str]]:
    """``(code, value)`` of every two-cell table row whose first cell is a Factiva code,
    the value's paragraphs on lines of their own."""
    pairs: list[tuple[str, str]] = []
    if root is None:
        return pairs
    for row in root.iter("tr"):
        cells = row.findall("td")
        if len(cells) == 2 and (code := cells[0].text_content().strip()) in CODES:
            blocks = cells[1].findall(".//p")
            texts = [b.text_content().strip() for b in blocks] if blocks else [cells[1].text_content().strip()]
            pairs.append((code, "\n".join(t for t in texts if t)))
    return pairs


def _classes(element: Any) -> list[str]:
    return (element.get("class") or "").split()


def html_articles(root: Any) -> list[list[str]]:
    """The plain "Article" layout saved as HTML: per ``<div class="article ...">`` with a
    headline (``id="hd"``), the lines ``_plain_entry`` reads: headline, byline
    (``class="author"``), the unnamed field divs (word count, date, source, code,
    language, copyright) and the ``articleParagraph`` paragraphs."""
    if root is None:
        return []
    found = []
    for div in root.iter("div"):
        if "article" not in _classes(div) or not (heads := div.xpath(".//*[@id='hd']")):
            continue
        lines = [heads[0].text_content().strip()]
        lines += [a.text_content().strip() for a in div.xpath("./div[contains(concat(' ', @class, ' '), ' author ')]")]
        lines += [d.text_content().strip() for d in div.xpath("./div[not(@id) and not(@class)]")]
        lines += [p.text_content().strip() for p in div.xpath(".//p[contains(@class, 'articleParagraph')]")]
        found.append([line for line in lines if line])
    return found


def read_html(path: Path, opts: ReadOptions) -> Iterator[Article | IngestError]:
    """A ``.html`` file: a saved Factiva page's articles, else one web page through the
    usual HTML reader (``audit.ingest.html``)."""
    from audit.ingest import html

    page = read_whole(path, opts)
    if isinstance(page, IngestError) or "factiva" not in page.lower():
        yield from html.read(path, opts)  # re-reads the file: cheap beside trafilatura
        return
    root = _root(page)
    pairs = html_pairs(root)
    if is_coded(pairs):
        yield from to_items(parse_coded(pairs), path, opts)
    elif articles := html_articles(root):
        yield from to_items((_plain_entry(lines) for lines in articles), path, opts)
    else:
        yield from html.read(path, opts)
