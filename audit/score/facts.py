"""What a paraphrased rendering is checked on, instead of its words.

A word diff between "Since the beginning of September, more than 3,000 square kilometres
have been returned to Ukrainian control" and "Ukraine had retaken more than 3,000 square
kilometres this month" marks nearly every word: noise. For reported speech and
translations what can be checked is the *facts*: the speaker credited, the figures
(``audit.lang.numbers``) and the places and people named. Reports show those for such
renderings (``display = "facts"``) and the diff for the others (``display = "diff"``).
"""

from __future__ import annotations

import re
from functools import lru_cache

FACTS_VARIANTS = frozenset({"paraphrase", "translated"})
"""Drift classes whose words are the outlet's own, so a word diff says nothing."""

DIFF_MIN_SIMILARITY = 60.0
"""Below this matcher similarity (0-100) a rendering shares too few words with its
statement for a diff to help, whatever its class (a semantic link, a loose rewording)."""

_WORD = r"(?:[A-Z][\w'’\-]*[a-zà-ÿ][\w'’\-]*|[A-Z]{2,}\b)"
_NAME_RE = re.compile(
    r"\b" + _WORD + r"(?:\s+(?:of|de|la|von|van|al|el|the|upon|on)\s+[A-Z][\w'’\-]+|\s+" + _WORD + r")*"
)
"""A run of capitalised words or acronyms ("Kharkiv", "Middle East", "UN", "Bank of England")."""
_POSSESSIVE_RE = re.compile(r"['’]s$")

COMMON_CAPITALISED = frozenset(
    """
    the a an and but or so yet if when while since as at in on of for to from by with without over under after
    according despite although however meanwhile also earlier later today yesterday about around some more less
    nearly almost only just
    before during until this that these those there here it its he she they we i you his her their our my your
    mr mrs ms dr sir lord lady general gen president minister prime secretary chief commander colonel
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    """.split()
)
"""Capitalised words that are not names by themselves: sentence openers, titles, days
and months (a title stays part of the name it precedes: "General Valerii Zaluzhnyi")."""


@lru_cache(maxsize=1 << 14)
def proper_names(text: str) -> tuple[str, ...]:
    """The places and people a text names, in order, once each: runs of capitalised
    words, possessive dropped, leading titles and sentence openers dropped.

    >>> proper_names("Since the beginning of September, Ukraine has retaken land around Izium and Kupiansk.")
    ('Ukraine', 'Izium', 'Kupiansk')
    """
    found: dict[str, None] = {}
    for m in _NAME_RE.finditer(text):
        words = _POSSESSIVE_RE.sub("", m.group(0)).split()
        while words and words[0].lower().strip("'’") in COMMON_CAPITALISED:
            words.pop(0)
        while words and words[-1].lower() in COMMON_CAPITALISED:
            words.pop()
        if words:
            found.setdefault(" ".join(words))
    return tuple(found)


def display(variant: str | None, similarity: float | None) -> str | None:
    """``facts`` for a rendering whose words are its own (see ``FACTS_VARIANTS``,
    ``DIFF_MIN_SIMILARITY``), ``diff`` for the others, ``None`` outside a statement."""
    if variant is None:
        return None
    if variant in FACTS_VARIANTS or (similarity is not None and similarity < DIFF_MIN_SIMILARITY):
        return "facts"
    return "diff"
