"""What every reader produces: SourceText values (text, metadata, where it came from), and shared checks."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from newsld.errors import InputError
from newsld.model import SourceDocument
from newsld.sources.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS

MAX_META_CHARS = 2_000  # a headline, author name or URL longer than this is not metadata
MAX_AUTHORS = 50

IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_ISO_DATETIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$")


@dataclass(frozen=True)
class Limits:
    """Size limits for one input document: raw bytes before parsing, code points of text after."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = DEFAULT_MAX_CHARS


@dataclass(frozen=True)
class SourceText:
    """One article to convert: its text and metadata (or an already-built newsld document) and its origin."""

    source: str  # how messages name it: "in/a.txt", "in/batch.jsonl:3", "in/crawl.warc.gz#12"
    output: str  # output path relative to the output directory, without extension: "2024-01/story"
    text: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    authors: tuple[str, ...] = ()
    document: dict[str, Any] | None = None
    origin: SourceDocument | None = None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_text(text: str, source: str, limits: Limits) -> str:
    """Refuse article text that is empty, holds NULs or surrogates, or is longer than the limit."""
    if not text.strip():
        raise InputError(source, "has no article text" if text else "is empty")
    if len(text) > limits.max_chars:
        raise InputError(source, f"article text is {len(text):,} characters long; the limit is "
                         f"{limits.max_chars:,} (raise it with --max-chars)")
    if "\x00" in text:
        raise InputError(source, "article text contains NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(source, "article text contains a lone surrogate and cannot be encoded as UTF-8") from None
    return text


def check_size(size: int, source: str, limits: Limits, what: str = "the document") -> None:
    """Refuse a document larger than the byte limit before reading it into memory."""
    if size > limits.max_bytes:
        raise InputError(source, f"{what} is {size:,} bytes; newsld reads documents up to {limits.max_bytes:,} "
                         "bytes (raise it with --max-bytes)")


def bounded(value: Any, key: str, source: str) -> str:
    """A metadata value as trimmed text; anything but a short scalar is refused without formatting it."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(source, f"metadata {key!r} must be text, found {type(value).__name__}")
    if isinstance(value, str) and len(value) > MAX_META_CHARS:
        raise InputError(source, f"metadata {key!r} is {len(value):,} characters long; the limit is {MAX_META_CHARS:,}")
    if isinstance(value, int) and abs(value) > 10 ** 30:
        raise InputError(source, f"metadata {key!r} is a number too large to be metadata")
    text = str(value).strip()
    if "\x00" in text:
        raise InputError(source, f"metadata {key!r} contains a NUL character")
    return text


def normalise_date(value: Any, source: str, key: str = "date") -> str:
    """An xsd:date ("2025-04-09"), or an xsd:dateTime with its zone when the input gives time and zone.

    A time without a zone is not a point in time, so only its date is kept."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.date().isoformat()
        return _iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = bounded(value, key, source)
    match = _ISO_DATETIME.match(text)
    if match:
        day, hour, minute, second, fraction, zone = match.groups()
        try:
            date = dt.date.fromisoformat(day)
            if hour is None or zone is None:
                return date.isoformat()
            zone = "+00:00" if zone == "Z" else (zone if len(zone) != 5 else f"{zone[:3]}:{zone[3:]}")
            if len(zone) == 3:
                zone += ":00"
            parsed = dt.datetime.fromisoformat(f"{day}T{hour}:{minute}:{second or '00'}{fraction or ''}{zone}")
            return _iso(parsed)
        except ValueError:
            pass
    else:
        try:  # RFC 822 / 2822, as in RSS: "Tue, 13 May 2025 09:15:00 +0100"
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None:
            return parsed.date().isoformat() if parsed.tzinfo is None else _iso(parsed)
    raise InputError(source, f"{key} {text[:80]!r} is not a date (use YYYY-MM-DD, or an ISO 8601 date-time "
                     "with a zone)")


def _iso(value: dt.datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def check_url(value: Any, source: str, key: str = "url") -> str:
    text = bounded(value, key, source)
    if not IRI.match(text):
        raise InputError(source, f"{key} {text[:80]!r} is not an absolute URL")
    return text


def check_language(value: Any, source: str) -> str | None:
    """A BCP 47 tag ("en", "en-GB"); en_GB as written by OpenGraph becomes en-GB; nonsense gives None."""
    text = bounded(value, "language", source).replace("_", "-")
    return text if LANGUAGE.match(text) else None


_BYLINE_LEAD = re.compile(r"^\s*(?:by|von|par|por|door)\s+", re.IGNORECASE)
_BYLINE_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b|\bund\b|\bet\b|\by\b|\ben\b)\s*", re.IGNORECASE)


def split_byline(byline: str) -> list[str]:
    """Names in a byline: "By Ann Lee and Tom Cruz" -> ["Ann Lee", "Tom Cruz"]."""
    text = _BYLINE_LEAD.sub("", byline.strip())
    names = [n.strip(" .") for n in _BYLINE_SPLIT.split(text)]
    return [n for n in names if n and any(c.isalpha() for c in n)]


def authors_from(value: Any, source: str) -> tuple[str, ...]:
    """Author names from a string (a byline), a list of strings, or {"name": ...} objects."""
    items = value if isinstance(value, list) else [value]
    if len(items) > MAX_AUTHORS:
        raise InputError(source, f"lists {len(items):,} authors; the limit is {MAX_AUTHORS}")
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        if item is None:
            continue
        text = bounded(item, "author", source)
        if IRI.match(text) and "://" in text:  # a profile URL is not a name
            continue
        names.extend(split_byline(text) if isinstance(value, str) else [text])
    return tuple(dict.fromkeys(n for n in names if n))


def record_name(number: int, label: str | None = None) -> str:
    """A stable output name for a record inside an archive or feed: its position, then a readable slug."""
    if not label:
        return str(number)
    folded = unicodedata.normalize("NFKD", label)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    words = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if len(words) > 60:
        words = words[:60].rsplit("-", 1)[0] or words[:60]
    return f"{number}-{words}" if words else str(number)


def url_label(url: str | None) -> str | None:
    """The readable part of a URL for a record name: host and path without the scheme or query."""
    if not url:
        return None
    rest = url.split("://", 1)[-1].split("?", 1)[0].split("#", 1)[0]
    return rest.removeprefix("www.")
