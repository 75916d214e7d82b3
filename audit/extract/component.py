"""The ``quote_attribution`` spaCy component: quotes with cue, speaker and medium.

Steps per document (each linear in its size: every per-paragraph and per-quote step
looks things up by bisection in lists built once per document, never by scanning the
document or reading ``doc.text``, which spaCy rebuilds on every access):

1. layout: prose paragraphs and paired quote marks (``marks.py``);
2. cues from the parse, with speaker mention, reported clause and medium (``sources.py``);
3. speaker resolution in text order (``resolve.py``);
4. quotes: every top-level quote span is *direct* (stands as a sentence or more) or
   *mixed* (a fragment inside reported speech); a direct quote takes the cue right after
   it (``"...," he said``), else right before it (``he said: "..."``), else continues the
   speaker of an earlier quote in its paragraph, of a multi-paragraph quote, or of the
   previous paragraph when it is a quote-only paragraph; a mixed fragment takes the cue
   it hangs from in the parse. Reported clauses without quote marks are *indirect*;
   those that hold quote marks give their fragments only (as mixed quotes), and those
   inside a direct quote are nested in it (the MoD said that Putin said ...);
5. beyond the plain forms: words after a cue's colon without quote marks (``He added: What
   happened ...``, indirect), sentences continuing a report in back-shifted tense
   (``_passages``), transcripts (``SMITH:`` / ``Q:`` / ``A:`` turns, each a direct quote of
   its speaker, continued over unlabelled paragraphs) and headline quotes whose source the
   headline names (``‘…’ – Trump``).

An article in another language (``language.py``) is left unread with a note
(``doc._.extract_note``, ``language fr: not extracted``) rather than parsed as English.

The records are kept as plain dicts in ``doc._.quote_records`` (so docs survive
``nlp.pipe(n_process=...)``) and read back as :class:`audit.model.Quote` through
``doc._.quotes``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from itertools import pairwise
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from audit.extract import speaker_confidence
from audit.extract.cues import (
    FINDING_VERBS,
    NEGATED_REPORT,
    OBJECT_CONTENT_VERBS,
    SPEECH_VERBS,
    TOPIC_ONLY,
    XCOMP_CUE_VERBS,
)
from audit.extract.french import french_pipeline, french_quotes
from audit.extract.language import ENGLISH, FRENCH, detect, not_extracted
from audit.extract.marks import (
    DOUBLE_MARKS,
    SINGLE_MARKS,
    Paragraph,
    QuoteSpan,
    headline_spans,
    paragraphs,
    quote_spans,
    strip_edges,
)
from audit.extract.resolve import (
    FEMALE_PRONOUNS,
    FIRST_PERSON,
    GROUP_PRONOUNS,
    MALE_PRONOUNS,
    ORG_PRONOUNS,
    PRONOUN_WORDS,
    ArticleSpeakers,
    Resolved,
    can_speak,
)
from audit.extract.sources import SPEECH_CONFIDENCE, Cue, find_cues, label_cue, name_tails, verb_cue
from audit.model import Quote
from audit.speakers import Registry

THIRD_PERSON = MALE_PRONOUNS | FEMALE_PRONOUNS | ORG_PRONOUNS | GROUP_PRONOUNS
"""Pronouns that, inside someone's quote, speak of another than the one quoted (who says I or we)."""
CONF_DIRECT = 0.9
"""A direct quote with its own cue."""
CONF_CONTINUED = 0.8
"""A later paragraph of a multi-paragraph quote, or a mixed fragment under its cue."""
CONF_INHERITED = 0.7
"""A quote continuing an earlier quote's speaker without a cue of its own."""
CONF_UNATTRIBUTED = 0.3
"""A direct quote no cue could be found for."""
MIN_INDIRECT_TOKENS = 3
"""Shorter reported clauses (``he said so``) are not quotes."""
MIN_COLON_WORDS = 4
"""Fewer words after a cue's colon (``He said: No.``) are too short to tell a quotation."""
MIN_DIRECT_WORDS = 4
"""A quote glued to a cue (``he said "we will win."``) is direct only if it is this long."""
TITLE_MAX_TOKENS = 6
TITLE_MIN_WORD_LEN = 4
"""A quoted fragment of at most ``TITLE_MAX_TOKENS`` whose words of ``TITLE_MIN_WORD_LEN``+
letters are all capitalised is a title ("Meet the Press"), not a quote."""
SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+")
"""Where a sentence may end inside a paragraph's frame text (see :func:`_sentence_ends`)."""
ABBREVIATIONS = frozenset(
    "mr mrs ms dr sen rep gov gen lt col sgt st jr sr rev prof no vs etc inc corp co ltd jan feb mar apr "
    "jun jul aug sep sept oct nov dec u.s u.k d.c n.y calif fla ind ill mass pa va wash".split()
)
"""Words whose full stop does not end a sentence (``Sen. Cruz``, ``George W. Bush``)."""
ADJACENT_VERB_TOKENS = 6
"""A verb this close after a quote's closing mark attributes it even when it is not in the
lexicon (``"Go back to Univision," Trump barked``)."""
ALL_MARKS = DOUBLE_MARKS + SINGLE_MARKS
QA_LINE = re.compile(r"(Q|A)[ \t]*:[ \t]+(?=\S)")
"""An interview transcript's question (``Q:``, the reporter's) or answer (``A:``, the
interviewee's) turn."""
TRANSCRIPT_MIN_TURNS = 3
"""A document is a transcript once it has this many labelled turns (``SMITH:``, ``Q:``);
only then do unlabelled paragraphs continue the turn before them (two ``Name:`` lines are
as often a headline and a caption)."""
TURN_MAX_PARAGRAPHS = 4
"""A turn continues over at most this many unlabelled paragraphs, and only up to the next
label: text after a transcript's last turn is the reporter's again."""
SPEECH_PARTIES = FIRST_PERSON | {"you"}
"""Subjects that are the talk's own parties; their beliefs and wishes are not reported."""

if not Doc.has_extension("quote_records"):
    Doc.set_extension("quote_records", default=None)


def _get_quotes(doc: Doc) -> list[Quote]:
    return [Quote(**rec) for rec in (doc._.quote_records or [])]


if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", getter=_get_quotes)
if not Doc.has_extension("extract_note"):  # why a document was left unread ("language fr: not extracted")
    Doc.set_extension("extract_note", default=None)


def quotes_of(parsed: Doc, doc: str = "") -> list[Quote]:
    """The quotes the component set on ``parsed``, each tagged with the article name ``doc``."""
    return [replace(q, doc=doc) for q in parsed._.quotes]


REQUIRES = ("token.dep", "token.head", "token.tag", "token.lemma", "token.ent_type", "doc.ents")
"""What the component reads from earlier pipes: the parse (clauses, subjects), tags and
lemmas (cue verbs) and entities (speaker kinds, names); ``token.pos`` is read too, but
English pipelines set it in an ``attribute_ruler`` that declares nothing, so the tagger's
``token.tag`` stands for it here. Declared so that
``nlp.analyze_pipes()`` warns about a pipeline that lacks a parser or NER instead of the
component silently finding no quotes."""
ASSIGNS = ("doc._.quote_records", "doc._.extract_note")
"""What it sets (``doc._.quotes`` is a getter over these records)."""


