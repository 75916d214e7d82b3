"""Cross-outlet matching on a real DuckDB store: normalisation, truncations, rewording,
spelling and quote-mark variants, fragments, decoys, incremental runs, lookup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from audit.match import Candidate, lookup, match
from audit.lang.normalise import normalise, normalise_series
from audit.match.verify import score_one
from audit.model import Article, Quote
from audit.store import Store
from match_helpers import add

LASHING = "They know that they've had a significant reverse on the battlefield, so they're lashing out in other ways to try to restore their position."
WITHDRAWAL = "In the face of Ukrainian advances, Russia has likely ordered the withdrawal of its troops from the entirety of occupied Kharkiv Oblast west of the Oskil River."
MISINFO = "Russia is pursuing a deliberate misinformation strategy as it seeks to deflect blame for food insecurity issues, discredit Ukraine and minimise opposition to its invasion."
GAINS = "Over the last 24 hours, Ukrainian forces have continued to make significant gains in the Kharkiv region."
# Same speaker, same day, same place, different claim: must stay apart from WITHDRAWAL.
DECOY = "Russia has likely moved its reserves from occupied Kherson Oblast to the east of the Oskil River in the face of Ukrainian advances."


def statement_of(store: Store, text: str) -> str:
    rows = store.con.execute(
        "SELECT DISTINCT sq.statement_id FROM quotes q JOIN statement_quotes sq USING (quote_id) WHERE q.text = ?", [text]
    ).fetchall()
    assert len(rows) == 1, f"{text!r} is in {len(rows)} statements"
    return rows[0][0]


def links(store: Store) -> list[tuple]:
    return store.con.execute(
        "SELECT quote_id, statement_id, similarity, variant FROM statement_quotes ORDER BY quote_id"
    ).fetchall()


@pytest.fixture
def store(db_path: Path):
    with Store(db_path) as s:
        yield s


def test_normalise_cosmetic_differences_vanish() -> None:
    assert normalise("They’re “lashing out”") == normalise('they\'re "Lashing Out"') == "theyre lashing out"
    assert normalise("minimise the centre’s defence") == normalise("minimize the center's defense")
    assert normalise("60,000 tonnes, 30 per cent") == "60000 tonnes 30 percent" == normalise("60000 tonnes - 30%")
    assert normalise("U.N. figures on 07 September") == "un figures on 7 september"
    # Real word changes survive: drift scoring must see them.
    assert normalise("try and restore") != normalise("try to restore")
    assert normalise("tonnes") != normalise("tons")
    assert normalise_series(["a", "", "—"]).to_list() == ["a", "", ""]


def test_scores_separate_renderings_from_decoys() -> None:
    swapped = LASHING.replace("try to", "try and")
    assert score_one(normalise(swapped), normalise(LASHING))[0] > 95
    assert score_one(normalise("significant reverse"), normalise(LASHING)) == (100.0, True)
    assert score_one(normalise(DECOY), normalise(WITHDRAWAL))[0] < 80


def test_truncated_reworded_and_variants_join_one_statement(store: Store) -> None:
    speaker = "richard-dannatt"
    add(store, "lbc", 12, (LASHING, "direct", speaker))
    add(store, "sky", 12, (LASHING.replace("'", "\u2019").replace("try to", "try and"), "direct", speaker))
    add(store, "bbc", 13, (LASHING[:60], "direct", speaker))  # cut off mid-word
    add(store, "itv", 13, ("significant reverse", "mixed", speaker))
    add(store, "mail", 13, (LASHING.upper(), "direct", None))
    stats = match(store)
    assert stats.quotes == 5 and stats.new_statements == 1
    rows = links(store)
    assert len({r[1] for r in rows}) == 1
    variants = sorted(r[3] for r in rows)
    assert variants == ["altered", "cosmetic", "exact", "root", "truncated"]


def test_spelling_and_quote_marks_are_cosmetic(store: Store) -> None:
    add(store, "gov", 11, (MISINFO, "direct", "uk-mod"))
    add(store, "cnn", 11, (MISINFO.replace("minimise", "minimize"), "direct", "uk-mod"))
    add(store, "rte", 12, ("“" + MISINFO + "”", "direct", "uk-mod"))
    match(store)
    variants = {r[3] for r in links(store)}
    assert variants == {"root", "cosmetic"}
    assert store.con.execute("SELECT count(*), min(n_quotes) FROM statements").fetchall() == [(1, 3)]


def test_mixed_fragment_attaches_to_statement_containing_it(store: Store) -> None:
    add(store, "ap", 11, (GAINS, "direct", "uk-mod"), (WITHDRAWAL, "direct", "uk-mod"))
    add(store, "afp", 12, ("significant gains", "mixed", "uk-mod"))
    add(store, "dw", 12, ("ordered the withdrawal of its troops", "mixed", None))
    match(store)
    assert statement_of(store, "significant gains") == statement_of(store, GAINS)
    assert statement_of(store, "ordered the withdrawal of its troops") == statement_of(store, WITHDRAWAL)
    assert statement_of(store, GAINS) != statement_of(store, WITHDRAWAL)


def test_decoys_and_different_statements_stay_apart(store: Store) -> None:
    add(store, "gov", 12, (WITHDRAWAL, "direct", "uk-mod"))
    add(store, "gov", 13, (DECOY, "direct", "uk-mod"))
    add(store, "bbc", 13, (WITHDRAWAL.replace("likely", "probably"), "direct", "uk-mod"))
    add(store, "cnn", 13, (DECOY.replace("likely", "probably"), "direct", "uk-mod"))
    match(store)
    assert statement_of(store, WITHDRAWAL) == statement_of(store, WITHDRAWAL.replace("likely", "probably"))
    assert statement_of(store, DECOY) == statement_of(store, DECOY.replace("likely", "probably"))
    assert statement_of(store, WITHDRAWAL) != statement_of(store, DECOY)


def test_same_words_from_two_speakers_still_cluster(store: Store) -> None:
    add(store, "a", 12, (LASHING, "direct", "richard-dannatt"))
    add(store, "b", 12, (LASHING, "direct", "ben-wallace"))
    match(store)
    root_speaker = store.con.execute("SELECT speaker_id FROM statements").fetchall()
    assert len(root_speaker) == 1 and statement_of(store, LASHING)


def test_indirect_rendering_attaches_with_similarity(store: Store) -> None:
    add(store, "gov", 11, (GAINS, "direct", "uk-mod"))
    indirect = "Ukrainian forces continued to make significant gains in the Kharkiv region over the last 24 hours"
    add(store, "reuters", 11, (indirect, "indirect", "uk-mod"))
    match(store)
    (sim, variant), = store.con.execute(
        "SELECT similarity, variant FROM statement_quotes JOIN quotes USING (quote_id) WHERE kind = 'indirect'"
    ).fetchall()
    assert 80 <= sim < 100 and variant == "paraphrase"
    assert statement_of(store, indirect) == statement_of(store, GAINS)


def test_incremental_batch_joins_existing_statements_with_stable_ids(store: Store) -> None:
    add(store, "gov", 11, (GAINS, "direct", "uk-mod"), (WITHDRAWAL, "direct", "uk-mod"))
    first = match(store)
    before = dict(store.con.execute("SELECT norm, statement_id FROM statements").fetchall())
    add(store, "bbc", 12, ("significant gains", "mixed", "uk-mod"), (GAINS.replace("the last", "the past"), "direct", None))
    add(store, "sky", 12, (MISINFO, "direct", "uk-mod"))
    second = match(store)
    assert (first.new_statements, second.quotes, second.new_statements, second.joined_statements) == (2, 3, 1, 1)
    after = dict(store.con.execute("SELECT norm, statement_id FROM statements").fetchall())
    assert {k: after[k] for k in before} == before
    assert statement_of(store, "significant gains") == before[normalise(GAINS)]
    assert store.con.execute("SELECT n_quotes FROM statements WHERE statement_id = ?", [before[normalise(GAINS)]]).fetchall() == [(3,)]


def test_rerunning_match_changes_nothing(store: Store) -> None:
    add(store, "gov", 11, (GAINS, "direct", "uk-mod"), (LASHING, "direct", "richard-dannatt"))
    add(store, "bbc", 12, ("significant reverse", "mixed", None), (GAINS[:50], "direct", "uk-mod"))
    match(store)
    snapshot = links(store), store.con.execute("SELECT * FROM statements ORDER BY statement_id").fetchall()
    again = match(store)
    assert again.quotes == 0 and again.new_statements == 0
    assert (links(store), store.con.execute("SELECT * FROM statements ORDER BY statement_id").fetchall()) == snapshot
    full = match(store, incremental=False)
    assert full.quotes == 4
    assert (links(store), store.con.execute("SELECT * FROM statements ORDER BY statement_id").fetchall()) == snapshot


def test_empty_and_punctuation_only_quotes_are_skipped(store: Store) -> None:
    add(store, "x", 11, ("…", "direct", None), (GAINS, "direct", None))
    stats = match(store)
    assert (stats.quotes, stats.skipped, stats.statements) == (1, 1, 1)


def test_match_accepts_a_raw_connection_and_rejects_other_things(db_path: Path) -> None:
    with Store(db_path) as s:
        add(s, "gov", 11, (GAINS, "direct", "uk-mod"))
    con = duckdb.connect(str(db_path))
    try:
        assert match(con).new_statements == 1
    finally:
        con.close()
    with pytest.raises(TypeError, match="Store or a DuckDB connection"):
        match("audit.duckdb")


def test_lookup_finds_statements_for_draft_quotes(db_path: Path) -> None:
    with Store(db_path) as s:
        add(s, "gov", 11, (GAINS, "direct", "uk-mod"), (LASHING, "direct", "richard-dannatt"))
        match(s)
    with Store(db_path, read_only=True) as ro:
        found = lookup(ro.con, [
            LASHING.replace("try to", "try and"),
            "significant gains",
            "Nothing anybody said at all today.",
            "",
        ])
    assert [len(f) for f in found] == [1, 1, 0, 0]
    swapped, fragment = found[0][0], found[1][0]
    assert isinstance(swapped, Candidate)
    assert swapped.text == LASHING and swapped.speaker_id == "richard-dannatt" and 90 < swapped.score < 100
    assert not swapped.partial
    assert fragment.text == GAINS and fragment.score == 100.0 and fragment.partial


def test_match_command_prints_figures(db_path: Path) -> None:
    from typer.testing import CliRunner

    from audit.cli import app

    with Store(db_path) as s:
        add(s, "gov", 11, (GAINS, "direct", "uk-mod"))
        add(s, "bbc", 12, ("significant gains", "mixed", None))
    runner = CliRunner()
    first = runner.invoke(app, ["match", "--db", str(db_path)])
    assert first.exit_code == 0, first.output
    assert "2 quotes matched" in first.output and "1 new statements" in first.output
    again = runner.invoke(app, ["match", "--db", str(db_path), "--format", "json"])
    assert again.exit_code == 0 and '"quotes": 0' in again.output and '"statements": 1' in again.output
    missing = runner.invoke(app, ["match", "--db", str(db_path.with_name("none.duckdb"))])
    assert missing.exit_code == 2


def test_real_cross_outlet_renderings(store: Store) -> None:
    """The 196 real renderings: no wrong merges beyond the few real overlaps (one
    outlet quoting two statements as one passage), and the cosmetic variants together."""
    import json
    from itertools import combinations

    from conftest import shared_or_skip

    path = shared_or_skip("crossoutlet", "renderings.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by_article: dict[str, list[dict]] = {}
    for rec in records:
        by_article.setdefault(rec["url"], []).append(rec)
    truth: dict[str, str] = {}
    for url, recs in by_article.items():
        text = "\n".join(r["text"] for r in recs)
        quotes, pos = [], 0
        for r in recs:
            quotes.append(Quote(start=pos, end=pos + len(r["text"]), text=r["text"], kind=r["kind"], speaker_id=r["attributed_to"]))
            pos += len(r["text"]) + 1
        article = Article(text=text, source=url, outlet=recs[0]["outlet"], published=date.fromisoformat(recs[0]["date"]))
        store.add_article(article, quotes)
        for idx, r in enumerate(recs):
            truth[f"{article.article_id}:{idx}"] = r["statement"]
    match(store)
    pred = dict(store.con.execute("SELECT quote_id, statement_id FROM statement_quotes").fetchall())
    tp = fp = 0
    for a, b in combinations(sorted(truth), 2):
        if pred[a] == pred[b]:
            tp += truth[a] == truth[b]
            fp += truth[a] != truth[b]
    assert tp / (tp + fp) >= 0.85
    misinfo = {pred[q] for q, s in truth.items() if s == "ukmod-2022-09-11-misinformation-strategy"}
    assert len(misinfo) == 1


def test_date_window_keeps_distant_renderings_apart(store: Store) -> None:
    add(store, "gov", 1, (GAINS, "direct", "uk-mod"))
    article = Article(text=GAINS.replace("the last", "the past"), source="later.txt", outlet="bbc", published=date(2023, 9, 1))
    store.add_article(article, [Quote(start=0, end=len(article.text), text=article.text, kind="direct", speaker_id="uk-mod")])
    assert match(store, incremental=False, date_window_days=30).new_statements == 2
    assert match(store, incremental=False).new_statements == 1


def test_reworded_part_of_a_long_quote_attaches(store: Store) -> None:
    full = ("If today or tomorrow changes are not made in the conduct of the special military operation, "
            "I will be forced to go to the country's leadership to explain to them the situation on the ground.")
    part = "I will be compelled to go to the country’s leadership to convey to them the situation on the ground."
    opener = ("If today or tomorrow changes are not made in the conduct of the special military operation, "
              "the governors of the southern regions will meet again next week.")
    add(store, "tass", 10, (full, "direct", "ramzan-kadyrov"))
    add(store, "digest", 14, (part, "direct", "ramzan-kadyrov"))
    add(store, "wire", 14, (opener, "direct", "ramzan-kadyrov"))
    match(store)
    assert statement_of(store, part) == statement_of(store, full)
    assert statement_of(store, opener) != statement_of(store, full)


def test_a_truncation_shared_by_two_statements_does_not_become_their_root(store: Store) -> None:
    """A cut-off opening is a part of every statement that opens that way; it must not
    collect their support and become the root that merges them."""
    opening = "During the night, regional officials must keep the pressure up on the"
    market = f"{opening} vital market across the Lozodanlets region. The report says 38 civilians were lost."
    substation = f"{opening} central substation around Ternonelets-Mala. Nobody expected 1,645 families to arrive."
    for day, outlet in ((11, "ap"), (12, "bbc")):
        add(store, outlet, day, (market, "direct", "regional-officials"), (substation, "direct", "regional-officials"))
    add(store, "blog", 12, (opening, "direct", "regional-officials"))
    match(store)
    assert statement_of(store, market) != statement_of(store, substation)
    roots = {r[0] for r in store.con.execute("SELECT text FROM statements").fetchall()}
    assert opening not in roots and {market, substation} <= roots


def crowd(store: Store, bigrams: list[str]) -> None:
    """Make each content bigram in ``bigrams`` too common for the DF band: one filler
    quote per bigram and slot, MAX_DF + 1 times over (bulk SQL: thousands of quotes)."""
    from audit.match.block import MAX_DF

    n = (MAX_DF + 1) * len(bigrams)
    store.con.execute(
        """INSERT INTO articles (article_id, source, version, outlet, published, text, ingested_at)
           SELECT 'f' || i, 'f' || i, 1, 'o' || i, DATE '2022-09-13', '', now() FROM range(?) t(i)""", [n]
    )
    store.con.execute(
        """INSERT INTO quotes (quote_id, article_id, idx, start, "end", text, kind)
           SELECT 'f' || i || ':0', 'f' || i, 0, 0, 1, 'Filler ' || i || ' says ' || $w[i % len($w) + 1] || ' zone' || i, 'direct'
           FROM range($n) t(i)""", {"w": bigrams, "n": n}
    )


def test_head_gram_blocks_a_truncation_made_of_common_words(store: Store) -> None:
    """Every bigram of this truncation is held by more texts than the DF band allows;
    only its head (first six content words) ties it to the statement."""
    statement = "Over the weekend the government have likely withdrawn the southern supply line near Novohrad."
    truncation = statement[:76]  # "... southern supply li"
    add(store, "ap", 11, (statement, "direct", "mod"))
    add(store, "bbc", 12, (truncation, "direct", "mod"))
    # Another text cut at the same letter: the truncation's cut-off last bigram
    # ("supply li") is in the band, yet must not count as a second gram of its own.
    add(store, "blog", 12, ("Convoys ran down the eastern supply li", "direct", None))
    # A reworded rendering gives the statement in-band grams of its own ("line near").
    add(store, "cnn", 12, (statement.replace("likely", "probably"), "direct", "mod"))
    crowd(store, ["weekend government", "government likely", "likely withdrawn", "withdrawn southern", "southern supply", "supply line"])
    match(store)
    assert statement_of(store, truncation) == statement_of(store, statement)


def test_truncation_finds_its_root_among_more_openings_than_candidates(store: Store) -> None:
    """More statements than MAX_CANDIDATES share the truncation's only in-band gram (its
    opening formula); the one it is a prefix of must still be among its candidates,
    whatever their order."""
    import hashlib

    from audit.match.block import MAX_CANDIDATES

    opening = "Within the next fortnight the defence ministry have recaptured the makeshift"
    crowd(store, ["within next", "next fortnight", "fortnight defence", "defence ministry", "ministry recaptured",
                  "recaptured makeshift"])
    def claim(i: int, target: str) -> str:  # one opening, then words no other claim has
        return f"{opening} {target} near Town{i}. " + " ".join(hashlib.md5(f"{i}.{j}".encode()).hexdigest()[:9] for j in range(8))

    root = claim(0, "harbour")
    add(store, "ap", 11, (root, "direct", "mod"))
    for i in range(1, MAX_CANDIDATES + 5):  # printed twice: these outrank the root
        other = claim(i, f"depot{i}")
        add(store, "ap", 11 + i % 5, (other, "direct", "mod"))
        add(store, "bbc", 11 + i % 5, (other, "direct", "mod"))
    truncation = f"{opening} harbo"
    add(store, "blog", 12, (truncation, "direct", "mod"))
    match(store)
    assert statement_of(store, truncation) == statement_of(store, root)


CONVOYS = "Convoys carrying fresh ammunition crossed the Dnipro bridge at Kherson before dawn on Tuesday."
# Shares five grams with CONVOYS and is a different statement: stored far from batch two.
SATELLITE = ("Satellite images suggest convoys carrying fresh ammunition crossed the Dnipro repeatedly this month, "
             "though officials in Kyiv would not confirm how many.")
DIVERS = "Divers inspected the bridge at Kherson before the engineers reopened one lane for trucks and ambulances."


def test_incremental_loads_only_near_roots_and_equals_loading_all(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second batch is matched against the stored roots that share an in-band gram
    with it (or its normalised text) only; the result is the one loading every root
    gives, which is what ``match`` did before. The corpus has roots that are relevant
    (renderings of them arrive), irrelevant ones, crowded grams that are out of the DF
    band only when counted over the whole store, and a repeat of a stored text."""
    import shutil

    import audit.match as am

    statement = "Over the weekend the government have likely withdrawn the southern supply line near Novohrad."
    with Store(db_path) as s:
        add(s, "gov", 11, (GAINS, "direct", "uk-mod"), (WITHDRAWAL, "direct", "uk-mod"), (LASHING, "direct", "dannatt"))
        add(s, "ap", 11, (statement, "direct", "mod"), (MISINFO, "direct", "uk-mod"), (CONVOYS, "direct", "mod"))
        add(s, "dpa", 11, (SATELLITE, "direct", None))
        add(s, "cnn", 12, (statement.replace("likely", "maybe"), "direct", "mod"))  # shorter: not the root
        crowd(s, ["weekend government", "government likely", "likely withdrawn", "withdrawn southern", "southern supply"])
        match(s)
        add(s, "bbc", 13, ("significant gains", "mixed", "uk-mod"), (GAINS.replace("the last", "the past"), "direct", None))
        add(s, "sky", 13, (DECOY, "direct", "uk-mod"), (statement[:76], "direct", "mod"), (LASHING, "direct", None))
        add(s, "itv", 13, ("Nobody expected the ceasefire talks in Geneva to collapse overnight.", "direct", "un"))
        # DIVERS (ten in-band grams with its variant) shares two with CONVOYS, which has
        # seven in band across the store but two among the loaded roots: the pair is a
        # candidate only if the band is counted over the loaded roots, which it must not be.
        add(s, "ft", 13, (DIVERS, "direct", None), (DIVERS.replace("trucks", "lorries"), "direct", None))
    reference = db_path.with_name("reference.duckdb")
    shutil.copy(db_path, reference)

    def tables(s: Store) -> tuple[list[tuple], list[tuple]]:
        return links(s), s.con.execute("SELECT * FROM statements ORDER BY statement_id").fetchall()

    loaded: list[int] = []
    near_roots = am._near_roots

    def counting(con: duckdb.DuckDBPyConnection, norms: object) -> tuple:
        roots, max_df = near_roots(con, norms)
        loaded.append(len(roots))
        return roots, max_df

    monkeypatch.setattr(am, "_near_roots", counting)
    with Store(db_path) as s:
        stored = s.con.execute("SELECT count(*) FROM statements").fetchall()[0][0]
        stats = match(s)
        got = tables(s)
        assert statement_of(s, "significant gains") == statement_of(s, GAINS)
        assert statement_of(s, statement[:76]) == statement_of(s, statement)
        assert statement_of(s, DECOY) != statement_of(s, WITHDRAWAL)
    # GAINS, the Novohrad statement (the truncation shares its head gram only), WITHDRAWAL
    # (the decoy shares words with it), CONVOYS and LASHING (repeated verbatim) are near;
    # MISINFO, SATELLITE and the hundreds of fillers sharing only crowded grams are not.
    assert stored > 500 and loaded == [5]
    assert (stats.quotes, stats.new_statements, stats.joined_statements) == (8, 3, 3)

    # Reference: every stored root loaded, as before (max_df is the whole corpus's either way).
    monkeypatch.setattr(am, "_near_roots", lambda con, norms: (am._existing_roots(con), near_roots(con, norms)[1]))
    with Store(reference) as s:
        full_load = match(s)
        assert tables(s) == got
    assert (full_load.candidates, full_load.matched_pairs) == (stats.candidates, stats.matched_pairs)


