"""Load newsld data into a triple store and query it: embedded Oxigraph, or any SPARQL 1.1 server.

Every article lives in its own named graph (the article IRI); reloading an article replaces its graph.
The names below are imported when first used, so `newsld query --endpoint` does not pay for the
embedded store and the loader, nor a load for the HTTP client it does not need.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

DEFAULT_STORE = Path("newsld-store")

if TYPE_CHECKING:
    from newsld.store.embedded import EmbeddedStore, replace_graph_update
    from newsld.store.http import DEFAULT_RETRIES, DEFAULT_TIMEOUT
    from newsld.store.inputs import LOADABLE, ArticleGraph, LoadReport, skolemise
    from newsld.store.loader import Loader, iter_graphs, open_target
    from newsld.store.remote import RemoteStore
    from newsld.store.results import QueryResult

_HOMES = {
    "EmbeddedStore": "embedded", "replace_graph_update": "embedded",
    "DEFAULT_RETRIES": "http", "DEFAULT_TIMEOUT": "http",
    "LOADABLE": "inputs", "ArticleGraph": "inputs", "LoadReport": "inputs", "skolemise": "inputs",
    "Loader": "loader", "iter_graphs": "loader", "open_target": "loader",
    "RemoteStore": "remote",
    "QueryResult": "results",
}

__all__ = [
    "DEFAULT_RETRIES",
    "DEFAULT_STORE",
    "DEFAULT_TIMEOUT",
    "LOADABLE",
    "ArticleGraph",
    "EmbeddedStore",
    "LoadReport",
    "Loader",
    "QueryResult",
    "RemoteStore",
    "iter_graphs",
    "open_target",
    "replace_graph_update",
    "skolemise",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'newsld.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"newsld.store.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
