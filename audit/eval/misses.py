"""Where each recorded problem of a story is lost: the map of what keeps recall low.

``audit eval-statements FOLDER --misses`` follows every rendering the story's gold
records with a problem (``evaluate_findings.gold_problems``) through the pipeline and
names the furthest stage it reached, so the work to do is counted per kind and stage
instead of guessed from a handful of cases:

====================  ==============================================================
stage                 meaning
====================  ==============================================================
``not extracted``     no extracted quote stands for the rendering (``_align``)
``wrong credit``      extracted, but credited otherwise than the outlet printed it,
                      and not in a statement with another rendering of its statement
``alone``             its statement's other renderings were not extracted: nothing to
                      compare it with
``not linked``        other renderings of its statement were extracted, but it sits in
                      another statement (which one is printed) or alone
``no finding``        linked with a rendering of its statement, no finding of its kind
                      was made (the values compared are printed)
``filtered``          scoring marked it (``number_conflict``, ``attribution``,
                      ``variant``) but the direction rules dropped the finding
``review``            flagged by a finding to review (confidence and evidence printed)
``confirmed``         flagged by a confirmed finding
====================  ==============================================================

Evaluation only: reads the gold, the score frames and the store's statements; the
product never imports it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from audit.eval.findings import PROBLEM_OF_KIND, PROBLEMS, gold_problems

STAGES = ("not extracted", "wrong credit", "alone", "not linked", "no finding", "filtered", "review", "confirmed")
"""Stages in pipeline order: a problem is counted at the furthest it reached."""

_WORD_RE = re.compile(r"\w+")
_CREDIT_STOP = frozenset({"the", "a", "an", "of", "s", "its", "in", "to", "and", "for"})


@dataclass(slots=True)
class Miss:
    """One recorded problem and where it stopped."""

    problem: str
    stage: str
    outlet: str
    statement: str
    text: str
    detail: str = ""

    def line(self) -> str:
        text = self.text if len(self.text) <= 70 else self.text[:67] + "..."
        return f"  [{self.stage}] {self.problem} {self.outlet} / {self.statement}: \u201c{text}\u201d {self.detail}".rstrip()


@dataclass(slots=True)
class MissReport:
    """Every recorded problem's stage, and the counts per kind and stage."""

    misses: list[Miss] = field(default_factory=list)

    def counts(self) -> Counter:
        return Counter((m.problem, m.stage) for m in self.misses)

    def as_dict(self) -> dict[str, Any]:
        return {"counts": {f"{p}/{s}": n for (p, s), n in sorted(self.counts().items())},
                "misses": [{"problem": m.problem, "stage": m.stage, "outlet": m.outlet, "statement": m.statement,
                            "text": m.text, "detail": m.detail} for m in self.misses]}

    def lines(self) -> list[str]:
        counts = self.counts()
        short = {s: s.replace("not ", "no-").replace(" ", "-")[:11] for s in STAGES}
        out = ["where recorded problems are lost (furthest stage reached; per kind)",
               f"{'problem':<15} " + " ".join(f"{short[s]:>11}" for s in STAGES)]
        for problem in PROBLEMS:
            if any(m.problem == problem for m in self.misses):
                out.append(f"{problem:<15} " + " ".join(f"{counts[(problem, s)] or '-':>11}" for s in STAGES))
        out.append(f"{'all':<15} " + " ".join(
            f"{sum(n for (_, s2), n in counts.items() if s2 == s) or '-':>11}" for s in STAGES))
        order = {s: k for k, s in enumerate(STAGES)}
        out.extend(m.line() for m in sorted(self.misses, key=lambda m: (PROBLEMS.index(m.problem), order[m.stage])))
        return out


def _words(text: str | None) -> set[str]:
    return {w for w in _WORD_RE.findall((text or "").lower()) if w not in _CREDIT_STOP}


def credit_as_printed(rec: dict[str, Any], quote: dict[str, Any], gold_id: Any) -> bool:
    """Whether the extracted credit is the one the outlet printed: the same speaker as the
    gold's ``attributed_to``, or a mention sharing a word with the gold mention (a vague
    body or a pronoun is printed, not resolved); an unattributed rendering has no credit
    to get wrong."""
    if rec.get("attributed_to") is None:
        return True
    if gold_id(quote.get("speaker_id")) == rec["attributed_to"]:
        return True
    return bool(_words(rec.get("mention")) & _words(quote.get("mention")))


