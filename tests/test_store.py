"""Store: schema and migrations, one transaction per article, idempotency, locking."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from audit.model import Article, IngestError, Quote
from audit.store import SCHEMA_V1, SCHEMA_VERSION, Store, StoreError, StoreLocked

TEXT = 'The MoD said Putin said "we will stay". Lord Dannatt said: "They are in real trouble."'


def quotes_for(text: str) -> list[Quote]:
    """Two hand-made quotes with offsets into ``text``, the first nested in nothing,
    the second pointing at the first as its reporter (as extraction would)."""
    (a, a_end), (b, b_end) = (m.span(1) for m in re.finditer(r'"([^"]+)"', text))
    return [
        Quote(start=a, end=a_end, text=text[a:a_end], kind="mixed", speaker="Vladimir Putin",
              speaker_id="vladimir-putin", speaker_kind="person", mention="Putin", cue="said", paragraph=0,
              clause_start=a - 5, clause_end=a_end),
        Quote(start=b, end=b_end, text=text[b:b_end], kind="direct", speaker="Lord Dannatt",
              mention="Lord Dannatt", mention_start=text.index("Lord"), mention_end=text.index("Lord") + 12,
              cue="said", medium="Sky News", nested_in=0, confidence=0.9),
    ]


def article(text: str = TEXT, source: str = "/corpus/lbc.txt", **meta) -> Article:
    return Article(text=text, source=source, **meta)


def rows(store: Store, sql: str) -> list[tuple]:
    return store.con.execute(sql).fetchall()


def test_new_database_has_schema_and_version(db_path: Path) -> None:
    with Store(db_path) as store:
        tables = {r[0] for r in rows(store, "SELECT table_name FROM information_schema.tables")}
        assert {"meta", "articles", "quotes", "speakers", "aliases", "statements", "statement_quotes",
                "quote_grams", "ingest_errors", "articles_latest"} <= tables
        assert store.schema_version() == SCHEMA_VERSION == 6


def test_add_article_writes_article_and_quotes(db_path: Path) -> None:
    with Store(db_path) as store:
        a = article(outlet="lbc", title="Retreat", url=None)
        assert store.add_article(a, quotes_for(TEXT)) is True
        [(aid, source, version, outlet, n)] = rows(store, "SELECT article_id, source, version, outlet, n_quotes FROM articles")
        assert (aid, source, version, outlet, n) == (a.article_id, "/corpus/lbc.txt", 1, "lbc", 2)
        got = rows(store, 'SELECT quote_id, idx, start, "end", text, speaker_id, nested_in, medium, confidence, '
                          'clause_start, clause_end FROM quotes ORDER BY idx')
        start = TEXT.index("we will stay")
        assert got[0][:7] == (f"{aid}:0", 0, start, start + 12, "we will stay", "vladimir-putin", None)
        assert got[0][9:] == (start - 5, start + 12) and got[1][9:] == (None, None)  # a mixed fragment's clause
        assert got[1][1] == 1 and got[1][6:9] == (0, "Sky News", 0.9)
        for start, end, text in rows(store, 'SELECT start, "end", text FROM quotes'):
            assert TEXT[start:end] == text


def test_same_text_again_adds_nothing_edit_is_new_version(db_path: Path) -> None:
    with Store(db_path) as store:
        assert store.add_article(article(), quotes_for(TEXT))
        assert store.add_article(article(), quotes_for(TEXT)) is False
        edited = TEXT.replace("real trouble", "serious trouble")
        assert store.add_article(article(edited), quotes_for(edited))
        assert rows(store, "SELECT version, n_quotes FROM articles ORDER BY version") == [(1, 2), (2, 2)]
        assert rows(store, "SELECT count(*) FROM quotes") == [(4,)]
        latest = store.quotes_frame()
        assert latest.height == 2 and set(latest["version"]) == {2}
        assert latest["text"].to_list() == ["we will stay", "They are in serious trouble."]
        assert store.quotes_frame(latest_only=False).height == 4
        assert store.articles_frame(latest_only=True)["version"].to_list() == [2]


def test_article_stored_without_extraction_gets_quotes_later(db_path: Path) -> None:
    with Store(db_path) as store:
        assert store.known(article().article_id) is None
        assert store.add_article(article(), None)
        assert store.known(article().article_id) is False
        assert rows(store, "SELECT n_quotes FROM articles") == [(None,)]
        assert store.add_article(article(), None) is False
        assert store.add_article(article(), quotes_for(TEXT))
        assert store.known(article().article_id) is True
        assert rows(store, "SELECT n_quotes, (SELECT count(*) FROM quotes) FROM articles") == [(2, 2)]


def test_failed_write_leaves_no_half_article(db_path: Path) -> None:
    broken = quotes_for(TEXT)
    broken[1].kind = None  # quotes.kind is NOT NULL: the second insert fails
    with Store(db_path) as store:
        with pytest.raises(duckdb.ConstraintException):
            store.add_article(article(), broken)
        assert rows(store, "SELECT count(*) FROM articles") == [(0,)]
        assert rows(store, "SELECT count(*) FROM quotes") == [(0,)]
        assert store.add_article(article(), quotes_for(TEXT))  # and the store is still usable


def test_errors_are_kept_once_per_source_and_reason(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_error(IngestError("/c/bad.txt", "empty file"))
        store.add_error(IngestError("/c/bad.txt", "empty file"))
        store.add_error(IngestError("/c/bad.txt", "binary file"))
        frame = store.errors_frame()
        assert sorted(frame["reason"].to_list()) == ["binary file", "empty file"]


@dataclass
class Speaker:
    speaker_id: str
    name: str
    kind: str = "person"
    role: str | None = None
    nationality: str | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)


def test_load_registry_replaces_reference_keeps_learned(db_path: Path) -> None:
    with Store(db_path) as store:
        store.con.execute("INSERT INTO speakers VALUES ('learned-1', 'A Source', 'person', NULL, NULL, 'learned')")
        first = [Speaker("richard-dannatt", "Richard Dannatt", role="former Chief of the General Staff",
                         nationality="GB", aliases=("Lord Dannatt", "Dannatt")),
                 Speaker("uk-mod", "UK Ministry of Defence", kind="organisation", aliases=("the MoD",))]
        assert store.load_registry(first) == 2
        assert store.load_registry(first[:1]) == 1  # reloaded: the MoD is gone
        assert rows(store, "SELECT speaker_id, origin FROM speakers ORDER BY 1") == [
            ("learned-1", "learned"), ("richard-dannatt", "reference")]
        assert rows(store, "SELECT alias FROM aliases ORDER BY 1") == [("Dannatt",), ("Lord Dannatt",), ("Richard Dannatt",)]


def test_articles_stream_back_as_records(db_path: Path) -> None:
    with Store(db_path) as store:
        a = article(outlet="lbc", url="https://lbc.example/x")
        store.add_article(a, [])
        [back] = list(store.articles())
        assert back == a


def test_read_only_store(db_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store(db_path, read_only=True)
    with Store(db_path) as store:
        store.add_article(article(), quotes_for(TEXT))
    with Store(db_path, read_only=True) as store:
        assert store.quotes_frame().height == 2
        with pytest.raises(duckdb.Error):
            store.add_article(article("Other text."), [])


def test_old_database_is_migrated(db_path: Path) -> None:
    con = duckdb.connect(str(db_path))
    con.execute(SCHEMA_V1)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.close()
    with pytest.raises(StoreError, match="older than"):
        Store(db_path, read_only=True)
    with Store(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert rows(store, "SELECT count(*) FROM articles_latest") == [(0,)]


def test_v2_quotes_gain_the_clause_columns(db_path: Path) -> None:
    from audit.store import SCHEMA_V2

    con = duckdb.connect(str(db_path))
    con.execute(SCHEMA_V1)
    con.execute(SCHEMA_V2)
    con.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    con.execute("INSERT INTO quotes (quote_id, article_id, idx, start, \"end\", text, kind) "
                "VALUES ('a:0', 'a', 0, 0, 5, 'Hello', 'direct')")
    con.close()
    with Store(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert rows(store, "SELECT quote_id, clause_start, clause_end FROM quotes") == [("a:0", None, None)]


def test_newer_database_is_refused(db_path: Path) -> None:
    with Store(db_path) as store:
        store.con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer than this quote-audit"):
        Store(db_path)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("this is not a database", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot open database"):
        Store(path)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "such" / "folder.duckdb")


HOLD = textwrap.dedent(
    """
    import sys, time
    from audit.store import Store
    from audit.model import Article
    with Store(sys.argv[1]) as store:
        store.add_article(Article(text="Held by the other process.", source="other"), [])
        print("open", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


def test_second_process_gets_store_locked_not_corruption(db_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db_path), "3"], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[1])
    try:
        assert holder.stdout.readline().strip() == "open"
        started = time.monotonic()
        for read_only in (False, True):
            with pytest.raises(StoreLocked) as info:
                Store(db_path, read_only=read_only, wait=0.5)
            message = str(info.value)
            assert f"process {holder.pid}" in message and "another --db file" in message
        assert time.monotonic() - started >= 1.0  # it did wait before giving up
    finally:
        holder.wait(timeout=30)
    with Store(db_path, wait=5) as store:  # free again, and intact
        store.add_article(article(), quotes_for(TEXT))
        assert sorted(r[0] for r in rows(store, "SELECT source FROM articles")) == ["/corpus/lbc.txt", "other"]


