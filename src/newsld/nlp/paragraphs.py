"""The `newsld_paragraphs` component: a new paragraph always starts a new sentence.

News text puts one idea per paragraph; without this, the parser sometimes joins a quotation
at the end of one paragraph to the reporting verb that opens the next.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsld_paragraphs")
def paragraph_sentences(doc: Doc) -> Doc:
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
    return doc
