"""The SHACL Core constraint components: each checks the value nodes of a focus node and emits results.

Each class is one component of the SHACL Recommendation (section 4) and follows its textual
definition; `component` is the component IRI that reports give as sh:sourceConstraintComponent.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Protocol

from newsld.validation.shacl import datatypes
from newsld.validation.shacl.graph import Graph
from newsld.validation.shacl.paths import Path, PredicatePath
from newsld.validation.shacl.terms import SH, Literal, Term, short

if TYPE_CHECKING:
    from newsld.validation.shacl.shapes import Shape


class Context(Protocol):
    """What constraints need from the validator: the data graph and conformance of a node to a shape."""

    graph: Graph

    def conforms(self, node: Term, shape: Shape) -> bool: ...

    def run(self, shape: Shape, focus: Term, emit: Emit) -> None: ...


class Emit(Protocol):
    def __call__(self, shape: Shape, constraint: Constraint, focus: Term, value: Term | None,
                 path: Path | None = None, other: Term | None = None) -> None: ...


def _name(shape: Shape) -> str:
    return shape.path.sparql() if shape.path is not None else "the node"


class Constraint:
    """One constraint: a component with its parameter values, as a shape declares it."""

    __slots__ = ("component",)

    def __init__(self, component: str) -> None:
        self.component = component

    def evaluate(self, ctx: Context, shape: Shape, focus: Term, values: Collection[Term], emit: Emit) -> None:
        raise NotImplementedError

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        raise NotImplementedError


class ValueConstraint(Constraint):
    """A constraint that each value node meets or fails on its own."""

    __slots__ = ()

    def test(self, ctx: Context, value: Term) -> bool:
        raise NotImplementedError

    def evaluate(self, ctx: Context, shape: Shape, focus: Term, values: Collection[Term], emit: Emit) -> None:
        test = self.test
        for value in values:
            if not test(ctx, value):
                emit(shape, self, focus, value)


# ---------------------------------------------------------------- value type

class ClassConstraint(ValueConstraint):
    __slots__ = ("cls",)

    def __init__(self, cls: str) -> None:
        super().__init__(SH + "ClassConstraintComponent")
        self.cls = cls

    def test(self, ctx: Context, value: Term) -> bool:
        return ctx.graph.is_instance(value, self.cls)

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        return f"{_name(shape)} must point to an {short(self.cls)}, but {short(value)} is not one in the data"


class DatatypeConstraint(ValueConstraint):
    __slots__ = ("datatype", "ill_formed")

    def __init__(self, datatype: str) -> None:
        super().__init__(SH + "DatatypeConstraintComponent")
        self.datatype = datatype

    def test(self, ctx: Context, value: Term) -> bool:
        return (type(value) is Literal and value[1] == self.datatype
                and datatypes.well_formed(value[0], value[1], value[2]))

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        if type(value) is Literal and value.datatype == self.datatype:
            return f"{_name(shape)} is not a valid {short(self.datatype)}: {short(value)}"
        return f"{_name(shape)} must be a {short(self.datatype)}, found {short(value)}"


_NODE_KINDS = {
    SH + "IRI": (True, False, False), SH + "BlankNode": (False, True, False), SH + "Literal": (False, False, True),
    SH + "BlankNodeOrIRI": (True, True, False), SH + "BlankNodeOrLiteral": (False, True, True),
    SH + "IRIOrLiteral": (True, False, True),
}
NODE_KINDS = frozenset(_NODE_KINDS)


class NodeKindConstraint(ValueConstraint):
    __slots__ = ("blank", "iri", "kind", "literal")

    def __init__(self, kind: str) -> None:
        super().__init__(SH + "NodeKindConstraintComponent")
        self.kind = kind
        self.iri, self.blank, self.literal = _NODE_KINDS[kind]

    def test(self, ctx: Context, value: Term) -> bool:
        if type(value) is Literal:
            return self.literal
        return self.blank if value.startswith("_:") else self.iri  # type: ignore[union-attr]

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        kind = {"IRI": "an IRI", "BlankNode": "a blank node", "Literal": "a literal",
                "BlankNodeOrIRI": "a blank node or an IRI", "BlankNodeOrLiteral": "a blank node or a literal",
                "IRIOrLiteral": "an IRI or a literal"}[self.kind[len(SH):]]
        return f"{_name(shape)} must be {kind}, found {short(value)}"


# ---------------------------------------------------------------- cardinality

class MinCountConstraint(Constraint):
    __slots__ = ("count",)

    def __init__(self, count: int) -> None:
        super().__init__(SH + "MinCountConstraintComponent")
        self.count = count

    def evaluate(self, ctx: Context, shape: Shape, focus: Term, values: Collection[Term], emit: Emit) -> None:
        if len(values) < self.count:
            emit(shape, self, focus, None, other=Literal(str(len(values)), datatypes.XSD + "integer"))

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        found = int(other.value) if isinstance(other, Literal) else 0
        if self.count == 1:
            return f"{_name(shape)} is required"
        return f"{_name(shape)} needs at least {self.count} values, found {found}"


class MaxCountConstraint(Constraint):
    __slots__ = ("count",)

    def __init__(self, count: int) -> None:
        super().__init__(SH + "MaxCountConstraintComponent")
        self.count = count

    def evaluate(self, ctx: Context, shape: Shape, focus: Term, values: Collection[Term], emit: Emit) -> None:
        if len(values) > self.count:
            emit(shape, self, focus, None, other=Literal(str(len(values)), datatypes.XSD + "integer"))

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        found = int(other.value) if isinstance(other, Literal) else 0
        return f"{_name(shape)} allows at most {self.count} value{'s' if self.count != 1 else ''}, found {found}"


# ---------------------------------------------------------------- value range

class RangeConstraint(ValueConstraint):
    """sh:minExclusive, sh:minInclusive, sh:maxExclusive, sh:maxInclusive."""

    __slots__ = ("bound", "bound_value", "passes", "word")

    def __init__(self, name: str, bound: Literal) -> None:
        super().__init__(SH + name[0].upper() + name[1:] + "ConstraintComponent")
        self.bound = bound
        self.bound_value = datatypes.comparable(bound.value, bound.datatype)
        # the value passes when compare(value, bound) is one of these
        self.passes: frozenset[int] = {
            "minExclusive": frozenset({1}), "minInclusive": frozenset({0, 1}),
            "maxExclusive": frozenset({-1}), "maxInclusive": frozenset({-1, 0}),
        }[name]
        self.word = {"minExclusive": "greater than", "minInclusive": "at least",
                     "maxExclusive": "less than", "maxInclusive": "at most"}[name]

    def test(self, ctx: Context, value: Term) -> bool:
        if type(value) is not Literal:
            return False
        order = datatypes.compare(datatypes.comparable(value[0], value[1]), self.bound_value)
        return order in self.passes

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        return f"{_name(shape)} must be {self.word} {short(self.bound)}, found {short(value)}"


# ---------------------------------------------------------------- string based

class LengthConstraint(ValueConstraint):
    __slots__ = ("length", "minimum")

    def __init__(self, minimum: bool, length: int) -> None:
        self.minimum = minimum
        self.length = length
        super().__init__(SH + ("MinLength" if minimum else "MaxLength") + "ConstraintComponent")

    def test(self, ctx: Context, value: Term) -> bool:
        if type(value) is Literal:
            text: str = value[0]
        elif value.startswith("_:"):  # type: ignore[union-attr]
            return False
        else:
            text = value  # type: ignore[assignment]
        return len(text) >= self.length if self.minimum else len(text) <= self.length

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        if self.minimum and self.length == 1:
            return f"{_name(shape)} must not be empty"
        word = "at least" if self.minimum else "at most"
        return f"{_name(shape)} must be {word} {self.length} characters long, found {short(value)}"


class PatternConstraint(ValueConstraint):
    __slots__ = ("flags", "pattern", "regex")

    def __init__(self, pattern: str, flags: str, regex: re.Pattern[str]) -> None:
        super().__init__(SH + "PatternConstraintComponent")
        self.pattern, self.flags, self.regex = pattern, flags, regex

    def test(self, ctx: Context, value: Term) -> bool:
        if type(value) is Literal:
            return self.regex.search(value[0]) is not None
        if value.startswith("_:"):  # type: ignore[union-attr]
            return False
        return self.regex.search(value) is not None  # type: ignore[arg-type]

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        return f"{_name(shape)} does not match {self.pattern}: {short(value)}"


def lang_matches(tag: str, wanted: str) -> bool:
    """RFC 4647 basic filtering, as SPARQL's langMatches."""
    tag, wanted = tag.lower(), wanted.lower()
    if wanted == "*":
        return bool(tag)
    return tag == wanted or tag.startswith(wanted + "-")


