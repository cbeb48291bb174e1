"""newsld's SHACL engine beyond the W3C suite: literals, comparisons, regexes, refusals, recursion, sets."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from newsld.validation.shacl import Graph, Literal, ShapesGraphError, ValidationResult, Validator, read_shapes
from newsld.validation.shacl.datatypes import comparable, compare, well_formed
from newsld.validation.shacl.regex import RegexError, compile_xpath

XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def graph(turtle: str, fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> Graph:
    return Graph.from_quads(ox.parse((PREFIXES + turtle).encode() if fmt == ox.RdfFormat.TURTLE else turtle.encode(),
                                     format=fmt))


def validate(shapes: str, data: str) -> list[ValidationResult]:
    return Validator(read_shapes(graph(shapes))).validate(graph(data))


def components(results: list[ValidationResult]) -> list[str]:
    return sorted(r.component[len(SH):] for r in results)


# ---------------------------------------------------------------- datatypes

WELL_FORMED = [
    ("2024-02-29", "date", True), ("2023-02-29", "date", False), ("2025-02-30", "date", False),
    ("2025-04-31", "date", False), ("1900-02-29", "date", False), ("2000-02-29", "date", True),
    ("2025-13-01", "date", False), ("25-01-01", "date", False), ("2025-01-01Z", "date", True),
    ("2025-01-01+14:00", "date", True), ("2025-01-01+15:00", "date", False), ("-0044-03-15", "date", True),
    ("2025-01-01T10:00:00", "dateTime", True), ("2025-01-01T24:00:00", "dateTime", True),
    ("2025-01-01T24:00:01", "dateTime", False), ("2025-01-01T10:00", "dateTime", False),
    ("2025-01-01T10:00:00.5-05:00", "dateTime", True), ("2025-01-01T10:00:00", "dateTimeStamp", False),
    ("12:30:00Z", "time", True), ("2025", "gYear", True), ("202", "gYear", False), ("2025-02", "gYearMonth", True),
    ("--02-29", "gMonthDay", True), ("--02-30", "gMonthDay", False), ("---31", "gDay", True), ("--12", "gMonth", True),
    ("42", "integer", True), ("+42", "integer", True), ("4.2", "integer", False), (" 42", "integer", False),
    ("", "integer", False), ("127", "byte", True), ("128", "byte", False), ("-129", "byte", False),
    ("-1", "nonNegativeInteger", False), ("0", "positiveInteger", False), ("255", "unsignedByte", True),
    ("1.5", "decimal", True), (".5", "decimal", True), ("1.", "decimal", True), ("1.5E0", "decimal", False),
    ("1.5E0", "double", True), ("INF", "double", True), ("-INF", "float", True), ("NaN", "double", True),
    ("1e", "double", False), ("true", "boolean", True), ("1", "boolean", True), ("TRUE", "boolean", False),
    ("P1Y2M3DT4H5M6.7S", "duration", True), ("P", "duration", False), ("P1DT", "duration", False),
    ("P1Y", "dayTimeDuration", False), ("P1Y", "yearMonthDuration", True), ("0fA1", "hexBinary", True),
    ("0fA", "hexBinary", False), ("aGVsbG8=", "base64Binary", True), ("aGVsbG8", "base64Binary", False),
    ("en-GB", "language", True), ("english!", "language", False), ("a\u0000b", "string", True),
    ("tab\there", "string", True), ("a  b", "token", False), ("ab", "NCName", True), ("a:b", "NCName", False),
]


@pytest.mark.parametrize(("lexical", "datatype", "expected"), WELL_FORMED,
                         ids=[f"{d}:{lex!r}" for lex, d, _ in WELL_FORMED])
def test_literal_well_formedness(lexical: str, datatype: str, expected: bool) -> None:
    """sh:datatype accepts a literal only if its lexical form is valid for the datatype (no 30 February)."""
    assert well_formed(lexical, XSD + datatype) is expected


def test_unknown_datatypes_are_well_formed() -> None:
    """A datatype newsld cannot check (an ex: type) never makes a literal ill-formed."""
    assert well_formed("anything", "http://example.org/myType")


@pytest.mark.parametrize(("a", "b", "order"), [
    (("1", "integer"), ("1.0", "decimal"), 0),
    (("2", "integer"), ("1.5E0", "double"), 1),
    (("10", "nonNegativeInteger"), ("9", "integer"), 1),
    (("abc", "string"), ("abd", "string"), -1),
    (("false", "boolean"), ("1", "boolean"), -1),
    (("2025-01-01", "date"), ("2024-12-31", "date"), 1),
    (("2025-01-01T00:00:00Z", "dateTime"), ("2025-01-01T01:00:00+01:00", "dateTime"), 0),
    (("2025-01-01T00:00:00Z", "dateTime"), ("2025-01-01T05:00:00", "dateTime"), None),  # zone unknown: ±14 h
    (("2025-01-01T00:00:00Z", "dateTime"), ("2025-01-02T15:00:00", "dateTime"), -1),
    (("2025-01-01", "date"), ("2025-01-01T00:00:00", "dateTime"), None),  # different kinds of value
    (("1", "integer"), ("1", "string"), None),
    (("NaN", "double"), ("1", "integer"), None),
    (("2025-02-30", "date"), ("2025-01-01", "date"), None),  # an ill-formed value has no order
    (("P1D", "dayTimeDuration"), ("PT23H", "dayTimeDuration"), 1),
])
def test_value_comparison_follows_sparql(a: tuple[str, str], b: tuple[str, str], order: int | None) -> None:
    """sh:minInclusive and friends compare values as SPARQL does; incomparable values are violations."""
    assert compare(comparable(a[0], XSD + a[1]), comparable(b[0], XSD + b[1])) == order


def test_range_on_incomparable_value_is_a_violation() -> None:
    """A value that cannot be compared with the bound (a string against a number, an IRI) violates it."""
    results = validate("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:n ; sh:minInclusive 0 ] .",
                       'ex:a ex:n "5", ex:b, 7, -1 .')
    assert sorted(map(str, (r.value for r in results))) == sorted(
        map(str, ["http://example.org/b", Literal("-1", XSD + "integer"), Literal("5", XSD + "string")]))


# ---------------------------------------------------------------- regular expressions

@pytest.mark.parametrize(("pattern", "flags", "text", "found"), [
    ("^abc$", "", "abc\n", False),  # XPath $ is the end of the string, not before a final newline
    ("a.c", "", "a\rc", False), ("a.c", "s", "a\nc", True),
    ("^\\w+$", "", "snake_case", False),  # XPath \w excludes punctuation, "_" too
    ("^\\s$", "", "\u00a0", False), ("^[a-z-[aeiou]]+$", "", "xyz", True), ("^[a-z-[aeiou]]+$", "", "xa", False),
    ("^\\p{Lu}", "", "Ünter", True), ("HELLO", "i", "hello", True), ("a b c", "x", "abc", True),
    ("a.b", "q", "a.b", True), ("a.b", "q", "axb", False), ("^(ab)\\1$", "", "abab", True),
    ("^\\i\\c*$", "", "xml:name", True), ("[\\d-]", "", "-", True),
])
def test_xpath_regex_semantics(pattern: str, flags: str, text: str, found: bool) -> None:
    """sh:pattern means what XPath's regex says, not what Python's re would make of the same string."""
    assert (compile_xpath(pattern, flags).search(text) is not None) is found


@pytest.mark.parametrize("pattern", ["\\b", "(?=a)", "a{,2}", "[a", "*a", "\\p{IsBasicLatin}", "a)", "[b-a]"])
def test_invalid_or_unsupported_regex_is_refused(pattern: str) -> None:
    """A pattern XPath rejects, or a feature newsld lacks, is refused instead of being read as Python."""
    with pytest.raises(RegexError):
        compile_xpath(pattern)


# ---------------------------------------------------------------- refusal and ill-formed shapes

@pytest.mark.parametrize(("shapes", "term"), [
    ('ex:S sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this WHERE { }" ] .', "sh:sparql"),
    ("ex:S sh:target [ a ex:Target ] ; sh:class ex:C .", "sh:target"),
    ("ex:S sh:targetNode ex:a ; sh:rule [ a sh:TripleRule ] .", "sh:rule"),
    ("ex:C a sh:ConstraintComponent ; rdfs:label 'c' .", "sh:ConstraintComponent"),
    ("ex:C sh:parameter [ sh:path ex:p ] .", "sh:parameter"),
    ("ex:G sh:entailment <http://www.w3.org/ns/entailment/RDFS> .", "sh:entailment"),
    ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:values ex:x ] .", "sh:values"),
])
def test_unsupported_shacl_is_refused_by_name(shapes: str, term: str) -> None:
    """SHACL-SPARQL and Advanced Features are refused before validating, naming the term; never skipped."""
    with pytest.raises(ShapesGraphError) as caught:
        read_shapes(graph(shapes))
    assert caught.value.unsupported == term and term in str(caught.value)


@pytest.mark.parametrize(("shapes", "problem"), [
    ('ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount "one" ] .', "sh:minCount"),
    ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1, 2 ] .", "at most one"),
    ("ex:S a sh:PropertyShape ; sh:targetNode ex:a ; sh:datatype xsd:string .", "without sh:path"),
    ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p, ex:q ] .", "exactly one"),
    ("ex:S sh:targetNode ex:a ; sh:minCount 1 .", "only property shapes"),
    ("ex:S sh:targetNode ex:a ; sh:in ex:notAList .", "well-formed RDF list"),
    ('ex:S sh:targetNode ex:a ; sh:pattern "(?<name>x)" .', "regular expression"),
    ('ex:S sh:targetNode ex:a ; sh:node "x" .', "must be a shape"),
    ("ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:inversePath ex:p ; sh:zeroOrMorePath ex:q ] ] .",
     "path"),
    ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ( ex:p ) ] .", "at least two"),
    ("ex:S sh:targetNode ex:a ; sh:nodeKind sh:Nothing .", "node kinds"),
    ("ex:S sh:targetNode ex:a ; sh:minCont 1 .", "not a SHACL term"),
    ("ex:S sh:targetClass [ ] ; sh:class ex:C .", "IRI"),
])
def test_ill_formed_shapes_graph_is_rejected(shapes: str, problem: str) -> None:
    """A shapes graph that breaks SHACL's syntax rules is rejected with the shape and the rule named."""
    with pytest.raises(ShapesGraphError, match="ill-formed shapes graph") as caught:
        read_shapes(graph(shapes))
    assert problem in str(caught.value)


