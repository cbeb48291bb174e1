"""What `newsld validate` tells a person: files with no article, messages that say what to change, where a
finding is and what it is about; and the pre-commit hooks and README snippets that run it in other repositories."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import yaml

from newsld.validation import validate_document, validate_paths
from tests.conftest import FIXTURES, ROOT, decoded, run_cli

VALID = FIXTURES / "valid"
DOCUMENT = VALID / "kursk-deployment.jsonld"
ARTICLE = "https://w3id.org/newsld/id/article/0113e7299baf96374ac2"
HEADLINE = "Kyiv appeals for allied response as North Korean …"  # as labels cut it


def kursk() -> dict[str, Any]:
    return dict(json.loads(DOCUMENT.read_text(encoding="utf-8")))


# ---------------------------------------------------------------- files with no newsld article

@pytest.fixture
def unrelated(tmp_path: Path) -> list[Path]:
    """An empty Turtle file, unrelated Turtle, a package.json, a JSON lines log and an empty JSON array."""
    files = {"empty.ttl": "", "people.ttl": "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
             "<http://example.org/ana> foaf:name \"Ana\" .\n", "package.json": '{"name": "site", "version": "1.0.0"}',
             "app.jsonl": '{"level": "info", "msg": "started"}\n{"level": "warn", "msg": "slow"}\n',
             "none.json": "[]"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [tmp_path / name for name in files]


def test_a_file_without_an_article_is_a_warning(unrelated: list[Path]) -> None:
    """Empty or unrelated Turtle and JSON that is not newsld pass (exit 0) but each gets a warning saying so."""
    proc = run_cli("validate", *map(str, unrelated))
    out, _ = decoded(proc)
    assert proc.returncode == 0
    for path in unrelated:
        assert re.search(rf"^{re.escape(str(path))}: warning: holds no newsld article", out, re.MULTILINE), out
    assert "holds no triples" in out and "has 1 triple(s), none about one" in out
    assert "has 2 line(s) of JSON, none a newsld document" in out
    assert out.rstrip().endswith("valid: 5 file(s), 0 document(s), 0 error(s), 5 warning(s), 0 unreadable")


def test_a_file_without_an_article_is_an_error_under_strict(unrelated: list[Path]) -> None:
    """--strict: a file that holds no newsld article fails the run (exit 1); newsld files still pass."""
    for path in unrelated:
        proc = run_cli("validate", "--strict", str(path))
        assert proc.returncode == 1 and b": error: holds no newsld article" in proc.stdout, path
    assert run_cli("validate", "--strict", str(VALID)).returncode == 0


def test_newsld_only_passes_over_other_files_silently(unrelated: list[Path]) -> None:
    """--newsld-only (for hooks that match every .json): other files are passed over without a word."""
    proc = run_cli("validate", "--newsld-only", *map(str, unrelated), str(DOCUMENT))
    out, err = decoded(proc)
    assert proc.returncode == 0 and "warning" not in out + err
    assert out.strip() == "valid: 6 file(s), 1 document(s), 0 error(s), 0 unreadable"
    assert run_cli("validate", "--newsld-only", "--strict", str(DOCUMENT)).returncode == 2


def test_log_lines_beside_articles_are_named_and_articles_still_checked(tmp_path: Path) -> None:
    """In a JSON lines file, a line that is no newsld document is a warning by line; the articles are validated."""
    mixed = tmp_path / "mixed.jsonl"
    broken = kursk()
    broken["figures"][0]["qualifier"] = "Roughly"
    mixed.write_text(json.dumps(kursk()) + "\n" + '{"level": "info"}\n' + json.dumps(broken) + "\n")
    report = validate_paths([str(mixed)])
    assert report.documents == 2 and not report.ok
    assert [(i.severity, i.line, i.stage) for i in report.issues] == [("error", 3, "schema"), ("warning", 2, "content")]
    assert report.issues[1].message == "line 2 is not a newsld document"


def test_broken_newsld_json_is_not_mistaken_for_other_json() -> None:
    """A newsld document that lost its @context is still checked (its keys say it is one), not passed over."""
    doc = kursk()
    del doc["@context"]
    issues = validate_document(doc)
    assert issues and all(i.severity == "error" for i in issues)


# ---------------------------------------------------------------- messages that say what to change

MUTATIONS = [
    ("actors", lambda d: d["actors"][0].update(type=["Actor", "Person", "Organization", "schema:Person"]),
     "/actors/0/type", "type must contain exactly one of Person, Organization, Place or Group; found"),
    ("no-actor-type", lambda d: d["actors"][0].update(type=["Actor", "schema:Person"]),
     "/actors/0/type", "type must contain exactly one of Person, Organization, Place or Group"),
    ("no-Actor", lambda d: d["actors"][0].update(type=["Person", "schema:Person"]),
     "/actors/0/type", 'type must contain Actor; found ["Person", "schema:Person"]'),
    ("currency-not-money", lambda d: d["figures"][0].update(currency="USD"),
     "/figures/0", "'currency' is not allowed in figure /figures/0 unless type contains schema:MonetaryAmount"),
    ("author-without-claimant", lambda d: d["claims"][0].pop("claimant"),
     "/claims/0", "claim /claims/0 needs 'claimant' because it has 'author'"),
    ("empty-author", lambda d: d["claims"][0].update(author=[]), "/claims/0/author",
     "author needs at least 1 item(s); found []"),
    ("span-type", lambda d: d["claims"][0]["evidence"].update(type="Span"),
     "/claims/0/evidence/type", 'type must be "TextSpan"; found "Span"'),
    ("repeated-name", lambda d: d["actors"][0].update(alternateName=["Zelenskiy", "Zelenskiy"]),
     "/actors/0/alternateName", 'alternateName lists "Zelenskiy" more than once'),
    ("empty-name", lambda d: d["actors"][0].update(name=""), "/actors/0/name", "name must not be empty"),
    ("number-value", lambda d: d["figures"][0].update(value=8000), "/figures/0/value",
     'value must be a decimal number written as a string, e.g. "8000" or "0.25", not a number (8000)'),
    ("group-with-class", lambda d: d["actors"][0].update(type=["Actor", "Group", "schema:Person"]),
     "/actors/0/type", "type must not contain any of schema:Person, schema:Organization or schema:Place when it "
     "contains Group"),
    ("mention-kind", lambda d: d["actors"][0]["mentions"][0].pop("kind"),
     "/actors/0/mentions/0", "mention /actors/0/mentions/0 needs 'kind'"),
    ("long-prefix", lambda d: d["actors"][0]["mentions"][0].update(prefix="x" * 70),
     "/actors/0/mentions/0/prefix", "prefix must be at most 64 characters long"),
    ("unknown-type-item", lambda d: d["actors"][0].update(type=["Actor", "Person", "schema:Person", "Human"]),
     "/actors/0/type/3", "each item of type must be one of Actor, Person, Organization, Place, Group"),
    ("publisher-a-person", lambda d: d.update(publisher=dict(d["actors"][0])), "/publisher/type",
     "type must contain Organization"),
    ("extraction-key", lambda d: d["generatedBy"].update(tool="x"), "/generatedBy",
     "unknown key 'tool' in extraction /generatedBy; allowed: id, type, agent, model"),
    ("confidence", lambda d: d["figures"][0].update(confidence="2"), "/figures/0/confidence",
     'confidence must be a decimal from 0 to 1 written as a string, e.g. "0.85"; found "2"'),
    ("language", lambda d: d.update(inLanguage="english!"), "/inLanguage",
     'inLanguage must be a BCP 47 language tag, e.g. "en" or "en-GB"; found "english!"'),
    ("both-dates", lambda d: d.update(datePublished=20241105), "/datePublished",
     "datePublished must be a date written YYYY-MM-DD, not a number (20241105)"),
]
LIBRARY_WORDING = ("anyOf", "oneOf", "is not valid under", "False schema", "Additional properties", "is a required "
                   "property", "was expected", "is not of type", "does not match", "has non-unique", "less than the "
                   "minimum")


@pytest.mark.parametrize(("name", "change", "pointer", "expected"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_schema_errors_say_what_to_change(name: str, change: Any, pointer: str, expected: str) -> None:
    """A schema error names the key, what is allowed and the condition, and keeps the JSON pointer."""
    doc = copy.deepcopy(kursk())
    change(doc)
    issues = validate_document(doc)
    assert issues, name
    found = [(i.pointer, i.message) for i in issues]
    assert any(p == pointer and expected in m for p, m in found), found
    for _, message in found:
        assert not any(words in message for words in LIBRARY_WORDING), message


def test_every_pattern_of_the_schemas_has_words() -> None:
    """Each `pattern` in the bundled schemas is said in words in messages (a new pattern needs its phrase)."""
    from newsld.resources import schemas
    from newsld.validation.messages import PATTERNS

    def patterns(node: Any) -> list[str]:
        if isinstance(node, dict):
            return ([node["pattern"]] if isinstance(node.get("pattern"), str) else []) + \
                [p for v in node.values() for p in patterns(v)]
        return [p for v in node for p in patterns(v)] if isinstance(node, list) else []

    found = {p for schema in schemas().values() for p in patterns(schema)}
    assert found and found <= set(PATTERNS), found - set(PATTERNS)


def test_project_schema_rules_are_worded_too(tmp_path: Path) -> None:
    """A project's --schema (with or without $id) gets the same wording: alternatives, required keys."""
    rules = {"properties": {"publisher": {"anyOf": [{"required": ["url"]}, {"required": ["sameAs"]}]}},
             "required": ["headline"]}
    for variant in (rules, {"$id": "https://example.org/rules.json", **rules}):
        schema = tmp_path / "rules.json"
        schema.write_text(json.dumps(variant))
        report = validate_paths([str(VALID / "harbour-budget.jsonld")], extra_schema=schema)
        assert [i.message for i in report.issues] == ["publisher /publisher needs one of url or sameAs"]


