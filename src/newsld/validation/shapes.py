"""The shapes a run validates against: newsld's bundled shapes, a project's own shape files, or both.

All shapes go into one shapes graph, so a project's shapes may build on newsld's (sh:node
nlds:OffsetShape). A shapes file is Turtle, N-Triples, RDF/XML, TriG/N-Quads or JSON-LD; a
file that cannot be read, an ill-formed shapes graph and SHACL newsld does not implement all
stop the run before anything is validated (exit 2), naming the file and the problem.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from newsld._textio import decode_utf8, parse_json, read_bytes
from newsld.errors import InputError, ShapesError
from newsld.resources import CONTEXT_URL, context_document, vocab_path
from newsld.validation.shacl import Graph, ShapesGraph, ShapesGraphError, read_shapes

SHAPES_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}


def _parse(path: Path, data: bytes) -> list[ox.Quad]:
    suffix = path.suffix.lower()
    fmt = SHAPES_FORMATS.get(suffix)
    if fmt is None:
        raise ShapesError(path, f"unknown shapes file extension {path.suffix or '(none)'!r}; use one of "
                          + ", ".join(sorted(SHAPES_FORMATS)))
    if fmt == ox.RdfFormat.JSON_LD:
        try:
            doc = parse_json(decode_utf8(data, path), path)
        except InputError as e:
            raise ShapesError(path, e.problem) from None
        if isinstance(doc, dict) and doc.get("@context") == CONTEXT_URL:  # newsld's own context, never fetched
            doc["@context"] = context_document()["@context"]
        data = json.dumps(doc).encode("utf-8")
    if fmt == ox.RdfFormat.RDF_XML and (b"<!DOCTYPE" in data or b"<!ENTITY" in data):
        raise ShapesError(path, "RDF/XML with a DOCTYPE or entity declarations is refused; remove the declarations")
    try:
        # blank nodes renamed: two files' _:b1 are different nodes
        return list(ox.parse(data, format=fmt, base_iri=path.resolve().as_uri(), rename_blank_nodes=True))
    except SyntaxError as e:
        message = str(e.msg if hasattr(e, "msg") else e)
        if "LoadDocumentCallback" in message:
            message = "it refers to a remote @context, which newsld never fetches; inline the context"
        raise ShapesError(path, f"not a readable shapes file: {message}") from None


@cache
def bundled_shapes_quads() -> tuple[ox.Quad, ...]:
    """The quads of newsld's own shapes (vocab/shapes.ttl), read once."""
    path = vocab_path("shapes.ttl")
    return tuple(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def compile_shapes(files: Sequence[Path] = (), *, bundled: bool = True) -> ShapesGraph:
    """One shapes graph from the bundled shapes (unless bundled=False) and the given files."""
    if not files and bundled:
        return _bundled_only()
    quads: list[ox.Quad] = list(bundled_shapes_quads()) if bundled else []
    for path in files:
        try:
            data = read_bytes(path)
        except InputError as e:
            raise ShapesError(path, e.problem) from None
        quads += _parse(path, data)
    return _read(Graph.from_quads(quads), ", ".join(str(p) for p in files))


@cache
def _bundled_only() -> ShapesGraph:
    return _read(Graph.from_quads(bundled_shapes_quads()), str(vocab_path("shapes.ttl")))


def _read(graph: Graph, source: str) -> ShapesGraph:
    try:
        return read_shapes(graph)
    except ShapesGraphError as e:
        raise ShapesError(source, str(e), unsupported=e.unsupported) from None
