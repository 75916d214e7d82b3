"""The Spark engine: the whole job on a Spark cluster (or local mode), with the DuckDB
engine's own functions doing the work.

Like Splink's Spark backend, this module only decides *where* each step runs; every
rule, threshold and score is the function the DuckDB engine calls:

==============  =====================================================================
stage           on Spark
==============  =====================================================================
ingest          ``audit.load.ingest(extract=False)`` on the driver into a staging
                DuckDB file (reading, deduplication, versions, ingest errors), exported
                to Parquet; reading is cheap next to parsing
extract         ``mapInArrow`` over partitions of articles calling
                ``audit.load.extract_articles`` (``extract_docs`` with per-article retry);
                the spaCy pipeline is loaded once per Python worker and reused
normalise       ``mapInArrow`` over the distinct wordings calling ``normalise_series``
texts           ``groupBy(bucket of norm).applyInPandas`` calling ``text_nodes`` (each
                bucket holds every quote of its wordings), then one global sort by
                ``PRIORITY`` numbers the texts exactly as ``match`` does
block           the grams (``audit.match.block.grams_sql``) and the SQL steps of
                ``blocking_steps`` (written once, run by DuckDB as one query) in
                Spark's dialect (``block.SPARK``: function names, lambdas, the hash),
                with the same parameters (``gram_params``, ``blocking_params``)
verify          ``mapInArrow`` over candidate pairs calling ``score_pairs`` and
                ``Scores.accept`` with ``speaker_evidence``
cluster         connected components of the accepted pairs (min-label propagation),
                then ``groupBy(bucket of component).cogroup(...).applyInPandas`` calling
                ``cluster_pairs`` and ``statement_links`` (roots, similarity, variants, statement
                ids): clustering is local to a component, so a group of whole
                components gives the same roots as the whole corpus
semantic        every distinct quote text embedded by ``audit.link.embed.encode`` in
                ``mapInArrow`` (the encoder loaded once per worker), then
                ``audit.link.link`` itself on the driver over an in-memory copy of the
                tables, with every embedding already in its cache
score, report   ``audit.score.score`` over the Parquet tables (``open_tables``: DuckDB
                views streaming the files), then ``write_reports``
==============  =====================================================================

The output is a folder of Parquet tables (``audit report --db FOLDER`` reads it). Each
run recomputes extraction and matching over every staged article: statement ids are
derived from root quote ids, so the same articles give the same ids. ``docs/spark.md``
has the figures and the scale-out estimate.
"""

from __future__ import annotations

import math
import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl
import pyarrow as pa

from audit.config import Config
from audit.engines import EngineError
from audit.engines.tables import DEMO_TABLES_NAME, MARKER, mark, open_tables
from audit.match import LEXICAL_STAGE, PROBABILITY_DIGITS
from audit.match.block import SPARK, blocking_params, blocking_steps, gram_params, grams_sql, max_df_for
from audit.match.cluster import PRIORITY
from audit.match.verify import Scores
from audit.model import FLOAT_FIELDS
from audit.store import QUOTE_COLUMNS

if TYPE_CHECKING:  # pragma: no cover - typing only
    from pyspark.sql import DataFrame, SparkSession

    from audit.speakers import Registry

TABLES_SUFFIX = ".parquet"
"""Default table folder: the configured database path with this suffix (``audit.parquet``)."""

STAGING_DB = "_staging.duckdb"
"""The driver's staging store inside the table folder: ingested articles and registry."""

WORK_DIR = "_work"
"""Intermediate Parquet inside the table folder (extraction output, numbered texts,
accepted pairs): written once so that Spark never recomputes a costly or
non-deterministic step."""

ARTICLES_PER_PARTITION = 32
"""Articles per extraction task: one ``nlp.pipe`` batch (``PIPE_BATCH_SIZE``), small
enough that executors stay balanced on a small corpus, large enough that the per-task
cost (a few ms) is nothing next to parsing (~0.15 s an article)."""

QUOTES_PER_GROUP = 250_000
"""Quotes per pandas group in the text and cluster stages: a group is held in one Python
worker's memory (about 1 KB a quote with its node columns), so groups stay well under
a gigabyte however large the corpus."""

LOCAL_SHUFFLE_PARTITIONS_PER_CORE = 1
"""Local mode only: shuffle partitions per core (Spark's default of 200 costs seconds of
empty tasks on a laptop; on a cluster the cluster's own setting is kept)."""

JAVA_HINT = "Spark needs Java 17 or later: apt-get install openjdk-17-jre-headless (or set JAVA_HOME)"
INSTALL_HINT = "the Spark engine needs pyspark: pip install 'quote-audit[spark]'"


class SparkUnavailable(EngineError):
    """pyspark or Java is missing; the message says what to install."""


