"""Pipes, files and results: standard input and output, JSON lines, file modes, SPARQL result formats."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import FIXTURES, decoded, run_cli

VALID = FIXTURES / "valid"
DOCUMENTS = sorted(VALID.glob("*.jsonld"))
STORY = ("Mayor Ana Lopez said on Monday that the council would close 40 roads for repairs. The works will cost "
         "about $2 million, the city's finance office said.\n")


# ---------------------------------------------------------------- standard output and input

def test_jsonld_on_stdout_is_json_lines_that_validate_reads_back() -> None:
    """`convert ... -o - --to jsonld` writes one compact document per line; `validate -` reads them all back."""
    proc = run_cli("convert", *map(str, DOCUMENTS), "-o", "-", "--to", "jsonld", "-q")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode("utf-8").splitlines()
    assert len(lines) == len(DOCUMENTS)
    docs = [json.loads(line) for line in lines]
    assert [d["id"] for d in docs] == [json.loads(p.read_text(encoding="utf-8"))["id"] for p in DOCUMENTS]
    for told in ([], ["--stdin-format", "jsonl"], ["--stdin-format", "ndjson"]):
        back = run_cli("validate", *told, "-", stdin=proc.stdout)
        out, err = decoded(back)
        assert back.returncode == 0 and f"{len(DOCUMENTS)} document(s)" in out, out + err


def test_stdin_json_is_told_apart_from_json_lines() -> None:
    """validate - tells one (pretty-printed or one-line) JSON document from JSON lines, and RDF from JSON."""
    pretty = DOCUMENTS[0].read_bytes()
    one_line = json.dumps(json.loads(pretty)).encode()
    for data, documents in ((pretty, 1), (one_line, 1), (one_line + b"\n", 1), (one_line + b"\n" + one_line, 2)):
        proc = run_cli("validate", "-", stdin=data)
        out, err = decoded(proc)
        assert proc.returncode == 0 and f"{documents} document(s)" in out, out + err
    for rdf in (VALID / "kursk-deployment.ttl", VALID / "harbour-budget.nq"):
        proc = run_cli("validate", "-", stdin=rdf.read_bytes())
        out, err = decoded(proc)
        assert proc.returncode == 0 and "1 document(s)" in out, (rdf, out + err)


def test_convert_reads_an_article_from_stdin_with_metadata(tmp_path: Path) -> None:
    """`convert -` reads a plain-text article from standard input; --headline and --date apply to it."""
    proc = run_cli("convert", "-", "-o", "-", "--to", "jsonld", "--headline", "Roads to close", "--date",
                   "2025-03-03", "-q", stdin=STORY.encode())
    assert proc.returncode == 0, proc.stderr
    (line,) = proc.stdout.decode("utf-8").splitlines()
    doc = json.loads(line)
    assert doc["articleBody"] == STORY and doc["headline"] == "Roads to close" and doc["datePublished"] == "2025-03-03"
    assert doc["derivedFrom"]["location"] == "stdin.txt" and doc["derivedFrom"]["encodingFormat"] == "text/plain"
    assert run_cli("validate", "--stdin-format", "jsonl", "-", stdin=proc.stdout).returncode == 0


def test_convert_stdin_format_reads_markdown_and_json(tmp_path: Path) -> None:
    """--stdin-format md reads front matter from standard input, ndjson one article a line, and jsonld converts
    a newsld document without NLP."""
    markdown = f"---\nheadline: Roads to close\ndate: 2025-03-03\n---\n\n{STORY}"
    proc = run_cli("convert", "-", "--stdin-format", "md", "-o", str(tmp_path / "md"), "--to", "jsonld", "-q",
                   stdin=markdown.encode())
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "md" / "stdin.jsonld").read_text(encoding="utf-8"))
    assert doc["headline"] == "Roads to close" and doc["derivedFrom"]["encodingFormat"] == "text/markdown"
    lines = "".join(json.dumps({"text": STORY, "headline": f"Story {n}"}) + "\n" for n in (1, 2))
    proc = run_cli("convert", "-", "--stdin-format", "ndjson", "-o", str(tmp_path / "lines"), "--to", "jsonld", "-q",
                   stdin=lines.encode())
    assert proc.returncode == 0, proc.stderr
    assert [json.loads((tmp_path / "lines" / "stdin" / f"{n}.jsonld").read_text(encoding="utf-8"))["headline"]
            for n in (1, 2)] == ["Story 1", "Story 2"]
    proc = run_cli("convert", "-", "--stdin-format", "json-ld", "-o", str(tmp_path / "ld"), "--to", "nt", "-q",
                   stdin=DOCUMENTS[0].read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "ld" / "stdin.nt").read_bytes().count(b"\n") > 100


def test_bad_stdin_is_one_error_naming_it(tmp_path: Path) -> None:
    """Empty or binary standard input is one error line that names <stdin>, exit 3; other inputs still convert."""
    proc = run_cli("convert", "-", str(DOCUMENTS[0]), "-o", str(tmp_path / "o"), "--to", "jsonld", stdin=b"")
    _, err = decoded(proc)
    assert proc.returncode == 3 and "newsld: error: <stdin>: is empty" in err
    assert (tmp_path / "o" / f"{DOCUMENTS[0].stem}.jsonld").exists()


# ---------------------------------------------------------------- file modes

@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_output_files_get_the_umask_mode(tmp_path: Path, umask: int, mode: int) -> None:
    """Files newsld writes have the mode any program's would: 0666 less the umask (not always 0600)."""
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "newsld", "convert", *map(str, DOCUMENTS), "-o", str(out), "-q"],
                          capture_output=True, check=False, preexec_fn=lambda: os.umask(umask), timeout=120)
    assert proc.returncode == 0, proc.stderr
    written = [p for p in out.rglob("*") if p.is_file()]
    assert len(written) == 2 * len(DOCUMENTS) + 1  # JSON-LD and Turtle of each, and the manifest
    assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {mode}
    assert not [p for p in out.rglob(".*.tmp")]


