"""The validation pipeline: read each input, run the JSON Schema, SHACL and text stages, collect a Report.

A JSON-LD document becomes RDF through the standard JSON-LD processor (`newsld.rdf`), so the
graph validated is the graph `load` stores and every consumer reads. The data graph of an RDF
file is the set of its triples across all its named graphs (a repeated triple counts once);
each JSON-LD document, and each line of a JSON lines file, is a data graph of its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import pyoxigraph as ox

from newsld._textio import BOM, decode_utf8, locate_pointer, parse_json, read_bytes
from newsld.errors import InputError, NetworkRefused, UsageError
from newsld.formats import EXTENSIONS, FORMATS, VALIDATE_INPUTS, canonical
from newsld.rdf.context import check_context
from newsld.rdf.expand import JsonLdError, load_context_terms, node_pointers, parse_document
from newsld.resources import CONTEXT_URL, DOCUMENT_SCHEMA, context_document, schemas
from newsld.validation.checks import ARTICLE, text_findings
from newsld.validation.labels import label
from newsld.validation.report import FAIL_ON, Issue, Report
from newsld.validation.shacl import Graph, Term, ValidationResult
from newsld.validation.shacl import Validator as ShaclValidator
from newsld.validation.shacl.paths import PredicatePath
from newsld.validation.shacl.terms import to_ox
from newsld.validation.shapes import compile_shapes

JSON_EXTENSIONS = {".jsonld": "json", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
RDF_EXTENSIONS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
# what standard input may hold, by every name and alias of newsld.formats ("ttl", "turtle", ".ttl", ...)
STDIN_FORMATS = {alias: EXTENSIONS[name] for alias, name in
                 ((a, canonical(a)) for n in VALIDATE_INPUTS for a in (n, *FORMATS[n][0])) if name is not None}
KNOWN_EXTENSIONS = set(JSON_EXTENSIONS) | set(RDF_EXTENSIONS)
# keys only a newsld article has: a JSON document with none of them, and without the newsld context, is
# some other JSON (a package.json, a log record), not a broken article
NEWSLD_KEYS = frozenset({"articleBody", "textSha256", "actors", "claims", "figures", "generatedBy", "derivedFrom"})
NO_ARTICLE = ("warning", "error", "skip")  # what a file without a newsld article is: a warning, an error, nothing
_NQUADS_LINE = re.compile(r'^\s*(<[^>]*>|_:\S+)\s+<[^>]*>\s+(<[^>]*>|_:\S+|".*"(\S*))\s+(<[^>]*>|_:\S+)\s*\.\s*$')


def sniff_stdin(data: bytes) -> str:
    """The extension standard input is read as, from its first bytes: one JSON document or JSON lines,
    RDF/XML, N-Quads, or else the Turtle family (TriG, which Turtle and N-Triples are part of)."""
    text = data[:65536].decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if text.startswith(("{", "[")):
        first, _, rest = text.partition("\n")
        if rest.strip() and first.strip().startswith("{"):
            try:
                json.loads(first)
                return ".jsonl"  # a whole document on the first line, and more after it
            except ValueError:
                pass
        return ".jsonld"
    if text.startswith("<?xml") or text.startswith("<rdf:RDF"):
        return ".rdf"
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return ".nq" if _NQUADS_LINE.match(line) else ".trig"
    return ".trig"


def is_newsld_json(doc: Any) -> bool:
    """A JSON document that is (or is meant to be) a newsld article: the newsld context, or newsld's keys."""
    if not isinstance(doc, dict):
        return True  # not a JSON object at all: reported as such
    ctx = doc.get("@context")
    contexts = ctx if isinstance(ctx, list) else [ctx]
    if any(isinstance(c, str) and "w3id.org/newsld/" in c for c in contexts):
        return True
    if isinstance(ctx, dict) and ctx == _inline_newsld_context():
        return True
    types = doc.get("type", doc.get("@type"))
    if types == "Article" or (isinstance(types, list) and "Article" in types):
        return True
    return bool(NEWSLD_KEYS & doc.keys())


