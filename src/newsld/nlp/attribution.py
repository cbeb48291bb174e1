"""The `newsld_claims` component: who asserted what.

The linguistic patterns, as DependencyMatcher and Matcher patterns in vocab/patterns/:
- direct quotation: text between quotation marks that stands as a clause, framed by a reporting
  verb in its own sentence ("“…,” Wood said"; "Wood said: “…”"); a clause ending in a colon
  introduces its subject's words ("Whitfield disagreed: “…”"); a quotation with no cue of its own
  continues the previous speaker (its cue stays empty);
- reported speech: a reporting verb's clausal complement is the content ("warned that …"); for a
  few verbs the object is ("revealed the names of …"); a speech noun's "that" clause ("the warning
  that …");
- parenthetical cue: "X, analysts said, Y" — the content is the whole clause, cue included;
- "according to X": the clause around the phrase is the content, X the source.
The claimant is read from the speaker's mention (name, pronoun, title or description), as the
names and references components recorded it; this component creates no actors.
Results: `doc.spans["newsld_claims"]` and `doc._.newsld_claims` (see NLP_INTERFACE.md).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsld.nlp._mentions import Mention, MentionIndex, phrase_name
from newsld.nlp.lexicon import text_of
from newsld.nlp.quotes import Quote, QuoteIndex, find_quotes
from newsld.nlp.speech import (
    ADDRESSEE_VERBS,
    SUBJECT_DEPS,
    according_source,
    build_dependency_matcher,
    build_phrase_matcher,
    cue_data,
    cues,
    speaker_of,
)

CLAIMS = "newsld_claims"
FRAME_END = (":", ",", "—", "–", "-")
SENTENCE_PUNCT = frozenset(".!?")
CLOSING_MARKS = frozenset({"”", '"', "''", "»"})
OPENING_MARKS = frozenset({"“", '"', "``", "''", "«", "„"})
BYLINE = re.compile(r"\s*,?\s*by\s+(?:the\s+)?[A-Z]")
ASIDE_MARKS = frozenset({",", "—", "–", "--", "-"})
CONTRAST_MARKS = frozenset({"while", "whereas", "though", "although", "but", "even"})
FOUND_BY_CONFIDENCE = {"quotation": 0.9, "reported-speech": 0.85, "according-to": 0.85, "parenthetical": 0.8,
                       "continuation": 0.75, "object-content": 0.7, "speech-noun": 0.7, "infinitive": 0.7}


@dataclass
class _Hit:
    """A claim being built: content offsets, cue, speaker token, and how it was found."""

    start: int
    end: int
    quote: bool
    cue: str | None
    cue_token: int | None
    speaker: int | None
    found_by: str
    continues: bool = False
    stop: int | None = None  # token index a report may not be extended to (where a nested report starts)
    after: _Hit | None = None  # the claim a continuation continues
    claimant: str | None = None
    claimant_mention: tuple[int, int] | None = None


class AttributionFinder:
    """Finds claims and reads their claimants from the mentions already in the Doc."""

    def __init__(self, nlp: Language, min_quote_words: int, max_cue_distance: int, to_clause_end: bool) -> None:
        self.cues = cues()
        self.matcher = build_dependency_matcher(nlp.vocab)
        self.according = build_phrase_matcher(nlp.vocab, "according_phrases")
        self.dateline = re.compile(cue_data()["dateline"])
        self.question_verbs = frozenset(cue_data()["question_verbs"])
        self.min_quote_words = min_quote_words
        self.max_cue_distance = max_cue_distance
        self.to_clause_end = to_clause_end

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        quotes = QuoteIndex(find_quotes(text))
        mentions = MentionIndex(doc)
        frames = self.datelines(text)
        # a reporting verb inside someone's quotation reports nothing of the article's own
        reported = [h for h in self.reported_speech(doc, quotes) + self.according_to(doc)
                    if not (h.cue_token is not None and quotes.inside(doc[h.cue_token].idx))]
        quoted = self.quotations(doc, quotes, reported)
        # a report that repeats the words of a quotation claim is that claim
        quoted_starts = [q.start for q in quoted]
        hits = quoted + [h for h in reported if not _mostly_inside(h, quoted, quoted_starts)]
        hits = [h for h in (self.outside_frames(doc, h, frames) for h in hits) if h is not None]
        hits = _dedupe(sorted(hits, key=lambda h: (h.start, -(h.end - h.start))))
        if self.to_clause_end:
            self.extend_to_clause_end(doc, hits)
        for k, hit in enumerate(hits):
            if not hit.quote:
                _drop_trailing_aside(doc, hit)
                _close_open_quotation(hit, quotes, hits[k + 1].start if k + 1 < len(hits) else len(text))
        self.resolve(doc, hits, mentions, frames)
        headline_end = _headline_end(text)
        spans: list[Span] = []
        records: list[dict[str, Any]] = []
        for hit in hits:
            span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
            if span is None:
                continue
            found_by = "headline" if hit.end <= headline_end else hit.found_by
            confidence = FOUND_BY_CONFIDENCE.get(hit.found_by, 0.7) * (1.0 if hit.claimant else 0.8) \
                * (0.8 if found_by == "headline" else 1.0)
            cue_span = None
            if hit.cue_token is not None:
                cue_token = doc[hit.cue_token]
                cue_span = [cue_token.idx, cue_token.idx + len(cue_token.text)]
            spans.append(Span(doc, span.start, span.end, label="quotation" if hit.quote else "reported",
                              span_id=f"c{len(records)}"))
            records.append({"claimant": hit.claimant,
                            "claimant_mention": list(hit.claimant_mention) if hit.claimant_mention else None,
                            "cue": hit.cue, "cue_span": cue_span, "quote": hit.quote,
                            "confidence": round(confidence, 3), "found_by": found_by})
        doc.spans[CLAIMS] = spans
        doc._.newsld_claims = records
        return doc

    def extend_to_clause_end(self, doc: Doc, hits: list[_Hit]) -> None:
        """A report that follows its cue runs to the end of the cue's own clause: what the parser
        attached to the cue instead ("said X until Y", "said X when Z") is still what was said; the
        cue's coordinated verbs and contrasting clauses ("…, but has withheld", "…, while others said")
        are not. It never reaches the next claim. `hits` is sorted by start."""
        for k, hit in enumerate(hits):
            if hit.quote or hit.cue_token is None or hit.found_by not in ("reported-speech", "speech-noun") \
                    or doc[hit.cue_token].idx > hit.start:
                continue
            cue = doc[hit.cue_token]
            last = _token_at_or_after(doc, hit.end - 1)
            if last is None:
                continue
            stop = self.clause_end(cue) if hit.stop is None else min(hit.stop, self.clause_end(cue))
            limit = hits[k + 1].start if k + 1 < len(hits) else len(text_of(doc))
            end_token = last.i + 1
            while end_token < stop and doc[end_token].idx < limit and doc[end_token].text != ";" \
                    and not doc[end_token].is_space:
                end_token += 1
            span = _trim(doc, last.i, end_token)
            if span is not None and span.end_char > hit.end:
                hit.end = span.end_char

    def clause_end(self, cue: Token) -> int:
        """One past the last token of the cue's clause, without its coordinated or contrasting parts."""
        end = cue.i + 1
        for child in cue.rights:
            if child.dep_ in ("conj", "cc") or (child.dep_ == "punct" and child.text in (";", ":")):
                break
            if child.dep_ == "advcl" and (self.cues.is_cue(child) or any(
                    c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in child.children)):
                break
            if child.dep_ == "punct" and any(c.dep_ in ("conj", "cc") for c in cue.rights if c.i > child.i):
                # the comma before a coordinated verb ends the clause too
                nxt = child.i + 1
                if nxt < len(cue.doc) and cue.doc[nxt].dep_ in ("cc", "conj"):
                    break
            end = max(end, child.right_edge.i + 1)
        return min(end, cue.sent.end)

    # ---------------------------------------------------------------- datelines

    def datelines(self, text: str) -> list[tuple[int, int]]:
        """The in-line datelines opening paragraphs ("LISBON, March 3 (Reuters) -", "NAIROBI —")."""
        out: list[tuple[int, int]] = []
        start = 0
        while start < len(text):
            end = text.find("\n", start)
            if end < 0:
                end = len(text)
            match = self.dateline.match(text, start, end)
            if match is not None:
                out.append((start, match.end()))
            start = end + 1
        return out

    @staticmethod
    def outside_frames(doc: Doc, hit: _Hit, frames: list[tuple[int, int]]) -> _Hit | None:
        """A content never starts inside a dateline; a speaker inside one is no speaker."""
        for s, e in frames:
            if s <= hit.start < e:
                hit.start = e
                text = text_of(doc)
                while hit.start < hit.end and text[hit.start].isspace():
                    hit.start += 1
            if hit.speaker is not None and s <= doc[hit.speaker].idx < e:
                hit.speaker = None
        return hit if hit.end - hit.start >= 2 else None

    # ---------------------------------------------------------------- direct quotation

    def quotations(self, doc: Doc, quotes: QuoteIndex, reported: list[_Hit]) -> list[_Hit]:
        """Quotations standing as clauses, with their cue; one without a cue continues the previous speaker."""
        text = text_of(doc)
        blank_lines = "\n\n" in text
        hits: list[_Hit] = []
        reported_ends = sorted((h.end, k) for k, h in enumerate(reported))
        pointer = 0
        last_reported: _Hit | None = None
        for q in quotes.quotes:
            while pointer < len(reported_ends) and reported_ends[pointer][0] <= q.open:
                last_reported = reported[reported_ends[pointer][1]]
                pointer += 1
            start, end = q.start, q.end
            while end > start and text[end - 1] in " ,":
                end -= 1
            while start < end and text[start] == " ":
                start += 1
            words = len(text[start:end].split())
            if words == 0 or not self.stands_as_clause(text, q.open):
                continue
            cue = self.cue_after(doc, q, quotes) if q.closed else None
            if cue is not None:
                start = self.lead_in(doc, q, start)
            else:
                cue = self.cue_before(doc, q, quotes)
            if cue is not None:
                hits.append(_Hit(start, end, True, self.cues.lemma(cue), cue.i, _index(speaker_of(cue)),
                                 "quotation"))
                continue
            introducer = self.colon_subject(doc, q.open)
            if introducer is not None and words >= 2:
                verb, subject = introducer
                hits.append(_Hit(start, end, True, verb.lemma_.lower(), verb.i, subject.i, "quotation"))
                continue
            if _is_title(text, start, end, q.close):
                continue  # the name of a book, show or article, not something said
            announcer = self.announcing_cue(doc, q, quotes)
            if announcer is not None and words >= 2:
                hits.append(_Hit(start, end, True, self.cues.lemma(announcer), announcer.i,
                                 _index(speaker_of(announcer)), "quotation"))
                continue
            candidates = [h for h in (hits[-1] if hits else None, last_reported) if h is not None and h.end <= q.open]
            previous = max(candidates, key=lambda h: h.end) if candidates else None
            # a short quotation continues only a quotation just before it in the same paragraph
            same_paragraph = previous is not None and previous.quote and "\n" not in text[previous.end:q.open]
            if words < self.min_quote_words and not same_paragraph:
                continue
            if previous is not None and _gap_paragraphs(text, previous.end, q.open, blank_lines) <= 1:
                hits.append(_Hit(start, end, True, None, None, previous.speaker, "continuation", continues=True,
                                 after=previous))
        return hits

    def lead_in(self, doc: Doc, q: Quote, start: int) -> int:
        """ "Under the program, “states were hemorrhaging money,” DeSantis said.": the words before the
        quotation in its own sentence belong to what was said, unless they frame it ("He said, “…")."""
        opening = _token_at_or_after(doc, q.open)
        if opening is None or opening.is_sent_start or opening.i == 0:
            return start
        sent_start = opening.sent.start
        lead = doc[sent_start:opening.i]
        text = lead.text.rstrip()
        if not lead or "\n" in lead.text or not text.endswith(",") or len(lead) > 25:
            return start
        if any(self.cues.is_cue(t, quotation=True) or t.text in OPENING_MARKS or t.text in CLOSING_MARKS
               for t in lead):
            return start
        span = _trim(doc, sent_start, opening.i)
        return span.start_char if span is not None else start

    @staticmethod
    def stands_as_clause(text: str, open_at: int) -> bool:
        """A quotation is a claim of its own when it opens a paragraph or sentence, or follows a colon,
        a comma, a dash or a reporting verb; otherwise it is a phrase quoted inside a sentence."""
        para_start = text.rfind("\n", 0, open_at) + 1
        before = text[para_start:open_at].rstrip()
        if not before:
            return True
        if before.endswith(FRAME_END) or before[-1] in ".!?" or before.endswith(("”", '"', "''")):
            return True
        word = before.split()[-1].lower().strip("“\"'")
        return word in _cue_forms()

    def colon_subject(self, doc: Doc, open_at: int) -> tuple[Token, Token] | None:
        """The subject of the clause just before "…: “", when that clause names who speaks."""
        text = text_of(doc)
        para_start = text.rfind("\n", 0, open_at) + 1
        before = text[para_start:open_at].rstrip()
        if not before.endswith(":"):
            return None
        colon = para_start + len(before) - 1
        span = doc.char_span(colon, colon + 1, alignment_mode="expand")
        if span is None:
            return None
        head = span[0].head
        while head.dep_ != "ROOT" and head.head != head and head.pos_ not in ("VERB", "AUX"):
            head = head.head
        if head.idx > colon:
            return None  # the parser hung the colon on a verb of the quotation itself
        subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or subject.pos_ not in ("PROPN", "NOUN", "PRON"):
            return None
        return head, subject

    def announcing_cue(self, doc: Doc, q: Quote, quotes: QuoteIndex) -> Token | None:
        """ "X said in a statement. “…”": a reporting verb with no content of its own, in the sentence
        just before a quotation that opens a sentence of the same paragraph, announces that quotation."""
        opening = _token_at_or_after(doc, q.open)
        if opening is None or opening.i == 0 or not opening.is_sent_start:
            return None
        sent = doc[opening.i - 1].sent
        if "\n" in sent.text.strip() or len(sent) > 40 or quotes.inside(sent.start_char):
            return None
        root = sent.root
        if not (self.cues.is_cue(root, quotation=True) and self.cues.asserted(root)) or quotes.inside(root.idx):
            return None
        if any(c.dep_ in ("ccomp", "xcomp", "advcl", "conj") or (c.dep_ == "dobj" and c.pos_ != "NOUN"
               and c.pos_ != "PROPN") for c in root.children):
            return None  # the verb reports something of its own ("said that …", "said it", "said, adding …")
        if any(t.text in OPENING_MARKS or t.text in CLOSING_MARKS for t in sent):
            return None
        return root

    def cue_after(self, doc: Doc, q: Quote, quotes: QuoteIndex) -> Token | None:
        """The reporting verb after a closing mark: “…,” she said; “…?” Trump asked reporters."""
        first = _token_at_or_after(doc, q.close)
        if first is None:
            return None
        text = text_of(doc)
        stop = text.find("\n", q.close)
        stop = len(text) if stop < 0 else stop
        # the closing mark ended a sentence: the next one frames it only if it opens with its cue, or
        # with the cue's speaker phrase and then the cue ("“…!” the party's nominee, Ada Lund, wrote")
        # (a long speaker phrase may also stand between a closing mark and its cue: "“…,” Ada Lund,
        # legal director of the Harbour Fund, an advocacy group, said")
        near = min(first.sent.end, first.i + 6 if first.is_sent_start else first.i + self.max_cue_distance)
        for token in doc[first.i:near]:
            if token.idx >= stop or (token.text in OPENING_MARKS and token.idx > q.close):
                return None
            if self.is_frame_cue(token, quotes, q.close):
                return token
        verb = first  # further on, only the verb the words after the mark hang from
        while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
            verb = verb.head
        if near <= verb.i < min(first.sent.end, first.i + 3 * self.max_cue_distance) and verb.idx < stop \
                and self.is_frame_cue(verb, quotes, q.close) and _after_its_speaker(first, verb):
            return verb
        return None

    def is_frame_cue(self, token: Token, quotes: QuoteIndex, close: int) -> bool:
        """A reporting verb that frames a quotation closed at `close` (it reports no clause of its own)."""
        return self.cues.is_cue(token, quotation=True) and self.cues.asserted(token) \
            and not _own_complement(token, quotes, close)

    def cue_before(self, doc: Doc, q: Quote, quotes: QuoteIndex) -> Token | None:
        """The reporting verb before an opening mark, in the same sentence: she said: “…”."""
        opening = _token_at_or_after(doc, q.open)
        if opening is None or opening.i == 0:
            return None
        sent_start = opening.sent.start if not opening.is_sent_start else opening.i
        text = text_of(doc)
        line_start = text.rfind("\n", 0, q.open) + 1
        for token in reversed(doc[max(sent_start, opening.i - 3 * self.max_cue_distance):opening.i]):
            if token.idx < line_start:
                break
            if self.cues.is_cue(token, quotation=True) and self.cues.asserted(token) \
                    and not _own_complement(token, quotes):
                between = doc[token.i + 1:opening.i]
                if len(between) <= self.max_cue_distance or between.text.rstrip().endswith((":", ",")):
                    return token
                return None
        return None

    # ---------------------------------------------------------------- reported speech

    def reported_speech(self, doc: Doc, quotes: QuoteIndex) -> list[_Hit]:
        hits: list[_Hit] = []
        vocab = doc.vocab
        seen: set[tuple[int, int]] = set()
        for match_id, tokens in self.matcher(doc):
            rule = vocab.strings[match_id]
            if rule in ("parenthetical", "as-cue"):
                hit = self.parenthetical(doc, doc[tokens[0]], doc[tokens[1]], as_cue=rule == "as-cue")
            elif rule == "reported-speech" and doc[tokens[1]].dep_ in ("advcl", "prep"):
                hit = self.adjunct_content(doc, doc[tokens[0]], doc[tokens[1]], quotes)
            else:
                hit = self.complement(doc, rule, doc[tokens[0]], doc[tokens[1]], quotes)
            if hit is not None and (hit.start, hit.end) not in seen:
                seen.add((hit.start, hit.end))
                hits.append(hit)
        return hits

    def adjunct_content(self, doc: Doc, cue: Token, adjunct: Token, quotes: QuoteIndex) -> _Hit | None:
        """What a cue's adverbial or preposition reports: "asked X if …" (a question verb's if/whether
        clause), "insisted on building …", "warned against raising …" (the preposition's gerund)."""
        if adjunct.dep_ == "advcl":
            if cue.lemma_.lower() in self.question_verbs and any(
                    c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in adjunct.children):
                return self.complement(doc, "question-clause", cue, adjunct, quotes)
            return None
        if adjunct.lower_ not in ("on", "against", "for"):
            return None
        gerund = next((c for c in adjunct.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None)
        return None if gerund is None else self.complement(doc, "gerund", cue, gerund, quotes)

    def complement(self, doc: Doc, rule: str, cue: Token, content: Token, quotes: QuoteIndex) -> _Hit | None:
        """Reported speech: the cue's clausal complement (or object, or a speech noun's clause)."""
        lexicon = self.cues
        # "X's claim that …", "his warning that …": the possessor is the speaker, the noun the cue
        possessor = next((c for c in cue.children if c.dep_ == "poss"), None) if rule == "speech-noun" else None
        verb = cue.head if rule == "speech-noun" and possessor is None else cue
        if rule == "speech-noun" and (content.left_edge.lower_ != "that"
                                      or (possessor is None and verb.pos_ != "VERB")):
            return None  # "raised concerns that …", not "the concerns voters have"
        if not lexicon.asserted(verb):
            return None
        extra: list[Token] = []
        if rule == "reported-speech" and content.dep_ == "xcomp":
            # an open complement: a gerund ("suggested rallying …") or a finite verb the parser misread
            # ("which he argued seeks …"); an infinitive is the "infinitive" rule's
            if content.tag_ == "VBG":
                rule = "gerund"
            elif content.tag_ not in ("VBZ", "VBD", "VBP"):
                return None
        if rule == "reported-speech":
            clauses = sorted((c for c in cue.children if c.dep_ == "ccomp"), key=lambda c: (c.i < cue.i, c.i))
            if clauses and clauses[0].i != content.i:
                return None  # one content per cue: the clauses after the verb, else the one before it
            # the parser sometimes splits one complement into two clauses: both are the content
            # (a quotation after it is a claim of its own: "insisted it was early while adding, “…”")
            extra = [c for c in clauses[1:] if (c.i > cue.i) == (content.i > cue.i)
                     and not quotes.inside(c.left_edge.idx) and not quotes.inside(c.idx)]
        if rule in ("object-content", "say-object") and (any(c.dep_ == "ccomp" for c in cue.children)
                                                         or content.tag_ in ("WDT", "WP") or content.lower_ == "that"):
            return None  # the object is a relative pronoun ("that X described as …") or a clause follows
        tokens = list(content.subtree) + [t for c in extra for t in c.subtree]
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in cue.children)  # "has asked"
        if rule == "infinitive" and ((cue.tag_ == "VBN" and not perfect) or any(c.dep_ == "auxpass"
                                                                                for c in cue.children)):
            return None  # "when asked to condemn …": someone else asked
        if rule == "infinitive":
            # "asked the council to vote": the one asked belongs to the content
            tokens += [t for c in cue.children if c.dep_ in ("dobj", "dative") and cue.i < c.i < content.i
                       for t in c.subtree]
        if rule == "say-object" and len(tokens) < 3:
            return None
        if rule == "reported-speech" and not any(t.pos_ in ("VERB", "AUX") for t in tokens) \
                and tokens[0].text not in OPENING_MARKS:
            return None  # a small clause without a verb ("declared it responsible") asserts nothing
        if rule == "object-content":
            # "revealed the names of … believed to be …", "described X as Y": the object and what follows
            tokens += [t for c in cue.children if c.i > content.i and (c.dep_ == "ccomp" or
                       (c.dep_ == "prep" and c.lower_ == "as")) for t in c.subtree]
        # "said that A and suggested that B", "said A, adding that B": the second report is a claim of
        # its own, not part of the first one's content
        stop: int | None = None
        for other in content.subtree:
            if other == content or other.dep_ not in ("conj", "advcl", "pcomp") or not lexicon.is_cue(other) \
                    or any(c.dep_ == "aux" and c.lower_ == "to" for c in other.children):
                continue
            if other.dep_ in ("advcl", "pcomp") and not any(c.dep_ == "ccomp" for c in other.children):
                continue
            # "…, before claiming that B": the preposition goes with the second report
            joint = other.head if other.dep_ == "pcomp" else other
            cut = {t.i for t in joint.subtree} | {c.i for c in joint.head.children if c.i < joint.i and (
                c.dep_ == "cc" or c.text in (",", ";"))}
            tokens = [t for t in tokens if t.i not in cut]
            first_cut = min(cut)
            stop = first_cut if stop is None else min(stop, first_cut)
        tokens = [t for t in tokens if not (t.i < content.i and t.dep_ in ("punct", "cc"))]
        if not tokens:
            return None
        span = _trim(doc, min(t.i for t in tokens), max(t.i for t in tokens) + 1)
        if span is None or len(span) < 2:
            return None
        if rule != "speech-noun":
            lemma = lexicon.lemma(cue)
        else:
            lemma = cue.lemma_.lower() if possessor is not None else f"{verb.lemma_.lower()} {cue.lower_}"
        found_by = {"object-content": "object-content", "say-object": "object-content", "gerund": "object-content",
                    "speech-noun": "speech-noun", "infinitive": "infinitive"}.get(rule, "reported-speech")
        speaker = possessor if possessor is not None else speaker_of(verb)
        return _Hit(span.start_char, span.end_char, False, lemma, verb.i, _index(speaker), found_by, stop=stop)

    def parenthetical(self, doc: Doc, head: Token, cue: Token, *, as_cue: bool = False) -> _Hit | None:
        """ "X, analysts said, Y" and "X, he said.": the cue interrupts or closes the clause it reports;
        the content is the clause's whole extent (the gap bridged), trimmed of the cue at an edge.
        "As the Post reported, X" and "X, as she said": the clause without the cue."""
        # a clause or an object of its own is what the cue reports; the object of "tell" is who was told
        if any(c.dep_ == "ccomp" or (c.dep_ == "dobj" and cue.lemma_.lower() not in ADDRESSEE_VERBS)
               for c in cue.children) or not self.cues.asserted(cue):
            return None
        if as_cue:
            while head.dep_ == "xcomp" and head.head != head:
                head = head.head  # "agreed to sell it, as X reported": X reported the agreeing
        sent = head.sent
        # the cue's own phrase: "advisers say" in "…, advisers say, to raise taxes" (a clause the parser hung
        # on the cue after it is the reported clause going on)
        going_on = {t.i for c in cue.rights if c.dep_ in ("xcomp", "advcl", "conj") for t in c.subtree}
        # (an adverbial the parser hung on the cue before its speaker, "Sooner or later, X said, …", is the clause's)
        speaker = speaker_of(cue)
        phrase_start = speaker.left_edge.i if speaker is not None and speaker.i < cue.i else cue.left_edge.i
        phrase_start = min([phrase_start] + [c.i for c in cue.children if c.dep_ == "mark"])  # "As X reported"
        cue_tokens = [t for t in cue.subtree if not t.is_punct and t.i not in going_on and t.i >= phrase_start]
        cue_start, cue_end = cue_tokens[0].i, cue_tokens[-1].i + 1
        start, end = max(head.left_edge.i, sent.start), min(head.right_edge.i + 1, sent.end)
        if as_cue and cue_start <= start:
            start = cue_end  # "As the Post reported, X"
        elif not (cue_start > sent.start and doc[cue_start - 1].text in (",", "—", "–", "-")):
            return None  # a cue set off by punctuation, not a clause of its own
        if cue_end >= end - 1:
            end = cue_start  # "X, he said.": the cue closes the clause
        if cue_start < start and not as_cue:
            return None
        span = _trim(doc, start, end)
        if span is None or len(span) < 3:
            return None
        return _Hit(span.start_char, span.end_char, False, self.cues.lemma(cue), cue.i, _index(speaker_of(cue)),
                    "parenthetical")

    def according_to(self, doc: Doc) -> list[_Hit]:
        """ "X, according to Y": the clause around the phrase is Y's claim."""
        hits: list[_Hit] = []
        for _, start, end in self.according(doc):
            token = doc[start]
            source = according_source(doc, start, end)
            phrase_last = source.right_edge.i if source is not None else end - 1
            while phrase_last > start and doc[phrase_last].is_punct:
                phrase_last -= 1  # a comma the parser hung on the source closes the phrase
            sent = token.sent
            if sent.end - sent.start < 4:
                continue
            before, after = _trim(doc, sent.start, start), _trim(doc, phrase_last + 1, sent.end)
            interrupts = before is not None and after is not None and len(before) >= 2 and len(after) >= 3 \
                and doc[start - 1].text == "," and phrase_last + 1 < sent.end and doc[phrase_last + 1].text == ","
            if interrupts:
                span = _trim(doc, sent.start, sent.end)  # "But the next day, according to X, Y": bridged
            elif start - sent.start >= sent.end - phrase_last - 1:
                span = before
            else:
                span = after
            if span is None or len(span) < 3:
                continue
            hits.append(_Hit(span.start_char, span.end_char, False, "according to", start, _index(source),
                             "according-to"))
        return hits

    # ---------------------------------------------------------------- claimants

    def resolve(self, doc: Doc, hits: list[_Hit], mentions: MentionIndex, frames: list[tuple[int, int]]) -> None:
        """Claimants from speakers' mentions; a continuation has the claimant of the claim it continues."""
        done: set[int] = set()

        def settle(hit: _Hit) -> None:
            if id(hit) in done:
                return
            done.add(id(hit))
            if hit.continues and hit.after is not None:
                settle(hit.after)
                hit.claimant, hit.claimant_mention = hit.after.claimant, hit.after.claimant_mention
            elif hit.speaker is not None:
                mention = claimant_mention(doc[hit.speaker], mentions) or _maker_mention(doc[hit.speaker], mentions)
                if mention is not None:
                    hit.claimant, hit.claimant_mention = mention.actor, (mention.start_char, mention.end_char)

        for hit in hits:
            settle(hit)


