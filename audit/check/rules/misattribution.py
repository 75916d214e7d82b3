"""Rule ``misattribution``: the words are on record, but from someone else."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from audit.check.rules.base import Hit, QuoteContext, RenderingRule, names_in
from audit.match.renders import CHECK_OTHER_SPEAKER_MIN, CHECK_RENDERS_MIN


class Misattribution(RenderingRule):
    """Words credited to one speaker that the reference gives to another.

    Fires only when the words the quote shares with the other speaker's statement are
    distinctive (a stock phrase is nobody's), the draft's speaker resolves to a
    different canonical speaker (not the same person under another title), no
    statement of the draft's speaker holds the words, no third speaker's does either,
    and the statement does not itself report the draft's speaker ("President Putin
    said that ..."). Look-alike speakers (the UK Ministry of Defence and the Russian
    Defence Ministry) are the usual cause.

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
    defaults = {"threshold": CHECK_OTHER_SPEAKER_MIN, "same_speaker_threshold": CHECK_RENDERS_MIN}

    def check(self, ctx: QuoteContext, settings: Mapping[str, Any]) -> Iterator[Hit]:
        quote = ctx.quote
        if quote.speaker_kind == "anonymous" or not (quote.speaker or quote.mention):
            return
        if any(ctx.relation(m) == "same" and m.score >= settings["same_speaker_threshold"] for m in ctx.matches):
            return
        others = self.rendered(ctx, settings, "other")
        if not others or len({m.statement.speaker or m.statement.label for m in others}) > 1:
            return  # nobody's distinctive words, or several speakers' words: no one to credit instead
        other = others[0]
        st = other.statement
        if names_in(st.text, quote, ctx.registry):
            return  # the statement reports the draft's speaker: nested speech, not someone else's words
        credited = ctx.credited()
        yield Hit(
            f"credited to {credited}, but the reference gives these words to {st.label}: {st.citation()}",
            quote.start,
            quote.end,
            {"statement_id": st.statement_id, "reference": st.text, "reference_speaker": st.label,
             "credited": credited, "score": round(other.score, 1), "shared_words": list(other.specificity.shared),
             "specificity": round(other.specificity.info, 1)},
        )
