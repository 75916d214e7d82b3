"""Verification: score candidate pairs with rapidfuzz and decide which ones match.

Scores are 0..100 on normalised text, in one of two regimes chosen by length:

* comparable lengths (shorter / longer >= :data:`PARTIAL_LENGTH_RATIO`): the better of
  ``ratio`` (edit distance) and ``token_sort_ratio`` (tolerates moved clauses). This
  covers repeats, word swaps ("try to"/"try and") and translation-like rewording.
* one text contained in the other: 100, scored as a part.
* very different lengths: ``partial_ratio``, the best alignment of the shorter text
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
"""Below this length ratio the shorter text is scored as a part of the longer one."""

TOKEN_SET_MIN_WORDS = 5
"""Shorter texts need at least this many words before ``token_set_ratio`` counts."""

FULL_MIN = 72.0
"""Comparable-length pairs match from this score (paraphrases of a real statement
score 73-90 on the cross-outlet sample, different statements on one topic stay <= 70)."""

PARTIAL_MIN = 90.0
"""Fragments and truncations match from this score: they must be (nearly) contained."""

SPEAKER_BONUS = 8.0
"""Both thresholds drop by this much when the two texts are credited to the same
speaker: agreement is evidence, never a requirement."""

WORKERS = -1
"""rapidfuzz worker threads (-1: all cores)."""


@dataclass(frozen=True, slots=True)
class Scores:
    """Scores of aligned pairs: ``score`` 0..100 and whether the partial regime applied."""

    score: np.ndarray
    partial: np.ndarray


def score_pairs(left: list[str] | np.ndarray, right: list[str] | np.ndarray) -> Scores:
    """Score ``left[i]`` against ``right[i]`` for every i (normalised texts)."""
    a = np.asarray(left, dtype=object)
    b = np.asarray(right, dtype=object)
    n = len(a)
    score = np.zeros(n, dtype=np.float32)
    if n == 0:
        return Scores(score, np.zeros(0, dtype=bool))
    la = np.fromiter((len(s) for s in a), dtype=np.int32, count=n)
    lb = np.fromiter((len(s) for s in b), dtype=np.int32, count=n)
    ratio = np.minimum(la, lb) / np.maximum(np.maximum(la, lb), 1)
    contained = np.fromiter(((x in y) if len(x) <= len(y) else (y in x) for x, y in zip(a, b)), dtype=bool, count=n)
    partial = (ratio < PARTIAL_LENGTH_RATIO) & ~contained
    full = ~partial
    if full.any():
        a_f, b_f = a[full], b[full]
        score[full] = np.maximum(
            cpdist(a_f, b_f, scorer=fuzz.ratio, workers=WORKERS),
            cpdist(a_f, b_f, scorer=fuzz.token_sort_ratio, workers=WORKERS),
        )
    if partial.any():
        idx = np.flatnonzero(partial)
        part = cpdist(a[idx], b[idx], scorer=fuzz.partial_ratio, workers=WORKERS).astype(np.float32)
        shorter = np.where(la[idx] <= lb[idx], a[idx], b[idx])
        words = np.fromiter((s.count(" ") + 1 for s in shorter), dtype=np.int32, count=len(idx))
        wordy = words >= TOKEN_SET_MIN_WORDS
        if wordy.any():
            sub = idx[wordy]
            part[wordy] = np.maximum(part[wordy], cpdist(a[sub], b[sub], scorer=fuzz.token_set_ratio, workers=WORKERS))
        score[idx] = part
    score[contained] = 100.0
    return Scores(score, partial | contained)


def thresholds(partial: np.ndarray, same_speaker: np.ndarray) -> np.ndarray:
    """The score each pair needs to match, given its regime and speaker agreement."""
    base = np.where(partial, PARTIAL_MIN, FULL_MIN).astype(np.float32)
    return base - np.where(same_speaker, SPEAKER_BONUS, 0.0).astype(np.float32)


def score_one(a: str, b: str) -> tuple[float, bool]:
    """Score a single pair (for tests and small look-ups)."""
    s = score_pairs([a], [b])
    return float(s.score[0]), bool(s.partial[0])
