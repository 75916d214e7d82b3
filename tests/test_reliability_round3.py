"""Hardening, round three (issue 28): reports fed back as articles, pages that stall
ingest, syndicated copies, Spark on old dates, workers and dates, standard input, config
values, readers and writers, CI outputs, and the smaller items. One test (at least) per
item, most severe first; every text here was written for the tests."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from audit.ingest.discover import OUTPUT_MARKER
from audit.load import ingest
from audit.model import QUOTE_FIELDS
from audit.report import write_reports
from audit.store import Store
from reliability_helpers import run_audit
from report_helpers import report_scores


def story(i: int) -> str:
    return f'"The ferry to the north pier runs again from week {i}," Ann Arden said.\n\nThe board met on Monday.\n'


def write_stories(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"harbour-news_2024-03-0{i + 1}_ferry-{i}.txt").write_text(story(i), encoding="utf-8")
    return folder


# 1. Reports are never read back as articles ------------------------------------------------


def test_reports_and_extract_output_in_the_corpus_are_skipped_and_named(tmp_path: Path) -> None:
    corpus = write_stories(tmp_path / "corpus", 3)
    written = write_reports(report_scores(tmp_path / "scores.duckdb"), corpus / "reports")
    assert (corpus / "reports" / OUTPUT_MARKER).is_file() and any(p.suffix == ".csv" for p in written)
    record = {field: None for field in QUOTE_FIELDS} | {"doc": "x.txt", "text": "a quote", "start": 0, "end": 7}
    (corpus / "quotes.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    with (corpus / "quotes.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.DictWriter(fh, QUOTE_FIELDS).writeheader()
    with Store(tmp_path / "a.duckdb") as store:
        stats = ingest([corpus], store, extract=False, progress=False)
        outlets = store.con.execute("SELECT DISTINCT outlet FROM articles").fetchall()
    assert (stats.added, stats.failed) == (3, 0)
    assert outlets == [("harbour-news",)]
    assert sorted(Path(s.source).name for s in stats.skipped) == ["quotes.csv", "quotes.jsonl", "reports"]

    done = run_audit(["ingest", "--no-extract", str(corpus), "--db", str(tmp_path / "b.duckdb"), "-q"])
    assert done.returncode == 0, done.stderr
    assert f"audit: skipped {corpus / 'reports'}: written by quote-audit" in done.stderr
    assert "Traceback" not in done.stderr

    only_reports = run_audit(["ingest", "--no-extract", str(corpus / "reports"), "--db", str(tmp_path / "c.duckdb")])
    assert only_reports.returncode == 2 and "no articles found" in only_reports.stderr
    assert "written by quote-audit" in only_reports.stderr


# 2. One HTML page cannot stall ingest --------------------------------------------------------


def hostile_page(attributes: int, paragraphs: int = 20) -> str:
    """A page whose one ``div`` carries ``attributes`` attributes (quoted ``>`` inside the
    values, so a scan that ignores quotes would miss it), and an ordinary article."""
    attrs = " ".join(f'data-k{i}="a>b"' for i in range(attributes))
    body = "".join(f"<p>Paragraph {i}: the harbour board met again and talked about the ferry.</p>" for i in range(paragraphs))
    return f"<html><head><title>Ferry</title></head><body><div {attrs}></div><article>{body}</article></body></html>"


def test_html_with_too_many_attributes_or_elements_is_refused_fast(tmp_path: Path) -> None:
    import time

    from audit.ingest.html import MAX_ATTRIBUTES, MAX_ELEMENTS

    corpus = tmp_path / "pages"
    corpus.mkdir()
    (corpus / "ok.html").write_text(hostile_page(MAX_ATTRIBUTES), encoding="utf-8")
    (corpus / "attrs.html").write_text(hostile_page(150_000), encoding="utf-8")  # 3.3 MB, one element
    (corpus / "elements.html").write_text("<b>x</b>" * (MAX_ELEMENTS + 1), encoding="utf-8")
    started = time.process_time()
    with Store(tmp_path / "a.duckdb") as store:
        stats = ingest([corpus], store, extract=False, progress=False)
        rows = dict(store.con.execute("SELECT source, reason FROM ingest_errors").fetchall())
    assert time.process_time() - started < 20  # before: minutes of CPU for the 3 MB page
    assert (stats.added, stats.failed) == (1, 2)
    assert f"more than {MAX_ATTRIBUTES:,} attributes (150,000)" in rows[str(corpus / "attrs.html")]
    assert f"more than {MAX_ELEMENTS:,} elements" in rows[str(corpus / "elements.html")]


def test_html_past_its_cpu_budget_becomes_an_error_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from audit.ingest import html

    monkeypatch.setattr(html, "CPU_SECONDS", 0.05)
    page = tmp_path / "long.html"
    page.write_text(hostile_page(10, paragraphs=20_000), encoding="utf-8")  # ~1.6 MB: seconds of CPU
    with Store(tmp_path / "a.duckdb") as store:
        stats = ingest([page], store, extract=False, progress=False)
        rows = store.con.execute("SELECT reason FROM ingest_errors").fetchall()
    assert (stats.added, stats.failed) == (0, 1)
    assert rows == [("HTML took more than 0.05 CPU seconds to extract; not read",)]
    import signal

    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)  # the timer is off again


# 3. Both engines take the same hostile dates ------------------------------------------------

HOSTILE_DATES = ("0001-01-01", "1000-03-01", "1582-10-04", "1582-10-10", "1582-10-15", "1899-12-31", "9999-12-31")
"""The first day DuckDB stores, days in the Julian calendar, one inside the ten days the
Gregorian reform skipped, the reform's first day, and the last day of year 9999."""


