"""Cues and their speaker mentions, found with the dependency parse.

One pass over the tokens collects cue candidates (lemma in the lexicon); everything
else walks a few arcs from each cue, so the cost is linear in the document. Handled:
``X said``, ``said X``, ``X, a Labour MP, said`` (apposition), ``the MoD, which added
that`` (relative clause), ``X was quoted as saying`` / ``X is expected to say`` /
``X said ... and added`` (subject inherited up xcomp/advcl/conj), ``according to X``,
media (``told Sky News``, ``said on Twitter``, ``in a statement``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from audit.extract.cues import (
    CUE_CONFIDENCE,
    CUE_VERBS,
    MEDIUM_NOUNS,
    MEDIUM_PREPOSITIONS,
    NOUN_CUES,
    OBJECT_CONTENT_VERBS,
    OBJECT_EXTRA_DEPS,
    OBJECT_EXTRA_PREPS,
    PLATFORMS,
    PREPOSITIONAL_CUES,
    SPEECH_VERBS,
    STANCE_VERBS,
    SURFACE_LEMMAS,
    VERB_MEDIA,
    VERB_PARTICLE_CONTENT,
    VERB_PREPOSITION_CONTENT,
    XCOMP_CUE_VERBS,
)
from audit.lang.titles import MENTION_TITLES

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
INHERIT_SUBJECT_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "acl", "prep", "relcl", "ccomp"})
"""Arcs up which a subject-less cue borrows its speaker (``quoted as saying``, ``and added``)."""
MAX_SUBJECT_CLIMB = 3
"""How many arcs a subject-less cue may climb to find its speaker."""
MENTION_DROP_DEPS = frozenset({"appos", "relcl", "acl", "punct", "advcl", "parataxis", "prep"})
"""Children of the subject head that describe rather than name the speaker."""
MENTION_KEEP_PREPS = frozenset({"of", "for", "at", "in", "from", "with"})
"""Prepositions kept in a mention (``a spokesman for the MoD``, ``Ministry of Defence``)."""
NAME_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
"""Entity types that can name a speaker."""
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
CONTENT_DEPS = frozenset({"ccomp"})
PARENTHETICAL_DEPS = frozenset({"parataxis", "ccomp", "advcl"})
"""Arcs by which a trailing ``..., sources said`` hangs on the clause it reports."""
PAIR_VERBS: frozenset[str] = frozenset(verb for verb, _ in VERB_PREPOSITION_CONTENT | VERB_PARTICLE_CONTENT)
"""Verbs that are cues only with their preposition (``referring to``, ``sided with``)."""
SPEECH_CONFIDENCE = CUE_CONFIDENCE[0][1]
DEFAULT_CONFIDENCE = SPEECH_CONFIDENCE
"""Confidence of a content whose cue is in no graded class (nouns, ``according to``):
these report words, like speech verbs."""
ANAPHORIC_PRONOUNS = frozenset({"that", "this"})
COPULA_FORMS = frozenset({"'s", "’s", "is", "was"})
"""``That's according to X``: a pronoun (and copula) standing for the sentence before,
which is then the content."""
RELAY_VERBS = frozenset({"report", "say"})
"""Verbs of a trailing clause by which an outlet passes on words another speaker said in the
same sentence ("..., he said, the Courier reported"; "Park said ..., AP reported")."""
CONTENT_TRIM_LEFT = frozenset({"that", ",", ":", "-", "—", "–"})
"""Tokens trimmed off the front of a reported clause."""


@dataclass(slots=True)
class Cue:
    """One cue with what the parse says about it.

    ``content`` is the reported clause as a token range ``[start, end)`` (for indirect
    speech) or ``None``; ``mention`` is the token range naming the speaker, ``subject``
    its head token index (for resolution), ``medium`` the named medium if any.
    """

    token: int
    start: int
    end: int
    mention: tuple[int, int] | None
    subject: int | None
    content: tuple[int, int] | None
    medium: tuple[int, int] | None
    medium_text: str | None
    according: bool = False
    confidence: float = DEFAULT_CONFIDENCE
    """How surely an unquoted content of this cue is a quote (see ``CUE_CONFIDENCE``)."""
    label: bool = False
    """A speaker label opening a line (``PENCE: ...``, ``Warren: Trump Is a Failure``):
    the line's own words are the speaker's, so its content is a direct quote."""


def find_cues(doc: Doc) -> list[Cue]:
    """All cue candidates in ``doc``, in text order."""
    cues: list[Cue] = []
    for tok in doc:
        lemma = _lemma(tok)
        if tok.pos_ in ("VERB", "AUX") and (lemma in CUE_VERBS or (lemma in PAIR_VERBS and _has_pair(tok, lemma))):
            if tok.pos_ == "AUX" and not any(c.dep_ == "ccomp" for c in tok.children):
                continue
            cues.append(_verb_cue(doc, tok, lemma))
        elif tok.pos_ == "NOUN" and lemma in NOUN_CUES:
            cue = _noun_cue(tok)
            if cue is not None:
                cues.append(cue)
        elif tok.i + 1 < len(doc) and (tok.lower_, doc[tok.i + 1].lower_) in PREPOSITIONAL_CUES:
            cue = _preposition_cue(doc, tok)
            if cue is not None:
                cues.append(cue)
    _credit_relayed(doc, cues)
    return cues


def _lemma(tok: Token) -> str:
    return SURFACE_LEMMAS.get(tok.lower_) or tok.lemma_.lower()


def _credit_relayed(doc: Doc, cues: list[Cue]) -> None:
    """A trailing relay clause ("..., he said, the Courier reported.") takes the speaker of
    the sentence's first speech cue with a reported clause or itself after a comma (not
    "Russia is responding to ..., Ann Lee has said"): the outlet only passes the words on, whichever of the two cues the
    quote is later given. A relay clause is a comma, its subject and a
    :data:`RELAY_VERBS` verb with nothing of its own after it to the sentence's end."""
    for cue in cues:
        verb = doc[cue.token]
        if (cue.mention is None or cue.according or verb.pos_ != "VERB" or _lemma(verb) not in RELAY_VERBS
                or not _after_comma(doc, cue.mention[0])
                or any(not (t.is_punct or t.is_space) for t in doc[verb.i + 1:verb.sent.end])):
            continue
        inner = next((c for c in cues if verb.sent.start <= c.token < cue.mention[0] and c.mention is not None
                      and (c.content is not None or _after_comma(doc, c.mention[0])) and not c.according
                      and _lemma(doc[c.token]) in SPEECH_VERBS and not _describing(doc[c.token])
                      and c.subject is not None and not quoted(doc[c.subject])), None)
        if inner is not None:
            cue.mention, cue.subject = inner.mention, inner.subject


