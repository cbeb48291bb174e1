"""Reading newsld data back into the model, and the review pages built from it (without a browser)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsld.errors import InputError
from newsld.model import Actor, Article, Claim, Mention, Span, actor_iri, article_iri
from newsld.rdf import document_triples, serialize
from newsld.rdf.jsonld import article_document
from newsld.rdf.read import article_from_document, read_rdf_articles
from newsld.view import highlights, render_fragment, render_page
from newsld.view._markup import mark_up
from newsld.view.spans import Highlight
from tests.conftest import FIXTURES, run_cli

DOCUMENTS = sorted((FIXTURES / "valid").glob("*.jsonld"))


def load(path: Path) -> Article:
    return article_from_document(json.loads(path.read_text(encoding="utf-8")), str(path))


def canonical(article: Article) -> Article:
    """The article with every order an RDF graph cannot keep made canonical (as the graph reader does)."""
    def actor(a: Actor) -> Actor:
        return replace(a, alternate_names=tuple(sorted(a.alternate_names)), roles=tuple(sorted(a.roles)),
                       same_as=tuple(sorted(a.same_as)),
                       mentions=tuple(sorted(a.mentions, key=lambda m: (m.span.start, m.span.end))))

    actors = sorted((actor(a) for a in article.actors),
                    key=lambda a: (a.mentions[0].span.start if a.mentions else 1 << 62, a.iri))
    return replace(article, actors=tuple(actors),
                   authors=tuple(sorted((actor(a) for a in article.authors), key=lambda a: a.iri)),
                   publisher=actor(article.publisher) if article.publisher else None,
                   claims=tuple(replace(c, about=tuple(sorted(c.about))) for c in article.claims),
                   figures=tuple(replace(f, about=tuple(sorted(f.about))) for f in article.figures))


class Collector(HTMLParser):
    """Checks that the markup is well formed and collects the text inside each data-ref, and the whole text."""

    VOID = frozenset({"meta", "br", "img", "input", "link", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []
        self.texts: dict[str, str] = {}
        self.ids: list[str] = []
        self.in_text = 0
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag in self.VOID:
            return
        root = "nld-text" in (a.get("class") or "").split()
        self.in_text += root
        self.stack.append((tag, a.get("data-ref") if self.in_text else None, root))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        opened, _, root = self.stack.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>"
        self.in_text -= root

    def handle_data(self, data: str) -> None:
        if not self.in_text:
            return
        self.text += data
        for _, ref, _ in self.stack:
            if ref is not None:
                self.texts[ref] = self.texts.get(ref, "") + data


def parsed(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    collector.close()
    assert not collector.stack, f"unclosed elements: {collector.stack}"
    return collector


# ---------------------------------------------------------------- reading documents back

@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_document_model_document_round_trip(path: Path) -> None:
    """A newsld document read into the model and written again is the same document; model → document →
    model gives an equal Article."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    article = article_from_document(doc, str(path))
    assert article_document(article) == doc
    assert article_from_document(json.loads(json.dumps(article_document(article)))) == article


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads"])
@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_rdf_graph_reads_back_into_the_same_article(path: Path, fmt: str) -> None:
    """Turtle, N-Triples and N-Quads read back into the same Article (in the graph reader's canonical order)."""
    article = load(path)
    data = serialize(document_triples(article_document(article)), fmt, graph=article.iri)
    [back] = read_rdf_articles(data, f"x.{fmt}", fmt)
    assert back == canonical(article)


def test_reading_a_document_without_its_text_says_why() -> None:
    """A document converted with --no-text cannot be shown in context; the error names the file and the fix."""
    doc = json.loads(DOCUMENTS[0].read_text(encoding="utf-8"))
    del doc["articleBody"]
    with pytest.raises(InputError, match=r"^a\.jsonld: has no articleBody .* without --no-text"):
        article_from_document(doc, "a.jsonld")


def test_reading_refuses_a_foreign_context() -> None:
    """Only the newsld 1.0 context is read; a remote one is refused, never fetched."""
    doc = json.loads(DOCUMENTS[0].read_text(encoding="utf-8"))
    doc["@context"] = "http://example.org/context.jsonld"
    with pytest.raises(InputError, match="refused"):
        article_from_document(doc, "a.jsonld")


def test_reading_a_damaged_document_names_the_problem() -> None:
    """A document with a value data model 1.0 never writes is an InputError naming the file, not a crash."""
    doc = json.loads(DOCUMENTS[0].read_text(encoding="utf-8"))
    doc["figures"][0]["value"] = "a lot"
    with pytest.raises(InputError, match=r"a\.jsonld: is not a newsld 1\.0 document: 'a lot' is not a decimal"):
        article_from_document(doc, "a.jsonld")


# ---------------------------------------------------------------- marking the text

def _h(text: str, start: int, end: int, role: str, key: str) -> Highlight:
    return Highlight(start, end, text[start:end], role, f"x:#{key}", "NameMention" if role == "mention" else None,
                     key)


