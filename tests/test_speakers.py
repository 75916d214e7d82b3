"""The speakers registry: loading the TOML, exact and fuzzy names, look-alikes kept apart."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from audit.speakers import Registry, RegistryError, Speaker, name_key, slug

REGISTRY = Path(__file__).resolve().parents[1] / "reference" / "speakers.toml"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load(REGISTRY)


@pytest.mark.parametrize(
    ("mention", "speaker_id"),
    [
        ("Zaluzhnyy", "valerii-zaluzhnyi"),
        ("Zaluzhnyi", "valerii-zaluzhnyi"),
        ("Zaluzhny", "valerii-zaluzhnyi"),
        ("General Valerii Zaluzhnyy", "valerii-zaluzhnyi"),
        ("Valery Zaluzhnyi", "valerii-zaluzhnyi"),
        ("Strelkov", "igor-girkin"),
        ("Igor Strelkov", "igor-girkin"),
        ("the MoD", "uk-ministry-of-defence"),
        ("Ministry of Defence", "uk-ministry-of-defence"),
        ("British intelligence", "uk-ministry-of-defence"),
        ("the Russian Defence Ministry", "russian-ministry-of-defence"),
        ("Russian Defense Ministry", "russian-ministry-of-defence"),
        ("Lord Dannatt", "richard-dannatt"),
        ("President Putin", "vladimir-putin"),
        ("Mr Putin", "vladimir-putin"),
    ],
)
def test_resolves(registry, mention, speaker_id):
    found = registry.resolve(mention)
    assert found is not None and found.speaker_id == speaker_id


@pytest.mark.parametrize("mention", ["Russian ministry", "Boris Johnson", "the Kremlin spokesman", "",
                                     "the defence ministry", "Defence Ministry", "the ministry"])
def test_unknown_names_are_not_forced_onto_a_speaker(registry, mention):
    assert registry.resolve(mention) is None


def test_kind_hint_rules_out_other_kinds(registry):
    assert registry.resolve("Putin", kind_hint="organisation") is None
    assert registry.resolve("Putin", kind_hint="person").speaker_id == "vladimir-putin"


def test_registry_entries_have_nationality(registry):
    seed = {"richard-dannatt", "uk-ministry-of-defence", "russian-ministry-of-defence", "valerii-zaluzhnyi",
            "igor-girkin", "vladimir-putin", "volodymyr-zelensky"}
    assert seed <= {sp.speaker_id for sp in registry}
    assert registry.get("russian-ministry-of-defence").nationality == "Russia"
    assert all(sp.nationality for sp in registry)


def test_name_key_and_slug():
    assert name_key("the Russian Defense Ministry's") == "russian defence ministry"
    assert name_key("President Putin") == "putin"
    assert slug("Harriet Quill") == "harriet-quill"
    assert slug("Łukasz Żak") == "lukasz-zak"


def test_slug_ignores_an_apostrophe_inside_a_word():
    """An outlet that writes "Harbour's Gazette" and one that writes "Harbours Gazette" credit one body."""
    assert slug("Harbour's Gazette") == slug("Harbours Gazette") == slug("Harbour’s Gazette") == "harbours-gazette"
    assert slug("Ann O'Neill") == slug("Ann ONeill") == "ann-oneill"
    assert slug("the 'Herald'") == "the-herald"  # quotation marks around a word still break it


def test_bad_registry_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "speakers.toml"
    bad.write_text('[x]\nkind = "person"\n', encoding="utf-8")
    with pytest.raises(RegistryError, match="needs a table with a name"):
        Registry.load(bad)
    with pytest.raises(RegistryError, match="cannot read"):
        Registry.load(tmp_path / "missing.toml")


def test_added_speaker_is_found_fuzzily():
    reg = Registry([Speaker("keir-starmer", "Keir Starmer", "person", aliases=("Sir Keir Starmer",))])
    assert reg.resolve("Keir Stamer").speaker_id == "keir-starmer"
    assert reg.resolve("Starmer").speaker_id == "keir-starmer"


def test_bare_name_keeps_the_name_as_written():
    from audit.speakers import bare_name

    assert bare_name("Senator Ann Reed") == "Ann Reed"
    assert bare_name("Former Prime Minister Theresa May") == "Theresa May"
    assert bare_name("The Home Office") == "Home Office"
    assert bare_name("Lord Dannatt") == "Lord Dannatt"  # a peer's style is part of the name
    assert bare_name("President") == "President"  # never an empty name


# -- look-alike institutions: nationality evidence, never the bare head noun ---------------------
@pytest.mark.parametrize(
    ("mention", "speaker_id"),
    [
        ("Russia's defence ministry", "russian-ministry-of-defence"),
        ("Moscow's Ministry of Defence", "russian-ministry-of-defence"),
        ("the defence ministry of Russia", "russian-ministry-of-defence"),
        ("Britain's Ministry of Defence", "uk-ministry-of-defence"),
        ("the U.K. Defense Ministry", "uk-ministry-of-defence"),
        ("British MoD", "uk-ministry-of-defence"),
        ("Ministry of Defence \U0001F1EC\U0001F1E7", "uk-ministry-of-defence"),
        ("the UK Ministry of Defence (MoD)", "uk-ministry-of-defence"),
        ("Kyiv's defence ministry", "ukrainian-ministry-of-defence"),
        ("Ukraine's Ministry of Defence", "ukrainian-ministry-of-defence"),
        ("the Kremlin", "kremlin"),
        ("the British government", "uk-government"),
    ],
)
def test_institutions_resolve_by_nationality(registry, mention, speaker_id):
    assert registry.resolve(mention).speaker_id == speaker_id


def test_nationality_from_around_the_mention_decides(registry):
    assert registry.resolve("the defence ministry", nationality=["Ukraine"]).speaker_id == "ukrainian-ministry-of-defence"
    assert registry.resolve("Ministry of Defence", nationality=["Russia"]).speaker_id == "russian-ministry-of-defence"


def test_the_three_defence_ministries_are_never_confused(registry):
    for country, sid in (("Russian", "russian-ministry-of-defence"), ("British", "uk-ministry-of-defence"),
                         ("Ukrainian", "ukrainian-ministry-of-defence")):
        for form in ("{} defence ministry", "the {} Ministry of Defence", "{} Defense Ministry"):
            assert registry.resolve(form.format(country)).speaker_id == sid


def test_government_and_bodies_of_a_country(registry):
    from audit.speakers import evidence

    assert registry.government_of({"Russia"}).speaker_id == "russian-government"
    assert registry.government_of({"Russia", "Ukraine"}) is None
    assert registry.body_of(evidence("UK defence")).speaker_id == "uk-ministry-of-defence"
    assert registry.body_of(evidence("Western")) is None


# -- roles with dates ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("description", "day", "speaker_id"),
    [
        ("Ukraine's top military commander", date(2022, 9, 12), "valerii-zaluzhnyi"),
        ("Ukraine's top military commander", date(2025, 1, 10), "oleksandr-syrskyi"),
        ("Kyiv's army chief", date(2023, 3, 1), "valerii-zaluzhnyi"),
        ("Russia's defence minister", date(2022, 9, 12), "sergei-shoigu"),
        ("Russia's defence minister", date(2024, 6, 1), "andrei-belousov"),
        ("the head of the British Army", date(2023, 1, 1), "patrick-sanders"),
        ("the British Defence Secretary", date(2022, 9, 12), "ben-wallace"),
    ],
)
def test_role_resolves_to_the_holder_on_the_date(registry, description, day, speaker_id):
    assert registry.holder(description, day).speaker_id == speaker_id


def test_role_held_by_several_is_never_guessed(registry):
    day = date(2022, 9, 12)
    assert registry.holder("the army chief", day) is None  # Ukraine's, Britain's, Russia's
    assert registry.holder("the former head of the British Army", day) is None  # two former holders
    named = registry.holder("the former head of the British Army", day, among={"richard-dannatt"})
    assert named.speaker_id == "richard-dannatt"
    assert registry.holder("the former head of the British Army", date(2010, 1, 1)).speaker_id == "richard-dannatt"
    assert registry.holder("the spokesman", day) is None
    assert registry.holder("Ukraine's weather", day) is None


def test_roles_load_with_dates_and_old_role_strings_still_load(tmp_path):
    path = tmp_path / "speakers.toml"
    path.write_text(
        '''
[ann-reed]
name = "Ann Reed"
kind = "person"
nationality = "United Kingdom"
[[ann-reed.roles]]
title = "Leader of Northshire Council"
from = 2019-05-02
to = "2023-05-04"

[old-style]
name = "Old Style"
kind = "person"
role = "chair of the harbour board"
''', encoding="utf-8")
    reg = Registry.load(path)
    ann = reg.get("ann-reed")
    assert (ann.roles[0].start, ann.roles[0].end) == (date(2019, 5, 2), date(2023, 5, 4))
    assert ann.role == "Leader of Northshire Council (2019-2023)"
    assert reg.get("old-style").role == "chair of the harbour board"
    assert reg.get("old-style").roles[0].title == "chair of the harbour board"
    assert reg.holder("the former leader of Northshire Council", date(2024, 1, 1)).speaker_id == "ann-reed"
    assert reg.holder("the leader of Northshire Council", date(2024, 1, 1)) is None


def test_bad_role_date_is_a_clear_error(tmp_path):
    path = tmp_path / "speakers.toml"
    path.write_text('[x]\nname = "X"\n[[x.roles]]\ntitle = "mayor"\nfrom = "last spring"\n', encoding="utf-8")
    with pytest.raises(RegistryError, match="YYYY-MM-DD"):
        Registry.load(path)


# -- names: parser, romanisations, the similar-name guard -------------------------------------------
@pytest.mark.parametrize(
    ("mention", "speaker_id"),
    [
        ("Zelenskyy", "volodymyr-zelensky"),
        ("Zelenskiy", "volodymyr-zelensky"),
        ("Zelenskyi", "volodymyr-zelensky"),
        ("Friday President Volodymyr Zelenskiy", "volodymyr-zelensky"),
        ("Ukrainian President Volodymyr Zekensky", "volodymyr-zelensky"),
        ("Zaluzhniy", "valerii-zaluzhnyi"),
        ("Commander-in-Chief Zaluzhny", "valerii-zaluzhnyi"),
        ("Valeriy Zaluzhnyi", "valerii-zaluzhnyi"),
        ("Defence Secretary Ben Wallace", "ben-wallace"),
        ("Igor Strelkov", "igor-girkin"),
    ],
)
def test_names_across_titles_and_romanisations(registry, mention, speaker_id):
    assert registry.resolve(mention).speaker_id == speaker_id


@pytest.mark.parametrize("mention", ["Volodymyr Zekensky", "Mark Dannatt", "Richard Barratt", "Denis Bezsonov",
                                     "Sergei Zelensky"])
def test_similar_names_of_other_people_stay_apart(registry, mention):
    assert registry.resolve(mention) is None


def test_a_wrong_first_name_needs_agreeing_evidence(registry):
    assert registry.resolve("Denis Bezsonov", context='a representative of the "DPR"').speaker_id == "daniil-bezsonov"
    assert registry.resolve("Denis Bezsonov", context="a football coach") is None


def test_two_people_sharing_a_surname_are_kept_apart():
    reg = Registry([Speaker("ed-miliband", "Ed Miliband", "person"), Speaker("david-miliband", "David Miliband", "person")])
    assert reg.resolve("Ed Miliband").speaker_id == "ed-miliband"
    assert reg.resolve("David Milliband").speaker_id == "david-miliband"
    assert reg.resolve("Miliband") is None  # which one: never guessed


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("Councillor Tom Briggs", "Tom", "Briggs"),
        ("Cllr Briggs", "", "Briggs"),
        ("Tom Briggs MP", "Tom", "Briggs"),
        ("Lt Gen Sir Ann Reed", "Ann", "Reed"),
        ("Friday President Volodymyr Zelenskiy", "Volodymyr", "Zelenskiy"),
        ("Sen. Ann Reed", "Ann", "Reed"),
        ("Former army chief Lord Dannatt", "", "Dannatt"),
        ("Defence Secretary Ben Wallace", "Ben", "Wallace"),
        ("NATO Secretary-General Jens Holm", "Jens", "Holm"),
        ("CHRIS WALLACE", "CHRIS", "WALLACE"),
    ],
)
def test_parse_name_strips_news_titles(text, first, last):
    from audit.lang.names import parse_name

    parsed = parse_name(text)
    assert (parsed.first, parsed.last) == (first, last)


def test_unknown_person_id_ignores_titles():
    from audit.lang.names import parse_name
    from audit.speakers import person_id

    ids = {person_id(parse_name(n)) for n in ("Councillor Tom Briggs", "Tom Briggs MP", "Cllr Tom Briggs")}
    assert ids == {"tom-briggs"}


def test_transliteration_key():
    from audit.lang.names import translit_key

    assert len({translit_key(w) for w in ("Zelenskyy", "Zelensky", "Zelenskiy", "Zelenskyi")}) == 1
    assert len({translit_key(w) for w in ("Zaluzhnyi", "Zaluzhny", "Zaluzhniy", "Zaluzhnyy")}) == 1
    assert translit_key("Girkin") != translit_key("Gerasimov")


def test_nations():
    from audit.lang.nations import country_of, flag_countries, nationality_words

    assert country_of("Kyiv") == "Ukraine" and country_of("U.K.") == "United Kingdom"
    assert country_of("Moscow") == "Russia" and country_of("Dannatt") is None
    assert nationality_words(["the", "united", "kingdom", "ministry"]) == ({"United Kingdom"}, ["the", "ministry"])
    assert flag_countries("\U0001F1FA\U0001F1E6 Kyiv") == {"Ukraine"}


def test_a_bare_surname_needs_agreeing_evidence_when_the_date_is_known(registry):
    campaign, term = date(2016, 2, 1), date(2023, 3, 1)
    assert registry.resolve("Sanders", "person") is not None  # no article: the surname alone
    assert registry.resolve("Sanders", "person", day=campaign) is None
    assert registry.resolve("Mr. Sanders", "person", day=campaign) is None
    assert registry.resolve("Sanders", "person", day=term).speaker_id == "patrick-sanders"
    assert registry.resolve("General Sanders", "person", day=campaign).speaker_id == "patrick-sanders"
    assert registry.resolve("Lord Dannatt", "person", day=term).speaker_id == "richard-dannatt"  # an alias


@pytest.mark.parametrize("mention", ["Bernie Sanders", "Sen. Bernie Sanders", "Vermont Sen. Bernie Sanders",
                                     "Senator Bernie Sanders of the United Kingdom"])
def test_another_first_name_is_never_the_registry_person(registry, mention):
    for day in (None, date(2016, 2, 1), date(2023, 3, 1)):
        found = registry.resolve(mention, "person", day=day)
        assert found is None or found.speaker_id != "patrick-sanders"


@pytest.mark.parametrize(("text", "first", "last"), [("Vermont Sen. Bernie Sanders", "Bernie", "Sanders"),
                                                      ("Fox's Chris Wallace", "Chris", "Wallace"),
                                                      ("Neither Cruz", "", "Cruz")])
def test_names_after_places_titles_and_possessors(text, first, last):
    from audit.lang.names import parse_name

    parsed = parse_name(text)
    assert (parsed.first, parsed.last) == (first, last)
    assert parse_name("Trump and Sanders") is None  # two people


def test_a_bare_office_without_a_country_is_only_a_holder_the_article_names(registry):
    day = date(2016, 2, 1)
    assert registry.holder("the president", day) is None  # not Russia's in any article
    assert registry.holder("the former president", day) is None
    assert registry.holder("the president", day, among={"vladimir-putin"}).speaker_id == "vladimir-putin"
    assert registry.holder("Russia's president", day).speaker_id == "vladimir-putin"


def test_a_dateline_before_a_name_is_not_its_first_name():
    from audit.lang.names import parse_name

    parsed = parse_name("HARTFORD, Conn. (Wire) - Governor Ann Reed")
    assert (parsed.first, parsed.last) == ("Ann", "Reed")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Candidate Gary Lee", "gary-lee"),
        ("Republican candidate Gary Lee", "gary-lee"),
        ("Democratic hopeful Ann Holt", "ann-holt"),
        ("Republican Lindsey Graham", "lindsey-graham"),
        ("House Intelligence Republican Tom Briggs", "tom-briggs"),
        ("Senate Majority Leader Ann Reed", "ann-reed"),
        ("Ohio Gov. Tom Briggs", "tom-briggs"),
        ("New Jersey Gov. Tom Briggs", "tom-briggs"),
        ("Texas Democrat Ann Holt", "ann-holt"),
        ("House Speaker Gary Lee, R-Wis.", "gary-lee"),
        ("Kent County real estate developer Ann Holt", "ann-holt"),
        ("Even Gary Lee", "gary-lee"),
        ("Democrat Holt", "holt"),
        ("Secretary of State Ann Holt", "ann-holt"),
        ("Gary Lee of the consulting firm IMGE", "gary-lee"),
        ("Ann Holt, 66, a retired teacher who lives in Kent", "ann-holt"),
        # given names that are also words or places stay first names
        ("Rand Paul", "rand-paul"),
        ("Chris Christie", "chris-christie"),
        ("Hope Hicks", "hope-hicks"),
        ("Virginia Foxx", "virginia-foxx"),
        ("Marine Le Pen", "marine-le-pen"),
        ("General Sir Patrick Sanders", "patrick-sanders"),
        ("Daniil Bezsonov", "daniil-bezsonov"),
        ("Igor Girkin (Strelkov)", "igor-girkin"),
    ],
)
def test_a_first_name_is_a_given_name_never_a_descriptor(text, expected):
    from audit.lang.names import parse_name
    from audit.speakers import person_id

    assert person_id(parse_name(text)) == expected


def test_a_place_that_is_a_given_name_is_peeled_only_before_a_descriptor():
    from audit.lang.names import parse_name

    assert parse_name("Virginia Democrat Ann Holt").first == "Ann"
    assert parse_name("Georgia Ann Holt").first == "Georgia"
