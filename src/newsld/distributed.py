"""Run a conversion on a running dask.distributed cluster (`newsld convert ... --dask-scheduler ADDRESS`).

The client plans the inputs exactly as a local run does, splits them into tasks (a few small files,
or a range of records of an archive, feed or JSON lines file), and submits them a few at a time.
Each worker reads its inputs itself (they must be reachable at the same paths on every worker: a
shared file system), loads the spaCy pipeline once per process and reuses it for every task, and
sends back the rendered outputs; the client writes them with the same code as a local run, so the
files are byte-identical. A failed article is a result like any other; a task whose worker dies is
retried once, then reported with the inputs it held.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from newsld.convert import (
    Converted,
    ConvertOptions,
    Extractor,
    ItemOrError,
    Plan,
    _batches,
    _passed_over,
    convert_batch,
    portable,
)
from newsld.errors import InputError, InternalError, UsageError
from newsld.sources.base import SourceText
from newsld.sources.discover import Skipped, _suffix_of
from newsld.sources.readers import FEED_EXTENSIONS, JSONL_EXTENSIONS, WARC_EXTENSIONS, Part, read_part

RECORDS_PER_TASK = 16
FILES_PER_TASK = 4
_pipelines: dict[str, Any] = {}
_lock = threading.RLock()


@dataclass(frozen=True)
class Task:
    """One unit of work: parts to read and convert, and the records each is expected to hold."""

    parts: tuple[Part, ...]
    records: int | None  # records (or files) in the task, when known
    unchanged: tuple[tuple[str, str], ...] = ()  # (output, sha256) of articles a resumed run need not redo

    def describe(self) -> str:
        return ", ".join(p.describe() for p in self.parts)


# ---------------------------------------------------------------- worker side

def _extractor(options: ConvertOptions) -> Extractor:
    """The worker process's pipeline for this model, loaded once and shared by every task (and thread)."""
    from newsld.nlp.pipeline import load_pipeline, model_name

    name = model_name(options.model)
    with _lock:
        nlp = _pipelines.get(name)
        if nlp is None:
            nlp = _pipelines[name] = load_pipeline(name)
    return Extractor(options, nlp)


def run_task(task: Task, options: ConvertOptions) -> list[Converted]:
    """Read and convert one task's inputs on a worker; every failure is a result, never an exception."""
    unchanged = dict(task.unchanged)
    limits = options.limits

    def items() -> Iterator[ItemOrError]:
        for part in task.parts:
            for item in read_part(part, limits):
                if isinstance(item, SourceText) and item.origin is not None and \
                        unchanged.get(item.output) == item.origin.sha256:
                    yield Skipped(item.source, "unchanged since it was converted (--skip-existing)")
                else:
                    yield item

    extractor: Extractor | None = None

    def get_extractor() -> Extractor:
        nonlocal extractor
        extractor = extractor or _extractor(options)
        return extractor

    out: list[Converted] = []
    for batch in _batches(items(), 8):
        texts = [x for x in batch if isinstance(x, SourceText)]
        with _lock:  # spaCy pipelines are not made for concurrent use by threads of one process
            converted = iter(convert_batch(texts, options, get_extractor) if texts else [])
        for x in batch:
            out.append(portable(next(converted)) if isinstance(x, SourceText) else _passed_over(x))
    return out


def check_worker_model(model: str | None) -> str:
    """Run on each worker: the model it would load, or the reason it cannot."""
    from newsld.errors import NewsldError
    from newsld.nlp.pipeline import check_model, model_name

    try:
        check_model(model_name(model))
    except NewsldError as e:
        return f"error: {e}"
    except ImportError:
        return "error: spaCy is not installed on this worker (install newsld[nlp] there)"
    return "ok"


# ---------------------------------------------------------------- client side

def split(the_plan: Plan, options: ConvertOptions, records_per_task: int = RECORDS_PER_TASK,
          files_per_task: int = FILES_PER_TASK) -> list[Task]:
    """Tasks for the plan: archives, feeds and JSON lines by record ranges, other files a few at a time."""
    from newsld.sources.feeds import count_entries
    from newsld.sources.warc import record_offsets

    limits = options.limits
    tasks: list[Task] = []
    small: list[Part] = []
    for part in the_plan.parts:
        part = replace(part, found=part.found.absolute())
        suffix = _suffix_of(part.found.path)
        try:
            if suffix in WARC_EXTENSIONS:
                marks = record_offsets(part.found.path, records_per_task, limits)
                for i, (number, offset) in enumerate(marks):
                    stop = marks[i + 1][1] if i + 1 < len(marks) else None
                    tasks.append(Task((replace(part, first=number, offset=offset, stop_offset=stop),),
                                      records_per_task if stop is not None else None))
                continue
            if suffix in JSONL_EXTENSIONS:
                tasks.extend(_line_ranges(part, records_per_task))
                continue
            if suffix in FEED_EXTENSIONS and part.found.path.stat().st_size <= limits.max_bytes:
                count = count_entries(part.found.path.read_bytes(), part.source)
                for first in range(1, count + 1, records_per_task):
                    last = min(count, first + records_per_task - 1)
                    tasks.append(Task((replace(part, first=first, last=last),), last - first + 1))
                if count:
                    continue
        except (OSError, InputError):
            pass  # the worker reading it will report the problem
        small.append(part)
        if len(small) >= files_per_task:
            tasks.append(Task(tuple(small), len(small)))
            small = []
    if small:
        tasks.append(Task(tuple(small), len(small)))
    return tasks


