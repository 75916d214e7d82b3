"""Are the findings an editor reads right, and are the recorded problems found?

A story folder's ``gold.jsonl`` records, per rendering of a tracked speaker's statement,
the problems the outlet made: a misattribution (``attribution == "misattributed"``), a
vague credit (``"generic"``), a figure that disagrees (``numeric_conflict``), changed
words inside quote marks (``drift == "altered"`` on a direct or mixed quote). After the
whole pipeline has run on the story's articles, each extracted quote that stands for a
gold rendering (see ``audit.eval.statements._aligned``) carries those problems, and:

* a **finding rests on a real problem** when the rendering it blames (``deviating``)
  stands for a gold rendering that records a problem of the finding's kind; a disputed
  finding (no rendering blamed) rests on one when any rendering it lists does. A finding
  whose blamed rendering stands for no gold rendering (a quote by an untracked speaker,
  or a span that is no quotation at all) does not rest on a recorded problem: the gold
  records every rendering of the statements it tracks, so such a finding is counted
  apart (``untracked``) but never as right;
* a **recorded problem is flagged** when a finding of its kind blames the rendering that
  stands for it (``confirmed`` or ``review``); one also counts how many are flagged by a
  confirmed finding, since an empty headline table is no answer.

Per kind of finding (``conflicts.kind``) and per status, so weak kinds show.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

PROBLEM_OF_KIND: dict[str, str] = {
    "attribution": "misattribution",
    "vague-credit": "vague-credit",
    "number": "figures",
    "internal-figures": "figures",
    "wording": "altered-quote",
    "role": "title",
}
"""The gold problem a finding of each kind claims."""

PROBLEMS = ("misattribution", "vague-credit", "figures", "altered-quote")

BAND_EDGES = (0.3, 0.6, 0.8)
"""Upper edges of the confidence bands of the reliability table (the last band runs to 1):
``CONFIRM_AT`` (``audit.score.confidence``) is one of them, so the table shows what the
threshold separates."""


def band(confidence: float | None) -> str:
    """The reliability-table band of a confidence (``"none"`` for a frame without one)."""
    if confidence is None:
        return "none"
    low = 0.0
    for edge in BAND_EDGES:
        if confidence < edge:
            return f"{low:.1f}-{edge:.1f}"
        low = edge
    return f"{low:.1f}-1.0"
"""Recorded problems whose flagging is measured (title errors are too rare to count)."""


def gold_problems(rec: dict[str, Any]) -> frozenset[str]:
    """The problems a gold rendering records (module docstring)."""
    out = set()
    if rec.get("attribution") == "misattributed":
        out.add("misattribution")
    if rec.get("attribution") == "generic":
        out.add("vague-credit")
    if rec.get("numeric_conflict"):
        out.add("figures")
    if rec.get("drift") == "altered" and rec.get("kind") in ("direct", "mixed"):
        out.add("altered-quote")
    if "TITLE ERROR" in (rec.get("note") or ""):
        out.add("title")
    return frozenset(out)


@dataclass(slots=True)
class FindingsReport:
    """Findings judged against a story's recorded problems."""

    shown: Counter = field(default_factory=Counter)
    """(kind, status) -> findings shown."""
    right: Counter = field(default_factory=Counter)
    """(kind, status) -> of those, resting on a recorded problem of their kind."""
    untracked: Counter = field(default_factory=Counter)
    """(kind, status) -> blaming a rendering the gold does not track."""
    recorded: Counter = field(default_factory=Counter)
    """problem -> recorded renderings with it (extracted or not)."""
    extracted: Counter = field(default_factory=Counter)
    """problem -> of those, renderings an extracted quote stands for (all of them for a renderings file)."""
    flagged: Counter = field(default_factory=Counter)
    """problem -> recorded renderings flagged by a finding of its kind (any status)."""
    flagged_confirmed: Counter = field(default_factory=Counter)
    """problem -> of those, flagged by a confirmed finding."""
    wrong_examples: list[str] = field(default_factory=list)
    band_shown: Counter = field(default_factory=Counter)
    """confidence band -> findings shown (the reliability table)."""
    band_right: Counter = field(default_factory=Counter)
    judged: list[tuple[str, float | None, bool]] = field(default_factory=list)
    """Every finding as (kind, confidence, rests on a recorded problem): what another
    ``CONFIRM_AT`` would have confirmed (``bench/findings_loso.py``)."""

    def totals(self, status: str) -> tuple[int, int]:
        shown = sum(n for (_, s), n in self.shown.items() if s == status)
        right = sum(n for (_, s), n in self.right.items() if s == status)
        return right, shown

    def as_dict(self) -> dict[str, Any]:
        key = lambda k: f"{k[0]}/{k[1]}"  # noqa: E731
        return {
            "shown": {key(k): v for k, v in sorted(self.shown.items())},
            "right": {key(k): v for k, v in sorted(self.right.items())},
            "untracked": {key(k): v for k, v in sorted(self.untracked.items())},
            "recorded": dict(self.recorded), "extracted": dict(self.extracted), "flagged": dict(self.flagged),
            "flagged_confirmed": dict(self.flagged_confirmed),
            "reliability": {b: [self.band_right[b], n] for b, n in sorted(self.band_shown.items())},
        }

    def lines(self) -> list[str]:
        out = ["findings shown (resting on a recorded problem / shown; untracked = blames a quote the gold does not track)"]
        out.append(f"{'kind':<17} {'confirmed':>10} {'to review':>10} {'untracked':>10}")
        for kind in sorted({k for k, _ in self.shown}):
            cells = []
            for status in ("confirmed", "review"):
                n = self.shown[(kind, status)]
                cells.append(f"{self.right[(kind, status)]}/{n}" if n else "-")
            un = sum(v for (k, _), v in self.untracked.items() if k == kind)
            out.append(f"{kind:<17} {cells[0]:>10} {cells[1]:>10} {un:>10}")
        rc, sc = self.totals("confirmed")
        rr, sr = self.totals("review")
        out.append(f"{'all':<17} {f'{rc}/{sc}':>10} {f'{rr}/{sr}':>10}")
        out.append("reliability (confidence band: resting on a recorded problem / shown): " + ", ".join(
            f"{b}: {self.band_right[b]}/{n}" for b, n in sorted(self.band_shown.items())))
        out.append("recorded problems flagged on the right rendering (any status / confirmed / extracted / recorded)")
        for problem in PROBLEMS:
            if self.recorded[problem]:
                out.append(f"  {problem:<15} {self.flagged[problem]:>3} / {self.flagged_confirmed[problem]:>3} "
                           f"/ {self.extracted[problem]:>3} / {self.recorded[problem]:>3}")
        if not any(self.recorded[problem] for problem in PROBLEMS):
            out.append("  (the gold records none)")
        return out


