"""The terminal summary is for people: 80 columns without broken words, speakers by name,
"none" for an empty table, coloured diffs on a terminal only, no internals unless asked,
and an altered quote never reads as 100 % similar."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from audit.load import IngestStats
from audit.match import MatchStats
from audit.model import IngestError
from audit.report.summary import diff_text, most_altered, print_summary, word_similarity
from audit.score import Scores, score
from audit.store import Store
from test_score import build_store


@pytest.fixture
def scores(db_path: Path) -> Scores:
    build_store(db_path)
    with Store(db_path, read_only=True) as store:
        return score(store, verified=[])


def render(scores: Scores, width: int = 80, **kw) -> str:
    buf = io.StringIO()
    print_summary(scores, console=Console(file=buf, width=width, color_system=None), **kw)
    return buf.getvalue()


def test_fits_80_columns_without_breaking_words(scores: Scores) -> None:
    out = render(scores)
    assert max(len(line) for line in out.splitlines()) <= 80
    for header in ("sourcing", "consistency", "conflicts", "articles", "speaker", "outlet", "message"):
        assert re.search(rf"\b{header}\b", out), header
    # every word of the data is printed whole: nothing folded mid-word
    words = set(re.findall(r"[A-Za-z]{4,}", out))
    for name in ("Dannatt", "Richard", "Ledger"):
        assert name in words


def test_speakers_by_name_not_hash_ids(scores: Scores) -> None:
    out = render(scores, width=120)
    assert "Richard Dannatt" in out
    assert not re.search(r"\bs-[a-z]+\b|\bst_[0-9a-f]{6,}", out)  # no statement ids


def test_empty_tables_say_none(scores: Scores) -> None:
    empty = dataclasses.replace(scores, conflicts=scores.conflicts.head(0), variants=scores.variants.head(0))
    out = render(empty)
    assert "Confirmed conflicts: none" in out and "To review" in out and "Most-altered quotes: none" in out


def test_internals_only_when_verbose(scores: Scores) -> None:
    stats = IngestStats(seen=3, added=2, unchanged=0, failed=1, quotes=5, errors=[IngestError("x.txt", "empty file")])
    match = MatchStats(quotes=5, statements=2)
    plain = render(scores, ingest=stats, match=match)
    assert "ingest: 3 articles read: 2 added" in plain
    assert "errors [" not in plain and "IngestError" not in plain and "candidates" not in plain
    verbose = render(scores, ingest=stats, match=match, verbose=True)
    assert "match: " in verbose and "candidates" in verbose


def test_altered_quotes_never_read_as_identical(scores: Scores) -> None:
    altered = most_altered(scores)
    assert altered.height > 0
    assert (altered["similarity"] < 100).all()
    out = render(scores, width=120)
    block = out[out.index("Most-altered quotes") : out.index("Outlets by sourcing score")]
    assert "100" not in block


def test_word_similarity() -> None:
    root = "keep the pressure up"
    assert word_similarity("keep the pressure up on Russia", root) < 100  # added words cost
    assert word_similarity("the pressure up", root) == 100  # truncation alone does not
    assert word_similarity("keep the heat up", root) == 75
    assert word_similarity("ways to try and restore", "lashing out in ways to try to restore it") == 80


def test_diffs_are_coloured_on_a_terminal(scores: Scores, monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    text = diff_text("try [-to-] {+and+} restore")
    styles = {text.plain[s.start : s.end]: str(s.style) for s in text.spans}
    assert styles == {"[-to-]": "red strike", "{+and+}": "green"}
    buf = io.StringIO()
    print_summary(scores, console=Console(file=buf, width=120, force_terminal=True, color_system="standard"))
    assert "\x1b[" in buf.getvalue()
    # piped (not a terminal): no escape codes at all
    piped = io.StringIO()
    print_summary(scores, console=Console(file=piped, width=120))
    assert "\x1b" not in piped.getvalue()


def test_no_color_turns_colour_off_even_on_a_terminal(scores: Scores, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    buf = io.StringIO()
    print_summary(scores, console=Console(file=buf, width=120, force_terminal=True))
    assert "\x1b[3" not in buf.getvalue()  # no colour codes (3x foreground)
