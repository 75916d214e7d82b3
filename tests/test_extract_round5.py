"""Round five of issue 25: extraction mechanisms chosen on Ever Given's and PolNeAR train's misses
(sentences written for these tests)."""

from __future__ import annotations

import pytest
from extract_helpers import check_offsets

from audit.extract import extract


@pytest.mark.parametrize(
    "text, words",
    [
        ("Work at the mine restarted at 9 a.m. on Friday said Gen. Tom Weller, chief of the Mining Board, "
         "adding that the first trucks that were leaving carried coal.", "the first trucks that were leaving carried coal"),
        ("Ferry service on the lake resumed at noon local time said Capt. Anna Berg, head of the Lake Authority, "
         "adding that the first ferries that were sailing carried cattle.", "the first ferries that were sailing carried cattle"),
    ],
)
def test_cue_followed_by_that_reports_what_follows(text: str, words: str, nlp) -> None:
    quotes = extract(text + "\n", nlp=nlp)
    check_offsets(text + "\n", quotes)
    adding = [q for q in quotes if q.cue == "adding"]
    assert [q.text for q in adding] == [words]

