"""Helpers shared by the ``test_reliability_*`` modules: generated corpora, running the
real ``audit`` command as a child process (optionally as an unprivileged user, killed at
a chosen moment, with its peak memory measured), and comparing whole databases."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from audit.store import Store

AUDIT = [sys.executable, "-m", "audit"]
"""The real command line, in the interpreter running the tests."""

POLL_SECONDS = 0.01
"""How often a running child is checked (exit, kill deadline, memory)."""

NOBODY_UID = 65534
"""Unprivileged user for tests of permissions: root reads and writes anything, so a
read-only folder or an unreadable file is only real for another user."""

TIMESTAMPS = {"ingested_at", "seen_at"}
"""Columns that record when, not what: left out when comparing databases."""

SPEAKERS = ("General Mark Hertling", "Ben Wallace", "Dmitry Peskov", "Oleksiy Danilov", "a defence source")
CLAIMS = (
    "We advanced {n} kilometres towards the river overnight",
    "The regrouping near town {n} is proceeding according to plan",
    "Our forces recaptured {n} villages in the last week",
    "Nobody expected the front to move {n} miles in a day",
)


def article_text(i: int) -> str:
    """A short article with one direct quote, distinct for every ``i``."""
    speaker = SPEAKERS[i % len(SPEAKERS)]
    claim = CLAIMS[i % len(CLAIMS)].format(n=i)
    return f'Story number {i} from the front.\n\n{speaker} said: "{claim}." Officials declined to comment.\n'


@dataclass(slots=True)
class Finished:
    """A child process that ended: exit status, output, peak memory (sampled), and whether we killed it."""

    returncode: int
    stdout: str
    stderr: str
    peak_rss_mb: float
    killed: bool
    seconds: float


def shared_tmpdir() -> Path:
    """A fresh folder every user can enter and write (``tmp_path`` is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="audit-rel-"))
    path.chmod(0o777)
    return path


def nobody_prefix() -> list[str]:
    """Command prefix that runs a child as ``NOBODY_UID`` when we are root (``setpriv``
    drops every capability), nothing otherwise; skips the test if root cannot drop."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return ["setpriv", f"--reuid={NOBODY_UID}", f"--regid={NOBODY_UID}", "--clear-groups"]


def run_audit(
    args: Sequence[str],
    *,
    cwd: Path | None = None,
    kill_after: float | None = None,
    as_nobody: bool = False,
    timeout: float = 300,
    python: Sequence[str] | None = None,
    env: dict[str, str] | None = None,
) -> Finished:
    """Run ``audit *args`` (or ``python`` + args) to the end, or ``kill -9`` it after
    ``kill_after`` seconds, sampling its peak resident memory every ``POLL_SECONDS``."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200", **(env or {})}
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [*(nobody_prefix() if as_nobody else []), *(python or AUDIT), *args], cwd=cwd, stdout=out, stderr=err, env=env,
    )
    killed = False
    peak = 0.0
    deadline = t0 + (kill_after if kill_after is not None else timeout)
    while True:
        peak = max(peak, _peak_rss_mb(proc.pid))
        pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() >= deadline:
            os.kill(proc.pid, signal.SIGKILL)
            killed = kill_after is not None
            pid, status, _ = os.wait4(proc.pid, 0)
            break
        time.sleep(POLL_SECONDS)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - t0
    out.seek(0)
    err.seek(0)
    return Finished(proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                    peak, killed, seconds)


def _peak_rss_mb(pid: int) -> float:
    """``VmHWM`` of a running process in MB (0 once it is gone). Read from ``/proc``, not
    from ``wait4``: a child forked from a test process that holds spaCy inherits its
    resident pages until ``exec``, and the kernel keeps that high-water mark in
    ``ru_maxrss``. ``Popen`` returns only after the ``exec``, so every sample here is the
    command's own."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every base table's rows (minus timestamps), sorted: equal snapshots = equal databases."""
    with Store(db, read_only=True) as store:
        out = {}
        tables = store.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()
        for (table,) in tables:
            columns = [c for (c,) in store.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table]).fetchall() if c not in TIMESTAMPS]
            select = ", ".join(f'"{c}"' for c in columns)
            out[table] = sorted(store.con.execute(f'SELECT {select} FROM "{table}"').fetchall(), key=repr)
        return out


def partial_articles(db: Path) -> list[tuple[str, int | None, int]]:
    """What a half-written article would leave (none may exist): articles whose stored
    quotes differ in number from ``n_quotes`` as ``(id, n_quotes, found)``, and quotes
    without their article or whose text is not ``text[start:end]`` as ``(id, None, -1)``."""
    with Store(db, read_only=True) as store:
        bad = store.con.execute(
            """SELECT a.article_id, a.n_quotes, count(q.quote_id) AS found
               FROM articles a LEFT JOIN quotes q USING (article_id)
               GROUP BY a.article_id, a.n_quotes
               HAVING found <> coalesce(a.n_quotes, 0)"""
        ).fetchall()
        bad += store.con.execute(
            """SELECT q.quote_id, NULL, -1 FROM quotes q LEFT JOIN articles a USING (article_id)
               WHERE a.article_id IS NULL OR substr(a.text, q.start + 1, q."end" - q.start) <> q.text"""
        ).fetchall()
        return bad


TEMPLATE_EXTRACTOR = """
import importlib, os, re, sys, time
from audit.model import Quote
QUOTED = re.compile(r'"([^"]+)"')
DELAY = float(os.environ.get("AUDIT_TEST_EXTRACT_DELAY", "0"))

def extract_docs(items, *, nlp, batch_size=32, n_process=1):
    for doc_id, text, *_ in items:  # (doc_id, text[, date])
        time.sleep(DELAY)
        yield doc_id, [Quote(m.start(1), m.end(1), m.group(1), "direct", mention="speaker")
                       for m in QUOTED.finditer(text)]

extract = importlib.import_module("audit.extract")
extract.extract_docs = extract_docs
extract.load_pipeline = lambda *args, **kwargs: object()  # not None: None means "do not extract"
"""
"""Prepended to a driver: the real ``audit`` CLI, with quotes found by a regex instead
of spaCy (which takes 4 s to load and 25 ms an article on this machine). The
environment variable ``AUDIT_TEST_EXTRACT_DELAY`` (seconds per article) makes it as
slow as real extraction where a test needs a long-running ingest."""

RUN_CLI = """
from audit.cli import app
sys.argv = ["audit", *sys.argv[1:]]
app()
"""

def write_jsonl(path: Path, rows: Sequence[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path
