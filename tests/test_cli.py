"""The command line as its users meet it: option values, format names, help, version, start-up, verbosity."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from newsld import formats
from tests.conftest import FIXTURES, decoded, run_cli

VALID = FIXTURES / "valid"
DOCUMENT = VALID / "kursk-deployment.jsonld"
COMMANDS = ("convert", "validate", "load", "query", "view", "evaluate")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def run_on_terminal(*args: str, cwd: Path | None = None) -> tuple[str, str, int]:
    """Run newsld with standard error on a pseudo-terminal (as a person at a terminal sees it); stdout is a file.

    Returns (stdout, what the terminal showed without colour codes, exit code)."""
    import tempfile

    master, slave = os.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="160")
    shown = []
    with tempfile.TemporaryFile() as stdout:
        proc = subprocess.Popen([sys.executable, "-m", "newsld", *args], stdout=stdout, stderr=slave,
                                stdin=subprocess.DEVNULL, env=env, cwd=cwd)
        os.close(slave)
        try:
            while True:
                ready, _, _ = select.select([master], [], [], 0.1)
                if ready:
                    try:
                        data = os.read(master, 65536)
                    except OSError:  # the child closed the terminal
                        break
                    if not data:
                        break
                    shown.append(data)
                elif proc.poll() is not None:
                    break
            code = proc.wait(timeout=120)
        finally:
            os.close(master)
        stdout.seek(0)
        out = stdout.read().decode("utf-8", "replace")
    return out, ANSI.sub("", b"".join(shown).decode("utf-8", "replace")), code


# ---------------------------------------------------------------- format names

def test_every_alias_means_its_format() -> None:
    """ttl, .ttl and TURTLE all mean turtle; each alias belongs to exactly one format."""
    assert formats.canonical("ttl") == formats.canonical(".TTL") == formats.canonical("turtle") == "turtle"
    assert [formats.canonical(a) for a in ("nt", "n-triples", "nq", "n-quads", "json-ld", "ndjson", "rdf", "xml",
                                           "md", "rss")] == \
        ["ntriples", "ntriples", "nquads", "nquads", "jsonld", "jsonl", "rdfxml", "rdfxml", "markdown", "feed"]
    aliases = [a for name, (extra, _) in formats.FORMATS.items() for a in (name, *extra)]
    assert len(aliases) == len(set(aliases))
    assert formats.canonical("yaml") is None


@pytest.mark.parametrize("name", ["nquads", "nq", "n-quads", ".nq", "NQuads"])
def test_stdin_format_takes_every_name_of_a_format(name: str) -> None:
    """--stdin-format nquads (and nq, n-quads, .nq) reads N-Quads: the names --to uses work everywhere."""
    data = (VALID / "harbour-budget.nq").read_bytes()
    proc = run_cli("validate", "--stdin-format", name, "-", stdin=data)
    out, err = decoded(proc)
    assert proc.returncode == 0 and "1 document(s)" in out, out + err


def test_to_takes_aliases_and_gives_the_same_output(tmp_path: Path) -> None:
    """`--to ttl` writes exactly what `--to turtle` writes (no NLP: the input is a newsld document)."""
    for to in ("ttl", "turtle"):
        assert run_cli("convert", str(DOCUMENT), "--to", to, "-o", str(tmp_path / to), "-q").returncode == 0
    assert (tmp_path / "ttl" / "kursk-deployment.ttl").read_bytes() == \
        (tmp_path / "turtle" / "kursk-deployment.ttl").read_bytes()


@pytest.mark.parametrize(("args", "option", "choices"), [
    (["validate", "--stdin-format", "nquadz", "-"], "--stdin-format", "jsonld, json, jsonl, turtle"),
    (["validate", "--format", "yaml", str(DOCUMENT)], "--format", "text, json, github, shacl"),
    (["convert", "--to", "trig", str(DOCUMENT)], "--to", "jsonld, turtle, ntriples, nquads"),
    (["convert", "--stdin-format", "nquads", "-"], "--stdin-format", "text, markdown, json, jsonl"),
    (["query", "--format", "yaml", "ASK {}"], "--format", "table, csv, tsv, json, ntriples, turtle"),
    (["evaluate", "--format", "csv", "gold", "texts"], "--format", "text, json"),
])
def test_unknown_format_is_a_usage_error_listing_the_choices(args: list[str], option: str, choices: str) -> None:
    """A format name an option does not take is exit 2, naming the option and listing what it takes."""
    proc = run_cli(*args, stdin=b"")
    _, err = decoded(proc)
    assert proc.returncode == 2, err
    assert f"'{option}'" in err and choices in err and "Traceback" not in err


# ---------------------------------------------------------------- bad option values

BAD_VALUES = [
    (["convert", str(DOCUMENT), "--date", "2025-02-30"], "--date"),
    (["convert", str(DOCUMENT), "--date", "yesterday"], "--date"),
    (["convert", str(DOCUMENT), "--url", "example.org/a"], "--url"),
    (["convert", str(DOCUMENT), "--base", "example.org/"], "--base"),
    (["convert", str(DOCUMENT), "--base", "https://exa mple.org/"], "--base"),
    (["convert", str(DOCUMENT), "--jobs", "0"], "--jobs"),
    (["convert", str(DOCUMENT), "--jobs", "two"], "--jobs"),
    (["convert", str(DOCUMENT), "--max-chars", "0"], "--max-chars"),
    (["convert", str(DOCUMENT), "--max-bytes", "-5"], "--max-bytes"),
    (["convert", str(DOCUMENT), "--output", str(DOCUMENT)], "--output"),
    (["convert", str(DOCUMENT), "--store", str(DOCUMENT)], "--store"),
    (["load", str(DOCUMENT), "--batch", "0"], "--batch"),
    (["load", str(DOCUMENT), "--timeout", "-1"], "--timeout"),
    (["load", str(DOCUMENT), "--timeout", "soon"], "--timeout"),
    (["load", str(DOCUMENT), "--retries", "-1"], "--retries"),
    (["load", str(DOCUMENT), "--store", str(DOCUMENT)], "--store"),
    (["query", "ASK {}", "--timeout", "0"], "--timeout"),
    (["validate", str(DOCUMENT), "--schema", "no-such-schema.json"], "--schema"),
    (["validate", str(DOCUMENT), "--shapes", "no-such-shapes.ttl"], "--shapes"),
    (["validate", str(DOCUMENT), "--fail-on", "sometimes"], "--fail-on"),
    (["view", str(DOCUMENT), "--output", str(DOCUMENT)], "--output"),
    (["evaluate", "gold", "texts", "--errors", "-1"], "--errors"),
    (["evaluate", "gold", "texts", "--html", str(DOCUMENT)], "--html"),
]


@pytest.mark.parametrize(("args", "option"), BAD_VALUES, ids=[f"{a[0]} {o} {a[-1]}" for a, o in BAD_VALUES])
def test_bad_option_value_is_exit_2_naming_the_option(args: list[str], option: str, tmp_path: Path) -> None:
    """Every bad option value stops the command before it does anything: exit 2, the option named, no trace."""
    proc = run_cli(*args, cwd=tmp_path)
    _, err = decoded(proc)
    assert proc.returncode == 2, err
    assert f"'{option}'" in err or f"{option} " in err, err
    assert "Traceback" not in err and "internal error" not in err
    assert not any(tmp_path.iterdir()), "nothing is written before the options are known to be good"


def test_stdout_without_a_format_is_a_usage_error_listing_the_formats(tmp_path: Path) -> None:
    """`-o -` with no --to does not pick Turtle silently: it asks for a format and lists them."""
    proc = run_cli("convert", str(DOCUMENT), "-o", "-")
    _, err = decoded(proc)
    assert proc.returncode == 2 and proc.stdout == b""
    assert "--to" in err and "jsonld, turtle, ntriples, nquads" in err


def test_quiet_and_verbose_together_are_a_usage_error() -> None:
    """-q and -v contradict each other: exit 2."""
    proc = run_cli("validate", "-q", "-v", str(DOCUMENT))
    assert proc.returncode == 2 and b"--quiet or --verbose" in proc.stderr


# ---------------------------------------------------------------- help, version, start-up

def test_version_prints_the_installed_version() -> None:
    """`newsld --version` prints the version the package metadata states, and exits 0."""
    from importlib.metadata import version

    proc = run_cli("--version")
    assert proc.returncode == 0 and decoded(proc)[0].strip() == f"newsld {version('newsld')}"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_readable_names_and_the_exit_codes(command: str) -> None:
    """Each command's help names values as people do (FORMAT, DIR, N), never by Python type, and lists exit codes."""
    proc = run_cli(command, "--help", env={"COLUMNS": "120"})
    out, _ = decoded(proc)
    assert proc.returncode == 0
    usage = out.splitlines()[0]
    assert usage.startswith(f"Usage: python -m newsld {command} [OPTIONS] ") and "{" not in usage
    options = out[out.index("Arguments:"):]
    assert not re.search(r"<[a-z]|list\[|\bTEXT\b|\bINTEGER\b|\bFLOAT\b", options), options
    assert "Exit codes: 0 " in out and "2 usage error" in out


