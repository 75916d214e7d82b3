"""Specificity before similarity: are the words a draft quote shares with a reference
statement distinctive enough to be anyone's?

``partial_ratio`` finds "we will win" at 100 % inside a long statement that happens to
contain those three words; a newsroom gate that calls that a misattribution is switched
off on its first day. So before a rule may claim that a quote renders a statement, the
words they share (aligned word by word, :func:`align`) must carry enough information:

* **content words**: aligned words outside the blocking stopword list
  (:data:`audit.lang.words.STOPWORDS`), counted once each;
* **information**: the sum of their inverse document frequencies, in nats. Each word's
  IDF is the *smaller* of two estimates, so a word counts as distinctive only when it is
  rare both in general English and in the reference itself:

  - the **general-news background** (:func:`background_idf`): the chance that a
    statement-sized text (:data:`BACKGROUND_TEXT_WORDS` words) holds the word, from the
    word's frequency in the ``wordfreq`` package (its small English list, which blends
    news, books, subtitles, Wikipedia and web text). The package is a dependency, read
    at run time; no table derived from it is shipped;
  - the **reference store** (:class:`StoreFrequencies`): how many *other* reference
    statements hold the word, smoothed by :data:`STORE_PRIOR` pseudo-statements, so
    "Russian" or "forces" in a store of war reporting, or "council" in a store of
    local-government reporting, say little about which statement a quote renders.

Summed IDFs would be ``-ln`` of the chance that an unrelated text holds all the shared
words, were words independent; they are not, and a run of everyday words ("the team
played well today") sums to as much as a ministry's phrasing. So only what each word
carries beyond an everyday word (:data:`COMMON_IDF`) counts, and every level also asks
for a minimum number of content words (:data:`EVIDENCE`).

How much is enough depends on what the draft claims (:data:`EVIDENCE`): crediting the
words to someone else (misattribution) needs the most; a quote with no speaker, or an
anonymous one, needs less; a quote whose draft speaker *is* the statement's speaker needs
least, because the name is evidence too. Words of the draft's context sentence (outside
the quote marks) that the statement also holds add :data:`CONTEXT_WEIGHT` of their
information: the topic and figures around a short quote can make it the speaker's.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from audit.lang.frequency import COMMON_IDF, background_idf, background_information
from audit.lang.words import STOPWORD_SET

STORE_PRIOR = 100
"""Pseudo-statements added to the reference's size when estimating a word's share of
*other* statements: a reference of 30 statements cannot make a word common on its own."""

STORE_MIN_OTHERS = 3
"""Other statements that must hold a word before the reference's own frequency counts
against it: one or two (a follow-up statement of the same speaker, a repeated figure)
say nothing about the word being common in the reference."""

FIGURE_WEIGHT = 2
"""How many content words a figure of two digits or more counts for (see
:attr:`Specificity.weight`)."""

CONTEXT_WEIGHT = 0.5
"""Share of the information of context words (around the quote, shared with the statement
outside the aligned words) that counts towards specificity."""

Relation = Literal["same", "none", "other"]
"""How the draft credits the quote relative to the statement's speaker: the same speaker,
no (or an anonymous) speaker, or a different one."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the shared words need for one relation."""

    min_content: int
    """Distinct aligned content words (:attr:`Specificity.weight`)."""
    min_info: float
    """Their distinctive information (nats), weighted context included."""
    whole_content: int | None = None
    """...or this many when the quote holds nearly the whole statement
    (:data:`WHOLE_STATEMENT`): a short statement printed in full is its speaker's, where
    the same few words inside a long statement may be a coincidence."""
    whole_info: float | None = None
    """...with only this much information when the quote is the whole statement (or one
    of its sentences) word for word and nothing more (:attr:`Specificity.verbatim`;
    ``None``: ``min_info`` still applies)."""
    long_content: int | None = None
    """...or this many aligned content words, a run no everyday phrase matches by chance,
    with only ``long_info``: a long clause of common words ("we have begun to advance not
    only in the south and east") is still one speaker's."""
    long_info: float = 0.0


VERBATIM_WORD_SCORE = 95.0
"""Word-level similarity (:func:`audit.check.reference.word_similarity`) from which a quote
is a statement's words with nothing added: "We are witnessing some incredible scenes in
the shop" (80) is a stock phrase inside new words, not the statement printed whole."""

WHOLE_STATEMENT = 0.8
"""Share of a statement's content words a quote must hold to count as the whole of it."""

