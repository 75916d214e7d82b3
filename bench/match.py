"""Quality and scale of cross-outlet matching on a synthetic corpus with known truth.

    python bench/match.py                                  # quality at 20k quotes
    python bench/match.py --quotes 100000 --quotes 1000000 # scale (and quality) per size

Statements are written from a pool of news-style clauses (subjects, claims, places,
figures, time phrases), each rendered by several outlets the way real coverage drifts
(see ``../shared/data/crossoutlet``): verbatim wire copies; cosmetic changes (curly
quotes, British/American spelling, number formats, case, trailing punctuation);
truncations; word swaps ("likely"/"probably", "try to"/"try and"); translation-like
rewording of many words at once; mixed-quote fragments; indirect speech with shifted
pronouns and tenses; a share credited to the wrong speaker. *Decoys* are separate
statements by the same speaker about the same place and time that make a different
claim: they share most of their words with a real statement and must stay apart.
Speakers, places and people named in quotes grow with the corpus by Heaps' law (see
:data:`HEAPS_BETA`); the formula words do not.

Per size the script prints pairwise precision and recall of the clustering (a pair of
quotes is positive when both sit in one statement; target >= 0.95 each), then wall time
and peak resident memory (Linux ``VmHWM``, reset per phase) of each phase of
``audit.match.match``: prepare (read + normalise), block (SQL), score (rapidfuzz),
cluster, write (wall and CPU time: on a shared machine the CPU time is the steadier
figure); and the time ratio between the largest and smallest size.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit.match import MatchStats, match  # noqa: E402
from audit.phases import peak_rss_mb, reset_peak_rss  # noqa: E402

QUOTES_PER_STATEMENT = 8
"""Average renderings per statement (real stories: 3-15 outlets per quote)."""

DECOY_SHARE = 0.2
"""Share of statements that get a decoy twin (same speaker, place, time; other claim)."""

MISATTRIBUTED_SHARE = 0.1
"""Share of renderings credited to a different speaker."""

RENDERINGS: tuple[tuple[str, float], ...] = (
    ("verbatim", 0.20),
    ("cosmetic", 0.2),
    ("truncated", 0.1),
    ("swapped", 0.14),
    ("translated", 0.08),
    ("fragment", 0.12),
    ("indirect", 0.08),
    ("paraphrased", 0.08),
)
"""How outlets render a statement, with weights."""

REFERENCE_STATEMENTS = 12_500
"""Statements (about 100k quotes) at which the entity pools have their base sizes."""

HEAPS_BETA = 0.7
"""Entity vocabularies (speakers, places, people named in quotes) grow as
``base * (statements / REFERENCE_STATEMENTS) ** HEAPS_BETA``: Heaps' law, as in real
news, where a year of coverage names far more people and places than a week, but
fewer than one new one per story (named-entity vocabularies grow with exponents of
about 0.6-0.8). Fixed pools would make a million quotes ten times denser in every
name than a hundred thousand, which real news is not. The formula vocabulary (times,
subjects, verbs, targets, figures) stays fixed: stock phrasing does repeat, and it is
what decoys share with their twin."""

BASE_SPEAKERS = 400
BASE_PLACES = 2_400
BASE_NAMES = 480

TIMES = [
    "Over the last 24 hours", "Since Wednesday", "In the past week", "Earlier this month", "By the end of the year",
    "Over the weekend", "In recent days", "Since the start of the month", "Within the next fortnight", "So far this year",
    "At dawn on Tuesday", "During the night", "Over the summer", "In the coming months", "Before the winter",
]
SUBJECTS = [
    "Ukrainian forces", "Russian troops", "the ministry", "our soldiers", "the government", "regional officials",
    "the central bank", "investors", "the army", "local authorities", "rescue teams", "the coalition", "the opposition",
    "the police", "engineers", "the railway operator", "hospital staff", "farmers", "the defence ministry", "the council",
]
VERBS = [
    "have continued to make significant gains with", "have likely withdrawn", "are struggling to bring forward",
    "have recaptured", "will try to restore", "are preparing to deploy", "have organised the evacuation of",
    "must prioritise repairs to", "have lost", "are probably running short of", "have stabilised",
    "will analyse the damage to", "have reopened", "are expected to inspect", "have cut the cost of",
    "will defend", "have centralised control of", "are rebuilding", "have signalled a change of plan for",
    "must keep the pressure up on", "have stopped", "are moving closer to", "have secured", "will double",
    "have fuelled fears about", "are negotiating over", "have travelled to inspect", "have destroyed",
    "are recruiting volunteers for", "have blocked",
]
ADJECTIVES = ["the main", "the old", "a new", "the northern", "the damaged", "a floating", "the last remaining",
              "the regional", "a temporary", "the eastern", "the strategic", "an improvised", "the largest",
              "the southern", "a second", "the only", "the western", "a makeshift", "the central", "the vital"]
NOUNS = ["bridge", "supply line", "power station", "grain terminal", "railway junction", "airfield", "hospital",
         "water plant", "fuel depot", "ammunition store", "border crossing", "command post", "harbour", "dam",
         "rail bridge", "field hospital", "pipeline", "motorway", "checkpoint", "school", "market", "reservoir",
         "substation", "warehouse", "radar site", "river crossing", "tunnel", "ferry", "steelworks", "bakery"]
OBJECTS = [
    "near {place}", "around {place}", "in the {place} district", "along the {place} river", "outside {place}",
    "north of {place}", "south of {place}", "in the centre of {place}", "across the {place} region",
]
FIGURES = [
    "{n} tonnes of grain", "{n} homes", "{n} soldiers", "{n} per cent of the budget", "{n} kilometres of road",
    "{n} civilians", "{n} armoured vehicles", "{n} million pounds", "{n} shells a day", "{n} families",
    "{n} patients", "{n} tanks", "{n} litres of fuel", "{n} engineers", "{n} volunteers",
]
FOLLOW_UPS = [
    "Officials estimate that {fig} have been affected", "We believe that {fig} are at risk",
    "The report says {fig} were lost", "They have promised to protect {fig}", "Around {fig} still need help",
    "It is clear that {fig} will not be enough", "Of course that is bad, but {fig} is a start",
    "{name} told us that {fig} had already been moved", "According to {name}, {fig} are waiting for orders",
    "Nobody expected {fig} to arrive so quickly", "We will need at least {fig} before the winter",
]
FIRST_NAMES = ["Olena", "Mykola", "Iryna", "Taras", "Sofia", "Andriy", "Kateryna", "Dmytro", "Natalia", "Pavlo",
               "Halyna", "Serhiy", "Oksana", "Yuriy", "Larysa", "Bohdan", "Marta", "Roman", "Vira", "Ostap"]
SURNAMES = ["Kovalenko", "Bondar", "Tkachenko", "Shevchuk", "Melnyk", "Kravets", "Polishchuk", "Lysenko",
            "Marchenko", "Savchenko", "Rudenko", "Hnatyuk", "Moroz", "Pavlenko", "Zhuk", "Ivanyshyn",
            "Kuzmenko", "Sydorenko", "Hrytsenko", "Yaremchuk", "Danyliuk", "Fedoruk", "Levchenko", "Oliynyk"]
SYLLABLES_A = ("Velyko", "Novo", "Staro", "Kras", "Bila", "Zolo", "Pokrov", "Dobro", "Kamian", "Lysy", "Mari", "Oska",
               "Terno", "Hlyb", "Sviato", "Kupi", "Bala", "Shev", "Vovch", "Chor", "Pivden", "Lozo", "Dru", "Sumy")
SYLLABLES_B = ["marivka", "hrad", "pil", "ansk", "ivka", "ove", "chansk", "yne", "opil", "ets", "yarsk", "hirsk",
               "dar", "lyn", "brody", "kove", "slav", "vody", "mysk", "lets"]
SYLLABLES_MID = ("", "", "", "", "ko", "ra", "vy", "lu", "ne", "sta", "bor", "hor", "zi", "pe", "dan", "mir")
SYLLABLES_C = ["", "", "", "-Nova", " Lake", "-Mala", " Heights", "-Velyka"]
SURNAME_STEMS = ("Koval", "Bond", "Tkach", "Shev", "Meln", "Krav", "Polish", "Lys", "March", "Sav", "Rud", "Hnat",
                 "Mor", "Pav", "Zhu", "Ivan", "Kuzm", "Sydor", "Hryts", "Yarem", "Danyl", "Fedor", "Lev", "Oliy",
                 "Bil", "Chorn", "Dov", "Hal", "Karp", "Lut", "Nest", "Ostap", "Petr", "Semen", "Tymo", "Vasyl")
SURNAME_ENDINGS = ("enko", "chuk", "yk", "ets", "yshyn", "iuk", "ak", "ovych", "ko", "yuk", "ar", "ych")

SWAPS = {
    "likely": "probably", "significant": "considerable", "gains": "advances", "withdrawn": "pulled out",
    "try to": "try and", "struggling": "finding it hard", "restore": "re-establish", "troops": "soldiers",
    "recaptured": "retaken", "must": "have to", "running short of": "low on", "main": "principal", "new": "fresh", "reopened": "opened again",
    "stopped": "halted", "closer": "nearer", "secured": "protected", "destroyed": "wrecked", "blocked": "closed",
    "affected": "hit", "at risk": "in danger", "promised": "pledged", "still need": "continue to need",
    "estimate": "reckon", "believe": "think", "clear": "obvious", "bad": "unfortunate", "help": "aid",
}
"""Words an outlet (or a translator) may swap; translation applies many at once."""

BRITISH = {"organised": "organized", "prioritise": "prioritize", "stabilised": "stabilized", "analyse": "analyze",
           "harbour": "harbor", "centralised": "centralized", "signalled": "signaled", "fuelled": "fueled",
           "travelled": "traveled", "centre": "center", "defence": "defense", "kilometres": "kilometers"}

INDIRECT = (("We ", "they "), ("we ", "they "), ("our ", "their "), (" have ", " had "), (" are ", " were "),
            (" will ", " would "), (" is ", " was "), ("Our ", "their "))


@dataclass(slots=True)
class Corpus:
    quotes: pl.DataFrame
    """quote_id, article_id, text, kind, speaker_id, truth, rendering (how it was made)."""
    articles: pl.DataFrame
    """article_id, outlet, published."""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The entity pools of one corpus, sized for its number of statements."""

    speakers: list[str]
    places: list[str]
    names: list[str]

    @classmethod
    def for_statements(cls, rng: random.Random, n_statements: int) -> Vocabulary:
        def size(base: int) -> int:
            return max(base, round(base * (n_statements / REFERENCE_STATEMENTS) ** HEAPS_BETA))

        return cls(
            speakers=[f"speaker-{i}" for i in range(size(BASE_SPEAKERS))],
            places=_pool(rng, _place, size(BASE_PLACES)),
            names=_pool(rng, _person, size(BASE_NAMES)),
        )


