"""User text made safe for a terminal or a CI log, in one place.

Whatever a user controls (file names, outlet and speaker names, titles, quotes, error
reasons) can hold control characters: ESC starts sequences that recolour, retitle or
rewrite a terminal, a newline starts a new log line, and GitHub Actions reads any line
of stdout *or stderr* whose text starts with ``::`` (after spaces) as a workflow command
(``::error``, ``::add-mask``, ``::stop-commands``), and ``##[`` as a legacy one. Every
message, summary table and human-readable report line goes through :func:`clean` before
it is printed; machine-readable formats (JSON, SARIF, JUnit, CSV, GitHub annotations)
escape their own way.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.progress import Progress

CONTROL_CHARS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
"""C0/C1 controls (tab aside), DEL, line/paragraph separators and bidi controls (which
reorder what a reader sees): shown as ``\\xNN`` / ``\\uNNNN``, inert anywhere."""

WORKFLOW_COMMAND = re.compile(r"^(\s*):(?=:)|#(?=#\[)")
"""A line that GitHub's runner would read as a command: ``::`` at its start, or ``##[``."""


SURROGATES = re.compile("[\ud800-\udfff]")
"""Lone surrogates: bytes of a file name that were not UTF-8 (``surrogateescape``)."""


def _byte(m: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogateescape" if "\udc80" <= m.group() <= "\udcff" else "surrogatepass"))


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: object) -> str:
    """``text`` as one inert line: control characters escaped (so a newline cannot start
    a line of its own), a leading ``::`` and any ``##[`` shown as ``\\x3a:`` / ``\\x23#[``,
    and lone surrogates (undecodable file-name bytes) shown as ``%XX``, as
    :func:`audit.filenames.name_text` writes them."""
    line = CONTROL_CHARS.sub(_escape, SURROGATES.sub(_byte, str(text)))
    return WORKFLOW_COMMAND.sub(lambda m: (m.group(1) or "") + ("\\x3a" if m.group().endswith(":") else "\\x23"), line)


def clean_lines(text: str) -> str:
    """Each line of ``text`` through :func:`clean` (for multi-line human-readable output)."""
    return "\n".join(clean(line) for line in text.split("\n"))


def echo(message: object, *, err: bool = False) -> None:
    """Print one cleaned line (stdout, or stderr with ``err``)."""
    typer.echo(clean(message), err=err)


def progress_bar(*, label: str | None = None, describe: bool = False, enabled: bool = True) -> Progress:
    """The progress bar every long command shows on stderr (``extract``, ``ingest``,
    ``run``): articles done of the counted total, elapsed time and an ETA, gone when done;
    ``label`` before the bar, the task's description after it when ``describe``. rich is
    imported here, when a bar is wanted, not at start-up."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns: list[ProgressColumn] = [TextColumn(label)] if label else []
    columns += [BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn()]
    if describe:
        columns.append(TextColumn("{task.description}"))
    return Progress(*columns, console=Console(stderr=True), disable=not enabled, transient=True)
