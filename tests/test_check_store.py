"""Checking against a real store built by ingest + match (read-only, via audit.match.lookup)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from audit.check import check
from audit.check.reference import Reference, ReferenceError
from audit.config import Config
from audit.extract import extract
from audit.match import match
from audit.model import Article
from audit.store import Store

WIRE = (
    'General Valerii Zaluzhnyi admitted: "Our troops have recaptured more than 3,000 square kilometres since the start '
    'of the month."\n\nThe Kremlin said: "The regrouping of forces in the Izium area is proceeding according to plan."\n'
)


@pytest.fixture
def store_path(nlp, tmp_path: Path) -> Path:
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        article = Article(text=WIRE, source="wire.txt", outlet="Wire", published=date(2022, 9, 11))
        store.add_article(article, extract(WIRE, nlp=nlp))
        match(store)
    return path


def test_store_statements_are_found_with_outlet_and_cues(store_path: Path) -> None:
    with Reference.load(None, store_path) as ref:
        [matches] = ref.lookup(["Our troops have recaptured more than 3,000 square kilometres since the start of the month."])
    best = matches[0]
    assert best.score == 100 and best.statement.origin == "store"
    assert best.statement.source == "Wire" and best.statement.cues == ("admitted",)


def test_draft_checked_against_the_store(nlp, store_path: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# Izium\n\n"
        'General Zaluzhnyi admitted: "Our troops have recaptured more than 3,000 square kilometres since the start of the month."\n\n'
        'Vladimir Putin said: "The regrouping of forces in the Izium area is proceeding according to plan."\n\n'
        'The Kremlin said: "The regrouping of forces in the Izium region is going according to plan."\n',
        encoding="utf-8",
    )
    result = check([draft], config=Config(), store_path=store_path, reference=None, nlp=nlp)
    got = {(f.rule, f.line) for f in result.findings}
    assert ("misattribution", 5) in got
    assert ("misquote", 7) in got
    assert not any(f.rule == "loaded-cue" for f in result.findings)  # the wire copy said "admitted" too


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReferenceError, match="no such store"):
        Reference.load(None, tmp_path / "nope.duckdb")


@pytest.mark.parametrize("with_draft", [True, False], ids=["a-draft", "no-draft"])
def test_missing_store_raises_from_check_whether_or_not_a_draft_was_read(nlp, tmp_path: Path, with_draft: bool) -> None:
    """The reference opens in the background while a draft is parsed; its error still
    reaches the caller, and with no draft at all too."""
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    if with_draft:
        (drafts / "a.md").write_text('The minister said: "We will build the bridge."\n', encoding="utf-8")
    with pytest.raises(ReferenceError, match="no such store"):
        check([drafts], config=Config(), store_path=tmp_path / "nope.duckdb", nlp=nlp)
