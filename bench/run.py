"""Wall time of the whole job (`audit run`: ingest, extract, match, score, report) on a corpus.

    python bench/run.py                              # the bundled demo corpus
    python bench/run.py --articles 1000              # 1,000 articles: PolNeAR if present, else generated
    python bench/run.py --articles 1000 --source generated

With ``--articles N`` the corpus is N real PolNeAR articles (train then dev, from
``../shared/data/polnear``; measured only, never copied into the project) when that folder
exists, topped up or replaced by template articles from ``bench/soak.py`` (quotes drifting
across outlets) otherwise. Prints per-stage wall time, articles/s, quotes/s and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"


def build_corpus(n: int, source: str, folder: Path) -> Path:
    """Write ``n`` articles into ``folder`` and return the path to ingest."""
    folder.mkdir(parents=True, exist_ok=True)
    texts: list[Path] = []
    if source == "polnear" and POLNEAR.is_dir():
        texts = sorted(POLNEAR.glob("train/text/*.txt")) + sorted(POLNEAR.glob("dev/text/*.txt"))
        for path in texts[:n]:
            shutil.copyfile(path, folder / path.name)
    missing = n - min(n, len(texts))
    if missing:
        from soak import article  # the soak benchmark's template article generator

        with (folder / "generated.jsonl").open("w", encoding="utf-8") as out:
            for i in range(missing):
                out.write(json.dumps(article(i, date(2022, 9, 1)), default=str) + "\n")
    return folder


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=0, help="corpus size; 0 = the bundled demo corpus")
    parser.add_argument("--source", choices=["polnear", "generated"], default="polnear")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    from audit.config import default_corpus_files
    from audit.extract import load_pipeline
    from audit.load import ingest
    from audit.match import match
    from audit.report import write_reports
    from audit.score import score
    from audit.speakers import Registry
    from audit.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        paths = (
            [build_corpus(args.articles, args.source, work / "corpus")]
            if args.articles
            else default_corpus_files()
        )
        times: dict[str, float] = {}
        t0 = time.perf_counter()
        registry = Registry.load()
        nlp = load_pipeline(registry=registry)
        times["model load"] = time.perf_counter() - t0
        with Store(work / "bench.duckdb") as store:
            store.load_registry(registry)
            t = time.perf_counter()
            stats = ingest(paths, store, nlp=nlp, progress=False, workers=args.workers)
            times["ingest + extract"] = time.perf_counter() - t
            t = time.perf_counter()
            match(store)
            times["match"] = time.perf_counter() - t
            t = time.perf_counter()
            scores = score(store)
            times["score"] = time.perf_counter() - t
            t = time.perf_counter()
            write_reports(scores, work / "reports")
            times["report"] = time.perf_counter() - t
        total = time.perf_counter() - t0
    n_quotes = scores.quotes.height
    print(f"corpus: {stats.added:,} articles ({args.source if args.articles else 'bundled demo'}), {n_quotes:,} quotes")
    for stage, seconds in times.items():
        print(f"  {stage:<18} {seconds:8.2f} s")
    print(f"  {'total':<18} {total:8.2f} s   {stats.added / total:.1f} articles/s, {n_quotes / total:.1f} quotes/s")
    print(f"peak RSS {peak_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()
