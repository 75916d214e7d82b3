"""Person names as news prose writes them: titles, offices and stray words removed with a
maintained parser, then compared across transliterations.

``parse_name("Friday President Volodymyr Zelenskiy")`` gives first ``Volodymyr``, last
``Zelenskiy``: words in front of a name that are not part of it (day words, offices such
as "Defence Secretary", nationality words such as "Ukrainian", US states, party words such
as "Republican", describing nouns such as "candidate", bodies such as "House") are peeled
off first, since a first name is a given name, never a descriptor ("Republican candidate
Gary Lee" is Gary Lee, not a Mr Republican); then
`nameparser <https://pypi.org/project/nameparser/>`_ splits the rest, with the news titles
and post-nominals it lacks (Cllr, MP, MSP, Lt Gen, Gov, Commander-in-Chief ...) added to a
private copy of its constants. Only the parsed name changes: callers read nationality and
role evidence from the whole mention (``audit.speakers.evidence``).

Names from Cyrillic reach English in several romanisations (Zelenskyy / Zelensky /
Zelenskiy / Zelenskyi; Valerii / Valeriy / Valery); :func:`translit_key` folds the
usual variants to one form, so they compare equal before any fuzzy step.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from nameparser import HumanName
from nameparser.config import Constants

from audit.lang.nations import fold_acronyms, leading_place
from audit.lang.titles import PEELED, PERSON_ONLY

SPOKESPERSON = r"spokes(?:man|woman|person|people|men|women)|press secretary|press officer"
"""Words for someone who speaks for a body (not an anonymous source, not the body's rival):
``audit check`` credits such a person's words to the body, and scoring never calls the
body's words in that person's mouth a misattribution."""


OFFICE_SUFFIXES = frozenset(
    """
    chef chefin boss ceo sprecher sprecherin vorstand vorsitzender vorsitzende präsident präsidentin manager
    """.split()
)
"""The last part of a compound office written before a name ("Siemens-Chef", "VW-Sprecherin",
"Airbus-Boss"): German copy fuses the company or body with the office, so the whole word is
a title (:func:`is_title`)."""
STRAY_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday yesterday today tonight
    on and but as when while after before then also meanwhile however said says neither either both
    even the a an this that these those some my his her their our its
    """.split()
)
"""Words that news copy runs into a name at a sentence start ("Friday President ...", "Even
Lindsey Graham")."""
PARTY_WORDS = frozenset(
    """
    republican republicans democrat democrats democratic gop independent libertarian conservative labour liberal
    socialist communist progressive unionist nationalist
    """.split()
)
"""A party or political camp: a person's politics, never their first name ("Republican Lindsey
Graham", "House Republican Thomas Massie")."""
DESCRIPTORS = frozenset(
    """
    candidate hopeful nominee rival challenger contender frontrunner front-runner incumbent opponent lawmaker
    legislator activist businessman businesswoman billionaire developer star actor actress host anchor pundit
    strategist pollster adviser advisor aide official analyst professor lawyer
    """.split()
)
"""Nouns that describe a person in front of their name ("Candidate Gary Lee", "Democratic hopeful
Ann Holt"); written capitalised at a sentence start, so the lowercase rule alone misses them."""
BODY_WORDS = frozenset(
    """
    house senate congress congressional parliament parliamentary ministry army navy court council committee
    department city county federal homeland oversight intelligence judiciary majority minority ranking
    """.split()
)
"""Words of a body or an office's body before a name ("House Speaker ...", "Senate Majority Whip
..."): peeled off the front only, since some are surnames too (Edward House)."""
FUNCTION_WORDS = frozenset("a an the to of in on at for with by from about as than that who which close".split())
"""Lowercase words that join a description to a name ("people close to Sharpton"): the name after
one is not the speaker's, so no cut is made there."""
CUT_WORDS = frozenset({"of", "from", "in", "at", "during", "a", "an", "the", "who", "whose"})
"""Lowercase words after a name that start what is not the name ("Bernie Sanders of Vermont",
"Dick Durbin in an interview", "John Reed, a retired teacher"); a number does too ("Ann
Holt, 66, ...")."""
GIVEN_NAME_PLACES = frozenset({"virginia", "georgia", "washington", "indiana", "montana", "tennessee", "india"})
"""Places that are also given names (Virginia Foxx): peeled only before another descriptor
("Virginia Gov. ...", "Virginia Democrat Tim Kaine")."""
PARTY_TAG = re.compile(r"^\(?[RDI]-[A-Za-z.]+\)?$")
"""The US party-and-state tag after a name ("R-Wis.", "(D-Ill.)")."""
COORDINATORS = frozenset({"and", "nor", "or", "&"})
"""Words that join two names: a mention holding one names several people."""
POST_NOMINALS = ("mp", "msp", "mep", "ms", "mla", "mpp", "am", "qc", "kc", "obe", "mbe", "cbe", "kbe", "frs")
"""Letters after a name (Tom Briggs MP) that nameparser does not know."""
PARTICLES = frozenset("van von der de la le du da di bin al el ben".split())
"""Lowercase name particles kept inside a surname (van der Leyen)."""

