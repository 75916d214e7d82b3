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
  rounding tolerance (``audit.lang.numbers``);
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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

import polars as pl

from audit.lang.names import SPOKESPERSON
from audit.lang.numbers import Conversion, Measure, agree, conversions, extract_numbers, in_reference_unit, same_thing
from audit.lang.words import sentences
from audit.score.authority import DISPUTED, PRONOUNS, across_outlets, decide, describe, unsure_credit
from audit.score.confidence import LINEAGE_MIN, assess, lineage
from audit.score.context import sentence_span
from audit.score.drift import diff_ops, drift, format_diff
from audit.score.facts import display, proper_names
from audit.score.lineage import PRINTED_KINDS, Departure, copied_from, departure
from audit.score.standing import standing_findings

if TYPE_CHECKING:
    from polars._typing import PolarsDataType

VARIANT_PENALTY: dict[str, float] = {
    "root": 0.0, "exact": 0.0, "cosmetic": 0.05, "truncated": 0.1, "paraphrase": 0.1, "altered": 0.6,
}
"""Wording drift cost; ``altered`` (words changed inside quote marks) is the serious one."""

ATTRIBUTION_PENALTY: dict[str, float] = {"correct": 0.0, "unknown": 0.0, "generic": 0.3, "misattributed": 1.0}
"""Crediting a statement to the wrong speaker voids the rendering; a vague credit costs less.
``unknown`` (no speaker found, e.g. a continued quote) is the extractor's gap, not the outlet's."""

NUMBER_PENALTY = 0.6
"""A figure that no unit conversion or rounding reconciles with the reference."""

INTERNAL_FIGURES_PENALTY = 0.3
"""A figure printed with a conversion that contradicts it ("2,000 sq km (700 sq miles)"):
the statement's own figure may be right, but a reader who takes the other unit is misled."""

ROLE_PENALTY = 0.2
"""A speaker's role described differently from the registry and other outlets."""

MIN_INDEPENDENT_ARTICLES = 2
"""A statement needs this many independent articles before outlets are compared on it."""


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

POSTMODIFIER_WORDS = frozenset({"in", "of", "at", "for", "from", "who", "which", "that", "with", "on", "to", "close",
                                "familiar", "involved", "said", "says"})
"""Words after which a mention's noun phrase goes on to describe its head ("the company in
charge of ...", "officials familiar with ..."): the head is the word before."""


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def _vague_heads() -> frozenset[str]:
    """Head nouns that name no one: the extractor's unnamed sources, bodies and collective
    credits (``audit.extract.resolve``; read there, once, so the lists stay one)."""
    from audit.extract.resolve import ANONYMOUS_NOUNS, GENERIC_HEADS, ORG_NOUNS

    return ANONYMOUS_NOUNS | ORG_NOUNS | GENERIC_HEADS


def _head_phrase(mention: str | None) -> list[str]:
    """A credit's noun phrase up to its head: the words before any postmodifier ("the
    company in charge of ...", "a firm working to ...", "CNN President on Trump")."""
    tokens = re.findall(r"[\w'’-]+|,", mention or "")
    phrase: list[str] = []
    for k, tok in enumerate(tokens):
        participle = tok.lower().endswith("ing") and bool(phrase) and phrase[-1].lower() in _vague_heads()
        if tok == "," or (k and (tok.lower() in POSTMODIFIER_WORDS or participle)):
            break  # "a firm working to ...", not "the shipping firm"
        phrase.append(tok)
    return phrase


def describes_no_one(mention: str | None) -> bool:
    """Whether a credit is a description that names no one: its head noun (the word before
    any postmodifier) is an unnamed source, a body or a collective ("officials",
    "Egyptian authorities", "the Dutch salvage firm", "a company working to free the
    ship") printed in lower case, so not part of a name ("the Suez Canal Authority"). An
    outlet crediting a named person's words so is a vague credit, resolved or not."""
    phrase = _head_phrase(mention)
    if not phrase:
        return False
    head = phrase[-1]
    return (head.islower() or len(phrase) == 1) and head.lower() in _vague_heads()


def describes_a_person(mention: str | None) -> bool:
    """Whether a credit the extractor filed as a body is a description of one person: its
    head is a role noun ("CNN President", the extractor's ``ROLE_NOUNS``) or a common noun
    in lower case that is no body, source or collective ("the Republican candidate", "the
    Democratic front-runner", "the Florida law professor"). Such a description refers back
    to the person the article names (on PolNeAR 4 of the 17 vague credits of a body were
    such descriptions of the very speaker, none a vague credit), so it is the extractor's
    unresolved reference, not the outlet's vague sourcing."""
    from audit.extract.resolve import ROLE_NOUNS

    phrase = _head_phrase(mention)
    if len(phrase) < 2:
        return False  # a bare name ("Bloomberg") or pronoun
    head = phrase[-1].lower()
    if head in _vague_heads():
        return False
    return head in ROLE_NOUNS or phrase[-1].islower()


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


