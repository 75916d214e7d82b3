"""Figures with units: extraction, unit conversion, rounding tolerance, qualifiers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.lang.numbers import agree, extract_numbers, in_reference_unit


def one(text: str):
    found = extract_numbers(text)
    assert len(found) == 1, found
    return found[0]


def test_extracts_value_unit_dimension_qualifier_and_offsets() -> None:
    text = "Zaluzhnyy said Ukraine has liberated about about 1,160 square miles since the beginning of September."
    m = one(text)
    assert (m.value, m.unit, m.dimension, m.qualifier) == (1160.0, "mi²", "area", "about")
    assert text[m.start:m.end] == "about about 1,160 square miles" == m.text
    assert m.si == pytest.approx(1160 * 2_589_988.11, rel=1e-6)
    assert m.precision == 10


@pytest.mark.parametrize(
    "a, b",
    [
        ("3,000 km²", "1,158 sq mi"),
        ("3,000 km²", "about 1,160 square miles"),
        ("1,158 sq mi", "about 1,160 square miles"),
        ("more than 3,000 square kilometres", "more than 1,150 square miles"),
        ("some 3,000 sq km", "about 1,160 square miles"),
        ("50 km", "30 miles"),
        ("50 km", "31 miles"),
        ("50 kilometres", "about 30 miles"),
        ("60,000 tonnes", "60,000 tons"),
        ("60,000 tonnes", "66,000 tons"),  # the same mass in short tons
        ("30%", "30 per cent"),
        ("around 30%", "about 30 percent"),
        ("24 hours", "one day"),
    ],
)
def test_renderings_that_agree(a: str, b: str) -> None:
    assert agree(one(a), one(b))
    assert agree(one(b), one(a))


@pytest.mark.parametrize(
    "a, b",
    [
        ("3,000 km²", "almost 2,000 square miles"),
        ("about 1,160 square miles", "almost 2,000 square miles"),
        ("more than 3,000 square kilometres", "almost 2,000 square miles"),
        ("50 km", "50 miles"),
        ("60,000 tonnes", "6,000 tonnes"),
        ("30%", "40 per cent"),
        ("3,000 km²", "3,000 km"),  # area is not length
        ("more than 2,000", "almost 2,000"),  # touching at one point is not agreement
        ("24 hours", "25 hours"),
    ],
)
def test_renderings_that_disagree(a: str, b: str) -> None:
    assert not agree(one(a), one(b))


def test_rounding_tolerance_follows_printed_precision() -> None:
    assert one("1,160 square miles").precision == 10
    assert one("1,158 square miles").precision == 1
    assert one("31.5 miles").precision == pytest.approx(0.1)
    assert agree(one("1,160 square miles"), one("1,158 square miles"))
    assert not agree(one("1,158 square miles"), one("1,152 square miles"))
    assert one("2.5 million").value == 2_500_000


def test_dates_times_years_and_fractions_are_not_figures() -> None:
    text = "On 07 September 2022, at 08:06, (1/4) the MoD said 60,000 tonnes; in 2014 and COVID-19."
    assert [m.text for m in extract_numbers(text)] == ["60,000 tonnes"]


def test_plain_counts_and_spelled_numbers_with_units() -> None:
    assert [(m.value, m.dimension) for m in extract_numbers("12 soldiers and two weeks")] == [
        (12.0, "count"), (2.0, "duration")
    ]
    assert extract_numbers("one of the towns") == []


def test_reference_unit_for_reports() -> None:
    assert in_reference_unit(one("almost 2,000 square miles")) == "≈ 5,180 km²"
    assert in_reference_unit(one("60,000 tons")) == "≈ 60,000 tonnes"


@given(st.integers(min_value=1, max_value=10**7))
def test_a_figure_always_agrees_with_itself_and_its_exact_conversion(n: int) -> None:
    km = one(f"{n:,} km")
    assert agree(km, km)
    assert agree(km, one(f"{n / 1.609344:.3f} miles"))


@given(st.text(max_size=200))
def test_never_crashes_and_offsets_hold(text: str) -> None:
    for m in extract_numbers(text):
        assert text[m.start:m.end] == m.text
        assert m.low <= m.si <= m.high or m.qualifier is not None


def test_every_printed_unit_converts_through_pint() -> None:
    from audit.lang.numbers import _PINT_EXPRESSIONS, _conversion

    for unit in _PINT_EXPRESSIONS:
        conv = _conversion(unit)
        assert conv.factor > 0 and conv.low <= conv.factor <= conv.high, unit
    assert _conversion("acre").factor == pytest.approx(4046.86, rel=1e-5)
    assert _conversion("ton").low == pytest.approx(907.18474) and _conversion("ton").high == pytest.approx(1016.0469088)


@pytest.mark.parametrize(
    "text, holds",
    [
        ("2,000 sq km (700 sq miles)", False),           # 772 mi²: 700 is beyond rounding to the nearest 100
        ("6,000 square km (2,400 square miles)", False),  # 2,317 mi²
        ("6,000 square km (2,300 square miles)", True),
        ("2,000 km2 (800 sq mi)", True),                  # 772 rounded to the nearest 100
        ("3,000 km² (1,150 sq mi)", True),                # a final 5: rounded to the nearest 50
        ("more than 3,000 km² (1,100 sq mi)", True),      # a lower bound may round down a whole step
        ("3,000 km² (1,100 sq mi)", False),
        ("50 kilometres (31 miles)", True),
        ("50 km (30 miles)", True),
        ("50 km (32 miles)", False),
        ("3,000 km², or 1,158 square miles,", True),
        ("60,000 tonnes (66,000 tons)", True),            # short tons
        ("700 sq miles (2,000 sq km)", False),           # 1,813 km²: over 5 % off
        ("200 acres (81 hectares)", True),
    ],
)
def test_a_figure_and_its_own_conversion(text: str, holds: bool) -> None:
    from audit.lang.numbers import conversions

    (pair,) = conversions(text)
    assert pair.holds is holds, pair.arithmetic
    assert f"printed as {pair.second.value:,.0f}" in pair.arithmetic


@pytest.mark.parametrize("text", ["It ran 50 km. Or 20 miles later", "50 km and 31 miles", "30% (30 per cent)",
                                  "400 square kilometres (400 square kilometres)"])
def test_not_a_conversion(text: str) -> None:
    from audit.lang.numbers import conversions

    assert conversions(text) == []


_PIECES = [
    "about", "ABOUT", "more than", "More  than", "up to", "an estimated", "close to", "no more than", "in excess of",
    "over", "under", "some", "at least", "just over", "approaching", "2,000", "1,160", "3.5", "12", "2022", "6,000",
    "10:30", "5/6", "1.2.3", "A4", "x9", "two", "Twenty", "sixteen", "sixteenth", "dozen", "hundred", "one-third",
    "million", "bn", "sq km", "square miles", "km²", "km2", "kilometres", "tonnes", "tons", "per cent", "%", "percent",
    "miles", "hours", "km/h", "kmh", "September", "Sept.", "on 6", "(", ")", "“", "”", "-", ",", ".", " ", "  ", "\n",
    "the", "city", "Izium", "İn", "ſome", "K", "²", "٣", "5km", "over5", "about-", "—",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=14).map(lambda parts: " ".join(parts)),
       st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_the_word_run_scan_finds_what_finditer_finds(spaced: str, glued: str) -> None:
    """The scan tries the pattern only where a word run can begin a figure; it must find
    exactly the matches (spans and groups) of scanning every position."""
    from audit.lang.numbers import _NUMBER_RE, _scan

    for text in (spaced, glued):
        assert [(m.span(), m.groups()) for m in _scan(text)] == [(m.span(), m.groups()) for m in _NUMBER_RE.finditer(text)]


@pytest.mark.parametrize(
    "bound, other, agrees",
    [
        ("over 2,400 tonnes", "2,750 tonnes", False),       # a round bound reaches one step: below 2,500
        ("over 2,400 tonnes", "2,480 tonnes", True),
        ("more than 350 vessels", "321 vessels", False),
        ("more than 350 vessels", "390 vessels", True),      # a final 5: rounded to the nearest 50
        ("more than 350 vessels", "420 vessels", False),
        ("more than 300 vessels", "321 vessels", True),      # one significant digit: OPEN_BOUND_SHARE still caps
        ("at least 78", "at least 90", True),                # an unrounded floor is a count so far, not a rounding
        ("up to 250,000", "210,000", True),
        ("up to 250,000", "190,000", False),
        ("more than 2.5 million", "2.9 million", True),
        ("more than 2.5 million", "3.2 million", False),
    ],
)
def test_a_round_bound_claims_its_printed_step(bound: str, other: str, agrees: bool) -> None:
    (a,), (b,) = extract_numbers(bound), extract_numbers(other)
    assert agree(a, b) is agrees


@pytest.mark.parametrize(
    "text, counted",
    [
        ("some of the 4,200 crates on the quay", "crate"),
        ("1,850 tonnes of grain", "grain"),
        ("at least 12 of over 40 barges", None),  # "of over": what the 12 counts is not next to it
        ("at 10 pm on Friday", None),
        ("the toll rose to 80.", None),
        ("about 300 lorries", "lorry"),
        ("some 40 casualties and 12 buses", "casualty"),
    ],
)
def test_the_word_naming_what_a_figure_counts(text: str, counted: str | None) -> None:
    assert extract_numbers(text)[0].counted == counted


def test_counts_of_different_things_are_not_the_same_quantity() -> None:
    from audit.lang.numbers import same_thing

    (vessels,), (ships,), (bare,) = (extract_numbers(t) for t in ("300 vessels", "160 ships", "it was 160."))
    assert not same_thing(vessels, ships) and same_thing(vessels, bare)
    (a,), (b,) = extract_numbers("2,400 tonnes of explosive"), extract_numbers("2,750 tonnes of ammonium")
    assert same_thing(a, b)  # a unit's figure: the word after it names no other quantity
