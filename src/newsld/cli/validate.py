"""`newsld validate`: check datasets against the schemas and shapes, for CI and pre-commit."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from newsld.cli import app, guarded
from newsld.validation.report import Issue, Report


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def render_text(report: Report) -> str:
    lines = []
    for e in report.failures:
        lines.append(f"{e.source}: error: {e.problem}")
    for i in report.issues:
        focus = f" [{i.focus}]" if i.focus and not i.focus.startswith("_:") else ""
        at = f" (at {i.pointer or '/'})" if i.pointer is not None and i.line is not None else ""
        lines.append(f"{i.location()}: {i.severity}: {i.message}{at}{focus}")
    errors = sum(1 for i in report.issues if i.severity == "error")
    verdict = "valid" if report.ok else "INVALID"
    lines.append(f"{verdict}: {report.files} file(s), {report.documents} document(s), "
                 f"{errors} error(s), {len(report.failures)} unreadable")
    return "\n".join(lines)


def _issue_json(i: Issue) -> dict[str, object]:
    return {k: v for k, v in {
        "file": i.source, "line": i.line, "column": i.column, "pointer": i.pointer, "focus": i.focus,
        "path": i.path, "stage": i.stage, "severity": i.severity, "message": i.message,
    }.items() if v is not None}


def render_json(report: Report) -> str:
    return json.dumps({
        "ok": report.ok,
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


@app.command()
@guarded
def validate(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs; '-' reads standard input."),
    output_format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="text, json or github."),
    stdin_format: str = typer.Option("jsonld", "--stdin-format",
                                     help="Format of standard input: jsonld, jsonl, ttl, nt, nq."),
    schema: Path | None = typer.Option(None, "--schema", help="An extra JSON Schema every JSON document must "
                                       "also satisfy (your project's own rules; remote $ref is refused)."),
) -> None:
    """Check JSON-LD, JSON lines, Turtle, N-Triples and N-Quads against the newsld schemas and shapes.

    Exit codes: 0 valid, 1 invalid data, 2 usage error, 3 a file could not be read or parsed.
    """
    from newsld.validation import validate_paths

    stdin = sys.stdin.buffer.read() if "-" in paths else None
    report = validate_paths(paths, stdin=stdin, stdin_kind="." + stdin_format.lstrip("."), extra_schema=schema)
    render = {OutputFormat.text: render_text, OutputFormat.json: render_json,
              OutputFormat.github: render_github}[output_format]
    typer.echo(render(report))
    raise typer.Exit(report.exit_code)
