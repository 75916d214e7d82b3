"""Verified wording: measure drift against what was really said, where an editor knows it.

The matcher's root is the longest direct rendering, which may itself be the misquote
("try and restore" printed at greater length than "try to restore"). When
``reference/statements.toml`` holds the verified words of a statement (the same file
``audit check`` reads), renderings are classed against those words instead, and the
statements report says so (``verified_id``). A store statement takes the verified text
of the same speaker that is most similar to its root, if at least ``audit.match.renders.VERIFIED_WHOLE_MIN``
(or, for a long root, the verified text it is part of).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import polars as pl
from rapidfuzz import process

from audit.lang.normalise import normalise_series
from audit.match.renders import (
    PART_SCORER,
    VERIFIED_MAX_LENGTH_GAP,
    VERIFIED_PART_MIN,
    VERIFIED_WHOLE_MIN,
    WHOLE_SCORER,
)

VERIFIED_PARTIAL_MIN_WORDS = 8
"""A root of at least this many words that matches part of a longer verified text *of the
same speaker* (best window at ``audit.match.renders.VERIFIED_PART_MIN``) takes that text too: the
outlet printed part of the sentence, perhaps with words changed ("compelled" for
"forced"). Shorter roots (fragments like "significant reverse") keep their own wording,
so ordinary partial quotes are not all "truncated"."""

VERIFIED_CANDIDATES = 5
"""Most similar verified texts examined per statement, for one by the same speaker."""

REFERENCE_SCHEMA = {"statement_id": pl.String, "verified_id": pl.String, "reference_text": pl.String,
                    "verified_speaker": pl.String}


def load_verified(reference: Path | None = None) -> list[tuple[str, str | None, str]]:
    """(id, speaker, text) of the verified statements in ``reference`` (default: the
    configured reference folder). A missing file gives none; an unreadable one a warning
    and none, so scoring never fails on it (``audit check`` reports it as an error)."""
    from audit.config import reference_dir
    from audit.reference import STATEMENTS_FILE, ReferenceError, load_statements_file

    path = (reference or reference_dir()) / STATEMENTS_FILE
    if not path.is_file():
        return []
    try:
        return [(s.statement_id, s.speaker, s.text) for s in load_statements_file(path)]
    except ReferenceError as exc:
        warnings.warn(f"scoring without verified wording: {exc}", stacklevel=2)
        return []


def reference_wording(statements: pl.DataFrame, verified: Sequence[tuple[str, str | None, str]]) -> pl.DataFrame:
    """Per store statement with a verified match: ``statement_id``, ``verified_id``,
    ``reference_text``. ``statements`` needs ``statement_id``, ``text``, ``speaker_id``."""
    if not verified or statements.height == 0:
        return pl.DataFrame(schema=REFERENCE_SCHEMA)
    norms = normalise_series([text for _, _, text in verified]).to_list()
    roots = normalise_series(statements["text"]).to_list()
    rows = []
    for (sid, speaker), root in zip(statements.select("statement_id", "speaker_id").iter_rows(), roots):
        whole = (
            verified[i]
            for _, _, i in process.extract(root, norms, scorer=WHOLE_SCORER, limit=VERIFIED_CANDIDATES,
                                           score_cutoff=VERIFIED_WHOLE_MIN)
            if (speaker is None or verified[i][1] is None or verified[i][1] == speaker)
            and abs(len(root) - len(norms[i])) <= VERIFIED_MAX_LENGTH_GAP * max(len(root), len(norms[i]))
        )
        part = (
            verified[i]
            for _, _, i in process.extract(root, norms, scorer=PART_SCORER, limit=VERIFIED_CANDIDATES,
                                           score_cutoff=VERIFIED_PART_MIN)
            if speaker is not None and verified[i][1] == speaker and len(root) <= len(norms[i])
            and len(root.split()) >= VERIFIED_PARTIAL_MIN_WORDS
        )
        match = next(whole, None) or next(part, None)
        if match is not None:
            rows.append({"statement_id": sid, "verified_id": match[0], "reference_text": match[2],
                         "verified_speaker": match[1]})
    return pl.DataFrame(rows, schema=REFERENCE_SCHEMA)
