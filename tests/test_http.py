"""HTTP to SPARQL servers: credentials, redirects, timeouts, retries and the messages a person gets.

Behaviour that a real server cannot be made to show (a redirect to another host, a server that never answers,
one that echoes the Authorization header) is tested against small fake servers on 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsld.store.http import Challenge, digest_authorization, error_reason, parse_challenges
from newsld.store.remote import query_form
from tests.conftest import FIXTURES, decoded, run_cli

VALID = FIXTURES / "valid"
ASK_TRUE = b'{"head": {}, "boolean": true}'
RESULTS_JSON = "application/sparql-results+json"


class Recorded:
    """A request a fake server received."""

    def __init__(self, method: str, path: str, headers: dict[str, str], body: bytes) -> None:
        self.method, self.path, self.headers, self.body = method, path, headers, body


Handler = Callable[[Recorded], tuple[int, dict[str, str], bytes]]


class FakeServer:
    """An HTTP server on a free loopback port that answers with `handler` and records every request."""

    def __init__(self, handler: Handler) -> None:
        self.requests: list[Recorded] = []
        outer = self

        class Handle(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                got = Recorded(self.command, self.path, dict(self.headers.items()), self.rfile.read(length))
                outer.requests.append(got)
                status, headers, body = handler(got)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_HEAD = _any

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handle)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fake() -> Iterator[Callable[[Handler], FakeServer]]:
    servers: list[FakeServer] = []

    def start(handler: Handler) -> FakeServer:
        servers.append(FakeServer(handler))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any NEWSLD_ credential, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSLD_")}
    env["NEWSLD_NETRC"] = "/nonexistent/netrc"
    env.update(extra)
    return env


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "newsld", *args], capture_output=True, env=env, timeout=120,
                          check=False)


# ---------------------------------------------------------------- redirects (issue 7, case 1)

@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_no_credential_follows_a_redirect_to_another_origin(fake: Callable[[Handler], FakeServer],
                                                            status: int) -> None:
    """A query endpoint that redirects to another host or port: refused, and the token never reaches it."""
    other = fake(lambda r: (200, {"Content-Type": RESULTS_JSON}, ASK_TRUE))
    first = fake(lambda r: (status, {"Location": f"{other.base}/query"}, b""))
    proc = cli("query", "ASK {}", "--endpoint", f"{first.base}/sparql",
               env=clean_env(NEWSLD_TOKEN="tok-secret-4711"))
    _, err = decoded(proc)
    assert proc.returncode == 5, err
    assert "another origin" in err and other.base in err and "tok-secret" not in err
    assert other.requests == []
    assert first.requests and first.requests[0].headers.get("Authorization") == "Bearer tok-secret-4711"


def test_a_redirect_within_the_origin_is_followed(fake: Callable[[Handler], FakeServer]) -> None:
    """A 303 to another path of the same server is followed, with the credentials that server asked for."""
    def handler(r: Recorded) -> tuple[int, dict[str, str], bytes]:
        if r.path.startswith("/sparql"):
            return 303, {"Location": "/answers?query=ASK%7B%7D"}, b""
        return 200, {"Content-Type": RESULTS_JSON}, ASK_TRUE
    server = fake(handler)
    proc = cli("query", "ASK {}", "--endpoint", f"{server.base}/sparql", env=clean_env(NEWSLD_TOKEN="tok-same"))
    assert proc.returncode == 0 and proc.stdout.strip() == b"true", proc.stderr
    assert [r.headers.get("Authorization") for r in server.requests] == ["Bearer tok-same"] * 2


def test_a_redirect_that_would_turn_an_update_into_a_get_is_refused(fake: Callable[[Handler], FakeServer]) -> None:
    """A 301 answer to a PUT would lose the data: refused with the URL to use instead."""
    server = fake(lambda r: (301, {"Location": "/store2"}, b""))
    proc = cli("load", str(VALID / "harbour-budget.jsonld"), "--endpoint", f"{server.base}/store", env=clean_env())
    _, err = decoded(proc)
    assert proc.returncode == 5 and "redirected (HTTP 301)" in err and "/store2" in err


# ---------------------------------------------------------------- credentials in URLs (case 5)

@pytest.mark.parametrize("command", ["load", "query"])
def test_userinfo_in_an_endpoint_url_is_a_usage_error(command: str, no_name_lookups: list[object]) -> None:
    """`http://user:pass@host/...` is refused before any name lookup, naming the variables to use instead."""
    url = "http://editor:s3cret-pass@sparql.example.org/data"
    args = [str(VALID / "harbour-budget.jsonld")] if command == "load" else ["ASK {}"]
    from newsld.cli import app

    result = CliRunner().invoke(app, [command, *args, "--endpoint", url])
    assert result.exit_code == 2, result.output
    assert "NEWSLD_USER and NEWSLD_PASSWORD" in result.output and "sparql.example.org" in result.output
    assert "s3cret" not in result.output
    assert no_name_lookups == []


# ---------------------------------------------------------------- secrets (case 6)

def echo_authorization(r: Recorded) -> tuple[int, dict[str, str], bytes]:
    """A careless server that asks for Basic, then copies the request headers into its error page."""
    if "Authorization" not in r.headers:
        return 401, {"WWW-Authenticate": 'Basic realm="echo"'}, b""
    return 400, {"Content-Type": "text/plain"}, ("Bad request. You sent: Authorization: "
                                                 + r.headers.get("Authorization", "")).encode()


def test_a_token_ending_in_a_newline_is_cleaned(fake: Callable[[Handler], FakeServer]) -> None:
    """A CI secret with a trailing newline is sent without it (and the request works)."""
    server = fake(lambda r: (200, {"Content-Type": RESULTS_JSON}, ASK_TRUE))
    proc = cli("query", "ASK {}", "--endpoint", f"{server.base}/q", env=clean_env(NEWSLD_TOKEN="tok-123\r\n"))
    assert proc.returncode == 0, proc.stderr
    assert server.requests[0].headers["Authorization"] == "Bearer tok-123"


def test_a_secret_that_cannot_be_a_header_is_refused_without_showing_it() -> None:
    """A control character inside a token or password: a usage error that does not print the secret."""
    for env in ({"NEWSLD_TOKEN": "tok-abc\x01def"}, {"NEWSLD_USER": "ed", "NEWSLD_PASSWORD": "pa\nss-word"}):
        proc = cli("query", "ASK {}", "--endpoint", "http://127.0.0.1:9/q", env=clean_env(**env))
        _, err = decoded(proc)
        assert proc.returncode == 2, err
        assert "control character" in err and "tok-abc" not in err and "ss-word" not in err


@pytest.mark.parametrize("traceback", [False, True])
def test_a_server_echoing_credentials_never_gets_them_printed(fake: Callable[[Handler], FakeServer],
                                                              traceback: bool) -> None:
    """An error body that repeats the Authorization header is shown with the secret masked, even with --traceback."""
    server = fake(echo_authorization)
    pre = ["--traceback"] if traceback else []
    for env in ({"NEWSLD_TOKEN": "tok-echoed-99"}, {"NEWSLD_USER": "ed", "NEWSLD_PASSWORD": "pw-echoed-99"}):
        proc = cli(*pre, "query", "ASK {}", "--endpoint", f"{server.base}/q", env=clean_env(**env))
        out, err = decoded(proc)
        assert proc.returncode == 5, err
        assert "You sent" in err and "***" in err
        assert "echoed-99" not in out + err and "ZWQ6cHctZWNob2VkLTk5" not in err  # base64 of ed:pw-echoed-99


def test_a_malformed_netrc_is_reported_without_its_password(tmp_path: Path) -> None:
    """A netrc the parser cannot read: its line number, never its content."""
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login ed password pw-in-netrc-55 bogus\n", encoding="utf-8")
    netrc.chmod(0o600)
    proc = cli("query", "ASK {}", "--endpoint", "http://127.0.0.1:9/q", env=clean_env(NEWSLD_NETRC=str(netrc)))
    _, err = decoded(proc)
    assert proc.returncode == 2 and "is not valid netrc" in err and "line " in err
    assert "pw-in-netrc" not in err and "bogus" not in err


def test_a_netrc_others_can_read_gets_a_warning(fake: Callable[[Handler], FakeServer], tmp_path: Path) -> None:
    """A group/world-readable netrc is still used, with a warning saying how to protect it; 0600 gets none."""
    server = fake(lambda r: (200, {"Content-Type": RESULTS_JSON}, ASK_TRUE))
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login ed password pw-netrc-66\n", encoding="utf-8")
    for mode, warned in ((0o644, True), (0o600, False)):
        netrc.chmod(mode)
        proc = cli("query", "ASK {}", "--endpoint", f"{server.base}/q", env=clean_env(NEWSLD_NETRC=str(netrc)))
        _, err = decoded(proc)
        assert proc.returncode == 0, err
        assert ("newsld: warning:" in err and "chmod 600" in err) is warned
        assert "pw-netrc" not in err


# ---------------------------------------------------------------- auth schemes

def test_digest_answers_match_rfc_7616_examples() -> None:
    """The Digest response for the RFC 7616 section 3.9.1 example is the one the RFC gives, MD5 and SHA-256."""
    params = {"realm": "http-auth@example.org", "qop": "auth, auth-int",
              "nonce": "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
              "opaque": "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"}
    cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"
    expected = {"MD5": "8ca523f5e9506fed4657c9700eebdbec",
                "SHA-256": "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"}
    for algorithm, response in expected.items():
        header = digest_authorization(Challenge("digest", params | {"algorithm": algorithm}), "Mufasa",
                                      "Circle of Life", "GET", "/dir/index.html", None, 1, cnonce)
        assert f'response="{response}"' in header and "qop=auth," in header and "nc=00000001" in header


def test_challenges_are_parsed_from_one_or_several_headers() -> None:
    """Several schemes in one WWW-Authenticate header, quoted commas and escapes included."""
    found = parse_challenges(['Digest realm="a, b", qop="auth", nonce="n\\"1", algorithm=SHA-256, Basic realm="x"',
                              "Bearer realm=api, error=\"invalid_token\""])
    assert [(c.scheme, c.params) for c in found] == [
        ("digest", {"realm": "a, b", "qop": "auth", "nonce": 'n"1', "algorithm": "SHA-256"}),
        ("basic", {"realm": "x"}), ("bearer", {"realm": "api", "error": "invalid_token"})]


def digest_server(algorithm: str, password: str = "pw-digest-1") -> Handler:
    """A server that offers Basic and Digest, and checks Digest answers the way RFC 7616 computes them."""
    nonces = iter(f"nonce-{i}" for i in range(100))
    current = {"nonce": next(nonces)}

    def h(text: str) -> str:
        return hashlib.new(algorithm.replace("-", "").lower(), text.encode()).hexdigest()

    def handler(r: Recorded) -> tuple[int, dict[str, str], bytes]:
        auth = r.headers.get("Authorization", "")
        if auth.startswith("Digest "):
            p = {c.scheme: c.params for c in parse_challenges([auth.replace("Digest ", "Digest x=y, ", 1)])}["digest"]
            ha1, ha2 = h(f"{p['username']}:realm-1:{password}"), h(f"{r.method}:{p['uri']}")
            ok = p["response"] == h(f"{ha1}:{p['nonce']}:{p['nc']}:{p['cnonce']}:auth:{ha2}")
            if ok and p["nonce"] == current["nonce"] and p.get("algorithm") == algorithm:
                return 200, {"Content-Type": RESULTS_JSON}, ASK_TRUE
        challenge = {"WWW-Authenticate": f'Basic realm="realm-1", Digest realm="realm-1", qop="auth", '
                                         f'algorithm={algorithm}, nonce="{current["nonce"]}", opaque="op"'}
        return 401, challenge, b""
    return handler


@pytest.mark.parametrize("algorithm", ["MD5", "SHA-256"])
def test_digest_is_chosen_over_basic_and_the_password_never_sent(fake: Callable[[Handler], FakeServer],
                                                                 algorithm: str) -> None:
    """Offered Basic and Digest, newsld answers Digest (MD5 or SHA-256): the password itself never travels."""
    server = fake(digest_server(algorithm))
    proc = cli("query", "ASK {}", "--endpoint", f"{server.base}/q",
               env=clean_env(NEWSLD_USER="ed", NEWSLD_PASSWORD="pw-digest-1"))
    assert proc.returncode == 0, proc.stderr
    assert not any("Basic" in r.headers.get("Authorization", "") or b"pw-digest" in r.body for r in server.requests)


def test_basic_is_sent_only_after_the_server_asks(fake: Callable[[Handler], FakeServer]) -> None:
    """User and password go as Basic only to a server that asked for Basic, and then on every request."""
    def handler(r: Recorded) -> tuple[int, dict[str, str], bytes]:
        if r.headers.get("Authorization") == "Basic ZWQ6cHc=":
            return 200, {"Content-Type": RESULTS_JSON}, ASK_TRUE
        return 401, {"WWW-Authenticate": 'Basic realm="store"'}, b""
    server = fake(handler)
    proc = cli("load", str(VALID / "harbour-budget.jsonld"), str(VALID / "kursk-deployment.jsonld"),
               "--endpoint", f"{server.base}/store", env=clean_env(NEWSLD_USER="ed", NEWSLD_PASSWORD="pw"))
    assert proc.returncode == 0, proc.stderr
    sent = [(r.method, r.headers.get("Authorization")) for r in server.requests]
    assert sent == [("HEAD", None), ("PUT", "Basic ZWQ6cHc="), ("PUT", "Basic ZWQ6cHc=")]


def test_a_token_for_a_digest_server_says_what_is_missing(fake: Callable[[Handler], FakeServer]) -> None:
    """A bearer token where the server wants Digest: the message names the challenge and the variables."""
    server = fake(digest_server("MD5"))
    proc = cli("query", "ASK {}", "--endpoint", f"{server.base}/q", env=clean_env(NEWSLD_TOKEN="tok-x1"))
    _, err = decoded(proc)
    assert proc.returncode == 5 and 'Digest realm="realm-1"' in err and "NEWSLD_USER and NEWSLD_PASSWORD" in err


# ---------------------------------------------------------------- timeouts and retries (case 14)

@pytest.fixture
def silent_server() -> Iterator[tuple[int, list[socket.socket]]]:
    """A server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1], accepted
    stop.set()
    thread.join()
    for s in accepted:
        s.close()
    listener.close()


