"""Turn processed spaCy Docs into model Articles, and run the pipeline over many texts.

`doc_to_article` reads only the NLP interface (NLP_INTERFACE.md): the span groups
`newsld_names`, `newsld_demonyms`, `newsld_references`, `newsld_claims`, `newsld_figures` and
the plain records in `doc._.newsld_actors`, `newsld_unnamed`, `newsld_claims`, `newsld_figures`.
"""

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
from newsld.nlp.figures import sentence_starts
from newsld.nlp.gazetteer import gazetteer
from newsld.nlp.lexicon import text_of
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


NAME_GROUPS = ("newsld_names", "newsld_demonyms", "newsld_references")


def doc_to_article(doc: Doc, meta: dict[str, Any], *, base: str = DEFAULT_BASE,
                   prov: Provenance | None = None) -> Article:
    """The Article for a processed Doc: actors, claims and figures with their evidence spans."""
    text = text_of(doc)
    url = meta.get("url")
    iri = article_iri(text, base, url)
    actors, iri_of = build_actors(doc, text, iri)
    claims = build_claims(doc, text, iri, iri_of)
    figures = build_figures(doc, text, iri, iri_of, claims)
    publisher = None
    if meta.get("publisher"):
        publisher = Actor(actor_iri(iri, meta["publisher"], "Organization"), "Organization", meta["publisher"])
    return Article(iri, text, headline=meta.get("headline"), date_published=meta.get("datePublished"),
                   url=url, publisher=publisher, language=meta.get("inLanguage", "en"), actors=actors,
                   claims=claims, figures=figures, provenance=prov)


# ---------------------------------------------------------------- actors

def build_actors(doc: Doc, text: str, iri: str) -> tuple[tuple[Actor, ...], dict[str, str]]:
    """One Actor per IRI (two actor ids that end with the same type and name are one actor), and actor id -> IRI."""
    records: dict[str, dict[str, Any]] = {f"n{k}": a for k, a in enumerate(doc._.newsld_actors or [])}
    unnamed = {f"u{k}": a for k, a in enumerate(getattr(doc._, "newsld_unnamed", None) or [])}
    records.update(unnamed)
    mentions: dict[str, list[tuple[int, int, str]]] = {ident: [] for ident in records}
    for span in doc.spans.get("newsld_names", []):
        mentions[span.id_].append((span.start_char, span.end_char, "NameMention"))
    for span in doc.spans.get("newsld_references", []):
        if span.id_ in mentions:
            mentions[span.id_].append((span.start_char, span.end_char, span.label_))
    iri_of: dict[str, str] = {}
    merged: dict[str, list[str]] = {}
    for ident, record in records.items():
        a_iri = actor_iri(iri, record["name"], record["type"])
        iri_of[ident] = a_iri
        merged.setdefault(a_iri, []).append(ident)
    base_iri = gazetteer().wikidata_base
    actors: list[Actor] = []
    for a_iri, idents in merged.items():
        first = records[idents[0]]
        spans = sorted({m for ident in idents for m in mentions[ident]})
        forms: dict[str, None] = {}
        roles: dict[str, None] = {}
        for ident in idents:
            forms.update(dict.fromkeys(records[ident].get("forms", ())))
            roles.update(dict.fromkeys(records[ident].get("roles", ())))
        wikidata = first.get("wikidata")
        actors.append(Actor(
            a_iri, first["type"], first["name"], tuple(f for f in forms if f != first["name"]), tuple(roles),
            (base_iri + wikidata,) if wikidata else (),
            tuple(Mention(Span.of(text, s, e), kind) for s, e, kind in spans),
            unnamed=all(ident in unnamed for ident in idents),
            confidence=max(records[ident]["confidence"] for ident in idents), found_by=first.get("found_by")))
    actors.sort(key=lambda a: (a.mentions[0].span.start if a.mentions else 0, a.iri))
    return tuple(actors), iri_of


