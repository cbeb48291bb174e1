"""Fast JSON-LD to RDF for documents written with the bundled newsld context.

pyld implements all of JSON-LD and is the reference in the tests; it expands about 1,600 nodes
a second, which is slower than spaCy. newsld documents use one fixed context, so their RDF is
produced here directly from the context's term definitions, following the JSON-LD 1.1
to-RDF rules for the features that context uses (@id and @vocab coercion, typed literals,
native numbers and booleans, @set containers, nested node objects).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyoxigraph as ox

from newsld.resources import context_document

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_INTEGER = ox.NamedNode(XSD + "integer")
XSD_DOUBLE = ox.NamedNode(XSD + "double")
XSD_BOOLEAN = ox.NamedNode(XSD + "boolean")

Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]


@dataclass(frozen=True, slots=True)
class TermDefinition:
    """One context term: the IRI it expands to and how its values are coerced."""

    iri: str
    coerce: str | None  # "@id", "@vocab", a datatype IRI, or None


@dataclass(frozen=True)
class ContextTerms:
    """The bundled context, resolved: term name -> definition, and prefix -> namespace."""

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
        """The context term that expands to `iri` (for messages), if any."""
        for name, definition in self.terms.items():
            if definition.iri == iri:
                return name
        return None


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


def canonical_double(value: float) -> str:
    """The JSON-LD canonical lexical form of an xsd:double (1.6 -> "1.6E0")."""
    mantissa, _, exponent = f"{value:1.15E}".partition("E")
    mantissa = mantissa.rstrip("0")
    if mantissa.endswith("."):
        mantissa += "0"
    return f"{mantissa}E{int(exponent)}"


def document_triples(
    doc: dict[str, Any],
    on_node: Callable[[ox.NamedNode | ox.BlankNode, str], None] | None = None,
) -> list[Triple]:
    """The RDF triples of one newsld JSON-LD document (an object using the bundled context).

    `on_node(subject, json_pointer)` is called for every node object, so callers can map
    findings about a node back to where it is written. Raises ValueError for an IRI that is
    not valid; the caller names the file. Blank node labels derive from the document's id and
    the node's position, so output is byte-identical across runs and unique across articles.
    """
    ident = doc.get("id")
    prefix = "b" + hashlib.sha1(str(ident).encode("utf-8", "surrogatepass")).hexdigest()[:12] if ident else None
    counter = itertools.count(1)
    ctx = load_context_terms()
    terms = ctx.terms
    out: list[Triple] = []
    append = out.append
    named = ox.NamedNode
    literal = ox.Literal

    def node(obj: dict[str, Any], pointer: str) -> ox.NamedNode | ox.BlankNode:
        ident = obj.get("id")
        subject: ox.NamedNode | ox.BlankNode
        if isinstance(ident, str):
            subject = named(ident)
        else:
            subject = ox.BlankNode(f"{prefix}n{next(counter)}") if prefix else ox.BlankNode()
        if on_node is not None:
            on_node(subject, pointer)
        for key, value in obj.items():
            if key == "id" or key == "@context":
                continue
            if key == "type":
                for t in value if isinstance(value, list) else (value,):
                    append((subject, RDF_TYPE, named(ctx.expand_iri(t))))
                continue
            definition = terms.get(key)
            if definition is None:
                continue  # JSON-LD drops keys that the context does not define
            predicate = named(definition.iri)
            items = value if isinstance(value, list) else (value,)
            for index, item in enumerate(items):
                where = f"{pointer}/{key}/{index}" if isinstance(value, list) else f"{pointer}/{key}"
                obj_term = convert(item, definition.coerce, where)
                if obj_term is not None:
                    append((subject, predicate, obj_term))
        return subject

    def convert(
        item: Any, coerce: str | None, pointer: str
    ) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
        if isinstance(item, dict):
            return node(item, pointer)
        if item is None:
            return None
        if isinstance(item, bool):
            return literal("true" if item else "false", datatype=XSD_BOOLEAN)
        if isinstance(item, str):
            if coerce == "@id":
                return named(item)
            if coerce == "@vocab":
                return named(ctx.expand_iri(item))
            if coerce is not None:
                return literal(item, datatype=named(coerce))
            return literal(item)
        if isinstance(item, int):
            return literal(str(item), datatype=named(coerce) if coerce and coerce[0] != "@" else XSD_INTEGER)
        if isinstance(item, float):
            datatype = named(coerce) if coerce and coerce[0] != "@" else None
            if item % 1 or (datatype is not None and datatype == XSD_DOUBLE):
                return literal(canonical_double(item), datatype=datatype or XSD_DOUBLE)
            return literal(f"{item:.0f}", datatype=datatype or XSD_INTEGER)
        return None

    node(doc, "")
    return list(dict.fromkeys(out))  # an RDF graph is a set: a node written twice gives its triples once
