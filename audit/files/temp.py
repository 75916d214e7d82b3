"""Temporary output files, created beside their target and renamed into place once whole.

A reader never sees a half-written report or ``extract -o`` file: each is written to ``.audit-<pid>-<random>-<name>.tmp``
in the target's folder (same filesystem, so the final move is an atomic rename). Used by the reports
(:mod:`audit.report.tables`) and by extraction's output (:mod:`audit.extract.output`).
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

TEMP_PREFIX = ".audit-"
TEMP_SUFFIX = ".tmp"
"""Temporary report files are ``.audit-<pid>-<random>-<name>.tmp`` inside the report
folder (same filesystem, so the final move is an atomic rename); the PID lets a later run
remove what a killed one left, without touching a run still writing."""

TEMP_NAME = re.compile(r"^\.audit-(?P<pid>\d+)-[0-9a-f]{8}-.+\.tmp$")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def remove_stale_temps(out_dir: Path) -> int:
    """Delete temporary report files left in ``out_dir`` by runs that were killed
    (their process is gone); return how many. A run still writing keeps its own."""
    removed = 0
    try:
        entries = list(os.scandir(out_dir))
    except OSError:
        return 0
    for entry in entries:
        m = TEMP_NAME.match(entry.name)
        if m and int(m["pid"]) != os.getpid() and not _pid_alive(int(m["pid"])):
            try:
                os.unlink(entry.path)
                removed += 1
            except FileNotFoundError:
                pass
    return removed


def new_temp(folder: Path, name: str) -> Path:
    """Create an empty temporary file for report (or ``extract -o``) file ``name``. Created with ``os.open`` and
    mode 0666, so the process umask applies as for any file the user writes (``mkstemp``
    would force 0600: colleagues and web servers could not read the reports)."""
    while True:
        tmp = folder / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}-{name}{TEMP_SUFFIX}"
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return tmp
        except FileExistsError:
            continue
