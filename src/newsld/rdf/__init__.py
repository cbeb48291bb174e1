"""newsld JSON-LD documents to RDF terms and serialisations (Turtle, N-Triples, N-Quads).

`document_triples` and `document_quads` are the one way newsld turns a JSON-LD document into
RDF (pyoxigraph's JSON-LD 1.1 processor, with the bundled context supplied locally).
"""

from newsld.rdf.expand import (
    ContextTerms,
    JsonLdError,
    document_quads,
    document_triples,
    load_context_terms,
    parse_document,
)
from newsld.rdf.serialize import FORMATS, serialize

__all__ = ["FORMATS", "ContextTerms", "JsonLdError", "document_quads", "document_triples", "load_context_terms",
           "parse_document", "serialize"]
