"""Clustering around a root, and the variant class of each rendering.

Single-link clustering over similar pairs chains small edits: A~B, B~C, C~D and two
different statements that share a clause end up as one. Instead every statement has
a *root* and a text joins a statement only if it matches that statement's root. Texts
are visited in root-priority order (:data:`PRIORITY`: direct first, then the wording
most renderings support, then longest, then earliest), so by the time a text is
visited every text that could be its root has been decided: it joins the root it
matches best, or becomes a root itself. Existing statement roots (incremental runs)
come first and stay roots.

``cluster`` takes the text table from ``match`` (columns ``node``, ``fixed``, the
priority keys) and the scored candidate pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import polars as pl

PRIORITY = ("fixed_rank", "indirect_rank", "neg_support", "neg_own", "neg_len", "d0", "first_qid")
"""Root-priority order of texts: existing roots first; direct before other kinds; more
*support* first; longer, then earlier first; quote id last so the order is total and
runs are reproducible. Support is the number of quotes printing the wording (after
normalisation) plus, once pairs are scored, the quotes of every text it matches: the
original wording is the one most renderings derive from, while a translation or a
rewording is often longer but matches fewer. Ties go to the wording printed most often
itself (``neg_own``); then this is "longest direct, earliest on ties"."""

TRUNCATION_MAX_RATIO = 0.95
"""A direct rendering contained in its root and shorter than this share of it is a
truncation (shorter still is a fragment; both are "truncated" for a direct quote)."""

ALTERED_MIN = 80.0
"""A non-contained direct or mixed rendering scoring this or more is "altered" (words
changed); below it, or any reworded indirect rendering, is a "paraphrase"."""


@dataclass(frozen=True, slots=True)
class Pairs:
    """Scored candidate pairs, one entry a pair in each array: ``hi[i]`` and ``lo[i]`` are
    the node ids of pair i, ``score[i]`` its score, ``accept[i]`` whether that clears the
    threshold, ``preference[i]`` how much its text prefers this partner (default the score:
    callers add speaker agreement to break near-ties, so a fragment found in two statements
    goes to the one by the same speaker) and ``part[i]`` the node of the pair that matched
    as a part of the other (a truncation or fragment), or -1."""

    hi: np.ndarray
    lo: np.ndarray
    score: np.ndarray
    accept: np.ndarray
    preference: np.ndarray | None = None
    part: np.ndarray | None = None


def assign_roots(n_nodes: int, pairs: Pairs) -> tuple[np.ndarray, np.ndarray]:
    """Greedy root assignment over ``pairs`` (``hi[i] < lo[i]``): a text joins the root it
    prefers most. Returns ``(root, sim)``: each node's root node (itself for roots) and its
    score against that root (100 for roots).
    """
    hi, lo, score = pairs.hi, pairs.lo, pairs.score
    root = np.arange(n_nodes, dtype=np.int64)
    sim = np.full(n_nodes, 100.0, dtype=np.float32)
    keep = np.flatnonzero(pairs.accept)
    rank_by = score if pairs.preference is None else pairs.preference
    # By text, then preference, then root priority: the same input always gives the
    # same statements, whatever order the pairs came in.
    order = keep[np.lexsort((hi[keep], -rank_by[keep], lo[keep]))]
    is_root = np.ones(n_nodes, dtype=bool)
    done = -1
    for i, h, s in zip(lo[order].tolist(), hi[order].tolist(), score[order].tolist()):
        if i == done or not is_root[h]:
            continue
        root[i] = h
        sim[i] = s
        is_root[i] = False
        done = i
    return root, sim


def variant_expr() -> pl.Expr:
    """Variant class of each rendering against its statement's root, as a Polars
    expression over columns ``is_root``, ``text``, ``root_text``, ``norm``,
    ``root_norm``, ``kind`` and ``similarity``.

    * ``root``; ``exact``: same characters (a mixed or indirect fragment copied
      verbatim from the root counts too); ``cosmetic``: same after normalisation;
    * ``truncated``: a direct rendering that is a cut-down part of the root;
    * ``altered``: words changed, still close (similarity >= :data:`ALTERED_MIN`);
    * ``paraphrase``: anything looser, and reworded indirect speech.
    """
    text = pl.col("text").str.strip_chars()
    root_text = pl.col("root_text").str.strip_chars()
    contained = (pl.col("norm").str.len_chars() > 0) & pl.col("root_norm").str.contains(pl.col("norm"), literal=True)
    verbatim = root_text.str.contains(text.str.strip_chars(" \t\n.,;:"), literal=True)
    shorter = pl.col("norm").str.len_chars() < TRUNCATION_MAX_RATIO * pl.col("root_norm").str.len_chars()
    return (
        pl.when(pl.col("is_root")).then(pl.lit("root"))
        .when(pl.col("norm") == pl.col("root_norm")).then(pl.when(text == root_text).then(pl.lit("exact")).otherwise(pl.lit("cosmetic")))
        .when(contained & (pl.col("kind") == "direct") & shorter).then(pl.lit("truncated"))
        .when(contained).then(pl.when(verbatim).then(pl.lit("exact")).otherwise(pl.lit("cosmetic")))
        .when((pl.col("kind") != "indirect") & (pl.col("similarity") >= ALTERED_MIN)).then(pl.lit("altered"))
        .otherwise(pl.lit("paraphrase"))
    )


def cluster(nodes: pl.DataFrame, pairs: Pairs) -> tuple[np.ndarray, np.ndarray]:
    """Re-rank texts by support including matched neighbours (see :data:`PRIORITY`),
    then assign roots in that order; returns each node's root node and similarity.

    A part (``pairs.part``) lends all its quotes to the longer texts containing
    it, but borrows from them at most as many as it has itself: a short truncation
    ("During the night, regional officials must keep the pressure up on the") is a part
    of every statement opening that way, and counting all of them as its support would
    make it the root that swallows them; yet a short wording printed by two outlets
    still outranks a padded one printed by one ("keep the pressure up" / "... on
    Russia")."""
    own = -nodes["neg_own"].to_numpy().astype(np.float64)
    n = len(nodes)
    hi, lo, accept = pairs.hi, pairs.lo, pairs.accept
    part = np.full(len(hi), -1, dtype=np.int64) if pairs.part is None else pairs.part
    support = own.copy()
    for x, y in ((hi, lo), (lo, hi)):
        whole = accept & (part != x)
        as_part = accept & (part == x)
        support += np.bincount(x[whole], weights=own[y[whole]], minlength=n)
        support += np.minimum(own, np.bincount(x[as_part], weights=own[y[as_part]], minlength=n))
    support[nodes["fixed"].to_numpy()] = 0
    order = (
        nodes.with_columns(pl.Series("neg_support", -support.astype(np.int64)))
        .sort(list(PRIORITY), nulls_last=True)["node"]
        .to_numpy()
    )
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    a, b = rank[hi], rank[lo]
    root_rank, sim = assign_roots(n, replace(pairs, hi=np.minimum(a, b), lo=np.maximum(a, b)))
    return order[root_rank[rank]], sim[rank]
