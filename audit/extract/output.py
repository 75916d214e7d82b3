"""Writing ``audit extract`` results: JSON lines, a JSON array, CSV, Parquet or a rich table.

Records carry the fields of :data:`audit.model.QUOTE_FIELDS`, ``doc`` being the
article's source path. Unreadable inputs are reported on stderr and counted, never
fatal. CSV cells that a spreadsheet would run as a formula are neutralised. A file
named with ``output`` is written beside itself under a temporary name and renamed when
complete, so an interrupted or failed run leaves the previous file (or none), never
half of one.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from audit.files.csv_safe import neutralise
from audit.model import FLOAT_FIELDS, QUOTE_FIELDS, Article, IngestError, SkippedInput
from audit.terminal import clean, progress_bar

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

FORMATS = ("jsonl", "json", "csv", "parquet", "table")
TABLE_TEXT_WIDTH = 70
"""Quote text is cut to this many characters in the human-readable table."""
BATCH_SIZE = 16
INT_FIELDS = frozenset({"start", "end", "mention_start", "mention_end", "cue_start", "cue_end", "paragraph", "nested_in",
                        "clause_start", "clause_end"})


def write_quotes(
    articles_iter: Iterable[Article | IngestError],
    nlp: Language,
    fmt: str,
    output: Path | None,
    workers: int = 1,
    progress: bool = True,
    total: int | None = None,
) -> int:
    """Extract quotes from every article and write them in ``fmt``; return how many inputs
    failed. ``total`` (articles) gives the progress bar its length and ETA."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    failures = [0]
    records = _records(articles_iter, nlp, workers, progress, failures, total)
    if fmt == "parquet":
        if output is None:
            raise ValueError("parquet output needs a file")
        with _atomic(output) as tmp:
            _write_parquet(records, tmp)
    else:
        with _open(output) as fh:
            writer = {"jsonl": _write_jsonl, "json": _write_json, "csv": _write_csv, "table": _write_table}[fmt]
            writer(records, fh)
    return failures[0]


def _records(articles_iter: Iterable[Article | IngestError], nlp: Language, workers: int,
             progress: bool, failures: list[int], total: int | None = None) -> Iterator[dict[str, Any]]:
    """Quote dicts for all articles, streaming; counts ingest errors into ``failures[0]``."""
    from audit.extract import extract_docs

    def texts() -> Iterator[tuple]:
        for item in articles_iter:
            if isinstance(item, IngestError):
                failures[0] += not isinstance(item, SkippedInput)  # our own output is skipped, not failed
                print(clean(f"audit: skipped {item.source}: {item.reason}"), file=sys.stderr)
                bar.advance(task)
                continue
            # the article's date lets role descriptions resolve to who held the role then
            yield (item.source, item.text) if item.published is None else (item.source, item.text, item.published)

    bar = progress_bar(label="extracting", enabled=progress)
    task = bar.add_task("extract", total=total)
    notes: list[str] = []
    with bar:
        for _doc_id, quotes in extract_docs(texts(), nlp=nlp, batch_size=BATCH_SIZE, n_process=max(1, workers),
                                           notes=notes):
            bar.advance(task)
            while notes:
                print(clean(f"audit: note: {notes.pop()}"), file=sys.stderr)
            for q in quotes:
                yield q.to_dict()


@contextmanager
def _atomic(output: Path) -> Iterator[Path]:
    """A temporary path beside ``output``, renamed to it when the block completes and
    removed when it fails or is interrupted. Named and created as the reports' temporary
    files are (``audit.files.temp``): the umask gives the mode (``mkstemp`` forced
    0600), and those a killed run left are removed first."""
    import os

    from audit.files.temp import new_temp, remove_stale_temps

    folder = output.parent if str(output.parent) else Path(".")
    remove_stale_temps(folder)
    tmp = new_temp(folder, output.name)
    try:
        yield tmp
        os.replace(tmp, output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def _open(output: Path | None) -> Iterator[IO[str]]:
    if output is None:
        yield sys.stdout
    else:
        with _atomic(output) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
            yield fh


def _write_jsonl(records: Iterable[dict[str, Any]], fh: IO[str]) -> None:
    for rec in records:
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _write_json(records: Iterable[dict[str, Any]], fh: IO[str]) -> None:
    """One JSON array, streamed record by record."""
    fh.write("[")
    for i, rec in enumerate(records):
        fh.write(("," if i else "") + "\n" + json.dumps(rec, ensure_ascii=False))
    fh.write("\n]\n")


def _write_csv(records: Iterable[dict[str, Any]], fh: IO[str]) -> None:
    writer = csv.DictWriter(fh, fieldnames=list(QUOTE_FIELDS))
    writer.writeheader()
    for rec in records:
        writer.writerow({k: neutralise(v) if isinstance(v, str) else v for k, v in rec.items()})


def _write_parquet(records: Iterable[dict[str, Any]], output: Path) -> None:
    import polars as pl

    def dtype(name: str) -> Any:
        return pl.Int64 if name in INT_FIELDS else pl.Float64 if name in FLOAT_FIELDS else pl.Utf8

    pl.DataFrame(list(records), schema={k: dtype(k) for k in QUOTE_FIELDS}).write_parquet(output)


def _write_table(records: Iterable[dict[str, Any]], fh: IO[str]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table("doc", "¶", "kind", "speaker", "cue", "medium", "quote", show_lines=False)
    for rec in records:
        text = rec["text"] if len(rec["text"]) <= TABLE_TEXT_WIDTH else rec["text"][: TABLE_TEXT_WIDTH - 1] + "…"
        cells = (Path(rec["doc"]).name, str(rec["paragraph"]), rec["kind"], rec["speaker"] or "?",
                 rec["cue"] or "", rec["medium"] or "", text)
        table.add_row(*(Text(clean(c)) for c in cells))  # Text: the article's words are never rich markup
    Console(file=fh, width=200 if fh is not sys.stdout else None).print(table)
