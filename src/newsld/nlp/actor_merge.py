"""One actor per referent: name mentions of an article merged into clusters, in linear time.

Merging rules (scores; the best wins, ties go to the nearest earlier mention):
- the same name (without possessive, "the" or a corporate suffix): 5;
- a person's surname or last two names ("Halvorsen" ~ "Ingrid Halvorsen"): 4 (2 when the
  shorter mention was tagged otherwise);
- a company's short name ("Harrow Mutual" ~ "Harrow Mutual Corp."), or a multi-word ending of
  an organisation's name: 3 — but a place name opening an organisation's name stays the place
  ("Dunmore" and "Dunmore Police Department" are two actors);
- a place name before a place word ("Kursk" ~ "Kursk region"): 3;
- an acronym of a name's capitalised initials, or one given in brackets right after it: 4.
Every form a cluster has is indexed by its words, its proper prefixes and suffixes and its
initials, so each mention finds its candidates by lookup; a cluster's type is kept from running
votes instead of being recounted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TypeVar

from newsld.nlp.gazetteer import Entry, names_data
from newsld.nlp.lexicon import fold

K = TypeVar("K")
# ways of finding a name that also settle its type
FIRM_SOURCES = frozenset({"gazetteer", "dateline", "results-table", "organization-name", "region-word"})


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
    abbreviates: int | None = None  # token start of the name a bracketed acronym stands for
    evidence: str | None = None  # the type the mention's context shows ("Meri, 67," -> Person), if any

    @property
    def firm(self) -> bool:
        """The type comes from more than the tagger: the gazetteer, a dateline, a results line or the context."""
        return self.evidence is not None or self.found_by in FIRM_SOURCES

    @property
    def tokens(self) -> list[str]:
        return fold(self.text).split()

    @cached_property
    def key(self) -> str:
        return base_key(self.text)


@dataclass
class ActorCluster:
    """One actor of the article with every mention that refers to it."""

    mentions: list[Mention] = field(default_factory=list)
    entry: Entry | None = None
    votes: dict[str, float] = field(default_factory=dict)
    firm_types: set[str] = field(default_factory=set)

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        if m.firm:
            self.firm_types.add(m.type)
        # a full name or a title is strong evidence of a person; a lone surname often gets mislabelled
        weight = m.weight * (3 if len(m.tokens) > 1 else 1) + (3 if m.role else 0)
        self.votes[m.type] = self.votes.get(m.type, 0) + weight

    @property
    def type(self) -> str:
        if self.entry is not None:
            return self.entry.type
        return max(sorted(self.votes), key=lambda t: self.votes[t])

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


@cache
def _org_suffixes() -> frozenset[str]:
    return frozenset(fold(s) for s in names_data()["org_suffixes"])


def base_key(text: str) -> str:
    """Folded name without possessive or corporate suffixes: "NationsBank Corp." -> "nationsbank"."""
    words = [w[:-2] if w.endswith("'s") else w for w in fold(text).split()]
    suffixes = _org_suffixes()
    while len(words) > 1 and (words[-1] in suffixes or words[-1] in {"&", "and"}):
        words.pop()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def initials(text: str) -> str:
    return "".join(w[0] for w in text.replace("-", " ").split() if w[:1].isupper())


def is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


class ClusterIndex:
    """Clusters by the word tuples and initials of their mentions, for constant-time candidate lookup."""

    def __init__(self) -> None:
        self.exact: dict[tuple[str, ...], list[ActorCluster]] = {}
        self.suffix: dict[tuple[str, ...], list[ActorCluster]] = {}  # proper endings of longer names
        self.prefix: dict[tuple[str, ...], list[ActorCluster]] = {}  # proper beginnings of longer names
        self.initials: dict[str, list[ActorCluster]] = {}
        self.place_words = {fold(s) for s in names_data()["place_suffixes"]}
        # a place's own bodies: "<town> Police Department", "<county> Council"
        self.place_bodies = set(names_data()["place_bodies"])

    def add(self, m: Mention, cluster: ActorCluster) -> None:
        words = tuple(m.key.split())
        _put(self.exact, words, cluster)
        for n in range(1, len(words)):
            _put(self.suffix, words[-n:], cluster)
            if words[n] not in self.place_bodies:  # "Dunmore" is not short for "Dunmore Police Department"
                _put(self.prefix, words[:n], cluster)
        if len(words) > 1:
            _put(self.initials, initials(m.text), cluster)

    def best(self, m: Mention, starts: dict[int, list[int]]) -> ActorCluster | None:
        """The cluster the mention joins, or None for a new actor."""
        words = tuple(m.key.split())
        scores: dict[int, tuple[int, ActorCluster]] = {}

        def offer(clusters: Iterable[ActorCluster], score: int) -> None:
            for c in clusters:
                if m.firm and c.firm_types and m.type not in c.firm_types:
                    continue  # the dateline's place is not the team of the same name
                if scores.get(id(c), (0, c))[0] < score:
                    scores[id(c)] = (score, c)

        offer(self.exact.get(words, ()), 5)
        for c in self.suffix.get(words, ()):
            if c.type == "Person" and (m.type == "Person" or not m.firm):
                offer((c,), 4 if m.type == "Person" else 2)
            elif c.type == "Organization" and len(words) > 1:
                offer((c,), 3)  # "Intelligence Committee" ~ "Senate Intelligence Committee"
            elif m.type == "Person" and m.firm and not c.firm_types and len(words) == 1:
                offer((c,), 3)  # "Vasquelin, 61," is the surname of "Teodor Vasquelin" whatever the tagger said
        for c in self.prefix.get(words, ()):
            if c.type == "Organization" and m.type != "Place":
                offer((c,), 3)  # "NationsBank" ~ "NationsBank Corp."; not "Dunmore" ~ "Dunmore Police Department"
            elif c.type == "Place" and any(fold(o.text).split()[-1] in self.place_words for o in c.mentions[:4]):
                offer((c,), 3)  # "Kursk" ~ "Kursk region"
        if is_acronym(m.text):
            offer(self.initials.get(m.text.replace(".", ""), ()), 4)
        if not scores:
            return None
        top = max(s for s, _ in scores.values())
        best = [c for s, c in scores.values() if s == top]
        if len(best) > 1:  # ambiguous surname: the nearest earlier mention wins
            best.sort(key=lambda c: min(abs(m.start - s) for s in starts[id(c)]))
        return best[0]


def _put(index: dict[K, list[ActorCluster]], key: K, cluster: ActorCluster) -> None:
    bucket = index.setdefault(key, [])
    if cluster not in bucket:  # buckets hold one or two clusters
        bucket.append(cluster)


def cluster(mentions: list[Mention]) -> list[ActorCluster]:
    """The article's actors: gazetteer entries first, then the longest names, each shorter one joining its referent."""
    clusters: list[ActorCluster] = []
    by_entry: dict[int, ActorCluster] = {}
    by_start: dict[int, ActorCluster] = {}
    starts: dict[int, list[int]] = {}
    index = ClusterIndex()

    def put(m: Mention, target: ActorCluster) -> None:
        target.add(m)
        by_start[m.start] = target
        starts.setdefault(id(target), []).append(m.start)
        index.add(m, target)

    # gazetteer entries, then names longest first, then acronyms (those in brackets after their name first)
    order = sorted(mentions, key=lambda m: (m.entry is None, len(m.tokens) == 1 and is_acronym(m.text),
                                            m.abbreviates is None, -len(m.tokens), m.start))
    for m in order:
        target: ActorCluster | None
        if m.entry is not None:
            target = by_entry.get(m.entry.key)
            if target is None:
                target = by_entry[m.entry.key] = ActorCluster(entry=m.entry)
                clusters.append(target)
        elif m.abbreviates is not None and m.abbreviates in by_start:
            target = by_start[m.abbreviates]  # "Centers for Disease Control and Prevention (CDC)"
        else:
            target = index.best(m, starts)
            if target is None:
                target = ActorCluster()
                clusters.append(target)
        put(m, target)
    clusters.sort(key=lambda c: min(m.start for m in c.mentions))
    return clusters
