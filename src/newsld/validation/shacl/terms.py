"""RDF terms as plain Python values, so graphs index and compare them at dictionary speed.

An IRI is its `str`; a blank node is the `str` "_:label" (no IRI starts with "_:", since a
scheme starts with a letter); a literal is a `Literal` tuple. Equal terms are equal values.
"""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = RDF + "type"
RDF_FIRST = RDF + "first"
RDF_REST = RDF + "rest"
RDF_NIL = RDF + "nil"
RDFS_SUBCLASS_OF = RDFS + "subClassOf"
XSD_STRING = XSD + "string"
XSD_BOOLEAN = XSD + "boolean"
XSD_INTEGER = XSD + "integer"
LANG_STRING = RDF + "langString"


class Literal(NamedTuple):
    """A literal: lexical form, datatype IRI, and language tag (lower case) or None."""

    value: str
    datatype: str
    language: str | None = None


Term = str | Literal


def is_blank(term: Term) -> bool:
    return type(term) is str and term.startswith("_:")


def is_iri(term: Term) -> bool:
    return type(term) is str and not term.startswith("_:")


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> Term:
    """The plain value of a pyoxigraph term (RDF-star triple terms are refused by the caller)."""
    kind = type(term)
    if kind is ox.NamedNode:
        return term.value  # type: ignore[union-attr]
    if kind is ox.BlankNode:
        return "_:" + term.value  # type: ignore[union-attr]
    if kind is ox.Literal:
        assert isinstance(term, ox.Literal)
        language = term.language
        return Literal(term.value, term.datatype.value, language.lower() if language else None)
    raise TypeError(f"not an RDF 1.1 term: {term!r}")


def to_ox(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term of a plain value (for serialising reports)."""
    if type(term) is Literal:
        assert isinstance(term, Literal)
        if term.language:
            return ox.Literal(term.value, language=term.language)
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    assert isinstance(term, str)
    if term.startswith("_:"):
        return ox.BlankNode(term[2:])
    return ox.NamedNode(term)


_PREFIXES = (
    ("http://www.w3.org/ns/shacl#", "sh:"), ("https://w3id.org/newsld/vocab#", "nld:"),
    ("https://schema.org/", "schema:"), ("http://www.w3.org/ns/oa#", "oa:"),
    ("http://www.w3.org/ns/prov#", "prov:"), (XSD, "xsd:"), (RDF, "rdf:"), (RDFS, "rdfs:"),
)


def short(term: Term | None, limit: int = 60) -> str:
    """A term as people read it in messages: prefixed names for well-known namespaces, quoted literals."""
    if term is None:
        return "nothing"
    if type(term) is Literal:
        assert isinstance(term, Literal)
        text = term.value if len(term.value) <= limit else term.value[: limit - 3] + "..."
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype == XSD_STRING:
            return f'"{text}"'
        return f'"{text}"^^{short(term.datatype)}'
    assert isinstance(term, str)
    if term.startswith("_:"):
        return term
    for namespace, prefix in _PREFIXES:
        if term.startswith(namespace) and term[len(namespace):].replace("_", "").replace("-", "").isalnum():
            return prefix + term[len(namespace):]
    return f"<{term}>"
