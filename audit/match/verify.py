"""Verification: score candidate pairs with rapidfuzz and decide which ones match.

Scores are 0..100 on normalised text, in two regimes chosen by length; a pair matches
if either regime clears its threshold:

* comparable lengths (shorter / longer >= :data:`PARTIAL_LENGTH_RATIO`): the better of
  ``ratio`` (edit distance) and ``token_sort_ratio`` (tolerates moved clauses). This
  covers repeats, word swaps ("try to"/"try and") and translation-like rewording.
* one text contained in the other: 100, scored as a part.
* different lengths (below :data:`TRUNCATION_LENGTH_RATIO`): ``partial_ratio``, the best alignment of the shorter text
  inside the longer one. A mixed-quote fragment or truncation scores 100 against the
  statement whose full text contains it. For texts of :data:`TOKEN_SET_MIN_WORDS`
  words or more ``token_set_ratio`` may also vouch (a shorter reworded rendering that
  keeps most words); short fragments never use it, since two common words appear
  somewhere in many long quotes.

Whole batches go through ``rapidfuzz.process.cpdist`` with all cores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

PARTIAL_LENGTH_RATIO = 0.6
"""Below this length ratio (shorter / longer) only the partial regime applies."""

TRUNCATION_LENGTH_RATIO = 0.9
"""Below this length ratio the partial regime is tried too: a truncation keeping 60-90 %
of a reworded root scores low on edit distance but high as a part."""

TOKEN_SET_MIN_WORDS = 5
"""Shorter texts need at least this many words before ``token_set_ratio`` counts."""

FULL_MIN = 80.0
"""Comparable-length pairs match from this score. Renderings with swapped words or
moved clauses score 81-97; two different claims in the same news formula ("In recent
days, the government ... in the X district") reach 76, so paraphrase-level rewording
(73-79 on the cross-outlet sample) is given up for precision."""

PARTIAL_MIN = 90.0
"""Fragments and truncations match from this score: they must be (nearly) contained."""

SPEAKER_BONUS = 5.0
"""Both thresholds drop by this much when the two texts are credited to the same
speaker: agreement is evidence, never a requirement."""

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


def score_pairs(left: list[str] | np.ndarray, right: list[str] | np.ndarray) -> Scores:
    """Score ``left[i]`` against ``right[i]`` for every i (normalised texts)."""
    a = np.asarray(left, dtype=object)
    b = np.asarray(right, dtype=object)
    n = len(a)
    full = np.full(n, -1.0, dtype=np.float32)
    part = np.full(n, -1.0, dtype=np.float32)
    if n == 0:
        return Scores(full, part)
    la = np.fromiter((len(s) for s in a), dtype=np.int32, count=n)
    lb = np.fromiter((len(s) for s in b), dtype=np.int32, count=n)
    ratio = np.minimum(la, lb) / np.maximum(np.maximum(la, lb), 1)
    contained = np.fromiter(((x in y) if len(x) <= len(y) else (y in x) for x, y in zip(a, b)), dtype=bool, count=n)
    comparable = ratio >= PARTIAL_LENGTH_RATIO
    if comparable.any():
        a_f, b_f = a[comparable], b[comparable]
        full[comparable] = np.maximum(
            cpdist(a_f, b_f, scorer=fuzz.ratio, workers=WORKERS),
            cpdist(a_f, b_f, scorer=fuzz.token_sort_ratio, workers=WORKERS),
        )
    # The partial regime is costlier: only where the full one did not already match.
    idx = np.flatnonzero((ratio < TRUNCATION_LENGTH_RATIO) & ~contained & (full < FULL_MIN - SPEAKER_BONUS))
    if len(idx):
        p = cpdist(a[idx], b[idx], scorer=fuzz.partial_ratio, workers=WORKERS).astype(np.float32)
        shorter = np.where(la[idx] <= lb[idx], a[idx], b[idx])
        words = np.fromiter((s.count(" ") + 1 for s in shorter), dtype=np.int32, count=len(idx))
        wordy = (words >= TOKEN_SET_MIN_WORDS) & (ratio[idx] < PARTIAL_LENGTH_RATIO)
        if wordy.any():
            sub = idx[wordy]
            p[wordy] = np.maximum(p[wordy], cpdist(a[sub], b[sub], scorer=fuzz.token_set_ratio, workers=WORKERS))
        part[idx] = p
    part[contained] = 100.0
    return Scores(full, part)


def score_one(a: str, b: str) -> tuple[float, bool]:
    """Score a single pair (for tests and small look-ups): (score, partial)."""
    s = score_pairs([a], [b])
    return float(s.score[0]), bool(s.partial[0])
