"""``--diff-base REF``: report only findings on lines changed since a git ref.

A newsroom that adopts ``check`` on an archive of drafts wants the gate to judge what a
merge request changes, not every quote ever printed. For each draft, ``git diff -U0 REF
-- FILE`` (run in the draft's folder, so any repository layout works) lists the added or
changed lines; a finding is kept when its lines overlap them. A draft git does not track
yet is new since any ref: all its lines count. Outside a git repository, or with a ref
git does not know, the whole run stops with a one-line error (exit 2).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)
"""A unified-diff hunk header; ``+start,count`` are the new file's lines (count 0: only
deletions, no line of the draft to report on)."""

GIT_TIMEOUT = 30.0


class DiffBaseError(ValueError):
    """``--diff-base`` cannot be honoured (no git, not a repository, unknown ref)."""


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError as exc:
        raise DiffBaseError("--diff-base needs git, which is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise DiffBaseError(f"--diff-base: git took longer than {GIT_TIMEOUT:.0f} s in {cwd}") from exc


def changed_lines(path: Path, ref: str) -> set[int] | None:
    """1-based lines of ``path`` added or changed since ``ref``; ``None`` means every
    line (a file git does not track)."""
    if ref.startswith("-"):
        raise DiffBaseError(f"--diff-base: {ref!r} is not a git ref")
    folder = path.resolve().parent
    inside = _git(["rev-parse", "--is-inside-work-tree"], folder)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise DiffBaseError(f"--diff-base needs a git repository, and {path} is not inside one")
    known = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], folder)
    if known.returncode != 0:
        raise DiffBaseError(f"--diff-base: unknown git ref {ref!r} (in {folder})")
    tracked = _git(["ls-files", "--error-unmatch", "--", path.name], folder)
    if tracked.returncode != 0:
        return None
    diff = _git(["diff", "-U0", "--no-color", "--no-ext-diff", ref, "--", path.name], folder)
    if diff.returncode != 0:
        raise DiffBaseError(f"--diff-base: git diff failed for {path}: {diff.stderr.strip().splitlines()[-1:]}")
    lines: set[int] = set()
    for m in HUNK.finditer(diff.stdout):
        start, count = int(m.group(1)), int(m.group(2) or 1)
        lines.update(range(start, start + count))
    return lines


def on_changed_lines(line: int, end_line: int | None, changed: set[int] | None) -> bool:
    """Whether a finding spanning ``line``..``end_line`` touches a changed line."""
    if changed is None:
        return True
    return any(n in changed for n in range(line, (end_line or line) + 1))
