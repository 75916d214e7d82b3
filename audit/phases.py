"""The wall time, CPU time and peak memory of a run's phases: one timer for every stage that reports them.

``match`` and the semantic ``link`` stage both time their phases (prepare, block, score ...; load, embed,
decide ...) and print them; :func:`timed` records one phase, :func:`figures` flattens them for JSON. CPU time
counts every thread of this process (DuckDB's and rapidfuzz's too): on a busy shared machine it is the steadier
figure. Peak memory is Linux's ``VmHWM``, reset at each phase's start where a stage asks for it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True, repr=False)
class PhaseStats:
    """Wall time, CPU time (all threads of this process) and peak resident memory of one phase of a run."""

    seconds: float
    cpu_seconds: float
    peak_rss_mb: float | None

    def __repr__(self) -> str:
        """Short, for one-line summaries: ``1.23 s / 456 MB``."""
        rss = "" if self.peak_rss_mb is None else f" / {self.peak_rss_mb:,.0f} MB"
        return f"{self.seconds:.2f} s{rss}"


def peak_rss_mb() -> float | None:
    """Peak resident memory since the last reset (Linux ``VmHWM``), else ``None``."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def reset_peak_rss() -> None:
    """Start a new peak-memory window (Linux: writing 5 to ``clear_refs``)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:
        pass


@contextmanager
def timed(phases: dict[str, PhaseStats], name: str, *, memory: bool = True) -> Iterator[None]:
    """Record the phase ``name`` into ``phases``; with ``memory`` its own peak memory too (the window is reset at
    its start, so a stage that leaves the whole run's peak to its caller, as ``link`` does, passes ``False``)."""
    if memory:
        reset_peak_rss()
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        phases[name] = PhaseStats(time.perf_counter() - t0, time.process_time() - c0, peak_rss_mb() if memory else None)


def figures(phases: dict[str, PhaseStats], *, memory: bool = True) -> dict[str, Any]:
    """Plain figures of the phases for printing or JSON: ``{name}_s`` and ``{name}_cpu_s`` (rounded to the
    millisecond), with ``memory`` ``{name}_peak_rss_mb`` too."""
    out: dict[str, Any] = {}
    for name, ph in phases.items():
        out[f"{name}_s"] = round(ph.seconds, 3)
        out[f"{name}_cpu_s"] = round(ph.cpu_seconds, 3)
        if memory:
            out[f"{name}_peak_rss_mb"] = None if ph.peak_rss_mb is None else round(ph.peak_rss_mb, 1)
    return out
