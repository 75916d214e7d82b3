"""Property test: extraction never raises and keeps every offset inside the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.extract import extract
from audit.extract.marks import paragraphs, quote_spans

MARKS = ['"', "“", "”", "'", "‘", "’", "„", "«", "» ", " »", "「", "」", "\n", "\n\n", " said ", " he told ",
         ", according to ", ": ", " – ", ", says "]
WORDS = ["Ann Lee", "the MoD", "We", "will", "win", "they", "it", ".", ",", "Read more:", "Picture: X",
         "\n\nQ: ", "\n\nA: ", "\n\nANN LEE (through translator): ", "had", "would", "not give up", "Le port et la"]

article = st.lists(
    st.one_of(st.sampled_from(MARKS), st.sampled_from(WORDS), st.text(max_size=8)), max_size=40
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=article)
def test_extract_never_raises_and_offsets_hold(nlp, text):
    quotes = extract(text, nlp=nlp)
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start:q.end] == q.text
        for s, e, value in ((q.mention_start, q.mention_end, q.mention), (q.cue_start, q.cue_end, q.cue)):
            if value is not None:
                assert 0 <= s <= e <= len(text) and text[s:e] == value
        assert q.nested_in is None or 0 <= q.nested_in < len(quotes)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab .,\n\"“”'‘’«» ‹›„")), max_size=60))
def test_quote_spans_stay_in_their_paragraph(text):
    paras = paragraphs(text)
    for sp in quote_spans(text, paras):
        para = paras[sp.paragraph]
        assert para.start <= sp.open <= sp.start <= sp.end <= para.end  # open == start: opener missing
