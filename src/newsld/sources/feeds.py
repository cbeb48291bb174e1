"""RSS and Atom feeds (feedparser): one article per entry, from its full content, else its summary.

A feed is parsed from its bytes only: feedparser is never handed a string it could take for a URL or
a file name, and a feed that declares entities or an external DTD is refused before parsing (entity
expansion can exhaust memory, and an external entity can read files or the network).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from newsld.errors import InputError
from newsld.model import SourceDocument
from newsld.sources.base import (
    Limits,
    SourceText,
    authors_from,
    check_language,
    check_text,
    normalise_date,
    record_name,
    sha256_hex,
)

_ROOT = re.compile(rb"<[A-Za-z_]")
_DOCTYPE = re.compile(rb"<!DOCTYPE\b(?P<body>(?:[^>\[]|\[[^\]]*\])*)>", re.IGNORECASE | re.DOTALL)
_HARMLESS_DTDS = (b"-//Netscape Communications//DTD RSS 0.91//EN",)


def refuse_entities(data: bytes, source: str) -> None:
    """Refuse entity declarations and external DTDs in the prolog (billion laughs, XXE)."""
    root = _ROOT.search(data)
    prolog = data[:root.start()] if root else data
    if b"<!ENTITY" in prolog.upper() or b"<!ENTITY" in data[:65536].upper():
        raise InputError(source, "declares XML entities; newsld refuses entity declarations in feeds "
                         "(they can expand without bound or read files); remove the DOCTYPE")
    match = _DOCTYPE.search(prolog)
    if match:
        body = match.group("body")
        if b"[" in body:
            raise InputError(source, "has a DOCTYPE with an internal subset; newsld refuses DTDs in feeds")
        if re.search(rb"\b(?:SYSTEM|PUBLIC)\b", body) and not any(d in body for d in _HARMLESS_DTDS):
            raise InputError(source, "names an external DTD; newsld never fetches it and refuses the feed "
                             "(remove the DOCTYPE)")


def parse_feed(data: bytes, source: str) -> Any:
    """feedparser's reading of the feed; a document that is not a feed is refused."""
    import feedparser

    refuse_entities(data, source)
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True,
                              response_headers={"content-location": ""})
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise InputError(source, "is not an RSS or Atom feed" + (f" ({problem})" if problem else ""))
    return parsed


def _entry_date(entry: Any, source: str) -> str | None:
    for key in ("published", "updated", "created"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            try:
                return normalise_date(value, source, key)
            except InputError:
                continue
    return None


def entry_text(entry: Any) -> tuple[str, str]:
    """The entry's text and where it came from: its full content, else its summary."""
    from newsld.sources.html import fragment_text

    for part in entry.get("content", []) or []:
        value = part.get("value") or ""
        kind = part.get("type", "text/html")
        text = value if kind == "text/plain" else fragment_text(value)
        if text.strip():
            return text, "content"
    summary = entry.get("summary") or ""
    detail = entry.get("summary_detail") or {}
    text = summary if detail.get("type") == "text/plain" else fragment_text(summary)
    return text, "summary"


def read_feed(data: bytes, source: str, folder: str, location: str, limits: Limits,
              first: int = 1, last: int | None = None) -> Iterator[SourceText | InputError]:
    """The feed's entries first..last (1-based, inclusive) as articles, each error naming its entry."""
    parsed = parse_feed(data, source)
    digest = sha256_hex(data)  # the feed file's; the entry is named by record_id
    feed = parsed.get("feed", {})
    feed_language = feed.get("language")
    publisher = feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        if number < first or (last is not None and number > last):
            continue
        title = entry.get("title")
        where = f"{source}#{number}" + (f" ({title[:60]})" if isinstance(title, str) and title.strip() else "")
        try:
            text, content_from = entry_text(entry)
            if not text.strip():
                raise InputError(where, "entry has neither content nor a summary; nothing to convert")
            text = check_text(text.rstrip("\n") + "\n", where, limits)
            meta: dict[str, str] = {}
            if isinstance(title, str) and title.strip():
                meta["headline"] = " ".join(title.split())[:500]
            date = _entry_date(entry, where)
            if date:
                meta["datePublished"] = date
            link = entry.get("link")
            if isinstance(link, str) and "://" in link:
                meta["url"] = link
            if isinstance(publisher, str) and publisher.strip():
                meta["publisher"] = publisher.strip()[:300]
            language = None
            for part in entry.get("content", []) or []:
                language = language or part.get("language")
            language = language or feed_language
            if isinstance(language, str) and check_language(language, where):
                meta["inLanguage"] = check_language(language, where) or "en"
            authors = authors_from(entry.get("authors") or entry.get("author") or [], where)
            record_id = entry.get("id") if isinstance(entry.get("id"), str) else None
            origin = SourceDocument(location, digest, "application/atom+xml" if parsed.get("version", "").startswith(
                "atom") else "application/rss+xml", meta.get("url"), record_id, None, content_from)
            name = record_name(number, title if isinstance(title, str) else None)
            yield SourceText(where, f"{folder}/{name}", text, meta, authors, origin=origin)
        except InputError as e:
            yield e


def count_entries(data: bytes, source: str) -> int:
    return len(parse_feed(data, source).entries)
