"""Quote marks of other languages, repaired marks and pull quotes (``marks.py``), end to end."""

from __future__ import annotations

import pytest

from audit.extract import extract
from audit.extract.marks import paragraphs, quote_spans


def _spans(text: str) -> list[str]:
    return [text[sp.start:sp.end] for sp in quote_spans(text) if sp.depth == 0]


@pytest.mark.parametrize(
    "text, words",
    [
        ("The mayor wrote: „Wir bleiben hier“, and left.", "Wir bleiben hier"),
        ("The mayor said : « Nous resterons ici », then left.", "Nous resterons ici"),
        ("The mayor said: «Nous resterons ici», then left.", "Nous resterons ici"),
        ("The mayor wrote: »Wir bleiben hier«. Then she left.", "Wir bleiben hier"),
        ("The sign read 「私たちはここにいる」 in black paint.", "私たちはここにいる"),
        ("The mayor wrote ‹nous restons› on the board.", "nous restons"),
    ],
)
def test_quote_marks_of_other_languages(text: str, words: str) -> None:
    assert _spans(text) == [words]


def test_german_single_low_marks_nest_in_a_quote() -> None:
    text = "She wrote: „Er sagte ‚nein‘ und ging.“"
    spans = quote_spans(text)
    assert [(text[sp.start:sp.end], sp.depth) for sp in spans] == [("Er sagte ‚nein‘ und ging.", 0), ("nein", 1)]


def test_missing_opening_mark_at_paragraph_start(nlp) -> None:
    text = 'The council met on Monday.\n\nWe will not give up on this town," the mayor said.'
    (q,) = [q for q in extract(text, nlp=nlp) if q.kind == "direct"]
    assert q.text.rstrip(",") == "We will not give up on this town"
    assert q.mention == "the mayor"


def test_missing_opener_needs_closing_punctuation() -> None:
    """A mark after a plain word is not taken for a quote's end (inches, a stray glyph)."""
    assert _spans('The pipe was 12" wide and rusted through.') == []


def test_closing_mark_alone_on_a_line_closes_the_quote() -> None:
    text = "The mayor said “we will rebuild every street.\n”\nThe council met later."
    spans = quote_spans(text)
    assert [text[sp.start:sp.end] for sp in spans] == ["we will rebuild every street."]
    assert not any(sp.continued for sp in spans)


def test_all_caps_pull_quote_line_is_a_quote(nlp) -> None:
    text = ("The mayor Anna Berg promised on Monday that the town would be rebuilt, and she urged residents to stay.\n\n"
            "“WE WILL REBUILD EVERY STREET OF THIS TOWN”\n\n"
            "Berg was speaking at the town hall.")
    assert any(p.prose for p in paragraphs(text)[1:2])
    (q,) = [q for q in extract(text, nlp=nlp) if q.kind == "direct"]
    assert q.text == "WE WILL REBUILD EVERY STREET OF THIS TOWN"
    assert q.speaker == "Anna Berg"


def test_a_title_case_headline_stays_out() -> None:
    assert _spans("Mayor Says Town Will Be ‘Rebuilt’ Within A Year") == []


def test_paragraph_printed_twice_is_read_twice(nlp) -> None:
    para = "“We will rebuild every street of this town,” the mayor said on Monday."
    quotes = [q for q in extract(f"{para}\n\n{para}", nlp=nlp) if q.kind == "direct"]
    assert len(quotes) == 2


def test_fragment_over_two_sentences_keeps_its_cue(nlp) -> None:
    text = ('The harbour master finally stressed that "the town rises above every storm. '
            'We must stand together for we have no time to lose."')
    (q,) = extract(text, nlp=nlp)
    assert (q.kind, q.cue, q.mention) == ("mixed", "stressed", "The harbour master")


HEADLINES = ("‘We will rebuild every street’ – Mayor Anna Berg on the harbour fire\n\n"
             "Berg Says Harbour Will Be ‘Open All Winter’\n\n"
             "The ‘Heroes’ Of The Harbour Honoured At A Ceremony\n\n"
             "Title: Berg Vows To ‘Rebuild Every Street’\n\n"
             "Mayor Anna Berg spoke to reporters at the harbour on Monday.\n")


