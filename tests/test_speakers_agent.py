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
