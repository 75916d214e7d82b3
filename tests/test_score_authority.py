"""Conflicts name the outlet that deviates, whatever order the files come in.

Four articles written for this test render three statements: Alder Times, Birch Herald
and Cedar Post credit a river-crossing quote to General Zaluzhnyi, give "about 400 square
kilometres" and print "We will not stop"; Dogwood Daily, the earliest by date, credits
President Zelensky, gives "about 400 square miles" and prints "We will never stop". Run
through the real pipeline (ingest -> extract -> store -> match -> score) in several file
orders, Dogwood Daily is flagged every time and the three never. A fifth article prints
figures with conversions that contradict them ("2,000 sq km (700 sq miles)").
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from audit.load import ingest
from audit.match import match
from audit.report.summary import paraphrases_compared, print_summary
from audit.score import Scores, score
from audit.score.authority import decide, is_primary
from audit.speakers import Registry
from audit.store import Store

CROSSING = "Our brigades have crossed the Oskil river at three points and the enemy is running out of reserves."

ARTICLES = {
    "alder.md": ("Alder Times", "2022-09-11", f"""
General Valerii Zaluzhnyi said on Sunday: "{CROSSING}"

General Oleksandr Tarnavskyi said his troops had retaken about 400 square kilometres of farmland in the past week.

"We will not stop until every village on this bank is free again," Tarnavskyi told reporters.
"""),
    "birch.md": ("Birch Herald", "2022-09-11", f"""
Ukraine's commander-in-chief, General Valerii Zaluzhnyi, said: "{CROSSING}"

Commander Oleksandr Tarnavskyi said his troops had retaken about 400 square kilometres of farmland in the past week.

"We will not stop until every village on this bank is free again," he said.
"""),
    "cedar.md": ("Cedar Post", "2022-09-12", f"""
"{CROSSING[:-1]}," General Valerii Zaluzhnyi wrote.

Oleksandr Tarnavskyi said his troops had retaken about 400 square kilometres of farmland in the past week.

Tarnavskyi added: "We will not stop until every village on this bank is free again."
"""),
    "dogwood.md": ("Dogwood Daily", "2022-09-10", f"""
President Volodymyr Zelensky said: "{CROSSING}"

Oleksandr Tarnavskyi said his troops had retaken about 400 square miles of farmland in the past week.

"We will never stop until every village on this bank is free again," Tarnavskyi said.
"""),
}
LONE = "Dogwood Daily"

CONVERSIONS = ("elm.md", "Elm Gazette", "2022-09-13", """
Mayor Ivan Fedorov said the flooded area covered 2,000 sq km (700 sq miles) by Tuesday morning.

A regional official, Petro Kovalenko, said the evacuation zone had grown to 6,000 square km (2,400 square miles).

