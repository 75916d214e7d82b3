"""One self-contained ``report.html`` for editors: the findings of the tables, readable on a
phone, with names, article titles and links instead of hash ids.

The page is rendered from Jinja2 templates in ``audit/report/templates/`` with autoescape
on, so every piece of data — quote text, outlet and speaker names, titles, URLs, details —
arrives as text, never as markup: the data is whatever outlets printed. Control characters
are dropped on the way (they are not valid in HTML and can spoof a terminal if the page is
``cat``-ed). Only ``http``/``https`` URLs become links. CSS and a little JavaScript are
inlined (no CDN, no external file); the script only adds sort buttons and a filter box, so
the page reads the same without it.

This module turns the score frames into plain rows for the templates (who said it, which
outlet deviates, the word diff, which statement a conflict belongs to); the templates only
lay them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import polars as pl
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from audit.report import gate
from audit.report.summary import worst_conflicts
from audit.score import Scores
from audit.score.drift import diff_ops

MAX_STATEMENTS_SHOWN = 25
"""Statements shown open, the most serious drift first (every statement a shown conflict
points to is shown as well)."""

MAX_TABLE_ROWS = 200
"""Rows per table in the page; the CSV/Parquet reports hold everything."""

LINK_SCHEMES = frozenset({"http", "https"})
"""URL schemes that become links; anything else (``javascript:``, ``data:``, ``file:``) is
printed as text."""

PREVIEW_CHARS = 90
"""Characters of a statement's words shown in the conflicts table before an ellipsis."""

QUIET_VARIANTS = frozenset({"root", "exact", "cosmetic"})
"""Variants that change no word: a statement whose renderings are all of these (and that
has no conflict) is collapsed into a ``<details>``."""

DIFFED_VARIANTS = frozenset({"altered", "truncated", "cosmetic"})
"""Variants shown as a word diff against the reference. A paraphrase is reported speech
whose every word may differ, so it is shown as written, with its figures; a rendering the
score stage marks ``display = "facts"`` is shown with the facts it was checked on (figures,
names, speaker) beside the statement's, instead of a diff."""

VARIANT_ORDER = {"altered": 0, "paraphrase": 1, "truncated": 2, "cosmetic": 3, "exact": 4, "root": 5}
"""Rows of a statement's renderings: changed words first."""

CONFLICT_COLUMNS_USED = (
    "statement_id", "kind", "speaker_id", "quote_ids", "outlets", "detail",
    "deviating_quote_id", "deviating_article_id", "deviating_outlet", "against", "reference_quote_id",
    "reference_outlet", "expected", "found", "message", "support", "confidence", "status", "evidence",
)
"""Conflict columns the page lays out by name (the later ones when the score stage provides
them); any further column of the frame gets a column of its own, so new findings show
without a change here."""

AGAINST = {
    "reference": "the verified statement", "primary": "the primary source",
    "majority": "most independent renderings", "earliest": "the earliest rendering",
    "disputed": "no clear majority (disputed)", "itself": "the same article",
}
"""How the page names the authority a conflict was decided against (``against``)."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def clean(value: Any) -> str:
    """``value`` as text without control characters (None as empty, lists joined)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(clean(v) for v in value)
    return _CONTROL.sub("", str(value))


def _finalize(value: Any) -> Any:
    """Every ``{{ }}`` in the templates: markup we built passes, data is cleaned (and then
    escaped by autoescape)."""
    if isinstance(value, Markup | int | float):
        return value
    return clean(value)


def safe_url(url: Any) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host and no spaces or control
    characters, else None (shown as text, never as a link)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or _CONTROL.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else None


def anchor(statement_id: str) -> str:
    """A stable ``id`` for a statement's block (letters, digits, ``-`` and ``_`` only)."""
    return "st-" + _ANCHOR_UNSAFE.sub("_", statement_id)


