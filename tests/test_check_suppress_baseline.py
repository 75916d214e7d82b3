"""Inline suppression and the baseline: known findings go quiet, new ones still fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_helpers import reference_of, run_rules

from audit.check.baseline import BaselineError, apply_baseline, fingerprint, load_baseline, write_baseline
from audit.check.rules import RULES_BY_ID
from audit.check.suppress import parse_suppressions

REF = reference_of(
    ("Richard Dannatt", "The Ukrainians have done remarkably well and the Russian army is in disarray."),
    ("Ministry of Defence", "Russian forces are likely to face further setbacks in the coming weeks."),
)
MISQUOTE = 'Lord Dannatt said: "The Ukrainians have done extremely well and the Russian army is in disarray."'
MISQUOTE_2 = 'The Ministry of Defence said: "Russian forces are likely to face more setbacks in the coming weeks."'


def test_parse_regions_and_next_line() -> None:
    text = "a\n<!-- audit-disable misquote, loaded-cue -->\nb\n<!-- audit-enable -->\nc\n<!-- audit-disable-next-line -->\n\nd\n"
    s = parse_suppressions(text, RULES_BY_ID.keys())
    assert s.suppressed("misquote", 3) and s.suppressed("loaded-cue", 3)
    assert not s.suppressed("misattribution", 3) and not s.suppressed("misquote", 5)
    assert s.suppressed("misattribution", 8)  # next line holding text, every rule
    assert not s.problems


def test_unknown_rule_in_directive_is_reported() -> None:
    s = parse_suppressions("<!-- audit-disable misqoute -->\nx\n", RULES_BY_ID.keys())
    assert s.problems == ["line 1: unknown rule(s) in audit-disable: misqoute"]
    assert not s.suppressed("misquote", 2)


def test_suppression_in_a_draft(nlp) -> None:
    text = f"{MISQUOTE}\n\n<!-- audit-disable misquote -->\n{MISQUOTE_2}\n<!-- audit-enable -->\n"
    found = run_rules(nlp, text, REF, "misquote", path="d.md")
    assert [f.line for f in found] == [1]
    nxt = f"<!-- audit-disable-next-line misquote -->\n{MISQUOTE}\n\n{MISQUOTE_2}\n"
    assert [f.line for f in run_rules(nlp, nxt, REF, "misquote", path="d.md")] == [4]
    other_rule = f"<!-- audit-disable-next-line loaded-cue -->\n{MISQUOTE}\n"
    assert [f.line for f in run_rules(nlp, other_rule, REF, "misquote", path="d.md")] == [2]


def test_baseline_survives_moved_lines_and_catches_new(nlp, tmp_path: Path) -> None:
    old = run_rules(nlp, f"{MISQUOTE}\n", REF, "misquote")
    base = tmp_path / "baseline.json"
    assert write_baseline(old, base) == 1
    edited = run_rules(nlp, f"A new opening paragraph.\n\nAnd another.\n\n{MISQUOTE}\n\n{MISQUOTE_2}\n", REF, "misquote")
    assert [f.line for f in edited] == [5, 7]
    kept, dropped = apply_baseline(edited, load_baseline(base))
    assert dropped == 1 and [f.line for f in kept] == [7]


def test_baseline_counts_repeats(nlp, tmp_path: Path) -> None:
    once = run_rules(nlp, f"{MISQUOTE}\n", REF, "misquote")
    base = tmp_path / "b.json"
    write_baseline(once, base)
    again = MISQUOTE.replace("Lord Dannatt said:", "On Monday, Dannatt told Sky News:")
    twice = run_rules(nlp, f"{MISQUOTE}\n\n{again}\n", REF, "misquote")
    assert fingerprint(twice[0]) == fingerprint(twice[1]) == fingerprint(once[0])
    kept, dropped = apply_baseline(twice, load_baseline(base))
    assert (len(kept), dropped) == (1, 1)


@pytest.mark.parametrize("content", ["not json", '{"version": 99, "findings": []}', '{"version": 1, "findings": [{}]}'])
def test_bad_baseline_is_a_clear_error(tmp_path: Path, content: str) -> None:
    p = tmp_path / "b.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError, match=str(p)):
        load_baseline(p)
