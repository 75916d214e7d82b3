"""Precision of statement links on general real coverage: PolNeAR, judged by hand.

    python bench/polnear_links.py                      # ingest once (about 5 min), match, report
    python bench/polnear_links.py --sample 40 --seed 1 # also print 40 joins to judge

The shared renderings (``audit eval-statements``) are all renderings of one news story's
statements: nearly every candidate pair there is about the same events, so they cannot
show how often the semantic stage links two *different* statements in a corpus where
most quotes have no counterpart at all. PolNeAR (``../shared/data/polnear``: 924 real
articles of 2015-16 US election coverage by seven publishers, with dates) is such a
corpus. Nothing of it is fitted on or shipped.

The script ingests the articles into a store once (kept at ``--store``, reused on later
runs), copies it, runs ``audit match`` (lexical matcher and semantic stage) on the copy,
and prints:

* how many quotes the semantic stage joined, by meaning and as fragments;
* for the judged sample in ``bench/labels/polnear_links.tsv`` (pairs of texts keyed by
  ``audit.link.embed.text_hash``; T when they render one statement, F when not), how
  many of each are still in one statement: the precision of those joins, and how many
  right joins a change loses;
* with ``--sample N``, N random joins of this run to judge (outlets' text on the terminal
  only: add the printed hashes and your verdict to the labels file).

``bench/polnear_findings.py`` reuses the same store (and the helpers below) to measure the
findings and every cross-outlet join, lexical or semantic.

The judged sample is of the joins main made at 872185f; joins new to a later version are
not in it, so judge a fresh ``--sample`` before claiming a precision for that version.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from audit.link.embed import text_hash
from audit.terminal import clean

LABELS = Path(__file__).parent / "labels" / "polnear_links.tsv"


def write_jsonl(polnear: Path, out: Path) -> int:
    """PolNeAR's train and dev articles as one JSONL file (outlet, date, title, text)."""
    meta = {row["filename"]: row for row in csv.DictReader((polnear / "metadata.tsv").open(encoding="utf-8"),
                                                           delimiter="\t")}
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for split in ("train", "dev"):
            for path in sorted((polnear / split / "text").glob("*.txt")):
                m = meta.get(path.stem, {})
                f.write(json.dumps({"outlet": m.get("publisher"), "date": m.get("publication_date"),
                                    "title": m.get("title"), "url": f"polnear:{path.stem}",
                                    "text": path.read_text(encoding="utf-8")}) + "\n")
                n += 1
    return n


def audit_cli(*args: str) -> str:
    """Run the ``audit`` command of this interpreter's environment; its standard output."""
    done = subprocess.run([sys.executable, "-m", "audit", *args], capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"audit {args[0]} failed: {done.stderr.strip().splitlines()[-1] if done.stderr else done.returncode}")
    return done.stdout


def judged(con: duckdb.DuckDBPyConnection, labels: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Per label (T/F): how many judged pairs are in the store, and how many of those are
    still in one statement."""
    statements: dict[str, set[str]] = {}
    for text, sid in con.execute("SELECT q.text, sq.statement_id FROM quotes q JOIN statement_quotes sq USING (quote_id)").fetchall():
        statements.setdefault(text_hash(text), set()).add(sid)
    found = {"T": 0, "F": 0}
    together = {"T": 0, "F": 0}
    for line in labels.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith(("#", "root_hash")):
            continue
        a, b, label = line.split("\t")
        if a in statements and b in statements:
            found[label] += 1
            together[label] += bool(statements[a] & statements[b])
    return found, together


def sample(con: duckdb.DuckDBPyConnection, n: int, seed: int) -> None:
    """Print ``n`` random semantic joins (root and joiner) with their hashes, to judge."""
    rows = con.execute(
        """SELECT s.text, s.speaker_id, q.text, q.speaker_id, sq.similarity
           FROM statement_quotes sq JOIN statements s USING (statement_id) JOIN quotes q USING (quote_id)
           WHERE sq.variant = 'paraphrase' ORDER BY s.statement_id, q.quote_id"""
    ).fetchall()
    random.Random(seed).shuffle(rows)
    for k, (root, root_speaker, text, speaker, p) in enumerate(rows[:n], 1):
        print(f"{k:3d} p={p} {text_hash(root)}\t{text_hash(text)}\n    root ({root_speaker}): {clean(root)[:160]}\n"
              f"    join ({speaker}): {clean(text)[:160]}")


def ensure_store(polnear: Path, store: Path) -> None:
    """Ingest PolNeAR's train and dev articles into ``store`` unless it exists (about 5 min);
    a run cut short leaves no half-built store behind."""
    if not (polnear / "metadata.tsv").exists():
        raise SystemExit(f"PolNeAR not found at {polnear} (see ../shared/data/polnear/README.md)")
    if store.exists():
        return
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "polnear.jsonl"
        print(f"ingesting {write_jsonl(polnear, data)} articles into {store} (once)", flush=True)
        partial = store.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        audit_cli("ingest", str(data), "--db", str(partial), "--workers", "2", "-q")
        partial.rename(store)


@contextmanager
def matched(store: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """A throw-away copy of the ingested ``store`` after ``audit match`` (lexical matcher and
    semantic stage), and the match's statistics; the cached store itself stays unmatched."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "matched.duckdb"
        shutil.copy(store, db)
        yield db, json.loads(audit_cli("match", "--db", str(db), "--format", "json").strip().splitlines()[-1])


def common_args(description: str) -> argparse.ArgumentParser:
    """The options every PolNeAR bench takes: where the corpus is and where its store is cached."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--polnear", type=Path, default=Path(__file__).parents[1] / ".." / "shared" / "data" / "polnear")
    parser.add_argument("--store", type=Path, default=Path(tempfile.gettempdir()) / "quote-audit-polnear.duckdb",
                        help="ingested store, built on the first run and reused")
    return parser


def main(argv: list[str] | None = None) -> None:
    parser = common_args(__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--sample", type=int, default=0, help="print this many joins of this run to judge")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    ensure_store(args.polnear, args.store)
    with matched(args.store) as (db, stats):
        con = duckdb.connect(str(db), read_only=True)
        rows, meaning = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE similarity < 100) FROM statement_quotes WHERE variant = 'paraphrase'"
        ).fetchone()
        print(f"quotes {stats['quotes']:,}, statements {stats['statements']:,}; semantic stage: "
              f"{stats['semantic_joined']} statements joined ({stats['semantic_fragments']} as fragments), "
              f"{rows} quotes moved ({meaning} by meaning, {rows - meaning} by containment)")
        found, together = judged(con, args.labels)
        kept_t, kept_f = together["T"], together["F"]
        print(f"judged sample ({args.labels.name}): right joins kept {kept_t}/{found['T']}, wrong joins kept "
              f"{kept_f}/{found['F']}; precision of the kept {kept_t / max(kept_t + kept_f, 1):.2f}")
        if args.sample:
            sample(con, args.sample, args.seed)
        con.close()


if __name__ == "__main__":
    main()