def claimant_mention(speaker: Token, mentions: MentionIndex) -> Mention | None:
    """The mention a speaker is read from: the speaker's own mention, a relative pronoun's noun,
    a description's possessor ("Ukraine's delegation"), the body a spokesperson speaks for, or a
    person named inside the speaker phrase ("the economist Jared Bernstein")."""
    mention = mentions.at(speaker.i)
    if mention is not None:
        return mention
    if speaker.lower_ in ("who", "which", "that") and speaker.head.dep_ == "relcl":
        mention = mentions.at(speaker.head.head.i)
        if mention is not None:
            return mention
    # a name standing with the head: "his mother Vera Holt", "Deputy Ambassador to the U.N. Robert Wood"
    mention = phrase_name(speaker, mentions, lambda m: True)
    if mention is not None:
        return mention
    for child in speaker.children:
        if child.dep_ == "poss" or (child.dep_ == "nmod" and any(c.dep_ == "case" for c in child.children)):
            for t in child.subtree:
                mention = mentions.at(t.i)
                if mention is not None:
                    return mention
    for prep in speaker.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "to", "at", "with"):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None:
                mention = mentions.at(obj.i)
                if mention is not None:
                    return mention
    return None


def _maker_mention(speaker: Token, mentions: MentionIndex) -> Mention | None:
    """A thing that speaks and names no one stands for whoever made it: "Lund released a video that
    said …", "Lund held a briefing to boast that …" — the object speaks for its verb's subject."""
    if speaker.lower_ in ("who", "which", "that") and speaker.head.dep_ == "relcl":
        speaker = speaker.head.head
    if speaker.pos_ != "NOUN" or speaker.dep_ != "dobj":
        return None
    subject = next((c for c in speaker.head.children if c.dep_ in ("nsubj", "csubj")), None)
    return claimant_mention(subject, mentions) if subject is not None else None


