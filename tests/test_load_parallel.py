"""`newsld load` with worker processes, files read in parts, and the stored graph being the validated graph."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from newsld.rdf import document_triples, serialize
from newsld.store import EmbeddedStore, Loader, LoadReport, iter_graphs, open_target
from newsld.store.inputs import name_graph, strip_graph
from newsld.store.workers import Workers
from tests.conftest import FIXTURES, decoded, run_cli

VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid" / "claimant-not-an-actor" / "input.jsonld"


def documents(count: int, tag: str) -> list[dict[str, Any]]:
    """`count` distinct valid documents made from the valid fixtures (new article IRIs, same content)."""
    templates = [p.read_text(encoding="utf-8") for p in sorted(VALID.glob("*.jsonld"))]
    out = []
    for i in range(count):
        text = templates[i % len(templates)]
        ident = json.loads(text)["id"]
        out.append(json.loads(text.replace(ident, f"{ident[:-10]}{tag}{i:08}"[-len(ident):])))
    return out


def jsonl(path: Path, docs: list[dict[str, Any]], lines: dict[int, str] | None = None) -> Path:
    """A JSON lines file of the documents; `lines` replaces given (1-based) lines by other text."""
    text = [json.dumps(d, ensure_ascii=False) for d in docs]
    for number, line in (lines or {}).items():
        text[number - 1] = line
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return path


def dump(store: Path) -> list[bytes]:
    """Every quad of a store, as sorted N-Quads lines."""
    data = ox.serialize(list(ox.Store.read_only(str(store))), format=ox.RdfFormat.N_QUADS) or b""
    return sorted(data.splitlines())


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with every kind of input: many small files, a JSON lines file large enough to be read in parts,
    N-Quads with several articles (one repeating an article with a change), identical and different RDF siblings,
    an invalid document and a JSON lines file with a line that is not JSON."""
    root = tmp_path_factory.mktemp("mixed")
    docs = documents(130, "p")
    (root / "a").mkdir()
    for i, doc in enumerate(docs[:40]):
        (root / "a" / f"x{i:03}.jsonld").write_text(json.dumps(doc), encoding="utf-8")
    jsonl(root / "b.jsonl", docs[40:125])  # about 1.2 MB: read in parts
    assert (root / "b.jsonl").stat().st_size > 1 << 20
    changed = dict(docs[3], headline="A later version, from the N-Quads file")
    (root / "c.nq").write_bytes(b"".join(serialize(document_triples(d), "nquads", graph=d["id"])
                                         for d in (docs[125], changed)))
    (root / "d.jsonld").write_text(json.dumps(docs[126]), encoding="utf-8")
    (root / "d.ttl").write_bytes(serialize(document_triples(docs[126]), "turtle"))
    (root / "e.jsonld").write_text(json.dumps(docs[127]), encoding="utf-8")
    (root / "e.ttl").write_bytes(serialize(document_triples(dict(docs[127], headline="Only the Turtle")), "turtle"))
    shutil.copy(INVALID, root / "f.jsonld")
    jsonl(root / "g.jsonl", docs[128:130], {2: '{"id": "broken'})
    return root


@pytest.mark.parametrize("validate", [True, False], ids=["validating", "no-validate"])
def test_jobs_2_store_exactly_what_jobs_1_stores(mixed: Path, tmp_path: Path, validate: bool) -> None:
    """Worker processes change nothing but the speed: same store content, same messages, same exit code."""
    extra = [] if validate else ["--no-validate"]
    runs = {}
    for jobs in ("1", "2"):
        store = tmp_path / f"s{jobs}"
        proc = run_cli("load", str(mixed), "--store", str(store), "--jobs", jobs, "--batch", "7", *extra)
        err = re.sub(r" in [0-9.]+s", " in Ts", decoded(proc)[1].replace(str(store), "STORE"))  # not the time taken
        runs[jobs] = (proc.returncode, err, dump(store))
    assert runs["1"] == runs["2"]
    code, err, quads = runs["1"]
    assert code == 3
    assert f"{mixed / 'g.jsonl'}: line 2" in err  # a line that is not JSON refuses its file
    assert (f"{mixed / 'f.jsonld'}: is not valid" in err) == validate
    # e.ttl differs from e.jsonld and one N-Quads article repeats a JSON-LD one: 130 loaded, 128 distinct
    assert ("loaded 130 article(s) (128 distinct)" if validate else "loaded 131 article(s) (129 distinct)") in err
    assert len(quads) > 30_000
    assert any(b"A later version, from the N-Quads file" in q for q in quads)
    assert any(b"Only the Turtle" in q for q in quads)


def graphs_and_failures(paths: list[str], *, validate: bool, workers: Workers | None = None,
                        part_bytes: int = 1 << 40) -> tuple[list[tuple[str, bytes]], list[str], int]:
    report = LoadReport()
    graphs = [(g.graph, g.nquads) for g in iter_graphs(paths, report, validate=validate, workers=workers,
                                                       part_bytes=part_bytes)]
    return graphs, [str(f) for f in report.failures], report.siblings


@pytest.fixture(scope="module")
def workers() -> Any:
    pool = Workers(2)
    yield pool
    pool.close()


