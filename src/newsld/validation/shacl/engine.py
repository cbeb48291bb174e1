"""Validate a data graph against a shapes graph: focus nodes from targets, results from constraints.

Conformance of a node to a shape (for sh:node, sh:not, sh:and, sh:or, sh:xone and qualified
value shapes) is computed once per (shape, node) and stops at the first result. Recursive
shapes, which SHACL leaves undefined, are handled by assuming a node conforms to a shape while
that very check is in progress (the greatest fixed point); such provisional answers are not
memoised, so they never leak into checks outside the cycle.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from newsld.validation.shacl.constraints import Constraint, Emit, ValueConstraint
from newsld.validation.shacl.graph import Graph
from newsld.validation.shacl.paths import Path
from newsld.validation.shacl.shapes import Shape, ShapesGraph
from newsld.validation.shacl.terms import Literal, Term

SH = "http://www.w3.org/ns/shacl#"
_NO_PROPERTIES: dict[str, dict[Term, None]] = {}
_NO_VALUES: dict[Term, None] = {}
SEVERITY_NAMES = {SH + "Violation": "error", SH + "Warning": "warning", SH + "Info": "info"}


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """One sh:ValidationResult: where (focus, path, value), which shape and component, how severe, why."""

    focus: Term
    path: Path | None
    value: Term | None
    shape: Term
    component: str
    severity: str
    message: str
    messages: tuple[Literal, ...] = ()  # the shape's sh:message values, as the report repeats them

    @property
    def level(self) -> str:
        """"error", "warning" or "info"; a severity SHACL does not define counts as an error."""
        return SEVERITY_NAMES.get(self.severity, "error")


class _NotConforming(Exception):
    """Raised by the emit of a conformance check at its first result."""


def _fail(shape: Shape, constraint: Constraint, focus: Term, value: Term | None,
          path: Path | None = None, other: Term | None = None) -> None:
    raise _NotConforming


def _pick_message(messages: tuple[Literal, ...]) -> str | None:
    if not messages:
        return None
    for m in messages:
        if not m.language or m.language.startswith("en"):
            return m.value
    return messages[0].value


class _Run:
    """One validation of one data graph: the memo of conformance checks lives as long as the run."""

    __slots__ = ("assumed", "graph", "in_progress", "memo")

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.memo: dict[tuple[Shape, Term], bool] = {}
        self.in_progress: set[tuple[Shape, Term]] = set()
        self.assumed = False

    def focus_nodes(self, shape: Shape) -> dict[Term, None]:
        g = self.graph
        nodes = dict.fromkeys(shape.target_nodes)
        for cls in shape.target_classes:
            nodes.update(g.instances(cls))
        for p in shape.target_subjects_of:
            nodes.update(g.subjects_of(p))
        for p in shape.target_objects_of:
            nodes.update(g.objects_of(p))
        return nodes

    def run(self, shape: Shape, focus: Term, emit: Emit) -> None:
        if shape.deactivated:
            return
        values: Collection[Term]
        if shape.path is None:
            if shape.by_predicate:  # a node shape's property shapes: one lookup each, none for absent ones
                props = self.graph.spo.get(focus, _NO_PROPERTIES)
                for predicate, prop in shape.by_predicate:
                    found = props.get(predicate)
                    if not found:
                        if prop.skip_empty:
                            continue
                        found = _NO_VALUES
                    quick = prop.quick
                    if quick is not None and quick[0] <= len(found) <= quick[1] and self._all_pass(quick[2], found):
                        continue
                    for constraint in prop.constraints:
                        constraint.evaluate(self, prop, focus, found, emit)
                for constraint in shape.others:
                    constraint.evaluate(self, shape, focus, (focus,), emit)
                return
            values = (focus,)
        else:
            if shape.predicate is not None:
                values = self.graph.spo.get(focus, _NO_PROPERTIES).get(shape.predicate, _NO_VALUES)
            else:
                values = shape.path.values(self.graph, focus)  # type: ignore[assignment]
            if not values and shape.skip_empty:
                return
        for constraint in shape.constraints:
            constraint.evaluate(self, shape, focus, values, emit)

    def _all_pass(self, tests: tuple[ValueConstraint, ...], values: Collection[Term]) -> bool:
        for value in values:
            for test in tests:
                if not test.test(self, value):
                    return False
        return True

    def conforms(self, node: Term, shape: Shape) -> bool:
        if shape.deactivated:
            return True
        tests = shape.value_tests
        if tests is not None:  # no recursion possible, and cheaper to recompute than to memoise
            for test in tests:  # noqa: SIM110  (a plain loop: the hottest check of all)
                if not test.test(self, node):
                    return False
            return True
        key = (shape, node)
        known = self.memo.get(key)
        if known is not None:
            return known
        if key in self.in_progress:
            self.assumed = True
            return True
        self.in_progress.add(key)
        outer, self.assumed = self.assumed, False
        try:
            self.run(shape, node, _fail)
            ok = True
        except _NotConforming:
            ok = False
        finally:
            self.in_progress.discard(key)
        if not self.assumed:
            self.memo[key] = ok
        self.assumed = outer or self.assumed
        return ok


class Validator:
    """Validates data graphs against one shapes graph (read once, reused for every graph)."""

    def __init__(self, shapes: ShapesGraph) -> None:
        self.shapes = shapes

    def validate(self, graph: Graph) -> list[ValidationResult]:
        """Every validation result of the data graph, in a stable order (shapes, then focus nodes)."""
        results: list[ValidationResult] = []
        append = results.append

        def emit(shape: Shape, constraint: Constraint, focus: Term, value: Term | None,
                 path: Path | None = None, other: Term | None = None) -> None:
            message = _pick_message(shape.messages) or constraint.message(shape, value, other)
            append(ValidationResult(focus, path if path is not None else shape.path, value, shape.node,
                                    constraint.component, shape.severity, message, shape.messages))

        run = _Run(graph)
        for shape in self.shapes.targeted:
            if shape.deactivated:
                continue
            for focus in run.focus_nodes(shape):
                run.run(shape, focus, emit)
        return results
