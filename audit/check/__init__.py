"""``audit check``: lint editorial drafts against the reference, for CI.

One draft at a time: read it (:mod:`audit.check.locate` strips Markdown/HTML and keeps
an offset map), extract its quotes with the usual pipeline, look every quote up in the
reference (:mod:`audit.check.reference`), run each enabled rule (:mod:`audit.check.rules`)
on each quote, place every finding at its exact line and column, then drop what inline
directives (:mod:`audit.check.suppress`) and the baseline (:mod:`audit.check.baseline`)
accept. A draft that cannot be read is an error for that file, never for the run.

Library use::

    from audit.check import check
    from audit.config import load_config
    result = check(["drafts/"], config=load_config(), store_path="news.duckdb")
    result.exit_code()            # 0 clean, 1 findings at/above fail level, 2 input errors
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.check.baseline import apply_baseline, load_baseline
from audit.check.credit import carry_speakers
from audit.check.diffbase import changed_lines, on_changed_lines
from audit.check.locate import (
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    Draft,
    DraftError,
    read_draft,
)
from audit.check.reference import Match, Reference
from audit.check.rules import RULES_BY_ID, QuoteContext
from audit.check.rules.base import prime_names
from audit.check.settings import SEVERITY_RANK, CheckSettings, load_settings
from audit.check.suppress import parse_suppressions
from audit.config import PACKAGE_DIR, Config, reference_dir
from audit.filenames import name_text
from audit.model import Finding, Quote

if TYPE_CHECKING:  # pragma: no cover - typing only
    from spacy.language import Language
    from spacy.tokens import Doc

    from audit.speakers import Registry

DRAFT_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES | {".txt", ".text"}
"""Files picked up when a folder is given."""

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

BUNDLED_REFERENCE_NOTE = (
    "no store and no reference folder of your own: checking against the bundled reference, the seed story "
    "(coverage of Ukraine's Kharkiv counter-offensive, September 2022); give --db FILE (built by `audit ingest`) "
    "or a reference/ folder (or `reference = \"...\"` in config) to check against your own"
)
"""Said once on stderr when nothing of the user's is there to judge the drafts against."""


def is_bundled(folder: Path) -> bool:
    """Whether ``folder`` is the reference shipped with the package (or the checkout's)."""
    shipped = {(PACKAGE_DIR / "_reference").resolve(), (PACKAGE_DIR.parent / "reference").resolve()}
    return folder.resolve() in shipped

__all__ = ["CheckResult", "check", "check_draft", "draft_paths"]


