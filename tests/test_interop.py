"""newsld data reads the same in every standard tool, offline: pyld, rdflib, pySHACL with the shapes alone."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import Graph
from rdflib.compare import isomorphic

import newsld
from newsld.resources import CONTEXT_URL, vocab_path
from tests.conftest import CORPUS, FIXTURES, SEED, run_cli

# rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

SCHEMA = "https://schema.org/"
NLD = "https://w3id.org/newsld/vocab#"
VALID = FIXTURES / "valid"


def refusing_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    raise AssertionError(f"a JSON-LD processor tried to fetch {url}")


def union_graph(path: Path, fmt: ox.RdfFormat) -> Graph:
    """All triples of an RDF file, named graphs merged (read by pyoxigraph, handed to rdflib as N-Triples)."""
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=fmt)]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def pyshacl_conforms(data: Graph) -> tuple[bool, str]:
    """pySHACL with vocab/shapes.ttl alone: no ontology graph, no inference."""
    pyshacl = pytest.importorskip("pyshacl")
    shapes = Graph().parse(vocab_path("shapes.ttl"), format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    return bool(conforms), str(text)


def test_inline_context_reads_the_same_in_pyld_and_rdflib_offline(tmp_path: Path) -> None:
    """`--context inline` output is read by pyld and rdflib, with no loader and no network, as newsld's Turtle."""
    out = tmp_path / "out"
    proc = run_cli("convert", str(VALID / "kursk-deployment.jsonld"), "--context", "inline",
                   "--to", "jsonld", "--to", "turtle", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((out / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    assert isinstance(doc["@context"], dict)
    turtle = Graph().parse(out / "kursk-deployment.ttl", format="turtle")
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": refusing_loader})
    by_pyld = Graph().parse(data=nquads, format="nt")
    by_rdflib = Graph().parse(data=json.dumps(doc), format="json-ld")
    assert len(turtle) > 300
    assert isomorphic(by_pyld, turtle)
    assert isomorphic(by_rdflib, turtle)


def test_url_context_reads_with_the_exported_loader() -> None:
    """pyld users read the default output with newsld.document_loader; rdflib users with with_inline_context."""
    doc = json.loads((VALID / "harbour-budget.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == CONTEXT_URL
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": newsld.document_loader})
    by_rdflib = Graph().parse(data=json.dumps(newsld.with_inline_context(doc)), format="json-ld")
    assert isomorphic(Graph().parse(data=nquads, format="nt"), by_rdflib)
    with pytest.raises(newsld.NetworkRefused):
        newsld.document_loader("https://example.org/other-context.jsonld")


def _expanded_nodes(doc: dict[str, Any]) -> list[dict[str, Any]]:
    expanded = jsonld.expand(doc, {"documentLoader": newsld.document_loader})
    nodes: list[dict[str, Any]] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "@id" in value and "@type" in value:
                nodes.append(value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(expanded)
    return nodes


@pytest.mark.nlp
def test_plain_expansion_of_the_seed_states_schema_org_types(tmp_path: Path) -> None:
    """Without any RDFS reasoning, the converted seed has schema:NewsArticle, schema:Person and schema:Claim
    nodes with their key schema.org properties (what schema.org consumers read)."""
    (text,) = SEED.glob("*.txt")
    proc = run_cli("convert", str(text), "--to", "jsonld", "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    (path,) = tmp_path.rglob("*.jsonld")
    nodes = _expanded_nodes(json.loads(path.read_text(encoding="utf-8")))
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in nodes:
        for t in node["@type"]:
            by_type[t].append(node)
    (article,) = by_type[SCHEMA + "NewsArticle"]
    assert SCHEMA + "articleBody" in article and SCHEMA + "mentions" in article
    assert by_type[SCHEMA + "Person"] and all(SCHEMA + "name" in p for p in by_type[SCHEMA + "Person"])
    claims = by_type[SCHEMA + "Claim"]
    assert claims and all(SCHEMA + "text" in c and SCHEMA + "appearance" in c for c in claims)
    assert any(SCHEMA + "author" in c for c in claims)
    people = {p["@id"] for p in by_type[SCHEMA + "Person"]}
    authors = {a["@id"] for c in claims for a in c.get(SCHEMA + "author", [])}
    assert authors & people


@pytest.mark.parametrize("path", sorted(VALID.iterdir()), ids=lambda p: p.name)
def test_valid_fixtures_conform_under_pyshacl_with_shapes_alone(path: Path) -> None:
    """A valid newsld file conforms under pySHACL given vocab/shapes.ttl alone: no vocabulary, no inference."""
    if path.suffix == ".jsonl":
        data = Graph()
        for line in path.read_text(encoding="utf-8").splitlines():
            data.parse(data=json.dumps(newsld.with_inline_context(json.loads(line))), format="json-ld")
    elif path.suffix == ".jsonld":
        doc = json.loads(path.read_text(encoding="utf-8"))
        data = Graph().parse(data=json.dumps(newsld.with_inline_context(doc)), format="json-ld")
    else:
        data = union_graph(path, {".ttl": ox.RdfFormat.TURTLE, ".nq": ox.RdfFormat.N_QUADS}[path.suffix])
    conforms, text = pyshacl_conforms(data)
    assert conforms, text


@pytest.mark.nlp
@pytest.mark.slow
def test_merged_graph_of_many_articles_is_valid_everywhere(tmp_path: Path) -> None:
    """Seed, fixtures and dev corpus converted and merged into one N-Quads graph: newsld validate and pySHACL
    (shapes alone) accept it, and no actor node carries mentions from two articles."""
    inputs = [*SEED.glob("*.txt"), *(FIXTURES / "articles").iterdir(), *sorted((CORPUS / "texts").glob("*.txt"))]
    proc = run_cli("convert", *map(str, inputs), "--to", "nquads", "-o", str(tmp_path / "out"), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    merged = tmp_path / "all.nq"
    merged.write_bytes(b"".join(p.read_bytes() for p in sorted((tmp_path / "out").rglob("*.nq"))))
    quads = list(ox.parse(path=str(merged), format=ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name for q in quads}
    assert len(graphs) == len(inputs) >= 15
    check = run_cli("validate", str(merged))
    assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()
    conforms, text = pyshacl_conforms(union_graph(merged, ox.RdfFormat.N_QUADS))
    assert conforms, text
    graphs_of: dict[str, set[str]] = defaultdict(set)
    for q in quads:
        if q.predicate.value == NLD + "mention":
            graphs_of[q.subject.value].add(q.graph_name.value)
            assert q.object.value.startswith(q.graph_name.value + "#")
            assert q.subject.value.startswith(q.graph_name.value + "#")
    assert graphs_of and all(len(g) == 1 for g in graphs_of.values())
