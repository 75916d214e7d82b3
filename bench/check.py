"""Time ``audit check`` on a 2,000-word draft against a store of 100,000 statements.

    python bench/check.py                          # defaults: 100,000 statements, 2,000 words
    python bench/check.py --statements 20000 --words 1000 --runs 5
    python bench/check.py --eval                   # precision/recall on the test drafts instead
    python bench/check.py --real                   # ... and on real outlets' renderings (../shared/data)

``--eval`` runs every rule over the drafts written for the tests (``tests/check_corpus.py``:
110 correct drafts, one planted problem in each of 32 more) against the bundled reference
plus the tests' invented statements, and prints the precision and recall of error-level
findings per planted class, with every false error and every missed plant.

``--real`` reads ``../shared/data/crossoutlet/renderings.jsonl`` (196 real outlets'
renderings of the seed story's statements, labelled with their drift and attribution;
read for evaluation, never shipped) and checks each as a one-line draft crediting it as
the outlet did (``Mention said "words".``) against the bundled reference: an error is
expected exactly for a quoted rendering labelled ``altered`` of a statement in the
reference that is not a translation (all credits there are correct). Then each quoted
rendering of a reference statement is credited to a speaker who did not say it (the
next speaker of the registry): a misattribution is expected for each, and a stock
phrase is expected to escape (by design), so recall there shows what the specificity
gate gives up.

The store is synthetic but built the way ``audit.match`` builds it: statements with
their normalised text (``audit.lang.normalise``) and the roots' blocking grams
(``audit.match.block.grams_sql``), so ``audit.match.lookup`` sees a realistic index.
Statements are news-style clauses (speaker, claim, place, figure, time) with a few
words drawn from the bundled corpus, so neighbouring statements share many grams the
way real coverage does. The draft mixes plain prose with quotes of every kind the rules
judge: verbatim, altered (misquote), credited to the wrong speaker, with a changed
figure, unattributed, anonymous and unknown.

Printed: model load time (apart), then per run the wall and CPU time of ``check()`` (read, extract,
look up, rules, locate) next to the time of the bare spaCy pipeline on the same text
(the extraction floor, which dominates and depends on the machine's load), and the
medians; target: under 1 second.
"""

from __future__ import annotations

import argparse
import random
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit.check import check  # noqa: E402
from audit.check.locate import read_draft  # noqa: E402
from audit.config import Config, default_corpus_dir, default_corpus_files  # noqa: E402
from audit.match import META_SCHEME_KEY  # noqa: E402
from audit.match.block import GRAM_SCHEME, gram_params, grams_sql  # noqa: E402
from audit.lang.normalise import normalise_series  # noqa: E402
from audit.store import Store  # noqa: E402

TARGET_SECONDS = 1.0
SEED = 7

SPEAKERS = [f"speaker-{i:03d}" for i in range(300)]
NAMES = {sid: f"Official {chr(65 + i % 26)}{chr(65 + i // 26 % 26)} Number{i}" for i, sid in enumerate(SPEAKERS)}
SUBJECTS = ["Russian forces", "Ukrainian troops", "The army", "Our soldiers", "The enemy", "Western allies",
            "The government", "Commanders in the field", "Reserve units", "Artillery crews"]
CLAIMS = ["have recaptured", "are withdrawing from", "continue to shell", "are struggling to supply",
          "have lost control of", "are advancing towards", "are regrouping near", "have abandoned positions near"]
PLACES = ["Kharkiv", "Izium", "Kupiansk", "Balakliia", "Kherson", "Lyman", "Donetsk", "the Dnipro river",
          "Zaporizhzhia", "Bakhmut", "Sievierodonetsk", "Mariupol"]
FIGURES = ["3,000 square kilometres", "20 villages", "50 km", "400 tanks", "10,000 troops", "six brigades",
           "30 per cent of their artillery", "two bridges"]
TIMES = ["in the last 24 hours", "since Tuesday", "over the weekend", "this week", "in recent days", "overnight"]


