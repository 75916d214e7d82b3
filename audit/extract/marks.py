"""Text layout for attribution: paragraphs (prose or not) and paired quote marks.

Works on characters only (no spaCy), so it is cheap and easy to test. Rules, all seen in
real news:

* quote marks pair within one paragraph; an odd mark never swallows the rest of the article;
* a quote that runs over several paragraphs opens each paragraph with a quote mark and
  closes only at its end: every paragraph's part becomes its own span, flagged
  ``continued`` from the first;
* straight and curly, double and single marks, and the marks of other languages that
  English text carries in quotations of foreign originals (``„…“`` and ``‚…‘`` German,
  ``«…»``/``‹…›`` French with or without inner spaces, ``»…«`` German and Danish,
  ``「…」``/``『…』`` Japanese and Chinese); guillemets point either way, so their direction
  is read from the text around them like a straight mark's; an apostrophe inside a word
  (``don't``, ``Russia’s``) is never a quote mark, and a possessive (``troops'``) only
  closes a quote that is open;
* marks a typesetter misplaced are repaired (see ``_stray_close`` and ``_unclosed``): a
  paragraph that closes a quote it never opened (``We will not give up," she said.``) opens
  it at the paragraph's start; a closing mark alone on a line closes the previous
  paragraph's open quote;
* quotes inside quotes are kept as nested spans (``depth`` 1) of their enclosing span;
* headlines, captions, credits and "Read more:" lines are not prose: no quotes there,
  except a line that is one quotation and nothing else (a pull quote, often in capitals:
  ``“WE WILL REBUILD THIS CITY”``), which is the quoted speaker's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_MARKS = '"“”„«»「」'
"""Double quote marks; ``“``/``„``/``「`` lean open, ``”``/``」`` lean closed, ``"`` and the
guillemets (``«`` closes in German, ``»`` opens there) are decided by context."""
SINGLE_MARKS = "'‘’‚‹›『』"
"""Single quote marks (also apostrophes, which are filtered out by context), with the single
guillemets and the inner CJK brackets (a quote inside a quote)."""
OPEN_LEANING = "“„‘‚「『"
CLOSE_LEANING = "”’」』"
MARK_SPACES = " \u00a0\u202f"
"""Spaces French typesetting puts inside guillemets (``« Non »``); they belong to the mark."""
OPENING_CONTEXT = "([{—–-/"
"""Characters after which a mark opens a quote (besides whitespace and paragraph start)."""
CLOSING_CONTEXT = ".,;:!?)]}—–-…"
"""Characters before which a mark closes a quote (besides whitespace and paragraph end)."""

MIN_QUOTE_LETTERS = 2
"""A span with fewer letters than this (inch marks, ``'s'``) is not a quote."""

NON_PROSE_PREFIX = re.compile(
    r"^\s*(read more|read the rest|related|watch|listen|see also|more:|picture|photo|image|credit|"
    r"copyright|follow us|sign up|subscribe|advertisement)\b",
    re.IGNORECASE,
)
"""Lines that are navigation, teasers or credits, never quotes."""
CAPTION_CREDIT = re.compile(
    r"(\b(picture|photo|photograph|image|credit|source)s?\s*:\s*[^.]{1,60}|\((getty|ap|reuters|afp|pa)[^)]*\))\s*$",
    re.IGNORECASE,
)
"""A picture credit closing a caption ("... in Kharkiv. Picture: Alamy")."""
TERMINAL_CHARS = ".!?:;…" + DOUBLE_MARKS + SINGLE_MARKS + ")"
"""A prose paragraph ends with one of these; headlines and captions usually do not."""
HEADLINE_MAX_WORDS = 25
HEADLINE_CAPITALISED_SHARE = 0.75
"""A short line whose longer words are nearly all capitalised is a title-case headline; a
line of more than ``HEADLINE_MAX_WORDS`` words is never a headline, final full stop or not."""
HEADLINE_MIN_WORD_LEN = 4


@dataclass(slots=True, frozen=True)
class Paragraph:
    """One line of text (a paragraph) with its character range and whether it is prose."""

    index: int
    start: int
    end: int
    prose: bool
    headline: bool = False
    """Not prose by its form only (a title-case line, a line with no final punctuation), as
    opposed to a caption, credit or teaser: its quotes count when the line attributes them.
    A sentence-case line cut short is both prose and headline (``_sentence_cut_short``)."""


@dataclass(slots=True)
class QuoteSpan:
    """Characters between a pair of quote marks (content excludes the marks).

    ``close`` is the index of the closing mark or ``None`` when the paragraph ends first
    (a multi-paragraph quote, or a quote missing its closing mark). ``continued`` marks
    the later paragraphs of a multi-paragraph quote; ``depth`` is 0 for a quote in the
    article's prose and 1 for a quote inside a quote.
    """

    open: int
    close: int | None
    start: int
    end: int
    paragraph: int
    double: bool
    continued: bool = False
    depth: int = 0
    mark_end: int = 0
    """Index just past the closing mark (the content's end when unclosed)."""


def paragraphs(text: str) -> list[Paragraph]:
    """Non-empty lines of ``text`` in order, each flagged prose or not (headline, caption, teaser)."""
    out: list[Paragraph] = []
    seen: dict[str, list[str]] = {}  # long lines seen, by their first CAPTION_PREFIX_CHARS characters
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = m.start() + (len(line) - len(line.lstrip()))
        end = m.end() - (len(line) - len(line.rstrip()))
        prose = _is_prose(stripped, seen)
        # a sentence-case line cut short is read as prose and still tried as a headline
        # (``<words> - Beirut governor``): the caller keeps one reading of it
        headline = (not prose or _unterminated_short(stripped)) and not (
            NON_PROSE_PREFIX.match(stripped) or CAPTION_CREDIT.search(stripped))
        if len(stripped) >= CAPTION_PREFIX_CHARS:
            seen.setdefault(stripped[:CAPTION_PREFIX_CHARS], []).append(stripped)
        out.append(Paragraph(len(out), start, end, prose, headline))
    return out


CAPTION_PREFIX_CHARS = 21
"""A line that starts with an earlier line at least this long repeats it (a caption printed
bare and again with a credit). Earlier lines are kept by this many first characters, so
the check looks only at lines that share them, not at every line before."""


def _is_prose(line: str, seen: dict[str, list[str]]) -> bool:
    """Why not prose: teasers/credits by prefix, captions by credit, headlines by form."""
    if NON_PROSE_PREFIX.match(line) or CAPTION_CREDIT.search(line):
        return False
    words = re.findall(r"[^\W\d_][\w'’-]*", line)
    if line[-1] not in TERMINAL_CHARS and len(words) <= HEADLINE_MAX_WORDS and not _sentence_cut_short(line, words):
        return False  # longer lines are prose cut short (a stored excerpt, a wire sign-off "(AP) NSA")
    if _pull_quote(line):
        return True
    # a caption is often printed twice, once bare and once with a credit (a paragraph
    # printed twice word for word is a repeated standfirst: both copies are read)
    if any(line.startswith(s) and line != s for s in seen.get(line[:CAPTION_PREFIX_CHARS], ())):
        return False
    if len(words) <= HEADLINE_MAX_WORDS:
        long = [w for w in words if len(w) >= HEADLINE_MIN_WORD_LEN]
        if len(long) >= 3 and sum(w[0].isupper() for w in long) / len(long) >= HEADLINE_CAPITALISED_SHARE:
            return False
    return True


CUT_SHORT_MIN_WORDS = 8
CUT_SHORT_CAPITALISED_SHARE = 0.4
"""A line with no final punctuation is still a sentence cut short (a stored page that lost its
full stop, an excerpt stopping mid-word) when it has at least ``CUT_SHORT_MIN_WORDS`` words
in sentence case: at most this share of its longer words after the first capitalised. Title-case
headlines, bylines, datelines and navigation are shorter or capitalised; a sentence-case
headline read as prose is parsed like prose, so its cue, if any, attributes it as in a sentence."""


def _unterminated_short(line: str) -> bool:
    """A line with no final punctuation, short enough to be a headline, and no quotation cut short."""
    return (line[-1] not in TERMINAL_CHARS and len(re.findall(r"[^\W\d_][\w'’-]*", line)) <= HEADLINE_MAX_WORDS
            and not _quote_cut_short(line))


def _quote_cut_short(line: str) -> bool:
    """A line opening with a double mark that nothing closes: a quotation cut short."""
    return line[0] in DOUBLE_MARKS and sum(_is_double(m.group()) for m in MARK.finditer(line)) == 1


def _sentence_cut_short(line: str, words: list[str]) -> bool:
    """Whether an unterminated line's words read as a sentence (see ``CUT_SHORT_MIN_WORDS``),
    or it is a quotation cut short: it opens with a double mark that nothing closes
    (``“With the boats we will have in pla``; a headline closes the quotes it opens)."""
    if _quote_cut_short(line):
        return True
    if len(words) < CUT_SHORT_MIN_WORDS:
        return False
    long = [w for w in words[1:] if len(w) >= HEADLINE_MIN_WORD_LEN]
    return bool(long) and sum(w[0].isupper() for w in long) / len(long) <= CUT_SHORT_CAPITALISED_SHARE


LONE_MARKS_MAX_CHARS = 4
"""A paragraph of closing marks alone (``”``, ``"'``) is at most this long."""


def _pull_quote(line: str) -> bool:
    """A line that is one quotation and nothing else (``“WE WILL REBUILD THIS CITY”``): it
    opens with a double mark, ends with one (a full stop may follow) and holds no other."""
    if line[0] not in DOUBLE_MARKS:
        return False
    body = line.rstrip(".")
    marks = [m for m in MARK.finditer(body) if _is_double(m.group())]
    return (len(marks) == 2 and marks[0].start() == 0 and marks[1].end() == len(body)
            and _letters(body, marks[0].end(), marks[1].start()) >= MIN_QUOTE_LETTERS)


MARK = re.compile(rf"''|``|[«‹][{MARK_SPACES}]?|[\"“”„'‘’‚「」『』»›]")
"""One quote mark: a glyph, or two apostrophes / backticks standing for a double mark
(typewriter style, common in wire and archive text); an opening guillemet takes the space
after it, a closing one the space before it (``_mark_range``: a pattern starting with an
optional space would be tried at every space of the text)."""


def _mark_range(text: str, m: re.Match, lo: int) -> tuple[int, int]:
    """A matched mark's ``(start, end)``, a ``»``/``›`` widened over the space before it."""
    start = m.start()
    if m.group() in "»›" and start - 1 > lo and text[start - 1] in MARK_SPACES and not text[start - 2].isspace():
        start -= 1
    return start, m.end()


def _is_double(glyph: str) -> bool:
    """Whether a matched mark (see ``MARK``) belongs to the double family."""
    g = glyph.strip(MARK_SPACES)
    return len(g) == 2 or g in DOUBLE_MARKS


def _flanks(text: str, i: int, j: int, lo: int, hi: int) -> tuple[bool, bool, str, str]:
    """(can open, can close, previous char, next char) for the mark ``text[i:j]`` in ``text[lo:hi]``."""
    prev = text[i - 1] if i > lo else ""
    nxt = text[j] if j < hi else ""
    can_open = bool(nxt) and not nxt.isspace() and (not prev or prev.isspace() or prev in OPENING_CONTEXT
                                                     or prev in DOUBLE_MARKS or prev in SINGLE_MARKS)
    can_close = bool(prev) and not prev.isspace() and (not nxt or nxt.isspace() or nxt in CLOSING_CONTEXT
                                                       or nxt in DOUBLE_MARKS or nxt in SINGLE_MARKS)
    return can_open, can_close, prev, nxt


Mark = tuple[int, int]
"""A mark's ``(start, end)`` in the text."""


def _pair(text: str, lo: int, hi: int, double: bool) -> tuple[list[tuple[Mark, Mark | None]], list[Mark], Mark | None]:
    """Pair the marks of one family (double or single) in ``text[lo:hi]``.

    Returns closed pairs, the openers left unclosed, and a closing mark met before any
    opening mark (``_stray_close`` decides whether it closes a quote whose opening mark
    is missing). Doubles do not nest (a second opener means the first was stray); singles may.
    """
    pairs: list[tuple[Mark, Mark | None]] = []
    stack: list[Mark] = []
    stray: Mark | None = None
    opened = False
    for m in MARK.finditer(text, lo, hi):
        glyph = m.group()
        if _is_double(glyph) != double:
            continue
        g = glyph.strip(MARK_SPACES) or glyph
        mark = _mark_range(text, m, lo)
        can_open, can_close, prev, nxt = _flanks(text, mark[0], mark[1], lo, hi)
        if not double and prev.isalnum() and nxt.isalnum():
            continue  # apostrophe inside a word
        if can_open and can_close:
            if g in OPEN_LEANING or g == "``":
                can_close = False
            elif g in CLOSE_LEANING or stack:
                can_open = False
            else:
                can_close = False
        if can_close and stack:
            pairs.append((stack.pop(), mark))
        elif can_open:
            if double and stack:
                stack.pop()
            stack.append(mark)
            opened = True
        elif can_close and not opened and stray is None and g not in OPEN_LEANING:
            stray = mark
        elif not can_open and not can_close and double:
            # glued to words on both sides (`a"b`): decide by shape and state
            if g in OPEN_LEANING or not stack:
                stack.append(mark)
                opened = True
            else:
                pairs.append((stack.pop(), mark))
    return pairs, stack, stray


STRAY_CLOSE_AFTER = ",.!?…"
"""A closing mark right after one of these ends a quotation (``give up," she said``); only
then does a closing mark with no opening mark before it count as a quote missing its opener."""


def _stray_close(text: str, para_start: int, stray: Mark | None, double: bool) -> tuple[Mark, Mark] | None:
    """A quote whose opening mark went missing: from the paragraph's start to a closing mark.

    Rule: the paragraph does not open with a mark, its first mark of the double family
    closes a quote (nothing opened before it) and follows a sentence's or clause's end
    punctuation. Single marks are left alone: after a full stop they are as often a
    possessive (``the U.S.' plan``)."""
    if stray is None or not double or MARK.match(text, para_start):
        return None
    if text[stray[0] - 1] not in STRAY_CLOSE_AFTER:
        return None
    return (para_start, para_start), stray


def _content(text: str, open_end: int, close: int) -> tuple[int, int]:
    """Content range between the marks, whitespace trimmed."""
    s, e = open_end, close
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _letters(text: str, s: int, e: int) -> int:
    return sum(ch.isalpha() for ch in text[s:e])


def quote_spans(text: str, paras: list[Paragraph] | None = None) -> list[QuoteSpan]:
    """All quote spans in prose paragraphs, ordered by opening mark.

    Per paragraph, double and single marks are paired separately; a span crossing
    another span's boundary is dropped (the double-mark span wins); a span inside
    another gets ``depth`` 1. A paragraph whose opener is never closed runs to its end,
    and is ``continued`` when the previous prose paragraph ended the same way.
    """
    paras = paragraphs(text) if paras is None else paras
    prose = [p for p in paras if p.prose]
    out: list[QuoteSpan] = []
    open_tail = False  # the previous prose paragraph ended inside an unclosed quote
    for k, para in enumerate(prose):
        following = prose[k + 1] if k + 1 < len(prose) else None
        nm = MARK.match(text, following.start) if following is not None else None
        next_mark = nm.group() if nm else ""
        closes_only = nm is not None and following is not None and following.end - following.start <= LONE_MARKS_MAX_CHARS and \
            _letters(text, following.start, following.end) == 0
        spans = _para_spans(text, para, next_mark, closes_only)
        ended_open = False
        for sp in spans:
            if sp.depth == 0 and sp.open == para.start:
                sp.continued = open_tail
            if sp.close is None and sp.depth == 0 and not closes_only:
                ended_open = True
        open_tail = ended_open
        out.extend(spans)
    out.sort(key=lambda sp: sp.open)
    return out


def _para_spans(text: str, para: Paragraph, next_mark: str = "", closes_only: bool = False) -> list[QuoteSpan]:
    """The quote spans of one paragraph, nested (see :func:`quote_spans`); ``next_mark`` is
    the mark opening the next prose paragraph, ``closes_only`` whether that paragraph is
    nothing but marks."""
    spans: list[QuoteSpan] = []
    for double in (True, False):
        pairs, leftover, stray = _pair(text, para.start, para.end, double)
        repaired = _stray_close(text, para.start, stray, double)
        if repaired is not None:
            pairs.append(repaired)
        unclosed = _unclosed(text, leftover, para.start, next_mark, double, closes_only)
        if unclosed is not None:
            pairs.append((unclosed, None))
        for o, c in pairs:
            s, e = _content(text, o[1], c[0] if c is not None else para.end)
            if _letters(text, s, e) < MIN_QUOTE_LETTERS:
                continue
            close, mark_end = (c[0], c[1]) if c is not None else (None, e)
            spans.append(QuoteSpan(o[0], close, s, e, para.index, double, mark_end=mark_end))
    return _nest(spans)


def headline_spans(text: str, para: Paragraph) -> list[QuoteSpan]:
    """Closed top-level quote spans of a headline line (``‘It looks like an attack’ – Trump``);
    whether the line attributes them is for the caller to decide."""
    return [sp for sp in _para_spans(text, para) if sp.depth == 0 and sp.close is not None]


def _unclosed(text: str, leftover: list[Mark], para_start: int, next_mark: str, double: bool,
              closes_only: bool) -> Mark | None:
    """The opener left unclosed at a paragraph's end that still starts a quote, if any.

    It counts when it opens the paragraph or follows a colon (a closing mark went missing), when the next
    paragraph opens with a mark of the same family (a multi-paragraph quote), or when the
    next paragraph is nothing but that mark (``closes_only``: a closing mark the page put on
    its own line, which closes the quote here); every other stray mark is ignored, so it
    never swallows text beyond its paragraph.
    """
    if not leftover:
        return None
    if leftover[0][0] == para_start:
        return leftover[0]
    if text[para_start:leftover[-1][0]].rstrip().endswith(":"):
        return leftover[-1]  # ``He continued: “We will …`` with its closing mark lost: a colon announces the quote
    if next_mark and _is_double(next_mark) == double and (closes_only or next_mark.strip(MARK_SPACES) not in CLOSE_LEANING):
        return leftover[-1]
    return None


def _nest(spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """Drop spans that cross a double-mark span; mark spans inside others as nested."""
    def end_of(sp: QuoteSpan) -> int:
        return sp.mark_end

    doubles = [sp for sp in spans if sp.double]
    kept = list(doubles)
    for sp in spans:
        if sp.double:
            continue
        crosses = any(
            (d.open < sp.open < end_of(d)) != (d.open < end_of(sp) <= end_of(d)) for d in doubles
        )
        if not crosses:
            kept.append(sp)
    kept.sort(key=lambda sp: (sp.open, -end_of(sp)))
    for i, sp in enumerate(kept):
        sp.depth = 1 if any(o.open < sp.open and end_of(sp) <= end_of(o) for o in kept[:i]) else 0
    return kept


def strip_edges(text: str, s: int, e: int, chars: str = " \t\n.,;:!?" + DOUBLE_MARKS + SINGLE_MARKS) -> tuple[int, int]:
    """Shrink ``[s, e)`` past edge punctuation and quote marks (for fragments and clauses)."""
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e


WRAP_WIDTH_MAX = 100
"""Text hard-wrapped at a fixed width (plain-text wire copy, e-mail, stored pages) is at most
this wide; web copy puts a whole paragraph on one line."""
WRAP_FILL = 0.6
"""In hard-wrapped text every line but a paragraph's last fills at least this share of the width."""
WRAP_MIN_LINES = 3
"""A document is taken as hard-wrapped only when this many of its lines look wrapped."""
_LINE = re.compile(r"[^\n]*\n")
_LIST_OR_LABEL = re.compile(r"\s*([-*•–—]\s|\d+[.)]\s|[^\s:]{1,25}(\s[^\s:]{1,25}){0,3}:\s)")
"""A line that opens a list item or a ``Name:`` label starts a paragraph of its own."""


def wraps(text: str) -> list[int]:
    """Line breaks in ``text`` that wrap a paragraph's line rather than end the paragraph.

    Rules, in order (a break between two non-empty lines only; a blank line always ends a
    paragraph):

    * the next line starts with a lower-case letter and the line before does not end a
      sentence (``We will\\nnot give up.``): a wrap anywhere;
    * in a hard-wrapped document (``WRAP_MIN_LINES`` or more lines, at least half of the
      lines followed by another line, are ``WRAP_FILL``-full of a width of at most
      ``WRAP_WIDTH_MAX``), a break after a full line is a wrap unless the next line opens
      a list item or a label; a short line ends its paragraph.

    Replacing each returned break by a space keeps every offset (one character for one).
    """
    lines = [(m.start(), m.end() - 1) for m in _LINE.finditer(text)]  # (start, index of the "\n")
    inner = [k for k in range(len(lines)) if _filled(text, lines[k]) and _has_next(text, lines, k)]
    if not inner:
        return []
    width = max(lines[k][1] - lines[k][0] for k in inner)
    full = {k for k in inner if width * WRAP_FILL <= lines[k][1] - lines[k][0]}
    hard = width <= WRAP_WIDTH_MAX and len(full) >= WRAP_MIN_LINES and 2 * len(full) >= len(inner)
    out: list[int] = []
    for k in inner:
        brk = lines[k][1]
        lower_next = text[brk + 1:brk + 2].islower() and text[lines[k][0]:brk].rstrip()[-1:] not in ".!?:;…"
        if lower_next or (hard and k in full and not _LIST_OR_LABEL.match(text, brk + 1)):
            out.append(brk)
    return out


def _filled(text: str, line: tuple[int, int]) -> bool:
    return bool(text[line[0]:line[1]].strip())


def _has_next(text: str, lines: list[tuple[int, int]], k: int) -> bool:
    """Whether a non-empty line follows line ``k`` right after its break."""
    end = lines[k][1] + 1
    nxt = text.find("\n", end)
    return bool(text[end:nxt if nxt >= 0 else len(text)].strip())