CASES = {  # lines of a 48-document file replaced, and what loading it gives: (articles, failures) with and
    # without validation ("F" is the file)
    "all valid": ({}, (48, []), (48, [])),
    "an invalid document late in the file": (
        {37: "INVALID"}, (0, ["F: is not valid (7 problem(s); first (line 37): nld:claimant must point to"]),
        (48, [])),
    "a nested @context early, a line that is not JSON later": (
        {5: "NESTED", 20: '{"id": ', 40: "NESTED"}, (0, ["F: line 20: not valid JSON"]),
        (0, ["F: line 5: has a nested @context at /actors/0/@context", "F: line 20: not valid JSON"])),
    "an invalid document before a line that is not JSON": (
        {3: "INVALID", 30: "[1, 2"}, (0, ["F: line 30: not valid JSON"]), (0, ["F: line 30: not valid JSON"])),
    "an empty line and a non-object": (
        {10: "", 11: "[]"}, (0, ["F: is not valid (1 problem(s); first (line 11): a document must be a JSON object"]),
        (46, ["F: line 11: a document without an article id cannot be loaded"])),
}


@pytest.mark.parametrize("case", sorted(CASES), ids=sorted(CASES))
@pytest.mark.parametrize("validate", [True, False], ids=["validating", "no-validate"])
def test_a_file_read_in_parts_loads_or_fails_as_a_whole(case: str, validate: bool, tmp_path: Path,
                                                        workers: Workers) -> None:
    """A large JSON lines file is read in parts by several processes, and gives exactly the graphs and the
    messages of reading it whole: one refusal names the file's first problem, and nothing of the file loads."""
    docs = documents(48, "q")
    bad = json.loads(INVALID.read_text(encoding="utf-8"))
    replaced, *expected = CASES[case]
    lines = {}
    for number, what in replaced.items():
        if what == "INVALID":
            lines[number] = json.dumps(dict(bad, id=docs[number - 1]["id"]))
        elif what == "NESTED":
            doc = json.loads(json.dumps(docs[number - 1]))
            doc["actors"][0]["@context"] = {"name": "http://example.org/otherName"}
            lines[number] = json.dumps(doc)
        else:
            lines[number] = what
    path = jsonl(tmp_path / "many.jsonl", docs, lines)
    whole = graphs_and_failures([str(path)], validate=validate)
    size = path.stat().st_size // 5  # about five parts
    assert graphs_and_failures([str(path)], validate=validate, part_bytes=size) == whole
    assert graphs_and_failures([str(path)], validate=validate, part_bytes=size, workers=workers) == whole
    graphs, failures, _ = whole
    count, messages = expected[0 if validate else 1]
    assert len(graphs) == count
    assert len(failures) == len(messages)
    for failure, message in zip(failures, messages, strict=True):
        assert failure.startswith(message.replace("F", str(path), 1)), failure


def test_rdf_beside_json_ld_is_recognised_across_units(tmp_path: Path, workers: Workers) -> None:
    """An RDF file that repeats a JSON-LD file read a few files earlier is passed over, however the files were
    grouped for the workers."""
    docs = documents(18, "r")
    names = []
    for i, doc in enumerate(docs):
        path = tmp_path / f"n{i:02}.jsonld"
        path.write_text(json.dumps(doc), encoding="utf-8")
        names.append(str(path))
    twin = tmp_path / "n15.ttl"
    twin.write_bytes(serialize(document_triples(docs[15]), "turtle"))
    paths = [*names, str(twin)]  # 16 files fill the first unit; the Turtle comes in the second
    for pool in (None, workers):
        graphs, failures, siblings = graphs_and_failures(paths, validate=True, workers=pool)
        assert (len(graphs), failures, siblings) == (18, [], 1)


def test_the_stored_graph_is_the_graph_validation_checked(tmp_path: Path) -> None:
    """What load stores for each document is the very graph the validator checked (not a second reading),
    compared as Oxigraph holds values."""
    from newsld.validation.validate import Checked, shared_validator

    for path in sorted(VALID.glob("*.jsonld")):
        checked: list[Checked] = []
        assert shared_validator().check_file(path, graphs=checked).ok
        (graph,) = checked
        doc_id = ox.NamedNode(graph.document["id"])
        validated = ox.Store()
        validated.extend(ox.Quad(q.subject, q.predicate, q.object, doc_id) for q in graph.quads)
        loader = open_target(store=tmp_path / path.stem)
        loader.load_paths([str(path)])
        loader.close()
        assert len(validated) > 50
        assert set(ox.Store.read_only(str(tmp_path / path.stem))) == set(validated), path.name


NASTY = ['a "quoted" word', "ends with a dot .", "line\nbreak .\n", "tab\tand \\ backslash", "\r\n .", "é ☃ 𝄞",
         "<not an iri> .", '" .', "x" * 5000, ""]


