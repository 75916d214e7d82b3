"""One self-contained ``report.html``: the same findings as the tables, for people.

No scripts, no external files: inline CSS and SVG charts (outlet scores as bars; each
drifting statement's renderings side by side with the changed words marked). Every piece
of text from the data — quote text, outlet names, details — goes through
``html.escape``, because the data is whatever outlets printed and may hold markup.
"""

from __future__ import annotations

import html
from typing import Any

import polars as pl

from audit.score import Scores
from audit.score.drift import diff_ops

MAX_STATEMENTS_SHOWN = 25
"""Statements shown side by side (those with the most serious drift first)."""

MAX_TABLE_ROWS = 200
"""Rows per table in the page; the CSV/Parquet reports hold everything."""

BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 14, 10, 220, 640

_VARIANT_ORDER = {"altered": 0, "paraphrase": 1, "truncated": 2, "cosmetic": 3, "exact": 4, "root": 5}

CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f4f4f4}.num{text-align:right;white-space:nowrap}
del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}
.v-altered{color:#b00;font-weight:bold}.v-paraphrase{color:#875}.v-truncated{color:#555}.v-root{color:#06c;font-weight:bold}
.k-attribution,.k-number{color:#b00}.k-wording{color:#a50}.k-role{color:#555}
.muted{color:#777}.figures{display:flex;gap:1.5em;flex-wrap:wrap}.figures div{background:#f7f7f7;padding:.5em 1em}
"""


def esc(value: Any) -> str:
    """Any value as escaped HTML text (None as an empty string, lists joined)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    return html.escape(str(value), quote=True)


def _table(frame: pl.DataFrame, columns: list[str]) -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    rows = []
    for row in frame.head(MAX_TABLE_ROWS).select(columns).iter_rows(named=True):
        cells = "".join(
            f'<td class="num">{esc(v)}</td>' if isinstance(v, (int, float)) and not isinstance(v, bool) else f"<td>{esc(v)}</td>"
            for v in row.values()
        )
        rows.append(f"<tr>{cells}</tr>")
    more = f'<p class="muted">{frame.height - MAX_TABLE_ROWS} more rows in the CSV/Parquet reports.</p>' if frame.height > MAX_TABLE_ROWS else ""
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>{more}"


def outlet_chart(outlets: pl.DataFrame) -> str:
    """Horizontal bars, two per outlet: sourcing (blue) and consistency (orange), 0-100."""
    rows = outlets.head(MAX_TABLE_ROWS).select("outlet", "sourcing_score", "consistency_score").rows()
    scale = (CHART_WIDTH - LABEL_WIDTH - 50) / 100
    step = 2 * BAR_HEIGHT + BAR_GAP
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_WIDTH}" height="{step * len(rows) + 30}" '
             'role="img" aria-label="Outlet scores">',
             f'<text x="{LABEL_WIDTH}" y="12" font-size="11" fill="#1f77b4">■ sourcing</text>'
             f'<text x="{LABEL_WIDTH + 90}" y="12" font-size="11" fill="#ff7f0e">■ consistency</text>']
    for i, (outlet, sourcing, consistency) in enumerate(rows):
        y = 20 + i * step
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT + 3}" font-size="12" text-anchor="end">{esc(outlet)}</text>')
        for j, (value, colour) in enumerate(((sourcing, "#1f77b4"), (consistency, "#ff7f0e"))):
            by = y + j * BAR_HEIGHT
            if value is None:
                parts.append(f'<text x="{LABEL_WIDTH + 4}" y="{by + BAR_HEIGHT - 3}" font-size="10" fill="#999">n/a</text>')
                continue
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{by}" width="{value * scale:.1f}" height="{BAR_HEIGHT - 2}" fill="{colour}"/>'
                         f'<text x="{LABEL_WIDTH + value * scale + 4:.1f}" y="{by + BAR_HEIGHT - 3}" font-size="10">{value:.0f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def highlighted(root: str, text: str, variant: str) -> str:
    """The rendering with words the root lacks in <ins> and the root's missing words in <del>."""
    out = []
    for op, words in diff_ops(root, text, cosmetic=variant == "cosmetic"):
        if op == "equal":
            out.append(esc(words))
        elif op == "delete":
            out.append(f"<del>{esc(words)}</del>")
        else:
            out.append(f"<ins>{esc(words)}</ins>")
    return " ".join(out)


