"""Rule ``misquote``: a direct quote whose words only approximately match the reference."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from rapidfuzz import fuzz

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


NAME_VARIANT_MIN = 75.0
"""rapidfuzz ``ratio`` from which two capitalised words are spellings of one name
(Izium / Izyum, Zaluzhnyi / Zaluzhnyy, Kharkiv / Kharkov): romanisations differ between
outlets without changing the speaker's words."""


def _only_name_spellings(ops: list[tuple[str, str]]) -> bool:
    """Whether every change in a word diff replaces one capitalised word by another
    spelling of it."""
    changes = [(op, text) for op, text in ops if op != "equal"]
    if not changes or len(changes) % 2:
        return False
    for (op_a, old), (op_b, new) in zip(changes[::2], changes[1::2]):
        a, b = old.strip(".,;:!?\"'\u2019 "), new.strip(".,;:!?\"'\u2019 ")
        if (op_a, op_b) != ("delete", "insert") or " " in a or " " in b or len(a) < 4 or len(b) < 4:
            return False
        if not (a[:1].isupper() and b[:1].isupper()) or fuzz.ratio(a.casefold(), b.casefold()) < NAME_VARIANT_MIN:
            return False
    return True


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
    if _only_name_spellings(ops):
        return True, ""
    return False, format_diff(ops)


class Misquote(Rule):
    """A direct quote whose words only approximately match what the speaker said.

    Quote marks promise the speaker's exact words. Cutting words with an ellipsis,
    adding a clarification in square brackets, changing punctuation and case, or
    spelling a place or person's name another way (Izium / Izyum) are fine; changing,
    adding or dropping words inside the marks is not. The message
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