def _cue_forms() -> frozenset[str]:
    return frozenset({"said", "says", "say", "told", "tells", "added", "adds", "asked", "asks", "wrote", "writes",
                      "declared", "stated", "warned", "replied", "responded", "answered", "explained", "insisted",
                      "tweeted", "yelled", "shouted", "continued"})


def _index(token: Token | None) -> int | None:
    return None if token is None else int(token.i)


def _token_at_or_after(doc: Doc, offset: int) -> Token | None:
    """The token that starts at `offset`, or the first one after it (token starts are cached per Doc)."""
    starts: list[int] | None = doc.user_data.get("newsld_token_starts")
    if starts is None or len(starts) != len(doc):
        starts = doc.user_data["newsld_token_starts"] = doc.to_array(IDX).tolist()
    k = bisect.bisect_left(starts, offset)
    if k > 0 and starts[k - 1] < offset < starts[k - 1] + len(doc[k - 1].text):
        k -= 1  # the offset falls inside a token
    return doc[k] if k < len(doc) else None


def _is_title(text: str, start: int, end: int, close: int) -> bool:
    """A quotation that names a work: followed by its byline ("“…,” by Ada Lund") or short and in
    title case ("“A Time for Courage”", "“Morning Talk”")."""
    if BYLINE.match(text, close):
        return True
    words = [w.strip(",.;:!?") for w in text[start:end].split()]
    long_words = [w for w in words if len(w) >= 4 and w.isalpha()]
    return 0 < len(words) <= 10 and bool(long_words) and all(w[0].isupper() for w in long_words) \
        and text[start:end].rstrip()[-1:] not in ".?!"


