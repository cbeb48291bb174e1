"""The `newsld_references` component: pronoun, title and description mentions resolved to actors.

One left-to-right pass keeps a discourse model of the article's referents (the named actors, and
the unnamed ones it creates). Every referent carries what the text says about it: type, number,
gender (from honorifics, gendered role words, a given-name list, and pronouns already resolved to
it), the roles it was given ("Mayor Tomas Lindqvist", "Lindqvist, the mayor,"), and salience
(when it was last mentioned, whether as the subject of a main clause, whether as a speaker,
whether only inside someone's quotation). A mention is resolved to the best-scoring referent
that agrees with it:
- a pronoun ("he", "its", "they"; "who" in "X, who said") by agreement and salience;
- a title ("the mayor", "the Democratic nominee") through the roles referents were given;
- a description ("the company", "the newspaper") through the name words its head noun stands for
  ("the committee" ~ "Intelligence Committee", "the newspaper" ~ "The Washington Post");
- a descriptive speaker with no named referent ("a bartender said", "analysts said") becomes an
  unnamed actor: Person for a singular human noun, Organization for an organisation noun, Group
  for a plural; a later "the bartender" is the same unnamed actor.
Results: `doc.spans["newsld_references"]` and `doc._.newsld_unnamed` (see NLP_INTERFACE.md).
"""

from __future__ import annotations

import json
import math
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsld.nlp._mentions import REFERENCES, Mention, MentionIndex, name_spans, named_actors, phrase_name
from newsld.nlp.lexicon import fold, lexicon, text_of
from newsld.nlp.quotes import QuoteIndex, find_quotes
from newsld.nlp.speech import SUBJECT_DEPS, build_phrase_matcher, speaker_tokens
from newsld.resources import vocab_path

PRONOUN = "PronounMention"
TITLE = "TitleMention"
DESCRIPTION = "DescriptionMention"
MAIN_CLAUSE_DEPS = frozenset({"ROOT", "conj", "parataxis"})
INDEFINITE = frozenset({"a", "an", "another", "one", "some", "many", "several", "other", "most", "few", "two",
                        "three", "both", "all", "numerous", "various", "certain", "any"})
NP_LEFT_DEPS = frozenset({"det", "amod", "compound", "nummod", "quantmod", "nmod", "poss", "predet", "advmod",
                          "npadvmod"})
IMPERSONAL_VERBS = frozenset({"be", "seem", "appear", "happen", "remain", "become", "take", "make", "rain", "matter"})
AUTHOR_PREPS = ("by", "for", "from", "of", "in")  # a document's maker, most telling first
HEADLINE_PARAGRAPHS = 3  # a headline and a deck or two
PP_HEADS = frozenset({"of", "for", "at", "from", "with", "in", "on"})


@cache
def reference_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(vocab_path("patterns/references.json").read_text(encoding="utf-8"))
    return data


@cache
def given_names() -> dict[str, str]:
    """Given name -> "f" or "m" (references_given_names.json)."""
    data = json.loads(vocab_path("patterns/references_given_names.json").read_text(encoding="utf-8"))
    out = {name: "f" for name in data["female"]}
    out.update({name: "m" for name in data["male"]})
    return out


@dataclass(eq=False)
class Referent:
    """What the text has said so far about one actor."""

    id: str
    type: str
    plural: bool
    gender: str | None = None
    gender_from_pronoun: bool = False
    roles: set[str] = field(default_factory=set)
    name_words: set[str] = field(default_factory=set)
    key: str | None = None  # unnamed actors: the description they were made from, folded
    count: int = 0
    last: int = -1  # token index of the latest mention
    last_sent: int = -1
    last_para: int = -1
    subject_sent: int = -10**6  # sentence of the latest mention as a main-clause subject
    embedded_sent: int = -10**6  # sentence of the latest mention as a subject of an embedded clause
    speaker_sent: int = -10**6  # sentence of the latest mention as a speaker
    outside_quotes: bool = False  # mentioned at least once in the narrative, not only in quotations
    person_like: bool = False  # an organisation whose name reads as a person's (it may take "he"/"she")


