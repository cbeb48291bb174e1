"""The values a store is tested to keep: one article per case set, and how to compare what comes back.

EXPECTED is the README's value-fidelity table; the tests check it against the real servers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
PREDICATE = "http://fidelity.test/p/"

LONG_TEXT = ('He said "we will not wait" —\n\tthen, quoting the minister: \'never\'. Backslash \\ and braces } { ; '
             "emoji 🙂, Chinese 北京, Arabic مرحبا, combining e\u0301. ") * 60

CASES: dict[str, str] = {  # Turtle object of each case
    "decimal": f'"8000"^^<{XSD}decimal>',
    "decimal-fraction": f'"0.25"^^<{XSD}decimal>',
    "decimal-negative": f'"-3.75"^^<{XSD}decimal>',
    "decimal-large": f'"9500000000"^^<{XSD}decimal>',
    "decimal-30-digits": f'"123456789012345678901234567890"^^<{XSD}decimal>',
    "decimal-20-fraction-digits": f'"0.12345678901234567891"^^<{XSD}decimal>',
    "decimal-trailing-zero": f'"1.50"^^<{XSD}decimal>',
    "double": f'"1.6E0"^^<{XSD}double>',
    "integer": f'"42"^^<{XSD}integer>',
    "integer-33-bits": f'"4294967296"^^<{XSD}integer>',
    "integer-64-bits": f'"9223372036854775807"^^<{XSD}integer>',
    "integer-65-bits": f'"9223372036854775808"^^<{XSD}integer>',
    "offset-zero": f'"0"^^<{XSD}nonNegativeInteger>',
    "offset": f'"5123"^^<{XSD}nonNegativeInteger>',
    "boolean-false": f'"false"^^<{XSD}boolean>',
    "boolean-true": f'"true"^^<{XSD}boolean>',
    "date": f'"2024-11-05"^^<{XSD}date>',
    "datetime-zone": f'"2024-11-05T14:30:00+01:00"^^<{XSD}dateTime>',
    "datetime-fraction": f'"2024-11-05T14:30:00.5Z"^^<{XSD}dateTime>',
    "language-string": '"Grüße aus Zürich"@de-CH',
    "long-text": '"""' + LONG_TEXT.replace("\\", "\\\\").replace('"', '\\"') + '"""',
    "control-character": '"bell \\u0007 here"',
}

_EXACT_ALL = dict.fromkeys(CASES, "exact")
# Oxigraph keeps every value; it writes numbers, dates and language tags in their canonical forms, and holds
# xsd:integer's derived types (nonNegativeInteger, int, long, ...) as xsd:integer
_OXIGRAPH = _EXACT_ALL | {"decimal-trailing-zero": "same value", "double": "same value",
                          "offset-zero": "datatype changed",
                          "offset": "datatype changed"}
EXPECTED: dict[tuple[str, str], dict[str, str]] = {
    ("oxigraph", "embedded"): _OXIGRAPH,
    ("oxigraph", "graph-store"): _OXIGRAPH,
    ("oxigraph", "update"): _OXIGRAPH,
    ("virtuoso", "graph-store"): _EXACT_ALL | {
        "decimal-20-fraction-digits": "value changed",  # about 15 significant digits are kept
        "decimal-trailing-zero": "same value", "double": "same value", "datetime-fraction": "same value",
        "integer-33-bits": "datatype changed", "integer-64-bits": "datatype changed",  # stored as xsd:decimal
        "integer-65-bits": "datatype changed",
    },
    ("virtuoso", "update"): _EXACT_ALL | {
        "decimal-20-fraction-digits": "value changed",
        "decimal-trailing-zero": "same value", "double": "same value", "datetime-fraction": "same value",
        "integer-33-bits": "datatype changed", "integer-64-bits": "datatype changed",  # stored as xsd:decimal
        "integer-65-bits": "datatype changed",
    },
}


def article_turtle(article: str, cases: dict[str, str]) -> str:
    """One nld:Article whose IRI names its graph, with one property per case."""
    lines = [f"<{article}> a <https://w3id.org/newsld/vocab#Article> ."]
    lines += [f"<{article}> <{PREDICATE}{name}> {value} ." for name, value in cases.items()]
    return "\n".join(lines) + "\n"


_NUMERIC = {XSD + t for t in ("decimal", "integer", "nonNegativeInteger", "positiveInteger", "long", "int",
                              "short", "byte", "unsignedLong", "unsignedInt", "negativeInteger",
                              "nonPositiveInteger")}


def _value(literal: ox.Literal) -> object:
    datatype, text = literal.datatype.value, literal.value
    try:
        if datatype in _NUMERIC:
            return Decimal(text)
        if datatype in (XSD + "double", XSD + "float"):
            return float(text)
        if datatype == XSD + "boolean":
            return text in ("true", "1")
        if datatype == XSD + "dateTime":
            return dt.datetime.fromisoformat(text)
        if datatype == XSD + "date":
            return dt.date.fromisoformat(text)
    except (ValueError, InvalidOperation):
        return None
    return text


def verdict(sent: ox.Literal | ox.NamedNode | ox.BlankNode, back: object) -> str:
    """exact, same value (another lexical form), datatype changed (same number), value changed, or missing."""
    if back is None:
        return "missing"
    if back == sent:
        return "exact"
    if not isinstance(sent, ox.Literal) or not isinstance(back, ox.Literal):
        return "value changed"
    if sent.language or back.language:
        same = sent.value == back.value and (sent.language or "").lower() == (back.language or "").lower()
        return "same value" if same else "value changed"
    if sent.datatype == back.datatype:
        return "same value" if _value(sent) == _value(back) is not None else "value changed"
    if sent.datatype.value in _NUMERIC and back.datatype.value in _NUMERIC and _value(sent) == _value(back):
        return "datatype changed"
    return "value changed"


def compare(sent: list[ox.Triple], back: list[ox.Triple], *, by_predicate: bool = False) -> dict[str, str]:
    """Verdict per case (by_predicate: one fidelity case per predicate) or per sent triple."""
    if by_predicate:
        found = {t.predicate.value: t.object for t in back}
        return {t.predicate.value.removeprefix(PREDICATE): verdict(t.object, found.get(t.predicate.value))
                for t in sent if t.predicate.value.startswith(PREDICATE)}
    exact = set(back)
    remaining: dict[tuple[str, str], list[object]] = {}
    for t in back:
        remaining.setdefault((str(t.subject), str(t.predicate)), []).append(t.object)
    out: dict[str, str] = {}
    for t in sent:
        if t in exact:
            out[str(t)] = "exact"
            continue
        candidates = remaining.get((str(t.subject), str(t.predicate)), [])
        verdicts = [verdict(t.object, c) for c in candidates] or ["missing"]
        out[str(t)] = min(verdicts, key=["exact", "same value", "datatype changed", "value changed",
                                         "missing"].index)
    return out