# ---------------------------------------------------------------- where a finding is, and what it is about

def broken_turtle(text: str) -> str:
    """The fixture's Turtle with one claim's cue made empty (a shape violation on that claim)."""
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(f"<{ARTICLE}#claim-3> a nld:Claim"))
    cue = next(i for i in range(at, len(lines)) if lines[i].lstrip().startswith("nld:cue "))
    lines[cue] = re.sub(r'nld:cue "[^"]*"', 'nld:cue ""', lines[cue])
    return "".join(lines)


def test_turtle_findings_have_line_and_column_of_their_node(tmp_path: Path) -> None:
    """A finding in Turtle names file:line:col where its focus node's description starts, and the claim by its
    number and article's headline."""
    path = tmp_path / "article.ttl"
    path.write_text(broken_turtle((VALID / "kursk-deployment.ttl").read_text(encoding="utf-8")))
    report = validate_paths([str(path)])
    (issue,) = report.issues
    assert issue.line is not None and issue.column == 1
    assert path.read_text().splitlines()[issue.line - 1].startswith(f"<{ARTICLE}#claim-3> a nld:Claim")
    assert issue.label == f'claim 3 of "{HEADLINE}"'
    out, _ = decoded(run_cli("validate", str(path)))
    assert out.startswith(f"{path}:{issue.line}:1: error: nld:cue must not be empty [claim 3 of \"{HEADLINE}\": <")