def corpus_words() -> list[str]:
    words = set()
    for path in default_corpus_dir().glob("*.md"):
        words.update(w for w in re.findall(r"[A-Za-z]{4,}", path.read_text(encoding="utf-8")))
    return sorted(words)


def statement(rng: random.Random, vocab: list[str]) -> str:
    extra = " ".join(rng.sample(vocab, rng.randint(2, 6)))
    return (f"{rng.choice(SUBJECTS)} {rng.choice(CLAIMS)} {rng.choice(PLACES)} with {rng.choice(FIGURES)} "
            f"{rng.choice(TIMES)}, {extra}.")


def build_store(path: Path, n: int, rng: random.Random) -> pl.DataFrame:
    """Write ``n`` statements and their blocking index; return them."""
    vocab = corpus_words()
    texts = [statement(rng, vocab) for _ in range(n)]
    frame = pl.DataFrame(
        {
            "statement_id": [f"st_{i:07d}" for i in range(n)],
            "root_quote_id": [f"q{i:07d}:0" for i in range(n)],
            "text": texts,
            "norm": normalise_series(texts),
            "speaker_id": [rng.choice(SPEAKERS) for _ in range(n)],
            "n_quotes": [1] * n,
        }
    )
    with Store(path) as store:
        con = store.con
        con.register("bench_statements", frame.to_arrow())
        con.execute("INSERT INTO statements SELECT * FROM bench_statements")
        con.execute(f"INSERT INTO quote_grams {grams_sql('statements', key='root_quote_id')}", gram_params())
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [META_SCHEME_KEY, GRAM_SCHEME])
        con.executemany("INSERT INTO speakers VALUES (?, ?, 'person', NULL, NULL, 'reference')", list(NAMES.items()))
    return frame


FILLER = ("The fighting moved east as the week went on, and officials in several capitals watched the map "
          "change by the hour while aid convoys waited at the border for permission to cross.")


def draft_text(statements: pl.DataFrame, words: int, rng: random.Random) -> str:
    """A Markdown draft of about ``words`` words: prose paragraphs, each with a quote."""
    rows = statements.sample(n=200, seed=SEED).iter_rows(named=True)
    paragraphs = ["# Bench draft", ""]
    kinds = ["verbatim", "altered", "wrong-speaker", "figure", "unattributed", "anonymous", "unknown"]
    count = 0
    for i, row in enumerate(rows):
        if count >= words:
            break
        kind = kinds[i % len(kinds)]
        words_ = row["text"]
        name = NAMES[row["speaker_id"]]
        if kind == "altered":
            words_ = words_.replace(" with ", " along with ", 1)
        elif kind == "wrong-speaker":
            name = NAMES[rng.choice(SPEAKERS)]
        elif kind == "figure":
            words_ = re.sub(r"\d[\d,]*", "9,999", words_, count=1)
        elif kind == "unknown":
            words_ = "Nobody has ever said these exact words before in any public statement we know of."
        if kind == "unattributed":
            para = f'{FILLER} "{words_}"'
        elif kind == "anonymous":
            para = f'{FILLER} "{words_}" a senior official said.'
        else:
            para = f'{FILLER} {name} said: "{words_}"'
        paragraphs += [para, ""]
        count += len(para.split())
    return "\n".join(paragraphs)


