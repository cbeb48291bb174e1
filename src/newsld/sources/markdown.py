"""Markdown: YAML front matter read safely, and the body as plain text (CommonMark, markdown-it-py).

"The **mayor** said [3 roads](http://x) were shut" is analysed as "The mayor said 3 roads were shut":
emphasis, links and inline HTML are markup, not words. Blocks (paragraphs, headings, list items,
quotations, code) become paragraphs separated by a blank line; a soft line break inside a
paragraph is a space, a hard one a newline. Images are left out.
"""

from __future__ import annotations

from typing import Any

from newsld.errors import InputError

MAX_FRONT_MATTER = 64 * 1024  # bytes of YAML; front matter is a few lines of metadata


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
    block = text[4:end]
    if len(block) > MAX_FRONT_MATTER:
        raise InputError(source, f"front matter is {len(block):,} characters; the limit is {MAX_FRONT_MATTER:,}")
    return load_front_matter(block, source), text[end + 5:].lstrip("\n")


def load_front_matter(block: str, source: str) -> dict[str, Any]:
    """The front matter mapping. Every scalar stays a string (no date, number or sexagesimal typing, so
    '2025-02-30' or a 5,000-digit number is text to check, not a crash); aliases are refused, so an
    alias bomb cannot grow."""
    import yaml
    from yaml.events import AliasEvent

    class Loader(yaml.BaseLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(AliasEvent):
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise yaml.YAMLError(f"uses the alias *{event.anchor}; newsld refuses YAML aliases in front matter",
                                     ) from None
            return super().compose_node(parent, index)

    try:
        meta = yaml.load(block, Loader=Loader) or {}  # BaseLoader builds only str, list and dict
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e)
        raise InputError(source, f"front matter is not valid YAML{where}: {problem}") from None
    except RecursionError:
        raise InputError(source, "front matter is nested too deeply") from None
    if not isinstance(meta, dict):
        raise InputError(source, "front matter must be a mapping of keys to values")
    return meta


def markdown_text(body: str) -> str:
    """The plain text of a Markdown body: words only, one paragraph per block, blank lines between."""
    from markdown_it import MarkdownIt

    from newsld.sources.html import fragment_text

    tokens = MarkdownIt("commonmark").parse(body)
    paragraphs: list[str] = []
    for token in tokens:
        if token.type == "inline":
            paragraphs.append(_inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            paragraphs.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            paragraphs.append(fragment_text(token.content))
    cleaned = []
    for paragraph in paragraphs:
        lines = [" ".join(line.split()) for line in paragraph.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            cleaned.append(text)
    return "\n\n".join(cleaned) + ("\n" if cleaned else "")


def _inline_text(children: list[Any]) -> str:
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "html_inline":
            continue  # a tag; the words around it are the text
        elif child.children:
            out.append(_inline_text(child.children) if child.type != "image" else "")
    return "".join(out)
