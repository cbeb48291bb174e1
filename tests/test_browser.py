"""Review pages in a real headless Chromium (Debian's chromium, driven by Playwright; never downloaded).

Every page is opened from file://, every request the page makes is recorded, and a test fails if any
goes anywhere but file: or data:. Screenshots of the seed article's page are saved for a person to
look at (the path is printed).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsld.model import Article, Claim, Figure, Span, actor_iri, article_iri
from newsld.rdf.read import article_from_document
from newsld.view import highlights, render_fragment, render_page
from newsld.view.build import read_articles, write_pages
from tests.conftest import CORPUS, FIXTURES, ROOT, SEED, run_cli

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "build" / "screenshots"
DOCUMENTS = ("kursk-deployment", "harbour-budget", "kursk-followup")


def load(name: str) -> Article:
    path = FIXTURES / "valid" / f"{name}.jsonld"
    return article_from_document(json.loads(path.read_text(encoding="utf-8")), str(path))


def crossing_article() -> Article:
    """Hand-made: a figure that starts inside one claim and ends inside the next, and markup in the text."""
    text = "Rosa Diaz said <b>costs</b> rose 12 percent. Then 40 workers left, she said, and more may follow."
    iri = article_iri(text)
    from newsld.model import Actor, Mention

    rosa = Actor(actor_iri(iri, "Rosa Diaz", "Person"), "Person", "Rosa Diaz",
                 mentions=(Mention(Span.of(text, 0, 9)), Mention(Span.of(text, 67, 70), "PronounMention")))
    first = text.index("<b>costs")
    second = text.index("Then 40")
    claims = (Claim(f"{iri}#claim-1", text[first:second - 2], False, Span.of(text, first, second - 2), rosa.iri,
                    "say", "said", claimant_mention=Span.of(text, 0, 9), cue_span=Span.of(text, 10, 14)),
              Claim(f"{iri}#claim-2", text[second:66], False, Span.of(text, second, 66), rosa.iri, "say", "said",
                    claimant_mention=Span.of(text, 67, 70)))
    crossing = text.index("12 percent")
    figures = (Figure(f"{iri}#figure-1", Span.of(text, crossing, text.index("40 workers") + 2), "Exact", 12,
                      unit="percent", unit_code="P1"),
               Figure(f"{iri}#figure-2", Span.of(text, text.index("40 workers"), text.index("40 workers") + 10),
                      "Exact", 40, unit="workers", reported_by=rosa.iri, in_claim=claims[1].iri))
    return Article(iri, text, headline="Costs <and> workers", actors=(rosa,), claims=claims, figures=figures)


# ---------------------------------------------------------------- pages and browser

@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Review pages of the fixtures (through `newsld view`'s library path), of a hand-made article with
    crossing spans, a notebook host page with two fragments, and an evaluation page."""
    out = tmp_path_factory.mktemp("pages")
    viewed = list(write_pages(read_articles([str(FIXTURES / "valid" / f"{n}.jsonld") for n in DOCUMENTS]), out))
    assert all(v.error is None for v in viewed)
    articles = {n: load(n) for n in DOCUMENTS}
    crossing = crossing_article()
    (out / "crossing.html").write_text(render_page(crossing), encoding="utf-8")
    articles["crossing"] = crossing
    host = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>notebook</title></head><body>'
            f'<div class="cell">{render_fragment(articles["kursk-deployment"])}</div>'
            f'<div class="cell">{render_fragment(articles["harbour-budget"])}</div></body></html>')
    (out / "notebook.html").write_text(host, encoding="utf-8")
    return {"dir": out, "articles": articles}