class LanguageInConstraint(ValueConstraint):
    __slots__ = ("languages",)

    def __init__(self, languages: Sequence[str]) -> None:
        super().__init__(SH + "LanguageInConstraintComponent")
        self.languages = tuple(languages)

    def test(self, ctx: Context, value: Term) -> bool:
        if type(value) is not Literal or not value[2]:
            return False
        return any(lang_matches(value[2], wanted) for wanted in self.languages)

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        return f"{_name(shape)} must be in one of the languages {', '.join(self.languages)}, found {short(value)}"


class UniqueLangConstraint(Constraint):
    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(SH + "UniqueLangConstraintComponent")

    def evaluate(self, ctx: Context, shape: Shape, focus: Term, values: Collection[Term], emit: Emit) -> None:
        seen: dict[str, int] = {}
        for value in values:
            if type(value) is Literal and value[2]:
                seen[value[2]] = seen.get(value[2], 0) + 1
        for language, count in seen.items():
            if count > 1:
                emit(shape, self, focus, None, other=Literal(language, datatypes.XSD_STRING))

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        language = other.value if isinstance(other, Literal) else "?"
        return f"{_name(shape)} has more than one value in language {language!r}"


# ---------------------------------------------------------------- property pair

class PairConstraint(Constraint):
    """sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals: values compared with another property's."""

    __slots__ = ("kind", "predicate")

    def __init__(self, kind: str, predicate: str) -> None:
        self.kind = kind
        self.predicate = predicate
        super().__init__(SH + kind[0].upper() + kind[1:] + "ConstraintComponent")

    def evaluate(self, ctx: Context, shape: Shape, focus: Term, values: Collection[Term], emit: Emit) -> None:
        others = ctx.graph.spo.get(focus, {}).get(self.predicate, {})
        kind = self.kind
        if kind == "equals":
            for value in values:
                if value not in others:
                    emit(shape, self, focus, value)
            own = values if isinstance(values, dict | set | frozenset) else set(values)
            for other in others:
                if other not in own:
                    emit(shape, self, focus, other)
        elif kind == "disjoint":
            for value in values:
                if value in others:
                    emit(shape, self, focus, value)
        else:
            allowed = frozenset({-1}) if kind == "lessThan" else frozenset({-1, 0})
            for value in values:
                for other in others:
                    if not _ordered(value, other, allowed):
                        emit(shape, self, focus, value, other=other)

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        target = short(self.predicate)
        if self.kind == "equals":
            return f"{_name(shape)} must have the same values as {target}; {short(value)} is not in both"
        if self.kind == "disjoint":
            return f"{_name(shape)} must not share values with {target}, but both have {short(value)}"
        relation = "must be less than" if self.kind == "lessThan" else "must not be greater than"
        return f"{_name(shape)} ({short(value)}) {relation} {target} ({short(other)})"


