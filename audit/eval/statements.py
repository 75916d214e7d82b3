"""How well statements hold on real coverage: clustering quality against renderings with
known statements, and whether the problems the gold records (misattributions, figures that
disagree, altered words, vague credits) are flagged on the rendering that made them
(:mod:`audit.eval.findings`, one table for both inputs).

Two inputs, one set of metrics (:func:`cluster_metrics`):

* a renderings file in the shape of ``crossoutlet/renderings.jsonl`` (one JSON object per
  printed quotation: ``outlet``, ``date``, ``url``, ``mention``, ``kind``, ``text``,
  ``statement``, ``also_statements``, ``drift``, optionally ``attribution`` and
  ``numeric_conflict``): :func:`evaluate_renderings` stores them as quotes (one article
  per outlet and url; the mention resolved to a speaker by the registry, as extraction
  would), then matches (lexical, then semantic) and scores;
* articles with gold offsets (``texts/`` with ``gold.jsonl``): :func:`evaluate_articles`
  runs the whole pipeline on the articles and aligns extracted quotes with gold ones by
  overlap, so extraction misses count against recall.

Pairwise precision: of pairs of quotes put in one statement, the share whose gold
statements intersect (``also_statements`` are acceptable too); recall: of pairs sharing
their ``statement``, the share put together. B-cubed F1 as in Bagga & Baldwin (1998).
Per drift class, a pair counts in the class of its looser rendering.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from audit.eval.findings import FindingsReport, gold_problems, judge_findings
from audit.eval.misses import MissReport
from audit.gold import DRIFT_CLASSES, StatementEvalError, looser_drift, read_jsonl

ACROSS_OUTLETS = "across outlets"
"""The row of pairs whose two renderings come from different outlets: what linking is for
(two quotes of one article are mostly told apart by the extractor already)."""

ALIGN_MIN_OVERLAP = 0.5
"""An extracted quote stands for a gold one when their spans overlap by this share of the
shorter (extraction often trims or extends a quotation by a few words)."""


@dataclass(slots=True)
class Scores:
    """Pairwise and B-cubed figures for one set of items."""

    items: int = 0
    pairs_true: float = 0
    pairs_predicted: float = 0
    pairs_correct: float = 0
    found: float = 0
    b3_precision: float = 0.0
    b3_recall: float = 0.0

    @property
    def precision(self) -> float | None:
        return self.pairs_correct / self.pairs_predicted if self.pairs_predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.pairs_true if self.pairs_true else None

    @property
    def b3_f1(self) -> float | None:
        p, r = self.b3_precision, self.b3_recall
        return 2 * p * r / (p + r) if self.items and p + r else None

    def as_dict(self) -> dict[str, Any]:
        r3 = lambda v: None if v is None else round(v, 3)  # noqa: E731
        return {"items": self.items, "pairs_true": self.pairs_true, "pairs_predicted": self.pairs_predicted,
                "precision": r3(self.precision), "recall": r3(self.recall), "b3_f1": r3(self.b3_f1)}


@dataclass(slots=True)
class StatementReport:
    """Everything one evaluation measured."""

    source: str
    overall: Scores
    by_drift: dict[str, Scores]
    aligned: tuple[int, int] | None = None
    """(gold quotes found by extraction, gold quotes) for articles; None for renderings."""
    semantic: bool = True
    notes: list[str] = field(default_factory=list)
    findings: FindingsReport | None = None
    """Findings judged against the recorded problems (articles with gold offsets only)."""
    misses: MissReport | None = None
    """Where each recorded problem is lost (``--misses``; articles with gold offsets only)."""

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "semantic": self.semantic, "overall": self.overall.as_dict(),
                "by_drift": {k: v.as_dict() for k, v in self.by_drift.items()},
                "aligned": None if self.aligned is None else list(self.aligned),
                "findings": None if self.findings is None else self.findings.as_dict(),
                **({} if self.misses is None else {"misses": self.misses.as_dict()})}

    def lines(self) -> list[str]:
        """A plain-text table for the terminal."""
        f = lambda v: "   -" if v is None else f"{v:.3f}"  # noqa: E731
        out = [f"{self.source} (semantic stage {'on' if self.semantic else 'off'})"]
        if self.aligned is not None:
            out.append(f"gold quotes found by extraction: {self.aligned[0]} of {self.aligned[1]}")
        out.append(f"{'class':<11} {'items':>5} {'true pairs':>10} {'precision':>9} {'recall':>6} {'B3 F1':>6}")
        for name, s in [("overall", self.overall), *self.by_drift.items()]:
            out.append(f"{name:<11} {s.items:>5} {s.pairs_true:>10} {f(s.precision):>9} {f(s.recall):>6} {f(s.b3_f1):>6}")
        if self.findings is not None:
            out.extend(self.findings.lines())
        if self.misses is not None:
            out.extend(self.misses.lines())
        return out + self.notes


@dataclass(slots=True)
class _Item:
    quote_id: str
    gold: str
    acceptable: frozenset[str]
    drift: str
    outlet: str
    problems: frozenset[str] = frozenset()
    """The outlet's recorded problems in this rendering (:func:`audit.eval.findings.gold_problems`)."""


