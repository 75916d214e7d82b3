"""Line-wrapped paragraphs read as one line (``marks.wraps``) with offsets into the original text."""

from __future__ import annotations

from audit.extract import extract
from audit.extract.marks import wraps

WRAPPED = (
    "The harbour master spoke to reporters on the quay late on Monday\n"
    "evening, after the last of the ferries had come in. \"We will not close\n"
    "the harbour this winter, whatever the council decides,\" she said, and\n"
    "went back to her office without another word to anyone there.\n"
    "\n"
    "The council meets on Thursday.\n"
)


def test_lower_case_line_continues_the_sentence(nlp) -> None:
    text = 'The harbour master made a promise.\n\n"We will\nnot give up on this town," the harbour master said.'
    (q,) = [q for q in extract(text, nlp=nlp) if q.kind == "direct"]
    assert q.text == text[q.start:q.end] == "We will\nnot give up on this town,"
    assert q.mention == "the harbour master"


def test_hard_wrapped_paragraph_is_one_paragraph(nlp) -> None:
    assert [WRAPPED[i - 4:i] for i in wraps(WRAPPED)] == ["nday", "lose", " and"]
    (q,) = [q for q in extract(WRAPPED, nlp=nlp) if q.kind == "direct"]
    assert q.text == WRAPPED[q.start:q.end]
    assert q.text.replace("\n", " ") == "We will not close the harbour this winter, whatever the council decides,"
    assert q.cue == "said"


def test_headline_over_a_body_line_is_not_joined() -> None:
    text = "Harbour Will Stay Open All Winter\nThe harbour master said on Monday that the harbour would stay open.\n"
    assert wraps(text) == []


def test_list_items_and_labels_keep_their_lines() -> None:
    text = ("The harbour master listed what the council had agreed on Monday:\n"
            "- the harbour stays open through the winter months\n"
            "- the ferries keep their timetable unchanged\n"
            "MAYOR: We agreed all of this on the first day.\n")
    assert wraps(text) == []
