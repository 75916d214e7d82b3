"""Before reading: check that the user's paths exist and count the articles they hold.

Commands run this first so that a mistyped path stops the run before anything is
written (one line, exit 2), an input that holds no article says so instead of printing
nothing, and the progress bar has a total (and so an ETA) from the first article. The
count reads no article text: one per text file, the rows of a table (JSON lines and CSV
records counted by a fast scan, Parquet from its footer).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from audit.ingest.discover import GLOB_CHARS, iter_files
from audit.model import STDIN, IngestError

TABLE_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv", ".tsv", ".parquet"})
"""Files holding one article per row; every other readable file is one article."""


class InputError(ValueError):
    """The inputs cannot be used at all: a path that does not exist, a pattern that
    matches nothing, or nothing readable anywhere. The message is one line."""


@dataclass(slots=True)
class InputCount:
    """What the inputs hold: readable files, articles in them (an estimate for tables
    with malformed rows), and problems found while listing (reported by the readers too)."""

    files: int = 0
    articles: int = 0
    problems: list[IngestError] = field(default_factory=list)


def missing_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Why named paths cannot be used: ``path: reason`` for each that does not exist (or
    cannot be reached, e.g. a folder on the way that is not readable) and each pattern
    that matches nothing."""
    from glob import iglob

    from audit.ingest.common import describe_os_error

    missing = []
    for raw in paths:
        text = os.fspath(raw)
        if text == STDIN:
            continue
        try:
            os.lstat(text)
            continue
        except FileNotFoundError:
            if GLOB_CHARS & set(text) and next(iglob(text, recursive=True), None) is not None:
                continue
            missing.append(f"no such file or folder: {text}")
        except OSError as exc:
            missing.append(f"{text}: {describe_os_error(exc)}")
    return missing


def count_articles(paths: Iterable[str | os.PathLike[str]], suffixes: frozenset[str]) -> InputCount:
    """Count the articles under ``paths`` without reading their text."""
    count = InputCount()
    for item in iter_files([p for p in paths if os.fspath(p) != STDIN], suffixes):
        if isinstance(item, IngestError):
            count.problems.append(item)
            continue
        count.files += 1
        count.articles += _rows(item) if item.suffix.lower() in TABLE_SUFFIXES else 1
    count.articles += sum(os.fspath(p) == STDIN for p in paths)
    count.files += sum(os.fspath(p) == STDIN for p in paths)
    return count


def require_inputs(paths: Iterable[str | os.PathLike[str]], suffixes: frozenset[str]) -> InputCount:
    """Count the inputs, or raise :class:`InputError` when one is missing or none holds
    anything readable (then nothing has been written yet)."""
    paths = list(paths)
    missing = missing_paths(paths)
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise InputError(f"{missing[0]}{more}")
    count = count_articles(paths, suffixes)
    if count.files == 0 and count.problems:
        first = count.problems[0]
        more = f" (and {len(count.problems) - 1} more)" if len(count.problems) > 1 else ""
        raise InputError(f"no articles found: {first.source}: {first.reason}{more}")
    if count.files == 0:
        where = ", ".join(os.fspath(p) for p in paths[:3]) + (" ..." if len(paths) > 3 else "")
        kinds = " ".join(sorted(suffixes))
        raise InputError(f"no articles found in {where} (readable files: {kinds})")
    return count


def _rows(path: Path) -> int:
    """Rows of a table file; 1 when it cannot be scanned (the reader reports why)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return max(1, pq.ParquetFile(path).metadata.num_rows)
        if suffix in (".jsonl", ".ndjson"):
            with path.open("rb") as fh:
                return max(1, sum(1 for line in fh if line.strip()))
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            return max(1, sum(1 for _ in csv.reader(fh)) - 1)
    except Exception:  # noqa: BLE001 - any failure here is reported by the reader itself
        return 1
