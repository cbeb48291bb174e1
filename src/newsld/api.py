"""The Python API, for notebooks and scripts: extract articles into model objects, then tables, JSON-LD, RDF, pages.

    import newsld
    article = newsld.extract(text, headline="...", datePublished="2024-11-05")
    article.claims_frame()          # a pandas DataFrame (pip install 'newsld[pandas]')
    article                         # in Jupyter: the review page

spaCy is imported on the first extraction and pandas on the first table, never by `import newsld`.
The pipeline is loaded once per model name and reused by every later call.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsld.errors import InputError, UsageError
from newsld.model import DEFAULT_BASE, Actor, Article, Claim, Figure, Number

if TYPE_CHECKING:
    import pandas

Node = Actor | Claim | Figure


def _metadata(raw: Mapping[str, Any], source: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """Checked metadata (as convert reads it from a JSON article) and the author names."""
    from newsld.sources.readers import AUTHOR_KEYS, METADATA_KEYS, authors_of, normalise_meta

    unknown = sorted(k for k in raw if k not in METADATA_KEYS and k not in AUTHOR_KEYS)
    if unknown:
        raise UsageError(f"{source}: unknown metadata {unknown[0]!r}; give any of "
                         + ", ".join(sorted({*METADATA_KEYS, *AUTHOR_KEYS})))
    return normalise_meta(dict(raw), source), authors_of(dict(raw), source)


def _check_text(text: object, source: str) -> str:
    if not isinstance(text, str):
        raise InputError(source, f"the text must be a string, not {type(text).__name__}")
    if not text.strip():
        raise InputError(source, "the text is empty")
    if "\x00" in text:
        raise InputError(source, "the text contains NUL characters")
    return text


def extract(text: str, *, model: str | None = None, base: str = DEFAULT_BASE, min_confidence: float = 0.0,
            **metadata: Any) -> Article:
    """Extract actors, claims and figures from one article text; metadata: headline, datePublished, url, publisher,
    inLanguage, author (and their aliases title, date, link, source, language, authors, byline).
    `min_confidence` leaves out what extraction is less sure of (see newsld.confidence.above)."""
    return next(extract_many([text], model=model, base=base, min_confidence=min_confidence, **metadata))


def extract_many(items: Iterable[str | Mapping[str, Any]], *, model: str | None = None, base: str = DEFAULT_BASE,
                 batch_size: int = 8, min_confidence: float = 0.0, **metadata: Any) -> Iterator[Article]:
    """Articles for many texts (strings, or dicts with "text" and metadata), in order, streaming.

    The model loads once; texts are read from `items` only as fast as they are processed, so a generator
    over a large collection uses little memory. Keyword metadata applies to every item; an item's own
    metadata wins over it."""
    from newsld.confidence import above, check_threshold
    from newsld.convert import with_source
    from newsld.nlp.extract import doc_to_article, process, provenance
    from newsld.nlp.pipeline import check_model, load_pipeline, model_name
    from newsld.sources.base import SourceText

    if batch_size < 1:
        raise UsageError("batch_size must be at least 1")
    check_threshold(min_confidence)
    if not base.endswith(("/", "#")) or "://" not in base:
        raise UsageError(f"base {base!r} must be an absolute IRI ending in '/' or '#'")
    shared, shared_authors = _metadata(metadata, "newsld.extract")
    name = model_name(model)
    check_model(name)
    nlp = load_pipeline(name)
    prov = provenance(nlp)
    pending: deque[SourceText] = deque()

    def texts() -> Iterator[str]:
        for number, item in enumerate(items, start=1):
            source = f"item {number}"
            own: dict[str, str] = {}
            if isinstance(item, str):
                text, authors = _check_text(item, source), shared_authors
            elif isinstance(item, Mapping):
                if "@context" in item:
                    raise UsageError(f"{source} is a newsld document, not an article: read it with newsld.read()")
                own, authors = _metadata({k: v for k, v in item.items() if k != "text"}, source)
                text, authors = _check_text(item.get("text"), source), authors or shared_authors
            else:
                raise InputError(source, f"expected a text or a dict with \"text\", not {type(item).__name__}")
            pending.append(SourceText(source, "", text, {**shared, **own}, authors))
            yield text

    for doc in process(nlp, texts(), batch_size):
        item = pending.popleft()
        article = with_source(doc_to_article(doc, item.meta, base=base, prov=prov), item)
        yield above(article, min_confidence) if min_confidence > 0 else article


def read(paths: str | Path | Iterable[str | Path]) -> list[Article]:
    """The Articles of newsld files (JSON-LD, JSON lines, Turtle, N-Triples, N-Quads, TriG; folders, globs),
    each validated and read back; the first unreadable or invalid input raises its InputError."""
    from newsld.convert import check_document
    from newsld.rdf.read import article_from_document
    from newsld.sources.base import SourceText
    from newsld.view.build import iter_items

    names = [str(paths)] if isinstance(paths, str | Path) else [str(p) for p in paths]
    out = []
    for item in iter_items(names):
        if isinstance(item, InputError):
            raise item
        if not isinstance(item, SourceText):  # passed over on purpose (a hidden file, a link outside)
            continue
        if item.document is None:
            raise InputError(item.source, "is an article, not a newsld document: extract it with "
                             "newsld.extract() or convert it with 'newsld convert'")
        check_document(item.document, item.source)
        out.append(article_from_document(item.document, item.source))
    return out


# ---------------------------------------------------------------- JSON-LD and RDF

def article_of(node: Node) -> str:
    """The IRI of the article a node belongs to (every node IRI is `<article>#...`)."""
    return node.iri.rsplit("#", 1)[0]


def to_jsonld(obj: Article | Node, *, context: str | None = "url") -> dict[str, Any]:
    """The JSON-LD of an article (the document `newsld convert` writes) or of one actor, claim or figure.

    `context`: "url" (the newsld 1.0 context URL), "inline" (the context written in), or None for a
    node without @context (as it appears inside its article's document)."""
    from newsld.rdf.jsonld import article_document
    from newsld.resources import CONTEXT_URL, context_document

    if isinstance(obj, Article):
        doc = article_document(obj, context=context or "url")
        if context is None:
            del doc["@context"]
        return doc
    holder = Article(article_of(obj), "", actors=(obj,) if isinstance(obj, Actor) else (),
                     claims=(obj,) if isinstance(obj, Claim) else (),
                     figures=(obj,) if isinstance(obj, Figure) else ())
    key = "actors" if isinstance(obj, Actor) else "claims" if isinstance(obj, Claim) else "figures"
    node: dict[str, Any] = article_document(holder)[key][0]
    if context is None:
        return node
    if context not in ("url", "inline"):
        raise UsageError(f"context must be 'url', 'inline' or None, not {context!r}")
    return {"@context": CONTEXT_URL if context == "url" else context_document()["@context"], **node}


def to_rdf(article: Article, format: str = "turtle") -> str:
    """The article as RDF text: "turtle", "ntriples" or "nquads" (the article IRI names the graph)."""
    from newsld.rdf.expand import document_triples
    from newsld.rdf.jsonld import article_document
    from newsld.rdf.serialize import FORMATS, serialize

    if format not in FORMATS:
        raise UsageError(f"unknown RDF format {format!r}; choose from {', '.join(FORMATS)}")
    doc = article_document(article)
    return serialize(document_triples(doc), format, graph=article.iri).decode("utf-8")


# ---------------------------------------------------------------- tables

def _plain(value: Number | None) -> int | float | None:
    """A figure value for a table: ints stay ints, decimals become floats (the model keeps the exact value)."""
    if value is None or isinstance(value, int):
        return value
    return float(value) if isinstance(value, Decimal) else value


def actor_rows(article: Article) -> list[dict[str, Any]]:
    """One row per actor of the article (its authors and publisher included)."""
    from newsld.view.spans import all_actors

    rows = []
    for actor in all_actors(article):
        first = actor.mentions[0].span.start if actor.mentions else None
        rows.append({
            "article": article.iri, "actor": actor.iri, "type": actor.type, "name": actor.name,
            "name_key": actor.name_key, "unnamed": actor.unnamed, "alternate_names": list(actor.alternate_names),
            "roles": list(actor.roles), "wikidata": next((s for s in actor.same_as if "wikidata.org" in s), None),
            "mentions": len(actor.mentions), "first_mention": first,
            "role_in_article": "publisher" if article.publisher is not None and actor.iri == article.publisher.iri
            else "author" if actor in article.authors else "mentioned",
            "confidence": actor.confidence, "found_by": actor.found_by})
    return rows


def claim_rows(article: Article) -> list[dict[str, Any]]:
    """One row per claim: who, the cue, the content and where it is, the mention its claimant was read from."""
    from newsld.view.spans import all_actors

    names = {a.iri: a.name for a in all_actors(article)}
    return [{
        "article": article.iri, "claim": c.iri, "claimant": c.claimant,
        "claimant_name": names.get(c.claimant) if c.claimant else None,
        "claimant_mention": c.claimant_mention.exact if c.claimant_mention else None,
        "cue": c.cue, "cue_text": c.cue_text, "content": c.content, "is_quotation": c.is_quotation,
        "start": c.evidence.start, "end": c.evidence.end, "about": [names.get(a, a) for a in c.about],
        "confidence": c.confidence, "found_by": c.found_by} for c in article.claims]


def figure_rows(article: Article) -> list[dict[str, Any]]:
    """One row per figure: value or range, qualifier, unit, currency, who reported it, and its text."""
    from newsld.view.spans import all_actors

    names = {a.iri: a.name for a in all_actors(article)}
    return [{
        "article": article.iri, "figure": f.iri, "value": _plain(f.value), "min_value": _plain(f.min_value),
        "max_value": _plain(f.max_value), "qualifier": f.qualifier, "unit": f.unit, "unit_code": f.unit_code,
        "currency": f.currency, "counted_phrase": f.counted_phrase, "reported_by": f.reported_by,
        "reported_by_name": names.get(f.reported_by) if f.reported_by else None, "in_claim": f.in_claim,
        "place": names.get(f.place, f.place) if f.place else None, "time_text": f.time_text, "text": f.evidence.exact,
        "start": f.evidence.start, "end": f.evidence.end, "confidence": f.confidence, "found_by": f.found_by}
        for f in article.figures]


ROWS = {"actors": actor_rows, "claims": claim_rows, "figures": figure_rows}
COLUMNS = {
    "actors": ("article", "actor", "type", "name", "name_key", "unnamed", "alternate_names", "roles", "wikidata",
               "mentions", "first_mention", "role_in_article", "confidence", "found_by"),
    "claims": ("article", "claim", "claimant", "claimant_name", "claimant_mention", "cue", "cue_text", "content",
               "is_quotation", "start", "end", "about", "confidence", "found_by"),
    "figures": ("article", "figure", "value", "min_value", "max_value", "qualifier", "unit", "unit_code", "currency",
                "counted_phrase", "reported_by", "reported_by_name", "in_claim", "place", "time_text", "text",
                "start", "end", "confidence", "found_by"),
}


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise UsageError("tables need pandas: pip install 'newsld[pandas]'") from None
    return pandas


def table(articles: Article | Iterable[Article], what: str) -> pandas.DataFrame:
    """One DataFrame ("actors", "claims" or "figures") over one article or many."""
    if what not in ROWS:
        raise UsageError(f"no table {what!r}; choose from {', '.join(ROWS)}")
    pd = _pandas()
    group = [articles] if isinstance(articles, Article) else list(articles)
    rows = [row for article in group for row in ROWS[what](article)]
    return pd.DataFrame(rows, columns=list(COLUMNS[what]))


def tables(articles: Article | Iterable[Article]) -> dict[str, pandas.DataFrame]:
    """{"actors": ..., "claims": ..., "figures": ...}: pandas DataFrames over one article or many."""
    group = [articles] if isinstance(articles, Article) else list(articles)
    return {what: table(group, what) for what in ROWS}


def html(article: Article) -> str:
    """The review page as an HTML fragment (what Jupyter shows for an Article)."""
    from newsld.view.render import render_fragment

    return render_fragment(article)
