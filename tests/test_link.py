"""The semantic linking stage (audit.link): encoder, embedding cache, pair decision, joining."""

from __future__ import annotations

import duckdb
import numpy as np

from audit.link.embed import DIM, embed_cached, encode


def test_encoder_is_offline_unit_length_and_cached(tmp_path):
    con = duckdb.connect(str(tmp_path / "e.duckdb"))
    texts = ["The army will regroup near the river.", "Prices will not rise this year.", "The army will regroup near the river."]
    vecs, embedded = embed_cached(con, texts)
    assert vecs.shape == (3, DIM) and embedded == 2
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert np.allclose(vecs[0], vecs[2])
    again, embedded = embed_cached(con, ["Prices will not rise this year.", "A new sentence."])
    assert embedded == 1 and np.allclose(again[0], vecs[1], atol=1e-6)
    assert np.allclose(encode(["A new sentence."])[0], again[1], atol=1e-6)
