"""report.html without a browser: one self-contained page, every piece of data escaped,
links only to http(s) article URLs, the conflicts table led by who said it, the deviating
outlet and the word diff, anchors to statements, scores gated on how many quotes they rest
on, quiet statements collapsed. (tests/test_report_browser.py opens it in Chromium.)"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest

from audit.report import html as report_html
from audit.report import gate
from audit.report.gate import MIN_QUOTES_FOR_SCORE
from audit.report.html import anchor, clean, render_html, safe_url
from audit.score import Scores
from report_helpers import CALM_URL, EVIL_OUTLET, EVIL_SPEAKER, EVIL_TITLE, EVIL_URL, report_scores

OWN_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "div", "nav", "a", "p", "table", "thead",
    "tbody", "tr", "th", "td", "b", "br", "span", "small", "del", "ins", "section", "details", "summary", "script",
}
"""Every element the templates write; anything else in the page came from the data."""


class Page(HTMLParser):
    """Elements, attributes, links, ids and the text of each table row of a page."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.scripts = 0
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((tag, name, value) for name, value in attrs)
        if tag == "table":
            self._table = dict(attrs).get("id") or f"table{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("br", "div") and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def values(self, name: str) -> list[str]:
        return [value or "" for _, attr, value in self.attributes if attr == name]


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> Scores:
    return report_scores(tmp_path_factory.mktemp("report") / "report.duckdb")


@pytest.fixture(scope="module")
def page(scores: Scores) -> str:
    return render_html(scores)


def test_one_self_contained_page_for_a_phone(page: str) -> None:
    parsed = Page(page)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert parsed.tags.count("script") == 1 and parsed.tags.count("style") == 1
    assert "link" not in parsed.tags and not parsed.values("src")  # nothing loaded from anywhere
    assert not re.search(r"url\(|@import", page)
    assert page.count('<div class="scroll">') >= 3  # wide tables scroll inside their box, not the page


def test_no_element_or_attribute_comes_from_the_data(page: str) -> None:
    parsed = Page(page)
    assert set(parsed.tags) <= OWN_TAGS, set(parsed.tags) - OWN_TAGS
    assert parsed.tags.count("script") == 1
    assert not [a for _, a, _ in parsed.attributes if a.startswith("on")]
    for text in (EVIL_OUTLET, EVIL_TITLE, EVIL_SPEAKER):
        assert text not in page  # only ever as escaped text
    assert "&lt;img src=x onerror=alert(&#39;outlet&#39;)&gt; News" in page
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; Title" in page
    assert "&lt;svg onload=alert(&#39;speaker&#39;)&gt;Evil&lt;/svg&gt; Blogger" in page


def test_only_http_article_urls_become_links(page: str) -> None:
    hrefs = Page(page).values("href")
    assert CALM_URL in hrefs  # parsed back from &amp; and &#34;
    assert 'href="https://calm.example/news?id=1&amp;ref=&#34;x&#34;"' in page
    assert not [h for h in hrefs if not h.startswith(("#", "https://", "http://"))], hrefs
    assert EVIL_URL not in hrefs
    row = next(r for r in Page(page).tables["articles-table"] if r and r[0].startswith("<img"))
    assert row[2] == EVIL_TITLE  # the title as text, no link


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/a", "https://example.org/a"), ("HTTP://Example.org", "HTTP://Example.org"),
    (" https://example.org/a ", "https://example.org/a"), ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None), ("data:text/html,<script>x</script>", None), ("file:///etc/passwd", None),
    ("//evil.example/x", None), ("https:///nohost", None), ("https://example.org/a b", None),
    ("https://exa\x00mple.org", None), ("/relative/path", None), ("", None), (None, None), ("http://[::1", None),
])
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_control_characters_never_reach_the_page(scores: Scores) -> None:
    beeping = scores.outlets.with_columns(outlet=pl.lit("Beep\x07\x1b[31m News"))
    page = render_html(Scores(**{**dict(scores.items()), "outlets": beeping}))
    assert "\x1b" not in page and "\x07" not in page and "Beep[31m News" in page
    assert clean(["a\x00b", None, 3]) == "ab, , 3"


