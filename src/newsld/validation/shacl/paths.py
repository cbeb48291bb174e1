"""SHACL property paths: read from a shapes graph, evaluated over a data graph, compared by structure.

All SHACL path forms: predicate, sequence, alternative, inverse, zero-or-more, one-or-more,
zero-or-one. `values(g, node)` follows a path forwards, `sources(g, node)` backwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsld.validation.shacl.graph import Graph
from newsld.validation.shacl.terms import RDF_FIRST, SH, Term, is_blank, is_iri, short


class Path:
    """A SHACL property path."""

    __slots__ = ()

    def values(self, g: Graph, node: Term) -> Iterable[Term]:
        """Nodes reached from node along the path, each once."""
        raise NotImplementedError

    def sources(self, g: Graph, node: Term) -> Iterable[Term]:
        """Nodes from which node is reached along the path, each once."""
        raise NotImplementedError

    def sparql(self) -> str:
        """The path in SPARQL property path syntax (for messages)."""
        raise NotImplementedError

    def _closure(self, g: Graph, starts: Iterable[Term], forwards: bool) -> dict[Term, None]:
        seen: dict[Term, None] = {}
        todo = list(starts)
        step = self.values if forwards else self.sources
        while todo:
            node = todo.pop()
            for nxt in step(g, node):
                if nxt not in seen:
                    seen[nxt] = None
                    todo.append(nxt)
        return seen


@dataclass(frozen=True, slots=True)
class PredicatePath(Path):
    iri: str

    def values(self, g: Graph, node: Term) -> Iterable[Term]:
        return g.objects(node, self.iri)

    def sources(self, g: Graph, node: Term) -> Iterable[Term]:
        return g.subjects(self.iri, node)

    def sparql(self) -> str:
        return short(self.iri)


@dataclass(frozen=True, slots=True)
class InversePath(Path):
    path: Path

    def values(self, g: Graph, node: Term) -> Iterable[Term]:
        return self.path.sources(g, node)

    def sources(self, g: Graph, node: Term) -> Iterable[Term]:
        return self.path.values(g, node)

    def sparql(self) -> str:
        return "^" + _group(self.path)


@dataclass(frozen=True, slots=True)
class SequencePath(Path):
    paths: tuple[Path, ...]

    def values(self, g: Graph, node: Term) -> Iterable[Term]:
        current: Iterable[Term] = (node,)
        for path in self.paths:
            step: dict[Term, None] = {}
            for n in current:
                step.update(dict.fromkeys(path.values(g, n)))
            current = step
        return current

    def sources(self, g: Graph, node: Term) -> Iterable[Term]:
        current: Iterable[Term] = (node,)
        for path in reversed(self.paths):
            step: dict[Term, None] = {}
            for n in current:
                step.update(dict.fromkeys(path.sources(g, n)))
            current = step
        return current

    def sparql(self) -> str:
        return "/".join(_group(p) for p in self.paths)


@dataclass(frozen=True, slots=True)
class AlternativePath(Path):
    paths: tuple[Path, ...]

    def values(self, g: Graph, node: Term) -> Iterable[Term]:
        out: dict[Term, None] = {}
        for path in self.paths:
            out.update(dict.fromkeys(path.values(g, node)))
        return out

    def sources(self, g: Graph, node: Term) -> Iterable[Term]:
        out: dict[Term, None] = {}
        for path in self.paths:
            out.update(dict.fromkeys(path.sources(g, node)))
        return out

    def sparql(self) -> str:
        return "|".join(_group(p) for p in self.paths)


@dataclass(frozen=True, slots=True)
class ZeroOrMorePath(Path):
    path: Path

    def values(self, g: Graph, node: Term) -> Iterable[Term]:
        return {node: None, **self.path._closure(g, (node,), True)}

    def sources(self, g: Graph, node: Term) -> Iterable[Term]:
        return {node: None, **self.path._closure(g, (node,), False)}

    def sparql(self) -> str:
        return _group(self.path) + "*"


@dataclass(frozen=True, slots=True)
class OneOrMorePath(Path):
    path: Path

    def values(self, g: Graph, node: Term) -> Iterable[Term]:
        return self.path._closure(g, (node,), True)

    def sources(self, g: Graph, node: Term) -> Iterable[Term]:
        return self.path._closure(g, (node,), False)

    def sparql(self) -> str:
        return _group(self.path) + "+"


@dataclass(frozen=True, slots=True)
class ZeroOrOnePath(Path):
    path: Path

    def values(self, g: Graph, node: Term) -> Iterable[Term]:
        return {node: None, **dict.fromkeys(self.path.values(g, node))}

    def sources(self, g: Graph, node: Term) -> Iterable[Term]:
        return {node: None, **dict.fromkeys(self.path.sources(g, node))}

    def sparql(self) -> str:
        return _group(self.path) + "?"


def _group(path: Path) -> str:
    text = path.sparql()
    return text if isinstance(path, PredicatePath | InversePath) else f"({text})"


class PathSyntaxError(ValueError):
    """A node that is the value of sh:path is not a well-formed SHACL path."""


_UNARY = {
    SH + "inversePath": InversePath,
    SH + "zeroOrMorePath": ZeroOrMorePath,
    SH + "oneOrMorePath": OneOrMorePath,
    SH + "zeroOrOnePath": ZeroOrOnePath,
}


def parse_path(g: Graph, node: Term, _within: frozenset[Term] = frozenset()) -> Path:
    """The path that node denotes in the shapes graph g; raises PathSyntaxError if it is not one."""
    if is_iri(node):
        assert isinstance(node, str)
        return PredicatePath(node)
    if not is_blank(node):
        raise PathSyntaxError(f"{short(node)} is a literal, not a path")
    if node in _within:
        raise PathSyntaxError(f"the path {short(node)} contains itself")
    within = _within | {node}
    props = g.spo.get(node, {})
    if RDF_FIRST in props:  # a list is a sequence path, whatever else the node says
        members = g.rdf_list(node)
        if members is None:
            raise PathSyntaxError(f"the sequence path {short(node)} is not a well-formed RDF list")
        if len(members) < 2:
            raise PathSyntaxError(f"the sequence path {short(node)} needs at least two members")
        return SequencePath(tuple(parse_path(g, m, within) for m in members))
    kinds = [p for p in props if p in _UNARY or p == SH + "alternativePath"]
    if len(kinds) != 1:
        raise PathSyntaxError(f"the blank node {short(node)} is not a path: it needs exactly one of sh:inversePath, "
                              "sh:alternativePath, sh:zeroOrMorePath, sh:oneOrMorePath, sh:zeroOrOnePath, "
                              "or to be a list (a sequence path)")
    (kind,) = kinds
    values = list(props[kind])
    if len(values) != 1:
        raise PathSyntaxError(f"the path {short(node)} has {len(values)} values for {short(kind)}, expected one")
    if kind == SH + "alternativePath":
        members = g.rdf_list(values[0])
        if members is None or len(members) < 2:
            raise PathSyntaxError(f"the alternative path {short(node)} needs a list of at least two paths")
        return AlternativePath(tuple(parse_path(g, m, within) for m in members))
    return _UNARY[kind](parse_path(g, values[0], within))
