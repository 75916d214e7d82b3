"""What a draft is checked against: verified statements and an ingested store.

Two sources, one answer shape (:class:`Match`):

* ``reference/statements.toml``: statements an editor verified by hand (``[[statement]]``
  tables with ``id``, ``speaker``, ``text``, ``source``, ``date``, ``url``), few enough
  to compare every quote against every statement with rapidfuzz;
* the DuckDB store built by ``audit ingest`` / ``audit run``, opened read-only: its
  ``statements`` are found through ``audit.match.lookup`` (blocking index, then
  rapidfuzz), so a store of 100,000 statements still answers in milliseconds.

Every match carries its :class:`~audit.check.specificity.Specificity`: the content words
the quote and the statement share, aligned, and how informative they are against the
general-news background and the reference's own word frequencies. Rules weigh that
before any similarity score (a common phrase at 100 % is still a common phrase).

This module is the only place ``check`` touches the reference, so rules see plain
records and tests can build a :class:`Reference` from a list.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import process

from audit.check.specificity import (
    VERBATIM_WORD_SCORE,
    Specificity,
    StoreFrequencies,
    align,
    information,
)
from audit.lang.frequency import content_words
from audit.lang.normalise import normalise_series
from audit.match.renders import CHECK_CANDIDATE_MIN, render_score
from audit.reference import SPEAKERS_FILE, STATEMENTS_FILE, ReferenceError, Statement, load_statements_file
from audit.speakers import Registry

STORE_SAMPLE = 2_000
"""Store statements sampled to estimate word frequencies in the store: enough to see a
word held by one statement in 700 or more (the words that make a store topical), counted
in milliseconds where a word-by-word count over 100,000 statements takes seconds."""
STORE_SAMPLE_MIN = 3
"""Sampled statements that must hold a word before its store frequency is estimated
from the sample (fewer say nothing reliable)."""
SAMPLE_SEED = 14
MAX_CANDIDATES = 5
"""Per quote: enough to see a same-speaker and a different-speaker match side by side."""

def quote_score(quote_norm: str, statement_norm: str) -> tuple[float, bool]:
    """Similarity 0-100 of a normalised quote to a normalised statement, and whether it
    was a partial (fragment) match (:func:`audit.match.renders.render_score`): a quote
    shorter than the statement is compared with its best-aligned window, since printing
    part of what was said is no misquote."""
    return render_score(quote_norm, statement_norm)


def word_similarity(quote_norm: str, statement_norm: str) -> tuple[float, int]:
    """Word-level similarity (0-100) of a normalised quote to the window of the
    statement it aligns with (the statement's words from the first to the last aligned
    one, widened by the quote's unaligned words at either end), and how many words
    align. Short quotes need this: one ratio over characters punishes a long swapped
    word more than a short one."""
    q, s = quote_norm.split(), statement_norm.split()
    blocks = [b for b in SequenceMatcher(None, q, s, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return 0.0, 0
    first, last = blocks[0], blocks[-1]
    lo = max(0, first.b - first.a)
    hi = min(len(s), last.b + last.size + (len(q) - last.a - last.size))
    aligned = sum(b.size for b in blocks)
    return 100.0 * 2 * aligned / (len(q) + hi - lo), aligned


SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"'\u201c\u2018]?[A-Z0-9])")
"""Where a statement's sentences part: a draft may print one sentence of a longer
rendering, and its coverage is then measured against that sentence."""


def _scorer(quote_norm: str, statement_norm: str, **_: Any) -> float:
    return quote_score(quote_norm, statement_norm)[0]


@dataclass(frozen=True, slots=True)
class Match:
    """A reference statement found for a quote, with its similarity (0-100)."""

    statement: Statement
    score: float
    partial: bool
    specificity: Specificity = field(default_factory=Specificity)
    """What the quote shares with the statement and how distinctive it is."""
    word_score: float = 0.0
    """Word-level similarity (0-100) of the quote to the statement's words it aligns with
    (:func:`word_similarity`): one swapped word in a six-word quote is 83, where the
    character score of "extraordinary" for "incredible" is 79.5."""
    words_aligned: int = 0
    """How many of the quote's words (stopwords included) align with the statement's."""


def _registry(reference_dir: Path) -> Registry | None:
    """The speakers registry beside the statements, if there is one."""
    from audit.speakers import RegistryError

    path = reference_dir / SPEAKERS_FILE
    if not path.is_file():
        return None
    try:
        return _load_registry(path.resolve(), path.stat().st_mtime_ns)
    except RegistryError as exc:
        raise ReferenceError(str(exc)) from exc


@lru_cache(maxsize=4)
def _load_registry(path: Path, mtime_ns: int) -> Registry:
    """A registry file read once per process while it is unchanged (parsing every alias
    costs more than checking a short draft; ``mtime_ns`` keys an edited file anew)."""
    return Registry.load(path)


class Reference:
    """Verified statements in memory plus, optionally, a read-only store."""

    def __init__(self, statements: Iterable[Statement] = (), con: Any = None, registry: Registry | None = None) -> None:
        self.statements = list(statements)
        self._norms = normalise_series([s.text for s in self.statements]).to_list() if self.statements else []
        self._df: Counter[str] = Counter(w for n in self._norms for w in set(content_words(n)))
        self._norm_of: dict[Statement, str] = dict(zip(self.statements, self._norms))
        self.con = con
        self.registry = registry
        """Canonical speakers (``speakers.toml``), so rules resolve names as extraction does."""
        self._sample: tuple[int, int] | None = None

    @classmethod
    def load(cls, reference_dir: Path | None = None, store_path: Path | None = None) -> Reference:
        """Statements from ``reference_dir/statements.toml`` (if present) and the store at
        ``store_path`` (if given; it must exist)."""
        statements: list[Statement] = []
        registry = _registry(reference_dir) if reference_dir is not None else None
        if reference_dir is not None and (reference_dir / STATEMENTS_FILE).is_file():
            names = {sp.speaker_id: sp.name for sp in registry} if registry is not None else {}
            statements = load_statements_file(reference_dir / STATEMENTS_FILE, names)
        con = None
        if store_path is not None:
            from audit.store import Store, StoreError

            if not Path(store_path).is_file():
                raise ReferenceError(f"{store_path}: no such store; build one with `audit ingest`")
            try:  # through Store: it waits for a writer to finish and says who holds the file
                con = Store(store_path, read_only=True).con
            except StoreError as exc:
                raise ReferenceError(str(exc)) from exc
        return cls(statements, con, registry)

    def prepare(self) -> None:
        """Do now the work every lookup needs and no draft changes (the store's word
        sample), so a caller can overlap it with parsing."""
        if self.con is not None:
            self._store_sample()

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    def __enter__(self) -> Reference:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def lookup(
        self, texts: Sequence[str], min_score: float = CHECK_CANDIDATE_MIN, contexts: Sequence[str] | None = None
    ) -> list[list[Match]]:
        """For each text, its best matches (highest score first) from both sources, each
        with the specificity of the words the text shares with it; ``contexts`` (the
        draft's words around each text, outside the quote) may add topic evidence."""
        both = normalise_series([*texts, *(contexts or ())]).to_list() if texts else []
        norms, context_norms = both[: len(texts)], both[len(texts) :] or [""] * len(texts)
        found: list[list[Match]] = [self._lookup_memory(n, min_score) for n in norms]
        if self.con is not None and texts:
            for matches, more in zip(found, self._best_rendering(norms, self._lookup_store(list(texts), min_score))):
                matches.extend(more)
        for matches in found:
            matches.sort(key=lambda m: (-m.score, m.statement.origin != "reference"))
            del matches[MAX_CANDIDATES:]
        return self._with_specificity(norms, found, context_norms)

    def frequencies(self, words: Iterable[str]) -> StoreFrequencies:
        """Document frequencies of ``words`` over every reference statement and how many
        statements there are: exact for the file's statements, estimated for the store's
        from a fixed sample (:data:`STORE_SAMPLE`), since only words common in the store
        (a share the sample shows) lower a word's IDF."""
        wanted = sorted(set(words))
        df: dict[str, float] = {w: float(self._df[w]) for w in wanted if w in self._df}
        size = len(self.statements)
        if self.con is not None and wanted:
            sampled, total = self._store_sample()
            size += total
            rows = self.con.execute(
                "SELECT w, n FROM store_sample_df WHERE n >= ? AND w IN (SELECT unnest(?::VARCHAR[]))",
                [STORE_SAMPLE_MIN, wanted],
            ).fetchall()
            scale = total / sampled if sampled else 0.0
            for w, n in rows:
                df[w] = df.get(w, 0.0) + n * scale
        return StoreFrequencies(df, size)

    def _store_sample(self) -> tuple[int, int]:
        """Word document frequencies in a repeatable sample of the store's statements, as
        a temporary table ``store_sample_df(w, n)``; the sample's size and the store's
        (made once per reference, in memory: the store itself is never written)."""
        if self._sample is None:
            total = int(self.con.execute("SELECT count(*) FROM statements").fetchone()[0])
            self.con.execute(
                f"""
                CREATE OR REPLACE TEMP TABLE store_sample_df AS
                WITH s AS (SELECT row_number() OVER () AS r, norm FROM statements
                           USING SAMPLE reservoir({STORE_SAMPLE} ROWS) REPEATABLE ({SAMPLE_SEED}))
                SELECT w, count(DISTINCT r) AS n FROM (SELECT r, unnest(string_split(norm, ' ')) AS w FROM s)
                GROUP BY w
                """
            )
            self._sample = (min(total, STORE_SAMPLE), total)
        return self._sample

    def _sentences(self, statements: list[Statement]) -> dict[str, list[str]]:
        """Normalised sentences of each statement's text (one entry per text): a quote of
        one sentence of a longer rendering covers that sentence, not the rendering."""
        texts = sorted({st.text for st in statements})
        parts = [(t, p) for t in texts for p in SENTENCE_END.split(t)]
        norms = normalise_series([p for _, p in parts]).to_list() if parts else []
        out: dict[str, list[str]] = {}
        for (t, _), n in zip(parts, norms):
            out.setdefault(t, []).append(n)
        return out

    def _with_specificity(self, norms: list[str], found: list[list[Match]], context_norms: list[str]) -> list[list[Match]]:
        """Attach to every match the aligned content words, their information, that of the
        context words the statement also holds, the share of the best-covered sentence's
        content words the quote holds, and the word-level similarity."""
        from_store = [m.statement.text for matches in found for m in matches if m.statement not in self._norm_of]
        store_norms = dict(zip(from_store, normalise_series(from_store).to_list())) if from_store else {}
        sentences = self._sentences([m.statement for matches in found for m in matches])
        shared: list[list[tuple[list[str], list[str], float, tuple[float, int]]]] = []
        held: list[list[Counter[str]]] = []
        for norm, context, matches in zip(norms, context_norms, found):
            around = set(content_words(context)) - set(norm.split())
            per_quote = []
            # The quote's other candidates by the same speaker are renderings of one
            # utterance (or its repetitions): they do not make its words common.
            words_of = [set(content_words(self._norm_of.get(m.statement) or store_norms[m.statement.text])) for m in matches]
            held.append([
                Counter(w for other, ws in zip(matches, words_of) if other.statement.speaker == m.statement.speaker for w in ws)
                for m in matches
            ])
            for m in matches:
                statement_norm = self._norm_of.get(m.statement) or store_norms[m.statement.text]
                words = align(norm, statement_norm)
                theirs = set(content_words(statement_norm))
                cover = max((len(set(words) & set(content_words(sn))) / len(set(content_words(sn)))
                             for sn in sentences.get(m.statement.text, ()) if content_words(sn)), default=0.0)
                per_quote.append((words, sorted(around & theirs), cover, word_similarity(norm, statement_norm)))
            shared.append(per_quote)
        freqs = self.frequencies(w for per_quote in shared for a, b, _, _ in per_quote for w in (*a, *b))
        return [
            [
                replace(m, specificity=Specificity(tuple(words), information(words, freqs, renderings),
                                                   information(near, freqs, renderings), cover,
                                                   by_word[0] >= VERBATIM_WORD_SCORE),
                        word_score=by_word[0], words_aligned=by_word[1])
                for m, (words, near, cover, by_word), renderings in zip(matches, per_quote, per_match)
            ]
            for matches, per_quote, per_match in zip(found, shared, held)
        ]

    @staticmethod
    def _best_rendering(norms: list[str], found: list[list[Match]]) -> list[list[Match]]:
        """Each store match scored against the rendering of its statement the quote is
        closest to, not only the statement's root: the root may be one outlet's altered
        copy or a fragment, while the draft follows another outlet's full wording."""
        wordings = sorted({w for matches in found for m in matches for w in m.statement.renderings})
        if not wordings:
            return found
        norm_of = dict(zip(wordings, normalise_series(wordings).to_list()))
        out = []
        for norm, matches in zip(norms, found):
            rescored = []
            for m in matches:
                best = max((quote_score(norm, norm_of[w]) for w in m.statement.renderings if norm_of[w]),
                           default=(m.score, m.partial))
                rescored.append(replace(m, score=best[0], partial=best[1]) if best[0] > m.score else m)
            out.append(rescored)
        return out

    def _lookup_memory(self, norm: str, min_score: float) -> list[Match]:
        if not norm or not self._norms:
            return []
        hits = process.extract(norm, self._norms, scorer=_scorer, score_cutoff=min_score, limit=MAX_CANDIDATES)
        return [Match(self.statements[i], score, quote_score(norm, self._norms[i])[1]) for _, score, i in hits]

    def _lookup_store(self, texts: list[str], min_score: float) -> list[list[Match]]:
        from audit.match import lookup

        per_text = lookup(self.con, texts, min_score)
        ids = sorted({c.statement_id for cands in per_text for c in cands})
        details = self._store_details(ids)
        return [
            [Match(details[c.statement_id], float(c.score), bool(c.partial)) for c in cands if c.statement_id in details]
            for cands in per_text
        ]

    def _store_details(self, ids: list[str]) -> dict[str, Statement]:
        """Speaker names, cues, and the earliest outlet printing each store statement found
        (filtered to those statements first: the quotes table may hold millions of rows)."""
        if not ids:
            return {}
        rows = self.con.execute(
            """
            WITH s AS (SELECT statement_id, text, speaker_id FROM statements
                       WHERE statement_id IN (SELECT unnest(?::VARCHAR[]))),
            r AS (SELECT sq.statement_id, q.cue, a.outlet, a.published, a.url
                  FROM statement_quotes sq JOIN s USING (statement_id)
                  JOIN quotes q ON q.quote_id = sq.quote_id
                  LEFT JOIN articles a ON a.article_id = q.article_id)
            SELECT s.statement_id, s.text, s.speaker_id, any_value(sp.name),
                   arg_min(r.outlet, r.published), min(r.published)::VARCHAR, arg_min(r.url, r.published),
                   list(DISTINCT lower(r.cue)) FILTER (WHERE r.cue IS NOT NULL)
            FROM s LEFT JOIN speakers sp ON sp.speaker_id = s.speaker_id
            LEFT JOIN r ON r.statement_id = s.statement_id
            GROUP BY s.statement_id, s.text, s.speaker_id
            """,
            [ids],
        ).fetchall()
        printed: dict[str, list[str]] = {}
        for sid, text in self.con.execute(
            """
            SELECT sq.statement_id, q.text FROM statement_quotes sq JOIN quotes q ON q.quote_id = sq.quote_id
            WHERE sq.statement_id IN (SELECT unnest(?::VARCHAR[])) AND q.kind <> 'indirect' AND sq.variant <> 'paraphrase'
            GROUP BY sq.statement_id, q.text ORDER BY sq.statement_id, count(*) DESC, min(q.quote_id)
            """,
            [ids],
        ).fetchall():
            printed.setdefault(sid, []).append(text)
        out = {}
        for r in rows:
            wordings = printed.get(r[0], [])
            out[r[0]] = Statement(
                statement_id=r[0], text=_evidence_wording(r[1], wordings), speaker=r[2], speaker_name=r[3],
                source=r[4], date=r[5], url=r[6], origin="store", cues=tuple(r[7] or ()),
                renderings=tuple(dict.fromkeys([*wordings, r[1]])),
            )
        return out


EVIDENCE_SHARE = 0.8
"""A store rendering shown as evidence must hold at least this share of the root's words:
the most printed wording, not a fragment of it."""


def _evidence_wording(root: str, printed: list[str]) -> str:
    """The wording of a store statement to show and diff against: the one most outlets
    printed (an outlet's altered copy is usually the odd one out), among those about as
    long as the statement's root; the root when none is."""
    n = len(root.split())
    return next((w for w in printed if len(w.split()) >= EVIDENCE_SHARE * n), root)
