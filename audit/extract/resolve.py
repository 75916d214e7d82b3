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
* institutions are told apart by nationality evidence in the mention and the words
  hanging on it ("Russia's defence ministry", "the ministry in Kyiv"), never by the bare
  head noun: a bare "the defence ministry" takes the nearest ministry named earlier in
  the article, else stays unknown;
* role descriptions ("Ukraine's top military commander", "the former head of the
  British Army") that refer back to no one take whoever held the role on the article's
  date (``doc._.article_date``) in the registry;
* a country credited as speaker ("Britain said", "Moscow said") and groups with a
  nationality ("Western officials", "UK defence officials") are ``generic`` speakers,
  linked to a registry body only when the mention names one;
* anonymous sources (``a source``, ``officials``) stay anonymous and are never merged.

Clusters are finally mapped to canonical speakers through the registry; unknown
persons get an id from their parsed name (``Councillor Tom Briggs`` = ``Tom Briggs MP``
= ``tom-briggs``), other unknown speakers their best name and a slug id.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from spacy.tokens import Doc, Span, Token

from audit.extract.cues import MEDIUM_NOUNS, WRITTEN_MEDIA
from audit.extract.sources import NAME_ENTS, mention_range, quoted
from audit.lang import titles
from audit.lang.names import (
    is_title,
    parse_name,
    same_given,
    same_surname,
    surname_skeleton,
)
from audit.lang.nations import country_of, is_seat
from audit.lang.titles import PEELED, PERSON_ONLY
from audit.lang.words import FEMALE_PRONOUNS, FIRST_PERSON, GROUP_PRONOUNS, MALE_PRONOUNS, ORG_PRONOUNS
from audit.model import SpeakerKind
from audit.speakers import (
    FORMER_WORDS,
    ROLE_DROP,
    ROLE_SYNONYMS,
    Registry,
    Speaker,
    bare_name,
    evidence,
    institution_name,
    legal_form,
    name_key,
    person_id,
    slug,
    without_legal_form,
)

if not Doc.has_extension("article_date"):
    Doc.set_extension("article_date", default=None)
    """The article's publication date as ISO text (``2024-03-01``), set by the caller before
    the pipeline runs: role descriptions resolve to whoever held the role then. Text, not a
    ``datetime.date``: spaCy's worker processes (``n_process`` > 1) send a Doc's user data
    through msgpack, which has no date type."""

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
NO_SPEAKER_PRONOUNS = frozenset(
    """
    you your yours yourself yourselves that this these those who whom whose which what whatever
    whoever everyone everybody nobody
    """.split()
)
"""Pronouns that name no one by themselves ("you", a relative "who", a demonstrative
"that"): a mention that is only one of them stays without a speaker id, never an id
``you`` shared by every article."""
PRONOUN_WORDS = MALE_PRONOUNS | FEMALE_PRONOUNS | ORG_PRONOUNS | GROUP_PRONOUNS | FIRST_PERSON | NO_SPEAKER_PRONOUNS
"""A one-word mention in this set is resolved as a pronoun (``_pronoun_cluster``)."""

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
DATA_NOUNS = frozenset("data figures statistics estimates numbers analysis assessment estimate report study".split())
"""Head nouns of what a body publishes: "X's tracking data", "figures from X", "an assessment by
X" are X's words."""
HYPHEN_DESCRIBER = re.compile(r"^(?:[\w.]+-)+[a-z]+\s+(?=[A-Z])")
"""A hyphenated word ending in lowercase before a capitalised name ("state-run", "Moscow-backed",
"Norland-owned"): it describes the body or person, it is no part of the name."""
PUBLISHER_PREPOSITIONS = frozenset({"by", "from", "of"})
"""Prepositions that name who published data ("an assessment by X", "figures from X")."""
DOCUMENT_DETERMINERS = frozenset({"the", "this", "that", "its", "his", "her", "their"})
"""Determiners that make a medium noun the document just credited ("the statement said",
"its release concluded"), not any document ("a statement said")."""
DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
"""Determiners that make a data noun the data just credited ("according to those estimates"); a
bare "the figures" may be anyone's."""
GENERIC_HEADS = frozenset(
    """
    military army force forces troop troops government authority authorities official officials
    source sources intelligence side leadership administration officers commanders diplomat
    diplomats ministers generals
    """.split()
)
"""Head nouns of collective credits ("Ukraine's military", "Western officials"): with a
nationality or bloc word they are generic speakers, not anonymous ones."""
BLOC_WORDS = frozenset("western nato allied eu european ukrainian russian foreign".split())
"""Words that make a group of officials a generic credit rather than an anonymous one."""
ROLE_NOUNS = frozenset(
    """
    chief head leader commander minister secretary president general premier chancellor
    spokesman spokeswoman spokesperson director governor mayor ambassador boss
    chairman chairwoman chairperson chair ceo prosecutor
    """.split()
)
"""Head nouns of role descriptions a registry role may answer ("the army chief")."""
AGENT_NOUNS = frozenset(
    """
    man men woman women person people individual candidate nominee public family families friend
    friends ally allies rival rivals opponent opponents colleague colleagues child children kid kids
    parent parents student students crowd crowds audience citizen citizens supporter supporters
    activist activists lawmaker lawmakers senator senators democrat democrats republican republicans
    conservative conservatives liberal liberals progressive progressives delegate delegates staff
    media press electorate establishment camp side everyone everybody somebody nobody guy guys boy
    boys girl girls son sons wife husband mother brother sister daughter father uncle aunt couple
    crew jury panel captain pilot victim victims attorney judge nurse doctor coach
    veteran veterans patient patients guest guests host hosts neighbour neighbor neighbours neighbors
    employee employees worker workers pundit pundits scholar scholars advocate advocates partisan
    partisans tycoon tycoons magnate magnates billionaire billionaires millionaire star stars
    celebrity celebrities actress actresses mogul fan fans hero heroine legend icon
    state states country countries nation nations city cities county town village school schools
    church hospital community communities coalition alliance movement industry sector
    """.split()
)
"""Common nouns of people, groups and bodies that no other list here holds ("voters said", "the
tycoon argued", "the press reported", "the state admitted"): they can speak (``can_speak``)."""
QUANTITY_HEADS = frozenset("percent majority majorities minority half third quarter most many some all lot share plurality".split())
"""Heads of a share of people ("55 percent of voters say", "a majority said", "a lot of people
claim"): a poll's respondents, who can speak (``can_speak``)."""
AGENT_SUFFIXES = ("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ee", "ees", "ant", "ants", "ent", "ents",
                  "man", "men", "woman", "women")
"""Endings of agent nouns (``voter``, ``senator``, ``economist``, ``historian``, ``nominee``,
``consultant``, ``respondent``, ``businessman``): a head with one of them is taken for a person
(``can_speak``; not ``-ment``, ``statement`` is a document and ``argument`` a thing), so an
unlisted person noun never loses its credit; a thing with such an ending (``the number``) keeps
its credit as before."""
DOCUMENT_NOUNS = DATA_NOUNS | WRITTEN_MEDIA | frozenset(
    """
    poll survey research document filing complaint lawsuit indictment ruling order audit review
    finding record transcript book remark comment testimony response answer brief projection forecast
    model result results count tally law bill act constitution resolution agreement treaty platform
    proposal plan policy rule regulation guideline page site ad advertisement commercial
    """.split()
)
"""Head nouns of documents, polls and data: PolNeAR counts them as sources ("the poll showed",
"the report said", "his remarks suggest"), so they keep their credit (``can_speak``). Media that
only show (``video``, ``broadcast``, ``footage``) are not here: "the videos show X" is the
writer's narration."""
INDEFINITE = frozenset({"a", "an", "no", "any", "another", "some", "one"})
"""Determiners of a description that names no particular holder ("a retired general",
"no president"): never answered by the registry's holder of a role."""
WIRE_AGENCIES = frozenset(
    """
    ap afp reuters upi dpa ansa efe xinhua kyodo jiji tass ria anadolu bloomberg
    """.split()
)
"""News agencies credited in datelines, bylines and photo captions ("(AP photo)", "By
REUTERS"): the outlet's sources for the whole story, never what "it said" refers back to."""
COMPANY_NOUNS = frozenset({"company", "firm", "owner", "operator", "manufacturer", "group"})
"""Head nouns that may refer back to a company the article named with its legal form."""
EXPLETIVE_IT_VERBS = frozenset("seem appear happen rain snow take matter remain look sound feel cost".split())
"""Verbs whose subject "it" stands for no one ("it seems", "it takes time", "it rained")."""
ORG_ENTS = frozenset({"ORG", "GPE", "NORP"})
NOT_NAME_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
"""Entity types whose capitalised words name no speaker ("August 2020", "Friday")."""
FRAGMENT_STARTS = frozenset({"ADP", "CCONJ", "SCONJ", "PART"})
"""Parts of speech a mention never starts with: "of the Republic" is a piece of a name or
of a clause, not a speaker. (Not verbs: the small tagger takes a sentence-opening surname
such as "Trump" for one.)"""
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*)*)"
    r"(?P<extra>,[^\n()–—-]{1,40})?[ \t]*(?P<agency>\([^()\n]{1,60}\))?[ \t]*(?P<dash>--|[-–—])?"
    r"(?P<outlet>[ \t]*[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3},[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}[ \t]*:)?",
    re.MULTILINE,
)
"""A wire dateline opening a paragraph: a place, perhaps a region or date, perhaps the
agency in parentheses, then a dash ("CAIRO, March 28 (Reuters) -", "SUEZ, Egypt —",
"Varnel, Aug 7 (AP)", "MOSCOW (Varnel News / Wire - 5th August, 2020)"), or a place, a dash, the
outlet and a date before a colon ("Varnel - Harbour TV, August 4:"). Neither its place nor its agency is a speaker or an antecedent:
the agency is the outlet's source for the whole story, not the voice of a quote in it."""
DATELINE_MONTHS = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b")
"""A date in a dateline's middle part ("Aug 7", "March 28")."""
PRONOUN_LOOKBACK_CHARS = 3000
"""How far back (characters) a pronoun or description may find its speaker."""