@dataclass(frozen=True)
class Settings:
    """Salience weights and limits (the component's config)."""

    window_paragraphs: int
    sentence_decay: float
    paragraph_penalty: float
    main_subject_bonus: float
    embedded_subject_bonus: float
    speaker_bonus: float
    gender_bonus: float
    unknown_gender_penalty: float
    quoted_only_penalty: float
    frequency_weight: float
    descriptions: str  # "all": every resolved description; "speakers": only descriptions that speak


class ReferenceResolver:
    """Resolves pronoun, title and description mentions; creates unnamed speakers."""

    def __init__(self, nlp: Language, settings: Settings) -> None:
        data = reference_data()
        self.settings = settings
        self.pronouns: dict[str, dict[str, str]] = data["pronouns"]
        self.relatives = frozenset(data["relative_pronouns"])
        self.honorifics: dict[str, str] = data["honorifics"]
        self.gendered = {w: g for g, words in data["gendered_nouns"].items() for w in words}
        self.person_nouns = frozenset(data["person_nouns"])
        self.title_nouns = frozenset(data["title_nouns"])
        self.group_nouns = frozenset(data["group_nouns"])
        self.org_nouns: dict[str, list[str]] = data["organization_nouns"]
        self.org_words = frozenset(self.org_nouns) | frozenset(w for words in self.org_nouns.values() for w in words)
        self.document_nouns = frozenset(data["document_nouns"])
        self.author_verbs = frozenset(data["document_author_verbs"])
        self.spokes_nouns = frozenset(data["spokes_nouns"])
        self.definite = frozenset(data["definite_determiners"])
        self.synonyms: dict[str, list[str]] = lexicon()["title_synonyms"]
        self.given = given_names()
        self.quantity_groups = frozenset(data["quantity_groups"])
        self.quantity_persons = frozenset(data["quantity_persons"])
        self.not_speakers = frozenset(data["not_speakers"])
        self.agent_suffixes = tuple(data["agent_suffixes"])
        self.not_agent_nouns = frozenset(data["not_agent_nouns"])
        self.according = build_phrase_matcher(nlp.vocab, "according_phrases")

    # ---------------------------------------------------------------- set-up

    def __call__(self, doc: Doc) -> Doc:
        actors = named_actors(doc)
        names = name_spans(doc)
        index = MentionIndex(doc, references=False)
        quotes = QuoteIndex(find_quotes(text_of(doc)))
        sentence, paragraph = _positions(doc)
        speakers = speaker_tokens(doc, self.according)
        referents = [self.named_referent(doc, k, record, names) for k, record in enumerate(actors)]
        by_id = {r.id: r for r in referents}
        name_starts: dict[int, list[Span]] = {}
        for span in names:
            name_starts.setdefault(span.start, []).append(span)
        state = _Walk(doc, self, referents, by_id, index, quotes, sentence, paragraph, speakers)
        state.name_counts.update(span.id_ for span in names)
        for token in doc:
            for span in name_starts.get(token.i, ()):
                state.saw_name(span)
            if index.at(token.i) is not None:
                continue
            state.visit(token)
        doc.spans[REFERENCES] = sorted(state.spans, key=lambda s: (s.start, s.end))
        doc._.newsld_unnamed = state.unnamed
        return doc

    def named_referent(self, doc: Doc, k: int, record: dict[str, Any], names: list[Span]) -> Referent:
        kind = record["type"]
        ref = Referent(f"n{k}", kind, plural=kind == "Group")
        for form in [record["name"], *record.get("forms", [])]:
            ref.name_words.update(fold(form).replace(".", "").split())
        for role in record.get("roles", []):
            self.add_role(ref, role)
        if kind == "Person":
            ref.gender = self.gender_of_name(record["name"])
        elif kind == "Organization" and self.person_like(record["name"]):
            # "Carly Okafor" typed an organisation: a given name and a surname still take "she"/"he"
            ref.gender, ref.person_like = self.gender_of_name(record["name"]), True
        return ref

    def person_like(self, name: str) -> bool:
        """A two- or three-word name that opens with a given name and holds no organisation word."""
        words = name.split()
        return 2 <= len(words) <= 3 and words[0] in self.given and all(
            w[:1].isupper() and fold(w).rstrip(".") not in self.org_words for w in words)

    def add_role(self, ref: Referent, role: str) -> None:
        words = {w.rstrip(".") for w in fold(role).split()}
        for w in list(words):
            words.update(self.synonyms.get(w, ()))
            words.update(self.synonyms.get(w + ".", ()))
        ref.roles.update(words)
        if ref.type == "Person" and not ref.gender_from_pronoun:
            for w in words:
                gender = self.gendered.get(w)
                if gender is not None:
                    ref.gender = gender

    def gender_of_name(self, name: str) -> str | None:
        words = name.split()
        for w in words[:-1] or words:
            honorific = self.honorifics.get(w)
            if honorific is not None:
                return honorific
            if len(w.rstrip(".")) > 1:
                return self.given.get(w.split("-")[0].capitalize() if w.isupper() else w.split("-")[0])
        return None


