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
  "less than"/"up to" mirror that below; a *round* bound with a finer printed step
  reaches only one step ("over 2,400" is below 2,500: whoever knew 2,750 would print
  "over 2,700"; "over 350" is below 400);
* **ambiguous units** — "tons" may be metric, short (907 kg) or long (1,016 kg), so its
  interval spans all three; "tonnes" is metric.

Dates, times, years and fractions like "(1/4)" are not figures and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from audit.lang.words import STOPWORD_SET

MAX_ROUNDING_SHARE = 0.05
"""Rounding tolerance is half the printed step, capped at this share of the value."""

APPROX_SHARE = 0.05
"""Extra tolerance either side for "about", "around", "roughly", "some"."""

NEAR_SHARE = 0.10
""""Almost 2,000" lies in ``[2,000 × (1 − NEAR_SHARE), 2,000]``; "just over" mirrors it."""

OPEN_BOUND_SHARE = 0.25
"""How far beyond the printed value "more than"/"less than" are read to reach."""

ROUND_BOUND_MIN_STEP = 10.0
"""A bound counts as *round* when the step it is printed to (:func:`_bound_step`) is at least
this many printed units ("over 2,400", "more than 350", "at least 2.5 million"): such a bound
reaches one step, not ``OPEN_BOUND_SHARE``. An unrounded floor ("at least 78 killed", "more
than 113 ships") is a count so far, not a rounding, and keeps the share. Set from what a
printed step claims, not fitted: it changes no finding on Ever Given, Kharkiv or the shared
renderings; on Beirut it lets "over 2,400 tonnes" for 2,750 be seen (a case read before the
rule was written, so Beirut is no held-out test of it: docs/scoring.md)."""

# Printed unit names -> (canonical unit, pint unit expressions). Unit arithmetic is pint's
# (``_conversion``); only the words outlets print are listed here, longest first within a
# dimension so "square kilometres" wins over "kilometres". "tons" may be metric, short or
# long, so it carries all three and its interval spans them.
_UNITS: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = (
    (("square kilometres", "square kilometers", "square kilometre", "square kilometer", "sq km", "sq. km",
      "square km", "sq kilometres", "sq kilometers", "km²", "km2"), "km²", ("km ** 2",)),
    (("square miles", "square mile", "square mi", "sq miles", "sq mi", "sq. mi", "sq. miles", "mi²"), "mi²", ("mile ** 2",)),
    (("hectares", "hectare", "ha"), "ha", ("hectare",)),
    (("acres", "acre"), "acre", ("acre",)),
    (("kilometres", "kilometers", "kilometre", "kilometer", "km", "kms"), "km", ("km",)),
    (("miles", "mile", "mi"), "mi", ("mile",)),
    (("metres", "meters", "metre", "meter"), "m", ("m",)),
    (("metric tonnes", "metric tons", "tonnes", "tonne"), "t", ("tonne",)),
    (("tons", "ton"), "ton", ("tonne", "short_ton", "long_ton")),
    (("kilograms", "kilogrammes", "kilogram", "kg"), "kg", ("kg",)),
    (("per cent", "percent", "pc", "%"), "%", ("percent",)),
    (("hours", "hour", "hrs"), "h", ("hour",)),
    (("days", "day"), "day", ("day",)),
    (("weeks", "week"), "week", ("week",)),
)
_UNIT_OF = {alt: unit for alts, unit, _ in _UNITS for alt in alts}
_PINT_EXPRESSIONS = {unit: exprs for _, unit, exprs in _UNITS}

_DIMENSIONS = {"[length] ** 2": "area", "[length]": "length", "[mass]": "mass", "dimensionless": "ratio",
               "[time]": "duration"}
"""pint dimensionality -> the dimension name figures are grouped by."""


@dataclass(frozen=True, slots=True)
class _Conversion:
    """A printed unit in SI: its dimension, the factor of its usual reading, and the
    lowest and highest factor it may stand for (they differ only for "tons")."""

    dimension: str
    factor: float
    low: float
    high: float


@cache
def _registry():
    """pint's unit registry, built on the first figure with a unit (commands without
    figures skip it). Parsing pint's definitions costs about 0.4 s in every process, most
    of what ``audit check`` of a short draft spends beyond spaCy, so pint's own cache of
    the parsed definitions is used (in the user's cache folder, as pint places it); where
    that folder cannot be written, the definitions are parsed every time."""
    import pint

    try:
        return pint.UnitRegistry(cache_folder=":auto:")
    except OSError:
        return pint.UnitRegistry()