@dataclass(slots=True)
class Cluster:
    """One speaker within an article."""

    kind: SpeakerKind
    names: list[str] = field(default_factory=list)
    descr: set[str] = field(default_factory=set)
    gender: str | None = None
    registry: Speaker | None = None
    countries: set[str] = field(default_factory=set)
    concept: set[str] = field(default_factory=set)
    """Content words of its names (institutions: ``ministry``, ``defence``)."""
    generic: bool = False
    body: bool = False
    """A name NER took for a person that its sentence treats as a body (``_spoken_of_as_body``):
    a later title-less sighting of the name never makes it a person again."""

    def best_name(self) -> str:
        """The longest name the article gives, bare (see ``bare_name``)."""
        return bare_name(max(self.names, key=len), titles=self.kind in ("person", "unknown")) if self.names else ""

    def person_name(self) -> tuple[str, str] | None:
        """Display name and id of an unknown person from the fullest parsed name, so a
        title or post-nominal never makes a second speaker."""
        parsed = [p for n in self.names if (p := parse_name(n)) is not None]
        if not parsed:
            return None
        best = max(parsed, key=lambda p: (bool(p.first), len(p.full)))
        return best.full, person_id(best)


MentionKind = SpeakerKind | Literal["described"]
"""What a mention is: a speaker's kind, or ``described``, a description of no one named (never guessed)."""


