"""The ``[check]`` table of the config, validated, with command-line flags on top.

::

    [check]
    fail_level = "warning"          # error | warning | info
    select = ["misquote", "misattribution"]   # default: every rule
    ignore = ["loaded-cue"]

    [check.rules.misquote]
    severity = "error"
    threshold = 85                  # keys listed in the rule's ``defaults``

A typo (unknown key, rule, severity or threshold) is a config error (exit 2), never a
silently ignored setting.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from audit.check.rules import RULES, RULES_BY_ID
from audit.config import Config, ConfigError
from audit.model import Severity

SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
"""Order of severities: ``--fail-level warning`` fails on warnings and errors."""
DEFAULT_FAIL_LEVEL: Severity = "error"
CHECK_KEYS = frozenset({"fail_level", "select", "ignore", "rules"})
PARAM_RANGES: dict[str, tuple[float, float]] = {"threshold": (0, 100), "same_speaker_threshold": (0, 100),
                                                "min_words": (1, 1000)}
"""Allowed values of the rules' numeric settings: thresholds are rapidfuzz scores (0-100),
so ``threshold = 1000`` would silently switch a rule off; ``min_words`` counts words."""


@dataclass(slots=True)
class RuleSettings:
    """One rule as configured: its severity and its thresholds."""

    severity: Severity
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class CheckSettings:
    """What to check and when to fail."""

    fail_level: Severity = DEFAULT_FAIL_LEVEL
    rules: dict[str, RuleSettings] = field(default_factory=dict)
    """Enabled rules only, in ``RULES`` order."""


def _severity(value: object, where: str) -> Severity:
    if value not in SEVERITY_RANK:
        raise ConfigError(f"{where}: severity must be one of error, warning, info (got {value!r})")
    return value  # type: ignore[return-value]


def _rule_ids(value: object, where: str) -> list[str]:
    ids = [value] if isinstance(value, str) else list(value) if isinstance(value, Iterable) else None
    if ids is None or not all(isinstance(i, str) for i in ids):
        raise ConfigError(f"{where}: expected a list of rule ids")
    ids = [p.strip() for i in ids for p in i.split(",") if p.strip()]
    unknown = [i for i in ids if i not in RULES_BY_ID]
    if unknown:
        raise ConfigError(f"{where}: unknown rule(s): {', '.join(unknown)} (known: {', '.join(RULES_BY_ID)})")
    return ids


def _rule_settings(rule_id: str, table: object) -> RuleSettings:
    where = f"[check.rules.{rule_id}]"
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: expected a table")
    rule = RULES_BY_ID[rule_id]
    unknown = set(table) - {"severity"} - set(rule.defaults)
    if unknown:
        allowed = ", ".join(["severity", *rule.defaults])
        raise ConfigError(f"{where}: unknown setting(s) {', '.join(sorted(unknown))} (allowed: {allowed})")
    params = dict(rule.defaults)
    for key, value in table.items():
        if key == "severity":
            continue
        if isinstance(rule.defaults[key], str):  # a severity setting such as known_speaker_severity
            params[key] = _severity(value, f"{where} {key}")
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: {key} must be a number (got {value!r})")
        elif not PARAM_RANGES[key][0] <= value <= PARAM_RANGES[key][1]:
            low, high = PARAM_RANGES[key]
            raise ConfigError(f"{where}: {key} must be between {low:g} and {high:g} (got {value!r})")
        else:
            params[key] = value
    return RuleSettings(_severity(table.get("severity", rule.severity), where), params)


def load_settings(
    table: Mapping[str, Any] | None,
    *,
    fail_level: str | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> CheckSettings:
    """Settings from the config's ``[check]`` table; non-``None`` flags win over it."""
    table = table or {}
    if not isinstance(table, Mapping):
        raise ConfigError("[check]: expected a table")
    unknown = set(table) - CHECK_KEYS
    if unknown:
        raise ConfigError(f"[check]: unknown setting(s) {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(CHECK_KEYS))})")
    level = _severity(fail_level if fail_level is not None else table.get("fail_level", DEFAULT_FAIL_LEVEL), "fail level")
    chosen = set(_rule_ids(select, "--select") if select is not None else _rule_ids(table.get("select", list(RULES_BY_ID)), "[check] select"))
    chosen -= set(_rule_ids(ignore, "--ignore") if ignore is not None else _rule_ids(table.get("ignore", []), "[check] ignore"))
    per_rule = table.get("rules", {})
    if not isinstance(per_rule, Mapping):
        raise ConfigError("[check.rules]: expected a table of rule tables")
    _rule_ids(list(per_rule), "[check.rules]")
    rules = {r.id: _rule_settings(r.id, per_rule.get(r.id, {})) for r in RULES if r.id in chosen}
    return CheckSettings(fail_level=level, rules=rules)


def check_config(cfg: Config) -> Config:
    """``cfg`` with its ``[check]`` table validated as :func:`load_settings` reads it, the
    error naming the config file: the part of validating a config that needs the rules, so
    it lives here rather than in ``audit.config`` (which every stage imports)."""
    try:
        load_settings(cfg.check)
    except ConfigError as exc:
        raise ConfigError(f"{cfg.source or 'settings'}: {exc}") from None
    return cfg
