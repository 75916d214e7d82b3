"""Canonical speakers across articles: the human-edited registry plus name, institution
and role matching.

The registry lives in ``reference/speakers.toml`` (one table per speaker id with
``name``, ``kind``, ``nationality``, ``aliases`` and ``roles``, each role with its dates).
:meth:`Registry.resolve` maps a mention to a speaker in three ways:

* **exact**: the mention's *name key* (casefolded, leading article, possessive and
  titles removed, US spellings folded) is an alias key of exactly one speaker whose
  nationality the mention does not contradict;
* **institutions**: the mention's nationality evidence ("Russia's", "Kyiv's", "British",
  "UK", a flag emoji, or the ``nationality`` the caller found around the mention) plus
  its other content words, in any order ("the defence ministry of Russia" = "Russia's
  Defence Ministry"). A mention without nationality words never takes an alias that has
  them: "the defence ministry" is not the "UK Defence Ministry" (look-alikes differ only
  there), and is left to the article's earlier mentions (``audit.extract.resolve``);
* **persons**: the name parsed out of titles and stray words (``audit.lang.names``), surnames
  compared across romanisations (Zelenskiy = Zelenskyy), with a guard: a different first
  name, or a surname that is only close, needs agreeing evidence (nationality or role
  words in the mention) before two names are one person, and given the article's date a
  bare surname needs evidence too (:meth:`Registry.surname_agrees`): "Sanders" in 2016 is
  not the Chief of the General Staff of 2022-2024.

:meth:`Registry.holder` answers role descriptions ("Ukraine's top military commander",
"the former head of the British Army") with whoever held the role at the article's date.

Speakers not in the registry are not dropped: extraction keeps their best name and gives
them a :func:`person_id` (persons) or :func:`slug` id.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from audit.lang.names import (
    ParsedName,
    parse_name,
    same_person,
    surname_skeleton,
    translit_key,
)
from audit.lang.nations import flag_countries, fold_acronyms, nationality_words
from audit.lang.titles import KEY_TITLES
from audit.model import SpeakerKind

SPEAKER_KINDS = ("person", "organisation", "generic", "anonymous", "unknown")
"""``generic``: a vague credit to a body or a country ("Britain", "Moscow", "Western
officials", "UK defence officials"), kept apart from a named speaker in reports."""

FUZZY_NAME_CUTOFF = 88.0
"""Minimum rapidfuzz ``ratio`` (0-100) between an organisation mention's key and an alias key."""
FUZZY_WORD_CUTOFF = 80.0
"""Every word of an organisation mention must match some alias word at least this well."""
FUZZY_CANDIDATES = 5
"""How many best fuzzy candidates are checked word by word."""
SURNAME_CLOSE = 88.0
"""Surnames this close (rapidfuzz ratio of their transliteration keys) with the same first
name are one person (Keir Stamer = Keir Starmer)."""
SURNAME_TYPO = 80.0
"""Surnames this close are one person only when the first name and the mention's
nationality or role words agree too (Ukrainian President Volodymyr Zekensky)."""
ROLE_EVIDENCE_MIN = 1
"""Role words (beyond stop words) a mention must share with a registry role to count as
agreeing evidence for a name match."""

def _name_title(word: str) -> bool:
    """Whether ``word`` (casefolded) is a title ``name_key`` and ``bare_name`` drop
    (:data:`audit.lang.titles.KEY_TITLES`); a hyphenated rank counts when all its parts are
    titles ("Lieutenant-General")."""
    w = word.rstrip(".")
    parts = [x for x in w.split("-") if x]
    return w in KEY_TITLES or (len(parts) > 1 and all(x in KEY_TITLES for x in parts))
LEADING_ARTICLES = ("the ", "a ", "an ")
SPELLING_FOLDS: tuple[tuple[str, str], ...] = (("defense", "defence"), ("center", "centre"))
"""US spellings folded to one form before matching."""
CONCEPT_STOPWORDS = frozenset("the a an of for and in at on to from by with its their s".split())
"""Words that do not tell institutions apart ("Ministry *of* Defence")."""
OPTIONAL_ORG_WORDS = frozenset("agency service services office department".split())
"""Words an institution's mention may add without naming another body ("Britain's defence
intelligence agency" = "UK Defence Intelligence")."""
GOVERNMENT_CONCEPT = frozenset({"government"})
"""A country named as the speaker ("Britain said", "Moscow said") is a generic credit to
the registry body with this concept and that nationality, when the registry has one."""

ROLE_SYNONYMS: dict[str, str] = {
    "chief": "head", "head": "head", "leader": "head", "commander": "head", "boss": "head",
    "commander-in-chief": "head", "commanders": "head", "chiefs": "head", "c-in-c": "head",
    "army": "military", "military": "military", "armed": "military", "forces": "military",
    "minister": "minister", "secretary": "minister", "spokesman": "spokesperson",
    "spokeswoman": "spokesperson", "spokesperson": "spokesperson",
    "chairman": "head", "chairwoman": "head", "chairperson": "head", "chair": "head", "ceo": "head",
}
"""Role words folded to one concept: the press calls one office by several names ("army
chief", "top military commander", "Commander-in-Chief of the Armed Forces")."""
ROLE_HEADS = frozenset({"head", "minister", "president", "spokesperson", "premier", "chancellor", "director",
                        "general", "governor", "mayor", "ambassador", "secretary-general", "chair"})
"""Concepts that make a description a role (one of them must be in the mention)."""
ROLE_DROP = frozenset("top senior current serving new then incumbent".split())
"""Words that qualify a role without changing it."""
FORMER_WORDS = frozenset("former ex retired previous one-time erstwhile".split())
"""Words that ask for a past holder of the role."""
ROLE_NEAR = timedelta(days=730)
"""An article this close to one of a registry person's terms (before it began or after it
ended) counts as the date agreeing with a bare surname ("Sanders said" in 2023 may be the
Chief of the General Staff of 2022-2024; in 2016 it is not): people are quoted around their
terms, not decades away from them."""
LEGAL_FORMS = frozenset(
    """
    ltd limited inc incorporated corp corporation plc llc llp gmbh ag kg se sa sas sarl spa srl nv bv ab asa oy
    oyj kk kaisha kabushiki pte bhd pty co
    """.split()
)
"""Legal forms of companies written after their name (English, German, French, Italian,
Dutch, Nordic, Japanese ...): a name ending in one is an organisation's, whatever NER says
("Varnel Kisen Kaisha" is not a Mr Kaisha), and the name without it is the same body
("Varnel Kisen")."""
EVIDENCE_CACHE = 4096
"""Mentions and role titles whose evidence is kept (they repeat across an article and a run)."""


@dataclass(frozen=True, slots=True)
class Role:
    """An office a speaker holds or held; ``start``/``end`` are the TOML ``from``/``to``
    (``None``: not known / still held). ``also`` lists other ways the press names it."""

    title: str
    start: date | None = None
    end: date | None = None
    also: tuple[str, ...] = ()

    def held_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def ended_by(self, day: date) -> bool:
        return self.end is not None and self.end <= day


@dataclass(frozen=True, slots=True)
class Speaker:
    """One canonical speaker. ``role`` is a one-line summary for reports (the TOML's
    ``role``, else the latest of ``roles``)."""

    speaker_id: str
    name: str
    kind: SpeakerKind = "unknown"
    role: str | None = None
    nationality: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()


class RegistryError(ValueError):
    """The registry file cannot be read or holds an invalid entry."""


SLUG_FOLDS = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss", "Đ": "D", "đ": "d",
                            "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ı": "i"})
