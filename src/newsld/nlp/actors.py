"""Name mentions: candidates from spaCy's entities, the gazetteer ruler, datelines and results tables, cleaned.

spaCy's entities are the main candidates. They are cleaned (determiners, possessives, titles,
role words and nationalities come off the front, a name never crosses a line break, bracketed
acronyms are split off), typed with the gazetteer and with context ("shares of X", "X, a mining
company", "the city of X", a team in a results line), and completed with what the tagger
misses: gazetteer names (with their context constraints, see gazetteer.py), dateline places,
acronyms, names before a place word, repeated names. Merging them into actors is actor_merge.py.
"""

from __future__ import annotations

import itertools
import json
import re
from functools import cache
from typing import Any

import numpy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span, Token

from newsld.nlp.actor_merge import ActorCluster, Mention, base_key, cluster, is_acronym
from newsld.nlp.gazetteer import ArticleContext, Entry, gazetteer, given_names, names_data
from newsld.nlp.lexicon import fold, lexicon, text_of
from newsld.resources import vocab_path

LABEL_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place"}
POSSESSIVE = {"'s", "’s", "'", "’"}
REGION_WORD = re.compile(r"\b(?:region|province|oblast|district|county|governorate|prefecture)\b", re.IGNORECASE)
ACRONYM = re.compile(r"(?<![\w.])[A-Z][A-Z.&]{1,7}(?![\w])")
REGION_WORDS = {"county", "province", "district", "region", "oblast", "governorate", "prefecture", "parish"}
LOCATIVE = {"in", "near", "outside", "across", "around", "inside"}
# a dateline opens with the place in capitals: "MINSK 1996-08-30", "HEMPSTEAD, N.Y., Sept. 26 (UPI) —"
# a team in a results or standings line: capitalised words followed by a score or a number
TEAM_IN_RESULTS = re.compile(r"(?:^|(?<=\d )|(?<=\d, )|(?<=: )|(?<=\) ))"
                             r"((?:[A-Z][\w.'’/-]*)(?: (?:[A-Z][\w.'’/-]*|de|del|la|do))*)(?= \d+(?:\s|$|\)|,|-|\())")
_NAME = r"[A-Z][\w.'’-]*(?: (?:[A-Z][\w.'’-]*|de|del|la|van|der|den|do|da))*"
FIXTURE = re.compile(rf"(?:^|(?<=[-:,] ))({_NAME}) vs?\.? ({_NAME})(?=$|,|\.|;| \()")
SCORER = re.compile(rf"(?:(?<=\()|(?<=, )|(?<=^))({_NAME}) \(?\d{{1,3}}(?:st|nd|rd|th)\b")
BRACKETED = re.compile(rf"(?:^|(?<=[-,:] )|(?<=\d\. )|(?<=beat )|(?<=\d ))({_NAME}) \(({_NAME})\)")
RESULT_STOP = {"Group", "Division", "Attendance", "Halftime", "Standings", "Played", "Scores", "Scorers", "Round",
               "Week", "Result", "Results", "Total", "Points", "League", "Conference", "Pool", "Table", "Note",
               "Score", "Men's", "Women's", "Semifinals", "Quarterfinals", "Final", "Bowling", "Extras", "At", "In"}
COORDINATORS = frozenset({",", "and", "or", "&", "nor"})
# an outlet's name heading its stories in a press review: capitals, with hyphens, apostrophes and dots
PRESS_HEADING = re.compile(r"[A-Z][A-Z'’.-]*(?: [A-Z][A-Z'’.-]*)*")
DATELINE = re.compile(r"^([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*)(?=,| \(| [-–—]| \d{4}-\d{2}-\d{2}|$)")


@cache
def figure_words() -> dict[str, Any]:
    """vocab/patterns/figures_words.json: the currency codes there are units, never organisations."""
    data: dict[str, Any] = json.loads(vocab_path("patterns/figures_words.json").read_text(encoding="utf-8"))
    return data


def _shouted_tokens(doc: Doc) -> set[int]:
    """Indices of the tokens on lines set in capitals."""
    text = text_of(doc)
    out: set[int] = set()
    offset = 0
    for line in text.split("\n"):
        if _shouted(line):
            span = doc.char_span(offset, offset + len(line), alignment_mode="expand")
            if span is not None:
                out.update(range(span.start, span.end))
        offset += len(line) + 1
    return out


_ASCII_LOWER = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyz")


def _shouted(text: str) -> bool:
    """Mostly capital letters: a headline set in capitals."""
    if 5 * (len(text) - len(text.translate(_ASCII_LOWER))) > len(text):
        return False  # more than a fifth lower-case letters: ordinary text (the common case, decided in C)
    letters = sum(map(str.isalpha, text))
    return letters >= 8 and sum(map(str.isupper, text)) >= 0.8 * letters


