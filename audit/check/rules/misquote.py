"""Rule ``misquote``: a direct quote whose words only approximately match the reference."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from audit.check.rules.base import Hit, QuoteContext, Rule
from audit.score.drift import classify, diff_ops, format_diff

MISQUOTE_MIN_SCORE = 80.0
"""Similarity (0-100) from which a quote is taken to render a reference statement; below
it the quote is another utterance (and may be ``unverified-quote``)."""

FAITHFUL_VARIANTS = frozenset({"exact", "cosmetic", "truncated"})
"""Drift classes (``audit.score.drift``) that keep the speaker's words: same characters,
differences only in punctuation/case/spelling, or a run of the words (ellipses allowed)."""

EDITORIAL_INSERTION = re.compile(r"\[[^\]]*\]")
"""Square brackets mark words an editor put in ("[the Russians] are retreating"); they
are read as a cut, like an ellipsis."""


CUT_WORD = re.compile(r"\s(\w+)\W*$")
"""The last word of a quote: a rendering cut off mid-word ("senior military lea") ends
with the first letters of the speaker's next word."""


def _cut_mid_word(printed: str, reference: str) -> str | None:
    """``printed`` without a last word that only starts a word of the reference (and
    does not end the quote with a full stop): a truncation, not a changed word."""
    m = CUT_WORD.search(printed)
    if m is None or printed.rstrip()[-1:] in ".!?":
        return None
    stub = m.group(1).casefold()
    if any(w != stub and w.startswith(stub) for w in re.findall(r"\w+", reference.casefold())):
        return printed[: m.start()] + " …"
    return None


def compare(quote: str, reference: str, partial: bool) -> tuple[bool, str]:
    """Whether the quote keeps the reference's words, and if not the word diff
    (``[-reference-] {+draft+}``). For a fragment the reference words before and after
    it are left out of the diff. A quote cut off mid-word keeps the words it has."""
    printed = EDITORIAL_INSERTION.sub(" … ", quote)
    if classify(reference, printed, "direct") in FAITHFUL_VARIANTS:
        return True, ""
    cut = _cut_mid_word(printed, reference)
    if cut is not None and classify(reference, cut, "direct") in FAITHFUL_VARIANTS:
        return True, ""
    ops = diff_ops(reference, printed)
    if partial:
        while ops and ops[0][0] == "delete":
            ops.pop(0)
        while ops and ops[-1][0] == "delete":
            ops.pop()
    return False, format_diff(ops)


class Misquote(Rule):
    """A direct quote whose words only approximately match what the speaker said.

    Quote marks promise the speaker's exact words. Cutting words with an ellipsis,
    adding a clarification in square brackets, or changing punctuation and case are
    fine; changing, adding or dropping words inside the marks is not. The message
    shows the word diff against the reference wording.

    Reference::

        Richard Dannatt: The Ukrainians have done remarkably well and the Russian army is in disarray.

    Bad::

        Lord Dannatt said: "The Ukrainians have done extremely well and the Russian army is in disarray."

    Good::

        Lord Dannatt said: "The Ukrainians have done remarkably well and the Russian army is in disarray."
    """

    id = "misquote"
    severity = "error"
    hint = "Use the reference wording exactly (mark cuts with an ellipsis), or paraphrase without quote marks."
    defaults = {"threshold": MISQUOTE_MIN_SCORE}

    def check(self, ctx: QuoteContext, settings: Mapping[str, Any]) -> Iterator[Hit]:
        quote = ctx.quote
        if quote.kind == "indirect":
            return
        # Only a statement the draft presents as that speaker's (same speaker, or none
        # named), sharing words distinctive enough for that claim.
        candidates = [m for m in ctx.matches if ctx.relation(m) != "other" and ctx.renders(m, settings["threshold"])]
        if not candidates:
            return
        if any(compare(quote.text, m.statement.text, m.partial)[0] or m.statement.translated for m in candidates):
            return  # faithful to one of them (or to a translation, whose wording is not the speaker's)
        match = candidates[0]
        st = match.statement
        diff = compare(quote.text, st.text, match.partial)[1]
        yield Hit(
            f"quote differs from {st.label}'s words {st.citation()}: {diff}",
            quote.start,
            quote.end,
            {"statement_id": st.statement_id, "reference": st.text, "reference_speaker": st.label,
             "score": round(match.score, 1), "diff": diff, "shared_words": list(match.specificity.shared),
             "specificity": round(match.specificity.info, 1)},
        )
