"""Reported speech that round two of issue 25 added: headline reports without quote marks,
and the clause forms of prose (sentences written for these tests)."""

from __future__ import annotations

import pytest

from audit.extract import extract

BODY = "\n\nMayor Anna Berg spoke to reporters at the harbour on Monday after the storm.\n"


def _headline(text: str, nlp) -> list:
    return [q for q in extract(text + BODY, nlp=nlp) if q.paragraph == 0]


@pytest.mark.parametrize(
    "headline, words",
    [
        ("Up to 4,000 homes left without power after the storm - Mayor Anna Berg", "Up to 4,000 homes left without power after the storm"),
        ("Harbour Needs New Walls Or Will Flood Again, Says Mayor Anna Berg", "Harbour Needs New Walls Or Will Flood Again"),
        ("Mayor Anna Berg says two possible causes of the flood", "two possible causes of the flood"),
    ],
)
def test_headline_report_names_its_source(headline: str, words: str, nlp) -> None:
    (q,) = _headline(headline, nlp)
    assert (q.text, q.kind, q.speaker) == (words, "indirect", "Anna Berg")


@pytest.mark.parametrize(
    "headline",
    [
        "Storm damage across the harbour - live",  # a section word after a dash is no source
        "Anna Berg vows help to the harbour, calls for calm",  # a vow's object is an act, not words
        "Storm leaves harbour in ruins",
    ],
)
def test_headline_without_a_source_reports_nothing(headline: str, nlp) -> None:
    assert _headline(headline, nlp) == []


def test_verb_of_saying_ends_a_headline_name(nlp) -> None:
    (q,) = _headline("Berg Describes The Storm As A ‘Terrible Blow’ To The Town", nlp)
    assert (q.text, q.kind) == ("Terrible Blow", "mixed")


def test_clause_cut_before_an_appended_quoted_phrase(nlp) -> None:
    text = ("Mayor Anna Berg said the old sea wall had given way in the night, causing “a flood in every street” "
            "near the harbour.\n")
    found = {q.text: q.kind for q in extract(text, nlp=nlp)}
    assert found["the old sea wall had given way in the night"] == "indirect"
    assert found["a flood in every street"] == "mixed"


def test_clause_around_a_quoted_word_is_told_by_the_fragment(nlp) -> None:
    text = "Mayor Anna Berg said the “reckless” builders of the sea wall would pay for the repairs.\n"
    assert [(q.text, q.kind) for q in extract(text, nlp=nlp)] == [("reckless", "mixed")]


@pytest.mark.parametrize(
    "sentence, words",
    [
        ("Mayor Anna Berg called upon the residents to stay calm during the repairs.",
         "the residents to stay calm during the repairs"),
    ],
)
def test_calling_upon_reports_who_is_called_to_do_what(sentence: str, words: str, nlp) -> None:
    (q,) = extract(sentence + "\n", nlp=nlp)
    assert (q.text, q.kind, q.speaker) == (words, "indirect", "Anna Berg")


@pytest.mark.parametrize(
    "line",
    [
        "  • Date: 12-Jan-2020",  # a hyphen inside a word is no separator, a field label no report
        'Mayor Anna Berg added there would be "some long-term effects',  # a quote cut short
    ],
)
def test_field_lines_and_cut_quotes_are_no_headline_reports(line: str, nlp) -> None:
    """(A sentence-case line cut short is read as prose: its cue, not a headline form, reports it.)"""
    assert [q for q in _headline(line, nlp) if q.kind == "indirect" and q.cue is None] == []


def test_according_to_opening_a_sentence_reports_all_after_its_comma(nlp) -> None:
    text = ("According to Harbour Master Anna Berg, the storm that flooded the lower town on Tuesday evening was "
            "caused by a rare shift of 40 degrees in the winds.\n")
    (q,) = extract(text, nlp=nlp)
    assert q.text.startswith("the storm that flooded") and q.text.endswith("in the winds")
    assert q.kind == "indirect"


