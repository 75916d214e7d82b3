"""The semantic linking stage (audit.link): encoder, embedding cache, pair decision, joining."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest
from typer.testing import CliRunner

from audit.link import EncoderMissing, link
from audit.link import embed as embed_mod
from audit.link.embed import DIM, embed_cached, encode
from audit.link.neighbours import neighbours
from audit.match import match
from audit.store import Store
from match_helpers import add


def test_encoder_is_offline_unit_length_and_cached(tmp_path):
    con = duckdb.connect(str(tmp_path / "e.duckdb"))
    texts = ["The army will regroup near the river.", "Prices will not rise this year.", "The army will regroup near the river."]
    vecs, embedded = embed_cached(con, texts)
    assert vecs.shape == (3, DIM) and embedded == 2
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert np.allclose(vecs[0], vecs[2])
    again, embedded = embed_cached(con, ["Prices will not rise this year.", "A new sentence."])
    assert embedded == 1 and np.allclose(again[0], vecs[1], atol=1e-6)
    assert np.allclose(encode(["A new sentence."])[0], again[1], atol=1e-6)


def test_cache_in_chunks_gives_each_text_its_own_vector(tmp_path, monkeypatch):
    """Read, embedded and written a few texts at a time (as at a million quotes), with
    duplicates and a partly filled cache, every text gets exactly its own embedding."""
    import audit.link.embed as embed

    monkeypatch.setattr(embed, "CHUNK_TEXTS", 2)
    con = duckdb.connect(str(tmp_path / "e.duckdb"))
    texts = [f"Sentence number {w} about the harbour." for w in ("one", "two", "three", "four", "five")]
    embed_cached(con, texts[1:4:2])
    asked = [texts[4], texts[0], texts[1], texts[4], texts[2], texts[3], texts[0]]
    vecs, embedded = embed_cached(con, asked)
    assert embedded == 3
    assert np.allclose(vecs, encode(asked), atol=1e-6)
    assert con.execute("SELECT count(*) FROM text_embeddings").fetchone()[0] == 5


# -- the stage on a real store --------------------------------------------------------------

# Sentences written for these tests: one statement, rendered in other words by other outlets.
HARBOUR = "The port authority said the northern harbour will reopen to cargo ships on Monday after repairs to the main pier."
HARBOUR_PARA = "the northern harbour would reopen to cargo vessels on Monday once the main pier had been repaired"
HARBOUR_TRANS = "The northern port will be reopened for cargo ships from Monday, after the repair of the main pier."
FLOOD = "River levels in the valley rose by 40 centimetres overnight and more rain is expected on Thursday."
# Same speaker, same topic, another figure: another statement.
FIGURE_A = "The city council has approved 2,000 new homes on the old airfield site this year."
FIGURE_B = "councillors had signed off plans for 6,000 homes at the former airfield"
# Negated twin (the lexical matcher joins these; the semantic decision must not).
RATES_UP = "regional bus fares would rise next spring, the board insisted"
RATES_NOT = "regional bus fares would not rise next spring, the board insisted"


def groups(store: Store) -> set[frozenset[str]]:
    """Statements as sets of quote texts (ids aside), to compare runs."""
    rows = store.con.execute(
        "SELECT sq.statement_id, q.text FROM statement_quotes sq JOIN quotes q USING (quote_id)").fetchall()
    by: dict[str, set[str]] = {}
    for sid, text in rows:
        by.setdefault(sid, set()).add(text)
    return {frozenset(v) for v in by.values()}


def together(store: Store, a: str, b: str) -> bool:
    return any(a in g and b in g for g in groups(store))


def corpus(store: Store, second_batch: bool = True) -> None:
    add(store, "wire", 10, (HARBOUR, "direct", "port-authority"), (FLOOD, "direct", "river-agency"))
    add(store, "daily", 10, (HARBOUR, "direct", "port-authority"), (FIGURE_A, "direct", "city-council"))
    if second_batch:
        add(store, "courier", 11, (HARBOUR_PARA, "indirect", "port-authority"), (FIGURE_B, "indirect", "city-council"),
            (RATES_NOT, "indirect", "transport-board"))
        add(store, "foreign", 12, (HARBOUR_TRANS, "direct", None), ("reopen to cargo", "mixed", "port-authority"))


def test_paraphrase_and_translation_join_but_look_alikes_do_not(db_path: Path) -> None:
    with Store(db_path) as store:
        corpus(store)
        match(store)
        assert not together(store, HARBOUR, HARBOUR_PARA)  # the lexical matcher alone misses it
        stats = link(store)
        assert together(store, HARBOUR, HARBOUR_PARA)
        assert together(store, HARBOUR, HARBOUR_TRANS)  # no speaker credited: meaning alone
        assert together(store, HARBOUR, "reopen to cargo")  # a fragment joins by containment
        assert not together(store, FIGURE_A, FIGURE_B)
        assert not together(store, HARBOUR, FLOOD)
        assert stats.joined >= 1 and stats.embedded > 0
        n = store.con.execute("SELECT sum(n_quotes) FROM statements").fetchall()[0][0]
        assert n == store.con.execute("SELECT count(*) FROM quotes").fetchall()[0][0]
        again = link(store)  # nothing new: nothing to do
        assert again.pending == 0 and again.joined == 0


def test_decision_weighs_negation_and_figures() -> None:
    from audit.link.decide import probability
    from audit.link.features import pair_features, read_text
    from audit.link.stage import JOIN_MIN_PROBABILITY
    from audit.lang.normalise import normalise

    def p(a: str, b: str, speaker_b: str | None = "board") -> float:
        cos = float(np.dot(*encode([a, b])))
        x = pair_features(cos, read_text(a, normalise(a)), read_text(b, normalise(b)), speaker_a="board",
                          speaker_b=speaker_b, date_a=date(2022, 9, 1), date_b=date(2022, 9, 1),
                          kind_a="indirect", kind_b="indirect")
        return float(probability(x)[0])

    assert p(RATES_UP, RATES_UP.replace("insisted", "said")) >= JOIN_MIN_PROBABILITY
    assert p(RATES_UP, RATES_NOT) < JOIN_MIN_PROBABILITY
    same = "the council approved 2,000 homes at the airfield this year"
    assert p(same, same.replace("2,000", "2,000")) >= JOIN_MIN_PROBABILITY
    assert p(same, same.replace("2,000", "6,000")) < JOIN_MIN_PROBABILITY  # same speaker, other figure
    # A different speaker lowers the odds but never forbids a link (misattributions stay findable).
    assert p(HARBOUR_TRANS, HARBOUR_TRANS, speaker_b="someone-else") >= JOIN_MIN_PROBABILITY


def test_batch_features_equal_pair_features_on_varied_pairs() -> None:
    """The stage scores all candidate pairs at once (``batch_features``); the features must
    be exactly those of ``pair_features``, the definition the weights were fitted on."""
    from audit.link.features import FEATURES, batch_features, pair_features, read_text
    from audit.lang.normalise import normalise

    texts = [
        HARBOUR, HARBOUR_PARA, HARBOUR_TRANS, FLOOD, FIGURE_A, FIGURE_B, RATES_UP, RATES_NOT, "reopen to cargo",
        "Troops withdrew from Izium after 3,000 square kilometres were retaken, Oleksiy Danilov said.",
        "forces had withdrawn from Izyum having recaptured about 1,160 sq miles, according to Danilov",
        "Forces have withdrawn from Kupiansk and nearly 2,900 km2 were lost, the Kremlin said.",
        "The price of bread will not rise above 40 pence, the bakers' union insisted in London.",
        "Bread prices would rise to 48 pence, the Bakers Union warned in LONDON on Tuesday.",
        "",
        "No, no, nobody said anything about 12 per cent",
    ]
    infos = [read_text(t, normalise(t)) for t in texts]
    speakers = ["port-authority", None, "port-authority", "river-agency", "city-council", "city-council",
                "transport-board", "transport-board", None, "danilov", "danilov", "kremlin", "union", "union", None, "union"]
    dates = [date(2022, 9, 1 + k % 5) if k % 4 else None for k in range(len(texts))]
    kinds = ["direct" if k % 3 else "indirect" for k in range(len(texts))]
    a, b = np.array([(x, y) for x in range(len(texts)) for y in range(len(texts)) if x != y]).T
    cos = np.random.default_rng(3).uniform(-0.2, 1.0, len(a)).astype(np.float32)
    batch = batch_features(cos, a, b, infos, speakers=speakers, dates=dates, kinds=kinds)
    single = np.array([
        pair_features(float(c), infos[x], infos[y], speaker_a=speakers[x], speaker_b=speakers[y],
                      date_a=dates[x], date_b=dates[y], kind_a=kinds[x], kind_b=kinds[y])
        for x, y, c in zip(a.tolist(), b.tolist(), cos.tolist())
    ])
    assert batch.shape == (len(a), len(FEATURES))
    assert (batch != 0).any(axis=0).all(), "every feature is exercised by some pair"
    assert np.array_equal(batch, single)


def test_incremental_run_equals_full_run(tmp_path: Path, monkeypatch) -> None:
    encoded: list[list[str]] = []
    real_encode = embed_mod.encode

    def spy(texts):
        encoded.append(list(texts))
        return real_encode(texts)

    monkeypatch.setattr(embed_mod, "encode", spy)
    with Store(tmp_path / "inc.duckdb") as inc, Store(tmp_path / "full.duckdb") as full:
        corpus(inc, second_batch=False)
        match(inc)
        link(inc)
        first_texts = {t for batch in encoded for t in batch}
        encoded.clear()
        corpus(inc)  # the first batch again is skipped by add_article's idempotence
        match(inc)
        second = link(inc)
        # Each distinct text is embedded once: the second run embeds only the new articles' texts.
        new_texts = [t for batch in encoded for t in batch]
        assert second.embedded == len(new_texts) == len(set(new_texts)) > 0
        assert not set(new_texts) & first_texts
        assert set(new_texts) <= {HARBOUR_PARA, HARBOUR_TRANS, FIGURE_B, RATES_NOT, "reopen to cargo"}
        assert second.embedded < second.texts  # the first batch's texts came from the cache
        encoded.clear()
        assert link(inc).embedded == 0 and not encoded  # nothing new: nothing embedded
        corpus(full)
        match(full, incremental=False)
        link(full, full=True)
        assert groups(inc) == groups(full)


def test_neighbours_respect_the_date_window() -> None:
    vecs = np.eye(3, 4, dtype=np.float32)
    vecs[1] = vecs[0]
    vecs[2] = vecs[0]
    i, j, c = neighbours(vecs, np.array([0, 3, 30]), np.array([0]), window_days=7)
    assert list(zip(i.tolist(), j.tolist())) == [(0, 1)]
    i, j, _ = neighbours(vecs, np.array([0, 3, 30]), np.array([0]), window_days=None)
    assert sorted(zip(i.tolist(), j.tolist())) == [(0, 1), (0, 2)]


def test_neighbours_equal_brute_force_in_any_block_size(monkeypatch) -> None:
    """Blocks are cut to bound memory (``BLOCK_CELLS``); the pairs must not depend on the
    cut: each query keeps its k best partners above the floor within its own window."""
    from audit.link import neighbours as nb

    rng = np.random.default_rng(5)
    vecs = rng.normal(size=(300, 8)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    days = rng.integers(0, 40, 300)
    days[rng.random(300) < 0.1] = -1  # unknown dates meet everything
    group = rng.integers(0, 120, 300)
    queries = np.flatnonzero(rng.random(300) < 0.6)
    expected = set()
    for q in queries.tolist():
        near = [(float(vecs[q] @ vecs[p]), p) for p in range(300)
                if p != q and group[p] != group[q] and (days[p] < 0 or days[q] < 0 or abs(days[p] - days[q]) <= 7)]
        expected |= {(min(q, p), max(q, p)) for c, p in sorted(near, reverse=True)[:4] if c >= 0.3}
    for cells in (10 ** 9, 500, 1):
        monkeypatch.setattr(nb, "BLOCK_CELLS", cells)
        i, j, c = nb.neighbours(vecs, days, queries, window_days=7, k=4, min_cosine=0.3, exclude=group)
        assert set(zip(i.tolist(), j.tolist())) == expected
        assert np.allclose(c, np.einsum("ij,ij->i", vecs[i], vecs[j]), atol=1e-6)


def test_missing_encoder_is_one_line_error(db_path: Path, monkeypatch) -> None:
    from audit.cli import app

    with Store(db_path) as store:
        corpus(store)

    def missing():
        raise EncoderMissing("the semantic stage needs the wordllama package: pip install wordllama")

    monkeypatch.setattr(embed_mod, "_model", missing)
    result = CliRunner().invoke(app, ["match", "--db", str(db_path)])
    assert result.exit_code == 2
    assert "wordllama" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    # Switched off, the same command works without the encoder and links nothing semantically.
    result = CliRunner().invoke(app, ["match", "--db", str(db_path), "--no-semantic"])
    assert result.exit_code == 0, result.output
    assert "semantic stage" not in result.output
    with Store(db_path) as store:
        assert not together(store, HARBOUR, HARBOUR_PARA)
        assert store.con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'semantic_checked'").fetchall()[0][0] == 0


def test_match_command_runs_the_stage_by_default(db_path: Path) -> None:
    from audit.cli import app

    with Store(db_path) as store:
        corpus(store)
    result = CliRunner().invoke(app, ["match", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "semantic stage:" in result.output
    with Store(db_path) as store:
        assert together(store, HARBOUR, HARBOUR_PARA)


def test_eval_statements_on_a_renderings_file(tmp_path: Path) -> None:
    import json

    from audit.cli import app

    rows = [
        {"outlet": "wire", "date": "2022-09-10", "url": "u1", "mention": None, "kind": "direct", "text": HARBOUR,
         "statement": "harbour", "also_statements": [], "drift": "exact"},
        {"outlet": "courier", "date": "2022-09-10", "url": "u2", "mention": None, "kind": "indirect",
         "text": HARBOUR_PARA, "statement": "harbour", "also_statements": [], "drift": "paraphrase"},
        {"outlet": "daily", "date": "2022-09-10", "url": "u3", "mention": None, "kind": "direct", "text": FLOOD,
         "statement": "flood", "also_statements": [], "drift": "exact"},
        {"outlet": "daily", "date": "2022-09-10", "url": "u3", "mention": None, "kind": "direct", "text": FIGURE_A,
         "statement": "homes-2000", "also_statements": [], "drift": "exact"},
        {"outlet": "courier", "date": "2022-09-10", "url": "u2", "mention": None, "kind": "direct", "text": FIGURE_B,
         "statement": "homes-6000", "also_statements": [], "drift": "exact"},
    ]
    path = tmp_path / "renderings.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval-statements", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["overall"]["recall"] == 1.0 and figures["overall"]["precision"] == 1.0
    assert figures["by_drift"]["paraphrase"]["recall"] == 1.0
    off = json.loads(CliRunner().invoke(app, ["eval-statements", str(path), "--format", "json", "--no-semantic"]).output)
    assert off["overall"]["recall"] == 0.0
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"outlet": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval-statements", str(bad)])
    assert result.exit_code == 2 and "missing" in result.output


def test_config_switches_the_stage_off(db_path: Path, tmp_path: Path, monkeypatch) -> None:
    from audit.cli import app

    with Store(db_path) as store:
        corpus(store)
    (tmp_path / ".audit.toml").write_text("semantic = false\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def missing():
        raise EncoderMissing("the semantic stage needs the wordllama package: pip install wordllama")

    monkeypatch.setattr(embed_mod, "_model", missing)  # never called when the stage is off
    result = CliRunner().invoke(app, ["match", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "semantic stage" not in result.output
    # The flag wins over the file: on again, and the missing encoder is a one-line error.
    result = CliRunner().invoke(app, ["match", "--db", str(db_path), "--semantic"])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1


# -- how statements join: fragments, bridging, lead sentences, joins through a joiner ------

FARES = "Fares on regional buses will rise by five percent in May."
ROUTES = "The transport board also plans to open new night routes across the valley."
ROUTES_PARA = "the board was planning to open new night routes across the valley"
BRIDGE = f"{FARES} The board is planning new night routes too, across the whole valley."


def test_fragments_join_only_by_containment(db_path: Path) -> None:
    """"cargo pier" shares every content word with the harbour statement (word overlap 1.0)
    but is not contained in it: a fragment never goes through the pair decision."""
    with Store(db_path) as store:
        corpus(store)
        add(store, "tabloid", 12, ("cargo pier", "mixed", "port-authority"))
        add(store, "digest", 12, ("The port auth", "direct", "port-authority"), ("harb", "mixed", "port-authority"))
        match(store)
        link(store)
        assert together(store, HARBOUR, "reopen to cargo")  # contained word for word
        assert together(store, HARBOUR, "The port auth")  # truncated mid-word
        assert not together(store, HARBOUR, "harb")  # one word must be whole
        assert not together(store, HARBOUR, "cargo pier")


def test_a_rendering_spanning_two_statements_does_not_bridge_them(db_path: Path) -> None:
    """One outlet prints two sentences as one quote; the lexical matcher files it with the
    first statement. The second statement's own renderings must not follow it in."""
    with Store(db_path) as store:
        for outlet in ("wire", "daily", "courier"):
            add(store, outlet, 10, (FARES, "direct", "transport-board"))
        add(store, "weekly", 11, (BRIDGE, "direct", "transport-board"))
        add(store, "radio", 11, (ROUTES, "direct", "transport-board"))
        add(store, "gazette", 11, (ROUTES, "direct", "transport-board"))
        match(store)
        assert together(store, FARES, BRIDGE) and not together(store, FARES, ROUTES)
        stats = link(store)
        assert stats.accepted >= 1  # the spanning rendering and the routes statement do match
        assert not together(store, FARES, ROUTES)


