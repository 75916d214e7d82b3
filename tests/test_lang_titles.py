"""The one table of titles and the views the stages read of it."""

from audit.lang import titles
from audit.lang.names import parse_name
from audit.speakers import name_key


def test_each_title_once_with_its_language() -> None:
    assert len(titles.TITLES) == len(titles.TABLE)
    assert titles.TITLES["bundeskanzlerin"].langs == ("de",)
    assert "président" in titles.in_language("fr") and "president" not in titles.in_language("fr")


def test_gender_is_a_marking_of_the_title() -> None:
    assert {"mrs", "baroness", "queen"} <= titles.FEMALE
    assert {"mr", "lord", "king"} <= titles.MALE
    assert not titles.MALE & titles.FEMALE
    assert "president" not in titles.MALE | titles.FEMALE


def test_views_keep_what_each_stage_needs() -> None:
    assert "lord" in titles.PEELED and "lord" not in titles.KEY_TITLES
    assert "former" in titles.PEELED and "former" not in titles.MENTION_TITLES
    assert "cllr" in titles.PERSON_ONLY and "general" not in titles.PERSON_ONLY
    assert "home" not in titles.KEY_TITLES  # "Home Office" keeps its key


def test_consumers_read_the_table() -> None:
    assert name_key("Lord Dannatt") == "lord dannatt"
    assert name_key("Home Office") == "home office"
    assert name_key("President Ann Reed") == "ann reed"
    parsed = parse_name("Former Defence Secretary Sir Tom Reed")
    assert parsed is not None and (parsed.first, parsed.last) == ("Tom", "Reed")
