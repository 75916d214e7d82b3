"""Markdown: one article per file, with optional YAML-style front matter and header lines.

Only flat ``key: value`` lines are read (title, outlet, date, url, author and their
synonyms in ``common.META_SYNONYMS``); nested YAML is ignored rather than guessed. We
parse it ourselves because the flat subset is all news exports use and PyYAML is not
a dependency. The body is kept as written (no Markdown rendering), so quote offsets
point into the file's own text after the front matter and the header lines
(``audit.ingest.header``: ``Outlet:``, ``Date:`` ... before the first blank line, read
like a plain-text file's; front matter wins where both give a field).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from audit.ingest.common import ReadOptions, filename_meta, make_article, pick_meta, read_whole
from audit.ingest.header import split_header
from audit.model import Article, IngestError

FRONT_MATTER_FENCE = "---"
FRONT_MATTER_END = ("---", "...")
PLAIN_TAGS = frozenset({"!!str", "!str", "!"})
"""YAML tags whose value is the text that follows; a value under any other tag
(``!!binary aGk=``, ``!!python/object ...``) is dropped, never kept with its tag."""
MAX_FRONT_MATTER_LINES = 200
"""A fence not closed within this many lines is not front matter but a thematic break."""


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``(metadata, body)``; no front matter gives ``({}, text)``."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return {}, text
    for end in range(1, min(len(lines), MAX_FRONT_MATTER_LINES + 1)):
        if lines[end].strip() in FRONT_MATTER_END:
            meta = dict(pair for line in lines[1:end] if (pair := _key_value(line)) is not None)
            return meta, "\n".join(lines[end + 1 :])
    return {}, text


def _key_value(line: str) -> tuple[str, str] | None:
    """``key: value`` → (lower-cased key, value without surrounding quotes); None for
    comments, list items, nested blocks and empty values."""
    if line[:1] in (" ", "\t", "#", "-") or ":" not in line:
        return None
    key, _, value = line.partition(":")
    value = value.strip()
    if value.startswith("!"):  # a YAML tag: ``!!str x`` is x, any other tag (``!!binary``) is not text
        tag, _, value = value.partition(" ")
        if tag not in PLAIN_TAGS:
            return None
        value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    elif " #" in value:
        value = value.split(" #", 1)[0].rstrip()
    return (key.strip().lower(), value) if value else None


def read(path: Path, opts: ReadOptions) -> Iterator[Article | IngestError]:
    """Yield the file's one article with front-matter and header metadata (file name as
    fallback)."""
    text = read_whole(path, opts)
    if isinstance(text, IngestError):
        yield text
        return
    front, body = split_front_matter(text.replace("\r\n", "\n"))
    header, body_start = split_header(body)
    yield make_article(body[body_start:], str(path), header | pick_meta(front, {}), opts, filename_meta(path))
