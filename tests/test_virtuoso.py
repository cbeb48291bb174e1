"""`newsld load` and `newsld query` against a real Virtuoso (Debian's virtuoso-opensource, stock settings)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import FIXTURES, VirtuosoServer, decoded, run_cli
from tests.fidelity import CASES, EXPECTED, article_turtle, compare

pytestmark = pytest.mark.virtuoso

QUERIES = Path(__file__).resolve().parents[1] / "queries"
VALID = FIXTURES / "valid"
DBA = {"NEWSLD_USER": "dba", "NEWSLD_PASSWORD": "dba"}
OURS = 'FILTER (STRSTARTS(STR(?g), "https://w3id.org/newsld/"))'
GROUP_CONCAT_SEPARATORS = {"where": " ", "reporters": ", "}


def crud(v: VirtuosoServer) -> str:
    return f"{v.base}/sparql-graph-crud-auth"


def update(v: VirtuosoServer) -> str:
    return f"{v.base}/sparql-auth"


def sparql_json(endpoint: str, query: str, *extra: str) -> dict[str, object]:
    proc = run_cli("query", query, "--endpoint", endpoint, "--format", "json", *extra)
    assert proc.returncode == 0, proc.stderr
    value: dict[str, object] = json.loads(proc.stdout)
    return value


def graph_sizes(v: VirtuosoServer) -> dict[str, int]:
    result = sparql_json(f"{v.base}/sparql", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                         f"{OURS} }} GROUP BY ?g")
    bindings = result["results"]["bindings"]  # type: ignore[index]
    return {b["g"]["value"]: int(b["n"]["value"]) for b in bindings}


@pytest.fixture(scope="module")
def loaded_virtuoso(virtuoso: VirtuosoServer) -> VirtuosoServer:
    proc = run_cli("load", str(VALID), "--endpoint", crud(virtuoso), env=DBA)
    assert proc.returncode == 0, proc.stderr
    return virtuoso


@pytest.fixture(params=["graph-store", "update"])
def path_loaded_virtuoso(virtuoso: VirtuosoServer, request: pytest.FixtureRequest) -> VirtuosoServer:
    """Virtuoso with the fixtures loaded through one of its two write paths (the last load wins)."""
    extra = ["--update-endpoint", update(virtuoso)] if request.param == "update" else []
    proc = run_cli("load", str(VALID), "--endpoint", crud(virtuoso), *extra, env=DBA)
    assert proc.returncode == 0, proc.stderr
    return virtuoso


@pytest.fixture(scope="module")
def oxigraph_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("reference") / "store"
    proc = run_cli("load", str(VALID), "--store", str(store))
    assert proc.returncode == 0, proc.stderr
    return store


def local_graphs(store: Path) -> dict[str, int]:
    s = ox.Store.read_only(str(store))
    return dict(Counter(q.graph_name.value for q in s.quads_for_pattern(None, None, None, None)))


@pytest.mark.parametrize("path", ["graph-store", "update"])
def test_load_and_reload_with_digest_auth(virtuoso: VirtuosoServer, oxigraph_store: Path, path: str) -> None:
    """Stock Virtuoso's Digest-protected endpoints take a load; a reload leaves every graph's size unchanged."""
    extra = ["--update-endpoint", update(virtuoso)] if path == "update" else []
    for _ in range(2):
        proc = run_cli("load", str(VALID), "--endpoint", crud(virtuoso), *extra, env=DBA)
        _, err = decoded(proc)
        assert proc.returncode == 0, err
        assert graph_sizes(virtuoso) == local_graphs(oxigraph_store)


def normalised(result: dict[str, object]) -> Counter[tuple[tuple[str, str], ...]]:
    """Rows as a multiset of (variable, N-Triples term); GROUP_CONCAT lists compared as sets."""
    rows: Counter[tuple[tuple[str, str], ...]] = Counter()
    for binding in result["results"]["bindings"]:  # type: ignore[index]
        row = []
        for name, term in sorted(binding.items()):
            value = term["value"]
            separator = GROUP_CONCAT_SEPARATORS.get(name)
            if separator:  # GROUP_CONCAT's order is not defined
                value = separator.join(sorted(value.split(separator)))
            row.append((name, f"{term['type']}|{value}|{term.get('datatype', '')}|{term.get('xml:lang', '')}"))
        rows[tuple(row)] += 1
    return rows


@pytest.mark.parametrize("name", sorted(p.name for p in QUERIES.glob("*.rq")))
def test_example_queries_answer_as_oxigraph_does(loaded_virtuoso: VirtuosoServer, oxigraph_store: Path,
                                                 name: str) -> None:
    """Each shipped query gives Virtuoso's users the same rows as the embedded Oxigraph store."""
    ours = sparql_json(f"{loaded_virtuoso.base}/sparql", f"@{QUERIES / name}", "--timeout", "20", "--retries", "0")
    reference = json.loads(run_cli("query", f"@{QUERIES / name}", "--store", str(oxigraph_store),
                                   "--format", "json").stdout)
    assert ours["head"] == reference["head"]
    assert normalised(ours) == normalised(reference) and reference["results"]["bindings"]


