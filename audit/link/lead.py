"""A statement's lead: the first sentence of its root, the claim that names it.

Renderings of a quotation of several sentences render its first claim; an outlet that
prints only a later sentence renders another statement (the shared gold files it so,
and lists it among the multi-sentence rendering's ``also_statements``). The semantic
stage anchors joins on the lead (:mod:`audit.link.stage`), and, before joining, moves
out of a statement the lexical members that render only a later sentence of its root:
the lexical matcher files "around 30 % of grain exports went to poorer countries" with
"Putin's claim is not true. According to UN figures, around 30 % ...", since the words
match, though it is another claim.

A member leaves when all of these hold: its root has more than one sentence; it is not
a fragment and not contained word for word in the root (an excerpt of the quotation is
a truncation, not another claim); it shares no content word with the lead; and the
pair decision gives it and the lead less than the stage's anchor bar. It becomes a
statement of its own (root, blocking grams), which the stage then compares like any
other. Each member is examined once (``lead_checked``), so incremental runs examine
only new ones.
"""

from __future__ import annotations

import duckdb
import numpy as np
import polars as pl

from audit.lang.normalise import normalise_series
from audit.lang.words import SENTENCE_END_RE, SENTENCE_END_SQL, STOPWORD_SET, sentences
from audit.link.decide import probability
from audit.link.embed import embed_cached
from audit.link.features import batch_features, content_words, read_text
from audit.match import recount_quotes, statement_id_of, transaction
from audit.match.block import gram_params, grams_sql
from audit.match.renders import EXCERPT_MAX_GROWTH, EXCERPT_MIN, EXCERPT_SLACK, render_score


def lead_sentences(texts: list[str], min_words: int) -> list[str]:
    """Per text, its opening up to the end of its first sentence of more than
    ``min_words`` content words (the whole text when it is one sentence). Every
    candidate opening is normalised in one pass (one call per text cost ~2 ms)."""
    owner, openings = [], []
    for k, text in enumerate(texts):
        for m in SENTENCE_END_RE.finditer(text):
            owner.append(k)
            openings.append(text[: m.start() + 1].strip())
    leads = list(texts)
    found: set[int] = set()
    norms = normalise_series(pl.Series(openings, dtype=pl.String)).to_list() if openings else []
    for k, opening, norm in zip(owner, openings, norms):
        if k not in found and content_words(norm) > min_words:
            leads[k] = opening
            found.add(k)
    return leads


def ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS lead_checked (quote_id VARCHAR PRIMARY KEY)")


def split_later_sentences(con: duckdb.DuckDBPyConnection, *, fragment_max_words: int, max_probability: float) -> int:
    """Move out of their statements the members that render only a later sentence of the
    root (see the module docstring); return how many moved."""
    ensure_table(con)
    moved = split_later_excerpts(con) + split_wider_members(con, fragment_max_words)
    rows = con.sql(
        """SELECT s.statement_id, s.text AS root_text, s.norm AS root_norm, s.speaker_id AS root_speaker, q.quote_id, q.text,
                   q.speaker_id, q.kind
            FROM statement_quotes sq JOIN statements s USING (statement_id) JOIN quotes q USING (quote_id)
            WHERE sq.variant IN ('altered', 'paraphrase') AND regexp_matches(s.text, $sentence_end)
              AND sq.quote_id NOT IN (SELECT quote_id FROM lead_checked)""",
        params={"sentence_end": SENTENCE_END_SQL},
    ).pl()
    # Exact, cosmetic and truncated members are contained in the root (audit.match.cluster's
    # variants): only altered and paraphrased ones can render another sentence alone.
    con.execute("INSERT OR IGNORE INTO lead_checked SELECT quote_id FROM statement_quotes "
                "WHERE quote_id NOT IN (SELECT quote_id FROM lead_checked)")
    if rows.is_empty():
        return moved
    roots = rows.unique("root_text", maintain_order=True)
    lead_of = dict(zip(roots["root_text"].to_list(), lead_sentences(roots["root_text"].to_list(), fragment_max_words)))
    rows = rows.with_columns(pl.col("root_text").replace_strict(lead_of, return_dtype=pl.String).alias("lead"))
    rows = rows.filter(pl.col("lead") != pl.col("root_text"))
    rows = rows.with_columns(normalise_series(rows["text"]).alias("norm"), normalise_series(rows["lead"]).alias("lead_norm"))
    stop = pl.lit(sorted(STOPWORD_SET), dtype=pl.List(pl.String))
    words = pl.col("norm").str.extract_all(r"[a-z0-9]+").list.unique().list.set_difference(stop)
    lead_words = pl.col("lead_norm").str.extract_all(r"[a-z0-9]+").list.unique().list.set_difference(stop)
    rows = rows.filter(
        (words.list.len() > fragment_max_words)
        & (words.list.set_intersection(lead_words).list.len() == 0)
        & ~(pl.lit(" ") + pl.col("root_norm") + pl.lit(" ")).str.contains(pl.lit(" ") + pl.col("norm") + pl.lit(" "), literal=True)
    )
    candidates = [(r, r["lead"], r["norm"]) for r in rows.iter_rows(named=True)]
    if not candidates:
        return moved
    n = len(candidates)
    texts = [lead for _, lead, _ in candidates] + [r["text"] for r, _, _ in candidates]
    vecs, _ = embed_cached(con, texts)
    cos = np.einsum("ij,ij->i", vecs[:n], vecs[n:]).astype(np.float64)
    norms = [r["lead_norm"] for r, _, _ in candidates] + [norm for _, _, norm in candidates]
    x = batch_features(cos, np.arange(n), np.arange(n, 2 * n), [read_text(t, m) for t, m in zip(texts, norms)],
                       speakers=[r["root_speaker"] for r, _, _ in candidates] + [r["speaker_id"] for r, _, _ in candidates],
                       dates=[None] * (2 * n), kinds=[r["kind"] for r, _, _ in candidates] * 2)
    leave = [(r, norm) for (r, _, norm), p in zip(candidates, probability(x).tolist()) if p < max_probability]
    if leave:
        _write(con, leave)
    return moved + len(leave)