def test_a_statement_is_joined_on_its_lead_sentence(db_path: Path) -> None:
    """A root of two sentences is anchored on its first: a paraphrase of its second
    sentence is another statement, however close to the whole text (p 0.92 here)."""
    with Store(db_path) as store:
        for outlet in ("wire", "daily"):
            add(store, outlet, 10, (f"{FARES} {ROUTES}", "direct", "transport-board"))
        add(store, "courier", 11, (ROUTES_PARA, "indirect", "transport-board"))
        add(store, "gazette", 11, (HARBOUR_PARA, "indirect", "port-authority"))
        add(store, "wire", 11, (HARBOUR, "direct", "port-authority"))
        match(store)
        link(store)
        assert not together(store, FARES, ROUTES_PARA)
        assert together(store, HARBOUR, HARBOUR_PARA)


def test_a_paraphrase_joins_through_an_earlier_joiner(tmp_path: Path, monkeypatch) -> None:
    """P2 reaches the root only through P1's wording (p 0.96 to P1, 0.63 to the root):
    with the join bar above 0.63 it still joins, because it agrees with the root's
    anchor above ANCHOR_MIN_PROBABILITY; with that bar above 0.63 it stays apart."""
    from audit.link import stage

    p2 = "cargo vessels could use the northern harbour again from Monday once the pier had been repaired"
    monkeypatch.setattr(stage, "JOIN_MIN_PROBABILITY", 0.8)
    for anchor, joins in ((stage.ANCHOR_MIN_PROBABILITY, True), (0.7, False)):
        monkeypatch.setattr(stage, "ANCHOR_MIN_PROBABILITY", anchor)
        with Store(tmp_path / f"{anchor}.duckdb") as store:
            add(store, "wire", 10, (HARBOUR, "direct", "port-authority"))
            add(store, "daily", 10, (HARBOUR, "direct", "port-authority"))
            add(store, "courier", 11, (HARBOUR_PARA, "indirect", "port-authority"))
            add(store, "gazette", 11, (p2, "indirect", "port-authority"))
            add(store, "herald", 11, (FLOOD, "direct", "river-agency"))
            match(store)
            link(store)
            assert together(store, HARBOUR, HARBOUR_PARA) and not together(store, HARBOUR, FLOOD)
            assert together(store, HARBOUR, p2) is joins


