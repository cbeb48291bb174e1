"""Web archives (.warc, .warc.gz): every HTML `response` record is an article; the rest is counted and skipped.

Records are framed here, one at a time, and parsed by fastwarc: each gzip member is decompressed on
its own (a .warc.gz normally holds one record per member), each record is read by its
Content-Length and must end with the blank line the standard requires. So a truncated or corrupt
member, or a record whose length is wrong, costs only that record: reading resumes at the next gzip
member (or, in an uncompressed archive, at the next line that starts a WARC record). Memory stays
flat: a record is held only while it is converted, and a payload over the size limit is never held.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsld.errors import InputError
from newsld.sources.base import Limits, SourceText, record_name, url_label
from newsld.sources.discover import Skipped

CHUNK = 256 * 1024
MAX_HEADER = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b\x08"
_RECORD_START = re.compile(rb"(?:^|\r?\n)(WARC/1\.[01]\r\n)")
_LENGTH = re.compile(rb"^content-length:[ \t]*(\d{1,15})[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)


class _Broken(Exception):
    """The current record or member cannot be read; carries what went wrong."""


@dataclass
class RawRecord:
    """One record as framed: its position, header fields, and its bytes (None if over the limit or broken)."""

    number: int
    offset: int
    header: dict[str, str]
    data: bytes | None
    length: int
    error: str | None = None

    @property
    def type(self) -> str:
        return self.header.get("warc-type", "").lower()


def _header_fields(block: bytes) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in block.decode("utf-8", "replace").split("\r\n")[1:]:
        name, sep, value = line.partition(":")
        if sep:
            fields.setdefault(name.strip().lower(), value.strip())
    return fields


class _Stream:
    """A byte stream with look-ahead over one segment: a gzip member (decompressed) or a plain file."""

    def __init__(self, handle: BinaryIO, compressed: bool, start: int) -> None:
        self.handle = handle
        self.start = start  # file offset where this segment began
        self.buffer = bytearray()
        self.eof = False
        self.consumed = 0  # bytes handed out or dropped (plain files: start + consumed is the file offset)
        self.next_member: int | None = None  # file offset of the member after this one
        self.empty = True  # nothing at all was read: a clean end of the file
        self._d = zlib.decompressobj(zlib.MAX_WBITS | 16) if compressed else None
        self._raw_pos = start
        handle.seek(start)

    def _fill(self, want: int) -> None:
        while len(self.buffer) < want and not self.eof:
            raw = self.handle.read(CHUNK)
            if self._d is None:
                self.eof = not raw
                self.buffer += raw
                self.empty = self.empty and not raw
                continue
            if not raw:
                self.eof = True
                if not self.empty and not self._d.eof:
                    raise _Broken("the gzip member is truncated (the file ends inside it)")
                break
            self.empty = False
            try:
                out = self._d.decompress(raw)
            except zlib.error as e:
                raise _Broken(f"the gzip member is corrupt ({e})") from None
            self.buffer += out
            if self._d.eof:
                used = len(raw) - len(self._d.unused_data)
                self.next_member = self._raw_pos + used
                self.eof = True
            self._raw_pos += len(raw)

    def _drop(self, n: int) -> None:
        del self.buffer[:n]
        self.consumed += n

    def peek(self, n: int) -> bytes:
        self._fill(n)
        return bytes(self.buffer[:n])

    def read_until(self, delimiter: bytes, limit: int) -> bytes | None:
        """Bytes up to and including the delimiter; None at a clean end; _Broken past the limit."""
        self._fill(1)
        while True:
            at = self.buffer.find(delimiter)
            if at >= 0:
                out = bytes(self.buffer[:at + len(delimiter)])
                self._drop(at + len(delimiter))
                return out
            if len(self.buffer) > limit:
                raise _Broken("the record has a header longer than 64 KiB, or one that never ends")
            if self.eof:
                if self.buffer.strip():
                    raise _Broken("the record is cut off inside its header")
                self._drop(len(self.buffer))
                return None
            self._fill(len(self.buffer) + CHUNK)

    def read(self, n: int, keep: bool) -> tuple[bytes, int]:
        """Up to n bytes (kept only if `keep`), and how many there were."""
        kept = bytearray()
        got = 0
        while got < n:
            if not self.buffer:
                self._fill(min(CHUNK, n - got))
                if not self.buffer:
                    break
            take = min(n - got, len(self.buffer))
            if keep:
                kept += self.buffer[:take]
            self._drop(take)
            got += take
        return bytes(kept), got

    def skip_to_record_start(self) -> bool:
        """Drop bytes up to the next line that starts a WARC record (uncompressed archives); False at the end."""
        self._fill(1)
        while True:
            match = _RECORD_START.search(self.buffer)
            if match:
                self._drop(match.start(1))
                return True
            if self.eof:
                self._drop(len(self.buffer))
                return False
            self._drop(max(0, len(self.buffer) - 16))
            self._fill(len(self.buffer) + CHUNK)


def _find_member(handle: BinaryIO, start: int) -> int | None:
    """The file offset of the next gzip member signature at or after `start`."""
    handle.seek(start)
    carry = b""
    position = start
    while True:
        chunk = handle.read(CHUNK)
        if not chunk:
            return None
        data = carry + chunk
        at = data.find(GZIP_MAGIC)
        if at >= 0:
            return position - len(carry) + at
        carry = data[-(len(GZIP_MAGIC) - 1):]
        position += len(chunk)


def _next_record(stream: _Stream, limits: Limits) -> tuple[dict[str, str], bytes | None, int, int] | None:
    """Frame one record: (header fields, record bytes or None, block length, header length); None at the end."""
    header = stream.read_until(b"\r\n\r\n", MAX_HEADER)
    if header is None:
        return None
    if not header.startswith(b"WARC/"):
        raise _Broken("the record does not start with a WARC/1.x line")
    fields = _header_fields(header)
    match = _LENGTH.search(header)
    if match is None:
        raise _Broken("the record has no Content-Length")
    length = int(match.group(1))
    keep = fields.get("warc-type", "").lower() == "response" and length <= limits.max_bytes
    block, got = stream.read(length, keep)
    if got < length:
        raise _Broken(f"the record holds {got:,} bytes where its Content-Length says {length:,} "
                      "(a truncated record or a wrong length)")
    if stream.peek(4) != b"\r\n\r\n":
        raise _Broken(f"the record does not end where its Content-Length ({length:,}) says (a wrong length)")
    stream.read(4, False)
    return fields, (header + block + b"\r\n\r\n" if keep else None), length, len(header)


def raw_records(path: Path, limits: Limits, *, offset: int = 0, first_number: int = 1,
                stop_offset: int | None = None) -> Iterator[RawRecord]:
    """The archive's records from `offset` (a record or member start) up to `stop_offset`, each framed alone."""
    compressed = path.name.lower().endswith(".gz")
    number = first_number
    with path.open("rb") as handle:
        if compressed and offset == 0 and handle.read(2) not in (b"\x1f\x8b", b""):
            raise InputError(path, "is named .gz but is not gzip-compressed")
        if compressed:
            position: int | None = offset
            while position is not None and (stop_offset is None or position < stop_offset):
                stream = _Stream(handle, True, position)
                try:
                    while (framed := _next_record(stream, limits)) is not None:
                        fields, data, length, _ = framed
                        yield RawRecord(number, position, fields, data, length)
                        number += 1
                except _Broken as e:
                    yield RawRecord(number, position, {}, None, 0, str(e))
                    number += 1
                    position = stream.next_member or _find_member(handle, position + 1)
                    continue
                position = stream.next_member
            return
        stream = _Stream(handle, False, offset)
        while True:
            at = offset + stream.consumed
            if stop_offset is not None and at >= stop_offset:
                return
            try:
                framed = _next_record(stream, limits)
            except _Broken as e:
                yield RawRecord(number, at, {}, None, 0, str(e))
                number += 1
                # read on from just after the damaged record's first line, so a wrong length swallows nothing
                stream = _Stream(handle, False, at + 5)
                offset = at + 5
                if not stream.skip_to_record_start():
                    return
                continue
            if framed is None:
                return
            fields, data, length, _ = framed
            yield RawRecord(number, at, fields, data, length)
            number += 1