def excerpt_sentence(norm: str, sentence_norms: list[str]) -> tuple[int, float] | None:
    """The later sentence (index >= 1) of a root that a member is an excerpt of, when no
    other sentence, the first above all, holds it too, with the excerpt's score against it:
    the excerpt renders that sentence's claim alone. ``None`` for an excerpt of the lead,
    or one that spans sentences."""
    scores = [render_score(norm, s, part_slack=EXCERPT_SLACK + int(EXCERPT_MAX_GROWTH * len(s)), whole=False)[0]
              for s in sentence_norms]
    holders = [k for k, score in enumerate(scores) if score >= EXCERPT_MIN]
    return (holders[0], scores[holders[0]]) if len(holders) == 1 and holders[0] >= 1 else None


def _unchecked_members(con: duckdb.DuckDBPyConnection, where: str) -> pl.DataFrame:
    """The members not yet examined (``lead_checked``) that ``where`` selects (``sq``, ``s``
    and ``q`` are the membership, its statement and its quote; ``$sentence_end`` is
    :data:`SENTENCE_END_SQL`), with their root's text, in a stable order."""
    return con.sql(
        f"""SELECT s.statement_id, s.text AS root_text, q.quote_id, q.text, q.speaker_id
            FROM statement_quotes sq JOIN statements s USING (statement_id) JOIN quotes q USING (quote_id)
            WHERE {where} AND sq.quote_id NOT IN (SELECT quote_id FROM lead_checked)
            ORDER BY s.statement_id, q.quote_id""",
        params={"sentence_end": SENTENCE_END_SQL},
    ).pl()


def _sentence_norms(texts: list[str]) -> list[list[str]]:
    """Per text, its sentences (:func:`audit.lang.words.sentences`) normalised, all in one pass."""
    split = [sentences(t) for t in texts]
    flat = iter(normalise_series(pl.Series([x for parts in split for x in parts], dtype=pl.String)).to_list())
    return [[next(flat) for _ in parts] for parts in split]


def split_later_excerpts(con: duckdb.DuckDBPyConnection) -> int:
    """Move the excerpts (word for word, or with a word changed) of a later sentence of a multi-sentence root into a
    statement of that sentence: one per (statement, sentence), rooted in its longest
    excerpt, so that "a bomb of some kind" (sentence two) and "this was not a
    manufacturing explosion" (sentence one) are two claims even though both are cut from
    one long quotation. Excerpts of the lead, and excerpts spanning two sentences, stay.
    Return how many moved. Each member is examined once (``lead_checked``); the new
    statement's id is derived from its statement and sentence, so a later run files a new
    excerpt of the same sentence in the same statement."""
    rows = _unchecked_members(con, "sq.variant NOT IN ('root', 'paraphrase') AND regexp_matches(s.text, $sentence_end)")
    if rows.is_empty():
        return 0
    roots = rows.unique("root_text", maintain_order=True)["root_text"].to_list()
    sentence_norms = dict(zip(roots, _sentence_norms(roots)))
    norms = normalise_series(rows["text"]).to_list()
    groups: dict[tuple[str, int], list[tuple[dict, str, float]]] = {}
    for r, norm in zip(rows.iter_rows(named=True), norms):
        found = excerpt_sentence(norm, sentence_norms[r["root_text"]]) if norm.strip() else None
        if found is not None:
            k, score = found
            groups.setdefault((r["statement_id"], k), []).append((r, norm, score))
    if not groups:
        return 0
    new, members = [], []
    for (old, k), group in sorted(groups.items()):
        sid = statement_id_of(f"{old}#{k}")
        root, norm, _ = max(group, key=lambda g: (len(g[1]), g[0]["quote_id"]))
        new.append({"statement_id": sid, "quote_id": root["quote_id"], "text": root["text"], "norm": norm,
                    "speaker_id": root["speaker_id"]})
        members += [{"quote_id": r["quote_id"], "old": old, "statement_id": sid, "score": score,
                     "variant": "root" if r is root else "truncated"} for r, _, score in group]
    _write_excerpts(con, new, members)
    return len(members)


