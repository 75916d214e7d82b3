"""The DuckDB engine: the whole job in one process and one database file
(``audit.pipeline.run``). It is the reference the Spark engine's results are tested
against, and the faster choice wherever one machine suffices."""

from __future__ import annotations

from audit.pipeline import DEMO_DB_NAME, RunResult, run

__all__ = ["DEMO_DB_NAME", "RunResult", "run"]
