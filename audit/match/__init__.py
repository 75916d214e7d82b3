"""Cross-outlet matching: group every rendering of one utterance into a statement.

``match(store)`` reads the ``quotes`` table and writes ``statements`` and
``statement_quotes`` (plus the blocking index ``quote_grams``) in one transaction::

    quotes ──normalise──▶ distinct texts ──block (SQL)──▶ candidate pairs
           ──verify (rapidfuzz)──▶ scored pairs ──cluster around roots──▶ statements

It is incremental: quotes already linked keep their statement; new quotes are blocked
against each other and against existing statement roots only (``quote_grams`` holds the
roots' grams). Only the roots sharing an in-band gram with a new text (or its very
normalised text) are loaded, selected by a join inside DuckDB, so a day's news costs a
day's work, not the store's size. Existing roots stay roots (statement
ids never change); ``match(store, incremental=False)`` rebuilds everything, and gives
the same ids for the same data.

``lookup(con, texts)`` finds the statements a few draft quotes may render, for
``audit check``. See ``docs/matching.md`` for the design and figures.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import polars as pl

from audit.lang.frequency import background_information, content_words
from audit.lang.normalise import normalise_expr, normalise_series
from audit.match.block import GRAM_SCHEME, MAX_CANDIDATES, candidate_pairs, gram_params, grams_sql, max_df_for
from audit.match.cluster import PRIORITY, Pairs, cluster, variant_expr
from audit.match.renders import STORE_LOOKUP_MIN
from audit.match.verify import (
    FAR_MIN_INFO,
    NEWS_CYCLE_DAYS,
    SHARED_PHRASE_MAX_WORDS,
    SPEAKER_BONUS,
    Scores,
    Texts,
    score_pairs,
)
from audit.phases import PhaseStats, figures, timed

__all__ = ["Candidate", "MatchStats", "lookup", "match"]

META_SCHEME_KEY = "match.gram_scheme"
"""``meta`` key naming the gram function that built ``quote_grams``."""

LOOKUP_LIMIT = 5
"""Candidates returned per draft quote at most."""

STATEMENT_ID_PREFIX = "st_"

LEXICAL_STAGE = "lexical"
"""``statement_quotes.stage`` of a membership this matcher made (``store.SCHEMA_V5``)."""

PROBABILITY_DIGITS = 4
"""Decimals a stored membership probability keeps: the same figure from either engine
(the similarity is single precision in one and double in the other)."""

TEMP_TABLES = ("m_new_norms", "m_fresh", "m_near", "m_df", "m_grams", "m_nodes")
"""Scratch tables of one run, dropped when it ends (they live on the connection)."""


@dataclass(slots=True)
class MatchStats:
    """What one ``match`` run did."""

    quotes: int = 0
    """Quotes newly linked to a statement."""
    skipped: int = 0
    """New quotes with no words after normalisation (left unlinked)."""
    texts: int = 0
    """Distinct normalised texts among the new quotes."""
    candidates: int = 0
    """Candidate pairs from blocking (all were scored)."""
    matched_pairs: int = 0
    """Candidate pairs that cleared their threshold."""
    new_statements: int = 0
    joined_statements: int = 0
    """Existing statements that gained quotes."""
    statements: int = 0
    """Statements in the database after the run."""
    phases: dict[str, PhaseStats] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain figures for printing or JSON."""
        return {**{k: getattr(self, k) for k in self.__slots__ if k != "phases"}, **figures(self.phases)}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A statement a looked-up text may render: the root's text and speaker, the score
    against the root, and whether it was scored as a part (fragment) of the root."""

    statement_id: str
    text: str
    speaker_id: str | None
    score: float
    partial: bool


# -- helpers ---------------------------------------------------------------------------


def _connection(store_or_con: Any) -> duckdb.DuckDBPyConnection:
    """Accept a ``Store`` (anything with ``.con``) or a raw DuckDB connection."""
    con = getattr(store_or_con, "con", store_or_con)
    if not isinstance(con, duckdb.DuckDBPyConnection):
        raise TypeError(f"match needs an audit Store or a DuckDB connection, not {type(store_or_con).__name__}")
    return con


def statement_id_of(root_quote_id: str) -> str:
    """Deterministic id from the first root's quote id: a full re-run yields the same ids."""
    return STATEMENT_ID_PREFIX + hashlib.sha1(root_quote_id.encode("utf-8")).hexdigest()[:16]





