"""The bundled gazetteer as a spaCy SpanRuler, and the context a match needs before it names an entry.

Patterns are generated from vocab/gazetteer.json (every name and alias, also in capitals for
headlines; short acronyms only as written). A match is only a candidate: which entry a name
refers to, and whether it may carry a Wikidata link, depends on context that is data too
(vocab/patterns/names.json, "contexts"):
- a form shared by several entries ("Georgia": the country, the U.S. state) names the one whose
  context the article supports, and none when neither or both are supported;
- an entry with a context ("United States Congress": "us") is linked only in such an article;
- a homograph ("Turkey", "Fed", "WHO", "Jordan") is linked only when at least one of its
  mentions is unambiguous: tagged a proper noun, not at a sentence start, not on a line in
  capitals ("Turkey prices rose", "Fed up with", "WHO IS TO BLAME" are not);
- a national qualifier before an international organisation names a national branch, not the
  organisation ("a US Red Cross shelter").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from newsld.nlp.lexicon import fold
from newsld.resources import vocab_path


@cache
def names_data() -> dict[str, Any]:
    """vocab/patterns/names.json: word lists of name finding."""
    data: dict[str, Any] = json.loads(vocab_path("patterns/names.json").read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True, slots=True)
class Entry:
    """A gazetteer entry: canonical name, newsld type, Wikidata id, aliases, demonyms and what its links need."""

    key: int
    name: str
    type: str
    wikidata: str | None
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    kind: str
    context: str | None = None
    homograph: bool = False


def is_acronym(form: str) -> bool:
    """A short form in capitals ("US", "WHO", "U.N."): matched only as written."""
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters)


class Gazetteer:
    """Names, aliases and demonyms of the bundled entries; a form may belong to several entries."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.wikidata_base: str = data["wikidata"]
        self.entries = [Entry(k, e["name"], e["type"], e.get("wikidata"), tuple(e["aliases"]), tuple(e["demonyms"]),
                              e["kind"], e.get("context"), bool(e.get("homograph", False)))
                        for k, e in enumerate(data["entries"])]
        self.exact: dict[str, list[Entry]] = {}
        self.loose: dict[str, list[Entry]] = {}
        self.demonym_index: dict[str, Entry] = {}
        for entry in self.entries:
            for form in (entry.name, *entry.aliases):
                index = self.exact if is_acronym(form) else self.loose
                key = form if is_acronym(form) else fold(form)
                if entry not in index.setdefault(key, []):
                    index[key].append(entry)
            for demonym in entry.demonyms:
                self.demonym_index[fold(demonym)] = entry

    def candidates(self, name: str) -> list[Entry]:
        """Every entry `name` may refer to ("Georgia": the country and the U.S. state)."""
        if name in self.exact:
            return self.exact[name]
        key = fold(name)
        if key.startswith("the "):
            key = key[4:]
        return self.loose.get(key, [])

    def demonym(self, word: str) -> Entry | None:
        return self.demonym_index.get(fold(word))

    def patterns(self) -> list[dict[str, str]]:
        """SpanRuler phrase patterns: each form as written, and in capitals unless it is an acronym."""
        out: dict[str, dict[str, str]] = {}
        for entry in self.entries:
            for form in (entry.name, *entry.aliases):
                for variant in ({form} if is_acronym(form) else {form, form.upper()}):
                    out.setdefault(variant, {"label": entry.type, "pattern": variant, "id": form})
        return list(out.values())

    def iri(self, entry: Entry) -> str | None:
        return self.wikidata_base + entry.wikidata if entry.wikidata else None


@cache
def given_names() -> frozenset[str]:
    """Common given names ("Arnold", "Maureen"): the most frequent ones of the U.S. Census lists in the `names`
    package, as far as vocab/patterns/names.json's "given_names" says, without names that are also places or
    organisations in the gazetteer ("Georgia", "Jordan")."""
    import importlib.resources

    spec = names_data()["given_names"]
    files = importlib.resources.files("names")
    out: set[str] = set()
    for list_name in spec["lists"]:
        for line in files.joinpath(list_name).read_text(encoding="ascii").splitlines():
            fields = line.split()
            if len(fields) == 4 and float(fields[2]) <= spec["max_cumulative_percent"]:
                out.add(fields[0].capitalize())
    gaz = gazetteer()
    return frozenset(n for n in out if not gaz.candidates(n) and n not in spec["also_common_words"])


@cache
def gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded once."""
    return Gazetteer(json.loads(vocab_path("gazetteer.json").read_text(encoding="utf-8")))


class ArticleContext:
    """Which of the gazetteer's contexts ("us", "caucasus") an article supports, found once per article."""

    def __init__(self, text: str, gaz: Gazetteer) -> None:
        self.present = {name for name, pattern in _context_patterns(gaz).items() if pattern.search(text)}

    def choose(self, candidates: list[Entry]) -> Entry | None:
        """The one candidate the context supports; None when none or several fit."""
        fitting = [e for e in candidates if e.context is None or e.context in self.present]
        if len(fitting) > 1:  # a form shared by entries: only a context-specific reading can win
            fitting = [e for e in fitting if e.context is not None]
        return fitting[0] if len(fitting) == 1 else None


@cache
def _context_patterns(gaz: Gazetteer) -> dict[str, re.Pattern[str]]:
    out: dict[str, re.Pattern[str]] = {}
    for name, spec in names_data()["contexts"].items():
        words = set(spec["words"])
        if spec.get("us_states"):
            words.update(e.name for e in gaz.entries if e.kind == "us-state" and e.context is None)
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        out[name] = re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])")
    return out