def test_findings_are_located_where_nodes_are_prefixed_names(tmp_path: Path) -> None:
    """Turtle that writes nodes as prefixed names (a: claim-3) is located too, at the name."""
    text = broken_turtle((VALID / "kursk-deployment.ttl").read_text(encoding="utf-8"))
    text = f"@prefix a: <{ARTICLE}#> .\n" + text.replace(f"<{ARTICLE}#claim-3>", "a:claim-3")
    path = tmp_path / "prefixed.ttl"
    path.write_text(text)
    (issue,) = validate_paths([str(path)]).issues
    assert issue.line is not None and issue.column is not None
    assert text.splitlines()[issue.line - 1][issue.column - 1:].startswith("a:claim-3")


def test_ntriples_findings_have_line_numbers(tmp_path: Path) -> None:
    """In N-Triples (one triple a line) a finding points to its node's first line."""
    graph = [q.triple for q in ox.parse(path=str(VALID / "kursk-deployment.ttl"), format=ox.RdfFormat.TURTLE)]
    kept = [t for t in graph if not (t.subject.value.endswith("#figure-2") and t.predicate.value.endswith("qualifier"))]
    path = tmp_path / "article.nt"
    path.write_bytes(ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES) or b"")
    (issue,) = validate_paths([str(path)]).issues
    assert issue.line is not None and issue.column == 1 and issue.label == f'figure 2 of "{HEADLINE}"'
    assert path.read_text().splitlines()[issue.line - 1].startswith(f"<{ARTICLE}#figure-2> ")


