"""Articles in other languages are left unread with a note, never parsed as English (``language.py``)."""

from __future__ import annotations

import pytest

from audit.extract import extract, extract_docs
from audit.extract.language import detect

FRENCH = ("Le maire de la ville a déclaré lundi que le port resterait ouvert tout l'hiver. « Nous ne fermerons pas "
          "le port », a-t-il dit aux journalistes devant la mairie. Selon lui, les ferries garderont leurs horaires "
          "et les pêcheurs pourront sortir comme d'habitude. Il a ajouté que la ville paierait les réparations.")
GERMAN = ("Der Bürgermeister der Stadt sagte am Montag, dass der Hafen den ganzen Winter geöffnet bleibt. „Wir werden "
          "den Hafen nicht schließen“, sagte er vor dem Rathaus. Die Fähren fahren nach dem alten Fahrplan, und die "
          "Fischer können wie immer auf das Meer hinaus. Die Stadt zahlt auch für die Reparaturen am Kai.")
ARABIC = ("قال رئيس البلدية يوم الاثنين إن الميناء سيبقى مفتوحا طوال فصل الشتاء، وإن العبارات ستحافظ على "
          "مواعيدها وإن الصيادين سيخرجون إلى البحر كالمعتاد.")
ENGLISH_QUOTING_FRENCH = ("The mayor told reporters on Monday that the port would stay open all winter. "
                          "« Nous ne fermerons pas le port », he said in French, which means that the port will not "
                          "close. The ferries will keep their timetable and the fishermen can go out as usual, "
                          "the mayor added after the meeting at the town hall.")


@pytest.mark.parametrize("text, lang", [(FRENCH, "fr"), (GERMAN, "de"), (ARABIC, "ar"),
                                        (ENGLISH_QUOTING_FRENCH, "en"), ("Le port.", "en")])
def test_detect(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_other_language_yields_a_note_not_quotes(nlp) -> None:
    assert extract(GERMAN, nlp=nlp) == []
    notes: list[str] = []
    found = dict(extract_docs([("de.txt", GERMAN), ("en.txt", ENGLISH_QUOTING_FRENCH)], nlp=nlp, notes=notes))
    assert found["de.txt"] == [] and found["en.txt"]
    assert notes == ["de.txt: language de: not extracted"]


def test_french_without_the_extra_says_how_to_read_it(nlp, monkeypatch) -> None:
    from audit.extract import component

    monkeypatch.setattr(component, "french_pipeline", lambda: None)
    notes: list[str] = []
    assert dict(extract_docs([("fr.txt", FRENCH)], nlp=nlp, notes=notes))["fr.txt"] == []
    assert notes == ["fr.txt: language fr: not extracted (install quote-audit[fr] to read French)"]


def test_english_quoting_french_keeps_the_french_quote(nlp) -> None:
    quotes = extract(ENGLISH_QUOTING_FRENCH, nlp=nlp)
    assert any(q.text == "Nous ne fermerons pas le port" for q in quotes)


def test_extract_command_notes_the_article_left_unread(tmp_path, monkeypatch, nlp) -> None:
    from typer.testing import CliRunner

    from audit import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".audit.toml").write_text("", encoding="utf-8")
    monkeypatch.setattr(cli, "_pipeline", lambda model: nlp)
    (tmp_path / "de.txt").write_text(GERMAN, encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["extract", "de.txt", "-f", "jsonl"])
    assert result.exit_code == 0
    assert result.stdout.strip() == ""
    assert "de.txt: language de: not extracted" in result.stderr
