"""JSON Schema errors in words that say what to change: the key, the allowed values, the condition.

jsonschema-rs reports each failure by its keyword ("not valid under any of the schemas listed in
the 'anyOf' keyword"). Here each kind of failure is written as a sentence about the document:
"figure /figures/0 needs one of value, minValue or maxValue", "unknown key 'speaker' in claim
/claims/0; allowed: ...". The rule's schema is looked up (bundled schemas, or the user's --schema)
to name allowed keys, values and the `if` condition a rule depends on. A failure of a kind not
rewritten here keeps the library's message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

# the objects of a newsld document, by the key of the list (or object) that holds them
_OBJECTS = {"actors": "actor", "claims": "claim", "figures": "figure", "mentions": "mention", "author": "author",
            "evidence": "span", "cueSpan": "span", "claimantMention": "span", "publisher": "publisher",
            "generatedBy": "extraction", "derivedFrom": "source", "agent": "software", "model": "model"}

# the patterns of the bundled schemas, said in words (a pattern not listed here is shown as it is)
PATTERNS = {
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a date written YYYY-MM-DD",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$":
        "a date and time with its zone, e.g. 2024-11-05T09:30:00+01:00",
    "^[A-Za-z][A-Za-z0-9+.-]*:[^\\s<>\"{}|\\\\^`]*$":
        "an absolute IRI (a scheme such as https: first, and no spaces or <>\"{}|\\^`)",
    "^[+-]?([0-9]+(\\.[0-9]+)?|\\.[0-9]+)$": "a decimal number written as a string, e.g. \"8000\" or \"0.25\"",
    "^(0(\\.[0-9]{1,6})?|1(\\.0{1,6})?)$": "a decimal from 0 to 1 written as a string, e.g. \"0.85\"",
    "^[0-9a-f]{64}$": "a SHA-256 hash: 64 lowercase hexadecimal digits",
    "^[a-z][a-z0-9-]*$": "a short lowercase name (letters, digits and '-'), e.g. \"gazetteer\"",
    "^(person|organization|place|group):[A-Za-z0-9%-]+$":
        "TYPE:name, with TYPE person, organization, place or group, e.g. \"person:robert-wood\"",
    "^[A-Z0-9]{2,3}$": "a UN/CEFACT unit code of 2 or 3 capitals or digits, e.g. \"P1\"",
    "^[A-Z]{3}$": "an ISO 4217 currency code of 3 capitals, e.g. \"USD\"",
    "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$": "a BCP 47 language tag, e.g. \"en\" or \"en-GB\"",
    "^[a-z]+/[A-Za-z0-9.+-]+$": "a media type, e.g. \"text/plain\"",
}
_JSON_TYPES = {"string": "a string", "array": "an array", "object": "an object", "integer": "a whole number",
               "number": "a number", "boolean": "true or false", "null": "null"}
MAX_LISTED = 12  # allowed keys or values listed in one message


def _show(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _names(values: Sequence[Any], conjunction: str = "or") -> str:
    """`A, B or C`; strings unquoted, other values as JSON; long lists cut."""
    shown = [v if isinstance(v, str) else _show(v) for v in values[:MAX_LISTED]]
    if len(values) > MAX_LISTED:
        return ", ".join(shown) + f" and {len(values) - MAX_LISTED} more"
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + f" {conjunction} " + shown[-1]


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a number"
    return {str: "a string", list: "an array", dict: "an object", float: "a number"}.get(type(value), "null")


def subject(path: Sequence[str | int]) -> str:
    """The object a path ends in, named as a person would: "claim /claims/0", "span /claims/0/evidence"."""
    parts = list(path)
    while parts:
        pointer = "/" + "/".join(str(p) for p in parts)
        last = parts[-1]
        if isinstance(last, int) and len(parts) > 1 and str(parts[-2]) in _OBJECTS:
            return f"{_OBJECTS[str(parts[-2])]} {pointer}"
        if isinstance(last, str) and last in _OBJECTS and last not in ("actors", "claims", "figures", "mentions",
                                                                        "author"):
            return f"{_OBJECTS[last]} {pointer}"
        if isinstance(last, int):
            return f"item {pointer}"
        parts.pop()
    return "the article"


class _Rule:
    """One failed keyword: the error, the instance, and the schema around the keyword."""

    def __init__(self, error: Any, resolve: Callable[[str], Any]) -> None:
        self.error = error
        self.kind = error.kind
        self.path = list(error.instance_path)
        self.instance = error.instance
        location = error.absolute_keyword_location
        if location:
            self.resource, _, fragment = str(location).partition("#")
            self.pointer = [p.replace("~1", "/").replace("~0", "~") for p in fragment.split("/")[1:]]
        else:  # a schema without $id: the path from its root
            self.resource, self.pointer = "", [str(p) for p in error.schema_path]
        self.resolve = resolve

    def schema_at(self, parts: Sequence[str]) -> Any:
        """The schema at a pointer inside the rule's resource, or None."""
        node = self.resolve(self.resource)
        for part in parts:
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            elif isinstance(node, Mapping) and part in node:
                node = node[part]
            else:
                return None
        return node

    @property
    def keyword(self) -> str:
        return self.pointer[-1] if self.pointer else ""

    @property
    def parent(self) -> Any:
        """The schema that holds the failed keyword."""
        return self.schema_at(self.pointer[:-1])

    @property
    def key(self) -> str | None:
        """The key whose value failed (the last key of the instance path), if the value is under a key."""
        for part in reversed(self.path):
            if isinstance(part, str):
                return part
        return None

    @property
    def owner(self) -> str:
        """The object whose key failed: "figure /figures/0"."""
        return subject(self.path[:-1] if self.path and isinstance(self.path[-1], str) else self.path)

    def condition(self) -> str:
        """" when type contains Person": the `if` that a rule under `then` (or `else`) depends on."""
        for i in range(len(self.pointer) - 1, -1, -1):
            branch = self.pointer[i]
            if branch not in ("then", "else"):
                continue
            holder = self.schema_at(self.pointer[:i])
            if not isinstance(holder, Mapping) or "if" not in holder:
                continue
            said = describe_test(holder["if"], self.key if i > 0 and "properties" not in holder["if"] else None)
            if said is None:
                return ""
            return f" when {said}" if branch == "then" else f" unless {said}"
        return ""


