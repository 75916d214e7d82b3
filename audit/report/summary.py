"""The terminal summary after ``audit run`` / ``audit report``: what a reader should look
at first — the worst conflicts, the most-altered quotes, outlets by sourcing score.

It is for people: speakers by name (never a hash id), headers that wrap between words,
tables that fit the terminal (80 columns when piped), "none" for an empty table, word
diffs coloured on a terminal (removed words red, added green; the ``[-…-]``/``{+…+}``
markers stay, so the diff reads the same without colour). Run and match internals
(phase timings, every counter) are shown only with ``verbose``. All data goes into rich
``Text`` cells, never markup strings, and through :func:`audit.terminal.clean`, so a
quote holding ``[bold]`` or an escape sequence prints as written and drives nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
from rapidfuzz import fuzz
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from audit.report import gate
from audit.score import Scores
from audit.terminal import clean

SUMMARY_ROWS = 10
"""Rows per table in the terminal; the reports hold the rest."""

CONFLICT_SEVERITY = {"attribution": 0, "number": 1, "internal-figures": 2, "wording": 3, "role": 4,
                     "vague-credit": 5}
"""Order in which conflict kinds are shown: a wrong speaker before a wrong figure (against
other renderings, then against its own conversion) before changed words before a role
slip before a vague credit (a sourcing note: the words are right, the credit is loose). Within a kind, conflicts that name the deviating outlet come before disputed ones."""

DIFF_PIECE = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.S)
"""Removed (``[-words-]``) and added (``{+words+}``) runs in a score frame's ``diff``."""
REMOVED_STYLE = "red strike"
ADDED_STYLE = "green"
KIND_STYLE = {"attribution": "bold red", "number": "red", "internal-figures": "red", "wording": "yellow", "role": "cyan",
              "vague-credit": "cyan"}
"""Colour of each conflict kind, by severity (see ``CONFLICT_SEVERITY``)."""

WORD = re.compile(r"\w+(?:['’]\w+)*")


def _cell(value: Any, style: str = "") -> Text:
    if value is None:
        return Text("—", style="dim")
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    if isinstance(value, float):
        value = f"{value:.1f}"
    return Text(clean(str(value)), style=style)


def diff_text(diff: str | None) -> Text:
    """A ``[-removed-] {+added+}`` diff as rich ``Text`` with the changed runs styled."""
    if not diff:
        return Text("—", style="dim")
    text = Text()
    pos = 0
    for m in DIFF_PIECE.finditer(diff):
        text.append(clean(diff[pos : m.start()]))
        text.append(clean(m.group(0)), style=REMOVED_STYLE if m.group(1) is not None else ADDED_STYLE)
        pos = m.end()
    text.append(clean(diff[pos:]))
    return text


def word_similarity(quote: str, root: str) -> float:
    """How much of a rendering's wording survives, 0..100: the word-level similarity of
    the quote to the stretch of the root it renders (the best window of the root as long
    as the quote), so truncation alone costs nothing but every added, dropped or swapped
    word does. Character-level partial scores reach 100 when a quote only adds words
    around the root ("keep the pressure up {+on Russia+}"), which must not read as
    unaltered."""
    q = [w.lower() for w in WORD.findall(quote)]
    r = [w.lower() for w in WORD.findall(root)]
    if not q or not r:
        return 0.0
    if len(r) <= len(q):
        return fuzz.ratio(q, r)
    return max(fuzz.ratio(q, r[i : i + len(q)]) for i in range(len(r) - len(q) + 1))


def _altered_similarity(value: float | None) -> str:
    """One decimal, rounded down and below 100: an altered quote never reads as 100."""
    if value is None:
        return "—"
    return f"{min(math.floor(value * 10) / 10, 99.9):.1f}"


def _speakers(scores: Scores) -> pl.DataFrame:
    """statement_id → the statement's speaker as a person reads it."""
    st = scores.statements
    name = pl.col("speaker_name") if "speaker_name" in st.columns else pl.lit(None, dtype=pl.Utf8)
    return st.select("statement_id", speaker=pl.coalesce(name, pl.col("speaker_id"), pl.lit("unknown")))


