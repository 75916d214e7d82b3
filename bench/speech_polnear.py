"""How well ``audit.extract.speech`` tells speech from quoted terms, on PolNeAR.

PolNeAR annotates every attribution's content; a span the extractor finds in quote marks
that overlaps no annotated content is a quoted term, name, title or scare quote (the
annotators attribute all speech, beliefs included). For each span in quote marks (kinds
``direct`` and ``mixed``) extracted from the given split, this prints how many are
speech (and, for every kind, how many extracted spans lie inside annotated content), the ROC AUC of ``speech_probability`` between the two, and per probability band
how many are speech: the check that the ranking the findings rely on holds on general
news it was not written on. Nothing is fitted: PolNeAR's texts carry no licence, so no
weight learned on them may ship.

    python bench/speech_polnear.py ../shared/data/polnear/dev [--limit N]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from audit.gold import load_brat
from audit.extract import extract, load_pipeline
from audit.extract.speech import speech_probability

SPEECH_OVERLAP = 0.5
"""Share of a quote's characters inside annotated content for it to count as speech."""

BANDS = (0.2, 0.4, 0.6, 0.8, 1.01)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("split", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    warnings: list[str] = []
    docs = list(load_brat(args.split, warnings))[: args.limit]
    nlp = load_pipeline()
    scored: list[tuple[float, bool]] = []
    by_kind: Counter = Counter()
    for doc in docs:
        inside = [False] * len(doc.text)
        for att in doc.quotes:
            for start, end in att.content:
                inside[start:end] = [True] * (end - start)
        for q in extract(doc.text, nlp=nlp, doc=doc.doc_id):
            if q.end <= q.start:
                continue
            share = sum(inside[q.start:q.end]) / (q.end - q.start)
            p = speech_probability(q.text, q.kind, q.cue, q.speaker_kind, q.mention, q.confidence)
            by_kind[(q.kind, share >= SPEECH_OVERLAP)] += 1
            if q.kind in ("direct", "mixed"):
                scored.append((p, share >= SPEECH_OVERLAP))
    pos = [p for p, y in scored if y]
    neg = [p for p, y in scored if not y]
    pairs = len(pos) * len(neg)
    auc = (sum((a > b) + 0.5 * (a == b) for a in pos for b in neg) / pairs) if pairs else float("nan")
    print(f"{args.split}: {len(docs)} articles, {len(scored)} spans in quote marks, {len(pos)} speech, "
          f"{len(neg)} not speech; ROC AUC of speech_probability {auc:.3f}")
    for kind in sorted({k for k, _ in by_kind}):
        print(f"  {kind}: {by_kind[(kind, True)]}/{by_kind[(kind, True)] + by_kind[(kind, False)]} inside annotated content")
    counts: Counter = Counter()
    low = 0.0
    for p, y in scored:
        band = next(b for b in BANDS if p < b)
        counts[(band, y)] += 1
    for band in BANDS:
        n = counts[(band, True)] + counts[(band, False)]
        if n:
            print(f"  p in [{low:.1f}, {min(band, 1.0):.1f}): {counts[(band, True)]}/{n} speech")
        low = band


if __name__ == "__main__":
    main()