def describe_test(schema: Any, key: str | None) -> str | None:
    """A schema used as a test (an `if`), in words: "type contains UnnamedActor"."""
    if not isinstance(schema, Mapping):
        return None
    properties = schema.get("properties")
    if isinstance(properties, Mapping) and len(properties) == 1:
        name, inner = next(iter(properties.items()))
        return describe_test(inner, name)
    contains = schema.get("contains")
    if isinstance(contains, Mapping) and key is not None:
        return f"{key} contains {describe_value(contains)}"
    if "const" in schema and key is not None:
        return f"{key} is {_show(schema['const'])}"
    return None


def describe_value(schema: Any) -> str:
    """What a value must be, as a phrase: "schema:Person", "one of A or B", "an object"."""
    if not isinstance(schema, Mapping):
        return "anything" if schema is True else "nothing"
    if "const" in schema:
        value = schema["const"]
        return value if isinstance(value, str) else _show(value)
    if "enum" in schema:
        return f"one of {_names(list(schema['enum']))}"
    if "pattern" in schema:
        return PATTERNS.get(schema["pattern"], f"a string matching {schema['pattern']}")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return _names([_JSON_TYPES.get(t, t) for t in types])
    if "required" in schema:
        return "an object with " + _names([f"'{k}'" for k in schema["required"]], "and")
    if "description" in schema:
        return str(schema["description"]).rstrip(".")
    return "a value of another form"


def _alternatives(rule: _Rule) -> str | None:
    """anyOf / oneOf: what any one alternative needs."""
    branches = rule.schema_at(rule.pointer)
    if not isinstance(branches, list):
        return None
    required = [b.get("required") for b in branches if isinstance(b, Mapping)]
    if all(isinstance(r, list) and len(r) == 1 and len(b) == 1 for r, b in zip(required, branches, strict=False)) \
            and len(required) == len(branches):
        keys = [r[0] for r in required]  # type: ignore[index]
        return f"{subject(rule.path)} needs one of {_names(keys)}"
    what = rule.key or subject(rule.path)
    return f"{what} must be {_names([describe_value(b) for b in branches])}; found {_show(rule.instance)}"


def _contains(rule: _Rule) -> str:
    """contains / minContains / maxContains on an array."""
    parent = rule.parent if isinstance(rule.parent, Mapping) else {}
    inner = parent.get("contains", {})
    value = describe_value(inner)
    items = inner.get("enum") if isinstance(inner, Mapping) else None
    low, high = parent.get("minContains", 1), parent.get("maxContains")
    what = rule.key or "the array"
    if items is not None and low == 1 and high == 1:
        return f"{what} must contain exactly one of {_names(list(items))}; found {_show(rule.instance)}"
    if rule.keyword == "maxContains":
        many = f"at most {high} of {_names(list(items))}" if items else f"{value} at most {high} time(s)"
        return f"{what} must contain {many}; found {_show(rule.instance)}"
    if items is not None:
        value = f"one of {_names(list(items))}"
    condition = rule.condition().replace(f" {what} contains ", " it contains ")
    return f"{what} must {'also ' if condition else ''}contain {value}{condition}; found {_show(rule.instance)}"


def _not(rule: _Rule) -> str | None:
    forbidden = rule.kind.as_dict().get("schema")
    if isinstance(forbidden, Mapping) and list(forbidden) == ["required"] and len(forbidden["required"]) == 1:
        return f"'{forbidden['required'][0]}' is not allowed in {subject(rule.path)}{rule.condition()}"
    if isinstance(forbidden, Mapping) and "contains" in forbidden:
        what = describe_value(forbidden["contains"]).replace("one of ", "any of ", 1)
        condition = rule.condition().replace(f" {rule.key} contains ", " it contains ")
        return f"{rule.key or 'the array'} must not contain {what}{condition}; found {_show(rule.instance)}"
    return None


