"""Fuzzing (issue 7): hostile article text through extract, ingest and check.

Texts are built from fragments of every kind a CMS export or a hand-typed draft can
hold: Unicode of every category (lone surrogates included), quote marks of every
script, stray and mismatched, very long sentences, words without whitespace, control
characters, right-to-left text and bidi overrides, emoji sequences and NUL bytes. What
must hold: no exception escapes, every offset stays inside the text, and every quote's
``text`` is exactly ``source[start:end]`` (likewise mention and cue).

The default run tries ``FAST_EXAMPLES`` texts per stage; ``-m slow`` runs
``SLOW_EXAMPLES``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from audit.check import check
from audit.check.formats import FORMATS
from audit.check.reference import Reference, Statement
from audit.config import Config
from audit.extract import extract
from audit.ingest.common import clean_text
from audit.load import ingest
from audit.model import Quote
from audit.store import Store
from reliability_helpers import partial_articles

FAST_EXAMPLES = 20
SLOW_EXAMPLES = 400

QUOTE_MARKS = (
    '"', "'", "`", "``", "''", "\u201c", "\u201d", "\u2018", "\u2019", "\u201e", "\u201a", "\u201f", "\u201b",
    "\u00ab", "\u00bb", "\u2039", "\u203a", "\u300c", "\u300d", "\u300e", "\u300f", "\u301d", "\u301e",
    "\u2033", "\u2032", "\uff02", "\uff07", "\u275d", "\u275e", "\u2e42",
)
"""Every quote mark we know of: ASCII, typographic, low-9, guillemets, CJK corner
brackets, primes, full-width and dingbat marks."""

CUES = ("said", "told Sky News", "according to", "warned", "added", "claimed on Twitter")
SPEAKER_WORDS = ("General Smith", "the ministry", "he", "she", "Mr Peskov", "a source", "Zelensky")
CONTROL = [chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))]
BIDI = ("\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u200f", "\u200e", "\u2066", "\u2067", "\u2069")
RTL_WORDS = ("\u0642\u0627\u0644", "\u05d0\u05de\u05e8", "\u0627\u0644\u0648\u0632\u064a\u0631", "\u05e9\u05dc\u05d5\u05dd")
EMOJI = ("\U0001f600", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f1fa\U0001f1e6", "\u2764\ufe0f",
         "\U0001f44d\U0001f3fd", "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f")

words = st.sampled_from(("we", "will", "win", "the", "war", "troops", "advanced", "3,000", "km²", "Izium", "...", "—"))
sentence = st.lists(words, min_size=1, max_size=12).map(" ".join)
fragments = st.one_of(
    st.text(st.characters(), max_size=40),  # every category but surrogates
    st.characters(categories=["Cs"]),  # a lone surrogate, as JSON escapes or surrogateescape leave them
    st.sampled_from(QUOTE_MARKS),
    st.builds(lambda o, s, c: f"{o}{s}{c}", st.sampled_from(QUOTE_MARKS), sentence, st.sampled_from(QUOTE_MARKS)),
    st.builds(lambda who, cue, s, m: f"{who} {cue}: {m}{s}.", st.sampled_from(SPEAKER_WORDS), st.sampled_from(CUES),
              sentence, st.sampled_from(QUOTE_MARKS)),
    st.builds(lambda s, n: " ".join([s] * n), sentence, st.integers(50, 400)),  # very long sentence
    st.builds(lambda s, n: (s.replace(" ", "") + "\u201c") * n, sentence, st.integers(20, 300)),  # no whitespace
    st.sampled_from(CONTROL),
    st.sampled_from(BIDI),
    st.sampled_from(RTL_WORDS),
    st.sampled_from(EMOJI),
    st.just("\x00"),
    st.sampled_from(("\n", "\n\n", "\r\n", "\u2028", "\u2029", "\t", " ")),
)
article_texts = st.lists(fragments, min_size=0, max_size=30).map("".join)

EXAMPLES = [pytest.param(FAST_EXAMPLES, id="fast"), pytest.param(SLOW_EXAMPLES, marks=pytest.mark.slow, id="slow")]


def fuzz(examples: int) -> settings:
    """Hypothesis settings for one stage: no deadline (spaCy on a long text takes a
    while on a busy machine), our own example budget."""
    return settings(
        max_examples=examples, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


def assert_quotes_point_into(text: str, quotes: list[Quote]) -> None:
    """Offsets inside ``text``, ``text[start:end]`` equal to each field, order and nesting valid."""
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text), (q.start, q.end, len(text))
        assert text[q.start : q.end] == q.text
        for value, start, end in ((q.mention, q.mention_start, q.mention_end), (q.cue, q.cue_start, q.cue_end)):
            if start is not None or end is not None:
                assert start is not None and end is not None and 0 <= start <= end <= len(text)
                assert text[start:end] == value
        assert q.nested_in is None or 0 <= q.nested_in < len(quotes)
        assert 0.0 <= q.confidence <= 1.0
        assert q.kind in ("direct", "mixed", "indirect")


@pytest.mark.parametrize("examples", EXAMPLES)
def test_extract_never_raises_and_offsets_hold(nlp, examples: int) -> None:
    @fuzz(examples)
    @given(text=article_texts)
    def run(text: str) -> None:
        assert_quotes_point_into(text, extract(text, nlp=nlp))

    run()


def test_extract_holds_on_the_worst_single_cases(nlp) -> None:
    """Hand-picked cases hypothesis may not reach: unbalanced marks over a long text, a
    quote that never closes, nothing but marks, a NUL inside a quote, a lone surrogate."""
    cases = [
        '"' + "We will win. " * 2000,
        "He said: \u201c" + "x" * 50_000,
        "".join(QUOTE_MARKS) * 200,
        'He said: "We\x00 will win." She said: "No\udc80."',
        "\u202eHe said: \"\u0642\u0627\u0644 we win\u202c.\" \U0001f468\u200d\U0001f469\u200d\U0001f467",
    ]
    for text in cases:
        assert_quotes_point_into(text, extract(text, nlp=nlp))


@pytest.mark.parametrize("examples", EXAMPLES)
def test_ingest_stores_text_and_quotes_consistently(nlp, examples: int, tmp_path: Path) -> None:
    """The same text as a ``.txt`` file (raw bytes; surrogates make it invalid UTF-8)
    and as a JSON Lines row (escaped; its own outlet per example, so a text hypothesis
    repeats is not the same article), ingested into one real database: each becomes one
    article whose quotes index the stored text, or one ``ingest_errors`` row with a
    reason; the run never raises."""
    db = tmp_path / "fuzz.duckdb"
    counter = iter(range(10**9))

    @fuzz(examples)
    @example(text="\ud800\udc00")  # a surrogate pair written as two escapes: one character in JSON
    @given(text=article_texts)
    def run(text: str) -> None:
        n = next(counter)
        folder = tmp_path / f"in{n}"
        folder.mkdir()
        (folder / "a.txt").write_bytes(text.encode("utf-8", "surrogatepass"))
        row = folder / "b.jsonl"
        row.write_text(json.dumps({"text": text, "outlet": f"Fuzz {n}"}) + "\n", encoding="utf-8")
        with Store(db) as store:
            stats = ingest([folder], store, nlp=nlp, progress=False)
            stored = store.con.execute("SELECT text FROM articles WHERE source = ?", [f"{row}#1"]).fetchall()
            reasons = store.con.execute(
                "SELECT reason FROM ingest_errors WHERE starts_with(source, ?)", [str(folder)]).fetchall()
        assert stats.seen + len(reasons) >= 2  # each input is an article or a recorded error
        assert all(reason.strip() for (reason,) in reasons)
        # the JSONL row keeps everything JSON can carry: two surrogate escapes that form a pair
        # ("\\ud800\\udc00") are one character to any JSON reader, as the standard says
        carried = json.loads(json.dumps(text))
        if clean_text(carried).strip():
            assert stored == [(clean_text(carried),)]
        else:
            assert stored == [] and reasons

    run()
    assert partial_articles(db) == []


STATEMENTS = [Statement(statement_id="st1", text="We will win the war", speaker="smith", speaker_name="General Smith")]


@pytest.mark.parametrize("examples", EXAMPLES)
def test_check_never_raises_and_findings_stay_in_the_draft(nlp, examples: int) -> None:
    """A hostile draft (Markdown, HTML or plain text) gives findings placed inside it, or a
    per-file error; every output format renders, JSON and SARIF parse."""

    @fuzz(examples)
    @given(text=article_texts, suffix=st.sampled_from((".md", ".txt", ".html")))
    def run(text: str, suffix: str) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            draft = Path(tmp) / f"draft{suffix}"
            draft.write_bytes(text.encode("utf-8", "surrogatepass"))
            result = check([draft], config=Config(), reference=Reference(STATEMENTS), nlp=nlp)
            assert result.exit_code() in (0, 1, 2)
            n_lines = text.count("\n") + 1 + text.count("\r") + text.count("\u2028") + text.count("\u2029")
            for f in result.findings:
                assert 1 <= f.line <= n_lines and f.col >= 1
                assert f.end_line is None or f.end_line >= f.line
            for fmt, render in FORMATS.items():
                out = render(result)
                if fmt in ("json", "sarif"):
                    json.loads(out)

    run()
