"""The validation pipeline: read each input, run the JSON Schema and SHACL stages, collect a Report."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import pyoxigraph as ox

from newsld._textio import decode_utf8, locate_pointer, parse_json, read_bytes
from newsld.errors import InputError, NetworkRefused, UsageError
from newsld.rdf.context import check_context
from newsld.rdf.expand import document_triples, load_context_terms
from newsld.resources import DOCUMENT_SCHEMA, schemas
from newsld.validation.checks import text_findings
from newsld.validation.report import Issue, Report
from newsld.validation.shacl import DataGraph, Term, newsld_engine

JSON_EXTENSIONS = {".jsonld": "json", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
RDF_EXTENSIONS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
KNOWN_EXTENSIONS = set(JSON_EXTENSIONS) | set(RDF_EXTENSIONS)


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
    registry = jsonschema_rs.Registry(_registry_resources(), retriever=refuser)
    try:
        return jsonschema_rs.validator_for(schema, registry=registry, retriever=refuser)
    except (ValueError, jsonschema_rs.ReferencingError) as e:
        if refuser.refused:
            raise NetworkRefused(path, "$ref", refuser.refused[0]) from None
        raise InputError(path, f"not a usable JSON Schema: {str(e).splitlines()[0]}") from None


@dataclass
class Validator:
    """Validates documents and files; holds the compiled schema and shapes for reuse across files."""

    extra_schema: Any = None

    def __post_init__(self) -> None:
        self.schema = document_validator()
        self.validators = [self.schema] + ([self.extra_schema] if self.extra_schema is not None else [])
        self.engine = newsld_engine()

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

    def shape_stage(self, doc: dict[str, Any], triples: list[Any] | None = None,
                    pointers: dict[Term, str] | None = None) -> list[tuple[str, str, str | None, str, str | None]]:
        """(stage, message, JSON pointer, focus node, path) for every shape violation and text mismatch.

        `triples` and `pointers` may come from the caller's own document_triples(doc, on_node=...) call."""
        if triples is None or pointers is None:
            pointers = {}
            try:
                triples = document_triples(doc, on_node=pointers.__setitem__)
            except ValueError as e:
                return [("shacl", f"cannot be turned into RDF: {e}", "", "", None)]
        graph = DataGraph(triples)
        ctx = load_context_terms()

        def where(focus: Term, path: str | None) -> str | None:
            base = pointers.get(focus)
            key = ctx.key_for(path) if path else None
            if base is not None and key is not None and _has_key(doc, base + "/" + key):
                return base + "/" + key
            return base

        found: list[tuple[str, str, str | None, str, str | None]] = []
        for v in self.engine.validate(graph):
            path = v.path.value if v.path else None
            found.append(("shacl", v.message, where(v.focus, path), str(v.focus), path))
        for focus, path_iri, message in text_findings(graph):
            found.append(("text", message, where(focus, path_iri), str(focus), path_iri))
        return found

    def check_document(self, doc: Any, source: str, *, text: str | None = None,
                       line: int | None = None, pointer_prefix: str = "") -> list[Issue]:
        """Issues of one JSON-LD document; raises NetworkRefused for a remote @context."""
        def issue(message: str, stage: str, pointer: str | None, focus: str | None = None,
                  path: str | None = None) -> Issue:
            full = pointer_prefix + pointer if pointer is not None else None
            at = locate_pointer(text, full) if text is not None and full is not None else None
            return Issue(source, message, stage, pointer=full, line=line if line is not None else (at and at[0]),
                         column=None if line is not None else (at and at[1]), focus=focus, path=path,
                         document=line)

        if not isinstance(doc, dict):
            return [issue(f"a document must be a JSON object, found {type(doc).__name__}", "schema", "")]
        if "@context" in doc:
            try:
                check_context(doc["@context"], source)
            except NetworkRefused:
                raise
            except InputError as e:
                return [issue(e.problem, "schema", "/@context")]
        schema_errors = self.schema_stage(doc)
        if schema_errors:  # the RDF of a document that breaks the schema would only repeat the findings
            return [issue(message, "schema", pointer) for pointer, message in schema_errors]
        return [issue(message, stage, pointer, focus or None, path)
                for stage, message, pointer, focus, path in self.shape_stage(doc)]

    def check_json_file(self, data: bytes, source: str) -> tuple[list[Issue], int]:
        text = decode_utf8(data, source)
        value = parse_json(text, source)
        if isinstance(value, list):
            issues: list[Issue] = []
            for i, doc in enumerate(value):
                issues += self.check_document(doc, source, text=text, pointer_prefix=f"/{i}")
            return issues, len(value)
        return self.check_document(value, source, text=text), 1

    def check_jsonl_file(self, data: bytes, source: str, report: Report) -> tuple[list[Issue], int]:
        """Each line is a document; a line that cannot be read is a failure, the others are still checked."""
        text = decode_utf8(data, source)
        issues: list[Issue] = []
        count = 0
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            count += 1
            try:
                doc = parse_json(line, source, line=number)
                issues += self.check_document(doc, source, line=number)
            except InputError as e:
                if not e.problem.startswith("line "):
                    e = InputError(source, f"line {number}: {e.problem}")
                report.failures.append(e)
        return issues, count

    # ---------------------------------------------------------------- RDF files

    def check_rdf(self, data: bytes, source: str, rdf_format: ox.RdfFormat) -> tuple[list[Issue], int]:
        text = decode_utf8(data, source)
        if rdf_format == ox.RdfFormat.RDF_XML and ("<!DOCTYPE" in text or "<!ENTITY" in text):
            raise InputError(source, "RDF/XML with a DOCTYPE or entity declarations is refused "
                             "(entity expansion can exhaust memory); remove the declarations")
        try:
            quads = list(ox.parse(data, format=rdf_format))
        except SyntaxError as e:
            raise InputError(source, f"not valid {rdf_format.name}: {e.msg}") from None
        by_graph: dict[Any, list[tuple[Term, ox.NamedNode, Term]]] = {}
        for q in quads:
            by_graph.setdefault(q.graph_name, []).append((q.subject, q.predicate, q.object))
        issues: list[Issue] = []
        union = DataGraph((q.subject, q.predicate, q.object) for q in quads)
        seen: set[tuple[str, str | None, str]] = set()
        for v in self.engine.validate(union):
            issues.append(self._rdf_issue(source, v.focus, v.path.value if v.path else None, v.message, "shacl"))
        graphs = list(by_graph.values()) if len(by_graph) > 1 else [None]
        for triples in graphs:
            graph = union if triples is None else DataGraph(triples)
            for focus, path, message in text_findings(graph):
                key = (str(focus), path, message)
                if key not in seen:
                    seen.add(key)
                    issues.append(self._rdf_issue(source, focus, path, message, "text"))
        articles = sum(1 for types in union.types.values() if "https://w3id.org/newsld/vocab#Article" in types)
        return issues, max(articles, 1)

    @staticmethod
    def _rdf_issue(source: str, focus: Term, path: str | None, message: str, stage: str) -> Issue:
        return Issue(source, message, stage, focus=str(focus), path=path)

    # ---------------------------------------------------------------- files

    def check_file(self, path: Path, *, data: bytes | None = None, kind: str | None = None) -> Report:
        """Validate one file (or stdin data); unreadable input becomes a failure in the report."""
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
                issues, count = self.check_rdf(data, source, RDF_EXTENSIONS[suffix])
            elif JSON_EXTENSIONS[suffix] == "jsonl":
                issues, count = self.check_jsonl_file(data, source, report)
            else:
                issues, count = self.check_json_file(data, source)
            report.issues.extend(issues)
            report.documents += count
        except InputError as e:
            report.failures.append(e)
        return report


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
    message: str = error.message
    if message.startswith(("{", "[")):  # the instance itself leads the message: name it instead
        cut = max(message.rfind("} is "), message.rfind("] is "))
        if cut > 0:
            message = ("the object" if message[0] == "{" else "the array") + message[cut + 1:]
    if message.endswith("under any of the given schemas") or message.endswith("more than one of the given schemas"):
        message += f" (rule {error.absolute_keyword_location or '/'.join(map(str, error.schema_path))})"
    if len(message) > 300:
        message = message[:297] + "..."
    return message


