"""Speakers of quotes that name no one in their own sentence, and of pronouns bound to a role
(issue 24, round five). Sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from audit.extract import extract
from audit.extract.resolve import ArticleSpeakers, _of_role
from audit.speakers import slug


def _speaker_of(quotes, start: str) -> str | None:
    found = [q for q in quotes if q.text.startswith(start)]
    assert found, f"no quote starting {start!r}"
    return found[0].speaker_id


def test_a_quote_with_no_cue_continues_the_speech_act_just_before_it(nlp) -> None:
    text = ("Harbour master Samir Haddad confirmed the news on Monday in a statement posted online. "
            '"The barge has been refloated and the channel is open again."')
    assert _speaker_of(extract(text, nlp=nlp), "The barge") == "samir-haddad"


def test_a_quote_with_no_cue_does_not_take_a_speaker_sentences_away(nlp) -> None:
    text = ("Samir Haddad said the channel was open. The barge drifted for an hour before tugs reached it. "
            "Said Ellen Brook: \u201cNobody expected the barge to move that fast.\u201d")
    assert _speaker_of(extract(text, nlp=nlp), "Nobody expected") != "samir-haddad"


def test_a_quote_with_no_cue_does_not_take_a_noun_s_holder(nlp) -> None:
    text = ("The mayor unveiled her plans for the harbour on Monday. "
            "\u201cI do not think the plan will work at all.\u201d")
    assert _speaker_of(extract(text, nlp=nlp), "I do not think") is None


@pytest.mark.parametrize("publication", ["the Harbour Gazette newspaper", "the Norland news agency"])
def test_a_first_person_quote_according_to_a_publication_is_the_speaker_s(nlp, publication: str) -> None:
    text = ("Samir Haddad, the head of the harbour authority, announced that the channel was open.\n\n"
            f"\u201cWhen I told the minister about the plan, he asked for a second one,\u201d according to {publication}.")
    assert _speaker_of(extract(text, nlp=nlp), "When I told") == "samir-haddad"


def test_a_third_person_report_according_to_a_publication_is_the_publication_s(nlp) -> None:
    text = ("Samir Haddad, the head of the harbour authority, announced that the channel was open.\n\n"
            "\u201cThe channel will stay closed to large ships until Friday,\u201d according to the Harbour Gazette "
            "newspaper.")
    assert _speaker_of(extract(text, nlp=nlp), "The channel will") != "samir-haddad"


def test_a_pronoun_in_an_adverbial_clause_is_the_role_holding_subject(nlp) -> None:
    text = ("Ellen Brook runs Varnel Shipping.\n\n"
            "The president of Varnel Shipping sounded more hopeful as he said that the barge would be free by "
            "Saturday.")
    quotes = extract(text, nlp=nlp)
    found = [q for q in quotes if "Saturday" in q.text]
    assert found and found[0].mention is not None and found[0].mention.startswith("The president")
    assert found[0].speaker_id != "varnel-shipping"


def test_a_name_in_the_of_phrase_of_a_role_is_what_the_role_is_held_in(nlp) -> None:
    doc = nlp("The president of Varnel Kisen said that the barge would be free by Saturday.")
    role = doc[1]
    assert _of_role(doc[4], role) and _of_role(doc[3], role)
    doc = nlp("Company president Kenji Sato said that the barge would be free by Saturday.")
    assert not _of_role(doc[3], doc[3].head)


@pytest.mark.parametrize("name", ["Peter Hansen Fleet Management", "John Smith Shipping Services"])
def test_a_name_ending_in_a_body_word_is_a_body_not_a_person(nlp, name: str) -> None:
    quotes = extract(f"{name} said on Monday that the crew were safe.", nlp=nlp)
    assert [(q.speaker_id, q.speaker_kind) for q in quotes] == [(slug(name), "organisation")]


def test_a_lone_surname_ner_takes_for_a_body_is_the_person_named_in_full(nlp) -> None:
    doc = nlp("Norway's Larsen says the harbour will reopen.\n\n"
              "Prime Minister Erik Larsen said on Monday that the harbour would reopen.")
    larsen = next(t for t in doc if t.text == "Larsen")
    doc.set_ents([Span(doc, larsen.i, larsen.i + 1, label="ORG")], default="unmodified")  # as NER reads "Egypt's Sisi"
    speakers = ArticleSpeakers(doc, None)
    found = speakers.resolve((0, larsen.i + 1))
    assert (found.speaker_id, found.kind) == ("erik-larsen", "person")


def test_a_body_s_name_with_a_surname_in_it_stays_the_body(nlp) -> None:
    text = ("Senator Ann Clark spoke on Monday.\n\n"
            "The Clark campaign said on Tuesday that the senator would speak again.")
    quotes = extract(text, nlp=nlp)
    assert all(q.speaker_id != "ann-clark" for q in quotes if "speak again" in q.text)


def test_a_first_person_quote_paragraph_after_a_paragraph_about_someone_is_theirs(nlp) -> None:
    text = ("Tugs reached the barge on Friday.\n\n"
            "In Rotterdam, Ellen Brook set a less demanding target.\n\n"
            "\u201cWith the ships we will have in place, we expect the barge to float by Tuesday.\u201d")
    assert _speaker_of(extract(text, nlp=nlp), "With the ships") == "ellen-brook"


def test_a_third_person_quote_paragraph_after_a_paragraph_about_someone_is_not_theirs(nlp) -> None:
    text = ("Tugs reached the barge on Friday.\n\n"
            "In Rotterdam, Ellen Brook set a less demanding target.\n\n"
            "\u201cThe barge should float by Tuesday if the tide is high.\u201d")
    assert _speaker_of(extract(text, nlp=nlp), "The barge should") is None


def test_unnamed_authorities_are_not_the_authority_named_before(nlp) -> None:
    text = ("The Norland Harbour Authority said on Monday that the channel was open.\n\n"
            "Authorities had not ruled out that a human error caused the collision.")
    quotes = extract(text, nlp=nlp)
    found = [q for q in quotes if "human error" in q.text]
    assert found and found[0].speaker_id != "norland-harbour-authority"
    assert found[0].speaker_kind == "anonymous"


@pytest.mark.parametrize("text", [
    "Ann Holt said on Monday that her advisers had told her that the fire appeared to have been caused by "
    "\u201ca bomb of some kind.\u201d",
    "Ann Holt said her advisers told her they \u201cseem to feel\u201d that the fire was no accident.",
])
def test_a_fragment_in_a_report_inside_a_report_is_the_outer_speaker_s(nlp, text: str) -> None:
    quotes = extract(text, nlp=nlp)
    fragments = [q for q in quotes if q.kind == "mixed"]
    assert fragments and all(q.speaker_id == "ann-holt" for q in fragments)


def test_saying_as_the_means_of_a_reply_is_the_replier_s(nlp) -> None:
    text = ("Ann Holt met reporters on Friday.\n\n"
            "She added, \u201cthe mayor responded by saying that the tugs must be ready, whether they are used or not.\u201d")
    quotes = extract(text, nlp=nlp)
    said = [q for q in quotes if q.cue == "saying"]
    assert said and said[0].mention == "the mayor"


def test_a_pronoun_bound_to_a_bare_office_keeps_its_own_antecedent(nlp) -> None:
    text = ("Ann Holt spoke in Denver on Monday.\n\n"
            "The former secretary of state sounded confident as she said that the plan would pass.")
    quotes = extract(text, nlp=nlp)
    found = [q for q in quotes if "would pass" in q.text]
    assert found and found[0].mention == "she"
