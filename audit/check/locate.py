"""Read a draft and keep every extracted character tied to its place in the file.

Extraction must see prose, not markup: ``**"We are winning,"** said [Lord Dannatt](...)``
would otherwise hand the quote finder asterisks and a URL. So each draft is turned
into plain text *plus an offset map*: ``offsets[i]`` is the position in the original
file of character ``i`` of the plain text. A quote found at ``[start, end)`` of the
plain text is then reported at the exact line and column where an editor sees it.

Markdown (``.md``, ``.markdown``), HTML (``.html``, ``.htm``) and plain text (anything
else) are understood. Lines and columns are 1-based; columns count Unicode code
points (SARIF ``columnKind: unicodeCodePoints``).
"""

from __future__ import annotations

import html
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from audit.filenames import name_text
from audit.ingest.common import MAX_FILE_BYTES, MAX_TEXT_CHARS, decode, describe_os_error, read_bytes, read_stream
from audit.model import STDIN, IngestError

DraftFormat = Literal["markdown", "html", "text"]

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})

HTML_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
     "section", "article", "header", "footer", "tr", "table", "hr", "figure", "figcaption", "pre"}
)
"""Tags that end a paragraph: a blank line is emitted so extraction sees the break."""

HTML_SKIP_TAGS = frozenset({"script", "style", "head", "template", "noscript", "code"})
"""Tags whose content is never prose."""


class DraftError(ValueError):
    """A draft that cannot be checked (unreadable, not UTF-8, empty, a symlink out of its
    folder); one per file. ``path`` names the draft where the message alone cannot (a
    file name may itself hold ``": "``)."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


@dataclass(slots=True)
class Draft:
    """A draft file: the original text, the plain text given to extraction, and the
    map between them."""

    path: str
    original: str
    text: str
    offsets: list[int]
    """``offsets[i]`` = index in ``original`` of ``text[i]``; one entry per char of ``text``."""
    ends: list[int] | None = None
    """``ends[i]`` = end (exclusive) in ``original`` of what ``text[i]`` stands for: past
    the whole ``&rdquo;`` for a decoded entity. ``None``: ``offsets[i] + 1`` throughout."""
    fmt: DraftFormat = "text"
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if len(self.offsets) != len(self.text) or (self.ends is not None and len(self.ends) != len(self.text)):
            raise ValueError("offset map must have one entry per character")
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.original)]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the plain text to the original file."""
        if not self.text:
            return 0, 0
        start = min(max(start, 0), len(self.text) - 1)
        end = min(max(end, start + 1), len(self.text))
        last = self.ends[end - 1] if self.ends is not None else self.offsets[end - 1] + 1
        return self.offsets[start], last

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (code points) of an offset in the original file."""
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def location(self, start: int, end: int) -> tuple[int, int, int, int]:
        """``(line, col, end_line, end_col)`` in the original file of a plain-text span;
        the end column is exclusive, as in SARIF."""
        o_start, o_end = self.original_span(start, end)
        line, col = self.line_col(o_start)
        end_line, end_col = self.line_col(o_end)
        return line, col, end_line, end_col


class _Builder:
    """Collects plain text one piece at a time, remembering where each char came from."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.ends: list[int] = []

    def emit(self, text: str, at: int) -> None:
        """Copy ``text`` that stands verbatim at ``at`` in the original."""
        self.chars.append(text)
        self.offsets.extend(range(at, at + len(text)))
        self.ends.extend(range(at + 1, at + len(text) + 1))

    def emit_as(self, text: str, at: int, width: int) -> None:
        """Emit ``text`` standing for the ``width`` chars of markup at ``at`` (an entity,
        a line break, a block tag)."""
        self.chars.append(text)
        self.offsets.extend([at] * len(text))
        self.ends.extend([at + width] * len(text))

    def build(self, path: str, original: str, fmt: DraftFormat) -> Draft:
        return Draft(path=path, original=original, text="".join(self.chars), offsets=self.offsets, ends=self.ends, fmt=fmt)


