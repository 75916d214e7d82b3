"""Wording drift classes and word diffs, on renderings modelled on real coverage."""

from __future__ import annotations

import pytest

from audit.score.drift import classify, diff_ops, drift, words

RESTORE = ("They know that they've had a significant reverse on the battlefield, so they're lashing out in "
           "other ways to try to restore their position.")
TWEET = ("Russia is pursuing a deliberate misinformation strategy as it seeks to deflect blame for food insecurity "
         "issues, discredit Ukraine and minimise opposition to its invasion.")


@pytest.mark.parametrize(
    "root, text, kind, expected",
    [
        (RESTORE, RESTORE, "direct", "exact"),
        (RESTORE, RESTORE.replace("'", "’"), "direct", "cosmetic"),
        (TWEET, TWEET.replace("minimise", "minimize").rstrip("."), "indirect", "cosmetic"),
        ("around 30% has been supplied", "around 30 per cent has been supplied", "direct", "cosmetic"),
        ("the food-insecurity issues", "the food insecurity issues", "direct", "cosmetic"),
        ("fighting continues around Kupiansk and Izium.", "fighting continues around Kupyansk and Izyum.", "direct",
         "cosmetic"),
        ("the town of Kharkiv", "the town of Kherson", "direct", "altered"),  # a different place, not a spelling
        (RESTORE, "significant reverse", "mixed", "truncated"),
        ("Putin's claim is not true.", "Putin’s claim is not true. According to UN figures, around 30% has been "
         "supplied.", "direct", "cosmetic"),  # runs on into the next statement
        ("keep the pressure up", "keep the pressure up on Russia. And more.", "mixed", "altered"),
        ("Putin's claim is not true. According to UN figures, around 30% has been supplied.",
         "Putin's claim is not true ... around 30% has been supplied", "direct", "truncated"),
        (RESTORE, RESTORE.replace("try to", "try and"), "direct", "altered"),
        (TWEET, "to deflect blame for food security issues.", "mixed", "altered"),
        ("keep the pressure up", "keep the pressure up on Russia", "mixed", "altered"),
        ("Russia has likely withdrawn units from the area", "Russia had probably withdrawn its units from the area",
         "indirect", "paraphrase"),
    ],
)
def test_classify(root: str, text: str, kind: str, expected: str) -> None:
    assert classify(root, text, kind) == expected


def test_altered_diff_shows_the_changed_word_only() -> None:
    d = drift(RESTORE, RESTORE.replace("try to", "try and").replace("'", "’"), "direct")
    assert d.variant == "altered"
    assert d.diff == "… ways to try [-to-] {+and+} restore their position."


def test_cosmetic_diff_shows_what_was_printed_differently() -> None:
    d = drift(RESTORE, RESTORE.replace("they've", "they’ve"), "direct")
    assert d.variant == "cosmetic" and "[-they've-] {+they’ve+}" in d.diff


def test_truncation_diff_elides_long_deletions() -> None:
    d = drift(TWEET, "deliberate misinformation strategy", "mixed")
    assert d.variant == "truncated"
    assert d.diff == "[-Russia is pursuing a-] deliberate misinformation strategy [-as it seeks … to its invasion.-]"


def test_exact_has_no_diff_and_ops_cover_both_texts() -> None:
    assert drift(RESTORE, RESTORE, "direct").diff == ""
    ops = diff_ops("a b c", "a x c")
    assert ops == [("equal", "a"), ("delete", "b"), ("insert", "x"), ("equal", "c")]


def test_words_normalise_marks_case_and_spelling() -> None:
    assert words("There’s “Defence” – colour, 30%") == ["there's", "defense", "color", "30", "percent"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The harbour's senior engineering lea", "truncated"),  # the page stops inside "leadership"
        ("The harbour's senior engineering le", "truncated"),
        ("ship is likely to hold", "truncated"),  # an excerpt that starts inside a word
        ("The harbour's senior engineering leaders", "altered"),  # a whole other word, not a cut one
    ],
)
def test_a_rendering_cut_inside_a_word_is_a_truncation(text: str, expected: str) -> None:
    root = "The harbour's senior engineering leadership is likely to hold."
    assert classify(root, text, "direct") == expected
