"""`newsld evaluate`: the shared scorer's counts, per-document scores, errors with context, review pages."""

from __future__ import annotations

import copy
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from newsld.evaluate import (
    CATEGORIES,
    Prediction,
    Scores,
    errors_by_category,
    gold_article,
    score_document,
    snippet,
)
from newsld.rdf import document_triples, serialize
from newsld.rdf.read import article_from_document
from tests.conftest import FIXTURES, SEED, run_cli

SCORER = SEED.parent / "eval" / "score.py"
KURSK = FIXTURES / "valid" / "kursk-deployment.jsonld"


def gold_from_document(doc: dict[str, Any]) -> dict[str, Any]:
    """Gold annotations (docs/gold-format.md) saying exactly what a hand-made newsld document says."""
    names = {a["id"]: a["name"] for a in doc["actors"]}
    actors, optional = [], []
    for a in doc["actors"]:
        entry = {"name": a["name"], "type": a["type"][1],
                 "mentions": sorted({m["exact"] for m in a.get("mentions", []) if m["kind"] == "NameMention"})}
        (optional if "UnnamedActor" in a["type"] else actors).append(entry)
    claims = [{"claimant": names.get(c.get("claimant")), "cue": c.get("cueText"), "content": c["content"],
               "quote": c["isQuotation"], "start": c["evidence"]["start"]} for c in doc["claims"]]
    figures = [{"value": json.loads(f["value"]), "approximate": f["qualifier"] != "Exact", "unit": f.get("unitText"),
                "text": f["evidence"]["exact"], "start": f["evidence"]["start"]} for f in doc["figures"]]
    return {"source": {"note": "derived from a fixture"}, "actors": actors, "claims": claims, "figures": figures,
            "complete": {"actors": True, "claims": True, "figures": True}, "actors_optional": optional,
            "claims_optional": [], "figures_optional": []}


def perturbed(gold: dict[str, Any]) -> dict[str, Any]:
    """The gold with one claim dropped, one figure's value changed, one claimant changed and two actors added."""
    gold = copy.deepcopy(gold)
    gold["claims"].pop(3)  # the prediction of it becomes a false positive
    gold["claims"][0]["claimant"] = "Vladimir Putin"  # content matches, claimant does not
    gold["figures"][1]["value"] = 4  # a miss and a false positive
    gold["actors"].append({"name": "KBS television", "type": "Organization", "mentions": ["KBS television"]})
    gold["actors"].append({"name": "Silence Office", "type": "Organization", "mentions": ["silence"]})  # never found
    return gold


def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def kursk() -> tuple[dict[str, Any], str]:
    doc = json.loads(KURSK.read_text(encoding="utf-8"))
    return doc, doc["articleBody"]


# ---------------------------------------------------------------- scoring rules

@pytest.mark.skipif(not SCORER.exists(), reason="needs ../shared/eval/score.py")
@pytest.mark.parametrize("change", ["exact", "perturbed"])
def test_counts_are_the_shared_scorers(kursk: tuple[dict[str, Any], str], change: str) -> None:
    """On the same prediction and gold, newsld's counts are the shared scorer's, category by category."""
    from rdflib import Graph

    doc, text = kursk
    gold = gold_from_document(doc)
    if change == "perturbed":
        gold = perturbed(gold)
    shared = scorer()
    tallies = {c: shared.Tally() for c in CATEGORIES}
    graph = Graph().parse(data=serialize(document_triples(doc), "turtle").decode("utf-8"), format="turtle")
    shared.score_one(gold, text, graph, tallies)
    ours = score_document("kursk", gold, text, Prediction(document_triples(doc), text))
    for category in CATEGORIES:
        c = ours.counts[category]
        assert (c.tp, c.fp, c.fn) == (tallies[category].tp, tallies[category].fp, tallies[category].fn), category
    if change == "exact":
        assert all(ours.counts[c].scores()[2] == 1.0 for c in CATEGORIES)


