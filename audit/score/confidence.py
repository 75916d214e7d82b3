"""How sure each finding is, why it is believed, and whether it leads the report.

A finding rests on a chain: the blamed span is speech (not a term in quote marks), it was
credited to a speaker, it was put in the statement by a stage with some probability, the
statement's right value was decided on some authority, and the two renderings compared
are comparable at all. A finding is as strong as that chain, so its ``confidence`` is the
product of one factor per link (each in ``[0, 1]``)::

    confidence = authority(against, support) x link(deviating) x link(reference)
                 x speech(deviating) x comparable(kind)

and ``status`` is ``confirmed`` when ``confidence >= CONFIRM_AT``, else ``review``. Two
pieces of evidence stand in for a weaker factor when present: two articles printing the
same text around a quote print one passage, so their link factors are 1 whatever the
matcher scored; and a vague credit's speaker named by at least two independent outlets
through strong lexical links is corroborated by them (:func:`name_corroboration`), which
replaces the decided authority when it weighs more.
Confirmed findings lead the terminal summary and the HTML report; the rest are listed
below them as "to review". ``evidence`` says in words what was compared and why it is
believed (or doubted).

Before that, the direction rules drop findings that no chain can support:

* a rendering is never judged against its own outlet's other text;
* a spelling variant of the same name is not a different speaker;
* a wording finding compares renderings of one lineage (one copy altered from another,
  so most of their words are shared): two outlets' independent translations or
  paraphrases of a statement differ in most words, and that is no misquote (they are
  compared on figures and speaker only);
* a credit to a vague body ("officials", "the canal authority") where the statement's
  speaker is named elsewhere is a sourcing finding of its own kind, ``vague-credit``, not a
  misattribution.

Every factor and threshold is a named constant below; ``docs/scoring.md`` gives the
reliability table (how many findings of each band rest on a recorded problem) measured
on the development stories, and the leave-one-story-out figures.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

import polars as pl
from rapidfuzz import fuzz

from audit.extract.speech import speech_probability
from audit.lang.names import translit_key
from audit.lang.normalise import normalise
from audit.lang.words import STOPWORD_SET
from audit.score.authority import NAMED_KINDS, PRONOUNS

if TYPE_CHECKING:
    from polars._typing import PolarsDataType

CONFIRM_AT = 0.8
"""Confidence from which a finding is ``confirmed`` (leads the report): the lowest edge of
the reliability table (``evaluate_findings.BAND_EDGES``) above which the development
stories' findings rest on a recorded problem at least 90 % of the time. Leave-one-story-
out (chosen on two of the Beirut, Ever Given and Kharkiv stories, reported on the third)
in docs/scoring.md."""

AUTHORITY_WEIGHT: dict[str, float] = {"reference": 0.97, "primary": 0.9, "itself": 0.9, "earliest": 0.45,
                                      "disputed": 0.3}
"""How far the value a rendering is compared with can be trusted, by ``against``. The
verified statement and the speaker's own channel are near-certain; an earlier date is
weak (the first report is often the hurried one); a disputed statement decides nothing.
A ``majority`` is weighed by its support (:func:`authority`)."""

MAJORITY_BASE = 0.5
"""A majority of ``n`` independent renderings weighs ``1 - MAJORITY_BASE ** n``: 0.75 for
two, 0.875 for three, 0.94 for four. One rendering is no majority (``authority.decide``
never returns one)."""

LINK_FLOOR = 0.5
"""A membership probability below this is taken as this: the stages only keep joins they
rate above one half, and a lower stored value is a similarity, not a probability."""

LINEAGE_MIN = 0.5
"""Share of the shorter rendering's content words the longer one must hold for two printed
quotes to be copies of one wording (an altered copy keeps most words; two independent
translations keep few). Below it, no wording finding."""

CONTEXT_CHARS = 300
"""Characters either side of a rendering read as its context (:func:`context`)."""

INDEPENDENT_WORDING = 0.5
"""Factor on a wording finding whose two articles share no surrounding text (written
apart) and whose wording no verified statement fixes: two outlets translating one
French or Arabic sentence differ inside the quote marks without either changing anyone's
words, so such a finding goes to review, never to the headline table."""

SAME_GIVEN_SURNAME_MIN = 75.0
"""rapidfuzz ratio of two surnames from which, under the same given name, they are one
person's name romanised two ways; a different given name never passes this way."""

SAME_NAME_MIN = 88.0
"""rapidfuzz ratio (0-100) of two credited names, folded over romanisations
(``names.translit_key``), from which they are one person spelt two ways."""

OTHER_STATEMENT = 0.5
"""Comparability of two figures in different statements of one speaker (``audit.score.standing``):
the same counted word and a value outlets repeat over days make them one quantity, but not
surely one claim. Below ``CONFIRM_AT`` whatever the rest of the chain, so such a finding is
always to review; no story here holds enough of them to calibrate it (Ever Given: one)."""

STRONG_LINK = 0.9
"""Membership probability from which a rendering's link to its statement is strong enough
for it to witness who said the statement (:func:`name_corroboration`): a lexical copy or
cut of the words, not a paraphrase joined by meaning (the semantic stage's joins on
general news are right less than half the time)."""

