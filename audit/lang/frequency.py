"""How distinctive a word is in general English: background frequencies from wordfreq.

The ground floor for "is this text anyone's or everyone's?": ``audit check`` weighs the
words a draft shares with a statement by it (``audit.check.specificity``), and matching asks
it of short texts printed days apart (``audit.match.information_of``). It lives in ``lang``
so that matching need not import the check package (which loads the extractor).
"""

from __future__ import annotations

import gzip
import importlib.util
import math
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import msgpack

from audit.lang.words import STOPWORD_SET

BACKGROUND_TEXT_WORDS = 25
"""Length of the "unrelated text" the background IDF is about: a statement-sized text
(the reference's statements average 20-30 words), not a whole article."""

BACKGROUND_WORDLIST = "small"
"""``wordfreq`` list read: its small English list (about 29,000 words, down to about one
occurrence per million words) loads in 10 ms; the large one takes 0.2 s of every run
and only refines words that count as rare anyway."""

RARE_ZIPF = 2.5
"""Zipf frequency (log10 per billion words) given to a word outside the background list:
rarer than anything listed (names, places, figures such as "60000")."""

COMMON_IDF = 4.8
"""IDF of an everyday word (Zipf 5.5, about 3 in 100,000 words: "today", "team",
"well"); only what a word carries beyond this counts. Independence makes a run of
everyday words look informative ("the team played well today" sums to 18 nats though any
sports page prints it); above this floor it carries 0.7."""

_MAY_NORMALISE = re.compile(r"[^a-z]|[iy]s(?:e|ed|es|ing|ation|ations|er|ers)$|our|re[sd]?$|l(?:ed|ing|er|ers|or|ors)$")
"""Listed words :func:`audit.lang.normalise.normalise` may change (anything but plain
lower-case letters, or a British spelling pattern); only these are normalised, which
keeps loading the background to a few tens of milliseconds."""


def _wordfreq_list() -> dict[str, float]:
    """wordfreq's small English list, read straight from the installed package's data
    file (``importlib`` finds it without importing ``wordfreq``, whose own imports cost
    0.3 s of every run). The file is a gzipped msgpack "cBpack": a header, then buckets
    of words, bucket ``i`` holding the words of frequency ``10 ** (-i / 100)``; figures
    are stored with every digit as 0."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise BackgroundMissing("the wordfreq package is not installed: pip install wordfreq")
    path = Path(spec.submodule_search_locations[0]) / "data" / f"{BACKGROUND_WORDLIST}_en.msgpack.gz"
    try:
        with gzip.open(path) as fh:
            header, *buckets = msgpack.load(fh, raw=False)
    except (OSError, ValueError, msgpack.ExtraData) as exc:
        raise BackgroundMissing(f"{path}: cannot read the background word frequencies: {exc}") from exc
    if not isinstance(header, dict) or header.get("format") != "cB":
        raise BackgroundMissing(f"{path}: not a wordfreq cBpack file")
    return {w: 10 ** (-i / 100) for i, bucket in enumerate(buckets) for w in bucket}


class BackgroundMissing(RuntimeError):
    """The background frequencies cannot be read (wordfreq missing or damaged)."""


@lru_cache(maxsize=1)
def _background() -> dict[str, float]:
    """Background frequencies keyed the way quotes are compared: listed words normalised
    (:mod:`audit.lang.normalise` folds "raise" to "raize" and "two" to "2"), the
    frequencies of words that fold together added up. Digit patterns stay as listed."""
    from audit.lang.normalise import SPELLING, normalise_series

    freqs = _wordfreq_list()
    table = dict(freqs)
    changing = [w for w in freqs if (w in SPELLING or _MAY_NORMALISE.search(w)) and not any(c.isdigit() for c in w)]
    for word, norm in zip(changing, normalise_series(changing).to_list()):
        if norm != word:
            table[word] -= freqs[word]
            if norm and " " not in norm:
                table[norm] = table.get(norm, 0.0) + freqs[word]
    return table


@lru_cache(maxsize=65536)
def background_idf(word: str) -> float:
    """``-ln P(a statement-sized unrelated text holds word)`` from general English.

    A figure's frequency is that of its digit pattern spread over the numbers sharing it
    ("24" is common, "60000" rare); a word outside the list counts as :data:`RARE_ZIPF`.
    """
    rare = 10 ** (RARE_ZIPF - 9)
    if any(c.isdigit() for c in word):
        digits = sum(c.isdigit() for c in word)
        pattern = _background().get(re.sub(r"\d", "0", word), 0.0)
        freq = max(pattern / 10**digits, rare) if pattern else rare
    else:
        freq = _background().get(word) or rare
    chance = -math.expm1(-BACKGROUND_TEXT_WORDS * freq)
    return -math.log(chance)


def content_words(norm: str) -> list[str]:
    """Words of a normalised text that can make it distinctive (stopwords dropped)."""
    return [w for w in norm.split() if w not in STOPWORD_SET and (len(w) > 1 or w.isdigit())]



def background_information(words: Iterable[str]) -> float:
    """Distinctive information of ``words`` in general English (nats): for each, its
    :func:`background_idf` less :data:`COMMON_IDF` (never below zero)."""
    return sum(max(0.0, background_idf(w) - COMMON_IDF) for w in words)
