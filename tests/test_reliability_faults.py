"""Faults mid-run (issue 7): ``kill -9`` of ``audit ingest`` and ``audit match`` at random
moments, a full disk, and output folders that cannot be written.

After every kill the database must open, hold no partial article (every article's stored
quotes number exactly its ``n_quotes``, every quote is ``text[start:end]`` of its
article) and no half-written match (every statement's ``n_quotes`` is its number of
links); running the same command again must end with exactly the tables of an
uninterrupted run. Failed writes must end the command with exit status 2 and one
``audit: error:`` line, never a traceback.

The default run uses a template extractor inside the real CLI (the child process swaps
spaCy for a regex over straight double quotes), so that a run is a few seconds yet
commits dozens of chunks with their quotes; ``-m slow`` repeats the kills with the real
spaCy pipeline and more seeds.
"""

from __future__ import annotations

import random
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from audit.model import Article, Quote
from audit.store import Store
from reliability_helpers import (
    RUN_CLI,
    TEMPLATE_EXTRACTOR,
    Finished,
    article_text,
    partial_articles,
    run_audit,
    shared_tmpdir,
    snapshot,
    write_jsonl,
)

DISK_LIMIT = """
import resource, signal
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as on a full disk
limit = int(sys.argv.pop(1))
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
"""
"""Prepended to a driver: files may not grow past ``argv[1]`` bytes (a full disk)."""

N_FILES, N_ROWS = 1500, 1500
"""Template corpus: one-article ``.txt`` files plus JSON Lines rows, two quotes each."""

FAST_SEEDS = (1,)
SLOW_SEEDS = (2, 3, 4, 5, 6, 7)


def template_article(i: int) -> str:
    return article_text(i) + f'A colleague added: "Report {i} stands as written."\n'


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("faults") / "news"
    root.mkdir()
    for i in range(N_FILES):
        (root / f"outlet{i % 7}_2022-09-{10 + i % 19:02d}_s{i:05d}.txt").write_text(template_article(i), encoding="utf-8")
    write_jsonl(root / "wire.jsonl", [{"text": template_article(N_FILES + i), "outlet": "Wire"} for i in range(N_ROWS)])
    (root / "broken.txt").write_bytes(b"\xff\xfe\x00binary")
    (root / "bad.jsonl").write_text('{"text": "fine row, no quote"}\n{nope\n', encoding="utf-8")
    return root


def template_ingest(corpus: Path, db: Path, kill_after: float | None = None) -> Finished:
    return run_audit(["ingest", str(corpus), "--db", str(db)], kill_after=kill_after,
                     python=[sys.executable, "-c", TEMPLATE_EXTRACTOR + RUN_CLI])


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, float]:
    """Snapshot of an uninterrupted template ingest, and how long it took."""
    db = tmp_path_factory.mktemp("reference") / "ref.duckdb"
    done = template_ingest(corpus, db)
    assert done.returncode == 1, done.stderr  # 2 inputs fail on purpose
    assert "3,001 articles read: 3,001 added, 0 unchanged; 6,000 quotes stored; 2 failed" in done.stdout
    return snapshot(db), done.seconds


def assert_whole(db: Path) -> None:
    """The database opens for writing (replaying its log) and holds nothing half-written."""
    with Store(db):
        pass
    assert partial_articles(db) == []
    with Store(db, read_only=True) as store:
        assert store.con.execute(
            """SELECT count(*) FROM statements s
               WHERE n_quotes <> (SELECT count(*) FROM statement_quotes l WHERE l.statement_id = s.statement_id)"""
        ).fetchall() == [(0,)]
        assert store.con.execute(
            "SELECT count(*) FROM statement_quotes WHERE statement_id NOT IN (SELECT statement_id FROM statements) "
            "OR quote_id NOT IN (SELECT quote_id FROM quotes)"
        ).fetchall() == [(0,)]


def kill_points(seed: int, seconds: float, n: int = 2) -> list[float]:
    """``n`` moments to kill at, spread over the part of a run where work is done (after
    the ~1 s start-up)."""
    rng = random.Random(seed)
    return [rng.uniform(0.8, max(1.0, seconds * 0.95)) for _ in range(n)]


