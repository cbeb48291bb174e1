"""The W3C SHACL Core test suite, one test per manifest entry, with the suite's own expected reports.

Each entry names a data graph, a shapes graph and the expected sh:ValidationReport. A test passes
when newsld's SHACL engine gives the expected sh:conforms and exactly the expected results:
focus node, result path (compared by structure, so blank-node paths match), value where the
report gives one, severity, source constraint component and source shape. Nothing is skipped:
newsld refuses only SHACL-SPARQL and Advanced Features, which this Core suite does not use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest

from newsld.validation.shacl import Graph, Validator, read_shapes
from newsld.validation.shacl.engine import ValidationResult
from newsld.validation.shacl.paths import Path as ShPath
from newsld.validation.shacl.paths import parse_path
from newsld.validation.shacl.terms import SH, Term, is_blank
from tests.conftest import SHARED

SUITE = SHARED / "conformance" / "shacl-core"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"


@cache
def load(path: Path) -> Graph:
    """A suite file as a graph; relative IRIs resolve against its file: URL, as the suite says."""
    return Graph.from_quads(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()))


def file_of(iri: Term) -> Path:
    assert isinstance(iri, str) and iri.startswith("file://"), iri
    return Path(iri[len("file://"):])


@dataclass(frozen=True)
class Entry:
    manifest: Path
    node: Term

    @property
    def name(self) -> str:
        folder = self.manifest.parent.relative_to(SUITE)
        return f"{folder}/{str(self.node).rsplit('/', 1)[-1]}"


def entries(manifest: Path) -> list[Entry]:
    g = load(manifest)
    found: list[Entry] = []
    for included in sorted(g.objects(str(manifest.as_uri()), MF + "include"), key=str):
        found += entries(file_of(included))
    for head in g.objects(manifest.as_uri(), MF + "entries"):
        found += [Entry(manifest, e) for e in g.rdf_list(head) or []]
    return found


ENTRIES = entries(SUITE / "manifest.ttl")


@dataclass(frozen=True)
class Expected:
    focus: Term
    path: ShPath | None
    value: Term | None  # None: the report gives no value, any is accepted
    severity: Term
    component: Term
    shape: Term | None  # None: a blank node of another file, which cannot be named here


def expected_report(entry: Entry) -> tuple[bool, list[Expected], Path, Path]:
    g = load(entry.manifest)
    action = g.value(entry.node, MF + "action")
    result = g.value(entry.node, MF + "result")
    assert action is not None and result is not None
    data_file = file_of(g.value(action, SHT + "dataGraph"))  # type: ignore[arg-type]
    shapes_file = file_of(g.value(action, SHT + "shapesGraph"))  # type: ignore[arg-type]
    conforms = g.value(result, SH + "conforms")
    expected = []
    for r in g.objects(result, SH + "result"):
        path = g.value(r, SH + "resultPath")
        shape = g.value(r, SH + "sourceShape")
        focus, severity, component = (g.value(r, SH + k) for k in ("focusNode", "resultSeverity",
                                                                    "sourceConstraintComponent"))
        assert focus is not None and severity is not None and component is not None
        expected.append(Expected(focus, parse_path(g, path) if path is not None else None, g.value(r, SH + "value"),
                                 severity, component,
                                 None if shape is None or (is_blank(shape) and shapes_file != entry.manifest)
                                 else shape))
    return getattr(conforms, "value", None) == "true", expected, data_file, shapes_file


def matches(e: Expected, r: ValidationResult, same_data: bool) -> bool:
    def same(expected: Term | None, actual: Term | None) -> bool:
        if expected is None:
            return True
        if actual is not None and is_blank(expected) and not same_data:
            return is_blank(actual)  # a blank node of another file: only its kind can be compared
        return expected == actual

    return (same(e.focus, r.focus) and e.path == r.path and same(e.value, r.value) and e.severity == r.severity
            and e.component == r.component and (e.shape is None or e.shape == r.shape))


def test_suite_has_all_98_core_tests() -> None:
    """The suite is read in full: 98 entries, from every folder of the Core tests."""
    assert len(ENTRIES) == 98
    assert {e.name.split("/")[0] for e in ENTRIES} == {"complex", "misc", "node", "path", "property", "targets",
                                                       "validation-reports"}


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_w3c_shacl_core(entry: Entry) -> None:
    """newsld's SHACL engine gives the suite's expected report: the same verdict and the same results."""
    conforms, expected, data_file, shapes_file = expected_report(entry)
    shapes = read_shapes(load(shapes_file))
    results = Validator(shapes).validate(load(data_file))
    assert (not results) == conforms, [f"{r.focus} {r.component}" for r in results]
    unmatched = list(results)
    same_data = data_file == entry.manifest
    # the most specific expectations first, so a value-less one never takes another's result
    for e in sorted(expected, key=lambda e: (e.value is None, e.shape is None)):
        hit = next((r for r in unmatched if matches(e, r, same_data)), None)
        assert hit is not None, f"expected result not produced: {e}\nproduced: {unmatched}"
        unmatched.remove(hit)
    assert not unmatched, f"results the suite does not expect: {unmatched}"
