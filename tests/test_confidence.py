"""--min-confidence leaves out what extraction is unsure of, and never leaves a dangling link."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsld.confidence import above
from newsld.errors import UsageError
from newsld.model import Actor, Article, Claim, Figure, Mention, Span, actor_iri, article_iri
from newsld.rdf.jsonld import article_document
from newsld.validation import validate_document
from tests.conftest import FIXTURES, run_cli

TEXT = "Mayor Ines Varga said 40 homes were flooded. Analysts said the river rose 2 metres near Tolven.\n"


def article() -> Article:
    iri = article_iri(TEXT)

    def actor(name: str, kind: str, confidence: float) -> Actor:
        start = TEXT.index(name)
        mention = Mention(Span.of(TEXT, start, start + len(name)))
        return Actor(actor_iri(iri, name, kind), kind, name, mentions=(mention,), confidence=confidence,
                     found_by="entity-recogniser")

    varga, tolven = actor("Ines Varga", "Person", 0.4), actor("Tolven", "Place", 0.3)
    analysts = actor("Analysts", "Group", 0.9)

    def span(phrase: str) -> Span:
        start = TEXT.index(phrase)
        return Span.of(TEXT, start, start + len(phrase))

    sure = Claim(f"{iri}#claim-1", "40 homes were flooded", False, span("40 homes were flooded"), varga.iri,
                 "say", "said", claimant_mention=varga.mentions[0].span, confidence=0.9, found_by="reported-speech")
    unsure = Claim(f"{iri}#claim-2", "the river rose 2 metres near Tolven", False,
                   span("the river rose 2 metres near Tolven"), analysts.iri, "say", "said", about=(tolven.iri,),
                   confidence=0.2, found_by="reported-speech")
    homes = Figure(f"{iri}#figure-1", span("40 homes"), value=40, unit="homes", reported_by=varga.iri,
                   in_claim=sure.iri, confidence=0.8, found_by="count")
    metres = Figure(f"{iri}#figure-2", span("2 metres"), value=2, unit="metres", reported_by=analysts.iri,
                    in_claim=unsure.iri, place=tolven.iri, confidence=0.7, found_by="measure")
    return Article(iri, TEXT, actors=(varga, analysts, tolven), claims=(sure, unsure), figures=(homes, metres))


def test_items_below_the_threshold_are_left_out_and_links_stay_whole() -> None:
    """Below 0.5: the unsure claim and place go; the sure claim keeps its low-confidence claimant; no link dangles."""
    kept = above(article(), 0.5)
    assert [c.iri.rsplit("#", 1)[1] for c in kept.claims] == ["claim-1"]
    assert {a.name for a in kept.actors} == {"Ines Varga", "Analysts"}  # Varga: the claimant of a kept claim
    homes, metres = kept.figures
    assert homes.in_claim == kept.claims[0].iri and homes.reported_by is not None
    assert metres.in_claim is None and metres.reported_by is None and metres.place is None
    assert validate_document(article_document(kept)) == []


def test_zero_keeps_everything_and_bad_thresholds_are_refused() -> None:
    """0 is the default and keeps all; a threshold outside [0, 1] is a usage error."""
    assert above(article(), 0.0) == article()
    for bad in (-0.1, 1.5):
        with pytest.raises(UsageError, match="between 0 and 1"):
            above(article(), bad)


@pytest.mark.nlp
def test_convert_min_confidence_gives_a_valid_subset(tmp_path: Path) -> None:
    """convert --min-confidence writes a valid document with no item under the bar (and no more than without it)."""
    source = FIXTURES / "articles" / "kursk-deployment.txt"
    full, cut = tmp_path / "full", tmp_path / "cut"
    assert run_cli("convert", str(source), "--to", "jsonld", "-o", str(full)).returncode == 0
    proc = run_cli("convert", str(source), "--to", "jsonld", "-o", str(cut), "--min-confidence", "0.8")
    assert proc.returncode == 0, proc.stderr
    doc_full = json.loads((full / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    doc_cut = json.loads((cut / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    claimants = {c.get("claimant") for c in doc_cut.get("claims", [])}
    for key in ("claims", "figures"):
        assert all(float(x["confidence"]) >= 0.8 for x in doc_cut.get(key, []) if "confidence" in x)
        assert len(doc_cut.get(key, [])) <= len(doc_full.get(key, []))
    assert all(float(a["confidence"]) >= 0.8 or a["id"] in claimants for a in doc_cut.get("actors", [])
               if "confidence" in a)
    assert run_cli("convert", str(source), "-o", str(tmp_path / "x"), "--min-confidence", "2").returncode == 2
