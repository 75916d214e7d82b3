"""Which reader a file name asks for: its suffix, or a two-part one (``.warc.gz``).

``Path.suffix`` of ``crawl.warc.gz`` is ``.gz``, which says nothing about what is inside;
the two-part suffixes listed here are matched first, so discovery and the reader table
agree on them, and a stray ``.gz`` elsewhere stays an unsupported file.
"""

from __future__ import annotations

from pathlib import Path

from audit.ingest.warc import SUFFIXES as WARC_SUFFIXES

COMPOUND_SUFFIXES: tuple[str, ...] = tuple(s for s in WARC_SUFFIXES if s.count(".") > 1)


def suffix_of(path: Path) -> str:
    """The lower-case suffix that picks ``path``'s reader."""
    name = path.name.lower()
    return next((s for s in COMPOUND_SUFFIXES if name.endswith(s)), path.suffix.lower())
