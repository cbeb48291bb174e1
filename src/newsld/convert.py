"""Convert articles to validated linked data files: read, extract, build JSON-LD, validate, write atomically.

Outputs mirror the inputs: OUTPUT/<relative path of the input without extension>.<format>, and the
records of an archive, feed or JSON lines file go under a folder named after it. A manifest
(OUTPUT/.newsld/manifest.jsonl) lists every article written with its source and the source's hash,
so `--skip-existing` can resume a run and `newsld load` can split the work.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

import pyoxigraph as ox

from newsld.errors import InputError, InternalError, NewsldError, OutputError, UsageError
from newsld.model import DEFAULT_BASE, Actor, Article, SourceDocument, actor_iri
from newsld.rdf.expand import document_statements, document_triples
from newsld.rdf.jsonld import article_document, dumps
from newsld.rdf.serialize import FORMATS, serialize_statements
from newsld.sources.base import Limits, SourceText
from newsld.sources.discover import Found, Skipped, discover
from newsld.sources.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS
from newsld.sources.readers import EXTENSIONS, Part, plan_outputs, read_part

DEFAULT_OUTPUT = Path("newsld-out")
OUTPUT_FORMATS = {"jsonld": "jsonld", **{name: ext for name, (_, ext) in FORMATS.items()}}
DEFAULT_FORMATS = ("jsonld", "turtle")
MANIFEST = PurePosixPath(".newsld") / "manifest.jsonl"
LONG_TEXT = 50_000  # code points: a text this long is extracted in a batch of its own
BATCH_CHARS = 60_000  # a batch holds at most this much text, so no batch waits long on one of its texts
ItemOrError = SourceText | InputError | Skipped


@dataclass
class ConvertOptions:
    """How to convert: output formats and place, model, IRI base, metadata for plain text, parallelism, limits."""

    formats: tuple[str, ...] = DEFAULT_FORMATS
    output: Path | None = DEFAULT_OUTPUT  # None: standard output
    model: str | None = None
    base: str = DEFAULT_BASE
    jobs: int = 1
    include_text: bool = True
    meta: dict[str, str] = field(default_factory=dict)
    context: str = "url"  # "url": the published context URL; "inline": the context written into each document
    max_chars: int = DEFAULT_MAX_CHARS
    max_bytes: int = DEFAULT_MAX_BYTES
    follow_symlinks: bool = False
    skip_existing: bool = False
    min_confidence: float = 0.0  # leave out actors, claims and figures below it (newsld.confidence.above)

    @property
    def limits(self) -> Limits:
        return Limits(max_bytes=self.max_bytes, max_chars=self.max_chars)

    def check(self) -> None:
        unknown = [f for f in self.formats if f not in OUTPUT_FORMATS]
        if unknown:
            raise UsageError(f"unknown format {unknown[0]!r}; choose from {', '.join(OUTPUT_FORMATS)}")
        if self.output is None and len(self.formats) != 1:
            raise UsageError("--output - streams one format: give exactly one --to")
        if self.jobs < 1:
            raise UsageError("--jobs must be at least 1")
        if self.max_chars < 1 or self.max_bytes < 1:
            raise UsageError("--max-chars and --max-bytes must be positive")
        from newsld.confidence import check_threshold

        check_threshold(self.min_confidence)
        if self.context not in ("url", "inline"):
            raise UsageError(f"--context must be 'url' or 'inline', not {self.context!r}")
        if self.output is not None and self.output.exists() and not self.output.is_dir():
            raise UsageError(f"--output {self.output} is a file; give a directory (or '-' for standard output)")
        if self.skip_existing and self.output is None:
            raise UsageError("--skip-existing needs an output directory, not '-'")
        check_base(self.base)

    def fingerprint(self) -> str:
        """What else than the source decides an output's bytes: a resumed run redoes articles made otherwise."""
        from newsld import __version__

        settings = [__version__, self.model or os.environ.get("NEWSLD_MODEL", ""), self.base, self.include_text,
                    sorted(self.meta.items()), self.context]
        return hashlib.sha256(json.dumps(settings).encode()).hexdigest()[:16]


def check_base(base: str) -> None:
    """A usable IRI base: absolute, ending in '/' or '#', and giving valid IRIs (checked by pyoxigraph)."""
    import pyoxigraph as ox

    problem = None
    if not base.endswith(("/", "#")) or "://" not in base:
        problem = "must be an absolute IRI ending in '/' or '#'"
    else:
        try:
            ox.NamedNode(base + "article/0123456789abcdef0123#claim-1")
        except ValueError as e:
            problem = f"is not a valid IRI base ({e})"
        if problem is None and any(c.isspace() or c in '<>"{}|\\^`' for c in base):
            problem = "is not a valid IRI base (it holds a space or one of <>\"{}|\\^`)"
    if problem:
        raise UsageError(f"--base {base!r} {problem}")


