"""Numeric claims with units, and whether two renderings of a figure agree.

Outlets convert and round: the MoD's "3,000 km²" becomes "1,158 sq mi" in one paper and
"about 1,160 square miles" in another; "50 km" becomes "30 miles" or "31 miles". Those
agree. "Almost 2,000 square miles" for the same figure does not. So every figure becomes
an *interval* in SI units, widened by what the printed number itself says about its
precision, and two figures agree when their intervals overlap:

* **rounding** — a number printed as ``1,160`` was rounded to the nearest 10, ``1,158``
  to the nearest 1, ``31.5`` to the nearest 0.1 (the step of the last non-zero digit).
  Half a step either side is allowed, but never more than ``MAX_ROUNDING_SHARE`` of the
  value, so "3,000" is not read as "anything from 2,500 to 3,500";
* **qualifiers** — "about" widens by ``APPROX_SHARE``; "almost"/"nearly" put the value
  just below the printed one (``NEAR_SHARE``); "more than"/"at least" put it above, up to
  ``OPEN_BOUND_SHARE`` more (copy says "more than 3,000" of 3,100, not of 30,000), and
  "less than"/"up to" mirror that below;
* **ambiguous units** — "tons" may be metric, short (907 kg) or long (1,016 kg), so its
  interval spans all three; "tonnes" is metric.

Dates, times, years and fractions like "(1/4)" are not figures and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MAX_ROUNDING_SHARE = 0.05
"""Rounding tolerance is half the printed step, capped at this share of the value."""

APPROX_SHARE = 0.05
"""Extra tolerance either side for "about", "around", "roughly", "some"."""

NEAR_SHARE = 0.10
""""Almost 2,000" lies in ``[2,000 × (1 − NEAR_SHARE), 2,000]``; "just over" mirrors it."""

OPEN_BOUND_SHARE = 0.25
"""How far beyond the printed value "more than"/"less than" are read to reach."""

SHORT_TON_KG = 907.18474
LONG_TON_KG = 1016.0469088
MILE_M = 1609.344
SQ_MILE_M2 = MILE_M**2

# (alternatives, canonical unit, dimension, SI factor as printed, SI factor low, SI factor high); longest first
# within a dimension so "square kilometres" wins over "kilometres".
_UNITS: tuple[tuple[tuple[str, ...], str, str, float, float, float], ...] = (
    (("square kilometres", "square kilometers", "square kilometre", "square kilometer", "sq km", "sq. km",
      "km²", "km2"), "km²", "area", 1e6, 1e6, 1e6),
    (("square miles", "square mile", "sq miles", "sq mi", "sq. mi", "sq. miles", "mi²"), "mi²", "area",
     SQ_MILE_M2, SQ_MILE_M2, SQ_MILE_M2),
    (("hectares", "hectare", "ha"), "ha", "area", 1e4, 1e4, 1e4),
    (("acres", "acre"), "acre", "area", 4046.8564224, 4046.8564224, 4046.8564224),
    (("kilometres", "kilometers", "kilometre", "kilometer", "km", "kms"), "km", "length", 1e3, 1e3, 1e3),
    (("miles", "mile", "mi"), "mi", "length", MILE_M, MILE_M, MILE_M),
    (("metres", "meters", "metre", "meter"), "m", "length", 1.0, 1.0, 1.0),
    (("metric tonnes", "metric tons", "tonnes", "tonne"), "t", "mass", 1e3, 1e3, 1e3),
    (("tons", "ton"), "ton", "mass", 1e3, SHORT_TON_KG, LONG_TON_KG),
    (("kilograms", "kilogrammes", "kilogram", "kg"), "kg", "mass", 1.0, 1.0, 1.0),
    (("per cent", "percent", "pc", "%"), "%", "ratio", 0.01, 0.01, 0.01),
    (("hours", "hour", "hrs"), "h", "duration", 3600.0, 3600.0, 3600.0),
    (("days", "day"), "day", "duration", 86400.0, 86400.0, 86400.0),
    (("weeks", "week"), "week", "duration", 604800.0, 604800.0, 604800.0),
)
_UNIT_INFO = {alt: (unit, dim, c, lo, hi) for alts, unit, dim, c, lo, hi in _UNITS for alt in alts}

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}

_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
     "hundred": 100, "dozen": 12}
"""Spelled-out numbers, read only when a unit follows ("two weeks"), never as bare counts."""

# Qualifier phrase -> how it shapes the interval.
_QUALIFIERS = {
    "about": "approx", "around": "approx", "approximately": "approx", "roughly": "approx", "some": "approx",
    "an estimated": "approx", "estimated": "approx", "circa": "approx", "an approximate": "approx",
    "almost": "below", "nearly": "below", "close to": "below", "just under": "below", "approaching": "below",
    "less than": "at_most", "fewer than": "at_most", "under": "at_most", "up to": "at_most", "no more than": "at_most",
    "more than": "at_least", "over": "at_least", "at least": "at_least", "upwards of": "at_least",
    "in excess of": "at_least", "just over": "above", "just above": "above",
}

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)


def _alternation(words: object) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_NUMBER_RE = re.compile(
    r"(?P<qual>(?:\b(?:" + _alternation(_QUALIFIERS) + r")\s+)+)?"
    r"(?P<num>(?<![\w.,/:-])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d/:])|(?<![\w.,/:-])\d+(?:\.\d+)?(?![\d/:])"
    r"|\b(?:" + "|".join(_WORD_NUMBERS) + r")\b)"
    r"(?:\s*(?P<scale>" + _alternation(_SCALES) + r")\b)?"
    r"(?:[\s-]*(?P<unit>" + _alternation(_UNIT_INFO) + r")(?![\w²]))?",
    re.IGNORECASE,
)
_MAYBE_NUMBER_RE = re.compile(r"\d|\b(?:" + "|".join(_WORD_NUMBERS) + r")\b", re.IGNORECASE)
"""Cheap test that lets the full scan skip texts with no digit and no number word."""
_MONTH_BEFORE = re.compile(r"\b(?:" + _MONTHS + r")\.?\s*$", re.IGNORECASE)
_MONTH_AFTER = re.compile(r"^\s*(?:" + _MONTHS + r")\b", re.IGNORECASE)
_LAST_QUALIFIER_RE = re.compile(r"\b(" + _alternation(_QUALIFIERS) + r")\s*$", re.IGNORECASE)
_YEAR_MIN, _YEAR_MAX = 1800, 2100


@dataclass(frozen=True, slots=True)
class Measure:
    """One figure as printed, with the SI interval it stands for.

    ``value`` is in ``unit`` (scale words applied: "2.5 million" -> 2_500_000);
    ``si`` its value in SI units (m, m², kg, fraction, s; counts as is);
    ``low``/``high`` the SI interval it is compatible with (rounding, qualifier, unit
    ambiguity); ``start``/``end`` the offsets of the whole phrase in the text given.
    """

    value: float
    unit: str
    dimension: str
    si: float
    low: float
    high: float
    qualifier: str | None
    precision: float
    start: int
    end: int
    text: str

    def __str__(self) -> str:
        return self.text


def _last_qualifier(phrase: str | None) -> str | None:
    """The qualifier nearest the number ("about about 1,160" -> "about")."""
    if not phrase:
        return None
    m = _LAST_QUALIFIER_RE.search(phrase)
    return re.sub(r"\s+", " ", m.group(1).lower()) if m else None


def _step(number: str) -> float:
    """The rounding step a printed number implies: its last significant digit's place."""
    digits = number.replace(",", "")
    if "." in digits:
        return 10.0 ** -len(digits.split(".", 1)[1])
    stripped = digits.rstrip("0")
    return 10.0 ** (len(digits) - len(stripped)) if stripped else 1.0


