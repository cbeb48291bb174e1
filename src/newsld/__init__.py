"""newsld: news articles to linked data (JSON-LD, Turtle) with the text span behind every fact."""

from __future__ import annotations

__version__ = "0.1.0"

from newsld.errors import InputError, NetworkRefused, NewsldError, UsageError
from newsld.validation import Issue, Report, validate_document, validate_paths

__all__ = [
    "InputError",
    "Issue",
    "NetworkRefused",
    "NewsldError",
    "Report",
    "UsageError",
    "__version__",
    "validate_document",
    "validate_paths",
]
