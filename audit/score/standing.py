"""Standing figures: a speaker's figure for one quantity that outlets repeat day after day,
and the rendering that gives another.

The per-statement comparison (``consistency._number_findings``) only sees renderings the
matcher put in one statement. A figure outlets get wrong is often in another sentence of
the speaker's than the one others print it in ("the 18,300 containers aboard" in one
statement, "a ship carrying 13,000 containers" in the next day's account of another): the
two are different statements, and the paraphrase carrying the wrong figure shares too few
words with the right one to be linked (its figure differs too, which the semantic stage
counts against a link). Comparing every figure of a speaker with every other is no answer
either: counts of one thing change over a story (ships waiting, a death toll), so a later
count is a revision, not an error.

So a figure is compared across statements only with a **standing figure**: the same
unqualified value, for the same quantity (same speaker, same dimension, same counted
word after the figure: :attr:`audit.lang.numbers.Measure.counted`), printed by at least
``STANDING_MIN_OUTLETS`` independent renderings on at least ``STANDING_MIN_DAYS``
different publication dates. A quantity that holds over days is not being revised; a
rendering giving another value that no other independent rendering bears out is flagged,
as a ``number`` finding to review (``confidence.OTHER_STATEMENT`` keeps it below
``CONFIRM_AT``: the two sentences may still be about two different things).

Chosen on the Ever Given story (its one recorded figure problem of this shape, the
13,000 containers, is flagged; no other figure there is); Beirut and Kharkiv are held out
(docs/scoring.md).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from audit.lang.numbers import Measure, agree, in_reference_unit
from audit.score.authority import NAMED_KINDS, PRONOUNS

STANDING_MIN_OUTLETS = 2
"""Independent renderings (syndicated copies once) that must print a value before it stands:
one outlet repeating itself is no evidence the speaker gave it."""

STANDING_MIN_DAYS = 2
"""Publication dates a standing value must be printed on: a value printed on one day only
may be that day's count of something that changes."""

STANDING_WINDOW_DAYS = 7
"""Days either side of a rendering within which the renderings that make a value stand are
read: a week's news cycle. Over months, one speaker's "people", "delegates" or "years" are
many different quantities (on PolNeAR's 2015-16 election coverage, without a window, four
findings to review compared figures 9 days to 9 months apart, all of different things);
Ever Given's witnesses are 2 and 3 days from the rendering they flag. Set after reading
those four, so PolNeAR is no held-out test of it."""


def _group(row: dict[str, Any]) -> Any:
    return row.get("syndication_group") or row["article_id"]


def _named(row: dict[str, Any]) -> bool:
    """A credit the outlet printed by name, not a bare pronoun the extractor resolved: a
    rendering is blamed only on such a credit (a wrong antecedent is the extractor's error);
    a resolved pronoun may still witness the standing value, beside a named credit."""
    return (row.get("mention") or "").strip().lower() not in PRONOUNS


def _standing(items: list[tuple[dict[str, Any], Measure]]) -> tuple[Measure, list[dict[str, Any]]] | None:
    """The standing value of one quantity's figures and the renderings printing it, or
    ``None``: the unqualified value printed by the most independent renderings (ties: the
    earliest), when those are at least ``STANDING_MIN_OUTLETS`` on ``STANDING_MIN_DAYS``
    dates. Two unqualified values that disagree and both stand mean the quantity changed:
    no standing value. Works per distinct value (wire copy repeats one figure many times)."""
    values: dict[tuple[float, float], tuple[Measure, list[dict[str, Any]]]] = {}
    for row, m in sorted(items, key=lambda it: (it[0]["published"], it[0]["quote_id"])):
        if m.qualifier is None:
            values.setdefault((m.low, m.high), (m, []))[1].append(row)
    standing = []
    for m, rows in values.values():
        same = [r for x, rs in values.values() if agree(m, x) for r in rs]
        groups = {_group(r) for r in same}
        if len(groups) >= STANDING_MIN_OUTLETS and len({r["published"] for r in same}) >= STANDING_MIN_DAYS:
            standing.append((len(groups), rows[0]["published"], rows[0]["quote_id"], m, same))
    if not standing:
        return None
    standing.sort(key=lambda s: (-s[0], s[1], s[2]))
    value = standing[0][3]
    if any(not agree(value, other[3]) for other in standing):
        return None
    return value, sorted(standing[0][4], key=lambda r: (r["published"], r["quote_id"]))


@dataclass(frozen=True, slots=True)
class Standing:
    """One rendering (``row``) whose ``figure`` contradicts the standing ``value`` of its
    speaker's quantity, as ``reference`` and ``witnesses - 1`` other independent outlets print it."""

    row: dict[str, Any]
    reference: dict[str, Any]
    figure: Measure
    value: Measure
    witnesses: int

    @property
    def detail(self) -> str:
        return (f"\u201c{self.figure.text}\u201d {self.figure.counted} ({self._outlet}, "
                f"{in_reference_unit(self.figure)}) disagrees with \u201c{self.value.text}\u201d {self.value.counted}, "
                f"{self._who}'s figure as {self.witnesses} independent outlets print it on different days "
                f"(e.g. {self.reference['outlet']}, {self.reference['published']})")

    @property
    def message(self) -> str:
        return (f"{self._outlet} gives \u201c{self.figure.text}\u201d for {self._who}'s {self.figure.counted} count; "
                f"{self.witnesses} independent outlets print it as \u201c{self.value.text}\u201d on different days "
                f"(e.g. {self.reference['outlet']}, {self.reference['published']}), in another statement of the "
                f"speaker's")

    @property
    def _who(self) -> str:
        return str(self.row.get("speaker_name") or self.row.get("speaker") or self.row["speaker_id"])

    @property
    def _outlet(self) -> str:
        return str(self.row["outlet"] or "(unknown)")


def standing_findings(rows: list[dict[str, Any]], measures: dict[str, list[Measure]],
                      already: set[str]) -> list[Standing]:
    """Per speaker and quantity, each rendering whose figure contradicts the standing value
    (module docstring) and that no other independent rendering bears out; renderings in
    ``already`` (flagged within their statement) are left to that finding."""
    by_quantity: dict[tuple[str, str, str], list[tuple[dict[str, Any], Measure]]] = defaultdict(list)
    for row in rows:
        if not row.get("speaker_id") or row.get("speaker_kind") not in NAMED_KINDS or row.get("published") is None:
            continue
        for m in measures.get(row["quote_id"], ()):
            if m.counted:
                by_quantity[(row["speaker_id"], m.dimension, m.counted)].append((row, m))
    found: list[Standing] = []
    for items in by_quantity.values():
        if len({_group(r) for r, _ in items}) <= STANDING_MIN_OUTLETS:
            continue  # no standing value and another outlet to blame
        for row, m in items:
            if row["quote_id"] in already or not _named(row):
                continue
            near = [(r, x) for r, x in items if abs((r["published"] - row["published"]).days) <= STANDING_WINDOW_DAYS]
            decided = _standing(near)
            if decided is None:
                continue
            value, witnesses = decided
            groups = {_group(r) for r in witnesses}
            if _group(row) in groups or agree(m, value) or not any(_named(r) for r in witnesses):
                continue
            if any(_group(r) != _group(row) and agree(m, x) for r, x in near):
                continue  # another outlet prints it too: a revision or another quantity, not one outlet's slip
            if any(r["statement_id"] == row["statement_id"] for r in witnesses):
                continue  # compared within its statement already, where the decided figure bore it out
            others = [r for r in witnesses if r["outlet"] != row["outlet"]]
            if others:
                found.append(Standing(row, others[0], m, value, len(groups)))
    return found
