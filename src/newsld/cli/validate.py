"""`newsld validate`: check datasets against the schemas and shapes, for CI and pre-commit."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from newsld.cli import Command, app, guarded, set_verbosity
from newsld.cli._options import existing_file, format_of, verbosity
from newsld.errors import UsageError
from newsld.formats import REPORTS, VALIDATE_INPUTS, describe
from newsld.validation.report import FAIL_ON, Issue, Report


class FailOn(StrEnum):
    violation = "violation"
    warning = "warning"
    info = "info"


def _printable(text: str) -> str:
    from newsld._terminal import printable

    return printable(text)


def issue_line(i: Issue) -> str:
    """`file:line:col: severity: message (at /pointer) [what]`: the focus named for a person, its IRI kept."""
    at = f" (at {i.pointer or '/'})" if i.pointer is not None and i.line is not None else ""
    focus = ""
    if i.label and i.focus and not i.focus.startswith("_:"):
        focus = f" [{i.label}: {i.focus}]"
    elif i.label:
        focus = f" [{i.label}]"
    elif i.focus and not i.focus.startswith("_:"):
        focus = f" [{i.focus}]"
    return _printable(f"{i.location()}: {i.severity}: {i.message}{at}{focus}")


def render_lines(report: Report, level: int = 0) -> list[str]:
    """The text lines of a report's findings; quiet (-1) keeps only what fails the run."""
    lines = [_printable(f"{e.location()}: error: {e.problem}") for e in report.failures]
    failing = FAIL_ON[report.fail_on]
    lines += [issue_line(i) for i in report.issues if level >= 0 or i.severity in failing]
    return lines


def summary(report: Report) -> str:
    """The closing line: verdict and counts."""
    verdict = "valid" if report.ok else "INVALID"
    others = "".join(f", {report.count(level)} {level}(s)" for level in ("warning", "info") if report.count(level))
    return (f"{verdict}: {report.files} file(s), {report.documents} document(s), "
            f"{report.count('error')} error(s){others}, {len(report.failures)} unreadable")


def file_verdict(one: Report) -> str:
    """One file's verdict, for --verbose."""
    if one.failures:
        return "unreadable"
    if one.documents == 0 and not one.issues:
        return "passed over: no newsld article"
    counts = ", ".join(f"{one.count(level)} {level}(s)" for level in ("error", "warning", "info")
                       if one.count(level))
    return ("valid" if one.ok else "INVALID") + f": {one.documents} document(s)" + (f", {counts}" if counts else "")


def render_text(report: Report) -> str:
    return "\n".join([*render_lines(report), summary(report)])


def _issue_json(i: Issue) -> dict[str, object]:
    return {k: v for k, v in {
        "file": i.source, "line": i.line, "column": i.column, "pointer": i.pointer, "focus": i.focus,
        "label": i.label, "path": i.path, "stage": i.stage, "severity": i.severity, "message": i.message,
    }.items() if v is not None}


def render_json(report: Report) -> str:
    return json.dumps({
        "ok": report.ok,
        "conforms": report.conforms,
        "files": report.files,
        "documents": report.documents,
        "issues": [_issue_json(i) for i in report.issues],
        "unreadable": [{k: v for k, v in {"file": e.source, "line": e.line, "column": e.column,
                                          "message": e.problem}.items() if v is not None} for e in report.failures],
    }, ensure_ascii=False, indent=1)


