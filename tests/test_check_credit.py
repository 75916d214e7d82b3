"""Issue 26: credits a draft gives beyond one sentence's speaker, word-level comparison of
short quotes, translations, and a store's renderings. Sentences written for the tests;
the statements are the bundled reference's (the seed story) or invented."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from check_helpers import run_rules

from audit.check.reference import Reference, Statement
from audit.config import reference_dir
from audit.extract import extract
from audit.match import match
from audit.model import Article
from audit.store import Store

REGROUP = "It was decided to regroup the Russian forces stationed near Balakleya and Izyum to boost efforts in the Donetsk direction."
REVERSE = ("They know that they've had a significant reverse on the battlefield, so they're lashing out in other ways "
           "to try to restore their position.")


@pytest.fixture(scope="module")
def bundled() -> Reference:
    return Reference.load(reference_dir())


def errors(findings) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in findings if f.severity == "error"]


@pytest.mark.parametrize(
    "text",
    [
        f'Russian Defence Ministry spokesman Igor Konashenkov said: "{REGROUP}"',
        f'"{REGROUP}" Igor Konashenkov, a spokesman for the Russian Defence Ministry, said.',
    ],
    ids=["body-before", "body-after"],
)
def test_a_spokesperson_speaks_for_the_body_named_with_them(nlp, bundled, text: str) -> None:
    assert errors(run_rules(nlp, text, bundled)) == []


def test_a_spokesperson_of_another_body_is_still_a_misattribution(nlp, bundled) -> None:
    text = f'Ukrainian Defence Ministry spokesman Oleh Marchuk said: "{REGROUP}"'
    assert errors(run_rules(nlp, text, bundled)) == [("misattribution", 1)]


@pytest.mark.parametrize("cue", ["He continued:", "He went on:", "He added:"])
def test_a_continuation_carries_the_speaker_named_before(nlp, bundled, cue: str) -> None:
    text = f'Lord Dannatt said the retreat had been chaotic.\n\n{cue} "{REVERSE}"'
    assert errors(run_rules(nlp, text, bundled)) == []


def test_a_continuation_of_the_wrong_speaker_is_a_misattribution(nlp, bundled) -> None:
    text = f'Vladimir Putin spoke to officials on Friday.\n\nHe continued: "{REVERSE}"'
    assert errors(run_rules(nlp, text, bundled)) == [("misattribution", 3)]


def test_a_description_is_the_role_holder_named_earlier_in_the_story(nlp, bundled) -> None:
    text = ('Lord Dannatt has followed the war closely.\n\n'
            f'Speaking from London, the former Chief of the General Staff said: "{REVERSE}"')
    assert errors(run_rules(nlp, text, bundled)) == []


def test_a_description_that_fits_the_speaker_is_no_misattribution(nlp, bundled) -> None:
    assert errors(run_rules(nlp, f'The former army chief said: "{REVERSE}"', bundled)) == []


def test_groups_are_a_sourcing_note_and_a_named_body_is_on_record(nlp, bundled) -> None:
    group = run_rules(nlp, '"Nobody slept through the night," residents said.', bundled)
    assert [(f.rule, f.severity) for f in group if f.rule != "unverified-quote"] == [("group-source", "info")]
    body = run_rules(nlp, '"The shop stays open all week," a spokesman for the bakery said.', bundled)
    assert not any(f.rule == "anonymous-source" for f in body)
    hidden = run_rules(nlp, '"The retreat was ordered in a panic," a senior official said.', bundled)
    assert any(f.rule == "anonymous-source" for f in hidden)


@pytest.mark.parametrize(
    "text",
    ['Lord Dannatt said: "We are witnessing some extraordinary scenes."',
     'Dannatt said the Russian units had "pretty much turned and ran".'],
    ids=["long-swapped-word", "fragment"],
)
def test_one_word_swapped_in_a_short_quote_is_a_misquote(nlp, bundled, text: str) -> None:
    assert errors(run_rules(nlp, text, bundled, "misquote")) == [("misquote", 1)]


def test_a_kept_frame_with_swapped_key_words_is_a_warning(nlp, bundled) -> None:
    text = ('Lord Dannatt said: "They know that they\'ve suffered a humiliating defeat on the battlefield, '
            'so they\'re lashing out wherever they can to save face."')
    found = run_rules(nlp, text, bundled)
    assert [(f.rule, f.severity) for f in found] == [("misquote", "warning")]
    new_words = 'Lord Dannatt said: "We are witnessing a turning point in this war."'
    assert not any(f.rule == "misquote" for f in run_rules(nlp, new_words, bundled))


def test_a_word_changed_in_a_translated_statement_is_a_warning(nlp, bundled) -> None:
    text = ('Ramzan Kadyrov said: "If today or tomorrow changes are not made in the conduct of the special military '
            'operation, I will be compelled to go to the country\'s leadership to explain to them the situation on the ground."')
    [f] = run_rules(nlp, text, bundled, "misquote")
    assert f.severity == "warning" and "[-forced-] {+compelled+}" in f.message


# -- a store's renderings ------------------------------------------------------------------

WIRES = [
    ("Wire A", 'Mayor Ruth Adeyemi said: "The old bridge will close in May so we can try to rebuild it safely."'),
    ("Wire B", 'Ruth Adeyemi said: "The old bridge will close in May so we can try to rebuild it safely."'),
    ("Wire C", 'Mayor Ruth Adeyemi said: "The old bridge will close in May so we can try and rebuild it safely."'),
    ("Wire D", 'Mayor Ruth Adeyemi said: "The ferry will run every hour. The old bridge will close in May for good."'),
]


@pytest.fixture
def store_path(nlp, tmp_path: Path) -> Path:
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        for i, (outlet, text) in enumerate(WIRES):
            article = Article(text=text, source=f"wire{i}.txt", outlet=outlet, published=date(2024, 3, i + 1))
            store.add_article(article, extract(text, nlp=nlp))
        match(store)
    return path


def test_a_quote_following_any_rendering_is_faithful_and_the_evidence_is_the_most_printed(nlp, store_path: Path) -> None:
    with Reference.load(None, store_path) as ref:
        ok = 'Ruth Adeyemi said: "The old bridge will close in May so we can try and rebuild it safely."'
        assert run_rules(nlp, ok, ref, "misquote") == []
        [f] = run_rules(nlp, 'Ruth Adeyemi said: "The old bridge will shut in May so we can try to rebuild it safely."', ref, "misquote")
        assert "try to rebuild" in f.extra["reference"]


def test_the_verified_wording_wins_over_an_outlets_copy(nlp, store_path: Path) -> None:
    verified = Statement("adeyemi-bridge", "The old bridge will close in May so we can try to rebuild it safely.",
                         speaker="ruth-adeyemi", speaker_name="Ruth Adeyemi")
    with Reference.load(None, store_path) as store:
        ref = Reference([verified], con=store.con)
        assert run_rules(nlp, 'Ruth Adeyemi said: "The old bridge will close in May so we can try to rebuild it safely."', ref, "misquote") == []
        [f] = run_rules(nlp, 'Ruth Adeyemi said: "The old bridge will close in May so we can try and rebuild it safely."', ref, "misquote")
        assert f.extra["statement_id"] == "adeyemi-bridge" and "[-to-] {+and+}" in f.message


def test_one_sentence_of_a_longer_rendering_is_that_sentence_whole(nlp, store_path: Path) -> None:
    with Reference.load(None, store_path) as ref:
        [matches] = ref.lookup(["The ferry will run every hour."])
        assert matches and matches[0].specificity.coverage == 1.0
