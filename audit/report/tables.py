"""Write every score frame as CSV (formula-safe) and Parquet (typed), plus report.html.

Paths are fixed names inside ``out_dir`` (``quotes.csv``, ``quotes.parquet``, ...,
``report.html``); a name that would resolve outside ``out_dir`` is refused. Each file is
written to a temporary file in ``out_dir`` and, once all are written, all are moved into
place: a reader never sees half a report nor a mix of new and old ones, and a symlink
planted at a report's path is replaced, not followed. Files get the mode the umask gives.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import polars as pl

from audit.files.csv_safe import csv_ready
from audit.files.temp import new_temp, remove_stale_temps
from audit.ingest.discover import mark_output
from audit.report.gate import gated
from audit.report.html import render_html
from audit.score import Scores

HTML_NAME = "report.html"


class ReportPathError(ValueError):
    """A report name that would land outside the output folder."""


def report_path(out_dir: Path, name: str) -> Path:
    """``out_dir / name`` for a plain file name; names with a folder part, ``..`` or a
    drive are refused, so a report can never land outside ``out_dir``."""
    if name in ("", ".", "..") or Path(name).name != name or Path(name).is_absolute() or "\\" in name:
        raise ReportPathError(f"report name {name!r} would be written outside {out_dir}")
    return out_dir.resolve() / name


def write_all(out_dir: Path, files: Sequence[tuple[str, Callable[[Path], object]]]) -> list[Path]:
    """Write every ``(name, write)`` to a temporary file first, then move them all into
    place. If any write fails (a full disk part-way), every temporary file is removed and
    no report is replaced: the folder holds the previous complete set, never a mix of new
    and old files. The moves are renames, which need no space."""
    targets = [report_path(out_dir, name) for name, _ in files]
    temps: list[Path] = []
    try:
        for (name, write), target in zip(files, targets):
            temps.append(new_temp(target.parent, name))
            write(temps[-1])
        for tmp, target in zip(temps, targets):
            os.replace(tmp, target)
    except BaseException:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
        raise
    return targets


def _write_csv(frame: pl.DataFrame, path: Path) -> None:
    csv_ready(frame).write_csv(path)


def write_reports(scores: Scores, out_dir: str | Path, *, html: bool = True, story: str | None = None) -> list[Path]:
    """Write ``<name>.csv`` and ``<name>.parquet`` for each frame of ``scores`` (and
    ``report.html`` unless ``html=False``) into ``out_dir``; return the paths written.
    Scores resting on too few quotes are blank there, with a ``*_basis`` column saying so
    (``audit.report.gate``: the same rule as the page and the terminal). ``story`` names
    the story the scores are about in the page's title.
    All or nothing (see ``write_all``); leftovers of killed runs are removed first."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    mark_output(out)  # `audit run .` writes ./reports: the next run must not read it as articles
    remove_stale_temps(out)
    files: list[tuple[str, Callable[[Path], object]]] = []  # what a writer returns is unused
    for name, frame in gated(scores).items():  # the reports' one rule for shown scores
        files.append((f"{name}.csv", partial(_write_csv, frame)))
        files.append((f"{name}.parquet", frame.write_parquet))
    if html:
        page = render_html(scores, title=f"quote-audit report: {story}" if story else "quote-audit report")
        files.append((HTML_NAME, lambda p: p.write_text(page, encoding="utf-8")))
    return write_all(out, files)