def _ensure_index(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the roots' grams if another gram function built them."""
    rows = con.execute("SELECT value FROM meta WHERE key = ?", [META_SCHEME_KEY]).fetchall()
    if rows and rows[0][0] == GRAM_SCHEME:
        return
    with transaction(con):
        con.execute("DELETE FROM quote_grams")
        con.execute(f"INSERT INTO quote_grams {grams_sql('statements', key='root_quote_id')}", gram_params())
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [META_SCHEME_KEY, GRAM_SCHEME])


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """``BEGIN`` … ``COMMIT`` on a bare connection, rolled back on any exception (Ctrl-C
    included): every write of the matching and linking stages is one of these."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _new_quotes(con: duckdb.DuckDBPyConnection, incremental: bool) -> pl.DataFrame:
    """Quotes to match (those not linked yet, or all), with their article's date."""
    unlinked = "WHERE q.quote_id NOT IN (SELECT quote_id FROM statement_quotes)" if incremental else ""
    return con.sql(
        f"""SELECT q.quote_id, q.text, q.kind, q.speaker_id, q.speaker_kind, a.published
            FROM quotes q LEFT JOIN articles a USING (article_id) {unlinked}"""
    ).pl()


def _existing_roots(con: duckdb.DuckDBPyConnection, only: str | None = None) -> pl.DataFrame:
    """Current statement roots with what root priority needs; with ``only`` (an
    internal table of ``root_quote_id``), just those. Ordered by statement id, so a
    subset keeps the relative node order (and so the tie-breaks) of the whole."""
    where = f"WHERE s.root_quote_id IN (SELECT root_quote_id FROM {only})" if only else ""
    return con.sql(
        f"""SELECT s.statement_id, s.root_quote_id, s.text AS root_text, s.norm, s.speaker_id,
                  coalesce(q.kind, 'direct') AS kind, q.speaker_kind, a.published
           FROM statements s LEFT JOIN quotes q ON q.quote_id = s.root_quote_id
           LEFT JOIN articles a ON a.article_id = q.article_id
           {where}
           ORDER BY s.statement_id"""
    ).pl()


