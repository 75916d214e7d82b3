"""Turn the user's paths (files, folders, globs) into a stream of files to read.

Folders are walked recursively in name order (so runs are reproducible), following
symlinked folders once; a symlink that points back into its own ancestry is reported
as a loop instead of being walked forever. Hidden entries and files with suffixes no
reader handles are skipped inside folders (a hidden file a reader would handle gets an
``ingest_errors`` row saying so), but a file named explicitly is always read or reported.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from audit.ingest.common import describe_os_error
from audit.ingest.kinds import suffix_of
from audit.model import IngestError, SkippedInput

GLOB_CHARS = frozenset("*?[")

HIDDEN_SKIPPED = "hidden file skipped (name it explicitly to read it)"
"""Reason recorded for a hidden file a reader would handle (``.draft.txt``, macOS's
``._story.txt``): skipped, since hidden files are mostly editor and system leftovers, but
listed, so nothing in the folder goes unread without a trace. Hidden folders (``.git``)
are skipped without a row."""


UNREAD_SUFFIXES = frozenset({".json", ".xml", ".xhtml", ".shtml", ".gz", ".bz2", ".xz", ".zst", ".zip",
                             ".pdf", ".doc", ".docx", ".odt", ".rtf"})
"""Suffixes no reader handles but that often hold articles (a JSON export, a compressed
``.txt.gz``, a saved page, a word-processor file): inside a folder each gets an
``ingest_errors`` row, so an archive of articles is never skipped without a trace. Other
unknown files (images, scripts) are passed over silently."""

OUTPUT_MARKER = ".quote-audit-output"
"""A file this tool puts in every folder it writes reports or tables into; a folder
holding it is never walked as input (``audit run .`` in the corpus folder writes
``./reports``, which the next night's run must not read back as articles)."""

OWN_OUTPUT_SKIPPED = f"written by quote-audit ({OUTPUT_MARKER}), not read as articles"


def mark_output(folder: Path) -> None:
    """Mark ``folder`` as this tool's output (see ``OUTPUT_MARKER``); the folder exists."""
    marker = folder / OUTPUT_MARKER
    if os.path.lexists(marker):
        return
    try:  # O_EXCL: a symlink planted at the name is never followed
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("Written by quote-audit: `audit ingest` and `audit run` never read this folder as articles.\n")


def iter_files(paths: Iterable[str | os.PathLike[str]], suffixes: frozenset[str]) -> Iterator[Path | IngestError]:
    """Absolute paths of files to read, or errors for paths that cannot be used.

    Paths are made absolute without resolving symlinks, so an article's ``source`` stays
    the name the user sees and stays stable across runs from other folders.
    """
    for raw in paths:
        text = os.fspath(raw)
        if not os.path.lexists(text) and GLOB_CHARS & set(text):
            matches = sorted(glob.iglob(text, recursive=True))
            if not matches:
                yield IngestError(text, "pattern matched no files")
            for match in matches:
                yield from _entry(Path(os.path.abspath(match)), suffixes, explicit=False, ancestors=())
        else:
            yield from _entry(Path(os.path.abspath(text)), suffixes, explicit=True, ancestors=())


def _entry(
    path: Path, suffixes: frozenset[str], *, explicit: bool, ancestors: tuple[tuple[int, int], ...]
) -> Iterator[Path | IngestError]:
    """One path: a file to read, a folder to walk, or an error saying why neither."""
    try:
        info = path.stat()
    except OSError as exc:
        if path.is_symlink():
            kind = "symlink loop" if exc.errno == errno.ELOOP else "broken symlink"
            yield IngestError(str(path), f"{kind}: {describe_os_error(exc)}")
        else:
            yield IngestError(str(path), describe_os_error(exc))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(path, suffixes, ancestors, (info.st_dev, info.st_ino))
    elif suffix_of(path) not in suffixes:
        if explicit or path.suffix.lower() in UNREAD_SUFFIXES:
            yield IngestError(str(path), f"unsupported file type {path.suffix or '(no suffix)'!r}")
    elif not stat.S_ISREG(info.st_mode):
        yield IngestError(str(path), "not a regular file (device, pipe or socket)")
    else:
        yield path


def _walk(
    folder: Path, suffixes: frozenset[str], ancestors: tuple[tuple[int, int], ...], key: tuple[int, int]
) -> Iterator[Path | IngestError]:
    if key in ancestors:
        yield IngestError(str(folder), "symlink loop: folder links back to one that contains it")
        return
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError as exc:
        yield IngestError(str(folder), f"cannot list folder: {describe_os_error(exc)}")
        return
    if OUTPUT_MARKER in names:
        yield SkippedInput(str(folder), OWN_OUTPUT_SKIPPED)
        return
    for name in names:
        path = folder / name
        if not name.startswith("."):
            yield from _entry(path, suffixes, explicit=False, ancestors=(*ancestors, key))
        elif suffix_of(path) in suffixes and not path.is_dir():
            yield IngestError(str(path), HIDDEN_SKIPPED)
