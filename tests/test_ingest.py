"""Readers: every format with its metadata, folders and globs, and hostile input."""

from __future__ import annotations

import codecs
import json
import os
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from audit.ingest import iter_articles
from audit.ingest.common import outlet_from_url, parse_date
from audit.model import article_hash
from audit.ingest.md import split_front_matter
from audit.model import Article, IngestError

QUOTE = 'Lord Dannatt said: "The Russians are in real trouble now, and they know it."'


def read(*paths: Path | str, **kwargs) -> tuple[list[Article], list[IngestError]]:
    items = list(iter_articles(paths, **kwargs))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, IngestError)]


def reasons(errors: list[IngestError]) -> dict[str, str]:
    return {Path(e.source.split("#")[0]).name + ("#" + e.source.split("#")[1] if "#" in e.source else ""): e.reason for e in errors}


# -- formats -------------------------------------------------------------------------


def test_txt_metadata_from_file_name(tmp_path: Path) -> None:
    path = tmp_path / "lbc_2022-09-12_kharkiv-withdrawal.txt"
    path.write_text(QUOTE + "\r\nSecond line.\r\n", encoding="utf-8")
    [article], errors = read(path)
    assert errors == []
    assert (article.outlet, article.published) == ("lbc", date(2022, 9, 12))
    assert article.source == str(path)
    assert article.text == QUOTE + "\nSecond line.\n"  # CRLF normalised before any offsets exist
    assert article.article_id == article_hash(article.text, "lbc")