def _describing(verb: Token) -> bool:
    """A speech verb that only describes someone ("Scott's relatives, who asked to see the
    video, watched it, lawyers said"): a relative or modifying clause, not the speech act a
    relay clause passes on."""
    return verb.dep_ in ("relcl", "acl", "advcl", "amod") or any(
        c.lower_ in RELATIVE_PRONOUNS and c.dep_ in SUBJECT_DEPS for c in verb.children)


def _after_comma(doc: Doc, i: int) -> bool:
    """Whether token ``i`` follows a comma or dash, past closing quote marks ('"...," he said')."""
    while i > 0 and doc[i - 1].text in ('"', "”", "'", "’"):
        i -= 1
    return _comma_before(doc, i)


LABEL_LINE = re.compile(r"([^:\n]{2,40}?):[ \t]+(?=\S)")
"""A line opening with a short label and a colon: a transcript's speaker label or a
headline's ``Name: what they said``."""
LABEL_NOTE = re.compile(r"\s*\([^()\n]{1,30}\)$")
"""A note closing a transcript's label, not part of the name: ``JANE SMITH (through
translator):``, ``SMITH (via video link):``."""
LABEL_MAX_TOKENS = 5
"""Longer labels are sentences ending in a colon (``Trump said:``), left to the cues."""
NOT_SPEAKER_LABELS: frozenset[str] = frozenset(
    """
    latest contributing correction corrections update updated breaking byline report revealed
    watch note editor transcript video photo picture image credit source sources exclusive
    live analysis opinion related q a wow
    """.split()
)
"""Label words that name a section or a format, never a speaker (``UPDATE:``, ``Q:``)."""


