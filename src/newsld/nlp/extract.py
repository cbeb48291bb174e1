"""Turn processed spaCy Docs into model Articles, and run the pipeline over many texts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

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
    id_iri: dict[str, str] = {f"n{k}": v for k, v in cluster_iri.items()}
    unnamed: list[dict[str, Any]] = doc._.newsld_unnamed or [] if Doc.has_extension("newsld_unnamed") else []
    for k, record in enumerate(unnamed):
        id_iri[f"u{k}"] = actor_iri(iri, record["name"], record["type"])
    references: dict[str, list[Mention]] = {}
    for span in doc.spans.get("newsld_references", []):
        target = id_iri.get(span.id_)
        if target is not None:
            references.setdefault(target, []).append(Mention(Span.of(text, span.start_char, span.end_char),
                                                            span.label_))
    actors: list[Actor] = []
    for a_iri, group in merged.items():
        first = group[0]
        mentions = sorted({(m.start, m.end) for c in group for m in c.mentions})
        spans = [Mention(Span.of(text, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text))) for s, e in mentions]
        spans += references.pop(a_iri, [])
        forms: dict[str, None] = {}
        roles: dict[str, None] = {}
        for c in group:
            forms.update(dict.fromkeys(c.forms))
            roles.update(dict.fromkeys(c.roles))
        same_as = gaz.iri(first.entry) if first.entry is not None else None
        actors.append(Actor(a_iri, first.type, first.name, tuple(f for f in forms if f != first.name),
                            tuple(roles), (same_as,) if same_as else (),
                            tuple(sorted(spans, key=lambda m: (m.span.start, m.span.end)))))
    seen_unnamed: set[str] = set()
    for k, record in enumerate(unnamed):
        a_iri = id_iri[f"u{k}"]
        if a_iri in seen_unnamed or any(a.iri == a_iri for a in actors):
            continue
        seen_unnamed.add(a_iri)
        mentions_u = tuple(sorted(references.pop(a_iri, []), key=lambda m: (m.span.start, m.span.end)))
        actors.append(Actor(a_iri, record["type"], record["name"], mentions=mentions_u, unnamed=True,
                            confidence=record.get("confidence"), found_by=record.get("found_by")))
    actors.sort(key=lambda a: (a.mentions[0].span.start if a.mentions else 0, a.iri))

    def actors_in(start: int, end: int, exclude: str | None = None) -> tuple[str, ...]:
        found: dict[str, None] = {}
        for t in doc.char_span(start, end, alignment_mode="expand") or []:
            index = token_actor.get(t.i, demonyms.get(t.i))
            if index is not None and cluster_iri[index] != exclude:
                found[cluster_iri[index]] = None
        return tuple(found)

    # claims: the span group holds the contents, the records (aligned by index) the rest
    claims: list[Claim] = []
    claim_spans = list(doc.spans["newsld_claims"]) if "newsld_claims" in doc.spans else []
    for span, record in zip(claim_spans, doc._.newsld_claims or [], strict=True):
        claimant = id_iri.get(record["claimant"]) if record["claimant"] is not None else None
        start, end = span.start_char, span.end_char
        mention = record["claimant_mention"]
        cue_span = record["cue_span"]
        claims.append(Claim(
            f"{iri}#claim-{len(claims) + 1}", text[start:end], record["quote"], Span.of(text, start, end),
            claimant, record["cue"], text[cue_span[0]:cue_span[1]] if cue_span else None,
            actors_in(start, end, claimant),
            claimant_mention=Span.of(text, mention[0], mention[1]) if mention else None,
            cue_span=Span.of(text, cue_span[0], cue_span[1]) if cue_span else None,
            confidence=record["confidence"], found_by=record["found_by"]))

    figures: list[Figure] = []
    for hit in doc._.newsld_figures or []:
        container = next((c for c in claims if c.evidence.start <= hit.start and hit.end <= c.evidence.end), None)
        place, time_text = context_of(doc, hit.start, hit.end, token_actor, clusters, cluster_iri)
        about = tuple(dict.fromkeys(cluster_iri[token_actor.get(i, demonyms.get(i, -1))]
                                    for i in hit.about_tokens if token_actor.get(i, demonyms.get(i)) is not None))
        figures.append(Figure(
            f"{iri}#figure-{len(figures) + 1}", Span.of(text, hit.start, hit.end), hit.qualifier, hit.value,
            hit.min_value, hit.max_value, hit.unit, hit.counted_phrase,
            container.claimant if container else None, container.iri if container else None,
            place, time_text, about))

    publisher = None
    if meta.get("publisher"):
        publisher = Actor(actor_iri(iri, meta["publisher"], "Organization"), "Organization", meta["publisher"])
    return Article(iri, text, headline=meta.get("headline"), date_published=meta.get("datePublished"),
                   url=url, publisher=publisher, language=meta.get("inLanguage", "en"), actors=tuple(actors),
                   claims=tuple(claims), figures=tuple(figures), provenance=prov)


def context_of(doc: Doc, start: int, end: int, token_actor: dict[int, int], clusters: list[ActorCluster],
               cluster_iri: dict[int, str]) -> tuple[str | None, str | None]:
    """The place ("in Russia's Kursk region") and time ("last year") stated in the figure's own sentence."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None, None
    first = span.start  # the sentence around the figure, found from the sentence starts (span.sent scans the Doc)
    while first > 0 and not doc[first].is_sent_start:
        first -= 1
    last = span.end
    while last < len(doc) and not doc[last].is_sent_start:
        last += 1
    sent = doc[first:last]
    place: str | None = None
    best = 10**9
    for t in sent:
        index = token_actor.get(t.i)
        if index is None or clusters[index].type != "Place" or span.start <= t.i < span.end:
            continue
        # the place is the object of a locative preposition, or its possessor ("Russia’s Kursk region")
        head = t
        while head.dep_ in ("compound", "poss", "amod") and head.head is not head:
            head = head.head
        if head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPOSITIONS:
            distance = abs(t.i - span.start)
            if distance < best:
                best, place = distance, cluster_iri[index]
    time_text = None
    for ent in sent.ents:
        if ent.label_ == "DATE" and not (ent.start_char < end and start < ent.end_char):
            time_text = ent.text
            break
    return place, time_text
