"""Throughput of the Spark engine in local mode beside the DuckDB engine, on this machine.

    python bench/spark.py                                    # 48 articles, 20,000 quotes, local[1] and local[2]
    python bench/spark.py --articles 96 --quotes 100000 --master local[2]

Two figures per engine and parallelism:

* **articles/s**: extraction of ``--articles`` articles (real PolNeAR articles from
  ``../shared/data/polnear`` when present, else ``bench/soak.py`` template articles; see
  ``bench/run.py``): the Spark engine's ``extract`` step against the DuckDB engine's
  ``ingest`` with extraction and ``--workers`` 1 / 2 (reading is staged first and not timed);
* **quotes matched/s**: matching the synthetic corpus of ``bench/match.py`` (``--quotes``
  quotes with known statements): the Spark engine's ``match_tables`` against
  ``audit.match.match``, with the pairwise precision and recall of each (they must agree).

Spark's session start (the JVM) is printed apart and not counted. Figures and the
scale-out estimate: ``docs/spark.md``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT_MASTERS = ("local[1]", "local[2]")


def _ingest_duckdb(corpus: Path, db: Path, workers: int) -> tuple[float, int]:
    """Extraction on the DuckDB engine: articles already stored without quotes get
    them (the same work the Spark engine's ``extract`` does)."""
    from audit.extract import load_pipeline
    from audit.load import ingest
    from audit.store import Store

    nlp = load_pipeline()
    with Store(db) as store:
        ingest([corpus], store, extract=False, progress=False)
        t0 = time.perf_counter()
        stats = ingest([corpus], store, nlp=nlp, progress=False, workers=workers)
        return time.perf_counter() - t0, stats.added


def _match_duckdb(n_quotes: int, work: Path) -> tuple[float, int, float, float]:
    from match import build_corpus, load, pairwise

    from audit.match import match
    from audit.store import Store

    corpus = build_corpus(n_quotes)
    with Store(work / "match.duckdb") as store:
        load(store.con, corpus)
        t0 = time.perf_counter()
        match(store, incremental=False)
        seconds = time.perf_counter() - t0
        precision, recall = pairwise(store.con, corpus.quotes.select("quote_id", "truth"))
    return seconds, len(corpus.quotes), precision, recall


def _match_spark(spark, n_quotes: int, work: Path) -> tuple[float, int, float, float]:
    from match import build_corpus, load, pairwise

    from audit.engines.spark import match_tables
    from audit.engines.tables import mark, open_tables
    from audit.store import Store

    corpus = build_corpus(n_quotes)
    folder = work / "tables"
    with Store(work / "load.duckdb") as store:  # the store's column types, exported as the engine's tables
        load(store.con, corpus)
        for table in ("articles", "quotes", "speakers", "aliases", "ingest_errors"):
            (folder / table).mkdir(parents=True, exist_ok=True)
            store.con.execute(f"COPY {table} TO '{folder / table / 'part-0.parquet'}' (FORMAT parquet)")
    t0 = time.perf_counter()
    match_tables(spark, folder)
    seconds = time.perf_counter() - t0
    mark(folder)
    con = open_tables(folder)
    precision, recall = pairwise(con, corpus.quotes.select("quote_id", "truth"))
    con.close()
    return seconds, len(corpus.quotes), precision, recall


def _extract_spark(spark, corpus: Path, work: Path) -> tuple[float, int]:
    from audit.config import load_config, reference_dir
    from audit.engines.spark import ExtractSettings, extract, stage
    from audit.speakers import Registry

    cfg = load_config()
    registry = Registry.load(reference_dir(cfg) / "speakers.toml")
    folder = work / "tables"
    stats = stage([corpus], folder, cfg, registry)
    t0 = time.perf_counter()
    extract(spark, folder, ExtractSettings(cfg.model, registry))
    return time.perf_counter() - t0, stats.added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=48)
    parser.add_argument("--quotes", type=int, default=20_000)
    parser.add_argument("--source", choices=("polnear", "generated"), default="polnear")
    parser.add_argument("--master", action="append", help="Spark master (repeatable); default local[1] and local[2]")
    parser.add_argument("--skip-duckdb", action="store_true", help="only the Spark rows")
    args = parser.parse_args()
    from run import build_corpus as build_articles

    from audit.engines.spark import session

    rows: list[tuple[str, str, float, int, float, int, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_articles(args.articles, args.source, Path(tmp) / "corpus")
        if not args.skip_duckdb:
            for workers in (1, 2):
                sec, n = _ingest_duckdb(corpus, Path(tmp) / f"duck{workers}.duckdb", workers)
                msec, nq, p, r = _match_duckdb(args.quotes, Path(tempfile.mkdtemp(dir=tmp)))
                rows.append(("duckdb", f"--workers {workers}", sec, n, msec, nq, p, r))
                print(f"duckdb workers={workers}: extract {n} articles {sec:.1f}s, match {nq} quotes {msec:.1f}s", flush=True)
        for master in args.master or DEFAULT_MASTERS:
            t0 = time.perf_counter()
            spark = session(master)
            started = time.perf_counter() - t0
            try:
                sec, n = _extract_spark(spark, corpus, Path(tempfile.mkdtemp(dir=tmp)))
                msec, nq, p, r = _match_spark(spark, args.quotes, Path(tempfile.mkdtemp(dir=tmp)))
            finally:
                spark.stop()
            rows.append(("spark", master, sec, n, msec, nq, p, r))
            print(f"spark {master} (session start {started:.1f}s): extract {n} articles {sec:.1f}s, "
                  f"match {nq} quotes {msec:.1f}s", flush=True)
    print()
    print("| engine | parallelism | articles | extract s | articles/s | quotes | match s | quotes matched/s | precision | recall |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for engine, par, sec, n, msec, nq, p, r in rows:
        print(f"| {engine} | {par} | {n} | {sec:.1f} | {n / sec:.2f} | {nq:,} | {msec:.1f} | {nq / msec:,.0f} | {p:.3f} | {r:.3f} |")


if __name__ == "__main__":
    main()
