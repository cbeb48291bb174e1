"""Query results as one value whatever answered (the embedded store or a server), and their standard forms:
SPARQL 1.1 Query Results JSON, TSV and CSV, or N-Triples for CONSTRUCT and DESCRIBE."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from newsld.errors import StoreError

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass
class QueryResult:
    """A SELECT's variables and rows, an ASK's boolean, or a CONSTRUCT/DESCRIBE's triples."""

    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None


def canonical(term: Any) -> Any:
    """Booleans in their canonical form: some servers (Virtuoso) answer "1"/"0" for true/false."""
    if isinstance(term, ox.Literal) and term.datatype.value == XSD_BOOLEAN and term.value in ("1", "0"):
        return ox.Literal("true" if term.value == "1" else "false", datatype=term.datatype)
    return term


def materialise(result: Any) -> QueryResult:
    """A pyoxigraph result (from a store or from parsed server results) read completely."""
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return QueryResult(triples=list(result))
    names = [v.value for v in result.variables]
    return QueryResult(names, [[canonical(solution[n]) for n in names] for solution in result])


RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,  # the old N-Triples media type, still sent by some servers
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}


def parse_server_answer(body: bytes, media_type: str, where: str) -> QueryResult:
    """A server's answer read with pyoxigraph's parsers; an answer that is not a result format is a StoreError."""
    try:
        if media_type in RESULT_TYPES:
            return materialise(ox.parse_query_results(body, format=RESULT_TYPES[media_type]))
        if media_type in GRAPH_TYPES:
            quads = ox.parse(body, format=GRAPH_TYPES[media_type])
            return QueryResult(triples=[ox.Triple(q.subject, q.predicate, q.object) for q in quads])
    except SyntaxError as e:
        raise StoreError(f"{where}: the server's answer is not valid {media_type} ({e.msg}); is this the "
                         "server's SPARQL query URL?") from None
    raise StoreError(f"{where}: the server answered with {media_type or 'no content type'}, which is not a SPARQL "
                     "result format; is this the server's SPARQL query URL?")


# ---------------------------------------------------------------- writing results

def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [{name: _json_term(term) for name, term in zip(result.variables, row, strict=True) if term is not None}
                for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, ensure_ascii=False,
                      indent=1)


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: terms in their N-Triples form."""
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in result.rows]
    return "\n".join(lines)


def plain(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Triple):
        return str(term)
    return str(term.value)


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([plain(term) for term in row] for row in result.rows)
    return buffer.getvalue()


def to_table(result: QueryResult) -> str:
    """An aligned table for people, cells cut at 60 characters."""
    from newsld._terminal import printable

    cells = [[printable(plain(term).replace("\n", " ")) for term in row] for row in result.rows]
    names = [printable(n) for n in result.variables]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in cells])) for i, n in enumerate(names)]

    def line(values: list[str]) -> str:
        return "  ".join((v if len(v) <= w else v[:w - 1] + "…").ljust(w) for v, w in zip(values, widths, strict=True))

    out = [line(names), "  ".join("-" * w for w in widths)] + [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(s.rstrip() for s in out)


def to_ntriples(result: QueryResult) -> str:
    return (ox.serialize(result.triples or [], format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