@pytest.mark.parametrize("joined", ["and she would seek", "and that she would seek"])
def test_clause_joined_to_a_quoted_one_is_reported_too(joined: str, nlp) -> None:
    text = (f"Mayor Anna Berg told angry residents in the old town that the money would not go to “greedy builders” "
            f"{joined} a new deal with the harbour board.\n")
    found = {q.text: q for q in extract(text, nlp=nlp)}
    assert found["greedy builders"].kind == "mixed"
    (clause,) = [q for t, q in found.items() if t.endswith("a new deal with the harbour board")]
    assert (clause.kind, clause.speaker) == ("indirect", "Anna Berg")



def test_but_that_reports_a_second_claim(nlp) -> None:
    """``said X, but that Y``: a contrasting second ``that`` clause is a quote of its own, whether
    the parser hangs it on the cue verb or on the first clause; ``X and that Y`` stays one report."""
    texts = ("The harbour master said the quay was safe again, but that the fishing boats would wait a week.",
             "The company said it was trying to free the boat as soon as possible, but that moving it was hard.")
    for text in texts:
        quotes = [q.text for q in extract(text, nlp=nlp) if q.kind == "indirect"]
        assert len(quotes) == 2 and not any("but" in q.split() for q in quotes), quotes
    text = "The mayor told reporters that the port was losing money and that 300 boats were waiting to enter."
    assert [q.text for q in extract(text, nlp=nlp)] == [
        "the port was losing money and that 300 boats were waiting to enter"]


def test_but_that_hung_deep_in_the_first_clause(nlp) -> None:
    text = ("He said they could not lay out a set timetable for when the boat might be freed but that he "
            "remained hopeful that a dredging operation could free the boat.")
    assert [q.text for q in extract(text, nlp=nlp) if q.cue == "said"] == [
        "they could not lay out a set timetable for when the boat might be freed",
        "he remained hopeful that a dredging operation could free the boat"]


def test_reported_clause_ends_before_an_appended_adding(nlp) -> None:
    text = ("The mayor pointed out that hard work and patience are among the reasons for success, adding, "
            "“We will build a stronger quay.”")
    (q,) = [q for q in extract(text, nlp=nlp) if q.cue == "pointed"]
    assert (q.kind, q.text) == ("indirect", "hard work and patience are among the reasons for success")


def test_trailing_cue_read_as_a_conjunct_reports_the_clause_before(nlp) -> None:
    text = "A total of 300 boats may be stuck in the harbour for a week, an assessment by the port authority indicated."
    (q,) = extract(text, nlp=nlp)
    assert (q.kind, q.cue, q.text) == ("indirect", "indicated", "A total of 300 boats may be stuck in the harbour for a week")
    assert extract("The boats left the harbour, the storm came and the mayor stayed at home.", nlp=nlp) == []


def test_headline_source_after_a_possessor(nlp) -> None:
    headline = "Norway's Anna Berg says harbour will reopen before the winter storms"
    (q,) = [q for q in _headline(headline, nlp) if q.kind == "indirect"]
    assert (q.text, q.speaker) == ("harbour will reopen before the winter storms", "Anna Berg")


def _indirect_p(text: str, nlp) -> float:
    from audit.extract.speech import speech_probability

    (q,) = [q for q in extract(text, nlp=nlp) if q.kind == "indirect"]
    return speech_probability(q.text, q.kind, q.cue, q.speaker_kind, q.mention, q.confidence)


def test_reports_of_thinking_wanting_topics_and_denials_are_less_speech(nlp) -> None:
    """What someone thinks or wants, the topic of their words and what they did not say are
    attributions, kept as quotes, but ranked below what they said."""
    said = _indirect_p("The harbour master said the quay would be rebuilt by May.", nlp)
    assert said >= 0.9
    for text in ("The harbour master believes the quay would be rebuilt by May.",
                 "The harbour master wants to rebuild the quay by the end of May.",
                 "The harbour master talked about the new quay and its costs at length.",
                 "The harbour master did not say that the quay would be rebuilt by May."):
        assert _indirect_p(text, nlp) <= 0.55, text


