"""Measure extraction against hand-annotated gold.

Two gold formats are read:

* **seed** -- ``NAME.gold.jsonl`` next to ``NAME.txt``, one quote per line with
  ``text, start, end, kind, speaker, mention, cue, medium, nested_in`` (speaker is a
  registry key; mention and cue are given as text, without offsets);
* **texts** -- a ``gold.jsonl`` whose records name their article (``file``, beside it)
  with ``start``/``end`` into the whole file, the speaker as ``attributed_to`` (whom the
  outlet credits) and ``date``; the article's ``Date:`` header line is read when a record
  has none (the cross-outlet real articles);
* **brat** -- a folder with ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``
  (PolNeAR): ``T`` lines with ``Source``/``Cue``/``Content`` spans (possibly
  discontinuous, ``10 20;25 40``) tied together by ``E`` attribution events.

Quote content is compared as sets of character positions after trimming quote marks,
edge punctuation and whitespace from every fragment, so ``"We won," he said`` and
``We won`` are the same content. Gold and predicted quotes are paired one-to-one,
greedily by descending Jaccard overlap (ties by position), separately for each
threshold in ``OVERLAPS``; precision, recall and F1 follow. Source, cue, speaker, kind
and medium are then judged on the pairs matched at ``ATTRIBUTE_OVERLAP``, each only
where the gold states that attribute.

Library use::

    report = evaluate([Path("tests/data/seed")], nlp=nlp)
    print(render(report))

or, for another extractor, ``score(load_gold(paths), predictions)`` with
predictions built by ``attribution_from_record``.

Convention adapter for brat gold: PolNeAR annotates one attribution *event* per cue, so
``"We won," she said. "They lost."`` is one content of two pieces, where our extractor
(following the seed convention) gives two quotes sharing that cue. Before scoring a
brat article, predictions with the very same cue offsets are therefore merged into one
discontinuous content (:func:`events_by_cue`); and PolNeAR's content of a reported
clause holding a quoted fragment is the whole clause, where the seed convention (and our
``mixed`` kind) keeps the fragment only, so a mixed prediction is scored by its
``clause_start``/``clause_end`` when it has them. Seed gold is scored quote by quote.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from audit.lang.words import THIRD_PERSON_PRONOUNS

Ranges = tuple[tuple[int, int], ...]
"""Character ranges ``(start, end)``, sorted and non-overlapping: one span, possibly
discontinuous."""

OVERLAPS: tuple[float, ...] = (0.3, 0.8)
"""Character-Jaccard thresholds at which content precision/recall/F1 are reported:
0.3 counts a quote as found when the extractor picks roughly the right clause, 0.8
when it also gets the boundaries nearly right."""

ATTRIBUTE_OVERLAP = 0.3
"""Threshold of the matching on which source, cue, speaker, kind and medium are judged."""

TRIM_CHARS = frozenset(" \t\r\n\u00a0\u2009\u202f" "\"'`\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb\u2039\u203a" ".,;:!?-\u2013\u2014\u2026()[]")
"""Stripped from both edges of every content fragment before comparing: whether an
annotator or extractor includes the quote marks, the closing comma or the full stop
says nothing about finding the right words."""

SEED_SUFFIX = ".gold.jsonl"
TEXTS_GOLD = "gold.jsonl"
DATE_HEADER = re.compile(r"^Date:\s*(\d{4}-\d{2}-\d{2})", re.MULTILINE)
"""A stored article's date header line (``Date: 2022-09-12 (08:06, ...)``)."""
HEADER_LINES = 12
"""How many opening lines may hold header lines."""
OFFSET_FIELDS = ("start", "end", "mention_start", "mention_end", "cue_start", "cue_end", "clause_start", "clause_end")
"""The character offsets of a quote record (``Quote.to_dict``)."""
BRAT_TEXT_DIR = "text"
BRAT_ANN_DIR = "attributions"
BRAT_ROLE = re.compile(r"^(Content|Source|Cue)\d*$")
"""Event roles we read; PolNeAR occasionally numbers a second content (``Content2``)."""
BRAT_TEXTBOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t.*)?$")
BRAT_EVENT = re.compile(r"^(E\d+)\t(\S+)((?: \S+:[TE]\d+)*)\s*$")