class ActorIndex:
    """Actor mentions (names, demonyms, references) sorted by position, to find those inside a stretch of text."""

    def __init__(self, doc: Doc, iri_of: dict[str, str]) -> None:
        items = sorted((s.start_char, s.end_char, iri_of[s.id_]) for group in NAME_GROUPS
                       for s in doc.spans.get(group, []) if s.id_ in iri_of)
        self.starts = [start for start, _, _ in items]
        self.items = items

    def inside(self, start: int, end: int, exclude: str | None = None) -> tuple[str, ...]:
        """IRIs of the actors mentioned within [start, end), in text order, without `exclude`."""
        found: dict[str, None] = {}
        i = bisect.bisect_left(self.starts, start)
        while i < len(self.items) and self.items[i][0] < end:
            if self.items[i][1] <= end and self.items[i][2] != exclude:
                found[self.items[i][2]] = None
            i += 1
        return tuple(found)


# ---------------------------------------------------------------- claims (nlp-attribution)

def build_claims(doc: Doc, text: str, iri: str, iri_of: dict[str, str]) -> tuple[Claim, ...]:
    """Claims from the `newsld_claims` spans and their aligned records."""
    index = ActorIndex(doc, iri_of)
    claims: list[Claim] = []
    for span, record in zip(doc.spans.get("newsld_claims", []), doc._.newsld_claims or [], strict=True):
        claimant = iri_of.get(record["claimant"]) if record["claimant"] is not None else None
        mention = record["claimant_mention"]
        cue = record["cue_span"]
        start, end = span.start_char, span.end_char
        claims.append(Claim(
            f"{iri}#claim-{len(claims) + 1}", text[start:end], record["quote"], Span.of(text, start, end), claimant,
            record["cue"], text[cue[0]:cue[1]] if cue else None, index.inside(start, end, claimant),
            claimant_mention=Span.of(text, *mention) if mention else None,
            cue_span=Span.of(text, *cue) if cue else None,
            confidence=record["confidence"], found_by=record["found_by"]))
    return tuple(claims)


# ---------------------------------------------------------------- figures (nlp-figures)

def build_figures(doc: Doc, text: str, iri: str, iri_of: dict[str, str],
                  claims: tuple[Claim, ...]) -> tuple[Figure, ...]:
    """Figures from the `newsld_figures` spans and records; reporter and claim from the innermost claim holding it.

    Linear in the text: the containing claim comes from one sweep over both lists sorted by offset,
    and sentence, place and time from per-sentence buckets built once."""
    spans = list(doc.spans.get("newsld_figures", []))
    details: list[dict[str, Any]] = doc._.newsld_figures or []
    places = [(s.start, s.end, iri_of[s.id_]) for s in doc.spans.get("newsld_names", [])
              if s.label_ == "Place" and s.id_ in iri_of]
    containers = containing(
        [(s.start_char, s.end_char) for s in spans], [(c.evidence.start, c.evidence.end) for c in claims])
    contexts = sentence_contexts(doc, [(s.start, s.end) for s in spans], places)
    figures: list[Figure] = []
    for k, (span, d) in enumerate(zip(spans, details, strict=True)):
        index = containers[k]
        container = claims[index] if index is not None else None
        place, time_text = contexts[k]
        about = tuple(dict.fromkeys(iri_of[a] for a in d["about"] if a in iri_of))
        figures.append(Figure(
            f"{iri}#figure-{len(figures) + 1}", Span.of(text, span.start_char, span.end_char), span.label_,
            _number(d["value"]), _number(d["min"]), _number(d["max"]), d["unit"], d["counted_phrase"],
            container.claimant if container else None, container.iri if container else None,
            place, time_text, about, d["currency"], d["unit_code"], d["confidence"], d["found_by"]))
    return tuple(figures)


def _number(value: str | None) -> int | Decimal | None:
    """A figure value as written in the interface (a decimal string) as an int or a Decimal."""
    if value is None:
        return None
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else number


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
    if len(doc) == 0:
        return [(None, None)] * len(items)
    starts = sentence_starts(doc)

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
