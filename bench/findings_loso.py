"""Leave-one-story-out figures for the findings an editor reads first.

For each story folder given (articles with ``gold.jsonl``: ``../shared/data/stories/*``,
``../shared/data/crossoutlet/texts``), run the whole pipeline and judge every finding
against the story's recorded problems (``audit.eval.findings``). Then, holding each
story out in turn, choose the confirmation threshold on the *other* stories (the lowest
edge of the reliability bands at which their confirmed findings rest on a recorded
problem at least ``TARGET`` of the time) and report the held-out story's confirmed
findings at that threshold: a figure on the stories the threshold was chosen on is a
training figure.

    python bench/findings_loso.py ../shared/data/stories/beirut-2020 \\
        ../shared/data/stories/ever-given-2021 ../shared/data/crossoutlet/texts

Prints, per story, the pooled reliability table (findings right / shown per confidence
band) and the leave-one-story-out table; ``--json`` for the raw figures.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from audit.eval.findings import BAND_EDGES, band
from audit.eval.statements import evaluate_articles
from audit.score.confidence import CONFIRM_AT

TARGET = 0.9
"""Share of confirmed findings that must rest on a recorded problem (issue 23's target)."""


def confirmed(judged: list[tuple[str, float | None, bool]], edge: float) -> tuple[int, int]:
    """(right, shown) of the findings a threshold of ``edge`` confirms."""
    picked = [right for _, conf, right in judged if conf is not None and conf >= edge]
    return sum(picked), len(picked)


def choose(judged: list[tuple[str, float | None, bool]]) -> float:
    """The lowest band edge at which ``judged``'s confirmed findings meet ``TARGET`` (no
    confirmed finding meets it too: the threshold is then as strict as the bands go)."""
    for edge in BAND_EDGES:
        right, shown = confirmed(judged, edge)
        if not shown or right / shown >= TARGET:
            return edge
    return BAND_EDGES[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stories", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    judged = {}
    flagged = {}
    for folder in args.stories:
        findings = evaluate_articles(folder).findings
        judged[folder.name] = findings.judged
        flagged[folder.name] = {p: [findings.flagged[p], findings.flagged_confirmed[p], n]
                                for p, n in findings.recorded.items() if n}
    rows = []
    for held, mine in judged.items():
        others = [j for name, js in judged.items() if name != held for j in js]
        edge = choose(others)
        rows.append({"held_out": held, "threshold": edge, "confirmed": confirmed(mine, edge),
                     "at_shipped": confirmed(mine, CONFIRM_AT), "shown": len(mine), "flagged": flagged[held]})
    bands: dict[str, Counter] = {}
    for name, js in judged.items():
        c = bands.setdefault(name, Counter())
        for _, conf, right in js:
            c[(band(conf), "shown")] += 1
            c[(band(conf), "right")] += right
    if args.json:
        print(json.dumps({"loso": rows, "bands": {n: {f"{b}/{k}": v for (b, k), v in c.items()}
                                                  for n, c in bands.items()}}, indent=1))
        return
    print(f"reliability: findings resting on a recorded problem / shown, per confidence band (shipped "
          f"CONFIRM_AT = {CONFIRM_AT})")
    names = sorted({b for c in bands.values() for b, _ in c})
    print(f"{'story':<18}" + "".join(f"{b:>10}" for b in names))
    for name, c in bands.items():
        print(f"{name:<18}" + "".join(f"{c[(b, 'right')]}/{c[(b, 'shown')]:<4}".rjust(10) for b in names))
    print(f"\nleave one story out: threshold chosen on the other stories (target {TARGET:.0%}), confirmed findings "
          "on the held-out one (right / shown)")
    for r in rows:
        flags = ", ".join(f"{p} {a}/{c}/{n}" for p, (a, c, n) in sorted(r["flagged"].items()))
        print(f"{r['held_out']:<18} threshold {r['threshold']:.1f}: {r['confirmed'][0]}/{r['confirmed'][1]} "
              f"(at shipped {CONFIRM_AT}: {r['at_shipped'][0]}/{r['at_shipped'][1]}; all findings {r['shown']}); "
              f"recorded problems flagged any/confirmed/recorded: {flags}")


if __name__ == "__main__":
    main()