CONFLICT_SCHEMA: dict[str, PolarsDataType] = {
    "statement_id": pl.String,
    "kind": pl.String,
    "speaker_id": pl.String,
    "quote_ids": pl.List(pl.String),
    "outlets": pl.List(pl.String),
    "detail": pl.String,
    "deviating_quote_id": pl.String,
    "deviating_article_id": pl.String,
    "deviating_outlet": pl.String,
    "against": pl.String,
    "reference_quote_id": pl.String,
    "reference_outlet": pl.String,
    "expected": pl.String,
    "found": pl.String,
    "message": pl.String,
    "support": pl.Int64,
}
"""One row per deviating rendering (``deviating_*``), compared ``against`` the verified
``reference``, the ``primary`` source, the ``majority`` of independent renderings, the
``earliest`` rendering, or ``itself`` (its own conversion); a ``disputed`` row names no
deviating rendering and lists every side in ``quote_ids``/``outlets``."""


def syndication_key(text: str) -> str:
    """Articles with the same letters and digits in the same order are one story
    syndicated under several outlets (wire copy), whatever the spacing or quote marks."""
    return hashlib.sha256(re.sub(r"\W+", "", text.casefold()).encode()).hexdigest()[:16]


def syndication_groups(articles: pl.DataFrame) -> pl.DataFrame:
    """``article_id`` -> ``syndication_group`` (the smallest article_id sharing its key)."""
    keyed = articles.select("article_id", key=pl.col("text").map_elements(syndication_key, return_dtype=pl.String))
    return keyed.with_columns(syndication_group=pl.col("article_id").min().over("key")).drop("key")


# ---------------------------------------------------------------- per-quote columns


