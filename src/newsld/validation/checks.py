"""Checks SHACL cannot state: an article's hash and every span must agree with the article's own text.

A span is checked against the article it belongs to: the article whose claims, figures, actors,
publisher or authors point to it. With data model 1.0 every one of those nodes is scoped to one
article, so a file or store holding many articles checks each span against its own article.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from newsld.validation.shacl import Graph, Literal, Term

NLD = "https://w3id.org/newsld/vocab#"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
ARTICLE = NLD + "Article"
# predicates from a claim, figure or actor to a span of its article's text
SPAN_LINKS = (NLD + "evidence", NLD + "cueSpan", NLD + "claimantMention", NLD + "mention")


def _int(graph: Graph, node: Term, predicate: str) -> int | None:
    values = list(graph.objects(node, predicate))
    if len(values) != 1 or type(values[0]) is not Literal:
        return None
    try:
        return int(values[0].value)
    except ValueError:
        return None


def text_findings(graph: Graph) -> Iterator[tuple[Term, str, str]]:
    """(focus node, path IRI, message) for every hash or span that disagrees with its article's text."""
    for article in graph.instances(ARTICLE):
        bodies = list(graph.objects(article, SCHEMA + "articleBody"))
        if len(bodies) != 1 or type(bodies[0]) is not Literal:
            continue  # no text to check against (or several, which the shapes report)
        body = bodies[0].value
        for sha in graph.objects(article, NLD + "textSha256"):
            digest = hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()
            if type(sha) is Literal and sha.value != digest:
                yield article, NLD + "textSha256", (
                    f"textSha256 {sha.value[:12]}… is not the SHA-256 of articleBody ({digest[:12]}…)")
        seen: set[tuple[Term, str, Term]] = set()
        for items in graph.spo.get(article, {}).values():
            for item in items:
                for link in SPAN_LINKS:
                    for span in graph.objects(item, link):
                        if (item, link, span) not in seen:
                            seen.add((item, link, span))
                            yield from _check_span(graph, body, item, link, span)
        for claim in graph.objects(article, NLD + "claim"):
            yield from _check_claimant_mention(graph, claim)


def _check_claimant_mention(graph: Graph, claim: Term) -> Iterator[tuple[Term, str, str]]:
    """A claim's claimant mention is one of its claimant's mentions: the place the claimant was read from."""
    mentions = list(graph.objects(claim, NLD + "claimantMention"))
    if not mentions:
        return
    claimants = list(graph.objects(claim, NLD + "claimant"))
    if len(claimants) != 1:
        yield claim, NLD + "claimantMention", "has a claimant mention but no single claimant"
        return
    own = set(graph.objects(claimants[0], NLD + "mention"))
    for span in mentions:
        if span not in own:
            start, end = _int(graph, span, OA + "start"), _int(graph, span, OA + "end")
            where = f" (the span {start}–{end})" if start is not None and end is not None else ""
            yield claim, NLD + "claimantMention", (f"its claimant mention{where} is not one of the mentions of "
                                                   "its claimant; point claimantMention at one of them")


def _check_span(graph: Graph, body: str, item: Term, link: str, span: Term) -> Iterator[tuple[Term, str, str]]:
    start, end = _int(graph, span, OA + "start"), _int(graph, span, OA + "end")
    exacts = list(graph.objects(span, OA + "exact"))
    if start is None or end is None or len(exacts) != 1 or type(exacts[0]) is not Literal or not 0 <= start <= end:
        return  # the shapes report these
    exact = exacts[0].value
    if end > len(body):
        yield item, link, f"span {start}–{end} ends past the article text ({len(body)} code points)"
        return
    actual = body[start:end]
    if actual != exact:
        yield item, link, f"span {start}–{end} says {exact[:40]!r} but the article text there is {actual[:40]!r}"
