"""Hardening, round two (issue 16): hostile file names, syndicated URLs, long articles,
terminals and CI logs, report files, orphaned workers. One test (at least) per item of
the issue, most severe first; every text here was written for the tests."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

from audit import cli
from audit.check import check
from audit.check.formats import FORMATS
from audit.check.locate import DraftError, read_draft
from audit.config import Config
from audit.filenames import name_from_text, name_text
from audit.ingest import iter_articles
from audit.ingest.common import MAX_META_CHARS
from audit.ingest.discover import OUTPUT_MARKER
from audit.load import ingest
from audit.model import Article, IngestError, Quote, article_hash
from audit.store import Store
from audit.terminal import clean
from reliability_helpers import RUN_CLI, TEMPLATE_EXTRACTOR, run_audit, write_jsonl

LATIN1_NAME = os.fsdecode(b"caf\xe9_2024-03-01_menu.txt")
"""A file name saved by a Latin-1 system: not valid UTF-8."""


def story(i: int) -> str:
    return f'"We will reopen the harbour bridge in week {i}," Ann Arden said.\n\nThe council met on Monday.\n'


def write_corpus(folder: Path, n: int, bad_at: int) -> Path:
    folder.mkdir()
    for i in range(n):
        name = LATIN1_NAME if i == bad_at else f"post_2024-03-01_story-{i:03d}.txt"
        (folder / name).write_text(story(i), encoding="utf-8")
    return folder


def commands_or_escapes(stream: str) -> list[str]:
    """Lines a terminal or GitHub's runner would act on: ESC/BEL anywhere, ``::`` or ``##[``."""
    return [line for line in stream.splitlines()
            if "\x1b" in line or "\x07" in line or line.lstrip().startswith("::") or "##[" in line]


# -- 1. one file name stops a whole corpus ---------------------------------------------------
def test_non_utf8_file_name_is_stored_and_the_rest_go_on(tmp_path: Path) -> None:
    """500 files with one non-UTF-8 name stopped at the 128th, every re-run; now all are
    stored, the odd one under its percent-encoded name, and a re-run changes nothing."""
    corpus = write_corpus(tmp_path / "corpus", 60, bad_at=20)
    db = tmp_path / "names.duckdb"
    args = ["ingest", str(corpus), "--db", str(db), "--no-extract"]
    first = run_audit(args)
    assert first.returncode == 0, first.stderr
    assert "60 added" in first.stdout
    with Store(db, read_only=True) as store:
        sources = {s for (s,) in store.con.execute("SELECT source FROM articles").fetchall()}
        outlets = {o for (o,) in store.con.execute("SELECT DISTINCT outlet FROM articles").fetchall()}
    assert len(sources) == 60
    encoded = str(corpus / "caf%E9_2024-03-01_menu.txt")
    assert encoded in sources and name_text(corpus / LATIN1_NAME) == encoded
    assert Path(name_from_text(encoded)).read_text(encoding="utf-8") == story(20)  # reversible: opens the file
    assert outlets == {"post", "caf\ufffd"}  # the outlet taken from the name is clean text
    again = run_audit(args)
    assert again.returncode == 0 and "0 added, 60 unchanged" in again.stdout, again.stderr


def test_name_text_is_reversible_and_leaves_ordinary_names_alone() -> None:
    for name in ["story.txt", "50% off.txt", "a b/c—d é.md", "bbc_2024-01-02_a\nb.txt"]:
        assert name_text(name) == name and name_from_text(name) == name
    for raw in [b"caf\xe9.txt", b"100%41.txt", b"\xff\xfe%%.md", b"ok%2"]:
        name = os.fsdecode(raw)
        text = name_text(name)
        text.encode("utf-8")  # valid UTF-8 whatever the bytes
        assert os.fsencode(name_from_text(text)) == raw


# -- 2. an outlet vanishes -------------------------------------------------------------------
def test_syndicated_pages_with_one_canonical_url_keep_both_outlets(tmp_path: Path) -> None:
    url = "https://wire.example/2024/harbour-bridge"
    rows = [{"text": story(1), "outlet": "Daily Ledger", "url": url, "date": "2024-03-01"},
            {"text": story(1) + "Reporting by staff.\n", "outlet": "Harbour Post", "url": url, "date": "2024-03-01"}]
    for order in (rows, rows[::-1]):
        db = tmp_path / f"syn-{order[0]['outlet'][0]}.duckdb"
        with Store(db) as store:
            ingest([write_jsonl(tmp_path / "wire.jsonl", order)], store, extract=False, progress=False)
            latest = store.con.execute("SELECT outlet, version FROM articles_latest ORDER BY outlet").fetchall()
        assert latest == [("Daily Ledger", 1), ("Harbour Post", 1)]


