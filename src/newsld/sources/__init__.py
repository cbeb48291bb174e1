"""Readers: text, Markdown, JSON, JSON lines, IPTC ninjs, web pages, RSS/Atom feeds and web archives.

Discovery of inputs (paths, directories, globs) is in `newsld.sources.discover`, shared by every
command. The names below are imported when first used, and no reader imports its parser (trafilatura,
feedparser, fastwarc) until it reads, so a command that only needs a limit or a path pays for nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsld._lazy import lazy_names

# imported now: light, and `discover` must name the function, not its module
from newsld.sources.discover import Found, Skipped, discover, expand_paths

if TYPE_CHECKING:
    from newsld.sources.base import Limits, SourceText
    from newsld.sources.readers import EXTENSIONS, METADATA_KEYS, Part, plan_outputs, read_part, read_path

_HOMES = {
    "Limits": "newsld.sources.base", "SourceText": "newsld.sources.base",
    **{name: "newsld.sources.readers"
       for name in ("EXTENSIONS", "METADATA_KEYS", "Part", "plan_outputs", "read_part", "read_path")},
}

__all__ = ["EXTENSIONS", "METADATA_KEYS", "Found", "Limits", "Part", "Skipped", "SourceText", "discover",
           "expand_paths", "plan_outputs", "read_part", "read_path"]

__getattr__, __dir__ = lazy_names(__name__, _HOMES, globals())
