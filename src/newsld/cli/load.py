"""`newsld load` and `newsld query`: into an embedded Oxigraph store or a SPARQL 1.1 server, and back out."""

from __future__ import annotations

import contextlib
import sys
from enum import StrEnum
from pathlib import Path

import typer

from newsld.cli import app, guarded

TIMEOUT_HELP = ("Seconds to wait for the server to connect or send the next bytes (default 60); a timeout is not "
                "retried.")
RETRIES_HELP = ("Retries after a lost connection or a 429/502/503/504 answer, with backoff 0.5 s, 1 s, 2 s… "
                "(default 3).")


class ResultFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


@app.command()
@guarded
def load(
    paths: list[str] = typer.Argument(..., metavar="PATH...", help="newsld JSON-LD, JSON lines, Turtle, N-Triples, "
                                      "N-Quads, TriG files, or convert's output directories."),
    store: Path | None = typer.Option(None, "--store", help="Embedded store directory (default: ./newsld-store)."),
    endpoint: str | None = typer.Option(None, "--endpoint", help="SPARQL 1.1 Graph Store Protocol URL of a server, "
                                        "e.g. http://localhost:7878/store."),
    update_endpoint: str | None = typer.Option(None, "--update-endpoint", help="The server's SPARQL Update URL, "
                                               "for batched atomic replacement (e.g. http://localhost:7878/update)."),
    no_validate: bool = typer.Option(False, "--no-validate", help="Skip validation (trusted input only)."),
    batch: int | None = typer.Option(None, "--batch", help="Articles per bulk load (embedded, default 500) or "
                                     "per request (server, default 50)."),
    timeout: float = typer.Option(60.0, "--timeout", help=TIMEOUT_HELP),
    retries: int = typer.Option(3, "--retries", help=RETRIES_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary."),
) -> None:
    """Load articles into a triple store, each in its own named graph; reloading replaces, never duplicates.

    Credentials for --endpoint come from NEWSLD_TOKEN, NEWSLD_USER/NEWSLD_PASSWORD or a netrc file
    (NEWSLD_NETRC, default ~/.netrc). Exit codes: 0 loaded, 3 some input refused (the rest loaded), 5 store error.
    """
    from newsld._terminal import printable
    from newsld.store import open_target

    loader = open_target(store=store, endpoint=endpoint, update_endpoint=update_endpoint, batch=batch,
                         timeout=timeout, retries=retries)
    try:
        report = loader.load_paths(paths, validate=not no_validate)
    except BaseException:
        for failure in loader.report.failures:
            typer.echo(printable(f"newsld: error: {failure}"), err=True)
        with contextlib.suppress(Exception):  # the error that stopped the load is the one to report
            loader.close()
        raise
    loader.close()
    for failure in report.failures:
        typer.echo(printable(f"newsld: error: {failure}"), err=True)
    if not quiet:
        target = endpoint or str(store or "newsld-store")
        distinct = f" ({report.distinct} distinct)" if report.distinct != report.articles else ""
        typer.echo(printable(f"loaded {report.articles} article(s){distinct}, {report.triples} triples into {target}"
                             + (f"; {len(report.failures)} input(s) refused" if report.failures else "")), err=True)
    raise typer.Exit(3 if report.failures else 0)


@app.command()
@guarded
def query(
    sparql: str = typer.Argument(..., metavar="QUERY", help="A SPARQL query, or @FILE.rq to read it from a file."),
    store: Path | None = typer.Option(None, "--store", help="Embedded store directory (default: ./newsld-store)."),
    endpoint: str | None = typer.Option(None, "--endpoint", help="SPARQL query URL of a server, "
                                        "e.g. http://localhost:7878/query."),
    output_format: ResultFormat = typer.Option(ResultFormat.table, "--format", "-f", help="table, csv, tsv, or json "
                                               "(SPARQL 1.1 Query Results JSON). CONSTRUCT prints N-Triples."),
    timeout: float = typer.Option(60.0, "--timeout", help=TIMEOUT_HELP),
    retries: int = typer.Option(3, "--retries", help=RETRIES_HELP),
) -> None:
    """Run a SPARQL query over the loaded articles (named graphs: use GRAPH ?g { ... })."""
    from newsld.errors import InputError, UsageError
    from newsld.store import DEFAULT_STORE, EmbeddedStore, RemoteStore
    from newsld.store.results import to_csv, to_json, to_ntriples, to_table, to_tsv

    if sparql.startswith("@"):
        path = Path(sparql[1:])
        try:
            sparql = path.read_text(encoding="utf-8")
        except OSError as e:
            raise InputError(path, f"cannot be read: {e.strerror or e}") from None
        except UnicodeDecodeError as e:
            raise InputError(path, f"not valid UTF-8 at byte {e.start}") from None
    if store is not None and endpoint is not None:
        raise UsageError("give --store or --endpoint, not both")
    target: EmbeddedStore | RemoteStore
    if endpoint is None:
        target = EmbeddedStore(store or DEFAULT_STORE, read_only=True)
    else:
        target = RemoteStore(query_endpoint=endpoint, timeout=timeout, retries=retries)
    result = target.query(sparql)
    if result.triples is not None:
        sys.stdout.write(to_ntriples(result))
    elif output_format is ResultFormat.json:
        typer.echo(to_json(result))
    elif result.boolean is not None:
        typer.echo("true" if result.boolean else "false")
    elif output_format is ResultFormat.csv:
        sys.stdout.write(to_csv(result))
    elif output_format is ResultFormat.tsv:
        typer.echo(to_tsv(result))
    else:
        typer.echo(to_table(result))
