"""An RDF graph as a set of triples, indexed by subject and (when asked) by object and predicate.

SHACL validates a data graph, and a data graph is a set: a triple repeated in a file, or stated
in several named graphs of a dataset, is one triple. SHACL class membership follows
rdfs:subClassOf as stated in the graph itself ("SHACL instance"), with no other inference.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from newsld.validation.shacl.terms import (
    RDF_FIRST,
    RDF_NIL,
    RDF_REST,
    RDF_TYPE,
    RDFS_SUBCLASS_OF,
    Literal,
    Term,
    from_ox,
)

_EMPTY: dict[str, dict[Term, None]] = {}
_NONE: dict[Term, None] = {}

Triple = tuple[Term, str, Term]


class Graph:
    """A set of (subject, predicate IRI, object) triples with the indexes SHACL needs."""

    __slots__ = ("_blank", "_by_predicate", "_inverse", "_objects_of", "_subclasses", "_subjects_of",
                 "_superclasses", "spo", "subclass_of", "typed")

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self.spo: dict[Term, dict[str, dict[Term, None]]] = {}
        self._blank: bool | None = None
        self._inverse: dict[Term, dict[str, dict[Term, None]]] | None = None
        self._by_predicate: dict[str, list[tuple[Term, Term]]] | None = None
        self._superclasses: dict[str, frozenset[str]] = {}
        self._subclasses: dict[str, frozenset[str]] = {}
        self._subjects_of: dict[str, dict[Term, None]] = {}
        self._objects_of: dict[str, dict[Term, None]] = {}
        # class -> its instances by rdf:type, and class -> its direct subclasses (without the inverse index)
        self.typed: dict[Term, dict[Term, None]] = {}
        self.subclass_of: dict[Term, dict[Term, None]] = {}
        spo, typed = self.spo, self.typed
        for s, p, o in triples:
            if p == RDF_TYPE:
                members = typed.get(o)
                if members is None:
                    typed[o] = {s: None}
                else:
                    members[s] = None
            elif p == RDFS_SUBCLASS_OF:
                self.subclass_of.setdefault(o, {})[s] = None
            props = spo.get(s)
            if props is None:
                spo[s] = {p: {o: None}}
                continue
            objects = props.get(p)
            if objects is None:
                props[p] = {o: None}
            else:
                objects[o] = None

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad | ox.Triple]) -> Graph:
        """The set of triples of parsed pyoxigraph quads or triples, across all their graphs."""
        graph = cls()
        collecting = gc.isenabled()
        gc.disable()  # building creates no cycles; collections would only rescan the growing index
        try:
            graph._add_ox(quads)
        finally:
            if collecting:
                gc.enable()
        return graph

    def _add_ox(self, quads: Iterable[ox.Quad | ox.Triple]) -> None:
        """Index pyoxigraph statements (the hot loop of reading a file: kept flat on purpose)."""
        named, blank, literal = ox.NamedNode, ox.BlankNode, ox.Literal
        make = tuple.__new__  # builds a Literal without NamedTuple's Python-level __new__
        spo, typed, subclass_of = self.spo, self.typed, self.subclass_of
        predicates: dict[ox.NamedNode, str] = {}
        blanks = self.blank if self.spo else False
        for q in quads:
            s, p, o = q.subject, q.predicate, q.object
            ts, to = type(s), type(o)
            if ts is named:
                sv: Term = s.value  # type: ignore[union-attr]
            elif ts is blank:
                sv = "_:" + s.value  # type: ignore[union-attr]
                blanks = True
            else:
                raise ValueError("RDF-star triple terms are not supported")
            pv = predicates.get(p)
            if pv is None:
                pv = predicates[p] = p.value
            if to is named:
                ov: Term = o.value  # type: ignore[union-attr]
            elif to is literal:
                language = o.language  # type: ignore[union-attr]
                ov = make(Literal, (o.value, o.datatype.value,  # type: ignore[union-attr]
                                    language.lower() if language else None))
            elif to is blank:
                ov = "_:" + o.value  # type: ignore[union-attr]
                blanks = True
            else:
                raise ValueError("RDF-star triple terms are not supported")
            if pv == RDF_TYPE:
                members = typed.get(ov)
                if members is None:
                    typed[ov] = {sv: None}
                else:
                    members[sv] = None
            elif pv == RDFS_SUBCLASS_OF:
                subclass_of.setdefault(ov, {})[sv] = None
            props = spo.get(sv)
            if props is None:
                spo[sv] = {pv: {ov: None}}
                continue
            objects = props.get(pv)
            if objects is None:
                props[pv] = {ov: None}
            else:
                objects[ov] = None
        self._blank = blanks

    @property
    def blank(self) -> bool:
        """True when some triple has a blank node (as subject or object)."""
        if self._blank is None:
            self._blank = any(type(t) is str and t.startswith("_:") for s, _, o in self for t in (s, o))
        return self._blank

    @classmethod
    def from_terms(cls, triples: Iterable[tuple[Any, Any, Any]]) -> Graph:
        """The set of (subject, predicate, object) tuples of pyoxigraph terms."""
        return cls(_plain(ox.Triple(s, p, o) for s, p, o in triples))

    def __len__(self) -> int:
        return sum(len(objects) for props in self.spo.values() for objects in props.values())

    def __iter__(self) -> Iterator[Triple]:
        for s, props in self.spo.items():
            for p, objects in props.items():
                for o in objects:
                    yield s, p, o

    # ------------------------------------------------------------ lookups

    def objects(self, s: Term, p: str) -> Iterable[Term]:
        """Objects of (s, p, ?), each once."""
        return self.spo.get(s, _EMPTY).get(p, _NONE).keys()

    def value(self, s: Term, p: str) -> Term | None:
        """The one object of (s, p, ?), or None when there is none."""
        for o in self.spo.get(s, _EMPTY).get(p, _NONE):
            return o
        return None

    def inverse(self) -> dict[Term, dict[str, dict[Term, None]]]:
        """object -> predicate -> subjects, built on first use."""
        if self._inverse is None:
            inverse: dict[Term, dict[str, dict[Term, None]]] = {}
            for s, props in self.spo.items():
                for p, objects in props.items():
                    for o in objects:
                        by_p = inverse.get(o)
                        if by_p is None:
                            inverse[o] = {p: {s: None}}
                            continue
                        subjects = by_p.get(p)
                        if subjects is None:
                            by_p[p] = {s: None}
                        else:
                            subjects[s] = None
            self._inverse = inverse
        return self._inverse

    def subjects(self, p: str, o: Term) -> Iterable[Term]:
        """Subjects of (?, p, o), each once."""
        return self.inverse().get(o, _EMPTY).get(p, _NONE).keys()

    def subjects_of(self, p: str) -> dict[Term, None]:
        """Every subject of a triple with predicate p."""
        found = self._subjects_of.get(p)
        if found is None:
            found = self._subjects_of[p] = {s: None for s, props in self.spo.items() if p in props}
        return found

    def objects_of(self, p: str) -> dict[Term, None]:
        """Every object of a triple with predicate p."""
        found = self._objects_of.get(p)
        if found is None:
            found = {}
            for props in self.spo.values():
                objects = props.get(p)
                if objects:
                    found.update(objects)
            self._objects_of[p] = found
        return found

    def with_predicate(self, p: str) -> list[tuple[Term, Term]]:
        """(subject, object) of every triple with predicate p."""
        if self._by_predicate is None:
            by_predicate: dict[str, list[tuple[Term, Term]]] = {}
            for s, props in self.spo.items():
                for pred, objects in props.items():
                    pairs = by_predicate.setdefault(pred, [])
                    pairs.extend((s, o) for o in objects)
            self._by_predicate = by_predicate
        return self._by_predicate.get(p, [])

    # ------------------------------------------------------------ classes

    def superclasses(self, cls: str) -> frozenset[str]:
        """cls and every class it is a subclass of, following rdfs:subClassOf in this graph."""
        found = self._superclasses.get(cls)
        if found is None:
            found = self._superclasses[cls] = self._closure(cls, lambda c: self.objects(c, RDFS_SUBCLASS_OF))
        return found

    def subclasses(self, cls: str) -> frozenset[str]:
        """cls and every class that is a subclass of it in this graph."""
        found = self._subclasses.get(cls)
        if found is None:
            found = self._subclasses[cls] = self._closure(cls, lambda c: self.subclass_of.get(c, _EMPTY))
        return found

    @staticmethod
    def _closure(start: str, step: Any) -> frozenset[str]:
        seen = {start}
        todo = [start]
        while todo:
            for nxt in step(todo.pop()):
                if type(nxt) is str and nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return frozenset(seen)

    def is_instance(self, node: Term, cls: str) -> bool:
        """True when node is a SHACL instance of cls (rdf:type/rdfs:subClassOf* in this graph)."""
        types = self.spo.get(node, _EMPTY).get(RDF_TYPE)
        if not types:
            return False
        if cls in types:
            return True
        if not self.subclass_of:  # no rdfs:subClassOf in the graph: the types are all there is
            return False
        return any(type(t) is str and cls in self.superclasses(t) for t in types)

    def instances(self, cls: str) -> dict[Term, None]:
        """Every SHACL instance of cls, in a stable order."""
        out: dict[Term, None] = {}
        typed = self.typed
        for sub in self.subclasses(cls):
            members = typed.get(sub)
            if members:
                out.update(members)
        return out

    # ------------------------------------------------------------ lists

    def rdf_list(self, head: Term) -> list[Term] | None:
        """Members of the RDF list at head, or None when it is not a well-formed list."""
        items: list[Term] = []
        seen: set[Term] = set()
        node = head
        while node != RDF_NIL:
            if type(node) is Literal or node in seen:
                return None
            seen.add(node)
            props = self.spo.get(node, _EMPTY)
            first, rest = props.get(RDF_FIRST, _EMPTY), props.get(RDF_REST, _EMPTY)
            if len(first) != 1 or len(rest) != 1:
                return None
            items.append(next(iter(first)))
            node = next(iter(rest))
        return items


def _plain(quads: Iterable[ox.Quad | ox.Triple]) -> Iterator[Triple]:
    named, blank, literal = ox.NamedNode, ox.BlankNode, ox.Literal
    for q in quads:
        s, p, o = q.subject, q.predicate, q.object
        ts, to = type(s), type(o)
        if ts is named:
            sv: Term = s.value  # type: ignore[union-attr]
        elif ts is blank:
            sv = "_:" + s.value  # type: ignore[union-attr]
        else:
            raise ValueError("RDF-star triple terms are not supported")
        if to is named:
            ov: Term = o.value  # type: ignore[union-attr]
        elif to is literal:
            ov = from_ox(o)
        elif to is blank:
            ov = "_:" + o.value  # type: ignore[union-attr]
        else:
            raise ValueError("RDF-star triple terms are not supported")
        yield sv, p.value, ov
