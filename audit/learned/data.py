"""Gold attributions as token BIO labels in windows the encoder can read.

Gold comes from the loaders of ``audit eval`` (:func:`audit.gold.load_gold`: brat
folders and seed ``*.gold.jsonl``), so ``audit train`` and ``audit eval`` read exactly
the same data. Each article is tokenised once with the encoder's (fast) tokenizer and
cut into overlapping windows of at most ``max_length`` tokens, so a long article is
read whole in training and in tagging alike.

Labels are painted on characters, then read off each token's first character. Spans
nest in the gold (``Trump said that [Clinton claimed [X]]``): contents are painted
longest first so an inner content overwrites the outer one, then sources and cues on
top, so every token keeps the role of the innermost attribution it belongs to -- the
tagger then finds the inner structure, and the outer content still overlaps its gold.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.gold import Attribution, GoldDoc, Ranges, load_gold

ROLES: tuple[str, ...] = ("SOURCE", "CUE", "CONTENT")
"""The three parts of an attribution the tagger labels."""
LABELS: tuple[str, ...] = ("O", *(f"{p}-{r}" for r in ROLES for p in ("B", "I")))
"""BIO label set, index = class id."""
LABEL_ID = {label: i for i, label in enumerate(LABELS)}
IGNORE = -100
"""Label of special tokens: ignored by the loss (the transformers convention)."""
DEFAULT_MAX_LENGTH = 256
"""Tokens per window, special tokens included: long enough for a paragraph and its
neighbours, short enough that attention stays cheap on a CPU."""
DEFAULT_STRIDE = 32
"""Tokens two neighbouring windows share, so no token is read only at a window's edge."""
SEED_LOOKAROUND_CHARS = 300
"""Seed gold names mention and cue only in words: they are placed at their occurrence
nearest the quote within this many characters (none further away is the same one)."""


@dataclass(slots=True)
class Window:
    """One encoder input: token ids with their labels and character offsets.

    ``offsets`` are ``(start, end)`` into the article text, ``(0, 0)`` for the special
    tokens; ``labels`` hold :data:`IGNORE` there.
    """

    doc: int
    input_ids: list[int]
    labels: list[int]
    offsets: list[tuple[int, int]]


def char_roles(text: str, quotes: Sequence[Attribution]) -> tuple[list[int], list[int]]:
    """Per character: role index (``-1`` none, else index in :data:`ROLES`) and span id.

    The span id tells two neighbouring spans of one role apart (two adjacent contents
    get ``B`` at the second's first token).
    """
    role = [-1] * len(text)
    span_id = [-1] * len(text)
    painted = 0
    contents = sorted((q.content for q in quotes), key=lambda r: -sum(e - s for s, e in r))
    layers = [(ROLES.index("CONTENT"), contents)]
    for name, attr in (("SOURCE", "source"), ("CUE", "cue")):
        layers.append((ROLES.index(name), [r for q in quotes if (r := getattr(q, attr))]))
    for role_index, spans in layers:
        for ranges in spans:
            painted += 1
            for start, end in ranges:
                for i in range(max(start, 0), min(end, len(text))):
                    role[i] = role_index
                    span_id[i] = painted
    return role, span_id


def token_labels(text: str, offsets: Sequence[tuple[int, int]], quotes: Sequence[Attribution]) -> list[int]:
    """BIO class id of each token (offsets into ``text``) from the gold ``quotes``."""
    role, span_id = char_roles(text, quotes)
    labels = []
    previous = -1
    for start, end in offsets:
        if end <= start:
            labels.append(LABEL_ID["O"])
            previous = -1
            continue
        # first non-space character of the token decides (tokenizers keep leading spaces out, mostly)
        pos = next((i for i in range(start, end) if not text[i].isspace()), start)
        if role[pos] < 0:
            labels.append(LABEL_ID["O"])
            previous = -1
            continue
        prefix = "I" if span_id[pos] == previous else "B"
        labels.append(LABEL_ID[f"{prefix}-{ROLES[role[pos]]}"])
        previous = span_id[pos]
    return labels


