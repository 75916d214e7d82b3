"""score(): consistency and sourcing frames from a real DuckDB store filled by hand.

The store holds four small articles rendering four statements with the drift seen in
real coverage (modelled on ../shared/data/crossoutlet): "try to restore" printed as
"try and restore", a Zaluzhnyi figure credited to Zelensky and given as "almost 2,000
square miles", "tonnes" as "tons", "British army chief" for a former chief, a wire copy
syndicated under a second outlet, an anonymous source with and one without a reason.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from audit.model import QUOTE_FIELDS
from audit.score import Scores, score
from audit.store import Store

SPEAKERS = [
    ("richard-dannatt", "Richard Dannatt", "person", "former head of the British Army",
     ["Lord Dannatt", "Dannatt", "Richard Dannatt"]),
    ("valerii-zaluzhnyi", "Valerii Zaluzhnyi", "person", "Commander-in-Chief of the Armed Forces of Ukraine",
     ["General Valerii Zaluzhnyi", "Zaluzhnyi"]),
    ("volodymyr-zelensky", "Volodymyr Zelensky", "person", "President of Ukraine", ["President Zelensky", "Zelensky"]),
    ("uk-ministry-of-defence", "Ministry of Defence (UK)", "organisation", "UK government department",
     ["Ministry of Defence", "the MoD", "British intelligence"]),
]

RESTORE = ("They know that they've had a significant reverse on the battlefield, so they're lashing out "
           "in other ways to try to restore their position.")
RESTORE_ALTERED = ("They know that they’ve had a significant reverse on the battlefield, so they’re lashing out "
                   "in other ways to try and restore their position.")

LEDGER = (
    "Former army chief Lord Dannatt said: \"" + RESTORE + "\" He told Sky News the Russians had "
    "\"pretty much turned and fled\".\n\n"
    "Ukraine's military chief, General Valerii Zaluzhnyi, said Ukraine has liberated 3,000 km² since the "
    "beginning of September.\n\n"
    "The Ministry of Defence said on Twitter: \"President Putin said that only 60,000 tonnes of the grain had "
    "been sent to developing countries.\" See https://twitter.com/DefenceHQ for the thread."
)
POST = (
    "British army chief Lord Dannatt claimed: \"" + RESTORE_ALTERED + "\"\n\n"
    "Ukraine's military chief said Ukraine has liberated about 1,160 square miles since the beginning of "
    "September.\n\n"
    "A senior official, who was not authorised to speak publicly, said that only 60,000 tons of grain went "
    "to poor countries."
)
SYNDICATED = POST.replace("\n\n", "\n\n  ").replace("\"", "“", 1)  # same wire copy, other spacing and marks
WIRE = (
    "President Zelensky said Ukraine has liberated almost 2,000 square miles since the beginning of "
    "September.\n\nOfficials admitted that the figure could not be checked."
)

ARTICLES: list[dict[str, Any]] = [
    {"id": "a-ledger", "outlet": "Daily Ledger", "published": date(2022, 9, 12), "text": LEDGER, "quotes": [
        {"text": RESTORE, "kind": "direct", "speaker_id": "richard-dannatt", "mention": "Lord Dannatt", "cue": "said"},
        {"text": "pretty much turned and fled", "kind": "mixed", "speaker_id": "richard-dannatt", "mention": "He",
         "cue": "told", "medium": "Sky News"},
        {"text": "Ukraine has liberated 3,000 km² since the beginning of September", "kind": "indirect",
         "speaker_id": "valerii-zaluzhnyi", "mention": "General Valerii Zaluzhnyi", "cue": "said"},
        {"text": "President Putin said that only 60,000 tonnes of the grain had been sent to developing countries.",
         "kind": "direct", "speaker_id": "uk-ministry-of-defence", "mention": "The Ministry of Defence",
         "cue": "said", "medium": "Twitter"},
    ]},
    {"id": "a-post", "outlet": "Northern Post", "published": date(2022, 9, 13), "text": POST, "quotes": [
        {"text": RESTORE_ALTERED, "kind": "direct", "speaker_id": "richard-dannatt", "mention": "Lord Dannatt",
         "cue": "claimed"},
        {"text": "Ukraine has liberated about 1,160 square miles since the beginning of September", "kind": "indirect",
         "speaker_id": None, "speaker_kind": "unknown", "mention": "Ukraine's military chief", "cue": "said"},
        {"text": "only 60,000 tons of grain went to poor countries", "kind": "indirect", "speaker_id": None,
         "speaker_kind": "anonymous", "mention": "A senior official", "cue": "said"},
    ]},
    {"id": "a-copy", "outlet": "Syndicate Daily", "published": date(2022, 9, 13), "text": SYNDICATED, "quotes": [
        {"text": RESTORE_ALTERED, "kind": "direct", "speaker_id": "richard-dannatt", "mention": "Lord Dannatt",
         "cue": "claimed"},
    ]},
    {"id": "a-wire", "outlet": "=Wire Agency", "published": date(2022, 9, 14), "text": WIRE, "quotes": [
        {"text": "Ukraine has liberated almost 2,000 square miles since the beginning of September",
         "kind": "indirect", "speaker_id": "volodymyr-zelensky", "mention": "President Zelensky", "cue": "said"},
        {"text": "the figure could not be checked", "kind": "indirect", "speaker_id": None,
         "speaker_kind": "anonymous", "mention": "Officials", "cue": "admitted"},
    ]},
    {"id": "a-empty", "outlet": "Quiet Times", "published": None, "text": "No one was quoted today.", "quotes": []},
]

STATEMENTS = [  # statement_id, root quote, speaker, members
    ("s-restore", "a-ledger:0", "richard-dannatt", ["a-ledger:0", "a-post:0", "a-copy:0"]),
    ("s-area", "a-ledger:2", "valerii-zaluzhnyi", ["a-ledger:2", "a-post:1", "a-wire:0"]),
    ("s-grain", "a-ledger:3", "uk-ministry-of-defence", ["a-ledger:3", "a-post:2"]),
]


def _find(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def build_store(path: Path) -> Path:
    """A real store (schema from audit.store) filled with SQL INSERTs of the rows above."""
    names = {sid: name for sid, name, *_ in SPEAKERS}
    kinds = {sid: kind for sid, _, kind, *_ in SPEAKERS}
    quote_text: dict[str, str] = {}
    with Store(path) as store:
        con = store.con
        for sid, name, kind, role, aliases in SPEAKERS:
            con.execute("INSERT INTO speakers VALUES (?, ?, ?, ?, NULL, 'reference')", [sid, name, kind, role])
            for alias in aliases:
                con.execute("INSERT INTO aliases VALUES (?, ?, 'reference')", [alias, sid])
        for art in ARTICLES:
            text = art["text"]
            con.execute(
                "INSERT INTO articles (article_id, source, version, outlet, published, title, url, author, text, "
                "n_quotes, ingested_at) VALUES (?, ?, 1, ?, ?, ?, NULL, NULL, ?, ?, ?)",
                [art["id"], f"{art['id']}.txt", art["outlet"], art["published"], f"Title of {art['id']}", text,
                 len(art["quotes"]), datetime(2022, 9, 15)],
            )
            for idx, q in enumerate(art["quotes"]):
                start, end = _find(text, q["text"])
                m_start, m_end = _find(text, q["mention"])
                cue_start, cue_end = _find(text[m_end:], q["cue"])
                spk = q["speaker_id"]
                qid = f"{art['id']}:{idx}"
                quote_text[qid] = q["text"]
                con.execute(
                    'INSERT INTO quotes (quote_id, article_id, idx, start, "end", text, kind, speaker, speaker_id, '
                    "speaker_kind, mention, mention_start, mention_end, cue, cue_start, cue_end, medium, paragraph, "
                    "nested_in, confidence, method) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0.9, 'rules')",
                    [qid, art["id"], idx, start, end, q["text"], q["kind"], names.get(spk) if spk else q["mention"],
                     spk, kinds[spk] if spk else q["speaker_kind"], q["mention"], m_start, m_end, q["cue"],
                     m_end + cue_start, m_end + cue_end, q.get("medium"), text[:start].count("\n\n")],
                )
        for sid, root, speaker, members in STATEMENTS:
            con.execute("INSERT INTO statements VALUES (?, ?, ?, ?, ?, ?)",
                        [sid, root, quote_text[root], quote_text[root].lower(), speaker, len(members)])
            for qid in members:
                con.execute("INSERT INTO statement_quotes (quote_id, statement_id, similarity, variant) VALUES (?, ?, ?, ?)",
                            [qid, sid, 100.0 if qid == root else 80.0, "root" if qid == root else "exact"])
    return path


@pytest.fixture
def scores(db_path: Path) -> Scores:
    with Store(build_store(db_path), read_only=True) as store:
        return score(store, verified=[])


def _conflicts(scores: Scores, kind: str) -> list[dict[str, Any]]:
    return scores.conflicts.filter(pl.col("kind") == kind).sort("statement_id").to_dicts()


def test_quotes_report_carries_every_extract_field_and_the_join_columns(scores: Scores) -> None:
    cols = scores.quotes.columns
    for needed in (*QUOTE_FIELDS, "article_id", "outlet", "published", "statement_id", "variant", "similarity"):
        assert needed in cols
    assert scores.quotes.height == 10
    row = scores.quotes.filter(pl.col("quote_id") == "a-post:0").row(0, named=True)
    assert row["outlet"] == "Northern Post" and row["published"] == date(2022, 9, 13)
    assert row["statement_id"] == "s-restore" and row["similarity"] == 80.0 and row["doc"] == "a-post.txt"


def test_variants_classify_each_rendering_against_the_root(scores: Scores) -> None:
    v = dict(scores.variants.select("quote_id", "variant").iter_rows())
    assert v == {"a-ledger:0": "root", "a-post:0": "altered", "a-copy:0": "altered", "a-ledger:2": "root",
                 "a-post:1": "paraphrase", "a-wire:0": "paraphrase", "a-ledger:3": "root", "a-post:2": "paraphrase"}
    diff = scores.variants.filter(pl.col("quote_id") == "a-post:0")["diff"][0]
    assert "try [-to-] {+and+} restore" in diff


def test_wording_conflict_names_each_deviating_rendering(scores: Scores) -> None:
    # the wire copy and its syndicated twin are one vote against the Ledger's: a tie the
    # earlier date decides; each outlet printing the changed words gets its own row
    rows = _conflicts(scores, "wording")
    assert [(w["deviating_outlet"], w["deviating_quote_id"]) for w in sorted(rows, key=lambda w: w["deviating_quote_id"])] \
        == [("Syndicate Daily", "a-copy:0"), ("Northern Post", "a-post:0")]
    for w in rows:
        assert w["statement_id"] == "s-restore" and w["against"] == "earliest"
        assert w["reference_quote_id"] == "a-ledger:0" and w["reference_outlet"] == "Daily Ledger"
        assert w["quote_ids"] == [w["deviating_quote_id"], "a-ledger:0"] and w["outlets"] == [w["deviating_outlet"]]
        assert w["deviating_article_id"] == w["deviating_quote_id"].split(":")[0]
        assert "try [-to-] {+and+} restore" in w["detail"] and "try [-to-] {+and+} restore" in w["message"]
        assert w["message"].startswith(w["deviating_outlet"]) and "earliest rendering (Daily Ledger" in w["message"]
        assert w["expected"] == RESTORE and w["found"] == RESTORE_ALTERED


def test_attribution_conflicts_wrong_speaker_and_generic_credit(scores: Scores) -> None:
    found = {(c["statement_id"], c["speaker_id"]): c
             for kind in ("attribution", "vague-credit") for c in _conflicts(scores, kind)}
    # the unresolved "Ukraine's military chief" is the extractor's gap, not a conflict
    assert set(found) == {("s-area", "volodymyr-zelensky"), ("s-grain", None)}
    assert found[("s-grain", None)]["kind"] == "vague-credit"  # a sourcing finding, not a wrong speaker
    wrong = found[("s-area", "volodymyr-zelensky")]
    assert wrong["quote_ids"] == ["a-wire:0", "a-ledger:2"] and wrong["outlets"] == ["=Wire Agency"]
    assert wrong["deviating_outlet"] == "=Wire Agency" and wrong["deviating_quote_id"] == "a-wire:0"
    assert wrong["against"] == "earliest"  # Zaluzhnyi (Ledger, 12 Sept) against Zelensky (Wire, 14 Sept)
    assert (wrong["expected"], wrong["found"]) == ("Valerii Zaluzhnyi", "Volodymyr Zelensky")
    assert "Volodymyr Zelensky" in wrong["detail"] and "Valerii Zaluzhnyi" in wrong["detail"]
    assert "A senior official" in found[("s-grain", None)]["detail"]


def test_number_conflict_only_for_almost_2000_square_miles(scores: Scores) -> None:
    (number,) = _conflicts(scores, "number")
    assert number["statement_id"] == "s-area" and number["quote_ids"] == ["a-wire:0", "a-ledger:2"]
    assert "almost 2,000 square miles" in number["detail"] and "3,000 km²" in number["detail"]
    flags = dict(scores.quotes.select("quote_id", "number_conflict").iter_rows())
    assert flags["a-wire:0"] and not flags["a-post:1"] and not flags["a-post:2"]  # 1,160 sq mi, tons agree


def test_role_conflict_drops_former(scores: Scores) -> None:
    rows = _conflicts(scores, "role")
    assert {r["deviating_quote_id"] for r in rows} == {"a-post:0", "a-copy:0"}
    for role in rows:
        assert role["speaker_id"] == "richard-dannatt" and role["against"] == "reference"  # the registry role
        assert "british army chief" in role["detail"] and "former army chief" in role["detail"]
        assert role["found"] == "british army chief" and role["expected"] == "former army chief"


def test_statement_provenance_counts_syndicated_copies_once(scores: Scores) -> None:
    s = {r["statement_id"]: r for r in scores.statements.to_dicts()}
    restore = s["s-restore"]
    assert restore["first_outlet"] == "Daily Ledger" and restore["first_published"] == date(2022, 9, 12)
    assert restore["n_articles"] == 3 and restore["n_independent"] == 2 and restore["n_syndicated"] == 1
    assert restore["outlets"] == ["Daily Ledger", "Northern Post", "Syndicate Daily"]
    # root 100, altered 100×(1−0.6−0.2 role) = 20; the syndicated copy counted once: (100 + 20) / 2
    assert restore["consistency_score"] == pytest.approx(60.0)
    # root 100; unresolved credit and paraphrase 100×(1−0.1) = 90; Zelensky: misattributed -> 0
    assert s["s-area"]["consistency_score"] == pytest.approx((100 + 90 + 0) / 3, abs=0.05)


def test_outlet_consistency_and_conflict_counts(scores: Scores) -> None:
    o = {r["outlet"]: r for r in scores.outlets.to_dicts()}
    assert o["Daily Ledger"]["consistency_score"] == 100.0
    assert o["=Wire Agency"]["consistency_score"] == 0.0 and o["=Wire Agency"]["n_misattributed"] == 1
    assert o["Northern Post"]["n_altered"] == 1 and o["Northern Post"]["n_role_conflicts"] == 1
    assert o["Quiet Times"]["consistency_score"] is None and o["Quiet Times"]["sourcing_score"] is None
    assert o["Daily Ledger"]["n_first_reports"] == 3


def test_article_sourcing_components(scores: Scores) -> None:
    a = {r["article_id"]: r for r in scores.articles.to_dicts()}
    ledger, post, wire = a["a-ledger"], a["a-post"], a["a-wire"]
    assert ledger["n_named"] == 4 and ledger["n_speakers"] == 3 and ledger["link_present"]
    assert ledger["c_named"] == 1.0 and ledger["c_primary"] == pytest.approx(0.7 * 2 / 4 + 0.3)
    assert post["n_anonymous"] == 1 and post["n_anonymous_with_reason"] == 1 and post["c_anonymity"] == 1.0
    assert post["loaded_cues"] == ["claimed"] and post["c_neutral_cues"] == pytest.approx(2 / 3)
    assert wire["n_anonymous"] == 1 and wire["n_anonymous_with_reason"] == 0 and wire["c_anonymity"] == 0.5
    assert wire["single_source"] is True
    expected = 100 * (0.25 * 1 + 0.15 * 1 + 0.15 * 1 + 0.15 * min(1, (1 - 2 / 4) / 0.5) + 0.15 * (0.7 * 0.5 + 0.3)
                      + 0.15 * 1)
    assert ledger["sourcing_score"] == pytest.approx(expected, abs=0.05)
    assert a["a-post"]["syndication_group"] == a["a-copy"]["syndication_group"]
    assert a["a-empty"]["sourcing_score"] is None and a["a-empty"]["n_quotes"] == 0


def test_speakers_report(scores: Scores) -> None:
    sp = {r["speaker_id"]: r for r in scores.speakers.to_dicts()}
    assert sp["richard-dannatt"]["n_quotes"] == 4 and sp["richard-dannatt"]["category"] == "expert"
    assert sp["richard-dannatt"]["roles_seen"] == ["british army chief", "former army chief"]
    assert sp["volodymyr-zelensky"]["n_misattributed"] == 1
    assert sp["uk-ministry-of-defence"]["category"] == "official"


def test_empty_store_gives_empty_frames_with_columns(db_path: Path) -> None:
    with Store(db_path) as store:
        s = score(store, verified=[])
    for name, frame in s.items():
        assert frame.height == 0, name
    assert "statement_id" in s.conflicts.columns and "sourcing_score" in s.articles.columns


def test_quotes_without_statements_still_score_sourcing(db_path: Path) -> None:
    build_store(db_path)
    with Store(db_path) as store:
        store.con.execute("DELETE FROM statement_quotes")
        store.con.execute("DELETE FROM statements")
        s = score(store, verified=[])
    assert s.quotes["statement_id"].null_count() == s.quotes.height
    assert s.conflicts.filter(pl.col("kind") != "role").height == 0
    assert s.articles.filter(pl.col("article_id") == "a-ledger")["sourcing_score"][0] is not None


def test_verified_wording_decides_which_rendering_is_the_misquote(db_path: Path) -> None:
    build_store(db_path)
    with Store(db_path) as store:  # the matcher chose the misquote as root (it happens: ties, length)
        store.con.execute("UPDATE statements SET root_quote_id = 'a-post:0', text = ? WHERE statement_id = 's-restore'",
                          [RESTORE_ALTERED])
        unverified = score(store, verified=[])
        verified = score(store, verified=[("dannatt-restore", "richard-dannatt", RESTORE),
                                          ("other", "vladimir-putin", RESTORE)])
    # the matcher's root does not decide: without verified words the earlier date does
    before = dict(unverified.variants.select("quote_id", "variant").iter_rows())
    assert before["a-ledger:0"] == "root" and before["a-post:0"] == "altered"
    after = dict(verified.variants.select("quote_id", "variant").iter_rows())
    assert after["a-ledger:0"] == "exact" and after["a-post:0"] == "altered" and after["a-copy:0"] == "altered"
    row = verified.statements.filter(pl.col("statement_id") == "s-restore").row(0, named=True)
    assert row["verified_id"] == "dannatt-restore" and row["reference_text"] == RESTORE
    assert row["wording_against"] == "reference"
    rows = _conflicts(verified, "wording")
    assert {w["deviating_quote_id"] for w in rows} == {"a-copy:0", "a-post:0"}
    assert {w["against"] for w in rows} == {"reference"} and all("dannatt-restore" in w["message"] for w in rows)


def test_reference_wording_whole_and_partial_matches() -> None:
    from audit.score.verified import reference_wording

    kadyrov = ("If today or tomorrow changes are not made in the conduct of the special military operation, I will "
               "be forced to go to the country's leadership to explain to them the situation on the ground.")
    statements = pl.DataFrame({
        "statement_id": ["long-part", "fragment", "other-speaker", "whole"],
        "text": ["I will be compelled to go to the country’s leadership to convey to them the situation on the ground.",
                 "the special military operation", "I will be forced to go to the country's leadership to explain",
                 RESTORE_ALTERED],
        "speaker_id": ["ramzan-kadyrov", "ramzan-kadyrov", "vladimir-putin", None],
    })
    found = reference_wording(statements, [("kadyrov-go", "ramzan-kadyrov", kadyrov),
                                           ("dannatt-restore", "richard-dannatt", RESTORE)])
    assert dict(found.select("statement_id", "verified_id").iter_rows()) == {
        "long-part": "kadyrov-go", "whole": "dannatt-restore"
    }


def test_reference_speaker_prefers_the_registry_over_a_made_up_root_speaker(db_path: Path) -> None:
    build_store(db_path)
    with Store(db_path) as store:  # the extractor credited the root to "U.N. figures"
        store.con.execute("UPDATE statements SET speaker_id = 'u-n-figures' WHERE statement_id = 's-area'")
        s = score(store, verified=[])
    (wrong,) = [c for c in _conflicts(s, "attribution") if c["statement_id"] == "s-area"]
    assert wrong["speaker_id"] == "volodymyr-zelensky" and "said by Valerii Zaluzhnyi" in wrong["detail"]