# -- schemas ------------------------------------------------------------------------

_INT_COLUMNS = frozenset(
    {"idx", "start", "end", "mention_start", "mention_end", "cue_start", "cue_end", "paragraph", "nested_in",
     "clause_start", "clause_end"}
)


def _quote_arrow_type(column: str) -> pa.DataType:
    if column in _INT_COLUMNS:
        return pa.int32()
    return pa.float64() if column in FLOAT_FIELDS else pa.string()


EXTRACTED = pa.schema(
    [(c, _quote_arrow_type(c)) for c in QUOTE_COLUMNS] + [("error", pa.string()), ("error_source", pa.string())]
)
"""What extraction yields: one row per quote (the store's ``quotes`` columns), or one row
per article whose extraction failed (``error`` set, quote columns empty)."""

_SPARK_TYPES = {pa.int32(): "int", pa.float64(): "double", pa.string(): "string"}
EXTRACTED_DDL = ", ".join(f"`{f.name}` {_SPARK_TYPES[f.type]}" for f in EXTRACTED)
"""``EXTRACTED`` as the Spark schema string ``mapInArrow`` takes."""

NODE_COLUMNS = (
    "node_key", "norm", "speaker", "d0", "d1", "fixed_rank", "indirect_rank", "neg_support", "neg_own", "neg_len", "first_qid",
    "root_quote_id", "root_text", "root_speaker_id",
)
"""The columns of ``audit.match.text_nodes`` a text carries through the Spark stages."""

NODE_SCHEMA = (
    "node_key string, norm string, speaker string, d0 int, d1 int, fixed_rank int, indirect_rank int, neg_support long, neg_own long, "
    "neg_len long, first_qid string, root_quote_id string, root_text string, root_speaker_id string"
)
"""Dates travel as days since 1970 (``int``): they are only ordered, and pandas would turn
a date column into Python objects."""

SCORED_SCHEMA = "hi long, lo long, full float, part float, accept boolean"
LINK_SCHEMA = (
    "quote_id string, statement_id string, similarity double, variant string, root_quote_id string, "
    "root_text string, root_norm string, root_speaker_id string"
)


# -- the Spark session ----------------------------------------------------------------


CALENDAR_CONF: dict[str, str] = {
    f"spark.sql.{fmt}.{kind}RebaseModeIn{way}": "CORRECTED"
    for fmt, kinds in (("parquet", ("datetime", "int96")), ("avro", ("datetime",)))
    for kind in kinds
    for way in ("Read", "Write")
}
"""Dates as written, in the proleptic Gregorian calendar DuckDB, Polars and Python use.
Spark's default (``EXCEPTION``) fails the whole run with ``SparkUpgradeException`` on one
article dated before 1582-10-15, which DuckDB accepts (0001-01-01 and on)."""


def use_calendar(spark: SparkSession) -> SparkSession:
    """``spark`` set to read and write old dates as they are (``CALENDAR_CONF``); runtime
    settings, so a session handed in by the caller gets them too."""
    for key, value in CALENDAR_CONF.items():
        spark.conf.set(key, value)
    return spark