@cache
def _conversion(unit: str) -> _Conversion:
    """The SI factors of a canonical unit, from pint."""
    ureg = _registry()
    quantities = [ureg.Quantity(1, expr).to_base_units() for expr in _PINT_EXPRESSIONS[unit]]
    factors = [float(q.magnitude) for q in quantities]
    dimension = _DIMENSIONS[str(quantities[0].dimensionality)]
    return _Conversion(dimension, factors[0], min(factors), max(factors))


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


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_NUMBER_RE = re.compile(
    r"(?P<qual>(?:\b(?:" + _alternation(_QUALIFIERS) + r")\s+)+)?"
    r"(?P<num>(?<![\w.,/:-])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d/:])|(?<![\w.,/:-])\d+(?:\.\d+)?(?![\d/:])"
    r"|\b(?:" + "|".join(_WORD_NUMBERS) + r")\b)"
    r"(?:\s*(?P<scale>" + _alternation(_SCALES) + r")\b)?"
    r"(?:[\s-]*(?P<unit>" + _alternation(_UNIT_OF) + r")(?![\w²]))?",
    re.IGNORECASE,
)
_WORD_RUN_RE = re.compile(r"\w+")
_CAN_START_RE = re.compile(
    r"\d\w*|(?:" + "|".join(sorted({q.split()[0] for q in _QUALIFIERS} | set(_WORD_NUMBERS), key=len, reverse=True)) + r")",
    re.IGNORECASE,
)
"""A run of word characters at which :data:`_NUMBER_RE` can begin: one starting with a
digit, a qualifier's first word or a number word. Every alternative of the full pattern
needs a word boundary (or no word character) before it, so a match starts only at a word
run's start, and only at such a run: scanning those runs instead of every position of
the text finds the same matches (``tests/test_score_numbers.py`` checks it against
``finditer``) 1.5-2 times faster (measured on real renderings and bench quotes)."""

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
    counted: str | None = None
    """What the figure counts or measures: the word right after it (after its unit and an
    "of"), lower case, in the singular ("18,300 containers" -> ``container``, "2,750
    tonnes of ammonium" -> ``ammonium``); ``None`` when a stopword or a short token follows
    ("113 of over 420", "10 pm"). Two figures of one speaker with the same dimension and the
    same ``counted`` word are taken as one quantity (``audit.score.standing``)."""

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


def _bound_step(digits: str, step: float) -> float:
    """The step a printed bound is rounded to: its last significant digit's place, or five
    of that place when that digit is a 5 ("2,400" -> 100, "350" -> 50, "1,150" -> 50)."""
    return step * 5 if digits.replace(",", "").replace(".", "").rstrip("0").endswith("5") else step


def _interval(value: float, step: float, qualifier_kind: str | None,
              bound_step: float | None = None) -> tuple[float, float]:
    """The printed-unit interval a value is compatible with (see the module docstring);
    ``bound_step`` is the step of a round bound (:data:`ROUND_BOUND_MIN_STEP`), which caps
    how far "more than"/"less than" reach."""
    half = min(step / 2, abs(value) * MAX_ROUNDING_SHARE) if value else step / 2
    reach = abs(value) * OPEN_BOUND_SHARE
    if bound_step is not None and bound_step >= ROUND_BOUND_MIN_STEP:
        reach = min(reach, bound_step)
    low, high = value - half, value + half
    if qualifier_kind == "approx":
        low, high = low - abs(value) * APPROX_SHARE, high + abs(value) * APPROX_SHARE
    elif qualifier_kind == "below":
        low, high = value * (1 - NEAR_SHARE), value
    elif qualifier_kind == "above":
        low, high = value, value * (1 + NEAR_SHARE)
    elif qualifier_kind == "at_most":
        low, high = value - reach, value
    elif qualifier_kind == "at_least":
        low, high = value, value + reach
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


def _scan(text: str) -> Iterator[re.Match[str]]:
    """What ``_NUMBER_RE.finditer(text)`` yields, trying the pattern only at the word runs
    where it can begin (:data:`_CAN_START_RE`) instead of at every position."""
    end = 0
    for run in _WORD_RUN_RE.finditer(text):
        start = run.start()
        if start < end or not _CAN_START_RE.fullmatch(text, start, run.end()):
            continue
        m = _NUMBER_RE.match(text, start)
        if m is not None:
            end = m.end()
            yield m


