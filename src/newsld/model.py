"""The newsld data model (1.0) as plain frozen dataclasses, and the minting of stable IRIs.

Every node of an article's graph has an IRI under the article's IRI, so nothing is a blank node:
actors are `<article>#person-robert-wood`, claims `<article>#claim-3`, figures `<article>#figure-1`,
text spans `<article>#span-449-460` (their offsets). Actors are article-scoped; identity across
articles is explicit: a Wikidata `sameAs` where the evidence supports it, else a name key (a
normalised "type:name" literal) that queries may choose to join on. Actors known only by a
description ("analysts", "a bartender") get neither.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:  # the methods below import what they need when called, so the model stays light
    import pandas

    from newsld.view.spans import Highlight

DEFAULT_BASE = "https://w3id.org/newsld/id/"
MODEL_VERSION = "1.0"
ACTOR_TYPES = ("Person", "Organization", "Place", "Group")
QUALIFIERS = ("Exact", "Approximately", "AtLeast", "MoreThan", "AtMost", "LessThan", "Range")
MENTION_KINDS = ("NameMention", "TitleMention", "PronounMention", "DescriptionMention")
AFFIX = 32  # code points of context kept before and after a span

Number = int | float | Decimal


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article text: code-point offsets (end exclusive) and the text between them."""

    start: int
    end: int
    exact: str
    prefix: str | None = None
    suffix: str | None = None

    @classmethod
    def of(cls, text: str, start: int, end: int, *, affixes: bool = True) -> Span:
        """The span text[start:end], with up to 32 code points of context on each side."""
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span {start}-{end} is outside a text of {len(text)} code points")
        prefix = text[max(0, start - AFFIX):start] if affixes and start > 0 else None
        suffix = text[end:end + AFFIX] if affixes and end < len(text) else None
        return cls(start, end, text[start:end], prefix or None, suffix or None)

    def iri(self, article: str) -> str:
        """The span's IRI under its article: `<article>#span-START-END`."""
        return span_iri(article, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Mention:
    """One place an actor is referred to, and how: by name, title, pronoun or description."""

    span: Span
    kind: str = "NameMention"


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, organisation, place or group named (or described) in one article."""

    iri: str
    type: str
    name: str
    alternate_names: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    unnamed: bool = False  # known only by a description ("analysts"): no identity beyond the article
    confidence: float | None = None
    found_by: str | None = None

    @property
    def name_key(self) -> str | None:
        """The weak cross-article key ("person:robert-wood"); None for unnamed actors."""
        return None if self.unnamed else name_key(self.type, self.name)

    def to_jsonld(self, *, context: str | None = "url") -> dict[str, Any]:
        """This node as JSON-LD, with the newsld @context ("url", "inline") or without it (None)."""
        from newsld.api import to_jsonld

        return to_jsonld(self, context=context)


@dataclass(frozen=True, slots=True)
class Claim:
    """Who asserted what: claimant IRI, cue, content exactly as written, and its span."""

    iri: str
    content: str
    is_quotation: bool
    evidence: Span
    claimant: str | None = None
    cue: str | None = None
    cue_text: str | None = None
    about: tuple[str, ...] = ()
    claimant_mention: Span | None = None  # the mention the claimant was read from ("she", "the mayor")
    cue_span: Span | None = None
    confidence: float | None = None
    found_by: str | None = None  # "quotation", "reported-speech", "according-to", "continuation", ...

    def to_jsonld(self, *, context: str | None = "url") -> dict[str, Any]:
        """This node as JSON-LD, with the newsld @context ("url", "inline") or without it (None)."""
        from newsld.api import to_jsonld

        return to_jsonld(self, context=context)


@dataclass(frozen=True, slots=True)
class Figure:
    """A reported quantity: value or range, qualifier, unit, counted phrase, reporter, context."""

    iri: str
    evidence: Span
    qualifier: str = "Exact"
    value: Number | None = None
    min_value: Number | None = None
    max_value: Number | None = None
    unit: str | None = None
    counted_phrase: str | None = None
    reported_by: str | None = None
    in_claim: str | None = None
    place: str | None = None
    time_text: str | None = None
    about: tuple[str, ...] = ()
    currency: str | None = None  # ISO 4217 code for money ("USD"); the figure is then a schema:MonetaryAmount
    unit_code: str | None = None  # UN/CEFACT common code ("P1" for percent)
    confidence: float | None = None
    found_by: str | None = None

    def to_jsonld(self, *, context: str | None = "url") -> dict[str, Any]:
        """This node as JSON-LD, with the newsld @context ("url", "inline") or without it (None)."""
        from newsld.api import to_jsonld

        return to_jsonld(self, context=context)


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """Where an article's text came from: file path or URI, hash of the source bytes, record in an archive."""

    location: str  # path relative to the input root, or a URI
    sha256: str | None = None  # of the source document's bytes
    media_type: str | None = None  # "text/plain", "text/markdown", "text/html", "application/rss+xml", ...
    url: str | None = None  # the page's URL (WARC-Target-URI, a feed entry's link)
    record_id: str | None = None  # WARC-Record-ID, a feed entry's id, a JSON lines line number
    record_date: str | None = None  # WARC-Date (xsd:dateTime)
    content_from: str | None = None  # for feeds: "content" or "summary"


@dataclass(frozen=True, slots=True)
class Provenance:
    """What produced the data: newsld's version, the language model used, and the source document."""

    software: str
    version: str
    model: str | None = None
    model_version: str | None = None
    source: SourceDocument | None = None


@dataclass(frozen=True)
class Article:
    """An article's text and metadata with everything extracted from it."""

    iri: str
    text: str
    headline: str | None = None
    date_published: str | None = None  # xsd:date ("2024-11-01") or xsd:dateTime with zone
    url: str | None = None
    publisher: Actor | None = None
    language: str | None = "en"
    actors: tuple[Actor, ...] = ()
    claims: tuple[Claim, ...] = ()
    figures: tuple[Figure, ...] = ()
    provenance: Provenance | None = None
    include_text: bool = True
    authors: tuple[Actor, ...] = ()

    @property
    def text_sha256(self) -> str:
        return text_sha256(self.text)

    @property
    def spans(self) -> tuple[Highlight, ...]:
        """Every marked span (mentions, claim contents, figures, cues) in text order, as the review page marks them."""
        from newsld.view.spans import highlights

        return highlights(self)

    def to_jsonld(self, *, context: str = "url") -> dict[str, Any]:
        """The JSON-LD document of this article, as `newsld convert` writes it."""
        from newsld.api import to_jsonld

        return to_jsonld(self, context=context)

    def to_rdf(self, format: str = "turtle") -> str:
        """This article as RDF text: "turtle", "ntriples" or "nquads"."""
        from newsld.api import to_rdf

        return to_rdf(self, format)

    def actors_frame(self) -> pandas.DataFrame:
        """The actors as a pandas DataFrame (needs the `pandas` extra)."""
        from newsld.api import table

        return table(self, "actors")

    def claims_frame(self) -> pandas.DataFrame:
        """The claims as a pandas DataFrame (needs the `pandas` extra)."""
        from newsld.api import table

        return table(self, "claims")

    def figures_frame(self) -> pandas.DataFrame:
        """The figures as a pandas DataFrame (needs the `pandas` extra)."""
        from newsld.api import table

        return table(self, "figures")

    def _repr_html_(self) -> str:
        """Jupyter shows an Article as its review page (a self-contained fragment)."""
        from newsld.view.render import render_fragment

        return render_fragment(self)


def text_sha256(text: str) -> str:
    """Lower-case hex SHA-256 of the UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def slug(name: str) -> str:
    """A readable, IRI-safe path segment for a name ("Volodymyr Zelenskiy" -> "volodymyr-zelenskiy")."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = unicodedata.normalize("NFC", folded).casefold().replace("'", "").replace("\u2019", "")
    words = re.sub(r"[\W_]+", "-", folded).strip("-")
    if not words:
        return "h-" + hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return quote(words, safe="-")


def name_key(actor_type: str, name: str) -> str:
    """The documented weak identity key of a named actor: "person:robert-wood" (O’Neill = O'Neill)."""
    return f"{actor_type.lower()}:{slug(name)}"


def actor_iri(article: str, name: str, actor_type: str) -> str:
    """Article-scoped: `<article>#person-robert-wood`; one node per type and canonical name in an article."""
    return f"{article}#{actor_type.lower()}-{slug(name)}"


def span_iri(article: str, start: int, end: int) -> str:
    """A text span's IRI: `<article>#span-START-END`, so every span can be addressed."""
    return f"{article}#span-{start}-{end}"


def article_iri(text: str, base: str = DEFAULT_BASE, url: str | None = None) -> str:
    """Stable for one text: derived from its hash (and its URL when known, so reprints stay apart)."""
    key = text_sha256(text) if url is None else hashlib.sha256(f"{url}\n{text}".encode()).hexdigest()
    return f"{base}article/{key[:20]}"
