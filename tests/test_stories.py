"""Stories: ``audit run PATH`` reports on that run's articles only, names the story after
the inputs' folder (or ``--story``), says what else the database holds, and ``audit
report --story NAME`` re-renders one story."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit import cli
from audit.stories import StoryScope, default_label

HARBOUR = ('Mayor Ann Pike said: "The bridge will reopen in May, and not a day later."\n',
           'The mayor, Ann Pike, told the council: "The bridge will reopen in May, and not a day later."\n')
FLOOD = ('Chief engineer Tom Reyes said: "The levee held because the pumps never stopped."\n',)


def invoke(*args: str | Path):
    return CliRunner().invoke(cli.app, [str(a) for a in args])


@pytest.fixture
def here(tmp_path: Path, monkeypatch, nlp) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".audit.toml").write_text("", encoding="utf-8")
    monkeypatch.setattr(sys.modules["audit.extract"], "load_pipeline", lambda *a, **k: nlp)
    for folder, texts in (("harbour", HARBOUR), ("flood", FLOOD)):
        (tmp_path / folder).mkdir()
        for i, text in enumerate(texts):
            (tmp_path / folder / f"outlet{i}_2024-03-0{i + 1}_story.txt").write_text(text, encoding="utf-8")
    return tmp_path


def run_json(*args: str) -> dict:
    r = invoke("run", *args, "--db", "news.duckdb", "--out", "out", "--no-semantic", "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_second_run_reports_on_its_own_articles_and_names_the_other_story(here: Path) -> None:
    first = run_json("harbour")
    assert (first["articles"], first["story"]["story"], first["story"]["other_stories"]) == (2, "harbour", {})
    second = run_json("flood")
    assert second["articles"] == 1 and second["quotes"] == 1
    assert second["story"] == {"story": "flood", "articles": 1, "other_stories": {"harbour": 2}, "articles_in_no_story": 0}
    assert "<title>quote-audit report: flood</title>" in (here / "out" / "report.html").read_text(encoding="utf-8")
    outlets = (here / "out" / "outlets.csv").read_text(encoding="utf-8")
    assert "outlet0" in outlets and "outlet1" not in outlets  # harbour's second outlet is not in flood's report


def test_story_option_and_summary_line(here: Path) -> None:
    run_json("harbour")
    r = invoke("run", here / "flood" / "outlet0_2024-03-01_story.txt", "--story", "levee", "--db", "news.duckdb",
               "--out", "out", "--no-semantic")
    assert r.exit_code == 0, r.output
    out = " ".join(r.stdout.split())  # the summary wraps at the terminal's width
    assert 'story "levee" (1 articles); the database also holds harbour (2 articles)' in out
    assert "`audit report --story NAME` renders one" in out


def test_report_renders_one_story_or_all(here: Path) -> None:
    run_json("harbour")
    run_json("flood")
    one = json.loads(invoke("report", "--db", "news.duckdb", "--out", "r1", "--story", "harbour", "-f", "json").stdout)
    assert (one["articles"], one["story"]["other_stories"]) == (2, {"flood": 1})
    every = json.loads(invoke("report", "--db", "news.duckdb", "--out", "r2", "-f", "json").stdout)
    assert every["articles"] == 3 and every["story"]["story"] is None
    bad = invoke("report", "--db", "news.duckdb", "--out", "r3", "--story", "nosuch")
    assert bad.exit_code == 2
    assert bad.output.strip() == "audit: error: no story 'nosuch' in the database; stories: flood, harbour"


def test_default_label(tmp_path: Path) -> None:
    (tmp_path / "coverage").mkdir()
    (tmp_path / "coverage" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "other").mkdir()
    assert default_label([tmp_path / "coverage"]) == "coverage"
    assert default_label([tmp_path / "coverage" / "a.txt"]) == "coverage"
    assert default_label([str(tmp_path / "coverage" / "*.txt")]) == "coverage"
    assert default_label([tmp_path / "coverage", tmp_path / "other"]) == "coverage+other"
    assert default_label(None) == "demo" and default_label(["-"]) == "stdin"


def test_scope_line_is_silent_when_there_is_nothing_else() -> None:
    assert StoryScope("a", 3).line() is None
    assert StoryScope(None, 0).line() is None
    assert StoryScope("a", 3, unlabelled=2).line() == 'story "a" (3 articles); the database also holds 2 articles in no story'
