"""The whole result as one JSON document, for scripts: findings with every field,
per-file errors, notes and counts."""

from __future__ import annotations

import json
from dataclasses import asdict

from audit.check import CheckResult
from audit.check.baseline import fingerprint

JSON_VERSION = 1


def render(result: CheckResult) -> str:
    doc = {
        "version": JSON_VERSION,
        "files": result.files,
        "findings": [{**asdict(f), "fingerprint": fingerprint(f)} for f in result.findings],
        "errors": result.errors,
        "notes": result.notes,
        "summary": {**result.counts(), "suppressed": result.suppressed, "baselined": result.baselined,
                    "fail_level": result.fail_level, "exit_code": result.exit_code()},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"
