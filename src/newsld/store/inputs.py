"""Reading what `newsld load` is given: every file, every document in it, each turned into the article graphs
to store. One bad document costs only itself; RDF files convert wrote beside a JSON-LD file are recognised by
their content, not by their name.

A validated JSON-LD document is stored as exactly the quads the validator checked (newsld's one JSON-LD -> RDF
function, `newsld.rdf.parse_document`, run once); an unvalidated one goes through the same function. Blank nodes
are skolemised under the graph's IRI. Each article leaves here as N-Quads bytes in its named graph, serialised by
pyoxigraph, so the work can run in other processes and the store only has to write.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from newsld.errors import InputError

if TYPE_CHECKING:
    from newsld.validation.report import Report
    from newsld.validation.validate import Checked

NLD_ARTICLE = "https://w3id.org/newsld/vocab#Article"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
               ".trig": ox.RdfFormat.TRIG}
JSON_SUFFIXES = {".jsonld", ".json", ".jsonl", ".ndjson"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
LOADABLE = JSON_SUFFIXES | set(RDF_FORMATS)

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, Term]


@dataclass
class ArticleGraph:
    """One article, to be stored as the named graph `graph`: its triples (`size` of them, each once, no blank
    nodes) as N-Quads in that graph."""

    graph: str
    source: str
    nquads: bytes
    size: int

    def ntriples(self) -> bytes:
        """The same triples as N-Triples (what a Graph Store PUT or an INSERT DATA carries)."""
        return strip_graph(self.nquads, self.graph)

    @property
    def triples(self) -> list[Triple]:
        """The triples as pyoxigraph terms (parsed back: for the few callers that look at the terms)."""
        return [(q.subject, q.predicate, q.object)
                for q in ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS)]


@dataclass(frozen=True)
class Written:
    """What one write of a batch did: articles and triples stored, and articles found stored already as given."""

    articles: int
    triples: int
    unchanged: int = 0


@dataclass
class LoadReport:
    """What a load did: articles loaded (and how many distinct ones, as one article may come in several files),
    triples stored, the inputs refused, and the sibling files recognised."""

    articles: int = 0
    distinct: int = 0
    triples: int = 0
    failures: list[InputError] = field(default_factory=list)
    siblings: int = 0  # RDF files that hold exactly the articles of the JSON-LD file beside them
    unchanged: int = 0  # articles already stored exactly as given, so not written again


# ---------------------------------------------------------------- N-Quads bytes

def _graph_token(graph: str) -> bytes:
    return str(ox.NamedNode(graph)).encode("utf-8")


def name_graph(ntriples: bytes, graph: str) -> bytes:
    """N-Triples as pyoxigraph writes them, put in the named graph `graph` (N-Quads).

    Every line pyoxigraph writes ends with " .\\n", and no term holds a raw line break (literals escape it,
    IRIs and blank node labels cannot hold one), so " .\\n" is found exactly at the ends of lines."""
    return ntriples.replace(b" .\n", b" " + _graph_token(graph) + b" .\n")


def strip_graph(nquads: bytes, graph: str) -> bytes:
    """The N-Triples of N-Quads whose every line is in the graph `graph` (the reverse of name_graph)."""
    return nquads.replace(b" " + _graph_token(graph) + b" .\n", b" .\n")


def serialize_quads(quads: list[ox.Quad], graph: str) -> tuple[bytes, int] | None:
    """(N-Quads in `graph`, number of triples) for quads all in the default graph and free of blank nodes, each
    triple once; None when some quad is in a named graph or has a blank node (the caller takes the long way)."""
    distinct = list(dict.fromkeys(quads))
    try:
        ntriples = ox.serialize(distinct, format=ox.RdfFormat.N_TRIPLES) or b""
    except ValueError:  # a quad in a named graph: N-Triples has no place for it
        return None
    blank = ox.BlankNode
    if b"_:" in ntriples and any(type(q.subject) is blank or type(q.object) is blank for q in distinct):
        return None
    return name_graph(ntriples, graph), len(distinct)


def serialize_triples(triples: list[Triple], graph: str) -> bytes:
    """Triples (blank-node free) as N-Quads in the named graph `graph`."""
    name = ox.NamedNode(graph)
    return ox.serialize([ox.Quad(s, p, o, name) for s, p, o in triples], format=ox.RdfFormat.N_QUADS) or b""


def graph_from_triples(graph: str, source: str, triples: list[Triple]) -> ArticleGraph:
    """An article graph from triples that may hold blank nodes (skolemised here) or repeat a triple."""
    triples = list(dict.fromkeys(skolemise(triples, graph)))
    return ArticleGraph(graph, source, serialize_triples(triples, graph), len(triples))


# ---------------------------------------------------------------- blank nodes

def skolem_base(graph: str) -> str:
    """Where a graph's skolem IRIs live: `<graph>#genid-…` (or `<graph>#frag-genid-…` if it has a fragment)."""
    return graph + ("-genid-" if "#" in graph else "#genid-")


