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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Literal
from weakref import WeakKeyDictionary

from rapidfuzz import fuzz

from audit.check.credit import body_of_mention, described, spoken_for
from audit.check.reference import Match, Statement
from audit.check.specificity import Relation
from audit.lang.normalise import normalise, normalise_series
from audit.lang.titles import KEY_TITLES
from audit.match.renders import CHECK_RENDERS_MIN
from audit.model import Quote, Severity
from audit.score.drift import words
from audit.speakers import Registry, name_key

SPEAKER_NAME_MIN = 90.0
"""rapidfuzz ``token_set_ratio`` at or above which two speaker names are one person."""

NAME_NOISE = KEY_TITLES | {"lord", "the", "of"}
"""Titles (:data:`audit.lang.titles.KEY_TITLES`, and "Lord" here too) and particles ignored when
comparing speaker names ("Lord Dannatt" = "Richard Dannatt", "Cllr Briggs" = "Councillor Tom
Briggs"); not a body's words, which tell bodies apart (the Ministry of Defence and the Ministry
of Justice)."""


WORD_MIN_SCORE = 75.0
"""Word-level similarity (``Match.word_score``) from which a quote credited to the
statement's own speaker renders it whatever its character score: one word swapped in a
quote of four words or more ("extraordinary" for "incredible" in a six-word statement is
83; the character score, 79.5, fell under the threshold only because the new word is
long)."""
WORD_MIN_ALIGNED = 3
"""...with at least this many of the quote's words aligned (two words are a phrase anyone
may use)."""
REWORD_MIN_SCORE = 55.0
"""Word-level similarity from which a quote that names the statement's speaker but falls
short of rendering it is a rewording (``misquote`` at ``reworded_severity``): the frame
kept, key words swapped ("suffered a humiliating defeat" for "had a significant reverse"
in a 24-word statement scores 62)."""
REWORD_MIN_ALIGNED = 8
"""...with at least this many words of the statement kept in order: a frame that long is
no coincidence, where "We are witnessing a turning point" shares three words with "We
are witnessing some incredible scenes" (50)."""


def near_verbatim(match: Match) -> bool:
    """Most of the statement's words, in order, with at least :data:`WORD_MIN_ALIGNED`."""
    return match.word_score >= WORD_MIN_SCORE and match.words_aligned >= WORD_MIN_ALIGNED


@dataclass(slots=True)
class Hit:
    """One problem a rule sees, located in the plain text given to extraction."""

    message: str
    start: int
    end: int
    extra: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None
    """Overrides the rule's configured severity for this hit (``None``: keep it)."""


@dataclass(slots=True)
class QuoteContext:
    """One quote of a draft with what rules need to judge it."""

    quote: Quote
    text: str
    """The draft's plain text (``text[quote.start:quote.end] == quote.text``)."""
    context: tuple[int, int]
    """Span of the sentence(s) holding the quote, its mention and its cue."""
    matches: list[Match]
    """Reference statements found for the quote, best first, with their specificity."""
    registry: Registry | None = None
    """Canonical speakers, to resolve names the way extraction does."""
    around: str = ""
    """The context sentence(s) without the quoted words: how the draft credits them."""

    @property
    def context_text(self) -> str:
        return self.text[self.context[0] : self.context[1]]

    @property
    def paragraph_before(self) -> str:
        """The draft from the start of the quote's paragraph to the end of the quote."""
        start = self.text.rfind("\n\n", 0, self.quote.start)
        return self.text[max(start, 0) : self.quote.end]

    def same(self, match: Match) -> bool | None:
        """Whether the match's speaker is the quote's (``None``: cannot tell): a
        spokesperson of the statement's body speaks for it, a role description is whoever
        held the role (:mod:`audit.check.credit`), else the names are compared."""
        st = match.statement
        body = spoken_for(self.around, st.speaker, self.registry)
        if body is not None:
            return body
        q = self.quote
        body_name = body_of_mention(q)
        if body_name is not None:  # "a spokesman for the bakery": the bakery's words
            return same_speaker(replace(q, speaker=body_name, speaker_id=None, speaker_kind="organisation"), st, self.registry)
        if q.speaker and not q.speaker_id and st.speaker and q.speaker_kind != "anonymous":
            fits = described(q.speaker, st.speaker, self.registry, self.text[: q.start])
            if fits is not None:
                return fits
        return same_speaker(q, st, self.registry)

    def relation(self, match: Match) -> Relation:
        """How the draft credits the quote relative to the statement's speaker."""
        same = self.same(match)
        return "none" if same is None else "same" if same else "other"

    def renders(self, match: Match, threshold: float) -> bool:
        """Whether the quote is taken to render the statement: similar enough, and sharing
        words distinctive enough for what the draft claims about the speaker
        (:data:`audit.check.specificity.EVIDENCE`); or, credited to the statement's own
        speaker, most of its words in order (:func:`near_verbatim`: "pretty much turned
        and ran" for "pretty much turned and fled", whose words are all everyday ones)."""
        relation = self.relation(match)
        if match.score >= threshold and match.specificity.enough(relation):
            return True
        return relation == "same" and near_verbatim(match)

    def rewords(self, match: Match) -> bool:
        """Whether the quote, credited to the statement's speaker, keeps a long frame of
        the statement's words while changing others (:data:`REWORD_MIN_SCORE`)."""
        return (self.relation(match) == "same" and match.word_score >= REWORD_MIN_SCORE
                and match.words_aligned >= REWORD_MIN_ALIGNED and match.specificity.enough("same"))

    def credited(self) -> str:
        """How a message names the draft's speaker: canonical name, else the mention."""
        return self.quote.speaker or self.quote.mention or "the draft's speaker"


