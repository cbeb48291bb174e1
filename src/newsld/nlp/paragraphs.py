"""The `newsld_paragraphs` component: a new paragraph always starts a new sentence.

News text puts one idea per paragraph; without this, the parser sometimes joins a quotation
at the end of one paragraph to the reporting verb that opens the next.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsld_paragraphs")
def paragraph_sentences(doc: Doc) -> Doc:
    text = doc.text
    end = len(text)
    position = text.find("\n")
    while position >= 0:
        # the first token after this run of line breaks opens a sentence
        start = position
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            span = doc.char_span(start, start + 1, alignment_mode="expand")
            if span is not None and span.start > 0:
                span[0].is_sent_start = True
        position = text.find("\n", start)
    return doc
