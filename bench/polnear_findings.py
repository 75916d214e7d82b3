"""Precision of findings and of cross-outlet joins on PolNeAR, judged by hand (issue 23).

    python bench/polnear_findings.py                  # match, score, report against the labels
    python bench/polnear_findings.py --sheet /tmp/s.txt --findings 60 --joins 60 --seed 23
                                                      # also write a sheet of items to judge

The target of issue 23: on general coverage, at least 80 % of *confirmed* findings and 90 %
of cross-outlet joins right. PolNeAR (train and dev, 924 articles of 2015-16 US election
coverage by seven publishers; ``bench/polnear_links.py``, whose cached store this reuses)
was never fitted on. The script matches a copy of the store (lexical matcher and semantic
stage), scores it (``audit.score``), and prints

* findings (rows of the ``conflicts`` report) right / judged, per status and per kind;
* cross-outlet joins (two quotes of different outlets in one statement) right / judged, per
  stage that put them together and per length of the shorter text;

from the labels in ``bench/labels/polnear_findings.tsv`` and ``polnear_joins.tsv``. Labels
are found by hashes, never by corpus text: each rendering is keyed by the hash of its text
(``audit.link.embed.text_hash``) and the first 16 digits of its article's id (itself a
hash of the outlet and the article's text), and ``#n`` for the n-th repeat of that text in
one article, since one short text (a two-word label) recurs in many articles, sometimes twice in
one, and is right in some statements and wrong in others; a finding by its kind
and its deviating and reference renderings, a join by its two renderings. Items of this
run that no label covers are counted as unlabelled, so a later change shows how much of
its output is still unjudged.

``--sheet`` writes a random sample (fixed ``--seed``) to judge: findings stratified so at
least half are ``confirmed`` when that many exist, joins half lexical and half semantic
(``--by-length``: evenly from each stage and length band, since long joins are rare),
uniform within each cell. Items already labelled show their label, so a later sheet needs
only its new items judged. The cells are sampled unevenly, so the overall join figure is
each (stage, length) cell's precision weighted by its share of all cross-outlet pairs.
The sheet holds the outlets' text: write it outside the repository.

A join is right when both quotes render the same claim by the same speaker. A finding is
right when the blamed outlet really misquotes, misattributes or misstates a figure
relative to the other rendering(s) shown, both being the same statement of the same
speaker; a finding built on a wrong join is wrong.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from polnear_links import common_args, ensure_store, matched

from audit.config import reference_dir
from audit.link.embed import text_hash
from audit.score import score
from audit.score.verified import load_verified
from audit.terminal import clean

LABELS = Path(__file__).parent / "labels"
FINDING_LABELS = LABELS / "polnear_findings.tsv"
JOIN_LABELS = LABELS / "polnear_joins.tsv"

LENGTH_BANDS = ((4, "<=4 words"), (9, "5-9 words"), (None, "10+ words"))
"""Bands of the shorter text's length in words: fragments of a few words are where joins
by containment or by meaning are least sure."""

TAB = "\t"
"""Separator of a label key's columns on the sheet (a name: Python 3.11 f-strings take no backslash)."""

CONTEXT = 160
"""Characters of article text shown either side of a quote on the sheet (who said it)."""

_QUOTES = """
SELECT q.quote_id, q.article_id, a.outlet, a.published, a.text AS article, q.start, q."end", q.text, q.kind,
       q.mention, coalesce(sp.name, q.speaker_id) AS speaker, sq.statement_id, sq.variant, sq.similarity
FROM quotes q JOIN articles a USING (article_id)
LEFT JOIN speakers sp USING (speaker_id)
LEFT JOIN statement_quotes sq USING (quote_id)
"""


@dataclass(frozen=True, slots=True)
class Join:
    """Two quotes of different outlets in one statement, and the stage that joined them:
    ``semantic`` when either was moved in by the semantic stage (variant ``paraphrase``),
    else ``lexical``."""

    a: dict[str, Any]
    b: dict[str, Any]

    @property
    def stage(self) -> str:
        return "semantic" if "paraphrase" in (self.a["variant"], self.b["variant"]) else "lexical"

    @property
    def key(self) -> tuple[str, str]:
        return tuple(sorted((self.a["side"], self.b["side"])))  # type: ignore[return-value]

    @property
    def band(self) -> str:
        return length_band(min(len(self.a["text"].split()), len(self.b["text"].split())))


def length_band(words: int) -> str:
    """The ``LENGTH_BANDS`` label of a text of ``words`` words."""
    return next(label for top, label in LENGTH_BANDS if top is None or words <= top)


def add_sides(quotes: dict[str, dict[str, Any]]) -> None:
    """Give every rendering its label key ``side``: its text's hash ``@`` its article's, and
    ``#n`` for the n-th earlier rendering of the same text in that article (module docstring)."""
    seen: Counter[str] = Counter()
    for q in sorted(quotes.values(), key=lambda q: (q["article_id"], q["start"], q["quote_id"])):
        key = f"{text_hash(q['text'])}@{q['article_id'][:16]}"
        q["side"] = key + (f"#{seen[key]}" if seen[key] else "")
        seen[key] += 1


