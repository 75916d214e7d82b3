"""Stories: which articles one ``audit run`` was about, in a database that holds many.

A newsroom audits one story at a time into the same database (so statements and
speakers learned from earlier coverage keep helping). A report, though, must be about the
coverage the user gave: after ``audit run beirut/`` then ``audit run suez/``, the second
report holds the Suez articles only, and says that the database holds another story.

Membership is a table of its own, ``story_articles(story, article_id)``, created on first
use, so an article may belong to several stories (the same wire copy in two folders) and
a database written before stories existed keeps working: its articles are in no story,
and ``audit report`` without ``--story`` still reports on everything.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.model import STDIN

TABLE = "story_articles"

DDL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    story      VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    PRIMARY KEY (story, article_id)
)
"""

DEMO_STORY = "demo"
"""The label of ``audit run`` with no input (the bundled corpus)."""

STDIN_STORY = "stdin"

GLOB_CHARS = frozenset("*?[")


class StoryError(ValueError):
    """A story that the database does not hold; the message lists those it does."""


@dataclass(slots=True)
class StoryScope:
    """What a report covers: ``story`` (None: the whole database) and what else the
    database holds, so the summary can say so."""

    story: str | None
    articles: int = 0
    others: dict[str, int] = field(default_factory=dict)
    """Other stories → their article count."""
    unlabelled: int = 0
    """Articles of the database in no story (stored before stories, or by ``audit ingest``)."""

    def line(self) -> str | None:
        """One summary line, or None when there is only one thing to report on."""
        listed = [f"{name} ({n:,} articles)" for name, n in sorted(self.others.items())]
        if self.unlabelled:
            listed.append(f"{self.unlabelled:,} articles in no story")
        hint = "; `audit report --story NAME` renders one"
        if self.story is None:
            return f"all of the database: {', '.join(listed)}{hint}" if self.others else None
        if not listed:
            return None
        return (f'story "{self.story}" ({self.articles:,} articles); the database also holds {", ".join(listed)}'
                + (hint if self.others else ""))

    def as_dict(self) -> dict[str, Any]:
        return {"story": self.story, "articles": self.articles, "other_stories": dict(sorted(self.others.items())),
                "articles_in_no_story": self.unlabelled}


def default_label(paths: Sequence[str | os.PathLike[str]] | None) -> str:
    """A story's name from its inputs: the folder name (``coverage/`` or
    ``coverage/*.txt`` → ``coverage``; the files' folder for files); inputs in several
    folders give their names joined by ``+``; none is the demo corpus."""
    if not paths:
        return DEMO_STORY
    names: list[str] = []
    for raw in paths:
        text = os.fspath(raw)
        if text == STDIN:
            name = STDIN_STORY
        else:
            path = Path(text)
            while any(c in GLOB_CHARS for c in path.name) or (path.name and not path.is_dir() and path.suffix):
                path = path.parent  # a glob or a file names its folder
            name = path.resolve().name or STDIN_STORY
        if name not in names:
            names.append(name)
    return "+".join(names)


def add(con: Any, story: str, article_ids: Iterable[str]) -> None:
    """Put articles in ``story`` (idempotent: a resumed or repeated run adds nothing)."""
    rows = [(story, a) for a in dict.fromkeys(article_ids)]
    if rows:
        con.execute(DDL)
        con.executemany(f"INSERT OR IGNORE INTO {TABLE} VALUES (?, ?)", rows)


def exists(con: Any) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [TABLE]).fetchall()[0][0])


def counts(con: Any) -> dict[str, int]:
    """Every story with its number of stored articles (sources, newest versions counted once)."""
    if not exists(con):
        return {}
    rows = con.execute(
        f"SELECT s.story, count(DISTINCT (a.source, a.outlet)) FROM {TABLE} s JOIN articles a USING (article_id) GROUP BY 1"
    ).fetchall()
    return dict(rows)


def scope(con: Any, story: str | None) -> StoryScope:
    """What a report on ``story`` (None: all) covers and what else the database holds.
    Raises ``StoryError`` for a story the database does not hold."""
    known = counts(con)
    if story is not None and story not in known:
        listed = ", ".join(sorted(known)) or "none (stories are recorded by `audit run`)"
        raise StoryError(f"no story {story!r} in the database; stories: {listed}")
    member = f"article_id IN (SELECT article_id FROM {TABLE})" if known else "false"
    unlabelled = con.execute(f"SELECT count(DISTINCT (source, outlet)) FROM articles WHERE NOT ({member})").fetchall()[0][0]
    return StoryScope(story=story, articles=known.get(story, 0) if story else 0,
                      others={k: v for k, v in known.items() if k != story}, unlabelled=unlabelled)


def article_filter(story: str | None) -> tuple[str, list[Any]]:
    """A SQL condition on ``article_id`` (with its parameters) that keeps the story's
    articles; ``("true", [])`` for all."""
    if story is None:
        return "true", []
    return f"article_id IN (SELECT article_id FROM {TABLE} WHERE story = ?)", [story]
