"""The `newsld_sentence_rules` component: no sentence break after "a.m." in "9 a.m. on Monday".

It runs before the parser and only forbids breaks (the parser respects a token marked as not
starting a sentence): after an abbreviation ending in a period, the next token continues the
sentence when it is lower case, a number or a time-zone, weekday or month word; after a title
abbreviation ("Sen.", "Dr.") it always does. The words are data
(vocab/patterns/attribution_sentences.json).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsld.resources import vocab_path


@cache
def _rules() -> dict[str, frozenset[str]]:
    data: dict[str, Any] = json.loads(vocab_path("patterns/attribution_sentences.json").read_text(encoding="utf-8"))
    return {key: frozenset(data[key]) for key in ("abbreviations", "titles", "continuations")}


@Language.component("newsld_sentence_rules", assigns=["token.is_sent_start"])
def sentence_rules(doc: Doc) -> Doc:
    rules = _rules()
    abbreviations, titles, continuations = rules["abbreviations"], rules["titles"], rules["continuations"]
    for token in doc[:-1]:
        text = token.text
        if not text.endswith(".") and text not in abbreviations:
            continue
        following = doc[token.i + 1]
        if following.is_space or following.is_sent_start:
            continue  # a line break, or a paragraph start set by newsld_paragraphs
        if text in titles or (text in abbreviations and (following.text[:1].islower() or following.text[:1].isdigit()
                                                         or following.text in continuations)):
            following.is_sent_start = False
    return doc
