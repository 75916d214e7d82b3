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
