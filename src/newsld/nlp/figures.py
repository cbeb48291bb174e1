"""The `newsld_figures` component: reported quantities with hedge, unit, currency and counted phrase.

The grammar is data (`vocab/patterns/figures_*.json`, compiled by `figure_grammar`): Matcher
patterns find the ways a quantity is written (money, percentages, ratios and fractions,
measurements, ranges, counts, compound modifiers), and patterns for what looks like a number but
is not a figure (ages, durations, dates, years, clock times, phone numbers, addresses, labels,
names, scores, ordinals) veto the figures they overlap. Figures compete longest first. This module
reads the winners: the value (`numbers`), the hedge before it, and what it counts, from the parse.

Representation (documented in the README):
- money: the amount in its currency, `currency` an ISO 4217 code when the text makes it
  unambiguous ("$" is USD, "C$" CAD; "francs" alone has none), `unit` the currency's name;
- percentages: `unit` "percent" and `unit_code` "P1"; percentage points and basis points keep
  their names;
- proportions ("1 in 5 adults", "two-thirds of voters", "half of the staff"): the share as a
  number from 0 to 1 (0.2), `unit` "share of <what>" ("share of adults"), `counted_phrase` the
  whole it is a share of; a share with no finite decimal (1/3) is rounded to 12 places;
- market index levels ("the Dow rose 120 points to 17,850"): `unit` "points";
- ranges: `min`/`max` with qualifier Range; "from X to Y" is a change, read as two figures.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup, Token

from newsld.nlp.figure_grammar import Grammar, Match, build_grammar
from newsld.nlp.lexicon import text_of
from newsld.nlp.numbers import NumberWords, decimal_string, fraction_value, normalise, read_number, to_decimal

SPAN_KEY = "newsld_figures"
ANAPHORIC_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj", "ROOT", "npadvmod",
                            "dative", "oprd", "ccomp", "advcl", "xcomp"})


@dataclass
class Reading:
    """A match read as numbers: value (or min and max), and the match it came from."""

    match: Match
    value: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    rounded: bool = False
    multiplier: Decimal = Decimal(1)  # what its scale words multiply by ("million": 1000000)


@dataclass
class FigureHit:
    """A figure being built: token range of its evidence and its attributes (interface dict fields)."""

    start: int
    end: int
    qualifier: str
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    unit: str | None
    counted_phrase: str | None
    currency: str | None
    unit_code: str | None
    counted: tuple[int, int] | None  # token range of the counted phrase
    confidence: float
    found_by: str
    number_start: int
    bare: bool = False  # no unit was found in the text; may take the unit of the figure before
    whole: str | None = None  # what a share or percentage is of, without its determiners ("adults")
    multiplier: Decimal = Decimal(1)
    kind: str = "count"  # the rule's kind: money, percent, proportion, measure, compound, count

    def as_dict(self, about: list[str]) -> dict[str, Any]:
        return {"value": _string(self.value), "min": _string(self.low), "max": _string(self.high),
                "unit": self.unit, "counted_phrase": self.counted_phrase, "currency": self.currency,
                "unit_code": self.unit_code, "about": about, "confidence": round(self.confidence, 3),
                "found_by": self.found_by}


def _string(value: Decimal | None) -> str | None:
    return None if value is None else decimal_string(value)


class FigureFinder:
    """Finds figures; writes doc.spans[span_key] (label = qualifier, id = "f<k>") and doc._.newsld_figures."""

    def __init__(self, nlp: Language, name: str = "newsld_figures", *, span_key: str = SPAN_KEY,
                 inherit_units: bool = True, keep_unitless: bool = False, words: str | None = None,
                 patterns: str | None = None) -> None:
        self.name = name
        self.span_key = span_key
        self.inherit_units = inherit_units
        self.keep_unitless = keep_unitless
        self.grammar: Grammar = build_grammar(nlp.make_doc, words, patterns)
        w = self.grammar.words
        self.numbers = NumberWords.from_data(w)
        self.currency_symbols: dict[str, str] = w["currency_symbols"]
        self.currency_codes = set(w["currency_codes"])
        self.currency_names: dict[str, str] = w["currency_names"]
        self.currency_of_name: dict[str, str] = w["currency_of_name"]
        self.currency_adjectives: dict[str, str] = w["currency_adjectives"]
        self.currency_units: dict[str, str] = w["currency_units"]
        self.mass_names: dict[str, str] = w["currency_names_as_mass"]
        self.percent_words: dict[str, str] = w["percent_words"]
        self.unit_codes: dict[str, str] = w["unit_codes"]
        self.time_nouns = set(w["time_nouns"])
        self.index_units = w["index_points_words"]

    # ---------------------------------------------------------------- the component

    def __call__(self, doc: Doc) -> Doc:
        hits = self.find(doc)
        about = _actor_tokens(doc)
        spans, details = [], []
        for k, hit in enumerate(hits):
            spans.append(Span(doc, hit.start, hit.end, label=hit.qualifier, span_id=f"f{k}"))
            ids: dict[str, None] = {}
            if hit.counted is not None:
                for i in range(*hit.counted):
                    if i in about:
                        ids[about[i]] = None
            details.append(hit.as_dict(list(ids)))
        doc.spans[self.span_key] = SpanGroup(doc, name=self.span_key, spans=spans)
        doc._.newsld_figures = details
        return doc

    def find(self, doc: Doc) -> list[FigureHit]:
        """The figures of a Doc in text order."""
        matches = self.grammar.matches(doc)
        blocked: set[int] = set()
        for m in matches:
            if m.rule.kind == "block":
                blocked.update(m.tokens("num"))
        readings = []
        for m in matches:
            if m.rule.kind == "block" or m.number_tokens() & blocked:
                continue
            if m.start > 0 and doc[m.start - 1].lower_ in m.rule.not_after:
                continue  # "from 3 to 4 percent" is a change, not a range
            reading = self.read(doc, m)
            if reading is not None:
                readings.append(reading)
        hedges = self.hedges(doc)
        hits = []
        for reading in select(readings, len(doc)):
            hit = self.figure(doc, reading, hedges)
            if hit is not None:
                hits.append(hit)
        hits.sort(key=lambda h: h.start)
        hits = without_table_counts(doc, hits)
        conversions(doc, hits)
        self.resolve_bare(doc, hits)
        if not self.keep_unitless:
            hits = [h for h in hits if h.unit is not None]
        return hits

    # ---------------------------------------------------------------- values

    def number(self, doc: Doc, m: Match, suffix: str = "") -> Decimal | None:
        roles = {"num" + suffix: "num", "scale" + suffix: "scale"}
        parts = [(roles[role], doc[i].lower_, i > 0 and not doc[i - 1].whitespace_)
                 for i, role in zip(range(m.start, m.end), m.roles, strict=True) if role in roles]
        return read_number(parts, self.numbers) if parts else None

    def percent_unit(self, doc: Doc, m: Match) -> str | None:
        """The unit of a percentage ("per cent" -> percent), the same at both ends of a range, or None."""
        groups: list[list[str]] = [[]]
        for i, role in zip(range(m.start, m.end), m.roles, strict=True):
            if role == "unit":
                groups[-1].append(doc[i].lower_)
            elif groups[-1]:
                groups.append([])
        units = {self.percent_words.get(" ".join(g)) for g in groups if g}
        if len(units) != 1 or None in units:
            return None
        return units.pop()

    def read(self, doc: Doc, m: Match) -> Reading | None:
        """The numbers a match states, or None when they do not make the figure its pattern describes."""
        if m.rule.kind == "proportion":
            return self.read_proportion(doc, m)
        first = self.number(doc, m)
        if first is None or (m.rule.kind == "percent" and self.percent_unit(doc, m) is None):
            return None
        if not m.rule.is_range:
            base = self.number(doc, _without(m, "scale")) if m.tokens("scale") else None
            return Reading(m, normalise(first), multiplier=first / base if base else Decimal(1))
        second = self.number(doc, m, "2")
        if second is None:
            return None
        if not m.tokens("scale") and m.tokens("scale2"):
            # "30 to 40 million", "between 3 and 4 billion": the scale belongs to both ends
            base = self.number(doc, _without(m, "scale2"), "2")
            if base and first <= base:
                first = first * (second / base)
        if not first < second:
            return None  # "5-3" is no range
        return Reading(m, None, normalise(first), normalise(second))

    def read_proportion(self, doc: Doc, m: Match) -> Reading | None:
        share: Fraction | None
        frac = m.tokens("frac")
        if frac:
            nums = [doc[i].lower_ for i in m.tokens("num")]
            numerator = self.number(doc, m) if nums not in ([], ["a"], ["an"]) else Decimal(1)  # "a third"
            share = None if numerator is None else fraction_value(numerator, doc[frac[0]].lower_, self.numbers)
        else:
            part, whole = self.number(doc, m), self.number(doc, m, "2")
            if part is None or not whole or part > whole:
                return None  # "1 in 5" is a share; "10 in 5" is not
            share = Fraction(part) / Fraction(whole)
        if share is None or not 0 < share <= 1:
            return None
        value, rounded = to_decimal(share)
        return Reading(m, normalise(value), rounded=rounded)

    # ---------------------------------------------------------------- one figure

    def hedges(self, doc: Doc) -> dict[int, tuple[int, str]]:
        """Hedge phrases by the token they end before: {figure start: (hedge start, qualifier)}."""
        out: dict[int, tuple[int, str]] = {}
        for key, start, end in self.grammar.hedges(doc):
            if end not in out or start < out[end][0]:
                out[end] = (start, doc.vocab.strings[key])
        return out

    def figure(self, doc: Doc, reading: Reading, hedges: dict[int, tuple[int, str]]) -> FigureHit | None:
        m = reading.match
        kind = m.rule.kind
        start, qualifier = hedges.get(m.start, (m.start, "Exact"))
        if m.rule.is_range:
            qualifier = "Range"
        hit = FigureHit(start, m.end, qualifier, reading.value, reading.low, reading.high, None, None, None, None,
                        None, m.rule.confidence, m.rule.name, m.start, multiplier=reading.multiplier, kind=kind)
        if kind == "money":
            self.money(doc, m, hit)
        elif kind == "percent":
            hit.unit = self.percent_unit(doc, m)
            hit.unit_code = self.unit_codes.get(hit.unit or "")
            self.of_phrase(doc, hit)
        elif kind == "proportion":
            self.of_phrase(doc, hit, direct=True)
            hit.unit = f"share of {hit.whole}" if hit.whole else "share"
        elif kind == "measure":
            hit.unit = " ".join(doc[i].lower_ for i in m.tokens("unit"))
            hit.unit_code = self.unit_codes.get(hit.unit)
        elif kind == "compound":
            hit.unit = doc[m.tokens("unit")[0]].lower_
            if hit.unit in self.time_nouns:
                return None
        else:
            words = [doc[i].lower_ for i in m.tokens("num", "scale")]
            if words == ["one"] and start == m.start:
                return None  # "one official said": the indefinite "one", not a count, unless hedged ("at least one")
            self.counted(doc, hit)
            if hit.unit is None and not any(doc[i].is_digit or doc[i].text[:1].isdigit() for i in m.tokens("num")):
                return None  # a number word alone ("zero", "three of them") is rarely a reported figure
        return hit

    def money(self, doc: Doc, m: Match, hit: FigureHit) -> None:
        marks = m.tokens("currency")
        mark = doc[marks[0]].text if marks else ""
        if mark in self.currency_symbols or mark in self.currency_codes:
            code = self.currency_symbols.get(mark, mark)
            hit.currency = code
            hit.unit = self.currency_units.get(code, code)
            return
        name = self.currency_names.get(mark.lower(), mark.lower())
        after = doc[m.end].lower_ if m.end < len(doc) else ""
        if name in self.mass_names and after == "of":
            hit.unit, hit.unit_code, hit.found_by = name, self.unit_codes.get(name), "measure"
            return  # "500 pounds of explosives" is a weight
        adjective = " ".join(doc[i].lower_ for i in m.tokens("cadj"))
        if adjective and adjective in self.currency_adjectives:
            hit.currency = self.currency_adjectives[adjective]
            hit.unit = f"{' '.join(doc[i].text for i in m.tokens('cadj'))} {name}"
        else:
            hit.currency = self.currency_of_name.get(name)
            hit.unit = name

    # ---------------------------------------------------------------- what is counted

    def of_phrase(self, doc: Doc, hit: FigureHit, direct: bool = False) -> None:
        """The whole a percentage or share is of: "40 percent of voters", "1 in 5 adults", "a third of them"."""
        of_end: int | None = None
        if doc[hit.end - 1].lower_ == "of":  # the pattern ended with "of": "a third of"
            of_end = hit.end
            hit.end -= 1
        elif hit.end < len(doc) and doc[hit.end].lower_ == "of":
            of_end = hit.end + 1
        if of_end is None and not direct:
            return
        i = hit.end if of_end is None else of_end
        if of_end is not None:
            while i < len(doc) and (doc[i].pos_ == "DET" or doc[i].tag_ == "PRP$"):
                i += 1  # "of the staff", "of its members"
        head = counted_head(doc, i)
        if head is None:
            if of_end is not None and i < len(doc) and doc[i].pos_ == "PRON":
                hit.end = i + 1  # "a third of them": the evidence includes the pronoun, no unit
            return
        first, last = noun_phrase(doc, head, i)
        if last + 2 < len(doc) and doc[last + 1].tag_ == "POS":
            owned = counted_head(doc, last + 2)  # "half of the state's clinics" is a share of clinics
            if owned is not None:
                first, last = noun_phrase(doc, owned, last + 2)
        hit.counted = (i, last + 1)
        hit.counted_phrase = doc[i:last + 1].text
        hit.whole = doc[first:last + 1].text
        hit.end = last + 1

    def counted(self, doc: Doc, hit: FigureHit) -> None:
        """What a count counts: the noun after its modifiers ("8,000 North Korean troops" -> troops)."""
        end = hit.end
        if end >= len(doc):
            hit.bare = True
            return
        head = counted_head(doc, end)
        number = doc[end - 1]
        if head is None and number.dep_ == "nummod" and countable(number.head) \
                and 0 < number.head.i - number.i <= 8 and not any(t.like_num for t in doc[end:number.head.i]):
            head = number.head  # the noun the parser attached the number to, further away
            hit.confidence = min(hit.confidence, 0.7)
        if head is None and doc[end].lower_ == "of" and end + 1 < len(doc) and doc[end + 1].tag_ == "NNS":
            head = doc[end + 1]  # "dozens of people"
        if head is None or head.lower_ in self.time_nouns:
            nxt = doc[end]
            if nxt.lower_ in ("more", "other") and nxt.dep_ in ("amod", "advmod"):
                hit.end = end + 1  # "79 more"
            hit.bare = head is None
            return
        first, last = noun_phrase(doc, head, end)
        hit.unit = doc[first:last + 1].text if last != head.i else " ".join(
            t.text for t in doc[first:head.i + 1] if t.i == head.i or t.dep_ == "compound")
        hit.counted_phrase = doc[end:last + 1].text
        hit.counted = (end, last + 1)
        hit.end = last + 1

    def resolve_bare(self, doc: Doc, hits: list[FigureHit]) -> None:
        """Numbers with no unit of their own: index levels, and anaphoric counts ("about 30 of them")."""
        bare = [h for h in hits if h.bare]
        if not bare:
            return
        text = text_of(doc)
        sent_starts = sentence_starts(doc)
        is_prose: dict[int, bool] = {}
        index_starts = sorted(start for _, start, _ in self.grammar.indexes(doc))
        previous: FigureHit | None = None
        previous_sentence = -2
        for n, hit in enumerate(hits):
            if not hit.bare:
                if hit.unit is not None:
                    previous = hit
                    previous_sentence = bisect.bisect_right(sent_starts, hit.number_start) - 1
                continue
            if n + 1 < len(hits) and self.change_from(doc, hit, hits[n + 1]):
                continue
            k = bisect.bisect_right(sent_starts, hit.number_start) - 1
            sentence = sent_starts[k]
            j = bisect.bisect_left(index_starts, hit.number_start) - 1
            if j >= 0 and index_starts[j] >= sentence:
                hit.unit, hit.found_by = self.index_units[0], "index-level"  # "the Dow rose ... to 17,850"
                continue
            if not self.inherit_units or previous is None:
                continue
            number = doc[hit.number_start]
            if number.dep_ not in ANAPHORIC_DEPS and number.head.pos_ == "NOUN":
                continue  # it counts a noun the grammar did not reach; do not guess
            if k not in is_prose:
                is_prose[k] = prose(doc, sentence, sent_starts[k + 1] if k + 1 < len(sent_starts) else len(doc))
            if not is_prose[k]:
                continue  # a cell of a table row ("London 22 12 1 9"): its column says what it counts
            if k - previous_sentence > 1 or "\n\n" in text[doc[previous.end - 1].idx:number.idx]:
                continue  # the figure whose unit it would take is not in this sentence or the one before
            unit = previous.unit
            assert unit is not None
            hit.unit = unit if previous.currency or previous.unit_code or previous.found_by == "index-level" \
                else unit.split()[-1]
            hit.currency, hit.unit_code = previous.currency, previous.unit_code
            hit.confidence = min(hit.confidence, 0.6)
            hit.found_by = f"{hit.found_by}-inherited-unit"


    @staticmethod
    def change_from(doc: Doc, hit: FigureHit, after: FigureHit) -> bool:
        """ "from 3 to 4 percent", "from 2 to 3 billion dollars": the start of a change has the unit of its end."""
        if after.unit is None or hit.start == 0 or doc[hit.start - 1].lower_ != "from" \
                or after.start != hit.end + 1 or doc[hit.end].lower_ not in ("to", "-", "–"):
            return False
        if hit.multiplier == 1 and after.multiplier != 1 and hit.value is not None and after.value is not None \
                and hit.value <= after.value / after.multiplier:
            hit.value = normalise(hit.value * after.multiplier)
        hit.unit, hit.currency, hit.unit_code = after.unit, after.currency, after.unit_code
        hit.found_by = f"{hit.found_by}-change"
        hit.bare = False
        return True


def sentence_starts(doc: Doc) -> list[int]:
    """Token index of every sentence start, in order (from the sentence boundaries, without building Spans)."""
    starts = numpy.flatnonzero(doc.to_array([SENT_START]).ravel() == 1).tolist()
    return starts if starts and starts[0] == 0 else [0, *starts]


def without_table_counts(doc: Doc, hits: list[FigureHit]) -> list[FigureHit]:
    """Counts in rows of a results or data table ("MTK 3 Ferencvaros 0": no verb, a third or more of its
    tokens numbers) are cells, not reported quantities; money, percentages and measures stay."""
    counts = [h for h in hits if h.kind == "count"]
    if not counts:
        return hits
    starts = sentence_starts(doc)
    row: dict[int, bool] = {}
    out = []
    for hit in hits:
        if hit.kind == "count":
            k = bisect.bisect_right(starts, hit.number_start) - 1
            if k not in row:
                end = starts[k + 1] if k + 1 < len(starts) else len(doc)
                tokens = doc[starts[k]:end]
                numbers = sum(1 for t in tokens if t.like_num)
                row[k] = not any(t.pos_ in ("VERB", "AUX") for t in tokens) and 3 * numbers > len(tokens)
            if row[k]:
                continue
        out.append(hit)
    return out


def prose(doc: Doc, start: int, end: int) -> bool:
    """A sentence with a verb and words, not a row of numbers: at most a third of its tokens are numbers."""
    tokens = doc[start:end]
    numbers = sum(1 for t in tokens if t.like_num)
    return any(t.pos_ in ("VERB", "AUX") for t in tokens) and 3 * numbers <= len(tokens)


def conversions(doc: Doc, hits: list[FigureHit]) -> None:
    """A figure in brackets right after another restates it in other units, hedge included: "about 25 km (12 miles)"."""
    for before, hit in itertools.pairwise(hits):
        if hit.start == before.end + 1 and doc[before.end].text == "(" and hit.end < len(doc) \
                and doc[hit.end].text == ")" and hit.qualifier == "Exact" and before.qualifier != "Range":
            hit.qualifier = before.qualifier
            hit.found_by = f"{hit.found_by}-conversion"


def select(readings: Iterable[Reading], length: int) -> list[Reading]:
    """Non-overlapping readings, longest first, then by priority, then leftmost (spaCy's filter_spans idea)."""
    taken = bytearray(length)
    out = []
    for r in sorted(readings, key=lambda r: (r.match.start - r.match.end, -r.match.rule.priority, r.match.start)):
        m = r.match
        if any(taken[m.start:m.end]):
            continue
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        out.append(r)
    return out


def counted_head(doc: Doc, start: int) -> Token | None:
    """The noun a number counts, after its modifiers: "8,000 North Korean troops" -> troops.

    Modifiers may be a list of names ("158 F/A-18, F-14 and other fighter planes"), so commas and
    "and" between modifiers are passed over until the noun."""
    head: Token | None = None
    k = start
    limit = min(start + 12, len(doc))
    while k < limit:
        t = doc[k]
        if countable(t):
            head = t
            if t.tag_ == "NNS" and t.dep_ != "compound":
                break  # a plural that is no compound ends the phrase: "1 in 5 adults skip breakfast"
            k += 1
            continue
        if head is not None:
            break
        if t.tag_ == "NNPS" and (k + 1 >= len(doc) or doc[k + 1].pos_ not in ("NOUN", "PROPN")):
            return t  # a plural name counted: "two out of three Americans"
        if not _modifier(t) and not (k > start and t.text in (",", "and") and k + 1 < limit
                                     and _modifier(doc[k + 1])):
            break
        k += 1
    return head


def countable(t: Token) -> bool:
    """A common noun that a number can count (not "8)" or "F-14")."""
    return t.pos_ == "NOUN" and not t.like_num and t.text[:1].isalpha()


def _modifier(t: Token) -> bool:
    """A word that can stand between a number and the noun it counts."""
    if t.pos_ in ("ADJ", "PROPN") or t.tag_ in ("NNP", "NNPS", "JJ", "VBN", "HYPH"):
        return True
    if t.pos_ == "ADV" and t.lower_ in ("more", "other"):
        return True
    if t.ent_type_ in ("PRODUCT", "ORG", "GPE", "NORP") and not t.like_num:
        return True  # a name used as a modifier: "F-14 fighter planes", "U.S. troops"
    return t.tag_ == "SYM" and not t.whitespace_ and t.i > 0 and not t.nbor(-1).whitespace_  # "F/A-18"


def noun_phrase(doc: Doc, head: Token, start: int) -> tuple[int, int]:
    """(first unit token, last token) of a counted noun phrase: compounds before the head, close conjuncts after."""
    while head.dep_ in ("compound", "nmod") and head.head.pos_ == "NOUN" and head.i < head.head.i <= head.i + 3:
        head = head.head  # "eight state legislative candidates": the noun the compound modifies
    first = head.i
    while first - 1 >= start and doc[first - 1].pos_ == "NOUN" and doc[first - 1].dep_ == "compound":
        first -= 1
    last = head
    for conj in head.conjuncts:
        between = doc[last.i + 1:conj.i]
        after = doc[conj.i + 1] if conj.i + 1 < len(doc) else None
        if conj.i > head.i and conj.pos_ in ("NOUN", "PROPN") and conj.i - last.i <= 4 and conj.ent_type_ != "PERSON" \
                and not any(t.like_num for t in between) and not (after is not None and after.like_num):
            last = conj  # but "300 warplanes and 20 ships", "16.9 trillion lei and expenditures 20.1" are two
    return first, last.i


def _without(m: Match, role: str) -> Match:
    return Match(m.start, m.end, m.rule, tuple("" if r == role else r for r in m.roles))


def _actor_tokens(doc: Doc) -> dict[int, str]:
    """Token index -> actor id, from the names and demonym span groups (empty when there are none)."""
    out: dict[int, str] = {}
    for key in ("newsld_names", "newsld_demonyms"):
        if key in doc.spans:
            for span in doc.spans[key]:
                for i in range(span.start, span.end):
                    out.setdefault(i, span.id_)
    return out


@Language.factory(
    "newsld_figures",
    requires=["doc._.newsld_actors", "doc.ents", "token.pos", "token.tag", "token.dep", "token.is_sent_start"],
    assigns=["doc.spans", "doc._.newsld_figures"],
    default_config={"span_key": SPAN_KEY, "inherit_units": True, "keep_unitless": False, "words": None,
                    "patterns": None},
)
def make_figure_finder(nlp: Language, name: str, span_key: str, inherit_units: bool, keep_unitless: bool,
                       words: str | None, patterns: str | None) -> FigureFinder:
    """The figure finder; `words`/`patterns` replace the bundled grammar files when given."""
    if not Doc.has_extension("newsld_figures"):
        Doc.set_extension("newsld_figures", default=None)
    return FigureFinder(nlp, name, span_key=span_key, inherit_units=inherit_units, keep_unitless=keep_unitless,
                        words=words, patterns=patterns)