def test_naming_the_graph_of_n_triples_is_exact() -> None:
    """Putting pyoxigraph's N-Triples into a named graph by rewriting line ends gives exactly the quads, for
    literals holding quotes, dots, line breaks and backslashes; and the rewrite is undone exactly."""
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    objects: list[ox.NamedNode | ox.Literal] = [ox.Literal(text) for text in NASTY]
    objects += [ox.Literal(text, language="en-GB") for text in NASTY[:3]]
    objects += [ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                ox.NamedNode("http://example.org/o?q=a%20b#frag")]
    triples = [ox.Triple(s, p, o) for o in objects]
    graph = "http://example.org/graph#with-fragment"
    ntriples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    named = name_graph(ntriples, graph)
    expected = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph)) for t in triples]
    assert list(ox.parse(named, format=ox.RdfFormat.N_QUADS)) == expected
    assert strip_graph(named, graph) == ntriples


def test_reloading_writes_only_what_changed(tmp_path: Path) -> None:
    """Loading the same articles again writes nothing (they are stored exactly so), a changed article is
    replaced, and both leave the store as a first load of the latest versions would."""
    docs = documents(6, "u")
    source = jsonl(tmp_path / "six.jsonl", docs)
    store = tmp_path / "s"
    loader = open_target(store=store)
    loader.load_paths([str(source)])
    first = dump_open(loader)
    report = loader.load_paths([str(source)])
    assert report.unchanged == 6 and dump_open(loader) == first
    docs[2] = dict(docs[2], headline="A corrected headline")
    jsonl(source, docs)
    report = loader.load_paths([str(source)])
    assert report.unchanged == 6 + 5
    loader.close()
    reference = tmp_path / "fresh"
    fresh = open_target(store=reference)
    fresh.load_paths([str(source)])
    fresh.close()
    assert dump(store) == dump(reference)
    assert any(b"A corrected headline" in q for q in dump(store))


def dump_open(loader: Loader) -> list[bytes]:
    target = loader.target
    assert isinstance(target, EmbeddedStore)
    return sorted((ox.serialize(list(target.store), format=ox.RdfFormat.N_QUADS) or b"").splitlines())


def test_convert_into_a_store_reports_articles_the_store_refuses(tmp_path: Path) -> None:
    """convert --store prints, like load, every article that could not be loaded, and exits 3."""
    doc = json.loads((VALID / "harbour-budget.jsonld").read_text(encoding="utf-8"))
    doc["url"] = "https://example.org/news/a%zz"  # passes the schema, but is no IRI: the store refuses it
    source = tmp_path / "in.jsonld"
    source.write_text(json.dumps(doc), encoding="utf-8")
    proc = run_cli("convert", str(source), "-o", str(tmp_path / "out"), "--store", str(tmp_path / "s"))
    _, err = decoded(proc)
    assert proc.returncode == 3, err
    assert f"newsld: error: {doc['id']}: cannot be turned into RDF: /url is" in err
    assert not list(ox.Store.read_only(str(tmp_path / "s")).named_graphs())


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found.update(int(x) for x in text.split())
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to see the workers")
def test_interrupting_a_load_stops_its_workers(tmp_path: Path) -> None:
    """Ctrl-C during `load --jobs 2` ends the command and its worker processes, and leaves whole batches."""
    source = jsonl(tmp_path / "many.jsonl", documents(400, "i"))
    store = tmp_path / "s"
    proc = subprocess.Popen([sys.executable, "-m", "newsld", "load", str(source), "--store", str(store),
                             "--jobs", "2", "--batch", "10"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = children(proc.pid)
        time.sleep(0.01)
    assert len(workers) >= 2, "the workers never started"
    while (time.monotonic() < deadline and proc.poll() is None
           and not (store / "CURRENT").exists()):
        time.sleep(0.01)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"newsld: interrupted" in err and b"Traceback" not in err
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or b"zombie" in Path(f"/proc/{pid}/status").read_bytes().lower(), \
            f"worker {pid} still runs"
    graphs = {}
    for q in ox.Store.read_only(str(store)):
        graphs[q.graph_name] = graphs.get(q.graph_name, 0) + 1
    assert len(graphs) % 10 == 0


@pytest.mark.parametrize("pointer", ["/url", "/actors/1/id", "/actors/1/sameAs/0", "/claims/0/claimant",
                                     "/figures/2/evidence/id"])
def test_no_validate_names_the_first_value_that_is_not_an_iri(pointer: str, tmp_path: Path) -> None:
    """Without validation, a document with an id or IRI value that is not an IRI is refused, and the message
    points at the first such value (the JSON-LD processor would drop it without a word)."""
    doc = json.loads((VALID / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    node: Any = doc
    *parents, last = pointer.strip("/").split("/")
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = "https://example.org/a b"
    else:
        node[last] = "https://example.org/a b"
    doc["derivedFrom"]["id"] = "https://example.org/later bad"  # a second bad value, at the end of the document
    source = tmp_path / "doc.jsonld"
    source.write_text(json.dumps(doc), encoding="utf-8")
    proc = run_cli("load", str(source), "--no-validate", "--store", str(tmp_path / "s"))
    _, err = decoded(proc)
    assert proc.returncode == 3
    assert f"{source}: cannot be turned into RDF: {pointer} is 'https://example.org/a b', which is not a valid IRI" \
        in err