class _Refuser:
    """A $ref retriever that never touches the network."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.refused: list[str] = []

    def __call__(self, uri: str) -> Any:
        self.refused.append(uri)
        raise NetworkRefused(self.source, "$ref", uri)


@cache
def _registry_resources() -> list[tuple[str, dict[str, Any]]]:
    return list(schemas().items())


@cache
def document_validator() -> Any:
    """The compiled JSON Schema validator of the newsld document schema (bundled schemas only)."""
    registry = jsonschema_rs.Registry(_registry_resources(), retriever=_Refuser("newsld schemas"))
    return jsonschema_rs.validator_for(schemas()[DOCUMENT_SCHEMA], registry=registry)


def compile_extra_schema(path: Path) -> Any:
    """A user's extra JSON Schema (a project's own rules); any remote $ref in it is refused."""
    schema = parse_json(decode_utf8(read_bytes(path), path), path)
    if not isinstance(schema, dict):
        raise InputError(path, "a JSON Schema must be an object")
    refuser = _Refuser(str(path))
    _extra_schemas[str(schema.get("$id", "")).partition("#")[0]] = schema  # for naming the rules in messages
    registry = jsonschema_rs.Registry(_registry_resources(), retriever=refuser)
    try:
        return jsonschema_rs.validator_for(schema, registry=registry, retriever=refuser)
    except (ValueError, jsonschema_rs.ReferencingError) as e:
        if refuser.refused:
            raise NetworkRefused(path, "$ref", refuser.refused[0]) from None
        raise InputError(path, f"not a usable JSON Schema: {str(e).splitlines()[0]}") from None


Pointers = dict[Term, str]
Findings = list[tuple[str, ValidationResult | None, Term, str | None, str]]


@dataclass(frozen=True, slots=True)
class Checked:
    """One data graph exactly as the validator read and checked it, so a loader stores what was validated.

    `quads` are what the JSON-LD processor (or RDF parser) gave, possibly repeating a triple; for a
    JSON-LD document, `document` is the document and `index` (JSON array) or `line` (JSON lines) says
    where it is in its file; `blank` is True when the graph has blank nodes."""

    quads: list[ox.Quad]
    blank: bool
    document: Any = None
    index: int | None = None
    line: int | None = None


def _native(pointers: dict[Any, str]) -> Pointers:
    return {(k.value if isinstance(k, ox.NamedNode) else "_:" + k.value): v for k, v in pointers.items()}


def _nt(term: Term) -> str:
    """A term in N-Triples form, as reports name focus nodes ("<https://...#claim-1>")."""
    return str(to_ox(term))


def _path_name(result: ValidationResult) -> str | None:
    if result.path is None:
        return None
    return result.path.iri if isinstance(result.path, PredicatePath) else result.path.sparql()


@dataclass
class Validator:
    """Validates documents and files; holds the compiled schemas and shapes for reuse across files.

    `shapes` are a project's own SHACL files, added to newsld's bundled shapes; with
    `bundled=False` only they are used, and the JSON Schema and text stages (which are about
    newsld documents) are off, so any RDF can be validated against any Core shapes."""

    extra_schema: Any = None
    shapes: tuple[Path, ...] = ()
    bundled: bool = True
    no_article: str = "warning"  # a file (or JSON document) without a newsld article: "warning", "error", "skip"

    def __post_init__(self) -> None:
        self.validators = [document_validator()] if self.bundled else []
        if self.extra_schema is not None:
            self.validators.append(self.extra_schema)
        self.shapes_graph = compile_shapes(self.shapes, bundled=self.bundled)
        self.engine = ShaclValidator(self.shapes_graph)
        self.context = load_context_terms()

    # ---------------------------------------------------------------- JSON-LD documents

    def schema_stage(self, doc: dict[str, Any]) -> list[tuple[str, str]]:
        """(JSON pointer, message) for every JSON Schema error; the fast path is one compiled is_valid call."""
        found: list[tuple[str, str]] = []
        for validator in self.validators:
            if validator.is_valid(doc):
                continue
            for error in validator.iter_errors(doc):
                pointer = "".join(f"/{str(p).replace('~', '~0').replace('/', '~1')}" for p in error.instance_path)
                found.append((pointer, _schema_message(error)))
        return found

    def graph_findings(self, graph: Graph) -> Findings:
        """(stage, SHACL result, focus, path, message) of every shape result and (newsld data) text mismatch."""
        found: Findings = [
            ("shacl", r, r.focus, _path_name(r), r.message) for r in self.engine.validate(graph)]
        if self.bundled:
            found += [("text", None, focus, path, message) for focus, path, message in text_findings(graph)]
        return found

    def conforms(self, quads: Iterable[ox.Quad | ox.Triple]) -> bool:
        """True when the graph of these statements has no shape result or text mismatch, of any severity."""
        return not self.graph_findings(Graph.from_quads(quads))

    def _where(self, doc: dict[str, Any], pointers: Pointers, focus: Term, path: str | None) -> str | None:
        base = pointers.get(focus)
        key = self.context.key_for(path) if path else None
        if base is not None and key is not None and _has_key(doc, base + "/" + key):
            return base + "/" + key
        return base

    def shape_stage(self, doc: dict[str, Any], triples: list[Any] | None = None,
                    pointers: dict[Any, str] | None = None) -> list[tuple[str, str, str | None, str, str | None]]:
        """(stage, message, JSON pointer, focus node, path) for every shape result and text mismatch.

        `triples` and `pointers` may come from the caller's own document_triples(doc, on_node=...) call."""
        try:
            graph, native = self._document_graph(doc, triples, pointers)
        except (JsonLdError, ValueError) as e:
            return [("shacl", f"cannot be turned into RDF: {e}", "", "", None)]
        return [(stage, message, self._where(doc, native, focus, path), _nt(focus), path)
                for stage, _, focus, path, message in self.graph_findings(graph)]

    def _document_graph(self, doc: dict[str, Any], triples: list[Any] | None = None,
                        pointers: dict[Any, str] | None = None) -> tuple[Graph, Pointers]:
        if triples is not None and pointers is not None:
            graph = Graph.from_terms(triples)
        else:
            pointers = {}
            graph = Graph.from_quads(parse_document(doc, on_node=pointers.__setitem__, newsld=self._is_newsld(doc)))
        return graph, _native(pointers)

    def _is_newsld(self, doc: dict[str, Any]) -> bool:
        return self.bundled or doc.get("@context") in (CONTEXT_URL, _inline_newsld_context())

    def _document_findings(self, doc: dict[str, Any]) -> tuple[Findings, Pointers, list[ox.Quad], Graph, bool]:
        """Findings of a document's graph, the JSON pointers of its nodes (worked out only if needed), the quads
        validated with whether they hold blank nodes, and the graph that names the findings' nodes."""
        newsld = self._is_newsld(doc)
        quads = parse_document(doc, newsld=newsld, stable_labels=False)
        graph = Graph.from_quads(quads)
        findings = self.graph_findings(graph)
        if not findings:
            return findings, {}, quads, graph, graph.blank
        if any(type(focus) is str and focus.startswith("_:") for _, _, focus, _, _ in findings):
            labelled, pointers = self._document_graph(doc)  # blank nodes: the labels that trace back to the JSON
            return self.graph_findings(labelled), pointers, quads, labelled, True
        found: dict[Any, str] = {}
        node_pointers(doc, found.__setitem__, newsld=newsld)
        return findings, _native(found), quads, graph, graph.blank

    def check_document(self, doc: Any, source: str, *, text: str | None = None,
                       line: int | None = None, pointer_prefix: str = "") -> list[Issue]:
        """Issues of one JSON-LD document; raises NetworkRefused for a remote @context."""
        return self.check_document_graph(doc, source, text=text, line=line, pointer_prefix=pointer_prefix)[0]

    def check_document_graph(self, doc: Any, source: str, *, text: str | None = None, line: int | None = None,
                             pointer_prefix: str = "") -> tuple[list[Issue], Checked | None]:
        """Issues of one JSON-LD document and the graph that was validated (None when the document could not
        become RDF, or broke the JSON Schema so no graph was checked); raises NetworkRefused for a remote
        @context."""
        def issue(message: str, stage: str, pointer: str | None, focus: str | None = None,
                  path: str | None = None, severity: str = "error", result: ValidationResult | None = None,
                  named: str | None = None) -> Issue:
            full = pointer_prefix + pointer if pointer is not None else None
            at = locate_pointer(text, full) if text is not None and full is not None else None
            return Issue(source, message, stage, severity, pointer=full,
                         line=line if line is not None else (at and at[0]),
                         column=None if line is not None else (at and at[1]), focus=focus, path=path,
                         document=line, result=result, label=named)

        if not isinstance(doc, dict):
            return [issue(f"a document must be a JSON object, found {type(doc).__name__}", "schema", "")], None
        if self.bundled:
            if "@context" in doc:
                try:
                    check_context(doc["@context"], source)
                except NetworkRefused:
                    raise
                except InputError as e:
                    return [issue(e.problem, "schema", "/@context")], None
            schema_errors = self.schema_stage(doc)
            if schema_errors:  # the RDF of a document that breaks the schema would only repeat the findings
                return [issue(message, "schema", pointer) for pointer, message in schema_errors], None
        else:
            _refuse_remote_contexts(doc.get("@context"), source)
        try:
            findings, pointers, quads, graph, blank = self._document_findings(doc)
        except JsonLdError as e:
            return [issue(f"cannot be turned into RDF: {e}", "shacl", "")], None
        out = []
        for stage, result, focus, path, message in findings:
            out.append(issue(message, stage, self._where(doc, pointers, focus, path), _nt(focus), path,
                             result.level if result is not None else "error", result, label(graph, focus)))
        return out, Checked(quads, blank, doc)

    def _no_article(self, source: str, message: str, *, pointer: str | None = None,
                    line: int | None = None) -> list[Issue]:
        """The finding for a file or document that holds no newsld article (none when it is to be passed over)."""
        if self.no_article == "skip":
            return []
        return [Issue(source, message, "content", self.no_article, pointer=pointer, line=line, document=line)]

    def check_json_file(self, data: bytes, source: str, graphs: list[Checked] | None = None
                        ) -> tuple[list[Issue], int]:
        """Issues of a JSON file (one document, or an array of them); the graphs checked go to `graphs`."""
        text = decode_utf8(data, source)
        value = parse_json(text, source)
        documents = value if isinstance(value, list) else [value]
        if self.bundled and not any(is_newsld_json(doc) for doc in documents):
            what = "an empty JSON array" if value == [] else "JSON, but not a newsld document"
            return self._no_article(source, f"holds no newsld article: it is {what} (no newsld @context, no "
                                    "articleBody, actors, claims or figures)"), 0
        if isinstance(value, list):
            issues: list[Issue] = []
            count = 0
            for i, doc in enumerate(value):
                if self.bundled and not is_newsld_json(doc):
                    issues += self._no_article(source, f"item {i} is not a newsld document", pointer=f"/{i}")
                    continue
                count += 1
                found, checked = self.check_document_graph(doc, source, text=text, pointer_prefix=f"/{i}")
                issues += found
                if graphs is not None and checked is not None:
                    graphs.append(Checked(checked.quads, checked.blank, doc, index=i))
            return issues, count
        found, checked = self.check_document_graph(value, source, text=text)
        if graphs is not None and checked is not None:
            graphs.append(checked)
        return found, 1

    def check_jsonl_file(self, data: bytes, source: str, report: Report, graphs: list[Checked] | None = None
                         ) -> tuple[list[Issue], int]:
        """Each line is a document; a line that cannot be read is a failure, the others are still checked."""
        return self.check_jsonl_text(decode_utf8(data, source), source, report, graphs=graphs)

    def check_jsonl_text(self, text: str, source: str, report: Report, *, first_line: int = 1,
                         graphs: list[Checked] | None = None) -> tuple[list[Issue], int]:
        """check_jsonl_file on decoded text whose first line is line `first_line` of the file (so a loader can
        hand the lines of a large file to several processes)."""
        issues: list[Issue] = []
        others: list[int] = []
        count = 0
        for number, line in enumerate(text.split("\n"), start=first_line):
            if not line.strip():
                continue
            try:
                doc = parse_json(line, source, line=number)
                if self.bundled and not is_newsld_json(doc):
                    others.append(number)
                    continue
                count += 1
                found, checked = self.check_document_graph(doc, source, line=number)
                issues += found
                if graphs is not None and checked is not None:
                    graphs.append(Checked(checked.quads, checked.blank, doc, line=number))
            except InputError as e:
                count += 1
                if not e.problem.startswith("line "):
                    e = InputError(source, f"line {number}: {e.problem}")
                report.failures.append(e)
        if count == 0 and not report.failures:
            what = "is empty" if not others else f"has {len(others)} line(s) of JSON, none a newsld document"
            issues += self._no_article(source, f"holds no newsld article: it {what}")
        else:
            for number in others:
                issues += self._no_article(source, f"line {number} is not a newsld document", line=number)
        return issues, count

    # ---------------------------------------------------------------- RDF files

    def check_rdf(self, data: bytes, source: str, rdf_format: ox.RdfFormat, graphs: list[Checked] | None = None
                  ) -> tuple[list[Issue], int]:
        """Issues of an RDF file: its data graph is the set of its triples, across all its named graphs. With
        `graphs`, the parsed quads that were checked are added to it."""
        if rdf_format == ox.RdfFormat.RDF_XML and (b"<!DOCTYPE" in data or b"<!ENTITY" in data):
            raise InputError(source, "RDF/XML with a DOCTYPE or entity declarations is refused "
                             "(entity expansion can exhaust memory); remove the declarations")
        if data.startswith(BOM):
            decode_utf8(data[:3], source)  # raises the BOM error; pyoxigraph reports invalid UTF-8 by line itself
        try:
            if graphs is None:
                issues, count = self.check_quads(ox.parse(data, format=rdf_format), source)
            else:
                issues, count = self.check_quads(list(ox.parse(data, format=rdf_format)), source, graphs)
        except SyntaxError as e:
            problem = _POSITION.sub("", e.msg)
            raise InputError(source, f"not valid {rdf_format.name}: {problem}", line=e.lineno,
                             column=e.offset) from None
        if issues and rdf_format != ox.RdfFormat.RDF_XML:
            issues = locate_focus_nodes(data, issues)
        return issues, count

    def check_quads(self, quads: Iterable[ox.Quad | ox.Triple], source: str, graphs: list[Checked] | None = None
                    ) -> tuple[list[Issue], int]:
        """Issues of already parsed RDF (so a loader parses its input once), and how many articles it holds;
        with `graphs`, the quads (a list) that were checked are added to it."""
        try:
            graph = Graph.from_quads(quads)
        except ValueError as e:
            raise InputError(source, str(e)) from None
        if graphs is not None:
            assert isinstance(quads, list)
            graphs.append(Checked(quads, graph.blank))
        issues = [Issue(source, message, stage, result.level if result is not None else "error",
                        focus=_nt(focus), path=path, result=result, label=label(graph, focus))
                  for stage, result, focus, path, message in self.graph_findings(graph)]
        if not self.bundled:
            return issues, 1
        articles = len(graph.instances(ARTICLE))
        if not articles:
            what = "holds no triples" if not len(graph) else f"has {len(graph)} triple(s), none about one"
            issues += self._no_article(source, f"holds no newsld article (no node of type nld:Article): it {what}")
        return issues, articles

    # ---------------------------------------------------------------- files

    def check_file(self, path: Path, *, data: bytes | None = None, kind: str | None = None,
                   graphs: list[Checked] | None = None) -> Report:
        """Validate one file (or stdin data); unreadable input becomes a failure in the report.

        With `graphs`, every data graph that was checked is added to it, as it was checked."""
        source = str(path)
        report = Report(files=1)
        try:
            suffix = kind or path.suffix.lower()
            if suffix not in KNOWN_EXTENSIONS:
                raise InputError(source, f"unknown extension {path.suffix or '(none)'!r}; newsld validates "
                                 + ", ".join(sorted(KNOWN_EXTENSIONS)))
            if data is None:
                data = read_bytes(path)
            if suffix in RDF_EXTENSIONS:
                issues, count = self.check_rdf(data, source, RDF_EXTENSIONS[suffix], graphs)
            elif JSON_EXTENSIONS[suffix] == "jsonl":
                issues, count = self.check_jsonl_file(data, source, report, graphs)
            else:
                issues, count = self.check_json_file(data, source, graphs)
            report.issues.extend(issues)
            report.documents += count
        except InputError as e:
            report.failures.append(e)
        return report


