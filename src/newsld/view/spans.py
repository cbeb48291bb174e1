"""Every stretch of an article's text that newsld marks: actor mentions, claim contents, figures, cues.

One list serves the review page, `Article.spans` and the browser tests, so what the page highlights
is exactly what the data says. Each highlight has a key that is unique within its article and safe
as an HTML id (the review page prefixes it when several articles share a page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsld.model import Actor, Article

ROLES = ("claim", "figure", "mention", "claimant-mention", "cue")  # outermost first when two spans coincide


@dataclass(frozen=True, slots=True)
class Highlight:
    """A marked span: what it is (`role`), what it belongs to (`item`, an IRI) and its text."""

    start: int
    end: int
    exact: str
    role: str  # "claim", "figure", "mention", "claimant-mention" (one not among the actor's mentions), "cue"
    item: str  # IRI of the actor (mentions) or of the claim or figure
    kind: str | None  # for mentions: NameMention, TitleMention, PronounMention or DescriptionMention
    key: str  # unique in the article, [A-Za-z0-9_-] only


def fragment_key(iri: str) -> str:
    """The part of an IRI after its last '#', reduced to characters that are safe in ids, URLs and selectors."""
    fragment = iri.rsplit("#", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_-]", "_", fragment) or "item"


class Keys:
    """Hands out keys, adding -2, -3 ... when two items would get the same one."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, wanted: str) -> str:
        key, n = wanted, 1
        while key in self.used:
            n += 1
            key = f"{wanted}-{n}"
        self.used.add(key)
        return key


def all_actors(article: Article) -> list[Actor]:
    """The article's actors, then its authors and publisher when they are not among them (one per IRI)."""
    seen: dict[str, Actor] = {}
    for actor in (*article.actors, *article.authors, *((article.publisher,) if article.publisher else ())):
        seen.setdefault(actor.iri, actor)
    return list(seen.values())


@dataclass(frozen=True)
class ArticleKeys:
    """The keys of an article's items: actors, claims and figures by IRI, and its highlights in text order."""

    items: dict[str, str]
    highlights: tuple[Highlight, ...]
    claimant_mention: dict[str, str]  # claim IRI -> key of the highlight its claimant was read from
    cue: dict[str, str]  # claim IRI -> key of its cue highlight


def article_keys(article: Article) -> ArticleKeys:
    """Keys for everything on the review page, and the highlights sorted by position (outermost first)."""
    keys = Keys()
    items: dict[str, str] = {}
    out: list[Highlight] = []
    mention_at: dict[tuple[int, int], list[tuple[str, str]]] = {}  # span -> (actor IRI, highlight key)
    for actor in all_actors(article):
        items[actor.iri] = keys(fragment_key(actor.iri))
    for claim in article.claims:
        items[claim.iri] = keys(fragment_key(claim.iri))
    for figure in article.figures:
        items[figure.iri] = keys(fragment_key(figure.iri))
    for actor in all_actors(article):
        for m in actor.mentions:
            key = keys(f"m{m.span.start}-{m.span.end}-{items[actor.iri]}")
            mention_at.setdefault((m.span.start, m.span.end), []).append((actor.iri, key))
            out.append(Highlight(m.span.start, m.span.end, m.span.exact, "mention", actor.iri, m.kind, key))
    claimant_mention: dict[str, str] = {}
    cue: dict[str, str] = {}
    for claim in article.claims:
        ckey = items[claim.iri]
        out.append(Highlight(claim.evidence.start, claim.evidence.end, claim.evidence.exact, "claim", claim.iri,
                             None, ckey))
        if claim.claimant_mention is not None:
            span = claim.claimant_mention
            found = mention_at.get((span.start, span.end), [])
            # the claimant's own mention at that place, else any mention there, else a highlight of its own
            own = [k for iri, k in found if iri == claim.claimant] or [k for _, k in found]
            if own:
                claimant_mention[claim.iri] = own[0]
            else:
                key = keys(f"cm-{ckey}")
                claimant_mention[claim.iri] = key
                out.append(Highlight(span.start, span.end, span.exact, "claimant-mention", claim.iri, None, key))
        if claim.cue_span is not None:
            key = keys(f"cue-{ckey}")
            cue[claim.iri] = key
            out.append(Highlight(claim.cue_span.start, claim.cue_span.end, claim.cue_span.exact, "cue", claim.iri,
                                 None, key))
    for figure in article.figures:
        out.append(Highlight(figure.evidence.start, figure.evidence.end, figure.evidence.exact, "figure", figure.iri,
                             None, items[figure.iri]))
    out.sort(key=lambda h: (h.start, -h.end, ROLES.index(h.role), h.key))
    return ArticleKeys(items, tuple(out), claimant_mention, cue)


def highlights(article: Article) -> tuple[Highlight, ...]:
    """Every marked span of the article, in text order (a span that contains another comes first)."""
    return article_keys(article).highlights
