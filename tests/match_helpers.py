"""Storing hand-written articles for the matching tests (lexical and semantic)."""

from __future__ import annotations

from datetime import date

from audit.model import Article, Quote
from audit.store import Store


def add(store: Store, outlet: str, day: int, *quotes: tuple[str, str, str | None]) -> None:
    """Store one article by ``outlet`` (published 2022-09-``day``) holding ``quotes`` as
    (text, kind, speaker_id)."""
    body = " ".join(text for text, _, _ in quotes)
    records, pos = [], 0
    for text, kind, speaker in quotes:
        records.append(Quote(start=pos, end=pos + len(text), text=text, kind=kind, speaker_id=speaker))
        pos += len(text) + 1
    article = Article(text=body, source=f"{outlet}_{day}.txt", outlet=outlet, published=date(2022, 9, day))
    store.add_article(article, records)