_POSITION = re.compile(r"^Parser error (?:at|between) line \d+ column \d+(?: and line \d+ column \d+)?: ")
_IRI_TOKEN = re.compile(r"<([^<>\s]*)>")
_PREFIX = re.compile(r"(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", re.IGNORECASE)


def locate_focus_nodes(data: bytes, issues: list[Issue]) -> list[Issue]:
    """Issues of a Turtle, TriG, N-Triples or N-Quads file with the line and column of their focus node:
    where it first starts a statement (its description), else where it first occurs. One pass over the
    text finds every IRI written in full; a node written as a prefixed name is looked up by that name."""
    wanted = {i.focus[1:-1] for i in issues if i.focus and i.focus.startswith("<") and i.line is None}
    if not wanted:
        return issues
    text = data.decode("utf-8", "replace")
    first: dict[str, int] = {}
    leading: dict[str, int] = {}
    for match in _IRI_TOKEN.finditer(text):
        iri = match.group(1)
        if iri not in wanted:
            continue
        start = match.start()
        first.setdefault(iri, start)
        if iri not in leading and text[text.rfind("\n", 0, start) + 1:start].strip() == "":
            leading[iri] = start
    missing = wanted - first.keys()
    if missing:
        for prefix, namespace in _PREFIX.findall(text):
            for iri in [m for m in missing if m.startswith(namespace) and len(m) > len(namespace)]:
                name = re.compile(r"(?<![\w:.-])" + re.escape(f"{prefix}:{iri[len(namespace):]}") + r"(?![\w:-])")
                found = name.search(text)
                if found:
                    first[iri] = found.start()
                    missing.discard(iri)

    def position(at: int) -> tuple[int, int]:
        return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)

    out = []
    for i in issues:
        iri = i.focus[1:-1] if i.focus and i.focus.startswith("<") else None
        at = None
        if iri is not None and i.line is None:
            at = leading.get(iri, first.get(iri))
        if at is None:
            out.append(i)
            continue
        lineno, column = position(at)
        out.append(replace(i, line=lineno, column=column))
    return out


