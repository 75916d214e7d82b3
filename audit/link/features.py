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
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
from rapidfuzz import fuzz
from rapidfuzz.process import cdist, cpdist

from audit.lang.numbers import Measure, agree, extract_numbers
from audit.lang.words import STOPWORD_SET

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
  (after unit conversion and rounding, :func:`audit.lang.numbers.agree`);
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
"""rapidfuzz ratio at which two capitalised names count as one (transliterations)."""

FUZZY_WORD_MIN = 80.0
"""rapidfuzz ratio at which two content words count as one in the word-overlap features."""

FUZZY_WORD_MIN_LENGTH = 5
"""Shorter words must match exactly (short words differ by one letter too easily)."""

BATCH_PAIRS = 20_000
"""Pairs per chunk in :func:`batch_features`: bounds the exploded word, name and figure
tables (about pairs x words x words rows for the fuzzy overlap)."""

SMALL_BATCH = 64
"""Up to this many pairs, :func:`batch_features` scores pair by pair (:func:`pair_features`,
tens of microseconds a pair) instead of building tables (several milliseconds a call,
whatever its size): the join loop asks for a handful of anchor pairs at a time, thousands
of times per run (measured: `audit match` of the kill test's 12,000 templated quotes, 20.6 -> 8.7 s, the same
statements)."""

_WORD_RE = re.compile(r"[a-z0-9]+")
_NAME_RE = re.compile(r"(?<![\w’'])([A-Z][\w’'\-]*[A-Za-z])")
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


def _plural(word: str) -> bool:
    """Whether a word ending in ``s`` reads as a plural whose ``s`` :func:`read_text` drops
    (five letters or more, not ending in ss, us or is), so "winds" and "wind", "reasons" and
    "reason" count as one content word: paraphrases and translations change number freely,
    and a four-letter word is below the fuzzy match's reach (:data:`FUZZY_WORD_MIN_LENGTH`).
    Applied to every text alike, a rare wrong cut ("series" to "serie") merges nothing.
    Chosen on Ever Given (a reworded Rabie quote, "Strong wind storms ... were not the only
    main reasons", joined its statement: across outlets recall 0.440 -> 0.488)."""
    return len(word) >= 5 and not word.endswith(("ss", "us", "is"))


def read_text(text: str, norm: str) -> TextInfo:
    """Content words of the normalised text; figures, names and negation of the printed one."""
    tokens = _WORD_RE.findall(norm)
    # Interned: the same word in many texts is one string (hundreds of MB at a million quotes).
    words = frozenset(sys.intern(w[:-1] if w.endswith("s") and _plural(w) else w)
                      for w in tokens if w not in STOPWORD_SET)
    negated = frozenset(
        next((w for w in tokens[k + 1:k + 1 + NEGATION_SCOPE] if w not in STOPWORD_SET and w not in _NEGATORS), t)
        for k, t in enumerate(tokens) if t in _NEGATORS
    )
    names = tuple(
        sorted({m.group(1) for m in _NAME_RE.finditer(text)
                if m.group(1) not in _NOT_NAMES and not _starts_sentence(text[: m.start()])})
    )
    return TextInfo(words, tuple(extract_numbers(text)), names, negated)


def _starts_sentence(before: str) -> bool:
    r"""Whether a word after ``before`` opens a sentence: nothing before it, or a sentence
    mark and whitespace, or an opening quote or bracket (the regex
    ``(?:^|[.!?:;]\s+|["“‘(]\s*)$``, read from the end: a regex search scans the whole
    prefix for every capitalised word)."""
    stripped = before.rstrip()
    if not stripped:
        return before in ("", "\n")  # "$" also matches before a final newline
    return stripped[-1] in "\"“‘(" or (stripped[-1] in ".!?:;" and len(stripped) < len(before))


def content_words(norm: str) -> int:
    """Distinct content words of a normalised text (those of :attr:`TextInfo.words`),
    without reading the rest: the stage counts them for every text to find fragments."""
    return len({w for w in _WORD_RE.findall(norm) if w not in STOPWORD_SET})


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