@dataclass(slots=True)
class Resolved:
    """What a mention resolves to."""

    speaker: str | None
    speaker_id: str | None
    kind: SpeakerKind
    mention: tuple[int, int] | None = None
    """Character offsets of the words that name the speaker, when they are narrower than the
    mention the parser gave (a dateline run into the subject: "KYIV, Sept 11 (Wire) -
    Ukraine's military" names "Ukraine's military"); ``None``: the mention as given."""


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
        day = doc._.article_date if Doc.has_extension("article_date") else None
        self.day: date | None = date.fromisoformat(day) if isinstance(day, str) else day
        self.clusters: list[Cluster] = []
        self.sightings: list[_Sighting] = []  # kept in text order, so a look-back is a bisection
        self._keys: dict[str, str] = {}  # name -> name_key, computed once per name
        self._sigs: dict[int, tuple[int, frozenset[tuple[str, str]]]] = {}  # id(cluster) -> (len(names), signatures)
        self.datelines = datelines(doc.text)
        self._described: dict[tuple[int, int], Cluster | str] = {}  # mention's characters -> its cluster or words
        self._exclude: str | None = None  # the speaker a pronoun being resolved must not take
        # full names first, so a bare surname anywhere finds the article's own full-name person
        of_ent: dict[int, Cluster] = {}  # an entity's end token -> its cluster
        names = {e.start: _company_span(e) for e in doc.ents if e.label_ in ("PERSON", "ORG")}
        companies = [n.text.split() for n in names.values() if legal_form(n.text)]
        self.companies = companies
        credits = []
        for ent in sorted(doc.ents, key=lambda e: not _full_name(e.text)):
            if self._in_dateline(ent.start_char, ent.end_char):
                continue
            if ent.label_ == "PERSON" or ent.label_ == "ORG":
                if _parenthesised(ent):
                    credits.append(ent)
                    continue
                kind: SpeakerKind = "person" if ent.label_ == "PERSON" or _titled(ent) else "organisation"
                ent = names[ent.start]
                body = kind == "person" and _spoken_of_as_body(ent)
                if _company_name(ent.text, companies) or body:
                    kind = "organisation"  # "Varnel Kisen" where the article names "Varnel Kisen Kaisha"
                cl = self._body(ent.text) if body else self._cluster_for_name(ent.text, kind, ent)
                self._describe(cl, ent)
                of_ent[ent.end] = cl
                if quoted(ent.root):
                    continue  # a name inside a quote is spoken about: never what "he said" refers back to
                insort(self.sightings, _Sighting(ent.start_char, cl, _main_subject(ent.root)), key=_pos)
        for ent in credits:  # "Bernhard Schulte Shipmanagement (BSM)", "Ministry of Defence 🇬🇧 (@DefenceHQ)"
            before = ent.start - 1  # the "("; flags and symbols may stand between it and the name
            while before > 0 and not any(ch.isalnum() for ch in doc[before - 1].text):
                before -= 1
            named = of_ent.get(before)
            if named is not None and ent.text not in named.names:
                named.names.append(ent.text)
            # else a credit ("Officials at the quay. (Reuters)", "Taiwan News (Reuters)"): no antecedent
        self.named_ids = {cl.registry.speaker_id for cl in self.clusters if cl.registry is not None}
        """Registry speakers the article names anywhere: a role held by several people
        goes to the one of them the article names."""

    # -- public -------------------------------------------------------------------------
    def resolve(self, mention: tuple[int, int] | None, exclude: str | None = None) -> Resolved:
        """Resolve the mention at token range ``mention`` (``None``: no speaker); a pronoun
        never takes the speaker ``exclude`` (the one whose quote holds the pronoun)."""
        if mention is None:
            return Resolved(None, None, "unknown")
        self._exclude = exclude
        span = self.doc[mention[0]:mention[1]]
        cut = next((e for s, e in self.datelines if s <= span.start_char < e < span.end_char), None)
        rest = next((t.i for t in span if t.idx >= cut), None) if cut is not None else None
        if rest is not None:  # "Varnel, Aug 7 (AP) Varnel President Omar Falk": the words after the dateline
            span = self.doc[rest:span.end]
        if self._in_dateline(span.start_char, span.end_char):
            after = self._after_dateline(span)  # "CAIRO (Reuters) -": where and who filed, not who spoke
            if after is None:
                return Resolved(None, None, "unknown")
            span = after
        found = self._resolve_span(span)
        narrowed = (span.start, span.end) != (mention[0], mention[1])
        return replace(found, mention=(span.start_char, span.end_char)) if narrowed else found

    def _resolve_span(self, span: Span) -> Resolved:
        """:meth:`resolve` of the words that name the speaker, datelines cut away."""
        cluster, kind = self._cluster_of(span)
        where = (span.start_char, span.end_char)
        if cluster is not None:
            self._described[where] = cluster
        elif kind == "described" and (words := _described_as(span)) is not None:
            self._described[where] = " ".join([words, *self._possessor_words(span)])
        if cluster is None:
            if kind == "described":  # a description of no one we can name: credited as written, with no id
                return Resolved(span.text, None, "unknown")
            return Resolved(span.text if kind == "anonymous" else None, slug(span.text) if kind == "anonymous" else None, kind)
        if not _inside_closed_quote(span.root):  # a speaker quoted within a quote is spoken about
            insort(self.sightings, _Sighting(span.start_char, cluster, True), key=_pos)
        return self._speaker(cluster)

    def _after_dateline(self, span: Span) -> Span | None:
        """The subject the parser ran a dateline into ("CAIRO — Egypt's President Lena Morgan
        said", parsed with "CAIRO" as the subject): the name or noun phrase opening the
        sentence right after the dateline, else ``None``."""
        end = next(e for s, e in self.datelines if s <= span.start_char and span.end_char <= e)
        first = next((t for t in span.sent if t.idx >= end and not (t.is_space or t.is_punct)), None)
        if first is None or first.pos_ not in ("PROPN", "NOUN", "DET", "ADJ"):
            return None
        head = first
        while head.head.i != head.i and head.head.pos_ in ("PROPN", "NOUN") and head.dep_ != "appos":
            head = head.head
        found = mention_range(head)
        if found is None or found[1] <= first.i:
            return None
        return self.doc[max(found[0], first.i):found[1]]

    def _names_someone(self, span: Span) -> bool:
        """Whether a mention the tagger saw no name in still holds one: a capital inside the
        sentence, or a sentence-opening word that is a name the article gave ("Trump offered
        ..., and said", which the small tagger reads as a noun)."""
        if any(t.text[:1].isupper() and not t.is_sent_start for t in span):
            return True
        key = self._key(_name_text(span))
        return span[0].text[:1].isupper() and any(
            _same_name(key, self._key(n), "unknown", cl.kind) for cl in self.clusters if cl.kind == "person"
            for n in cl.names)

    def description_at(self, start: int | None, end: int | None) -> str | None:
        """``Quote.speaker_description`` of the mention at characters ``[start, end)``: the
        words the article describes its person or body with by the end of the article
        (titles, appositions, roles), sorted; for a description no one in the article is named
        by, its own head noun and words (``_described_as``); ``None`` for anything else."""
        found = self._described.get((start, end)) if start is not None and end is not None else None
        if found is None or isinstance(found, str):
            return found
        if found.kind not in ("person", "organisation") or found.generic:
            return None
        words = sorted(w for w in found.descr if w.isalpha() and len(w) > 2)
        return " ".join(words) or None

    def _possessor_words(self, span: Span) -> list[str]:
        """The name words of the body "its" refers to in a description ("its chairman" after
        "the Suez Canal Authority": ``suez``, ``canal``, ``authority``), so the description is the
        role of that body; none for another possessor."""
        if not any(t.lower_ == "its" and t.dep_ == "poss" for t in span):
            return []
        body = self._recent(span.start_char, lambda c: c.kind == "organisation" and not _wire(c))
        if body is None:
            return []
        return sorted({w.lower() for w in re.findall(r"[A-Za-z]+", without_legal_form(body.best_name())) if len(w) > 2})

    def _in_dateline(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.datelines)

    # -- mention kinds --------------------------------------------------------------------
    def _cluster_of(self, span: Span) -> tuple[Cluster | None, MentionKind]:
        """The cluster a mention names and what kind of mention it is, tried in order: a
        pronoun, a body's data, a fragment, a country or group, an anonymous source, an
        institution's or a role's description, and last a name."""
        words = [t.lower_ for t in span]
        if len(span) == 1 and words[0] in PRONOUN_WORDS:
            return self._pronoun_cluster(span, words[0])
        root = span.root
        publisher = _publisher(span) if {root.lower_, root.lemma_.lower()} & DATA_NOUNS else []
        if len(publisher) == 1:  # "Varnel Radar tracking data", "data from the Harbour List"
            return self._cluster_of(publisher[0])
        if _document(span):  # "the statement said": whoever the article last credited issued it
            cl = self._recent(span.start_char, lambda c: c.kind in ("person", "organisation") and not _wire(c))
            return cl, cl.kind if cl is not None else "unknown"
        countries = self._countries_around(span)
        ev = evidence(span.text, countries)
        if _fragment(span):
            return None, "unknown"  # "of the Republic", "August 2020", "7 Aug": a fragment, a date, a number
        clauses = _clause_tokens(span)
        has_name = any(t.pos_ == "PROPN" and country_of(t.text) is None and t.ent_type_ not in NOT_NAME_ENTS
                       and not _office_word(t) and t.i not in clauses
                       for t in span)  # "The Prime Minister": an office, no name; "the manager of a ship that ..."
        found = self._collective(span, ev, countries, has_name)
        if found is None:
            found = self._description(span, ev, countries, has_name)
        return found if found is not None else self._named(span, ev, countries, has_name)

    def _pronoun_cluster(self, span: Span, word: str) -> tuple[Cluster | None, MentionKind]:
        """he/she: the latest person of that gender; it: the latest body; they: a body, group or
        anonymous source; I/we and pronouns naming no one: nobody."""
        if word in MALE_PRONOUNS | FEMALE_PRONOUNS:
            gender = "m" if word in MALE_PRONOUNS else "f"
            cl = self._recent(span.start_char, lambda c: c.kind == "person" and c.gender in (None, gender)
                              and self._not_excluded(c))
            if cl is not None and cl.gender is None:
                cl.gender = gender
            return cl, "person"
        if word in ORG_PRONOUNS:
            return self._recent(span.start_char, lambda c: c.kind in ("organisation", "generic") and not _wire(c)
                                and self._not_excluded(c)), "organisation"
        if word in GROUP_PRONOUNS:
            cl = self._recent(span.start_char, lambda c: c.kind in ("organisation", "anonymous", "generic")
                              and not _wire(c) and self._not_excluded(c))
            return cl, cl.kind if cl is not None else "unknown"
        return None, "unknown"

    def _not_excluded(self, cl: Cluster) -> bool:
        """Whether a pronoun may take ``cl``: not when it is the speaker whose quote holds it."""
        return self._exclude is None or self._speaker(cl).speaker_id != self._exclude

    def _collective(self, span: Span, ev, countries: set[str], has_name: bool) -> tuple[Cluster | None, MentionKind] | None:
        """A country ("Britain said"), a national or bloc group ("Western officials") or an
        anonymous source ("officials"); ``None``: the mention is none of these."""
        head = span.root.lemma_.lower()
        if ev.countries and not ev.concept:
            cl = self._country(span, ev)
            return cl, cl.kind
        if head in GENERIC_HEADS and (ev.countries or BLOC_WORDS & {t.lower_ for t in span}) and not has_name:
            found = self.registry.resolve(_name_text(span), "organisation", nationality=countries) if self.registry else None
            if found is not None:  # "British intelligence": the registry names the body
                return self._cluster_for_name(_name_text(span), "organisation", span, registry=found), found.kind
            return self._group(span, ev), "generic"
        if not has_name and head in ANONYMOUS_NOUNS:
            cl = Cluster("anonymous", [span.text])
            self.clusters.append(cl)
            return cl, "anonymous"
        return None

    def _description(self, span: Span, ev, countries: set[str], has_name: bool) -> tuple[Cluster | None, MentionKind] | None:
        """An institution's description ("the defence ministry") or a role's ("the former head
        of the army", "its chairman"); ``None``: read the mention as a name."""
        root = span.root
        head = root.lemma_.lower()
        person = any(t.ent_type_ == "PERSON" for t in span)
        if head in ORG_NOUNS and not person and head not in ROLE_NOUNS:
            return self._institution(span, head, ev, countries)
        if (head in ROLE_NOUNS and not person) or (not has_name and root.pos_ == "NOUN"):
            return self._role(span, head, ev, countries, has_name)
        return None

    def _institution(self, span: Span, head: str, ev, countries: set[str]) -> tuple[Cluster | None, MentionKind] | None:
        """A body's description: the registry's body, the one named before, or a body of a country
        the registry does not hold; a common noun phrase naming none of these is ``described``."""
        found = self.registry.resolve(_name_text(span), "organisation", nationality=countries) if self.registry else None
        if found is not None:
            return self._cluster_for_name(_name_text(span), "organisation", span, registry=found), found.kind
        cl = self._by_description(span, head, ev)
        if cl is not None:
            return cl, cl.kind
        own = institution_name(span.text, countries) if head not in COMPANY_NOUNS else None
        if own is not None:  # a body of a country the registry does not hold (a country has many firms)
            return self._cluster_for_name(own, "organisation", span), "organisation"
        if not _proper(span):
            return None, "described"  # refers to no institution named before: never guessed
        return None

    def _role(self, span: Span, head: str, ev, countries: set[str], has_name: bool) -> tuple[Cluster | None, MentionKind] | None:
        """A role's description: the holder the article describes, else the registry's holder on
        the article's date, else ``described`` (an office with no name); ``None``: read as a name."""
        cl = self._by_description(span, head, ev)
        if cl is not None:
            return cl, cl.kind
        if head in ROLE_NOUNS and self.registry is not None:
            holder = (self.registry.holder(span.text, self.day, countries, among=self.named_ids)
                      if span[0].lower_ not in INDEFINITE else None)
            if holder is not None:
                return self._cluster_for_name(holder.name, holder.kind, span, registry=holder), holder.kind
            root = span.root
            if not has_name or root.pos_ != "PROPN" or _office_word(root):  # "the former head of the British Army"
                return None, "described"
        return None

    def _named(self, span: Span, ev, countries: set[str], has_name: bool) -> tuple[Cluster | None, MentionKind]:
        """A mention read as a name: a person, a company, a body of a country, or (no name and no
        name the article gave) a common noun phrase that is ``described``."""
        kind = _kind_of(span)
        apposed = _apposed_person(span) if kind == "person" else None
        name = apposed.text if apposed is not None else _name_text(span)
        if _company_name(name, self.companies):
            kind = "organisation"
        if kind == "person" and _spoken_of_as_body(span):
            return self._body(name), "organisation"
        if kind == "unknown" and not has_name and not self._names_someone(span):
            return None, "described"  # "the accident", "the whole world", "those estimates": words, not a speaker
        if not has_name and span.root.pos_ == "NOUN" and span.ents and all(e.start in _clause_tokens(span) for e in span.ents):
            return None, "described"  # "the manager of a ship that is stuck in the Varnel Canal": the name is the ship's place
        if kind == "organisation" and ev.countries and self.registry is not None:
            found = self.registry.resolve(name, "organisation", nationality=countries)
            own = institution_name(name, countries) if found is None else None
            if found is not None or own is not None:  # "Ukraine's General Staff" = "General Staff (Ukraine)"
                cl = self._cluster_for_name(own or name, "organisation", span, registry=found)
                self._describe(cl, span)
                return cl, cl.kind
        cl = self._cluster_for_name(name, kind, span)
        self._describe(cl, span)
        return cl, cl.kind

    def _countries_around(self, span: Span) -> set[str]:
        """Nationality evidence hanging on the mention outside its words: an apposition or
        a prepositional phrase ("the ministry, based in Moscow", "the ministry in Kyiv")."""
        out: set[str] = set()
        for child in span.root.children:
            if child.dep_ in ("appos", "prep", "acl", "amod", "poss", "compound") and not (span.start <= child.i < span.end):
                for tok in child.subtree:
                    if (c := country_of(tok.text)) is not None and tok.ent_type_ in ("GPE", "NORP", "ORG", "LOC"):
                        out.add(c)
        return out

    def _country(self, span: Span, ev) -> Cluster:
        """"Britain said", "Moscow said": a generic credit to the country's government
        (a body the registry names exactly, such as "the Kremlin", stays itself)."""
        own = self.registry.resolve(_name_text(span), "organisation") if self.registry is not None else None
        if own is not None and own.kind == "organisation":
            return self._cluster_for_name(_name_text(span), "organisation", span, registry=own)
        if is_seat(_name_text(span)):  # "the Pentagon said": a body, named by its building
            return self._cluster_for_name(_name_text(span), "organisation", span)
        gov = self.registry.government_of(ev.countries) if self.registry is not None else None
        name = gov.name if gov is not None else _name_text(span)
        cl = self._cluster_for_name(name, "generic", span, registry=gov)
        cl.kind, cl.generic = "generic", True
        return cl

    def _group(self, span: Span, ev) -> Cluster:
        """"UK defence officials", "the British officials", "Western officials": generic,
        linked to a registry body when the mention names one (a country and the body's
        words), or, with "the", to the nearest body of that country named before."""
        words = replace(ev, concept=ev.concept - GENERIC_HEADS - BLOC_WORDS)
        body = self.registry.body_of(words) if self.registry is not None else None
        if body is None and span[0].lower_ == "the" and ev.countries:
            prev = self._recent(span.start_char, lambda c: c.kind == "organisation" and bool(c.countries & ev.countries)
                                and c.registry is not None)
            body = prev.registry if prev is not None else None
        if body is not None:
            cl = Cluster("generic", [span.text], registry=body, countries=set(ev.countries), generic=True)
        else:
            cl = Cluster("generic", [_name_text(span)], countries=set(ev.countries), generic=True)
        self.clusters.append(cl)
        return cl

    def _recent(self, pos: int, ok) -> Cluster | None:
        """The most recent fitting cluster before ``pos``: subjects first, then any sighting."""
        lo = bisect_left(self.sightings, pos - PRONOUN_LOOKBACK_CHARS, key=_pos)
        window = self.sightings[lo:bisect_left(self.sightings, pos, key=_pos)]
        window.sort(key=lambda s: s.pos, reverse=True)
        for want_subject in (True, False):
            for s in window:
                if (s.subject or not want_subject) and ok(s.cluster):
                    return s.cluster
        return None

    def _by_description(self, span: Span, head: str, ev) -> Cluster | None:
        """``the former army chief``: a cluster described by the head noun; ``the defence
        ministry``: the nearest institution whose names hold the description's words and
        whose country does not contradict it (never one by the bare head noun alone)."""
        words = {t.lemma_.lower() for t in span if t.pos_ in ("NOUN", "ADJ")}
        pos = span.start_char

        def fits(c: Cluster) -> bool:
            return not ev.countries or not c.countries or bool(c.countries & ev.countries)

        if head in ORG_NOUNS and head not in ROLE_NOUNS:
            want = set(ev.concept) - {"former"}
            cl = self._recent(pos, lambda c: c.kind == "organisation" and fits(c) and want <= c.concept)
            if cl is None and not ev.countries:
                cl = self._recent(pos, lambda c: c.kind == "organisation" and head in c.concept)
            if cl is None:  # "Norbridge, a Dutch salvage firm, ..." then "the salvage firm"
                cl = self._recent(pos, lambda c: c.kind == "organisation" and fits(c) and not _wire(c)
                                  and head in c.descr and want - {head} <= c.descr | c.concept)
            if cl is None and head in COMPANY_NOUNS:  # "the company" after "Varnel Kisen Kaisha" or a body
                cl = self._recent(pos, lambda c: c.kind == "organisation" and fits(c) and (
                    any(legal_form(n) for n in c.names)  # a body NER took for a person, if no word disagrees:
                    or (c.body and want - {head} <= c.descr | c.concept)))  # not "the salvage company"
            return cl
        if head in ROLE_NOUNS:
            return self._role_holder(span, head, fits)
        cl = self._recent(pos, lambda c: fits(c) and head in c.descr and len(words & c.descr) >= min(2, len(words)))
        if cl is None:
            cl = self._recent(pos, lambda c: fits(c) and head in c.descr)
        return cl

    def _role_holder(self, span: Span, head: str, fits) -> Cluster | None:
        """"The chairman of the canal authority", "the PCA chief", "its chairman": the
        person the article described with that role (chairman = chief = head, see
        ``ROLE_SYNONYMS``). A role qualified by its body's or its office's words ("of the canal
        authority", an acronym, "Finance") takes the nearest holder whose description shares
        one (initials included), else no one (the Finance Minister is not the Prime Minister),
        except the article's one holder of the role when only initials qualify the mention
        ("The PAV chairman") or nothing but the role describes the holder. A bare role ("the
        chairman", "its chairman") takes the nearest holder."""
        role = ROLE_SYNONYMS.get(head, head)
        holders = {id(c): c for c in self.clusters if c.kind == "person" and fits(c)
                   and role in {ROLE_SYNONYMS.get(w, w) for w in c.descr}}
        if not holders:
            return None
        quals = [t for t in span if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.i != span.root.i
                 and country_of(t.text) is None and t.lower_ not in ROLE_DROP]
        body = {part for t in quals for part in t.lemma_.lower().split("-") if part.isalpha()}  # "Ex-Military"
        body -= ROLE_DROP | FORMER_WORDS | set(ROLE_SYNONYMS)  # a former or military leader names no body
        body |= _initials([t for t in quals if not _office_word(t) and t.lower_ not in ROLE_SYNONYMS])
        acronyms = [t.text for t in quals]
        pos = span.start_char
        if not body:
            return self._recent(pos, lambda c: id(c) in holders)
        found = self._recent(pos, lambda c: id(c) in holders and bool(body & c.descr))
        if found is None:  # a lead's "the head of the canal authority" before "SCA chairman Osama Rabie"
            sharing = [c for c in holders.values() if body & c.descr]
            found = sharing[0] if len(sharing) == 1 else None
        if found is None and len(holders) == 1:
            only = next(iter(holders.values()))
            unqualified = all(w in ROLE_NOUNS or w in ROLE_SYNONYMS for w in only.descr)
            if unqualified or all(_acronym_like(w) for w in acronyms):
                return only  # "its chairman, Samir Haddad" says nothing against "the port's chairman"; "The PAV chairman"
        return found

    # -- clusters -------------------------------------------------------------------------
    def _cluster_for_name(self, name: str, kind: SpeakerKind, span: Span | None = None,
                          registry: Speaker | None = None) -> Cluster:
        """The cluster a name belongs to (registry id, surname, name key or acronym), made if new."""
        countries = self._countries_around(span) | set(evidence(span.text).countries) if span is not None else set()
        reg = registry
        if reg is None and self.registry is not None and kind != "generic":
            reg, kind = self._registry_speaker(name, kind, span, countries)
        if reg is None and kind == "organisation":
            name = institution_name(name, countries) or name  # "the Polish Foreign Ministry" = "Foreign Ministry (Poland)"
        cl = self._matching_cluster(name, kind, reg, countries)
        if cl is None:
            cl = Cluster(kind)
            self.clusters.append(cl)
        self._absorb(cl, name, kind, reg, countries)
        return cl

    def _registry_speaker(self, name: str, kind: SpeakerKind, span: Span | None,
                          countries: set[str]) -> tuple[Speaker | None, SpeakerKind]:
        """The registry speaker a name is, with the kind it turns out to be ("MoD" NER took for a
        person is the body); a bare surname only with the article's or the mention's agreement."""
        assert self.registry is not None
        context = _apposition_text(span) if span is not None else ""
        full = _full_name(name)
        titled = _with_title(span) if span is not None and kind == "person" and name in (span.text, _name_text(span)) else name
        reg = self.registry.resolve(titled, kind if kind in ("person", "organisation") else None,
                                    nationality=countries, context=context, day=self.day or date.today())
        if reg is None and kind == "person" and any(_acronym_like(w) for w in name.split()):
            reg = self.registry.resolve(name, "organisation", nationality=countries)  # NER took "MoD" for a person
            kind = "organisation" if reg is not None else kind
        if reg is None and kind in ("person", "unknown") and not full:  # "Strelkov" where the article names Igor Girkin
            loose = self.registry.resolve(titled, "person", nationality=countries, context=context)
            named = loose is not None and any(c.registry is not None and c.registry.speaker_id == loose.speaker_id
                                              for c in self.clusters)
            reg = loose if named else None
        if reg is not None and reg.kind == "person" and not full and self._own_namesake(name, reg, countries, context):
            reg = None  # "Sanders" where the article names Bernie Sanders: theirs, not the registry's
        return reg, kind

    def _matching_cluster(self, name: str, kind: SpeakerKind, reg: Speaker | None,
                          countries: set[str]) -> Cluster | None:
        """The existing cluster ``name`` joins, or ``None``: the registry's own cluster for a
        registry speaker, else a cluster with the same name (no given-name clash) or body."""
        full = _full_name(name)
        key = self._key(name)
        wanted = _wanted_signatures(key)
        for cl in self.clusters:
            if reg is not None and cl.registry is not None:
                if cl.registry.speaker_id == reg.speaker_id and cl.generic == (kind == "generic"):
                    return cl
                continue
            if cl.registry is not None and full and kind == "person":
                continue  # a full name the registry did not give this person is someone else ("Bernie Sanders")
            if reg is not None and cl.registry is None and cl.kind == "person" and any(_full_name(n) for n in cl.names):
                continue  # and a registry person never takes over a full-name namesake's cluster
            if cl.kind in ("anonymous", "generic"):
                continue
            if kind != "person" and cl.kind != "person" and countries and cl.countries and not countries & cl.countries:
                continue  # "Russia's General Staff" is not "Ukraine's General Staff"
            if (wanted & self._signatures(cl) and any(_same_name(key, self._key(n), kind, cl.kind) for n in cl.names)
                    and not any(_given_clash(key, self._key(n)) for n in cl.names)):
                return cl
            if kind in ("organisation", "unknown") and cl.kind == "organisation" and _same_body(name, countries, cl):
                return cl
        return None

    def _absorb(self, cl: Cluster, name: str, kind: SpeakerKind, reg: Speaker | None, countries: set[str]) -> None:
        """Add a sighting's name, its country and content words, its registry speaker and its
        kind to the cluster it joined."""
        if name not in cl.names:
            cl.names.append(name)
        ev = evidence(name, countries)
        cl.countries |= ev.countries
        cl.concept |= ev.concept
        if reg is not None and cl.registry is None:
            _adopt(cl, reg)
        if (cl.kind == "unknown" and kind != "unknown") or (kind == "person" and cl.kind == "organisation"
                                                             and cl.registry is None and not cl.body):
            cl.kind = kind  # "Mr. Trump" after NER called "Trump" an organisation: a person's title wins
        if cl.gender is None:
            cl.gender = _gender(name)

    def _body(self, name: str) -> Cluster:
        """The cluster of a company NER took for a person, by its name alone: the country of
        its apposition ("the Japanese owner") is not part of a company's name."""
        cl = self._cluster_for_name(name, "organisation")
        cl.body = True
        cl.kind = "organisation"
        return cl

    def _own_namesake(self, name: str, reg: Speaker, countries: set[str], context: str) -> bool:
        """Whether a bare surname the registry gave ``reg`` on the date alone belongs instead to
        a person the article names in full with that surname (and whom the registry did not
        resolve): the article's own naming beats the date; words in the mention that agree
        with ``reg`` ("General Sanders") beat both."""
        if self.registry is None or self.registry.agrees(reg, evidence(name, countries),
                                                         evidence(context) if context else None):
            return False
        surname = self._key(name).split()[-1:]
        return any(cl.kind == "person" and cl.registry is None
                   and any(_full_name(n) and self._key(n).split()[-1:] == surname for n in cl.names)
                   for cl in self.clusters)

    def _signatures(self, cl: Cluster) -> frozenset[tuple[str, str]]:
        """What ``_same_name`` compares in ``cl``'s names (see ``_name_signatures``), kept
        until the cluster gains a name: a cluster sharing none with a new name cannot match
        it, so the full comparison runs only for the few that do."""
        cached = self._sigs.get(id(cl))
        if cached is None or cached[0] != len(cl.names):
            sigs = frozenset(sig for n in cl.names for sig in _name_signatures(self._key(n)))
            self._sigs[id(cl)] = cached = (len(cl.names), sigs)
        return cached[1]

    def _key(self, name: str) -> str:
        """``name_key(name)``, memoised: every new mention is compared with every cluster's names."""
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = name_key(name)
        return key

    def _describe(self, cl: Cluster, span: Span) -> None:
        """Collect description words: lowercase nouns before a name, its apposition's nouns
        and names (with their initials: "head of the Suez Canal Authority" gives ``sca``),
        the titles written before it ("President Lena Morgan": ``president``) and the role
        noun it stands in apposition to ("its chairman, Samir Haddad")."""
        root = span.root
        title = _with_title(span)
        if title != span.text:
            cl.descr |= {w.lower().rstrip(".") for w in title[: len(title) - len(span.text)].split()}
        if (noun := _appositive_role(root)) is not None:
            cl.descr |= _description_words(noun, skip=root)
        before = [t for t in root.subtree if t.i < span.start]  # "Suez Canal Authority (SCA) chairman Osama Rabie"
        if before:
            cl.descr |= _description_words(root, keep=range(before[0].i, span.start))
        for tok in root.subtree:
            if (tok.pos_ == "NOUN" and (tok.i < span.start or tok.i >= span.end or tok.is_lower)
                    and (tok.dep_ in ("compound", "appos", "amod", "nsubj", "nmod", "ROOT") or tok.head.dep_ == "appos"
                         or tok.dep_ == "appos")):
                cl.descr.add(tok.lemma_.lower())
        for child in root.children:
            if child.dep_ == "appos":
                cl.descr |= _description_words(child)

    def _speaker(self, cl: Cluster) -> Resolved:
        if cl.registry is not None:
            kind = "generic" if cl.generic or cl.registry.kind == "generic" else cl.registry.kind
            return Resolved(cl.registry.name, cl.registry.speaker_id, kind)
        if cl.kind == "person":
            named = cl.person_name()
            if named is not None:
                return Resolved(named[0], named[1], "person")
        name = cl.best_name()
        return Resolved(name or None, slug(name) if name else None, cl.kind)