def _ordered(a: Term, b: Term, allowed: frozenset[int]) -> bool:
    if type(a) is not Literal or type(b) is not Literal:
        return False
    order = datatypes.compare(datatypes.comparable(a[0], a[1]),
                              datatypes.comparable(b[0], b[1]))
    return order in allowed


# ---------------------------------------------------------------- logical and shape based

class NotConstraint(ValueConstraint):
    __slots__ = ("shape",)

    def __init__(self, shape: Shape) -> None:
        super().__init__(SH + "NotConstraintComponent")
        self.shape = shape

    def test(self, ctx: Context, value: Term) -> bool:
        return not ctx.conforms(value, self.shape)

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        return f"{_name(shape)}: {short(value)} conforms to {short(self.shape.node)}, which it must not"


class AndConstraint(ValueConstraint):
    __slots__ = ("shapes",)

    def __init__(self, shapes: Sequence[Shape]) -> None:
        super().__init__(SH + "AndConstraintComponent")
        self.shapes = tuple(shapes)

    def test(self, ctx: Context, value: Term) -> bool:
        return all(ctx.conforms(value, s) for s in self.shapes)

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        return f"{_name(shape)}: {short(value)} does not conform to all of the required shapes"


class OrConstraint(ValueConstraint):
    __slots__ = ("shapes",)

    def __init__(self, shapes: Sequence[Shape]) -> None:
        super().__init__(SH + "OrConstraintComponent")
        self.shapes = tuple(shapes)

    def test(self, ctx: Context, value: Term) -> bool:
        return any(ctx.conforms(value, s) for s in self.shapes)

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        described = [_describe(s) for s in self.shapes]
        if all(d is not None and d.startswith("has ") for d in described):
            wanted = ", ".join(d[4:] for d in described if d)
            return f"{_name(shape)} needs at least one of {wanted} ({short(value)} has none)"
        if all(d is not None and not d.startswith("has ") for d in described):
            return f"{_name(shape)} must be {' or '.join(d for d in described if d)}, found {short(value)}"
        return f"{_name(shape)} matches none of the alternatives: {short(value)}"


