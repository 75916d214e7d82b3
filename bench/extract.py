"""Throughput and memory of extraction, next to bare parsing with the same pipeline.

    python bench/extract.py --copies 2 [--model NAME] [--workers N] [--polnear DIR] [--repeat R]

Texts: N copies of the PolNeAR dev articles (falls back to the bundled corpus in
``audit/data/corpus`` when PolNeAR is absent). Two phases run on the same texts in the
same process, alternating ``--repeat`` times (best time kept, so a busy neighbour on a
shared machine distorts the figures less):

* ``parse``: bare ``nlp.pipe`` with ``quote_attribution`` switched off;
* ``extract``: ``audit.extract.extract_docs`` (parse + attribution + records).

The difference is what attribution costs; the target is under 20 % on top of parsing.
Rates are per wall-clock second; the overhead is also given in CPU time (this process
plus workers), which a busy shared machine distorts far less.
Peak memory is sampled from ``/proc`` (resident set of this process plus its worker
processes, so C allocations by spaCy's models count, unlike ``tracemalloc``), and the
``ru_maxrss`` high-water marks are printed too.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "dev"
BUNDLED_CORPUS = ROOT / "audit" / "data" / "corpus"
SAMPLE_SECONDS = 0.05
"""RSS sampling interval: fine enough to catch the peak of a batch (each takes ~1 s)."""
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MB = 1024 * 1024


def load_texts(polnear: Path, copies: int) -> tuple[list[str], str]:
    """``copies`` rounds of the PolNeAR dev texts (or the bundled corpus), and where from."""
    folder = polnear / "text" if (polnear / "text").is_dir() else polnear
    files = sorted(folder.glob("*.txt"))
    label = str(folder)
    if not files:
        files = sorted(BUNDLED_CORPUS.glob("*.txt"))
        label = f"{BUNDLED_CORPUS} (PolNeAR not found at {polnear})"
    texts = [f.read_text(encoding="utf-8") for f in files]
    return texts * copies, label


def _rss_bytes(pid: int) -> int:
    """Resident set of one process, 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * PAGE_BYTES
    except (OSError, ValueError, IndexError):
        return 0


def _descendants(pid: int) -> list[int]:
    """Worker processes (and their children) of ``pid``, read from ``/proc``."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                kids = [int(k) for k in task.read_text().split()]
            except (OSError, ValueError):
                continue
            found.extend(kids)
            todo.extend(kids)
    return found


@contextmanager
def peak_rss() -> Iterator[list[int]]:
    """Sample the RSS of this process tree in a thread; yields a one-item list that
    holds the peak in bytes when the block ends (0 where ``/proc`` is missing)."""
    peak = [0]
    stop = threading.Event()
    me = os.getpid()

    def sample() -> None:
        while not stop.is_set():
            total = _rss_bytes(me) + sum(_rss_bytes(kid) for kid in _descendants(me))
            peak[0] = max(peak[0], total)
            stop.wait(SAMPLE_SECONDS)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()


@dataclass(slots=True)
class Phase:
    """Best run of one phase."""

    name: str
    seconds: float = float("inf")
    cpu_seconds: float = float("inf")
    peak_bytes: int = 0
    produced: int = 0


def _cpu_seconds() -> float:
    """User + system time of this process and its reaped workers."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def run_phase(phase: Phase, work: Callable[[], int]) -> None:
    """Time ``work`` once under the RSS sampler; keep the best times and highest peak.

    CPU time is kept beside wall time because on a shared machine other people's jobs
    stretch wall time by tens of percent, which would drown a 20 % overhead."""
    with peak_rss() as peak:
        started, cpu_started = time.perf_counter(), _cpu_seconds()
        produced = work()
        seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
    phase.seconds = min(phase.seconds, seconds)
    phase.cpu_seconds = min(phase.cpu_seconds, cpu)
    phase.peak_bytes = max(phase.peak_bytes, peak[0])
    phase.produced = produced


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=1, help="rounds of the dev articles")
    parser.add_argument("--model", default=None, help="installed spaCy pipeline (default from config)")
    parser.add_argument("--workers", type=int, default=1, help="processes for nlp.pipe")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size")
    parser.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR, help="PolNeAR split folder")
    parser.add_argument("--repeat", type=int, default=2, help="alternate the phases this often, keep the best")
    args = parser.parse_args(argv)

    from audit.extract import COMPONENT_NAME, extract_docs, load_pipeline

    texts, label = load_texts(args.polnear, max(1, args.copies))
    if not texts:
        print(f"no texts found in {args.polnear} nor {BUNDLED_CORPUS}", file=sys.stderr)
        return 2
    nlp = load_pipeline(args.model)
    for _ in nlp.pipe(texts[: args.batch_size], batch_size=args.batch_size):  # warm-up: lazy
        pass  # loading and first allocations are not throughput

    def parse() -> int:
        with nlp.select_pipes(disable=[COMPONENT_NAME]):
            return sum(len(doc) for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.workers))

    def extract() -> int:
        items = [(str(i), text) for i, text in enumerate(texts)]
        return sum(
            len(quotes)
            for _, quotes in extract_docs(items, nlp=nlp, batch_size=args.batch_size, n_process=args.workers)
        )

    bare, full = Phase("parse (bare nlp.pipe)"), Phase("extract (parse + attribution)")
    for _ in range(max(1, args.repeat)):
        run_phase(bare, parse)
        run_phase(full, extract)
    tokens = bare.produced

    print(f"texts: {len(texts)} articles, {tokens} tokens from {label}")
    print(f"pipeline: {nlp.meta.get('name')} {nlp.meta.get('version')}, pipes {nlp.pipe_names}, "
          f"workers {args.workers}, batch {args.batch_size}, best of {max(1, args.repeat)}")
    print(f"{'phase':32} {'wall s':>7} {'CPU s':>7} {'articles/s':>11} {'tokens/s':>9} {'peak RSS MB':>12}")
    for phase in (bare, full):
        print(
            f"{phase.name:32} {phase.seconds:7.2f} {phase.cpu_seconds:7.2f} {len(texts) / phase.seconds:11.1f} "
            f"{tokens / phase.seconds:9.0f} {phase.peak_bytes / MB:12.0f}"
        )
    print(f"quotes extracted: {full.produced}")
    print(
        "attribution overhead on top of parsing: "
        f"{100 * (full.cpu_seconds - bare.cpu_seconds) / bare.cpu_seconds:+.1f} % CPU time, "
        f"{100 * (full.seconds - bare.seconds) / bare.seconds:+.1f} % wall time"
    )
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"ru_maxrss: this process {self_kb / 1024:.0f} MB, largest worker {kids_kb / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
