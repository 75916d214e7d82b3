"""Write every score frame as CSV (formula-safe) and Parquet (typed), plus report.html.

Paths are fixed names inside ``out_dir`` (``quotes.csv``, ``quotes.parquet``, ...,
``report.html``); a name that would resolve outside ``out_dir`` is refused. Each file is
written to a temporary file in ``out_dir`` and moved into place, so a reader never sees
half a report and a symlink planted at a report's path is replaced, not followed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from audit.report.csv_safe import csv_ready
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


def _write_atomic(out_dir: Path, name: str, write: Callable[[Path], None]) -> Path:
    target = report_path(out_dir, name)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_reports(scores: Scores, out_dir: str | Path, *, html: bool = True) -> list[Path]:
    """Write ``<name>.csv`` and ``<name>.parquet`` for each frame of ``scores`` (and
    ``report.html`` unless ``html=False``) into ``out_dir``; return the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, frame in scores.items():
        written.append(_write_atomic(out, f"{name}.csv", lambda p, f=frame: csv_ready(f).write_csv(p)))
        written.append(_write_atomic(out, f"{name}.parquet", lambda p, f=frame: f.write_parquet(p)))
    if html:
        page = render_html(scores)
        written.append(_write_atomic(out, HTML_NAME, lambda p: p.write_text(page, encoding="utf-8")))
    return written
