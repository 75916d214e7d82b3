"""A figure every precise rendering contradicts is flagged even when the decided figure, an
ambiguous one, bears it out (``consistency._outvoted``). Sentences written for the test."""

from __future__ import annotations

from datetime import date
from typing import Any

from audit.lang.numbers import extract_numbers
from audit.score.consistency import _number_findings


def _row(quote_id: str, text: str, day: int, *, group: str | None = None) -> dict[str, Any]:
    return {"quote_id": quote_id, "article_id": quote_id, "outlet": quote_id.title(), "text": text,
            "published": date(2024, 5, day), "syndication_group": group or quote_id, "medium": None,
            "speaker_id": "harbour-master", "verified_id": None, "reference_text": None, "statement_id": "s"}


def _flagged(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], set[str]]:
    measures = {r["quote_id"]: extract_numbers(r["text"]) for r in rows}
    return _number_findings({"s": rows}, measures)


AMBIGUOUS = "The harbour master said 1,850 tons of grain were stored in the shed."
PRECISE = "The harbour master said 1,850 tonnes of grain were stored in the shed."
LOW = "The harbour master said more than 1,600 tonnes of grain were stored in the shed."


def test_a_figure_precise_renderings_contradict_is_flagged_though_the_ambiguous_one_bears_it_out() -> None:
    rows = [_row("ambig", AMBIGUOUS, 3), _row("east", PRECISE, 3), _row("west", PRECISE, 4),
            _row("north", PRECISE, 4), _row("low", LOW, 5)]
    found, ids = _flagged(rows)
    assert ids == {"low"}
    (finding,) = found
    assert finding["against"] == "majority" and finding["support"] == 3
    assert finding["found"] == "more than 1,600 tonnes" and finding["expected"] == "1,850 tonnes"
    assert "majority of independent renderings (3" in finding["message"]


def test_one_precise_rendering_or_syndicated_copies_are_no_majority() -> None:
    one = [_row("ambig", AMBIGUOUS, 3), _row("east", PRECISE, 3), _row("low", LOW, 5)]
    assert _flagged(one)[1] == set()
    copies = [_row("ambig", AMBIGUOUS, 3), _row("east", PRECISE, 3, group="wire"),
              _row("west", PRECISE, 4, group="wire"), _row("low", LOW, 5)]
    assert _flagged(copies)[1] == set()  # one wire story printed twice counts once


def test_counts_of_different_things_are_not_compared() -> None:
    barges = "The harbour master said 40 barges were waiting outside the port."
    crews = "The harbour master said 90 crews were waiting outside the port."
    rows = [_row("east", barges, 3), _row("west", barges, 4), _row("late", crews, 5)]
    assert _flagged(rows)[1] == set()  # 90 crews contradict no count of barges
    rows[2]["text"] = "The harbour master said 90 barges were waiting outside the port."
    assert _flagged(rows)[1] == {"late"}
