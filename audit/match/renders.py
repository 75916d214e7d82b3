"""Whether a text renders a statement: the one pair scorer, and a named threshold per purpose.

Four stages ask whether a text (a draft's quote, a statement's root, a linked member) renders a statement,
each for its own purpose and so at its own threshold, all here:

==========================  ============================================  =============================
purpose                     scorer                                        threshold
==========================  ============================================  =============================
lexical matching            ``audit.match.verify.score_pairs`` (vectorised  ``verify.FULL_MIN`` and the
                            over candidate pairs: ratio, part, token set,   regimes' own (``verify``)
                            speaker bonus)
a draft against the store   the same (``audit.match.lookup``), so a draft   :data:`STORE_LOOKUP_MIN`
                            finds what ``match`` would have attached        (the lexical one)
a draft against the         :func:`render_score`                            :data:`CHECK_CANDIDATE_MIN`
reference (``audit check``)                                                 (a candidate);
                                                                            :data:`CHECK_RENDERS_MIN` (the
                                                                            rules: it renders one);
                                                                            :data:`CHECK_OTHER_SPEAKER_MIN`
                                                                            (another speaker's words)
verified wording            :data:`WHOLE_SCORER` / :data:`PART_SCORER`      :data:`VERIFIED_WHOLE_MIN`,
(``audit.score.verified``)  (a root as a whole, or as part of a longer      :data:`VERIFIED_PART_MIN`
                            verified text of the same speaker)
an excerpt of a later       :func:`render_score` (part only)               :data:`EXCERPT_MIN`
sentence (``link.lead``)
==========================  ============================================  =============================

:func:`render_score` is the one scorer of a single pair: a text shorter than the statement is scored by its
best-aligned window (``partial_ratio``: printing part of what was said is rendering it), a text as long or
longer by edit distance (``ratio``). The thresholds differ because the purposes do: a candidate for the check's
rules to weigh (low, the rules decide), an original wording that would turn faithful renderings into misquotes
if wrong (high), an excerpt word for word or with a word changed (high).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from audit.match.verify import FULL_MIN

WHOLE_SCORER = fuzz.ratio
"""A text scored as the whole of the statement: edit distance over characters of the normalised texts (0-100)."""
PART_SCORER = fuzz.partial_ratio
"""A text scored as part of the statement: its best-aligned window of the statement (0-100)."""

STORE_LOOKUP_MIN = FULL_MIN
"""Score a draft quote needs for ``audit.match.lookup`` to report it as rendering a store statement: the lexical
matcher's own, so a draft is found exactly when ``match`` would have attached it."""
CHECK_CANDIDATE_MIN = 70.0
"""Score (0-100) below which ``audit check`` does not return a statement as a candidate at all (from the reference
or the store); each rule applies its own, higher threshold on top."""
CHECK_RENDERS_MIN = 80.0
"""Similarity (0-100) from which ``audit check``'s rules take a quote to render a reference statement (with words
distinctive enough, ``audit.check.rules.base.QuoteContext.renders``); below it the quote is another utterance (and
may be ``unverified-quote``). An editor may change it per rule (``threshold``)."""
CHECK_OTHER_SPEAKER_MIN = 90.0
"""Similarity (0-100) a quote needs to another speaker's statement before ``audit check`` says the draft credits the
wrong person (``misattribution``); higher than :data:`CHECK_RENDERS_MIN` because the claim is stronger."""
VERIFIED_WHOLE_MIN = 90.0
"""Similarity (0-100, :data:`WHOLE_SCORER` of normalised texts) from which a verified text is taken as a store
statement's original wording; high, because a wrong original would turn faithful renderings into misquotes."""
VERIFIED_MAX_LENGTH_GAP = 0.1
"""A whole match also needs lengths within this share of each other: a root that runs on into the next sentence
is not that sentence's original, however similar."""
VERIFIED_PART_MIN = 85.0
"""A long root (``audit.score.verified.VERIFIED_PARTIAL_MIN_WORDS``) that is part of a longer verified text of the
same speaker at this :data:`PART_SCORER` score takes that text as its original."""
EXCERPT_MIN = 90.0
"""Score (0-100, :func:`render_score` as a part) of a member against one sentence of its root from which the member
is an excerpt of that sentence (100: word for word; an altered excerpt, a word changed or a bracket added, scores a
little less)."""
EXCERPT_SLACK = 3
"""An excerpt is scored as a part when it is shorter than its sentence plus this many characters (up to two
longer: a closing bracket or the sentence's own stop kept with it)."""
EXCERPT_MAX_GROWTH = 0.1
"""How much longer than its sentence (share of the sentence's normalised length, on top of :data:`EXCERPT_SLACK`) an
excerpt may be: an altered excerpt may add a word ("they just seem to feel" for "they seemed to feel", Beirut's
generals sentence, the story this was chosen on). A rendering running into the next sentence is far longer than that
and stays with the whole quotation."""


def render_score(text_norm: str, statement_norm: str, *, part_slack: int = 0, whole: bool = True) -> tuple[float, bool]:
    """Similarity 0-100 of a normalised text to a normalised statement, and whether it was scored as a part:
    a text shorter than the statement (by fewer than ``part_slack`` characters longer, for a purpose that
    allows an excerpt a trailing character or two) is scored by :data:`PART_SCORER`; a longer one by
    :data:`WHOLE_SCORER`, or 0 when ``whole`` is off (a purpose that asks for a part only)."""
    if len(text_norm) < len(statement_norm) + part_slack:
        return PART_SCORER(text_norm, statement_norm), True
    return (WHOLE_SCORER(text_norm, statement_norm) if whole else 0.0), False
