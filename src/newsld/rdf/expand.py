"""newsld JSON-LD to RDF through a standard JSON-LD 1.1 processor: pyoxigraph's, offline.

Every consumer of a newsld document (convert's Turtle and N-Quads, `load`, `validate`) gets
its RDF from `document_triples` / `document_quads`, so they all see the one graph any JSON-LD
processor reads. The bundled context is supplied inline (the context URL is never fetched),
which keeps its JSON-LD 1.1 features (@protected, @version, type coercion) in force.

Node objects written without an id (hand-written data; newsld 1.0 itself writes none) are given
blank node labels derived from the document's id and their position before parsing, so the
output is the same on every run and a finding about such a node can be traced back to its JSON
pointer; a JSON-LD processor keeps such labels, and the graph is the same up to blank node names.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyoxigraph as ox

from newsld.resources import CONTEXT_URL, context_document

Subject = ox.NamedNode | ox.BlankNode
Object = ox.NamedNode | ox.BlankNode | ox.Literal
Triple = tuple[Subject, ox.NamedNode, Object]
OnNode = Callable[[Subject, str], None]

# keys that make a JSON object something other than a node object
_NOT_NODE_KEYS = ("@value", "@list", "@set")


@dataclass(frozen=True, slots=True)
class TermDefinition:
    """One context term: the IRI it expands to and how its values are coerced."""

    iri: str
    coerce: str | None  # "@id", "@vocab", a datatype IRI, or None


@dataclass(frozen=True, eq=False)
class ContextTerms:
    """The bundled context, resolved: term name -> definition, and prefix -> namespace (for messages)."""

    terms: dict[str, TermDefinition]
    prefixes: dict[str, str]

    def expand_iri(self, value: str) -> str:
        """Expand a term or compact IRI ("nld:Exact") to a full IRI; other strings are returned as they are."""
        if value in self.terms:
            return self.terms[value].iri
        prefix, sep, rest = value.partition(":")
        if sep and prefix in self.prefixes and not rest.startswith("//"):
            return self.prefixes[prefix] + rest
        return value

    def key_for(self, iri: str) -> str | None:
        """The context term that expands to `iri` (for pointing at a JSON key), if any."""
        return self.keys.get(iri)

    @property
    def keys(self) -> dict[str, str]:
        return _keys(self)


@cache
def _keys(ctx: ContextTerms) -> dict[str, str]:
    keys: dict[str, str] = {}
    for name, definition in ctx.terms.items():
        keys.setdefault(definition.iri, name)
    return keys


@cache
def load_context_terms() -> ContextTerms:
    """Resolve the bundled context's prefixes and term definitions once."""
    raw = context_document()["@context"]
    prefixes = {k: v for k, v in raw.items() if isinstance(v, str) and v.endswith(("#", "/"))}

    def expand(value: str) -> str:
        prefix, sep, rest = value.partition(":")
        return prefixes[prefix] + rest if sep and prefix in prefixes else value

    terms: dict[str, TermDefinition] = {}
    for name, definition in raw.items():
        if name.startswith("@") or name in prefixes:
            continue
        if isinstance(definition, str):
            if definition.startswith("@"):
                continue  # keyword aliases such as "id" and "type"
            terms[name] = TermDefinition(expand(definition), None)
        else:
            coerce = definition.get("@type")
            if coerce is not None and not coerce.startswith("@"):
                coerce = expand(coerce)
            terms[name] = TermDefinition(expand(definition["@id"]), coerce)
    return ContextTerms(terms, prefixes)


class JsonLdError(ValueError):
    """The JSON-LD processor refused the document; the message says why (the caller names the file)."""