def test_root_help_lists_every_exit_code() -> None:
    """`newsld --help` documents every exit code the commands use."""
    from newsld.cli import EXIT_CODES

    out, _ = decoded(run_cli("--help", env={"COLUMNS": "200"}))
    for code, meaning in EXIT_CODES.items():
        assert f"{code} {meaning}" in " ".join(out.split())


HEAVY = ("spacy", "pandas", "pyoxigraph", "jsonschema_rs", "numpy", "rdflib", "pyld", "trafilatura", "lxml")


def _modules_after(code: str) -> set[str]:
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True, timeout=120)
    return set(json.loads(proc.stdout.decode().splitlines()[-1]))


def test_import_newsld_loads_nothing_heavy() -> None:
    """`import newsld` loads neither spaCy, pandas nor pyoxigraph (the API loads on first use), and keeps __all__."""
    loaded = _modules_after("import newsld\nassert newsld.Article.__name__ == 'Article'")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
    import newsld

    assert all(hasattr(newsld, name) for name in newsld.__all__)
    assert "validate_paths" in dir(newsld)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = newsld.nothing  # type: ignore[attr-defined]


@pytest.mark.parametrize("args", [["--help"], ["query", "--help"], ["validate", "--help"]])
def test_help_starts_without_heavy_imports(args: list[str]) -> None:
    """`newsld --help` and `newsld query --help` answer without loading spaCy, pyoxigraph or the validators."""
    loaded = _modules_after(f"import sys\nfrom newsld.cli import main\nsys.argv = ['newsld', *{args!r}]\n"
                            "try:\n    main()\nexcept SystemExit:\n    pass")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_query_loads_only_the_store(tmp_path: Path) -> None:
    """`newsld query` needs pyoxigraph and nothing else heavy: no spaCy, no schemas, no pandas."""
    assert run_cli("load", str(DOCUMENT), "--store", str(tmp_path / "s"), "-q").returncode == 0
    loaded = _modules_after("import sys\nfrom newsld.cli import main\nsys.argv = ['newsld', 'query', '--store', "
                            f"{str(tmp_path / 's')!r}, 'ASK {{ GRAPH ?g {{ ?s ?p ?o }} }}']\n"
                            "try:\n    main()\nexcept SystemExit:\n    pass")
    assert "pyoxigraph" in loaded and not loaded & (set(HEAVY) - {"pyoxigraph"})