@pytest.mark.slow
def test_spark_and_duckdb_store_the_same_old_dates(tmp_path: Path) -> None:
    import shutil

    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed")
    import polars as pl

    from audit.config import Config
    from audit.engines import run
    from audit.engines.spark import session
    from audit.engines.tables import open_tables

    rows = [{"text": f'{story(i)}', "date": day, "outlet": f"paper-{i % 3}", "url": f"https://p{i}.example/{i}"}
            for i, day in enumerate(HOSTILE_DATES)]
    corpus = tmp_path / "old.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    cfg = Config(semantic=False)
    duck = run([corpus], engine="duckdb", db=tmp_path / "a.duckdb", out=tmp_path / "duck", config=cfg)
    spark = session("local[1]")
    try:
        sparked = run([corpus], engine="spark", spark=spark, db=tmp_path / "tables", out=tmp_path / "spark", config=cfg)
    finally:
        spark.stop()
    assert duck.ingest.failed == sparked.ingest.failed == 0
    tables = open_tables(sparked.db)
    published = "SELECT url, published FROM articles ORDER BY url"
    with Store(duck.db, read_only=True) as store:
        assert tables.sql(published).fetchall() == store.con.sql(published).fetchall()
        assert sorted(str(d) for _, d in store.con.sql(published).fetchall()) == sorted(
            HOSTILE_DATES)
    tables.close()
    for name, frame in duck.scores.items():
        assert frame.equals(getattr(sparked.scores, name)), name
    assert pl.read_parquet(tmp_path / "spark" / "quotes.parquet").height == len(HOSTILE_DATES)


# 4. A syndicated copy is its printer's article, whatever its canonical URL -------------------

WIRE_URL = "https://apnews.example.com/article/ferry-returns-0a1b2c"


def syndicated_page(site: str, quote: str) -> str:
    return (f'<html><head><title>Ferry returns</title><link rel="canonical" href="{WIRE_URL}">'
            f'<meta property="og:site_name" content="{site}"></head><body><article>'
            f'<p>{quote} Ann Arden said on Monday at the north pier.</p>'
            "<p>The harbour board met again and talked about the timetable for the summer.</p>"
            "</article></body></html>")


