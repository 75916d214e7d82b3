"""Shared fixtures: one real spaCy pipeline per test session, real temp DuckDB files."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def nlp():
    """The real default pipeline with the quote_attribution component."""
    from audit.extract import load_pipeline

    return load_pipeline()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


def shared_or_skip(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test on machines without it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path}")
    return path
