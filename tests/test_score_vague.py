"""A vague credit on a story the registry has never seen (``score._credited``,
``consistency.describes_no_one``): the named person comes from the renderings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from audit.match import match
from audit.model import Article, Quote
from audit.score import score
from audit.score.consistency import describes_a_person
from audit.store import Store

CLAIM = "The harbour will stay closed to tankers until the divers have checked every metre of the quay wall."


def _add(store: Store, outlet: str, mention: str, speaker_id: str | None, kind: str) -> None:
    text = f"{outlet} reports from the port. {mention} said: \u201c{CLAIM}\u201d"  # apart, not one wire copy
    start = text.index(CLAIM)
    quote = Quote(start=start, end=start + len(CLAIM), text=CLAIM, kind="direct", mention=mention,
                  speaker="Ann Vik" if speaker_id else None, speaker_id=speaker_id, speaker_kind=kind, cue="said")
    store.add_article(Article(text=text, source=f"{outlet}.txt", outlet=outlet, published=date(2023, 5, 2)), [quote])


def test_a_description_credited_with_a_named_persons_words_is_a_vague_credit(tmp_path: Path) -> None:
    with Store(tmp_path / "v.duckdb") as store:
        for outlet in ("Fjord Post", "Coast Daily", "Bay Herald"):
            _add(store, outlet, "Harbour master Ann Vik", "ann-vik", "person")
        _add(store, "Quay News", "Local port authorities", None, "unknown")
        match(store)
        conflicts = score(store, verified=[]).conflicts
    vague = conflicts.filter(pl.col("kind") == "vague-credit")
    assert vague["deviating_outlet"].to_list() == ["Quay News"]
    assert vague["expected"].to_list() == ["Ann Vik"] and vague["support"].to_list() == [3]
    assert conflicts.filter(pl.col("kind") == "attribution").is_empty()


@pytest.mark.parametrize(("mention", "person"), [
    ("the Republican candidate", True), ("the harbour's chief", True), ("Valley TV President on the strike", True),
    ("the canal authority", False), ("the Harbour Board", False), ("Portside", False), ("the company", False),
])
def test_a_role_description_filed_as_a_body_describes_a_person(mention: str, person: bool) -> None:
    """A description headed by a role or another common noun that is no body refers back to
    the person the article names: no vague credit; a body's name or a body noun is one."""
    assert describes_a_person(mention) is person
