"""The whole job, in the order data flows: ingest -> extract -> store -> match -> link -> score -> report.

``run()`` only sequences the stages, once for every engine; each stage's own module does the work, so any
step can be run alone (``audit ingest``, ``audit match``, ``audit report``). Where the stages run is an
:class:`Engine`: :class:`DuckDBEngine` (one process, one database file) or
``audit.engines.spark.SparkEngine`` (a Spark cluster, a folder of Parquet tables).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from audit.config import Config, default_corpus_files, load_config

if TYPE_CHECKING:  # pragma: no cover - typing only
    from spacy.language import Language

    from audit.ingest.count import InputCount
    from audit.speakers import Registry

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


class Steps(Protocol):
    """The stages on one engine's storage, opened by :meth:`Engine.open`."""

    def ingest(self, paths: Sequence[str | Path], *, nlp: Language, model: str, config: Config, inputs: InputCount,
               story: str, progress: bool, workers: int) -> Any:
        """Read, extract and store ``paths``; the ``IngestStats``."""

    def match(self) -> Any:
        """The lexical matcher over everything stored; the ``MatchStats``."""

    def link(self, window_days: int | None) -> Any:
        """The semantic stage; the ``LinkStats``."""

    def score(self, verified: Any, story: str | None) -> tuple[Any, Any]:
        """The ``Scores`` (of ``story``'s articles, where the engine records stories) and the story's scope."""


class Engine(Protocol):
    """Where the stages run. :func:`run` does everything that does not depend on it (settings, inputs
    checked, models loaded before anything is written, reports, interrupts) once for every engine."""

    stories: bool
    """Whether the storage records which articles each run was about, so reports can cover one story."""
    resumable: bool
    """Whether an interrupted run leaves whole articles stored for the next run to skip (Ctrl-C is then a
    :class:`RunInterrupted`)."""

    def destination(self, paths: Sequence[str | Path] | None, *, db: str | Path | None, out: str | Path | None,
                    config: Config) -> Path:
        """Where the run's storage goes (``RunResult.db``)."""

    def prepare(self, nlp: Language, config: Config) -> None:
        """Anything that may fail on the driver before a byte is written."""

    def open(self, destination: Path, registry: Registry) -> AbstractContextManager[Steps]:
        """The storage at ``destination``, with ``registry`` loaded, for the stages."""


class DuckDBEngine:
    """The stages in this process, on one DuckDB file (``audit.store.Store``): the reference the Spark
    engine's results are tested against, and the faster choice wherever one machine suffices."""

    stories = True
    resumable = True

    def destination(self, paths: Sequence[str | Path] | None, *, db: str | Path | None, out: str | Path | None,
                    config: Config) -> Path:
        return database_path(paths, db=db, out=out, config=config)

    def prepare(self, nlp: Language, config: Config) -> None:
        if config.model_path:  # the optional learned tagger (``quote-audit[learned]``)
            from audit.learned.combine import add_tagger

            add_tagger(nlp, config.model_path, int8=config.int8)

    @contextmanager
    def open(self, destination: Path, registry: Registry) -> Iterator[Steps]:
        from audit.store import Store

        destination.parent.mkdir(parents=True, exist_ok=True)
        with Store(destination) as store:
            store.load_registry(registry)
            yield _DuckDBSteps(store)


@dataclass(slots=True)
class _DuckDBSteps:
    store: Any

    def ingest(self, paths: Sequence[str | Path], *, nlp: Language, model: str, config: Config, inputs: InputCount,
               story: str, progress: bool, workers: int) -> Any:
        from audit.load import ingest

        return ingest(list(paths), self.store, nlp=nlp, progress=progress, workers=workers,
                      text_column=config.text_column, columns=config.columns, total=inputs.articles, story=story)

    def match(self) -> Any:
        from audit.match import match

        return match(self.store)

    def link(self, window_days: int | None) -> Any:
        from audit.link import link

        return link(self.store, window_days=window_days)

    def score(self, verified: Any, story: str | None) -> tuple[Any, Any]:
        from audit.score import score
        from audit.stories import scope

        return score(self.store, verified=verified, story=story), scope(self.store.con, story)


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
    engine: Engine | None = None,
) -> RunResult:
    """Audit ``paths`` (files, folders, globs); with none, the bundled demo corpus.

    The reports are about these inputs' articles only, the story ``story`` (default: the
    inputs' folder name, ``audit.stories.default_label``), however many other stories
    the database holds; matching still sees the whole database. ``engine`` says where the
    stages run (default: :class:`DuckDBEngine`; ``workers`` are its parsing processes).

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
    from audit.reference import SPEAKERS_FILE
    from audit.report import write_reports
    from audit.score.verified import load_verified
    from audit.speakers import Registry
    from audit.stories import default_label

    engine = engine or DuckDBEngine()
    cfg = config or load_config()
    out_dir = Path(out or cfg.out)
    destination = engine.destination(paths, db=db, out=out, config=cfg)
    label = story or default_label(paths)
    if not paths:
        paths = default_corpus_files()
    inputs = require_inputs(paths, frozenset(READERS))  # before anything is written

    reference = reference_dir(cfg)
    registry = Registry.load(reference / SPEAKERS_FILE)
    model_name = model or cfg.model
    nlp = load_pipeline(model_name, registry=registry)  # fail fast, before touching the storage
    if cfg.semantic:
        from audit.link.embed import load_encoder

        load_encoder()  # the same: a missing encoder fails before anything is written
    engine.prepare(nlp, cfg)
    out_dir.mkdir(parents=True, exist_ok=True)
    shown = label if engine.stories else None
    stage = "ingest"
    try:
        with engine.open(destination, registry) as steps:
            ingested = steps.ingest(paths, nlp=nlp, model=model_name, config=cfg, inputs=inputs, story=label,
                                    progress=progress, workers=workers)
            stage = "match"
            matched = steps.match()
            linked = steps.link(cfg.semantic_window_days) if cfg.semantic else None
            stage = "scoring"
            scores, scope = steps.score(load_verified(reference), shown)
            stage = "writing reports"
            written = write_reports(scores, out_dir, story=shown)
    except BaseException as exc:
        if engine.resumable and is_interrupt(exc):
            raise RunInterrupted(destination, stage) from None
        raise
    return RunResult(db=destination, ingest=ingested, match=matched, written=written, scores=scores, link=linked,
                     scope=scope)
