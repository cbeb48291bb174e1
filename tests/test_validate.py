"""`newsld validate`: verdicts, messages, exit codes and output formats users wire into CI."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsld.validation import validate_paths
from tests.conftest import FIXTURES, decoded, run_cli

VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_file())
INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_fixture_passes(path: Path) -> None:
    """Every bundled valid document is accepted with no issue at all."""
    report = validate_paths([str(path)])
    assert report.ok, [i.message for i in report.issues] + [str(f) for f in report.failures]
    assert report.documents >= 1


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_fixture_reports_expected_error(case: Path) -> None:
    """Each broken fixture is rejected with the message that names its one broken rule."""
    expected = (case / "expected.txt").read_text(encoding="utf-8").strip()
    inputs = [p for p in case.iterdir() if p.name.startswith("input")]
    report = validate_paths([str(p) for p in inputs])
    assert not report.ok
    messages = [i.message for i in report.issues] + [str(f) for f in report.failures]
    assert any(expected in m for m in messages), messages
    assert len(messages) == 1, f"one broken rule should give one finding: {messages}"


def test_schema_error_points_to_line_column_and_pointer() -> None:
    """A schema error names file:line:col and the JSON pointer of the offending value."""
    out, _ = decoded(run_cli("validate", str(FIXTURES / "invalid" / "unknown-qualifier" / "input.jsonld")))
    line = out.splitlines()[0]
    path, lineno, col = line.split(":")[:3]
    assert path.endswith("input.jsonld") and int(lineno) > 1 and int(col) > 1
    assert "(at /figures/0/qualifier)" in line
    source = (FIXTURES / "invalid" / "unknown-qualifier" / "input.jsonld").read_text(encoding="utf-8")
    assert source.splitlines()[int(lineno) - 1][int(col) - 1:].startswith('"Roughly"')


def test_shacl_error_names_focus_node() -> None:
    """A shape violation names the node that breaks it, so a user can find it in a graph."""
    report = validate_paths([str(FIXTURES / "invalid" / "claimant-not-an-actor" / "input.jsonld")])
    (issue,) = report.issues
    assert issue.stage == "shacl" and issue.focus is not None and issue.focus.endswith("#claim-1>")
    assert issue.pointer == "/claims/0/claimant"


def test_exit_codes_are_documented_values(tmp_path: Path) -> None:
    """Exit 0 for valid, 1 for invalid data, 3 for unreadable input, 2 for a usage error."""
    assert run_cli("validate", str(FIXTURES / "valid")).returncode == 0
    assert run_cli("validate", str(FIXTURES / "invalid" / "bad-hash")).returncode == 1
    assert run_cli("validate", str(FIXTURES / "invalid" / "not-json")).returncode == 3
    assert run_cli("validate", "--format", "yaml", str(FIXTURES / "valid")).returncode == 2
    assert run_cli("validate", str(tmp_path / "missing.jsonld")).returncode == 3


def test_json_format_is_machine_readable() -> None:
    """--format json gives one JSON object with ok, counts and located issues."""
    proc = run_cli("validate", "--format", "json", str(FIXTURES / "invalid" / "bad-date"), str(FIXTURES / "valid"))
    result = json.loads(proc.stdout)
    assert result["ok"] is False and result["files"] == 1 + len(VALID)
    (issue,) = result["issues"]
    assert issue["pointer"] == "/datePublished" and issue["line"] > 0 and issue["stage"] == "schema"


def test_github_format_emits_workflow_annotations() -> None:
    """--format github prints ::error annotations that GitHub shows on the changed lines."""
    out, _ = decoded(run_cli("validate", "--format", "github", str(FIXTURES / "invalid" / "bad-date")))
    first = out.splitlines()[0]
    assert first.startswith("::error file=") and ",line=" in first and "::" in first[8:]


def test_stdin_is_validated() -> None:
    """'-' reads a document from standard input (for pipes in CI)."""
    data = (FIXTURES / "valid" / "kursk-deployment.jsonld").read_bytes()
    assert run_cli("validate", "-", stdin=data).returncode == 0
    ttl = (FIXTURES / "invalid" / "turtle-span-without-start" / "input.ttl").read_bytes()
    proc = run_cli("validate", "--stdin-format", "ttl", "-", stdin=ttl)
    assert proc.returncode == 1 and b"oa:start is required" in proc.stdout


def test_glob_and_directory_inputs(tmp_path: Path) -> None:
    """Directories are searched recursively and globs are expanded, so CI can pass one pattern."""
    report = validate_paths([str(FIXTURES / "valid" / "*.jsonld"), str(FIXTURES / "valid")])
    jsonld = len(list((FIXTURES / "valid").glob("*.jsonld")))
    assert report.ok and report.files == jsonld + len(VALID)
    empty = validate_paths([str(tmp_path / "*.jsonld")])
    assert "matches no files" in str(empty.failures[0])


def test_jsonl_reports_bad_line_and_checks_the_others(tmp_path: Path) -> None:
    """In JSON lines, a broken line is named by number and every other line is still validated."""
    good = (FIXTURES / "valid" / "both-articles.jsonl").read_text(encoding="utf-8").splitlines()
    bad = json.loads(good[1])
    bad["datePublished"] = "yesterday"
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([good[0], "{not json", json.dumps(bad)]) + "\n", encoding="utf-8")
    report = validate_paths([str(path)])
    assert report.documents == 3
    assert [str(f) for f in report.failures] == [f"{path}: line 2: not valid JSON at column 2: "
                                                 "Expecting property name enclosed in double quotes"]
    (issue,) = report.issues
    assert issue.line == 3 and issue.pointer == "/datePublished"


def test_rdf_xml_is_validated(tmp_path: Path) -> None:
    """RDF/XML without entity declarations is read and checked like Turtle."""
    path = tmp_path / "claim.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:nld="https://w3id.org/newsld/vocab#"><nld:Claim rdf:about="http://example.org/c1"/></rdf:RDF>\n',
        encoding="utf-8")
    report = validate_paths([str(path)])
    messages = {i.message for i in report.issues}
    assert {"schema:text is required", "nld:isQuotation is required", "nld:evidence is required"} <= messages
    assert any("schema:Claim" in m for m in messages)  # 1.0 data states its schema.org class


# ---------------------------------------------------------------- bad input

BAD_INPUTS = {
    "invalid-utf8": (b'{"a": "caf\xe9"}', "not valid UTF-8 at byte 10 (0xe9)"),
    "bom": (b'\xef\xbb\xbf{"a": 1}', "byte order mark"),
    "lone-surrogate": (b'{"id": "\\ud800 alone"}', "lone surrogate \\ud800"),
    "huge-number": (b'{"value": ' + b"9" * 5000 + b"}", "more digits than newsld accepts"),
    "huge-float": (b'{"value": 1' + b"0" * 400 + b".5}", "too large for a double"),
    "deep-nesting": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "nan": (b'{"value": NaN}', "NaN is not JSON"),
    "empty": (b"", "not valid JSON at line 1 column 1"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_json_input_gets_one_line_error_and_others_still_validated(tmp_path: Path, name: str) -> None:
    """Hostile or broken JSON gives one clear line naming the file; the valid file beside it still passes."""
    data, expected = BAD_INPUTS[name]
    bad = tmp_path / f"{name}.jsonld"
    bad.write_bytes(data)
    proc = run_cli("validate", str(bad), str(FIXTURES / "valid" / "kursk-deployment.jsonld"))
    out, err = decoded(proc)
    assert proc.returncode == 3
    assert "Traceback" not in out + err
    error_lines = [line for line in out.splitlines() if str(bad) in line]
    assert len(error_lines) == 1 and expected in error_lines[0], out
    assert "2 file(s), 1 document(s), 0 error(s), 1 unreadable" in out


def test_rdf_xml_entities_are_refused(tmp_path: Path) -> None:
    """RDF/XML with entity declarations (billion laughs) is refused before parsing."""
    path = tmp_path / "laughs.rdf"
    path.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;">]>'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', encoding="utf-8")
    report = validate_paths([str(path)])
    assert "entity declarations is refused" in str(report.failures[0])


def test_broken_turtle_names_position(tmp_path: Path) -> None:
    """A Turtle syntax error says where in the file it is: file:line:col, as the parser gives them."""
    path = tmp_path / "broken.ttl"
    path.write_text('@prefix nld: <https://w3id.org/newsld/vocab#> .\n<http://x/a> nld:cue "open .\n')
    report = validate_paths([str(path)])
    (failure,) = report.failures
    assert (failure.line, failure.column) == (2, 22) and failure.problem == "not valid Turtle: Unexpected end of file"
    out, _ = decoded(run_cli("validate", str(path)))
    assert out.startswith(f"{path}:2:22: error: not valid Turtle")


def test_unknown_extension_and_directory_without_data(tmp_path: Path) -> None:
    """A file newsld cannot read and an empty directory are reported, not skipped silently."""
    (tmp_path / "notes.docx").write_bytes(b"PK")
    (tmp_path / "empty").mkdir()
    report = validate_paths([str(tmp_path / "notes.docx"), str(tmp_path / "empty")])
    problems = sorted(str(f) for f in report.failures)
    assert "unknown extension '.docx'" in problems[1] and "holds no files" in problems[0]


def test_remote_context_refused_without_opening_a_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    """A remote @context is refused by name, and no socket is ever created."""
    def no_socket(*args: object, **kwargs: object) -> None:
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", no_socket)
    report = validate_paths([str(FIXTURES / "invalid" / "remote-context" / "input.jsonld")])
    assert "remote @context 'http://example.org/context.jsonld' refused" in str(report.failures[0])
    assert report.exit_code == 3


def test_remote_ref_in_extra_schema_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An extra --schema with a remote $ref is refused before any socket is opened."""
    def no_socket(*args: object, **kwargs: object) -> None:
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", no_socket)
    schema = tmp_path / "rules.json"
    schema.write_text(json.dumps({"$ref": "https://example.org/remote.schema.json"}))
    from newsld.errors import NetworkRefused
    with pytest.raises(NetworkRefused, match=r"remote \$ref 'https://example.org/remote.schema.json' refused"):
        validate_paths([str(FIXTURES / "valid")], extra_schema=schema)
    proc = run_cli("validate", "--schema", str(schema), str(FIXTURES / "valid"))
    assert proc.returncode == 3 and b"refused" in proc.stderr and b"Traceback" not in proc.stderr


