"""Reading what `newsld load` is given: every file, every document in it, each turned into the article graphs
to store. One bad document costs only itself; RDF files convert wrote beside a JSON-LD file are recognised by
their content, not by their name.

JSON-LD documents become RDF through `newsld.rdf.document_triples`, the same function validation uses, on every
path (embedded or server, first load or reload). Blank nodes are skolemised under the graph's IRI.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from newsld.errors import InputError

NLD_ARTICLE = "https://w3id.org/newsld/vocab#Article"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
               ".trig": ox.RdfFormat.TRIG}
JSON_SUFFIXES = {".jsonld", ".json", ".jsonl", ".ndjson"}
LOADABLE = JSON_SUFFIXES | set(RDF_FORMATS)

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, Term]


@dataclass
class ArticleGraph:
    """One article, to be stored as the named graph `graph`: its triples, blank-node free."""

    graph: str
    source: str
    triples: list[Triple]


@dataclass
class LoadReport:
    """What a load did: articles loaded (and how many distinct ones, as one article may come in several files),
    triples stored, the inputs refused, and the sibling files recognised."""

    articles: int = 0
    distinct: int = 0
    triples: int = 0
    failures: list[InputError] = field(default_factory=list)
    siblings: int = 0  # RDF files that hold exactly the articles of the JSON-LD file beside them


# ---------------------------------------------------------------- blank nodes

def skolem_base(graph: str) -> str:
    """Where a graph's skolem IRIs live: `<graph>#genid-…` (or `<graph>#frag-genid-…` if it has a fragment)."""
    return graph + ("-genid-" if "#" in graph else "#genid-")


_GENERATED_LABEL = re.compile(r"[0-9a-f]{32}")  # how pyoxigraph names a `[]` node that has no label in the file


def skolemise(triples: list[Triple], graph: str) -> list[Triple]:
    """Replace blank nodes by IRIs under the graph's IRI: `_:x` becomes `<graph#genid-x>`.

    Labels written in the file (and those newsld's JSON-LD conversion derives from the article id) are kept, so
    the JSON-LD and the Turtle convert wrote from it give the same IRIs. When some node had no label (`[]` in
    Turtle, named anew at each parse) every label is first made canonical (W3C RDFC-1.0, as pyoxigraph
    implements it): the same graph always gets the same IRIs, and a reload replaces exactly what was stored."""
    blank = ox.BlankNode
    if not any(s.__class__ is blank or o.__class__ is blank for s, _, o in triples):
        return triples
    labels = {t.value for s, _, o in triples for t in (s, o) if isinstance(t, ox.BlankNode)}
    if any(_GENERATED_LABEL.fullmatch(label) for label in labels):
        dataset = ox.Dataset(ox.Quad(s, p, o, ox.DefaultGraph()) for s, p, o in triples)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        triples = [(q.subject, q.predicate, q.object) for q in dataset]
    base = skolem_base(graph)
    iris: dict[str, ox.NamedNode] = {}

    def iri(node: ox.BlankNode) -> ox.NamedNode:
        found = iris.get(node.value)
        if found is None:
            try:
                found = ox.NamedNode(base + node.value)
            except ValueError:  # a label with characters an IRI cannot hold
                digest = hashlib.sha256(node.value.encode("utf-8", "surrogatepass")).hexdigest()
                found = ox.NamedNode(base + digest[:32])
            iris[node.value] = found
        return found

    return [(iri(s) if isinstance(s, ox.BlankNode) else s, p, iri(o) if isinstance(o, ox.BlankNode) else o)
            for s, p, o in triples]


def fingerprint(graphs: Iterable[ArticleGraph]) -> dict[str, str]:
    """graph IRI -> hash of its sorted N-Triples lines: equal exactly when the graphs hold the same triples."""
    out: dict[str, str] = {}
    for g in graphs:
        lines = sorted(f"{s} {p} {o}" for s, p, o in g.triples)
        out[g.graph] = hashlib.sha256("\n".join(lines).encode("utf-8", "surrogatepass")).hexdigest()
    return out