@Language.factory(
    "quote_attribution", default_config={"registry_path": ""}, requires=list(REQUIRES), assigns=list(ASSIGNS)
)
def make_quote_attribution(nlp: Language, name: str, registry_path: str = "") -> QuoteAttribution:
    """spaCy factory: ``nlp.add_pipe("quote_attribution")``; ``registry_path`` picks a speakers TOML."""
    return QuoteAttribution(Registry.load(registry_path or None))


class QuoteAttribution:
    """Pipeline component setting ``doc._.quotes`` (see the module docstring)."""

    def __init__(self, registry: Registry | None = None) -> None:
        self.registry = registry

    def __call__(self, doc: Doc) -> Doc:
        lang = detect(doc.text)
        if lang == FRENCH and (french := french_pipeline()) is not None:  # the optional [fr] extra
            doc._.quote_records = [q.to_dict() for q in french_quotes(doc.text, french)]
            return doc
        if lang != ENGLISH:  # an English parse of another language is garbage, not quotes
            doc._.quote_records = []
            doc._.extract_note = not_extracted(lang)
            return doc
        doc._.quote_records = [q.to_dict() for q in attribute(doc, self.registry)]
        return doc


class _Article:
    """Per-document state shared by the steps of :func:`attribute`."""

    def __init__(self, doc: Doc, registry: Registry | None) -> None:
        self.doc = doc
        self.text = doc.text
        self.paras: list[Paragraph] = paragraphs(self.text)
        self.para_starts = [p.start for p in self.paras]
        spans = quote_spans(self.text, self.paras)
        self.top: list[QuoteSpan] = [s for s in spans if s.depth == 0]
        self.top_opens = [s.open for s in self.top]
        self.cues: list[Cue] = [c for c in find_cues(doc) if self.para(c.start).prose]
        self.labels: dict[int, Cue] = {}  # paragraph index -> the speaker label opening it
        names = name_tails(doc)
        for p in self.paras:
            if (c := label_cue(doc, p.start, p.end, self.text, names)) is not None:
                self.cues.append(c)
                self.labels[p.index] = c
        self.answers: dict[int, int] = {}  # paragraph index -> start of an ``A:`` turn's words
        self.questions: set[int] = set()  # paragraphs holding a ``Q:`` turn
        for p in self.paras:
            if (m := QA_LINE.match(self.text, p.start, p.end)) is not None:
                if m.group(1) == "A":
                    self.answers[p.index] = m.end()
                else:
                    self.questions.add(p.index)
        self.cue_at = {c.token: c for c in self.cues}
        for verb in self._adjacent_verbs():
            cue = verb_cue(verb)
            self.cues.append(cue)
            self.cue_at[cue.token] = cue
        self.cues.sort(key=lambda c: c.token)
        self.cue_starts = [c.start for c in self.cues]  # token order is text order
        self.cue_tokens = [c.token for c in self.cues]
        for cue in self.cues:
            if (words := _after_colon(self, cue) or _after_according(self, cue)) is not None:
                cue.content = words
        self.prev_prose: list[int | None] = []  # per paragraph, the prose paragraph before it
        last: int | None = None
        for p in self.paras:
            self.prev_prose.append(last)
            if p.prose:
                last = p.index
        self.turn_of = _turns(self)
        speakers = self.speakers = ArticleSpeakers(doc, registry)
        self.who: dict[int, Resolved] = {}
        inner = [c for c in self.cues if c.mention is not None and self._quoted_pronoun(c)]
        for c in self.cues:  # text order: pronouns see only what came before
            if c.mention is not None and not self._first_person(c) and c not in inner:
                self.who[c.token] = speakers.resolve(c.mention)
        for c in inner:  # "... he told me ...," Smith said: the quoted speaker is not the "he" they speak of
            quoted_by = self._quote_speaker(c.start)
            self.who[c.token] = speakers.resolve(c.mention, exclude=quoted_by)

    def _quoted_pronoun(self, cue: Cue) -> bool:
        """Whether the cue's mention is a third-person pronoun inside a top-level quote."""
        m = cue.mention
        return (m is not None and m[1] - m[0] == 1 and self.doc[m[0]].lower_ in THIRD_PERSON
                and self.in_quote(self.doc[m[0]].idx))

    def _quote_speaker(self, char: int) -> str | None:
        """The speaker id of the quote holding ``char``: the first cue after its closing mark
        in its paragraph, else the last one before its opening mark, outside any quote."""
        sp = self.enclosing(char)
        if sp is None:
            return None
        para = self.para(sp.open)
        after = [c for c in self.cues_between(sp.mark_end, para.end) if not self.in_quote(c.start)]
        before = [c for c in self.cues_between(para.start, sp.open) if not self.in_quote(c.start)]
        for cue in (after[:1] + before[-1:]):
            who = self.who.get(cue.token)
            if who is not None and who.speaker_id is not None:
                return who.speaker_id
        return None

    def _adjacent_verbs(self):
        """Verbs right after a closing quote mark that are not lexicon cues (``Trump barked``)."""
        for sp in self.top:
            if sp.close is None or self.text[sp.end - 1] == ".":
                continue
            after = self.doc.char_span(sp.mark_end, self.paras[sp.paragraph].end, alignment_mode="expand")
            if after is None:
                continue
            for tok in after[:ADJACENT_VERB_TOKENS]:
                if tok.is_punct and tok.tag_ in ("``", "''"):
                    break
                if tok.pos_ == "VERB":
                    if tok.i not in self.cue_at and any(c.dep_ in ("nsubj",) for c in tok.children):
                        yield tok
                    break

    def cues_between(self, lo: int, hi: int) -> list[Cue]:
        """Cues starting at characters ``[lo, hi)``, in text order."""
        return self.cues[bisect_left(self.cue_starts, lo):bisect_left(self.cue_starts, hi)]

    def spans_in(self, para: Paragraph) -> list[QuoteSpan]:
        """Top-level quote spans opening in ``para``."""
        return self.top[bisect_left(self.top_opens, para.start):bisect_left(self.top_opens, para.end)]

    def para(self, char: int) -> Paragraph:
        return self.paras[max(bisect_right(self.para_starts, char) - 1, 0)]

    def enclosing(self, char: int) -> QuoteSpan | None:
        """The top-level quote span (marks included) holding ``char``, if any."""
        k = bisect_right(self.top_opens, char) - 1
        if k < 0:
            return None
        sp = self.top[k]
        return sp if sp.open <= char < sp.mark_end else None

    def in_quote(self, char: int) -> bool:
        return self.enclosing(char) is not None

    def _first_person(self, cue: Cue) -> bool:
        m = cue.mention
        return m is not None and m[1] - m[0] == 1 and self.doc[m[0]].lower_ in FIRST_PERSON

    def chars(self, lo: int, hi: int) -> tuple[int, int]:
        """Character range of the token range ``[lo, hi)``."""
        last = self.doc[hi - 1]
        return self.doc[lo].idx, last.idx + len(last.text)


