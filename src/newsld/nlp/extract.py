"""Turn processed spaCy Docs into model Articles, and run the pipeline over many texts."""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as Span_

from newsld import __version__
from newsld.model import DEFAULT_BASE, Actor, Article, Claim, Figure, Mention, Provenance, Span, actor_iri, article_iri
from newsld.nlp.actors import ActorCluster
from newsld.nlp.lexicon import gazetteer, text_of
from newsld.nlp.pipeline import COMPONENTS

PLACE_PREPOSITIONS = {"in", "at", "near", "across", "inside", "from", "to", "into", "throughout"}


def process(nlp: Language, texts: Iterable[str], batch_size: int = 8) -> Iterator[Doc]:
    """Docs for texts in order; a text longer than the model's max_length is split on paragraph boundaries."""
    pending: list[str] = []

    def flush() -> Iterator[Doc]:
        yield from nlp.pipe(pending, batch_size=batch_size)
        pending.clear()

    for text in texts:
        if len(text) < nlp.max_length:
            pending.append(text)
            if len(pending) >= batch_size:
                yield from flush()
        else:
            yield from flush()
            yield process_long(nlp, text)
    yield from flush()


def chunks(text: str, limit: int) -> list[str]:
    """Consecutive pieces of `text`, each under `limit` code points, cut after a blank line or newline."""
    out: list[str] = []
    start = 0
    while len(text) - start >= limit:
        cut = max(text.rfind("\n\n", start, start + limit - 1), text.rfind("\n", start, start + limit - 1))
        if cut <= start:
            cut = text.rfind(" ", start, start + limit - 1)
        cut = cut + 1 if cut > start else start + limit - 1
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def process_long(nlp: Language, text: str) -> Doc:
    """Parse a long text in pieces, join them into one Doc (offsets unchanged), then run newsld's components."""
    with nlp.select_pipes(disable=list(COMPONENTS)):
        docs = list(nlp.pipe(chunks(text, nlp.max_length)))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    assert doc.text == text
    for name in COMPONENTS:
        doc = nlp.get_pipe(name)(doc)
    return doc


def provenance(nlp: Language) -> Provenance:
    meta = nlp.meta
    return Provenance("newsld", __version__, f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
                      str(meta.get("version", "")) or None)


def doc_to_article(doc: Doc, meta: dict[str, Any], *, base: str = DEFAULT_BASE,
                   prov: Provenance | None = None) -> Article:
    """The Article for a processed Doc: actors, claims and figures with their evidence spans."""
    text = text_of(doc)
    url = meta.get("url")
    iri = article_iri(text, base, url)
    clusters: list[ActorCluster] = doc._.newsld_actors or []
    token_actor: dict[int, int] = doc._.newsld_token_actor or {}
    demonyms: dict[int, int] = doc._.newsld_demonyms or {}
    gaz = gazetteer()

    # one Actor per IRI: clusters that ended with the same name and type are one actor
    cluster_iri: dict[int, str] = {}
    merged: dict[str, list[ActorCluster]] = {}
    for index, cluster in enumerate(clusters):
        a_iri = actor_iri(iri, cluster.name, cluster.type)
        cluster_iri[index] = a_iri
        merged.setdefault(a_iri, []).append(cluster)
    actors: list[Actor] = []
    for a_iri, group in merged.items():
        first = group[0]
        mentions = sorted({(m.start, m.end) for c in group for m in c.mentions})
        spans = tuple(Mention(Span.of(text, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text))) for s, e in mentions)
        forms: dict[str, None] = {}
        roles: dict[str, None] = {}
        for c in group:
            forms.update(dict.fromkeys(c.forms))
            roles.update(dict.fromkeys(c.roles))
        same_as = gaz.iri(first.entry) if first.entry is not None else None
        actors.append(Actor(a_iri, first.type, first.name, tuple(f for f in forms if f != first.name),
                            tuple(roles), (same_as,) if same_as else (), spans))
    actors.sort(key=lambda a: (a.mentions[0].span.start if a.mentions else 0, a.iri))

    def actors_in(start: int, end: int, exclude: str | None = None) -> tuple[str, ...]:
        found: dict[str, None] = {}
        for t in doc.char_span(start, end, alignment_mode="expand") or []:
            index = token_actor.get(t.i, demonyms.get(t.i))
            if index is not None and cluster_iri[index] != exclude:
                found[cluster_iri[index]] = None
        return tuple(found)

    claims: list[Claim] = []
    for hit in doc._.newsld_claims or []:
        claimant = cluster_iri.get(hit.claimant) if hit.claimant is not None else None
        claims.append(Claim(f"{iri}#claim-{len(claims) + 1}", text[hit.start:hit.end], hit.is_quote,
                            Span.of(text, hit.start, hit.end), claimant, hit.cue, hit.cue_text,
                            actors_in(hit.start, hit.end, claimant)))

    places = [(i, i + 1, cluster_iri[index]) for i, index in sorted(token_actor.items())
              if clusters[index].type == "Place"]
    figures = figures_of(doc, iri, claims, places)

    publisher = None
    if meta.get("publisher"):
        publisher = Actor(actor_iri(iri, meta["publisher"], "Organization"), "Organization", meta["publisher"])
    return Article(iri, text, headline=meta.get("headline"), date_published=meta.get("datePublished"),
                   url=url, publisher=publisher, language=meta.get("inLanguage", "en"), actors=tuple(actors),
                   claims=tuple(claims), figures=tuple(figures), provenance=prov)