def _after_its_speaker(first: Token, cue: Token) -> bool:
    """Every word from `first` to the cue belongs to the cue's speaker phrase."""
    speaker = speaker_of(cue)
    if speaker is None or speaker.i >= cue.i:
        return False
    return speaker.left_edge.i <= first.i and all(
        t.is_punct or speaker.left_edge.i <= t.i <= speaker.right_edge.i for t in cue.doc[first.i:cue.i])


def _own_complement(cue: Token, quotes: QuoteIndex, after: int = -1) -> bool:
    """The cue reports a clause of its own, outside quotation marks ("He said that …"), starting
    after offset `after` (a clause the parser joined from before the quotation is not the cue's)."""
    return any(c.dep_ == "ccomp" and not quotes.inside(c.idx) and not quotes.inside(c.left_edge.idx)
               and c.left_edge.idx > after for c in cue.children)


def _drop_trailing_aside(doc: Doc, hit: _Hit) -> None:
    """A reported content ends before a trailing aside the writer adds: a description of someone the
    report names (", who has …"), a comparison (", as have others"), or a dash and a noun phrase about
    something outside the content ("— a promise he has made before"). ("…, which …" and "…, marking …"
    stay: the reported clause often goes on there.)"""
    first = _token_at_or_after(doc, hit.start)
    last = _token_at_or_after(doc, hit.end - 1)
    if first is None or last is None or last.i - first.i < 4:
        return
    for token in doc[first.i + 2:last.i]:
        if token.text not in ASIDE_MARKS or token.i + 1 >= len(doc):
            continue
        following = doc[token.i + 1]
        aside: Token | None = None
        relative = following.lower_ in ("who", "whom", "whose") and following.head.dep_ == "relcl"
        comparison = following.lower_ == "as" and token.i + 2 < len(doc) and doc[token.i + 2].lemma_ in (
            "be", "do", "have")
        if relative or comparison:
            aside = following.head
        elif token.text != ",":
            phrase = _phrase_head(doc, following.i, last.i + 1)
            if phrase.pos_ in ("NOUN", "PROPN") and not first.i <= phrase.head.i <= last.i:
                aside = phrase
        if aside is not None and aside.right_edge.i >= last.i and not _inside_marks(doc, first.i, token.i):
            span = _trim(doc, first.i, token.i)
            if span is not None and len(span) >= 3:
                hit.end = span.end_char
            return


