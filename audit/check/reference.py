"""What a draft is checked against: verified statements and an ingested store.

Two sources, one answer shape (:class:`Match`):

* ``reference/statements.toml``: statements an editor verified by hand (``[[statement]]``
  tables with ``id``, ``speaker``, ``text``, ``source``, ``date``, ``url``), few enough
  to compare every quote against every statement with rapidfuzz;
* the DuckDB store built by ``audit ingest`` / ``audit run``, opened read-only: its
  ``statements`` are found through ``audit.match.lookup`` (blocking index, then
  rapidfuzz), so a store of 100,000 statements still answers in milliseconds.

This module is the only place ``check`` touches the reference, so rules see plain
records and tests can build a :class:`Reference` from a list.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from audit.match.normalise import normalise_series

STATEMENTS_FILE = "statements.toml"
SPEAKERS_FILE = "speakers.toml"
LOOKUP_MIN_SCORE = 70.0
"""Candidates scoring below this (0-100) are not returned at all; rules apply their own,
higher thresholds on top."""
MAX_CANDIDATES = 5
"""Per quote: enough to see a same-speaker and a different-speaker match side by side."""

def quote_score(quote_norm: str, statement_norm: str) -> tuple[float, bool]:
    """Similarity 0-100 of a normalised quote to a normalised statement, and whether it
    was a partial (fragment) match: a quote shorter than the statement is compared with
    its best-aligned window, since printing part of what was said is no misquote."""
    if len(quote_norm) < len(statement_norm):
        return fuzz.partial_ratio(quote_norm, statement_norm), True
    return fuzz.ratio(quote_norm, statement_norm), False


def _scorer(quote_norm: str, statement_norm: str, **_: Any) -> float:
    return quote_score(quote_norm, statement_norm)[0]


@dataclass(frozen=True, slots=True)
class Statement:
    """One reference statement: what a speaker verifiably said."""

    statement_id: str
    text: str
    speaker: str | None = None
    """Speaker id or name as the reference gives it."""
    speaker_name: str | None = None
    source: str | None = None
    date: str | None = None
    url: str | None = None
    origin: str = "reference"
    """``reference`` (hand-verified file) or ``store`` (ingested coverage)."""
    cues: tuple[str, ...] = ()
    """Reporting verbs the reference itself uses for these words (ground for a loaded cue)."""
    translated: bool = False
    """The words are a translation: other renderings differ without being misquotes."""

    @property
    def label(self) -> str:
        """How a message names the statement's speaker."""
        return self.speaker_name or self.speaker or "an unknown speaker"


@dataclass(frozen=True, slots=True)
class Match:
    """A reference statement found for a quote, with its similarity (0-100)."""

    statement: Statement
    score: float
    partial: bool


class ReferenceError(ValueError):
    """A reference file or store that cannot be read."""


