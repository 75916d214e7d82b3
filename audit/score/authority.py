"""Which rendering is right when the renderings of a statement disagree.

A conflict names the outlet that deviates, so for each thing renderings can disagree on
(who said it, a figure, the words) scoring first decides what the statement *is*, in
this order of authority:

1. ``reference`` — the verified statement in ``reference/statements.toml`` (its speaker,
   its words, its figures), when the statement has one;
2. ``primary``   — renderings that cite the speaker's own channel (``OWN_CHANNEL_MEDIA``:
   "wrote on Telegram", "said in a statement", "on Twitter"): the outlet read the words
   at their source. Used when those renderings agree among themselves;
3. ``majority``  — the value carried by more independent renderings than any value that
   contradicts it. Syndicated copies (one wire story under several outlets, see
   ``consistency.syndication_groups``) count once;
4. ``earliest``  — the value of the earliest-dated renderings, when they agree and the
   majority is tied.

Otherwise the statement is ``disputed``: the renderings disagree and nothing says which
is right, so neither side is blamed. The earliest rendering comes after the majority on
purpose: dates are mostly day-precise, the first report is often the hurried one, and
three independent outlets against one are stronger evidence than a few hours' lead.

Nothing here depends on the order articles were ingested or rows were read: support is
counted per syndication group and ties are broken by date, then quote id (a content
hash).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from audit.lang.normalise import normalise
from audit.lang.words import THIRD_PERSON_PRONOUNS

V = TypeVar("V")

AGAINST = ("reference", "primary", "majority", "earliest")
"""What a deviating rendering is compared with, most authoritative first (``against``)."""

DISPUTED = "disputed"
"""``against`` of a conflict whose sides nothing decides between."""

OWN_CHANNEL_MEDIA = (
    "twitter", "x", "telegram", "facebook", "instagram", "youtube", "tiktok", "truth social", "vk", "threads",
    "linkedin", "tweet", "post", "statement", "release", "press release", "blog", "message", "video", "address",
    "newsletter", "letter", "website", "channel",
)
"""Media that are the speaker's own channel: a rendering citing one was read at the
source. An interview, a broadcast or a briefing is someone else's channel (the outlet
heard or read it second-hand), so it is not listed."""

_OWN_CHANNEL_RE = re.compile(r"\b(?:" + "|".join(re.escape(m) for m in OWN_CHANNEL_MEDIA) + r")\b", re.IGNORECASE)


def is_primary(row: dict[str, Any]) -> bool:
    """Whether a rendering cites the speaker's own channel as its medium."""
    return bool(row.get("medium") and _OWN_CHANNEL_RE.search(row["medium"]))


@dataclass(frozen=True, slots=True)
class Decision:
    """What a statement's renderings should say (``value``), on whose authority
    (``against``), and the rendering that carries it (``witness``; ``None`` for a
    verified reference)."""

    value: Any
    against: str
    witness: dict[str, Any] | None
    support: int = 0


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    """Date, then quote id: the order-free tie-break between renderings."""
    return (row["published"] is None, row["published"] or 0, row["quote_id"])


def _group(row: dict[str, Any]) -> Hashable:
    return row.get("syndication_group") or row["article_id"]


def _winner(pool: list[tuple[dict[str, Any], V]], supports: Callable[[V, V], bool],
            eligible: Callable[[V], bool]) -> tuple[dict[str, Any], V, int] | None:
    """The value with strictly more independent support than any value contradicting it.

    ``supports(a, b)``: rendering value ``b`` bears out ``a`` (same speaker, an agreeing
    figure, the same words or a cut of them). Two values contradict each other when
    neither bears out the other. Work is per distinct value (wire copy repeats values),
    so a statement with thousands of renderings and a few wordings stays cheap."""
    groups: dict[Any, set[Hashable]] = {}
    first: dict[Any, dict[str, Any]] = {}
    for row, value in pool:  # pool is in date order: ``first`` is each value's earliest rendering
        groups.setdefault(value, set()).add(_group(row))
        first.setdefault(value, row)
    values = list(groups)
    scored = []
    for value in values:
        if eligible(value):
            backing = set().union(*(groups[other] for other in values if supports(value, other)))
            scored.append((len(backing), first[value], value))
    if not scored:
        return None
    scored.sort(key=lambda s: (-s[0], _key(s[1])))
    best, row, value = scored[0]
    rival = max((n for n, _, other in scored if not supports(value, other) and not supports(other, value)),
                default=0)
    return (row, value, best) if best > rival else None