FINDING_KINDS_SCORED = frozenset({"wording", "attribution", "vague-credit", "number", "internal-figures", "role"})

_WORD_RE = re.compile(r"[a-z0-9]+")


def authority(against: str | None, support: int | None) -> float:
    """Weight of the value compared with (module docstring)."""
    if against == "majority":
        return 1.0 - MAJORITY_BASE ** max(int(support or 0), 1)
    return AUTHORITY_WEIGHT.get(against or "disputed", AUTHORITY_WEIGHT["disputed"])


def link(row: dict[str, Any] | None) -> float:
    """Probability that a rendering belongs to its statement, as the stage that put it
    there recorded it (``statement_quotes.probability``: the semantic decision's
    probability, the lexical verification score); a root is certain."""
    if row is None:
        return 1.0
    p = row.get("link_probability")
    if p is None:
        p = float(row.get("similarity") or 100.0) / 100.0
    return max(LINK_FLOOR, min(1.0, float(p)))


def speech(row: dict[str, Any] | None) -> float:
    """Probability that a rendering is someone's speech (``extract.speech``)."""
    if row is None:
        return 1.0
    return speech_probability(row["text"], row["kind"], row.get("cue"), row.get("speaker_kind"), row.get("mention"),
                              row.get("confidence"))


def _words(text: str | None) -> set[str]:
    return {w for w in _WORD_RE.findall(normalise(text or "")) if w not in STOPWORD_SET}


def lineage(a: str | None, b: str | None) -> float:
    """Share of the shorter text's content words found in the other (module docstring)."""
    x, y = _words(a), _words(b)
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


def context(row: dict[str, Any] | None) -> str:
    """The article's text around a rendering, without the rendering: what a copy of the
    same wire story shares and an independently written article does not."""
    if row is None or not row.get("text_article"):
        return ""
    article, start, end = row["text_article"], int(row["start"]), int(row["end"])
    return article[max(0, start - CONTEXT_CHARS):start] + " " + article[end:end + CONTEXT_CHARS]


def _fold(name: str) -> str:
    name = unicodedata.normalize("NFKC", name)
    return " ".join(translit_key(w) for w in re.findall(r"\w+", name))


def same_person(a: str | None, b: str | None) -> bool:
    """Whether two credited names are one name spelt two ways (``Emmmanuel Macron`` /
    ``Emmanuel Macron``, ``Valery Zaluzny`` / ``Valerii Zaluzhnyi``): equal after folding
    romanisations, or close by edit distance."""
    if not a or not b:
        return False
    fa, fb = _fold(a), _fold(b)
    if fa == fb or fuzz.ratio(fa, fb) >= SAME_NAME_MIN:
        return True
    wa, wb = fa.split(), fb.split()
    if len(wa) > 1 and len(wb) > 1 and wa[0] == wb[0] and fuzz.ratio(wa[-1], wb[-1]) >= SAME_GIVEN_SURNAME_MIN:
        return True  # one given name, a surname spelt two ways ("Osama Rabie" / "Osama Rabei")
    short, long_ = sorted((wa, wb), key=len)
    # a title or a first name more or less: "Lieutenant-General Osama Rabie" / "Osama Rabie"
    return bool(short) and short[-1] == long_[-1] and set(short) <= set(long_)


def name_corroboration(dev: dict[str, Any], rows: list[dict[str, Any]]) -> tuple[float, int]:
    """How sure it is that the statement a vague credit renders was said by the person it
    is compared with, and by how many witnesses: each independent outlet (one per
    syndication group, the vague rendering's own outlet and group aside) printing the
    statement with a named credit of that speaker (not a pronoun, not a rendering too short
    to credit) and a strong link (:data:`STRONG_LINK`) is a witness, right with the
    probability of its link times its credit's extraction confidence; the witnesses are
    independent, so the name is wrong only if all are (``1 - prod(1 - p)``). Fewer than
    ``lineage.MIN_WITNESSES`` witnesses corroborate nothing: one other outlet is no
    majority (returns 0)."""
    from audit.score.authority import unsure_credit
    from audit.score.lineage import MIN_WITNESSES

    speaker = dev.get("ref_speaker")
    best: dict[Any, float] = {}
    for r in rows:
        if (speaker is None or r.get("speaker_id") != speaker or r["outlet"] == dev["outlet"] or not _named(r)
                or unsure_credit(r) or link(r) < STRONG_LINK or r.get("link_stage") == "semantic"):
            continue
        group = r.get("syndication_group") or r["quote_id"]
        if group == dev.get("syndication_group"):
            continue
        best[group] = max(best.get(group, 0.0), link(r) * min(float(r.get("confidence") or 0.5), 1.0))
    if len(best) < MIN_WITNESSES:
        return 0.0, len(best)
    doubt = 1.0
    for p in best.values():
        doubt *= 1.0 - p
    return 1.0 - doubt, len(best)


def _named(row: dict[str, Any]) -> bool:
    """A credit that names someone: a person or organisation, by name or role, not a bare
    pronoun the extractor resolved."""
    return (row.get("speaker_kind") in NAMED_KINDS
            and (row.get("mention") or "").strip().lower() not in PRONOUNS)


