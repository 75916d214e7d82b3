"""GitHub Actions workflow commands: each finding becomes an annotation on the pull
request's diff (``::error file=...,line=...,col=...::message``)."""

from __future__ import annotations

from audit.check import CheckResult

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
"""Our severities -> GitHub annotation levels."""


def _data(value: str) -> str:
    """Escape a message as the runner expects (``%``, CR, LF)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    """Escape a property value (also ``:`` and ``,``, which end a property)."""
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(result: CheckResult) -> str:
    lines = []
    for f in result.findings:
        props = [f"file={_prop(f.path)}", f"line={f.line}", f"col={f.col}"]
        if f.end_line is not None and f.end_col is not None:
            props += [f"endLine={f.end_line}", f"endColumn={f.end_col}"]
        props.append(f"title={_prop(f'audit {f.rule}')}")
        lines.append(f"::{LEVELS[f.severity]} {','.join(props)}::{_data(f'{f.message} — {f.hint}')}")
    lines += [f"::error::{_data(e)}" for e in result.errors]
    lines += [f"::warning::{_data(n)}" for n in result.notes]
    return "\n".join(lines) + ("\n" if lines else "")
