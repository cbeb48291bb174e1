"""`newsld load` and `newsld query`: embedded Oxigraph and a real Oxigraph server."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from newsld.store import open_target
from tests.conftest import FIXTURES, OxigraphServer, decoded, run_cli

QUERIES = Path(__file__).resolve().parents[1] / "queries"
VALID = FIXTURES / "valid"


def count(store_dir: Path) -> int:
    store = ox.Store(str(store_dir))
    return len(store)


def query_csv(*args: str) -> list[dict[str, str]]:
    proc = run_cli("query", *args, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    return list(csv.DictReader(io.StringIO(proc.stdout.decode("utf-8"))))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("store")
    proc = run_cli("load", str(VALID), "--store", str(store))
    assert proc.returncode == 0, proc.stderr
    return store


def test_each_article_is_its_own_named_graph(loaded: Path) -> None:
    """Loading puts every article in the named graph of its IRI; actors are shared across graphs."""
    store = ox.Store(str(loaded))
    graphs = {g.value for g in store.named_graphs()}
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in VALID.glob("*.jsonld")]
    assert graphs == {d["id"] for d in docs}
    # actors are article-scoped: each graph has its own Robert Wood, joined by the name key
    key = ox.Literal("person:robert-wood")
    woods = {(q.subject, q.graph_name) for q in store.quads_for_pattern(
        None, ox.NamedNode("https://w3id.org/newsld/vocab#nameKey"), key)}
    assert len(woods) == 2 and len({s for s, _ in woods}) == 2
    for subject, graph in woods:
        assert subject.value.startswith(graph.value + "#")


def test_reload_replaces_instead_of_duplicating(loaded: Path) -> None:
    """Loading the same data again leaves the triple count unchanged."""
    before = count(loaded)
    assert run_cli("load", str(VALID), "--store", str(loaded)).returncode == 0
    assert count(loaded) == before > 500


def test_reload_of_a_changed_article_replaces_its_graph(tmp_path: Path) -> None:
    """A changed article replaces the old version: no stale triples survive."""
    doc = json.loads((VALID / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    loader = open_target(store=tmp_path / "s")
    loader.load_documents([doc])
    doc["headline"] = "A corrected headline"
    loader.load_documents([doc])
    loader.close()
    store = ox.Store(str(tmp_path / "s"))
    headlines = {q.object.value for q in store.quads_for_pattern(
        ox.NamedNode(doc["id"]), ox.NamedNode("https://schema.org/headline"), None)}
    assert headlines == {"A corrected headline"}


def test_invalid_file_loads_nothing_and_others_load(tmp_path: Path) -> None:
    """An invalid document is refused with its reason; the valid files beside it are loaded."""
    bad = FIXTURES / "invalid" / "claimant-not-an-actor" / "input.jsonld"
    proc = run_cli("load", str(bad), str(VALID / "harbour-budget.jsonld"), "--store", str(tmp_path / "s"))
    _, err = decoded(proc)
    assert proc.returncode == 3
    assert f"{bad}: is not valid" in err and "nld:claimant must point to an nld:Actor" in err
    store = ox.Store(str(tmp_path / "s"))
    assert len(list(store.named_graphs())) == 1


def test_hostile_strings_never_become_query_text(tmp_path: Path) -> None:
    """A name full of quotes, braces and 'DROP ALL' is stored as data and destroys nothing."""
    doc = json.loads((VALID / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    loader = open_target(store=tmp_path / "s")
    loader.load_documents([json.loads((VALID / "harbour-budget.jsonld").read_text(encoding="utf-8"))])
    nasty = 'Evil" } } ; DROP ALL ; INSERT DATA { <x:a> <x:b> "c" } #\n\\'
    doc["actors"][0]["name"] = nasty
    loader.load_documents([doc])
    doc["headline"] = nasty  # changed, so the replacement goes through a SPARQL update
    report = loader.load_documents([doc])
    loader.close()
    assert report.unchanged == 0
    store = ox.Store(str(tmp_path / "s"))
    assert len(list(store.named_graphs())) == 2
    names = {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode("https://schema.org/name"), None)}
    assert nasty in names
    assert not list(store.quads_for_pattern(ox.NamedNode("x:a"), None, None))


EXPECTED_ROWS = {
    "figures-with-reporters.rq": lambda rows: any(r["value"] == "8000" and r["qualifier"] == "Approximately"
                                                  and r["reporter"] == "Robert Wood" for r in rows),
    "co-mentioned-actors.rq": lambda rows: any({r["first"], r["second"]} == {"North Korea", "Robert Wood"}
                                               and r["articles"] == "2" for r in rows),
    "claims-by-actor.rq": lambda rows: {"Volodymyr Zelenskiy", "Robert Wood", "Dana Okafor",
                                        "United States Department of Defense"} <= {r["claimant"] for r in rows}
    and {r["who"] for r in rows if r["claimant"] == "Robert Wood"} == {"person:robert-wood"},
    "same-figure-in-several-articles.rq": lambda rows: [(r["value"], r["unit"], r["articles"]) for r in rows]
    == [("8000", "troops", "2")],
    "actors-with-wikidata.rq": lambda rows: any(r["name"] == "Russia" and r["articles"] == "2"
                                                and r["wikidata"].endswith("Q159") for r in rows),
}


@pytest.mark.parametrize("name", sorted(p.name for p in QUERIES.glob("*.rq")))
def test_example_queries_answer_over_the_fixtures(loaded: Path, name: str) -> None:
    """Each shipped example query runs and finds what the fixtures say."""
    rows = query_csv(f"@{QUERIES / name}", "--store", str(loaded))
    assert EXPECTED_ROWS[name](rows), rows


def test_query_output_formats(loaded: Path) -> None:
    """Results print as an aligned table, CSV, TSV or SPARQL 1.1 JSON results; ASK prints true/false."""
    q = ("SELECT ?name WHERE { GRAPH ?g { ?a a <https://w3id.org/newsld/vocab#Person> ; "
         "<https://schema.org/name> ?name } } ORDER BY ?name LIMIT 2")
    table = run_cli("query", q, "--store", str(loaded)).stdout.decode()
    assert table.splitlines()[0].strip() == "name" and table.rstrip().endswith("(2 rows)")
    as_json = json.loads(run_cli("query", q, "--store", str(loaded), "-f", "json").stdout)
    assert as_json["head"] == {"vars": ["name"]}
    assert [b["name"]["type"] for b in as_json["results"]["bindings"]] == ["literal", "literal"]
    tsv = run_cli("query", q, "--store", str(loaded), "-f", "tsv").stdout.decode().splitlines()
    assert tsv[0] == "?name" and all(line.startswith('"') for line in tsv[1:]) and len(tsv) == 3
    ask_query = "ASK { GRAPH ?g { ?s ?p ?o } }"
    assert run_cli("query", ask_query, "--store", str(loaded)).stdout.decode().strip() == "true"
    ask_json = json.loads(run_cli("query", ask_query, "--store", str(loaded), "-f", "json").stdout)
    assert ask_json == {"head": {}, "boolean": True}
    bad = run_cli("query", "SELEKT nonsense", "--store", str(loaded))
    assert bad.returncode == 2 and b"not valid SPARQL" in bad.stderr


def test_json_and_tsv_results_read_back_as_the_same_terms(loaded: Path) -> None:
    """newsld's JSON and TSV results are the standard formats: pyoxigraph's parsers read back every term."""
    q = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    store = ox.Store.read_only(str(loaded))
    expected = sorted(tuple(str(sol[v]) for v in ("s", "p", "o")) for sol in store.query(q))
    for fmt, parser in (("json", ox.QueryResultsFormat.JSON), ("tsv", ox.QueryResultsFormat.TSV)):
        out = run_cli("query", q, "--store", str(loaded), "-f", fmt).stdout
        parsed = ox.parse_query_results(out, format=parser)
        assert sorted(tuple(str(sol[v]) for v in ("s", "p", "o")) for sol in parsed) == expected, fmt


def test_query_without_a_store_says_what_to_do(tmp_path: Path) -> None:
    """Querying a store that does not exist tells the user to load first."""
    proc = run_cli("query", "ASK {}", "--store", str(tmp_path / "none"))
    assert proc.returncode == 2 and b"load data first" in proc.stderr


def test_convert_and_load_in_one_step(tmp_path: Path) -> None:
    """convert --store converts, writes and loads the articles."""
    proc = run_cli("convert", str(FIXTURES / "articles" / "kursk-deployment.txt"), "-o", str(tmp_path / "out"),
                   "--store", str(tmp_path / "s"))
    assert proc.returncode == 0, proc.stderr
    assert len(list(ox.Store(str(tmp_path / "s")).named_graphs())) == 1


# ---------------------------------------------------------------- a real SPARQL server

@pytest.mark.server
@pytest.mark.parametrize("mode", ["graph-store", "update"])
def test_server_load_query_reload(oxigraph_server: OxigraphServer, mode: str) -> None:
    """Against a real Oxigraph server: load, query, reload with unchanged triple counts."""
    base = oxigraph_server.base
    extra = ["--update-endpoint", f"{base}/update"] if mode == "update" else []
    assert run_cli("load", str(VALID), "--endpoint", f"{base}/store", *extra).returncode == 0
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    first = query_csv(q, "--endpoint", f"{base}/query")[0]["n"]
    assert run_cli("load", str(VALID), "--endpoint", f"{base}/store", *extra).returncode == 0
    assert query_csv(q, "--endpoint", f"{base}/query")[0]["n"] == first
    rows = query_csv(f"@{QUERIES / 'same-figure-in-several-articles.rq'}", "--endpoint", f"{base}/query")
    assert [(r["value"], r["unit"], r["articles"]) for r in rows] == [("8000", "troops", "2")]


@pytest.mark.server
def test_server_errors_are_clear(oxigraph_server: OxigraphServer, tmp_path: Path) -> None:
    """A 4xx names the server's reason; an unreachable server fails after retries, without a traceback."""
    proc = run_cli("query", "SELEKT", "--endpoint", f"{oxigraph_server.base}/query")
    assert proc.returncode == 5 and b"HTTP 400" in proc.stderr
    dead = f"http://127.0.0.1:{oxigraph_server.port + 1 if oxigraph_server.port < 65535 else 1}/store"
    proc = run_cli("load", str(VALID / "harbour-budget.jsonld"), "--endpoint", dead)
    _, err = decoded(proc)
    assert proc.returncode == 5 and "failed after 4 attempts" in err and "Traceback" not in err


