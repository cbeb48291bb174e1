"""Read newsld JSON-LD with any JSON-LD tool, offline: a pyld document loader and an inlining helper.

The context URL https://w3id.org/newsld/1.0/context.jsonld is served from the bundled file;
every other URL is refused, so reading newsld data never touches the network.
"""

from __future__ import annotations

import copy
from typing import Any

from newsld.errors import NetworkRefused
from newsld.resources import CONTEXT_URL, context_document


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld document loader: `jsonld.expand(doc, {"documentLoader": newsld.document_loader})`."""
    if url == CONTEXT_URL:
        return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(context_document())}
    raise NetworkRefused("<json-ld>", "@context", url)


def with_inline_context(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of a newsld document whose @context URL is replaced by the context itself, for tools that
    cannot be given a document loader (rdflib: `Graph().parse(data=json.dumps(...), format="json-ld")`)."""
    out = dict(doc)
    if out.get("@context") == CONTEXT_URL:
        out["@context"] = copy.deepcopy(context_document()["@context"])
    return out