def highlighted(reference: str, text: str, variant: str) -> Markup:
    """The rendering with words the reference lacks in <ins> and the reference's missing
    words in <del>; every word escaped."""
    tags = {"delete": "del", "insert": "ins"}
    out = []
    for op, words in diff_ops(reference, text, cosmetic=variant == "cosmetic"):
        body = escape(clean(words))
        out.append(body if op == "equal" else Markup(f"<{tags[op]}>{body}</{tags[op]}>"))
    return Markup(" ").join(out)


def preview(text: Any, limit: int = PREVIEW_CHARS) -> str:
    """The first ``limit`` characters of ``text``, cut at a word, with an ellipsis."""
    text = " ".join(clean(text).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True, slots=True)
class Score:
    """A score with the number of quotes it rests on; ``shown`` by the reports' one rule
    (``audit.report.gate``)."""

    value: float | None
    n: int

    @property
    def shown(self) -> bool:
        return gate.shown(self.value, self.n)


@dataclass(slots=True)
class Article:
    """An article as a reader knows it: outlet, title, date, and its URL when it may be a link."""

    outlet: str
    title: str
    url: str | None
    published: Any


@dataclass(slots=True)
class Facts:
    """What a rendering in the outlet's own words is checked on, beside the statement's:
    figures, the places and people named, the speaker credited."""

    figures: list[str]
    reference_figures: list[str]
    names: list[str]
    reference_names: list[str]
    credited: str
    reference_speaker: str
    figure_conflict: bool
    misattributed: bool


@dataclass(slots=True)
class Rendering:
    """One quote as the page shows it: where it ran and what it says (``change`` is the
    diff or None)."""

    article: Article | None
    outlet: str
    variant: str
    mention: str
    attribution: str
    text: str
    change: Markup | None
    figures: list[str] = field(default_factory=list)
    facts: Facts | None = None


class _Lookup:
    """Articles, quotes, renderings and speaker names by id, read once from the frames."""

    def __init__(self, scores: Scores) -> None:
        self.articles = {
            r["article_id"]: Article(r["outlet"] or "", r["title"] or "", safe_url(r["url"]), r["published"])
            for r in scores.articles.select("article_id", "outlet", "title", "url", "published").iter_rows(named=True)
        }
        self.names = dict(scores.speakers.select("speaker_id", "name").iter_rows())
        self.statements = {r["statement_id"]: r for r in scores.statements.iter_rows(named=True)}
        self.variants = {r["quote_id"]: r for r in scores.variants.iter_rows(named=True)}
        self.quotes = {
            r["quote_id"]: r
            for r in scores.quotes.select("quote_id", "article_id", "outlet", "text", "kind", "mention", "variant",
                                          "attribution", "figures").iter_rows(named=True)
        }

    def speaker(self, speaker_id: str | None) -> str:
        """The registry name of ``speaker_id`` (the id itself for a speaker the registry lacks)."""
        return self.names.get(speaker_id) or speaker_id if speaker_id else ""

    def rendering(self, quote_id: str) -> Rendering | None:
        row = self.variants.get(quote_id) or self.quotes.get(quote_id)
        if row is None:
            return None
        variant = row.get("variant") or ""
        reference = row.get("reference_text")
        facts = _facts(row) if row.get("display") == "facts" else None
        diffed = reference and variant in DIFFED_VARIANTS and facts is None
        return Rendering(
            article=self.articles.get(row["article_id"]), outlet=row["outlet"] or "", variant=variant,
            mention=row.get("mention") or "", attribution=row.get("attribution") or "", text=row["text"] or "",
            change=highlighted(reference, row["text"], variant) if diffed and reference else None,
            figures=list(row.get("figures") or []), facts=facts,
        )


