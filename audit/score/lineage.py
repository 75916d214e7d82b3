"""Which printed words a changed quote departs from, decided change by change.

A statement's wording is decided on the whole rendering (``authority.wording_decisions``);
when renderings are independent translations nothing wins, the statement is ``disputed``
and no outlet is blamed, even where one outlet's copy of a wire quote changed a word that
every other rendering prints ("We sincere apologize" among three renderings printing "We
sincerely apologize"). Two translations made apart do not agree word for word by chance,
so words printed alike by several independent renderings are the speaker's words as
far as the coverage can tell.

:func:`departure` compares a quote printed with changed words with its closest other
printed rendering (the copy of its lineage: most words shared), change by change. A
change is *contradicted* when at least :data:`MIN_WITNESSES` independent renderings (one
per syndication group, the quote's own group aside) print the closest copy's words with
one word of context either side, and none prints the quote's. The quote departs from
its statement when one change is contradicted and none of its changes is borne out by
another rendering: then the finding names the quote, the words it changed, and how many
independent renderings print them otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit.score.confidence import context, lineage
from audit.score.drift import diff_ops, find_run, words

MIN_WITNESSES = 2
"""Independent renderings that must print the closest copy's words, none the quote's,
for a change to be contradicted: one other outlet is no majority (``confidence.authority``
weighs it as the finding's support)."""

CONTEXT_WORDS = 1
"""Unchanged words either side of a change that a witness must print with it: the change
in its place, not the same word anywhere in the quote."""

PRINTED_KINDS = frozenset({"direct", "mixed"})
"""Renderings whose words are the speaker's as printed (reported speech is the outlet's)."""


@dataclass(frozen=True, slots=True)
class Departure:
    """A quote's contradicted change: the closest copy, the words each prints, the support."""

    closest: dict[str, Any]
    theirs: str
    ours: str
    support: int


def _changes(closest: str, text: str) -> list[tuple[list[str], list[str]]]:
    """Each change of ``text`` against ``closest`` as (closest's words, text's words), each
    with :data:`CONTEXT_WORDS` unchanged words either side. A cut at either end (the
    quote starting or stopping earlier) is no change of words."""
    ops = diff_ops(closest, text)
    out = []
    k = 0
    while k < len(ops):
        if ops[k][0] == "equal":
            k += 1
            continue
        start = k
        while k < len(ops) and ops[k][0] != "equal":
            k += 1
        if start == 0 or k == len(ops):
            continue  # at an edge: a cut, not a change
        left = words(ops[start - 1][1])[-CONTEXT_WORDS:]
        right = words(ops[k][1])[:CONTEXT_WORDS]
        theirs = [w for op, run in ops[start:k] if op == "delete" for w in words(run)]
        ours = [w for op, run in ops[start:k] if op == "insert" for w in words(run)]
        out.append((left + theirs + right, left + ours + right))
    return out


def _overlap(a: list[str], b: list[str]) -> float:
    x, y = set(a), set(b)
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def _others(row: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The printed renderings of ``rows`` by other outlets and other syndication groups."""
    group = row.get("syndication_group")
    return [r for r in rows if r["quote_id"] != row["quote_id"] and r["kind"] in PRINTED_KINDS
            and r["outlet"] != row["outlet"] and (group is None or r.get("syndication_group") != group)]


def copied_from(row: dict[str, Any], rows: list[dict[str, Any]], lineage_min: float) -> bool:
    """Whether another outlet's printed rendering among ``rows`` holds ``lineage_min`` of the
    quote's words and sits in an article printing the same text around it: a copy of the
    same story, the lineage a changed quote is judged in first."""
    mine, around = words(row["text"] or ""), context(row)
    return any(_overlap(mine, words(r["text"] or "")) >= lineage_min and lineage(around, context(r)) >= lineage_min
               for r in _others(row, rows))


def departure(row: dict[str, Any], rows: list[dict[str, Any]], lineage_min: float) -> Departure | None:
    """The contradicted change of ``row`` (a quote printed with changed words) among its
    statement's ``rows``, or None (module docstring). The closest copy is the other
    outlet's printed rendering sharing the most of the quote's words, at least
    ``lineage_min`` of the shorter's; first among them one whose article prints the same
    text around it (``lineage_min`` of the words: a copy of the same story, the lineage
    itself), since several renderings may hold all the words of a short quote."""
    mine = words(row["text"] or "")
    others = _others(row, rows)
    scored = [(_overlap(mine, words(r["text"] or "")), r) for r in others]
    scored = [(s, r) for s, r in scored if s >= lineage_min]
    if not scored:
        return None
    around = context(row)
    closest = max(scored, key=lambda sr: (lineage(around, context(sr[1])) >= lineage_min, sr[0],
                                          -len(sr[1]["quote_id"]), sr[1]["quote_id"]))[1]
    printed: dict[Any, list[list[str]]] = {}
    for r in others:
        printed.setdefault(r.get("syndication_group") or r["quote_id"], []).append(words(r["text"] or ""))
    best: Departure | None = None
    for theirs, ours in _changes(closest["text"], row["text"] or ""):
        pro = sum(any(find_run(w, ours) >= 0 for w in texts) for texts in printed.values())
        if pro:
            return None  # another rendering prints this change too: not this outlet's slip
        con = sum(any(find_run(w, theirs) >= 0 for w in texts) for texts in printed.values())
        if con >= MIN_WITNESSES and (best is None or con < best.support):
            best = Departure(closest, " ".join(theirs), " ".join(ours), con)
    return best
