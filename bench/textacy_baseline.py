"""Score textacy's ``direct_quotations`` on our gold, with our evaluator: the peer to beat.

    python bench/textacy_baseline.py                       # seed article + PolNeAR dev
    python bench/textacy_baseline.py GOLD... [--model NAME] [--json]

textacy is a benchmark-only tool (installed in the dev venv, not a project dependency).
It bails out with ``ValueError`` on any article with an odd number of quote marks; such
articles are counted and scored as having no predictions, as a user would experience.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from audit.config import DEFAULT_MODEL
from audit.eval.extraction import render
from audit.gold import Attribution, GoldSet, load_gold, normalise_ranges, score

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = (ROOT / "tests" / "data" / "seed", ROOT.parent / "shared" / "data" / "polnear" / "dev")


def _tokens_span(tokens: list[Any]) -> tuple[tuple[tuple[int, int], ...] | None, str | None]:
    """Character range covering a list of spaCy tokens (speaker or cue words), and
    its words (seed gold judges mentions and cues by their words)."""
    if not tokens:
        return None, None
    start, end = min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)
    return normalise_ranges([(start, end)]), tokens[0].doc.text[start:end]


def _attribution(triple: Any) -> Attribution:
    """One textacy ``DQTriple(speaker, cue, content)`` as a prediction."""
    source, source_text = _tokens_span(triple.speaker)
    cue, cue_text = _tokens_span(triple.cue)
    return Attribution(
        content=((triple.content.start_char, triple.content.end_char),),
        kind="direct",
        source=source,
        source_text=source_text,
        cue=cue,
        cue_text=cue_text,
    )


def textacy_predictions(gold: GoldSet, nlp: Any) -> tuple[dict[str, list[Attribution]], list[str]]:
    """Run ``direct_quotations`` on every gold text; returns predictions and the ids
    of articles where textacy raised."""
    from textacy.extract.triples import direct_quotations

    preds: dict[str, list[Attribution]] = {}
    failed: list[str] = []
    ids = [d.doc_id for d in gold.docs]
    for doc_id, doc in zip(ids, nlp.pipe(d.text for d in gold.docs)):
        try:
            triples = list(direct_quotations(doc))
        except ValueError:
            failed.append(doc_id)
            triples = []
        preds[doc_id] = [_attribution(t) for t in triples]
    return preds, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="*", type=Path, help="gold paths (default: seed article and PolNeAR dev)")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline textacy parses with")
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    args = parser.parse_args(argv)

    import spacy

    nlp = spacy.load(args.model)
    for path in args.gold or [p for p in DEFAULT_GOLD if p.exists()]:
        gold = load_gold([path])
        preds, failed = textacy_predictions(gold, nlp)
        print(f"== textacy direct_quotations on {path}: raised on {len(failed)} of {len(gold.docs)} articles")
        print(render(score(gold, preds, failed), as_json=args.json))
    return 0


if __name__ == "__main__":
    sys.exit(main())
