"""quote-audit: extract, attribute, match and score quotes across news outlets.

Public API (stable)::

    import audit
    quotes = audit.extract(text)             # list[audit.Quote]
    nlp = audit.load_pipeline()              # spaCy pipeline with "quote_attribution"
    store = audit.Store("audit.duckdb")
    audit.run(["articles/"], out="reports")  # the whole job

Note: ``audit.extract`` is the function; the stage's subpackage is imported with
``from audit.extract.<module> import ...``. Importing ``audit`` does not import spaCy.
"""

from audit.extract import ModelNotFound, extract, load_pipeline
from audit.model import Article, Finding, IngestError, Quote

__all__ = ["Article", "Finding", "IngestError", "ModelNotFound", "Quote", "extract", "load_pipeline"]
__version__ = "0.1.0"
