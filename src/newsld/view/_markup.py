"""The article text as HTML with nested <mark> elements, built from the sorted span boundaries.

Spans may nest (a mention inside a claim) or cross (a figure that starts inside one claim and ends
after it). Nested spans become nested elements; a span that crosses the end of an enclosing one
is closed there and continued in a second element with the same `data-ref`, so the markup is
always well formed and the text of all elements of one span, joined, is the span's text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from newsld.view.spans import ROLES, Highlight


def check_spans(text: str, highlights: Sequence[Highlight]) -> None:
    """Refuse spans that do not quote the text: a page must never mark the wrong words."""
    for h in highlights:
        if not 0 <= h.start <= h.end <= len(text) or text[h.start:h.end] != h.exact:
            found = text[h.start:h.end] if 0 <= h.start <= h.end <= len(text) else "(outside the text)"
            raise ValueError(f"the {h.role} span {h.start}-{h.end} of <{h.item}> says {h.exact!r}, "
                             f"but the text there is {found!r}")


def mark_up(text: str, highlights: Sequence[Highlight], open_tag: Callable[[Highlight, bool], str],
            close_tag: str = "</mark>") -> str:
    """Escaped `text` with every non-empty highlight wrapped by `open_tag(h, first_part)` ... `close_tag`."""
    check_spans(text, highlights)
    spans = sorted((h for h in highlights if h.end > h.start),
                   key=lambda h: (h.start, -h.end, ROLES.index(h.role), h.key))
    starting: dict[int, list[Highlight]] = {}
    for h in spans:
        starting.setdefault(h.start, []).append(h)
    bounds = sorted({0, len(text), *(h.start for h in spans), *(h.end for h in spans)})
    stack: list[Highlight] = []
    out: list[str] = []
    for i, at in enumerate(bounds):
        ending = [n for n, h in enumerate(stack) if h.end == at]
        if ending:
            # close everything from the outermost span that ends here, then reopen what goes on
            popped = stack[ending[0]:]
            del stack[ending[0]:]
            out.extend(close_tag for _ in popped)
            for h in sorted((h for h in popped if h.end > at), key=lambda h: -h.end):
                out.append(open_tag(h, False))
                stack.append(h)
        for h in starting.get(at, []):
            out.append(open_tag(h, True))
            stack.append(h)
        if i + 1 < len(bounds):
            out.append(escape(text[at:bounds[i + 1]], quote=False))
    assert not stack, "every span ends inside the text"
    return "".join(out)