def _adopt(cl: Cluster, reg: Speaker) -> None:
    """Give a cluster its registry speaker: its roles' words as descriptions, its kind and country."""
    cl.registry = reg
    for text in (reg.role or "", *(r.title for r in reg.roles), *(a for r in reg.roles for a in r.also)):
        cl.descr |= {w for w in re.findall(r"[a-z][a-z'-]+", text.lower()) if len(w) > 2}
    if cl.kind != "generic":
        cl.kind = "organisation" if reg.kind == "generic" else reg.kind
    if reg.nationality:
        cl.countries.add(reg.nationality)
    cl.concept |= evidence(reg.name).concept


def _described_as(span: Span) -> str | None:
    """A description's head noun then its other words ("the head of the canal authority" ->
    ``head authority canal``), lemmas in lowercase without countries, determiners, words that
    only qualify a role ("top", "new") or name any company ("of the canal operator": ``canal``); ``None`` for an indefinite one ("a Dutch firm": no one
    in particular), a plural ("Egyptian authorities": a group, not one holder) or one that is
    not a noun phrase."""
    head = span.root
    if span[0].lower_ in INDEFINITE or head.pos_ not in ("NOUN", "PROPN") or head.tag_ in ("NNS", "NNPS"):
        return None
    words = {t.lemma_.lower() for t in span if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.i != head.i and t.is_alpha
             and country_of(t.text) is None and t.lower_ not in ROLE_DROP and t.lemma_.lower() not in COMPANY_NOUNS}
    return " ".join([head.lemma_.lower(), *sorted(words)])


