"""Rule ``unverified-quote``: a quote the reference has never seen."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from audit.check.rules.base import Hit, QuoteContext, RenderingRule, word_count
from audit.check.rules.unattributed_quote import UNATTRIBUTED_MIN_WORDS


class UnverifiedQuote(RenderingRule):
    """A quote that matches nothing in the reference.

    Not an error: new reporting has new quotes. It lists what a fact-checker should
    verify by hand before publication (info by default).

    Reference::

        Richard Dannatt: The Ukrainians have done remarkably well.

    Bad::

        Lord Dannatt said: "The war will be over by Christmas."

    Good::

        Lord Dannatt said: "The Ukrainians have done remarkably well."
    """

    id = "unverified-quote"
    severity = "info"
    hint = "Verify the words against a recording or transcript, then add them to reference/statements.toml."
    defaults = {**RenderingRule.defaults, "min_words": UNATTRIBUTED_MIN_WORDS}

    def check(self, ctx: QuoteContext, settings: Mapping[str, Any]) -> Iterator[Hit]:
        quote = ctx.quote
        if quote.kind == "indirect" or word_count(quote.text) < settings["min_words"]:
            return
        if self.rendered(ctx, settings) or any(ctx.rewords(m) for m in ctx.matches):
            return  # verified, or a rewording the misquote rule reports
        yield Hit("quote matches no reference statement", quote.start, quote.end)