def _label_nodes(doc: dict[str, Any], on_node: OnNode | None) -> dict[str, Any]:
    """A copy of doc in which every node object without an id has a stable blank node label.

    Calls on_node(subject, JSON pointer) for every node object (the document's own pointers, so
    callers can say where a finding is written)."""
    ident = doc.get("id", doc.get("@id"))
    prefix = "b" + hashlib.sha1(str(ident).encode("utf-8", "surrogatepass")).hexdigest()[:12] + "n"
    counter = itertools.count(1)
    expand = load_context_terms().expand_iri

    def visit(obj: dict[str, Any], pointer: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        ident = obj.get("id", obj.get("@id"))
        if ident is None:
            label = f"_:{prefix}{next(counter)}"
            out["@id"] = label
            if on_node is not None:
                on_node(ox.BlankNode(label[2:]), pointer)
        elif on_node is not None and isinstance(ident, str):
            if ident.startswith("_:"):
                on_node(ox.BlankNode(ident[2:]), pointer)
            else:
                with contextlib.suppress(ValueError):  # not an IRI: the processor drops it; the schemas report it
                    on_node(ox.NamedNode(expand(ident)), pointer)
        for key, value in obj.items():
            if key == "@context":
                out[key] = value
            elif isinstance(value, list):
                out[key] = [visit(v, f"{pointer}/{key}/{i}") if _is_node(v) else v for i, v in enumerate(value)]
            elif _is_node(value):
                out[key] = visit(value, f"{pointer}/{key}")
            else:
                out[key] = value
        return out

    return visit(doc, "")


def _visit_ids(value: Any, pointer: str, on_node: OnNode) -> None:
    if isinstance(value, dict):
        ident = value.get("@id")
        if isinstance(ident, str) and ("://" in ident or ident.startswith(("_:", "urn:"))):
            with contextlib.suppress(ValueError):
                on_node(ox.BlankNode(ident[2:]) if ident.startswith("_:") else ox.NamedNode(ident), pointer)
        for key, item in value.items():
            if key != "@context":
                _visit_ids(item, f"{pointer}/{key}", on_node)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _visit_ids(item, f"{pointer}/{i}", on_node)


def _is_node(value: Any) -> bool:
    return isinstance(value, dict) and not any(k in value for k in _NOT_NODE_KEYS)


@cache
def _inline_context() -> Any:
    return context_document()["@context"]


def parse_document(doc: dict[str, Any], *, on_node: OnNode | None = None, newsld: bool = True,
                   stable_labels: bool = True) -> list[ox.Quad]:
    """The quads pyoxigraph's JSON-LD processor reads from a document (may repeat a triple).

    A newsld document uses the newsld context (its URL is replaced by the bundled context) and
    its node objects without an id get stable blank node labels (`stable_labels=False` lets the
    processor name them, which spares a pass over the document when none are expected). With
    newsld=False any JSON-LD with inline contexts is read as it is, and on_node sees only the
    nodes with an "@id". Raises JsonLdError when the processor refuses the document (a redefined
    protected term, an invalid IRI, a remote context)."""
    ctx = doc.get("@context")
    if ctx == CONTEXT_URL:
        ctx = _inline_context()
    elif isinstance(ctx, list):
        ctx = [_inline_context() if c == CONTEXT_URL else c for c in ctx]
    if newsld and (stable_labels or on_node is not None):
        labelled = _label_nodes(doc, on_node)
        labelled["@context"] = ctx
    else:
        labelled = {**doc, "@context": ctx} if "@context" in doc else doc
        if on_node is not None:
            _visit_ids(doc, "", on_node)
    return _parse(labelled)


def _parse(doc: dict[str, Any]) -> list[ox.Quad]:
    data = json.dumps(doc, ensure_ascii=False, allow_nan=False).encode("utf-8", "surrogatepass")
    try:
        return list(ox.parse(data, format=ox.RdfFormat.JSON_LD))
    except SyntaxError as e:
        message = str(e.msg if hasattr(e, "msg") else e)
        if "LoadDocumentCallback" in message:
            message = "it refers to a remote @context, which newsld never fetches"
        raise JsonLdError(f"the JSON-LD processor refused it: {message}") from None


def node_pointers(doc: dict[str, Any], on_node: OnNode, *, newsld: bool = True) -> None:
    """Call on_node(subject, JSON pointer) for every node object of doc that has an id."""
    if not newsld:
        _visit_ids(doc, "", on_node)
        return
    expand = load_context_terms().expand_iri

    def visit(obj: dict[str, Any], pointer: str) -> None:
        ident = obj.get("id", obj.get("@id"))
        if isinstance(ident, str):
            with contextlib.suppress(ValueError):
                on_node(ox.BlankNode(ident[2:]) if ident.startswith("_:") else ox.NamedNode(expand(ident)), pointer)
        for key, value in obj.items():
            if isinstance(value, list):
                for i, v in enumerate(value):
                    if _is_node(v):
                        visit(v, f"{pointer}/{key}/{i}")
            elif key != "@context" and _is_node(value):
                visit(value, f"{pointer}/{key}")

    visit(doc, "")


def check_iris(doc: dict[str, Any]) -> None:
    """Raise JsonLdError naming the JSON pointer of the first node id or IRI value that is not a valid IRI.

    A JSON-LD processor silently drops a node whose id is not an IRI; a document that has not been
    through the schemas (load --no-validate) is checked with this first, so nothing vanishes unseen."""
    ctx = load_context_terms()
    references = _reference_keys(ctx)
    seen: set[str] = set()

    def valid(value: str) -> bool:
        if value in seen or value.startswith("_:"):
            return True
        try:
            ox.NamedNode(ctx.expand_iri(value))
        except ValueError:
            return False
        seen.add(value)
        return True

    def fine(obj: dict[str, Any]) -> bool:  # the quick walk: no pointers are built unless one is needed
        for key, value in obj.items():
            if key == "@context":
                continue
            is_ref = key in references
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        if not fine(item):
                            return False
                    elif is_ref and isinstance(item, str) and not valid(item):
                        return False
            elif isinstance(value, dict):
                if not fine(value):
                    return False
            elif is_ref and isinstance(value, str) and not valid(value):
                return False
        return True

    if fine(doc):
        return

    def visit(obj: dict[str, Any], pointer: str) -> None:
        for key, value in obj.items():
            if key == "@context":
                continue
            where = f"{pointer}/{key}"
            is_ref = key in references
            items = value if isinstance(value, list) else [value]
            for i, item in enumerate(items):
                at = f"{where}/{i}" if isinstance(value, list) else where
                if isinstance(item, dict):
                    visit(item, at)
                elif is_ref and isinstance(item, str) and not valid(item):
                    raise JsonLdError(f"{at} is {item[:80]!r}, which is not a valid IRI")

    visit(doc, "")


@cache
def _reference_keys(ctx: ContextTerms) -> frozenset[str]:
    """The keys whose string values are IRIs: the id keywords and the terms coerced to @id."""
    return frozenset({"id", "@id"} | {name for name, d in ctx.terms.items() if d.coerce == "@id"})


def document_statements(doc: dict[str, Any]) -> list[ox.Quad]:
    """The RDF statements of one newsld JSON-LD document as pyoxigraph quads in the default graph, each once
    (an RDF graph is a set), in the order the processor gives them.

    These are the pyoxigraph objects the JSON-LD processor made, so validating and serialising
    them builds no other terms. Blank nodes get their stable labels (a second parse, only for a
    document that has any). Raises JsonLdError (a ValueError) when the document cannot be read
    as JSON-LD; the caller names the file."""
    quads = parse_document(doc, stable_labels=False)
    blank = ox.BlankNode
    if any(type(q.subject) is blank or type(q.object) is blank for q in quads):
        quads = parse_document(doc)
    default = ox.DefaultGraph
    if any(type(q.graph_name) is not default for q in quads):  # named graphs (@graph with an id): one set
        return list(dict.fromkeys(ox.Quad(q.subject, q.predicate, q.object) for q in quads))
    return list(dict.fromkeys(quads))


def document_triples(doc: dict[str, Any], on_node: OnNode | None = None) -> list[Triple]:
    """The RDF triples of one newsld JSON-LD document, each once (an RDF graph is a set).

    `on_node(subject, json_pointer)` is called for every node object, so callers can map
    findings about a node back to where it is written. Raises JsonLdError (a ValueError) when
    the document cannot be read as JSON-LD; the caller names the file."""
    if on_node is None:  # label blank nodes (for stable output) only when the document has any
        return [(q.subject, q.predicate, q.object) for q in document_statements(doc)]  # type: ignore[misc]
    quads = parse_document(doc, on_node=on_node)
    return list(dict.fromkeys((q.subject, q.predicate, q.object) for q in quads))  # type: ignore[misc]


def document_quads(doc: dict[str, Any], graph: str | None = None) -> list[ox.Quad]:
    """The document's triples as quads in the named graph `graph` (newsld keeps an article in the graph
    named by its IRI; None: the default graph)."""
    name: ox.NamedNode | ox.DefaultGraph = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    return [ox.Quad(s, p, o, name) for s, p, o in document_triples(doc)]
