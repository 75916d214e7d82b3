"""Who can be the agent of a speech act: non-speech cues inside a quote, and subjects that cannot speak."""

from __future__ import annotations

from audit.extract import extract


def _quotes(nlp, text: str):
    return extract(text, nlp=nlp)


def test_belief_verb_inside_a_quote_is_the_quoted_speakers_words(nlp):
    quotes = _quotes(nlp, '"The residents know that the bridge will not hold another winter," Mayor Ann Cole said.')
    assert [(q.kind, q.speaker) for q in quotes] == [("direct", "Ann Cole")]


def test_speech_verb_inside_a_quote_stays_a_nested_quote(nlp):
    quotes = _quotes(nlp, '"The engineer told me that the bridge would not hold another winter," Mayor Ann Cole said.')
    nested = [q for q in quotes if q.kind == "indirect"]
    assert [q.text for q in nested] == ["the bridge would not hold another winter"]
    assert nested[0].nested_in is not None


def test_stance_verb_framed_outside_the_quote_is_kept(nlp):
    quotes = _quotes(nlp, 'On her campaign page, Senator Ruth Lane vows to "defend the new water law against every repeal".')
    assert any(q.cue is not None and q.cue.startswith("defend") for q in quotes)


def test_evidence_that_cannot_speak_bears_out_no_quote(nlp):
    for text in ("The debate suggested that the governor would lose the primary in March.",
                 "The videos show that the crowd was peaceful until the police arrived."):
        assert _quotes(nlp, text) == []


def test_a_poll_or_document_stays_a_source(nlp):
    quotes = _quotes(nlp, "The poll showed that the senator was trailing by six points.")
    assert [(q.text, q.speaker) for q in quotes] == [("the senator was trailing by six points", "The poll")]


def test_speech_verb_with_a_subject_that_cannot_speak_credits_no_one(nlp):
    quotes = _quotes(nlp, "The debate said that the governor would lose the primary.")
    assert [(q.text, q.speaker, q.mention) for q in quotes] == [("the governor would lose the primary", None, "The debate")]


def test_people_and_shares_of_people_keep_their_credit(nlp):
    for text, speaker in (("Voters said that the economy mattered more than anything else.", "Voters"),
                          ("The tycoon said that the tower would open next spring.", "The tycoon")):
        quotes = _quotes(nlp, text)
        assert [q.speaker for q in quotes] == [speaker], text
    quotes = _quotes(nlp, "Fifty percent of voters said that the economy mattered most.")
    assert quotes and quotes[0].speaker is not None
