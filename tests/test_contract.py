"""The public contract agrees with itself: schemas, JSON-LD context, vocabulary and shapes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.compare import isomorphic

from newsld.rdf import document_triples, serialize
from newsld.resources import CONTEXT_URL, SCHEMA_BASE, context_document, data_dir, schemas, vocab_path
from tests.conftest import FIXTURES

NLD = Namespace("https://w3id.org/newsld/vocab#")
SH = Namespace("http://www.w3.org/ns/shacl#")
KEYWORD_ALIASES = {"id", "type"}


def schema_keys(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            yield key
            yield from schema_keys(value)
        for key, value in node.items():
            if key != "properties":
                yield from schema_keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from schema_keys(item)


def vocab_graph() -> Graph:
    return Graph().parse(vocab_path("newsld.ttl"), format="turtle")


def shapes_graph() -> Graph:
    return Graph().parse(vocab_path("shapes.ttl"), format="turtle")


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader that serves the bundled context and refuses everything else."""
    if url == CONTEXT_URL:
        return {"contextUrl": None, "documentUrl": url, "document": context_document()}
    raise AssertionError(f"pyld tried to fetch {url}")


def test_every_schema_key_is_a_context_term() -> None:
    """A key the schemas allow always means something in RDF (JSON-LD never drops it silently)."""
    terms = set(context_document()["@context"])
    keys = {k for schema in schemas().values() for k in schema_keys(schema)} - {"@context"}
    assert keys - terms - KEYWORD_ALIASES == set()
    assert len(keys) > 40


def test_every_context_term_is_documented_in_the_vocabulary() -> None:
    """Every context term expands to an IRI that vocab/newsld.ttl labels and explains."""
    graph = vocab_graph()
    from newsld.rdf import load_context_terms
    terms = load_context_terms().terms
    for name, definition in terms.items():
        iri = URIRef(definition.iri)
        assert graph.value(iri, RDFS.label) is not None, f"{name} -> {iri} has no rdfs:label"
        assert graph.value(iri, RDFS.comment) is not None, f"{name} -> {iri} has no rdfs:comment"


def test_every_newsld_term_has_label_comment_and_alignment() -> None:
    """Each nld: class is aligned to an external class; each nld: term is labelled and commented."""
    graph = vocab_graph()
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(NLD))}
    assert len(subjects) > 35
    for term in subjects:
        assert graph.value(term, RDFS.label) and graph.value(term, RDFS.comment), term
    for cls in graph.subjects(RDF.type, RDFS.Class):
        if (cls, OWL.oneOf, None) in graph:  # enumerations (qualifiers, mention kinds) list their members
            continue
        parents = {str(p) for p in graph.objects(cls, RDFS.subClassOf)}
        assert any(not p.startswith(str(NLD)) for p in parents), f"{cls} is not aligned"


def test_every_class_has_a_shape() -> None:
    """Every class newsld writes is the target of a SHACL shape."""
    graph, shapes = vocab_graph(), shapes_graph()
    targets = set(shapes.objects(None, SH.targetClass))
    classes = {c for c in graph.subjects(RDF.type, RDFS.Class) if (c, OWL.oneOf, None) not in graph}
    assert classes - targets == set()


def test_qualifiers_agree_across_schema_shapes_and_vocabulary() -> None:
    """The qualifier list is the same in the figure schema, the shapes and the vocabulary."""
    schema = schemas()[SCHEMA_BASE + "figure.schema.json"]
    in_schema = {NLD[q] for q in schema["properties"]["qualifier"]["enum"]}
    in_vocab = set(vocab_graph().subjects(RDF.type, NLD.Qualifier))
    shapes = shapes_graph()
    lists = [set(shapes.collection(o)) for o in shapes.objects(None, SH["in"])]
    assert in_schema == in_vocab and in_vocab in lists


