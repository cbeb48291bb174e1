"""XSD datatypes for SHACL: which literals are well-formed, and how literal values compare.

`sh:datatype` requires a literal to be well-formed for its datatype ("2025-02-30"^^xsd:date and
"300"^^xsd:byte are not); `sh:minInclusive` and its siblings compare values with SPARQL's `<`
operator, which is defined across the numeric types, for strings, booleans and date/time values,
and is an error (so a violation) for anything else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_STRING = XSD + "string"
LANG_STRING = RDF + "langString"

# ---------------------------------------------------------------- lexical spaces

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_FLOAT = re.compile(r"[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|INF)|NaN")
_YEAR = r"(-?(?:[1-9][0-9]{3,}|0[0-9]{3}))"
_MONTH = r"(0[1-9]|1[0-2])"
_DAY = r"(0[1-9]|[12][0-9]|3[01])"
_TIME = r"(?:([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9](?:\.[0-9]+)?)|(24):(00):(00(?:\.0+)?))"
_ZONE = r"(Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_DATE_TIME = re.compile(f"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_ZONE}?")
_DATE_TIME_STAMP = re.compile(f"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_ZONE}")
_DATE = re.compile(f"{_YEAR}-{_MONTH}-{_DAY}{_ZONE}?")
_TIME_OF_DAY = re.compile(f"{_TIME}{_ZONE}?")
_G_YEAR = re.compile(f"{_YEAR}{_ZONE}?")
_G_YEAR_MONTH = re.compile(f"{_YEAR}-{_MONTH}{_ZONE}?")
_G_MONTH = re.compile(f"--{_MONTH}{_ZONE}?")
_G_DAY = re.compile(f"---{_DAY}{_ZONE}?")
_G_MONTH_DAY = re.compile(f"--{_MONTH}-{_DAY}{_ZONE}?")
_DURATION = re.compile(r"(-)?P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)D)?"
                       r"(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:\.[0-9]+)?)S)?)?")
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})*")
_B64 = r"[A-Za-z0-9+/]"
_BASE64 = (rf"(?:(?:{_B64} ?){{4}})*(?:(?:{_B64} ?){{3}}{_B64}|(?:{_B64} ?){{2}}[AEIMQUYcgkosw048] ?="
           rf"|{_B64} ?[AQgw] ?= ?=)?")
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*")
# XML 1.0 (fifth edition) name characters
_NAME_START = (":A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
               "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_NAME_CHAR = _NAME_START + r"\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_NAME = f"[{_NAME_START}][{_NAME_CHAR}]*"
_NCNAME = f"[{_NAME_START.replace(':', '')}][{_NAME_CHAR.replace(':', '')}]*"
_NMTOKEN = f"[{_NAME_CHAR}]+"


def _lazy(pattern: str) -> Callable[[str], bool]:
    """A full-match check compiled on first use (these patterns are slow to compile and rarely needed)."""
    compiled: list[re.Pattern[str]] = []

    def check(text: str) -> bool:
        if not compiled:
            compiled.append(re.compile(pattern))
        return compiled[0].fullmatch(text) is not None

    return check
# Every Unicode string is an xsd:string here. XSD 1.1 borrows XML's Char production, which leaves
# out NUL, U+FFFE and U+FFFF, but RDF literals are Unicode strings (N-Triples and Turtle write NUL
# as \u0000) and RDF processors accept them; an RDF string can hold no lone surrogate anyway.

# integer datatypes derived from xsd:integer, with their value ranges
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonNegativeInteger": (0, None), "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1), "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1), "byte": (-(2**7), 2**7 - 1),
    "unsignedLong": (0, 2**64 - 1), "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1), "unsignedByte": (0, 2**8 - 1),
}
INTEGER_TYPES = frozenset(XSD + name for name in _INTEGER_RANGES)
NUMERIC_TYPES = INTEGER_TYPES | {XSD + "decimal", XSD + "float", XSD + "double"}


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        # XSD years are proleptic Gregorian; year 0 is 1 BCE (a leap year)
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _real_day(m: re.Match[str] | None) -> bool:
    return m is not None and int(m.group(3)) <= _days_in_month(int(m.group(1)), int(m.group(2)))


def _integer_check(name: str) -> Callable[[str], bool]:
    low, high = _INTEGER_RANGES[name]

    def check(text: str) -> bool:
        if not _INTEGER.fullmatch(text):
            return False
        if low is None and high is None:
            return True
        value = int(text)
        return (low is None or value >= low) and (high is None or value <= high)

    return check


def _duration_check(kind: str) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        m = _DURATION.fullmatch(text)
        if m is None or text.endswith("T"):
            return False
        parts = m.groups()[1:]
        if all(p is None for p in parts):
            return False
        if kind == "dayTime" and (parts[0] is not None or parts[1] is not None):
            return False
        return not (kind == "yearMonth" and any(p is not None for p in parts[2:]))

    return check


def _any_string(text: str) -> bool:
    return True


def _normalized(text: str) -> bool:
    return not any(c in text for c in "\r\n\t")


def _token(text: str) -> bool:
    return _normalized(text) and text == text.strip(" ") and "  " not in text


_CHECKS: dict[str, Callable[[str], bool]] = {
    XSD + "string": _any_string,
    XSD + "normalizedString": _normalized,
    XSD + "token": _token,
    XSD + "language": lambda t: _LANGUAGE.fullmatch(t) is not None,
    XSD + "Name": _lazy(_NAME),
    XSD + "NCName": _lazy(_NCNAME),
    XSD + "ID": _lazy(_NCNAME),
    XSD + "IDREF": _lazy(_NCNAME),
    XSD + "ENTITY": _lazy(_NCNAME),
    XSD + "NMTOKEN": _lazy(_NMTOKEN),
    XSD + "boolean": lambda t: t in ("true", "false", "1", "0"),
    XSD + "decimal": lambda t: _DECIMAL.fullmatch(t) is not None,
    XSD + "float": lambda t: _FLOAT.fullmatch(t) is not None,
    XSD + "double": lambda t: _FLOAT.fullmatch(t) is not None,
    XSD + "dateTime": lambda t: _real_day(_DATE_TIME.fullmatch(t)),
    XSD + "dateTimeStamp": lambda t: _real_day(_DATE_TIME_STAMP.fullmatch(t)),
    XSD + "date": lambda t: _real_day(_DATE.fullmatch(t)),
    XSD + "time": lambda t: _TIME_OF_DAY.fullmatch(t) is not None,
    XSD + "gYear": lambda t: _G_YEAR.fullmatch(t) is not None,
    XSD + "gYearMonth": lambda t: _G_YEAR_MONTH.fullmatch(t) is not None,
    XSD + "gMonth": lambda t: _G_MONTH.fullmatch(t) is not None,
    XSD + "gDay": lambda t: _G_DAY.fullmatch(t) is not None,
    XSD + "gMonthDay": lambda t: (m := _G_MONTH_DAY.fullmatch(t)) is not None
    and int(m.group(2)) <= _days_in_month(2000, int(m.group(1))),
    XSD + "duration": _duration_check("any"),
    XSD + "dayTimeDuration": _duration_check("dayTime"),
    XSD + "yearMonthDuration": _duration_check("yearMonth"),
    XSD + "hexBinary": lambda t: _HEX.fullmatch(t) is not None,
    XSD + "base64Binary": _lazy(_BASE64),
    XSD + "anyURI": _any_string,
}
_CHECKS.update({XSD + name: _integer_check(name) for name in _INTEGER_RANGES})

# datatypes whose lexical space newsld checks; any other datatype IRI (rdf:HTML, ex:myType, ...)
# cannot be checked and its literals count as well-formed, as SHACL allows
KNOWN_DATATYPES = frozenset(_CHECKS)


def well_formed(lexical: str, datatype: str, language: str | None = None) -> bool:
    """True when `lexical` is in the lexical space of `datatype` (unknown datatypes always are)."""
    if datatype == LANG_STRING:
        return bool(language)
    check = _CHECKS.get(datatype)
    return check is None or check(lexical)


# ---------------------------------------------------------------- values for comparison

# kinds of comparable value: numbers compare across numeric types, the rest within their kind
_NUMBER, _STRING, _BOOLEAN, _INSTANT, _DURATION_MONTHS, _DURATION_SECONDS = range(6)
_TIME_KINDS = {"dateTime": "dateTime", "dateTimeStamp": "dateTime", "date": "date", "time": "time",
               "gYear": "gYear", "gYearMonth": "gYearMonth", "gMonth": "gMonth", "gDay": "gDay",
               "gMonthDay": "gMonthDay"}
_FOURTEEN_HOURS = 14 * 3600


def _days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 0000-03-01 in the proleptic Gregorian calendar (works for any year)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe


def _zone_seconds(zone: str | None) -> int | None:
    if zone is None:
        return None
    if zone == "Z":
        return 0
    sign = -1 if zone[0] == "-" else 1
    return sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)


def _instant(kind: str, text: str) -> tuple[str, Fraction, bool] | None:
    """(time kind, seconds on a common time line in UTC or local time, has a zone)."""
    year, month, day = 1972, 12, 31  # the reference date XSD uses for times without one
    hour, minute, second = 0, 0, Fraction(0)
    if kind == "dateTime":
        m = _DATE_TIME.fullmatch(text)
        if m is None or not _real_day(m):
            return None
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        hour, minute, second = _clock(m.groups()[3:9])
        zone = m.group(10)
    elif kind == "date":
        m = _DATE.fullmatch(text)
        if m is None or not _real_day(m):
            return None
        year, month, day, zone = int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4)
    elif kind == "time":
        m = _TIME_OF_DAY.fullmatch(text)
        if m is None:
            return None
        hour, minute, second = _clock(m.groups()[0:6])
        zone = m.group(7)
    else:
        pattern = {"gYear": _G_YEAR, "gYearMonth": _G_YEAR_MONTH, "gMonth": _G_MONTH, "gDay": _G_DAY,
                   "gMonthDay": _G_MONTH_DAY}[kind]
        m = pattern.fullmatch(text)
        if m is None:
            return None
        groups = m.groups()
        zone = groups[-1]
        if kind == "gYear":
            year, month, day = int(groups[0]), 1, 1
        elif kind == "gYearMonth":
            year, month, day = int(groups[0]), int(groups[1]), 1
        elif kind == "gMonth":
            month, day = int(groups[0]), 1
        elif kind == "gDay":
            month, day = 1, int(groups[0])
        else:
            month, day = int(groups[0]), int(groups[1])
            if day > _days_in_month(2000, month):
                return None
    seconds = (_days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60) + second
    offset = _zone_seconds(zone)
    if offset is not None:
        seconds -= offset
    return kind, seconds, offset is not None


def _clock(groups: tuple[str | None, ...]) -> tuple[int, int, Fraction]:
    h, mi, s = groups[0:3] if groups[0] is not None else groups[3:6]
    assert h is not None and mi is not None and s is not None
    return int(h), int(mi), Fraction(Decimal(s))


def _duration_value(text: str) -> tuple[int, Fraction] | None:
    m = _DURATION.fullmatch(text)
    if m is None:
        return None
    sign = -1 if m.group(1) else 1
    y, mo, d, h, mi = (int(g) if g else 0 for g in m.groups()[1:6])
    s = Fraction(Decimal(m.group(7))) if m.group(7) else Fraction(0)
    return sign * (y * 12 + mo), sign * (((d * 24 + h) * 60 + mi) * 60 + s)


Value = tuple[int, object]


@lru_cache(maxsize=65536)
def comparable(lexical: str, datatype: str) -> Value | None:
    """The value of a literal for SPARQL's ordering operators, or None when it has no order."""
    if datatype in INTEGER_TYPES:
        return (_NUMBER, int(lexical)) if _CHECKS[datatype](lexical) else None
    local = datatype[len(XSD):] if datatype.startswith(XSD) else None
    if local == "decimal":
        if not _DECIMAL.fullmatch(lexical):
            return None
        return _NUMBER, Fraction(Decimal(lexical))
    if local in ("float", "double"):
        if not _FLOAT.fullmatch(lexical):
            return None
        value = float(lexical.replace("INF", "inf").replace("NaN", "nan"))
        return _NUMBER, value
    if local == "string":
        return _STRING, lexical
    if local == "boolean":
        if lexical not in ("true", "false", "1", "0"):
            return None
        return _BOOLEAN, lexical in ("true", "1")
    if local in _TIME_KINDS:
        instant = _instant(_TIME_KINDS[local], lexical)
        return None if instant is None else (_INSTANT, instant)
    if local in ("duration", "dayTimeDuration", "yearMonthDuration"):
        if not _CHECKS[datatype](lexical):
            return None
        duration = _duration_value(lexical)
        if duration is None:
            return None
        months, seconds = duration
        if months == 0:
            return _DURATION_SECONDS, seconds
        if seconds == 0:
            return _DURATION_MONTHS, months
        return None  # a duration with both parts is only partly ordered
    return None