_GENERATED_LABEL = re.compile(r"[0-9a-f]{32}")  # how pyoxigraph names a `[]` node that has no label in the file


def skolemise(triples: list[Triple], graph: str) -> list[Triple]:
    """Replace blank nodes by IRIs under the graph's IRI: `_:x` becomes `<graph#genid-x>`.

    Labels written in the file (and those newsld's JSON-LD conversion derives from the article id) are kept, so
    the JSON-LD and the Turtle convert wrote from it give the same IRIs. When some node had no label (`[]` in
    Turtle, named anew at each parse) every label is first made canonical (W3C RDFC-1.0, as pyoxigraph
    implements it): the same graph always gets the same IRIs, and a reload replaces exactly what was stored."""
    blank = ox.BlankNode
    if not any(s.__class__ is blank or o.__class__ is blank for s, _, o in triples):
        return triples
    labels = {t.value for s, _, o in triples for t in (s, o) if isinstance(t, ox.BlankNode)}
    if any(_GENERATED_LABEL.fullmatch(label) for label in labels):
        dataset = ox.Dataset(ox.Quad(s, p, o, ox.DefaultGraph()) for s, p, o in triples)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        triples = [(q.subject, q.predicate, q.object) for q in dataset]
    base = skolem_base(graph)
    iris: dict[str, ox.NamedNode] = {}

    def iri(node: ox.BlankNode) -> ox.NamedNode:
        found = iris.get(node.value)
        if found is None:
            try:
                found = ox.NamedNode(base + node.value)
            except ValueError:  # a label with characters an IRI cannot hold
                digest = hashlib.sha256(node.value.encode("utf-8", "surrogatepass")).hexdigest()
                found = ox.NamedNode(base + digest[:32])
            iris[node.value] = found
        return found

    return [(iri(s) if isinstance(s, ox.BlankNode) else s, p, iri(o) if isinstance(o, ox.BlankNode) else o)
            for s, p, o in triples]


def fingerprint(graphs: Iterable[ArticleGraph]) -> dict[str, str]:
    """graph IRI -> hash of its sorted N-Quads lines: equal exactly when the graphs hold the same triples."""
    out: dict[str, str] = {}
    for g in graphs:
        lines = sorted(set(g.nquads.split(b"\n")))
        out[g.graph] = hashlib.sha256(b"\n".join(lines)).hexdigest()
    return out


# ---------------------------------------------------------------- JSON-LD documents

def check_context(doc: dict[str, Any], where: str, *, nested_possible: bool = True) -> None:
    """newsld turns into RDF only documents written in its bundled context, and never fetches another one.

    `nested_possible=False` when the document's JSON text shows no second "@context" key (the walk is skipped)."""
    from newsld.rdf.context import check_context as check_top_context

    check_top_context(doc.get("@context"), where)
    if not nested_possible:
        return

    def nested(value: Any, pointer: str) -> str | None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "@context":
                    return pointer + "/@context"
                found = nested(item, f"{pointer}/{key}")
                if found:
                    return found
        elif isinstance(value, list):
            for index, item in enumerate(value):
                found = nested(item, f"{pointer}/{index}")
                if found:
                    return found
        return None

    for key, value in doc.items():
        if key != "@context":
            found = nested(value, "/" + key)
            if found:
                raise InputError(where, f"has a nested @context at {found}; newsld documents use only the "
                                 "bundled context at the top")


