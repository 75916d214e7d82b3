"""Findings' direction rules, confidence and status (``audit.score.confidence``), and
whether a span is speech (``audit.extract.speech``), on sentences written for the tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest

from audit.extract.speech import speech_probability
from audit.score.confidence import CONFIRM_AT, assess, authority, lineage, same_person
from audit.score.consistency import CONFLICT_SCHEMA

WIRE = ("Harbour officials met on Tuesday after the storm. The port director spoke to reporters at the quay. "
        "“{quote},” the director said. Repairs are expected to take several weeks, the port said in a statement.")
OWN = ("In a long interview with our correspondent, the director went further than before. "
       "“{quote},” she told the Valley Courier, sitting in her office above the harbour.")
SAID = "We will reopen the northern berth to container ships by the end of the month"
CHANGED = "We will reopen the northern berth to all ships by the end of the month"


def _quote(qid: str, outlet: str, template: str, text: str, **extra: Any) -> dict[str, Any]:
    article = template.format(quote=text)
    start = article.index(text)
    return {"quote_id": qid, "article_id": f"a-{qid}", "outlet": outlet, "text": text, "kind": "direct",
            "cue": "said", "speaker_kind": "person", "mention": "the director", "speaker": "Ada Park",
            "speaker_name": "Ada Park", "speaker_id": "ada-park", "confidence": 0.9, "similarity": 100.0,
            "text_article": article, "start": start, "end": start + len(text), "attribution": "correct",
            "published": date(2026, 3, 1), **extra}


def _conflict(kind: str, dev: str, ref: str | None, against: str, support: int | None = None,
              **extra: Any) -> dict[str, Any]:
    row = {name: None for name in CONFLICT_SCHEMA}
    return {**row, "statement_id": "s1", "kind": kind, "quote_ids": [dev] + ([ref] if ref else []),
            "outlets": ["x"], "detail": "d", "deviating_quote_id": dev, "reference_quote_id": ref,
            "against": against, "support": support, "message": "m", **extra}


def _assess(conflicts: list[dict[str, Any]], quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    frame = pl.DataFrame(conflicts, schema=CONFLICT_SCHEMA)
    return assess(frame, pl.DataFrame(quotes, infer_schema_length=None)).to_dicts()


def test_names_and_terms_in_quote_marks_are_not_speech() -> None:
    assert speech_probability("The Art of the Possible", "direct") < 0.2  # a title
    assert speech_probability("Harbour Renewal Fund", "direct", "said", "person", "she") < 0.2
    assert speech_probability("reforms", "mixed") < 0.3  # a scare quote
    assert speech_probability("a disgrace", "mixed", "called", "person", "Park") < 0.5  # a fragment
    assert speech_probability(SAID, "direct", "said", "person", "the director") > 0.9
    assert speech_probability("OTHER SHIPS MAY FOLLOW UNLESS WE ACT NOW", "direct") > 0.5  # a shouted headline


def test_spellings_of_one_name_are_one_person_and_namesakes_are_not() -> None:
    assert same_person("Valery Zaluzny", "Valerii Zaluzhnyi")
    assert same_person("Emmmanuel Macron", "Emmanuel Macron")
    assert same_person("Lieutenant-General Ada Park", "Ada Park")
    assert not same_person("Bernie Sanders", "Patrick Sanders")
    assert not same_person("Jane Smith", "John Smith")
    assert not same_person("Ada Park", None)


def test_lineage_tells_a_changed_copy_from_another_translation() -> None:
    assert lineage(SAID, CHANGED) > 0.8
    other = "By the month's end container vessels will again be able to use the north quay"
    assert lineage(SAID, other) < 0.5


def test_one_rendering_is_no_majority_and_more_support_weighs_more() -> None:
    assert authority("majority", 1) < CONFIRM_AT <= authority("majority", 3) < authority("majority", 4)
    assert authority("reference", None) > authority("primary", None) > authority("earliest", None)


def test_a_changed_copy_of_the_same_wire_story_is_confirmed() -> None:
    quotes = [_quote("q1", "Wire One", WIRE, SAID), _quote("q2", "Copy Two", WIRE, CHANGED)]
    (finding,) = _assess([_conflict("wording", "q2", "q1", "majority", 3, expected=SAID, found=CHANGED)], quotes)
    assert finding["status"] == "confirmed" and finding["confidence"] >= CONFIRM_AT
    assert "same text around the quote" in finding["evidence"]


def test_a_wording_difference_between_articles_written_apart_goes_to_review() -> None:
    quotes = [_quote("q1", "Wire One", WIRE, SAID), _quote("q2", "Valley Courier", OWN, CHANGED)]
    (finding,) = _assess([_conflict("wording", "q2", "q1", "majority", 3, expected=SAID, found=CHANGED)], quotes)
    assert finding["status"] == "review" and "another translation" in finding["evidence"]


def test_an_outlet_is_never_judged_against_its_own_text() -> None:
    quotes = [_quote("q1", "Wire One", WIRE, SAID), _quote("q2", "Wire One", OWN, CHANGED)]
    assert _assess([_conflict("wording", "q2", "q1", "majority", 3, expected=SAID, found=CHANGED)], quotes) == []


def test_a_spelling_variant_is_no_misattribution() -> None:
    quotes = [_quote("q1", "Wire One", WIRE, SAID),
              _quote("q2", "Copy Two", WIRE, SAID, speaker="Ada Parc", speaker_name="Ada Parc", mention="Ada Parc")]
    found = _assess([_conflict("attribution", "q2", "q1", "majority", 3, expected="Ada Park", found="Ada Parc")],
                    quotes)
    assert found == []


@pytest.mark.parametrize("mention", ["he", "she"])
def test_a_pronoun_credit_is_no_misattribution(mention: str) -> None:
    quotes = [_quote("q1", "Wire One", WIRE, SAID),
              _quote("q2", "Copy Two", WIRE, SAID, speaker="Tom Reed", speaker_name="Tom Reed", mention=mention)]
    assert _assess([_conflict("attribution", "q2", "q1", "majority", 3, expected="Ada Park",
                              found="Tom Reed")], quotes) == []


def test_a_wrong_named_speaker_against_a_strong_majority_is_confirmed_with_evidence() -> None:
    quotes = [_quote("q1", "Wire One", WIRE, SAID),
              _quote("q2", "Copy Two", WIRE, SAID, speaker="Tom Reed", speaker_name="Tom Reed", mention="Tom Reed")]
    (finding,) = _assess([_conflict("attribution", "q2", "q1", "majority", 4, expected="Ada Park",
                                    found="Tom Reed")], quotes)
    assert finding["status"] == "confirmed" and "against majority of 4" in finding["evidence"]
    (weak,) = _assess([_conflict("attribution", "q2", "q1", "majority", 1, expected="Ada Park",
                                 found="Tom Reed")], quotes)
    assert weak["status"] == "review"  # one other outlet is no majority


def test_a_copied_passage_needs_no_matcher_score_to_be_one_statement() -> None:
    """Two articles printing the same text around a quote print one passage of one story:
    the matcher's lower score for the changed copy is no doubt about the pair."""
    weak = {"link_probability": 0.88, "link_stage": "lexical"}
    quotes = [_quote("q1", "Wire One", WIRE, SAID, **weak), _quote("q2", "Copy Two", WIRE, CHANGED, **weak)]
    (finding,) = _assess([_conflict("wording", "q2", "q1", "majority", 3, expected=SAID, found=CHANGED)], quotes)
    assert finding["status"] == "confirmed"
    apart = [_quote("q1", "Wire One", WIRE, SAID, **weak), _quote("q2", "Valley Courier", OWN, CHANGED, **weak)]
    (finding,) = _assess([_conflict("wording", "q2", "q1", "majority", 3, expected=SAID, found=CHANGED)], apart)
    assert finding["status"] == "review"


