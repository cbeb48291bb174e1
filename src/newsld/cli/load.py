"""`newsld load` and `newsld query`: into an embedded Oxigraph store or a SPARQL 1.1 server, and back out."""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from newsld.cli import app, guarded


class ResultFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
@guarded
def load(
    paths: list[str] = typer.Argument(..., help="newsld JSON-LD, JSON lines, Turtle, N-Triples, N-Quads files, "
                                      "or convert's output directories."),
    store: Path | None = typer.Option(None, "--store", help="Embedded store directory (default: ./newsld-store)."),
    endpoint: str | None = typer.Option(None, "--endpoint", help="SPARQL 1.1 Graph Store Protocol URL of a server, "
                                        "e.g. http://localhost:7878/store."),
    update_endpoint: str | None = typer.Option(None, "--update-endpoint", help="The server's SPARQL Update URL, "
                                               "for batched atomic replacement (e.g. http://localhost:7878/update)."),
    no_validate: bool = typer.Option(False, "--no-validate", help="Skip validation (trusted input only)."),
    batch: int | None = typer.Option(None, "--batch", help="Articles per bulk load (embedded, default 500) or "
                                     "per request (server, default 50)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary."),
) -> None:
    """Load articles into a triple store, each in its own named graph; reloading replaces, never duplicates.

    Credentials for --endpoint come from NEWSLD_TOKEN, NEWSLD_USER/NEWSLD_PASSWORD or a netrc file
    (NEWSLD_NETRC, default ~/.netrc). Exit codes: 0 loaded, 3 some input refused (the rest loaded), 5 store error.
    """
    from newsld.store import open_target

    loader = open_target(store=store, endpoint=endpoint, update_endpoint=update_endpoint, batch=batch)
    try:
        report = loader.load_paths(paths, validate=not no_validate)
    finally:
        loader.close()
    for failure in report.failures:
        typer.echo(f"newsld: error: {failure}", err=True)
    if not quiet:
        target = endpoint or str(store or "newsld-store")
        triples = f", {report.triples} triples" if report.triples is not None else ""
        typer.echo(f"loaded {report.articles} article(s){triples} into {target}"
                   + (f"; {len(report.failures)} input(s) refused" if report.failures else ""), err=True)
    raise typer.Exit(3 if report.failures else 0)


def _term(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):  # SPARQL JSON results
        return str(value.get("value", ""))
    return str(getattr(value, "value", value))


def rows_of(result: Any) -> tuple[list[str], list[list[str]]] | bool | str:
    """Variables and rows of a SELECT, a boolean for ASK, or N-Triples text for CONSTRUCT/DESCRIBE."""
    import pyoxigraph as ox

    if isinstance(result, dict):
        if "boolean" in result:
            return bool(result["boolean"])
        names = list(result["head"]["vars"])
        return names, [[_term(b.get(n)) for n in names] for b in result["results"]["bindings"]]
    if isinstance(result, str):
        return result
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return (result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    names = [v.value for v in result.variables]
    return names, [[_term(solution[n]) for n in names] for solution in result]


def render_rows(names: list[str], rows: list[list[str]], fmt: ResultFormat) -> str:
    if fmt is ResultFormat.json:
        return json.dumps([dict(zip(names, row, strict=True)) for row in rows], ensure_ascii=False, indent=1)
    if fmt is ResultFormat.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    cells = [[c.replace("\n", " ") for c in row] for row in rows]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in cells])) for i, n in enumerate(names)]

    def line(values: list[str]) -> str:
        return "  ".join((v if len(v) <= w else v[:w - 1] + "…").ljust(w) for v, w in zip(values, widths, strict=True))

    out = [line(names), "  ".join("-" * w for w in widths)] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(s.rstrip() for s in out)


@app.command()
@guarded
def query(
    sparql: str = typer.Argument(..., help="A SPARQL query, or @FILE.rq to read it from a file."),
    store: Path | None = typer.Option(None, "--store", help="Embedded store directory (default: ./newsld-store)."),
    endpoint: str | None = typer.Option(None, "--endpoint", help="SPARQL query URL of a server, "
                                        "e.g. http://localhost:7878/query."),
    output_format: ResultFormat = typer.Option(ResultFormat.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """Run a SPARQL query over the loaded articles (named graphs: use GRAPH ?g { ... })."""
    from newsld.errors import InputError, UsageError
    from newsld.store import DEFAULT_STORE, EmbeddedStore, RemoteStore

    if sparql.startswith("@"):
        path = Path(sparql[1:])
        try:
            sparql = path.read_text(encoding="utf-8")
        except OSError as e:
            raise InputError(path, f"cannot be read: {e.strerror or e}") from None
    if store is not None and endpoint is not None:
        raise UsageError("give --store or --endpoint, not both")
    if endpoint is None:
        location = store or DEFAULT_STORE
        if not location.exists():
            raise UsageError(f"no store at {location}: load data first with 'newsld load'")
        target: EmbeddedStore | RemoteStore = EmbeddedStore(location, read_only=True)
    else:
        target = RemoteStore(endpoint)
    result = rows_of(target.query(sparql))
    if isinstance(result, bool):
        typer.echo("true" if result else "false")
    elif isinstance(result, str):
        sys.stdout.write(result)
    else:
        typer.echo(render_rows(*result, output_format))