def label_cue(doc: Doc, start: int, end: int, text: str | None = None,
              names: frozenset[tuple[str, ...]] = frozenset()) -> Cue | None:
    """A speaker label opening the line ``doc.text[start:end]``, as a cue whose token is the
    colon, whose mention is the label and whose content is the rest of the line.

    ``text`` is ``doc.text`` read once by the caller: spaCy rebuilds ``doc.text`` on every
    access, so reading it once per line made extraction quadratic in paragraphs.

    The label must be a name: proper nouns or capitalised words only (a transcript's
    ``CHRIS WALLACE``, a headline's ``Bernie Sanders``), one of them a name entity or the
    label all in capitals or the end of a name the article gives elsewhere (``names``, from
    :func:`name_tails`: ``Gingrich:`` where the text names ``Newt Gingrich``), none a section
    word (``NOT_SPEAKER_LABELS``); a closing note in
    brackets (``(through translator)``, ``LABEL_NOTE``) is left out of the name.
    """
    text = doc.text if text is None else text
    m = LABEL_LINE.match(text, start, end)
    if m is None:
        return None
    note = LABEL_NOTE.search(text, m.start(1), m.end(1))
    label = doc.char_span(m.start(1), note.start() if note else m.end(1))
    colon = doc.char_span(m.end(1), m.end(1) + 1, alignment_mode="expand")  # ``):`` may be one token
    rest = doc.char_span(m.end(), end, alignment_mode="expand")
    if label is None or colon is None or rest is None or not 0 < len(label) <= LABEL_MAX_TOKENS:
        return None
    words = [t for t in label if not t.is_punct]
    if not words or any(t.lower_.rstrip(".") in NOT_SPEAKER_LABELS or not (t.pos_ == "PROPN" or t.is_title or t.is_upper)
                        or t.pos_ in ("DET", "PRON", "VERB", "AUX") for t in words):
        return None
    if not (label.text.isupper() or any(t.ent_type_ in NAME_ENTS for t in words)
            or tuple(t.text for t in words) in names):
        return None  # a lone surname opening a line is rarely tagged: named elsewhere in the text will do
    content = _trim(doc, rest.start, rest.end)
    if content is None:
        return None
    tok = colon[0]
    return Cue(tok.i, m.end(1), m.end(1) + 1, (label.start, label.end), label.root.i, content, None, None,
               confidence=SPEECH_CONFIDENCE, label=True)


def name_tails(doc: Doc) -> frozenset[tuple[str, ...]]:
    """The word runs that end a name the article gives (``Newt Gingrich``: ``("Gingrich",)`` and
    ``("Newt", "Gingrich")``), read once per document for :func:`label_cue`."""
    return frozenset(tuple(t.text for t in ent[k:]) for ent in doc.ents if ent.label_ in NAME_ENTS
                     for k in range(len(ent)))


def _has_pair(verb: Token, lemma: str) -> bool:
    """Whether ``verb`` has the preposition that makes it a cue (``referring to``)."""
    return any(c.dep_ == "prep" and (lemma, c.lower_) in VERB_PREPOSITION_CONTENT for c in verb.children) or \
        _has_particle(verb, lemma)


def _has_particle(verb: Token, lemma: str) -> bool:
    """Whether ``verb`` has the particle that makes it a cue (``ruled out``)."""
    return any(c.dep_ == "prt" and (lemma, c.lower_) in VERB_PARTICLE_CONTENT for c in verb.children)


def cue_confidence(lemma: str) -> float:
    """The graded lexicon's confidence for a verb cue (``CUE_CONFIDENCE``)."""
    return next((conf for verbs, conf in CUE_CONFIDENCE if lemma in verbs), DEFAULT_CONFIDENCE)


def verb_cue(verb: Token) -> Cue:
    """A cue for any verb (one the layout says reports a quote, even if not in the lexicon)."""
    return _verb_cue(verb.doc, verb, verb.lemma_.lower())


def _verb_cue(doc: Doc, verb: Token, lemma: str) -> Cue:
    subject = _subject(verb)
    if subject is None:
        subject = _stranded_subject(verb)
    mention = mention_range(subject) if subject is not None else None
    if mention is None:
        subject = None
    content = _content(verb, lemma)
    medium, medium_text = _medium(verb, lemma)
    return Cue(verb.i, verb.idx, verb.idx + len(verb.text), mention,
               subject.i if subject is not None else None, content, medium, medium_text,
               confidence=cue_confidence(lemma))


