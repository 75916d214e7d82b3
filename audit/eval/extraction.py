"""``audit eval``: run the extractor (or read its predictions) over gold articles and score it.

The gold formats, the records, the span arithmetic and the scoring itself live in :mod:`audit.gold`, below the
pipeline, because learned-model training reads gold and scores on it too; this module is what only the evaluation
command needs: predictions from a file or from the pipeline, persons joined across a story, and the printed tables.

Library use::

    report = evaluate([Path("tests/data/seed")], nlp=nlp)
    print(render(report))
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from audit.gold import (
    ATTRIBUTE_OVERLAP,
    OFFSET_FIELDS,
    Attribution,
    EvalError,
    EvalReport,
    GoldDoc,
    GoldSet,
    attribution_from_record,
    header_date,
    load_gold,
    score,
)
from audit.ingest.header import split_header


def load_predictions(path: Path, gold: GoldSet) -> dict[str, list[Attribution]]:
    """Predictions from a jsonl file, keyed by gold ``doc_id``.

    A record's ``doc`` is matched to a gold article by resolved path, else by file
    name (so predictions made from another working folder still count), else by the
    URL of the article's header lines (``audit extract`` names such an article by its
    URL). Offsets into the whole file are taken as they are; offsets that fit only the
    body after the header lines (``audit extract``'s) are shifted to the file's. Unreadable
    lines, records whose offsets do not fit, and records for articles not in the gold
    are skipped and summed up in ``gold.warnings``.
    """
    by_path = {str(Path(d.doc_id).resolve()): d for d in gold.docs}
    names = Counter(Path(d.doc_id).name for d in gold.docs)
    by_name = {Path(d.doc_id).name: d for d in gold.docs if names[Path(d.doc_id).name] == 1}
    headers = {d.doc_id: split_header(d.text) for d in gold.docs}
    by_url = {meta["url"]: d for d in gold.docs if "url" in (meta := headers[d.doc_id][0])}
    preds: dict[str, list[Attribution]] = {d.doc_id: [] for d in gold.docs}
    skipped: Counter[str] = Counter()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}: cannot read predictions: {exc}") from None
    for line in lines:
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            doc_key = str(rec["doc"])
        except (ValueError, KeyError, TypeError):
            skipped["not a prediction record"] += 1
            continue
        doc = by_path.get(str(Path(doc_key).resolve())) or by_name.get(Path(doc_key).name) or by_url.get(doc_key)
        if doc is None:
            skipped["article not in the gold"] += 1
            continue
        attribution = attribution_from_record(rec, doc.text)
        if attribution is None and (body_start := headers[doc.doc_id][1]):
            attribution = attribution_from_record(shift_offsets(dict(rec), body_start), doc.text)
        if attribution is None:
            skipped["offsets do not fit the article text"] += 1
            continue
        preds[doc.doc_id].append(attribution)
    gold.warnings.extend(f"{path}: skipped {n} prediction(s): {why}" for why, n in sorted(skipped.items()))
    return preds


def predict(gold: GoldSet, nlp: Any) -> tuple[dict[str, list[Attribution]], list[str]]:
    """Run our extractor over the gold texts; returns predictions and failed doc ids.

    Like ingest, the extractor reads an article's body, without its header lines
    (``audit.ingest.header``); its offsets are shifted back to the whole file's, which
    the gold counts in. Batched through ``extract_docs``; should one article raise, the rest are redone
    one by one so a single bad article costs only itself. Quotes whose offsets do not
    cut out their own text (an extractor bug) are dropped and counted in the warnings.
    """
    from audit.extract import extract_docs

    full = {d.doc_id: d.text for d in gold.docs}
    body_start = {doc_id: split_header(text)[1] for doc_id, text in full.items()}
    texts = {doc_id: text[body_start[doc_id]:] for doc_id, text in full.items()}
    dates = {d.doc_id: d.date or header_date(d.text) for d in gold.docs}
    preds: dict[str, list[Attribution]] = {}
    broken = 0

    def keep(doc_id: str, quotes: Iterable[Any]) -> None:
        nonlocal broken
        records = [attribution_from_record(shift_offsets(q.to_dict(), body_start[doc_id]), full[doc_id]) for q in quotes]
        preds[doc_id] = [r for r in records if r is not None]
        broken += len(records) - len(preds[doc_id])

    try:
        for doc_id, quotes in extract_docs([_item(i, t, dates[i]) for i, t in texts.items()], nlp=nlp,
                                           notes=gold.warnings):
            keep(doc_id, quotes)
    except Exception:  # noqa: BLE001 -- any extractor bug must cost one article, not the run
        pass
    failed = []
    for doc_id, text in texts.items():
        if doc_id in preds:
            continue
        try:
            for _, quotes in extract_docs([_item(doc_id, text, dates[doc_id])], nlp=nlp):
                keep(doc_id, quotes)
        except Exception:  # noqa: BLE001
            failed.append(doc_id)
            preds[doc_id] = []
    if broken:
        gold.warnings.append(f"extractor: dropped {broken} quote(s) whose offsets do not cut out their text")
    return join_story_persons(gold, preds, nlp), failed


def join_story_persons(gold: GoldSet, preds: dict[str, list[Attribution]], nlp: Any) -> dict[str, list[Attribution]]:
    """Persons and companies outside the registry joined across the articles of each story
    as a run joins them in the store (``Store.join_surnames``: "Rabie" and "Osama Rabei" in
    one article, "Osama Rabie" in another; "Varnel Kisen" and "Varnel Kisen Kaisha"), so a
    story is scored as ``audit run`` would report it. Articles of no story (seed, brat) are
    left as extracted. Then descriptions no article names a holder for take the story's one
    holder so described (``Store.join_descriptions``)."""
    from audit.eval.speakers import pipeline_registry
    from audit.speakers import organisation_joins, surname_joins

    stories: dict[str, list[str]] = {}
    for doc in gold.docs:
        if doc.story:
            stories.setdefault(doc.story, []).append(doc.doc_id)
    if not stories:
        return preds
    registry = {sp.speaker_id for sp in pipeline_registry(nlp)}
    for doc_ids in stories.values():
        for kinds, joined, kind in ((("person",), surname_joins, "person"),
                                    (("organisation", "person"), organisation_joins, "organisation")):
            found = [(p.speaker, p.speaker_name or "") for i in doc_ids for p in preds.get(i, ())
                     if p.speaker_kind in kinds and p.speaker and p.speaker not in registry]
            joins = joined(found)
            for i in doc_ids:
                preds[i] = [replace(p, speaker=joins[p.speaker][0], speaker_name=joins[p.speaker][1], speaker_kind=kind)
                            if p.speaker_kind in kinds and p.speaker in joins else p for p in preds.get(i, ())]
        _join_descriptions([d for d in gold.docs if d.story and d.doc_id in doc_ids], preds)
    return preds


def _join_descriptions(docs: Sequence[GoldDoc], preds: dict[str, list[Attribution]]) -> None:
    """``Store.join_descriptions`` over one story's predictions, in place."""
    from audit.speakers import DescribedQuote, description_joins

    quotes = [DescribedQuote(f"{k}:{doc.doc_id}", p.speaker, p.speaker_name, p.speaker_kind, p.speaker_description,
                             doc.date or header_date(doc.text))
              for doc in docs for k, p in enumerate(preds.get(doc.doc_id, ()))]
    joins = description_joins(quotes)
    for doc in docs:
        preds[doc.doc_id] = [replace(p, speaker=who[0], speaker_name=who[1], speaker_kind=who[2])
                             if (who := joins.get(f"{k}:{doc.doc_id}")) is not None else p
                             for k, p in enumerate(preds.get(doc.doc_id, ()))]


def shift_offsets(record: dict[str, Any], by: int) -> dict[str, Any]:
    """A quote record with every offset moved ``by`` characters: from the stored body
    of an article to its whole file (header lines included)."""
    if by:
        for key in OFFSET_FIELDS:
            if record.get(key) is not None:
                record[key] += by
    return record


def _item(doc_id: str, text: str, day: date | None) -> tuple:
    """An ``extract_docs`` item: with the date when the gold gives one."""
    return (doc_id, text) if day is None else (doc_id, text, day)


def evaluate(
    gold_paths: Iterable[Path],
    nlp: Any = None,
    pred: Path | None = None,
    limit: int | None = None,
) -> EvalReport:
    """Load gold, get predictions (from ``pred`` jsonl, else by running ``nlp``, else
    the default pipeline) and score them."""
    gold = load_gold(gold_paths, limit=limit)
    if not gold.docs:
        raise EvalError("no gold documents found")
    if pred is not None:
        return score(gold, load_predictions(Path(pred), gold))
    if nlp is None:
        from audit.extract import load_pipeline

        nlp = load_pipeline()
    preds, failed = predict(gold, nlp)
    return score(gold, preds, failed)


# --------------------------------------------------------------------------- output


FAILED_SHOWN = 5
"""How many failed articles the table output names (``--json`` lists all)."""


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def render(report: EvalReport, as_json: bool = False) -> str:
    """The report as rich tables (for people) or indented JSON (for scripts)."""
    if as_json:
        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=100, force_terminal=False, color_system=None)
    console.print(f"{report.docs} articles, {report.gold} gold quotes, {report.pred} predicted")
    table = Table(title="Quote content (one-to-one, character Jaccard)")
    for column in ("overlap >=", "matched", "precision", "recall", "F1"):
        table.add_column(column, justify="right")
    for c in report.content:
        table.add_row(f"{c.overlap:g}", str(c.matched), _pct(c.precision), _pct(c.recall), _pct(c.f1))
    console.print(table)
    table = Table(title=f"On matched quotes (overlap >= {ATTRIBUTE_OVERLAP:g})")
    for column in ("attribute", "correct", "judged", "accuracy"):
        table.add_column(column, justify="right")
    for name, acc in report.attributes.items():
        if acc.total:
            table.add_row(name, str(acc.correct), str(acc.total), _pct(acc.value))
    console.print(table)
    if report.speakers:
        table = Table(title="Speakers (gold speaker: right / judged, taken for)")
        for column in ("speaker", "correct", "judged", "accuracy", "taken for"):
            table.add_column(column, justify="right")
        for gold_id, preds in sorted(report.speakers.items()):
            total = sum(preds.values())
            wrong = ", ".join(f"{p or 'none'} {n}" for p, n in preds.most_common() if p != gold_id)
            table.add_row(gold_id, str(preds[gold_id]), str(total), _pct(preds[gold_id] / total), wrong or "-")
        console.print(table)
    if report.forms:
        table = Table(title="Speaker accuracy per gold mention form")
        for column in ("form", "correct", "judged", "accuracy"):
            table.add_column(column, justify="right")
        for form, acc in sorted(report.forms.items()):
            table.add_row(form, str(acc.correct), str(acc.total), _pct(acc.value))
        console.print(table)
    split = {gold: ids for gold, ids in sorted(report.splits.items()) if len(ids) > 1}
    if report.splits:
        console.print(f"speakers split under several ids: {len(split)} of {len(report.splits)}", markup=False,
                      highlight=False)
    for gold_id, ids in split.items():
        console.print(f"  {gold_id}: " + ", ".join(f"{i} {n}" for i, n in ids.most_common()), markup=False,
                      highlight=False)
    if report.kinds:
        gold_kinds = any(k.gold for k in report.kinds)  # brat gold has none: show predictions only
        table = Table(title="Per kind" if gold_kinds else "Per predicted kind (gold has no kinds)")
        gold_columns = ("gold", "found", "recall") if gold_kinds else ()
        for column in ("kind", *gold_columns, "predicted", "correct", "precision"):
            table.add_column(column, justify="right")
        for k in report.kinds:
            gold_cells = (str(k.gold), str(k.found), _pct(k.recall)) if gold_kinds else ()
            table.add_row(k.kind, *gold_cells, str(k.pred), str(k.correct), _pct(k.precision))
        console.print(table)
    if report.failed:
        console.print(
            f"extraction failed on {len(report.failed)} article(s): "
            + ", ".join(report.failed[:FAILED_SHOWN])
            + (" ..." if len(report.failed) > FAILED_SHOWN else ""),
            markup=False,
            highlight=False,
        )
    for warning in report.warnings:
        console.print(f"warning: {warning}", markup=False, highlight=False)
    return buffer.getvalue().rstrip()
