"""Focus nodes named for a person: 'claim 3 of "Kyiv appeals…"', 'actor "Robert Wood"', not `_:b0` or a long IRI.

A finding's focus node is an IRI (newsld 1.0 data) or a blank node (other tools' data, whose labels
the parser makes up). Either way a person looks for the article's headline, the actor's name or
the position of the claim. The label is read from the data graph itself.
"""

from __future__ import annotations

import re

from newsld.validation.shacl import Graph, Literal, Term

NLD = "https://w3id.org/newsld/vocab#"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
ACTOR_TYPES = ("Person", "Organization", "Place", "Group")
SPAN_OWNERS = {NLD + "evidence": "evidence", NLD + "cueSpan": "cue", NLD + "mention": "mention",
               NLD + "claimantMention": "claimant mention"}
_NUMBERED = re.compile(r"#(claim|figure)-(\d+)$")
LONGEST = 50  # characters of a headline or name shown


def _text(graph: Graph, node: Term, predicate: str) -> str | None:
    for value in graph.objects(node, predicate):
        if type(value) is Literal:
            text = " ".join(value.value.split())
            return text if len(text) <= LONGEST else text[:LONGEST - 1] + "…"
    return None


def _int(graph: Graph, node: Term, predicate: str) -> int | None:
    for value in graph.objects(node, predicate):
        if type(value) is Literal:
            try:
                return int(value.value)
            except ValueError:
                return None
    return None


def _article_of(graph: Graph, node: Term, link: str) -> Term | None:
    """The article that lists `node` under `link` (nld:claim, nld:figure, schema:mentions)."""
    for article in graph.subjects(NLD + link if link != "mentions" else SCHEMA + "mentions", node):
        return article
    return graph.value(node, SCHEMA + "appearance")


def _of(graph: Graph, article: Term | None) -> str:
    if article is None:
        return ""
    headline = _text(graph, article, SCHEMA + "headline")
    return f' of "{headline}"' if headline else ""


def _number(graph: Graph, node: Term, kind: str, article: Term | None) -> int | None:
    """A claim's or figure's number: from its IRI (`#claim-3`), else its rank in the text by evidence start."""
    if type(node) is str:
        match = _NUMBERED.search(node)
        if match and match.group(1) == kind:
            return int(match.group(2))
    if article is None:
        return None
    siblings = list(graph.objects(article, NLD + kind))
    if node not in siblings:
        return None

    def start(item: Term) -> tuple[int, str]:
        span = graph.value(item, NLD + "evidence")
        begin = _int(graph, span, OA + "start") if span is not None else None
        return (begin if begin is not None else 1 << 62, str(item))

    return sorted(siblings, key=start).index(node) + 1


def label(graph: Graph, node: Term, *, depth: int = 0) -> str | None:
    """How a person would name `node`, or None when the graph says nothing that names it."""
    if type(node) is Literal:
        return None
    if graph.is_instance(node, NLD + "Article"):
        headline = _text(graph, node, SCHEMA + "headline")
        return f'article "{headline}"' if headline else None
    if graph.is_instance(node, NLD + "Actor"):
        name = _text(graph, node, SCHEMA + "name")
        kind = next((t.lower() for t in ACTOR_TYPES if graph.is_instance(node, NLD + t)), "actor")
        return f'{kind} "{name}"' if name else None
    for kind in ("claim", "figure"):
        if graph.is_instance(node, NLD + kind.capitalize()):
            article = _article_of(graph, node, kind)
            number = _number(graph, node, kind, article)
            return f"{kind}{f' {number}' if number is not None else ''}{_of(graph, article)}"
    if graph.is_instance(node, NLD + "TextSpan") or _int(graph, node, OA + "start") is not None:
        start, end = _int(graph, node, OA + "start"), _int(graph, node, OA + "end")
        exact = _text(graph, node, OA + "exact")
        said = "span" + (f" {start}–{end}" if start is not None and end is not None else "") + \
            (f' "{exact}"' if exact else "")
        if depth == 0:
            for predicate, role in SPAN_OWNERS.items():
                for owner in graph.subjects(predicate, node):
                    named = label(graph, owner, depth=1)
                    if named:
                        return f"{said}, {role} of {named}"
        return said
    return None