def _near_roots(con: duckdb.DuckDBPyConnection, norms: pl.Series) -> tuple[pl.DataFrame, int]:
    """The stored roots a new text can pair with, and the DF band's upper end for the
    whole corpus (stored roots plus new texts).

    A pair needs an in-band gram in common (see ``block``), so a root sharing none with
    any new text can neither gain quotes nor change another text's fate: pairs of two
    roots are never formed. Roots with the same normalised text as a new one are kept
    too (the new text joins that root's node without blocking). Everything else the
    blocking counts over the whole corpus (each gram's DF, each root's in-band grams)
    is counted from ``quote_grams`` in ``_block``, so the result equals loading every
    root."""
    con.register("m_norms_frame", pl.DataFrame({"norm": norms.unique()}))
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE m_new_norms AS SELECT norm FROM m_norms_frame")
    finally:
        con.unregister("m_norms_frame")
    con.execute("CREATE OR REPLACE TEMP TABLE m_fresh AS SELECT n.norm FROM m_new_norms n ANTI JOIN statements s USING (norm)")
    max_df = max_df_for(
        int(con.execute("SELECT (SELECT count(*) FROM statements) + (SELECT count(*) FROM m_fresh)").fetchall()[0][0])
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE m_near AS
            WITH fresh AS ({grams_sql("m_fresh", key="norm")}),
            df AS (SELECT gram, count(*) AS df
                   FROM (SELECT gram FROM quote_grams WHERE gram IN (SELECT gram FROM fresh)
                         UNION ALL SELECT gram FROM fresh)
                   GROUP BY gram)
            SELECT DISTINCT quote_id AS root_quote_id FROM quote_grams
            WHERE gram IN (SELECT gram FROM df WHERE df <= $max_df)
            UNION
            SELECT root_quote_id FROM statements WHERE norm IN (SELECT norm FROM m_new_norms)""",
        {**gram_params(), "max_df": max_df},
    )
    return _existing_roots(con, only="m_near"), max_df


NODE_KEY_SEPARATOR = "\x1f"
"""Between a short text and its speaker in a node key (no normalised text holds it)."""

PERSON_KIND = "person"


def short_text(norm: pl.Expr) -> pl.Expr:
    """A normalised text of at most ``SHARED_PHRASE_MAX_WORDS`` words (words = spaces + 1)."""
    return (norm.str.count_matches(" ", literal=True) + 1) <= SHARED_PHRASE_MAX_WORDS


def node_key(norm: pl.Expr, speaker: pl.Expr, split: pl.Expr) -> pl.Expr:
    """The key of a text's node: its normalised text, with its credited speaker where
    ``split`` holds (:func:`with_node_keys`)."""
    return (pl.when(split).then(pl.concat_str([norm, pl.lit(NODE_KEY_SEPARATOR), speaker]))
            .otherwise(norm).alias("node_key"))


def with_node_keys(quotes: pl.DataFrame, existing: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``quotes`` and ``existing`` roots with their ``node_key``: one node per distinct
    normalised text, except that a short text (``SHARED_PHRASE_MAX_WORDS`` words or fewer)
    credited to two persons or more is one node per person ("human error" said by two
    people), so the speaker veto of :func:`speaker_evidence` keeps them apart as it keeps
    near-identical ones apart: merged into one node they were one statement before any
    pair was scored. Credits to bodies or descriptions ("ex-British Army" for the general
    who said "more and more") split nothing within a news cycle: those are vague credits of
    one speaker, and splitting on them cost the shared texts 9 points of recall across
    outlets. A text printed with two credits or more (no credit counting as one) over more
    than ``NEWS_CYCLE_DAYS`` and carrying less than ``FAR_MIN_INFO`` of distinctive
    information is one node per credit too ("the candidate of their choice", printed by
    outlets months apart about superdelegates; "liberals"), so the same veto applies to the
    same words as to nearly the same ones. The Spark engine builds the same key
    (``engines.spark._node_key``)."""
    frames = [f.select("norm", "speaker_id", "speaker_kind", "published") for f in (quotes, existing)]
    both = pl.concat(frames, how="vertical_relaxed")
    persons = (
        both.filter((pl.col("speaker_kind") == PERSON_KIND) & pl.col("speaker_id").is_not_null())
        .group_by("norm").agg(pl.col("speaker_id").n_unique().alias("n_persons"))
    )
    spread = (both.group_by("norm")
              .agg(pl.col("speaker_id").fill_null("").n_unique().alias("credits"),
                   (pl.col("published").max() - pl.col("published").min()).dt.total_days().alias("span"))
              .filter((pl.col("credits") >= 2) & (pl.col("span") > NEWS_CYCLE_DAYS)))
    everyday = spread["norm"].filter(pl.Series(information_of(spread["norm"].to_list()), dtype=pl.Float64) < FAR_MIN_INFO)

    def keyed(frame: pl.DataFrame) -> pl.DataFrame:
        split = ((short_text(pl.col("norm")) & (pl.col("speaker_kind") == PERSON_KIND)
                  & pl.col("speaker_id").is_not_null() & (pl.col("n_persons").fill_null(0) >= 2))
                 | pl.col("norm").is_in(everyday.implode()))
        return (frame.join(persons, on="norm", how="left", maintain_order="left")
                .with_columns(node_key(pl.col("norm"), pl.col("speaker_id").fill_null(""), split)).drop("n_persons"))

    return keyed(quotes), keyed(existing)


def information_of(norms: Sequence[str]) -> list[float]:
    """Distinctive information of each normalised text (``audit.lang.frequency.background_information``
    over its content words, from general-English word frequencies), the evidence
    ``FAR_MIN_INFO`` asks of texts printed apart."""
    return [background_information(content_words(n)) for n in norms]


def _best_quote_per_text(quotes: pl.DataFrame) -> pl.DataFrame:
    """For each node (``node_key``), the quote that would stand as root: direct first,
    earliest, then lowest id."""
    return (
        quotes.sort([(pl.col("kind") != "direct"), "published", "quote_id"], nulls_last=True)
        .group_by("node_key", maintain_order=True)
        .first()
        .select("node_key", pl.col("quote_id").alias("root_quote_id"), pl.col("text").alias("root_text"),
                pl.col("speaker_id").alias("root_speaker_id"))
    )


def text_nodes(quotes: pl.DataFrame, existing: pl.DataFrame) -> pl.DataFrame:
    """One node per ``node_key`` (:func:`with_node_keys`, which both frames carry): existing
    roots first (``fixed``), then the new texts in root-priority order. Columns:
    node, node_key, norm, fixed, statement_id, speaker (most frequent credited speaker),
    d0, d1, the priority keys and the would-be root quote."""
    fixed = existing.select(
        "node_key",
        "norm",
        pl.lit(True).alias("fixed"),
        "statement_id",
        pl.col("speaker_id").alias("speaker"),
        pl.col("published").alias("d0"),
        pl.col("published").alias("d1"),
        pl.lit(0, dtype=pl.Int8).alias("fixed_rank"),
        (pl.col("kind") != "direct").cast(pl.Int8).alias("indirect_rank"),
        pl.lit(0, dtype=pl.Int64).alias("neg_support"),
        pl.lit(0, dtype=pl.Int64).alias("neg_own"),
        (-pl.col("norm").str.len_chars().cast(pl.Int64)).alias("neg_len"),
        pl.col("root_quote_id").alias("first_qid"),
        "root_quote_id",
        "root_text",
        pl.col("speaker_id").alias("root_speaker_id"),
    ).unique("node_key", keep="first", maintain_order=True)
    fresh = (
        quotes.join(fixed.select("node_key"), on="node_key", how="anti")
        .group_by("node_key")
        .agg(
            pl.col("norm").first(),
            pl.col("speaker_id").drop_nulls().mode().sort().first().alias("speaker"),
            pl.col("published").min().alias("d0"),
            pl.col("published").max().alias("d1"),
            (pl.col("kind") != "direct").all().cast(pl.Int8).alias("indirect_rank"),
            (-pl.len().cast(pl.Int64)).alias("neg_support"),
            (-pl.len().cast(pl.Int64)).alias("neg_own"),
            pl.col("quote_id").min().alias("first_qid"),
        )
        .with_columns(
            pl.lit(1, dtype=pl.Int8).alias("fixed_rank"),
            pl.lit(False).alias("fixed"),
            pl.lit(None, dtype=pl.String).alias("statement_id"),
            (-pl.col("norm").str.len_chars().cast(pl.Int64)).alias("neg_len"),
        )
        .sort(list(PRIORITY), nulls_last=True)
        .join(_best_quote_per_text(quotes), on="node_key", how="left", maintain_order="left")
    )
    nodes = pl.concat([fixed, fresh.select(fixed.columns)], how="vertical_relaxed")
    return nodes.with_row_index("node").with_columns(pl.col("node").cast(pl.Int64))


def match(
    store_or_con: Any,
    *,
    incremental: bool = True,
    date_window_days: int | None = None,
) -> MatchStats:
    """Group quotes into statements; write ``statements``, ``statement_quotes`` and
    ``quote_grams`` in one transaction.

    ``incremental`` (default) matches only quotes not linked yet, against each other
    and the existing statement roots; ``incremental=False`` rebuilds everything (same
    ids for the same data). ``date_window_days`` limits candidates to texts published
    within that many days of each other.
    """
    con = _connection(store_or_con)
    try:
        return _match(con, incremental, date_window_days)
    finally:
        for table in TEMP_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {table}")


def _match(con: duckdb.DuckDBPyConnection, incremental: bool, date_window_days: int | None) -> MatchStats:
    """The body of :func:`match`, which drops the scratch tables whatever happens."""
    stats = MatchStats()
    with timed(stats.phases, "prepare"):
        if incremental:
            _ensure_index(con)
        quotes = _new_quotes(con, incremental)
        # Normalise each distinct wording once: wire copies repeat it many times.
        wordings = quotes.select("text").unique().with_columns(normalise_expr(pl.col("text")).alias("norm"))
        quotes = quotes.join(wordings, on="text", how="left")
        stats.skipped = int((quotes["norm"] == "").sum())
        quotes = quotes.filter(pl.col("norm") != "")
        if incremental:
            existing, max_df = _near_roots(con, quotes["norm"])
        else:
            existing, max_df = _existing_roots(con).clear(), None
        quotes, existing = with_node_keys(quotes, existing)
        nodes = text_nodes(quotes, existing)
        n_fixed = len(existing)
        stats.texts = len(nodes) - n_fixed
    if quotes.is_empty():
        stats.statements = _count_statements(con)
        return stats
    with timed(stats.phases, "block"):
        hi, lo, shared, overlap, contained = _block(con, nodes, date_window_days, max_df)
        stats.candidates = len(hi)
    with timed(stats.phases, "score"):
        scored = score_pairs(Texts.of(nodes["norm"]), lo, hi, contained=contained, shared=shared, overlap=overlap)
        accept = scored.accept(*speaker_evidence(nodes, hi, lo, scored))
        stats.matched_pairs = int(accept.sum())
    with timed(stats.phases, "cluster"):
        root, sim = cluster_pairs(nodes, hi, lo, scored)
        links, new_statements = statement_links(quotes, nodes, root, sim)
        touched = links.filter(pl.col("fixed_root"))["statement_id"].unique()
        stats.quotes = len(links)
        stats.new_statements = len(new_statements)
        stats.joined_statements = len(touched)
    with timed(stats.phases, "write"):
        _write(con, links, new_statements, incremental)
        stats.statements = _count_statements(con)
    return stats


def speaker_evidence(nodes: pl.DataFrame, hi: np.ndarray, lo: np.ndarray,
                     scored: Scores | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: whether both texts credit the same (known) speaker, the evidence that
    lowers both thresholds by ``SPEAKER_BONUS``; and the veto: two different known
    speakers on a phrase of at most ``SHARED_PHRASE_MAX_WORDS`` words, or, for texts that
    do not credit one speaker and were printed more than ``NEWS_CYCLE_DAYS`` apart, a
    shorter text carrying less than ``FAR_MIN_INFO`` of distinctive information
    (:func:`far_apart`). ``nodes`` needs columns ``speaker`` and ``norm``, and ``d0`` /
    ``d1`` (first and last day printed) for the second veto; with ``scored``, the
    information is read only for the pairs that would otherwise match. Both engines call
    this."""
    speakers = nodes["speaker"].to_numpy().astype(object)
    words = (nodes["norm"].str.count_matches(" ", literal=True) + 1).to_numpy()
    known = (speakers[lo] != None) & (speakers[hi] != None)  # noqa: E711 (elementwise)
    same = known & (speakers[lo] == speakers[hi])
    veto = known & ~same & (np.minimum(words[lo], words[hi]) <= SHARED_PHRASE_MAX_WORDS)
    ask = ~same & ~veto
    if scored is not None:
        ask &= scored.accept(same, veto)
    if ask.any() and "d0" in nodes.columns:
        idx = np.flatnonzero(ask)
        veto[idx] = far_apart(nodes, hi[idx], lo[idx], words)
    return same, veto


def far_apart(nodes: pl.DataFrame, hi: np.ndarray, lo: np.ndarray, words: np.ndarray) -> np.ndarray:
    """Per pair (of texts that credit no one speaker): printed more than
    ``NEWS_CYCLE_DAYS`` apart (the gap between their spans of printing dates; unknown dates
    are near everything) while the shorter text carries less than ``FAR_MIN_INFO`` of
    distinctive information (``audit.lang.frequency.background_information`` over its content
    words, from general-English word frequencies): shared language, not one statement."""
    d0 = nodes["d0"].cast(pl.Int32).to_numpy()
    d1 = nodes["d1"].cast(pl.Int32).to_numpy()
    with np.errstate(invalid="ignore"):
        gap = np.maximum(d0[lo], d0[hi]) - np.minimum(d1[lo], d1[hi])
    far = np.nan_to_num(gap.astype(np.float64), nan=0.0) > NEWS_CYCLE_DAYS
    if not far.any():
        return far
    shorter = np.where(words[lo] <= words[hi], lo, hi)
    nodes_asked = np.unique(shorter[far])
    info = dict(zip(nodes_asked.tolist(), information_of(nodes["norm"].gather(nodes_asked).to_list()), strict=True))
    poor = np.array([info.get(int(k), np.inf) < FAR_MIN_INFO for k in shorter.tolist()], dtype=bool)
    return far & poor


def cluster_pairs(nodes: pl.DataFrame, hi: np.ndarray, lo: np.ndarray, scored: Scores) -> tuple[np.ndarray, np.ndarray]:
    """Each node's root node and similarity from the scored candidate pairs: the pairs
    that clear their threshold, speaker agreement as the tie-break, and which text of a
    partial match is the part (the shorter). The Spark engine calls this once per group
    of connected components with the same arguments, so both engines cluster alike."""
    same, veto = speaker_evidence(nodes, hi, lo, scored)
    length = nodes["norm"].str.len_chars().to_numpy()
    part = np.where(scored.partial, np.where(length[lo] <= length[hi], lo, hi), -1)
    return cluster(nodes, Pairs(hi, lo, scored.score, scored.accept(same, veto), scored.score + SPEAKER_BONUS * same, part))


def _block(
    con: duckdb.DuckDBPyConnection, nodes: pl.DataFrame, date_window_days: int | None, max_df: int | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Load the nodes and their grams into temp tables and return candidate pairs
    ``(hi, lo, shared, overlap, contained)``.

    With ``max_df`` (incremental runs, where ``nodes`` holds only the stored roots near
    the new texts) the grams' DF is counted over all stored roots' grams plus the new
    texts', as if every root were loaded; without, over the nodes themselves."""
    table = nodes.select("node", "norm", "fixed", "d0", "d1", "root_quote_id")
    con.register("m_nodes_frame", table)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE m_nodes AS SELECT * FROM m_nodes_frame")
    finally:
        con.unregister("m_nodes_frame")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE m_grams AS
            {grams_sql("(SELECT node, norm FROM m_nodes WHERE NOT fixed)", mark_last=True)}
            UNION ALL
            SELECT n.node, g.gram, false AS last FROM quote_grams g JOIN m_nodes n ON n.fixed AND n.root_quote_id = g.quote_id""",
        gram_params(),
    )
    n_fixed = int(nodes["fixed"].sum())
    df = None
    if max_df is not None:
        df = "m_df"
        con.execute(
            """CREATE OR REPLACE TEMP TABLE m_df AS
               SELECT gram, count(*) AS df
               FROM (SELECT gram FROM quote_grams WHERE gram IN (SELECT gram FROM m_grams)
                     UNION ALL SELECT gram FROM m_grams WHERE node >= $n_fixed)
               GROUP BY gram""",
            {"n_fixed": n_fixed},
        )
    pairs = candidate_pairs(
        con, n_fixed=n_fixed, date_window_days=date_window_days, max_df=max_df, df=df
    ).fetchnumpy()
    return (
        pairs["hi"].astype(np.int64),
        pairs["lo"].astype(np.int64),
        pairs["shared"].astype(np.int32),
        pairs["overlap"].astype(np.float32),
        pairs["contained"].astype(bool),
    )


def statement_links(quotes: pl.DataFrame, nodes: pl.DataFrame, root: np.ndarray, sim: np.ndarray) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Quote-to-statement rows for the new quotes, and the statements to create."""
    roots = nodes.select(
        pl.col("node").alias("root_node"),
        "statement_id",
        "root_quote_id",
        "root_text",
        pl.col("norm").alias("root_norm"),
        "root_speaker_id",
        pl.col("fixed").alias("fixed_root"),
    )
    node_root = nodes.select("node", "node_key").with_columns(
        pl.Series("root_node", root), pl.Series("similarity", sim.astype(np.float64))
    )
    used = pl.DataFrame({"root_node": np.unique(root)})
    new_roots = roots.filter(~pl.col("fixed_root")).join(used, on="root_node", how="semi")
    new_roots = new_roots.with_columns(
        pl.col("root_quote_id").map_elements(statement_id_of, return_dtype=pl.String).alias("statement_id")
    )
    roots = pl.concat([roots.filter(pl.col("fixed_root")), new_roots])
    links = (
        quotes.join(node_root, on="node_key")
        .join(roots, on="root_node")
        .with_columns((pl.col("quote_id") == pl.col("root_quote_id")).alias("is_root"))
        .with_columns(
            pl.when(pl.col("is_root")).then(100.0).otherwise(pl.col("similarity")).round(1).alias("similarity"),
        )
        .with_columns(variant_expr().alias("variant"))
    )
    return links, new_roots


def _write(
    con: duckdb.DuckDBPyConnection,
    links: pl.DataFrame,
    new_statements: pl.DataFrame,
    incremental: bool,
) -> None:
    """One transaction: statements, links, the new roots' grams, quote counts."""
    statement_rows = new_statements.select(
        "statement_id", "root_quote_id", "root_text", "root_norm", "root_speaker_id", pl.lit(0).alias("n_quotes")
    )
    link_rows = links.select("quote_id", "statement_id", "similarity", "variant", pl.lit(LEXICAL_STAGE).alias("stage"),
                             (pl.col("similarity").cast(pl.Float64) / 100.0).round(PROBABILITY_DIGITS).alias("probability"))
    gram_nodes = new_statements.select(pl.col("root_node").alias("node"), "root_quote_id")
    con.register("m_statements", statement_rows)
    con.register("m_links", link_rows)
    con.register("m_root_nodes", gram_nodes)
    try:
        with transaction(con):
            if not incremental:
                for table in ("statement_quotes", "statements", "quote_grams"):
                    con.execute(f"DELETE FROM {table}")
            con.execute("INSERT INTO statements SELECT * FROM m_statements")
            con.execute("INSERT INTO statement_quotes SELECT * FROM m_links")
            con.execute("INSERT INTO quote_grams SELECT r.root_quote_id, g.gram FROM m_grams g JOIN m_root_nodes r USING (node)")
            recount_quotes(con, "SELECT DISTINCT statement_id FROM m_links")
            con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [META_SCHEME_KEY, GRAM_SCHEME])
    finally:
        for name in ("m_statements", "m_links", "m_root_nodes"):
            con.unregister(name)


def recount_quotes(con: duckdb.DuckDBPyConnection, statement_ids_sql: str) -> None:
    """Set ``statements.n_quotes`` from ``statement_quotes`` for the statements that the
    subquery ``statement_ids_sql`` selects (internal SQL, never user input), after a write
    that gave them quotes or took some away."""
    con.execute(
        f"""UPDATE statements SET n_quotes = c.n
            FROM (SELECT statement_id, count(*) AS n FROM statement_quotes
                  WHERE statement_id IN ({statement_ids_sql}) GROUP BY statement_id) c
            WHERE statements.statement_id = c.statement_id"""
    )


def _count_statements(con: duckdb.DuckDBPyConnection) -> int:
    # fetchall, not fetchone: DuckDB refuses further work while a result is partly read.
    return int(con.execute("SELECT count(*) FROM statements").fetchall()[0][0])


def lookup(
    con: Any,
    texts: Sequence[str],
    min_score: float = STORE_LOOKUP_MIN,
    *,
    limit: int = LOOKUP_LIMIT,
) -> list[list[Candidate]]:
    """For each text, the statements it may render, best first.

    Uses the same normalisation, blocking index (the roots' grams) and scoring as
    ``match``, so a draft quote is found exactly when ``match`` would have attached it,
    plus statements whose root has the same normalised text. Read-only: works on a
    connection opened with ``read_only=True``. Empty or punctuation-only texts get no
    candidates.
    """
    con = _connection(con)
    if not texts:
        return []
    norms = normalise_series(list(texts)).to_list()
    max_df = max_df_for(_count_statements(con))
    rows = con.execute(
        f"""
        WITH q AS (SELECT i - 1 AS node, $norms[i] AS norm FROM range(1, len($norms) + 1) t(i)),
        g AS ({grams_sql("q")}),
        banded AS (SELECT gram FROM quote_grams WHERE gram IN (SELECT gram FROM g)
                   GROUP BY gram HAVING count(*) <= $max_df),
        q_grams AS (SELECT node, count(*) AS n FROM g JOIN banded USING (gram) GROUP BY node),
        hits AS (
            SELECT g.node, qg.quote_id, count(*) AS shared
            FROM g JOIN banded USING (gram) JOIN quote_grams qg USING (gram)
            GROUP BY g.node, qg.quote_id
            QUALIFY row_number() OVER (PARTITION BY g.node ORDER BY count(*) DESC, qg.quote_id) <= $k
        ),
        r_all AS (SELECT quote_id, gram FROM quote_grams WHERE quote_id IN (SELECT quote_id FROM hits)),
        r_band AS (SELECT gram FROM quote_grams WHERE gram IN (SELECT gram FROM r_all)
                   GROUP BY gram HAVING count(*) <= $max_df),
        r_grams AS (SELECT quote_id, count(*) AS n FROM r_all JOIN r_band USING (gram) GROUP BY quote_id)
        SELECT h.node, s.statement_id, s.text, s.norm, s.speaker_id,
               h.shared, h.shared / least(qn.n, rn.n) AS overlap
        FROM hits h JOIN statements s ON s.root_quote_id = h.quote_id
        JOIN q_grams qn ON qn.node = h.node JOIN r_grams rn ON rn.quote_id = h.quote_id
        UNION
        SELECT q.node, s.statement_id, s.text, s.norm, s.speaker_id, NULL AS shared, 1.0 AS overlap
        FROM q JOIN statements s ON s.norm = q.norm AND q.norm <> ''
        """,
        {**gram_params(), "norms": norms, "max_df": max_df, "k": MAX_CANDIDATES},
    ).fetchall()
    out: list[list[Candidate]] = [[] for _ in texts]
    if not rows:
        return out
    # Positions: the looked-up texts first, then each candidate root.
    pool = Texts.of(norms + [r[3] for r in rows])
    scored = score_pairs(
        pool,
        np.array([r[0] for r in rows]),
        np.arange(len(norms), len(norms) + len(rows)),
        shared=np.array([r[5] or 0 for r in rows], dtype=np.int32),
        overlap=np.array([r[6] for r in rows], dtype=np.float32),
    )
    for (node, statement_id, text, _norm, speaker_id, _, _), score, partial in zip(
        rows, scored.score, scored.partial, strict=True
    ):
        if score >= min_score:
            out[node].append(Candidate(statement_id, text, speaker_id, round(float(score), 1), bool(partial)))
    for i, found in enumerate(out):
        found.sort(key=lambda c: (-c.score, c.statement_id))
        # A root found both by grams and by equal text appears twice: keep the best (the first).
        best: dict[str, Candidate] = {}
        for c in found:
            best.setdefault(c.statement_id, c)
        out[i] = list(best.values())[:limit]
    return out
