"""The plain records every stage passes on.

Data flows one way: ``ingest -> extract -> store -> match -> score -> report / check``.
Each stage takes and returns these records (or Polars frames whose columns carry the
same names), so a stage can be tested, replaced or run on its own.

Words used everywhere (code, columns, docs):

* **article**   one ingested text from one outlet;
* **quote**     one occurrence of reported words in one article;
* **statement** one original utterance, clustered across articles;
* **speaker**   canonical speaker (from the registry or learned);
* **mention**   how an article names the speaker at the cue;
* **cue**       the reporting verb or phrase ("said", "according to");
* **medium**    where the words were said ("Sky News", "Twitter", "a statement");
* **variant**   a quote's drift class against its statement's root;
* **finding**   what ``audit check`` reports;
* **conflict**  what scoring reports.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

QuoteKind = Literal["direct", "mixed", "indirect"]
"""``direct``: words inside quote marks standing as a sentence or more;
``mixed``: a quoted fragment inside reported speech (the fragment only);
``indirect``: a reported clause without quote marks."""

SpeakerKind = Literal["person", "organisation", "generic", "anonymous", "unknown"]

Variant = Literal["root", "exact", "cosmetic", "truncated", "altered", "paraphrase"]
"""Drift class of a quote against its statement's root rendering."""

Severity = Literal["error", "warning", "info"]

STDIN = "-"
"""The input path that means standard input (``audit extract -``, ``audit check -``)."""

QUOTE_FIELDS: tuple[str, ...] = (
    "doc",
    "start",
    "end",
    "text",
    "kind",
    "speaker",
    "speaker_id",
    "speaker_kind",
    "mention",
    "mention_start",
    "mention_end",
    "cue",
    "cue_start",
    "cue_end",
    "medium",
    "paragraph",
    "nested_in",
    "confidence",
    "method",
    "clause_start",
    "clause_end",
    "speaker_confidence",
    "speaker_description",
)
"""Column order of ``audit extract`` output and of the ``quotes`` table/report."""
FLOAT_FIELDS = frozenset({"confidence", "speaker_confidence"})
"""Quote fields holding a fraction (typed as floats in every table the quotes are written to)."""


def content_hash(text: str) -> str:
    """Stable id of an article's text: the same text from two places is one article."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def article_hash(text: str, outlet: str | None) -> str:
    """The article's identity: its text, per outlet.

    Syndicated copy (one wire story printed word for word by two outlets) must stay two
    articles, or the store could not say that both outlets carried a quote; the same
    text from the same outlet (a page saved twice, a re-export) is one article. Without
    an outlet this is the plain ``content_hash(text)``.
    """
    return content_hash(text if outlet is None else f"{outlet}\x1f{text}")


@dataclass(slots=True)
class Article:
    """One article as ingested: its text plus the metadata we keep.

    ``source`` is where it came from (a path, ``path#row``, or URL); ``article_id`` is
    ``article_hash(text, outlet)``, so re-ingesting the same text is a no-op and an
    edited text is a new version of the same ``source``.
    """

    text: str
    source: str
    outlet: str | None = None
    published: date | None = None
    title: str | None = None
    url: str | None = None
    author: str | None = None
    article_id: str = ""
    notes: list[str] = field(default_factory=list, compare=False, repr=False)
    """Metadata that was given but could not be kept (a date not understood, a title that is
    a JSON object): the article is stored without it, and ingest records each note as an
    ``ingest_errors`` row for the article's source, so nothing is dropped without a trace."""

    def __post_init__(self) -> None:
        if not self.article_id:
            self.article_id = article_hash(self.text, self.outlet)


@dataclass(slots=True)
class Quote:
    """One quote in one article, with character offsets into the article text.

    Invariant: ``source_text[start:end] == text`` (and likewise for mention and cue).
    ``nested_in`` is the index (in the same article's quote list, ordered by
    ``start``) of the quote whose speaker reports this one ("the MoD said that Putin
    said ..."), or ``None``.
    """

    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker: str | None = None
    speaker_id: str | None = None
    speaker_kind: SpeakerKind = "unknown"
    mention: str | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    medium: str | None = None
    paragraph: int = 0
    nested_in: int | None = None
    confidence: float = 1.0
    method: str = "rules"
    clause_start: int | None = None
    clause_end: int | None = None
    """For a ``mixed`` fragment: the reported clause that holds it (``Cruz said he was
    certain Rubio would be "a champion"`` -> ``he was certain ... "a champion"``), which
    says what the quoted words were used for; ``None`` otherwise."""
    speaker_confidence: float | None = None
    """Calibrated probability (0..1) that ``speaker_id`` names who said the words, from how the
    speaker was found (``audit.extract.speaker_confidence``); ``None``: not measured (a reader
    that does not resolve speakers)."""
    speaker_description: str | None = None
    """The words the article describes the speaker with (a role or description: "chairman
    canal authority"), lowercase and sorted; for a description no one in the article is named
    by, its own words, so the store can join it to a holder the story names elsewhere
    (``audit.speakers.description_joins``)."""
    doc: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Fields in the documented column order (``QUOTE_FIELDS``)."""
        d = asdict(self)
        return {k: d[k] for k in QUOTE_FIELDS}


@dataclass(slots=True)
class IngestError:
    """A file or row that could not be read; recorded, never fatal to a run."""

    source: str
    reason: str


@dataclass(slots=True)
class SkippedInput(IngestError):
    """An input deliberately not read, not a failure: a folder or file this tool wrote
    (reports, ``extract -o`` tables, a Spark table folder). Reading them back would turn
    last night's quotes and ``report.html`` into articles credited to real outlets; they are
    named on stderr and neither stored in ``ingest_errors`` nor counted as failed."""


@dataclass(slots=True)
class Finding:
    """One problem ``audit check`` found in a draft."""

    rule: str
    severity: Severity
    path: str
    line: int
    col: int
    message: str
    quote: str
    hint: str = ""
    end_line: int | None = None
    end_col: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
