"""Review pages for many inputs: read newsld documents back (or convert articles on the way), write HTML.

Inputs are the files `newsld convert` reads (articles and newsld JSON-LD) and RDF files (Turtle,
N-Triples, N-Quads, TriG). Every document is validated first, and a page is made from the model
read back from it, so it shows exactly what the data says; nothing is extracted again from a
newsld document. An input that cannot be read costs only its own page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsld.errors import InputError, NewsldError, UsageError
from newsld.model import Article
from newsld.rdf.read import RDF_EXTENSIONS, article_from_document, iter_rdf_file
from newsld.sources.base import SourceText
from newsld.sources.discover import Skipped
from newsld.sources.readers import EXTENSIONS, Part
from newsld.view.render import Cell, Column, headline_of, render_index, render_page

INDEX = "index.html"


@dataclass
class Viewed:
    """One article read for a page (or the error that stopped it, or why it was passed over), and its page."""

    source: str
    output: str  # the page's path under the output directory, without ".html" ("2024-01/story")
    article: Article | None = None
    error: NewsldError | None = None
    skipped: str | None = None
    warn: bool = False  # a skip the user should hear about
    page: Path | None = None


def _rdf_items(part: Part) -> Iterator[SourceText | InputError]:
    """The articles of a validated RDF file, as newsld documents for the convert stream."""
    from newsld.rdf.jsonld import article_document
    from newsld.validation.validate import shared_validator

    path = part.found.path
    report = shared_validator().check_file(path)
    if report.failures:
        yield report.failures[0]
        return
    errors = [i for i in report.issues if i.severity == "error"]
    if errors:
        more = f" (and {len(errors) - 1} more; run 'newsld validate {path}')" if len(errors) > 1 else ""
        yield InputError(part.source, f"is not valid newsld data: {errors[0].message}{more}")
        return
    try:
        articles = list(iter_rdf_file(path))
    except InputError as e:
        yield e
        return
    for n, article in enumerate(articles, start=1):
        output = part.output if len(articles) == 1 else f"{part.output}/{n}"
        yield SourceText(part.source, output, document=article_document(article))


def iter_items(inputs: Iterable[str], *, follow_symlinks: bool = False) -> Iterator[SourceText | InputError | Skipped]:
    """Every article named by the inputs (files, directories, globs), or the error for each bad one; output
    names mirror the input tree, as `newsld convert` names its files."""
    from newsld.sources.base import Limits
    from newsld.sources.discover import Found, discover
    from newsld.sources.readers import plan_outputs, read_part

    found: list[Found] = []
    for item in discover(inputs, EXTENSIONS | set(RDF_EXTENSIONS), follow_symlinks=follow_symlinks):
        if isinstance(item, Found):
            found.append(item)
        else:
            yield item
    parts, clashes = plan_outputs(found)
    yield from clashes
    limits = Limits()
    for part in parts:
        if part.found.path.suffix.lower() in RDF_EXTENSIONS:
            yield from _rdf_items(part)
        else:
            yield from read_part(part, limits)


def read_articles(inputs: Iterable[str], *, model: str | None = None) -> Iterator[Viewed]:
    """The model Article of every input, in order: documents are read back, articles converted first."""
    from newsld.convert import ConvertOptions, convert_sources

    options = ConvertOptions(formats=("jsonld",), output=None, model=model)
    for result in convert_sources(iter_items(inputs), options):
        viewed = Viewed(result.source, result.output)
        if result.error is not None:
            viewed.error = result.error
        elif result.skipped is not None:
            viewed.skipped, viewed.warn = result.skipped, result.warn
        elif result.document is None:
            viewed.error = InputError(result.source, "was not converted")
        else:
            try:
                viewed.article = article_from_document(result.document, result.source)
            except InputError as e:
                viewed.error = e
        yield viewed


class PageNamer:
    """Page file names: <stem>.html, with -2, -3 ... for repeated stems; never the index's name."""

    def __init__(self) -> None:
        self.used = {INDEX}

    def __call__(self, output: str) -> str:
        name, n = f"{output or 'article'}.html", 1
        while name.casefold() in self.used:
            n += 1
            name = f"{output or 'article'}-{n}.html"
        self.used.add(name.casefold())
        return name


def check_output(output: Path) -> None:
    """The output must be a directory (it is created if missing)."""
    if output.exists() and not output.is_dir():
        raise UsageError(f"--output {output} is a file; give a directory for the pages")


@dataclass(frozen=True)
class IndexEntry:
    """What the index shows of one page (kept instead of the article, so memory stays small)."""

    page: str
    headline: str
    date: str
    publisher: str
    actors: int
    claims: int
    figures: int
    source: str

    @classmethod
    def of(cls, article: Article, page: str, source: str) -> IndexEntry:
        return cls(page, headline_of(article), article.date_published or "",
                   article.publisher.name if article.publisher else "", len(article.actors), len(article.claims),
                   len(article.figures), source)


def write_pages(viewed: Iterable[Viewed], output: Path) -> Iterator[Viewed]:
    """Write a page for every article read, then the index of the pages written; yields each outcome."""
    from newsld.convert import write_atomic

    check_output(output)
    namer = PageNamer()
    done: list[IndexEntry] = []
    for item in viewed:
        if item.article is not None:
            name = namer(item.output)
            back = "../" * name.count("/") + INDEX  # the index from the page's folder
            try:
                html = render_page(item.article, source=item.source, index_href=back)
            except ValueError as e:  # a span that does not quote the text
                item.error = InputError(item.source, f"cannot be shown: {e}")
                item.article = None
            else:
                write_atomic(output / name, html.encode("utf-8"))
                item.page = output / name
                done.append(IndexEntry.of(item.article, name, item.source))
        yield item
    if done:
        write_atomic(output / INDEX, index_page(done).encode("utf-8"))


def index_page(pages: list[IndexEntry]) -> str:
    """The index of review pages: headline, date, publisher and counts per article, sortable."""
    columns = [Column("Article"), Column("Published"), Column("Publisher"), Column("Actors", True),
               Column("Claims", True), Column("Figures", True), Column("Source")]
    rows = [[Cell(e.headline, href=e.page), Cell(e.date), Cell(e.publisher), Cell(str(e.actors), sort=e.actors),
             Cell(str(e.claims), sort=e.claims), Cell(str(e.figures), sort=e.figures), Cell(e.source)]
            for e in pages]
    return render_index("newsld review pages", columns, rows)
