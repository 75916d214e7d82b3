"""Word lists of general English that several stages read: each list once, with why it holds what it holds.

Stopwords are the lexical matcher's (grams never start or end on one), the semantic stage's (content words are
the others), the check's specificity and the confidence of a finding alike, so a word is content in all of them
or in none. The sentence end is the one that lead sentences and a quote's surrounding sentence are cut by.
"""

from __future__ import annotations

import re

STOPWORDS: tuple[str, ...] = tuple(
    """a an the and or but nor so yet if then than that this these those there here
    of to in on at by for with from into onto over under about as up out off down
    is am are was were be been being has have had having do does did doing will would
    shall should can could may might must it its itself he him his she her hers they them
    their theirs we us our ours you your yours i me my mine who whom whose which what
    when where why how all any both each some such no not only own same very too just
    also s t d ll m re ve""".split()
)
"""Words that never start or end a gram. Kept short on purpose: "not", "never", "more"
and numbers carry meaning and stay in. Normalised apostrophes glue contractions
("dont", "theyve"), so those are ordinary words here."""

STOPWORD_SET: frozenset[str] = frozenset(STOPWORDS)
""":data:`STOPWORDS` for membership tests."""

SENTENCE_END = r"[.!?][\"'”’)\]]*\s+(?:(?:…|\.\.\.)\s*)?(?=[\"'“‘(\[]*[A-Z0-9])"
"""A sentence ends at . ! or ? (closing quotes and brackets may follow) before a space and
a capital or digit: "U.N. figures" and "2.5 km" do not end one. An ellipsis after the full stop
("... the explosion. … I met with ...") marks words left out between two sentences and belongs
to the end, so the next sentence starts at its first word. A pattern (not compiled), so a
reader may add its own alternatives (a paragraph break, for a quote's surrounding sentence)."""

SENTENCE_END_RE = re.compile(SENTENCE_END)

def sentences(text: str) -> list[str]:
    """A text's sentences (:data:`SENTENCE_END_RE`), each with its closing mark; empty ones
    dropped."""
    out, start = [], 0
    for m in SENTENCE_END_RE.finditer(text):
        out.append(text[start:m.start() + 1])
        start = m.end()
    out.append(text[start:])
    return [s for s in out if s.strip()]


SENTENCE_END_SQL = r"""[.!?]["'”’)\]]*\s+((…|\.\.\.)\s*)?["'“‘(\[]*[A-Z0-9]"""
"""The same test in DuckDB's regular expressions (no lookahead there: the opening of the next sentence is
matched, which only counting sentences needs)."""


MALE_PRONOUNS = frozenset({"he", "him", "his"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers"})
ORG_PRONOUNS = frozenset({"it", "its"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
"""Third-person pronouns by what they can stand for: the resolver looks back for a man, a
woman, a body, or a body, group or anonymous source."""

THIRD_PERSON_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | ORG_PRONOUNS | GROUP_PRONOUNS
"""A one-word mention in this set is a pronoun credit: the gold's mention form, the speaker
confidence's ``form=pronoun`` and the store's migration of older quotes read the same set."""

FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
"""Pronouns of the speaker themself ("we said"): inside a quote, the quoted speaker."""