def assess(conflicts: pl.DataFrame, quotes: pl.DataFrame) -> pl.DataFrame:
    """Apply the direction rules, then add ``confidence``, ``status`` and ``evidence`` to
    every finding (module docstring), confirmed ones first."""
    by_id = {r["quote_id"]: r for r in quotes.iter_rows(named=True)}
    by_statement: dict[str, list[dict[str, Any]]] = {}
    for r in by_id.values():
        if r.get("statement_id"):
            by_statement.setdefault(r["statement_id"], []).append(r)
    rows = []
    for c in conflicts.iter_rows(named=True):
        dev = by_id.get(c["deviating_quote_id"]) if c["deviating_quote_id"] else None
        ref = by_id.get(c["reference_quote_id"]) if c["reference_quote_id"] else None
        involved = [by_id[q] for q in c["quote_ids"] or [] if q in by_id]
        judged = _judge(c, dev, ref, involved, by_statement.get(c["statement_id"] or "", []))
        if judged is not None:
            rows.append({**c, **judged})
    schema: dict[str, PolarsDataType] = {**conflicts.schema, "confidence": pl.Float64, "status": pl.String,
                                         "evidence": pl.String}
    out = pl.DataFrame(rows, schema=schema)
    return out.sort(["status", "confidence"], descending=[False, True], maintain_order=True)


def _judge(c: dict[str, Any], dev: dict[str, Any] | None, ref: dict[str, Any] | None,
           involved: list[dict[str, Any]], statement: list[dict[str, Any]]) -> dict[str, Any] | None:
    """``confidence``/``status``/``evidence`` of one finding, or ``None`` to drop it;
    ``statement``: every rendering of the finding's statement."""
    kind = c["kind"]
    links = link(dev) * link(ref)
    against = c["against"] if c["against"] else "disputed"
    n = c["support"] if against == "majority" else None
    weight = authority(against, n)
    if dev is not None and ref is not None and dev["quote_id"] != ref["quote_id"] and (
            dev["outlet"] == ref["outlet"] or dev["article_id"] == ref["article_id"]):
        return None  # never judge an outlet against its own other text
    why: list[str] = []
    comparable = 1.0
    if kind == "wording" and dev is not None:
        share = lineage(dev["text"], c["expected"] or (ref or {}).get("text"))
        if share < LINEAGE_MIN:
            return None  # independent translations or different claims: no misquote
        why.append(f"{share:.0%} of the quoted words shared")
        if c["against"] != "reference":
            copied = lineage(context(dev), context(ref)) if ref is not None else 0.0
            if copied >= LINEAGE_MIN:
                links = 1.0  # one passage of one story: the same statement, whatever the matcher's score
                why.append(f"both articles print the same text around the quote ({copied:.0%}), so one copy was changed")
            else:
                comparable *= INDEPENDENT_WORDING
                why.append("the articles were written apart: the words may be another translation, not a change")
    elif kind in ("attribution", "vague-credit") and dev is not None:
        if kind == "attribution" and (same_person(c["found"], c["expected"]) or not _named(dev)):
            return None  # a spelling variant, or a credit that names no one: no conflict of speakers
        comparable = min(float(dev.get("confidence") or 0.5), 1.0)
        why.append(f"the credit \u201c{dev.get('mention') or c['found']}\u201d read with confidence {comparable:.2f}")
        if kind == "vague-credit":
            named, witnesses = name_corroboration(dev, statement)
            if named > weight:
                weight, links = named, link(dev)  # the witnesses stand for the reference rendering
                why.append(f"{witnesses} independent outlets name {c['expected']} for these words, each by a "
                           f"strong link (corroboration {named:.2f})")
    elif kind == "attribution":  # disputed: the sides must be distinct named people, not spellings of one
        names = {r.get("speaker_name") or r.get("speaker") or r.get("speaker_id") for r in involved if _named(r)}
        names.discard(None)
        if len(names) < 2 or all(same_person(a, b) for a in names for b in names):
            return None
    elif kind in ("number", "internal-figures"):
        why.append("figures compared after unit conversion")
        if dev is not None and ref is not None and dev.get("statement_id") != ref.get("statement_id"):
            comparable *= OTHER_STATEMENT
            why.append("compared with the speaker's figure for the same counted thing in another statement: "
                       "the two sentences may be about different things")
    p_speech = speech(dev)
    confidence = weight * links * p_speech * comparable
    why.insert(0, f"against {against}" + (f" of {n} independent renderings" if against == "majority" else "")
               + f" (weight {authority(against, n):.2f})")
    if dev is not None:
        if link(dev) < 1.0:
            why.append(f"put in the statement by the {dev.get('link_stage') or 'lexical'} stage with probability "
                       f"{link(dev):.2f}")
        if p_speech < 0.9:
            why.append(f"the span may not be speech (p={p_speech:.2f})")
    return {"kind": kind, "confidence": round(confidence, 3),
            "status": "confirmed" if confidence >= CONFIRM_AT else "review", "evidence": "; ".join(why)}
