"""Reading actor mentions through the NLP interface: the names group, the references group, actor records.

`newsld_names` writes `doc.spans["newsld_names"]` and `doc._.newsld_actors` (plain dicts);
`newsld_references` writes `doc.spans["newsld_references"]` and `doc._.newsld_unnamed`.
A `MentionIndex` answers "which actor does this token refer to, and through which mention?"
in constant time per token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

NAMES = "newsld_names"
REFERENCES = "newsld_references"


def named_actors(doc: Doc) -> list[dict[str, Any]]:
    """The named actors (index k is actor "n<k>"), as the names component recorded them."""
    records: list[dict[str, Any]] = doc._.newsld_actors or [] if Doc.has_extension("newsld_actors") else []
    return records


def name_spans(doc: Doc) -> list[Span]:
    """Every name mention, in text order."""
    return sorted(doc.spans[NAMES], key=lambda s: (s.start, s.end)) if NAMES in doc.spans else []


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an actor: token range, character range, actor id and kind."""

    start: int
    end: int
    start_char: int
    end_char: int
    actor: str
    kind: str  # NameMention, PronounMention, TitleMention, DescriptionMention


class MentionIndex:
    """Token index -> the mention covering it (names first, then references)."""

    def __init__(self, doc: Doc, *, references: bool = True) -> None:
        self._at: dict[int, Mention] = {}
        self._types = {f"n{k}": record["type"] for k, record in enumerate(named_actors(doc))}
        if Doc.has_extension("newsld_unnamed"):
            self._types.update({f"u{k}": record["type"] for k, record in enumerate(doc._.newsld_unnamed or [])})
        groups: list[tuple[list[Span], str | None]] = [(name_spans(doc), "NameMention")]
        if references and REFERENCES in doc.spans:
            groups.append((list(doc.spans[REFERENCES]), None))
        for spans, kind in groups:
            for span in spans:
                mention = Mention(span.start, span.end, span.start_char, span.end_char, span.id_,
                                  kind or span.label_)
                for i in range(span.start, span.end):
                    self._at.setdefault(i, mention)

    def at(self, i: int) -> Mention | None:
        return self._at.get(i)

    def type_of(self, actor: str) -> str | None:
        return self._types.get(actor)

    def add_span(self, span: Span, kind: str) -> None:
        mention = Mention(span.start, span.end, span.start_char, span.end_char, span.id_, kind)
        for i in range(span.start, span.end):
            self._at.setdefault(i, mention)


def phrase_name(head: Token, index: MentionIndex, accept: Callable[[Mention], bool]) -> Mention | None:
    """The name a descriptive phrase stands with: in apposition or compound ("his mother Vera Holt",
    "a woman, Vera Holt"), or closing the phrase with no preposition of its own ("Deputy Ambassador
    to the U.N. Robert Wood"; not "a friend of Vera Holt")."""
    core: list[Token] = []
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in ("compound", "appos", "flat", "amod", "nmod") and not any(
                    c.dep_ == "case" for c in child.children):
                core.append(child)
                stack.append(child)
    named = [m for t in core if (m := index.at(t.i)) is not None and m.kind == "NameMention" and accept(m)]
    doc = head.doc
    last = head.right_edge.i
    while last > head.i and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    closing = index.at(last) if last > head.i else None
    if closing is not None and closing.kind == "NameMention" and accept(closing) and closing.end == last + 1 \
            and closing.start > head.i and doc[closing.start - 1].pos_ not in ("ADP", "PART") \
            and not any(t.dep_ in ("relcl", "acl") for t in doc[head.i:closing.start]):
        named.append(closing)
    if not named:
        return None
    # a person before anything else ("U.S. Deputy Ambassador … Robert Wood" is Wood), then the nearest
    return min(named, key=lambda m: (index.type_of(m.actor) != "Person", m.start > head.i, abs(m.start - head.i)))
