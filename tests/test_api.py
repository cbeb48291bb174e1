"""The Python API for notebooks: extract, extract_many, read, JSON-LD and RDF, tables, the HTML view."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

import newsld
from newsld.errors import InputError, UsageError
from newsld.rdf import document_triples
from newsld.rdf.read import article_from_document
from tests.conftest import FIXTURES

ARTICLES = FIXTURES / "articles"
KURSK_TEXT = (ARTICLES / "kursk-deployment.txt").read_text(encoding="utf-8")


def fixture(name: str) -> newsld.Article:
    path = FIXTURES / "valid" / name
    return article_from_document(json.loads(path.read_text(encoding="utf-8")), str(path))


# ---------------------------------------------------------------- extraction

@pytest.mark.nlp
def test_extract_gives_what_convert_writes() -> None:
    """`newsld.extract` returns the model objects whose JSON-LD is exactly the document `newsld convert` writes."""
    from newsld.convert import ConvertOptions, convert_sources
    from newsld.sources.base import SourceText

    article = newsld.extract(KURSK_TEXT, headline="Troops in Kursk", date="2024-11-05", publisher="Example Wire",
                             author="Mara Lindqvist and Tomas Berg")
    assert isinstance(article, newsld.Article) and article.claims and article.figures and article.actors
    assert article.headline == "Troops in Kursk" and article.date_published == "2024-11-05"
    assert [a.name for a in article.authors] == ["Mara Lindqvist", "Tomas Berg"]
    [converted] = convert_sources([SourceText("k.txt", "k", KURSK_TEXT, authors=("Mara Lindqvist", "Tomas Berg"))],
                                  ConvertOptions(formats=("jsonld",), output=None,
                                                 meta={"headline": "Troops in Kursk", "datePublished": "2024-11-05",
                                                       "publisher": "Example Wire"}))
    assert article.to_jsonld() == converted.document


@pytest.mark.nlp
def test_extract_many_streams_in_order_and_loads_the_model_once() -> None:
    """extract_many keeps the input order, takes texts or dicts with metadata, reads its input lazily,
    and loads the spaCy pipeline once for all calls."""
    from newsld.nlp.pipeline import load_pipeline

    newsld.extract("Ann Lee said the vote was close.")  # the pipeline is loaded by now
    loads = load_pipeline.cache_info().misses
    pulled: list[int] = []

    def items() -> Iterator[str | dict[str, str]]:
        for n in range(20):
            pulled.append(n)
            yield {"text": f"Mayor Ann Lee said {n + 2} bridges would close.", "headline": f"Story {n}"} if n % 2 \
                else f"Officials said {n + 2} roads were flooded."

    stream = newsld.extract_many(items(), batch_size=4, publisher="Example Wire")
    first = next(stream)
    assert len(pulled) < 20, "the input is read as it is processed, not all at once"
    rest = list(stream)
    articles = [first, *rest]
    assert [a.headline for a in articles[1::2]] == [f"Story {n}" for n in range(1, 20, 2)]
    assert all(a.publisher is not None and a.publisher.name == "Example Wire" for a in articles)
    values = [f.value for a in articles for f in a.figures]
    assert values == [n + 2 for n in range(20)]
    assert load_pipeline.cache_info().misses == loads


def test_bad_metadata_and_items_are_refused() -> None:
    """Unknown metadata, an empty text or an item that is not text says what to give instead."""
    with pytest.raises(UsageError, match=r"unknown metadata 'writer'; give any of"):
        newsld.extract("Some text.", writer="X")
    with pytest.raises(InputError, match=r"item 2: the text is empty"):
        list(newsld.extract_many(["A text.", "  "]))
    with pytest.raises(InputError, match=r"item 1: expected a text or a dict"):
        list(newsld.extract_many([42]))  # type: ignore[list-item]
    with pytest.raises(UsageError, match="is a newsld document, not an article"):
        list(newsld.extract_many([json.loads((FIXTURES / "valid" / "kursk-deployment.jsonld").read_text())]))


def test_read_gives_back_the_articles_of_files() -> None:
    """newsld.read loads convert's output (JSON-LD, JSON lines, Turtle, N-Quads) back into model objects."""
    articles = newsld.read(FIXTURES / "valid")
    assert len(articles) == 7
    assert {a.iri for a in articles} == {fixture(n).iri for n in
                                         ("kursk-deployment.jsonld", "harbour-budget.jsonld", "kursk-followup.jsonld")}
    with pytest.raises(InputError, match="is an article, not a newsld document"):
        newsld.read(ARTICLES / "kursk-deployment.txt")


# ---------------------------------------------------------------- JSON-LD, RDF, spans

