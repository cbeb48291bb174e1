"""Render model Articles as self-contained HTML: a review page, a fragment for notebooks, a comparison page.

Nothing is fetched: the stylesheet and script are inlined, and a page's Content-Security-Policy
forbids every other source. Everything that comes from the data is escaped. The page works
without its script too: the lists are links to ids in the text, and printing shows every item's
details after the text.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from html import escape
from importlib import resources

from newsld.model import Actor, Article, Claim, Figure, Number, Span
from newsld.view._markup import mark_up
from newsld.view.spans import ArticleKeys, Highlight, all_actors, article_keys

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
       "base-uri 'none'; form-action 'none'")
MENTION_LABELS = {"NameMention": "name", "TitleMention": "title", "PronounMention": "pronoun",
                  "DescriptionMention": "description"}
QUALIFIER_WORDS = {"Exact": "", "Approximately": "about", "AtLeast": "at least", "MoreThan": "more than",
                   "AtMost": "at most", "LessThan": "less than", "Range": ""}
QUALIFIER_SIGNS = {"Exact": "", "Approximately": "≈", "AtLeast": "≥", "MoreThan": ">", "AtMost": "≤",
                   "LessThan": "<", "Range": ""}
STATUS_LABELS = {"match": "✓ matched", "miss": "✗ missed", "false-positive": "✗ false positive",
                 "optional": "○ optional", "unscored": "– not scored"}
WIKIDATA = "http://www.wikidata.org/entity/"


@dataclass(frozen=True)
class Note:
    """A verdict shown on an item: its status (match, miss, false-positive, optional, unscored) and why."""

    status: str
    text: str = ""


@cache
def asset(name: str) -> str:
    """A bundled stylesheet or script of the review page."""
    return (resources.files("newsld.view") / name).read_text(encoding="utf-8")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def format_number(value: Number) -> str:
    """8000 -> "8,000"; Decimal("3.5") -> "3.5"; exact, with thousands separators."""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}" if value == value.to_integral_value() else f"{value:,f}"
    return f"{value:,}" if value == int(value) else repr(value)


def figure_value(figure: Figure) -> str:
    """How a figure reads: "about 8,000", "between 300,000 and 350,000", "at least 3"."""
    if figure.qualifier == "Range" or (figure.value is None and figure.min_value is not None
                                       and figure.max_value is not None):
        low = "?" if figure.min_value is None else format_number(figure.min_value)
        high = "?" if figure.max_value is None else format_number(figure.max_value)
        amount = f"{low}–{high}"
    elif figure.value is not None:
        amount = format_number(figure.value)
    elif figure.min_value is not None:
        amount = format_number(figure.min_value)
    elif figure.max_value is not None:
        amount = format_number(figure.max_value)
    else:
        amount = "?"
    word = QUALIFIER_WORDS.get(figure.qualifier, figure.qualifier)
    return f"{word} {amount}".strip()


def figure_summary(figure: Figure) -> str:
    unit = f" {figure.unit}" if figure.unit else ""
    currency = f" ({figure.currency})" if figure.currency else ""
    return f"{figure_value(figure)}{unit}{currency}"


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _number_label(iri: str) -> str:
    tail = iri.rsplit("-", 1)[-1]
    return tail if tail.isdigit() else ""


@dataclass
class _Pane:
    """One article's text, details and lists, with ids under `prefix` so several panes can share a page."""

    article: Article
    prefix: str
    notes: dict[str, Note] = field(default_factory=dict)
    label: str = ""
    keys: ArticleKeys = field(init=False)
    actors: dict[str, Actor] = field(init=False)

    def __post_init__(self) -> None:
        self.keys = article_keys(self.article)
        self.actors = {a.iri: a for a in all_actors(self.article)}
        self.claims = {c.iri: c for c in self.article.claims}
        self.figures = {f.iri: f for f in self.article.figures}
        self.mention_keys: dict[str, list[Highlight]] = {}
        for h in self.keys.highlights:
            if h.role == "mention":
                self.mention_keys.setdefault(h.item, []).append(h)

    # ------------------------------------------------------------ ids and names

    def id(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def key(self, iri: str) -> str | None:
        return self.keys.items.get(iri)

    def actor_name(self, iri: str) -> str:
        actor = self.actors.get(iri)
        return actor.name if actor is not None else iri.rsplit("#", 1)[-1]

    def claim_label(self, claim: Claim) -> str:
        number = _number_label(claim.iri)
        return f"Claim {number}" if number else "Claim"

    def figure_label(self, figure: Figure) -> str:
        number = _number_label(figure.iri)
        return f"Figure {number}" if number else "Figure"

    def first_mention(self, actor_iri: str) -> str | None:
        found = self.mention_keys.get(actor_iri)
        return found[0].key if found else None

    # ------------------------------------------------------------ links

    def link(self, label: str, *, jump: str | None, select: str | None, cls: str = "") -> str:
        """A link that selects an item and moves to its place in the text (a plain anchor without script)."""
        target = jump or select
        attrs = [f'class="nld-link{(" " + cls) if cls else ""}"']
        attrs.append(f'href="#{_e(self.id(target))}"' if target else 'href="#"')
        if jump:
            attrs.append(f'data-jump="{_e(jump)}"')
        if select:
            attrs.append(f'data-select="{_e(select)}"')
        return f"<a {' '.join(attrs)}>{_e(label)}</a>"

    def actor_link(self, iri: str | None) -> str:
        if iri is None:
            return '<span class="nld-none">not stated</span>'
        key = self.key(iri)
        if key is None:
            return f"<code>{_e(iri)}</code>"
        actor = self.actors[iri]
        return self.link(actor.name, jump=self.first_mention(iri), select=key) + f' <span class="nld-type">' \
            f'{_e(actor.type.lower())}</span>'

    def item_link(self, iri: str | None) -> str:
        if iri is None:
            return '<span class="nld-none">none</span>'
        if iri in self.claims:
            key = self.keys.items[iri]
            return self.link(self.claim_label(self.claims[iri]), jump=key, select=key)
        if iri in self.figures:
            key = self.keys.items[iri]
            return self.link(self.figure_label(self.figures[iri]), jump=key, select=key)
        if iri in self.actors:
            return self.actor_link(iri)
        return f"<code>{_e(iri)}</code>"

    def span_link(self, key: str, span: Span, note: str) -> str:
        """A link to a place in the text that keeps the current selection (the mention a claimant was read from)."""
        return (f'<a class="nld-link" href="#{_e(self.id(key))}" data-jump="{_e(key)}" data-keep="1">'
                f"“{_e(span.exact)}”</a> <span class=\"nld-muted\">{_e(note)}, {span.start}–{span.end}</span>")

    # ------------------------------------------------------------ text

    def mark(self, h: Highlight, first: bool) -> str:
        """The opening <mark> tag of one highlight (or of a continuation part of it)."""
        attrs = [f'data-ref="{_e(h.key)}"']
        classes = ["nld-hl", f"nld-{h.role}"]
        title = ""
        detail = h.key
        label = ""
        if h.role == "mention":
            actor = self.actors[h.item]
            detail = self.keys.items[h.item]
            kind = MENTION_LABELS.get(h.kind or "", "name")
            attrs += [f'data-kind="{kind}"', f'data-type="{_e(actor.type.lower())}"']
            title = f"{actor.name} ({actor.type.lower()}), {kind} mention"
        elif h.role == "claim":
            claim = self.claims[h.item]
            who = self.actor_name(claim.claimant) if claim.claimant else "no claimant"
            label = "C" + _number_label(claim.iri)
            title = f"{self.claim_label(claim)}: {who}" + (f", “{claim.cue_text}”" if claim.cue_text else "")
        elif h.role == "figure":
            figure = self.figures[h.item]
            label = "F" + _number_label(figure.iri)
            title = f"{self.figure_label(figure)}: {figure_summary(figure)}"
        else:  # cue and claimant mention belong to their claim
            detail = self.keys.items[h.item]
            title = ("cue of " if h.role == "cue" else "claimant of ") + self.claim_label(self.claims[h.item])
        attrs.append(f'data-detail="{_e(detail)}"')
        note = self.notes.get(h.item)
        if note is not None:
            attrs.append(f'data-status="{_e(note.status)}"')
        if label and first:
            attrs.append(f'data-label="{_e(label)}"')
        if first:
            attrs.insert(0, f'id="{_e(self.id(h.key))}"')
            if h.role in ("mention", "claim", "figure"):
                attrs += ['tabindex="0"', f'aria-describedby="{_e(self.id("h-" + detail))}"']
        else:
            classes.append("nld-part")
        attrs.append(f'title="{_e(title)}"')
        return f'<mark class="{" ".join(classes)}" {" ".join(attrs)}>'

    def text_html(self) -> str:
        lang = f' lang="{_e(self.article.language)}"' if self.article.language else ""
        body = mark_up(self.article.text, self.keys.highlights, self.mark)
        return (f'<div class="nld-text" id="{_e(self.id("text"))}"{lang} aria-label="Article text">{body}</div>')

    # ------------------------------------------------------------ details

    @staticmethod
    def row(label: str, value: str) -> str:
        return f"<dt>{_e(label)}</dt><dd>{value}</dd>"

    def scored_rows(self, confidence: float | None, found_by: str | None) -> list[str]:
        rows = []
        if confidence is not None:
            rows.append(self.row("Confidence", f'<span class="nld-confidence">{confidence:.2f}</span>'))
        if found_by:
            rows.append(self.row("Found by", _e(found_by)))
        return rows

    def note_rows(self, iri: str) -> list[str]:
        note = self.notes.get(iri)
        if note is None:
            return []
        text = STATUS_LABELS.get(note.status, note.status) + (f": {note.text}" if note.text else "")
        return [self.row("Evaluation", f'<span class="nld-status" data-status="{_e(note.status)}">{_e(text)}</span>')]

    def section(self, key: str, heading: str, rows: list[str], related: Iterable[str] = (),
                extra: str = "") -> str:
        rel = " ".join(related)
        return (f'<section class="nld-detail" id="{_e(self.id("d-" + key))}" data-for="{_e(key)}" '
                f'data-related="{_e(rel)}" hidden>'
                f'<h3 id="{_e(self.id("h-" + key))}">{_e(heading)}</h3><dl>{"".join(rows)}</dl>{extra}</section>')

    def claim_detail(self, claim: Claim) -> str:
        key = self.keys.items[claim.iri]
        rows = list(self.note_rows(claim.iri))
        rows.append(self.row("Claimant", self.actor_link(claim.claimant)))
        related = []
        mention_key = self.keys.claimant_mention.get(claim.iri)
        if mention_key is not None and claim.claimant_mention is not None:
            related.append(mention_key)
            kind = next((MENTION_LABELS.get(h.kind or "", "name") for h in self.keys.highlights
                         if h.key == mention_key and h.role == "mention"), "mention")
            rows.append(self.row("Read from", self.span_link(mention_key, claim.claimant_mention, f"{kind} mention")))
        cue = claim.cue_text or claim.cue
        if cue:
            lemma = f' <span class="nld-muted">({_e(claim.cue)})</span>' if claim.cue and claim.cue != cue else ""
            cue_key = self.keys.cue.get(claim.iri)
            if cue_key is not None and claim.cue_span is not None:
                related.append(cue_key)
                rows.append(self.row("Cue", self.span_link(cue_key, claim.cue_span, "cue") + lemma))
            else:
                rows.append(self.row("Cue", f"“{_e(cue)}”{lemma}"))
        rows.append(self.row("Form", "quotation" if claim.is_quotation else "reported speech"))
        rows.append(self.row("Content", f'<q class="nld-content">{_e(claim.content)}</q>'))
        if claim.about:
            rows.append(self.row("About", ", ".join(self.item_link(a) for a in claim.about)))
        inside = [f for f in self.article.figures if f.in_claim == claim.iri]
        if inside:
            rows.append(self.row("Figures", ", ".join(self.item_link(f.iri) for f in inside)))
        rows += self.scored_rows(claim.confidence, claim.found_by)
        rows.append(self.row("Span", f"{claim.evidence.start}–{claim.evidence.end}"))
        who = self.actor_name(claim.claimant) if claim.claimant else "no claimant"
        return self.section(key, f"{self.claim_label(claim)} — {who}", rows, related)

    def figure_detail(self, figure: Figure) -> str:
        key = self.keys.items[figure.iri]
        rows = list(self.note_rows(figure.iri))
        if figure.qualifier == "Range" or figure.min_value is not None or figure.max_value is not None:
            low = "?" if figure.min_value is None else format_number(figure.min_value)
            high = "?" if figure.max_value is None else format_number(figure.max_value)
            rows.append(self.row("Range", f"{_e(low)} to {_e(high)}"))
        if figure.value is not None:
            rows.append(self.row("Value", _e(format_number(figure.value))))
        sign = QUALIFIER_SIGNS.get(figure.qualifier, "")
        rows.append(self.row("Qualifier", _e(f"{sign} {figure.qualifier}".strip())))
        if figure.unit:
            rows.append(self.row("Unit", _e(figure.unit)))
        if figure.unit_code:
            rows.append(self.row("Unit code", f"<code>{_e(figure.unit_code)}</code>"))
        if figure.currency:
            rows.append(self.row("Currency", f"<code>{_e(figure.currency)}</code>"))
        if figure.counted_phrase:
            rows.append(self.row("Counted", _e(figure.counted_phrase)))
        related = []
        if figure.reported_by:
            rows.append(self.row("Reported by", self.actor_link(figure.reported_by)))
        if figure.in_claim:
            rows.append(self.row("In claim", self.item_link(figure.in_claim)))
            if figure.in_claim in self.keys.items:
                related.append(self.keys.items[figure.in_claim])
        if figure.place:
            rows.append(self.row("Place", self.item_link(figure.place)))
        if figure.time_text:
            rows.append(self.row("Time", _e(figure.time_text)))
        if figure.about:
            rows.append(self.row("About", ", ".join(self.item_link(a) for a in figure.about)))
        rows += self.scored_rows(figure.confidence, figure.found_by)
        rows.append(self.row("Span", f"{figure.evidence.start}–{figure.evidence.end}"))
        return self.section(key, f"{self.figure_label(figure)} — {figure_summary(figure)}", rows, related)

    def actor_detail(self, actor: Actor) -> str:
        key = self.keys.items[actor.iri]
        rows = list(self.note_rows(actor.iri))
        kind = actor.type + (" (unnamed: known only by a description)" if actor.unnamed else "")
        rows.append(self.row("Type", _e(kind)))
        if actor.name_key:
            rows.append(self.row("Name key", f"<code>{_e(actor.name_key)}</code>"))
        if actor.alternate_names:
            rows.append(self.row("Also called", _e(", ".join(actor.alternate_names))))
        if actor.roles:
            rows.append(self.row("Role", _e("; ".join(actor.roles))))
        for same in actor.same_as:
            label = same.removeprefix(WIKIDATA) if same.startswith(WIKIDATA) else same
            site = "Wikidata" if same.startswith(WIKIDATA) else "Same as"
            href = same.replace("http://www.wikidata.org/entity/", "https://www.wikidata.org/wiki/")
            rows.append(self.row(site, f'<a class="nld-external" href="{_e(href)}" rel="noopener noreferrer">'
                                       f"{_e(label)}</a>"))
        said = [c for c in self.article.claims if c.claimant == actor.iri]
        if said:
            rows.append(self.row("Claims", ", ".join(self.item_link(c.iri) for c in said)))
        reported = [f for f in self.article.figures if f.reported_by == actor.iri]
        if reported:
            rows.append(self.row("Figures", ", ".join(self.item_link(f.iri) for f in reported)))
        rows += self.scored_rows(actor.confidence, actor.found_by)
        mentions = self.mention_keys.get(actor.iri, [])
        items = "".join(
            f'<li data-mention="{_e(h.key)}">{self.span_link(h.key, Span(h.start, h.end, h.exact), MENTION_LABELS.get(h.kind or "", "name"))}</li>'  # noqa: E501
            for h in mentions)
        extra = (f'<h4>Mentions ({len(mentions)})</h4><ol class="nld-mentions">{items}</ol>' if mentions
                 else '<p class="nld-muted">Not mentioned in the text.</p>')
        return self.section(key, actor.name, rows, (h.key for h in mentions), extra)

    def details_html(self) -> str:
        parts = [self.claim_detail(c) for c in self.article.claims]
        parts += [self.figure_detail(f) for f in self.article.figures]
        parts += [self.actor_detail(a) for a in self.actors.values()]
        return (f'<aside class="nld-details" aria-label="Details{(" — " + _e(self.label)) if self.label else ""}" '
                f'aria-live="polite"><p class="nld-placeholder">Select a highlighted phrase, or an item in the '
                f'lists, to see what newsld read there.</p>{"".join(parts)}</aside>')

    # ------------------------------------------------------------ lists

    def status_badge(self, iri: str) -> str:
        note = self.notes.get(iri)
        if note is None:
            return ""
        label = STATUS_LABELS.get(note.status, "")
        return f' <span class="nld-badge" data-status="{_e(note.status)}">{_e(label)}</span>'

    def lists_html(self) -> str:
        actors = sorted(self.actors.values(), key=lambda a: (a.type, a.name.casefold()))
        actor_items = "".join(
            f'<li>{self.link(a.name, jump=self.first_mention(a.iri), select=self.keys.items[a.iri])}'
            f' <span class="nld-type">{_e(a.type.lower())}</span>'
            f' <span class="nld-count">{len(self.mention_keys.get(a.iri, []))}×</span>'
            + (' <span class="nld-wd" title="linked to Wikidata">WD</span>'
               if any(s.startswith(WIKIDATA) for s in a.same_as) else "")
            + f"{self.status_badge(a.iri)}</li>" for a in actors)
        claim_items = "".join(
            f'<li>{self.link(self.claim_label(c), jump=self.keys.items[c.iri], select=self.keys.items[c.iri])}'
            f' <span class="nld-who">{_e(self.actor_name(c.claimant) if c.claimant else "no claimant")}</span>:'
            f' <span class="nld-snippet">{_e(_short(c.content, 80))}</span>{self.status_badge(c.iri)}</li>'
            for c in self.article.claims)
        figure_items = "".join(
            f'<li>{self.link(self.figure_label(f), jump=self.keys.items[f.iri], select=self.keys.items[f.iri])}'
            f' <span class="nld-snippet">{_e(figure_summary(f))}</span>{self.status_badge(f.iri)}</li>'
            for f in self.article.figures)

        def block(name: str, count: int, items: str) -> str:
            body = f"<ol>{items}</ol>" if count else '<p class="nld-muted">None.</p>'
            return (f'<section class="nld-list" aria-labelledby="{_e(self.id("l-" + name.lower()))}">'
                    f'<h2 id="{_e(self.id("l-" + name.lower()))}">{name} <span class="nld-count">{count}</span>'
                    f"</h2>{body}</section>")

        return (f'<nav class="nld-lists" aria-label="Actors, claims and figures'
                f'{(" — " + _e(self.label)) if self.label else ""}">'
                + block("Claims", len(self.article.claims), claim_items)
                + block("Figures", len(self.article.figures), figure_items)
                + block("Actors", len(self.actors), actor_items) + "</nav>")

    def pane_html(self, heading: str = "") -> str:
        title = f'<h2 class="nld-pane-title">{_e(heading)}</h2>' if heading else ""
        return (f'<section class="nld-pane" data-prefix="{_e(self.prefix)}" aria-label="{_e(heading or "Article")}">'
                f'{title}<div class="nld-main">{self.text_html()}</div>'
                f'<div class="nld-side">{self.details_html()}{self.lists_html()}</div></section>')


# ---------------------------------------------------------------- page parts

def _legend(with_status: bool = False) -> str:
    mentions = "".join(
        f'<li><mark class="nld-hl nld-mention nld-sample" data-kind="{k}" data-type="person">{k}</mark></li>'
        for k in ("name", "title", "pronoun", "description"))
    types = "".join(f'<li><mark class="nld-hl nld-mention nld-sample" data-kind="name" data-type="{t}">{t}</mark></li>'
                    for t in ("person", "organization", "place", "group"))
    status = ""
    if with_status:
        status = "".join(f'<li><span class="nld-badge" data-status="{s}">{_e(STATUS_LABELS[s])}</span></li>'
                         for s in ("match", "miss", "false-positive", "optional"))
        status = f"<li><strong>Evaluation</strong><ul>{status}</ul></li>"
    return ('<details class="nld-legend"><summary>How items are marked</summary><ul>'
            '<li><mark class="nld-hl nld-claim nld-sample" data-label="C1">claim content</mark> '
            '<mark class="nld-hl nld-figure nld-sample" data-label="F1">figure</mark></li>'
            f"<li><strong>Mentions, by kind</strong> (underline style)<ul>{mentions}</ul></li>"
            f"<li><strong>Actors, by type</strong> (underline colour)<ul>{types}</ul></li>{status}"
            "<li>Select a claim to see its claimant, the mention it was read from "
            '(<span class="nld-sample-rel">claimant</span>) and its cue. Keys: Tab moves between items, '
            "Enter or Space selects, Escape clears.</li></ul></details>")


def _meta(article: Article, source: str | None) -> str:
    rows = []
    if article.date_published:
        rows.append(("Published", _e(article.date_published)))
    if article.publisher is not None:
        rows.append(("Publisher", _e(article.publisher.name)))
    if article.authors:
        rows.append(("By", _e(", ".join(a.name for a in article.authors))))
    if article.url:
        rows.append(("URL", f'<a class="nld-external" href="{_e(article.url)}" rel="noopener noreferrer">'
                            f"{_e(article.url)}</a>"))
    p = article.provenance
    if source or (p is not None and p.source is not None):
        rows.append(("Source", _e(source or (p.source.location if p and p.source else ""))))
    if p is not None and (p.software or p.model):
        made = f"{p.software} {p.version}".strip()
        if p.model:
            made += f", model {p.model}" + (f" {p.model_version}" if p.model_version else "")
        rows.append(("Extracted by", _e(made)))
    rows.append(("Counts", f"{len(article.actors)} actors, {len(article.claims)} claims, "
                           f"{len(article.figures)} figures"))
    return '<dl class="nld-meta">' + "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in rows) + "</dl>"


def headline_of(article: Article) -> str:
    """The headline, else the first line of the text (shortened)."""
    if article.headline:
        return article.headline
    first = article.text.strip().split("\n", 1)[0]
    return _short(first, 100) or "Untitled article"


def _document(title: str, body: str, lang: str = "en", extra_class: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="newsld">\n'
            f"<title>{_e(title)}</title>\n<style>\n{asset('page.css')}</style>\n</head>\n"
            f'<body class="nld-view nld-page{(" " + extra_class) if extra_class else ""}">\n{body}\n'
            f"<script>\n{asset('page.js')}</script>\n</body>\n</html>\n")


def render_page(article: Article, *, source: str | None = None, index_href: str | None = None,
                notes: dict[str, Note] | None = None) -> str:
    """The review page of one article: a complete HTML document that needs nothing else."""
    pane = _Pane(article, "", notes or {})
    headline = headline_of(article)
    back = (f'<p class="nld-back"><a href="{_e(index_href)}">← All articles</a></p>' if index_href else "")
    body = (f'<a class="nld-skip" href="#text">Skip to the article text</a>'
            f'<header class="nld-header">{back}<h1>{_e(headline)}</h1>{_meta(article, source)}{_legend()}</header>'
            f"<main>{pane.pane_html()}</main>")
    return _document(f"{headline} — newsld review", body, article.language or "en")


def render_fragment(article: Article, *, notes: dict[str, Note] | None = None) -> str:
    """The review page as one <div> for a notebook: styles scoped under it, ids unique to this rendering."""
    prefix = f"nld{uuid.uuid4().hex[:8]}-"
    pane = _Pane(article, prefix, notes or {})
    return (f'<div class="nld-view nld-fragment" id="{prefix}root"><style>{asset("page.css")}</style>'
            f'<header class="nld-header"><h2 class="nld-title">{_e(headline_of(article))}</h2>'
            f"{_meta(article, None)}{_legend()}</header>{pane.pane_html()}"
            f"<script>{asset('page.js')}</script></div>")


@dataclass(frozen=True)
class Cell:
    """One cell of an index table: its text, an optional link, and the value it sorts by."""

    text: str
    href: str | None = None
    sort: str | float | None = None


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False


def render_index(title: str, columns: Sequence[Column], rows: Sequence[Sequence[Cell]], *,
                 intro: str = "", noun: str = "article") -> str:
    """A page with one sortable table row per article (sorting is plain script; the table reads without it)."""
    head = "".join(
        f'<th scope="col" aria-sort="none" data-numeric="{"1" if c.numeric else "0"}">'
        f'<button type="button" class="nld-sort">{_e(c.label)}<span class="nld-arrow" aria-hidden="true"></span>'
        f"</button></th>" for c in columns)
    body = []
    for row in rows:
        cells = []
        for n, cell in enumerate(row):
            sort = cell.sort if cell.sort is not None else cell.text
            content = f'<a href="{_e(cell.href)}">{_e(cell.text)}</a>' if cell.href else _e(cell.text)
            tag = "th" if n == 0 else "td"
            scope = ' scope="row"' if n == 0 else ""
            cls = ' class="nld-num"' if columns[n].numeric else ""
            cells.append(f'<{tag}{scope}{cls} data-sort="{_e(sort)}">{content}</{tag}>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    table = (f'<table class="nld-index"><caption>{_e(title)}: {len(rows)} {noun}{"s" if len(rows) != 1 else ""}. '
             f'Select a column heading to sort.</caption><thead><tr>{head}</tr></thead>'
             f"<tbody>{''.join(body)}</tbody></table>")
    intro_html = f"<p>{_e(intro)}</p>" if intro else ""
    return _document(title, f'<header class="nld-header"><h1>{_e(title)}</h1>{intro_html}</header><main>{table}'
                            "</main>", extra_class="nld-index-page")


def render_comparison(name: str, gold: Article, predicted: Article, *, gold_notes: dict[str, Note],
                      predicted_notes: dict[str, Note], summary_html: str = "", index_href: str | None = None) -> str:
    """Gold and prediction side by side, every item marked matched, missed or false positive."""
    left = _Pane(gold, "g-", gold_notes, "gold")
    right = _Pane(predicted, "p-", predicted_notes, "newsld")
    back = (f'<p class="nld-back"><a href="{_e(index_href)}">← All documents</a></p>' if index_href else "")
    body = (f'<header class="nld-header">{back}<h1>{_e(name)}</h1><p class="nld-subtitle">'
            f"{_e(headline_of(predicted))}</p>{summary_html}{_legend(with_status=True)}</header>"
            f'<main class="nld-compare">{left.pane_html("Gold")}{right.pane_html("newsld")}</main>')
    return _document(f"{name} — gold and newsld", body, predicted.language or "en", "nld-compare-page")
