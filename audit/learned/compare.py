"""Rules alone, tagger alone and the combinations, scored on the same gold in one run.

    python -m audit.learned.compare MODEL_DIR GOLD... [--json]

The articles are parsed once and tagged once (fp32 and int8); every variant is then
scored from those, so the figures differ only by what each variant does:

* ``rules`` -- the ``quote_attribution`` component as ``audit eval`` runs it;
* ``tagger`` -- the tagger's own contents, sources and cues (no rules at all);
* ``tagger-int8`` -- the same with the int8 dynamically quantised model;
* ``tagger-credible`` -- the tagger's contents that :func:`audit.learned.combine.credible`
  keeps (what the combination keeps of a content the rules did not find);
* ``combined-quoted`` / ``combined-union`` / ``combined-tagger`` --
  :func:`audit.learned.combine.merge` under each policy (rules speakers, cues and
  boundaries attached to tagger spans).

Speed is tagging alone (windows, forward passes, decoding), in articles per second.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from audit.gold import Attribution, EvalReport, GoldDoc, GoldSet, attribution_from_record, load_gold, score
from audit.learned.combine import POLICIES, credible, merge
from audit.learned.tagger import Tagged, Tagger
from audit.learned.train import attribution


def _figures(report: EvalReport) -> dict[str, Any]:
    d = report.to_dict()
    matched = d[next(k for k in d if k.startswith("on_matched"))]
    return {
        "content": {k: {m: v[m] for m in ("precision", "recall", "f1")} for k, v in d["content"].items()},
        "source": matched["source"]["accuracy"],
        "cue": matched["cue"]["accuracy"],
        "speaker": matched["speaker"]["accuracy"],
        "pred": d["pred"],
        "gold": d["gold"],
    }


def _timed_tag(tagger: Tagger, texts: Sequence[str]) -> tuple[list[list[Tagged]], float]:
    started = time.perf_counter()
    tagged = tagger.tag_many(texts)
    return tagged, len(texts) / (time.perf_counter() - started)


def _size_mb(model: Any, torch: Any) -> float:
    """Size of the model's saved state dict (for int8: the quantised weights)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "state.pt"
        torch.save(model.state_dict(), path)
        return round(path.stat().st_size / 2**20, 1)


def compare(model_dir: Path, gold_paths: Sequence[Path], nlp: Any = None) -> dict[str, Any]:
    """Scores and speed of every variant on the gold at ``gold_paths`` (see module docstring)."""
    from audit.extract import load_pipeline
    from audit.extract.component import quotes_of

    gold = load_gold(gold_paths)
    docs: list[GoldDoc] = gold.docs
    texts = [d.text for d in docs]
    nlp = nlp or load_pipeline()
    registry = nlp.get_pipe("quote_attribution").registry
    started = time.perf_counter()
    parsed = list(nlp.pipe(texts))
    rules_per_s = len(texts) / (time.perf_counter() - started)
    rules = [quotes_of(p) for p in parsed]
    fp32 = Tagger.load(model_dir)
    int8 = Tagger.load(model_dir, int8=True)
    tagged, fp32_per_s = _timed_tag(fp32, texts)
    tagged8, int8_per_s = _timed_tag(int8, texts)

    def scored(preds: Sequence[Sequence[Attribution | None]]) -> dict[str, Any]:
        keyed = {d.doc_id: [a for a in p if a is not None] for d, p in zip(docs, preds)}
        return _figures(score(GoldSet(docs=docs, warnings=[]), keyed))

    def records(quotes: Sequence[Any], text: str) -> list[Attribution | None]:
        return [attribution_from_record(asdict(q), text) for q in quotes]

    variants = {
        "rules": scored([records(qs, t) for qs, t in zip(rules, texts)]),
        "tagger": scored([[attribution(t) for t in ts] for ts in tagged]),
        "tagger-int8": scored([[attribution(t) for t in ts] for ts in tagged8]),
        "tagger-credible": scored([[attribution(t) for t in ts if credible(t)] for ts in tagged]),
    }
    for policy in POLICIES:
        merged = [merge(p, qs, ts, policy, registry) for p, qs, ts in zip(parsed, rules, tagged)]
        variants[f"combined-{policy}"] = scored([records(qs, t) for qs, t in zip(merged, texts)])
    return {
        "articles": len(docs),
        "variants": variants,
        "speed_docs_per_s": {"rules_parse_and_attribute": round(rules_per_s, 2),
                             "tagger_fp32": round(fp32_per_s, 2), "tagger_int8": round(int8_per_s, 2)},
        "model_mb": {"fp32": _size_mb(fp32.model, fp32.torch), "int8": _size_mb(int8.model, int8.torch)},
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "model_metadata": {k: fp32.metadata.get(k) for k in ("base_encoder", "epochs", "lr", "max_length", "train_minutes", "peak_memory_mb")},
    }


def render(result: dict[str, Any]) -> str:
    """A plain-text table of the variants (Markdown, to paste into docs)."""
    lines = ["| variant | P@0.3 | R@0.3 | F1@0.3 | F1@0.8 | source | cue | predicted |", "|---|---|---|---|---|---|---|---|"]
    for name, v in result["variants"].items():
        c3, c8 = v["content"]["0.3"], v["content"]["0.8"]
        lines.append(f"| {name} | {c3['precision']:.3f} | {c3['recall']:.3f} | {c3['f1']:.3f} | {c8['f1']:.3f} | "
                     f"{v['source'] or 0:.3f} | {v['cue'] or 0:.3f} | {v['pred']} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("gold", type=Path, nargs="+")
    parser.add_argument("--json", action="store_true", help="print every figure as JSON")
    args = parser.parse_args(argv)
    result = compare(args.model_dir, args.gold)
    print(json.dumps(result, indent=2) if args.json else render(result))


if __name__ == "__main__":
    main()
