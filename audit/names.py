"""Person names as news prose writes them: titles, offices and stray words removed with a
maintained parser, then compared across transliterations.

``parse_name("Friday President Volodymyr Zelenskiy")`` gives first ``Volodymyr``, last
``Zelenskiy``: words in front of a name that are not part of it (day words, offices such
as "Defence Secretary", nationality words such as "Ukrainian") are peeled off first,
then `nameparser <https://pypi.org/project/nameparser/>`_ splits the rest, with the news
titles and post-nominals it lacks (Cllr, MP, MSP, Lt Gen, Commander-in-Chief ...) added
to a private copy of its constants.

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

from audit.nations import country_of, fold_acronyms

NEWS_TITLES = frozenset(
    """
    cllr councillor councilor alderman mp msp mep ms mla mpp sen senator rep representative congressman
    congresswoman assemblyman assemblywoman lt gen maj brig col cdr cmdr adm capt sgt cpl pte
    commander-in-chief secretary-general chief commander minister secretary spokesman spokeswoman spokesperson deputy
    first foreign defence defense home interior justice health prime president vice premier chancellor
    speaker leader head director chairman chairwoman chair ceo founder governor mayor ambassador envoy
    lord lady baroness baron dame sir general admiral marshal field air vice-president
    former ex ex- late acting interim then top senior retired army military state
    """.split()
)
"""Words that may stand before a name in news copy (offices and ranks as well as
honorifics). Peeled off the front of a name before parsing; several in a row
("Defence Secretary", "Lt Gen Sir", "Former army chief") all go."""
PERSON_TITLES = frozenset(
    """
    mr mrs ms miss mx dr prof cllr councillor councilor alderman sen senator rep congressman congresswoman
    lt maj brig col cdr cmdr adm capt sgt cpl pte lady baroness baron dame sir
    """.split()
)
"""Titles only a person bears: a name after one is a person's, whatever NER says ("Cllr Okafor").
Offices that also name bodies ("General Staff", "President's Office", "Lord Chancellor") are left out."""
STRAY_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday yesterday today tonight
    on and but as when while after before then also meanwhile however said says neither either both
    """.split()
)
"""Words that news copy runs into a name at a sentence start ("Friday President ...")."""
COORDINATORS = frozenset({"and", "nor", "or", "&"})
"""Words that join two names: a mention holding one names several people."""
POST_NOMINALS = ("mp", "msp", "mep", "ms", "mla", "mpp", "am", "qc", "kc", "obe", "mbe", "cbe", "kbe", "frs")
"""Letters after a name (Tom Briggs MP) that nameparser does not know."""
PARTICLES = frozenset("van von der de la le du da di bin al el ben".split())
"""Lowercase name particles kept inside a surname (van der Leyen)."""

PARSE_CACHE = 8192
"""Parsed names kept: nameparser takes milliseconds a name, and names repeat across a run."""

_CONSTANTS = Constants()
_CONSTANTS.titles.add(*(t for t in NEWS_TITLES if t not in POST_NOMINALS))
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
    cut = [i for i, w in enumerate(words) if i and w.casefold() in ("of", "from")]
    words = words[:cut[0]] if cut else words  # "Bernie Sanders of Vermont": the place is not the name
    inner = [i for i, w in enumerate(words) if i and w.casefold().rstrip(".") in PERSON_TITLES and i < len(words) - 1]
    words = words[inner[-1] + 1:] if inner else words  # "Vermont Sen. Bernie Sanders": the name follows the title
    shouting = all(w.isupper() for w in words if any(ch.isalpha() for ch in w))  # a transcript's "CHRIS WALLACE"
    while words and len(words) > 1 and (_peelable(words[0]) or (not shouting and _acronym(words[0]))):
        words.pop(0)  # "Friday President ...", "NATO Secretary-General ..."
    while words and words[-1].casefold().strip(".,") in POST_NOMINALS and len(words) > 1:
        words.pop()
    if not words or not any(w[:1].isupper() for w in words):
        return None
    parsed = HumanName(" ".join(words), constants=_CONSTANTS)
    last = parsed.last or parsed.first
    first = parsed.first if parsed.last else ""
    if not last:
        return None
    return ParsedName(first, parsed.middle, last, parsed.nickname)


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


def _peelable(word: str) -> bool:
    w = word.casefold().strip(".,")
    return w in NEWS_TITLES or w in STRAY_WORDS or country_of(w) is not None or (word.islower() and w not in PARTICLES)


_TRANSLIT: tuple[tuple[str, str], ...] = (
    ("iy", "i"), ("yy", "i"), ("yi", "i"), ("ii", "i"), ("ij", "i"), ("y", "i"),
    ("kh", "h"), ("zh", "j"), ("dzh", "j"), ("ts", "c"), ("tz", "c"), ("ks", "x"), ("w", "v"),
    ("ou", "u"), ("ie", "e"), ("ye", "e"), ("yo", "o"), ("yu", "u"), ("ju", "u"), ("ya", "a"), ("ja", "a"),
)
"""Romanisation variants folded to one spelling (Ukrainian/Russian names in English copy)."""


@lru_cache(maxsize=PARSE_CACHE)
def translit_key(word: str) -> str:
    """One spelling for a name's romanisations: ``Zelenskyy``, ``Zelensky``, ``Zelenskiy``
    and ``Zelenskyi`` all give ``zelenski``; doubled letters collapse (``Dannatt`` ~ ``Danatt``)."""
    w = unicodedata.normalize("NFKD", word.casefold())
    w = "".join(ch for ch in w if ch.isalnum())
    w = w.replace("dzh", "j")
    for a, b in _TRANSLIT:
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)
