"""Which language an article is written in, cheaply, so that only English text is parsed for quotes.

Real coverage puts French, German and Arabic originals beside their English renderings.
The extractor's pipeline is English: run on a French article it finds "cues" and "speakers"
in words it cannot read. Such an article yields no quotes and a note ``language fr: not
extracted`` instead.

The rule, on the first ``SAMPLE_CHARS`` characters (no model, no dependency, linear):

* script first: when most letters are not Latin, the script with most letters names the
  language (``SCRIPT_LANGUAGES``: Arabic, Cyrillic, Greek, Hebrew, Devanagari, Chinese,
  Japanese, Korean, Thai), since English text is written in Latin letters;
* then function words (``FUNCTION_WORDS``: articles, pronouns, prepositions and
  conjunctions, the commonest words of each language's general vocabulary, which every
  sentence uses whatever its topic): the language whose function words make up the
  largest share of the words, English unless another language's share is at least
  ``MIN_SHARE`` and ``FOREIGN_MARGIN`` times the English share. An English article that
  quotes French stays English; a text too short to tell (under ``MIN_WORDS`` words) is
  taken as English.
"""

from __future__ import annotations

import re
from collections import Counter

ENGLISH = "en"
FRENCH = "fr"
SAMPLE_CHARS = 5000
"""Characters read: a few paragraphs tell the language; reading more only costs time."""
MIN_WORDS = 30
"""Fewer words than this (a headline, a caption) are taken as English: too few to tell."""
MIN_SHARE = 0.12
"""A language's function words are at least this share of running text (English ~0.3)."""
FOREIGN_MARGIN = 2.0
"""Another language wins only with this many times the English share (shared words such as
``a``, ``in``, ``on`` count for both)."""
LATIN_MIN_SHARE = 0.5
"""Below this share of Latin letters the script decides the language."""

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the of and to a in is that for on with as was it by he she they are be at from this "
                    "have has had were not but or an his her their which who said would will".split()),
    "fr": frozenset("le la les de des du un une et est que qui dans pour sur au aux par pas ne se "
                    "il elle ils sont ont avec plus ce cette mais ou été être selon".split()),
    "de": frozenset("der die das und ist nicht ein eine einen dem den des zu mit sich auf für von "
                    "im auch es sie er wir sind wurde hat dass bei nach aus".split()),
    "es": frozenset("el la los las de del y en que un una por con para es se no al lo su sus "
                    "como más pero fue ha sobre este esta".split()),
    "it": frozenset("il lo la gli le di del della dei e che un una per con non si è sono ha "
                    "nel nella alla anche come ma più questo".split()),
    "pt": frozenset("o a os as de do da dos das e que um uma para com não se é em no na por "
                    "mais foi ao pelo pela como mas".split()),
    "nl": frozenset("de het een en van is dat niet op te met voor zijn er ook aan bij door "
                    "werd heeft wordt maar naar hij zij".split()),
}
"""Function words per language (ISO 639-1): general language, no topic words."""

SCRIPT_LANGUAGES: dict[str, str] = {
    "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff": "ar",  # Arabic
    "\u0400-\u04ff": "ru",  # Cyrillic
    "\u0370-\u03ff": "el",  # Greek
    "\u0590-\u05ff": "he",  # Hebrew
    "\u0900-\u097f": "hi",  # Devanagari
    "\u4e00-\u9fff": "zh",  # CJK ideographs
    "\u3040-\u30ff": "ja",  # Hiragana and Katakana
    "\uac00-\ud7af": "ko",  # Hangul
    "\u0e00-\u0e7f": "th",  # Thai
}
"""Unicode blocks of a script -> the language most written in it (Cyrillic is reported as
``ru``: Russian, Ukrainian and Bulgarian are all left unparsed alike)."""

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_OTHER = re.compile("[" + "".join(SCRIPT_LANGUAGES) + "]")
_SCRIPTS = [(re.compile(f"[{block}]"), lang) for block, lang in SCRIPT_LANGUAGES.items()]
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def detect(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language by the module's rule (``en`` when unsure)."""
    sample = text[:SAMPLE_CHARS]
    script = _script(sample)
    if script is not None:
        return script
    counts = Counter(w.lower() for w in _WORD.findall(sample))
    total = sum(counts.values())
    if total < MIN_WORDS:
        return ENGLISH
    shares = {lang: sum(counts[w] for w in vocab) / total for lang, vocab in FUNCTION_WORDS.items()}
    best = max(shares, key=lambda lang: shares[lang])
    if best != ENGLISH and shares[best] >= MIN_SHARE and shares[best] >= FOREIGN_MARGIN * shares[ENGLISH]:
        return best
    return ENGLISH


def _script(sample: str) -> str | None:
    """The language of the dominant non-Latin script, when most letters are in one (regular
    expressions count the letters: a loop over characters would cost more than the rest)."""
    other = len(_OTHER.findall(sample))
    if not other:
        return None
    latin = len(_LATIN.findall(sample))
    if latin >= LATIN_MIN_SHARE * (latin + other):
        return None
    return max(_SCRIPTS, key=lambda script: len(script[0].findall(sample)))[1]


def not_extracted(lang: str) -> str:
    """The note an article in another language gets instead of quotes (French ones are read
    with the optional ``[fr]`` extra: the note says so)."""
    hint = " (install quote-audit[fr] to read French)" if lang == FRENCH else ""
    return f"language {lang}: not extracted{hint}"