def test_a_local_copy_of_a_wire_story_keeps_its_own_outlet(tmp_path: Path) -> None:
    corpus = tmp_path / "pages"
    corpus.mkdir()
    (corpus / "wire.html").write_text(syndicated_page("AP News", '"The ferry runs again from May."'), encoding="utf-8")
    (corpus / "local.html").write_text(syndicated_page("Harbour Gazette", '"The ferry runs again in May."'),
                                       encoding="utf-8")
    rows = [{"text": story(1), "url": WIRE_URL, "outlet": outlet} for outlet in ("Harbour Post", "Bay Herald")]
    (corpus / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with Store(tmp_path / "a.duckdb") as store:
        stats = ingest([corpus], store, extract=False, progress=False)
        stored = store.con.execute("SELECT outlet, version, source FROM articles_latest ORDER BY outlet").fetchall()
    assert (stats.added, stats.failed) == (4, 0)
    assert stored == [(outlet, 1, WIRE_URL) for outlet in ("Bay Herald", "Harbour Gazette", "Harbour Post",
                                                           "apnews.example.com")]


# 5. Dated articles cross to spaCy's worker processes ------------------------------------------


def test_two_workers_extract_dated_articles_as_one_does() -> None:
    from datetime import date

    from audit.extract import extract_docs, load_pipeline

    nlp = load_pipeline()
    items = [(str(i), story(i), date(2024, 3, 1 + i) if i % 2 else None) for i in range(6)]
    one = list(extract_docs(items, nlp=nlp, batch_size=2, n_process=1))
    two = list(extract_docs(items, nlp=nlp, batch_size=2, n_process=2))  # before: TypeError, date not serialisable
    assert two == one
    assert all(quotes and quotes[0].speaker == "Ann Arden" for _, quotes in two)


# 6. Standard input is read in bounded chunks, with the files' limit ---------------------------


class _Stdin:
    """A stand-in for ``sys.stdin`` whose ``buffer`` serves ``size`` bytes in whatever
    pieces are asked for, counting what was read (nothing is held in memory)."""

    def __init__(self, size: int, fill: bytes = b"The ferry runs again. ") -> None:
        import io

        self.buffer = self
        self.left, self.fill, self.served, self.largest = size, fill, 0, 0
        self._io = io

    def read(self, n: int = -1) -> bytes:
        n = self.left if n is None or n < 0 else min(n, self.left)
        self.left -= n
        self.served += n
        self.largest = max(self.largest, n)
        return (self.fill * (n // len(self.fill) + 1))[:n]


def test_stdin_over_the_limit_is_refused_after_reading_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from audit.check.locate import DraftError, read_draft
    from audit.ingest import iter_articles
    from audit.ingest.common import MAX_FILE_BYTES, READ_CHUNK_BYTES

    for reader in ("check", "ingest"):
        stdin = _Stdin(157 * 1024 * 1024)
        monkeypatch.setattr(sys, "stdin", stdin)
        if reader == "check":
            with pytest.raises(DraftError, match=f"-: input larger than the {MAX_FILE_BYTES:,}-byte limit"):
                read_draft("-")
        else:
            [error] = list(iter_articles(["-"]))
            assert error.reason == f"input larger than the {MAX_FILE_BYTES:,}-byte limit"
        assert stdin.served == MAX_FILE_BYTES + 1 and stdin.largest <= READ_CHUNK_BYTES


def test_a_large_draft_is_refused_before_parsing(tmp_path: Path) -> None:
    import tracemalloc

    from audit.check.locate import DraftError, read_draft

    draft = tmp_path / "dump.md"
    draft.write_bytes(b"The ferry runs again, she said. " * 950_000)  # 30 MB, under the byte limit
    tracemalloc.start()
    with pytest.raises(DraftError, match="not parsed"):
        read_draft(draft)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 200 * 1024 * 1024  # before: 2.86 GB for a 31 MB draft


def test_stdin_is_decoded_alike_by_ingest_and_check(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from audit.check.locate import DraftError, read_draft
    from audit.ingest import iter_articles

    for data in ("Café owner Zoë Hart said \"we open in May\".".encode("latin-1"),
                 "Ann said \"hello\"".encode("utf-16-le")):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        [record] = list(iter_articles(["-"]))
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        with pytest.raises(DraftError) as refused:
            read_draft("-")
        assert not hasattr(record, "text") and str(refused.value) == f"-: {record.reason}"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Ann said \"hello\"".encode("utf-16"))))
    [article] = list(iter_articles(["-"]))
    assert article.text == 'Ann said "hello"'


# 7. The whole config is checked before any work ---------------------------------------------

BAD_SETTINGS = {
    'semantic_window_days = "7"': "semantic_window_days: input should be a valid integer (got '7')",
    "semantic_window_days = -5": "semantic_window_days: input should be greater than or equal to 0",
    "semantic_window_days = 1e308": "semantic_window_days: input should be a valid integer",
    'columns = "x"': "columns: input should be a valid dictionary",
    'reference = "/etc"': "reference: /etc holds neither speakers.toml nor statements.toml",
    "semantic = 1": "semantic: input should be a valid boolean",
    "[check.rules.misquote]\nthreshold = 1000": "[check.rules.misquote]: threshold must be between 0 and 100",
}


@pytest.mark.parametrize("setting", list(BAD_SETTINGS))
def test_a_bad_setting_is_one_line_and_exit_2_before_anything_is_written(setting: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from audit.cli import app

    corpus = write_stories(tmp_path / "corpus", 1)
    config = tmp_path / ".audit.toml"
    config.write_text(setting + "\n", encoding="utf-8")
    db = tmp_path / "a.duckdb"
    result = CliRunner().invoke(app, ["--config", str(config), "ingest", "--no-extract", str(corpus), "--db", str(db)])
    assert result.exit_code == 2, result.output
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"audit: error: {config}: ") and BAD_SETTINGS[setting] in line
    assert not db.exists()


def test_a_missing_model_and_a_nested_baseline_are_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from audit.cli import app

    corpus = write_stories(tmp_path / "corpus", 1)
    db = tmp_path / "a.duckdb"
    result = CliRunner().invoke(app, ["--isolated", "run", str(corpus), "--model", "no_such_model_xyz", "--db", str(db),
                                      "--out", str(tmp_path / "out"), "--no-semantic"])
    assert result.exit_code == 2 and "no_such_model_xyz" in result.output and not db.exists()
    assert len(result.output.strip().splitlines()) == 1
    baseline = tmp_path / "baseline.json"
    baseline.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    from audit.check.baseline import BaselineError, load_baseline

    with pytest.raises(BaselineError, match="nested too deeply"):
        load_baseline(baseline)


# 8. A reader that keeps a writer out is called a reader ----------------------------------------


def test_a_writer_kept_out_by_a_reader_is_told_so(tmp_path: Path) -> None:
    import subprocess
    import time

    from audit.store import StoreLocked

    db = tmp_path / "news.duckdb"
    Store(db).close()
    reader = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from audit.store import Store\n"
        f"s = Store({str(db)!r}, read_only=True); print('open', flush=True); time.sleep(30)")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "open"
        started = time.monotonic()
        with pytest.raises(StoreLocked) as kept_out:
            Store(db, wait=0.5)
        assert time.monotonic() - started < 10
    finally:
        reader.kill()
        reader.wait()
    message = str(kept_out.value)
    assert f"is open for reading by process {reader.pid}" in message and "writing process" not in message
    Store(db).close()  # free again once the reader has gone