@pytest.mark.parametrize("seed", [*FAST_SEEDS, *(pytest.param(s, marks=pytest.mark.slow) for s in SLOW_SEEDS)])
def test_kill_ingest_then_rerun_equals_uninterrupted(corpus: Path, reference: tuple[dict, float], tmp_path: Path,
                                                     seed: int) -> None:
    expected, seconds = reference
    db = tmp_path / "killed.duckdb"
    for moment in kill_points(seed, seconds):  # killed twice: during the run, then during the re-run
        done = template_ingest(corpus, db, kill_after=moment)
        if db.exists():
            assert_whole(db)
    finished = template_ingest(corpus, db)
    assert finished.returncode == 1 and "Traceback" not in finished.stderr, finished.stderr
    assert snapshot(db) == expected
    assert done.killed or done.returncode == 1  # a kill point after the end is a plain finish


@pytest.mark.slow
@pytest.mark.parametrize("seed", (11, 12, 13))
def test_kill_ingest_with_the_real_pipeline(tmp_path: Path, seed: int) -> None:
    """The same with spaCy in the child: 400 articles (four chunks), killed during parsing."""
    root = tmp_path / "news"
    root.mkdir()
    for i in range(400):
        (root / f"outlet{i % 5}_2022-09-{10 + i % 19:02d}_s{i:04d}.txt").write_text(template_article(i), encoding="utf-8")
    ref_db, db = tmp_path / "ref.duckdb", tmp_path / "killed.duckdb"
    ref = run_audit(["ingest", str(root), "--db", str(ref_db), "-q"], cwd=tmp_path)
    assert ref.returncode == 0, ref.stderr
    for moment in kill_points(seed, ref.seconds, n=1):
        run_audit(["ingest", str(root), "--db", str(db), "-q"], cwd=tmp_path, kill_after=max(moment, 5.0))
        if db.exists():
            assert_whole(db)
    assert run_audit(["ingest", str(root), "--db", str(db), "-q"], cwd=tmp_path).returncode == 0
    assert snapshot(db) == snapshot(ref_db)


MATCH_ARTICLES = 6_000
"""Articles (two quotes each, every claim printed by three outlets in slightly
different words) for the match kills: enough for ``audit match`` to work for seconds."""