def unavailable(reason: str) -> None:
    """Skip, with the reason, where the browser is missing; fail in CI (.ci/run sets NEWSLD_REQUIRE_BROWSER=1)."""
    if os.environ.get("NEWSLD_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for the module, with a fresh profile directory."""
    if not CHROMIUM.exists():
        unavailable("Debian's chromium is not installed (as root: apt-get install -y chromium); .ci/run installs it")
    try:
        from playwright import sync_api
    except ImportError:
        unavailable("the test extra's 'playwright' is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=ARGS, viewport={"width": 1360, "height": 900}, reduced_motion="reduce")
        try:
            yield context
        finally:
            context.close()


class Watched:
    """A page whose every request is recorded; anything but file: and data: is refused and fails the test."""

    def __init__(self, context: Any) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                        else route.abort())

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        return self.page

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:"))]


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    try:
        yield w
        assert w.outside() == [], "the page made requests beyond file:"
        assert w.errors == [], "the page's script failed"
    finally:
        w.page.close()


MARKS_JS = """(pane) => {
  const root = pane ? document.querySelector(pane) : document;
  const text = root.querySelector('.nld-text');
  const out = {};
  for (const el of text.querySelectorAll('mark[data-ref]')) {
    const key = el.dataset.ref;
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEndBefore(el);
    const entry = out[key] || (out[key] = {text: '', start: range.toString().length, parts: 0});
    entry.text += el.textContent;
    entry.parts += 1;
  }
  return {text: text.textContent, marks: out};
}"""


def marks_on(page: Any, pane: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(MARKS_JS, pane)
    return result


def click_start(locator: Any) -> None:
    """Click just inside the first line box of an element (an inline mark may start mid-line, where its
    bounding box's corner is over another mark)."""
    locator.scroll_into_view_if_needed()
    x, y = locator.evaluate("e => { const r = e.getClientRects()[0]; return [r.left + 3, r.top + r.height / 2]; }")
    locator.page.mouse.click(x, y)


def in_viewport(page: Any, selector: str) -> bool:
    return bool(page.evaluate("""(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight; }""", selector))


def visible_section(page: Any, scope: str = "") -> str:
    """The id of the details section on show (in `scope`), or "" when none is."""
    found: str = page.evaluate("""(scope) => { const s = [...document.querySelectorAll(scope + ' .nld-detail')]
        .filter(x => !x.hidden); return s.length === 1 ? s[0].id : s.length ? 'several' : ''; }""", scope)
    return found


# ---------------------------------------------------------------- every span at its text

@pytest.mark.parametrize("name", [*DOCUMENTS, "crossing"])
def test_every_claim_figure_and_mention_is_marked_at_its_span(pages: dict[str, Any], watched: Watched,
                                                              name: str) -> None:
    """In the browser, each mention, claim content, figure and cue is marked exactly at its offsets, its
    marked text is the span's `exact`, and the page's text is the article text."""
    article = pages["articles"][name]
    page = watched.open(pages["dir"] / f"{name}.html")
    found = marks_on(page)
    assert found["text"] == article.text
    expected = {h.key: h for h in highlights(article)}
    assert set(found["marks"]) == set(expected)
    for key, h in expected.items():
        assert (found["marks"][key]["text"], found["marks"][key]["start"]) == (h.exact, h.start), key
    if name == "crossing":
        assert found["marks"]["figure-1"]["parts"] == 2, "a figure that crosses a claim's end is continued"
        assert page.locator("h1").inner_text() == "Costs <and> workers"


# ---------------------------------------------------------------- selecting

def test_selecting_a_claim_shows_its_claimant_and_the_mention_it_was_read_from(pages: dict[str, Any],
                                                                               watched: Watched) -> None:
    """Clicking a claim shows its claimant, cue and the pronoun it was read from, and marks that mention."""
    article = pages["articles"]["harbour-budget"]
    claim = article.claims[1]
    assert claim.claimant_mention is not None and claim.claimant_mention.exact == "she"
    page = watched.open(pages["dir"] / "harbour-budget.html")
    click_start(page.locator("#claim-2"))
    assert visible_section(page) == "d-claim-2"
    section = page.locator("#d-claim-2")
    text = section.inner_text()
    assert "Dana Okafor" in text and "Read from" in text and "“she” pronoun mention" in text
    assert "quotation" in text and "0.75" in text
    assert page.get_attribute("#claim-2", "aria-current") == "true"
    related = page.locator(".nld-text mark.nld-related")
    assert [related.nth(i).inner_text() for i in range(related.count())] == ["she"]
    she = related.nth(0)
    assert she.get_attribute("data-rel") == "claimant" and she.get_attribute("data-kind") == "pronoun"
    # the "read from" link moves to that mention and keeps the claim selected
    section.get_by_role("link", name="“she”").click()
    assert page.evaluate("document.activeElement.textContent") == "she"
    assert page.get_attribute("#claim-2", "aria-current") == "true"
    # the claimant link selects the actor: all its mentions are marked
    page.locator("#d-claim-2").get_by_role("link", name="Dana Okafor").click()
    assert visible_section(page) == f"d-{article.actors[0].iri.rsplit('#', 1)[1]}"
    marked = page.locator(".nld-text mark.nld-related, .nld-text mark.nld-selected")
    assert sorted(marked.nth(i).inner_text() for i in range(marked.count())) == sorted(
        m.span.exact for m in article.actors[0].mentions)
    # a claim's cue stands for its claim
    click_start(page.locator(".nld-text mark[data-ref='cue-claim-1']"))
    assert visible_section(page) == "d-claim-1" and page.get_attribute("#claim-1", "aria-current") == "true"


def test_figure_and_actor_details(pages: dict[str, Any], watched: Watched) -> None:
    """A figure shows value, qualifier, unit, currency or unit code, reporter and its claim; an actor shows its
    type, name key and Wikidata link; an unnamed actor says it has no name key."""
    page = watched.open(pages["dir"] / "harbour-budget.html")
    page.locator("#figure-1").click()
    text = page.locator("#d-figure-1").inner_text()
    assert "4,200,000" in text and "USD" in text and "dollars" in text
    page.locator("#figure-3").click()
    text = page.locator("#d-figure-3").inner_text()
    assert "300,000 to 350,000" in text and "Range" in text and "Dana Okafor" in text and "since January" in text
    page.locator("#figure-5").click()
    text = page.locator("#d-figure-5").inner_text()
    assert "P1" in text and "0.80" in text and "pattern" in text and "Harbour Users Association" in text

    page = watched.open(pages["dir"] / "kursk-deployment.html")
    page.locator("#figure-1").click()
    assert "Claim 3" in page.locator("#d-figure-1").inner_text()
    related = page.locator(".nld-text mark.nld-related[data-rel='claim']")
    assert related.count() >= 1 and related.first.get_attribute("data-ref") == "claim-3"
    page.locator(".nld-lists").get_by_role("link", name="Volodymyr Zelenskiy").click()
    section = page.locator("#d-person-volodymyr-zelenskiy")
    assert "person:volodymyr-zelenskiy" in section.inner_text()
    assert section.get_by_role("link", name="Q3874799").get_attribute("href") == \
        "https://www.wikidata.org/wiki/Q3874799"
    page.locator(".nld-lists").get_by_role("link", name="officials in Seoul").click()
    text = page.locator("#d-group-officials-in-seoul").inner_text()
    assert "unnamed" in text and "Name key" not in text


def test_hovering_previews_details(pages: dict[str, Any], watched: Watched) -> None:
    """Hovering a marked phrase shows its details; leaving the text goes back to the selection."""
    page = watched.open(pages["dir"] / "kursk-deployment.html")
    assert visible_section(page) == ""
    page.hover("#figure-2")
    assert visible_section(page) == "d-figure-2"
    page.mouse.move(5, 5)
    assert visible_section(page) == ""
    click_start(page.locator("#claim-4"))
    page.hover("#figure-1")
    assert visible_section(page) == "d-figure-1"
    page.mouse.move(5, 5)
    assert visible_section(page) == "d-claim-4"


def test_lists_jump_to_the_place_in_the_text(pages: dict[str, Any], watched: Watched) -> None:
    """An entry in the side lists scrolls to its item, focuses it and selects it."""
    page = watched.open(pages["dir"] / "kursk-deployment.html")
    page.set_viewport_size({"width": 1360, "height": 300})
    page.locator(".nld-lists").get_by_role("link", name="Figure 3").click()
    assert page.evaluate("document.activeElement.id") == "figure-3"
    assert in_viewport(page, "#figure-3")
    assert visible_section(page) == "d-figure-3"
    assert page.locator(".nld-lists a[aria-current='true']").inner_text() == "Figure 3"


def test_keyboard_alone_reaches_and_selects_every_item(pages: dict[str, Any], watched: Watched) -> None:
    """Tab moves through the marked items in text order with a visible focus ring; Enter or Space selects;
    Escape clears."""
    article = pages["articles"]["kursk-deployment"]
    page = watched.open(pages["dir"] / "kursk-deployment.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "nld-skip"
    order = [h.key for h in highlights(article) if h.role in ("mention", "claim", "figure")]
    seen = []
    for _ in range(200):
        page.keyboard.press("Tab")
        ref = page.evaluate("document.activeElement.dataset ? document.activeElement.dataset.ref || '' : ''")
        if ref:
            seen.append(ref)
        if len(seen) == len(order):
            break
    assert seen == order
    ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
    assert ring[0] != "none" and ring[1] >= 2
    page.focus("#claim-3")
    page.keyboard.press("Enter")
    assert visible_section(page) == "d-claim-3" and page.get_attribute("#claim-3", "aria-current") == "true"
    page.keyboard.press("Escape")
    assert visible_section(page) == "" and page.get_attribute("#claim-3", "aria-current") is None
    page.focus("#figure-2")
    page.keyboard.press(" ")
    assert visible_section(page) == "d-figure-2"
    marks = page.evaluate("[...document.querySelectorAll('.nld-text mark[tabindex]')].every(m => "
                          "document.getElementById(m.getAttribute('aria-describedby')))")
    assert marks, "every focusable mark is described by its details heading"


# ---------------------------------------------------------------- index, print, contrast, requests

def test_index_sorts_by_column(pages: dict[str, Any], watched: Watched) -> None:
    """The index has a row per article linking its page, and sorts by any column, both ways."""
    page = watched.open(pages["dir"] / "index.html")

    def column(n: int) -> list[str]:
        return list(page.eval_on_selector_all(f"tbody tr > :nth-child({n})", "els => els.map(e => e.textContent)"))

    links = page.eval_on_selector_all("tbody a", "els => els.map(e => e.getAttribute('href'))")
    assert sorted(links) == sorted(f"{n}.html" for n in DOCUMENTS)
    claims_button = page.get_by_role("button", name="Claims")
    claims_button.click()
    assert column(5) == sorted(column(5), key=int)
    assert page.get_attribute("th:nth-child(5)", "aria-sort") == "ascending"
    claims_button.focus()
    page.keyboard.press("Enter")
    assert column(5) == sorted(column(5), key=int, reverse=True)
    assert page.get_attribute("th:nth-child(5)", "aria-sort") == "descending"
    page.get_by_role("button", name="Article").click()
    assert column(1) == sorted(column(1), key=str.casefold)
    assert page.get_attribute("th:nth-child(5)", "aria-sort") == "none"
    page.get_by_role("link", name=pages["articles"]["harbour-budget"].headline).click()
    assert page.url.endswith("harbour-budget.html")


def test_print_shows_every_detail_after_the_text(pages: dict[str, Any], watched: Watched) -> None:
    """Printed, the page shows the text with its marks and then every item's details; the lists and the
    interactive hints are left out."""
    article = pages["articles"]["kursk-deployment"]
    page = watched.open(pages["dir"] / "kursk-deployment.html")
    page.emulate_media(media="print")
    shown = page.evaluate("""() => [...document.querySelectorAll('.nld-detail')]
        .filter(s => getComputedStyle(s).display !== 'none').length""")
    assert shown == len(article.claims) + len(article.figures) + len(article.actors)
    assert page.evaluate("getComputedStyle(document.querySelector('.nld-lists')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('mark.nld-claim')).printColorAdjust") == "exact"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


CONTRAST_JS = """() => {
  function rgb(c) { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 && m[3] === 0 ? null : m; }
  function lum(c) { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126*r + 0.7152*g + 0.0722*b; }
  function ratio(a, b) { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); }
  function background(el) { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
    if (c) { return c; } } return [255, 255, 255]; }
  const worst = {text: 99, decoration: 99};
  const where = {};
  for (const el of document.querySelectorAll('.nld-text mark, .nld-details dd, .nld-details dt, .nld-lists li,'
                                             + ' .nld-header, .nld-badge, .nld-status')) {
    const s = getComputedStyle(el);
    const bg = background(el);
    const t = ratio(rgb(s.color), bg);
    if (t < worst.text) { worst.text = t; where.text = el.outerHTML.slice(0, 80); }
    if (el.matches('mark.nld-mention')) {
      const d = ratio(rgb(s.textDecorationColor), bg);
      if (d < worst.decoration) { worst.decoration = d; where.decoration = el.outerHTML.slice(0, 80); }
    }
  }
  return {worst, where};
}"""


@pytest.mark.parametrize("state", ["plain", "claim selected", "actor selected"])
def test_colours_meet_wcag_aa(pages: dict[str, Any], watched: Watched, state: str) -> None:
    """Text on every mark, badge and detail has at least 4.5:1 contrast, and mention underlines 3:1, in
    every selection state."""
    page = watched.open(pages["dir"] / "kursk-deployment.html")
    if state == "claim selected":
        click_start(page.locator("#claim-2"))
    elif state == "actor selected":
        page.locator(".nld-lists").get_by_role("link", name="Robert Wood").click()
    result = page.evaluate(CONTRAST_JS)
    assert result["worst"]["text"] >= 4.5, result
    assert result["worst"]["decoration"] >= 3.0, result


def test_no_request_leaves_the_page_and_the_guard_sees_attempts(pages: dict[str, Any], browser: Any) -> None:
    """Opening and using every page requests nothing but its own file; the request guard itself does catch
    an attempt to reach the network (which the page's Content-Security-Policy also blocks)."""
    for name in (*DOCUMENTS, "crossing", "index"):
        w = Watched(browser)
        page = w.open(pages["dir"] / f"{name}.html")
        for mark in page.locator(".nld-text mark[tabindex]").all()[:15]:
            click_start(mark)
        page.emulate_media(media="print")
        assert w.outside() == [], name
        assert [u for u in w.requests if not u.startswith("file:")] == [], name
        assert page.evaluate("document.querySelectorAll('[src], link[href]').length") == 0
        w.page.close()
    w = Watched(browser)
    page = w.open(pages["dir"] / "kursk-deployment.html")
    page.evaluate("() => { const i = new Image(); i.src = 'https://example.org/pixel.png'; document.body.append(i); }")
    page.wait_for_timeout(200)
    assert w.outside() == ["https://example.org/pixel.png"]
    assert page.evaluate("document.querySelector('img').naturalWidth") == 0
    w.page.close()


def test_notebook_fragments_work_side_by_side(pages: dict[str, Any], watched: Watched) -> None:
    """Two articles rendered in one notebook page each work on their own: marks, selection, lists."""
    page = watched.open(pages["dir"] / "notebook.html")
    views = page.locator(".nld-fragment")
    assert views.count() == 2
    for n, name in enumerate(("kursk-deployment", "harbour-budget")):
        found = marks_on(page, f".cell:nth-of-type({n + 1}) .nld-fragment")
        assert found["text"] == pages["articles"][name].text
    first, second = views.nth(0), views.nth(1)
    click_start(first.locator("mark[data-ref='claim-1']"))
    assert first.locator(".nld-detail:not([hidden])").count() == 1
    assert second.locator(".nld-detail:not([hidden])").count() == 0
    second.locator(".nld-lists").get_by_role("link", name="Figure 2").click()
    assert "2,100,000" in second.locator(".nld-detail:not([hidden])").inner_text()
    assert first.locator(".nld-detail:not([hidden]) h3").inner_text().startswith("Claim 1")


def test_evaluation_page_shows_gold_and_prediction(tmp_path: Path, watched: Watched) -> None:
    """The evaluation page shows gold and newsld side by side, marks misses and false positives in words,
    and its list of errors selects the item in the right pane."""
    from newsld.evaluate import Prediction, score_document
    from newsld.rdf import document_triples
    from newsld.view.compare import comparison_page
    from tests.test_evaluate import gold_from_document, perturbed

    doc = json.loads((FIXTURES / "valid" / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    result = score_document("kursk", perturbed(gold_from_document(doc)), doc["articleBody"],
                            Prediction(document_triples(doc), doc["articleBody"]))
    result.predicted = article_from_document(doc)
    (tmp_path / "kursk.html").write_text(comparison_page(result), encoding="utf-8")
    page = watched.open(tmp_path / "kursk.html")
    assert marks_on(page, ".nld-pane[data-prefix='g-']")["text"] == doc["articleBody"]
    assert marks_on(page, ".nld-pane[data-prefix='p-']")["text"] == doc["articleBody"]
    gold, predicted = page.locator(".nld-pane[data-prefix='g-']"), page.locator(".nld-pane[data-prefix='p-']")
    assert gold.locator("mark[data-status='miss']").count() >= 3
    assert predicted.locator("mark[data-status='false-positive']").count() >= 3
    fp = page.locator(".nld-errors a", has_text="false positive").first
    fp.click()
    assert predicted.locator(".nld-detail:not([hidden])").count() == 1
    assert "false positive" in predicted.locator(".nld-detail:not([hidden])").inner_text()
    assert gold.locator(".nld-detail:not([hidden])").count() == 0
    click_start(gold.locator("mark[data-ref='claim-1']"))
    text = gold.locator(".nld-detail:not([hidden])").inner_text()
    assert "Vladimir Putin" in text and "missed" in text and "another claimant" in text


# ---------------------------------------------------------------- the seed article, for a person to look at

@pytest.mark.nlp
@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seed")
def test_seed_article_page_screenshots(browser: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The seed article, converted on the way, gets a page whose marks are all at their spans; screenshots of
    it (as opened, with a claim selected, and printed) are saved for review."""
    seeds = sorted(SEED.glob("*.txt"))
    viewed = list(write_pages(read_articles([str(p) for p in seeds]), tmp_path))
    assert all(v.error is None and v.page is not None for v in viewed)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    w = Watched(browser)
    try:
        for item in viewed:
            assert item.article is not None and item.page is not None
            shutil.copy(item.page, SCREENSHOTS / item.page.name)
            page = w.open(item.page)
            found = marks_on(page)
            assert found["text"] == item.article.text
            for h in highlights(item.article):
                assert (found["marks"][h.key]["text"], found["marks"][h.key]["start"]) == (h.exact, h.start)
            page.screenshot(path=str(SCREENSHOTS / f"{item.output}.png"), full_page=True)
            claim = next((c for c in item.article.claims if c.claimant_mention is not None and c.claimant_mention.exact
                          != c.evidence.exact), item.article.claims[0])
            key = claim.iri.rsplit("#", 1)[1]
            click_start(page.locator(f"#{key}"))
            page.evaluate("document.activeElement.blur()")
            page.screenshot(path=str(SCREENSHOTS / f"{item.output}-{key}-selected.png"))
            page.emulate_media(media="print")
            page.screenshot(path=str(SCREENSHOTS / f"{item.output}-print.png"), full_page=True)
            page.emulate_media(media="screen")
            # the README's picture (docs/review-page.png): a claim selected, at a small window size
            page.set_viewport_size({"width": 1180, "height": 640})
            page.keyboard.press("Escape")
            page.evaluate("window.scrollTo(0, 0)")
            click_start(page.locator(f"#{key}"))
            page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
            page.screenshot(path=str(SCREENSHOTS / "review-page.png"))
            page.set_viewport_size({"width": 1360, "height": 900})
        assert w.outside() == [] and w.errors == []
    finally:
        w.page.close()
    with capsys.disabled():
        print(f"\nreview-page screenshots: {SCREENSHOTS}")


@pytest.mark.nlp
@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/corpus")
def test_dev_corpus_pages_and_their_index(watched: Watched, tmp_path: Path) -> None:
    """The dev corpus, converted on the way by `newsld view`: an index with a row per article linking to its page,
    and every page shows the article's text with each actor mention, claim and figure marked at its span."""
    texts = sorted((CORPUS / "texts").glob("*.txt"))
    out = tmp_path / "pages"
    proc = run_cli("view", str(CORPUS / "texts"), "-o", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    index = watched.open(out / "index.html")
    links = index.eval_on_selector_all("tbody a", "links => links.map(a => a.getAttribute('href'))")
    assert sorted(links) == sorted(f"{p.stem}.html" for p in texts)
    for article in read_articles([str(p) for p in texts]):
        assert article.article is not None
        page = watched.open(out / f"{article.output}.html")
        found = marks_on(page)
        assert found["text"] == article.article.text
        marked = highlights(article.article)
        assert marked, f"{article.source}: nothing marked"
        for h in marked:
            assert (found["marks"][h.key]["text"], found["marks"][h.key]["start"]) == (h.exact, h.start), h.key
