"""Tagging: an article's text in, attributions (content with its source and cue) out.

Windows overlap (``data.DEFAULT_STRIDE``), so a token read in two windows gets the
mean of its logits. Tokens become spans (``B``/``I`` of one role, read leniently: an
``I`` after another role opens a span too), spans are widened to whole words, and each
content is linked to the nearest cue outside it in the same paragraph, then to the
source nearest that cue -- the tagger finds the parts, this short rule ties them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.learned.data import DEFAULT_MAX_LENGTH, DEFAULT_STRIDE, LABELS, ROLES, Window, windows
from audit.learned.model import LearnedUnavailable, load_model, quantize, require

METADATA_FILE = "metadata.json"
LINK_MAX_CHARS = 250
"""A cue further than this from a content (or a source from its cue) is not its own:
PolNeAR's cues sit next to their content, a sentence away at most."""
MIN_CONTENT_CHARS = 3
"""Shorter content spans are tagging noise, not quotes."""
BATCH_SIZE = 16
"""Windows per forward pass when tagging."""
JOIN_GAP_CHARS = 12
"""Two content spans this close (a comma, a quote mark, a word or two the tagger left
unlabelled), on one line and with no cue or source between them, are one content: with
the one-epoch model on PolNeAR dev, joining them raised precision from 0.717 to 0.770
at the same recall (F1 0.748 -> 0.776), where left apart they counted as two contents
of which one matched."""


@dataclass(frozen=True, slots=True)
class Tagged:
    """One attribution the tagger found: character ranges ``(start, end)`` into the text."""

    content: tuple[int, int]
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    confidence: float


class Tagger:
    """A token-classification model with its tokenizer, ready to tag articles."""

    def __init__(self, model: Any, tokenizer: Any, metadata: dict[str, Any] | None = None) -> None:
        self.torch, _ = require()
        self.model, self.tokenizer = model, tokenizer
        self.metadata: dict[str, Any] = metadata or {}
        self.max_length = int(self.metadata.get("max_length", DEFAULT_MAX_LENGTH))
        self.stride = int(self.metadata.get("stride", DEFAULT_STRIDE))

    @classmethod
    def load(cls, folder: Path, int8: bool = False) -> Tagger:
        """A model folder written by ``audit train``; ``int8`` quantises it dynamically."""
        folder = Path(folder)
        if not (folder / "config.json").is_file():
            raise LearnedUnavailable(f"{folder}: not a model folder (no config.json); train one with `audit train`")
        model, tokenizer = load_model(folder)
        meta_path = folder / METADATA_FILE
        metadata = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        return cls(quantize(model) if int8 else model, tokenizer, metadata)

    def tag(self, text: str) -> list[Tagged]:
        """Attributions of one article, ordered by content start."""
        return self.tag_many([text])[0]

    def tag_many(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> list[list[Tagged]]:
        """Attributions of each article; windows of all articles share batches."""
        wins = [w for i, text in enumerate(texts) for w in windows(self.tokenizer, i, text, None, self.max_length, self.stride)]
        probs = self._probabilities(wins, batch_size)
        per_doc: list[dict[tuple[int, int], list[Any]]] = [{} for _ in texts]
        for win, p in zip(wins, probs):
            for offset, row in zip(win.offsets, p):
                if offset[1] > offset[0]:
                    per_doc[win.doc].setdefault(offset, []).append(row)
        return [decode(text, {o: sum(rows) / len(rows) for o, rows in tokens.items()}) for text, tokens in zip(texts, per_doc)]

    def _probabilities(self, wins: Sequence[Window], batch_size: int) -> list[Any]:
        """Softmax rows per token of every window (padding cut off again)."""
        torch = self.torch
        out: list[Any] = []
        with torch.inference_mode():
            for lo in range(0, len(wins), batch_size):
                batch = wins[lo : lo + batch_size]
                ids, mask = pad([w.input_ids for w in batch], self.tokenizer.pad_token_id, torch)
                logits = self.model(input_ids=ids, attention_mask=mask).logits.softmax(-1)
                out.extend(logits[i, : len(w.input_ids)].numpy() for i, w in enumerate(batch))
        return out


def pad(rows: Sequence[Sequence[int]], pad_id: int, torch: Any) -> tuple[Any, Any]:
    """Right-padded id tensor and its attention mask."""
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r, dtype=torch.long)
        mask[i, : len(r)] = 1
    return ids, mask


