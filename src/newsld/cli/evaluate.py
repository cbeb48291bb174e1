"""`newsld evaluate`: score extraction against your own gold annotations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from newsld.cli import Command, app, guarded, set_verbosity
from newsld.cli._options import format_of, not_a_file, verbosity, whole


def _error_line(error: Any) -> str:
    what = "; ".join(f"{k}: {v}" for k, v in error.item.items() if v not in (None, ""))
    return f"  {'false positive' if error.kind == 'false-positive' else 'miss':14} {error.document}: {what}\n" \
           f"  {'':14} {error.context['marked']}"


@app.command(cls=Command)
@guarded
def evaluate(
    gold_dir: Path = typer.Argument(..., metavar="GOLD_DIR", help="Folder of gold NAME.json files (format: "
                                    "docs/gold-format.md)."),
    text_dir: Path = typer.Argument(..., metavar="TEXT_DIR", help="Folder of the NAME.txt texts."),
    model: str | None = typer.Option(None, "--model", "-m", metavar="NAME", help="spaCy model to evaluate."),
    output_format: str = typer.Option("text", "--format", "-f", metavar="FORMAT",
                                      parser=format_of(("text", "json"), "--format"),
                                      help="text (a table) or json (one object: the scores and what else is "
                                      "asked for)."),
    as_json: bool = typer.Option(False, "--json", help="The same as --format json."),
    per_document: bool = typer.Option(False, "--per-document", help="Also score each document on its own."),
    errors: int = typer.Option(0, "--errors", metavar="N", parser=whole(0), help="List up to N false positives "
                               "and N misses per category, with their context."),
    html: Path | None = typer.Option(None, "--html", metavar="DIR", parser=not_a_file,
                                     help="Write review pages showing gold and prediction side by side, and an "
                                     "index, into DIR."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print the results only, no summary of written pages."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also print one line per document scored (F1 per "
                                 "category) on standard error."),
) -> None:
    """Score extraction against your own gold annotations: P/R/F1 for actors, claims and figures.

    The matching rules are those of the shared scorer (docs/gold-format.md).

    Exit codes: 0 scored, 2 usage error, 3 a gold file or text could not be read, 6 the pages could
    not be written.
    """
    import json

    from newsld.evaluate import CATEGORIES, errors_by_category
    from newsld.evaluate import evaluate as run

    level = verbosity(quiet, verbose)
    set_verbosity(level)
    as_json = as_json or output_format == "json"
    scores = run(gold_dir, text_dir, model=model)
    if level > 0:
        for d in scores.documents:
            typer.echo(f"{d.name}: " + ", ".join(f"{c} F1 {d.counts[c].as_dict()['f1']:.3f}" for c in CATEGORIES),
                       err=True)
    table = scores.as_dict()
    listed = errors_by_category(scores, errors) if errors else None
    totals = errors_by_category(scores) if errors else None
    written = []
    if html is not None:
        from newsld.view.compare import write_comparison_pages

        written = write_comparison_pages(scores, html)
    if as_json:
        out: dict[str, Any] = {**table, "texts": scores.texts}
        if per_document:
            out["documents"] = [{"name": d.name, **{c: d.counts[c].as_dict() for c in CATEGORIES}}
                                for d in scores.documents]
        if listed is not None and totals is not None:
            out["errors"] = {c: {label: {"count": len(totals[c][kind]), "items": [e.as_dict() for e in listed[c][kind]]}
                                 for kind, label in (("false-positive", "false_positives"), ("miss", "misses"))}
                             for c in CATEGORIES}
        typer.echo(json.dumps(out, ensure_ascii=False))
    else:
        typer.echo(f"{'category':16} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn")
        for name, row in table.items():
            typer.echo(f"{name:16} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f}   "
                       f"{row['tp']}/{row['fp']}/{row['fn']}")
        if per_document:
            width = max(len(d.name) for d in scores.documents)
            typer.echo(f"\nF1 per document ({scores.texts}):")
            typer.echo(f"{'document':{width}}  " + "  ".join(f"{c:>14}" for c in CATEGORIES))
            for d in scores.documents:
                typer.echo(f"{d.name:{width}}  " + "  ".join(f"{d.counts[c].as_dict()['f1']:>14.3f}"
                                                              for c in CATEGORIES))
        if listed is not None and totals is not None:
            for category in CATEGORIES:
                fps, misses = totals[category]["false-positive"], totals[category]["miss"]
                typer.echo(f"\n{category}: {len(fps)} false positive(s), {len(misses)} miss(es)"
                           + (f" (showing up to {errors} of each)" if len(fps) > errors or len(misses) > errors
                              else ""))
                for error in (*listed[category]["false-positive"], *listed[category]["miss"]):
                    typer.echo(_error_line(error))
    if written and level >= 0:
        typer.echo(f"wrote {len(written) - 1} review page(s) and {html / 'index.html' if html else ''}", err=True)