@dataclass
class Converted:
    """The outcome for one article: rendered outputs (format -> bytes), the error that stopped it, or why
    it was skipped."""

    source: str
    output: str
    outputs: dict[str, bytes] = field(default_factory=dict)
    error: NewsldError | None = None
    counts: dict[str, int] = field(default_factory=dict)
    document: dict[str, Any] | None = None
    skipped: str | None = None
    origin: SourceDocument | None = None
    warn: bool = False


def render(doc: dict[str, Any], formats: Iterable[str], quads: list[ox.Quad] | None = None, *,
           lines: bool = False) -> dict[str, bytes]:
    """The document in each requested format; the RDF formats all come from the same statements (the quads
    of `document_statements`, as `check_document` returns them).

    With `lines`, JSON-LD is one compact line (JSON lines, for a stream of documents on standard output)."""
    out: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "jsonld":
            text = json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n" if lines else dumps(doc)
            out[fmt] = text.encode("utf-8")
        else:
            if quads is None:
                quads = document_statements(doc)
            out[fmt] = serialize_statements(quads, fmt, graph=doc.get("id"))
    return out


def check_document(doc: dict[str, Any], source: str) -> list[ox.Quad]:
    """Refuse to write a document that breaks the schemas or shapes; returns its statements for rendering.

    The statements validated are the ones serialised. Only a document with findings is read again, with
    the JSON pointer of every node, to say where each finding is written."""
    from newsld.validation.validate import Validator, shared_validator

    validator: Validator = shared_validator()
    messages = [f"at {pointer}: {message}" for pointer, message in validator.schema_stage(doc)]
    quads: list[ox.Quad] = []
    if not messages:
        quads = document_statements(doc)
        if not validator.conforms(quads):
            pointers: dict[Any, str] = {}
            triples = document_triples(doc, on_node=pointers.__setitem__)
            messages = [f"at {pointer}: {message}" if pointer else message
                        for _, message, pointer, _, _ in validator.shape_stage(doc, triples, pointers)]
    if messages:
        raise InputError(source, f"the converted document is not valid {messages[0]}"
                         + (f" (and {len(messages) - 1} more)" if len(messages) > 1 else ""))
    return quads


def with_source(article: Article, item: SourceText) -> Article:
    """The article with its authors (Person actors of the article) and the document it came from."""
    authors = tuple(Actor(actor_iri(article.iri, name, "Person"), "Person", name) for name in item.authors)
    provenance = article.provenance
    if provenance is not None and item.origin is not None:
        provenance = replace(provenance, source=item.origin)
    return replace(article, authors=authors, provenance=provenance)


def _with_context(doc: dict[str, Any], mode: str) -> dict[str, Any]:
    """A curated document with its @context written as asked: the URL, or the context inline."""
    from newsld.rdf.loader import with_inline_context
    from newsld.resources import CONTEXT_URL

    if mode == "inline":
        return with_inline_context(doc)
    return {**doc, "@context": CONTEXT_URL} if isinstance(doc.get("@context"), dict) else doc


def finish(item: SourceText, article: Article | None, options: ConvertOptions) -> Converted:
    """Build, validate and render one article (or an input that already was a newsld document)."""
    result = Converted(item.source, item.output, origin=item.origin)
    try:
        if article is not None:
            doc = article_document(article, context=options.context)
        else:
            assert item.document is not None
            doc = _with_context(item.document, options.context)
        quads = check_document(doc, item.source)
        result.outputs = render(doc, options.formats, quads, lines=options.output is None)
        result.counts = {k: len(doc.get(k, [])) for k in ("actors", "claims", "figures")}
        result.document = doc
    except NewsldError as e:
        result.error = e
    except Exception as e:  # a bug in building or checking one document must not cost the others
        result.error = InternalError(f"{item.source}: internal error while building the output "
                                     f"({type(e).__name__}: {e}); please report it with this article")
    return result