def _phrase_head(doc: Doc, i: int, end: int) -> Token:
    """The head of the phrase that starts at token `i` and stays before `end`."""
    head = doc[i]
    while head.head != head and i <= head.head.i < end:
        head = head.head
    return head


def _close_open_quotation(hit: _Hit, quotes: QuoteIndex, limit: int) -> None:
    """A report whose words open a quotation runs to where the quotation closes: "said the plan
    “was never funded. We warned them.”" — the quoted words after the sentence end are still its content."""
    q = quotes.containing(hit.end - 1)
    if q is None or not (hit.start <= q.open < hit.end) or q.end <= hit.end or q.close > limit:
        return
    hit.end = q.close  # the closing mark closes one inside, as `_trim` keeps it


def _inside_marks(doc: Doc, start: int, end: int) -> bool:
    """Whether a quotation opened in doc[start:end] is still open at `end`."""
    inner = doc[start:end].text
    return inner.count("“") > inner.count("”") or inner.count('"') % 2 == 1 or inner.count("''") % 2 == 1


def _headline_end(text: str) -> int:
    """End of a headline: a short first paragraph without final punctuation, followed by more text."""
    end = text.find("\n")
    if end <= 0:
        return -1
    first = text[:end].rstrip()
    if first and first[-1] not in SENTENCE_PUNCT and len(first.split()) <= 25:
        return end
    return -1


