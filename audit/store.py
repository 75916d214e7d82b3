"""DuckDB store: schema, migrations, transactions, queries.

The schema below is the contract between stages: ingest writes ``articles``,
``quotes`` and ``ingest_errors``; the registry fills ``speakers``/``aliases``; match
writes ``statements`` and ``statement_quotes`` (and its blocking index
``quote_grams``); score and report only read. Every SQL statement takes parameters.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa

from audit.extract.speaker_confidence import stored_confidence_sql
from audit.model import QUOTE_FIELDS, Article, IngestError, Quote

SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);
CREATE TABLE IF NOT EXISTS articles (
    article_id  VARCHAR PRIMARY KEY,   -- content hash of text
    source      VARCHAR NOT NULL,      -- path, path#row or URL it came from
    version     INTEGER NOT NULL,      -- 1 + number of earlier texts seen for this source
    outlet      VARCHAR,
    published   DATE,
    title       VARCHAR,
    url         VARCHAR,
    author      VARCHAR,
    text        VARCHAR NOT NULL,
    n_quotes    INTEGER,               -- NULL until extraction ran
    ingested_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS quotes (
    quote_id      VARCHAR PRIMARY KEY, -- article_id || ':' || idx
    article_id    VARCHAR NOT NULL,
    idx           INTEGER NOT NULL,    -- position in the article's quote list (by start)
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    text          VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    speaker       VARCHAR,
    speaker_id    VARCHAR,
    speaker_kind  VARCHAR,
    mention       VARCHAR,
    mention_start INTEGER,
    mention_end   INTEGER,
    cue           VARCHAR,
    cue_start     INTEGER,
    cue_end       INTEGER,
    medium        VARCHAR,
    paragraph     INTEGER,
    nested_in     INTEGER,             -- idx of the enclosing quote in the same article
    confidence    DOUBLE,
    method        VARCHAR
);
CREATE TABLE IF NOT EXISTS speakers (
    speaker_id  VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    kind        VARCHAR,
    role        VARCHAR,
    nationality VARCHAR,
    origin      VARCHAR NOT NULL       -- 'reference' or 'learned'
);
CREATE TABLE IF NOT EXISTS aliases (
    alias      VARCHAR NOT NULL,
    speaker_id VARCHAR NOT NULL,
    origin     VARCHAR NOT NULL,
    PRIMARY KEY (alias, speaker_id)
);
CREATE TABLE IF NOT EXISTS statements (
    statement_id  VARCHAR PRIMARY KEY,
    root_quote_id VARCHAR NOT NULL,    -- the root variant (longest direct rendering, earliest on ties)
    text          VARCHAR NOT NULL,    -- root text
    norm          VARCHAR NOT NULL,    -- normalised root text used for matching
    speaker_id    VARCHAR,             -- root's speaker
    n_quotes      INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS statement_quotes (
    quote_id     VARCHAR PRIMARY KEY,
    statement_id VARCHAR NOT NULL,
    similarity   DOUBLE NOT NULL,      -- 0..100 against the statement's root
    variant      VARCHAR NOT NULL      -- root/exact/cosmetic/truncated/altered/paraphrase
);
CREATE TABLE IF NOT EXISTS quote_grams (
    quote_id VARCHAR NOT NULL,
    gram     UBIGINT NOT NULL          -- hash of a word n-gram of the normalised text
);
CREATE TABLE IF NOT EXISTS ingest_errors (
    source   VARCHAR NOT NULL,
    reason   VARCHAR NOT NULL,
    seen_at  TIMESTAMP NOT NULL
);
"""

SCHEMA_V2 = """
CREATE INDEX IF NOT EXISTS articles_source ON articles (source);
CREATE OR REPLACE VIEW articles_latest AS
    SELECT * FROM articles
    QUALIFY version = max(version) OVER (PARTITION BY source);
"""
"""v2: find earlier versions of a source without a full scan; ``articles_latest`` holds
the newest version of each source (what most questions should count)."""