def test_a_server_that_never_answers_times_out_once(silent_server: tuple[int, list[socket.socket]]) -> None:
    """--timeout bounds the wait; a timeout is not retried (the server may still be working)."""
    port, accepted = silent_server
    started = time.monotonic()
    proc = cli("load", str(VALID / "harbour-budget.jsonld"), "--endpoint", f"http://127.0.0.1:{port}/store",
               "--timeout", "1", env=clean_env())
    _, err = decoded(proc)
    assert proc.returncode == 5, err
    assert "no answer within 1 s" in err and "--timeout" in err
    assert len(accepted) == 1 and time.monotonic() - started < 20


def test_busy_answers_are_retried_and_errors_are_not(fake: Callable[[Handler], FakeServer]) -> None:
    """503 is retried with backoff until it passes; a 500 is the server's answer and is reported at once."""
    answers = iter([503, 503, 200])
    busy = fake(lambda r: (next(answers), {"Content-Type": RESULTS_JSON, "Retry-After": "0"}, ASK_TRUE))
    proc = cli("query", "ASK {}", "--endpoint", f"{busy.base}/q", "--retries", "3", env=clean_env())
    assert proc.returncode == 0 and len(busy.requests) == 3, proc.stderr
    broken = fake(lambda r: (500, {"Content-Type": "text/plain"}, b"Internal trouble: disk quota"))
    proc = cli("query", "ASK {}", "--endpoint", f"{broken.base}/q", "--retries", "3", env=clean_env())
    _, err = decoded(proc)
    assert proc.returncode == 5 and "HTTP 500: Internal trouble: disk quota" in err and len(broken.requests) == 1