def _pool(rng: random.Random, make: Callable[[random.Random], str], size: int) -> list[str]:
    """``size`` distinct strings from ``make``, in a deterministic order. Stops early if
    ``make`` cannot produce that many (the syllable tables bound each pool)."""
    seen: dict[str, None] = {}
    for _ in range(size * 20):
        seen[make(rng)] = None
        if len(seen) >= size:
            break
    return list(seen)


def _place(rng: random.Random) -> str:
    return rng.choice(SYLLABLES_A) + rng.choice(SYLLABLES_MID) + rng.choice(SYLLABLES_B) + rng.choice(SYLLABLES_C)


def _person(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAME_STEMS)}{rng.choice(SURNAME_ENDINGS)}"


def _number(rng: random.Random) -> str:
    return f"{rng.choice([rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 99999)]):,}"


def _statement(rng: random.Random, vocab: Vocabulary, time_: str, subject: str, place: str) -> str:
    """A claim about a place (the part a decoy shares) and a figure (the part it does not)."""
    target = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
    obj = rng.choice(OBJECTS).format(place=place)
    fig = rng.choice(FIGURES).format(n=_number(rng))
    name = rng.choice(vocab.names)
    follow = rng.choice(FOLLOW_UPS).format(fig=fig, name=name)
    return f"{time_}, {subject} {rng.choice(VERBS)} {target} {obj}. {follow}."