SCHEMA_V3 = """
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS clause_start INTEGER;
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS clause_end INTEGER;
"""
"""v3: a mixed fragment's reported clause (``Quote.clause_start``/``clause_end``). Quotes
stored before stay ``NULL`` there: ingest never re-extracts an article it already holds,
so a database built before v3 gets clauses only by ingesting into a fresh file."""

SCHEMA_V4 = """
UPDATE articles SET version = r.v
FROM (SELECT article_id,
             row_number() OVER (PARTITION BY source, outlet ORDER BY version, ingested_at, article_id) AS v
      FROM articles) r
WHERE articles.article_id = r.article_id AND articles.version <> r.v;
CREATE OR REPLACE VIEW articles_latest AS
    SELECT * FROM articles
    QUALIFY version = max(version) OVER (PARTITION BY source, outlet);
"""
"""v4: an article's versions are counted per source *and outlet*. Syndication makes two
outlets' pages give one canonical URL; counted per source alone, the second outlet's page
became version 2 of the first's and ``articles_latest`` hid the first outlet's page, its
quotes and the outlet itself. Existing files are renumbered per (source, outlet), in the
order the versions were stored; a database without such collisions is left unchanged."""

SCHEMA_V5 = """
ALTER TABLE statement_quotes ADD COLUMN IF NOT EXISTS stage VARCHAR;
ALTER TABLE statement_quotes ADD COLUMN IF NOT EXISTS probability DOUBLE;
UPDATE statement_quotes SET stage = 'lexical', probability = similarity / 100.0 WHERE stage IS NULL;
"""
"""v5: provenance of each membership: the ``stage`` that put a quote in its statement
(``lexical`` match, ``semantic`` join by meaning, ``fragment`` containment, ``lead`` or
``excerpt`` split of a long quotation) and its ``probability`` (0..1: the lexical
verification score, the semantic decision's probability). Links stored before v5 were
all made or last moved by stages whose record is lost; they read as ``lexical`` with
their similarity as probability, and a ``match --full`` re-run records them exactly."""

SCHEMA_V6 = f"""
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS speaker_confidence DOUBLE;
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS speaker_description VARCHAR;
UPDATE quotes SET speaker_confidence = {stored_confidence_sql()} WHERE speaker_confidence IS NULL;
"""
"""v6: each quote's ``speaker_confidence`` (how likely its speaker is right) and
``speaker_description`` (the role or description words the article gives the speaker).
Quotes stored before v6 lost how their speaker was found; they read the calibrated rate of
their mention's form alone (``speaker_confidence.stored_confidence_sql``: no speaker, a
pronoun, a name, a description), and a fresh ingest records both exactly."""

MIGRATIONS: dict[int, str] = {1: SCHEMA_V1, 2: SCHEMA_V2, 3: SCHEMA_V3, 4: SCHEMA_V4, 5: SCHEMA_V5, 6: SCHEMA_V6}
"""Version reached → DDL that gets there from the previous version. A new database runs
them all in order; an older file runs the missing ones, each in its own transaction."""

SCHEMA_VERSION = max(MIGRATIONS)

LOCK_WAIT_SECONDS = 5.0
"""How long a second process waits for the database to be free before ``StoreLocked``:
long enough to ride out a short command finishing, short enough to answer a user."""

LOCK_POLL_SECONDS = 0.25

ARTICLE_COLUMNS: tuple[str, ...] = (
    "article_id", "source", "version", "outlet", "published", "title", "url", "author", "text", "n_quotes", "ingested_at",
)
QUOTE_COLUMNS: tuple[str, ...] = ("quote_id", "article_id", "idx", *(f for f in QUOTE_FIELDS if f != "doc"))
"""Column order of ``quotes``; the ``Quote`` fields minus ``doc`` (the article_id says it)."""

BATCH_VIEW = "_audit_write_batch"
"""Name under which a batch of rows is registered for one ``INSERT ... SELECT``."""

