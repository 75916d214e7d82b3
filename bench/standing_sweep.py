"""Settings of the standing-figure rule (``audit.score.standing``) on each story, for
choosing them on one story and reading them on the others.

For each story folder given (articles with ``gold.jsonl``), run the whole pipeline once
(``audit eval-statements``), then re-score its store with every pair of
``STANDING_MIN_OUTLETS`` x ``STANDING_MIN_DAYS`` in 1..3 and count the standing findings
(``number`` findings whose evidence says they were compared across statements) and how
many of them blame a rendering the gold records with a figure problem.

    python bench/standing_sweep.py ../shared/data/stories/ever-given-2021 \\
        ../shared/data/stories/beirut-2020 ../shared/data/crossoutlet/texts
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

SETTINGS = [(outlets, days) for outlets in (1, 2, 3) for days in (1, 2, 3)]


def sweep(folder: Path) -> list[str]:
    """One line per setting: standing findings right / shown, and what they blame."""
    import audit.score.standing as standing
    from audit.config import reference_dir
    from audit.eval.findings import gold_problems
    from audit.eval.statements import _aligned, _in_files, evaluate_articles, read_jsonl
    from audit.gold import gold_article
    from audit.score import score
    from audit.score.verified import load_verified
    from audit.store import Store

    gold = read_jsonl(folder / "gold.jsonl")
    files = sorted({g["file"] for g in gold})
    shipped = standing.STANDING_MIN_OUTLETS, standing.STANDING_MIN_DAYS
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "story.duckdb"
        evaluate_articles(folder, db=db)
        with Store(db) as store:
            rows = store.con.execute('SELECT quote_id, article_id, start, "end" FROM quotes').fetchall()
            aligned = _aligned(gold, _in_files(rows, {f: gold_article(folder, f) for f in files}))
            problems = {qid: gold_problems(gold[k]) for k, qid in aligned.items()}
            try:
                for outlets, days in SETTINGS:
                    standing.STANDING_MIN_OUTLETS, standing.STANDING_MIN_DAYS = outlets, days
                    conflicts = score(store, verified=load_verified(reference_dir())).conflicts
                    found = conflicts.filter(conflicts["evidence"].str.contains("in another statement"))
                    right = sum("figures" in problems.get(q, ()) for q in found["deviating_quote_id"])
                    mark = " (shipped)" if (outlets, days) == shipped else ""
                    lines.append(f"  outlets >= {outlets}, days >= {days}{mark}: {right}/{found.height}  "
                                 + "; ".join(f"{o}: {f}" for o, f in zip(found["deviating_outlet"], found["found"])))
            finally:
                standing.STANDING_MIN_OUTLETS, standing.STANDING_MIN_DAYS = shipped
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for folder in args.folders:
        print(f"{folder}: standing findings right / shown")
        print("\n".join(sweep(folder)), flush=True)


if __name__ == "__main__":
    main()