"""Latin letters that Unicode decomposition does not reduce to ASCII."""


CONFUSABLES = str.maketrans(dict(zip(
    "АВЕКМНОРСТУХІЈЅаеорсуххіјѕԁΑΒΕΖΗΙΚΜΝΟΡΤΥΧοι",
    "ABEKMHOPCTYXIJSaeopcyxxijsdABEZHIKMNOPTYXoi",
)))
"""Cyrillic and Greek letters drawn like Latin ones (Unicode's confusables for Latin): in a
word that also holds Latin letters they are Latin letters typed on another keyboard or
planted on purpose, and ``Ann Rееd`` (two Cyrillic ``е``) must be Ann Reed, not ``ann-rd``."""

_LATIN = re.compile(r"[A-Za-z]")


def fold_confusables(text: str) -> str:
    """``text`` with the look-alike letters of ``CONFUSABLES`` made Latin in every word that
    mixes them with Latin letters; words wholly in another script are left as written."""
    return " ".join(word.translate(CONFUSABLES) if _LATIN.search(word) else word for word in text.split(" "))


SLUG_APOSTROPHES = re.compile(r"(?<=\w)['’ʼ‘`´](?=\w)")
"""An apostrophe inside a word, which outlets write or leave out ("Lloyd's List", "Lloyds List";
"O'Neill", "ONeill"): one id either way, so it is dropped, never a word break."""