def finding_key(row: dict[str, Any], quotes: dict[str, dict[str, Any]]) -> tuple[str, str, str]:
    """(kind, deviating rendering, reference rendering) as ``side`` keys: a disputed
    finding names no deviating rendering, so its sides are the sorted keys of every
    rendering it lists, joined by ``+``."""
    def h(qid: str | None) -> str:
        return quotes[qid]["side"] if qid and qid in quotes else "-"

    if row["deviating_quote_id"]:
        return row["kind"], h(row["deviating_quote_id"]), h(row["reference_quote_id"])
    return row["kind"], "-", "+".join(sorted({h(q) for q in row["quote_ids"] or []}))


def cross_outlet_joins(quotes: dict[str, dict[str, Any]]) -> list[Join]:
    """Every pair of quotes of different outlets in one statement (one pair per two quotes,
    so a statement printed by many outlets weighs as many pairs as it holds)."""
    by_statement: dict[str, list[dict[str, Any]]] = {}
    for q in quotes.values():
        if q["statement_id"]:
            by_statement.setdefault(q["statement_id"], []).append(q)
    joins = []
    for sid in sorted(by_statement):
        members = sorted(by_statement[sid], key=lambda q: q["quote_id"])
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a["outlet"] != b["outlet"]:
                    joins.append(Join(a, b))
    return joins


