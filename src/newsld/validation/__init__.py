"""Validate newsld data: JSON Schema and SHACL in one pass, plus checks of evidence against the text.

Nothing here imports spaCy; `newsld validate` must start fast. The names load on first use, so
importing `newsld.validation.report` (the value objects) loads neither pyoxigraph nor the schemas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {"Issue": "newsld.validation.report", "Report": "newsld.validation.report",
            "Validator": "newsld.validation.validate", "expand_paths": "newsld.validation.validate",
            "validate_document": "newsld.validation.validate", "validate_paths": "newsld.validation.validate"}

__all__ = ["Issue", "Report", "Validator", "expand_paths", "validate_document", "validate_paths"]

if TYPE_CHECKING:
    from newsld.validation.report import Issue, Report
    from newsld.validation.validate import Validator, expand_paths, validate_document, validate_paths


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'newsld.validation' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