def test_focused_metrics_add_up_to_the_whole() -> None:
    """Held-out figures score each fold's statements in a run over all renderings: a pair
    across two folds counts half in each, so the folds add up to the unfocused figures."""
    from audit.eval.statements import _Item, cluster_metrics

    def item(qid: str, gold: str, drift: str = "exact") -> _Item:
        return _Item(qid, gold, frozenset([gold]), drift, "wire")

    items = [item("a1", "A"), item("a2", "A", "paraphrase"), item("b1", "B"), item("c1", "C")]
    predicted = {"a1": "s1", "a2": "s1", "b1": "s1", "c1": None}
    whole, _ = cluster_metrics(items, predicted)
    parts = [cluster_metrics(items, predicted, frozenset(f))[0] for f in ({"A"}, {"B", "C"})]
    for field in ("pairs_predicted", "pairs_correct", "pairs_true", "found", "items"):
        assert sum(getattr(p, field) for p in parts) == getattr(whole, field)
    assert parts[0].precision == 0.5 and parts[1].precision == 0.0 and whole.precision == 1 / 3


def test_sentence_start_reads_the_prefix_end_as_the_regex_does() -> None:
    import re

    from audit.link.features import _starts_sentence

    regex = re.compile(r"(?:^|[.!?:;]\s+|[\"“‘(]\s*)$")
    prefixes = ["", " ", "\n", " \n", "said", "said ", "end.", "end. ", "end.\n", "end.  \t", "“", "he said “ ", "(",
                "yes; ", "so: ", "what? ", "x!\u00a0", "a. b", "\"", "\" \n", "mid, ", "it.”", "it.” ", "2.5 "]
    for before in prefixes:
        assert _starts_sentence(before) == bool(regex.search(before)), repr(before)