# -- 3. extraction linear in paragraphs ------------------------------------------------------
def _nesting_by_definition(spans: list[tuple[int, int]]) -> list[int | None]:
    """``nested_in`` as first defined (quadratic): the smallest other span strictly
    containing each span, the first in list order among equally small ones."""
    out = []
    for i, (s, e) in enumerate(spans):
        best = None
        for j, (os_, oe) in enumerate(spans):
            if j != i and os_ <= s and e <= oe and oe - os_ > e - s:
                if best is None or oe - os_ < spans[best][1] - spans[best][0]:
                    best = j
        out.append(best)
    return out


def _quotes(spans: list[tuple[int, int]]) -> list[Quote]:
    return [Quote(s, e, "x" * (e - s), "direct") for s, e in spans]


def test_nesting_matches_its_definition_and_is_linear() -> None:
    from audit.extract.component import _set_nesting

    rng = random.Random(16)
    for _ in range(400):
        spans = []
        for _ in range(rng.randint(0, 25)):
            s = rng.randint(0, 60)
            spans.append((s, s + rng.randint(0, 30)))
        if rng.random() < 0.5:
            spans.sort(key=lambda se: (se[0], -se[1]))
        quotes = _quotes(spans)
        _set_nesting(quotes)
        assert [q.nested_in for q in quotes] == _nesting_by_definition(spans)
    # one long quote holding 40,000 short ones, then 40,000 side by side: the quadratic
    # definition takes minutes here (3.2e9 comparisons)
    spans = [(0, 10 * 40_001)] + [(10 * i + 1, 10 * i + 5) for i in range(40_000)]
    spans += [(10 * 40_001 + 10 * i, 10 * 40_001 + 10 * i + 5) for i in range(40_000)]
    quotes = _quotes(spans)
    t0 = time.process_time()
    _set_nesting(quotes)
    assert time.process_time() - t0 < 5
    assert quotes[0].nested_in is None and {q.nested_in for q in quotes[1:40_001]} == {0}
    assert all(q.nested_in is None for q in quotes[40_001:])


def test_paragraph_layout_is_linear_and_still_finds_repeated_captions() -> None:
    from audit.extract.marks import paragraphs

    caption = "Council workers repair the harbour bridge on Monday."
    text = f"{caption}\n\n{caption} Photo: A. Arden\n\nShe said it was done."
    assert [p.prose for p in paragraphs(text)] == [True, False, True]
    lines = "\n\n".join(f"Paragraph number {i} of a live blog that runs on and on." for i in range(40_000))
    t0 = time.process_time()
    paras = paragraphs(lines)
    assert time.process_time() - t0 < 5  # was 8e8 prefix comparisons
    assert len(paras) == 40_000 and all(p.prose for p in paras)


def test_label_cue_reads_the_text_it_is_given(nlp) -> None:
    from audit.extract.sources import label_cue

    text = "ANN ARDEN: We will reopen the bridge.\n\nShe left."
    with nlp.select_pipes(disable=["quote_attribution"]):
        doc = nlp(text)
    given, read = label_cue(doc, 0, 37, text), label_cue(doc, 0, 37)
    assert given is not None and given == read


