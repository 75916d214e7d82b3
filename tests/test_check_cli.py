"""``audit check`` on the command line: exit codes, config discovery, flags winning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit import cli

MISQUOTE = 'Lord Dannatt said: "The Ukrainians have done extremely well and the Russian army is in disarray."\n'
UNVERIFIED = 'Lord Dannatt said: "The war will be over by Christmas, everybody knows."\n'
STATEMENTS = '''[[statement]]
id = "dannatt-1"
speaker = "richard-dannatt"
text = "The Ukrainians have done remarkably well and the Russian army is in disarray."
'''


@pytest.fixture
def project(tmp_path: Path, monkeypatch, nlp) -> Path:
    """A newsroom folder: ``.audit.toml`` pointing at its own reference, drafts below."""
    monkeypatch.setattr(cli, "_pipeline", lambda model: nlp)
    (tmp_path / "ref").mkdir()
    (tmp_path / "ref" / "statements.toml").write_text(STATEMENTS, encoding="utf-8")
    (tmp_path / ".audit.toml").write_text('reference = "ref"\n', encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    return tmp_path


def run(*args: str | Path):
    return CliRunner().invoke(cli.app, ["check", *map(str, args)])


def draft(project: Path, text: str, name: str = "a.md") -> Path:
    p = project / "drafts" / name
    p.write_text(text, encoding="utf-8")
    return p


def test_clean_draft_exits_0(project: Path) -> None:
    r = run(draft(project, "The weather in Kharkiv was fine on Monday.\n"))
    assert r.exit_code == 0, r.output
    assert r.stdout == ""


def test_misquote_exits_1_and_exit_zero_reports_only(project: Path) -> None:
    p = draft(project, MISQUOTE)
    r = run(p)
    assert r.exit_code == 1
    assert f"{p}:1:21: error misquote" in r.stdout
    assert run(p, "--exit-zero").exit_code == 0


def test_fail_level(project: Path) -> None:
    p = draft(project, UNVERIFIED)
    assert run(p).exit_code == 0  # info only
    assert run(p, "--fail-level", "info").exit_code == 1
    assert run(p, "--fail-level", "fatal").exit_code == 2


def test_config_discovered_from_the_draft_and_flags_win(project: Path) -> None:
    (project / ".audit.toml").write_text(
        'reference = "ref"\n[check]\nfail_level = "info"\n[check.rules.misquote]\nseverity = "warning"\n', encoding="utf-8"
    )
    p = draft(project, UNVERIFIED)
    assert run(p).exit_code == 1  # fail_level from the file
    assert run(p, "--fail-level", "error").exit_code == 0  # the flag wins
    r = run(draft(project, MISQUOTE, "b.md"), "--format", "json")
    assert {f["severity"] for f in json.loads(r.stdout)["findings"] if f["rule"] == "misquote"} == {"warning"}


def test_pyproject_tool_audit_table(project: Path) -> None:
    (project / ".audit.toml").unlink()
    (project / "pyproject.toml").write_text(
        '[tool.audit]\nreference = "ref"\n[tool.audit.check]\nselect = ["unverified-quote"]\nfail_level = "info"\n',
        encoding="utf-8",
    )
    r = run(draft(project, UNVERIFIED), "--format", "json")
    assert r.exit_code == 1
    assert [f["rule"] for f in json.loads(r.stdout)["findings"]] == ["unverified-quote"]


def test_select_and_ignore(project: Path) -> None:
    p = draft(project, MISQUOTE)
    assert run(p, "--ignore", "misquote").exit_code == 0
    r = run(p, "--select", "misquote,unverified-quote", "--format", "json")
    assert {f["rule"] for f in json.loads(r.stdout)["findings"]} == {"misquote"}


def test_baseline_round_trip(project: Path) -> None:
    p = draft(project, MISQUOTE)
    base = project / "baseline.json"
    assert run(p, "--write-baseline", base).exit_code == 0
    assert run(p, "--baseline", base).exit_code == 0
    draft(project, "Intro paragraph.\n\n" + MISQUOTE + "\nThe Ministry of Defence said: \"Russian forces are in disarray and retreating fast now.\"\n")
    assert run(p, "--baseline", base).exit_code == 0  # moved, still known
    draft(project, MISQUOTE.replace("extremely", "very"))
    assert run(p, "--baseline", base).exit_code == 1  # a new misquote


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"Caf\xe9 au lait", "not valid UTF-8"), (b"", "empty draft"), (b"\n  \n", "empty draft")],
)
def test_unreadable_drafts_exit_2(project: Path, content: bytes, message: str) -> None:
    p = project / "drafts" / "bad.md"
    p.write_bytes(content)
    r = run(p)
    assert r.exit_code == 2
    assert message in r.stderr and str(p) in r.stderr


@pytest.mark.parametrize(
    ("args", "config", "message"),
    [
        (["--format", "xml"], None, "'xml' is not one of"),
        (["--select", "misqoute"], None, "unknown rule(s): misqoute"),
        (["--db", "missing.duckdb"], None, "no such store"),
        ([], 'reference = "ref"\n[check]\nfail_levl = "info"\n', "unknown setting(s) fail_levl"),
        ([], 'reference = "ref"\n[check.rules.misquote]\nthreshold = "high"\n', "threshold must be a number"),
        ([], 'reference = "ref"\n[check.rules.misquote]\nseverity = "fatal"\n', "severity must be one of"),
    ],
)
def test_usage_and_config_errors_exit_2(project: Path, args: list[str], config: str | None, message: str) -> None:
    if config is not None:
        (project / ".audit.toml").write_text(config, encoding="utf-8")
    r = run(draft(project, MISQUOTE), *args)
    assert r.exit_code == 2
    assert message in r.stderr


def test_folder_of_drafts_and_no_drafts(project: Path) -> None:
    draft(project, MISQUOTE, "one.md")
    draft(project, "<p>Nothing quoted here.</p>", "two.html")
    r = run(project / "drafts")
    assert r.exit_code == 1 and "2 drafts checked" in r.stderr
    empty = project / "empty"
    empty.mkdir()
    r = run(empty)
    assert r.exit_code == 2 and "no drafts found" in r.stderr


def _git(cwd: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True,
                   capture_output=True)


def test_diff_base_reports_only_changed_lines(project: Path) -> None:
    """Two misquotes, one already on the base commit: only the new line is reported; a
    draft git does not track is new in full; outside a repository, a one-line error."""
    old = draft(project, MISQUOTE)
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "base")
    old.write_text(MISQUOTE + "\nAnd more.\n\n" + MISQUOTE.replace("extremely", "very"), encoding="utf-8")
    result = run(old, "--diff-base", "HEAD", "--format", "json")
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert [(f["rule"], f["line"]) for f in doc["findings"] if f["severity"] == "error"] == [("misquote", 5)]
    new = draft(project, MISQUOTE, "new.md")
    doc = json.loads(run(new, "--diff-base", "HEAD", "--format", "json").stdout)
    assert [f["line"] for f in doc["findings"] if f["rule"] == "misquote"] == [1]
    result = run(old, "--diff-base", "no-such-ref")
    assert result.exit_code == 2 and "unknown git ref" in result.output


def test_diff_base_outside_a_repository(project: Path) -> None:
    result = run(draft(project, MISQUOTE), "--diff-base", "HEAD")
    assert result.exit_code == 2
    assert "needs a git repository" in result.output and "Traceback" not in result.output


def test_bundled_reference_is_announced_once(tmp_path: Path, monkeypatch, nlp) -> None:
    """No store and no reference of the user's: one note on stderr says the drafts are
    judged against the seed story; with a reference of their own, no note."""
    monkeypatch.setattr(cli, "_pipeline", lambda model: nlp)
    monkeypatch.chdir(tmp_path)
    a = tmp_path / "a.md"
    a.write_text('"We will win," the captain said.\n\n"It is not true," said a spokesman for the bakery.\n', encoding="utf-8")
    b = tmp_path / "b.md"
    b.write_text("Nothing quoted here at all, just a sentence.\n", encoding="utf-8")
    result = run(a, b)
    assert result.exit_code == 0, result.output  # stock phrases are nobody's words
    assert result.stderr.count("bundled reference") == 1
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "speakers.toml").write_text("", encoding="utf-8")
    (tmp_path / "reference" / "statements.toml").write_text(STATEMENTS, encoding="utf-8")
    assert "bundled reference" not in run(a).stderr