def test_query_to_a_server_imports_only_the_http_client() -> None:
    """`newsld query --endpoint` loads the HTTP client and the result formats, not the embedded store, the
    loader, the readers or the validators: a query to a server starts as fast as Python can."""
    import socket

    with socket.socket() as s:  # a loopback port with nobody listening: the query fails, its imports are done
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    probe = ("import sys, json\nfrom newsld.cli import main\n"
             f"sys.argv = ['newsld', 'query', '--endpoint', 'http://127.0.0.1:{port}/query', '--retries', '0', "
             "'ASK {}']\ntry:\n    main()\nexcept SystemExit:\n    pass\nprint(json.dumps(sorted(sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True, timeout=120)
    loaded = set(json.loads(proc.stdout.decode().splitlines()[-1]))
    assert "newsld.store.remote" in loaded
    unwanted = {"newsld.store.embedded", "newsld.store.loader", "newsld.store.inputs", "newsld.sources.base",
                "newsld.sources.readers", "newsld.validation.validate", "newsld.model", "spacy"}
    assert not loaded & unwanted, loaded & unwanted


def test_the_store_and_sources_packages_name_what_they_export() -> None:
    """The lazily imported names of newsld.store and newsld.sources all resolve, to the objects of their modules."""
    import newsld.sources
    import newsld.store
    from newsld.sources.discover import discover
    from newsld.store.loader import open_target

    for package in (newsld.store, newsld.sources):
        assert all(getattr(package, name) is not None for name in package.__all__)
        with pytest.raises(AttributeError, match="no attribute 'nothing'"):
            _ = package.nothing
    assert newsld.store.open_target is open_target and newsld.sources.discover is discover


# ---------------------------------------------------------------- progress and verbosity

def test_validate_shows_a_progress_bar_on_a_terminal() -> None:
    """On a terminal, validate draws a bar with the count, the total, the rate and the ETA; results stay on stdout."""
    out, shown, code = run_on_terminal("validate", str(VALID))
    files = sum(1 for p in VALID.iterdir() if p.is_file())
    assert code == 0 and out.startswith("valid: ")
    assert "validating" in shown and f"{files}/{files}" in shown and "files/s" in shown and "ETA" in shown


def test_load_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal, load draws a bar over the files (total known), with the articles so far and the rate."""
    _, shown, code = run_on_terminal("load", str(VALID), "--store", str(tmp_path / "s"))
    files = sum(1 for p in VALID.iterdir() if p.is_file())
    assert code == 0 and "loading" in shown and f"{files}/{files}" in shown and "files/s" in shown
    assert "articles)" in shown and "ETA" in shown and "loaded 5 article(s)" in shown


def test_convert_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal, convert draws a bar with the count, total, rate and ETA, then its summary."""
    _, shown, code = run_on_terminal("convert", str(VALID / "kursk-deployment.jsonld"),
                                     str(VALID / "harbour-budget.jsonld"), "-o", str(tmp_path / "out"))
    assert code == 0 and "converting" in shown and "2/2" in shown and "articles/s" in shown and "ETA" in shown
    assert "converted 2 article(s)" in shown


def test_no_bar_when_not_on_a_terminal(tmp_path: Path) -> None:
    """Piped or redirected, no bar is drawn: only the plain summary line."""
    proc = run_cli("load", str(VALID), "--store", str(tmp_path / "s"))
    _, err = decoded(proc)
    assert proc.returncode == 0 and err.count("\n") == 1 and err.startswith("loaded 5 article(s)")
    assert "\x1b" not in err and "━" not in err


def test_verbose_prints_a_line_per_input_and_quiet_only_errors(tmp_path: Path) -> None:
    """-v: one line per input, for validate, convert and load; -q: errors only, no summary, warnings or infos."""
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    broken = FIXTURES / "invalid" / "bad-date" / "input.jsonld"
    out, _ = decoded(run_cli("validate", "-v", str(DOCUMENT), str(empty), str(broken)))
    assert f"{DOCUMENT}: valid: 1 document(s)" in out and f"{broken}: INVALID: 1 document(s), 1 error(s)" in out
    out, err = decoded(run_cli("validate", "-q", str(DOCUMENT), str(empty), str(broken)))
    assert out.splitlines() == [line for line in out.splitlines() if ": error: " in line] and len(out.splitlines()) == 1
    assert "warning" not in out + err
    proc = run_cli("convert", "-v", str(DOCUMENT), str(VALID / "harbour-budget.jsonld"), "-o", str(tmp_path / "o"))
    err = decoded(proc)[1]
    doc = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    counts = ", ".join(f"{len(doc[k])} {k}" for k in ("actors", "claims", "figures"))
    assert f"{DOCUMENT}: {counts} -> {tmp_path / 'o'}/kursk-deployment.jsonld" in err
    assert len([line for line in err.splitlines() if " -> " in line]) == 2
    assert decoded(run_cli("convert", "-q", str(DOCUMENT), "-o", str(tmp_path / "q"))) == ("", "")
    err = decoded(run_cli("load", "-v", str(VALID), "--store", str(tmp_path / "s")))[1]
    assert f"{VALID / 'harbour-budget.nq'}: passed over" in err and f"{DOCUMENT}: 1 article(s) read" in err
    assert decoded(run_cli("load", "-q", str(VALID), "--store", str(tmp_path / "s"))) == ("", "")


def test_convert_into_a_store_says_what_it_loaded(tmp_path: Path) -> None:
    """convert --store ends with how many articles and triples went where."""
    proc = run_cli("convert", str(DOCUMENT), "-o", str(tmp_path / "out"), "--store", str(tmp_path / "s"))
    err = decoded(proc)[1]
    assert proc.returncode == 0
    line = next(x for x in err.splitlines() if x.startswith("loaded "))
    assert re.fullmatch(rf"loaded 1 article\(s\), \d+ triples into {re.escape(str(tmp_path / 's'))}", line), line
