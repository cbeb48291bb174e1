"""Readers: text, Markdown, JSON, JSON lines, IPTC ninjs, web pages, RSS/Atom feeds and web archives.

Discovery of inputs (paths, directories, globs) is in `newsld.sources.discover`, shared by every
command. The names below are imported when first used, and no reader imports its parser (trafilatura,
feedparser, fastwarc) until it reads, so a command that only needs a limit or a path pays for nothing else.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# imported now: light, and `discover` must name the function, not its module
from newsld.sources.discover import Found, Skipped, discover, expand_paths

if TYPE_CHECKING:
    from newsld.sources.base import Limits, SourceText
    from newsld.sources.readers import EXTENSIONS, METADATA_KEYS, Part, plan_outputs, read_part, read_path

_HOMES = {
    "Limits": "base", "SourceText": "base",
    "EXTENSIONS": "readers", "METADATA_KEYS": "readers", "Part": "readers", "plan_outputs": "readers",
    "read_part": "readers", "read_path": "readers",
}

__all__ = ["EXTENSIONS", "METADATA_KEYS", "Found", "Limits", "Part", "Skipped", "SourceText", "discover",
           "expand_paths", "plan_outputs", "read_part", "read_path"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'newsld.sources' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"newsld.sources.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
