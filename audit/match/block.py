"""Blocking: find candidate pairs of texts inside DuckDB, never all pairs.

Two renderings of one statement almost always share a run of content words, so each
normalised text is cut into *content-word bigrams* (stopwords dropped first, so "try to
restore" and "try and restore" still share "try restore"), each hashed to a UBIGINT.
Texts that share a gram become a candidate pair, as in passim's n-gram blocking:

* grams held by more than :data:`MAX_DF` texts ("prime minister", "last week") say
  nothing about identity and would make the join quadratic, so they are dropped
  (the document-frequency band);
* a pair needs :data:`MIN_SHARED` grams in common, or all grams of the shorter text
  (a two-word fragment has one gram), and :data:`MIN_SHARE` of the shorter's grams;
* optionally both texts must fall within a date window;
* each text keeps only its :data:`MAX_CANDIDATES` best partners by shared grams, which
  bounds the work per text and keeps the whole step linear in corpus size.

The hash is DuckDB's ``hash()``; :data:`GRAM_SCHEME` records which one built a stored
index so a different DuckDB build can rebuild it instead of silently missing matches.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import duckdb

from audit.lang.words import STOPWORDS

MAX_DF = 100
"""Grams shared by more distinct texts than this are ignored (passim's ``max-series``).
The statement-specific grams of a statement rendered by 40 outlets still pass, because
identical renderings are one text after normalisation. This is the floor of the band;
see :data:`MAX_DF_FRACTION`."""

MAX_DF_FRACTION = 0.0002
"""In larger corpora the band widens to this share of the distinct texts (200 per
million): a gram in 100 texts of a million says as much as one in 10 of 100,000. It
widens slowly on purpose: the self-join costs the square of each gram's frequency, and
on the synthetic million a band proportional to the corpus (1,000 texts) cost 20 times
the join work of a band of 100 while the texts it rescued were truncations that the
head gram (:data:`HEAD_WORDS`) finds anyway."""

HEAD_WORDS = 6
"""Texts with at least this many content words also get a *head gram*: the hash of
their first six content words. Truncation is the commonest drift of a quote, and a cut
can fall before anything distinctive ("Over the weekend, the government have likely
withdrawn the southern supply line ar"): every bigram of such a head may be common,
but six content words in a row rarely are. Different claims in one opening formula
(same time, subject and verb) share it too and are told apart by scoring.

The last bigram of a text longer than the head is used to find partners but does not
count among the text's in-band grams: a truncation's last word is often cut ("a second
che"), and that bigram, shared only with texts cut at the same letter, would make the
truncation a two-gram text, and its pair with the root (sharing only the head) would
fall short of :data:`MIN_SHARED`."""

MIN_SHARED = 2
"""Grams a pair must share, unless one text has fewer grams inside the band than this
(a fragment whose other grams are too common to count)."""

MIN_SHARE = 0.3
"""...and at least this share of the in-band grams of the text with fewer of them. Two
long quotes sharing only a place name and a stock phrase are not renderings of one
statement; a reworded or translated rendering keeps about half of its grams."""

MAX_CANDIDATES = 40
"""Best partners kept per text (ranked by shared grams)."""

GRAM_SCHEME = f"content-bigram+head{HEAD_WORDS}/duckdb-hash/{duckdb.__version__}"
"""Identity of the gram function; stored with the index in ``meta``."""


def max_df_for(n_texts: int) -> int:
    """The upper end of the document-frequency band for a corpus of ``n_texts``
    distinct texts: :data:`MAX_DF`, or :data:`MAX_DF_FRACTION` of them if more."""
    return max(MAX_DF, round(MAX_DF_FRACTION * n_texts))


def grams_sql(source: str, key: str = "node", *, mark_last: bool = False) -> str:
    """SQL yielding ``(key, gram)`` rows for ``source``, a relation with columns ``key``
    and ``norm``. A text with one content word yields that word as its gram; a text
    with none yields nothing (it can only match by equal normalised text). Texts of
    :data:`HEAD_WORDS` content words or more add their head gram. With ``mark_last``
    a third column ``last`` flags the final bigram of texts longer than the head (see
    :data:`HEAD_WORDS`).

    Written in DuckDB's dialect with list functions every engine has under some name
    (``Dialect.sql`` renames them; lists indexed from 1 by ``list_extract``), so DuckDB and
    Spark build the grams from one text. ``source`` and ``key`` are internal names, never
    user input; the stopword list is bound as parameter ``$stop``, the head length as ``$head``.
    """
    last = ", coalesce(gram = last_gram, false) AS last" if mark_last else ""
    return f"""
        SELECT {key}, gram{last} FROM (
            SELECT {key}, last_gram, unnest(list_distinct(list_concat(
                CASE WHEN len(w) = 1 THEN list_value(hash(list_extract(w, 1)))
                     ELSE list_transform(generate_series(1, len(w) - 1),
                                         lambda i: hash(list_extract(w, i) || ' ' || list_extract(w, i + 1)))
                END,
                CASE WHEN len(w) >= $head THEN list_value(hash('^ ' || array_to_string(list_slice(w, 1, $head), ' ')))
                     ELSE list_value() END
                ))) AS gram
            FROM (SELECT {key}, w,
                         CASE WHEN len(w) > $head THEN hash(list_extract(w, len(w) - 1) || ' ' || list_extract(w, len(w)))
                         END AS last_gram
                  FROM (SELECT {key},
                               list_filter(string_split(norm, ' '), lambda x: x <> '' AND NOT list_contains($stop, x)) AS w
                        FROM {source})
                  WHERE len(w) > 0))
    """


def gram_params() -> dict[str, Any]:
    """Parameters every :func:`grams_sql` query needs."""
    return {"stop": list(STOPWORDS), "head": HEAD_WORDS}


@dataclass(frozen=True, slots=True)
class Dialect:
    """What differs between the SQL engines matching runs on, in one place: how a bound parameter is written,
    the names of the list functions :func:`grams_sql` calls, the lambda syntax, and the 64-bit hash a gram is.
    The blocking steps use constructs both DuckDB and Spark SQL read alike (``IN`` subqueries, ``FILTER`` on an
    aggregate, a ranked subquery instead of DuckDB's ``QUALIFY``), so the SQL of blocking and of the grams is
    written once, in DuckDB's dialect, and :meth:`sql` turns it into this one."""

    name: str
    param: str
    """The prefix of a named parameter: ``$name`` in DuckDB, ``:name`` in Spark."""
    functions: tuple[tuple[str, str], ...] = ()
    """DuckDB's function names and this engine's for the same function (arguments alike; indexes from 1)."""
    arrow_lambda: bool = False
    """Lambdas written ``x -> ...`` (Spark) instead of DuckDB's ``lambda x: ...``."""
    binds_lists: bool = True
    """Whether a list can be bound as a parameter (Spark 3.5 binds only scalars)."""

    def sql(self, text: str) -> str:
        """``text`` (written in DuckDB's dialect, ``$name`` parameters) in this dialect."""
        if self.param != "$":
            text = _PARAM.sub(lambda m: self.param + m[1], text)
        for duck, own in self.functions:
            text = re.sub(rf"\b{duck}\(", f"{own}(", text)
        return _LAMBDA.sub(r"\1 ->", text) if self.arrow_lambda else text

    def query(self, text: str, params: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """``text`` and its parameters for this engine: where it binds no lists, a list parameter (the
        stopwords of :func:`gram_params`, internal words, never user input) is written into the SQL."""
        bound = dict(params)
        if not self.binds_lists:
            for name, value in params.items():
                if isinstance(value, list | tuple):
                    if any("'" in w or "\\" in w for w in value):
                        raise ValueError(f"parameter {name}: a word with a quote cannot be written into SQL")
                    items = ", ".join(f"'{w}'" for w in value)
                    text = re.sub(rf"\${name}\b", f"list_value({items})", text)
                    del bound[name]
        return self.sql(text), bound


_PARAM = re.compile(r"\$([A-Za-z_]\w*)")
_LAMBDA = re.compile(r"\blambda (\w+):")
DUCKDB = Dialect("duckdb", "$")
SPARK = Dialect(
    "spark", ":",
    functions=(
        ("len", "size"), ("list_extract", "element_at"), ("list_value", "array"), ("list_concat", "concat"),
        ("list_distinct", "array_distinct"), ("list_transform", "transform"), ("list_filter", "filter"),
        ("list_contains", "array_contains"), ("list_slice", "slice"), ("array_to_string", "array_join"),
        ("generate_series", "sequence"), ("string_split", "split"), ("unnest", "explode"), ("hash", "xxhash64"),
    ),
    arrow_lambda=True,
    binds_lists=False,
)
"""Spark SQL: ``slice(w, 1, n)`` takes a length where DuckDB's ``list_slice`` takes an end, the same from
1; ``sequence`` includes its end as ``generate_series`` does; a gram is ``xxhash64`` (Spark's 64-bit hash;
DuckDB's ``hash`` has no Spark twin, and a run's grams are compared only with the same run's)."""


@dataclass(frozen=True, slots=True)
class Step:
    """One named relation of the blocking query. ``reused``: later steps read it more than once, so an engine
    that plans each query whole (Spark) materialises it instead of recomputing it."""

    name: str
    sql: str
    reused: bool = False


def blocking_steps(
    *, grams: str, nodes: str, df: str | None = None, window: bool = False, norms: bool = False
) -> tuple[list[Step], str]:
    """The blocking as named steps and the final ``SELECT`` over them, written once for every engine (see
    :func:`candidate_pairs` for what each step keeps). ``grams(node, gram, last)`` and ``nodes(node, norm, d0,
    d1)`` are relations; ``df`` a relation ``(gram, df)`` when ``grams`` holds part of the corpus only; ``window``
    adds the date-window test (``$window`` days; DuckDB only: a Spark run is a full run without one); ``norms``
    adds both texts (``hi_norm``, ``lo_norm``) for an engine that scores the pairs elsewhere. Parameters:
    ``$max_df``, ``$min_shared``, ``$share``, ``$k``, ``$n_fixed``. ``grams``, ``nodes`` and ``df`` are
    internal names, never user input."""
    window_join = window_test = ""
    if window:
        window_join = f"JOIN {nodes} a ON a.node = s.hi JOIN {nodes} b ON b.node = s.lo"
        window_test = """
              AND (a.d0 IS NULL OR b.d0 IS NULL
                   OR (a.d0 - INTERVAL (CAST($window AS INTEGER)) DAY <= b.d1
                       AND b.d0 - INTERVAL (CAST($window AS INTEGER)) DAY <= a.d1))"""
    steps = [
        Step("gram_df", f"SELECT gram, df FROM {df}" if df else f"SELECT gram, count(*) AS df FROM {grams} GROUP BY gram"),
        Step("banded", f"""
            SELECT node, gram, last FROM {grams}
            WHERE gram IN (SELECT gram FROM gram_df WHERE df BETWEEN 2 AND $max_df)""", reused=True),
        Step("counts", "SELECT node, count(*) FILTER (WHERE NOT last) AS n_grams FROM banded GROUP BY node", reused=True),
        Step("few", "SELECT node, gram FROM banded WHERE node IN (SELECT node FROM counts WHERE n_grams < $min_shared)"),
        # Most pairs share a single gram and fail MIN_SHARED: drop them inside the aggregate, and find the pairs
        # of texts with too few grams separately.
        Step("shared", """
            SELECT x.node AS hi, y.node AS lo, count(*) AS shared
            FROM banded x JOIN banded y ON x.gram = y.gram AND x.node < y.node
            WHERE y.node >= $n_fixed
            GROUP BY x.node, y.node
            HAVING count(*) >= $min_shared
            UNION ALL
            SELECT least(f.node, b.node) AS hi, greatest(f.node, b.node) AS lo, count(*) AS shared
            FROM few f JOIN banded b ON f.gram = b.gram AND f.node <> b.node
            WHERE greatest(f.node, b.node) >= $n_fixed
            GROUP BY least(f.node, b.node), greatest(f.node, b.node)"""),
        Step("passed", f"""
            SELECT s.hi, s.lo, s.shared, s.shared / greatest(least(ca.n_grams, cb.n_grams), 1) AS overlap,
                   count(*) OVER (PARTITION BY s.lo) AS n_partners
            FROM shared s JOIN counts ca ON ca.node = s.hi JOIN counts cb ON cb.node = s.lo {window_join}
            WHERE s.shared >= least($min_shared, ca.n_grams, cb.n_grams)
              AND s.shared >= $share * least(ca.n_grams, cb.n_grams){window_test}""", reused=True),
        # A text with more partners than it may keep often ties with many of them (a truncation sharing only its
        # opening formula): rank first those it is a part of, then those it is a part of up to its last word
        # (cut mid-word, and so normalised differently: "harbou"). Only these texts are joined in.
        Step("capped", f"""
            SELECT hi, lo, shared, overlap FROM (
                SELECT hi, lo, shared, overlap, row_number() OVER (
                    PARTITION BY lo
                    ORDER BY shared DESC,
                             CAST(contains(whole, part) AS INTEGER)
                             + CAST(contains(whole, regexp_replace(part, '\\s*\\S*$', '')) AS INTEGER) DESC,
                             hi) AS r
                FROM (
                    SELECT p.hi, p.lo, p.shared, p.overlap,
                           CASE WHEN length(a.norm) >= length(b.norm) THEN a.norm ELSE b.norm END AS whole,
                           CASE WHEN length(a.norm) >= length(b.norm) THEN b.norm ELSE a.norm END AS part
                    FROM passed p JOIN {nodes} a ON a.node = p.hi JOIN {nodes} b ON b.node = p.lo
                    WHERE p.n_partners > $k))
            WHERE r <= $k"""),
        Step("kept", """
            SELECT hi, lo, shared, overlap FROM passed WHERE n_partners <= $k
            UNION ALL
            SELECT hi, lo, shared, overlap FROM capped"""),
    ]
    extra = ", a.norm AS hi_norm, b.norm AS lo_norm" if norms else ""
    final = f"""
        SELECT k.hi, k.lo, k.shared, k.overlap, contains(a.norm, b.norm) OR contains(b.norm, a.norm) AS contained{extra}
        FROM kept k JOIN {nodes} a ON a.node = k.hi JOIN {nodes} b ON b.node = k.lo"""
    return steps, final


def blocking_params(
    max_df: int, *, min_shared: int = MIN_SHARED, min_share: float = MIN_SHARE, max_candidates: int = MAX_CANDIDATES,
    n_fixed: int = 0,
) -> dict[str, Any]:
    """The parameters :func:`blocking_steps` binds."""
    return {"max_df": max_df, "min_shared": min_shared, "share": min_share, "k": max_candidates, "n_fixed": n_fixed}


def candidate_pairs(
    con: duckdb.DuckDBPyConnection,
    *,
    n_fixed: int = 0,
    grams: str = "m_grams",
    nodes: str = "m_nodes",
    df: str | None = None,
    date_window_days: int | None = None,
    max_df: int | None = None,
    min_shared: int = MIN_SHARED,
    min_share: float = MIN_SHARE,
    max_candidates: int = MAX_CANDIDATES,
) -> duckdb.DuckDBPyRelation:
    """Candidate pairs ``(hi, lo, shared, overlap, contained)`` with ``hi < lo`` from the
    temp tables ``grams(node, gram, last)`` and ``nodes(node, norm, d0, d1)``. ``shared``:
    in-band grams in common; ``overlap``: that over the in-band grams of the text with
    fewer; ``contained``: one normalised text is a substring of the other.

    Node ids are assigned in root-priority order, so ``hi`` is the text that could be
    ``lo``'s root. Nodes below ``n_fixed`` are existing statement roots, already judged
    distinct, so pairs of two of them are skipped. Dates ``d0..d1`` are each text's
    earliest and latest publication date; with a window, pairs further apart are
    dropped (unknown dates always pass). Texts are only joined in after the cheap
    integer work has cut the pairs down. ``max_df`` defaults to :func:`max_df_for`
    the number of nodes.

    ``df``, a relation ``(gram, df)``, gives each gram's document frequency when
    ``grams`` holds only part of the corpus (an incremental run loads only the stored
    roots that can pair with new texts, yet the band must be the whole corpus's);
    by default it is counted from ``grams``. The SQL is :func:`blocking_steps`' (the Spark
    engine runs the same steps), joined here into one ``WITH`` query.
    """
    if max_df is None:
        max_df = max_df_for(int(con.execute(f"SELECT count(*) FROM {nodes}").fetchall()[0][0]))
    params = blocking_params(max_df, min_shared=min_shared, min_share=min_share, max_candidates=max_candidates,
                             n_fixed=n_fixed)
    if date_window_days is not None:
        params["window"] = date_window_days
    steps, final = blocking_steps(grams=grams, nodes=nodes, df=df, window=date_window_days is not None)
    query = "WITH " + ",\n".join(f"{s.name} AS ({s.sql})" for s in steps) + final
    return con.sql(DUCKDB.sql(query), params=params)