_NAME_TOKENS: dict[str, frozenset[str]] = {}
"""Each speaker name's comparable words, computed once per process (rules compare the same
few hundred names for every match of every quote)."""


def _name_key(name: str) -> str:
    return name_key(name.replace("-", " ").replace("_", " "))


def prime_names(names: Iterable[str]) -> None:
    """Compute the comparable words of many names in one normalisation pass: one at a time,
    each name costs a Polars query (a 2,000-word draft against a large store meets about
    200 distinct names, 0.4 s of the check one by one)."""
    todo = sorted({n for n in names if n and n not in _NAME_TOKENS})
    if todo:
        for name, norm in zip(todo, normalise_series([_name_key(n) for n in todo]).to_list()):
            _NAME_TOKENS[name] = frozenset((norm or "").split()) - NAME_NOISE


def _name_tokens(name: str) -> frozenset[str]:
    if name not in _NAME_TOKENS:
        prime_names([name])
    return _NAME_TOKENS[name]


_RESOLVED: WeakKeyDictionary[Registry, dict[str, str | None]] = WeakKeyDictionary()
"""Per registry, each name's canonical id as resolved once: rules ask about the same few
names for every match of every quote, and resolving a name parses it."""


def _canonical(names: list[str], registry: Registry | None) -> str | None:
    """The registry id the first resolvable name maps to (ids are their own key)."""
    if registry is None:
        return None
    cache = _RESOLVED.setdefault(registry, {})
    for name in names:
        if name not in cache:
            found = registry.get(name) or registry.resolve(name)
            cache[name] = found.speaker_id if found is not None else None
        if cache[name] is not None:
            return cache[name]
    return None


def same_speaker(quote: Quote, statement: Statement, registry: Registry | None = None) -> bool | None:
    """Whether the quote's speaker is the statement's; ``None`` when either is unknown
    or the quote's source is anonymous.

    Ids are compared first, then both sides are resolved through the speakers registry
    (the resolver extraction uses: "Lord Dannatt" and "Richard Dannatt" are one id);
    otherwise names, ignoring titles, where one name's words holding the other's
    ("Cllr Briggs" / "Councillor Tom Briggs") or a near-identical spelling ("Zaluzhnyy" /
    "Zaluzhnyi") count as the same speaker: a different speaker is only claimed when the
    names clearly differ.
    """
    if not (quote.speaker or quote.speaker_id) or quote.speaker_kind == "anonymous":
        return None  # nobody the draft names (an unresolved "they", "a source")
    ours = [n for n in (quote.speaker_id, quote.speaker, quote.mention) if n]
    theirs = [n for n in (statement.speaker, statement.speaker_name) if n]
    if not theirs:
        return None
    if quote.speaker_id and quote.speaker_id in theirs:
        return True
    # The statement's speaker is a registry id or was left unresolved when its source was
    # extracted; only the draft's names are resolved here.
    a_id = _canonical(ours, registry)
    b_id = statement.speaker if registry is not None and statement.speaker and registry.get(statement.speaker) else None
    if a_id is not None and b_id is not None:
        return a_id == b_id
    if b_id is not None and registry is not None:
        sp = registry.get(b_id)
        theirs += [sp.name, *sp.aliases] if sp is not None else []
    overlap = False
    for a in map(_name_tokens, ours):
        for b in map(_name_tokens, theirs):
            if a and b and (a <= b or b <= a or fuzz.token_set_ratio(" ".join(sorted(a)), " ".join(sorted(b))) >= SPEAKER_NAME_MIN):
                return True
            overlap |= bool(a & b)
    # An unresolved name sharing a word with the other ("British defence intelligence" and
    # the Ministry of Defence) may be the same speaker under another name: cannot tell.
    return None if overlap else False


