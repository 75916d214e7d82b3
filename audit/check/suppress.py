"""Inline suppression: an editor silences a finding where it stands, in the draft.

Directives are HTML comments, invisible once Markdown or HTML is rendered::

    <!-- audit-disable misquote -->            from here ...
    <!-- audit-enable -->                       ... to here (or to the end of the file)
    <!-- audit-disable-next-line loaded-cue --> the next line that holds text

No rule ids means every rule; several are separated by commas or spaces. An
``audit-enable`` with ids re-enables only those. A directive naming an unknown rule is
reported (a typo that silently does nothing is the complaint linters hear most).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Container
from dataclasses import dataclass, field

ALL = "*"
"""Stands for every rule in a directive without ids."""

_DIRECTIVE = re.compile(
    r"<!--\s*audit-(?P<verb>disable-next-line|disable|enable)\b(?P<rules>[^>]*?)\s*-->"
)


@dataclass(slots=True)
class Suppressions:
    """Which rules are off on which lines of one draft."""

    ranges: list[tuple[str, int, int]] = field(default_factory=list)
    """``(rule or ALL, first_line, last_line)``, 1-based, inclusive."""
    problems: list[str] = field(default_factory=list)
    """Directives that name unknown rules, with their line."""

    def suppressed(self, rule: str, line: int) -> bool:
        return any(r in (rule, ALL) and first <= line <= last for r, first, last in self.ranges)


def _rule_ids(raw: str) -> list[str]:
    ids = [r for r in re.split(r"[\s,]+", raw.strip()) if r]
    return ids or [ALL]


def parse_suppressions(original: str, known_rules: Container[str]) -> Suppressions:
    """Read every directive in the original draft text."""
    lines = original.splitlines()
    n_lines = max(len(lines), 1)
    line_starts = [0]
    for text_line in original.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(text_line))
    result = Suppressions()
    open_since: dict[str, int] = {}

    def line_of(offset: int) -> int:
        return bisect_right(line_starts, offset)

    for m in _DIRECTIVE.finditer(original):
        line = line_of(m.start())
        verb = m.group("verb")
        ids = _rule_ids(m.group("rules"))
        unknown = [r for r in ids if r != ALL and r not in known_rules]
        if unknown:
            result.problems.append(f"line {line}: unknown rule(s) in audit-{verb}: {', '.join(unknown)}")
        ids = [r for r in ids if r not in unknown]
        if verb == "disable-next-line":
            end_line = line_of(m.end() - 1)
            target = next(
                (i + 1 for i in range(end_line, len(lines)) if lines[i].strip()),
                end_line + 1,
            )
            result.ranges.extend((r, target, target) for r in ids)
        elif verb == "disable":
            for r in ids:
                open_since.setdefault(r, line)
        else:
            closing = list(open_since) if ALL in ids else [r for r in ids if r in open_since]
            for r in closing:
                result.ranges.append((r, open_since.pop(r), line))
    result.ranges.extend((r, first, n_lines) for r, first in open_since.items())
    return result