def _figures(row: dict[str, Any]) -> tuple[list[Measure], list[Conversion], int]:
    """Figures in the quote, and for reported speech in its sentence as well ("advanced
    about 30 miles" often stands outside a quoted fragment); the conversions printed with
    them ("2,000 sq km (772 sq mi)"); and the offset in the article the scanned text
    starts at. A figure's printed conversion is not a figure of its own: it is checked
    against its figure (``internal-figures``), not against other renderings."""
    if row["kind"] == "direct" or not row["text_article"]:
        text, base = row["text"], row["start"] or 0
    else:
        lo, hi = sentence_span(row["text_article"], row["start"], row["end"])
        text, base = row["text_article"][lo:hi], lo
    found = extract_numbers(text)
    pairs = conversions(text, found)
    seconds = {(c.second.start, c.second.end) for c in pairs}
    return [m for m in found if (m.start, m.end) not in seconds], pairs, base


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
    organisation) can be a wrong one, and only against a speaker of its own kind: a body
    credited with a person's words is a vague credit (``generic``: the canal authority for
    its chairman), a person credited with a body's words is its spokesman when the mention
    or the registry role says so (``unknown``: "ministry spokesman Igor Konashenkov");
    a credit the extractor could not resolve is
    ``unknown``, the extractor's gap rather than the outlet's, and so is a credit that is
    no evidence: a rendering too short to tell one speaker's words from another's, or a
    bare pronoun the extractor resolved (:func:`audit.score.authority.unsure_credit`)."""
    if row["statement_id"] is None:
        return "unknown"
    if unsure_credit(row):
        # Too short to vote on who said it, but a short excerpt filed with a named speaker's
        # statement and credited only to a vague body ("human error", said Egyptian
        # authorities) is still a vague credit: a sourcing note, not a wrong speaker.
        vague = (row["speaker_kind"] in ("anonymous", "generic") or describes_no_one(row["mention"])) and row.get(
            "ref_speaker_kind") == "person"
        return "generic" if vague and (row["mention"] or "").strip().lower() not in PRONOUNS else "unknown"
    ref, spk = row["ref_speaker"], row["speaker_id"]
    if ref is None:
        return "correct" if spk is not None else "unknown"
    if spk == ref or row["outer_speaker"] == ref or spk in (row["accepted_speakers"] or ()):
        generic = GENERIC_MENTION_RE.match(re.sub(r"['’]s$", "", (row["mention"] or "").strip()))
        return "generic" if generic else "correct"
    if row["speaker_kind"] in ("anonymous", "generic"):  # "a source", "British intelligence", "officials"
        return "generic"
    if spk is None and row.get("ref_speaker_kind") == "person" and describes_no_one(row["mention"]):
        return "generic"  # unresolved, but a description naming no one ("the Dutch salvage firm")
    if spk is None or row["speaker_kind"] not in ("person", "organisation"):
        return "unknown"
    ref_kind = row.get("ref_speaker_kind")
    if ref_kind == "person" and row["speaker_kind"] == "organisation":
        if describes_a_person(row["mention"]):
            return "unknown"  # "the Republican candidate": the person, unresolved
        return "generic"  # a body credited with its officer's words ("the canal authority said")
    if ref_kind == "organisation" and row["speaker_kind"] == "person" and _SPEAKS_FOR_RE.search(
            f"{row['mention'] or ''} {row.get('speaker_role') or ''}"):
        return "unknown"  # the body's spokesman: the body's words in the mouth that speaks for it
    return "misattributed"


_SPEAKS_FOR_RE = re.compile(rf"\b(?:{SPOKESPERSON})\b", re.IGNORECASE)


def _with_accepted_speakers(q: pl.DataFrame) -> pl.DataFrame:
    """Add ``accepted_speakers``: per statement, the speakers its reference speaker is
    quoted as quoting (quotes nested in one of the reference speaker's quotes)."""
    accepted = (
        q.filter(pl.col("statement_id").is_not_null() & (pl.col("outer_speaker") == pl.col("ref_speaker")))
        .group_by("statement_id")
        .agg(accepted_speakers=pl.col("speaker_id").drop_nulls().unique().sort())
    )
    return q.join(accepted, on="statement_id", how="left")


def quote_columns(q: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, list[Measure]], dict[str, list[Conversion]]]:
    """Add ``variant``, ``diff``, ``attribution``, ``figures``, ``role`` and the facts a
    paraphrase is checked on (``names``, ``reference_figures``, ``reference_names``,
    ``display``) to each quote; return the figures compared across renderings and the
    failed own conversions, by quote_id (a sentence two quotes share is flagged once)."""
    variants: list[str | None] = []
    diffs: list[str | None] = []
    attribution, figures, roles = [], [], []
    names, ref_figures, ref_names, displays = [], [], [], []
    measures: dict[str, list[Measure]] = {}
    own: dict[str, list[Conversion]] = {}
    seen_pairs: set[tuple[str, int]] = set()
    for row in q.iter_rows(named=True):
        if row["statement_id"] is None:
            variants.append(None)
            diffs.append(None)
        elif row["verified_id"] is None and row["quote_id"] == (row["wording_witness"] or row["root_quote_id"]):
            variants.append("root")
            diffs.append("")
        else:
            d = drift(row["reference_text"], row["text"], row["kind"])
            variants.append(d.variant)
            diffs.append(d.diff)
        attribution.append(_attribution(row))
        found, pairs, base = _figures(row)
        measures[row["quote_id"]] = found
        for c in pairs:
            key = (row["article_id"], base + c.first.start)
            if not c.holds and key not in seen_pairs:
                seen_pairs.add(key)
                own.setdefault(row["quote_id"], []).append(c)
        figures.append([m.text for m in found] + [c.second.text for c in pairs])
        roles.append(_role_phrase(row) if row["speaker_kind"] == "person" and row["speaker_id"] else None)
        names.append(list(proper_names(row["text"] or "")))
        reference = row["reference_text"] if row["statement_id"] is not None else None
        ref_figures.append([m.text for m in extract_numbers(reference)] if reference else None)
        ref_names.append(list(proper_names(reference)) if reference else None)
        displays.append(display(variants[-1], row["similarity"]))
    return (
        q.with_columns(
            pl.Series("variant", variants, dtype=pl.String),
            pl.Series("diff", diffs, dtype=pl.String),
            pl.Series("attribution", attribution, dtype=pl.String),
            pl.Series("figures", figures, dtype=pl.List(pl.String)),
            pl.Series("role", roles, dtype=pl.String),
            pl.Series("names", names, dtype=pl.List(pl.String)),
            pl.Series("reference_figures", ref_figures, dtype=pl.List(pl.String)),
            pl.Series("reference_names", ref_names, dtype=pl.List(pl.String)),
            pl.Series("display", displays, dtype=pl.String),
        ),
        measures,
        own,
    )


# ---------------------------------------------------------------- findings


def _date_key(r: dict[str, Any]) -> tuple[Any, ...]:
    return (r["published"] is None, r["published"] or 0, r["quote_id"])


def _outlet(r: dict[str, Any] | None) -> str | None:
    return None if r is None else (r["outlet"] or "(unknown)")


