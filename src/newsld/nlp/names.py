"""The `newsld_names` component: named actors and every name mention of them.

Writes the names part of the NLP interface (see NLP_INTERFACE.md):
- `doc.spans["newsld_names"]`: one span per name mention, `label_` the actor type, `id_` the
  actor id ("n3"), `kb_id_` the Wikidata id or "";
- `doc.spans["newsld_demonyms"]`: demonyms ("Russian") of a place actor, `id_` its actor id;
- `doc._.newsld_actors`: one plain dict per actor, index k <-> id "n<k>".
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsld.nlp.actor_merge import ActorCluster, Mention
from newsld.nlp.actors import ActorFinder
from newsld.nlp.gazetteer import names_data

NAMES = "newsld_names"
DEMONYMS = "newsld_demonyms"
# the ways of finding a name, most telling first: an actor is "found by" the first one among its mentions
FOUND_BY_ORDER = ("gazetteer", "results-table", "dateline", "press-review", "entity-context", "organization-name",
                  "region-word", "titled-name", "apposition", "entity-recogniser", "repeated-name",
                  "headline-from-body", "acronym")


def actor_id(index: int) -> str:
    """The id of the index-th named actor of a Doc: "n0", "n1", ..."""
    return f"n{index}"


def register_extensions() -> None:
    """The plain-data attributes of the names interface."""
    if not Doc.has_extension("newsld_actors"):
        Doc.set_extension("newsld_actors", default=None)


class NameFinder:
    """Finds actor names and writes them as span groups and plain actor records."""

    def __init__(self, nlp: Language, name: str = NAMES) -> None:
        self.name = name
        self.finder = ActorFinder(nlp)

    def __call__(self, doc: Doc) -> Doc:
        clusters, demonyms = self.finder.find(doc)
        names: list[Span] = []
        actors: list[dict[str, Any]] = []
        for index, cluster in enumerate(clusters):
            ident = actor_id(index)
            wikidata = cluster.entry.wikidata if cluster.entry is not None else None
            kind = cluster.type
            for m in sorted(cluster.mentions, key=lambda m: m.start):
                names.append(Span(doc, m.start, m.end, label=kind, kb_id=wikidata or "", span_id=ident))
            actors.append(actor_record(cluster, kind, wikidata))
        names.sort(key=lambda s: (s.start, s.end))
        doc.spans[NAMES] = names
        doc.spans[DEMONYMS] = demonym_spans(doc, demonyms)
        doc._.newsld_actors = actors
        return doc


def found_by(m: Mention) -> str:
    """How a mention was found; a tagger's name whose type the context confirmed is "entity-context"."""
    if m.found_by == "entity-recogniser" and m.evidence is not None:
        return "entity-context"
    return m.found_by


def actor_record(cluster: ActorCluster, kind: str, wikidata: str | None) -> dict[str, Any]:
    """The plain record of one actor for `doc._.newsld_actors`; its confidence is the measured precision of
    actors found the same way (vocab/patterns/names.json, "confidence")."""
    ways = {found_by(m) for m in cluster.mentions}
    how = next((w for w in FOUND_BY_ORDER if w in ways), min(ways))
    measured = names_data()["confidence"]["buckets"].get(how, {})
    confidence = measured.get("repeated" if len(cluster.mentions) > 1 else "single", 0.5)
    return {"type": kind, "name": cluster.name, "forms": cluster.forms, "roles": cluster.roles,
            "wikidata": wikidata, "confidence": confidence, "found_by": how}


def demonym_spans(doc: Doc, demonyms: dict[int, int]) -> list[Span]:
    """Runs of demonym tokens that refer to the same actor, as spans whose id is that actor's."""
    out: list[Span] = []
    for i in sorted(demonyms):
        if out and out[-1].end == i and out[-1].id_ == actor_id(demonyms[i]):
            last = out.pop()
            out.append(Span(doc, last.start, i + 1, label="Demonym", span_id=last.id_))
        else:
            out.append(Span(doc, i, i + 1, label="Demonym", span_id=actor_id(demonyms[i])))
    return out


@Language.factory(NAMES, default_config={}, requires=["doc.ents", "token.dep", "token.tag", "token.lemma"],
                  assigns=["doc.spans", "doc._.newsld_actors"])
def make_name_finder(nlp: Language, name: str) -> NameFinder:
    register_extensions()
    return NameFinder(nlp, name)
