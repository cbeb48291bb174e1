"""W3C validation reports: results as an sh:ValidationReport graph, in the form pySHACL and TopBraid write."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from newsld.validation.shacl.engine import ValidationResult
from newsld.validation.shacl.paths import (
    AlternativePath,
    InversePath,
    OneOrMorePath,
    Path,
    PredicatePath,
    SequencePath,
    ZeroOrMorePath,
    ZeroOrOnePath,
)
from newsld.validation.shacl.terms import RDF, SH, to_ox

PREFIXES = {"sh": SH, "rdf": RDF, "xsd": "http://www.w3.org/2001/XMLSchema#"}
_TYPE = ox.NamedNode(RDF + "type")
_FIRST, _REST, _NIL = ox.NamedNode(RDF + "first"), ox.NamedNode(RDF + "rest"), ox.NamedNode(RDF + "nil")


def _sh(name: str) -> ox.NamedNode:
    return ox.NamedNode(SH + name)


def path_triples(path: Path, out: list[ox.Triple]) -> ox.NamedNode | ox.BlankNode:
    """The RDF node of a path, appending the triples that describe it (SHACL's path syntax)."""
    if isinstance(path, PredicatePath):
        return ox.NamedNode(path.iri)
    node = ox.BlankNode()
    if isinstance(path, SequencePath | AlternativePath):
        members = [path_triples(p, out) for p in path.paths]
        head: ox.NamedNode | ox.BlankNode = _NIL
        for member in reversed(members):
            cell = ox.BlankNode()
            out.append(ox.Triple(cell, _FIRST, member))
            out.append(ox.Triple(cell, _REST, head))
            head = cell
        if isinstance(path, SequencePath):
            return head
        out.append(ox.Triple(node, _sh("alternativePath"), head))
        return node
    kind = {InversePath: "inversePath", ZeroOrMorePath: "zeroOrMorePath", OneOrMorePath: "oneOrMorePath",
            ZeroOrOnePath: "zeroOrOnePath"}[type(path)]
    inner = path_triples(path.path, out)  # type: ignore[attr-defined]
    out.append(ox.Triple(node, _sh(kind), inner))
    return node


def report_triples(results: Iterable[ValidationResult], conforms: bool) -> list[ox.Triple]:
    """The triples of one sh:ValidationReport holding these results."""
    out: list[ox.Triple] = []
    report = ox.BlankNode()
    out.append(ox.Triple(report, _TYPE, _sh("ValidationReport")))
    boolean = ox.NamedNode(PREFIXES["xsd"] + "boolean")
    out.append(ox.Triple(report, _sh("conforms"), ox.Literal("true" if conforms else "false", datatype=boolean)))
    described: list[ox.Triple] = []
    paths: list[ox.Triple] = []
    for r in results:
        node = ox.BlankNode()
        out.append(ox.Triple(report, _sh("result"), node))
        described.append(ox.Triple(node, _TYPE, _sh("ValidationResult")))
        described.append(ox.Triple(node, _sh("focusNode"), to_ox(r.focus)))
        if r.path is not None:
            described.append(ox.Triple(node, _sh("resultPath"), path_triples(r.path, paths)))
        if r.value is not None:
            described.append(ox.Triple(node, _sh("value"), to_ox(r.value)))
        described.append(ox.Triple(node, _sh("resultSeverity"), ox.NamedNode(r.severity)))
        described.append(ox.Triple(node, _sh("sourceShape"), to_ox(r.shape)))
        described.append(ox.Triple(node, _sh("sourceConstraintComponent"), ox.NamedNode(r.component)))
        if r.messages:
            for m in r.messages:
                described.append(ox.Triple(node, _sh("resultMessage"), to_ox(m)))
        else:
            described.append(ox.Triple(node, _sh("resultMessage"), ox.Literal(r.message)))
    return out + described + paths


def report_turtle(results: Iterable[ValidationResult], conforms: bool, prefixes: dict[str, str] | None = None) -> str:
    """The report as Turtle."""
    triples = report_triples(results, conforms)
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={**PREFIXES, **(prefixes or {})})
    return (data or b"").decode("utf-8")
