"""`newsld evaluate`: score extraction against your own gold annotations."""

from __future__ import annotations

from pathlib import Path

import typer

from newsld.cli import app, guarded


@app.command()
@guarded
def evaluate(
    gold_dir: Path = typer.Argument(..., help="Folder of gold NAME.json files."),
    text_dir: Path = typer.Argument(..., help="Folder of the NAME.txt texts."),
    model: str | None = typer.Option(None, "--model", "-m", help="spaCy model to evaluate."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
) -> None:
    """Score extraction against your own gold annotations: P/R/F1 for actors, claims and figures."""
    import json

    from newsld.evaluate import evaluate as run

    scores = run(gold_dir, text_dir, model=model)
    table = scores.as_dict()
    if as_json:
        typer.echo(json.dumps({**table, "texts": scores.texts}))
        return
    typer.echo(f"{'category':16} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn")
    for name, row in table.items():
        typer.echo(f"{name:16} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f}   "
                   f"{row['tp']}/{row['fp']}/{row['fn']}")