def test_an_unreachable_server_fails_after_the_given_retries() -> None:
    """Connection refused: --retries more attempts, then one line; --retries 0 makes one attempt."""
    port = socket.socket()
    port.bind(("127.0.0.1", 0))
    number = port.getsockname()[1]
    port.close()
    proc = cli("query", "ASK {}", "--endpoint", f"http://127.0.0.1:{number}/q", "--retries", "1", env=clean_env())
    assert proc.returncode == 5 and b"after 2 attempts" in proc.stderr and b"refused" in proc.stderr


# ---------------------------------------------------------------- protocol forms

def test_queries_use_the_protocols_portable_forms(fake: Callable[[Handler], FakeServer]) -> None:
    """A short query is a GET with query=, a long one a form POST; never a POST of application/sparql-query."""
    server = fake(lambda r: (200, {"Content-Type": RESULTS_JSON}, ASK_TRUE))
    assert cli("query", "ASK {}", "--endpoint", f"{server.base}/q", env=clean_env()).returncode == 0
    long = "ASK { ?s ?p ?o } # " + "x" * 3000
    assert cli("query", long, "--endpoint", f"{server.base}/q", env=clean_env()).returncode == 0
    short, big = server.requests
    assert short.method == "GET" and short.path.startswith("/q?query=ASK")
    assert big.method == "POST" and big.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert big.body.startswith(b"query=ASK")