def test_txt_without_pattern_has_no_metadata(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(QUOTE, encoding="utf-8")
    [article], _ = read(path)
    assert (article.outlet, article.published, article.title) == (None, None, None)


def test_md_front_matter_wins_over_file_name(tmp_path: Path) -> None:
    path = tmp_path / "lbc_2022-09-12_slug.md"
    path.write_text(
        "---\n"
        'title: "Russia: the retreat"\n'
        "outlet: Harbour Gazette  # the paper\n"
        "date: 2022-09-11T08:06:00Z\n"
        "url: https://www.harbour.example/news/1\n"
        "byline: Jane Doe\n"
        "tags:\n  - war\n"
        "---\n\n" + QUOTE + "\n",
        encoding="utf-8",
    )
    [article], errors = read(path)
    assert errors == []
    assert article.title == "Russia: the retreat"
    assert article.outlet == "Harbour Gazette"
    assert article.published == date(2022, 9, 11)
    assert article.author == "Jane Doe"
    assert article.url == article.source == "https://www.harbour.example/news/1"
    assert article.text == "\n" + QUOTE + "\n"


def test_md_outlet_from_url_host_when_missing(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("---\nurl: https://www.scotsman.com/news/x\n---\n" + QUOTE, encoding="utf-8")
    [article], _ = read(path)
    assert article.outlet == "scotsman.com"


def test_md_unclosed_fence_is_body() -> None:
    meta, body = split_front_matter("---\nnot: closed\nbody text")
    assert meta == {} and body == "---\nnot: closed\nbody text"


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        """<html><head><title>Kharkiv | The Paper</title>
        <link rel="canonical" href="https://www.thepaper.co.uk/news/kharkiv">
        <meta name="author" content="Jane Doe">
        <meta property="article:published_time" content="2022-09-12T08:06:00Z">
        <script>var secret = "script text must go";</script></head>
        <body><nav><a href="/">Home</a> <a href="/news">News section link</a></nav>
        <article><h1>Russia withdraws from Kharkiv</h1>
        <p>""" + QUOTE.replace('"', "&quot;") + """ This is a significant moment in the war.</p>
        <p>The Ministry of Defence said Russian forces had withdrawn from the area around Izyum.</p>
        <p>Analysts said the retreat was a serious setback for Moscow and more gains were likely.</p></article>
        <footer>Cookie policy. Subscribe now!</footer></body></html>""",
        encoding="utf-8",
    )
    [article], errors = read(path)
    assert errors == []
    assert QUOTE in article.text
    assert "script text" not in article.text and "Cookie policy" not in article.text and "News section" not in article.text
    assert article.title == "Russia withdraws from Kharkiv"
    assert article.author == "Jane Doe"
    assert article.published == date(2022, 9, 12)
    assert article.url == "https://www.thepaper.co.uk/news/kharkiv"
    assert article.outlet == "thepaper.co.uk"


def test_html_without_article_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var a = 1;</script></head><body><img src='x.png'></body></html>", encoding="utf-8")
    _, errors = read(path)
    assert reasons(errors) == {"empty.html": "no article text found in HTML"}


def test_jsonl_rows_mapping_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "bbc_2022-09-12_export.jsonl"
    lines = [
        json.dumps({"body": QUOTE, "publisher": "Meridian Wire", "date": "2022-09-11", "headline": "One"}),
        "{not json",
        "[1, 2]",
        json.dumps({"other": "no body"}),
        "",
        json.dumps({"body": "A second article with a lone surrogate \ud800 in it."}),
        json.dumps({"body": 42}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors = read(path, text_column="body", columns={"outlet": "publisher"})
    assert [a.source for a in articles] == [f"{path}#1", f"{path}#6"]
    first, second = articles
    assert (first.outlet, first.published, first.title) == ("Meridian Wire", date(2022, 9, 11), "One")
    assert (second.outlet, second.published) == ("bbc", date(2022, 9, 12))  # file-name fallback
    assert "\ufffd" in second.text  # lone surrogate replaced: DuckDB could not store it
    got = reasons(errors)
    assert set(got) == {f"{path.name}#2", f"{path.name}#3", f"{path.name}#4", f"{path.name}#7"}
    assert got[f"{path.name}#2"].startswith("line is not JSON")
    assert got[f"{path.name}#3"] == "line is a JSON list, not an object"
    assert got[f"{path.name}#4"] == "no 'body' field"
    assert got[f"{path.name}#7"] == "text is int, not a string"


def test_csv_semicolons_multiline_and_malformed_rows(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "outlet;date;text;url\n"
        'Gazette;12 September 2022;"He said: ""We are winning.""\nSecond paragraph.";\n'
        'Wire;2022-09-11;"bad "quote" here";\n'
        "Only;two\n"
        "Courier;2022-09-10;Plain text row;https://m.courier.example/a\n",
        encoding="utf-8",
    )
    articles, errors = read(path)
    assert [(a.outlet, a.published, a.text) for a in articles] == [
        ("Gazette", date(2022, 9, 12), 'He said: "We are winning."\nSecond paragraph.'),
        ("Courier", date(2022, 9, 10), "Plain text row"),
    ]
    assert articles[0].source == f"{path}#2"
    assert articles[1].source == "https://m.courier.example/a"
    got = reasons(errors)
    assert got[f"{path.name}#4"].startswith("malformed CSV row")
    assert got[f"{path.name}#5"] == "row has 2 fields, header has 4"


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    _, errors = read(path)
    assert reasons(errors) == {"x.csv": "no 'text' column in header 'a,b'"}


def test_parquet_rows_with_typed_date_and_mapping(tmp_path: Path) -> None:
    path = tmp_path / "coverage.parquet"
    pl.DataFrame(
        {
            "content": [QUOTE, None, "Third text."],
            "site": ["Wire", "Gazette", None],
            "date": [date(2022, 9, 11), None, date(2022, 9, 13)],
            "url": [None, None, "https://www.courier.example/x"],
            "unused": [1, 2, 3],
        }
    ).write_parquet(path)
    articles, errors = read(path, text_column="content", columns={"outlet": "site"})
    assert [(a.outlet, a.published, a.source) for a in articles] == [
        ("Wire", date(2022, 9, 11), f"{path}#1"),
        ("courier.example", date(2022, 9, 13), "https://www.courier.example/x"),
    ]
    assert reasons(errors) == {f"{path.name}#2": "no text"}


def test_parquet_missing_column_and_garbage(tmp_path: Path) -> None:
    good = tmp_path / "a.parquet"
    pl.DataFrame({"body": ["x"]}).write_parquet(good)
    bad = tmp_path / "b.parquet"
    bad.write_bytes(b"PAR1 this is not parquet at all")
    _, errors = read(good, bad)
    got = reasons(errors)
    assert got["a.parquet"].startswith("no 'text' column (has: body")
    assert got["b.parquet"].startswith("not a readable Parquet file")


# -- folders, globs, order -----------------------------------------------------------


def test_folder_walk_is_sorted_recursive_and_skips_hidden_and_foreign(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("B text.", encoding="utf-8")
    (tmp_path / "sub" / "a.md").write_text("A text.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A top.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    articles, errors = read(tmp_path)
    assert [a.text for a in articles] == ["A top.", "B text.", "A text."]
    assert reasons(errors) == {".hidden.txt": "hidden file skipped (name it explicitly to read it)"}  # skipped, listed
    _, errors = read(tmp_path / "image.png")
    assert reasons(errors) == {"image.png": "unsupported file type '.png'"}


def test_glob_and_missing_paths(tmp_path: Path) -> None:
    for name in ("x_2022-01-01_a.txt", "y_2022-01-02_b.txt", "z.md"):
        (tmp_path / name).write_text(f"Text of {name}.", encoding="utf-8")
    articles, errors = read(str(tmp_path / "*.txt"), str(tmp_path / "nope*.txt"), tmp_path / "missing.txt")
    assert [a.outlet for a in articles] == ["x", "y"]
    assert [e.reason for e in errors] == ["pattern matched no files", "no such file (missing, or removed during the run)"]


# -- hostile input -------------------------------------------------------------------


def test_encodings_and_binary(tmp_path: Path) -> None:
    text = "Zaluzhnyi said: “We are advancing.”"
    (tmp_path / "bom8.txt").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    (tmp_path / "bom16.txt").write_bytes(text.encode("utf-16"))  # with BOM
    (tmp_path / "latin1.txt").write_bytes("Café said: « Oui ».".encode("latin-1"))
    (tmp_path / "truncated.txt").write_bytes(text.encode("utf-8")[:-2])
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("  \n\n", encoding="utf-8")
    articles, errors = read(tmp_path)
    assert [a.text for a in articles] == [text, text]
    got = reasons(errors)
    assert got["binary.txt"].startswith("binary file")
    assert got["empty.txt"] == "empty file"
    assert got["blank.md"] == "empty text"
    assert got["latin1.txt"].startswith("not valid UTF-8 (byte 0xe9 at offset 3)")
    assert got["truncated.txt"].startswith("not valid UTF-8")
    assert len(got) == 5


def test_size_limits(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 5000, encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text(
        json.dumps({"text": "y" * 5000}) + "\n" + json.dumps({"text": "small"}) + "\n", encoding="utf-8"
    )
    (tmp_path / "long.md").write_text("z" * 3000, encoding="utf-8")
    articles, errors = read(tmp_path, max_bytes=4096, max_chars=2000)
    assert [a.text for a in articles] == ["small"]
    got = reasons(errors)
    assert got == {
        "big.txt": "file larger than the 4,096-byte limit",
        "long.md": "text longer than the 2,000-character limit",
        "rows.jsonl#1": "line longer than the 4,096-byte limit",
    }


def test_utf16_jsonl_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "excel.jsonl"
    path.write_bytes((json.dumps({"text": "Wide one."}) + "\n" + json.dumps({"text": "Wide two."}) + "\n").encode("utf-16"))
    articles, errors = read(path)
    assert [a.text for a in articles] == ["Wide one.", "Wide two."] and errors == []


def test_deeply_nested_html(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    path.write_text("<html><body>" + "<div>" * 10_000 + "<p>Deep.</p>" + "</div>" * 10_000 + "</body></html>")
    (tmp_path / "ok.txt").write_text("Still read.", encoding="utf-8")
    articles, errors = read(tmp_path)
    assert [a.text for a in articles] == ["Still read."]
    assert [Path(e.source).name for e in errors] == ["nested.html"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loops_and_broken_links(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("Inside.", encoding="utf-8")
    (tmp_path / "d" / "back").symlink_to(tmp_path / "d", target_is_directory=True)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    articles, errors = read(tmp_path)
    assert [a.text for a in articles] == ["Inside."]
    got = reasons(errors)
    assert got["back"].startswith("symlink loop")
    assert got["self.txt"].startswith("symlink loop")
    assert got["dangling.txt"].startswith("broken symlink")


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs mkfifo")
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would block forever
    _, errors = read(tmp_path)
    assert reasons(errors) == {"pipe.txt": "not a regular file (device, pipe or socket)"}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    _, errors = read(path)
    assert reasons(errors) == {"secret.txt": "permission denied"}


def test_file_vanishing_mid_run(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Text {name}.", encoding="utf-8")
    stream = iter_articles([tmp_path])
    first = next(stream)
    (tmp_path / "b.txt").unlink()
    rest = list(stream)
    assert first.text == "Text a.txt."
    assert [type(i).__name__ for i in rest] == ["IngestError", "Article"]
    assert rest[0].reason.startswith("no such file")


def test_reader_crash_is_contained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from audit import ingest

    def explode(path, opts):
        yield from ()
        raise RuntimeError("parser bug")

    monkeypatch.setitem(ingest.READERS, ".md", explode)
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Fine.", encoding="utf-8")
    articles, errors = read(tmp_path)
    assert [a.text for a in articles] == ["Fine."]
    assert reasons(errors) == {"a.md": "unexpected RuntimeError while reading: parser bug"}


# -- metadata helpers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-09-12", date(2022, 9, 12)),
        ("2022-09-12T08:06:00+01:00", date(2022, 9, 12)),
        ("12 September 2022", date(2022, 9, 12)),
        ("Sep 12, 2022", date(2022, 9, 12)),
        ("2022-13-45", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_parse_date(value, expected) -> None:
    assert parse_date(value) == expected


def test_outlet_from_url() -> None:
    assert outlet_from_url("https://www.bbc.co.uk/news/x") == "bbc.co.uk"
    assert outlet_from_url("http://amp.theguardian.com/a") == "theguardian.com"
    assert outlet_from_url("not a url") is None
    assert outlet_from_url("http://[bad") is None


def test_syndicated_copy_is_two_articles_same_outlet_copy_is_one() -> None:
    assert article_hash("Same words.", "Wire") != article_hash("Same words.", "Gazette")
    assert article_hash("Same words.", "Wire") == article_hash("Same words.", "Wire")