def document_graph(doc: Any, where: str, *, nested_possible: bool = True, validated: bool = False,
                   checked: Checked | None = None) -> ArticleGraph:
    """The article graph of one newsld JSON-LD document, or an InputError naming `where` and the problem.

    `checked` is the graph validation read from this very document: it is stored as it is. A document that
    was not validated has its IRIs checked first: a JSON-LD processor would drop a node with an invalid id
    without a word."""
    from newsld.rdf import document_triples  # the one JSON-LD -> RDF function of newsld
    from newsld.rdf.expand import check_iris, parse_document

    if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
        raise InputError(where, "a document without an article id cannot be loaded")
    check_context(doc, where, nested_possible=nested_possible)
    try:
        if not validated and checked is None:
            check_iris(doc)
        graph = ox.NamedNode(doc["id"]).value
        if checked is None or not checked.blank:
            quads = checked.quads if checked is not None else parse_document(doc, stable_labels=False)
            done = serialize_quads(quads, graph)
            if done is not None:
                return ArticleGraph(graph, where, *done)
        # blank nodes (named stably from the document, then skolemised) or named graphs inside the document
        triples = document_triples(doc)
    except (ValueError, TypeError) as e:
        raise InputError(where, f"cannot be turned into RDF: {e}; nothing from this document was loaded") from None
    except RecursionError:
        raise InputError(where, "is nested too deeply to turn into RDF") from None
    return graph_from_triples(graph, where, triples)


# ---------------------------------------------------------------- RDF files

def graphs_from_triples(triples: list[Triple], source: str) -> list[ArticleGraph]:
    """A Turtle/N-Triples file is one article: the graph is named by its one nld:Article."""
    articles = sorted({s.value for s, p, o in triples if p.value == RDF_TYPE and isinstance(s, ox.NamedNode)
                       and isinstance(o, ox.NamedNode) and o.value == NLD_ARTICLE})
    if len(articles) != 1:
        raise InputError(source, f"holds {len(articles)} articles; a triples file must describe exactly one "
                         "(use N-Quads or JSON lines for several)")
    return [graph_from_triples(articles[0], source, triples)]


def parse_rdf(data: bytes, source: str, rdf_format: ox.RdfFormat) -> list[ox.Quad]:
    try:
        return list(ox.parse(data, format=rdf_format))
    except SyntaxError as e:
        raise InputError(source, f"not valid {rdf_format.name}: {e.msg}") from None


def rdf_graphs(quads: list[ox.Quad], source: str, rdf_format: ox.RdfFormat) -> list[ArticleGraph]:
    """The article graphs of a parsed RDF file: each named graph of N-Quads/TriG, the one article of Turtle."""
    if rdf_format not in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        return graphs_from_triples([(q.subject, q.predicate, q.object) for q in quads], source)  # type: ignore[misc]
    named = ox.NamedNode
    by_graph: dict[ox.NamedNode, list[ox.Quad]] = {}
    for q in quads:
        name = q.graph_name
        if type(name) is not named:
            raise InputError(source, "has triples outside a named graph; newsld keeps each article in "
                             "the graph named by its IRI")
        by_graph.setdefault(name, []).append(q)
    out = []
    blank = ox.BlankNode
    for name, in_graph in by_graph.items():
        distinct = list(dict.fromkeys(in_graph))
        if any(type(q.subject) is blank or type(q.object) is blank for q in distinct):
            out.append(graph_from_triples(name.value, source, [(q.subject, q.predicate, q.object)  # type: ignore[misc]
                                                               for q in distinct]))
        else:
            out.append(ArticleGraph(name.value, source, ox.serialize(distinct, format=ox.RdfFormat.N_QUADS) or b"",
                                    len(distinct)))
    return out


_IS_ARTICLE = f" <{RDF_TYPE}> <{NLD_ARTICLE}> .".encode()


def repeats(quads: list[ox.Quad], graphs: list[ArticleGraph]) -> bool:
    """True when parsed RDF without blank nodes holds exactly the triples of `graphs`, in the same named graphs
    (or, for triples in the default graph, of the one graph given): the quick test for convert's Turtle beside
    its JSON-LD. False means "not shown equal": the caller compares the article graphs the long way."""
    try:
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    except ValueError:
        return False
    if b"_:" in data:
        return False
    lines = set(data.split(b"\n"))
    if quads and type(quads[0].graph_name) is ox.DefaultGraph:
        # a triples file is the graph of its one nld:Article, which must be the graph it is compared with
        typed = [line for line in lines if line.endswith(_IS_ARTICLE)]
        if len(graphs) != 1 or len(typed) != 1 or not typed[0].startswith(_graph_token(graphs[0].graph) + b" "):
            return False
        return lines == set(graphs[0].ntriples().split(b"\n"))
    return lines == {line for g in graphs for line in g.nquads.split(b"\n")}