def judge_findings(conflicts: Any, problems_by_quote: dict[str, frozenset[str]],
                   gold_records: list[dict[str, Any]]) -> FindingsReport:
    """Judge every finding of ``conflicts`` (the score stage's frame) against the
    problems of the gold renderings that extracted quotes stand for."""
    report = FindingsReport()
    for rec in gold_records:
        for problem in gold_problems(rec):
            report.recorded[problem] += 1
    flagged: dict[str, set[str]] = defaultdict(set)
    flagged_confirmed: dict[str, set[str]] = defaultdict(set)
    has_status = "status" in conflicts.columns
    for row in conflicts.iter_rows(named=True):
        kind = row["kind"]
        status = (row["status"] if has_status else None) or "confirmed"
        claim = PROBLEM_OF_KIND.get(kind)
        blamed = [row["deviating_quote_id"]] if row["deviating_quote_id"] else list(row["quote_ids"] or [])
        report.shown[(kind, status)] += 1
        report.band_shown[band(row.get("confidence"))] += 1
        right = bool(claim) and any(claim in problems_by_quote.get(q, ()) for q in blamed)
        report.judged.append((kind, row.get("confidence"), right))
        tracked = [q for q in blamed if q in problems_by_quote]
        if not tracked:
            report.untracked[(kind, status)] += 1
        if right:
            report.right[(kind, status)] += 1
            report.band_right[band(row.get("confidence"))] += 1
        elif len(report.wrong_examples) < 40:
            report.wrong_examples.append(f"{status} {kind}: {row['message'][:240]}")
        if claim and row["deviating_quote_id"]:
            flagged[claim].add(row["deviating_quote_id"])
            if status == "confirmed":
                flagged_confirmed[claim].add(row["deviating_quote_id"])
    for quote_id, problems in problems_by_quote.items():
        for problem in problems:
            report.extracted[problem] += 1
            report.flagged[problem] += quote_id in flagged[problem]
            report.flagged_confirmed[problem] += quote_id in flagged_confirmed[problem]
    return report
