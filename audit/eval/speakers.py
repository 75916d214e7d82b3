"""Mention-level speaker check: does each way outlets name a speaker resolve to the
speaker they credit?

Input is a renderings file (``renderings.jsonl``: one record per outlet and quotation,
with ``mention``, ``attributed_to``, ``outlet``, ``date`` and ``text``; no article text).
Each mention is put in a short article built around it: a lead sentence naming the
credited speaker (so pronouns and "the ministry" have something to refer back to, as
in the outlet's article) and a country of another nationality (so "he" or "it" can be
taken for a country, the error this guards against), then the mention as the subject
of "said" with the quotation. The article is extracted with the outlet's date, and the
quote's ``speaker_id`` is compared with ``attributed_to``.

Records without a mention (the outlet credits no words to anyone by name) are counted
apart, not judged. Figures are given per credited speaker, per kind of mention (name,
description, pronoun) and as confusions between speakers, so look-alikes taken for one
another (the UK and Russian defence ministries) show by name.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from audit.gold import form_of
from audit.lang.nations import NATIONS
from audit.speakers import Registry

DISTRACTORS = ("Russia", "Ukraine")
"""Countries named in the lead sentence: the first one not the speaker's nationality."""
QUOTE_CHARS = re.compile(r"[\"“”«»]")
RECORD_FIELDS = ("mention", "attributed_to")

class SpeakerEvalError(ValueError):
    """The file is not a renderings file."""


@dataclass(slots=True)
class MentionResult:
    """One judged mention."""

    mention: str
    gold: str
    pred: str | None
    outlet: str
    form: str

    @property
    def correct(self) -> bool:
        return self.pred == self.gold