def test_nested_and_crossing_spans_make_well_formed_markup() -> None:
    """Spans that nest or cross become well-formed elements, and each span's pieces join to its exact text."""
    text = "Alpha said that beta rose by 5 percent in May, Gamma added."
    spans = [_h(text, 11, 45, "claim", "c1"),     # "that beta ... in May"
             _h(text, 16, 20, "mention", "m1"),   # "beta", nested in the claim
             _h(text, 29, 52, "figure", "f1"),    # "5 percent in May, Gamma": crosses the claim's end
             _h(text, 47, 52, "mention", "m2"),   # "Gamma", inside the crossing figure
             _h(text, 0, 5, "mention", "m3"),
             _h(text, 0, 5, "mention", "m4"),     # the same span twice (two actors)
             _h(text, 8, 8, "cue", "empty")]      # an empty span marks nothing
    html = mark_up(text, spans, lambda h, first: f'<mark data-ref="{h.key}"{" id=" + h.key if first else ""}>')
    collected = parsed(f'<div class="nld-text">{html}</div>')
    assert collected.text == text
    for h in spans:
        assert collected.texts.get(h.key, "") == h.exact, h.key
    assert html.count('id=f1') == 1 and html.count('data-ref="f1"') == 2  # one element continues the figure


def test_markup_escapes_the_text() -> None:
    """Article text is data: markup characters in it are shown, never interpreted."""
    text = 'A <script>alert("x")</script> & <b>bold</b> claim'
    html = mark_up(text, [_h(text, 2, 10, "mention", "m")], lambda h, first: "<mark>")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html


def test_a_span_that_does_not_quote_the_text_is_refused() -> None:
    """The page never marks words the data does not quote: a wrong span is an error naming it."""
    text = "Robert Wood told the council."
    wrong = Highlight(0, 6, "Wood", "mention", "x:#person-robert-wood", "NameMention", "m")
    with pytest.raises(ValueError, match=r"mention span 0-6 of <x:#person-robert-wood> says 'Wood'"):
        mark_up(text, [wrong], lambda h, first: "<mark>")


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_page_marks_every_span_of_the_data(path: Path) -> None:
    """Every mention, claim, figure and cue of the data is marked on the page at its exact text, and the
    marked-up text is the article text unchanged."""
    article = load(path)
    page = render_page(article)
    collected = parsed(page)
    assert collected.text == article.text
    marks = highlights(article)
    expected = sum(len(a.mentions) for a in article.actors) + len(article.claims) + len(article.figures)
    assert sum(h.role in ("mention", "claim", "figure") for h in marks) == expected
    for h in marks:
        assert collected.texts[h.key] == h.exact == article.text[h.start:h.end]
    assert len(collected.ids) == len(set(collected.ids)), "ids are unique"


def test_claimant_mention_that_is_no_actor_mention_is_still_marked() -> None:
    """A claimant mention that is not among the actor's mentions gets a mark of its own."""
    text = "The minister arrived. She said that taxes would fall."
    iri = article_iri(text)
    minister = Actor(actor_iri(iri, "the minister", "Person"), "Person", "the minister",
                     mentions=(Mention(Span.of(text, 0, 12), "DescriptionMention"),), unnamed=True)
    claim = Claim(f"{iri}#claim-1", "that taxes would fall", False, Span.of(text, 31, 52), minister.iri, "say",
                  "said", claimant_mention=Span.of(text, 22, 25), cue_span=Span.of(text, 26, 30))
    article = Article(iri, text, actors=(minister,), claims=(claim,))
    roles = {(h.role, h.exact) for h in highlights(article)}
    assert ("claimant-mention", "She") in roles and ("cue", "said") in roles
    collected = parsed(render_page(article))
    assert collected.texts["cm-claim-1"] == "She"


def test_page_is_self_contained_and_escapes_metadata() -> None:
    """A page loads nothing: no external script, style, image or font, a CSP that forbids them, and
    metadata from the data (a headline with markup) is escaped."""
    article = replace(load(DOCUMENTS[0]), headline='</title><script src="https://cdn.example/x.js"></script>')
    page = render_page(article)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"<(script|img|link|iframe|source|video|audio)\b[^>]*\s(src|href)=", page)
    assert "url(" not in page.split("<style>")[1].split("</style>")[0]
    assert '<script src="https://cdn.example' not in page and "&lt;/title&gt;&lt;script" in page
    external = re.findall(r'href="(https?://[^"]+)"', page)
    assert external and all(re.search(r'class="nld-external" href="' + re.escape(u), page) for u in external)


