"""News-database exports and web archives: Nexis Uni (DOCX, RTF), Factiva (RTF, HTML) and
WARC/ARC files split into articles with their fields. Every fixture is generated here from
sentences written for the tests."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from audit.ingest import iter_articles
from audit.model import Article, IngestError

BRIDGE = ['Mayor Ann Pike said the bridge would reopen in May.', '"We will not cut corners," Pike told the council.']
LEVEE = ['Chief engineer Tom Reyes said the levee held overnight.', '"The pumps never stopped," Reyes said.']

NEXIS_LINES = [
    "Bridge will reopen in May, mayor says", "Harbour Gazette", "March 5, 2024 Tuesday",
    "Copyright 2024 Harbour Gazette Ltd.", "Section: NEWS; Pg. 4", "Length: 412 words", "Byline: Jo Lane",
    "Body", *BRIDGE, "Classification", "Language: ENGLISH", "Load-Date: March 6, 2024", "End of Document",
    "A cut entry with no text", "Harbour Gazette", "March 6, 2024 Wednesday", "End of Document",
    "Levee held, engineer says", "Valley Courier", "6 March 2024", "Body", *LEVEE,
    "Load-Date: March 7, 2024", "End of Document",
]
"""Two articles and, between them, an entry without a ``Body`` line."""


def read(*paths: Path) -> tuple[list[Article], list[IngestError]]:
    items = list(iter_articles(paths))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, IngestError)]


def rtf(lines: list[str]) -> str:
    """An RTF document of ``lines``, one paragraph each (non-ASCII as ``\\uN?``)."""
    def escape(line: str) -> str:
        line = line.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
        return "".join(c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" for c in line)
    return "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl\\f0\\fswiss Arial;}\\f0\\fs22\n" + "".join(
        f"\\pard {escape(line)}\\par\n" for line in lines) + "}"


def rtf_table(rows: list[tuple[str, str]]) -> str:
    """Factiva's coded RTF: each field a two-cell table row."""
    body = "".join(f"\\trowd\\cellx1000\\cellx9000 \\intbl {code}\\cell \\intbl {value}\\cell\\row\n" for code, value in rows)
    return "{\\rtf1\\ansi " + body + "}"


def check_two(articles: list[Article], errors: list[IngestError], path: Path, broken: int | None = 2) -> None:
    assert [a.title for a in articles] == ["Bridge will reopen in May, mayor says", "Levee held, engineer says"]
    bridge, levee = articles
    assert (bridge.outlet, bridge.published, bridge.author) == ("Harbour Gazette", date(2024, 3, 5), "Jo Lane")
    assert (levee.outlet, levee.published) == ("Valley Courier", date(2024, 3, 6))
    assert bridge.text == "\n\n".join(BRIDGE) and levee.text == "\n\n".join(LEVEE)
    assert "Load-Date" not in levee.text and "Copyright" not in bridge.text
    if broken is not None:
        assert [(e.source, "Body" in e.reason) for e in errors] == [(f"{path}#{broken}", True)]


