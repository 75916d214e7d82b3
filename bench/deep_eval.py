"""Measure the semantic stage's optional contextual model (``audit.link.deep``) with the
project's own statement evaluation (``audit eval-statements``), per drift class.

For each shared data set and each (model, deep-cosine bar) on a grid, prints pairwise
precision/recall overall, across outlets, and recall of the paraphrase and translated
classes, beside the default install's figures (``none``). Choose a bar on one story and
read its effect on the others (``docs/matching.md``, "Contextual model").

    python bench/deep_eval.py [--models e5,use] [--bars 0.85,0.9] [--data DIR_OR_JSONL ...]
    python bench/deep_eval.py --models '' --pair-model DIR [--promote 0.5,0.8] [--demote 0,0.1] [--band-high 0.7,0.9]

A pair model (``audit train-pairs``) is measured on a grid of its promotion bar, demotion
bar and the band's upper end; train it on the other stories first (leave one story out,
docs/matching.md). Needs the ``[deep]`` extra for anything but ``none``; the shared data
under ``/work/shared/data`` (or ``--data``).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from audit.eval.statements import ACROSS_OUTLETS, evaluate_articles, evaluate_renderings
from audit.link import deep

SHARED = Path("/work/shared/data")
DEFAULT_DATA = ("stories/beirut-2020", "stories/ever-given-2021", "crossoutlet/texts", "crossoutlet/renderings.jsonl")
DEFAULT_BARS = {"e5": (0.86, 0.88, 0.90, 0.92), "use": (0.65, 0.70, 0.75, 0.80), "minilm": (0.70, 0.75, 0.80, 0.85)}


def _fmt(v: float | None) -> str:
    return "  -  " if v is None else f"{v:.3f}"


def measure(path: Path) -> dict[str, float | None]:
    """Pairwise figures of one data set with the cascade as currently set."""
    evaluate = evaluate_articles if path.is_dir() else evaluate_renderings
    report = evaluate(path, semantic=True)
    by = report.by_drift
    get = lambda cls, attr: getattr(by[cls], attr) if cls in by else None  # noqa: E731
    return {"P": report.overall.precision, "R": report.overall.recall,
            "xP": get(ACROSS_OUTLETS, "precision"), "xR": get(ACROSS_OUTLETS, "recall"),
            "para R": get("paraphrase", "recall"), "transl R": get("translated", "recall")}


def _auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """ROC AUC: the chance that a positive outscores a negative (ties count half)."""
    return float(((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()) / (len(pos) * len(neg)))


def separation(model_dir: str, gold: str) -> None:
    """ROC AUC of the pair model and of the static encoder's cosine on ``gold``'s pairs:
    paraphrased or translated renderings of one statement against other statements of the
    same speaker (the ceiling of any bar, as docs/matching.md measures it for the sentence models)."""
    from audit.learned.pairs import PairModel, gold_records, pair_examples
    from audit.link.embed import encode

    ex = [e for e in pair_examples(gold_records([Path(gold)])) if e.kind in ("paraphrase", "translated", "same-speaker")]
    pairs = [(e.a, e.b) for e in ex]
    pm = PairModel(Path(model_dir)).probabilities(pairs)
    va, vb = encode([a for a, _ in pairs]), encode([b for _, b in pairs])
    cos = np.einsum("ij,ij->i", va, vb)
    for kind in ("paraphrase", "translated"):
        pos = np.array([e.kind == kind for e in ex])
        neg = np.array([e.kind == "same-speaker" for e in ex])
        print(f"{gold}: {kind} {pos.sum()} vs same-speaker {neg.sum()}: AUC pair model {_auc(pm[pos], pm[neg]):.3f}, "
              f"static cosine {_auc(cos[pos], cos[neg]):.3f}; pair p >= 0.5: {np.mean(pm[pos] >= 0.5):.2f} of positives, "
              f"{np.mean(pm[neg] >= 0.5):.2f} of negatives")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", default="e5,use")
    ap.add_argument("--bars", default="", help="comma-separated deep-cosine bars (default: a grid per model)")
    ap.add_argument("--bands", default=str(deep.BAND_LOW), help="comma-separated lowest default probabilities asked about")
    ap.add_argument("--margin-k", type=int, default=0, help="ratio-margin neighbours (0: raw cosine; bars are then margins)")
    ap.add_argument("--data", nargs="*", default=[str(SHARED / d) for d in DEFAULT_DATA])
    ap.add_argument("--pair-model", default="", help="a folder from `audit train-pairs` to measure")
    ap.add_argument("--promote", default=str(deep.PAIR_PROMOTE), help="comma-separated pair-model promotion bars")
    ap.add_argument("--demote", default=str(deep.PAIR_DEMOTE), help="comma-separated pair-model demotion bars (0: none)")
    ap.add_argument("--band-high", default=str(deep.PAIR_BAND_HIGH), help="comma-separated upper ends of the pair model's band")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--separation", action="store_true", help="print the pair model's ROC AUC on each --data gold and stop")
    args = ap.parse_args()
    if args.separation:
        for d in args.data:
            separation(args.pair_model, d)
        return
    floats = lambda text: [float(v) for v in text.split(",") if v]  # noqa: E731
    deep.MARGIN_K = args.margin_k
    settings: list[tuple[str, float | None, float, float, float]] = [("none", None, deep.BAND_LOW, 0.0, 0.0)]
    for m in [m for m in args.models.split(",") if m]:
        bars = floats(args.bars) or DEFAULT_BARS[m]
        settings += [(m, b, lo, 0.0, 0.0) for lo in floats(args.bands) for b in bars]
    if args.pair_model:
        settings += [("pair", b, lo, dem, hi) for lo in floats(args.bands) for hi in floats(args.band_high)
                     for dem in floats(args.demote) for b in floats(args.promote)]
    cols = ("P", "R", "xP", "xR", "para R", "transl R")
    for d in args.data:
        path = Path(d)
        print(f"\n{path}")
        print(f"{'model':6} {'bar':>5} {'band':>5} {'demote':>6} {'high':>5}  " + "  ".join(f"{c:>8}" for c in cols) + "   seconds")
        for name, bar, band, demote, high in settings:
            deep.BAND_LOW = band
            if name == "none":
                deep.use(None)
            elif name == "pair":
                if deep.active() != f"pair:{args.pair_model}":
                    deep.use_pair_model(args.pair_model, device=args.device)
                deep.PAIR_PROMOTE, deep.PAIR_DEMOTE, deep.PAIR_BAND_HIGH = float(bar or 0), demote, high
            else:
                deep.use(name)
                deep.set_bar(bar)
            t = time.perf_counter()
            fig = measure(path)
            secs = time.perf_counter() - t
            extra = f"{demote:6.2f} {high:5.2f}" if name == "pair" else f"{'':6} {'':5}"
            print(f"{name:6} {'' if bar is None else f'{bar:.2f}':>5} {'' if bar is None else f'{band:.2f}':>5} {extra}  "
                  + "  ".join(f"{_fmt(fig[c]):>8}" for c in cols) + f"   {secs:6.1f}", flush=True)


if __name__ == "__main__":
    main()