Kovalenko said the cordon ran 50 kilometres (31 miles) along the river, and that 6,000 square km (2,300 square
miles) of farmland were at risk.
""")


def _write(folder: Path, name: str, outlet: str, day: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"---\noutlet: {outlet}\ndate: {day}\ntitle: {outlet} report\n---\n{body}", encoding="utf-8")
    return path


def _audit(paths: list[Path], db: Path, nlp: Any) -> Scores:
    """The real pipeline over ``paths`` in this order, into a fresh database."""
    with Store(db) as store:
        store.load_registry(Registry.load())
        ingest(paths, store, nlp=nlp, progress=False)
        match(store)
        return score(store, verified=[])


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("coverage")
    return [_write(folder, name, *spec) for name, spec in sorted(ARTICLES.items())]


def _check_lone_outlet_flagged(scores: Scores, order: list[str]) -> None:
    c = scores.conflicts
    for kind in ("attribution", "number", "wording"):
        rows = c.filter(pl.col("kind") == kind)
        assert rows["deviating_outlet"].to_list() == [LONE], (order, kind, rows.to_dicts())
        assert rows["against"].to_list() == ["majority"], (order, kind)
        assert rows["outlets"].to_list() == [[LONE]], (order, kind)
        assert rows["message"][0].startswith(LONE), (order, kind)
        assert "majority of independent renderings (3" in rows["message"][0], (order, kind, rows["message"][0])
    v = scores.variants
    per_statement = v.group_by("statement_id").agg(pl.col("outlet").n_unique().alias("n"))
    assert sorted(per_statement["n"].to_list()) == [4, 4, 4], order  # the three statements, four outlets each
    assert (v.filter(pl.col("outlet") == LONE)["consistency"] < 100).all(), order
    assert (v.filter(pl.col("outlet") != LONE)["consistency"] == 100).all(), order
    credit = v.filter(pl.col("outlet") == LONE).filter(pl.col("attribution") == "misattributed")
    assert credit["reference_speaker_id"].to_list() == ["valerii-zaluzhnyi"], order


ORDERS = [  # the lone outlet first, second, third and last; and two reversals
    ["dogwood", "alder", "birch", "cedar"], ["alder", "dogwood", "birch", "cedar"],
    ["alder", "birch", "dogwood", "cedar"], ["alder", "birch", "cedar", "dogwood"],
    ["cedar", "birch", "dogwood", "alder"], ["cedar", "birch", "alder", "dogwood"],
]


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(o) for o in ORDERS])
def test_the_lone_outlet_is_flagged_in_any_file_order(order: list[str], files: list[Path], tmp_path: Path,
                                                      nlp: Any) -> None:
    by_stem = {p.stem: p for p in files}
    _check_lone_outlet_flagged(_audit([by_stem[s] for s in order], tmp_path / "a.duckdb", nlp), order)


@pytest.mark.slow
def test_the_lone_outlet_is_flagged_in_all_24_file_orders(files: list[Path], tmp_path: Path, nlp: Any) -> None:
    for i, order in enumerate(itertools.permutations(files)):
        _check_lone_outlet_flagged(_audit(list(order), tmp_path / f"{i}.duckdb", nlp), [p.stem for p in order])


def test_a_rendering_contradicting_its_own_conversion_is_flagged_with_the_arithmetic(
        tmp_path: Path, nlp: Any) -> None:
    path = _write(tmp_path, *CONVERSIONS)
    scores = _audit([path], tmp_path / "c.duckdb", nlp)
    rows = scores.conflicts.filter(pl.col("kind") == "internal-figures").sort("found")
    assert rows["found"].to_list() == ["2,400 square miles", "700 sq miles"]  # 2,300 and 31 miles hold
    assert set(rows["against"]) == {"itself"} and set(rows["deviating_outlet"]) == {"Elm Gazette"}
    six, two = rows.to_dicts()
    assert "6,000 km² = 2,317 mi², printed as 2,400 mi²" in six["message"]
    assert "2,000 km² = 772 mi², printed as 700 mi²" in two["message"] and "nearest 100" in two["message"]
    assert two["expected"] == "772 mi²"
    flagged = scores.quotes.filter(pl.col("internal_conflict"))["quote_id"].to_list()
    assert sorted(flagged) == sorted([six["deviating_quote_id"], two["deviating_quote_id"]])


def _row(quote_id: str, value: Any, day: int | None, *, group: str | None = None,
         medium: str | None = None) -> dict[str, Any]:
    return {"quote_id": quote_id, "article_id": quote_id, "outlet": quote_id.upper(), "value": value,
            "published": date(2022, 9, day) if day else None, "syndication_group": group or quote_id,
            "medium": medium}


def _decide(rows: list[dict[str, Any]], **kw: Any):  # type: ignore[no-untyped-def]
    return decide(rows, lambda r: [r["value"]] if r["value"] else [], **kw)


def test_decide_tiers() -> None:
    three_to_one = [_row("a", "x", 11), _row("b", "x", 11), _row("c", "x", 12), _row("d", "y", 10)]
    found = _decide(three_to_one)
    assert (found.value, found.against, found.support) == ("x", "majority", 3)
    for order in itertools.permutations(three_to_one):
        assert _decide(list(order)).value == "x"
    # the speaker's own channel outranks the majority
    primary = [*three_to_one[:3], _row("d", "y", 10, medium="Telegram")]
    assert (_decide(primary).value, _decide(primary).against) == ("y", "primary")
    assert is_primary({"medium": "a statement"}) and not is_primary({"medium": "an interview with CNN"})
    # the verified reference outranks everything
    assert (_decide(primary, reference="z").value, _decide(primary, reference="z").against) == ("z", "reference")
    # syndicated copies count once: two copies of one wire story tie with one article; the earlier date decides
    syndicated = [_row("a", "x", 12, group="w"), _row("b", "x", 12, group="w"), _row("c", "y", 11)]
    assert (_decide(syndicated).value, _decide(syndicated).against) == ("y", "earliest")
    # one against one on the same day: nothing decides
    assert _decide([_row("a", "x", 11), _row("b", "y", 11)]) is None
    assert _decide([_row("a", None, 11)]) is None


def test_paraphrases_show_the_facts_compared_instead_of_a_diff(files: list[Path], tmp_path: Path, nlp: Any) -> None:
    scores = _audit(files, tmp_path / "p.duckdb", nlp)
    v = scores.variants
    for column in ("display", "names", "reference_figures", "reference_names", "reference_speaker_id",
                   "reference_speaker", "wording_against", "attribution_against"):
        assert column in v.columns
    paraphrases = v.filter(pl.col("variant") == "paraphrase")
    assert paraphrases.height >= 1 and set(paraphrases["display"]) == {"facts"}
    assert set(v.filter(pl.col("variant").is_in(["exact", "altered"]))["display"]) == {"diff"}
    miles = paraphrases.filter(pl.col("outlet") == LONE).row(0, named=True)
    assert miles["figures"] == ["about 400 square miles"]
    assert miles["reference_figures"] == ["about 400 square kilometres"]
    assert miles["reference_speaker_id"] and miles["reference_speaker"]
    table = paraphrases_compared(scores)
    assert table["figures_compared"][0] == "about 400 square miles vs about 400 square kilometres"  # flagged first
    from io import StringIO

    from rich.console import Console

    out = StringIO()
    print_summary(scores, console=Console(file=out, width=220))
    text = out.getvalue()
    assert "the facts compared" in text and "about 400 square miles vs about 400 square kilometres" in text
    assert "majority" in text and LONE in text


def test_proper_names_are_places_and_people_not_sentence_openers() -> None:
    from audit.score.facts import display, proper_names

    text = ("According to UN figures, about 30% went to Africa, the Middle East and Asia. On Sunday, "
            "President Putin's claim was denied by the Bank of England.")
    assert proper_names(text) == ("UN", "Africa", "Middle East", "Asia", "Putin", "Bank of England")
    assert display("paraphrase", 95.0) == "facts" and display("translated", None) == "facts"
    assert display("altered", 40.0) == "facts" and display("altered", 90.0) == "diff" and display(None, 1.0) is None


SHARED_PHRASE = {  # the same few words, said by two people: shared language, not a misattribution
    "fir.md": ("Fir Journal", "2022-09-11", 'Senator Ann Holt called the budget plan "a reckless gamble" on Sunday.'),
    "gum.md": ("Gum Courier", "2022-09-11", 'Governor Tom Reyes said the rail deal was "a reckless gamble" as well.'),
    "hazel.md": ("Hazel Mail", "2022-09-12", 'Senator Ann Holt said the budget plan was "a reckless gamble".'),
}


def test_a_phrase_of_a_few_words_credited_to_two_people_is_no_conflict(tmp_path: Path, nlp: Any) -> None:
    """"a reckless gamble" (two content words, below ATTRIBUTION_MIN_WORDS), credited to
    Holt twice and to Reyes once, is one statement per speaker (the matcher keeps a short
    text of two known speakers apart, ``match.node_key``): neither outlet is blamed. The
    lone outlet of the longer quotes above still is."""
    paths = [_write(tmp_path, name, *spec) for name, spec in sorted(SHARED_PHRASE.items())]
    scores = _audit(paths, tmp_path / "p.duckdb", nlp)
    v = scores.variants.filter(pl.col("text").str.contains("reckless gamble"))
    assert v.height == 3
    assert v.group_by("statement_id").agg(pl.col("speaker_id").n_unique())["speaker_id"].to_list() == [1, 1]
    assert scores.conflicts.filter(pl.col("kind") == "attribution").is_empty()
    assert set(v["attribution"].to_list()) == {"unknown"}


ONE_OUTLET = ("ivy.md", "Ivy Tribune", "2022-09-11", """
Candidate Gary Lee said: "We will cut the state budget by a fifth in our first year in office."