def _noun_cue(noun: Token) -> Cue | None:
    """``his claim that ...``: a that-clause on a speech or belief noun; its possessor is the
    source, else, when the noun is where a verb's subject spoke ("X said in a statement that
    ...", the parser hanging the clause on the noun), that subject."""
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp")
                   and any(t.dep_ == "mark" and t.lower_ == "that" for t in c.children)), None)
    if clause is None:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None and noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ == "VERB":
        owner = _subject(noun.head.head)
    mention = mention_range(owner) if owner is not None else None
    content = _trim(noun.doc, clause.left_edge.i, clause.right_edge.i + 1)
    return Cue(noun.i, noun.idx, noun.idx + len(noun.text), mention, owner.i if owner is not None and mention else None,
               content, None, None)


def _preposition_cue(doc: Doc, according: Token) -> Cue | None:
    """``according to X``: X is the source, the clause ``according`` modifies the content."""
    to = doc[according.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in according.children if c.dep_ == "pobj"), None)
    mention = mention_range(pobj) if pobj is not None else None
    if pobj is None or mention is None:
        return None
    head = according.head if according.head.i != according.i else None
    content = None
    if head is not None:
        lo, hi = according.left_edge.i, according.right_edge.i + 1
        sent = according.sent
        clause_lo, clause_hi = head.left_edge.i, head.right_edge.i + 1
        # the content is the clause minus the ``according to X`` phrase: take the larger side
        left = (clause_lo, lo)
        right = (hi, clause_hi)
        side = right if right[1] - right[0] >= left[1] - left[0] else left
        content = _trim(doc, *side)
        if content is not None and not (sent.start <= content[0] and content[1] <= sent.end):
            content = None
        if _anaphoric(doc[side[0]:side[1]]):
            content = _previous_sentence(doc, sent.start)
    return Cue(according.i, according.idx, to.idx + len(to.text), mention, pobj.i,
               content, None, None, according=True)


def _anaphoric(words: Span) -> bool:
    """Whether ``words`` are only a pronoun standing for a sentence (``That's``, ``This is``)."""
    toks = [t.lower_ for t in words if not (t.is_punct or t.is_space)]
    return bool(toks) and toks[0] in ANAPHORIC_PRONOUNS and all(w in COPULA_FORMS for w in toks[1:])


def _previous_sentence(doc: Doc, start: int) -> tuple[int, int] | None:
    """The sentence before token ``start`` (past line breaks), trimmed, or ``None``."""
    i = start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 0:
        return None
    prev = doc[i].sent
    return _trim(doc, prev.start, prev.end)


def _subject(verb: Token) -> Token | None:
    """The speaker's head token: the cue's subject, else one borrowed up a few arcs. A
    participle cue the parser hung inside a reported clause ("Haddad noted that patience is the
    reason, adding, ...") borrows past that clause's subject: the clause is what was said, its
    subject is spoken about, and the one adding is the one who noted."""
    tok = verb
    outside = not quoted(verb)
    participle = verb.tag_ == "VBG"
    for _ in range(MAX_SUBJECT_CLIMB + 1):
        reported = participle and tok.i != verb.i and tok.dep_ == "ccomp"
        for child in () if reported else tok.children:
            if child.dep_ in SUBJECT_DEPS and tok.i != verb.i and outside and quoted(child):
                continue  # the quote's own subject ("Hard work is the reason," stressing ...) never speaks it
            if child.dep_ in SUBJECT_DEPS:
                if child.dep_ == "nsubjpass" and tok.i == verb.i:
                    agent = _agent(tok)
                    return agent
                if child.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                    return tok.head
                if child.dep_ == "csubj":
                    return None
                return child
        if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok.head
        if tok.i == verb.i and _reporting_participle(tok):
            return tok.head
        if tok.dep_ not in INHERIT_SUBJECT_DEPS or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


OPENING_MARKS = "“«"
CLOSING_MARKS = "”»"
"""Curly quotation marks and guillemets; German „...“ is left out (its closing mark is an
English opening one), which only ever makes fewer subjects look quoted."""


def quoted(tok: Token) -> bool:
    """Whether ``tok`` stands inside quotation marks opened earlier in its paragraph (curly
    or guillemets by their balance, straight ones by their parity)."""
    text = tok.doc.text
    before = text[text.rfind("\n", 0, tok.idx) + 1:tok.idx]
    opens = sum(before.count(m) for m in OPENING_MARKS)
    closes = sum(before.count(m) for m in CLOSING_MARKS)
    if opens or closes:
        return opens > closes
    return before.count('"') % 2 == 1