def evaluate_corpus(store: bool = False) -> None:
    """Precision and recall of error-level findings on the tests' drafts; with ``store``,
    against a store built by `audit ingest` + `audit match` from the bundled corpus, first
    with the reference beside it, then alone (there only the planted drafts about the
    store's story count: the tests' invented speakers are in no store)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from check_corpus import correct_drafts, planted_drafts, reference

    from audit.check.reference import Reference
    from audit.extract import load_pipeline
    from audit.match import lookup

    nlp = load_pipeline()
    correct, planted = correct_drafts(), planted_drafts()
    if not store:
        _print_scores(nlp, correct, planted, None, "the bundled reference plus the tests' statements")
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "corpus.duckdb"
        # the corpus's articles, not its MANIFEST.md (a table of the corpus's own quotes, not coverage)
        for step in (["ingest", *map(str, default_corpus_files())], ["match"]):
            subprocess.run([sys.executable, "-m", "audit", "--isolated", *step, "--db", str(db)], check=True,
                           capture_output=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        base = reference()
        with Reference.load(None, db) as alone:
            both = Reference(base.statements, con=alone.con, registry=base.registry)
            _print_scores(nlp, correct, planted, both, f"a store of the bundled corpus ({default_corpus_dir().name}/) plus the reference")
            story = Reference(registry=base.registry, con=alone.con)
            # plants whose words the store holds (audit.match.lookup: the same for every version of check)
            in_store = [d for d in planted if any(c.score >= 90 for c in lookup(alone.con, [_planted_quote(d)])[0])]
            _print_scores(nlp, correct, in_store, story, "the store alone (planted drafts about its story only)")


def _planted_quote(draft) -> str:
    """The words inside the quote marks of a planted draft's planted line."""
    line = draft.text.splitlines()[draft.planted[1] - 1]
    found = re.findall(r'"([^"]+)"|\u201c([^\u201d]+)\u201d', line)
    return max((a or b for a, b in found), key=len, default=line)


def _print_scores(nlp, correct: list, planted: list, ref, against: str) -> None:
    from check_corpus import ACCEPTED, evaluate

    t0 = time.perf_counter()
    scores = evaluate(nlp, correct + planted, ref)
    print(f"against {against}:")
    print(f"drafts: {len(correct)} correct, {len(planted)} with one planted problem ({time.perf_counter() - t0:.1f} s)")
    print(f"{'class':<20} {'found':>5} {'missed':>6} {'false':>5} {'precision':>9} {'recall':>6}")
    for cls in [*ACCEPTED, None]:
        name = cls or "all errors"
        tp = scores.tp[cls] if cls else sum(scores.tp.values())
        fn = scores.fn[cls] if cls else sum(scores.fn.values())
        fp = scores.fp[cls] if cls else sum(scores.fp.values())
        print(f"{name:<20} {tp:>5} {fn:>6} {fp:>5} {scores.precision(cls):>9.3f} {scores.recall(cls):>6.3f}")
    print(f"errors on the {len(correct)} correct drafts: {sum(1 for e in scores.false_errors if e.startswith('correct-'))}")
    for line in scores.false_errors:
        print(f"  false error: {line}")
    for line in scores.missed:
        print(f"  missed: {line}")


PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
SHARED = ROOT.parent / "shared" / "data"