def test_waiting_writer_gets_in_when_the_other_finishes(db_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db_path), "1"], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[1])
    try:
        assert holder.stdout.readline().strip() == "open"
        with Store(db_path, wait=20) as store:
            assert rows(store, "SELECT source FROM articles") == [("other",)]
    finally:
        holder.wait(timeout=30)


def test_load_the_shipped_registry(db_path: Path) -> None:
    from audit.speakers import Registry

    registry = Registry.load()
    with Store(db_path) as store:
        assert store.load_registry(registry) == len(registry) > 0
        [(n_aliases,)] = rows(store, "SELECT count(*) FROM aliases")
        assert n_aliases >= len(registry)
        assert rows(store, "SELECT count(*) FROM aliases a LEFT JOIN speakers s USING (speaker_id) "
                           "WHERE s.speaker_id IS NULL") == [(0,)]


URL = "https://wire.example/story-1"


@pytest.mark.parametrize("first", ["Daily Ledger", "Harbour Post"])
def test_two_outlets_with_one_canonical_url_stay_two_articles(db_path: Path, first: str) -> None:
    """Syndication (issue 16): two outlets' pages giving the wire's canonical URL are two
    articles, each version 1, whatever the ingest order; an edit is still a version."""
    other = "Harbour Post" if first == "Daily Ledger" else "Daily Ledger"
    with Store(db_path) as store:
        store.add_articles([(article(TEXT, URL, outlet=first, url=URL), quotes_for(TEXT)),
                            (article(TEXT + " More.", URL, outlet=other, url=URL), quotes_for(TEXT))])
        assert rows(store, "SELECT outlet, version FROM articles_latest ORDER BY outlet") == [
            ("Daily Ledger", 1), ("Harbour Post", 1)]
        assert sorted(set(store.quotes_frame()["outlet"].to_list())) == ["Daily Ledger", "Harbour Post"]
        store.add_article(article(TEXT + " Edited.", URL, outlet=first, url=URL), quotes_for(TEXT))
        assert rows(store, "SELECT outlet, version FROM articles_latest ORDER BY outlet") == [
            ("Daily Ledger", 2 if first == "Daily Ledger" else 1), ("Harbour Post", 2 if first == "Harbour Post" else 1)]
        before = rows(store, "SELECT article_id, source, version, outlet FROM articles ORDER BY article_id")
        store.add_articles([(article(TEXT, URL, outlet=first, url=URL), quotes_for(TEXT))])
        assert rows(store, "SELECT article_id, source, version, outlet FROM articles ORDER BY article_id") == before