def _describe(shape: Shape) -> str | None:
    """A few words for a shape that states one simple thing (for the message of an sh:or)."""
    if len(shape.constraints) != 1:
        return None
    (only,) = shape.constraints
    if shape.path is None and isinstance(only, DatatypeConstraint):
        return f"a valid {short(only.datatype)}"
    if shape.path is None and isinstance(only, ClassConstraint):
        return f"an {short(only.cls)}"
    if shape.path is not None and isinstance(only, MinCountConstraint) and only.count == 1:
        return "has " + shape.path.sparql()
    return None


class XoneConstraint(ValueConstraint):
    __slots__ = ("shapes",)

    def __init__(self, shapes: Sequence[Shape]) -> None:
        super().__init__(SH + "XoneConstraintComponent")
        self.shapes = tuple(shapes)

    def test(self, ctx: Context, value: Term) -> bool:
        return sum(1 for s in self.shapes if ctx.conforms(value, s)) == 1

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        return f"{_name(shape)}: {short(value)} must conform to exactly one of the alternatives"


class NodeConstraint(ValueConstraint):
    __slots__ = ("shape",)

    def __init__(self, shape: Shape) -> None:
        super().__init__(SH + "NodeConstraintComponent")
        self.shape = shape

    def test(self, ctx: Context, value: Term) -> bool:
        return ctx.conforms(value, self.shape)

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        return (f"{_name(shape)} has a value of the wrong kind: {short(value)} does not conform to "
                f"{short(self.shape.node)}")


class PropertyConstraint(Constraint):
    """sh:property: each value node is validated against the property shape, whose results are reported."""

    __slots__ = ("shape",)

    def __init__(self, shape: Shape) -> None:
        super().__init__(SH + "PropertyConstraintComponent")
        self.shape = shape

    def evaluate(self, ctx: Context, shape: Shape, focus: Term, values: Collection[Term], emit: Emit) -> None:
        for value in values:
            ctx.run(self.shape, value, emit)

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        return ""  # never emitted: the property shape reports its own results


