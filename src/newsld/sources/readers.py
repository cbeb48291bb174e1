"""Read input files into SourceText values; every problem is an InputError naming the file (and line or record).

Text (.txt), Markdown with front matter (.md), JSON objects or arrays of them (.json, also IPTC
ninjs items), JSON lines (.jsonl), newsld JSON-LD (.jsonld), web pages (.html), RSS and Atom
feeds (.rss, .atom, .xml) and web archives (.warc, .warc.gz). Any unexpected failure while
reading one input costs only that input.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from newsld._textio import decode_utf8, parse_json
from newsld.errors import InputError, NetworkRefused
from newsld.model import SourceDocument
from newsld.resources import CONTEXT_URL
from newsld.sources.base import (
    Limits,
    SourceText,
    authors_from,
    bounded,
    check_language,
    check_size,
    check_text,
    check_url,
    normalise_date,
    sha256_hex,
)
from newsld.sources.discover import Found, Skipped, _suffix_of

TEXT_EXTENSIONS = {".txt", ".text"}
MARKDOWN_EXTENSIONS = {".md", ".markdown"}
JSON_EXTENSIONS = {".json"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
JSONLD_EXTENSIONS = {".jsonld"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
FEED_EXTENSIONS = {".rss", ".atom", ".xml"}
WARC_EXTENSIONS = {".warc", ".warc.gz"}
EXTENSIONS = (TEXT_EXTENSIONS | MARKDOWN_EXTENSIONS | JSON_EXTENSIONS | JSONL_EXTENSIONS | JSONLD_EXTENSIONS
              | HTML_EXTENSIONS | FEED_EXTENSIONS | WARC_EXTENSIONS)
CONTAINERS = JSONL_EXTENSIONS | FEED_EXTENSIONS | WARC_EXTENSIONS  # many articles per file, named per record
MEDIA_TYPES = {".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown",
               ".json": "application/json", ".jsonl": "application/jsonl", ".ndjson": "application/jsonl"}
METADATA_KEYS = {
    "headline": "headline", "title": "headline",
    "datePublished": "datePublished", "date": "datePublished", "published": "datePublished",
    "url": "url", "link": "url",
    "publisher": "publisher", "source": "publisher",
    "inLanguage": "inLanguage", "language": "inLanguage", "lang": "inLanguage",
}
AUTHOR_KEYS = ("author", "authors", "byline")


@dataclass(frozen=True)
class Part:
    """A range of records of one input (all of it by default), the unit of work handed to a worker."""

    found: Found
    output: str  # the output path (without extension) of a one-article input, or the folder of a container's
    first: int = 1  # first record number (1-based)
    last: int | None = None  # last record number, inclusive (None: to the end)
    offset: int = 0  # byte offset where the first record starts (archives and JSON lines)
    stop_offset: int | None = None  # byte offset where the next part begins

    @property
    def source(self) -> str:
        return self.found.source

    def describe(self) -> str:
        if self.first == 1 and self.last is None:
            return self.source
        return f"{self.source} records {self.first}-{self.last if self.last is not None else 'end'}"


def normalise_meta(raw: dict[str, Any], source: str) -> dict[str, str]:
    """Known metadata keys under their newsld names, checked: dates ISO 8601, URLs absolute, values bounded."""
    out: dict[str, str] = {}
    for key, value in raw.items():
        name = METADATA_KEYS.get(key)
        if name is None or value is None:
            continue
        if name == "datePublished":
            out[name] = normalise_date(value, source)
        elif name == "url":
            out[name] = check_url(value, source, key)
        elif name == "inLanguage":
            language = check_language(value, source)
            if language is None:
                raise InputError(source, f"language {bounded(value, key, source)[:40]!r} is not a BCP 47 tag "
                                 "(e.g. en, en-GB)")
            out[name] = language
        else:
            text = bounded(value, key, source)
            if text:
                out[name] = text
    return out


def authors_of(raw: dict[str, Any], source: str) -> tuple[str, ...]:
    for key in AUTHOR_KEYS:
        if raw.get(key) is not None:
            return authors_from(raw[key], source)
    return ()


def clean_text(data: bytes, source: str) -> str:
    """UTF-8 text with a BOM stripped; binary data, NUL bytes and empty files are refused."""
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise InputError(source, f"contains a NUL byte at byte {at}: this looks like a binary file, not text")
    text = decode_utf8(data, source, allow_bom=True)
    if not text.strip():
        raise InputError(source, "is empty" if not text else "holds only whitespace")
    return text


def from_object(obj: Any, source: str, output: str, location: str, sha256: str, limits: Limits,
                record_id: str | None = None, media_type: str = "application/json") -> SourceText:
    """An article object: a newsld JSON-LD document, an IPTC ninjs item, or {"text": ..., metadata...}."""
    from newsld.sources.ninjs import is_ninjs, read_ninjs

    if not isinstance(obj, dict):
        raise InputError(source, f"expected a JSON object, found {type(obj).__name__}")
    if "@context" in obj:
        ctx = obj.get("@context")
        if ctx != CONTEXT_URL:
            if isinstance(ctx, str) and "://" in ctx and "w3id.org/newsld/" not in ctx:
                raise NetworkRefused(source, "@context", ctx)
            raise InputError(source, "JSON-LD input must use the newsld context " + CONTEXT_URL)
        return SourceText(source, output, document=obj)
    if is_ninjs(obj):
        return read_ninjs(obj, source, output, location, sha256, limits)
    text = obj.get("text")
    if text is None:
        text = obj.get("articleBody")
    if not isinstance(text, str):
        raise InputError(source, "missing \"text\": an article object needs its text as a string")
    if not text.strip():
        raise InputError(source, "\"text\" is empty")
    check_text(text, source, limits)
    meta = normalise_meta(obj, source)
    origin = SourceDocument(location, sha256, media_type, meta.get("url"), record_id)
    return SourceText(source, output, text, meta, authors_of(obj, source), origin=origin)


def _read_bytes(path: Path, source: str, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except OSError as e:
        raise InputError(source, f"cannot be read: {e.strerror or e}") from None
    if path.is_dir():
        raise InputError(source, "is a directory, expected a file")
    check_size(size, source, limits, "the file")
    try:
        with path.open("rb") as handle:
            return handle.read(limits.max_bytes + 1)
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except OSError as e:
        raise InputError(source, f"cannot be read: {e.strerror or e}") from None


def _read_markdown(data: bytes, part: Part, location: str, limits: Limits) -> SourceText:
    from newsld.sources.markdown import markdown_text, split_front_matter

    source = part.source
    raw, body = split_front_matter(clean_text(data, source), source)
    if not body.strip():
        raise InputError(source, "has front matter but no article text")
    meta = normalise_meta(raw, source)
    authors = authors_of(raw, source)
    text = check_text(markdown_text(body), source, limits)
    origin = SourceDocument(location, sha256_hex(data), "text/markdown", meta.get("url"))
    return SourceText(source, part.output, text, meta, authors, origin=origin)


def _jsonl_lines(path: Path, part: Part) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of the lines in the part's range, read one at a time."""
    with path.open("rb") as handle:
        handle.seek(part.offset)
        for number, line in enumerate(handle, start=part.first):
            if part.last is not None and number > part.last:
                return
            yield number, line


