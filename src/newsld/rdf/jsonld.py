"""Build the compact JSON-LD document of an Article directly (no JSON-LD processor on this path)."""

from __future__ import annotations

import json
from typing import Any

from newsld.model import Actor, Article, Claim, Figure, Span
from newsld.resources import CONTEXT_URL


def _span(span: Span) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "TextSpan", "start": span.start, "end": span.end, "exact": span.exact}
    if span.prefix:
        out["prefix"] = span.prefix
    if span.suffix:
        out["suffix"] = span.suffix
    return out


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and value != () and value != []:
        out[key] = list(value) if isinstance(value, tuple) else value


def actor_node(actor: Actor) -> dict[str, Any]:
    out: dict[str, Any] = {"id": actor.iri, "type": actor.type, "name": actor.name}
    _put(out, "alternateName", actor.alternate_names)
    _put(out, "role", actor.roles)
    _put(out, "sameAs", actor.same_as)
    _put(out, "mentions", [_span(m.span) for m in actor.mentions])
    return out


def claim_node(claim: Claim) -> dict[str, Any]:
    out: dict[str, Any] = {"id": claim.iri, "type": "Claim"}
    _put(out, "claimant", claim.claimant)
    _put(out, "cue", claim.cue)
    _put(out, "cueText", claim.cue_text)
    out["content"] = claim.content
    out["isQuotation"] = claim.is_quotation
    out["evidence"] = _span(claim.evidence)
    _put(out, "about", claim.about)
    return out


def figure_node(figure: Figure) -> dict[str, Any]:
    out: dict[str, Any] = {"id": figure.iri, "type": "Figure"}
    _put(out, "value", figure.value)
    _put(out, "minValue", figure.min_value)
    _put(out, "maxValue", figure.max_value)
    out["qualifier"] = figure.qualifier
    _put(out, "unitText", figure.unit)
    _put(out, "countedPhrase", figure.counted_phrase)
    _put(out, "reportedBy", figure.reported_by)
    _put(out, "inClaim", figure.in_claim)
    _put(out, "place", figure.place)
    _put(out, "timeText", figure.time_text)
    out["evidence"] = _span(figure.evidence)
    _put(out, "about", figure.about)
    return out


def article_document(article: Article) -> dict[str, Any]:
    """The canonical compact JSON-LD document (keys in a fixed order, so output is deterministic)."""
    out: dict[str, Any] = {"@context": CONTEXT_URL, "id": article.iri, "type": "Article"}
    _put(out, "headline", article.headline)
    _put(out, "datePublished", article.date_published)
    _put(out, "url", article.url)
    if article.publisher is not None:
        out["publisher"] = actor_node(article.publisher)
    _put(out, "inLanguage", article.language)
    if article.include_text:
        out["articleBody"] = article.text
    out["textSha256"] = article.text_sha256
    _put(out, "actors", [actor_node(a) for a in article.actors])
    _put(out, "claims", [claim_node(c) for c in article.claims])
    _put(out, "figures", [figure_node(f) for f in article.figures])
    if article.provenance is not None:
        p = article.provenance
        activity: dict[str, Any] = {"type": "Extraction",
                                    "agent": {"type": "Software", "name": p.software, "version": p.version}}
        if p.model:
            activity["model"] = {"type": "Model", "name": p.model}
            _put(activity["model"], "version", p.model_version)
        out["generatedBy"] = activity
    return out


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
