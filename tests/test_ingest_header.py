"""Header lines of saved articles (``Outlet:``, ``Date:``, ``Source:`` ...) are metadata,
not text: no quotes, speakers or primary-source links from them, offsets into the body,
and evaluators with whole-file gold offsets still line up."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from audit.ingest import iter_articles
from audit.ingest.header import split_header
from audit.model import Article

BODY = 'The mayor of Harbourton, Ann Pike, said the bridge would reopen in May.\n\n"We will not cut corners," Pike told reporters.\n'
HEADER = (
    "Outlet: Harbour Gazette\n"
    "Date: 2024-03-05 (inferred)\n"
    "Source: https://www.harbour.example/news/bridge\n"
    'Title: Harbourton: "Bridge will reopen in May"\n'
    "By: Jo Lane in Harbourton\n"
    "\n"
)


def only(path: Path | str) -> Article:
    [item] = list(iter_articles([path]))
    assert isinstance(item, Article), item
    return item


def test_header_lines_are_metadata_and_the_text_is_the_body(tmp_path: Path) -> None:
    path = tmp_path / "slug-outlet_2024-01-01_bridge.txt"
    path.write_text(HEADER + BODY, encoding="utf-8")
    article = only(path)
    assert article.text == BODY
    assert (article.outlet, article.published) == ("Harbour Gazette", date(2024, 3, 5))  # not the file-name slug
    assert article.title == 'Harbourton: "Bridge will reopen in May"'
    assert article.url == article.source == "https://www.harbour.example/news/bridge"
    assert article.author == "Jo Lane in Harbourton"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("OUTLET: A\nheadline: H\nlink: https://a.example/1\nbyline: B\n\n", {"outlet": "A", "title": "H", "url": "https://a.example/1", "author": "B"}),
        ("Source: Wire Service\nPublication: Daily Post\n\n", {"outlet": "Daily Post"}),  # an explicit outlet wins
        ("Source: Wire Service\n\n", {"outlet": "Wire Service"}),  # not a URL: the outlet
        ("URL: https://a.example/2\nSource: https://b.example/3\n\n", {"url": "https://a.example/2"}),
        ("**Outlet:** Harbour Gazette  \r\n**Date**: 2024-03-05\r\n\r\n", {"outlet": "Harbour Gazette", "date": "2024-03-05"}),
    ],
)
def test_keys_are_case_insensitive_with_synonyms(head: str, expected: dict[str, str]) -> None:
    meta, start = split_header(head + BODY)
    assert meta == expected
    assert (head + BODY)[start:] == BODY


def test_only_known_keys_in_the_leading_block_are_header() -> None:
    # an unknown key ends the header: it and all after it stay text
    text = "Outlet: A\nNote: saved from the print edition\nDate: 2024-03-05\n\n" + BODY
    meta, start = split_header(text)
    assert meta == {"outlet": "A"} and text[start:].startswith("Note: saved")
    # after the first blank line nothing is header, whatever it looks like
    text = BODY + "\nDate: 2024-03-05\n"
    assert split_header(text) == ({}, 0)
    # prose with a colon is not a header line; nor is a header after a leading blank line
    assert split_header('Pike said: "We will reopen."\n\nMore.') == ({}, 0)
    assert split_header("\nOutlet: A\n\n" + BODY) == ({}, 0)


def test_a_file_that_is_only_header_is_an_error_not_an_article(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("Outlet: A\nTitle: Nothing here\n", encoding="utf-8")
    [item] = list(iter_articles([path]))
    assert not isinstance(item, Article) and item.reason == "empty text"


def test_markdown_header_lines_and_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("---\ntitle: From front matter\n---\n" + "Title: From header\nOutlet: Harbour Gazette\n\n" + BODY, encoding="utf-8")
    article = only(path)
    assert article.text == BODY
    assert (article.title, article.outlet) == ("From front matter", "Harbour Gazette")  # front matter wins


def test_header_yields_no_quotes_and_no_primary_source_link(tmp_path: Path, nlp) -> None:
    from audit.extract import extract
    from audit.score.sourcing import LINK_RE

    path = tmp_path / "a.txt"
    path.write_text(HEADER + BODY, encoding="utf-8")
    article = only(path)
    quotes = extract(article.text, nlp=nlp)
    assert quotes and all(article.text[q.start : q.end] == q.text for q in quotes)
    assert not any("Bridge will reopen" in q.text or "Jo Lane" in (q.speaker or "") for q in quotes)
    assert not LINK_RE.search(article.text)


def test_eval_shifts_body_offsets_to_whole_file_gold(tmp_path: Path, nlp) -> None:
    from audit.eval.extraction import evaluate

    text = HEADER + BODY
    quote = "We will not cut corners,"
    start = text.index(quote)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    record = {"file": "a.txt", "text": quote, "start": start, "end": start + len(quote), "kind": "direct",
              "attributed_to": "ann-pike", "mention": "Pike", "date": "2024-03-05"}
    (tmp_path / "gold.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = evaluate([tmp_path / "gold.jsonl"], nlp=nlp).to_dict()
    assert report["content"]["0.8"]["recall"] == 1.0


def test_eval_pred_file_from_audit_extract_lines_up(tmp_path: Path, nlp) -> None:
    """``audit extract`` names a header article by its URL and counts offsets in the body."""
    from audit.eval.extraction import evaluate

    text = HEADER + BODY
    quote = "We will not cut corners,"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    record = {"file": "a.txt", "text": quote, "start": text.index(quote), "end": text.index(quote) + len(quote), "kind": "direct"}
    (tmp_path / "gold.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"doc": "https://www.harbour.example/news/bridge", "start": BODY.index(quote),
                                "end": BODY.index(quote) + len(quote), "text": quote, "kind": "direct"}) + "\n", encoding="utf-8")
    report = evaluate([tmp_path / "gold.jsonl"], nlp=nlp, pred=pred).to_dict()
    assert report["content"]["0.8"]["matched"] == 1


def test_eval_statements_finds_each_files_article_and_body_offset(tmp_path: Path) -> None:
    from audit.eval.statements import _in_files

    path = tmp_path / "a.txt"
    path.write_text(HEADER + BODY, encoding="utf-8")
    article = only(path)
    rows = [("q0", article.article_id, 0, 5), ("q1", "another-article", 0, 5)]
    assert _in_files(rows, {"a.txt": path}) == {"a.txt": [("q0", len(HEADER), len(HEADER) + 5)]}