# ---------------------------------------------------------------- figures (nlp-figures)

def figures_of(doc: Doc, article: str, claims: list[Claim], places: list[tuple[int, int, str]]) -> list[Figure]:
    """model.Figures from the figure span group: values, containing claim, place and time of the sentence.

    Linear in the text: the containing claim comes from one sweep over both lists sorted by offset,
    and sentence, place and time from per-sentence buckets built once."""
    text = text_of(doc)
    spans = list(doc.spans.get("newsld_figures", []))
    details: list[dict[str, Any]] = doc._.newsld_figures or []
    containers = containing(
        [(s.start_char, s.end_char) for s in spans], [(c.evidence.start, c.evidence.end) for c in claims])
    contexts = sentence_contexts(doc, [(s.start, s.end) for s in spans], places)
    actor_iris = _actor_iris(doc, article)
    figures: list[Figure] = []
    for k, (span, d) in enumerate(zip(spans, details, strict=True)):
        index = containers[k]
        container = claims[index] if index is not None else None
        place, time_text = contexts[k]
        about = tuple(dict.fromkeys(actor_iris[a] for a in d.get("about", []) if a in actor_iris))
        figures.append(Figure(
            f"{article}#figure-{len(figures) + 1}", Span.of(text, span.start_char, span.end_char), span.label_,
            _number(d["value"]), _number(d["min"]), _number(d["max"]), d["unit"], d["counted_phrase"],
            container.claimant if container else None, container.iri if container else None,
            place, time_text, about, d.get("currency"), d.get("unit_code"), d.get("confidence"), d.get("found_by")))
    return figures


def _number(value: str | None) -> int | Decimal | None:
    """A figure value as written in the interface (a decimal string) as an int or a Decimal."""
    if value is None:
        return None
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else number


def _actor_iris(doc: Doc, article: str) -> dict[str, str]:
    """Actor id ("n3", "u1") -> actor IRI, from the actor lists of the interface (empty before they exist)."""
    out: dict[str, str] = {}
    for prefix, attr in (("n", "newsld_actors"), ("u", "newsld_unnamed")):
        if not Doc.has_extension(attr):
            continue
        for k, actor in enumerate(getattr(doc._, attr) or []):
            if isinstance(actor, dict):
                out[f"{prefix}{k}"] = actor_iri(article, actor["name"], actor["type"])
    return out


def containing(items: list[tuple[int, int]], containers: list[tuple[int, int]]) -> list[int | None]:
    """For each item (start, end), the index of the innermost container span holding it, or None.

    One sweep over both lists in start order with two heaps (O((n + m) log m)). Items must not
    overlap one another, which holds for figures: a container that ends before an item ends
    cannot hold any later item either, so it is dropped for good."""
    order = sorted(range(len(containers)), key=lambda c: containers[c][0])
    by_end: list[tuple[int, int]] = []  # (end, index): the one that ends first
    by_start: list[tuple[int, int, int]] = []  # (-start, end, index): the innermost, lazily pruned
    dropped: set[int] = set()
    out: list[int | None] = [None] * len(items)
    k = 0
    for i in sorted(range(len(items)), key=lambda i: items[i]):
        start, end = items[i]
        while k < len(order) and containers[order[k]][0] <= start:
            c = order[k]
            heapq.heappush(by_end, (containers[c][1], c))
            heapq.heappush(by_start, (-containers[c][0], containers[c][1], c))
            k += 1
        while by_end and by_end[0][0] < end:
            dropped.add(heapq.heappop(by_end)[1])
        while by_start and by_start[0][2] in dropped:
            heapq.heappop(by_start)
        out[i] = by_start[0][2] if by_start else None
    return out


def sentence_contexts(doc: Doc, items: list[tuple[int, int]],
                      places: list[tuple[int, int, str]]) -> list[tuple[str | None, str | None]]:
    """(place, time) stated in each item's own sentence: "in Russia's Kursk region", "last year".

    The place is a place actor that is the object of a locative preposition (or its possessor),
    the one nearest the item; the time is the sentence's first DATE entity outside the item."""
    starts = [s.start for s in doc.sents]
    if not starts:
        return [(None, None)] * len(items)

    def sentence(token: int) -> int:
        return bisect.bisect_right(starts, token) - 1

    places_in: dict[int, list[tuple[int, int, str]]] = {}
    for mention in places:
        places_in.setdefault(sentence(mention[0]), []).append(mention)
    dates_in: dict[int, list[Span_]] = {}
    for ent in doc.ents:
        if ent.label_ == "DATE":
            dates_in.setdefault(sentence(ent.start), []).append(ent)
    out: list[tuple[str | None, str | None]] = []
    for start, end in items:
        s = sentence(start)
        place: str | None = None
        best = len(doc) + 1
        for p_start, p_end, p_iri in places_in.get(s, ()):
            if start <= p_start < end:
                continue
            head = doc[p_end - 1]  # a name's head is its last word
            while head.dep_ in ("compound", "poss", "amod") and head.head is not head:
                head = head.head
            if head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPOSITIONS and abs(p_start - start) < best:
                best, place = abs(p_start - start), p_iri
        time_text = next((e.text for e in dates_in.get(s, ()) if not (e.start < end and start < e.end)), None)
        out.append((place, time_text))
    return out
