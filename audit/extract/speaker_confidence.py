"""How likely a quote's speaker is right: a calibrated number per quote.

A speaker found as the named subject of a cue verb in the quote's own sentence is almost
always right; one carried over from an earlier paragraph, a pronoun with several persons
before it, or a description nobody in the article is named by, much less often. Each quote
gets the evidence of how its speaker was found (:class:`Evidence`), and a logistic model
over that evidence (:data:`WEIGHTS`) turns it into ``Quote.speaker_confidence``, a
probability that the credited speaker said the words.

The weights were fitted by ``bench/speaker_confidence.py fit`` on data the project may fit on
(the ever-given-2021 story, the Kharkiv crossoutlet texts and the seed article: is the speaker
id the gold speaker's), never on PolNeAR, whose texts state no licence (it is only measured on);
its reliability table on held-out data (the beirut-2020 story, PolNeAR dev) is in
``docs/speakers.md``. Findings may weigh a quote by it; this module never changes who the
speaker is.

No spaCy import at module level: the store reads :func:`stored_confidence_sql` to migrate
old files.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

from audit.lang.words import THIRD_PERSON_PRONOUNS

if TYPE_CHECKING:  # pragma: no cover - typing only
    from spacy.tokens import Doc

    from audit.extract.resolve import ArticleSpeakers
    from audit.model import Quote

EVIDENCE_KEY = "speaker_evidence"
"""``doc.user_data`` key under which :func:`assign` leaves each quote's evidence (in quote
order, as plain dicts of :class:`Evidence`'s fields: a ``Doc`` crossing to or from a parsing
worker is serialised with msgpack, which takes no dataclasses), for the fitting script."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """How a quote's speaker was found; each field one categorical feature.

    The distance from mention to quote and the number of persons a pronoun could have meant
    were features while PolNeAR was fitted on; the data the project may fit on cannot
    estimate them (nearly every mention there is in its quote's sentence), and a 10-fold
    cross-validation on it (December 2026) scored the model without them no worse: log-loss
    0.299 against 0.304 with them. So they are not read.
    """

    form: str
    """The mention: ``name``, ``description``, ``pronoun`` or ``none`` (no mention)."""
    how: str
    """The syntax that credited it: ``cue`` (subject of a cue verb or noun), ``according``
    ("according to X"), ``label`` (a transcript's "NAME:"), ``continued`` (an earlier quote's
    speaker carried over), ``passage`` (a report continued without a cue), ``headline``,
    ``none``."""
    resolved: str
    """``registry`` (a registry speaker), ``named`` (an id from a name), ``vague`` (an
    anonymous or generic credit), ``none`` (no speaker id)."""

    def features(self) -> list[str]:
        """The one-hot feature names the weights are keyed by (``field=value``)."""
        return [f"form={self.form}", f"how={self.how}", f"resolved={self.resolved}"]


WEIGHTS: dict[str, float] = {
    "bias": 1.285,
    "form=description": -0.744,
    "form=name": 0.618,
    "form=none": -0.504,
    "form=pronoun": 0.63,
    "how=according": 0.365,
    "how=continued": 0.59,
    "how=cue": 0.362,
    "how=headline": -0.812,
    "how=none": -0.504,
    "resolved=named": 0.471,
    "resolved=none": -1.366,
    "resolved=registry": 1.789,
    "resolved=vague": -0.894,
}
"""Logistic weights per feature (``Evidence.features``; absent features, such as ``how=label``
or ``how=passage`` which the fitting data never shows, weigh 0), fitted on 8 December 2026 by
``python bench/speaker_confidence.py fit ../shared/data/stories/ever-given-2021
../shared/data/crossoutlet/texts ../shared/data/seed`` (179, 65 and 20 matched quotes, each
counted once; ridge ``L2`` = 1, the cross-validated optimum of ``bench/speaker_confidence.py cv``),
with the speaker rules of issue 24's fourth round. No PolNeAR text or annotation went into them."""

FORM_RATES: dict[str, float] = {"name": 0.949, "description": 0.639, "pronoun": 0.966, "none": 0.0}
"""The share of right speakers per mention form on the same fitting data and by the same
command: what quotes stored before speaker confidence existed read (the store's v6 migration)."""




def probability(evidence: Evidence) -> float:
    """The calibrated probability that the speaker found this way is right."""
    z = WEIGHTS.get("bias", 0.0) + sum(WEIGHTS.get(f, 0.0) for f in evidence.features())
    return round(1.0 / (1.0 + math.exp(-z)), 3)


def assign(quotes: list[Quote], doc: Doc, speakers: ArticleSpeakers) -> list[Quote]:
    """``quotes`` with ``speaker_confidence`` set; the evidence is left on
    ``doc.user_data[EVIDENCE_KEY]`` in the same order."""
    found = [evidence(q, doc, speakers) for q in quotes]
    doc.user_data[EVIDENCE_KEY] = [asdict(e) for e in found]
    return [replace(q, speaker_confidence=probability(e)) for q, e in zip(quotes, found, strict=True)]


def evidence(quote: Quote, doc: Doc, speakers: ArticleSpeakers) -> Evidence:
    """How ``quote``'s speaker was found (see :class:`Evidence`)."""
    if quote.mention_start is None or quote.mention_end is None:
        return Evidence("none", _how(quote), _resolved(quote, speakers))
    span = doc.char_span(quote.mention_start, quote.mention_end, alignment_mode="expand")
    return Evidence(_form(span), _how(quote), _resolved(quote, speakers))


def _form(span) -> str:
    """The mention's form, read from the parse: a one-word pronoun, a name (a proper noun or a
    person or organisation entity that is not only an office), else a description."""
    from audit.extract.resolve import PRONOUN_WORDS, _office_word

    if span is None or not len(span):
        return "none"
    if len(span) == 1 and span[0].lower_ in PRONOUN_WORDS:
        return "pronoun"
    if any((t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG")) and not _office_word(t) for t in span):
        return "name"
    return "description"


def _how(quote: Quote) -> str:
    """The syntax that credited the speaker, told by the cue and by the extraction confidence
    each way of attributing a quote records (``audit.extract.component``)."""
    from audit.extract import component as c

    if quote.speaker is None and quote.cue is None:
        return "none"
    if quote.confidence == c.CONF_HEADLINE:
        return "headline"
    if quote.confidence == c.CONF_PASSAGE:
        return "passage"
    if quote.confidence == c.CONF_INHERITED or (quote.confidence == c.CONF_CONTINUED and quote.kind == "direct"):
        return "continued"
    cue = (quote.cue or "").strip().lower()
    if cue == ":":
        return "label"
    if cue.startswith("according"):
        return "according"
    return "cue" if cue else "none"


def _resolved(quote: Quote, speakers: ArticleSpeakers) -> str:
    if quote.speaker_id is None:
        return "none"
    if quote.speaker_kind in ("anonymous", "generic"):
        return "vague"
    registry = speakers.registry
    return "registry" if registry is not None and registry.get(quote.speaker_id) is not None else "named"


def stored_confidence_sql() -> str:
    """A SQL expression over a stored quote's ``mention`` giving :data:`FORM_RATES` of its
    form: what quotes stored before v6 read as their speaker confidence."""
    pronouns = ", ".join(f"'{p}'" for p in sorted(THIRD_PERSON_PRONOUNS))
    return (f"CASE WHEN mention IS NULL OR trim(mention) = '' THEN {FORM_RATES['none']} "
            f"WHEN lower(trim(mention)) IN ({pronouns}) THEN {FORM_RATES['pronoun']} "
            f"WHEN regexp_matches(trim(mention), '\\s[A-Z]') OR regexp_matches(trim(mention), '^[A-Z]\\S*$') "
            f"THEN {FORM_RATES['name']} "
            f"ELSE {FORM_RATES['description']} END")