@dataclass(slots=True)
class CheckResult:
    """Everything one run found: findings, per-file errors, and what was filtered out."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """One line per draft that could not be checked (unreadable, not UTF-8, empty)."""
    notes: list[str] = field(default_factory=list)
    """Warnings about the drafts themselves (a directive naming an unknown rule)."""
    files: list[str] = field(default_factory=list)
    """Drafts checked (errors included), in order."""
    unreadable: dict[str, str] = field(default_factory=dict)
    """Draft (as in ``files``) → its line in ``errors``: the drafts that could not be
    checked, so CI formats list each one as a failure under its own name."""
    suppressed: int = 0
    baselined: int = 0
    fail_level: str = "error"

    def failing(self) -> list[Finding]:
        """Findings at or above the fail level."""
        floor = SEVERITY_RANK[self.fail_level]
        return [f for f in self.findings if SEVERITY_RANK[f.severity] >= floor]

    def exit_code(self) -> int:
        """2 if any draft could not be checked, else 1 if any finding fails, else 0."""
        if self.errors:
            return EXIT_ERROR
        return EXIT_FINDINGS if self.failing() else EXIT_CLEAN

    def counts(self) -> dict[str, int]:
        """Findings per severity."""
        return {s: sum(f.severity == s for f in self.findings) for s in ("error", "warning", "info")}


def draft_paths(paths: Iterable[str | Path]) -> Iterator[Path | DraftError]:
    """Files as given; folders expanded to the drafts inside (sorted, recursive).

    Inside a folder, a symlink is followed only where it stays inside that folder: a
    draft linking to ``/etc/passwd`` or to a secret elsewhere in the checkout must not be
    read into a CI log, so it comes out as a ``DraftError`` for that file (name the file
    itself to check it). Symlinked folders are not descended into (their drafts inside the
    folder are reached by their own path; outside ones are refused the same way).
    """
    for p in map(Path, paths):
        if not p.is_dir():
            yield p
            continue
        root = p.resolve()
        found: list[tuple[Path, Path | DraftError]] = []
        for folder, dirs, files in os.walk(p):
            dirs.sort()
            for name in [*dirs, *files]:
                entry = Path(folder) / name
                is_draft = name in files and entry.suffix.lower() in DRAFT_SUFFIXES
                if not entry.is_symlink() or not (is_draft or name in dirs):
                    if is_draft:
                        found.append((entry, entry))
                    continue
                target = entry.resolve()
                if not target.is_relative_to(root):
                    found.append((entry, DraftError(
                        f"{name_text(entry)}: symlink to {name_text(target)}, outside {name_text(p)}; not followed "
                        "(name the file itself to check it)", path=name_text(entry),
                    )))
                elif is_draft and target.is_file():
                    found.append((entry, entry))
        yield from (item for _, item in sorted(found, key=lambda pair: pair[0]))


def _sentence_bounds(nlp_doc: Any) -> list[int]:
    starts = [sent.start_char for sent in nlp_doc.sents]
    return starts or [0]


def _context(quote: Quote, starts: list[int], text_len: int) -> tuple[int, int]:
    """From the start of the sentence where the quote, its mention or its cue begins to
    the end of the sentence where the last of them ends."""
    points = [p for p in (quote.start, quote.mention_start, quote.cue_start) if p is not None]
    ends = [p for p in (quote.end, quote.mention_end, quote.cue_end) if p is not None]
    first = starts[max(bisect_right(starts, min(points)) - 1, 0)]
    last_idx = bisect_right(starts, max(ends) - 1)
    last = starts[last_idx] if last_idx < len(starts) else text_len
    return first, last


def _outside(text: str, span: tuple[int, int], quote: Quote) -> str:
    """The context sentence(s) of a quote without the quoted words: what the draft says
    around them (speaker, topic, figures)."""
    start, end = span
    return f"{text[start:quote.start]} {text[quote.end:end]}"


def _names_compared(quotes: list[Quote], matches: list[list[Match]], registry: Registry | None) -> list[str]:
    """Every speaker name the rules may compare for these quotes: the draft's names and the
    matched statements' (with the registry's names for them), to normalise in one pass."""
    names = [n for q in quotes for n in (q.speaker_id, q.speaker, q.mention) if n]
    for found in matches:
        for m in found:
            names += [n for n in (m.statement.speaker, m.statement.speaker_name) if n]
            sp = registry.get(m.statement.speaker) if registry is not None and m.statement.speaker else None
            if sp is not None:
                names += [sp.name, *sp.aliases]
    return names


def check_draft(
    draft: Draft, *, nlp: Language, reference: Reference, settings: CheckSettings, doc: Doc | None = None
) -> tuple[list[Finding], int, list[str]]:
    """Findings of one draft (suppressions applied), how many were suppressed, and notes.
    ``doc``: the draft's text already through ``nlp`` (a caller batching with ``nlp.pipe``)."""
    doc = doc if doc is not None else nlp(draft.text)
    people = [(e.start_char, e.text) for e in doc.ents if e.label_ == "PERSON"]
    quotes = carry_speakers(sorted(doc._.quotes, key=lambda q: q.start), draft.text, reference.registry, people)
    starts = _sentence_bounds(doc)
    spans = [_context(q, starts, len(draft.text)) for q in quotes]
    contexts = [_outside(draft.text, span, q) for q, span in zip(quotes, spans)]
    matches = reference.lookup([q.text for q in quotes], contexts=contexts)
    prime_names(_names_compared(quotes, matches, reference.registry))
    rules = [(RULES_BY_ID[rule_id](), rule_id, conf) for rule_id, conf in settings.rules.items()]
    seen: set[tuple[str, int, int]] = set()
    findings: list[Finding] = []
    for quote, found, span, around in zip(quotes, matches, spans, contexts):
        ctx = QuoteContext(
            quote=quote, text=draft.text, context=span, matches=found, registry=reference.registry, around=around,
        )
        for rule, rule_id, conf in rules:
            for hit in rule.check(ctx, conf.params):
                if (rule_id, hit.start, hit.end) in seen:
                    continue
                seen.add((rule_id, hit.start, hit.end))
                line, col, end_line, end_col = draft.location(hit.start, hit.end)
                findings.append(
                    Finding(
                        rule=rule_id, severity=hit.severity or conf.severity, path=draft.path, line=line, col=col,
                        message=hit.message, quote=quote.text, hint=rule.hint,
                        end_line=end_line, end_col=end_col,
                        extra={"speaker": quote.speaker or quote.mention, **hit.extra},
                    )
                )
    suppressions = parse_suppressions(draft.original, RULES_BY_ID.keys())
    kept = [f for f in findings if not suppressions.suppressed(f.rule, f.line)]
    notes = [f"{draft.path}: {p}" for p in suppressions.problems]
    order = list(RULES_BY_ID)
    kept.sort(key=lambda f: (f.line, f.col, order.index(f.rule)))
    return kept, len(findings) - len(kept), notes


