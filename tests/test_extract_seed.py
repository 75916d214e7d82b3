"""End to end on the seed article: all 20 gold quotes, right speaker, no false quote."""

from __future__ import annotations

import json
from pathlib import Path

from audit.extract import extract
from extract_helpers import check_offsets

SEED = Path(__file__).parent / "data" / "seed"
ARTICLE = SEED / "lbc_2022-09-12_kharkiv-withdrawal.txt"
GOLD = SEED / "lbc_2022-09-12_kharkiv-withdrawal.gold.jsonl"


def _gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_seed_all_gold_quotes_with_right_speaker_and_no_false_quote(nlp):
    text = ARTICLE.read_text(encoding="utf-8")
    quotes = extract(text, nlp=nlp, doc=str(ARTICLE))
    got = {(q.start, q.end): q for q in quotes}
    gold = _gold()
    assert len(gold) == 20
    for g in gold:
        q = got.get((g["start"], g["end"]))
        assert q is not None, f"missed {g['text'][:50]!r}"
        assert q.speaker_id == g["speaker"], g["text"][:50]
        assert q.kind == g["kind"], g["text"][:50]
        assert q.medium == g["medium"], g["text"][:50]
        if g["mention"] is not None:  # a continuing quote points back at the earlier mention
            assert q.mention == g["mention"], g["text"][:50]
        else:
            assert q.confidence < 0.9, "a quote without its own cue is marked as continued"
    assert len(quotes) == len(gold), "false quotes: " + repr(
        [q.text for q in quotes if (q.start, q.end) not in {(g["start"], g["end"]) for g in gold}]
    )


def test_seed_offsets_and_nesting(nlp):
    text = ARTICLE.read_text(encoding="utf-8")
    quotes = extract(text, nlp=nlp)
    check_offsets(text, quotes)
    putin = next(q for q in quotes if q.speaker_id == "vladimir-putin")
    outer = quotes[putin.nested_in]
    assert outer.speaker_id == "uk-ministry-of-defence" and outer.kind == "direct"
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
