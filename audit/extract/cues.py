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
    discuss
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

INTENTION_VERBS: frozenset[str] = frozenset(
    """
    want wish plan hope expect refuse decline prefer
    """.split()
)
"""Verbs of wanting and intending: the source's aim is the content, usually an infinitive
(``plans to run``, ``refused to endorse``, ``wants Obama to push``). Verbs of mere
effort (try, seek, need, intend, aim) are not here: news uses them for actions
(``the Russians tried to build a bridge``), and PolNeAR rarely annotates them."""

STANCE_VERBS: frozenset[str] = frozenset(
    """
    endorse support back oppose favor favour defend attack blame criticise criticize praise
    slam blast reject dismiss cite call describe see view portray label brand accuse
    challenge condemn applaud welcome embrace question prefer show
    denounce tout congratulate thank target hail laud commend
    """.split()
)
"""Verbs that take a public stance on something: PolNeAR annotates their object as the
content (``endorsed Cruz``, ``called X a liar``, ``the poll showed a tie``). ``mock``
is a speech verb only: what is mocked is a target the seed gold does not call a quote."""

FINDING_VERBS: frozenset[str] = frozenset("show suggest indicate mean prove demonstrate reveal confirm imply signal".split())
"""Verbs by which evidence, not a speaker, bears out a clause (``the figures show``, ``the debate
suggested``): with a subject that cannot speak (``resolve.can_speak``) the clause is the
writer's narration, no quote; with a document or data subject it is that source's report."""

CUE_VERBS: frozenset[str] = SPEECH_VERBS | BELIEF_VERBS | INTENTION_VERBS | STANCE_VERBS

CUE_CONFIDENCE: tuple[tuple[frozenset[str], float], ...] = (
    (SPEECH_VERBS, 0.7),
    (BELIEF_VERBS, 0.6),
    (INTENTION_VERBS, 0.5),
    (STANCE_VERBS, 0.5),
)
"""Graded lexicon: the confidence of an unquoted content by its cue's class, first class
that holds the lemma wins (speech > belief > intention/stance: the further from saying,
the more often a reader would not call the content a quote)."""

NEGATED_REPORT = 0.5
"""Factor on the confidence of a reported clause whose cue is negated (``did not say that``,
``never claimed``): what someone did not say is no quote of theirs; kept, as PolNeAR
annotates it, with half the confidence."""

TOPIC_ONLY = 0.6
"""Factor on the confidence of a content that is a noun phrase, not a clause (``talked about
the economy``, ``endorsed Cruz``, ``denied the allegations``): the topic or target of the words,
not the words; kept (PolNeAR annotates it) with less confidence."""

SURFACE_LEMMAS: dict[str, str] = {"hoped": "hope", "hopes": "hope", "hoping": "hope"}
"""Surface forms the small model lemmatises wrongly (``hoped`` -> ``hop``)."""

IRREGULAR_CUE_FORMS: dict[str, str] = {
    "said": "say", "told": "tell", "wrote": "write", "written": "write", "thought": "think", "felt": "feel",
    "knew": "know", "known": "know", "understood": "understand", "found": "find", "saw": "see", "seen": "see",
    "spoke": "speak", "spoken": "speak", "foresaw": "foresee", "taught": "teach", "meant": "mean",
}
"""Past forms of cue verbs that no suffix rule turns into their lemma (``cue_lemma``)."""


def cue_lemma(surface: str) -> str:
    """The lexicon lemma of a cue's surface form, without a parse (a stored quote keeps its cue
    as written): ``believed`` -> ``believe``, ``wants`` -> ``want``, ``denied`` -> ``deny``;
    the lower-cased last word when no rule finds a lexicon verb."""
    word = surface.lower().split()[-1] if surface.split() else ""
    if word in IRREGULAR_CUE_FORMS:
        return IRREGULAR_CUE_FORMS[word]
    candidates = [word]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""),
                         ("s", ""), ("d", "")):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            candidates += [stem + repl, stem[:-1] + repl if len(stem) > 2 and stem[-1] == stem[-2] else stem + repl]
    return next((c for c in candidates if c in CUE_VERBS), word)

