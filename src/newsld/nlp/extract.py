"""Turn processed spaCy Docs into model Articles, and run the pipeline over many texts.

`doc_to_article` reads only the NLP interface (NLP_INTERFACE.md): the span groups
`newsld_names`, `newsld_demonyms`, `newsld_references`, `newsld_claims`, `newsld_figures` and
the plain records in `doc._.newsld_actors`, `newsld_unnamed`, `newsld_claims`, `newsld_figures`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsld import __version__
from newsld.model import DEFAULT_BASE, Actor, Article, Claim, Figure, Mention, Provenance, Span, actor_iri, article_iri
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

def _number(value: str | None) -> int | float | None:
    """A record's decimal string as the number the serializer writes (an int when whole)."""
    if value is None:
        return None
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


def build_figures(doc: Doc, text: str, iri: str, iri_of: dict[str, str],
                  claims: tuple[Claim, ...]) -> tuple[Figure, ...]:
    """Figures from the `newsld_figures` spans and records; reporter and claim from the claim that contains it."""
    places = {i: iri_of[s.id_] for s in doc.spans.get("newsld_names", []) if s.label_ == "Place"
              for i in range(s.start, s.end)}
    dates = [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ == "DATE"]
    date_starts = [d[0] for d in dates]
    by_start = sorted(claims, key=lambda c: (c.evidence.start, -c.evidence.end))
    claim_starts = [c.evidence.start for c in by_start]
    figures: list[Figure] = []
    for span, record in zip(doc.spans.get("newsld_figures", []), doc._.newsld_figures or [], strict=True):
        start, end = span.start_char, span.end_char
        # the earliest-starting claim that contains the figure (claims rarely overlap: look back a few)
        container = None
        k = bisect.bisect_right(claim_starts, start) - 1
        for c in by_start[max(0, k - 8):k + 1]:
            if c.evidence.start <= start and end <= c.evidence.end:
                container = c
                break
        place, time_text = context_of(doc, span.start, span.end, start, end, places, dates, date_starts)
        about = tuple(dict.fromkeys(iri_of[a] for a in record["about"] if a in iri_of))
        figures.append(Figure(
            f"{iri}#figure-{len(figures) + 1}", Span.of(text, start, end), span.label_, _number(record["value"]),
            _number(record["min"]), _number(record["max"]), record["unit"], record["counted_phrase"],
            container.claimant if container else None, container.iri if container else None,
            place, time_text, about, currency=record.get("currency"), unit_code=record.get("unit_code"),
            confidence=record.get("confidence"), found_by=record.get("found_by")))
    return tuple(figures)


def context_of(doc: Doc, first_token: int, end_token: int, start: int, end: int, places: dict[int, str],
               dates: list[tuple[int, int, str]], date_starts: list[int]) -> tuple[str | None, str | None]:
    """The place ("in Russia's Kursk region") and time ("last year") stated in the figure's own sentence."""
    first = first_token  # the sentence around the figure, found from the sentence starts (span.sent scans the Doc)
    while first > 0 and not doc[first].is_sent_start:
        first -= 1
    last = end_token
    while last < len(doc) and not doc[last].is_sent_start:
        last += 1
    place: str | None = None
    best = 10**9
    for i in range(first, last):
        if i not in places or first_token <= i < end_token:
            continue
        # the place is the object of a locative preposition, or its possessor ("Russia’s Kursk region")
        head = doc[i]
        while head.dep_ in ("compound", "poss", "amod") and head.head is not head:
            head = head.head
        if head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPOSITIONS:
            distance = abs(i - first_token)
            if distance < best:
                best, place = distance, places[i]
    sent_start = doc[first].idx
    sent_end = doc[last - 1].idx + len(doc[last - 1].text)
    time_text = None
    k = bisect.bisect_left(date_starts, sent_start)
    while k < len(dates) and dates[k][0] < sent_end:
        d_start, d_end, d_text = dates[k]
        if d_end <= sent_end and not (d_start < end and start < d_end):
            time_text = d_text
            break
        k += 1
    return place, time_text
