"""Sourcing: how transparently an article says who said what, and how.

Per quote we read a few signals; per article they become components in 0..1 and a
score; per outlet the article rows are averaged. Where each signal comes from:

* **named speaker** and **anonymous sources with a reason** — AP Stylebook, "anonymous
  sources" (use them only when needed and say why the source was granted anonymity),
  Trust Project indicator "Citations and References" / "Methods", W3C Credibility
  Signals "Article has named sources";
* **distinct speakers, speaker kinds, single-source reliance** — Trust Project "Diverse
  Voices", W3C Credibility Signals "Number of sources" / "Source diversity";
* **primary sourcing** (the medium is stated: a statement, a tweet, an interview; a link
  to the original) — Trust Project "Citations and References", W3C Credibility Signals
  "Links to primary sources";
* **cue verbs** — AP Stylebook, "said": use said; verbs such as claimed, admitted,
  insisted carry a judgement the reporter has not shown.

The article score (``docs/scoring.md``)::

    sourcing_score = 100 × Σ WEIGHTS[c] × c   over the components
    c_named        = named quotes / quotes
    c_anonymity    = 1 − anonymous quotes without a stated reason / quotes
    c_diversity    = min(1, distinct named speakers / DIVERSITY_TARGET)
    c_independence = min(1, (1 − top speaker's share of attributed quotes) / INDEPENDENCE_TARGET)
    c_primary      = PRIMARY_MEDIUM_WEIGHT × quotes with a medium / quotes
                     + (1 − PRIMARY_MEDIUM_WEIGHT) × (link to a source in the text)
    c_neutral_cues = 1 − loaded cues / quotes with a cue   (1 when no cue)

An article with no quotes has no sourcing score (null), not a zero.
"""

from __future__ import annotations

import re

import polars as pl

from audit.lang.cues import LOADED_CUES, cue_lemma
from audit.score.context import window

WEIGHTS: dict[str, float] = {
    "c_named": 0.25,
    "c_anonymity": 0.15,
    "c_diversity": 0.15,
    "c_independence": 0.15,
    "c_primary": 0.15,
    "c_neutral_cues": 0.15,
}
"""Component weights of the sourcing score; they sum to 1."""

DIVERSITY_TARGET = 3
"""Distinct named speakers for full marks on diversity."""

INDEPENDENCE_TARGET = 0.5
"""When no speaker gives more than half the attributed quotes, independence is full."""

SINGLE_SOURCE_SHARE = 0.8
"""An article relies on a single source when one speaker gives at least this share of its
attributed quotes (or it has only one speaker)."""

PRIMARY_MEDIUM_WEIGHT = 0.7
"""Stating the medium weighs more than a link: plain-text copy often loses its links."""

REASON_WINDOW_CHARS = 250
"""How far from an anonymous quote (or its mention) a reason for anonymity may stand."""

ANONYMOUS_MENTION_RE = re.compile(
    r"\b(?:a |an |one |two |several |some )?(?:senior |western |ukrainian |russian |british |us |u\.s\. |"
    r"military |government |intelligence |defence |defense |security )*(?:source|sources|official|officials|"
    r"insider|insiders|person familiar|people familiar|aide|aides|diplomat|diplomats)\b"
    r"|\bpeople (?:close to|familiar with)\b|\bsources? (?:close to|familiar with)\b",
    re.IGNORECASE,
)
"""A mention that names no one ("a source", "officials", "people familiar with ...")."""

ANONYMITY_REASON_RE = re.compile(
    r"not (?:been )?authori[sz]ed to (?:speak|talk|comment|discuss)|on (?:the )?condition of anonymity|"
    r"(?:requested|asked for|granted|given|spoke on) anonymity|asked not to be (?:named|identified)|"
    r"declined to be (?:named|identified)|(?:speaking|spoke) anonymously (?:because|as|to)|"
    r"because (?:of )?(?:the )?(?:sensitivity|sensitive nature)|for fear of (?:reprisal|retribution)|"
    r"(?:was|were|is|are) not (?:permitted|allowed) to (?:speak|comment)|(?:is|was|are|were) anonymi[sz]ed",
    re.IGNORECASE,
)
"""Phrases that give the reason a source was granted anonymity (AP: always say why)."""

