"""Speakers of quotes an outlet passes on, of companies named once and of datelines
(issue 24, round two), end to end through extraction. Sentences written for the tests."""

from __future__ import annotations

from datetime import date

from audit.extract import extract

DAY = date(2021, 6, 3)


def speakers(text: str, nlp) -> list[tuple[str | None, str | None, str]]:
    """(mention, speaker_id, speaker_kind) of each quote, in order."""
    return [(q.mention, q.speaker_id, q.speaker_kind) for q in extract(text, nlp=nlp, date=DAY)]


def test_a_trailing_relay_clause_credits_the_first_speaker(nlp):
    got = speakers('Mayor Ellen Park said the bridge would reopen "within a fortnight", the Daily Courier reported.', nlp)
    assert [g[1] for g in got] == ["ellen-park"]
    got = speakers('Ellen Park said her engineers told her they "seem to think" that a cable snapped, AP reported.', nlp)
    assert [g[1] for g in got] == ["ellen-park"]


def test_a_relayed_pronoun_takes_the_person_named_before(nlp):
    text = ("Harbour master Tomas Reyes inspected the pier on Monday.\n\n"
            'The crash may have been caused by "a loose cable or a tired driver," he said, the Daily Courier reported.')
    assert [g[1] for g in speakers(text, nlp)] == ["tomas-reyes"]


def test_an_outlet_with_words_of_its_own_keeps_them(nlp):
    got = speakers('The Daily Courier reported that the bridge would "stay shut until spring".', nlp)
    assert [g[1] for g in got] == ["daily-courier"]


def test_a_company_ner_takes_for_a_person_keeps_its_it(nlp):
    text = ("Marlo Vesk, the Danish owner of the stranded barge, apologised on Friday and added that it was "
            'working on a fix. It said the delay was "deeply regrettable". The company said it would pay '
            '"for every repair".')
    assert [g[1:] for g in speakers(text, nlp)] == [("marlo-vesk", "organisation")] * 3
    other = speakers(text + ' The specialist salvage company in charge of the work said the barge "will move on Sunday".', nlp)
    assert other[-1][1] is None  # a company described by other words is not the one named before
    text = ('Marlo Vesk said it is cooperating with its insurers. It added: "We are extremely sorry '
            'for the delay to all the ships."')
    assert [g[1] for g in speakers(text, nlp)] == ["marlo-vesk"] * 2


def test_a_person_with_an_owner_noun_or_an_expletive_it_stays_a_person(nlp):
    text = 'Ann Holt, the owner of the bakery, said her ovens "were never this busy". She added that it was "a good year".'
    assert [g[1:] for g in speakers(text, nlp)] == [("ann-holt", "person")] * 2
    got = speakers('Tarek Osmani, the owner of the bakery, said it was "a good year".', nlp)
    assert [g[1:] for g in got] == [("tarek-osmani", "person")]


def test_a_subject_run_into_a_dateline_is_the_speaker(nlp):
    for text in ('CAIRO — Varnel’s President Lena Morgan said on Monday that the crisis was "over for good".',
                 "Varnel - Harbour TV, August 4: The Varnel Prime Minister, Lena Morgan, said that the blast "
                 '"will not pass without accountability".',
                 '    Varnel, Aug 7 (AP) Varnel President Lena Morgan says there are "two possibilities" behind the blast.',
                 "MOSCOW (Varnel News / Wire - 05th August, 2020) Varnel Health Minister Lena Morgan said on "
                 'Wednesday that hospitals were "overcrowded".'):
        assert [g[1] for g in speakers(text, nlp)] == ["lena-morgan"], text


def test_a_dateline_alone_is_still_no_speaker(nlp):
    got = speakers('SUEZ, Varnel — "The channel is open again," a pilot told reporters.', nlp)
    assert all(g[1] != "suez" for g in got)


def test_he_takes_the_main_subject_not_one_spoken_about(nlp):
    text = ("The head of the port authority, Samir Haddad, announced that President Lena Morgan was following "
            "the work daily.\n\n"
            'He added, "Morgan asked whether every plan was ready, and we said yes."\n\n'
            'He explained, "Three plans were drawn up on the first day."')
    assert [g[1] for g in speakers(text, nlp) if g[0] == "He"] == ["samir-haddad"] * 2


def test_a_name_before_a_body_noun_is_a_body_and_no_he(nlp):
    text = ('"We will dredge through the night," Samir Haddad told the Varnel Courier newspaper.\n\n'
            'He added: "The ship will float by Sunday."')
    assert [g[1] for g in speakers(text, nlp)] == ["samir-haddad"] * 2


def test_where_the_words_were_said_is_not_part_of_the_mention(nlp):
    got = speakers('Omar Falk in his speech promised that those responsible would "pay the price".', nlp)
    assert got == [("Omar Falk", "omar-falk", "person")]


def test_a_bodys_data_are_its_words(nlp):
    for text in ("According to Harbour List tracking data, some 160 vessels were waiting.",
                 "Data from Harbour List showed that 300 ships were queued."):
        got = speakers(text, nlp)
        assert [g[1:] for g in got] == [("harbour-list", "organisation")], text


def test_a_speech_verb_describing_someone_is_not_what_a_relay_passes_on(nlp):
    got = speakers("Ann Holt's neighbours, who asked the council to see the footage, watched it on Friday, "
                   "lawyers for the family said.", nlp)
    assert got[0][0] == "lawyers for the family" and got[0][1] != "ann-neighbours"


def test_the_mention_after_a_dateline_is_the_words_that_name_the_speaker() -> None:
    """A dateline the parser ran into the subject is cut from the speaker and from the
    mention the reports show."""
    import audit

    (q,) = [q for q in audit.extract("KYIV, Sept 11 (Harbour Wire) - Ukraine's military said on Sunday it had "
                                     "recaptured 300 square kilometres of territory since the start of the month.")
            if "recaptured" in q.text]
    assert q.mention == "Ukraine's military" and "Wire" not in (q.speaker or "")