def session(master: str | None = None) -> SparkSession:
    """The active Spark session, or a new one: ``master`` ``local[N]`` (the default is
    ``local[*]``), ``spark://host:port``, ``yarn``, ``k8s://...``, or ``sc://host`` for
    Spark Connect. Local mode runs the Python workers with this interpreter."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(INSTALL_HINT) from None
    if master and master.startswith("sc://"):
        return use_calendar(SparkSession.builder.remote(master).appName("quote-audit").getOrCreate())
    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return use_calendar(active)
    master = master or "local[*]"
    builder = SparkSession.builder.master(master).appName("quote-audit")
    if master.startswith("local"):
        if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
            raise SparkUnavailable(JAVA_HINT)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        cores = os.cpu_count() or 1
        spec = master[len("local["):-1] if master.startswith("local[") else "1"
        n = cores if spec in ("*", "") else int(spec.split(",")[0]) if spec.split(",")[0].isdigit() else cores
        builder = (
            builder.config("spark.sql.shuffle.partitions", str(max(1, n) * LOCAL_SHUFFLE_PARTITIONS_PER_CORE))
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
        )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return use_calendar(spark)


# -- extraction (runs in the Python workers) ------------------------------------------


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """What a worker needs to build the same pipeline as the driver. The registry travels
    pickled with the task, so executors need no access to the reference folder."""

    model: str
    registry: Registry
    model_path: str | None = None
    int8: bool = False


_PIPELINES: dict[tuple[str, str | None, bool], Any] = {}
"""One spaCy pipeline per Python worker process (Spark reuses workers across tasks)."""


def _pipeline(settings: ExtractSettings) -> Any:
    key = (settings.model, settings.model_path, settings.int8)
    if key not in _PIPELINES:
        from audit.extract import load_pipeline

        nlp = load_pipeline(settings.model, registry=settings.registry)
        if settings.model_path:
            from audit.learned.combine import add_tagger

            add_tagger(nlp, settings.model_path, int8=settings.int8)
        _PIPELINES[key] = nlp
    return _PIPELINES[key]


def extract_batches(batches: Iterable[pa.RecordBatch], settings: ExtractSettings) -> Iterator[pa.RecordBatch]:
    """Quotes of each article in ``batches`` (article_id, source, published, text), through
    the DuckDB engine's own extraction step (one ``nlp.pipe`` per batch, an article
    that breaks the pipeline retried alone and reported)."""
    from audit.load import extract_articles
    from audit.model import Article
    from audit.store import quote_row

    nlp = _pipeline(settings)
    for batch in batches:
        articles = [
            Article(text=r["text"], source=r["source"], published=r["published"], article_id=r["article_id"])
            for r in batch.to_pylist()
        ]
        done, failed = extract_articles(articles, nlp, 1)
        rows: list[tuple[Any, ...]] = []
        for article, quotes in done:
            rows.extend((*quote_row(article.article_id, idx, q), None, None) for idx, q in enumerate(quotes))
        extracted = {a.article_id for a, _ in done}
        lost = [a for a in articles if a.article_id not in extracted]
        for article, err in zip(lost, failed, strict=True):
            rows.append((None, article.article_id, *([None] * (len(QUOTE_COLUMNS) - 2)), err.reason, err.source))
        yield pa.RecordBatch.from_arrays(
            [pa.array([r[i] for r in rows], type=f.type) for i, f in enumerate(EXTRACTED)], schema=EXTRACTED
        )


# -- matching steps (run in the Python workers) ---------------------------------------


def normalise_batches(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """``(text, norm)`` for distinct wordings, by ``audit.lang.normalise``."""
    from audit.lang.normalise import normalise_series

    for batch in batches:
        texts = pl.from_arrow(batch.column("text"))
        assert isinstance(texts, pl.Series)  # one column converts to a Series
        norms = normalise_series(texts)
        yield pa.RecordBatch.from_arrays([batch.column("text"), norms.to_arrow().cast(pa.string())], names=["text", "norm"])


def _polars(pdf: Any) -> pl.DataFrame:
    """A pandas frame from Spark as Polars, day numbers back to dates."""
    frame = pl.from_pandas(pdf)
    days = [c for c in ("published", "d0", "d1") if c in frame.columns]
    return frame.with_columns(pl.col(c).cast(pl.Int32).cast(pl.Date) for c in days)


def _days(frame: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    return frame.with_columns(pl.col(c).cast(pl.Int32) for c in columns)


def text_nodes(pdf: Any) -> Any:
    """One row per distinct normalised text of a bucket (which holds all its quotes),
    with the priority keys and would-be root of ``audit.match.text_nodes``."""
    from audit.match import text_nodes as match_text_nodes
    from audit.match import with_node_keys

    quotes, roots = with_node_keys(_polars(pdf), _NO_ROOTS)
    nodes = match_text_nodes(quotes, roots)
    return _days(nodes.select(NODE_COLUMNS), ("d0", "d1")).with_columns(
        pl.col("fixed_rank", "indirect_rank").cast(pl.Int32)
    ).to_pandas()


_NO_ROOTS = pl.DataFrame(
    schema={"statement_id": pl.String, "root_quote_id": pl.String, "root_text": pl.String, "norm": pl.String,
            "speaker_id": pl.String, "kind": pl.String, "speaker_kind": pl.String, "published": pl.Date}
)
"""A full run has no stored statement roots."""


def score_batches(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Score candidate pairs (with both texts and speakers) by ``score_pairs`` and decide
    them by ``Scores.accept``, exactly as ``match`` does (``lo`` against ``hi``)."""
    from audit.match import speaker_evidence
    from audit.match.verify import Texts, score_pairs

    for batch in batches:
        n = batch.num_rows
        lo_norm = batch.column("lo_norm").to_pylist()
        hi_norm = batch.column("hi_norm").to_pylist()
        left, right = np.arange(n), np.arange(n, 2 * n)
        scored = score_pairs(
            Texts.of(lo_norm + hi_norm), left, right,
            contained=batch.column("contained").to_numpy(zero_copy_only=False).astype(bool),
            shared=batch.column("shared").to_numpy().astype(np.int32),
            overlap=batch.column("overlap").to_numpy().astype(np.float32),
        )
        both = {c: batch.column(f"lo_{c}").to_pylist() + batch.column(f"hi_{c}").to_pylist() for c in ("speaker", "d0", "d1")}
        speakers = pl.DataFrame({**both, "norm": lo_norm + hi_norm},  # days since 1970, as speaker_evidence reads them
                                schema={"speaker": pl.String, "d0": pl.Int32, "d1": pl.Int32, "norm": pl.String})
        accept = scored.accept(*speaker_evidence(speakers, right, left, scored))
        yield pa.RecordBatch.from_arrays(
            [batch.column("hi"), batch.column("lo"), pa.array(scored.full), pa.array(scored.part), pa.array(accept)],
            names=["hi", "lo", "full", "part", "accept"],
        )


