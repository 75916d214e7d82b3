"""Consistency: does each outlet render a statement the way it was made, credited to the
person who made it, with the same figures?

Input is one Polars frame of quotes already joined with their article, statement and
registry speaker (built in ``audit.score.score``). Output: per-quote columns (variant,
diff, attribution, figures, flags, ``consistency``), one ``conflicts`` row per finding,
and per-statement / per-outlet rollups.

Findings (``conflicts.kind``):

* ``wording``     a rendering printed as a quote whose words differ from the statement's
  reference wording — the verified words (``audit.score.verified``) when known, else the
  matcher's root (variant ``altered``);
* ``attribution`` a rendering credited to a different speaker than the statement's
  reference speaker (the root's; else the most frequent), or credited only generically
  ("officials", "British intelligence") when another rendering names the speaker and the
  registry knows that speaker;
* ``number``      a figure that agrees with none of the reference figures of its
  dimension (the root's; else the earliest rendering's), after unit conversion and
  rounding tolerance (``audit.score.numbers``);
* ``role``        a speaker's role described inconsistently across quotes: "army chief"
  where the registry and other outlets say "former army chief".

Scores (documented in ``docs/scoring.md``)::

    quote consistency     = 100 × max(0, 1 − VARIANT_PENALTY[variant]
                                         − ATTRIBUTION_PENALTY[attribution]
                                         − NUMBER_PENALTY × has a number conflict
                                         − ROLE_PENALTY × has a role conflict)
    statement consistency = mean quote consistency over its quotes, syndicated copies
                            (identical text under several outlets) counted once
    outlet consistency    = mean quote consistency over the outlet's quotes of statements
                            carried by at least two independent articles (a statement
                            only one article carries has nothing to disagree with)

Provenance per statement: first outlet and date seen, outlets carrying it, and articles
counted once per syndication group.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

import polars as pl

from audit.score.context import sentence_span
from audit.score.drift import drift
from audit.score.numbers import Measure, agree, extract_numbers, in_reference_unit

VARIANT_PENALTY: dict[str, float] = {
    "root": 0.0, "exact": 0.0, "cosmetic": 0.05, "truncated": 0.1, "paraphrase": 0.1, "altered": 0.6,
}
"""Wording drift cost; ``altered`` (words changed inside quote marks) is the serious one."""

ATTRIBUTION_PENALTY: dict[str, float] = {"correct": 0.0, "unknown": 0.0, "generic": 0.3, "misattributed": 1.0}
"""Crediting a statement to the wrong speaker voids the rendering; a vague credit costs less.
``unknown`` (no speaker found, e.g. a continued quote) is the extractor's gap, not the outlet's."""

NUMBER_PENALTY = 0.6
"""A figure that no unit conversion or rounding reconciles with the reference."""

ROLE_PENALTY = 0.2
"""A speaker's role described differently from the registry and other outlets."""

MIN_INDEPENDENT_ARTICLES = 2
"""A statement needs this many independent articles before outlets are compared on it."""

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "its", "their"})

ROLE_NOUNS_RE = re.compile(
    r"\b(?:chief|head|commander|general|minister|ministry|president|secretary|spokes\w*|officer|leader|"
    r"official|analyst|expert|ambassador|director|adviser|advisor|colonel|admiral|marshal|governor|mayor|"
    r"blogger|commentator|founder|chairman|chair|deputy|representative|envoy)\b",
    re.IGNORECASE,
)
"""Words that make a phrase next to a name a description of the speaker's role."""

FORMER_RE = re.compile(r"\b(?:former|retired|one-time|onetime|erstwhile|previous|late|ex)\b-?|\bex-", re.IGNORECASE)
"""Marks a role the speaker no longer holds; its presence or absence is what conflicts."""

GENERIC_MENTION_RE = re.compile(
    r"^(?:the\s+|a\s+)?(?:(?:british|uk|u\.k\.|us|u\.s\.|american|western|ukrainian|russian|european|"
    r"government|military|senior|security)\s+)*(?:intelligence|officials?|sources?|authorities|insiders?|"
    r"diplomats?|government)$|^(?:the\s+)?(?:britain|uk|u\.k\.|london|moscow|kyiv|kiev|washington|the west|"
    r"whitehall|the kremlin|kremlin)$",
    re.IGNORECASE,
)
"""A credit to a vague body ("British intelligence", "officials", "Britain") rather than
the speaker itself; it counts as ``generic`` even when the registry resolves it to the
right speaker, because the reader cannot tell who spoke."""

ROLE_LOOKBACK_WORDS = 5
"""Words before a mention, within its clause, read as part of the speaker's description."""

