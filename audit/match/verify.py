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
import polars as pl
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

PARTIAL_LENGTH_RATIO = 0.6
"""Below this length ratio (shorter / longer) only the partial regime applies."""

TRUNCATION_LENGTH_RATIO = 0.9
"""Below this length ratio the partial regime is tried too: a truncation keeping 60-90 %
of a reworded root scores low on edit distance but high as a part."""

PARTIAL_MAX_CHARS = 80
"""Shorter texts up to this length (normalised) are aligned anywhere in the longer one;
longer ones only as its head (truncations), unless they share enough grams..."""

LONG_PARTIAL_OVERLAP = 0.5
"""...this share of the shorter text's grams: a reworded part of a long quote ("I will
be compelled to go to the country's leadership to convey ...") keeps about half, a
different statement on the same topic one or two. Aligning a long text costs ~50 us
per pair, so the gate is what keeps scoring linear."""

LONG_PARTIAL_MIN_SHARED = 3
"""...and at least this many grams: in a large corpus most texts keep only one or two
grams inside the DF band, and "one of two" says nothing."""

LONG_PARTIAL_MAX_HEAD = 70.0
"""...and only if it does not already resemble the other's head this much."""

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

SHARED_PHRASE_MAX_WORDS = 4
"""A pair whose shorter text has at most this many words (normalised) and whose two texts
are credited to two different known speakers never matches: a phrase that short ("closing
argument", "a rigged system", "intentionally") is shared language, not one statement
rendered twice. Measured on PolNeAR (hand-judged joins, ``bench/polnear_findings.py``):
18 of the 37 lexical joins of four words or fewer that were judged wrong joined two
different speakers' words; a misattributed fragment this short was already out of reach
(``score.authority.ATTRIBUTION_MIN_WORDS``)."""

NEWS_CYCLE_DAYS = 3
"""Two renderings printed at most this many days apart belong to one news cycle: without
speaker agreement they match on their words alone, as before. Further apart, two outlets
printing one utterance without crediting it to one speaker is rare, and the same few words
printed months apart by different people (or by someone the extractor could not name) are
mostly shared language: "the candidate of their choice", "pick up delegates", "we need a big
change" (:data:`FAR_MIN_INFO`). Measured on PolNeAR's hand-judged lexical joins
(``bench/polnear_findings.py``; labels of seeds 23, 24 and 31): pairs without speaker
agreement were right 6 of 7 times within three days and 5 of 31 beyond; pairs crediting one
speaker 19 of 21, near or far. Stories of one event (the shared stories, all within days)
are not touched."""

FAR_MIN_INFO = 12.0
"""Distinctive information (nats over an everyday word, :func:`audit.lang.frequency.background_information`,
from ``wordfreq``) that the shorter text of a pair must carry to match across news cycles
(:data:`NEWS_CYCLE_DAYS`) when its two texts do not credit one speaker: a sentence of its
own (a clause of a ministry's update holds 10-25) rather than a phrase any outlet may
print. Chosen on PolNeAR (the only corpus spanning months): of the judged joins past the
news cycle without speaker agreement, the one right join above it scored 18.1 ("Anyone
claiming that America's economy is in decline is peddling fiction"), the wrong ones 9.8 and
less ("his call for a temporary ban on Muslims entering the United States", 9.8, credited to
a poll and to a terrorist group's video)."""

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

    def accept(self, same_speaker: np.ndarray | bool = False, veto: np.ndarray | bool = False) -> np.ndarray:
        """Which pairs match: either regime clearing its own threshold, both lowered by
        :data:`SPEAKER_BONUS` where the speakers agree; never a ``veto``-ed pair
        (:func:`audit.match.speaker_evidence`)."""
        bonus = np.where(same_speaker, SPEAKER_BONUS, 0.0)
        return ((self.full >= FULL_MIN - bonus) | (self.part >= PARTIAL_MIN - bonus)) & ~np.asarray(veto, dtype=bool)


@dataclass(slots=True)
class Texts:
    """Normalised texts with their length and word count, computed once per text (in
    Polars) rather than once per pair. Pairs refer to texts by position."""

    norm: np.ndarray
    length: np.ndarray
    words: np.ndarray
    _ordered: np.ndarray | None = None

    @classmethod
    def of(cls, norms: Sequence[str] | pl.Series) -> Texts:
        frame = pl.DataFrame({"norm": pl.Series("norm", norms, dtype=pl.String)}).select(
            pl.col("norm"),
            pl.col("norm").str.len_chars().alias("length"),
            (pl.col("norm").str.count_matches(" ", literal=True) + 1).alias("words"),
        )
        return cls(
            frame["norm"].to_numpy().astype(object),
            frame["length"].to_numpy().astype(np.int32),
            frame["words"].to_numpy().astype(np.int32),
        )

    def ordered(self, idx: np.ndarray) -> np.ndarray:
        """The words of texts ``idx`` in sorted order (``ratio`` on these is
        ``token_sort_ratio``), each text sorted once and only when first asked for."""
        if self._ordered is None:
            self._ordered = np.full(len(self.norm), None, dtype=object)
        todo = np.unique(idx)
        todo = todo[np.equal(self._ordered[todo], None)]  # type: ignore[call-overload]  # numpy's stubs lack None
        self._ordered[todo] = [" ".join(sorted(t.split())) for t in self.norm[todo]]
        return self._ordered[idx]


