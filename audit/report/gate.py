"""One rule for when a score is shown, the same in report.html, the terminal summary and
the CSV/Parquet reports: a score resting on fewer than ``MIN_QUOTES_FOR_SCORE`` quotes is
not a score but "too few quotes", and every shown score says how many quotes it rests on.

One quote makes an outlet's consistency 0 or 100 and its sourcing a coin toss; showing
"100.0" in the terminal or a CSV while the page hides it would tell a reader two things.
The library's frames (``audit.score.score``) keep every value, so an analysis can set
its own minimum; the reports written for people apply this one.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from audit.score import Scores

MIN_QUOTES_FOR_SCORE = 3
"""Fewest quotes a shown score may rest on. Sourcing rests on the quotes of the outlet's
(or article's) articles (``n_quotes``), consistency on its quotes compared with another
outlet's rendering (``n_compared_quotes``). Documented in docs/scoring.md."""

SCORE_BASIS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "outlets": (("sourcing_score", "n_quotes", "quotes"), ("consistency_score", "n_compared_quotes", "compared quotes")),
    "articles": (("sourcing_score", "n_quotes", "quotes"), ("consistency_score", "n_compared_quotes", "compared quotes")),
}
"""Report frame → (score column, the count it rests on, what is counted). A statement's
consistency is shown with the renderings it comes from, so it is not gated."""

BASIS_SUFFIX = "_basis"
"""``sourcing_score`` → ``sourcing_basis``: the text column written beside a gated score."""

TOO_FEW = "too few quotes"


def shown(value: Any, n: int | None) -> bool:
    """Whether a score with value ``value`` resting on ``n`` quotes is shown."""
    return value is not None and (n or 0) >= MIN_QUOTES_FOR_SCORE


def basis(value: Any, n: int | None, unit: str = "quotes") -> str:
    """``94.8 from 4 quotes`` or ``too few quotes (1 of 3 needed)``; empty when there is
    nothing to score (no quotes at all)."""
    n = n or 0
    if shown(value, n):
        return f"{value:.1f} from {n} {unit if n != 1 else unit[:-1]}"
    return f"{TOO_FEW} ({n} of {MIN_QUOTES_FOR_SCORE} needed)" if value is not None or n else ""


def basis_column(score: str) -> str:
    return score.removesuffix("_score") + BASIS_SUFFIX


def gated(scores: Scores) -> Scores:
    """``scores`` as the reports show them: each gated score is null below the minimum,
    with a ``*_basis`` column beside it saying what it rests on or that it is too few."""
    frames = dict(scores.items())
    for name, rules in SCORE_BASIS.items():
        frame = frames[name]
        for score, count, unit in rules:
            if score not in frame.columns or count not in frame.columns:
                continue
            pairs = zip(frame[score].to_list(), frame[count].to_list())
            text = pl.Series(basis_column(score), [basis(v, n, unit) or None for v, n in pairs], dtype=pl.String)
            frame = frame.with_columns(
                pl.when(pl.col(count).fill_null(0) >= MIN_QUOTES_FOR_SCORE).then(pl.col(score)).alias(score)
            ).drop(text.name, strict=False)
            frame.insert_column(frame.columns.index(score) + 1, text)
        frames[name] = frame
    return Scores(**frames)
