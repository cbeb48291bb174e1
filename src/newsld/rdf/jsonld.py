"""Build the compact JSON-LD document (data model 1.0) of an Article directly (no JSON-LD processor on this path).

Every node gets an IRI under the article IRI, and states the schema.org (or PROV) classes its
consumers look for beside the nld: ones, so a plain JSON-LD expansion, without RDFS reasoning,
already says `schema:NewsArticle`, `schema:Person`, `schema:Claim`, ...
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from newsld.model import Actor, Article, Claim, Figure, Mention, Number, SourceDocument, Span
from newsld.resources import CONTEXT_URL, context_document

ARTICLE_TYPES = ["Article", "schema:NewsArticle"]
ACTOR_TYPES = {
    "Person": ["Actor", "Person", "schema:Person"],
    "Organization": ["Actor", "Organization", "schema:Organization"],
    "Place": ["Actor", "Place", "schema:Place"],
    "Group": ["Actor", "Group"],
}
CLAIM_TYPES = ["Claim", "schema:Claim"]


def decimal_json(value: Number) -> str:
    """An exact decimal for a JSON-LD term coerced to xsd:decimal, as its lexical form ("8000", "1.6").

    Always a string: JSON-LD turns a JSON fraction into an xsd:double, JSON readers lose digits past
    2**53, and some JSON-LD parsers (rdflib's) keep a coerced JSON integer as an ill-typed literal."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not exact.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    if exact == exact.to_integral_value():
        return format(exact.to_integral_value(), "f")
    return format(exact.normalize(), "f")


def confidence_json(value: float) -> str:
    """A confidence in [0, 1] as an xsd:decimal string with at most three digits ("0.85")."""
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"confidence {value!r} is outside [0, 1]")
    text = f"{value:.3f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and value != () and value != []:
        out[key] = list(value) if isinstance(value, tuple) else value


