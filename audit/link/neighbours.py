"""Candidate pairs for the semantic stage: nearest neighbours by embedding cosine within
a date window.

Nothing is compared all-pairs across the corpus: texts are sorted by date and each
day's queries are compared (one matrix product) only with texts printed within
``window_days`` of it, and each query keeps its :data:`NEIGHBOURS` best partners above
:data:`MIN_COSINE`. Work is (texts per window) x (queries), linear in the corpus for a
fixed news rate.
"""

from __future__ import annotations

import numpy as np

DATE_WINDOW_DAYS = 7
"""Default window: renderings of one statement are printed within days of it (the shared
coverage spans 5 days; weekly round-ups print a week later). ``None`` = no window."""

NEIGHBOURS = 10
"""Partners kept per query text: the decision then weighs each."""

MIN_COSINE = 0.5
"""Pairs below this cosine are never candidates (on the shared renderings no pair of one
statement scores below it but translations of one-line fragments; measured in
``docs/matching.md``)."""

BLOCK_ROWS = 4096
"""Queries per matrix product: bounds the similarity block's memory (rows x window)."""


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
    known = days >= 0
    order = np.argsort(np.where(known, days, np.iinfo(np.int64).max), kind="stable")
    sorted_days = days[order]
    n_known = int(known.sum())
    unknown_rows = order[n_known:]
    out_q, out_p, out_c = [], [], []
    queries = np.asarray(queries, dtype=np.int64)
    q_order = queries[np.argsort(np.where(days[queries] >= 0, days[queries], np.iinfo(np.int64).max), kind="stable")]
    for start in range(0, len(q_order), BLOCK_ROWS):
        block = q_order[start:start + BLOCK_ROWS]
        block_days = days[block]
        if window_days is None or (block_days < 0).any():
            partners = np.arange(n)
        else:
            lo = np.searchsorted(sorted_days[:n_known], block_days.min() - window_days, side="left")
            hi = np.searchsorted(sorted_days[:n_known], block_days.max() + window_days, side="right")
            partners = np.concatenate([order[lo:hi], unknown_rows])
        sims = vectors[block] @ vectors[partners].T
        if window_days is not None:
            pd = days[partners]
            far = (np.abs(block_days[:, None] - pd[None, :]) > window_days) & (pd[None, :] >= 0) & (block_days[:, None] >= 0)
            sims[far] = -1.0
        sims[block[:, None] == partners[None, :]] = -1.0
        if exclude is not None:
            sims[exclude[block][:, None] == exclude[partners][None, :]] = -1.0
        kk = min(k, sims.shape[1])
        top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk] if kk < sims.shape[1] else np.tile(np.arange(sims.shape[1]), (len(block), 1))
        rows = np.repeat(block, top.shape[1])
        cols = partners[top.ravel()]
        cos = sims[np.arange(len(block))[:, None], top].ravel()
        keep = cos >= min_cosine
        out_q.append(rows[keep])
        out_p.append(cols[keep])
        out_c.append(cos[keep])
    q = np.concatenate(out_q)
    p = np.concatenate(out_p)
    c = np.concatenate(out_c).astype(np.float32)
    # A pair of two queries is found from both sides: keep it once, as (lower, higher).
    a, b = np.minimum(q, p), np.maximum(q, p)
    _, first = np.unique(a * n + b, return_index=True)
    return a[first], b[first], c[first]

