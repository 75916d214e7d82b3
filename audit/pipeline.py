"""The whole job, in the order data flows: ingest -> extract -> store -> match -> score -> report.

``run()`` only sequences the stages; each stage's own module does the work, so any
step can be run alone (``audit ingest``, ``audit match``, ``audit report``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.config import Config, default_corpus_files, load_config

DEMO_DB_NAME = "demo.duckdb"
"""With no input paths ``run`` audits the bundled corpus into its own database inside the
output folder, so a demo never mixes into the user's ``audit.duckdb``."""


class RunInterrupted(Exception):
    """Ctrl-C during a run: ``stage`` names what was running. Every article stored in
    ``db`` before it is whole (ingest commits per chunk); reports were not (re)written."""

    def __init__(self, db: Path, stage: str) -> None:
        super().__init__(f"interrupted during {stage}")
        self.db = db
        self.stage = stage


def is_interrupt(exc: BaseException) -> bool:
    """Ctrl-C, however it arrives: as ``KeyboardInterrupt``, or from inside a DuckDB call,
    which turns the signal into its own ``InterruptException`` or a ``RuntimeError``
    saying "Query interrupted"."""
    import duckdb

    return isinstance(exc, (KeyboardInterrupt, duckdb.InterruptException)) or (
        isinstance(exc, RuntimeError) and "interrupted" in str(exc).lower()
    )


@dataclass(slots=True)
class RunResult:
    """What a run did: ingest counts, match counts, files written, the database used."""

    db: Path
    ingest: Any
    match: Any
    written: list[Path] = field(default_factory=list)
    scores: Any = None
    link: Any = None
    """What the semantic stage did (``audit.link.LinkStats``), or None when switched off."""
    scope: Any = None
    """The story reported on and what else the database holds (``audit.stories.StoryScope``)."""


def database_path(paths: Sequence[str | Path] | None, *, db: str | Path | None, out: str | Path | None,
                  config: Config) -> Path:
    """The database ``run`` writes: ``db``, else the demo database in the report folder when
    no input is given (so a demo never mixes into the user's), else the configured one."""
    if not paths:
        return Path(db) if db else Path(out or config.out) / DEMO_DB_NAME
    return Path(db or config.db)


def run(
    paths: Sequence[str | Path] | None = None,
    *,
    db: str | Path | None = None,
    out: str | Path | None = None,
    model: str | None = None,
    config: Config | None = None,
    progress: bool = False,
    workers: int = 1,
    story: str | None = None,
) -> RunResult:
    """Audit ``paths`` (files, folders, globs); with none, the bundled demo corpus.

    The reports are about these inputs' articles only, the story ``story`` (default: the
    inputs' folder name, ``audit.stories.default_label``), however many other stories
    the database holds; matching still sees the whole database.

    Raises :class:`audit.ingest.count.InputError` before writing anything when a path
    does not exist or no input holds an article, and :class:`RunInterrupted` on Ctrl-C.

    Example::

        from audit.pipeline import run
        result = run(["coverage/"], out="reports")
        print(result.written)
    """
    from audit.config import reference_dir
    from audit.extract import load_pipeline
    from audit.ingest import READERS
    from audit.ingest.count import require_inputs
    from audit.link import link
    from audit.load import ingest
    from audit.match import match
    from audit.reference import SPEAKERS_FILE
    from audit.report import write_reports
    from audit.score import score
    from audit.score.verified import load_verified
    from audit.speakers import Registry
    from audit.store import Store
    from audit.stories import default_label
    from audit.stories import scope as story_scope

    cfg = config or load_config()
    out_dir = Path(out or cfg.out)
    db_path = database_path(paths, db=db, out=out, config=cfg)
    label = story or default_label(paths)
    if not paths:
        paths = default_corpus_files()
    inputs = require_inputs(paths, frozenset(READERS))  # before anything is written

    reference = reference_dir(cfg)
    registry = Registry.load(reference / SPEAKERS_FILE)
    nlp = load_pipeline(model or cfg.model, registry=registry)  # fail fast, before touching the DB
    if cfg.semantic:
        from audit.link.embed import load_encoder

        load_encoder()  # the same: a missing encoder fails before anything is written
    if cfg.model_path:  # the optional learned tagger (``quote-audit[learned]``)
        from audit.learned.combine import add_tagger

        add_tagger(nlp, cfg.model_path, int8=cfg.int8)
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    stage = "ingest"
    try:
        with Store(db_path) as store:
            store.load_registry(registry)
            ingested = ingest(
                list(paths),
                store,
                nlp=nlp,
                progress=progress,
                workers=workers,
                text_column=cfg.text_column,
                columns=cfg.columns,
                total=inputs.articles,
                story=label,
            )
            stage = "match"
            matched = match(store)
            linked = link(store, window_days=cfg.semantic_window_days) if cfg.semantic else None
            stage = "scoring"
            scores = score(store, verified=load_verified(reference), story=label)
            scope = story_scope(store.con, label)
            stage = "writing reports"
            written = write_reports(scores, out_dir, story=label)
    except BaseException as exc:
        if is_interrupt(exc):
            raise RunInterrupted(db_path, stage) from None
        raise
    return RunResult(db=db_path, ingest=ingested, match=matched, written=written, scores=scores, link=linked,
                     scope=scope)