class ActorFinder:
    """Finds actor mentions and merges them into one cluster per referent."""

    def __init__(self, nlp: Language) -> None:
        self.gazetteer = gazetteer()
        self.ruler = SpanRuler(nlp, name="newsld_gazetteer", spans_key=None, annotate_ents=False,
                               phrase_matcher_attr="ORTH", validate=False)
        # phrase patterns match on ORTH, which needs only the tokenizer: the ruler is not part of the pipeline, so
        # it would run every other component over each pattern unless they are all switched off while it reads them
        with nlp.select_pipes(disable=nlp.pipe_names):
            self.ruler.add_patterns(self.gazetteer.patterns())  # type: ignore[arg-type]
        self.forms = {p["pattern"]: p["id"] for p in self.gazetteer.patterns()}  # variant -> gazetteer form
        data = names_data()
        self.titles = set(data["titles"])
        self.role_words = set(data["role_words"])
        self.given_names = given_names()
        self.particles = set(data["name_particles"])
        self.place_words = {fold(w) for w in data["place_suffixes"]}
        self.role_nouns = set(lexicon()["role_nouns"])
        self.org_heads = {fold(w) for w in data["organization_heads"]}
        self.org_suffixes = {fold(w) for w in data["org_suffixes"]}
        context = data["organization_context"]
        self.org_after = {fold(w) for w in context["after"]}
        self.org_after_weak = {fold(w) for w in context["after_weak"]}
        self.org_after_phrases = [fold(w) for w in context["after_phrases"]]
        self.org_before_phrases = [fold(w).split() for w in context["before_phrases"]]
        self.apposition_heads = set(context["apposition_heads"])
        self.org_nouns_before = set(context["nouns_before"])
        self.facility_heads = set(data["facility_heads"]["words"])
        self.motion_verbs = set(data["place_context"]["motion"]["verbs"])
        self.motion_prepositions = set(data["place_context"]["motion"]["prepositions"])
        self.eponym_nouns = set(data["eponym_nouns"]["words"])
        self.place_nouns_after = set(data["place_context"]["nouns_after"]["words"])
        self.apposition_heads_person = set(data["apposition_person_heads"]["words"])
        self.name_titles = set(data["name_titles"]["words"])
        self.title_modifiers = set(data["title_modifiers"]["words"])
        # cue words found in one pass over the Doc: honorifics before bare names, vessel nouns before ships
        self.cue_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cue_matcher.add("TITLE", [nlp.make_doc(w.lower()) for w in self.name_titles])
        self.cue_matcher.add("VESSEL", [nlp.make_doc(w) for w in data["vessel_nouns"]])
        self.cue_matcher.add("COORD", [nlp.make_doc(w) for w in COORDINATORS])
        self.cue_matcher.add("APPOS", [nlp.make_doc(w) for w in data["apposition_person_heads"]["words"]])
        self.cues: dict[str, list[int]] = {}
        self.cue_keys = (nlp.vocab.strings["TITLE"], nlp.vocab.strings["VESSEL"], nlp.vocab.strings["APPOS"])
        self.sent_starts = numpy.zeros(0, dtype="int32")
        self.roles_before: dict[tuple[int, int], str | None] = {}  # role_before per span, for one Doc
        self.place_before_phrases = [fold(w).split() for w in data["place_context"]["before_phrases"]]
        self.place_nouns_before = set(data["place_context"]["nouns_before"])
        portfolio = data["portfolio"]
        self.portfolio_words = set(portfolio["words"])
        self.portfolio_titles = set(portfolio["titles"])
        self.portfolio_of_titles = set(portfolio["of_titles"])
        self.vessel_nouns = set(data["vessel_nouns"])
        self.not_actor_names = {fold(w) for w in data["not_actor_names"]["words"]}
        self.not_datelines = set(data["not_dateline_words"])
        self.currency_codes = set(figure_words()["currency_codes"])
        self.sports_slugs = tuple(data["sports"]["slugs"])
        self.team_before = set(data["sports"]["team_before"])
        self.team_after = set(data["sports"]["team_after"])
        self.team_words_before = set(data["sports"]["team_nouns_before"])
        self.sports_word_ids = numpy.array([nlp.vocab.strings.add(w) for w in data["sports"]["words"]], dtype="uint64")
        self.context = ArticleContext("", self.gazetteer)
        self.demonym_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.demonym_matcher.add("demonym", [nlp.make_doc(d) for e in self.gazetteer.entries for d in e.demonyms])

    def find(self, doc: Doc) -> tuple[list[ActorCluster], dict[int, int]]:
        """The article's actor clusters, and demonym token index -> cluster index."""
        self.context = ArticleContext(text_of(doc), self.gazetteer)
        clusters = cluster(self.find_mentions(doc))
        token_actor = {i: index for index, cluster in enumerate(clusters) for m in cluster.mentions
                       for i in range(m.start, m.end)}
        return clusters, self.find_demonyms(doc, clusters, token_actor)

    # ---------------------------------------------------------------- mentions

    def find_mentions(self, doc: Doc) -> list[Mention]:
        mentions: list[Mention] = []
        taken: set[int] = set()

        def add(m: Mention | None) -> None:
            if m is None or any(i in taken for i in range(m.start, m.end)):
                return
            mentions.append(m)
            taken.update(range(m.start, m.end))

        shouted = _shouted_tokens(doc)
        self.shouted = shouted
        title_starts: list[int] = []
        after_vessel: list[int] = []
        coordinators: list[int] = []
        person_heads: list[int] = []
        self.cues = {"TITLE": title_starts, "VESSEL": after_vessel, "COORD": coordinators, "APPOS": person_heads}
        title_key, vessel_key, appos_key = self.cue_keys
        for key, start, end in self.cue_matcher(doc):
            if key == title_key:
                title_starts.append(start)
            elif key == vessel_key:
                after_vessel.append(end)  # the token after the vessel noun
            elif key == appos_key:
                person_heads.append(start)
            else:
                coordinators.append(start)
        self.sent_starts = doc.to_array("SENT_START")
        self.roles_before = {}
        self.sports = self.is_sports(doc)
        longest: list[Span] = []
        for span in sorted(self.ruler.match(doc), key=lambda s: (s.start, -len(s))):
            if longest and span.start < longest[-1].end:
                continue
            longest.append(span)
        ents = joined_entities(doc)
        entity_of = {i: ent for ent in ents for i in range(ent.start, ent.end)}
        # gazetteer matches that an entity fully covers are judged with the entity; the rest stand alone
        for span in longest:
            ent = entity_of.get(span.start)
            covered = ent is not None and ent.start <= span.start and span.end <= ent.end and len(ent) > len(span) \
                and ent.label_ != "NORP"  # "U.S." inside the event "U.S. Open" names no place
            if not covered:
                add(self.gazetteer_mention(span))
        for m in self.datelines(doc):
            add(m)
        for m in self.results_lines(doc):
            add(m)
        vessels = self.vessel_names(doc, ents)
        cleaned = [m for ent in sorted(ents, key=lambda e: (-len(e), e.start)) if ent.label_ in LABEL_TYPES
                   for m in self.clean(ent) if not vessels or m.key not in vessels]
        # in a headline set in capitals the tagger marks many words as names; keep a name from there
        # only when the gazetteer knows it or the article also writes it in normal case
        normal = {fold(m.text) for m in cleaned if not any(i in shouted for i in range(m.start, m.end))}
        cleaned = [m for m in cleaned if m.entry is not None or fold(m.text) in normal
                   or not any(i in shouted for i in range(m.start, m.end))]
        keys = {m.key for m in cleaned}
        # an organisation's name is also known by its first words: "Commerce" for "Commerce Bancshares Inc."
        keys.update(" ".join(k.split()[:n]) for m in cleaned if m.type == "Organization"
                    for k in (m.key,) for n in range(1, len(k.split())))
        for m in cleaned:
            for part in self.split_coordination(doc, m, keys):
                add(part)
        for m in self.acronyms(doc, taken | shouted):
            add(m)
        for m in self.titled_names(doc, taken | shouted):
            add(m)
        for m in self.apposed_people(doc, taken | shouted):
            add(m)
        for m in self.regions(doc, taken):
            add(m)
        for m in self.repeated_names(doc, mentions, taken):
            add(m)
        for m in self.body_names_in_headline(doc, mentions, taken):
            add(m)
        mentions.sort(key=lambda m: m.start)
        share_coordinated_types(doc, mentions, set(self.cues["COORD"]), teams=self.sports)
        mentions = self.join_adjacent_people(doc, mentions)
        mark_bracketed_acronyms(doc, mentions)
        return mentions

    def vessel_names(self, doc: Doc, ents: list[Span]) -> set[str]:
        """Names of ships ("the aircraft carrier Carl Vinson", "the carriers Vinson and Enterprise"): no actor, and
        neither are their later mentions (the name alone, or its last word)."""
        out: set[str] = set()
        after_vessel = set(self.cues["VESSEL"])  # token indices right after a vessel noun
        if not ents or not after_vessel:
            return out  # no vessel noun in the article (the common case)
        conjoined: set[int] = set()
        for ent in ents:
            after_noun = ent.start in after_vessel
            if not (after_noun or ent.root.i in conjoined) or ent.label_ not in LABEL_TYPES:
                continue
            if self.gazetteer.candidates(ent.text):
                continue  # "the carrier Lufthansa" is the airline
            conjoined.update(t.i for t in ent.root.conjuncts)  # "the carriers Kestrel and Valiant"
            parts = [t for t in ent if t.lower_ not in ("and", "or", ",", "&", "the")]
            out.add(base_key(ent.text))
            for part in " ".join(t.text if t in parts else "|" for t in ent).split("|"):
                if part.strip():
                    out.add(base_key(part))
            out.add(base_key(ent[-1].text))
        return out

    @staticmethod
    def split_coordination(doc: Doc, m: Mention, keys: set[str]) -> list[Mention]:
        """ "Harbor and Summit" tagged as one name is two names the article also uses alone."""
        cuts = [i for i in range(m.start, m.end) if doc[i].lower_ in ("and", "or", ",", "&")]
        if not cuts:
            return [m]
        parts: list[Mention] = []
        start = m.start
        for cut in [*cuts, m.end]:
            if cut > start:
                parts.append(Mention(start, cut, doc[start:cut].text, m.type, None, None, m.weight, m.found_by))
            start = cut + 1
        if len(parts) < 2:
            return [m]
        known = [base_key(p.text) in keys for p in parts]
        # a list of names the article also uses alone ("Harbor, Summit and Lakeview": "Summit said"):
        # every part, or the last one when the parts are joined by a comma or "and" (not "&": "Procter & Gamble")
        if all(known) or (known[-1] and m.entry is None and "&" not in m.text
                          and all(doc[p.start].text[:1].isupper() for p in parts)):
            return parts
        return [m]

    @staticmethod
    def regions(doc: Doc, taken: set[int]) -> list[Mention]:
        """A proper name before an administrative word names a place: "Kursk" in "Kursk region"."""
        out: list[Mention] = []
        for match in REGION_WORD.finditer(text_of(doc)):
            word = doc.char_span(match.start(), match.end())
            if word is None or word.start == 0:
                continue
            t = doc[word.start - 1]
            if t.pos_ != "PROPN" or not t.text[:1].isupper() or t.i in taken:
                continue
            start = t.i
            while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() \
                    and start - 1 not in taken and not doc[start].is_sent_start \
                    and doc[start - 1].dep_ == "compound":  # not "Moslem" in "Moslem North Caucasus region"
                start -= 1  # "North Caucasus region"
            out.append(Mention(start, t.i + 1, doc[start:t.i + 1].text, "Place", weight=1, found_by="region-word"))
        return out

    def apposed_people(self, doc: Doc, taken: set[int]) -> list[Mention]:
        """A full name the tagger missed, followed by a description of a person in apposition: "Ilse
        Varga, deputy head of the currency department," (two or more capitalised proper nouns before the comma)."""
        out: list[Mention] = []
        heads = set(self.cues["APPOS"])
        if not heads:
            return out
        for c in self.cues["COORD"]:
            if not (c + 1 in heads or c + 2 in heads or c + 3 in heads) or c - 1 in taken or doc[c].text != ",":
                continue
            start = c
            while start > 0 and c - start < 4 and start - 1 not in taken and doc[start - 1].pos_ == "PROPN" \
                    and doc[start - 1].is_alpha and doc[start - 1].text[:1].isupper() \
                    and "\n" not in doc[start - 1].whitespace_ and doc[start - 1].text not in self.titles:
                start -= 1
                if doc[start].is_sent_start:
                    break
            if c - start < 2 or (start > 0 and doc[start - 1].text[:1].isupper() and not doc[start].is_sent_start):
                continue  # one word, or part of a longer capitalised run
            k = c + 1
            while k < len(doc) and k - c <= 3 and doc[k].lower_ in ("a", "an", "the", "its", "his", "her"):
                k += 1
            if k >= len(doc) or doc[k].lower_ not in self.apposition_heads_person or not doc[k].is_lower:
                continue
            words = doc[start:c]
            if any(fold(t.text) in self.org_suffixes or fold(t.text) in self.org_heads or t.text in self.forms
                   or t.text in self.facility_heads for t in words):
                continue
            out.append(Mention(start, c, words.text, "Person", weight=2, found_by="apposition", evidence="Person"))
        return out

    def titled_names(self, doc: Doc, taken: set[int]) -> list[Mention]:
        """Capitalised words after an honorific or rank are a person's name the tagger missed: "King Alaric",
        "Patriarch Teodor" (the title is the role)."""
        out: list[Mention] = []
        for i in self.cues["TITLE"]:
            if doc[i].text not in self.name_titles:
                continue  # "king" in lower case is no honorific
            end = i + 1
            while end < len(doc) and end - i <= 3 and end not in taken and doc[end].pos_ == "PROPN" \
                    and doc[end].text[:1].isupper() and doc[end].is_alpha and doc[end].text not in self.titles \
                    and "\n" not in doc[end - 1].whitespace_:
                end += 1
            if end == i + 1 or i in taken:
                continue
            words = doc[i + 1:end]
            if any(fold(t.text) in self.org_suffixes or fold(t.text) in self.org_heads or t.text in self.forms
                   for t in words) or (end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha):
                continue  # "General Motors", "Prince Edward Island": not a person
            out.append(Mention(i + 1, end, words.text, "Person", role=doc[i].text, weight=2, found_by="titled-name",
                               evidence="Person"))
        return out

    def acronyms(self, doc: Doc, taken: set[int]) -> list[Mention]:
        """A capitalised acronym the tagger missed ("KBS", "UPI") names an organisation."""
        stop = set(names_data()["not_organization_acronyms"]) | self.not_datelines
        out: list[Mention] = []
        for match in ACRONYM.finditer(text_of(doc)):
            span = doc.char_span(match.start(), match.end())
            if span is None or len(span) != 1:
                continue
            t = span[0]
            if t.i in taken or t.text in stop or t.pos_ != "PROPN" or not is_acronym(t.text) or len(t.text) < 2:
                continue
            if t.ent_type_ and t.ent_type_ not in LABEL_TYPES:
                continue
            if t.text in self.currency_codes or self.part_of_longer_name(t) or self.abbreviates_term(t):
                continue
            entry = self.entry_for(t.text, doc, t.i, t.i + 1) if t.text in self.forms else None
            out.append(Mention(t.i, t.i + 1, t.text, entry.type if entry else "Organization", entry, weight=0.5,
                               found_by="acronym"))
        return out

    @staticmethod
    def part_of_longer_name(t: Token) -> bool:
        """A capitalised word or a hyphen right beside an acronym makes it part of a longer name: "PT Matahari
        Putra", "IHC Caland", "AN-NAHAR"."""
        doc = t.doc
        prev = doc[t.i - 1] if t.i > 0 and not t.is_sent_start and "\n" not in doc[t.i - 1].whitespace_ else None
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) and "\n" not in t.whitespace_ else None
        if prev is not None and ((prev.pos_ == "PROPN" and prev.text[:1].isupper() and prev.is_alpha)
                                 or (prev.text == "-" and not prev.whitespace_)):
            return True
        return nxt is not None and ((nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and nxt.is_alpha)
                                    or (nxt.text == "-" and not t.whitespace_))

    @staticmethod
    def abbreviates_term(t: Token) -> bool:
        """An acronym in brackets after a common noun abbreviates a term: "automated pit trading (APT)"."""
        doc = t.doc
        return t.i >= 2 and doc[t.i - 1].text == "(" and doc[t.i - 2].is_lower and doc[t.i - 2].is_alpha

    def repeated_names(self, doc: Doc, mentions: list[Mention], taken: set[int]) -> list[Mention]:
        """Names the tagger found once, wherever else they occur: a surname ("Sharetsky said"), a short form."""
        forms: dict[tuple[str, ...], str] = {}
        for m in mentions:
            words = tuple(t.text for t in doc[m.start:m.end])
            if m.type == "Person":
                forms.setdefault(words, "Person")
                if len(words) > 1:
                    forms.setdefault(words[-1:], "Person")
                if len(words) > 2:
                    forms.setdefault(words[-2:], "Person")
            elif m.type == "Organization" and (len(words) > 1 or m.found_by == "entity-recogniser"):
                forms.setdefault(words, "Organization")
            elif m.type == "Place" and m.entry is None and m.evidence == "Place":
                forms.setdefault(words, "Place")  # "the capital Grozny" ... "in Grozny"
            elif m.found_by == "dateline" and m.entry is None and m.text.isupper():
                # "CALCUTTA 1996-08-22" ... "in Calcutta"
                forms.setdefault(tuple(t.text.title() for t in doc[m.start:m.end]), "Place")
        out: list[Mention] = []
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for words in sorted(forms, key=len, reverse=True):
            by_first.setdefault(words[0], []).append(words)
        if not by_first:
            return out
        # only the tokens that open a known form are visited (found in C over the token ids)
        strings = doc.vocab.strings
        firsts = numpy.array([strings.add(w) for w in by_first], dtype="uint64")
        next_free = 0
        for i in numpy.flatnonzero(numpy.isin(doc.to_array("ORTH"), firsts)).tolist():
            token = doc[i]
            if i < next_free or i in taken or token.ent_type_ in ("DATE", "TIME", "CARDINAL"):
                continue
            for words in by_first[token.text]:
                end = i + len(words)
                if end <= len(doc) and tuple(t.text for t in doc[i:end]) == words \
                        and not any(k in taken for k in range(i, end)) and doc[end - 1].pos_ == "PROPN":
                    start = i
                    if len(words) == 1 and _inside_longer_name(doc, i):
                        # one word of a longer name: a surname after a title or a first name ("Conchita
                        # Martinez"); an organisation's or place's word inside another name is not that name
                        prev = doc[i - 1] if i > 0 else None
                        if forms[words] != "Person" or _inside_longer_name(doc, i, before=False):
                            break
                        titled = prev is None or prev.text in self.titles or prev.text.rstrip(".") in self.titles
                        if not titled and prev is not None:
                            if prev.i in taken or not prev.is_alpha:
                                break
                            start = prev.i
                    out.append(Mention(start, end, doc[start:end].text, forms[words], weight=0.5,
                                       found_by="repeated-name"))
                    next_free = end
                    break
        return out

    def body_names_in_headline(self, doc: Doc, mentions: list[Mention], taken: set[int]) -> list[Mention]:
        """Names the article writes in normal case, found again in its headline ("COCU DOUBLE EARNS PSV WIN",
        "Interacciones ups forecast"), where capitals and a sentence-initial position hide them from the tagger."""
        headline = self.headline_tokens(doc)
        if not headline:
            return []
        forms: dict[tuple[str, ...], Mention] = {}
        for m in mentions:
            if m.start in headline or m.start in self.shouted:
                continue
            words = tuple(m.tokens)
            forms.setdefault(words, m)
            if m.type == "Person" and len(words) > 1:
                forms.setdefault(words[-1:], m)  # the surname alone
        if not forms:
            return []
        longest = max(len(w) for w in forms)
        out: list[Mention] = []
        next_free = 0
        for i in sorted(headline):
            if i < next_free or i in taken:
                continue
            for width in range(longest, 0, -1):
                if not all(k in headline and k not in taken for k in range(i, i + width)):
                    continue
                found = forms.get(tuple(fold(t.text) for t in doc[i:i + width]))
                if found is not None:
                    out.append(Mention(i, i + width, doc[i:i + width].text, found.type, found.entry, weight=0.5,
                                       found_by="headline-from-body"))
                    next_free = i + width
                    break
        return out

    @staticmethod
    def headline_tokens(doc: Doc) -> set[int]:
        """The tokens of the headline: the first paragraph, when it is short and a blank line follows it."""
        first = text_of(doc).find("\n\n")
        if 0 < first <= 200:
            span = doc.char_span(0, first, alignment_mode="expand")
            if span is not None:
                return set(range(span.start, span.end))
        return set()

    def gazetteer_mention(self, span: Span) -> Mention | None:
        """A gazetteer name the tagger did not cover, judged in its context."""
        doc = span.doc
        candidates = self.gazetteer.candidates(self.forms.get(span.text, span.text))
        if not candidates:
            return None
        head = self.organisation_around(span)
        if head is not None:  # "Bank of Spain", "JORDAN TIMES": the place is part of a name
            return head
        if any(e.homograph for e in candidates) and not self.clear(doc, span.start, span.end):
            return None  # "Fed up with", "Turkey prices rose", "WHO IS TO BLAME"
        entry = self.entry_for(span.text, doc, span.start, span.end)
        kinds = {e.type for e in candidates}
        if entry is None and len(kinds) != 1:
            return None
        kind = entry.type if entry is not None else kinds.pop()
        if self.sports and kind == "Place" and (entry is None or entry.kind != "country") and self.is_team(doc, span):
            return Mention(span.start, span.end, span.text, "Organization", None, weight=3, found_by="results-table")
        return Mention(span.start, span.end, span.text, kind, entry, weight=3, found_by="gazetteer")

    def entry_for(self, text: str, doc: Doc, start: int, end: int) -> Entry | None:
        """The gazetteer entry a name at doc[start:end] refers to, if its context supports one."""
        candidates = self.gazetteer.candidates(self.forms.get(text, text))
        if not candidates:
            return None
        if len(text) <= 6 and is_acronym(text) and text not in self.forms:
            return None  # an acronym matches only as written
        entry = self.context.choose(candidates)
        if entry is None:
            return None
        if entry.homograph and not self.clear(doc, start, end):
            return None
        if entry.kind == "organization" and start > 0 and self.is_national(doc[start - 1]):
            return None  # "a US Red Cross shelter": a national branch, not the international body
        return entry

    def is_national(self, token: Token) -> bool:
        """A country name or demonym ("US", "American", "British")."""
        if self.gazetteer.demonym(token.text) is not None:
            return True
        return any(e.kind == "country" for e in self.gazetteer.candidates(self.forms.get(token.text, token.text)))

    def clear(self, doc: Doc, start: int, end: int) -> bool:
        """A name in an unambiguous position: a proper noun, not at a sentence start, not on a line in capitals."""
        first = doc[start]
        return first.pos_ == "PROPN" and not first.is_sent_start and start not in self.shouted

    def organisation_around(self, span: Span) -> Mention | None:
        """ "Central Bank of Malta", "JORDAN TIMES": a place inside an organisation's name is that organisation."""
        doc = span.doc
        start, end = span.start, span.end
        if start >= 2 and doc[start - 1].lower_ == "of" and fold(doc[start - 2].text) in self.org_heads:
            start -= 2
            while start > 0 and doc[start - 1].text[:1].isupper() and not doc[start].is_sent_start \
                    and doc[start - 1].lower_ not in ("the",) and not doc[start - 1].is_punct:
                start -= 1
        elif end < len(doc) and fold(doc[end].text) in self.org_heads and doc[end].text[:1].isupper() \
                and doc[end - 1].whitespace_ == " ":
            end += 1
        else:
            return None
        return Mention(start, end, doc[start:end].text, "Organization", None, weight=3, found_by="organization-name")

    # ---------------------------------------------------------------- sports results

    def is_sports(self, doc: Doc) -> bool:
        """A sports report: a sport slug opens the headline, or the text is full of results vocabulary."""
        text = text_of(doc)
        head = text.lstrip()[:40].upper()
        if any(head.startswith(slug) and head[len(slug):len(slug) + 3].strip()[:1] in ("-", ":", "") for slug in
               self.sports_slugs):
            return True
        lower = doc.to_array("LOWER")[:400]
        return int(numpy.isin(lower, self.sports_word_ids).sum()) >= 6

    def is_team(self, doc: Doc, span: Span) -> bool:
        """A place name used as a team: next to a score, or the agent or patient of a results verb."""
        before = doc[span.start - 1] if span.start > 0 else None
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.like_num and after.whitespace_ != "" and "\n" not in after.text:
            return True
        if before is not None and before.like_num and "\n" not in before.whitespace_:
            return True
        head = span.root.head
        if head.lemma_.lower() in ("beat", "draw", "lose", "defeat", "play", "host", "face", "meet", "win") \
                and span.root.dep_ in ("nsubj", "dobj", "pobj"):
            return True
        return self.team_context(doc, span.start, span.end)

    def team_context(self, doc: Doc, start: int, end: int, person: bool = False) -> bool:
        """Words around a name that only a team has: "champions Ajax", "victory over Nantes", "Leeds manager".
        For a name the tagger called a person, results verbs ("beat Agassi") say nothing: players beat players."""
        before = [t.lower_ for t in doc[max(0, start - 2):start]]
        cues = self.team_words_before if person else self.team_before
        if before and (before[-1] in cues or " ".join(before) in cues):
            return True
        after = doc[end:end + 2]
        if len(after) and after[0].text in POSSESSIVE:
            after = doc[end + 1:end + 2]
        return bool(len(after)) and after[0].lower_ in self.team_after

    def results_lines(self, doc: Doc) -> list[Mention]:
        """Team names in results and standings lines of a sports report: "Vitesse Arnhem 1 Utrecht 0"."""
        if not self.sports:
            return []
        out: list[Mention] = []
        offset = 0
        stop = RESULT_STOP
        for line in text_of(doc).split("\n"):
            if line and not line[0].isdigit():
                for match in TEAM_IN_RESULTS.finditer(line):
                    name = match.group(1)
                    if name.split()[0] in stop or name.isdigit() or len(name) < 3:
                        continue
                    span = doc.char_span(offset + match.start(1), offset + match.end(1))
                    if span is None or any(t.pos_ not in ("PROPN", "NOUN", "ADJ", "X", "NUM") for t in span):
                        continue
                    entry = self.entry_for(span.text, doc, span.start, span.end)
                    if entry is not None and entry.kind == "country":
                        out.append(Mention(span.start, span.end, span.text, "Place", entry, weight=2,
                                           found_by="gazetteer"))
                    elif span.root.ent_type_ != "PERSON" or len(span) == 1:  # a person's full name stays a person
                        out.append(Mention(span.start, span.end, span.text, "Organization", None, weight=2,
                                           found_by="results-table"))
            out.extend(self.people_and_clubs_in_line(doc, line, offset))
            offset += len(line) + 1
        return out

    def people_and_clubs_in_line(self, doc: Doc, line: str, offset: int) -> list[Mention]:
        """Lists of a sports report: fixtures ("Blackpool v Wycombe": clubs), scorers ("Faber 32nd": people),
        competitors with their country or club in brackets ("Marcelo Rios (Chile)", "Foe (Lens)")."""
        out: list[Mention] = []

        def put(start: int, end: int, kind: str, found_by: str) -> None:
            if line[start:end].endswith(".") and len(line[start:end].split()[-1]) > 4:
                end -= 1  # the full stop after "Oakhampton." ends the list, not the name
            span = doc.char_span(offset + start, offset + end)
            if span is None or span.text.split()[0] in RESULT_STOP:
                return
            entry = self.entry_for(span.text, doc, span.start, span.end)
            if entry is not None and entry.kind == "country":
                out.append(Mention(span.start, span.end, span.text, "Place", entry, weight=2, found_by="gazetteer"))
            elif entry is None:
                out.append(Mention(span.start, span.end, span.text, kind, None, weight=2, found_by=found_by))

        for match in FIXTURE.finditer(line):
            put(match.start(1), match.end(1), "Organization", "results-table")
            put(match.start(2), match.end(2), "Organization", "results-table")
        for match in SCORER.finditer(line):
            put(match.start(1), match.end(1), "Person", "results-table")
        for match in BRACKETED.finditer(line):
            inside = match.group(2)
            country = any(e.kind == "country" for e in self.gazetteer.candidates(inside))
            if inside.lower() in self.role_words or inside in RESULT_STOP:
                put(match.start(1), match.end(1), "Person", "results-table")  # "Sean Fitzpatrick (captain)"
            elif country and not re.match(r" \d+ [A-Z]", line[match.end():]):
                put(match.start(1), match.end(1), "Person", "results-table")  # a competitor and the country
            elif not country and (match.group(1).split()[0] in self.given_names or "." in match.group(1)):
                put(match.start(1), match.end(1), "Person", "results-table")
                put(match.start(2), match.end(2), "Organization", "results-table")  # a player and the club
        return out

    def clean(self, ent: Span) -> list[Mention]:
        """Trim an entity to the proper name; split off a bracketed acronym; move titles and role words to the role."""
        doc = ent.doc
        start, end = ent.start, ent.end
        out: list[Mention] = []
        surface = ent.text
        for i in range(start, end - 1) if "\n" in surface or "  " in surface or "\t" in surface else ():
            if "\n" in doc[i].whitespace_ or doc[i + 1].is_space:  # a name never crosses a line break
                end = i + 1
                break
        for i in range(start, end) if "(" in surface else ():
            if doc[i].text == "(":
                inner_end = next((j for j in range(i + 1, min(end + 2, len(doc))) if doc[j].text == ")"), None)
                inner = doc[i + 1:inner_end] if inner_end is not None else doc[i + 1:end]
                if len(inner) == 1 and is_acronym(inner.text):
                    out.append(Mention(inner.start, inner.end, inner.text, LABEL_TYPES[ent.label_], found_by="acronym"))
                end = i
                break
        while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].text in POSSESSIVE or (doc[end - 1].is_punct and doc[end - 1].text != ".")
                               or doc[end - 1].text[:1].isdigit() or doc[end - 1].is_space
                               or doc[end - 1].lower_ in ("of", "and", "in", "for", "the", "at")):
            end -= 1  # "Suu Kyi's", "AL AIN 1996-12-06", "Marcelo Rios of": the name only
        while start < end and doc[start].is_space:
            start += 1
        # a name is capitalised at its edges: common nouns around it are description, not name
        # ("Interfax news agency", "Stansted airport", "senior U.N. official"); name particles stay ("de Klerk")
        trimmed_place_word = False
        while end - start > 1 and _common_word(doc[end - 1]):
            trimmed_place_word = trimmed_place_word or doc[end - 1].lower_ in self.place_words
            end -= 1
        while end - start > 1 and _common_word(doc[start]) and doc[start].lower_ not in self.particles:
            start += 1
        role_tokens: list[Token] = []
        titled = False
        if ent.label_ == "PERSON":
            # titles, role words and nationalities before a name are its role: "Defender Hassan Abbas",
            # "Russian Igor Kolyvanov"
            while start < end - 1 and (doc[start].text in self.titles or doc[start].text.rstrip(".") in self.titles
                                       or doc[start].lower_.rstrip(".") in self.role_words
                                       or self.gazetteer.demonym(doc[start].text) is not None):
                role_tokens.append(doc[start])
                start += 1
        elif ent.label_ == "ORG" and doc[start].text[:1].isupper() and self.is_title(doc[start]) \
                and doc[start].text not in self.title_modifiers:
            # a title the tagger read as an organisation's first word: "General Anatoly Shkirko" is a person,
            # "Minister of Trade and Industry" a role; "General Motors" stays a company
            k = start
            while k < end and (self.is_title(doc[k]) or (doc[k].text == "of" and k > start)):
                k += 1
            rest = doc[k:end]
            if all(t.text in self.portfolio_words for t in rest):
                return out
            if not any(fold(t.text) in self.org_suffixes or fold(t.text) in self.org_heads
                       or t.text in self.facility_heads or t.lower_ in self.place_words for t in rest) \
                    and rest[0].pos_ == "PROPN" and doc[k - 1].text != "of":
                role_tokens = list(doc[start:k])
                start = k
                titled = True
        if ent.label_ == "ORG" and end - start >= 3 and doc[start + 1].text in self.portfolio_words \
                and fold(doc[end - 1].text) in self.org_heads and self.gazetteer.demonym(doc[start].text) is not None:
            start += 1  # "French Interior Ministry": the demonym qualifies the ministry's name (and links France)
        if start >= end:
            return out
        span = doc[start:end]
        text = span.text
        if not any(c.isupper() for c in text) or text.isdigit() or len(text) < 2:
            return out
        if self.gazetteer.demonym(text) is not None:
            return out  # "Russian", "Chechens": a people, linked to its country elsewhere
        first_word = text.split(" ", 1)[0]
        if fold(text) in self.not_actor_names or (first_word in self.portfolio_words
                                                  and self.is_portfolio(doc, start, end)):
            return out  # "the Brexit vote"; "Defence Minister X", "Secretary of State X": part of a role
        if end - start == 1 and text.isupper() and (text in self.currency_codes or spelled_term(doc[start])):
            return out  # "quoted in CZK"; "automated pit trading (APT)"
        entry = self.entry_for(text, doc, start, end)
        if entry is None and (self.sent_starts[start] == 1 or (start > 0 and self.sent_starts[start - 1] == 1)) \
                and self.common_word_opening(doc, start, end):
            return out  # "Barter deals were common", "Rice futures rose": a common noun capitalised by position
        mention_type = entry.type if entry else LABEL_TYPES[ent.label_]
        if entry is not None and entry.homograph and entry.type != mention_type:
            entry = None
        if titled and entry is None:
            mention_type = "Person"
        previous = doc[start - 1].text if start > 0 else ""
        before = previous.lower()
        after_text = doc[end].text if end < len(doc) else ""
        if mention_type != "Place" and entry is None and end - start == 1 and before in LOCATIVE \
                and ent.label_ in ("ORG", "PERSON") and not is_acronym(doc[start].text):
            mention_type = "Place"  # "near Fairview", "in Chelsea": a one-word name after a locative is a place
        evidence: str | None = None
        if end < len(doc) and doc[end].is_lower and doc[end].lower_ in self.place_words:
            trimmed_place_word = True  # the tagger left the place word out: "Kelmsford airport"
        if entry is None and trimmed_place_word:
            mention_type = evidence = "Place"  # "Stansted airport", "Sakai city": the name of the place
        elif entry is None and end - start > 1 and text.rsplit(" ", 1)[-1] in self.facility_heads:
            mention_type = "Place"  # "Leduc Reef", "Vermont Central Hospital"; a vote: "Battle Mountain" is a miner
        elif entry is None and (titled or (((previous[:1].isupper() and before not in ("the", "a", "an"))
                                            or before in self.role_words)
                                           and self.titled_person(doc, start, end))
                                or (after_text in POSSESSIVE and self.eponym(doc, end))):
            mention_type = evidence = "Person"  # "Interior Minister X said in a statement"; "Crohn's disease"
        elif entry is None and self.organisation_evidence(doc, start, end):
            mention_type = evidence = "Organization"
        elif entry is None and mention_type != "Organization" and end < len(doc) \
                and doc[end].lower_ in self.org_after_weak:
            mention_type = "Organization"  # "Microsoft spokesman", but people have spokesmen too: a vote, not a fact
        elif entry is None and ((self.place_evidence(doc, start, end) and mention_type != "Organization")
                                or ((before in self.place_nouns_before or before in ("of", ","))
                                    and self.place_noun_before(doc, start, end))
                                or (after_text == "," and self.place_before_region(doc, end))
                                or (before in self.motion_prepositions and self.destination(span))
                                or (after_text in self.place_nouns_after and self.place_noun_after(doc, end))):
            mention_type = evidence = "Place"
        elif entry is None and self.person_evidence(doc, start, end, ent.label_):
            mention_type = evidence = "Person"
        elif entry is None and mention_type == "Person" and self.not_person_evidence(doc, end):
            mention_type = evidence = "Organization"
        if self.sports and mention_type == "Place" and (entry is None or entry.kind != "country") \
                and self.is_team(doc, doc[start:end]):
            mention_type, entry = "Organization", None  # "Barcelona 2 Real Madrid 1": a club
        elif self.sports and mention_type == "Person" and entry is None and evidence is None \
                and self.team_context(doc, start, end, person=True):
            mention_type = evidence = "Organization"  # "Lens, who have won all their matches", "Leeds manager"
        role = " ".join(t.text for t in role_tokens) or None
        m = Mention(start, end, text, mention_type, entry, role, weight=4 if evidence else 1, evidence=evidence)
        if mention_type == "Person" and role is None:
            m.role = self.role_before(span) or self.role_apposition(span)
        out.append(m)
        return out

    def organisation_evidence(self, doc: Doc, start: int, end: int) -> bool:
        """Context that only an organisation has: a corporate suffix, "shares of X", "X said in a statement",
        "X, a mining company"."""
        if fold(doc[end - 1].text) in self.org_suffixes and end - start > 1:
            return True
        after = [t.lower_ for t in doc[end:end + 5]]
        if after and after[0] in self.org_after:
            return True
        tail = " ".join(after)
        if any(tail.startswith(p) for p in self.org_after_phrases):
            return True
        before = [t.lower_ for t in doc[max(0, start - 4):start]]
        if any(before[-len(p):] == p for p in self.org_before_phrases):
            return True
        # a kind of organisation just before the name: "German group X", "the daily X", "export bank X"
        if start > 0 and doc[start - 1].is_lower and doc[start - 1].lower_ in self.org_nouns_before \
                and doc[start - 1].pos_ == "NOUN":
            return True
        # apposition: "Bre-X, a Calgary-based mining company,"
        if end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in ("a", "an", "the"):
            for t in doc[end + 2:end + 7]:
                if t.text in (",", ".", ";") or "\n" in t.whitespace_:
                    break
                if t.lower_ in self.apposition_heads and t.pos_ == "NOUN":
                    return True
        return False

    def person_evidence(self, doc: Doc, start: int, end: int, label: str) -> bool:
        """Context that marks a person: a known given name opening a name the tagger called an organisation
        ("Arnold Ruutel"), an age in apposition ("Meri, 67,"), a relative "who", a title or role word before."""
        words = doc[start:end]
        if label == "ORG" and end - start >= 2 and words[0].text in self.given_names and words[1].text[:1].isupper() \
                and not any(fold(t.text) in self.org_suffixes or fold(t.text) in self.org_heads
                            or t.lower_ in self.place_words for t in words[1:]):
            return True
        after = doc[end:end + 3]
        if len(after) >= 2 and after[0].text == ",":
            if after[1].lower_ in ("who", "whose", "whom"):
                return True
            if after[1].like_num and after[1].text.isdigit() and 1 <= int(after[1].text) <= 110 and len(after) == 3 \
                    and after[2].text in (",", ")", ".", ";"):
                return True  # "Meri, 67, has been accused"
        if start > 0 and doc[start - 1].lower_ in self.role_words and doc[start - 1].pos_ == "NOUN":
            return True  # "incumbent Lennart Meri", "striker Ronaldo"
        return self.role_before(words) is not None

    @staticmethod
    def not_person_evidence(doc: Doc, end: int) -> bool:
        """A relative "which" after a name refers to a thing: "Cofinec, which operates in Hungary"."""
        after = doc[end:end + 2]
        return len(after) == 2 and after[0].text == "," and after[1].lower_ == "which"

    def is_title(self, t: Token) -> bool:
        """A personal title or rank: "General", "Col", "Crown Prince", "Minister"."""
        return t.text in self.titles or t.text.rstrip(".") in self.titles or t.text in self.name_titles \
            or t.text.rstrip(".") + "." in self.name_titles

    def is_portfolio(self, doc: Doc, start: int, end: int) -> bool:
        """A government portfolio in a title: "Defence" in "Defence Minister", "State" in "Secretary of State"."""
        if doc[start].text not in self.portfolio_words or not doc[start].text[:1].isupper():
            return False
        if not all(t.text in self.portfolio_words for t in doc[start:end]):
            return False
        if end < len(doc) and doc[end].text in self.portfolio_titles:
            return True
        return start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].text in self.portfolio_of_titles

    @staticmethod
    def common_word_opening(doc: Doc, start: int, end: int) -> bool:
        """A sentence opening with a common noun or adjective the tagger took for a name: every word is tagged as a
        common word (NN, NNS, JJ), the first one stands first in its sentence, and the article also writes each
        word in lower case ("Barter deals were common" ... "barter")."""
        first = start
        while first > 0 and doc[first - 1].is_quote and not doc[first].is_sent_start:
            first -= 1
        if doc[start].tag_ not in ("NN", "NNS", "JJ") or not doc[first].is_sent_start \
                or not all(t.tag_ in ("NN", "NNS", "JJ") for t in doc[start:end]):
            return False
        text = text_of(doc)
        return all(re.search(rf"(?<![\w-]){re.escape(t.lower_)}(?![\w-])", text) for t in doc[start:end])

    def place_noun_before(self, doc: Doc, start: int, end: int) -> bool:
        """ "the capital Sarvik", "the coastal town of Belmora", "the cities of X": the noun names the kind of place."""
        nouns = self.place_nouns_before
        if not (start >= 1 and doc[start - 1].lower_ in nouns) \
                and not (start >= 2 and doc[start - 1].text in ("of", ",") and doc[start - 2].lower_ in nouns):
            return False
        last = fold(doc[end - 1].text)
        return last not in self.org_heads and last not in self.org_suffixes  # not "the city of Sarvik Council"

    def place_before_region(self, doc: Doc, end: int) -> bool:
        """ "Lincoln, Nebraska", "Abano, Italy": a name before a comma and a known state or country is a place."""
        if end + 1 >= len(doc) or doc[end].text != ",":
            return False
        for width in (1, 2, 3):
            if end + 1 + width > len(doc):
                break
            span = doc[end + 1:end + 1 + width]
            follow = doc[span.end].text if span.end < len(doc) else "."
            if follow not in (",", ".", ";", ")", "(", "\n") and "\n" not in span[-1].whitespace_:
                continue
            entries = self.gazetteer.candidates(self.forms.get(span.text, span.text))
            if entries and all(e.kind in ("us-state", "country") for e in entries):
                return True
        return False

    def titled_person(self, doc: Doc, start: int, end: int) -> bool:
        """A personal title or an honorific just before a name that has no organisation's word in it:
        "Interior Minister X", "Mr X", "boatman X"."""
        if start == 0:
            return False
        before = doc[start - 1]
        if not before.text[:1].isupper() and before.lower_ not in self.role_words:
            return False  # "said X", "of X": nothing before the name could be a title (the common case)
        words = doc[start:end]
        if any(fold(t.text) in self.org_suffixes or fold(t.text) in self.org_heads for t in words):
            return False
        if before.text.rstrip(".") in ("Mr", "Mrs", "Ms", "Dr", "Mme", "Herr", "Sr", "Sra"):
            return True
        if before.lower_ in self.role_words and before.pos_ == "NOUN":
            return True
        role = self.role_before(words)
        return role is not None and not all(t.text in self.portfolio_words for t in doc[start - 1:start])

    def eponym(self, doc: Doc, end: int) -> bool:
        """ "Crohn's disease": a condition named after a person."""
        return end + 1 < len(doc) and doc[end].text in POSSESSIVE and doc[end + 1].lower_ in self.eponym_nouns

    def place_noun_after(self, doc: Doc, end: int) -> bool:
        """ "Brindle police", "the Marrow peace agreement": the noun after the name makes it a place."""
        noun = doc[end]
        if not noun.is_lower:
            return False
        return noun.lower_ != "peace" or (end + 1 < len(doc) and doc[end + 1].lower_ in self.place_nouns_after)

    def destination(self, span: Span) -> bool:
        """ "head to X", "depart for X": a name after a preposition of direction on a verb of motion."""
        doc = span.doc
        if span.start == 0 or doc[span.start - 1].lower_ not in self.motion_prepositions:
            return False  # the common case: no preposition of direction right before the name
        prep = span.root.head
        return span.root.dep_ == "pobj" and prep.lower_ in self.motion_prepositions \
            and prep.head.pos_ == "VERB" and prep.head.lemma_.lower() in self.motion_verbs

    def place_evidence(self, doc: Doc, start: int, end: int) -> bool:
        """Context that only a place has: "the city of X", "northern X"."""
        before = [t.lower_ for t in doc[max(0, start - 3):start]]
        return any(before[-len(p):] == p for p in self.place_before_phrases)

    def role_before(self, span: Span) -> str | None:
        """Title words just before a name: "Ukrainian President", "U.S. Deputy Ambassador to the U.N."."""
        key = (span.start, span.end)
        if key not in self.roles_before:
            self.roles_before[key] = self._role_before(span)
        return self.roles_before[key]

    def _role_before(self, span: Span) -> str | None:
        doc = span.doc
        j = span.start - 1
        words: list[Token] = []
        while j >= 0 and not doc[j + 1].is_sent_start:  # stay inside the name's sentence
            t = doc[j]
            is_title = t.text in self.titles or t.text.rstrip(".") in self.titles \
                or (t.text.capitalize() in self.titles and (t.pos_ == "NOUN" or bool(words)))  # "chief executive"
            joins_title = t.text in ("of", "to", "for", "the", "and", "on") and bool(words)
            capitalised = t.text[:1].isupper() and t.pos_ in ("PROPN", "ADJ", "NOUN") and not t.is_sent_start
            # the sentence's first word belongs to the title when a title follows: "Union president X"
            opening_demonym = t.is_sent_start and (self.gazetteer.demonym(t.text) is not None
                                                   or t.text in self.forms  # "U.S. Deputy Ambassador"
                                                   or (t.pos_ in ("ADJ", "NOUN", "PROPN") and bool(words)))
            if is_title or joins_title or capitalised or opening_demonym:
                words.insert(0, t)
            else:
                break
            j -= 1
        while words and (words[0].text in ("of", "to", "for", "the", "and", "on") or words[0].is_punct):
            words.pop(0)
        if not any(w.text in self.titles or w.text.rstrip(".") in self.titles or w.text.capitalize() in self.titles
                   for w in words):
            return None
        if all(w.text in ("Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms") for w in words):
            return None
        return doc[words[0].i:words[-1].i + 1].text

    def role_apposition(self, span: Span) -> str | None:
        """ "Robert Wood, the deputy ambassador, said" -> "deputy ambassador"."""
        for child in span.root.children:
            if child.dep_ == "appos" and child.i >= span.end and child.lemma_.lower() in self.role_nouns:
                tokens = [t for t in child.subtree if t.dep_ not in ("det", "punct") and t.i >= span.end]
                if tokens and len(tokens) <= 8:
                    return span.doc[tokens[0].i:tokens[-1].i + 1].text
        return None

    def datelines(self, doc: Doc) -> list[Mention]:
        """ "MINSK 1996-08-30", "WASHINGTON (Reuters) -": the capitalised place opening a dateline."""
        out: list[Mention] = []
        offset = 0
        lines = text_of(doc).split("\n")
        for k, line in enumerate(lines):
            if self.press_review_heading(lines, k):
                span = doc.char_span(offset, offset + len(line.rstrip()), alignment_mode="expand")
                if span is not None and not any(t.text in self.not_datelines for t in span):
                    out.append(Mention(span.start, span.end, span.text, "Organization", weight=2,
                                       found_by="press-review", evidence="Organization"))
                offset += len(line) + 1
                continue
            match = DATELINE.match(line)
            if match and _shouted(line[match.end():]):
                match = None  # "SOCCER - JAPAN GET LUCKY WIN": a headline in capitals, not a dateline
            if match and (len(line) < 80 or not line[match.end():match.end() + 1].isalpha()):
                name = match.group(1)
                if len(name) >= 3 and name.isupper() and name not in self.not_datelines:
                    span = doc.char_span(offset, offset + len(name), alignment_mode="expand")
                    # a dateline's place is followed by a comma, a date, an agency or a dash; a line that is
                    # only a name in capitals is a heading ("LA VOIE", "NOTE")
                    if span is not None and match.end() < len(line):
                        candidates = [e for e in self.gazetteer.candidates(name.title()) if e.type == "Place"]
                        entry = self.context.choose(candidates) if candidates else None
                        out.append(Mention(span.start, span.end, span.text, "Place", entry, weight=2,
                                           found_by="dateline"))
            offset += len(line) + 1
        return out

    @staticmethod
    def press_review_heading(lines: list[str], k: int) -> bool:
        """A press review names each outlet on a line of its own in capitals, its stories listed below it with
        dashes: "LE MATIN" then "- Parliament debates the budget"."""
        line = lines[k].strip()
        if len(line) > 60 or not line.isupper():
            return False  # not a line in capitals (the common case, decided in C)
        words = line.split()
        if not 1 <= len(words) <= 5 or not PRESS_HEADING.fullmatch(line) or len(line.replace(" ", "")) < 4:
            return False
        following = next((x.strip() for x in lines[k + 1:k + 4] if x.strip()), "")
        if PRESS_HEADING.fullmatch(following) or not following:
            return False  # a run of headings in capitals is a table or a headline, not a review
        preceding = next((x.strip() for x in reversed(lines[max(0, k - 3):k]) if x.strip()), "")
        # the stories follow with dashes ("- Parliament debates"), or the outlet comes after a rule ("---")
        if following.startswith(("- ", "* ", "\u2022 ")):
            return not PRESS_HEADING.fullmatch(following[2:].strip())
        return len(preceding) >= 3 and not preceding.strip("-*_ ")

    @staticmethod
    def join_adjacent_people(doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """ "Aung San" + "Suu Kyi" tagged as two names with only a space between are one name."""
        out: list[Mention] = []
        for m in mentions:
            prev = out[-1] if out else None
            adjacent = prev is not None and prev.end == m.start and doc[prev.end - 1].whitespace_ == " "
            # a nickname in brackets between two parts: "James Leander (Leo) Nichols"
            nickname = prev is not None and m.start - prev.end == 3 and doc[prev.end].text == "(" \
                and doc[prev.end + 2].text == ")" and doc[prev.end + 1].text[:1].isupper()
            if prev is not None and prev.type == "Person" and m.entry is None and (adjacent or nickname) \
                    and (m.type == "Person" or adjacent):
                out[-1] = Mention(prev.start, m.end, doc[prev.start:m.end].text, "Person", None, prev.role,
                                  found_by=prev.found_by)
            else:
                out.append(m)
        return out

    # ---------------------------------------------------------------- demonyms

    def find_demonyms(self, doc: Doc, clusters: list[ActorCluster], token_actor: dict[int, int]) -> dict[int, int]:
        """Token index of a demonym ("North Korean") -> index of its country's cluster, when the country is named."""
        by_entry = {c.entry.key: i for i, c in enumerate(clusters) if c.entry is not None}
        out: dict[int, int] = {}
        if not by_entry:
            return out
        # every capitalised demonym, longest first at each start ("North Korean" before "North")
        for _, i, end in sorted(self.demonym_matcher(doc), key=lambda m: (m[1], -m[2])):
            if i in token_actor or i in out or not doc[i].text[:1].isupper():
                continue
            entry = self.gazetteer.demonym(doc[i:end].text)
            if entry is not None and entry.key in by_entry:
                for k in range(i, end):
                    out[k] = by_entry[entry.key]
        return out


def spelled_term(t: Token) -> bool:
    """An acronym in brackets spelled by the lower-case words before it abbreviates a term, not a name:
    "automated pit trading (APT)"; "the peace force (IFOR)" is not spelled so."""
    doc = t.doc
    if not is_acronym(t.text) or t.i < 2 or doc[t.i - 1].text != "(":
        return False
    letters = t.text.replace(".", "").lower().rstrip("s")
    words = doc[max(0, t.i - 1 - len(letters)):t.i - 1]
    return len(words) == len(letters) and all(w.is_lower and w.is_alpha for w in words) \
        and "".join(w.text[0] for w in words) == letters


def _inside_longer_name(doc: Doc, i: int, before: bool = True) -> bool:
    """A capitalised proper noun right before (unless `before` is False) or after token i: "I. Salisbury",
    "Yedioth Ahronoth"."""
    prev = before and i > 0 and not doc[i].is_sent_start and doc[i - 1].text[:1].isupper() \
        and doc[i - 1].pos_ == "PROPN"
    after = i + 1 < len(doc) and doc[i + 1].text[:1].isupper() and doc[i + 1].pos_ == "PROPN" \
        and "\n" not in doc[i].whitespace_
    return bool(prev or after)


def _common_word(token: Token) -> bool:
    """A lower-case word (not a number or a symbol): "agency", "official", "senior"."""
    return token.is_lower and token.is_alpha


def joined_entities(doc: Doc) -> list[Span]:
    """spaCy's entities, with "ORG of PLACE" joined into one organisation ("United Way of Lackawanna County")."""
    ents = list(doc.ents)
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        # an organisation, or an unknown name, "of" a county or province: "United Way of Lackawanna County"
        joins = ent.label_ == "ORG" or (ent.label_ in ("GPE", "LOC") and nxt is not None and nxt[-1].lower_ in
                                        REGION_WORDS and not gazetteer().candidates(ent.text))
        if nxt is not None and joins and nxt.label_ in ("GPE", "LOC") and nxt.start == ent.end + 1 \
                and doc[ent.end].lower_ == "of" and "\n" not in doc[ent.end - 1].whitespace_ + doc[ent.end].whitespace_:
            out.append(Span(doc, ent.start, nxt.end, label="ORG"))
            i += 2
            continue
        out.append(ent)
        i += 1
    return out


def share_coordinated_types(doc: Doc, mentions: list[Mention], coordinators: set[int], teams: bool = False) -> None:
    """Coordinated names are of one kind: "Ljubljana and Maribor", "Heathrow, Gatwick and Stansted airports".
    A name whose type only the tagger gave takes the type of a conjunct whose type is settled (a city or state of
    the gazetteer, a place or organisation shown by its context); countries do not count ("Israel and Hamas"), nor
    do organisations in a sports report, where a national team and a country are named alike (`teams`).
    `coordinators` holds the indices of the commas and coordinators of the Doc."""
    at: dict[int, Mention] = {}
    for m in mentions:
        if m.firm or m.entry is not None:
            continue
        if m.start - 1 not in coordinators and m.end not in coordinators:
            continue  # no comma or coordinator beside the name: no list (the common case)
        if not at:
            at = {i: n for n in mentions for i in range(n.start, n.end)}
        root = doc[m.start:m.end].root
        for conj in root.conjuncts:
            other = at.get(conj.i)
            if other is None or other is m or other.type == m.type or not _listed_together(doc, m, other):
                continue
            if (other.entry is None or other.entry.kind == "country") and other.evidence is None:
                continue  # only a listed city or state, or a type the context showed, is settled
            if other.type == "Organization" and (teams or (m.type == "Person" and len(m.tokens) > 1)):
                continue  # "Acme and its founder Ivo Lund": a full name stays a person
            if other.type in ("Place", "Organization"):
                m.type = m.evidence = other.type
                break


def _listed_together(doc: Doc, a: Mention, b: Mention) -> bool:
    """Only commas, coordinators and other names stand between two mentions: "Heathrow, Gatwick and Stansted"."""
    first, second = (a, b) if a.start < b.start else (b, a)
    between = doc[first.end:second.start]
    return len(between) <= 12 and all(t.text in COORDINATORS or (t.pos_ == "PROPN" and
                                      t.text[:1].isupper()) for t in between)


def mark_bracketed_acronyms(doc: Doc, mentions: list[Mention]) -> None:
    """An acronym in brackets right after a name abbreviates it: "Centers for Disease Control and Prevention (CDC)"."""
    for prev, m in itertools.pairwise(mentions):
        if m.end - m.start == 1 and is_acronym(m.text) and m.start - prev.end == 1 and doc[prev.end].text == "(" \
                and m.end < len(doc) and doc[m.end].text == ")" and prev.text[:1] == m.text[:1] \
                and m.entry is None:
            m.abbreviates = prev.start