PARSE_CACHE = 8192
"""Parsed names kept: nameparser takes milliseconds a name, and names repeat across a run."""

_CONSTANTS = Constants()
_CONSTANTS.titles.add(*(t for t in PEELED if t not in POST_NOMINALS))
_CONSTANTS.suffix_acronyms.add(*POST_NOMINALS)
_CONSTANTS.suffix_not_acronyms.add("mp")


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A person's name without what surrounds it; parts as written."""

    first: str
    middle: str
    last: str
    nickname: str = ""

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.first, self.middle, self.last) if p)


@lru_cache(maxsize=PARSE_CACHE)
def parse_name(text: str) -> ParsedName | None:
    """The name in ``text`` (a mention such as ``Councillor Tom Briggs``, ``Tom Briggs MP``,
    ``Cllr Briggs``), or ``None`` when nothing name-like remains."""
    text = re.split(r"\s[-–—]+\s", text)[-1]  # a dateline before the name: "ORLANDO (Reuters) - President ..."
    words = [w for w in _clean(_after_possessor(text)).split() if any(ch.isalnum() for ch in w)]
    if COORDINATORS & {w.casefold() for w in words}:
        return None  # "Trump and Sanders", "Cruz nor Christie": two people, not one name
    words = words[:_name_end(words)]  # "Bernie Sanders of Vermont", "Tom Reed, 66, a retired ...": not the name
    words = _after_descriptor(words)  # "Republican candidate Gary Lee", "House Intelligence Republican Mike Pompeo"
    inner = [i for i, w in enumerate(words) if i and w.casefold().rstrip(".") in PERSON_ONLY and i < len(words) - 1]
    words = words[inner[-1] + 1:] if inner else words  # "Vermont Sen. Bernie Sanders": the name follows the title
    shouting = all(w.isupper() for w in words if any(ch.isalpha() for ch in w))  # a transcript's "CHRIS WALLACE"
    while len(words) > 1 and 0 < (n := _peel_count(words, shouting)) < len(words):
        words = words[n:]  # "Friday President ...", "NATO Secretary-General ...", "New Jersey Gov. ..."
    while len(words) > 1 and (words[-1].casefold().strip(".,") in POST_NOMINALS or PARTY_TAG.match(words[-1])):
        words.pop()
    if not words or not any(w[:1].isupper() for w in words):
        return None
    parsed = HumanName(" ".join(words), constants=_CONSTANTS)
    last = parsed.last or parsed.first
    first = parsed.first if parsed.last else ""
    if not last:
        return None
    middle = parsed.middle
    if middle and ARABIC_ARTICLE.fullmatch(middle.casefold()):
        middle, last = "", f"{middle} {last}"  # "Abdel Fattah El Sisi": the article is the surname's
    return ParsedName(first, middle, last, parsed.nickname)


def is_title(word: str) -> bool:
    """Whether a word before a name is a title or office (:data:`audit.lang.titles.PEELED`): also a
    hyphenated rank whose parts all are ("Lieutenant-General", "Rear-Admiral") and a
    compound office (:data:`OFFICE_SUFFIXES`: "Siemens-Chef")."""
    w = word.casefold().strip(".,")
    if w in PEELED:
        return True
    parts = [x for x in w.split("-") if x]
    return len(parts) > 1 and (all(x in PEELED for x in parts) or parts[-1] in OFFICE_SUFFIXES)


