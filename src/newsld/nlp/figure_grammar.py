"""The figure grammar as data: Matcher patterns with a role per token, read from vocab/patterns/figures_*.json.

`figures_patterns.json` writes patterns with named fragments ("NUM" for any way of writing a
number) and word lists by reference ("@hedges"); this module expands them into plain spaCy
Matcher patterns and remembers, for every expanded pattern, the role of each of its tokens, so a
match can be read back with the alignments spaCy returns (`with_alignments=True`).
"""

from __future__ import annotations

import copy
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import LIKE_NUM, LOWER
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from newsld.errors import InputError
from newsld.resources import vocab_path

WORDS_FILE = "patterns/figures_words.json"
PATTERNS_FILE = "patterns/figures_patterns.json"
NUMBER_ROLES = frozenset({"num", "num2", "frac"})
ANCHOR_ROLES = frozenset({"num", "num2", "frac", "scale", "scale2"})
_UNBOUNDED = 10**6


@dataclass(frozen=True, slots=True)
class Rule:
    """One named group of patterns: what it finds (kind), how sure it is, and how it competes."""

    name: str
    kind: str  # money, percent, proportion, measure, count, compound; "block" for not_figures
    priority: int = 0
    confidence: float = 0.8
    is_range: bool = False
    not_after: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Match:
    """One pattern match: token range, the rule, and the role of each token in it."""

    start: int
    end: int
    rule: Rule
    roles: tuple[str, ...]

    def tokens(self, *roles: str) -> list[int]:
        """Token indices with one of the given roles."""
        return [self.start + k for k, role in enumerate(self.roles) if role in roles]

    def number_tokens(self) -> set[int]:
        return {self.start + k for k, role in enumerate(self.roles) if role in NUMBER_ROLES}


INDEX_NAME = Rule("index-name", "block")


@dataclass
class Grammar:
    """The compiled figure grammar: a Matcher for figures and non-figures, a PhraseMatcher for hedges.

    Every pattern holds a number word, digit or scale (an anchor), and reaches at most `reach`
    tokens from its anchors; so the Matcher runs only on windows of text around such tokens,
    which finds exactly what it finds on the whole Doc, in a fraction of the time (most of a
    news text is far from any number)."""

    words: dict[str, Any]
    matcher: Matcher
    hedges: PhraseMatcher
    indexes: PhraseMatcher
    rules: dict[str, tuple[Rule, tuple[str, ...]]] = field(default_factory=dict)  # matcher key -> rule, roles
    anchors: re.Pattern[str] | None = None  # a token that can be an anchor (lower case)
    reach: int | None = None  # None: some pattern is unbounded, match the whole Doc
    _anchor_cache: dict[int, bool] = field(default_factory=dict)

    def matches(self, doc: Doc) -> list[Match]:
        """Every figure and non-figure match in the Doc, with token roles; numbers in market index
        names ("FTSE 100", "S&P 500") are non-figures found by the index PhraseMatcher."""
        found = []
        for _, start, end in self.indexes(doc):
            roles = tuple("num" if t.is_digit else "" for t in doc[start:end])
            if "num" in roles:
                found.append(Match(start, end, INDEX_NAME, roles))
        for window in self.windows(doc):
            offset = window.start
            for key, start, end, alignment in self.matcher(window, with_alignments=True):  # type: ignore[misc]
                rule, roles = self.rules[doc.vocab.strings[key]]
                found.append(Match(offset + start, offset + end, rule, tuple(roles[k] for k in alignment)))
        return found

    def windows(self, doc: Doc) -> list[Span]:
        """Stretches of the Doc that hold every possible match: `reach` tokens around each anchor, merged
        where they overlap."""
        if self.reach is None or self.anchors is None or len(doc) == 0:
            return [doc[:]]
        lowers = doc.to_array([LOWER])
        keys, inverse = numpy.unique(lowers, return_inverse=True)
        cache, strings = self._anchor_cache, doc.vocab.strings
        for key in keys.tolist():
            if key not in cache:
                cache[key] = bool(self.anchors.match(strings[key]))
        is_anchor = numpy.array([cache[k] for k in keys.tolist()], dtype=bool)[inverse.ravel()]
        is_anchor |= doc.to_array([LIKE_NUM]).astype(bool).ravel()
        positions = numpy.flatnonzero(is_anchor).tolist()
        spans: list[Span] = []
        merge = 2 * self.reach
        start = end = -1
        for i in positions:
            if start >= 0 and i - end <= merge:
                end = i
                continue
            if start >= 0:
                spans.append(doc[max(0, start - self.reach):min(len(doc), end + self.reach + 1)])
            start = end = i
        if start >= 0:
            spans.append(doc[max(0, start - self.reach):min(len(doc), end + self.reach + 1)])
        return spans


