"""Reporting verbs as a style guide reads them: neutral ones and loaded ones, each list once.

The sourcing score (``audit.score.sourcing``: the share of neutral cues in an article) and the
draft check's ``loaded-cue`` rule read the same lists, so a verb that lowers an article's score
is also the one a draft is told about. Cue verbs as the extractor finds them (which verbs report
speech at all) live in ``audit.extract.cues``; this module only says how a reporting verb judges.
"""

from __future__ import annotations

import re

NEUTRAL_CUES = frozenset({
    "say", "tell", "add", "according to", "state", "write", "post", "tweet", "report", "note", "explain",
    "announce", "ask", "reply", "respond", "answer", "continue", "conclude", "describe", "comment",
})
"""Cue lemmas the AP Stylebook treats as neutral ("said" above all)."""

LOADED_CUES: dict[str, str] = {
    "admit": "implies the speaker concedes a fault or a fact against them",
    "claim": "casts doubt on the words",
    "insist": "suggests stubbornness against evidence",
    "concede": "implies the speaker gave ground",
    "confess": "implies wrongdoing",
    "boast": "implies vanity",
    "brag": "implies vanity",
    "allege": "casts doubt on the words",
    "contend": "frames the words as one side of a dispute",
    "assert": "frames the words as a bare assertion",
    "declare": "lends the words a solemnity the speaker may not have given them",
    "reveal": "implies the words disclose something hidden",
    "maintain": "suggests holding a position against challenge",
    "acknowledge": "implies the speaker conceded a point",
    "confide": "implies a secret shared",
    "charge": "frames the words as an accusation",
    "complain": "casts the speaker as aggrieved",
    "grumble": "casts the speaker as petulant",
    "whine": "mocks the speaker",
    "lament": "casts the speaker as mournful",
    "scoff": "casts the speaker as dismissive",
    "rant": "casts the speaker as irrational",
    "gush": "casts the speaker as effusive",
    "blast": "dramatises the words as an attack",
    "slam": "dramatises the words as an attack",
}
"""Cue lemmas that imply a judgement (doubt, guilt, stubbornness, boasting, drama) per the AP
Stylebook's advice on "said", each with what it tells the reader beyond "said"."""

_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "tells": "tell", "wrote": "write", "writes": "write"}
"""Irregular forms of neutral cues the suffix rules of :func:`cue_lemma` cannot undo."""

_SUFFIXES = (("ied", "y"), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""),
             ("s", ""))
"""Inflections undone to find a known lemma ("slammed" -> "slamm" -> "slam", "alleging" -> "allege")."""


def cue_lemma(cue: str | None) -> str | None:
    """Base form of a cue's verb: "claimed" -> "claim", "told" -> "tell", "has admitted" ->
    "admit" (auxiliaries are skipped when a later word is a known cue); an unknown verb is
    returned as written, lowercased."""
    if not cue:
        return None
    low = re.sub(r"\s+", " ", cue.strip().lower())
    if low.startswith("according to"):
        return "according to"
    words = low.split(" ")
    lemmas = [_lemma(w) for w in words]
    return next((lemma for lemma in lemmas if lemma in NEUTRAL_CUES or lemma in LOADED_CUES), words[0])


def _lemma(word: str) -> str:
    """A known cue lemma ``word`` inflects, else ``word``."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    candidates = [word]
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix):
            stem = word[: -len(suffix)] + repl
            candidates += [stem, stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem]
    return next((c for c in candidates if c in NEUTRAL_CUES or c in LOADED_CUES), word)


def loaded_lemma(cue: str | None) -> str | None:
    """The :data:`LOADED_CUES` lemma a cue uses, if any ("has admitted" -> "admit")."""
    lemma = cue_lemma(cue)
    return lemma if lemma in LOADED_CUES else None
