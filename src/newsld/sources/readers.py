"""Read article inputs into SourceText values; every problem is an InputError naming the file (and line)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsld._textio import decode_utf8, parse_json, read_bytes
from newsld.errors import InputError

TEXT_EXTENSIONS = {".txt", ".text"}
MARKDOWN_EXTENSIONS = {".md", ".markdown"}
JSON_EXTENSIONS = {".json"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
JSONLD_EXTENSIONS = {".jsonld"}
EXTENSIONS = TEXT_EXTENSIONS | MARKDOWN_EXTENSIONS | JSON_EXTENSIONS | JSONL_EXTENSIONS | JSONLD_EXTENSIONS
METADATA_KEYS = {
    "headline": "headline", "title": "headline",
    "datePublished": "datePublished", "date": "datePublished", "published": "datePublished",
    "url": "url", "link": "url",
    "publisher": "publisher", "source": "publisher",
    "inLanguage": "inLanguage", "language": "inLanguage", "lang": "inLanguage",
}
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


@dataclass(frozen=True)
class SourceText:
    """One article to convert: its text and metadata, or an already-built newsld document."""

    source: str
    stem: str
    text: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    document: dict[str, Any] | None = None


def clean_text(data: bytes, source: str) -> str:
    """UTF-8 text with a BOM stripped; binary data, NUL bytes and empty files are refused."""
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise InputError(source, f"contains a NUL byte at byte {at}: this looks like a binary file, not text")
    text = decode_utf8(data, source, allow_bom=True)
    if not text.strip():
        raise InputError(source, "is empty" if not text else "holds only whitespace")
    return text


def normalise_meta(raw: dict[str, Any], source: str) -> dict[str, str]:
    """Known metadata keys under their newsld names, checked: dates as YYYY-MM-DD, URLs absolute."""
    out: dict[str, str] = {}
    for key, value in raw.items():
        name = METADATA_KEYS.get(key)
        if name is None or value is None:
            continue
        if name == "datePublished":
            out[name] = _date(value, source)
        elif isinstance(value, str | int | float):
            out[name] = str(value).strip()
        else:
            raise InputError(source, f"metadata {key!r} must be text, found {type(value).__name__}")
        if name == "url" and not IRI.match(out[name]):
            raise InputError(source, f"url {out[name]!r} is not an absolute URL")
        if name == "publisher" and not out[name]:
            del out[name]
    return out


def _date(value: Any, source: str) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    match = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", text)
    if match:
        try:
            return dt.date.fromisoformat(match.group(1)).isoformat()
        except ValueError:
            pass
    raise InputError(source, f"date {text!r} is not a date (use YYYY-MM-DD)")


def split_front_matter(text: str, source: str) -> tuple[dict[str, Any], str]:
    """YAML front matter between '---' lines at the top of a Markdown file, and the body after it."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 4)
    if end < 0:
        if text.rstrip().endswith("\n---"):
            end = len(text.rstrip()) - 4
        else:
            raise InputError(source, "front matter opened with '---' is never closed")
    import yaml

    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise InputError(source, f"front matter is not valid YAML{where}: {getattr(e, 'problem', e)}") from None
    if not isinstance(meta, dict):
        raise InputError(source, "front matter must be a mapping of keys to values")
    return meta, text[end + 5:].lstrip("\n")


def from_object(obj: Any, source: str, stem: str) -> SourceText:
    """An article object: a newsld JSON-LD document, or {"text": ..., metadata...}."""
    if not isinstance(obj, dict):
        raise InputError(source, f"expected a JSON object, found {type(obj).__name__}")
    if "@context" in obj:
        from newsld.rdf.context import check_context

        check_context(obj["@context"], source)
        return SourceText(source, stem, document=obj)
    text = obj.get("text")
    if text is None:
        text = obj.get("articleBody")
    if not isinstance(text, str):
        raise InputError(source, "missing \"text\": an article object needs its text as a string")
    if not text.strip():
        raise InputError(source, "\"text\" is empty")
    if "\x00" in text:
        raise InputError(source, "\"text\" contains NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(source, "\"text\" contains a lone surrogate and cannot be encoded as UTF-8") from None
    return SourceText(source, stem, text, normalise_meta(obj, source))


def read_path(path: Path) -> Iterator[SourceText | InputError]:
    """The articles in one input file; a JSON lines file yields one item (or error) per line."""
    source = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix not in EXTENSIONS:
            raise InputError(source, f"unknown extension {path.suffix or '(none)'!r}; newsld converts "
                             + ", ".join(sorted(EXTENSIONS)))
        data = read_bytes(path)
        if suffix in TEXT_EXTENSIONS:
            yield SourceText(source, path.stem, clean_text(data, source))
        elif suffix in MARKDOWN_EXTENSIONS:
            meta, body = split_front_matter(clean_text(data, source), source)
            if not body.strip():
                raise InputError(source, "has front matter but no article text")
            yield SourceText(source, path.stem, body, normalise_meta(meta, source))
        elif suffix in JSONL_EXTENSIONS:
            text = decode_utf8(data, source, allow_bom=True)
            lines = text.split("\n")
            if not text.strip():
                raise InputError(source, "is empty")
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                where = f"{source}:{number}"
                try:
                    try:
                        obj = parse_json(line, where)
                    except InputError as e:  # one line: the column is all the position there is
                        raise InputError(where, e.problem.replace("at line 1 column", "at column")) from None
                    yield from_object(obj, where, f"{path.stem}-{number}")
                except InputError as e:
                    yield e
        else:
            value = parse_json(clean_text(data, source), source)
            if isinstance(value, list):
                for index, item in enumerate(value, start=1):
                    where = f"{source}#{index}"
                    try:
                        yield from_object(item, where, f"{path.stem}-{index}")
                    except InputError as e:
                        yield e
            else:
                yield from_object(value, source, path.stem)
    except InputError as e:
        yield e