def test_a_short_phrase_of_two_speakers_is_shared_language_not_one_statement(tmp_path) -> None:
    """Two outlets quote two different people using nearly the same short phrase: no
    statement joins them; the phrase from one speaker still joins."""
    from match_helpers import add

    from audit.store import Store

    with Store(tmp_path / "x.duckdb") as store:
        add(store, "daily", 10, ("a rigged system", "mixed", "ann-pike"))
        add(store, "courier", 11, ("a totally rigged system", "mixed", "tom-reed"))
        add(store, "post", 11, ("the rigged system", "mixed", "ann-pike"))
        match(store)
        rows = store.con.execute(
            "SELECT q.speaker_id, sq.statement_id FROM statement_quotes sq JOIN quotes q USING (quote_id)").fetchall()
    by_speaker: dict[str, set[str]] = {}
    for speaker, sid in rows:
        by_speaker.setdefault(speaker, set()).add(sid)
    assert len(by_speaker["ann-pike"]) == 1 and by_speaker["ann-pike"] != by_speaker["tom-reed"]


def test_word_for_word_equal_short_texts_of_two_persons_are_two_statements(tmp_path) -> None:
    """A short text printed word for word by outlets crediting two persons is one node per
    person (``match.with_node_keys``), so the speaker veto keeps them apart; the same
    person's copies, a body credited with a person's short words (a vague credit of one
    speaker) and a long text whoever is credited stay one statement each."""
    from datetime import date

    from audit.model import Article, Quote
    from audit.store import Store

    def add(store: Store, outlet: str, *quotes: tuple[str, str, str]) -> None:
        body, records, pos = "", [], 0
        for text, speaker, kind in quotes:
            records.append(Quote(start=pos, end=pos + len(text), text=text, kind="mixed", speaker_id=speaker,
                                 speaker_kind=kind))
            body += text + " "
            pos += len(text) + 1
        store.add_article(Article(text=body, source=f"{outlet}.txt", outlet=outlet, published=date(2022, 9, 10)),
                          records)

    with Store(tmp_path / "x.duckdb") as store:
        add(store, "daily", ("human error", "ann-pike", "person"), ("more and more", "tom-reed", "person"),
            (LASHING, "ann-pike", "person"))
        add(store, "courier", ("human error", "tom-reed", "person"), ("more and more", "army", "organisation"),
            (LASHING, "tom-reed", "person"))
        add(store, "post", ("human error", "ann-pike", "person"))
        match(store)
        rows = store.con.execute(
            """SELECT q.speaker_id, q.text, sq.statement_id FROM statement_quotes sq JOIN quotes q USING (quote_id)"""
        ).fetchall()
    error: dict[str, set[str]] = {}
    for speaker, text, sid in rows:
        if text == "human error":
            error.setdefault(speaker, set()).add(sid)
    assert len(error["ann-pike"]) == 1 and error["ann-pike"] != error["tom-reed"]
    assert len({sid for _, text, sid in rows if text == "more and more"}) == 1
    assert len({sid for _, text, sid in rows if text == LASHING}) == 1


