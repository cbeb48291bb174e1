"""Word lists shared by the components, loaded once from vocab/lexicon.json (rules are data)."""

from __future__ import annotations

import json
import unicodedata
from functools import cache, lru_cache
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


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Compare names loosely: NFKC, curly apostrophes straight, case-folded, spaces collapsed (cached: names repeat)."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())