def expand_paths(paths: Iterable[str], extensions: set[str] = KNOWN_EXTENSIONS) -> Iterator[Path | InputError]:
    """Files named directly, files under directories (by extension, sorted), and glob matches.

    A thin re-export: input discovery lives in newsld.sources.discover, shared by convert, validate and load."""
    from newsld.sources.discover import expand_paths as discover_paths

    return discover_paths(paths, extensions)


def validate_paths(paths: Iterable[str], *, stdin: bytes | None = None, stdin_kind: str = ".jsonld",
                   extra_schema: Path | None = None) -> Report:
    """Validate every named input ("-" is stdin); returns one Report, never raises for bad data."""
    validator = Validator(compile_extra_schema(extra_schema) if extra_schema else None)
    report = Report()
    for raw in paths:
        if raw == "-":
            if stdin is None:
                raise UsageError("'-' names standard input, but none was given")
            report.extend(validator.check_file(Path("<stdin>"), data=stdin, kind=stdin_kind))
            continue
        for item in expand_paths([raw]):
            if isinstance(item, InputError):
                report.failures.append(item)
                report.files += 1
            else:
                report.extend(validator.check_file(item))
    return report


@cache
def shared_validator() -> Validator:
    """One Validator per process for in-memory checks (compiled schema and shapes are reused)."""
    return Validator()


def validate_document(doc: dict[str, Any], source: str = "<document>") -> list[Issue]:
    """Issues of one in-memory newsld document."""
    return shared_validator().check_document(doc, source)


__all__ = ["Validator", "expand_paths", "shared_validator", "validate_document", "validate_paths"]