class _Walk:
    """The left-to-right pass: updates referents at name mentions, resolves everything else."""

    def __init__(self, doc: Doc, resolver: ReferenceResolver, referents: list[Referent], by_id: dict[str, Referent],
                 index: MentionIndex, quotes: QuoteIndex, sentence: list[int], paragraph: list[int],
                 speakers: dict[int, Token]) -> None:
        self.doc = doc
        self.r = resolver
        self.s = resolver.settings
        self.referents = referents
        self.by_id = by_id
        self.index = index
        self.quotes = quotes
        self.sentence = sentence
        self.paragraph = paragraph
        self.speakers = speakers
        self.active: OrderedDict[str, Referent] = OrderedDict()  # mentioned so far, most recent last
        self.spans: list[Span] = []
        self.unnamed: list[dict[str, Any]] = []
        self.unnamed_by_key: dict[str, Referent] = {}
        self.unnamed_by_head: dict[tuple[str, str], list[tuple[frozenset[str], Referent]]] = {}
        self.document_authors: dict[str, str] = {}  # document noun -> actor id of who issued it
        self.name_counts: Counter[str] = Counter()  # name mentions per actor id, set by the resolver

    # ---------------------------------------------------------------- state

    def touch(self, ref: Referent, head: Token, start: int) -> None:
        """Record a mention of `ref` whose syntactic head is `head`."""
        i = head.i
        ref.count += 1
        ref.last = max(ref.last, i)
        ref.last_sent = self.sentence[i]
        ref.last_para = self.paragraph[i]
        in_quote = self.quotes.inside(self.doc[start].idx)
        if not in_quote:
            ref.outside_quotes = True
        role_head = _argument_head(head)
        if role_head.dep_ in SUBJECT_DEPS and not in_quote:
            verb = role_head.head
            if verb.dep_ in MAIN_CLAUSE_DEPS or (verb.dep_ == "ccomp" and verb.head.dep_ == "ROOT"
                                                  and self.speakers.get(role_head.i) is not None):
                ref.subject_sent = self.sentence[i]
            else:
                ref.embedded_sent = self.sentence[i]
        if role_head.i in self.speakers and not in_quote:
            ref.speaker_sent = self.sentence[i]
        self.active[ref.id] = ref
        self.active.move_to_end(ref.id)

    def saw_name(self, span: Span) -> None:
        ref = self.by_id.get(span.id_)
        if ref is None:
            return
        doc = self.doc
        if ref.type == "Person" and ref.gender is None and span.start > 0:
            ref.gender = self.r.honorifics.get(doc[span.start - 1].text)
        self.learn_roles(ref, span)
        self.touch(ref, span.root, span.start)

    def learn_roles(self, ref: Referent, span: Span) -> None:
        """Roles given in apposition: "Lindqvist, the mayor," and "the mayor, Tomas Lindqvist,"."""
        root = span.root
        for child in root.children:
            if child.dep_ == "appos" and child.pos_ == "NOUN" and child.i >= span.end:
                self.r.add_role(ref, " ".join(t.text for t in child.subtree if t.dep_ in ("amod", "compound")
                                              and t.head == child) + " " + child.lemma_)
        if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < span.start:
            head = root.head
            self.r.add_role(ref, " ".join(t.text for t in head.children if t.dep_ in ("amod", "compound"))
                            + " " + head.lemma_)

    # ---------------------------------------------------------------- mentions

    def visit(self, token: Token) -> None:
        lower = token.lower_
        if (lower in self.r.pronouns and token.pos_ == "PRON") or (lower in ("his", "her", "its", "their")
                                                                 and token.dep_ == "poss"):
            self.pronoun(token)
        elif lower in self.r.relatives and token.dep_ in SUBJECT_DEPS and token.head.dep_ == "relcl":
            self.relative(token)
        elif token.i in self.speakers and self.quantity(token):
            return
        elif token.pos_ in ("NOUN", "PROPN") and token.dep_ not in ("compound", "amod"):
            # a PROPN here is a common noun the tagger capitalised ("Police said"): names are already taken
            self.description(token)
        elif lower == "old" and token.i in self.speakers and any(c.lemma_ == "year" for c in token.children):
            self.description(token)  # "said the 46-year-old": an age standing for a person

    def quantity(self, token: Token) -> bool:
        """A speaker counted rather than described ("21 percent said", "six in 10 say", "many argue",
        "one of the organisers said"): an unnamed group, or an unnamed person for "one", "someone"."""
        r = self.r
        lower = token.lower_
        if any(c.lower_ in r.not_speakers or c.dep_ == "neg" for c in token.lefts) or lower in r.not_speakers:
            return False
        person = lower in r.quantity_persons and not any(c.dep_ == "prep" and c.lower_ == "in" for c in token.rights)
        if not (person or lower in r.quantity_groups or token.lemma_.lower() in r.quantity_groups
                or (token.like_num and token.pos_ in ("NUM", "NOUN"))):
            return False
        start, end = self.extent(token)
        self.unnamed_speaker(token, lower, "person" if person else "quantity", not person, start, end)
        return True

    def add(self, start: int, end: int, kind: str, ref: Referent, head: Token) -> None:
        span = Span(self.doc, start, end, label=kind, span_id=ref.id)
        self.spans.append(span)
        self.index.add_span(span, kind)
        self.touch(ref, head, start)

    def pronoun(self, token: Token) -> None:
        features = self.r.pronouns.get(token.lower_)
        if features is None:
            return
        if token.lower_ == "it" and (token.dep_ == "expl" or token.head.lemma_.lower() in IMPERSONAL_VERBS):
            return  # "it is clear that …", "it seems": no referent
        ref = self.best_for_pronoun(token, features)
        if ref is not None:
            self.add(token.i, token.i + 1, PRONOUN, ref, token)

    def relative(self, token: Token) -> None:
        """ "the senator, who said …": the relative pronoun refers to the noun its clause describes."""
        head = token.head.head
        mention = self.index.at(head.i)
        if mention is None:
            return
        ref = self.by_id.get(mention.actor)
        if ref is not None:
            self.add(token.i, token.i + 1, PRONOUN, ref, token)

    def best_for_pronoun(self, token: Token, features: dict[str, str]) -> Referent | None:
        s = self.s
        sent, para = self.sentence[token.i], self.paragraph[token.i]
        gender, plural = features.get("gender"), features.get("number") == "pl"
        reflexive = token.lower_.endswith(("self", "selves"))
        speaking = token.i in self.speakers
        in_quote = self.quotes.inside(token.idx)
        blocked = self.coarguments(token) if not reflexive else set()
        scored: list[tuple[float, Referent]] = []
        for ref in reversed(self.active.values()):
            if para - ref.last_para > s.window_paragraphs:
                break
            if ref.id in blocked or not self.agrees(ref, gender, plural):
                continue
            score = -s.sentence_decay * min(sent - ref.last_sent, 12) - s.paragraph_penalty * (para - ref.last_para)
            score += s.main_subject_bonus * 0.7 ** max(0, sent - ref.subject_sent)
            score += s.embedded_subject_bonus * 0.7 ** max(0, sent - ref.embedded_sent)
            if speaking:
                score += s.speaker_bonus * 0.8 ** max(0, sent - ref.speaker_sent)
            if gender in ("m", "f"):
                score += s.gender_bonus if ref.gender == gender else -s.unknown_gender_penalty
            if not in_quote and not ref.outside_quotes:
                score -= s.quoted_only_penalty
            if ref.type == "Organization" and plural:
                score -= 1.0  # "they" for a company is possible, for a group likelier
            if ref.type == "Place" and gender == "n":
                score -= 0.5
            score += s.frequency_weight * math.log1p(ref.count)
            scored.append((score, ref))
        if not scored:
            return None
        scored.sort(key=lambda x: -x[0])
        best = scored[0][1]
        margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 3.0
        if best.type == "Person" and best.gender is None and gender in ("m", "f") and margin >= 1.0:
            best.gender, best.gender_from_pronoun = gender, True
        return best

    @staticmethod
    def agrees(ref: Referent, gender: str | None, plural: bool) -> bool:
        if gender in ("m", "f"):
            if ref.person_like:
                return ref.gender == gender
            return ref.type == "Person" and not ref.plural and ref.gender in (gender, None)
        if gender == "n":
            return ref.type in ("Organization", "Place") and not ref.plural
        if plural:
            return ref.plural or ref.type == "Organization"
        return False

    def coarguments(self, token: Token) -> set[str]:
        """Actors named as another argument of the pronoun's own verb: "he told Smith" is not Smith."""
        head = _argument_head(token)
        if head.dep_ not in SUBJECT_DEPS | {"dobj", "iobj", "dative", "pobj"} or token.dep_ == "poss":
            return set()
        verb = head.head if head.dep_ != "pobj" else head.head.head
        out: set[str] = set()
        for child in verb.children:
            if child == head or child.dep_ not in SUBJECT_DEPS | {"dobj", "iobj", "dative"}:
                continue
            mention = self.index.at(child.i)
            if mention is not None:
                out.add(mention.actor)
        return out

    # ---------------------------------------------------------------- descriptions

    def description(self, token: Token) -> None:
        r = self.r
        lower = token.lower_
        lemma = token.lemma_.lower() if token.pos_ == "NOUN" else lower
        if token.pos_ == "ADJ":
            lemma = lower = "year-old"
        plural = token.tag_ in ("NNS", "NNPS") or lower in r.group_nouns
        # "the congressman's spokesman said": the one a spokesperson speaks for is in focus too
        speaking = token.i in self.speakers or (token.dep_ == "poss" and token.head.i in self.speakers
                                                and token.head.lemma_.lower() in r.spokes_nouns)
        kind = self.noun_class(lemma, lower, plural, speaking)
        if kind is None and not (speaking and token.pos_ == "PROPN"):
            return
        det = next((c for c in token.children if c.dep_ in ("det", "predet")), None)
        if kind is None:
            if not ((det is not None and not plural) or token.tag_ == "NNPS"):
                return
            kind = "person"  # "the Texan said", "added a Lakeside Democrat", "Millennials say": a capitalised noun
        possessor = next((c for c in token.children if c.dep_ == "poss"), None)
        if possessor is not None and (possessor.pos_ in ("PRON", "PROPN") or self.index.at(possessor.i) is not None
                                      or lemma in r.spokes_nouns):
            return  # "his campaign", "Ukraine's delegation": the possessor carries the reference
        # (a common-noun possessor does not: "the state's governor" is the governor)
        if speaking and lemma in r.spokes_nouns and self.owner(token) is not None:
            return  # "a spokesman for the ministry": the ministry speaks
        if phrase_name(token, self.index, self.person_or_organization) is not None:
            return  # "a woman, Vera Holt", "the speaker, Semyon Sharetsky": the name refers
        named_inside = any(self.named(t, ("Person", "Organization")) for t in token.lefts)
        definite = (det is not None and det.lower_ in r.definite) or possessor is not None
        start, end = self.extent(token)
        if kind == "document":
            self.document(token, lemma, definite, start, end)
            return
        if definite and not plural and not named_inside:
            ref = self.resolve_description(token, lemma, kind, speaking)
            if ref is not None:
                if speaking or self.s.descriptions == "all":
                    self.add(start, end, TITLE if kind == "person" else DESCRIPTION, ref, token)
                return
        if not speaking:
            return
        singular = token.tag_ == "NN" or (token.tag_ == "NNP" and token.left_edge.is_sent_start)
        if kind == "person" and det is None and possessor is None and singular and not named_inside \
                and self.paragraph[token.i] < HEADLINE_PARAGRAPHS:
            # headlinese drops the article: "Lawmaker urges …", "Member of panel says …" is the story's protagonist
            ref = self.protagonist()
            if ref is not None:
                self.add(start, end, TITLE, ref, token)
                return
        if definite or plural or det is None or det.lower_ in INDEFINITE or named_inside:
            self.unnamed_speaker(token, lemma, kind, plural, start, end)

    def protagonist(self) -> Referent | None:
        """The person the article names most often (at least twice), if one stands out."""
        counts = self.name_counts
        people = sorted((ref for ref in self.referents if ref.type == "Person" and counts.get(ref.id, 0) >= 2),
                        key=lambda ref: -counts[ref.id])
        if not people or (len(people) > 1 and counts[people[1].id] == counts[people[0].id]):
            return None
        return people[0]

    def person_or_organization(self, mention: Mention) -> bool:
        ref = self.by_id.get(mention.actor)
        return ref is not None and ref.type in ("Person", "Organization")

    def named(self, token: Token, types: tuple[str, ...]) -> bool:
        """Whether a name mention of an actor of one of `types` covers `token`."""
        mention = self.index.at(token.i)
        if mention is None or mention.kind != "NameMention":
            return False
        ref = self.by_id.get(mention.actor)
        return ref is not None and ref.type in types

    def noun_class(self, lemma: str, lower: str, plural: bool, speaking: bool) -> str | None:
        r = self.r
        if lemma in r.org_nouns or lower in r.org_nouns:
            return "organization"
        if lemma in r.document_nouns:
            return "document"
        if lemma in r.person_nouns or lemma in r.title_nouns or lower in r.group_nouns or lemma in r.gendered:
            return "person"
        if speaking and any(lemma in ref.roles for ref in self.referents if ref.type == "Person"):
            return "person"  # a word the text gave someone as a title ("Admiral Lund … the admiral said")
        if speaking and lemma not in r.not_agent_nouns and lower.endswith(r.agent_suffixes) \
                and not lower.endswith(("ment", "ments")):
            return "person"  # the one who speaks is an agent: "the bartender", "a consultant", "protesters"
        return None

    def owner(self, token: Token) -> str | None:
        """The actor a spokesperson speaks for: "a spokesman for the ministry", "an aide to Smith"."""
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "to", "at", "with"):
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                mention = self.index.at(obj.i) if obj is not None else None
                if mention is not None:
                    return mention.actor
        return None

    def extent(self, token: Token) -> tuple[int, int]:
        """The description's tokens: its determiner and modifiers, and one short "of/for/at …" phrase."""
        start = token.i
        for child in token.lefts:
            if child.dep_ in NP_LEFT_DEPS:
                start = min(start, child.left_edge.i)
        end = token.i + 1
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ in PP_HEADS:
                right = child.right_edge.i + 1
                if right - token.i <= 12 and not any(t.is_punct and t.text != "," for t in self.doc[token.i:right]):
                    end = right
                break
        while start < token.i and (self.doc[start].is_punct or self.doc[start].is_space):
            start += 1
        return start, end

    def recent(self, first_paragraph: int) -> list[Referent]:
        """The referents mentioned since `first_paragraph`, most recent first."""
        out: list[Referent] = []
        for ref in reversed(self.active.values()):
            if ref.last_para < first_paragraph:
                break
            out.append(ref)
        return out

    def resolve_description(self, token: Token, lemma: str, kind: str, speaking: bool) -> Referent | None:
        """A definite description to the referent it names: by role, by the name words it stands for,
        else (for a speaker) the most salient referent of the right type."""
        para = self.paragraph[token.i]
        modifiers = {fold(c.text) for c in token.lefts if c.dep_ in ("amod", "compound")}
        gender = self.r.gendered.get(lemma)
        candidates = self.recent(para - self.s.window_paragraphs - 2)
        if kind == "person":
            titled = [ref for ref in candidates if ref.type == "Person" and lemma in ref.roles
                      and (gender is None or ref.gender in (gender, None))]
            if titled:
                return max(titled, key=lambda ref: (len(modifiers & ref.roles), ref.last))
            if speaking:  # "the mayor said", "the fighter said": anaphoric, to the person in focus
                people = [ref for ref in candidates if ref.type == "Person" and ref.key is None
                          and para - ref.last_para <= 1 and (gender is None or ref.gender in (gender, None))]
                if people:
                    return max(people, key=lambda ref: (ref.subject_sent, ref.speaker_sent, ref.last))
            return None
        cue_words = set(self.r.org_nouns.get(lemma, [lemma]))
        cue_words.add(lemma)
        orgs = [ref for ref in candidates if ref.type == "Organization" and ref.key is None]
        matching = [ref for ref in orgs if ref.name_words & cue_words]
        if matching:
            return max(matching, key=lambda ref: ref.last)
        if lemma in ("company", "firm", "group", "organization", "organisation") and orgs:
            return orgs[0]
        return None

    def document(self, token: Token, lemma: str, definite: bool, start: int, end: int) -> None:
        """A document speaks for its maker: "a report by X", "a poll conducted for X by Y", "an article
        in X", "X issued a statement … The statement said", "X said in a statement … the statement said"."""
        author = self.document_author(token)
        if author is None and (token.dep_ == "dobj" or (token.dep_ == "pobj" and token.head.lower_ == "in")):
            verb = token.head if token.dep_ == "dobj" else token.head.head
            subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
            mention = self.index.at(subject.i) if subject is not None else None
            if mention is not None:
                self.document_authors[lemma] = mention.actor
        if author is None and definite:
            author = self.document_authors.get(lemma)
        if author is not None and token.i in self.speakers:
            ref = self.by_id.get(author)
            if ref is not None:
                self.add(start, end, DESCRIPTION, ref, token)

    def document_author(self, token: Token) -> str | None:
        """The person or organisation a document phrase names as its maker: "by X" on the noun or on a
        participle of making ("conducted by X", "released by X"), else "for", "from", "of" or "in" X."""
        found: dict[str, str] = {}
        heads = [token] + [c for c in token.children if c.dep_ == "acl" and c.lemma_.lower() in self.r.author_verbs]
        for head in heads:
            for prep in head.children:
                word = prep.lower_
                if prep.dep_ not in ("prep", "agent") or word not in AUTHOR_PREPS or word in found \
                        or (word == "in" and head is not token):
                    continue
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is None:
                    continue
                if word == "of" and obj.lemma_.lower() in self.r.document_nouns:
                    inner = self.document_author(obj)  # "results of a poll conducted by X"
                    if inner is not None:
                        found[word] = inner
                    continue
                mention = self.index.at(obj.i)
                if mention is None and word == "by":
                    mention = phrase_name(obj, self.index, self.person_or_organization)
                if mention is not None and mention.kind == "NameMention" and self.person_or_organization(mention):
                    found[word] = mention.actor
        return next((found[w] for w in AUTHOR_PREPS if w in found), None)

    def unnamed_speaker(self, token: Token, lemma: str, kind: str, plural: bool, start: int, end: int) -> None:
        """A descriptive speaker with no named referent: an unnamed actor (one per description)."""
        doc = self.doc
        if self.quotes.inside(doc[start].idx):
            return  # "“The people have asked us …,” he said": the quoted speaker's words, not the article's
        words = [t for t in doc[start:end] if not (t.i < token.i and t.dep_ in ("det", "predet"))]
        if not words or len(words) > 8:
            return
        name = doc[words[0].i:end].text
        modifiers = frozenset(fold(t.lemma_) for t in words if t.i < token.i)
        key = fold(f"{kind} {lemma} {' '.join(sorted(modifiers))}")
        ref = self.unnamed_by_key.get(key)
        if ref is None:
            # "U.S. defense officials" and later "defense officials" (or "officials") are one group
            for earlier_modifiers, earlier in reversed(self.unnamed_by_head.get((kind, lemma), [])):
                if modifiers <= earlier_modifiers or earlier_modifiers <= modifiers:
                    ref = earlier
                    break
        if ref is None:
            actor_type = "Organization" if kind == "organization" else ("Group" if plural or kind == "quantity"
                                                                        else "Person")
            ref = Referent(f"u{len(self.unnamed)}", actor_type, plural=plural, key=key,
                           gender=self.r.gendered.get(lemma))
            self.unnamed_by_key[key] = ref
            self.unnamed_by_head.setdefault((kind, lemma), []).append((modifiers, ref))
            self.by_id[ref.id] = ref
            det = doc[start].lower_ if doc[start].dep_ == "det" else ""
            confidence = 0.7 if det in self.r.definite else 0.8
            self.unnamed.append({"type": actor_type, "name": name, "confidence": confidence,
                                 "found_by": "descriptive-speaker"})
        self.add(start, end, TITLE if kind == "person" and lemma in self.r.title_nouns and not plural
                 else DESCRIPTION, ref, token)