def names_in(text: str, quote: Quote, registry: Registry | None = None) -> bool:
    """Whether ``text`` (a reference statement) names the quote's speaker, by any of the
    registry's aliases or the draft's own name for them: "President Putin said that ..."
    in a ministry's statement reports Putin's words, so a draft crediting them to Putin
    is no misattribution."""
    return _named(text, {n for n in (quote.speaker, quote.mention) if n}, quote.speaker_id, registry)


def statement_speaker_named(text: str, statement: Statement, registry: Registry | None = None) -> bool:
    """Whether ``text`` (the draft around a quote) names the statement's speaker: "Lord
    Dannatt was blunt. 'We are witnessing ...'" credits the words without a cue."""
    return _named(text, {n for n in (statement.speaker_name,) if n}, statement.speaker, registry)


def _named(text: str, names: set[str], speaker_id: str | None, registry: Registry | None) -> bool:
    """Whether ``text`` holds one of ``names`` or the registry's names for ``speaker_id``:
    all of a name's words but titles, or its last word (a surname) when capitalised."""
    if registry is not None and speaker_id:
        sp = registry.get(speaker_id)
        if sp is not None:
            names = names | {sp.name, *sp.aliases}
    haystack = set(normalise(text).split())
    haystack |= {w[:-1] for w in haystack if w.endswith("s")}  # possessives: "Putin's" -> "putins"
    for name in names:
        tokens = _name_tokens(name)
        if tokens and tokens <= haystack:
            return True
        surname = normalise(name).split()[-1:] if name[:1].isupper() else []
        if surname and len(surname[0]) > 3 and surname[0] in haystack:
            return True
    return False


def word_count(text: str) -> int:
    return len(words(text))


class Rule:
    """Base of every rule; subclasses set the class attributes and ``check``."""

    id: ClassVar[str]
    severity: ClassVar[Severity]
    hint: ClassVar[str]
    defaults: ClassVar[Mapping[str, float | str]] = {}
    """Thresholds (numbers) and per-case severities (strings) an editor may change under
    ``[check.rules.<id>]``."""

    def check(self, ctx: QuoteContext, settings: Mapping[str, Any]) -> Iterator[Hit]:
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        """First line of the docstring."""
        return (inspect.getdoc(cls) or "").splitlines()[0]


class RenderingRule(Rule):
    """A rule that judges a quote by the reference statements it renders: its ``threshold`` (an editor may change
    it) is the score from which a quote renders one (:data:`audit.match.renders.CHECK_RENDERS_MIN`), and
    :meth:`rendered` lists those statements."""

    defaults: ClassVar[Mapping[str, float | str]] = {"threshold": CHECK_RENDERS_MIN}

    @staticmethod
    def rendered(ctx: QuoteContext, settings: Mapping[str, Any], speaker: Literal["any", "own", "other"] = "any",
                 ) -> list[Match]:
        """The matches the quote renders at the rule's threshold (:meth:`QuoteContext.renders`), best first, of
        statements by any speaker, by the one the draft credits or none named (``own``), or by another
        (``other``)."""
        return [m for m in ctx.matches
                if (speaker == "any" or (ctx.relation(m) == "other") == (speaker == "other"))
                and ctx.renders(m, settings["threshold"])]


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
    doc = (inspect.getdoc(rule) or "") + "\n"
    blocks = {m.group(1): "\n".join(line[4:] for line in m.group(2).splitlines()).strip() for m in _BLOCK.finditer(doc)}
    if "Bad" not in blocks or "Good" not in blocks:
        raise ValueError(f"rule {rule.id}: docstring needs Bad:: and Good:: blocks")
    reference = tuple(
        tuple(part.strip() for part in line.split(":", 1))
        for line in blocks.get("Reference", "").splitlines()
        if ":" in line
    )
    return Examples(reference=reference, bad=blocks["Bad"], good=blocks["Good"])  # type: ignore[arg-type]
