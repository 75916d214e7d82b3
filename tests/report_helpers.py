"""The store behind the report.html tests: test_score's four articles plus two more.

* ``a-calm`` (Calm Gazette, an https URL with ``&`` and ``"`` in it) renders Dannatt's
  "pretty much turned and fled" with a capital letter only: a statement whose renderings
  differ cosmetically, which the page collapses.
* ``a-evil`` has an outlet, title, URL and a registry speaker built to break HTML (script,
  event handler, ``javascript:`` link); it credits the Ministry of Defence's grain
  sentence to that speaker, so the hostile names reach the conflicts table too.

All sentences are written for the tests.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from audit.score import Scores, score
from audit.store import Store
from test_score import build_store

EVIL_OUTLET = "<img src=x onerror=alert('outlet')> News"
EVIL_TITLE = '<script>alert("title")</script> Title'
EVIL_URL = "javascript:alert(document.cookie)"
EVIL_SPEAKER = "<svg onload=alert('speaker')>Evil</svg> Blogger"
CALM_URL = 'https://calm.example/news?id=1&ref="x"'
FLED = "pretty much turned and fled"
GRAIN = "President Putin said that only 60,000 tonnes of the grain had been sent to developing countries."


def _article(con, article_id: str, outlet: str, title: str, url: str | None, published: date, text: str) -> None:
    con.execute(
        "INSERT INTO articles (article_id, source, version, outlet, published, title, url, author, text, n_quotes, "
        "ingested_at) VALUES (?, ?, 1, ?, ?, ?, ?, NULL, ?, 1, ?)",
        [article_id, f"{article_id}.txt", outlet, published, title, url, text, datetime(2022, 9, 15)],
    )


def _quote(con, quote_id: str, text: str, quote: str, kind: str, speaker: str, speaker_id: str, mention: str) -> None:
    start, m_start = text.index(quote), text.index(mention)
    cue_start = text.index("said")
    article_id, idx = quote_id.split(":")
    con.execute(
        'INSERT INTO quotes (quote_id, article_id, idx, start, "end", text, kind, speaker, speaker_id, speaker_kind, '
        "mention, mention_start, mention_end, cue, cue_start, cue_end, medium, paragraph, nested_in, confidence, "
        "method) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'person', ?, ?, ?, 'said', ?, ?, NULL, 0, NULL, 0.9, 'rules')",
        [quote_id, article_id, int(idx), start, start + len(quote), quote, kind, speaker, speaker_id, mention,
         m_start, m_start + len(mention), cue_start, cue_start + 4],
    )


def build_report_store(path: Path) -> Path:
    """test_score's store plus the calm (cosmetic) and the hostile article."""
    build_store(path)
    calm = f'Lord Dannatt said the Russians had "{FLED.capitalize()}".'
    evil = f'{EVIL_SPEAKER} said: "{GRAIN}"'
    with Store(path) as store:
        con = store.con
        con.execute("INSERT INTO speakers VALUES ('evil-speaker', ?, 'person', 'columnist', NULL, 'reference')",
                    [EVIL_SPEAKER])
        _article(con, "a-calm", "Calm Gazette", "Dannatt on the retreat", CALM_URL, date(2022, 9, 13), calm)
        _quote(con, "a-calm:0", calm, FLED.capitalize(), "mixed", "Richard Dannatt", "richard-dannatt", "Lord Dannatt")
        _article(con, "a-evil", EVIL_OUTLET, EVIL_TITLE, EVIL_URL, date(2022, 9, 14), evil)
        _quote(con, "a-evil:0", evil, GRAIN, "direct", EVIL_SPEAKER, "evil-speaker", EVIL_SPEAKER)
        con.execute("INSERT INTO statements VALUES ('s-fled', 'a-ledger:1', ?, ?, 'richard-dannatt', 2)", [FLED, FLED])
        con.execute("INSERT INTO statement_quotes (quote_id, statement_id, similarity, variant) VALUES ('a-ledger:1', 's-fled', 100.0, 'root'), "
                    "('a-calm:0', 's-fled', 100.0, 'exact'), ('a-evil:0', 's-grain', 100.0, 'exact')")
    return path


def report_scores(path: Path) -> Scores:
    """Scores of ``build_report_store(path)`` (no verified wordings: drift against the root)."""
    with Store(build_report_store(path), read_only=True) as store:
        return score(store, verified=[])


LONG_TITLE = ("Officials and analysts dispute what was said, by whom and when, in a long headline that goes on "
              "to quote https://example.org/a-very-long-unbroken-path-segment-that-never-ends-and-never-breaks-anywhere")
"""A long article title holding an unbroken URL: on a phone it must wrap, never push "what changed" off-screen."""


def wide_scores(scores: Scores, outlets: int = 34) -> Scores:
    """``scores`` grown to a report of real size: ``outlets`` outlets (each an existing
    row under a new, longish name, with its own articles) and every article titled
    ``LONG_TITLE``. The conflicts and statements stay those of the store."""
    import polars as pl

    rows, articles = [], []
    for i in range(outlets):
        base = scores.outlets.row(i % scores.outlets.height, named=True)
        rows.append({**base, "outlet": f"Evening Chronicle of District {i:02d}"})
        art = scores.articles.row(i % scores.articles.height, named=True)
        articles.append({**art, "article_id": f"wide-{i}", "outlet": rows[-1]["outlet"], "title": LONG_TITLE})
    return Scores(**{
        **dict(scores.items()),
        "outlets": pl.concat([scores.outlets, pl.DataFrame(rows, schema=scores.outlets.schema)]),
        "articles": pl.concat([scores.articles.with_columns(title=pl.lit(LONG_TITLE)),
                               pl.DataFrame(articles, schema=scores.articles.schema)]),
    })