def test_v3_database_is_renumbered_per_outlet_and_migrating_again_changes_nothing(db_path: Path) -> None:
    """A file written before v4 (the second outlet stored as version 2 of the first's page,
    the first outlet hidden) opens with both outlets as version 1, and stays so."""
    from audit.store import SCHEMA_V2

    with Store(db_path) as store:
        store.add_articles([(article(TEXT, URL, outlet="Daily Ledger", url=URL), quotes_for(TEXT)),
                            (article(TEXT + " More.", URL, outlet="Harbour Post", url=URL), quotes_for(TEXT)),
                            (article("First text.", "/corpus/a.txt", outlet="Daily Ledger"), None),
                            (article("First text, edited.", "/corpus/a.txt", outlet="Daily Ledger"), None)])
        # what v3 wrote: versions counted per source alone, the v2 view
        store.con.execute("UPDATE articles SET version = 2 WHERE outlet = 'Harbour Post'")
        store.con.execute(SCHEMA_V2)
        store.con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
        assert rows(store, f"SELECT outlet FROM articles_latest WHERE source = '{URL}'") == [("Harbour Post",)]
    with Store(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert rows(store, f"SELECT outlet, version FROM articles_latest WHERE source = '{URL}' ORDER BY outlet") == [
            ("Daily Ledger", 1), ("Harbour Post", 1)]
        assert rows(store, "SELECT version FROM articles WHERE source = '/corpus/a.txt' ORDER BY version") == [(1,), (2,)]
        after = rows(store, "SELECT article_id, version FROM articles ORDER BY article_id")
    with Store(db_path) as store:  # opening again migrates nothing and changes nothing
        assert rows(store, "SELECT article_id, version FROM articles ORDER BY article_id") == after


def test_v4_memberships_gain_their_provenance(db_path: Path) -> None:
    """Links stored before v5 read as lexical, with their similarity as probability."""
    con = duckdb.connect(str(db_path))
    con.execute(SCHEMA_V1)
    con.execute("INSERT INTO meta VALUES ('schema_version', '4')")
    con.execute("INSERT INTO statement_quotes VALUES ('a:0', 'st_1', 87.5, 'truncated')")
    con.close()
    with Store(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert rows(store, "SELECT quote_id, stage, probability FROM statement_quotes") == [("a:0", "lexical", 0.875)]


def test_v5_quotes_gain_a_speaker_confidence_by_their_mention_form(db_path: Path) -> None:
    """Quotes stored before v6 lost how their speaker was found: they read the rate of their
    mention's form (``speaker_confidence.FORM_RATES``), and no description."""
    from audit.extract.speaker_confidence import FORM_RATES

    con = duckdb.connect(str(db_path))
    con.execute(SCHEMA_V1)
    con.execute("INSERT INTO meta VALUES ('schema_version', '5')")
    for idx, mention in enumerate(("Ann Holt", "she", "the harbour chief", None)):
        con.execute("INSERT INTO quotes (quote_id, article_id, idx, start, \"end\", text, kind, mention) "
                    "VALUES (?, 'a', ?, 0, 1, 'x', 'direct', ?)", [f"a:{idx}", idx, mention])
    con.close()
    with Store(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        got = rows(store, "SELECT speaker_confidence, speaker_description FROM quotes ORDER BY idx")
    assert got == [(FORM_RATES["name"], None), (FORM_RATES["pronoun"], None), (FORM_RATES["description"], None),
                   (FORM_RATES["none"], None)]


def test_a_description_takes_the_one_holder_another_article_names(db_path: Path) -> None:
    """"its chairman" in one article, "Ann Holt, the chairman of the harbour authority" in
    another: the description's quote takes Ann Holt's id; with two chairmen it stays as written."""
    first = "Ann Holt, the chairman of the harbour authority, said the port would reopen."
    second = "Its chairman said the port would reopen."
    holder = Quote(start=0, end=10, text=first[:10], kind="indirect", speaker="Ann Holt", speaker_id="ann-holt",
                   speaker_kind="person", mention="Ann Holt", speaker_description="authority chairman harbour")
    described = Quote(start=0, end=10, text=second[:10], kind="indirect", speaker="Its chairman",
                      mention="Its chairman", speaker_description="chairman")
    with Store(db_path) as store:
        store.add_article(Article(text=first, source="a.txt"), [holder])
        store.add_article(Article(text=second, source="b.txt"), [described])
        assert store.join_descriptions() == 1
        assert rows(store, "SELECT speaker_id, speaker_kind FROM quotes WHERE speaker = 'Ann Holt' ORDER BY idx") == [
            ("ann-holt", "person"), ("ann-holt", "person")]
    other = Quote(start=0, end=10, text="Tom Reed, ", kind="indirect", speaker="Tom Reed", speaker_id="tom-reed",
                  speaker_kind="person", mention="Tom Reed", speaker_description="chairman club")
    with Store(db_path.with_name("two.duckdb")) as store:
        store.add_article(Article(text=first, source="a.txt"), [holder])
        store.add_article(Article(text="Tom Reed, chairman of the club", source="c.txt"), [other])
        store.add_article(Article(text=second, source="b.txt"), [described])
        assert store.join_descriptions() == 0  # two chairmen: "its chairman" stays a role speaker
