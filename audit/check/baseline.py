"""Baseline: accept a draft's known findings so only new ones fail the build.

A finding's fingerprint is its rule plus the normalised text of the quote, never its
line: editing the paragraph above a known misquote moves it, but does not make it new.
The baseline counts fingerprints, so a known misquote printed a second time still
fails. The file is JSON, sorted, one finding per entry, so it diffs well in review::

    {"version": 1, "findings": [{"fingerprint": "...", "rule": "misquote",
      "quote": "...", "path": "drafts/a.md", "count": 1}]}
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from audit.lang.normalise import normalise
from audit.model import Finding

BASELINE_VERSION = 1
FINGERPRINT_CHARS = 16
"""Hex digits of the SHA-256 kept: 64 bits, no collisions at any realistic draft count."""


class BaselineError(ValueError):
    """A baseline file that cannot be read."""


def fingerprint(finding: Finding) -> str:
    """Stable id of a finding across edits: rule + normalised quote text."""
    key = f"{finding.rule}\0{normalise(finding.quote)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:FINGERPRINT_CHARS]


def write_baseline(findings: Iterable[Finding], path: Path) -> int:
    """Write every finding to ``path``; return how many entries were written."""
    entries: dict[str, dict[str, object]] = {}
    for f in findings:
        fp = fingerprint(f)
        entry = entries.setdefault(fp, {"fingerprint": fp, "rule": f.rule, "quote": f.quote, "path": f.path, "count": 0})
        entry["count"] = int(entry["count"]) + 1  # type: ignore[call-overload]
    rows = sorted(entries.values(), key=lambda e: (str(e["path"]), str(e["rule"]), str(e["quote"])))
    path.write_text(json.dumps({"version": BASELINE_VERSION, "findings": rows}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(rows)


def load_baseline(path: Path) -> Counter[str]:
    """How many findings of each fingerprint the baseline accepts."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc}") from exc
    except RecursionError:  # a hostile file of nested arrays
        raise BaselineError(f"{path}: cannot read baseline: nested too deeply") from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise BaselineError(f"{path}: not an audit baseline (version {BASELINE_VERSION} expected)")
    try:
        return Counter({str(e["fingerprint"]): int(e.get("count", 1)) for e in data["findings"]})
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BaselineError(f"{path}: malformed baseline entry: {exc}") from exc


def apply_baseline(findings: list[Finding], accepted: Counter[str]) -> tuple[list[Finding], int]:
    """Drop findings the baseline accepts (up to its count per fingerprint); return the
    rest and how many were dropped."""
    left = Counter(accepted)
    kept: list[Finding] = []
    for f in findings:
        fp = fingerprint(f)
        if left[fp] > 0:
            left[fp] -= 1
        else:
            kept.append(f)
    return kept, len(findings) - len(kept)