def worst_conflicts(scores: Scores) -> pl.DataFrame:
    """Confirmed conflicts before those to review (``audit.score.confidence``); within each,
    by severity of kind, then named deviations before disputed ones, then by how many
    outlets carry them; with the statement's speaker by name."""
    return (
        scores.conflicts.with_columns(
            severity=pl.col("kind").replace_strict(CONFLICT_SEVERITY, default=9, return_dtype=pl.Int64),
            disputed=pl.col("deviating_outlet").is_null(),
            n_outlets=pl.col("outlets").list.len(),
        )
        .join(_speakers(scores), on="statement_id", how="left")
        .with_columns(to_review=(pl.col("status") == "review") if "status" in scores.conflicts.columns
                      else pl.lit(False))
        .sort(["to_review", "severity", "disputed", "n_outlets", "statement_id", "deviating_quote_id"],
              descending=[False, False, False, True, False, False], nulls_last=True)
    )


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
    """Renderings printed as quotes with words changed, least similar first: by
    :func:`word_similarity` (in ``similarity``) to the words their diff is against (the
    verified statement, else the statement's root); the frame's character score is kept
    in ``char_similarity``."""
    altered = scores.variants.filter(pl.col("variant") == "altered")
    roots = scores.statements.select("statement_id", root_text=pl.col("text"))
    altered = altered.join(roots, on="statement_id", how="left").join(_speakers(scores), on="statement_id", how="left")
    # the diff is against the verified words when the statement has them, else its root
    against = altered.select(pl.coalesce("reference_text", "root_text"))[:, 0].to_list()
    words = [word_similarity(q or "", r or "") for q, r in zip(altered["text"].to_list(), against)]
    return altered.rename({"similarity": "char_similarity"}).with_columns(
        similarity=pl.Series(words, dtype=pl.Float64)
    ).sort(["similarity", "quote_id"], nulls_last=True)


def _titled(title: str) -> Text:
    return Text(title, style="bold")


NAME_WIDTH = 14
"""Widest speaker or outlet column; longer names wrap between words, and the diff or
detail takes the rest of the line."""


def _table() -> Table:
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True)


def _conflicts_table(frame: pl.DataFrame) -> Table:
    table = _table()
    table.add_column("kind", no_wrap=True)
    table.add_column("speaker", max_width=NAME_WIDTH)
    table.add_column("outlet", max_width=NAME_WIDTH)
    table.add_column("message", ratio=1)
    for row in frame.head(SUMMARY_ROWS).iter_rows(named=True):
        outlet = _cell(row["deviating_outlet"] or "disputed: " + ", ".join(row["outlets"] or []))
        if row.get("against"):
            outlet.append(f"\nvs {clean(row['against'])}", style="dim")
        table.add_row(
            _cell(row["kind"], KIND_STYLE.get(row["kind"], "")),
            _cell(row["speaker"]),
            outlet,
            diff_text(row["message"] or row["detail"]),
        )
    return table


def _paraphrases_table(frame: pl.DataFrame) -> Table:
    table = _table()
    table.add_column("outlet", max_width=NAME_WIDTH)
    table.add_column("speaker", ratio=2)
    table.add_column("figures", ratio=2)
    table.add_column("names", ratio=2)
    for row in frame.head(SUMMARY_ROWS).iter_rows(named=True):
        table.add_row(_cell(row["outlet"]), _cell(row["speaker"]), _cell(row["figures_compared"]),
                      _cell(row["names_compared"]))
    return table


def _altered_table(frame: pl.DataFrame) -> Table:
    table = _table()
    table.add_column("outlet", max_width=NAME_WIDTH)
    table.add_column("speaker", max_width=NAME_WIDTH)
    table.add_column("words kept", justify="right", no_wrap=True)
    table.add_column("diff", ratio=1)
    for row in frame.head(SUMMARY_ROWS).iter_rows(named=True):
        table.add_row(
            _cell(row["outlet"]), _cell(row["speaker"]), Text(_altered_similarity(row["similarity"])),
            diff_text(row["diff"]),
        )
    return table


OUTLET_COLUMNS = (
    ("outlet", "outlet"),
    ("n_articles", "articles"),
    ("n_quotes", "quotes"),
    ("sourcing_score", "sourcing"),
    ("consistency_score", "consistency"),
    ("n_conflicts", "conflicts"),
)
"""Outlet table: frame column → header (single words, so a narrow terminal never breaks one)."""


OUTLET_SCORE_BASIS = {score: count for score, count, _ in gate.SCORE_BASIS["outlets"]}
"""Score column → the count it rests on (``audit.report.gate``, the rule of every report)."""


def _score_cell(value: float | None, n: int | None) -> Text:
    """``94.8 (4)``: the score and the quotes it rests on, or ``too few (1)`` below the
    reports' minimum, as in report.html and the CSV's ``*_basis`` columns."""
    if gate.shown(value, n):
        return Text(f"{value:.1f} ({n})")
    return Text(f"too few ({n or 0})", style="dim") if value is not None or n else Text("—", style="dim")