def test_extra_schema_adds_project_rules(tmp_path: Path) -> None:
    """--schema lets a project require more, e.g. that every article has a headline and a date."""
    schema = tmp_path / "rules.json"
    schema.write_text(json.dumps({"required": ["headline", "publisher"]}))
    report = validate_paths([str(FIXTURES / "valid" / "kursk-deployment.jsonld")], extra_schema=schema)
    assert [i.message for i in report.issues] == ["the article needs 'publisher'"]


def test_validate_never_imports_spacy() -> None:
    """Validating a file in a fresh interpreter does not import spaCy (CI start-up stays fast)."""
    import subprocess
    import sys
    code = ("import sys; from newsld.cli import app\n"
            "try:\n    app(['validate', {!r}])\nexcept SystemExit as e:\n    code = e.code\n"
            "print('SPACY' if 'spacy' in sys.modules else 'CLEAN', code)").format(str(FIXTURES / "valid"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stdout.strip().splitlines()[-1] == "CLEAN 0", proc.stdout + proc.stderr


# ---------------------------------------------------------------- SHACL: verdicts users rely on

TURTLE_PREFIXES = """@prefix nld: <https://w3id.org/newsld/vocab#> .
@prefix schema: <https://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""


def write(path: Path, text: str) -> Path:
    path.write_text(TURTLE_PREFIXES + text if path.suffix == ".ttl" else text, encoding="utf-8")
    return path


def test_figure_without_any_value_is_invalid_in_turtle(tmp_path: Path) -> None:
    """A Turtle nld:Figure with no value, minimum or maximum is rejected (it used to pass)."""
    data = write(tmp_path / "figure.ttl", """
        <http://example.org/f> a nld:Figure, schema:QuantitativeValue ; nld:qualifier nld:Exact ;
            nld:evidence <http://example.org/s> .
        <http://example.org/s> a nld:TextSpan ; oa:start 0 ; oa:end 3 ; oa:exact "abc" .""")
    proc = run_cli("validate", str(data))
    assert proc.returncode == 1 and b"needs at least one of schema:value, schema:minValue" in proc.stdout


@pytest.mark.parametrize("fmt", ["jsonld", "ttl"])
def test_impossible_date_is_invalid(tmp_path: Path, fmt: str) -> None:
    """datePublished "2025-02-30" is not an xsd:date, in JSON-LD and in Turtle."""
    doc = json.loads((FIXTURES / "valid" / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    doc["datePublished"] = "2025-02-30"
    if fmt == "jsonld":
        path = tmp_path / "doc.jsonld"
        path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    else:
        from newsld.rdf import document_triples, serialize
        path = tmp_path / "doc.ttl"
        path.write_bytes(serialize(document_triples(doc), "turtle"))
    report = validate_paths([str(path)])
    (issue,) = report.issues
    assert issue.stage == "shacl" and "2025-02-30" in issue.message and issue.path == "https://schema.org/datePublished"
    if fmt == "jsonld":
        assert issue.pointer == "/datePublished" and issue.line is not None


def test_classes_are_not_inferred_from_the_vocabulary(tmp_path: Path) -> None:
    """An actor typed only nld:Person (no nld:Actor) fails: SHACL uses the data's own types, not newsld.ttl."""
    data = write(tmp_path / "actor.ttl", '<http://example.org/a#person-x> a nld:Person, schema:Person ; '
                 'schema:name "X" .')
    report = validate_paths([str(data)])
    assert any("ClassConstraintComponent" in (i.result.component if i.result else "") for i in report.issues)


def test_two_articles_in_one_nquads_file_are_valid(tmp_path: Path) -> None:
    """Several articles in one N-Quads file (one named graph each) validate, as convert writes them."""
    from newsld.rdf import document_quads
    quads = []
    for name in ("kursk-deployment", "harbour-budget", "kursk-followup"):
        doc = json.loads((FIXTURES / "valid" / f"{name}.jsonld").read_text(encoding="utf-8"))
        quads += document_quads(doc, graph=doc["id"])
    import pyoxigraph as ox
    path = tmp_path / "all.nq"
    path.write_bytes(ox.serialize(quads + quads[:50], format=ox.RdfFormat.N_QUADS))  # some quads twice
    report = validate_paths([str(path)])
    assert report.ok and report.conforms and report.documents == 3, [i.message for i in report.issues]


# ---------------------------------------------------------------- SHACL: a project's own shapes

PROJECT_SHAPES = """ex:PublisherRequired a sh:NodeShape ; sh:targetClass nld:Article ;
    sh:property [ sh:path schema:publisher ; sh:minCount 1 ; sh:message "every article names its publisher" ] .
"""


def test_project_shapes_add_rules(tmp_path: Path) -> None:
    """--shapes adds a project's SHACL rules to newsld's; their sh:message is what users see."""
    shapes = write(tmp_path / "project.ttl", PROJECT_SHAPES)
    proc = run_cli("validate", "--shapes", str(shapes), str(FIXTURES / "valid" / "kursk-deployment.jsonld"),
                   str(FIXTURES / "valid" / "harbour-budget.jsonld"))
    out, _ = decoded(proc)
    assert proc.returncode == 1 and out.count("every article names its publisher") == 1
    assert "kursk-deployment.jsonld" in out


def test_project_shapes_in_json_ld(tmp_path: Path) -> None:
    """A shapes file may be JSON-LD as well as Turtle or N-Triples."""
    shapes = tmp_path / "project.jsonld"
    shapes.write_text(json.dumps({
        "@context": {"sh": "http://www.w3.org/ns/shacl#", "nld": "https://w3id.org/newsld/vocab#",
                     "schema": "https://schema.org/"},
        "@id": "http://example.org/PublisherRequired", "@type": "sh:NodeShape",
        "sh:targetClass": {"@id": "nld:Article"},
        "sh:property": {"sh:path": {"@id": "schema:publisher"}, "sh:minCount": 1}}), encoding="utf-8")
    report = validate_paths([str(FIXTURES / "valid" / "kursk-deployment.jsonld")], shapes=[shapes])
    assert [i.message for i in report.issues] == ["schema:publisher is required"]


def test_general_shacl_validator_without_bundled_shapes(tmp_path: Path) -> None:
    """--no-bundled-shapes checks any RDF against the given shapes only (newsld's rules are off)."""
    shapes = write(tmp_path / "shapes.ttl", """ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
        sh:property [ sh:path ex:age ; sh:datatype xsd:integer ; sh:maxCount 1 ] .""")
    good = write(tmp_path / "good.ttl", "ex:ann a ex:Person ; ex:age 41 .")
    bad = write(tmp_path / "bad.ttl", 'ex:bob a ex:Person ; ex:age "forty" .')
    assert run_cli("validate", "--shapes", str(shapes), "--no-bundled-shapes", str(good)).returncode == 0
    proc = run_cli("validate", "--shapes", str(shapes), "--no-bundled-shapes", str(bad))
    assert proc.returncode == 1 and b"<http://example.org/age> must be a xsd:integer" in proc.stdout
    # newsld's own rules are off: a broken newsld document passes shapes that say nothing about it
    broken = FIXTURES / "invalid" / "claimant-not-an-actor" / "input.jsonld"
    assert run_cli("validate", "--shapes", str(shapes), "--no-bundled-shapes", str(broken)).returncode == 0
    assert run_cli("validate", "--no-bundled-shapes", str(good)).returncode == 2


def test_unsupported_shacl_in_project_shapes_exits_2(tmp_path: Path) -> None:
    """A shapes file using SHACL-SPARQL stops the run with exit 2 and names the term."""
    shapes = write(tmp_path / "sparql.ttl", 'ex:S a sh:NodeShape ; sh:targetClass nld:Article ; '
                   'sh:sparql [ sh:select "SELECT $this WHERE { }" ] .')
    proc = run_cli("validate", "--shapes", str(shapes), str(FIXTURES / "valid"))
    out, err = decoded(proc)
    assert proc.returncode == 2 and "sh:sparql" in err and "SHACL-SPARQL" in err and out == ""


@pytest.mark.parametrize(("text", "expected"), [
    ("ex:S sh:targetClass nld:Article ; sh:property [ sh:path schema:name ; sh:maxCount -1 ] .", "negative"),
    ("ex:S sh:targetClass nld:Article ; sh:property [ sh:path schema:name ; sh:maxCount 1 .", "not a readable"),
])
def test_broken_project_shapes_exit_2(tmp_path: Path, text: str, expected: str) -> None:
    """An ill-formed or unparsable shapes file is a usage error naming the file, before anything is validated."""
    shapes = write(tmp_path / "broken.ttl", text)
    proc = run_cli("validate", "--shapes", str(shapes), str(FIXTURES / "valid"))
    _, err = decoded(proc)
    assert proc.returncode == 2 and str(shapes) in err and expected in err


def test_schema_option_is_json_schema_only(tmp_path: Path) -> None:
    """--schema given SHACL, or only RDF inputs, or no bundled checks, is a usage error that says what to use."""
    shapes = write(tmp_path / "project.ttl", PROJECT_SHAPES)
    as_jsonld = tmp_path / "shapes.json"
    as_jsonld.write_text(json.dumps({"@context": {"sh": "http://www.w3.org/ns/shacl#"}, "@type": "sh:NodeShape"}))
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"required": ["headline"]}))
    for args in (["--schema", str(shapes), str(FIXTURES / "valid")],
                 ["--schema", str(as_jsonld), str(FIXTURES / "valid")],
                 ["--schema", str(rules), str(FIXTURES / "valid" / "kursk-deployment.ttl")],
                 ["--schema", str(rules), "--shapes", str(shapes), "--no-bundled-shapes", str(FIXTURES / "valid")]):
        proc = run_cli("validate", *args)
        _, err = decoded(proc)
        assert proc.returncode == 2 and "--shapes" in err, (args, err)


# ---------------------------------------------------------------- SHACL: severities and reports

# a shape's severity is its own: a node shape's sh:severity does not reach its property shapes
WARNING_SHAPES = """ex:PublisherWanted a sh:NodeShape ; sh:targetClass nld:Article ;
    sh:property [ sh:path schema:publisher ; sh:minCount 1 ; sh:severity sh:Warning ] .
ex:LanguageNoted a sh:NodeShape ; sh:targetClass nld:Article ;
    sh:property [ sh:path schema:inLanguage ; sh:hasValue "fr" ; sh:severity sh:Info ] .
"""


def test_warnings_and_infos_pass_unless_fail_on_says_otherwise(tmp_path: Path) -> None:
    """sh:Warning and sh:Info results are reported but exit 0, unless --fail-on warning or info."""
    shapes = write(tmp_path / "soft.ttl", WARNING_SHAPES)
    doc = str(FIXTURES / "valid" / "kursk-deployment.jsonld")
    proc = run_cli("validate", "--shapes", str(shapes), doc)
    out, _ = decoded(proc)
    assert proc.returncode == 0 and ": warning: " in out and ": info: " in out
    assert "0 error(s), 1 warning(s), 1 info(s)" in out
    assert run_cli("validate", "--shapes", str(shapes), "--fail-on", "warning", doc).returncode == 1
    assert run_cli("validate", "--shapes", str(shapes), "--fail-on", "info", doc).returncode == 1
    only_info = write(tmp_path / "info.ttl", WARNING_SHAPES.split("\n", 2)[2])
    assert run_cli("validate", "--shapes", str(only_info), "--fail-on", "warning", doc).returncode == 0
    result = json.loads(run_cli("validate", "--format", "json", "--shapes", str(shapes), doc).stdout)
    assert result["ok"] is True and result["conforms"] is False
    assert sorted(i["severity"] for i in result["issues"]) == ["info", "warning"]


def test_shacl_format_is_a_w3c_validation_report(tmp_path: Path) -> None:
    """--format shacl prints an sh:ValidationReport in Turtle with one result per finding, as pySHACL does."""
    import pyoxigraph as ox
    sh = "http://www.w3.org/ns/shacl#"
    proc = run_cli("validate", "--format", "shacl", str(FIXTURES / "invalid" / "claimant-not-an-actor"),
                   str(FIXTURES / "invalid" / "turtle-span-without-start" / "input.ttl"))
    assert proc.returncode == 1
    store = ox.Store()
    store.load(proc.stdout, format=ox.RdfFormat.TURTLE)
    rows = list(store.query(f"""PREFIX sh: <{sh}>
        SELECT ?conforms ?focus ?path ?severity ?component ?shape ?message WHERE {{
          ?report a sh:ValidationReport ; sh:conforms ?conforms ; sh:result ?r .
          ?r a sh:ValidationResult ; sh:focusNode ?focus ; sh:resultSeverity ?severity ;
             sh:sourceConstraintComponent ?component ; sh:sourceShape ?shape ; sh:resultMessage ?message .
          OPTIONAL {{ ?r sh:resultPath ?path }} }}"""))
    assert {r["conforms"].value for r in rows} == {"false"}
    assert {r["component"].value for r in rows} == {sh + "ClassConstraintComponent", sh + "MinCountConstraintComponent"}
    assert {r["path"].value for r in rows} == {"https://w3id.org/newsld/vocab#claimant", "http://www.w3.org/ns/oa#start"}
    valid = run_cli("validate", "--format", "shacl", str(FIXTURES / "valid" / "kursk-deployment.ttl"))
    assert valid.returncode == 0 and b"sh:conforms true" in valid.stdout and b"sh:result " not in valid.stdout


# ---------------------------------------------------------------- many articles in one file

def varied(count: int) -> list[dict[str, object]]:
    """`count` distinct valid articles: the valid fixtures under new article IRIs, figures varied."""
    templates = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / "valid").glob("*.jsonld"))]
    docs = []
    for i in range(count):
        template = templates[i % len(templates)]
        doc = json.loads(json.dumps(template).replace(template["id"], f"{template['id'][:-6]}{i:06x}"))
        for figure in doc.get("figures", []):
            if isinstance(figure.get("value"), str) and figure["value"].isdigit():
                figure["value"] = str(int(figure["value"]) + i % 7)
        docs.append(doc)
    return docs


