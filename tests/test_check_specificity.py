"""Specificity before similarity: stock phrases are nobody's words, a reference's own
topical words count for less, and the resolver decides who is the same speaker."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from check_helpers import reference_of, run_rules

from audit.check.reference import Reference, Statement
from audit.check.specificity import EVIDENCE, Specificity, align, information
from audit.lang.frequency import background_idf, content_words
from audit.lang.normalise import normalise

STOCK = ["we will win", "it is not true", "more and more", "the situation on the ground",
         "some incredible scenes", "a significant reverse", "the team played well today"]


@pytest.mark.parametrize("phrase", STOCK)
def test_stock_phrases_are_never_specific_enough_to_hold_against_someone(phrase: str) -> None:
    words = content_words(normalise(phrase))
    spec = Specificity(tuple(dict.fromkeys(words)), information(words, None))
    assert not spec.enough("other") and not spec.enough("none")


def test_a_distinctive_clause_is_specific() -> None:
    words = align(normalise("Russia has likely withdrawn units from the area, but fighting continues around Kupiansk"),
                  normalise("Russia has likely withdrawn units from the area, but fighting continues around the strategically important cities of Kupiansk and Izium."))
    assert words[:3] == ["russia", "likely", "withdrawn"] and "kupiansk" in words
    assert Specificity(tuple(words), information(words, None)).enough("other")


def test_background_reads_normalised_words_and_figures() -> None:
    assert background_idf("the") < background_idf("council") < background_idf("disarray")
    assert background_idf("raize") == pytest.approx(background_idf("raize"))  # "raise" as normalised
    assert background_idf("raize") < background_idf("zzqx")
    assert background_idf("24") < background_idf("60000")


def test_words_topical_in_the_reference_count_for_less() -> None:
    """"council" in many reference statements is weak evidence; in one it is not."""
    many = Reference(Statement(f"s{i}", f"The council met about item {i}.", "x") for i in range(40))
    one = Reference([Statement("s0", "The council met about item 0.", "x")])
    assert information(["council"], many.frequencies(["council"])) < information(["council"], one.frequencies(["council"]))


SAYING = ("Ramzan Kadyrov", "I will be forced to go to the country's leadership to explain to them the situation on the ground.")


@pytest.mark.parametrize(
    "draft",
    [
        'The coach said "the situation on the ground" had changed since Monday.',
        '"We will win," the captain said.',
        '"It is not true," said a spokesman for the bakery.',
    ],
)
def test_stock_phrases_give_no_error(nlp, draft: str) -> None:
    ref = reference_of(SAYING, ("Richard Dannatt", "But we will win through, they will not break our spirit."),
                       ("Ministry of Defence", "Putin's claim is not true."))
    assert [f for f in run_rules(nlp, draft, ref) if f.severity == "error"] == []


def test_same_person_under_another_title_is_no_misattribution(nlp) -> None:
    ref = reference_of(("Councillor Tom Briggs", "The pothole fund goes up to 4.2 million pounds, paid for by selling the old depot."))
    assert run_rules(nlp, 'Cllr Briggs said: "The pothole fund goes up to 4.2 million pounds, paid for by selling the old depot."', ref) == []
    [f] = run_rules(nlp, 'Ann Reed said: "The pothole fund goes up to 4.2 million pounds, paid for by selling the old depot."', ref, "misattribution")
    assert "Councillor Tom Briggs" in f.message and "pothole fund" in f.message  # names and wording, no ids
    assert "st1" not in f.message and f.extra["statement_id"] == "st1"


def test_misattribution_needs_a_single_other_speaker(nlp) -> None:
    words = "The pothole fund goes up to 4.2 million pounds, paid for by selling the old depot."
    ref = reference_of(("Tom Briggs", words), ("Ann Reed", words))
    assert run_rules(nlp, f'Joe Bloggs said: "{words}"', ref, "misattribution") == []


def test_a_statement_reporting_the_speaker_is_no_misattribution(nlp) -> None:
    ref = reference_of(("Ministry of Defence", "On 7 September, President Putin said that only 60,000 tonnes of the grain had been sent to developing countries."))
    draft = 'Vladimir Putin said "only 60,000 tonnes of the grain had been sent to developing countries".'
    assert run_rules(nlp, draft, ref, "misattribution") == []


def test_unattributed_severity_is_configurable(nlp) -> None:
    ref = reference_of(("Tom Briggs", "The pothole fund goes up to 4.2 million pounds, paid for by selling the old depot."))
    draft = 'Money is tight. "The pothole fund goes up to 4.2 million pounds, paid for by selling the old depot."'
    [f] = run_rules(nlp, draft, ref, "unattributed-quote")
    assert f.severity == "error" and "Tom Briggs" in f.message
    [f] = run_rules(nlp, draft, ref, "unattributed-quote", table={"rules": {"unattributed-quote": {"known_speaker_severity": "warning"}}})
    assert f.severity == "warning"
    [f] = run_rules(nlp, 'Money is tight. "Nobody on the committee has read the new plan yet."', ref, "unattributed-quote")
    assert f.severity == "warning"


def test_store_word_frequencies_come_from_a_sample(nlp, tmp_path: Path) -> None:
    """A word in many store statements is estimated common; the store is not written."""
    from audit.extract import extract
    from audit.match import match
    from audit.model import Article
    from audit.store import Store

    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        said = ["Every pothole reported this winter has been logged by our inspectors",
                "Drivers keep telling me the pothole outside the school is dangerous",
                "We cannot promise that a pothole will be fixed the same day",
                "The pothole budget was cut twice before I arrived",
                "Cyclists are the ones most at risk from a deep pothole after dark"]
        for i, words in enumerate(said):
            text = f'Councillor Ann Reed said: "{words}."\n'
            store.add_article(Article(text=text, source=f"a{i}.txt", outlet="Gazette", published=date(2026, 1, i + 1)), extract(text, nlp=nlp))
        match(store)
    before = path.stat().st_mtime
    with Reference.load(None, path) as ref:
        freqs = ref.frequencies(["pothole", "zebra"])
    assert freqs.size >= 5 and freqs.df.get("pothole", 0) >= 5 and "zebra" not in freqs.df
    assert path.stat().st_mtime == before
    assert EVIDENCE["other"].min_info > EVIDENCE["none"].min_info > EVIDENCE["same"].min_info


def test_speaker_named_just_before_the_quote_is_no_dropped_attribution(nlp) -> None:
    ref = reference_of(("Tom Briggs", "The pothole fund goes up to 4.2 million pounds, paid for by selling the old depot."))
    draft = 'Tom Briggs was blunt about the roads. "The pothole fund goes up to 4.2 million pounds, paid for by selling the old depot."'
    found = run_rules(nlp, draft, ref, "unattributed-quote")
    assert [f.severity for f in found] in ([], ["warning"])  # extraction may credit him; never an error