def cluster_metrics(
    items: list[_Item], predicted: dict[str, str | None], focus: frozenset[str] | None = None
) -> tuple[Scores, dict[str, Scores]]:
    """Pairwise and B-cubed scores, overall and per drift class. ``predicted`` maps a
    quote id to its statement (None: not matched, a statement of its own). With
    ``focus`` (gold statement ids), only pairs with a member of those statements count,
    (a pair with one member outside them as half a pair), and B-cubed averages over
    those members: the held-out part of a run over all renderings (``python -m
    audit.eval.fit --statements``)."""
    pred = [predicted.get(it.quote_id) or f"_alone_{it.quote_id}" for it in items]
    inside = [focus is None or it.gold in focus for it in items]
    overall = Scores(items=sum(inside))
    across = Scores(items=overall.items)
    by = {d: Scores() for d in DRIFT_CLASSES}
    for a in range(len(items)):
        for b in range(a + 1, len(items)):
            if not (inside[a] or inside[b]):
                continue
            # A pair with one member outside counts half: the other half is counted with
            # the focus that holds its other member, so folds add up to each pair once.
            w = 1 if inside[a] and inside[b] else 0.5
            x, y = items[a], items[b]
            cls = looser_drift(x.drift, y.drift)
            same_gold = x.gold == y.gold
            ok = bool(x.acceptable & y.acceptable)
            together = pred[a] == pred[b]
            for s in (overall, by.get(cls), across if x.outlet != y.outlet else None):
                if s is None:
                    continue
                s.pairs_true += w * same_gold
                s.found += w * (same_gold and together)
                s.pairs_predicted += w * together
                s.pairs_correct += w * (together and ok)
    members: dict[str, list[int]] = defaultdict(list)
    gold_members: dict[str, list[int]] = defaultdict(list)
    for k, (it, p) in enumerate(zip(items, pred)):
        members[p].append(k)
        gold_members[it.gold].append(k)
    for k, it in enumerate(items):
        if not inside[k]:
            continue
        mine = members[pred[k]]
        precision = sum(bool(items[j].acceptable & it.acceptable) for j in mine) / len(mine)
        recall = sum(pred[j] == pred[k] for j in gold_members[it.gold]) / len(gold_members[it.gold])
        for s in (overall, by.get(it.drift)):
            if s is None:
                continue
            if s is not overall:
                s.items += 1
            s.b3_precision += precision
            s.b3_recall += recall
    for s in (overall, *by.values()):
        if s.items:
            s.b3_precision /= s.items
            s.b3_recall /= s.items
    return overall, {**{d: s for d, s in by.items() if s.items}, ACROSS_OUTLETS: across}


