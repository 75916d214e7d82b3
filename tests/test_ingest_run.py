"""Ingest into the store: idempotent re-runs, broken files next to good ones, crashes
between articles, extraction failures, the ``audit ingest`` command."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.load import ingest
from audit.model import Quote
from audit.store import Store
from reliability_helpers import snapshot


def make_corpus(folder: Path, n_txt: int = 6) -> Path:
    """A small mixed-format corpus whose every article holds one direct quote."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n_txt):
        (folder / f"outlet{i}_2022-09-{10 + i:02d}_story-{i}.txt").write_text(
            f'Officials met on day {i}. The general said: "We advanced {i} kilometres."\n', encoding="utf-8")
    (folder / "wire.md").write_text(
        "---\noutlet: Meridian Wire\ndate: 2022-09-11\nurl: https://meridian.example/a\n---\n"
        'The ministry said: "Forces regrouped near Izium."\n', encoding="utf-8")
    (folder / "rows.jsonl").write_text("\n".join(
        json.dumps({"text": f'Row {i}: Kadyrov said: "Mistakes were made {i}."', "outlet": "Grozny Daily"})
        for i in range(3)) + "\n", encoding="utf-8")
    pl.DataFrame({"text": ['Girkin wrote: "Our troops left Izium."'], "url": ["https://www.courier.example/g"]}).write_parquet(
        folder / "feed.parquet")
    return folder


GOOD_ARTICLES = 6 + 1 + 3 + 1


