"""Round five of issue 25: extraction mechanisms chosen on Ever Given's and PolNeAR train's misses
(sentences written for these tests)."""

from __future__ import annotations

import pytest
from extract_helpers import check_offsets

from audit.extract import extract


@pytest.mark.parametrize(
    "text, words",
    [
        ("Work at the mine restarted at 9 a.m. on Friday said Gen. Tom Weller, chief of the Mining Board, "
         "adding that the first trucks that were leaving carried coal.", "the first trucks that were leaving carried coal"),
        ("Ferry service on the lake resumed at noon local time said Capt. Anna Berg, head of the Lake Authority, "
         "adding that the first ferries that were sailing carried cattle.", "the first ferries that were sailing carried cattle"),
    ],
)
def test_cue_followed_by_that_reports_what_follows(text: str, words: str, nlp) -> None:
    quotes = extract(text + "\n", nlp=nlp)
    check_offsets(text + "\n", quotes)
    adding = [q for q in quotes if q.cue == "adding"]
    assert [q.text for q in adding] == [words]



@pytest.mark.parametrize(
    "text, words, speaker",
    [
        ("The minister is reaffirming that the inquiry into the harbour fire is free of political influence.",
         "the inquiry into the harbour fire is free of political influence", "The minister"),
        ("The board continued that the money had been paid back in full by the owners.",
         "the money had been paid back in full by the owners", "The board"),
    ],
)
def test_unlisted_verb_with_a_that_clause_reports_it(text: str, words: str, speaker: str, nlp) -> None:
    (q,) = extract(text + "\n", nlp=nlp)
    assert (q.text, q.kind, q.mention) == (words, "indirect", speaker)
    assert q.confidence < 0.5  # ranked below the reports of listed verbs


@pytest.mark.parametrize(
    "text",
    [
        "None of this means that the mayor has been a bad leader.",  # no speaking subject
        "It appears that the ferry was late again.",  # an expletive subject
        "The records have proven that the ferry was late again.",  # evidence bears it out
    ],
)
def test_that_clause_without_a_speaker_is_no_report(text: str, nlp) -> None:
    assert extract(text + "\n", nlp=nlp) == []


@pytest.mark.parametrize(
    "text, clause",
    [
        ("Mayor Anna Berg mocked the harbour board for “sleeping through the storm” because it closed no gates.",
         "the harbour board for “sleeping through the storm” because it closed no gates"),
        # a coordinated predicate is another act: the clause ends before it
        ("Mayor Anna Berg mocked the harbour board for “sleeping through the storm” and left the meeting early.",
         "the harbour board for “sleeping through the storm"),
    ],
)
def test_fragment_without_a_reported_clause_is_said_inside_its_cue_predicate(text: str, clause: str, nlp) -> None:
    (q,) = extract(text + "\n", nlp=nlp)
    assert (q.kind, q.text) == ("mixed", "sleeping through the storm")
    assert (text + "\n")[q.clause_start:q.clause_end] == clause


def test_bare_verb_and_colon_announce_the_words(nlp) -> None:
    text = "Mayor Anna Berg spoke at the quay.\n\nShe continued: Friends, we have had a hard week, but we will recover.\n"
    (q,) = [q for q in extract(text, nlp=nlp) if q.cue == "continued"]
    assert (q.text, q.kind, q.speaker) == ("Friends, we have had a hard week, but we will recover", "indirect", "Anna Berg")


@pytest.mark.parametrize(
    "text",
    [
        "The plan has three parts: First, the walls will be raised.",  # a noun before the colon: a list
        "The ferry arrived: Everyone cheered on the quay.",  # a ferry says nothing
        "Days later the push for Anna Berg began: The union and the board all lined up behind her.",
    ],
)
def test_colon_without_a_speaking_subject_announces_nothing(text: str, nlp) -> None:
    assert extract(text + "\n", nlp=nlp) == []


@pytest.mark.parametrize(
    "text",
    [
        "“Harbour Lights” star Anna Berg turned the tables at the audition.",
        "The crowd at the quay wore “Make The Harbour Great” hats all day.",
    ],
)
def test_title_in_marks_that_the_sentence_runs_on_from_is_no_quote(text: str, nlp) -> None:
    assert extract(text + "\n", nlp=nlp) == []


def test_short_quote_before_its_cue_is_still_a_quote(nlp) -> None:
    text = "“We will rebuild the quay,” Anna Berg said on Monday.\n"
    (q,) = extract(text, nlp=nlp)
    assert (q.text, q.kind, q.speaker) == ("We will rebuild the quay,", "direct", "Anna Berg")


@pytest.mark.parametrize(
    "text",
    [
        "The ferry company won the harbour contract on Monday, adding to its run of victories in the south.",
        "Anna Berg won the harbour vote on Monday, claiming her third victory in a row.",
    ],
)
def test_participle_with_its_own_object_reports_nothing_before_it(text: str, nlp) -> None:
    assert extract(text + "\n", nlp=nlp) == []


def test_bare_participle_after_a_comma_still_reports_the_clause(nlp) -> None:
    text = "The harbour will reopen on Monday, Anna Berg said, adding that more boats would follow.\n"
    found = {q.text for q in extract(text, nlp=nlp)}
    assert {"The harbour will reopen on Monday", "more boats would follow"} <= found


def test_words_after_a_cue_behind_a_closing_mark_name_the_speaker(nlp) -> None:
    text = ("“Madam Mayor, you have saved us from the flood,” said one of the residents gathered around a "
            "fountain, which shook the hands of people in the streets.\n")
    quotes = extract(text, nlp=nlp)
    assert [(q.text, q.kind) for q in quotes] == [("Madam Mayor, you have saved us from the flood,", "direct")]


def test_subject_before_the_cue_behind_a_closing_mark_still_reports(nlp) -> None:
    text = "“It will be fine,” she said the ship would sail on Monday.\n"
    assert "the ship would sail on Monday" in {q.text for q in extract(text, nlp=nlp)}


def test_pronoun_after_a_cue_behind_a_closing_mark_opens_a_clause(nlp) -> None:
    text = "The pollster is happy to be the “silver standard,” says she warned about surprises.\n"
    assert "she warned about surprises" in {q.text for q in extract(text, nlp=nlp)}


def test_first_person_paragraph_after_a_quote_goes_on_with_its_speaker(nlp) -> None:
    text = ("To this, Anna Berg replied, “It would seem like it, based on the flood.”\n\n"
            "I met with some of our best engineers and they just seem to feel that it was. This was no ordinary leak.\n\n"
            "The harbour reopened on Monday.\n")
    (q,) = [q for q in extract(text, nlp=nlp) if q.text.startswith("I met")]
    assert (q.kind, q.speaker) == ("indirect", "Anna Berg")
    assert q.text.endswith("no ordinary leak.")


@pytest.mark.parametrize(
    "second",
    [
        "But, of course, we do not live in normal times on the quay.",  # a writer's ``we``
        "Everyone I interviewed praised the new harbour walls.",  # ``I`` inside a relative clause
        "The harbour reopened on Monday and I walked along the quay.",  # the writer's own sentence first
    ],
)
def test_writer_commentary_after_a_quote_is_not_the_speaker(second: str, nlp) -> None:
    text = f"Anna Berg replied, “It would seem like it, based on the flood.”\n\n{second}\n"
    assert [q.text for q in extract(text, nlp=nlp) if q.paragraph == 1 and q.speaker == "Anna Berg"] == []