def _fragment(span: Span) -> bool:
    """A mention that is no name: it opens with a preposition or conjunction, or holds only a
    date, a number or punctuation."""
    return (span[0].pos_ in FRAGMENT_STARTS and span[0].is_lower) or all(
        t.ent_type_ in NOT_NAME_ENTS or not any(ch.isalpha() for ch in t.text) for t in span)


def _company_span(ent: Span) -> Span:
    """The entity, widened to the capitalised words before it when it ends in a legal form:
    NER often cuts a company's name ("Kisen Kaisha" of "Varnel Kisen Kaisha")."""
    if not legal_form(ent.text):
        return ent
    start = ent.start
    while start > 0 and (tok := ent.doc[start - 1]).pos_ == "PROPN" and tok.text[:1].isupper() and not tok.ent_type_:
        start -= 1
    return ent.doc[start:ent.end]


def _company_name(name: str, companies: list[list[str]]) -> bool:
    """Whether ``name`` is a company's name the article gives with its legal form: that
    name itself, or its words before the form ("Varnel Kisen" of "Varnel Kisen Kaisha")."""
    words = name.split()
    return any(words == c or words == c[:-1] for c in companies)


def _wire(cl: Cluster) -> bool:
    """A news agency's cluster (:data:`WIRE_AGENCIES`)."""
    return any(name_key(n) in WIRE_AGENCIES for n in cl.names)