HONORIFICS = frozenset({"lord", "lady", "sir", "dame", "mr", "mrs", "ms", "dr", "baron", "baroness"})
_ROLE_STOPWORDS = frozenset({"a", "an", "the", "of", "and", "for", "in", "s", "who", "is", "was"}) | HONORIFICS
_APPOSITIVE_RE = re.compile(r"\s*,\s*(?:who is |who was )?([^,;.\"“”‘’()]{3,80}?)\s*,")
_LOOKBACK_RE = re.compile(r"[^,;:\"“”‘’.!?()\n]*$")


@dataclass(slots=True)
class Consistency:
    """Per-quote columns added, findings, and rollups."""

    quotes: pl.DataFrame
    conflicts: pl.DataFrame
    statements: pl.DataFrame
    outlets: pl.DataFrame


CONFLICT_SCHEMA = {
    "statement_id": pl.String,
    "kind": pl.String,
    "speaker_id": pl.String,
    "quote_ids": pl.List(pl.String),
    "outlets": pl.List(pl.String),
    "detail": pl.String,
}


def syndication_key(text: str) -> str:
    """Articles with the same letters and digits in the same order are one story
    syndicated under several outlets (wire copy), whatever the spacing or quote marks."""
    return hashlib.sha256(re.sub(r"\W+", "", text.casefold()).encode()).hexdigest()[:16]


def syndication_groups(articles: pl.DataFrame) -> pl.DataFrame:
    """``article_id`` -> ``syndication_group`` (the smallest article_id sharing its key)."""
    keyed = articles.select("article_id", key=pl.col("text").map_elements(syndication_key, return_dtype=pl.String))
    return keyed.with_columns(syndication_group=pl.col("article_id").min().over("key")).drop("key")


# ---------------------------------------------------------------- per-quote columns


def _figures(row: dict[str, Any]) -> list[Measure]:
    """Figures in the quote, and for reported speech in its sentence as well: "advanced
    about 30 miles" often stands outside a quoted fragment."""
    if row["kind"] == "direct" or not row["text_article"]:
        return extract_numbers(row["text"])
    lo, hi = sentence_span(row["text_article"], row["start"], row["end"])
    return extract_numbers(row["text_article"][lo:hi])


def _role_phrase(row: dict[str, Any]) -> str | None:
    """How the article describes the speaker's role at this quote: the words before the
    mention in its clause, the mention, and an appositive after it, minus the name."""
    mention, text = row["mention"], row["text_article"]
    if not mention or mention.strip().lower() in PRONOUNS:
        return None
    parts = [mention]
    if text and row["mention_start"] is not None and row["mention_end"] is not None:
        lo, _ = sentence_span(text, row["mention_start"], row["mention_end"])
        before = _LOOKBACK_RE.search(text[lo:row["mention_start"]])
        after = _APPOSITIVE_RE.match(text[row["mention_end"]:row["mention_end"] + 100])
        lookback = " ".join(before.group(0).split()[-ROLE_LOOKBACK_WORDS:]) if before else ""
        parts = [lookback, mention, after.group(1) if after else ""]
    phrase = " ".join(parts)
    for name in sorted(row["speaker_names"] or [], key=len, reverse=True):
        phrase = re.sub(r"\b" + re.escape(name) + r"\b", " ", phrase, flags=re.IGNORECASE)
    if not ROLE_NOUNS_RE.search(phrase):
        return None
    words = [w for w in re.findall(r"[\w-]+", phrase.lower()) if w not in _ROLE_STOPWORDS]
    return " ".join(words) or None


def _content_words(role: str) -> set[str]:
    return {w for w in re.findall(r"\w+", FORMER_RE.sub(" ", role)) if w not in _ROLE_STOPWORDS}


def _attribution(row: dict[str, Any]) -> str:
    """correct / misattributed / generic / unknown against the statement's reference speaker.

    A report of a report is faithful at either layer: a quote nested in the reference
    speaker's quote, or credited to someone the reference speaker is quoted as quoting
    (the MoD said Putin said ...), is ``correct``. Only a named speaker (person or
    organisation) can be a wrong one; a credit the extractor could not resolve is
    ``unknown``, the extractor's gap rather than the outlet's."""
    if row["statement_id"] is None:
        return "unknown"
    ref, spk = row["ref_speaker"], row["speaker_id"]
    if ref is None:
        return "correct" if spk is not None else "unknown"
    if spk == ref or row["outer_speaker"] == ref or spk in (row["accepted_speakers"] or ()):
        generic = GENERIC_MENTION_RE.match(re.sub(r"['’]s$", "", (row["mention"] or "").strip()))
        return "generic" if generic else "correct"
    if row["speaker_kind"] == "anonymous":
        return "generic"
    return "misattributed" if spk is not None and row["speaker_kind"] in ("person", "organisation") else "unknown"