def _after_possessor(text: str) -> str:
    """The text after a possessor written before a name ("Fox's Chris Wallace", "CNN's
    Jake Tapper" -> the name); a name alone ("Trump's") is kept."""
    m = re.match(r"^.*\b[\w.]+['’]s\s+(?=[A-Z])", text)
    return text[m.end():] if m else text


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", fold_acronyms(text)).replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    return re.sub(r"[^\w\s.'()\"-]", " ", text)


def _acronym(word: str) -> bool:
    """An organisation's initials before a name (``NATO``, ``UN``, ``EU``)."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _descriptor(word: str) -> bool:
    """A word that describes a person and is never part of a name: a title or office, a party
    word, a describing noun, or a lowercase content word ("Texas real estate developer")."""
    w = word.casefold().strip(".,")
    if is_title(word) or w in PERSON_ONLY or w in PARTY_WORDS or w in DESCRIPTORS:
        return True
    return word.islower() and w.split("-")[0] not in PARTICLES and w not in FUNCTION_WORDS and w not in STRAY_WORDS


def _name_like(word: str) -> bool:
    """A word a name may hold: capitalised (initials, "Jr." and "R-Wis." too) or a particle."""
    letter = next((ch for ch in word if ch.isalpha()), "")
    return letter.isupper() or word.casefold().split("-")[0] in PARTICLES


def _name_end(words: list[str]) -> int:
    """Where the name ends: at the first cut word (:data:`CUT_WORDS`) or number after a word
    that can be a name ("Phil Reed of the firm IMGE" -> 3). Before one, the words are an office
    that continues ("Secretary of State John Kerry"), so no cut is made there."""
    for i, w in enumerate(words):
        if i and (w in CUT_WORDS or w.isdigit()) and any(_name_like(x) and not _descriptor(x) for x in words[:i]):
            return i
    return len(words)


def _after_descriptor(words: list[str]) -> list[str]:
    """The words after the last descriptor (:func:`_descriptor`) when only name-like words follow
    it: "Democratic hopeful Ann Holt" -> "Ann Holt", "Ohio State University professor Paul Beck"
    -> "Paul Beck". A description followed by more than a name ("chairman of the House ...") is
    left for the later cuts."""
    last = max((i for i, w in enumerate(words[:-1]) if _descriptor(w)), default=None)
    if last is None or not all(_name_like(w) for w in words[last + 1:]):
        return words
    return words[last + 1:]


def _peel_count(words: list[str], shouting: bool) -> int:
    """How many words at the front are not the name: a title, stray word, party, describing
    noun, body word, organisation acronym, country or US state (a place that is also a given name
    only before another such word, so "Virginia Foxx" keeps hers); 0 when the name starts here."""
    w = words[0].casefold().strip(".,")
    if is_title(w) or w in STRAY_WORDS or w in PARTY_WORDS or w in DESCRIPTORS or w in BODY_WORDS:
        return 1
    if words[0].islower() and w not in PARTICLES:
        return 1
    if not shouting and _acronym(words[0]):
        return 1
    n = leading_place([x.casefold().strip(".,") for x in words])
    if n and (n > 1 or w not in GIVEN_NAME_PLACES or (len(words) > 2 and _peel_count(words[1:], shouting))):
        return n
    return 0


_TRANSLIT: tuple[tuple[str, str], ...] = (
    ("iy", "i"), ("yy", "i"), ("yi", "i"), ("ii", "i"), ("ij", "i"), ("y", "i"),
    ("kh", "h"), ("zh", "z"), ("ts", "c"), ("tz", "c"), ("ks", "x"), ("w", "v"),
    ("ou", "u"), ("ie", "e"), ("ye", "e"), ("yo", "o"), ("yu", "u"), ("ju", "u"), ("ya", "a"), ("ja", "a"),
    ("ue", "u"), ("oe", "o"), ("ae", "a"),
)
"""Romanisation variants folded to one spelling: Ukrainian/Russian names in English copy
(y/i/iy/yy, zh/z as in Zaluzhnyi/Zaluzny, ie/e) and German umlauts written out (Mueller =
Müller, whose ü the NFKD step has already made u; ß casefolds to ss)."""
ARABIC_ARTICLE = re.compile(r"^(?:al|el)(?:[-\s]+|$)")
"""The Arabic article at the front of a surname (al-Sisi, El Sisi, el-Sisi): one name with or
without it, in whatever romanisation."""
ARABIC_ABD = re.compile(r"\babd(?:[-\s]*(?:al|el|ul)\b[-\s]*|el|ul|al)?[-\s]*")
"""``Abd`` ("servant of") with its article, written Abdel, Abd al-, Abd el, Abdul or Abdal:
one given name in every spelling (Abdel Fattah = Abd al-Fattah = Abdul Fattah)."""
VOWELS = frozenset("aeiou")
SURNAME_VARIANT = 80.0
"""How close (rapidfuzz ratio of transliteration keys) a surname with the same consonants
must be for a bare surname to be taken for a full name's (Rabei = Rabie: 89): vowels and a
final h are what Arabic romanisations disagree on (Rabie/Rabei/Rabieh)."""
SURNAME_SAME_GIVEN = 60.0
"""With the same given name, a surname of the same consonants this close is one person's
(Rabie = Rabih: 67), never a name that only shares consonants (Rabie, Rubio: 44)."""
MIN_SKELETON = 2
"""Consonant skeletons shorter than this (Lee, Li, Ali) say too little to join two names."""


@lru_cache(maxsize=PARSE_CACHE)
def translit_key(word: str) -> str:
    """One spelling for a name's romanisations: ``Zelenskyy``, ``Zelensky``, ``Zelenskiy``
    and ``Zelenskyi`` all give ``zelenski``; doubled letters collapse (``Dannatt`` ~ ``Danatt``)."""
    w = unicodedata.normalize("NFKD", word.casefold())
    w = "".join(ch for ch in w if ch.isalnum())
    w = w.replace("dzh", "j")  # before zh: Dzhokhar = Jokhar
    for a, b in _TRANSLIT:
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)


def given_key(first: str) -> str:
    """A given name in one spelling across romanisations (:func:`translit_key`, with the
    Arabic ``Abd`` forms folded by :data:`ARABIC_ABD`)."""
    return translit_key(ARABIC_ABD.sub("abdal", unicodedata.normalize("NFKC", first).casefold()))


def surname_key(last: str) -> str:
    """A surname in one spelling across romanisations, without an Arabic article."""
    return translit_key(ARABIC_ARTICLE.sub("", unicodedata.normalize("NFKC", last).casefold().strip()))


def surname_skeleton(last: str) -> str:
    """The consonants of a surname's key after its first letter, no final h: Rabie, Rabei,
    Rabieh and Rabih all give ``rb``; Abboud and Aboud ``abd``."""
    key = surname_key(last)
    key = key[:-1] if len(key) > 2 and key.endswith("h") else key
    return key[:1] + "".join(ch for ch in key[1:] if ch not in VOWELS)


def same_given(a: str, b: str) -> bool:
    """Two given names of one person: one spelling, or an initial of the other."""
    ka, kb = given_key(a), given_key(b)
    return bool(ka and kb) and (ka == kb or (len(ka) == 1 and kb.startswith(ka)) or (len(kb) == 1 and ka.startswith(kb)))


def same_surname(a: str, b: str, *, given_agrees: bool) -> bool:
    """Two surnames of one person across romanisations. One key is enough; the same
    consonant skeleton (:func:`surname_skeleton`) when the keys are close too: closer for a
    bare surname (:data:`SURNAME_VARIANT`: Rabei = Rabie) than when the given names agree
    (:data:`SURNAME_SAME_GIVEN`: Osama Rabih = Osama Rabie); never Rubio = Rabie."""
    from rapidfuzz import fuzz

    ka, kb = surname_key(a), surname_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    skeleton = surname_skeleton(a)
    if len(skeleton) < MIN_SKELETON or skeleton != surname_skeleton(b):
        return False
    return fuzz.ratio(ka, kb) >= (SURNAME_SAME_GIVEN if given_agrees else SURNAME_VARIANT)


def same_person(a: ParsedName, b: ParsedName) -> bool:
    """Whether two parsed names can be one person: surnames across romanisations
    (:func:`same_surname`) and, when both give one, given names that agree. A different
    given name is another person (Bernie Sanders is not Patrick Sanders)."""
    if a.first and b.first:
        return same_given(a.first, b.first) and same_surname(a.last, b.last, given_agrees=True)
    return same_surname(a.last, b.last, given_agrees=False)
