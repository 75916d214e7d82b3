"""The semantic stage itself: join statements whose renderings mean the same thing.

Runs after the lexical matcher (``audit.match``), on its statements::

    statements ──representative texts──▶ embeddings (cached) ──neighbours in a date window──▶
    candidate pairs ──features + fitted decision──▶ accepted pairs ──join around roots──▶ statements

Each statement not yet checked by this stage (``semantic_checked``) is a *pending*
statement. Its representative texts (the root and its most printed distinct wordings,
:data:`MAX_REPRESENTATIVES`) are compared with those of every statement printed within
the date window. Pending statements are then visited in root priority (more quotes,
direct before reported, longer, earlier; checked statements come first and never move),
and each joins the accepted statement it is likeliest to render, *if that statement
stays a root*; otherwise it stays a statement itself. A statement that joined another
can take no one in, so chains cannot drift: every join is a decision against the text
of the statement joined (its root and lexical variants), never against another joiner.

Short fragments ("regroup", "bolster efforts": at most :data:`FRAGMENT_MAX_WORDS`
content words) carry too little meaning to embed; they join the statement whose
renderings contain them word for word, preferring the same speaker, then the most
quoted statement.

Everything is written in one transaction: the joiner's quotes move to the statement
joined (variant ``paraphrase``, similarity = 100 x the decision's probability), the
joiner's statement row and blocking grams go, and the surviving pending statements are
marked checked. An incremental run therefore checks only new statements.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import duckdb
import numpy as np
import polars as pl

from audit.link.decide import probability
from audit.link.embed import embed_cached, ensure_cache
from audit.link.features import batch_features, read_text
from audit.link.neighbours import DATE_WINDOW_DAYS, neighbours
from audit.match.normalise import normalise_series

MAX_REPRESENTATIVES = 4
"""Distinct wordings per statement that are embedded and compared: the root and the most
printed others. A paraphrase is often closer to one outlet's wording than to the root's;
more than a few adds cost, not links."""

FRAGMENT_MAX_WORDS = 3
"""A statement whose root has at most this many content words is a fragment: it joins by
containment, not by meaning."""

JOIN_MIN_PROBABILITY = 0.7
"""A statement joins another when some pair of their representative texts reaches this
probability. Higher than the pair decision's own threshold (``weights.THRESHOLD``, set
for pairwise precision 0.95 on text pairs): one wrong join merges whole statements, so
many pairs at once. Measured on the shared renderings (``audit eval-statements``, current
weights): 0.4 gave pairwise precision/recall 0.810/0.741, 0.5 0.870/0.741, 0.6
0.871/0.737, 0.7 0.892/0.733, 0.9 0.895/0.648; 0.7 keeps the recall at the best
precision (and does not join two speakers' short claims about one town in the demo corpus)."""

FRAGMENT_P = 1.0
"""Probability recorded for a fragment's join (it is contained word for word)."""


@dataclass(slots=True)
class LinkStats:
    """What one semantic run did."""

    pending: int = 0
    """Statements checked in this run."""
    texts: int = 0
    """Representative texts compared (pending and those in their date window)."""
    embedded: int = 0
    """Texts newly embedded (the rest came from the cache)."""
    candidates: int = 0
    accepted: int = 0
    joined: int = 0
    """Statements joined to another (their quotes moved)."""
    fragments: int = 0
    """Of those, fragments joined by containment."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time per phase (load, embed, decide, write)."""
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    """CPU time per phase, this process's threads: the steadier figure on a shared machine."""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: getattr(self, k) for k in self.__slots__ if k not in ("seconds", "cpu_seconds")}
        out.update({f"{k}_s": round(v, 3) for k, v in self.seconds.items()})
        out.update({f"{k}_cpu_s": round(v, 3) for k, v in self.cpu_seconds.items()})
        return out


@contextmanager
def _phase(stats: LinkStats, name: str) -> Iterator[None]:
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        stats.seconds[name] = time.perf_counter() - t0
        stats.cpu_seconds[name] = time.process_time() - c0


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The stage's own tables: the embedding cache and the statements already checked."""
    ensure_cache(con)
    con.execute("CREATE TABLE IF NOT EXISTS semantic_checked (statement_id VARCHAR PRIMARY KEY)")


def link(store_or_con: Any, *, full: bool = False, window_days: int | None = DATE_WINDOW_DAYS) -> LinkStats:
    """Join statements that render the same utterance in other words (see the module
    docstring). ``full`` re-checks every statement (after ``match(..., incremental=False)``);
    ``window_days`` limits comparisons to statements printed that many days apart (None:
    no limit). Raises :class:`audit.link.embed.EncoderMissing` if the encoder is absent."""
    con = getattr(store_or_con, "con", store_or_con)
    ensure_tables(con)
    if full:
        con.execute("DELETE FROM semantic_checked")
    stats = LinkStats()
    with _phase(stats, "load"):
        reps, pending_ids = _representatives(con, window_days)
        stats.pending = len(pending_ids)
    if not pending_ids:
        return stats
    stats.texts = len(reps)
    with _phase(stats, "embed"):
        vecs, stats.embedded = embed_cached(con, reps["text"].to_list())
    with _phase(stats, "decide"):
        joins = _decide(reps, vecs, window_days, stats)
    with _phase(stats, "write"):
        _write(con, joins, pending_ids)
        stats.joined = len(joins)
    return stats