def test_inside_a_quote_only_relayed_words_of_someone_are_reports(nlp) -> None:
    """Inside someone's quote, ``he told me that`` relays another's words (a nested quote); ``they do
    not want``, ``anybody thinks`` are the quoted speaker's own talk, no quote of theirs."""
    told = ('Mark Fox, the mayor, visited the harbour on Monday. "He told me that the bridge would close next '
            'week," said Jane Roe, a council member.')
    (inner,) = [q for q in extract(told, nlp=nlp) if q.kind == "indirect"]
    assert (inner.text, inner.speaker) == ("the bridge would close next week", "Mark Fox")
    for text in ('Local traders met the council on Monday. "They do not want to listen to anybody else," said '
                 'Jane Roe, a council member.',
                 '"Anybody who looks thinks the plan will work," said Jane Roe, a council member.'):
        assert [q.kind for q in extract(text, nlp=nlp)] == ["direct"], text


def test_pronoun_report_inside_a_report_is_no_second_quote(nlp) -> None:
    """``said he wants to X``: the inner ``to X`` is already in the outer report, by the same holder."""
    quotes = extract("The senator said he wants to expand the rules to cover hedge funds.", nlp=nlp)
    assert [q.text for q in quotes] == ["he wants to expand the rules to cover hedge funds"]
    quotes = extract("The senator said Anna Berg wants to expand the rules to cover hedge funds.", nlp=nlp)
    assert len(quotes) == 2  # a named holder inside the report is a report of its own


def test_but_that_read_as_a_determiner_still_opens_a_second_claim(nlp) -> None:
    """The parser may take ``that`` after ``but`` for the next noun's determiner."""
    from spacy.tokens import Doc

    from audit.extract.component import _opens_with_that

    words = ["he", "hoped", "so", ",", "but", "that", "winds", "were", "slowing", "it"]
    heads = [1, 1, 1, 1, 1, 6, 8, 8, 1, 8]
    deps = ["nsubj", "ROOT", "advmod", "punct", "cc", "det", "nsubj", "aux", "conj", "dobj"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    assert _opens_with_that(doc[8])
    doc = Doc(nlp.vocab, words=["but", "winds", "were", "slowing"], heads=[3, 3, 3, 3], deps=["cc", "nsubj", "aux", "ROOT"])
    assert not _opens_with_that(doc[3])


def test_cue_set_off_before_the_verb_reports_the_whole_clause(nlp) -> None:
    text = "For the first time in years, Anna Berg said, the harbour had made a profit."
    (q,) = extract(text, nlp=nlp)
    assert (q.kind, q.cue, q.speaker) == ("indirect", "said", "Anna Berg")
    assert q.text == "For the first time in years, Anna Berg said, the harbour had made a profit"


def test_surname_label_opening_a_headline_when_the_text_names_the_person(nlp) -> None:
    text = ("Berg: Harbour Must Decide Soon On Its New Walls\n\n"
            "Mayor Anna Berg said on Monday that the council should choose quickly.")
    head = [q for q in extract(text, nlp=nlp) if q.paragraph == 0]
    assert [(q.text, q.speaker) for q in head] == [("Harbour Must Decide Soon On Its New Walls", "Anna Berg")]
    text = "Poll: Harbour Walls Split The Town\n\nA poll of 900 residents found the town divided."
    assert [q for q in extract(text, nlp=nlp) if q.paragraph == 0] == []


def test_calling_someone_something_reports_the_pronoun_and_its_predicate(nlp) -> None:
    (q,) = extract("The mayor went after the builder, calling him a total failure.", nlp=nlp)
    assert (q.kind, q.cue, q.text) == ("indirect", "calling", "him a total failure")
    assert extract("The council endorsed her on Monday.", nlp=nlp) == []


def test_telling_someone_to_act_reports_the_infinitive_as_asking_does(nlp) -> None:
    for verb in ("told", "asked"):
        (q,) = extract(f"The mayor {verb} the builder to stop the work on the quay.", nlp=nlp)
        assert (q.kind, q.cue, q.text) == ("indirect", verb, "to stop the work on the quay")
