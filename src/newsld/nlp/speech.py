"""Speech acts: which tokens are reporting cues, and who speaks through them.

Shared by `newsld_references` (a descriptive speaker becomes an unnamed actor) and
`newsld_claims` (the speaker is the claimant), so that both read the same speaker for a cue.
The cue words and dependency patterns are data: vocab/patterns/attribution_cues.json and
vocab/patterns/attribution_patterns.json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy
from spacy.attrs import POS
from spacy.matcher import DependencyMatcher, Matcher
from spacy.parts_of_speech import AUX, VERB
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from newsld.resources import vocab_path

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_VERB_POS = numpy.array([VERB, AUX], dtype="uint64")
# a cue's clause hangs from another clause: climb to find the speaker ("went on to say", "saying")
CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "dep", "parataxis", "prep"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
QUOTE_MARKS = frozenset({"“", "”", '"', "''", "``", "«", "»", "„"})
# clauses a reporting verb frames a quotation from: the main clause, or one the parser set beside or under it
FRAME_DEPS = frozenset({"ROOT", "parataxis", "ccomp"})
# passive forms of these verbs make their subject the one spoken to ("reporters were told")
ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "brief", "remind", "warn", "advise", "notify", "ask",
                             "reassure", "urge"})


@cache
def cue_data() -> dict[str, Any]:
    """The cue lists (attribution_cues.json)."""
    data: dict[str, Any] = json.loads(vocab_path("patterns/attribution_cues.json").read_text(encoding="utf-8"))
    return data


def _expand(value: Any, lists: dict[str, Any]) -> Any:
    """Replace every "$name" string in a pattern by the list `name` of the cue data."""
    if isinstance(value, str) and value.startswith("$"):
        return sorted(lists[value[1:]])
    if isinstance(value, dict):
        return {k: _expand(v, lists) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, lists) for v in value]
    return value


@cache
def dependency_patterns() -> dict[str, list[list[dict[str, Any]]]]:
    """The attribution DependencyMatcher patterns, by name, with the cue lists filled in."""
    raw = json.loads(vocab_path("patterns/attribution_patterns.json").read_text(encoding="utf-8"))
    lists = cue_data()
    return {name: _expand(patterns, lists) for name, patterns in raw["patterns"].items()}


def build_dependency_matcher(vocab: Vocab) -> DependencyMatcher:
    matcher = DependencyMatcher(vocab)
    for name, patterns in dependency_patterns().items():
        matcher.add(name, patterns)
    return matcher


def build_phrase_matcher(vocab: Vocab, key: str) -> Matcher:
    """A token Matcher for one list of token patterns of the cue data ("according_phrases")."""
    matcher = Matcher(vocab)
    matcher.add(key, cue_data()[key])
    return matcher


@dataclass(frozen=True)
class Cues:
    """The reporting-cue lexicon, as sets."""

    speech: frozenset[str]
    quote_only: frozenset[str]
    object_content: frozenset[str]
    nouns: frozenset[str]
    not_asserting: frozenset[str]
    aspect: frozenset[str]
    particles: dict[str, str]

    def is_cue(self, token: Token, *, quotation: bool = False) -> bool:
        """A reporting verb ("said", "warned"); with `quotation`, also verbs that only frame quotes ("laughed")."""
        if token.pos_ not in ("VERB", "AUX"):
            return False
        lemma = token.lemma_.lower()
        return lemma in self.speech or (quotation and lemma in self.quote_only)

    def lemma(self, token: Token) -> str:
        """The cue's lemma, with its particle when it has one ("point out", "go on")."""
        lemma = token.lemma_.lower()
        particle = self.particles.get(lemma)
        if particle is not None and any(c.dep_ == "prt" and c.lower_ == particle for c in token.children):
            return f"{lemma} {particle}"
        return lemma

    def asserted(self, verb: Token) -> bool:
        """False for negated or unrealised reporting ("has not denied", "declined to confirm") and for
        the connective "That said, …" (nevertheless), which reports nothing."""
        if any(c.dep_ == "neg" for c in verb.children):
            return False
        doc = verb.doc
        if verb.lower_ == "said" and 0 < verb.i < len(doc) - 1 and doc[verb.i - 1].lower_ == "that" \
                and doc[verb.i - 1].is_sent_start and doc[verb.i + 1].text == ",":
            return False
        node = verb
        while node.dep_ == "conj" and node.head != node:
            node = node.head
        if node.dep_ == "xcomp" and node.head != node:
            head = node.head.lemma_.lower()
            if head in self.aspect:
                return True  # "continued to insist", "went on to say"
            if head in self.not_asserting or any(c.lower_ == "to" and c.dep_ == "aux" for c in node.children):
                return False
        return True


@cache
def cues() -> Cues:
    data = cue_data()
    return Cues(frozenset(data["speech_verbs"]), frozenset(data["quote_verbs"]),
                frozenset(data["object_content_verbs"]), frozenset(data["speech_nouns"]),
                frozenset(data["not_asserting"]), frozenset(data["aspect_verbs"]), dict(data["particle_cues"]))