def test_nexis_docx_splits_articles_with_their_fields(tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    for line in NEXIS_LINES:
        doc.add_paragraph(line)
    path = tmp_path / "nexis.docx"
    doc.save(path)
    articles, errors = read(path)
    check_two(articles, errors, path)
    assert [a.source for a in articles] == [f"{path}#1", f"{path}#3"]


def test_nexis_rtf(tmp_path: Path) -> None:
    path = tmp_path / "nexis.rtf"
    path.write_text(rtf(NEXIS_LINES), encoding="ascii")
    check_two(*read(path), path)


def test_factiva_coded_rtf_and_html(tmp_path: Path) -> None:
    rows = [("HD", "Bridge will reopen in May, mayor says"), ("BY", "Jo Lane"), ("WC", "412 words"),
            ("PD", "5 March 2024"), ("SN", "Harbour Gazette"), ("SC", "HARBGZ"), ("LA", "English"),
            ("LP", BRIDGE[0]), ("TD", BRIDGE[1]), ("NS", "gpol : Domestic Politics"), ("AN", "Document HARBGZ0020240305ek350001g"),
            ("HD", "A headline with no text"), ("PD", "6 March 2024"), ("AN", "Document HARBGZ0020240306ek360002h"),
            ("HD", "Levee held, engineer says"), ("PD", "6 March 2024"), ("SN", "Valley Courier"),
            ("LP", LEVEE[0]), ("TD", LEVEE[1]), ("AN", "Document VALCOU0020240306ek360003i")]
    path = tmp_path / "factiva.rtf"
    path.write_text(rtf_table(rows), encoding="ascii")
    articles, errors = read(path)
    check_two(articles, errors, path, broken=None)
    assert [(e.source, e.reason) for e in errors] == [(f"{path}#2", "Factiva entry without text (LP/TD)")]
    page = tmp_path / "factiva.html"
    cells = "".join(f"<tr><td><b>{code}</b></td><td><p>{value}</p></td></tr>" for code, value in rows)
    page.write_text(f"<html><head><title>Factiva</title></head><body><div class='article enArticle'><table>{cells}"
                    "</table></div><p>(c) 2024 Factiva, Inc.</p></body></html>", encoding="utf-8")
    articles, errors = read(page)
    check_two(articles, errors, page, broken=None)
    assert len(errors) == 1


def test_factiva_plain_article_layout_rtf(tmp_path: Path) -> None:
    lines = ["Bridge will reopen in May, mayor says", "Jo Lane", "412 words", "5 March 2024", "Harbour Gazette",
             "HARBGZ", "English", "© 2024 Harbour Gazette Ltd. All rights reserved.", *BRIDGE,
             "Document HARBGZ0020240305ek350001g",
             "Levee held, engineer says", "130 words", "6 March 2024", "10:05 AM", "Valley Courier", "VALCOU",
             "English", "Copyright 2024 Valley Courier", *LEVEE, "Document VALCOU0020240306ek360003i"]
    path = tmp_path / "factiva-plain.rtf"
    path.write_text(rtf(lines), encoding="ascii")
    articles, errors = read(path)
    check_two(articles, errors, path, broken=None)
    assert errors == []


def test_factiva_plain_article_layout_html(tmp_path: Path) -> None:
    def article(head: str, fields: list[str], paragraphs: list[str], author: str = "") -> str:
        by = f"<div class='author'>{author}</div>" if author else ""
        return (f"<div class='article enArticle'><div id='hd'><span class='enHeadline'>{head}</span></div>{by}"
                + "".join(f"<div>{f}</div>" for f in fields)
                + "".join(f"<p class='articleParagraph enarticleParagraph'>{p}</p>" for p in paragraphs) + "</div>")
    page = tmp_path / "factiva-plain.html"
    page.write_text(
        "<html><body><div id='header'>Factiva</div>"
        + article("Bridge will reopen in May, mayor says", ["412 words", "5 March 2024", "Harbour Gazette", "HARBGZ",
                  "English", "© 2024 Harbour Gazette Ltd."], BRIDGE, author="Jo Lane")
        + article("A headline alone", ["12 words"], [])
        + article("Levee held, engineer says", ["130 words", "6 March 2024", "Valley Courier", "VALCOU", "English",
                  "Copyright 2024 Valley Courier"], LEVEE)
        + "</body></html>", encoding="utf-8")
    articles, errors = read(page)
    check_two(articles, errors, page, broken=None)
    assert [(e.source, e.reason) for e in errors] == [(f"{page}#2", "Factiva entry without a date after its word count")]


def test_an_rtf_or_docx_that_is_no_export_is_one_article(tmp_path: Path) -> None:
    from docx import Document

    path = tmp_path / "harbour_2024-03-05_note.rtf"
    path.write_text(rtf(["Outlet: Harbour Gazette", "", *BRIDGE]), encoding="ascii")
    [article], _ = read(path)
    assert article.outlet == "Harbour Gazette" and article.text.startswith("Mayor Ann Pike")
    doc = Document()
    for line in BRIDGE:
        doc.add_paragraph(line)
    doc.save(tmp_path / "plain.docx")
    [article], _ = read(tmp_path / "plain.docx")
    assert article.text == "\n\n".join(BRIDGE)


def test_malformed_files_are_one_line_each_and_lose_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "broken.rtf").write_text("plain words, no RTF here", encoding="utf-8")
    (tmp_path / "broken.warc").write_bytes(b"this is not an archive\r\n\r\n")
    (tmp_path / "good.txt").write_text(BRIDGE[1], encoding="utf-8")
    articles, errors = read(tmp_path)
    assert [a.source for a in articles] == [str(tmp_path / "good.txt")]
    reasons = {Path(e.source).name: e.reason for e in errors}
    assert set(reasons) == {"broken.docx", "broken.rtf", "broken.warc"}
    assert reasons["broken.docx"].startswith("not a readable DOCX file")
    assert reasons["broken.rtf"].startswith("not an RTF file")
    assert reasons["broken.warc"].startswith("not a readable WARC/ARC archive")
    assert all("\n" not in r for r in reasons.values())


def _page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p} {p} The council will meet again next week to hear the plans in full.</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title><meta name='author' content='Jo Lane'></head><body><nav>Home | News</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>About us</footer></body></html>").encode()


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_pages_go_through_the_html_reader(tmp_path: Path, name: str) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / name
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=name.endswith(".gz"))
        for uri, status, ctype, payload in [
            ("https://www.harbour.example/news/bridge", "200 OK", "text/html; charset=utf-8", _page("Bridge reopens", BRIDGE)),
            ("https://www.harbour.example/logo.png", "200 OK", "image/png", b"\x89PNG"),
            ("https://valley.example/missing", "404 Not Found", "text/html", b"<html>gone</html>"),
            ("https://valley.example/levee", "200 OK", "text/html", _page("Levee held", LEVEE)),
        ]:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers))
    articles, errors = read(path)
    assert errors == []
    assert [(a.source, a.outlet) for a in articles] == [
        ("https://www.harbour.example/news/bridge", "harbour.example"), ("https://valley.example/levee", "valley.example")]
    assert "Mayor Ann Pike said the bridge would reopen" in articles[0].text and "Home | News" not in articles[0].text
    assert articles[0].title == "Bridge reopens"


def test_folders_pick_up_export_files_but_not_stray_gz(tmp_path: Path) -> None:
    """A compressed file that is no web archive is not read, and says so (issue 28: a
    skipped input is never silent)."""
    (tmp_path / "data.csv.gz").write_bytes(b"\x1f\x8b")
    (tmp_path / "notes.txt").write_text(BRIDGE[0], encoding="utf-8")
    articles, errors = read(tmp_path)
    assert len(articles) == 1 and [e.source.endswith("data.csv.gz") for e in errors] == [True]


def test_a_web_page_that_mentions_factiva_is_still_one_page(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(_page("Archive search", [*BRIDGE, "Researchers found the story through Factiva."]))
    [article], errors = read(page)
    assert errors == [] and article.title == "Archive search" and "Mayor Ann Pike" in article.text
