"""What the semantic stage compares between two renderings: one row of evidence per pair.

Each text is read once into a :class:`TextInfo` (content words, figures with units,
capitalised names, negation), and a pair becomes the feature vector :data:`FEATURES`
that :mod:`audit.link.decide` weighs. Every feature is evidence, never a gate: a
different speaker lowers the odds but cannot forbid a link (misattributions must stay
findable), and figures that nearly agree still support a link so that scoring can flag
the conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from audit.match.block import STOPWORDS
from audit.score.numbers import Measure, agree, extract_numbers

FEATURES: tuple[str, ...] = (
    "cosine",
    "word_overlap",
    "word_jaccard",
    "same_speaker",
    "other_speaker",
    "figures_agree",
    "figures_near",
    "figures_differ",
    "figures_differ_same_speaker",
    "names_shared",
    "names_disjoint",
    "log_days",
    "both_direct",
    "negation_differs",
    "length_ratio",
)
"""Columns of a pair's feature vector, in order (see :func:`pair_features`):

* ``cosine``: embedding cosine of the two texts;
* ``word_overlap`` / ``word_jaccard``: shared content words over the smaller set / the union;
* ``same_speaker`` / ``other_speaker``: both credited to one canonical speaker / to two;
* ``figures_agree``: some figure in one is the same quantity as one in the other
  (after unit conversion and rounding, :func:`audit.score.numbers.agree`);
* ``figures_near``: none agrees, but two of one dimension are within
  :data:`NEAR_MISS_SHARE` (a botched conversion: a conflict to flag, not another claim);
* ``figures_differ``: both carry figures of one dimension and all are further apart;
  ``figures_differ_same_speaker``: that, from the same speaker (another claim, another day);
* ``names_shared`` / ``names_disjoint``: capitalised names (fuzzy, so "Kharkiv"/"Kharkov")
  in common / both have names and share none;
* ``log_days``: log(1 + days between first printings);
* ``both_direct``: two direct quotes (a reworded direct quote is rarer than reworded speech);
* ``negation_differs``: only one text is negated, and the word it negates the other
  asserts ("will rise" / "will not rise"); "untrue" / "not true" does not count;