def _with_accepted_speakers(q: pl.DataFrame) -> pl.DataFrame:
    """Add ``accepted_speakers``: per statement, the speakers its reference speaker is
    quoted as quoting (quotes nested in one of the reference speaker's quotes)."""
    accepted = (
        q.filter(pl.col("statement_id").is_not_null() & (pl.col("outer_speaker") == pl.col("ref_speaker")))
        .group_by("statement_id")
        .agg(accepted_speakers=pl.col("speaker_id").drop_nulls().unique().sort())
    )
    return q.join(accepted, on="statement_id", how="left")


def quote_columns(q: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, list[Measure]]]:
    """Add ``variant``, ``diff``, ``attribution``, ``figures``, ``role`` to each quote;
    return the parsed figures by quote_id for the number checks."""
    variants, diffs, attribution, figures, roles = [], [], [], [], []
    measures: dict[str, list[Measure]] = {}
    for row in q.iter_rows(named=True):
        if row["statement_id"] is None:
            variants.append(None)
            diffs.append(None)
        elif row["quote_id"] == row["root_quote_id"] and row["verified_id"] is None:
            variants.append("root")
            diffs.append("")
        else:
            d = drift(row["reference_text"], row["text"], row["kind"])
            variants.append(d.variant)
            diffs.append(d.diff)
        attribution.append(_attribution(row))
        found = _figures(row)
        measures[row["quote_id"]] = found
        figures.append([m.text for m in found])
        roles.append(_role_phrase(row) if row["speaker_kind"] == "person" and row["speaker_id"] else None)
    return (
        q.with_columns(
            pl.Series("variant", variants, dtype=pl.String),
            pl.Series("diff", diffs, dtype=pl.String),
            pl.Series("attribution", attribution, dtype=pl.String),
            pl.Series("figures", figures, dtype=pl.List(pl.String)),
            pl.Series("role", roles, dtype=pl.String),
        ),
        measures,
    )


# ---------------------------------------------------------------- findings


def _finding(statement_id: str | None, kind: str, speaker_id: str | None, rows: list[dict[str, Any]],
             reference: dict[str, Any] | None, detail: str) -> dict[str, Any]:
    """One conflict row: the flagged quotes first, then the reference quote they were
    compared with (flagged in date, then id, order); ``outlets`` are the flagged quotes' outlets."""
    rows = sorted(rows, key=lambda r: (r["published"] is None, r["published"] or 0, r["quote_id"]))
    ids = [r["quote_id"] for r in rows]
    if reference is not None and reference["quote_id"] not in ids:
        ids.append(reference["quote_id"])
    outlets = sorted({r["outlet"] or "(unknown)" for r in rows})
    return {"statement_id": statement_id, "kind": kind, "speaker_id": speaker_id, "quote_ids": ids,
            "outlets": outlets, "detail": detail}


_REFERENCE_RANK = {"root": 0, "exact": 1, "cosmetic": 2}