def test_actor_types_agree_with_vocabulary() -> None:
    """Actor types in the schema are exactly the subclasses of nld:Actor (plus Actor itself)."""
    schema = schemas()[SCHEMA_BASE + "actor.schema.json"]
    subclasses = set(vocab_graph().subjects(RDFS.subClassOf, NLD.Actor))
    allowed = {t for t in schema["properties"]["type"]["items"]["enum"] if ":" not in t}
    assert {NLD[t] for t in allowed} == subclasses | {NLD.Actor}


def test_mention_kinds_agree_across_schema_shapes_and_vocabulary() -> None:
    """The mention kinds are the same in the span schema, the shapes and the vocabulary."""
    schema = schemas()[SCHEMA_BASE + "span.schema.json"]
    in_schema = {NLD[k] for k in schema["properties"]["kind"]["enum"]}
    in_vocab = set(vocab_graph().subjects(RDF.type, NLD.MentionKind))
    shapes = shapes_graph()
    lists = [set(shapes.collection(o)) for o in shapes.objects(None, SH["in"])]
    assert in_schema == in_vocab and in_vocab in lists and len(in_vocab) == 4


JSONLD_FIXTURES = sorted((FIXTURES / "valid").glob("*.jsonld"))


@pytest.mark.parametrize("path", JSONLD_FIXTURES, ids=[p.name for p in JSONLD_FIXTURES])
def test_fast_rdf_equals_reference_json_ld_processor(path: Path) -> None:
    """newsld's direct JSON-LD-to-RDF gives the same graph as pyld, offline with the bundled context."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": offline_loader})
    reference = Graph().parse(data=nquads, format="nt")
    ours = Graph().parse(data=serialize(document_triples(doc), "ntriples").decode(), format="nt")
    assert len(ours) == len(reference) > 100
    assert isomorphic(ours, reference)


def test_shacl_engine_agrees_with_pyshacl() -> None:
    """On valid and shape-breaking fixtures, the built-in engine and pySHACL give the same verdicts."""
    pyshacl = pytest.importorskip("pyshacl")
    from newsld.validation import validate_paths
    cases = [FIXTURES / "valid" / "kursk-deployment.jsonld", FIXTURES / "valid" / "harbour-budget.jsonld"]
    cases += [FIXTURES / "invalid" / c / "input.jsonld" for c in
              ("start-after-end", "claimant-not-an-actor", "reporter-not-an-actor", "range-reversed")]
    cases += [FIXTURES / "invalid" / "turtle-span-without-start" / "input.ttl"]
    for path in cases:
        if path.suffix == ".ttl":
            data = Graph().parse(path, format="turtle")
        else:
            doc = json.loads(path.read_text(encoding="utf-8"))
            data = Graph().parse(data=serialize(document_triples(doc), "ntriples").decode(), format="nt")
        conforms, _, text = pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none",
                                             allow_warnings=True)  # the shapes alone: 1.0 data states its types
        ours = [i for i in validate_paths([str(path)]).issues if i.stage == "shacl"]
        assert conforms == (not ours), f"{path}: pySHACL says {conforms}, newsld {ours}\n{text}"


def test_resources_found_in_an_installed_wheel(tmp_path: Path) -> None:
    """A built wheel carries schemas/ and vocab/, and an installed (non-editable) newsld finds them there."""
    import subprocess
    import sys
    import zipfile
    root = data_dir("schemas").parent
    if not (root / "pyproject.toml").exists():
        root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(tmp_path), str(root)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("newsld-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for required in ("newsld/schemas/article.schema.json", "newsld/vocab/newsld.ttl", "newsld/vocab/shapes.ttl",
                     "newsld/vocab/context.jsonld"):
        assert required in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import newsld.resources as r, pathlib; d = r.data_dir('schemas'); "
            f"assert pathlib.Path(d).is_relative_to({str(site)!r}), d; print(len(r.schemas()))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                         env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert run.returncode == 0 and int(run.stdout) == len(schemas()), run.stderr