def write_many(docs: list[dict[str, object]], fmt: str, path: Path, quads: list[object] | None = None) -> Path:
    import pyoxigraph as ox

    from newsld.rdf import document_quads
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
        return path
    if quads is None:
        quads = [q for d in docs for q in document_quads(d, graph=str(d["id"]))]
    if fmt == "store-dump":  # what a newsld store gives back: Oxigraph's own encoding of every literal
        store = ox.Store()
        store.extend(quads)
        path.write_bytes(store.dump(format=ox.RdfFormat.N_QUADS) or b"")
    elif fmt == "nt":
        path.write_bytes(ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b"")
    else:
        path.write_bytes(ox.serialize(quads, format={"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[fmt])
                         or b"")
    return path


@pytest.fixture(scope="module")
def thousand() -> tuple[list[dict[str, object]], list[object]]:
    """1,000 varied articles and their quads (one named graph each), made once for the tests below."""
    from newsld.rdf import document_quads
    docs = varied(1000)
    return docs, [q for d in docs for q in document_quads(d, graph=str(d["id"]))]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "nq", "trig", "nt", "store-dump"])
def test_a_thousand_articles_in_one_file_are_valid(tmp_path: Path, fmt: str,
                                                   thousand: tuple[list[dict[str, object]], list[object]]) -> None:
    """1,000 valid articles in one JSON lines, N-Quads, TriG or N-Triples file, or a store dump, pass."""
    suffix = {"store-dump": "nq"}.get(fmt, fmt)
    path = write_many(thousand[0], fmt, tmp_path / f"articles.{suffix}", thousand[1])
    report = validate_paths([str(path)])
    assert report.ok and report.conforms, [i.message for i in report.issues[:5]] + [str(f) for f in report.failures]
    assert report.documents == 1000