def test_excerpts_of_two_sentences_of_one_quotation_are_two_statements(tmp_path: Path) -> None:
    """Outlets cut short excerpts from different sentences of one long quotation: each
    excerpt renders its own sentence's claim, so excerpts of sentence two gather in one
    statement, apart from the quotation and from excerpts of its lead; an excerpt spanning
    both sentences stays with the quotation."""
    first_s = "The harbour will reopen to container ships on Monday."
    second_s = "Nobody was hurt when the crane collapsed onto the quay last night."
    root = f"{first_s} {second_s}"
    with Store(tmp_path / "x.duckdb") as store:
        add(store, "wire", 10, (root, "direct", "port-authority"))
        add(store, "daily", 10, ("the crane collapsed onto the quay", "mixed", "port-authority"))
        add(store, "courier", 11, ("Nobody was hurt when the crane collapsed", "direct", "port-authority"))
        add(store, "radio", 11, ("will reopen to container ships on Monday", "mixed", "port-authority"))
        add(store, "post", 12, ("on Monday. Nobody was hurt", "mixed", "port-authority"))
        match(store)
        link(store)
        assert together(store, "the crane collapsed onto the quay", "Nobody was hurt when the crane collapsed")
        assert not together(store, root, "the crane collapsed onto the quay")
        assert together(store, root, "will reopen to container ships on Monday")
        assert together(store, root, "on Monday. Nobody was hurt")
        stage = dict(store.con.execute("SELECT q.text, sq.stage || ' ' || round(sq.probability, 2) FROM statement_quotes sq "
                                       "JOIN quotes q USING (quote_id)").fetchall())
        assert stage["the crane collapsed onto the quay"] == "excerpt 1.0"  # provenance of each membership
        assert stage[root] == "lexical 1.0"
        n = store.con.execute("SELECT sum(n_quotes) FROM statements").fetchall()[0][0]
        assert n == store.con.execute("SELECT count(*) FROM quotes").fetchall()[0][0]
        before = groups(store)
        match(store)
        link(store)
        assert groups(store) == before  # a re-run changes nothing