def _mostly_inside(hit: _Hit, quoted: list[_Hit], starts: list[int]) -> bool:
    """More than half of `hit` lies inside one quotation claim (`quoted` sorted by start, `starts` their starts)."""
    k = bisect.bisect_right(starts, hit.end) - 1
    for q in quoted[max(0, k - 2):k + 1]:
        inter = max(0, min(hit.end, q.end) - max(hit.start, q.start))
        if inter > 0.5 * (hit.end - hit.start):
            return True
    return False


def _trim(doc: Doc, start: int, end: int) -> Span | None:
    """Drop punctuation and conjunctions at the edges, but keep a closing quotation mark that closes one inside."""
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "cc") \
            and doc[start].text not in OPENING_MARKS:
        start += 1
    while end > start:
        last = doc[end - 1]
        if last.is_space:
            end -= 1
            continue
        if last.text in CLOSING_MARKS or last.text == "’":
            inner = doc[start:end - 1].text
            if inner.count("“") > inner.count("”") or inner.count('"') % 2 == 1 or inner.count("''") % 2 == 1:
                break
            end -= 1
        elif last.is_punct or last.dep_ == "cc":
            end -= 1
        else:
            break
    return doc[start:end] if end > start else None


def _gap_paragraphs(text: str, start: int, end: int, blank_lines: bool) -> int:
    """Paragraph breaks between two offsets (blank lines when the text uses them, else line breaks)."""
    return text.count("\n\n" if blank_lines else "\n", start, end)