@pytest.mark.slow
def test_one_broken_article_among_a_thousand_is_named(tmp_path: Path) -> None:
    """Among 1,000 articles in one N-Quads file, the one broken span and the one claim without text are found."""
    docs = varied(1000)
    claims = [d for d in docs if d.get("claims")]
    wrong_span, no_text = claims[400], claims[700]
    wrong_span["claims"][0]["evidence"]["exact"] = "words the article never says"  # type: ignore[index]
    del no_text["claims"][0]["content"]  # type: ignore[index]
    report = validate_paths([str(write_many(docs, "nq", tmp_path / "articles.nq"))])
    found = sorted((i.stage, i.focus) for i in report.issues)
    assert found == sorted([("text", f"<{wrong_span['claims'][0]['id']}>"),  # type: ignore[index]
                            ("shacl", f"<{no_text['claims'][0]['id']}>")])  # type: ignore[index]


def test_spans_are_checked_against_their_own_article(tmp_path: Path) -> None:
    """In a file of several articles, a span is checked against the text of the article it belongs to."""
    kursk, harbour = (json.loads((FIXTURES / "valid" / f"{n}.jsonld").read_text(encoding="utf-8"))
                      for n in ("kursk-deployment", "harbour-budget"))
    evidence = kursk["claims"][0]["evidence"]
    # a span that quotes the other article's text at the same offsets is wrong for this one
    evidence["exact"] = harbour["articleBody"][evidence["start"]:evidence["end"]]
    report = validate_paths([str(write_many([kursk, harbour], "nq", tmp_path / "two.nq"))])
    (issue,) = report.issues
    assert issue.stage == "text" and issue.focus == f"<{kursk['claims'][0]['id']}>"


