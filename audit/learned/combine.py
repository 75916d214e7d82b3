"""Rules and tagger together: a spaCy component after ``quote_attribution``.

The tagger proposes contents with their source and cue words; the rules have already
set their quotes on the doc. A tagger content and a rules quote that overlap at
:data:`SAME_QUOTE_OVERLAP` or more are one quote (``method="both"``): the rules'
record stays -- its cue, speaker resolution, medium and kind -- and for kinds in
:data:`TAGGER_BOUNDS_KINDS` the tagger's boundaries replace the rules' ones (for a mixed
fragment they give its reported clause, the fragment staying the quote). Where the
rules found no speaker, or for reported speech (indirect, mixed) where the tagger names
other source words than the rules, the tagger's words, resolved by the rules, give the
speaker: on PolNeAR dev, when the two disagreed the tagger was right 116 times and the
rules 77. A direct quote keeps the rules' speaker: its cue sits by its quote marks, and
there the rules were the surer (source accuracy 0.936 against 0.918). So do words the
parse hangs on the rules' speaker as a description (``Strelkov, who led separatists in
the Donbas, ...``: not ``the Donbas``).
A rules quote is compared by its reported clause where it has one (a mixed fragment). A tagger
content the rules missed becomes a quote of its own (``method="tagger"``) if it is
:func:`credible`; its source words are resolved and canonicalised by the rules' speaker
resolution (pronouns, descriptions, registry aliases). Rules quotes the tagger did not
see are kept or dropped by the policy (:data:`POLICIES`).

Use::

    nlp = load_pipeline()
    add_tagger(nlp, "models/polnear")       # doc._.quotes now carry method rules/tagger/both
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from audit.extract.component import QuoteAttribution, _set_nesting  # the rules' own nesting, so both agree
from audit.extract.marks import DOUBLE_MARKS, SINGLE_MARKS, paragraphs
from audit.extract.resolve import ArticleSpeakers
from audit.extract.sources import RELATIVE_PRONOUNS, mention_range
from audit.gold import match, trim
from audit.learned.tagger import Tagged, Tagger
from audit.model import Quote
from audit.speakers import Registry

COMPONENT_NAME = "learned_attribution"
RULES_COMPONENT = "quote_attribution"
POLICIES = ("union", "quoted", "tagger")
"""``union``: tagger quotes plus every rules quote it missed; ``quoted``: plus only the
rules' quotes in quote marks (direct, mixed) it missed -- quote marks make those
precise; ``tagger``: tagger contents only."""
KEPT_RULES_KINDS = {"union": frozenset({"direct", "mixed", "indirect"}), "quoted": frozenset({"direct", "mixed"}),
                    "tagger": frozenset()}
"""Kinds of unmatched rules quotes each policy keeps."""
DEFAULT_POLICY = "quoted"
"""Measured (docs/learned.md): on PolNeAR dev ``tagger`` 0.751 / 0.536 content F1 at
overlap 0.3 / 0.8, ``quoted`` 0.745 / 0.535, ``union`` 0.712 / 0.517 (the rules'
indirect extras cost more precision than they add recall); on the seed article only
``quoted`` and ``union`` keep all 20 direct quotes with their speakers (``tagger``
loses two) -- so ``quoted``."""
SAME_QUOTE_OVERLAP = 0.5
"""Character Jaccard (after trimming) from which a tagger content and a rules quote are
the same quote: well above chance overlap of neighbouring clauses, below the boundary
disagreements of one clause (``that`` included or not, a trailing adverbial)."""
TAGGER_BOUNDS_KINDS = frozenset({"indirect"})
"""Kinds whose boundaries the tagger sets when both found the quote: quote marks fix a
direct quote's boundaries exactly, a reported clause's the rules only guess from the
parse."""
TAGGER_ONLY_MIN_CONFIDENCE = 0.7
"""A content only the tagger found is kept when it has a cue and its mean label
probability reaches this. On PolNeAR dev (3-epoch model) such contents without a cue
are seldom attributions, and with one the share that is right climbs with the
probability: 0.42 in [0.5, 0.6), 0.57 in [0.6, 0.7), 0.62 in [0.7, 0.8), 0.77 in
[0.8, 0.9), 0.87 above. The cut is the
operating point a standards desk wants -- a missed attribution costs less than a false
one: at 0.7 the combination's precision is 0.867 at recall 0.749 (F1 0.804, source
accuracy 0.901), at 0.6 0.841 at 0.784 (F1 0.811, source 0.895); figures for every cut
in docs/learned.md."""
QUOTE_MARKS = frozenset(DOUBLE_MARKS + SINGLE_MARKS) - {"'", "\u2019"}
"""Marks that open or close a quotation (apostrophes left out: ``Clinton's``)."""


def kind_of(text: str) -> str:
    """``direct`` when the content is wrapped in quote marks, ``mixed`` when it holds
    some, else ``indirect`` -- the rules' vocabulary, read off the tagger's words."""
    stripped = text.strip(" \t\n.,;:")
    if len(stripped) > 1 and stripped[0] in QUOTE_MARKS and stripped[-1] in QUOTE_MARKS:
        return "direct"
    return "mixed" if any(ch in QUOTE_MARKS for ch in stripped) else "indirect"


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class _TaggerQuotes:
    """Quote records for tagger findings of one doc, speakers resolved in text order."""

    def __init__(self, doc: Doc, registry: Registry | None) -> None:
        self.doc = doc
        self.text = doc.text  # once: spaCy rebuilds ``doc.text`` on every access
        self.speakers = ArticleSpeakers(doc, registry)
        self.para_starts = [p.start for p in paragraphs(self.text)]

    def _tokens(self, span: tuple[int, int] | None) -> tuple[int, int] | None:
        if span is None:
            return None
        chars = self.doc.char_span(*span, alignment_mode="expand")
        return (chars.start, chars.end) if chars is not None and len(chars) else None

    def _named(self, mention: tuple[int, int] | None) -> tuple[int, int] | None:
        """The words to resolve a mention by: a relative pronoun's antecedent (``the MoD,
        which added ...``: ``which`` is the mention, ``the MoD`` the speaker), else the
        mention itself."""
        if mention is None or mention[1] - mention[0] != 1:
            return mention
        tok = self.doc[mention[0]]
        clause = tok.head
        if tok.lower_ in RELATIVE_PRONOUNS and clause.dep_ == "relcl" and clause.head.i != clause.i:
            return mention_range(clause.head) or mention
        return mention

    def quote(self, t: Tagged) -> Quote:
        text = self.text
        start, end = _stripped(text, *t.content)
        who = self.speakers.resolve(self._named(self._tokens(t.source)))
        return Quote(
            start=start,
            end=end,
            text=text[start:end],
            kind=kind_of(text[start:end]),  # type: ignore[arg-type]
            speaker=who.speaker,
            speaker_id=who.speaker_id,
            speaker_kind=who.kind,
            mention=text[t.source[0] : t.source[1]] if t.source else None,
            mention_start=t.source[0] if t.source else None,
            mention_end=t.source[1] if t.source else None,
            cue=text[t.cue[0] : t.cue[1]] if t.cue else None,
            cue_start=t.cue[0] if t.cue else None,
            cue_end=t.cue[1] if t.cue else None,
            paragraph=max(bisect_right(self.para_starts, start) - 1, 0),
            confidence=t.confidence,
            method="tagger",
        )


def _extent(q: Quote) -> tuple[int, int]:
    """What a rules quote covers in PolNeAR's terms: a mixed fragment's reported clause
    where the rules give it (as the evaluator scores it), else the quote itself."""
    if q.clause_start is not None and q.clause_end is not None:
        return q.clause_start, q.clause_end
    return q.start, q.end


SPEAKER_FIELDS = ("speaker", "speaker_id", "speaker_kind", "mention", "mention_start", "mention_end")


def _same_words(q: Quote, source: tuple[int, int]) -> bool:
    """Whether a rules quote's mention overlaps the tagger's source words."""
    return q.mention_start is not None and q.mention_end is not None and (
        q.mention_start < source[1] and source[0] < q.mention_end)


def _describes(doc: Doc, text: str, q: Quote, source: tuple[int, int]) -> bool:
    """Whether the tagger's source words lie in what the parse hangs on the rules'
    speaker (``Igor Strelkov, who led separatists in the Donbas, ...``: ``the Donbas``
    describes Strelkov, it does not speak)."""
    if q.mention_start is None or q.mention_end is None:
        return False
    mention = doc.char_span(q.mention_start, q.mention_end, alignment_mode="expand")
    if mention is None or not len(mention):
        return False
    if text[source[0] : source[1]].strip().lower() in RELATIVE_PRONOUNS:
        return False  # ``Strelkov, who said ...``: the pronoun is the speaker's own mention
    head = mention.root
    lo, hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)
    return lo <= source[0] and source[1] <= hi