# 9. CI formats list every draft that could not be checked ---------------------------------------


def test_junit_and_gitlab_list_unreadable_and_refused_drafts(nlp, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    from audit.check import check
    from audit.check.formats import render
    from audit.check.formats.sarif import _uri
    from audit.config import Config

    drafts, outside = tmp_path / "drafts", tmp_path / "secret.md"
    drafts.mkdir()
    outside.write_text("Not for the CI log.\n", encoding="utf-8")
    (drafts / "clean.md").write_text("The board met on Monday.\n", encoding="utf-8")
    (drafts / "notes: monday.md").write_bytes("Café owner Zoë Hart spoke.\n".encode("latin-1"))
    (drafts / "link.md").symlink_to(outside)
    result = check([drafts], config=Config(), nlp=nlp)
    bad = {str(drafts / "notes: monday.md"), str(drafts / "link.md")}
    assert set(result.unreadable) == bad and len(result.errors) == 2

    suites = {s.get("name"): s for s in ET.fromstring(render(result, "junit")).iter("testsuite")}
    assert set(suites) == bad | {str(drafts / "clean.md")}
    for name in bad:  # before: the odd name passed, the symlink was missing
        assert suites[name].get("errors") == "1" and suites[name].find("testcase/error") is not None
    issues = json.loads(render(result, "gitlab"))
    assert sorted(i["location"]["path"] for i in issues if i["check_name"] == "unreadable-draft") == sorted(
        _uri(p) for p in bad)
    assert len({i["fingerprint"] for i in issues}) == len(issues)


# 10. The smaller items ---------------------------------------------------------------------------


def test_hidden_html_text_is_not_article_text(tmp_path: Path) -> None:
    from audit.ingest import iter_articles

    body = "".join(f"<p>Paragraph {i}: the harbour board met again about the ferry timetable.</p>" for i in range(4))
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><article>{body}<p hidden>HIDDEN words.</p><template><p>TEMPLATE words.</p>"
                    "</template></article></body></html>", encoding="utf-8")
    [article] = list(iter_articles([page]))
    assert "Paragraph 3" in article.text and "HIDDEN" not in article.text and "TEMPLATE" not in article.text


