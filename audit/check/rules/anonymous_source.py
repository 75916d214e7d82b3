"""Rule ``anonymous-source``: an unnamed source and no reason given for the anonymity."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from audit.check.credit import body_of_mention, is_group
from audit.check.rules.base import Hit, QuoteContext, Rule

ANONYMITY_REASONS = re.compile(
    r"condition of anonymity|anonymity because|anonymously because|requested anonymity"
    r"|not authori[sz]ed to|(?:asked|declined|refused|wished|wanted) not to be (?:named|identified)"
    r"|(?:asked|declined|refused) to be (?:named|identified)|for fear of|fearing (?:reprisals?|retaliation|for)"
    r"|to protect (?:his|her|their) (?:identity|safety|job)|(?:was|were|is|are) not (?:allowed|permitted) to"
    r"|because of the sensitivity|because the (?:matter|talks|discussions|information) (?:is|are|was|were)",
    re.IGNORECASE,
)
"""How reporters state why a source is not named (the newsroom-standards requirement
this rule enforces); searched in the sentence holding the quote and its source."""


class AnonymousSource(Rule):
    """An anonymous source with no stated reason for the anonymity.

    Most newsroom standards allow unnamed sources only with a reason the reader can
    see: not authorised to speak, fear of reprisal, sensitive talks. A named body's
    spokesperson ("a spokesman for the bakery", "a council spokeswoman") is on record
    for the body; a group ("residents said") is `group-source`.

    Bad::

        "The retreat was ordered in a panic," a senior official said.

    Good::

        "The retreat was ordered in a panic," a senior official said, speaking on condition of anonymity because the talks were private.
    """

    id = "anonymous-source"
    severity = "warning"
    hint = "Say why the source is not named (e.g. 'who was not authorised to speak publicly')."

    def check(self, ctx: QuoteContext, settings: Mapping[str, Any]) -> Iterator[Hit]:
        quote = ctx.quote
        if quote.speaker_kind != "anonymous" or ANONYMITY_REASONS.search(ctx.context_text):
            return
        if is_group(quote) or body_of_mention(quote):
            return  # a group ("residents") is group-source; a named body's spokesperson is on record
        if quote.mention_start is not None and quote.mention_end is not None:
            start, end = quote.mention_start, quote.mention_end
        else:
            start, end = quote.start, quote.end
        who = quote.mention or "the source"
        yield Hit(f"anonymous source ({who}) with no reason given for anonymity", start, end, {"mention": who})
