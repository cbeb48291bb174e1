"""newsld: news articles to linked data (JSON-LD, Turtle) with the text span behind every fact."""

from __future__ import annotations

__version__ = "0.2.0"

from newsld.api import extract, extract_many, read, tables, to_jsonld, to_rdf
from newsld.errors import InputError, NetworkRefused, NewsldError, UsageError
from newsld.model import Actor, Article, Claim, Figure, Mention, Span
from newsld.rdf.loader import document_loader, with_inline_context
from newsld.validation import Issue, Report, validate_document, validate_paths

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