def credible(t: Tagged) -> bool:
    """Whether a content only the tagger found is kept (see :data:`TAGGER_ONLY_MIN_CONFIDENCE`)."""
    return t.cue is not None and t.confidence >= TAGGER_ONLY_MIN_CONFIDENCE


def _speaker_fields(q: Quote) -> dict[str, Any]:
    """A tagger quote's speaker, to give a rules quote the tagger's speaker (see ``merge``)."""
    return {name: getattr(q, name) for name in SPEAKER_FIELDS}


def merge(doc: Doc, rules: Sequence[Quote], tagged: Sequence[Tagged], policy: str = DEFAULT_POLICY,
          registry: Registry | None = None) -> list[Quote]:
    """The doc's quotes from both sources (see the module docstring), ordered by start."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}; use one of {', '.join(POLICIES)}")
    text = doc.text
    tagged = sorted(tagged, key=lambda t: t.content)
    pairs = match(
        [trim(text, (t.content,)) for t in tagged],
        [trim(text, (_extent(q),)) for q in rules],
        SAME_QUOTE_OVERLAP,
    )
    maker = _TaggerQuotes(doc, registry)
    out: list[Quote] = []
    for i, t in enumerate(tagged):
        if i not in pairs:
            if credible(t):
                out.append(maker.quote(t))
            continue
        q = rules[pairs[i]]
        start, end = _stripped(text, *t.content)
        if q.kind in TAGGER_BOUNDS_KINDS:
            q = replace(q, start=start, end=end, text=text[start:end])
        elif q.kind == "mixed" and start <= q.start and q.end <= end and (start, end) != (q.start, q.end):
            q = replace(q, clause_start=start, clause_end=end)
        if t.source is not None and (q.mention_start is None or (
                q.kind != "direct" and not _same_words(q, t.source) and not _describes(doc, text, q, t.source))):
            q = replace(q, **_speaker_fields(maker.quote(t)))
        out.append(replace(q, method="both"))
    taken = set(pairs.values())
    out.extend(replace(q, method="rules") for j, q in enumerate(rules)
               if j not in taken and q.kind in KEPT_RULES_KINDS[policy])
    out.sort(key=lambda q: (q.start, -q.end))
    _set_nesting(out)
    return out


class LearnedAttribution:
    """Pipeline component: replaces ``doc._.quote_records`` by the merged quotes."""

    def __init__(self, tagger: Tagger, policy: str = DEFAULT_POLICY, registry: Registry | None = None) -> None:
        if policy not in POLICIES:
            raise ValueError(f"unknown policy {policy!r}; use one of {', '.join(POLICIES)}")
        self.tagger = tagger
        self.policy = policy
        self.registry = registry

    def _apply(self, doc: Doc, tagged: Sequence[Tagged]) -> Doc:
        if doc._.extract_note:  # left unread by the rules (another language): the English tagger too
            return doc
        rules = doc._.quotes if doc._.quote_records is not None else []
        doc._.quote_records = [q.to_dict() for q in merge(doc, rules, tagged, self.policy, self.registry)]
        return doc

    def __call__(self, doc: Doc) -> Doc:
        return self._apply(doc, self.tagger.tag(doc.text))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        """Tag ``batch_size`` docs at a time: their windows share forward passes."""
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._flush(batch)
                batch = []
        yield from self._flush(batch)

    def _flush(self, batch: list[Doc]) -> Iterator[Doc]:
        if batch:
            for doc, tagged in zip(batch, self.tagger.tag_many([d.text for d in batch])):
                yield self._apply(doc, tagged)


@Language.factory(COMPONENT_NAME, default_config={"model_path": "", "policy": DEFAULT_POLICY, "int8": False})
def make_learned_attribution(nlp: Language, name: str, model_path: str, policy: str, int8: bool) -> LearnedAttribution:
    """spaCy factory: ``nlp.add_pipe("learned_attribution", config={"model_path": DIR})``
    after ``quote_attribution``; takes that component's speaker registry."""
    rules = nlp.get_pipe(RULES_COMPONENT) if RULES_COMPONENT in nlp.pipe_names else None
    registry = rules.registry if isinstance(rules, QuoteAttribution) else None
    return LearnedAttribution(Tagger.load(Path(model_path), int8=int8), policy, registry)


def add_tagger(nlp: Language, model_path: Path | str, policy: str = DEFAULT_POLICY, int8: bool = False) -> Language:
    """Add the learned tagger to a pipeline that has ``quote_attribution`` (as
    :func:`audit.extract.load_pipeline` builds it); returns ``nlp``."""
    if RULES_COMPONENT not in nlp.pipe_names:
        raise ValueError(f"the pipeline needs the {RULES_COMPONENT!r} component before the learned tagger")
    nlp.add_pipe(COMPONENT_NAME, after=RULES_COMPONENT,
                 config={"model_path": str(model_path), "policy": policy, "int8": int8})
    return nlp


__all__ = ["COMPONENT_NAME", "DEFAULT_POLICY", "POLICIES", "LearnedAttribution", "add_tagger", "kind_of", "merge"]