# --------------------------------------------------------------------------- decoding


@dataclass(slots=True)
class _Span:
    role: str
    start: int
    end: int
    score: float
    tokens: int = 1


def spans(text: str, token_probs: dict[tuple[int, int], Any]) -> list[_Span]:
    """Role spans from per-token label probabilities (offset-ordered), widened to words."""
    found: list[_Span] = []
    current: _Span | None = None
    for (start, end), row in sorted(token_probs.items()):
        label = LABELS[int(row.argmax())]
        if label == "O":
            current = None
            continue
        prefix, role = label.split("-", 1)
        gap = text[current.end : start] if current is not None else ""
        if current is not None and current.role == role and prefix == "I" and "\n" not in gap:
            current.end = end
            current.score += float(row.max())
            current.tokens += 1
        else:
            current = _Span(role, start, end, float(row.max()))
            found.append(current)
    for sp in found:
        while sp.start > 0 and text[sp.start - 1].isalnum() and text[sp.start].isalnum():
            sp.start -= 1
        while sp.end < len(text) and text[sp.end].isalnum() and text[sp.end - 1].isalnum():
            sp.end += 1
    return _joined(text, found)


def _joined(text: str, found: list[_Span]) -> list[_Span]:
    """``found`` with content spans closer than :data:`JOIN_GAP_CHARS` made one."""
    out: list[_Span] = []
    last: _Span | None = None  # the last content span kept
    for sp in found:
        if sp.role == "CONTENT" and last is not None and out[-1] is last:
            gap = text[last.end : sp.start]
            if len(gap.strip()) <= JOIN_GAP_CHARS and "\n" not in gap:
                last.end = sp.end
                last.score += sp.score
                last.tokens += sp.tokens
                continue
        out.append(sp)
        if sp.role == "CONTENT":
            last = sp
    return out


def _distance(a: _Span, b: _Span) -> int:
    return max(a.start - b.end, b.start - a.end, 0)


def _same_paragraph(text: str, a: _Span, b: _Span) -> bool:
    lo, hi = min(a.start, b.start), max(a.end, b.end)
    return "\n" not in text[lo:hi] or (a.start <= b.start and b.end <= a.end)


def _nearest(text: str, target: _Span, candidates: Iterable[_Span]) -> _Span | None:
    """The candidate closest to ``target``, outside it, in its paragraph, within reach."""
    best = None
    for c in candidates:
        inside = target.start <= c.start and c.end <= target.end
        if inside or _distance(target, c) > LINK_MAX_CHARS or not _same_paragraph(text, target, c):
            continue
        if best is None or _distance(target, c) < _distance(target, best):
            best = c
    return best


def decode(text: str, token_probs: dict[tuple[int, int], Any]) -> list[Tagged]:
    """Attributions from per-token probabilities: each content with its cue and source."""
    found = spans(text, token_probs)
    by_role = {role: [s for s in found if s.role == role] for role in ROLES}
    # a source names someone: a comma or a quote mark tagged as one is noise (cues may be a colon or a dash)
    by_role["SOURCE"] = [s for s in by_role["SOURCE"] if any(ch.isalnum() for ch in text[s.start : s.end])]
    out = []
    for content in by_role["CONTENT"]:
        if content.end - content.start < MIN_CONTENT_CHARS:
            continue
        cue = _nearest(text, content, by_role["CUE"])
        source = _nearest(text, cue or content, [s for s in by_role["SOURCE"] if not (content.start <= s.start and s.end <= content.end)])
        out.append(
            Tagged(
                content=(content.start, content.end),
                source=(source.start, source.end) if source else None,
                cue=(cue.start, cue.end) if cue else None,
                confidence=round(content.score / content.tokens, 3),
            )
        )
    return out