BIG_CHANGE = "Our argument is simple: we need a big change in how this city spends its money."


@pytest.mark.parametrize(("day", "speaker", "joins"), [
    (11, "tom-reed", True),   # one news cycle: the words alone, as before
    (28, "tom-reed", False),  # weeks later, another speaker: everyday words are shared language
    (28, None, False),        # weeks later, no one credited: the same
    (28, "ann-pike", True),   # weeks later, the same speaker: a line repeated
], ids=["near-other", "far-other", "far-uncredited", "far-same"])
def test_everyday_words_printed_weeks_apart_need_one_speaker(store: Store, day: int, speaker: str | None,
                                                             joins: bool) -> None:
    """"We need a big change" is in any politician's mouth: printed weeks after a longer
    quote holding it, by someone else (or no one known), it is not that quote."""
    add(store, "daily", 10, (BIG_CHANGE, "direct", "ann-pike"))
    add(store, "courier", day, ("We need a big change.", "direct", speaker))
    match(store)
    assert (statement_of(store, BIG_CHANGE) == statement_of(store, "We need a big change.")) is joins


def test_a_distinctive_sentence_printed_weeks_apart_still_matches_across_speakers(store: Store) -> None:
    """A sentence of its own (well over ``FAR_MIN_INFO``) credited to two people weeks
    apart is still one statement: a misattribution to find, not shared language."""
    add(store, "a", 1, (LASHING, "direct", "richard-dannatt"))
    add(store, "b", 25, (LASHING.replace("so they're", "so they are"), "direct", "ben-wallace"))
    match(store)
    assert statement_of(store, LASHING) == statement_of(store, LASHING.replace("so they're", "so they are"))


