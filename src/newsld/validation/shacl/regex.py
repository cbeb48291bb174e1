"""XPath regular expressions (what sh:pattern uses, via SPARQL REGEX) translated to Python's `re`.

The two dialects differ where it matters: XPath's `$` is the end of the string, `.` excludes
carriage returns, `\\s` is four characters, `\\w` excludes punctuation (`_` too), classes can be
subtracted (`[a-z-[aeiou]]`), and `\\b` or `(?=` are errors. Character classes are built as
explicit code point sets, so each escape means exactly what XPath says. Unicode block escapes
(`\\p{IsBasicLatin}`) are refused.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

MAX = sys.maxunicode

Ranges = list[tuple[int, int]]


class RegexError(ValueError):
    """The pattern is not an XPath regular expression newsld can run."""


def _normalise(ranges: Ranges) -> Ranges:
    out: Ranges = []
    for low, high in sorted(ranges):
        if out and low <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def _complement(ranges: Ranges) -> Ranges:
    out: Ranges = []
    start = 0
    for low, high in _normalise(ranges):
        if low > start:
            out.append((start, low - 1))
        start = high + 1
    if start <= MAX:
        out.append((start, MAX))
    return out


def _subtract(ranges: Ranges, minus: Ranges) -> Ranges:
    keep = _complement(minus)
    out: Ranges = []
    for low, high in _normalise(ranges):
        for k_low, k_high in keep:
            a, b = max(low, k_low), min(high, k_high)
            if a <= b:
                out.append((a, b))
    return out


@cache
def _categories() -> dict[str, Ranges]:
    """Code point ranges of every Unicode general category (built once, only if a pattern needs it)."""
    table: dict[str, Ranges] = {}
    current, start = unicodedata.category("\0"), 0
    for cp in range(1, MAX + 2):
        cat = unicodedata.category(chr(cp)) if cp <= MAX else ""
        if cat != current:
            table.setdefault(current, []).append((start, cp - 1))
            current, start = cat, cp
    return table


def _category(name: str) -> Ranges:
    table = _categories()
    if len(name) == 1:
        found = [r for cat, ranges in table.items() if cat.startswith(name) for r in ranges]
        if not found:
            raise RegexError(f"unknown Unicode category \\p{{{name}}}")
        return _normalise(found)
    if name not in table and name not in ("Cn", "Co", "Cs"):
        raise RegexError(f"unknown Unicode category \\p{{{name}}}")
    return table.get(name, [])


def _from_string(chars: str) -> Ranges:
    """Ranges from a regex-class-like string of characters and a-b spans."""
    out: Ranges = []
    i = 0
    while i < len(chars):
        if i + 2 < len(chars) and chars[i + 1] == "-":
            out.append((ord(chars[i]), ord(chars[i + 2])))
            i += 3
        else:
            out.append((ord(chars[i]), ord(chars[i])))
            i += 1
    return _normalise(out)


_NAME_START = _from_string(":A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
                           "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_NAME_CHAR = _normalise(_NAME_START + _from_string("-.0-9\u00b7\u0300-\u036f\u203f-\u2040"))
_SPACE = _from_string(" \t\n\r")
_SINGLE = {"n": "\n", "r": "\r", "t": "\t"}
_LITERAL_ESCAPES = set("\\|.-^?*+{}()[]$")


def _multi(letter: str) -> Ranges:
    if letter in "sS":
        ranges = _SPACE
    elif letter in "dD":
        ranges = _category("Nd")
    elif letter in "wW":
        ranges = _complement(_normalise(_category("P") + _category("Z") + _category("C")))
    elif letter in "iI":
        ranges = _NAME_START
    else:
        ranges = _NAME_CHAR
    return _complement(ranges) if letter.isupper() else ranges


def _class(ranges: Ranges) -> str:
    if not ranges:
        return "(?!)"
    return "[" + "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]"


class _Translator:
    def __init__(self, pattern: str, flags: str) -> None:
        self.p = pattern
        self.i = 0
        self.dotall = "s" in flags
        self.multiline = "m" in flags
        self.extended = "x" in flags
        self.groups = 0

    def error(self, why: str) -> RegexError:
        return RegexError(f"{why} at position {self.i} of {self.p!r}")

    def peek(self) -> str:
        return self.p[self.i] if self.i < len(self.p) else ""

    def translate(self) -> str:
        out: list[str] = []
        depth = 0
        can_repeat = False
        while self.i < len(self.p):
            c = self.p[self.i]
            if self.extended and c in " \t\n\r":
                self.i += 1
                continue
            if c == "\\":
                out.append(self.escape_outside())
                can_repeat = True
            elif c == "[":
                self.i += 1
                out.append(_class(self.char_class()))
                can_repeat = True
            elif c == ".":
                self.i += 1
                out.append("." if self.dotall else "[^\\n\\r]")
                can_repeat = True
            elif c == "^":
                self.i += 1
                out.append("^")
                can_repeat = False
            elif c == "$":
                self.i += 1
                out.append("$" if self.multiline else "\\Z")
                can_repeat = False
            elif c == "(":
                self.i += 1
                if self.p.startswith("?:", self.i):
                    self.i += 2
                    out.append("(?:")
                elif self.peek() == "?":
                    raise self.error("'(?' is not XPath regular expression syntax (only '(?:' is)")
                else:
                    self.groups += 1
                    out.append("(")
                depth += 1
                can_repeat = False
            elif c == ")":
                if depth == 0:
                    raise self.error("unbalanced ')'")
                depth -= 1
                self.i += 1
                out.append(")")
                can_repeat = True
            elif c == "|":
                self.i += 1
                out.append("|")
                can_repeat = False
            elif c in "*+?{":
                if not can_repeat:
                    raise self.error(f"quantifier {c!r} follows nothing")
                out.append(self.quantifier())
                if self.peek() == "?":  # reluctant
                    self.i += 1
                    out.append("?")
                can_repeat = False
            elif c in "]}":
                raise self.error(f"unescaped {c!r}")
            else:
                self.i += 1
                out.append(re.escape(c))
                can_repeat = True
        if depth:
            raise self.error("unbalanced '('")
        return "".join(out)

    def quantifier(self) -> str:
        c = self.p[self.i]
        self.i += 1
        if c != "{":
            return c
        m = re.compile(r"([0-9]+)(,([0-9]*))?\}").match(self.p, self.i)
        if m is None:
            raise self.error("malformed {n,m} quantifier")
        self.i = m.end()
        low, high = int(m.group(1)), m.group(3)
        if high and int(high) < low:
            raise self.error("quantifier {n,m} with m < n")
        return "{" + m.group(0)

    def escape_outside(self) -> str:
        self.i += 1
        c = self.peek()
        if not c:
            raise self.error("pattern ends with a backslash")
        if c.isdigit() and c != "0":
            digits = re.compile(r"[0-9]+").match(self.p, self.i)
            assert digits is not None
            number = digits.group(0)
            while number and int(number) > self.groups:
                number = number[:-1]
            if not number:
                raise self.error(f"back-reference \\{c} to a group not yet closed")
            self.i += len(number)
            return f"(?:\\{number})"
        return _class(self.escape_ranges())

    def escape_ranges(self) -> Ranges:
        """The code points of the escape at self.i (just after the backslash)."""
        c = self.peek()
        self.i += 1
        if c in _SINGLE:
            return [(ord(_SINGLE[c]), ord(_SINGLE[c]))]
        if c in _LITERAL_ESCAPES:
            return [(ord(c), ord(c))]
        if c in "sSdDwWiIcC":
            return _multi(c)
        if c in "pP":
            m = re.compile(r"\{([A-Za-z0-9-]+)\}").match(self.p, self.i)
            if m is None:
                raise self.error(f"malformed \\{c}{{...}}")
            self.i = m.end()
            name = m.group(1)
            if name.startswith("Is"):
                raise self.error(f"Unicode block escapes (\\{c}{{{name}}}) are not supported by newsld")
            ranges = _category(name)
            return _complement(ranges) if c == "P" else ranges
        raise self.error(f"\\{c} is not an XPath regular expression escape")

    def char_class(self) -> Ranges:
        """A class after its '['; returns its code points and consumes the closing ']'."""
        negated = False
        if self.peek() == "^":
            negated = True
            self.i += 1
        ranges: Ranges = []
        first = True
        while True:
            c = self.peek()
            if not c:
                raise self.error("unterminated character class")
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            if c == "-" and self.p.startswith("-[", self.i):
                self.i += 2
                minus = self.char_class()
                if self.peek() != "]":
                    raise self.error("a class subtraction must end its class")
                self.i += 1
                base = _complement(ranges) if negated else _normalise(ranges)
                return _subtract(base, minus)
            if c == "[":
                raise self.error("'[' must be escaped inside a character class")
            if c == "\\" and self.p[self.i + 1:self.i + 2] not in _SINGLE and \
                    self.p[self.i + 1:self.i + 2] not in _LITERAL_ESCAPES:
                self.i += 1
                ranges.extend(self.escape_ranges())  # \d, \p{L}, ... inside a class
                continue
            low = self.class_char()
            if self.peek() == "-" and self.p[self.i + 1:self.i + 2] not in ("]", "["):
                self.i += 1
                if self.peek() == "\\" and self.p[self.i + 1:self.i + 2] not in _SINGLE and \
                        self.p[self.i + 1:self.i + 2] not in _LITERAL_ESCAPES:
                    raise self.error("a range cannot end in a multi-character escape")
                high = self.class_char()
                if high < low:
                    raise self.error("a range in a character class ends before it starts")
                ranges.append((low, high))
            else:
                ranges.append((low, low))
        return _complement(ranges) if negated else _normalise(ranges)

    def class_char(self) -> int:
        """One character of a class, escaped or not."""
        c = self.peek()
        if not c:
            raise self.error("unterminated character class")
        self.i += 1
        if c != "\\":
            return ord(c)
        e = self.peek()
        if not e:
            raise self.error("pattern ends with a backslash")
        self.i += 1
        return ord(_SINGLE.get(e, e))


def compile_xpath(pattern: str, flags: str = "") -> re.Pattern[str]:
    """A compiled Python regex that matches exactly what the XPath pattern with these flags matches."""
    unknown = set(flags) - set("smixq")
    if unknown:
        raise RegexError(f"unknown regular expression flag(s) {''.join(sorted(unknown))!r} "
                         "(XPath allows s, m, i, x, q)")
    python_flags = re.IGNORECASE if "i" in flags else 0
    if "q" in flags:
        return re.compile(re.escape(pattern), python_flags)
    translator = _Translator(pattern, flags)
    translated = translator.translate()
    if "m" in flags:
        python_flags |= re.MULTILINE
    if "s" in flags:
        python_flags |= re.DOTALL
    try:
        return re.compile(translated, python_flags)
    except re.error as e:  # pragma: no cover - the translation only writes valid Python syntax
        raise RegexError(f"{pattern!r} cannot be compiled: {e}") from None