def compare(a: Value | None, b: Value | None) -> int | None:
    """-1, 0 or 1 when a < b, a = b, a > b by SPARQL's operators; None when they cannot be compared."""
    if a is None or b is None or a[0] != b[0]:
        return None
    kind, x, y = a[0], a[1], b[1]
    if kind == _NUMBER:  # int, Fraction and float compare exactly with each other in Python
        if (type(x) is float and math.isnan(x)) or (type(y) is float and math.isnan(y)):
            return None
        return int(x > y) - int(x < y)  # type: ignore[operator]
    if kind == _INSTANT:
        assert isinstance(x, tuple) and isinstance(y, tuple)
        (kx, sx, zx), (ky, sy, zy) = x, y
        if kx != ky:
            return None
        if zx == zy:
            return int(sx > sy) - int(sx < sy)
        # one value has a zone, the other not: the order is known only if it holds for every zone
        if zx:
            low, high = sy - _FOURTEEN_HOURS, sy + _FOURTEEN_HOURS
            return -1 if sx < low else 1 if sx > high else None
        low, high = sx - _FOURTEEN_HOURS, sx + _FOURTEEN_HOURS
        return 1 if sy < low else -1 if sy > high else None
    return int(x > y) - int(x < y)  # type: ignore[operator]


__all__ = ["INTEGER_TYPES", "KNOWN_DATATYPES", "NUMERIC_TYPES", "comparable", "compare", "well_formed"]