def _interval(value: float, step: float, qualifier_kind: str | None) -> tuple[float, float]:
    """The printed-unit interval a value is compatible with (see the module docstring)."""
    half = min(step / 2, abs(value) * MAX_ROUNDING_SHARE) if value else step / 2
    low, high = value - half, value + half
    if qualifier_kind == "approx":
        low, high = low - abs(value) * APPROX_SHARE, high + abs(value) * APPROX_SHARE
    elif qualifier_kind == "below":
        low, high = value * (1 - NEAR_SHARE), value
    elif qualifier_kind == "above":
        low, high = value, value * (1 + NEAR_SHARE)
    elif qualifier_kind == "at_most":
        low, high = value * (1 - OPEN_BOUND_SHARE), value
    elif qualifier_kind == "at_least":
        low, high = value, value * (1 + OPEN_BOUND_SHARE)
    return low, high


def _is_date_or_year(text: str, start: int, end: int, number: str, has_unit: bool) -> bool:
    if has_unit:
        return False
    if _MONTH_BEFORE.search(text[max(0, start - 12):start]) or _MONTH_AFTER.match(text[end:end + 12]):
        return True
    return number.isdigit() and len(number) == 4 and _YEAR_MIN <= int(number) <= _YEAR_MAX


def extract_numbers(text: str) -> list[Measure]:
    """Every figure in ``text`` with its unit (or none: a plain count), in text order.

    >>> [m.text for m in extract_numbers("liberated about 1,160 square miles since 6 September")]
    ['about 1,160 square miles']
    """
    return list(_extract(text)) if _MAYBE_NUMBER_RE.search(text) else []


