"""newsld's SHACL Core processor: shapes graphs read and checked, data graphs validated, W3C reports written.

It implements all of SHACL Core (every constraint component, property path form and target
type, severities, messages, sh:deactivated) and refuses SHACL-SPARQL and SHACL Advanced
Features by name. It passes the W3C SHACL Core test suite; `tests/test_shacl_w3c.py` runs it.
"""

from newsld.validation.shacl.engine import SEVERITY_NAMES, ValidationResult, Validator
from newsld.validation.shacl.graph import Graph
from newsld.validation.shacl.report import report_triples, report_turtle
from newsld.validation.shacl.shapes import Shape, ShapesGraph, ShapesGraphError, read_shapes
from newsld.validation.shacl.terms import Literal, Term

__all__ = [
    "SEVERITY_NAMES", "Graph", "Literal", "Shape", "ShapesGraph", "ShapesGraphError", "Term", "ValidationResult",
    "Validator", "read_shapes", "report_triples", "report_turtle",
]