@pytest.mark.server
def test_credentials_come_from_environment_and_are_never_printed(oxigraph_server: OxigraphServer) -> None:
    """NEWSLD_USER/NEWSLD_PASSWORD are sent as Basic auth and never appear in output or errors."""
    proc = run_cli("load", str(VALID / "harbour-budget.jsonld"), "--endpoint", f"{oxigraph_server.base}/store",
                   env={"NEWSLD_USER": "editor", "NEWSLD_PASSWORD": "s3cret-pass"})
    out, err = decoded(proc)
    assert proc.returncode == 0 and "s3cret" not in out + err
    proc = run_cli("load", str(VALID / "harbour-budget.jsonld"), "--endpoint",
                   f"http://127.0.0.1:{oxigraph_server.port}/nowhere", env={"NEWSLD_PASSWORD": "s3cret-pass",
                                                                             "NEWSLD_USER": "editor"})
    out, err = decoded(proc)
    assert proc.returncode == 5 and "s3cret" not in out + err


@pytest.mark.server
@pytest.mark.slow
def test_killing_the_server_mid_load_leaves_whole_articles(tmp_path: Path) -> None:
    """Kill the server during a multi-article load: the command fails clearly, and after a restart every
    article graph is either complete or absent."""
    import time
    template = json.loads((VALID / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    batch = tmp_path / "many.jsonl"
    expected: dict[str, int] = {}
    from newsld.rdf import document_triples
    with batch.open("w", encoding="utf-8") as out:
        for i in range(600):
            doc = json.loads(json.dumps(template).replace(template["id"], f"{template['id'][:-6]}{i:06}"))
            expected[doc["id"]] = len({(str(s), str(p), str(o)) for s, p, o in document_triples(doc)})
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    server = OxigraphServer(tmp_path / "data")
    server.start()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "newsld", "load", str(batch), "--no-validate", "--batch", "5",
                                 "--endpoint", f"{server.base}/store", "--update-endpoint", f"{server.base}/update"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:  # kill once the first batches are in
            ask = run_cli("query", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                          "--endpoint", f"{server.base}/query", "--format", "csv")
            if ask.returncode == 0 and int(ask.stdout.split()[-1]) >= 20:
                break
            time.sleep(0.05)
        server.stop(kill=True)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 5, err
        assert b"failed after" in err and b"Traceback" not in err
        server.start()
        rows = query_csv("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                         "--endpoint", f"{server.base}/query")
        assert rows, "nothing was loaded before the kill; the test proves nothing"
        assert len(rows) < len(expected), "everything was loaded before the kill; the test proves nothing"
        for row in rows:
            assert int(row["n"]) == expected[row["g"]], f"{row['g']} is partial"
    finally:
        server.stop()


def stored_triples(location: Path, graph: str) -> set[str]:
    store = ox.Store.read_only(str(location))
    return {str(ox.Triple(q.subject, q.predicate, q.object))
            for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}


def test_first_load_and_reload_store_the_same_graph(tmp_path: Path) -> None:
    """Numbers and ids are stored the same on a first load (bulk path) and a reload (update path), and that graph
    is the one newsld.rdf.document_triples gives, the function validation uses (skolemised, canonical forms)."""
    from newsld.rdf import document_triples
    from newsld.store import skolemise

    doc = json.loads((VALID / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    doc["figures"][0]["value"] = "1000000000000000000000"  # an xsd:decimal as 1.0 writes it: stored exactly
    doc["figures"][1]["value"] = 2**70 + 1  # raw JSON numbers (not valid 1.0, hence --no-validate) must still
    doc["figures"][2]["value"] = 1e300  # be stored the same on a first load and a reload
    source = tmp_path / "numbers.jsonld"
    source.write_text(json.dumps(doc), encoding="utf-8")
    changed = tmp_path / "changed.jsonld"
    changed.write_text(json.dumps(dict(doc, headline="Another headline")), encoding="utf-8")
    store = tmp_path / "s"
    assert run_cli("load", str(source), "--no-validate", "--store", str(store)).returncode == 0
    first = stored_triples(store, doc["id"])
    # a reload of an unchanged article writes nothing: change it, then load the first version again, so
    # that both reloads go through the update path
    for path in (changed, source):
        assert run_cli("load", str(path), "--no-validate", "--store", str(store)).returncode == 0
    assert stored_triples(store, doc["id"]) == first
    reference = ox.Store()  # the same triples through Oxigraph's own term handling, nothing else
    reference.extend(ox.Quad(s, p, o, ox.NamedNode(doc["id"])) for s, p, o in skolemise(document_triples(doc),
                                                                                          doc["id"]))
    assert first == {str(ox.Triple(q.subject, q.predicate, q.object)) for q in reference}
    assert any('"1000000000000000000000"^^<http://www.w3.org/2001/XMLSchema#decimal>' in t for t in first)


@pytest.mark.server
def test_server_stores_the_same_graph_on_every_path(oxigraph_server: OxigraphServer, tmp_path: Path) -> None:
    """Graph Store PUT, batched update and the embedded store hold the same triples for the same article."""
    store = tmp_path / "s"
    assert run_cli("load", str(VALID / "kursk-deployment.jsonld"), "--store", str(store)).returncode == 0
    doc = json.loads((VALID / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    embedded = stored_triples(store, doc["id"])
    base = oxigraph_server.base
    for extra in ([], ["--update-endpoint", f"{base}/update"]):
        assert run_cli("load", str(VALID / "kursk-deployment.jsonld"), "--endpoint", f"{base}/store",
                       *extra).returncode == 0
        out = run_cli("query", f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{doc['id']}> {{ ?s ?p ?o }} }}",
                      "--endpoint", f"{base}/query").stdout
        assert {str(ox.Triple(q.subject, q.predicate, q.object))
                for q in ox.parse(out, format=ox.RdfFormat.N_TRIPLES)} == embedded


def test_data_read_back_from_the_store_still_validates(loaded: Path, tmp_path: Path) -> None:
    """An article exported from the store (offsets come back as xsd:integer) passes `newsld validate`."""
    doc = json.loads((VALID / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    store = ox.Store.read_only(str(loaded))
    triples = [ox.Triple(q.subject, q.predicate, q.object)
               for q in store.quads_for_pattern(None, None, None, ox.NamedNode(doc["id"]))]
    out = tmp_path / "exported.ttl"
    out.write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE) or b"")
    assert b"nonNegativeInteger" not in out.read_bytes()  # Oxigraph holds derived integer types as xsd:integer
    report = run_cli("validate", str(out))
    assert report.returncode == 0, report.stdout


# ---------------------------------------------------------------- reliability (issue 7)

def many_documents(count: int, prefix: str = "") -> list[dict[str, object]]:
    """`count` distinct articles made from one fixture by changing the article IRI."""
    template = (VALID / "kursk-deployment.jsonld").read_text(encoding="utf-8")
    ident = json.loads(template)["id"]
    return [json.loads(template.replace(ident, f"{ident[:-8]}{prefix}{i:08}"[-len(ident):])) for i in range(count)]


def test_every_file_given_is_read_and_siblings_are_told_by_content(tmp_path: Path) -> None:
    """An .nq beside an .jsonld of the same stem is loaded unless it holds exactly the same article (convert's
    sibling output, recognised by content); a sibling whose content differs is loaded too."""
    from newsld.rdf import document_triples, serialize
    from newsld.store import open_target

    docs = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in VALID.glob("*.jsonld")}
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.jsonld").write_text(json.dumps(docs["harbour-budget"]), encoding="utf-8")
    (other / "a.nq").write_bytes(b"".join(serialize(document_triples(docs[k]), "nquads", graph=docs[k]["id"])
                                          for k in ("kursk-deployment", "kursk-followup")))
    proc = run_cli("load", str(other), "--no-validate", "--store", str(tmp_path / "s1"))
    assert proc.returncode == 0, proc.stderr
    assert b"loaded 3 article(s)" in proc.stderr and len(list(ox.Store(str(tmp_path / "s1")).named_graphs())) == 3

    siblings = tmp_path / "siblings"
    siblings.mkdir()
    doc = docs["kursk-deployment"]
    (siblings / "x.jsonld").write_text(json.dumps(doc), encoding="utf-8")
    (siblings / "x.ttl").write_bytes(serialize(document_triples(doc), "turtle"))
    changed = dict(doc, headline="A headline only the Turtle has")
    (siblings / "y.jsonld").write_text(json.dumps(doc), encoding="utf-8")
    (siblings / "y.ttl").write_bytes(serialize(document_triples(changed), "turtle"))
    loader = open_target(store=tmp_path / "s2")
    report = loader.load_paths([str(siblings)], validate=False)
    loader.close()
    assert report.siblings == 1 and not report.failures
    headlines = {q.object.value for q in ox.Store(str(tmp_path / "s2")).quads_for_pattern(
        ox.NamedNode(doc["id"]), ox.NamedNode("https://schema.org/headline"), None)}
    assert headlines == {"A headline only the Turtle has"}  # y.ttl was read, and the last version wins


def test_queries_during_a_load_see_whole_batches(tmp_path: Path) -> None:
    """While another process loads batch after batch, every query answers, and sees only complete batches."""
    from newsld.store import EmbeddedStore
    from newsld.store.inputs import document_graph

    docs = many_documents(300)
    size = len(document_graph(docs[0], "x").triples)
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(json.dumps(d) for d in docs[1:]) + "\n", encoding="utf-8")
    store = tmp_path / "s"
    first = tmp_path / "first.jsonld"
    first.write_text(json.dumps(docs[0]), encoding="utf-8")
    assert run_cli("load", str(first), "--store", str(store)).returncode == 0
    reader = EmbeddedStore(store, read_only=True)
    seen: set[int] = set()
    with subprocess.Popen([sys.executable, "-m", "newsld", "load", str(source), "--store", str(store),
                           "--no-validate", "--batch", "23"], stderr=subprocess.PIPE) as loader:
        while True:
            done = loader.poll() is not None
            result = reader.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
            sizes = [int(row[1].value) for row in result.rows]  # type: ignore[union-attr]
            assert set(sizes) == {size}, "a query saw part of an article"
            assert (len(sizes) - 1) % 23 == 0 or len(sizes) == 300, f"a query saw part of a batch: {len(sizes)}"
            seen.add(len(sizes))
            if done:
                break
        _, err = loader.communicate(timeout=120)
    assert loader.returncode == 0, err
    assert max(seen) == 300
    assert len(seen) > 2, f"no query ran during the load ({seen}); the test proves nothing"


def test_a_full_disk_is_a_store_error(tmp_path: Path) -> None:
    """The disk fills during a load (a real tmpfs with 512 KB left): exit 5 with the reason, also under --traceback."""
    import shutil
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is needed to mount a small disk for this test")
    disk = tmp_path / "disk"
    disk.mkdir()
    big = tmp_path / "big.jsonl"
    big.write_text("\n".join(json.dumps(d) for d in many_documents(200)) + "\n", encoding="utf-8")
    script = (f'mount -t tmpfs -o size=2m tmpfs {disk} || exit 99; '
              f'{sys.executable} -m newsld load {VALID / "harbour-budget.jsonld"} --store {disk}/s -q || exit 98; '
              f'dd if=/dev/zero of={disk}/filler bs=4k 2>/dev/null; truncate -s -512K {disk}/filler; '
              f'{sys.executable} -m newsld --traceback load {big} --store {disk}/s --no-validate')
    proc = subprocess.run(["unshare", "--mount", "sh", "-c", script], capture_output=True, timeout=300, check=False)
    if proc.returncode == 99 or b"unshare failed" in proc.stderr:
        pytest.skip("cannot mount a small tmpfs here (needs root or user namespaces): " + proc.stderr.decode()[-200:])
    _, err = decoded(proc)
    assert proc.returncode == 5, err
    assert "cannot write to the store" in err and "the disk is full" in err and "internal error" not in err


def test_a_folder_that_is_not_a_store_is_left_alone(tmp_path: Path) -> None:
    """--store on a folder of the user's own files: a usage error, and every file stays as it was (no LOG renamed)."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "LOG").write_text("my lab log\n", encoding="utf-8")
    (folder / "draft.txt").write_text("draft\n", encoding="utf-8")
    before = sorted((p.name, p.read_bytes()) for p in folder.iterdir())
    for args in (["load", str(VALID / "harbour-budget.jsonld")], ["query", "ASK {}"]):
        proc = run_cli(*args, "--store", str(folder))
        _, err = decoded(proc)
        assert proc.returncode == 2, err
        assert "is not an Oxigraph store" in err and "draft.txt" in err
    assert sorted((p.name, p.read_bytes()) for p in folder.iterdir()) == before


@pytest.fixture
def mixed_documents(tmp_path: Path) -> tuple[Path, list[str]]:
    """A JSON lines file: good, nested @context, invalid IRI, good."""
    docs = many_documents(4, prefix="m")
    docs[1]["actors"][0]["@context"] = {"name": "http://example.org/otherName"}  # type: ignore[index]
    docs[2]["actors"][0]["id"] = "http://example.org/not an iri"  # type: ignore[index]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    return path, [str(docs[0]["id"]), str(docs[3]["id"])]


def check_mixed(proc: subprocess.CompletedProcess[bytes], path: Path) -> None:
    _, err = decoded(proc)
    assert proc.returncode == 3, err
    assert f"{path}: line 2: has a nested @context at /actors/0/@context" in err
    assert f"{path}: line 3: cannot be turned into RDF" in err
    assert "loaded 2 article(s)" in err and "2 input(s) refused" in err


def test_no_validate_refuses_only_the_bad_documents(mixed_documents: tuple[Path, list[str]], tmp_path: Path) -> None:
    """--no-validate: a nested @context or an invalid IRI costs only that document, named by its line."""
    path, good = mixed_documents
    check_mixed(run_cli("load", str(path), "--no-validate", "--store", str(tmp_path / "s")), path)
    assert sorted(g.value for g in ox.Store(str(tmp_path / "s")).named_graphs()) == sorted(good)


@pytest.mark.server
def test_no_validate_refuses_the_same_documents_on_a_server(mixed_documents: tuple[Path, list[str]],
                                                            oxigraph_server: OxigraphServer) -> None:
    """The server path refuses the same documents with the same lines, and loads the others."""
    path, good = mixed_documents
    base = oxigraph_server.base
    check_mixed(run_cli("load", str(path), "--no-validate", "--endpoint", f"{base}/store",
                        "--update-endpoint", f"{base}/update"), path)
    rows = query_csv("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "--endpoint", f"{base}/query")
    assert sorted(r["g"] for r in rows) == sorted(good)


def test_terminal_escapes_in_file_names_are_shown_harmlessly(tmp_path: Path) -> None:
    """A file name with escape sequences is printed with them written out, never sent raw to the terminal."""
    evil = tmp_path / "report\x1b]0;owned\x07\x1b[2J.jsonld"
    evil.write_text("{not json", encoding="utf-8")
    proc = run_cli("load", str(evil), "--store", str(tmp_path / "s"))
    _, err = decoded(proc)
    assert proc.returncode == 3
    assert "\x1b" not in err and "\x07" not in err and "report\\x1b]0;owned\\x07\\x1b[2J.jsonld" in err


@pytest.mark.parametrize("path", ["embedded", "graph-store", "update"])
def test_oxigraph_value_fidelity_is_as_documented(path: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """What Oxigraph keeps of each kind of value, read back through newsld query, is what the README says."""
    from tests.fidelity import CASES, EXPECTED, article_turtle, compare

    graph = f"http://fidelity.test/oxigraph-{path}"
    source = tmp_path / "values.ttl"
    source.write_text(article_turtle(graph, CASES), encoding="utf-8")
    if path == "embedded":
        target = ["--store", str(tmp_path / "s")]
        where = target
    else:
        server: OxigraphServer = request.getfixturevalue("oxigraph_server")
        target = ["--endpoint", f"{server.base}/store"]
        target += ["--update-endpoint", f"{server.base}/update"] if path == "update" else []
        where = ["--endpoint", f"{server.base}/query"]
    assert run_cli("load", str(source), "--no-validate", *target).returncode == 0
    proc = run_cli("query", f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", *where)
    back = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(proc.stdout, format=ox.RdfFormat.N_TRIPLES)]
    sent = [ox.Triple(q.subject, q.predicate, q.object)
            for q in ox.parse(source.read_bytes(), format=ox.RdfFormat.TURTLE)]
    assert compare(sent, back, by_predicate=True) == EXPECTED["oxigraph", path]