def evaluate_real() -> None:
    """Precision and recall of error findings on real renderings (see the docstring)."""
    import json
    from collections import Counter

    from audit.check import check_draft
    from audit.check.locate import parse_draft
    from audit.check.reference import Reference
    from audit.check.settings import load_settings
    from audit.config import reference_dir
    from audit.extract import load_pipeline

    path = SHARED / "crossoutlet" / "renderings.jsonl"
    if not path.is_file():
        raise SystemExit(f"{path}: not found (the shared data sits beside the project)")
    nlp, ref, settings = load_pipeline(), Reference.load(reference_dir()), load_settings(None)
    known = {s.statement_id: s for s in ref.statements}
    speakers = list(ref.registry) if ref.registry else []
    names = {sp.speaker_id: sp.name for sp in speakers}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def errors(line: str) -> list:
        found, _, _ = check_draft(parse_draft(line, "rendering.txt"), nlp=nlp, reference=ref, settings=settings)
        return [f for f in found if f.severity == "error"]

    counts: Counter[str] = Counter()
    details = []
    for r in rows:
        who = r["mention"] if r["mention"] and r["mention"].casefold() not in PRONOUNS else names.get(r["attributed_to"], r["attributed_to"])
        words = r["text"].strip().strip('"\u201c\u201d')
        quoted = r["kind"] != "indirect"
        st = known.get(r["statement"])
        expected = quoted and r["drift"] == "altered" and st is not None and not st.translated
        got = errors(f'{who} said "{words}".' if quoted else f"{who} said {words}.")
        counts["as printed: expected"] += expected
        if got:
            counts["as printed: tp" if expected else "as printed: fp"] += 1
            if not expected:
                details.append(f"  false error ({r['drift']}, {r['kind']}): {got[0].rule}: {got[0].message[:160]}")
        elif expected:
            counts["as printed: fn"] += 1
            details.append(f"  missed ({r['statement']}): {words[:100]}")
        if quoted and st is not None and r["drift"] in ("exact", "cosmetic", "truncated") and speakers:
            i = next((k for k, sp in enumerate(speakers) if sp.speaker_id == st.speaker), 0)
            other = speakers[(i + 1) % len(speakers)]
            hit = any(f.rule == "misattribution" for f in errors(f'{other.name} said "{words}".'))
            counts["misattributed: tp" if hit else "misattributed: fn"] += 1
    tp, fp, fn = counts["as printed: tp"], counts["as printed: fp"], counts["as printed: fn"]
    print(f"{path} ({len(rows)} renderings) against the bundled reference:")
    print(f"  as printed: {tp + fn} altered quotations expected, {tp} found, {fn} missed, {fp} false errors; "
          f"precision {tp / (tp + fp) if tp + fp else 1:.3f}, recall {tp / (tp + fn) if tp + fn else 1:.3f}")
    mt, mf = counts["misattributed: tp"], counts["misattributed: fn"]
    print(f"  credited to another speaker: {mt} of {mt + mf} flagged as misattribution (recall {mt / max(mt + mf, 1):.3f})")
    print("\n".join(details))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=100_000)
    ap.add_argument("--words", type=int, default=2_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--eval", action="store_true", help="precision/recall on the tests' drafts instead of timing")
    ap.add_argument("--real", action="store_true", help="precision/recall on real renderings (../shared/data)")
    ap.add_argument("--store", action="store_true",
                    help="with --eval: against a store built from the bundled corpus (with the reference, then alone)")
    args = ap.parse_args()
    if args.eval or args.real:
        if args.eval:
            evaluate_corpus(args.store)
        if args.real:
            evaluate_real()
        return
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        statements = build_store(db, args.statements, rng)
        print(f"store: {args.statements:,} statements built in {time.perf_counter() - t0:.1f} s")
        draft = Path(tmp) / "draft.md"
        text = draft_text(statements, args.words, rng)
        draft.write_text(text, encoding="utf-8")
        print(f"draft: {len(text.split()):,} words")

        from audit.extract import load_pipeline

        t0 = time.perf_counter()
        nlp = load_pipeline()
        print(f"model load (apart): {time.perf_counter() - t0:.2f} s")
        config = Config()
        prose = read_draft(draft).text
        times, cpus, floors = [], [], []
        for run in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            result = check([draft], config=config, store_path=db, nlp=nlp)
            times.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
            t0 = time.perf_counter()
            nlp(prose)
            floors.append(time.perf_counter() - t0)
            print(f"run {run + 1}: check {times[-1]:.3f} s wall, {cpus[-1]:.3f} s CPU (spaCy alone {floors[-1]:.3f} s), "
                  f"{len(result.findings)} findings {result.counts()}")
        median, floor = statistics.median(times), statistics.median(floors)
        verdict = "OK" if median < TARGET_SECONDS else "OVER TARGET"
        print(f"check, {len(text.split()):,}-word draft vs {args.statements:,} statements: "
              f"median {median:.3f} s wall, {statistics.median(cpus):.3f} s CPU (target < {TARGET_SECONDS:.0f} s) "
              f"{verdict}; spaCy pipeline alone {floor:.3f} s, check's own work {median - floor:.3f} s; "
              f"load average {os.getloadavg()[0]:.1f} (on a loaded machine the CPU figure is the steadier one)")


if __name__ == "__main__":
    main()
