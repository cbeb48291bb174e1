"""`newsld validate`: check datasets against the schemas and shapes, for CI and pre-commit."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from newsld.cli import app, fail, guarded
from newsld.errors import UsageError
from newsld.validation.report import Issue, Report


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    shacl = "shacl"


class FailOn(StrEnum):
    violation = "violation"
    warning = "warning"
    info = "info"


def render_text(report: Report) -> str:
    lines = []
    for e in report.failures:
        lines.append(f"{e.source}: error: {e.problem}")
    for i in report.issues:
        focus = f" [{i.focus}]" if i.focus and not i.focus.startswith("_:") else ""
        at = f" (at {i.pointer or '/'})" if i.pointer is not None and i.line is not None else ""
        lines.append(f"{i.location()}: {i.severity}: {i.message}{at}{focus}")
    verdict = "valid" if report.ok else "INVALID"
    others = "".join(f", {report.count(level)} {level}(s)" for level in ("warning", "info") if report.count(level))
    lines.append(f"{verdict}: {report.files} file(s), {report.documents} document(s), "
                 f"{report.count('error')} error(s){others}, {len(report.failures)} unreadable")
    return "\n".join(lines)


def _issue_json(i: Issue) -> dict[str, object]:
    return {k: v for k, v in {
        "file": i.source, "line": i.line, "column": i.column, "pointer": i.pointer, "focus": i.focus,
        "path": i.path, "stage": i.stage, "severity": i.severity, "message": i.message,
    }.items() if v is not None}


def render_json(report: Report) -> str:
    return json.dumps({
        "ok": report.ok,
        "conforms": report.conforms,
        "files": report.files,
        "documents": report.documents,
        "issues": [_issue_json(i) for i in report.issues],
        "unreadable": [{"file": e.source, "message": e.problem} for e in report.failures],
    }, ensure_ascii=False, indent=1)


def _gh(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def render_github(report: Report) -> str:
    lines = [f"::error file={_gh(e.source)},title=newsld::{_gh(e.problem)}" for e in report.failures]
    for i in report.issues:
        pos = f",line={i.line}" + (f",col={i.column}" if i.column else "") if i.line else ""
        where = f" at {i.pointer}" if i.pointer and not i.line else ""
        lines.append(f"::{i.severity} file={_gh(i.source)}{pos},title=newsld {i.stage}::"
                     f"{_gh(i.message + where)}")
    lines.append(render_text(report).splitlines()[-1])
    return "\n".join(lines)


def render_shacl(report: Report) -> str:
    """One W3C sh:ValidationReport in Turtle; findings outside SHACL are results of newsld's own components."""
    from newsld.validation.shacl_report import report_turtle

    return report_turtle(report)


@app.command()
@guarded
def validate(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs; '-' reads standard input."),
    output_format: OutputFormat = typer.Option(
        OutputFormat.text, "--format", "-f",
        help="text, json, github (workflow annotations) or shacl (a W3C sh:ValidationReport in Turtle)."),
    stdin_format: str = typer.Option("jsonld", "--stdin-format",
                                     help="Format of standard input: jsonld, jsonl, ttl, nt, nq, trig, rdf."),
    schema: Path | None = typer.Option(
        None, "--schema", metavar="FILE",
        help="An extra JSON Schema every newsld JSON document must also satisfy (your project's own rules; "
        "remote $ref is refused). JSON Schema only: for SHACL use --shapes."),
    shapes: list[Path] = typer.Option(
        [], "--shapes", metavar="FILE",
        help="A SHACL shapes file (Turtle, N-Triples, RDF/XML or JSON-LD) added to newsld's shapes; repeat for "
        "several. SHACL Core only: SPARQL-based constraints and targets are refused (exit 2)."),
    no_bundled_shapes: bool = typer.Option(
        False, "--no-bundled-shapes", help="Validate against the --shapes files only, so any RDF can be checked "
        "(a general SHACL validator). newsld's JSON Schema and text checks are then off too."),
    fail_on: FailOn = typer.Option(
        FailOn.violation, "--fail-on", help="The least severe SHACL result that makes the exit code 1: violation "
        "(default; sh:Warning and sh:Info results are reported but pass), warning or info."),
) -> None:
    """Check JSON-LD, JSON lines, Turtle, N-Triples, N-Quads and TriG against the newsld schemas and shapes.

    Exit codes: 0 valid, 1 invalid data, 2 usage error, 3 a file could not be read or parsed.
    """
    from newsld.validation import validate_paths
    from newsld.validation.validate import STDIN_FORMATS

    kind = STDIN_FORMATS.get(stdin_format.lstrip(".").lower())
    if kind is None:
        raise fail(UsageError(f"--stdin-format {stdin_format!r} is not one of {', '.join(STDIN_FORMATS)}"))
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    report = validate_paths(paths, stdin=stdin, stdin_kind=kind, extra_schema=schema, shapes=shapes,
                            bundled_shapes=not no_bundled_shapes, fail_on=fail_on.value)
    render = {OutputFormat.text: render_text, OutputFormat.json: render_json,
              OutputFormat.github: render_github, OutputFormat.shacl: render_shacl}[output_format]
    typer.echo(render(report))
    if output_format == OutputFormat.shacl:
        for e in report.failures:  # the report holds results; unreadable inputs go to standard error
            typer.echo(f"{e.source}: error: {e.problem}", err=True)
    raise typer.Exit(report.exit_code)