VAGUE = "Port officials"


def _vague_statement(witness_stage: str, witnesses: int) -> list[dict[str, Any]]:
    """A vague credit and ``witnesses`` independent outlets naming the director for the same words."""
    common = {"statement_id": "s1", "ref_speaker": "ada-park"}
    rows = [_quote("v", "Valley Courier", OWN, SAID, mention=VAGUE, speaker_kind="anonymous", speaker_id=None,
                   speaker=None, speaker_name=None, attribution="generic", link_stage="lexical",
                   link_probability=1.0, syndication_group="g-v", **common)]
    for k in range(witnesses):
        rows.append(_quote(f"w{k}", f"Outlet {k}", WIRE.replace("Tuesday", f"day {k}"), SAID, mention="Ada Park",
                           link_stage=witness_stage, link_probability=0.95, syndication_group=f"g{k}", **common))
    return rows


@pytest.mark.parametrize(("stage", "witnesses", "status"), [("lexical", 2, "confirmed"), ("lexical", 1, "review"),
                                                            ("semantic", 2, "review")])
def test_a_vague_credit_is_confirmed_only_when_independent_outlets_name_the_speaker(
        stage: str, witnesses: int, status: str) -> None:
    """Two outlets written apart naming the speaker for the same words, each by a strong
    lexical link, corroborate the name; one outlet, or joins by meaning, do not."""
    quotes = _vague_statement(stage, witnesses)
    (finding,) = _assess([_conflict("vague-credit", "v", "w0", "majority", witnesses, expected="Ada Park",
                                    found=VAGUE)], quotes)
    assert finding["status"] == status
    assert ("independent outlets name Ada Park" in finding["evidence"]) == (status == "confirmed")


def test_reported_speech_probability_follows_its_cue_and_the_extractors_doubt() -> None:
    clause = "the quay would be rebuilt by the spring"
    assert speech_probability(clause, "indirect", "said") == speech_probability(clause, "indirect", "said", None, None, 0.7)
    assert speech_probability(clause, "indirect", "thinks") < speech_probability(clause, "indirect", "said")
    assert speech_probability(clause, "indirect", "wanted") < speech_probability(clause, "indirect", "believed")
    assert speech_probability(clause, "indirect", "said", None, None, 0.35) < 0.5  # a negated report
    assert speech_probability(clause, "indirect", None, None, None, 0.7) >= 0.9  # "according to": words
