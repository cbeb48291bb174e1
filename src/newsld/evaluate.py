"""Score extraction against hand-made gold: precision, recall and F1 for actors, claims and figures.

The rules are those of the project's shared scorer (see docs/gold-format.md): everything is read
from the produced RDF through the public vocabulary; actors match on a shared normalised name,
claims on content overlap (intersection over union >= 0.5) and claimant, figures on value and
overlapping evidence, and for figures_full also on the qualifier and the unit's head word.
Optional gold items neither count for recall nor against precision.

Besides the counts, every gold item and every prediction gets an Outcome (matched, missed, false
positive, optional, not scored), so the errors can be listed with their context and shown on
review pages beside the gold.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from newsld.errors import InputError, UsageError
from newsld.model import Actor, Article, Claim, Figure, Mention, Span, actor_iri

NLD = "https://w3id.org/newsld/vocab#"
SDO = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ACTOR_CLASSES = {NLD + t: t for t in ("Person", "Organization", "Place", "Group")}
CATEGORIES = ("actors", "actors_typed", "claims", "claims_content", "figures", "figures_full")
KIND_OF = {"actors": "actors", "actors_typed": "actors", "claims": "claims", "claims_content": "claims",
           "figures": "figures", "figures_full": "figures"}
HEADLINE_CATEGORY = {"actors": "actors", "claims": "claims", "figures": "figures_full"}  # shown on review pages
LOOSE_CATEGORY = {"actors": "actors_typed", "claims": "claims_content", "figures": "figures"}


def normalise(name: str) -> str:
    """Lower case, straight apostrophes, no possessive 's, no punctuation, no leading "the"."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s]", "", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return " ".join(text.split())


@dataclass
class Counts:
    """True positives, false positives and false negatives of one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def scores(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def as_dict(self) -> dict[str, float]:
        p, r, f = self.scores()
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _new_counts() -> dict[str, Counts]:
    return {c: Counts() for c in CATEGORIES}


@dataclass(frozen=True)
class Outcome:
    """What became of one gold item or one prediction in one category.

    status: "match" (a required gold item and the prediction that found it), "miss" (a required gold
    item nothing found), "false-positive" (a prediction that matches no gold item, in a category the
    gold says is complete), "optional" (an optional gold item, and a prediction that matched one),
    "unscored" (an unmatched prediction where the gold is not complete)."""

    category: str
    status: str
    gold: int | None = None  # index into the document's gold items of that kind (required, then optional)
    predicted: str | None = None  # IRI of the predicted actor, claim or figure


@dataclass
class DocumentResult:
    """One scored document: its counts, the outcome of every item, and both sides as model Articles."""

    name: str
    text: str
    gold: dict[str, Any]
    items: dict[str, list[dict[str, Any]]]
    counts: dict[str, Counts] = field(default_factory=_new_counts)
    outcomes: list[Outcome] = field(default_factory=list)
    predicted: Article | None = None

    def gold_span(self, kind: str, index: int) -> tuple[int, int]:
        """Where a gold item is in the text ((-1, -1) when it cannot be found)."""
        item = self.items[kind][index]
        if kind == "claims":
            return _locate(self.text, item["content"], item.get("start"))
        if kind == "figures":
            return _locate(self.text, item["text"], item.get("start"))
        forms = sorted({item["name"], *item.get("mentions", [])}, key=len, reverse=True)
        found = [s for s in (_find_word(self.text, f) for f in forms) if s[0] >= 0]
        return min(found) if found else (-1, -1)


@dataclass
class Scores:
    """Counts per category over a set of texts, and the per-document results behind them."""

    counts: dict[str, Counts] = field(default_factory=_new_counts)
    texts: int = 0
    documents: list[DocumentResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {name: c.as_dict() for name, c in self.counts.items()}

    def add(self, result: DocumentResult) -> None:
        for name, c in result.counts.items():
            self.counts[name].add(c.tp, c.fp, c.fn)
        self.documents.append(result)


class Prediction:
    """What one converted article says, read from its triples through the vocabulary."""

    def __init__(self, triples: Iterable[tuple[Any, Any, Any]], text: str) -> None:
        props: dict[str, dict[str, list[Any]]] = {}
        for s, p, o in triples:
            props.setdefault(str(s), {}).setdefault(p.value, []).append(o)
        self.props = props
        self.text = text

    def values(self, node: str, predicate: str) -> list[Any]:
        return self.props.get(node, {}).get(predicate, [])

    def first(self, node: str, predicate: str) -> Any:
        found = self.values(node, predicate)
        return found[0] if found else None

    def of_type(self, cls: str) -> list[str]:
        return [n for n, p in self.props.items() if any(o.value == cls for o in p.get(RDF_TYPE, []))]

    def names(self, node: str) -> set[str]:
        found = {normalise(o.value) for p in ("name", "alternateName") for o in self.values(node, SDO + p)}
        found.discard("")
        return found

    def spans(self, node: str) -> list[tuple[int, int]]:
        out = []
        for span in self.values(node, NLD + "evidence"):
            start, end = self.first(str(span), OA + "start"), self.first(str(span), OA + "end")
            if start is not None and end is not None:
                out.append((int(start.value), int(end.value)))
        return out


def _iri(node: str) -> str:
    return node[1:-1] if node.startswith("<") and node.endswith(">") else node


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def _locate(text: str, piece: str, start: int | None) -> tuple[int, int]:
    if start is not None and text[start:start + len(piece)] == piece:
        return start, start + len(piece)
    i = text.find(piece)
    return (i, i + len(piece)) if i >= 0 else (-1, -1)


def _occurrences(text: str, form: str) -> list[tuple[int, int]]:
    """Where a name form occurs as a whole word; else anywhere ("North Korea" in "North Korean")."""
    if not form:
        return []
    found = [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text)]
    return found or [(m.start(), m.end()) for m in re.finditer(re.escape(form), text)]


def _find_word(text: str, form: str) -> tuple[int, int]:
    found = _occurrences(text, form)
    return found[0] if found else (-1, -1)


def _same_person(predicted: set[str], gold: set[str]) -> bool:
    """Names match if one equals the other, or a surname matches a full name's last word."""
    if predicted & gold:
        return True
    multi = {n for n in gold if len(n.split()) > 1}
    lasts = {n.split()[-1] for n in predicted if n} & {n.split()[-1] for n in multi}
    return bool(lasts) and any(len(n.split()) > 1 for n in predicted | gold)


