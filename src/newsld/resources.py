"""Find the bundled schemas, vocabulary, context and example queries, installed or in a checkout."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

CONTEXT_URL = "https://w3id.org/newsld/1.0/context.jsonld"
LEGACY_CONTEXT_URLS = ("https://w3id.org/newsld/context.jsonld",)  # newsld 0.1, refused with a hint
VOCAB = "https://w3id.org/newsld/vocab#"
SCHEMA_BASE = "https://w3id.org/newsld/1.0/schemas/"
DOCUMENT_SCHEMA = SCHEMA_BASE + "document.schema.json"


@cache
def data_dir(name: str) -> Path:
    """Directory of bundled data `name` (schemas, vocab, queries): inside the wheel, else the checkout."""
    packaged = Path(str(resources.files("newsld"))) / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"newsld is installed without its {name}/ directory; reinstall the package")


def vocab_path(filename: str) -> Path:
    return data_dir("vocab") / filename


@cache
def context_document() -> dict[str, Any]:
    """The bundled JSON-LD context document (with its top-level "@context" key)."""
    doc: dict[str, Any] = json.loads(vocab_path("context.jsonld").read_text(encoding="utf-8"))
    return doc


@cache
def schemas() -> dict[str, dict[str, Any]]:
    """All bundled JSON Schemas by their $id."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(data_dir("schemas").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        out[schema["$id"]] = schema
    return out
