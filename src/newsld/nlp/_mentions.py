"""Reading actor mentions through the NLP interface: the names group, the references group, actor records.

`newsld_names` writes `doc.spans["newsld_names"]` and `doc._.newsld_actors` (plain dicts);
`newsld_references` writes `doc.spans["newsld_references"]` and `doc._.newsld_unnamed`.
A `MentionIndex` answers "which actor does this token refer to, and through which mention?"
in constant time per token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span

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

    def add_span(self, span: Span, kind: str) -> None:
        mention = Mention(span.start, span.end, span.start_char, span.end_char, span.id_, kind)
        for i in range(span.start, span.end):
            self._at.setdefault(i, mention)
