"""Word lists and the gazetteer, loaded once from vocab/ (rules are data)."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from newsld.resources import vocab_path


@cache
def lexicon() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(vocab_path("lexicon.json").read_text(encoding="utf-8"))
    return data


def text_of(doc: Any) -> str:
    """The Doc's text, built once: spaCy joins every token each time `doc.text` is read."""
    cached: str | None = doc.user_data.get("newsld_text")
    if cached is None:
        cached = doc.user_data["newsld_text"] = doc.text
    return cached


def fold(text: str) -> str:
    """Compare names loosely: NFKC, curly apostrophes straight, case-folded, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())


@dataclass(frozen=True, slots=True)
class Entry:
    """A gazetteer entry: canonical name, newsld type, Wikidata id, aliases and demonyms."""

    name: str
    type: str
    wikidata: str | None
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    kind: str


class Gazetteer:
    """Looks up names and demonyms; short all-capital aliases ("US", "WHO") match only in capitals."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.wikidata_base: str = data["wikidata"]
        self.entries = [Entry(e["name"], e["type"], e.get("wikidata"), tuple(e["aliases"]), tuple(e["demonyms"]),
                              e["kind"]) for e in data["entries"]]
        self.exact: dict[str, Entry] = {}
        self.loose: dict[str, Entry] = {}
        self.demonym_index: dict[str, Entry] = {}
        for entry in self.entries:
            for form in (entry.name, *entry.aliases):
                if _is_acronym(form):
                    self.exact[form] = entry
                else:
                    self.loose[fold(form)] = entry
            for demonym in entry.demonyms:
                self.demonym_index[fold(demonym)] = entry

    def lookup(self, name: str) -> Entry | None:
        if name in self.exact:
            return self.exact[name]
        key = fold(name)
        if key.startswith("the "):
            key = key[4:]
        return self.loose.get(key)

    def demonym(self, word: str) -> Entry | None:
        return self.demonym_index.get(fold(word))

    def forms(self) -> list[tuple[str, Entry]]:
        """Every name and alias, for the phrase matcher."""
        return [(form, e) for e in self.entries for form in (e.name, *e.aliases)]

    def iri(self, entry: Entry) -> str | None:
        return self.wikidata_base + entry.wikidata if entry.wikidata else None


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters)


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer(json.loads(vocab_path("gazetteer.json").read_text(encoding="utf-8")))
