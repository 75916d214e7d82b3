"""Rule ``loaded-cue``: a reporting verb that takes sides, with no ground in the reference."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from audit.check.rules.base import Hit, QuoteContext, RenderingRule
from audit.lang.cues import LOADED_CUES, loaded_lemma


class LoadedCue(RenderingRule):
    """A loaded reporting verb ("admitted", "claimed", "insisted") the reference gives no ground for.

    "Said" reports; "admitted" and "claimed" judge. Use a loaded verb only when the
    reference itself reports the words that way (its statement lists the cue, or the
    wire copy in the store used it). Info by default.

    Reference::

        Richard Dannatt: The Russian army is in disarray.

    Bad::

        Lord Dannatt admitted: "The Russian army is in disarray."

    Good::

        Lord Dannatt said: "The Russian army is in disarray."
    """

    id = "loaded-cue"
    severity = "info"
    hint = "Use a neutral verb such as 'said', unless the source material supports the judgement."

    def check(self, ctx: QuoteContext, settings: Mapping[str, Any]) -> Iterator[Hit]:
        quote = ctx.quote
        stem = loaded_lemma(quote.cue or "")
        if stem is None:
            return
        grounds = [m for m in self.rendered(ctx, settings) if any(loaded_lemma(c) == stem for c in m.statement.cues)]
        if grounds:
            return
        start, end = (quote.cue_start, quote.cue_end) if quote.cue_start is not None and quote.cue_end is not None else (quote.start, quote.end)
        yield Hit(
            f"'{quote.cue}' {LOADED_CUES[stem]}; the reference gives no ground for it",
            start,
            end,
            {"cue": quote.cue},
        )
