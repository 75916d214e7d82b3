"""The rules ``audit check`` applies, one module each; :data:`RULES` lists them in the
order findings on the same quote are reported."""

from __future__ import annotations

from audit.check.rules.anonymous_source import AnonymousSource
from audit.check.rules.base import (
    Examples,
    Hit,
    QuoteContext,
    Rule,
    examples,
    same_speaker,
)
from audit.check.rules.group_source import GroupSource
from audit.check.rules.loaded_cue import LoadedCue
from audit.check.rules.misattribution import Misattribution
from audit.check.rules.misquote import Misquote
from audit.check.rules.number_mismatch import NumberMismatch
from audit.check.rules.unattributed_quote import UnattributedQuote
from audit.check.rules.unverified_quote import UnverifiedQuote

RULES: tuple[type[Rule], ...] = (
    Misquote,
    Misattribution,
    UnattributedQuote,
    UnverifiedQuote,
    AnonymousSource,
    GroupSource,
    NumberMismatch,
    LoadedCue,
)
RULES_BY_ID: dict[str, type[Rule]] = {rule.id: rule for rule in RULES}

__all__ = ["RULES", "RULES_BY_ID", "Examples", "Hit", "QuoteContext", "Rule", "examples", "same_speaker"]