def _swap(rng: random.Random, text: str, share: float) -> str:
    keys = [k for k in SWAPS if k in text]
    rng.shuffle(keys)
    for k in keys[: max(1, round(len(keys) * share))]:
        text = text.replace(k, SWAPS[k], 1)
    return text


def _cosmetic(rng: random.Random, text: str) -> str:
    for uk, us in BRITISH.items():
        text = text.replace(uk, us)
    text = text.replace("'", "\u2019").replace(" per cent", "%")
    if rng.random() < 0.5:
        text = text.replace(",", "", 1) if rng.random() < 0.5 else text.rstrip(".") + ","
    if rng.random() < 0.3:
        text = text.upper() if rng.random() < 0.2 else text[0].lower() + text[1:]
    return text


def _fragment(rng: random.Random, text: str) -> str:
    """A mixed-quote fragment: a few words around the statement's distinctive part (its
    place or figure), the way reporters quote the telling phrase, not "in the past week"."""
    words = text.rstrip(".").split()
    anchors = [i for i, w in enumerate(words) if (w[:1].isdigit() and w != "24") or w.startswith(SYLLABLES_A)]
    n = rng.randint(3, 7)
    at = rng.choice(anchors) if anchors else rng.randrange(len(words))
    start = max(0, min(at - rng.randrange(n), len(words) - n))
    return " ".join(words[start : start + n]).strip(",.")


