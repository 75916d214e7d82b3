"""``path:line:col: severity rule message`` — one line per finding, the shape editors,
terminals and CI logs turn into clickable locations; errors and notes go to stderr.
Each line goes through :func:`audit.terminal.clean` (control characters escaped, no
workflow command), since a quote or a file name is the user's text."""

from __future__ import annotations

from audit.check import CheckResult
from audit.terminal import clean

SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "cyan"}
"""How each severity word is coloured on a terminal (``render(colour=True)``)."""


def render(result: CheckResult, colour: bool = False) -> str:
    """One line per finding; with ``colour``, the severity word in ANSI colour (the CLI
    asks for it only on a terminal without ``NO_COLOR``)."""
    import typer

    def severity(word: str) -> str:
        return typer.style(word, fg=SEVERITY_COLOUR.get(word), bold=word == "error") if colour else word

    lines = [
        f"{clean(f'{f.path}:{f.line}:{f.col}:')} {severity(f.severity)} {clean(f'{f.rule} {f.message}')}"
        for f in result.findings
    ]
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