def _read_jsonl(part: Part, location: str, limits: Limits) -> Iterator[SourceText | InputError]:
    source = part.source
    path = part.found.path
    seen = False
    for number, line in _jsonl_lines(path, part):
        where = f"{source}:{number}"
        if not line.strip():
            continue
        seen = True
        try:
            if len(line) > limits.max_bytes:
                check_size(len(line), where, limits, "the line")
            text = decode_utf8(line, where, allow_bom=number == 1)
            try:
                obj = parse_json(text, where)
            except InputError as e:  # one line: the column is all the position there is
                raise InputError(where, e.problem.replace("at line 1 column", "at column")) from None
            yield from_object(obj, where, f"{part.output}/{number}", location, sha256_hex(line.rstrip(b"\r\n")),
                              limits, str(number), "application/jsonl")
        except InputError as e:
            yield e
        except Exception as e:  # a bug must not cost the other lines
            yield _unexpected(where, e)
    if not seen and part.first == 1:
        yield InputError(source, "is empty")


def _unexpected(source: str, error: Exception) -> InputError:
    detail = str(error)
    detail = detail if len(detail) <= 200 else detail[:200] + "…"
    return InputError(source, f"could not be read ({type(error).__name__}: {detail})")


def read_part(part: Part, limits: Limits) -> Iterator[SourceText | InputError | Skipped]:
    """The articles in one input (or a range of its records); each bad one is an error value, never raised."""
    source = part.source
    path = part.found.path
    location = part.found.relative.as_posix()
    suffix = _suffix_of(path)
    try:
        if suffix not in EXTENSIONS:
            raise InputError(source, f"unknown extension {path.suffix or '(none)'!r}; newsld converts "
                             + ", ".join(sorted(EXTENSIONS)))
        if not path.exists():
            raise InputError(source, "no such file")
        if path.is_dir():
            raise InputError(source, "is a directory, expected a file")
        if suffix in WARC_EXTENSIONS:
            from newsld.sources.warc import read_warc

            yield from read_warc(path, source, part.output, location, limits, offset=part.offset,
                                 first_number=part.first, stop_offset=part.stop_offset)
            return
        if suffix in JSONL_EXTENSIONS:
            yield from _read_jsonl(part, location, limits)
            return
        data = _read_bytes(path, source, limits)
        if suffix in TEXT_EXTENSIONS:
            text = check_text(clean_text(data, source), source, limits)
            yield SourceText(source, part.output, text, origin=SourceDocument(location, sha256_hex(data),
                                                                              "text/plain"))
        elif suffix in MARKDOWN_EXTENSIONS:
            yield _read_markdown(data, part, location, limits)
        elif suffix in HTML_EXTENSIONS:
            from newsld.sources.html import read_page

            yield read_page(data, source, part.output, location, limits)
        elif suffix in FEED_EXTENSIONS:
            from newsld.sources.feeds import read_feed

            yield from read_feed(data, source, part.output, location, limits, part.first, part.last)
        else:
            value = parse_json(clean_text(data, source), source)
            digest = sha256_hex(data)
            if isinstance(value, list):
                if not value:
                    raise InputError(source, "is an empty JSON array")
                for index, item in enumerate(value, start=1):
                    where = f"{source}#{index}"
                    try:
                        yield from_object(item, where, f"{part.output}/{index}", location, digest, limits, str(index))
                    except InputError as e:
                        yield e
            else:
                yield from_object(value, source, part.output, location, digest, limits)
    except InputError as e:
        yield e
    except RecursionError:
        yield InputError(source, "is nested too deeply to read")
    except Exception as e:  # any other failure while reading costs only this input
        yield _unexpected(source, e)