# ---------------------------------------------------------------- semantics the suite does not pin down

LIST_SHAPES = """ex:ListShape a sh:NodeShape ; sh:targetNode ex:head ;
    sh:property [ sh:path ex:next ; sh:maxCount 1 ; sh:node ex:ListShape ] ;
    sh:property [ sh:path ex:label ; sh:minCount 1 ] ."""


def test_recursive_shapes_terminate_with_the_right_verdict() -> None:
    """A shape that refers to itself (a linked list) is checked through cycles without looping."""
    assert validate(LIST_SHAPES, 'ex:head ex:label "a" ; ex:next ex:b . ex:b ex:label "b" ; ex:next ex:head .') == []
    results = validate(LIST_SHAPES, 'ex:head ex:label "a" ; ex:next ex:b . ex:b ex:next ex:c . ex:c ex:label "c" .')
    assert components(results) == ["NodeConstraintComponent"]
    assert results[0].value == "http://example.org/b"


def test_data_graph_is_a_set_across_named_graphs() -> None:
    """A triple stated twice, or in two named graphs, is one triple: maxCount 1 holds."""
    data = ('<http://example.org/a> <http://example.org/p> "x" <http://example.org/g1> .\n'
            '<http://example.org/a> <http://example.org/p> "x" <http://example.org/g2> .\n'
            '<http://example.org/a> <http://example.org/p> "x" .\n')
    shapes = read_shapes(graph("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] ."))
    assert Validator(shapes).validate(graph(data, ox.RdfFormat.N_QUADS)) == []


