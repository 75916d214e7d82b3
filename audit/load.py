"""Ingest into the store: read → (extract) → write, in chunks.

Articles are read as a stream and handled in chunks: what is already stored is skipped
(by ``article_id``, before any parsing), the rest is extracted through ``nlp.pipe`` and
written in one transaction with all its quotes. An interrupted run (crash, kill,
Ctrl-C) therefore leaves only whole articles, and running it again finishes the job.
Inputs that cannot be read, and articles whose extraction fails, go to
``ingest_errors`` and the run goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from audit import stories
from audit.ingest import iter_articles
from audit.model import Article, IngestError, Quote, SkippedInput
from audit.store import Store
from audit.terminal import progress_bar

if TYPE_CHECKING:  # pragma: no cover - typing only
    from spacy.language import Language

CHUNK_ARTICLES = 128
"""Articles read, extracted and written together (times ``workers``): one lookup of what
is stored, one ``extract_docs`` call, one write transaction per chunk. Big enough to
keep ``nlp.pipe`` batches full and make DuckDB's per-statement cost vanish (one write
per article costs ~75 ms, per chunk ~1.5 ms an article), small enough that an
interrupted run re-does at most one chunk's parsing (10-20 s with the small model)."""

PIPE_BATCH_SIZE = 32
"""``nlp.pipe`` batch size (spaCy's default; articles are long, so more gains nothing)."""

MAX_ERRORS_KEPT = 1000
"""Errors kept in ``IngestStats.errors`` for the summary; the table holds all of them."""


@dataclass(slots=True)
class IngestStats:
    """What one ``ingest`` run did.

    ``seen`` articles were read; each was ``added`` (new text, a new version of a
    source, or quotes for an article stored earlier without extraction), ``unchanged``
    (already stored) or failed in extraction. ``failed`` counts records written to
    ``ingest_errors``: unreadable inputs plus articles whose extraction failed.
    ``skipped`` lists inputs deliberately not read (this tool's own output).
    """

    seen: int = 0
    added: int = 0
    unchanged: int = 0
    failed: int = 0
    quotes: int = 0
    errors: list[IngestError] = field(default_factory=list)
    skipped: list[SkippedInput] = field(default_factory=list)

    def fail(self, err: IngestError) -> None:
        self.failed += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(err)

    def line(self) -> str:
        """One-line summary, e.g. for a progress bar or the end of ``audit ingest``."""
        return (
            f"{self.seen:,} articles read: {self.added:,} added, {self.unchanged:,} unchanged; "
            f"{self.quotes:,} quotes stored; {self.failed:,} failed"
        )


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    nlp: Language | None = None,
    extract: bool = True,
    progress: bool = True,
    workers: int = 1,
    *,
    text_column: str = "text",
    columns: Mapping[str, str] | None = None,
    total: int | None = None,
    story: str | None = None,
) -> IngestStats:
    """Read every article under ``paths`` into ``store``, extracting quotes unless
    ``extract=False`` (then ``n_quotes`` stays NULL and a later run with extraction fills
    it in). ``nlp`` defaults to ``audit.extract.load_pipeline()``; ``workers`` > 1 runs
    spaCy in that many processes. Never raises for bad input; database errors and
    interrupts propagate after the current chunk's transaction is rolled back.
    ``total`` (articles, from :func:`audit.ingest.count.count_articles`) sizes the
    progress bar; with progress on and no total, the inputs are counted first.
    ``story`` puts every article read (new or already stored) in that story
    (``audit.stories``), so a report can be about this run's inputs alone.
    """
    if extract and nlp is None:
        from audit.extract import load_pipeline

        nlp = load_pipeline()
    stats = IngestStats()
    paths = list(paths)
    if progress and total is None:
        from audit.ingest import READERS
        from audit.ingest.count import count_articles

        total = count_articles(paths, frozenset(READERS)).articles
    items = iter_articles(paths, text_column=text_column, columns=columns)
    size = CHUNK_ARTICLES * max(1, workers)
    with _Progress(progress, stats, total) as bar:
        for chunk in iter(lambda: list(islice(items, size)), []):
            _ingest_chunk(chunk, store, nlp if extract else None, workers, stats, bar.advance)
            if story is not None:
                stories.add(store.con, story, (a.article_id for a in chunk if isinstance(a, Article)))
            bar.tick()
    if extract:
        store.join_surnames()  # "Cllr Briggs" in one article, "Tom Briggs" in another: one person
        store.join_descriptions()  # "its chairman" where another article names the chairman
    return stats