def _reporting_participle(verb: Token) -> bool:
    """``a Quinnipiac poll found that ...``: the small parser hangs a finite cue on its
    subject noun as a participle (``acl``); a that-clause under it shows it reports."""
    return (verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN")
            and any(c.dep_ in CONTENT_DEPS and c.i > verb.i and any(m.dep_ == "mark" for m in c.children)
                    for c in verb.children))


def _stranded_subject(verb: Token) -> Token | None:
    """``"...," Texas delegate Bill Eastland, wearing a hat, said``: when the parser lost the
    subject of a trailing cue, the first name after the quote's closing mark (a person
    before any other kind of name)."""
    comp = next((c for c in verb.children if c.dep_ in CONTENT_DEPS and c.i < verb.i), None)
    if comp is None:
        return None
    window = verb.doc[comp.i:verb.i]
    close = next((t.i for t in window if t.tag_ == "''"), None)
    if close is None:
        return None
    roots = [t for t in verb.doc[close + 1:verb.i]
             if t.ent_type_ in NAME_ENTS and (t.head.ent_type_ != t.ent_type_ or t.head.i == t.i)]
    return next((t for t in roots if t.ent_type_ == "PERSON"), roots[0] if roots else None)


def _agent(verb: Token) -> Token | None:
    """``it was said by X``: the passive agent's object."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def mention_range(head: Token) -> tuple[int, int] | None:
    """Token range of the words naming the speaker whose head is ``head``.

    Descriptions are dropped (appositions, relative clauses): ``Igor Strelkov, who led
    ...`` gives ``Igor Strelkov``; when the head is a common noun with a named
    apposition (``Ukraine's military chief, General Valerii Zaluzhnyy``) the name wins;
    a named person's lowercase description is dropped too (``Former army chief Lord
    Dannatt`` gives ``Lord Dannatt``), keeping titles.
    """
    appos = next((c for c in head.children if c.dep_ == "appos"), None)
    if appos is not None and head.pos_ != "PROPN" and any(t.pos_ == "PROPN" for t in appos.subtree):
        head = appos
    elif (holder := _titled_holder(head)) is not None:
        head = holder
    keep = [head]
    stack = [c for c in head.children]
    while stack:
        c = stack.pop()
        if c.dep_ in MENTION_DROP_DEPS and not (c.dep_ == "prep" and c.lower_ in MENTION_KEEP_PREPS and c.i > head.i):
            continue
        if c.dep_ == "prep" and c.lower_ in MEDIUM_PREPOSITIONS and any(
                o.dep_ == "pobj" and o.lemma_.lower() in MEDIUM_NOUNS for o in c.children):
            continue  # "Diab in his speech", "the minister in a statement": where, not who
        keep.extend(c.subtree)
    lo = min(t.i for t in keep)
    hi = max(t.i for t in keep) + 1
    doc = head.doc
    lo, hi = _name_core(doc, lo, hi, head)
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    if hi < len(doc) and doc[hi].text == ")" and doc[lo:hi].text.count("(") > doc[lo:hi].text.count(")"):
        hi += 1  # "the UK Ministry of Defence (MoD)": the parenthesis closes inside the mention
    return (lo, hi) if hi > lo else None


def _titled_holder(head: Token) -> Token | None:
    """``Varnel Port Authority (VPA) head Samir Haddad said``: the parser makes the body the
    subject and hangs the office and the person on it as appositions; the speaker is the
    person the office word ("head", "chief", "spokeswoman") stands right before."""
    if head.ent_type_ == "PERSON":
        return None
    for child in head.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            before = head.doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
            if before is not None and before.pos_ == "NOUN" and before.is_lower and before.head.i == head.i:
                return child
    return None


def _name_core(doc: Doc, lo: int, hi: int, head: Token) -> tuple[int, int]:
    """Shrink a person mention to its name plus titles (``Former army chief Lord Dannatt``)."""
    if head.ent_type_ != "PERSON" and not (head.pos_ == "PROPN" and doc[lo].pos_ != "DET"):
        return lo, hi
    if head.pos_ != "PROPN" or any(c.dep_ == "poss" and c.i >= lo for c in head.children):
        return lo, hi  # a possessor says whose it is ("Russia's defence ministry"): kept
    start = head.i
    while start > lo and (doc[start - 1].pos_ == "PROPN" or doc[start - 1].lower_.rstrip(".") in MENTION_TITLES):
        start -= 1
    if start > lo and doc[lo].pos_ == "DET":
        return lo, hi
    if any(doc[k].is_lower and doc[k].lower_.rstrip(".") not in MENTION_TITLES for k in range(lo, start)):
        return start, hi
    return lo, hi


def _content(verb: Token, lemma: str) -> tuple[int, int] | None:
    """The reported clause of a verb cue, as a token range, or ``None``."""
    doc = verb.doc
    comp = _complement(verb)
    if comp is None:
        # ``vowed to cut taxes``; or a clause the parser took for an xcomp (``said legalizing it could ...``)
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if xcomp is not None and (lemma in XCOMP_CUE_VERBS or any(t.dep_ in SUBJECT_DEPS for t in xcomp.subtree)):
            comp = xcomp
    if comp is None and (lemma in OBJECT_CONTENT_VERBS or _has_particle(verb, lemma)):
        obj = next((c for c in verb.children if c.dep_ == "dobj" and (c.pos_ != "PRON" or _predicated(verb, c))
                    and (lemma in STANCE_VERBS or c.ent_type_ != "PERSON")), None)
        if obj is not None:
            return _trim(doc, obj.left_edge.i, _object_end(verb, obj))
    if comp is None:
        pair = _pair_content(verb, lemma)
        if pair is not None:
            return pair
    if comp is not None:
        return _trim(doc, comp.left_edge.i, comp.right_edge.i + 1)
    if (verb.dep_ in PARENTHETICAL_DEPS or _comma_conjunct(verb)) and verb.head.i != verb.i and verb.i > verb.head.i:
        # "..., sources said": the clause the cue hangs on, minus the cue's own phrase; a cue
        # set in the middle of it ("The ship had been there, he added, since 2013") reports
        # the whole clause, its own phrase included (a content is one range)
        head = verb.head
        first = verb.left_edge.i
        while first < verb.i and doc[first].is_punct:
            first += 1  # the parser may hang the comma opening the cue's phrase on the cue
        lo, hi = head.left_edge.i, first
        if hi - lo >= 2 and _comma_before(doc, first):
            if verb.dep_ == "parataxis" and head.right_edge.i > verb.right_edge.i and _comma_after(doc, verb.right_edge.i):
                return _trim(doc, lo, head.right_edge.i + 1)
            return _trim(doc, lo, hi)
    if verb.dep_ == "parataxis" and verb.i < verb.head.i and _set_off(doc, verb):
        # "For the first time, Anna Berg said, the harbour made a profit": a cue set in the middle
        # of the clause it hangs on, before that clause's verb, reports the whole clause, as above
        return _trim(doc, verb.head.left_edge.i, verb.head.right_edge.i + 1)
    return None


def _set_off(doc: Doc, verb: Token) -> bool:
    """Whether the cue's own phrase stands between commas inside its sentence, words on either side."""
    first = verb.left_edge.i
    while first < verb.i and doc[first].is_punct:
        first += 1
    return (first > verb.head.left_edge.i and _comma_before(doc, first)
            and _comma_after(doc, verb.right_edge.i) and verb.right_edge.i + 1 < verb.head.right_edge.i)


