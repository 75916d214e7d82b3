"""Evaluation: the code behind ``audit eval`` and ``audit eval-statements`` and the fitting of the link weights.

It reads gold files and scores the product against them, so it sits above the pipeline and off its import path:
nothing the product runs imports this package. :mod:`audit.eval.extraction` (``audit eval``; the gold loaders and
metrics it uses are :mod:`audit.gold`), :mod:`audit.eval.statements` (statement clustering), :mod:`audit.eval.findings` (findings against the
recorded problems), :mod:`audit.eval.speakers` (mention-level speaker check over a renderings file) and
:mod:`audit.eval.fit` (``python -m audit.eval.fit``: the link weights).
"""
