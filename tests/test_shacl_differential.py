"""newsld's SHACL verdicts equal pySHACL's on mutated newsld data, in JSON-LD and in N-Triples.

Valid documents are broken in the ways real data breaks (required properties dropped, wrong
datatypes, impossible dates, reversed offsets, wrong classes, duplicated nodes, compact IRIs
used as values, values added, types changed, triples dropped), by a seeded generator. Each
mutated graph goes to newsld's engine and to pySHACL with vocab/shapes.ttl alone (no ontology,
no inference), and the verdict and the multiset of results (focus node, path, value, severity,
source constraint component) must be the same.

rdflib, which pySHACL reads literals with, accepts some lexical forms XSD does not (an exponent
in an xsd:decimal such as "1.5E0", a dateTime written as an xsd:date, "maybe" as an
xsd:boolean), and then compares ill-formed integers by their Python value. The generator does
not write those forms; tests/test_shacl_engine.py pins newsld to XSD's answer for them.
"""

from __future__ import annotations

import copy
import json
import random
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import pyoxigraph as ox
import pytest

from newsld.rdf import document_triples, parse_document, serialize
from newsld.resources import vocab_path
from newsld.validation.shacl import Graph, Literal, ValidationResult, Validator, read_shapes
from newsld.validation.shacl.paths import PredicatePath
from tests.conftest import FIXTURES

pyshacl = pytest.importorskip("pyshacl")
rdflib = pytest.importorskip("rdflib")

pytestmark = pytest.mark.slow

SH = "http://www.w3.org/ns/shacl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CASES_PER_KIND = 12
BASES = [json.loads((FIXTURES / "valid" / f"{n}.jsonld").read_text(encoding="utf-8"))
         for n in ("kursk-deployment", "harbour-budget", "kursk-followup")]

Key = tuple[str, str | None, str | None, str, str]


@cache
def newsld_validator() -> Validator:
    return Validator(read_shapes(Graph.from_quads(ox.parse(path=str(vocab_path("shapes.ttl"))))))


@cache
def pyshacl_shapes() -> Any:
    return rdflib.Graph().parse(vocab_path("shapes.ttl"), format="turtle")


def _name(term: Any) -> str | None:
    """A term for comparison; blank nodes only by kind, since the two parsers label them differently."""
    if term is None:
        return None
    return "_:" if isinstance(term, str) and term.startswith("_:") else str(term)


def key_of(r: ValidationResult) -> Key:
    path = r.path.iri if isinstance(r.path, PredicatePath) else None
    return (str(_name(r.focus)), path, _name(r.value), r.severity, r.component)


def ours(graph: Graph) -> tuple[bool, Counter[Key]]:
    results = newsld_validator().validate(graph)
    return not results, Counter(key_of(r) for r in results)


def _plain(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, rdflib.Literal):
        if term.language:
            return Literal(str(term), "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString", term.language.lower())
        return Literal(str(term), str(term.datatype) if term.datatype else XSD + "string")
    if isinstance(term, rdflib.BNode):
        return "_:" + str(term)
    return str(term)


def theirs(ntriples: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[bool, Counter[Key]]:
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)  # keep lexical forms as written
    data = rdflib.Graph().parse(data=ntriples.decode("utf-8"), format="nt")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=pyshacl_shapes(), inference="none")
    found: Counter[Key] = Counter()
    for r in report.objects(None, rdflib.URIRef(SH + "result")):
        def value(p: str, r: Any = r) -> Any:
            return _plain(report.value(r, rdflib.URIRef(SH + p)))
        path = value("resultPath")
        found[(str(_name(value("focusNode"))), path, _name(value("value")), value("resultSeverity"),
               value("sourceConstraintComponent"))] += 1
    return bool(conforms), found


# ---------------------------------------------------------------- mutations of JSON-LD documents

