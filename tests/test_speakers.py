"""The speakers registry: loading the TOML, exact and fuzzy names, look-alikes kept apart."""

from __future__ import annotations

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


@pytest.mark.parametrize("mention", ["Russian ministry", "Boris Johnson", "the Kremlin spokesman", ""])
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
    assert reg.resolve("Starmer") is None or reg.resolve("Starmer").speaker_id == "keir-starmer"


def test_bare_name_keeps_the_name_as_written():
    from audit.speakers import bare_name

    assert bare_name("Senator Ann Reed") == "Ann Reed"
    assert bare_name("Former Prime Minister Theresa May") == "Theresa May"
    assert bare_name("The Home Office") == "Home Office"
    assert bare_name("Lord Dannatt") == "Lord Dannatt"  # a peer's style is part of the name
    assert bare_name("President") == "President"  # never an empty name