def _inline_newsld_context() -> Any:
    return context_document()["@context"]


def _refuse_remote_contexts(ctx: Any, source: str) -> None:
    for item in ctx if isinstance(ctx, list) else [ctx]:
        if isinstance(item, str) and item != CONTEXT_URL:
            raise NetworkRefused(source, "@context", item)


def _has_key(doc: Any, pointer: str) -> bool:
    node = doc
    for part in pointer.split("/")[1:]:
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return False
    return True


def _schema_message(error: Any) -> str:
    """A schema error in words that say what to change (newsld.validation.messages); the library's message,
    tidied, for a kind of error those do not cover."""
    from newsld.validation.messages import schema_message

    message = schema_message(error, _schema_resource)
    if message is None:
        message = error.message
        if message.startswith(("{", "[")):  # the instance itself leads the message: name it instead
            cut = max(message.rfind("} is "), message.rfind("] is "))
            if cut > 0:
                message = ("the object" if message[0] == "{" else "the array") + message[cut + 1:]
    if len(message) > 400:
        message = message[:397] + "..."
    return message


def _schema_resource(uri: str) -> Any:
    """A schema by its URI: a bundled schema, or a user's --schema (found by its $id)."""
    return schemas().get(uri) or _extra_schemas.get(uri)


_extra_schemas: dict[str, Any] = {}