def attribute(doc: Doc, registry: Registry | None = None) -> list[Quote]:
    """All quotes of ``doc`` ordered by start, with ``nested_in`` set (see module docstring)."""
    art = _Article(doc, registry)
    quotes: list[Quote] = []
    by_span: dict[int, Quote] = {}
    for k, sp in enumerate(art.top):
        q = _direct(art, k, by_span) if _is_direct(art, sp) else _mixed(art, sp)
        if q is not None:
            by_span[k] = q
            quotes.append(q)
    indirect = _without_echoes(_indirect(art))
    quotes.extend(indirect)
    quotes.extend(_passages(art, indirect))
    quotes.extend(_turn_quotes(art, indirect))
    headlines = _headline_quotes(art)
    # a line both prose and headline (a sentence-case line cut short): its headline reading wins,
    # and its prose reading counts only where a cue attributes it (a headline takes no speaker from context)
    read_as_headline = {q.paragraph for q in headlines}
    quotes = [q for q in quotes if q.paragraph not in read_as_headline
              and not (art.paras[q.paragraph].headline and q.cue is None)] + headlines
    quotes.sort(key=lambda q: (q.start, -q.end))
    _set_nesting(quotes)
    quotes = [replace(q, speaker_description=art.speakers.description_at(q.mention_start, q.mention_end))
              for q in quotes]
    return speaker_confidence.assign(quotes, doc, art.speakers)


# -- direct quotes ---------------------------------------------------------------------------
def _is_direct(art: _Article, sp: QuoteSpan) -> bool:
    """A quote standing as a sentence: at paragraph start or after ``:``/a sentence end,
    or after a comma/dash or a cue when it starts with a capital and is long enough."""
    para = art.para(sp.open)
    before = art.text[para.start:sp.open].rstrip()
    if not before or before[-1] in ":.!?" or before[-1] in ALL_MARKS:
        return True
    first = art.text[sp.start]
    words = len(art.text[sp.start:sp.end].split())
    if first.isupper() and words >= MIN_DIRECT_WORDS:
        if before[-1] in ",;—–-":
            return True
        prev = art.doc.char_span(para.start, len(before) + para.start, alignment_mode="expand")
        if prev is not None and len(prev) and prev[-1].i in art.cue_at:
            return True
    return False


def _span_end(sp: QuoteSpan) -> int:
    return sp.mark_end


def _direct(art: _Article, k: int, done: dict[int, Quote]) -> Quote:
    sp = art.top[k]
    para = art.para(sp.open)
    base: dict[str, Any] = dict(start=sp.start, end=sp.end, text=art.text[sp.start:sp.end], kind="direct", paragraph=para.index)
    if sp.continued:
        prev = _previous_in(art, k, done, same_paragraph=False)
        if prev is not None:
            return _inherit(prev, base, CONF_CONTINUED)
    cue = _cue_after(art, k) or _cue_before(art, k)
    if cue is not None:
        return _quote(art, cue, base, CONF_DIRECT)
    prev = _previous_in(art, k, done, same_paragraph=True)
    if prev is None and _quote_only(art, para):
        prev = _previous_in(art, k, done, same_paragraph=False)
        if prev is None:
            prev = _last_speaker(art, para.index)
    if prev is not None:
        return _inherit(prev, base, CONF_INHERITED)
    return Quote(**base, confidence=CONF_UNATTRIBUTED)


def _cue_after(art: _Article, k: int) -> Cue | None:
    """``"...," he said`` / ``"...," said the MoD``: the first cue in the rest of the sentence.

    After a quote ending in a full stop a new sentence starts, which still attributes the
    quote when it is a bare ``Espinoza said.`` (a cue without a clause of its own).
    """
    sp = art.top[k]
    if sp.close is None:
        return None
    para = art.para(sp.open)
    lo, hi = sp.mark_end, para.end
    pos = lo
    for j in range(k + 1, len(art.top)):  # the sentence may hold other quoted words ("Ted Cruz" pins)
        other = art.top[j]
        if other.paragraph != sp.paragraph:
            break
        if _sentence_ends(art.text, pos, other.open) or art.text[sp.end - 1:sp.end] in "!?.":
            break
        pos = other.mark_end
    ends = _sentence_ends(art.text, pos, para.end)
    if ends:
        hi = ends[0][0]
    found = next((c for c in art.cues_between(lo, hi) if c.token in art.who and not art.in_quote(c.start)), None)
    if found is None:
        return None
    new_sentence = art.text[sp.end - 1:sp.end] == "." and art.text[lo:hi].lstrip(" ,—–-")[:1].isupper()
    if new_sentence and found.content is not None:
        return None
    return found


def _cue_before(art: _Article, k: int) -> Cue | None:
    """``he said: "..."``: the last cue in the sentence leading up to the quote."""
    sp = art.top[k]
    para = art.para(sp.open)
    lo = _span_end(art.top[k - 1]) if k > 0 and art.top[k - 1].paragraph == sp.paragraph else para.start
    ends = _sentence_ends(art.text, lo, sp.open)
    if ends:
        lo = ends[-1][1]
    found = [c for c in art.cues_between(lo, sp.open) if c.token in art.who]
    return found[-1] if found else None


