"""Drafts are read strictly and every extracted character maps back to its place."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.check.locate import DraftError, parse_draft, read_draft

MARKDOWN = """---
title: "Not a quote"
---
# Kharkiv **falls**

Lord [Dannatt](https://example.org/dannatt) said: **"We are _winning_,"** on &ldquo;Sky&rdquo;.

<!-- audit-disable misquote
still a comment -->
> Quoted in a blockquote: "the Russian army is in disarray", he said.

```
"code is not prose"
```

- a list item with `code` and snake_case
"""


def test_markdown_strips_markup_and_keeps_prose() -> None:
    d = parse_draft(MARKDOWN, "a.md")
    assert 'Lord Dannatt said: "We are winning," on “Sky”.' in d.text
    assert '"the Russian army is in disarray", he said.' in d.text
    assert "Not a quote" not in d.text and "code is not prose" not in d.text
    assert "audit-disable" not in d.text and "still a comment" not in d.text
    assert "snake_case" in d.text and "https" not in d.text


def test_markdown_locations_are_exact() -> None:
    d = parse_draft(MARKDOWN, "a.md")
    start = d.text.index("We are winning")
    line, col, end_line, end_col = d.location(start, start + len("We are winning"))
    source_line = MARKDOWN.splitlines()[line - 1]
    assert line == 6
    assert source_line[col - 1 :].startswith("We are _winning_")
    assert (end_line, source_line[end_col - 2]) == (6, "g")
    blockquote = d.text.index("the Russian army")
    line, col = d.line_col(d.original_span(blockquote, blockquote + 3)[0])
    assert MARKDOWN.splitlines()[line - 1][col - 1 :].startswith("the Russian army")


def test_html_locations_entities_and_skipped_tags() -> None:
    page = (
        "<html><head><title>T</title><style>p{}</style></head>\n<body>\n"
        "<p>He said &ldquo;we\nwin&rdquo; today.</p><script>var q = \"no\";</script><p>Next</p>\n</body></html>"
    )
    d = parse_draft(page, "a.html")
    assert "He said “we win” today." in d.text
    assert "var q" not in d.text and "T" not in d.text.replace("Next", "")
    start = d.text.index("“we win”")
    line, col, end_line, end_col = d.location(start, start + len("“we win”"))
    assert (line, col) == (3, page.splitlines()[2].index("&ldquo;") + 1)
    assert end_line == 4 and page.splitlines()[3][: end_col - 1] == "win&rdquo;"


def test_plain_text_is_the_identity() -> None:
    d = parse_draft("one\ntwo “three”\n", "a.txt")
    assert d.text == d.original
    assert d.location(8, 15) == (2, 5, 2, 12)


@given(st.text(alphabet=st.sampled_from(list("ab *_[]()`#>-!<&;\n\"'")), max_size=80))
def test_markdown_map_is_monotonic_and_in_range(src: str) -> None:
    d = parse_draft(src, "x.md")
    assert len(d.offsets) == len(d.text)
    assert all(0 <= o <= len(src) for o in d.offsets)
    assert d.offsets == sorted(d.offsets)
    for ch, o in zip(d.text, d.offsets):
        assert ch == "\n" or o < len(src) and (src[o] == ch or src[o] == "&")


def test_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    p = tmp_path / "latin1.md"
    p.write_bytes("Première ligne\nDeuxième: «citation»\n".encode("latin-1"))
    with pytest.raises(DraftError, match=r"not valid UTF-8 \(byte 0xe8 at offset \d+\) on line 1"):
        read_draft(p)


@pytest.mark.parametrize("content", ["", "  \n\n", "<!-- only a comment -->\n"])
def test_empty_draft_is_a_clear_error(tmp_path: Path, content: str) -> None:
    p = tmp_path / "empty.md"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(DraftError, match="nothing to check"):
        read_draft(p)


def test_missing_file_and_bom(tmp_path: Path) -> None:
    with pytest.raises(DraftError, match="cannot read"):
        read_draft(tmp_path / "nope.md")
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbfHello")
    assert read_draft(p).text == "Hello"