def test_an_update_endpoint_that_refuses_the_media_type_gets_a_form(fake: Callable[[Handler], FakeServer]) -> None:
    """HTTP 415 for application/sparql-update: the update is sent again as update=..., and so are the next ones."""
    def handler(r: Recorded) -> tuple[int, dict[str, str], bytes]:
        if r.method == "HEAD":
            return 405, {}, b""
        if r.headers.get("Content-Type", "").startswith("application/sparql-update"):
            return 415, {"Content-Type": "text/plain"}, b"use a form"
        return 204, {}, b""
    server = fake(handler)
    proc = cli("load", str(VALID / "harbour-budget.jsonld"), str(VALID / "kursk-deployment.jsonld"), "--batch", "1",
               "--endpoint", f"{server.base}/store", "--update-endpoint", f"{server.base}/update", env=clean_env())
    assert proc.returncode == 0, proc.stderr
    kinds = [r.headers.get("Content-Type", "").split(";")[0] for r in server.requests if r.method == "POST"]
    assert kinds == ["application/sparql-update", "application/x-www-form-urlencoded",
                     "application/x-www-form-urlencoded"]
    assert b"INSERT+DATA" in server.requests[-1].body


def test_query_forms_are_told_apart_past_prefixes_and_comments() -> None:
    """The query form decides what to ask for: results for SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE."""
    assert query_form("PREFIX a: <http://x/#select> # ASK me\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert query_form('BASE <http://e/> select * { ?s ?p "DESCRIBE" }') == "SELECT"
    assert query_form("describe <http://e/x>") == "DESCRIBE"
    assert query_form("ASK { FILTER (?a < ?b) }") == "ASK"


def test_an_answer_that_is_not_sparql_results_is_a_store_error(fake: Callable[[Handler], FakeServer]) -> None:
    """A server reply without `head`, or an HTML page, is exit 5 with a message, not an internal error."""
    for body, kind in ((b'{"results": {"bindings": []}}', RESULTS_JSON), (b"<html>login</html>", "text/html")):
        server = fake(lambda r, body=body, kind=kind: (200, {"Content-Type": kind}, body))
        proc = cli("query", "SELECT * { ?s ?p ?o }", "--endpoint", f"{server.base}/q", env=clean_env())
        _, err = decoded(proc)
        assert proc.returncode == 5, err
        assert "internal error" not in err and ("not valid" in err or "not a SPARQL result format" in err)


# ---------------------------------------------------------------- error bodies

def test_error_reasons_are_found_in_html_xml_json_and_text() -> None:
    """The line that says what went wrong, from the body kinds servers send."""
    html = ('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>Request failed</title></head>'
            '<body><h1>HTTP/1.1 403 Forbidden</h1><h3>Error 42000</h3>\n<xmp>SQ110:SECURITY: Permission denied '
            'for delete from DB.DBA.RDF_QUAD (user ID = 110)</xmp></body></html>')
    assert error_reason(html.encode(), "text/html").startswith("SQ110:SECURITY: Permission denied")
    text = ("Virtuoso 37000 Error SP031: SPARQL compiler: Blank node '_:b1' is not allowed in a constant clause\n\n"
            "SPARQL query:\nINSERT DATA { GRAPH <g> { _:b1 <p> \"secret text\" } }")
    assert error_reason(text.encode(), "text/plain") == ("Virtuoso 37000 Error SP031: SPARQL compiler: Blank node "
                                                         "'_:b1' is not allowed in a constant clause")
    assert error_reason(json.dumps({"error": {"message": "Dataset not found"}}).encode(),
                        "application/json") == "Dataset not found"
    assert error_reason(b"<?xml version='1.0'?><error><message>Repository is read-only</message></error>",
                        "application/xml") == "Repository is read-only"


def test_traceback_keeps_the_documented_exit_codes(tmp_path: Path) -> None:
    """--traceback adds the trace but the exit code stays the documented one (2 usage, 5 store)."""
    proc = run_cli("--traceback", "query", "ASK {}", "--store", str(tmp_path / "none"))
    assert proc.returncode == 2 and b"Traceback" in proc.stderr and b"load data first" in proc.stderr
    proc = run_cli("--traceback", "query", "ASK {}", "--endpoint", "http://127.0.0.1:9/q", "--retries", "0")
    assert proc.returncode == 5 and b"Traceback" in proc.stderr


def test_the_name_lookup_guard_refuses_and_records(no_name_lookups: list[object]) -> None:
    """The tests' resolver guard refuses a non-loopback name (and fails the test at teardown); loopback passes."""
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("sparql.example.org", 80)
    assert no_name_lookups == ["sparql.example.org"]
    no_name_lookups.clear()  # recorded lookups fail the test at teardown; this one was on purpose
    assert socket.getaddrinfo("localhost", 80)
