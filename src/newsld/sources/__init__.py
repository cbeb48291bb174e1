"""Readers: text, Markdown, JSON, JSON lines, IPTC ninjs, web pages, RSS/Atom feeds and web archives.

Discovery of inputs (paths, directories, globs) is in `newsld.sources.discover`, shared by every
command; this package imports nothing heavy until a reader is used.
"""

from newsld.sources.base import Limits, SourceText
from newsld.sources.discover import Found, Skipped, discover, expand_paths
from newsld.sources.readers import EXTENSIONS, METADATA_KEYS, Part, plan_outputs, read_part, read_path

__all__ = ["EXTENSIONS", "METADATA_KEYS", "Found", "Limits", "Part", "Skipped", "SourceText", "discover",
           "expand_paths", "plan_outputs", "read_part", "read_path"]
