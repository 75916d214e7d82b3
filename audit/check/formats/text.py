"""``path:line:col: severity rule message`` — one line per finding, the shape editors,
terminals and CI logs turn into clickable locations; errors and notes go to stderr."""

from __future__ import annotations

import re

from audit.check import CheckResult

CONTROL_CHARS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")
"""C0/C1 control characters (tab aside): in a terminal, ESC and CSI start escape
sequences that recolour, retitle or rewrite the screen, so a draft's quote must never
print them raw."""


def visible(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN``, inert in any terminal."""
    return CONTROL_CHARS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render(result: CheckResult) -> str:
    lines = [visible(f"{f.path}:{f.line}:{f.col}: {f.severity} {f.rule} {f.message}") for f in result.findings]
    return "\n".join(lines) + ("\n" if lines else "")


def summary(result: CheckResult) -> str:
    """One closing line for humans: counts, and what suppression and the baseline hid."""
    counts = result.counts()
    found = ", ".join(f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in counts.items() if n) or "no findings"
    extra = [f"{result.suppressed} suppressed"] if result.suppressed else []
    extra += [f"{result.baselined} in baseline"] if result.baselined else []
    extra += [f"{len(result.errors)} unreadable"] if result.errors else []
    n = len(result.files)
    return f"{n} draft{'s' if n != 1 else ''} checked: {found}" + (f" ({', '.join(extra)})" if extra else "")