His running mate, Bill Ward, told the same rally: "We will cut the state budget by a fifth in our first year in office."
""")


def test_credits_that_differ_within_one_outlet_dispute_nothing(tmp_path: Path, nlp: Any) -> None:
    """Two people in one article saying the same words is no disagreement between
    outlets: no ``disputed`` conflict blames anyone."""
    scores = _audit([_write(tmp_path, *ONE_OUTLET)], tmp_path / "o.duckdb", nlp)
    v = scores.variants.filter(pl.col("text").str.contains("cut the state budget"))
    assert v["statement_id"].n_unique() == 1 and v["speaker_id"].n_unique() == 2
    assert scores.conflicts.filter(pl.col("kind") == "attribution").is_empty()


ECHO = ("juniper.md", "Juniper Star", "2022-09-11", """
Mayor Ann Holt said: "We will rebuild every bridge on the river before the floods of next spring."

Asked again later, Holt repeated: "We will rebuild each bridge on the river before the floods of spring."
""")


def test_a_quote_and_its_echo_in_one_article_dispute_nothing(tmp_path: Path, nlp: Any) -> None:
    """One article prints a quote and, further down, a looser echo of it: two wordings,
    one outlet, so no ``disputed`` wording conflict (nor any other) blames anyone."""
    scores = _audit([_write(tmp_path, *ECHO)], tmp_path / "e.duckdb", nlp)
    v = scores.variants.filter(pl.col("text").str.contains("bridge on the river"))
    assert v["statement_id"].n_unique() == 1 and v.height == 2 and "altered" in v["variant"].to_list()
    assert scores.conflicts.is_empty()


def test_a_bare_pronoun_or_a_few_words_are_no_evidence_on_who_said_it() -> None:
    """A credit by pronoun alone is the extractor's coreference, not the outlet's word; a
    rendering of a few words is shared language: neither votes nor is flagged."""
    from audit.score.authority import _credit, unsure_credit

    long = "We will cut the state budget by a fifth in our first year in office."
    named = {"text": long, "mention": "Gary Lee", "outer_speaker": None, "speaker_id": "gary-lee", "speaker_kind": "person"}
    assert not unsure_credit(named) and _credit(named) == ["gary-lee"]
    for changed in ({"mention": "he"}, {"mention": " They "}, {"text": "a reckless gamble"}):
        row = {**named, **changed}
        assert unsure_credit(row) and _credit(row) == []


def test_a_pronoun_credit_does_not_outvote_a_named_one() -> None:
    """The earliest rendering credits "he", resolved by the extractor to Bill Ward; a later
    outlet names Gary Lee. Only the named credit votes: Lee said it, nothing is disputed."""
    from audit.score.authority import speaker_decisions

    text = "We will cut the state budget by a fifth in our first year in office."
    base = {"statement_id": "st", "article_id": "a", "outlet": "Ivy Tribune", "published": date(2022, 9, 10),
            "medium": None, "kind": "direct", "text": text, "speaker_kind": "person", "outer_speaker": None,
            "syndication_group": "g1", "verified_id": None, "verified_speaker": None}
    rows = [{**base, "quote_id": "q1", "speaker_id": "bill-ward", "mention": "he"},
            {**base, "quote_id": "q2", "article_id": "b", "outlet": "Fir Journal", "published": date(2022, 9, 11),
             "syndication_group": "g2", "speaker_id": "gary-lee", "mention": "Gary Lee"}]
    from audit.score import _by_statement

    (decision,) = speaker_decisions(_by_statement(pl.DataFrame(rows)), set())  # the rows scoring builds
    assert decision["ref_speaker"] == "gary-lee" and decision["attribution_against"] != "disputed"