class Extractor:
    """Holds the spaCy pipeline in one process and converts batches of source texts."""

    def __init__(self, options: ConvertOptions, nlp: Any = None) -> None:
        from newsld.nlp.pipeline import load_pipeline, model_name

        self.options = options
        self.nlp = nlp if nlp is not None else load_pipeline(model_name(options.model))

    def convert(self, items: list[SourceText]) -> list[Converted]:
        """Convert a batch; if extraction fails on an unexpected error, retry one by one so only the
        article that caused it is lost, reported as an internal error naming the input."""
        try:
            return self._convert(items)
        except Exception:
            if len(items) == 1:
                return [self._failed(items[0])]
        out: list[Converted] = []
        for item in items:
            try:
                out.extend(self._convert([item]))
            except Exception:  # a bug in extraction must not cost the other articles
                out.append(self._failed(item))
        return out

    def _failed(self, item: SourceText) -> Converted:
        import sys

        error = sys.exc_info()[1]
        name = type(error).__name__ if error else "Error"
        problem = InternalError(f"{item.source}: internal error while extracting ({name}: {error}); "
                                "please report it with this article")
        return Converted(item.source, item.output, error=problem, origin=item.origin)

    def _convert(self, items: list[SourceText]) -> list[Converted]:
        from newsld.nlp.extract import doc_to_article, process, provenance

        prov = provenance(self.nlp)
        texts = [it for it in items if it.document is None]
        docs = iter(process(self.nlp, [it.text for it in texts]))
        out: list[Converted] = []
        for item in items:
            if item.document is not None:
                out.append(finish(item, None, self.options))
                continue
            doc = next(docs)
            meta = {**item.meta, **self.options.meta}
            article = with_source(doc_to_article(doc, meta, base=self.options.base, prov=prov), item)
            if self.options.min_confidence > 0:
                from newsld.confidence import above

                article = above(article, self.options.min_confidence)
            if not self.options.include_text:
                article = replace(article, include_text=False)
            out.append(finish(item, article, self.options))
        return out


def convert_batch(items: list[SourceText], options: ConvertOptions, extractor: Callable[[], Extractor]
                  ) -> list[Converted]:
    """A batch of articles; the pipeline is asked for only when some item needs extraction."""
    if all(item.document is not None for item in items):
        return [finish(item, None, options) for item in items]
    return extractor().convert(items)


_worker_options: ConvertOptions | None = None
_worker: Extractor | None = None


def _init_worker(options: ConvertOptions) -> None:
    global _worker_options
    _worker_options = options


def _worker_extractor() -> Extractor:
    global _worker
    assert _worker_options is not None
    if _worker is None:
        _worker = Extractor(_worker_options)
    return _worker


def _work(items: list[SourceText]) -> list[Converted]:
    """One task in a worker process: the pipeline loads on the first batch that needs extraction."""
    assert _worker_options is not None
    return [portable(r) for r in convert_batch(items, _worker_options, _worker_extractor)]


def portable(result: Converted) -> Converted:
    """The result with its error as a plain InputError or InternalError, so it crosses process boundaries."""
    error = result.error
    if error is None or type(error) in (InputError, InternalError):
        return result
    if isinstance(error, InputError):
        result.error = InputError(error.source, error.problem)
    else:
        result.error = InternalError(str(error))
    return result


# ---------------------------------------------------------------- planning and reading inputs

@dataclass
class Plan:
    """The inputs of a run: what to read (each with its output name), and what was refused or skipped."""

    parts: list[Part]
    errors: list[InputError]
    skipped: list[Skipped]

    @property
    def known_total(self) -> int | None:
        """How many articles the run will produce, when every input is one article (else None)."""
        from newsld.sources.discover import _suffix_of
        from newsld.sources.readers import CONTAINERS, JSON_EXTENSIONS

        if any(_suffix_of(p.found.path) in CONTAINERS | JSON_EXTENSIONS for p in self.parts):
            return None
        return len(self.parts)


def plan(inputs: Iterable[str], *, follow_symlinks: bool = False, extra: Iterable[Found] = ()) -> Plan:
    """Find every input named (files, directories, globs) and give each its output name.

    `extra` are inputs found otherwise (standard input, saved to a file), named with the others."""
    found: list[Found] = list(extra)
    errors: list[InputError] = []
    skipped: list[Skipped] = []
    for item in discover(inputs, EXTENSIONS, follow_symlinks=follow_symlinks):
        if isinstance(item, Found):
            found.append(item)
        elif isinstance(item, InputError):
            errors.append(item)
        else:
            skipped.append(item)
    parts, clashes = plan_outputs(found)
    return Plan(parts, errors + clashes, skipped)


def read_plan(the_plan: Plan, limits: Limits) -> Iterator[ItemOrError]:
    """Every article of the plan's inputs in order, with the refused and skipped inputs first."""
    yield from the_plan.errors
    yield from the_plan.skipped
    for part in the_plan.parts:
        yield from read_part(part, limits)


