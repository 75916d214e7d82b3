"""Training defaults shared by ``audit train`` and :func:`audit.learned.train.train`.

A module of its own, importing nothing, so the command line can show the defaults
without loading the training code on every start-up.
"""

from __future__ import annotations

DEFAULT_LR = 1e-4
"""Peak learning rate. The measured PolNeAR model (docs/learned.md) used 1e-4: with the
word embeddings frozen and six small layers, 1e-4 reached in one epoch (dev F1 0.748)
what the usual 5e-5 for larger encoders needs more epochs for."""

DEFAULT_PAIR_EPOCHS = 2
"""Epochs of ``audit train-pairs``: on the shared gold (~2,500 pairs) the loss falls from
0.51 after the first pass to 0.26 after the second, and a third would take a run past ten
CPU minutes on two shared cores."""
