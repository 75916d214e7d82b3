"""Each rule on drafts written for it, starting with the examples in its docstring."""

from __future__ import annotations

import pytest
from check_helpers import reference_of, run_rules

from audit.check.reference import Reference
from audit.check.rules import RULES, examples


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_docstring_examples(nlp, rule) -> None:
    """The bad example of every rule gives a finding of that rule, the good one none."""
    ex = examples(rule)
    ref = reference_of(*ex.reference)
    bad = run_rules(nlp, ex.bad, ref, rule.id)
    good = run_rules(nlp, ex.good, ref, rule.id)
    assert [f.rule for f in bad] == [rule.id], bad
    assert good == []
    # the bad example of unattributed-quote drops a known attribution: its own severity
    assert bad[0].severity == rule.defaults.get("known_speaker_severity", rule.severity)
    assert bad[0].hint == rule.hint


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_metadata(rule) -> None:
    assert rule.id and rule.severity in {"error", "warning", "info"}
    assert rule.hint.endswith(".") and "\n" not in rule.hint
    assert rule.summary()


DANNATT = ("Richard Dannatt", "The Ukrainians have done remarkably well and the Russian army is in disarray.")


def test_misquote_message_shows_word_diff(nlp) -> None:
    text = 'Lord Dannatt said: "The Ukrainians have done extremely well and the Russian army is in disarray."'
    [f] = run_rules(nlp, text, reference_of(DANNATT), "misquote")
    assert "[-remarkably-] {+extremely+}" in f.message
    assert f.extra["statement_id"] == "st1"
    assert (f.line, f.col) == (1, 21)


@pytest.mark.parametrize(
    "quote",
    [
        "the Russian army is in disarray",  # a fragment
        "The Ukrainians have done remarkably well ... the Russian army is in disarray.",  # elision
        "The Ukrainians have done remarkably well and [Moscow's] army is in disarray.",  # insertion in brackets
        "the ukrainians have done remarkably well, and the Russian army is in disarray",  # cosmetic
    ],
)
def test_faithful_renderings_are_not_misquotes(nlp, quote: str) -> None:
    text = f'Lord Dannatt said: "{quote}."'
    assert run_rules(nlp, text, reference_of(DANNATT), "misquote") == []


def test_a_word_changed_from_every_translation_is_a_warning(nlp) -> None:
    text = 'Lord Dannatt said: "The Ukrainians have done extremely well and the Russian army is in disarray."'
    [f] = run_rules(nlp, text, reference_of(DANNATT, translated=True), "misquote")
    assert f.severity == "warning" and "translated words" in f.message
    faithful = 'Lord Dannatt said: "The Ukrainians have done remarkably well and the Russian army is in disarray."'
    assert run_rules(nlp, faithful, reference_of(DANNATT, translated=True), "misquote") == []


def test_misattribution_needs_a_different_speaker(nlp) -> None:
    text = 'Vladimir Putin said: "The Ukrainians have done remarkably well and the Russian army is in disarray."'
    [f] = run_rules(nlp, text, reference_of(DANNATT), "misattribution", "misquote")
    assert f.rule == "misattribution"
    assert "Richard Dannatt" in f.message and "Putin" in f.message
    both = reference_of(DANNATT, ("Vladimir Putin", DANNATT[1]))
    assert run_rules(nlp, text, both, "misattribution") == []


def test_unattributed_quote_names_the_known_speaker(nlp) -> None:
    text = 'The front collapsed. "The Russian army is in disarray and its morale is collapsing."'
    ref = reference_of(("Richard Dannatt", "The Russian army is in disarray and its morale is collapsing."))
    [f] = run_rules(nlp, text, ref, "unattributed-quote")
    assert "Richard Dannatt" in f.message


def test_short_scare_quotes_are_not_unattributed(nlp) -> None:
    text = 'Moscow held a so-called "referendum" in the occupied east.'
    assert run_rules(nlp, text, Reference(), "unattributed-quote") == []


def test_unverified_quote_with_empty_reference(nlp) -> None:
    text = 'Lord Dannatt said: "The war will be over by Christmas."'
    [f] = run_rules(nlp, text, Reference(), "unverified-quote")
    assert f.severity == "info"


def test_anonymous_source_with_reason_passes(nlp) -> None:
    bad = '"The retreat was ordered in a panic," a senior official said.'
    good = '"The retreat was ordered in a panic," said a senior official, who was not authorised to speak publicly.'
    [f] = run_rules(nlp, bad, Reference(), "anonymous-source")
    assert f.col == bad.index("a senior official") + 1
    assert run_rules(nlp, good, Reference(), "anonymous-source") == []


@pytest.mark.parametrize(
    ("printed", "fails"),
    [
        ("about 1,160 square miles", False),  # converted and rounded: agrees
        ("3,000 square kilometres", False),
        ("almost 2,000 square miles", True),
        ("300 square kilometres", True),
    ],
)
def test_number_mismatch_converts_units(nlp, printed: str, fails: bool) -> None:
    ref = reference_of(("Ministry of Defence", "Ukrainian forces have recaptured 3,000 square kilometres of territory."))
    text = f'The Ministry of Defence said that "Ukrainian forces have recaptured" {printed} of territory.'
    found = run_rules(nlp, text, ref, "number-mismatch")
    assert bool(found) is fails
    if fails:
        assert found[0].col == text.index(printed) + 1


def test_loaded_cue_with_ground_in_reference(nlp) -> None:
    text = 'Lord Dannatt admitted: "The Russian army is in disarray."'
    ref = reference_of(("Richard Dannatt", "The Russian army is in disarray."), cues=("admitted",))
    assert run_rules(nlp, text, ref, "loaded-cue") == []
    [f] = run_rules(nlp, text, reference_of(("Richard Dannatt", "The Russian army is in disarray.")), "loaded-cue")
    assert f.col == text.index("admitted") + 1


def test_a_cue_that_lowers_the_sourcing_score_is_a_loaded_cue_for_the_check_too(nlp) -> None:
    """One list of loaded cues (``audit.lang.cues``): "slammed" lowered an article's sourcing
    score while the check's own shorter list let a draft through with it."""
    from audit.lang.cues import cue_lemma, loaded_lemma

    assert [cue_lemma(c) for c in ("slammed", "has admitted", "told", "alleging")] == ["slam", "admit", "tell", "allege"]
    assert loaded_lemma("said") is None
    text = 'Lord Dannatt slammed: "The Russian army is in disarray."'
    [f] = run_rules(nlp, text, reference_of(("Richard Dannatt", "The Russian army is in disarray.")), "loaded-cue")
    assert "attack" in f.message


@pytest.mark.parametrize(
    ("quote", "faithful"),
    [
        ("fighting continues around the cities of Kupiansk and Izyum", True),  # another romanisation
        ("The already limited trust deployed troops have in Russia's senior military lea", True),  # cut mid-word
        ("fighting continues around the cities of Kupiansk and Kherson", False),  # another place
        ("The already limited trust deployed troops have in Russia's senior army leadership", False),
    ],
)
def test_name_spellings_and_cuts_are_not_misquotes(quote: str, faithful: bool) -> None:
    from audit.check.rules.misquote import compare

    reference = ("Russia has withdrawn units, but fighting continues around the cities of Kupiansk and Izium."
                 if "Kupiansk" in quote else
                 "The already limited trust deployed troops have in Russia's senior military leadership is likely to deteriorate further.")
    assert compare(quote, reference, True)[0] is faithful