# ---------------------------------------------------------------- JSON-LD documents

def check_context(doc: dict[str, Any], where: str, *, nested_possible: bool = True) -> None:
    """newsld turns into RDF only documents written in its bundled context, and never fetches another one.

    `nested_possible=False` when the document's JSON text shows no second "@context" key (the walk is skipped)."""
    from newsld.rdf.context import check_context as check_top_context

    check_top_context(doc.get("@context"), where)
    if not nested_possible:
        return

    def nested(value: Any, pointer: str) -> str | None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "@context":
                    return pointer + "/@context"
                found = nested(item, f"{pointer}/{key}")
                if found:
                    return found
        elif isinstance(value, list):
            for index, item in enumerate(value):
                found = nested(item, f"{pointer}/{index}")
                if found:
                    return found
        return None

    for key, value in doc.items():
        if key != "@context":
            found = nested(value, "/" + key)
            if found:
                raise InputError(where, f"has a nested @context at {found}; newsld documents use only the "
                                 "bundled context at the top")


def document_graph(doc: Any, where: str, *, nested_possible: bool = True, validated: bool = False) -> ArticleGraph:
    """The article graph of one newsld JSON-LD document, or an InputError naming `where` and the problem.

    A document that was not validated has its IRIs checked first: a JSON-LD processor would drop a
    node with an invalid id without a word."""
    from newsld.rdf import document_triples  # the one JSON-LD -> RDF function of newsld
    from newsld.rdf.expand import check_iris

    if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
        raise InputError(where, "a document without an article id cannot be loaded")
    check_context(doc, where, nested_possible=nested_possible)
    try:
        if not validated:
            check_iris(doc)
        graph = ox.NamedNode(doc["id"]).value
        triples = document_triples(doc)
    except (ValueError, TypeError) as e:
        raise InputError(where, f"cannot be turned into RDF: {e}; nothing from this document was loaded") from None
    except RecursionError:
        raise InputError(where, "is nested too deeply to turn into RDF") from None
    return ArticleGraph(graph, where, skolemise(triples, graph))


# ---------------------------------------------------------------- files

def graphs_from_triples(triples: list[Triple], source: str) -> list[ArticleGraph]:
    """A Turtle/N-Triples file is one article: the graph is named by its one nld:Article."""
    articles = sorted({s.value for s, p, o in triples if p.value == RDF_TYPE and isinstance(s, ox.NamedNode)
                       and isinstance(o, ox.NamedNode) and o.value == NLD_ARTICLE})
    if len(articles) != 1:
        raise InputError(source, f"holds {len(articles)} articles; a triples file must describe exactly one "
                         "(use N-Quads or JSON lines for several)")
    return [ArticleGraph(articles[0], source, skolemise(triples, articles[0]))]


def _one_context_key(text: str, documents: int) -> bool:
    """True when `text` cannot hold a nested "@context": no more such keys than documents, none escaped."""
    return "\\u" not in text and text.count('"@context"') <= documents


def _json_documents(data: bytes, source: str, suffix: str) -> Iterator[tuple[Any, str, bool]]:
    """(document, where, whether a nested @context is possible) for each document of a JSON file."""
    from newsld._textio import decode_utf8, parse_json

    text = decode_utf8(data, source)
    if suffix in (".jsonl", ".ndjson"):
        for number, line in enumerate(text.split("\n"), 1):
            if line.strip():
                yield parse_json(line, source, line=number), f"{source}: line {number}", not _one_context_key(line, 1)
        return
    value = parse_json(text, source)
    if isinstance(value, list):
        nested = not _one_context_key(text, sum(1 for d in value if isinstance(d, dict) and "@context" in d))
        for index, doc in enumerate(value):
            yield doc, f"{source}: document {index + 1}", nested
    else:
        yield value, source, not _one_context_key(text, 1)