LINK_RE = re.compile(r"https?://\S+|\bwww\.\w\S+|\b(?:t\.me|twitter\.com|x\.com|youtu\.be)/\S+", re.IGNORECASE)

_CATEGORY_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("witness", re.compile(r"\b(?:witness|eyewitness|resident|residents|survivor|villager|local man|"
                           r"local woman|passer-?by|neighbour|neighbor|bystander|refugee|evacuee)\b", re.I)),
    ("expert", re.compile(r"\b(?:former|retired|ex-|analyst|expert|professor|researcher|academic|economist|"
                          r"scholar|think[- ]tank|institute|fellow|historian|commentator|blogger)", re.I)),
    ("official", re.compile(r"\b(?:minist|president|prime minister|government|spokes|official|secretary|"
                            r"governor|mayor|general|commander|chief|army|military|defen[cs]e|department|"
                            r"kremlin|embassy|ambassador|senator|mp\b|council|police|authorit)", re.I)),
)
"""Speaker kinds beyond person/organisation, first match wins, read from the registry
role, the speaker's name and the mention: witness, expert, official; otherwise the
registry kind (organisation / person)."""


def speaker_category(kind: str | None, role: str | None, name: str | None, mention: str | None) -> str | None:
    """official / expert / witness / organisation / person for a named speaker; None when
    the quote names no one."""
    if kind not in ("person", "organisation"):
        return None
    described = " ".join(s for s in (role, mention, name) if s)
    for category, pattern in _CATEGORY_RULES:
        if pattern.search(described):
            return category
    return kind


def quote_signals(quotes: pl.DataFrame) -> pl.DataFrame:
    """Per-quote sourcing signals. ``quotes`` needs the store's quote columns plus the
    article ``text`` and the registry ``speaker_role``; adds ``named``, ``anonymous``,
    ``anonymity_reason``, ``speaker_category``, ``cue_lemma``, ``loaded_cue``,
    ``medium_stated``."""
    rows = quotes.select(
        "text_article", "start", "end", "mention", "mention_start", "mention_end", "speaker_kind",
        "speaker", "speaker_id", "speaker_role", "cue",
    ).iter_rows(named=True)
    anonymous, reason, category, lemma = [], [], [], []
    for r in rows:
        anon = r["speaker_kind"] == "anonymous" or (
            r["speaker_id"] is None and bool(r["mention"]) and bool(ANONYMOUS_MENTION_RE.search(r["mention"]))
        )
        anonymous.append(anon)
        if anon:
            lo = min(r["start"], r["mention_start"] if r["mention_start"] is not None else r["start"])
            hi = max(r["end"], r["mention_end"] if r["mention_end"] is not None else r["end"])
            reason.append(bool(ANONYMITY_REASON_RE.search(window(r["text_article"], lo, hi, REASON_WINDOW_CHARS))))
        else:
            reason.append(False)
        category.append(None if anon else speaker_category(r["speaker_kind"], r["speaker_role"], r["speaker"], r["mention"]))
        lemma.append(cue_lemma(r["cue"]))
    return quotes.with_columns(
        pl.Series("anonymous", anonymous, dtype=pl.Boolean),
        pl.Series("anonymity_reason", reason, dtype=pl.Boolean),
        pl.Series("speaker_category", category, dtype=pl.String),
        pl.Series("cue_lemma", lemma, dtype=pl.String),
    ).with_columns(
        named=pl.col("speaker_category").is_not_null() & (pl.col("speaker_id").is_not_null() | pl.col("speaker").is_not_null()),
        loaded_cue=pl.col("cue_lemma").is_in(list(LOADED_CUES)),
        medium_stated=pl.col("medium").is_not_null() & (pl.col("medium").str.strip_chars() != ""),
    )