def expand_paths(paths: Iterable[str], extensions: set[str] = KNOWN_EXTENSIONS) -> Iterator[Path | InputError]:
    """Files named directly, files under directories (by extension, sorted), and glob matches.

    A thin re-export: input discovery lives in newsld.sources.discover, shared by convert, validate and load."""
    from newsld.sources.discover import expand_paths as discover_paths

    return discover_paths(paths, extensions)


def check_extra_schema(path: Path) -> None:
    """--schema is JSON Schema only: a SHACL or other RDF file given to it is a usage error."""
    suffix = path.suffix.lower()
    if suffix in RDF_EXTENSIONS:
        raise UsageError(f"--schema {path} is an RDF file; --schema takes a JSON Schema. "
                         "For SHACL shapes use --shapes FILE")
    try:
        value = parse_json(decode_utf8(read_bytes(path), path), path)
    except InputError:
        return  # compile_extra_schema names the problem
    if isinstance(value, dict | list) and _looks_like_json_ld(value):
        raise UsageError(f"--schema {path} is JSON-LD (SHACL shapes?), not a JSON Schema; "
                         "for SHACL shapes use --shapes FILE")


def _looks_like_json_ld(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return any(isinstance(v, dict) and any(k in v for k in ("@context", "@graph", "@id", "@type")) for v in items)


def _inputs(paths: Iterable[str], stdin_kind: str) -> Iterator[tuple[str, Path | InputError]]:
    for raw in paths:
        if raw == "-":
            yield raw, Path("<stdin>" + stdin_kind)
            continue
        for item in expand_paths([raw]):
            yield raw, item


def validate_paths(paths: Iterable[str], *, stdin: bytes | None = None, stdin_kind: str | None = None,
                   extra_schema: Path | None = None, shapes: Iterable[Path] = (), bundled_shapes: bool = True,
                   fail_on: str = "violation", no_article: str = "warning",
                   on_total: Callable[[int], None] | None = None,
                   on_file: Callable[[str, Report], None] | None = None) -> Report:
    """Validate every named input ("-" is stdin); returns one Report, never raises for bad data.

    `stdin_kind` is the extension standard input is read as (None: told from its content, see
    sniff_stdin). A file with no newsld article is a warning, an error or passed over (`no_article`).
    `on_total` hears how many inputs there are, `on_file` each input's own report as it is done.

    Raises UsageError (or ShapesError, a UsageError) for options that cannot work: unusable
    shapes, a SHACL file given as --schema, --schema for RDF inputs only, no shapes at all."""
    shapes = tuple(shapes)
    if fail_on not in FAIL_ON:
        raise UsageError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    if no_article not in NO_ARTICLE:
        raise UsageError(f"no_article must be one of {', '.join(NO_ARTICLE)}, not {no_article!r}")
    if not bundled_shapes and not shapes:
        raise UsageError("--no-bundled-shapes leaves nothing to validate against: give at least one --shapes FILE")
    if stdin_kind is None:
        stdin_kind = sniff_stdin(stdin) if stdin is not None else ".jsonld"
    inputs = list(_inputs(paths, stdin_kind))
    if on_total is not None:
        on_total(len(inputs))
    if extra_schema is not None:
        check_extra_schema(extra_schema)
        if not bundled_shapes:
            raise UsageError("--schema adds rules to newsld's JSON Schema stage, which --no-bundled-shapes turns "
                             "off; state the rules as SHACL and give them with --shapes")
        files = [p for _, p in inputs if isinstance(p, Path)]
        if files and all(p.suffix.lower() in RDF_EXTENSIONS for p in files):
            raise UsageError("--schema checks JSON documents, and every input here is RDF (Turtle, N-Triples, "
                             "N-Quads, ...); to add rules for RDF data use --shapes FILE")
    validator = Validator(compile_extra_schema(extra_schema) if extra_schema else None, shapes, bundled_shapes,
                          no_article)
    report = Report(fail_on=fail_on)
    for raw, item in inputs:
        if isinstance(item, InputError):
            one = Report(failures=[item], files=1, fail_on=fail_on)
        elif raw == "-":
            if stdin is None:
                raise UsageError("'-' names standard input, but none was given")
            one = validator.check_file(Path("<stdin>"), data=stdin, kind=stdin_kind)
        else:
            one = validator.check_file(item)
        one.fail_on = fail_on
        report.extend(one)
        if on_file is not None:
            on_file(item.source if isinstance(item, InputError) else "<stdin>" if raw == "-" else str(item), one)
    return report


@cache
def shared_validator() -> Validator:
    """One Validator per process for in-memory checks (compiled schema and shapes are reused)."""
    return Validator()


def validate_document(doc: dict[str, Any], source: str = "<document>") -> list[Issue]:
    """Issues of one in-memory newsld document."""
    return shared_validator().check_document(doc, source)


__all__ = ["STDIN_FORMATS", "Checked", "Validator", "expand_paths", "shared_validator", "validate_document",
           "validate_paths"]