def _unit_head(unit: str) -> str:
    words = normalise(unit).split()
    word = words[-1] if words else ""
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def gold_items(gold: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The gold actors, claims and figures, required ones first, each marked "optional" or not."""
    return {k: [dict(x, optional=bool(x.get("optional"))) for x in gold.get(k, [])]
            + [dict(x, optional=True) for x in gold.get(f"{k}_optional", [])] for k in ("actors", "claims", "figures")}


def score_document(name: str, gold: dict[str, Any], text: str, pred: Prediction) -> DocumentResult:
    """Match one article's predictions against its gold: counts and an outcome for every item."""
    items = gold_items(gold)
    result = DocumentResult(name, text, gold, items)
    complete = gold.get("complete", {})
    gold_names = {a["name"]: {normalise(a["name"]), *(normalise(m) for m in a.get("mentions", []))}
                  for a in items["actors"]}
    actor_nodes = {n: t for cls, t in ACTOR_CLASSES.items() for n in pred.of_type(cls)}
    actor_nodes.update({n: None for n in pred.of_type(NLD + "Actor") if n not in actor_nodes})  # type: ignore[misc]
    record = result.outcomes.append

    def leftovers(category: str, nodes: Iterable[str], counted: bool) -> None:
        for node in nodes:
            record(Outcome(category, "false-positive" if counted else "unscored", None, _iri(node)))

    for typed in (False, True):
        category = "actors_typed" if typed else "actors"
        left = dict(actor_nodes)
        tp = fn = 0
        for index, actor in enumerate(items["actors"]):
            hit = next((n for n, t in left.items() if pred.names(n) & gold_names[actor["name"]]
                        and (not typed or t == actor["type"])), None)
            if hit is not None:
                del left[hit]
                tp += not actor["optional"]
                record(Outcome(category, "optional" if actor["optional"] else "match", index, _iri(hit)))
            elif not actor["optional"]:
                fn += 1
                record(Outcome(category, "miss", index))
            else:
                record(Outcome(category, "optional", index))
        counted = bool(complete.get("actors"))
        result.counts[category].add(tp, len(left) if counted else 0, fn)
        leftovers(category, left, counted)

    claims = []
    for node in pred.of_type(NLD + "Claim"):
        content = pred.first(node, NLD + "content")
        span = _locate(text, content.value, None) if content is not None else (-1, -1)
        if span[0] < 0:
            spans = pred.spans(node)
            span = spans[0] if spans else (-1, -1)
        claimant = pred.first(node, NLD + "claimant")
        claims.append((span, pred.names(str(claimant)) if claimant is not None else None, node))
    for with_claimant in (False, True):
        category = "claims" if with_claimant else "claims_content"
        pool = [c for c in claims if c[0][0] >= 0]
        unplaced = [c for c in claims if c[0][0] < 0]
        tp = fn = 0
        for index, claim in enumerate(items["claims"]):
            gspan = _locate(text, claim["content"], claim.get("start"))
            best, best_iou = None, 0.5
            for i, (span, who, _) in enumerate(pool):
                overlap = _iou(span, gspan)
                if overlap < best_iou:
                    continue
                if with_claimant:
                    wanted = claim.get("claimant")
                    if wanted is None:
                        if who is not None:
                            continue
                    elif who is None or not _same_person(who, gold_names.get(wanted, {normalise(wanted)})):
                        continue
                best, best_iou = i, overlap
            if best is not None:
                node = pool.pop(best)[2]
                tp += not claim["optional"]
                record(Outcome(category, "optional" if claim["optional"] else "match", index, _iri(node)))
            elif not claim["optional"]:
                fn += 1
                record(Outcome(category, "miss", index))
            else:
                record(Outcome(category, "optional", index))
        counted = bool(complete.get("claims"))
        result.counts[category].add(tp, len(pool) + len(unplaced) if counted else 0, fn)
        leftovers(category, [c[2] for c in pool + unplaced], counted)

    figures = []
    for node in pred.of_type(NLD + "Figure"):
        value = pred.first(node, SDO + "value")
        qualifier = pred.first(node, NLD + "qualifier")
        unit = pred.first(node, SDO + "unitText")
        figures.append((float(value.value) if value is not None else None, pred.spans(node),
                        qualifier is not None and qualifier.value != NLD + "Exact",
                        unit.value if unit is not None else "", node))
    for full in (False, True):
        category = "figures_full" if full else "figures"
        left_figures = list(figures)
        tp = fn = 0
        for index, fig in enumerate(items["figures"]):
            gspan = _locate(text, fig["text"], fig.get("start"))
            wanted = float(fig["value"])
            found: int | None = None
            for i, (value, spans, approximate, unit, _) in enumerate(left_figures):
                if value is None or abs(value - wanted) > 1e-9 * max(1.0, abs(wanted)):
                    continue
                if not any(min(s[1], gspan[1]) > max(s[0], gspan[0]) for s in spans):
                    continue
                if full and (approximate != bool(fig.get("approximate"))
                             or _unit_head(unit) != _unit_head(fig.get("unit", ""))):
                    continue
                found = i
                break
            if found is not None:
                node = left_figures.pop(found)[4]
                tp += not fig["optional"]
                record(Outcome(category, "optional" if fig["optional"] else "match", index, _iri(node)))
            elif not fig["optional"]:
                fn += 1
                record(Outcome(category, "miss", index))
            else:
                record(Outcome(category, "optional", index))
        counted = bool(complete.get("figures"))
        result.counts[category].add(tp, len(left_figures) if counted else 0, fn)
        leftovers(category, [f[4] for f in left_figures], counted)
    return result


def load_gold(gold_dir: Path, text_dir: Path) -> list[tuple[str, dict[str, Any], Path]]:
    """(name, gold, text path) for every GOLD_DIR/NAME.json, sorted by name; each must have TEXT_DIR/NAME.txt."""
    from newsld._textio import parse_json, read_bytes

    for label, path in (("GOLD_DIR", gold_dir), ("TEXT_DIR", text_dir)):
        if not path.is_dir():
            raise UsageError(f"{label} {path} is not a directory")
    golds = sorted(gold_dir.glob("*.json"))
    if not golds:
        raise InputError(gold_dir, "holds no gold files (NAME.json); see docs/gold-format.md")
    out = []
    for path in golds:
        text_path = text_dir / f"{path.stem}.txt"
        if not text_path.exists():
            raise InputError(text_path, f"is missing: gold file {path.name} has no text beside it in {text_dir}")
        gold = parse_json(read_bytes(path).decode("utf-8", "replace"), path)
        if not isinstance(gold, dict):
            raise InputError(path, "must hold one JSON object with actors, claims and figures")
        out.append((path.stem, gold, text_path))
    return out


def evaluate(gold_dir: Path, text_dir: Path, *, model: str | None = None) -> Scores:
    """Convert every TEXT_DIR/NAME.txt that has GOLD_DIR/NAME.json and score it; one model load."""
    from newsld.convert import ConvertOptions, convert_sources
    from newsld.rdf.expand import document_triples
    from newsld.rdf.read import article_from_document
    from newsld.sources.base import SourceText
    from newsld.sources.readers import clean_text

    items = load_gold(gold_dir, text_dir)
    sources = [SourceText(str(t), t.stem, clean_text(t.read_bytes(), str(t))) for _, _, t in items]
    scores = Scores(texts=len(items))
    options = ConvertOptions(formats=("jsonld",), output=None, model=model)
    for (name, gold, text_path), result in zip(items, convert_sources(sources, options), strict=True):
        if result.error is not None or result.document is None:
            raise result.error or InputError(text_path, "was not converted")
        text = text_path.read_text(encoding="utf-8")  # as the shared scorer reads it
        document = score_document(name, gold, text, Prediction(document_triples(result.document), text))
        document.predicted = article_from_document(result.document, str(text_path))
        scores.add(document)
    return scores


# ---------------------------------------------------------------- errors with their context

def snippet(text: str, start: int, end: int, width: int = 60) -> dict[str, Any]:
    """The span and up to `width` characters either side, on one line: {"before", "text", "after", "marked"}."""
    def flat(s: str) -> str:
        return re.sub(r"\s+", " ", s)

    if start < 0:
        return {"before": "", "text": "", "after": "", "marked": "(not found in the text)"}
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    lead = "…" if start - width > 0 else ""
    tail = "…" if end + width < len(text) else ""
    out = {"before": flat(before), "text": flat(text[start:end]), "after": flat(after)}
    out["marked"] = f"{lead}{out['before']}«{out['text']}»{out['after']}{tail}"
    return out


def _describe_gold(kind: str, item: dict[str, Any]) -> dict[str, Any]:
    if kind == "actors":
        return {"name": item["name"], "type": item["type"]}
    if kind == "claims":
        return {"claimant": item.get("claimant"), "cue": item.get("cue"), "content": item["content"]}
    return {"value": item["value"], "unit": item.get("unit"), "approximate": bool(item.get("approximate"))}


def _find_predicted(article: Article | None, iri: str) -> Actor | Claim | Figure | None:
    if article is None:
        return None
    for group in (article.actors, article.claims, article.figures, article.authors):
        for item in group:
            if item.iri == iri:
                return item
    if article.publisher is not None and article.publisher.iri == iri:
        return article.publisher
    return None


def _describe_predicted(article: Article | None, iri: str) -> tuple[dict[str, Any], tuple[int, int]]:
    item = _find_predicted(article, iri)
    names = {} if article is None else {a.iri: a.name for a in (*article.actors, *article.authors)}
    if isinstance(item, Actor):
        first = item.mentions[0].span if item.mentions else None
        return {"name": item.name, "type": item.type}, (first.start, first.end) if first else (-1, -1)
    if isinstance(item, Claim):
        return ({"claimant": names.get(item.claimant or "", item.claimant), "cue": item.cue_text,
                 "content": item.content}, (item.evidence.start, item.evidence.end))
    if isinstance(item, Figure):
        value = item.value if item.value is not None else item.min_value
        return ({"value": float(value) if isinstance(value, Decimal) else value, "unit": item.unit,
                 "approximate": item.qualifier != "Exact"}, (item.evidence.start, item.evidence.end))
    return {"iri": iri}, (-1, -1)


@dataclass(frozen=True)
class ErrorItem:
    """A miss or a false positive, with what it is and where, for listing."""

    document: str
    category: str
    kind: str  # "miss" or "false-positive"
    item: dict[str, Any]
    start: int
    end: int
    context: dict[str, Any]
    gold: int | None = None  # index of the missed gold item
    predicted: str | None = None  # IRI of the false positive

    def as_dict(self) -> dict[str, Any]:
        return {"document": self.document, "category": self.category, "kind": self.kind, "item": self.item,
                "start": self.start, "end": self.end, "context": self.context["marked"]}


def document_errors(result: DocumentResult) -> Iterator[ErrorItem]:
    """The misses and false positives of one document, category by category, in text order."""
    for category in CATEGORIES:
        kind = KIND_OF[category]
        found = []
        for o in result.outcomes:
            if o.category != category or o.status not in ("miss", "false-positive"):
                continue
            if o.status == "miss" and o.gold is not None:
                item = _describe_gold(kind, result.items[kind][o.gold])
                start, end = result.gold_span(kind, o.gold)
            else:
                item, (start, end) = _describe_predicted(result.predicted, o.predicted or "")
            found.append(ErrorItem(result.name, category, o.status, item, start, end,
                                   snippet(result.text, start, end), o.gold, o.predicted))
        found.sort(key=lambda e: (e.kind != "false-positive", e.start))
        yield from found


def errors_by_category(scores: Scores, limit: int | None = None) -> dict[str, dict[str, list[ErrorItem]]]:
    """{category: {"false-positive": [...], "miss": [...]}}, at most `limit` of each (None: all)."""
    out: dict[str, dict[str, list[ErrorItem]]] = {c: {"false-positive": [], "miss": []} for c in CATEGORIES}
    for document in scores.documents:
        for error in document_errors(document):
            bucket = out[error.category][error.kind]
            if limit is None or len(bucket) < limit:
                bucket.append(error)
    return out


# ---------------------------------------------------------------- gold as a model, for review pages

def gold_article(result: DocumentResult, iri: str) -> tuple[Article, dict[str, int], dict[str, int], dict[str, int]]:
    """The gold annotations of a document as an Article under `iri`, and the IRIs of its gold items
    (actor, claim, figure IRI -> index in the gold lists), so outcomes can be shown on it."""
    from newsld.rdf.read import number

    text = result.text
    items = result.items
    actor_index: dict[str, int] = {}
    by_name: dict[str, str] = {}
    forms: list[tuple[str, str]] = []  # (form, actor IRI): longest forms claim their text first
    specs: list[tuple[str, dict[str, Any]]] = []
    for index, actor in enumerate(items["actors"]):
        a_iri = actor_iri(iri, actor["name"], actor["type"])
        n = 1
        while a_iri in actor_index:
            n += 1
            a_iri = actor_iri(iri, f"{actor['name']} {n}", actor["type"])
        actor_index[a_iri] = index
        by_name.setdefault(actor["name"], a_iri)
        specs.append((a_iri, actor))
        forms += [(f, a_iri) for f in {actor["name"], *actor.get("mentions", [])}]
    for claim in items["claims"]:  # a source never named: its phrase as written, an unnamed group
        who = claim.get("claimant")
        if who and who not in by_name:
            a_iri = actor_iri(iri, who, "Group")
            by_name[who] = a_iri
            specs.append((a_iri, {"name": who, "type": "Group", "mentions": [who], "unnamed": True}))
            forms.append((who, a_iri))
    mentions: dict[str, list[Mention]] = {}
    taken = [False] * len(text)
    for form, a_iri in sorted(forms, key=lambda f: (-len(f[0]), f[0])):
        for start, end in _occurrences(text, form):
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            mentions.setdefault(a_iri, []).append(Mention(Span.of(text, start, end)))
    actors = []
    for a_iri, spec in specs:
        found = tuple(sorted(mentions.get(a_iri, []), key=lambda m: m.span.start))
        unnamed = bool(spec.get("unnamed"))
        if unnamed:
            found = tuple(Mention(m.span, "DescriptionMention") for m in found)
        actors.append(Actor(a_iri, spec["type"], spec["name"],
                            tuple(m for m in spec.get("mentions", []) if m != spec["name"]), mentions=found,
                            unnamed=unnamed))
    claim_index: dict[str, int] = {}
    claims = []
    for index, claim in enumerate(items["claims"]):
        start, end = result.gold_span("claims", index)
        if start < 0:
            raise InputError(result.name, f"gold claim {index + 1}: its content is not in the text")
        c_iri = f"{iri}#claim-{index + 1}"
        claim_index[c_iri] = index
        who = claim.get("claimant")
        claims.append(Claim(c_iri, claim["content"], bool(claim.get("quote")), Span.of(text, start, end),
                            by_name.get(who) if who else None, cue_text=claim.get("cue")))
    figure_index: dict[str, int] = {}
    figures = []
    for index, fig in enumerate(items["figures"]):
        start, end = result.gold_span("figures", index)
        if start < 0:
            raise InputError(result.name, f"gold figure {index + 1}: its text is not in the text")
        f_iri = f"{iri}#figure-{index + 1}"
        figure_index[f_iri] = index
        figures.append(Figure(f_iri, Span.of(text, start, end), "Approximately" if fig.get("approximate") else "Exact",
                              number(json.dumps(fig["value"])), unit=fig.get("unit")))
    actors.sort(key=lambda a: (a.mentions[0].span.start if a.mentions else len(text), a.iri))
    article = Article(iri, text, headline=None, language=None, actors=tuple(actors), claims=tuple(claims),
                      figures=tuple(figures))
    return article, actor_index, claim_index, figure_index
