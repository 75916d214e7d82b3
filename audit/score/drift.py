"""Wording drift: how one rendering of a statement differs from the statement's root.

Each rendering gets one class (``audit.model.Variant``), checked in this order:

* ``exact``      the same characters, outer whitespace and a closing comma/full stop
  aside (``scenes,” he said`` renders ``scenes.``: the quotation convention, not drift);
* ``cosmetic``   the same words once punctuation, case, quote marks, dashes, hyphenation,
  "%"/"per cent" and British/American spelling are set aside ("minimise"/"minimize",
  "there's"/"there’s", a comma for a full stop), or differing only in the
  transliteration of names ("Izyum"/"Izium", "Zaluzhnyy"/"Zaluzhnyi");
* ``truncated``  a contiguous run of the root's words (a fragment, or a cut-off excerpt),
  or several such runs in order joined by an ellipsis;
* a rendering that runs on into the speaker's next sentences takes the class of the
  whole sentences that render the root (exact or cosmetic);
* ``paraphrase`` anything else reported without quote marks (``kind == "indirect"``):
  rewording is what reported speech does;
* ``altered``    anything else printed as a quote: words changed inside quote marks
  ("try to restore" printed as "try and restore"). This is the serious one.

The diff is word-level, in the style of ``git diff --word-diff``: ``try [-to-] {+and+}
restore``; long unchanged runs are elided with "…" so the change stands out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

from rapidfuzz.distance import Levenshtein

from audit.lang.normalise import SPELLING

DIFF_CONTEXT_WORDS = 3
"""Unchanged words kept either side of a change in the diff string."""

DIFF_MAX_RUN_WORDS = 10
"""A deleted or inserted run longer than this is shown as its first and last
``DIFF_CONTEXT_WORDS`` words around "…" (a truncation can drop a whole paragraph)."""

TRANSLITERATION_MAX_EDITS = 2
"""Two capitalised words of at least ``TRANSLITERATION_MIN_LENGTH`` letters this many
edits apart are one name spelled two ways (Kupiansk/Kupyansk), not a changed word."""

TRANSLITERATION_MIN_LENGTH = 4

_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")

ELLIPSIS_RE = re.compile(r"\.\s?\.\s?\.|…|\[\s*(?:\.\.\.|…)\s*\]")

Op = Literal["equal", "delete", "insert"]

_SPELLING_WORDS = SPELLING | {
    "travelled": "traveled", "travelling": "traveling", "cancelled": "canceled", "labelled": "labeled",
    "modelled": "modeled", "fuelled": "fueled", "signalled": "signaled",
}
"""Whole words that no suffix rule below covers: the matcher's British -> American table
(``audit.lang.normalise.SPELLING``, spelled-out numbers included) plus the doubled-l
past forms the matcher handles by rule. Both sides are mapped, so direction does not matter."""

_SPELLING_RULES = (
    (re.compile(r"^(\w{3,})is(e|ed|es|ing|ation|ations|er|ers)$"), r"\1iz\2"),   # minimise
    (re.compile(r"^(\w{2,})ys(e|ed|es|ing)$"), r"\1yz\2"),                     # analyse
    (re.compile(r"^(\w{2,}[^aeiou])our(s|ed|ing|ite|ites|able|ful)?$"), r"\1or\2"),  # honour, labour
    (re.compile(r"^(\w{2,})our(s|ed|ing|ite|ites|able|ful)$"), r"\1or\2"),       # behaviours
    (re.compile(r"^(\w{3,})tre(s)?$"), r"\1ter\2"),                             # centre
    (re.compile(r"^(\w{3,})ogue(s)?$"), r"\1og\2"),                             # catalogue
)

_QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"'})
_TOKEN_RE = re.compile(r"[^\s\-–—]+[\-–—]*|[\-–—]+")
_KEY_STRIP_RE = re.compile(r"[^\w']+|(?<!\w)'|'(?!\w)")


@dataclass(frozen=True, slots=True)
class Drift:
    """A rendering's class against its root and the word-level diff that shows why."""

    variant: str
    diff: str


