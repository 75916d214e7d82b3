"""Fit and check the per-quote speaker confidence (``audit/extract/speaker_confidence.py``).

    python bench/speaker_confidence.py fit ../shared/data/stories/ever-given-2021 \
        ../shared/data/crossoutlet/texts ../shared/data/seed --cache /tmp/speaker_fit.json
    python bench/speaker_confidence.py cv <the same folders> --cache /tmp/speaker_fit.json
    python bench/speaker_confidence.py check ../shared/data/polnear/dev ../shared/data/stories/beirut-2020

``fit`` extracts every gold folder given (story folders: ``gold.jsonl`` with a ``speakers.json``;
the crossoutlet texts; seed files), labels each predicted quote matched to a gold quote
(character overlap >= 0.3) right when its speaker id is the gold speaker's (after the story's
persons are joined as a run joins them), fits a logistic model over the quote's evidence (L2,
Newton steps, every quote counted once) and prints the ``WEIGHTS`` and ``FORM_RATES`` to paste
into the module, with the reliability table on the fitting data. It refuses brat folders:
PolNeAR states no licence for its texts, so the project measures on it and never ships
weights fitted on it. ``cv`` prints the 10-fold cross-validated log-loss and Brier score of the
fit for a few ridge penalties (how ``L2`` was chosen). ``check`` prints the reliability table of
the module's current weights on the folders given (held-out data; PolNeAR allowed: a quote is
right there when the predicted mention overlaps the annotated source). ``--cache`` keeps the
extracted evidence and labels, so a second run does not parse again. Only the texts are read;
nothing is written to the project.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit.eval.extraction import join_story_persons, shift_offsets  # noqa: E402
from audit.extract import load_pipeline  # noqa: E402
from audit.extract import speaker_confidence as sc  # noqa: E402
from audit.gold import (  # noqa: E402
    ATTRIBUTE_OVERLAP,
    BRAT_ANN_DIR,
    BRAT_TEXT_DIR,
    attribution_from_record,
    header_date,
    intersection,
    load_gold,
    match,
    trim,
)
from audit.ingest.header import split_header  # noqa: E402

L2 = 1.0
"""Ridge penalty on the weights (the bias is not penalised), against a log-likelihood summed
over the quotes: on the 264 fitting quotes of 8 December 2026, 10-fold cross-validation (``cv``)
gave log-loss 0.227 / 0.226 / 0.228 / 0.236 at 0.5 / 1 / 2 / 4."""
CV_PENALTIES = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
CV_FOLDS = 10
BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 1.01)
"""Edges of the reliability table's rows."""


def labelled(folder: Path, limit: int | None) -> list[tuple[dict[str, str], bool]]:
    """(evidence, right) of every predicted quote matched to a gold quote of ``folder``."""
    from audit.extract import _dated

    gold = load_gold([folder], limit=limit)
    nlp = load_pipeline()
    preds, found = {}, {}
    for doc in gold.docs:
        start = split_header(doc.text)[1]
        parsed = nlp(_dated(nlp, doc.text[start:], doc.date or header_date(doc.text)))
        quotes = [replace(q, doc=doc.doc_id) for q in parsed._.quotes]
        ev = parsed.user_data.get(sc.EVIDENCE_KEY, [])
        records = [(attribution_from_record(shift_offsets(q.to_dict(), start), doc.text), e)
                   for q, e in zip(quotes, ev, strict=False)]
        kept = [(a, e) for a, e in records if a is not None]
        preds[doc.doc_id] = [a for a, _ in kept]
        found[doc.doc_id] = [e for _, e in kept]
    preds = join_story_persons(gold, preds, nlp)
    out = []
    for doc in gold.docs:
        dp = preds[doc.doc_id]
        pairing = match([trim(doc.text, q.content) for q in doc.quotes], [trim(doc.text, p.content) for p in dp],
                        ATTRIBUTE_OVERLAP)
        for g, p in pairing.items():
            gq, pq = doc.quotes[g], dp[p]
            if doc.scheme == "brat":
                if gq.source is None:
                    continue
                right = pq.source is not None and intersection(gq.source, pq.source) > 0
            elif gq.speaker is None:
                continue
            else:
                right = doc.speakers.gold_id(pq.speaker) == gq.speaker
            out.append((dict(found[doc.doc_id][p]), right))
    return out


