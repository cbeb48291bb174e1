"""newsld: news articles to linked data (JSON-LD, Turtle) with the text span behind every fact."""

from __future__ import annotations

__version__ = "0.2.0"

from newsld.errors import InputError, NetworkRefused, NewsldError, UsageError
from newsld.rdf.loader import document_loader, with_inline_context
from newsld.validation import Issue, Report, validate_document, validate_paths

__all__ = [
    "InputError",
    "Issue",
    "NetworkRefused",
    "NewsldError",
    "Report",
    "UsageError",
    "__version__",
    "document_loader",
    "validate_document",
    "validate_paths",
    "with_inline_context",
]
