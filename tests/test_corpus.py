"""The bundled demo corpus and the verified-statements registry are well formed.

`audit run` with no arguments reads ``audit/data/corpus``; its MANIFEST says which
conflicts and drifts each article was written to show, and the end-to-end test asserts
them by name. These tests keep the three in step: every file is listed, every quoted
"words" cell of the MANIFEST stands verbatim in its file, the front matter is read by
the project's own ingest, and ``reference/statements.toml`` catches the misquotes the
corpus contains.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from audit.config import CORPUS_MANIFEST, default_corpus_dir, default_corpus_files
from audit.ingest import iter_articles
from audit.model import Article
from conftest import DATA, shared_or_skip

CORPUS = default_corpus_dir()
MANIFEST = CORPUS / CORPUS_MANIFEST
REFERENCE = Path(__file__).resolve().parents[1] / "reference"
STATEMENTS = REFERENCE / "statements.toml"
SEED_NAME = "lbc_2022-09-12_kharkiv-withdrawal.txt"

STORY_DATES = (date(2022, 9, 10), date(2022, 9, 14))
"""Publication window of the corpus: the Kharkiv counter-offensive's first week of coverage."""

STATEMENT_DATES = (date(2022, 9, 9), date(2022, 9, 14))
"""When the verified statements were made or first published."""

ARTICLE_WORDS = (150, 400)
"""Body length of the written articles: short enough to read at a glance in the demo."""

CONFLICT_KINDS = {"attribution", "number", "wording", "role", "vague-credit"}
"""The conflict kinds of the ``conflicts`` report (issue 5); the corpus shows each."""

STATEMENT_FIELDS = {"id", "speaker", "text", "source", "medium", "date", "url"}
"""Fields every ``[[statement]]`` must have."""

FICTIONAL_TLD = ".example"
"""Invented outlets use reserved ``.example`` domains (RFC 2606), never a real address."""

QUOTE_MARKS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def straight(text: str) -> str:
    """Curly quote marks and apostrophes made straight: cosmetic, not wording."""
    return text.translate(QUOTE_MARKS)


@dataclass(frozen=True, slots=True)
class Row:
    """One rendering named in a MANIFEST findings table."""

    finding: str
    kind: str
    statement: str
    file: str
    credited_to: str
    side: str
    words: str


def _table_rows(section: str) -> list[list[str]]:
    """Cells of the Markdown table rows (header and rule excluded) in ``section``."""
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in rows[2:]]


def _section(title: str) -> str:
    """The MANIFEST text under ``## title`` up to the next ``## `` heading."""
    text = MANIFEST.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"MANIFEST has no section {title!r}"
    return match.group(1)


def findings(title: str) -> list[Row]:
    """A findings table of the MANIFEST as rows; ``words`` without the backticks."""
    rows = []
    for cells in _table_rows(_section(title)):
        assert len(cells) == 7, f"malformed MANIFEST row: {cells}"
        *head, words = cells
        assert words.startswith("`") and words.endswith("`"), f"words not in backticks: {words}"
        rows.append(Row(*head, words=words[1:-1]))
    return rows


def corpus_files() -> set[str]:
    """Article files of the bundled corpus, as ``audit run`` picks them."""
    return {p.name for p in default_corpus_files()}


def articles() -> dict[str, Article]:
    """Every corpus file read by the project's ingest, by file name."""
    read = {}
    for name in sorted(corpus_files()):
        items = list(iter_articles([CORPUS / name]))
        assert len(items) == 1 and isinstance(items[0], Article), f"ingest rejected {name}: {items}"
        read[name] = items[0]
    return read


def statements() -> list[dict]:
    return tomllib.loads(STATEMENTS.read_text(encoding="utf-8"))["statement"]


def test_manifest_lists_every_file_and_only_existing_ones() -> None:
    listed = {cells[0].strip("`") for cells in _table_rows(_section("Files"))}
    assert listed == corpus_files()
    assert len(listed) == 12
    assert MANIFEST.is_file() and MANIFEST.name not in listed


def test_seed_article_is_unchanged() -> None:
    assert (CORPUS / SEED_NAME).read_bytes() == (DATA / "seed" / SEED_NAME).read_bytes()


def test_front_matter_is_read_by_ingest_and_agrees_with_the_file_name() -> None:
    read = articles()
    assert set(read) == corpus_files()
    for name, art in read.items():
        slug, day, _ = Path(name).stem.split("_", 2)
        assert art.published == date.fromisoformat(day), name
        assert STORY_DATES[0] <= art.published <= STORY_DATES[1], name
        if name == SEED_NAME:
            assert art.outlet == "lbc"
            continue
        assert art.title and art.url and art.outlet, name
        assert re.sub(r"[^a-z0-9]+", "-", art.outlet.lower()).strip("-").removeprefix("the-") in slug, name
        assert ARTICLE_WORDS[0] <= len(art.text.split()) <= ARTICLE_WORDS[1], name