def test_conflicts_lead_with_speaker_outlet_and_diff(page: str) -> None:
    rows = Page(page).tables["conflicts-table"]
    assert rows[0][:5] == ["who said it", "deviating outlet", "what changed", "kind", "statement"]
    by_kind = {}
    for row in rows[1:]:
        by_kind.setdefault(row[3], []).append(row)
    from audit.report.summary import CONFLICT_SEVERITY

    # confirmed findings first, then those to review; within each, a wrong speaker first
    review = ["to review ·" in r[2] for r in rows[1:]]
    assert review == sorted(review) and all("confidence" in r[2] for r in rows[1:])
    for flag in (False, True):
        severity = [CONFLICT_SEVERITY[r[3]] for r, f in zip(rows[1:], review) if f is flag]
        assert severity == sorted(severity)
    assert rows[1][3] == "attribution"
    wordings = by_kind["wording"]  # one row per deviating rendering: the wire copy and its syndicated twin
    assert [w[0] for w in wordings] == ["Richard Dannatt"] * 2  # a name, not richard-dannatt or a hash
    assert sorted("Northern Post" in w[1] for w in wordings) == [False, True]
    assert sorted("Syndicate Daily" in w[1] for w in wordings) == [False, True]
    assert any("Title of a-post" in w[1] for w in wordings)
    assert all("try to and restore" in w[2] for w in wordings)
    assert "<del>to</del> <ins>and</ins>" in page
    evil = next(r for r in by_kind["attribution"] if "Evil" in r[2])
    assert evil[0] == "Ministry of Defence (UK)"  # who said it, not who it was credited to
    assert evil[1].startswith(EVIL_OUTLET) and EVIL_TITLE in evil[1]
    assert "st_" not in page and "a-post:0" not in page  # no hash or quote ids shown


def test_each_conflict_links_to_its_statement(page: str) -> None:
    parsed = Page(page)
    ids = set(parsed.values("id"))
    links = [h for h in parsed.values("href") if h.startswith("#st-")]
    assert {"#st-s-restore", "#st-s-area", "#st-s-grain"} <= set(links)
    assert all(h[1:] in ids for h in links)
    assert anchor("a b/<c>") == "st-a_b__c_"


def test_scores_show_their_basis_and_hide_below_the_minimum(page: str, monkeypatch: pytest.MonkeyPatch,
                                                            scores: Scores) -> None:
    rows = {r[0]: r for r in Page(page).tables["outlets-table"][1:]}
    assert MIN_QUOTES_FOR_SCORE == 3
    assert rows["Daily Ledger"][3] == "94.8 from 4 quotes"
    assert rows["Daily Ledger"][4] == "100.0 from 4 compared quotes"
    assert rows["Syndicate Daily"][3] == "too few quotes 1 of 3 needed"  # 45.0 from one quote is not shown
    assert rows["Syndicate Daily"][4] == "too few quotes 1 of 3 needed"
    assert rows["Quiet Times"][3].startswith("too few quotes")
    assert "45.0" not in " ".join(rows["Syndicate Daily"])
    monkeypatch.setattr(gate, "MIN_QUOTES_FOR_SCORE", 1)
    report_html.environment.cache_clear()
    try:
        lowered = {r[0]: r for r in Page(render_html(scores)).tables["outlets-table"][1:]}
    finally:
        report_html.environment.cache_clear()
    assert lowered["Syndicate Daily"][3] == "45.0 from 1 quote"


def test_cosmetic_only_statements_are_collapsed(page: str) -> None:
    quiet = page[page.index("Carried without changing a word"):page.index('id="articles"')]
    assert '<details class="statement" id="st-s-fled">' in quiet
    assert "cosmetic differences only" in quiet and "Calm Gazette" in quiet
    opened = page[page.index('id="statements"'):page.index("Carried without changing a word")]
    assert 'id="st-s-restore"' in opened and "<details" not in opened


def test_paraphrases_are_shown_as_written_not_as_a_diff(page: str) -> None:
    area = page[page.index('id="st-s-area"'):]
    area = area[:area.index("</section>")]
    assert "“Ukraine has liberated almost 2,000 square miles since the beginning of September”" in area
    assert "<del>" not in area and 'class="facts"' in area and "statement: 3,000 km²" in area