def score_pairs(
    texts: Texts,
    left: np.ndarray,
    right: np.ndarray,
    *,
    contained: np.ndarray | None = None,
    shared: np.ndarray | None = None,
    overlap: np.ndarray | None = None,
) -> Scores:
    """Score text ``left[k]`` against text ``right[k]`` for every k (positions in
    ``texts``). From blocking, if known: ``contained``, whether one of each pair is a
    substring of the other; ``shared`` and ``overlap``, the grams the pair has in common
    and their share of the shorter text's (they open the costly alignment to long
    texts; without them only short texts are aligned)."""
    a, b = texts.norm[left], texts.norm[right]
    n = len(a)
    full = np.full(n, -1.0, dtype=np.float32)
    part = np.full(n, -1.0, dtype=np.float32)
    if n == 0:
        return Scores(full, part)
    la, lb = texts.length[left], texts.length[right]
    ratio = np.minimum(la, lb) / np.maximum(np.maximum(la, lb), 1)
    if contained is None:
        contained = np.fromiter(((x in y) or (y in x) for x, y in zip(a, b, strict=True)), dtype=bool, count=n)
    # One text inside the other: a part, unless it is (nearly) all of it.
    whole = contained & (ratio >= TRUNCATION_LENGTH_RATIO)
    full[whole] = 100.0
    part[contained & ~whole] = 100.0
    # Edit distance first; word order only where that alone does not match.
    comparable = np.flatnonzero((ratio >= PARTIAL_LENGTH_RATIO) & ~contained)
    if len(comparable):
        full[comparable] = cpdist(a[comparable], b[comparable], scorer=fuzz.ratio, workers=WORKERS)
        moved = comparable[full[comparable] < FULL_MIN - SPEAKER_BONUS]
        if len(moved):
            by_words = cpdist(texts.ordered(left[moved]), texts.ordered(right[moved]), scorer=fuzz.ratio, workers=WORKERS)
            full[moved] = np.maximum(full[moved], by_words)
    # The partial regime, only where the full one did not already match. A truncation
    # is a prefix: edit distance against the longer text's head of the same length
    # (cheap). Alignment anywhere (``partial_ratio``, ``token_set_ratio``) costs
    # ~20-100 us per pair, so only short texts (fragments) and long ones sharing many
    # grams get it.
    idx = np.flatnonzero((ratio < TRUNCATION_LENGTH_RATIO) & ~contained & (full < FULL_MIN - SPEAKER_BONUS))
    if len(idx):
        a_short = la[idx] <= lb[idx]
        shorter = np.where(a_short, a[idx], b[idx])
        longer = np.where(a_short, b[idx], a[idx])
        short_len = np.minimum(la[idx], lb[idx])
        heads = np.array([t[:k] for t, k in zip(longer, short_len.tolist(), strict=True)], dtype=object)
        p = cpdist(shorter, heads, scorer=fuzz.ratio, workers=WORKERS).astype(np.float32)
        short = short_len <= PARTIAL_MAX_CHARS
        # A long text is aligned inside the other only if it shares enough grams and
        # does not start like it: one that opens with the same formula and then
        # diverges is another statement, and a true truncation matched on its head.
        inner = ~short & (p < LONG_PARTIAL_MAX_HEAD)
        if overlap is None or shared is None:
            inner[:] = False
        else:
            inner &= (overlap[idx] >= LONG_PARTIAL_OVERLAP) & (shared[idx] >= LONG_PARTIAL_MIN_SHARED)
        align = short | inner
        if align.any():
            p[align] = np.maximum(p[align], cpdist(shorter[align], longer[align], scorer=fuzz.partial_ratio, workers=WORKERS))
            words = np.where(a_short, texts.words[left[idx]], texts.words[right[idx]])
            wordy = short & (words >= TOKEN_SET_MIN_WORDS)
            if wordy.any():
                p[wordy] = np.maximum(p[wordy], cpdist(shorter[wordy], longer[wordy], scorer=fuzz.token_set_ratio, workers=WORKERS))
        part[idx] = p
    return Scores(full, part)


def score_one(a: str, b: str) -> tuple[float, bool]:
    """Score a single pair (for tests and small look-ups): (score, partial)."""
    s = score_pairs(Texts.of([a, b]), np.array([0]), np.array([1]))
    return float(s.score[0]), bool(s.partial[0])