def test_every_item_has_one_outcome_per_category(kursk: tuple[dict[str, Any], str]) -> None:
    """Each gold item and each prediction has exactly one outcome in each category of its kind, and the
    outcomes add up to the counts."""
    doc, text = kursk
    gold = perturbed(gold_from_document(doc))
    result = score_document("kursk", gold, text, Prediction(document_triples(doc), text))
    sizes = {"actors": (len(gold["actors"]) + len(gold["actors_optional"]), len(doc["actors"])),
             "claims": (len(gold["claims"]), len(doc["claims"])),
             "figures": (len(gold["figures"]), len(doc["figures"]))}
    for category in CATEGORIES:
        kind = category.split("_")[0]
        mine = [o for o in result.outcomes if o.category == category]
        assert sorted(o.gold for o in mine if o.gold is not None) == list(range(sizes[kind][0]))
        assert len({o.predicted for o in mine if o.predicted}) == sizes[kind][1]
        c = result.counts[category]
        statuses = ("match", "false-positive", "miss")
        assert (c.tp, c.fp, c.fn) == tuple(sum(o.status == s for o in mine) for s in statuses)


def test_errors_name_what_was_missed_and_what_was_wrong(kursk: tuple[dict[str, Any], str]) -> None:
    """The errors list says which gold items were missed and which predictions are false, with the text
    around each one and the span marked."""
    doc, text = kursk
    scores = Scores(texts=1)
    result = score_document("kursk", perturbed(gold_from_document(doc)), text, Prediction(document_triples(doc), text))
    result.predicted = article_from_document(doc)
    scores.add(result)
    errors = errors_by_category(scores)
    kbs, silence = errors["actors"]["miss"]
    assert kbs.item == {"name": "KBS television", "type": "Organization"}
    assert "South Korea’s «KBS television»" in kbs.context["marked"]
    assert "read the «silence» as permission" in silence.context["marked"]
    claims = errors["claims"]
    assert [e.item["content"][:20] for e in claims["false-positive"]] == [
        "that the response of", "We have not seen a d"]
    assert [e.item["claimant"] for e in claims["miss"]] == ["Vladimir Putin"]
    assert [e.item["value"] for e in errors["figures"]["miss"]] == [4]
    assert [e.item["value"] for e in errors["figures"]["false-positive"]] == [3]
    assert errors_by_category(scores, 1)["claims"]["false-positive"] == claims["false-positive"][:1]


def test_snippet_marks_the_span_on_one_line() -> None:
    """A context snippet keeps the span whole, marks it, and puts it on one line."""
    text = "First paragraph.\n\nThe mayor said that the bridge would close. Then more text follows here."
    start = text.index("that the bridge")
    got = snippet(text, start, start + len("that the bridge would close"), width=20)
    assert got["marked"] == "…ph. The mayor said «that the bridge would close». Then more text fol…"
    assert snippet(text, -1, -1)["marked"] == "(not found in the text)"


def test_gold_becomes_a_model_article(kursk: tuple[dict[str, Any], str]) -> None:
    """Gold annotations turn into an Article whose mentions, claims and figures quote the text."""
    from newsld.view import highlights

    doc, text = kursk
    result = score_document("kursk", gold_from_document(doc), text, Prediction(document_triples(doc), text))
    article, actors, claims, figures = gold_article(result, doc["id"])
    assert len(actors) == len(doc["actors"]) and len(claims) == len(doc["claims"]) and len(figures) == 3
    for h in highlights(article):
        assert text[h.start:h.end] == h.exact
    wood = next(a for a in article.actors if a.name == "Robert Wood")
    # "Wood" inside the full name is not a second mention
    assert [m.span.exact for m in wood.mentions] == ["Robert Wood", "Wood"]
    assert next(c for c in article.claims if c.cue_text == "according to").claimant == next(
        a.iri for a in article.actors if a.name == "officials in Seoul")


# ---------------------------------------------------------------- the command

