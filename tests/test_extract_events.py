"""The brat convention adapter: predictions sharing a cue are one attribution event."""

from audit.gold import Attribution, events_by_cue


def test_quotes_sharing_a_cue_merge_into_one_event() -> None:
    first = Attribution(content=((0, 10),), cue=((12, 16),), kind="direct")
    second = Attribution(content=((30, 50),), cue=((12, 16),), kind="direct")
    other = Attribution(content=((60, 70),), cue=((72, 76),), kind="direct")
    merged = events_by_cue([first, second, other])
    assert [m.content for m in merged] == [((0, 10), (30, 50)), ((60, 70),)]
    assert merged[0].kind == "direct"


def test_quotes_without_cue_stay_apart() -> None:
    a = Attribution(content=((0, 10),))
    b = Attribution(content=((20, 30),))
    assert events_by_cue([a, b]) == [a, b]


def test_mixed_fragment_is_scored_as_its_clause() -> None:
    mixed = Attribution(content=((20, 30),), cue=((5, 9),), kind="mixed", clause=((10, 40),))
    (event,) = events_by_cue([mixed])
    assert event.content == ((10, 40),)


def test_mixed_fragment_records_its_reported_clause(nlp) -> None:
    from audit.extract import extract

    text = 'Mr. Lee said the plan was "a total disaster" for the town.'
    (q,) = [q for q in extract(text, nlp=nlp) if q.kind == "mixed"]
    assert q.text == "a total disaster"
    assert text[q.clause_start:q.clause_end] == 'the plan was "a total disaster" for the town'