def test_extract_output_gets_the_umask_mode_and_killed_runs_temporaries_go(nlp, tmp_path: Path) -> None:
    import os
    import subprocess

    from audit.extract.output import write_quotes
    from audit.ingest import iter_articles

    corpus = write_stories(tmp_path / "corpus", 1)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".audit-{dead.pid}-0badc0de-quotes.jsonl.tmp"
    stale.write_text("half", encoding="utf-8")
    old = os.umask(0o022)
    try:
        out = tmp_path / "quotes.jsonl"
        assert write_quotes(iter_articles([corpus]), nlp=nlp, fmt="jsonl", output=out, progress=False) == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644  # before: 0600 whatever the umask
    assert not stale.exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_table_inputs_refuse_ambiguity_and_drop_non_text_metadata(tmp_path: Path) -> None:
    from audit.ingest import iter_articles

    (tmp_path / "two.csv").write_text("text,outlet,text\nfirst words,Bay Herald,second words\n", encoding="utf-8")
    rows = [{"text": story(1), "title": {"en": "Ferry"}, "author": ["Ann Arden", {"x": 1}], "outlet": "Bay Herald"}]
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "export.json").write_text("[]", encoding="utf-8")
    (tmp_path / "archive.txt.gz").write_bytes(b"\x1f\x8b")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    records = {Path(r.source.split("#")[0]).name: r for r in iter_articles([tmp_path])}
    assert set(records) == {"two.csv", "rows.jsonl", "export.json", "archive.txt.gz"}
    assert records["two.csv"].reason == "header has 2 'text' columns"
    assert records["export.json"].reason == "unsupported file type '.json'"
    assert records["archive.txt.gz"].reason == "unsupported file type '.gz'"
    article = records["rows.jsonl"]
    assert article.title is None and article.author == "Ann Arden"  # before: "{'en': 'Ferry'}"