def _pair_content(verb: Token, lemma: str) -> tuple[int, int] | None:
    """The content of a verb + preposition cue (``called for a ban``): the preposition's
    object, run on over an infinitive that completes it (``calls on the U.S. to lead``);
    or, where the parser read the preposition as a subordinator, the clause it opens
    (``calling for the United States to step up ...``)."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ == "prep" and (lemma, child.lower_) in VERB_PREPOSITION_CONTENT:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is None:
                return None
            end = pobj.right_edge.i + 1
            xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > pobj.i), None)
            if xcomp is not None:
                end = xcomp.right_edge.i + 1
            return _trim(doc, pobj.left_edge.i, end)
        if child.dep_ == "advcl" and child.i > verb.i:
            mark = next((m for m in child.children if m.dep_ == "mark" and m.i < child.i), None)
            if mark is not None and (lemma, mark.lower_) in VERB_PREPOSITION_CONTENT:
                return _trim(doc, mark.i + 1, child.right_edge.i + 1)
    return None


def _complement(verb: Token) -> Token | None:
    """The verb's clausal complement: the first one after the verb (``Cruz said he's
    certain ...``), else one before it (``It is over, he said``) unless it opens with a
    subordinator, the sign of an adverbial clause the parser hung on the verb
    (``after the senator suspended his campaign, Cruz said ...``)."""
    comps = [c for c in verb.children if c.dep_ in CONTENT_DEPS]
    after = [c for c in comps if c.i > verb.i]
    if after:
        return after[0]
    return next((c for c in comps if not any(m.dep_ == "mark" and m.i < c.i for m in c.children)), None)


def _predicated(verb: Token, obj: Token) -> bool:
    """Whether the cue says what its object is (``called him a liar``, ``calling them rapists``): then a
    pronoun object and its predicate are the content, as PolNeAR annotates them; a bare pronoun
    (``endorsed her``) says nothing."""
    return any(c.dep_ == "oprd" and c.i > obj.i for c in verb.children)


def _object_end(verb: Token, obj: Token) -> int:
    """Where a stance's content ends: past the object and the sister arcs that complete it
    (``called Trump a liar``, ``criticized Clinton for supporting the bill``)."""
    end = obj.right_edge.i + 1
    for c in verb.children:
        if c.i > obj.i and (c.dep_ in OBJECT_EXTRA_DEPS or (c.dep_ == "prep" and c.lower_ in OBJECT_EXTRA_PREPS)):
            end = max(end, c.right_edge.i + 1)
    return end


def _comma_conjunct(verb: Token) -> bool:
    """A trailing cue the parser read as a conjunct of the clause it reports (``X may be halted,
    an assessment indicated on Thursday``): joined by a comma, no ``and``/``but``, and with its
    own subject and no object."""
    head = verb.head
    return (verb.dep_ == "conj" and not any(c.dep_ == "cc" and head.i < c.i < verb.i for c in head.children)
            and any(c.dep_ in SUBJECT_DEPS for c in verb.children) and not any(c.dep_ == "dobj" for c in verb.children))


def _comma_before(doc: Doc, i: int) -> bool:
    """Whether the token just before ``i`` (skipping spaces) is a comma or dash."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return j >= 0 and doc[j].text in {",", "—", "–", "-"}


