"""The newsld data model as plain frozen dataclasses, and the minting of stable IRIs."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

DEFAULT_BASE = "https://w3id.org/newsld/id/"
ACTOR_TYPES = ("Person", "Organization", "Place", "Group")
QUALIFIERS = ("Exact", "Approximately", "AtLeast", "MoreThan", "AtMost", "LessThan", "Range")
AFFIX = 32  # code points of context kept before and after a span


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


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, organisation, place or group named in an article."""

    iri: str
    type: str
    name: str
    alternate_names: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()


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


@dataclass(frozen=True, slots=True)
class Figure:
    """A reported quantity: value or range, qualifier, unit, counted phrase, reporter, context."""

    iri: str
    evidence: Span
    qualifier: str = "Exact"
    value: int | float | None = None
    min_value: int | float | None = None
    max_value: int | float | None = None
    unit: str | None = None
    counted_phrase: str | None = None
    reported_by: str | None = None
    in_claim: str | None = None
    place: str | None = None
    time_text: str | None = None
    about: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Provenance:
    """What produced the data: newsld's version and the language model used."""

    software: str
    version: str
    model: str | None = None
    model_version: str | None = None


@dataclass(frozen=True)
class Article:
    """An article's text and metadata with everything extracted from it."""

    iri: str
    text: str
    headline: str | None = None
    date_published: str | None = None
    url: str | None = None
    publisher: Actor | None = None
    language: str | None = "en"
    actors: tuple[Actor, ...] = ()
    claims: tuple[Claim, ...] = ()
    figures: tuple[Figure, ...] = ()
    provenance: Provenance | None = None
    include_text: bool = True

    @property
    def text_sha256(self) -> str:
        return text_sha256(self.text)


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


def actor_iri(name: str, actor_type: str, base: str = DEFAULT_BASE) -> str:
    """Stable across articles: the same canonical name and type give the same IRI."""
    return f"{base}{actor_type.lower()}/{slug(name)}"


def article_iri(text: str, base: str = DEFAULT_BASE, url: str | None = None) -> str:
    """Stable for one text: derived from its hash (and its URL when known, so reprints stay apart)."""
    key = text_sha256(text) if url is None else hashlib.sha256(f"{url}\n{text}".encode()).hexdigest()
    return f"{base}article/{key[:20]}"