@lru_cache(maxsize=1 << 16)
def _spelling(word: str) -> str:
    if word in _SPELLING_WORDS:
        return _SPELLING_WORDS[word]
    for pattern, repl in _SPELLING_RULES:
        if pattern.match(word):
            return pattern.sub(repl, word)
    return word


@lru_cache(maxsize=1 << 14)
def _tokens(text: str) -> tuple[tuple[str, str], ...]:
    """(display token as printed, comparison key) pairs. Tokens whose key is empty (lone
    punctuation) are dropped, since punctuation is cosmetic; "%" and "per cent" both
    become the key "percent" (a "%" gets an empty display token of its own)."""
    out: list[tuple[str, str]] = []
    for tok in _TOKEN_RE.findall(text):
        key = _spelling(_KEY_STRIP_RE.sub("", tok.translate(_QUOTE_MARKS).casefold()))
        if key == "cent" and out and out[-1][1] == "per":
            out[-1] = (f"{out[-1][0]} {tok}", "percent")
            continue
        if key:
            out.append((tok, key))
        if "%" in tok:
            out.append(("", "percent"))
    return tuple(out)


def _join(tokens: tuple[tuple[str, str], ...]) -> str:
    return " ".join(tok for tok, _ in tokens if tok)


def words(text: str) -> list[str]:
    """The comparison keys of ``text``: what two renderings must share to be the same words."""
    return [key for _, key in _tokens(text)]


def find_run(haystack: list[str], needle: list[str], start: int = 0) -> int:
    """Index just past the first occurrence of ``needle`` in ``haystack`` at or after
    ``start``, or -1."""
    n = len(needle)
    for i in range(start, len(haystack) - n + 1):
        if haystack[i:i + n] == needle:
            return i + n
    return -1


def _is_truncation(root: list[str], text: str) -> bool:
    """A contiguous run of the root's words, or several in order joined by ellipses; the
    run's first and last word may be cut inside a word (an excerpt or a page that stops
    mid-word: "... senior military lea" renders "... senior military leadership is ...")."""
    segments = [words(part) for part in ELLIPSIS_RE.split(text)]
    segments = [s for s in segments if s]
    if not segments:
        return False
    restored = _cut_words_restored(root, segments)
    if sum(map(len, segments)) >= len(root) + (restored != segments):  # a cut word makes even all of them shorter
        return False
    segments = restored
    pos = 0
    for seg in segments:
        pos = find_run(root, seg, pos)
        if pos < 0:
            return False
    return True


def _cut_words_restored(root: list[str], segments: list[list[str]]) -> list[list[str]]:
    """``segments`` with a first word that ends a root word, or a last word that begins one,
    made that whole root word, when the rest of its segment is a run of the root next to it."""
    first, last = list(segments[0]), list(segments[-1])
    if len(last) >= 2 and (end := find_run(root, last[:-1])) >= 0 and end < len(root) \
            and root[end].startswith(last[-1]) and _cut(last[-1], root[end]):
        last[-1] = root[end]
    if len(first) >= 2 and (end := find_run(root, first[1:])) >= 0:
        start = end - len(first) + 1
        if start >= 1 and root[start - 1].endswith(first[0]) and _cut(first[0], root[start - 1]):
            first[0] = root[start - 1]
    if len(segments) == 1:
        both = list(last)
        both[0] = first[0]
        return [both]
    return [first, *segments[1:-1], last]


CUT_WORD_MAX_SHARE = 0.5
"""A word counts as cut when what is printed is at most this share of the root's word:
"lea" of "leadership" is a page that stops mid-word, "beach" for "beaches" is another word."""


def _cut(piece: str, word: str) -> bool:
    return len(piece) <= CUT_WORD_MAX_SHARE * len(word)