def cluster_group(quotes_pdf: Any, pairs_pdf: Any) -> Any:
    """Roots, similarities, variants and statement ids for a group of whole connected
    components: ``cluster_pairs`` and ``statement_links`` over the group's texts and accepted
    pairs, with the texts numbered in their global order."""
    from audit.match import cluster_pairs, statement_links

    quotes = _polars(quotes_pdf)
    nodes = quotes.select("node", *NODE_COLUMNS).unique("node").sort("node")
    ids = nodes["node"].to_numpy()
    nodes = nodes.with_columns(
        node=pl.int_range(pl.len(), dtype=pl.Int64), fixed=pl.lit(False), statement_id=pl.lit(None, dtype=pl.String)
    )
    pairs = pl.from_pandas(pairs_pdf) if len(pairs_pdf) else pl.DataFrame(
        schema={"hi": pl.Int64, "lo": pl.Int64, "full": pl.Float32, "part": pl.Float32}
    )
    hi = np.searchsorted(ids, pairs["hi"].to_numpy())
    lo = np.searchsorted(ids, pairs["lo"].to_numpy())
    scored = Scores(pairs["full"].to_numpy().astype(np.float32), pairs["part"].to_numpy().astype(np.float32))
    root, sim = cluster_pairs(nodes, hi, lo, scored)
    links, _ = statement_links(quotes.select("quote_id", "text", "kind", "speaker_id", "published", "norm", "node_key"),
                               nodes, root, sim)
    return links.select(c.split()[0] for c in LINK_SCHEMA.split(", ")).to_pandas()


# -- the driver's side --------------------------------------------------------------


def _days_col(name: str) -> Any:
    from pyspark.sql import functions as F

    return F.datediff(F.col(name), F.lit("1970-01-01").cast("date")).cast("int").alias(name)