def _open_reference(folder: Path, store_path: Path | None) -> Reference:
    """The reference of a run, with the store's word sample made (draft-independent work)."""
    ref = Reference.load(folder, store_path)
    ref.prepare()
    return ref


def check(
    paths: Sequence[str | Path],
    *,
    config: Config,
    store_path: str | Path | None = None,
    reference: Reference | None = None,
    nlp: Language | None = None,
    settings: CheckSettings | None = None,
    baseline: str | Path | None = None,
    diff_base: str | None = None,
) -> CheckResult:
    """Check drafts; see the module docstring.

    ``settings`` defaults to the config's ``[check]`` table; ``reference`` to
    ``reference/statements.toml`` (as configured) plus the store at ``store_path``;
    ``nlp`` to the configured pipeline. Raises ``ConfigError``, ``ReferenceError``,
    ``BaselineError`` or ``ModelNotFound`` for problems that concern the whole run.
    """
    settings = settings or load_settings(config.check)
    accepted = load_baseline(Path(baseline)) if baseline is not None else None
    if nlp is None:
        from audit.extract import load_pipeline

        nlp = load_pipeline(config.model)
    result = CheckResult(fail_level=settings.fail_level)
    pending: Future[Reference] | None = None
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:  # its exit waits for the reference
            if reference is None:
                # Opened (and its store sampled) in the background while the first draft is
                # parsed: fixed costs of every run, about 0.1 s of the 1 s budget.
                folder = reference_dir(config)
                pending = pool.submit(_open_reference, folder, Path(store_path) if store_path else None)
                if store_path is None and is_bundled(folder):
                    result.notes.append(BUNDLED_REFERENCE_NOTE)
            for path in draft_paths(paths):
                if isinstance(path, DraftError):
                    result.files.append(path.path or str(path))
                    result.errors.append(str(path))
                    result.unreadable[result.files[-1]] = str(path)
                    continue
                result.files.append(name_text(path))
                try:
                    draft = read_draft(path)
                except DraftError as exc:
                    result.errors.append(str(exc))
                    result.unreadable[result.files[-1]] = str(exc)
                    continue
                doc = nlp(draft.text)
                ref = reference if pending is None else pending.result()
                assert ref is not None  # pending is set exactly when no reference was passed in
                found, suppressed, notes = check_draft(draft, nlp=nlp, reference=ref, settings=settings, doc=doc)
                if diff_base is not None:
                    changed = changed_lines(path, diff_base)
                    found = [f for f in found if on_changed_lines(f.line, f.end_line, changed)]
                result.findings.extend(found)
                result.suppressed += suppressed
                result.notes.extend(notes)
            if pending is not None:
                pending.result()  # a broken reference is an error even when no draft was read
    finally:
        if pending is not None and pending.exception() is None:
            pending.result().close()
    if not result.files:
        result.errors.append(f"no drafts found in {', '.join(map(name_text, paths))} (looked for {', '.join(sorted(DRAFT_SUFFIXES))})")
    if accepted is not None:
        result.findings, result.baselined = apply_baseline(result.findings, accepted)
    return result
