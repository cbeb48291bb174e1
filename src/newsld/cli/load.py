"""`newsld load` and `newsld query`: into an embedded Oxigraph store or a SPARQL 1.1 server, and back out."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from newsld._terminal import printable
from newsld.cli import Command, app, guarded, set_verbosity
from newsld.cli._options import QUIET_HELP, VERBOSE_HELP, format_of, not_a_file, seconds, verbosity, whole
from newsld.formats import QUERY_GRAPHS, QUERY_RESULTS, describe

if TYPE_CHECKING:
    from newsld.cli._progress import Progress
    from newsld.store import ArticleGraph, LoadReport
    from newsld.store.embedded import EmbeddedStore
    from newsld.store.remote import RemoteStore

TIMEOUT_HELP = ("Seconds to wait for the server to connect or send the next bytes (default 60); a timeout is not "
                "retried.")
RETRIES_HELP = ("Retries after a lost connection or a 429/502/503/504 answer, with backoff 0.5 s, 1 s, 2 s… "
                "(default 3).")


class _Tracker:
    """Follows a load file by file for the progress bar and -v: each article graph read names its file
    (`a.jsonl: line 3`), and files come in the order they were found."""

    def __init__(self, files: list[str], report: LoadReport, progress: Progress, level: int) -> None:
        self.files = files
        self.report = report
        self.progress = progress
        self.level = level
        self.index = 0  # the file being read
        self.articles = 0  # read from it so far
        self.total_articles = 0
        self.printed = 0  # failures already printed

    def _owner(self, source: str) -> int | None:
        for i in range(self.index, len(self.files)):
            name = self.files[i]
            if source == name or source.startswith(name + ": "):
                return i
        return None

    def _finish_until(self, index: int) -> None:
        while self.index < index:
            if self.level > 0:
                name = self.files[self.index]
                refused = any(f.source == name or f.source.startswith(name + ": ")
                              for f in self.report.failures)
                if self.articles:
                    what = f"{self.articles} article(s) read" + ("; some refused" if refused else "")
                else:
                    what = "refused" if refused else "passed over: the same graphs as the JSON-LD file beside it"
                self.progress.line(printable(f"{name}: {what}"))
            self.index += 1
            self.articles = 0
            self.progress.advance()

    def _failures(self) -> None:
        for failure in self.report.failures[self.printed:]:
            owner = self._owner(failure.source)
            if owner is not None:
                self._finish_until(owner)
            self.progress.line(printable(f"newsld: error: {failure}"))
        self.printed = len(self.report.failures)

    def follow(self, graphs: Iterable[ArticleGraph]) -> Iterator[ArticleGraph]:
        for graph in graphs:
            self._failures()
            owner = self._owner(graph.source)
            if owner is not None:
                self._finish_until(owner)
            self.articles += 1
            self.total_articles += 1
            self.progress.describe(f"loading ({self.total_articles:,} articles)")
            yield graph
        self.close()

    def close(self) -> None:
        self._failures()
        self._finish_until(len(self.files))


@app.command(cls=Command)
@guarded
def load(
    paths: list[str] = typer.Argument(..., metavar="PATH...", help="newsld JSON-LD, JSON lines, Turtle, N-Triples, "
                                      "N-Quads, TriG files, or convert's output directories."),
    store: Path | None = typer.Option(None, "--store", metavar="DIR", parser=not_a_file,
                                      help="Embedded store directory (default: ./newsld-store)."),
    endpoint: str | None = typer.Option(None, "--endpoint", metavar="URL", help="SPARQL 1.1 Graph Store Protocol "
                                        "URL of a server, e.g. http://localhost:7878/store."),
    update_endpoint: str | None = typer.Option(None, "--update-endpoint", metavar="URL",
                                               help="The server's SPARQL Update URL, for batched atomic replacement "
                                               "(e.g. http://localhost:7878/update)."),
    no_validate: bool = typer.Option(False, "--no-validate", help="Skip validation (trusted input only)."),
    batch: int | None = typer.Option(None, "--batch", metavar="N", parser=whole(1),
                                     help="Articles per bulk load (embedded, default 500) or per request (server, "
                                     "default 50)."),
    timeout: float = typer.Option(60.0, "--timeout", metavar="SECONDS", parser=seconds, help=TIMEOUT_HELP),
    retries: int = typer.Option(3, "--retries", metavar="N", parser=whole(0), help=RETRIES_HELP),
    jobs: int | None = typer.Option(None, "--jobs", "-j", metavar="N", parser=whole(1),
                                    help="Worker processes that read, validate and serialise while this one writes "
                                    "(default: the number of cores)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=QUIET_HELP),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP),
) -> None:
    """Load articles into a triple store, each in its own named graph; reloading replaces, never duplicates.

    Credentials for --endpoint come from NEWSLD_TOKEN, NEWSLD_USER/NEWSLD_PASSWORD or a netrc file
    (NEWSLD_NETRC, default ~/.netrc). On a terminal a progress bar shows the files done, their total,
    the rate and the ETA.

    Exit codes: 0 loaded, 2 usage error, 3 some input refused (the rest loaded), 5 store error.
    """
    from newsld.cli._progress import Progress
    from newsld.store import LOADABLE, iter_graphs, open_target
    from newsld.store.workers import default_jobs
    from newsld.validation.validate import expand_paths

    level = verbosity(quiet, verbose)
    set_verbosity(level)
    loader = open_target(store=store, endpoint=endpoint, update_endpoint=update_endpoint, batch=batch,
                         timeout=timeout, retries=retries, jobs=default_jobs() if jobs is None else jobs)
    files = [str(p) for p in expand_paths(paths, LOADABLE) if isinstance(p, Path)]
    progress = Progress("loading", len(files), enabled=level >= 0, unit="file")
    tracker = _Tracker(files, loader.report, progress, level)
    try:
        report = loader.load_graphs(tracker.follow(iter_graphs(paths, loader.report, validate=not no_validate,
                                                                workers=loader.workers)))
    except BaseException:
        progress.close()
        for failure in loader.report.failures[tracker.printed:]:
            typer.echo(printable(f"newsld: error: {failure}"), err=True)
        with contextlib.suppress(Exception):  # the error that stopped the load is the one to report
            loader.close()
        raise
    tracker.close()
    progress.close()
    loader.close()
    if level >= 0:
        where = endpoint or str(store or "newsld-store")
        distinct = f" ({report.distinct} distinct)" if report.distinct != report.articles else ""
        typer.echo(printable(f"loaded {report.articles} article(s){distinct}, {report.triples} triples into {where} "
                             f"in {progress.elapsed:.1f}s"
                             + (f"; {len(report.failures)} input(s) refused" if report.failures else "")), err=True)
    raise typer.Exit(3 if report.failures else 0)


@app.command(cls=Command)
@guarded
def query(
    sparql: str = typer.Argument(..., metavar="QUERY", help="A SPARQL query, or @FILE.rq to read it from a file."),
    store: Path | None = typer.Option(None, "--store", metavar="DIR", help="Embedded store directory (default: "
                                      "./newsld-store)."),
    endpoint: str | None = typer.Option(None, "--endpoint", metavar="URL", help="SPARQL query URL of a server, "
                                        "e.g. http://localhost:7878/query."),
    output_format: str | None = typer.Option(
        None, "--format", "-f", metavar="FORMAT", parser=format_of(QUERY_RESULTS + QUERY_GRAPHS, "--format"),
        help="SELECT and ASK: table (default), csv, tsv (the SPARQL 1.1 CSV and TSV formats) or json (SPARQL 1.1 "
        f"Query Results JSON). CONSTRUCT and DESCRIBE: {describe(QUERY_GRAPHS)}; default ntriples."),
    timeout: float = typer.Option(60.0, "--timeout", metavar="SECONDS", parser=seconds, help=TIMEOUT_HELP),
    retries: int = typer.Option(3, "--retries", metavar="N", parser=whole(0), help=RETRIES_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print the results and errors only (the default)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also print how many results came, from where, "
                                 "and how long it took, on standard error."),
) -> None:
    """Run a SPARQL query over the loaded articles (named graphs: use GRAPH ?g { ... }).

    Exit codes: 0 answered, 2 usage error (a bad query or format), 3 the query file could not be read,
    5 store error.
    """
    import time

    from newsld.errors import InputError, UsageError
    from newsld.store import DEFAULT_STORE
    from newsld.store.results import to_csv, to_json, to_table, to_tsv

    level = verbosity(quiet, verbose)
    set_verbosity(level)
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
    started = time.perf_counter()
    target: EmbeddedStore | RemoteStore
    if endpoint is None:
        from newsld.store.embedded import EmbeddedStore

        target = EmbeddedStore(store or DEFAULT_STORE, read_only=True)
    else:  # only the HTTP client: a query to a server starts as fast as Python lets it
        from newsld.store.remote import RemoteStore

        target = RemoteStore(query_endpoint=endpoint, timeout=timeout, retries=retries)
    result = target.query(sparql)
    if result.triples is not None:
        graph_format = output_format or "ntriples"
        if graph_format not in QUERY_GRAPHS:
            raise UsageError(f"--format {graph_format}: a CONSTRUCT or DESCRIBE query gives a graph; choose from "
                             f"{describe(QUERY_GRAPHS)}")
        sys.stdout.write(graph_text(result.triples, graph_format))
        count = f"{len(result.triples)} triple(s)"
    else:
        rows_format = output_format or "table"
        if rows_format not in QUERY_RESULTS:
            raise UsageError(f"--format {rows_format}: a SELECT or ASK query gives results, not a graph; choose "
                             f"from {describe(QUERY_RESULTS)}")
        if rows_format == "json":
            typer.echo(to_json(result))
        elif result.boolean is not None:  # CSV and TSV have no boolean form: the word, as the table shows it
            typer.echo("true" if result.boolean else "false")
        elif rows_format == "csv":
            sys.stdout.write(to_csv(result))
        elif rows_format == "tsv":
            typer.echo(to_tsv(result))
        else:
            typer.echo(to_table(result))
        count = f"{len(result.rows)} row(s)" if result.boolean is None else f"answer {str(result.boolean).lower()}"
    if level > 0:
        where = endpoint or str(store or DEFAULT_STORE)
        typer.echo(printable(f"{count} from {where} in {time.perf_counter() - started:.2f}s"), err=True)


def graph_text(triples: list[Any], fmt: str) -> str:
    """A CONSTRUCT or DESCRIBE result in an RDF syntax (N-Quads: the default graph; Turtle: newsld's prefixes)."""
    import pyoxigraph as ox

    from newsld.rdf.serialize import PREFIXES

    syntax = {"ntriples": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE, "nquads": ox.RdfFormat.N_QUADS,
              "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    statements: list[Any] = triples
    if fmt == "nquads":
        statements = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml", "jsonld") else None
    data = ox.serialize(statements, format=syntax, prefixes=prefixes) if prefixes else \
        ox.serialize(statements, format=syntax)
    return (data or b"").decode("utf-8")
