"""The semantic stage itself: join statements whose renderings mean the same thing.

Runs after the lexical matcher (``audit.match``), on its statements::

    statements ──representative texts──▶ embeddings (cached) ──neighbours in a date window──▶
    candidate pairs ──features + fitted decision──▶ accepted pairs ──join around roots──▶ statements

Each statement not yet checked by this stage (``semantic_checked``) is a *pending*
statement. Its representative texts (the root and its most printed distinct wordings,
:data:`MAX_REPRESENTATIVES`) are compared with those of every statement printed within
the date window; a pair of texts *supports* a join when the fitted decision gives it
:data:`JOIN_MIN_PROBABILITY`. Pending statements are then visited in root priority (more
quotes, direct before reported, longer, earlier; checked statements come first and never
move), again until nothing moves, and each joins the root statement it is likeliest to
render: supported by a wording of that statement *or of a statement that joined it*,
and with the two *anchors* (the lead sentence of each root) each agreeing with some
wording of the other statement (:data:`ANCHOR_MIN_PROBABILITY`). A statement that took
others in never joins another, and every member must agree with the root's lead, so
chains cannot drift; a rendering spanning two statements (filed by the lexical matcher
with the first) cannot pull the second in, since the first's lead agrees with nothing
the second says.

Before joining, lexical members that render only a later sentence of their root leave
their statement and become statements of their own (:mod:`audit.link.lead`): a
statement is named by its lead claim, and the words of a later sentence are not it.

Fragments (at most :data:`FRAGMENT_MAX_WORDS` content words: "regroup", "significant
reverse") carry too little meaning to embed or to weigh: they take no part in the pair
decision and join the statement whose renderings contain them word for word, preferring
the same speaker.

Everything is written in one transaction: the joiner's quotes move to the statement
joined (variant ``paraphrase``, similarity = 100 x the decision's probability), the
joiner's statement row and blocking grams go, and the surviving pending statements are
marked checked. An incremental run therefore checks only new statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import reduce
from typing import Any

import duckdb
import numpy as np
import polars as pl

from audit.lang.normalise import normalise_series
from audit.link import deep
from audit.link.claims import has_predicate
from audit.link.decide import probability
from audit.link.embed import embed_cached, ensure_cache
from audit.link.features import TextInfo, batch_features, content_words, read_text, speakers_differ
from audit.link.lead import ensure_table as ensure_lead_table
from audit.link.lead import lead_sentences, split_later_sentences
from audit.link.neighbours import DATE_WINDOW_DAYS, neighbours
from audit.match import recount_quotes, transaction
from audit.match.verify import NEWS_CYCLE_DAYS
from audit.phases import PhaseStats, figures, timed

MAX_REPRESENTATIVES = 4
"""Distinct wordings per statement that are embedded and compared: the root and the most
printed others. A paraphrase is often closer to one outlet's wording than to the root's;
more than a few adds cost, not links."""

FRAGMENT_MAX_WORDS = 2
"""A text of at most this many content words is a fragment ("significant reverse", "keep
the pressure up", "likely"). It takes no part in the pair decision, on either side: its
word overlap is 1.0 with any text that holds its one or two words, and its embedding is
one or two word vectors, so any probability is noise (measured: "They (Russian off"
joined "keep the pressure up" at 0.92 through word overlap). A fragment statement joins
the statement whose renderings contain it word for word, or stays apart."""

ANCHOR_MIN_PROBABILITY = 0.3
"""Besides support, a join needs each statement's anchor to reach this probability with
some wording of the other (the anchor: the lead sentence of the root; the whole root when
it is one sentence; the most printed wording that is not a fragment when the root is
one). Both ways, so a paraphrase that puts the root's sentences in another order still
joins. Lower than the support bar, since anchors are often not the closest wordings; a
rendering that spans two statements ("... gains in the Kharkiv region. Russia has likely
withdrawn ...") scores near 0 between the first statement's lead and anything the second
says, so it cannot bridge them. The shared multi-sentence renderings are annotated with
the statement of their first sentence, the convention the lead follows. The same bar
sends a lexical member out of its statement (:mod:`audit.link.lead`): on the shared
renderings the 7 members that render a later sentence score 0.003-0.011 with the lead,
the members kept 0.93 and more."""

JOIN_MIN_PROBABILITY = 0.7
"""A pair of texts (one from each statement, or from a statement that joined the target)
supports a join at this probability. Above the pair decision's own threshold
(``weights.THRESHOLD``, set for pairwise precision 0.95 on text pairs): one wrong join
merges whole statements. Chosen with :data:`ANCHOR_MIN_PROBABILITY` on the shared
renderings, held out (``python -m audit.eval.fit renderings.jsonl --statements``,
pairwise precision/recall, join/anchor): 0.7/0.3 0.963/0.784, 0.6/0.3 0.958/0.794,
0.5/0.3 0.956/0.796, 0.4/0.3 0.953/0.811: flat. 0.7 for the look-alikes: the synthetic
decoys of ``bench/match.py`` (same speaker, place and time, another claim; 20k quotes,
precision 0.982 at 0.7, 0.973 at 0.6, 0.962 at 0.5: a truncated decoy, its figure cut
off, reaches 0.5), and two speakers' short claims about one town in the demo corpus
("its forces have entered Izium" / "the retreat of its forces from Izium and
Balakliia", 0.66; ``tests/test_demo_run.py``). See ``docs/matching.md``."""

FRAGMENT_KINDS = frozenset({"direct", "mixed"})
"""Kinds of fragment that join by containment: words printed *in quote marks* ("called it
'blindly lashing out'"), which an outlet lifted from the statement. An indirect text of
one or two content words ("he can win", "to be evenhanded", "the coup attempt") is the
reporter's own phrasing, contained by chance in whatever statement uses those words.
Measured on PolNeAR (924 real articles of 2015-16 US election coverage): 187 of the 300
quotes that joined as fragments were indirect, and a sample of them was mostly wrong;
on the shared renderings no indirect fragment joins. A fragment also never joins a
statement credited to another known speaker: two words carry no evidence that one
speaker's words were put in another's mouth (PolNeAR: 209 fragment joins before both
rules, 51 after; the shared renderings' figures unchanged)."""

SEMANTIC_STAGE = "semantic"
FRAGMENT_STAGE = "fragment"
"""``statement_quotes.stage`` of the memberships this stage makes (``store.SCHEMA_V5``)."""

FRAGMENT_P = 1.0
"""Probability recorded for a fragment's join (it is contained word for word)."""


@dataclass(slots=True)
class LinkStats:
    """What one semantic run did."""

    split: int = 0
    """Lexical members moved out of their statement for rendering only a later sentence
    of its root (:mod:`audit.link.lead`): each now a statement of its own."""
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
    phases: dict[str, PhaseStats] = field(default_factory=dict)
    """Wall and CPU time per phase (split, load, leads, embed, decide, write); the peak memory is the caller's
    to measure over the whole stage (:func:`audit.phases.timed` with ``memory=False``)."""

    def as_dict(self) -> dict[str, Any]:
        """Plain figures for printing or JSON."""
        return {**{k: getattr(self, k) for k in self.__slots__ if k != "phases"}, **figures(self.phases, memory=False)}


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The stage's own tables: the embedding cache and the statements already checked."""
    ensure_cache(con)
    ensure_lead_table(con)
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
        con.execute("DELETE FROM lead_checked")
    stats = LinkStats()
    with timed(stats.phases, "split", memory=False):
        stats.split = split_later_sentences(con, fragment_max_words=FRAGMENT_MAX_WORDS,
                                            max_probability=ANCHOR_MIN_PROBABILITY)
    with timed(stats.phases, "load", memory=False):
        reps, pending_ids = _representatives(con, window_days)
        stats.pending = len(pending_ids)
    if not pending_ids:
        return stats
    with timed(stats.phases, "leads", memory=False):
        reps = _with_leads(reps)
    stats.texts = len(reps)
    with timed(stats.phases, "embed", memory=False):
        vecs, stats.embedded = embed_cached(con, reps["text"].to_list())
    with timed(stats.phases, "decide", memory=False):
        joins = _decide(reps, vecs, window_days, stats)
    with timed(stats.phases, "write", memory=False):
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
                           -- ties to the smallest id: plain mode() takes the first seen, which varies with threads
                           mode(q.speaker_id ORDER BY q.speaker_id) AS speaker_id, min(a.published) AS published
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


def _with_leads(reps: pl.DataFrame) -> pl.DataFrame:
    """The representatives plus, for each root of several sentences, a row holding its
    lead sentence (``lead`` true): the wording a join must agree with (see
    :data:`ANCHOR_MIN_PROBABILITY`). Lead rows take no part in the neighbour search."""
    reps = reps.with_columns(pl.lit(False).alias("lead"))
    roots = reps.filter(pl.col("is_root"))
    leads = lead_sentences(roots["text"].to_list(), FRAGMENT_MAX_WORDS)
    split = [k for k, (lead, t) in enumerate(zip(leads, roots["text"].to_list())) if lead != t]
    if not split:
        return reps
    extra = roots[split].with_columns(
        pl.Series("text", [leads[k] for k in split], dtype=pl.String),
        normalise_series(pl.Series([leads[k] for k in split], dtype=pl.String)).alias("norm"),
        pl.lit(False).alias("is_root"), pl.lit(True).alias("lead"))
    return pl.concat([reps, extra.select(reps.columns)], how="vertical_relaxed")


@dataclass(slots=True)
class _Statements:
    """What the join loop knows of each statement (by code, the index of its id in
    ``codes``): its priority ``rank`` (lower = likelier root), root speaker and kind, its
    whole wordings' rows, its anchor row, and the pending ones in visiting order."""

    codes: np.ndarray
    meta: pl.DataFrame
    rank: np.ndarray
    speaker_of: dict[int, str | None]
    day_of: dict[int, int]
    """First day printed (ordinal; -1 unknown)."""
    kind_of: dict[int, str | None]
    whole_rows: dict[int, list[int]]
    anchor_of: dict[int, int | None]
    order: list[int]


@dataclass(slots=True)
class _Joins:
    """The joins decided so far: ``joined`` {joiner: (root, probability, stage)},
    ``root_of`` {joiner: root}, and the roots that took others in (``taken_in``)."""

    joined: dict[int, tuple[int, float, str]] = field(default_factory=dict)
    root_of: dict[int, int] = field(default_factory=dict)
    taken_in: set[int] = field(default_factory=set)

    def add(self, code: int, target: int, q: float, stage: str) -> None:
        self.joined[code] = (target, q, stage)
        self.root_of[code] = target
        self.taken_in.add(target)

    def open(self, code: int) -> bool:
        """Whether ``code`` may still join: neither joined nor a root others joined."""
        return code not in self.joined and code not in self.taken_in


def _decide(reps: pl.DataFrame, vecs: np.ndarray, window_days: int | None,
            stats: LinkStats) -> dict[str, tuple[str, float, str]]:
    """Accepted joins ``{joining statement: (root statement joined, probability, stage)}``
    (stage ``semantic`` for a join by meaning, ``fragment`` for one by containment)."""
    codes, statement_of = np.unique(np.array(reps["statement_id"].to_list(), dtype=object), return_inverse=True)
    day = np.array([d.toordinal() if d is not None else -1 for d in reps["published"].to_list()], dtype=np.int64)
    fragment_row = np.array([content_words(n) <= FRAGMENT_MAX_WORDS for n in reps["norm"].to_list()], dtype=bool)
    whole_mask = ~fragment_row & ~reps["lead"].to_numpy()
    pairs = _PairScorer(reps, vecs, day)
    support = _support(reps, vecs, statement_of, day, np.flatnonzero(whole_mask), window_days, pairs, stats)
    st = _statements(reps, codes, statement_of, whole_mask)
    joins = _Joins()
    _join_by_meaning(st, support, pairs, joins)
    _join_fragments(st, _fragment_partners(reps, statement_of, st.meta, day, window_days), joins, stats)
    return {str(codes[c]): (str(codes[t]), q, stage) for c, (t, q, stage) in joins.joined.items()}


def _support(reps: pl.DataFrame, vecs: np.ndarray, statement_of: np.ndarray, day: np.ndarray, whole: np.ndarray,
             window_days: int | None, pairs: _PairScorer, stats: LinkStats) -> dict[int, list[tuple[int, float]]]:
    """Accepted text pairs per statement: ``{statement: [(other statement, probability)]}``,
    either direction. Fragments and lead rows take no part (a fragment's overlap is 1.0 with
    anything that holds its one or two words): neighbours are found among ``whole`` rows only."""
    pending_row = reps["pending"].to_numpy()
    qi, qj, cos = neighbours(vecs[whole], day[whole], np.flatnonzero(pending_row[whole]),
                             window_days=window_days, exclude=statement_of[whole])
    p = pairs.score(whole[qi], whole[qj], cos)
    stats.candidates = len(qi)
    ok = _claims_only(p >= JOIN_MIN_PROBABILITY, whole[qi], whole[qj], reps)
    stats.accepted = int(ok.sum())
    support: dict[int, list[tuple[int, float]]] = {}
    for a, b, q in zip(statement_of[whole[qi[ok]]].tolist(), statement_of[whole[qj[ok]]].tolist(), p[ok].tolist()):
        support.setdefault(a, []).append((b, q))
        support.setdefault(b, []).append((a, q))
    return support


def _statements(reps: pl.DataFrame, codes: np.ndarray, statement_of: np.ndarray, whole_mask: np.ndarray) -> _Statements:
    """Each statement's priority and facts (:class:`_Statements`). Root priority: checked
    statements first (they never move), then more quotes, direct before reported, longer,
    earlier."""
    meta = (
        reps.with_columns(pl.Series("code", statement_of), pl.Series("row", np.arange(len(reps))),
                          pl.Series("whole", whole_mask))
        .group_by("code")
        .agg(pl.col("pending").first(), pl.col("n_quotes").first(), pl.col("root_len").first(),
             (pl.col("kind").filter(pl.col("is_root")).first() != "direct").fill_null(True).alias("indirect"),
             pl.col("published").min(), pl.col("speaker_id").filter(pl.col("is_root")).first().alias("speaker"),
             pl.col("kind").filter(pl.col("is_root")).first().alias("root_kind"),
             pl.col("norm").filter(pl.col("is_root")).first().alias("root_norm"),
             pl.col("row").filter(pl.col("whole")).alias("whole_rows"),
             pl.col("row").filter(pl.col("lead")).first().alias("lead_row"))
        .join(pl.DataFrame({"code": np.arange(len(codes)), "statement_id": codes.astype(str)}), on="code")
        .sort(["pending", pl.col("n_quotes").neg(), "indirect", pl.col("root_len").neg(), "published", "statement_id"],
              nulls_last=True)
    )
    rank = np.empty(len(codes), dtype=np.int64)
    rank[meta["code"].to_numpy()] = np.arange(len(meta))
    code_list = meta["code"].to_list()
    whole_rows = {c: sorted(r) for c, r in zip(code_list, meta["whole_rows"].to_list())}
    # A statement's anchor: its root's lead sentence, else its root, else (a fragment root)
    # its most printed other wording (rows keep _representatives' order: root first).
    anchor_of = {c: lead if lead is not None else (whole_rows[c][0] if whole_rows[c] else None)
                 for c, lead in zip(code_list, meta["lead_row"].to_list())}
    return _Statements(
        codes=codes, meta=meta, rank=rank, speaker_of=dict(zip(code_list, meta["speaker"].to_list())),
        day_of={c: d.toordinal() if d is not None else -1 for c, d in zip(code_list, meta["published"].to_list())},
        kind_of=dict(zip(code_list, meta["root_kind"].to_list())), whole_rows=whole_rows, anchor_of=anchor_of,
        order=[c for c, pend in zip(code_list, meta["pending"].to_list()) if pend])


def _join_by_meaning(st: _Statements, support: dict[int, list[tuple[int, float]]], pairs: _PairScorer,
                     joins: _Joins) -> None:
    """Visit the pending statements in priority order, each joining the root it likeliest
    renders (:func:`_best_join`), again until nothing moves: a join can open another (a
    paraphrase that only reaches the root through an earlier joiner's wording)."""
    changed = True
    while changed:
        changed = False
        # The anchor pairs this pass will compare, scored in one batch (the cache keeps them).
        linked = [pair for code in st.order if joins.open(code)
                  for b, _ in support.get(code, ())
                  for pair in _anchor_pairs(code, joins.root_of.get(b, b), st.whole_rows, st.anchor_of)]
        if linked:
            pairs.score(np.array([a for a, _ in linked]), np.array([b for _, b in linked]), None)
        for code in st.order:
            if not joins.open(code):
                continue
            best = _best_join(code, support, joins.root_of, st, pairs)
            if best is not None:
                target, q = best
                joins.add(code, target, q, SEMANTIC_STAGE)
                changed = True


def _join_fragments(st: _Statements, fragments: dict[int, list[int]], joins: _Joins, stats: LinkStats) -> None:
    """Fragments last, once the joins by meaning have settled (a fragment joining a statement
    early would make it a root that can no longer join the statement it renders): each
    printed fragment joins the one statement containing it (:data:`FRAGMENT_KINDS`,
    :func:`_unambiguous`), never one credited to another known speaker, and past the news
    cycle only one credited to its own (:func:`may_join`: "THE TOTAL." and "Mexico!", with no
    known speaker, were contained in statements printed days later)."""
    for code in st.order:
        if not joins.open(code) or code not in fragments or st.kind_of[code] not in FRAGMENT_KINDS:
            continue
        roots = {joins.root_of.get(t, t) for t in fragments[code]}
        options = _unambiguous([(FRAGMENT_P, st.speaker_of[t] == st.speaker_of[code], -st.rank[t], t)
                                for t in sorted(roots) if st.rank[t] < st.rank[code] and t not in joins.root_of
                                and not speakers_differ(st.speaker_of[t], st.speaker_of[code])
                                and may_join(st, t, code)])
        if options:
            stats.fragments += 1
            q, _, _, target = max(options)
            joins.add(code, target, q, FRAGMENT_STAGE)


def _claims_only(ok: np.ndarray, a: np.ndarray, b: np.ndarray, reps: pl.DataFrame) -> np.ndarray:
    """``ok`` less the accepted pairs of which a text holds no verb: a topic ("help from
    the private sector") is not a claim and never joins by meaning (:mod:`audit.link.claims`).
    Only the texts of accepted pairs are tagged."""
    if not ok.any():
        return ok
    rows = np.unique(np.concatenate([a[ok], b[ok]]))
    texts = reps["text"].gather(rows).to_list()
    claim = np.zeros(len(reps), dtype=bool)
    claim[rows] = has_predicate(texts)
    return ok & claim[a] & claim[b]


def _best_join(
    code: int,
    support: dict[int, list[tuple[int, float]]],
    root_of: dict[int, int],
    st: _Statements,
    pairs: _PairScorer,
) -> tuple[int, float] | None:
    """The statement (a root) that ``code`` joins, and the probability of the join; None
    to stay apart. Support may come from any wording of the root's statement *or of a
    statement that joined it* (:data:`JOIN_MIN_PROBABILITY`), but each statement's anchor
    must also agree with a wording of the other (:data:`ANCHOR_MIN_PROBABILITY`): a
    rendering that spans two statements cannot carry the other one in (bridging), and
    every member of a statement stays close to its root, so chains cannot drift."""
    by_root: dict[int, float] = {}
    for other, q in support.get(code, ()):
        target = root_of.get(other, other)
        if target == code or st.rank[target] >= st.rank[code]:
            continue
        by_root[target] = max(q, by_root.get(target, 0.0))
    options = []
    for target, q in by_root.items():
        if not may_join(st, target, code):
            continue
        pair_rows = _anchor_pairs(code, target, st.whole_rows, st.anchor_of)
        if not pair_rows:
            continue
        p = pairs.score(np.array([a for a, _ in pair_rows]), np.array([b for _, b in pair_rows]), None)
        forward = [r[0] == st.anchor_of[target] for r in pair_rows]
        p_target = max((v for v, f in zip(p.tolist(), forward) if f), default=0.0)
        p_own = max((v for v, f in zip(p.tolist(), forward) if not f), default=0.0)
        if min(p_target, p_own) >= ANCHOR_MIN_PROBABILITY:
            options.append((q, st.speaker_of[target] == st.speaker_of[code], -st.rank[target], target))
    if not options:
        return None
    q, _, _, target = max(options)
    return target, q


def may_join(st: _Statements, a: int, b: int) -> bool:
    """Whether statements ``a`` and ``b`` may join by meaning (or as a fragment): both
    credited to one known speaker, or first printed within one news cycle
    (``match.verify.NEWS_CYCLE_DAYS``; an unknown date is near everything). A paraphrase has
    no distinctive words in common to vouch for it, and months apart meaning alone cannot
    tell two people's claims on one topic apart ("to back the party nominee" / "I cannot and
    will not support my party's nominee"), nor a claim from a poll's respondents or the
    reporter's narration (an unknown speaker) from a candidate's. Measured on PolNeAR's
    hand-judged joins (``bench/polnear_findings.py``, labels of seeds 23, 24 and 31): joins
    by meaning more than three days apart were right 4 of 6 times with one speaker, 2 of 30
    without. Within the cycle a story's outlets credit one statement to a person, a
    ministry or "British intelligence": there speaker agreement stays evidence, not a
    requirement (requiring it everywhere took the shared renderings' recall from 0.784 to 0.664)."""
    if st.speaker_of[a] is not None and st.speaker_of[a] == st.speaker_of[b]:
        return True
    da, db = st.day_of[a], st.day_of[b]
    return da < 0 or db < 0 or abs(da - db) <= NEWS_CYCLE_DAYS


def _anchor_pairs(
    code: int, target: int, whole_rows: dict[int, list[int]], anchor_of: dict[int, int | None]
) -> list[tuple[int, int]]:
    """Row pairs that decide whether two statements' anchors agree: the target's anchor
    against each wording of the joiner, then the joiner's anchor against each wording of
    the target (both must find agreement; empty when either has no anchor)."""
    anchor, own = anchor_of.get(target), anchor_of.get(code)
    if anchor is None or own is None:
        return []
    mine = whole_rows.get(code, []) + [own]
    theirs = whole_rows.get(target, []) + [anchor]
    return [(anchor, r) for r in dict.fromkeys(mine)] + [(own, r) for r in dict.fromkeys(theirs)]


SCORE_CHUNK_PAIRS = 200_000
"""New pairs featurised and scored per step in :class:`_PairScorer`: the feature matrix and
the texts' word tables of one step (about 100 MB) are dropped before the next, so the
candidate pairs of a million quotes (millions) never sit in memory as features at once."""

CACHE_INFOS_UP_TO = 64
"""Calls scoring at most this many new pairs (the join loop's anchor checks, thousands of
small calls on the same few texts) keep their texts' :class:`TextInfo`; larger calls
read their texts afresh and drop them (one per text at a million quotes: ~1 GB)."""


class _PairScorer:
    """Probabilities of row pairs of the representatives, each pair computed once. Known
    pairs are kept as sorted int64 keys (lower row x rows + higher row) beside their
    probabilities: millions of pairs at a million quotes, where a dict of tuples cost
    ~200 bytes each. Texts stay in the frame's Arrow columns, gathered per step, not as
    Python strings (two per text, hundreds of MB at a million quotes)."""

    def __init__(self, reps: pl.DataFrame, vecs: np.ndarray, day: np.ndarray) -> None:
        """``day``: each row's publication day (ordinal, -1 unknown), as ``_decide`` has it."""
        self.vecs = vecs
        self.n = len(reps)
        self.rows = reps.select("text", "norm", "speaker_id", "kind", "published")
        self.day = day
        self.infos: dict[int, TextInfo] = {}
        self.keys = np.zeros(0, dtype=np.int64)
        self.probs = np.zeros(0, dtype=np.float64)

    def _find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        pos = np.searchsorted(self.keys, keys)
        found = pos < len(self.keys)
        found[found] = self.keys[pos[found]] == keys[found]
        return pos, found

    def _probabilities(self, ta: np.ndarray, tb: np.ndarray, c: np.ndarray) -> np.ndarray:
        """``p(same statement)`` of new pairs ``(ta, tb)`` with cosines ``c``, in steps of
        :data:`SCORE_CHUNK_PAIRS`. Steps follow the pairs' dates, so a text's pairs
        (all within the date window) fall in one or two steps and it is read once or twice."""
        cache = len(ta) <= CACHE_INFOS_UP_TO
        by_date = np.lexsort((np.maximum(ta, tb), np.minimum(ta, tb), np.minimum(self.day[ta], self.day[tb])))
        ta, tb, c = ta[by_date], tb[by_date], c[by_date]
        out = []
        for s in range(0, len(ta), SCORE_CHUNK_PAIRS):
            a, b = ta[s:s + SCORE_CHUNK_PAIRS], tb[s:s + SCORE_CHUNK_PAIRS]
            rows = np.unique(np.concatenate([a, b]))
            part = self.rows[rows]
            texts, norms = part["text"].to_list(), part["norm"].to_list()
            infos = []
            for k, r in enumerate(rows.tolist()):
                info = self.infos.get(r)
                if info is None:
                    info = read_text(texts[k], norms[k])
                    if cache:
                        self.infos[r] = info
                infos.append(info)
            ia, ib = np.searchsorted(rows, a), np.searchsorted(rows, b)
            x = batch_features(c[s:s + SCORE_CHUNK_PAIRS], ia, ib, infos,
                               speakers=part["speaker_id"].to_list(), dates=part["published"].to_list(),
                               kinds=part["kind"].to_list())
            out.append(deep.refine(probability(x), texts, ia, ib, JOIN_MIN_PROBABILITY))
        p = np.empty(len(ta), dtype=np.float64)
        p[by_date] = np.concatenate(out)
        return p

    def score(self, i: np.ndarray, j: np.ndarray, cos: np.ndarray | None) -> np.ndarray:
        """``p(same statement)`` of the row pairs ``(i[k], j[k])``; ``cos`` their cosines
        (computed from the vectors when None; a pair given twice takes its last)."""
        i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
        keys = np.minimum(i, j) * self.n + np.maximum(i, j)
        _, found = self._find(keys)
        if not found.all():
            missing = keys[~found][::-1]
            todo, last = np.unique(missing, return_index=True)
            ta, tb = todo // self.n, todo % self.n
            if cos is None:
                c = np.einsum("ij,ij->i", self.vecs[ta], self.vecs[tb]).astype(np.float64)
            else:
                c = np.asarray(cos, dtype=np.float64)[~found][::-1][last]
            merged = np.concatenate([self.keys, todo])
            order = np.argsort(merged, kind="stable")
            self.keys, self.probs = merged[order], np.concatenate([self.probs, self._probabilities(ta, tb, c)])[order]
        pos, _ = self._find(keys)
        return self.probs[pos]


def _unambiguous(options: list[tuple[float, bool, int, int]]) -> list[tuple[float, bool, int, int]]:
    """A fragment joins only a statement it can be told to belong to: the one statement
    containing it, or the one among them by the same speaker. "regroup" printed in two
    statements of two speakers is left alone (measured: joining the likelier cost 2.5
    points of pairwise precision on the shared renderings)."""
    if len(options) == 1:
        return options
    same = [o for o in options if o[1]]
    return same if len(same) == 1 else []


def _fragment_partners(
    reps: pl.DataFrame, statement_of: np.ndarray, meta: pl.DataFrame, day: np.ndarray, window_days: int | None
) -> dict[int, list[int]]:
    """For each pending fragment statement, the other statements printed within
    ``window_days`` of it (as the neighbours are; unknown dates are compared with all)
    with a representative text containing its root's words in order (an inverted index
    over only the fragments' words). Without the window a common fragment ("likely")
    was checked against every text holding its word in the whole corpus: work growing
    with the square of the corpus, and joins to statements printed months apart. The
    last word of a fragment of several words may be cut short ("Although the U" in
    "although the Ukrainians have ..."): outlets truncate quotations by characters,
    mid-word."""
    first_day = {c: d.toordinal() if d is not None else -1 for c, d in zip(meta["code"].to_list(), meta["published"].to_list())}
    frags = {
        code: norm for code, norm, pend in zip(meta["code"].to_list(), meta["root_norm"].to_list(), meta["pending"].to_list())
        if pend and norm and content_words(norm) <= FRAGMENT_MAX_WORDS
    }
    if not frags:
        return {}
    words = {w for norm in frags.values() for w in _indexed(norm.split())}
    listed: dict[str, list[int]] = {}
    norms = reps["norm"].to_list()
    for row, norm in enumerate(norms):
        for w in set(norm.split()) & words:
            listed.setdefault(w, []).append(row)
    # Each word's rows sorted by day (undated, -1, first): a fragment's window is a slice.
    holders: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for w, rows_of in listed.items():
        arr = np.array(rows_of, dtype=np.int64)
        arr = arr[np.argsort(day[arr], kind="stable")]
        holders[w] = (arr, day[arr])
    empty = np.zeros(0, dtype=np.int64)

    def near(w: str, d: int) -> np.ndarray:
        arr, days = holders.get(w, (empty, empty))
        if window_days is None or d < 0:
            return arr
        undated = int(np.searchsorted(days, 0))
        lo, hi = np.searchsorted(days, [d - window_days, d + window_days + 1])
        return np.concatenate([arr[:undated], arr[max(lo, undated):hi]])

    out: dict[int, list[int]] = {}
    for code, norm in frags.items():
        parts = norm.split()
        rows = reduce(np.intersect1d, [near(w, first_day[code]) for w in _indexed(parts)])
        padded = f" {norm}" if len(parts) > 1 else f" {norm} "
        found = {int(statement_of[r]) for r in rows.tolist() if statement_of[r] != code and padded in f" {norms[r]} "}
        if found:
            out[code] = sorted(found)
    return out


def _indexed(words: list[str]) -> list[str]:
    """The words of a fragment looked up whole: all but a last word that may be cut short."""
    return words[:-1] if len(words) > 1 else words


def _write(con: duckdb.DuckDBPyConnection, joins: dict[str, tuple[str, float, str]], pending: list[str]) -> None:
    """One transaction: move joiners' quotes, drop their statements and grams, mark checked."""
    moves = pl.DataFrame(
        {"statement_id": list(joins), "target": [t for t, _, _ in joins.values()],
         "similarity": [round(100.0 * q, 1) for _, q, _ in joins.values()],
         "stage": [stage for _, _, stage in joins.values()]},
        schema={"statement_id": pl.String, "target": pl.String, "similarity": pl.Float64, "stage": pl.String},
    )
    checked = pl.DataFrame({"statement_id": [s for s in pending if s not in joins]}, schema={"statement_id": pl.String})
    con.register("l_moves", moves)
    con.register("l_checked", checked)
    try:
        with transaction(con):
            con.execute(
                """UPDATE statement_quotes SET statement_id = m.target, similarity = m.similarity, variant = 'paraphrase',
                          stage = m.stage, probability = m.similarity / 100.0
                   FROM l_moves m WHERE statement_quotes.statement_id = m.statement_id"""
            )
            con.execute(
                """DELETE FROM quote_grams WHERE quote_id IN
                   (SELECT root_quote_id FROM statements WHERE statement_id IN (SELECT statement_id FROM l_moves))"""
            )
            con.execute("DELETE FROM statements WHERE statement_id IN (SELECT statement_id FROM l_moves)")
            recount_quotes(con, "SELECT target FROM l_moves")
            con.execute("INSERT OR IGNORE INTO semantic_checked SELECT statement_id FROM l_checked")
    finally:
        con.unregister("l_moves")
        con.unregister("l_checked")
