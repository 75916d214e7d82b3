"""The reference registry's files: verified statements and their names, read once here.

``reference/statements.toml`` holds statements an editor verified by hand (speaker, exact
words, source, date); ``reference/speakers.toml`` the canonical speakers
(``audit.speakers.Registry`` reads it). Scoring classes renderings against the verified
words (``audit.score.verified``) and ``audit check`` holds drafts against them
(``audit.check.reference``): both read the files through this module, so neither stage
imports the other and the files' names are written once.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

STATEMENTS_FILE = "statements.toml"
SPEAKERS_FILE = "speakers.toml"
"""The two files of a reference folder (``config.reference_dir``)."""


@dataclass(frozen=True, slots=True)
class Statement:
    """One reference statement: what a speaker verifiably said."""

    statement_id: str
    text: str
    speaker: str | None = None
    """Speaker id or name as the reference gives it."""
    speaker_name: str | None = None
    source: str | None = None
    date: str | None = None
    url: str | None = None
    origin: str = "reference"
    """``reference`` (hand-verified file) or ``store`` (ingested coverage)."""
    cues: tuple[str, ...] = ()
    """Reporting verbs the reference itself uses for these words (ground for a loaded cue)."""
    translated: bool = False
    """The words are a translation: other translations are renderings too (a word changed
    from all of them is still a finding, a warning)."""
    renderings: tuple[str, ...] = ()
    """Every wording of the utterance the store holds (its direct renderings, most
    printed first); ``text`` is the one shown as evidence. Empty for a verified statement,
    whose ``text`` is the wording."""

    @property
    def wordings(self) -> tuple[str, ...]:
        """The wordings a faithful quote may follow: ``text`` and the renderings."""
        return (self.text, *(w for w in self.renderings if w != self.text))

    @property
    def label(self) -> str:
        """How a message names the statement's speaker: the registry's name, else the id
        read back as words (``tom-briggs`` -> ``Tom Briggs``); never a bare id."""
        if self.speaker_name:
            return self.speaker_name
        if self.speaker:
            return " ".join(w.capitalize() for w in self.speaker.replace("_", "-").split("-") if w)
        return "an unknown speaker"

    def citation(self, max_chars: int = 160) -> str:
        """The statement in a reader's words: ``"wording" (source, date)``."""
        words = self.text if len(self.text) <= max_chars else self.text[: max_chars - 1].rsplit(" ", 1)[0] + " …"
        where = ", ".join(p for p in (self.source, self.date) if p)
        return f"\u201c{words}\u201d" + (f" ({where})" if where else "")



class ReferenceError(ValueError):
    """A reference file or store that cannot be read."""


STATEMENT_TYPES: dict[str, type | tuple[type, ...]] = {
    "id": (str, int), "speaker": str, "text": str, "source": str, "date": (str, date, datetime), "url": str,
    "cues": list, "translated": bool,
}
"""What each key of a reference statement may hold; a number as text or a table as a
speaker is refused with the statement's number, not accepted as its Python repr."""


def load_statements_file(path: Path, names: dict[str, str] | None = None) -> list[Statement]:
    """Read ``statements.toml``: an array of ``[[statement]]`` tables (or any array of
    tables holding ``text``), keys ``id``, ``speaker``, ``text``, ``source``, ``date``,
    ``url``, optional ``cues`` and ``translated``. ``names`` maps speaker ids to the
    names messages show."""
    names = names or {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ReferenceError(f"{path}: cannot read reference statements: {exc}") from exc
    tables = [t for v in data.values() if isinstance(v, list) for t in v if isinstance(t, dict)]
    statements = []
    for i, table in enumerate(tables):
        if not table.get("text"):
            raise ReferenceError(f"{path}: statement #{i + 1} has no text")
        for key, value in table.items():
            kinds = STATEMENT_TYPES.get(key)
            if kinds is not None and not isinstance(value, kinds) or (
                    key == "cues" and not all(isinstance(c, str) for c in value)):
                raise ReferenceError(f"{path}: statement #{i + 1}: {key} has the wrong type ({value!r:.60})")
        statements.append(
            Statement(
                statement_id=str(table.get("id") or f"{path.stem}#{i + 1}"),
                text=str(table["text"]),
                speaker=table.get("speaker"),
                speaker_name=names.get(str(table.get("speaker"))),
                source=table.get("source"),
                date=str(table["date"]) if table.get("date") else None,
                url=table.get("url"),
                cues=tuple(table.get("cues", ())),
                translated=bool(table.get("translated", False)),
            )
        )
    return statements