def test_subclass_of_in_the_data_graph_counts() -> None:
    """rdfs:subClassOf stated in the data graph makes instances of the subclass targets and class members."""
    shapes = "ex:S sh:targetClass ex:Animal ; sh:property [ sh:path ex:name ; sh:minCount 1 ] ."
    data = "ex:Dog rdfs:subClassOf ex:Animal . ex:Puppy rdfs:subClassOf ex:Dog . ex:rex a ex:Puppy ."
    results = validate(shapes, data)
    assert [r.focus for r in results] == ["http://example.org/rex"]
    assert validate("ex:S sh:targetNode ex:rex ; sh:class ex:Animal .",
                    "ex:Puppy rdfs:subClassOf ex:Dog . ex:rex a ex:Puppy .") != []


def test_deactivated_shape_conforms_everywhere() -> None:
    """A deactivated shape produces no results, also when reached through sh:node."""
    shapes = """ex:S sh:targetNode ex:a ; sh:node ex:T .
                ex:T sh:deactivated true ; sh:class ex:Never ."""
    assert validate(shapes, "ex:a ex:p 1 .") == []


def test_severity_and_messages_reach_the_results() -> None:
    """sh:severity and sh:message of a shape are what its results carry."""
    shapes = """ex:S sh:targetNode ex:a ; sh:property ex:P .
                ex:P sh:path ex:p ; sh:minCount 1 ; sh:severity sh:Warning ; sh:message "p is missing"@en ."""
    (result,) = validate(shapes, "ex:a ex:q 1 .")
    assert result.severity == SH + "Warning" and result.level == "warning" and result.message == "p is missing"


def test_closed_shape_reports_each_unexpected_triple() -> None:
    """sh:closed reports every property outside the shape's paths and sh:ignoredProperties, with its value."""
    shapes = """ex:S sh:targetNode ex:a ; sh:closed true ; sh:ignoredProperties ( ex:ok ) ;
                sh:property [ sh:path ex:p ] ."""
    results = validate(shapes, "ex:a ex:p 1 ; ex:ok 2 ; ex:extra 3, 4 .")
    assert sorted((r.path.sparql(), str(r.value)) for r in results if r.path) == [
        ("<http://example.org/extra>", str(Literal("3", XSD + "integer"))),
        ("<http://example.org/extra>", str(Literal("4", XSD + "integer")))]


def test_every_class_value_is_its_own_constraint() -> None:
    """Several sh:class values must all hold (not only the first)."""
    results = validate("ex:S sh:targetNode ex:a ; sh:class ex:A, ex:B .", "ex:a a ex:A .")
    assert components(results) == ["ClassConstraintComponent"]


def test_blank_node_or_iri_node_kind() -> None:
    """sh:nodeKind sh:BlankNodeOrIRI rejects literals and accepts IRIs and blank nodes."""
    shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:nodeKind sh:BlankNodeOrIRI ] ."
    results = validate(shapes, 'ex:a ex:p ex:b, [ ], "text" .')
    assert [r.value for r in results] == [("text", XSD + "string", None)]
