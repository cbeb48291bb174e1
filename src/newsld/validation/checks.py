"""Checks SHACL cannot state: evidence spans must quote the article text they point into."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pyoxigraph as ox

from newsld.validation.shacl import DataGraph, Term

NLD = "https://w3id.org/newsld/vocab#"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
ARTICLE = NLD + "Article"


def _int(graph: DataGraph, node: Term, predicate: str) -> int | None:
    values = graph.values(node, predicate)
    if len(values) != 1 or not isinstance(values[0], ox.Literal):
        return None
    try:
        return int(values[0].value)
    except ValueError:
        return None


def text_findings(graph: DataGraph) -> Iterator[tuple[Term, str, str]]:
    """(focus node, path IRI, message) for every hash or span that disagrees with an article's text."""
    articles = [n for n, types in graph.types.items() if ARTICLE in types]
    for article in articles:
        bodies = graph.values(article, SCHEMA + "articleBody")
        if len(bodies) != 1 or not isinstance(bodies[0], ox.Literal):
            continue
        body = bodies[0].value
        for sha in graph.values(article, NLD + "textSha256"):
            digest = hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()
            if isinstance(sha, ox.Literal) and sha.value != digest:
                yield article, NLD + "textSha256", (
                    f"textSha256 {sha.value[:12]}… is not the SHA-256 of articleBody ({digest[:12]}…)")
        spans: list[tuple[Term, str, Term]] = []
        claim_spans = ("evidence", "cueSpan", "claimantMention")
        for link, kinds in ((NLD + "claim", claim_spans), (NLD + "figure", ("evidence",))):
            for item in graph.values(article, link):
                for kind in kinds:
                    for span in graph.values(item, NLD + kind):
                        spans.append((item, NLD + kind, span))
        # actors are article-scoped (data model 1.0): their mentions point into this article's text
        for link in (SCHEMA + "mentions", SCHEMA + "author", SCHEMA + "publisher"):
            for actor in graph.values(article, link):
                for span in graph.values(actor, NLD + "mention"):
                    spans.append((actor, NLD + "mention", span))
        for item, path, span in spans:
            start, end = _int(graph, span, OA + "start"), _int(graph, span, OA + "end")
            exacts = graph.values(span, OA + "exact")
            if start is None or end is None or len(exacts) != 1 or start > end:
                continue  # the shapes report these
            if end > len(body):
                yield item, path, f"span {start}–{end} ends past the article text ({len(body)} code points)"
                continue
            actual = body[start:end]
            if actual != exacts[0].value:
                yield item, path, (f"span {start}–{end} says {exacts[0].value[:40]!r} "
                                   f"but the article text there is {actual[:40]!r}")
