"""A changed quote named word by word (``audit.score.lineage``) and credits that name no one."""

from __future__ import annotations

from typing import Any

import pytest

from audit.score.consistency import describes_no_one
from audit.score.lineage import departure

APOLOGY = "We deeply regret the delay caused to passengers on the night train."


def _row(qid: str, outlet: str, text: str, kind: str = "direct") -> dict[str, Any]:
    return {"quote_id": qid, "outlet": outlet, "text": text, "kind": kind, "syndication_group": outlet}


def test_a_change_every_other_rendering_contradicts_is_named() -> None:
    slip = _row("a", "Fen Post", "We deep regret the delay caused to passengers on the night train.")
    rows = [slip, _row("b", "Oak Wire", APOLOGY), _row("c", "Elm Daily", APOLOGY.replace("night train", "sleeper")),
            _row("d", "Ash News", "We deeply regret the delay")]
    gone = departure(slip, rows, 0.5)
    assert gone is not None and gone.support == 3
    assert (gone.theirs, gone.ours) == ("we deeply regret", "we deep regret")


def test_a_change_another_rendering_prints_too_or_one_witness_is_not_enough() -> None:
    changed = "We deeply regret the delays caused to passengers on the night train."
    shared = _row("a", "Fen Post", changed)
    rows = [shared, _row("b", "Oak Wire", APOLOGY), _row("c", "Elm Daily", APOLOGY), _row("d", "Ash News", changed)]
    assert departure(shared, rows, 0.5) is None  # Ash News prints the same change
    lone = _row("a", "Fen Post", changed)
    assert departure(lone, [lone, _row("b", "Oak Wire", APOLOGY)], 0.5) is None  # one other outlet is no majority


def test_a_cut_and_a_translation_are_no_departure() -> None:
    cut = _row("a", "Fen Post", "We deeply regret the delay")
    other = _row("e", "Fen Post", "Our apologies to every traveller for the late service.")
    rows = [cut, other, _row("b", "Oak Wire", APOLOGY), _row("c", "Elm Daily", APOLOGY)]
    assert departure(cut, rows, 0.5) is None
    assert departure(other, rows, 0.5) is None  # shares too few words with any copy


@pytest.mark.parametrize(("mention", "vague"), [
    ("Officials", True), ("Canadian authorities", True), ("the Danish shipping firm", True),
    ("A company working to free the ferry", True), ("the Harbour Authority", False),
    ("Chief executive Ann Holt", False), ("he", False), ("the minister", False),
])
def test_a_description_naming_no_one_is_a_vague_credit(mention: str, vague: bool) -> None:
    assert describes_no_one(mention) is vague