def _line_ranges(part: Part, lines_per_task: int) -> list[Task]:
    """Ranges of a JSON lines file by byte offset, each `lines_per_task` lines long."""
    tasks: list[Task] = []
    offset = 0
    number = 1
    start_offset, start_number = 0, 1
    with part.found.path.open("rb") as handle:
        for line in handle:
            if number - start_number == lines_per_task:
                tasks.append(Task((replace(part, first=start_number, last=number - 1, offset=start_offset),),
                                  lines_per_task))
                start_offset, start_number = offset, number
            offset += len(line)
            number += 1
    tasks.append(Task((replace(part, first=start_number, last=None, offset=start_offset),), number - start_number))
    return tasks


def connect(address: str) -> Any:
    """A client of the cluster at `address`, with at least one worker that can load the model."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--dask-scheduler needs dask.distributed: pip install 'newsld[dask]'") from None
    try:
        client = Client(address, timeout=20, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as e:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {e}") from None
    return client


def convert_on_cluster(the_plan: Plan, options: ConvertOptions, address: str, *,
                       unchanged: dict[str, str] | None = None,
                       on_total: Any = None) -> Iterator[Converted]:
    """Convert the plan's inputs on the cluster; results come as tasks finish (not in input order)."""
    from distributed import as_completed

    options.check()
    client = connect(address)
    try:
        if not client.scheduler_info().get("workers"):
            try:
                client.wait_for_workers(1, timeout=30)
            except TimeoutError:
                raise UsageError(f"the Dask scheduler at {address} has no workers; start some with "
                                 f"'dask worker {address}'") from None
        try:
            answers = client.run(check_worker_model, options.model)
        except Exception as e:  # a worker without newsld cannot even unpickle the check
            raise UsageError(f"a Dask worker cannot run newsld ({type(e).__name__}: {e}); install newsld "
                             "with its nlp extra on every worker") from None
        bad = {w: a for w, a in answers.items() if a != "ok"}
        if bad:
            worker, answer = next(iter(bad.items()))
            raise UsageError(f"Dask worker {worker} cannot convert: {answer.removeprefix('error: ')}")
        passed_over: list[InputError | Skipped] = [*the_plan.errors, *the_plan.skipped]
        for passed in passed_over:
            yield _passed_over(passed)
        tasks = split(the_plan, options)
        if unchanged:
            index = _by_part(unchanged)
            tasks = [replace(t, unchanged=tuple(e for p in t.parts for e in index.get(p.output, ()))) for t in tasks]
        if on_total is not None:
            known = [t.records for t in tasks]
            on_total(sum(k for k in known if k is not None) if all(k is not None for k in known) else None)
        run = uuid.uuid4().hex[:8]
        window = max(2, 3 * len(client.scheduler_info().get("workers", {})))
        queue = iter(enumerate(tasks))
        running: dict[Any, Task] = {}

        def submit_next() -> Any:
            for index, task in queue:
                future = client.submit(run_task, task, options, key=f"newsld-convert-{run}-{index}", pure=False,
                                       retries=1)
                running[future] = task
                return future
            return None

        first = [f for f in (submit_next() for _ in range(window)) if f is not None]
        if not first:
            return
        done = as_completed(first, loop=client.loop)  # type: ignore[no-untyped-call]
        for future in done:
            task = running.pop(future)
            try:
                results: list[Converted] = future.result()
            except Exception as e:  # the task's worker died twice, or the task could not run there
                detail = f"{type(e).__name__}: {e}"
                results = [Converted(task.describe(), "", error=InternalError(
                    f"{task.describe()}: the Dask task failed ({detail[:300]}); these records were not converted"))]
            future.release()
            following = submit_next()
            if following is not None:
                done.add(following)  # type: ignore[no-untyped-call]
            yield from results
    finally:
        client.close()


def _by_part(unchanged: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Manifest entries by the part they belong to: an article's own output, or the folder of its container."""
    index: dict[str, list[tuple[str, str]]] = {}
    for output, digest in unchanged.items():
        index.setdefault(output, []).append((output, digest))
        if "/" in output:
            index.setdefault(output.rsplit("/", 1)[0], []).append((output, digest))
    return index


__all__ = ["Task", "convert_on_cluster", "run_task", "split"]
