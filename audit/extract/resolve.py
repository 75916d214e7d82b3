"""Within-article speaker resolution: every mention of one speaker gets one name.

Mentions are resolved in text order against *clusters* (one per speaker in the article):

* names join a cluster by registry id, by surname (persons) or by acronym/name key
  (organisations): Lord Dannatt = Dannatt, the Ministry of Defence = the MoD;
* ``he``/``she`` take the most recent gender-compatible person seen in subject position
  (gender from titles and forenames, learnt from earlier pronouns), else the most recent
  person seen at all; ``it`` takes the most recent organisation, ``they`` the most recent
  organisation or group;
* definite descriptions (``the former army chief``) take the most recent cluster whose
  description words (from ``Former army chief Lord Dannatt``, appositions, registry
  roles) hold the description's head noun, else the most recent cluster of the right kind;
* anonymous sources (``a source``, ``officials``) stay anonymous and are never merged.

Clusters are finally mapped to canonical speakers through the registry; unknown
speakers keep their best (longest) name and a slug id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from audit.speakers import Registry, Speaker, bare_name, name_key, slug

MALE_TITLES = frozenset("mr sir lord king prince baron duke earl father brother".split())
FEMALE_TITLES = frozenset("mrs ms miss lady dame baroness queen princess duchess sister madam".split())
MALE_FORENAMES = frozenset(
    """
    john james robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
    tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy
    christian keir boris rishi tony gordon nigel jeremy ben bernie ted marco jeb mike chris
    barack bill joe vladimir volodymyr valerii valery valeriy igor sergei sergey dmitry ramzan
    daniil emmanuel olaf rex reince newt rudy rand lindsey mitch harry tim kim jim tom dan
    """.split()
)
"""Common male forenames (gender of a name whose title does not say)."""
FEMALE_FORENAMES = frozenset(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
    margaret sandra ashley dorothy kimberly emily donna michelle carol amanda melissa deborah
    stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna brenda
    pamela nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth
    maria heather diane virginia julie joyce victoria olivia kelly christina lauren joan
    evelyn judith megan cheryl andrea hannah martha jacqueline frances gloria ann teresa
    kathryn sara janice jean alice madison doris abigail julia judy grace denise amber
    hillary theresa liz nicola priti suella kamala nancy elizabeth ivanka melania kellyanne
    huma carly sarah condoleezza madeleine angela ursula
    """.split()
)
"""Common female forenames."""
MALE_PRONOUNS = frozenset({"he", "him", "his"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers"})
ORG_PRONOUNS = frozenset({"it", "its"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})

ANONYMOUS_NOUNS = frozenset(
    """
    source sources official officials aide aides insider insiders person people spokesman
    spokeswoman spokesperson representative representatives diplomat diplomats analyst analysts
    expert experts observer observers critic critics resident residents witness witnesses
    member members staffer staffers adviser advisers advisor advisors someone anyone
    """.split()
)
"""Head nouns of unnamed sources (``a source said``, ``officials said``)."""
ORG_NOUNS = frozenset(
    """
    ministry department government agency company firm newspaper daily paper outlet network
    campaign committee council court police army military navy force forces office bank
    administration party group organisation organization institute university report study
    poll survey commission authority authorities kremlin parliament congress senate house
    union association board bureau service channel station magazine website team club
    """.split()
)
"""Head nouns of organisations (``the influential US daily``, ``the campaign``)."""
ORG_ENTS = frozenset({"ORG", "GPE", "NORP"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PRONOUN_LOOKBACK_CHARS = 3000
"""How far back (characters) a pronoun or description may find its speaker."""


@dataclass(slots=True)
class Cluster:
    """One speaker within an article."""

    kind: str
    names: list[str] = field(default_factory=list)
    descr: set[str] = field(default_factory=set)
    gender: str | None = None
    registry: Speaker | None = None

    def best_name(self) -> str:
        """The longest name the article gives, bare (see ``bare_name``)."""
        return bare_name(max(self.names, key=len)) if self.names else ""


@dataclass(slots=True)
class Resolved:
    """What a mention resolves to."""

    speaker: str | None
    speaker_id: str | None
    kind: str


@dataclass(slots=True)
class _Sighting:
    pos: int
    cluster: Cluster
    subject: bool


class ArticleSpeakers:
    """Resolves mentions of one article, in text order, to clusters and then speakers."""

    def __init__(self, doc: Doc, registry: Registry | None) -> None:
        self.doc = doc
        self.registry = registry
        self.clusters: list[Cluster] = []
        self.sightings: list[_Sighting] = []
        for ent in doc.ents:
            if ent.label_ == "PERSON" or ent.label_ == "ORG":
                kind = "person" if ent.label_ == "PERSON" else "organisation"
                cl = self._cluster_for_name(ent.text, kind)
                self._describe(cl, ent)
                self.sightings.append(_Sighting(ent.start_char, cl, ent.root.dep_ in SUBJECT_DEPS
                                                or (ent.root.dep_ == "appos" and ent.root.head.dep_ in SUBJECT_DEPS)))

    # -- public -------------------------------------------------------------------------
    def resolve(self, mention: tuple[int, int] | None) -> Resolved:
        """Resolve the mention at token range ``mention`` (``None``: no speaker)."""
        if mention is None:
            return Resolved(None, None, "unknown")
        span = self.doc[mention[0]:mention[1]]
        cluster, kind = self._cluster_of(span)
        if cluster is None:
            return Resolved(span.text if kind == "anonymous" else None, slug(span.text) if kind == "anonymous" else None, kind)
        self.sightings.append(_Sighting(span.start_char, cluster, True))
        return self._speaker(cluster)

    # -- mention kinds --------------------------------------------------------------------
    def _cluster_of(self, span: Span) -> tuple[Cluster | None, str]:
        words = [t.lower_ for t in span]
        root = span.root
        if len(span) == 1 and words[0] in MALE_PRONOUNS | FEMALE_PRONOUNS:
            gender = "m" if words[0] in MALE_PRONOUNS else "f"
            cl = self._recent(span.start_char, lambda c: c.kind == "person" and c.gender in (None, gender))
            if cl is not None and cl.gender is None:
                cl.gender = gender
            return cl, "person"
        if len(span) == 1 and words[0] in ORG_PRONOUNS:
            return self._recent(span.start_char, lambda c: c.kind == "organisation"), "organisation"
        if len(span) == 1 and words[0] in GROUP_PRONOUNS:
            cl = self._recent(span.start_char, lambda c: c.kind in ("organisation", "anonymous"))
            return cl, cl.kind if cl is not None else "unknown"
        if words and words[0] in FIRST_PERSON and len(span) == 1:
            return None, "unknown"
        has_name = any(t.pos_ == "PROPN" for t in span)
        head = root.lemma_.lower()
        if not has_name and head in ANONYMOUS_NOUNS:
            cl = Cluster("anonymous", [span.text])
            self.clusters.append(cl)
            return cl, "anonymous"
        if not has_name and root.pos_ == "NOUN":
            cl = self._by_description(span, head)
            if cl is not None:
                return cl, cl.kind
        kind = _kind_of(span)
        cl = self._cluster_for_name(_name_text(span), kind)
        self._describe(cl, span)
        return cl, cl.kind

    def _recent(self, pos: int, ok) -> Cluster | None:
        """The most recent fitting cluster before ``pos``: subjects first, then any sighting."""
        window = [s for s in self.sightings if pos - PRONOUN_LOOKBACK_CHARS <= s.pos < pos]
        window.sort(key=lambda s: s.pos, reverse=True)
        for want_subject in (True, False):
            for s in window:
                if (s.subject or not want_subject) and ok(s.cluster):
                    return s.cluster
        return None

    def _by_description(self, span: Span, head: str) -> Cluster | None:
        """``the former army chief``: a cluster described by the head noun, else a recent one of its kind."""
        words = {t.lemma_.lower() for t in span if t.pos_ in ("NOUN", "ADJ")}
        pos = span.start_char
        cl = self._recent(pos, lambda c: head in c.descr and len(words & c.descr) >= min(2, len(words)))
        if cl is None:
            cl = self._recent(pos, lambda c: head in c.descr)
        if cl is None and span[0].lower_ == "the":
            if head in ORG_NOUNS:
                cl = self._recent(pos, lambda c: c.kind == "organisation")
        return cl

    # -- clusters -------------------------------------------------------------------------
    def _cluster_for_name(self, name: str, kind: str) -> Cluster:
        """The cluster a name belongs to (registry id, surname, name key or acronym), made if new."""
        reg = self.registry.resolve(name, kind if kind in ("person", "organisation") else None) if self.registry else None
        key = name_key(name)
        for cl in self.clusters:
            if reg is not None and cl.registry is not None:
                if cl.registry.speaker_id == reg.speaker_id:
                    break
                continue
            if cl.kind == "anonymous":
                continue
            if any(_same_name(key, name_key(n), kind, cl.kind) for n in cl.names):
                break
        else:
            cl = Cluster(kind)
            self.clusters.append(cl)
        if name not in cl.names:
            cl.names.append(name)
        if reg is not None and cl.registry is None:
            cl.registry = reg
            cl.descr |= {w for w in (reg.role or "").lower().split() if len(w) > 2}
            cl.kind = reg.kind
        if cl.kind == "unknown" and kind != "unknown":
            cl.kind = kind
        if cl.gender is None:
            cl.gender = _gender(name)
        return cl

    def _describe(self, cl: Cluster, span: Span) -> None:
        """Collect description words: lowercase nouns before a name and its apposition's nouns."""
        root = span.root
        for tok in root.subtree:
            if tok.pos_ == "NOUN" and (tok.i < span.start or tok.i >= span.end or tok.is_lower):
                if tok.dep_ in ("compound", "appos", "amod", "nsubj", "nmod", "ROOT") or tok.head.dep_ == "appos" or tok.dep_ == "appos":
                    cl.descr.add(tok.lemma_.lower())
        for child in root.children:
            if child.dep_ == "appos":
                cl.descr |= {t.lemma_.lower() for t in child.subtree if t.pos_ in ("NOUN", "ADJ")}

    def _speaker(self, cl: Cluster) -> Resolved:
        if cl.registry is not None:
            return Resolved(cl.registry.name, cl.registry.speaker_id, cl.registry.kind)
        name = cl.best_name()
        return Resolved(name or None, slug(name) if name else None, cl.kind)


def _same_name(a: str, b: str, kind_a: str, kind_b: str) -> bool:
    """Two names of one speaker: equal keys, a shared surname (persons), or an acronym (organisations)."""
    if not a or not b:
        return False
    if a == b:
        return True
    if kind_a == "person" and kind_b == "person" or "person" in (kind_a, kind_b) and "unknown" in (kind_a, kind_b):
        return a.split()[-1] == b.split()[-1]
    if "organisation" in (kind_a, kind_b):
        return _acronym(a) == b.replace(" ", "") or _acronym(b) == a.replace(" ", "")
    return False


def _acronym(key: str) -> str:
    words = key.split()
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def _gender(name: str) -> str | None:
    words = [w.strip(".").lower() for w in name.split()]
    for w in words:
        if w in MALE_TITLES:
            return "m"
        if w in FEMALE_TITLES:
            return "f"
    for w in words:
        if w in MALE_FORENAMES:
            return "m"
        if w in FEMALE_FORENAMES:
            return "f"
    return None


def _kind_of(span: Span) -> str:
    """Person / organisation / unknown from entities, titles and head nouns."""
    labels = {t.ent_type_ for t in span if t.ent_type_}
    if "PERSON" in labels or _gender(span.text) is not None:
        return "person"
    if labels & ORG_ENTS or span.root.lemma_.lower() in ORG_NOUNS:
        return "organisation"
    return "unknown"


def _name_text(span: Span) -> str:
    """The mention without a leading article or possessive case (``the MoD`` -> ``MoD``)."""
    toks = list(span)
    while toks and toks[0].pos_ == "DET":
        toks = toks[1:]
    if not toks:
        return span.text
    return span.doc[toks[0].i:toks[-1].i + 1].text