def read_labels(path: Path, width: int) -> dict[tuple[str, ...], str]:
    """Key (the first ``width`` columns) -> label (``1``/``0``) of a labels file."""
    if not path.exists():
        return {}
    out = {}
    for row in csv.reader(path.open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row and not row[0].startswith("#") and row[0] not in ("kind", "side_a"):
            out[tuple(row[:width])] = row[width]
    return out


def tally(labels: list[str | None]) -> str:
    """``right/judged`` (share) and how many are unlabelled, of one group's items' labels."""
    judged = [label for label in labels if label is not None]
    right = sum(label == "1" for label in judged)
    share = f" ({right / len(judged):.0%})" if judged else ""
    return f"{right}/{len(judged)}{share}, unlabelled {len(labels) - len(judged)}"


def report(title: str, groups: dict[str, list[str | None]]) -> None:
    """One line per group: right / judged and the unlabelled."""
    print(title)
    for name, labels in groups.items():
        print(f"  {name:<24} {tally(labels)}")


def quote_block(q: dict[str, Any], role: str) -> str:
    """One rendering on the sheet: outlet, date, credit, the text and the article around it."""
    art, s, e = q["article"], q["start"], q["end"]
    around = clean(art[max(0, s - CONTEXT):s]) + " [[" + clean(art[s:e]) + "]] " + clean(art[e:e + CONTEXT])
    return (f"  {role}: {q['outlet']} {q['published']} | speaker={q['speaker']!s} mention={q['mention']!s} "
            f"kind={q['kind']} variant={q['variant']} sim={q['similarity']} key={q['side']}\n"
            f"    TEXT: {clean(q['text'])}\n    CONTEXT: {around}")


def write_sheet(path: Path, findings: list[dict[str, Any]], joins: list[Join], quotes: dict[str, dict[str, Any]],
                finding_labels: dict[tuple[str, ...], str], join_labels: dict[tuple[str, ...], str]) -> None:
    """The sampled items with everything a judge reads (outlets' text: keep it out of the repo);
    an item already judged shows its label, so only the new ones need reading."""
    with path.open("w", encoding="utf-8") as f:
        for k, c in enumerate(findings, 1):
            key = finding_key(c, quotes)
            f.write(f"=== F{k} {c['kind']} {c['status']} label={finding_labels.get(key, '?')} "
                    f"conf={c['confidence']:.2f} against={c['against']} "
                    f"key={TAB.join(key)}\n  MESSAGE: {clean(c['message'])}\n  EVIDENCE: {clean(c['evidence'])}\n"
                    f"  expected={clean(c['expected'])} found={clean(c['found'])}\n")
            shown = {c["deviating_quote_id"], c["reference_quote_id"]}
            for role, qid in (("DEVIATING", c["deviating_quote_id"]), ("REFERENCE", c["reference_quote_id"])):
                if qid in quotes:
                    f.write(quote_block(quotes[qid], role) + "\n")
            for qid in c["quote_ids"] or []:
                if qid not in shown and qid in quotes:
                    f.write(quote_block(quotes[qid], "OTHER") + "\n")
        for k, j in enumerate(joins, 1):
            f.write(f"=== J{k} {j.stage} {j.band} label={join_labels.get(j.key, '?')} key={TAB.join(j.key)}\n"
                    f"{quote_block(j.a, 'A')}\n{quote_block(j.b, 'B')}\n")


def sample_findings(rows: list[dict[str, Any]], n: int, rng: random.Random) -> list[dict[str, Any]]:
    """``n`` findings at random, at least half of them confirmed when that many exist."""
    confirmed = [r for r in rows if r["status"] == "confirmed"]
    review = [r for r in rows if r["status"] != "confirmed"]
    pick = rng.sample(confirmed, min(len(confirmed), max(n // 2, n - len(review))))
    return pick + rng.sample(review, min(len(review), n - len(pick)))


def sample_joins(joins: list[Join], n: int, rng: random.Random, by_length: bool) -> list[Join]:
    """``n`` joins at random, as many from each stage (and, with ``by_length``, from each
    length band within it) as that cell holds up to an equal share; uniform within a cell."""
    cells: dict[tuple[str, ...], list[Join]] = {}
    for j in joins:
        cells.setdefault((j.stage, j.band) if by_length else (j.stage,), []).append(j)
    pick: list[Join] = []
    for k, cell in enumerate(sorted(cells, reverse=True)):  # semantic first: the order seed 23 was judged in
        want = (n - len(pick)) // (len(cells) - k)
        pick += rng.sample(cells[cell], min(len(cells[cell]), want))
    return pick


def estimate(cells: dict[tuple[str, str], list[str | None]]) -> str:
    """Share of *all* cross-outlet pairs that are right: each (stage, length band) cell's
    judged precision weighted by the cell's share of pairs (its labels, one per pair), since
    the sheets sample the cells unevenly. Cells with no judged pair are named, not guessed."""
    total = sum(len(got) for got in cells.values())
    right, covered, missing = 0.0, 0.0, []
    for cell, got in sorted(cells.items()):
        judged = [x for x in got if x is not None]
        if judged:
            share = len(got) / total
            right += share * sum(x == "1" for x in judged) / len(judged)
            covered += share
        else:
            missing.append(f"{cell[0]} {cell[1]} ({len(got)} pairs)")
    gaps = f"; cells with no judged pair: {', '.join(missing)}" if missing else ""
    return f"{right / max(covered, 1e-9):.0%} of the {covered:.0%} of pairs in judged cells{gaps}"


def main(argv: list[str] | None = None) -> None:
    parser = common_args(__doc__.splitlines()[0])
    parser.add_argument("--sheet", type=Path, help="write a sample to judge here (outside the repository)")
    parser.add_argument("--findings", type=int, default=60, help="findings on the sheet")
    parser.add_argument("--joins", type=int, default=60, help="joins on the sheet")
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--by-length", action="store_true",
                        help="draw the sheet's joins evenly from each length band too (the long ones are rare)")
    args = parser.parse_args(argv)
    ensure_store(args.polnear, args.store)
    with matched(args.store) as (db, stats):
        con = duckdb.connect(str(db))
        conflicts = score(con, verified=load_verified(reference_dir())).conflicts
        quotes = {q["quote_id"]: q for q in con.sql(_QUOTES).pl().iter_rows(named=True)}
        add_sides(quotes)
        con.close()
    print(f"quotes {stats['quotes']:,}, statements {stats['statements']:,}, findings {conflicts.height:,} "
          f"({dict(sorted(Counter(conflicts['status']).items()))})")
    rows = list(conflicts.filter(pl.col("kind").is_not_null()).iter_rows(named=True))
    joins = cross_outlet_joins(quotes)

    finding_labels = read_labels(FINDING_LABELS, 3)
    per_status: dict[str, list[str | None]] = {}
    per_kind: dict[str, list[str | None]] = {}
    for r in rows:
        label = finding_labels.get(finding_key(r, quotes))
        per_status.setdefault(r["status"], []).append(label)
        per_kind.setdefault(f"{r['kind']} ({r['status']})", []).append(label)
    report("findings right / judged, per status:", dict(sorted(per_status.items())))
    report("findings right / judged, per kind:", dict(sorted(per_kind.items())))

    join_labels = read_labels(JOIN_LABELS, 2)
    per_stage: dict[str, list[str | None]] = {}
    per_band: dict[str, list[str | None]] = {label: [] for _, label in LENGTH_BANDS}
    per_cell: dict[tuple[str, str], list[str | None]] = {}
    for j in joins:
        label = join_labels.get(j.key)
        per_stage.setdefault(j.stage, []).append(label)
        per_band[j.band].append(label)
        per_cell.setdefault((j.stage, j.band), []).append(label)
    shares = {s: len(v) / max(len(joins), 1) for s, v in per_stage.items()}
    report(f"cross-outlet joins right / judged ({len(joins):,} pairs; share by stage "
           f"{', '.join(f'{s} {v:.0%}' for s, v in sorted(shares.items()))}), per stage:", dict(sorted(per_stage.items())))
    report("cross-outlet joins right / judged, per length of the shorter text:", per_band)
    report("cross-outlet joins right / judged, per stage and length:",
           {f"{stage} {band}": per_cell[stage, band] for stage, band in sorted(per_cell)})
    print(f"cross-outlet joins right, estimated over all pairs (cell precision weighted by cell size): "
          f"{estimate(per_cell)}")

    if args.sheet:
        rng = random.Random(args.seed)
        write_sheet(args.sheet, sample_findings(rows, args.findings, rng),
                    sample_joins(joins, args.joins, rng, args.by_length), quotes, finding_labels, join_labels)
        print(f"sheet to judge: {args.sheet}")


if __name__ == "__main__":
    main()
