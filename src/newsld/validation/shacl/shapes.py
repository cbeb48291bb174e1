"""Read a SHACL shapes graph into Shape objects, checking its syntax rules and refusing what is not Core.

Which nodes are shapes, which are node or property shapes, their targets and constraints follow
the SHACL Recommendation, sections 2 and 4. A shapes graph that breaks a syntax rule (a
sh:minCount that is not an integer, a property shape without exactly one path, a list that is
not a list, ...) is rejected, and one that uses SHACL-SPARQL or SHACL Advanced Features
(sh:sparql, sh:rule, sh:target, custom components, entailment) is refused by naming the term,
so nothing is ever silently skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsld.validation.shacl import constraints as c
from newsld.validation.shacl.datatypes import well_formed
from newsld.validation.shacl.graph import Graph
from newsld.validation.shacl.paths import Path, PathSyntaxError, PredicatePath, parse_path
from newsld.validation.shacl.regex import RegexError, compile_xpath
from newsld.validation.shacl.terms import (
    LANG_STRING,
    RDF_TYPE,
    RDFS,
    SH,
    XSD_BOOLEAN,
    XSD_INTEGER,
    XSD_STRING,
    Literal,
    Term,
    is_blank,
    is_iri,
    short,
)

VIOLATION = SH + "Violation"

# parameters of the Core constraint components
PARAMETERS = frozenset(SH + p for p in (
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive", "maxExclusive",
    "maxInclusive", "minLength", "maxLength", "pattern", "flags", "languageIn", "uniqueLang", "equals", "disjoint",
    "lessThan", "lessThanOrEquals", "not", "and", "or", "xone", "node", "property", "qualifiedValueShape",
    "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint", "closed", "ignoredProperties",
    "hasValue", "in",
))
TARGETS = frozenset(SH + p for p in ("targetNode", "targetClass", "targetSubjectsOf", "targetObjectsOf"))
# SHACL terms that are understood and carry no constraint here: shape metadata, paths, the
# vocabulary of validation reports and test manifests, and prefix declarations (only SPARQL uses them)
KNOWN = PARAMETERS | TARGETS | frozenset(SH + p for p in (
    "path", "inversePath", "alternativePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath",
    "severity", "message", "deactivated", "name", "description", "order", "group", "defaultValue",
    "conforms", "result", "focusNode", "resultPath", "value", "resultSeverity", "sourceShape",
    "sourceConstraintComponent", "sourceConstraint", "resultMessage", "detail", "shapesGraphWellFormed",
    "shapesGraph", "suggestedShapesGraph", "declare", "prefix", "namespace",
))
# SHACL vocabulary for features newsld does not implement, with the specification that defines them
_REFUSED_FEATURE = {
    **dict.fromkeys(("sparql", "select", "ask", "construct", "update", "prefixes", "parameter", "validator",
                     "nodeValidator", "propertyValidator", "labelTemplate", "optional", "resultAnnotation",
                     "annotationProperty", "annotationValue", "annotationVarName", "returnType",
                     "SPARQLConstraint", "SPARQLSelectValidator", "SPARQLAskValidator", "ConstraintComponent",
                     "Parameter", "SPARQLTarget", "SPARQLTargetType", "SPARQLFunction", "SPARQLExecutable",
                     "SPARQLAskExecutable", "SPARQLSelectExecutable", "SPARQLConstructExecutable",
                     "SPARQLUpdateExecutable", "ResultAnnotation", "Validator"), "SHACL-SPARQL"),
    **dict.fromkeys(("rule", "target", "condition", "values", "expression", "intersection", "union",
                     "filterShape", "nodes", "this", "subject", "predicate", "object", "SPARQLRule", "TripleRule",
                     "Rule", "Function", "Target", "TargetType", "JSConstraint", "JSFunction", "JSTarget",
                     "JSTargetType", "JSRule", "JSValidator", "JSExecutable", "JSLibrary", "js", "jsFunctionName",
                     "jsLibrary", "jsLibraryURL"), "SHACL Advanced Features"),
    "entailment": "entailment regimes",
}
REFUSED = frozenset(SH + name for name in _REFUSED_FEATURE)


class ShapesGraphError(ValueError):
    """The shapes graph breaks a SHACL syntax rule or uses SHACL that is not implemented."""

    def __init__(self, message: str, unsupported: str | None = None) -> None:
        super().__init__(message)
        self.unsupported = unsupported


@dataclass(eq=False)
class Shape:
    """A node or property shape: its path (property shapes), severity, messages, targets and constraints."""

    node: Term
    path: Path | None = None
    severity: str = VIOLATION
    messages: tuple[Literal, ...] = ()
    deactivated: bool = False
    constraints: list[c.Constraint] = field(default_factory=list)
    target_nodes: tuple[Term, ...] = ()
    target_classes: tuple[str, ...] = ()
    target_subjects_of: tuple[str, ...] = ()
    target_objects_of: tuple[str, ...] = ()
    # derived once the shapes graph is read, so validation can take short cuts
    predicate: str | None = None  # the IRI when the path is a predicate path
    skip_empty: bool = False  # no constraint can fail when there are no value nodes
    value_tests: tuple[c.ValueConstraint, ...] | None = None  # a node shape of value tests only, not recursive
    # a node shape's property shapes with predicate paths, looked up in one pass over the focus node's properties
    by_predicate: tuple[tuple[str, Shape], ...] = ()
    others: tuple[c.Constraint, ...] = ()  # the constraints not in by_predicate
    # (min count, max count, value tests) when those are all the constraints: valid values pass these
    # checks without a call per constraint, and anything that fails is evaluated again in full
    quick: tuple[int, float, tuple[c.ValueConstraint, ...]] | None = None

    @property
    def has_targets(self) -> bool:
        return bool(self.target_nodes or self.target_classes or self.target_subjects_of or self.target_objects_of)

    def __repr__(self) -> str:
        return f"Shape({short(self.node)})"


@dataclass
class ShapesGraph:
    """Every shape of a shapes graph; `targeted` are those with targets, in a stable order."""

    shapes: dict[Term, Shape]
    targeted: list[Shape]


def refuse_unsupported(g: Graph) -> None:
    """Raise for any SHACL feature newsld does not implement, before anything is validated."""
    for subject, p, o in g:
        if p in REFUSED:
            raise _unsupported(p, subject)
        if p == RDF_TYPE and o in REFUSED:
            raise _unsupported(o, subject)


def _unsupported(term: str, where: Term) -> ShapesGraphError:
    feature = _REFUSED_FEATURE[term[len(SH):]]
    return ShapesGraphError(f"the shapes graph uses {short(term)} (at {short(where)}), part of {feature}, "
                            "which newsld's SHACL engine does not implement; remove it or use a SHACL processor "
                            "that supports it", unsupported=short(term))


class _Reader:
    def __init__(self, g: Graph) -> None:
        self.g = g
        self.built: dict[Term, Shape] = {}
        self.parents: dict[Term, list[Shape]] = {}  # property shape -> shapes with it as sh:property
        self.qualified: list[tuple[Shape, c.QualifiedCountConstraint, bool]] = []
        self.node_shapes = g.instances(SH + "NodeShape")
        self.property_shapes = g.instances(SH + "PropertyShape")
        self.classes = g.instances(RDFS + "Class")

    # ------------------------------------------------------------ syntax helpers

    def fail(self, shape: Term, problem: str) -> ShapesGraphError:
        return ShapesGraphError(f"ill-formed shapes graph: the shape {short(shape)} {problem}")

    def values(self, node: Term, name: str) -> list[Term]:
        return list(self.g.objects(node, SH + name))

    def at_most_one(self, node: Term, name: str) -> Term | None:
        found = self.values(node, name)
        if len(found) > 1:
            raise self.fail(node, f"has {len(found)} values for sh:{name}; at most one is allowed")
        return found[0] if found else None

    def iri(self, node: Term, name: str, value: Term) -> str:
        if not is_iri(value):
            raise self.fail(node, f"has sh:{name} {short(value)}, which must be an IRI")
        assert isinstance(value, str)
        return value

    def literal(self, node: Term, name: str, value: Term, datatype: str) -> Literal:
        if type(value) is not Literal or value.datatype != datatype or not well_formed(value.value, datatype):
            raise self.fail(node, f"has sh:{name} {short(value)}, which must be a literal of type {short(datatype)}")
        assert isinstance(value, Literal)
        return value

    def integer(self, node: Term, name: str, value: Term) -> int:
        return int(self.literal(node, name, value, XSD_INTEGER).value)

    def boolean(self, node: Term, name: str, value: Term) -> bool:
        """SHACL switches a boolean parameter on with `true` only ("1"^^xsd:boolean is not `true`)."""
        return self.literal(node, name, value, XSD_BOOLEAN).value == "true"

    def rdf_list(self, node: Term, name: str, value: Term) -> list[Term]:
        members = self.g.rdf_list(value)
        if members is None:
            raise self.fail(node, f"has sh:{name} {short(value)}, which must be a well-formed RDF list")
        return members

    def shape_ref(self, node: Term, name: str, value: Term) -> Shape:
        if type(value) is Literal:
            raise self.fail(node, f"has sh:{name} {short(value)}, which must be a shape (an IRI or blank node)")
        return self.shape(value)

    # ------------------------------------------------------------ shapes

    def shape(self, node: Term) -> Shape:
        found = self.built.get(node)
        if found is not None:
            return found
        shape = Shape(node)
        self.built[node] = shape
        g = self.g
        for p in g.spo.get(node, {}):
            if p.startswith(SH) and p not in KNOWN:
                raise self.fail(node, f"has {short(p)}, which is not a SHACL term (a typo?)")
        paths = self.values(node, "path")
        if len(paths) > 1:
            raise self.fail(node, f"has {len(paths)} values for sh:path; a property shape has exactly one")
        if paths:
            if node in self.node_shapes:
                raise self.fail(node, "is a sh:NodeShape but has a sh:path")
            try:
                shape.path = parse_path(g, paths[0])
            except PathSyntaxError as e:
                raise self.fail(node, f"has an ill-formed sh:path: {e}") from None
        elif node in self.property_shapes:
            raise self.fail(node, "is a sh:PropertyShape without sh:path")
        severity = self.at_most_one(node, "severity")
        if severity is not None:
            shape.severity = self.iri(node, "severity", severity)
        messages = []
        for m in self.values(node, "message"):
            if type(m) is not Literal or m.datatype not in (XSD_STRING, LANG_STRING):
                raise self.fail(node, f"has sh:message {short(m)}, which must be a string")
            messages.append(m)
        shape.messages = tuple(messages)
        deactivated = self.at_most_one(node, "deactivated")
        if deactivated is not None:
            shape.deactivated = self.boolean(node, "deactivated", deactivated)
        self.targets(shape)
        self.constraints(shape)
        return shape

    def targets(self, shape: Shape) -> None:
        node = shape.node
        nodes = self.values(node, "targetNode")
        for t in nodes:
            if is_blank(t):
                raise self.fail(node, f"has sh:targetNode {short(t)}; targets are IRIs or literals")
        shape.target_nodes = tuple(nodes)
        classes = [self.iri(node, "targetClass", t) for t in self.values(node, "targetClass")]
        if node in self.classes and (node in self.node_shapes or node in self.property_shapes):
            if not is_iri(node):
                raise self.fail(node, "is a class and a shape (an implicit class target) but is a blank node")
            classes.append(node)  # type: ignore[arg-type]
        shape.target_classes = tuple(dict.fromkeys(classes))
        shape.target_subjects_of = tuple(self.iri(node, "targetSubjectsOf", t)
                                         for t in self.values(node, "targetSubjectsOf"))
        shape.target_objects_of = tuple(self.iri(node, "targetObjectsOf", t)
                                        for t in self.values(node, "targetObjectsOf"))

    def constraints(self, shape: Shape) -> None:
        node, out = shape.node, shape.constraints
        is_property = shape.path is not None

        def property_only(name: str) -> None:
            if not is_property:
                raise self.fail(node, f"is a node shape but has sh:{name}, which only property shapes may have")

        for v in self.values(node, "class"):
            out.append(c.ClassConstraint(self.iri(node, "class", v)))
        datatype = self.at_most_one(node, "datatype")
        if datatype is not None:
            out.append(c.DatatypeConstraint(self.iri(node, "datatype", datatype)))
        kind = self.at_most_one(node, "nodeKind")
        if kind is not None:
            if kind not in c.NODE_KINDS:
                raise self.fail(node, f"has sh:nodeKind {short(kind)}, which is not one of the six node kinds")
            out.append(c.NodeKindConstraint(kind))
        for name, factory in (("minCount", c.MinCountConstraint), ("maxCount", c.MaxCountConstraint)):
            count = self.at_most_one(node, name)
            if count is not None:
                property_only(name)
                number = self.integer(node, name, count)
                if number < 0:
                    raise self.fail(node, f"has a negative sh:{name}")
                out.append(factory(number))
        for name in ("minExclusive", "minInclusive", "maxExclusive", "maxInclusive"):
            bound = self.at_most_one(node, name)
            if bound is not None:
                if type(bound) is not Literal:
                    raise self.fail(node, f"has sh:{name} {short(bound)}, which must be a literal")
                out.append(c.RangeConstraint(name, bound))
        for name, minimum in (("minLength", True), ("maxLength", False)):
            length = self.at_most_one(node, name)
            if length is not None:
                out.append(c.LengthConstraint(minimum, self.integer(node, name, length)))
        pattern = self.at_most_one(node, "pattern")
        flags = self.at_most_one(node, "flags")
        if pattern is not None:
            text = self.literal(node, "pattern", pattern, XSD_STRING).value
            flag_text = self.literal(node, "flags", flags, XSD_STRING).value if flags is not None else ""
            try:
                regex = compile_xpath(text, flag_text)
            except RegexError as e:
                raise self.fail(node, f"has a sh:pattern that is not a usable regular expression: {e}") from None
            out.append(c.PatternConstraint(text, flag_text, regex))
        languages = self.at_most_one(node, "languageIn")
        if languages is not None:
            tags = []
            for tag in self.rdf_list(node, "languageIn", languages):
                tags.append(self.literal(node, "languageIn", tag, XSD_STRING).value)
            out.append(c.LanguageInConstraint(tags))
        unique = self.at_most_one(node, "uniqueLang")
        if unique is not None:
            property_only("uniqueLang")
            if self.boolean(node, "uniqueLang", unique):
                out.append(c.UniqueLangConstraint())
        for name in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
            for v in self.values(node, name):
                if name.startswith("less"):
                    property_only(name)
                out.append(c.PairConstraint(name, self.iri(node, name, v)))
        for v in self.values(node, "not"):
            out.append(c.NotConstraint(self.shape_ref(node, "not", v)))
        for name, list_factory in (("and", c.AndConstraint), ("or", c.OrConstraint), ("xone", c.XoneConstraint)):
            for v in self.values(node, name):
                members = [self.shape_ref(node, name, m) for m in self.rdf_list(node, name, v)]
                out.append(list_factory(members))
        for v in self.values(node, "node"):
            out.append(c.NodeConstraint(self.shape_ref(node, "node", v)))
        for v in self.values(node, "property"):
            prop = self.shape_ref(node, "property", v)
            if prop.path is None:
                raise self.fail(node, f"has sh:property {short(v)}, which has no sh:path")
            self.parents.setdefault(prop.node, []).append(shape)
            out.append(c.PropertyConstraint(prop))
        self.qualified_counts(shape)
        closed = self.at_most_one(node, "closed")
        ignored = self.at_most_one(node, "ignoredProperties")
        ignored_list = []
        if ignored is not None:
            ignored_list = [self.iri(node, "ignoredProperties", m)
                            for m in self.rdf_list(node, "ignoredProperties", ignored)]
        if closed is not None and self.boolean(node, "closed", closed):
            allowed = set(ignored_list)
            for v in self.values(node, "property"):
                for p in self.g.objects(v, SH + "path"):
                    if is_iri(p):
                        allowed.add(p)  # type: ignore[arg-type]
            out.append(c.ClosedConstraint(frozenset(allowed)))
        for v in self.values(node, "hasValue"):
            out.append(c.HasValueConstraint(v))
        in_list = self.at_most_one(node, "in")
        if in_list is not None:
            out.append(c.InConstraint(self.rdf_list(node, "in", in_list)))

    def qualified_counts(self, shape: Shape) -> None:
        node = shape.node
        qualified = self.at_most_one(node, "qualifiedValueShape")
        low = self.at_most_one(node, "qualifiedMinCount")
        high = self.at_most_one(node, "qualifiedMaxCount")
        disjoint_value = self.at_most_one(node, "qualifiedValueShapesDisjoint")
        disjoint = disjoint_value is not None and self.boolean(node, "qualifiedValueShapesDisjoint", disjoint_value)
        if qualified is None:
            return  # without the shape, sh:qualifiedMinCount and sh:qualifiedMaxCount are not a constraint
        if shape.path is None:
            raise self.fail(node, "is a node shape but has sh:qualifiedValueShape, which only property shapes may have")
        target = self.shape_ref(node, "qualifiedValueShape", qualified)
        for bound, minimum in ((low, True), (high, False)):
            if bound is not None:
                name = "qualifiedMinCount" if minimum else "qualifiedMaxCount"
                constraint = c.QualifiedCountConstraint(target, minimum, self.integer(node, name, bound))
                shape.constraints.append(constraint)
                self.qualified.append((shape, constraint, disjoint))

    def link_siblings(self) -> None:
        """Qualified value shapes that must be disjoint learn their siblings (SHACL 4.7.3)."""
        for shape, constraint, disjoint in self.qualified:
            if not disjoint:
                continue
            siblings: dict[Term, Shape] = {}
            for parent in self.parents.get(shape.node, []):
                for sibling_node in self.g.objects(parent.node, SH + "property"):
                    for q in self.g.objects(sibling_node, SH + "qualifiedValueShape"):
                        if q != constraint.shape.node and type(q) is not Literal:
                            siblings[q] = self.shape(q)
            constraint.siblings = tuple(siblings.values())


# constraints that can produce results when a focus node has no value nodes at all
def _fails_on_nothing(constraint: c.Constraint) -> bool:
    if isinstance(constraint, c.MinCountConstraint):
        return constraint.count > 0
    if isinstance(constraint, c.QualifiedCountConstraint):
        return constraint.minimum and constraint.count > 0
    if isinstance(constraint, c.PairConstraint):
        return constraint.kind == "equals"
    return isinstance(constraint, c.HasValueConstraint)


def _nested(constraint: c.Constraint) -> tuple[Shape, ...]:
    if isinstance(constraint, c.NotConstraint | c.NodeConstraint):
        return (constraint.shape,)
    if isinstance(constraint, c.AndConstraint | c.OrConstraint | c.XoneConstraint):
        return constraint.shapes
    return ()


def _value_only(shape: Shape, visiting: frozenset[int] = frozenset()) -> bool:
    """A node shape whose constraints each test one value, down to its nested shapes, with no cycle."""
    if shape.path is not None or shape.deactivated or id(shape) in visiting:
        return False
    inner = visiting | {id(shape)}
    return all(isinstance(k, c.ValueConstraint) and all(_value_only(s, inner) for s in _nested(k))
               for k in shape.constraints)


def _derive(shape: Shape) -> None:
    if isinstance(shape.path, PredicatePath):
        shape.predicate = shape.path.iri
    shape.skip_empty = not any(_fails_on_nothing(k) for k in shape.constraints)
    if _value_only(shape):
        shape.value_tests = tuple(k for k in shape.constraints if isinstance(k, c.ValueConstraint))
    fast: list[tuple[str, Shape]] = []
    others: list[c.Constraint] = []
    for k in shape.constraints:
        if (shape.path is None and isinstance(k, c.PropertyConstraint) and isinstance(k.shape.path, PredicatePath)
                and not k.shape.deactivated):
            fast.append((k.shape.path.iri, k.shape))
        else:
            others.append(k)
    shape.by_predicate, shape.others = tuple(fast), tuple(others)
    low, high, tests = 0, float("inf"), []
    for k in shape.constraints:
        if isinstance(k, c.MinCountConstraint):
            low = max(low, k.count)
        elif isinstance(k, c.MaxCountConstraint):
            high = min(high, k.count)
        elif isinstance(k, c.ValueConstraint):
            tests.append(k)
        else:
            return
    shape.quick = (low, high, tuple(tests))


def shape_nodes(g: Graph) -> dict[Term, None]:
    """Every node that is a shape by SHACL's definition (section 2.1), in a stable order."""
    found: dict[Term, None] = {}
    found.update(g.instances(SH + "NodeShape"))
    found.update(g.instances(SH + "PropertyShape"))
    for s, props in g.spo.items():
        if not props.keys().isdisjoint(TARGETS) or not props.keys().isdisjoint(PARAMETERS) or SH + "path" in props:
            found[s] = None
    for predicate in ("node", "property", "not", "qualifiedValueShape"):
        for _, o in g.with_predicate(SH + predicate):
            found[o] = None
    for predicate in ("and", "or", "xone"):
        for _, o in g.with_predicate(SH + predicate):
            for member in g.rdf_list(o) or ():
                found[member] = None
    return found


def read_shapes(g: Graph) -> ShapesGraph:
    """All shapes of a shapes graph; raises ShapesGraphError for an ill-formed or unsupported one."""
    refuse_unsupported(g)
    reader = _Reader(g)
    for node in shape_nodes(g):
        if type(node) is Literal:
            raise ShapesGraphError(f"ill-formed shapes graph: the literal {short(node)} is used as a shape")
        reader.shape(node)
    reader.link_siblings()
    for shape in reader.built.values():
        _derive(shape)
    targeted = [s for s in reader.built.values() if s.has_targets]
    return ShapesGraph(reader.built, targeted)