def load_statements_file(path: Path, names: dict[str, str] | None = None) -> list[Statement]:
    """Read ``statements.toml``: an array of ``[[statement]]`` tables (or any array of
    tables holding ``text``), keys ``id``, ``speaker``, ``text``, ``source``, ``date``,
    ``url``, optional ``cues`` and ``translated``. ``names`` maps speaker ids to the
    names messages show."""
    names = names or {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ReferenceError(f"{path}: cannot read reference statements: {exc}") from exc
    tables = [t for v in data.values() if isinstance(v, list) for t in v if isinstance(t, dict)]
    statements = []
    for i, table in enumerate(tables):
        if not table.get("text"):
            raise ReferenceError(f"{path}: statement #{i + 1} has no text")
        statements.append(
            Statement(
                statement_id=str(table.get("id") or f"{path.stem}#{i + 1}"),
                text=str(table["text"]),
                speaker=table.get("speaker"),
                speaker_name=names.get(str(table.get("speaker"))),
                source=table.get("source"),
                date=str(table["date"]) if table.get("date") else None,
                url=table.get("url"),
                cues=tuple(table.get("cues", ())),
                translated=bool(table.get("translated", False)),
            )
        )
    return statements


def _speaker_names(reference_dir: Path) -> dict[str, str]:
    """Speaker id -> canonical name from the registry beside the statements."""
    from audit.speakers import Registry, RegistryError

    path = reference_dir / SPEAKERS_FILE
    if not path.is_file():
        return {}
    try:
        return {sp.speaker_id: sp.name for sp in Registry.load(path)}
    except RegistryError as exc:
        raise ReferenceError(str(exc)) from exc


class Reference:
    """Verified statements in memory plus, optionally, a read-only store."""

    def __init__(self, statements: Iterable[Statement] = (), con: Any = None) -> None:
        self.statements = list(statements)
        self._norms = normalise_series([s.text for s in self.statements]).to_list() if self.statements else []
        self.con = con

    @classmethod
    def load(cls, reference_dir: Path | None = None, store_path: Path | None = None) -> Reference:
        """Statements from ``reference_dir/statements.toml`` (if present) and the store at
        ``store_path`` (if given; it must exist)."""
        statements: list[Statement] = []
        if reference_dir is not None and (reference_dir / STATEMENTS_FILE).is_file():
            statements = load_statements_file(reference_dir / STATEMENTS_FILE, _speaker_names(reference_dir))
        con = None
        if store_path is not None:
            from audit.store import Store, StoreError

            if not Path(store_path).is_file():
                raise ReferenceError(f"{store_path}: no such store; build one with `audit ingest`")
            try:  # through Store: it waits for a writer to finish and says who holds the file
                con = Store(store_path, read_only=True).con
            except StoreError as exc:
                raise ReferenceError(str(exc)) from exc
        return cls(statements, con)

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    def __enter__(self) -> Reference:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def lookup(self, texts: Sequence[str], min_score: float = LOOKUP_MIN_SCORE) -> list[list[Match]]:
        """For each text, its best matches (highest score first) from both sources."""
        norms = normalise_series(list(texts)).to_list() if texts else []
        found: list[list[Match]] = [self._lookup_memory(n, min_score) for n in norms]
        if self.con is not None and texts:
            for matches, more in zip(found, self._lookup_store(list(texts), min_score)):
                matches.extend(more)
        for matches in found:
            matches.sort(key=lambda m: (-m.score, m.statement.origin != "reference"))
            del matches[MAX_CANDIDATES:]
        return found

    def _lookup_memory(self, norm: str, min_score: float) -> list[Match]:
        if not norm or not self._norms:
            return []
        hits = process.extract(norm, self._norms, scorer=_scorer, score_cutoff=min_score, limit=MAX_CANDIDATES)
        return [Match(self.statements[i], score, quote_score(norm, self._norms[i])[1]) for _, score, i in hits]

    def _lookup_store(self, texts: list[str], min_score: float) -> list[list[Match]]:
        from audit.match import lookup

        per_text = lookup(self.con, texts, min_score)
        ids = sorted({c.statement_id for cands in per_text for c in cands})
        details = self._store_details(ids)
        return [
            [Match(details[c.statement_id], float(c.score), bool(c.partial)) for c in cands if c.statement_id in details]
            for cands in per_text
        ]

    def _store_details(self, ids: list[str]) -> dict[str, Statement]:
        """Speaker names, cues, and the earliest outlet printing each store statement found
        (filtered to those statements first: the quotes table may hold millions of rows)."""
        if not ids:
            return {}
        rows = self.con.execute(
            """
            WITH s AS (SELECT statement_id, text, speaker_id FROM statements
                       WHERE statement_id IN (SELECT unnest(?::VARCHAR[]))),
            r AS (SELECT sq.statement_id, q.cue, a.outlet, a.published, a.url
                  FROM statement_quotes sq JOIN s USING (statement_id)
                  JOIN quotes q ON q.quote_id = sq.quote_id
                  LEFT JOIN articles a ON a.article_id = q.article_id)
            SELECT s.statement_id, s.text, s.speaker_id, any_value(sp.name),
                   arg_min(r.outlet, r.published), min(r.published)::VARCHAR, arg_min(r.url, r.published),
                   list(DISTINCT lower(r.cue)) FILTER (WHERE r.cue IS NOT NULL)
            FROM s LEFT JOIN speakers sp ON sp.speaker_id = s.speaker_id
            LEFT JOIN r ON r.statement_id = s.statement_id
            GROUP BY s.statement_id, s.text, s.speaker_id
            """,
            [ids],
        ).fetchall()
        return {
            r[0]: Statement(
                statement_id=r[0], text=r[1], speaker=r[2], speaker_name=r[3], source=r[4],
                date=r[5], url=r[6], origin="store", cues=tuple(r[7] or ()),
            )
            for r in rows
        }
