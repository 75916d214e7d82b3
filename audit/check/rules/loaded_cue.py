"""Rule ``loaded-cue``: a reporting verb that takes sides, with no ground in the reference."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from audit.check.rules.base import Hit, QuoteContext, Rule
from audit.check.rules.misquote import MISQUOTE_MIN_SCORE

LOADED_CUES: dict[str, str] = {
    "admit": "implies the speaker concedes a fault or a fact against them",
    "claim": "casts doubt on the words",
    "insist": "suggests stubbornness against evidence",
    "concede": "implies the speaker gave ground",
    "confess": "implies wrongdoing",
    "boast": "implies vanity",
    "allege": "casts doubt on the words",
}
"""Loaded reporting verbs (by stem) and what each tells the reader beyond "said"."""

_LOADED = re.compile(
    r"\b(admit(?:s|ted|ting)?|claim(?:s|ed|ing)?|insist(?:s|ed|ing)?|conced(?:e|es|ed|ing)"
    r"|confess(?:es|ed|ing)?|boast(?:s|ed|ing)?|alleg(?:e|es|ed|ing))\b",
    re.IGNORECASE,
)


def loaded_stem(cue: str) -> str | None:
    """The ``LOADED_CUES`` key a cue uses, if any ("has admitted" -> "admit")."""
    m = _LOADED.search(cue)
    if m is None:
        return None
    word = m.group(1).lower()
    return next(stem for stem in LOADED_CUES if word.startswith(stem[:5]))


class LoadedCue(Rule):
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
    defaults = {"threshold": MISQUOTE_MIN_SCORE}

    def check(self, ctx: QuoteContext, settings: Mapping[str, Any]) -> Iterator[Hit]:
        quote = ctx.quote
        stem = loaded_stem(quote.cue or "")
        if stem is None:
            return
        grounds = [m for m in ctx.matches if ctx.renders(m, settings["threshold"]) and any(loaded_stem(c) == stem for c in m.statement.cues)]
        if grounds:
            return
        start, end = (quote.cue_start, quote.cue_end) if quote.cue_start is not None and quote.cue_end is not None else (quote.start, quote.end)
        yield Hit(
            f"'{quote.cue}' {LOADED_CUES[stem]}; the reference gives no ground for it",
            start,
            end,
            {"cue": quote.cue},
        )
