"""Speakers across a story and how sure each one is (issue 24, round three): descriptions whose
holder another article names, a calibrated speaker confidence per quote, transcript turns that
end in a question. Sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from audit.extract import extract
from audit.extract.speaker_confidence import Evidence, probability
from audit.speakers import DescribedQuote, description_joins


def _q(key: str, sid: str | None, name: str | None, kind: str, words: str, day: date | None = None) -> DescribedQuote:
    return DescribedQuote(key, sid, name, kind, words, day)


def test_a_role_takes_the_one_holder_the_story_names() -> None:
    rows = [_q("1", "ann-holt", "Ann Holt", "person", "authority chairman harbour"),
            _q("2", None, "its chairman", "unknown", "chairman"),
            _q("3", None, "the harbour authority's chief", "unknown", "chief authority harbour"),
            _q("4", None, "the head of the rail authority", "unknown", "head authority rail")]
    joins = description_joins(rows)
    assert joins == {"2": ("ann-holt", "Ann Holt", "person"), "3": ("ann-holt", "Ann Holt", "person")}
    # "rail" is no word of Ann Holt's description: another authority's head, left as written


def test_a_body_description_never_takes_a_person_whose_apposition_names_the_body() -> None:
    """"the Dutch salvage firm" is the firm, not its chief described as "the head of the salvage firm"."""
    rows = [_q("1", "piet-vos", "Piet Vos", "person", "firm head salvage"),
            _q("2", None, "the salvage firm", "unknown", "firm salvage")]
    assert description_joins(rows) == {}
    rows.append(_q("3", "norbridge", "Norbridge", "organisation", "company salvage"))
    assert description_joins(rows) == {"2": ("norbridge", "Norbridge", "organisation")}  # firm = company


def test_two_holders_or_another_week_leave_the_description_as_written() -> None:
    rows = [_q("1", "ann-holt", "Ann Holt", "person", "chairman harbour"),
            _q("2", "tom-reed", "Tom Reed", "person", "chairman club"),
            _q("3", None, "the chairman", "unknown", "chairman")]
    assert description_joins(rows) == {}
    far = [_q("1", "ann-holt", "Ann Holt", "person", "chairman harbour", date(2024, 1, 1)),
           _q("2", None, "its chairman", "unknown", "chairman", date(2024, 3, 1))]
    assert description_joins(far) == {}


def test_extraction_records_the_description_of_a_holder_and_of_a_role_no_one_holds(nlp) -> None:
    text = ("Ann Holt, the chairman of the harbour authority, said the port would reopen on Monday. "
            "The mayor of the town said that trains would run again soon.")
    quotes = extract(text, nlp=nlp)
    described = {q.speaker: q.speaker_description for q in quotes}
    assert "chairman" in (described["Ann Holt"] or "").split()
    assert described["The mayor of the town"] == "mayor town"


def test_an_indefinite_or_plural_description_names_no_holder(nlp) -> None:
    quotes = extract("A Dutch firm said the ship would move. Harbour officials said that the tide would help.", nlp=nlp)
    assert all(q.speaker_description is None for q in quotes)


def test_every_quote_gets_a_speaker_confidence_between_zero_and_one(nlp) -> None:
    text = ('Ann Holt, the chairman of the harbour authority, said: "We will reopen the port on Monday." '
            'Tom Reed met her on Friday. "The tide helps us," she said.')
    quotes = extract(text, nlp=nlp)
    assert quotes and all(q.speaker_confidence is not None and 0.0 < q.speaker_confidence < 1.0 for q in quotes)


def test_a_named_subject_of_the_cue_is_surer_than_an_unresolved_description() -> None:
    named = Evidence("name", "cue", "named")
    described = Evidence("description", "cue", "none")
    headline = Evidence("name", "headline", "named")
    assert probability(named) > probability(headline)
    assert probability(named) > probability(described)


@pytest.mark.parametrize("question", ["Will the harbour reopen this week?"])
def test_a_transcript_question_does_not_carry_into_the_answer(nlp, question: str) -> None:
    text = (f"Interview transcript.\n\nHOST: Welcome to the show tonight.\n\nREED: Thank you for having me.\n\n"
            f"HOST: {question}\n\nWe are working day and night to reopen it, and the tide will help.\n\n"
            "REED: It is a hard job for everyone.")
    quotes = extract(text, nlp=nlp)
    answer = [q for q in quotes if q.text.startswith("We are working")]
    assert all(q.speaker_id != "host" for q in answer)


def test_a_pronoun_inside_a_quote_never_takes_the_person_quoted(nlp) -> None:
    """Holt says "he told me": the "he" is someone Holt speaks of, never Holt."""
    text = ("John Holt spoke to reporters on Monday about the port.\n\n"
            '"Reed called me on Friday and he told me that the tide would help," Holt said.')
    quotes = extract(text, nlp=nlp)
    assert any(q.speaker_id == "john-holt" and q.kind == "direct" for q in quotes)
    # the nested report is kept only when "he" resolves to someone (extraction's rule for reports inside
    # quotes); whoever it is, it is never the person quoted
    assert all(q.speaker_id != "john-holt" for q in quotes if q.mention == "he")


def test_its_role_is_the_role_of_the_body_its_refers_to(nlp) -> None:
    """"its chairman" after the Eastport Harbour Authority: the authority's chairman, so a story
    holder described as the harbour authority's chairman is found, and not a salvage firm's."""
    text = ("The Eastport Harbour Authority said on Monday that the channel was closed. "
            "Its chairman said that the ship would be moved within days.")
    described = [q.speaker_description for q in extract(text, nlp=nlp) if q.mention == "Its chairman"]
    assert described == ["chairman authority eastport harbour"]
    rows = [_q("1", "ann-holt", "Ann Holt", "person", "authority chairman eastport harbour"),
            _q("2", "piet-vos", "Piet Vos", "person", "ceo firm salvage"),
            _q("3", None, "Its chairman", "unknown", described[0])]
    assert description_joins(rows) == {"3": ("ann-holt", "Ann Holt", "person")}


def test_it_inside_a_body_s_quote_is_not_that_body(nlp) -> None:
    """The authority quoted saying "it failed" speaks of something else: a body says "we"."""
    text = ("The Eastport Harbour Authority met on Monday.\n\n"
            '"The barge company ignored the warnings, and it told us that the ship was safe," '
            "the Eastport Harbour Authority said.")
    inner = [q for q in extract(text, nlp=nlp) if q.mention == "it"]
    assert all(q.speaker_id != "eastport-harbour-authority" for q in inner)