def _comma_after(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is, or is followed by, a comma or dash (a phrase set off in a sentence)."""
    return doc[i].text in {",", "—", "–"} or (i + 1 < len(doc) and doc[i + 1].text in {",", "—", "–"})


def _trim(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Trim complementisers, punctuation and spaces off a clause's edges; ``None`` if empty."""
    while lo < hi and (doc[lo].lower_ in CONTENT_TRIM_LEFT or doc[lo].is_space
                       or (doc[lo].is_punct and doc[lo].text not in "\"“‘'")):
        lo += 1
    while hi > lo and (doc[hi - 1].is_space or (doc[hi - 1].is_punct and doc[hi - 1].text not in "\"”’'")):
        hi -= 1
    return (lo, hi) if hi > lo else None


def _medium(verb: Token, lemma: str) -> tuple[tuple[int, int] | None, str | None]:
    """Where the words were said: ``told Sky News``, ``on Twitter``, ``in a statement``."""
    if lemma in VERB_MEDIA:
        return None, VERB_MEDIA[lemma]
    for child in verb.children:
        if lemma == "tell" and child.dep_ in ("dative", "dobj") and (
            child.ent_type_ in ("ORG", "FAC", "WORK_OF_ART") or (child.pos_ == "PROPN" and child.ent_type_ != "PERSON")
        ):
            return _medium_span(child)
        if child.dep_ == "prep" and child.lower_ in MEDIUM_PREPOSITIONS:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if pobj.lemma_.lower() in MEDIUM_NOUNS:
                outlet = _outlet_of(pobj)
                return _medium_span(outlet if outlet is not None else pobj)
            if pobj.lower_ in PLATFORMS or (child.lower_ == "on" and pobj.ent_type_ in ("ORG", "WORK_OF_ART")):
                return _medium_span(pobj)
    return None, None


def _outlet_of(noun: Token) -> Token | None:
    """``an interview with CNN``: the named outlet of a medium noun."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("with", "on", "to"):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ in ("ORG", "WORK_OF_ART"):
                return pobj
    return None


def _medium_span(tok: Token) -> tuple[tuple[int, int], str]:
    """The medium's words without determiners or possessives (``a statement`` -> ``statement``)."""
    toks = [t for t in tok.subtree if t.i <= tok.i and t.dep_ not in ("det", "poss", "case", "punct")]
    lo = min(t.i for t in toks)
    span: Span = tok.doc[lo:tok.i + 1]
    return (span.start, span.end), span.text
