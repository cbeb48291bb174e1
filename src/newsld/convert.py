"""Convert articles to validated linked data files: read, extract, build JSON-LD, validate, write atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsld.errors import InputError, InternalError, NewsldError, OutputError, UsageError
from newsld.model import DEFAULT_BASE, Article
from newsld.rdf.expand import document_triples
from newsld.rdf.jsonld import article_document, dumps
from newsld.rdf.serialize import FORMATS, serialize
from newsld.sources.readers import EXTENSIONS, SourceText, read_path

DEFAULT_OUTPUT = Path("newsld-out")
OUTPUT_FORMATS = {"jsonld": "jsonld", **{name: ext for name, (_, ext) in FORMATS.items()}}
DEFAULT_FORMATS = ("jsonld", "turtle")


@dataclass
class ConvertOptions:
    """How to convert: output formats and place, model, IRI base, metadata for plain text, parallelism."""

    formats: tuple[str, ...] = DEFAULT_FORMATS
    output: Path | None = DEFAULT_OUTPUT  # None: standard output
    model: str | None = None
    base: str = DEFAULT_BASE
    jobs: int = 1
    include_text: bool = True
    meta: dict[str, str] = field(default_factory=dict)
    context: str = "url"  # "url": the published context URL; "inline": the context written into each document

    def check(self) -> None:
        unknown = [f for f in self.formats if f not in OUTPUT_FORMATS]
        if unknown:
            raise UsageError(f"unknown format {unknown[0]!r}; choose from {', '.join(OUTPUT_FORMATS)}")
        if self.output is None and len(self.formats) != 1:
            raise UsageError("--output - streams one format: give exactly one --to")
        if self.jobs < 1:
            raise UsageError("--jobs must be at least 1")
        if self.context not in ("url", "inline"):
            raise UsageError(f"--context must be 'url' or 'inline', not {self.context!r}")
        if self.output is not None and self.output.exists() and not self.output.is_dir():
            raise UsageError(f"--output {self.output} is a file; give a directory (or '-' for standard output)")
        if not self.base.endswith(("/", "#")) or "://" not in self.base:
            raise UsageError(f"--base {self.base!r} must be an absolute IRI ending in '/' or '#'")


@dataclass
class Converted:
    """The outcome for one article: rendered outputs (format -> bytes) or the error that stopped it."""

    source: str
    stem: str
    outputs: dict[str, bytes] = field(default_factory=dict)
    error: NewsldError | None = None
    counts: dict[str, int] = field(default_factory=dict)
    document: dict[str, Any] | None = None


def render(doc: dict[str, Any], formats: Iterable[str], triples: list[Any] | None = None) -> dict[str, bytes]:
    """The document in each requested format; the RDF formats all come from the same triples."""
    out: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "jsonld":
            out[fmt] = dumps(doc).encode("utf-8")
        else:
            if triples is None:
                triples = document_triples(doc)
            out[fmt] = serialize(triples, fmt, graph=doc.get("id"))
    return out


def check_document(doc: dict[str, Any], source: str) -> list[Any]:
    """Refuse to write a document that breaks the schemas or shapes; returns its triples for rendering."""
    from newsld.validation.validate import Validator, shared_validator

    validator: Validator = shared_validator()
    messages = [f"at {pointer}: {message}" for pointer, message in validator.schema_stage(doc)]
    triples: list[Any] = []
    if not messages:
        pointers: dict[Any, str] = {}
        triples = document_triples(doc, on_node=pointers.__setitem__)
        messages = [f"at {pointer}: {message}" if pointer else message
                    for _, message, pointer, _, _ in validator.shape_stage(doc, triples, pointers)]
    if messages:
        raise InputError(source, f"the converted document is not valid {messages[0]}"
                         + (f" (and {len(messages) - 1} more)" if len(messages) > 1 else ""))
    return triples


def _with_context(doc: dict[str, Any], mode: str) -> dict[str, Any]:
    """A curated document with its @context written as asked: the URL, or the context inline."""
    from newsld.rdf.loader import with_inline_context
    from newsld.resources import CONTEXT_URL

    if mode == "inline":
        return with_inline_context(doc)
    return {**doc, "@context": CONTEXT_URL} if isinstance(doc.get("@context"), dict) else doc


def finish(item: SourceText, article: Article | None, options: ConvertOptions) -> Converted:
    """Build, validate and render one article (or an input that already was a newsld document)."""
    result = Converted(item.source, item.stem)
    try:
        if article is not None:
            doc = article_document(article, context=options.context)
        else:
            assert item.document is not None
            doc = _with_context(item.document, options.context)
        triples = check_document(doc, item.source)
        result.outputs = render(doc, options.formats, triples)
        result.counts = {k: len(doc.get(k, [])) for k in ("actors", "claims", "figures")}
        result.document = doc
    except NewsldError as e:
        result.error = e
    return result


class _Extractor:
    """Holds the spaCy pipeline in one process and converts batches of source texts."""

    def __init__(self, options: ConvertOptions) -> None:
        from newsld.nlp.pipeline import load_pipeline, model_name

        self.options = options
        self.nlp = load_pipeline(model_name(options.model))

    def convert(self, items: list[SourceText]) -> list[Converted]:
        """Convert a batch; if extraction fails on an unexpected error, retry one by one so only the
        article that caused it is lost, reported as an internal error naming the input."""
        try:
            return self._convert(items)
        except Exception:
            if len(items) == 1:
                raise
        out: list[Converted] = []
        for item in items:
            try:
                out.extend(self._convert([item]))
            except Exception as e:  # a bug in extraction must not cost the other articles
                error = InternalError(f"{item.source}: internal error while extracting "
                                      f"({type(e).__name__}: {e}); please report it with this article")
                out.append(Converted(item.source, item.stem, error=error))
        return out

    def _convert(self, items: list[SourceText]) -> list[Converted]:
        from dataclasses import replace

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
            article = doc_to_article(doc, meta, base=self.options.base, prov=prov)
            if not self.options.include_text:
                article = replace(article, include_text=False)
            out.append(finish(item, article, self.options))
        return out


_worker_options: ConvertOptions | None = None
_worker: _Extractor | None = None


def _init_worker(options: ConvertOptions) -> None:
    global _worker_options
    _worker_options = options


def _work(items: list[SourceText]) -> list[Converted]:
    """One task in a worker process: the pipeline loads on the first batch that needs extraction."""
    global _worker
    assert _worker_options is not None
    if all(item.document is not None for item in items):
        return [finish(item, None, _worker_options) for item in items]
    if _worker is None:
        _worker = _Extractor(_worker_options)
    return _worker.convert(items)


def iter_sources(paths: Iterable[str]) -> Iterator[SourceText | InputError]:
    """Every article named by the inputs (files, directories, globs), or the error for each bad one."""
    from newsld.validation.validate import expand_paths

    for item in expand_paths(paths, EXTENSIONS):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_path(item)


def _batches(items: Iterator[SourceText | InputError], size: int) -> Iterator[list[SourceText | InputError]]:
    batch: list[SourceText | InputError] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def convert_sources(items: Iterable[SourceText | InputError], options: ConvertOptions) -> Iterator[Converted]:
    """Convert articles in input order, streaming: memory stays flat however many articles there are."""
    options.check()
    batch_size = 8
    if options.jobs > 1:
        batch_size = 2  # small tasks keep every worker busy until the end
        import multiprocessing as mp

        from newsld.nlp.pipeline import check_model, model_name

        check_model(model_name(options.model))  # a worker that cannot start would be restarted forever

        context = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
        with context.Pool(options.jobs, initializer=_init_worker, initargs=(options,)) as pool:
            pending_errors: list[InputError] = []

            def work_batches() -> Iterator[list[SourceText]]:
                for batch in _batches(iter(items), batch_size):
                    pending_errors.extend(x for x in batch if isinstance(x, InputError))
                    yield [x for x in batch if isinstance(x, SourceText)]

            for results in pool.imap(_work, work_batches(), chunksize=1):
                while pending_errors:
                    error = pending_errors.pop(0)
                    yield Converted(error.source, "", error=error)
                yield from results
            while pending_errors:
                error = pending_errors.pop(0)
                yield Converted(error.source, "", error=error)
        return
    extractor: _Extractor | None = None  # spaCy loads only when some input needs extraction
    for batch in _batches(iter(items), batch_size):
        texts = [x for x in batch if isinstance(x, SourceText)]
        if any(t.document is None for t in texts):
            extractor = extractor or _Extractor(options)
            converted = iter(extractor.convert(texts))
        else:
            converted = iter([finish(t, None, options) for t in texts])
        for x in batch:
            yield Converted(x.source, "", error=x) if isinstance(x, InputError) else next(converted)


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same directory and rename: readers never see a partial file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise OutputError(f"{path.parent}: cannot write output there: {e.strerror or e}") from e
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise OutputError(f"{path}: cannot be written: {e.strerror or e}") from e
        raise


class OutputNamer:
    """Output file names: <stem>.<ext>, with -2, -3 ... when two inputs share a stem."""

    def __init__(self) -> None:
        self.used: dict[str, int] = {}

    def __call__(self, stem: str) -> str:
        count = self.used.get(stem, 0) + 1
        self.used[stem] = count
        return stem if count == 1 else f"{stem}-{count}"


def write_outputs(result: Converted, directory: Path, namer: OutputNamer) -> list[Path]:
    """Write one article's outputs into `directory`; returns the paths written."""
    name = namer(result.stem)
    written: list[Path] = []
    for fmt, data in result.outputs.items():
        path = directory / f"{name}.{OUTPUT_FORMATS[fmt]}"
        write_atomic(path, data)
        written.append(path)
    return written


ProgressCallback = Callable[[Converted], None]