def test_real_outlet_names_only_where_the_quoted_wording_is_theirs() -> None:
    """A file under a real outlet's name quotes only words that outlet printed."""
    renderings = [
        json.loads(line)
        for line in shared_or_skip("crossoutlet", "renderings.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    printed = defaultdict(list)
    for r in renderings:
        printed[(r["outlet"], r["url"])].append(straight(r["text"]))
    real = [a for a in articles().values() if a.url and FICTIONAL_TLD not in a.url]
    assert {a.outlet for a in real} == {"newsflash.one", "The Scotsman"}
    for art in real:
        theirs = printed[(art.outlet, art.url)]
        assert theirs, f"{art.outlet} {art.url} is not in renderings.jsonl"
        for paragraph in art.text.split("\n\n"):
            for quoted in re.findall(r"\u201c([^\u201d]+)", paragraph):
                words = straight(quoted).strip(" ,.")
                assert any(words in t for t in theirs), f"{art.outlet} never printed: {words}"


def test_syndicated_copy_has_the_same_text_under_another_outlet() -> None:
    read = articles()
    wire = read["meridian-wire_2022-09-11_ukraine-retakes-3000-sq-km.md"]
    copy = read["harbour-gazette_2022-09-11_ukraine-retakes-3000-sq-km.md"]
    assert wire.text == copy.text
    assert (wire.outlet, copy.outlet) == ("Meridian Wire", "Harbour Gazette")
    others = [a.text for n, a in read.items() if a.outlet not in {wire.outlet, copy.outlet}]
    assert wire.text not in others


@pytest.mark.parametrize("title", ["Intended conflicts", "Other intended signals (not conflicts)"])
def test_manifest_words_stand_verbatim_in_their_files(title: str) -> None:
    rows = findings(title)
    assert rows
    for row in rows:
        assert row.file in corpus_files(), row
        assert row.words in (CORPUS / row.file).read_text(encoding="utf-8"), row


def test_every_conflict_kind_is_shown_with_one_odd_rendering_out() -> None:
    rows = findings("Intended conflicts")
    assert {r.kind for r in rows} == CONFLICT_KINDS
    by_finding = defaultdict(list)
    for row in rows:
        by_finding[row.finding].append(row)
    known = {s["id"] for s in statements()}
    for name, group in by_finding.items():
        assert len({r.kind for r in group}) == 1, name
        assert [r.side for r in group].count("conflicting") == 1, name
        assert all(r.side in {"conflicting", "reference"} for r in group), name
        assert len(group) >= 2, name
        assert {r.statement for r in group} <= known, name


def quoted(words: str) -> str:
    """The words inside the first pair of quote marks (or after an unclosed opening
    mark), without the trailing comma or full stop a sentence adds."""
    text = straight(words)
    inside = text[text.index('"') + 1 :]
    return inside.split('"', 1)[0].strip(" ,.")


def test_registry_catches_each_misquote_and_passes_its_reference() -> None:
    """For each wording conflict the reference rendering's quoted words are part of the
    verified text (quote marks aside) and the altered rendering's are not."""
    verified = {s["id"]: straight(s["text"]) for s in statements()}
    for row in findings("Intended conflicts"):
        if row.kind == "wording":
            assert (quoted(row.words) in verified[row.statement]) == (row.side == "reference"), row


def test_statements_registry_is_complete_and_unique() -> None:
    entries = statements()
    ids = [s["id"] for s in entries]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 25
    for s in entries:
        assert STATEMENT_FIELDS <= set(s), s["id"]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", s["id"]), s["id"]
        assert isinstance(s["date"], date) and STATEMENT_DATES[0] <= s["date"] <= STATEMENT_DATES[1], s["id"]
        assert s["url"] == "" or s["url"].lower().startswith(("http://", "https://")), s["id"]
        assert s["text"].strip() == s["text"] and s["text"], s["id"]


def test_statement_speakers_are_in_the_speaker_registry() -> None:
    speakers_file = REFERENCE / "speakers.toml"
    if not speakers_file.is_file():
        pytest.skip("reference/speakers.toml not written yet")
    known = set(tomllib.loads(speakers_file.read_text(encoding="utf-8")))
    missing = {s["speaker"] for s in statements()} - known
    assert not missing, f"speakers missing from reference/speakers.toml: {sorted(missing)}"
