"""Helpers shared by the ``test_check*`` modules: run rules on a draft string."""

from __future__ import annotations

from audit.check import check_draft
from audit.check.locate import parse_draft
from audit.check.reference import Reference, Statement
from audit.check.settings import load_settings
from audit.model import Finding


def reference_of(*statements: tuple[str, str], **extra: object) -> Reference:
    """A reference from ``(speaker, words)`` pairs; the speaker is both id and name."""
    return Reference(
        Statement(statement_id=f"st{i}", text=text, speaker=speaker, speaker_name=speaker, **extra)  # type: ignore[arg-type]
        for i, (speaker, text) in enumerate(statements, 1)
    )


def run_rules(nlp, text: str, reference: Reference, *rules: str, path: str = "draft.txt", table: dict | None = None) -> list[Finding]:
    """Findings of ``rules`` (default all) on a draft given as a string."""
    settings = load_settings(table, select=list(rules) or None)
    findings, _, _ = check_draft(parse_draft(text, path), nlp=nlp, reference=reference, settings=settings)
    return findings
