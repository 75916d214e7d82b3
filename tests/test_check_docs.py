"""docs/check.md shows exactly what the rules say about themselves."""

from __future__ import annotations

from audit.check.docs import DOC, END, START, render, rules_markdown
from audit.check.rules import RULES


def test_rules_section_is_in_sync() -> None:
    current = DOC.read_text(encoding="utf-8")
    assert render(current) == current, "docs/check.md is stale: run `python -m audit.check.docs`"


def test_every_rule_is_documented_with_its_examples() -> None:
    block = rules_markdown()
    for rule in RULES:
        assert f"### `{rule.id}`" in block and rule.hint in block
    doc = DOC.read_text(encoding="utf-8")
    assert doc.index(START) < doc.index(END)
