"""Ingest into the store: read → (extract) → write, one transaction per article.

Articles are read as a stream, extracted in chunks through ``nlp.pipe`` and written one
by one as their quotes come back, so an interrupted run (crash, kill, Ctrl-C) leaves
only whole articles, and running it again skips what is stored (by content hash,
before any parsing) and finishes the rest. Inputs that cannot be read, and articles
whose extraction fails, go to ``ingest_errors`` and the run goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from audit.ingest import iter_articles
from audit.model import Article, IngestError, Quote
from audit.store import Store

if TYPE_CHECKING:  # pragma: no cover - typing only
    from spacy.language import Language

CHUNK_ARTICLES = 256
"""Articles extracted per ``extract_docs`` call (times ``workers``): big enough to keep
``nlp.pipe`` batches full and amortise worker start-up, small enough that a crash
re-does little and memory stays flat."""

PIPE_BATCH_SIZE = 32
"""``nlp.pipe`` batch size (spaCy's default; articles are long, so more gains nothing)."""

MAX_ERRORS_KEPT = 1000
"""Errors kept in ``IngestStats.errors`` for the summary; the table holds all of them."""


@dataclass(slots=True)
class IngestStats:
    """What one ``ingest`` run did.

    ``seen`` articles were read; each was ``added`` (new text, a new version of a
    source, or quotes for an article stored earlier without extraction) or
    ``unchanged`` (already stored). ``failed`` counts records written to
    ``ingest_errors``: unreadable inputs plus articles whose extraction failed.
    """

    seen: int = 0
    added: int = 0
    unchanged: int = 0
    failed: int = 0
    quotes: int = 0
    errors: list[IngestError] = field(default_factory=list)

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
) -> IngestStats:
    """Read every article under ``paths`` into ``store``, extracting quotes unless
    ``extract=False`` (then ``n_quotes`` stays NULL and a later run with extraction fills
    it in). ``nlp`` defaults to ``audit.extract.load_pipeline()``; ``workers`` > 1 runs
    spaCy in that many processes. Never raises for bad input; database errors and
    interrupts propagate after the current article's transaction is rolled back.
    """
    if extract and nlp is None:
        from audit.extract import load_pipeline

        nlp = load_pipeline()
    stats = IngestStats()
    with _Progress(progress, stats) as bar:
        todo = _todo(iter_articles(paths, text_column=text_column, columns=columns), store, stats, extract, bar)
        if nlp is None or not extract:
            for article in todo:
                _write(store, article, None, stats, bar)
        else:
            for chunk in iter(lambda: list(islice(todo, CHUNK_ARTICLES * max(1, workers))), []):
                _extract_chunk(chunk, store, nlp, workers, stats, bar)
    return stats


def _todo(
    items: Iterator[Article | IngestError], store: Store, stats: IngestStats, extract: bool, bar: _Progress
) -> Iterator[Article]:
    """Articles that need work; errors are recorded and already-stored articles counted
    here, so a re-run parses nothing it has already done."""
    for item in items:
        if isinstance(item, IngestError):
            store.add_error(item)
            stats.fail(item)
        else:
            stats.seen += 1
            known = store.known(item.article_id)
            if known is None or (extract and not known):
                yield item
                continue
            stats.unchanged += 1
        bar.tick()


def _extract_chunk(chunk: list[Article], store: Store, nlp: Language, workers: int, stats: IngestStats, bar: _Progress) -> None:
    """Extract and write ``chunk``, each article as soon as its quotes are back. If the
    pipeline fails part-way, the rest is retried one article at a time so only the
    article that breaks it is recorded as failed."""
    from audit.extract import extract_docs

    results = extract_docs(
        ((str(i), a.text) for i, a in enumerate(chunk)), nlp=nlp, batch_size=PIPE_BATCH_SIZE, n_process=workers
    )
    for i, article in enumerate(chunk):
        try:
            _, quotes = next(results)
        except Exception:  # noqa: BLE001 - which article broke it is found below
            break
        _write(store, article, quotes, stats, bar)
    else:
        return
    for article in chunk[i:]:
        try:
            [(_, quotes)] = list(extract_docs([("0", article.text)], nlp=nlp))
        except Exception as exc:  # noqa: BLE001 - recorded, the run goes on
            err = IngestError(article.source, f"extraction failed: {type(exc).__name__}: {exc}")
            store.add_error(err)
            stats.fail(err)
            bar.tick()
            continue
        _write(store, article, quotes, stats, bar)


def _write(store: Store, article: Article, quotes: list[Quote] | None, stats: IngestStats, bar: _Progress) -> None:
    if store.add_article(article, quotes):
        stats.added += 1
        stats.quotes += len(quotes or ())
    else:
        stats.unchanged += 1
    bar.tick()


class _Progress:
    """A rich spinner with the running counts on stderr, or nothing when disabled."""

    def __init__(self, enabled: bool, stats: IngestStats) -> None:
        self.stats = stats
        self._progress = None
        if enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                console=Console(stderr=True), transient=True,
            )
            self._task = self._progress.add_task(stats.line())

    def __enter__(self) -> _Progress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def tick(self) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=self.stats.line())
