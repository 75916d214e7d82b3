"""Where recorded problems are lost (``audit.eval.misses``), on frames written by hand."""

from __future__ import annotations

import polars as pl

from audit.eval.misses import diagnose


def _gold(outlet: str, statement: str, **extra: object) -> dict[str, object]:
    rec: dict[str, object] = {"outlet": outlet, "statement": statement, "text": f"{outlet} words", "kind": "indirect",
                              "attribution": "correct", "attributed_to": "ann-smith", "mention": "Ann Smith",
                              "drift": "paraphrase", "numeric_conflict": None, "note": ""}
    rec.update(extra)
    return rec


def _quote(qid: str, statement: str | None, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {"quote_id": qid, "statement_id": statement, "speaker_id": "ann-smith",
                              "speaker_kind": "person", "mention": "Ann Smith", "attribution": "correct",
                              "variant": "paraphrase", "figures": [], "number_conflict": False,
                              "internal_conflict": False, "link_stage": "lexical"}
    row.update(extra)
    return row


def test_each_problem_is_counted_at_the_furthest_stage_it_reached() -> None:
    gold = [
        _gold("A", "s1", numeric_conflict="40 vs 30"),                       # linked, no finding
        _gold("B", "s1"),
        _gold("C", "s2", numeric_conflict="5 vs 6"),                         # not extracted
        _gold("D", "s3", attribution="generic", mention="officials", attributed_to="officials"),  # flagged
        _gold("E", "s3"),
        _gold("F", "s4", numeric_conflict="1 vs 2"),                         # other renderings elsewhere
        _gold("G", "s4"),
        _gold("H", "s5", attribution="generic", mention="officials", attributed_to="officials"),  # alone
    ]
    quotes = pl.DataFrame([
        _quote("qa", "st1", figures=["40"]), _quote("qb", "st1", figures=["30"]),
        _quote("qd", "st3", attribution="generic", mention="officials", speaker_id=None, speaker_kind="anonymous"),
        _quote("qe", "st3"), _quote("qf", "st9"), _quote("qg", "st4"),
        _quote("qh", "st5", mention="officials", speaker_id=None),
    ])
    conflicts = pl.DataFrame([{"kind": "vague-credit", "deviating_quote_id": "qd", "status": "review",
                               "confidence": 0.4, "evidence": "against majority"}])
    aligned = {0: "qa", 1: "qb", 3: "qd", 4: "qe", 5: "qf", 6: "qg", 7: "qh"}
    report = diagnose(gold, aligned, quotes, conflicts, lambda s: s)
    stages = {(m.outlet, m.problem): m.stage for m in report.misses}
    assert stages == {("A", "figures"): "no finding", ("C", "figures"): "not extracted",
                      ("D", "vague-credit"): "review", ("F", "figures"): "not linked",
                      ("H", "vague-credit"): "alone"}
    assert "['40'] vs the statement's ['30']" in next(m.detail for m in report.misses if m.outlet == "A")
    assert report.counts()[("figures", "no finding")] == 1
    assert any(line.startswith("figures") for line in report.lines())
