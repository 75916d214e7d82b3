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

from audit.config import DATE_WINDOW_DAYS

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
memory (float32 similarities and a boolean mask, ~80 MB) however many texts a date window
holds (a million quotes over one year put ~16,000 texts in a 15-day window)."""


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
    own group. Each query keeps its ``k`` most similar partners at or above
    ``min_cosine`` (ties to the earlier printed). Each unordered pair appears once, as
    ``(lower row, higher row)``."""
    n = len(vectors)
    if n == 0 or len(queries) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    days = np.asarray(days, dtype=np.int64)
    known = days >= 0
    # Rows sorted by day, undated last: a day's window is one slice of this order.
    order = np.argsort(np.where(known, days, np.iinfo(np.int64).max), kind="stable")
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    n_known = int(known.sum())
    known_days = days[order[:n_known]]
    mates = _Mates(np.arange(n) if exclude is None else np.unique(exclude, return_inverse=True)[1].ravel())
    queries = np.asarray(queries, dtype=np.int64)
    q_order = queries[np.argsort(position[queries], kind="stable")]
    q_days = np.where(days[q_order] >= 0, days[q_order], np.iinfo(np.int64).max)  # ascending
    out_q, out_p, out_c = [], [], []
    start = 0
    while start < len(q_order):
        day = days[q_order[start]]
        if window_days is None or day < 0:  # compared with every row (undated queries come last)
            first, last, end = 0, n_known, start + BLOCK_ROWS
        else:  # one day's queries: all share one window
            first = int(np.searchsorted(known_days, day - window_days, side="left"))
            last = int(np.searchsorted(known_days, day + window_days, side="right"))
            end = start + int(np.searchsorted(q_days[start:start + BLOCK_ROWS], day, side="right"))
        partners = np.concatenate([order[first:last], order[n_known:]])
        end = min(end, start + max(1, BLOCK_CELLS // len(partners)))
        block = q_order[start:end]
        start = end
        sims = vectors[block] @ vectors[partners].T
        # The query itself and its group's other rows are no partners.
        row, mate = mates.of(block)
        at = position[mate]
        col = np.where(at >= n_known, at - n_known + (last - first), at - first)
        inside = ((at >= first) & (at < last)) | (at >= n_known)
        sims[row[inside], col[inside]] = -1.0
        r, c = np.nonzero(sims >= min_cosine)
        v = sims[r, c]
        del sims
        crowded = np.bincount(r, minlength=len(block))[r] > k
        if crowded.any():
            # Rank only the queries with more than k partners above the floor.
            rc, cc, vc = r[crowded], c[crowded], v[crowded]
            by = np.lexsort((cc, -vc, rc))
            rank = np.empty(len(by), dtype=np.int64)
            starts = np.flatnonzero(np.r_[True, rc[by][1:] != rc[by][:-1]])
            rank[by] = np.arange(len(by)) - np.repeat(starts, np.diff(np.r_[starts, len(by)]))
            keep = ~crowded
            keep[np.flatnonzero(crowded)[rank < k]] = True
            r, c, v = r[keep], c[keep], v[keep]
        out_q.append(block[r])
        out_p.append(partners[c])
        out_c.append(v)
    q = np.concatenate(out_q)
    p = np.concatenate(out_p)
    c = np.concatenate(out_c).astype(np.float32)
    # A pair of two queries is found from both sides: keep it once, as (lower, higher).
    a, b = np.minimum(q, p), np.maximum(q, p)
    _, first_seen = np.unique(a * n + b, return_index=True)
    return a[first_seen], b[first_seen], c[first_seen]


class _Mates:
    """Rows of each group, to mask a query's own group without a queries x partners mask."""

    def __init__(self, group: np.ndarray) -> None:
        self.group = group
        self.rows = np.argsort(group, kind="stable")
        counts = np.bincount(group)
        self.start = np.concatenate([[0], np.cumsum(counts)[:-1]])
        self.size = counts

    def of(self, block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(index in block, row of the same group)`` for every query and group member."""
        g = self.group[block]
        sizes = self.size[g]
        row = np.repeat(np.arange(len(block)), sizes)
        offset = np.arange(len(row)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        return row, self.rows[np.repeat(self.start[g], sizes) + offset]