def _gold_dir(tmp_path: Path) -> tuple[Path, Path]:
    gold_dir, text_dir = tmp_path / "gold", tmp_path / "texts"
    gold_dir.mkdir()
    text_dir.mkdir()
    doc = json.loads(KURSK.read_text(encoding="utf-8"))
    (gold_dir / "kursk.json").write_text(json.dumps(perturbed(gold_from_document(doc))), encoding="utf-8")
    (text_dir / "kursk.txt").write_text(doc["articleBody"], encoding="utf-8")
    followup = json.loads((FIXTURES / "valid" / "kursk-followup.jsonld").read_text(encoding="utf-8"))
    (gold_dir / "followup.json").write_text(json.dumps(gold_from_document(followup)), encoding="utf-8")
    (text_dir / "followup.txt").write_text(followup["articleBody"], encoding="utf-8")
    return gold_dir, text_dir


@pytest.mark.nlp
def test_per_document_errors_and_pages_in_json(tmp_path: Path) -> None:
    """--json with --per-document, --errors and --html: scores per document that add up to the totals,
    the errors with their context, and a side-by-side page per document with an index."""
    gold_dir, text_dir = _gold_dir(tmp_path)
    proc = run_cli("evaluate", str(gold_dir), str(text_dir), "--json", "--per-document", "--errors", "2",
                   "--html", str(tmp_path / "pages"))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["texts"] == 2 and [d["name"] for d in out["documents"]] == ["followup", "kursk"]
    for category in CATEGORIES:
        for key in ("tp", "fp", "fn"):
            assert out[category][key] == sum(d[category][key] for d in out["documents"]), (category, key)
        for kind in ("false_positives", "misses"):
            block = out["errors"][category][kind]
            assert len(block["items"]) == min(2, block["count"])
            assert all("«" in e["context"] and e["document"] in ("followup", "kursk") for e in block["items"])
    pages = sorted(p.name for p in (tmp_path / "pages").iterdir())
    assert pages == ["followup.html", "index.html", "kursk.html"]
    page = (tmp_path / "pages" / "kursk.html").read_text(encoding="utf-8")
    assert 'data-prefix="g-"' in page and 'data-prefix="p-"' in page and "✗ missed" in page
    assert b"wrote 2 review page(s)" in proc.stderr


@pytest.mark.nlp
def test_text_output_lists_errors_per_category(tmp_path: Path) -> None:
    """The text report prints the totals, a line per document, and the errors with the span marked."""
    gold_dir, text_dir = _gold_dir(tmp_path)
    proc = run_cli("evaluate", str(gold_dir), str(text_dir), "--per-document", "--errors", "100", "-q")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode()
    assert text.startswith("category")
    assert "F1 per document (2):" in text and "\nkursk " in text and "\nfollowup " in text
    assert re.search(r"\nactors: \d+ false positive\(s\), [1-9]\d* miss\(es\)\n", text)
    assert "miss           kursk: name: Silence Office; type: Organization\n" in text
    assert "read the «silence» as permission" in text
    assert proc.stderr == b""


@pytest.mark.parametrize(("args", "named"), [
    (["--errors", "-1"], "--errors"),
    (["--html", "{file}"], "--html"),
])
def test_bad_option_values_are_usage_errors(tmp_path: Path, args: list[str], named: str) -> None:
    """A bad option value is exit 2 and the message names the option; nothing is converted."""
    afile = tmp_path / "a-file"
    afile.write_text("x")
    gold_dir, text_dir = _gold_dir(tmp_path)
    proc = run_cli("evaluate", str(gold_dir), str(text_dir), *[a.replace("{file}", str(afile)) for a in args])
    assert proc.returncode == 2 and named.encode() in proc.stderr, proc.stderr


def test_missing_folders_and_texts_are_reported(tmp_path: Path) -> None:
    """A GOLD_DIR that is not a folder is a usage error; a gold file without its text names the missing text."""
    proc = run_cli("evaluate", str(tmp_path / "nowhere"), str(tmp_path))
    assert proc.returncode == 2 and b"GOLD_DIR" in proc.stderr
    gold_dir, text_dir = _gold_dir(tmp_path)
    (text_dir / "kursk.txt").unlink()
    proc = run_cli("evaluate", str(gold_dir), str(text_dir))
    assert proc.returncode == 3 and b"kursk.txt: is missing: gold file kursk.json has no text" in proc.stderr
