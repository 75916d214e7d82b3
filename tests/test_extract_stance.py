"""Graded cue lexicon: belief, intention and stance attributions (PolNeAR annotates them)."""

from __future__ import annotations

from audit.extract import extract
from audit.extract.sources import cue_confidence


def _indirect(text, nlp):
    return [q for q in extract(text, nlp=nlp) if q.kind == "indirect"]


def test_stance_object_is_the_content(nlp):
    text = "Senator Mike Lee endorsed Ted Cruz for president on Tuesday."
    (q,) = _indirect(text, nlp)
    assert (q.cue, q.mention) == ("endorsed", "Senator Mike Lee")
    assert q.text.startswith("Ted Cruz for president")


def test_called_x_a_liar_runs_over_the_predicate(nlp):
    text = "The governor called his opponent a liar and a fraud."
    (q,) = _indirect(text, nlp)
    assert q.cue == "called"
    assert q.text == "his opponent a liar and a fraud"


def test_intention_takes_the_infinitive(nlp):
    text = "Jane Smith plans to run for the Senate next year."
    (q,) = _indirect(text, nlp)
    assert (q.cue, q.mention) == ("plans", "Jane Smith")
    assert q.text == "to run for the Senate next year"


def test_hoped_is_a_cue_despite_its_lemma(nlp):
    text = "Mr. Brown hoped that the vote would pass easily."
    (q,) = _indirect(text, nlp)
    assert q.cue == "hoped"
    assert q.text == "the vote would pass easily"


def test_verb_with_its_preposition(nlp):
    text = "Ms. Clark was referring to the proposed ban on assault weapons."
    (q,) = _indirect(text, nlp)
    assert q.cue == "referring"
    assert q.text == "the proposed ban on assault weapons"


def test_mere_effort_is_not_an_attribution(nlp):
    assert _indirect("The soldiers tried to build a bridge across the river.", nlp) == []


def test_confidence_is_graded_by_class():
    assert cue_confidence("say") > cue_confidence("believe") > cue_confidence("endorse")


def test_talk_parties_beliefs_are_not_attributions(nlp):
    text = "You know, we think the country is heading in the wrong direction."
    assert _indirect(text, nlp) == []


def test_third_party_belief_still_counts(nlp):
    text = "Most voters think the country is heading in the wrong direction."
    (q,) = _indirect(text, nlp)
    assert q.cue == "think"
    assert q.text == "the country is heading in the wrong direction"


def test_poll_parsed_as_participle_is_the_source(nlp):
    text = "A Quinnipiac University poll found last week that Clinton would beat Trump in a general election."
    (q,) = _indirect(text, nlp)
    assert (q.cue, q.mention) == ("found", "A Quinnipiac University poll")
    assert q.text == "Clinton would beat Trump in a general election"


def test_call_for_and_call_on_report_what_is_called_for(nlp):
    text = ("Senator Ann Reed is calling for the United States to step up its efforts against the cartels.\n\n"
            "Governor Tom Hale calls on Congress to pass the budget before the summer.")
    quotes = extract(text, nlp=nlp)
    assert [(q.text, q.cue, q.speaker) for q in quotes] == [
        ("the United States to step up its efforts against the cartels", "calling", "Ann Reed"),
        ("Congress to pass the budget before the summer", "calls", "Tom Hale"),
    ]


def test_mentioned_and_discussed_take_their_object(nlp):
    text = "He spoke for an hour. Mayor Lynn Cole also mentioned the violence in her Chicago hometown."
    q = next(q for q in extract(text, nlp=nlp) if q.cue == "mentioned")
    assert (q.text, q.speaker) == ("the violence in her Chicago hometown", "Lynn Cole")


def test_ruled_out_reports_its_object_and_ruled_alone_nothing(nlp) -> None:
    (q,) = extract("The harbour master has ruled out strong wind as the main cause of the grounding.", nlp=nlp)
    assert (q.kind, q.cue, q.text) == ("indirect", "ruled", "strong wind as the main cause of the grounding")
    assert extract("The old king ruled the small country for forty long years.", nlp=nlp) == []


def test_hailed_fragment_is_the_speakers(nlp) -> None:
    (q,) = extract('The mayor on Monday hailed the "success" of the operation to free the boat.', nlp=nlp)
    assert (q.kind, q.text, q.cue, q.mention) == ("mixed", "success", "hailed", "The mayor")