def decide(rows: Iterable[dict[str, Any]], values: Callable[[dict[str, Any]], Iterable[V]],
           supports: Callable[[V, V], bool] = lambda a, b: a == b,
           *, reference: object | None = None, eligible: Callable[[V], bool] = lambda v: True) -> Decision | None:
    """What the renderings ``rows`` of one statement should say, and on whose authority
    (see the module docstring); ``None`` when disputed or when no rendering says anything.

    ``values(row)``: what one rendering says (its credited speaker, its figures, its
    words); ``reference``: the verified value, when known (figures: all the verified ones of a
    dimension, as a tuple, so not one ``V``); ``eligible(value)``: whether a
    value may stand as the statement's (a fragment may not, when a fuller wording exists)."""
    if reference is not None:
        return Decision(reference, "reference", None)
    pool = [(row, v) for row in sorted(rows, key=_key) for v in values(row)]
    if not pool:
        return None
    primary = [(row, v) for row, v in pool if is_primary(row)]
    dated = [p for p in pool if p[0]["published"] is not None]
    first_date = min((row["published"] for row, _ in dated), default=None)
    earliest = [p for p in dated if p[0]["published"] == first_date] if len(
        {row["published"] for row, _ in dated}) > 1 else []
    for against, tier in (("primary", primary), ("majority", pool), ("earliest", earliest)):
        found = _winner(tier, supports, eligible)
        if found is not None:
            return Decision(found[1], against, found[0], found[2])
    return None


def describe(against: str | None, witness: dict[str, Any] | None, support: int = 0,
             verified_id: str | None = None) -> str:
    """The authority in a reader's words: ``the verified statement ukmod-...``, ``the
    primary source as Harbour Gazette quotes it (Telegram)``, ``the majority of
    independent renderings (3, e.g. Alder Times)``."""
    where = (witness or {}).get("outlet") or "(unknown)"
    if against == "reference":
        return f"the verified statement {verified_id}" if verified_id else "the reference"
    if against == "primary":
        return f"the primary source as {where} quotes it ({(witness or {}).get('medium')})"
    if against == "majority" and support < 2:  # one rendering is no majority: say so (and the finding is unsure)
        return f"the only other independent rendering ({where})"
    if against == "majority":
        return f"the majority of independent renderings ({support}, e.g. {where})"
    if against == "earliest":
        return f"the earliest rendering ({where}, {(witness or {}).get('published')})"
    return "the other renderings"


# ---------------------------------------------------------------- per statement

NAMED_KINDS = frozenset({"person", "organisation"})
"""Speaker kinds whose credit is a vote on who said it (a vague or unresolved one is not)."""

SPEAKER_SCHEMA = {"statement_id": str, "ref_speaker": str, "attribution_against": str,
                  "attribution_witness": str, "attribution_support": int}

WORDING_SCHEMA = {"statement_id": str, "decided_text": str, "wording_against": str, "wording_witness": str,
                  "wording_support": int}


ATTRIBUTION_MIN_WORDS = 4
"""Content words a rendering needs before its credit counts, as a vote on who said a
statement or as a misattribution. A shorter one ("radical Islam", "a mistake",
"absolutely", "extremely careless", "I strongly support") is shared language: that two
outlets credit the same few words to two speakers says nothing about either. Measured on
PolNeAR (924 real articles of 2015-16 US election coverage, ``python
bench/polnear_links.py`` for the store, then ``audit report``): 303 of 708 attribution
conflicts came from renderings of at most three content words, and a sample of them held
no misattribution. The shared renderings record no misattribution of any length; a
misattributed fragment ("blindly lashing out" credited to the wrong man) goes unflagged,
the price of not blaming outlets for common phrases."""


PRONOUNS = THIRD_PERSON_PRONOUNS | {"we", "i", "you"}
"""Mentions that name no one: the speaker behind them is the extractor's reading of the
article (coreference), not the outlet's credit."""


def too_short_to_credit(text: str | None) -> bool:
    """Whether a rendering is below :data:`ATTRIBUTION_MIN_WORDS` content words (as the
    semantic stage counts them)."""
    from audit.link.features import content_words  # imported here: audit.link.features imports audit.score

    return content_words(normalise(text or "")) < ATTRIBUTION_MIN_WORDS


def unsure_credit(row: dict[str, Any]) -> bool:
    """Whether a rendering's credit is no evidence on who said a statement: the rendering
    is too short (:func:`too_short_to_credit`), or the outlet credits it with a pronoun
    alone ("he said"), so the speaker is whoever the extractor resolved the pronoun to.
    A wrong antecedent is the extractor's error, not the outlet's: on PolNeAR pronoun
    credits made 38 of the 94 attribution conflicts left after the length and outlet rules,
    and in the sample judged none was the outlet's error (one blamed the outlet that had
    it right, outvoted by a "he" resolved to the wrong man)."""
    return too_short_to_credit(row["text"]) or (row["mention"] or "").strip().lower() in PRONOUNS