def test_a_plural_and_its_singular_are_one_content_word() -> None:
    """Paraphrases change number freely ("strong winds" / "a strong wind"); a four-letter
    word is below the fuzzy match's reach, so the plural's s is dropped when words are read.
    Words ending in ss, us or is keep theirs."""
    from audit.lang.normalise import normalise
    from audit.link.features import read_text

    said = "Strong winds and storms were not the reasons"
    words = read_text(said, normalise(said)).words
    assert {"wind", "storm", "reason"} <= words and "winds" not in words
    kept = read_text("The virus analysis process", normalise("The virus analysis process")).words
    assert {"virus", "analysis", "process"} <= kept


def test_an_ellipsis_between_sentences_ends_the_first() -> None:
    """An outlet marks words left out between two sentences with an ellipsis after the full
    stop; the next sentence starts at its first word. A mid-sentence capital after a
    full stop that ends no sentence ("U.N. figures") still ends none."""
    import re

    from audit.lang.words import SENTENCE_END_SQL
    from audit.lang.words import sentences

    text = "The bridge will stay shut until Friday. … We found cracks in two of the pillars."
    assert sentences(text) == ["The bridge will stay shut until Friday.", "We found cracks in two of the pillars."]
    assert sentences("It rained all night. ... The roads are flooded.")[1] == "The roads are flooded."
    assert sentences("The U.N. figures came late.") == ["The U.N. figures came late."]
    assert duckdb.sql(f"SELECT regexp_matches('until Friday. … We found', $${SENTENCE_END_SQL}$$)").fetchall() == [(True,)]
    assert re.search(SENTENCE_END_SQL, "until Friday … we found") is None