def _finding(statement_id: str | None, kind: str, speaker_id: str | None, row: dict[str, Any] | None,
             against: str | None, reference: dict[str, Any] | None, *, detail: str, message: str,
             expected: str | None, found: str | None,
             involved: list[dict[str, Any]] | None = None, support: int | None = None) -> dict[str, Any]:
    """One conflict row. ``row`` is the deviating rendering (``None`` for a disputed
    conflict, where ``involved`` holds every side); ``reference`` the rendering it was
    compared with, if any. ``quote_ids``: the flagged quotes in date order, then the
    reference quote; ``outlets``: the flagged quotes' outlets."""
    flagged = sorted(involved if involved is not None else [row] if row else [], key=_date_key)
    ids = [r["quote_id"] for r in flagged]
    if reference is not None and reference["quote_id"] not in ids:
        ids.append(reference["quote_id"])
    return {
        "statement_id": statement_id, "kind": kind, "speaker_id": speaker_id, "quote_ids": ids,
        "outlets": sorted({_outlet(r) for r in flagged}), "detail": detail,
        "deviating_quote_id": row and row["quote_id"], "deviating_article_id": row and row["article_id"],
        "deviating_outlet": _outlet(row), "against": against,
        "reference_quote_id": reference and reference["quote_id"], "reference_outlet": _outlet(reference),
        "expected": expected, "found": found, "message": message, "support": support,
    }


def _disputed(statement_id: str, kind: str, speaker_id: str | None, involved: list[dict[str, Any]], *,
              detail: str, claim: str, verified: str, question: str) -> dict[str, Any]:
    """A ``disputed`` conflict: renderings disagree and no authority decides between them, so
    every side is flagged and the message says what would have decided (the same order of
    authorities for wording, credits and figures)."""
    return _finding(statement_id, kind, speaker_id, None, DISPUTED, None, detail=detail,
                    message=f"{claim} and nothing (verified {verified}, primary source, majority, earlier date) "
                            f"says {question}",
                    expected=None, found=None, involved=involved)


_REFERENCE_RANK = {"root": 0, "exact": 1, "cosmetic": 2}


def _reference_row(rows: list[dict[str, Any]], witness: str | None = None) -> dict[str, Any] | None:
    """The rendering others are compared with: the decided one (``witness``), else the
    earliest exact, then cosmetic rendering credited to the right speaker (when the
    verified words are the reference), else none."""
    if witness is not None:
        return next((r for r in rows if r["quote_id"] == witness), None)
    best = min(rows, key=lambda r: (_REFERENCE_RANK.get(r["variant"], 9), r["attribution"] != "correct",
                                    *_date_key(r)))
    return best if best["variant"] in _REFERENCE_RANK else None


def _where(rows: Iterable[dict[str, Any]]) -> str:
    return ", ".join(sorted({r["outlet"] or "(unknown)" for r in rows}))


def _authority(rows: list[dict[str, Any]], aspect: str, reference: dict[str, Any] | None) -> str:
    first = rows[0]
    return describe(first[f"{aspect}_against"], reference, first.get(f"{aspect}_support") or 0, first["verified_id"])


RENDERINGS_ONLY = frozenset({"majority", "earliest"})
"""Authorities of a wording that rest on outlets' renderings alone (no verified reference, no
primary source). Against them a changed quote is judged in its own lineage first when the
decided wording's witness is not a copy of its story and another rendering is
(:func:`audit.score.lineage.copied_from`): the copy is the text it was changed from, and a
majority of independently written renderings is not."""