def design(rows: list[tuple[dict[str, str], bool]], names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    x[:, 0] = 1.0
    for r, (ev, _) in enumerate(rows):
        for f in sc.Evidence(**ev).features():
            if f in index:
                x[r, index[f]] = 1.0
    return x, np.array([float(right) for _, right in rows])


def fit(rows: list[tuple[dict[str, str], bool]], l2: float = L2) -> dict[str, float]:
    """Ridge logistic regression by Newton steps."""
    names = ["bias", *sorted({f for ev, _ in rows for f in sc.Evidence(**ev).features()})]
    x, y = design(rows, names)
    w = np.zeros(len(names))
    penalty = np.full(len(names), l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return {n: round(float(v), 3) for n, v in zip(names, w, strict=True) if n == "bias" or abs(v) >= 0.005}


def cross_validate(rows: list[tuple[dict[str, str], bool]]) -> None:
    """10-fold log-loss and Brier score of :func:`fit` per ridge penalty (folds by quote order)."""
    for l2 in CV_PENALTIES:
        loss = brier = 0.0
        for k in range(CV_FOLDS):
            weights = fit([r for i, r in enumerate(rows) if i % CV_FOLDS != k], l2)
            for ev, right in rows[k::CV_FOLDS]:
                z = weights["bias"] + sum(weights.get(f, 0.0) for f in sc.Evidence(**ev).features())
                p = min(max(1 / (1 + np.exp(-z)), 1e-6), 1 - 1e-6)
                loss -= np.log(p if right else 1 - p)
                brier += (p - right) ** 2
        print(f"L2 {l2:<5} log-loss {loss / len(rows):.4f} Brier {brier / len(rows):.4f}")


def reliability(rows: list[tuple[dict[str, str], bool]], title: str) -> None:
    """Predicted confidence per bin against the share right, and the Brier score."""
    probs = [(sc.probability(sc.Evidence(**ev)), right) for ev, right in rows]
    print(f"\n{title}: {len(probs)} matched quotes, {sum(r for _, r in probs)} right")
    print(f"{'confidence':>12} {'quotes':>7} {'mean conf':>10} {'right':>7} {'share right':>12}")
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        got = [(p, r) for p, r in probs if lo <= p < hi]
        if got:
            print(f"{lo:>5.2f}-{min(hi, 1.0):<6.2f} {len(got):>7} {sum(p for p, _ in got) / len(got):>10.3f} "
                  f"{sum(r for _, r in got):>7} {sum(r for _, r in got) / len(got):>12.3f}")
    brier = sum((p - r) ** 2 for p, r in probs) / max(len(probs), 1)
    base = sum(r for _, r in probs) / max(len(probs), 1)
    print(f"Brier {brier:.4f} (constant rate {base:.3f}: {base * (1 - base):.4f})")
    forms = Counter(ev["form"] for ev, _ in rows)
    print("per form: " + ", ".join(f"{f} {sum(r for ev, r in rows if ev['form'] == f)}/{n}"
                                    for f, n in sorted(forms.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("fit", "cv", "check"))
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents of each folder")
    parser.add_argument("--cache", type=Path, default=None, help="JSON file keeping extracted evidence and labels")
    args = parser.parse_args()
    brat = [f for f in args.folders if (f / BRAT_TEXT_DIR).is_dir() and (f / BRAT_ANN_DIR).is_dir()]
    if args.mode != "check" and brat:
        parser.error(f"{brat[0]}: brat gold (PolNeAR) is for measuring only; fit on stories, texts and the seed")
    cache = json.loads(args.cache.read_text()) if args.cache and args.cache.is_file() else {}
    rows_by = {}
    for folder in args.folders:
        key = f"{folder.resolve()}:{args.limit}"
        if key not in cache:
            cache[key] = labelled(folder, args.limit)
            if args.cache:
                args.cache.write_text(json.dumps(cache))
        rows_by[folder.name] = [(ev, right) for ev, right in cache[key]]
    rows = [r for rs in rows_by.values() for r in rs]
    if args.mode == "cv":
        cross_validate(rows)
        return
    if args.mode == "fit":
        sc.WEIGHTS.clear()
        sc.WEIGHTS.update(fit(rows))
        print("WEIGHTS =", json.dumps(sc.WEIGHTS, indent=4))
        rates = {f: round(sum(r for ev, r in rows if ev["form"] == f) / n, 3)
                 for f, n in Counter(ev["form"] for ev, _ in rows).items()}
        print("FORM_RATES =", json.dumps(rates))
    for name, got in rows_by.items():
        reliability(got, name)


if __name__ == "__main__":
    main()
