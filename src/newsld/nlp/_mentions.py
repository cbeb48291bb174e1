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
    _adapt_legacy_actors(doc)
    records: list[dict[str, Any]] = doc.user_data.get("newsld_actor_records") or doc._.newsld_actors or []
    return records


def name_spans(doc: Doc) -> list[Span]:
    """Every name mention, in text order."""
    _adapt_legacy_actors(doc)
    return sorted(doc.spans[NAMES], key=lambda s: (s.start, s.end)) if NAMES in doc.spans else []


def _adapt_legacy_actors(doc: Doc) -> None:
    """TEMPORARY bridge until `newsld_names` (nlp-core) writes the interface: build the names group
    and plain actor records from the clusters today's `newsld_actors` component leaves."""
    if NAMES in doc.spans or "newsld_actor_records" in doc.user_data:
        return
    clusters = doc._.newsld_actors if Doc.has_extension("newsld_actors") else None
    if not clusters or isinstance(clusters[0], dict):
        return
    records: list[dict[str, Any]] = []
    spans: list[Span] = []
    for k, cluster in enumerate(clusters):
        entry = cluster.entry
        records.append({"type": cluster.type, "name": cluster.name, "forms": cluster.forms, "roles": cluster.roles,
                        "wikidata": entry.wikidata if entry is not None else None, "confidence": 1.0,
                        "found_by": "name"})
        spans.extend(Span(doc, m.start, m.end, label=cluster.type, span_id=f"n{k}") for m in cluster.mentions)
    doc.spans[NAMES] = sorted(spans, key=lambda s: (s.start, s.end))
    doc.user_data["newsld_actor_records"] = records


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
