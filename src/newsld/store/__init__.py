"""Load newsld data into a triple store and query it: embedded Oxigraph, or any SPARQL 1.1 server.

Every article lives in its own named graph (the article IRI); reloading an article replaces its graph.
The names below are imported when first used, so `newsld query --endpoint` does not pay for the
embedded store and the loader, nor a load for the HTTP client it does not need.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from newsld._lazy import lazy_names

DEFAULT_STORE = Path("newsld-store")

if TYPE_CHECKING:
    from newsld.store.embedded import EmbeddedStore, replace_graph_update
    from newsld.store.http import DEFAULT_RETRIES, DEFAULT_TIMEOUT
    from newsld.store.inputs import LOADABLE, ArticleGraph, LoadReport, skolemise
    from newsld.store.loader import Loader, iter_graphs, open_target
    from newsld.store.remote import RemoteStore
    from newsld.store.results import QueryResult

_HOMES = {
    "EmbeddedStore": "newsld.store.embedded", "replace_graph_update": "newsld.store.embedded",
    "DEFAULT_RETRIES": "newsld.store.http", "DEFAULT_TIMEOUT": "newsld.store.http",
    "LOADABLE": "newsld.store.inputs", "ArticleGraph": "newsld.store.inputs", "LoadReport": "newsld.store.inputs",
    "skolemise": "newsld.store.inputs",
    "Loader": "newsld.store.loader", "iter_graphs": "newsld.store.loader", "open_target": "newsld.store.loader",
    "RemoteStore": "newsld.store.remote",
    "QueryResult": "newsld.store.results",
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

__getattr__, __dir__ = lazy_names(__name__, _HOMES, globals())
