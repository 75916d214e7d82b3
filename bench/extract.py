"""Throughput and memory of extraction, next to bare parsing with the same pipeline.

    python bench/extract.py --copies 2 [--model NAME] [--workers N] [--polnear DIR] [--repeat R]

Texts: N copies of the PolNeAR dev articles (falls back to the bundled corpus in
``audit/data/corpus`` when PolNeAR is absent). Two phases run on the same texts in the
same process, alternating chunk by chunk (so a busy neighbour on a shared machine
weighs on both alike), ``--repeat`` rounds averaged:

* ``parse``: bare ``nlp.pipe`` with ``quote_attribution`` switched off;
* ``attribution alone``: the ``quote_attribution`` component run on the docs the
  parse phase just made (with ``--workers`` the docs come back from the workers);
* ``extract``: ``audit.extract.extract_docs`` (parse + attribution + records).

What attribution costs is measured twice: alone, and as the difference between the
extract and parse phases (noisier: two parses); the target is under 20 % on top of parsing.
Rates are per wall-clock second; the overhead is also given in CPU time (this process
plus workers), which a busy shared machine distorts far less.
Peak memory is sampled from ``/proc`` (resident set of this process plus its worker
processes, so C allocations by spaCy's models count, unlike ``tracemalloc``), and the
``ru_maxrss`` high-water marks are printed too.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "dev"
BUNDLED_CORPUS = ROOT / "audit" / "data" / "corpus"
SAMPLE_SECONDS = 0.05
"""RSS sampling interval: fine enough to catch the peak of a batch (each takes ~1 s)."""
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MB = 1024 * 1024
CHUNK_BATCHES = 1
"""Batches per chunk when phases alternate (single process): small chunks keep both
phases under the same neighbour load; one batch is what ``nlp.pipe`` works in anyway."""


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


@dataclass(slots=True)
class Phase:
    """Accumulated cost of one phase over all its chunks and rounds."""

    name: str
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_bytes: int = 0
    produced: int = 0


class PeakSampler:
    """Samples the RSS of this process tree in a thread and charges each sample's value
    to the phase running at that moment (``current``); 0 where ``/proc`` is missing."""

    def __init__(self) -> None:
        self.current: Phase | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            total = _rss_bytes(me) + sum(_rss_bytes(kid) for kid in _descendants(me))
            phase = self.current
            if phase is not None:
                phase.peak_bytes = max(phase.peak_bytes, total)
            self._stop.wait(SAMPLE_SECONDS)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _cpu_seconds() -> float:
    """User + system time of this process and its reaped workers."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(phase: Phase, sampler: PeakSampler, work: Callable[[], int]) -> int:
    """Run ``work`` once, adding its wall and CPU time to ``phase``.

    CPU time is kept beside wall time because on a shared machine other people's jobs
    stretch wall time by tens of percent, which would drown a 20 % overhead."""
    sampler.current = phase
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    produced = work()
    for child in multiprocessing.active_children():  # spaCy terminates its workers without
        child.join()  # reaping them; reaped, their CPU time shows in os.times()
    phase.seconds += time.perf_counter() - started
    phase.cpu_seconds += _cpu_seconds() - cpu_started
    sampler.current = None
    return produced


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=1, help="rounds of the dev articles")
    parser.add_argument("--model", default=None, help="installed spaCy pipeline (default from config)")
    parser.add_argument("--workers", type=int, default=1, help="processes for nlp.pipe")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size")
    parser.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR, help="PolNeAR split folder")
    parser.add_argument("--repeat", type=int, default=1, help="rounds over all texts (figures are averaged)")
    args = parser.parse_args(argv)

    from audit.extract import COMPONENT_NAME, extract_docs, load_pipeline

    texts, label = load_texts(args.polnear, max(1, args.copies))
    if not texts:
        print(f"no texts found in {args.polnear} nor {BUNDLED_CORPUS}", file=sys.stderr)
        return 2
    nlp = load_pipeline(args.model)
    for _ in nlp.pipe(texts[: args.batch_size], batch_size=args.batch_size):  # warm-up: lazy
        pass  # loading and first allocations are not throughput
    # Alternate the phases chunk by chunk so both see the same load from neighbours; with
    # workers, one chunk per round, since every nlp.pipe call starts its worker processes.
    size = args.batch_size * CHUNK_BATCHES if args.workers == 1 else len(texts)
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]

    component = nlp.get_pipe(COMPONENT_NAME)
    parsed: list = []  # the current chunk's bare docs, for the attribution-only phase

    def parse(chunk: list[str]) -> int:
        with nlp.select_pipes(disable=[COMPONENT_NAME]):
            parsed[:] = nlp.pipe(chunk, batch_size=args.batch_size, n_process=args.workers)
        return sum(len(doc) for doc in parsed)

    def attribute() -> int:
        return sum(len(component(doc)._.quotes) for doc in parsed)

    def extract(chunk: list[str]) -> int:
        items = [(str(i), text) for i, text in enumerate(chunk)]
        return sum(
            len(quotes)
            for _, quotes in extract_docs(items, nlp=nlp, batch_size=args.batch_size, n_process=args.workers)
        )

    rounds = max(1, args.repeat)
    bare, alone = Phase("parse (bare nlp.pipe)"), Phase("attribution alone, on parsed docs")
    full = Phase("extract (parse + attribution)")
    with PeakSampler() as sampler:
        for _ in range(rounds):
            for chunk in chunks:
                bare.produced += timed(bare, sampler, lambda: parse(chunk))
                alone.produced += timed(alone, sampler, attribute)
                full.produced += timed(full, sampler, lambda: extract(chunk))
            parsed.clear()
    for phase in (bare, alone, full):
        phase.seconds /= rounds
        phase.cpu_seconds /= rounds
        phase.produced //= rounds
    tokens = bare.produced

    print(f"texts: {len(texts)} articles, {tokens} tokens from {label}")
    print(f"pipeline: {nlp.meta.get('name')} {nlp.meta.get('version')}, pipes {nlp.pipe_names}, "
          f"workers {args.workers}, batch {args.batch_size}, {len(chunks)} chunk(s), {rounds} round(s)")
    print(f"{'phase':34} {'wall s':>7} {'CPU s':>7} {'articles/s':>11} {'tokens/s':>9} {'peak RSS MB':>12}")
    for phase in (bare, alone, full):
        print(
            f"{phase.name:34} {phase.seconds:7.2f} {phase.cpu_seconds:7.2f} {len(texts) / phase.seconds:11.1f} "
            f"{tokens / phase.seconds:9.0f} {phase.peak_bytes / MB:12.0f}"
        )
    print(f"quotes extracted: {full.produced}")
    print(
        "attribution overhead on top of parsing: "
        f"{100 * alone.cpu_seconds / bare.cpu_seconds:+.1f} % measured alone (CPU time); "
        f"extract vs parse: {100 * (full.cpu_seconds - bare.cpu_seconds) / bare.cpu_seconds:+.1f} % CPU time, "
        f"{100 * (full.seconds - bare.seconds) / bare.seconds:+.1f} % wall time"
    )
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"ru_maxrss: this process {self_kb / 1024:.0f} MB, largest worker {kids_kb / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