def _sentence_ends(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence break in ``text[lo:hi]``, skipping abbreviations and initials."""
    out = []
    for m in SENTENCE_END.finditer(text, lo, hi):
        if text[m.start()] == ".":
            word = text[lo:m.start()].rsplit(None, 1)[-1:] or [""]
            w = word[0].lower().lstrip("(\"“'‘")
            if w in ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                continue
        out.append((m.start(), m.end()))
    return out


def _previous_in(art: _Article, k: int, done: dict[int, Quote], same_paragraph: bool) -> Quote | None:
    """The last attributed quote before span ``k``: in its paragraph, or in the previous prose paragraph."""
    para = art.top[k].paragraph
    for j in range(k - 1, -1, -1):
        q = done.get(j)
        if art.top[j].paragraph == para:
            if q is not None and q.speaker is not None:
                return q
            continue
        if same_paragraph:
            return None
        prev_para = _previous_prose(art, para)
        if art.top[j].paragraph != prev_para:
            return None
        if q is not None and q.speaker is not None:
            return q
    return None


def _last_speaker(art: _Article, para_index: int) -> Quote | None:
    """The speaker of the last cue (outside quotes) in the previous prose paragraph, as a quote
    to inherit from (``..., Susan said as she turned.`` then a quote-only paragraph)."""
    prev = _previous_prose(art, para_index)
    if prev is None:
        return None
    p = art.paras[prev]
    for cue in reversed(art.cues_between(p.start, p.end)):
        who = art.who.get(cue.token)
        if who is not None and who.speaker is not None and not art.in_quote(cue.start):
            return _quote(art, cue, dict(start=p.start, end=p.start, text="", kind="direct", paragraph=prev), 0.0)
    return None


def _previous_prose(art: _Article, index: int) -> int | None:
    return art.prev_prose[index]


def _quote_only(art: _Article, para: Paragraph) -> bool:
    """Whether a paragraph holds nothing but quoted text (no frame words of its own)."""
    pos = para.start
    frame = []
    for sp in art.spans_in(para):
        frame.append(art.text[pos:sp.open])
        pos = _span_end(sp)
    frame.append(art.text[pos:para.end])
    return not any(ch.isalpha() for ch in "".join(frame))


def _inherit(prev: Quote, base: dict, confidence: float) -> Quote:
    """A quote continuing ``prev``'s speaker: same speaker, medium, mention and cue.

    The mention and cue point back to where the article named the speaker (as PolNeAR
    annotates it, and as a multi-paragraph quote carries them); ``confidence`` tells a
    continued quote from one with its own cue.
    """
    carry: dict[str, Any] = dict(speaker=prev.speaker, speaker_id=prev.speaker_id, speaker_kind=prev.speaker_kind, medium=prev.medium,
                 mention=prev.mention, mention_start=prev.mention_start, mention_end=prev.mention_end,
                 cue=prev.cue, cue_start=prev.cue_start, cue_end=prev.cue_end)
    return Quote(**base, **carry, confidence=confidence)


def _quote(art: _Article, cue: Cue, base: dict, confidence: float, mute: bool = False) -> Quote:
    """A quote attributed through ``cue``; ``mute``: its mention names no one who can speak, so
    the quote keeps the mention (the words the text uses) but credits no speaker."""
    who = art.who.get(cue.token) or Resolved(None, None, "unknown")
    if mute:
        who = Resolved(None, None, "unknown", who.mention)
    extra: dict = {}
    if cue.mention is not None:
        ms, me = who.mention or art.chars(*cue.mention)
        extra = dict(mention=art.text[ms:me], mention_start=ms, mention_end=me)
    return Quote(**base, **extra, speaker=who.speaker, speaker_id=who.speaker_id, speaker_kind=who.kind,
                 cue=art.text[cue.start:cue.end], cue_start=cue.start, cue_end=cue.end,
                 medium=cue.medium_text, confidence=confidence)


# -- mixed fragments ---------------------------------------------------------------------------
def _mixed(art: _Article, sp: QuoteSpan) -> Quote | None:
    """A quoted fragment: attributed to the cue it hangs from, else one in its sentence; else no quote.

    A short fragment in title case is a name (a programme, a book, a slogan's title), not a quote.
    """
    s, e = strip_edges(art.text, sp.start, sp.end)
    span = art.doc.char_span(s, e, alignment_mode="expand")
    if span is None or not len(span) or _is_title(span):
        return None
    cue = None
    # a fragment running on past its first sentence (``stressed that "the city will rise.
    # We must unite."``) hangs from its cue through that first sentence
    first = span[0].sent
    head = span if span.end <= first.end else art.doc[span.start:first.end]
    tok = head.root
    while tok.head.i != tok.i:
        tok = tok.head
        c = art.cue_at.get(tok.i)
        if c is not None and c.token in art.who and not _in_mention(c, span.start):
            if c.content is None and cue is None:
                cue = c  # "X said Russia was responding ... 'blindly lashing out'": a cue that
                continue  # reports no clause yields to one above it whose clause holds the fragment
            if c.content is not None and cue is not None and not c.content[0] <= span.start < c.content[1]:
                break
            cue = c
            break
    if cue is None:
        sent = head.root.sent
        near = [c for c in art.cues[bisect_left(art.cue_tokens, sent.start):bisect_left(art.cue_tokens, sent.end)]
                if c.token in art.who and not art.in_quote(c.start) and not _in_mention(c, span.start)]
        if not near:
            return None
        cue = min(near, key=lambda c: abs(c.token - head.root.i))
    base: dict[str, Any] = dict(start=s, end=e, text=art.text[s:e], kind="mixed", paragraph=art.para(s).index)
    clause = _clause_around(art, cue, s, e)
    if clause is not None:
        base.update(clause_start=clause[0], clause_end=clause[1])
    return _quote(art, cue, base, CONF_CONTINUED)


def _clause_around(art: _Article, cue: Cue, s: int, e: int) -> tuple[int, int] | None:
    """The reported clause of ``cue`` when it holds the fragment ``[s, e)`` (PolNeAR
    annotates that whole clause; the seed convention keeps the fragment as the quote)."""
    if cue.content is None:
        return None
    cs, ce = strip_edges(art.text, *art.chars(*cue.content))
    return (cs, ce) if cs <= s and e <= ce and (cs, ce) != (s, e) else None


def _is_title(span) -> bool:
    """``"Meet the Press"``: every longer word capitalised, few words. Words all in capitals
    (``"WE WILL NOT LEAVE"``) are shouted or printed in capitals, not a title's case."""
    words = [t for t in span if t.is_alpha and len(t) >= TITLE_MIN_WORD_LEN]
    if sum(t.is_alpha for t in span) >= 2 and all(t.is_upper for t in span if t.is_alpha):
        return False
    return len(words) > 0 and len(span) <= TITLE_MAX_TOKENS and all(t.text[0].isupper() for t in words)


def _in_mention(cue: Cue, token: int) -> bool:
    return cue.mention is not None and cue.mention[0] <= token < cue.mention[1]


# -- reported-speech passages ---------------------------------------------------------------------
CONF_PASSAGE = 0.5
"""A sentence continuing a report without a cue of its own: read from its tense alone."""
BACKSHIFT_AUX = frozenset({"had", "would", "could", "might", "should", "'d"})
"""Auxiliaries of reported speech's back-shifted tense (``had been``, ``would pay``): a sentence
built on one, right after a report, goes on reporting; the reporter's own narration is in the
simple past or present."""


def _passages(art: _Article, reports: list[Quote]) -> list[Quote]:
    """Sentences that continue an indirect quote in its paragraph (``He said the payments
    appeared normal. The treasurer had then left the meeting and would not return.``).

    Each following sentence of the paragraph belongs to the same speaker while its main verb
    is back-shifted (``BACKSHIFT_AUX``), it has no cue of its own (no new source) and no
    quote marks (the reporter is quoting, so writing, again); the first that fails ends the
    passage. Each is its own quote, inheriting the report's speaker at ``CONF_PASSAGE``."""
    out: list[Quote] = []
    for q in reports:
        if q.kind != "indirect" or q.cue_start is None or q.speaker is None:
            continue
        para = art.paras[q.paragraph]
        tok = art.doc.char_span(q.start, q.end, alignment_mode="expand")
        if tok is None or not len(tok):
            continue
        sent = tok[-1].sent
        while sent.end < len(art.doc) and (nxt := art.doc[sent.end].sent).start_char < para.end:
            s, e = strip_edges(art.text, nxt.start_char, min(nxt.end_char, para.end), " \t\n")
            if e <= s or art.cues_between(s, e) or any(ch in DOUBLE_MARKS for ch in art.text[s:e]):
                break
            if not any(t.lower_ in BACKSHIFT_AUX and t.dep_ in ("aux", "auxpass") and t.head.dep_ == "ROOT" for t in nxt):
                break
            base: dict[str, Any] = dict(start=s, end=e, text=art.text[s:e], kind="indirect", paragraph=para.index)
            out.append(_inherit(q, base, CONF_PASSAGE))
            sent = nxt
    return out


ACCORDING_COMMA_TOKENS = 3
"""``According to X, …``: the comma closing X's phrase comes within this many tokens of the
mention (``according to the minister's office,``)."""


def _after_according(art: _Article, cue: Cue) -> tuple[int, int] | None:
    """``According to X, <clause>.`` opening a sentence: the clause is all the sentence after
    the comma closing X's phrase, whatever the parse made of it (a long subject with a
    relative clause can lead the parser to hang the main verb under X and leave a word as
    the content); ``None`` when the cue is not of that form or its content already runs on."""
    if not cue.according or cue.mention is None:
        return None
    sent = art.doc[cue.token].sent
    if cue.token != sent.start:
        return None
    comma = next((t.i for t in art.doc[cue.mention[1]:min(sent.end, cue.mention[1] + ACCORDING_COMMA_TOKENS)]
                  if t.text == ","), None)
    if comma is None:
        return None
    end = sent.end
    while end > comma + 1 and (art.doc[end - 1].is_punct or art.doc[end - 1].is_space):
        end -= 1
    if end - comma - 1 < MIN_INDIRECT_TOKENS:
        return None
    if cue.content is not None and cue.content[1] - cue.content[0] >= end - comma - 1:
        return None
    return comma + 1, end


# -- words after a colon --------------------------------------------------------------------------
def _after_colon(art: _Article, cue: Cue) -> tuple[int, int] | None:
    """``He added: What happened today will not pass. Those responsible will pay.``: the rest
    of the paragraph after the colon closing a cue's clause, as the cue's content (token
    range), when it is written without quote marks.

    The colon must follow the cue in its own sentence with no other cue and no quote mark
    between, and the words after it must open with a capital (a quotation, not a list) and
    hold no quote marks (quoted words there are direct quotes). Kept as indirect speech: the
    marks that would say the words are verbatim are missing."""
    if cue.label or cue.according or cue.mention is None or art.in_quote(cue.start):
        return None
    para = art.para(cue.start)
    colon = art.text.find(": ", cue.end, para.end)
    if colon < 0 or _sentence_ends(art.text, cue.end, colon):
        return None
    if any(ch in DOUBLE_MARKS for ch in art.text[cue.end:para.end]) or any(sp.open > cue.end for sp in art.spans_in(para)):
        return None
    if art.cues_between(cue.end, colon):
        return None
    s, e = strip_edges(art.text, colon + 1, para.end, " \t")
    if not art.text[s:s + 1].isupper() or len(art.text[s:e].split()) < MIN_COLON_WORDS:
        return None
    if cue.content is not None and art.chars(*cue.content)[0] < colon:
        return None  # the parse's clause starts before the colon: a list or a title follows
    words = art.doc.char_span(s, e, alignment_mode="expand")
    return (words.start, words.end) if words is not None and len(words) else None


# -- headlines ---------------------------------------------------------------------------------
CONF_HEADLINE = 0.6
"""A quote in a headline: attributed by the headline's own conventions, without a parse of prose."""
HEADLINE_SOURCE = re.compile(r"\s*[:–—|-]\s*")
"""``‘It looks like an attack’ – Trump on the blast``, ``'An attack': Trump``: a separator
between a headline's quote and its source."""
HEADLINE_SEPARATORS = frozenset({"-", "–", "—", ":", "|"})
"""The same separators as tokens, for a headline's unquoted report (``… homeless - Beirut governor``)."""
HEADLINE_NAME_TOKENS = 5
"""A headline's source is a short name or description (``Lebanese president``)."""


def _headline_quotes(art: _Article) -> list[Quote]:
    """Quotes in headline lines, only where the headline names who said them.

    Headline conventions, the only ones trusted (a headline's other quote marks are as often
    scare quotes or titles): the quote then a separator and the source (``‘…’ – Trump on …``,
    ``'…': Trump``), a verb of saying after the quote and the source (``… ‘more and more’
    arms, says ex-army chief``), or the source opening the line followed by a verb of saying
    (``Diab Says … 'Pay Price'``) or by a colon before the quote (``Trump …: I’ve ‘Heard It
    Both Ways’``). A quote opening the line is direct, others are fragments (mixed)."""
    out: list[Quote] = []
    for para in art.paras:
        if not para.headline:
            continue
        spans = headline_spans(art.text, para)
        if not spans:
            if (report := _headline_report(art, para)) is not None:
                out.append(report)
            continue
        for sp in spans:
            mention = _headline_source(art, para, sp)
            if mention is None:
                continue
            who = art.speakers.resolve(mention)
            s, e = strip_edges(art.text, sp.start, sp.end)
            if who.speaker is None or e <= s:
                continue
            ms, me = who.mention or art.chars(*mention)
            opens_line = not any(ch.isalnum() for ch in art.text[para.start:sp.open])
            out.append(Quote(start=s, end=e, text=art.text[s:e], kind="direct" if opens_line else "mixed",
                             paragraph=para.index, speaker=who.speaker, speaker_id=who.speaker_id,
                             speaker_kind=who.kind, mention=art.text[ms:me], mention_start=ms, mention_end=me,
                             confidence=CONF_HEADLINE))
    return out


def _headline_source(art: _Article, para: Paragraph, sp: QuoteSpan) -> tuple[int, int] | None:
    """Token range of the source a headline gives its quote ``sp`` (see :func:`_headline_quotes`)."""
    sep = HEADLINE_SOURCE.match(art.text, sp.mark_end, para.end)
    if sep is not None and sep.end() > sp.mark_end:
        after = art.doc.char_span(sep.end(), para.end, alignment_mode="expand")
        name = _name_run(after) if after is not None else None
        if name is not None:
            return name
    rest = art.doc.char_span(sp.mark_end, para.end, alignment_mode="expand")
    said = next((t for t in rest if _says(t)), None) if rest is not None else None
    if said is not None and rest is not None and said.i + 1 < rest.end:
        name = _name_run(art.doc[said.i + 1:rest.end])  # "… ‘more and more’ arms, says ex-army chief"
        if name is not None:
            return name
    line = art.doc.char_span(para.start, sp.open, alignment_mode="expand")
    if line is None or not len(line):
        return None
    name = _name_run(line)
    if name is None or name[1] >= line.end:
        return None
    follower = art.doc[name[1]]
    if _says(follower):
        return name
    if not follower.is_punct and ":" in art.text[follower.idx:sp.open]:
        return name  # "Name: ..." is a label (``label_cue``) or a header line, not this form
    return None


HEADLINE_REPORT_MIN_TOKENS = 3
"""A headline's reported words are a clause, not a word or two (``Trump says`` alone is none)."""


def _headline_report(art: _Article, para: Paragraph) -> Quote | None:
    """A headline's reported speech without quote marks (indirect), only in headline forms
    that name the source: ``<words> - Beirut governor`` / ``<words>: Governor`` (a source
    ending the line after a spaced separator: ``28-Mar-2021`` holds none), ``<words>, says French president`` (a verb of saying
    after a comma, then the source, ``by`` allowed), ``Lebanon president says <words>``
    (the line opening with a source and a verb of saying). The source must resolve to a
    speaker, so a section name or a place after a dash (``Blast - Live``) is no source."""
    line = art.doc.char_span(para.start, para.end, alignment_mode="expand")
    if line is None or len(line) < HEADLINE_REPORT_MIN_TOKENS + 2 or any(ch in DOUBLE_MARKS for ch in line.text):
        return None  # a line with a stray double quote mark is a quote cut short, not a headline
    found = _headline_report_parts(line)
    if found is None:
        return None
    (cs, ce), mention = found
    if ce - cs < HEADLINE_REPORT_MIN_TOKENS:
        return None
    who = art.speakers.resolve(mention)
    if who.speaker is None:
        return None
    s, e = strip_edges(art.text, art.doc[cs].idx, art.doc[ce - 1].idx + len(art.doc[ce - 1]))
    ms, me = who.mention or art.chars(*mention)
    return Quote(start=s, end=e, text=art.text[s:e], kind="indirect", paragraph=para.index, speaker=who.speaker,
                 speaker_id=who.speaker_id, speaker_kind=who.kind, mention=art.text[ms:me], mention_start=ms,
                 mention_end=me, confidence=CONF_HEADLINE)


def _headline_report_parts(line) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(content token range, source token range) of a headline report (see :func:`_headline_report`)."""
    doc = line.doc
    for tok in line[1:-1]:  # "<words> - <source>" with the source running to the line's end
        if tok.text in HEADLINE_SEPARATORS and tok.whitespace_ and (tok.text == ":" or doc[tok.i - 1].whitespace_):
            name = _name_run(doc[tok.i + 1:line.end])
            if name is not None and name[1] == line.end:
                return (line.start, tok.i), name
    for tok in line[1:-1]:  # "<words>, says (by) <source>"
        if _says(tok) and doc[tok.i - 1].text == ",":
            after = tok.i + 1 + (doc[tok.i + 1].lower_ == "by")
            name = _name_run(doc[after:line.end]) if after < line.end else None
            if name is not None and name[1] == line.end:
                return (line.start, tok.i - 1), name
    name = _name_run(line)  # "<source> says <words>"
    if name is not None and name[1] < line.end and _says(doc[name[1]]) and not _takes_object(doc[name[1]]):
        start = name[1] + 1 + (name[1] + 1 < line.end and doc[name[1] + 1].lower_ == "that")
        return (start, line.end), name
    return None


def _takes_object(tok) -> bool:
    """A verb whose object is a thing (``vows support``, ``announces aid``), read from the surface
    too: after it a headline names an act, not words said."""
    return bool({tok.lemma_.lower(), tok.lower_.removesuffix("s")} & (OBJECT_CONTENT_VERBS | XCOMP_CUE_VERBS))


def _says(tok) -> bool:
    """A verb of saying, read from the surface too (``Says``, ``Describes``, ``Warns``)."""
    return tok.lemma_.lower() in SPEECH_VERBS or tok.lower_.removesuffix("s") in SPEECH_VERBS


def _name_run(span) -> tuple[int, int] | None:
    """The name or description opening ``span`` (``Donald Trump``, ``Lebanese president``,
    after a possessor ``Egypt's Sisi``): a person or organisation entity starting there, else up to ``HEADLINE_NAME_TOKENS``
    nouns, proper nouns and adjectives, one of them a proper noun or a noun, stopping at a
    verb of saying (title case makes the tagger read ``Says`` as a name)."""
    if not len(span):
        return None
    if len(span) > 2 and span[0].pos_ == "PROPN" and span[1].tag_ == "POS":  # ``Egypt's Sisi``, ``Lebanon's president``
        owned = _name_run(span[2:])
        return (span.start, owned[1]) if owned is not None else None
    first = span[0]
    if first.ent_iob_ == "B" and first.ent_type_ in ("PERSON", "ORG"):
        end = first.i + 1
        while end < span.end and span.doc[end].ent_iob_ == "I" and not _says(span.doc[end]):
            end += 1
        return first.i, min(end, first.i + HEADLINE_NAME_TOKENS)
    end = span.start
    for tok in span[:HEADLINE_NAME_TOKENS]:
        if tok.pos_ not in ("PROPN", "NOUN", "ADJ") or tok.is_punct or _says(tok):
            break
        end = tok.i + 1
    if end == span.start or not any(t.pos_ in ("PROPN", "NOUN") for t in span.doc[span.start:end]):
        return None
    return span.start, end


# -- transcripts -------------------------------------------------------------------------------
def _turns(art: _Article) -> dict[int, int]:
    """Paragraph index -> index of the labelled paragraph whose turn it belongs to.

    Every labelled paragraph (``SMITH:``, ``Q:``, ``A:``) is its own turn. In a transcript
    (``TRANSCRIPT_MIN_TURNS`` labels) the unlabelled prose paragraphs after a label continue
    its turn up to the next label, when that comes within ``TURN_MAX_PARAGRAPHS`` and none of
    them holds quote marks (quote marks mean the reporter is writing again). A turn that ends
    in a question stops there: the unlabelled paragraph after a question is the other
    speaker's answer, never the asker's words."""
    labelled = sorted({*art.labels, *art.answers, *art.questions})
    turn_of = {i: i for i in labelled}
    if len(labelled) < TRANSCRIPT_MIN_TURNS:
        return turn_of
    for here, nxt in pairwise(labelled):
        between = art.paras[here + 1:nxt]
        if len(between) > TURN_MAX_PARAGRAPHS or any(not p.prose or art.spans_in(p) for p in between):
            continue
        for p in art.paras[here:nxt - 1]:
            if art.text[p.start:p.end].rstrip().endswith("?"):
                break  # the asker's turn ends with the question
            turn_of[p.index + 1] = here
    return turn_of


def _turn_quotes(art: _Article, indirect: list[Quote]) -> list[Quote]:
    """Direct quotes for ``A:`` answers and for paragraphs continuing a labelled turn.

    A ``NAME:`` label's own line is already a direct quote (its cue's content, see
    ``_indirect``); a paragraph continuing it inherits that quote's speaker. An answer's
    speaker is the interviewee: the last speaker the article named before the transcript.
    Questions are the reporter's and are no source's quotes."""
    by_label = {art.para(q.cue_start).index: q for q in indirect if q.cue == ":" and q.cue_start is not None
                and art.para(q.cue_start).index in art.labels}
    interviewee: Quote | None = None
    if art.answers:
        interviewee = _named_before(art, min(art.answers))
    out: list[Quote] = []
    for index, head in sorted(art.turn_of.items()):
        para = art.paras[index]
        start = art.answers.get(index, para.start)
        if head not in art.questions and (index != head or index in art.answers):
            s, e = strip_edges(art.text, start, para.end, " \t\n")
            if e <= s:
                continue
            base: dict[str, Any] = dict(start=s, end=e, text=art.text[s:e], kind="direct", paragraph=index)
            prev = interviewee if head in art.answers else by_label.get(head)
            out.append(_inherit(prev, base, CONF_CONTINUED) if prev is not None
                       else Quote(**base, confidence=CONF_UNATTRIBUTED))
    return out


def _named_before(art: _Article, para_index: int) -> Quote | None:
    """The speaker of the last cue outside quotes before paragraph ``para_index`` that
    names one, as a quote to inherit from (an interview's introduction names the interviewee)."""
    end = art.paras[para_index].start
    for cue in reversed(art.cues_between(0, end)):
        who = art.who.get(cue.token)
        if who is not None and who.speaker is not None and not art.in_quote(cue.start) and not cue.label:
            p = art.para(cue.start).index
            return _quote(art, cue, dict(start=end, end=end, text="", kind="direct", paragraph=p), 0.0)
    return None


# -- indirect speech ---------------------------------------------------------------------------
def _indirect(art: _Article) -> list[Quote]:
    """Reported clauses without quote marks; those inside a direct quote are nested in it."""
    out: list[Quote] = []
    taken: set[tuple[int, int]] = set()
    for cue, (lo, hi) in ((c, piece) for c in art.cues if c.content is not None for piece in _that_clauses(art, c)):
        if hi - lo < MIN_INDIRECT_TOKENS:
            continue
        if cue.confidence < SPEECH_CONFIDENCE and (cue.mention is None or _addressee(art, cue)):
            continue  # a stance or belief nobody holds (``backing the former secretary``), or talk (``you know``)
        mute = _mute(art, cue)
        if mute and (cue.confidence < SPEECH_CONFIDENCE or art.doc[cue.token].lemma_.lower() in FINDING_VERBS):
            continue  # "the debate showed that ...": evidence bearing a clause out, the writer's narration
        s, e = art.chars(lo, hi)
        s, e = strip_edges(art.text, s, e)
        if e <= s or (s, e) in taken or art.para(s).index != art.para(e - 1).index:
            continue
        home = art.enclosing(cue.start)
        inner = art.enclosing(s)
        if not cue.label and art.para(cue.start).index in art.turn_of and (cue.according or cue.token not in art.who):
            continue  # in a transcript's turn, as inside a quote, only a named third party's words count
        if home is not None:
            # reported speech inside a quote: only a named third party's words count
            if cue.according or inner is not home or art.enclosing(e - 1) is not home or not _named_holder(art, cue):
                continue
            if cue.confidence < SPEECH_CONFIDENCE and _quoted_subject(art, cue, home):
                continue  # only their speech acts (``he told me that ...``): ``they know that ...`` is the quote's own words
        elif _holds_quote(art, s, e):
            cut = _before_quoted_adjunct(art, s, e)
            if cut is None:  # the quoted fragments are the quotes (mixed), save a clause joined to them
                for s2, e2 in _quote_free_conjuncts(art, cue):
                    if (s2, e2) not in taken:
                        taken.add((s2, e2))
                        conjunct: dict[str, Any] = dict(start=s2, end=e2, text=art.text[s2:e2], kind="indirect",
                                                        paragraph=art.para(s2).index)
                        out.append(_quote(art, cue, conjunct, cue.confidence, mute))
                continue
            e = cut
        taken.add((s, e))
        kind = "direct" if cue.label else "indirect"
        base: dict[str, Any] = dict(start=s, end=e, text=art.text[s:e], kind=kind, paragraph=art.para(s).index)
        out.append(_quote(art, cue, base, cue.confidence * (1.0 if cue.label else _report_doubt(art, cue, lo, hi)), mute))
    return out


def _quoted_subject(art: _Article, cue: Cue, home: QuoteSpan) -> bool:
    """Whether the cue's mention lies inside the quote ``home`` that holds the cue: the clause is
    then the quoted speaker's own sentence (``“Voters know that ...,” she said``), not a report
    the writer frames (``she vowed to “defend the law”``, whose subject stands outside)."""
    return cue.mention is not None and art.enclosing(art.doc[cue.mention[0]].idx) is home


def _mute(art: _Article, cue: Cue) -> bool:
    """Whether the cue's mention names no one who can speak (``resolve.can_speak``: "the debate",
    "the many reasons"): its reported clause is credited to no speaker."""
    return cue.mention is not None and not cue.label and not can_speak(art.doc[cue.mention[0]:cue.mention[1]])


def _without_echoes(reports: list[Quote]) -> list[Quote]:
    """Reported clauses less those that lie, cue and words, inside another reported clause and whose
    holder is a bare pronoun (``he said he wants to expand the rules``: ``to expand the rules``). The pronoun mostly
    stands for the outer report's holder, whose clause already holds these words: PolNeAR train (first
    200 articles) annotates 9 of 89 such inner clauses as attributions of their own."""
    outer = sorted((q.start, q.end) for q in reports)
    starts = [s for s, _ in outer]

    def echoes(q: Quote) -> bool:
        if q.cue_start is None or (q.mention or "").strip().lower() not in PRONOUN_WORDS:
            return False
        k = bisect_right(starts, q.cue_start)
        lo, hi = min(q.start, q.cue_start), max(q.end, q.cue_end or q.cue_start)
        return any(s <= lo and hi <= e for s, e in outer[:k] if (s, e) != (q.start, q.end))

    return [q for q in reports if not echoes(q)]


def _named_holder(art: _Article, cue: Cue) -> bool:
    """Whether a cue inside someone's quote reports another's words: a mention that resolves to a
    speaker, no generic crowd, and a pronoun only before a speech verb (``the ambassador said that``,
    ``Putin said``, ``he told me that``). A quoted speaker's ``they don't want to listen``, ``he knows it
    will be tough`` or ``anybody thinks`` is their own talk, not a report of another's: PolNeAR train
    (first 200 articles) annotates 1 of the 194 clauses inside quote marks as an attribution of its own."""
    who = art.who.get(cue.token)
    if who is None or who.speaker is None or cue.mention is None:
        return False
    lo, hi = cue.mention
    if hi - lo == 1 and art.doc[lo].lower_ in PRONOUN_WORDS:
        return cue.confidence >= SPEECH_CONFIDENCE  # words relayed (``he told me that``), not a belief
    return art.doc[lo:hi].root.pos_ not in GENERIC_HOLDER_POS


GENERIC_HOLDER_POS = frozenset({"PRON", "DET", "NUM"})
"""Heads of a mention that name nobody in particular (``anybody``, ``everyone``, ``some``, ``one of
them``): inside a quote, what such a crowd ``wants`` or ``knows`` is the quoted speaker's talk."""


CONTRAST_CONJUNCTIONS = frozenset({"but", "yet"})
"""``said X, but that Y``: a contrasting second ``that`` clause is a second claim, its own quote;
``said X and that Y`` goes on with one report and stays one quote (as the seed gold has it)."""


def _that_clauses(art: _Article, cue: Cue) -> list[tuple[int, int]]:
    """The cue's content as token ranges, one per reported clause: ``said X, but that Y`` and
    ``told them X and that Y`` report two clauses (the repeated ``that`` says so), each its own
    quote; the parser hangs the second on the cue verb or on the first clause. Without such a
    clause the content is one range."""
    assert cue.content is not None
    lo, hi = cue.content
    root = art.doc[lo:hi].root
    verb = art.doc[cue.token]
    # the second clause hangs on the cue verb, on the first clause, or deep inside it
    joined = sorted((c for c in (*art.doc[lo:hi], *verb.conjuncts) if c.i > root.i and c.dep_ == "conj"
                     and (lo <= c.head.i < hi or c.head.i == verb.i)
                     and _opens_with_that(c)
                     and any(t.dep_ == "cc" and t.lower_ in CONTRAST_CONJUNCTIONS for t in c.head.children if t.i < c.i)),
                    key=lambda c: c.i)
    if not joined:
        return [(lo, hi)]
    pieces: list[tuple[int, int]] = []
    start = lo
    for conj in joined:
        cut = conj.left_edge.i
        while cut > start and art.doc[cut - 1].dep_ in ("cc", "punct"):
            cut -= 1  # ``, but`` / ``and`` join the clauses, they belong to neither
        if cut > start:
            pieces.append((start, min(cut, hi)))
        start = next(t.i for t in conj.subtree if t.dep_ not in ("cc", "mark", "punct"))
        start += art.doc[start].lower_ == "that"  # the complementiser the parser took for a determiner
        hi = max(hi, conj.right_edge.i + 1)
    pieces.append((start, hi))
    return pieces


def _opens_with_that(clause) -> bool:
    """Whether a conjoined clause opens with the complementiser ``that``: its ``mark``, or its first word
    read as a determiner (``but that strong tides were complicating``: the parser often takes ``that``
    for the subject's determiner; after ``but`` opening a clause it is the complementiser)."""
    return (any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)
            or (clause.left_edge.lower_ == "that" and clause.left_edge.dep_ == "det"))


def _report_doubt(art: _Article, cue: Cue, lo: int, hi: int) -> float:
    """Factor on a reported content's confidence for what makes it less a quote: a negated cue
    (``NEGATED_REPORT``) and a content that is a noun phrase, the words' topic or target, not a
    clause (``TOPIC_ONLY``)."""
    verb = art.doc[cue.token]
    factor = 1.0
    if verb.pos_ in ("VERB", "AUX") and any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children):
        factor *= NEGATED_REPORT
    if art.doc[lo:hi].root.pos_ not in ("VERB", "AUX"):
        factor *= TOPIC_ONLY
    return factor


def _addressee(art: _Article, cue: Cue) -> bool:
    """Whether the cue's subject is the speaker or the listener (``I think``, ``you know``,
    ``we want``): in news these beliefs are turns of talk inside quoted words, not attributions."""
    m = cue.mention
    return m is not None and m[1] - m[0] == 1 and art.doc[m[0]].lower_ in SPEECH_PARTIES


def _quote_free_conjuncts(art: _Article, cue: Cue) -> list[tuple[int, int]]:
    """Clauses with their own subject joined by ``and`` to a reported clause that holds a
    quoted fragment, themselves free of quote marks (``told crowds that aid would not go to
    “corrupt hands” and he would seek a new deal``: the second clause is reported speech of
    its own, the first is told by its fragment)."""
    if cue.content is None:
        return []
    root = art.doc[cue.content[0]:cue.content[1]].root
    verb = art.doc[cue.token]
    out = []
    # the parser often hangs the second clause on the cue verb: it is the report's when
    # back-shifted with a pronoun subject (``told … that … and he would seek …``)
    reported = [c for c in verb.conjuncts if c.i > root.i and any(
        t.dep_ == "aux" and t.lower_ in BACKSHIFT_AUX for t in c.children) and any(
        t.dep_ == "nsubj" and t.pos_ == "PRON" for t in c.children)]
    for conj in [*root.conjuncts, *reported]:
        if conj.i < root.i or conj.pos_ not in ("VERB", "AUX") or not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
            continue
        first = next(t for t in conj.subtree if t.dep_ not in ("cc", "mark", "punct"))
        s, e = strip_edges(art.text, first.idx, conj.right_edge.idx + len(conj.right_edge))
        if conj.right_edge.i - first.i + 1 >= MIN_INDIRECT_TOKENS and not _holds_quote(art, s, e):
            out.append((s, e))
    return out


APPENDED_OPENERS = frozenset({"which", "who", "whose"})
"""Words (besides an -ing participle) opening a phrase appended to a clause after a comma: a
quoted fragment there is the appended phrase's, not the reported clause's."""


def _before_quoted_adjunct(art: _Article, s: int, e: int) -> int | None:
    """End of the reported clause ``[s, e)`` cut before a comma that sets off its first quoted
    fragment (``said the cargo had blown up, sparking “a disaster”``; ``… were taken elsewhere,
    which “turns the crisis …”``): the words before the comma are a report free of quotes and
    the fragment hangs on an appended phrase; ``None`` when no such comma comes first."""
    k = bisect_right(art.top_opens, e) - 1
    first = None
    while k >= 0 and _span_end(art.top[k]) > s:
        first = art.top[k].open
        k -= 1
    if first is None or first <= s:
        return None
    comma = art.text.rfind(",", s, first)
    while comma >= 0 and len(art.text[s:comma].split()) >= MIN_INDIRECT_TOKENS:
        # the nearest comma opening an appended phrase (``…, adding, “We will …”`` passes the comma after ``adding``)
        span = art.doc.char_span(comma, comma + 1)
        if span is not None and span.end < len(art.doc) and (
                art.doc[span.end].tag_ == "VBG" or art.doc[span.end].lower_ in APPENDED_OPENERS):
            return comma
        comma = art.text.rfind(",", s, comma)
    return None


def _holds_quote(art: _Article, s: int, e: int) -> bool:
    """Whether ``[s, e)`` overlaps any top-level quote span."""
    k = bisect_right(art.top_opens, e) - 1
    while k >= 0:
        sp = art.top[k]
        if _span_end(sp) > s:
            return True
        if sp.paragraph < art.para(s).index:
            return False
        k -= 1
    return False


def _set_nesting(quotes: list[Quote]) -> None:
    """``nested_in``: index of the smallest other quote strictly containing this one (the
    first in list order among equally small ones).

    Linear in practice: quotes are visited by (start, -end); a container of quote ``q``
    comes before it in that order, and walking back from ``q`` jumps from any earlier quote
    that ends before ``q`` to the nearest one before it that ends later (``reach``), so
    siblings inside one long quote are skipped in one step, not scanned.
    """
    order = sorted(range(len(quotes)), key=lambda i: (quotes[i].start, -quotes[i].end))
    reach: list[int] = []  # per position in ``order``: nearest earlier position ending later, or -1
    for pos, i in enumerate(order):
        j = pos - 1
        while j >= 0 and quotes[order[j]].end <= quotes[i].end:
            j = reach[j]
        reach.append(j)
    for pos, i in enumerate(order):
        q = quotes[i]
        size = q.end - q.start
        best: int | None = None
        j = pos - 1
        while j >= 0:
            o = quotes[order[j]]
            if o.end < q.end:
                j = reach[j]
                continue
            length = o.end - o.start
            if length > size and (best is None or length < quotes[best].end - quotes[best].start
                                  or (length == quotes[best].end - quotes[best].start and order[j] < best)):
                best = order[j]
            j -= 1
        q.nested_in = best
