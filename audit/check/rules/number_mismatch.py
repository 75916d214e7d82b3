"""Rule ``number-mismatch``: a figure that disagrees with the reference, units converted."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from audit.check.reference import Statement
from audit.check.rules.base import Hit, QuoteContext, RenderingRule
from audit.lang.numbers import Measure, agree, extract_numbers


class NumberMismatch(RenderingRule):
    """A figure in or next to a quote that disagrees with the reference after unit conversion.

    "50 km" printed as "31 miles" agrees; "about 1,160 square miles" for "3,000 square
    kilometres" agrees; "almost 2,000 square miles" does not. Only figures of a
    dimension the reference statement also gives are compared; bare numbers (no unit)
    only inside the quote marks.

    Reference::

        Ministry of Defence: Ukrainian forces have recaptured 3,000 square kilometres of territory.

    Bad::

        The Ministry of Defence said that "Ukrainian forces have recaptured" almost 2,000 square miles of territory.

    Good::

        The Ministry of Defence said that "Ukrainian forces have recaptured" about 1,160 square miles of territory.
    """

    id = "number-mismatch"
    severity = "error"
    hint = "Check the figure and its unit against the source; convert units with care."

    def check(self, ctx: QuoteContext, settings: Mapping[str, Any]) -> Iterator[Hit]:
        quote = ctx.quote
        match = next(iter(self.rendered(ctx, settings, "own")), None)
        if match is None:
            return
        theirs = extract_numbers(match.statement.text)
        if not theirs:
            return
        offset = ctx.context[0]
        for ours in extract_numbers(ctx.context_text):
            start, end = ours.start + offset, ours.end + offset
            inside = quote.start <= start and end <= quote.end
            if ours.dimension == "count" and not inside:
                # a bare number next to a quote is too often about something else ("told 3 reporters")
                continue
            comparable = [t for t in theirs if t.dimension == ours.dimension]
            if comparable and not any(agree(ours, t) for t in comparable):
                yield self._hit(ours, comparable, match.statement, start, end)

    @staticmethod
    def _hit(ours: Measure, theirs: list[Measure], statement: Statement, start: int, end: int) -> Hit:
        given = " / ".join(t.text for t in theirs)
        return Hit(
            f"'{ours.text}' disagrees with {statement.label}'s figure '{given}' in {statement.citation()}",
            start,
            end,
            {"statement_id": statement.statement_id, "figure": ours.text, "reference_figure": given,
             "reference_speaker": statement.label},
        )
