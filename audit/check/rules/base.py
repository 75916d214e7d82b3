"""What every rule is made of, and what it is given.

A rule is a small class: an ``id``, a default ``severity``, a one-line ``hint``, the
``defaults`` of its thresholds (overridable under ``[check.rules.<id>]``), and
``check(ctx, settings)`` which looks at one quote and yields :class:`Hit` records.
Its docstring shows the anti-pattern and the fix as ``Reference::``, ``Bad::`` and
``Good::`` blocks; the rules table in ``docs/check.md`` and a test that runs every
example come from those blocks (see :func:`examples`), so docs and behaviour agree.
"""

from __future__ import annotations

import inspect
import re
from functools import lru_cache
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rapidfuzz import fuzz

from audit.check.reference import Match, Statement
from audit.match.normalise import normalise
from audit.model import Quote, Severity
from audit.score.drift import words

SPEAKER_NAME_MIN = 90.0
"""rapidfuzz ``token_set_ratio`` at or above which two speaker names are one person."""

NAME_NOISE = frozenset(
    {"the", "of", "lord", "lady", "sir", "dame", "mr", "mrs", "ms", "dr", "gen", "general",
     "president", "prime", "minister", "secretary", "colonel", "col", "chancellor", "mp"}
)
"""Titles and particles ignored when comparing speaker names ("Lord Dannatt" = "Richard Dannatt")."""


@dataclass(slots=True)
class Hit:
    """One problem a rule sees, located in the plain text given to extraction."""

    message: str
    start: int
    end: int
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class QuoteContext:
    """One quote of a draft with what rules need to judge it."""

    quote: Quote
    text: str
    """The draft's plain text (``text[quote.start:quote.end] == quote.text``)."""
    context: tuple[int, int]
    """Span of the sentence(s) holding the quote, its mention and its cue."""
    matches: list[Match]
    """Reference statements found for the quote, best first."""

    @property
    def context_text(self) -> str:
        return self.text[self.context[0] : self.context[1]]

    def same(self, match: Match) -> bool | None:
        """Whether the match's speaker is the quote's (``None``: cannot tell)."""
        return same_speaker(self.quote, match.statement)


@lru_cache(maxsize=4096)
def _name_tokens(name: str) -> frozenset[str]:
    return frozenset(normalise(name.replace("-", " ").replace("_", " ")).split()) - NAME_NOISE


def same_speaker(quote: Quote, statement: Statement) -> bool | None:
    """Whether the quote's speaker is the statement's; ``None`` when either is unknown.

    Ids are compared first; otherwise names, ignoring titles, where one name's words
    holding the other's ("Dannatt" / "Richard Dannatt") or a near-identical spelling
    ("Zaluzhnyy" / "Zaluzhnyi") counts as the same speaker: a misattribution is only
    claimed when the names clearly differ.
    """
    ours = [n for n in (quote.speaker_id, quote.speaker, quote.mention) if n]
    theirs = [n for n in (statement.speaker, statement.speaker_name) if n]
    if not ours or not theirs or quote.speaker_kind == "anonymous":
        return None
    if quote.speaker_id and quote.speaker_id in theirs:
        return True
    for a in map(_name_tokens, ours):
        for b in map(_name_tokens, theirs):
            if a and b and (a <= b or b <= a or fuzz.token_set_ratio(" ".join(sorted(a)), " ".join(sorted(b))) >= SPEAKER_NAME_MIN):
                return True
    return False


def word_count(text: str) -> int:
    return len(words(text))


class Rule:
    """Base of every rule; subclasses set the class attributes and ``check``."""

    id: ClassVar[str]
    severity: ClassVar[Severity]
    hint: ClassVar[str]
    defaults: ClassVar[Mapping[str, float]] = {}
    """Thresholds an editor may change under ``[check.rules.<id>]``."""

    def check(self, ctx: QuoteContext, settings: Mapping[str, Any]) -> Iterator[Hit]:
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        """First line of the docstring."""
        return inspect.getdoc(cls).splitlines()[0]


@dataclass(frozen=True, slots=True)
class Examples:
    """A rule's docstring examples."""

    reference: tuple[tuple[str, str], ...]
    """``(speaker, words)`` statements the examples are checked against."""
    bad: str
    good: str


_BLOCK = re.compile(r"^(Reference|Bad|Good)::\n\n((?:(?: {4}.*)?\n)+)", re.MULTILINE)


def examples(rule: type[Rule]) -> Examples:
    """Parse the ``Reference::``/``Bad::``/``Good::`` blocks of a rule's docstring."""
    doc = inspect.getdoc(rule) + "\n"
    blocks = {m.group(1): "\n".join(line[4:] for line in m.group(2).splitlines()).strip() for m in _BLOCK.finditer(doc)}
    if "Bad" not in blocks or "Good" not in blocks:
        raise ValueError(f"rule {rule.id}: docstring needs Bad:: and Good:: blocks")
    reference = tuple(
        tuple(part.strip() for part in line.split(":", 1))
        for line in blocks.get("Reference", "").splitlines()
        if ":" in line
    )
    return Examples(reference=reference, bad=blocks["Bad"], good=blocks["Good"])  # type: ignore[arg-type]
