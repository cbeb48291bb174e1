"""Text safe to show on a terminal: names from the file system or a server cannot move the cursor or hide text."""

from __future__ import annotations

import re

# C0 and C1 control characters (ESC starts the sequences that recolour, move or retitle a terminal), DEL,
# and the bidirectional overrides and isolates that can reorder what a line seems to say.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 in a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control, bidi-override and lone-surrogate character written as a visible escape."""
    return _UNSAFE.sub(_escape, text)
