"""Command-line conventions shared by every command: exit codes (0 ok, 1 problems found,
2 usage or input error, 130 interrupted), nothing written on a bad input, readable
errors, atomic ``-o``, progress totals, ``--format`` choices, ``-q``, standard input,
help text and colour."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit import cli
from audit.ingest import READERS
from audit.ingest.count import InputError, count_articles, require_inputs

QUOTE = 'Lord Dannatt said: "The Ukrainians have done extremely well in the last few days."\n'
COMMANDS = ("extract", "eval", "eval-statements", "run", "ingest", "match", "check", "train", "report")


def invoke(*args: str | Path, input: str | None = None):
    return CliRunner().invoke(cli.app, [str(a) for a in args], input=input)


@pytest.fixture
def here(tmp_path: Path, monkeypatch) -> Path:
    """An empty working folder with no config file above it that matters."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".audit.toml").write_text("", encoding="utf-8")  # stops discovery here
    return tmp_path


# --- exit codes and bad input ---------------------------------------------------------------


def test_run_on_a_missing_folder_exits_2_and_writes_nothing(here: Path) -> None:
    r = invoke("run", "nosuch/")
    assert r.exit_code == 2
    assert r.output.strip().splitlines() == ["audit: error: no such file or folder: nosuch"]
    assert sorted(p.name for p in here.iterdir()) == [".audit.toml"]


@pytest.mark.parametrize("command", ["extract", "ingest", "run"])
def test_an_empty_folder_says_no_articles_found(here: Path, command: str) -> None:
    (here / "emptydir").mkdir()
    r = invoke(command, "emptydir")
    assert r.exit_code == 2
    assert "audit: error: no articles found in emptydir" in r.output
    assert sorted(p.name for p in here.iterdir()) == [".audit.toml", "emptydir"]


@pytest.mark.parametrize("command", ["extract", "ingest", "run", "check"])
def test_a_missing_file_exits_2_from_every_command(here: Path, command: str, monkeypatch, nlp) -> None:
    monkeypatch.setattr(cli, "_pipeline", lambda model: nlp)
    r = invoke(command, "missing.md")
    assert r.exit_code == 2, r.output
    assert "missing.md" in r.output and "Traceback" not in r.output


def test_a_lone_unsupported_file_names_the_reason(here: Path) -> None:
    (here / "notes.py").write_text("x = 1\n", encoding="utf-8")
    r = invoke("extract", "notes.py")
    assert r.exit_code == 2 and "unsupported file type '.py'" in r.output