@pytest.mark.slow
def test_attribution_cost_per_paragraph_stays_flat(nlp) -> None:
    """The issue's profile: 500 / 1,000 / 2,000 / 4,000 quoted lines took 7.7 / 18.4 / 51 /
    180 s. Attribution alone (parse excluded), CPU time per paragraph at 1,600 lines must
    stay within 2x of that at 400 (quadratic would be 4x)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from length import quoted_lines

    from audit.extract.component import attribute

    cost = {}
    for n in (400, 1600):
        with nlp.select_pipes(disable=["quote_attribution"]):
            doc = nlp(quoted_lines(n))
        t0 = time.process_time()
        quotes = attribute(doc)
        cost[n] = (time.process_time() - t0) / n
        assert len(quotes) >= n
    assert cost[1600] < 2 * cost[400], cost


# -- 4. oversized drafts ---------------------------------------------------------------------
def test_oversized_draft_is_one_error_and_the_others_are_checked(tmp_path: Path, nlp) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    big = drafts / "a-dump.md"
    with big.open("wb") as fh:  # 50 MB, sparse: refused before a byte is read
        fh.truncate(50 * 1024 * 1024)
    (drafts / "b-story.md").write_text('"We will win," Ann Arden said.\n', encoding="utf-8")
    t0 = time.monotonic()
    result = check([drafts], config=Config(), nlp=nlp)
    assert time.monotonic() - t0 < 30
    assert len(result.errors) == 1 and "a-dump.md: file larger than the 33,554,432-byte limit" in result.errors[0]
    assert result.files == [str(drafts / "a-dump.md"), str(drafts / "b-story.md")] and result.exit_code() == 2
    assert result.findings and {f.path for f in result.findings} == {str(drafts / "b-story.md")}
    with pytest.raises(DraftError, match="over the 20-character limit"):
        read_draft(drafts / "b-story.md", max_chars=20)  # prose longer than the pipeline takes
    (drafts / "c.md").write_text("x" * 10, encoding="utf-8")
    with pytest.raises(DraftError, match="larger than the 5-byte limit"):
        read_draft(drafts / "c.md", max_bytes=5)


# -- 5, 6. stderr and terminals ----------------------------------------------------------------
HOSTILE_NAME = "x\n::error title=owned::injected\x1b]0;retitled\x07.md"


def test_check_stderr_and_text_output_carry_no_commands_or_escapes(tmp_path: Path, nlp, monkeypatch) -> None:
    monkeypatch.setattr(cli, "_pipeline", lambda model: nlp)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / HOSTILE_NAME).write_text('"We will win," Ann said.\n', encoding="utf-8")
    (drafts / ("##[error]bin\x1b[31m.md")).write_bytes(b"\x00\x01binary")
    (drafts / "::warning::empty.md").write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["check", str(drafts), "--format", "text"])
    assert result.exit_code == 2
    assert result.stderr.count("audit: ") >= 2  # both bad drafts named
    assert commands_or_escapes(result.stderr) == [] and commands_or_escapes(result.stdout) == []
    assert "\\x1b]0;retitled\\x07" in result.stdout + result.stderr or "\\x0a" in result.stdout + result.stderr


def test_ingest_messages_carry_no_commands_or_escapes(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "::error::empty\x1b[2J.txt").write_bytes(b"")
    (corpus / "a\n::warning::x.txt").write_bytes(b"\xff\xfe\x00")
    db = tmp_path / "::notice::x.duckdb"
    done = run_audit(["ingest", str(corpus), "--db", str(db), "--no-extract", "-q"])
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("failed:") == 2 and "\\x1b[2J" in done.stderr
    assert commands_or_escapes(done.stderr) == [] and commands_or_escapes(done.stdout) == []


def test_clean_neutralises_every_kind_of_hostile_line() -> None:
    for raw in ["::error::x", "   ::add-mask::secret", "a\n::stop-commands::tok", "ok ##[error]x", "\x1b]0;t\x07",
                "\x9b31m", "\u202eevil", "\r::warning::y", os.fsdecode(b"caf\xe9")]:
        line = clean(raw)
        assert "\n" not in line and "\r" not in line and not commands_or_escapes(line), (raw, line)
        assert not any(ord(ch) < 32 or 0x7f <= ord(ch) <= 0x9f for ch in line)
        line.encode("utf-8")
    assert clean("Ann said: 'a::b' at 10:30") == "Ann said: 'a::b' at 10:30"  # ordinary text untouched


def test_terminal_summary_strips_escapes_from_outlet_and_speaker_names(tmp_path: Path) -> None:
    from rich.console import Console

    from audit.match import match
    from audit.report.summary import print_summary
    from audit.score import score

    db = tmp_path / "esc.duckdb"
    words = "We will reopen the harbour bridge before the winter storms arrive"
    with Store(db) as store:
        for k, outlet in enumerate(["\x1b]0;owned\x07Evil Times", "\x1b[31mRed Post\x1b[0m", "Plain Post"]):
            said = words if k == 0 else words.replace("winter", "spring")
            text = f"\u201c{said},\u201d the mayor said.\n"
            q = Quote(1, 1 + len(said), said, "direct", speaker="\x1b]2;Mayor\x07Ann", speaker_kind="person",
                      mention="the mayor", cue="said")
            store.add_article(Article(text=text, source=f"s{k}.txt", outlet=outlet, published=date(2024, 3, 1 + k),
                                      article_id=article_hash(text, outlet)), [q])
        match(store)
        scores = score(store)
    buffer = io.StringIO()
    print_summary(scores, console=Console(file=buffer, width=200, force_terminal=True))
    out = buffer.getvalue()
    assert "owned" in out and "Red Post" in out
    assert "\x1b]" not in out and "\x07" not in out and "\x1b[31mRed" not in out  # rich's own colours aside


# -- 7. non-UTF-8 names in machine-readable output -----------------------------------------------
def test_check_and_extract_output_stay_valid_utf8_for_odd_names(tmp_path: Path, nlp, monkeypatch) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    odd = drafts / os.fsdecode(b"r\xe9sum\xe9.md")
    odd.write_text('Ann Arden said: "We will reopen the bridge."\n\n"It was never safe," a source said.\n',
                   encoding="utf-8")
    result = check([drafts], config=Config(), nlp=nlp)
    assert result.findings, "the draft should give findings (unverified, anonymous source)"
    for fmt, render in FORMATS.items():
        out = render(result).encode("utf-8")  # strict: no lone surrogate survives
        if fmt == "json":
            paths = {f["path"] for f in json.loads(out)["findings"]}
            assert {name_from_text(p) for p in paths} == {str(odd)}
        if fmt == "junit":
            ET.fromstring(out)
        if fmt == "sarif":
            json.loads(out)
    monkeypatch.setattr(cli, "_pipeline", lambda model: nlp)
    report = tmp_path / "out.json"
    ran = CliRunner().invoke(cli.app, ["check", str(drafts), "-f", "json", "-o", str(report), "--exit-zero"])
    assert ran.exit_code == 0, ran.output
    assert json.loads(report.read_text(encoding="utf-8"))["findings"][0]["path"] == name_text(odd)
    quotes = tmp_path / "quotes.jsonl"
    ran = CliRunner().invoke(cli.app, ["extract", str(drafts), "-o", str(quotes), "-q"])
    assert ran.exit_code == 0, ran.output
    docs = {json.loads(line)["doc"] for line in quotes.read_text(encoding="utf-8").splitlines()}
    assert docs == {name_text(odd)}


# -- 8. report files respect the umask ---------------------------------------------------------
def _small_scores(tmp_path: Path):
    from audit.score import score

    db = tmp_path / "small.duckdb"
    text = '"We will reopen the bridge," Ann Arden said.\n'
    with Store(db) as store:
        store.add_article(Article(text=text, source="a.txt", outlet="Daily Ledger", published=date(2024, 3, 1)),
                          [Quote(1, 26, text[1:26], "direct", speaker="Ann Arden", cue="said")])
        return score(store)


def test_report_files_get_the_mode_the_umask_gives(tmp_path: Path) -> None:
    from audit.report import write_reports

    scores = _small_scores(tmp_path)
    for umask, mode in ((0o022, 0o644), (0o027, 0o640), (0o077, 0o600)):
        old = os.umask(umask)
        try:
            written = write_reports(scores, tmp_path / f"r{umask:o}")
        finally:
            os.umask(old)
        assert {p.stat().st_mode & 0o777 for p in written} == {mode}


# -- 9. workers end with their parent -----------------------------------------------------------
ORPHAN_DRIVER = textwrap.dedent("""
    import sys, time
    import spacy
    from spacy.language import Language
    from audit.extract import extract_docs

    @Language.component("stall")
    def stall(doc):
        time.sleep(120)
        return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("stall")
    for _ in extract_docs(((str(i), "Some words.") for i in range(8)), nlp=nlp, batch_size=1, n_process=2):
        pass