def _same_name(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Two tokens that are one proper name transliterated differently."""
    (tok_a, key_a), (tok_b, key_b) = a, b
    return (
        key_a == key_b
        or (tok_a[:1].isupper() and tok_b[:1].isupper()
            and min(len(key_a), len(key_b)) >= TRANSLITERATION_MIN_LENGTH
            and Levenshtein.distance(key_a, key_b) <= TRANSLITERATION_MAX_EDITS)
    )


def _transliterated(root: str, text: str) -> bool:
    a, b = _tokens(root), _tokens(text)
    return len(a) == len(b) and all(_same_name(x, y) for x, y in zip(a, b))


EDGE_PUNCTUATION = " \t\r\n.,;:"
"""Trimmed from both ends before the ``exact`` test: a quote that runs into its
attribution trades its full stop for a comma, and that is how quotation works."""


def _same_words(root: str, text: str) -> str | None:
    """``exact``, ``cosmetic`` or ``None`` (the words differ)."""
    if text.strip(EDGE_PUNCTUATION) == root.strip(EDGE_PUNCTUATION):
        return "exact"
    if "".join(words(root)) == "".join(words(text)) or _transliterated(root, text):
        return "cosmetic"
    return None


def _run_on_class(root: str, text: str) -> str | None:
    """A rendering that runs on into the speaker's next sentences ("Putin's claim is not
    true. According to UN figures, ...") is as faithful as the run of its whole sentences
    that renders the root."""
    sentences = [part for part in _SENTENCE_SPLIT_RE.split(text) if part.strip()]
    for i in range(len(sentences)):
        for j in range(i + 1, len(sentences) + 1):
            if j - i < len(sentences):
                found = _same_words(root, " ".join(sentences[i:j]))
                if found:
                    return found
    return None


def classify(root: str, text: str, kind: str) -> str:
    """The drift class of ``text`` against ``root`` (see the module docstring).

    >>> classify("try to restore their position", "try and restore their position", "direct")
    'altered'
    """
    same = _same_words(root, text)
    if same:
        return same
    if _is_truncation(words(root), text):
        return "truncated"
    run_on = _run_on_class(root, text)
    if run_on:
        return run_on
    return "paraphrase" if kind == "indirect" else "altered"


def diff_ops(root: str, text: str, *, cosmetic: bool = False) -> list[tuple[Op, str]]:
    """Word-level edit script from ``root`` to ``text``: (op, words) runs in order.

    Words are aligned on their comparison keys, so a curly apostrophe does not hide
    the real change; with ``cosmetic=True`` the display tokens are compared as printed,
    which is how a cosmetic variant shows *what* differs.
    """
    a, b = _tokens(root), _tokens(text)
    ka = [tok if cosmetic else key for tok, key in a]
    kb = [tok if cosmetic else key for tok, key in b]
    ops: list[tuple[Op, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("equal", _join(b[j1:j2])))
            continue
        if i2 > i1:
            ops.append(("delete", _join(a[i1:i2])))
        if j2 > j1:
            ops.append(("insert", _join(b[j1:j2])))
    return ops


def _elide(run: str, keep_head: bool, keep_tail: bool, limit: int) -> str:
    ws = run.split()
    if len(ws) <= limit:
        return run
    head = ws[:DIFF_CONTEXT_WORDS] if keep_head else []
    tail = ws[-DIFF_CONTEXT_WORDS:] if keep_tail else []
    return " ".join([*head, "…", *tail])


def format_diff(ops: list[tuple[Op, str]]) -> str:
    """``try [-to-] {+and+} restore``: changes marked, long unchanged runs elided."""
    if all(op == "equal" for op, _ in ops):
        return ""
    parts: list[str] = []
    for i, (op, run) in enumerate(ops):
        if op == "equal":
            first, last = i == 0, i == len(ops) - 1
            parts.append(_elide(run, keep_head=not first, keep_tail=not last, limit=2 * DIFF_CONTEXT_WORDS))
        else:
            body = _elide(run, keep_head=True, keep_tail=True, limit=DIFF_MAX_RUN_WORDS)
            parts.append(f"[-{body}-]" if op == "delete" else f"{{+{body}+}}")
    return " ".join(p for p in parts if p)


@lru_cache(maxsize=1 << 14)
def drift(root: str, text: str, kind: str) -> Drift:
    """Class and diff of one rendering against its statement's root (memoised: wire copy
    and popular fragments repeat the same pair many times)."""
    variant = classify(root, text, kind)
    if variant == "exact":
        return Drift(variant, "")
    return Drift(variant, format_diff(diff_ops(root, text, cosmetic=variant == "cosmetic")))
