"""Keep only what extraction is sure enough of: drop actors, claims and figures below a confidence.

Links stay consistent: a claim or figure that pointed to a dropped actor loses that link (its
claimant, reporter, place or an `about` entry), a figure whose claim is dropped loses `inClaim`
and its reporter, and an actor that a kept claim names as its claimant is kept whatever its own
confidence, so "who said it" is never lost from a claim that passes the bar.
"""

from __future__ import annotations

from dataclasses import replace

from newsld.errors import UsageError
from newsld.model import Article


def check_threshold(threshold: float) -> float:
    """The threshold itself, or a UsageError when it is not within [0, 1]."""
    if not 0.0 <= threshold <= 1.0:
        raise UsageError(f"--min-confidence must be between 0 and 1, not {threshold:g}")
    return threshold


def above(article: Article, threshold: float) -> Article:
    """The article with every actor, claim and figure whose confidence is below `threshold` left out.

    Items without a confidence (hand-annotated data) are kept."""
    check_threshold(threshold)
    if threshold <= 0.0:
        return article

    def passes(confidence: float | None) -> bool:
        return confidence is None or confidence >= threshold

    claims = [c for c in article.claims if passes(c.confidence)]
    claimants = {c.claimant for c in claims if c.claimant}
    actors = tuple(a for a in article.actors if passes(a.confidence) or a.iri in claimants)
    kept = {a.iri for a in actors} | {a.iri for a in article.authors}
    if article.publisher is not None:
        kept.add(article.publisher.iri)
    kept_claims = {c.iri for c in claims}

    def known(iri: str | None) -> str | None:
        return iri if iri in kept else None

    figures = []
    for f in article.figures:
        if not passes(f.confidence):
            continue
        in_claim = f.in_claim if f.in_claim in kept_claims else None
        reporter = known(f.reported_by) if f.in_claim is None or in_claim else None  # its claim's claimant
        figures.append(replace(f, in_claim=in_claim, reported_by=reporter,
                               place=known(f.place), about=tuple(a for a in f.about if a in kept)))
    return replace(article, actors=actors,
                   claims=tuple(replace(c, about=tuple(a for a in c.about if a in kept)) for c in claims),
                   figures=tuple(figures))
