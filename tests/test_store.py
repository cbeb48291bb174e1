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
    loader.load_documents([doc])  # the replacement path goes through a SPARQL update
    loader.close()
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
    """Results print as an aligned table, CSV or JSON; ASK prints true/false."""
    q = ("SELECT ?name WHERE { GRAPH ?g { ?a a <https://w3id.org/newsld/vocab#Person> ; "
         "<https://schema.org/name> ?name } } ORDER BY ?name LIMIT 2")
    table = run_cli("query", q, "--store", str(loaded)).stdout.decode()
    assert table.splitlines()[0].strip() == "name" and table.rstrip().endswith("(2 rows)")
    as_json = json.loads(run_cli("query", q, "--store", str(loaded), "-f", "json").stdout)
    assert [set(r) for r in as_json] == [{"name"}, {"name"}]
    ask = run_cli("query", "ASK { GRAPH ?g { ?s ?p ?o } }", "--store", str(loaded))
    assert ask.stdout.decode().strip() == "true"
    bad = run_cli("query", "SELEKT nonsense", "--store", str(loaded))
    assert bad.returncode == 2 and b"not valid SPARQL" in bad.stderr


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
        time.sleep(1.5)
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


def test_fast_jsonld_load_stores_exactly_newsld_triples(tmp_path: Path) -> None:
    """The bulk JSON-LD path (Oxigraph's parser, inlined context) stores the graph newsld computes."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from newsld.rdf import document_triples, serialize

    def stored(location: Path, graph: str) -> Graph:
        store = ox.Store(str(location))
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]
        return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")

    for path in sorted(VALID.glob("*.jsonld")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        loader = open_target(store=tmp_path / f"fast-{path.stem}")
        loader.load_documents([doc])
        loader.close()
        reference = ox.Store(str(tmp_path / f"ref-{path.stem}"))
        reference.bulk_load(serialize(document_triples(doc), "nquads", graph=doc["id"]), format=ox.RdfFormat.N_QUADS)
        del reference
        fast, ref = stored(tmp_path / f"fast-{path.stem}", doc["id"]), stored(tmp_path / f"ref-{path.stem}", doc["id"])
        assert len(fast) == len(ref) > 50 and isomorphic(fast, ref), path.name


def test_data_read_back_from_the_store_still_validates(loaded: Path, tmp_path: Path) -> None:
    """An article exported from the store (offsets come back as xsd:integer) passes `newsld validate`."""
    doc = json.loads((VALID / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    store = ox.Store.read_only(str(loaded))
    triples = [ox.Triple(q.subject, q.predicate, q.object)
               for q in store.quads_for_pattern(None, None, None, ox.NamedNode(doc["id"]))]
    out = tmp_path / "exported.ttl"
    out.write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE) or b"")
    assert b"nonNegativeInteger" not in out.read_bytes()  # the store changed the datatype
    report = run_cli("validate", str(out))
    assert report.returncode == 0, report.stdout
