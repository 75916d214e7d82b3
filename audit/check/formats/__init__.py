"""Output formats of ``audit check``, one module each: ``render(result) -> str``."""

from __future__ import annotations

from collections.abc import Callable

from audit.check import CheckResult
from audit.check.formats import github, gitlab, json, junit, sarif, text

FORMATS: dict[str, Callable[[CheckResult], str]] = {
    "text": text.render,
    "json": json.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
    "gitlab": gitlab.render,
}


def render(result: CheckResult, fmt: str) -> str:
    """The result in format ``fmt`` (a key of :data:`FORMATS`)."""
    return FORMATS[fmt](result)


__all__ = ["FORMATS", "render"]
