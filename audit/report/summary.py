"""The terminal summary after ``audit run`` / ``audit report``: what a reader should look
at first — the worst conflicts, the most-altered quotes, outlets by sourcing score.

All data goes into rich ``Text`` cells, never markup strings, so a quote holding
``[bold]`` or ``[/]`` prints as written; and through :func:`audit.terminal.clean`, so an
outlet or speaker name holding ESC sequences cannot retitle or rewrite the terminal (rich
drops BEL but prints ESC as it is).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, Sequence

import polars as pl
from rich.console import Console
from rich.table import Table
from rich.text import Text

from audit.score import Scores
from audit.terminal import clean

SUMMARY_ROWS = 10
"""Rows per table in the terminal; the reports hold the rest."""

CONFLICT_SEVERITY = {"attribution": 0, "number": 1, "internal-figures": 2, "wording": 3, "role": 4}
"""Order in which conflict kinds are shown: a wrong speaker before a wrong figure (against
other renderings, then against its own conversion) before changed words before a role
slip. Within a kind, conflicts that name the deviating outlet come before disputed ones."""


def _cell(value: Any) -> Text:
    if value is None:
        return Text("—", style="dim")
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    if isinstance(value, float):
        value = f"{value:.1f}"
    return Text(clean(value))


def _table(title: str, frame: pl.DataFrame, columns: Sequence[str]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    for c in columns:
        table.add_column(c, overflow="fold", max_width=70 if c in ("detail", "diff", "text", "message") else None)
    for row in frame.head(SUMMARY_ROWS).select(columns).iter_rows():
        table.add_row(*map(_cell, row))
    return table


def _stats_line(label: str, stats: Any) -> Text:
    if is_dataclass(stats):
        body = ", ".join(f"{f.name} {getattr(stats, f.name)}" for f in fields(stats))
    else:
        body = str(stats)
    return Text(clean(f"{label}: {body}"))


def worst_conflicts(scores: Scores) -> pl.DataFrame:
    """Conflicts by severity of kind, then by how many outlets carry them."""
    return scores.conflicts.with_columns(
        severity=pl.col("kind").replace_strict(CONFLICT_SEVERITY, default=9, return_dtype=pl.Int64),
        disputed=pl.col("deviating_outlet").is_null(),
        n_outlets=pl.col("outlets").list.len(),
    ).sort(["severity", "disputed", "n_outlets", "statement_id", "deviating_quote_id"],
           descending=[False, False, True, False, False], nulls_last=True)


def paraphrases_compared(scores: Scores) -> pl.DataFrame:
    """Renderings whose words are the outlet's own (``display = "facts"``): the speaker,
    figures and names they were compared on, side by side with the statement's; those
    with a conflict first."""
    v = scores.variants.filter(pl.col("display") == "facts")
    flagged = (pl.col("attribution").is_in(["misattributed", "generic"]) | pl.col("number_conflict")
               | pl.col("internal_conflict"))
    return v.with_columns(
        flagged=flagged,
        speaker=pl.concat_str([pl.coalesce("mention", "speaker_id"), pl.lit(" ("), pl.col("attribution"),
                               pl.lit(") vs "), pl.coalesce("reference_speaker", "reference_speaker_id", pl.lit("?"))],
                              ignore_nulls=False),
        figures_compared=_versus("figures", "reference_figures"),
        names_compared=_versus("names", "reference_names"),
    ).sort(["flagged", "statement_id", "quote_id"], descending=[True, False, False])


def _versus(own: str, reference: str) -> pl.Expr:
    """``a, b vs c`` for two list columns (``—`` for an empty side)."""
    def side(c: str) -> pl.Expr:
        joined = pl.col(c).list.join(", ")
        return pl.when(joined.fill_null("") == "").then(pl.lit("—")).otherwise(joined)
    return pl.concat_str([side(own), pl.lit(" vs "), side(reference)])


def most_altered(scores: Scores) -> pl.DataFrame:
    """Renderings printed as quotes with words changed, least similar to their root first."""
    return scores.variants.filter(pl.col("variant") == "altered").sort(["similarity", "quote_id"], nulls_last=True)


def print_summary(
    scores: Scores,
    *,
    ingest: Any = None,
    match: Any = None,
    written: Sequence[Path] | None = None,
    console: Console | None = None,
) -> None:
    """Print the summary tables (and what ingest/match did, and where reports went)."""
    console = console or Console()
    if ingest is not None:
        console.print(_stats_line("ingest", ingest))
    if match is not None:
        console.print(_stats_line("match", match))
    console.print(Text(
        f"{scores.articles.height} articles, {scores.quotes.height} quotes, {scores.statements.height} statements, "
        f"{scores.conflicts.height} conflicts"
    ))
    console.print(_table("Worst conflicts", worst_conflicts(scores), ["kind", "deviating_outlet", "against", "message"]))
    console.print(_table("Most-altered quotes", most_altered(scores), ["outlet", "statement_id", "similarity", "diff"]))
    console.print(_table("Paraphrased renderings: the facts compared (no word diff)", paraphrases_compared(scores),
                         ["outlet", "variant", "speaker", "figures_compared", "names_compared"]))
    console.print(_table(
        "Outlets by sourcing score", scores.outlets,
        ["outlet", "n_articles", "n_quotes", "sourcing_score", "consistency_score", "n_conflicts"],
    ))
    if written:
        folders = sorted({str(Path(p).parent) for p in written})
        console.print(Text(clean(f"{len(written)} report files written to {', '.join(folders)}")))
