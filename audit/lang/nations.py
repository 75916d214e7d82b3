"""Nationality evidence in a mention: which country words like "Russia's", "Moscow's",
"Kyiv's", "British", "UK" or a flag emoji point to.

Look-alike institutions (the defence ministries of the UK, Russia and Ukraine) differ only
in this evidence, so a mention keeps it and the registry compares it with a speaker's
``nationality``. Countries are named here as the registry spells ``nationality``; each
has the words that point to it: the country's names, its demonym/adjective, and the
capital or seat of government used for it by metonymy ("Moscow said", "Whitehall"). The
table (``nations.txt``) covers the countries most often in international news; a registry may use any
other country name, which then matches by its own name only.
"""

from __future__ import annotations

import re
from pathlib import Path

NATIONS_FILE = Path(__file__).with_name("nations.txt")
"""The table: one line a country, its ISO 3166 code and the words pointing to it."""


def _read(text: str) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """The words of each country and the country of each ISO code, from the table's text."""
    words: dict[str, tuple[str, ...]] = {}
    codes: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            country, code, listed = (part.strip() for part in line.split("|"))
            words[country] = tuple(w.strip() for w in listed.split(","))
            codes[code] = country
    return words, codes


NATIONS, FLAGS = _read(NATIONS_FILE.read_text(encoding="utf-8"))
"""Country (as the registry's ``nationality`` names it) -> words pointing to it; ISO 3166 code of
its flag emoji (two regional-indicator letters) -> country. "Georgia" is left out as a word: it is
also a US state."""

SEATS = frozenset({"kremlin", "whitehall", "downing street", "white house", "pentagon", "elysee"})
"""Buildings that stand for one body ("the Kremlin", "the Pentagon"): evidence of a country
beside other words ("the Kremlin's defence ministry"), a body of its own when alone
(unlike a capital: "Moscow said" credits Russia only vaguely)."""

_REGIONAL_A = 0x1F1E6
_FLAG = re.compile("[\U0001F1E6-\U0001F1FF]{2}")

_PHRASES: dict[tuple[str, ...], str] = {}
for _country, _aliases in NATIONS.items():
    for _w in (_country.lower(), *_aliases):
        _PHRASES[tuple(_w.split())] = _country
MAX_PHRASE = max(len(p) for p in _PHRASES)
"""Longest country phrase in words ("russian federation", "united states")."""


def country_of(phrase: str) -> str | None:
    """The country one word or phrase points to (``"Kyiv"`` -> ``"Ukraine"``), else ``None``."""
    return _PHRASES.get(tuple(_words(phrase)))


def is_seat(phrase: str) -> bool:
    """Whether ``phrase`` is only a seat of government (``the Pentagon``, ``Downing Street``)."""
    words = _words(phrase)
    return " ".join(w for w in words if w != "the") in SEATS


def nationality_words(words: list[str]) -> tuple[set[str], list[str]]:
    """Split casefolded ``words`` into the countries they name and the other words.

    ``["russia", "defence", "ministry"]`` -> ``({"Russia"}, ["defence", "ministry"])``;
    the longest country phrase at each position wins (``united kingdom``).
    """
    countries: set[str] = set()
    rest: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            country = _PHRASES.get(tuple(words[i:i + n]))
            if country is not None:
                countries.add(country)
                i += n
                break
        else:
            rest.append(words[i])
            i += 1
    return countries, rest


US_STATES = frozenset(
    s.replace("_", " ")
    for s in """alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho
    illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi
    missouri montana nebraska nevada new_hampshire new_jersey new_mexico new_york north_carolina north_dakota ohio
    oklahoma oregon pennsylvania rhode_island south_carolina south_dakota tennessee texas utah vermont virginia
    washington west_virginia wisconsin wyoming""".split()
)
"""The US states, casefolded. News copy puts one before an office or a name ("Ohio Gov. John
Kasich", "Texas Republican Ted Cruz"); it is a place there, not part of the name."""


def leading_place(words: list[str]) -> int:
    """How many of the casefolded ``words`` at the front name a place: a country word of
    :data:`NATIONS` or a US state (``["new", "jersey", "gov"]`` -> 2); 0 when none does."""
    for n in range(min(MAX_PHRASE, len(words)), 0, -1):
        phrase = tuple(words[:n])
        if phrase in _PHRASES or " ".join(phrase) in US_STATES:
            return n
    return 0


def flag_countries(text: str) -> set[str]:
    """Countries of the flag emoji in ``text`` (``Ministry of Defence 🇬🇧`` -> United Kingdom)."""
    out = set()
    for flag in _FLAG.findall(text):
        code = "".join(chr(ord(ch) - _REGIONAL_A + ord("A")) for ch in flag)
        if code in FLAGS:
            out.add(FLAGS[code])
    return out


def fold_acronyms(text: str) -> str:
    """Dotted acronyms written solid (``U.K.`` -> ``UK``, ``U.S.`` -> ``US``), so the words
    survive punctuation being stripped."""
    return _DOTTED.sub(lambda m: m.group().replace(".", ""), text)


_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")


def _words(text: str) -> list[str]:
    text = fold_acronyms(text).casefold().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    return re.findall(r"\w+", text)
