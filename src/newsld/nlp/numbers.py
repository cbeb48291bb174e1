"""Read the value of a written number: digits, number words, scale words, fractions ("9.5 billion" -> 9500000000).

Pure Python on token texts (no spaCy), so the arithmetic is exact and testable on its own. Values
are `Decimal`s; a fraction that has no finite decimal expansion (1/3) is rounded to
`FRACTION_PLACES` decimal places and reported as rounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

FRACTION_PLACES = 12
_GLUED = re.compile(r"^(\d+(?:\.\d+)?)([a-z]+)$")


@dataclass(frozen=True, slots=True)
class NumberWords:
    """The number vocabulary: words with values, scale words, glued magnitude suffixes, fraction words."""

    words: dict[str, Decimal]
    scales: dict[str, Decimal]
    glued: dict[str, Decimal]
    fractions: dict[str, Fraction]

    @classmethod
    def from_data(cls, data: dict[str, object]) -> NumberWords:
        def decimals(key: str) -> dict[str, Decimal]:
            table = data[key]
            assert isinstance(table, dict)
            return {k: Decimal(str(v)) for k, v in table.items()}

        fractions = data["fractions"]
        assert isinstance(fractions, dict)
        return cls(decimals("number_words"), decimals("scales"), decimals("glued_scales"),
                   {k: Fraction(v) for k, v in fractions.items()})


def read_number(parts: list[tuple[str, str, bool]], vocab: NumberWords) -> Decimal | None:
    """The value of one written number, or None when the words are no number.

    `parts` are (role, lower-case text, written right after the previous token without a space),
    roles "num" and "scale". The number words are one token ("9.5", "3.4bn", "twenty", "forty-one"),
    "a"/"an" before a scale ("a thousand"), "half a" ("half a million"), or tens "-" units
    ("twenty - nine"). Scales follow English number grammar: "hundred" and "dozen" multiply what
    came before, larger scales close a group ("two hundred thousand" = 200 * 1000)."""
    words = [text for role, text, _ in parts if role == "num"]
    scales = [(text, glued) for role, text, glued in parts if role == "scale"]
    if not words or [role for role, _, _ in parts] != ["num"] * len(words) + ["scale"] * len(scales):
        return None
    if words in (["a"], ["an"]):
        if not scales:
            return None  # "a" alone is an article
        value = Decimal(1)
    elif len(words) == 2 and words[0] == "half" and words[1] in ("a", "an"):
        value = Decimal("0.5")
    elif len(words) == 3 and words[1] in ("-", "–") and words[0] in vocab.words and words[2] in vocab.words \
            and vocab.words[words[0]] >= 20 and vocab.words[words[0]] % 10 == 0 and 0 < vocab.words[words[2]] < 10:
        value = vocab.words[words[0]] + vocab.words[words[2]]
    elif len(words) == 1 and words[0] not in ("a", "an", "half"):
        plain = _plain_number(words[0], vocab)
        if plain is None:
            return None
        value = plain
    else:
        return None
    total = Decimal(0)
    current: Decimal | None = value
    for text, glued in scales:
        scale = vocab.scales.get(text)
        if scale is None or (text in vocab.glued and not glued):
            return None  # "5 m" is five metres, "5m" five million
        base = Decimal(1) if current is None else current
        if scale < 1000:
            current = base * scale
        else:
            total += base * scale
            current = None
    return total + (current or 0)


def _plain_number(text: str, vocab: NumberWords) -> Decimal | None:
    if text in vocab.words:
        return vocab.words[text]
    for dash in ("-", "–"):
        if dash in text:
            tens, _, ones = text.partition(dash)
            if tens in vocab.words and ones in vocab.words:
                return vocab.words[tens] + vocab.words[ones]
    glued = _GLUED.match(text)
    if glued and glued.group(2) in vocab.glued:
        return Decimal(glued.group(1)) * vocab.glued[glued.group(2)]
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def fraction_value(numerator: Decimal, word: str, vocab: NumberWords) -> Fraction | None:
    """numerator times the fraction a word names ("two" "thirds" -> 2/3; "two-thirds" in one token too)."""
    for dash in ("-", "–"):
        if dash in word:
            head, _, tail = word.partition(dash)
            if head in vocab.words and tail in vocab.fractions:
                return Fraction(vocab.words[head]) * vocab.fractions[tail]
    unit = vocab.fractions.get(word)
    return None if unit is None else Fraction(numerator) * unit


def to_decimal(value: Fraction) -> tuple[Decimal, bool]:
    """(the value as a Decimal, whether it had to be rounded): 1/4 -> 0.25 exactly, 1/3 -> 0.333333333333."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        return exact, False
    return exact.quantize(Decimal(1).scaleb(-FRACTION_PLACES)), True


def normalise(value: Decimal) -> Decimal:
    """The same value without trailing zeros and never in exponent form (9.5e9 -> 9500000000)."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return Decimal(format(value.normalize(), "f"))


def decimal_string(value: Decimal) -> str:
    """The canonical decimal string newsld writes: "9500000000", "1.6", "0.333333333333"."""
    return format(normalise(value), "f")