@pytest.fixture(scope="module")
def matchable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with quotes, a third of them already matched, the rest new."""
    db = tmp_path_factory.mktemp("match") / "base.duckdb"

    def items(lo: int, hi: int) -> Iterator[tuple[Article, list[Quote]]]:
        for i in range(lo, hi):
            text = template_article(i // 3).replace("said", ("said", "told reporters", "insisted")[i % 3])
            if i % 3 == 2:
                text = text.replace("overnight", "over the night").replace("villages", "small villages")
            quotes = [Quote(s, e, text[s:e], "direct") for s, e in _quoted(text)]
            yield Article(text=text, source=f"outlet{i % 3}/{i}", outlet=f"outlet{i % 3}"), quotes

    with Store(db) as store:
        store.add_articles(items(0, MATCH_ARTICLES // 3))
        from audit.match import match

        match(store)
        store.add_articles(items(MATCH_ARTICLES // 3, MATCH_ARTICLES))
    return db


def _quoted(text: str) -> Iterator[tuple[int, int]]:
    start = text.find('"')
    while start >= 0:
        end = text.index('"', start + 1)
        yield start + 1, end
        start = text.find('"', end + 1)


@pytest.mark.parametrize("seed", [*FAST_SEEDS, *(pytest.param(s, marks=pytest.mark.slow) for s in SLOW_SEEDS)])
def test_kill_match_then_rerun_equals_uninterrupted(matchable: Path, tmp_path: Path, seed: int) -> None:
    ref_db, db = tmp_path / "ref.duckdb", tmp_path / "killed.duckdb"
    shutil.copy(matchable, ref_db)
    shutil.copy(matchable, db)
    ref = run_audit(["match", "--db", str(ref_db)])
    assert ref.returncode == 0, ref.stderr
    for moment in kill_points(seed, ref.seconds):
        run_audit(["match", "--db", str(db)], kill_after=moment)
        assert_whole(db)
    again = run_audit(["match", "--db", str(db)])
    assert again.returncode == 0, again.stderr
    assert snapshot(db) == snapshot(ref_db)


def test_full_disk_is_a_clear_error_and_loses_nothing(corpus: Path, reference: tuple[dict, float], tmp_path: Path) -> None:
    """The database may not grow past 600 kB (as on a full disk): ``audit ingest`` stops
    with one clear line and exit 2, the file opens with whole articles only, and once
    there is room the same command finishes the job."""
    db = tmp_path / "full.duckdb"
    done = run_audit(["600000", "ingest", str(corpus), "--db", str(db), "-q"],
                     python=[sys.executable, "-c", TEMPLATE_EXTRACTOR + DISK_LIMIT + RUN_CLI])
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("audit: error:") and "too large" in done.stderr.lower()
    assert_whole(db)
    assert template_ingest(corpus, db).returncode == 1
    assert snapshot(db) == reference[0]


@pytest.fixture
def shared() -> Iterator[Path]:
    path = shared_tmpdir()
    yield path
    shutil.rmtree(path)


def assert_clear_error(done: Finished, *words: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("audit: error:")]
    assert len(lines) == 1, done.stderr
    assert all(w in lines[0] for w in words), lines[0]


@pytest.fixture
def small_db(shared: Path, corpus: Path) -> Path:
    """A matched store of a few articles, readable by the unprivileged user."""
    db = shared / "small.duckdb"
    some = shared / "some"
    some.mkdir()
    for f in sorted(corpus.glob("outlet*.txt"))[:20]:
        shutil.copy(f, some)
    assert template_ingest(some, db).returncode == 0
    assert run_audit(["match", "--db", str(db)]).returncode == 0
    db.chmod(0o644)
    return db


def test_read_only_report_folder_is_a_clear_error(shared: Path, small_db: Path) -> None:
    locked = shared / "reports"
    locked.mkdir(mode=0o555)
    locked.chmod(0o555)
    assert_clear_error(run_audit(["report", "--db", str(small_db), "--out", str(locked), "-q"], as_nobody=True),
                       "cannot write", str(locked))
    assert_clear_error(run_audit(["report", "--db", str(small_db), "--out", str(locked / "sub"), "-q"], as_nobody=True),
                       "cannot write", str(locked / "sub"))
    assert list(locked.iterdir()) == []  # no temporary files left behind
    (shared / "a-file").write_text("x", encoding="utf-8")
    assert_clear_error(run_audit(["report", "--db", str(small_db), "--out", str(shared / "a-file" / "out"), "-q"]),
                       "cannot write")


def test_unwritable_database_folder_is_a_clear_error(shared: Path, corpus: Path) -> None:
    locked = shared / "ro"
    locked.mkdir()
    locked.chmod(0o555)
    article = shared / "article.txt"  # readable by the unprivileged user: inputs are checked first
    article.write_text(article_text(1), encoding="utf-8")
    article.chmod(0o644)
    assert_clear_error(run_audit(["ingest", str(article), "--db", str(locked / "new.duckdb"), "--no-extract", "-q"],
                                 as_nobody=True), "new.duckdb")
    # an input the user cannot reach is a clear error too, and no database is made
    assert_clear_error(run_audit(["ingest", str(corpus), "--db", str(shared / "x.duckdb"), "--no-extract", "-q"],
                                 as_nobody=True), str(corpus))
    assert not (shared / "x.duckdb").exists()


@pytest.mark.slow
def test_full_disk_and_read_only_outputs_of_check_extract_and_run(shared: Path, corpus: Path) -> None:
    """``/dev/full`` fails every write with ENOSPC, as a full disk does; these commands
    load spaCy first, hence slow."""
    draft = shared / "draft.md"
    draft.write_text('The general said: "We advanced 3 kilometres towards the river overnight."\n', encoding="utf-8")
    assert_clear_error(run_audit(["check", str(draft), "-o", "/dev/full"], cwd=shared), "/dev/full", "No space left")
    some = shared / "some"
    some.mkdir()
    for f in sorted(corpus.glob("outlet*.txt"))[:5]:
        shutil.copy(f, some)
    assert_clear_error(run_audit(["extract", str(some), "-o", "/dev/full", "-q"]), "/dev/full")
    locked = shared / "reports"
    locked.mkdir()
    locked.chmod(0o555)
    assert_clear_error(run_audit(["run", str(some), "--db", str(shared / "run.duckdb"), "--out", str(locked), "-q"],
                                 as_nobody=True, cwd=shared), "cannot write")