def _dedupe(hits: list[_Hit]) -> list[_Hit]:
    """Keep each hit unless it overlaps a kept one by more than half of the shorter; one sorted sweep
    (only the kept hits still open at the current start are compared)."""
    out: list[_Hit] = []
    open_hits: list[_Hit] = []
    for hit in hits:
        open_hits = [o for o in open_hits if o.end > hit.start]
        if any(min(hit.end, o.end) - max(hit.start, o.start) > 0.5 * min(hit.end - hit.start, o.end - o.start)
               for o in open_hits):
            continue
        out.append(hit)
        open_hits.append(hit)
    return out


@Language.factory(
    "newsld_claims",
    requires=["doc._.newsld_actors", "doc._.newsld_unnamed", "token.dep", "token.pos", "token.lemma"],
    assigns=["doc.spans", "doc._.newsld_claims"],
    default_config={"min_quote_words": 3, "max_cue_distance": 12, "to_clause_end": True},
)
def make_attribution_finder(nlp: Language, name: str, min_quote_words: int, max_cue_distance: int,
                            to_clause_end: bool) -> AttributionFinder:
    if not Doc.has_extension("newsld_claims"):
        Doc.set_extension("newsld_claims", default=None)
    return AttributionFinder(nlp, min_quote_words, max_cue_distance, to_clause_end)
