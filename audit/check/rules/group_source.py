"""Rule ``group-source``: words credited to a group of the public, a sourcing note."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from audit.check.credit import is_group
from audit.check.rules.base import Hit, QuoteContext, Rule


class GroupSource(Rule):
    """Words credited to a group ("residents said", "analysts said"), not to a person.

    A group is no hidden source (anonymous-source is about people with access speaking
    off the record), but quote marks still promise someone's exact words: a reader may
    want one named resident or analyst. Info by default.

    Bad::

        "Nobody sleeps through the night any more," residents said.

    Good::

        "Nobody sleeps through the night any more," said Ivy Moss, who lives on the estate.
    """

    id = "group-source"
    severity = "info"
    hint = "Name one of them, or say how many said it and where (e.g. 'three residents interviewed on Friday')."

    def check(self, ctx: QuoteContext, settings: Mapping[str, Any]) -> Iterator[Hit]:
        quote = ctx.quote
        if not is_group(quote):
            return
        start, end = (quote.mention_start, quote.mention_end) if quote.mention_start is not None else (quote.start, quote.end)
        yield Hit(f"quote credited to a group ({quote.mention}), not a person", start, end or quote.end,
                  {"mention": quote.mention})
