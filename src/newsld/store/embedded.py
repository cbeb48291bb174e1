"""The embedded store: an Oxigraph (RocksDB) directory on disk.

One process writes at a time (RocksDB's own lock). Readers and the writer also share `newsld.lock` in the
store directory: the writer holds it exclusively while it writes and flushes one batch, a reader holds it
shared while it opens the store and answers one query. So a query sees the store as it was before or after
a batch, never in the middle of one, and a reader that still meets a file the writer's background
compaction removed opens the store again and repeats the query.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from newsld.errors import StoreError, UsageError
from newsld.store.inputs import ArticleGraph, Written
from newsld.store.results import QueryResult, materialise

LOCK_NAME = "newsld.lock"
WAIT_NAME = "newsld.wait"  # held (shared) by readers waiting for the lock; see _Lock
LOCK_WAIT = 120.0  # seconds a reader waits for a batch to be written, or the writer for a query to finish
READ_ATTEMPTS = 6
# what RocksDB keeps in its directory (an Oxigraph store is a RocksDB database)
_ROCKSDB_NAMES = ("CURRENT", "IDENTIFIER", "LOCK", "LOG", LOCK_NAME, WAIT_NAME)
_ROCKSDB_PREFIXES = ("MANIFEST-", "OPTIONS-", "LOG.old.", "bulk-")
_ROCKSDB_SUFFIXES = (".sst", ".log", ".dbtmp", ".blob")


def check_store_directory(path: Path) -> bool:
    """True if `path` holds a store, False if it is absent or empty; a UsageError for anything else, before
    RocksDB touches it (RocksDB would rename a LOG file it finds there)."""
    if not path.exists():
        return False
    if not path.is_dir():
        raise UsageError(f"--store {path} is a file; give a directory for the store")
    try:
        names = [entry.name for entry in os.scandir(path)]
    except OSError as e:
        raise UsageError(f"--store {path} cannot be read: {e.strerror or e}") from None
    if not names or set(names) <= {LOCK_NAME, WAIT_NAME}:
        return False
    if "CURRENT" in names:
        return True
    foreign = sorted(n for n in names if n not in _ROCKSDB_NAMES and not n.startswith(_ROCKSDB_PREFIXES)
                     and not n.endswith(_ROCKSDB_SUFFIXES))
    shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
    raise UsageError(f"--store {path} is not an Oxigraph store: it already holds other files ({shown or names[0]}); "
                     "give a new or empty directory, or the directory of a store newsld created")


def _store_error(path: Path, action: str, e: BaseException) -> StoreError:
    text = str(e)
    if "No space left" in text:
        return StoreError(f"cannot {action} the store at {path}: the disk is full; free some space and run the same "
                          "load again (reloading replaces each article, so nothing is duplicated)")
    if "lock" in text.lower() and ("Resource temporarily unavailable" in text or "LOCK" in text):
        return StoreError(f"the store at {path} is open for writing in another process (another 'newsld load'?); "
                          "wait for it to finish")
    return StoreError(f"cannot {action} the store at {path}: {text}")


class _Lock:
    """The store's reader/writer lock file (flock), waited for with a deadline.

    flock is not fair: a writer that writes batch after batch would get the lock back before a polling
    reader ever saw it free. So a reader that has to wait says so, holding a shared lock on a second file
    (`newsld.wait`) while it waits, and the writer lets every waiting reader in before its next batch."""

    def __init__(self, path: Path, *, create: bool) -> None:
        self.fd: int | None = None
        self.wait_fd: int | None = None
        flags = (os.O_RDWR | os.O_CREAT) if create else os.O_RDONLY
        try:
            self.fd = os.open(path / LOCK_NAME, flags, 0o644)
        except OSError:
            if create:
                raise
            self.fd = None  # a store newsld did not create, or one we may not write to: read without the lock
            return
        with contextlib.suppress(OSError):  # a store an older newsld made has none until a writer opens it
            self.wait_fd = os.open(path / WAIT_NAME, flags, 0o644)

    @contextlib.contextmanager
    def hold(self, exclusive: bool, path: Path) -> Iterator[None]:
        if self.fd is None:
            yield
            return
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        deadline = time.monotonic() + LOCK_WAIT
        if exclusive:
            self._let_readers_in(deadline)
        waiting = False
        try:
            while True:
                try:
                    fcntl.flock(self.fd, mode | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        what = "a query is still reading" if exclusive else "another process is still writing"
                        raise StoreError(f"the store at {path} stayed busy for {LOCK_WAIT:g} s ({what}); try "
                                         "again") from None
                    if not exclusive and not waiting and self.wait_fd is not None:
                        fcntl.flock(self.wait_fd, fcntl.LOCK_SH)  # the writer holds it only for an instant
                        waiting = True
                    time.sleep(0.02)
        finally:
            if waiting:
                assert self.wait_fd is not None
                fcntl.flock(self.wait_fd, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(self.fd, fcntl.LOCK_UN)

    def _let_readers_in(self, deadline: float) -> None:
        """Wait (until the deadline at most) while some reader is waiting for the lock."""
        if self.wait_fd is None:
            return
        while True:
            try:
                fcntl.flock(self.wait_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return
                time.sleep(0.002)
                continue
            fcntl.flock(self.wait_fd, fcntl.LOCK_UN)
            return

    def close(self) -> None:
        for fd in (self.fd, self.wait_fd):
            if fd is not None:
                os.close(fd)
        self.fd = self.wait_fd = None


class EmbeddedStore:
    """An on-disk Oxigraph store. New articles go in through the bulk loader; an article already stored is
    replaced by one SPARQL update, which Oxigraph runs as a single transaction."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.store: Any = None
        if read_only:  # opened for each query, under the lock; see query()
            if not path.exists():
                raise UsageError(f"no store at {path}: load data first with 'newsld load'")
            if not path.is_dir():
                raise UsageError(f"--store {path} is a file; give a directory for the store")
            return
        check_store_directory(path)
        try:
            path.mkdir(parents=True, exist_ok=True)
            self.lock = _Lock(path, create=True)
            with self.lock.hold(True, path):
                self.store = ox.Store(str(path))
        except OSError as e:
            raise _store_error(path, "open", e) from None

    def prepare(self, graphs: list[ArticleGraph]) -> list[tuple[ArticleGraph, bytes]]:
        """The batch as N-Quads, each article once (the last version of an article wins)."""
        unique = list({g.graph: g for g in graphs}.values())
        return [(g, g.nquads) for g in unique]

    def write(self, prepared: list[tuple[ArticleGraph, bytes]]) -> Written:
        """Store a prepared batch: new articles in one bulk load (which releases the GIL), stored ones replaced
        one update each, unless they are stored exactly as given already."""
        unchanged = 0
        with self.lock.hold(True, self.path):
            try:
                fresh: list[bytes] = []
                for g, data in prepared:
                    name = ox.NamedNode(g.graph)
                    if self.store.contains_named_graph(name):
                        if self._stored_as(name, g):
                            unchanged += 1
                        else:
                            self.store.update(replace_graph_update(g))
                    else:
                        fresh.append(data)
                if fresh:
                    self.store.bulk_load(b"".join(fresh), format=ox.RdfFormat.N_QUADS)
                self.store.flush()
            except (OSError, RuntimeError, SyntaxError) as e:
                raise _store_error(self.path, "write to", e) from None
        return Written(len(prepared), sum(g.size for g, _ in prepared), unchanged)

    def _stored_as(self, name: ox.NamedNode, g: ArticleGraph) -> bool:
        """True when the store holds exactly what storing the article again would leave (reading is much cheaper
        than replacing: a reload of unchanged articles writes nothing). Oxigraph keeps some values in a
        canonical form (an xsd:nonNegativeInteger as xsd:integer), so the article is compared as an Oxigraph
        store holds it: read back from an in-memory store, which encodes terms the same way."""
        stored = set(self.store.quads_for_pattern(None, None, None, name))
        if len(stored) != g.size:
            return False
        given = ox.Store()
        given.load(g.nquads, format=ox.RdfFormat.N_QUADS)
        return stored == set(given)

    def load(self, graphs: list[ArticleGraph]) -> Written:
        """Store the graphs (the last version of an article wins)."""
        return self.write(self.prepare(graphs))

    def query(self, sparql: str) -> QueryResult:
        """Answer one query; while a load runs, wait for the batch being written, and repeat a read that met a
        file the writer removed."""
        if not self.read_only:
            return self._answer(self.store, sparql)
        last: BaseException | None = None
        for attempt in range(READ_ATTEMPTS):
            lock = _Lock(self.path, create=False)  # the writer may have made it since the last attempt
            try:
                with lock.hold(False, self.path):
                    if not check_store_directory(self.path):  # a store still being created has no data yet
                        raise UsageError(f"no store at {self.path}: load data first with 'newsld load'")
                    store = None
                    try:
                        store = ox.Store.read_only(str(self.path))
                        return self._answer(store, sparql)
                    except (OSError, RuntimeError) as e:
                        last = e
                    finally:
                        del store
            finally:
                lock.close()
            time.sleep(0.05 * (2 ** attempt))
        assert last is not None
        raise _store_error(self.path, "read", last)

    @staticmethod
    def _answer(store: Any, sparql: str) -> QueryResult:
        try:
            result = store.query(sparql)
        except SyntaxError as e:
            raise UsageError(f"the query is not valid SPARQL: {e.msg}") from None
        return materialise(result)

    def close(self) -> None:
        """Flush and release the store (Oxigraph allows one writing process at a time)."""
        try:
            if self.store is not None and not self.read_only:
                with self.lock.hold(True, self.path):
                    self.store.flush()
        except (OSError, RuntimeError) as e:
            raise _store_error(self.path, "write to", e) from None
        finally:
            self.store = None
            if getattr(self, "lock", None) is not None:
                self.lock.close()


def replace_graph_update(g: ArticleGraph) -> str:
    """SPARQL Update that swaps an article's graph for its new triples, serialised by pyoxigraph."""
    name = ox.NamedNode(g.graph)
    body = g.ntriples().decode("utf-8")
    return f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}}} }}"