def add_broken_files(folder: Path) -> dict[str, str]:
    """Bad inputs next to the good ones; returns file name → start of the expected reason."""
    (folder / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00")
    (folder / "empty.md").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("Le général a dit : « Nous avançons. »".encode("latin-1"))
    (folder / "bad.jsonl").write_text('{"text": "Fine row."}\n{broken\n', encoding="utf-8")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    return {
        "binary.txt": "binary file",
        "empty.md": "empty file",
        "latin1.txt": "not valid UTF-8",
        "bad.jsonl#2": "line is not JSON",
        "loop.txt": "symlink loop",
    }


def fake_extract_docs(items: Iterable[tuple], *, nlp, batch_size: int = 32, n_process: int = 1
                      ) -> Iterator[tuple[str, list[Quote]]]:
    """Stands in for spaCy where a test is about ingest, not extraction: every text in
    straight double quotes is a direct quote; a text containing BOOM breaks the pipeline."""
    for doc_id, text, *_ in items:  # (doc_id, text[, date])
        if "BOOM" in text:
            raise RuntimeError("pipeline broke")
        yield doc_id, [Quote(start=m.start(1), end=m.end(1), text=m[1], kind="direct", doc=doc_id)
                       for m in re.finditer(r'"([^"]+)"', text)]


@pytest.fixture
def fake_nlp(monkeypatch: pytest.MonkeyPatch) -> object:
    extract_module = importlib.import_module("audit.extract")  # ``audit.extract`` is bound to the function
    monkeypatch.setattr(extract_module, "extract_docs", fake_extract_docs)
    return object()


def test_ingest_counts_and_idempotent_rerun(tmp_path: Path, fake_nlp: object) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    db = tmp_path / "a.duckdb"
    with Store(db) as store:
        first = ingest([corpus], store, nlp=fake_nlp, progress=False)
    assert (first.seen, first.added, first.unchanged, first.failed, first.quotes) == (
        GOOD_ARTICLES, GOOD_ARTICLES, 0, 0, GOOD_ARTICLES)
    before = snapshot(db)
    with Store(db) as store:
        again = ingest([corpus], store, nlp=fake_nlp, progress=False)
    assert (again.seen, again.added, again.unchanged, again.failed) == (GOOD_ARTICLES, 0, GOOD_ARTICLES, 0)
    assert snapshot(db) == before
    quotes = before["quotes"]
    assert len(quotes) == GOOD_ARTICLES
    with Store(db, read_only=True) as store:
        frame = store.quotes_frame()
    assert sorted(frame["outlet"].unique().drop_nulls().to_list())[:3] == ["Grozny Daily", "Meridian Wire", "courier.example"]


def test_edited_file_becomes_next_version(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", n_txt=1)
    db = tmp_path / "a.duckdb"
    with Store(db) as store:
        ingest([corpus], store, extract=False, progress=False)
        path = next(corpus.glob("outlet0_*.txt"))
        path.write_text('Officials met. The general said: "We advanced 5 kilometres, not 4."\n', encoding="utf-8")
        stats = ingest([corpus], store, extract=False, progress=False)
        assert (stats.added, stats.unchanged) == (1, 5)
        assert store.con.execute("SELECT version FROM articles WHERE source = ? ORDER BY version",
                                 [str(path)]).fetchall() == [(1,), (2,)]


def test_no_extract_then_extract_fills_quotes(tmp_path: Path, fake_nlp: object) -> None:
    corpus = make_corpus(tmp_path / "corpus", n_txt=2)
    db = tmp_path / "a.duckdb"
    with Store(db) as store:
        plain = ingest([corpus], store, extract=False, progress=False)
        assert (plain.added, plain.quotes) == (7, 0)
        full = ingest([corpus], store, nlp=fake_nlp, progress=False)
        assert (full.added, full.unchanged, full.quotes) == (7, 0, 7)
        assert store.con.execute("SELECT count(*) FROM articles WHERE n_quotes IS NULL").fetchall() == [(0,)]


def test_broken_files_next_to_good_ones(tmp_path: Path, fake_nlp: object) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    expected = add_broken_files(corpus)
    with Store(tmp_path / "a.duckdb") as store:
        stats = ingest([corpus], store, nlp=fake_nlp, progress=False)
        errors = store.errors_frame()
        assert store.con.execute("SELECT count(*) FROM articles").fetchall() == [(GOOD_ARTICLES + 1,)]  # + "Fine row."
    assert (stats.seen, stats.added, stats.failed) == (GOOD_ARTICLES + 1, GOOD_ARTICLES + 1, len(expected))
    recorded = {Path(s).name: r for s, r in zip(errors["source"], errors["reason"])}
    assert set(recorded) == set(expected)
    for name, reason in expected.items():
        assert recorded[name].startswith(reason), (name, recorded[name])


def test_crash_between_articles_then_rerun_equals_clean_run(tmp_path: Path, fake_nlp: object,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    add_broken_files(corpus)
    clean, crashed = tmp_path / "clean.duckdb", tmp_path / "crashed.duckdb"
    with Store(clean) as store:
        ingest([corpus], store, nlp=fake_nlp, progress=False)

    import audit.store

    real_row = audit.store.quote_row
    calls = {"n": 0, "killed": None}

    def row_then_die(article_id, idx, quote):
        calls["n"] += 1
        if calls["n"] == 5:  # mid-way through building the third chunk's write
            calls["killed"] = article_id
            raise KeyboardInterrupt  # Ctrl-C inside that chunk's transaction
        return real_row(article_id, idx, quote)

    monkeypatch.setattr(audit.store, "quote_row", row_then_die)
    monkeypatch.setattr("audit.load.CHUNK_ARTICLES", 3)  # several commits before the crash
    with pytest.raises(KeyboardInterrupt), Store(crashed) as store:
        ingest([corpus], store, nlp=fake_nlp, progress=False)
    monkeypatch.setattr(audit.store, "quote_row", real_row)
    with Store(crashed, read_only=True) as store:
        [(stored,)] = store.con.execute("SELECT count(*) FROM articles").fetchall()
        assert 0 < stored < GOOD_ARTICLES + 1  # the chunks committed before the crash, whole
        assert store.known(calls["killed"]) is None
        assert store.con.execute(  # every stored article has all its quotes
            "SELECT count(*) FROM articles a WHERE n_quotes <> (SELECT count(*) FROM quotes q "
            "WHERE q.article_id = a.article_id)").fetchall() == [(0,)]
    with Store(crashed) as store:
        resumed = ingest([corpus], store, nlp=fake_nlp, progress=False)
    assert (resumed.added, resumed.unchanged) == (GOOD_ARTICLES + 1 - stored, stored)
    assert snapshot(crashed) == snapshot(clean)


def test_extraction_failure_is_one_error_not_a_dead_run(tmp_path: Path, fake_nlp: object) -> None:
    corpus = make_corpus(tmp_path / "corpus", n_txt=3)
    (corpus / "outlet1_2022-09-11_story-1b.txt").write_text('It went BOOM, he said: "Oops."', encoding="utf-8")
    with Store(tmp_path / "a.duckdb") as store:
        stats = ingest([corpus], store, nlp=fake_nlp, progress=False)
        [(source, reason)] = store.con.execute("SELECT source, reason FROM ingest_errors").fetchall()
    assert source.endswith("story-1b.txt") and reason == "extraction failed: RuntimeError: pipeline broke"
    assert (stats.seen, stats.added, stats.failed) == (3 + 5 + 1, 3 + 5, 1)


def test_cli_ingest_summary_and_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    corpus = make_corpus(tmp_path / "corpus", n_txt=2)
    runner = CliRunner()
    ok = runner.invoke(app, ["ingest", str(corpus), "--db", "x.duckdb", "--no-extract"])
    assert ok.exit_code == 0, ok.output
    assert "7 articles read: 7 added, 0 unchanged" in ok.output
    (corpus / "empty.txt").write_bytes(b"")
    bad = runner.invoke(app, ["ingest", str(corpus), "--db", "x.duckdb", "--no-extract"])
    assert bad.exit_code == 1
    assert "0 added, 7 unchanged" in bad.output and "empty.txt: empty file" in bad.output
    quiet = runner.invoke(app, ["ingest", str(corpus), "--db", "x.duckdb", "--no-extract", "-q"])
    assert quiet.exit_code == 1 and "unchanged" not in quiet.output  # -q: errors only
    assert "audit: failed:" in quiet.output and "empty.txt: empty file" in quiet.output
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_text("not a database", encoding="utf-8")
    refused = runner.invoke(app, ["ingest", str(corpus), "--db", str(garbage), "--no-extract", "-q"])
    assert refused.exit_code == 2 and "cannot open database" in refused.output


def test_end_to_end_with_real_model(tmp_path: Path, nlp) -> None:
    """The seed article through the real pipeline: stored quotes are exactly what
    ``extract_docs`` returns, offsets index the stored text, a re-run parses nothing."""
    from audit.extract import extract_docs

    seed = Path(__file__).parent / "data" / "seed" / "lbc_2022-09-12_kharkiv-withdrawal.txt"
    with Store(tmp_path / "a.duckdb") as store:
        stats = ingest([seed], store, nlp=nlp, progress=False)
        [(text, outlet, published)] = store.con.execute("SELECT text, outlet, published FROM articles").fetchall()
        frame = store.quotes_frame()
        again = ingest([seed], store, nlp=nlp, progress=False)
    [(_, expected)] = list(extract_docs([("seed", text)], nlp=nlp))
    assert stats.quotes == frame.height == len(expected) > 10
    assert (outlet, str(published)) == ("lbc", "2022-09-12")
    assert frame["text"].to_list() == [q.text for q in expected]
    assert frame["speaker"].to_list() == [q.speaker for q in expected]
    assert all(text[s:e] == t for s, e, t in zip(frame["start"], frame["end"], frame["text"]))
    assert (again.added, again.unchanged, again.quotes) == (0, 1, 0)