def _node_key() -> Any:
    """``audit.match.with_node_keys`` as a Spark column over ``norm``, ``speaker_id``,
    ``speaker_kind`` and ``published`` (days): the normalised text, with the speaker for a
    text of at most ``SHARED_PHRASE_MAX_WORDS`` words (spaces + 1, as there) credited to a
    person when two persons or more are credited with that text, or with its credit (``""``
    for none) for a text of two credits or more printed over more than ``NEWS_CYCLE_DAYS``
    whose information is under ``FAR_MIN_INFO``."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from audit.match import NODE_KEY_SEPARATOR, PERSON_KIND, information_of
    from audit.match.verify import FAR_MIN_INFO, NEWS_CYCLE_DAYS, SHARED_PHRASE_MAX_WORDS

    text = Window.partitionBy("norm")
    person = (F.col("speaker_kind") == PERSON_KIND) & F.col("speaker_id").isNotNull()
    persons = F.size(F.collect_set(F.when(person, F.col("speaker_id"))).over(text))
    credit = F.coalesce(F.col("speaker_id"), F.lit(""))
    spread = ((F.size(F.collect_set(credit).over(text)) >= 2)
              & ((F.max("published").over(text) - F.min("published").over(text)) > NEWS_CYCLE_DAYS))
    everyday = F.udf(lambda norm: information_of([norm])[0] < FAR_MIN_INFO, "boolean")
    split = ((F.size(F.split(F.col("norm"), " ")) <= SHARED_PHRASE_MAX_WORDS) & person & (persons >= 2)
             | (spread & F.coalesce(F.when(spread, everyday(F.col("norm"))), F.lit(False))))
    return F.when(split, F.concat(F.col("norm"), F.lit(NODE_KEY_SEPARATOR), credit)).otherwise(F.col("norm"))


def candidate_pairs(spark: SparkSession, nodes: DataFrame, max_df: int) -> DataFrame:
    """``(hi, lo, shared, overlap, contained, hi_norm, lo_norm)``: the blocking of
    ``audit.match.block.candidate_pairs`` (full run, no date window) over ``nodes(node, norm)``, the very
    steps of :func:`audit.match.block.blocking_steps` in Spark's dialect, each a temporary view. The one
    all-to-all shuffle is the self-join on ``gram``, bounded per gram by the DF band. Each step that later
    steps read more than once is checkpointed, so Spark neither recomputes it nor plans one query of twenty
    shuffles."""
    args = blocking_params(max_df)
    nodes.select("node", "norm").createOrReplaceTempView("m_nodes")
    text, params = SPARK.query(grams_sql("m_nodes", mark_last=True), gram_params())
    spark.sql(text, args=params).createOrReplaceTempView("m_grams")
    steps, final = blocking_steps(grams="m_grams", nodes="m_nodes", norms=True)
    for step in steps:
        frame = spark.sql(SPARK.sql(step.sql), args=args)
        (frame.localCheckpoint() if step.reused else frame).createOrReplaceTempView(step.name)
    return spark.sql(SPARK.sql(final), args=args)


def components(edges: DataFrame) -> DataFrame:
    """``(node, component)`` for every node of an accepted pair: the smallest node id it
    is connected to, by min-label propagation (one join per round; rounds = the largest
    component's diameter, a few, since membership means "similar to the root")."""
    from pyspark.sql import functions as F

    both = edges.select(F.col("hi").alias("a"), F.col("lo").alias("b")).union(
        edges.select(F.col("lo").alias("a"), F.col("hi").alias("b"))
    ).localCheckpoint()
    labels = both.groupBy("a").agg(F.min("b").alias("m")).select(
        F.col("a").alias("node"), F.least("a", "m").alias("component")
    ).localCheckpoint()
    while True:
        reach = both.join(labels.withColumnRenamed("node", "b"), "b").groupBy("a").agg(F.min("component").alias("m"))
        step = labels.join(reach.withColumnRenamed("a", "node"), "node").select(
            "node", F.least("component", "m").alias("component"), (F.col("m") < F.col("component")).alias("moved")
        ).localCheckpoint()
        labels = step.select("node", "component")
        if step.filter("moved").isEmpty():
            return labels


@dataclass(slots=True)
class SparkMatch:
    """What matching on Spark produced, as DataFrames, with the counts of ``MatchStats``."""

    statements: DataFrame
    statement_quotes: DataFrame
    stats: Any


def match(spark: SparkSession, quotes: DataFrame, articles: DataFrame, work: Path) -> SparkMatch:
    """Statements and links for every quote (a full run), as ``audit.match.match`` with
    ``incremental=False`` on the same quotes. ``work`` holds intermediate Parquet."""
    from pyspark.sql import functions as F

    from audit.match import MatchStats

    stats = MatchStats()
    n_quotes = quotes.count()
    buckets = max(1, math.ceil(n_quotes / QUOTES_PER_GROUP), spark.sparkContext.defaultParallelism)
    q = quotes.join(articles.select("article_id", _days_col("published")), "article_id", "left").select(
        "quote_id", "text", "kind", "speaker_id", "speaker_kind", "published"
    )
    wordings = q.select("text").distinct().mapInArrow(normalise_batches, "text string, norm string")
    q = q.join(wordings, "text")
    q.write.mode("overwrite").parquet(str(work / "quotes"))
    q = spark.read.parquet(str(work / "quotes"))
    stats.skipped = q.filter(F.col("norm") == "").count()
    q = q.filter(F.col("norm") != "")

    # Texts numbered in root-priority order, as match does: a sort into ranges, then ids
    # increasing with the ranges. Written once: the ids are not recomputable.
    texts = q.withColumn("bucket", F.pmod(F.xxhash64("norm"), F.lit(buckets))).groupBy("bucket").applyInPandas(
        text_nodes, NODE_SCHEMA
    )
    ordered = texts.orderBy(*[F.col(c).asc_nulls_last() for c in PRIORITY]).withColumn(
        "node", F.monotonically_increasing_id()
    )
    ordered.write.mode("overwrite").parquet(str(work / "nodes"))
    nodes = spark.read.parquet(str(work / "nodes"))
    stats.texts = n_nodes = nodes.count()
    if n_nodes == 0:
        empty = spark.createDataFrame([], LINK_SCHEMA)
        return SparkMatch(_statements(empty), _memberships(empty), stats)

    pairs = candidate_pairs(spark, nodes, max_df_for(n_nodes))
    speakers = nodes.select("node", "speaker", "d0", "d1")

    def side(prefix: str) -> DataFrame:
        return speakers.select(*[F.col(c).alias(f"{prefix}_{c}") for c in speakers.columns]).withColumnRenamed(
            f"{prefix}_node", prefix)

    pairs = pairs.join(side("hi"), "hi").join(side("lo"), "lo")
    pairs.mapInArrow(score_batches, SCORED_SCHEMA).write.mode("overwrite").parquet(str(work / "scored"))
    scored = spark.read.parquet(str(work / "scored"))
    stats.candidates = scored.count()
    accepted = scored.filter("accept").drop("accept")
    stats.matched_pairs = accepted.count()

    labels = components(accepted) if stats.matched_pairs else spark.createDataFrame([], "node long, component long")
    grouped = nodes.join(labels, "node", "left").withColumn(
        "bucket", F.pmod(F.xxhash64(F.coalesce("component", "node")), F.lit(buckets))
    ).drop("component")
    members = q.withColumn("node_key", _node_key()).join(grouped.drop("norm"), "node_key")
    edges = accepted.join(grouped.select(F.col("node").alias("hi"), "bucket"), "hi")
    links = members.groupBy("bucket").cogroup(edges.groupBy("bucket")).applyInPandas(cluster_group, LINK_SCHEMA)
    links.write.mode("overwrite").parquet(str(work / "links"))
    links = spark.read.parquet(str(work / "links"))
    statements = _statements(links)
    stats.quotes = links.count()
    stats.statements = stats.new_statements = statements.count()
    return SparkMatch(statements, _memberships(links), stats)


def _memberships(links: DataFrame) -> DataFrame:
    """``statement_quotes`` rows of the lexical matcher, with their provenance columns as
    the DuckDB engine writes them (``audit.store.SCHEMA_V5``)."""
    from pyspark.sql import functions as F

    return links.select("quote_id", "statement_id", "similarity", "variant",
                        F.lit(LEXICAL_STAGE).alias("stage"), F.round(F.col("similarity").cast("double") / 100.0, PROBABILITY_DIGITS).alias("probability"))


def _statements(links: DataFrame) -> DataFrame:
    """The ``statements`` table from the links: one row per root, with its quote count."""
    from pyspark.sql import functions as F

    return links.groupBy("statement_id").agg(
        F.first("root_quote_id").alias("root_quote_id"),
        F.first("root_text").alias("text"),
        F.first("root_norm").alias("norm"),
        F.first("root_speaker_id").alias("speaker_id"),
        F.count("*").cast("int").alias("n_quotes"),
    )


def _copy(con: Any, sql: str, path: Path) -> None:
    """Export a staging query to one Parquet file (DuckDB's COPY takes no parameters;
    the path is ours, quotes doubled)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"COPY ({sql}) TO '{_sql_path(path)}' (FORMAT parquet)")


def _sql_path(path: Path) -> str:
    """A path of ours inside a DuckDB string literal (DDL and COPY take no parameters)."""
    return str(path).replace("'", "''")


def stage(paths: Sequence[str | Path], folder: Path, cfg: Config, registry: Registry, *, progress: bool = False) -> Any:
    """Ingest ``paths`` without extraction into the folder's staging store (the DuckDB
    engine's reading, deduplication, versions and error records) and export articles,
    errors, speakers and aliases as Parquet. Returns the ``IngestStats``."""
    from audit.ingest.discover import mark_output
    from audit.load import ingest
    from audit.store import Store

    folder.mkdir(parents=True, exist_ok=True)
    mark_output(folder)  # a table folder inside the corpus is never read back as articles
    (folder / MARKER).unlink(missing_ok=True)  # not a result until this run has written it
    staged = folder / WORK_DIR / "staged"
    with Store(folder / STAGING_DB) as store:
        store.load_registry(registry)
        ingested = ingest([Path(p) for p in paths], store, extract=False, progress=progress,
                          text_column=cfg.text_column, columns=cfg.columns)
        _copy(store.con, "SELECT * FROM articles", staged / "articles.parquet")
        _copy(store.con, "SELECT * FROM ingest_errors", staged / "ingest_errors.parquet")
        for table in ("speakers", "aliases"):
            _copy(store.con, f"SELECT * FROM {table}", folder / table / "part-0.parquet")
    return ingested


def extract(spark: SparkSession, folder: Path, settings: ExtractSettings) -> tuple[int, int]:
    """Extract the staged articles' quotes on the executors and write ``articles`` (with
    ``n_quotes``), ``quotes`` and ``ingest_errors``. Returns (quotes, failed articles)."""
    from pyspark.sql import functions as F

    work = folder / WORK_DIR
    articles = spark.read.parquet(str(work / "staged" / "articles.parquet")).drop("n_quotes")
    partitions = max(spark.sparkContext.defaultParallelism, math.ceil(articles.count() / ARTICLES_PER_PARTITION))
    extracted = articles.select("article_id", "source", "published", "text").repartition(partitions).mapInArrow(
        partial(extract_batches, settings=settings), EXTRACTED_DDL
    )
    extracted.write.mode("overwrite").parquet(str(work / "extracted"))
    extracted = spark.read.parquet(str(work / "extracted"))
    quotes = _join_surnames(spark, extracted.filter(F.col("error").isNull()).select(*QUOTE_COLUMNS), folder)
    quotes = _join_descriptions(spark, quotes, articles)
    failed = extracted.filter(F.col("error").isNotNull())
    counts = quotes.groupBy("article_id").agg(F.count("*").cast("int").alias("n_quotes"))
    (
        articles.join(failed.select("article_id"), "article_id", "left_anti")
        .join(counts, "article_id", "left")
        .withColumn("n_quotes", F.coalesce("n_quotes", F.lit(0)))
        .select("article_id", "source", "version", "outlet", "published", "title", "url", "author", "text",
                "n_quotes", "ingested_at")
        .write.mode("overwrite").parquet(str(folder / "articles"))
    )
    quotes.write.mode("overwrite").parquet(str(folder / "quotes"))
    errors = spark.read.parquet(str(work / "staged" / "ingest_errors.parquet")).unionByName(
        failed.select(F.col("error_source").alias("source"), F.col("error").alias("reason"),
                      F.current_timestamp().alias("seen_at"))
    )
    errors.coalesce(1).write.mode("overwrite").parquet(str(folder / "ingest_errors"))
    return spark.read.parquet(str(folder / "quotes")).count(), failed.count()


def _join_surnames(spark: SparkSession, quotes: DataFrame, folder: Path) -> DataFrame:
    """``Store.join_surnames`` on Spark: the distinct person speakers outside the registry
    (a few thousand rows) go to the driver, ``audit.speakers.surname_joins`` decides, and
    the quotes of a surname-only person take the id and name of the one full-named
    person with that surname."""
    from pyspark.sql import functions as F

    from audit.speakers import surname_joins

    registry = spark.read.parquet(str(folder / "speakers")).select("speaker_id")
    rows = (
        quotes.filter((F.col("speaker_kind") == "person") & F.col("speaker_id").isNotNull())
        .join(registry, "speaker_id", "left_anti")
        .select("speaker_id", "speaker").distinct().collect()
    )
    joins = surname_joins([(r["speaker_id"], r["speaker"]) for r in rows])
    if not joins:
        return quotes
    moves = spark.createDataFrame(
        [(old, new, name) for old, (new, name) in joins.items()], "j_old string, j_new string, j_name string"
    )
    person = (F.col("speaker_kind") == "person") & F.col("j_new").isNotNull()
    return (
        quotes.join(F.broadcast(moves), quotes["speaker_id"] == moves["j_old"], "left")
        .withColumn("speaker_id", F.when(person, F.col("j_new")).otherwise(F.col("speaker_id")))
        .withColumn("speaker", F.when(person, F.col("j_name")).otherwise(F.col("speaker")))
        .select(*QUOTE_COLUMNS)
    )


def _join_descriptions(spark: SparkSession, quotes: DataFrame, articles: DataFrame) -> DataFrame:
    """``Store.join_descriptions`` on Spark: the quotes with a ``speaker_description`` (their
    ids, speakers and dates) go to the driver, ``audit.speakers.description_joins`` decides,
    and a description's quotes take the one holder the story describes that way."""
    from pyspark.sql import functions as F

    from audit.speakers import DescribedQuote, description_joins

    rows = (
        quotes.filter(F.col("speaker_description").isNotNull())
        .join(articles.select("article_id", "published"), "article_id", "left")
        .select("quote_id", "speaker_id", "speaker", "speaker_kind", "speaker_description", "published").collect()
    )
    joins = description_joins(DescribedQuote(*row) for row in rows)
    if not joins:
        return quotes
    moves = spark.createDataFrame([(qid, *who) for qid, who in joins.items()],
                                  "d_quote string, d_id string, d_name string, d_kind string")
    joined = F.col("d_id").isNotNull()
    return (
        quotes.join(F.broadcast(moves), quotes["quote_id"] == moves["d_quote"], "left")
        .withColumn("speaker_id", F.when(joined, F.col("d_id")).otherwise(F.col("speaker_id")))
        .withColumn("speaker", F.when(joined, F.col("d_name")).otherwise(F.col("speaker")))
        .withColumn("speaker_kind", F.when(joined, F.col("d_kind")).otherwise(F.col("speaker_kind")))
        .select(*QUOTE_COLUMNS)
    )