def _wording_findings(by_statement: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One ``wording`` conflict per rendering printed as a quote with words changed
    against the statement's decided wording; one ``disputed`` conflict per statement
    whose printed wordings nothing decides between. Where the whole wording is disputed,
    or the decided one is another translation (fewer than ``LINEAGE_MIN`` of the words
    shared), a quote whose change is contradicted word for word by independent renderings
    is still named (:mod:`audit.score.lineage`)."""
    found = []
    spanning = spanning_renderings(by_statement)
    for sid, rows in by_statement.items():
        altered = sorted((r for r in rows if r["variant"] == "altered"), key=_date_key)
        if not altered:
            continue
        against = rows[0]["wording_against"]
        decided = not (against == DISPUTED or against is None)
        by_change = {}
        witnesses = rows + spanning.get(sid, [])
        witness = _reference_row(rows, rows[0]["wording_witness"]) if against in RENDERINGS_ONLY else None
        for r in altered:
            if (not decided or lineage(r["text"], r["reference_text"]) < LINEAGE_MIN
                    or (witness is not None and not copied_from(r, [witness], LINEAGE_MIN)
                        and copied_from(r, witnesses, LINEAGE_MIN))):
                gone = departure(r, witnesses, LINEAGE_MIN)
                if gone is not None:
                    by_change[r["quote_id"]] = gone
                    found.append(_departure_finding(sid, r, gone))
        altered = [r for r in altered if r["quote_id"] not in by_change]
        if not decided:
            root = next((r for r in rows if r["quote_id"] == r["root_quote_id"]), None)
            sides = altered + ([root] if root is not None else [])
            if not altered or not across_outlets(sides):
                continue
            texts = " / ".join(f"\u201c{r['text']}\u201d ({_outlet(r)})" for r in sorted(sides, key=_date_key))
            found.append(_disputed(
                sid, "wording", altered[0]["speaker_id"], sides, detail=f"printed as a quote in different words: {texts}",
                claim=f"{_where(sides)} print different words inside quote marks", verified="wording",
                question=f"which is right: {texts}"))
            continue
        reference = _reference_row(rows, rows[0]["wording_witness"])
        authority = _authority(rows, "wording", reference)
        for r in altered:
            found.append(_finding(
                sid, "wording", r["speaker_id"], r, against, reference,
                detail=f"printed as a quote with words changed ({_outlet(r)}): {r['diff']}",
                message=f"{_outlet(r)} prints changed words inside quote marks, against {authority}: {r['diff']}",
                expected=r["reference_text"], found=r["text"], support=rows[0].get("wording_support")))
    return found


def spanning_renderings(by_statement: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Per statement of a later sentence of a quotation (``audit.link.lead.split_later_excerpts``
    files the excerpts of sentence k of statement P's root under the id derived from
    ``P#k``), the printed renderings left in P that hold that sentence too. They are
    renderings of it as much as of the lead (the gold lists both statements), and an
    excerpt's copies of one wire story often print the whole passage ("It would seem like
    it. I met with our generals ..."): without them a changed excerpt is compared with
    independently written excerpts only. Witnesses for :func:`departure`, never members:
    nothing is counted or blamed in the excerpt's statement on their account."""
    from audit.lang.normalise import normalise
    from audit.match import statement_id_of
    from audit.match.renders import EXCERPT_MIN, render_score

    out: dict[str, list[dict[str, Any]]] = {}
    children = {sid for sid, rows in by_statement.items() if any(r.get("link_stage") == "excerpt" for r in rows)}
    if not children:
        return out  # no excerpt statement: nothing to witness (most runs; keeps scoring linear and cheap)
    for sid, rows in by_statement.items():
        root = next((r for r in rows if r["quote_id"] == r["root_quote_id"]), None)
        parts = sentences(root["text"] or "") if root is not None else []
        if len(parts) < 2:
            continue
        printed = [(r, normalise(r["text"] or "")) for r in rows if r["kind"] in PRINTED_KINDS]
        for k, part in enumerate(parts[1:], start=1):
            child = statement_id_of(f"{sid}#{k}")
            if child not in children:
                continue
            norm = normalise(part)
            held = [r for r, text in printed if render_score(norm, text, whole=False)[0] >= EXCERPT_MIN]
            if held:
                out[child] = held
    return out


def _departure_finding(sid: str, r: dict[str, Any], gone: Departure) -> dict[str, Any]:
    """The ``wording`` conflict of a quote whose change independent renderings contradict:
    compared with its closest copy, on the authority of the renderings printing its words."""
    diff = format_diff(diff_ops(gone.closest["text"], r["text"]))
    return _finding(
        sid, "wording", r["speaker_id"], r, "majority", gone.closest,
        detail=f"printed as a quote with words changed ({_outlet(r)}) against {_outlet(gone.closest)}: {diff}",
        message=(f"{_outlet(r)} prints \u201c{gone.ours}\u201d inside quote marks where {gone.support} independent "
                 f"renderings, e.g. {_outlet(gone.closest)}, print \u201c{gone.theirs}\u201d: {diff}"),
        expected=gone.closest["text"], found=r["text"], support=gone.support)


def _attribution_findings(by_statement: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One ``attribution`` conflict per rendering credited to another named speaker than
    the one the statement was decided to be by, or only vaguely; one ``disputed`` conflict
    per statement credited to several speakers that nothing decides between."""
    found = []
    for sid, rows in by_statement.items():
        first = rows[0]
        against = first["attribution_against"]
        if against == DISPUTED:
            named = sorted((r for r in rows if r["speaker_id"] and r["speaker_kind"] in ("person", "organisation")),
                           key=_date_key)
            credits = defaultdict(list)
            for r in named:
                credits[r["speaker"] or r["speaker_id"]].append(r)
            text = "; ".join(f"{name} ({_where(rs)})" for name, rs in sorted(credits.items()))
            found.append(_disputed(
                sid, "attribution", None, named, detail=f"credited to different speakers: {text}",
                claim=f"renderings credit different speakers ({text})", verified="statement", question="who said it"))
            continue
        ref_name = first["ref_speaker_name"] or first["ref_speaker"]
        reference = _reference_row(rows, first["attribution_witness"]) if against != "reference" else None
        authority = _authority(rows, "attribution", reference)
        for r in sorted(rows, key=_date_key):
            if r["attribution"] == "misattributed":
                name = r["speaker"] or r["speaker_id"]
                detail = f"credited to {name} ({_outlet(r)}) but said by {ref_name}"
                message = f"{_outlet(r)} credits {name}; {ref_name} said it, according to {authority}"
                speaker, credited = r["speaker_id"], name
            elif r["attribution"] == "generic":
                credited = r["mention"] or "an anonymous source"
                detail = f"credited only to \u201c{credited}\u201d ({_outlet(r)}) instead of {ref_name}"
                message = (f"{_outlet(r)} credits only \u201c{credited}\u201d; {ref_name} said it, according to "
                           f"{authority}")
                speaker = None
            else:
                continue
            kind = "vague-credit" if r["attribution"] == "generic" else "attribution"
            found.append(_finding(sid, kind, speaker, r, against, reference, detail=detail,
                                  message=message, expected=ref_name, found=credited,
                                  support=first.get("attribution_support")))
    return found


def _compared_figures(row: dict[str, Any], measures: dict[str, list[Measure]], dimension: str) -> list[Measure]:
    """A rendering's figures of one dimension, without the conversions it prints in
    brackets (those are checked against their own figure: ``internal-figures``)."""
    return [m for m in measures[row["quote_id"]] if m.dimension == dimension]


def _number_findings(by_statement: dict[str, list[dict[str, Any]]],
                     measures: dict[str, list[Measure]]) -> tuple[list[dict[str, Any]], set[str]]:
    """Per statement and dimension, the figure the statement was decided to give
    (verified words, primary source, majority, earliest: ``audit.score.authority``); one
    ``number`` conflict per rendering and figure that agrees with none of it, or one
    ``disputed`` conflict when single figures disagree and nothing decides."""
    found, flagged_ids = [], set()
    for sid, rows in by_statement.items():
        dims = sorted({m.dimension for r in rows for m in measures[r["quote_id"]]})
        verified = rows[0]["verified_id"] is not None
        for dim in dims:
            ref_measures = [m for m in extract_numbers(rows[0]["reference_text"] or "") if m.dimension == dim] \
                if verified else []
            decision = decide(rows, partial(_compared_figures, measures=measures, dimension=dim), agree,
                              reference=tuple(ref_measures) or None)
            if decision is None:
                singles = [r for r in rows if len(_compared_figures(r, measures, dim)) == 1]
                figs = {r["quote_id"]: _compared_figures(r, measures, dim)[0] for r in singles}
                if len(singles) == sum(1 for r in rows if _compared_figures(r, measures, dim)) and across_outlets(
                        singles) and any(not agree(figs[a["quote_id"]], figs[b["quote_id"]]) for a in singles for b in singles):
                    text = "; ".join(f"\u201c{figs[r['quote_id']].text}\u201d ({_outlet(r)}, "
                                     f"{in_reference_unit(figs[r['quote_id']])})" for r in sorted(singles, key=_date_key))
                    found.append(_disputed(
                        sid, "number", rows[0]["speaker_id"], singles, detail=f"figures disagree: {text}",
                        claim=f"renderings give figures that disagree ({text})", verified="statement",
                        question="which is right"))
                continue
            witness = decision.witness
            refs = (list(decision.value) if decision.against == "reference" or witness is None  # None: the reference
                    else _compared_figures(witness, measures, dim))
            authority = describe(decision.against, witness, decision.support, rows[0]["verified_id"])
            tally = _tally(rows, measures, dim) if decision.against != "reference" else None
            for r in sorted(rows, key=_date_key):
                if witness is not None and r["quote_id"] == witness["quote_id"]:
                    continue
                seen = set()
                for m in _compared_figures(r, measures, dim):
                    key = re.sub(r"\s+", " ", m.text.lower())
                    if key in seen:
                        continue
                    theirs = [x for x in refs if same_thing(m, x)]
                    if not theirs:
                        continue  # the decided figures count other things ("300 vessels", "160 ships")
                    against, by, support = decision.against, witness, decision.support
                    if any(agree(m, x) for x in theirs):
                        outvoted = _outvoted(m, r, tally) if tally is not None else None
                        if outvoted is None:
                            continue
                        against, by, support = "majority", outvoted[0], outvoted[1]
                        theirs = [x for x in _compared_figures(by, measures, dim) if same_thing(m, x) and not agree(m, x)]
                    seen.add(key)
                    flagged_ids.add(r["quote_id"])
                    said = " / ".join(f"\u201c{x.text}\u201d" for x in theirs)
                    source = describe(against, by, support, rows[0]["verified_id"]) if by is not witness else authority
                    found.append(_finding(
                        sid, "number", r["speaker_id"], r, against, by,
                        detail=(f"\u201c{m.text}\u201d ({_outlet(r)}, {in_reference_unit(m)}) disagrees with {said} "
                                f"({_outlet(by) if by else 'verified'}, {in_reference_unit(theirs[0])})"),
                        message=(f"{_outlet(r)} gives \u201c{m.text}\u201d ({in_reference_unit(m)}); {source} "
                                 f"gives {said} ({in_reference_unit(theirs[0])})"),
                        expected=" / ".join(x.text for x in theirs), found=m.text, support=support))
    return found, flagged_ids


MIN_OUTVOTING = 2
"""Independent renderings that must contradict a figure before it is flagged although the
decided figure bears it out (:func:`_outvoted`): one outlet against one is no majority."""


def _tally(rows: list[dict[str, Any]], measures: dict[str, list[Measure]],
           dimension: str) -> list[tuple[Measure, set[Any], dict[str, Any]]]:
    """A statement's distinct figures of one dimension, each with the independent groups
    printing it and its earliest rendering: :func:`_outvoted` then works per distinct value,
    not per pair of renderings (wire copy repeats values; a statement of thousands of
    renderings holds few)."""
    by_value: dict[tuple[float, float], tuple[Measure, set[Any], dict[str, Any]]] = {}
    for other in sorted(rows, key=_date_key):
        group = other.get("syndication_group") or other["article_id"]
        for x in _compared_figures(other, measures, dimension):
            by_value.setdefault((x.low, x.high), (x, set(), other))[1].add(group)
    return list(by_value.values())


def _outvoted(m: Measure, row: dict[str, Any],
              tally: list[tuple[Measure, set[Any], dict[str, Any]]]) -> tuple[dict[str, Any], int] | None:
    """The earliest rendering and the count of independent renderings (syndicated copies
    once, the figure's own article's group left out) that contradict figure ``m`` of
    ``row`` (none of their figures of its dimension agrees with it), when they are at least
    ``MIN_OUTVOTING`` and more than those bearing it out; else ``None``. ``tally``: the
    statement's figures of ``m``'s dimension (:func:`_tally`).

    Why: the decided figure is the value with the widest support, and a value that is
    ambiguous ("2,750 tons": short, metric or long) bears out more than the others do, so it
    wins and bears out a figure every precise rendering contradicts ("over 2,400 tonnes"
    where four independent outlets print "2,750 tonnes"). Counting who contradicts the
    figure itself, not only whether the winner does, keeps that figure in view (Beirut;
    nothing on Ever Given changes)."""
    own = row.get("syndication_group") or row["article_id"]
    tally = [(x, groups, r) for x, groups, r in tally if same_thing(m, x)]
    bearing = set().union(*(groups for x, groups, _ in tally if agree(m, x))) - {own}
    contra = set().union(*(groups for _, groups, _ in tally)) - bearing - {own}
    if len(contra) < MIN_OUTVOTING or len(contra) <= len(bearing):
        return None
    first = min((r for x, groups, r in tally if groups & contra and not agree(m, x)), key=_date_key)
    return first, len(contra)


def _internal_findings(q: pl.DataFrame,
                       own: dict[str, list[Conversion]]) -> tuple[list[dict[str, Any]], set[str]]:
    """One ``internal-figures`` conflict per figure printed with a conversion that does
    not hold ("2,000 sq km (700 sq miles)"), whatever other renderings say."""
    found, flagged_ids = [], set()
    rows = {r["quote_id"]: r for r in q.filter(pl.col("quote_id").is_in(list(own))).iter_rows(named=True)}
    for qid, bad in own.items():
        r = rows[qid]
        for c in bad:
            flagged_ids.add(qid)
            printed = f"{c.first.text} ({c.second.text})"
            found.append(_finding(
                r["statement_id"], "internal-figures", r["speaker_id"], r, "itself", None,
                detail=f"\u201c{printed}\u201d ({_outlet(r)}): {c.arithmetic}",
                message=f"{_outlet(r)} prints \u201c{printed}\u201d, which contradicts itself: {c.arithmetic}",
                expected=f"{c.exact:,.0f} {c.second.unit}" if c.exact >= 100 else f"{c.exact:.3g} {c.second.unit}",
                found=c.second.text))
    return found, flagged_ids


def _role_findings(q: pl.DataFrame) -> tuple[list[dict[str, Any]], set[str]]:
    """Former-versus-current role conflicts per speaker, one per rendering on the wrong
    side. The registry role, when it says either way, decides which side is wrong
    (``against = reference``); otherwise the side more renderings take (``majority``;
    ties: the side that drops "former", the usual slip)."""
    found, flagged_ids = [], set()
    described = q.filter(pl.col("role").is_not_null())
    for (speaker_id,), frame in described.group_by(["speaker_id"], maintain_order=True):
        rows = sorted(frame.to_dicts(), key=_date_key)
        former = {r["role"]: bool(FORMER_RE.search(r["role"])) for r in rows}
        if len(set(former.values())) < 2:
            continue
        registry_role = rows[0]["speaker_role"]
        if registry_role and ROLE_NOUNS_RE.search(registry_role):
            wrong, against = not FORMER_RE.search(registry_role), "reference"
        else:
            counts = Counter(former[r["role"]] for r in rows)
            wrong, against = counts[True] < counts[False], "majority"
        right_roles = sorted(role for role, f in former.items() if f != wrong)
        name = rows[0]["speaker_name"] or rows[0]["speaker"] or speaker_id
        for r in rows:
            if former[r["role"]] != wrong:
                continue
            clash = [o for o in right_roles if _content_words(o) & _content_words(r["role"])]
            if not clash:
                continue
            reference = next(x for x in rows if x["role"] == clash[0])
            flagged_ids.add(r["quote_id"])
            said = (f"the registry ({registry_role}) and {_outlet(reference)}" if against == "reference"
                    else f"most renderings, e.g. {_outlet(reference)},")
            detail = (f"{name} described as \u201c{r['role']}\u201d ({_outlet(r)}) but as \u201c{clash[0]}\u201d "
                      f"({_where(x for x in rows if x['role'] == clash[0])})"
                      + (f"; registry role: {registry_role}" if registry_role else ""))
            found.append(_finding(
                r["statement_id"], "role", speaker_id, r, against, reference, detail=detail,
                message=f"{_outlet(r)} describes {name} as \u201c{r['role']}\u201d; {said} say "
                        f"\u201c{clash[0]}\u201d",
                expected=clash[0], found=r["role"]))
    return found, flagged_ids


# ---------------------------------------------------------------- scores


def _quote_consistency() -> pl.Expr:
    wording = pl.col("variant").replace_strict(VARIANT_PENALTY, default=0.0, return_dtype=pl.Float64)
    disputed = (pl.col("variant") == "altered") & (pl.col("wording_against").fill_null(DISPUTED) == DISPUTED)
    penalty = (
        pl.when(disputed).then(pl.lit(0.0)).otherwise(wording)
        + pl.col("attribution").replace_strict(ATTRIBUTION_PENALTY, default=0.0, return_dtype=pl.Float64)
        + NUMBER_PENALTY * pl.col("number_conflict").cast(pl.Float64)
        + INTERNAL_FIGURES_PENALTY * pl.col("internal_conflict").cast(pl.Float64)
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
    q, measures, own = quote_columns(_with_accepted_speakers(q))
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
    counted = [qid for qid, found in measures.items() if any(m.counted for m in found)]
    for s in standing_findings(list(q.filter(pl.col("quote_id").is_in(counted)).iter_rows(named=True)), measures,
                               number_ids):
        number_ids.add(s.row["quote_id"])
        numbers.append(_finding(s.row["statement_id"], "number", s.row["speaker_id"], s.row, "majority", s.reference,
                                detail=s.detail, message=s.message, expected=s.value.text, found=s.figure.text,
                                support=s.witnesses))
    roles, role_ids = _role_findings(q)
    internal, internal_ids = _internal_findings(q, own)
    findings = _wording_findings(by_statement) + _attribution_findings(by_statement) + numbers + internal + roles
    q = q.with_columns(
        number_conflict=pl.col("quote_id").is_in(list(number_ids)),
        internal_conflict=pl.col("quote_id").is_in(list(internal_ids)),
        role_conflict=pl.col("quote_id").is_in(list(role_ids)),
    ).with_columns(_quote_consistency())
    conflicts = assess(pl.DataFrame(findings, schema=CONFLICT_SCHEMA), q)
    statements = _statement_rollup(q)
    return Consistency(quotes=q, conflicts=conflicts, statements=statements, outlets=_outlet_rollup(q, statements))