def iter_sources(paths: Iterable[str], limits: Limits | None = None) -> Iterator[ItemOrError]:
    """Every article named by the inputs (files, directories, globs), or the error for each bad one."""
    yield from read_plan(plan(paths), limits or Limits())


# ---------------------------------------------------------------- converting

def _batches(items: Iterator[ItemOrError], size: int) -> Iterator[list[ItemOrError]]:
    """Batches of at most `size` articles and BATCH_CHARS of text; a long text goes alone."""
    batch: list[ItemOrError] = []
    chars = 0
    for item in items:
        length = len(item.text) if isinstance(item, SourceText) else 0
        if isinstance(item, SourceText) and batch and (length >= LONG_TEXT or chars + length > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += length
        if len(batch) >= size or length >= LONG_TEXT:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _passed_over(item: InputError | Skipped) -> Converted:
    if isinstance(item, InputError):
        return Converted(item.source, "", error=item)
    return Converted(item.source, "", skipped=item.reason, warn=item.warn)


def convert_sources(items: Iterable[ItemOrError], options: ConvertOptions, *, ordered: bool = True
                    ) -> Iterator[Converted]:
    """Convert articles, streaming: memory stays flat however many there are. With `ordered`, results come
    in input order; without, each comes as soon as it is done (a slow article holds back no other)."""
    options.check()
    if options.jobs > 1:
        yield from _convert_parallel(items, options, ordered)
        return
    extractor: Extractor | None = None  # spaCy loads only when some input needs extraction

    def get_extractor() -> Extractor:
        nonlocal extractor
        extractor = extractor or Extractor(options)
        return extractor

    for batch in _batches(iter(items), 8):
        texts = [x for x in batch if isinstance(x, SourceText)]
        converted = iter(convert_batch(texts, options, get_extractor) if texts else [])
        for x in batch:
            yield next(converted) if isinstance(x, SourceText) else _passed_over(x)


def _convert_parallel(items: Iterable[ItemOrError], options: ConvertOptions, ordered: bool) -> Iterator[Converted]:
    import multiprocessing as mp

    from newsld.nlp.pipeline import check_model, model_name

    check_model(model_name(options.model))  # a worker that cannot start would be restarted forever
    context = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
    with context.Pool(options.jobs, initializer=_init_worker, initargs=(options,)) as pool:
        pending: list[InputError | Skipped] = []

        def work_batches() -> Iterator[list[SourceText]]:
            for batch in _batches(iter(items), 2):  # small tasks keep every worker busy until the end
                pending.extend(x for x in batch if not isinstance(x, SourceText))
                texts = [x for x in batch if isinstance(x, SourceText)]
                if texts:
                    yield texts

        mapper = pool.imap if ordered else pool.imap_unordered
        for results in mapper(_work, work_batches(), chunksize=1):
            while pending:
                yield _passed_over(pending.pop(0))
            yield from results
        while pending:
            yield _passed_over(pending.pop(0))


# ---------------------------------------------------------------- writing

_umask: int | None = None
_umask_lock = threading.Lock()


def current_umask() -> int:
    """The process's umask, read once. Linux states it in /proc/self/status; elsewhere it can only be read by
    setting it, which is done once, under a lock, and put back at once."""
    global _umask
    with _umask_lock:
        if _umask is None:
            try:
                with open("/proc/self/status", encoding="ascii") as status:
                    line = next(x for x in status if x.startswith("Umask:"))
                _umask = int(line.split()[1], 8)
            except (OSError, StopIteration, ValueError, IndexError):
                _umask = os.umask(0o022)
                os.umask(_umask)
        return _umask


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same directory and rename: readers never see a partial file.

    The file gets the mode a plain open() would give it (0666 less the umask); the temporary file is
    private (0600) only while it is written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise OutputError(f"{path.parent}: cannot write output there: {e.strerror or e}") from e
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), 0o666 & ~current_umask())
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise OutputError(f"{path}: cannot be written: {e.strerror or e}") from e
        raise


def output_paths(output: str, formats: Iterable[str]) -> list[PurePosixPath]:
    """The files (relative to the output directory) one article is written to."""
    return [PurePosixPath(f"{output}.{OUTPUT_FORMATS[fmt]}") for fmt in formats]


def check_output_name(result: Converted) -> None:
    """Raise OutputError for an output name that would leave the output directory."""
    relative = PurePosixPath(result.output)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise OutputError(f"{result.source}: output name {result.output!r} would leave the output directory")


