"""The findings table of ``audit eval-statements``: one table judges findings against the recorded problems, for
a renderings file and for articles alike (it replaced two lines that counted misattributions and numeric
conflicts apart)."""

from __future__ import annotations

import polars as pl

from audit.eval.findings import judge_findings


def test_a_problem_is_flagged_only_on_the_deviating_rendering() -> None:
    gold = [{"attribution": "misattributed"}, {"numeric_conflict": True}, {"numeric_conflict": True}, {},
            {"numeric_conflict": True}]  # the last one was never extracted
    problems = {"q1": frozenset({"misattribution"}), "q2": frozenset({"figures"}), "q3": frozenset({"figures"}),
                "q4": frozenset()}
    frame = pl.DataFrame({
        "kind": ["attribution", "number", "internal-figures", "attribution"],
        "status": ["confirmed", "review", "confirmed", "review"],
        "quote_ids": [["q1", "q4"], ["q4", "q2"], ["q3"], ["q4"]],
        "deviating_quote_id": ["q1", "q4", "q3", None],
        "confidence": [0.9, 0.5, 0.9, 0.2],
        "message": ["m"] * 4,
    })
    report = judge_findings(frame, problems, gold)
    # q2's conflict names q4 as the rendering that deviates: q2's recorded problem is not flagged.
    assert (report.flagged["misattribution"], report.extracted["misattribution"], report.recorded["misattribution"]) \
        == (1, 1, 1)
    assert (report.flagged["figures"], report.flagged_confirmed["figures"], report.extracted["figures"],
            report.recorded["figures"]) == (1, 1, 2, 3)
    table = "\n".join(report.lines())
    assert "  figures           1 /   1 /   2 /   3" in table


def test_no_recorded_problem_is_said() -> None:
    frame = pl.DataFrame(schema={"kind": pl.String, "quote_ids": pl.List(pl.String),
                                 "deviating_quote_id": pl.String, "message": pl.String})
    assert "  (the gold records none)" in judge_findings(frame, {"q1": frozenset()}, [{}]).lines()


def test_an_extracted_quote_stands_for_the_gold_quotation_with_its_exact_span() -> None:
    """A quoted word inside a reported clause is covered wholly by two gold records (the
    word, and the clause around it): the extracted word stands for the word's record,
    whichever comes first in the gold."""
    from audit.eval.statements import _aligned

    clause = {"file": "a.txt", "start": 100, "end": 160}
    word = {"file": "a.txt", "start": 130, "end": 139}
    for gold in ([clause, word], [word, clause]):
        assert _aligned(gold, {"a.txt": [("q-word", 130, 139)]}) == {gold.index(word): "q-word"}