def _item(quote_id: str, rec: dict[str, Any]) -> _Item:
    return _Item(
        quote_id=quote_id,
        gold=rec["statement"],
        acceptable=frozenset([rec["statement"], *(rec.get("also_statements") or [])]),
        drift=rec.get("drift") or "exact",
        outlet=rec["outlet"],
        problems=gold_problems(rec),
    )


def _match_and_score(store: Any, semantic: bool, window_days: int | None) -> Any:
    from audit.config import reference_dir
    from audit.link import link
    from audit.match import match
    from audit.score import score
    from audit.score.verified import load_verified

    match(store)
    if semantic:
        link(store, window_days=window_days)
    return score(store, verified=load_verified(reference_dir()))


def _predicted(store: Any) -> dict[str, str | None]:
    return dict(store.con.execute("SELECT quote_id, statement_id FROM statement_quotes").fetchall())


def evaluate_renderings(
    path: Path, *, semantic: bool = True, window_days: int | None = None, db: Path | None = None,
    focus: frozenset[str] | None = None,
) -> StatementReport:
    """Store the renderings of ``path`` as quotes, match and score them, and measure
    (only pairs touching the ``focus`` statements, when given: see :func:`cluster_metrics`)."""
    from audit.config import reference_dir
    from audit.model import Article, Quote
    from audit.reference import SPEAKERS_FILE
    from audit.speakers import Registry
    from audit.store import Store

    records = read_jsonl(path)
    registry = Registry.load(reference_dir() / SPEAKERS_FILE)
    articles: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        articles[(rec["outlet"], rec.get("url") or rec["outlet"])].append(rec)
    items: list[_Item] = []
    with tempfile.TemporaryDirectory() as tmp, Store(db or Path(tmp) / "renderings.duckdb") as store:
        store.load_registry(registry)
        for (outlet, url), recs in sorted(articles.items()):
            body, quotes, pos = [], [], 0
            for rec in recs:
                text = rec["text"]
                speaker = registry.resolve(rec.get("mention") or "") if rec.get("mention") else None
                quotes.append(Quote(start=pos, end=pos + len(text), text=text, kind=rec["kind"],
                                    speaker=speaker.name if speaker else rec.get("mention"),
                                    speaker_id=speaker.speaker_id if speaker else None,
                                    speaker_kind=speaker.kind if speaker else "unknown", mention=rec.get("mention")))
                body.append(text)
                pos += len(text) + 2
            day = date.fromisoformat(recs[0]["date"][:10]) if recs[0].get("date") else None
            article = Article(text="\n\n".join(body), source=url, outlet=outlet, published=day, url=url)
            store.add_article(article, quotes)
            ids = [r[0] for r in store.con.execute(
                "SELECT quote_id FROM quotes WHERE article_id = ? ORDER BY start", [article.article_id]).fetchall()]
            items.extend(_item(qid, rec) for qid, rec in zip(ids, recs))
        scores = _match_and_score(store, semantic, window_days)
        overall, by = cluster_metrics(items, _predicted(store), focus)
        findings = judge_findings(scores.conflicts, {it.quote_id: it.problems for it in items}, records)
    return StatementReport(str(path), overall, by, semantic=semantic, findings=findings)


