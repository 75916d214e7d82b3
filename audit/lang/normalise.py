"""Normalise quote text so renderings that differ only cosmetically compare equal.

Two renderings of one utterance often differ in ways no reader would call a change of
wording: case, punctuation, curly vs straight quote marks, British vs American
spelling ("minimise"/"minimize"), number formats ("60,000"/"60000", "30 per cent" /
"30%"), accents ("Zelenskyy"/"Zelénskyy"). The normalised text drops all of these.

It is a *matching key*, never shown as a quotation: rules only need to be applied the
same way on both sides, so over-applying one ("rise" -> "rize") is harmless as long as it
never merges two different words that matter. Real word changes ("try to" vs "try and",
"likely" vs "probably", "tonnes" vs "tons") are kept so drift scoring can see them.

One implementation serves both the bulk path (a Polars expression over a column, Rust
and multi-threaded: about a second per million quotes) and single strings
(:func:`normalise`), so matching and ``lookup`` can never disagree.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import polars as pl

SPELLING: dict[str, str] = {
    # British -> American spellings the generic rules below do not reach.
    "defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
    "practise": "practice", "practised": "practiced", "practising": "practicing",
    "programme": "program", "programmes": "programs", "grey": "gray", "tyre": "tire", "tyres": "tires",
    "aluminium": "aluminum", "manoeuvre": "maneuver", "manoeuvres": "maneuvers", "cheque": "check",
    "whilst": "while", "amongst": "among", "towards": "toward", "catalogue": "catalog",
    "dialogue": "dialog", "analogue": "analog", "sceptical": "skeptical", "jewellery": "jewelry",
    "mould": "mold", "plough": "plow", "storey": "story", "kerb": "curb", "enrol": "enroll",
    "fulfil": "fulfill", "instalment": "installment", "judgement": "judgment", "ageing": "aging",
    "oestrogen": "estrogen", "paediatric": "pediatric", "haemorrhage": "hemorrhage",
    "pct": "percent",
    # Spelled-out numbers (not "one": it is far more often a pronoun).
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100",
}
"""Whole-word replacements applied after the generic spelling rules."""

_OUR_STEMS = (
    "colo|favo|labo|hono|behavio|neighbo|harbo|humo|rumo|vigo|armo|endeavo|flavo|savo|valo|rigo"
    "|splendo|odo|parlo|clamo"
)
_RE_STEMS = "cent|theat|met|kilomet|centimet|millimet|lit|fib|calib|somb|spect|lust|sabr|meag"
_LL_STEMS = (
    "travel|cancel|model|label|fuel|signal|level|channel|total|dial|marshal|quarrel|rival|shovel"
    "|tunnel|funnel|jewel|counsel|equal|pedal|patrol"
)

ACCENTS: dict[str, str] = {
    c: unicodedata.normalize("NFKD", c)[0]
    for c in "àáâãäåāăąçćčďèéêëēėęěìíîïīįñńňòóôõöōőřśšşșțťùúûüūůűųýÿźżž"
} | {"ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe"}
"""Accented Latin letters (after lower-casing) -> base letters: "Zelénskyy" == "Zelenskyy".
A table rather than Unicode NFKD, which costs as much as all other steps together."""

REPLACEMENTS: tuple[tuple[str, str], ...] = (
    # Apostrophes are dropped, so "there’s" == "there's" == "theres".
    (r"['’‘ʼ`´]", ""),
    # Dotted initialisms: "U.N." -> "un", "U.S.A." -> "usa".
    (r"\b(\p{L})\.(\p{L})\.(?:(\p{L})\.)?", "${1}${2}${3}"),
    # Thousands separators (three passes cover up to 999,999,999,999).
    (r"(\d)[,\u00a0\u202f](\d{3})", "${1}${2}"),
    (r"(\d)[,\u00a0\u202f](\d{3})", "${1}${2}"),
    (r"(\d)[,\u00a0\u202f](\d{3})", "${1}${2}"),
    # Percent in all its spellings.
    (r"%|\bper ?cent\b", " percent "),
    # Everything that is not a letter or digit separates words ("heavy-handed", "(1/4)").
    (r"[^\p{L}\p{N}]+", " "),
    # Leading zeros: "07 September" == "7 September".
    (r"\b0+(\d)", "${1}"),
    # Generic British -> American rules; consistent on both sides is all that matters.
    (r"\b(\p{L}{2,}?)(i|y)s(e|ed|es|ing|ation|ations|er|ers)\b", "${1}${2}z${3}"),
    (rf"\b({_OUR_STEMS})ur(s|ed|ing|able|ite|ites|hood|less|ful)?\b", "${1}r${2}"),
    (rf"\b({_RE_STEMS})re(s|d)?\b", "${1}er${2}"),
    (rf"\b({_LL_STEMS})l(ed|ing|er|ers|or|ors)\b", "${1}${2}"),
)
"""Ordered regex rewrites (Rust regex syntax) applied after lower-casing and accents."""


def normalise_expr(expr: pl.Expr) -> pl.Expr:
    """The normalisation as a Polars expression over a string column."""
    out = expr.fill_null("").str.to_lowercase().str.replace_many(list(ACCENTS), list(ACCENTS.values()))
    for pattern, repl in REPLACEMENTS:
        out = out.str.replace_all(pattern, repl)
    # Whole-word dictionary: pad every word with its own spaces so adjacent words can
    # both match (Aho-Corasick matches do not overlap), then collapse the padding.
    padded = pl.lit("  ") + out.str.strip_chars().str.replace_all(" ", "  ") + pl.lit("  ")
    words = list(SPELLING)
    replaced = padded.str.replace_many([f" {w} " for w in words], [f" {SPELLING[w]} " for w in words])
    return replaced.str.replace_all("  ", " ", literal=True).str.strip_chars()


def normalise_series(texts: pl.Series | Iterable[str]) -> pl.Series:
    """Normalise many texts at once (the bulk path used by matching)."""
    series = texts if isinstance(texts, pl.Series) else pl.Series("text", list(texts), dtype=pl.String)
    return pl.DataFrame({"text": series.cast(pl.String)}).select(normalise_expr(pl.col("text")).alias("norm"))["norm"]


def normalise(text: str) -> str:
    """Normalise one text; same result as :func:`normalise_series` on a one-item column.

    >>> normalise("Russia is trying to “minimise” losses of 60,000 tonnes – 30 per cent.")
    'russia is trying to minimize losses of 60000 tonnes 30 percent'
    """
    return normalise_series([text])[0]
