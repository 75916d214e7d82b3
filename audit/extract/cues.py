"""The cue lexicon: words that report speech or belief, and the words around them.

Plain named data, so a reviewer can read and extend it without touching the rules in
``sources.py``. Verbs are lemmas (spaCy's lemmatizer gives ``say`` for said/says/saying).
"""

from __future__ import annotations

SPEECH_VERBS: frozenset[str] = frozenset(
    """
    say tell add warn claim mock argue state note explain write tweet post announce report
    allege accuse acknowledge admit agree ask assert caution comment concede conclude confirm
    contend declare deny describe emphasise emphasize estimate indicate insist maintain mention
    predict promise reply respond reveal stress testify urge vow recall recount complain boast
    joke quip point charge counter observe pledge speculate underline lament muse opine signal
    hint imply inform advise assure remind reiterate repeat retort suggest propose demand
    threaten brag scoff sneer blast slam criticise criticize praise dismiss disclose divulge
    proclaim affirm assert attest contest dispute question predict forecast project
    clarify elaborate insinuate allege acknowledge concur echo highlight stress underscore
    """.split()
)
"""Verbs of saying: their subject is the speaker, their clausal complement the content."""

BELIEF_VERBS: frozenset[str] = frozenset(
    """
    believe think feel know expect hope fear worry doubt suspect reckon assume guess
    consider suppose understand realise realize recognise recognize wonder imagine
    learn find show suggest indicate conclude determine decide
    """.split()
)
"""Verbs of belief, knowledge and finding (PolNeAR counts these as attributions too)."""

CUE_VERBS: frozenset[str] = SPEECH_VERBS | BELIEF_VERBS

XCOMP_CUE_VERBS: frozenset[str] = frozenset("promise vow pledge threaten claim deny".split())
"""Verbs whose content may be an infinitive (``vowed to cut taxes``)."""

NOUN_CUES: frozenset[str] = frozenset(
    """
    claim statement assertion belief view argument allegation warning suggestion promise
    pledge prediction insistence contention accusation assessment charge concern fear hope
    """.split()
)
"""Nouns that carry a reported clause (``his claim that ...``)."""

OBJECT_CONTENT_VERBS: frozenset[str] = frozenset(
    """
    deny announce predict propose demand reiterate dismiss reject confirm acknowledge admit concede
    express cite voice repeat forecast estimate disclose reveal promise pledge
    """.split()
)
"""Verbs whose direct object *is* what was said (``denied the allegations``, ``predicted a
win``): the object is the content. Verbs whose object is a target (``criticised the plan``,
``mocked the explanation``) are not here: their object is not reported speech."""

VERB_PREPOSITION_CONTENT: frozenset[tuple[str, str]] = frozenset(
    {("call", "for"), ("warn", "of"), ("warn", "about"), ("talk", "about"), ("speak", "about"),
     ("complain", "about"), ("boast", "about"), ("insist", "on")}
)
"""Verb + preposition whose object is what was said (``called for a ban``)."""

PREPOSITIONAL_CUES: frozenset[tuple[str, str]] = frozenset({("according", "to")})
"""Multi-word prepositions whose object is the source and whose clause is the content."""

MEDIUM_NOUNS: frozenset[str] = frozenset(
    """
    statement interview tweet post letter email e-mail speech briefing podcast video broadcast
    op-ed column blog memo release conference appearance address remarks radio television tv
    programme program show article editorial message newsletter
    """.split()
)
"""Nouns naming where words were said (``in a statement``, ``in an interview``)."""

PLATFORMS: frozenset[str] = frozenset(
    "twitter facebook telegram instagram youtube tiktok linkedin reddit truth social x threads".split()
)
"""Platforms that are a medium when the cue is ``on`` them."""

VERB_MEDIA: dict[str, str] = {"tweet": "Twitter"}
"""Cue verbs that name their medium by themselves."""

MEDIUM_PREPOSITIONS: frozenset[str] = frozenset({"on", "in", "via", "during", "through"})