def _parenthesised(ent: Span) -> bool:
    """Whether the entity is all that stands in a pair of parentheses: an acronym after the
    name it shortens, or a photo or wire credit, never a new speaker to refer back to."""
    doc = ent.doc
    return ent.start > 0 and ent.end < len(doc) and doc[ent.start - 1].text == "(" and doc[ent.end].text == ")"


def datelines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the wire datelines in ``text`` (:data:`DATELINE`): a place with an
    agency in parentheses, or a place in capitals, with a region or a date, before a dash;
    every word capitalised or a number. A name and a dash alone ("Osama Rabie – head of
    ...") is not one."""
    out = []
    for m in DATELINE.finditer(text):
        place, extra, agency, dash = m.group("place"), m.group("extra") or "", m.group("agency"), m.group("dash")
        if dash and m.group("outlet") and DATELINE_MONTHS.search(m.group("outlet")):
            out.append((m.start("place"), m.end()))
            continue
        if any(w[:1].islower() for w in (extra + " " + (agency or "")).replace(",", " ").strip("( )").split()):
            continue  # ", the port chief, said (in March) -": a sentence, not a dateline's names and dates
        shouted = place.split()[0].isupper() and len(place.split()[0]) >= 3
        dated = bool(DATELINE_MONTHS.search(extra))
        if (agency and (dash or shouted or dated)) or (dash and (shouted or (extra and dated))):
            out.append((m.start("place"), m.end()))
    return out


def _appositive_role(name: Token) -> Token | None:
    """The common noun a name stands in apposition to ("its chairman, Samir Haddad"; "the
    head of the Port Authority, Samir Haddad", where the parser often hangs the name on
    the body rather than on "head"): up the apposition arc, then up through "of" phrases
    to the first common noun."""
    if name.dep_ != "appos":
        return None
    tok = name.head
    while not _role_noun(tok) and tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head is not tok.head:
        tok = tok.head.head
    return tok if _role_noun(tok) else None


def _inside_closed_quote(tok: Token) -> bool:
    """Whether ``tok`` stands inside a quotation its paragraph also closes after it: an
    unclosed mark (a quote running to the credit, 'in a "typically heavy-handed way, Lord
    Dannatt said') leaves the words after it outside."""
    text = tok.doc.text
    end = text.find("\n", tok.idx)
    after = text[tok.idx:end if end >= 0 else len(text)]
    return quoted(tok) and any(m in after for m in ('"', "”", "»"))


def _main_subject(tok: Token) -> bool:
    """Whether a name is a subject (or in apposition to one) outside a reported clause: what
    "he said" refers back to first. "Rabie announced that Sisi was following": Rabie, whose
    reported clause's subject (Sisi) is only spoken about. A clause before the verb it hangs
    from is often the parser's reading of 'McCaskill scolded him: "...," she said' and keeps
    its subject."""
    if tok.dep_ == "appos":
        tok = tok.head
    verb = tok.head
    return tok.dep_ in SUBJECT_DEPS and not (verb.dep_ == "ccomp" and verb.head.i < verb.i)


def _spoken_of_as_body(ent: Span) -> bool:
    """A name NER took for a person that its own sentence treats as a body, so a following
    "it" finds it: the subject of a sentence with no person's pronoun whose reported clause
    has "it" as the subject of a full verb (not "it was a good year", "it seems") and
    either also says "its" or sets the name in apposition to a company noun ("Varnel Kisen
    said it is working with its insurers"; "Varnel Kisen, the owner of the barge, added that
    it was working on a fix"). A name with a title or a common forename stays a person."""
    root = ent.root
    if _titled(ent) or _gender(ent.text) is not None or root.dep_ not in SUBJECT_DEPS:
        return False
    if {t.lower_ for t in root.sent} & (MALE_PRONOUNS | FEMALE_PRONOUNS):
        return False
    clause = list(root.head.subtree)
    if not any(t.lower_ == "it" and t.dep_ == "nsubj" and t.head.pos_ == "VERB"
               and t.head.lemma_.lower() not in EXPLETIVE_IT_VERBS for t in clause):
        return False
    return (any(t.lower_ == "its" for t in clause)
            or any(c.dep_ == "appos" and c.lemma_.lower() in COMPANY_NOUNS for c in root.children))


def _office_word(tok: Token) -> bool:
    """A capitalised office or title ("Prime Minister", "Chairman"), not a name."""
    return tok.lower_.rstrip(".") in ROLE_NOUNS or is_title(tok.text)


def _role_noun(tok: Token) -> bool:
    """A common noun, or an office written with a capital ("The Prime Minister, Lena Morgan")."""
    return tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and _office_word(tok))