def slug(name: str) -> str:
    """A stable id for a speaker outside the registry (``Lord Smith`` -> ``lord-smith``).

    Latin names fold to ASCII (look-alike Cyrillic or Greek letters inside them included);
    names in other scripts keep their letters; an apostrophe inside a word is dropped.
    """
    folded = unicodedata.normalize("NFKD", SLUG_APOSTROPHES.sub("", fold_confusables(name)).translate(SLUG_FOLDS))
    ascii_ = folded.encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    if not out:
        out = re.sub(r"[\W_]+", "-", name.casefold()).strip("-")
    return out or "unknown"


def person_id(name: ParsedName) -> str:
    """The id of a person outside the registry, from the parsed name only, so titles and
    offices never split one person: ``Councillor Tom Briggs``, ``Tom Briggs MP`` ->
    ``tom-briggs``; ``Cllr Briggs`` -> ``briggs`` (joined to ``tom-briggs`` where the
    article or the store holds exactly one Briggs with a first name)."""
    return slug(" ".join(p for p in (name.first, name.last) if p))


def surname_joins(persons: Iterable[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Across articles: person ids that name one person, mapped to ``(id, name)`` of the
    one id they take. ``persons`` are ``(speaker_id, name)`` pairs of persons outside the
    registry, one per quote (repeats count) or distinct.

    * Full names that are one person across romanisations (:func:`audit.lang.names.same_person`:
      "Osama Rabei" = "Osama Rabie", "Abdel Fattah El Sisi" = "Abdel Fattah al-Sisi") take
      the id given most often (ties: the shortest, then the first in order). Every member of
      a group must match every other, so a chain of near names never joins two people.
    * A surname-only id (``briggs`` from "Cllr Briggs", ``rabei``) takes the id of the one
      group whose surname it is; two Briggses with different first names leave it alone.
    """
    counts: Counter[str] = Counter()
    names: dict[str, ParsedName] = {}
    for sid, name in persons:
        parsed = parse_name(name or "")
        if parsed is None:
            continue
        counts[sid] += 1
        if sid not in names or len(parsed.full) > len(names[sid].full):
            names[sid] = parsed
    blocks: dict[str, list[str]] = {}
    for sid in sorted(names, key=lambda i: (-counts[i], len(i), i)):
        blocks.setdefault(surname_skeleton(names[sid].last), []).append(sid)
    joins: dict[str, tuple[str, str]] = {}
    for members in blocks.values():
        groups: list[list[str]] = []
        for sid in (m for m in members if names[m].first):
            home = next((g for g in groups if all(same_person(names[sid], names[o]) for o in g)), None)
            if home is None:
                groups.append([sid])
            else:
                home.append(sid)
        for group in groups:
            joins |= {sid: (group[0], names[group[0]].full) for sid in group[1:]}
        for sid in (m for m in members if not names[m].first and m == person_id(names[m])):
            homes = [g for g in groups if any(same_person(names[sid], names[o]) for o in g)]
            if len(homes) == 1:
                joins[sid] = (homes[0][0], names[homes[0][0]].full)
    return joins


def legal_form(name: str) -> bool:
    """Whether ``name`` ends in a company's legal form (:data:`LEGAL_FORMS`); a short one
    only with a capital (``Co.``, ``AG``), never as a lowercase word."""
    words = name.split()
    last = words[-1].strip(".,") if len(words) > 1 else ""
    return last.casefold() in LEGAL_FORMS and (len(last) > 3 or not last.islower())


def without_legal_form(name: str) -> str:
    """``name`` without a legal form at its end ("Varnel Kisen Kaisha Ltd." -> "Varnel Kisen")."""
    while legal_form(name):
        name = name.rsplit(None, 1)[0].rstrip(",")
    return name


def organisation_joins(orgs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Across articles: ids outside the registry that name one company with and without its
    legal form ("Varnel Kisen Kaisha", "Varnel Kisen"), mapped to ``(id, name)`` of the
    most used one (ties: the longest name). ``orgs`` are ``(speaker_id, name)`` pairs of
    organisations and persons (NER often takes a company's name without its form for a
    person's), one per quote or distinct. Only a group holding a name with a legal form is
    joined, and only on exact names once the form is dropped: nothing fuzzy."""
    counts: Counter[tuple[str, str]] = Counter((sid, name) for sid, name in orgs if sid and name)
    groups: dict[str, list[tuple[str, str]]] = {}
    for sid, name in counts:
        groups.setdefault(name_key(without_legal_form(name)), []).append((sid, name))
    joins: dict[str, tuple[str, str]] = {}
    for members in groups.values():
        if len({sid for sid, _ in members}) < 2 or not any(legal_form(n) for _, n in members):
            continue
        best = max(members, key=lambda m: (counts[m], len(m[1]), m[0]))
        joins |= {sid: best for sid, _ in members if sid != best[0]}
    return joins


DESCRIPTION_FOLDS: dict[str, str] = {**ROLE_SYNONYMS, "firm": "company"}
"""Head nouns of descriptions folded as the press varies them ("its chairman" = "the canal
authority's chief"; "the salvage firm" = "the salvage company")."""
DESCRIPTION_DAYS = 7
"""A description joins a holder named in articles published at most this many days apart
(the days one story runs); articles without a date join regardless."""


@dataclass(frozen=True, slots=True)
class DescribedQuote:
    """What ``description_joins`` reads of one stored quote."""

    key: str
    """The quote's id (the caller's key)."""
    speaker_id: str | None
    speaker: str | None
    kind: str | None
    description: str | None
    """``Quote.speaker_description``: a holder's description words, or (no ``speaker_id``) a
    description's head noun followed by its other words."""
    day: date | None = None


def description_joins(quotes: Iterable[DescribedQuote]) -> dict[str, tuple[str, str, str]]:
    """Across a story: quotes credited to a description no one in their article is named by
    ("its chairman", "the Dutch salvage firm"), mapped to ``(speaker_id, speaker, kind)`` of
    the one person or organisation the story's other articles describe that way. A holder fits
    when its description words hold the description's head noun (folded by
    ``DESCRIPTION_FOLDS``) and every other word of the description ("of the canal authority":
    ``canal``, ``authority``; "the head of the rail authority" is not the harbour authority's),
    in an article within ``DESCRIPTION_DAYS``; a role (``ROLE_HEADS``:
    "chairman", "head") is held by a person, any other head ("firm", "manager") by an
    organisation, so a body's words in a person's apposition ("the head of the salvage firm")
    never make the person the firm. Two or more holders fit:
    the description stays as written (a role speaker with its role recorded)."""
    rows = list(quotes)
    holders: dict[str, tuple[str, str, set[str], set[date | None]]] = {}
    for q in rows:
        if q.speaker_id and q.speaker and q.kind in ("person", "organisation") and q.description:
            name, kind, words, days = holders.setdefault(q.speaker_id, (q.speaker, q.kind, set(), set()))
            words |= {DESCRIPTION_FOLDS.get(w, w) for w in q.description.split()}
            days.add(q.day)
    joins: dict[str, tuple[str, str, str]] = {}
    for q in rows:
        if q.speaker_id is not None or not q.description:
            continue
        head, *rest = q.description.split()
        head = DESCRIPTION_FOLDS.get(head, head)
        quals = {DESCRIPTION_FOLDS.get(w, w) for w in rest} - {head}
        want = "person" if head in ROLE_HEADS else "organisation"
        fit = [sid for sid, (_, kind, words, days) in holders.items()
               if kind == want and head in words and quals <= words and _near(q.day, days)]
        if len(fit) == 1:
            name, kind, _, _ = holders[fit[0]]
            joins[q.key] = (fit[0], name, kind)
    return joins


def _near(day: date | None, days: set[date | None]) -> bool:
    """Whether an article of ``day`` is within ``DESCRIPTION_DAYS`` of one of ``days``."""
    return day is None or any(d is None or abs((d - day).days) <= DESCRIPTION_DAYS for d in days)


def name_key(text: str) -> str:
    """The form names are compared in: casefolded, no article, possessive, titles or punctuation."""
    key = unicodedata.normalize("NFKC", fold_acronyms(fold_confusables(text))).replace("’", "'").casefold().strip()
    key = re.sub(r"'s\b", "", key)
    key = re.sub(r"[^\w\s-]", " ", key)
    key = re.sub(r"\s+", " ", key).strip()
    for art in LEADING_ARTICLES:
        if key.startswith(art):
            key = key[len(art):]
    for us, uk in SPELLING_FOLDS:
        key = key.replace(us, uk)
    words = key.split()
    while len(words) > 1 and _name_title(words[0]):
        words.pop(0)
    return " ".join(words)


def bare_name(name: str, titles: bool = True) -> str:
    """``name`` as written minus a leading article and the titles ``name_key`` ignores
    (``Senator Ann Reed`` -> ``Ann Reed``, ``The Home Office`` -> ``Home Office``), so an
    unknown speaker's best name is the same in every article whatever the office or
    article it was given with. ``titles=False`` keeps them (a body: "General Staff")."""
    words = name.split()
    if len(words) > 1 and f"{words[0].casefold()} " in LEADING_ARTICLES:
        words.pop(0)
    while titles and len(words) > 1 and _name_title(words[0].casefold()):
        words.pop(0)
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a mention says besides a name: countries, content words (institutions) and
    role concepts, with whether it asks for a former holder."""

    countries: frozenset[str]
    concept: frozenset[str]
    role: frozenset[str]
    former: bool


def evidence(text: str, nationality: Iterable[str] = ()) -> Evidence:
    """Split a mention (or any description) into nationality evidence and content words.

    ``nationality`` adds countries found around the mention (its apposition, a
    prepositional phrase) by the caller. Titles are kept here (they are the role), while
    parentheses and handles are dropped (``the UK Ministry of Defence (MoD)``).
    """
    ev = _evidence(text)
    extra = frozenset(nationality)
    return ev if extra <= ev.countries else Evidence(ev.countries | extra, ev.concept, ev.role, ev.former)


@lru_cache(maxsize=EVIDENCE_CACHE)
def _evidence(text: str) -> Evidence:
    """:func:`evidence` of the text alone (cached: role titles are read on every lookup)."""
    words = _plain_words(text)
    countries, rest = nationality_words(words)
    countries |= flag_countries(text)
    former = any(w in FORMER_WORDS for w in rest)
    kept = [w for w in rest if w not in CONCEPT_STOPWORDS and w not in FORMER_WORDS]
    concept = frozenset(kept)
    role = frozenset(ROLE_SYNONYMS.get(w, w) for w in kept if w not in ROLE_DROP)
    return Evidence(frozenset(countries), concept, role, former)


def institution_name(text: str, nationality: Iterable[str] = ()) -> str | None:
    """A canonical name for an institution outside the registry that the mention places in
    one country: its own words in order, the country after them, as the registry writes
    look-alikes ("Poland's foreign ministry", "the Polish Foreign Ministry" -> "Foreign
    Ministry (Poland)"), so the same body gets one id whichever way an outlet words its
    nationality. ``None`` without exactly one country or without other words."""
    countries, rest = nationality_words(_plain_words(text))
    countries |= set(nationality)
    words = [w for w in rest if w not in CONCEPT_STOPWORDS]
    if len(countries) != 1 or not words:
        return None
    return f"{' '.join(w.capitalize() for w in words)} ({next(iter(countries))})"


def _plain_words(text: str) -> list[str]:
    """Casefolded words for evidence: no parentheses, handles, article or possessive case;
    ``ex-British`` is two words, ``Commander-in-Chief`` one."""
    text = re.sub(r"\([^)]*(?:\)|$)|@\w+", " ", fold_acronyms(unicodedata.normalize("NFKC", text)))
    text = text.replace("’", "'").casefold()
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"\b(ex|non)-", r"\1 ", text)
    for us, uk in SPELLING_FOLDS:
        text = text.replace(us, uk)
    return [w for w in re.findall(r"[\w]+(?:-[\w]+)*", text) if w not in ("the", "a", "an")]


@dataclass(slots=True)
class _Alias:
    speaker_id: str
    countries: frozenset[str]
    concept: frozenset[str]


@dataclass(slots=True)
class _PersonName:
    speaker_id: str
    first: str
    last: str


@dataclass(slots=True)
class _Index:
    by_key: dict[str, set[str]] = field(default_factory=dict)
    orgs: list[_Alias] = field(default_factory=list)
    by_last: dict[str, list[_PersonName]] = field(default_factory=dict)
    """Surname (romanisation key) -> the registry names with it."""
    firsts: dict[str, set[str]] = field(default_factory=dict)
    """Speaker id -> every first name its aliases give (transliteration keys)."""


class Registry:
    """Canonical speakers with their aliases and roles; :meth:`resolve` maps a mention to
    one, :meth:`holder` a role description."""

    def __init__(self, speakers: Iterable[Speaker] = ()) -> None:
        self._speakers: dict[str, Speaker] = {}
        self._index = _Index()
        for sp in speakers:
            self.add(sp)

    def add(self, speaker: Speaker) -> None:
        """Add (or replace) a speaker and index its name and aliases."""
        if speaker.speaker_id in self._speakers:
            self._speakers[speaker.speaker_id] = speaker
            self._reindex()
            return
        self._speakers[speaker.speaker_id] = speaker
        self._index_speaker(speaker)

    def _reindex(self) -> None:
        self._index = _Index()
        for sp in self._speakers.values():
            self._index_speaker(sp)

    def _index_speaker(self, speaker: Speaker) -> None:
        ix = self._index
        for alias in (speaker.name, *speaker.aliases):
            key = name_key(alias)
            if not key:
                continue
            ix.by_key.setdefault(key, set()).add(speaker.speaker_id)
            if speaker.kind == "person":
                parsed = parse_name(alias)
                if parsed is not None:
                    if parsed.first:
                        ix.firsts.setdefault(speaker.speaker_id, set()).add(translit_key(parsed.first))
                    names = [parsed.last] + ([parsed.nickname] if parsed.nickname else [])
                    for last in names:
                        entry = _PersonName(speaker.speaker_id, translit_key(parsed.first), translit_key(last))
                        ix.by_last.setdefault(entry.last, []).append(entry)
            else:
                ev = evidence(alias)
                own = frozenset({speaker.nationality}) if speaker.nationality else frozenset()
                ix.orgs.append(_Alias(speaker.speaker_id, ev.countries | own, ev.concept))

    @classmethod
    def load(cls, path: str | Path | None = None) -> Registry:
        """Read a registry TOML file (default: ``speakers.toml`` in the reference folder).

        A missing default file gives an empty registry; a missing explicit path or a
        malformed entry raises :class:`RegistryError`.
        """
        if path is None:
            from audit.config import reference_dir
            from audit.reference import SPEAKERS_FILE

            path = reference_dir() / SPEAKERS_FILE
            if not path.is_file():
                return cls()
        path = Path(path)
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise RegistryError(f"{path}: cannot read speakers registry: {exc}") from exc
        return cls(_speaker(path, sid, entry) for sid, entry in table.items())

    def __iter__(self) -> Iterator[Speaker]:
        return iter(self._speakers.values())

    def __len__(self) -> int:
        return len(self._speakers)

    def get(self, speaker_id: str) -> Speaker | None:
        return self._speakers.get(speaker_id)

    # -- mentions ---------------------------------------------------------------------------
    def resolve(self, mention: str, kind_hint: str | None = None, *,
                nationality: Iterable[str] = (), context: str = "", day: date | None = None) -> Speaker | None:
        """The canonical speaker ``mention`` names, or ``None``.

        ``kind_hint`` (person / organisation) rules out candidates of the other kind;
        ``nationality`` adds countries found around the mention; ``context`` is the
        mention's description (its apposition), used as evidence for a person's name.
        ``day`` is the article's date: given it, a bare surname ("Sanders", "Mr. Sanders")
        is a registry person only when something agrees (:meth:`surname_agrees`); without
        it (a mention with no article) the surname alone is enough.
        """
        key = name_key(mention)
        if not key:
            return None
        ev = evidence(mention, nationality)
        ctx = evidence(context, ()) if context else None
        exact = [self._speakers[s] for s in sorted(self._index.by_key.get(key, ()))]
        exact = [sp for sp in exact if _kind_ok(sp, kind_hint) and _nationality_ok(sp, ev.countries)]
        if len(exact) == 1:
            sp = exact[0]
            bare = day is not None and sp.kind == "person" and len(key.split()) == 1
            return sp if day is None or not bare or self.surname_agrees(sp, ev, ctx, day) else None
        if kind_hint != "person":
            found = self._institution(key, ev)
            if found is not None and _kind_ok(found, kind_hint):
                return found
        if kind_hint != "organisation":
            return self._person(mention, ev, ctx, day)
        return None

    def government_of(self, countries: Iterable[str]) -> Speaker | None:
        """The registry's government body of the one country in ``countries`` (the
        speaker of "Britain said"), or ``None``."""
        countries = set(countries)
        if len(countries) != 1:
            return None
        ids = {a.speaker_id for a in self._index.orgs if a.concept == GOVERNMENT_CONCEPT and countries & a.countries}
        return self._speakers[ids.pop()] if len(ids) == 1 else None

    def body_of(self, ev: Evidence) -> Speaker | None:
        """The one registry body of the mention's country whose words hold all the
        mention's content words (``UK defence officials`` -> the UK Ministry of Defence),
        or ``None``. Used for groups; a body needs both a country and a content word."""
        if not ev.countries or not ev.concept:
            return None
        ids = {a.speaker_id for a in self._index.orgs if ev.countries & a.countries and ev.concept <= a.concept}
        return self._speakers[ids.pop()] if len(ids) == 1 else None

    def _institution(self, key: str, ev: Evidence) -> Speaker | None:
        """An organisation by nationality plus content words, in any order; a mention
        without nationality takes only aliases without it, and only fuzzily by spelling."""
        if ev.countries and ev.concept:
            want = ev.concept - OPTIONAL_ORG_WORDS
            ids = {a.speaker_id for a in self._index.orgs
                   if ev.countries & a.countries and want and want == a.concept - OPTIONAL_ORG_WORDS}
            if len(ids) == 1:
                return self._speakers[ids.pop()]
            if ids:
                return None
        if ev.countries and not ev.concept:
            return None
        hits = process.extract(key, list(self._index.by_key), scorer=fuzz.ratio,
                               score_cutoff=FUZZY_NAME_CUTOFF, limit=FUZZY_CANDIDATES)
        for alias_key, _score, _ in hits:
            ids = self._index.by_key[alias_key]
            if len(ids) != 1:
                continue
            sp = self._speakers[next(iter(ids))]
            alias_countries, _ = nationality_words(alias_key.split())
            if (sp.kind != "person" and _words_covered(key, alias_key) and alias_countries == set(ev.countries)
                    and _nationality_ok(sp, ev.countries)):
                return sp
        return None

    def _person(self, mention: str, ev: Evidence, context: Evidence | None, day: date | None) -> Speaker | None:
        """A registry person by parsed name, across romanisations, with the similar-name guard:
        a different first name is another person unless it shares the registered one's
        initial and the mention agrees (an outlet's "Denis" for "Daniil" Bezsonov, "a
        representative of the DPR"; never "Bernie" for "Patrick" Sanders); a bare surname
        needs :meth:`surname_agrees` when the article's ``day`` is known."""
        parsed = parse_name(mention)
        if parsed is None:
            return None
        first, last = translit_key(parsed.first), translit_key(parsed.last)
        if not last:
            return None
        found: set[str] = set()
        lasts = {last, *(k for k, _, _ in process.extract(last, list(self._index.by_last), scorer=fuzz.ratio,
                                                            score_cutoff=SURNAME_TYPO, limit=None))}
        for p in (p for k in lasts for p in self._index.by_last.get(k, ())):
            sp = self._speakers[p.speaker_id]
            if not _nationality_ok(sp, ev.countries):
                continue
            if not first and day is not None and not self.surname_agrees(sp, ev, context, day):
                continue
            known = self._index.firsts.get(p.speaker_id, set())
            same_first = not first or not known or any(first == f or _initial(first, f) for f in known)
            if p.last == last:
                if same_first or (any(first[:1] == f[:1] for f in known) and self.agrees(sp, ev, context)):
                    found.add(p.speaker_id)
                continue
            score = fuzz.ratio(p.last, last)
            if first and first in known and (
                score >= SURNAME_CLOSE or (score >= SURNAME_TYPO and self.agrees(sp, ev, context))
            ):
                found.add(p.speaker_id)
        return self._speakers[found.pop()] if len(found) == 1 else None

    def surname_agrees(self, sp: Speaker, ev: Evidence, context: Evidence | None, day: date) -> bool:
        """Whether a bare surname may be the registry person ``sp`` in an article of ``day``:
        the mention or its description agrees (:meth:`agrees`: "General Sanders", "the
        British Sanders"), or ``day`` falls within ``ROLE_NEAR`` of one of their terms (an
        undated role, or none, does not disagree). The article naming the person in full
        is the other evidence; it is read within the article (``audit.extract.resolve``)."""
        if self.agrees(sp, ev, context) or not sp.roles:
            return True
        return any((r.start is None or r.start - ROLE_NEAR <= day) and (r.end is None or day < r.end + ROLE_NEAR)
                   for r in sp.roles)

    @staticmethod
    def agrees(sp: Speaker, ev: Evidence, context: Evidence | None) -> bool:
        """Whether the mention (or its description) says something only this speaker fits:
        their country, or a word of one of their roles (acronyms included: DPR)."""
        evs = [e for e in (ev, context) if e is not None]
        if sp.nationality and any(sp.nationality in e.countries for e in evs):
            return True
        role_words: set[str] = set()
        for text in (sp.role or "", *(r.title for r in sp.roles), *(a for r in sp.roles for a in r.also)):
            role_words |= evidence(text).role | _acronyms(text)
        said = set().union(*(e.role for e in evs)) if evs else set()
        return len(said & role_words) >= ROLE_EVIDENCE_MIN

    # -- roles ------------------------------------------------------------------------------
    def holder(self, description: str, day: date | None = None, nationality: Iterable[str] = (),
               among: Iterable[str] = ()) -> Speaker | None:
        """Who held the role ``description`` names on ``day`` (today when unknown):
        "Russia's defence minister", "Ukraine's top military commander", "the former head
        of the British Army" (a holder whose term had ended by ``day``).

        The description must name a role (``ROLE_HEADS``) and every other word of it must
        be in one of the speaker's role titles; its country, if it names one, must be the
        speaker's. Several holders and no way to choose: ``None``, never a guess; if
        ``among`` (ids the article names elsewhere) holds exactly one of them, that one.
        A bare office with no country and no other word ("the president", "the former
        president", "the secretary") is only a holder the article names: the registry
        holds a few countries' offices, and a US article's "the president" is not Russia's.
        """
        ev = evidence(description, nationality)
        if not ev.role & ROLE_HEADS:
            return None
        day = day or date.today()
        extra: dict[str, int] = {}  # holder -> fewest words their role has beyond the description's
        for sp in self._speakers.values():
            if ev.countries and sp.nationality not in ev.countries:
                continue
            for role in sp.roles:
                if not (role.ended_by(day) if ev.former else role.held_on(day)):
                    continue
                for title in (role.title, *role.also):
                    concept = evidence(title).role
                    if ev.role <= concept:
                        extra[sp.speaker_id] = min(extra.get(sp.speaker_id, 99), len(concept - ev.role))
        closest = min(extra.values(), default=0)
        holders = {sid for sid, n in extra.items() if n == closest}
        if len(holders) > 1 or (not ev.countries and ev.role <= ROLE_HEADS):
            holders &= set(among)
        return self._speakers[holders.pop()] if len(holders) == 1 else None


def _acronyms(text: str) -> set[str]:
    """Acronyms a role's proper name may be cut to: the initials of each run of capitalised
    words and of the run's tails ("Russian-installed Donetsk People's Republic" -> rdpr,
    dpr, pr)."""
    out: set[str] = set()
    for run in re.findall(r"(?:\b[A-Z][\w'’-]*\s*)+", text):
        initials = "".join(w[0].lower() for w in run.split())
        out |= {initials[k:] for k in range(len(initials) - 1)}
    return out


def _initial(a: str, b: str) -> bool:
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _kind_ok(speaker: Speaker, kind_hint: str | None) -> bool:
    """A generic body (a government credited as a country) counts as an organisation."""
    kind = "organisation" if speaker.kind == "generic" else speaker.kind
    return kind_hint in (None, "unknown") or kind in ("unknown", kind_hint)


def _nationality_ok(speaker: Speaker, countries: frozenset[str] | set[str]) -> bool:
    """A mention naming countries fits only a speaker of one of them (or of none)."""
    return not countries or speaker.nationality is None or speaker.nationality in countries


def _words_covered(key: str, alias_key: str) -> bool:
    """Every word of the mention has a close word in the alias (no extra distinguishing word)."""
    alias_words = alias_key.split()
    return all(
        max(fuzz.ratio(w, a) for a in alias_words) >= FUZZY_WORD_CUTOFF for w in key.split()
    )


def _date(path: Path, speaker_id: str, value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise RegistryError(f"{path}: speaker {speaker_id!r}: role dates must be YYYY-MM-DD, not {value!r}")


def _roles(path: Path, speaker_id: str, entry: dict) -> tuple[Role, ...]:
    raw = entry.get("roles", [])
    if not isinstance(raw, list) or not all(isinstance(r, dict) and isinstance(r.get("title"), str) for r in raw):
        raise RegistryError(f"{path}: speaker {speaker_id!r}: roles must be tables with a title")
    roles = []
    for r in raw:
        also = r.get("also", [])
        if not isinstance(also, list) or not all(isinstance(a, str) for a in also):
            raise RegistryError(f"{path}: speaker {speaker_id!r}: a role's also must be a list of strings")
        roles.append(Role(r["title"], _date(path, speaker_id, r.get("from")), _date(path, speaker_id, r.get("to")),
                          tuple(also)))
    if not roles and isinstance(entry.get("role"), str):
        roles.append(Role(entry["role"]))  # an old registry: one undated role string
    return tuple(roles)


def _summary(entry: dict, roles: tuple[Role, ...]) -> str | None:
    """The report's one-line role: the TOML ``role``, else the latest role's title with its
    years when it has ended (never "former": whether it is former depends on the article's
    date, which scoring compares)."""
    if isinstance(entry.get("role"), str):
        return entry["role"]
    if not roles:
        return None
    last = max(roles, key=lambda r: (r.start or date.min))
    if last.end is None:
        return last.title
    return f"{last.title} ({last.start.year if last.start else '?'}-{last.end.year})"


def _speaker(path: Path, speaker_id: str, entry: object) -> Speaker:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise RegistryError(f"{path}: speaker {speaker_id!r} needs a table with a name")
    kind = entry.get("kind", "unknown")
    if kind not in SPEAKER_KINDS:
        raise RegistryError(f"{path}: speaker {speaker_id!r} has unknown kind {kind!r}")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise RegistryError(f"{path}: speaker {speaker_id!r}: aliases must be a list of strings")
    roles = _roles(path, speaker_id, entry)
    return Speaker(speaker_id, entry["name"], kind, _summary(entry, roles), entry.get("nationality"),
                   tuple(aliases), roles)