def _additional(rule: _Rule) -> str:
    unexpected = list(rule.kind.as_dict().get("unexpected", []))
    parent = rule.parent if isinstance(rule.parent, Mapping) else {}
    allowed = list(parent.get("properties", {}))
    keys = _names([f"'{k}'" for k in unexpected], "and")
    where = subject(rule.path)
    message = f"unknown key{'s' if len(unexpected) > 1 else ''} {keys} in {where}"
    return message + (f"; allowed: {', '.join(allowed)}" if allowed else "")


def _required(rule: _Rule) -> str:
    missing = rule.kind.as_dict().get("property")
    if rule.pointer[-2:-1] == ["dependentRequired"] or "dependentRequired" in rule.pointer:
        rules = rule.schema_at(rule.pointer[:rule.pointer.index("dependentRequired") + 1]) or {}
        reasons = [k for k, needed in rules.items() if missing in needed and isinstance(rule.instance, Mapping)
                   and k in rule.instance]
        if reasons:
            return f"{subject(rule.path)} needs '{missing}' because it has '{reasons[0]}'"
    return f"{subject(rule.path)} needs '{missing}'{rule.condition()}"


def _type(rule: _Rule) -> str:
    wanted = _names([_JSON_TYPES.get(t, t) for t in rule.kind.as_dict().get("types", [])])
    parent = rule.parent if isinstance(rule.parent, Mapping) else {}
    if parent.get("pattern") in PATTERNS:  # a string of a given form: say the form
        wanted = PATTERNS[parent["pattern"]]
    return f"{rule.key or subject(rule.path)} must be {wanted}, not {_type_of(rule.instance)} " \
           f"({_show(rule.instance)})"


def _enum(rule: _Rule) -> str:
    options = list(rule.kind.as_dict().get("options", []))
    what = rule.key if not rule.path or isinstance(rule.path[-1], str) else f"each item of {rule.key}"
    return f"{what} must be one of {_names(options)}; found {_show(rule.instance)}"


def _pattern(rule: _Rule) -> str:
    pattern = rule.kind.as_dict().get("pattern", "")
    said = PATTERNS.get(pattern)
    if said is None:
        parent = rule.parent if isinstance(rule.parent, Mapping) else {}
        said = str(parent["description"]).rstrip(".") if "description" in parent else f"matching {pattern}"
    return f"{rule.key or 'the value'} must be {said}; found {_show(rule.instance)}"


def _bound(rule: _Rule) -> str | None:
    limit = rule.kind.as_dict().get("limit")
    what = rule.key or "the value"
    found = _show(rule.instance)
    return {
        "Minimum": f"{what} must be {limit} or more; found {found}",
        "Maximum": f"{what} must be {limit} or less; found {found}",
        "ExclusiveMinimum": f"{what} must be more than {limit}; found {found}",
        "ExclusiveMaximum": f"{what} must be less than {limit}; found {found}",
        "MinLength": f"{what} must not be empty" if limit == 1 else f"{what} needs at least {limit} characters",
        "MaxLength": f"{what} must be at most {limit} characters long",
        "MinItems": f"{what} needs at least {limit} item(s); found {found}",
        "MaxItems": f"{what} may hold at most {limit} item(s); found {found}",
    }.get(type(rule.kind).__name__)


def _unique(rule: _Rule) -> str:
    seen: list[Any] = []
    repeated = None
    for item in rule.instance if isinstance(rule.instance, list) else []:
        if item in seen:
            repeated = item
            break
        seen.append(item)
    return f"{rule.key or 'the array'} lists {_show(repeated)} more than once" if repeated is not None \
        else f"{rule.key or 'the array'} lists an item more than once"


def schema_message(error: Any, resolve: Callable[[str], Any]) -> str | None:
    """The sentence for one jsonschema-rs error, or None to keep the library's message.

    `resolve` maps a schema's URI (without fragment) to the schema, so the rule's context can be read."""
    rule = _Rule(error, resolve)
    kind = type(rule.kind).__name__
    try:
        if kind in ("AnyOf", "OneOfNotValid"):
            return _alternatives(rule)
        if kind == "OneOfMultipleValid":
            return f"{rule.key or subject(rule.path)} matches more than one of the allowed forms; found " \
                   f"{_show(rule.instance)}"
        if kind == "Contains":
            return _contains(rule)
        if kind == "Not":
            return _not(rule)
        if kind == "AdditionalProperties":
            return _additional(rule)
        if kind == "Required":
            return _required(rule)
        if kind == "Type":
            return _type(rule)
        if kind == "Enum":
            return _enum(rule)
        if kind == "Constant":
            expected = rule.kind.as_dict().get("expected_value")
            return f"{rule.key or 'the value'} must be {_show(expected)}; found {_show(rule.instance)}"
        if kind == "FalseSchema":
            return f"'{rule.key}' is not allowed in {rule.owner}{rule.condition()}" if rule.key else None
        if kind == "Pattern":
            return _pattern(rule)
        if kind == "UniqueItems":
            return _unique(rule)
        return _bound(rule)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):  # an unexpected shape: the library's words
        return None