def _facts(row: dict[str, Any]) -> Facts:
    """The facts of a variants row whose ``display`` is ``facts`` (columns of the score
    stage's ``variants`` report)."""
    return Facts(
        figures=list(row.get("figures") or []), reference_figures=list(row.get("reference_figures") or []),
        names=list(row.get("names") or []), reference_names=list(row.get("reference_names") or []),
        credited=row.get("mention") or "", reference_speaker=row.get("reference_speaker") or "",
        figure_conflict=bool(row.get("number_conflict")), misattributed=row.get("attribution") == "misattributed",
    )


def _outlet_rows(scores: Scores) -> list[dict[str, Any]]:
    return [
        {
            "outlet": r["outlet"], "n_articles": r["n_articles"], "n_quotes": r["n_quotes"],
            "sourcing": Score(r["sourcing_score"], r["n_quotes"] or 0),
            "consistency": Score(r["consistency_score"], r["n_compared_quotes"] or 0),
            "n_conflicts": r["n_conflicts"],
        }
        for r in scores.outlets.head(MAX_TABLE_ROWS).iter_rows(named=True)
    ]


def _article_rows(scores: Scores, look: _Lookup) -> list[dict[str, Any]]:
    return [
        {**r, "article": look.articles[r["article_id"]], "sourcing": Score(r["sourcing_score"], r["n_quotes"] or 0)}
        for r in scores.articles.head(MAX_TABLE_ROWS).iter_rows(named=True)
    ]


def _statement_order(statements: pl.DataFrame) -> pl.DataFrame:
    return statements.sort(["n_conflicts", "n_altered", "consistency_score"], descending=[True, True, False],
                           nulls_last=True)


def _statement_view(s: dict[str, Any], look: _Lookup, rows: list[dict[str, Any]]) -> dict[str, Any]:
    rows = sorted(rows, key=lambda r: (VARIANT_ORDER.get(r["variant"], 9), r["outlet"] or "", r["quote_id"]))
    renderings = [look.rendering(r["quote_id"]) for r in rows]
    return {
        "id": s["statement_id"], "anchor": anchor(s["statement_id"]),
        "speaker": s["speaker_name"] or look.speaker(s["speaker_id"]) or "unknown speaker",
        "text": s["reference_text"] or s["text"], "verified_id": s["verified_id"],
        "consistency": s["consistency_score"],  # describes the renderings listed with it: not gated
        "first_outlet": s["first_outlet"], "first_published": s["first_published"],
        "n_outlets": s["n_outlets"], "n_syndicated": s["n_syndicated"], "n_conflicts": s["n_conflicts"],
        "renderings": [r for r in renderings if r is not None],
        "cosmetic": any(r["variant"] == "cosmetic" for r in rows),
        "against": AGAINST.get(s.get("wording_against") or "", s.get("wording_against")),
        "speaker_against": AGAINST.get(s.get("attribution_against") or "", s.get("attribution_against")),
    }


def _statements(scores: Scores, look: _Lookup, conflicted: set[str]) -> tuple[list[dict], list[dict], int]:
    """(open statements, collapsed statements, how many were left out): statements carried
    more than once or with a conflict, the most serious first; every conflicted one among
    the open; those that change no word collapsed. Views (with their diffs) are built only
    for the statements shown."""
    by_statement: dict[str, list[dict[str, Any]]] = {}
    for row in scores.variants.select("statement_id", "quote_id", "variant", "outlet").iter_rows(named=True):
        by_statement.setdefault(row["statement_id"], []).append(row)
    candidates = _statement_order(
        scores.statements.filter((pl.col("n_quotes").fill_null(0) > 1) | (pl.col("n_conflicts") > 0))
    ).to_dicts()
    loud: list[dict[str, Any]] = []
    quiet: list[dict[str, Any]] = []
    for s in candidates:
        rows = by_statement.get(s["statement_id"], [])
        is_quiet = not s["n_conflicts"] and {r["variant"] for r in rows} <= QUIET_VARIANTS
        (quiet if is_quiet else loud).append(s)
    loud = [s for i, s in enumerate(loud) if i < MAX_STATEMENTS_SHOWN or s["statement_id"] in conflicted]
    quiet = quiet[:MAX_TABLE_ROWS]
    views = [[_statement_view(s, look, by_statement.get(s["statement_id"], [])) for s in part] for part in (loud, quiet)]
    return views[0], views[1], len(candidates) - len(loud) - len(quiet)


