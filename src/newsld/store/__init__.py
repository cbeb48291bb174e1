"""Load newsld data into a triple store and query it: embedded Oxigraph, or any SPARQL 1.1 server.

Every article lives in its own named graph (the article IRI); reloading an article replaces its graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsld.errors import InputError, UsageError
from newsld.store.embedded import EmbeddedStore, replace_graph_update
from newsld.store.http import DEFAULT_RETRIES, DEFAULT_TIMEOUT
from newsld.store.inputs import LOADABLE, ArticleGraph, LoadReport, document_graph, iter_graphs, skolemise
from newsld.store.remote import RemoteStore
from newsld.store.results import QueryResult

DEFAULT_STORE = Path("newsld-store")

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
    "open_target",
    "replace_graph_update",
    "skolemise",
]


class Loader:
    """Loads documents or files into a target, in batches of articles."""

    def __init__(self, target: EmbeddedStore | RemoteStore, batch: int = 50) -> None:
        self.target = target
        self.batch = batch
        self.report = LoadReport()
        self.distinct: set[str] = set()

    def load_graphs(self, graphs: Iterable[ArticleGraph]) -> LoadReport:
        """Load in batches. While one batch is written, the next one is read, validated and serialised, so
        the two overlap; at most two batches are in memory."""
        from concurrent.futures import Future, ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsld-load") as writer:
            in_flight: Future[None] | None = None
            pending: list[ArticleGraph] = []
            try:
                for g in graphs:
                    pending.append(g)
                    if len(pending) >= self.batch:
                        prepared = self.target.prepare(pending)
                        if in_flight is not None:
                            in_flight.result()  # a failed write stops the load here, with its error
                        in_flight = writer.submit(self._write, pending, prepared)
                        pending = []
            finally:
                if in_flight is not None:
                    in_flight.result()
            if pending:
                self._write(pending, self.target.prepare(pending))
        return self.report

    def _write(self, pending: list[ArticleGraph], prepared: list[tuple[ArticleGraph, bytes]]) -> None:
        _, triples = self.target.write(prepared)
        self.report.articles += len(pending)
        self.report.triples += triples
        self.distinct.update(g.graph for g in pending)
        self.report.distinct = len(self.distinct)

    def load_documents(self, docs: Iterable[dict[str, Any]]) -> LoadReport:
        """Load newsld JSON-LD documents (from convert); one that cannot become RDF is refused alone."""
        def graphs() -> Iterable[ArticleGraph]:
            for doc in docs:
                try:
                    yield document_graph(doc, str(doc.get("id", "a document")))
                except InputError as e:
                    self.report.failures.append(e)
        return self.load_graphs(graphs())

    def load_paths(self, paths: Iterable[str], *, validate: bool = True) -> LoadReport:
        return self.load_graphs(iter_graphs(paths, self.report, validate=validate))

    def close(self) -> None:
        self.target.close()


def open_target(*, store: Path | None = None, endpoint: str | None = None, update_endpoint: str | None = None,
                batch: int | None = None, timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES) -> Loader:
    """A Loader for the embedded store at `store` (the default) or the server at `endpoint`.

    Batches: 500 articles per bulk load in the embedded store (fewer, larger files for RocksDB),
    50 per request to a server (each request is one transaction there)."""
    if store is not None and endpoint is not None:
        raise UsageError("give --store or --endpoint, not both")
    if update_endpoint and not endpoint:
        raise UsageError("--update-endpoint goes with --endpoint")
    if batch is not None and batch < 1:
        raise UsageError("--batch must be at least 1")
    if endpoint is not None:
        return Loader(RemoteStore(endpoint, update_endpoint, timeout=timeout, retries=retries), batch or 50)
    return Loader(EmbeddedStore(store or DEFAULT_STORE), batch or 500)
