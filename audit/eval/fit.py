"""Fit the semantic stage's pair decision on renderings with known statements, and say
how well it does on statements it was not fitted on.

    python -m audit.eval.fit ../shared/data/crossoutlet/renderings.jsonl [--write]
    python -m audit.eval.fit ../shared/data/crossoutlet/renderings.jsonl --statements

Pairs are the candidates the stage would see (:func:`audit.link.neighbours.neighbours`
over all renderings); a pair is positive when the two renderings share a statement
(``statement`` or ``also_statements``). The model is an L2-regularised logistic
regression (Newton steps, numpy only). The printed figure is honest: *leave statements
out* cross-validation, where each fold's statements are unseen in training (a pair is
tested in the fold holding both its statements and trained on only when neither is in
the fold). The threshold is the one that keeps cross-validated precision at
:data:`TARGET_PRECISION` with the most recall. ``--write`` stores the fit on all pairs in
``audit/link/weights.py``. Only ~16 numbers are fitted: the weights say how much each
kind of evidence counts, they hold no text.

``--statements`` measures what users see, the statements the whole pipeline builds
(lexical matcher, then the semantic stage), for each pair of join thresholds in
:data:`JOIN_GRID`: in sample (committed weights), and held out, where each fold's
statements are scored with weights fitted without them (pairs with at least one member
of the fold count; all renderings are matched together, so the held-out statements
still meet every distractor).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from audit.gold import DRIFT_CLASSES, looser_drift
from audit.lang.normalise import normalise
from audit.link.decide import probability
from audit.link.embed import encode
from audit.link.features import FEATURES, pair_features, read_text
from audit.link.neighbours import neighbours
from audit.link.stage import FRAGMENT_MAX_WORDS

L2 = 1.0
"""Ridge penalty on the weights (not the bias): keeps rare features from running off."""

SIGNS: dict[str, int] = {
    "cosine": +1, "word_overlap": +1, "word_jaccard": +1, "same_speaker": +1, "other_speaker": -1,
    "figures_agree": +1, "figures_near": +1, "figures_differ": -1, "figures_differ_same_speaker": -1,
    "names_shared": +1, "names_disjoint": -1, "log_days": -1, "negation_differs": -1,
}
"""The direction each kind of evidence can only push: a fit that gives it the other sign
is learning an accident of the sample, so the feature is dropped (weight 0) and the rest
refitted."""

PRIORS: dict[str, float] = {"figures_differ": -3.0, "figures_differ_same_speaker": -10.0, "negation_differs": -10.0}
"""Weights for evidence the fitting data may not show (the shared renderings hold no pair
of one speaker's two different figures, and no negated twin): used when the data has
fewer than :data:`MIN_SUPPORT` pairs with the feature. They encode the rules of the
issue: another figure from the same speaker on a similar claim is another statement, and
a negated twin is another claim, even when every other word is the same (identical
wording adds about +11 to the log-odds through cosine, overlap and Jaccard, so -10 with
the bias keeps such a pair well below any threshold); another figure from another
speaker only counts against."""

MIN_SUPPORT = 5

FOLDS = 5
TARGET_PRECISION = 0.95
WEIGHTS_FILE = Path(__file__).parent.parent / "link" / "weights.py"

JOIN_GRID: tuple[tuple[float, float], ...] = (
    (0.7, 0.2), (0.7, 0.3), (0.6, 0.3), (0.5, 0.2), (0.5, 0.3), (0.5, 0.4), (0.4, 0.3),
)
"""(``JOIN_MIN_PROBABILITY``, ``ANCHOR_MIN_PROBABILITY``) pairs that ``--statements`` measures."""


def fit_weights(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Weights and bias: :data:`PRIORS` for features the data barely shows, a logistic fit
    for the rest, refitted without any feature that came out against its :data:`SIGNS`."""
    coef = np.zeros(x.shape[1])
    fixed = np.zeros(x.shape[1], dtype=bool)
    for name, prior in PRIORS.items():
        k = FEATURES.index(name)
        if (x[:, k] != 0).sum() < MIN_SUPPORT:
            coef[k], fixed[k] = prior, True
    free = ~fixed
    while True:
        w, bias = fit_logistic(x[:, free], y, offset=x[:, fixed] @ coef[fixed])
        coef[free] = w
        wrong = [k for k in np.flatnonzero(free) if SIGNS.get(FEATURES[k], 0) * coef[k] < 0]
        if not wrong:
            return coef, bias
        coef[wrong], fixed[wrong] = 0.0, True
        free = ~fixed


def fit_logistic(
    x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 50, offset: np.ndarray | None = None
) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised logistic regression (Newton / IRLS), with an
    optional fixed ``offset`` added to each row's log-odds."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    off = np.zeros(len(x)) if offset is None else offset
    w = np.zeros(xb.shape[1])
    reg = np.full(xb.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w + off, -30, 30)))
        grad = xb.T @ (p - y) + reg * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(reg) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def rendering_pairs(records: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs ``(i, j)``, their features and labels, from rendering records."""
    texts = [r["text"] for r in records]
    vecs = encode(texts)
    days = np.array([date.fromisoformat(r["date"][:10]).toordinal() if r.get("date") else -1 for r in records])
    infos = [read_text(t, normalise(t)) for t in texts]
    # Fragments never reach the decision in the stage (they join by containment): not here either.
    whole = np.array([k for k, info in enumerate(infos) if len(info.words) > FRAGMENT_MAX_WORDS], dtype=np.int64)
    i, j, cos = neighbours(vecs[whole], days[whole], np.arange(len(whole)), k=len(whole))
    i, j = whole[i], whole[j]
    feats = np.array([
        pair_features(float(c), infos[a], infos[b], speaker_a=_credited(records[a]), speaker_b=_credited(records[b]),
                      date_a=_date(records[a]), date_b=_date(records[b]), kind_a=records[a]["kind"], kind_b=records[b]["kind"])
        for a, b, c in zip(i.tolist(), j.tolist(), cos.tolist())
    ]).reshape(-1, len(FEATURES))
    sets = [{r["statement"], *r.get("also_statements", [])} for r in records]
    y = np.array([bool(sets[a] & sets[b]) for a, b in zip(i.tolist(), j.tolist())], dtype=np.float64)
    return i, j, feats, y


def _credited(r: dict) -> str | None:
    return r.get("attributed_to") or None


def _date(r: dict) -> date | None:
    return date.fromisoformat(r["date"][:10]) if r.get("date") else None


def cross_validate(records: list[dict], i: np.ndarray, j: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Out-of-fold probability per pair: each pair is scored by a model fitted on pairs
    touching none of its statements (a pair across two folds is scored in the first)."""
    fold_of = _fold_of(records)
    fi = np.array([fold_of[records[a]["statement"]] for a in i.tolist()])
    fj = np.array([fold_of[records[b]["statement"]] for b in j.tolist()])
    out = np.full(len(y), np.nan)
    for f in range(FOLDS):
        test = ((fi == f) | (fj == f)) & np.isnan(out)
        train = (fi != f) & (fj != f)
        coef, bias = fit_weights(x[train], y[train])
        out[test] = probability(x[test], coef, bias)
    return out


def pick_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """Lowest threshold whose precision is at least :data:`TARGET_PRECISION` (so the most
    recall); if none reaches it, the one with the best F1."""
    best, best_f1 = 0.5, -1.0
    for t in np.unique(np.round(p, 3))[::-1]:
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        prec = tp / max(pred.sum(), 1)
        rec = tp / max((y == 1).sum(), 1)
        if prec >= TARGET_PRECISION:
            best = float(t)
            best_f1 = 2.0
        elif best_f1 < 2.0:
            f1 = 2 * prec * rec / max(prec + rec, 1e-9)
            if f1 > best_f1:
                best, best_f1 = float(t), f1
    return best


def report(records: list[dict], i: np.ndarray, j: np.ndarray, p: np.ndarray, y: np.ndarray, threshold: float) -> str:
    """Pairwise precision and recall at ``threshold``, overall and per drift class (a
    pair's class is the looser drift of its two renderings)."""
    ok = ~np.isnan(p)
    pred = (p >= threshold) & ok
    lines = [f"held-out pairs {int(ok.sum())} (positives {int(y[ok].sum())}), threshold {threshold:.3f}"]
    tp = (pred & (y == 1)).sum()
    lines.append(f"overall: precision {tp / max(pred.sum(), 1):.3f} recall {tp / max(y[ok].sum(), 1):.3f}")
    cls = np.array([looser_drift(records[a]["drift"], records[b]["drift"]) for a, b in zip(i.tolist(), j.tolist())])
    for d in DRIFT_CLASSES:
        m = ok & (cls == d) & (y == 1)
        if m.any():
            lines.append(f"  {d:<11} recall {(pred & m).sum() / m.sum():.3f} ({int(m.sum())} pairs)")
    return "\n".join(lines)


@contextmanager
def _settings(module: Any, **values: Any) -> Iterator[None]:
    """Temporarily set module constants (the stage and the decision read them per call)."""
    old = {k: getattr(module, k) for k in values}
    for k, v in values.items():
        setattr(module, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(module, k, v)


def _fold_of(records: list[dict]) -> dict[str, int]:
    statements = sorted({r["statement"] for r in records})
    rng = np.random.default_rng(0)
    return dict(zip(statements, rng.permutation(len(statements)) % FOLDS))


def statement_figures(path: Path, records: list[dict], i: np.ndarray, j: np.ndarray, x: np.ndarray,
                      y: np.ndarray) -> str:
    """Pairwise precision/recall and B-cubed F1 of the statements, per :data:`JOIN_GRID`
    point, in sample and held out (leave statements out, the folds of :func:`cross_validate`)."""
    from audit.eval.statements import evaluate_renderings
    from audit.link import stage, weights

    fold_of = _fold_of(records)
    fi = np.array([fold_of[records[a]["statement"]] for a in i.tolist()])
    fj = np.array([fold_of[records[b]["statement"]] for b in j.tolist()])
    fits = [fit_weights(x[(fi != f) & (fj != f)], y[(fi != f) & (fj != f)]) for f in range(FOLDS)]
    lines = [f"{'join/anchor':<12} {'in-sample P/R/B3':<20} {'held-out P/R/B3':<20} held-out recall per class"]
    for join, anchor in JOIN_GRID:
        with _settings(stage, JOIN_MIN_PROBABILITY=join, ANCHOR_MIN_PROBABILITY=anchor):
            inside = evaluate_renderings(path).overall
            sums: dict[str, list[float]] = {}
            for f, (coef, bias) in enumerate(fits):
                focus = frozenset(s for s, k in fold_of.items() if k == f)
                with _settings(weights, WEIGHTS=tuple(coef), BIAS=bias):
                    rep = evaluate_renderings(path, focus=focus)
                for name, sc in [("overall", rep.overall), *rep.by_drift.items()]:
                    acc = sums.setdefault(name, [0.0] * 6)
                    for k, v in enumerate((sc.pairs_predicted, sc.pairs_correct, sc.pairs_true, sc.found,
                                           sc.b3_precision * sc.items, sc.b3_recall * sc.items)):
                        acc[k] += v
        out = sums["overall"]
        held_p, held_r = out[1] / max(out[0], 1), out[3] / max(out[2], 1)
        n_items = len(records)
        b3p, b3r = out[4] / n_items, out[5] / n_items
        held_b3 = 2 * b3p * b3r / max(b3p + b3r, 1e-9)
        per = " ".join(f"{d[:5]} {sums[d][3] / sums[d][2]:.2f}" for d in DRIFT_CLASSES if d in sums and sums[d][2])
        lines.append(f"{join:.1f}/{anchor:.1f}     {inside.precision:.3f}/{inside.recall:.3f}/{inside.b3_f1:.3f}  "
                     f"{held_p:.3f}/{held_r:.3f}/{held_b3:.3f}  {per}")
    return "\n".join(lines)


def write_weights(coef: np.ndarray, bias: float, threshold: float, summary: str, source: str) -> None:
    body = "\n".join(f"    {w:+.4f},  # {name}" for name, w in zip(FEATURES, coef))
    WEIGHTS_FILE.write_text(
        f'''"""Fitted constants of the semantic stage's pair decision (``audit.link.decide``).

Written by ``python -m audit.eval.fit {source} --write``: an L2 logistic regression on the
candidate pairs of those renderings (see ``audit/eval/fit.py``). Held-out figures of that
run (leave statements out, {FOLDS} folds)::

{chr(10).join("    " + line for line in summary.splitlines())}

A weight is the change in log-odds of "same statement" per unit of its feature
(features are 0/1 flags or shares, ``log_days`` is log(1 + days), ``cosine`` -1..1).
"""

FEATURES = {FEATURES!r}

WEIGHTS = (
{body}
)

BIAS = {bias:+.4f}

THRESHOLD = {threshold:.3f}
"""Probability at which a pair links: the lowest whose cross-validated precision is
{TARGET_PRECISION} or more."""
''',
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("renderings", type=Path)
    parser.add_argument("--write", action="store_true", help="store the fit in audit/link/weights.py")
    parser.add_argument("--statements", action="store_true",
                        help="measure the statements built, per join threshold, in sample and held out")
    args = parser.parse_args(argv)
    records = [json.loads(line) for line in args.renderings.read_text(encoding="utf-8").splitlines() if line.strip()]
    i, j, x, y = rendering_pairs(records)
    if args.statements:
        print(statement_figures(args.renderings, records, i, j, x, y))
        return
    p = cross_validate(records, i, j, x, y)
    ok = ~np.isnan(p)
    threshold = pick_threshold(p[ok], y[ok])
    summary = report(records, i, j, p, y, threshold)
    coef, bias = fit_weights(x, y)
    print(summary)
    print("weights:", ", ".join(f"{n}={w:+.3f}" for n, w in zip(FEATURES, coef)), f"bias={bias:+.3f}")
    if args.write:
        write_weights(coef, bias, threshold, summary, args.renderings.name)
        print(f"wrote {WEIGHTS_FILE}")


if __name__ == "__main__":
    main()