def _reference_row(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The rendering others are compared with: the root, else (when a verified wording is
    the reference) the earliest exact, then cosmetic rendering credited to the right
    speaker, else the matcher's root."""
    best = min(rows, key=lambda r: (_REFERENCE_RANK.get(r["variant"], 9), r["attribution"] != "correct",
                                    r["published"] is None, r["published"] or 0, r["quote_id"]))
    if best["variant"] in _REFERENCE_RANK:
        return best
    return next((r for r in rows if r["quote_id"] == r["root_quote_id"]), rows[0])


def _where(rows: Iterable[dict[str, Any]]) -> str:
    return ", ".join(sorted({r["outlet"] or "(unknown)" for r in rows}))


def _wording_findings(by_statement: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    found = []
    for sid, rows in by_statement.items():
        root = _reference_row(rows)
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            if r["variant"] == "altered":
                groups[r["diff"]].append(r)
        for diff, flagged in groups.items():
            found.append(_finding(sid, "wording", flagged[0]["speaker_id"], flagged, root,
                                  f"printed as a quote with words changed ({_where(flagged)}): {diff}"))
    return found


def _attribution_findings(by_statement: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    found = []
    for sid, rows in by_statement.items():
        root = _reference_row(rows)
        ref = rows[0]["ref_speaker"]
        ref_name = rows[0]["ref_speaker_name"] or ref
        groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            if r["attribution"] == "misattributed":
                groups[("misattributed", r["speaker_id"])].append(r)
            elif r["attribution"] == "generic":
                groups[("generic", (r["mention"] or "anonymous").lower())].append(r)
        for (status, who), flagged in groups.items():
            if status == "misattributed":
                name = flagged[0]["speaker"] or who
                detail = f"credited to {name} ({_where(flagged)}) but said by {ref_name}"
                speaker = who
            else:
                detail = f"credited only to \u201c{flagged[0]['mention'] or 'an anonymous source'}\u201d ({_where(flagged)}) instead of {ref_name}"
                speaker = None
            found.append(_finding(sid, "attribution", speaker, flagged, root, detail))
    return found


def _number_findings(by_statement: dict[str, list[dict[str, Any]]],
                     measures: dict[str, list[Measure]]) -> tuple[list[dict[str, Any]], set[str]]:
    found, flagged_ids = [], set()
    for sid, rows in by_statement.items():
        first = _reference_row(rows)
        ordered = sorted(rows, key=lambda r: (r is not first, r["published"] is None, r["published"] or 0, r["quote_id"]))
        reference: dict[str, tuple[dict[str, Any], list[Measure]]] = {}
        for r in ordered:
            for dim in {m.dimension for m in measures[r["quote_id"]]}:
                reference.setdefault(dim, (r, [m for m in measures[r["quote_id"]] if m.dimension == dim]))
        groups: dict[str, tuple[list[dict[str, Any]], Measure, dict[str, Any], list[Measure]]] = {}
        for r in ordered:
            for m in measures[r["quote_id"]]:
                ref_row, ref_measures = reference[m.dimension]
                if ref_row is r or any(agree(m, ref) for ref in ref_measures):
                    continue
                key = re.sub(r"\s+", " ", m.text.lower())
                groups.setdefault(key, ([], m, ref_row, ref_measures))[0].append(r)
                flagged_ids.add(r["quote_id"])
        for flagged, m, ref_row, ref_measures in groups.values():
            refs = " / ".join(f"\u201c{x.text}\u201d" for x in ref_measures)
            detail = (f"\u201c{m.text}\u201d ({_where(flagged)}, {in_reference_unit(m)}) disagrees with {refs} "
                      f"({ref_row['outlet'] or '(unknown)'}, {in_reference_unit(ref_measures[0])})")
            found.append(_finding(sid, "number", flagged[0]["speaker_id"], flagged, ref_row, detail))
    return found, flagged_ids


def _role_findings(q: pl.DataFrame) -> tuple[list[dict[str, Any]], set[str]]:
    """Former-versus-current role conflicts per speaker. The registry role, when it says
    either way, decides which side is wrong; otherwise the minority side (ties: the side
    that drops "former", the usual slip)."""
    found, flagged_ids = [], set()
    described = q.filter(pl.col("role").is_not_null())
    for (speaker_id,), frame in described.group_by(["speaker_id"], maintain_order=True):
        rows = frame.to_dicts()
        former = {r["role"]: bool(FORMER_RE.search(r["role"])) for r in rows}
        if len(set(former.values())) < 2:
            continue
        registry_role = rows[0]["speaker_role"]
        if registry_role and ROLE_NOUNS_RE.search(registry_role):
            wrong = not FORMER_RE.search(registry_role)
        else:
            counts = Counter(former[r["role"]] for r in rows)
            wrong = counts[True] < counts[False]
        right_roles = [role for role, f in former.items() if f != wrong]
        for role in sorted({r["role"] for r in rows if former[r["role"]] == wrong}):
            clash = [o for o in right_roles if _content_words(o) & _content_words(role)]
            if not clash:
                continue
            flagged = [r for r in rows if r["role"] == role]
            reference = next(r for r in rows if r["role"] == clash[0])
            flagged_ids.update(r["quote_id"] for r in flagged)
            name = rows[0]["speaker_name"] or rows[0]["speaker"] or speaker_id
            detail = (f"{name} described as \u201c{role}\u201d ({_where(flagged)}) but as \u201c{clash[0]}\u201d "
                      f"({_where(r for r in rows if r['role'] == clash[0])})"
                      + (f"; registry role: {registry_role}" if registry_role else ""))
            found.append(_finding(flagged[0]["statement_id"], "role", speaker_id, flagged, reference, detail))
    return found, flagged_ids


# ---------------------------------------------------------------- scores


def _quote_consistency() -> pl.Expr:
    penalty = (
        pl.col("variant").replace_strict(VARIANT_PENALTY, default=0.0, return_dtype=pl.Float64)
        + pl.col("attribution").replace_strict(ATTRIBUTION_PENALTY, default=0.0, return_dtype=pl.Float64)
        + NUMBER_PENALTY * pl.col("number_conflict").cast(pl.Float64)
        + ROLE_PENALTY * pl.col("role_conflict").cast(pl.Float64)
    )
    score = (100 * pl.max_horizontal(pl.lit(0.0), 1 - penalty)).round(1)
    return pl.when(pl.col("statement_id").is_not_null()).then(score).alias("consistency")


def _statement_rollup(q: pl.DataFrame) -> pl.DataFrame:
    inq = q.filter(pl.col("statement_id").is_not_null())
    once = inq.unique(subset=["statement_id", "syndication_group", "text"], keep="first", maintain_order=True)
    first = (
        inq.sort(["published", "quote_id"], nulls_last=True)
        .group_by("statement_id", maintain_order=True)
        .agg(first_outlet=pl.col("outlet").first(), first_published=pl.col("published").first())
    )
    counts = inq.group_by("statement_id").agg(
        n_quotes=pl.len(),
        n_articles=pl.col("article_id").n_unique(),
        n_independent=pl.col("syndication_group").n_unique(),
        n_outlets=pl.col("outlet").drop_nulls().n_unique(),
        outlets=pl.col("outlet").drop_nulls().unique().sort(),
        speaker_ids=pl.col("speaker_id").drop_nulls().unique().sort(),
        **{f"n_{v}": (pl.col("variant") == v).sum() for v in ("exact", "cosmetic", "truncated", "altered", "paraphrase")},
        n_misattributed=(pl.col("attribution") == "misattributed").sum(),
        n_generic=(pl.col("attribution") == "generic").sum(),
        n_number_conflicts=pl.col("number_conflict").sum(),
    )
    score = once.group_by("statement_id").agg(consistency_score=pl.col("consistency").mean().round(1))
    return counts.join(first, on="statement_id", how="left").join(score, on="statement_id", how="left").with_columns(
        n_syndicated=pl.col("n_articles") - pl.col("n_independent")
    )


def _outlet_rollup(q: pl.DataFrame, statements: pl.DataFrame) -> pl.DataFrame:
    shared = statements.filter(pl.col("n_independent") >= MIN_INDEPENDENT_ARTICLES).select("statement_id")
    firsts = statements.group_by(pl.col("first_outlet").alias("outlet")).agg(n_first_reports=pl.len())
    flagged = q.with_columns(pl.col("outlet").fill_null("(unknown)"))
    base = flagged.group_by("outlet").agg(
        n_role_conflicts=pl.col("role_conflict").sum(),
    )
    compared = flagged.join(shared, on="statement_id", how="semi").group_by("outlet").agg(
        n_compared_quotes=pl.len(),
        **{f"n_{v}": (pl.col("variant") == v).sum() for v in ("altered", "truncated", "paraphrase", "cosmetic")},
        n_misattributed=(pl.col("attribution") == "misattributed").sum(),
        n_generic=(pl.col("attribution") == "generic").sum(),
        n_number_conflicts=pl.col("number_conflict").sum(),
        consistency_score=pl.col("consistency").mean().round(1),
    )
    return (
        base.join(compared, on="outlet", how="left")
        .join(firsts, on="outlet", how="left")
        .with_columns(pl.exclude("outlet", "consistency_score").fill_null(0))
    )


def consistency(q: pl.DataFrame) -> Consistency:
    """Everything above for one joined quotes frame (see ``audit.score.score``)."""
    q, measures = quote_columns(_with_accepted_speakers(q))
    # a vague credit is a conflict only where another rendering names a registry speaker
    named_elsewhere = (pl.col("attribution") == "correct").any().over("statement_id") & pl.col(
        "ref_speaker_name"
    ).is_not_null()
    q = q.with_columns(
        attribution=pl.when((pl.col("attribution") == "generic") & ~named_elsewhere)
        .then(pl.lit("unknown")).otherwise(pl.col("attribution"))
    )
    by_statement: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in q.filter(pl.col("statement_id").is_not_null()).iter_rows(named=True):
        by_statement[row["statement_id"]].append(row)
    numbers, number_ids = _number_findings(by_statement, measures)
    roles, role_ids = _role_findings(q)
    findings = _wording_findings(by_statement) + _attribution_findings(by_statement) + numbers + roles
    q = q.with_columns(
        number_conflict=pl.col("quote_id").is_in(list(number_ids)),
        role_conflict=pl.col("quote_id").is_in(list(role_ids)),
    ).with_columns(_quote_consistency())
    conflicts = pl.DataFrame(findings, schema=CONFLICT_SCHEMA)
    statements = _statement_rollup(q)
    return Consistency(quotes=q, conflicts=conflicts, statements=statements, outlets=_outlet_rollup(q, statements))
