"""Review pages for an evaluation: gold and prediction side by side, every item marked with its outcome."""

from __future__ import annotations

from html import escape
from pathlib import Path

from newsld.evaluate import (
    CATEGORIES,
    HEADLINE_CATEGORY,
    KIND_OF,
    DocumentResult,
    Scores,
    document_errors,
    gold_article,
)
from newsld.view.render import Cell, Column, Note, render_comparison, render_index
from newsld.view.spans import article_keys

# why an item's headline verdict and the other category of its kind disagree
DISAGREEMENT = {
    ("claims", "miss", "match"): "the content was found, with another claimant",
    ("claims", "false-positive", "match"): "its content matches a gold claim, but not its claimant",
    ("claims", "false-positive", "optional"): "its content matches an optional gold claim, but not its claimant",
    ("figures_full", "miss", "match"): "the value and span were found, but not the hedge or the unit",
    ("figures_full", "false-positive", "match"): "value and span match a gold figure; the hedge or unit does not",
    ("figures_full", "false-positive", "optional"): "value and span match an optional gold figure; the hedge or "
                                                    "unit does not",
    ("actors", "match", "miss"): "found, but with another type",
    ("actors", "match", "false-positive"): "found, but with another type",
}
OTHER = {"actors": "actors_typed", "claims": "claims_content", "figures_full": "figures"}


def _notes(result: DocumentResult, gold_iris: dict[str, dict[str, int]]) -> tuple[dict[str, Note], dict[str, Note]]:
    """Notes for the gold items (by the gold article's IRIs) and the predicted items (by their IRIs)."""
    gold_status: dict[tuple[str, int], dict[str, str]] = {}
    predicted_status: dict[str, dict[str, str]] = {}
    for o in result.outcomes:
        kind = KIND_OF[o.category]
        if o.gold is not None:
            gold_status.setdefault((kind, o.gold), {})[o.category] = o.status
        if o.predicted is not None:
            predicted_status.setdefault(o.predicted, {})[o.category] = o.status

    def note(statuses: dict[str, str], kind: str) -> Note | None:
        headline = HEADLINE_CATEGORY[kind]
        status = statuses.get(headline)
        if status is None:
            return None
        other = statuses.get(OTHER[headline])
        return Note(status, DISAGREEMENT.get((headline, status, other or ""), ""))

    gold_notes: dict[str, Note] = {}
    for kind, iris in gold_iris.items():
        for iri, index in iris.items():
            found = note(gold_status.get((kind, index), {}), kind)
            if found is not None:
                gold_notes[iri] = found
    predicted_notes: dict[str, Note] = {}
    for iri, statuses in predicted_status.items():
        kind = KIND_OF[next(iter(statuses))]
        found = note(statuses, kind)
        if found is not None:
            predicted_notes[iri] = found
    return gold_notes, predicted_notes


def _scores_table(result: DocumentResult) -> str:
    rows = "".join(
        f"<tr><td>{c}</td><td>{d['precision']:.3f}</td><td>{d['recall']:.3f}</td><td>{d['f1']:.3f}</td>"
        f"<td>{d['tp']}/{d['fp']}/{d['fn']}</td></tr>"
        for c, d in ((c, result.counts[c].as_dict()) for c in CATEGORIES))
    return ('<table class="nld-scores"><caption class="nld-muted">Scores of this document</caption><thead><tr>'
            '<th scope="col">category</th><th scope="col">P</th><th scope="col">R</th><th scope="col">F1</th>'
            f'<th scope="col">tp/fp/fn</th></tr></thead><tbody>{rows}</tbody></table>')


def _errors_list(result: DocumentResult, gold_keys: dict[str, str], predicted_keys: dict[str, str],
                 gold_iris: dict[str, dict[str, int]]) -> str:
    """The misses and false positives of the headline categories, each linking to its item in its pane."""
    by_index = {(kind, index): iri for kind, iris in gold_iris.items() for iri, index in iris.items()}
    lines = []
    for error in document_errors(result):
        if error.category not in HEADLINE_CATEGORY.values():
            continue
        if error.kind == "miss":
            prefix = "g-"
            key = gold_keys.get(by_index.get((KIND_OF[error.category], error.gold or 0), ""))
        else:
            prefix, key = "p-", predicted_keys.get(error.predicted or "")
        what = "; ".join(f"{k}: {v}" for k, v in error.item.items() if v not in (None, ""))
        label = "✗ missed" if error.kind == "miss" else "✗ false positive"
        link = (f'<a href="#{prefix}{key}" data-pane="{prefix}" data-jump="{key}" data-select="{key}">{label}</a>'
                if key else label)
        lines.append(f"<li>{link} <strong>{escape(error.category)}</strong> {escape(what)} "
                     f'<span class="nld-muted">{escape(error.context["marked"])}</span></li>')
    if not lines:
        return '<p class="nld-muted">No misses and no false positives in the headline categories.</p>'
    return (f'<details class="nld-errors" open><summary>Misses and false positives ({len(lines)})</summary>'
            f'<ul>{"".join(lines)}</ul></details>')


def comparison_page(result: DocumentResult, index_href: str | None = None) -> str:
    """The review page of one evaluated document: gold on the left, newsld's prediction on the right."""
    predicted = result.predicted
    assert predicted is not None, "the document was scored without its predicted article"
    gold, actors, claims, figures = gold_article(result, predicted.iri)
    gold_iris = {"actors": actors, "claims": claims, "figures": figures}
    gold_notes, predicted_notes = _notes(result, gold_iris)
    summary = _scores_table(result) + _errors_list(result, article_keys(gold).items, article_keys(predicted).items,
                                                   gold_iris)
    return render_comparison(result.name, gold, predicted, gold_notes=gold_notes, predicted_notes=predicted_notes,
                             summary_html=summary, index_href=index_href)


def write_comparison_pages(scores: Scores, output: Path) -> list[Path]:
    """DIR/<document>.html for every scored document and DIR/index.html with their scores, sortable."""
    from newsld.convert import write_atomic
    from newsld.view.build import INDEX, PageNamer, check_output

    check_output(output)
    namer = PageNamer()
    written = []
    rows = []
    for result in scores.documents:
        name = namer(result.name)
        write_atomic(output / name, comparison_page(result, INDEX).encode("utf-8"))
        written.append(output / name)
        errors = list(document_errors(result))
        misses = sum(e.kind == "miss" and e.category in HEADLINE_CATEGORY.values() for e in errors)
        fps = sum(e.kind == "false-positive" and e.category in HEADLINE_CATEGORY.values() for e in errors)
        row = [Cell(result.name, href=name)]
        for category in CATEGORIES:
            f1 = result.counts[category].as_dict()["f1"]
            row.append(Cell(f"{f1:.3f}", sort=f1))
        row += [Cell(str(misses), sort=misses), Cell(str(fps), sort=fps)]
        rows.append(row)
    totals = ", ".join(f"{c} F1 {scores.counts[c].as_dict()['f1']:.3f}" for c in CATEGORIES)
    columns = [Column("Document"), *(Column(f"{c} F1", True) for c in CATEGORIES), Column("Misses", True),
               Column("False positives", True)]
    intro = (f"{scores.texts} documents. {totals}. Misses and false positives are counted in actors, claims "
             "and figures_full.")
    write_atomic(output / INDEX, render_index("newsld evaluation", columns, rows, intro=intro,
                                              noun="document").encode("utf-8"))
    written.append(output / INDEX)
    return written
