"""Canonical speakers across articles: the human-edited registry plus fuzzy name matching.

The registry lives in ``reference/speakers.toml`` (one table per speaker id with
``name``, ``kind``, ``role``, ``nationality`` and ``aliases``). A mention is matched by
its *name key* (casefolded, leading article, possessive and titles removed, US spellings
folded) against every alias key: first exactly, then fuzzily with rapidfuzz, so
Zaluzhnyy / Zaluzhnyi / Zaluzhny are one person. A fuzzy match must also account for
every word of the mention, so "the Russian Defence Ministry" never becomes the UK
"Defence Ministry" just because most letters agree.

Speakers not in the registry are not dropped: extraction keeps their best name and gives
them a :func:`slug` id.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

SPEAKER_KINDS = ("person", "organisation", "anonymous", "unknown")

FUZZY_NAME_CUTOFF = 88.0
"""Minimum rapidfuzz ``ratio`` (0-100) between a mention's key and an alias key."""
FUZZY_WORD_CUTOFF = 80.0
"""Every word of the mention must match some alias word at least this well."""
FUZZY_CANDIDATES = 5
"""How many best fuzzy candidates are checked word by word."""

NAME_TITLES = frozenset(
    """
    mr mrs ms miss mx dr sir dame lady baroness president general gen prime minister
    senator sen rep governor gov secretary chancellor colonel col major lieutenant lt
    captain capt admiral commander professor prof rev reverend mayor ambassador
    former late
    """.split()
)
"""Words stripped from the front of a name key (``President Putin`` -> ``putin``).
"Lord" is kept: it is part of the peer's name style in British usage and aliases."""
LEADING_ARTICLES = ("the ", "a ", "an ")
SPELLING_FOLDS: tuple[tuple[str, str], ...] = (("defense", "defence"), ("center", "centre"))
"""US spellings folded to one form before matching."""


@dataclass(frozen=True, slots=True)
class Speaker:
    """One canonical speaker."""

    speaker_id: str
    name: str
    kind: str = "unknown"
    role: str | None = None
    nationality: str | None = None
    aliases: tuple[str, ...] = ()


class RegistryError(ValueError):
    """The registry file cannot be read or holds an invalid entry."""


SLUG_FOLDS = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss", "Đ": "D", "đ": "d",
                            "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ı": "i"})
"""Latin letters that Unicode decomposition does not reduce to ASCII."""


def slug(name: str) -> str:
    """A stable id for a speaker outside the registry (``Lord Smith`` -> ``lord-smith``).

    Latin names fold to ASCII; names in other scripts keep their letters.
    """
    folded = unicodedata.normalize("NFKD", name.translate(SLUG_FOLDS))
    ascii_ = folded.encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    if not out:
        out = re.sub(r"[\W_]+", "-", name.casefold()).strip("-")
    return out or "unknown"


def name_key(text: str) -> str:
    """The form names are compared in: casefolded, no article, possessive, titles or punctuation."""
    key = unicodedata.normalize("NFKC", text).replace("’", "'").casefold().strip()
    key = re.sub(r"'s\b", "", key)
    key = re.sub(r"[^\w\s-]", " ", key)
    key = re.sub(r"\s+", " ", key).strip()
    for art in LEADING_ARTICLES:
        if key.startswith(art):
            key = key[len(art):]
    for us, uk in SPELLING_FOLDS:
        key = key.replace(us, uk)
    words = key.split()
    while len(words) > 1 and words[0].rstrip(".") in NAME_TITLES:
        words.pop(0)
    return " ".join(words)


def bare_name(name: str) -> str:
    """``name`` as written minus a leading article and the titles ``name_key`` ignores
    (``Senator Ann Reed`` -> ``Ann Reed``, ``The Home Office`` -> ``Home Office``), so an
    unknown speaker's best name, and the id slugged from it, are the same in every
    article whatever the office or article it was given with."""
    words = name.split()
    if len(words) > 1 and f"{words[0].casefold()} " in LEADING_ARTICLES:
        words.pop(0)
    while len(words) > 1 and words[0].casefold().rstrip(".") in NAME_TITLES:
        words.pop(0)
    return " ".join(words)


class Registry:
    """Canonical speakers with their aliases; :meth:`resolve` maps a mention to one."""

    def __init__(self, speakers: Iterable[Speaker] = ()) -> None:
        self._speakers: dict[str, Speaker] = {}
        self._by_key: dict[str, str] = {}
        for sp in speakers:
            self.add(sp)

    def add(self, speaker: Speaker) -> None:
        """Add (or replace) a speaker and index its name and aliases."""
        self._speakers[speaker.speaker_id] = speaker
        for alias in (speaker.name, *speaker.aliases):
            key = name_key(alias)
            if key:
                self._by_key.setdefault(key, speaker.speaker_id)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Registry:
        """Read a registry TOML file (default: ``speakers.toml`` in the reference folder).

        A missing default file gives an empty registry; a missing explicit path or a
        malformed entry raises :class:`RegistryError`.
        """
        if path is None:
            from audit.config import reference_dir

            path = reference_dir() / "speakers.toml"
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

    def resolve(self, mention: str, kind_hint: str | None = None) -> Speaker | None:
        """The canonical speaker ``mention`` names, or ``None``.

        ``kind_hint`` (person / organisation) rules out candidates of the other kind.
        """
        key = name_key(mention)
        if not key:
            return None
        sid = self._by_key.get(key)
        if sid is not None and _kind_ok(self._speakers[sid], kind_hint):
            return self._speakers[sid]
        hits = process.extract(key, list(self._by_key), scorer=fuzz.ratio,
                               score_cutoff=FUZZY_NAME_CUTOFF, limit=FUZZY_CANDIDATES)
        for alias_key, _score, _ in hits:
            sp = self._speakers[self._by_key[alias_key]]
            if _kind_ok(sp, kind_hint) and _words_covered(key, alias_key):
                return sp
        return None


def _kind_ok(speaker: Speaker, kind_hint: str | None) -> bool:
    return kind_hint in (None, "unknown") or speaker.kind in ("unknown", kind_hint)


def _words_covered(key: str, alias_key: str) -> bool:
    """Every word of the mention has a close word in the alias (no extra distinguishing word)."""
    alias_words = alias_key.split()
    return all(
        max(fuzz.ratio(w, a) for a in alias_words) >= FUZZY_WORD_CUTOFF for w in key.split()
    )


def _speaker(path: Path, speaker_id: str, entry: object) -> Speaker:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise RegistryError(f"{path}: speaker {speaker_id!r} needs a table with a name")
    kind = entry.get("kind", "unknown")
    if kind not in SPEAKER_KINDS:
        raise RegistryError(f"{path}: speaker {speaker_id!r} has unknown kind {kind!r}")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise RegistryError(f"{path}: speaker {speaker_id!r}: aliases must be a list of strings")
    return Speaker(speaker_id, entry["name"], kind, entry.get("role"), entry.get("nationality"), tuple(aliases))