def test_an_altered_excerpt_of_a_later_sentence_after_an_ellipsis_leaves_the_quotation(tmp_path: Path) -> None:
    """A quotation of two sentences joined by an ellipsis: an outlet printing only the
    second, with a word added, renders the second claim, and goes with the other excerpt
    of that sentence, not with the quotation's first claim."""
    first_s = "The bridge will stay shut until Friday at the earliest."
    second_s = "We found deep cracks in two of the old stone pillars."
    root = f"{first_s} … {second_s}"
    with Store(tmp_path / "x.duckdb") as store:
        add(store, "wire", 10, (root, "direct", "city-engineer"))
        add(store, "daily", 10, ("We found very deep cracks in two of the old stone pillars,", "direct", "city-engineer"))
        add(store, "courier", 11, ("cracks in two of the old stone pillars", "mixed", "city-engineer"))
        add(store, "radio", 11, ("The bridge will stay shut until Friday", "direct", "city-engineer"))
        match(store)
        link(store)
        assert together(store, "We found very deep cracks in two of the old stone pillars,",
                        "cracks in two of the old stone pillars")
        assert not together(store, root, "We found very deep cracks in two of the old stone pillars,")
        assert together(store, root, "The bridge will stay shut until Friday")


def test_a_member_printing_the_root_as_its_later_sentence_leaves_the_statement(tmp_path: Path) -> None:
    """One outlet prints the minister's second claim alone; another prints both claims. The
    lexical matcher files the longer one under the shorter (its words contain it), but a
    rendering of two sentences renders its first claim: it leaves, with the stage and
    probability of the move recorded, and joins the statement of its first claim; the
    second claim's renderings stay together. A re-run changes nothing."""
    first_s = "Every family that lost its home will get temporary housing before winter."
    second_s = "Those who stored the chemicals in the depot will face trial."
    both = f"{first_s} {second_s}"
    with Store(tmp_path / "x.duckdb") as store:
        add(store, "wire", 10, (second_s, "direct", "housing-minister"))
        add(store, "daily", 10, (second_s, "direct", "housing-minister"))
        add(store, "courier", 11, (both, "indirect", "housing-minister"))
        add(store, "radio", 11, ("Every family that lost its home will get temporary housing before the winter.", "direct",
                                 "housing-minister"))
        match(store)
        link(store)
        assert together(store, second_s, second_s)
        assert not together(store, both, second_s)
        assert together(store, both, "Every family that lost its home will get temporary housing before the winter.")
        before = groups(store)
        match(store)
        link(store)
        assert groups(store) == before