Scheme = Literal["seed", "brat"]


class EvalError(ValueError):
    """Gold or prediction input that cannot be used at all (missing path, unknown layout)."""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Attribution:
    """One quote as the evaluator sees it, gold or predicted.

    ``source``/``cue`` are offsets where known (brat gold, predictions); seed gold
    gives only their words (``source_text``/``cue_text``), compared as text.
    """

    content: Ranges
    kind: str | None = None
    source: Ranges | None = None
    source_text: str | None = None
    cue: Ranges | None = None
    cue_text: str | None = None
    speaker: str | None = None
    medium: str | None = None
    clause: Ranges | None = None
    """A mixed fragment's enclosing reported clause, where the extractor gives it."""
    speaker_name: str | None = None
    speaker_kind: str | None = None
    """A prediction's speaker as named and its kind (persons are joined across a story's
    articles by :func:`audit.speakers.story_joins`, as a run joins them in the store)."""
    speaker_description: str | None = None
    """``Quote.speaker_description``: what a description joins a story's holder by."""


@dataclass(frozen=True, slots=True)
class StorySpeakers:
    """A story's tracked speakers as its ``speakers.json`` names them, read on the
    evaluation side only (extraction never sees it: that would be naming the story's
    speakers in advance).

    A predicted speaker id counts as a gold speaker's when it is the slug of exactly one
    speaker's id, name or alias (``osama-rabei`` from the alias "Osama Rabei"): a person
    outside the registry gets the slug of the name found, never the story's id. Nothing
    looser: "Lieutenant General Rabie" or a misspelt "Emmmanuel Macron" stay wrong.
    """

    ids: Mapping[str, str] = field(default_factory=dict)
    """Slug of an id, name or alias -> the one gold id it names (shared slugs dropped)."""
    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Gold id -> its name and aliases as written (what a mention naming it holds)."""

    def gold_id(self, predicted: str | None) -> str | None:
        """The gold id a predicted speaker id stands for (itself when none)."""
        return self.ids.get(predicted, predicted) if predicted is not None else None


def load_story_speakers(path: Path, warnings: list[str]) -> StorySpeakers:
    """A story's ``speakers.json`` (id -> ``name``, ``aliases``); empty when absent or unreadable."""
    from audit.speakers import slug

    if not path.is_file():
        return StorySpeakers()
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
        names = {str(sid): tuple(str(n) for n in (entry.get("name"), *entry.get("aliases", ())) if n)
                 for sid, entry in table.items()}
    except (OSError, UnicodeDecodeError, ValueError, AttributeError, TypeError):
        warnings.append(f"{path}: unreadable, speakers judged by id only")
        return StorySpeakers()
    owners: dict[str, set[str]] = {}
    for sid, forms in names.items():
        for form in (sid, *forms):
            owners.setdefault(slug(form), set()).add(sid)
    return StorySpeakers({k: next(iter(v)) for k, v in owners.items() if len(v) == 1}, names)


@dataclass(slots=True)
class GoldDoc:
    """One annotated article. ``doc_id`` is its text file's path as found."""

    doc_id: str
    text: str
    quotes: list[Attribution]
    scheme: Scheme
    date: date | None = None
    """Publication date, passed to extraction (role descriptions resolve by it)."""
    story: str = ""
    """The gold file the article was read from: persons are joined across a story's articles."""
    speakers: StorySpeakers = field(default_factory=StorySpeakers)


