"""The targets of issue 14 on drafts written for the tests (``tests/check_corpus.py``):
at least 100 correct drafts give no error at all, and at least 30 drafts with one planted
problem each (misquote, misattribution, unattributed quote, wrong figure) are each found
at their line, with no other error. ``python bench/check.py --eval`` prints the figures."""

from __future__ import annotations

import pytest
from check_corpus import ACCEPTED, PLANTS, correct_drafts, evaluate, planted_drafts


@pytest.fixture(scope="module")
def corpus():
    return correct_drafts(), planted_drafts()


def test_corpus_is_large_and_varied(corpus) -> None:
    correct, planted = corpus
    assert len(correct) >= 100 and len(planted) >= 30
    assert len({d.text for d in correct}) == len(correct)  # no two drafts alike
    assert {d.domain for d in correct} == {"sport", "local", "business", "weather", "courts", "science", "culture"}
    assert {rule for rule, _ in PLANTS} == set(ACCEPTED)
    for d in planted:  # the planted line really is where the draft says
        assert d.text.splitlines()[d.planted[1] - 1] in {line for _, line in PLANTS}


def test_no_false_errors_and_every_plant_found(nlp, corpus) -> None:
    correct, planted = corpus
    scores = evaluate(nlp, correct + planted)
    assert scores.false_errors == []
    assert scores.missed == []
    assert scores.precision() == 1.0 and scores.recall() == 1.0
    assert sum(scores.tp.values()) == len(planted)