def test_new_conflict_columns_are_shown(scores: Scores) -> None:
    extra = scores.conflicts.with_columns(deviating_note=pl.lit("<b>checked</b>"))
    page = render_html(Scores(**{**dict(scores.items()), "conflicts": extra}))
    rows = Page(page).tables["conflicts-table"]
    assert rows[0][-1] == "deviating note" and rows[1][-1] == "<b>checked</b>"
    assert "&lt;b&gt;checked&lt;/b&gt;" in page


def test_paraphrases_show_the_facts_compared_when_the_score_stage_gives_them(scores: Scores) -> None:
    """With the score stage's ``display``/facts columns on variants and its deviating-rendering
    columns on conflicts, a paraphrase in a conflict shows figures, names and speaker beside
    the statement's instead of a diff, and the authority the conflict was decided against."""
    facts = pl.col("quote_id") == "a-wire:0"
    variants = scores.variants.with_columns(
        display=pl.when(facts).then(pl.lit("facts")).otherwise(pl.lit("diff")),
        names=pl.when(facts).then(pl.lit(["Ukraine"])).otherwise(pl.lit([], dtype=pl.List(pl.String))),
        reference_figures=pl.lit(["3,000 km²"]), reference_names=pl.lit(["Ukraine"]),
        reference_speaker=pl.lit("Valerii <i>Zaluzhnyi</i>"),
    )
    number = (pl.col("kind") == "number") & (pl.col("statement_id") == "s-area")
    conflicts = scores.conflicts.with_columns(
        deviating_quote_id=pl.when(number).then(pl.lit("a-wire:0")), deviating_outlet=pl.lit("=Wire Agency"),
        against=pl.when(number).then(pl.lit("primary")), reference_outlet=pl.lit("Daily Ledger"),
        expected=pl.lit("3,000 km²"), found=pl.lit("almost 2,000 square miles"),
        message=pl.when(number).then(pl.lit("=Wire Agency gives almost 2,000 square miles")),
    )
    statements = scores.statements.with_columns(wording_against=pl.lit("majority"), attribution_against=pl.lit("primary"))
    page = render_html(Scores(**{**dict(scores.items()), "variants": variants, "conflicts": conflicts,
                                 "statements": statements}))
    assert "words checked against most independent renderings, the speaker against the primary source;" in page
    rows = Page(page).tables["conflicts-table"]
    assert len(rows[0]) == 5  # the score stage's columns are laid out, not appended
    (row,) = [r for r in rows[1:] if r[3] == "number"]
    assert row[1].startswith("=Wire Agency") and "Title of a-wire" in row[1]
    assert "figures almost 2,000 square miles · statement: 3,000 km²" in row[2]
    assert "names Ukraine · statement: Ukraine" in row[2]
    assert "credited to President Zelensky · statement: Valerii <i>Zaluzhnyi</i>" in row[2]
    assert "=Wire Agency gives almost 2,000 square miles" in row[2] and "<del>" not in row[2]
    assert "checked against the primary source, as printed by Daily Ledger" in row[2]
    assert '<span class="clash">President Zelensky</span>' in page  # misattributed, marked
    area = page[page.index('id="st-s-area"'):]
    (wire,) = [r for r in Page(area[:area.index("</section>")]).tables["table0"] if r[0].startswith("=Wire")]
    assert wire[3].startswith("“Ukraine has liberated almost 2,000 square miles") and "figures almost 2,000" in wire[3]


def test_an_empty_audit_renders(scores: Scores) -> None:
    empty = Scores(**{name: frame.clear() for name, frame in scores.items()})
    page = render_html(empty)
    assert "No conflicts found." in page and "No statement is carried by more than one article." in page


def test_templates_ship_inside_the_package() -> None:
    folder = Path(report_html.__file__).parent / "templates"
    assert {p.name for p in folder.iterdir()} >= {"report.html.j2", "macros.html.j2", "report.css", "report.js"}


@pytest.mark.slow
def test_the_wheel_carries_the_templates(tmp_path: Path) -> None:
    """hatch packs non-Python files under audit/: the built wheel has every template."""
    root = Path(report_html.__file__).parents[2]
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(root)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("report.html.j2", "macros.html.j2", "report.css", "report.js"):
        assert f"audit/report/templates/{name}" in names
