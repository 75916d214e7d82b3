"""Titles, honorifics, offices and ranks that news copy writes before a person's name: one table.

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
from typing import Literal

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


def _rows(langs: str, kind: Kind, words: str, person: bool = False) -> list[Title]:
    """Titles from a table row: ``mr:m`` marks a male title, ``mrs:f`` a female one."""
    out = []
    for item in words.split():
        word, _, gender = item.partition(":")
        out.append(Title(word, tuple(langs.split()), kind, person, "m" if gender == "m" else "f" if gender == "f" else None))
    return out


TABLE: tuple[Title, ...] = tuple(
    _rows("en", "honorific", "mr:m mrs:f ms:f miss:f mx", person=True)
    + _rows("en de", "honorific", "dr prof", person=True)
    + _rows("en", "honorific", "professor madam:f")
    + _rows("en", "peerage", "baron:m baroness:f dame:f sir:m lady:f", person=True)
    + _rows("en", "peerage", "lord:m")  # "Lord Chancellor" is an office
    + _rows("en", "royal", "king:m queen:f prince:m princess:f duke:m duchess:f earl:m")
    + _rows("en", "clergy", "father:m brother:m sister:f rev reverend pope")
    + _rows("en", "rank", "lt maj brig col cdr cmdr adm capt sgt cpl pte", person=True)
    + _rows("en", "rank", "gen general admiral marshal lieutenant colonel captain brigadier sergeant major commander")
    + _rows("en", "legislator", "cllr councillor councilor alderman sen senator rep congressman congresswoman gov",
            person=True)
    + _rows("en", "legislator", "mp msp mep mla mpp representative assemblyman assemblywoman whip")
    + _rows("en", "office", "commander-in-chief secretary-general vice-president minister secretary chancellor")
    + _rows("en", "office", "spokesman spokeswoman spokesperson deputy president speaker leader head")
    + _rows("en", "office", "director chairman chairwoman chair ceo founder governor mayor ambassador envoy")
    + _rows("en", "office", "attorney judge")
    + _rows("en", "office", "prime")  # only in "Prime Minister", never a body's name
    + _rows("en", "office_part", "first vice field rear chief")
    + _rows("en", "body", "home foreign defence defense interior health justice state army military air")
    + _rows("en", "modifier", "former ex ex- late acting interim then top senior retired")
    + _rows("de", "honorific", "herr:m frau:f", person=True)
    + _rows("de", "office", "bundeskanzler:m bundeskanzlerin:f kanzler:m kanzlerin:f bundesminister:m")
    + _rows("de", "office", "bundesministerin:f ministerin:f ministerpräsident:m ministerpräsidentin:f")
    + _rows("de", "office", "bundespräsident:m bundespräsidentin:f präsident:m präsidentin:f")
    + _rows("de", "rank", "generalleutnant generalmajor oberst")
    + _rows("de fr", "office", "chef")
    + _rows("de", "office", "chefin:f vorstandschef:m vorstandschefin:f konzernchef:m konzernchefin:f sprecher:m")
    + _rows("de", "office", "sprecherin:f bürgermeister:m bürgermeisterin:f staatssekretär:m staatssekretärin:f")
    + _rows("de", "office", "geschäftsführer:m geschäftsführerin:f")
    + _rows("fr", "honorific", "mme:f mlle:f monsieur:m madame:f mademoiselle:f", person=True)
    + _rows("fr", "office", "président:m présidente:f ministre général maire député:m députée:f sénateur:m")
    + _rows("fr", "office", "sénatrice:f directeur:m directrice:f pdg porte-parole gouverneur:m")
    + _rows("en fr", "office", "premier")
    + _rows("fr", "royal", "roi:m reine:f")
    + _rows("fr", "clergy", "pape")
    + _rows("es", "honorific", "señor:m señora:f sr:m sra:f srta:f doña:f", person=True)
    + _rows("es pt it", "office", "presidente")
    + _rows("es", "office", "presidenta:f ministro:m ministra:f alcalde:m alcaldesa:f portavoz")
    + _rows("pt", "honorific", "senhor:m senhora:f", person=True)
    + _rows("it", "honorific", "signor:m signora:f onorevole dottor:m dottore:m", person=True)
    + _rows("it", "office", "sindaco")
    + _rows("nl", "honorific", "dhr:m mevr:f mevrouw:f heer:m", person=True)
    + _rows("nl", "office", "burgemeester minister-president")
    + _rows("ar", "honorific", "sheikh shaikh sheik")
    + _rows("ar", "royal", "emir:m")
)
"""Every title once. French "M." and Spanish "Don" are left out: English copy writes them as an
initial and a given name."""

TITLES: dict[str, Title] = {t.word: t for t in TABLE}
"""The table by word."""
assert len(TITLES) == len(TABLE), "a title stands in the table twice"

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