def _ingest_chunk(
    chunk: list[Article | IngestError],
    store: Store,
    nlp: Language | None,
    workers: int,
    stats: IngestStats,
    advance: Callable[[int], None] = lambda n: None,
) -> None:
    """Record the chunk's errors, skip what is stored (one query), extract the rest and
    write it in one transaction. ``advance(n)`` is told as each input is dealt with."""
    stats.skipped.extend(item for item in chunk if isinstance(item, SkippedInput))
    errors = [item for item in chunk if isinstance(item, IngestError) and not isinstance(item, SkippedInput)]
    articles = [item for item in chunk if isinstance(item, Article)]
    errors.extend(IngestError(a.source, note) for a in articles for note in a.notes)  # stored, minus that metadata
    stats.seen += len(articles)
    stored = store.known_many(a.article_id for a in articles)
    todo = [a for a in articles if a.article_id not in stored or (nlp is not None and not stored[a.article_id])]
    stats.unchanged += len(articles) - len(todo)
    advance(len(chunk) - len(todo))
    if nlp is None:
        done: Sequence[tuple[Article, list[Quote] | None]] = [(a, None) for a in todo]
        advance(len(todo))
    else:
        done, failed = extract_articles(todo, nlp, workers, advance)
        errors.extend(failed)
    for changed, (_, quotes) in zip(store.add_articles(done), done):
        if changed:
            stats.added += 1
            stats.quotes += len(quotes or ())
        else:
            stats.unchanged += 1  # the same article twice in one chunk
    store.add_errors(errors)
    for err in errors:
        stats.fail(err)


def extract_articles(
    articles: list[Article], nlp: Language, workers: int, advance: Callable[[int], None] = lambda n: None
) -> tuple[list[tuple[Article, list[Quote]]], list[IngestError]]:
    """Quotes for each article, through ``nlp.pipe``. If the pipeline fails part-way, the
    rest is retried one article at a time, so only the article that breaks it fails."""
    from audit.extract import extract_docs

    done: list[tuple[Article, list[Quote]]] = []
    results = extract_docs(
        ((str(i), a.text, a.published) for i, a in enumerate(articles)), nlp=nlp, batch_size=PIPE_BATCH_SIZE, n_process=workers
    )
    try:
        for article in articles:
            _, quotes = next(results)
            done.append((article, quotes))
            advance(1)
        return done, []
    except Exception:  # noqa: BLE001 - which article broke it is found below
        pass
    failed: list[IngestError] = []
    for article in articles[len(done) :]:
        try:
            [(_, quotes)] = list(extract_docs([("0", article.text, article.published)], nlp=nlp))
        except Exception as exc:  # noqa: BLE001 - recorded, the run goes on
            failed.append(IngestError(article.source, f"extraction failed: {type(exc).__name__}: {exc}"))
            advance(1)
            continue
        done.append((article, quotes))
        advance(1)
    return done, failed


class _Progress:
    """A rich progress bar on stderr: articles done of the counted total, the running
    counts, elapsed time and an ETA; or nothing when disabled."""

    def __init__(self, enabled: bool, stats: IngestStats, total: int | None = None) -> None:
        self.stats = stats
        self._progress = None
        if enabled:
            self._progress = progress_bar(describe=True)
            self._task = self._progress.add_task(stats.line(), total=total)

    def __enter__(self) -> _Progress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, n: int) -> None:
        if self._progress is not None and n:
            self._progress.advance(self._task, n)

    def tick(self) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=self.stats.line())