def test_umask_is_read_without_changing_it() -> None:
    """Reading the umask leaves it as it was (other threads never see it changed)."""
    code = ("import os\nos.umask(0o027)\nfrom newsld.convert import current_umask\n"
            "print(oct(current_umask()), oct(os.umask(0o027)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, timeout=60).stdout
    assert out.decode().split() == ["0o27", "0o27"]


# ---------------------------------------------------------------- SPARQL results

@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    location = tmp_path_factory.mktemp("cli-io") / "store"
    assert run_cli("load", str(VALID), "--store", str(location), "-q").returncode == 0
    return location


SELECT = ("SELECT ?actor ?name ?lang ?count WHERE { GRAPH ?g { ?actor a <https://w3id.org/newsld/vocab#Person> ; "
          "<https://schema.org/name> ?name . BIND(STRLANG(?name, 'en') AS ?lang) "
          "BIND(STRLEN(?name) AS ?count) OPTIONAL { ?actor <http://example.org/none> ?missing } } } "
          "ORDER BY ?name LIMIT 3")


def test_json_results_follow_the_sparql_1_1_format(store: Path) -> None:
    """--format json is SPARQL 1.1 Query Results JSON: head.vars, bindings of typed terms, unbound left out."""
    result = json.loads(run_cli("query", SELECT, "--store", str(store), "-f", "json").stdout)
    assert result["head"] == {"vars": ["actor", "name", "lang", "count"]}
    bindings = result["results"]["bindings"]
    assert len(bindings) == 3
    for b in bindings:
        assert set(b) == {"actor", "name", "lang", "count"}
        assert b["actor"]["type"] == "uri" and b["actor"]["value"].startswith("https://")
        assert b["name"] == {"type": "literal", "value": b["name"]["value"]}  # xsd:string: no datatype written
        assert b["lang"] == {"type": "literal", "value": b["name"]["value"], "xml:lang": "en"}
        assert b["count"] == {"type": "literal", "value": str(len(b["name"]["value"])),
                              "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    parsed = list(ox.parse_query_results(json.dumps(result).encode(), format=ox.QueryResultsFormat.JSON))
    direct = list(ox.Store.read_only(str(store)).query(SELECT))
    assert [[str(s[v]) for v in ("actor", "name", "lang", "count")] for s in parsed] == \
        [[str(s[v]) for v in ("actor", "name", "lang", "count")] for s in direct]


def test_tsv_and_csv_results_follow_the_sparql_1_1_formats(store: Path) -> None:
    """--format tsv writes ?vars and terms in Turtle form; csv plain values with CRLF; both the store's answers."""
    tsv = run_cli("query", SELECT, "--store", str(store), "-f", "tsv").stdout
    lines = tsv.decode("utf-8").splitlines()
    assert lines[0] == "?actor\t?name\t?lang\t?count"
    assert all(len(line.split("\t")) == 4 for line in lines[1:]) and lines[1].split("\t")[2].endswith('"@en')
    parsed = list(ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV))
    direct = list(ox.Store.read_only(str(store)).query(SELECT))
    assert [str(s["lang"]) for s in parsed] == [str(s["lang"]) for s in direct]
    csv = run_cli("query", SELECT, "--store", str(store), "-f", "csv").stdout
    assert csv.startswith(b"actor,name,lang,count\r\n") and csv.count(b"\r\n") == 4


def test_ask_results(store: Path) -> None:
    """ASK gives {"head": {}, "boolean": ...} in JSON, and true/false otherwise."""
    ask = "ASK { GRAPH ?g { ?s a <https://w3id.org/newsld/vocab#Claim> } }"
    assert json.loads(run_cli("query", ask, "--store", str(store), "-f", "json").stdout) == \
        {"head": {}, "boolean": True}
    assert run_cli("query", ask, "--store", str(store), "-f", "tsv").stdout.strip() == b"true"


@pytest.mark.parametrize(("name", "syntax"), [("ntriples", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE),
                                              ("nquads", ox.RdfFormat.N_QUADS), ("rdfxml", ox.RdfFormat.RDF_XML),
                                              ("jsonld", ox.RdfFormat.JSON_LD)])
def test_construct_results_in_every_rdf_syntax(store: Path, name: str, syntax: ox.RdfFormat) -> None:
    """CONSTRUCT prints N-Triples by default, or the syntax asked for; each parses to the same graph."""
    construct = ("CONSTRUCT { ?c <https://schema.org/text> ?t } WHERE { GRAPH ?g { ?c a "
                 "<https://w3id.org/newsld/vocab#Claim> ; <https://schema.org/text> ?t } }")
    default = run_cli("query", construct, "--store", str(store)).stdout
    expected = {str(t) for t in ox.parse(default, format=ox.RdfFormat.N_TRIPLES)}
    assert len(expected) > 5
    proc = run_cli("query", construct, "--store", str(store), "--format", name)
    assert proc.returncode == 0, proc.stderr
    got = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in ox.parse(proc.stdout, format=syntax)}
    assert got == expected


def test_graph_format_for_a_select_is_a_usage_error(store: Path) -> None:
    """--format turtle on a SELECT (or json on a CONSTRUCT) says which formats that query gives: exit 2."""
    proc = run_cli("query", SELECT, "--store", str(store), "--format", "turtle")
    assert proc.returncode == 2 and b"table, csv, tsv, json" in proc.stderr
    proc = run_cli("query", "CONSTRUCT WHERE { ?s ?p ?o }", "--store", str(store), "--format", "csv")
    assert proc.returncode == 2 and b"ntriples, turtle" in proc.stderr


def test_verbose_query_reports_count_and_time(store: Path) -> None:
    """query -v adds one line on standard error: how many rows, from where, how long; stdout stays the results."""
    proc = run_cli("query", SELECT, "--store", str(store), "-f", "json", "-v")
    out, err = decoded(proc)
    assert json.loads(out)["head"]["vars"][0] == "actor"
    assert err.startswith(f"3 row(s) from {store} in ") and err.rstrip().endswith("s")