def test_fragment_for_notebooks_has_unique_ids_and_scoped_styles() -> None:
    """Two renderings in one notebook do not share ids, and every style rule is scoped to the view."""
    article = load(DOCUMENTS[0])
    one, two = render_fragment(article), render_fragment(article)
    ids_one, ids_two = set(parsed(one).ids), set(parsed(two).ids)
    assert ids_one and not ids_one & ids_two
    assert not one.lstrip().startswith("<!DOCTYPE") and one.startswith('<div class="nld-view nld-fragment"')
    css = one.split("<style>")[1].split("</style>")[0]
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = [s.strip() for block in re.findall(r"([^{}]+)\{[^{}]*\}", rules) for s in block.split(",")]
    assert all(s.startswith(".nld-view") or s.startswith("@") or s == "" for s in selectors), [
        s for s in selectors if not s.startswith(".nld-view")]


# ---------------------------------------------------------------- the command

def test_view_writes_a_page_per_article_and_an_index(tmp_path: Path) -> None:
    """`newsld view` on documents in JSON-LD, JSON lines, Turtle and N-Quads writes a page per article
    and an index linking them all."""
    out = tmp_path / "pages"
    proc = run_cli("view", str(FIXTURES / "valid"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    # named as `newsld convert` names its files: the input tree mirrored, a folder per JSON lines file
    assert pages == ["both-articles/1.html", "both-articles/2.html", "harbour-budget.jsonld.html",
                     "harbour-budget.nq.html", "index.html", "kursk-deployment.jsonld.html",
                     "kursk-deployment.ttl.html", "kursk-followup.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{p}"' in index for p in pages if p != "index.html")
    assert '<a href="../index.html">' in (out / "both-articles" / "1.html").read_text(encoding="utf-8")
    assert b"wrote 7 review page(s)" in proc.stderr


def test_turtle_and_jsonld_give_the_same_marks(tmp_path: Path) -> None:
    """The page of an article's Turtle marks exactly what the page of its JSON-LD marks."""
    from newsld.view.build import read_articles

    [from_ttl] = [v.article for v in read_articles([str(FIXTURES / "valid" / "kursk-deployment.ttl")])]
    assert from_ttl is not None
    assert set(highlights(from_ttl)) == set(highlights(load(FIXTURES / "valid" / "kursk-deployment.jsonld")))


def test_a_bad_input_costs_only_its_own_page(tmp_path: Path) -> None:
    """An unreadable or invalid input gets one error line naming it and no page; the others still get pages."""
    broken = tmp_path / "broken.jsonld"
    doc = json.loads(DOCUMENTS[0].read_text(encoding="utf-8"))
    doc["claims"][0]["evidence"]["exact"] = "words the text does not have"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    bad_ttl = tmp_path / "bad.ttl"
    bad_ttl.write_text("<a> <b> .", encoding="utf-8")
    out = tmp_path / "pages"
    proc = run_cli("view", str(broken), str(bad_ttl), str(FIXTURES / "valid" / "kursk-followup.jsonld"), "-o", str(out))
    assert proc.returncode == 3
    errors = [line for line in proc.stderr.decode().splitlines() if line.startswith("newsld: error:")]
    assert len(errors) == 2 and str(broken) in errors[0] and str(bad_ttl) in errors[1], errors
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "kursk-followup.html"]


def test_output_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    """--output naming a file is exit 2, naming the option, before anything is read."""
    target = tmp_path / "taken"
    target.write_text("x")
    proc = run_cli("view", str(DOCUMENTS[0]), "-o", str(target))
    assert proc.returncode == 2 and b"--output" in proc.stderr and b"Traceback" not in proc.stderr


def test_quiet_prints_only_errors(tmp_path: Path) -> None:
    """--quiet: nothing on success."""
    proc = run_cli("view", str(DOCUMENTS[0]), "-o", str(tmp_path), "--quiet")
    assert proc.returncode == 0 and proc.stderr == b"" and proc.stdout == b""


def test_viewing_documents_never_imports_spacy(tmp_path: Path) -> None:
    """Pages of newsld documents are made from the data alone: spaCy is never imported, nothing re-extracted."""
    code = ("import sys\nfrom newsld.cli import app\n"
            f"try:\n    app(['view', {str(FIXTURES / 'valid')!r}, '-o', {str(tmp_path)!r}, '-q'])\n"
            "except SystemExit as e:\n    print('exit', e.code)\n"
            "print('SPACY' if 'spacy' in sys.modules else 'CLEAN')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stdout.split() == ["exit", "0", "CLEAN"], proc.stderr


@pytest.mark.nlp
def test_articles_are_converted_on_the_way(tmp_path: Path) -> None:
    """A plain-text article gets a page from the same data `newsld convert` would write for it."""
    from newsld.convert import ConvertOptions, convert_sources, iter_sources

    source = FIXTURES / "articles" / "kursk-deployment.txt"
    proc = run_cli("view", str(source), "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    [converted] = convert_sources(iter_sources([str(source)]), ConvertOptions(formats=("jsonld",), output=None))
    assert converted.document is not None
    article = article_from_document(converted.document)
    collected = parsed((tmp_path / "kursk-deployment.html").read_text(encoding="utf-8"))
    assert collected.text == article.text
    assert {k: v for k, v in collected.texts.items()} == {h.key: h.exact for h in highlights(article)}
