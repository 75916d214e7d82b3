"""Where the job runs. Like Splink's linker, one API with interchangeable backends that
run the same logic: ``duckdb`` (the default: one machine, one database file) and
``spark`` (local mode or a cluster; optional install ``quote-audit[spark]``). Both call
the same extraction, normalisation, verification, clustering and scoring functions, and
give the same statements, conflicts and scores for the same articles.

    from audit.engines import run
    result = run(["coverage/"], engine="spark", master="local[2]", out="reports")
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    from audit.pipeline import RunResult

ENGINES: tuple[str, ...] = ("duckdb", "spark")
"""Engine names accepted by ``run`` and ``audit run --engine``."""


class EngineError(RuntimeError):
    """An engine cannot run as asked (unknown name, an option it does not take, pyspark or
    Java missing); the message says what to do."""


def run(paths: Sequence[str | Path] | None = None, *, engine: str = "duckdb", master: str | None = None,
        **options: Any) -> RunResult:
    """Run the whole job on ``engine``: ``audit.pipeline.run`` over that engine. ``options`` are those of
    ``audit.pipeline.run`` (``db``, ``out``, ``model``, ``config``, ``progress``; ``workers`` and ``story``
    for DuckDB; ``spark``, an existing session, for Spark). ``master`` (Spark only) is a Spark master URL or
    ``sc://`` for Spark Connect."""
    from audit.pipeline import DuckDBEngine
    from audit.pipeline import run as run_pipeline

    if engine == "duckdb":
        if master is not None:
            raise EngineError("--master applies to the spark engine only")
        return run_pipeline(paths, engine=DuckDBEngine(), **options)
    if engine == "spark":
        from audit.engines.spark import SparkEngine

        options.pop("workers", None)  # Spark's parallelism is the master's cores
        if options.pop("story", None) is not None:
            raise EngineError("--story applies to the duckdb engine only (spark writes one table folder per run)")
        return run_pipeline(paths, engine=SparkEngine(master, options.pop("spark", None)), **options)
    raise EngineError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")


__all__ = ["ENGINES", "EngineError", "run"]
