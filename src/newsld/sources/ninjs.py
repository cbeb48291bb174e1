"""IPTC ninjs (News in JSON) 1.x and 2.0 items: headline, body, dates, byline, URI, language.

1.x names them headline, body_text / body_html / body_xhtml, byline; 2.0 has headlines[] and
bodies[] (each {role, contenttype, value}) and by. Both have uri, type, versioncreated,
firstcreated and language. The body in plain text is preferred; an HTML body is reduced to its
paragraphs. Only items of type "text" (or with no type) are articles.
"""

from __future__ import annotations

from typing import Any

from newsld.errors import InputError
from newsld.model import SourceDocument
from newsld.sources.base import Limits, SourceText, authors_from, check_language, check_text, normalise_date

_BODY_KEYS = ("body_text", "body_html", "body_xhtml")
_STRING_FIELDS = ("uri", "type", "headline", "byline", "by", "versioncreated", "firstcreated", "language",
                  "located", "body_text", "body_html", "body_xhtml")


def is_ninjs(obj: Any) -> bool:
    """A JSON object that is a ninjs item: a uri with ninjs's own body/headline fields, or a ninjs standard."""
    if not isinstance(obj, dict) or "text" in obj or "@context" in obj:
        return False
    standard = obj.get("standard")
    if isinstance(standard, dict) and str(standard.get("name", "")).lower() == "ninjs":
        return True
    return "uri" in obj and any(k in obj for k in (*_BODY_KEYS, "bodies", "headlines", "headline", "byline"))


def _text(obj: dict[str, Any], key: str, source: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(source, f"ninjs {key!r} must be a string, found {type(value).__name__}")
    return value


def _entries(obj: dict[str, Any], key: str, source: str) -> list[dict[str, Any]]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InputError(source, f"ninjs {key!r} must be an array of objects, found {type(value).__name__}")
    for i, entry in enumerate(value):
        for field in ("value", "role", "contenttype"):
            if field in entry and not isinstance(entry[field], str):
                raise InputError(source, f"ninjs {key}[{i}].{field} must be a string, found "
                                 f"{type(entry[field]).__name__}")
    return value


def _main(entries: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The entry with role "main" if there is one, else the first."""
    return next((e for e in entries if e.get("role") == "main"), entries[0] if entries else None)


def read_ninjs(obj: dict[str, Any], source: str, output: str, location: str, sha256: str,
               limits: Limits) -> SourceText:
    """One ninjs item as an article; a field of the wrong type is refused, naming the field."""
    from newsld.sources.html import fragment_text

    for key in _STRING_FIELDS:
        _text(obj, key, source)
    kind = obj.get("type")
    if kind not in (None, "text"):
        raise InputError(source, f"ninjs item of type {kind!r} has no article text (only type 'text' is converted)")
    headline = _text(obj, "headline", source)
    if headline is None:
        main = _main(_entries(obj, "headlines", source))
        headline = main.get("value") if main else None
    body: str | None = None
    if _text(obj, "body_text", source):
        body = obj["body_text"]
    else:
        for key in ("body_html", "body_xhtml"):
            if _text(obj, key, source):
                body = fragment_text(obj[key])
                break
    if body is None:
        bodies = _entries(obj, "bodies", source)
        plain = [b for b in bodies if b.get("contenttype", "text/plain") == "text/plain" and b.get("value")]
        marked = [b for b in bodies if b.get("contenttype") in ("text/html", "application/xhtml+xml")
                  and b.get("value")]
        if plain:
            body = _main(plain)["value"]  # type: ignore[index]
        elif marked:
            body = fragment_text(_main(marked)["value"])  # type: ignore[index]
    if body is None:
        raise InputError(source, "ninjs item has no body (body_text, body_html or bodies)")
    text = check_text(body, source, limits)
    meta: dict[str, str] = {}
    if headline and headline.strip():
        meta["headline"] = " ".join(headline.split())
    for key in ("firstcreated", "versioncreated"):
        value = _text(obj, key, source)
        if value:
            meta["datePublished"] = normalise_date(value, source, key)
            break
    uri = _text(obj, "uri", source)
    if uri and "://" in uri:
        meta["url"] = uri
    language = _text(obj, "language", source)
    if language and check_language(language, source):
        meta["inLanguage"] = check_language(language, source) or "en"
    byline = _text(obj, "byline", source) or _text(obj, "by", source)
    authors = authors_from(byline, source) if byline else ()
    origin = SourceDocument(location, sha256, "application/ninjs+json", meta.get("url"), uri)
    return SourceText(source, output, text, meta, authors, origin=origin)
