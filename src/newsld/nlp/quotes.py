"""Quotation marks: where each quotation opens and closes, in one pass over the text.

Curly marks (“…”, „…“, «…»), straight double quotes and the ASCII pairs of wire and NYT copy
(''…'' and ``…'') are read alike: a mark's role comes from its context (a mark after a space and
before a word opens, a mark after a word and before a space or punctuation closes), its shape
only breaks ties. Quotations never cross a line break: a quotation still open at the end of a
paragraph runs to the paragraph's end (the news convention for a quotation over several
paragraphs, whose next paragraph opens with a fresh mark).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

MARKS = re.compile(r"''|``|[“”„«»\"]")
OPENERS = frozenset({"“", "„", "«", "``"})
CLOSERS = frozenset({"”", "»"})
OPEN_BEFORE = frozenset(" \t([{—–-/:;")  # characters a quotation can open after
CLOSE_AFTER = frozenset(" \t)]}.,;:!?—–-/…")  # characters that can follow a closing mark


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation: its marks' offsets and whether it was closed before the paragraph ended."""

    open: int  # offset of the opening mark
    start: int  # first character inside the marks
    end: int  # end of the inside: the closing mark's offset, or the paragraph's end
    close: int  # offset just after the closing mark (== end when unclosed)
    closed: bool


def find_quotes(text: str) -> list[Quote]:
    """Every quotation in `text`, in order; linear in the length of the text."""
    out: list[Quote] = []
    line_start = 0
    length = len(text)
    while line_start <= length:
        line_end = text.find("\n", line_start)
        if line_end < 0:
            line_end = length
        _line_quotes(text, line_start, line_end, out)
        line_start = line_end + 1
    return out


def _line_quotes(text: str, start: int, end: int, out: list[Quote]) -> None:
    opened: tuple[int, int] | None = None  # (offset, mark length)
    for match in MARKS.finditer(text, start, end):
        mark, at = match.group(), match.start()
        before = text[at - 1] if at > start else " "
        after = text[match.end()] if match.end() < end else " "
        can_open = (before in OPEN_BEFORE or before in OPENERS or before == "'") and not after.isspace()
        can_close = not before.isspace() and (after in CLOSE_AFTER or after in CLOSERS or after in "'\"")
        if mark in OPENERS and not (opened is not None and can_close and not can_open):
            role = "open"
        elif mark in CLOSERS:
            role = "close"
        elif can_open and not can_close:
            role = "open"
        elif can_close and not can_open:
            role = "close"
        else:
            role = "close" if opened is not None else ("open" if can_open or mark == '"' else "none")
        if role == "open" and opened is None:
            opened = (at, len(mark))
        elif role == "open":
            opened = (at, len(mark))  # a fresh opening mark: the one before never closed
        elif role == "close" and opened is not None:
            o, width = opened
            out.append(Quote(o, o + width, at, match.end(), True))
            opened = None
    if opened is not None:
        o, width = opened
        stop = end
        while stop > o + width and text[stop - 1].isspace():
            stop -= 1
        if stop > o + width:
            out.append(Quote(o, o + width, stop, stop, False))


class QuoteIndex:
    """The quotations of a text, searchable by offset in logarithmic time."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes
        self._opens = [q.open for q in quotes]

    def containing(self, offset: int) -> Quote | None:
        """The quotation whose marks enclose `offset`, if any."""
        k = bisect.bisect_right(self._opens, offset) - 1
        if k >= 0:
            q = self.quotes[k]
            if q.open <= offset < q.close:
                return q
        return None

    def inside(self, offset: int) -> bool:
        """Whether `offset` is between a quotation's marks (the marks themselves excluded)."""
        q = self.containing(offset)
        return q is not None and q.start <= offset < q.end

    def first_after(self, offset: int) -> Quote | None:
        """The first quotation that opens at or after `offset`."""
        k = bisect.bisect_left(self._opens, offset)
        return self.quotes[k] if k < len(self.quotes) else None
