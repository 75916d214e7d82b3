"""Score a store: consistency of every statement across outlets, sourcing of every article.

``score(store)`` reads the store's tables once (articles, quotes, statements,
statement_quotes, speakers, aliases) and the verified statements of the reference folder,
computes with Polars, and returns ``Scores``: one frame per report. Only the latest version of each article source counts (an edited
article replaces its earlier text). Column meanings are listed in ``docs/scoring.md``.

    from audit.store import Store
    from audit.score import score
    with Store("audit.duckdb", read_only=True) as store:
        scores = score(store)
    scores.conflicts.filter(kind="number")
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from typing import Any

import polars as pl

from audit.model import QUOTE_FIELDS
from audit.score.authority import SPEAKER_SCHEMA, WORDING_SCHEMA, speaker_decisions, wording_decisions
from audit.score.consistency import consistency, syndication_groups
from audit.score.sourcing import WEIGHTS, article_sourcing, outlet_sourcing, quote_signals
from audit.score.verified import load_verified, reference_wording

_LATEST_ARTICLES = """
SELECT article_id, source, version, outlet, published, title, url, author, text
FROM articles
WHERE {story}
QUALIFY version = max(version) OVER (PARTITION BY source, outlet)
"""
"""The newest version of each source per outlet among the articles ``{story}`` keeps
(``audit.stories.article_filter``: one story's, or all)."""

_QUOTES = f"""
WITH latest AS ({_LATEST_ARTICLES})
SELECT q.quote_id, q.article_id, a.outlet, a.published, a.source AS doc,
       q.start, q."end", q.text, q.kind, q.speaker, q.speaker_id, q.speaker_kind, q.mention,
       q.mention_start, q.mention_end, q.cue, q.cue_start, q.cue_end, q.medium, q.paragraph,
       q.nested_in, q.confidence, q.method, q.clause_start, q.clause_end, q.speaker_confidence,
       q.speaker_description, q.idx,
       a.text AS text_article,
       sq.statement_id, sq.similarity, sq.stage AS link_stage, sq.probability AS link_probability, s.root_quote_id, s.text AS root_text, s.speaker_id AS root_speaker,
       sp.name AS speaker_name, sp.role AS speaker_role, o.speaker_id AS outer_speaker
FROM quotes q
JOIN latest a ON a.article_id = q.article_id
LEFT JOIN quotes o ON o.article_id = q.article_id AND o.idx = q.nested_in
LEFT JOIN statement_quotes sq ON sq.quote_id = q.quote_id
LEFT JOIN statements s ON s.statement_id = sq.statement_id
LEFT JOIN speakers sp ON sp.speaker_id = q.speaker_id
ORDER BY a.published NULLS LAST, q.article_id, q.idx
"""

_SPEAKERS = "SELECT speaker_id, name, kind, role, nationality, origin FROM speakers"
_ALIASES = "SELECT speaker_id, alias FROM aliases"
_STATEMENTS = "SELECT statement_id, root_quote_id, text, speaker_id FROM statements"

_QUOTE_REPORT_EXTRA = ("quote_id", "article_id", "outlet", "published", "statement_id", "variant", "similarity",
                       "link_stage", "link_probability")
"""Columns the ``quotes`` report carries besides ``QUOTE_FIELDS`` (the issue's contract)."""

_VARIANT_FACTS = (
    "display", "names", "reference_figures", "reference_names", pl.col("ref_speaker").alias("reference_speaker_id"),
    pl.coalesce("ref_speaker_name", "ref_speaker").alias("reference_speaker"), "wording_against", "attribution_against",
    "number_conflict", "internal_conflict",
)
"""What a paraphrase is checked on (``display = "facts"``: figures, names, speaker against
the statement's) and on whose authority; appended to the ``variants`` report."""

_STATEMENT_AUTHORITY = ("wording_against", "attribution_against", pl.col("wording_witness").alias("reference_quote_id"))
"""Appended to the ``statements`` report: whose words and whose credit the statement was
measured against (``audit.score.authority``)."""

_QUOTE_SCORE_COLUMNS = (
    "diff", "attribution", "figures", "role", "number_conflict", "role_conflict", "consistency",
    "anonymous", "anonymity_reason", "speaker_category", "loaded_cue", "internal_conflict", "display",
)


@dataclass(slots=True)
class Scores:
    """One Polars frame per report, named as the files ``write_reports`` writes."""

    quotes: pl.DataFrame
    statements: pl.DataFrame
    variants: pl.DataFrame
    speakers: pl.DataFrame
    articles: pl.DataFrame
    outlets: pl.DataFrame
    conflicts: pl.DataFrame

    def items(self) -> Iterator[tuple[str, pl.DataFrame]]:
        """(report name, frame) pairs in a stable order."""
        for f in fields(self):
            yield f.name, getattr(self, f.name)


def _frame(con: Any, sql: str, params: Sequence[Any] = ()) -> pl.DataFrame:
    return con.sql(sql, params=list(params)).pl() if params else con.sql(sql).pl()


def _by_statement(q: pl.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """The renderings of each statement as row dicts (what ``authority.decide`` reads)."""
    by_statement: dict[str, list[dict[str, Any]]] = defaultdict(list)
    cols = ("statement_id", "quote_id", "article_id", "outlet", "published", "medium", "kind", "text",
            "speaker_id", "speaker_kind", "mention", "outer_speaker", "syndication_group", "verified_id", "verified_speaker")
    for row in q.filter(pl.col("statement_id").is_not_null()).select(cols).iter_rows(named=True):
        by_statement[row["statement_id"]].append(row)
    return by_statement


def _with_references(q: pl.DataFrame, statements: pl.DataFrame, speakers: pl.DataFrame,
                     aliases: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Decide, per statement, who said it (``ref_speaker``) and in which words
    (``reference_text``): the verified statement, else the primary source, else the
    majority of independent renderings, else the earliest (``audit.score.authority``);
    never whichever rendering the matcher happened to make its root. Also adds every
    name and alias of the quote's own speaker (to strip from roles)."""
    by_statement = _by_statement(q)
    who = pl.DataFrame(speaker_decisions(by_statement, set(speakers["speaker_id"].to_list())),
                       schema=SPEAKER_SCHEMA)
    words = pl.DataFrame(wording_decisions(by_statement), schema=WORDING_SCHEMA)
    statements = (
        statements.join(words, on="statement_id", how="left")
        .join(who.select("statement_id", "attribution_against"), on="statement_id", how="left")
        .with_columns(reference_text=pl.coalesce("reference_text", "decided_text", "text"),
                      wording_against=pl.when(pl.col("verified_id").is_not_null()).then(pl.lit("reference"))
                      .otherwise("wording_against"))
        .drop("decided_text")
    )
    names = pl.concat(
        [aliases.select("speaker_id", name="alias"), speakers.select("speaker_id", "name")], how="vertical_relaxed"
    ).group_by("speaker_id").agg(speaker_names=pl.col("name").unique().sort())
    q = (
        q.join(statements.select("statement_id", "reference_text", "wording_against", "wording_witness",
                                 "wording_support"),
               on="statement_id", how="left")
        .join(who, on="statement_id", how="left")
        .join(speakers.select(ref_speaker="speaker_id", ref_speaker_name="name", ref_speaker_kind="kind"),
              on="ref_speaker", how="left")
        .join(names, on="speaker_id", how="left")
        .with_columns(_credited("speaker", "ref_speaker_name"), _credited("speaker_kind", "ref_speaker_kind"))
    )
    return q, statements


def _credited(column: str, registry_column: str) -> pl.Expr:
    """The reference speaker's name or kind from the registry, else as the renderings
    crediting that speaker give it: a story the registry has never seen names its people
    in the text (``Osama Rabie``, a ``person``), and a vague credit of their words is a
    sourcing finding there as anywhere."""
    printed = pl.col(column).filter(pl.col("speaker_id") == pl.col("ref_speaker")).drop_nulls()
    return pl.coalesce(registry_column, printed.mode().sort().first().over("statement_id")).alias(registry_column)


def _speakers_report(q: pl.DataFrame, speakers: pl.DataFrame) -> pl.DataFrame:
    seen = q.filter(pl.col("speaker_id").is_not_null()).group_by("speaker_id").agg(
        name_seen=pl.col("speaker").drop_nulls().first(),
        category=pl.col("speaker_category").drop_nulls().mode().sort().first(),
        n_quotes=pl.len(),
        n_articles=pl.col("article_id").n_unique(),
        n_outlets=pl.col("outlet").drop_nulls().n_unique(),
        n_statements=pl.col("statement_id").drop_nulls().n_unique(),
        roles_seen=pl.col("role").drop_nulls().unique().sort(),
        n_misattributed=(pl.col("attribution") == "misattributed").sum(),
        n_role_conflicts=pl.col("role_conflict").sum(),
    )
    return (
        speakers.join(seen, on="speaker_id", how="full", coalesce=True)
        .with_columns(name=pl.coalesce("name", "name_seen"), origin=pl.col("origin").fill_null("learned"))
        .drop("name_seen")
        .with_columns(pl.col("n_quotes", "n_articles", "n_outlets", "n_statements", "n_misattributed",
                             "n_role_conflicts").fill_null(0))
        .sort(["n_quotes", "speaker_id"], descending=[True, False])
    )


def score(store: Any, *, verified: Sequence[tuple[str, str | None, str]] | None = None,
          story: str | None = None) -> Scores:
    """All report frames from a ``Store`` (or any DuckDB connection with its schema).

    ``verified``: (id, speaker, text) of verified statements to measure drift against;
    by default those of ``reference/statements.toml`` (``audit.score.verified``).
    ``story``: only the articles of that story (``audit.stories``) and their quotes and
    statements, scored among themselves; None: the whole database."""
    from audit.stories import article_filter

    con = getattr(store, "con", store)
    keep, params = article_filter(story)
    articles = _frame(con, _LATEST_ARTICLES.format(story=keep), params)
    speakers = _frame(con, _SPEAKERS)
    aliases = _frame(con, _ALIASES)
    statements = _frame(con, _STATEMENTS)
    groups = syndication_groups(articles)
    wording = reference_wording(statements, load_verified() if verified is None else verified)
    statements = statements.join(wording, on="statement_id", how="left")
    q = (
        _frame(con, _QUOTES.format(story=keep), params)
        .join(groups, on="article_id", how="left")
        .join(statements.select("statement_id", "verified_id", "verified_speaker"), on="statement_id", how="left")
    )
    if story is not None:  # a statement belongs to a story's report when one of its renderings does
        statements = statements.filter(pl.col("statement_id").is_in(q["statement_id"].drop_nulls().unique().implode()))
    q, statements = _with_references(q, statements, speakers, aliases)
    q = quote_signals(q)
    result = consistency(q)
    q = result.quotes

    quotes = q.select(*_QUOTE_REPORT_EXTRA[:4], *QUOTE_FIELDS, *_QUOTE_REPORT_EXTRA[4:], *_QUOTE_SCORE_COLUMNS)
    variants = (
        q.filter(pl.col("statement_id").is_not_null())
        .select("statement_id", "quote_id", "article_id", "outlet", "published", "kind", "variant", "similarity",
                "link_stage", "link_probability", "attribution", "speaker_id", "mention", "text", "reference_text", "verified_id", "diff", "figures",
                "consistency", *_VARIANT_FACTS)
        .sort(["statement_id", "published", "quote_id"], nulls_last=True)
    )
    statement_report = (
        statements.join(speakers.select("speaker_id", speaker_name="name"), on="speaker_id", how="left")
        .join(result.statements, on="statement_id", how="left")
        .join(
            result.conflicts.filter(pl.col("statement_id").is_not_null())
            .group_by("statement_id").agg(n_conflicts=pl.len(), conflict_kinds=pl.col("kind").unique().sort()),
            on="statement_id", how="left",
        )
        .with_columns(pl.col("n_conflicts").fill_null(0))
        .sort(["consistency_score", "statement_id"], nulls_last=True)
    )
    statement_report = statement_report.select(
        pl.exclude("verified_speaker", "wording_against", "attribution_against", "wording_witness",
                   "wording_support"),
        *_STATEMENT_AUTHORITY,
    )
    article_consistency = q.group_by("article_id").agg(
        consistency_score=pl.col("consistency").mean().round(1), n_compared_quotes=pl.col("consistency").count()
    )
    article_report = (
        article_sourcing(q, articles.select("article_id", "source", "outlet", "published", "title", "url", "text"))
        .join(groups, on="article_id", how="left")
        .join(article_consistency, on="article_id", how="left")
        .sort(["outlet", "published", "article_id"], nulls_last=True)
    )
    outlets = (
        outlet_sourcing(article_report)
        .join(result.outlets, on="outlet", how="left")
        .join(
            result.conflicts.explode("outlets").group_by(pl.col("outlets").alias("outlet")).agg(n_conflicts=pl.len()),
            on="outlet", how="left",
        )
        .with_columns(pl.col("n_conflicts").fill_null(0))
        .select("outlet", "n_articles", "n_quotes", "sourcing_score", "consistency_score", "n_conflicts",
                pl.exclude("outlet", "n_articles", "n_quotes", "sourcing_score", "consistency_score", "n_conflicts"))
        .sort(["sourcing_score", "outlet"], descending=[True, False], nulls_last=True)
    )
    return Scores(
        quotes=quotes,
        statements=statement_report,
        variants=variants,
        speakers=_speakers_report(q, speakers),
        articles=article_report,
        outlets=outlets,
        conflicts=result.conflicts,
    )


__all__ = ["Scores", "WEIGHTS", "score"]