@lru_cache(maxsize=1 << 14)
def _extract(text: str) -> tuple[Measure, ...]:
    """The scan itself, memoised: the same sentence recurs in syndicated copy."""
    found: list[Measure] = []
    for m in _NUMBER_RE.finditer(text):
        number, unit_text, scale_text = m.group("num"), m.group("unit"), m.group("scale")
        word = number.lower() in _WORD_NUMBERS
        if word and not unit_text:
            continue
        if not word and _is_date_or_year(text, m.start("num"), m.end(), number, bool(unit_text or scale_text)):
            continue
        if word:
            value, step = float(_WORD_NUMBERS[number.lower()]), 1.0
        else:
            value, step = float(number.replace(",", "")), _step(number)
        scale = _SCALES[scale_text.lower()] if scale_text else 1.0
        value, step = value * scale, step * scale
        if unit_text:
            unit, dimension, factor, factor_low, factor_high = _UNIT_INFO[re.sub(r"\s+", " ", unit_text.lower())]
        else:
            unit, dimension, factor, factor_low, factor_high = "", "count", 1.0, 1.0, 1.0
        qual_phrase = _last_qualifier(m.group("qual"))
        kind = _QUALIFIERS[qual_phrase] if qual_phrase else None
        low, high = _interval(value, step, kind)
        start = m.start("qual") if m.group("qual") else m.start("num")
        found.append(
            Measure(
                value=value,
                unit=unit,
                dimension=dimension,
                si=value * factor,
                low=low * factor_low,
                high=high * factor_high,
                qualifier=qual_phrase,
                precision=step,
                start=start,
                end=m.end(),
                text=text[start:m.end()],
            )
        )
    return tuple(found)


def agree(a: Measure, b: Measure) -> bool:
    """Whether two figures can be renderings of the same quantity: same dimension and
    overlapping intervals (touching at one point is not enough: "more than 2,000" and
    "almost 2,000" disagree)."""
    if a.dimension != b.dimension:
        return False
    return max(a.low, b.low) < min(a.high, b.high)


_REFERENCE_UNITS = {"area": ("km²", 1e6), "length": ("km", 1e3), "mass": ("tonnes", 1e3), "ratio": ("%", 0.01),
                    "duration": ("hours", 3600.0), "count": ("", 1.0)}
"""The unit each dimension is shown in when two figures are compared in a report."""


def in_reference_unit(m: Measure) -> str:
    """A figure's central value in its dimension's reference unit ("≈ 5,180 km²"), so two
    renderings in different units can be read side by side."""
    unit, factor = _REFERENCE_UNITS[m.dimension]
    value = m.si / factor
    shown = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"
    return f"≈ {shown} {unit}".rstrip()