def _statement_block(statement: dict[str, Any], variants: pl.DataFrame) -> str:
    rows = sorted(variants.to_dicts(), key=lambda r: (_VARIANT_ORDER.get(r["variant"], 9), r["outlet"] or ""))
    cells = []
    for r in rows:
        body = esc(r["text"]) if r["variant"] in ("root", "exact") else highlighted(r["reference_text"], r["text"], r["variant"])
        cells.append(
            f'<tr><td>{esc(r["outlet"])}<br><span class="muted">{esc(r["published"])}</span></td>'
            f'<td class="v-{esc(r["variant"])}">{esc(r["variant"])}</td>'
            f'<td>{esc(r["mention"])}<br><span class="muted">{esc(r["attribution"])}</span></td>'
            f"<td>{body}</td></tr>"
        )
    title = f'{esc(statement["speaker_name"] or statement["speaker_id"])}: “{esc(statement["reference_text"])}”'
    against = f"verified wording {esc(statement['verified_id'])}" if statement["verified_id"] else "against the root"
    return (f'<h3>{title}</h3><p class="muted">statement {esc(statement["statement_id"])}, consistency '
            f'{esc(statement["consistency_score"])}, {against}, first seen {esc(statement["first_outlet"])} '
            f'{esc(statement["first_published"])}, {esc(statement["n_outlets"])} outlets</p>'
            f"<table><tr><th>outlet</th><th>variant</th><th>credited to</th><th>rendering (changes against the root)</th></tr>"
            f"{''.join(cells)}</table>")


def render_html(scores: Scores, *, title: str = "quote-audit report") -> str:
    """The whole page as a string."""
    n_by_kind = dict(scores.conflicts.group_by("kind").len().iter_rows()) if scores.conflicts.height else {}
    figures = "".join(
        f"<div><b>{esc(v)}</b><br>{esc(k)}</div>"
        for k, v in (("articles", scores.articles.height), ("quotes", scores.quotes.height),
                     ("statements", scores.statements.height), ("conflicts", scores.conflicts.height),
                     *((f"{kind} conflicts", n) for kind, n in sorted(n_by_kind.items())))
    )
    drifting = (
        scores.statements.filter((pl.col("n_quotes").fill_null(0) > 1) | (pl.col("n_conflicts") > 0))
        .sort(["n_conflicts", "n_altered", "consistency_score"], descending=[True, True, False], nulls_last=True)
        .head(MAX_STATEMENTS_SHOWN)
    )
    blocks = [
        _statement_block(s, scores.variants.filter(pl.col("statement_id") == s["statement_id"]))
        for s in drifting.to_dicts()
    ]
    conflict_rows = "".join(
        f'<tr><td class="k-{esc(c["kind"])}">{esc(c["kind"])}</td><td>{esc(c["statement_id"])}</td>'
        f'<td>{esc(c["outlets"])}</td><td>{esc(c["detail"])}</td><td class="muted">{esc(c["quote_ids"])}</td></tr>'
        for c in scores.conflicts.head(MAX_TABLE_ROWS).to_dicts()
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title><style>{CSS}</style></head><body>
<h1>{esc(title)}</h1>
<div class="figures">{figures}</div>
<h2>Outlets</h2>
{outlet_chart(scores.outlets)}
{_table(scores.outlets, ["outlet", "n_articles", "n_quotes", "sourcing_score", "consistency_score", "n_conflicts"])}
<h2>Conflicts</h2>
<table><tr><th>kind</th><th>statement</th><th>outlets</th><th>detail</th><th>quotes</th></tr>{conflict_rows}</table>
<h2>Statements across outlets</h2>
<p class="muted">Each rendering against the statement's root: <del>words dropped</del>, <ins>words added or changed</ins>.</p>
{''.join(blocks)}
<h2>Sourcing by article</h2>
{_table(scores.articles, ["outlet", "published", "title", "n_quotes", "n_named", "n_anonymous", "n_speakers", "loaded_cues", "sourcing_score"])}
<p class="muted">Scores and columns are explained in docs/scoring.md.</p>
</body></html>
"""
