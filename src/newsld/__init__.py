"""newsld: news articles to linked data (JSON-LD, Turtle) with the text span behind every fact.

The public names load on first use (PEP 562 module `__getattr__`), so `import newsld` and the
command line start fast: spaCy, pandas, pyoxigraph and the validators load only when asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsld._lazy import lazy_names

__version__ = "0.2.0"

# public name -> the module that defines it
_EXPORTS = {
    "extract": "newsld.api", "extract_many": "newsld.api", "read": "newsld.api", "tables": "newsld.api",
    "to_jsonld": "newsld.api", "to_rdf": "newsld.api",
    "InputError": "newsld.errors", "NetworkRefused": "newsld.errors", "NewsldError": "newsld.errors",
    "UsageError": "newsld.errors",
    "Actor": "newsld.model", "Article": "newsld.model", "Claim": "newsld.model", "Figure": "newsld.model",
    "Mention": "newsld.model", "Span": "newsld.model",
    "document_loader": "newsld.rdf.loader", "with_inline_context": "newsld.rdf.loader",
    "Issue": "newsld.validation.report", "Report": "newsld.validation.report",
    "validate_document": "newsld.validation.validate", "validate_paths": "newsld.validation.validate",
}

__all__ = [
    "Actor",
    "Article",
    "Claim",
    "Figure",
    "InputError",
    "Issue",
    "Mention",
    "NetworkRefused",
    "NewsldError",
    "Report",
    "Span",
    "UsageError",
    "__version__",
    "document_loader",
    "extract",
    "extract_many",
    "read",
    "tables",
    "to_jsonld",
    "to_rdf",
    "validate_document",
    "validate_paths",
    "with_inline_context",
]

if TYPE_CHECKING:  # what type checkers and editors see; at run time each name loads on first use
    from newsld.api import extract, extract_many, read, tables, to_jsonld, to_rdf
    from newsld.errors import InputError, NetworkRefused, NewsldError, UsageError
    from newsld.model import Actor, Article, Claim, Figure, Mention, Span
    from newsld.rdf.loader import document_loader, with_inline_context
    from newsld.validation.report import Issue, Report
    from newsld.validation.validate import validate_document, validate_paths


__getattr__, __dir__ = lazy_names(__name__, _EXPORTS, globals())
