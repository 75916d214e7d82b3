"""Header lines of a saved article: ``Outlet:``, ``Date:``, ``Title:``, ``By:``, ``URL:`` ...

Researchers save pages as plain text (or Markdown) with a few ``Key: value`` lines
before the text. Read as text, those lines become quotes ("By Jane Doe in Kyiv ..."),
speakers (a headline ``Kiev: "..."``) and primary-source links (every ``Source:`` URL),
and the outlet falls back to a file-name slug. This module reads them as metadata.

The rule, kept narrow so no article text is lost:

* only the *leading* lines are looked at, up to the first blank line;
* each must be ``Key: value`` with a known key (``HEADER_FIELDS``, case-insensitive,
  ``**Key:**`` Markdown emphasis allowed); the first line that is not ends the header,
  and it and everything after it stay text;
* the text starts after the header and the blank lines that follow it.

``Source:`` is the one ambiguous key: a URL there is the article's URL (researchers
copy the address they saved from), anything else is the outlet (``Source: Reuters``).

The stored article text is the body, so quote offsets index the body; ``split_header``
returns where it starts, which is what an evaluator with offsets into the whole file
adds back (see ``audit.gold`` and ``audit.eval.statements``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from audit.ingest.common import META_SYNONYMS

SOURCE_KEY = "source"
"""The key whose value is a URL or an outlet (see the module docstring)."""

HEADER_FIELDS: dict[str, tuple[str, ...]] = {
    "outlet": (*META_SYNONYMS["outlet"], "source_outlet"),
    "date": META_SYNONYMS["date"],
    "title": META_SYNONYMS["title"],
    "url": (*META_SYNONYMS["url"], "source_url"),
    "author": (*META_SYNONYMS["author"], "by"),
}
"""Header keys per metadata field, first present wins: the front-matter synonyms of
``common.META_SYNONYMS`` plus ``By:`` and the two readings of ``Source:`` (an explicit
``Outlet:`` or ``URL:`` wins over it)."""

KNOWN_KEYS: frozenset[str] = frozenset(k for keys in HEADER_FIELDS.values() for k in keys) | {SOURCE_KEY}

HEADER_LINE = re.compile(
    r"[ \t]*(?:\*\*|__)?(?P<key>[A-Za-z][A-Za-z _-]{0,30}?)[ \t]*(?:\*\*|__)?:(?:\*\*|__)?[ \t]*(?P<value>[^\r\n]*?)[ \t]*\r?\n?\Z"
)
"""One ``Key: value`` line; the key is a word or two (``Site name``), so prose with a
colon later in the line ("He said: ...") is not a header line."""

URL_VALUE = re.compile(r"(?:https?://|www\.)\S+\Z", re.IGNORECASE)


def _key(raw: str) -> str:
    """``Site name`` / ``site-name`` → ``site_name``, the spelling of ``HEADER_FIELDS``."""
    return re.sub(r"[ \t-]+", "_", raw.strip().lower())


def split_header(text: str) -> tuple[dict[str, str], int]:
    """``(metadata, body_start)``: the header's metadata by field name (``outlet``,
    ``date``, ``title``, ``url``, ``author``) and the offset in ``text`` where the body
    starts; ``({}, 0)`` when the text has no header lines."""
    found: dict[str, str] = {}
    pos = 0
    for line in text.splitlines(keepends=True):
        if not line.strip():
            break
        m = HEADER_LINE.match(line)
        key = _key(m["key"]) if m else ""
        if m is None or key not in KNOWN_KEYS:  # "" (no header line) is not a known key either
            break
        if m["value"]:
            found.setdefault(_source_key(m["value"]) if key == SOURCE_KEY else key, m["value"])
        pos += len(line)
    if pos == 0:
        return {}, 0
    while pos < len(text) and (end := _line_end(text, pos)) is not None and not text[pos:end].strip():
        pos = end  # the blank lines between header and body belong to neither
    return _fields(found), pos


def _source_key(value: str) -> str:
    return "source_url" if URL_VALUE.match(value) else "source_outlet"


def _line_end(text: str, pos: int) -> int | None:
    """Offset just after the line starting at ``pos`` (None at the last line without a
    line break, which cannot be a blank separator)."""
    end = text.find("\n", pos)
    return None if end < 0 else end + 1


def _fields(found: Mapping[str, str]) -> dict[str, str]:
    """Header keys → metadata fields, by ``HEADER_FIELDS`` precedence."""
    meta: dict[str, str] = {}
    for name, keys in HEADER_FIELDS.items():
        value = next((found[k] for k in keys if k in found), None)
        if value is not None:
            meta[name] = value
    return meta