# ---------------------------------------------------------------- one JSON-LD processor

def pyld_ntriples(doc: dict[str, object]) -> set[object]:
    """The triples pyld (the JSON-LD reference implementation) reads, offline (no blank nodes in these)."""
    import pyoxigraph as ox
    from pyld import jsonld

    from newsld.rdf.loader import document_loader
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": document_loader})
    return {q.triple for q in ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)}


def newsld_ntriples(doc: dict[str, object]) -> set[object]:
    import pyoxigraph as ox

    from newsld.rdf import document_triples
    return {ox.Triple(s, p, o) for s, p, o in document_triples(doc)}


@pytest.mark.parametrize("path", sorted((FIXTURES / "valid").glob("*.jsonld")), ids=lambda p: p.name)
def test_validated_graph_is_the_graph_pyld_reads(path: Path) -> None:
    """The graph newsld validates (and convert and load write) is the one the reference JSON-LD processor reads."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    ours = newsld_ntriples(doc)
    assert len(ours) > 100 and ours == pyld_ntriples(doc)


def _same_double_digits(x: float) -> bool:
    """Numbers both processors write alike. pyld writes a double with 16 significant digits
    ("%1.15E": 0.0099 is 9.900000000000001E-3), pyoxigraph with the fewest digits that read back
    as the same number (both valid xsd:double forms); and pyoxigraph writes a whole number in
    exponent notation below 1e21 (1e+20) in double form where JSON-LD says integer. The newsld
    schemas require decimals as strings, so neither reaches the SHACL stage of newsld data."""
    from decimal import Decimal
    if x % 1 == 0 and abs(x) < 1e21:
        return abs(x) < 1e16  # Python writes 1e16 and above with an exponent
    pyld = f"{x:1.15E}".partition("E")[0].replace(".", "").replace("-", "").rstrip("0")
    shortest = format(Decimal(repr(x)), "E").partition("E")[0].replace(".", "").replace("-", "").rstrip("0")
    return pyld == shortest


# Numbers of any magnitude with up to 15 significant digits (beyond that pyld keeps 16 digits of
# the double and pyoxigraph the JSON text's own digits)
JSON_VALUES = st.one_of(
    st.integers(min_value=-(2**53), max_value=2**53),
    st.builds(lambda m, e: float(f"{m}e{e}"), st.integers(-(10**15) + 1, 10**15 - 1),
              st.integers(-30, 30)).filter(_same_double_digits),
    st.sampled_from([1e21, 1e22, 10**21, 10**25, 1.5, -0.0, 2.5e30]),
    st.text(max_size=8),
    st.booleans(),
)
IRI_VALUES = st.sampled_from(["schema:x", "nld:okafor", "xsd:date", "oa:start", "https://example.org/a b",
                              "https://example.org/plain", "urn:isbn:123", "mailto:desk@example.org"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(url=IRI_VALUES, claimant=IRI_VALUES, value=JSON_VALUES, confidence=JSON_VALUES, name=st.text(min_size=1))
def test_generated_documents_give_the_reference_graph(url: str, claimant: str, value: object, confidence: object,
                                                      name: str) -> None:
    """Compact IRIs as values, numbers of any size and odd strings give the reference processor's graph."""
    doc = json.loads((FIXTURES / "valid" / "harbour-budget.jsonld").read_text(encoding="utf-8"))
    doc["url"] = url
    doc["claims"][0]["claimant"] = claimant
    doc["figures"][0]["value"] = value
    doc["actors"][0]["confidence"] = confidence
    doc["actors"][0]["name"] = name
    try:
        ours = newsld_ntriples(doc)
    except ValueError:  # the processor refused an IRI; pyld must not produce a graph either
        with pytest.raises(Exception):  # noqa: B017  (pyld raises its own error types)
            pyld_ntriples(doc)
        return
    assert ours == pyld_ntriples(doc)


