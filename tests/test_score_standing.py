"""Standing figures (``audit.score.standing``): a speaker's figure for one quantity that
independent outlets repeat over days, and the rendering in another statement that gives
another value. Sentences written for the tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from audit.lang.numbers import extract_numbers
from audit.score.confidence import CONFIRM_AT
from audit.score.standing import standing_findings


def _row(qid: str, outlet: str, day: int, text: str, *, mention: str = "the harbour master",
         statement: str | None = None, speaker: str = "ida-voss") -> dict[str, Any]:
    return {"quote_id": qid, "article_id": f"a-{qid}", "outlet": outlet, "published": date(2025, 6, day),
            "syndication_group": f"a-{qid}", "speaker_id": speaker, "speaker_kind": "person", "mention": mention,
            "speaker_name": "Ida Voss", "statement_id": statement or f"s-{qid}", "text": text}


STORED = "Some of the 4,200 crates stored on the quay would have to be moved first, Voss said."
CARRIED = "The barge, which carried 3,100 crates, was towed clear on Friday, Voss said."


def _found(rows: list[dict[str, Any]], already: set[str] | None = None) -> list[Any]:
    measures = {r["quote_id"]: extract_numbers(r["text"]) for r in rows}
    return standing_findings(rows, measures, already or set())


def test_a_figure_against_the_value_outlets_repeat_over_days_is_flagged() -> None:
    rows = [_row("a", "Quay Herald", 2, STORED), _row("b", "Delta Wire", 3, STORED, mention="Ida Voss"),
            _row("c", "River Post", 5, CARRIED, mention="Voss")]
    (found,) = _found(rows)
    assert found.row["quote_id"] == "c" and found.reference["outlet"] == "Quay Herald"
    assert (found.figure.text, found.value.text, found.witnesses) == ("3,100", "4,200", 2)
    assert "crate" in found.message and "River Post" in found.message and "another statement" in found.message


def test_no_standing_value_when_the_count_changes_or_is_printed_on_one_day_only() -> None:
    waiting = "About {} lorries waited at the gate, Voss said."
    changing = [_row("a", "Quay Herald", 2, "There were 120 lorries waiting, Voss said."),
                _row("b", "Delta Wire", 3, "There were 150 lorries waiting, Voss said."),
                _row("c", "River Post", 4, "There were 180 lorries waiting, Voss said.")]
    assert _found(changing) == []
    one_day = [_row("a", "Quay Herald", 2, STORED), _row("b", "Delta Wire", 2, STORED),
               _row("c", "River Post", 5, CARRIED)]
    assert _found(one_day) == []
    qualified = [_row("a", "Quay Herald", 2, waiting.format(300)), _row("b", "Delta Wire", 3, waiting.format(300)),
                 _row("c", "River Post", 5, "There were 120 lorries at the gate, Voss said.")]
    assert _found(qualified) == []  # "about 300" is no standing value


@pytest.mark.parametrize("case", ["pronoun", "borne out", "other speaker", "other noun", "already", "same statement",
                                  "weeks later"])
def test_what_is_not_flagged(case: str) -> None:
    rows = [_row("a", "Quay Herald", 2, STORED), _row("b", "Delta Wire", 3, STORED)]
    lone = _row("c", "River Post", 5, CARRIED)
    already: set[str] = set()
    if case == "pronoun":
        lone["mention"] = "she"  # a credit the extractor resolved is no ground to blame the outlet
    elif case == "borne out":
        rows.append(_row("d", "Coast Daily", 6, CARRIED))  # two outlets print it: a revision, not one slip
    elif case == "other speaker":
        lone["speaker_id"] = "otto-brand"
    elif case == "other noun":
        lone["text"] = "The barge, which carried 3,100 pallets, was towed clear on Friday, Voss said."
    elif case == "weeks later":
        lone["published"] = date(2025, 6, 20)  # out of the news cycle: another quantity that shares a word
    elif case == "already":
        already.add("c")  # flagged within its statement already
    else:
        lone["statement_id"] = rows[0]["statement_id"]  # its statement's own decision bore it out
    assert _found([*rows, lone], already) == []


def test_a_figure_from_another_statement_stays_to_review() -> None:
    from test_score_confidence import _assess, _conflict, _quote

    template = "Repairs went on all week at the harbour. {quote}. The port said little else."
    quotes = [_quote("q1", "Quay Herald", template, STORED, statement_id="s-stored", link_probability=1.0),
              _quote("q2", "River Post", template, CARRIED, statement_id="s-carried", link_probability=1.0)]
    (finding,) = _assess([_conflict("number", "q2", "q1", "majority", 5, statement_id="s-carried")], quotes)
    assert finding["status"] == "review" and finding["confidence"] < CONFIRM_AT
    assert "another statement" in finding["evidence"]
    same = [dict(q, statement_id="s-stored") for q in quotes]
    (linked,) = _assess([_conflict("number", "q2", "q1", "majority", 5, statement_id="s-stored")], same)
    assert linked["confidence"] > finding["confidence"]  # the factor is what keeps it below CONFIRM_AT