def _conflict_rows(scores: Scores, look: _Lookup, extra: list[str]) -> list[dict[str, Any]]:
    rows = []
    for c in worst_conflicts(scores).head(MAX_TABLE_ROWS).iter_rows(named=True):
        ids = list(c["quote_ids"] or [])
        if c.get("deviating_quote_id"):  # noqa: SIM108 (the nested conditional expression reads worse)
            flagged = [c["deviating_quote_id"]]
        else:
            flagged = ids[:-1] if len(ids) > 1 else ids  # the reference quote comes last
        renderings = [r for r in map(look.rendering, flagged) if r is not None]
        statement = look.statements.get(c["statement_id"]) if c["statement_id"] else None
        who = (statement and (statement["speaker_name"] or look.speaker(statement["speaker_id"]))) or look.speaker(c["speaker_id"])
        rows.append({
            "kind": c["kind"], "who": who or "unknown speaker", "outlets": list(c["outlets"] or []),
            "renderings": renderings, "detail": c.get("message") or c["detail"],
            "diffs": [r for r in renderings if r.change is not None] if c["kind"] == "wording" else [],
            "facts": [r.facts for r in renderings if r.facts is not None],
            "against": AGAINST.get(c.get("against") or "", c.get("against")),
            "reference_outlet": c.get("reference_outlet"),
            "statement_id": c["statement_id"],
            "status": c.get("status") or "confirmed", "confidence": c.get("confidence"), "evidence": c.get("evidence"),
            "statement_text": preview((statement or {}).get("reference_text") or (statement or {}).get("text")),
            "extra": [c[name] for name in extra],
        })
    return rows


@cache
def environment() -> Environment:
    """The Jinja2 environment: templates from the package, autoescape on, undefined
    names an error (a typo in a template fails the tests instead of printing nothing)."""
    env = Environment(
        loader=PackageLoader("audit.report", "templates"), autoescape=True, undefined=StrictUndefined,
        finalize=_finalize, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["preview"] = preview
    env.globals.update(MIN_QUOTES_FOR_SCORE=gate.MIN_QUOTES_FOR_SCORE)
    return env


def render_html(scores: Scores, *, title: str = "quote-audit report") -> str:
    """The whole page as a string."""
    look = _Lookup(scores)
    extra = [c for c in scores.conflicts.columns if c not in CONFLICT_COLUMNS_USED]
    conflicts = _conflict_rows(scores, look, extra)
    shown, quiet, left_out = _statements(scores, look, {c["statement_id"] for c in conflicts if c["statement_id"]})
    anchors = {s["id"]: s["anchor"] for s in shown}
    for c in conflicts:
        c["anchor"] = anchors.get(c["statement_id"])
    n_by_kind = dict(scores.conflicts.group_by("kind").len().iter_rows()) if scores.conflicts.height else {}
    figures = [("articles", scores.articles.height), ("quotes", scores.quotes.height),
               ("statements", scores.statements.height), ("conflicts", scores.conflicts.height),
               *((f"{kind} conflicts", n) for kind, n in sorted(n_by_kind.items()))]
    return environment().get_template("report.html.j2").render(
        title=title, figures=figures, outlets=_outlet_rows(scores), n_outlets=scores.outlets.height,
        conflicts=conflicts, n_conflicts=scores.conflicts.height,
        extra_columns=[c.replace("_", " ") for c in extra],
        statements=shown, quiet_statements=quiet, statements_left_out=left_out,
        articles=_article_rows(scores, look), n_articles=scores.articles.height, max_rows=MAX_TABLE_ROWS,
    )
