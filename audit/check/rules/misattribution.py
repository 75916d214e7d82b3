"""Rule ``misattribution``: the words are on record, but from someone else."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from audit.check.rules.base import Hit, QuoteContext, Rule
from audit.check.rules.misquote import MISQUOTE_MIN_SCORE

MISATTRIBUTION_MIN_SCORE = 90.0
"""Similarity (0-100) a quote needs to another speaker's statement before the draft is
said to credit the wrong person; higher than ``misquote`` because the claim is stronger."""


class Misattribution(Rule):
    """Words credited to one speaker that the reference gives to another.

    Fires when the quote matches a statement of a different speaker closely and no
    statement of the credited speaker at all. Look-alike speakers (the UK Ministry of
    Defence and the Russian Defence Ministry) are the usual cause.

    Reference::

        Ministry of Defence: Russian forces are likely to face further setbacks in the coming weeks.

    Bad::

        Vladimir Putin said: "Russian forces are likely to face further setbacks in the coming weeks."

    Good::

        The Ministry of Defence said: "Russian forces are likely to face further setbacks in the coming weeks."
    """

    id = "misattribution"
    severity = "error"
    hint = "Credit the words to the speaker the reference gives, or check the source again."
    defaults = {"threshold": MISATTRIBUTION_MIN_SCORE, "same_speaker_threshold": MISQUOTE_MIN_SCORE}

    def check(self, ctx: QuoteContext, settings: Mapping[str, Any]) -> Iterator[Hit]:
        quote = ctx.quote
        if any(m.score >= settings["same_speaker_threshold"] and ctx.same(m) for m in ctx.matches):
            return
        other = next((m for m in ctx.matches if m.score >= settings["threshold"] and ctx.same(m) is False), None)
        if other is None:
            return
        st = other.statement
        credited = quote.speaker or quote.mention or quote.speaker_id
        yield Hit(
            f"credited to {credited}, but the reference gives these words to {st.label} "
            f"({st.statement_id}, {other.score:.0f}% similar)",
            quote.start,
            quote.end,
            {"statement_id": st.statement_id, "reference_speaker": st.label, "credited": credited, "score": round(other.score, 1)},
        )
