"""Soak: ingest and match many generated articles in batches, as a nightly job would.

    python bench/soak.py                          # 100,000 articles, template quotes
    python bench/soak.py --articles 20000         # a shorter soak
    python bench/soak.py --mode extract --articles 2000   # the real spaCy pipeline
    python bench/soak.py --mode none              # articles only (--no-extract)

Each batch is written as a JSON Lines file and goes through the real
``audit.load.ingest`` (reader, skip-what-is-stored, chunked transactions) and then
the incremental ``audit.match.match`` on the growing database. Per batch the script
prints ingest and match throughput, resident memory (``VmRSS``) and the database size;
at the end, whether memory stayed flat and throughput held as the store grew.

Articles are built from templates: each quotes two to four *utterances* from a news
cycle that moves on as the run goes (an utterance is quoted for about ``CYCLE_ARTICLES``
articles, then new ones take over), rendered by each outlet the way coverage drifts:
verbatim, cosmetic changes, truncated, or one word altered. So the store keeps growing,
the matcher keeps finding new statements and joining old ones, and, as incremental
matching promises, each batch costs about the same however big the store is.

Modes: ``template`` (default) stores the quotes the generator placed, found by a regex
standing in for spaCy (which costs ~25 ms an article and would make the soak a
measurement of spaCy); ``extract`` runs the real pipeline; ``none`` stores articles only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit.load import ingest  # noqa: E402
from audit.match import match  # noqa: E402
from audit.model import Quote  # noqa: E402
from audit.store import Store  # noqa: E402

OUTLETS = ("wire", "ledger", "courier", "gazette", "post", "herald", "monitor", "bulletin", "tribune", "digest")
SPEAKERS = ("Ben Wallace", "Dmitry Peskov", "Oleksiy Danilov", "General Mark Hertling", "Ramzan Kadyrov",
            "the Ministry of Defence", "Igor Girkin", "Hanna Maliar", "a senior US official", "Richard Dannatt")
SUBJECTS = ("our forces", "the enemy", "the army", "Ukrainian troops", "the units", "the reserves", "the brigades")
VERBS = ("have recaptured", "are holding", "will defend", "abandoned", "have encircled", "are regrouping near",
         "pushed towards", "withdrew from")
PLACES = ("Izium", "Balakliia", "Kupiansk", "Lyman", "Kharkiv", "Kherson", "Bakhmut", "Svatove", "Oskil")
TAILS = ("since the start of the month", "in the last few days", "according to plan", "without heavy losses",
         "despite the weather", "as the front moves east", "and the situation is under control")
CUES = ("said", "told reporters", "said on Twitter", "told Sky News", "insisted", "warned")
FILLER = ("Officials declined to comment further.", "The claims could not be independently verified.",
          "Fighting continued along the front line.", "Residents described the night as quiet.")

CYCLE_ARTICLES = 600
"""Articles over which one utterance stays in the news; the pool of live utterances
slides along with the article number."""

LIVE_UTTERANCES = 200
"""Utterances quoted at any one time."""

DRIFT = (("exact", 0.55), ("cosmetic", 0.2), ("truncated", 0.15), ("altered", 0.1))
"""How outlets render an utterance (share of quotes)."""

FLAT_MEMORY_RATIO = 1.25
"""Resident memory at the end over memory after the first quarter of batches: above
this the run is flagged as growing."""

FLAT_THROUGHPUT_RATIO = 0.67
"""Throughput of the last quarter of batches over the first quarter's: below this the
run is flagged as slowing down."""

QUOTED = re.compile("\u201c([^\u201d]+)\u201d")


def utterance(u: int) -> tuple[str, str]:
    """(speaker, words) of utterance ``u``: deterministic, so every outlet agrees."""
    rng = random.Random(u)
    words = (f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(PLACES)} "
             f"and {rng.randint(2, 90)} villages nearby {rng.choice(TAILS)}, {rng.choice(SUBJECTS)} {rng.choice(VERBS)} "
             f"{rng.choice(PLACES)} {rng.choice(TAILS)} ({u})")
    return rng.choice(SPEAKERS), words


def render(words: str, rng: random.Random) -> str:
    """One outlet's rendering of ``words``."""
    kind = rng.choices([k for k, _ in DRIFT], [w for _, w in DRIFT])[0]
    if kind == "cosmetic":
        return words.lower().replace(",", "")
    if kind == "truncated":
        return " ".join(words.split()[: max(6, len(words.split()) * 2 // 3)])
    if kind == "altered":
        tokens = words.split()
        tokens[rng.randrange(len(tokens))] = rng.choice(("reportedly", "largely", "quickly", "finally"))
        return " ".join(tokens)
    return words


def article(i: int, start: date) -> dict[str, object]:
    """Article ``i``: a lead, two to four quoted utterances of the current news cycle, filler."""
    rng = random.Random(i * 7919)
    base = i * LIVE_UTTERANCES // CYCLE_ARTICLES
    paragraphs = [f"Report {i} from the front, filed on day {i // 1000}."]
    for u in rng.sample(range(base, base + LIVE_UTTERANCES), rng.randint(2, 4)):
        speaker, words = utterance(u)
        paragraphs.append(f"{speaker} {rng.choice(CUES)}: \u201c{render(words, rng)}.\u201d {rng.choice(FILLER)}")
    return {"text": "\n\n".join(paragraphs) + "\n", "outlet": OUTLETS[i % len(OUTLETS)],
            "date": (start + timedelta(days=i // 2000)).isoformat(), "url": f"https://{OUTLETS[i % 10]}.example/{i}"}


class TemplateNLP:
    """Stands in for the spaCy pipeline in ``ingest``: ``pipe`` yields documents whose
    ``._.quotes`` are the generator's curly-quoted passages. Everything else in the
    ingest path (readers, store, chunking) is the real code."""

    def pipe(self, pairs: Iterator[tuple[str, str]], *, as_tuples: bool, batch_size: int, n_process: int
             ) -> Iterator[tuple[SimpleNamespace, str]]:
        for text, ctx in pairs:
            quotes = [Quote(m.start(1), m.end(1), m.group(1), "direct") for m in QUOTED.finditer(text)]
            yield SimpleNamespace(_=SimpleNamespace(quotes=quotes)), ctx


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB (Linux ``/proc``)."""
    values = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                values[line[:5]] = int(line.split()[1]) / 1024
    return values["VmRSS"], values["VmHWM"]


@dataclass(slots=True)
class Batch:
    n: int
    articles: int
    ingest_s: float
    quotes: int
    match_s: float
    phases: str
    candidates: int
    statements: int
    rss_mb: float
    peak_mb: float
    duckdb_mb: float
    db_mb: float

    def row(self) -> str:
        return (f"{self.n:>5} {self.articles:>9,} {self.articles_per_s:>9,.0f} {self.quotes_per_s:>10,.0f} "
                f"{self.match_s:>8.2f} {self.phases:>26} {self.candidates:>10,} {self.statements:>10,} {self.rss_mb:>8.0f} "
                f"{self.peak_mb:>8.0f} {self.duckdb_mb:>9.0f} {self.db_mb:>8.0f}")

    @property
    def articles_per_s(self) -> float:
        return self.batch_articles / self.ingest_s if self.ingest_s else 0.0

    @property
    def quotes_per_s(self) -> float:
        return self.quotes / self.match_s if self.match_s else 0.0

    batch_articles: int = 0


HEADER = (f"{'batch':>5} {'articles':>9} {'ingest/s':>9} {'match q/s':>10} {'match s':>8} {'prep/block/score/clu/write':>26} {'candidates':>10} "
          f"{'statements':>10} {'rss MB':>8} {'peak MB':>8} {'duckdb MB':>9} {'db MB':>8}")
"""Columns: articles stored so far; this batch's ingest rate; match rate (new quotes
linked per second), time and its phases (seconds), candidate pairs scored; statements so far; resident and peak
memory of the process, the part of it DuckDB holds (buffer cache included) and the
database file's size."""


def duckdb_mb(store: Store) -> float:
    """Memory DuckDB holds (its buffer manager: cached blocks, hash tables), in MB."""
    return store.con.execute("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()").fetchall()[0][0] / 2**20


def soak(n_articles: int, batch_size: int, mode: str, db: Path, work: Path, memory_limit: str | None = None) -> list[Batch]:
    """Run the soak; print and return one ``Batch`` per batch."""
    nlp = None
    if mode == "template":
        nlp = TemplateNLP()
    elif mode == "extract":
        from audit.extract import load_pipeline

        nlp = load_pipeline()
    start = date(2022, 9, 1)
    batches: list[Batch] = []
    print(HEADER, flush=True)
    with Store(db) as store:
        if memory_limit:
            store.con.execute("SET memory_limit = ?", [memory_limit])
        for n, lo in enumerate(range(0, n_articles, batch_size), 1):
            hi = min(n_articles, lo + batch_size)
            path = work / f"batch{n:04d}.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                for i in range(lo, hi):
                    fh.write(json.dumps(article(i, start)) + "\n")
            t0 = time.perf_counter()
            stats = ingest([path], store, nlp=nlp, extract=mode != "none", progress=False)
            ingest_s = time.perf_counter() - t0
            assert stats.added == hi - lo and stats.failed == 0, stats.line()
            path.unlink()
            t0 = time.perf_counter()
            matched = match(store) if mode != "none" else None
            match_s = time.perf_counter() - t0
            rss, peak = rss_mb()
            phases = "/".join(f"{ph.seconds:.1f}" for ph in matched.phases.values()) if matched else "-"
            batch = Batch(n, hi, ingest_s, matched.quotes if matched else 0, match_s, phases,
                          matched.candidates if matched else 0,
                          matched.statements if matched else 0, rss, peak, duckdb_mb(store), db.stat().st_size / 2**20,
                          batch_articles=hi - lo)
            batches.append(batch)
            print(batch.row(), flush=True)
    return batches


def verdict(batches: list[Batch]) -> list[str]:
    """Lines saying whether memory stayed flat and throughput held (first vs last quarter)."""
    q = max(1, len(batches) // 4)
    first, last = batches[:q], batches[-q:]

    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    rss_ratio = batches[-1].rss_mb / max(b.rss_mb for b in first)
    ingest_ratio = mean([b.articles_per_s for b in last]) / mean([b.articles_per_s for b in first])
    lines = [f"memory: {max(b.rss_mb for b in first):.0f} MB after the first quarter, {batches[-1].rss_mb:.0f} MB at "
             f"the end (x{rss_ratio:.2f}; peak {max(b.peak_mb for b in batches):.0f} MB): "
             f"{'flat' if rss_ratio <= FLAT_MEMORY_RATIO else 'GROWING'}",
             f"ingest: {mean([b.articles_per_s for b in first]):,.0f} -> {mean([b.articles_per_s for b in last]):,.0f} "
             f"articles/s (x{ingest_ratio:.2f}): {'held' if ingest_ratio >= FLAT_THROUGHPUT_RATIO else 'SLOWING'}"]
    if any(b.quotes for b in batches):
        match_ratio = mean([b.quotes_per_s for b in last]) / mean([b.quotes_per_s for b in first])
        lines.append(f"match: {mean([b.quotes_per_s for b in first]):,.0f} -> {mean([b.quotes_per_s for b in last]):,.0f} "
                     f"quotes/s (x{match_ratio:.2f}): {'held' if match_ratio >= FLAT_THROUGHPUT_RATIO else 'SLOWING'}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5_000, help="articles per batch")
    parser.add_argument("--mode", choices=("template", "extract", "none"), default="template")
    parser.add_argument("--db", type=Path, help="database to grow (default: a temporary file)")
    parser.add_argument("--memory-limit", help="DuckDB memory_limit for the run, e.g. 512MB (default: DuckDB's, 80%% of RAM)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="audit-soak-") as tmp:
        work = Path(tmp)
        db = args.db or work / "soak.duckdb"
        t0 = time.perf_counter()
        batches = soak(args.articles, args.batch, args.mode, db, work, args.memory_limit)
        print(f"\n{args.articles:,} articles in {time.perf_counter() - t0:.0f} s ({args.mode} mode)")
        for line in verdict(batches):
            print(line)


if __name__ == "__main__":
    main()