def match_tables(spark: SparkSession, folder: Path) -> Any:
    """Match the folder's quotes and write ``statements`` and ``statement_quotes``.
    Returns the ``MatchStats``."""
    matched = match(
        spark, spark.read.parquet(str(folder / "quotes")), spark.read.parquet(str(folder / "articles")),
        folder / WORK_DIR,
    )
    matched.statements.write.mode("overwrite").parquet(str(folder / "statements"))
    matched.statement_quotes.write.mode("overwrite").parquet(str(folder / "statement_quotes"))
    return matched.stats


# -- the semantic stage ---------------------------------------------------------------

LINK_TABLES = ("articles", "quotes", "statements", "statement_quotes")
"""Tables the semantic stage reads and (statements, statement_quotes) rewrites."""


def embed_batches(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """``(text_hash, model, vec)`` of distinct texts by ``audit.link.embed.encode``: the
    encoder is loaded once per Python worker (its own cache)."""
    from audit.link.embed import MODEL_ID, encode, text_hash

    for batch in batches:
        texts = batch.column("text").to_pylist()
        vecs = encode(texts)
        yield pa.RecordBatch.from_arrays(
            [pa.array([text_hash(t) for t in texts]), pa.array([MODEL_ID] * len(texts)),
             pa.array(list(vecs), type=pa.list_(pa.float32()))],
            names=["text_hash", "model", "vec"],
        )


def link_tables(spark: SparkSession, folder: Path, window_days: int | None) -> Any:
    """The semantic stage (``audit.link.link``) over the folder's statements: every
    distinct quote text is embedded on the executors, then ``link`` itself runs on the
    driver over an in-memory copy of the tables, finds every embedding in its cache and
    decides and joins exactly as on the DuckDB engine; ``statements`` and
    ``statement_quotes`` are rewritten. Returns the ``LinkStats``."""
    import duckdb

    from audit.link import link
    from audit.link.embed import ensure_cache

    work = folder / WORK_DIR
    texts = spark.read.parquet(str(folder / "quotes")).select("text").distinct()
    texts.mapInArrow(embed_batches, "text_hash string, model string, vec array<float>").write.mode(
        "overwrite"
    ).parquet(str(work / "embeddings"))
    con = duckdb.connect()
    try:
        for table in LINK_TABLES:
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet('{_sql_path(folder / table / '*.parquet')}')")
        con.execute("CREATE TABLE quote_grams (quote_id VARCHAR NOT NULL, gram UBIGINT NOT NULL)")
        ensure_cache(con)
        con.execute(
            f"INSERT INTO text_embeddings SELECT DISTINCT ON (text_hash) text_hash, model, vec "
            f"FROM read_parquet('{_sql_path(work / 'embeddings' / '*.parquet')}')"
        )
        stats = link(con, full=True, window_days=window_days)
        for table in ("statements", "statement_quotes"):
            fresh = work / f"{table}.linked"
            shutil.rmtree(fresh, ignore_errors=True)
            fresh.mkdir(parents=True)
            con.execute(f"COPY {table} TO '{_sql_path(fresh / 'part-0.parquet')}' (FORMAT parquet)")
            shutil.rmtree(folder / table)
            fresh.rename(folder / table)
    finally:
        con.close()
    return stats


class SparkEngine:
    """The stages on Spark (``audit.pipeline.Engine``): ``spark`` an existing session, else one for ``master``
    (started when the run opens its storage, after the models loaded). The storage is a folder of Parquet
    tables (default: the configured database with ``.parquet``; the demo's goes inside the report folder).
    Each run recomputes extraction and matching over every staged article, so it holds no stories and an
    interrupted run is simply run again."""

    stories = False
    resumable = False

    def __init__(self, master: str | None = None, spark: SparkSession | None = None) -> None:
        self.master = master
        self.spark = spark

    def destination(self, paths: Sequence[str | Path] | None, *, db: str | Path | None, out: str | Path | None,
                    config: Config) -> Path:
        if db:
            return Path(db)
        if not paths:
            return Path(out or config.out) / DEMO_TABLES_NAME
        return Path(config.db).with_suffix(TABLES_SUFFIX)

    def prepare(self, nlp: Any, config: Config) -> None:
        """Nothing: the learned tagger is added where the pipeline runs, on the workers (``ExtractSettings``)."""

    @contextmanager
    def open(self, destination: Path, registry: Registry) -> Iterator[SparkSteps]:
        spark = use_calendar(self.spark) if self.spark is not None else session(self.master)
        yield SparkSteps(spark, destination, registry)


@dataclass(slots=True)
class SparkSteps:
    """The stages over one table folder (``audit.pipeline.Steps``)."""

    spark: SparkSession
    folder: Path
    registry: Registry

    def ingest(self, paths: Sequence[str | Path], *, nlp: Any, model: str, config: Config, inputs: Any,
               story: str, progress: bool, workers: int) -> Any:
        ingested = stage(paths, self.folder, config, self.registry, progress=progress)
        settings = ExtractSettings(model, self.registry, config.model_path, config.int8)
        ingested.quotes, failed = extract(self.spark, self.folder, settings)
        ingested.failed += failed
        return ingested

    def match(self) -> Any:
        return match_tables(self.spark, self.folder)

    def link(self, window_days: int | None) -> Any:
        return link_tables(self.spark, self.folder, window_days)

    def score(self, verified: Any, story: str | None) -> tuple[Any, Any]:
        from audit.score import score

        mark(self.folder)
        con = open_tables(self.folder)
        try:
            return score(con, verified=verified), None
        finally:
            con.close()