def split_wider_members(con: duckdb.DuckDBPyConnection, fragment_max_words: int) -> int:
    """Move out of their statements the members that print the root's claim only in a later
    sentence of their own: "What happened today will not pass without an account. Those
    responsible will pay the price." filed (its words contain the root) under "Those
    responsible will pay the price". A rendering of several sentences renders its first
    claim (the convention the lead follows), so it becomes a statement of its own, which
    the stage then joins by its own lead; left in, it bridged the root's statement to the
    statement of its first sentence. The root's lead must be an excerpt of one later
    sentence of the member and of no other (:func:`excerpt_sentence`); only members longer
    than their root are read (a member holding the root's claim besides a first claim of its
    own is), which keeps the work to a few rows. Return how many moved. Each member is
    examined once (``lead_checked``)."""
    rows = _unchecked_members(con, "sq.variant <> 'root' AND length(q.text) > length(s.text) "
                                   "AND regexp_matches(q.text, $sentence_end)")
    if rows.is_empty():
        return 0
    roots = rows.unique("root_text", maintain_order=True)["root_text"].to_list()
    leads = dict(zip(roots, normalise_series(pl.Series(lead_sentences(roots, fragment_max_words),
                                                       dtype=pl.String)).to_list()))
    leave = []
    for r, sentence_norms, norm in zip(rows.iter_rows(named=True), _sentence_norms(rows["text"].to_list()),
                                       normalise_series(rows["text"]).to_list()):
        lead = leads[r["root_text"]]
        if lead.strip() and excerpt_sentence(lead, sentence_norms) is not None:
            leave.append((r, norm))
    if leave:
        _write(con, leave)
    return len(leave)


def _write_excerpts(con: duckdb.DuckDBPyConnection, new: list[dict], members: list[dict]) -> None:
    """One transaction: the sentence statements (kept if an earlier run made them) and
    their members."""
    con.register("l_new", pl.DataFrame(new, schema={"statement_id": pl.String, "quote_id": pl.String,
                                                   "text": pl.String, "norm": pl.String, "speaker_id": pl.String}))
    con.register("l_members", pl.DataFrame(members, schema={"quote_id": pl.String, "old": pl.String,
                                                           "statement_id": pl.String, "variant": pl.String,
                                                           "score": pl.Float64}))
    try:
        with transaction(con):
            fresh = "SELECT * FROM l_new WHERE statement_id NOT IN (SELECT statement_id FROM statements)"
            con.execute("INSERT INTO statements (statement_id, root_quote_id, text, norm, speaker_id, n_quotes) "
                        f"SELECT statement_id, quote_id, text, norm, speaker_id, 0 FROM ({fresh})")
            con.execute(f"INSERT INTO quote_grams {grams_sql(f'({fresh})', key='quote_id')}", gram_params())
            con.execute(
                """UPDATE statement_quotes SET statement_id = m.statement_id, similarity = 100.0,
                          stage = 'excerpt', probability = m.score / 100.0,
                          variant = CASE WHEN m.variant = 'root' AND m.quote_id IN
                                        (SELECT root_quote_id FROM statements s WHERE s.statement_id = m.statement_id)
                                    THEN 'root' ELSE 'truncated' END
                   FROM l_members m WHERE statement_quotes.quote_id = m.quote_id"""
            )
            recount_quotes(con, "SELECT old FROM l_members UNION SELECT statement_id FROM l_members")
    finally:
        con.unregister("l_new")
        con.unregister("l_members")


def _write(con: duckdb.DuckDBPyConnection, leave: list[tuple[dict, str]]) -> None:
    """One transaction: each leaving member becomes the root of a statement of its own."""
    new = pl.DataFrame(
        {"quote_id": [r["quote_id"] for r, _ in leave], "old": [r["statement_id"] for r, _ in leave],
         "statement_id": [statement_id_of(r["quote_id"]) for r, _ in leave], "text": [r["text"] for r, _ in leave],
         "norm": [norm for _, norm in leave], "speaker_id": [r["speaker_id"] for r, _ in leave]},
        schema={"quote_id": pl.String, "old": pl.String, "statement_id": pl.String, "text": pl.String,
                "norm": pl.String, "speaker_id": pl.String},
    )
    con.register("l_leave", new)
    try:
        with transaction(con):
            con.execute("INSERT INTO statements (statement_id, root_quote_id, text, norm, speaker_id, n_quotes) "
                        "SELECT statement_id, quote_id, text, norm, speaker_id, 1 FROM l_leave")
            con.execute(
                """UPDATE statement_quotes SET statement_id = l.statement_id, similarity = 100.0, variant = 'root',
                          stage = 'lead', probability = 1.0
                   FROM l_leave l WHERE statement_quotes.quote_id = l.quote_id"""
            )
            con.execute(f"INSERT INTO quote_grams {grams_sql('l_leave', key='quote_id')}", gram_params())
            recount_quotes(con, "SELECT old FROM l_leave")
    finally:
        con.unregister("l_leave")