def _description_words(head: Token, skip: Token | None = None, keep: range | None = None) -> set[str]:
    """The nouns, adjectives and names of a description (``skip``'s subtree left out; only
    the tokens in ``keep`` when given), with the initials of its runs of capitalised words
    ("Suez Canal Authority" -> ``sca``)."""
    toks = [t for t in head.subtree if (skip is None or not (skip.left_edge.i <= t.i <= skip.right_edge.i))
            and (keep is None or t.i in keep)]
    return {t.lemma_.lower() for t in toks if t.pos_ in ("NOUN", "ADJ", "PROPN")} | _initials(toks)


def _initials(toks: list[Token]) -> set[str]:
    """The initials of each run of capitalised names in ``toks`` ("Suez Canal Authority" ->
    ``sca``, "Port Authority of Varnel" -> ``pav``)."""
    out: set[str] = set()
    run: list[str] = []
    for k, t in enumerate([*toks, None]):
        if t is not None and t.pos_ == "PROPN" and t.text[:1].isupper():
            run.append(t.text[0].lower())
        elif t is not None and run and t.lower_ in ("of", "for") and k + 1 < len(toks) and toks[k + 1].pos_ == "PROPN":
            continue
        else:
            if len(run) > 1:
                out.add("".join(run))
            run = []
    return out


def _proper(span: Span) -> bool:
    """Whether the mention holds a capitalised proper name beyond country words and the
    words that describe any body ("the Home Office" yes, "the defence ministry" no; a
    capital that only opens the sentence does not count)."""
    return any(t.pos_ == "PROPN" and t.text[:1].isupper() and country_of(t.text) is None
               and t.lower_ not in ORG_NOUNS and not (t.i == span.start and t.is_sent_start)
               for t in span)


def _with_title(span: Span) -> str:
    """The name with the titles written before it that NER left out ("Lord" of "Lord
    Dannatt", "General" of "General Sanders"): registry aliases and role words are in them."""
    start = span.start
    while start > 0 and (tok := span.doc[start - 1]).text[:1].isupper() and (
            tok.lower_.rstrip(".") in PEELED):
        start -= 1
    return span.doc[start:span.end].text


def _full_name(text: str) -> bool:
    """Whether ``text`` names a person with a first name ("Bernie Sanders", not "Mr. Sanders")."""
    parsed = parse_name(text)
    return parsed is not None and bool(parsed.first)


def _acronym_like(word: str) -> bool:
    """``MoD``, ``NATO``, ``FSB``: capitals after the first letter, no lowercase run of a name."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 2


def _apposition_text(span: Span) -> str:
    """The description an apposition gives the mention (``Denis B., a representative of
    "DPR"``): evidence for a name match."""
    return " ".join(c.doc[c.left_edge.i:c.right_edge.i + 1].text for c in span.root.children if c.dep_ == "appos")


def _pos(sighting: _Sighting) -> int:
    return sighting.pos


def _name_signatures(key: str) -> tuple[tuple[str, str], ...]:
    """A stored name key's parts ``_same_name`` can match on: the key, its surname, the key
    without spaces, its acronym and the key without a company's legal form."""
    return tuple((tag, v) for tag, v in (("k", key), ("s", _surname_sig(key)),
                                         ("q", key.replace(" ", "")), ("a", _acronym(key)),
                                         ("l", without_legal_form(key))) if v)


def _wanted_signatures(key: str) -> frozenset[tuple[str, str]]:
    """The signatures a stored name must have for ``_same_name(key, it, ...)`` to hold: the
    same key or surname, a squashed key equal to ``key``'s acronym, or an acronym equal to
    ``key`` squashed. A necessary condition, checked before the full comparison."""
    return frozenset((tag, v) for tag, v in (("k", key), ("s", _surname_sig(key)),
                                             ("q", _acronym(key)), ("a", key.replace(" ", "")),
                                             ("l", without_legal_form(key))) if v)


def _surname_sig(key: str) -> str:
    """The consonant skeleton of a name key's last word: romanisations of one surname
    (Rabie, Rabei; Abboud, Aboud; al-Sisi, Sisi) share it."""
    words = key.split()
    return surname_skeleton(words[-1]) if words else ""


