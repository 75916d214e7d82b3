"""Speakers of quotes an article credits through a role, a lead or an earlier quote (issue 24,
round four). Sentences written for these tests."""

from __future__ import annotations

import pytest

from audit.extract import extract


@pytest.mark.parametrize("lead", ["The head of the Harbour Authority, Samir Haddad,",
                                  "The chairman of Norland's Harbour Authority, Samir Haddad,"])
def test_a_role_with_a_name_in_apposition_is_the_named_person(nlp, lead: str) -> None:
    text = (f"{lead} has ruled out fog as the main cause of the collision.\n\n"
            '"Fog was not the main reason," Samir Haddad said at a press conference.')
    quotes = extract(text, nlp=nlp)
    assert quotes and {q.speaker_id for q in quotes} == {"samir-haddad"}


@pytest.mark.parametrize("text", [
    'Samir Haddad met reporters on Friday.\n\nHaddad pointed out that patience and hard work are among the reasons '
    'for success, adding, "We will grow stronger."',
    "Samir Haddad met reporters on Friday.\n\nHaddad also noted that farmers have proved that they are capable, "
    "adding that the harbour will always belong to them.",
])
def test_a_participle_cue_after_a_reported_clause_is_the_reporter_s(nlp, text: str) -> None:
    quotes = extract(text, nlp=nlp)
    added = [q for q in quotes if q.cue == "adding"]
    assert added and all(q.speaker_id == "samir-haddad" for q in added)


def test_an_assessment_by_a_body_is_that_body_s(nlp) -> None:
    quotes = extract("About $2 billion a day may be lost, an assessment by Harbour List indicated on Thursday.", nlp=nlp)
    assert [q.speaker_id for q in quotes] == ["harbour-list"]


@pytest.mark.parametrize(("lead", "who"), [("The Harbour Authority said", "harbour-authority"),
                                           ("Ann Holt said", "ann-holt")])
def test_the_statement_is_the_document_of_whoever_was_just_credited(nlp, lead: str, who: str) -> None:
    text = f'{lead} on Monday that the ship was free. "The work is done," the statement concluded.'
    quotes = extract(text, nlp=nlp)
    assert [q.speaker_id for q in quotes] == [who, who]


def test_an_indefinite_statement_names_no_one(nlp) -> None:
    quotes = extract('Ann Holt met reporters. "The work is done," a statement said.', nlp=nlp)
    assert all(q.speaker_id is None for q in quotes if q.text.startswith("The work"))


@pytest.mark.parametrize("describer", ["Norland-owned", "state-run"])
def test_a_hyphenated_describer_is_no_part_of_a_body_s_name(nlp, describer: str) -> None:
    quotes = extract(f'"The ship is free," the {describer} Harbour Authority said in a statement.', nlp=nlp)
    assert [q.speaker_id for q in quotes] == ["harbour-authority"]


def test_said_in_a_statement_that_is_the_subject_s_statement(nlp) -> None:
    text = ("Norbridge Vessel Management (NVM), which is the technical manager of the Northern Star, said in a "
            "statement that the crew were all safe.")
    quotes = extract(text, nlp=nlp)
    assert [q.speaker_id for q in quotes] == ["norbridge-vessel-management"]


def test_a_name_in_a_description_s_relative_clause_makes_no_speaker_id(nlp) -> None:
    text = ("The technical manager of a large tanker that has been stuck in the Varnel Canal for a day said on "
            "Wednesday that it was working with the authorities.")
    quotes = extract(text, nlp=nlp)
    assert quotes and all(q.speaker_id is None for q in quotes)


def test_those_estimates_are_the_estimates_just_credited(nlp) -> None:
    text = ("About $2 billion a day may be lost, Harbour List said on Thursday. According to those estimates, "
            "westbound traffic is worth $1 billion a day.")
    assert [q.speaker_id for q in extract(text, nlp=nlp)] == ["harbour-list", "harbour-list"]


def test_the_figures_alone_are_no_one_s(nlp) -> None:
    text = "Ann Holt spoke on Thursday. According to the figures, westbound traffic is worth $1 billion a day."
    assert all(q.speaker_id is None for q in extract(text, nlp=nlp))