# --- Markdown -----------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_RULE_LINE = re.compile(r"^ {0,3}(?:(?:[-*_] *){3,}|=+|-+)\s*$")
_BLOCK_PREFIX = re.compile(r"^ {0,3}(?:(?:>\s?)+|#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,9}[.)]\s+)*")


def _prefix_length(line: str) -> int:
    """Characters of block markup (quote marks, heading hashes, bullets) that open a Markdown line."""
    prefix = _BLOCK_PREFIX.match(line)
    return prefix.end() if prefix else 0  # the pattern matches the empty string: always a match


_INLINE = re.compile(
    r"(?P<comment><!--)"
    r"|(?P<image>!\[[^\]]*\]\([^)]*\))"
    r"|(?P<link>\[(?P<label>[^\]]+)\](?:\([^)]*\)|\[[^\]]*\]))"
    r"|(?P<code>`+)"
    r"|(?P<tag></?[A-Za-z][^<>]*>)"
    r"|(?P<escape>\\[\\`*_{}\[\]()#+\-.!<>\"'])"
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<emph>(?<![\w])[*_]{1,3}|[*_]{1,3}(?![\w])|\*{1,3})"
)
"""Inline markup: what is dropped (comments, images, tags, emphasis runs), what is kept
without its markup (link labels, code, escaped chars) and what is decoded (entities).
An underscore inside a word (``snake_case``) is not emphasis and stays."""

_HEADING_ID = re.compile(r"\s*\{#[^}]*\}\s*$")


def _markdown_inline(line: str, at: int, out: _Builder, in_comment: bool) -> bool:
    """Emit one line's prose; return whether an HTML comment is still open at its end."""
    pos = 0
    if in_comment:
        close = line.find("-->")
        if close < 0:
            return True
        pos = close + 3
    while pos < len(line):
        m = _INLINE.search(line, pos)
        if m is None:
            out.emit(line[pos:], at + pos)
            break
        out.emit(line[pos : m.start()], at + pos)
        kind = m.lastgroup if m.lastgroup != "label" else "link"
        pos = m.end()
        if kind == "comment":
            close = line.find("-->", m.end())
            if close < 0:
                return True
            pos = close + 3
        elif kind == "link":
            label_start = m.start("label")
            _markdown_inline(m.group("label"), at + label_start, out, False)
        elif kind == "code":
            close = line.find(m.group("code"), m.end())
            if close < 0:
                out.emit(m.group(), at + m.start())
            else:
                out.emit(line[m.end() : close], at + m.end())
                pos = close + len(m.group("code"))
        elif kind == "escape":
            out.emit(m.group()[1], at + m.start() + 1)
        elif kind == "entity":
            out.emit_as(html.unescape(m.group()), at + m.start(), len(m.group()))
        # image, tag, emph: dropped
    return False


def markdown_to_text(original: str, path: str = "") -> Draft:
    """Strip Markdown to prose, one output line per input line (front matter, fenced
    code and horizontal rules become empty lines) so paragraphs stay paragraphs."""
    out = _Builder()
    fence: str | None = None
    in_comment = False
    at = 0
    lines = original.splitlines(keepends=True)
    front_matter = bool(lines) and lines[0].rstrip("\r\n") in {"---", "+++"}
    closer = lines[0].rstrip("\r\n") if front_matter else ""
    for n, raw in enumerate(lines):
        line = raw.rstrip("\r\n")
        newline_at = at + len(line)
        if front_matter:
            if n > 0 and line == closer:
                front_matter = False
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
        elif not in_comment and (m := _FENCE.match(line)):
            fence = m.group(1)
        elif not in_comment and _RULE_LINE.match(line):
            pass
        else:
            prefix = 0 if in_comment else _prefix_length(line)
            body = line[prefix:]
            if not in_comment and line.lstrip().startswith("#"):
                body = _HEADING_ID.sub("", body).rstrip().rstrip("#")
            in_comment = _markdown_inline(body, at + prefix, out, in_comment)
        if raw != line:
            out.emit_as("\n", newline_at, len(raw) - len(line))
        at += len(raw)
    return out.build(path, original, "markdown")


# --- HTML ---------------------------------------------------------------------------