def test_require_inputs_counts_rows_of_tables(tmp_path: Path) -> None:
    import polars as pl

    (tmp_path / "a.txt").write_text("One article.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{"text": "z"}\n', encoding="utf-8")
    (tmp_path / "c.csv").write_text('text,outlet\n"two\nlines",A\nthree,B\n', encoding="utf-8")
    pl.DataFrame({"text": ["p", "q", "r", "s"]}).write_parquet(tmp_path / "d.parquet")
    (tmp_path / "skip.py").write_text("", encoding="utf-8")
    count = require_inputs([tmp_path], frozenset(READERS))
    assert (count.files, count.articles) == (4, 1 + 3 + 2 + 4)
    assert count_articles([tmp_path / "b.jsonl", "-"], frozenset(READERS)).articles == 4
    with pytest.raises(InputError, match="no such file or folder: .*nope"):
        require_inputs([tmp_path / "a.txt", tmp_path / "nope"], frozenset(READERS))
    with pytest.raises(InputError, match="no such file or folder: .*\\*.docx"):
        require_inputs([str(tmp_path / "*.docx")], frozenset(READERS))


def test_progress_bar_gets_the_total_before_the_first_article(tmp_path: Path, monkeypatch) -> None:
    """``ingest`` counts its inputs first, so the bar has a total (and an ETA) from the start."""
    from audit import load as ingest_run
    from audit.store import Store

    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(f"Article number {i} says little.", encoding="utf-8")
    seen: dict[str, object] = {}
    real = ingest_run._Progress

    class Spy(real):  # type: ignore[misc, valid-type]
        def __init__(self, enabled, stats, total=None):
            seen["total"] = total
            super().__init__(enabled, stats, total)

        def advance(self, n: int) -> None:
            seen["done"] = seen.get("done", 0) + n  # type: ignore[operator]
            super().advance(n)

    monkeypatch.setattr(ingest_run, "_Progress", Spy)
    with Store(tmp_path / "x.duckdb") as store:
        ingest_run.ingest([tmp_path], store, extract=False, progress=True)
    assert seen == {"total": 3, "done": 3}


def test_run_prints_ingest_errors_as_lines(here: Path, monkeypatch, nlp) -> None:
    monkeypatch.setattr(sys.modules["audit.extract"], "load_pipeline", lambda *a, **k: nlp)
    (here / "in").mkdir()
    (here / "in" / "good.txt").write_text(QUOTE, encoding="utf-8")
    (here / "in" / "b.jsonl").write_text('{"text": 3}\n', encoding="utf-8")
    r = invoke("run", "in", "--db", "x.duckdb", "--out", "out")
    assert r.exit_code == 1, r.output
    assert "audit: failed: " in r.output and "b.jsonl#1: text is int, not a string" in r.output
    assert "IngestError(" not in r.output and "errors [" not in r.output


def test_ctrl_c_during_run_says_what_was_kept_and_exits_130(here: Path, monkeypatch, nlp) -> None:
    import audit.load

    monkeypatch.setattr(sys.modules["audit.extract"], "load_pipeline", lambda *a, **k: nlp)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(audit.load, "ingest", interrupted)
    (here / "a.txt").write_text(QUOTE, encoding="utf-8")
    r = invoke("run", "a.txt", "--db", "x.duckdb", "--out", "out")
    assert r.exit_code == 130
    assert "interrupted during ingest" in r.output and "x.duckdb is complete" in r.output
    assert "run the same command to resume" in r.output


def test_real_sigint_in_run(tmp_path: Path) -> None:
    """A real Ctrl-C (SIGINT) in a real ``audit run``: exit 130, the message, a database
    that opens, and a second run that finishes the job."""
    src = Path(__file__).parent / "data" / "seed" / "lbc_2022-09-12_kharkiv-withdrawal.txt"
    text = src.read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        (folder / f"lbc_2022-09-12_copy{i:02d}.txt").write_text(f"Copy {i}.\n\n{text}", encoding="utf-8")
    (tmp_path / ".audit.toml").write_text("", encoding="utf-8")
    cmd = [sys.executable, "-m", "audit", "run", "in", "--db", "x.duckdb", "--out", "out", "-q"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (tmp_path / "x.duckdb").exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal arrived")
    assert proc.returncode == 130, err
    assert "interrupted during" in err and "run the same command to resume" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out" / "report.html").exists()


def test_extract_output_is_atomic(here: Path, monkeypatch, nlp) -> None:
    """Ctrl-C while ``extract -o`` writes leaves the previous file as it was and no temporary file."""
    extract_module = sys.modules["audit.extract"]
    monkeypatch.setattr(cli, "_pipeline", lambda model: nlp)
    for i in range(3):
        (here / f"a{i}.txt").write_text(QUOTE, encoding="utf-8")
    out = here / "quotes.jsonl"
    assert invoke("extract", "a0.txt", "a1.txt", "a2.txt", "-o", out, "-q").exit_code == 0
    before = out.read_text(encoding="utf-8")
    assert len(before.splitlines()) == 3

    real = extract_module.extract_docs

    def breaks_after_one(items, **kw):
        results = real(items, **kw)
        yield next(results)
        raise KeyboardInterrupt

    monkeypatch.setattr(extract_module, "extract_docs", breaks_after_one)
    for fmt in ("jsonl", "csv", "parquet"):
        r = invoke("extract", "a0.txt", "a1.txt", "a2.txt", "-o", out, "-f", fmt, "-q")
        assert r.exit_code == 130 and f"{out} was left as it was" in r.output
        assert out.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in here.iterdir() if p.name.startswith(".")) == [".audit.toml"]


# --- conventions -----------------------------------------------------------------------------


def test_stdin_for_extract_and_check(here: Path, monkeypatch, nlp) -> None:
    monkeypatch.setattr(cli, "_pipeline", lambda model: nlp)
    r = invoke("extract", "-", "-f", "json", input=QUOTE)
    assert r.exit_code == 0, r.output
    [rec] = json.loads(r.stdout)
    assert rec["doc"] == "-" and rec["speaker"] == "Richard Dannatt" and rec["cue"] == "said"
    (here / "ref").mkdir()
    (here / "ref" / "statements.toml").write_text(
        '[[statement]]\nid = "d"\nspeaker = "richard-dannatt"\n'
        'text = "The Ukrainians have done remarkably well in the last few days."\n',
        encoding="utf-8",
    )
    (here / ".audit.toml").write_text('reference = "ref"\n', encoding="utf-8")
    r = invoke("check", "-", input=QUOTE)
    assert r.exit_code == 1, r.output
    assert r.stdout.startswith("-:1:") and "misquote" in r.stdout


def test_json_format_everywhere(here: Path, monkeypatch, nlp) -> None:
    monkeypatch.setattr(cli, "_pipeline", lambda model: nlp)
    monkeypatch.setattr(sys.modules["audit.extract"], "load_pipeline", lambda *a, **k: nlp)
    (here / "a.txt").write_text(QUOTE, encoding="utf-8")
    ingested = json.loads(invoke("ingest", "a.txt", "--db", "x.duckdb", "--format", "json").stdout)
    assert ingested["added"] == 1 and ingested["quotes"] == 1
    matched = json.loads(invoke("match", "--db", "x.duckdb", "-f", "json").stdout)
    assert matched["statements"] == 1
    reported = json.loads(invoke("report", "--db", "x.duckdb", "--out", "out", "--format", "json").stdout)
    assert reported["quotes"] == 1 and any(p.endswith("report.html") for p in reported["written"])
    ran = json.loads(invoke("run", "a.txt", "--db", "y.duckdb", "--out", "out2", "--format", "json").stdout)
    assert ran["ingest"]["added"] == 1 and ran["ingest"]["errors"] == [] and ran["match"]["statements"] == 1
    # the retired --json still works, with a note on stderr
    old = invoke("match", "--db", "x.duckdb", "--json")
    assert old.exit_code == 0 and json.loads(old.stdout)["statements"] == 1
    assert "--json is deprecated" in old.stderr


@pytest.mark.parametrize("command", ["extract", "check", "eval", "match", "run", "ingest", "report"])
def test_format_is_a_choice(here: Path, command: str) -> None:
    r = invoke(command, *(["x"] if command in ("extract", "check", "eval", "ingest") else []), "--format", "yaml")
    assert r.exit_code == 2 and "'yaml' is not one of" in r.output


def test_format_choices_complete(here: Path) -> None:
    """``--format`` values complete in the shell (``audit --install-completion``)."""
    env = {"_AUDIT_COMPLETE": "complete_bash", "COMP_WORDS": "audit extract --format j", "COMP_CWORD": "3"}
    script = Path(sys.executable).parent / "audit"  # the console script pip installed
    if not script.exists():
        pytest.skip(f"no audit script beside {sys.executable}")
    r = subprocess.run([str(script)], env={**os.environ, **env}, capture_output=True, text=True, cwd=here)
    assert r.stdout.split() == ["jsonl", "json"]


def test_quiet_means_errors_and_requested_output_only(here: Path, monkeypatch, nlp) -> None:
    monkeypatch.setattr(sys.modules["audit.extract"], "load_pipeline", lambda *a, **k: nlp)
    monkeypatch.setattr(cli, "_pipeline", lambda model: nlp)
    (here / "a.txt").write_text(QUOTE, encoding="utf-8")
    assert invoke("run", "a.txt", "--db", "x.duckdb", "--out", "out", "-q").output == ""
    assert invoke("ingest", "a.txt", "--db", "x.duckdb", "-q").output == ""
    assert invoke("match", "--db", "x.duckdb", "-q").output == ""
    assert invoke("report", "--db", "x.duckdb", "--out", "out", "-q").output == ""
    assert len(invoke("extract", "a.txt", "-q").stdout.splitlines()) == 1  # the records still come
    checked = invoke("check", "a.txt", "-q")
    assert "checked" not in checked.output  # no closing summary line


@pytest.mark.parametrize("command", COMMANDS)
def test_help_reads_as_text(command: str) -> None:
    r = invoke(command, "--help")
    assert r.exit_code == 0
    for leftover in ("<bool>", "<list[", "<path>", "<str>", "``", "../shared", "/work/"):
        assert leftover not in r.output, (command, leftover)
    assert "Example" in r.output


def test_top_level_help_and_version_flag() -> None:
    r = invoke("--help")
    assert r.exit_code == 0 and "--version" in r.output and "--isolated" in r.output and "--config FILE" in r.output
    assert "<bool>" not in r.output


def test_check_colours_severities_on_a_terminal_only(here: Path, monkeypatch, nlp) -> None:
    """Severity words in colour when the output is a terminal (``color=True`` stands in for
    one), none when piped (click drops the codes) and none with ``NO_COLOR``."""
    monkeypatch.setattr(cli, "_pipeline", lambda model: nlp)
    monkeypatch.delenv("NO_COLOR", raising=False)
    (here / "d.md").write_text('"We will win this war, there is no doubt about it," a source said.\n', encoding="utf-8")
    tty = CliRunner().invoke(cli.app, ["check", "d.md", "--fail-level", "info"], color=True)
    assert "\x1b[" in tty.stdout
    piped = CliRunner().invoke(cli.app, ["check", "d.md", "--fail-level", "info"])
    assert piped.stdout and "\x1b" not in piped.stdout
    assert piped.stdout.splitlines()[0].startswith("d.md:1:")
    monkeypatch.setenv("NO_COLOR", "1")
    plain = CliRunner().invoke(cli.app, ["check", "d.md", "--fail-level", "info"], color=True)
    assert "\x1b" not in plain.stdout and plain.stdout == piped.stdout