* ``length_ratio``: content words of the shorter over the longer.
"""

NEAR_MISS_SHARE = 0.25
"""Two figures of one dimension within this share of each other that do not agree are a
near miss (a conversion or rounding gone wrong), not a different claim."""

NAME_FUZZ_MIN = 80.0

FUZZY_WORD_MIN = 80.0
"""rapidfuzz ratio at which two content words count as one in the word-overlap features."""

FUZZY_WORD_MIN_LENGTH = 5
"""Shorter words must match exactly (short words differ by one letter too easily)."""
"""rapidfuzz ratio at which two capitalised names count as one (transliterations)."""

_WORD_RE = re.compile(r"[a-z0-9]+")
_NAME_RE = re.compile(r"(?<![\w’'])([A-Z][\w’'\-]*[A-Za-z])")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;]\s+|[\"“‘(]\s*)$")
_STOP = frozenset(STOPWORDS)
_NEGATORS = frozenset(
    "not no never neither nor nobody nothing none without cannot cant wont isnt arent wasnt werent dont doesnt didnt "
    "hasnt havent hadnt couldnt shouldnt wouldnt mustnt".split()
)

NEGATION_SCOPE = 3
"""Words after a negator that it governs ("will not *rise*", "did not *retreat* from")."""
_NOT_NAMES = frozenset({"I", "I'm", "I’m", "It", "We", "They", "He", "She", "This", "That", "There", "But", "And", "If"})


@dataclass(frozen=True, slots=True)
class TextInfo:
    """What a text contributes to pair features, computed once per distinct text."""

    words: frozenset[str]
    figures: tuple[Measure, ...]
    names: tuple[str, ...]
    negated: frozenset[str]
    """The first content word after each negator, within :data:`NEGATION_SCOPE` words
    ("will not *rise*"; the negator itself when none follows)."""


def read_text(text: str, norm: str) -> TextInfo:
    """Content words of the normalised text; figures, names and negation of the printed one."""
    tokens = _WORD_RE.findall(norm)
    words = frozenset(w for w in tokens if w not in _STOP)
    negated = frozenset(
        next((w for w in tokens[k + 1:k + 1 + NEGATION_SCOPE] if w not in _STOP and w not in _NEGATORS), t)
        for k, t in enumerate(tokens) if t in _NEGATORS
    )
    names = tuple(
        sorted({m.group(1) for m in _NAME_RE.finditer(text)
                if m.group(1) not in _NOT_NAMES and not _SENTENCE_START_RE.search(text[: m.start()])})
    )
    return TextInfo(words, tuple(extract_numbers(text)), names, negated)


def _figures(a: tuple[Measure, ...], b: tuple[Measure, ...]) -> tuple[bool, bool, bool]:
    """(agree, near miss, differ) over the figures of one dimension in both texts."""
    comparable = [(x, y) for x in a for y in b if x.dimension == y.dimension]
    if not comparable:
        return False, False, False
    if any(agree(x, y) for x, y in comparable):
        return True, False, False
    near = any(abs(x.si - y.si) <= NEAR_MISS_SHARE * max(abs(x.si), abs(y.si)) for x, y in comparable)
    return False, near, not near


def _shared_words(a: frozenset[str], b: frozenset[str]) -> int:
    """Content words in common, counting a spelling variant of at least
    :data:`FUZZY_WORD_MIN_LENGTH` letters as the same word (transliterations and
    inflections: Izium/Izyum, Kharkiv/Kharkov, Kupiansk/Kupyansk, withdraw/withdrawn)."""
    exact = a & b
    rest_a, rest_b = [w for w in a - exact if len(w) >= FUZZY_WORD_MIN_LENGTH], [w for w in b - exact if len(w) >= FUZZY_WORD_MIN_LENGTH]
    if not rest_a or not rest_b:
        return len(exact)
    scores = cdist(rest_a, rest_b, scorer=fuzz.ratio)
    # Each word pairs with at most one: count the smaller side's words that found a partner.
    fuzzy = int(min((scores >= FUZZY_WORD_MIN).any(axis=1).sum(), (scores >= FUZZY_WORD_MIN).any(axis=0).sum()))
    return len(exact) + fuzzy


def _names_shared(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return any(x == y or fuzz.ratio(x.lower(), y.lower()) >= NAME_FUZZ_MIN for x in a for y in b)


def pair_features(
    cosine: float,
    a: TextInfo,
    b: TextInfo,
    *,
    speaker_a: str | None,
    speaker_b: str | None,
    date_a: date | None,
    date_b: date | None,
    kind_a: str,
    kind_b: str,
) -> np.ndarray:
    """The :data:`FEATURES` vector of one pair (float64)."""
    shared = _shared_words(a.words, b.words)
    small, large = sorted((len(a.words), len(b.words)))
    same = speaker_a is not None and speaker_a == speaker_b
    other = speaker_a is not None and speaker_b is not None and speaker_a != speaker_b
    f_agree, f_near, f_differ = _figures(a.figures, b.figures)
    names_shared = _names_shared(a.names, b.names) if a.names and b.names else False
    days = abs((date_a - date_b).days) if date_a is not None and date_b is not None else 0
    return np.array(
        [
            cosine,
            shared / small if small else 0.0,
            shared / (small + large - shared) if large else 0.0,
            same,
            other,
            f_agree,
            f_near,
            f_differ,
            f_differ and same,
            names_shared,
            bool(a.names and b.names) and not names_shared,
            np.log1p(days),
            kind_a == "direct" and kind_b == "direct",
            bool(a.negated) != bool(b.negated) and bool((a.negated & b.words) or (b.negated & a.words)),
            small / large if large else 0.0,
        ],
        dtype=np.float64,
    )