class _Writer:
    """Writes the nodes of one article; every node IRI is minted under the article IRI."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.iri = article.iri

    def span(self, span: Span, kind: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"id": span.iri(self.iri), "type": "TextSpan"}
        if kind is not None:
            out["kind"] = kind
        out.update(start=span.start, end=span.end, exact=span.exact)
        _put(out, "prefix", span.prefix)
        _put(out, "suffix", span.suffix)
        return out

    def mention(self, mention: Mention) -> dict[str, Any]:
        return self.span(mention.span, mention.kind)

    @staticmethod
    def scored(out: dict[str, Any], confidence: float | None, found_by: str | None) -> None:
        if confidence is not None:
            out["confidence"] = confidence_json(confidence)
        _put(out, "foundBy", found_by)

    def actor(self, actor: Actor) -> dict[str, Any]:
        types = list(ACTOR_TYPES[actor.type])
        if actor.unnamed:
            types.insert(2, "UnnamedActor")
        out: dict[str, Any] = {"id": actor.iri, "type": types, "name": actor.name}
        _put(out, "nameKey", actor.name_key)
        _put(out, "alternateName", actor.alternate_names)
        _put(out, "role", actor.roles)
        _put(out, "sameAs", actor.same_as)
        self.scored(out, actor.confidence, actor.found_by)
        _put(out, "mentions", [self.mention(m) for m in actor.mentions])
        return out

    def claim(self, claim: Claim) -> dict[str, Any]:
        out: dict[str, Any] = {"id": claim.iri, "type": CLAIM_TYPES}
        if claim.claimant is not None:
            out["claimant"] = claim.claimant
            out["author"] = [claim.claimant]
        if claim.claimant_mention is not None:  # written out in full, so the link never dangles
            out["claimantMention"] = self.span(claim.claimant_mention)
        _put(out, "cue", claim.cue)
        _put(out, "cueText", claim.cue_text)
        if claim.cue_span is not None:
            out["cueSpan"] = self.span(claim.cue_span)
        out["content"] = claim.content
        out["isQuotation"] = claim.is_quotation
        out["evidence"] = self.span(claim.evidence)
        out["appearance"] = self.iri
        _put(out, "about", claim.about)
        self.scored(out, claim.confidence, claim.found_by)
        return out

    def figure(self, figure: Figure) -> dict[str, Any]:
        kind = "schema:MonetaryAmount" if figure.currency else "schema:QuantitativeValue"
        out: dict[str, Any] = {"id": figure.iri, "type": ["Figure", kind]}
        for key, number in (("value", figure.value), ("minValue", figure.min_value),
                            ("maxValue", figure.max_value)):
            if number is not None:
                out[key] = decimal_json(number)
        out["qualifier"] = figure.qualifier
        _put(out, "unitText", figure.unit)
        _put(out, "unitCode", figure.unit_code)
        _put(out, "currency", figure.currency)
        _put(out, "countedPhrase", figure.counted_phrase)
        _put(out, "reportedBy", figure.reported_by)
        _put(out, "inClaim", figure.in_claim)
        _put(out, "place", figure.place)
        _put(out, "timeText", figure.time_text)
        out["evidence"] = self.span(figure.evidence)
        _put(out, "about", figure.about)
        self.scored(out, figure.confidence, figure.found_by)
        return out

    def source(self, source: SourceDocument) -> dict[str, Any]:
        out: dict[str, Any] = {"id": f"{self.iri}#source", "type": "SourceDocument", "location": source.location}
        _put(out, "sha256", source.sha256)
        _put(out, "encodingFormat", source.media_type)
        _put(out, "url", source.url)
        _put(out, "recordId", source.record_id)
        _put(out, "recordDate", source.record_date)
        _put(out, "contentFrom", source.content_from)
        return out

    def document(self, context: str) -> dict[str, Any]:
        article = self.article
        ctx: Any = CONTEXT_URL if context == "url" else context_document()["@context"]
        out: dict[str, Any] = {"@context": ctx, "id": self.iri, "type": ARTICLE_TYPES}
        _put(out, "headline", article.headline)
        if article.date_published is not None:
            key = "dateTimePublished" if "T" in article.date_published else "datePublished"
            out[key] = article.date_published
        _put(out, "url", article.url)
        if article.publisher is not None:
            out["publisher"] = self.actor(article.publisher)
        _put(out, "author", [self.actor(a) for a in article.authors])
        _put(out, "inLanguage", article.language)
        if article.include_text:
            out["articleBody"] = article.text
        out["textSha256"] = article.text_sha256
        _put(out, "actors", [self.actor(a) for a in article.actors])
        _put(out, "claims", [self.claim(c) for c in article.claims])
        _put(out, "figures", [self.figure(f) for f in article.figures])
        p = article.provenance
        if p is not None:
            activity: dict[str, Any] = {
                "id": f"{self.iri}#extraction", "type": "Extraction",
                "agent": {"id": f"{self.iri}#software", "type": "Software", "name": p.software, "version": p.version}}
            if p.model:
                activity["model"] = {"id": f"{self.iri}#model", "type": "Model", "name": p.model}
                _put(activity["model"], "version", p.model_version)
            out["generatedBy"] = activity
            if p.source is not None:
                out["derivedFrom"] = self.source(p.source)
        return out


CONTEXT_CHOICES = ("url", "inline")


def article_document(article: Article, *, context: str = "url") -> dict[str, Any]:
    """The canonical compact JSON-LD document (keys in a fixed order, so output is deterministic).

    `context="url"` refers to the published context URL (served from the bundled file, never
    fetched); `context="inline"` writes the context into the document for tools that cannot be
    given a document loader."""
    if context not in CONTEXT_CHOICES:
        raise ValueError(f"context must be one of {CONTEXT_CHOICES}, not {context!r}")
    return _Writer(article).document(context)


def dumps(doc: dict[str, Any]) -> str:
    """JSON text of a document: one top-level key per line and one actor, claim or figure per line.

    Readable, diff-friendly, and fast: each line is written by the C JSON encoder (an indented dump
    goes through the pure-Python one and costs more than the rest of writing an article)."""
    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    lines = []
    for key, value in doc.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            items = ",\n".join(f"    {compact(v)}" for v in value)
            lines.append(f"  {compact(key)}: [\n{items}\n  ]")
        else:
            lines.append(f"  {compact(key)}: {compact(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"
