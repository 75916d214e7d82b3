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


TRANSCRIPT = (
    "The harbour master Anna Berg told the council on Monday that the harbour would stay open.\n\n"
    "MAYOR KARL HOLM: Thank you all for coming out on such a cold night.\n\n"
    "We have a lot of ground to cover before the winter.\n\n"
    "ANNA BERG (through translator): The harbour will stay open all winter.\n\n"
    "The ferries will keep their timetable, and the fishing boats too.\n\n"
    "MAYOR KARL HOLM: Thank you, we will vote next week.\n"
)


def test_translator_note_is_not_part_of_the_label(nlp):
    (q,) = [q for q in extract(TRANSCRIPT, nlp=nlp) if q.text.startswith("The harbour will")]
    assert (q.mention, q.cue, q.kind) == ("ANNA BERG", ":", "direct")
    assert TRANSCRIPT[q.cue_start:q.cue_end] == ":"


def test_transcript_turn_continues_over_unlabelled_paragraphs(nlp):
    quotes = {q.text: q for q in extract(TRANSCRIPT, nlp=nlp) if q.kind == "direct"}
    assert quotes["We have a lot of ground to cover before the winter."].mention == "MAYOR KARL HOLM"
    assert quotes["The ferries will keep their timetable, and the fishing boats too."].mention == "ANNA BERG"


def test_two_labels_are_no_transcript(nlp):
    text = ("Elizabeth Warren: Donald Trump Is a Proven Failure in Business\n\n"
            "The senator spoke in Boston for an hour.\n\n"
            "Bernie Sanders: The System Is Rigged Against Workers\n")
    assert [q.text for q in extract(text, nlp=nlp) if q.text.startswith("The senator")] == []


def test_interview_answers_are_the_interviewee_s_questions_nobody_s(nlp):
    text = ("The harbour master Anna Berg told the Gazette on Monday that the harbour would stay open.\n\n"
            "Q: Will the harbour stay open through the winter?\n\n"
            "A: It will stay open all winter, every single day.\n\n"
            "Q: And what about the ferries?\n\n"
            "A: They keep their timetable.\n\n"
            "We checked every boat ourselves last week.\n\n"
            "Q: Thank you for your time.\n")
    quotes = [q for q in extract(text, nlp=nlp) if q.kind == "direct"]
    assert [q.text for q in quotes] == ["It will stay open all winter, every single day.", "They keep their timetable.",
                                        "We checked every boat ourselves last week."]
    assert {q.speaker for q in quotes} == {"Anna Berg"}


def test_words_after_a_cue_s_colon_without_marks(nlp):
    text = ("The harbour master spoke on Monday.\n\n"
            "She added: What happened this winter will not happen again. Those responsible will answer for it.\n")
    (q,) = [q for q in extract(text, nlp=nlp) if q.cue == "added"]
    assert q.kind == "indirect"
    assert q.text == "What happened this winter will not happen again. Those responsible will answer for it"


def test_lower_case_words_after_a_colon_are_not_a_quotation(nlp):
    """A lower-case run after the colon is a list or a phrase, not a quotation."""
    text = "The harbour master said on Monday: more boats, more staff and more money for the port.\n"
    assert extract(text, nlp=nlp) == []


def test_report_continues_over_back_shifted_sentences(nlp):
    text = ("The auditor Anna Berg said that, on reviewing the records, the first payments appeared normal. "
            "The treasurer had then left the meeting early. The deputy would not say a word about it. "
            "The council met again on Friday.")
    quotes = extract(text, nlp=nlp)
    passage = [q for q in quotes if q.text == "The treasurer had then left the meeting early."]
    assert len(passage) == 1 and passage[0].speaker == "Anna Berg" and passage[0].confidence == 0.5
    assert not any(q.text.startswith("The council met") for q in quotes)  # the reporter's own narration