def _outlets_table(frame: pl.DataFrame) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False,
                  caption=f"score (quotes it rests on); too few: under {gate.MIN_QUOTES_FOR_SCORE} quotes",
                  caption_justify="left")
    for column, header in OUTLET_COLUMNS:
        if column == "outlet":
            table.add_column(header)
        else:
            table.add_column(header, justify="right", no_wrap=True)
    for row in frame.head(SUMMARY_ROWS).iter_rows(named=True):
        table.add_row(*(
            _score_cell(row[c], row.get(OUTLET_SCORE_BASIS[c])) if c in OUTLET_SCORE_BASIS else _cell(row[c])
            for c, _ in OUTLET_COLUMNS
        ))
    return table


def _section(console: Console, title: str, frame: pl.DataFrame, table: Table) -> None:
    """A titled table, or "none" when there is nothing to show."""
    if frame.height == 0:
        console.print(Text.assemble(_titled(title), ": none"))
        return
    shown = f" (first {SUMMARY_ROWS} of {frame.height})" if frame.height > SUMMARY_ROWS else ""
    console.print(Text.assemble(_titled(title), shown))
    console.print(table)


def run_figures(
    scores: Scores, *, ingest: Any = None, match: Any = None, written: Sequence[Path] | None = None,
    db: Path | str | None = None, scope: Any = None,
) -> dict[str, Any]:
    """What ``--format json`` prints after ``audit run`` / ``audit report``: counts, what
    ingest and match did, the files written and (``scope``, ``audit.stories.StoryScope``)
    the story reported on with the database's other stories."""
    figures: dict[str, Any] = {
        "db": None if db is None else str(db),
        "articles": scores.articles.height,
        "quotes": scores.quotes.height,
        "statements": scores.statements.height,
        "conflicts": scores.conflicts.height,
    }
    if ingest is not None:
        figures["ingest"] = {k: getattr(ingest, k) for k in ("seen", "added", "unchanged", "failed", "quotes")}
        figures["ingest"]["errors"] = [{"source": e.source, "reason": e.reason} for e in ingest.errors]
    if match is not None:
        figures["match"] = match.as_dict()
    if scope is not None:
        figures["story"] = scope.as_dict()
    figures["written"] = [str(p) for p in written or ()]
    return figures


def print_summary(
    scores: Scores,
    *,
    ingest: Any = None,
    match: Any = None,
    written: Sequence[Path] | None = None,
    console: Console | None = None,
    verbose: bool = False,
    scope: Any = None,
) -> None:
    """Print the summary tables (and what ingest did, and where reports went); with
    ``verbose``, also every match figure and phase timing. ``scope``
    (``audit.stories.StoryScope``) adds a line when the database holds other stories
    than the one reported on."""
    console = console or Console(highlight=False)  # rich: colour on a terminal, none when piped or NO_COLOR
    if ingest is not None:
        console.print(Text(clean(f"ingest: {ingest.line()}" if hasattr(ingest, "line") else f"ingest: {ingest}")))
    if match is not None and verbose:
        figures = match.as_dict() if hasattr(match, "as_dict") else {"match": match}
        console.print(Text(clean("match: " + ", ".join(f"{k} {v}" for k, v in figures.items()))))
    n_confirmed = (scores.conflicts.filter(pl.col("status") == "confirmed").height
                   if "status" in scores.conflicts.columns else scores.conflicts.height)
    console.print(Text(
        f"{scores.articles.height} articles, {scores.quotes.height} quotes, {scores.statements.height} statements, "
        f"{scores.conflicts.height} conflicts ({n_confirmed} confirmed, {scores.conflicts.height - n_confirmed} to review)"
    ))
    if scope is not None and (line := scope.line()):
        console.print(Text(clean(line)))
    conflicts = worst_conflicts(scores)
    confirmed, review = conflicts.filter(~pl.col("to_review")), conflicts.filter(pl.col("to_review"))
    _section(console, "Confirmed conflicts", confirmed, _conflicts_table(confirmed))
    _section(console, "To review (the evidence is unsure: see conflicts.csv, column evidence)", review,
             _conflicts_table(review))
    altered = most_altered(scores)
    _section(console, "Most-altered quotes", altered, _altered_table(altered))
    paraphrases = paraphrases_compared(scores)
    _section(console, "Paraphrased renderings: the facts compared (no word diff)", paraphrases,
             _paraphrases_table(paraphrases))
    _section(console, "Outlets by sourcing score", scores.outlets, _outlets_table(scores.outlets))
    if written:
        folders = sorted({str(Path(p).parent) for p in written})
        console.print(Text(f"{len(written)} report files written to {', '.join(map(clean, folders))}"))