@lru_cache(maxsize=1 << 14)
def _extract(text: str) -> tuple[Measure, ...]:
    """The scan itself, memoised: the same sentence recurs in syndicated copy."""
    found: list[Measure] = []
    for m in _scan(text):
        number, unit_text, scale_text = m.group("num"), m.group("unit"), m.group("scale")
        word = number.lower() in _WORD_NUMBERS
        if word and not unit_text:
            continue
        if not word and _is_date_or_year(text, m.start("num"), m.end(), number, bool(unit_text or scale_text)):
            continue
        if word:
            value, step, bound = float(_WORD_NUMBERS[number.lower()]), 1.0, 1.0
        else:
            value, step = float(number.replace(",", "")), _step(number)
            bound = _bound_step(number, step)
        scale = _SCALES[scale_text.lower()] if scale_text else 1.0
        value, step, bound = value * scale, step * scale, bound * scale
        if unit_text:
            unit = _UNIT_OF[re.sub(r"\s+", " ", unit_text.lower())]
            conv = _conversion(unit)
            dimension, factor, factor_low, factor_high = conv.dimension, conv.factor, conv.low, conv.high
        else:
            unit, dimension, factor, factor_low, factor_high = "", "count", 1.0, 1.0, 1.0
        qual_phrase = _last_qualifier(m.group("qual"))
        kind = _QUALIFIERS[qual_phrase] if qual_phrase else None
        low, high = _interval(value, step, kind, bound)
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
                counted=_counted(text, m.end()),
            )
        )
    return tuple(found)


_COUNTED_RE = re.compile(r"[\s-]*(?:of\s+(?:the\s+)?)?([A-Za-z]+)")
COUNTED_MIN_LETTERS = 3
"""Shorter words after a figure are clock marks and abbreviations ("pm", "am", "bn"), not what is counted."""


def _counted(text: str, end: int) -> str | None:
    """The word naming what a figure ending at ``end`` counts (:attr:`Measure.counted`)."""
    m = _COUNTED_RE.match(text, end)
    if m is None or len(m.group(1)) < COUNTED_MIN_LETTERS:
        return None
    word = m.group(1).lower()
    if word in STOPWORD_SET:
        return None
    if word.endswith("ies"):
        return word[:-3] + "y"  # casualties, lorries
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def agree(a: Measure, b: Measure) -> bool:
    """Whether two figures can be renderings of the same quantity: same dimension and
    overlapping intervals (touching at one point is not enough: "more than 2,000" and
    "almost 2,000" disagree)."""
    if a.dimension != b.dimension:
        return False
    return max(a.low, b.low) < min(a.high, b.high)


def same_thing(a: Measure, b: Measure) -> bool:
    """Whether two figures may count the same thing: not two plain counts whose counted
    words differ ("300 vessels" and "160 ships", "20 states" and "40 delegates"). A count
    with no counted word, and any figure with a unit, may be anything of its dimension; the
    word after a unit ("tonnes of explosive", "tonnes of ammonium") names no other quantity.
    Used where a figure is blamed, not where renderings are linked (:func:`agree`)."""
    return a.dimension != "count" or not a.counted or not b.counted or a.counted == b.counted


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


# ---------------------------------------------------------------- a rendering's own conversions

CONVERSION_SLACK_SHARE = 0.01
"""The least a printed conversion may be off, as a share of the exact conversion, however
precisely it is printed: outlets convert with rounded factors (1 mile ≈ 1.6 km, 1 km² ≈
0.386 sq mi), which moves "1,158" by well under 1 %."""

_PAIR_GAP_RE = re.compile(r"^\s*(?:[(\[]|,?\s+or\s+|\s*[–—]\s*)\s*$", re.IGNORECASE)
"""What may stand between a figure and its conversion: "2,000 sq km (772 sq mi)",
"3,000 km², or 1,158 square miles", "50 km – 31 miles"."""
_PAIR_CLOSE_RE = re.compile(r"^\s*[)\]]")


