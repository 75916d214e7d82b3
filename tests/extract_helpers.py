"""Assertions shared by the extraction tests."""

from __future__ import annotations

from collections.abc import Iterable

from audit.model import Quote


def check_offsets(text: str, quotes: Iterable[Quote]) -> None:
    """Every quote, mention and cue is cut out of ``text`` by its own offsets."""
    for q in quotes:
        assert text[q.start:q.end] == q.text
        if q.mention is not None:
            assert text[q.mention_start:q.mention_end] == q.mention
        if q.cue is not None:
            assert text[q.cue_start:q.cue_end] == q.cue
