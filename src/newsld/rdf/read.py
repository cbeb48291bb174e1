"""Read newsld data back into model objects: a compact JSON-LD document, or the triples of an RDF graph.

The JSON-LD reader keeps the order of every list, so `article_document` followed by
`article_from_document` gives back an equal Article. An RDF graph has no order: its reader
puts actors in the order of their first mention, claims and figures in the order of their
number (`#claim-2` before `#claim-10`), mentions by offset, and names, roles and links sorted.
Both readers expect valid newsld data (validate first); what they cannot read is an InputError.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from newsld.errors import InputError
from newsld.model import (
    ACTOR_TYPES,
    MENTION_KINDS,
    Actor,
    Article,
    Claim,
    Figure,
    Mention,
    Number,
    Provenance,
    SourceDocument,
    Span,
)

NLD = "https://w3id.org/newsld/vocab#"
SDO = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_EXTENSIONS = {".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig"}


class _Unreadable(Exception):
    """Raised inside the readers for a value that is not what data model 1.0 writes there."""


def number(value: Any) -> Number:
    """A figure value from its JSON-LD or RDF lexical form: an int when integral, else an exact Decimal."""
    if isinstance(value, bool):
        raise _Unreadable(f"{value!r} is not a number")
    if isinstance(value, int):
        return value
    try:
        exact = Decimal(str(value))
    except InvalidOperation:
        raise _Unreadable(f"{value!r} is not a decimal number") from None
    if not exact.is_finite():
        raise _Unreadable(f"{value!r} is not a finite number")
    return int(exact) if exact == exact.to_integral_value() else exact


def _confidence(value: Any) -> float | None:
    return None if value is None else float(value)


def _tuple(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def _types(obj: dict[str, Any]) -> list[str]:
    value = obj.get("type", [])
    return list(value) if isinstance(value, list) else [value]


# ---------------------------------------------------------------- compact JSON-LD

def _span(obj: Any) -> Span:
    if not isinstance(obj, dict):
        raise _Unreadable(f"a text span must be an object, found {obj!r}")
    return Span(int(obj["start"]), int(obj["end"]), str(obj["exact"]), obj.get("prefix"), obj.get("suffix"))


def _actor(obj: dict[str, Any]) -> Actor:
    types = _types(obj)
    kind = next((t for t in ACTOR_TYPES if t in types), None)
    if kind is None:
        raise _Unreadable(f"actor {obj.get('id')!r} has none of the types {', '.join(ACTOR_TYPES)}")
    mentions = []
    for m in obj.get("mentions", []):
        mention_kind = m.get("kind", "NameMention")
        if mention_kind not in MENTION_KINDS:
            raise _Unreadable(f"unknown mention kind {mention_kind!r}")
        mentions.append(Mention(_span(m), mention_kind))
    return Actor(str(obj["id"]), kind, str(obj["name"]), _tuple(obj.get("alternateName")), _tuple(obj.get("role")),
                 _tuple(obj.get("sameAs")), tuple(mentions), unnamed="UnnamedActor" in types,
                 confidence=_confidence(obj.get("confidence")), found_by=obj.get("foundBy"))


def _claim(obj: dict[str, Any]) -> Claim:
    mention = obj.get("claimantMention")
    cue_span = obj.get("cueSpan")
    return Claim(str(obj["id"]), str(obj["content"]), bool(obj["isQuotation"]), _span(obj["evidence"]),
                 obj.get("claimant"), obj.get("cue"), obj.get("cueText"), _tuple(obj.get("about")),
                 claimant_mention=None if mention is None else _span(mention),
                 cue_span=None if cue_span is None else _span(cue_span),
                 confidence=_confidence(obj.get("confidence")), found_by=obj.get("foundBy"))


def _figure(obj: dict[str, Any]) -> Figure:
    def num(key: str) -> Number | None:
        return None if obj.get(key) is None else number(obj[key])

    return Figure(str(obj["id"]), _span(obj["evidence"]), str(obj.get("qualifier", "Exact")), num("value"),
                  num("minValue"), num("maxValue"), obj.get("unitText"), obj.get("countedPhrase"),
                  obj.get("reportedBy"), obj.get("inClaim"), obj.get("place"), obj.get("timeText"),
                  _tuple(obj.get("about")), currency=obj.get("currency"), unit_code=obj.get("unitCode"),
                  confidence=_confidence(obj.get("confidence")), found_by=obj.get("foundBy"))


def _provenance(doc: dict[str, Any]) -> Provenance | None:
    activity = doc.get("generatedBy")
    source = doc.get("derivedFrom")
    if activity is None and source is None:
        return None
    agent = (activity or {}).get("agent") or {}
    model = (activity or {}).get("model") or {}
    document = None
    if source is not None:
        document = SourceDocument(str(source["location"]), source.get("sha256"), source.get("encodingFormat"),
                                  source.get("url"), source.get("recordId"), source.get("recordDate"),
                                  source.get("contentFrom"))
    return Provenance(str(agent.get("name", "")), str(agent.get("version", "")), model.get("name"),
                      model.get("version"), document)


def article_from_document(doc: dict[str, Any], source: str = "<document>") -> Article:
    """The model Article of a compact newsld 1.0 JSON-LD document (as `article_document` writes it)."""
    from newsld.rdf.context import check_context

    if not isinstance(doc, dict):
        raise InputError(source, f"expected a newsld document (a JSON object), found {type(doc).__name__}")
    check_context(doc.get("@context"), source)
    if "Article" not in _types(doc):
        raise InputError(source, "is not a newsld article: its type does not include \"Article\"")
    text = doc.get("articleBody")
    if not isinstance(text, str):
        raise InputError(source, "has no articleBody (it was converted with --no-text), so its spans cannot be "
                         "shown in context; convert the article again without --no-text")
    try:
        publisher = doc.get("publisher")
        return Article(
            str(doc["id"]), text, headline=doc.get("headline"),
            date_published=doc.get("datePublished", doc.get("dateTimePublished")), url=doc.get("url"),
            publisher=None if publisher is None else _actor(publisher), language=doc.get("inLanguage"),
            actors=tuple(_actor(a) for a in doc.get("actors", [])),
            claims=tuple(_claim(c) for c in doc.get("claims", [])),
            figures=tuple(_figure(f) for f in doc.get("figures", [])),
            provenance=_provenance(doc), authors=tuple(_actor(a) for a in doc.get("author", [])))
    except KeyError as e:
        raise InputError(source, f"is not a newsld 1.0 document: a required key {e} is missing "
                         "(run 'newsld validate' on it)") from None
    except (_Unreadable, TypeError, ValueError, AttributeError) as e:
        raise InputError(source, f"is not a newsld 1.0 document: {e} (run 'newsld validate' on it)") from None


# ---------------------------------------------------------------- RDF graphs

class _Graph:
    """Triples indexed by subject and predicate; terms are pyoxigraph terms (or anything with `.value`)."""

    def __init__(self, triples: Iterable[tuple[Any, Any, Any]]) -> None:
        self.props: dict[str, dict[str, list[Any]]] = {}
        for s, p, o in triples:
            self.props.setdefault(s.value, {}).setdefault(p.value, []).append(o)

    def all(self, node: str, predicate: str) -> list[Any]:
        return self.props.get(node, {}).get(predicate, [])

    def values(self, node: str, predicate: str) -> list[str]:
        return [o.value for o in self.all(node, predicate)]

    def one(self, node: str, predicate: str) -> str | None:
        found = self.values(node, predicate)
        if len(found) > 1 and len(set(found)) > 1:
            raise _Unreadable(f"<{node}> has {len(found)} values for <{predicate}>, newsld writes one")
        return found[0] if found else None

    def need(self, node: str, predicate: str) -> str:
        value = self.one(node, predicate)
        if value is None:
            raise _Unreadable(f"<{node}> has no <{predicate}>")
        return value

    def types(self, node: str) -> set[str]:
        return set(self.values(node, RDF_TYPE))


def _ordinal(iri: str) -> tuple[int, str]:
    match = re.search(r"-(\d+)$", iri)
    return (int(match.group(1)) if match else 0, iri)


class _GraphReader:
    def __init__(self, graph: _Graph) -> None:
        self.g = graph

    def span(self, node: str) -> Span:
        g = self.g
        return Span(int(g.need(node, OA + "start")), int(g.need(node, OA + "end")), g.need(node, OA + "exact"),
                    g.one(node, OA + "prefix"), g.one(node, OA + "suffix"))

    def scored(self, node: str) -> tuple[float | None, str | None]:
        value = self.g.one(node, NLD + "confidence")
        return (None if value is None else float(value)), self.g.one(node, NLD + "foundBy")

    def actor(self, node: str) -> Actor:
        g = self.g
        types = g.types(node)
        kind = next((t for t in ACTOR_TYPES if NLD + t in types), None)
        if kind is None:
            raise _Unreadable(f"actor <{node}> has none of the types nld:{', nld:'.join(ACTOR_TYPES)}")
        mentions = []
        for span_node in g.values(node, NLD + "mention"):
            mention_kind = (g.one(span_node, NLD + "mentionKind") or NLD + "NameMention").removeprefix(NLD)
            if mention_kind not in MENTION_KINDS:
                raise _Unreadable(f"unknown mention kind {mention_kind!r}")
            mentions.append(Mention(self.span(span_node), mention_kind))
        mentions.sort(key=lambda m: (m.span.start, m.span.end))
        confidence, found_by = self.scored(node)
        return Actor(node, kind, g.need(node, SDO + "name"), tuple(sorted(g.values(node, SDO + "alternateName"))),
                     tuple(sorted(g.values(node, NLD + "role"))), tuple(sorted(g.values(node, SDO + "sameAs"))),
                     tuple(mentions), unnamed=NLD + "UnnamedActor" in types, confidence=confidence,
                     found_by=found_by)

    def claim(self, node: str) -> Claim:
        g = self.g
        mention = g.one(node, NLD + "claimantMention")
        cue_span = g.one(node, NLD + "cueSpan")
        quotation = g.need(node, NLD + "isQuotation")
        confidence, found_by = self.scored(node)
        return Claim(node, g.need(node, SDO + "text"), quotation in ("true", "1"),
                     self.span(g.need(node, NLD + "evidence")), g.one(node, NLD + "claimant"),
                     g.one(node, NLD + "cue"), g.one(node, NLD + "cueText"),
                     tuple(sorted(g.values(node, SDO + "about"))),
                     claimant_mention=None if mention is None else self.span(mention),
                     cue_span=None if cue_span is None else self.span(cue_span),
                     confidence=confidence, found_by=found_by)

    def figure(self, node: str) -> Figure:
        g = self.g

        def num(predicate: str) -> Number | None:
            value = g.one(node, predicate)
            return None if value is None else number(value)

        confidence, found_by = self.scored(node)
        return Figure(node, self.span(g.need(node, NLD + "evidence")),
                      (g.one(node, NLD + "qualifier") or NLD + "Exact").removeprefix(NLD), num(SDO + "value"),
                      num(SDO + "minValue"), num(SDO + "maxValue"), g.one(node, SDO + "unitText"),
                      g.one(node, NLD + "countedPhrase"), g.one(node, NLD + "reportedBy"),
                      g.one(node, NLD + "inClaim"), g.one(node, NLD + "place"), g.one(node, NLD + "timeText"),
                      tuple(sorted(g.values(node, SDO + "about"))), currency=g.one(node, SDO + "currency"),
                      unit_code=g.one(node, SDO + "unitCode"), confidence=confidence, found_by=found_by)

    def provenance(self, node: str) -> Provenance | None:
        g = self.g
        activity = g.one(node, PROV + "wasGeneratedBy")
        source_node = g.one(node, PROV + "wasDerivedFrom")
        if activity is None and source_node is None:
            return None
        agent = g.one(activity, PROV + "wasAssociatedWith") if activity else None
        model = g.one(activity, NLD + "usedModel") if activity else None
        source = None
        if source_node is not None:
            source = SourceDocument(g.need(source_node, NLD + "sourceLocation"), g.one(source_node, NLD + "sha256"),
                                    g.one(source_node, SDO + "encodingFormat"), g.one(source_node, SDO + "url"),
                                    g.one(source_node, NLD + "recordId"), g.one(source_node, NLD + "recordDate"),
                                    g.one(source_node, NLD + "contentFrom"))
        return Provenance(g.one(agent, SDO + "name") or "" if agent else "",
                          g.one(agent, SDO + "softwareVersion") or "" if agent else "",
                          g.one(model, SDO + "name") if model else None,
                          g.one(model, SDO + "softwareVersion") if model else None, source)

    def article(self, node: str) -> Article:
        g = self.g
        text = g.one(node, SDO + "articleBody")
        if text is None:
            raise _NoText()
        actors = [self.actor(a) for a in g.values(node, SDO + "mentions")]
        actors.sort(key=lambda a: (a.mentions[0].span.start if a.mentions else 1 << 62, a.iri))
        claims = sorted((self.claim(c) for c in g.values(node, NLD + "claim")), key=lambda c: _ordinal(c.iri))
        figures = sorted((self.figure(f) for f in g.values(node, NLD + "figure")), key=lambda f: _ordinal(f.iri))
        publisher = g.one(node, SDO + "publisher")
        # a claim's schema:author is its claimant; the article's authors are the ones it states itself
        authors = sorted((self.actor(a) for a in g.values(node, SDO + "author")), key=lambda a: a.iri)
        return Article(node, text, headline=g.one(node, SDO + "headline"),
                       date_published=g.one(node, SDO + "datePublished"), url=g.one(node, SDO + "url"),
                       publisher=None if publisher is None else self.actor(publisher),
                       language=g.one(node, SDO + "inLanguage"), actors=tuple(actors), claims=tuple(claims),
                       figures=tuple(figures), provenance=self.provenance(node), authors=tuple(authors))


class _NoText(Exception):
    pass


def articles_from_triples(triples: Iterable[tuple[Any, Any, Any]], source: str = "<graph>") -> list[Article]:
    """The Articles of an RDF graph (every node typed nld:Article), in IRI order."""
    graph = _Graph(triples)
    reader = _GraphReader(graph)
    out = []
    for node in sorted(n for n in graph.props if NLD + "Article" in graph.types(n)):
        try:
            out.append(reader.article(node))
        except _NoText:
            raise InputError(source, f"article <{node}> has no schema:articleBody (it was converted with "
                             "--no-text), so its spans cannot be shown in context; convert it again without "
                             "--no-text") from None
        except (_Unreadable, TypeError, ValueError) as e:
            raise InputError(source, f"is not newsld 1.0 data: {e} (run 'newsld validate' on it)") from None
    return out


def read_rdf_articles(data: bytes, source: str, fmt: str) -> list[Article]:
    """The Articles in RDF data (`fmt`: turtle, ntriples, nquads or trig); the graph names are ignored."""
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
    try:
        quads = ox.parse(data, format=formats[fmt])
        triples = [(q.subject, q.predicate, q.object) for q in quads]
    except SyntaxError as e:
        raise InputError(source, f"is not valid {fmt}: {e.msg}") from None
    articles = articles_from_triples(triples, source)
    if not articles:
        raise InputError(source, "holds no newsld article (no node typed nld:Article)")
    return articles


def iter_rdf_file(path: Path) -> Iterator[Article]:
    """The Articles of one RDF file, by its extension (.ttl, .nt, .nq, .trig)."""
    from newsld._textio import read_bytes

    fmt = RDF_EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(path, f"is not an RDF file newsld reads ({', '.join(sorted(RDF_EXTENSIONS))})")
    yield from read_rdf_articles(read_bytes(path), str(path), fmt)
