"""Validate newsld data: JSON Schema and SHACL in one pass, plus checks of evidence against the text.

Nothing here imports spaCy; `newsld validate` must start fast.
"""

from newsld.validation.report import Issue, Report
from newsld.validation.validate import (
    Validator,
    expand_paths,
    validate_document,
    validate_paths,
)

__all__ = ["Issue", "Report", "Validator", "expand_paths", "validate_document", "validate_paths"]