def write_outputs(result: Converted, directory: Path) -> list[Path]:
    """Write one article's outputs under `directory`, at its mirrored path; returns the paths written."""
    written: list[Path] = []
    check_output_name(result)
    for fmt, data in result.outputs.items():
        path = directory / f"{result.output}.{OUTPUT_FORMATS[fmt]}"
        write_atomic(path, data)
        written.append(path)
    return written


class OutputWriter:
    """Writes articles' outputs (and their manifest lines) under `directory` on one background thread, in the
    order they are given, so the disk's waits (every file is synced before it is renamed into place) overlap
    with extracting the next articles.

    An error while writing stops all further writing and is raised by the next `submit` or by `finish`;
    `close` (for a `finally`) waits for what is queued and never raises."""

    def __init__(self, directory: Path, manifest: Manifest | None = None, depth: int = 16) -> None:
        import queue

        self.directory = directory
        self.manifest = manifest
        self._queue: queue.Queue[Converted | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="newsld-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            result = self._queue.get()
            if result is None:
                return
            if self._error is not None:
                continue  # after a failure nothing more is written
            try:
                written = write_outputs(result, self.directory)
                if self.manifest is not None:
                    self.manifest.record(result, written)
            except BaseException as e:  # handed to the caller's thread
                self._error = e

    def submit(self, result: Converted) -> list[Path]:
        """Queue one article's outputs; returns the paths they will have. Raises the error of an earlier write,
        or OutputError at once for an output name that would leave the directory."""
        self._raise()
        check_output_name(result)
        self._queue.put(result)
        return [self.directory / f"{result.output}.{OUTPUT_FORMATS[fmt]}" for fmt in result.outputs]

    def finish(self) -> None:
        """Wait until everything queued is written; raise the first error."""
        self.close()
        self._raise()

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error


class Manifest:
    """OUTPUT/.newsld/manifest.jsonl: one line per article written, with its source and the source's hash.

    Lines are appended as articles are written (a killed run keeps what it finished); at the end of a
    run the file is rewritten sorted by output name, one line per article, so it does not depend on
    the order articles finished in."""

    def __init__(self, directory: Path, fingerprint: str) -> None:
        self.directory = directory
        self.path = directory / MANIFEST
        self.fingerprint = fingerprint
        self.entries: dict[str, dict[str, Any]] = {}
        self._handle: Any = None
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue  # a line cut short by a killed run
                if isinstance(entry, dict) and isinstance(entry.get("output"), str):
                    self.entries[entry["output"]] = entry

    def unchanged(self, item: SourceText, formats: Iterable[str]) -> bool:
        """True when this article was written from the same source bytes and settings, and its files exist."""
        entry = self.entries.get(item.output)
        if entry is None or item.origin is None or item.origin.sha256 is None:
            return False
        if entry.get("sha256") != item.origin.sha256 or entry.get("settings") != self.fingerprint:
            return False
        return all((self.directory / p).exists() for p in output_paths(item.output, formats))

    def record(self, result: Converted, written: list[Path]) -> None:
        origin = result.origin
        entry: dict[str, Any] = {"output": result.output, "source": result.source,
                                 "files": sorted(p.relative_to(self.directory).as_posix() for p in written),
                                 "settings": self.fingerprint}
        if origin is not None:
            entry.update({k: v for k, v in (("location", origin.location), ("sha256", origin.sha256),
                                            ("record", origin.record_id), ("url", origin.url)) if v})
        if result.document is not None:
            entry["article"] = result.document.get("id")
        previous = self.entries.get(result.output, {})
        entry["files"] = sorted(set(entry["files"]) | set(previous.get("files", []))
                                if previous.get("sha256") == entry.get("sha256") else entry["files"])
        self.entries[result.output] = entry
        if self._handle is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._handle = self.path.open("a", encoding="utf-8")
            except OSError as e:
                raise OutputError(f"{self.path}: cannot write the manifest: {e.strerror or e}") from e
        self._handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        self._handle.flush()

    def close(self) -> None:
        """Rewrite the manifest sorted, one line per article (atomically)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
            lines = [json.dumps(self.entries[k], ensure_ascii=False, sort_keys=True) for k in sorted(self.entries)]
            write_atomic(self.path, ("\n".join(lines) + "\n").encode("utf-8"))


def skip_unchanged(items: Iterable[ItemOrError], manifest: Manifest, formats: Iterable[str]) -> Iterator[ItemOrError]:
    """The items, with articles already converted from the same source bytes replaced by a Skipped."""
    formats = tuple(formats)
    for item in items:
        if isinstance(item, SourceText) and manifest.unchanged(item, formats):
            yield Skipped(item.source, "unchanged since it was converted (--skip-existing)")
        else:
            yield item


ProgressCallback = Callable[[Converted], None]
