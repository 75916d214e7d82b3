"""Verification: score candidate pairs with rapidfuzz and decide which ones match.

Scores are 0..100 on normalised text, in two regimes chosen by length; a pair matches
if either regime clears its threshold:

* comparable lengths (shorter / longer >= :data:`PARTIAL_LENGTH_RATIO`): the better of
  ``ratio`` (edit distance) and ``token_sort_ratio`` (tolerates moved clauses). This
  covers repeats, word swaps ("try to"/"try and") and translation-like rewording.
* one text contained in the other: 100, scored as a part. A mixed-quote fragment thus
  attaches to the statement whose full text contains it.
* different lengths (below :data:`TRUNCATION_LENGTH_RATIO`): the shorter text as a part
  of the longer one: against its head of the same length (truncations), and for short
  texts (fragments) ``partial_ratio``, the best alignment anywhere; from
  :data:`TOKEN_SET_MIN_WORDS` words ``token_set_ratio`` may also vouch (a shorter
  reworded rendering keeping most words). Two-word fragments never use it: two common
  words appear somewhere in many long quotes.

Whole batches go through ``rapidfuzz.process.cpdist`` with all cores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

PARTIAL_LENGTH_RATIO = 0.6
"""Below this length ratio (shorter / longer) only the partial regime applies."""

TRUNCATION_LENGTH_RATIO = 0.9
"""Below this length ratio the partial regime is tried too: a truncation keeping 60-90 %
of a reworded root scores low on edit distance but high as a part."""

PARTIAL_MAX_CHARS = 80
"""Shorter texts up to this length (normalised) are aligned anywhere in the longer one;
longer ones only as its head (truncations)."""

TOKEN_SET_MIN_WORDS = 5
"""Shorter texts need at least this many words before ``token_set_ratio`` counts."""

FULL_MIN = 80.0
"""Comparable-length pairs match from this score. Renderings with swapped words or
moved clauses score 81-97; two different claims in the same news formula ("In recent
days, the government ... in the X district") reach 76, so paraphrase-level rewording
(73-79 on the cross-outlet sample) is given up for precision."""

PARTIAL_MIN = 90.0
"""Fragments and truncations match from this score: they must be (nearly) contained."""

SPEAKER_BONUS = 2.0
"""Both thresholds drop by this much when the two texts are credited to the same
speaker: agreement is evidence, never a requirement. Kept small because the hardest
decoys (one speaker, same day, same place, another claim) agree on the speaker too."""

WORKERS = -1
"""rapidfuzz worker threads (-1: all cores)."""


@dataclass(frozen=True, slots=True)
class Scores:
    """Scores of aligned pairs. ``full`` (comparable lengths) and ``part`` (shorter text
    inside the longer) are 0..100, or -1 where that regime does not apply."""

    full: np.ndarray
    part: np.ndarray

    @property
    def score(self) -> np.ndarray:
        """The better of the two regimes: the similarity that is stored and reported."""
        return np.maximum(self.full, self.part)

    @property
    def partial(self) -> np.ndarray:
        """Whether the score comes from the partial regime."""
        return self.part > self.full

    def accept(self, same_speaker: np.ndarray | bool = False) -> np.ndarray:
        """Which pairs match: either regime clearing its own threshold, both lowered by
        :data:`SPEAKER_BONUS` where the speakers agree."""
        bonus = np.where(same_speaker, SPEAKER_BONUS, 0.0)
        return (self.full >= FULL_MIN - bonus) | (self.part >= PARTIAL_MIN - bonus)


def sorted_tokens(texts: Sequence[str]) -> list[str]:
    """Each text's words in sorted order: ``ratio`` on these is ``token_sort_ratio``,
    at a fraction of the cost when each text is sorted once rather than once per pair."""
    return [" ".join(sorted(t.split())) for t in texts]


def score_pairs(
    left: Sequence[str] | np.ndarray,
    right: Sequence[str] | np.ndarray,
    left_sorted: Sequence[str] | np.ndarray | None = None,
    right_sorted: Sequence[str] | np.ndarray | None = None,
    *,
    contained: np.ndarray | None = None,
) -> Scores:
    """Score ``left[i]`` against ``right[i]`` for every i (normalised texts).
    ``*_sorted`` are the same texts through :func:`sorted_tokens` and ``contained``
    whether one of each pair is a substring of the other, if already known (blocking
    computes it in SQL)."""
    a = np.asarray(left, dtype=object)
    b = np.asarray(right, dtype=object)
    a_s = np.asarray(sorted_tokens(a) if left_sorted is None else left_sorted, dtype=object)
    b_s = np.asarray(sorted_tokens(b) if right_sorted is None else right_sorted, dtype=object)
    n = len(a)
    full = np.full(n, -1.0, dtype=np.float32)
    part = np.full(n, -1.0, dtype=np.float32)
    if n == 0:
        return Scores(full, part)
    la = np.fromiter((len(s) for s in a), dtype=np.int32, count=n)
    lb = np.fromiter((len(s) for s in b), dtype=np.int32, count=n)
    ratio = np.minimum(la, lb) / np.maximum(np.maximum(la, lb), 1)
    if contained is None:
        contained = np.fromiter(((x in y) or (y in x) for x, y in zip(a, b, strict=True)), dtype=bool, count=n)
    comparable = ratio >= PARTIAL_LENGTH_RATIO
    if comparable.any():
        full[comparable] = np.maximum(
            cpdist(a[comparable], b[comparable], scorer=fuzz.ratio, workers=WORKERS),
            cpdist(a_s[comparable], b_s[comparable], scorer=fuzz.ratio, workers=WORKERS),
        )
    # The partial regime, only where the full one did not already match. A truncation
    # is a prefix: edit distance against the longer text's head of the same length
    # (cheap). Alignment anywhere (``partial_ratio``, ``token_set_ratio``) costs
    # ~100 us per pair for long texts, so only short texts (fragments) get it.
    idx = np.flatnonzero((ratio < TRUNCATION_LENGTH_RATIO) & ~contained & (full < FULL_MIN - SPEAKER_BONUS))
    if len(idx):
        a_short = la[idx] <= lb[idx]
        shorter = np.where(a_short, a[idx], b[idx])
        longer = np.where(a_short, b[idx], a[idx])
        heads = np.array([t[: len(h)] for t, h in zip(longer, shorter)], dtype=object)
        p = cpdist(shorter, heads, scorer=fuzz.ratio, workers=WORKERS).astype(np.float32)
        short = np.fromiter((len(t) <= PARTIAL_MAX_CHARS for t in shorter), dtype=bool, count=len(idx))
        if short.any():
            p[short] = np.maximum(p[short], cpdist(shorter[short], longer[short], scorer=fuzz.partial_ratio, workers=WORKERS))
            words = np.fromiter((t.count(" ") + 1 for t in shorter), dtype=np.int32, count=len(idx))
            wordy = short & (words >= TOKEN_SET_MIN_WORDS)
            if wordy.any():
                p[wordy] = np.maximum(p[wordy], cpdist(shorter[wordy], longer[wordy], scorer=fuzz.token_set_ratio, workers=WORKERS))
        part[idx] = p
    part[contained] = 100.0
    return Scores(full, part)


def score_one(a: str, b: str) -> tuple[float, bool]:
    """Score a single pair (for tests and small look-ups): (score, partial)."""
    s = score_pairs([a], [b])
    return float(s.score[0]), bool(s.partial[0])