def test_query_answers_without_waiting(loaded_virtuoso: VirtuosoServer) -> None:
    """Virtuoso never answers a POST of application/sparql-query; newsld's GET and form POST are answered at once,
    so a query passes with a 5 s timeout and no retry, short or long."""
    short = "ASK { GRAPH ?g { ?s a <https://w3id.org/newsld/vocab#Article> } }"
    long = "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1 # " + "padding " * 400
    for query in (short, long):
        proc = run_cli("query", query, "--endpoint", f"{loaded_virtuoso.base}/sparql", "--timeout", "5",
                       "--retries", "0")
        assert proc.returncode == 0, proc.stderr


def test_construct_prints_ntriples(loaded_virtuoso: VirtuosoServer) -> None:
    """A CONSTRUCT to Virtuoso prints N-Triples that parse (Virtuoso's own JSON for graphs is not asked for)."""
    proc = run_cli("query", "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } " + OURS + " } LIMIT 20",
                   "--endpoint", f"{loaded_virtuoso.base}/sparql")
    assert proc.returncode == 0, proc.stderr
    assert len(list(ox.parse(proc.stdout, format=ox.RdfFormat.N_TRIPLES))) == 20


def triples_of(data: bytes, rdf_format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=rdf_format)]


def sent_graphs() -> dict[str, list[ox.Triple]]:
    """The article graphs newsld sends for the fixtures: its own reading of the files."""
    from newsld.store import LoadReport, iter_graphs

    return {g.graph: [ox.Triple(*t) for t in g.triples] for g in iter_graphs([str(VALID)], LoadReport())}


def test_newsld_graphs_read_back_with_the_same_values(path_loaded_virtuoso: VirtuosoServer) -> None:
    """Every triple of every fixture article comes back from Virtuoso with the value and datatype it was sent with,
    through either write path (booleans and offsets 0/1 share every request)."""
    for graph, sent in sent_graphs().items():
        proc = run_cli("query", f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                       "--endpoint", f"{path_loaded_virtuoso.base}/sparql")
        assert proc.returncode == 0, proc.stderr
        back = triples_of(proc.stdout)
        verdicts = compare(sent, back)
        assert len(back) == len(sent) > 100
        assert set(verdicts.values()) <= {"exact", "same value"}, {k: v for k, v in verdicts.items()
                                                                    if v not in ("exact", "same value")}