@dataclass(slots=True)
class SpeakerReport:
    """What ``audit eval`` prints for a renderings file."""

    results: list[MentionResult] = field(default_factory=list)
    without_mention: int = 0

    @property
    def correct(self) -> int:
        return sum(r.correct for r in self.results)

    def by(self, attr: str) -> dict[str, tuple[int, int]]:
        out: dict[str, list[int]] = {}
        for r in self.results:
            row = out.setdefault(getattr(r, attr), [0, 0])
            row[0] += r.correct
            row[1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    def confusions(self) -> Counter:
        return Counter((r.gold, r.pred) for r in self.results if not r.correct)

    def to_dict(self) -> dict[str, Any]:
        return {
            "judged": len(self.results),
            "correct": self.correct,
            "accuracy": round(self.correct / len(self.results), 4) if self.results else None,
            "without_mention": self.without_mention,
            "by_speaker": {k: {"correct": c, "total": t} for k, (c, t) in self.by("gold").items()},
            "by_form": {k: {"correct": c, "total": t} for k, (c, t) in self.by("form").items()},
            "confusions": [{"gold": g, "pred": p, "n": n} for (g, p), n in self.confusions().most_common()],
            "wrong": [{"mention": r.mention, "gold": r.gold, "pred": r.pred, "outlet": r.outlet}
                      for r in self.results if not r.correct],
        }


def is_renderings(path: Path) -> bool:
    """Whether ``path`` is a renderings file: jsonl records with a mention and a credited
    speaker but no article text or offsets."""
    if not (path.is_file() and path.suffix == ".jsonl"):
        return False
    try:
        with path.open(encoding="utf-8") as handle:
            first = json.loads(handle.readline())
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return isinstance(first, dict) and all(k in first for k in RECORD_FIELDS) and "start" not in first


def build_article(mention: str, speaker: str, registry: Registry) -> tuple[str, str]:
    """The short article around one mention, and the quotation's words in it."""
    sp = registry.get(speaker)
    lead = _lead_name(sp) if sp is not None else speaker.replace("-", " ").title()
    nationality = sp.nationality if sp is not None else None
    distractor = next(c for c in DISTRACTORS if c != nationality)
    words = "The situation has changed a great deal in recent days"
    subject = mention[:1].upper() + mention[1:]
    text = (f"{lead} commented on Monday on the fighting in {distractor}.\n\n"
            f"{subject} said: “{words}.”\n")
    return text, words


def _lead_name(sp) -> str:
    """How the lead sentence names a registry speaker: persons by name, bodies with their
    country ("the United Kingdom's Ministry of Defence")."""
    name = re.sub(r"\s*\([^)]*\)", "", sp.name).strip()
    if sp.kind == "person" or not sp.nationality or sp.nationality.lower() in name.lower():
        return name
    if sp.nationality in NATIONS:
        return f"the {sp.nationality}'s {name}" if not name.lower().startswith("the ") else name
    return name


def evaluate_renderings(path: Path, nlp: Any = None, registry: Registry | None = None) -> SpeakerReport:
    """Judge every mention of a renderings file (see the module docstring)."""
    from audit.extract import extract_docs, load_pipeline

    if not is_renderings(path):
        raise SpeakerEvalError(f"{path}: not a renderings file (jsonl with mention and attributed_to)")
    nlp = nlp if nlp is not None else load_pipeline()
    registry = registry if registry is not None else pipeline_registry(nlp)
    report = SpeakerReport()
    items, meta = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        rec = json.loads(line)
        mention, gold = rec.get("mention"), rec.get("attributed_to")
        if not gold:
            continue
        if not mention or not str(mention).strip():
            report.without_mention += 1
            continue
        mention = QUOTE_CHARS.sub("", " ".join(str(mention).split()))
        text, words = build_article(mention, gold, registry)
        day = _date(rec.get("date"))
        items.append((str(number), text, day) if day else (str(number), text))
        meta.append((mention, gold, str(rec.get("outlet") or ""), text.index(words)))
    found = dict(extract_docs(items, nlp=nlp))
    for (doc_id, *_), (mention, gold, outlet, at) in zip(items, meta, strict=True):
        quote = next((q for q in found.get(doc_id, []) if q.start <= at < q.end), None)
        report.results.append(MentionResult(mention, gold, quote.speaker_id if quote else None, outlet,
                                            form_of(mention)))
    return report


def pipeline_registry(nlp: Any) -> Registry:
    """The registry the pipeline's quote component resolves with (else the default one)."""
    from audit.extract import COMPONENT_NAME

    registry = nlp.get_pipe(COMPONENT_NAME).registry if COMPONENT_NAME in nlp.pipe_names else None
    return registry if registry is not None else Registry.load()


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def render(report: SpeakerReport, as_json: bool = False, title: str = "") -> str:
    """The mention-level figures as rich tables or JSON."""
    if as_json:
        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=100, force_terminal=False, color_system=None)
    n = len(report.results)
    console.print(f"{title}{n} mentions judged, {report.correct} right "
                  f"({report.correct / n:.3f})" if n else f"{title}no mentions judged",
                  markup=False, highlight=False)
    console.print(f"{report.without_mention} records name no one (not judged)", markup=False, highlight=False)
    for attr, heading in (("gold", "credited speaker"), ("form", "mention form")):
        table = Table(title=f"Speaker accuracy per {heading}")
        for column in (heading, "correct", "judged", "accuracy"):
            table.add_column(column, justify="right")
        for key, (c, t) in report.by(attr).items():
            table.add_row(key, str(c), str(t), f"{c / t:.3f}")
        console.print(table)
    if report.results and report.correct < n:
        table = Table(title="Wrong: mention -> taken for")
        for column in ("mention", "credited", "taken for"):
            table.add_column(column)
        for r in report.results:
            if not r.correct:
                table.add_row(_safe(r.mention), r.gold, r.pred or "none")
        console.print(table)
    return buffer.getvalue().rstrip()


def _safe(text: str) -> str:
    """User text for a terminal: no control characters."""
    return "".join(ch for ch in text if ch.isprintable())


def split_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Renderings files apart from other gold paths (for ``audit eval``)."""
    rend: list[Path] = []
    other: list[Path] = []
    for p in paths:
        (rend if is_renderings(Path(p)) else other).append(Path(p))
    return rend, other
