"""The evaluator: span arithmetic, one-to-one matching, gold loaders, figures, CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import DATA, shared_or_skip
from typer.testing import CliRunner

from audit.cli import app
from audit.eval.extraction import load_predictions, render
from audit.gold import (
    Attribution,
    EvalError,
    GoldDoc,
    GoldSet,
    jaccard,
    load_gold,
    match,
    mention_form,
    normalise_ranges,
    parse_brat,
    score,
    trim,
)

SEED = DATA / "seed"
SEED_GOLD = SEED / "lbc_2022-09-12_kharkiv-withdrawal.gold.jsonl"


# --------------------------------------------------------------------------- spans


def test_trim_strips_quote_marks_and_edge_punctuation_per_fragment() -> None:
    text = 'He said: \u201cWe won.\u201d Then, "more" came.'
    assert trim(text, ((8, 19),)) == ((10, 16),)  # ' “We won.”' -> 'We won'
    assert text[10:16] == "We won"
    assert trim(text, ((8, 19), (25, 32))) == ((10, 16), (26, 30))  # '"more" ' -> more
    assert trim(text, ((16, 19),)) == ()  # ".” " is nothing


def test_jaccard_counts_characters_of_discontinuous_spans() -> None:
    a = normalise_ranges([(0, 10), (20, 30)])
    assert jaccard(a, ((0, 10),)) == pytest.approx(0.5)
    assert jaccard(a, ((5, 25),)) == pytest.approx(10 / 30)
    assert jaccard(a, a) == 1.0
    assert jaccard((), ()) == 0.0
    assert normalise_ranges([(5, 8), (0, 6), (9, 9)]) == ((0, 8),)


def test_match_is_one_to_one_best_overlap_first() -> None:
    gold = [((0, 10),), ((20, 30),)]
    pred = [((0, 9),), ((0, 10),), ((40, 50),)]
    # both preds overlap gold 0; the exact one wins, the other is left unmatched
    assert match(gold, pred, 0.3) == {0: 1}
    assert match(gold, [((0, 4),)], 0.3) == {0: 0}  # J = 0.4
    assert match(gold, [((0, 4),)], 0.8) == {}


# --------------------------------------------------------------------------- scoring


def _brat_doc() -> tuple[GoldSet, dict[str, list[Attribution]]]:
    """Three gold quotes; predictions: one exact, one half right, one spurious."""
    text = "x" * 200
    gold = [
        Attribution(content=((0, 40),), source=((50, 55),), cue=((56, 60),)),
        Attribution(content=((100, 140),), source=((150, 155),), cue=((156, 160),)),
        Attribution(content=((170, 190),)),  # no source, no cue: not judged on them
    ]
    pred = [
        Attribution(content=((0, 40),), source=((52, 53),), cue=((10, 12),)),
        Attribution(content=((100, 120),), source=((0, 3),), cue=((156, 158),)),
        Attribution(content=((60, 90),)),
    ]
    return GoldSet(docs=[GoldDoc("a.txt", text, gold, "brat")]), {"a.txt": pred}


def test_score_gives_exact_precision_recall_f1_and_accuracies() -> None:
    gold, preds = _brat_doc()
    report = score(gold, preds)
    at3, at8 = report.content
    assert (at3.overlap, at3.matched, at3.gold, at3.pred) == (0.3, 2, 3, 3)
    assert at3.precision == at3.recall == at3.f1 == pytest.approx(2 / 3)
    assert (at8.matched, at8.f1) == (1, pytest.approx(1 / 3))
    assert (report.attributes["source"].correct, report.attributes["source"].total) == (1, 2)
    assert (report.attributes["cue"].correct, report.attributes["cue"].total) == (1, 2)
    assert report.attributes["speaker"].total == 0  # brat gold names no speakers
    assert report.attributes["medium"].total == 0
    assert report.per_doc == [{"doc": "a.txt", "gold": 3, "pred": 3, "matched": 2}]


def test_score_counts_missing_predictions_as_misses() -> None:
    gold, _ = _brat_doc()
    report = score(gold, {}, failed=["a.txt"])
    assert report.content[0].recall == 0.0 and report.content[0].precision == 0.0
    assert report.failed == ["a.txt"]


def test_seed_style_gold_is_judged_by_words_speaker_kind_and_medium() -> None:
    text = 'The MoD said: "Russia is losing." It added that the war goes on.'
    gold = [
        Attribution(((14, 32),), kind="direct", source_text="The MoD", cue_text="said", speaker="mod", medium=None),
        Attribution(((50, 63),), kind="indirect", source_text=None, cue_text="added", speaker="mod", medium="Sky"),
    ]
    pred = [
        Attribution(((15, 31),), kind="direct", source=((0, 7),), source_text="the  MoD", cue_text="said", speaker="mod"),
        Attribution(((45, 63),), kind="mixed", source_text="It", cue_text="added", speaker="russia"),
    ]
    report = score(GoldSet(docs=[GoldDoc("s.txt", text, gold, "seed")]), {"s.txt": pred})
    acc = {name: (a.correct, a.total) for name, a in report.attributes.items()}
    assert acc == {"source": (1, 1), "cue": (2, 2), "speaker": (1, 2), "kind": (1, 2), "medium": (1, 2)}
    kinds = {k.kind: (k.gold, k.found, k.pred, k.correct) for k in report.kinds}
    assert kinds == {"direct": (1, 1, 1, 1), "indirect": (1, 1, 0, 0), "mixed": (0, 0, 1, 1)}


def test_render_table_and_json_carry_the_figures() -> None:
    gold, preds = _brat_doc()
    report = score(gold, preds)
    table = render(report)
    assert "0.667" in table and "0.333" in table and "source" in table
    figures = json.loads(render(report, as_json=True))
    assert figures["content"]["0.3"] == {"matched": 2, "precision": 0.6667, "recall": 0.6667, "f1": 0.6667}
    assert figures["on_matched_0.3"]["cue"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    kinded = {"a.txt": [Attribution(p.content, kind="direct") for p in preds["a.txt"]]}
    assert "Per predicted kind (gold has no kinds)" in render(score(gold, kinded))


# --------------------------------------------------------------------------- loaders


def _write_brat(folder: Path) -> Path:
    text = "Smith said the plan, which he called bold, would work. Critics doubt it.\nTrump tweeted."
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "art.txt").write_text(text, encoding="utf-8")
    (folder / "attributions" / "art_b2.ann").write_text(
        "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 53\tx\nE1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n",
        encoding="utf-8",
    )
    (folder / "attributions" / "art_a1.ann").write_text(
        "\n".join(
            [
                "T1\tSource 0 5\tSmith",
                "T2\tCue 6 10\tsaid",
                "T3\tContent 11 19;42 53\tthe plan would work",
                "T4\tAttribution 6 10\tsaid",
                "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
                "T5\tCue 63 68\tdoubt",
                "T6\tContent 69 71\tit",
                "T7\tContent2 0 5\tSmith",
                "E2\tAttribution-no-source:T5 Content:T6 Cue:T5 Content2:T7",
                "T8\tContent 300 310\tbeyond the text",
                "E3\tAttribution:T5 Content:T8",
                "T9\tDiscard 73 87\tTrump tweeted.",
                "a line broken off the one above",
                "#1\tAnnotatorNotes T1\tignored",
            ]
        ),
        encoding="utf-8",
    )
    return folder


def test_brat_loader_reads_first_annotator_discontinuous_spans_and_skips_bad_lines(tmp_path: Path) -> None:
    folder = _write_brat(tmp_path / "brat")
    gold = load_gold([folder])
    (doc,) = gold.docs
    assert doc.scheme == "brat" and doc.doc_id.endswith("art.txt")
    first, second = doc.quotes  # E3 points only at an out-of-range span: dropped
    assert first.content == ((11, 19), (42, 53)) and first.source == ((0, 5),) and first.cue == ((6, 10),)
    assert second.content == ((0, 5), (69, 71)) and second.source is None and second.cue == ((63, 68),)
    assert gold.warnings == [f"{folder / 'attributions' / 'art_a1.ann'}: skipped 2 malformed line(s)"]


def test_parse_brat_ignores_events_without_content() -> None:
    ann = "T1\tSource 0 3\tabc\nT2\tCue 4 8\tsaid\nE1\tAttribution:T2 Cue:T2 Source:T1\n"
    warnings: list[str] = []
    assert parse_brat(ann, 10, "x.ann", warnings) == [] and warnings == []


def test_seed_loader_reads_the_seed_gold() -> None:
    gold = load_gold([SEED])
    (doc,) = gold.docs
    assert doc.scheme == "seed" and len(doc.quotes) == 20 and gold.warnings == []
    kinds = [q.kind for q in doc.quotes]
    assert (kinds.count("direct"), kinds.count("mixed"), kinds.count("indirect")) == (7, 8, 5)
    first = doc.quotes[0]
    assert first.speaker == "uk-ministry-of-defence" and first.source_text == "The Ministry of Defence"
    assert doc.text[slice(*first.content[0])].startswith("Russia was also struggling")
    assert load_gold([SEED_GOLD]).docs[0].quotes == doc.quotes
    assert len(load_gold([SEED, SEED], limit=1).docs) == 1


def test_seed_loader_skips_lines_it_cannot_place(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("He said we won.", encoding="utf-8")
    (tmp_path / "a.gold.jsonl").write_text(
        '{"text": "we won", "start": 8, "end": 14, "kind": "indirect", "speaker": "he"}\n'
        '{"text": "we lost", "start": 8, "end": 14}\n'
        "not json\n",
        encoding="utf-8",
    )
    gold = load_gold([tmp_path / "a.gold.jsonl"])
    assert [q.content for q in gold.docs[0].quotes] == [((8, 14),)]
    assert len(gold.warnings) == 2


def test_load_gold_rejects_what_is_not_gold(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="no such file"):
        load_gold([tmp_path / "missing"])
    with pytest.raises(EvalError, match="not gold"):
        load_gold([tmp_path])


def test_predictions_are_matched_by_path_or_name_and_bad_records_skipped(tmp_path: Path) -> None:
    gold = load_gold([SEED])
    text = gold.docs[0].text
    good = {"doc": "elsewhere/lbc_2022-09-12_kharkiv-withdrawal.txt", "start": 995, "end": 1022,
            "text": text[995:1022], "kind": "mixed", "mention_start": None, "speaker_id": "uk-ministry-of-defence"}
    lines = [
        json.dumps(good),
        json.dumps({**good, "doc": str(Path(gold.docs[0].doc_id).resolve()), "start": 1099, "end": 1128,
                    "text": text[1099:1128]}),
        json.dumps({**good, "text": "something else"}),
        json.dumps({**good, "doc": "other.txt"}),
        "{broken",
    ]
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text("\n".join(lines), encoding="utf-8")
    preds = load_predictions(pred_file, gold)
    assert [p.content for p in preds[gold.docs[0].doc_id]] == [((995, 1022),), ((1099, 1128),)]
    assert len(gold.warnings) == 3
    report = score(gold, preds)
    assert (report.content[0].matched, report.attributes["speaker"].correct) == (2, 2)


def test_predict_isolates_an_article_the_extractor_raises_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from audit.eval.extraction import predict
    from audit.model import Quote

    def flaky_extract_docs(items, *, nlp, **_):  # the extractor contract, with a bug on BOOM
        for doc_id, text in items:
            if "BOOM" in text:
                raise RuntimeError("extractor bug")
            yield doc_id, [Quote(0, 5, text[:5], "direct"), Quote(0, 5, "wrong", "direct")]

    monkeypatch.setattr(sys.modules["audit.extract"], "extract_docs", flaky_extract_docs)
    texts = {"a": "Hello there, friend.", "b": "BOOM goes the parser.", "c": "Quiet days ahead."}
    gold = GoldSet(docs=[GoldDoc(k, v, [Attribution(((0, 5),))], "brat") for k, v in texts.items()])
    preds, failed = predict(gold, nlp=None)
    assert failed == ["b"]
    assert {k: [p.content for p in v] for k, v in preds.items()} == {"a": [((0, 5),)], "b": [], "c": [((0, 5),)]}
    assert gold.warnings == ["extractor: dropped 2 quote(s) whose offsets do not cut out their text"]
    assert score(gold, preds, failed).content[0].matched == 2


# --------------------------------------------------------------------------- CLI


def test_cli_eval_scores_a_prediction_file(tmp_path: Path) -> None:
    gold = load_gold([SEED_GOLD]).docs[0]
    pred = tmp_path / "pred.jsonl"
    pred.write_text(
        "\n".join(
            json.dumps({"doc": gold.doc_id, "start": s, "end": e, "text": gold.text[s:e], "kind": q.kind,
                        "speaker_id": q.speaker, "medium": q.medium})
            for q in gold.quotes[:10]
            for s, e in q.content
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["eval", str(SEED_GOLD), "--pred", str(pred), "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["content"]["0.3"] == {"matched": 10, "precision": 1.0, "recall": 0.5, "f1": 0.6667}
    assert figures["on_matched_0.3"]["speaker"]["accuracy"] == 1.0


def test_cli_eval_bad_gold_path_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "nope"), "--pred", str(tmp_path / "p.jsonl")])
    assert result.exit_code == 2
    assert "no such file" in result.output and "Traceback" not in result.output


def test_cli_eval_runs_extraction_on_the_seed_article(nlp) -> None:
    from audit.eval.extraction import evaluate

    result = CliRunner().invoke(app, ["eval", str(SEED_GOLD), "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert (figures["docs"], figures["gold"], figures["failed"]) == (1, 20, [])
    assert figures == evaluate([SEED_GOLD], nlp=nlp).to_dict()
    assert figures["content"]["0.3"]["recall"] >= 0.5


def test_polnear_dev_loads_every_article() -> None:
    dev = shared_or_skip("polnear", "dev")
    gold = load_gold([dev])
    assert len(gold.docs) == 84
    assert sum(len(d.quotes) for d in gold.docs) == 2192


# --------------------------------------------------------------------------- story speakers


def _story(tmp_path: Path) -> Path:
    """A story folder written for the test: texts/, gold.jsonl and speakers.json."""
    (tmp_path / "texts").mkdir()
    text = 'Outlet: Test\nDate: 2021-03-01\n\nThe harbour master Ana Kowalczyk said: "The quay is closed."\n'
    (tmp_path / "texts" / "a.txt").write_text(text, encoding="utf-8")
    words = "The quay is closed."
    start = text.index(words)
    rec = {"file": "a.txt", "attributed_to": "ana-kowalczyk", "mention": "The harbour master Ana Kowalczyk",
           "text": words, "start": start, "end": start + len(words), "date": "2021-03-01"}
    (tmp_path / "gold.jsonl").write_text(json.dumps(rec) + "\n", encoding="utf-8")
    speakers = {"ana-kowalczyk": {"name": "Ana Kowalczyk", "aliases": ["Anna Kowalczyk", "Kowalczyk"]},
                "piotr-nowak": {"name": "Piotr Nowak", "aliases": ["Nowak"]}}
    (tmp_path / "speakers.json").write_text(json.dumps(speakers), encoding="utf-8")
    return tmp_path


def _pred(doc: GoldDoc, speaker: str | None) -> Attribution:
    return replace(doc.quotes[0], speaker=speaker)


def test_story_speakers_map_predicted_slugs_to_gold_ids_strictly(tmp_path: Path) -> None:
    gold = load_gold([_story(tmp_path)])
    doc = gold.docs[0]
    assert doc.speakers.gold_id("anna-kowalczyk") == "ana-kowalczyk"  # an alias's slug
    assert doc.speakers.gold_id("kowalczyk") == "ana-kowalczyk"
    assert doc.speakers.gold_id("harbour-master-kowalczyk") == "harbour-master-kowalczyk"  # nothing looser
    assert doc.speakers.gold_id(None) is None


def test_speaker_splits_and_forms_are_reported(tmp_path: Path) -> None:
    gold = load_gold([_story(tmp_path)])
    doc = gold.docs[0]
    twin = GoldDoc("b", doc.text, list(doc.quotes), "seed", speakers=doc.speakers)
    gold.docs.append(twin)
    report = score(gold, {doc.doc_id: [_pred(doc, "anna-kowalczyk")], "b": [_pred(doc, "kowalczyk")]})
    assert report.attributes["speaker"].correct == 2
    assert report.splits["ana-kowalczyk"] == {"anna-kowalczyk": 1, "kowalczyk": 1}
    assert report.to_dict()["speaker_splits"] == {"ana-kowalczyk": {"anna-kowalczyk": 1, "kowalczyk": 1}}
    assert report.forms["name"].total == 2
    assert "split under several ids: 1 of 1" in render(report)


def test_mention_forms() -> None:
    names = {"ana-kowalczyk": ("Ana Kowalczyk", "Kowalczyk")}
    assert mention_form("the harbour master", names) == "description"
    assert mention_form("Harbour master Kowalczyk", names) == "name"
    assert mention_form("She", names) == "pronoun"
    assert mention_form(None, names) == "none"
    assert mention_form("Kowalczyks", names) == "description"  # whole words only