@pytest.mark.parametrize("path", ["graph-store", "update"])
def test_value_fidelity_is_as_documented(virtuoso: VirtuosoServer, tmp_path: Path, path: str) -> None:
    """What Virtuoso keeps of each kind of value, read back through newsld query, is what the README says."""
    graph = f"http://fidelity.test/virtuoso-{path}"
    source = tmp_path / "values.ttl"
    source.write_text(article_turtle(graph, CASES), encoding="utf-8")
    extra = ["--update-endpoint", update(virtuoso)] if path == "update" else []
    proc = run_cli("load", str(source), "--no-validate", "--endpoint", crud(virtuoso), *extra, env=DBA)
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("query", f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                   "--endpoint", f"{virtuoso.base}/sparql")
    back, sent = triples_of(proc.stdout), triples_of(source.read_bytes(), ox.RdfFormat.TURTLE)
    verdicts = compare(sent, back, by_predicate=True)
    assert verdicts == EXPECTED["virtuoso", path]


def test_wrong_password_says_which_auth_the_server_asked_for(virtuoso: VirtuosoServer) -> None:
    """A refused password: exit 5, the server's Digest challenge named, the password never shown."""
    proc = run_cli("load", str(VALID / "harbour-budget.jsonld"), "--endpoint", crud(virtuoso),
                   env={"NEWSLD_USER": "dba", "NEWSLD_PASSWORD": "not-the-password"})
    _, err = decoded(proc)
    assert proc.returncode == 5, err
    assert "HTTP 401" in err and 'Digest realm="SPARQL"' in err and "did not accept" in err
    assert "not-the-password" not in err and "Traceback" not in err


def test_missing_credentials_say_what_to_set(virtuoso: VirtuosoServer, tmp_path: Path) -> None:
    """No credentials for a Digest endpoint: the message names the challenge and the variables to set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSLD_")}
    env["NEWSLD_NETRC"] = str(tmp_path / "none")
    proc = subprocess.run([sys.executable, "-m", "newsld", "load", str(VALID / "harbour-budget.jsonld"),
                           "--endpoint", crud(virtuoso), "--update-endpoint", update(virtuoso)],
                          capture_output=True, env=env, timeout=120, check=False)
    _, err = decoded(proc)
    assert proc.returncode == 5
    assert 'Digest realm="SPARQL"' in err and "NEWSLD_USER and NEWSLD_PASSWORD" in err


@pytest.mark.parametrize("path", ["graph-store", "update"])
def test_missing_grant_names_the_reason_and_the_grant(virtuoso: VirtuosoServer, path: str) -> None:
    """An account without SPARQL_UPDATE: Virtuoso's own reason (deep in its HTML or text body) and the GRANT."""
    extra = ["--update-endpoint", update(virtuoso)] if path == "update" else []
    started = time.monotonic()
    proc = run_cli("load", str(VALID / "harbour-budget.jsonld"), "--endpoint", crud(virtuoso), *extra,
                   env={"NEWSLD_USER": "reader", "NEWSLD_PASSWORD": "reader-pass-7"})
    _, err = decoded(proc)
    assert proc.returncode == 5, err
    assert "SECURITY" in err and ("SQ110" in err or "SR186" in err), err
    assert 'GRANT SPARQL_UPDATE TO "reader"' in err
    assert "<!DOCTYPE" not in err and "reader-pass-7" not in err
    assert time.monotonic() - started < 30  # a refusal is the server's answer: not retried with backoff


def test_a_granted_account_can_load(virtuoso: VirtuosoServer) -> None:
    """The README's grant is enough: an account given SPARQL_UPDATE loads through both endpoints."""
    virtuoso.sql("DB.DBA.USER_CREATE('loader', 'loader-pass-9'); GRANT SPARQL_UPDATE TO \"loader\";")
    env = {"NEWSLD_USER": "loader", "NEWSLD_PASSWORD": "loader-pass-9"}
    for extra in ([], ["--update-endpoint", update(virtuoso)]):
        proc = run_cli("load", str(VALID / "harbour-budget.jsonld"), "--endpoint", crud(virtuoso), *extra, env=env)
        assert proc.returncode == 0, proc.stderr