class QualifiedCountConstraint(Constraint):
    """sh:qualifiedValueShape with sh:qualifiedMinCount or sh:qualifiedMaxCount (one component each)."""

    __slots__ = ("count", "minimum", "shape", "siblings")

    def __init__(self, shape: Shape, minimum: bool, count: int) -> None:
        self.shape = shape
        self.minimum = minimum
        self.count = count
        self.siblings: tuple[Shape, ...] = ()  # set once all shapes are read, if the shapes must be disjoint
        super().__init__(SH + ("QualifiedMinCount" if minimum else "QualifiedMaxCount") + "ConstraintComponent")

    def evaluate(self, ctx: Context, shape: Shape, focus: Term, values: Collection[Term], emit: Emit) -> None:
        matching = 0
        for value in values:
            if ctx.conforms(value, self.shape) and not any(ctx.conforms(value, s) for s in self.siblings):
                matching += 1
        if (matching < self.count) if self.minimum else (matching > self.count):
            emit(shape, self, focus, None, other=Literal(str(matching), datatypes.XSD + "integer"))

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        found = other.value if isinstance(other, Literal) else "?"
        word = "at least" if self.minimum else "at most"
        return (f"{_name(shape)} needs {word} {self.count} value(s) conforming to {short(self.shape.node)}, "
                f"found {found}")


class ClosedConstraint(Constraint):
    __slots__ = ("allowed",)

    def __init__(self, allowed: frozenset[str]) -> None:
        super().__init__(SH + "ClosedConstraintComponent")
        self.allowed = allowed

    def evaluate(self, ctx: Context, shape: Shape, focus: Term, values: Collection[Term], emit: Emit) -> None:
        spo = ctx.graph.spo
        for value in values:
            for predicate, objects in spo.get(value, {}).items():
                if predicate not in self.allowed:
                    path = PredicatePath(predicate)
                    for obj in objects:
                        emit(shape, self, focus, obj, path=path, other=predicate)

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        return f"{short(other)} is not allowed here (the shape is closed), found {short(value)}"


class HasValueConstraint(Constraint):
    __slots__ = ("value",)

    def __init__(self, value: Term) -> None:
        super().__init__(SH + "HasValueConstraintComponent")
        self.value = value

    def evaluate(self, ctx: Context, shape: Shape, focus: Term, values: Collection[Term], emit: Emit) -> None:
        if self.value not in values:
            emit(shape, self, focus, None)

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        return f"{_name(shape)} must include {short(self.value)}"


class InConstraint(ValueConstraint):
    __slots__ = ("members", "ordered")

    def __init__(self, members: Sequence[Term]) -> None:
        super().__init__(SH + "InConstraintComponent")
        self.ordered = tuple(members)
        self.members = frozenset(members)

    def test(self, ctx: Context, value: Term) -> bool:
        return value in self.members

    def message(self, shape: Shape, value: Term | None, other: Term | None) -> str:
        allowed = ", ".join(short(m) for m in self.ordered)
        return f"{_name(shape)} must be one of {allowed}, found {short(value)}"


__all__ = [
    "NODE_KINDS", "AndConstraint", "ClassConstraint", "ClosedConstraint", "Constraint", "Context",
    "DatatypeConstraint", "Emit", "HasValueConstraint", "InConstraint", "LanguageInConstraint",
    "LengthConstraint", "MaxCountConstraint", "MinCountConstraint", "NodeConstraint", "NodeKindConstraint",
    "NotConstraint", "OrConstraint", "PairConstraint", "PatternConstraint", "PropertyConstraint",
    "QualifiedCountConstraint", "RangeConstraint", "UniqueLangConstraint", "ValueConstraint", "XoneConstraint",
    "lang_matches",
]
