"""newsld JSON-LD documents to RDF terms and serialisations (Turtle, N-Triples, N-Quads)."""

from newsld.rdf.expand import ContextTerms, document_triples, load_context_terms
from newsld.rdf.serialize import FORMATS, serialize

__all__ = ["FORMATS", "ContextTerms", "document_triples", "load_context_terms", "serialize"]