def speaker_of(verb: Token) -> Token | None:
    """The speaker of a reporting verb: its subject (inverted or not), the noun a relative clause
    describes, the agent of a passive, or the speaker of the clause it hangs from."""
    lexicon = cues()
    node = verb
    for step in range(5):
        # "“The people who …,” Tester said": a subject inside the quotation is not the speaker
        subjects = [c for c in node.children if c.dep_ in SUBJECT_DEPS and not _cut_off(c, node)]
        if len(subjects) > 1:
            # "…, which he argued seeks …": the relative pronoun is the complement's subject, not the speaker
            subjects = [c for c in subjects if c.lower_ not in RELATIVE_PRONOUNS] or subjects
        subject = subjects[0] if subjects else None
        if subject is None and step == 0 and verb.dep_ in FRAME_DEPS:
            fallback = _inverted_speaker(verb) or _adjacent_speaker(verb)
            if fallback is not None:
                return fallback
        if subject is not None:
            if subject.dep_ == "nsubjpass" and node.lemma_.lower() in ADDRESSEE_VERBS | lexicon.speech:
                return _agent(node)  # "reporters were told by the mayor": the mayor; "it was said": no one
            if subject.lower_ in RELATIVE_PRONOUNS and node.dep_ == "relcl":
                return subject  # "the senator, who said …": the relative pronoun stands for the senator
            return subject
        agent = _agent(node)
        if agent is not None:
            return agent
        if node.dep_ == "relcl" and node.head != node:
            return node.head  # "officials familiar with the talks, speaking on condition …"
        if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return node.head  # "a statement issued by …" is handled by the agent; "X, saying …" here
        if node.dep_ in ("conj", "advcl") and node.head.dep_ == "ccomp" and lexicon.is_cue(node.head.head):
            node = node.head.head  # "said that A and suggested that B": the first speaker
            continue
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head.dep_ == "ccomp" \
                and lexicon.is_cue(node.head.head.head):
            node = node.head.head.head  # "said A before claiming that B": the first speaker
            continue
        if node.dep_ not in CLIMB_DEPS or node.head == node:
            return None
        node = node.head
    return None


def _cut_off(subject: Token, verb: Token) -> bool:
    """A quotation mark between the subject's phrase and its verb leaves a quotation open: the parser
    took a word of the quotation for the subject ("“… people …,” she said"); a title quoted inside
    the subject's phrase ("X, host of “Morning Talk,” said") closes where it opened."""
    doc = verb.doc
    before = subject.i < verb.i
    between = range(subject.right_edge.i + 1, verb.i) if before else range(verb.i + 1, subject.left_edge.i)
    if not any(doc[i].text in QUOTE_MARKS for i in between):
        return False
    # the phrase's own words: a mark the parser hung on its edge is the quotation's, not the phrase's
    first, last = subject.left_edge.i, subject.right_edge.i
    while first < subject.i and doc[first].is_punct:
        first += 1
    while last > subject.i and doc[last].is_punct:
        last -= 1
    phrase = doc[first:verb.i] if before else doc[verb.i + 1:last + 1]
    return not _balanced(phrase.text)


def _balanced(text: str) -> bool:
    """Every quotation opened in `text` is closed in it."""
    return text.count("“") == text.count("”") and text.count("«") == text.count("»") \
        and text.count('"') % 2 == 0 and text.count("''") % 2 == 0


def _inverted_speaker(verb: Token) -> Token | None:
    """Inverted reporting clause after a quotation or at a sentence start: "“…?” asked Mr. Lund",
    "Continued Lund: “…”" — the parser reads the speaker as the verb's object."""
    doc = verb.doc
    before = verb.i - 1
    while before >= verb.sent.start and doc[before].text == ",":
        before -= 1
    if before >= verb.sent.start and not (doc[before].text in QUOTE_MARKS or doc[before].text in "?!"):
        return None
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr", "npadvmod", "dative") and child.pos_ in ("PROPN", "NOUN") \
                and child.i - verb.i <= 5:
            return child
        if child.dep_ not in ("punct", "advmod", "prt"):
            break
    return None


def _adjacent_speaker(verb: Token) -> Token | None:
    """A subjectless finite reporting verb right after a noun phrase the parser attached elsewhere
    ("…, former president Ada Lund said …" read as an apposition): that phrase is the speaker."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i == verb.sent.start:
        return None
    token = verb.doc[verb.i - 1]
    if token.pos_ not in ("PROPN", "NOUN") or token.head == verb or token.dep_ in ("compound", "poss"):
        return None
    return token


def _agent(verb: Token) -> Token | None:
    """The object of a passive's "by": "a claim made by the ministry"."""
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    if by is None:
        return None
    return next((c for c in by.children if c.dep_ == "pobj"), None)


def speaker_tokens(doc: Doc, according: Matcher) -> dict[int, Token]:
    """Every speaker position in the doc: token index of the speaker's head -> the cue token."""
    lexicon = cues()
    out: dict[int, Token] = {}
    verbs = numpy.flatnonzero(numpy.isin(doc.to_array(POS), _VERB_POS)).tolist()  # is_cue needs VERB or AUX
    for i in verbs:
        token = doc[i]
        if lexicon.is_cue(token, quotation=True) and lexicon.asserted(token):
            speaker = speaker_of(token)
            if speaker is not None:
                out.setdefault(speaker.i, token)
                if speaker.lower_ in RELATIVE_PRONOUNS and speaker.head.dep_ == "relcl":
                    out.setdefault(speaker.head.head.i, token)  # "officials who said …": the officials speak
    for _, start, end in according(doc):
        source = according_source(doc, start, end)
        if source is not None:
            out.setdefault(source.i, doc[start])
    return out


def according_source(doc: Doc, start: int, end: int) -> Token | None:
    """The source of "according to X", "as reported by X": the object of the phrase's last word."""
    last = doc[end - 1]
    obj = next((c for c in last.children if c.dep_ == "pobj"), None)
    if obj is None and end < len(doc) and doc[end].pos_ in ("NOUN", "PROPN", "PRON"):
        obj = doc[end]
        while obj.head != obj and obj.head.i >= end and obj.dep_ in ("compound", "amod", "det", "poss", "nmod"):
            obj = obj.head
    return obj