def _same_name(a: str, b: str, kind_a: str, kind_b: str) -> bool:
    """Two names of one speaker: equal keys, a shared surname (persons), or an acronym (organisations)."""
    if not a or not b:
        return False
    if a == b:
        return True
    if kind_a == "person" and kind_b == "person" or "person" in (kind_a, kind_b) and "unknown" in (kind_a, kind_b):
        return _same_person_key(a, b)
    if {kind_a, kind_b} == {"person", "organisation"}:
        # a surname NER took for a body ("Trump" beside "Donald Trump"): one word, the person's surname
        org, person = (a, b) if kind_a == "organisation" else (b, a)
        if len(org.split()) == 1 and len(person.split()) > 1 and same_surname(person.split()[-1], org, given_agrees=False):
            return True
    if "organisation" in (kind_a, kind_b):
        return (_acronym(a) == b.replace(" ", "") or _acronym(b) == a.replace(" ", "")
                or without_legal_form(a) == without_legal_form(b))
    return False


def _given_name(key: str) -> str:
    """The given name a person's name key starts with ("" for a bare or titled surname)."""
    words = key.split()
    return words[0] if len(words) > 1 and not _title_word(words[0]) else ""


def _given_clash(a: str, b: str) -> bool:
    """Two name keys whose given names differ: never one person, even when a bare surname
    in the cluster matches both ("Nadia Haddad" after "Samir Haddad" and "Haddad")."""
    ga, gb = _given_name(a), _given_name(b)
    return bool(ga and gb) and not same_given(ga, gb)


def _same_person_key(a: str, b: str) -> bool:
    """Two person name keys of one person: surnames across romanisations
    (``audit.lang.names.same_surname``: Rabie = Rabei, al-Sisi = Sisi) and, when both start with
    a given name rather than a title ("lord dannatt"), given names that agree: a different
    one is another person ("bernie sanders" is not "patrick sanders")."""
    if _given_clash(a, b):
        return False
    return same_surname(a.split()[-1], b.split()[-1], given_agrees=bool(_given_name(a) and _given_name(b)))


def _title_word(word: str) -> bool:
    return is_title(word) or word.rstrip(".") in PERSON_ONLY


def _same_body(name: str, countries: set[str], cl: Cluster) -> bool:
    """``the General Staff`` after ``Ukraine's General Staff``: the same words as one of the
    cluster's names once countries are set aside, and no other country."""
    ev = evidence(name, countries)
    if not ev.concept or (ev.countries and not ev.countries & cl.countries):
        return False
    return any(evidence(n).concept == ev.concept for n in cl.names)


def _acronym(key: str) -> str:
    words = key.split()
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def _gender(name: str) -> str | None:
    words = [w.strip(".").lower() for w in name.split()]
    for w in words:
        if w in titles.MALE:
            return "m"
        if w in titles.FEMALE:
            return "f"
    for w in words:
        if w in MALE_FORENAMES:
            return "m"
        if w in FEMALE_FORENAMES:
            return "f"
    return None


def _kind_of(span: Span) -> SpeakerKind:
    """Person / organisation / unknown from entities, titles and head nouns."""
    labels = {t.ent_type_ for t in span if t.ent_type_}
    root = span.root
    head = root.lemma_.lower()
    named_body = root.is_lower and head in ORG_NOUNS and head not in ROLE_NOUNS and span.start < root.i == span.end - 1
    if legal_form(span.text) or named_body:
        return "organisation"  # "Al-Masry Al-Youm newspaper", "Varnel's company": a body named by its head noun
    if "PERSON" in labels or _titled(span) or _gender(span.text) is not None:
        return "person"
    if labels & ORG_ENTS or span.root.lemma_.lower() in ORG_NOUNS:
        return "organisation"
    return "unknown"


def _clause_tokens(span: Span) -> set[int]:
    """Token indices of the relative and participle clauses hanging on a mention ("the manager
    of a ship that is stuck in the Varnel Canal"): what they name describes, it is not the
    speaker's name."""
    return {t.i for c in span.root.subtree if c.dep_ in ("relcl", "acl") and c.i != span.root.i for t in c.subtree}


def _publisher(span: Span) -> list[Span]:
    """Who published the data a mention names: a person or body in it ("Varnel Radar tracking
    data") or in its "by"/"from"/"of" phrase ("an assessment by the Harbour List")."""
    inside = [e for e in span.ents if e.label_ in ("ORG", "PERSON")]
    if inside:
        return inside
    doc = span.doc
    out = []
    for prep in span.root.children:
        if prep.dep_ == "prep" and prep.lower_ in PUBLISHER_PREPOSITIONS and not (span.start <= prep.i < span.end):
            out += [e for e in doc[prep.left_edge.i:prep.right_edge.i + 1].ents if e.label_ in ("ORG", "PERSON")]
    return out


def _document(span: Span) -> bool:
    """A definite medium noun and nothing named ("the statement", "its release"), or a data noun
    after a demonstrative ("those estimates"): the document or data the article just credited to
    someone."""
    words = [t for t in span if not t.is_punct]
    head = span.root.lemma_.lower()
    return (len(words) >= 2 and not span.ents and all(t.pos_ in ("DET", "PRON", "ADJ", "NOUN") for t in words)
            and ((words[0].lower_ in DOCUMENT_DETERMINERS and head in MEDIUM_NOUNS)
                 or (words[0].lower_ in DEMONSTRATIVES and head in DATA_NOUNS)))


def _apposed_person(span: Span) -> Span | None:
    """The person's name a role mention holds in apposition ("The head of the harbour authority,
    Samir Haddad" -> "Samir Haddad"): the name, not the role and body before it, names the person.
    ``None`` when the mention's head is itself the name ("Samir Haddad, the head of ...")."""
    names = [e for e in span.ents if e.label_ == "PERSON" and e.root.dep_ == "appos" and not (e.start <= span.root.i < e.end)]
    return names[0] if len(names) == 1 else None


def _titled(span: Span) -> bool:
    """A name after a title only persons bear ("Cllr Okafor", which NER may call an ORG)."""
    words = [t for t in span if t.pos_ != "DET"]
    return len(words) > 1 and words[0].lower_.rstrip(".") in PERSON_ONLY and words[-1].pos_ == "PROPN"


def _name_text(span: Span) -> str:
    """The mention without a leading article or possessive case (``the MoD`` -> ``MoD``) and
    without a hyphenated describing word before the name (``the state-run Harbour Authority``,
    ``the Norland-owned Harbour Authority`` -> ``Harbour Authority``: its country stays
    evidence, read from the whole mention)."""
    toks = list(span)
    while toks and toks[0].pos_ == "DET":
        toks = toks[1:]
    if not toks:
        return span.text
    return HYPHEN_DESCRIBER.sub("", span.doc[toks[0].i:toks[-1].i + 1].text)


def can_speak(span: Span) -> bool:
    """Whether the mention ``span`` (a cue's subject, an ``according to`` object) names someone or
    something that can be the agent of a speech act: a name or a PERSON/ORG/NORP/GPE entity, a
    pronoun, a person, organisation, role or anonymous source's noun, a document or data noun
    (PolNeAR's sources), or a noun with an agent ending. ``False`` only for a common-noun phrase
    with none of these ("the debate", "the many reasons", "the videos"): what it "shows" is no
    one's words."""
    root = span.root
    if root.pos_ != "NOUN" or any(t.pos_ == "PROPN" or t.ent_type_ in NAME_ENTS for t in span):
        return True
    if any(t.text[:1].isupper() and (not t.is_sent_start or t.pos_ == "NOUN") for t in span):
        return True  # a name the tagger missed ("Rep. King", a sentence-opening "Trump said")
    heads = {root.lower_, root.lemma_.lower()}
    if heads & (AGENT_NOUNS | QUANTITY_HEADS | ROLE_NOUNS | ORG_NOUNS | ANONYMOUS_NOUNS | GENERIC_HEADS | DOCUMENT_NOUNS):
        return True
    return root.lower_.endswith(AGENT_SUFFIXES) and not root.lower_.endswith("ment")
