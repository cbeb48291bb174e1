"""The `newsld_actors` component: named people, organisations and places, merged per article.

spaCy's entities are the candidates. They are cleaned (determiners, possessives, titles and
bracketed acronyms come off), completed from the bundled gazetteer, and merged into one actor
per referent: surnames join full names, short company names join their legal names, acronyms
join the names they abbreviate, and aliases ("U.S.", "United States") join through the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from newsld.nlp.lexicon import Entry, fold, gazetteer, lexicon, text_of

LABEL_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place"}
POSSESSIVE = {"'s", "’s", "'", "’"}
REGION_WORD = re.compile(r"\b(?:region|province|oblast|district|county|governorate|prefecture)\b", re.IGNORECASE)
ACRONYM = re.compile(r"(?<![\w.])[A-Z][A-Z.&]{1,7}(?![\w])")
CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*")
LOCATIVE = {"in", "near", "outside", "across", "around", "inside"}
# a dateline opens with the place in capitals: "MINSK 1996-08-30", "HEMPSTEAD, N.Y., Sept. 26 (UPI) —"
DATELINE = re.compile(r"^([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*)(?=,| \(| [-–—]| \d{4}-\d{2}-\d{2}|$)")


@dataclass
class Mention:
    """One place an actor is named: token range, cleaned text, type from the tagger or gazetteer."""

    start: int  # token index
    end: int
    text: str
    type: str
    entry: Entry | None = None
    role: str | None = None
    weight: float = 1.0
    found_by: str = "entity-recogniser"

    @property
    def tokens(self) -> list[str]:
        return fold(self.text).split()

    @cached_property
    def key(self) -> str:
        return _base_key(self.text)


@dataclass
class ActorCluster:
    """One actor of the article with every mention that refers to it."""

    mentions: list[Mention] = field(default_factory=list)
    entry: Entry | None = None

    @property
    def type(self) -> str:
        if self.entry is not None:
            return self.entry.type
        votes: dict[str, float] = {}
        for m in self.mentions:
            # a full name or a title is strong evidence of a person; a lone surname often gets mislabelled
            weight = m.weight * (3 if len(m.tokens) > 1 else 1) + (3 if m.role else 0)
            votes[m.type] = votes.get(m.type, 0) + weight
        return max(sorted(votes), key=lambda t: votes[t])

    @property
    def name(self) -> str:
        if self.entry is not None:
            return self.entry.name
        forms = [m.text for m in self.mentions]
        return max(forms, key=lambda f: (len(f.split()), not f.isupper(), len(f), -forms.index(f)))

    @property
    def forms(self) -> list[str]:
        seen: dict[str, None] = {}
        for m in sorted(self.mentions, key=lambda m: m.start):
            seen.setdefault(m.text, None)
        return list(seen)

    @property
    def roles(self) -> list[str]:
        seen: dict[str, None] = {}
        for m in sorted(self.mentions, key=lambda m: m.start):
            if m.role:
                seen.setdefault(m.role, None)
        return list(seen)

    @property
    def role_words(self) -> set[str]:
        """Words a description may use for this actor: its titles and their synonyms ("Rep." -> "congressman")."""
        synonyms: dict[str, list[str]] = lexicon()["title_synonyms"]
        words = {w for r in self.roles for w in fold(r).split()}
        out = {w.rstrip(".") for w in words}
        for w in words:
            out.update(synonyms.get(w, ()))
        return out

    def keys(self) -> set[str]:
        return {m.key for m in self.mentions}


@cache
def _org_suffixes() -> frozenset[str]:
    return frozenset(fold(s) for s in lexicon()["org_suffixes"])


def _base_key(text: str) -> str:
    """Folded name without possessive or corporate suffixes: "NationsBank Corp." -> "nationsbank"."""
    words = [w[:-2] if w.endswith("'s") else w for w in fold(text).split()]
    suffixes = _org_suffixes()
    while len(words) > 1 and (words[-1] in suffixes or words[-1] in {"&", "and"}):
        words.pop()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


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


def _shouted(text: str) -> bool:
    """Mostly capital letters: a headline set in capitals."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _initials(text: str) -> str:
    return "".join(w[0] for w in text.replace("-", " ").split() if w[:1].isupper())


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


