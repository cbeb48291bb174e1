"""The `newsld_figures` component: reported quantities with hedge, unit and counted phrase.

A figure is a number (digits, words such as "twenty-nine" or "a thousand", with a scale word
such as "million") and what it counts: the noun it modifies ("8,000 troops"), a currency
("$9.5 billion" in dollars), "percent" or "percentage points", or a compound ("110-seat").
A hedge just before it sets the qualifier ("about" -> Approximately, "more than" -> MoreThan).
Dates, years, clock times, ordinals, ages and numbers inside names are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsld.nlp.lexicon import lexicon, text_of

NAME_ENTITIES = {"PERSON", "ORG", "FAC", "GPE", "LOC", "PRODUCT", "LAW", "EVENT", "WORK_OF_ART", "NORP"}
TIME_ENTITIES = {"DATE", "TIME"}
DIGITS = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
YEAR = re.compile(r"^(1[6-9]|20)\d\d$")
HYPHEN = {"-", "–"}


@dataclass
class FigureHit:
    """A figure found in the text, with character offsets of its evidence."""

    start: int
    end: int
    value: int | float | None
    qualifier: str
    unit: str | None = None
    counted_phrase: str | None = None
    min_value: int | float | None = None
    max_value: int | float | None = None
    number_token: int = 0
    head_token: int | None = None
    about_tokens: list[int] = field(default_factory=list)


def _number(text: str) -> Decimal | None:
    text = text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def plain(value: Decimal) -> int | float:
    """An integer when the value is whole, else a float (the JSON number newsld writes)."""
    return int(value) if value == value.to_integral_value() else float(value)


class FigureFinder:
    """Finds figures; writes the `newsld_figures` spans and aligned plain records."""

    def __init__(self) -> None:
        lex = lexicon()
        self.words: dict[str, float] = lex["number_words"]
        self.scales: dict[str, int] = lex["scales"]
        self.currencies: dict[str, str] = lex["currencies"]
        self.currency_words: dict[str, str] = lex["currency_words"]
        self.time_nouns = set(lex["not_count_nouns"]) | set(lex["duration_nouns"])
        self.street_words = set(lex["street_words"])
        self.starts = self.words.keys() | self.currencies.keys()  # words that can open a figure
        hedges: list[tuple[list[str], str]] = []
        for key, qualifier in (("at_least", "AtLeast"), ("more_than", "MoreThan"), ("at_most", "AtMost"),
                               ("less_than", "LessThan"), ("approximately", "Approximately")):
            for phrase in lex[key]:
                hedges.append((phrase.lower().split(), qualifier))
        self.hedges = sorted(hedges, key=lambda h: -len(h[0]))

    def __call__(self, doc: Doc) -> Doc:
        hits: list[FigureHit] = []
        used: set[int] = set()
        for token in doc:
            if token.i in used or not (token.like_num or token.lower_ in self.starts):
                continue  # cheap test first: most tokens cannot start a figure
            hit = self.figure_at(doc, token)
            if hit is None:
                continue
            hits.append(hit)
            span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
            used.update(range(hit.number_token, span.end if span is not None else hit.number_token + 1))
        self.inherit_units(doc, hits)
        write(doc, hits)
        return doc

    # ---------------------------------------------------------------- numbers

    def number_at(self, doc: Doc, i: int) -> tuple[Decimal, int] | None:
        """The value of the number starting at token i and the index just past it."""
        token = doc[i]
        text = token.lower_
        value: Decimal | None = None
        j = i + 1
        if DIGITS.match(token.text):
            value = _number(token.text)
        elif text in self.words and text not in ("a", "an", "half", "quarter"):
            value = Decimal(str(self.words[text]))
            # "twenty - nine", "forty-one"
            if j + 1 < len(doc) and doc[j].text in HYPHEN and doc[j + 1].lower_ in self.words \
                    and self.words[doc[j + 1].lower_] < 10 and value >= 20:
                value += Decimal(str(self.words[doc[j + 1].lower_]))
                j += 2
            elif "-" in text:
                return None
        elif "-" in text and all(p in self.words for p in text.split("-")) and len(text.split("-")) == 2:
            tens, ones = text.split("-")
            value = Decimal(str(self.words[tens])) + Decimal(str(self.words[ones]))
        elif text in ("a", "an") and j < len(doc) and doc[j].lower_ in ("thousand", "million", "billion",
                                                                         "hundred", "dozen", "trillion"):
            value = Decimal(1)
        elif text == "half" and j + 1 < len(doc) and doc[j].lower_ in ("a", "an"):
            return Decimal("0.5"), j + 1
        if value is None:
            return None
        while j < len(doc) and doc[j].lower_ in self.scales and not (doc[j].lower_ in ("m", "k", "bn")
                                                                      and doc[j].whitespace_ == ""
                                                                      and j + 1 < len(doc)
                                                                      and doc[j + 1].is_alpha):
            if doc[j].lower_ in ("m", "k") and doc[j - 1].whitespace_:
                break
            value *= self.scales[doc[j].lower_]
            j += 1
        return value, j

    def excluded(self, doc: Doc, token: Token, end: int) -> bool:
        """Dates, years, times, ordinals, ages and numbers in names are not figures."""
        text = token.text
        if token.ent_type_ in NAME_ENTITIES or token.ent_type_ == "ORDINAL":
            return True
        if YEAR.match(text) and "," not in text:
            return True
        after = doc[end] if end < len(doc) else None
        before = doc[token.i - 1] if token.i > 0 else None
        if token.ent_type_ in TIME_ENTITIES and (after is None or after.lower_ in self.time_nouns
                                                 or after.is_punct or after.pos_ != "NOUN"):
            return True
        if after is not None and after.lower_ in self.time_nouns:
            return True  # durations and clock times: "six years", "8:30 p.m."
        if after is not None and after.text in HYPHEN and end + 1 < len(doc) and \
                doc[end + 1].lower_ in ("year", "years", "month", "day", "week", "hour", "minute"):
            return True  # "30-year-old", "five-year plan"
        if before is not None and before.text in HYPHEN and token.i > 1 and doc[token.i - 2].is_alpha \
                and doc[token.i - 2].text[:1].isupper() and not before.whitespace_:
            return True  # "F-16", "G-7"
        if before is not None and before.text == "," and after is not None and after.text in (",", ".") \
                and token.i > 1 and doc[token.i - 2].ent_type_ == "PERSON":
            return True  # an age in apposition: "Schiff, 56,"
        if after is not None and after.text in HYPHEN and end + 1 < len(doc) and "/" in doc[end + 1].text:
            return True  # "rose 1-1/4 to 38-3/8": a price quote in fractions
        if self.is_score(doc, token, end):
            return True  # "7-5 6-4", "a 3-1 win": scores and ratios, not reported quantities
        if after is not None and after.text in ("'s", "’s") and not after.whitespace_:
            return True  # "in his late 20's"
        words_after = [t.text.rstrip(".").lower() for t in doc[end:end + 4]]
        in_address = any(w in self.street_words for w in words_after)
        if in_address and token.ent_type_ not in ("MONEY", "PERCENT", "QUANTITY") \
                and after is not None and after.text[:1].isupper():
            return True  # an address: "131 West 23rd Street"
        if token.lower_ == "one":
            if after is not None and end + 1 < len(doc) and doc[end + 1].text in ("'s", "’s"):
                return True  # "in one man's hands"
            if after is None or after.lower_ in ("of", "another", "day", "time", "point", "way", "thing") \
                    or (before is not None and before.lower_ in ("no", "any", "every", "each", "the", "this", "that")):
                return True
            if token.dep_ not in ("nummod", "quantmod", "compound"):
                return True
        return bool(":" in text or "/" in text)

    def is_score(self, doc: Doc, token: Token, end: int) -> bool:
        """A hyphenated pair of numbers with no counted noun after it."""
        def number(i: int) -> bool:
            return 0 <= i < len(doc) and bool(DIGITS.match(doc[i].text))

        left = token.i >= 2 and doc[token.i - 1].text in HYPHEN and not doc[token.i - 2].whitespace_ \
            and not doc[token.i - 1].whitespace_ and number(token.i - 2)
        right = end + 1 < len(doc) and doc[end].text in HYPHEN and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and number(end + 1)
        if not (left or right):
            return False
        last = end + 2 if right else end
        return self.counted_head(doc, last) is None

    # ---------------------------------------------------------------- one figure

    def figure_at(self, doc: Doc, token: Token) -> FigureHit | None:
        start_i = token.i
        currency: str | None = None
        if token.text in self.currencies:
            currency = self.currencies[token.text]
            if token.i + 1 >= len(doc):
                return None
            token = doc[token.i + 1]
        parsed = self.number_at(doc, token.i)
        if parsed is None:
            return None
        value, end = parsed
        if currency is None and self.excluded(doc, token, end):
            return None
        hedge_start, qualifier = self.hedge_before(doc, start_i)
        # a range: "between 10,000 and 12,000", "30 to 40"
        min_value = max_value = None
        if end + 1 < len(doc) and doc[end].lower_ in ("to", "and", "-", "–") and (
                doc[end].lower_ != "and" or (start_i > 0 and doc[hedge_start - 1].lower_ == "between"
                                             if hedge_start > 0 else False) or doc[start_i - 1].lower_ == "between"):
            second_start = end + 1
            if doc[second_start].text in self.currencies:
                second_start += 1
            second = self.number_at(doc, second_start) if second_start < len(doc) else None
            is_from = start_i > 0 and doc[start_i - 1].lower_ == "from"
            if second is not None and not is_from and second[0] > value:
                min_value, max_value = value, second[0]
                end = second[1]
                qualifier = "Range"
                if doc[start_i - 1].lower_ == "between":
                    hedge_start = start_i - 1
        unit, phrase, head, unit_end = self.unit_after(doc, end, currency)
        if unit is None and not DIGITS.match(token.text):
            return None  # a number word alone ("zero", "one") is rarely a reported figure
        evidence_start = doc[min(hedge_start, start_i)].idx
        last = doc[max(unit_end, end) - 1]
        evidence_end = last.idx + len(last.text)
        hit = FigureHit(evidence_start, evidence_end, None if min_value is not None else plain(value), qualifier,
                        unit, phrase, plain(min_value) if min_value is not None else None,
                        plain(max_value) if max_value is not None else None, start_i, head)
        if head is not None:
            hit.about_tokens = [t.i for t in doc[end:unit_end]]
        return hit

    def hedge_before(self, doc: Doc, i: int) -> tuple[int, str]:
        """Index where the hedge starts and the qualifier it gives ("about" -> Approximately)."""
        words = [t.lower_ for t in doc[max(0, i - 4):i]]
        for phrase, qualifier in self.hedges:
            if len(phrase) <= len(words) and words[-len(phrase):] == phrase:
                return i - len(phrase), qualifier
        if i >= 2 and words[-1:] == ["a"] and doc[i].lower_ in ("thousand", "million", "hundred", "dozen"):
            return self.hedge_before(doc, i - 1)
        return i, "Exact"

    def unit_after(self, doc: Doc, end: int, currency: str | None) -> tuple[str | None, str | None, int | None, int]:
        """(unit, counted phrase, head token, end index) for what the number counts."""
        if end >= len(doc):
            return currency, None, None, end
        nxt = doc[end]
        low = nxt.lower_
        if low in ("percent", "%", "pct") or (low == "per" and end + 1 < len(doc) and doc[end + 1].lower_ == "cent"):
            return "percent", None, None, end + (2 if low == "per" else 1)
        if low == "percentage" and end + 1 < len(doc) and doc[end + 1].lower_ in ("point", "points"):
            return f"percentage {doc[end + 1].lower_}", None, None, end + 2
        if currency is None and low in self.currency_words:
            return self.currency_words[low], None, None, end + 1
        if currency is not None:
            return currency, None, None, end
        if nxt.text in HYPHEN and end + 1 < len(doc) and doc[end + 1].pos_ in ("NOUN", "ADJ") \
                and not nxt.whitespace_:
            return doc[end + 1].lower_, None, None, end + 2  # "110-seat", "two-chamber"
        head = self.counted_head(doc, end)
        number = doc[end - 1]
        if head is None and number.dep_ == "nummod" and number.head.pos_ == "NOUN" \
                and 0 < number.head.i - number.i <= 8 and not any(t.like_num for t in doc[end:number.head.i]):
            head = number.head  # the noun the parser attached the number to, further away
        if head is None:
            if low == "of" and end + 1 < len(doc) and doc[end + 1].pos_ in ("NOUN",) and doc[end + 1].tag_ == "NNS":
                head = doc[end + 1]  # "a thousand of them" has no unit; "dozens of people" does
            else:
                extra = end + 1 if low in ("more", "other") and nxt.dep_ in ("amod", "advmod") else end
                return None, None, None, extra
        unit_tokens = [head]
        k = head.i - 1
        while k >= end and doc[k].pos_ == "NOUN" and doc[k].dep_ == "compound":
            unit_tokens.insert(0, doc[k])
            k -= 1
        last = head
        for conj in head.conjuncts:
            between = doc[last.i + 1:conj.i]
            if conj.i > head.i and conj.pos_ in ("NOUN", "PROPN") and conj.i - last.i <= 4 \
                    and not any(t.like_num for t in between):  # "300 warplanes and 20 ships" are two figures
                last = conj
        unit = doc[unit_tokens[0].i:last.i + 1].text if last is not head else " ".join(t.text for t in unit_tokens)
        phrase = doc[end:last.i + 1].text
        if head.lower_ in self.time_nouns:
            return None, None, None, end
        return unit, phrase, head.i, last.i + 1

    @staticmethod
    def counted_head(doc: Doc, end: int) -> Token | None:
        """The noun the number counts, after its modifiers: "8,000 North Korean troops" -> troops."""
        head: Token | None = None
        for k in range(end, min(end + 6, len(doc))):
            t = doc[k]
            if t.pos_ == "NOUN":
                head = t
                continue
            modifier = t.pos_ in ("ADJ", "PROPN") or t.tag_ in ("NNP", "NNPS", "JJ", "VBN", "HYPH") \
                or (t.pos_ == "ADV" and t.lower_ in ("more", "other"))
            if modifier and head is None:
                continue
            break
        return head

    @staticmethod
    def inherit_units(doc: Doc, hits: list[FigureHit]) -> None:
        """A bare number ("about 30 of them", "a total of 20") counts what the figure before it counted."""
        for index, hit in enumerate(hits):
            if hit.unit is not None:
                continue
            for previous in reversed(hits[:index]):
                if previous.unit is None:
                    continue
                if text_of(doc).count("\n\n", previous.end, hit.start) > 1:
                    break
                head = previous.unit.split()[-1]
                hit.unit = head if previous.unit not in ("percent", "dollars") else previous.unit
                break


def _decimal(value: int | float | None) -> str | None:
    return None if value is None else str(Decimal(str(value)))


def write(doc: Doc, hits: list[FigureHit]) -> None:
    """Figures as spans (label: qualifier) and plain records; `about` are the actors named in the counted phrase."""
    token_actor = {i: span.id_ for group in ("newsld_names", "newsld_demonyms") for span in doc.spans.get(group, [])
                   for i in range(span.start, span.end)}
    spans: list[Span] = []
    records: list[dict[str, Any]] = []
    for hit in hits:
        span = doc.char_span(hit.start, hit.end) or doc.char_span(hit.start, hit.end, alignment_mode="expand")
        if span is None:
            continue
        spans.append(Span(doc, span.start, span.end, label=hit.qualifier, span_id=f"f{len(records)}"))
        about = list(dict.fromkeys(token_actor[i] for i in hit.about_tokens if i in token_actor))
        records.append({"value": _decimal(hit.value), "min": _decimal(hit.min_value), "max": _decimal(hit.max_value),
                        "unit": hit.unit, "counted_phrase": hit.counted_phrase, "currency": None, "unit_code": None,
                        "about": about, "confidence": 0.85, "found_by": "number-grammar"})
    doc.spans["newsld_figures"] = spans
    doc._.newsld_figures = records


@Language.factory("newsld_figures", default_config={},
                  requires=["doc._.newsld_actors", "doc.ents", "token.tag", "token.dep", "token.lemma"],
                  assigns=["doc.spans", "doc._.newsld_figures"])
def make_figure_finder(nlp: Language, name: str) -> FigureFinder:
    if not Doc.has_extension("newsld_figures"):
        Doc.set_extension("newsld_figures", default=None)
    return FigureFinder()
