"""The pre-commit hook: its default ``files`` matches drafts only, and the snippets users
copy name a revision that can exist."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _hook_files_pattern() -> re.Pattern[str]:
    lines = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").splitlines()
    [value] = [ln.split(":", 1)[1].strip() for ln in lines if re.match(r"^\s+files:", ln)]
    return re.compile(value)


@pytest.mark.parametrize("path", ["drafts/story.md", "newsroom/drafts/2026/a.html", "drafts/b.txt", "drafts/c.markdown"])
def test_hook_matches_drafts(path: str) -> None:
    assert _hook_files_pattern().search(path)


@pytest.mark.parametrize("path", ["README.md", "requirements.txt", "docs/check.md", "CHANGELOG.md", "drafts/x.py",
                                  "mydrafts/a.md"])
def test_hook_skips_other_repository_text(path: str) -> None:
    assert not _hook_files_pattern().search(path)


def test_pinned_revisions_exist() -> None:
    """Every ``rev:`` in the docs and the hook file is a full commit SHA (the project has
    no release tags yet) or a tag that exists in this repository."""
    tags = set(subprocess.run(["git", "tag"], cwd=ROOT, capture_output=True, text=True).stdout.split())
    texts = [ROOT / ".pre-commit-hooks.yaml", ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    revs = [m.group(1) for p in texts for m in re.finditer(r"^\s*#?\s*rev:\s*(\S+)", p.read_text(encoding="utf-8"), re.M)]
    assert revs
    for rev in revs:
        assert rev in tags or re.fullmatch(r"[0-9a-f]{40}", rev) or rev.startswith("<"), rev