XCOMP_CUE_VERBS: frozenset[str] = frozenset("promise vow pledge threaten claim deny ask tell".split()) | INTENTION_VERBS
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
    express cite voice repeat forecast estimate disclose reveal promise pledge describe report
    mention discuss
    """.split()
) | STANCE_VERBS
"""Verbs whose direct object *is* what was said (``denied the allegations``, ``predicted a
win``): the object is the content. Verbs whose object is a target (``criticised the plan``,
``mocked the explanation``) are stance verbs: their object is the stance's content.
Objects that are people named alone (``criticised Trump``) still count for stance verbs,
as PolNeAR annotates them; pronoun objects never do."""

VERB_PREPOSITION_CONTENT: frozenset[tuple[str, str]] = frozenset(
    {("call", "for"), ("call", "on"), ("call", "upon"), ("appeal", "for"), ("warn", "of"), ("warn", "about"), ("talk", "about"), ("speak", "about"),
     ("complain", "about"), ("boast", "about"), ("insist", "on"), ("refer", "to"), ("side", "with"),
     ("vote", "for"), ("vote", "against"), ("point", "to"), ("hint", "at"), ("push", "for"),
     ("argue", "for"), ("argue", "against"), ("advocate", "for"), ("ask", "about"), ("worry", "about")}
)
"""Verb + preposition whose object is what was said (``called for a ban``); the verb
counts as a cue through this pair even when it is not in the lexicon (``referring to``)."""

VERB_PARTICLE_CONTENT: frozenset[tuple[str, str]] = frozenset({("rule", "out"), ("play", "down"), ("spell", "out")})
"""Verb + particle whose object or clause is what was said (``ruled out strong wind as the
cause``, ``played down the risk``): the verb is a cue only with its particle (``ruled the
country`` is none)."""

OBJECT_EXTRA_DEPS: frozenset[str] = frozenset({"oprd", "xcomp", "ccomp"})
OBJECT_EXTRA_PREPS: frozenset[str] = frozenset({"as", "for", "of"})
"""A stance's content runs on from its object over these sister arcs: ``called Trump a
liar`` (oprd), ``criticized Clinton for supporting the bill``, ``described it as a win``."""

PREPOSITIONAL_CUES: frozenset[tuple[str, str]] = frozenset({("according", "to")})
"""Multi-word prepositions whose object is the source and whose clause is the content."""

WRITTEN_MEDIA: frozenset[str] = frozenset(
    """
    statement interview tweet post letter email e-mail speech briefing op-ed column blog memo release
    remarks article editorial message newsletter
    """.split()
)
"""Media whose words are a record of what was said: a document that can itself be credited
("the statement said", ``resolve.DOCUMENT_NOUNS``)."""
SHOWN_MEDIA: frozenset[str] = frozenset(
    "podcast video broadcast conference appearance address radio television tv programme program show".split()
)
"""Media and occasions that show or host someone speaking: a place words were said, never their
speaker ("the videos show X" is the writer's narration)."""
MEDIUM_NOUNS: frozenset[str] = WRITTEN_MEDIA | SHOWN_MEDIA
"""Nouns naming where words were said (``in a statement``, ``in an interview``)."""

PLATFORMS: frozenset[str] = frozenset(
    "twitter facebook telegram instagram youtube tiktok linkedin reddit truth social x threads".split()
)
"""Platforms that are a medium when the cue is ``on`` them."""

VERB_MEDIA: dict[str, str] = {"tweet": "Twitter"}
"""Cue verbs that name their medium by themselves."""

MEDIUM_PREPOSITIONS: frozenset[str] = frozenset({"on", "in", "via", "during", "through"})

# -- French (the optional ``[fr]`` pipeline, audit/extract/french.py) ---------------------------
FRENCH_SPEECH_LEMMAS: frozenset[str] = frozenset(
    """
    dire déclarer indiquer affirmer estimer souligner promettre écrire ajouter expliquer annoncer
    préciser assurer avertir insister confirmer réitérer marteler lancer juger répondre rappeler
    prévenir reconnaître noter observer poursuivre conclure tweeter twitter déplorer dénoncer
    demander appeler souhaiter exhorter plaider espérer regretter accuser admettre
    raconter confier commenter prédire menacer jurer garantir certifier révéler
    """.split()
)
"""French verbs of saying as infinitives: the cues of French reported speech (``a déclaré``,
``a-t-il estimé``, ``estimant que``), read from the surface through :data:`FRENCH_SPEECH_FORMS`."""


def _french_forms(lemma: str) -> set[str]:
    """Past participle, present third person and present participle of a regular French verb
    (-er, -ir, -re); the irregular verbs of :data:`FRENCH_IRREGULAR_FORMS` add theirs."""
    stem = lemma[:-2]
    if lemma.endswith("er"):
        return {stem + "é", stem + "e", stem + "ent", stem + "ant"}
    if lemma.endswith("ir"):
        return {stem + "i", stem + "it", stem + "issent", stem + "issant"}
    return set()


FRENCH_IRREGULAR_FORMS: dict[str, tuple[str, ...]] = {
    "dire": ("dit", "disent", "disant"),
    "écrire": ("écrit", "écrivent", "écrivant"),
    "promettre": ("promis", "promet", "promettent", "promettant"),
    "admettre": ("admis", "admet", "admettent", "admettant"),
    "reconnaître": ("reconnu", "reconnaît", "reconnaissent", "reconnaissant"),
    "conclure": ("conclu", "conclut", "concluent", "concluant"),
    "répondre": ("répondu", "répond", "répondent", "répondant"),
    "poursuivre": ("poursuivi", "poursuit", "poursuivent", "poursuivant"),
    "prédire": ("prédit", "prédisent", "prédisant"),
    "appeler": ("appelé", "appelle", "appellent", "appelant"),
    "annoncer": ("annoncé", "annonce", "annoncent", "annonçant"),
    "lancer": ("lancé", "lance", "lancent", "lançant"),
    "menacer": ("menacé", "menace", "menacent", "menaçant"),
}
"""Forms of the French cue verbs that the regular endings miss."""

FRENCH_SPEECH_FORMS: frozenset[str] = frozenset(
    form
    for lemma in FRENCH_SPEECH_LEMMAS
    for form in (FRENCH_IRREGULAR_FORMS.get(lemma) or _french_forms(lemma))
)
"""Surface forms of :data:`FRENCH_SPEECH_LEMMAS` (the small French model's lemmas and tags are
too unsure on inverted reporting clauses, ``», a-t-il promis``, to be the cue's test)."""

FRENCH_ACCORDING: frozenset[str] = frozenset({"selon", "d'après"})
"""French ``according to``: its object is the source, its clause the content."""
