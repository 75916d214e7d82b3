"""Who a draft credits a quote to where extraction leaves the credit open or partial.

Extraction attributes quotes sentence by sentence; a draft is read as a story. Three
credits need the story or the phrase around the speaker, and each used to turn a correct
draft into an error:

* a **continuation** ("He continued: '...'", "She went on: '...'") or a **description**
  ("Speaking to Sky News, the former Chief of the General Staff said: '...'") introducing
  a quote with no speaker found: the words are the story's speaker's. A pronoun is the
  last speaker the draft credited; a description is the registry holder of that role
  among the speakers the draft named before (:meth:`audit.speakers.Registry.holder`);
* a **spokesperson of a body** ("Russian Defence Ministry spokesman Igor Konashenkov",
  "Igor Konashenkov, a spokesman for the Russian Defence Ministry"): the person speaks
  for the body, so the body's statement is no one else's words (:func:`spoken_for`);
* a **group** ("residents said", "analysts said"): not a person hiding their name, a
  sourcing note of its own (:func:`is_group`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from audit.extract.resolve import ANONYMOUS_NOUNS
from audit.lang.names import SPOKESPERSON
from audit.model import Quote
from audit.speakers import ROLE_HEADS, Registry, evidence

_BODY_BEFORE = re.compile(
    rf"(?P<body>(?:[A-Z][\w'\u2019.&-]*\s+){{1,6}})(?:{SPOKESPERSON})\b"
)
"""``Russian Defence Ministry spokesman``: capitalised words right before the role."""
_BODY_AFTER = re.compile(
    rf"\b(?:{SPOKESPERSON})\s+(?:for|of|at|from)\s+(?P<body>(?:the\s+)?[\w'\u2019.&-]+(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w'\u2019.&-]*)*)"
)
"""``a spokesman for the Russian Defence Ministry`` / ``a spokesman for the bakery``."""

CONTINUATION = r"continued|continues|went on|goes on|carried on|added|adds|concluded|said|says|told\s[^:\"\u201c]{1,60}"
"""Verbs that hand a quote introduced by a colon to a subject named before it: continuation
cues ("He continued:", "she went on:", "he added:") and the plain speech cues a
description uses ("the former army chief said:"), which extraction may leave unlinked
after a participle clause ("Speaking to Sky News, ...")."""

_LEAD_IN = re.compile(
    rf"(?:^|[,;]\s*|\.\s+)(?P<who>(?:he|she|they|it|the\s+[^,;:\"\u201c]{{2,80}}?))\s+(?:{CONTINUATION})\s*:\s*$",
    re.IGNORECASE,
)
"""A lead-in ending the text before a quote: subject (a pronoun or a definite
description), continuation or speech cue, colon."""

PERSON_PRONOUNS = frozenset({"he", "she"})

SOURCING_NOUNS = frozenset(
    "source sources official officials aide aides insider insiders staffer staffers adviser advisers "
    "advisor advisors diplomat diplomats representative representatives person someone anyone".split()
)
"""Anonymous heads whose anonymity needs a reason (people with access speaking off the
record). The rest of :data:`audit.extract.resolve.ANONYMOUS_NOUNS` in the plural
(residents, witnesses, analysts, experts) are groups: see :func:`is_group`."""


def body_named(text: str) -> str | None:
    """The body a spokesperson in ``text`` speaks for, as written, or ``None``."""
    m = _BODY_AFTER.search(text) or _BODY_BEFORE.search(text)
    return m.group("body").strip() if m else None


def spoken_for(text: str, statement_speaker: str | None, registry: Registry | None) -> bool | None:
    """Whether ``text`` (the draft around a quote, outside the quote marks) credits the
    words to a spokesperson of the statement's speaker: ``True`` when the body named with
    the spokesperson resolves to it, ``False`` when it resolves to another registry body,
    ``None`` when there is no spokesperson or the body is unknown."""
    body = body_named(text)
    if body is None or registry is None or not statement_speaker:
        return None
    found = registry.resolve(body, "organisation")
    if found is None:
        return None
    return found.speaker_id == statement_speaker


def is_group(quote: Quote) -> bool:
    """Whether the quote's source is a group of the public ("residents", "analysts"):
    a plural anonymous head that is not someone with access speaking off the record."""
    if quote.speaker_kind != "anonymous" or not quote.mention:
        return False
    head = quote.mention.split()[-1].casefold().strip(".,")
    return head in ANONYMOUS_NOUNS and head not in SOURCING_NOUNS and head.endswith("s")


MENTION_FILLER = frozenset("a an the one for of at from senior unnamed".split())
"""Words of a spokesperson mention that name no body ("a senior spokesman")."""


def body_of_mention(quote: Quote) -> str | None:
    """The body an anonymous-looking source speaks for ("a spokesman for the bakery" ->
    "bakery", "a council spokeswoman" -> "council"), or ``None``: such a source is on
    record for the body, neither anonymous nor nobody."""
    mention = quote.mention or ""
    if quote.speaker_kind != "anonymous" or not re.search(rf"\b(?:{SPOKESPERSON})\b", mention, re.IGNORECASE):
        return None
    words = re.sub(rf"\b(?:{SPOKESPERSON})\b", " ", mention, flags=re.IGNORECASE).split()
    body = [w for w in words if w.casefold() not in MENTION_FILLER]
    return " ".join(body) or None


def named_before(text: str, registry: Registry) -> list[str]:
    """Registry speakers the draft names (by name or alias, as written) in ``text``: the
    story's cast a description later in the draft may refer to."""
    return [sp.speaker_id for sp in registry if any(a and a in text for a in (sp.name, *sp.aliases))]