def test_a_member_rendering_only_a_later_sentence_leaves_the_statement(tmp_path: Path) -> None:
    """The lexical matcher files a rendering of the root's second sentence with the root
    (its words match); it is another claim, so the stage moves it out. A verbatim excerpt
    of that sentence renders that sentence's claim too, so it leaves for a statement of
    that sentence; a rendering of the lead stays. Incremental (the rendering arrives
    later) equals full."""
    root = f"{FARES} {ROUTES}"
    later = "the transport board also plans to open new night routes across the whole valley"
    excerpt = "The transport board also plans to open new night routes across the valley."
    lead = "fares on regional buses would rise by five percent in May, the board said"

    def first(store: Store) -> None:
        add(store, "wire", 10, (root, "direct", "transport-board"))
        add(store, "daily", 10, (root, "direct", "transport-board"), (excerpt, "direct", "transport-board"))
        add(store, "courier", 10, (lead, "indirect", "transport-board"))

    with Store(tmp_path / "inc.duckdb") as inc, Store(tmp_path / "full.duckdb") as full:
        first(inc)
        match(inc)
        link(inc)
        add(inc, "radio", 11, (later, "direct", "transport-board"))
        match(inc)
        assert together(inc, root, later)  # the lexical matcher files it with the root
        assert not together(inc, root, excerpt)  # the first run's stage moved the excerpt out
        stats = link(inc)
        assert stats.split == 1
        assert not together(inc, root, later) and not together(inc, root, excerpt)
        assert together(inc, root, lead)
        first(full)
        add(full, "radio", 11, (later, "direct", "transport-board"))
        match(full, incremental=False)
        link(full, full=True)
        assert groups(inc) == groups(full)
        n = full.con.execute("SELECT sum(n_quotes) FROM statements").fetchall()[0][0]
        assert n == full.con.execute("SELECT count(*) FROM quotes").fetchall()[0][0]


@pytest.mark.parametrize(("day", "joins"), [(15, True), (28, False)], ids=["within-the-window", "weeks-later"])
def test_a_fragment_joins_only_a_statement_printed_within_the_window(db_path: Path, day: int, joins: bool) -> None:
    """Fragments are matched by containment within the date window, as candidates are:
    "reopen" printed 16 days after the harbour statement is not it."""
    with Store(db_path) as store:
        corpus(store, second_batch=False)
        add(store, "tabloid", day, ("reopen", "mixed", "port-authority"))
        match(store)
        stats = link(store)
        assert stats.fragments == int(joins)
        assert together(store, HARBOUR, "reopen") is joins


