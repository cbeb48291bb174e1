"""Worker processes for `newsld load --jobs N`: they read, validate and serialise units of the input while the
loading process writes (the store has one writer, and its bulk loader runs without holding Python's lock).

The workers are forked when the Loader is made, before the store is opened, so they start in a moment with
the compiled schemas and shapes already in memory, and share no store handle, lock or thread with the writer.
Results come back in input order, with a bounded number of units in flight, so memory stays flat.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from newsld.errors import InternalError
from newsld.store.inputs import FileResult
from newsld.store.units import Unit, run_unit


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _start_worker() -> None:
    # Ctrl-C reaches every process of the terminal: the loading process alone decides to stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # what was inherited (modules, compiled shapes) lives as long as the worker: full collections need not
    # scan it again and again while thousands of small graphs are built
    gc.freeze()
    nice = int(os.environ.get("NEWSLD_WORKER_NICE", "0"))
    if nice:
        os.nice(nice)


def _ready() -> None:
    return None


class Workers:
    """A pool of worker processes that run units of a load and hand back the results in input order."""

    def __init__(self, jobs: int) -> None:
        from newsld.validation.validate import shared_validator

        shared_validator()  # compiled here once, inherited by every worker
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        self.jobs = jobs
        self.window = 2 * jobs + 2  # units in flight: enough to keep every worker busy, few enough for memory
        self.executor = ProcessPoolExecutor(jobs, mp_context=mp.get_context(method), initializer=_start_worker)
        self.executor.submit(_ready)  # start the processes now, before this process opens the store

    def run(self, units: Iterable[Unit], validate: bool) -> Iterator[list[FileResult]]:
        """The results of every unit, in order; an input that named nothing is passed through here."""
        pending: deque[Future[list[FileResult]] | list[FileResult]] = deque()

        def result(item: Future[list[FileResult]] | list[FileResult]) -> list[FileResult]:
            if isinstance(item, list):
                return item
            try:
                return item.result()
            except BrokenProcessPool:
                raise InternalError("a worker process of the load ended abruptly (out of memory?); the batches "
                                    "written before are stored: load again (reloading replaces), or use --jobs 1"
                                    ) from None

        try:
            for unit in units:
                if unit.error is not None:
                    pending.append(run_unit(unit, validate))
                else:
                    pending.append(self.executor.submit(run_unit, unit, validate))
                while len(pending) > self.window or (pending and isinstance(pending[0], list)):
                    yield result(pending.popleft())
            while pending:
                yield result(pending.popleft())
        finally:
            for item in pending:
                if isinstance(item, Future):
                    item.cancel()

    def close(self) -> None:
        """Stop the workers (after the unit each is doing)."""
        self.executor.shutdown(wait=True, cancel_futures=True)