@dataclass(frozen=True, slots=True)
class Conversion:
    """A figure printed with its own conversion ("2,000 sq km (700 sq miles)") and
    whether the conversion holds: ``exact`` is the first figure's printed value in the
    second's unit (pint), ``tolerance`` how far the second may stand from it."""

    first: Measure
    second: Measure
    exact: float
    exact_high: float
    tolerance: float
    holds: bool

    @property
    def arithmetic(self) -> str:
        """The check a reader can redo: ``2,000 km² = 772 mi², printed as 700 mi²: off by 72 (9.4 %); rounding
        to the nearest 100 allows ± 46``."""
        shown = _fmt(self.exact) if self.exact_high == self.exact else f"{_fmt(self.exact)}–{_fmt(self.exact_high)}"
        off = abs(self.second.value - _nearest(self.second.value, self.exact, self.exact_high))
        share = off / self.exact * 100 if self.exact else 0.0
        return (f"{_fmt(self.first.value)} {self.first.unit} = {shown} {self.second.unit}, printed as "
                f"{_fmt(self.second.value)} {self.second.unit}: off by {_fmt(off)} ({share:.1f} %); rounding to the "
                f"nearest {_fmt(_conversion_step(self.second))} allows ± {_fmt(self.tolerance)}")


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.3g}"


def _nearest(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _conversion_step(m: Measure) -> float:
    """The rounding a printed conversion claims: the place of its last non-zero digit,
    where a final 5 means rounding to the nearest 5 of that place (1,150 → 50; 1,160 →
    10; 2,400 → 100; 31 → 1; 31.5 → 0.5)."""
    return _bound_step(_number_text(m), m.precision)


def _number_text(m: Measure) -> str:
    found = re.search(r"\d[\d,]*(?:\.\d+)?", m.text)
    return found.group(0) if found else ""


def conversion_tolerance(m: Measure, exact: float) -> float:
    """How far a printed conversion ``m`` may stand from the ``exact`` conversion: half of
    its own rounding step (``_conversion_step``), capped at ``MAX_ROUNDING_SHARE`` of the
    value as for any figure, but never less than ``CONVERSION_SLACK_SHARE``. So 2,000 km²
    = 772 mi² may be printed 770, 775 or 800 (± 39) but not 700; 6,000 km² = 2,317 mi²
    may be 2,300 or 2,320 but not 2,400 (± 50); 3,000 km² = 1,158 mi² may be 1,150 (a
    final 5: ± 25) or 1,160, not 1,100 (± 50)."""
    rounding = min(_conversion_step(m) / 2, abs(exact) * MAX_ROUNDING_SHARE)
    return max(rounding, abs(exact) * CONVERSION_SLACK_SHARE)


def conversions(text: str, measures: list[Measure] | None = None) -> list[Conversion]:
    """Every figure in ``text`` followed by its own conversion into another unit of the
    same dimension, checked. The first figure is the one converted: the second must be
    its printed value converted exactly (pint) and rounded to the second's own step
    (``conversion_tolerance``). A figure bounded by "more than"/"at least"/"over" (or
    "less than"/"up to") may be rounded one whole step towards its bound, since the bound
    stays true ("more than 3,000 km² (1,100 sq mi)").

    >>> [c.holds for c in conversions("2,000 sq km (700 sq miles) and 6,000 square km (2,300 square miles)")]
    [False, True]
    """
    found = extract_numbers(text) if measures is None else measures
    pairs = []
    for first, second in zip(found, found[1:]):
        if first.dimension != second.dimension or first.unit == second.unit or not first.unit or not second.unit:
            continue
        gap = text[first.end:second.start]
        if not _PAIR_GAP_RE.match(gap) or (gap.strip()[:1] in "([" and gap.strip() and
                                          not _PAIR_CLOSE_RE.match(text[second.end:])):
            continue
        ureg = _registry()
        ends = [ureg.Quantity(first.value, a).to(b).magnitude
                for a in _PINT_EXPRESSIONS[first.unit] for b in _PINT_EXPRESSIONS[second.unit]]
        low, high = float(min(ends)), float(max(ends))
        tol = conversion_tolerance(second, low)
        bound = _QUALIFIERS.get(first.qualifier or second.qualifier or "")
        lo_ok, hi_ok = low - tol, high + tol
        if bound in ("at_least", "above"):
            lo_ok = min(lo_ok, low - _conversion_step(second))
        elif bound in ("at_most", "below"):
            hi_ok = max(hi_ok, high + _conversion_step(second))
        pairs.append(Conversion(first, second, low, high, tol, lo_ok <= second.value <= hi_ok))
    return pairs