def test_the_same_everyday_words_printed_weeks_apart_with_two_credits_are_two_statements(store: Store) -> None:
    """Word for word equal texts are one node, so no pair of them is ever scored: an everyday
    phrase printed weeks apart with two credits (or none) is one node per credit
    (``match.with_node_keys``), and the far veto keeps them apart; within days, or said by a
    sentence of its own, they stay one statement."""
    phrase = "the candidate of their choice"
    add(store, "daily", 1, (phrase, "indirect", None))
    add(store, "courier", 2, (phrase, "indirect", "party-officials"))
    add(store, "post", 28, (phrase, "indirect", "elected-officials"))
    add(store, "a", 1, (LASHING, "direct", "richard-dannatt"))
    add(store, "b", 28, (LASHING, "direct", "ben-wallace"))
    match(store)
    rows = store.con.execute(
        "SELECT q.speaker_id, q.text, sq.statement_id FROM statement_quotes sq JOIN quotes q USING (quote_id)").fetchall()
    by = {(speaker, text): sid for speaker, text, sid in rows}
    assert by[None, phrase] == by["party-officials", phrase]  # two days apart: one news cycle
    assert by["elected-officials", phrase] != by[None, phrase]  # four weeks later
    assert len({sid for _, text, sid in rows if text == LASHING}) == 1
