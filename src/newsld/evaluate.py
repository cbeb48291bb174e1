"""Score extraction against hand-made gold: precision, recall and F1 for actors, claims and figures.

The rules are those of the project's shared scorer (see README, "Quality"): everything is read
from the produced RDF through the public vocabulary; actors match on a shared normalised name,
claims on content overlap (intersection over union >= 0.5) and claimant, figures on value and
overlapping evidence, and for figures_full also on the qualifier and the unit's head word.
Optional gold items neither count for recall nor against precision.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsld.errors import InputError

NLD = "https://w3id.org/newsld/vocab#"
SDO = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ACTOR_CLASSES = {NLD + t: t for t in ("Person", "Organization", "Place", "Group")}
CATEGORIES = ("actors", "actors_typed", "claims", "claims_content", "figures", "figures_full")


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


@dataclass
class Scores:
    """Counts per category over a set of texts."""

    counts: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})
    texts: int = 0

    def as_dict(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for name, c in self.counts.items():
            p, r, f = c.scores()
            out[name] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                         "tp": c.tp, "fp": c.fp, "fn": c.fn}
        return out


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


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def _locate(text: str, piece: str, start: int | None) -> tuple[int, int]:
    if start is not None and text[start:start + len(piece)] == piece:
        return start, start + len(piece)
    i = text.find(piece)
    return (i, i + len(piece)) if i >= 0 else (-1, -1)


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


def score_article(gold: dict[str, Any], text: str, pred: Prediction, scores: Scores) -> None:
    """Add one article's matches to `scores`."""
    items = {k: [dict(x, optional=bool(x.get("optional"))) for x in gold.get(k, [])]
             + [dict(x, optional=True) for x in gold.get(f"{k}_optional", [])] for k in ("actors", "claims", "figures")}
    complete = gold.get("complete", {})
    gold_names = {a["name"]: {normalise(a["name"]), *(normalise(m) for m in a.get("mentions", []))}
                  for a in items["actors"]}
    actor_nodes = {n: t for cls, t in ACTOR_CLASSES.items() for n in pred.of_type(cls)}
    actor_nodes.update({n: None for n in pred.of_type(NLD + "Actor") if n not in actor_nodes})  # type: ignore[misc]

    for typed in (False, True):
        left = dict(actor_nodes)
        tp = fn = 0
        for actor in items["actors"]:
            hit = next((n for n, t in left.items() if pred.names(n) & gold_names[actor["name"]]
                        and (not typed or t == actor["type"])), None)
            if hit is not None:
                del left[hit]
                tp += not actor["optional"]
            elif not actor["optional"]:
                fn += 1
        scores.counts["actors_typed" if typed else "actors"].add(tp, len(left) if complete.get("actors") else 0, fn)

    claims = []
    for node in pred.of_type(NLD + "Claim"):
        content = pred.first(node, NLD + "content")
        span = _locate(text, content.value, None) if content is not None else (-1, -1)
        if span[0] < 0:
            spans = pred.spans(node)
            span = spans[0] if spans else (-1, -1)
        claimant = pred.first(node, NLD + "claimant")
        claims.append((span, pred.names(str(claimant)) if claimant is not None else None))
    for with_claimant in (False, True):
        pool = [c for c in claims if c[0][0] >= 0]
        unplaced = len(claims) - len(pool)
        tp = fn = 0
        for claim in items["claims"]:
            gspan = _locate(text, claim["content"], claim.get("start"))
            best, best_iou = None, 0.5
            for i, (span, who) in enumerate(pool):
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
                pool.pop(best)
                tp += not claim["optional"]
            elif not claim["optional"]:
                fn += 1
        fp = len(pool) + unplaced if complete.get("claims") else 0
        scores.counts["claims" if with_claimant else "claims_content"].add(tp, fp, fn)

    figures = []
    for node in pred.of_type(NLD + "Figure"):
        value = pred.first(node, SDO + "value")
        qualifier = pred.first(node, NLD + "qualifier")
        unit = pred.first(node, SDO + "unitText")
        figures.append((float(value.value) if value is not None else None, pred.spans(node),
                        qualifier is not None and qualifier.value != NLD + "Exact",
                        unit.value if unit is not None else ""))
    for full in (False, True):
        left_figures = list(figures)
        tp = fn = 0
        for fig in items["figures"]:
            gspan = _locate(text, fig["text"], fig.get("start"))
            wanted = float(fig["value"])
            found: int | None = None
            for i, (value, spans, approximate, unit) in enumerate(left_figures):
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
                left_figures.pop(found)
                tp += not fig["optional"]
            elif not fig["optional"]:
                fn += 1
        fp = len(left_figures) if complete.get("figures") else 0
        scores.counts["figures_full" if full else "figures"].add(tp, fp, fn)


def evaluate(gold_dir: Path, text_dir: Path, *, model: str | None = None) -> Scores:
    """Convert every TEXT_DIR/NAME.txt that has GOLD_DIR/NAME.json and score it; one model load."""
    from newsld.convert import ConvertOptions, convert_sources
    from newsld.rdf.expand import document_triples
    from newsld.sources.readers import SourceText, clean_text

    golds = sorted(gold_dir.glob("*.json"))
    if not golds:
        raise InputError(gold_dir, "holds no gold files (NAME.json)")
    items = []
    for path in golds:
        text_path = text_dir / f"{path.stem}.txt"
        if not text_path.exists():
            raise InputError(text_path, "no text for this gold file")
        items.append((json.loads(path.read_text(encoding="utf-8")), text_path))
    sources = [SourceText(str(t), t.stem, clean_text(t.read_bytes(), str(t))) for _, t in items]
    scores = Scores(texts=len(items))
    options = ConvertOptions(formats=("jsonld",), output=None, model=model)
    for (gold, text_path), result in zip(items, convert_sources(sources, options), strict=True):
        if result.error is not None or result.document is None:
            raise result.error or InputError(text_path, "was not converted")
        text = text_path.read_text(encoding="utf-8")
        score_article(gold, text, Prediction(document_triples(result.document), text), scores)
    return scores
