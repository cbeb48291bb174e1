"""A whole validation run as one W3C sh:ValidationReport (what `newsld validate --format shacl` prints).

SHACL results are written as the engine produced them. newsld's checks that SHACL cannot state
(the JSON Schema stage, and spans and hashes checked against the article text) are written as
results too, so a tool reading the report sees every finding: their sh:sourceShape and
sh:sourceConstraintComponent are newsld IRIs (nlds:DocumentSchema with
nlds:JsonSchemaConstraintComponent, nlds:ArticleText with nlds:TextEvidenceConstraintComponent, and
nlds:NewsldContent with nlds:ArticlePresenceConstraintComponent for a file that holds no newsld article).
A JSON Schema finding has no RDF node, so its focus node is the file's URL with the JSON pointer
as fragment.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from newsld.validation.report import Issue, Report
from newsld.validation.shacl import Literal, Term, ValidationResult
from newsld.validation.shacl import report_turtle as shacl_turtle
from newsld.validation.shacl.paths import PredicatePath

NLDS = "https://w3id.org/newsld/1.0/shapes#"
SH = "http://www.w3.org/ns/shacl#"
LEVELS = {"error": SH + "Violation", "warning": SH + "Warning", "info": SH + "Info"}
PREFIXES = {"nlds": NLDS, "nld": "https://w3id.org/newsld/vocab#", "schema": "https://schema.org/",
            "oa": "http://www.w3.org/ns/oa#", "prov": "http://www.w3.org/ns/prov#"}


def _term(nt: str | None) -> Term | None:
    if nt is None:
        return None
    if nt.startswith("<") and nt.endswith(">"):
        return nt[1:-1]
    if nt.startswith("_:"):
        return nt
    return Literal(nt, "http://www.w3.org/2001/XMLSchema#string")


def _file_node(issue: Issue) -> str:
    base = Path(issue.source).resolve().as_uri() if not issue.source.startswith("<") else "urn:newsld:stdin"
    where = issue.pointer or ""
    if issue.document is not None:
        where = f"line={issue.document}" + (f"&pointer={where}" if where else "")
    return base + ("#" + quote(where, safe="/=&") if where else "")


def as_result(issue: Issue) -> ValidationResult:
    """The SHACL result behind an issue, or a newsld result for a finding of the schema or text stage."""
    if issue.result is not None:
        return issue.result
    focus = _term(issue.focus) or _file_node(issue)
    if issue.stage == "text":
        shape, component = NLDS + "ArticleText", NLDS + "TextEvidenceConstraintComponent"
    elif issue.stage == "content":
        shape, component = NLDS + "NewsldContent", NLDS + "ArticlePresenceConstraintComponent"
    else:
        shape, component = NLDS + "DocumentSchema", NLDS + "JsonSchemaConstraintComponent"
    path = PredicatePath(issue.path) if issue.path and "://" in issue.path else None
    return ValidationResult(focus, path, None, shape, component, LEVELS.get(issue.severity, LEVELS["error"]),
                            issue.message)


def report_turtle(report: Report) -> str:
    """The run's findings as one sh:ValidationReport in Turtle (sh:conforms is false if anything was found)."""
    results = [as_result(i) for i in report.issues]
    return shacl_turtle(results, not results, PREFIXES)