def _truncate(rng: random.Random, text: str) -> str:
    cut = int(len(text) * rng.uniform(0.5, 0.9))
    return text[:cut]


def _translate(rng: random.Random, text: str) -> str:
    """Translation-like rewording: many words swapped and the time phrase moved."""
    out = _swap(rng, text, 0.8)
    head, _, rest = out.partition(", ")
    if rest:
        first, dot, tail = rest.partition(".")
        out = f"{first[0].upper()}{first[1:]} {head[0].lower()}{head[1:]}{dot}{tail}"
    return out


PARAPHRASE_OPENERS = ("it was reported that", "officials indicated that", "the statement said", "according to the briefing,")
"""Openers of the paraphrased renderings (reported speech in the bench's own words)."""


def _paraphrase(rng: random.Random, text: str) -> str:
    """Reported speech a lexical matcher misses: every swap applied, the two sentences in
    the other order, the time phrase dropped, an opener of the outlet's own."""
    out = _indirect(rng, _swap(rng, text, 1.0))
    head, _, rest = out.partition(", ")
    sentences = [x.strip() for x in (rest or head).split(".") if x.strip()]
    sentences.reverse()
    body = ", and ".join(x[0].lower() + x[1:] for x in sentences)
    return f"{rng.choice(PARAPHRASE_OPENERS)} {body}"


def _indirect(rng: random.Random, text: str) -> str:
    out = " " + text.rstrip(".")
    for a, b in INDIRECT:
        out = out.replace(a, b)
    return out.strip()


def _render(rng: random.Random, text: str, how: str) -> tuple[str, str]:
    """One outlet's rendering of ``text`` and its quote kind."""
    if how == "verbatim":
        return text, "direct"
    if how == "cosmetic":
        return _cosmetic(rng, text), "direct"
    if how == "truncated":
        return _truncate(rng, text), "direct"
    if how == "swapped":
        return _swap(rng, text, 0.15), "direct"
    if how == "translated":
        return _translate(rng, text), "direct"
    if how == "fragment":
        return _fragment(rng, text), "mixed"
    if how == "paraphrased":
        return _paraphrase(rng, text), "indirect"
    return _indirect(rng, text), "indirect"