def nodes(doc: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The node objects of a document that hold `kind` ("claims", "figures", "actors", "spans")."""
    if kind == "spans":
        out = []
        for actor in doc.get("actors", []):
            out += actor.get("mentions", [])
        for item in doc.get("claims", []) + doc.get("figures", []):
            out += [item[k] for k in ("evidence", "cueSpan", "claimantMention") if k in item]
        return out
    return list(doc.get(kind, []))


def ids(doc: dict[str, Any], kind: str) -> list[str]:
    return [n["id"] for n in nodes(doc, kind)]


def drop_required(doc: dict[str, Any], rng: random.Random) -> str:
    kind, key = rng.choice([("claims", "content"), ("claims", "isQuotation"), ("claims", "evidence"),
                            ("figures", "qualifier"), ("figures", "evidence"), ("actors", "name"),
                            ("spans", "start"), ("spans", "end"), ("spans", "exact"), ("doc", "textSha256")])
    targets = [doc] if kind == "doc" else [n for n in nodes(doc, kind) if key in n]
    rng.choice(targets).pop(key)
    return f"drop {kind}.{key}"


def wrong_datatype(doc: dict[str, Any], rng: random.Random) -> str:
    kind, key, value = rng.choice([
        ("claims", "isQuotation", "yes"), ("claims", "content", 42), ("doc", "headline", 2024),
        ("actors", "name", True), ("spans", "exact", 7), ("doc", "inLanguage", 1), ("figures", "unitText", False),
        ("figures", "value", "eight"), ("actors", "role", ["chair", 3]), ("spans", "prefix", 12.5)])
    targets = [doc] if kind == "doc" else nodes(doc, kind)
    rng.choice(targets)[key] = value
    return f"{kind}.{key} = {value!r}"


def impossible_date(doc: dict[str, Any], rng: random.Random) -> str:
    value = rng.choice(["2025-02-30", "2023-02-29", "2025-13-01", "2025-00-10", "2025-1-5", "yesterday",
                        "2025-04-31", "1900-02-29", "20250101"])
    doc.pop("dateTimePublished", None)
    doc["datePublished"] = value
    return f"datePublished = {value!r}"


def reversed_offsets(doc: dict[str, Any], rng: random.Random) -> str:
    span = rng.choice([s for s in nodes(doc, "spans") if s["start"] < s["end"]])
    span["start"], span["end"] = span["end"], span["start"]
    return f"span {span['id']} reversed"


def wrong_class(doc: dict[str, Any], rng: random.Random) -> str:
    choice = rng.randrange(5)
    if choice == 0 and doc.get("claims"):
        rng.choice(doc["claims"])["claimant"] = rng.choice(ids(doc, "claims") + ids(doc, "spans"))
        return "claimant is not an actor"
    if choice == 1 and doc.get("figures"):
        rng.choice(doc["figures"])["reportedBy"] = rng.choice(ids(doc, "figures") + ids(doc, "spans"))
        return "reportedBy is not an actor"
    if choice == 2:
        actor = rng.choice(doc["actors"])
        actor["type"] = [t for t in actor["type"] if t != "Actor"]
        return "actor without nld:Actor"
    if choice == 3:
        actor = rng.choice([a for a in doc["actors"] if any(t.startswith("schema:") for t in a["type"])])
        actor["type"] = [t for t in actor["type"] if not t.startswith("schema:")] + ["schema:Thing"]
        return "actor with the wrong schema.org class"
    item = rng.choice(nodes(doc, "claims") + nodes(doc, "figures"))
    item["evidence"] = rng.choice(ids(doc, "actors"))
    return "evidence is an actor"


def duplicated_node(doc: dict[str, Any], rng: random.Random) -> str:
    kind = rng.choice(["actors", "claims", "figures"])
    if not doc.get(kind):
        kind = "actors"
    original = rng.choice(doc[kind])
    twin = copy.deepcopy(original)
    if rng.random() < 0.7:  # the same node written again with a different value; else identically
        key = {"actors": "name", "claims": "content", "figures": "unitText"}[kind]
        twin[key] = "a second value"
    doc[kind].append(twin)
    return f"{kind} node {original['id']} written twice"


def compact_iri_value(doc: dict[str, Any], rng: random.Random) -> str:
    choice = rng.randrange(4)
    if choice == 0 and doc.get("claims"):
        rng.choice(doc["claims"])["claimant"] = "nld:okafor"
        return "claimant nld:okafor"
    if choice == 1:
        doc["url"] = "schema:x"
        return "url schema:x"
    if choice == 2:
        rng.choice(doc["actors"])["sameAs"] = ["schema:Q1"]
        return "sameAs schema:Q1"
    item = rng.choice(nodes(doc, "claims") + nodes(doc, "figures"))
    item["about"] = ["nld:someone"]
    return "about nld:someone"


def broken_value(doc: dict[str, Any], rng: random.Random) -> str:
    kind, key, value = rng.choice([
        ("figures", "unitCode", "p1"), ("figures", "currency", "usd"), ("actors", "nameKey", "Person:Bob"),
        ("actors", "confidence", "-0.5"), ("figures", "confidence", "-2"), ("doc", "textSha256", "ABC"),
        ("actors", "alternateName", [""]), ("claims", "cue", ""), ("figures", "qualifier", "Roughly"),
        ("spans", "kind", "Nickname"), ("actors", "foundBy", "")])
    targets = [doc] if kind == "doc" else nodes(doc, kind)
    rng.choice(targets)[key] = value
    return f"{kind}.{key} = {value!r}"


def min_above_max(doc: dict[str, Any], rng: random.Random) -> str:
    figure = rng.choice(doc["figures"]) if doc.get("figures") else None
    if figure is None:
        return impossible_date(doc, rng)
    figure.pop("value", None)
    figure["minValue"], figure["maxValue"] = "9", str(rng.choice([3, 8, "8.99"]))
    figure["qualifier"] = "Range"
    return "minValue above maxValue"


JSON_MUTATIONS: dict[str, Callable[[dict[str, Any], random.Random], str]] = {
    "drop-required": drop_required, "wrong-datatype": wrong_datatype, "impossible-date": impossible_date,
    "reversed-offsets": reversed_offsets, "wrong-class": wrong_class, "duplicated-node": duplicated_node,
    "compact-iri-value": compact_iri_value, "broken-value": broken_value, "min-above-max": min_above_max,
}


# ---------------------------------------------------------------- mutations of N-Triples

def nt_lines(doc: dict[str, Any]) -> list[str]:
    return serialize(document_triples(doc), "ntriples").decode("utf-8").splitlines()


def triples_of(lines: list[str]) -> list[ox.Triple]:
    return list(ox.parse("\n".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))  # type: ignore[arg-type]


def to_lines(triples: list[ox.Triple]) -> list[str]:
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8").splitlines()


def drop_triples(lines: list[str], rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        lines.pop(rng.randrange(len(lines)))
    return "triples dropped"


def repeat_triples(lines: list[str], rng: random.Random) -> str:
    lines += rng.sample(lines, 20)
    rng.shuffle(lines)
    return "triples repeated (a set: no effect)"


def retype_literal(lines: list[str], rng: random.Random) -> str:
    triples = triples_of(lines)
    literals = [i for i, t in enumerate(triples) if isinstance(t.object, ox.Literal)]
    i = rng.choice(literals)
    t = triples[i]
    assert isinstance(t.object, ox.Literal)
    # (not xsd:token or xsd:normalizedString: rdflib rewrites their lexical forms)
    datatype = rng.choice([XSD + "string", XSD + "integer", XSD + "date", XSD + "anyURI"])
    lexical = {XSD + "integer": str(rng.randint(-5, 500)), XSD + "date": "2025-01-31"}.get(datatype, t.object.value)
    triples[i] = ox.Triple(t.subject, t.predicate, ox.Literal(lexical, datatype=ox.NamedNode(datatype)))
    lines[:] = to_lines(triples)
    return f"{t.predicate.value} becomes {datatype}"


def change_type(lines: list[str], rng: random.Random) -> str:
    triples = triples_of(lines)
    typed = [i for i, t in enumerate(triples) if t.predicate.value == RDF_TYPE]
    classes = sorted({triples[i].object.value for i in typed})  # type: ignore[union-attr]
    i = rng.choice(typed)
    t = triples[i]
    triples[i] = ox.Triple(t.subject, t.predicate, ox.NamedNode(rng.choice(classes)))
    lines[:] = to_lines(triples)
    return f"{t.subject} gets another class"


def extra_value(lines: list[str], rng: random.Random) -> str:
    triples = triples_of(lines)
    t = rng.choice(triples)
    other = rng.choice(triples).object
    triples.append(ox.Triple(t.subject, t.predicate, other))
    lines[:] = to_lines(triples)
    return f"another {t.predicate.value}"


def swap_objects(lines: list[str], rng: random.Random) -> str:
    triples = triples_of(lines)
    named = [i for i, t in enumerate(triples) if isinstance(t.object, ox.NamedNode) and t.predicate.value != RDF_TYPE]
    i, j = rng.sample(named, 2)
    a, b = triples[i], triples[j]
    triples[i], triples[j] = ox.Triple(a.subject, a.predicate, b.object), ox.Triple(b.subject, b.predicate, a.object)
    lines[:] = to_lines(triples)
    return f"objects of {a.predicate.value} and {b.predicate.value} swapped"


def blank_object(lines: list[str], rng: random.Random) -> str:
    triples = triples_of(lines)
    t = rng.choice([t for t in triples if isinstance(t.object, ox.NamedNode) and t.predicate.value != RDF_TYPE])
    triples.append(ox.Triple(t.subject, t.predicate, ox.BlankNode("mutant")))
    lines[:] = to_lines(triples)
    return f"a blank node as {t.predicate.value}"


NT_MUTATIONS: dict[str, Callable[[list[str], random.Random], str]] = {
    "drop-triples": drop_triples, "repeat-triples": repeat_triples, "retype-literal": retype_literal,
    "change-type": change_type, "extra-value": extra_value, "swap-objects": swap_objects,
    "blank-object": blank_object,
}


def json_cases(kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for i in range(CASES_PER_KIND):
        rng = random.Random(f"json-{kind}-{i}")
        doc = copy.deepcopy(BASES[i % len(BASES)])
        what = JSON_MUTATIONS[kind](doc, rng)
        yield f"{kind} #{i}: {what}", doc


def nt_cases(kind: str) -> Iterator[tuple[str, bytes]]:
    for i in range(CASES_PER_KIND):
        rng = random.Random(f"nt-{kind}-{i}")
        lines = nt_lines(BASES[i % len(BASES)])
        what = NT_MUTATIONS[kind](lines, rng)
        yield f"{kind} #{i}: {what}", ("\n".join(lines) + "\n").encode("utf-8")


def assert_same(case: str, mine: tuple[bool, Counter[Key]], reference: tuple[bool, Counter[Key]]) -> None:
    assert mine[0] == reference[0], f"{case}: newsld conforms={mine[0]}, pySHACL conforms={reference[0]}"
    assert mine[1] == reference[1], (f"{case}:\n only newsld: {sorted(mine[1] - reference[1], key=str)}\n"
                                     f" only pySHACL: {sorted(reference[1] - mine[1], key=str)}")


def test_the_valid_bases_conform_for_both(monkeypatch: pytest.MonkeyPatch) -> None:
    """The unmutated documents conform for newsld and pySHACL alike (the mutations start from valid data)."""
    for doc in BASES:
        graph = Graph.from_quads(parse_document(doc))
        assert ours(graph) == theirs(serialize(document_triples(doc), "ntriples"), monkeypatch) == (True, Counter())


@pytest.mark.parametrize("kind", sorted(JSON_MUTATIONS))
def test_json_ld_mutations_agree_with_pyshacl(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken JSON-LD document gets the same SHACL verdict and results from newsld as from pySHACL."""
    broken = 0
    for case, doc in json_cases(kind):
        graph = Graph.from_quads(parse_document(doc))
        reference = theirs(serialize(document_triples(doc), "ntriples"), monkeypatch)
        assert_same(case, ours(graph), reference)
        broken += not reference[0]
    assert broken >= CASES_PER_KIND // 3, "too few mutations break a shape for the test to prove much"


@pytest.mark.parametrize("kind", sorted(NT_MUTATIONS))
def test_ntriples_mutations_agree_with_pyshacl(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken N-Triples file gets the same SHACL verdict and results from newsld as from pySHACL."""
    for case, data in nt_cases(kind):
        graph = Graph.from_quads(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        assert_same(case, ours(graph), theirs(data, monkeypatch))