def test_a_latin_name_with_cyrillic_look_alikes_is_the_same_person(nlp) -> None:
    from audit.extract import extract

    plain = extract('"The ferry runs again in May," Ann Reed said.', nlp=nlp)
    mixed = extract('"The ferry runs again in May," Ann R\u0435\u0435d said.', nlp=nlp)  # two Cyrillic "е"
    assert plain[0].speaker_id == mixed[0].speaker_id == "ann-reed"  # before: ann-rd


def test_control_characters_never_reach_csv_cells(tmp_path: Path) -> None:
    import polars as pl

    from audit.files.csv_safe import csv_ready, neutralise

    payload = "We said \x1b]0;owned\x07 and \x1b[31mred\x9b"
    assert "\x1b" not in neutralise(payload) and "\x07" not in neutralise(payload)
    out = tmp_path / "q.csv"
    csv_ready(pl.DataFrame({"text": [payload, "line one\nline two\tend"]})).write_csv(out)
    written = out.read_text(encoding="utf-8")
    assert not any(c in written for c in "\x1b\x07\x9b") and "line one\nline two\tend" in written


def test_badly_typed_reference_statements_are_refused(tmp_path: Path) -> None:
    from audit.check.reference import ReferenceError, load_statements_file

    path = tmp_path / "statements.toml"
    path.write_text('[[statement]]\ntext = "The ferry runs in May."\nspeaker = {name = "Ann"}\n', encoding="utf-8")
    with pytest.raises(ReferenceError, match="statement #1: speaker has the wrong type"):
        load_statements_file(path)
    path.write_text('[[statement]]\ntext = "The ferry runs in May."\ncues = ["said", 3]\n', encoding="utf-8")
    with pytest.raises(ReferenceError, match="statement #1: cues has the wrong type"):
        load_statements_file(path)


def test_metadata_that_cannot_be_kept_leaves_a_row(tmp_path: Path) -> None:
    rows = [{"text": story(1), "date": "the day after Easter", "title": {"en": "Ferry"}, "outlet": "Bay Herald"},
            {"text": story(2), "date": "2024-03-02", "title": "Ferry", "outlet": "Bay Herald"}]
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with Store(tmp_path / "a.duckdb") as store:
        stats = ingest([tmp_path / "rows.jsonl"], store, extract=False, progress=False)
        again = ingest([tmp_path / "rows.jsonl"], store, extract=False, progress=False)
        stored = store.con.execute("SELECT published, title FROM articles ORDER BY source").fetchall()
        rows_kept = store.con.execute("SELECT source, reason FROM ingest_errors ORDER BY reason").fetchall()
    assert stats.added == 2 and again.added == 0
    assert [str(d) if d else None for d, _ in stored] == [None, "2024-03-02"]
    source = f"{tmp_path / 'rows.jsonl'}#1"
    assert rows_kept == [(source, "date 'the day after Easter' not understood; stored without it"),
                         (source, "title {'en': 'Ferry'} is not text; stored without it")]


def test_ingest_with_two_workers_keeps_them_for_dated_articles(nlp, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    extract_module = importlib.import_module("audit.extract")  # ``audit.extract`` is also a function's name
    real, calls = extract_module.extract_docs, []

    def counted(items, **kwargs):
        calls.append(kwargs.get("n_process", 1))
        return real(items, **kwargs)

    monkeypatch.setattr(extract_module, "extract_docs", counted)
    corpus = write_stories(tmp_path / "corpus", 4)  # dated by their file names
    with Store(tmp_path / "a.duckdb") as store:
        stats = ingest([corpus], store, nlp=nlp, workers=2, progress=False)
    assert (stats.added, stats.quotes, stats.failed) == (4, 4, 0)
    assert calls == [2]  # before: the pool failed on the dates and every article was redone in one process
