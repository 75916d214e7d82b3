"""Rule ``unattributed-quote``: words in quote marks that nobody is credited with."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from audit.check.rules.base import Hit, QuoteContext, Rule, word_count
from audit.check.rules.misquote import MISQUOTE_MIN_SCORE

UNATTRIBUTED_MIN_WORDS = 3
"""Shorter quoted fragments are usually titles or scare quotes ("so-called 'referendum'"),
not reported speech."""


class UnattributedQuote(Rule):
    """A quote with no speaker.

    A reader cannot judge words nobody is credited with. When the reference knows who
    said them, the message names the speaker.

    Reference::

        Richard Dannatt: The Russian army is in disarray and its morale is collapsing.

    Bad::

        The front line moved forty miles in a week. "The Russian army is in disarray and its morale is collapsing."

    Good::

        The front line moved forty miles in a week. "The Russian army is in disarray and its morale is collapsing," Lord Dannatt said.
    """

    id = "unattributed-quote"
    severity = "warning"
    hint = "Say who said it (name and cue), or drop the quote marks if these are the draft's own words."
    defaults = {"min_words": UNATTRIBUTED_MIN_WORDS, "threshold": MISQUOTE_MIN_SCORE}

    def check(self, ctx: QuoteContext, settings: Mapping[str, Any]) -> Iterator[Hit]:
        quote = ctx.quote
        if quote.kind == "indirect" or quote.speaker or quote.speaker_id or quote.speaker_kind != "unknown":
            return
        if quote.nested_in is not None or word_count(quote.text) < settings["min_words"]:
            return
        known = next((m for m in ctx.matches if m.score >= settings["threshold"]), None)
        said_by = f"; the reference credits these words to {known.statement.label}" if known else ""
        yield Hit(
            f"quote has no speaker{said_by}",
            quote.start,
            quote.end,
            {"statement_id": known.statement.statement_id} if known else {},
        )
