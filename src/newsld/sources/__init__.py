"""Readers: plain text, Markdown with front matter, JSON and JSON lines -> article text and metadata."""

from newsld.sources.readers import METADATA_KEYS, SourceText, read_path

__all__ = ["METADATA_KEYS", "SourceText", "read_path"]
