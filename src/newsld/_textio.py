"""Reading input files safely: bytes to text and JSON, with one-line errors that name the file."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from newsld.errors import InputError

BOM = b"\xef\xbb\xbf"
# A \uD800-\uDBFF escape not followed by a low surrogate, or a low one not preceded by a high one.
_LONE_SURROGATE = re.compile(
    r"(?<!\\)(?:\\\\)*\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})(?<!\\)((?:\\\\)*)\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or an InputError saying why they cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, expected a file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as e:
        raise InputError(path, f"cannot be read: {e.strerror or e}") from e


def decode_utf8(data: bytes, source: str | Path, *, allow_bom: bool = False) -> str:
    """Strict UTF-8 decoding; a BOM is refused unless `allow_bom` (then it is stripped)."""
    if data.startswith(BOM):
        if not allow_bom:
            raise InputError(source, "starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM")
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(source, f"not valid UTF-8 at byte {e.start} (0x{data[e.start]:02x})") from None
    return text


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"number {text[:20]}... is too large for a double")
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(text: str, source: str | Path, *, line: int | None = None) -> Any:
    """Parse JSON text; every failure becomes an InputError naming the position and the problem."""
    where = f"line {line}: " if line is not None else ""
    try:
        value = json.loads(text, parse_float=_finite_float, parse_constant=_refuse_constant)
    except json.JSONDecodeError as e:
        position = f"column {e.colno}" if line is not None else f"line {e.lineno} column {e.colno}"
        raise InputError(source, f"{where}not valid JSON at {position}: {e.msg}") from None
    except RecursionError:
        raise InputError(source, f"{where}JSON is nested too deeply to read") from None
    except ValueError as e:
        message = str(e)
        if "digits" in message:
            message = "a number has more digits than newsld accepts (4300)"
        raise InputError(source, f"{where}{message}") from None
    if "\\u" in text:
        match = _LONE_SURROGATE.search(text)
        if match:
            line_no = text.count("\n", 0, match.start()) + 1
            escape = match.group(0).lstrip("\\")
            raise InputError(source, f"{where or f'line {line_no}: '}lone surrogate \\{escape} in a string; "
                             "it cannot be encoded as UTF-8")
    return value


def locate_pointer(text: str, pointer: str) -> tuple[int, int] | None:
    """Line and column (1-based) of the value at JSON `pointer` in `text`, or None if not found."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]] if pointer else []
    decoder = json.JSONDecoder()
    ws = re.compile(r"[ \t\n\r]*")
    pos = ws.match(text, 0).end()  # type: ignore[union-attr]
    for part in parts:
        if pos >= len(text):
            return None
        if text[pos] == "{":
            pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
            found = False
            while pos < len(text) and text[pos] != "}":
                key, pos = decoder.raw_decode(text, pos)
                pos = ws.match(text, pos).end() + 1  # type: ignore[union-attr]  # the colon
                pos = ws.match(text, pos).end()  # type: ignore[union-attr]
                if key == part:
                    found = True
                    break
                _, pos = decoder.raw_decode(text, pos)
                pos = ws.match(text, pos).end()  # type: ignore[union-attr]
                if text[pos] == ",":
                    pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
            if not found:
                return None
        elif text[pos] == "[":
            if not part.isdigit():
                return None
            pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
            for _ in range(int(part)):
                if text[pos] == "]":
                    return None
                _, pos = decoder.raw_decode(text, pos)
                pos = ws.match(text, pos).end() + 1  # type: ignore[union-attr]
                pos = ws.match(text, pos).end()  # type: ignore[union-attr]
        else:
            return None
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, column