# -- claims, not topics; which fragments join ------------------------------------------------

PIER_COST = "the cost of repairs to the main pier of the northern harbour"
PIER_COST_TOO = "repair costs for the northern harbour's main pier"


def test_has_predicate_tells_claims_from_topics() -> None:
    from audit.link.claims import has_predicate

    got = has_predicate(["help from the private sector", "to build a wall along the border", "Prices will not rise.",
                         PIER_COST, PIER_COST_TOO])
    assert got.tolist() == [False, True, True, False, False]
    assert has_predicate([]).shape == (0,)


@pytest.mark.parametrize("rule", [True, False], ids=["claims-only", "without-the-rule"])
def test_two_topics_never_join_by_meaning(db_path: Path, monkeypatch, rule: bool) -> None:
    """Two verbless texts about one thing (the pier's repair costs) are topics, not claims:
    the pair decision accepts them, the claims rule keeps them apart. Without the rule
    they join, so the test sees the rule itself."""
    from audit.link import stage

    if not rule:
        monkeypatch.setattr(stage, "has_predicate", lambda texts: np.ones(len(texts), dtype=bool))
    with Store(db_path) as store:
        add(store, "wire", 10, (PIER_COST, "indirect", "port-authority"))
        add(store, "daily", 11, (PIER_COST_TOO, "indirect", "port-authority"))
        match(store)
        stats = link(store)
        assert stats.candidates == 1
        assert together(store, PIER_COST, PIER_COST_TOO) is not rule


@pytest.mark.parametrize(("kind", "speaker", "joins"), [
    ("mixed", "port-authority", True),
    ("mixed", None, True),
    ("direct", "port-authority", True),
    ("indirect", "port-authority", False),
    ("mixed", "city-council", False),
], ids=["quoted-same-speaker", "quoted-uncredited", "direct", "indirect", "quoted-other-speaker"])
def test_a_fragment_joins_only_if_quoted_and_not_credited_to_another(
        db_path: Path, kind: str, speaker: str | None, joins: bool) -> None:
    """Words in quote marks join the statement that holds them; an indirect "reopen" is the
    reporter's word, and one credited to the city council is no evidence against the port
    authority."""
    with Store(db_path) as store:
        corpus(store, second_batch=False)
        add(store, "tabloid", 11, ("reopen", kind, speaker))
        match(store)
        stats = link(store)
        assert stats.fragments == int(joins)
        assert together(store, HARBOUR, "reopen") is joins


@pytest.mark.parametrize(("day", "speaker", "joins"), [
    (12, None, True),                # within the news cycle: meaning alone, as before
    (14, None, False),               # four days later, no one credited: not vouched for
    (14, "river-agency", False),     # four days later, another speaker
], ids=["near-uncredited", "far-uncredited", "far-other"])
def test_a_paraphrase_past_the_news_cycle_joins_only_its_own_speaker(db_path: Path, day: int, speaker: str | None,
                                                                    joins: bool) -> None:
    """A paraphrase of the harbour statement (which the lexical matcher misses) printed days
    later joins it only within the news cycle when it does not credit the port authority
    (``stage.may_join``; the same speaker's is left to the decision, which weighs the days)."""
    with Store(db_path) as store:
        corpus(store, second_batch=False)
        add(store, "courier", day, (HARBOUR_PARA, "indirect", speaker))
        match(store)
        assert not together(store, HARBOUR, HARBOUR_PARA)
        link(store)
        assert together(store, HARBOUR, HARBOUR_PARA) is joins


def test_only_one_speaker_lets_statements_join_by_meaning_past_the_news_cycle() -> None:
    from audit.link.stage import _Statements, may_join

    st = _Statements(codes=np.arange(4), meta=pl.DataFrame(), rank=np.arange(4), kind_of={},
                     speaker_of={0: "port-authority", 1: "port-authority", 2: None, 3: "river-agency"},
                     day_of={0: 100, 1: 130, 2: 102, 3: -1}, whole_rows={}, anchor_of={}, order=[])
    assert may_join(st, 0, 1)  # one speaker, a month apart
    assert may_join(st, 0, 2)  # no speaker, two days apart
    assert not may_join(st, 1, 2)  # no speaker, four weeks apart
    assert may_join(st, 1, 3)  # an unknown date is near everything
