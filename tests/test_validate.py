"""`newsld validate`: verdicts, messages, exit codes and output formats users wire into CI."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

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
    """A Turtle syntax error says where in the file it is."""
    path = tmp_path / "broken.ttl"
    path.write_text('@prefix nld: <https://w3id.org/newsld/vocab#> .\n<http://x/a> nld:cue "open .\n')
    report = validate_paths([str(path)])
    assert "not valid Turtle" in str(report.failures[0]) and "line 2" in str(report.failures[0])


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
    assert [i.message for i in report.issues] == ['"publisher" is a required property']


def test_validate_never_imports_spacy() -> None:
    """Validating a file in a fresh interpreter does not import spaCy (CI start-up stays fast)."""
    import subprocess
    import sys
    code = ("import sys; from newsld.cli import app\n"
            "try:\n    app(['validate', {!r}])\nexcept SystemExit as e:\n    code = e.code\n"
            "print('SPACY' if 'spacy' in sys.modules else 'CLEAN', code)").format(str(FIXTURES / "valid"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stdout.strip().splitlines()[-1] == "CLEAN 0", proc.stdout + proc.stderr
