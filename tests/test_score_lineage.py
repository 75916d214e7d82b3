"""A changed quote named word by word (``audit.score.lineage``) and credits that name no one."""

from __future__ import annotations

from typing import Any

import pytest

from audit.score.consistency import describes_no_one
from audit.score.lineage import copied_from, departure

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


# A wire story copied by one outlet, and two outlets writing their own articles.
STORY_BEFORE = "The rail operator spoke to reporters at the central station on Tuesday evening. "
STORY_AFTER = " Engineers are still inspecting the overhead lines along the coastal route tonight."
OWN_BEFORE = "Commuters crowded the platforms as the chief executive answered questions from our correspondent. "
OWN_AFTER = " The company gave no figure for the cost of the repairs or for any refunds to ticket holders."
SHORT = "We regret the long delay caused to passengers."
FULL = "We deeply regret the long delay caused to passengers."


def _printed(qid: str, outlet: str, text: str, before: str, after: str) -> dict[str, Any]:
    article = before + text + after
    return {**_row(qid, outlet, text), "text_article": article, "start": len(before), "end": len(before) + len(text)}


def test_a_changed_quote_is_compared_with_the_copy_of_its_own_story_first() -> None:
    """Several renderings hold all the words of a short changed quote; the closest copy is the
    one whose article prints the same passage around it (the quote's lineage), whatever the
    order of the rows."""
    slip = _printed("a", "Fen Post", SHORT, STORY_BEFORE, STORY_AFTER)
    copy = _printed("a2", "Oak Wire", FULL, STORY_BEFORE, STORY_AFTER)
    apart = [_printed(q, o, FULL, OWN_BEFORE.replace("our", o), OWN_AFTER) for q, o in (("b", "Elm Daily"),
                                                                                       ("c", "Ash News"))]
    gone = departure(slip, [slip, *apart, copy], 0.5)
    assert gone is not None and gone.closest["quote_id"] == "a2" and gone.support == 3
    assert copied_from(slip, [slip, *apart, copy], 0.5)
    assert not copied_from(slip, [slip, *apart], 0.5)


def test_renderings_spanning_a_later_sentence_witness_its_excerpt_statement() -> None:
    """The link stage files excerpts of a quotation's second sentence under a statement of
    that sentence; renderings of the whole quotation left with the lead hold that sentence
    too and witness it. A rendering of the lead alone does not."""
    from audit.match import statement_id_of
    from audit.score.consistency import spanning_renderings

    lead_s = "The night trains will run again from Monday."
    second = "We deeply regret the long delay caused to passengers."
    parent, child = "st_parent", statement_id_of("st_parent#1")
    whole = {**_row("p1", "Oak Wire", f"{lead_s} {second}"), "statement_id": parent, "root_quote_id": "p1"}
    lead_only = {**_row("p2", "Elm Daily", lead_s), "statement_id": parent, "root_quote_id": "p1"}
    excerpt = {**_row("c1", "Fen Post", second), "statement_id": child, "root_quote_id": "c1", "link_stage": "excerpt"}
    by_statement = {parent: [whole, lead_only], child: [excerpt]}
    assert spanning_renderings(by_statement) == {child: [whole]}
    assert spanning_renderings({parent: [whole, lead_only]}) == {}


def test_against_a_majority_a_changed_quote_is_named_against_the_copy_of_its_story() -> None:
    """The statement's wording is decided by a majority of independently written renderings;
    the changed quote's own story is copied by another outlet, which prints the words it
    changed: the finding compares it with that copy (the lineage), not with the majority's
    witness."""
    from audit.score.consistency import _wording_findings

    def member(row: dict[str, Any], variant: str) -> dict[str, Any]:
        return {**row, "variant": variant, "statement_id": "s1", "root_quote_id": "b", "wording_against": "majority",
                "wording_witness": "b", "wording_support": 2, "reference_text": FULL, "verified_id": None,
                "published": None, "article_id": f"art-{row['quote_id']}", "speaker_id": "rail-operator",
                "diff": "-deeply", "attribution": "correct"}

    slip = member(_printed("a", "Fen Post", SHORT, STORY_BEFORE, STORY_AFTER), "altered")
    copy = member(_printed("a2", "Oak Wire", FULL, STORY_BEFORE, STORY_AFTER), "exact")
    apart = [member(_printed(q, o, FULL, OWN_BEFORE.replace("our", o), OWN_AFTER), "root" if q == "b" else "exact")
             for q, o in (("b", "Elm Daily"), ("c", "Ash News"))]
    (found,) = _wording_findings({"s1": [*apart, slip, copy]})
    assert found["deviating_quote_id"] == "a" and found["reference_quote_id"] == "a2" and found["support"] == 3
    (without_copy,) = _wording_findings({"s1": [*apart, slip]})
    assert without_copy["reference_quote_id"] == "b"  # no copy of its story: the decided wording's witness