""")


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids += [int(k) for k in task.read_text().split()]
        except OSError:
            pass
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")
def test_workers_end_when_their_parent_is_killed() -> None:
    proc = subprocess.Popen([sys.executable, "-c", ORPHAN_DRIVER], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        kids: list[int] = []
        while len(kids) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            kids = _children(proc.pid)
        assert len(kids) >= 2, proc.stderr.read().decode() if proc.poll() is not None else "no workers started"
        time.sleep(0.5)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while any(map(_alive, kids)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(_alive, kids)), f"workers {kids} outlived their parent"
    finally:
        for pid in [proc.pid, *_children(proc.pid)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


# -- 10. the smaller ones -------------------------------------------------------------------------
DISK_LIMIT = """
import resource, signal
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv.pop(1))
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
"""


def test_run_database_errors_name_the_database(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(400):
        (corpus / f"p_2024-03-01_{i}.txt").write_text(story(i) * 20, encoding="utf-8")
    db, out = tmp_path / "news.duckdb", tmp_path / "reports"
    done = run_audit(["300000", "run", str(corpus), "--db", str(db), "--out", str(out), "-q"],
                     python=[sys.executable, "-c", TEMPLATE_EXTRACTOR + DISK_LIMIT + RUN_CLI])
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"audit: error: {db}: database write failed"), done.stderr
    garbage = tmp_path / "notes.duckdb"
    garbage.write_text("not a database", encoding="utf-8")
    done = run_audit(["run", str(corpus), "--db", str(garbage), "--out", str(out), "-q"],
                     python=[sys.executable, "-c", TEMPLATE_EXTRACTOR + RUN_CLI])
    assert done.returncode == 2 and done.stderr.startswith(f"audit: error: {garbage}: cannot open database"), done.stderr


def test_reports_are_all_written_before_any_is_replaced(tmp_path: Path, monkeypatch) -> None:
    """A full disk part-way through leaves the previous complete set, and no temporary file."""
    from audit.report import write_reports

    scores = _small_scores(tmp_path)
    out = tmp_path / "reports"
    before = {p.name: p.read_bytes() for p in write_reports(scores, out)}
    calls = [0]
    real = pl.DataFrame.write_parquet

    def failing(self, path, *args, **kwargs):
        calls[0] += 1
        if calls[0] == 3:
            raise OSError(28, "No space left on device", str(path))
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", failing)
    changed = scores.__class__(**{**{k: v for k, v in scores.items()}, "quotes": scores.quotes.head(0)})
    with pytest.raises(OSError, match="No space"):
        write_reports(changed, out)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name != OUTPUT_MARKER} == before


def test_temporary_report_files_of_killed_runs_are_removed(tmp_path: Path) -> None:
    from audit.report import write_reports

    out = tmp_path / "reports"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = out / f".audit-{dead.stdout.strip()}-0badc0de-quotes.csv.tmp"
    live = out / f".audit-{os.getppid()}-0badc0de-quotes.csv.tmp"  # a run still writing
    other = out / ".notes.txt"
    for p in (stale, live, other):
        p.write_text("partial", encoding="utf-8")
    write_reports(_small_scores(tmp_path), out)
    assert not stale.exists() and live.exists() and other.exists()


def test_huge_title_is_cut_and_marked(tmp_path: Path) -> None:
    rows = [{"text": story(1), "title": "Headline " * 1_200_000, "author": "A" * 5000, "outlet": "Daily Ledger"}]
    [art] = list(iter_articles(write_jsonl(tmp_path / "big.jsonl", rows)))
    assert isinstance(art, Article)
    assert len(art.title) == len(art.author) == MAX_META_CHARS and art.title.endswith("…")


def test_yaml_tags_are_not_kept_as_text(tmp_path: Path) -> None:
    p = tmp_path / "tagged.md"
    p.write_text("---\noutlet: !!binary aGk=\ntitle: !!str Bridge reopens\nauthor: !custom x\n---\n" + story(1),
                 encoding="utf-8")
    [art] = list(iter_articles(p))
    assert isinstance(art, Article) and (art.outlet, art.title, art.author) == (None, "Bridge reopens", None)


def test_newline_in_a_file_name_keeps_outlet_and_date(tmp_path: Path) -> None:
    p = tmp_path / "ledger_2024-03-01_bridge\nreopens.txt"
    p.write_text(story(1), encoding="utf-8")
    [art] = list(iter_articles(tmp_path))
    assert isinstance(art, Article) and (art.outlet, art.published) == ("ledger", date(2024, 3, 1))


def test_hidden_files_a_reader_handles_get_a_row(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(story(1), encoding="utf-8")
    (tmp_path / ".draft.txt").write_text(story(2), encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(story(3), encoding="utf-8")
    items = list(iter_articles(tmp_path))
    assert [type(i).__name__ for i in items] == ["IngestError", "Article"]  # in name order
    assert items[0].source == str(tmp_path / ".draft.txt") and "hidden file" in items[0].reason
    [explicit] = list(iter_articles(tmp_path / ".draft.txt"))
    assert isinstance(explicit, Article)


@pytest.mark.parametrize(("data", "accepted"), [
    ('\ufeff"We will win," Ann said.\n'.encode("utf-16-le"), True),
    ('"We will win," Ann said.\n'.encode("utf-16"), True),
    (b'"We will win," Ann said.\x00\x00 binary', False),
    ('Caf\xe9 "au lait," Ann said.\n'.encode("latin-1"), False),
])
def test_check_and_ingest_accept_and_refuse_the_same_files(tmp_path: Path, data: bytes, accepted: bool) -> None:
    p = tmp_path / "draft.txt"
    p.write_bytes(data)
    [item] = list(iter_articles(p))
    try:
        draft = read_draft(p)
    except DraftError as exc:
        assert not accepted and isinstance(item, IngestError)
        assert str(exc) == f"{p}: {item.reason}"
    else:
        assert accepted and isinstance(item, Article) and draft.text == item.text


def test_check_does_not_follow_symlinks_out_of_its_folder(tmp_path: Path, nlp) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text('"The vault code is 4412," the manager said.\n', encoding="utf-8")
    drafts = tmp_path / "drafts"
    (drafts / "sub").mkdir(parents=True)
    (drafts / "a.md").write_text('"We will win," Ann Arden said.\n', encoding="utf-8")
    (drafts / "leak.md").symlink_to(secret)
    (drafts / "linked-folder").symlink_to(tmp_path)
    (drafts / "sub" / "same.md").symlink_to(drafts / "a.md")  # inside: followed
    result = check([drafts], config=Config(), nlp=nlp)
    assert result.files == [str(drafts / name) for name in ("a.md", "leak.md", "linked-folder", "sub/same.md")]
    assert sorted(result.unreadable) == [str(drafts / "leak.md"), str(drafts / "linked-folder")]  # listed, not read
    assert all("4412" not in f.quote for f in result.findings)
    assert check([drafts / "leak.md"], config=Config(), nlp=nlp).files == [str(drafts / "leak.md")]  # named: read


def test_store_refuses_nothing_it_is_given_from_ingest(tmp_path: Path) -> None:
    """Every kind of odd name together through the real ingest into a real DuckDB file."""
    corpus = tmp_path / "odd"
    corpus.mkdir()
    names = [os.fsdecode(b"\xff\xfe.txt"), "tab\there.txt", "50%41 sure.txt", "ledger_2024-03-01_a\nb.md", "::x.txt"]
    for k, name in enumerate(names):
        (corpus / name).write_text(story(k), encoding="utf-8")
    with Store(tmp_path / "odd.duckdb") as store:
        stats = ingest([corpus], store, extract=False, progress=False)
        stored = {name_from_text(s) for (s,) in store.con.execute("SELECT source FROM articles").fetchall()}
    assert stats.added == len(names) and stats.failed == 0
    assert stored == {str(corpus / n) for n in names}
    with duckdb.connect(str(tmp_path / "odd.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM ingest_errors").fetchone() == (0,)


def test_junit_printed_to_a_ci_log_starts_no_line_with_a_workflow_command() -> None:
    """JUnit XML keeps newlines of quotes and file names in element text; printed to a
    GitHub Actions log, a payload after such a newline would start a line with ``::``.
    Those line starts become character references: inert to the runner, the same text to
    an XML reader."""
    import re

    from audit.check import CheckResult
    from audit.model import Finding

    path = "drafts/x\n::error title=owned::boom.md"
    quote = 'said "a\n  ::add-mask::secret\n##[error]legacy"'
    finding = Finding(rule="misquote", severity="error", path=path, line=1, col=1,
                      message="m", quote=quote, hint="fix it")
    xml = FORMATS["junit"](CheckResult(findings=[finding], files=[path]))
    assert not [ln for ln in xml.splitlines() if re.match(r"\s*::", ln) or "##[" in ln]
    failure = ET.fromstring(xml).find(".//failure")
    assert failure is not None and quote in (failure.text or "") and path in (failure.text or "")