# ---------------------------------------------------------------- reading one file

@dataclass
class Verdict:
    """What validating (part of) a file found, in the terms `load` reports: the first input that could not be
    read, how many problems and the first one, and the first document that could not become an article graph."""

    failure: InputError | None = None
    failing: bool = False  # some problem severe enough to refuse the file
    problems: int = 0
    first: str | None = None  # " (line N): message" of the first problem
    load_error: InputError | None = None

    @staticmethod
    def refusal(source: str, parts: list[Verdict]) -> InputError | None:
        """The one reason a file (validated in these parts, in order) is refused, or None: it loads."""
        for v in parts:
            if v.failure is not None:
                return v.failure
        if any(v.failing for v in parts):
            total = sum(v.problems for v in parts)
            first = next(v.first for v in parts if v.first is not None)
            return InputError(source, f"is not valid ({total} problem(s); first{first}); nothing from it was loaded")
        for v in parts:
            if v.load_error is not None:
                return v.load_error
        return None


@dataclass
class FileResult:
    """One file (or part of a large JSON lines file) read: its article graphs, the documents refused alone
    (without validation), or the reason the whole file is refused (`fatal`, or the validation verdict)."""

    source: str
    graphs: list[ArticleGraph] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)
    fatal: InputError | None = None
    verdict: Verdict | None = None  # when validating
    sibling: bool = False  # an RDF file holding exactly the graphs of the JSON-LD file beside it
    json: bool = False  # a JSON file (its graphs may have RDF siblings)
    part: int = 0
    last: bool = True


def _portable(e: InputError) -> InputError:
    """The error as a plain InputError (same message), which any process can unpickle."""
    return e if type(e) is InputError else InputError(e.source, e.problem)


def _one_context_key(text: str, documents: int) -> bool:
    """True when `text` cannot hold a nested "@context": no more such keys than documents, none escaped."""
    return "\\u" not in text and text.count('"@context"') <= documents


def _json_documents(text: str, source: str, suffix: str, first_line: int = 1) -> Iterator[tuple[Any, str, bool]]:
    """(document, where, whether a nested @context is possible) for each document of a JSON file's text."""
    from newsld._textio import parse_json

    if suffix in JSONL_SUFFIXES:
        for number, line in enumerate(text.split("\n"), first_line):
            if line.strip():
                yield parse_json(line, source, line=number), f"{source}: line {number}", not _one_context_key(line, 1)
        return
    value = parse_json(text, source)
    if isinstance(value, list):
        nested = not _one_context_key(text, sum(1 for d in value if isinstance(d, dict) and "@context" in d))
        for index, doc in enumerate(value):
            yield doc, f"{source}: document {index + 1}", nested
    else:
        yield value, source, not _one_context_key(text, 1)


def _where(source: str, c: Checked) -> str:
    if c.line is not None:
        return f"{source}: line {c.line}"
    if c.index is not None:
        return f"{source}: document {c.index + 1}"
    return source


def _summarise(verdict: Verdict, report: Report) -> None:
    """Put a validation report in the verdict's terms."""
    if report.failures:
        verdict.failure = _portable(report.failures[0])
    if not report.ok and report.issues:
        first = report.issues[0]
        verdict.failing = True
        verdict.problems = len(report.issues)
        verdict.first = (f" (line {first.line})" if first.line else "") + f": {first.message}"