def _representatives(con: duckdb.DuckDBPyConnection, window_days: int | None) -> tuple[pl.DataFrame, list[str]]:
    """Representative texts of the pending statements and of the checked statements
    printed within the window of one of them; and the pending statement ids."""
    pending = con.sql(
        """SELECT s.statement_id, min(a.published) AS d0, max(a.published) AS d1
           FROM statements s JOIN statement_quotes sq USING (statement_id)
           JOIN quotes q USING (quote_id) LEFT JOIN articles a USING (article_id)
           WHERE s.statement_id NOT IN (SELECT statement_id FROM semantic_checked)
           GROUP BY s.statement_id"""
    ).pl()
    if pending.is_empty():
        return pl.DataFrame(), []
    con.register("l_pending", pending.select("statement_id"))
    try:
        if window_days is None or pending["d0"].null_count():
            scope = "TRUE"
            params: dict[str, Any] = {}
        else:
            scope = "s.statement_id IN (SELECT statement_id FROM l_pending) OR a.published BETWEEN $lo AND $hi"
            lo, hi = pending["d0"].min(), pending["d1"].max()
            params = {"lo": lo - timedelta(days=window_days), "hi": hi + timedelta(days=window_days)}
        rows = con.sql(
            f"""WITH scoped AS (
                    SELECT DISTINCT s.statement_id FROM statements s
                    JOIN statement_quotes sq USING (statement_id) JOIN quotes q USING (quote_id)
                    LEFT JOIN articles a USING (article_id) WHERE {scope}),
                texts AS (
                    SELECT sq.statement_id, q.text, count(*) AS n,
                           bool_or(q.quote_id = s.root_quote_id) AS is_root,
                           CASE WHEN bool_or(q.kind = 'direct') THEN 'direct' ELSE any_value(q.kind) END AS kind,
                           mode(q.speaker_id) AS speaker_id, min(a.published) AS published
                    FROM statement_quotes sq JOIN scoped USING (statement_id)
                    JOIN statements s USING (statement_id) JOIN quotes q USING (quote_id)
                    LEFT JOIN articles a USING (article_id)
                    GROUP BY sq.statement_id, q.text)
                SELECT t.*, s.n_quotes, s.statement_id IN (SELECT statement_id FROM l_pending) AS pending,
                       length(s.text) AS root_len
                FROM texts t JOIN statements s USING (statement_id)
                QUALIFY row_number() OVER (PARTITION BY t.statement_id
                                           ORDER BY t.is_root DESC, t.n DESC, length(t.text) DESC, t.text) <= $reps
                ORDER BY t.statement_id, t.is_root DESC, t.n DESC, length(t.text) DESC, t.text""",
            params={**params, "reps": MAX_REPRESENTATIVES},
        ).pl()
    finally:
        con.unregister("l_pending")
    rows = rows.with_columns(normalise_series(rows["text"]).alias("norm"))
    return rows, pending["statement_id"].to_list()


def _decide(reps: pl.DataFrame, vecs: np.ndarray, window_days: int | None, stats: LinkStats) -> dict[str, tuple[str, float]]:
    """Accepted joins ``{joining statement: (statement joined, probability)}``."""
    sid = reps["statement_id"].to_list()
    codes, statement_of = np.unique(np.array(sid, dtype=object), return_inverse=True)
    pending_row = reps["pending"].to_numpy()
    published = reps["published"].to_list()
    day = np.array([d.toordinal() if d is not None else -1 for d in published], dtype=np.int64)
    i, j, cos = neighbours(vecs, day, np.flatnonzero(pending_row), window_days=window_days, exclude=statement_of)
    stats.candidates = len(i)
    # Features of all candidate pairs at once, each text read once (only texts in some pair).
    rows = np.unique(np.concatenate([i, j]))
    used = reps[rows]
    infos = [read_text(t, n) for t, n in zip(used["text"].to_list(), used["norm"].to_list())]
    x = batch_features(cos, np.searchsorted(rows, i), np.searchsorted(rows, j), infos,
                       speakers=used["speaker_id"].to_list(), dates=used["published"].to_list(), kinds=used["kind"].to_list())
    p = probability(x) if len(x) else np.zeros(0)
    ok = p >= JOIN_MIN_PROBABILITY
    stats.accepted = int(ok.sum())
    # Best probability per statement pair, either direction.
    best: dict[tuple[int, int], float] = {}
    for a, b, q in zip(statement_of[i[ok]].tolist(), statement_of[j[ok]].tolist(), p[ok].tolist()):
        for key in ((a, b), (b, a)):
            if q > best.get(key, -1.0):
                best[key] = q
    meta = (
        reps.with_columns(pl.Series("code", statement_of))
        .group_by("code")
        .agg(pl.col("pending").first(), pl.col("n_quotes").first(), pl.col("root_len").first(),
             (pl.col("kind").filter(pl.col("is_root")).first() != "direct").fill_null(True).alias("indirect"),
             pl.col("published").min(), pl.col("speaker_id").filter(pl.col("is_root")).first().alias("speaker"),
             pl.col("norm").filter(pl.col("is_root")).first().alias("root_norm"))
        .join(pl.DataFrame({"code": np.arange(len(codes)), "statement_id": codes.astype(str)}), on="code")
        .sort(["pending", pl.col("n_quotes").neg(), "indirect", pl.col("root_len").neg(), "published", "statement_id"],
              nulls_last=True)
    )
    rank = np.empty(len(codes), dtype=np.int64)
    rank[meta["code"].to_numpy()] = np.arange(len(meta))
    speaker_of = dict(zip(meta["code"].to_list(), meta["speaker"].to_list()))
    partners: dict[int, list[int]] = {}
    for a, b in best:
        partners.setdefault(a, []).append(b)
    fragments = _fragment_partners(reps, statement_of, meta)
    joined: dict[int, tuple[int, float]] = {}
    for code, pend in zip(meta["code"].to_list(), meta["pending"].to_list()):
        if not pend:
            continue
        options = [(best[(code, t)], speaker_of[t] == speaker_of[code], -rank[t], t)
                   for t in partners.get(code, []) if rank[t] < rank[code] and t not in joined]
        if not options and code in fragments:
            options = _unambiguous([(FRAGMENT_P, speaker_of[t] == speaker_of[code], -rank[t], t)
                                    for t in fragments[code] if rank[t] < rank[code] and t not in joined])
            stats.fragments += bool(options)
        if options:
            q, _, _, target = max(options)
            joined[code] = (target, q)
    return {str(codes[c]): (str(codes[t]), q) for c, (t, q) in joined.items()}


