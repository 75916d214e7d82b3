"""DuckDB store: schema, migrations, transactions, queries.

The schema below is the contract between stages: ingest writes ``articles``,
``quotes`` and ``ingest_errors``; the registry fills ``speakers``/``aliases``; match
writes ``statements`` and ``statement_quotes`` (and its blocking index
``quote_grams``); score and report only read. Every SQL statement takes parameters.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

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