def evaluate_articles(
    folder: Path, *, semantic: bool = True, window_days: int | None = None, db: Path | None = None,
    misses: bool = False,
) -> StatementReport:
    """Run the pipeline on the articles of ``folder`` (gold in ``folder/gold.jsonl``,
    offsets into each file) and measure statements over the extracted quotes aligned with
    gold ones; with ``misses``, also where each recorded problem is lost
    (:mod:`audit.eval.misses`)."""
    from audit.config import reference_dir
    from audit.eval.misses import diagnose
    from audit.extract import load_pipeline
    from audit.gold import STORY_SPEAKERS, gold_article, load_story_speakers
    from audit.load import ingest
    from audit.reference import SPEAKERS_FILE
    from audit.speakers import Registry
    from audit.store import Store

    gold_path = folder / "gold.jsonl"
    if not gold_path.is_file():
        raise StatementEvalError(f"{folder}: no gold.jsonl beside the articles")
    gold = read_jsonl(gold_path)
    files = sorted({g["file"] for g in gold if g.get("file")})
    missing = [f for f in files if not gold_article(folder, f).is_file()]
    if missing:
        raise StatementEvalError(f"{folder}: gold names missing files: {', '.join(missing[:3])}")
    registry = Registry.load(reference_dir() / SPEAKERS_FILE)
    nlp = load_pipeline(registry=registry)
    with tempfile.TemporaryDirectory() as tmp, Store(db or Path(tmp) / "articles.duckdb") as store:
        store.load_registry(registry)
        ingest([gold_article(folder, f) for f in files], store, nlp=nlp)
        scores = _match_and_score(store, semantic, window_days)
        rows = store.con.execute('SELECT quote_id, article_id, start, "end" FROM quotes').fetchall()
        aligned = _aligned(gold, _in_files(rows, {f: gold_article(folder, f) for f in files}))
        items = [_item(qid, gold[k]) for k, qid in sorted(aligned.items(), key=lambda kv: kv[1])]
        overall, by = cluster_metrics(items, _predicted(store))
        findings = judge_findings(scores.conflicts, {it.quote_id: it.problems for it in items}, gold)
    lost = None
    if misses:
        speakers = load_story_speakers(folder / STORY_SPEAKERS, [])
        lost = diagnose(gold, aligned, scores.quotes, scores.conflicts, speakers.gold_id)
    return StatementReport(str(folder), overall, by, aligned=(len(items), len(gold)), semantic=semantic,
                           findings=findings, misses=lost)


def _in_files(rows: Iterable[tuple[str, str, int, int]], files: dict[str, Path]) -> dict[str, list[tuple[str, int, int]]]:
    """Stored quotes ``(quote_id, article_id, start, end)`` by the gold's file name, with
    offsets into the whole file. The store holds each file's body (its header lines are
    metadata, ``audit.ingest.header``) under the article's URL when the header gives one,
    so each file is read again to learn its article and where its body starts."""
    from audit.ingest import iter_articles
    from audit.ingest.header import split_header
    from audit.model import Article

    where: dict[str, tuple[str, int]] = {}
    for name, path in files.items():
        for article in iter_articles([path]):
            if isinstance(article, Article):
                where[article.article_id] = (name, split_header(path.read_text(encoding="utf-8"))[1])
    by_file: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for qid, article_id, start, end in rows:
        if article_id in where:
            name, shift = where[article_id]
            by_file[name].append((qid, start + shift, end + shift))
    return by_file


def _aligned(gold: list[dict[str, Any]], by_file: dict[str, list[tuple[str, int, int]]]) -> dict[int, str]:
    """Each gold quotation's (by index) best-overlapping extracted quote (one extracted
    quote stands for at most one gold quotation: the one it overlaps most). A gold
    quotation with exactly the extracted span comes first: a quoted word inside a reported
    clause ("... at a 'dangerous' warehouse ...") is covered wholly by both gold records,
    and stands for the one that is that word, not for the clause around it."""
    best: dict[str, tuple[float, bool, int]] = {}
    for k, g in enumerate(gold):
        for qid, start, end in by_file.get(g["file"], []):
            inter = min(end, g["end"]) - max(start, g["start"])
            shorter = min(end - start, g["end"] - g["start"])
            share = inter / shorter if shorter > 0 else 0.0
            same = (start, end) == (g["start"], g["end"])
            if share >= ALIGN_MIN_OVERLAP and (share, same) > best.get(qid, (0.0, False, -1))[:2]:
                best[qid] = (share, same, k)
    taken: dict[int, tuple[float, bool, str]] = {}
    for qid, (share, same, k) in best.items():
        if (share, same) > taken.get(k, (0.0, False, ""))[:2]:
            taken[k] = (share, same, qid)
    return {k: qid for k, (_, _, qid) in taken.items()}
