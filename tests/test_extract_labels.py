"""Speaker labels opening a line: transcripts (``PENCE: ...``) and ``Name: words`` headlines."""

from __future__ import annotations

from audit.extract import extract


def test_transcript_label_is_the_speaker(nlp):
    text = "PENCE: Well, I think the whole nation needs to work together.\n"
    quotes = [q for q in extract(text, nlp=nlp) if q.cue == ":"]
    assert len(quotes) == 1
    q = quotes[0]
    assert (q.mention, q.kind) == ("PENCE", "direct")
    assert q.text == "Well, I think the whole nation needs to work together"


def test_headline_name_colon_words(nlp):
    text = "Elizabeth Warren: Donald Trump Is a Proven Failure in Business\n\nShe spoke on Saturday."
    (q,) = [q for q in extract(text, nlp=nlp) if q.cue == ":"]
    assert q.mention == "Elizabeth Warren"
    assert q.text == "Donald Trump Is a Proven Failure in Business"
    assert q.speaker_kind == "person"


def test_section_labels_are_not_speakers(nlp):
    text = "UPDATE: The story was changed on Monday morning.\n\nCORRECTION: An earlier version misspelled a name."
    assert [q for q in extract(text, nlp=nlp) if q.cue == ":"] == []


def test_sentence_ending_in_a_colon_is_not_a_label(nlp):
    text = "The senator told reporters in Washington on Monday: the bill will pass next week."
    assert [q for q in extract(text, nlp=nlp) if q.cue == ":"] == []
