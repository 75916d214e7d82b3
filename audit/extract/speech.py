"""Is an extracted span someone's speech, or a term, name or title in quote marks?

Outlets put quote marks around far more than speech: names ("the Clinton Foundation"),
titles of works and programmes, coined terms and scare quotes ("so-called 'reforms'").
The extractor keeps such spans (a reader may want to see them as quoted terms), but a
span that is not speech must not drive a link between outlets or a finding against one.
:func:`speech_probability` gives the chance that a span is speech from what the
extractor already knows about it, cheaply (no parse): its kind, its cue's class (for a
reported clause: speech, stance, belief, intention) and the extractor's doubt about the
report, whether a speech cue and a speaker were found, how many words it holds, whether its words are capitalised like a
name or title, and whether it ends like a sentence.

The factors, each a named constant below, are coarse on purpose: they rank spans (a
ten-word clause credited with "said" above a two-word capitalised span with no cue); the
findings' ``CONFIRM_AT`` threshold, chosen on one story and reported on others
(``docs/scoring.md``), turns the ranking into a decision.
"""

from __future__ import annotations

import re

from audit.extract.cues import (
    BELIEF_VERBS,
    CUE_CONFIDENCE,
    INTENTION_VERBS,
    SPEECH_VERBS,
    STANCE_VERBS,
    cue_lemma,
)

SPEECH_CONFIDENCE = CUE_CONFIDENCE[0][1]
"""The graded lexicon's confidence of a speech verb (``sources.SPEECH_CONFIDENCE``, not imported: this
module stays free of spaCy)."""

SPEECH_BY_LENGTH: tuple[tuple[int, float], ...] = ((2, 0.3), (4, 0.6), (7, 0.85))
"""(at most this many words, probability) for a span in quote marks; longer spans take
``SPEECH_LONG``. Two words in marks are mostly a term or a scare quote; four are often a
fragment of speech; a clause of eight or more words in marks is nearly always speech."""

SPEECH_LONG = 0.95

SPEECH_INDIRECT = 0.9
"""A reported clause was found as the complement of a speech cue, so it is speech by
construction; its doubt is in its span, not its nature."""

INDIRECT_BY_CUE: tuple[tuple[frozenset[str], float], ...] = (
    (SPEECH_VERBS, SPEECH_INDIRECT),
    (STANCE_VERBS, 0.6),
    (BELIEF_VERBS, 0.5),
    (INTENTION_VERBS, 0.4),
)
"""Speech probability of a reported content by its cue's class (first class holding the cue's
lemma wins; cues in none, nouns and ``according to``, report words: ``SPEECH_INDIRECT``).
What someone thinks, wants or does is an attribution (PolNeAR annotates it) but no speech: a
reader judging PolNeAR quotes found the not-speech indirect spans were these. A stance
(``endorsed``, ``praised``) is a public act, half the time said in words."""

REPORT_CONFIDENCE = SPEECH_CONFIDENCE
"""The extraction confidence of a plain reported clause of a cue in no graded class. A stored
indirect quote's confidence below its cue class's (``cues.CUE_CONFIDENCE``) says the extractor
doubted the report (a negated cue, a noun phrase for content: ``cues.NEGATED_REPORT``,
``cues.TOPIC_ONLY``; a headline or a passage carried past its cue's sentence), and scales its
speech probability down alike."""

NAME_LIKE = 0.15
"""A short span whose every content word is capitalised and which does not end like a
sentence: a name or title in quote marks ("The Art of the Deal")."""

NAME_LIKE_MAX_WORDS = 6

NO_CREDIT = 0.7
"""Factor for a span in quote marks with neither a cue nor a resolved speaker: a bare
quoted phrase in the reporter's narration is more often a term than speech."""

_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,]*")
_MINOR = frozenset("a an the of and or for in on at to by with from de la le van von der al el".split())
_SENTENCE_END = re.compile(r"[.!?\u2026]['\"\u201d\u2019)\]]*\s*$")


def _name_like(words: list[str], text: str) -> bool:
    content = [w for w in words if w.lower() not in _MINOR]
    return (bool(content) and len(words) <= NAME_LIKE_MAX_WORDS and not _SENTENCE_END.search(text)
            and all(w[0].isupper() or w[0].isdigit() for w in content) and not text.isupper())


def speech_probability(text: str, kind: str | None, cue: str | None = None, speaker_kind: str | None = None,
                       mention: str | None = None, confidence: float | None = None) -> float:
    """Probability that a span is speech (module docstring); ``confidence`` is the extractor's
    for the quote, read for indirect ones only (``REPORT_CONFIDENCE``)."""
    words = _WORD_RE.findall(text or "")
    if not words:
        return 0.0
    if kind == "indirect":
        lemma = cue_lemma(cue or "")
        p = next((prob for verbs, prob in INDIRECT_BY_CUE if lemma in verbs), SPEECH_INDIRECT)
        if confidence is not None:
            expected = next((conf for verbs, conf in CUE_CONFIDENCE if lemma in verbs), REPORT_CONFIDENCE)
            p *= min(1.0, max(0.0, float(confidence)) / expected)
        return p
    if len(words) > 1 and _name_like(words, text.strip()):
        p = NAME_LIKE
    else:
        p = next((prob for most, prob in SPEECH_BY_LENGTH if len(words) <= most), SPEECH_LONG)
    credited = bool(cue) or (speaker_kind not in (None, "unknown") and bool(mention))
    return p if credited else p * NO_CREDIT