def test_validate_checks_the_graph_load_stores(tmp_path: Path) -> None:
    """What load stores is what validate checked; Oxigraph only rewrites offsets as xsd:integer, same values."""
    import pyoxigraph as ox

    from newsld.rdf import document_quads
    from newsld.store import open_target
    for path in sorted((FIXTURES / "valid").glob("*.jsonld")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        target = open_target(store=tmp_path / path.stem)
        target.load_documents([doc])
        target.close()
        stored = set(ox.Store.read_only(str(tmp_path / path.stem)).quads_for_pattern(None, None, None, None))
        validated = set(document_quads(doc, graph=doc["id"]))

        def canonical(q: ox.Quad) -> ox.Quad:
            o = q.object
            if isinstance(o, ox.Literal) and o.datatype.value.endswith("#nonNegativeInteger"):
                o = ox.Literal(o.value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
            return ox.Quad(q.subject, q.predicate, o, q.graph_name)

        assert len(validated) > 50 and {canonical(q) for q in validated} == stored, path.name


def test_findings_about_nodes_without_ids_keep_their_pointer() -> None:
    """In hand-written JSON-LD, a node without an id (a blank node) is still traced to its JSON pointer."""
    from newsld.validation.validate import Validator
    doc = json.loads((FIXTURES / "valid" / "kursk-deployment.jsonld").read_text(encoding="utf-8"))
    span = doc["claims"][1]["evidence"]
    del span["id"]
    del span["exact"]
    found = Validator().shape_stage(doc)
    assert [(stage, pointer) for stage, _, pointer, _, _ in found] == [("shacl", "/claims/1/evidence")]
    assert found[0][3].startswith("_:")


def test_protected_context_terms_cannot_be_redefined() -> None:
    """The JSON-LD processor keeps the context's @protected terms: a document redefining one is refused."""
    from newsld.rdf import JsonLdError, parse_document
    from newsld.resources import CONTEXT_URL
    doc = {"@context": [CONTEXT_URL, {"name": "http://example.org/not-a-name"}], "id": "http://example.org/a",
           "name": "A"}
    with pytest.raises(JsonLdError, match="protected"):
        parse_document(doc)


def test_unknown_stdin_format_is_a_usage_error() -> None:
    """--stdin-format names one of the formats newsld reads; anything else is exit 2."""
    proc = run_cli("validate", "--stdin-format", "yaml", "-", stdin=b"{}")
    assert proc.returncode == 2 and b"--stdin-format" in proc.stderr