def test_article_to_jsonld_and_to_rdf_are_one_graph() -> None:
    """Article.to_jsonld() is a valid newsld document and Article.to_rdf() its graph, in each RDF syntax."""
    from newsld.validation import validate_document

    article = fixture("harbour-budget.jsonld")
    doc = article.to_jsonld()
    assert validate_document(doc) == []
    expected = set(map(str, (ox.Triple(s, p, o) for s, p, o in document_triples(doc))))
    for fmt, rdf_format in (("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES)):
        parsed = {str(ox.Triple(q.subject, q.predicate, q.object))
                  for q in ox.parse(article.to_rdf(fmt).encode(), format=rdf_format)}
        assert parsed == expected, fmt
    quads = list(ox.parse(article.to_rdf("nquads").encode(), format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name for q in quads} == {ox.NamedNode(article.iri)}
    assert article.to_jsonld(context="inline")["@context"]["nld"] == "https://w3id.org/newsld/vocab#"
    with pytest.raises(UsageError, match="unknown RDF format 'rdfxml'"):
        article.to_rdf("rdfxml")


def test_nodes_to_jsonld_are_their_part_of_the_document() -> None:
    """An actor's, claim's or figure's to_jsonld() is its node in the article's document, with the context."""
    article = fixture("kursk-deployment.jsonld")
    doc = article.to_jsonld()
    for node, key in ((article.actors[0], "actors"), (article.claims[1], "claims"), (article.figures[0], "figures")):
        out = node.to_jsonld()
        assert out["@context"] == doc["@context"]
        assert {k: v for k, v in out.items() if k != "@context"} in doc[key]
        assert "@context" not in node.to_jsonld(context=None)


def test_spans_are_what_the_page_marks() -> None:
    """Article.spans lists every mention, claim content, figure and cue, each quoting the text."""
    article = fixture("harbour-budget.jsonld")
    spans = article.spans
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    assert all(article.text[s.start:s.end] == s.exact for s in spans)
    roles = {(s.role, s.exact) for s in spans}
    assert ("mention", "she") in roles and ("figure", "$4.2 million") in roles and ("cue", "told") in roles
    assert sum(s.role == "claim" for s in spans) == len(article.claims)


# ---------------------------------------------------------------- tables

def test_tables_are_dataframes() -> None:
    """Actors, claims and figures come as pandas DataFrames, one row each, with readable columns."""
    pd = pytest.importorskip("pandas")
    article = fixture("harbour-budget.jsonld")
    actors, claims, figures = article.actors_frame(), article.claims_frame(), article.figures_frame()
    assert all(isinstance(t, pd.DataFrame) for t in (actors, claims, figures))
    assert len(actors) == 5 and set(actors["role_in_article"]) == {"mentioned", "publisher", "author"}
    assert list(claims["claimant_name"]) == ["Dana Okafor", "Dana Okafor"]
    assert list(claims["claimant_mention"]) == ["Okafor", "she"]
    assert figures["value"].sum() == 4200000 + 2100000 + 240 + 3.5
    assert list(figures.loc[figures["qualifier"] == "Range", ["min_value", "max_value"]].iloc[0]) == [300000, 350000]
    both = newsld.tables([article, fixture("kursk-deployment.jsonld")])
    assert set(both) == {"actors", "claims", "figures"} and both["claims"]["article"].nunique() == 2
    empty = newsld.tables([])
    assert len(empty["figures"]) == 0 and "qualifier" in empty["figures"].columns


def test_tables_without_pandas_say_how_to_get_it() -> None:
    """Without pandas, asking for a table names the extra to install (everything else still works)."""
    code = ("import sys; sys.modules['pandas'] = None\nimport json, newsld\n"
            "from newsld.rdf.read import article_from_document\n"
            f"a = article_from_document(json.load(open({str(FIXTURES / 'valid' / 'kursk-deployment.jsonld')!r})))\n"
            "a.to_rdf(); a._repr_html_()\n"
            "try:\n    a.claims_frame()\nexcept newsld.UsageError as e:\n    print(e)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stdout.strip() == "tables need pandas: pip install 'newsld[pandas]'", proc.stderr


# ---------------------------------------------------------------- Jupyter and start-up cost

def test_an_article_renders_as_its_review_page_in_jupyter() -> None:
    """In a notebook an Article shows as the review page: a fragment with its styles and script inside."""
    article = fixture("kursk-deployment.jsonld")
    html = article._repr_html_()
    assert html.startswith('<div class="nld-view nld-fragment"') and html.endswith("</div>")
    assert "<style>" in html and "<script>" in html and "<html" not in html
    assert all(f'data-ref="{h.key}"' in html for h in article.spans)


def test_import_and_validate_stay_light(tmp_path: Path) -> None:
    """`import newsld` and `newsld validate` import neither spaCy nor pandas."""
    code = ("import sys, newsld\nheavy = {'spacy', 'pandas'} & set(sys.modules)\n"
            "from newsld.cli import app\n"
            f"try:\n    app(['validate', {str(FIXTURES / 'valid')!r}])\nexcept SystemExit as e:\n    code = e.code\n"
            "print(sorted(heavy), sorted({'spacy', 'pandas'} & set(sys.modules)), code)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stdout.strip().splitlines()[-1] == "[] [] 0", proc.stdout + proc.stderr