FETCH_ROWS = 1000
"""Rows fetched at a time when streaming articles back."""

_LOCK_HOLDER = re.compile(r"held in (?P<prog>.+?) \(PID (?P<pid>\d+)\)")


class StoreError(RuntimeError):
    """The database cannot be opened or used; the message says why and what to do."""


class StoreLocked(StoreError):
    """Another process has the database open (DuckDB allows one writing process)."""


def quote_row(article_id: str, idx: int, quote: Quote) -> tuple[Any, ...]:
    fields = quote.to_dict()
    return (f"{article_id}:{idx}", article_id, idx, *(fields[f] for f in QUOTE_COLUMNS[3:]))


class Store:
    """The DuckDB file every stage shares.

    Open with ``Store(path)`` (creates and migrates) or ``Store(path, read_only=True)``
    (query only; never migrates). Use as a context manager, or call ``close()``.
    ``add_article`` is the only writer of articles and quotes: one transaction per
    article, keyed by content hash, so a crash leaves whole articles only and a re-run
    adds exactly what is missing.

    DuckDB lets one process write a file at a time, and readers in other processes
    cannot open it meanwhile; a second process waits up to ``wait`` seconds, then gets
    ``StoreLocked``.
    """

    def __init__(self, path: str | os.PathLike[str], read_only: bool = False, *, wait: float = LOCK_WAIT_SECONDS) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._con = self._connect(wait)
        try:
            self._migrate()
        except BaseException:
            self._con.close()
            raise

    # -- opening ---------------------------------------------------------------------

    def _connect(self, wait: float) -> duckdb.DuckDBPyConnection:
        if self.read_only and not self.path.is_file():
            raise StoreError(f"{self.path}: no such database; create it with `audit ingest`")
        if not self.read_only and self.path.parent and not self.path.parent.is_dir():
            raise StoreError(f"{self.path}: folder {self.path.parent} does not exist")
        deadline = time.monotonic() + wait
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise StoreError(f"{self.path}: cannot open database: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise StoreLocked(self._locked_message(str(exc), wait)) from exc
                time.sleep(LOCK_POLL_SECONDS)
            except duckdb.ConnectionException as exc:  # same file already open here, other mode
                raise StoreLocked(
                    f"{self.path} is already open in this process in {'write' if self.read_only else 'read-only'} "
                    "mode; close that Store first"
                ) from exc
            except duckdb.Error as exc:
                raise StoreError(f"{self.path}: cannot open database: {exc}") from exc

    def _held_by_readers(self) -> bool:
        """Whether the processes keeping this writer out only read the file: then a
        read-only open succeeds (DuckDB's shared lock), and the message must not call
        them writers."""
        try:
            duckdb.connect(str(self.path), read_only=True).close()
        except duckdb.Error:
            return False
        return True

    def _locked_message(self, detail: str, wait: float) -> str:
        m = _LOCK_HOLDER.search(detail)
        holder = f"process {m['pid']} ({Path(m['prog']).name})" if m else "another process"
        if not self.read_only and self._held_by_readers():
            return (
                f"{self.path} is open for reading by {holder} (such as `audit check --db` or `audit report`); "
                f"waited {wait:g} s. DuckDB lets no process write a database while another reads it. Run this "
                "again when the reader has finished, or let readers use a copy of the database."
            )
        return (
            f"{self.path} is in use by {holder}; waited {wait:g} s. DuckDB allows one writing process per "
            "database, and other processes cannot open it while it is being written. Wait for the other "
            "`audit` command to finish, or use another --db file."
        )

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this quote-audit understands "
                f"({SCHEMA_VERSION}); upgrade quote-audit"
            )
        if version == SCHEMA_VERSION:
            return
        if self.read_only:
            raise StoreError(
                f"{self.path}: schema version {version} is older than {SCHEMA_VERSION}; "
                "open it once for writing (e.g. `audit ingest`) to migrate it"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                self._con.execute(MIGRATIONS[target])
                self._con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(target)]
                )

    def schema_version(self) -> int:
        """The version recorded in ``meta`` (0 for a new, empty file)."""
        has_meta = (self._row("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'") or (0,))[0]
        if not has_meta:
            return 0
        row = self._row("SELECT value FROM meta WHERE key = 'schema_version'")
        return int(row[0]) if row else 0

    def _row(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """First row of a query, fetching it to the end: DuckDB refuses further work on a
        connection while a result is only partly read."""
        rows = self._con.execute(sql, params).fetchall()
        return rows[0] if rows else None

    # -- lifecycle -------------------------------------------------------------------

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for stages that run their own SQL (match, score, check)."""
        return self._con

    def close(self) -> None:
        """Close the connection (releases the file lock). Safe to call twice."""
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """``BEGIN`` … ``COMMIT``, rolled back on any exception, Ctrl-C included."""
        self._con.begin()
        try:
            yield self._con
        except BaseException:
            self._con.rollback()
            raise
        self._con.commit()

    # -- writing ---------------------------------------------------------------------

    def known(self, article_id: str) -> bool | None:
        """``None`` if the article is not stored, else whether its quotes are (extraction ran)."""
        return self.known_many([article_id]).get(article_id)

    def known_many(self, article_ids: Iterable[str]) -> dict[str, bool]:
        """For each stored id among ``article_ids``: whether its quotes are stored too.
        One query for a whole batch, so a re-run checks thousands of articles per second."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return {}
        return dict(
            self._con.execute(
                "SELECT article_id, n_quotes IS NOT NULL FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                [ids],
            ).fetchall()
        )

    def add_article(self, article: Article, quotes: Sequence[Quote] | None = None) -> bool:
        """Store one article with its quotes; ``True`` if anything changed (see ``add_articles``)."""
        return self.add_articles([(article, quotes)])[0]

    def add_articles(self, items: Iterable[tuple[Article, Sequence[Quote] | None]]) -> list[bool]:
        """Store articles with their quotes in one transaction; per item, whether it changed
        anything. Either every article of the batch is stored whole or none is: a crash
        never leaves an article without its quotes.

        Idempotent by ``article_id`` (a content hash; ingest hashes the text per outlet):
        the same article again changes nothing. A new text for a known ``source`` from the
        same outlet becomes the next ``version``; the same source from another outlet (a
        syndicated page with the wire's canonical URL) is an article of its own. An article stored without extraction (``quotes=None``,
        ``n_quotes`` NULL) gets its quotes when stored again with them. ``quotes`` must be
        ordered by ``start`` (``nested_in`` indexes refer to that order); ``idx`` is the
        position in it. Batching matters: DuckDB pays milliseconds per statement and per
        commit, so a batch of hundreds costs about what one article alone would.
        """
        batch = list(items)
        changed = [False] * len(batch)
        with self.transaction() as con:
            stored = self.known_many(article.article_id for article, _ in batch)
            versions: dict[tuple[str, str | None], int] = {
                (source, outlet): version
                for source, outlet, version in con.execute(
                    "SELECT source, outlet, max(version) FROM articles WHERE source IN (SELECT unnest(?::VARCHAR[])) "
                    "GROUP BY source, outlet",
                    [sorted({article.source for article, _ in batch})],
                ).fetchall()
            }
            now = datetime.now()
            new_rows: list[tuple[Any, ...]] = []
            filled: list[tuple[str, int]] = []
            quote_rows: list[tuple[Any, ...]] = []
            for i, (article, quotes) in enumerate(batch):
                aid = article.article_id
                if aid in stored:
                    if stored[aid] or quotes is None:
                        continue
                    filled.append((aid, len(quotes)))
                else:
                    key = (article.source, article.outlet)
                    versions[key] = versions.get(key, 0) + 1
                    new_rows.append((
                        aid, article.source, versions[key], article.outlet, article.published,
                        article.title, article.url, article.author, article.text,
                        None if quotes is None else len(quotes), now,
                    ))
                stored[aid] = quotes is not None
                changed[i] = True
                quote_rows.extend(quote_row(aid, idx, q) for idx, q in enumerate(quotes or ()))
            self._insert("articles", ARTICLE_COLUMNS, new_rows)
            if filled:
                con.execute(
                    "UPDATE articles SET n_quotes = f.n FROM (SELECT unnest(?::VARCHAR[]) AS article_id, "
                    "unnest(?::INTEGER[]) AS n) f WHERE articles.article_id = f.article_id",
                    [[aid for aid, _ in filled], [n for _, n in filled]],
                )
            self._insert("quotes", QUOTE_COLUMNS, quote_rows)
        return changed

    def _insert(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
        """Append ``rows`` to ``table`` through one Arrow scan: one statement however many rows."""
        if not rows:
            return
        data = pa.table({c: [row[i] for row in rows] for i, c in enumerate(columns)})
        names = ", ".join(f'"{c}"' for c in columns)
        self._con.register(BATCH_VIEW, data)  # replaces a view left behind by a failed batch
        self._con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {BATCH_VIEW}")
        self._con.unregister(BATCH_VIEW)  # not in ``finally``: an aborted transaction refuses it

    def add_error(self, err: IngestError) -> None:
        """Record one input that could not be read (see ``add_errors``)."""
        self.add_errors([err])

    def add_errors(self, errors: Iterable[IngestError]) -> None:
        """Record inputs that could not be read, in one transaction. The same (source,
        reason) is kept once, with the time it was last seen, so re-running over a folder
        does not pile up rows."""
        pairs = list(dict.fromkeys((e.source, e.reason) for e in errors))
        if not pairs:
            return
        with self.transaction() as con:
            con.execute(
                "DELETE FROM ingest_errors e USING (SELECT unnest(?::VARCHAR[]) AS s, unnest(?::VARCHAR[]) AS r) x "
                "WHERE e.source = x.s AND e.reason = x.r",
                [[s for s, _ in pairs], [r for _, r in pairs]],
            )
            now = datetime.now()
            self._insert("ingest_errors", ("source", "reason", "seen_at"), [(s, r, now) for s, r in pairs])

    def load_registry(self, registry: Iterable[Any]) -> int:
        """Replace the ``reference`` speakers and aliases with ``registry``'s (learned ones
        stay); returns the number of speakers. ``registry`` iterates over speakers with
        ``speaker_id, name, kind, role, nationality, aliases``."""
        speakers = list(registry)
        with self.transaction() as con:
            con.execute("DELETE FROM aliases WHERE origin = 'reference'")
            con.execute("DELETE FROM speakers WHERE origin = 'reference'")
            if speakers:
                con.executemany(
                    "INSERT OR REPLACE INTO speakers VALUES (?, ?, ?, ?, ?, 'reference')",
                    [[s.speaker_id, s.name, s.kind, s.role, s.nationality] for s in speakers],
                )
            aliases = sorted({(alias, s.speaker_id) for s in speakers for alias in (s.name, *s.aliases)})
            if aliases:
                con.executemany("INSERT OR REPLACE INTO aliases VALUES (?, ?, 'reference')", aliases)
        return len(speakers)

    def join_surnames(self) -> int:
        """Give quotes of a person named by surname only ("Cllr Briggs") the id of the one
        person in the store with a first name and that surname ("Tom Briggs"), and one id to
        a full name spelt in several romanisations ("Osama Rabei", "Osama Rabie"), and one id
        to a company named with and without its legal form ("Varnel Kisen Kaisha", "Varnel
        Kisen"), so scoring and ``check`` see one speaker, not two
        (``audit.speakers.surname_joins``, ``organisation_joins``); registry speakers are left
        alone. Returns the number of quotes changed."""
        from audit.speakers import organisation_joins, surname_joins

        changed = 0
        for kinds, joined, kind in ((["person"], surname_joins, "person"),
                                    (["organisation", "person"], organisation_joins, "organisation")):
            rows = self.con.execute(
                "SELECT q.speaker_id, q.speaker FROM quotes q "  # one row a quote: the most used spelling wins
                "WHERE list_contains(?, q.speaker_kind) AND q.speaker_id IS NOT NULL "
                "AND q.speaker_id NOT IN (SELECT speaker_id FROM speakers)", [kinds]
            ).fetchall()
            joins = joined(rows)
            if not joins:
                continue
            with self.transaction() as con:
                changed += (con.execute("SELECT count(*) FROM quotes WHERE list_contains(?, speaker_kind) "
                                       "AND speaker_id IN (SELECT unnest(?))", [kinds, list(joins)]).fetchone() or (0,))[0]
                con.executemany("UPDATE quotes SET speaker_id = ?, speaker = ?, speaker_kind = ? "
                                "WHERE speaker_id = ? AND list_contains(?, speaker_kind)",
                                [[new, name, kind, old, kinds] for old, (new, name) in joins.items()])
        return int(changed)

    def join_descriptions(self) -> int:
        """Give quotes credited to a description no article names a holder for ("its
        chairman", "the Dutch salvage firm": no id, ``speaker_description`` recorded) the id of
        the one person or body the other articles of the days around describe that way
        (``audit.speakers.description_joins``); run after ``join_surnames`` so holders are
        joined first. Returns the number of quotes changed."""
        from audit.speakers import DescribedQuote, description_joins

        rows = self.con.execute(
            "SELECT q.quote_id, q.speaker_id, q.speaker, q.speaker_kind, q.speaker_description, a.published "
            "FROM quotes q JOIN articles a USING (article_id) WHERE q.speaker_description IS NOT NULL"
        ).fetchall()
        joins = description_joins(DescribedQuote(*row) for row in rows)
        if joins:
            with self.transaction() as con:
                con.executemany("UPDATE quotes SET speaker_id = ?, speaker = ?, speaker_kind = ? WHERE quote_id = ?",
                                [[sid, name, kind, qid] for qid, (sid, name, kind) in joins.items()])
        return len(joins)

    # -- reading ---------------------------------------------------------------------

    def articles(self, *, latest_only: bool = False) -> Iterator[Article]:
        """Stored articles as records, streamed (ordered by source, then version)."""
        table = "articles_latest" if latest_only else "articles"
        cur = self._con.cursor()
        try:
            cur.execute(
                f"SELECT text, source, outlet, published, title, url, author, article_id FROM {table} "
                "ORDER BY source, version"
            )
            while rows := cur.fetchmany(FETCH_ROWS):
                for row in rows:
                    yield Article(*row)
        finally:
            cur.close()

    def articles_frame(self, *, latest_only: bool = False, with_text: bool = False) -> pl.DataFrame:
        """One row per stored article (per version), without the text unless asked."""
        table = "articles_latest" if latest_only else "articles"
        columns = [c for c in ARTICLE_COLUMNS if with_text or c != "text"]
        return self._con.sql(f"SELECT {', '.join(columns)} FROM {table} ORDER BY source, version").pl()

    def quotes_frame(self, *, latest_only: bool = True) -> pl.DataFrame:
        """Every quote with its article's metadata (source, version, outlet, published,
        title, url, author); by default only quotes of each source's newest version, so an
        edited article is not counted twice."""
        table = "articles_latest" if latest_only else "articles"
        quote_columns = ", ".join(f'q."{c}"' for c in QUOTE_COLUMNS)
        return self._con.sql(
            f"SELECT {quote_columns}, a.source, a.version, a.outlet, a.published, a.title, a.url, a.author "
            f"FROM quotes q JOIN {table} a USING (article_id) ORDER BY a.published NULLS LAST, a.source, q.idx"
        ).pl()

    def errors_frame(self) -> pl.DataFrame:
        """Inputs that could not be read, newest first."""
        return self._con.sql("SELECT source, reason, seen_at FROM ingest_errors ORDER BY seen_at DESC, source").pl()