def _finding_made(problem: str, quote: dict[str, Any]) -> bool:
    """Whether scoring marked the rendering with the problem before the direction rules."""
    if problem == "figures":
        return bool(quote.get("number_conflict") or quote.get("internal_conflict"))
    if problem == "vague-credit":
        return quote.get("attribution") == "generic"
    if problem == "misattribution":
        return quote.get("attribution") == "misattributed"
    return quote.get("variant") == "altered"


def _values(problem: str, quote: dict[str, Any], mates: list[dict[str, Any]]) -> str:
    """What was compared, for a rendering linked but not flagged."""
    if problem == "figures":
        theirs = sorted({f for m in mates for f in (m.get("figures") or [])})
        return f"figures {quote.get('figures') or []} vs the statement's {theirs}"
    if problem in ("vague-credit", "misattribution"):
        named = sorted({m.get("speaker_id") or "-" for m in mates})
        return (f"attribution={quote.get('attribution')} credit=\u201c{quote.get('mention')}\u201d "
                f"({quote.get('speaker_kind')}, {quote.get('speaker_id')}); others credit {named}")
    return f"variant={quote.get('variant')}"


def diagnose(gold: list[dict[str, Any]], aligned: dict[int, str], quotes: Any, conflicts: Any,
             gold_id: Any) -> MissReport:
    """Each recorded problem of ``gold`` at the furthest stage it reached (module
    docstring). ``aligned``: gold record index -> the quote standing for it; ``quotes``
    and ``conflicts`` the score frames; ``gold_id`` maps a predicted speaker id to the
    story's gold id (``evaluate.StorySpeakers.gold_id``)."""
    by_id = {r["quote_id"]: r for r in quotes.iter_rows(named=True)}
    gold_of = {qid: gold[k] for k, qid in aligned.items()}
    members: dict[str, list[str]] = {}
    for qid, row in by_id.items():
        if row.get("statement_id"):
            members.setdefault(row["statement_id"], []).append(qid)
    flags: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in conflicts.iter_rows(named=True):
        problem = PROBLEM_OF_KIND.get(c["kind"])
        if problem and c["deviating_quote_id"]:
            flags.setdefault((problem, c["deviating_quote_id"]), []).append(c)
    extracted_of: Counter = Counter(g["statement"] for g in gold_of.values())
    report = MissReport()
    for k, rec in enumerate(gold):
        for problem in sorted(gold_problems(rec) & set(PROBLEMS)):
            qid = aligned.get(k)
            miss = Miss(problem, "not extracted", rec["outlet"], rec["statement"], rec["text"])
            report.misses.append(miss)
            if qid is None or qid not in by_id:
                continue
            quote = by_id[qid]
            accept = {rec["statement"], *(rec.get("also_statements") or [])}
            mates = [by_id[m] for m in members.get(quote.get("statement_id") or "", []) if m != qid]
            linked = [m for m in mates if m["quote_id"] in gold_of
                      and accept & {gold_of[m["quote_id"]]["statement"], *(gold_of[m["quote_id"]].get("also_statements") or [])}]
            found = flags.get((problem, qid), [])
            if found:
                best = max(found, key=lambda c: c.get("confidence") or 0.0)
                miss.stage = "confirmed" if best.get("status") == "confirmed" else "review"
                miss.detail = f"confidence {best.get('confidence')}: {best.get('evidence') or ''}"
            elif _finding_made(problem, quote):
                miss.stage = "filtered"
                miss.detail = _values(problem, quote, linked)
            elif linked:
                miss.stage = "no finding"
                miss.detail = _values(problem, quote, linked)
            elif not credit_as_printed(rec, quote, gold_id):
                miss.stage = "wrong credit"
                miss.detail = (f"credited \u201c{quote.get('mention')}\u201d ({quote.get('speaker_id')}), "
                               f"printed \u201c{rec.get('mention')}\u201d ({rec.get('attributed_to')})")
            elif extracted_of[rec["statement"]] < 2:
                miss.stage = "alone"
            else:
                miss.stage = "not linked"
                went = sorted({gold_of[m["quote_id"]]["statement"] if m["quote_id"] in gold_of else "(untracked)"
                               for m in mates})
                siblings = sorted({(by_id[q].get("statement_id") or "-")[:8] + f":{by_id[q].get('speaker_id')}"
                                   for q, g in gold_of.items() if q != qid and g["statement"] == rec["statement"]})
                miss.detail = (f"in {went} via {quote.get('link_stage')}" if went else "alone") + (
                    f"; credited {quote.get('speaker_id')}; its statement's renderings in {siblings}")
    return report
