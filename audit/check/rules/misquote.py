"""Rule ``misquote``: a direct quote whose words only approximately match the reference."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from rapidfuzz import fuzz

from audit.check.reference import Match
from audit.check.rules.base import Hit, QuoteContext, RenderingRule
from audit.score.drift import classify, diff_ops, format_diff

TRANSLATED_SEVERITY = "warning"
"""Severity of a quote of a translated statement that follows none of its renderings: a
word changed from every translation the reference knows ("compelled" for "forced") is a
finding, but a translator the reference has not seen may have chosen it."""
REWORDED_SEVERITY = "warning"
"""Severity of a rewording: the speaker's frame kept, key words swapped
(:data:`audit.check.rules.base.REWORD_MIN_SCORE`); weaker evidence than a one-word change."""

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


def _only_name_spellings(ops: Sequence[tuple[str, str]]) -> bool:
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


class Misquote(RenderingRule):
    """A direct quote whose words only approximately match what the speaker said.

    Quote marks promise the speaker's exact words. Cutting words with an ellipsis,
    adding a clarification in square brackets, changing punctuation and case, or
    spelling a place or person's name another way (Izium / Izyum) are fine; changing,
    adding or dropping words inside the marks is not. The message shows the word diff
    against the verified wording when the reference holds one (never an outlet's copy
    that differs from it), else the wording most outlets in the store printed. A quote
    must follow one of the wordings the reference or the store knows: for a translated
    statement every translation counts, and a word changed from all of them is a
    warning (``translated_severity``). Short quotes are also compared word by word, so
    one long swapped word counts like a short one; a quote that keeps a long run of the
    speaker's words but swaps the key ones is a rewording (``reworded_severity``).

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
    defaults = {**RenderingRule.defaults, "translated_severity": TRANSLATED_SEVERITY,
                "reworded_severity": REWORDED_SEVERITY}

    def check(self, ctx: QuoteContext, settings: Mapping[str, Any]) -> Iterator[Hit]:
        quote = ctx.quote
        if quote.kind == "indirect":
            return
        # Only a statement the draft presents as that speaker's (same speaker, or none
        # named), sharing words distinctive enough for that claim.
        candidates = self.rendered(ctx, settings, "own")
        if not candidates:
            reworded = next((m for m in ctx.matches if ctx.rewords(m)), None)
            if reworded is not None:
                yield self._hit(ctx, reworded, "rewords", settings["reworded_severity"])
            return
        verified = [m for m in candidates if m.statement.origin == "reference"]
        # A verified wording is the speaker's; an outlet's copy that disagrees with it is
        # no ground for the draft. A translation has several renderings: any will do.
        judged = candidates if not verified or any(m.statement.translated for m in verified) else verified
        if any(compare(quote.text, wording, m.partial)[0] for m in judged for wording in m.statement.wordings):
            return
        match = (verified or candidates)[0]
        translated = any(m.statement.translated for m in judged)
        yield self._hit(ctx, match, "differs from", settings["translated_severity"] if translated else None)

    @staticmethod
    def _hit(ctx: QuoteContext, match: Match, how: str, severity: Any) -> Hit:
        quote, st = ctx.quote, match.statement
        diff = compare(quote.text, st.text, match.partial)[1]
        whose = f"{st.label}'s translated words" if st.translated else f"{st.label}'s words"
        return Hit(
            f"quote {how} {whose} {st.citation()}: {diff}",
            quote.start,
            quote.end,
            {"statement_id": st.statement_id, "reference": st.text, "reference_speaker": st.label,
             "score": round(match.score, 1), "word_score": round(match.word_score, 1), "diff": diff,
             "shared_words": list(match.specificity.shared), "specificity": round(match.specificity.info, 1)},
            severity=severity,
        )