class ActorFinder:
    """Finds actor mentions and merges them into one cluster per referent."""

    def __init__(self, nlp: Language) -> None:
        self.gazetteer = gazetteer()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.forms: dict[str, Entry] = {}
        for form, entry in self.gazetteer.forms():
            variants = {form, form.upper()} if not _is_acronym(form) else {form}
            for variant in variants:
                self.forms[variant] = entry
                self.matcher.add(variant, [nlp.make_doc(variant)])
        lex = lexicon()
        self.titles = set(lex["titles"])
        self.role_nouns = set(lex["role_nouns"])
        self.place_suffixes = {fold(s) for s in lex["place_suffixes"]}

    def find(self, doc: Doc) -> tuple[list[ActorCluster], dict[int, int]]:
        """The article's actor clusters, and demonym token index -> cluster index."""
        clusters = self.cluster(self.find_mentions(doc))
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

        gazetteer_spans = sorted(((s, e) for _, s, e in self.matcher(doc)), key=lambda se: (se[0], -(se[1] - se[0])))
        longest: list[tuple[int, int]] = []
        for s, e in gazetteer_spans:
            if longest and s < longest[-1][1]:
                continue
            longest.append((s, e))
        ents = sorted(doc.ents, key=lambda e: (-(e.end - e.start), e.start))
        # gazetteer matches that an entity fully covers are judged with the entity; the rest stand alone
        for s, e in longest:
            covering = [ent for ent in ents if ent.start <= s and e <= ent.end and (ent.end - ent.start) > (e - s)
                        and ent.label_ != "NORP"]  # "U.S." inside the event "U.S. Open" names no place
            if not covering:
                add(self.gazetteer_mention(doc[s:e]))
        for m in self.datelines(doc):
            add(m)
        cleaned = [m for ent in ents if ent.label_ in LABEL_TYPES for m in self.clean(ent)]
        # in a headline set in capitals the tagger marks many words as names; keep a name from there
        # only when the gazetteer knows it or the article also writes it in normal case
        shouted = _shouted_tokens(doc)
        normal = {fold(m.text) for m in cleaned if not any(i in shouted for i in range(m.start, m.end))}
        cleaned = [m for m in cleaned if m.entry is not None or fold(m.text) in normal
                   or not any(i in shouted for i in range(m.start, m.end))]
        keys = {_base_key(m.text) for m in cleaned}
        for m in cleaned:
            for part in self.split_coordination(doc, m, keys):
                add(part)
        for m in self.acronyms(doc, taken | shouted):
            add(m)
        for m in self.regions(doc, taken):
            add(m)
        for m in self.repeated_names(doc, mentions, taken):
            add(m)
        mentions.sort(key=lambda m: m.start)
        return self.join_adjacent_people(doc, mentions)

    @staticmethod
    def split_coordination(doc: Doc, m: Mention, keys: set[str]) -> list[Mention]:
        """ "Mercantile and Commerce" tagged as one name is two names the article also uses alone."""
        cuts = [i for i in range(m.start, m.end) if doc[i].lower_ in ("and", "or", ",", "&")]
        if not cuts:
            return [m]
        parts: list[Mention] = []
        start = m.start
        for cut in [*cuts, m.end]:
            if cut > start:
                parts.append(Mention(start, cut, doc[start:cut].text, m.type, None, None, m.weight, m.found_by))
            start = cut + 1
        if len(parts) > 1 and all(_base_key(p.text) in keys for p in parts):
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

    def acronyms(self, doc: Doc, taken: set[int]) -> list[Mention]:
        """A capitalised acronym the tagger missed ("KBS", "UPI") names an organisation."""
        stop = set(lexicon()["not_organization_acronyms"])
        out: list[Mention] = []
        for match in ACRONYM.finditer(text_of(doc)):
            span = doc.char_span(match.start(), match.end())
            if span is None or len(span) != 1:
                continue
            t = span[0]
            if t.i in taken or t.text in stop or t.pos_ != "PROPN" or not _is_acronym(t.text) or len(t.text) < 2:
                continue
            if t.ent_type_ and t.ent_type_ not in LABEL_TYPES:
                continue
            entry = self.forms.get(t.text)
            out.append(Mention(t.i, t.i + 1, t.text, entry.type if entry else "Organization", entry, weight=0.5,
                               found_by="acronym"))
        return out

    @staticmethod
    def repeated_names(doc: Doc, mentions: list[Mention], taken: set[int]) -> list[Mention]:
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
            elif m.type == "Organization" and len(words) > 1:
                forms.setdefault(words, "Organization")
        out: list[Mention] = []
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for words in sorted(forms, key=len, reverse=True):
            by_first.setdefault(words[0], []).append(words)
        i = 0
        while i < len(doc):
            token = doc[i]
            if i in taken or token.text not in by_first or token.ent_type_ in ("DATE", "TIME", "CARDINAL"):
                i += 1
                continue
            for words in by_first[token.text]:
                end = i + len(words)
                if end <= len(doc) and tuple(t.text for t in doc[i:end]) == words \
                        and not any(k in taken for k in range(i, end)) and doc[end - 1].pos_ == "PROPN":
                    out.append(Mention(i, end, doc[i:end].text, forms[words], weight=0.5, found_by="repeated-name"))
                    i = end - 1
                    break
            i += 1
        return out

    def gazetteer_mention(self, span: Span) -> Mention | None:
        entry = self.forms.get(span.text)
        if entry is None:
            return None
        return Mention(span.start, span.end, span.text, entry.type, entry, weight=3, found_by="gazetteer")

    def clean(self, ent: Span) -> list[Mention]:
        """Trim an entity to the proper name; split off a bracketed acronym; move titles to the role."""
        doc = ent.doc
        start, end = ent.start, ent.end
        out: list[Mention] = []
        for i in range(start, end):
            if doc[i].text == "(":
                inner_end = next((j for j in range(i + 1, min(end + 2, len(doc))) if doc[j].text == ")"), None)
                inner = doc[i + 1:inner_end] if inner_end is not None else doc[i + 1:end]
                if len(inner) == 1 and _is_acronym(inner.text):
                    out.append(Mention(inner.start, inner.end, inner.text, LABEL_TYPES[ent.label_], found_by="acronym"))
                end = i
                break
        while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].text in POSSESSIVE or (doc[end - 1].is_punct and doc[end - 1].text != ".")
                               or doc[end - 1].text[:1].isdigit()):
            end -= 1  # "Suu Kyi's", "AL AIN 1996-12-06": the name only
        role_tokens: list[Token] = []
        if ent.label_ == "PERSON":
            while start < end - 1 and (doc[start].text in self.titles or doc[start].text.rstrip(".") in self.titles):
                role_tokens.append(doc[start])
                start += 1
        if start >= end:
            return out
        span = doc[start:end]
        text = span.text
        if not any(c.isupper() for c in text) or text.isdigit() or len(text) < 2:
            return out
        if self.gazetteer.demonym(text) is not None:
            return out  # "Russian", "Chechens": a people, linked to its country elsewhere
        entry = self.gazetteer.lookup(text)
        if entry is not None and _is_acronym(text) and text not in self.forms:
            entry = None
        mention_type = entry.type if entry else LABEL_TYPES[ent.label_]
        before = doc[start - 1].lower_ if start > 0 else ""
        if mention_type != "Place" and entry is None and end - start == 1 and before in LOCATIVE \
                and ent.label_ in ("ORG", "PERSON") and not _is_acronym(doc[start].text):
            mention_type = "Place"  # "near Fairview", "in Chelsea": a one-word name after a locative is a place
        role = " ".join(t.text for t in role_tokens) or None
        m = Mention(start, end, text, mention_type, entry, role)
        if mention_type == "Person" and role is None:
            m.role = self.role_before(span) or self.role_apposition(span)
        out.append(m)
        return out

    def role_before(self, span: Span) -> str | None:
        """Title words just before a name: "Ukrainian President", "U.S. Deputy Ambassador to the U.N."."""
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
        for line in text_of(doc).split("\n"):
            match = DATELINE.match(line)
            if match and _shouted(line[match.end():]):
                match = None  # "SOCCER - JAPAN GET LUCKY WIN": a headline in capitals, not a dateline
            if match and (len(line) < 80 or not line[match.end():match.end() + 1].isalpha()):
                name = match.group(1)
                if len(name) >= 3 and name.isupper():
                    span = doc.char_span(offset, offset + len(name), alignment_mode="expand")
                    if span is not None and (match.end() < len(line) or len(line.split()) <= 3):
                        title = name.title()
                        entry = self.gazetteer.lookup(title)
                        if entry is not None and entry.type != "Place":
                            entry = None
                        out.append(Mention(span.start, span.end, span.text, "Place", entry, weight=2,
                                           found_by="dateline"))
            offset += len(line) + 1
        return out

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

    # ---------------------------------------------------------------- merging

    def cluster(self, mentions: list[Mention]) -> list[ActorCluster]:
        clusters: list[ActorCluster] = []
        by_entry: dict[str, ActorCluster] = {}
        order = sorted(mentions, key=lambda m: (m.entry is None, -len(m.tokens), m.start))
        for m in order:
            if m.entry is not None:
                cluster = by_entry.get(m.entry.name)
                if cluster is None:
                    cluster = by_entry[m.entry.name] = ActorCluster(entry=m.entry)
                    clusters.append(cluster)
                cluster.mentions.append(m)
                continue
            target = self.best_cluster(m, clusters)
            if target is None:
                target = ActorCluster()
                clusters.append(target)
            target.mentions.append(m)
        clusters = [c for c in clusters if c.mentions]
        clusters.sort(key=lambda c: min(m.start for m in c.mentions))
        return clusters

    def best_cluster(self, m: Mention, clusters: list[ActorCluster]) -> ActorCluster | None:
        key = m.key
        words = key.split()
        candidates: list[tuple[int, ActorCluster]] = []
        for c in clusters:
            ctype = c.type
            score = 0
            for other in c.mentions:
                okey = other.key
                owords = okey.split()
                if okey == key:
                    score = max(score, 5)
                elif len(words) < len(owords):
                    if ctype == "Person" and owords[-len(words):] == words and m.type in ("Person", "Organization",
                                                                                           "Place"):
                        score = max(score, 4 if m.type == "Person" else 2)
                    elif ctype == "Organization" and (owords[:len(words)] == words
                                                      or (len(words) > 1 and owords[-len(words):] == words)):
                        score = max(score, 3)  # "NationsBank" ~ "NationsBank Corp.", "Intelligence Committee"
                    elif ctype == "Place" and owords[:len(words)] == words and owords[-1] in self.place_suffixes:
                        score = max(score, 3)  # "Kursk" ~ "Kursk region"
                if _is_acronym(m.text) and _initials(other.text) == m.text.replace(".", "") and len(owords) > 1:
                    score = max(score, 4)
            if score:
                candidates.append((score, c))
        if not candidates:
            return None
        best = max(s for s, _ in candidates)
        top = [c for s, c in candidates if s == best]
        if len(top) > 1:  # ambiguous surname: the nearest earlier mention wins
            top.sort(key=lambda c: min(abs(m.start - o.start) for o in c.mentions))
        return top[0]

    # ---------------------------------------------------------------- demonyms

    def find_demonyms(self, doc: Doc, clusters: list[ActorCluster], token_actor: dict[int, int]) -> dict[int, int]:
        """Token index of a demonym ("North Korean") -> index of its country's cluster, when the country is named."""
        by_entry = {c.entry.name: i for i, c in enumerate(clusters) if c.entry is not None}
        out: dict[int, int] = {}
        if not by_entry:
            return out
        spans = (doc.char_span(m.start(), m.end(), alignment_mode="expand") for m in CAPITALISED.finditer(text_of(doc)))
        starts = {span.start for span in spans if span is not None}
        for i in sorted(starts):
            if i in token_actor or i in out:
                continue
            for width in (2, 1):
                if i + width > len(doc):
                    continue
                entry = self.gazetteer.demonym(doc[i:i + width].text)
                if entry is not None and entry.name in by_entry:
                    for k in range(i, i + width):
                        out[k] = by_entry[entry.name]
                    break
        return out