def load_json(path: Path) -> dict[str, Any]:
    """A grammar file as a dict; a broken file is an InputError that names it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(str(path), f"cannot read the figure grammar ({e})") from e
    if not isinstance(data, dict):
        raise InputError(str(path), "the figure grammar must be a JSON object")
    return data


def build_grammar(tokenize: Callable[[str], Doc], words_path: str | None = None,
                  patterns_path: str | None = None) -> Grammar:
    """Compile the bundled grammar (or the files given) with a pipeline's tokenizer (`nlp.make_doc`)."""
    vocab = tokenize("").vocab
    words_file = Path(words_path) if words_path else vocab_path(WORDS_FILE)
    patterns_file = Path(patterns_path) if patterns_path else vocab_path(PATTERNS_FILE)
    words = load_json(words_file)
    grammar_data = load_json(patterns_file)
    expander = _Expander(words, grammar_data.get("regex", {}), grammar_data.get("fragments", {}), patterns_file)
    matcher = Matcher(vocab, validate=True)
    rules: dict[str, tuple[Rule, tuple[str, ...]]] = {}
    reach = 0
    groups = [(g, False) for g in grammar_data.get("figures", [])] + \
        [(g, True) for g in grammar_data.get("not_figures", [])]
    for group, blocks in groups:
        not_after = group.get("not_after", [])
        if isinstance(not_after, str):
            not_after = expander.resolve("not_after", not_after)
        rule = Rule(group["name"], "block" if blocks else group["kind"], group.get("priority", 0),
                    group.get("confidence", 0.8), bool(group.get("range", False)), frozenset(not_after))
        for n, template in enumerate(group["patterns"]):
            for m, (pattern, roles) in enumerate(expander.expand(template)):
                key = f"{rule.name}#{n}.{m}"
                try:
                    matcher.add(key, [pattern])
                except ValueError as e:
                    raise InputError(str(patterns_file), f"pattern {rule.name} #{n} is not a valid Matcher "
                                                         f"pattern: {e}") from e
                rules[key] = (rule, tuple(roles))
                reach = max(reach, _reach(pattern, roles))
    hedges = PhraseMatcher(vocab, attr="LOWER")
    for qualifier, phrases in words["hedges"].items():
        hedges.add(qualifier, [tokenize(p) for p in phrases])
    indexes = PhraseMatcher(vocab, attr="ORTH")
    indexes.add("index", [tokenize(p) for p in words["index_names"]])
    anchor_words = sorted({*words["scales"], *words["fractions"], *words["number_words"]}, key=len, reverse=True)
    alternatives = [grammar_data["regex"][name] for name in grammar_data.get("anchors", [])]
    alternatives.append("^(?:" + "|".join(re.escape(w) for w in anchor_words) + ")$")
    anchors = re.compile("|".join(f"(?:{a})" for a in alternatives))
    return Grammar(words, matcher, hedges, indexes, rules, anchors, reach if reach < _UNBOUNDED else None)


def _reach(pattern: list[dict[str, Any]], roles: list[str]) -> int:
    """How far a pattern's tokens can lie from its nearest anchor token (number or scale), at most.

    Tokens before the first anchor, after the last, and between two anchors count with their
    quantifier's upper bound; "+" or "*" on a token that is not an anchor makes it unbounded. A
    joiner inside a number ("twenty - nine", "half a") is not an anchor but sits next to one."""
    def most(token: dict[str, Any]) -> int:
        op = token.get("OP", "1")
        if op in ("1", "!", "?"):
            return 1
        if op in ("+", "*"):
            return _UNBOUNDED
        bounds = op.strip("{}").split(",")
        return int(bounds[-1]) if bounds[-1] else _UNBOUNDED

    anchored = [k for k, role in enumerate(roles) if role in ANCHOR_ROLES]
    if not anchored:
        return _UNBOUNDED
    lengths = [0 if k in anchored and pattern[k].get("OP") in ("*", "+") else most(pattern[k])
               for k in range(len(pattern))]
    before = sum(lengths[:anchored[0]])
    after = sum(lengths[anchored[-1] + 1:])
    gaps = [sum(lengths[a + 1:b]) for a, b in itertools.pairwise(anchored)]
    return max(before, after, *gaps, 0) + 2


class _Expander:
    """Turns templates with fragments and @references into plain Matcher patterns plus roles."""

    def __init__(self, words: dict[str, Any], regex: dict[str, str], fragments: dict[str, Any], path: Path) -> None:
        self.words = words
        self.regex = regex
        self.fragments = fragments
        self.path = path

    def expand(self, template: list[Any]) -> list[tuple[list[dict[str, Any]], list[str]]]:
        """Every (pattern, roles) a template stands for: the product of its fragments' alternatives."""
        choices: list[list[list[dict[str, Any]]]] = []
        for item in template:
            if isinstance(item, str):
                choices.append(self.fragment(item))
            else:
                choices.append([[self.token(item)]])
        out = []
        for combination in itertools.product(*choices):
            tokens = [dict(t) for part in combination for t in part]
            roles = [t.pop("role", "") for t in tokens]
            out.append((tokens, roles))
        return out

    def fragment(self, ref: str) -> list[list[dict[str, Any]]]:
        name, _, suffix = ref.partition(":")
        if name not in self.fragments:
            raise InputError(str(self.path), f"unknown fragment {name!r}")
        alternatives = []
        for alternative in self.fragments[name]:
            for pattern, roles in self.expand(alternative):
                for token, role in zip(pattern, roles, strict=True):
                    if role:
                        token["role"] = role + suffix
                alternatives.append(pattern)
        return alternatives

    def token(self, spec: dict[str, Any]) -> dict[str, Any]:
        return {key: self.resolve(key, value) for key, value in copy.deepcopy(spec).items()}

    def resolve(self, key: str, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: self.resolve(k, v) for k, v in value.items()}
        if isinstance(value, str) and value.startswith("@"):
            if key == "REGEX":
                if value[1:] not in self.regex:
                    raise InputError(str(self.path), f"unknown regex {value}")
                return self.regex[value[1:]]
            return self.word_list(value[1:])
        return value

    def word_list(self, ref: str) -> list[str]:
        name, _, part = ref.partition(".")
        if name not in self.words:
            raise InputError(str(self.path), f"unknown word list @{name}")
        items = list(self.words[name])  # a dict gives its keys
        if part == "words":
            return sorted({w for item in items for w in item.split()})
        return items
