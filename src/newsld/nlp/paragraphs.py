"""The `newsld_paragraphs` component: a new paragraph always starts a new sentence.

News text puts one idea per paragraph; without this, the parser sometimes joins a quotation
at the end of one paragraph to the reporting verb that opens the next. It runs before the
parser, which keeps the sentence starts it is given.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc


class ParagraphSentences:
    """Marks the first token after every run of at least `line_breaks` line breaks as a sentence start."""

    def __init__(self, line_breaks: int = 1) -> None:
        if line_breaks < 1:
            raise ValueError(f"newsld_paragraphs: line_breaks must be at least 1, not {line_breaks}")
        self.line_breaks = line_breaks

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        end = len(text)
        starts: list[int] = []
        position = text.find("\n")
        while position >= 0:
            start = position
            while start < end and text[start].isspace():
                start += 1
            if start < end and text.count("\n", position, start) >= self.line_breaks:
                span = doc.char_span(start, start + 1, alignment_mode="expand")
                if span is not None and span.start > 0:
                    starts.append(span.start)
            position = text.find("\n", start)
        if starts:
            # written in one array: setting token.is_sent_start one by one scans the whole Doc each time
            values: Any = doc.to_array([SENT_START])
            values[starts] = 1
            doc.from_array([SENT_START], values)
        return doc


@Language.factory("newsld_paragraphs", default_config={"line_breaks": 1}, assigns=["token.is_sent_start"])
def make_paragraph_sentences(nlp: Language, name: str, line_breaks: int) -> ParagraphSentences:
    return ParagraphSentences(line_breaks)