def test_blank_nodes_are_named_for_people(tmp_path: Path) -> None:
    """Another tool's Turtle with claims as blank nodes: a finding names 'claim 2 of "headline"', never _:b12."""
    graph = [q.triple for q in ox.parse(path=str(VALID / "kursk-deployment.ttl"), format=ox.RdfFormat.TURTLE)]
    blank: dict[str, ox.BlankNode] = {}

    def anonymous(term: Any) -> Any:
        if isinstance(term, ox.NamedNode) and "#claim-" in term.value:
            return blank.setdefault(term.value, ox.BlankNode())
        return term

    triples = [ox.Triple(anonymous(t.subject), t.predicate, anonymous(t.object)) for t in graph
               if not (t.subject.value.endswith("#claim-2") and t.predicate.value == "https://schema.org/text")]
    path = tmp_path / "blank.ttl"
    path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE) or b"")
    out, _ = decoded(run_cli("validate", str(path)))
    first = out.splitlines()[0]
    assert first == f'{path}: error: schema:text is required [claim 2 of "{HEADLINE}"]'
    (issue,) = json.loads(run_cli("validate", "-f", "json", str(path)).stdout)["issues"]
    assert issue["focus"].startswith("_:") and issue["label"] == f'claim 2 of "{HEADLINE}"'


def test_json_findings_name_actors_and_spans() -> None:
    """A shape finding in JSON-LD keeps its pointer and names its node: an actor by name, a span by its text."""
    doc = kursk()
    doc["actors"][0]["mentions"][0]["end"] = doc["actors"][0]["mentions"][0]["start"]
    doc["actors"][0]["mentions"][0]["exact"] = ""
    labels = {i.label for i in validate_document(doc)}
    assert 'span 97–97, mention of person "Volodymyr Zelenskiy"' in labels, labels


# ---------------------------------------------------------------- pre-commit hooks and the README's snippets

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_pre_commit_accepts_the_hooks_and_the_config() -> None:
    """pre-commit's own schema accepts .pre-commit-hooks.yaml and this repository's .pre-commit-config.yaml."""
    tool = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    for command, name in (("validate-manifest", ".pre-commit-hooks.yaml"),
                          ("validate-config", ".pre-commit-config.yaml")):
        proc = subprocess.run([tool, command, str(ROOT / name)], capture_output=True, check=False, timeout=60)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def _hook(hook_id: str) -> dict[str, Any]:
    return next(h for h in HOOKS if h["id"] == hook_id)


@pytest.mark.parametrize(("name", "hooks"), [
    ("data/article.jsonld", {"newsld-validate-jsonld"}), ("data/article.json", {"newsld-validate-jsonld"}),
    ("package.json", {"newsld-validate-jsonld"}), ("graph.ttl", {"newsld-validate-rdf"}),
    ("dump.nq", {"newsld-validate-rdf"}), ("a.nt", {"newsld-validate-rdf"}), ("b.trig", {"newsld-validate-rdf"}),
    ("logs/app.jsonl", {"newsld-validate-jsonl"}), ("README.md", set()), ("src/app.py", set()),
])
def test_hook_file_patterns(name: str, hooks: set[str]) -> None:
    """Each hook matches its family of files: a .jsonl log only the opt-in JSON lines hook, .json the JSON-LD one."""
    assert {h["id"] for h in HOOKS if re.search(h["files"], name)} == hooks