def described(description: str, statement_speaker: str, registry: Registry | None, before: str = "") -> bool | None:
    """Whether a role description the draft credits ("the former army chief") is the
    statement's speaker: ``True`` when the speaker held that role (the one holder, or one of
    several and the one the draft named before), ``False`` when the role's one holder is
    someone else, ``None`` when it names no role or several fit and the draft names none."""
    if registry is None or not ROLE_HEADS & evidence(description).role:
        return None
    found = registry.holder(description, among=named_before(before, registry) if before else ())
    if found is None:
        found = registry.holder(description, among=[statement_speaker])
    return None if found is None else found.speaker_id == statement_speaker


def carry_speakers(
    quotes: Sequence[Quote], text: str, registry: Registry | None, people: Sequence[tuple[int, str]] = ()
) -> list[Quote]:
    """The quotes with the story's speaker filled in where a continuation or a
    description introduces a quote extraction left without one (see the module
    docstring); every other quote unchanged. ``people``: where the draft names a person
    (offset, name; spaCy's PERSON entities), so "He" after "Lord Dannatt was asked ..." is
    the person named last, whether or not a quote was credited to them."""
    out: list[Quote] = []
    last_any: Quote | None = None
    last_person: Quote | None = None
    spans = [(q.start, q.end) for q in quotes]
    named = [(at, name) for at, name in people if not any(a <= at < b for a, b in spans)]
    for q in quotes:
        if q.kind != "indirect" and not q.speaker and q.speaker_kind == "unknown" and q.nested_in is None:
            sentence_start = max(text.rfind("\n", 0, q.start), 0)
            m = _LEAD_IN.search(text[sentence_start : q.start].strip().rstrip("\"\u201c\u2018'"))
            if m is not None:
                q = _carried(q, m.group("who"), last_person, last_any, named, text, registry, out)
        if q.speaker and q.speaker_kind not in ("anonymous", "unknown"):
            last_any = q
            if q.speaker_kind == "person":
                last_person = q
        out.append(q)
    return out


def _carried(q: Quote, who: str, last_person: Quote | None, last_any: Quote | None,
             named: Sequence[tuple[int, str]], text: str, registry: Registry | None, earlier: list[Quote]) -> Quote:
    """``q`` credited to whom the lead-in's subject ``who`` refers to (see :func:`carry_speakers`)."""
    pronoun = who.casefold()
    if pronoun in PERSON_PRONOUNS | {"they", "it"}:
        source = last_person if pronoun in PERSON_PRONOUNS else last_any
        at = (source.mention_start if source.mention_start is not None else source.start) if source else -1
        person = next(((a, n) for a, n in reversed(named) if at < a < q.start), None) if pronoun in PERSON_PRONOUNS else None
        if person is not None:
            sp = registry.resolve(person[1], "person") if registry is not None else None
            if sp is not None:
                return replace(q, speaker=sp.name, speaker_id=sp.speaker_id, speaker_kind=sp.kind, mention=who)
            return replace(q, speaker=person[1], speaker_kind="person", mention=who)
        if source is not None:
            return replace(q, speaker=source.speaker, speaker_id=source.speaker_id,
                           speaker_kind=source.speaker_kind, mention=who)
        return q
    cast = [p.speaker_id for p in earlier if p.speaker_id]
    cast += named_before(text[: q.start], registry) if registry is not None else []
    sp = registry.holder(who, among=cast) if registry is not None else None
    if sp is not None:
        return replace(q, speaker=sp.name, speaker_id=sp.speaker_id, speaker_kind=sp.kind, mention=who)
    return replace(q, speaker=who, mention=who)
