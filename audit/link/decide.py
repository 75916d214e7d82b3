"""The pairwise decision of the semantic stage: are two renderings the same statement?

A logistic model over the evidence of :mod:`audit.link.features`::

    p(same statement) = 1 / (1 + exp(-(BIAS + sum_i WEIGHTS[i] * feature_i)))

and a pair links when ``p >= THRESHOLD``. The constants live in
:mod:`audit.link.weights`, written by ``python -m audit.eval.fit`` (which also prints
the held-out figures that justify them); nothing here is tuned by hand.
"""

from __future__ import annotations

import numpy as np

from audit.link import weights
from audit.link.features import FEATURES

if tuple(weights.FEATURES) != FEATURES:  # pragma: no cover - guards a stale weights file
    raise ImportError("audit/link/weights.py was fitted on other features; re-run python -m audit.eval.fit")


def probability(x: np.ndarray, coef: np.ndarray | None = None, bias: float | None = None) -> np.ndarray:
    """``p(same statement)`` for each row of ``x`` (``n x len(FEATURES)``); the committed
    weights unless others are given (cross-validation passes its own)."""
    w = np.asarray(weights.WEIGHTS if coef is None else coef, dtype=np.float64)
    b = weights.BIAS if bias is None else bias
    z = np.clip(np.atleast_2d(x) @ w + b, -30.0, 30.0)
    return 1.0 / (1.0 + np.exp(-z))


def same_statement(x: np.ndarray) -> np.ndarray:
    """Boolean decision per row with the committed threshold."""
    return probability(x) >= weights.THRESHOLD
