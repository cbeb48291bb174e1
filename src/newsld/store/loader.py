"""Loading: article graphs from files, in batches, into the embedded store or a server (see newsld.store)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsld.errors import InputError, UsageError
from newsld.store import DEFAULT_STORE
from newsld.store.embedded import EmbeddedStore
from newsld.store.http import DEFAULT_RETRIES, DEFAULT_TIMEOUT
from newsld.store.inputs import ArticleGraph, LoadReport, document_graph
from newsld.store.remote import RemoteStore
from newsld.store.units import PART_BYTES, Assembler, plan, run_unit

if TYPE_CHECKING:
    from newsld.store.workers import Workers

EMBEDDED_BATCH = 500  # articles per bulk load into the embedded store (fewer, larger files for RocksDB)
RAMP_START = 50  # the first batch of a load without --batch: the writer starts while the rest is read



def iter_graphs(paths: Iterable[str], report: LoadReport, *, validate: bool = True,
                workers: Workers | None = None, part_bytes: int = PART_BYTES) -> Iterator[ArticleGraph]:
    """Article graphs from files, directories (convert's output) and globs, in input order; bad inputs go to the
    report. With `workers`, files are read, validated and serialised in those processes.

    convert writes one article as `x.jsonld` and `x.ttl` (or `.nt`, `.nq`) side by side: an RDF file is passed
    over only when it holds exactly the graphs, triple for triple, of the JSON-LD file with its stem. A JSON
    lines file larger than `part_bytes` is read in parts (by several workers), and still loads or is refused
    as one file."""
    units = plan(paths, part_bytes=part_bytes)
    results = workers.run(units, validate) if workers is not None else (run_unit(u, validate) for u in units)
    assembler = Assembler(report)
    for unit_results in results:
        for result in unit_results:
            yield from assembler.take(result)


class Loader:
    """Loads documents or files into a target, in batches of articles."""

    def __init__(self, target: EmbeddedStore | RemoteStore, batch: int = 50, workers: Workers | None = None, *,
                 ramp: bool = False) -> None:
        self.target = target
        self.batch = batch
        self.workers = workers
        self.ramp = ramp  # start with small batches, doubling up to `batch`: the writer starts sooner
        self.report = LoadReport()
        self.distinct: set[str] = set()

    def load_graphs(self, graphs: Iterable[ArticleGraph]) -> LoadReport:
        """Load in batches. While one batch is written, the next one is read, validated and serialised, so
        the two overlap; at most two batches are in memory."""
        from concurrent.futures import Future, ThreadPoolExecutor

        size = min(RAMP_START, self.batch) if self.ramp else self.batch
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsld-load") as writer:
            in_flight: Future[None] | None = None
            pending: list[ArticleGraph] = []
            try:
                for g in graphs:
                    pending.append(g)
                    if len(pending) >= size:
                        prepared = self.target.prepare(pending)
                        if in_flight is not None:
                            in_flight.result()  # a failed write stops the load here, with its error
                        in_flight = writer.submit(self._write, pending, prepared)
                        pending = []
                        size = min(2 * size, self.batch)
            finally:
                if in_flight is not None:
                    in_flight.result()
            if pending:
                self._write(pending, self.target.prepare(pending))
        return self.report

    def _write(self, pending: list[ArticleGraph], prepared: list[tuple[ArticleGraph, bytes]]) -> None:
        written = self.target.write(prepared)
        self.report.articles += len(pending)
        self.report.triples += written.triples
        self.report.unchanged += written.unchanged
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
        """Load files, directories and globs; with worker processes, they read while this process writes."""
        return self.load_graphs(iter_graphs(paths, self.report, validate=validate, workers=self.workers))

    def close(self) -> None:
        try:
            self.target.close()
        finally:
            if self.workers is not None:
                self.workers.close()
                self.workers = None


def open_target(*, store: Path | None = None, endpoint: str | None = None, update_endpoint: str | None = None,
                batch: int | None = None, timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES,
                jobs: int = 1) -> Loader:
    """A Loader for the embedded store at `store` (the default) or the server at `endpoint`.

    Batches: up to 500 articles per bulk load in the embedded store (fewer, larger files for RocksDB; without
    `batch`, the first batches are smaller, 50, 100, 200, so writing starts early), 50 per request to a server
    (each request is one transaction there). With `jobs` > 1, that many worker
    processes read, validate and serialise files for load_paths while this process writes."""
    if store is not None and endpoint is not None:
        raise UsageError("give --store or --endpoint, not both")
    if update_endpoint and not endpoint:
        raise UsageError("--update-endpoint goes with --endpoint")
    if batch is not None and batch < 1:
        raise UsageError("--batch must be at least 1")
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    workers = None
    if jobs > 1:
        from newsld.store.workers import Workers

        workers = Workers(jobs)  # before the store is opened: see newsld.store.workers
    try:
        if endpoint is not None:
            return Loader(RemoteStore(endpoint, update_endpoint, timeout=timeout, retries=retries), batch or 50,
                          workers)
        return Loader(EmbeddedStore(store or DEFAULT_STORE), batch or EMBEDDED_BATCH, workers, ramp=batch is None)
    except BaseException:
        if workers is not None:
            workers.close()
        raise