def _gh(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def render_github(report: Report) -> str:
    lines = [f"::error file={_gh(e.source)}" + (f",line={e.line}" + (f",col={e.column}" if e.column else "")
                                                 if e.line else "") + f",title=newsld::{_gh(e.problem)}"
             for e in report.failures]
    for i in report.issues:
        pos = f",line={i.line}" + (f",col={i.column}" if i.column else "") if i.line else ""
        where = f" at {i.pointer}" if i.pointer and not i.line else ""
        what = f" [{i.label}]" if i.label else ""
        command = {"error": "error", "warning": "warning"}.get(i.severity, "notice")  # GitHub has no ::info
        lines.append(f"::{command} file={_gh(i.source)}{pos},title=newsld {i.stage}::"
                     f"{_gh(i.message + where + what)}")
    lines.append(summary(report))
    return "\n".join(lines)


def render_shacl(report: Report) -> str:
    """One W3C sh:ValidationReport in Turtle; findings outside SHACL are results of newsld's own components."""
    from newsld.validation.shacl_report import report_turtle

    return report_turtle(report)


@app.command(cls=Command)
@guarded
def validate(
    paths: list[str] = typer.Argument(..., metavar="PATH...", help="Files, directories, globs; '-' reads standard "
                                      "input."),
    output_format: str = typer.Option(
        "text", "--format", "-f", metavar="FORMAT", parser=format_of(REPORTS, "--format"),
        help="text, json, github (workflow annotations) or shacl (a W3C sh:ValidationReport in Turtle)."),
    stdin_format: str | None = typer.Option(
        None, "--stdin-format", metavar="FORMAT", parser=format_of(VALIDATE_INPUTS, "--stdin-format"),
        help=f"What '-' holds: {describe(VALIDATE_INPUTS)}. Default: told from the content (one JSON document "
        "or JSON lines, RDF/XML, N-Quads, else Turtle or TriG)."),
    schema: Path | None = typer.Option(
        None, "--schema", metavar="FILE", parser=existing_file,
        help="An extra JSON Schema every newsld JSON document must also satisfy (your project's own rules; "
        "remote $ref is refused). JSON Schema only: for SHACL use --shapes."),
    shapes: list[Path] = typer.Option(
        [], "--shapes", metavar="FILE", parser=existing_file,
        help="A SHACL shapes file (Turtle, N-Triples, RDF/XML or JSON-LD) added to newsld's shapes; repeat for "
        "several. SHACL Core only: SPARQL-based constraints and targets are refused (exit 2)."),
    no_bundled_shapes: bool = typer.Option(
        False, "--no-bundled-shapes", help="Validate against the --shapes files only, so any RDF can be checked "
        "(a general SHACL validator). newsld's JSON Schema and text checks are then off too."),
    fail_on: FailOn = typer.Option(
        FailOn.violation, "--fail-on", metavar="violation|warning|info",
        help="The least severe SHACL result that makes the exit code 1: violation (default; sh:Warning and "
        "sh:Info results are reported but pass), warning or info."),
    strict: bool = typer.Option(
        False, "--strict", help="A file that holds no newsld article (empty or unrelated Turtle, JSON that is not "
        "newsld) is an error, not a warning."),
    newsld_only: bool = typer.Option(
        False, "--newsld-only", help="Pass over files, and JSON documents or lines, that hold no newsld article, "
        "without a warning (for hooks that match every .json or .jsonl of a repository)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print errors only: no warnings, infos, progress or "
                               "summary."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also print one line per file with its verdict."),
) -> None:
    """Check JSON-LD, JSON lines, Turtle, N-Triples, N-Quads and TriG against the newsld schemas and shapes.

    On a terminal a progress bar shows the count, total, rate and ETA.

    Exit codes: 0 valid (warnings and infos pass unless --fail-on names them), 1 invalid data,
    2 usage error, 3 a file could not be read or parsed (the others were still validated).
    """
    from newsld.cli._progress import Progress
    from newsld.validation import validate_paths
    from newsld.validation.validate import STDIN_FORMATS

    level = verbosity(quiet, verbose)
    set_verbosity(level)
    if strict and newsld_only:
        raise UsageError("give --strict (a file without a newsld article fails) or --newsld-only (it is passed "
                         "over), not both")
    kind = STDIN_FORMATS[stdin_format] if stdin_format is not None else None
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    streaming = output_format == "text"  # findings as each file is done; the other formats are one document
    progress = Progress("validating", None, enabled=level >= 0, unit="file")

    def done(source: str, one: Report) -> None:
        progress.advance(failed=not one.ok)
        if streaming:
            for line in render_lines(one, level):
                progress.line(line, stdout=True)
        if level > 0:
            progress.line(_printable(f"{source}: {file_verdict(one)}"), stdout=streaming)

    try:
        report = validate_paths(paths, stdin=stdin, stdin_kind=kind, extra_schema=schema, shapes=shapes,
                                bundled_shapes=not no_bundled_shapes, fail_on=fail_on.value,
                                no_article="error" if strict else "skip" if newsld_only else "warning",
                                on_total=progress.set_total, on_file=done)
    finally:
        progress.close()
    if streaming:
        if level >= 0:
            typer.echo(summary(report))
    else:
        render = {"json": render_json, "github": render_github, "shacl": render_shacl}[output_format]
        typer.echo(render(report))
        if output_format == "shacl":
            for e in report.failures:  # the report holds results; unreadable inputs go to standard error
                typer.echo(_printable(f"{e.location()}: error: {e.problem}"), err=True)
    raise typer.Exit(report.exit_code)