class _HTMLText(HTMLParser):
    """Collects the prose of an HTML page with the offset of every character."""

    def __init__(self, original: str) -> None:
        super().__init__(convert_charrefs=False)
        self.out = _Builder()
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", original)]
        self._skip = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _break(self, tag: str) -> None:
        if tag in HTML_BLOCK_TAGS:
            self.out.emit_as("\n\n", self._offset(), 0)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HTML_SKIP_TAGS:
            self._skip += 1
        self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in HTML_SKIP_TAGS and self._skip:
            self._skip -= 1
        self._break(tag)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            # newlines inside a paragraph are spaces in HTML; same length keeps the map
            self.out.emit(data.replace("\r", " ").replace("\n", " "), self._offset())

    def _ref(self, raw: str) -> None:
        if not self._skip:
            self.out.emit_as(html.unescape(raw), self._offset(), len(raw))

    def handle_entityref(self, name: str) -> None:
        self._ref(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._ref(f"&#{name};")


def html_to_text(original: str, path: str = "") -> Draft:
    """Strip an HTML page to prose; block tags become paragraph breaks."""
    parser = _HTMLText(original)
    parser.feed(original)
    parser.close()
    return parser.out.build(path, original, "html")


def text_draft(original: str, path: str = "") -> Draft:
    """A plain-text draft: the identity map."""
    return Draft(path=path, original=original, text=original, offsets=list(range(len(original))), fmt="text")


def draft_format(path: str | Path) -> DraftFormat:
    suffix = Path(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


_CONVERTERS = {"markdown": markdown_to_text, "html": html_to_text, "text": text_draft}


def parse_draft(original: str, path: str = "", fmt: DraftFormat | None = None) -> Draft:
    """Turn a draft's text into a :class:`Draft`; the format follows the file suffix."""
    return _CONVERTERS[fmt or draft_format(path)](original, path)


MARKUP_ALLOWANCE = 4
"""A draft holding more than this many times ``max_chars`` characters (markup included) is
refused before parsing: its prose could not fit the limit unless three quarters were markup,
and parsing keeps ~80 bytes per character (a 31 MB draft peaked at 2.86 GB before being
refused for its prose)."""


def read_draft(path: str | Path, *, max_bytes: int = MAX_FILE_BYTES, max_chars: int = MAX_TEXT_CHARS) -> Draft:
    """Read a draft file (``-``: standard input, as plain text); raise :class:`DraftError` with a message an editor can act on
    when it cannot be read, is too large, binary, not UTF-8 (or UTF-16/32 with a BOM), or
    holds no prose.

    The bytes are read and decoded by ingest's own reader (``read_bytes``, ``decode``), so a draft is
    accepted or refused exactly as the same file given to ``audit ingest`` would be:
    the same size limit (refused unread, so a 50 MB dump costs nothing), the same
    byte-order marks, NUL bytes as binary. The path is written with
    :func:`audit.filenames.name_text`, so findings stay valid UTF-8 whatever the name."""
    p = Path(path)
    name = name_text(p)
    try:
        data = read_stream(sys.stdin.buffer, STDIN, max_bytes) if str(path) == STDIN else read_bytes(p, max_bytes)
    except OSError as exc:
        raise DraftError(f"{name}: cannot read: {describe_os_error(exc)}") from exc
    if isinstance(data, IngestError):
        raise DraftError(f"{name}: {data.reason}")
    original = decode(data, name)
    if isinstance(original, IngestError):
        raise DraftError(f"{name}: {original.reason}")
    if not original.strip():
        raise DraftError(f"{name}: empty draft, nothing to check")
    if len(original) > MARKUP_ALLOWANCE * max_chars:  # parsing costs ~80 bytes a character: refuse first
        raise DraftError(f"{name}: {len(original):,} characters, over {MARKUP_ALLOWANCE}× the "
                         f"{max_chars:,}-character prose limit; not parsed")
    draft = parse_draft(original, name)
    if not draft.text.strip():
        raise DraftError(f"{name}: no prose left after removing markup, nothing to check")
    if len(draft.text) > max_chars:
        raise DraftError(f"{name}: {len(draft.text):,} characters of prose, over the {max_chars:,}-character limit")
    return draft
