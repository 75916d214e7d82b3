"""Training defaults shared by ``audit train`` and :func:`audit.learned.train.train`.

A module of its own, importing nothing, so the command line can show the defaults
without loading the training code on every start-up.
"""

from __future__ import annotations

DEFAULT_LR = 1e-4
"""Peak learning rate. The measured PolNeAR model (docs/learned.md) used 1e-4: with the
word embeddings frozen and six small layers, 1e-4 reached in one epoch (dev F1 0.748)
what the usual 5e-5 for larger encoders needs more epochs for."""