def across_outlets(rows: Iterable[dict[str, Any]]) -> bool:
    """Whether ``rows`` come from two outlets or more. Renderings that differ within one
    outlet (a quote and its echo further down the article, two people saying the same
    words) are no disagreement *between* outlets, so nothing is ``disputed`` on them alone:
    not who said it (:func:`speaker_decisions`), nor the words or figures (scoring's
    conflicts)."""
    return len({r["outlet"] for r in rows}) > 1


def _by_quote(values: dict[str, list[str]], row: dict[str, Any]) -> list[str]:
    """``values`` of one rendering, by its quote_id (a ``partial`` of it binds this statement's values now)."""
    return values[row["quote_id"]]


def _credit(row: dict[str, Any]) -> list[str]:
    """The speaker a rendering credits: the outer speaker for a report of a report
    (the outlet says the MoD said Putin said), else its own named speaker; none from a
    rendering whose credit is no evidence (:func:`unsure_credit`)."""
    if unsure_credit(row):
        return []
    if row["outer_speaker"]:
        return [row["outer_speaker"]]
    if row["speaker_id"] and row["speaker_kind"] in NAMED_KINDS:
        return [row["speaker_id"]]
    return []


def speaker_decisions(by_statement: dict[str, list[dict[str, Any]]], known: set[str]) -> list[dict[str, Any]]:
    """Per statement: who said it (``ref_speaker``) and on whose authority. The verified
    statement's speaker first; registry speakers outrank names the extractor made up
    ("U.N. figures"), so when any rendering credits a registry speaker only those vote.
    Credits that disagree within one outlet's renderings (two people in one article saying
    the same words, or the extractor crediting a quote and its echo differently) dispute
    nothing across outlets: a statement is ``disputed`` only when its credits come from two
    outlets or more (PolNeAR: 113 of 217 attribution conflicts were such one-outlet
    disputes)."""
    out = []
    for sid, rows in by_statement.items():
        credit_of = {r["quote_id"]: _credit(r) for r in rows}
        credits = {c for cs in credit_of.values() for c in cs}
        only_known = bool(credits & known)
        voted = {q: [c for c in cs if not only_known or c in known] for q, cs in credit_of.items()}
        decision = decide(
            rows, partial(_by_quote, voted),
            reference=rows[0].get("verified_speaker"),
        )
        if decision is None:
            credited = [r for r in rows if credit_of[r["quote_id"]]]
            out.append({"statement_id": sid, "ref_speaker": None,
                        "attribution_against": DISPUTED if len(credits) > 1 and across_outlets(credited) else None,
                        "attribution_witness": None, "attribution_support": 0})
            continue
        out.append({"statement_id": sid, "ref_speaker": decision.value, "attribution_against": decision.against,
                    "attribution_witness": (decision.witness or {}).get("quote_id"),
                    "attribution_support": decision.support})
    return out


def wording_decisions(by_statement: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Per statement without verified words: the wording renderings are classed against.

    Renderings printed as quotes (direct and mixed) vote; one bears out a wording when it
    has the same words (``exact``/``cosmetic``) or a cut of them (``truncated``). Only a
    direct rendering that is no cut of another may stand as the wording, so fragments
    never outvote the sentence they come from. Reported speech does not vote: its words
    are the outlet's."""
    from audit.score.drift import drift

    def supports(a: str, b: str) -> bool:
        return a == b or drift(a, b, "direct").variant in ("exact", "cosmetic", "truncated")

    out = []
    for sid, rows in by_statement.items():
        if rows[0].get("verified_id"):
            continue
        quoted = [r for r in rows if r["kind"] in ("direct", "mixed") and r["text"]]
        direct = sorted({r["text"] for r in quoted if r["kind"] == "direct"})
        cut = {a for a in direct for b in direct if a != b and supports(b, a) and not supports(a, b)}
        decision = decide(quoted, lambda r: [r["text"]], supports,
                          eligible=(set(direct) - cut).__contains__)
        if decision is not None:
            out.append({"statement_id": sid, "decided_text": decision.value, "wording_against": decision.against,
                        "wording_witness": decision.witness["quote_id"] if decision.witness else None,
                        "wording_support": decision.support})
        else:
            out.append({"statement_id": sid, "decided_text": None,
                        "wording_against": DISPUTED if len(direct) > 1 else None,
                        "wording_witness": None, "wording_support": 0})
    return out
