"""Where a quote sits in its article: the sentence around it and a character window.

Scoring looks a little beyond the quote itself: a figure the outlet states in the same
sentence ("advanced about 30 miles"), a reason for anonymity in the next clause, a role
in front of the speaker's name. These helpers define "around" once for all of them.
"""

from __future__ import annotations

import re

from audit.lang.words import SENTENCE_END

_SENTENCE_END_RE = re.compile(SENTENCE_END + r"|\n\s*\n")
"""A sentence end (:data:`audit.lang.words.SENTENCE_END`) or a paragraph break."""


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence(s) holding ``text[start:end]`` (paragraph breaks end a
    sentence too)."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    left = 0
    for m in _SENTENCE_END_RE.finditer(text, 0, start):
        left = m.end()
    after = _SENTENCE_END_RE.search(text, end)
    right = after.start() + 1 if after else len(text)
    return left, max(right, end)


def window(text: str, start: int, end: int, chars: int) -> str:
    """``text[start:end]`` with ``chars`` characters either side."""
    return text[max(0, start - chars):min(len(text), end + chars)]
