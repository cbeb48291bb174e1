"""Serialise triples with pyoxigraph: Turtle with the newsld prefixes, N-Triples, N-Quads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from newsld.rdf.expand import Triple

PREFIXES = {
    "nld": "https://w3id.org/newsld/vocab#",
    "schema": "https://schema.org/",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, "ttl"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "nt"),
    "nquads": (ox.RdfFormat.N_QUADS, "nq"),
}


def serialize(triples: Iterable[Triple], fmt: str, graph: str | None = None) -> bytes:
    """Serialise triples as `fmt`; N-Quads puts them in the named graph `graph` (the article IRI)."""
    rdf_format, _ = FORMATS[fmt]
    if fmt == "nquads":
        graph_name = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        quads = [ox.Quad(s, p, o, graph_name) for s, p, o in triples]
        return ox.serialize(quads, format=rdf_format) or b""
    statements = [ox.Triple(s, p, o) for s, p, o in triples]
    if fmt == "turtle":
        return ox.serialize(statements, format=rdf_format, prefixes=PREFIXES) or b""
    return ox.serialize(statements, format=rdf_format) or b""


def serialize_statements(quads: Sequence[ox.Quad], fmt: str, graph: str | None = None) -> bytes:
    """Serialise default-graph quads (from `document_statements`) as `fmt`, as `serialize` does their triples.

    Turtle and N-Triples take the quads as they are; N-Quads puts them in the named graph `graph`."""
    rdf_format, _ = FORMATS[fmt]
    if fmt == "nquads":
        if graph:
            name = ox.NamedNode(graph)
            quads = [ox.Quad(q.subject, q.predicate, q.object, name) for q in quads]
        return ox.serialize(quads, format=rdf_format) or b""
    if fmt == "turtle":
        return ox.serialize(quads, format=rdf_format, prefixes=PREFIXES) or b""
    return ox.serialize(quads, format=rdf_format) or b""