def speakers_differ(a: str | None, b: str | None) -> bool:
    """Two known, different speakers (an unknown one contradicts nobody)."""
    return a is not None and b is not None and a != b


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
    other = speakers_differ(speaker_a, speaker_b)
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


# -- the same features for many pairs at once ---------------------------------------------
#
# The semantic stage scores every candidate pair (hundreds of thousands at a million
# quotes); a Python call per pair was most of its cost. ``batch_features`` computes the
# very same columns as ``pair_features`` (tests/test_link.py checks equality on varied
# pairs) with joins over exploded per-text tables and one rapidfuzz call per chunk on the
# distinct word and name pairs; only the rare pairs where one text is negated and the
# other is not are looked at one by one.


@dataclass(frozen=True, slots=True)
class _Columns:
    """The :class:`TextInfo` of many texts as flat tables keyed by text row."""

    words: pl.DataFrame
    """row, word (id into ``vocab``), long (at least :data:`FUZZY_WORD_MIN_LENGTH` letters)."""
    vocab: np.ndarray
    names: pl.DataFrame
    """row, name (id into ``name_vocab``, lowercased)."""
    name_vocab: np.ndarray
    figures: pl.DataFrame
    """row, dim, si, low, high: one row per figure."""
    n_words: np.ndarray
    has_names: np.ndarray
    negated: np.ndarray

    @classmethod
    def of(cls, infos: Sequence[TextInfo]) -> _Columns:
        # Flat typed arrays, not lists of Python ints: millions of words at a million quotes.
        vocab: dict[str, int] = {}
        name_vocab: dict[str, int] = {}
        dims: dict[str, int] = {}
        w_id, n_id, f_dim = array("q"), array("q"), array("q")
        n_names, f_row = array("q"), array("q")
        f_si, f_low, f_high = array("d"), array("d"), array("d")
        for r, info in enumerate(infos):
            w_id.extend(vocab.setdefault(w, len(vocab)) for w in info.words)
            lowered = {x.lower() for x in info.names}
            n_names.append(len(lowered))
            n_id.extend(name_vocab.setdefault(nm, len(name_vocab)) for nm in lowered)
            for m in info.figures:
                f_row.append(r)
                f_dim.append(dims.setdefault(m.dimension, len(dims)))
                f_si.append(m.si)
                f_low.append(m.low)
                f_high.append(m.high)
        n_words = np.fromiter((len(i.words) for i in infos), dtype=np.int64, count=len(infos))
        words = np.array(list(vocab), dtype=object)
        lengths = np.fromiter((len(w) for w in words), dtype=np.int64, count=len(words))
        w_idx = np.array(w_id, dtype=np.int64)
        return cls(
            words=pl.DataFrame({"row": np.repeat(np.arange(len(infos), dtype=np.int64), n_words), "word": w_idx,
                                "long": lengths[w_idx] >= FUZZY_WORD_MIN_LENGTH}),
            vocab=words,
            names=pl.DataFrame({"row": np.repeat(np.arange(len(infos), dtype=np.int64), np.array(n_names, dtype=np.int64)),
                                "name": np.array(n_id, dtype=np.int64)}),
            name_vocab=np.array(list(name_vocab), dtype=object),
            figures=pl.DataFrame({"row": np.array(f_row, dtype=np.int64), "dim": np.array(f_dim, dtype=np.int64),
                                  "si": np.array(f_si, dtype=np.float64), "low": np.array(f_low, dtype=np.float64),
                                  "high": np.array(f_high, dtype=np.float64)}),
            n_words=n_words,
            has_names=np.fromiter((bool(i.names) for i in infos), dtype=bool, count=len(infos)),
            negated=np.fromiter((bool(i.negated) for i in infos), dtype=bool, count=len(infos)),
        )