def article_sourcing(quotes: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """One row per article: counts, each component ``c_*`` and ``sourcing_score``.

    ``quotes`` is the output of :func:`quote_signals`; ``articles`` needs ``article_id``
    and ``text`` (for links) plus whatever metadata should be carried along."""
    spk = pl.coalesce("speaker_id", "speaker")
    per_speaker = (
        quotes.filter(pl.col("named"))
        .group_by("article_id", spk.alias("who"))
        .agg(n=pl.len())
        .sort(["article_id", "n", "who"], descending=[False, True, False])
        .group_by("article_id", maintain_order=True)
        .agg(
            n_speakers=pl.len(),
            top_speaker=pl.col("who").first(),
            top_speaker_share=pl.col("n").first() / pl.col("n").sum(),
        )
    )
    counts = quotes.group_by("article_id").agg(
        n_quotes=pl.len(),
        n_named=pl.col("named").sum(),
        n_anonymous=pl.col("anonymous").sum(),
        n_anonymous_with_reason=(pl.col("anonymous") & pl.col("anonymity_reason")).sum(),
        speaker_kinds=pl.col("speaker_category").drop_nulls().unique().sort(),
        n_medium=pl.col("medium_stated").sum(),
        n_cues=pl.col("cue_lemma").is_not_null().sum(),
        n_loaded_cues=pl.col("loaded_cue").sum(),
        loaded_cues=pl.col("cue").filter(pl.col("loaded_cue")).str.to_lowercase().unique().sort(),
    )
    out = (
        articles.with_columns(link_present=pl.col("text").str.contains(LINK_RE.pattern))
        .drop("text")
        .join(counts, on="article_id", how="left")
        .join(per_speaker, on="article_id", how="left")
        .with_columns(
            pl.col("n_quotes", "n_named", "n_anonymous", "n_anonymous_with_reason", "n_medium", "n_cues",
                   "n_loaded_cues", "n_speakers").fill_null(0).cast(pl.Int64),
            n_speaker_kinds=pl.col("speaker_kinds").list.len().fill_null(0).cast(pl.Int64),
            single_source=pl.when(pl.col("n_quotes").fill_null(0) > 0).then(
                (pl.col("n_speakers").fill_null(0) <= 1) | (pl.col("top_speaker_share") >= SINGLE_SOURCE_SHARE)
            ),
        )
    )
    has = pl.col("n_quotes") > 0
    components = {
        "c_named": pl.col("n_named") / pl.col("n_quotes"),
        "c_anonymity": 1 - (pl.col("n_anonymous") - pl.col("n_anonymous_with_reason")) / pl.col("n_quotes"),
        "c_diversity": pl.min_horizontal(pl.lit(1.0), pl.col("n_speakers") / DIVERSITY_TARGET),
        "c_independence": pl.min_horizontal(
            pl.lit(1.0), (1 - pl.col("top_speaker_share").fill_null(1.0)) / INDEPENDENCE_TARGET
        ),
        "c_primary": PRIMARY_MEDIUM_WEIGHT * pl.col("n_medium") / pl.col("n_quotes")
        + (1 - PRIMARY_MEDIUM_WEIGHT) * pl.col("link_present").cast(pl.Float64),
        "c_neutral_cues": pl.when(pl.col("n_cues") > 0).then(1 - pl.col("n_loaded_cues") / pl.col("n_cues")).otherwise(1.0),
    }
    out = out.with_columns(pl.when(has).then(expr).alias(name) for name, expr in components.items())
    score = pl.sum_horizontal(pl.col(name) * weight for name, weight in WEIGHTS.items())
    return out.with_columns(sourcing_score=pl.when(has).then((100 * score).round(1)))


def outlet_sourcing(articles: pl.DataFrame) -> pl.DataFrame:
    """Per outlet: article and quote counts, the mean of each component and of the score
    (over articles that have quotes), and how many articles rely on a single source."""
    return (
        articles.with_columns(pl.col("outlet").fill_null("(unknown)"))
        .group_by("outlet")
        .agg(
            *[pl.col(c).mean().round(3) for c in WEIGHTS],  # positional: Polars puts them first either way
            n_articles=pl.len(),
            n_quotes=pl.col("n_quotes").sum(),
            n_named=pl.col("n_named").sum(),
            n_anonymous=pl.col("n_anonymous").sum(),
            n_anonymous_with_reason=pl.col("n_anonymous_with_reason").sum(),
            n_single_source=pl.col("single_source").fill_null(False).sum(),
            n_loaded_cues=pl.col("n_loaded_cues").sum(),
            sourcing_score=pl.col("sourcing_score").mean().round(1),
        )
    )