def read_path(path: Path, limits: Limits | None = None) -> Iterator[SourceText | InputError | Skipped]:
    """The articles in one file, named after the file (for library use; the CLI plans names with plan_outputs)."""
    found = Found(path, PurePosixPath(path.name))
    yield from read_part(Part(found, output_key(found.relative)), limits or Limits())


def output_key(relative: PurePosixPath, full_name: bool = False) -> str:
    """The output path of an input, without extension: "2024-01/story.txt" -> "2024-01/story"."""
    name = relative.name
    if not full_name:
        suffix = _suffix_of(Path(name))
        name = name[: len(name) - len(suffix)] if suffix and len(name) > len(suffix) else name
    return (relative.parent / name).as_posix()


def plan_outputs(found: Iterable[Found]) -> tuple[list[Part], list[InputError]]:
    """Each input's output name, mirroring the input tree; independent of the order inputs are read in.

    Two inputs that would share a name (x.txt and x.md side by side) keep their whole file names
    (x.txt.jsonld, x.md.jsonld); two x.txt from different folders given one by one keep the parent
    folders that tell them apart (a/x, b/x). Anything that still collides is refused, each input
    naming the other, so nothing is overwritten."""
    items = list(dict.fromkeys(found))
    keys = {f: output_key(f.relative) for f in items}
    by_key: dict[str, list[Found]] = {}
    for f, key in keys.items():
        by_key.setdefault(key.casefold(), []).append(f)
    folders = {str(PurePosixPath(k).parent).casefold() for k in keys.values()}
    for group in by_key.values():
        container_clash = any(_suffix_of(f.path) in CONTAINERS for f in group) and any(
            folder == keys[group[0]].casefold() or folder.startswith(keys[group[0]].casefold() + "/")
            for folder in folders)
        if len(group) > 1 and len({f.path.absolute().parent for f in group}) == len(group):
            _qualify_with_folders(group, keys)  # the same name in different folders: a/x, b/x
        elif len(group) > 1 or container_clash:
            for f in group:
                keys[f] = output_key(f.relative, full_name=True)
    final: dict[str, list[Found]] = {}
    for f, key in keys.items():
        final.setdefault(key.casefold(), []).append(f)
    parts: list[Part] = []
    errors: list[InputError] = []
    for f in items:
        group = final[keys[f].casefold()]
        if len(group) > 1:
            others = ", ".join(o.source for o in group if o is not f)
            errors.append(InputError(f.source, f"its output name {keys[f]!r} is also that of {others}; convert "
                                     "their common folder instead, so the output mirrors the input tree"))
        else:
            parts.append(Part(f, keys[f]))
    return parts, errors


def _qualify_with_folders(group: list[Found], keys: dict[Found, str]) -> None:
    """Inputs given one by one that share a name (a/x.txt, b/x.txt) keep as many of their own parent
    folders as tell them apart (a/x, b/x): still a mirror of where they are, whatever the order."""
    parents = [f.path.absolute().parent.parts for f in group]
    for depth in range(1, max(len(p) for p in parents) + 1):
        prefixes = [PurePosixPath(*p[-depth:]) if p[-depth:] else PurePosixPath() for p in parents]
        if len({str(x).casefold() for x in prefixes}) == len(group):
            for f, prefix in zip(group, prefixes, strict=True):
                keys[f] = (prefix / keys[f]).as_posix()
            return


__all__ = ["EXTENSIONS", "METADATA_KEYS", "Part", "SourceText", "clean_text", "from_object", "normalise_meta",
           "output_key", "plan_outputs", "read_part", "read_path"]