def _unambiguous(options: list[tuple[float, bool, int, int]]) -> list[tuple[float, bool, int, int]]:
    """A fragment joins only a statement it can be told to belong to: the one statement
    containing it, or the one among them by the same speaker. "regroup" printed in two
    statements of two speakers is left alone (measured: joining the likelier cost 2.5
    points of pairwise precision on the shared renderings)."""
    if len(options) == 1:
        return options
    same = [o for o in options if o[1]]
    return same if len(same) == 1 else []


def _fragment_partners(reps: pl.DataFrame, statement_of: np.ndarray, meta: pl.DataFrame) -> dict[int, list[int]]:
    """For each pending fragment statement, the other statements with a representative
    text containing its root's words in order (an inverted index over only the
    fragments' words, so the work is linear in the texts)."""
    frags = {
        code: norm for code, norm, pend in zip(meta["code"].to_list(), meta["root_norm"].to_list(), meta["pending"].to_list())
        if pend and norm and len(norm.split()) <= FRAGMENT_MAX_WORDS
    }
    if not frags:
        return {}
    words = {w for norm in frags.values() for w in norm.split()}
    holders: dict[str, set[int]] = {}
    norms = reps["norm"].to_list()
    for row, norm in enumerate(norms):
        for w in set(norm.split()) & words:
            holders.setdefault(w, set()).add(row)
    out: dict[int, list[int]] = {}
    for code, norm in frags.items():
        rows = set.intersection(*(holders.get(w, set()) for w in norm.split()))
        padded = f" {norm} "
        found = {int(statement_of[r]) for r in rows if statement_of[r] != code and padded in f" {norms[r]} "}
        if found:
            out[code] = sorted(found)
    return out


def _write(con: duckdb.DuckDBPyConnection, joins: dict[str, tuple[str, float]], pending: list[str]) -> None:
    """One transaction: move joiners' quotes, drop their statements and grams, mark checked."""
    moves = pl.DataFrame(
        {"statement_id": list(joins), "target": [t for t, _ in joins.values()],
         "similarity": [round(100.0 * q, 1) for _, q in joins.values()]},
        schema={"statement_id": pl.String, "target": pl.String, "similarity": pl.Float64},
    )
    checked = pl.DataFrame({"statement_id": [s for s in pending if s not in joins]}, schema={"statement_id": pl.String})
    con.register("l_moves", moves)
    con.register("l_checked", checked)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            """UPDATE statement_quotes SET statement_id = m.target, similarity = m.similarity, variant = 'paraphrase'
               FROM l_moves m WHERE statement_quotes.statement_id = m.statement_id"""
        )
        con.execute(
            """DELETE FROM quote_grams WHERE quote_id IN
               (SELECT root_quote_id FROM statements WHERE statement_id IN (SELECT statement_id FROM l_moves))"""
        )
        con.execute("DELETE FROM statements WHERE statement_id IN (SELECT statement_id FROM l_moves)")
        con.execute(
            """UPDATE statements SET n_quotes = c.n
               FROM (SELECT statement_id, count(*) AS n FROM statement_quotes
                     WHERE statement_id IN (SELECT target FROM l_moves) GROUP BY statement_id) c
               WHERE statements.statement_id = c.statement_id"""
        )
        con.execute("INSERT OR IGNORE INTO semantic_checked SELECT statement_id FROM l_checked")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("l_moves")
        con.unregister("l_checked")