def test_headline_quotes_need_the_headline_to_name_the_source(nlp) -> None:
    found = {q.text: q for q in extract(HEADLINES, nlp=nlp) if q.paragraph < 4}
    assert found["We will rebuild every street"].kind == "direct"
    assert found["We will rebuild every street"].speaker == "Anna Berg"
    assert found["Open All Winter"].kind == "mixed"
    assert found["Open All Winter"].mention == "Berg"
    assert "Heroes" not in found  # scare quotes: the headline names no source
    assert "Rebuild Every Street" not in found  # a ``Label:`` line is not a source before a colon


def test_headline_source_after_a_verb_of_saying(nlp) -> None:
    text = "Harbour needs ‘more and more’ boats, says Anna Berg\n\nThe harbour master spoke on Monday.\n"
    (q,) = [q for q in extract(text, nlp=nlp) if q.paragraph == 0]
    assert (q.text, q.kind, q.speaker) == ("more and more", "mixed", "Anna Berg")


def test_long_line_cut_short_is_still_prose(nlp) -> None:
    """A stored excerpt that stops mid-word, or a wire sign-off, leaves a long paragraph with no
    final full stop: it is prose all the same."""
    text = ("The harbour master said the council would pay for every boat lost in the storm and for the repairs "
            "to the quay, which could take until the spring to finish if the weather stays as bad as it was betwee")
    (q,) = extract(text, nlp=nlp)
    assert q.kind == "indirect" and q.cue == "said"


def test_cue_in_the_middle_of_the_sentence_reports_all_of_it(nlp) -> None:
    text = "The boats had been there, she added, since the harbour was closed by the council in 2019."
    (q,) = extract(text, nlp=nlp)
    assert q.cue == "added"
    assert q.text.startswith("The boats had been there") and q.text.endswith("closed by the council in 2019")


def test_all_caps_fragment_is_a_quote_not_a_title(nlp) -> None:
    text = 'The mayor said the protesters had called the plan "A DISGRACE FOR THIS TOWN".'
    (q,) = [q for q in extract(text, nlp=nlp) if q.kind == "mixed"]
    assert q.text == "A DISGRACE FOR THIS TOWN"


def test_sentence_case_line_without_full_stop_is_prose(nlp) -> None:
    """A stored page that lost a paragraph's full stop still holds a sentence: read it as prose."""
    text = ("The harbour reopened on Monday after a week of storms.\n\n"
            "She added that the council expects most of the fishing boats to be back at sea by the spring\n\n"
            "Repairs to the quay began on Tuesday.")
    (q,) = [q for q in extract(text, nlp=nlp) if q.cue == "added"]
    assert q.kind == "indirect" and q.text.startswith("the council expects")


def test_sentence_case_headline_keeps_its_headline_reading(nlp) -> None:
    text = "Up to 300 boats lost in the harbour storm - Mayor Anna Berg\n\nThe storm hit the town on Monday.\n"
    (q,) = [q for q in extract(text, nlp=nlp) if q.paragraph == 0]
    assert (q.kind, q.speaker, q.text) == ("indirect", "Anna Berg", "Up to 300 boats lost in the harbour storm")


def test_quote_after_a_colon_missing_its_closing_mark_runs_to_the_paragraph_end() -> None:
    text = "The mayor went on: “We will rebuild the quay. Every boat will have its berth again.\n\nThe council met later."
    assert [text[sp.start:sp.end] for sp in quote_spans(text)] == [
        "We will rebuild the quay. Every boat will have its berth again."]


def test_stray_opener_inside_a_sentence_still_swallows_nothing() -> None:
    text = "The pipe was 12“ wide and the mayor said it would be replaced.\n\nThe council met later."
    assert quote_spans(text) == []


def test_sentence_case_headline_quotes_a_name_not_speech(nlp) -> None:
    text = "Harbour storm: 'Sea Queen' moves but the date of her release is still unknown\n\nThe storm hit on Monday.\n"
    assert [q for q in extract(text, nlp=nlp) if q.paragraph == 0] == []


def test_quotation_cut_short_at_the_article_end_is_read(nlp) -> None:
    text = "“The quay will be ready by May,” the mayor Anna Berg said.\n\n“With the boats we will have in pla\n"
    quotes = [q for q in extract(text, nlp=nlp) if q.kind == "direct"]
    assert [q.text for q in quotes] == ["The quay will be ready by May,", "With the boats we will have in pla"]
    assert quotes[1].speaker == "Anna Berg"