def _argument_head(token: Token) -> Token:
    """The token that carries a mention's grammatical role: "Smith" in "Senator Paul Smith" -> "Smith"."""
    head = token
    while head.dep_ in ("compound", "flat", "appos", "amod", "nmod") and head.head != head:
        head = head.head
    return head


def _positions(doc: Doc) -> tuple[list[int], list[int]]:
    """Sentence and paragraph number of every token (a paragraph ends at a space token holding a line break)."""
    if len(doc) == 0:
        return [], []
    starts = doc.to_array(SENT_START) == 1
    starts[0] = False
    breaks = numpy.zeros(len(doc), dtype=bool)
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist():  # only space tokens are read as text
        breaks[i] = "\n" in doc[i].text
    return numpy.cumsum(starts).tolist(), numpy.cumsum(breaks).tolist()


@Language.factory(
    "newsld_references",
    requires=["doc._.newsld_actors", "token.dep", "token.pos", "token.lemma", "token.tag"],
    assigns=["doc.spans", "doc._.newsld_unnamed"],
    default_config={"window_paragraphs": 3, "sentence_decay": 0.6, "paragraph_penalty": 0.4,
                    "main_subject_bonus": 1.5, "embedded_subject_bonus": 0.6, "speaker_bonus": 1.5,
                    "gender_bonus": 0.6, "unknown_gender_penalty": 0.2, "quoted_only_penalty": 1.0,
                    "frequency_weight": 0.25, "descriptions": "speakers"},
)
def make_reference_resolver(nlp: Language, name: str, window_paragraphs: int, sentence_decay: float,
                            paragraph_penalty: float, main_subject_bonus: float, embedded_subject_bonus: float,
                            speaker_bonus: float, gender_bonus: float, unknown_gender_penalty: float,
                            quoted_only_penalty: float, frequency_weight: float,
                            descriptions: str) -> ReferenceResolver:
    if not Doc.has_extension("newsld_unnamed"):
        Doc.set_extension("newsld_unnamed", default=None)
    if descriptions not in ("all", "speakers"):
        raise ValueError(f"newsld_references: descriptions must be 'all' or 'speakers', not {descriptions!r}")
    return ReferenceResolver(nlp, Settings(window_paragraphs, sentence_decay, paragraph_penalty,
                                           main_subject_bonus, embedded_subject_bonus, speaker_bonus, gender_bonus,
                                           unknown_gender_penalty, quoted_only_penalty, frequency_weight,
                                           descriptions))