@dataclass(slots=True)
class GoldSet:
    """What the loaders found, with the problems they skipped over."""

    docs: list[GoldDoc] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ContentScore:
    """Quote-content precision/recall/F1 at one overlap threshold."""

    overlap: float
    matched: int
    gold: int
    pred: int

    @property
    def precision(self) -> float:
        return self.matched / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Accuracy:
    """Share of matched quotes where an attribute is right (where gold states it)."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass(slots=True)
class KindScore:
    """Per quote kind: recall of gold quotes of that kind, precision of predicted ones."""

    kind: str
    gold: int = 0
    found: int = 0
    pred: int = 0
    correct: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.pred if self.pred else None


@dataclass(slots=True)
class EvalReport:
    """Everything ``audit eval`` prints; ``to_dict`` is its ``--json`` form."""

    docs: int
    gold: int
    pred: int
    content: list[ContentScore]
    attributes: dict[str, Accuracy]
    kinds: list[KindScore]
    per_doc: list[dict[str, Any]]
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    speakers: dict[str, Counter] = field(default_factory=dict)
    """Gold speaker id -> predicted speaker ids (``None``: none) on matched quotes: the
    per-speaker accuracy and which speakers were taken for which. Predicted ids are
    mapped to the story's gold ids first (:class:`StorySpeakers`)."""
    splits: dict[str, Counter] = field(default_factory=dict)
    """Gold speaker id -> the predicted ids, as the tool gave them, that stand for it: more
    than one is a person split (by a title or a transliteration), which downstream reads
    as two speakers disagreeing."""
    forms: dict[str, Accuracy] = field(default_factory=dict)
    """Speaker accuracy per form of the gold mention (:func:`mention_form`)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain figures, rounded for reading, keyed for scripts."""
        return {
            "docs": self.docs,
            "gold": self.gold,
            "pred": self.pred,
            "content": {
                str(c.overlap): {
                    "matched": c.matched,
                    "precision": round(c.precision, 4),
                    "recall": round(c.recall, 4),
                    "f1": round(c.f1, 4),
                }
                for c in self.content
            },
            f"on_matched_{ATTRIBUTE_OVERLAP}": {
                name: {"correct": a.correct, "total": a.total, "accuracy": _round(a.value)}
                for name, a in self.attributes.items()
            },
            "kinds": {
                k.kind: {
                    "gold": k.gold,
                    "found": k.found,
                    "recall": _round(k.recall),
                    "pred": k.pred,
                    "correct": k.correct,
                    "precision": _round(k.precision),
                }
                for k in self.kinds
            },
            "speakers": {
                gold: {"correct": preds[gold], "total": sum(preds.values()),
                       "confused_with": {str(p): n for p, n in preds.items() if p != gold}}
                for gold, preds in sorted(self.speakers.items())
            },
            "speaker_splits": {gold: dict(ids) for gold, ids in sorted(self.splits.items()) if len(ids) > 1},
            "speaker_by_form": {form: {"correct": a.correct, "total": a.total, "accuracy": _round(a.value)}
                                for form, a in sorted(self.forms.items())},
            "failed": self.failed,
            "warnings": self.warnings,
            "per_doc": self.per_doc,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# --------------------------------------------------------------------------- spans


def normalise_ranges(ranges: Iterable[tuple[int, int]]) -> Ranges:
    """Sorted, merged, non-empty ranges (so lengths and intersections are exact)."""
    out: list[list[int]] = []
    for start, end in sorted((s, e) for s, e in ranges if e > s):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return tuple((s, e) for s, e in out)


def trim(text: str, ranges: Ranges) -> Ranges:
    """Strip ``TRIM_CHARS`` from both edges of every fragment; drop fragments left empty."""
    trimmed = []
    for start, end in ranges:
        while start < end and text[start] in TRIM_CHARS:
            start += 1
        while end > start and text[end - 1] in TRIM_CHARS:
            end -= 1
        trimmed.append((start, end))
    return normalise_ranges(trimmed)


def _length(ranges: Ranges) -> int:
    return sum(e - s for s, e in ranges)


def intersection(a: Ranges, b: Ranges) -> int:
    """Characters two normalised spans share (two-pointer sweep)."""
    i = j = shared = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        shared += max(0, hi - lo)
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return shared


def jaccard(a: Ranges, b: Ranges) -> float:
    """Character Jaccard of two normalised spans; 0 when both are empty."""
    shared = intersection(a, b)
    union = _length(a) + _length(b) - shared
    return shared / union if union else 0.0


def match(gold: Sequence[Ranges], pred: Sequence[Ranges], threshold: float) -> dict[int, int]:
    """One-to-one pairing ``{gold index: pred index}`` of spans overlapping at least
    ``threshold``, greedily best overlap first: simple, deterministic, and for spans of
    one article (rarely competing) as good as an optimal assignment."""
    pairs = sorted(
        (-score, g, p)
        for g, gspan in enumerate(gold)
        for p, pspan in enumerate(pred)
        if (score := jaccard(gspan, pspan)) >= threshold and score > 0
    )
    pairing: dict[int, int] = {}
    used: set[int] = set()
    for _, g, p in pairs:
        if g not in pairing and p not in used:
            pairing[g] = p
            used.add(p)
    return pairing


def normalise_words(text: str | None) -> str | None:
    """Compare mention, cue and medium words case- and spacing-blind."""
    if text is None:
        return None
    words = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'").split()
    return " ".join(words).strip(".,;:") or None


# --------------------------------------------------------------------------- gold


def load_gold(paths: Iterable[Path], limit: int | None = None) -> GoldSet:
    """Read gold from seed files, folders of seed files, or brat folders.

    A path that is neither raises ``EvalError``; bad lines inside a file are skipped
    and reported in ``warnings``. ``limit`` keeps the first N documents (by path).
    """
    gold = GoldSet()
    for path in paths:
        for doc in _iter_gold(Path(path), gold.warnings):
            if limit is not None and len(gold.docs) >= limit:
                return gold
            gold.docs.append(doc)
    return gold


def _iter_gold(path: Path, warnings: list[str]) -> Iterator[GoldDoc]:
    if path.is_file() and path.name.endswith(SEED_SUFFIX):
        yield from _optional(load_seed(path, warnings), path, warnings)
    elif path.is_file() and path.name == TEXTS_GOLD:
        yield from load_texts(path, warnings)
    elif path.is_dir() and (path / TEXTS_GOLD).is_file():
        yield from load_texts(path / TEXTS_GOLD, warnings)
    elif path.is_dir() and (path / BRAT_TEXT_DIR).is_dir() and (path / BRAT_ANN_DIR).is_dir():
        yield from load_brat(path, warnings)
    elif path.is_dir() and (seeds := sorted(path.glob(f"*{SEED_SUFFIX}"))):
        for seed in seeds:
            yield from _optional(load_seed(seed, warnings), seed, warnings)
    elif not path.exists():
        raise EvalError(f"{path}: no such file or folder")
    else:
        raise EvalError(
            f"{path}: not gold; give a *{SEED_SUFFIX} file, a folder of them, "
            f"or a brat folder with {BRAT_TEXT_DIR}/ and {BRAT_ANN_DIR}/"
        )


def _optional(doc: GoldDoc | None, path: Path, warnings: list[str]) -> Iterator[GoldDoc]:
    if doc is None:
        warnings.append(f"{path}: skipped, no readable text next to it")
    else:
        yield doc


STORY_TEXTS = "texts"
STORY_SPEAKERS = "speakers.json"
"""A story's tracked speakers with their names and aliases, beside its ``gold.jsonl``."""
"""A story folder (``../shared/data/stories/*``) keeps ``gold.jsonl`` beside a ``texts/``
folder whose files the records name; the older layout keeps them beside ``gold.jsonl``."""


def gold_article(folder: Path, name: str) -> Path:
    """The article a gold record's ``file`` names: beside ``gold.jsonl``, else in its
    ``texts/`` folder (both layouts of the shared data)."""
    beside = folder / name
    nested = folder / STORY_TEXTS / name
    return nested if not beside.is_file() and nested.is_file() else beside


def _read_text(path: Path) -> str | None:
    """Article text exactly as stored (no newline translation: offsets count raw chars)."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def load_seed(path: Path, warnings: list[str]) -> GoldDoc | None:
    """One ``NAME.gold.jsonl`` with its ``NAME.txt``; ``None`` if the text is unreadable.

    A line is skipped (with a warning) when it is not JSON or its offsets do not cut
    out its ``text``: a gold quote we cannot place would only distort the figures.
    """
    text_path = path.with_name(path.name[: -len(SEED_SUFFIX)] + ".txt")
    text = _read_text(text_path)
    if text is None:
        return None
    quotes = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            rec = None
        placed = _placed(rec, text, f"{path}:{number}", warnings)
        if placed is None:
            continue
        start, end = placed
        quotes.append(
            Attribution(
                content=((start, end),),
                kind=rec.get("kind"),
                source_text=rec.get("mention"),
                cue_text=rec.get("cue"),
                speaker=rec.get("speaker"),
                medium=rec.get("medium"),
            )
        )
    return GoldDoc(doc_id=str(text_path), text=text, quotes=quotes, scheme="seed")


def load_texts(path: Path, warnings: list[str]) -> Iterator[GoldDoc]:
    """Articles named by a texts ``gold.jsonl`` (see the module docstring), in file order."""
    by_file: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            by_file.setdefault(str(rec["file"]), []).append((number, rec))
        except (ValueError, KeyError, TypeError):
            warnings.append(f"{path}:{number}: skipped, not a gold record")
    speakers = load_story_speakers(path.parent / STORY_SPEAKERS, warnings)
    for name in sorted(by_file):
        text_path = gold_article(path.parent, name)
        text = _read_text(text_path)
        if text is None:
            warnings.append(f"{text_path}: skipped, unreadable")
            continue
        quotes = []
        day = None
        for number, rec in by_file[name]:
            placed = _placed(rec, text, f"{path}:{number}", warnings)
            if placed is None:
                continue
            start, end = placed
            day = day or _iso_date(rec.get("date"))
            quotes.append(Attribution(content=((start, end),), kind=rec.get("kind"), source_text=rec.get("mention"),
                                      speaker=rec.get("attributed_to")))
        yield GoldDoc(doc_id=str(text_path), text=text, quotes=quotes, scheme="seed", date=day or header_date(text),
                      story=str(path), speakers=speakers)


def _placed(rec: Any, text: str, where: str, warnings: list[str]) -> tuple[int, int] | None:
    """A gold record's ``(start, end)`` when they cut its ``text`` out of the article; else
    ``None`` with a warning (a gold quote we cannot place would only distort the figures)."""
    try:
        start, end = int(rec["start"]), int(rec["end"])
    except (KeyError, TypeError, ValueError):
        warnings.append(f"{where}: skipped, not a gold record")
        return None
    if not (0 <= start < end <= len(text)) or text[start:end] != rec.get("text", text[start:end]):
        warnings.append(f"{where}: skipped, offsets do not match the text")
        return None
    return start, end


def header_date(text: str) -> date | None:
    """The date of a ``Date:`` header line among the article's first lines, if any."""
    head = "\n".join(text.splitlines()[:HEADER_LINES])
    m = DATE_HEADER.search(head)
    return _iso_date(m.group(1)) if m else None


def _iso_date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def load_brat(folder: Path, warnings: list[str]) -> Iterator[GoldDoc]:
    """Each ``text/NAME.txt`` with the first (by name) ``attributions/NAME_*.ann``.

    Several annotators per article: we score against one, the first file by name, so
    the figures are reproducible. Articles without an annotation file are skipped.
    """
    anns: dict[str, list[Path]] = {}
    for ann in (folder / BRAT_ANN_DIR).glob("*.ann"):
        anns.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    for text_path in sorted((folder / BRAT_TEXT_DIR).glob("*.txt")):
        candidates = sorted(anns.get(text_path.stem, []))
        text = _read_text(text_path)
        if not candidates or text is None:
            warnings.append(f"{text_path}: skipped, no annotation file or unreadable text")
            continue
        quotes = parse_brat(candidates[0].read_text(encoding="utf-8"), len(text), str(candidates[0]), warnings)
        yield GoldDoc(doc_id=str(text_path), text=text, quotes=quotes, scheme="brat")


def parse_brat(ann: str, text_length: int, name: str, warnings: list[str]) -> list[Attribution]:
    """Attributions of one brat file: one per event that has a content span.

    Malformed ``T`` lines (bad syntax, offsets beyond the text) and events pointing at
    them are skipped and counted in one warning per file; other line types (notes,
    attributes) are ignored.
    """
    spans: dict[str, tuple[str, Ranges]] = {}
    events: list[list[tuple[str, str]]] = []
    bad = 0
    for line in ann.splitlines():
        if line.startswith("T"):
            m = BRAT_TEXTBOUND.match(line)
            if not m:
                bad += 1
                continue
            pieces = [tuple(map(int, part.split())) for part in m.group(3).split(";")]
            if any(not 0 <= s <= e <= text_length for s, e in pieces):
                bad += 1
                continue
            spans[m.group(1)] = (m.group(2), normalise_ranges(pieces))  # type: ignore[arg-type]
        elif line.startswith("E"):
            m = BRAT_EVENT.match(line)
            if not m:
                bad += 1
                continue
            events.append([tuple(arg.split(":", 1)) for arg in m.group(3).split()])
        elif line.strip() and not line.startswith(("#", "A", "R", "N", "M")):
            bad += 1
    quotes = []
    for args in events:
        roles: dict[str, list[tuple[int, int]]] = {}
        for role, ref in args:
            kind = BRAT_ROLE.match(role)
            if kind and ref in spans:
                roles.setdefault(kind.group(1), []).extend(spans[ref][1])
        if "Content" not in roles:
            continue
        quotes.append(
            Attribution(
                content=normalise_ranges(roles["Content"]),
                source=normalise_ranges(roles["Source"]) if "Source" in roles else None,
                cue=normalise_ranges(roles["Cue"]) if "Cue" in roles else None,
            )
        )
    if bad:
        warnings.append(f"{name}: skipped {bad} malformed line(s)")
    return quotes


# --------------------------------------------------------------------------- predictions


def _span(rec: Mapping[str, Any], start: str, end: str, text_length: int) -> Ranges | None:
    s, e = rec.get(start), rec.get(end)
    if not isinstance(s, int) or not isinstance(e, int) or not 0 <= s < e <= text_length:
        return None
    return ((s, e),)


def attribution_from_record(rec: Mapping[str, Any], text: str) -> Attribution | None:
    """A prediction from an ``audit extract`` record (jsonl row or ``Quote.to_dict()``).

    ``None`` when its content offsets do not lie in ``text`` or do not cut out its
    ``text`` field: such a record was made for another version of the article.
    """
    content = _span(rec, "start", "end", len(text))
    if content is None:
        return None
    (start, end), = content
    if "text" in rec and rec["text"] is not None and text[start:end] != rec["text"]:
        return None
    mention = _span(rec, "mention_start", "mention_end", len(text))
    cue = _span(rec, "cue_start", "cue_end", len(text))
    return Attribution(
        content=content,
        kind=rec.get("kind"),
        source=mention,
        source_text=text[mention[0][0] : mention[0][1]] if mention else rec.get("mention"),
        cue=cue,
        cue_text=text[cue[0][0] : cue[0][1]] if cue else rec.get("cue"),
        speaker=rec.get("speaker_id"),
        medium=rec.get("medium"),
        clause=_span(rec, "clause_start", "clause_end", len(text)),
        speaker_name=rec.get("speaker"),
        speaker_kind=rec.get("speaker_kind"),
        speaker_description=rec.get("speaker_description"),
    )


# --------------------------------------------------------------------------- mention forms


PRONOUNS = THIRD_PERSON_PRONOUNS
"""Mentions that are a pronoun alone (:func:`form_of`)."""


def form_of(mention: str) -> str:
    """``pronoun``, ``name`` (a capitalised word beyond the first) or ``description``."""
    words = mention.split()
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return "pronoun"
    if any(w[:1].isupper() for w in words[1:]) or (len(words) == 1 and words[0][:1].isupper()):
        return "name"
    return "description"


MENTION_FORMS = ("name", "description", "pronoun", "none")
"""How a gold record names its speaker, for accuracy per form in ``audit eval``."""


def mention_form(mention: str | None, names: Mapping[str, Iterable[str]] = {}) -> str:
    """The form of a gold mention (:data:`MENTION_FORMS`): ``none`` when the gold gives
    none; given the story's speaker names, ``name`` when the mention holds one of them as
    whole words ("Lebanese Health Minister Hamad Hassan", "Rabie") and ``description``
    otherwise ("the canal authority's chairman", "the Prime Minister"); without them, by
    capitals (:func:`form_of`)."""
    mention = " ".join((mention or "").split())
    if not mention:
        return "none"
    form = form_of(mention)
    if form == "pronoun" or not names:
        return form
    written = {n for forms in names.values() for n in forms if n}
    hit = any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", mention) for n in written)
    return "name" if hit else "description"


# --------------------------------------------------------------------------- scoring


ATTRIBUTES = ("source", "cue", "speaker", "kind", "medium")


def _judge(name: str, gold: Attribution, pred: Attribution, scheme: Scheme) -> bool | None:
    """Is ``pred`` right about one attribute of ``gold``? ``None``: gold does not say.

    Spans are right when they overlap the gold span; seed gold names mention and cue
    only in words, compared after ``normalise_words``. Medium is judged on seed gold
    only (brat gold does not annotate it), where "no medium" is also an answer.
    """
    if name in ("source", "cue"):
        gold_span, gold_words = (gold.source, gold.source_text) if name == "source" else (gold.cue, gold.cue_text)
        pred_span, pred_words = (pred.source, pred.source_text) if name == "source" else (pred.cue, pred.cue_text)
        if gold_span is not None:
            return pred_span is not None and intersection(gold_span, pred_span) > 0
        if gold_words is not None:
            return normalise_words(pred_words) == normalise_words(gold_words)
        return None
    if name == "speaker":
        return None if gold.speaker is None else pred.speaker == gold.speaker
    if name == "kind":
        return None if gold.kind is None else pred.kind == gold.kind
    if scheme != "seed":
        return None
    return normalise_words(pred.medium) == normalise_words(gold.medium)


def score(
    gold: GoldSet, preds: Mapping[str, Sequence[Attribution]], failed: Sequence[str] = ()
) -> EvalReport:
    """Compare predictions (keyed by gold ``doc_id``; missing = none) with the gold."""
    content = [ContentScore(overlap=t, matched=0, gold=0, pred=0) for t in OVERLAPS]
    attributes = {name: Accuracy() for name in ATTRIBUTES}
    speakers: dict[str, Counter] = {}
    splits: dict[str, Counter] = {}
    forms: dict[str, Accuracy] = {}
    kinds: dict[str, KindScore] = {}
    per_doc = []
    for doc in gold.docs:
        gold_spans = [trim(doc.text, q.content) for q in doc.quotes]
        doc_preds = list(preds.get(doc.doc_id, ()))
        if doc.scheme == "brat":
            doc_preds = events_by_cue(doc_preds)
        pred_spans = [trim(doc.text, p.content) for p in doc_preds]
        pairings = {t: match(gold_spans, pred_spans, t) for t in {*OVERLAPS, ATTRIBUTE_OVERLAP}}
        for c in content:
            c.matched += len(pairings[c.overlap])
            c.gold += len(gold_spans)
            c.pred += len(pred_spans)
        pairing = pairings[ATTRIBUTE_OVERLAP]
        for g, p in pairing.items():
            gold_q, raw = doc.quotes[g], doc_preds[p]
            pred = replace(raw, speaker=doc.speakers.gold_id(raw.speaker))
            for name, acc in attributes.items():
                verdict = _judge(name, gold_q, pred, doc.scheme)
                if verdict is not None:
                    acc.total += 1
                    acc.correct += verdict
            if gold_q.speaker is not None:
                speakers.setdefault(gold_q.speaker, Counter())[pred.speaker] += 1
                form = forms.setdefault(mention_form(gold_q.source_text, doc.speakers.names), Accuracy())
                form.total += 1
                form.correct += pred.speaker == gold_q.speaker
                if pred.speaker is not None and (pred.speaker == gold_q.speaker or pred.speaker in doc.speakers.names):
                    splits.setdefault(pred.speaker, Counter())[raw.speaker] += 1
        _count_kinds(kinds, doc.quotes, doc_preds, pairing)
        per_doc.append(
            {"doc": doc.doc_id, "gold": len(gold_spans), "pred": len(pred_spans), "matched": len(pairing)}
        )
    return EvalReport(
        docs=len(gold.docs),
        gold=content[0].gold if content else 0,
        pred=content[0].pred if content else 0,
        content=content,
        attributes=attributes,
        kinds=sorted(kinds.values(), key=lambda k: k.kind),
        per_doc=per_doc,
        failed=list(failed),
        warnings=list(gold.warnings),
        speakers=speakers,
        splits=splits,
        forms=forms,
    )


def events_by_cue(preds: Sequence[Attribution]) -> list[Attribution]:
    """Predictions as brat attribution events (see the module docstring): a mixed
    fragment as its enclosing clause, and predictions sharing one cue (same offsets)
    as one event with the first one's attributes and the union of their contents."""
    out: list[Attribution] = []
    by_cue: dict[Ranges, int] = {}
    for pred in preds:
        if pred.kind == "mixed" and pred.clause is not None:
            pred = replace(pred, content=pred.clause)
        k = by_cue.get(pred.cue) if pred.cue is not None else None
        if k is None:
            if pred.cue is not None:
                by_cue[pred.cue] = len(out)
            out.append(pred)
        else:
            out[k] = replace(out[k], content=normalise_ranges(out[k].content + pred.content))
    return out


def _count_kinds(
    kinds: dict[str, KindScore],
    gold: Sequence[Attribution],
    preds: Sequence[Attribution],
    pairing: Mapping[int, int],
) -> None:
    """Recall per gold kind (found by a prediction of any kind) and precision per
    predicted kind (matching a gold quote of any kind); unknown kinds are not rows."""
    matched_preds = set(pairing.values())
    for g, quote in enumerate(gold):
        if quote.kind:
            row = kinds.setdefault(quote.kind, KindScore(quote.kind))
            row.gold += 1
            row.found += g in pairing
    for p, quote in enumerate(preds):
        if quote.kind:
            row = kinds.setdefault(quote.kind, KindScore(quote.kind))
            row.pred += 1
            row.correct += p in matched_preds


# --------------------------------------------------------------------------- statement gold


DRIFT_CLASSES = ("exact", "cosmetic", "truncated", "altered", "paraphrase", "translated")
"""The gold's drift classes of a rendering, tightest first."""

_DRIFT_RANK = {d: k for k, d in enumerate(DRIFT_CLASSES)}


def looser_drift(a: str, b: str) -> str:
    """The looser of two renderings' drift classes: the class a pair of them is scored in
    (an unknown class counts as the tightest)."""
    return max(a, b, key=lambda d: _DRIFT_RANK.get(d, 0))




class StatementEvalError(ValueError):
    """A renderings or gold file that cannot be read (``audit eval-statements``, ``audit train-pairs``)."""


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON-lines file; a bad line is a :class:`StatementEvalError` naming it."""
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise StatementEvalError(f"{path}: cannot read: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise StatementEvalError(f"{path}:{n}: not JSON: {exc.msg}") from exc
        missing = [k for k in ("outlet", "text", "statement", "kind") if not rec.get(k)]
        if missing:
            raise StatementEvalError(f"{path}:{n}: missing {', '.join(missing)}")
        out.append(rec)
    return out
