"""File names as text: one reversible encoding for names that are not valid UTF-8.

POSIX file names are bytes. Python reads a name that is not valid UTF-8 (``caf\\xe9.txt``
saved by a Latin-1 system) with ``surrogateescape``, as a ``str`` holding lone surrogates
(``'caf\\udce9.txt'``), which no UTF-8 output can hold: DuckDB refuses it, JSON and XML
written as UTF-8 become invalid, a terminal shows garbage. Every place where a file name
becomes data (``articles.source``, ``ingest_errors.source``, ``audit extract``'s ``doc``,
``audit check``'s ``path`` in all five formats) goes through :func:`name_text`.

The encoding is percent-encoding, applied only where needed: a name that is valid UTF-8
and holds no ``%`` followed by two hex digits is written as it is (every ordinary name);
any other name is written with each byte that is not UTF-8 as ``%XX`` and each ``%`` as
``%25``. So a written name holds ``%XX`` exactly when it was encoded, and
:func:`name_from_text` (``urllib.parse.unquote_to_bytes`` then ``os.fsdecode``) gives back
the exact original name.
"""

from __future__ import annotations

import os
import re
from urllib.parse import unquote_to_bytes

PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
"""What marks an encoded name (see the module docstring)."""

_NEEDS_ENCODING = re.compile(r"[\ud800-\udfff]|%[0-9A-Fa-f]{2}")


def name_text(name: str | os.PathLike[str]) -> str:
    """``name`` as valid UTF-8 text, reversibly (see the module docstring)."""
    text = os.fspath(name)
    if not _NEEDS_ENCODING.search(text):
        return text
    out = []
    for ch in text:
        if ch == "%":
            out.append("%25")
        elif "\udc80" <= ch <= "\udcff":  # a byte ``surrogateescape`` could not decode
            out.append(f"%{ord(ch) - 0xDC00:02X}")
        elif "\ud800" <= ch <= "\udfff":  # any other lone surrogate: its own bytes
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
        else:
            out.append(ch)
    return "".join(out)


def name_from_text(text: str) -> str:
    """The file name that :func:`name_text` wrote as ``text`` (opens the right file)."""
    if not PERCENT_ESCAPE.search(text):
        return text
    return os.fsdecode(unquote_to_bytes(text))
