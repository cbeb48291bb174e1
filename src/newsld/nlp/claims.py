"""The `newsld_claims` component: who asserted what.

Three linguistic patterns, in this order:
- direct quotation: text between quotation marks that stands as a clause, attributed by the
  reporting verb in the same sentence ("“…,” Wood said"; "Wood said: “…”"), or continuing the
  previous speaker when it has no cue of its own;
- reported speech: a reporting verb's clausal complement is the content ("warned that …");
  for a few verbs whose object is the assertion, the object ("revealed the names of …");
- "according to X": the clause around the phrase is the content, X the source.
Speakers are resolved to actors: names directly, possessors ("Ukraine’s delegation"), pronouns
to the most recent fitting actor, descriptions ("the mayor") through the roles actors were given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsld.nlp.lexicon import fold, lexicon, text_of

OPEN_QUOTES = {"“", "«", "„"}
CLOSE_QUOTES = {"”", "»"}
STRAIGHT = '"'
SENTENCE_END = re.compile(r"[.!?](?=[\s”\"’]|$)")
FRAME_END = (":", ",", "—", "–", "-")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
CLIMB_DEPS = ("advcl", "xcomp", "conj", "pcomp", "dep", "parataxis", "prep")
RELATIVE_PRONOUNS = {"who", "which", "that"}
NOT_ASSERTING = {"decline", "refuse", "fail", "want", "plan", "hope", "expect", "try", "need", "intend", "threaten"}
CORE_SKIP_DEPS = {"relcl", "appos", "prep", "punct", "acl", "cc", "conj", "advcl"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}


@cache
def _speech_verbs() -> frozenset[str]:
    return frozenset(lexicon()["speech_verbs"])



ACCORDING = re.compile(r"\baccording\b", re.IGNORECASE)
CONFIDENCE = {"quotation": 0.9, "quotation-colon": 0.8, "continuation": 0.7, "reported-speech": 0.85,
              "according-to": 0.85}


@dataclass
class ActorView:
    """What claims need to know of an actor: read from the names interface, or a description found here."""

    type: str
    name: str
    roles: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # token index of each mention
    span: tuple[int, int] | None = None  # token range of a description actor's mention

    @property
    def role_words(self) -> set[str]:
        """Words a description may use for this actor: its titles and their synonyms ("Rep." -> "congressman")."""
        synonyms: dict[str, list[str]] = lexicon()["title_synonyms"]
        words = {w for r in self.roles for w in fold(r).split()}
        out = {w.rstrip(".") for w in words}
        for w in words:
            out.update(synonyms.get(w, ()))
        return out


def read_actors(doc: Doc) -> tuple[list[ActorView], dict[int, int]]:
    """The named actors of the Doc and token index -> actor index, from `newsld_names`."""
    actors = [ActorView(a["type"], a["name"], list(a["roles"])) for a in doc._.newsld_actors or []]
    token_actor: dict[int, int] = {}
    for span in doc.spans.get("newsld_names", []):
        index = int(span.id_[1:])
        actors[index].starts.append(span.start)
        for i in range(span.start, span.end):
            token_actor[i] = index
    return actors, token_actor


@dataclass
class ClaimHit:
    """A claim found in the text: content offsets, cue, speaker token and resolved actor."""

    start: int
    end: int
    is_quote: bool
    cue: str | None
    cue_text: str | None
    cue_token: int | None
    speaker_token: int | None
    claimant: int | None = None  # index into the actors read from the names interface
    continues: bool = False  # a quotation without a cue of its own
    found_by: str = "reported-speech"


def find_quotes(text: str) -> list[tuple[int, int, bool]]:
    """(opening mark, closing mark or paragraph end, closed?) for every quotation, paragraph by paragraph."""
    out: list[tuple[int, int, bool]] = []
    offset = 0
    for para in text.split("\n"):
        open_at: int | None = None
        for i, ch in enumerate(para):
            if ch in OPEN_QUOTES:
                open_at = i
            elif ch in CLOSE_QUOTES or ch == STRAIGHT:
                if open_at is not None:
                    out.append((offset + open_at, offset + i, True))
                    open_at = None
                elif ch == STRAIGHT:
                    before = para[i - 1] if i else " "
                    after = para[i + 1] if i + 1 < len(para) else " "
                    if (before.isspace() or before in "([—–-") and not after.isspace():
                        open_at = i
        if open_at is not None:
            end = offset + len(para.rstrip())
            out.append((offset + open_at, end, False))
        offset += len(para) + 1
    return out


class ClaimFinder:
    """Finds claims; writes `newsld_claims` (spans and records) and the description actors it resolves speakers to.

    Until the references component exists, speakers known only by a description ("the agency")
    become unnamed actors here, written to `newsld_unnamed` and `newsld_references`.
    """

    def __init__(self) -> None:
        lex = lexicon()
        self.np_verbs = set(lex["np_content_verbs"])
        self.any_verbs = _speech_verbs() | self.np_verbs
        self.nouns = set(lex["speech_nouns"])
        self.role_nouns = set(lex["role_nouns"])
        self.business_nouns = set(lex["business_nouns"])
        self.document_nouns = set(lex["document_nouns"])
        self.pronouns: dict[str, str] = lex["pronouns"]

    def __call__(self, doc: Doc) -> Doc:
        actors, token_actor = read_actors(doc)
        named = len(actors)
        reported = self.reported_speech(doc) + self.according_to(doc)
        hits = self.quotations(doc, reported)
        quote_ranges = [(h.start, h.end) for h in hits]
        for hit in reported:
            if any(_overlap(hit.start, hit.end, s, e) > 0.5 * (hit.end - hit.start) for s, e in quote_ranges):
                continue
            if hit.cue_token is not None and any(s <= doc[hit.cue_token].idx < e for s, e in quote_ranges):
                continue  # a reporting verb inside someone's quotation
            hits.append(hit)
        hits = _dedupe(sorted(hits, key=lambda h: (h.start, -(h.end - h.start))))
        self.resolve(doc, hits, actors, token_actor)
        self.write(doc, hits, actors, named, token_actor)
        return doc

    def write(self, doc: Doc, hits: list[ClaimHit], actors: list[ActorView], named: int,
              token_actor: dict[int, int]) -> None:
        """Claims as spans and plain records; description actors as unnamed actors with their mentions."""
        def ident(index: int | None) -> str | None:
            if index is None:
                return None
            return f"n{index}" if index < named else f"u{index - named}"

        unnamed = actors[named:]
        doc._.newsld_unnamed = [{"type": a.type, "name": a.name, "confidence": 0.6, "found_by": "description"}
                                for a in unnamed]
        references = [Span(doc, a.span[0], a.span[1], label="DescriptionMention", span_id=ident(named + k) or "")
                      for k, a in enumerate(unnamed) if a.span is not None]
        doc.spans["newsld_references"] = sorted(references, key=lambda s: (s.start, s.end))
        spans: list[Span] = []
        records: list[dict[str, Any]] = []
        for hit in hits:
            span = doc.char_span(hit.start, hit.end) or doc.char_span(hit.start, hit.end, alignment_mode="expand")
            if span is None:
                continue
            cue_span = None
            if hit.cue_token is not None:
                cue = doc[hit.cue_token]
                cue_end = cue.idx + len(cue.text)
                if hit.cue_text and hit.cue_text != cue.text and " " in hit.cue_text:
                    # "made the claim": the verb to the noun
                    last = hit.cue_text.split()[-1]
                    found = text_of(doc).find(last, cue_end, cue_end + 40)
                    cue_end = found + len(last) if found >= 0 else cue_end
                cue_span = [cue.idx, cue_end]
            spans.append(Span(doc, span.start, span.end, label="quotation" if hit.is_quote else "reported",
                              span_id=f"c{len(records)}"))
            records.append({"claimant": ident(hit.claimant), "claimant_mention": self.claimant_mention(
                doc, hit, actors, token_actor), "cue": hit.cue, "cue_span": cue_span, "quote": hit.is_quote,
                "confidence": CONFIDENCE.get(hit.found_by, 0.5), "found_by": hit.found_by})
        doc.spans["newsld_claims"] = spans
        doc._.newsld_claims = records

    def claimant_mention(self, doc: Doc, hit: ClaimHit, actors: list[ActorView],
                         token_actor: dict[int, int]) -> list[int] | None:
        """The characters the claimant was read from: its name in the speaker phrase, the description or pronoun."""
        if hit.claimant is None or hit.speaker_token is None or hit.continues:
            return None
        token = doc[hit.speaker_token]
        actor = actors[hit.claimant]
        if actor.span is not None:
            span = doc[actor.span[0]:actor.span[1]]
            return [span.start_char, span.end_char]
        inside = [i for i in range(token.left_edge.i, token.right_edge.i + 1) if token_actor.get(i) == hit.claimant]
        if inside:
            first = last = inside[0]
            while last + 1 in inside:
                last += 1
            return [doc[first].idx, doc[last].idx + len(doc[last].text)]
        if token.lower_ in self.pronouns:
            return [token.idx, token.idx + len(token.text)]
        return None

    # ---------------------------------------------------------------- direct quotation

    def quotations(self, doc: Doc, reported: list[ClaimHit]) -> list[ClaimHit]:
        """Quotations standing as clauses, with their cue; one without a cue continues the previous speaker."""
        text = text_of(doc)
        hits: list[ClaimHit] = []
        for open_at, close_at, closed in find_quotes(text):
            start, end = open_at + 1, close_at
            while end > start and text[end - 1] in " ,":
                end -= 1
            content = text[start:end]
            if len(content.split()) < 3 or not self.stands_as_clause(text, open_at):
                continue
            cue = self.cue_after(doc, close_at) if closed else None
            if cue is None:
                cue = self.cue_before(doc, open_at)
            earlier = [h for h in hits + reported if h.end <= open_at]
            previous = max(earlier, key=lambda h: h.end) if earlier else None
            introducer = self.colon_subject(doc, open_at) if cue is None else None
            if cue is not None:
                hit = ClaimHit(start, end, True, self.cue_lemma(cue), cue.text, cue.i, self.subject_of(cue),
                               found_by="quotation")
            elif introducer is not None:
                # "Whitfield disagreed: “…”": a clause ending in a colon introduces its subject's words
                verb, subject = introducer
                hit = ClaimHit(start, end, True, verb.lemma_.lower(), verb.text, verb.i, subject,
                               found_by="quotation-colon")
            elif previous is not None and _gap_paragraphs(text, previous.end, open_at) <= 1:
                same_paragraph = "\n" not in text[previous.end:open_at]
                hit = ClaimHit(start, end, True, previous.cue if same_paragraph else None,
                               previous.cue_text if same_paragraph else None, None, previous.speaker_token,
                               continues=True, found_by="continuation")
            else:
                continue
            hits.append(hit)
        return hits

    @staticmethod
    def stands_as_clause(text: str, open_at: int) -> bool:
        """A quotation is a claim of its own when it opens a paragraph or sentence, or follows a colon or comma."""
        para_start = text.rfind("\n", 0, open_at) + 1
        before = text[para_start:open_at].rstrip()
        if not before:
            return True
        if before.endswith(FRAME_END) or before[-1] in ".!?":
            return True
        last = before.split()[-1].lower()
        return last in {"said", "says", "say", "told", "added", "asked", "wrote", "declared", "stated", "warned"}

    @staticmethod
    def colon_subject(doc: Doc, open_at: int) -> tuple[Token, int] | None:
        """The subject of the clause just before "…: “", when that clause names who speaks."""
        text = text_of(doc)
        before = text[max(text.rfind("\n", 0, open_at) + 1, 0):open_at].rstrip()
        if not before.endswith(":"):
            return None
        colon = before.rfind(":") + text.rfind("\n", 0, open_at) + 1
        span = doc.char_span(colon, colon + 1, alignment_mode="expand")
        if span is None:
            return None
        head = span[0].head
        while head.dep_ not in ("ROOT",) and head.head is not head and head.pos_ not in ("VERB", "AUX"):
            head = head.head
        subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or subject.pos_ not in ("PROPN", "NOUN", "PRON"):
            return None
        return head, int(subject.i)

    def cue_after(self, doc: Doc, close_at: int) -> Token | None:
        """The reporting verb after a closing mark, in the rest of its sentence: “…,” she said."""
        text = text_of(doc)
        limit = len(text)
        match = SENTENCE_END.search(text, close_at + 1)
        if match:
            limit = match.end()
        newline = text.find("\n", close_at)
        if 0 <= newline < limit:
            limit = newline
        next_quote = min((text.find(q, close_at + 1) for q in ("“", '"') if text.find(q, close_at + 1) >= 0),
                         default=limit)
        limit = min(limit, next_quote)
        span = doc.char_span(close_at + 1, limit, alignment_mode="contract")
        if span is None:
            return None
        for token in span[:12]:
            if self.is_cue(token):
                return token
        return None

    def cue_before(self, doc: Doc, open_at: int) -> Token | None:
        """The reporting verb before an opening mark in the same sentence: she said: “…”."""
        text = text_of(doc)
        start = max(text.rfind("\n", 0, open_at) + 1, 0)
        for match in SENTENCE_END.finditer(text, start, open_at):
            if match.end() < open_at - 1:
                start = match.end()
        span = doc.char_span(start, open_at, alignment_mode="contract")
        if span is None:
            return None
        for token in reversed(span):
            if self.is_cue(token):
                return token
        return None

    @staticmethod
    def is_cue(token: Token) -> bool:
        """A reporting verb: "said", "warned", "told"."""
        return token.lemma_.lower() in _speech_verbs() and token.pos_ in ("VERB", "AUX")

    @staticmethod
    def cue_lemma(token: Token) -> str:
        lemma = token.lemma_.lower()
        if lemma == "point" and any(c.lower_ == "out" for c in token.children):
            return "point out"
        return lemma

    # ---------------------------------------------------------------- reported speech

    def reported_speech(self, doc: Doc) -> list[ClaimHit]:
        hits: list[ClaimHit] = []
        for token in doc:
            lemma = token.lemma_.lower()
            complement: Token | None = None
            cue_text = token.text
            if token.pos_ in ("VERB", "AUX") and lemma in self.any_verbs:
                if not self.asserted(token):
                    continue
                # the clausal complement after the verb, else the one before it ("…, the IMF said")
                clauses = sorted((c for c in token.children if c.dep_ == "ccomp"), key=lambda c: (c.i < token.i, c.i))
                complement = clauses[0] if clauses else None
                obj = next((c for c in token.children if c.dep_ == "dobj"), None)
                # an object is the content for verbs such as "reveal"; for "say" only a clause-like one
                np_content = lemma in self.np_verbs or (lemma == "say" and obj is not None
                                                        and len(list(obj.subtree)) >= 3)
                if np_content and obj is not None and (complement is None or complement.i > obj.i):
                    complement = obj
            elif token.pos_ == "NOUN" and lemma in self.nouns and token.head.pos_ == "VERB":
                complement = next((c for c in token.children if c.dep_ in ("acl", "ccomp")
                                   and c.left_edge.lower_ == "that"), None)
                if complement is not None:
                    lemma = f"{token.head.lemma_.lower()} {token.text.lower()}"
                    cue_text = f"{token.head.text} {token.text}"
                    token = token.head
            if complement is None:
                continue
            tokens = list(complement.subtree)
            if complement.dep_ == "dobj":
                # "revealed the names of ... believed to be ...", "described X as Y": the object and what follows
                tokens += [t for c in token.children if c.i > complement.i and (c.dep_ == "ccomp" or
                           (c.dep_ == "prep" and c.lower_ == "as")) for t in c.subtree]
            # "said that A and suggested that B", "said A, adding that B": the second report is a claim of
            # its own, not part of the first one's content
            for other in complement.subtree:
                if other is complement or other.dep_ not in ("conj", "advcl") or not self.is_cue(other) \
                        or any(c.dep_ == "aux" and c.lower_ == "to" for c in other.children):
                    continue
                if other.dep_ == "advcl" and not any(c.dep_ == "ccomp" for c in other.children):
                    continue
                cut = {t.i for t in other.subtree} | {c.i for c in other.head.children if c.i < other.i and (
                    c.dep_ == "cc" or c.text in (",", ";"))}
                tokens = [t for t in tokens if t.i not in cut]
            tokens = [t for t in tokens if not (t.i < complement.i and t.dep_ in ("punct", "cc"))]
            span = _trim(doc, min(t.i for t in tokens), max(t.i for t in tokens) + 1)
            if span is None or len(span) < 2:
                continue
            start, end = span.start_char, span.end_char
            hits.append(ClaimHit(start, end, False, lemma, cue_text, token.i, self.subject_of(token)))
        return hits

    def according_to(self, doc: Doc) -> list[ClaimHit]:
        hits: list[ClaimHit] = []
        text = text_of(doc)
        candidates = [doc.char_span(m.start(), m.end()) for m in ACCORDING.finditer(text)]
        for token in (span[0] for span in candidates if span is not None):
            to = next((c for c in token.children if c.lower_ == "to"), None)
            if to is None and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                to = doc[token.i + 1]
            if to is None:
                continue
            source = next((c for c in to.children if c.dep_ == "pobj"), None)
            phrase = {t.i for t in token.subtree} | {t.i for t in to.subtree} | {token.i}
            sent = token.sent
            clause = [t for t in sent if t.i not in phrase]
            if not clause:
                continue
            # the clause runs from the sentence start (or the phrase end) to the phrase start (or sentence end)
            first, last = min(phrase), max(phrase)
            if first - sent.start >= sent.end - last - 1:
                span = _trim(doc, sent.start, first)
            else:
                span = _trim(doc, last + 1, sent.end)
            if span is None or len(span) < 3:
                continue
            hits.append(ClaimHit(span.start_char, span.end_char, False, "according to", "according to", token.i,
                                 source.i if source is not None else None, found_by="according-to"))
        return hits

    @staticmethod
    def asserted(verb: Token) -> bool:
        """Negated or unrealised reporting ("has not denied", "have yet to announce", "declined to declare")."""
        if any(c.dep_ == "neg" for c in verb.children):
            return False
        node = verb
        while node.dep_ == "conj" and node.head is not node:
            node = node.head
        if node.dep_ == "xcomp" and (any(c.lower_ == "to" and c.dep_ == "aux" for c in node.children)
                                     or node.head.lemma_.lower() in NOT_ASSERTING):
            return node.head.lemma_.lower() in ("continue", "go", "begin", "start")
        return True

    @staticmethod
    def subject_of(verb: Token) -> int | None:
        """The speaker: the verb's subject, inverted or not, or the subject of the clause it hangs from."""
        node = verb
        for _ in range(4):
            subject = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None:
                if subject.lower_ in RELATIVE_PRONOUNS and node.dep_ == "relcl":
                    return int(node.head.i)  # "the government, which said ...": the noun it describes
                return int(subject.i)
            if node.dep_ in ("conj", "advcl") and node.head.dep_ == "ccomp" \
                    and ClaimFinder.is_cue(node.head.head):
                # "said that A and suggested that B", "said A, adding B": the first speaker
                node = node.head.head
                continue
            if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN"):
                return int(node.head.i)
            if node.dep_ not in CLIMB_DEPS or node.head is node:
                return None
            node = node.head
        return None

    # ---------------------------------------------------------------- speakers to actors

    @staticmethod
    def last_person_subject(doc: Doc, pronoun: Token, actors: list[ActorView],
                            token_actor: dict[int, int]) -> int | None:
        """The most recent person that was a clause subject, in this paragraph or the two before."""
        limit = text_of(doc).rfind("\n\n", 0, pronoun.idx)
        for _ in range(2):
            if limit > 0:
                limit = text_of(doc).rfind("\n\n", 0, limit)
        for i in range(pronoun.i - 1, -1, -1):
            t = doc[i]
            if t.idx < limit:
                break
            found = _is_subject_person(t, actors, token_actor)
            if found is not None:
                return found
        return None

    def resolve(self, doc: Doc, hits: list[ClaimHit], actors: list[ActorView],
                token_actor: dict[int, int]) -> None:
        person_mentions = sorted((start, i) for i, c in enumerate(actors) if c.type == "Person"
                                 for start in c.starts)
        last_claimant: tuple[int, int] | None = None  # (char position, actor index)
        for hit in hits:
            if hit.continues and last_claimant is not None:
                hit.claimant = last_claimant[1]
            elif hit.speaker_token is not None:
                hit.claimant = self.resolve_token(doc, doc[hit.speaker_token], actors, token_actor,
                                                  person_mentions, last_claimant)
            if hit.claimant is not None:
                last_claimant = (hit.start, hit.claimant)

    def resolve_token(self, doc: Doc, token: Token, actors: list[ActorView], token_actor: dict[int, int],
                      person_mentions: list[tuple[int, int]], last_claimant: tuple[int, int] | None) -> int | None:
        if token.i in token_actor:
            return token_actor[token.i]
        # a person named anywhere in the subject phrase ("Burma's democracy leader Aung San Suu Kyi")
        phrase = [t for t in token.subtree if not any(a.dep_ == "relcl" for a in t.ancestors
                                                       if a.i in {x.i for x in token.subtree})]
        people = [token_actor[t.i] for t in phrase if t.i in token_actor and actors[token_actor[t.i]].type == "Person"]
        if people:
            return people[0]
        core = _core(token)
        if token.pos_ == "PROPN":
            found = [token_actor[t.i] for t in core if t.i in token_actor]
            if found:
                return found[-1]
        else:
            # a description is its possessor's ("Ukraine’s delegation"), not its modifier's ("U.S. officials")
            owners = [token_actor[t.i] for c in token.children if _is_possessor(c) for t in c.subtree
                      if t.i in token_actor]
            if owners:
                return owners[-1]
            if token.lemma_.lower() in self.document_nouns:
                # "a report by the Financial Monitor claimed": the author of the document
                authors = [token_actor[t.i] for c in token.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                           for t in c.subtree if t.i in token_actor]
                if authors:
                    return authors[0]
            if token.lemma_.lower() in self.business_nouns:
                # "the United Auto Workers union": the organisation named in it; "the company": the last one named
                named = [token_actor[t.i] for t in core if t.i in token_actor
                         and actors[token_actor[t.i]].type == "Organization"]
                if named:
                    return named[-1]
                if all(t.lower_ in DETERMINERS for t in core if t.i < token.i):
                    earlier = [(start, i) for i, c in enumerate(actors) if c.type == "Organization"
                               for start in c.starts if start < token.i]
                    if earlier:
                        return max(earlier)[1]
        kind = self.pronouns.get(token.lower_)
        if kind == "Person":
            # he/she: the last person who was the subject of a clause, else the last speaker, else the last person
            subject = self.last_person_subject(doc, token, actors, token_actor)
            if subject is not None:
                return subject
            if last_claimant is not None and actors[last_claimant[1]].type == "Person" \
                    and _gap_paragraphs(text_of(doc), last_claimant[0], token.idx) <= 2:
                return last_claimant[1]
            before = [a for start, a in person_mentions if start < token.i]
            return before[-1] if before else None
        if kind in ("Other", "Group"):
            if last_claimant is not None and actors[last_claimant[1]].type != "Person" \
                    and _gap_paragraphs(text_of(doc), last_claimant[0], token.idx) <= 1:
                return last_claimant[1]
            return None
        if kind is not None or token.pos_ not in ("NOUN", "PROPN"):
            return None
        # a description: "the mayor" is the actor the article called Mayor, "the fund" the one named
        # "... Fund"; else the description itself becomes the claimant
        head = token.lemma_.lower()
        plural = token.tag_ in ("NNS", "NNPS")
        titled = [i for i, c in enumerate(actors) if any(start < token.i for start in c.starts) and (
                  (head in c.role_words and not (plural and c.type == "Person"))
                  or (c.type == "Organization" and head in fold(c.name).split()[-1:]))]
        if titled:
            return max(titled, key=lambda i: max(start for start in actors[i].starts if start < token.i))
        if head in self.role_nouns or token.tag_ in ("NNS", "NNPS"):
            words = [t for t in core if t.i <= token.i and t.lower_ not in DETERMINERS and not t.is_punct]
            if not words or len(words) > 6:
                return None
            span = doc[words[0].i:token.i + 1]
            actors.append(ActorView("Group", span.text, starts=[span.start], span=(span.start, span.end)))
            for t in span:
                token_actor[t.i] = len(actors) - 1
            return len(actors) - 1
        return None


