"""Candidate pairs for the semantic stage: nearest neighbours by embedding cosine within
a date window.

Nothing is compared all-pairs across the corpus: texts are sorted by date and a block
of consecutive queries is compared (one matrix product) only with texts printed within
``window_days`` of the block's days, each query's own window masked as a column range;
each query keeps its :data:`NEIGHBOURS` best partners above :data:`MIN_COSINE`. Blocks
are cut to :data:`BLOCK_CELLS` similarities, so memory stays flat however dense a window
is. Work is (texts per window) x (queries), linear in the corpus for a fixed news rate.
"""

from __future__ import annotations

import numpy as np

DATE_WINDOW_DAYS = 7
"""Default window: renderings of one statement are printed within days of it (the shared
coverage spans 5 days; weekly round-ups print a week later). ``None`` = no window."""

NEIGHBOURS = 10
"""Partners kept per query text: the decision then weighs each."""

MIN_COSINE = 0.4
"""Pairs below this cosine are never candidates. On the shared renderings (pairs of
distinct texts, fragments aside) 0.5 kept 182 of the 305 same-statement pairs and 389
others; 0.4 keeps 220 and 1,006 others, which the decision rejects (held-out pair
precision stays 0.95): independent translations share few words, and a static encoder
scores them 0.4-0.5 ("Yes, we left Izyum and some other villages" / "Russia's army had
left the city of Izium and other settlements", 0.49). Each text still keeps at most
:data:`NEIGHBOURS` partners."""

BLOCK_ROWS = 4096
"""Queries per matrix product at most (fewer when their window holds many texts)."""

BLOCK_CELLS = 1 << 24
"""Similarity cells (queries x partners) per matrix product at most: bounds the block's
memory (float32 similarities, boolean masks and, for queries with more than ``k``
partners above :data:`MIN_COSINE`, their int64 ranks: ~250 MB at most) however many texts a
date window holds (a million quotes over one year put ~19,000 texts in a 7-day window)."""


def neighbours(
    vectors: np.ndarray,
    days: np.ndarray,
    queries: np.ndarray,
    *,
    window_days: int | None = DATE_WINDOW_DAYS,
    k: int = NEIGHBOURS,
    min_cosine: float = MIN_COSINE,
    exclude: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs ``(query, partner, cosine)`` for the rows ``queries`` of
    ``vectors`` (unit length) among all rows, within ``window_days`` by ``days``
    (integer day numbers; unknown dates as ``-1`` are compared with everything).

    ``exclude`` (a group id per row, e.g. its statement) drops partners of the query's
    own group. Each unordered pair appears once, as ``(lower row, higher row)``."""
    n = len(vectors)
    if n == 0 or len(queries) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    days = np.asarray(days, dtype=np.int64)
    known = days >= 0
    order = np.argsort(np.where(known, days, np.iinfo(np.int64).max), kind="stable")
    n_known = int(known.sum())
    known_days = days[order[:n_known]]
    unknown_rows = order[n_known:]
    queries = np.asarray(queries, dtype=np.int64)
    q_order = queries[np.argsort(np.where(days[queries] >= 0, days[queries], np.iinfo(np.int64).max), kind="stable")]
    out_q, out_p, out_c = [], [], []
    start = 0
    while start < len(q_order):
        block = q_order[start:start + BLOCK_ROWS]
        if days[block[0]] >= 0 > days[block[-1]]:
            block = block[days[block] >= 0]  # dated and undated queries in separate blocks
        partners, lo, hi = _partners(block, days, order, known_days, unknown_rows, window_days)
        if len(block) * len(partners) > BLOCK_CELLS and len(block) > 1:
            block = block[: max(1, BLOCK_CELLS // len(partners))]
            partners, lo, hi = _partners(block, days, order, known_days, unknown_rows, window_days)
        start += len(block)
        sims = vectors[block] @ vectors[partners].T
        if lo is not None:
            # Known partners sorted by day: each query's window is one column range.
            cols = np.arange(len(partners))
            n_dated = len(partners) - len(unknown_rows)
            np.copyto(sims, -1.0, where=((cols < lo[:, None]) | (cols >= hi[:, None])) & (cols < n_dated))
        np.copyto(sims, -1.0, where=block[:, None] == partners[None, :])
        if exclude is not None:
            np.copyto(sims, -1.0, where=exclude[block][:, None] == exclude[partners][None, :])
        # Keep each query's k best at or above min_cosine; rank only the rows with more.
        keep = sims >= min_cosine
        crowded = np.flatnonzero(keep.sum(axis=1) > k)
        if len(crowded):
            top = np.argpartition(sims[crowded], sims.shape[1] - k, axis=1)[:, sims.shape[1] - k:]
            keep[crowded] = False
            keep[crowded[:, None], top] = sims[crowded[:, None], top] >= min_cosine
        r, col = np.nonzero(keep)
        out_q.append(block[r])
        out_p.append(partners[col])
        out_c.append(sims[r, col])
        del sims, keep
    q = np.concatenate(out_q)
    p = np.concatenate(out_p)
    c = np.concatenate(out_c).astype(np.float32)
    # A pair of two queries is found from both sides: keep it once, as (lower, higher).
    a, b = np.minimum(q, p), np.maximum(q, p)
    _, first = np.unique(a * n + b, return_index=True)
    return a[first], b[first], c[first]


def _partners(
    block: np.ndarray, days: np.ndarray, order: np.ndarray, known_days: np.ndarray, unknown_rows: np.ndarray,
    window_days: int | None,
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Rows a block of queries (sorted by day) is compared with: every row when there is
    no window or a query's date is unknown; else the dated rows within the window of the
    block's days, then the undated ones, with each query's own window as a column range
    ``[lo, hi)`` of the dated part."""
    block_days = days[block]
    if window_days is None or (block_days < 0).any():
        return np.arange(len(days)), None, None
    first = np.searchsorted(known_days, block_days[0] - window_days, side="left")
    last = np.searchsorted(known_days, block_days[-1] + window_days, side="right")
    lo = np.searchsorted(known_days, block_days - window_days, side="left") - first
    hi = np.searchsorted(known_days, block_days + window_days, side="right") - first
    return np.concatenate([order[first:last], unknown_rows]), lo, hi
