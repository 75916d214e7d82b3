"""Where PolNeAR content F1 is lost, by error class: the map that chooses the next extraction rule.

    python bench/polnear_errors.py [--gold DIR] [--limit N] [--json]

Runs extraction over the first ``--limit`` articles of a PolNeAR split (brat folders, scored as
``audit eval`` scores them: one-to-one, character Jaccard, predictions sharing a cue as one event)
and counts

* gold contents **missed** at overlap 0.3, by the cue class of the gold attribution (a cue in our
  lexicon, ``according to``, a colon label, a passive ``was reported``, a cue we do not know, none)
  and whether any prediction overlaps it at all (``partial``) or none does (``none``);
* **boundary** errors: matched at 0.3 but not at 0.8, by where our span starts and ends against the
  gold's (``start late`` = the gold begins earlier, e.g. with ``that``);
* **unmatched predictions**, by what they overlap: words inside a gold content another prediction
  already matched (a nested report), inside a gold content nothing matched (too short), holding a
  gold content (too long), or no gold at all.

Choose rules on ``train``; report ``dev`` as held out. PolNeAR's texts stay outside the project.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from audit.gold import Attribution, events_by_cue, intersection, jaccard, load_gold, match, score, trim

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT.parent / "shared" / "data" / "polnear" / "train"
EDGE_SLACK = 1
"""Characters a span edge may differ by and still count as the same edge (a stray space)."""
PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\b(?:\s+\w+)?\s+\w+(?:ed|en|wn)\b")


def cue_class(text: str, cue: Attribution) -> str:
    """The class of a gold attribution's cue, read from its words."""
    from audit.extract.cues import CUE_VERBS, NOUN_CUES, VERB_PREPOSITION_CONTENT, cue_lemma

    if cue.cue is None:
        return "no cue"
    words = " ".join(text[s:e] for s, e in cue.cue).strip().lower()
    if "according" in words:
        return "according to"
    if words.endswith(":"):
        return "colon label"
    if PASSIVE.search(words):
        return "passive"
    known = CUE_VERBS | NOUN_CUES | {verb for verb, _ in VERB_PREPOSITION_CONTENT}
    if any(cue_lemma(w) in known or w.rstrip("s") in NOUN_CUES for w in words.split()):
        return "lexicon cue"
    return "cue not in lexicon"


def _edge(ours: int, gold: int, early: str, late: str) -> str:
    return early if ours < gold - EDGE_SLACK else late if ours > gold + EDGE_SLACK else "ok"


def classify(gold_dir: Path, limit: int) -> dict[str, object]:
    """Run extraction on the split and count the error classes (see the module docstring)."""
    from audit.eval.extraction import predict
    from audit.extract import load_pipeline

    gold = load_gold([gold_dir], limit=limit)
    preds, _ = predict(gold, load_pipeline())
    report = score(gold, preds)
    missed: Counter[str] = Counter()
    boundary: Counter[str] = Counter()
    unmatched: Counter[str] = Counter()
    for doc in gold.docs:
        gold_spans = [trim(doc.text, q.content) for q in doc.quotes]
        events = events_by_cue(preds.get(doc.doc_id, []))
        pred_spans = [trim(doc.text, p.content) for p in events]
        loose, strict = match(gold_spans, pred_spans, 0.3), match(gold_spans, pred_spans, 0.8)
        for g, quote in enumerate(doc.quotes):
            if g not in loose:
                touched = any(jaccard(gold_spans[g], p) > 0 for p in pred_spans)
                missed[f"{cue_class(doc.text, quote)}, {'partial' if touched else 'none'}"] += 1
            elif g not in strict and gold_spans[g] and pred_spans[loose[g]]:
                ours, theirs = pred_spans[loose[g]], gold_spans[g]
                boundary[f"start {_edge(ours[0][0], theirs[0][0], 'early', 'late')}, "
                         f"end {_edge(ours[-1][1], theirs[-1][1], 'early', 'late')}"] += 1
        used = set(loose.values())
        for p, span in enumerate(pred_spans):
            if p in used:
                continue
            shared = max(((intersection(span, gs), g) for g, gs in enumerate(gold_spans)), default=(0, -1))
            if not shared[0]:
                unmatched[f"{events[p].kind}: no gold"] += 1
                continue
            length = sum(e - s for s, e in span)
            gold_length = sum(e - s for s, e in gold_spans[shared[1]])
            where = "inside a matched gold (nested)" if shared[1] in loose else (
                "inside an unmatched gold (too short)" if shared[0] >= 0.9 * length else
                "holds an unmatched gold (too long)" if shared[0] >= 0.9 * gold_length else "crosses a gold")
            unmatched[f"{events[p].kind}: {where}"] += 1
    return {
        "articles": report.docs,
        "content": {f"{c.overlap:g}": {"matched": c.matched, "gold": c.gold, "pred": c.pred,
                                       "precision": round(c.precision, 3), "recall": round(c.recall, 3),
                                       "f1": round(c.f1, 3)} for c in report.content},
        "missed at 0.3": dict(missed.most_common()),
        "boundary (0.3, not 0.8)": dict(boundary.most_common()),
        "unmatched predictions at 0.3": dict(unmatched.most_common()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="a PolNeAR split (text/ + attributions/)")
    parser.add_argument("--limit", type=int, default=200, help="first N articles by name")
    parser.add_argument("--json", action="store_true", help="one JSON object instead of tables")
    args = parser.parse_args()
    if not args.gold.is_dir():
        raise SystemExit(f"{args.gold}: no such folder (PolNeAR is not in the project; see its README)")
    result = classify(args.gold, args.limit)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['articles']} articles of {args.gold}")
    for key, value in result.items():
        if isinstance(value, dict):
            print(f"\n{key}")
            for name, n in value.items():
                print(f"  {name:<44} {n}")


if __name__ == "__main__":
    main()