def _validated_json(result: FileResult, text: str | None, data: bytes, path: Path, suffix: str,
                    first_line: int) -> None:
    """Validate a JSON file (or lines of one) once, and keep the graphs validation checked as the articles."""
    from newsld.validation.report import Report
    from newsld.validation.validate import shared_validator

    validator = shared_validator()
    source = str(path)
    checked: list[Checked] = []
    if text is None:
        report = validator.check_file(path, data=data, graphs=checked)
    else:  # lines of a large JSON lines file, already decoded by the caller
        report = Report(files=1)
        issues, count = validator.check_jsonl_text(text, source, report, first_line=first_line, graphs=checked)
        report.issues.extend(issues)
        report.documents += count
    verdict = result.verdict = Verdict()
    _summarise(verdict, report)
    if not report.ok:
        return
    if text is None:
        text = data.decode("utf-8")  # validation decoded it already: it is UTF-8, without a BOM
    # which documents may hold a nested @context (seen in their JSON text), as for unvalidated documents
    if suffix in JSONL_SUFFIXES:
        lines = text.split("\n")
        nested = [not _one_context_key(lines[c.line - first_line], 1) for c in checked if c.line is not None]
    else:
        array = any(c.index is not None for c in checked)
        expected = sum(1 for c in checked if "@context" in c.document) if array else 1
        nested = [not _one_context_key(text, expected)] * len(checked)
    for c, nested_possible in zip(checked, nested, strict=True):
        try:
            result.graphs.append(document_graph(c.document, _where(source, c), nested_possible=nested_possible,
                                                validated=True, checked=c))
        except InputError as e:
            verdict.load_error = _portable(e)
            result.graphs = []
            return


def read_json(path: Path, data: bytes, *, validate: bool, text: str | None = None, first_line: int = 1,
              part: int = 0, last: bool = True) -> FileResult:
    """The article graphs of a JSON-LD, JSON or JSON lines file (or of lines of one, given as `text`)."""
    from newsld._textio import decode_utf8

    source = str(path)
    suffix = path.suffix.lower()
    result = FileResult(source, json=True, part=part, last=last)
    if validate:
        _validated_json(result, text, data, path, suffix, first_line)
        return result
    try:
        if text is None:
            text = decode_utf8(data, source)
        for doc, where, nested_possible in _json_documents(text, source, suffix, first_line):
            try:
                result.graphs.append(document_graph(doc, where, nested_possible=nested_possible))
            except InputError as e:
                result.failures.append(_portable(e))
    except InputError as e:  # the file (or a line of it) is not JSON: nothing from it loads
        result.fatal = _portable(e)
        result.graphs = []
    return result


def read_rdf(path: Path, data: bytes, *, validate: bool, sibling: list[ArticleGraph] | None = None) -> FileResult:
    """The article graphs of a Turtle, N-Triples, N-Quads or TriG file; `sibling` are the graphs of the JSON-LD
    file beside it, which this file may merely repeat."""
    from newsld._textio import BOM, decode_utf8
    from newsld.validation.report import Report
    from newsld.validation.validate import shared_validator

    source = str(path)
    result = FileResult(source)
    rdf_format = RDF_FORMATS[path.suffix.lower()]
    try:
        quads = parse_rdf(data, source, rdf_format)
        if sibling is not None and repeats(quads, sibling):
            result.sibling = True
            return result
        graphs = rdf_graphs(quads, source, rdf_format)
        if sibling is not None and fingerprint(graphs) == fingerprint(sibling):
            result.sibling = True
            return result
        if validate:
            verdict = result.verdict = Verdict()
            try:
                if data.startswith(BOM):
                    decode_utf8(data[:3], source)  # the BOM error, as `newsld validate` reports it
                issues, _ = shared_validator().check_quads(quads, source)
            except InputError as e:
                verdict.failure = _portable(e)
            else:
                _summarise(verdict, Report(issues=issues))
            if Verdict.refusal(source, [verdict]) is not None:
                return result
        result.graphs = graphs
    except InputError as e:
        result.fatal = _portable(e)
    return result


def read_file(path: Path, *, validate: bool = True, sibling: list[ArticleGraph] | None = None) -> FileResult:
    """The article graphs in one file. An unreadable or (when validating) invalid file loads nothing; without
    validation, each document that cannot become RDF is refused alone and the others in the file still load."""
    from newsld._textio import read_bytes

    source = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix not in LOADABLE:
            raise InputError(source, f"unknown extension {path.suffix or '(none)'!r}; newsld loads "
                             + ", ".join(sorted(LOADABLE)))
        data = read_bytes(path)  # read once, for validation and for loading
    except InputError as e:
        return FileResult(source, fatal=_portable(e), json=suffix in JSON_SUFFIXES)
    if suffix in RDF_FORMATS:
        return read_rdf(path, data, validate=validate, sibling=sibling)
    return read_json(path, data, validate=validate)