def _check_valid(path: Path, data: bytes) -> None:
    from newsld.validation.validate import shared_validator

    checked = shared_validator().check_file(path, data=data)
    if checked.failures:
        raise checked.failures[0]
    if not checked.ok:
        first = checked.issues[0]
        at = f" (line {first.line})" if first.line else ""
        raise InputError(path, f"is not valid ({len(checked.issues)} problem(s); first{at}: {first.message}); "
                         "nothing from it was loaded")


def read_file(path: Path, report: LoadReport, *, validate: bool = True,
              sibling: list[ArticleGraph] | None = None) -> list[ArticleGraph] | None:
    """The article graphs in one file. An unreadable or (when validating) invalid file loads nothing; without
    validation, each document that cannot become RDF is refused alone and the others in the file still load.

    None when the file is an RDF file holding exactly the graphs of `sibling` (convert's JSON-LD beside it),
    which were validated and loaded already."""
    from newsld._textio import read_bytes

    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in LOADABLE:
        raise InputError(source, f"unknown extension {path.suffix or '(none)'!r}; newsld loads "
                         + ", ".join(sorted(LOADABLE)))
    data = read_bytes(path)  # read once, for validation and for loading
    if suffix in RDF_FORMATS:
        graphs = _rdf_graphs(data, source, RDF_FORMATS[suffix])
        if sibling is not None and fingerprint(graphs) == fingerprint(sibling):
            return None
        if validate:
            _check_valid(path, data)
        return graphs
    if validate:
        _check_valid(path, data)
    graphs = []
    for doc, where, nested_possible in _json_documents(data, source, suffix):
        try:
            graphs.append(document_graph(doc, where, nested_possible=nested_possible, validated=validate))
        except InputError as e:
            if validate:
                raise
            report.failures.append(e)
    return graphs


def _rdf_graphs(data: bytes, source: str, rdf_format: ox.RdfFormat) -> list[ArticleGraph]:
    try:
        quads = list(ox.parse(data, format=rdf_format))
    except SyntaxError as e:
        raise InputError(source, f"not valid {rdf_format.name}: {e.msg}") from None
    if rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        by_graph: dict[str, list[Triple]] = {}
        for q in quads:
            if not isinstance(q.graph_name, ox.NamedNode):
                raise InputError(source, "has triples outside a named graph; newsld keeps each article in "
                                 "the graph named by its IRI")
            by_graph.setdefault(q.graph_name.value, []).append((q.subject, q.predicate, q.object))
        return [ArticleGraph(g, source, skolemise(t, g)) for g, t in by_graph.items()]
    return graphs_from_triples([(q.subject, q.predicate, q.object) for q in quads], source)


def iter_graphs(paths: Iterable[str], report: LoadReport, *, validate: bool = True) -> Iterator[ArticleGraph]:
    """Article graphs from files, directories (convert's output) and globs; bad inputs go to the report.

    convert writes one article as `x.jsonld` and `x.ttl` (or `.nt`, `.nq`) side by side: an RDF file is passed
    over only when it holds exactly the graphs, triple for triple, of the JSON-LD file with its stem."""
    from newsld.validation.validate import expand_paths

    recent: dict[Path, list[ArticleGraph]] = {}  # the last JSON files read, by stem (siblings sort together)
    for item in expand_paths(paths, LOADABLE):
        if isinstance(item, InputError):
            report.failures.append(item)
            continue
        stem = item.with_suffix("")
        try:
            graphs = read_file(item, report, validate=validate, sibling=recent.get(stem))
        except InputError as e:
            report.failures.append(e)
            continue
        if graphs is None:
            report.siblings += 1
            continue
        if item.suffix.lower() in JSON_SUFFIXES:
            recent[stem] = graphs
            if len(recent) > 8:
                del recent[next(iter(recent))]
        yield from graphs