def _locate(text: str, words: str | None, near: int) -> Ranges | None:
    """``words`` at their occurrence nearest ``near`` (seed gold gives no offsets)."""
    if not words:
        return None
    best: tuple[int, int] | None = None
    lo = max(0, near - SEED_LOOKAROUND_CHARS)
    pos = text.find(words, lo)
    while 0 <= pos <= near + SEED_LOOKAROUND_CHARS:
        if best is None or abs(pos - near) < abs(best[0] - near):
            best = (pos, pos + len(words))
        pos = text.find(words, pos + 1)
    return (best,) if best else None


def with_offsets(doc: GoldDoc) -> list[Attribution]:
    """The doc's quotes with source and cue as character ranges (seed gold: located by words)."""
    placed = []
    for q in doc.quotes:
        near = q.content[0][0] if q.content else 0
        source = q.source or _locate(doc.text, q.source_text, near)
        cue = q.cue or _locate(doc.text, q.cue_text, near)
        placed.append(Attribution(content=q.content, source=source, cue=cue))
    return placed


def tokenize(tokenizer: Any, text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Token ids and character offsets of the whole ``text`` (no special tokens, no cut)."""
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    return list(enc["input_ids"]), [tuple(o) for o in enc["offset_mapping"]]


def window_bounds(n_tokens: int, max_length: int, stride: int) -> list[tuple[int, int]]:
    """``[start, end)`` token ranges covering ``n_tokens`` with ``stride`` tokens shared."""
    size = max_length - 2  # room for [CLS] and [SEP]
    if size <= stride:
        raise ValueError(f"max_length {max_length} must exceed stride {stride} + 2")
    bounds = []
    start = 0
    while True:
        end = min(start + size, n_tokens)
        bounds.append((start, end))
        if end >= n_tokens:
            return bounds
        start = end - stride


def windows(
    tokenizer: Any,
    doc_index: int,
    text: str,
    quotes: Sequence[Attribution] | None,
    max_length: int = DEFAULT_MAX_LENGTH,
    stride: int = DEFAULT_STRIDE,
) -> list[Window]:
    """The article as encoder windows; ``quotes=None`` (tagging) leaves labels ``O``."""
    ids, offsets = tokenize(tokenizer, text)
    labels = token_labels(text, offsets, quotes) if quotes is not None else [LABEL_ID["O"]] * len(ids)
    out = []
    for start, end in window_bounds(len(ids), max_length, stride):
        out.append(
            Window(
                doc=doc_index,
                input_ids=[tokenizer.cls_token_id, *ids[start:end], tokenizer.sep_token_id],
                labels=[IGNORE, *labels[start:end], IGNORE],
                offsets=[(0, 0), *offsets[start:end], (0, 0)],
            )
        )
    return out


def gold_windows(
    tokenizer: Any, docs: Sequence[GoldDoc], max_length: int = DEFAULT_MAX_LENGTH, stride: int = DEFAULT_STRIDE
) -> Iterator[Window]:
    """Training windows of every gold article, in order."""
    for i, doc in enumerate(docs):
        yield from windows(tokenizer, i, doc.text, with_offsets(doc), max_length, stride)


def load_docs(paths: Iterable[Path], limit: int | None = None) -> tuple[list[GoldDoc], list[str]]:
    """Gold articles from ``audit eval`` formats (the first ``limit``), with the loaders' warnings."""
    gold = load_gold([Path(p) for p in paths], limit=limit)
    return gold.docs, gold.warnings


def data_hash(docs: Sequence[GoldDoc]) -> str:
    """SHA-256 over texts and gold spans: names the training data in a model's metadata,
    so two models can be told trained on the same data or not."""
    h = hashlib.sha256()
    for doc in docs:
        h.update(doc.text.encode("utf-8", "surrogatepass"))
        for q in doc.quotes:
            h.update(repr((q.content, q.source, q.cue, q.source_text, q.cue_text)).encode("utf-8"))
    return h.hexdigest()
