"""SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps): every rule is described
once in ``tool.driver.rules`` (from its docstring and hint); each finding is a result
with its exact region and a ``partialFingerprints`` entry equal to the baseline
fingerprint, so code scanning tracks a finding across edits the way the baseline does."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import audit
from audit.check import CheckResult
from audit.check.baseline import fingerprint
from audit.check.rules import RULES

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
"""Our severities -> SARIF result levels."""


def _uri(path: str) -> str:
    """A relative POSIX path where the draft lies under the working folder, else a file URI."""
    p = Path(path)
    if not p.is_absolute():
        return p.as_posix()
    try:
        return p.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return p.as_uri()


def _rule_descriptors() -> list[dict[str, object]]:
    return [
        {
            "id": rule.id,
            "name": "".join(part.title() for part in rule.id.split("-")),
            "shortDescription": {"text": rule.summary()},
            "fullDescription": {"text": (inspect.getdoc(rule) or "").split("\n\n")[1]},
            "help": {"text": rule.hint},
            "defaultConfiguration": {"level": LEVELS[rule.severity]},
        }
        for rule in RULES
    ]


def render(result: CheckResult) -> str:
    index = {rule.id: i for i, rule in enumerate(RULES)}
    results = []
    for f in result.findings:
        region: dict[str, int] = {"startLine": f.line, "startColumn": f.col}
        if f.end_line is not None and f.end_col is not None:
            region |= {"endLine": f.end_line, "endColumn": f.end_col}
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": LEVELS[f.severity],
                "message": {"text": f"{f.message}\nFix: {f.hint}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.path)}, "region": region}}],
                "partialFingerprints": {"quoteText/v1": fingerprint(f)},
                "properties": {"quote": f.quote, **{k: v for k, v in f.extra.items() if v is not None}},
            }
        )
    notifications = [{"level": "error", "message": {"text": e}} for e in result.errors]
    notifications += [{"level": "warning", "message": {"text": n}} for n in result.notes]
    run = {
        "tool": {
            "driver": {
                "name": "audit check",
                "semanticVersion": audit.__version__,
                "rules": _rule_descriptors(),
            }
        },
        "invocations": [{"executionSuccessful": not result.errors, "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    doc = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"