def build_corpus(n_quotes: int, seed: int = 7, days: int = 365) -> Corpus:
    """About ``n_quotes`` quotes with known statements, first printed over ``days`` days;
    deterministic for a seed."""
    rng = random.Random(seed)
    kinds, weights = zip(*RENDERINGS)
    n_statements = max(1, n_quotes // QUOTES_PER_STATEMENT)
    qid, aid, texts, qkinds, speakers, truth, hows = [], [], [], [], [], [], []
    a_ids, outlets, published = [], [], []
    day0 = date(2022, 1, 1)
    vocab = Vocabulary.for_statements(rng, n_statements)
    statements: list[tuple[str, str, int]] = []
    while len(statements) < n_statements:
        time_, subject, place = rng.choice(TIMES), rng.choice(SUBJECTS), rng.choice(vocab.places)
        speaker, day = rng.choice(vocab.speakers), rng.randrange(days)
        statements.append((_statement(rng, vocab, time_, subject, place), speaker, day))
        if rng.random() < DECOY_SHARE:
            statements.append((_statement(rng, vocab, time_, subject, place), speaker, day))
    for s_idx, (text, speaker, day) in enumerate(statements):
        # The original, then outlets' renderings over the next few days.
        for r in range(max(1, round(rng.expovariate(1 / QUOTES_PER_STATEMENT)))):
            how = "verbatim" if r == 0 else rng.choices(kinds, weights)[0]
            rendered, kind = _render(rng, text, how)
            article = f"a{s_idx}_{r}"
            a_ids.append(article)
            outlets.append(f"outlet-{rng.randrange(60)}")
            published.append(day0 + timedelta(days=day + min(r, rng.randrange(4))))
            qid.append(f"{article}:0")
            aid.append(article)
            texts.append(rendered)
            qkinds.append(kind)
            speakers.append(rng.choice(vocab.speakers) if rng.random() < MISATTRIBUTED_SHARE else speaker)
            truth.append(s_idx)
            hows.append(how)
    quotes = pl.DataFrame({"quote_id": qid, "article_id": aid, "text": texts, "kind": qkinds,
                           "speaker_id": speakers, "truth": truth, "rendering": hows})
    articles = pl.DataFrame({"article_id": a_ids, "outlet": outlets, "published": published})
    return Corpus(quotes, articles)


def load(con: duckdb.DuckDBPyConnection, corpus: Corpus) -> None:
    """Insert the corpus into an audit database (schema from ``audit.store``)."""
    now = datetime.now()
    new_articles = corpus.articles
    new_quotes = corpus.quotes.drop("truth", "rendering")
    con.execute(
        """INSERT INTO articles (article_id, source, version, outlet, published, text, ingested_at)
           SELECT article_id, article_id, 1, outlet, published, '', ? FROM new_articles""",
        [now],
    )
    con.execute(
        """INSERT INTO quotes (quote_id, article_id, idx, start, "end", text, kind, speaker_id)
           SELECT quote_id, article_id, 0, 0, length(text), text, kind, speaker_id FROM new_quotes"""
    )


def pairwise(con: duckdb.DuckDBPyConnection, truth: pl.DataFrame) -> tuple[float, float]:
    """Pairwise precision and recall of the stored clustering against ``truth``
    (quote_id, truth). Unlinked quotes count as singletons."""
    pred = con.sql("SELECT quote_id, statement_id FROM statement_quotes").pl()
    df = truth.join(pred, on="quote_id", how="left").with_columns(
        pl.col("statement_id").fill_null(pl.col("quote_id"))
    )

    def pairs(*cols: str) -> int:
        n = df.group_by(list(cols)).len()["len"].cast(pl.Int64)
        return int((n * (n - 1) // 2).sum())

    tp, pred_pairs, true_pairs = pairs("statement_id", "truth"), pairs("statement_id"), pairs("truth")
    return (tp / pred_pairs if pred_pairs else 1.0), (tp / true_pairs if true_pairs else 1.0)


def paraphrase_recall(con: duckdb.DuckDBPyConnection, quotes: pl.DataFrame) -> float:
    """Share of paraphrased renderings put in the statement of their original (the
    verbatim rendering of the same truth)."""
    pred = con.sql("SELECT quote_id, statement_id FROM statement_quotes").pl()
    q = quotes.join(pred, on="quote_id", how="left")
    originals = q.filter(pl.col("rendering") == "verbatim").group_by("truth").agg(pl.col("statement_id").first().alias("orig"))
    para = q.filter(pl.col("rendering") == "paraphrased").join(originals, on="truth", how="inner")
    return float((para["statement_id"] == para["orig"]).mean()) if len(para) else 1.0


def run(n_quotes: int, seed: int, workdir: Path, semantic: bool = True,
        days: int = 365) -> tuple[MatchStats, Any, float, float, float, int]:
    """Build, load and match one corpus (lexical, then the semantic stage unless off);
    return both stages' stats, precision, recall, paraphrase recall, quote count."""
    from audit.link import link
    from audit.store import Store

    corpus = build_corpus(n_quotes, seed, days)
    truth = corpus.quotes.select("quote_id", "truth", "rendering")
    with Store(workdir / f"bench_{n_quotes}.duckdb") as store:
        load(store.con, corpus)
        del corpus
        gc.collect()
        stats = match(store)
        linked, link_peak = None, float("nan")
        if semantic:
            reset_peak_rss()
            linked = link(store)
            link_peak = peak_rss_mb() or float("nan")
        precision, recall = pairwise(store.con, truth.select("quote_id", "truth"))
        para = paraphrase_recall(store.con, truth)
    return stats, linked, link_peak, precision, recall, para, len(truth)


FIXED_RATE_DAYS = 365
"""``--fixed-rate``: days per 100,000 quotes. With ``--days`` fixed, a larger corpus is a
denser one (more texts in each date window); at a fixed rate it is a longer one, as a
growing archive of real coverage is."""


def _span(size: int, args: argparse.Namespace) -> int:
    return max(1, round(size * FIXED_RATE_DAYS / 100_000)) if args.fixed_rate else args.days


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quotes", type=int, action="append", help="corpus size (repeatable); default 20000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-semantic", action="store_true", help="lexical matching only")
    parser.add_argument("--days", type=int, default=365, help="days the statements are spread over (default 365)")
    parser.add_argument("--fixed-rate", action="store_true",
                        help=f"spread each size over {FIXED_RATE_DAYS} days per 100,000 quotes (a constant news rate) instead")
    args = parser.parse_args(argv)
    sizes = args.quotes or [20000]
    timings: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            t0 = time.perf_counter()
            stats, linked, link_peak, precision, recall, para, n = run(size, args.seed, Path(tmp), semantic=not args.no_semantic,
                                                                  days=_span(size, args))
            total = sum(ph.seconds for ph in stats.phases.values())
            timings[n] = total
            print(f"\n== {n:,} quotes over {_span(size, args)} days ({time.perf_counter() - t0:.1f} s with corpus generation and loading)")
            print(f"pairwise precision {precision:.4f}  recall {recall:.4f}  paraphrased renderings joined {para:.4f}")
            print(f"texts {stats.texts:,}  candidate pairs {stats.candidates:,}  matched pairs {stats.matched_pairs:,}"
                  f"  statements {stats.statements:,}")
            for name, ph in stats.phases.items():
                rss = "n/a" if ph.peak_rss_mb is None else f"{ph.peak_rss_mb:,.0f} MB"
                print(f"  {name:<8} {ph.seconds:8.2f} s   cpu {ph.cpu_seconds:8.2f} s   peak RSS {rss}")
            cpu = sum(ph.cpu_seconds for ph in stats.phases.values())
            print(f"  {'total':<8} {total:8.2f} s   cpu {cpu:8.2f} s   (load average {os.getloadavg()[0]:.1f})")
            if linked is not None:
                sec = {k: ph.seconds for k, ph in linked.phases.items()}
                cpu_sec = {k: ph.cpu_seconds for k, ph in linked.phases.items()}
                rate = linked.embedded / sec["embed"] if sec.get("embed") else float("nan")
                cpu_rate = linked.embedded / cpu_sec["embed"] if cpu_sec.get("embed") else float("nan")
                spent = sum(sec.values())
                print(f"semantic stage: {linked.pending:,} statements checked, {linked.texts:,} texts, "
                      f"{linked.embedded:,} embedded ({rate:,.0f} texts/s wall, {cpu_rate:,.0f} per CPU s), "
                      f"{linked.candidates:,} candidate pairs, "
                      f"{linked.joined:,} joins ({linked.fragments:,} fragments)")
                print("  " + "  ".join(f"{k} {v:.2f} s" for k, v in sec.items())
                      + f"  total {spent:.2f} s  peak RSS {link_peak:,.0f} MB")
                print("  cpu " + "  ".join(f"{k} {v:.2f} s" for k, v in cpu_sec.items())
                      + f"  total {sum(cpu_sec.values()):.2f} s")
                stage_cpu = sum(cpu_sec.values())
                peak = max([link_peak] + [ph.peak_rss_mb or 0.0 for ph in stats.phases.values()])
                print(f"whole job (lexical + semantic): {total + spent:.1f} s wall, {cpu + stage_cpu:.1f} CPU s, "
                      f"peak RSS {peak:,.0f} MB (load average {os.getloadavg()[0]:.1f})")
                timings[n] = total + spent
    if len(timings) > 1:
        small, large = min(timings), max(timings)
        print(f"\ntime ratio {large:,} / {small:,} quotes: {timings[large] / timings[small]:.2f}"
              f" (size ratio {large / small:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