EVIDENCE: Mapping[Relation, Evidence] = {
    "same": Evidence(min_content=1, min_info=2.0),
    "none": Evidence(min_content=4, min_info=6.0, whole_content=3, whole_info=3.0, long_content=6, long_info=3.0),
    "other": Evidence(min_content=5, min_info=7.0, whole_content=4, long_content=6, long_info=3.0),
}
"""Minimum evidence per relation, in content words and distinctive information.
``same``: one word rarer than everyday English is enough when the draft names the
statement's speaker ("Lord Dannatt spoke of a 'significant reverse'", 3.8). ``none``: a
quote printed with no speaker or with "a spokesman" must share four content words and
clearly more than everyday wording before it is held to someone's statement, or three and
half that information for a whole short statement printed word for word and nothing more
(a sentence of a store's rendering counts as a statement): "We are 50 kilometres from the border" is 3.4 against a store of
the same story, where "kilometres" and "border" are everywhere. ``other``: crediting the words to someone else is the strongest
claim ``check`` makes, so five content words (four for a whole statement: "We are 50
kilometres from the border") and more information again. Six aligned content words or
more need less information (a long run is distinctive by its length). Everyday phrases
fall short of every level: "we will win" and "it is not true" (0), "more and more" (0),
"the situation on the ground" (1.8), "some incredible scenes" (4.2, two content words),
"a significant reverse" (3.8, two), "isolated pockets of resistance remain" (four words
of a 14-word statement); a clause of a ministry's intelligence update holds 10 to 25.
Calibrated on the drafts written for the tests (``tests/check_corpus.py``; ``python
bench/check.py --eval``) and checked on real renderings (``--real``)."""




def align(quote_norm: str, statement_norm: str) -> list[str]:
    """Distinct content words of the quote that align, in order, with the statement's
    words (the word-level matching blocks of ``difflib``), in quote order."""
    q, s = quote_norm.split(), statement_norm.split()
    matcher = SequenceMatcher(None, q, s, autojunk=False)
    seen: dict[str, None] = {}
    for block in matcher.get_matching_blocks():
        for w in q[block.a : block.a + block.size]:
            if w not in STOPWORD_SET and (len(w) > 1 or w.isdigit()):
                seen.setdefault(w)
    return list(seen)


class StoreFrequencies:
    """How many reference statements hold each word (document frequency) and how many
    statements there are; :meth:`idf` turns that into the store side of a word's IDF."""

    def __init__(self, df: Mapping[str, float], size: int) -> None:
        self.df = df
        self.size = size

    def idf(self, word: str, renderings: int = 1) -> float:
        """``-ln`` of the word's smoothed share of the *other* statements: not the matched
        statement, nor the other ``renderings`` of the quote (the statements it matched, a
        store's renderings of the same utterance: "border" held by five renderings of "We
        are 50 kilometres from the border" is not a word common in the store); infinite (no
        evidence) when fewer than :data:`STORE_MIN_OTHERS` others do."""
        others = self.df.get(word, 0) - max(renderings, 1)
        if others < STORE_MIN_OTHERS:
            return math.inf
        return -math.log(others / (self.size + STORE_PRIOR))


def information(words: Iterable[str], store: StoreFrequencies | None, renderings: Mapping[str, int] | None = None) -> float:
    """Distinctive information of ``words`` (nats): for each, the smaller of its
    background and store IDF, less :data:`COMMON_IDF` (never below zero). ``renderings``:
    per word, how many of the statements the quote matched hold it (see
    :meth:`StoreFrequencies.idf`)."""
    if store is None:
        return background_information(words)
    total = 0.0
    for w in words:
        idf = min(background_idf(w), store.idf(w, (renderings or {}).get(w, 1)))
        total += max(0.0, idf - COMMON_IDF)
    return total


@dataclass(frozen=True, slots=True)
class Specificity:
    """What a quote shares with a statement, and how informative it is."""

    shared: tuple[str, ...] = ()
    """Aligned content words."""
    info: float = 0.0
    """Their distinctive information (nats, :func:`information`)."""
    context_info: float = 0.0
    """Information of the draft's context words (outside the quote) the statement holds."""
    coverage: float = 0.0
    """Share of the content words of the statement's best-covered sentence the quote holds."""
    verbatim: bool = False
    """The quote's words are the statement's, in order, with nothing added or changed
    (word-level similarity at least :data:`VERBATIM_WORD_SCORE`)."""

    @property
    def weight(self) -> int:
        """Aligned content words, a figure of two digits or more counting as
        :data:`FIGURE_WEIGHT` ("50 kilometres" is as specific as a longer phrase)."""
        return sum(FIGURE_WEIGHT if sum(c.isdigit() for c in w) >= 2 else 1 for w in self.shared)

    def enough(self, relation: Relation) -> bool:
        """Whether the shared words, plus weighted context, meet :data:`EVIDENCE`."""
        need = EVIDENCE[relation]
        n, info = self.weight, self.info + CONTEXT_WEIGHT * self.context_info
        if need.long_content is not None and n >= need.long_content and info >= need.long_info:
            return True
        if need.whole_content is not None and self.coverage >= WHOLE_STATEMENT:
            floor = need.whole_info if need.whole_info is not None and self.verbatim else need.min_info
            return n >= need.whole_content and info >= floor
        return n >= need.min_content and info >= need.min_info