def test_hooks_run_on_a_repository_with_other_json(tmp_path: Path) -> None:
    """Run as pre-commit runs them (entry + matched files): other JSON and logs pass, newsld data is checked."""
    (tmp_path / "package.json").write_text('{"name": "site"}')
    (tmp_path / "app.jsonl").write_text('{"level": "info"}\n')
    (tmp_path / "data").mkdir()
    shutil.copy(DOCUMENT, tmp_path / "data" / "article.json")
    shutil.copy(VALID / "kursk-deployment.ttl", tmp_path / "data" / "article.ttl")
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())

    def run_hook(hook_id: str) -> subprocess.CompletedProcess[bytes]:
        hook = _hook(hook_id)
        matched = [f for f in files if re.search(hook["files"], f)]
        entry = hook["entry"].split()
        assert entry[0] == "newsld"
        return subprocess.run([sys.executable, "-m", "newsld", *entry[1:], *hook.get("args", []), *matched],
                              cwd=tmp_path, capture_output=True, check=False, timeout=120)

    for hook_id in ("newsld-validate-jsonld", "newsld-validate-rdf", "newsld-validate-jsonl"):
        proc = run_hook(hook_id)
        assert proc.returncode == 0 and b"warning" not in proc.stdout, (hook_id, proc.stdout, proc.stderr)
    assert b"1 document(s)" in run_hook("newsld-validate-jsonld").stdout
    broken = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    broken["figures"][0]["qualifier"] = "Roughly"
    (tmp_path / "data" / "article.json").write_text(json.dumps(broken))
    proc = run_hook("newsld-validate-jsonld")
    assert proc.returncode == 1 and b"qualifier must be one of" in proc.stdout


def _readme_blocks(language: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", readme, re.DOTALL)


def test_readme_pre_commit_snippet_pins_a_commit_that_has_the_hooks() -> None:
    """The README's pre-commit snippet pins `rev:` to a commit (no release tag exists yet) that has its hook ids."""
    configs = [yaml.safe_load(b) for b in _readme_blocks("yaml") if "rev:" in b and "repos:" in b]
    assert configs, "the README has a pre-commit snippet"
    (repo,) = configs[0]["repos"]
    rev, ids = str(repo["rev"]), {h["id"] for h in repo["hooks"]}
    assert re.fullmatch(r"[0-9a-f]{40}", rev), rev
    assert ids <= {h["id"] for h in HOOKS}
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the pinned commit cannot be looked up")
    shallow = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--is-shallow-repository"], capture_output=True,
                             text=True, check=False).stdout.strip() == "true"
    shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:.pre-commit-hooks.yaml"], capture_output=True,
                           text=True, check=False)
    if shown.returncode != 0 and shallow:
        pytest.skip("a shallow clone: the pinned commit is not in it")
    assert shown.returncode == 0, f"the pinned commit {rev} is not in this repository's history"
    assert ids <= {h["id"] for h in yaml.safe_load(shown.stdout)}


def test_readme_ci_snippet_installs_from_the_repository() -> None:
    """The GitHub Actions snippet installs newsld from the repository at the pinned commit, not `pip install newsld`
    (there is no release on PyPI yet), and runs validate with --format github."""
    (workflow,) = [b for b in _readme_blocks("yaml") if "newsld validate --format github" in b]
    steps = yaml.safe_load(workflow)
    commands = " ".join(str(step.get("run", "")) for step in steps)
    assert "pip install newsld" not in commands.replace('"newsld @', "")
    rev = str(yaml.safe_load(next(b for b in _readme_blocks("yaml") if "repos:" in b))["repos"][0]["rev"])
    assert re.search(rf"newsld @ git\+https://\S+@{rev}", commands), commands
