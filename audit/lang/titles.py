"""Titles, honorifics, offices and ranks that news copy writes before a person's name: one table (``titles.txt``).

Each word stands here once, with its language(s) and its class; a title that says a person's sex
("Mrs", "Lord", "Queen") is marked so, and one that only a person bears ("Cllr", "Sgt", "Mr"; not
"General", which also opens "General Staff") is marked too. The stages read views of the table:

- :data:`PEELED` (``audit.lang.names``): words peeled off the front of a mention before
  the name parser runs ("Former Defence Secretary Sir Ben Wallace" -> Ben Wallace);
- :data:`PERSON_ONLY`: a name after one is a person's, whatever NER says ("Cllr Okafor");
- :data:`MENTION_TITLES` (``audit.extract.sources``): what a person mention keeps in front of
  the name when it is shrunk to the name ("General Valerii Zaluzhnyy", not "Former army chief");
- :data:`KEY_TITLES` (``audit.speakers``): what a name key drops ("President Putin" -> putin);
- :data:`MALE` / :data:`FEMALE` (``audit.extract.resolve``): the sex a title tells, for pronouns;
- :func:`in_language` (``audit.extract.french``): a language's titles, which a small model may
  tag as a person when one stands alone ("le Président").

Sources: the forms of address, ranks and offices of British, US and international news copy
(Reuters, AP and BBC style guides' lists of titles and abbreviations: "Lt Gen", "Cllr", "Gov.",
"Sen.", "Rep."), and the honorifics and offices of German, French, Spanish, Portuguese, Italian
and Dutch copy quoted in English-language coverage ("Bundeskanzlerin Angela Merkel", "Président
Emmanuel Macron"), casefolded as written. General language, not chosen on any story.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast, get_args

Kind = Literal[
    "honorific", "peerage", "royal", "clergy", "rank", "legislator", "office", "office_part", "body", "modifier"
]
"""What a title is:

- ``honorific``: a form of address (Mr, Dr, Herr, Madame, Sheikh);
- ``peerage``: a British peer's or knight's style (Lord, Baroness, Sir, Dame), which British copy
  and registries keep as part of how the person is named;
- ``royal``: a ruler's or royal's title (King, Princess, Duke, Emir);
- ``clergy``: a religious title (Pope, Reverend, Father, Sister);
- ``rank``: a military or police rank, written out or abbreviated (General, Lt, Sgt);
- ``legislator``: a member of an elected body (Senator, Cllr, MP);
- ``office``: an office held (President, Minister, Spokesman, Mayor);
- ``office_part``: a word of a compound office, rarely a title alone ("Vice", "First" of "First
  Minister", "Field" of "Field Marshal", "Chief" of "Chief Executive" and of "army chief");
- ``body``: a body's word in an office's name, which also opens the body's own name ("Defence" of
  "Defence Secretary" and of "Defence Ministry", "Home", "State", "Army", "Justice");
- ``modifier``: a word that dates or qualifies the office ("former", "acting", "then", "late").
"""


@dataclass(frozen=True, slots=True)
class Title:
    """One word that may stand before a name, as casefolded copy writes it."""

    word: str
    langs: tuple[str, ...]
    """ISO 639-1 codes of the languages whose copy writes it (``ar``: Arabic honorifics as
    English copy keeps them)."""
    kind: Kind
    person: bool = False
    """Only a person bears it (an office that also names a body, "General Staff", does not)."""
    gender: Literal["m", "f"] | None = None
    """The sex the title tells, when it tells one."""


TABLE_FILE = Path(__file__).with_name("titles.txt")
"""The table, one line a group of titles (languages, class, person-only, the words with their sex)."""


def _read(text: str) -> tuple[Title, ...]:
    """The titles of the table's text: ``mr:m`` marks a male title, ``mrs:f`` a female one."""
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        langs, kind, person, *words = line.split()
        for item in words:
            word, _, sex = item.partition(":")
            gender: Literal["m", "f"] | None = "m" if sex == "m" else "f" if sex == "f" else None
            out.append(Title(word, tuple(langs.split(",")), cast(Kind, kind), person == "person", gender))
    return tuple(out)


TABLE: tuple[Title, ...] = _read(TABLE_FILE.read_text(encoding="utf-8"))
"""Every title once, from :data:`TABLE_FILE`."""

TITLES: dict[str, Title] = {t.word: t for t in TABLE}
"""The table by word."""
assert len(TITLES) == len(TABLE), "a title stands in the table twice"
assert {t.kind for t in TABLE} <= set(get_args(Kind)), "a title of no known class"

PEELED: frozenset[str] = frozenset(TITLES)
"""Every title: peeled off the front of a mention before its name is parsed; several in a row
("Lt Gen Sir", "Former army chief") all go."""
PERSON_ONLY: frozenset[str] = frozenset(t.word for t in TABLE if t.person)
"""Titles only a person bears: a name after one is a person's, whatever NER says."""
MENTION_TITLES: frozenset[str] = frozenset(t.word for t in TABLE if t.kind not in ("office_part", "body", "modifier"))
"""Titles a person mention keeps before the name when it is shrunk to the name ("Lord Dannatt"
of "Former army chief Lord Dannatt"): a title names the person's standing, the words of a
compound office and the modifiers describe it."""
KEY_TITLES: frozenset[str] = frozenset(t.word for t in TABLE if t.kind != "body" and t.word != "lord")
"""Titles a name key drops ("President Putin" -> putin). Not a body's words, which also open the
body's own name ("Home Office", "Justice Department", "State Department"), and not "Lord": it
is part of the peer's name in British usage and in aliases ("Lord Dannatt")."""
MALE: frozenset[str] = frozenset(t.word for t in TABLE if t.gender == "m")
FEMALE: frozenset[str] = frozenset(t.word for t in TABLE if t.gender == "f")
"""Titles that tell a man's or a woman's name ("Mrs Okafor ... she")."""


def in_language(lang: str) -> frozenset[str]:
    """The titles of one language's copy (``fr``: "président", "ministre", "porte-parole")."""
    return frozenset(t.word for t in TABLE if lang in t.langs)