def _fuzzy_hits(left: np.ndarray, right: np.ndarray, vocab: np.ndarray, minimum: float) -> np.ndarray:
    """``fuzz.ratio(vocab[left], vocab[right]) >= minimum`` per row, computed once per
    distinct pair. Pairs whose lengths alone keep the ratio below ``minimum`` (it is at
    most ``200 * shorter / (sum of lengths)``) are not scored."""
    hits = np.zeros(len(left), dtype=bool)
    if not len(left):
        return hits
    key = left * len(vocab) + right
    uniq, inverse = np.unique(key, return_inverse=True)
    ul, ur = uniq // len(vocab), uniq % len(vocab)
    lengths = np.fromiter((len(w) for w in vocab), dtype=np.int64, count=len(vocab))
    la, lb = lengths[ul], lengths[ur]
    possible = 200 * np.minimum(la, lb) >= minimum * (la + lb)
    scores = np.zeros(len(uniq), dtype=np.float32)
    if possible.any():
        scores[possible] = cpdist(vocab[ul[possible]].tolist(), vocab[ur[possible]].tolist(), scorer=fuzz.ratio)
    return (scores >= minimum)[inverse.ravel()]


def _distinct_per_pair(p: np.ndarray, item: np.ndarray, n_pairs: int) -> np.ndarray:
    """How many distinct ``item`` each pair index in ``p`` has."""
    if not len(p):
        return np.zeros(n_pairs, dtype=np.int64)
    span = int(item.max()) + 1
    return np.bincount(np.unique(p * span + item) // span, minlength=n_pairs)


def _chunk(cols: _Columns, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
    """(shared words, figures agree, near, differ, names shared) for pairs ``(a, b)``."""
    n = len(a)
    pairs = pl.DataFrame({"p": np.arange(n, dtype=np.int64), "a": a, "b": b})
    # Only the chunk's texts: a join against the whole tables rebuilt their hash tables per
    # chunk (millions of words at a million quotes).
    needed = np.zeros(len(cols.n_words), dtype=bool)
    needed[a] = True
    needed[b] = True
    words, names_t, figures_t = (t.filter(pl.Series(needed[t["row"].to_numpy()]))
                                 for t in (cols.words, cols.names, cols.figures))
    key = words.select("row", "word")
    side_a = pairs.join(words, left_on="a", right_on="row")
    exact = side_a.join(key, left_on=["b", "word"], right_on=["row", "word"], how="semi")
    shared = np.bincount(exact["p"].to_numpy(), minlength=n).astype(np.int64)
    rest_a = side_a.filter("long").join(key, left_on=["b", "word"], right_on=["row", "word"], how="anti")
    rest_b = (pairs.join(words.filter("long"), left_on="b", right_on="row")
              .join(key, left_on=["a", "word"], right_on=["row", "word"], how="anti"))
    cross = rest_a.select("p", pl.col("word").alias("wa")).join(rest_b.select("p", pl.col("word").alias("wb")), on="p")
    cp, wa, wb = (cross[c].to_numpy() for c in ("p", "wa", "wb"))
    hit = _fuzzy_hits(wa, wb, cols.vocab, FUZZY_WORD_MIN)
    # Each word pairs with at most one: the smaller count of words that found a partner.
    shared += np.minimum(_distinct_per_pair(cp[hit], wa[hit], n), _distinct_per_pair(cp[hit], wb[hit], n))

    names = (pairs.join(names_t, left_on="a", right_on="row")
             .join(names_t, left_on="b", right_on="row", suffix="_b"))
    nhit = _fuzzy_hits(names["name"].to_numpy(), names["name_b"].to_numpy(), cols.name_vocab, NAME_FUZZ_MIN)
    names_shared = np.zeros(n, dtype=bool)
    names_shared[names["p"].to_numpy()[nhit]] = True

    figs = (
        pairs.join(figures_t, left_on="a", right_on="row")
        .join(figures_t, left_on=["b", "dim"], right_on=["row", "dim"], suffix="_b")
        .group_by("p")
        .agg((pl.max_horizontal("low", "low_b") < pl.min_horizontal("high", "high_b")).any().alias("agree"),
             ((pl.col("si") - pl.col("si_b")).abs()
              <= NEAR_MISS_SHARE * pl.max_horizontal(pl.col("si").abs(), pl.col("si_b").abs())).any().alias("near"))
    )
    comparable = np.zeros(n, dtype=bool)
    f_agree, near = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    fp = figs["p"].to_numpy()
    comparable[fp] = True
    f_agree[fp] = figs["agree"].to_numpy()
    near[fp] = figs["near"].to_numpy()
    f_near = comparable & ~f_agree & near
    f_differ = comparable & ~f_agree & ~near
    return shared, f_agree, f_near, f_differ, names_shared


def batch_features(
    cosine: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    infos: Sequence[TextInfo],
    *,
    speakers: Sequence[str | None],
    dates: Sequence[date | None],
    kinds: Sequence[str],
) -> np.ndarray:
    """The :data:`FEATURES` matrix (``len(a) x len(FEATURES)``, float64) of the pairs
    ``(infos[a[k]], infos[b[k]])`` with embedding cosine ``cosine[k]``: row for row what
    :func:`pair_features` gives, where ``speakers``, ``dates`` and ``kinds`` are per text
    (index as ``infos``)."""
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    n = len(a)
    x = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if not n:
        return x
    if n <= SMALL_BATCH:
        for k, (i, j) in enumerate(zip(a.tolist(), b.tolist())):
            x[k] = pair_features(float(cosine[k]), infos[i], infos[j], speaker_a=speakers[i], speaker_b=speakers[j],
                                 date_a=dates[i], date_b=dates[j], kind_a=kinds[i], kind_b=kinds[j])
        return x
    cols = _Columns.of(infos)
    parts = [_chunk(cols, a[s:s + BATCH_PAIRS], b[s:s + BATCH_PAIRS]) for s in range(0, n, BATCH_PAIRS)]
    shared, f_agree, f_near, f_differ, names_shared = (np.concatenate(c) for c in zip(*parts))
    codes: dict[str, int] = {}
    speaker = np.array([-1 if s is None else codes.setdefault(s, len(codes)) for s in speakers], dtype=np.int64)
    day = np.array([-1 if d is None else d.toordinal() for d in dates], dtype=np.int64)
    direct = np.array([k == "direct" for k in kinds], dtype=bool)
    small, large = np.minimum(cols.n_words[a], cols.n_words[b]), np.maximum(cols.n_words[a], cols.n_words[b])
    same = (speaker[a] >= 0) & (speaker[a] == speaker[b])
    other = (speaker[a] >= 0) & (speaker[b] >= 0) & (speaker[a] != speaker[b])
    known = (day[a] >= 0) & (day[b] >= 0)
    days = np.where(known, np.abs(day[a] - day[b]), 0)
    # log1p once per distinct distance, as the scalar call does (array loops may round differently).
    uniq, inverse = np.unique(days, return_inverse=True)
    log_days = np.array([np.log1p(int(d)) for d in uniq], dtype=np.float64)[inverse.ravel()]
    negation = np.zeros(n, dtype=bool)
    for k in np.flatnonzero(cols.negated[a] != cols.negated[b]).tolist():
        ia, ib = infos[a[k]], infos[b[k]]
        negation[k] = bool((ia.negated & ib.words) or (ib.negated & ia.words))
    x[:, 0] = cosine
    np.divide(shared, small, out=x[:, 1], where=small > 0)
    np.divide(shared, small + large - shared, out=x[:, 2], where=large > 0)
    x[:, 3] = same
    x[:, 4] = other
    x[:, 5] = f_agree
    x[:, 6] = f_near
    x[:, 7] = f_differ
    x[:, 8] = f_differ & same
    x[:, 9] = names_shared
    x[:, 10] = cols.has_names[a] & cols.has_names[b] & ~names_shared
    x[:, 11] = log_days
    x[:, 12] = direct[a] & direct[b]
    x[:, 13] = negation
    np.divide(small, large, out=x[:, 14], where=large > 0)
    return x