# ---------------------------------------------------------------- records to articles

@dataclass
class _Payload:
    status: int | None
    content_type: str | None
    charset: str | None
    language: str | None
    body: bytes


def _parse_response(data: bytes) -> _Payload:
    """fastwarc's parse of one response record: HTTP status, headers and the decoded payload."""
    from fastwarc.warc import ArchiveIterator

    for record in ArchiveIterator(io.BytesIO(data), parse_http=True, auto_decode="all", fsspec_args=False):
        if not record.is_http:
            return _Payload(None, None, None, None, record.reader.read())
        headers = record.http_headers
        body = record.reader.read()
        return _Payload(headers.status_code, record.http_content_type, record.http_charset,
                        headers.get("Content-Language"), body)
    raise _Broken("fastwarc could not parse the record")


def read_warc(path: Path, source: str, folder: str, location: str, limits: Limits, *, offset: int = 0,
              first_number: int = 1, stop_offset: int | None = None) -> Iterator[SourceText | InputError | Skipped]:
    """Articles from an archive's HTML responses; every other record is a Skipped with its kind."""
    from newsld.sources.html import HTML_MEDIA_TYPES, read_page

    for raw in raw_records(path, limits, offset=offset, first_number=first_number, stop_offset=stop_offset):
        uri = raw.header.get("warc-target-uri")
        where = f"{source}#{raw.number}" + (f" ({uri})" if uri else "")
        if raw.error is not None:
            yield InputError(where, f"{raw.error}; the record is skipped")
            continue
        if raw.type != "response":
            yield Skipped(where, f"{raw.type or 'untyped'} record")
            continue
        record_id = raw.header.get("warc-record-id")
        if raw.data is None:
            yield InputError(where, f"the record is {raw.length:,} bytes; newsld reads records up to "
                             f"{limits.max_bytes:,} bytes (raise it with --max-bytes)")
            continue
        try:
            payload = _parse_response(raw.data)
        except (_Broken, OSError, ValueError) as e:
            yield InputError(where, f"the HTTP response cannot be read ({e})")
            continue
        if payload.status is not None and not 200 <= payload.status < 300:
            yield Skipped(where, f"HTTP {payload.status} response")
            continue
        content_type = (payload.content_type or "").lower() or None
        if content_type is None and payload.body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
            content_type = "text/html"
        if content_type not in HTML_MEDIA_TYPES:
            yield Skipped(where, f"{content_type or 'untyped'} response")
            continue
        if not payload.body.strip():
            yield InputError(where, "the HTML response is empty")
            continue
        name = record_name(raw.number, url_label(uri))
        try:
            yield read_page(payload.body, where, f"{folder}/{name}", location, limits, url=uri,
                            transport_charset=payload.charset, record_id=record_id,
                            record_date=raw.header.get("warc-date"), language=payload.language)
        except InputError as e:
            yield e


def record_offsets(path: Path, every: int, limits: Limits) -> list[tuple[int, int]]:
    """(record number, file offset) of every `every`-th record start, for splitting an archive into ranges."""
    marks: list[tuple[int, int]] = []
    for count, raw in enumerate(raw_records(path, Limits(max_bytes=0, max_chars=limits.max_chars))):
        if count % every == 0 and (not marks or raw.offset > marks[-1][1]):
            marks.append((raw.number, raw.offset))
    return marks