def _is_subject_person(token: Token, actors: list[ActorView], token_actor: dict[int, int]) -> int | None:
    index = token_actor.get(token.i)
    if index is None or actors[index].type != "Person":
        return None
    head = token
    while head.dep_ in ("compound", "flat", "appos") and head.head is not head:
        head = head.head
    return index if head.dep_ in SUBJECT_DEPS else None


def _is_possessor(token: Token) -> bool:
    return token.dep_ == "poss" or (token.dep_ == "nmod" and any(c.dep_ == "case" for c in token.children))


def _core(token: Token) -> list[Token]:
    """The subject phrase without its clauses, appositions and prepositional tails."""
    out = [token]
    for child in token.children:
        if child.dep_ not in CORE_SKIP_DEPS:
            out.extend(_core(child))
    return sorted(out, key=lambda t: t.i)


def _trim(doc: Doc, start: int, end: int) -> Span | None:
    """Drop punctuation and conjunctions at the edges, but keep a closing quotation mark that closes one inside."""
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "cc") \
            and doc[start].text not in "“\"":
        start += 1
    while end > start:
        last = doc[end - 1]
        if last.is_space:
            end -= 1
            continue
        if last.text in ("”", '"', "’"):
            inner = doc[start:end - 1].text
            if inner.count("“") > inner.count("”") or inner.count('"') % 2 == 1:
                break
            end -= 1
        elif last.is_punct or last.dep_ == "cc":
            end -= 1
        else:
            break
    return doc[start:end] if end > start else None


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _gap_paragraphs(text: str, start: int, end: int) -> int:
    return text.count("\n\n", min(start, end), max(start, end)) if "\n\n" in text else \
        text.count("\n", min(start, end), max(start, end))


def _dedupe(hits: list[ClaimHit]) -> list[ClaimHit]:
    out: list[ClaimHit] = []
    for hit in hits:
        if any(_overlap(hit.start, hit.end, o.start, o.end) > 0.5 * min(hit.end - hit.start, o.end - o.start)
               for o in out):
            continue
        out.append(hit)
    return out


@Language.factory("newsld_claims", default_config={},
                  requires=["doc._.newsld_actors", "token.dep", "token.lemma", "token.tag"],
                  assigns=["doc.spans", "doc._.newsld_claims", "doc._.newsld_unnamed"])
def make_claim_finder(nlp: Language, name: str) -> ClaimFinder:
    for attr in ("newsld_claims", "newsld_unnamed"):
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)
    return ClaimFinder()
