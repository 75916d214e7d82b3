"""GitLab Code Quality report (``artifacts: reports: codequality``): a JSON array of
issues, each with a description, a check name, a severity, a location and a fingerprint
GitLab uses to tell new issues from old ones in a merge request.

The fingerprint is the baseline's (rule + normalised quote, never the line) plus the
path and the occurrence number, because GitLab needs it unique per issue: the same
misquote printed twice in one draft is two issues."""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from audit.check import CheckResult
from audit.check.baseline import fingerprint
from audit.check.formats.sarif import _uri

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}
"""Our severities -> Code Quality severities (info, minor, major, critical, blocker)."""

UNREADABLE_CHECK = "unreadable-draft"
"""Check name of the issue listed for a draft that could not be checked (unreadable, not
UTF-8, a symlink out of its folder): GitLab shows only issues, and a draft nobody checked
must not look clean."""


def render(result: CheckResult) -> str:
    seen: Counter[tuple[str, str]] = Counter()
    issues = []
    for f in result.findings:
        path = _uri(f.path)
        key = (path, fingerprint(f))
        seen[key] += 1
        unique = hashlib.sha256(f"{path}\0{key[1]}\0{seen[key]}".encode()).hexdigest()
        issues.append(
            {
                "type": "issue",
                "check_name": f.rule,
                "description": f"{f.message} (fix: {f.hint})",
                "categories": ["Style"],
                "severity": SEVERITIES[f.severity],
                "fingerprint": unique,
                "location": {"path": path, "lines": {"begin": f.line, "end": f.end_line or f.line}},
            }
        )
    for draft, error in result.unreadable.items():
        path = _uri(draft)
        issues.append(
            {
                "type": "issue",
                "check_name": UNREADABLE_CHECK,
                "description": error,
                "categories": ["Bug Risk"],
                "severity": "major",
                "fingerprint": hashlib.sha256(f"{path}\0{UNREADABLE_CHECK}".encode()).hexdigest(),
                "location": {"path": path, "lines": {"begin": 1, "end": 1}},
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
