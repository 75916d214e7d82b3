"""Rule ``unattributed-quote``: words in quote marks that nobody is credited with."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from audit.check.rules.base import Hit, QuoteContext, RenderingRule, statement_speaker_named, word_count

UNATTRIBUTED_MIN_WORDS = 3
"""Shorter quoted fragments are usually titles or scare quotes ("so-called 'referendum'"),
not reported speech."""


KNOWN_SPEAKER_SEVERITY = "error"
"""Severity when the reference credits the words to a known speaker: the draft drops an
attribution that is on record, which is worse than an unsourced new quote."""


class UnattributedQuote(RenderingRule):
    """A quote with no speaker; an error when the reference knows who said it.

    A reader cannot judge words nobody is credited with. When the reference credits
    the same distinctive words to a speaker, the draft has dropped a known attribution:
    the finding names the speaker and takes ``known_speaker_severity`` (error by
    default), unless the paragraph names that speaker before the quote ("Lord Dannatt
    was blunt. '...'"); otherwise it is a warning.

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
    defaults = {"min_words": UNATTRIBUTED_MIN_WORDS, **RenderingRule.defaults, "known_speaker_severity": KNOWN_SPEAKER_SEVERITY}

    def check(self, ctx: QuoteContext, settings: Mapping[str, Any]) -> Iterator[Hit]:
        quote = ctx.quote
        if quote.kind == "indirect" or quote.speaker or quote.speaker_id or quote.speaker_kind != "unknown":
            return
        if quote.nested_in is not None or word_count(quote.text) < settings["min_words"]:
            return
        known = next((m for m in self.rendered(ctx, settings) if m.statement.speaker), None)
        if known is None:
            yield Hit("quote has no speaker", quote.start, quote.end)
            return
        st = known.statement
        if statement_speaker_named(ctx.paragraph_before, st, ctx.registry):
            # "Lord Dannatt was blunt. 'We are witnessing ...'": credited without a cue
            yield Hit(f"quote has no speaker of its own; {st.label}, named just before, said these words", quote.start,
                      quote.end, {"statement_id": st.statement_id, "reference_speaker": st.label})
            return
        yield Hit(
            f"quote has no speaker, but the reference credits these words to {st.label}: {st.citation()}",
            quote.start,
            quote.end,
            {"statement_id": st.statement_id, "reference": st.text, "reference_speaker": st.label,
             "score": round(known.score, 1), "shared_words": list(known.specificity.shared)},
            severity=settings["known_speaker_severity"],
        )
