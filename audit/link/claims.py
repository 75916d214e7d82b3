"""Claims, not topics: which quote texts say something a rendering could render.

A statement is a claim: someone says that something is, was or will be so. Reported
speech in real coverage also carries *topics*, the object of a reporting verb without a
predicate of its own: "(he called for) help from the private sector", "(she criticised)
the Obama administration for security lapses", "(the ad attacks) rival Republican
candidates", "Trump and Sen. Marco Rubio". Two topics, or a topic and a claim about it,
share their few content words and sit close in embedding space, and the pair decision
(fitted on renderings of one news story, where nearly every candidate renders some
statement) reads that as one statement.

Measured on PolNeAR (924 real articles of 2015-16 US election coverage, none of it
fitted on): of a random sample of 107 joins the semantic stage made, 30 were right; 30
of the 77 wrong ones had a side without a verb, against 2 of the 30 right ones (tagged
by the project's spaCy pipeline). So a pair the decision accepts links two statements
only when both texts hold a verb (``VERB`` or ``AUX``): a topic can still join by its
exact words (the lexical matcher), never by meaning alone.

Only the texts of accepted pairs are looked at, and a text holding an auxiliary or modal
("is", "was", "will", "would", "has", "can", ...: closed-class words, so the list is
complete) is a claim without tagging; the tagger reads only the rest (on the 20k
synthetic bench, 31 of the 923 texts of accepted pairs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

PREDICATE_POS = frozenset({"VERB", "AUX"})
"""Universal POS tags that make a text a claim ("is", "will", "withdrew", "to build")."""

TAG_BATCH = 512
"""Texts per ``nlp.pipe`` batch."""

AUXILIARIES = frozenset(
    """
    am is are was were be been being has have had having do does did will would shall should
    can could may might must ought isn't aren't wasn't weren't hasn't haven't hadn't doesn't
    don't didn't won't wouldn't shan't shouldn't can't cannot couldn't mustn't
    """.split()
)
"""Auxiliaries and modals: a text holding one has a predicate (``AUX``), with no tagging.
Clitics ("he's", "they'll") are left to the tagger: "'s" is also the possessive."""

_WORD = re.compile(r"[a-z]+(?:['’]t)?")

_UNUSED_PIPES = ("parser", "ner", "lemmatizer", "senter")
"""Pipes of the ``en_core_web_sm`` family that ``Token.pos_`` does not need (it comes from
the tagger and attribute ruler). Excluded at load, not merely disabled: their weights are
never read (load 0.6 s instead of 1.1 s here) and their work never done."""


@lru_cache(maxsize=1)
def _tagger():  # -> spacy.language.Language, typed loosely to keep the import lazy
    import spacy

    from audit.config import default_model
    from audit.extract import ModelNotFound

    name = default_model()
    try:
        return spacy.load(name, exclude=list(_UNUSED_PIPES))
    except OSError as exc:
        raise ModelNotFound(f"the semantic stage needs the spaCy pipeline {name!r} to tell claims from topics; "
                            "install it (see README) or switch the stage off: --no-semantic") from exc


def has_predicate(texts: Sequence[str]) -> np.ndarray:
    """One bool per text: whether it holds a verb (see the module docstring)."""
    out = np.fromiter((_has_auxiliary(t) for t in texts), dtype=bool, count=len(texts))
    rest = np.flatnonzero(~out)
    if len(rest):
        docs = _tagger().pipe([texts[k] for k in rest.tolist()], batch_size=TAG_BATCH)
        out[rest] = np.fromiter((any(t.pos_ in PREDICATE_POS for t in doc) for doc in docs), dtype=bool, count=len(rest))
    return out


def _has_auxiliary(text: str) -> bool:
    """Whether ``text`` holds an auxiliary or modal of :data:`AUXILIARIES` as a word."""
    return any(w.replace("’", "'") in AUXILIARIES for w in _WORD.findall(text.lower()))
